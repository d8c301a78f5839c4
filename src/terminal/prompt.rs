//! Prompts: dialoguer widgets for interview questions ([`TerminalRespondent`]) and for talk-track
//! values the flags and files did not supply ([`TerminalAsker`]).
//!
//! Input is validated with the same rules as flags and files ([`crate::interview::validate`],
//! [`crate::values::clean`]), and re-asked when empty.

use super::{install_interrupt_handler, restore_cursor};
use crate::content::talk_track::Variable;
use crate::error::Error;
use crate::interview::{Interview, Question, Respondent, Response};
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
    install_interrupt_handler();
    let theme = ColorfulTheme::default();
    let mut input = Input::<String>::with_theme(&theme);
    let mut prompt = var.prompt.to_string();
    if let Some(example) = &var.example {
        prompt.push_str(&format!(" (e.g. {example})"));
    }
    input = input.with_prompt(prompt).validate_with(|v: &String| -> Result<(), &str> {
        if clean(v).is_empty() {
            Err("a value is needed")
        } else {
            Ok(())
        }
    });
    if let Some(default) = &var.default {
        input = input.default(default.clone());
    }
    input.interact_text().map(|v| clean(&v)).map_err(dialog_error)
}

/// Asks interview questions with dialoguer widgets: Select, MultiSelect, Input. Every question
/// after the first offers a way back one question.
#[derive(Debug, Default)]
pub struct TerminalRespondent;

const BACK: &str = "← back to the previous question";

impl Respondent for TerminalRespondent {
    fn ask(&mut self, question: &Question, interview: &Interview) -> Result<Response, Error> {
        use crate::interview::Kind;
        use dialoguer::{MultiSelect, Select};
        install_interrupt_handler();
        let theme = ColorfulTheme::default();
        let can_go_back = !interview.path().is_empty();
        let term = console::Term::stderr();
        if let Some(help) = &question.help {
            let _ = term.write_line(&console::style(help).dim().to_string());
        }
        let prompt = question.text.clone();
        match question.kind {
            Kind::Single | Kind::YesNo => {
                let mut labels: Vec<String> = match question.kind {
                    Kind::YesNo => vec!["Yes".into(), "No".into()],
                    _ => question.choices.iter().map(|c| c.label.to_string()).collect(),
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
                let mut labels: Vec<String> = question.choices.iter().map(|c| c.label.to_string()).collect();
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

/// Shows each interview answer an account gave, once, as the interview reaches it:
/// `✔ stage: client (from account northwind)` on stderr. As a [`Respondent`] it announces the
/// account's answers on the path so far before asking the next question on the terminal; without
/// a terminal, [`AccountAnswers::show_reached`] announces them after the interview.
#[derive(Debug)]
pub struct AccountAnswers<'a> {
    account: &'a str,
    ids: &'a [String],
    shown: Vec<String>,
    terminal: TerminalRespondent,
}

impl<'a> AccountAnswers<'a> {
    /// `ids`: the questions the account answered.
    pub fn new(account: &'a str, ids: &'a [String]) -> Self {
        AccountAnswers { account, ids, shown: Vec::new(), terminal: TerminalRespondent }
    }

    /// Announces the account's answers on `path` not shown yet.
    pub fn show_reached(&mut self, path: &[String], answers: &crate::interview::Answers) {
        let term = console::Term::stderr();
        for id in path {
            if !self.ids.contains(id) || self.shown.contains(id) {
                continue;
            }
            let values = answers.get(id).map(|v| v.join(", ")).unwrap_or_default();
            let mark = console::style("✔").for_stderr().green();
            let from = console::style(format!("(from account {})", self.account)).for_stderr().dim();
            let _ = term.write_line(&format!("{mark} {id}: {values} {from}"));
            self.shown.push(id.clone());
        }
    }
}

impl Respondent for AccountAnswers<'_> {
    fn ask(&mut self, question: &Question, interview: &Interview) -> Result<Response, Error> {
        self.show_reached(interview.path(), interview.answers());
        self.terminal.ask(question, interview)
    }
}

/// Asks for one account field (see [`crate::account::edit::prompts`]): a pick from its choices, or
/// text checked by `check` (the same check as the field's flag). `None` for a blank optional answer.
pub fn ask_field(
    field: &crate::account::edit::FieldPrompt,
    check: impl Fn(&str) -> Result<(), String>,
) -> Result<Option<String>, Error> {
    install_interrupt_handler();
    let theme = ColorfulTheme::default();
    let term = console::Term::stderr();
    if !field.choices.is_empty() {
        let labels: Vec<&str> = field.choices.iter().map(|(_, label)| *label).collect();
        let pick = dialoguer::Select::with_theme(&theme)
            .with_prompt(field.text)
            .items(&labels)
            .default(0)
            .interact_on(&term)
            .map_err(dialog_error)?;
        return Ok(field.choices.get(pick).map(|(value, _)| value.to_string()));
    }
    let mut prompt = field.text.to_string();
    if let Some(example) = field.example {
        prompt.push_str(&format!(" (e.g. {example})"));
    }
    let optional = field.optional;
    let value: String = Input::with_theme(&theme)
        .with_prompt(prompt)
        .allow_empty(optional)
        .validate_with(|v: &String| -> Result<(), String> {
            match clean(v) {
                v if v.is_empty() && optional => Ok(()),
                v if v.is_empty() => Err("a value is needed".into()),
                v => check(&v),
            }
        })
        .interact_text_on(&term)
        .map_err(dialog_error)?;
    let value = clean(&value);
    Ok(if value.is_empty() { None } else { Some(value) })
}

/// A yes/no question on the terminal.
pub fn confirm(question: &str, default: bool) -> Result<bool, Error> {
    install_interrupt_handler();
    dialoguer::Confirm::with_theme(&ColorfulTheme::default())
        .with_prompt(question)
        .default(default)
        .interact_on(&console::Term::stderr())
        .map_err(dialog_error)
}

/// Runs the rep's editor on `path` and waits for it. `editor` is a shell command line, as
/// `$VISUAL` and `$EDITOR` are (`code --wait` works). Fails when the editor fails.
pub fn edit_file(editor: &str, path: &std::path::Path) -> Result<(), Error> {
    let status = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!("{editor} \"$1\""))
        .arg("mend-editor")
        .arg(path)
        .status()
        .map_err(|e| Error::io(format!("cannot start the editor `{editor}`"), e))?;
    if status.success() {
        Ok(())
    } else {
        Err(Error::usage_hint(
            format!("the editor `{editor}` failed ({status}); nothing was written"),
            Some("set VISUAL or EDITOR to the editor you use".into()),
        ))
    }
}
