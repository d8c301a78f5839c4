//! Rehearsals: mend plays the client of one hard call from a branching script, checks each reply
//! the rep types, and ends with a debrief.
//!
//! The engine is pure, like the interview: [`Session`] holds the call so far, [`Session::reply`]
//! checks one reply (the lint typed values get, plus the [`moves`] this point of the call needs)
//! and moves the client along the branch that follows from it, and [`Session::debrief`] scores
//! the call and quotes the better wording. Who types the replies is a [`Rep`]: the terminal front
//! end ([`crate::terminal::rehearsal`]) or the lines of a `--replies` file ([`Replies`]). Scripts
//! are data ([`script`]), found across library layers like the rest of the content, and
//! [`check`] is what `mend check` proves about them.
//!
//! The client is scripted: the branches are written by a coach, never generated, so every line
//! the client says is a line a person wrote and read.

pub mod check;
pub mod moves;
pub mod script;

pub use moves::Move;
pub use script::{Line, Rehearsal};

use crate::content::talk_track::TalkTrack;
use crate::error::Error;
use crate::format::document::{Content, Document, Section};
use crate::format::Printable;
use crate::sheet::track::RenderedTrack;
use crate::values::{self, clean, ValueStore};
use serde::Serialize;
use std::collections::BTreeMap;

/// How a reply landed, and so which branch the client takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Grade {
    /// Every move this point needs, and nothing that costs trust.
    Accountable,
    /// Nothing that costs trust, and a move missing.
    Partial,
    /// A "but", blame, an excuse, or giving in where the stance is to hold firm.
    Defensive,
}

/// A lint finding on a reply.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub rule: String,
    /// The words the rule matched.
    pub matched: String,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fix: Option<String>,
}

/// One move checked on a reply.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MoveCheck {
    #[serde(rename = "move")]
    pub the_move: Move,
    pub met: bool,
    /// Why it was not met.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub why: Option<String>,
}

/// One exchange: what the client said, what the rep replied, and what mend heard in it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Turn {
    /// The id of the client's line.
    pub line: String,
    pub client: String,
    pub reply: String,
    pub findings: Vec<Finding>,
    pub moves: Vec<MoveCheck>,
    pub grade: Grade,
    #[serde(skip)]
    index: usize,
}

impl Turn {
    /// The moves not met, in order.
    pub fn missed(&self) -> impl Iterator<Item = &MoveCheck> {
        self.moves.iter().filter(|m| !m.met)
    }
}

/// The client's closing line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Ending {
    pub client: String,
    /// `warm`, `cool` or `cold`: how the call ended.
    pub tone: String,
}

/// A reply that cost trust, with the words that would have kept it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Costly {
    pub client: String,
    pub reply: String,
    /// What the point of the call was (the script's `point`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub point: Option<String>,
    /// The findings and missed moves, one plain line each.
    pub problems: Vec<String>,
    /// The better wording, from the situation's talk-track.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub better: Option<String>,
}

/// The end of a rehearsal: the score, what cost trust, and what to do on the real call.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Debrief {
    pub score: u32,
    /// Moves met and moves checked, across the call.
    pub met: usize,
    pub checked: usize,
    pub ending: Option<Ending>,
    pub cost_trust: Vec<Costly>,
    /// The talk-track the better wording comes from (`mend say TRACK`).
    pub track: String,
    pub real_call: Vec<String>,
}

/// A whole rehearsal, for `--format json` and the text report.
#[derive(Debug, Clone, Serialize)]
pub struct Played {
    pub rehearsal: String,
    pub title: String,
    pub situation: String,
    pub score: u32,
    /// Who the rep spoke with, as the report names them.
    #[serde(skip)]
    pub speaker: String,
    pub turns: Vec<Turn>,
    pub debrief: Debrief,
    /// Whether the report shows the call itself (a person at a terminal has just seen it).
    #[serde(skip)]
    pub show_call: bool,
}

