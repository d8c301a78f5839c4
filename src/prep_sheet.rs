//! The prep sheet: the diagnosis turned into what the rep reads before the call.
//!
//! It says what is most likely going on and why, what else it could be, how the go-around
//! tension resolves for this account, the steps in order with the one to take next, and the
//! talk-tracks for that step with the names filled in. When mend is guessing it says so and leads
//! with asking the client.

use crate::document::{Content, Document, Section};
use crate::interview::classify::{Reason, Score};
use crate::interview::script::GoAround;
use crate::interview::Classification;
use crate::rendered_track::RenderedTrack;
use crate::situation::Situation;
use serde::Serialize;
use std::collections::BTreeMap;

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
    pub tracks: Vec<SheetTrack>,
    /// Tracks for this situation that were not rendered in full.
    pub more_tracks: Vec<String>,
    pub next_step: String,
    pub answers: BTreeMap<String, Vec<String>>,
    /// Variables the sheet had no value for; shown as `[name]`.
    pub missing_values: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SheetTrack {
    pub name: String,
    pub title: String,
    pub summary: String,
    /// The words to say, rendered (Markdown).
    pub text: String,
    pub avoid: Vec<String>,
    pub questions: Vec<String>,
    pub next_step: String,
}

impl SheetTrack {
    /// The track under its own heading, with its words, what not to say and the questions.
    fn sections(&self) -> Vec<Section> {
        let mut sections =
            vec![Section::new(format!("Talk-track: {}", self.title), Content::Paragraph(self.summary.clone()))];
        sections.push(Section::sub("What to say", Content::Markdown(self.text.clone())));
        if !self.avoid.is_empty() {
            sections.push(Section::sub("What not to say", Content::List(self.avoid.clone())));
        }
        if !self.questions.is_empty() {
            sections.push(Section::sub("Questions to ask", Content::List(self.questions.clone())));
        }
        sections
    }
}

impl From<&RenderedTrack> for SheetTrack {
    fn from(r: &RenderedTrack) -> Self {
        SheetTrack {
            name: r.track.clone(),
            title: r.title.clone(),
            summary: r.summary.clone(),
            text: r.sections.say.clone(),
            avoid: r.sections.avoid.clone(),
            questions: r.sections.questions.clone(),
            next_step: r.sections.next_step.clone(),
        }
    }
}

/// The steps with their status, and the talk-tracks to render, in order.
pub fn plan(c: &Classification, situation: &Situation) -> (Vec<StepView>, Vec<String>) {
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
    let mut tracks: Vec<String> = c.lead_with.clone();
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
    for s in candidates {
        for t in &s.tracks {
            if !tracks.contains(t) {
                tracks.push(t.clone());
            }
        }
    }
    (steps, tracks)
}

impl PrepSheet {
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

    /// The sheet for the terminal: the diagnosis first, then the words.
    pub fn document(&self) -> Document {
        let intro = self.intro();
        let mut sections = vec![
            Section::new("What is going on", Content::Paragraph(self.description.clone())),
            Section::new("Why mend thinks so", Content::List(self.reasons.clone())),
        ];
        sections.extend(self.runner_up_section());
        sections.extend(self.go_around_section());
        sections.push(self.steps_section());
        for t in &self.tracks {
            sections.extend(t.sections());
        }
        sections.extend(self.more_tracks_section());
        sections.push(Section::new("Next step", Content::Paragraph(self.next_step.clone())));
        Document { title: format!("Prep sheet: {}", self.title), intro: Some(intro), sections }
    }

    /// The sheet for print (HTML and Markdown): a call card, then the background.
    ///
    /// The first page holds only what the rep needs in the room, in the order they use it: the
    /// situation in one line (the intro), why in at most [`CARD_REASONS`] bullets, the step to
    /// take now, the lead talk-track's words, what not to say and the questions, and what to agree
    /// before the call ends. Everything else starts on a new page.
    pub fn card(&self) -> Document {
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
            sections.push(Section::new(format!("What to say: {}", t.title), Content::Markdown(t.text.clone())));
            if !t.avoid.is_empty() {
                sections.push(Section::new("What not to say", Content::List(t.avoid.clone())));
            }
            if !t.questions.is_empty() {
                sections.push(Section::new("Questions to ask", Content::List(t.questions.clone())));
            }
        }
        let agree = lead.map_or(&self.next_step, |t| &t.next_step);
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
            sections.extend(t.sections());
            sections.push(Section::sub("What to agree", Content::Paragraph(t.next_step.clone())));
        }
        sections.extend(self.more_tracks_section());
        Document { title: format!("Prep sheet: {}", self.title), intro: Some(self.intro()), sections }
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

    fn more_tracks_section(&self) -> Option<Section> {
        (!self.more_tracks.is_empty()).then(|| {
            Section::new(
                "More talk-tracks for this",
                Content::List(self.more_tracks.iter().map(|t| format!("mend say {t}")).collect()),
            )
        })
    }
}
