//! `mend diagnose` (and bare `mend` on a terminal): run the interview, classify, and print the
//! prep sheet. The interview engine is pure; this module connects it to the answers file, the
//! flags, the terminal respondent and the output formats.

use crate::config::DiagnoseConfig;
use crate::diagnostic::Diagnostic;
use crate::error::{Error, Outcome};
use crate::format::{self, Format};
use crate::interview::{self, check, classify, script, Script, Transcript};
use crate::library::{self, Layer, Library};
use crate::origin::Source;
use crate::prep_sheet::{self, PrepSheet, SheetTrack};
use crate::rendered_track::RenderedTrack;
use crate::values::{self, ValueSource};
use crate::{output, printable, prompt};
use std::collections::BTreeMap;

/// Loads the main conversation script from the library layers.
pub fn load_script(library: &Library) -> Result<(Script, Source), Error> {
    let index = library.sources_in("scripts", ".toml", library::builtin_scripts())?;
    let entry = index
        .entries
        .get(script::MAIN)
        .ok_or_else(|| Error::usage(format!("no conversation script `{}.toml` in any library layer", script::MAIN)))?;
    let source = entry.load()?;
    let parsed = Script::parse(&source).map_err(|d| Error::Invalid(vec![d]))?;
    // A team's script gets the static checks before it runs (a forward reference would silently
    // skip a question); the built-in one is proven by `mend check` in the test suite.
    if matches!(source.origin, crate::origin::Origin::File(_)) {
        let situations = library.situations()?;
        let index = library.track_index()?;
        let tracks: Vec<&str> = index.names().collect();
        let problems = check::check(&parsed, &source, &situations, &tracks, false);
        if !problems.is_empty() {
            return Err(Error::Invalid(problems));
        }
    }
    Ok((parsed, source))
}

/// Problems in the scripts of one layer (for `mend check`).
pub fn check_scripts(lib: &Library, layer: &Layer) -> Result<Vec<Diagnostic>, Error> {
    let builtin: &[(&str, &str)] = if layer.root.is_none() { library::builtin_scripts() } else { &[] };
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
            Ok(s) => problems.extend(check::check(&s, &source, &situations, &tracks, true)),
            Err(d) => problems.push(d),
        }
    }
    Ok(problems)
}

/// Reads an answers file: `id = "value"` or `id = ["a", "b"]`, plus an optional `[values]` table
/// of talk-track variables.
/// Answers as (question id, values), in file order.
type GivenAnswers = Vec<(String, Vec<String>)>;

fn parse_answers_file(source: &Source) -> Result<(GivenAnswers, BTreeMap<String, String>), Error> {
    let file = source.origin.to_string();
    let table: toml::Table = toml::from_str(&source.text)
        .map_err(|e| Error::Invalid(vec![crate::talk_track::toml_diagnostic(&e, &source.text, 1, &file, &[])]))?;
    let mut answers = Vec::new();
    let mut vals = BTreeMap::new();
    let mut problems = Vec::new();
    let locate = |key: &str| source.text.find(key).map_or((1, 1), |o| crate::diagnostic::line_col(&source.text, o));
    for (key, value) in table {
        match value {
            toml::Value::String(s) => answers.push((key, vec![s])),
            toml::Value::Boolean(b) => answers.push((key, vec![if b { "yes" } else { "no" }.to_string()])),
            toml::Value::Array(items) if items.iter().all(|i| i.is_str()) => {
                answers.push((key, items.iter().filter_map(|i| i.as_str().map(str::to_string)).collect()))
            }
            toml::Value::Table(t) if key == "values" => {
                for (k, v) in t {
                    match v {
                        toml::Value::String(s) => {
                            vals.insert(k, s);
                        }
                        _ => {
                            let (l, c) = locate(&k);
                            problems.push(Diagnostic::new(&file, format!("`values.{k}` must be a string")).at(l, c));
                        }
                    }
                }
            }
            other => {
                let (l, c) = locate(&key);
                problems.push(
                    Diagnostic::new(
                        &file,
                        format!("`{key}` must be a string or a list of strings, found {}", other.type_str()),
                    )
                    .at(l, c),
                );
            }
        }
    }
    if problems.is_empty() {
        Ok((answers, vals))
    } else {
        Err(Error::Invalid(problems))
    }
}

pub fn run(config: DiagnoseConfig, library: &Library) -> Result<Outcome, Error> {
    let (script, _) = load_script(library)?;
    if config.list_questions {
        return list_questions(&script, config.output.format);
    }
    let mut provided = Vec::new();
    let mut file_values = BTreeMap::new();
    if let Some(source) = &config.answers_file {
        let (answers, vals) = parse_answers_file(source)?;
        provided = answers;
        file_values = vals;
    }
    for (id, value) in &config.answers {
        provided.retain(|(k, _)| k != id);
        provided.push((id.clone(), vec![value.clone()]));
    }
    let mut terminal = prompt::TerminalRespondent;
    let respondent: Option<&mut dyn interview::Respondent> =
        if config.interactive { Some(&mut terminal) } else { None };
    let transcript = interview::drive(&script, &provided, respondent)?;
    if !transcript.missing.is_empty() {
        return Err(missing_answers(&script, &transcript));
    }
    if config.verbose && !transcript.ignored.is_empty() {
        eprintln!("note: answers not used on this path: {}", printable::line(&transcript.ignored.join(", ")));
    }
    let sheet = build_sheet(library, &script, &transcript, &file_values, config.interactive)?;
    let text = match config.output.format {
        Format::Text => format::text::render(&sheet.document(), config.output.text),
        Format::Markdown => format::markdown::render(&sheet.document()),
        Format::Html => format::html::render(&sheet.document()),
        Format::Json => crate::commands::say::to_json(&sheet)?,
    };
    output::emit(config.output.path.as_deref(), config.output.force, &text)?;
    Ok(Outcome::Clean)
}