impl Printable for Played {
    fn document(&self) -> Document {
        let d = &self.debrief;
        let mut intro = format!("Score: {}/100 ({} of {} moves).", d.score, d.met, d.checked);
        if let Some(e) = &d.ending {
            intro.push_str(&format!(" The call ended {}.", e.tone));
        }
        let mut sections = Vec::new();
        if self.show_call {
            let mut call: Vec<String> = Vec::new();
            for t in &self.turns {
                call.push(format!("{}: “{}”", self.speaker, t.client));
                call.push(format!("You: “{}” ({})", t.reply, grade_word(t.grade)));
            }
            call.extend(
                d.ending.iter().map(|e| format!("{}: “{}” (the call ended {})", self.speaker, e.client, e.tone)),
            );
            sections.push(Section::new("The call", Content::List(call)));
        }
        if d.cost_trust.is_empty() {
            sections.push(Section::new(
                "What cost trust",
                Content::Paragraph("Nothing: every reply made the moves its moment needed.".into()),
            ));
        } else {
            let items = d
                .cost_trust
                .iter()
                .map(|c| {
                    let mut item = format!("To “{}”, you said “{}”", c.client, c.reply);
                    if let Some(point) = &c.point {
                        item.push_str(&format!(" — the moment needed: {}.", point.trim_end_matches('.')));
                    }
                    if c.point.is_none() {
                        item.push('.');
                    }
                    for p in &c.problems {
                        item.push_str(&format!(" {}.", p.trim_end_matches('.')));
                    }
                    if let Some(better) = &c.better {
                        item.push_str(&format!(" Better, from `{}`: “{better}”", d.track));
                    }
                    item
                })
                .collect();
            sections.push(Section::new("What cost trust", Content::Steps(items)));
        }
        sections.push(Section::new("On the real call", Content::List(d.real_call.clone())));
        Document { title: format!("Rehearsal: {}", self.title), intro: Some(intro), sections }
    }
}

fn grade_word(grade: Grade) -> &'static str {
    match grade {
        Grade::Accountable => "accountable",
        Grade::Partial => "a move missing",
        Grade::Defensive => "defensive",
    }
}

/// What the talk-track gives the debrief: its spoken lines and next step, rendered with the
/// case's names.
#[derive(Debug, Clone, Default)]
pub struct TrackWords {
    pub lines: Vec<String>,
    pub next_step: Option<String>,
}

impl TrackWords {
    /// The spoken line holding `snippet`.
    pub fn line_with(&self, snippet: &str) -> Option<&str> {
        self.lines.iter().map(String::as_str).find(|l| l.contains(snippet))
    }
}

/// The spoken lines and the next step of `track`, rendered with the names in `values` (a blank
/// `[label]` for each it lacks) and no answer flags: the words the track says when the case
/// knows only the names.
pub fn track_words(track: &TalkTrack, values: &ValueStore) -> TrackWords {
    use crate::format::document::{bracket_blanks, SayBlock};
    let resolved = values.resolve(&track.front.variables).unwrap_or_default();
    let Ok(rendered) = RenderedTrack::render(track, &resolved, &[]) else { return TrackWords::default() };
    let lines = rendered
        .sections
        .say
        .iter()
        .filter_map(|b| match b {
            SayBlock::Speech(text) => Some(bracket_blanks(text)),
            SayBlock::Direction(_) => None,
        })
        .flat_map(|text| text.lines().map(str::trim).filter(|l| !l.is_empty()).map(str::to_string).collect::<Vec<_>>())
        .collect();
    TrackWords { lines, next_step: Some(bracket_blanks(&rendered.sections.next_step)) }
}

/// The names the script's lines use, filled: a value given, or `[label]` where none was.
pub fn fill_names(rehearsal: &Rehearsal, resolved: &values::Resolved) -> BTreeMap<String, String> {
    rehearsal
        .variables
        .iter()
        .map(|v| {
            let value = resolved
                .values
                .get(&v.name)
                .cloned()
                .unwrap_or_else(|| format!("[{}]", values::blank_label(v, &resolved.values)));
            (v.name.clone(), value)
        })
        .collect()
}

/// Fills `{{name}}` in a line of the script. The checks made sure every name is declared; one
/// that is not stays as written.
pub fn render(text: &str, names: &BTreeMap<String, String>) -> String {
    values::fill(text, names, |name| format!("{{{{{name}}}}}"))
}

/// The call so far.
#[derive(Debug, Clone)]
pub struct Session<'a> {
    pub rehearsal: &'a Rehearsal,
    names: BTreeMap<String, String>,
    turns: Vec<Turn>,
    /// The line the client is on.
    at: usize,
}

