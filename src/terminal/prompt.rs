//! Prompts: interview questions ([`TerminalRespondent`]) and talk-track values the flags and files
//! did not supply ([`TerminalAsker`]), drawn by mend's own [`Screen`](super::screen::Screen).
//!
//! Input is validated with the same rules as flags and files ([`crate::interview::validate`],
//! [`crate::values::check_value`]); a refusal is shown with its reason. Going back (`<`) erases
//! the previous question's settled line and opens it with the previous answer selected.

use super::install_interrupt_handler;
use super::screen::{Choice, Reply, Screen, TextCheck, TextPrompt};
use crate::config::PromptStyle;
use crate::error::Error;
use crate::interview::{Interview, Kind, Question, Respondent, Response};
use crate::values::{Asker, Checked, ValueAnswer, ValueQuestion};
use std::collections::BTreeMap;

/// Maps a terminal failure to mend's error; an interrupted read becomes exit 130.
fn io_error(err: std::io::Error) -> Error {
    super::restore_cursor();
    if err.kind() == std::io::ErrorKind::Interrupted {
        return Error::Interrupted;
    }
    Error::io("cannot read from the terminal", err)
}

/// Asks for talk-track values on the terminal.
pub struct TerminalAsker {
    screen: Screen,
    /// Lines each settled answer took, newest last, so going back can erase it.
    settled: Vec<usize>,
}

impl TerminalAsker {
    pub fn new(style: PromptStyle) -> Self {
        TerminalAsker { screen: Screen::new(style.color, style.dumb), settled: Vec::new() }
    }
}

impl Asker for TerminalAsker {
    fn ask(&mut self, q: &ValueQuestion<'_>) -> Result<ValueAnswer, Error> {
        install_interrupt_handler();
        let mut context = Vec::new();
        if let Some(frame) = &q.frame {
            context.push(format!("“{frame}”"));
        }
        if let Some(example) = &q.variable.example {
            context.push(format!("e.g. {example}"));
        }
        let prompt = TextPrompt {
            question: &q.variable.prompt,
            context: &context,
            initial: q.initial.as_deref(),
            can_go_back: q.can_go_back,
        };
        let check = |typed: &str| match q.check(typed) {
            Checked::Refused(reason) => TextCheck::Refused(reason),
            Checked::Accepted(value, warnings) => TextCheck::Accepted(
                value,
                warnings
                    .iter()
                    .map(|w| {
                        let fix =
                            w.fix.as_deref().map(|f| format!(" Fix: {}.", f.trim_end_matches('.'))).unwrap_or_default();
                        format!("“{}”: {}.{fix}", w.matched, w.message.trim_end_matches('.'))
                    })
                    .collect(),
            ),
        };
        let (reply, used) = self.screen.text(&prompt, &check).map_err(io_error)?;
        Ok(match reply {
            Reply::Answer(value) => {
                self.settled.push(used);
                ValueAnswer::Value(value)
            }
            Reply::Back => {
                let lines = self.settled.pop().unwrap_or(0);
                self.screen.erase(lines).map_err(io_error)?;
                ValueAnswer::Back
            }
        })
    }
}

/// Asks interview questions. Every question after the first goes back with `<`.
pub struct TerminalRespondent {
    screen: Screen,
    settled: Vec<usize>,
    /// The last answer to each question, to select again after going back.
    previous: BTreeMap<String, Vec<String>>,
}

impl TerminalRespondent {
    pub fn new(style: PromptStyle) -> Self {
        TerminalRespondent {
            screen: Screen::new(style.color, style.dumb),
            settled: Vec::new(),
            previous: BTreeMap::new(),
        }
    }
}

impl Respondent for TerminalRespondent {
    fn ask(&mut self, question: &Question, interview: &Interview) -> Result<Response, Error> {
        install_interrupt_handler();
        let can_go_back = !interview.path().is_empty();
        let before = self.previous.get(&question.id).cloned().unwrap_or_default();
        let (reply, used) = match question.kind {
            Kind::Single | Kind::YesNo | Kind::Multiple => {
                let (labels, values): (Vec<String>, Vec<String>) = match question.kind {
                    Kind::YesNo => (vec!["Yes".into(), "No".into()], vec!["yes".into(), "no".into()]),
                    _ => question.choices.iter().map(|c| (c.label.to_string(), c.value.clone())).unzip(),
                };
                let selected: Vec<usize> = before.iter().filter_map(|b| values.iter().position(|v| v == b)).collect();
                let choice = Choice {
                    question: &question.text,
                    help: question.help.as_deref(),
                    items: &labels,
                    multiple: question.kind == Kind::Multiple,
                    selected: &selected,
                    no_default: question.kind == Kind::YesNo,
                    can_go_back,
                };
                let (reply, used) = self.screen.choose(&choice).map_err(io_error)?;
                let reply = match reply {
                    Reply::Answer(picks) => {
                        Reply::Answer(picks.iter().filter_map(|i| values.get(*i).cloned()).collect::<Vec<_>>())
                    }
                    Reply::Back => Reply::Back,
                };
                (reply, used)
            }
            Kind::Text => {
                let prompt = TextPrompt {
                    question: &question.text,
                    context: &[],
                    initial: before.first().map(String::as_str),
                    can_go_back,
                };
                let check = |typed: &str| match crate::interview::validate(question, &[typed.to_string()]) {
                    Ok(v) => TextCheck::Accepted(v.join(" "), Vec::new()),
                    Err(reason) => TextCheck::Refused(reason),
                };
                let (reply, used) = self.screen.text(&prompt, &check).map_err(io_error)?;
                (reply.map(|v| vec![v]), used)
            }
        };
        Ok(match reply {
            Reply::Answer(values) => {
                self.settled.push(used);
                self.previous.insert(question.id.clone(), values.clone());
                Response::Answer(values)
            }
            Reply::Back => {
                let lines = self.settled.pop().unwrap_or(0);
                self.screen.erase(lines).map_err(io_error)?;
                Response::Back
            }
        })
    }
}
