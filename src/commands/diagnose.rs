//! `mend diagnose` (and bare `mend` on a terminal): run the interview, classify, and print the
//! prep sheet. The engine does the work; this module hands it the terminal front end when a
//! person can answer, and picks the format. With `--account`, the account answers what it knows
//! ([`crate::account::prefill`]) and the verdict is recorded in it afterwards.

use crate::account::prefill::{prefill, KIND_QUESTION, STAGE_QUESTION};
use crate::account::store::Learned;
use crate::account::{Kind, Stage};
use crate::case::Case;
use crate::config::account::AccountLink;
use crate::config::DiagnoseConfig;
use crate::error::{Error, Outcome};
use crate::format::inert;
use crate::format::{self, Format};
use crate::interview::{self, Respondent, Script, Transcript};
use crate::library::Library;
use crate::sheet::{AnswerSource, PrepSheet, StepStatus};
use crate::terminal::prompt::{AccountAnswers, TerminalAsker};
use crate::values::Asker;
use crate::{output, sheet, terminal};

pub fn run(config: DiagnoseConfig, library: &Library) -> Result<Outcome, Error> {
    let script = library.script()?;
    if config.list_questions {
        return list_questions(&script, config.output.format);
    }
    sheet::check_value_names(library, &script, &config.values)?;
    // What the account knows answers its questions, unless this run answers them itself.
    let mut answers = config.answers;
    let mut from_account = Vec::new();
    if let Some(link) = &config.account {
        for (id, values) in prefill(&script, &link.account.known_answers(), &config.values) {
            if !answers.iter().any(|(given, _)| *given == id) {
                from_account.push(id.clone());
                answers.push((id, values));
            }
        }
    }
    let account_name = config.account.as_ref().map_or("", |l| l.name.as_str());
    let mut respondent = AccountAnswers::new(account_name, &from_account, config.prompts);
    let interactive = config.interactive;
    let transcript =
        interview::drive(&script, &answers, interactive.then_some(&mut respondent as &mut dyn Respondent))?;
    respondent.show_reached(&transcript.path, &transcript.answers)?;
    if !transcript.missing.is_empty() {
        return Err(interview::missing_answers(&script, &transcript));
    }
    let ignored: Vec<&str> =
        transcript.ignored.iter().filter(|id| !from_account.contains(id)).map(String::as_str).collect();
    if config.verbose && !ignored.is_empty() {
        eprintln!("note: answers not used on this path: {}", inert::line(&ignored.join(", ")));
    }
    let mut asker = TerminalAsker::new(config.prompts);
    let asker = interactive.then_some(&mut asker as &mut dyn Asker);
    let logged = config.account.as_ref().map(|l| l.account.steps_done()).unwrap_or_default();
    let case = Case::build(&script, &library.situations()?, &transcript, &config.values, &logged, &from_account);
    let mut sheet = sheet::build(library, &case, asker, config.strict, &|| config.today.date())?;
    if !interactive {
        terminal::warn_values(&sheet.warnings, &sheet.missing_values);
    }
    if let Some(link) = &config.account {
        sheet.account = Some(link.name.clone());
        sheet.answer_sources = from_account
            .iter()
            .filter(|id| transcript.path.contains(id))
            .map(|id| (id.clone(), AnswerSource::Account))
            .collect();
    }
    let text = format::render(&sheet, config.output.format, config.output.text)?;
    output::emit(config.output.path.as_deref(), config.output.force, &text)?;
    if let Some(link) = config.account.as_ref().filter(|l| l.record) {
        record(link, &script, &transcript, &sheet)?;
    }
    Ok(Outcome::Clean)
}

/// Writes the verdict into the account: today's date, the situation, the step the sheet points to,
/// and the names the rep typed for roles the account did not have.
fn record(link: &AccountLink, script: &Script, transcript: &Transcript, sheet: &PrepSheet) -> Result<(), Error> {
    let next_step = sheet.steps.iter().position(|s| s.status == StepStatus::Next).map(|i| i + 1);
    let known = link.account.values_by_role();
    let new_names: Vec<(String, String)> = transcript
        .path
        .iter()
        .filter_map(|id| {
            let role = script.question(id)?.variable.clone()?;
            let name = transcript.answers.get(id)?.first()?.clone();
            // A name left blank (`-`) is not a name to keep.
            (!known.contains_key(&role) && name != crate::values::LEAVE_BLANK).then_some((role, name))
        })
        .collect();
    let answer = |id: &str| transcript.answers.get(id).and_then(|v| v.first()).map(String::as_str);
    let learned = Learned {
        stage: answer(STAGE_QUESTION).and_then(|s| Stage::parse(s).ok()),
        kind: answer(KIND_QUESTION).and_then(|k| Kind::parse(k).ok()),
        facts: transcript
            .path
            .iter()
            .filter(|id| script.question(id).is_some_and(|q| q.stable))
            .filter_map(|id| Some((id.clone(), transcript.answers.get(id)?.clone())))
            .collect(),
        names: new_names,
    };
    let path =
        link.place.store.record_diagnosis(&link.name, link.place.today, &sheet.situation, next_step, &learned)?;
    let step = next_step.map(|n| format!(", next step {n}")).unwrap_or_default();
    let names: Vec<String> = learned.names.iter().map(|(role, name)| format!("{role} = {name}")).collect();
    let names = if names.is_empty() { String::new() } else { format!("; added {}", names.join(", ")) };
    eprintln!(
        "{}",
        crate::format::inert::line(&format!("Recorded in {}: {}{step}{names}", path.display(), sheet.situation))
    );
    Ok(())
}

fn list_questions(script: &Script, format: Format) -> Result<Outcome, Error> {
    let text = match format {
        Format::Json => format::json(&script.questions)?,
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
            inert::text(&out).into_owned()
        }
    };
    output::stdout(&text)?;
    Ok(Outcome::Clean)
}