impl<'a> Session<'a> {
    /// Starts the call at the script's first line. The script has passed `mend check`'s
    /// structure checks ([`check::structure`]), so every branch leads to a line.
    pub fn new(rehearsal: &'a Rehearsal, names: BTreeMap<String, String>) -> Result<Session<'a>, Error> {
        let problems = check::structure(rehearsal);
        if !problems.is_empty() {
            return Err(Error::Invalid(problems));
        }
        let at = rehearsal.line_index(rehearsal.start.get_ref()).unwrap_or(0);
        Ok(Session { rehearsal, names, turns: Vec::new(), at })
    }

    fn line(&self) -> &'a Line {
        &self.rehearsal.lines[self.at]
    }

    /// The id of the line the client is on.
    pub fn line_id(&self) -> &str {
        self.line().id()
    }

    /// What the client says now.
    pub fn client(&self) -> String {
        render(self.line().client.get_ref(), &self.names)
    }

    /// The brief shown before the call, with the names in.
    pub fn brief(&self) -> String {
        render(&self.rehearsal.brief, &self.names)
    }

    /// True when the client has said their closing line.
    pub fn is_over(&self) -> bool {
        self.line().is_end()
    }

    pub fn turns(&self) -> &[Turn] {
        &self.turns
    }

    /// Whether the fault is on the table at the current line: named here or at a line before.
    fn fault_named(&self) -> bool {
        self.line().fault_named || self.turns.iter().any(|t| self.rehearsal.lines[t.index].fault_named)
    }

    /// Checks `reply` to the current line and moves the client on; returns the turn.
    pub fn reply(&mut self, reply: &str) -> &Turn {
        let reply = clean(reply);
        let line = self.line();
        let turn_findings = findings(&reply);
        let moves = check_moves(line, &reply, &turn_findings, self.fault_named());
        let grade = grade(&turn_findings, &moves);
        let next = line.next.as_ref().map(|n| match grade {
            Grade::Accountable => n.accountable.get_ref(),
            Grade::Partial => n.partial.as_ref().unwrap_or(&n.defensive).get_ref(),
            Grade::Defensive => n.defensive.get_ref(),
        });
        let turn = Turn {
            line: line.id().to_string(),
            client: self.client(),
            reply,
            findings: turn_findings,
            moves,
            grade,
            index: self.at,
        };
        if let Some(i) = next.and_then(|id| self.rehearsal.line_index(id)) {
            self.at = i;
        }
        self.turns.push(turn);
        self.turns.last().expect("a turn was just pushed")
    }

    /// Takes back the last reply: the client says that line again. False when there is none.
    pub fn retake(&mut self) -> bool {
        match self.turns.pop() {
            Some(turn) => {
                self.at = turn.index;
                true
            }
            None => false,
        }
    }

    /// The ending, once the call is over.
    pub fn ending(&self) -> Option<Ending> {
        let line = self.line();
        line.end.as_ref().map(|tone| Ending { client: self.client(), tone: tone.get_ref().clone() })
    }

    /// Scores the call and says what cost trust and what to do on the real call.
    pub fn debrief(&self, words: &TrackWords) -> Debrief {
        let checked: usize = self.turns.iter().map(|t| t.moves.len()).sum();
        let met: usize = self.turns.iter().map(|t| t.moves.iter().filter(|m| m.met).count()).sum();
        let score = if checked == 0 { 0 } else { ((met * 100) as f64 / checked as f64).round() as u32 };
        let cost_trust = self
            .turns
            .iter()
            .filter(|t| t.grade != Grade::Accountable)
            .map(|t| {
                let line = &self.rehearsal.lines[t.index];
                let mut problems: Vec<String> = t
                    .findings
                    .iter()
                    .map(|f| {
                        let fix =
                            f.fix.as_deref().map(|x| format!(" ({})", x.trim_end_matches('.'))).unwrap_or_default();
                        format!("“{}”: {}{fix}", f.matched, f.message.trim_end_matches('.'))
                    })
                    .collect();
                // A lint finding already says what a missed "no but" or "no blame" was.
                let said = !t.findings.is_empty();
                problems.extend(
                    t.missed()
                        .filter(|m| !(said && matches!(m.the_move, Move::NoBut | Move::NoBlame)))
                        .map(|m| format!("{}: {}", missed_label(m.the_move), m.why.as_deref().unwrap_or("not heard"))),
                );
                Costly {
                    client: t.client.clone(),
                    reply: t.reply.clone(),
                    point: line.point.as_deref().map(|p| render(p, &self.names)),
                    problems,
                    better: line.better.as_ref().and_then(|b| words.line_with(b.get_ref())).map(str::to_string),
                }
            })
            .collect();
        let mut missed: Vec<Move> = self.turns.iter().flat_map(|t| t.missed().map(|m| m.the_move)).collect();
        missed.sort();
        missed.dedup();
        let mut real_call: Vec<String> = missed.iter().map(|m| m.advice().to_string()).collect();
        real_call.extend(self.rehearsal.real_call.iter().map(|r| render(r, &self.names)));
        real_call.extend(words.next_step.clone());
        Debrief {
            score,
            met,
            checked,
            ending: self.ending(),
            cost_trust,
            track: self.rehearsal.track().to_string(),
            real_call,
        }
    }

