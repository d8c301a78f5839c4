//! The layered content library: built-in content, then the user's directory, then `MEND_LIBRARY`,
//! then `--library` flags. A later layer adds files and replaces same-named ones.
//!
//! A layer directory is laid out like this repository: talk-tracks in `talk-tracks/` (or, for a
//! plain folder of tracks, at its root), conversation scripts in `scripts/`, rehearsals in
//! `scripts/rehearsals/`, lint rules in `lint/`.
//! Listing a layer only reads directory entries; a file is read when a command needs it, and
//! shipped content is `include_str!` text parsed only when used. Loading the conversation script
//! and checking a whole library ([`check`]) live here too: both are about what a library holds.

pub mod check;

use crate::content::origin::{Origin, Source};
use crate::content::situation::{self, Situation};
use crate::content::talk_track::{self, FrontMatter, TalkTrack};
use crate::error::Error;
use crate::interview::{script, Script};
use crate::rehearsal::{self, Rehearsal};
use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/embedded.rs"));
}

/// Why a layer is in the library; shown by `mend paths` (after tealdeer's `--show-paths`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LayerSource {
    /// Shipped in the binary.
    Builtin,
    /// The per-user directory under the XDG config dir; `via` names the variable used.
    UserConfig { via: &'static str },
    /// An entry of `MEND_LIBRARY`.
    Env,
    /// A `--library` flag.
    Flag,
}

impl fmt::Display for LayerSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LayerSource::Builtin => write!(f, "built-in"),
            LayerSource::UserConfig { via } => write!(f, "default (from {via})"),
            LayerSource::Env => write!(f, "env MEND_LIBRARY"),
            LayerSource::Flag => write!(f, "flag --library"),
        }
    }
}

/// One layer of content.
#[derive(Debug, Clone)]
pub struct Layer {
    pub source: LayerSource,
    /// `None` for the built-in layer.
    pub root: Option<PathBuf>,
}

impl Layer {
    pub fn builtin() -> Self {
        Layer { source: LayerSource::Builtin, root: None }
    }

    pub fn exists(&self) -> bool {
        self.root.as_ref().is_none_or(|r| r.is_dir())
    }

    /// Where this layer's talk-tracks are.
    pub fn tracks_dir(&self) -> Option<PathBuf> {
        let root = self.root.as_ref()?;
        let nested = root.join("talk-tracks");
        Some(if nested.is_dir() { nested } else { root.clone() })
    }

    /// A subfolder of the layer (`scripts`, `lint`).
    pub fn subdir(&self, name: &str) -> Option<PathBuf> {
        self.root.as_ref().map(|r| r.join(name))
    }
}

/// The user's own layer: `$XDG_CONFIG_HOME/mend`, else `$HOME/.config/mend`.
pub fn user_layer(xdg_config_home: Option<PathBuf>, home: Option<PathBuf>) -> Option<Layer> {
    let (base, via) = match (xdg_config_home.filter(|p| p.is_absolute()), home) {
        (Some(x), _) => (x, "XDG_CONFIG_HOME"),
        (None, Some(h)) => (h.join(".config"), "HOME"),
        (None, None) => return None,
    };
    Some(Layer { source: LayerSource::UserConfig { via }, root: Some(base.join("mend")) })
}

/// Every layer in order, lowest priority first.
#[derive(Debug, Clone)]
pub struct Library {
    pub layers: Vec<Layer>,
}

/// Files of one kind across layers: the winning source per name, plus what it replaced.
#[derive(Debug, Default)]
pub struct Index {
    pub entries: BTreeMap<String, Entry>,
}

#[derive(Debug, Clone)]
pub struct Entry {
    pub origin: Origin,
    /// Embedded text, when the winner is built in.
    pub embedded: Option<&'static str>,
    /// Origins this entry overrides, lowest first.
    pub overrides: Vec<Origin>,
}

impl Entry {
    pub fn load(&self) -> Result<Source, Error> {
        match (&self.origin, self.embedded) {
            (Origin::Embedded(path), Some(text)) => Ok(Source::embedded(path, text)),
            (Origin::File(path), _) => Source::read(path.clone()),
            (Origin::Embedded(path), None) => Err(Error::usage(format!("embedded file `{path}` has no text"))),
        }
    }
}

impl Index {
    fn insert(&mut self, name: String, origin: Origin, embedded: Option<&'static str>) {
        let overrides = match self.entries.remove(&name) {
            Some(mut old) => {
                old.overrides.push(old.origin);
                old.overrides
            }
            None => Vec::new(),
        };
        self.entries.insert(name, Entry { origin, embedded, overrides });
    }

    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.entries.keys().map(String::as_str)
    }
}