/// Classifies a finished interview and renders its prep sheet. Pure apart from asking for
/// missing track values when `interactive`.
pub fn build_sheet(
    library: &Library,
    script: &Script,
    transcript: &Transcript,
    file_values: &BTreeMap<String, String>,
    interactive: bool,
) -> Result<PrepSheet, Error> {
    let situations = library.situations()?;
    let c = classify(script, &transcript.answers, &transcript.path, &situations);
    let situation = situations
        .iter()
        .find(|s| s.id == c.situation)
        .ok_or_else(|| Error::usage(format!("the script concluded unknown situation `{}`", c.situation)))?;
    let (steps, track_names) = prep_sheet::plan(&c, situation);
    // Values: captured names from the interview, then the answers file's [values].
    let mut vals: BTreeMap<String, String> = BTreeMap::new();
    for id in &transcript.path {
        if let (Some(q), Some(a)) = (script.question(id), transcript.answers.get(id)) {
            if let (Some(var), Some(v)) = (&q.variable, a.first()) {
                vals.insert(var.clone(), v.clone());
            }
        }
    }
    for (k, v) in file_values {
        let v = values::clean(v);
        if !v.is_empty() {
            vals.insert(k.clone(), v);
        }
    }
    let index = library.track_index()?;
    let mut rendered = Vec::new();
    let mut missing = Vec::new();
    let (full, more): (Vec<_>, Vec<_>) = track_names.iter().enumerate().partition(|(i, _)| *i < prep_sheet::MAX_TRACKS);
    for (_, name) in &full {
        let track = library.track(&index, name)?;
        let mut sources = BTreeMap::new();
        for var in &track.front.variables {
            if vals.contains_key(&var.name) {
                sources.insert(var.name.clone(), ValueSource::Interview);
                continue;
            }
            let value = if interactive {
                prompt::ask_variable(var)?
            } else if let Some(d) = &var.default {
                d.clone()
            } else {
                missing.push(var.name.clone());
                format!("[{}]", var.name.replace('_', " "))
            };
            vals.insert(var.name.clone(), value);
            sources.insert(var.name.clone(), if interactive { ValueSource::Prompt } else { ValueSource::Default });
        }
        rendered.push(RenderedTrack::render(&track, &vals, sources)?);
    }
    let next_step = steps
        .iter()
        .find(|s| s.status == prep_sheet::StepStatus::Next)
        .and_then(|s| rendered.iter().find(|r| s.tracks.contains(&r.track)))
        .or(rendered.first())
        .map_or_else(
            || situation.steps.first().map(|s| s.title.to_string()).unwrap_or_default(),
            |r| r.sections.next_step.clone(),
        );
    let title = |id: &str| situations.iter().find(|s| s.id == id).map(|s| s.title.to_string());
    let sheet = PrepSheet {
        situation: situation.id.clone(),
        title: situation.title.to_string(),
        description: situation.description.to_string(),
        unsure: c.unsure,
        ranking: c.ranking.iter().filter(|s| s.score != 0 || s.situation == c.situation).cloned().collect(),
        reasons: c.reasons.iter().map(|r| r.text.clone()).collect(),
        reason_detail: c.reasons.clone(),
        runner_up_title: c.runner_up.as_deref().and_then(title),
        runner_up: c.runner_up.clone(),
        go_around: c
            .go_around
            .as_ref()
            .map(|(view, reason)| prep_sheet::GoAroundView { view: *view, reason: reason.clone() }),
        steps,
        tracks: rendered.iter().map(SheetTrack::from).collect(),
        more_tracks: more.into_iter().map(|(_, n)| n.clone()).collect(),
        next_step,
        answers: transcript.answers.clone(),
        missing_values: missing,
    };
    Ok(sheet)
}

fn missing_answers(script: &Script, transcript: &Transcript) -> Error {
    let mut message = String::from("the interview needs answers that were not given:");
    for id in &transcript.missing {
        if let Some(q) = script.question(id) {
            message.push_str(&format!("\n  `{id}`: {}  allowed: {}", q.text, q.allowed().join(", ")));
        }
    }
    message.push_str(
        "\ngive them with `--answer ID=VALUE` or `--answers FILE.toml`, or run on a terminal without `--no-input`",
    );
    Error::Missing(message)
}

fn list_questions(script: &Script, format: Format) -> Result<Outcome, Error> {
    let text = match format {
        Format::Json => crate::commands::say::to_json(&script.questions)?,
        _ => {
            let mut out = String::new();
            for q in &script.questions {
                out.push_str(&format!("{} ({:?}): {}\n", q.id, q.kind, q.text));
                if let Some(w) = &q.when {
                    let cond: Vec<String> = w.mentions().iter().map(|(k, v)| format!("{k}={v}")).collect();
                    out.push_str(&format!("    when: {}\n", cond.join(", ")));
                }
                for c in &q.choices {
                    out.push_str(&format!("    {:<22} {}\n", c.value, c.label));
                }
            }
            printable::text(&out).into_owned()
        }
    };
    output::stdout(&text)?;
    Ok(Outcome::Clean)
}
