//! The rehearsal at a terminal: the scripted client's lines, the rep's replies, and what mend
//! heard in each, as soon as it is entered.
//!
//! Same screen and rules as every prompt ([`super::screen`]): lines wrapped at words to the
//! terminal width, `<` alone takes back the last reply (the client says that line again and the
//! lines of that turn are erased), Ctrl-C leaves at once with nothing written (the account is only
//! touched after the debrief), no colour with `NO_COLOR`, no cursor movement with `TERM=dumb`.
//! Every text shown comes from a script or the rep and goes through [`crate::format::inert`].

use super::prompt::io_error;
use super::screen::{Choice, Reply, Screen, TextCheck, TextPrompt, Tone};
use super::signals;
use crate::config::PromptStyle;
use crate::error::Error;
use crate::rehearsal::{Ending, Grade, Move, Rep, RepReply, Turn};

/// The rep at the terminal.
pub struct TerminalRep {
    screen: Screen,
    speaker: String,
    /// Lines each turn took on screen (the client's line, the reply, what was heard), newest last.
    turns: Vec<usize>,
    /// Lines the client's current line took, before the reply.
    pending: usize,
}

impl TerminalRep {
    pub fn new(style: PromptStyle, speaker: String) -> Self {
        TerminalRep { screen: Screen::new(style.color, style.dumb), speaker, turns: Vec::new(), pending: 0 }
    }

    /// The title, the brief, and the plain word that the client is scripted.
    pub fn open(&mut self, title: &str, brief: &str) -> Result<(), Error> {
        signals::install();
        let s = &self.screen;
        s.say(&format!("Rehearsal: {title}"), "", Tone::Strong).map_err(io_error)?;
        s.say(brief, "", Tone::Plain).map_err(io_error)?;
        s.say(
            "The client is scripted: a coach wrote every line, and your reply decides which comes next. Say it as you \
             would on the call. < alone takes back your last reply; Ctrl-C leaves without writing anything.",
            "",
            Tone::Dim,
        )
        .map_err(io_error)?;
        s.say("", "", Tone::Plain).map_err(io_error)?;
        Ok(())
    }
}

impl Rep for TerminalRep {
    fn reply(&mut self, client: &str, _number: usize, can_retake: bool) -> Result<RepReply, Error> {
        signals::install();
        self.pending = self.screen.say(client, &format!("{}: ", self.speaker), Tone::Strong).map_err(io_error)?;
        let prompt = TextPrompt {
            question: "You:",
            context: &[],
            initial: None,
            can_go_back: can_retake,
            can_leave_blank: false,
        };
        let check = |typed: &str| {
            let said = crate::values::clean(typed);
            if said.is_empty() {
                TextCheck::Refused("say something: the client is waiting for your answer".into())
            } else {
                TextCheck::Accepted(said, Vec::new())
            }
        };
        let (reply, used) = self.screen.text(&prompt, &check).map_err(io_error)?;
        match reply {
            Reply::Answer(said) => {
                // The prompt settles a reply with a tick, as for a value; here a tick would praise a
                // reply before it is checked, so it becomes the plain line of a transcript.
                if self.screen.moves_cursor() {
                    self.screen.erase(used).map_err(io_error)?;
                    self.pending += self.screen.say(&said, "You: ", Tone::Plain).map_err(io_error)?;
                } else {
                    self.pending += used;
                }
                Ok(RepReply::Said(said))
            }
            Reply::Back => {
                // This line, then the whole last turn, go; the client says that line again.
                let last = self.turns.pop().unwrap_or(0);
                if self.screen.moves_cursor() {
                    self.screen.erase(self.pending + last).map_err(io_error)?;
                } else {
                    self.screen.say("(taking back your last reply)", "  ", Tone::Dim).map_err(io_error)?;
                }
                self.pending = 0;
                Ok(RepReply::Retake)
            }
        }
    }

    fn heard(&mut self, turn: &Turn) -> Result<(), Error> {
        let s = &self.screen;
        let mut used = 0;
        for f in &turn.findings {
            let fix = f.fix.as_deref().map(|x| format!(" Fix: {}.", x.trim_end_matches('.'))).unwrap_or_default();
            let text = format!("“{}”: {}.{fix}", f.matched, f.message.trim_end_matches('.'));
            used += s.say(&text, "  ! ", Tone::Warn).map_err(io_error)?;
        }
        for m in turn.missed() {
            // The findings above already say what a missed "no but" or "no blame" was.
            if !turn.findings.is_empty() && matches!(m.the_move, Move::NoBut | Move::NoBlame) {
                continue;
            }
            let why = m.why.as_deref().unwrap_or("missing");
            let text = if m.the_move == Move::Apologise && crate::rehearsal::moves::apologises(&turn.reply) {
                format!("an apology too early: {why}")
            } else {
                format!("not heard: {} ({why})", m.the_move.label())
            };
            used += s.say(&text, "  · ", Tone::Warn).map_err(io_error)?;
        }
        if turn.grade == Grade::Accountable {
            let met: Vec<&str> = turn
                .moves
                .iter()
                .filter(|m| !matches!(m.the_move, Move::NoBut | Move::NoBlame))
                .map(|m| m.the_move.label())
                .collect();
            let text = if met.is_empty() { "no but, no blame".to_string() } else { met.join(", ") };
            used += s.say(&text, "  ✔ ", Tone::Good).map_err(io_error)?;
        }
        self.turns.push(self.pending + used);
        self.pending = 0;
        Ok(())
    }

    fn closing(&mut self, ending: &Ending) -> Result<(), Error> {
        let s = &self.screen;
        s.say(&ending.client, &format!("{}: ", self.speaker), Tone::Strong).map_err(io_error)?;
        s.say(&format!("(the call ended {})", ending.tone), "  ", Tone::Dim).map_err(io_error)?;
        s.say("", "", Tone::Plain).map_err(io_error)?;
        Ok(())
    }
}

/// One pick from `items` on the terminal (which rehearsal to play); the index.
pub fn choose_one(question: &str, items: &[String], style: PromptStyle) -> Result<usize, Error> {
    signals::install();
    let screen = Screen::new(style.color, style.dumb);
    let choice =
        Choice { question, help: None, items, multiple: false, selected: &[], no_default: false, can_go_back: false };
    match screen.choose(&choice).map_err(io_error)?.0 {
        Reply::Answer(picks) => Ok(picks.first().copied().unwrap_or(0)),
        Reply::Back => Ok(0),
    }
}