/// Files in `dir` whose names end with `suffix`, sorted; a missing directory is empty.
pub fn list_dir(dir: &Path, suffix: &str) -> Result<Vec<PathBuf>, Error> {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(Error::io(format!("cannot read library directory `{}`", dir.display()), e)),
    };
    let mut files = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| Error::io(format!("cannot read library directory `{}`", dir.display()), e))?;
        let path = entry.path();
        let name = entry.file_name();
        if name.to_str().is_none() && name.as_encoded_bytes().ends_with(suffix.as_bytes()) {
            // Skipping it would leave the user wondering where their track went.
            return Err(Error::Invalid(vec![crate::Diagnostic::new(
                path.display().to_string(),
                "the file name is not valid UTF-8, so mend cannot name it",
            )
            .with_hint(Some("rename the file: lowercase letters, digits and `-`".into()))]));
        }
        let is_match =
            path.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.ends_with(suffix) && !n.starts_with('.'));
        if is_match && path.is_file() {
            files.push(path);
        }
    }
    files.sort();
    Ok(files)
}

impl Library {
    pub fn new(layers: Vec<Layer>) -> Self {
        Library { layers }
    }

    /// The talk-tracks of every layer, later layers winning. Files with names that are not plain
    /// identifiers are left out here and reported by `mend check`.
    pub fn track_index(&self) -> Result<Index, Error> {
        let mut index = Index::default();
        for layer in &self.layers {
            match layer.tracks_dir() {
                None => {
                    for (path, text) in embedded::TALK_TRACKS {
                        if let Some(name) = talk_track::name_of_file(path) {
                            index.insert(name.to_string(), Origin::Embedded(path), Some(text));
                        }
                    }
                }
                Some(dir) => {
                    for path in list_dir(&dir, talk_track::EXTENSION)? {
                        let file_name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default();
                        if let Some(name) = talk_track::name_of_file(file_name).filter(|n| talk_track::is_valid_name(n))
                        {
                            index.insert(name.to_string(), Origin::File(path.clone()), None);
                        }
                    }
                }
            }
        }
        Ok(index)
    }

    /// Loads and parses one track by name.
    pub fn track(&self, index: &Index, name: &str) -> Result<TalkTrack, Error> {
        let entry = index.entries.get(name).ok_or_else(|| unknown_track(name, index))?;
        let source = entry.load()?;
        TalkTrack::parse(name, &source).map_err(Error::Invalid)
    }

    /// Loads one track's front matter only (no body, no template checks), for listings.
    pub fn track_front(&self, index: &Index, name: &str) -> Result<(FrontMatter, Origin), Error> {
        let entry = index.entries.get(name).ok_or_else(|| unknown_track(name, index))?;
        let source = entry.load()?;
        let front = talk_track::read_front(&source).map_err(Error::Invalid)?;
        Ok((front, source.origin))
    }

    /// The main conversation script: the last layer's `scripts/interview.toml`.
    ///
    /// A team's script gets the static checks before it runs (a forward reference would silently
    /// skip a question); the built-in one is proven by `mend check` in the test suite.
    pub fn script(&self) -> Result<Script, Error> {
        let index = self.sources_in("scripts", ".toml", builtin_scripts())?;
        let entry = index.entries.get(script::MAIN).ok_or_else(|| {
            Error::usage(format!("no conversation script `{}.toml` in any library layer", script::MAIN))
        })?;
        let source = entry.load()?;
        let parsed = Script::parse(&source).map_err(|d| Error::Invalid(vec![d]))?;
        if matches!(source.origin, Origin::File(_)) {
            let situations = self.situations()?;
            let index = self.track_index()?;
            let tracks: Vec<&str> = index.names().collect();
            let problems = crate::interview::check::check(&parsed, &source, &situations, &tracks, false);
            if !problems.is_empty() {
                return Err(Error::Invalid(problems));
            }
        }
        Ok(parsed)
    }

    /// The rehearsals of every layer (`scripts/rehearsals/ID.toml`), later layers winning.
    pub fn rehearsal_index(&self) -> Result<Index, Error> {
        self.sources_in(rehearsal::script::DIR, ".toml", builtin_rehearsals())
    }

    /// Loads and parses one rehearsal (a session checks its structure before it starts).
    pub fn rehearsal(&self, index: &Index, id: &str) -> Result<Rehearsal, Error> {
        let entry = index.entries.get(id).ok_or_else(|| {
            let close = crate::diagnostic::closest_n(id, index.names(), 3);
            let hint = if close.is_empty() {
                "run `mend rehearse --list` to see them".to_string()
            } else {
                format!("did you mean {}?", close.iter().map(|c| format!("`{c}`")).collect::<Vec<_>>().join(", "))
            };
            Error::usage_hint(format!("there is no rehearsal named `{}`", id.escape_debug()), Some(hint))
        })?;
        let source = entry.load()?;
        Rehearsal::parse(id, &source).map_err(|d| Error::Invalid(vec![d]))
    }