    /// Who the rep is speaking with: the `speaker` variable's name, else "Client". A blank
    /// name (`[sponsor]`) reads as the role.
    pub fn speaker(&self) -> String {
        self.rehearsal
            .speaker
            .as_ref()
            .and_then(|s| self.names.get(s.get_ref()))
            .map(|n| n.trim_start_matches('[').trim_end_matches(']').to_string())
            .filter(|n| !n.is_empty())
            .unwrap_or_else(|| "Client".to_string())
    }

    /// The whole call, for the report.
    pub fn played(&self, words: &TrackWords, show_call: bool) -> Played {
        let debrief = self.debrief(words);
        Played {
            rehearsal: self.rehearsal.id.clone(),
            title: self.rehearsal.title.clone(),
            situation: self.rehearsal.situation().to_string(),
            score: debrief.score,
            speaker: self.speaker(),
            turns: self.turns.clone(),
            debrief,
            show_call,
        }
    }
}

fn missed_label(m: Move) -> &'static str {
    match m {
        Move::Ask => "Did not ask",
        Move::Acknowledge => "Did not acknowledge",
        Move::Own => "Did not own it",
        Move::Apologise => "Apology",
        Move::NextStep => "No dated next step",
        Move::HoldFirm => "Gave in",
        Move::NoBut | Move::NoBlame => "Defensive",
    }
}

/// The lint findings on a reply: the same check a typed value gets.
pub fn findings(reply: &str) -> Vec<Finding> {
    values::lint_value("reply", reply)
        .into_iter()
        .map(|w| Finding { rule: w.rule, matched: w.matched, message: w.message, fix: w.fix })
        .collect()
}

/// The moves of `line` checked on `reply`, then no "but" and no blame (always), then an apology
/// made before any fault was named (a miss wherever it happens).
pub fn check_moves(line: &Line, reply: &str, findings: &[Finding], fault_named: bool) -> Vec<MoveCheck> {
    let result =
        |the_move: Move, r: Result<(), &str>| MoveCheck { the_move, met: r.is_ok(), why: r.err().map(str::to_string) };
    let mut out = Vec::new();
    for need in line.needs.iter().filter_map(|n| Move::parse(n.get_ref())) {
        out.push(match need {
            Move::Ask => result(need, moves::asks(reply)),
            Move::Acknowledge => result(need, moves::acknowledges(reply, &line.heard)),
            Move::Own => result(need, moves::owns(reply)),
            Move::Apologise => result(need, moves::apology(reply)),
            Move::NextStep => result(need, moves::next_step(reply)),
            Move::HoldFirm => result(need, moves::holds_firm(reply, &line.yields)),
            Move::NoBut | Move::NoBlame => continue,
        });
    }
    let buts: Vec<&Finding> = findings.iter().filter(|f| f.rule == "but-and").collect();
    out.push(result(Move::NoBut, if buts.is_empty() { Ok(()) } else { Err("a \"but\" cancels what came before it") }));
    let disowned = moves::disowns(reply).map(|d| d.why());
    let blame = match (findings.len() > buts.len(), disowned) {
        (_, Some(why)) => Err(why),
        (true, None) => Err("defensive language (see the findings)".to_string()),
        (false, None) => Ok(()),
    };
    out.push(MoveCheck { the_move: Move::NoBlame, met: blame.is_ok(), why: blame.err() });
    let needs_apology = out.iter().any(|m| m.the_move == Move::Apologise);
    if !fault_named && !needs_apology && moves::apologises(reply) {
        out.push(result(
            Move::Apologise,
            Err("sorry before any fault was named: it reads as a reflex, and it concedes a fault nobody raised"),
        ));
    }
    out
}

