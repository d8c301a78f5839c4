//! Checking a library: every problem of one layer, not just the first.
//!
//! A layer is checked on top of the built-in library, the way `--library DIR` would use it: its
//! tracks may name built-in situations, and its situations may point at built-in tracks. The
//! built-in layer itself is checked alone. Scripts get the static checks and the reachability
//! proof ([`crate::interview::check`]).

use super::{builtin_scripts, builtin_talk_tracks, list_dir, Layer, Library};
use crate::content::origin::{Origin, Source};
use crate::content::situation::{self, Situation};
use crate::content::talk_track::{self, TalkTrack};
use crate::diagnostic::{did_you_mean, Diagnostic, Locator};
use crate::error::Error;
use crate::format::inert;
use crate::interview::Script;
use std::collections::BTreeMap;

/// Problems found in one library layer.
pub fn check_layer(layer: &Layer) -> Result<Vec<Diagnostic>, Error> {
    let lib = match &layer.root {
        None => Library::new(vec![Layer::builtin()]),
        Some(_) => Library::new(vec![Layer::builtin(), layer.clone()]),
    };
    let mut problems = Vec::new();

    // The layer's own files.
    let mut track_sources: Vec<(String, Source)> = Vec::new();
    let mut own_situations: Vec<Situation> = Vec::new();
    match layer.tracks_dir() {
        None => {
            for (path, text) in builtin_talk_tracks() {
                if let Some(name) = talk_track::name_of_file(path) {
                    track_sources.push((name.to_string(), Source::embedded(path, text)));
                }
            }
        }
        Some(dir) => {
            for path in list_dir(&dir, talk_track::EXTENSION)? {
                let file_name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default().to_string();
                let name = talk_track::name_of_file(&file_name).unwrap_or_default().to_string();
                if !talk_track::is_valid_name(&name) {
                    problems.push(
                        Diagnostic::new(path.display().to_string(), format!("`{name}` is not a valid track name"))
                            .with_hint(Some(
                                "rename the file: lowercase letters, digits and `-`, then `.md.hbs`".into(),
                            )),
                    );
                    continue;
                }
                match Source::read(path) {
                    Ok(source) => track_sources.push((name, source)),
                    Err(Error::Invalid(d)) => problems.extend(d),
                    Err(e) => return Err(e),
                }
            }
        }
    }
    let own_situation_sources: Vec<Source> = match layer.tracks_dir() {
        None => lib.situation_sources()?,
        Some(dir) => {
            let p = dir.join(situation::FILE);
            if p.is_file() {
                vec![Source::read(p)?]
            } else {
                Vec::new()
            }
        }
    };
    for source in &own_situation_sources {
        match situation::parse(source) {
            Ok(s) => own_situations.extend(s),
            Err(d) => problems.push(d),
        }
    }

    // Duplicate names within the layer.
    let mut by_name: BTreeMap<&str, Vec<&Origin>> = BTreeMap::new();
    for (name, source) in &track_sources {
        by_name.entry(name.as_str()).or_default().push(&source.origin);
    }
    for (name, origins) in &by_name {
        if origins.len() > 1 {
            for origin in &origins[1..] {
                problems.push(
                    Diagnostic::new(origin.to_string(), format!("duplicate track name `{name}`"))
                        .with_hint(Some(format!("`{}` has the same name; rename one of them", origins[0]))),
                );
            }
        }
    }
    let mut seen_ids = BTreeMap::new();
    for s in &own_situations {
        if seen_ids.insert(s.id.as_str(), ()).is_some() {
            problems.push(Diagnostic::new(situation::FILE, format!("duplicate situation id `{}`", s.id)));
        }
    }

    // Cross references against the merged library.
    let situations = match lib.situations() {
        Ok(s) => s,
        Err(_) => own_situations.clone(),
    };
    let ids: Vec<&str> = situations.iter().map(|s| s.id.as_str()).collect();
    let index = lib.track_index()?;
    let mut tracks: Vec<(TalkTrack, &Source)> = Vec::new();
    for (name, source) in &track_sources {
        match TalkTrack::parse(name, source) {
            Ok(track) => tracks.push((track, source)),
            Err(d) => problems.extend(d),
        }
    }
    for (track, source) in &tracks {
        problems.extend(control_characters(track, source));
        if !ids.contains(&track.front.situation.as_str()) {
            let file = track.origin.to_string();
            let locator = Locator::new(&file, &source.text);
            problems.push(
                Diagnostic::new(&file, format!("unknown situation id `{}`", track.front.situation))
                    .at(locator.line_starting("situation"), 1)
                    .with_hint(did_you_mean(&track.front.situation, ids.iter().copied())),
            );
        }
    }
    let mut served: Vec<String> = Vec::new();
    for name in index.names() {
        if let Ok(t) = lib.track(&index, name) {
            served.push(t.front.situation.clone());
        }
    }
    let situation_at = |id: &str| -> (usize, usize) {
        own_situation_sources
            .last()
            .and_then(|src| src.text.find(&format!("id = \"{id}\"")).map(|o| crate::diagnostic::line_col(&src.text, o)))
            .unwrap_or((1, 1))
    };
    for s in &own_situations {
        let (line, column) = situation_at(&s.id);
        let mut fields = vec![("title", &*s.title), ("description", &*s.description)];
        for step in &s.steps {
            fields.extend([("step title", &*step.title), ("step detail", &*step.detail)]);
        }
        for (field, text) in fields {
            if let Some((_, c)) = inert::first_control(text) {
                problems.push(
                    Diagnostic::new(situation_file(&own_situation_sources), control_message(c, field, &s.id))
                        .at(line, column),
                );
            }
        }
        if !served.contains(&s.id) {
            problems.push(
                Diagnostic::new(
                    situation_file(&own_situation_sources),
                    format!("situation `{}` has no talk-track", s.id),
                )
                .at(line, column)
                .with_hint(Some(format!("add a track with situation = \"{}\"", s.id))),
            );
        }
        for step in &s.steps {
            for t in &step.tracks {
                if !index.entries.contains_key(t) {
                    problems.push(
                        Diagnostic::new(
                            situation_file(&own_situation_sources),
                            format!("situation `{}` step \"{}\" names unknown track `{t}`", s.id, step.title),
                        )
                        .at(line, column)
                        .with_hint(did_you_mean(t, index.names())),
                    );
                }
            }
        }
    }
    problems.extend(check_scripts(&lib, layer)?);
    Ok(problems)
}

