//! `mend log ACCOUNT TEXT [--done SITUATION:STEP]`: a dated note, optionally marking a step done.

use crate::account::agenda;
use crate::account::edit::{self, NewEvent};
use crate::account::StepRef;
use crate::config::account::{LogConfig, Place};
use crate::content::situation::Situation;
use crate::diagnostic;
use crate::error::{Error, Outcome};
use crate::library::Library;

pub fn run(config: LogConfig, place: &Place, library: &Library) -> Result<Outcome, Error> {
    let situations = library.situations()?;
    let done = match &config.done {
        Some((situation, step)) => Some(resolve_step(&situations, situation, step)?),
        None => None,
    };
    let event = NewEvent { date: place.today, note: Some(config.note), done: done.clone(), diagnosis: None };
    let (path, account) = place.store.update(&config.name, |doc, _| {
        edit::add_event(doc, &event);
        Ok(())
    })?;
    eprintln!("{}", crate::format::inert::line(&format!("Logged to `{}`: {}", config.name, path.display())));
    if let Some(done) = done {
        let situation = situations.iter().find(|s| s.id == done.situation);
        if let Some(rung) = agenda::ladders(&account, &situations).into_iter().find(|r| r.situation == done.situation) {
            let how = rung.track.map(|t| format!(": `mend say {t} --account {}`", config.name)).unwrap_or_default();
            eprintln!(
                "{}",
                crate::format::inert::line(&format!(
                    "Next rung ({} of {}): {}{how}",
                    rung.step, rung.of, rung.step_title
                ))
            );
        } else if situation.is_some_and(|s| s.ladder) {
            eprintln!(
                "That was the last rung mend offers on its own; `mend diagnose` decides whether the top one opens."
            );
        }
    }
    Ok(Outcome::Clean)
}

/// `gatekeeper` + `2` or `gatekeeper` + `ease-sponsor-fear`: a situation of the library and one of
/// its steps, by 1-based number or by a talk-track it names (the last step naming it, since a
/// track used for two steps is done when the later one is).
fn resolve_step(situations: &[Situation], situation: &str, step: &str) -> Result<StepRef, Error> {
    let ids = || situations.iter().map(|s| s.id.as_str());
    let Some(found) = situations.iter().find(|s| s.id == situation) else {
        return Err(Error::usage_hint(
            format!("--done: there is no situation `{}`", situation.escape_debug()),
            diagnostic::did_you_mean(situation, ids())
                .or_else(|| Some(format!("situations: {}", ids().collect::<Vec<_>>().join(", ")))),
        ));
    };
    let number = match step.parse::<usize>() {
        Ok(n) if (1..=found.steps.len()).contains(&n) => n,
        Ok(_) => {
            return Err(Error::usage(format!("--done: `{situation}` has steps 1 to {}, not {step}", found.steps.len())))
        }
        Err(_) => match found.steps.iter().rposition(|s| s.tracks.iter().any(|t| t == step)) {
            Some(i) => i + 1,
            None => {
                let tracks: Vec<&str> = found.steps.iter().flat_map(|s| s.tracks.iter().map(String::as_str)).collect();
                return Err(Error::usage_hint(
                    format!("--done: no step of `{situation}` uses `{}`", step.escape_debug()),
                    diagnostic::did_you_mean(step, tracks.iter().copied()).or_else(|| {
                        Some(format!(
                            "give the step number (1 to {}) or one of: {}",
                            found.steps.len(),
                            tracks.join(", ")
                        ))
                    }),
                ));
            }
        },
    };
    Ok(StepRef { situation: situation.to_string(), step: number })
}