/// Which branch a reply takes.
pub fn grade(findings: &[Finding], moves: &[MoveCheck]) -> Grade {
    let defensive = moves.iter().any(|m| matches!(m.the_move, Move::HoldFirm | Move::NoBut | Move::NoBlame) && !m.met);
    if !findings.is_empty() || defensive {
        Grade::Defensive
    } else if moves.iter().all(|m| m.met) {
        Grade::Accountable
    } else {
        Grade::Partial
    }
}

/// Whatever types the replies: the terminal, or a file.
pub trait Rep {
    /// The rep's answer to the client's `line` (the `number`th turn, 1-based). `can_retake` is
    /// false on the first turn.
    fn reply(&mut self, client: &str, number: usize, can_retake: bool) -> Result<RepReply, Error>;

    /// Shown right after a reply is checked.
    fn heard(&mut self, _turn: &Turn) -> Result<(), Error> {
        Ok(())
    }

    /// Shown when the client says their closing line.
    fn closing(&mut self, _ending: &Ending) -> Result<(), Error> {
        Ok(())
    }
}

/// What a rep did at a turn.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RepReply {
    Said(String),
    /// `<`: take the last reply back.
    Retake,
}

/// The replies of a `--replies` file, one a line; blank lines are skipped.
pub struct Replies {
    lines: Vec<String>,
    next: usize,
    /// Where the replies came from, for the message when they run out.
    pub via: String,
}

impl Replies {
    pub fn new(text: &str, via: impl Into<String>) -> Replies {
        let lines = text.lines().map(str::trim).filter(|l| !l.is_empty()).map(str::to_string).collect();
        Replies { lines, next: 0, via: via.into() }
    }

    /// Replies left over when the call ended.
    pub fn unused(&self) -> usize {
        self.lines.len().saturating_sub(self.next)
    }
}

impl Rep for Replies {
    fn reply(&mut self, client: &str, number: usize, _can_retake: bool) -> Result<RepReply, Error> {
        let Some(line) = self.lines.get(self.next) else {
            return Err(Error::usage_hint(
                format!(
                    "{} has {} replies, and the client is still talking at turn {number}: “{}”",
                    self.via,
                    self.lines.len(),
                    crate::format::inert::line(client)
                ),
                Some("add a reply for each turn, one a line; a path can be longer than the one you expected".into()),
            ));
        };
        self.next += 1;
        Ok(RepReply::Said(line.clone()))
    }
}