/// Problems in the scripts of one layer (for `mend check`).
fn check_scripts(lib: &Library, layer: &Layer) -> Result<Vec<Diagnostic>, Error> {
    let builtin: &[(&str, &str)] = if layer.root.is_none() { builtin_scripts() } else { &[] };
    let only_layer = Library::new(vec![layer.clone()]);
    let index = only_layer.sources_in("scripts", ".toml", builtin)?;
    let situations = lib.situations().unwrap_or_default();
    let track_index = lib.track_index()?;
    let tracks: Vec<&str> = track_index.names().collect();
    let mut problems = Vec::new();
    for entry in index.entries.values() {
        let source = match entry.load() {
            Ok(s) => s,
            Err(Error::Invalid(d)) => {
                problems.extend(d);
                continue;
            }
            Err(e) => return Err(e),
        };
        match Script::parse(&source) {
            Ok(s) => problems.extend(crate::interview::check::check(&s, &source, &situations, &tracks, true)),
            Err(d) => problems.push(d),
        }
    }
    Ok(problems)
}

/// A control character in a field is an escape sequence or a forged line waiting for a terminal:
/// mend prints it escaped, and the library should not hold it at all.
fn control_characters(track: &TalkTrack, source: &Source) -> Vec<Diagnostic> {
    let front = &track.front;
    let mut fields: Vec<(&str, &str)> =
        vec![("title", &front.title), ("summary", &front.summary), ("next_step", &front.next_step)];
    fields.extend(front.avoid.iter().map(|a| ("avoid", &**a)));
    fields.extend(front.questions.iter().map(|q| ("questions", &**q)));
    for v in &front.variables {
        fields.push(("prompt", &v.prompt));
        fields.extend(v.default.as_deref().map(|d| ("default", d)));
        fields.extend(v.example.as_deref().map(|e| ("example", e)));
    }
    let file = track.origin.to_string();
    let locator = Locator::new(&file, &source.text);
    let mut problems = Vec::new();
    for (key, text) in fields {
        if let Some((_, c)) = inert::first_control(text) {
            problems.push(
                Diagnostic::new(&file, control_message(c, key, &track.name))
                    .at(locator.line_starting(key), 1)
                    .with_hint(Some("remove it; write `\\n` in TOML only where a line break is meant".into())),
            );
        }
    }
    if let Some((offset, c)) = inert::first_control(&track.body) {
        let (line, column) = crate::diagnostic::line_col(&track.body, offset);
        problems.push(
            Diagnostic::new(&file, control_message(c, "body", &track.name)).at(track.body_line + line - 1, column),
        );
    }
    problems
}

fn control_message(c: char, field: &str, owner: &str) -> String {
    format!("control character U+{:04X} in {field} of `{owner}`", u32::from(c))
}

fn situation_file(sources: &[Source]) -> String {
    sources.last().map_or_else(|| situation::FILE.to_string(), |s| s.origin.to_string())
}
