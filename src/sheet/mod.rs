//! The prep sheet: the diagnosis turned into what the rep reads before the call.
//!
//! It says what is most likely going on and why, what else it could be, how the go-around
//! tension resolves for this account, the steps in order with the one to take next, and the
//! talk-tracks for that step with the names filled in. When mend is guessing it says so and leads
//! with asking the client.
//!
//! This folder is the engine's last step before printing: [`build`] turns a finished interview
//! into a [`PrepSheet`], [`track::render_track`] turns one talk-track into a [`RenderedTrack`], and
//! both become a [`Document`] for [`crate::format::render`]; in print the sheet becomes a call card
//! (the room's page first, the background after). [`playbook::Playbook`] is the same material
//! for the whole library, with blanks instead of names, for sharing and training. Values come
//! through the one pipeline in [`crate::values`]; a person is asked only through the [`Asker`] the
//! front end passes in.

pub mod playbook;
pub mod track;

use crate::content::situation::Situation;
use crate::content::talk_track::{TalkTrack, Variable};
use crate::error::Error;
use crate::format::document::{bracket_blanks, Content, Document, SayBlock, Section};
use crate::format::Printable;
use crate::interview::classify::{Reason, Score};
use crate::interview::script::GoAround;
use crate::interview::{classify, Classification, Script, Transcript};
use crate::library::Library;
use crate::values::{Asker, ValueSource, ValueStore, ValueWarning};
use serde::Serialize;
use std::collections::BTreeMap;
use track::RenderedTrack;

/// At most this many talk-tracks are rendered in full; the rest are named.
pub const MAX_TRACKS: usize = 3;

/// At most this many reasons go on the call card's first page; the rest follow with the background.
pub const CARD_REASONS: usize = 3;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum StepStatus {
    Done,
    Next,
    Later,
    /// A last-resort step this account's go-around view rules out.
    NotForThisAccount,
}

#[derive(Debug, Clone, Serialize)]
pub struct StepView {
    pub title: String,
    pub detail: String,
    pub status: StepStatus,
    pub tracks: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct GoAroundView {
    pub view: GoAround,
    pub reason: String,
}

/// Everything the sheet says, ready for any format.
#[derive(Debug, Clone, Serialize)]
pub struct PrepSheet {
    pub situation: String,
    pub title: String,
    pub description: String,
    pub unsure: bool,
    pub ranking: Vec<Score>,
    pub reasons: Vec<String>,
    #[serde(skip)]
    pub reason_detail: Vec<Reason>,
    pub runner_up: Option<String>,
    #[serde(skip)]
    pub runner_up_title: Option<String>,
    pub go_around: Option<GoAroundView>,
    pub steps: Vec<StepView>,
    #[serde(serialize_with = "sheet_tracks")]
    pub tracks: Vec<RenderedTrack>,
    /// Tracks for this situation that were not rendered in full.
    pub more_tracks: Vec<String>,
    pub next_step: String,
    pub answers: BTreeMap<String, Vec<String>>,
    /// With `diagnose --account`: the account, and which answers it gave (`{"stage": "account"}`)
    /// rather than the rep. Absent otherwise, so the JSON without an account is unchanged.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub account: Option<String>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub answer_sources: BTreeMap<String, AnswerSource>,
    /// Before-call variables the sheet had no value for; shown as blanks.
    pub missing_values: Vec<String>,
    /// Lint findings on typed values.
    pub warnings: Vec<ValueWarning>,
}

/// Where an answer came from, when not from the rep during this run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum AnswerSource {
    /// Known to the account named with `--account`.
    Account,
}

/// A rendered track as the sheet's JSON shows it: a flat view of [`RenderedTrack`].
#[derive(Serialize)]
struct SheetTrack<'a> {
    name: &'a str,
    title: &'a str,
    summary: &'a str,
    during_call: bool,
    /// The words to say only (Markdown, blanks as `[label]`); directions are in `say`.
    text: String,
    /// Speech and directions in order, each `{ "kind": "speech" | "direction", "text": ... }`.
    say: &'a [SayBlock],
    /// Values by variable; `null` for a blank.
    values: &'a BTreeMap<String, Option<String>>,
    /// In-call variables left blank, to fill in during the call.
    blanks: &'a [String],
    avoid: &'a [String],
    questions: &'a [String],
    next_step: &'a str,
}

fn sheet_tracks<S: serde::Serializer>(tracks: &[RenderedTrack], serializer: S) -> Result<S::Ok, S::Error> {
    serializer.collect_seq(tracks.iter().map(|r| {
        SheetTrack {
            name: &r.track,
            title: &r.title,
            summary: &r.summary,
            during_call: r.during_call,
            text: r
                .sections
                .say
                .iter()
                .filter_map(|b| match b {
                    SayBlock::Speech(md) => Some(bracket_blanks(md)),
                    SayBlock::Direction(_) => None,
                })
                .collect::<Vec<_>>()
                .join("\n\n"),
            say: &r.sections.say,
            values: &r.values,
            blanks: &r.blanks,
            avoid: &r.sections.avoid,
            questions: &r.sections.questions,
            next_step: &r.sections.next_step,
        }
    }))
}