/// Plays the call to its end with `rep`.
pub fn play<'a>(session: &mut Session<'a>, rep: &mut dyn Rep) -> Result<(), Error> {
    while !session.is_over() {
        let number = session.turns().len() + 1;
        match rep.reply(&session.client(), number, number > 1)? {
            RepReply::Retake => {
                session.retake();
            }
            RepReply::Said(text) => {
                let turn = session.reply(&text).clone();
                rep.heard(&turn)?;
            }
        }
    }
    if let Some(ending) = session.ending() {
        rep.closing(&ending)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::origin::Source;

    const SCRIPT: &str = r#"
title = "Late again"
situation = "service-failure"
track = "apology-fix-prevent"
brief = "{{client}} is annoyed."
start = "open"

[[variables]]
name = "client"
kind = "person"
prompt = "Name"

[[line]]
id = "open"
client = "{{client}} here. The report was late twice this month."
needs = ["acknowledge", "own", "apologise"]
fault_named = true
heard = ["twice", "late"]
better = "I'm sorry"
next = { accountable = "warm", partial = "wary", defensive = "cold" }

[[line]]
id = "warm"
client = "Thanks. So what happens next time?"
needs = ["next-step"]
next = { accountable = "good-end", defensive = "cool-end" }

[[line]]
id = "wary"
client = "Okay. And?"
needs = ["own"]
next = { accountable = "warm", defensive = "cold" }

[[line]]
id = "cold"
client = "I don't want reasons."
needs = ["own"]
next = { accountable = "warm", defensive = "cool-end" }

[[line]]
id = "good-end"
client = "Good. Talk Friday."
end = "warm"

[[line]]
id = "cool-end"
client = "Let's leave it there."
end = "cool"
"#;

    fn rehearsal() -> Rehearsal {
        Rehearsal::parse("late", &Source::embedded("late.toml", SCRIPT)).expect("parses")
    }

    fn names() -> BTreeMap<String, String> {
        [("client".to_string(), "Dana".to_string())].into_iter().collect()
    }

    #[test]
    fn an_accountable_rep_gets_the_warm_branch_and_a_full_score() {
        let r = rehearsal();
        let mut s = Session::new(&r, names()).expect("session");
        assert_eq!(s.client(), "Dana here. The report was late twice this month.");
        let t = s.reply("You're right, twice is too many. That's on me, and I'm sorry.");
        assert_eq!(t.grade, Grade::Accountable, "{t:?}");
        assert_eq!(s.client(), "Thanks. So what happens next time?");
        s.reply("I'll send you the report by 9am every Monday, starting this Monday.");
        assert!(s.is_over());
        let d = s.debrief(&TrackWords::default());
        assert_eq!(d.score, 100);
        assert!(d.cost_trust.is_empty());
        assert_eq!(d.ending.as_ref().map(|e| e.tone.as_str()), Some("warm"));
    }

    #[test]
    fn a_defensive_rep_gets_the_cold_branch_and_the_better_wording() {
        let r = rehearsal();
        let mut s = Session::new(&r, names()).expect("session");
        let t = s.reply("Sorry, but the data from your team came in late.");
        assert_eq!(t.grade, Grade::Defensive, "{t:?}");
        assert!(t.findings.iter().any(|f| f.rule == "but-and"), "{:?}", t.findings);
        assert_eq!(s.client(), "I don't want reasons.");
        s.reply("Our courier was slow, honestly.");
        assert!(s.is_over());
        let words = TrackWords { lines: vec!["I'm sorry, Dana.".into()], next_step: Some("Agree a date.".into()) };
        let d = s.debrief(&words);
        assert!(d.score < 60, "{}", d.score);
        assert_eq!(d.cost_trust.len(), 2);
        assert_eq!(d.cost_trust[0].better.as_deref(), Some("I'm sorry, Dana."));
        assert!(d.real_call.iter().any(|r| r.contains("first person")), "{:?}", d.real_call);
        assert_eq!(d.real_call.last().map(String::as_str), Some("Agree a date."));
        assert_eq!(d.ending.as_ref().map(|e| e.tone.as_str()), Some("cool"));
    }

    #[test]
    fn a_partial_reply_takes_the_partial_branch() {
        let r = rehearsal();
        let mut s = Session::new(&r, names()).expect("session");
        assert_eq!(s.reply("I'm sorry, Dana.").grade, Grade::Partial);
        assert_eq!(s.client(), "Okay. And?");
    }

    #[test]
    fn retaking_a_reply_puts_the_client_back_on_that_line() {
        let r = rehearsal();
        let mut s = Session::new(&r, names()).expect("session");
        assert!(!s.retake(), "nothing to take back yet");
        s.reply("Well, it was the courier.");
        assert_eq!(s.client(), "I don't want reasons.");
        assert!(s.retake());
        assert_eq!(s.client(), "Dana here. The report was late twice this month.");
        assert!(s.turns().is_empty());
    }

    #[test]
    fn an_apology_before_any_fault_is_named_costs_a_move() {
        let r = rehearsal();
        let line = &r.lines[r.line_index("warm").expect("warm")];
        let moves = check_moves(line, "Sorry. I'll call you Friday at 10am.", &[], false);
        assert!(moves.iter().any(|m| m.the_move == Move::Apologise && !m.met), "{moves:?}");
        let moves = check_moves(line, "Sorry. I'll call you Friday at 10am.", &[], true);
        assert!(moves.iter().all(|m| m.met), "{moves:?}");
    }

    #[test]
    fn replies_run_out_with_a_message_naming_the_turn() {
        let r = rehearsal();
        let mut s = Session::new(&r, names()).expect("session");
        let mut rep = Replies::new("You're right, that's on me, and I'm sorry.\n\n", "replies.txt");
        let err = play(&mut s, &mut rep).expect_err("runs out");
        assert!(err.to_string().contains("turn 2"), "{err}");
    }

    #[test]
    fn names_left_out_are_visible_blanks() {
        let r = rehearsal();
        let resolved = crate::values::ValueStore::default().resolve(&r.variables).expect("resolve");
        let names = fill_names(&r, &resolved);
        assert_eq!(render("Hi {{client}}.", &names), "Hi [client].");
    }
}
