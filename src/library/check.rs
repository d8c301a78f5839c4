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
    let script = lib.script().ok();
    let mut script_flags: Vec<String> = script.as_ref().map(|s| s.flags()).unwrap_or_default();
    script_flags.extend(crate::case::done_flags(&situations));
    for (track, source) in &tracks {
        problems.extend(content_format(track, source, &script_flags));
        problems.extend(addressee(track, source));
        if let Some(script) = &script {
            problems.extend(collisions(track, source, script));
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
        fields.extend(s.ask.as_deref().map(|a| ("ask", a)));
        fields.extend(s.versus.values().map(|v| ("versus", &**v)));
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
        if s.ask.as_deref().is_none_or(|a| a.trim().is_empty()) {
            problems.push(
                Diagnostic::new(situation_file(&own_situation_sources), format!("situation `{}` has no `ask`", s.id))
                    .at(line, column)
                    .with_hint(Some("add the one question that would confirm it: ask = \"...?\"".into())),
            );
        }
        for other in s.versus.keys() {
            if !ids.contains(&other.as_str()) {
                problems.push(
                    Diagnostic::new(
                        situation_file(&own_situation_sources),
                        format!("situation `{}` has `versus` for unknown situation `{other}`", s.id),
                    )
                    .at(line, column)
                    .with_hint(did_you_mean(other, ids.iter().copied())),
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
    problems.extend(check_rehearsals(&lib, layer, &ids)?);
    Ok(problems)
}

/// Problems in the rehearsals of one layer, against the merged library's situations and tracks.
fn check_rehearsals(lib: &Library, layer: &Layer, situations: &[&str]) -> Result<Vec<Diagnostic>, Error> {
    let builtin: &[(&str, &str)] = if layer.root.is_none() { super::builtin_rehearsals() } else { &[] };
    let index = Library::new(vec![layer.clone()]).sources_in(crate::rehearsal::script::DIR, ".toml", builtin)?;
    let track_index = lib.track_index()?;
    let words = |name: &str| {
        let track = lib.track(&track_index, name).ok()?;
        Some(crate::rehearsal::track_words(&track, &crate::values::ValueStore::default()))
    };
    let mut problems = Vec::new();
    for (id, entry) in &index.entries {
        let source = match entry.load() {
            Ok(s) => s,
            Err(Error::Invalid(d)) => {
                problems.extend(d);
                continue;
            }
            Err(e) => return Err(e),
        };
        match crate::rehearsal::Rehearsal::parse(id, &source) {
            Ok(r) => problems.extend(crate::rehearsal::check::check(&r, situations, &words)),
            Err(d) => problems.push(d),
        }
    }
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
        fields.extend(v.frame.as_deref().map(|f| ("frame", f)));
        fields.extend(v.blank.as_deref().map(|b| ("blank", b)));
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

/// The content-format checks of one track: each variable's kind, when-known and frame; answer
/// and group flags that exist; no direction written as speech.
/// The track's `to`: a person variable it declares, and the words never speak of the person they
/// are spoken to in the third person (`I'd like {{sponsor}} to ...` said to the sponsor). A
/// direction ending in `:` (`((To {{stakeholder}}, in the meeting:))`) hands the words after it
/// to the last person it names.
fn addressee(track: &TalkTrack, source: &Source) -> Vec<Diagnostic> {
    let file = track.origin.to_string();
    let Some(to) = &track.front.to else { return Vec::new() };
    let at = |needle: &str| source.text.find(needle).map_or((1, 1), |o| crate::diagnostic::line_col(&source.text, o));
    let persons: Vec<&str> = track
        .front
        .variables
        .iter()
        .filter(|v| matches!(v.kind.as_deref(), Some("person" | "group")))
        .map(|v| v.name.as_str())
        .collect();
    if !persons.contains(&to.as_str()) {
        let (line, column) = at("to =");
        return vec![Diagnostic::new(&file, format!("`to = \"{to}\"` is not a person variable of this track"))
            .at(line, column)
            .with_hint(did_you_mean(to, persons.iter().copied()).or_else(|| {
                Some(format!("declare `{to}` as a `person` variable, or name one of: {}", persons.join(", ")))
            }))];
    }
    let mut problems = Vec::new();
    let mut current = to.clone();
    for paragraph in track.body.split("\n\n").map(str::trim) {
        if paragraph.starts_with("((") {
            if paragraph.ends_with(":))") {
                if let Some(last) = paragraph.rsplit("{{").find_map(|p| p.split_once("}}").map(|(v, _)| v.trim())) {
                    if persons.contains(&last) {
                        current = last.to_string();
                    }
                }
            }
            continue;
        }
        let needle = format!("{{{{{current}}}}}");
        for (offset, _) in paragraph.match_indices(&needle) {
            let before = paragraph[..offset].trim_end_matches(' ');
            let after = &paragraph[offset + needle.len()..];
            let starts = before.is_empty()
                || before.ends_with('\n')
                || before.ends_with("{{else}}")
                || before.ends_with("Hi")
                || before.ends_with("Hello")
                || before.ends_with("Thank you,")
                || before.ends_with(['.', '?', '!']);
            let vocative =
                (starts && after.starts_with(',')) || (before.ends_with(',') && after.starts_with(['.', '?', '!']));
            if !vocative {
                let (line, column) = at(&format!("{needle}{}", after.chars().take(12).collect::<String>()));
                problems.push(
                    Diagnostic::new(
                        &file,
                        format!("the words are spoken to `{current}` and name them in the third person here"),
                    )
                    .at(line, column)
                    .with_hint(Some(format!("say \"you\" to `{current}`, or hand the words to another person with a direction ending in `:`"))),
                );
            }
        }
    }
    problems
}

fn content_format(track: &TalkTrack, source: &Source, script_flags: &[String]) -> Vec<Diagnostic> {
    let file = track.origin.to_string();
    let mut problems = Vec::new();
    let at = |needle: &str| source.text.find(needle).map_or((1, 1), |o| crate::diagnostic::line_col(&source.text, o));
    for v in &track.front.variables {
        let (line, column) = at(&format!("\"{}\"", v.name));
        let mut report = |message: String, hint: Option<String>| {
            problems.push(Diagnostic::new(&file, message).at(line, column).with_hint(hint));
        };
        for (key, value, allowed) in [("kind", &v.kind, talk_track::KINDS), ("known", &v.known, talk_track::KNOWN)] {
            match value {
                None => report(
                    format!("variable `{}` has no `{key}`", v.name),
                    Some(format!("add {key} = \"...\", one of: {}", allowed.join(", "))),
                ),
                Some(value) if !allowed.contains(&value.as_str()) => report(
                    format!("variable `{}` has unknown {key} `{value}`", v.name),
                    did_you_mean(value, allowed.iter().copied())
                        .or_else(|| Some(format!("one of: {}", allowed.join(", ")))),
                ),
                Some(_) => {}
            }
        }
        if let Some(example) = &v.example {
            if let Err(reason) = crate::values::kind::check(v.kind.as_deref(), example) {
                report(
                    format!(
                        "the example of `{}` is not a valid {}: {reason}",
                        v.name,
                        v.kind.as_deref().unwrap_or("value")
                    ),
                    None,
                );
            }
        }
        match &v.frame {
            None => report(
                format!("variable `{}` has no `frame`", v.name),
                Some("add the sentence it completes, with `____` where the value goes".into()),
            ),
            Some(frame) if frame.matches("____").count() != 1 => {
                report(format!("the frame of `{}` must contain exactly one `____`", v.name), None)
            }
            Some(_) => {}
        }
    }
    let declared: Vec<&str> = track.variable_names().collect();
    for flag in &track.flags {
        let group_of = flag.strip_suffix("_is_group").filter(|v| declared.contains(v));
        if group_of.is_none() && !script_flags.contains(flag) {
            let (line, column) = at(flag);
            let hint = did_you_mean(flag, script_flags.iter().map(String::as_str))
                .or_else(|| Some("a condition is an answer flag (`stage_client`) or `<variable>_is_group`".into()));
            problems.push(
                Diagnostic::new(&file, format!("condition `{flag}` is neither a declared variable nor an answer flag"))
                    .at(line, column)
                    .with_hint(hint),
            );
        }
    }
    let mut offset = 0;
    for paragraph in track.body.split("\n\n") {
        let p = paragraph.trim();
        let lead = paragraph.len() - paragraph.trim_start().len();
        let line = track.body_line + track.body[..offset + lead].matches('\n').count();
        offset += paragraph.len() + 2;
        let direction = p.starts_with("((");
        if direction != p.ends_with("))") || (direction && p.len() >= 4 && p[2..p.len() - 2].contains("))")) {
            problems.push(
                Diagnostic::new(&file, "a direction must open with `((` and close with `))` in the same paragraph")
                    .at(line, 1),
            );
        } else if !direction && p.starts_with('(') && p.ends_with(')') {
            problems.push(
                Diagnostic::new(&file, "a direction is written as speech: a whole paragraph in single parentheses")
                    .at(line, 1)
                    .with_hint(Some("write a direction as `((...))` on its own paragraph".into())),
            );
        }
    }
    problems
}

fn control_message(c: char, field: &str, owner: &str) -> String {
    format!("control character U+{:04X} in {field} of `{owner}`", u32::from(c))
}

/// A track variable named like an interview question is ambiguous for `--answer` and the
/// `[values]` of an answers file, unless the question is the text question that captures it.
fn collisions(track: &TalkTrack, source: &Source, script: &Script) -> Vec<Diagnostic> {
    let file = track.origin.to_string();
    let locator = Locator::new(&file, &source.text);
    track
        .front
        .variables
        .iter()
        .filter_map(|v| {
            let q = script.question(&v.name)?;
            if q.variable.as_deref() == Some(v.name.as_str()) {
                return None;
            }
            Some(
                Diagnostic::new(&file, format!("variable `{}` has the name of interview question `{}`", v.name, q.id))
                    .at(locator.line_containing(&format!("\"{}\"", v.name)), 1)
                    .with_hint(Some("rename the variable: `--answer` and `[values]` could not tell them apart".into())),
            )
        })
        .collect()
}

fn situation_file(sources: &[Source]) -> String {
    sources.last().map_or_else(|| situation::FILE.to_string(), |s| s.origin.to_string())
}