impl PrepSheet {
    /// The `--answer` flags a later `mend say` needs for the same conditional words.
    fn say_answers(&self) -> String {
        self.answers
            .iter()
            .filter(|(id, _)| id.as_str() == "stage" || id.as_str() == "account")
            .flat_map(|(id, values)| values.iter().map(move |v| format!(" --answer {id}={v}")))
            .collect()
    }
}

/// Checks the names of values given for a prep sheet (an answers file's `[values]`) before the
/// interview starts: each must be a variable of some talk-track or a text answer of the script, so
/// a typo gets the same did-you-mean error `--vars` gives instead of a silent blank. Reads every
/// track's front matter, so only when there are such names.
pub fn check_value_names(library: &Library, script: &Script, values: &ValueStore) -> Result<(), Error> {
    if !values.has_checked_names() {
        return Ok(());
    }
    let index = library.track_index()?;
    let mut declared: Vec<String> = script.questions.iter().filter_map(|q| q.variable.clone()).collect();
    for name in index.names() {
        let (front, _) = library.track_front(&index, name)?;
        declared.extend(front.variables.into_iter().map(|v| v.name));
    }
    declared.sort();
    declared.dedup();
    let declared: Vec<&str> = declared.iter().map(String::as_str).collect();
    values.check_names(&declared, "the library")
}

/// Classifies a finished interview and builds its prep sheet.
///
/// The sheet renders the talk-tracks of the next step, and the during-the-call tracks that follow
/// it in the same conversation; later steps' tracks are listed with their `mend say` line. Only
/// the before-call values of the rendered tracks are wanted, once each: from `values` with the
/// interview's text answers on top, then from `asker` when there is one (with a way back). In-call
/// values are never asked; they are blanks. Without an asker a missing before-call value is an
/// error naming every one when `strict` (`--no-input`), else a visible blank named in
/// [`PrepSheet::missing_values`].
pub fn build(
    library: &Library,
    script: &Script,
    transcript: &Transcript,
    values: &ValueStore,
    asker: Option<&mut dyn Asker>,
    strict: bool,
) -> Result<PrepSheet, Error> {
    let situations = library.situations()?;
    let c = classify(script, &transcript.answers, &transcript.path, &situations);
    let situation = situations
        .iter()
        .find(|s| s.id == c.situation)
        .ok_or_else(|| Error::usage(format!("the script concluded unknown situation `{}`", c.situation)))?;
    let (steps, now, later) = plan(&c, situation);
    let mut values = values.clone();
    let captured: Vec<(String, String)> = transcript
        .path
        .iter()
        .filter_map(|id| {
            let var = script.question(id)?.variable.clone()?;
            Some((var, transcript.answers.get(id)?.first()?.clone()))
        })
        .collect();
    values.add(ValueSource::Interview, "the interview", captured);
    // Answer flags (`stage_client`) for conditional words; unset flags render as false.
    let answer_flags = script.answer_flags(&transcript.answers);
    let index = library.track_index()?;
    let mut tracks = Vec::new();
    let mut more = Vec::new();
    for name in &now {
        tracks.push(library.track(&index, name)?);
    }
    for name in &later {
        let (front, _) = library.track_front(&index, name)?;
        if front.during_call && tracks.len() < MAX_TRACKS {
            tracks.push(library.track(&index, name)?);
        } else {
            more.push(name.clone());
        }
    }
    // Every variable of the rendered tracks, once, in order of first use.
    let mut variables: Vec<Variable> = Vec::new();
    for t in &tracks {
        for v in &t.front.variables {
            if !variables.iter().any(|known| known.name == v.name) {
                variables.push(v.clone());
            }
        }
    }
    let mut resolved = values.resolve(&variables)?;
    resolved.ask_missing(&variables, asker)?;
    let refs: Vec<&TalkTrack> = tracks.iter().collect();
    if strict && !resolved.missing.is_empty() {
        return Err(track::missing_values(&refs, &resolved.missing, true));
    }
    let missing = std::mem::take(&mut resolved.missing);
    let mut rendered = Vec::new();
    for t in &tracks {
        rendered.push(RenderedTrack::render(t, &resolved, &answer_flags)?);
    }
    let more_tracks = more;
    let next_step = steps
        .iter()
        .find(|s| s.status == StepStatus::Next)
        .and_then(|s| rendered.iter().find(|r| s.tracks.contains(&r.track)))
        .or(rendered.first())
        .map_or_else(
            || situation.steps.first().map(|s| s.title.to_string()).unwrap_or_default(),
            |r| r.sections.next_step.clone(),
        );
    let title = |id: &str| situations.iter().find(|s| s.id == id).map(|s| s.title.to_string());
    Ok(PrepSheet {
        situation: situation.id.clone(),
        title: situation.title.to_string(),
        description: situation.description.to_string(),
        unsure: c.unsure,
        ranking: c.ranking.iter().filter(|s| s.score != 0 || s.situation == c.situation).cloned().collect(),
        reasons: c.reasons.iter().map(|r| r.text.clone()).collect(),
        reason_detail: c.reasons.clone(),
        runner_up_title: c.runner_up.as_deref().and_then(title),
        runner_up: c.runner_up.clone(),
        go_around: c.go_around.as_ref().map(|(view, reason)| GoAroundView { view: *view, reason: reason.clone() }),
        steps,
        tracks: rendered,
        more_tracks,
        next_step,
        answers: transcript.answers.clone(),
        account: None,
        answer_sources: BTreeMap::new(),
        missing_values: missing,
        warnings: resolved.warnings,
    })
}

