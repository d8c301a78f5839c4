//! Prompts: dialoguer widgets for interview questions ([`TerminalRespondent`]) and for talk-track
//! values the flags and files did not supply ([`TerminalAsker`]).
//!
//! Input is validated with the same rules as flags and files ([`crate::interview::validate`],
//! [`crate::values::clean`]), and re-asked when empty. Prompts and labels come from the library
//! and are printed through [`crate::format::inert`].

use super::restore_cursor;
use super::signals;
use crate::content::talk_track::Variable;
use crate::error::Error;
use crate::format::inert::line;
use crate::values::{clean, Asker};
use dialoguer::theme::ColorfulTheme;
use dialoguer::Input;

/// Maps a dialoguer failure to mend's error; Ctrl-C becomes [`Error::Interrupted`].
pub fn dialog_error(err: dialoguer::Error) -> Error {
    let dialoguer::Error::IO(io) = err;
    restore_cursor();
    Error::io("cannot read from the terminal", io)
}

/// Asks for talk-track values on the terminal.
#[derive(Debug, Default)]
pub struct TerminalAsker;

impl Asker for TerminalAsker {
    fn ask(&mut self, variable: &Variable) -> Result<String, Error> {
        ask_variable(variable)
    }
}

/// Asks for one variable, with its default pre-filled.
fn ask_variable(var: &Variable) -> Result<String, Error> {
    signals::install();
    let theme = ColorfulTheme::default();
    let mut input = Input::<String>::with_theme(&theme);
    let mut prompt = var.prompt.to_string();
    if let Some(example) = &var.example {
        prompt.push_str(&format!(" (e.g. {example})"));
    }
    input = input.with_prompt(line(&prompt)).validate_with(|v: &String| -> Result<(), &str> {
        if clean(v).is_empty() {
            Err("a value is needed")
        } else {
            Ok(())
        }
    });
    if let Some(default) = &var.default {
        // A default is a value: cleaned like one before it is shown.
        input = input.default(clean(default));
    }
    input.interact_text().map(|v| clean(&v)).map_err(dialog_error)
}

/// Asks interview questions with dialoguer widgets: Select, MultiSelect, Input. Every question
/// after the first offers a way back one question.
#[derive(Debug, Default)]
pub struct TerminalRespondent;

const BACK: &str = "← back to the previous question";

impl crate::interview::Respondent for TerminalRespondent {
    fn ask(
        &mut self,
        question: &crate::interview::Question,
        interview: &crate::interview::Interview,
    ) -> Result<crate::interview::Response, Error> {
        use crate::interview::{Kind, Response};
        use dialoguer::{MultiSelect, Select};
        signals::install();
        let theme = ColorfulTheme::default();
        let can_go_back = !interview.path().is_empty();
        let term = console::Term::stderr();
        if let Some(help) = &question.help {
            let _ = term.write_line(&console::style(line(help)).dim().to_string());
        }
        let prompt = line(&question.text).into_owned();
        match question.kind {
            Kind::Single | Kind::YesNo => {
                let mut labels: Vec<String> = match question.kind {
                    Kind::YesNo => vec!["Yes".into(), "No".into()],
                    _ => question.choices.iter().map(|c| line(&c.label).into_owned()).collect(),
                };
                let values: Vec<String> = match question.kind {
                    Kind::YesNo => vec!["yes".into(), "no".into()],
                    _ => question.choices.iter().map(|c| c.value.clone()).collect(),
                };
                if can_go_back {
                    labels.push(BACK.into());
                }
                let pick = Select::with_theme(&theme)
                    .with_prompt(prompt)
                    .items(&labels)
                    .default(0)
                    .interact_on(&term)
                    .map_err(dialog_error)?;
                Ok(match values.get(pick) {
                    Some(v) => Response::Answer(vec![v.clone()]),
                    None => Response::Back,
                })
            }
            Kind::Multiple => {
                let mut labels: Vec<String> = question.choices.iter().map(|c| line(&c.label).into_owned()).collect();
                if can_go_back {
                    labels.push(BACK.into());
                }
                let picks = MultiSelect::with_theme(&theme)
                    .with_prompt(format!("{prompt} (space to tick, enter when done)"))
                    .items(&labels)
                    .interact_on(&term)
                    .map_err(dialog_error)?;
                if picks.contains(&question.choices.len()) {
                    return Ok(Response::Back);
                }
                Ok(Response::Answer(
                    picks.iter().filter_map(|i| question.choices.get(*i)).map(|c| c.value.clone()).collect(),
                ))
            }
            Kind::Text => {
                let hint = if can_go_back { " (< to go back)" } else { "" };
                let value: String = Input::with_theme(&theme)
                    .with_prompt(format!("{prompt}{hint}"))
                    .validate_with(|v: &String| -> Result<(), &str> {
                        if clean(v).is_empty() {
                            Err("a value is needed")
                        } else {
                            Ok(())
                        }
                    })
                    .interact_text_on(&term)
                    .map_err(dialog_error)?;
                if can_go_back && value.trim() == "<" {
                    return Ok(Response::Back);
                }
                Ok(Response::Answer(vec![value]))
            }
        }
    }
}