    /// `situations.toml` of every layer, lowest first.
    pub fn situation_sources(&self) -> Result<Vec<Source>, Error> {
        let mut sources = Vec::new();
        for layer in &self.layers {
            match layer.tracks_dir() {
                None => sources.extend(
                    embedded::TALK_TRACKS
                        .iter()
                        .filter(|(p, _)| *p == situation::FILE)
                        .map(|(p, t)| Source::embedded(p, t)),
                ),
                Some(dir) => {
                    let path = dir.join(situation::FILE);
                    if path.is_file() {
                        sources.push(Source::read(path)?);
                    }
                }
            }
        }
        Ok(sources)
    }

    /// The merged situations.
    pub fn situations(&self) -> Result<Vec<Situation>, Error> {
        let mut layers = Vec::new();
        for source in self.situation_sources()? {
            layers.push(situation::parse(&source).map_err(|d| Error::Invalid(vec![d]))?);
        }
        Ok(situation::merge(layers))
    }

    /// Sources of a layer subfolder (`scripts`, `lint`) with `suffix`, lowest layer first; the
    /// built-in files of that kind come from `builtin`.
    pub fn sources_in(
        &self,
        subdir: &str,
        suffix: &str,
        builtin: &[(&'static str, &'static str)],
    ) -> Result<Index, Error> {
        let mut index = Index::default();
        for layer in &self.layers {
            match layer.subdir(subdir) {
                None => {
                    for (path, text) in builtin.iter().filter(|(p, _)| p.ends_with(suffix)) {
                        index.insert(stem(path).to_string(), Origin::Embedded(path), Some(text));
                    }
                }
                Some(dir) => {
                    for path in list_dir(&dir, suffix)? {
                        let name = stem(path.file_name().and_then(|n| n.to_str()).unwrap_or_default()).to_string();
                        index.insert(name, Origin::File(path.clone()), None);
                    }
                }
            }
        }
        Ok(index)
    }
}

/// The built-in rehearsal scripts (`scripts/rehearsals/`).
pub fn builtin_rehearsals() -> &'static [(&'static str, &'static str)] {
    embedded::REHEARSALS
}

/// The built-in conversation scripts.
pub fn builtin_scripts() -> &'static [(&'static str, &'static str)] {
    embedded::SCRIPTS
}

/// The built-in talk-track folder's files (tracks and `situations.toml`).
pub fn builtin_talk_tracks() -> &'static [(&'static str, &'static str)] {
    embedded::TALK_TRACKS
}

/// The name of a file without folders and extensions (`scripts/rehearsals/x.toml` -> `x`).
fn stem(file_name: &str) -> &str {
    let base = file_name.rsplit('/').next().unwrap_or(file_name);
    base.split('.').next().unwrap_or(base)
}

/// The error for a track name that is not in the library, with the closest names.
pub fn unknown_track(name: &str, index: &Index) -> Error {
    if !talk_track::is_valid_name(name) {
        return Error::usage_hint(
            format!("`{}` is not a talk-track name", name.escape_debug()),
            Some("track names are lowercase letters, digits and `-`; run `mend list` to see them".into()),
        );
    }
    let close = crate::diagnostic::closest_n(name, index.names(), 3);
    let hint = if close.is_empty() {
        Some("run `mend list` to see every track".to_string())
    } else {
        Some(format!("did you mean {}?", close.iter().map(|c| format!("`{c}`")).collect::<Vec<_>>().join(", ")))
    };
    Error::usage_hint(format!("there is no talk-track named `{name}`"), hint)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every embedded file parses: tracks, situations, scripts (after bat's consistency test).
    #[test]
    fn every_embedded_file_loads() {
        let lib = Library::new(vec![Layer::builtin()]);
        let index = lib.track_index().expect("index");
        assert!(index.entries.len() >= 25);
        for name in index.names() {
            lib.track(&index, name).unwrap_or_else(|e| panic!("{name}: {e}"));
        }
        let situations = lib.situations().expect("situations");
        assert!(situations.len() >= 19, "{} situations", situations.len());
        for (path, text) in builtin_scripts() {
            crate::interview::Script::parse(&Source::embedded(path, text)).unwrap_or_else(|d| panic!("{d}"));
        }
        assert!(builtin_talk_tracks().iter().any(|(p, _)| *p == situation::FILE));
    }

    #[test]
    fn user_layer_prefers_xdg_and_falls_back_to_home() {
        let l = user_layer(Some("/x".into()), Some("/h".into())).expect("layer");
        assert_eq!(l.root, Some(PathBuf::from("/x/mend")));
        let l = user_layer(Some("relative".into()), Some("/h".into())).expect("layer");
        assert_eq!(l.root, Some(PathBuf::from("/h/.config/mend")));
        assert!(user_layer(None, None).is_none());
    }
}