/// The steps with their status; the talk-tracks for the next step (after any the classification
/// leads with); and the talk-tracks of the steps after it, in order.
pub fn plan(c: &Classification, situation: &Situation) -> (Vec<StepView>, Vec<String>, Vec<String>) {
    let done = c.completed.get(&situation.id).cloned().unwrap_or_default();
    let allow_last_resort = matches!(c.go_around, Some((GoAround::Justified | GoAround::LastResort, _)));
    let ruled_out = matches!(c.go_around, Some((GoAround::Never, _)));
    let mut next_index = (1..=situation.steps.len()).find(|i| !done.contains(i));
    // Never step onto a last-resort rung the account rules out; stay on the rung below.
    if let Some(i) = next_index {
        if situation.steps[i - 1].last_resort && !allow_last_resort {
            next_index = (1..i).rev().find(|j| !situation.steps[j - 1].last_resort).or(Some(i));
        }
    }
    let mut steps = Vec::new();
    for (i, step) in situation.steps.iter().enumerate() {
        let n = i + 1;
        let status = if step.last_resort && ruled_out {
            StepStatus::NotForThisAccount
        } else if Some(n) == next_index {
            StepStatus::Next
        } else if done.contains(&n) {
            StepStatus::Done
        } else {
            StepStatus::Later
        };
        steps.push(StepView {
            title: step.title.to_string(),
            detail: step.detail.to_string(),
            status,
            tracks: step.tracks.clone(),
        });
    }
    let mut now: Vec<String> = c.lead_with.clone();
    let mut later: Vec<String> = Vec::new();
    let from = next_index.unwrap_or(1) - 1;
    let candidates: Vec<&StepView> = if situation.ladder {
        steps.iter().skip(from).take(1).collect()
    } else {
        steps
            .iter()
            .enumerate()
            .skip(from)
            .filter(|(i, _)| allow_last_resort || !situation.steps[*i].last_resort)
            .map(|(_, s)| s)
            .collect()
    };
    // A step without a talk-track (`Map the group`) lends the words of the first step after it.
    let first = candidates.iter().position(|s| !s.tracks.is_empty()).unwrap_or(0);
    for (i, s) in candidates.into_iter().enumerate() {
        for t in &s.tracks {
            if !now.contains(t) && !later.contains(t) {
                if i <= first {
                    now.push(t.clone())
                } else {
                    later.push(t.clone())
                }
            }
        }
    }
    (steps, now, later)
}

impl Printable for PrepSheet {
    /// The sheet for the terminal: the diagnosis first, then the words.
    fn document(&self) -> Document {
        let mut sections = vec![
            Section::new("What is going on", Content::Paragraph(self.description.clone())),
            Section::new("Why mend thinks so", Content::List(self.reasons.clone())),
        ];
        sections.extend(self.runner_up_section());
        sections.extend(self.go_around_section());
        sections.push(self.steps_section());
        for t in &self.tracks {
            sections.extend(track_sections(t));
        }
        sections.extend(self.more_tracks_section());
        sections.push(Section::new("Next step", Content::Paragraph(self.next_step.clone())));
        Document { title: format!("Prep sheet: {}", self.title), intro: Some(self.intro()), sections }
    }

