//! `mend check [DIR...]`: validate a library and list every problem, not just the first.
//!
//! With no DIR the built-in library is checked. A DIR is checked as a layer on top of the built-in
//! library, the way `--library DIR` would use it: its tracks may name built-in situations, and its
//! situations may point at built-in tracks.

use crate::diagnostic::{did_you_mean, Diagnostic};
use crate::error::{Error, Outcome};
use crate::library::{self, Layer, LayerSource, Library};
use crate::origin::{Origin, Source};
use crate::situation::{self, Situation};
use crate::talk_track::{self, TalkTrack};
use std::collections::BTreeMap;
use std::path::PathBuf;

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
            for (path, text) in library::builtin_talk_tracks() {
                if let Some(name) = talk_track::name_of_file(path) {
                    track_sources.push((name.to_string(), Source::embedded(path, text)));
                }
            }
        }
        Some(dir) => {
            for path in library::list_dir(&dir, talk_track::EXTENSION)? {
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
            let line = key_line(&source.text, "situation");
            problems.push(
                Diagnostic::new(track.origin.to_string(), format!("unknown situation id `{}`", track.front.situation))
                    .at(line, 1)
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
            if let Some((_, c)) = crate::printable::first_control(text) {
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
    problems.extend(crate::commands::diagnose::check_scripts(&lib, layer)?);
    Ok(problems)
}

/// A control character in a field is an escape sequence or a forged line waiting for a terminal:
/// mend prints it escaped, and the library should not hold it at all.
fn control_characters(track: &TalkTrack, source: &Source) -> Vec<Diagnostic> {
    let front = &track.front;
    let mut fields: Vec<(&str, &str, &str)> = vec![
        ("title", "title", &front.title),
        ("summary", "summary", &front.summary),
        ("next_step", "next_step", &front.next_step),
    ];
    fields.extend(front.avoid.iter().map(|a| ("avoid", "avoid", &**a)));
    fields.extend(front.questions.iter().map(|q| ("questions", "questions", &**q)));
    for v in &front.variables {
        fields.push(("prompt", "prompt", &v.prompt));
        fields.extend(v.default.as_deref().map(|d| ("default", "default", d)));
        fields.extend(v.example.as_deref().map(|e| ("example", "example", e)));
    }
    let mut problems = Vec::new();
    for (field, key, text) in fields {
        if let Some((_, c)) = crate::printable::first_control(text) {
            problems.push(
                Diagnostic::new(track.origin.to_string(), control_message(c, field, &track.name))
                    .at(key_line(&source.text, key), 1)
                    .with_hint(Some("remove it; write `\\n` in TOML only where a line break is meant".into())),
            );
        }
    }
    if let Some((offset, c)) = crate::printable::first_control(&track.body) {
        let (line, column) = crate::diagnostic::line_col(&track.body, offset);
        problems.push(
            Diagnostic::new(track.origin.to_string(), control_message(c, "body", &track.name))
                .at(track.body_line + line - 1, column),
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

/// 1-based line of the first line that starts with `key` (the file was already read).
fn key_line(text: &str, key: &str) -> usize {
    text.lines().position(|l| l.trim_start().starts_with(key)).map_or(1, |i| i + 1)
}

pub fn run(dirs: Vec<PathBuf>) -> Result<Outcome, Error> {
    let layers: Vec<Layer> = if dirs.is_empty() {
        vec![Layer::builtin()]
    } else {
        dirs.into_iter().map(|d| Layer { source: LayerSource::Flag, root: Some(d) }).collect()
    };
    let mut all = Vec::new();
    let mut summary = String::new();
    for layer in &layers {
        let problems = check_layer(layer)?;
        let label = layer.root.as_ref().map_or_else(|| "built-in library".to_string(), |p| p.display().to_string());
        summary.push_str(&format!("{label}: {}\n", plural(problems.len())));
        all.extend(problems);
    }
    let mut out = String::new();
    for p in &all {
        out.push_str(&format!("{p}\n"));
    }
    out.push_str(&summary);
    crate::output::stdout(&crate::printable::text(&out))?;
    Ok(if all.is_empty() { Outcome::Clean } else { Outcome::Findings })
}

fn plural(n: usize) -> String {
    match n {
        0 => "no problems".into(),
        1 => "1 problem".into(),
        n => format!("{n} problems"),
    }
}
