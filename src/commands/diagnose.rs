//! `mend diagnose` (and bare `mend` on a terminal): run the interview, classify, and print the
//! prep sheet. The engine does the work; this module hands it the terminal front end when a
//! person can answer, and picks the format.

use crate::config::DiagnoseConfig;
use crate::error::{Error, Outcome};
use crate::format::inert;
use crate::format::{self, Format};
use crate::interview::{self, Respondent, Script};
use crate::library::Library;
use crate::terminal::prompt::{TerminalAsker, TerminalRespondent};
use crate::values::Asker;
use crate::{output, sheet};

pub fn run(config: DiagnoseConfig, library: &Library) -> Result<Outcome, Error> {
    let script = library.script()?;
    if config.list_questions {
        return list_questions(&script, config.output.format);
    }
    sheet::check_value_names(library, &script, &config.values)?;
    let (mut respondent, mut asker) = (TerminalRespondent, TerminalAsker);
    let interactive = config.interactive;
    let transcript =
        interview::drive(&script, &config.answers, interactive.then_some(&mut respondent as &mut dyn Respondent))?;
    if !transcript.missing.is_empty() {
        return Err(interview::missing_answers(&script, &transcript));
    }
    if config.verbose && !transcript.ignored.is_empty() {
        eprintln!("note: answers not used on this path: {}", inert::line(&transcript.ignored.join(", ")));
    }
    let asker = interactive.then_some(&mut asker as &mut dyn Asker);
    let sheet = sheet::build(library, &script, &transcript, &config.values, asker)?;
    let text = format::render(&sheet, config.output.format, config.output.text)?;
    output::emit(config.output.path.as_deref(), config.output.force, &text)?;
    Ok(Outcome::Clean)
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