    /// The sheet for print (HTML and Markdown): a call card, then the background.
    ///
    /// The first page holds only what the rep needs in the room, in the order they use it: the
    /// situation in one line (the intro), why in at most [`CARD_REASONS`] bullets, the step to
    /// take now, the lead talk-track's words, what not to say and the questions, and what to agree
    /// before the call ends. Everything else starts on a new page.
    fn print_document(&self) -> Document {
        let mut sections = Vec::new();
        let (first, rest) = self.reasons.split_at(self.reasons.len().min(CARD_REASONS));
        if !first.is_empty() {
            sections.push(Section::new("Why mend thinks so", Content::List(first.to_vec())));
        }
        if let Some(step) = self.steps.iter().position(|s| s.status == StepStatus::Next) {
            let s = &self.steps[step];
            sections.push(Section::new(
                "Your step now",
                Content::Paragraph(format!(
                    "Step {} of {}: {}.",
                    step + 1,
                    self.steps.len(),
                    s.title.trim_end_matches('.')
                )),
            ));
        }
        let lead = self.tracks.first();
        if let Some(t) = lead {
            sections.push(Section::new(track_heading("What to say", t), Content::Say(t.sections.say.clone())));
            if !t.sections.avoid.is_empty() {
                sections.push(Section::new("What not to say", Content::List(t.sections.avoid.clone())));
            }
            if !t.sections.questions.is_empty() {
                sections.push(Section::new("Questions to ask", Content::List(t.sections.questions.clone())));
            }
        }
        let agree = lead.map_or(&self.next_step, |t| &t.sections.next_step);
        sections.push(Section::new("What to agree before you hang up", Content::Paragraph(agree.clone())));

        // The background, from the second page on.
        sections.push(Section::new("What is going on", Content::Paragraph(self.description.clone())).on_new_page());
        if !rest.is_empty() {
            sections.push(Section::new("More reasons", Content::List(rest.to_vec())));
        }
        sections.extend(self.runner_up_section());
        sections.extend(self.go_around_section());
        sections.push(self.steps_section());
        for t in self.tracks.iter().skip(1) {
            sections.extend(track_sections(t));
            sections.push(Section::sub("What to agree", Content::Paragraph(t.sections.next_step.clone())));
        }
        sections.extend(self.more_tracks_section());
        Document { title: format!("Prep sheet: {}", self.title), intro: Some(self.intro()), sections }
    }
}

/// A track inside a sheet: under its own heading (marked when it is for during the call), its
/// words, what not to say and the questions. Its own next step is left out: the sheet has one.
fn track_sections(t: &RenderedTrack) -> Vec<Section> {
    let mut sections = vec![Section::new(track_heading("Talk-track", t), Content::Paragraph(t.summary.clone()))];
    let mut own = t.sections(3);
    own.pop();
    sections.extend(own);
    sections
}

/// `Talk-track: Honest ask`, or `... (for during the call)` for a track that only makes sense once
/// the client has spoken.
pub(crate) fn track_heading(label: &str, t: &RenderedTrack) -> String {
    if t.during_call {
        format!("{label}: {} (for during the call)", t.title)
    } else {
        format!("{label}: {}", t.title)
    }
}

impl PrepSheet {
    /// The situation in one line, or the plain statement that mend is guessing.
    fn intro(&self) -> String {
        if self.unsure {
            format!(
                "mend is not sure yet. The answers point most to \"{}\", and that is a guess until you have asked the client directly. Start by asking.",
                self.title.to_lowercase()
            )
        } else {
            format!("Most likely: {}.", self.title.to_lowercase())
        }
    }

    fn runner_up_section(&self) -> Option<Section> {
        let (id, title) = (self.runner_up.as_ref()?, self.runner_up_title.as_ref()?);
        Some(Section::new(
            "What else it could be",
            Content::Paragraph(format!(
                "{title} (`{id}`) scored close. If the client's answers point there, run `mend say` with one of its tracks or answer the interview again."
            )),
        ))
    }

    fn go_around_section(&self) -> Option<Section> {
        let g = self.go_around.as_ref()?;
        let verdict = match g.view {
            GoAround::Never => "Do not go around.",
            GoAround::LastResort => "Going around is the very last rung, and only after every other one.",
            GoAround::Justified => "Going around is justified here, done openly.",
        };
        Some(Section::new("Go around or not?", Content::Paragraph(format!("{verdict} {}", g.reason))))
    }

    fn steps_section(&self) -> Section {
        let steps = self
            .steps
            .iter()
            .map(|s| {
                let mark = match s.status {
                    StepStatus::Done => "[done] ",
                    StepStatus::Next => "[next] ",
                    StepStatus::Later => "",
                    StepStatus::NotForThisAccount => "[not for this account] ",
                };
                format!("{mark}{}: {}", s.title, s.detail)
            })
            .collect();
        Section::new("Steps, in order", Content::Steps(steps))
    }

    /// Later steps' talk-tracks, each with the `mend say` line that renders it for these answers.
    fn more_tracks_section(&self) -> Option<Section> {
        (!self.more_tracks.is_empty()).then(|| {
            Section::new(
                "Later steps: talk-tracks",
                Content::List(self.more_tracks.iter().map(|t| format!("mend say {t}{}", self.say_answers())).collect()),
            )
        })
    }
}
