//! Prompts: interview questions ([`TerminalRespondent`]) and talk-track values the flags and files
//! did not supply ([`TerminalAsker`]), drawn by mend's own [`Screen`](super::screen::Screen).
//!
//! Input is validated with the same rules as flags and files ([`crate::interview::validate`],
//! [`crate::values::check_value`]); a refusal is shown with its reason. Going back (`<`) erases
//! the previous question's settled line and opens it with the previous answer selected.
//!
//! The account commands ask here too ([`ask_field`], [`confirm`]), on the same screen and rules,
//! and [`AccountAnswers`] shows the interview answers an account gave.
//!
//! Questions, choices, frames and examples come from the library, and answers from account
//! files: the [`Screen`] prints every one of them through [`crate::format::inert`].

use super::screen::{Choice, Reply, Screen, TextCheck, TextPrompt};
use super::signals;
use crate::config::PromptStyle;
use crate::error::Error;
use crate::interview::{Interview, Kind, Question, Respondent, Response};
use crate::values::{clean, Asker, Checked, ValueAnswer, ValueQuestion};
use std::collections::BTreeMap;

/// Maps a terminal failure to mend's error; an interrupted read becomes exit 130.
pub(crate) fn io_error(err: std::io::Error) -> Error {
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
        signals::install();
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
            can_leave_blank: true,
        };
        let check = |typed: &str| match q.check(typed) {
            Checked::Refused(reason) => TextCheck::Refused(reason),
            Checked::Blank => TextCheck::Blank,
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

impl TerminalRespondent {
    /// Writes a line that belongs with the last settled answer (what an account answered after
    /// it): going back to that question erases it with the answer. Before any answer it stays.
    fn note(&mut self, text: &str, from: &str) -> Result<(), Error> {
        let used = self.screen.given(text, from).map_err(io_error)?;
        if let Some(last) = self.settled.last_mut() {
            *last += used;
        }
        Ok(())
    }
}

impl Respondent for TerminalRespondent {
    fn ask(&mut self, question: &Question, interview: &Interview) -> Result<Response, Error> {
        signals::install();
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
                // A person who may be one named already is offered by that name (`same_as`).
                let same = question.same_as.iter().find_map(|role| {
                    let q = interview.script.person_question(role)?;
                    let name = interview.answers().get(&q.id)?.first()?.clone();
                    (name != crate::values::LEAVE_BLANK).then(|| (role.replace('_', " "), name))
                });
                let context: Vec<String> = same
                    .iter()
                    .map(|(role, name)| {
                        format!("Enter keeps {name} (the same person as the {role}); or type another name.")
                    })
                    .collect();
                let initial = before
                    .first()
                    .map(String::as_str)
                    .or(same.as_ref().map(|(_, name)| name.as_str()))
                    .filter(|v| *v != crate::values::LEAVE_BLANK);
                let prompt = TextPrompt {
                    question: &question.text,
                    context: &context,
                    initial,
                    can_go_back,
                    can_leave_blank: true,
                };
                let check = |typed: &str| match crate::interview::validate(question, &[typed.to_string()]) {
                    Ok(v) if v == [crate::values::LEAVE_BLANK] => TextCheck::Blank,
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

/// Shows each interview answer an account gave, once, as the interview reaches it:
/// `✔ stage: client (from account northwind)` on stderr. As a [`Respondent`] it announces the
/// account's answers on the path so far before asking the next question on the terminal; without
/// a terminal, [`AccountAnswers::show_reached`] announces them after the interview.
pub struct AccountAnswers<'a> {
    account: &'a str,
    ids: &'a [String],
    shown: Vec<String>,
    terminal: TerminalRespondent,
}

impl<'a> AccountAnswers<'a> {
    /// `ids`: the questions the account answered.
    pub fn new(account: &'a str, ids: &'a [String], style: PromptStyle) -> Self {
        AccountAnswers { account, ids, shown: Vec::new(), terminal: TerminalRespondent::new(style) }
    }

    /// Announces the account's answers on `path` not shown yet.
    pub fn show_reached(&mut self, path: &[String], answers: &crate::interview::Answers) -> Result<(), Error> {
        // Going back un-answers (and erases) what the account answered after the question the
        // rep returned to; those are shown again when the interview reaches them again.
        self.shown.retain(|id| path.contains(id));
        for id in path {
            if !self.ids.contains(id) || self.shown.contains(id) {
                continue;
            }
            let values = answers.get(id).map(|v| v.join(", ")).unwrap_or_default();
            self.terminal.note(&format!("{id}: {values}"), &format!("(from account {})", self.account))?;
            self.shown.push(id.clone());
        }
        Ok(())
    }
}

impl Respondent for AccountAnswers<'_> {
    fn ask(&mut self, question: &Question, interview: &Interview) -> Result<Response, Error> {
        self.show_reached(interview.path(), interview.answers())?;
        self.terminal.ask(question, interview)
    }
}

/// Asks for one account field (see [`crate::account::edit::prompts`]): a pick from its choices, or
/// text checked by `check` (the same check as the field's flag). `None` for a blank optional answer.
pub fn ask_field(
    field: &crate::account::edit::FieldPrompt,
    check: impl Fn(&str) -> Result<(), String>,
    style: PromptStyle,
) -> Result<Option<String>, Error> {
    signals::install();
    let screen = Screen::new(style.color, style.dumb);
    if !field.choices.is_empty() {
        let labels: Vec<String> = field.choices.iter().map(|(_, label)| label.to_string()).collect();
        let choice = Choice {
            question: field.text,
            help: None,
            items: &labels,
            multiple: false,
            selected: &[],
            no_default: false,
            can_go_back: false,
        };
        return match screen.choose(&choice).map_err(io_error)?.0 {
            Reply::Answer(picks) => Ok(picks.first().and_then(|i| field.choices.get(*i)).map(|(v, _)| v.to_string())),
            // No way back is offered on a field.
            Reply::Back => Ok(None),
        };
    }
    let context: Vec<String> = field.example.map(|e| format!("e.g. {e}")).into_iter().collect();
    let prompt = TextPrompt {
        question: field.text,
        context: &context,
        initial: None,
        can_go_back: false,
        can_leave_blank: false,
    };
    let optional = field.optional;
    let checked = |typed: &str| match clean(typed) {
        v if v.is_empty() && optional => TextCheck::Accepted(v, Vec::new()),
        v if v.is_empty() => TextCheck::Refused("a value is needed".into()),
        v => match check(&v) {
            Ok(()) => TextCheck::Accepted(v, Vec::new()),
            Err(reason) => TextCheck::Refused(reason),
        },
    };
    Ok(match screen.text(&prompt, &checked).map_err(io_error)?.0 {
        Reply::Answer(v) if !v.is_empty() => Some(v),
        _ => None,
    })
}

/// A yes/no question on the terminal, `default` under the cursor.
pub fn confirm(question: &str, default: bool, style: PromptStyle) -> Result<bool, Error> {
    signals::install();
    let screen = Screen::new(style.color, style.dumb);
    let items = ["Yes".to_string(), "No".to_string()];
    let choice = Choice {
        question,
        help: None,
        items: &items,
        multiple: false,
        selected: &[usize::from(!default)],
        no_default: false,
        can_go_back: false,
    };
    Ok(match screen.choose(&choice).map_err(io_error)?.0 {
        Reply::Answer(picks) => picks.first() == Some(&0),
        Reply::Back => false,
    })
}

/// Runs the rep's editor on `path` and waits for it. `editor` is a shell command line, as
/// `$VISUAL` and `$EDITOR` are (`code --wait` works); the shell `exec`s it, so the process mend
/// waits on (and passes SIGTERM and SIGHUP to) is the editor itself. Fails when the editor fails;
/// an editor ended by Ctrl-C is an interruption (130).
pub fn edit_file(editor: &str, path: &std::path::Path) -> Result<(), Error> {
    let mut child = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!("exec {editor} \"$1\""))
        .arg("mend-editor")
        .arg(path)
        .spawn()
        .map_err(|e| Error::io(format!("cannot start the editor `{editor}`"), e))?;
    let status = super::signals::while_child(child.id(), || child.wait())
        .map_err(|e| Error::io(format!("cannot wait for the editor `{editor}`"), e))?;
    #[cfg(unix)]
    if std::os::unix::process::ExitStatusExt::signal(&status) == Some(2) {
        return Err(Error::Interrupted);
    }
    if status.success() {
        Ok(())
    } else {
        Err(Error::usage_hint(
            format!("the editor `{editor}` failed ({status}); nothing was written"),
            Some("set VISUAL or EDITOR to the editor you use".into()),
        ))
    }
}
