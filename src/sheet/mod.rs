//! The prep sheet: the diagnosis turned into what the rep reads before the call.
//!
//! It says what is most likely going on and why, what else it could be, how the go-around
//! tension resolves for this account, the steps in order with the one to take next, and the
//! talk-tracks for that step with the names filled in. When mend is guessing it says so and leads
//! with asking the client.
//!
//! This folder is the engine's last step before printing: [`build`] turns a finished interview
//! into a [`PrepSheet`], [`track::render_track`] turns one talk-track into a [`RenderedTrack`], and
//! both become a [`Document`] for [`crate::format::render`]. Values come through the one pipeline
//! in [`crate::values`]; a person is asked only through the [`Asker`] the front end passes in.

pub mod track;

use crate::content::situation::Situation;
use crate::error::Error;
use crate::format::document::{Content, Document, Section};
use crate::format::Printable;
use crate::interview::classify::{Reason, Score};
use crate::interview::script::GoAround;
use crate::interview::{classify, Classification, Script, Transcript};
use crate::library::Library;
use crate::values::{Asker, ValueSource, ValueStore};
use serde::Serialize;
use std::collections::BTreeMap;
use track::RenderedTrack;

/// At most this many talk-tracks are rendered in full; the rest are named.
pub const MAX_TRACKS: usize = 3;

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
    /// Variables the sheet had no value for; shown as `[name]`.
    pub missing_values: Vec<String>,
}

/// A rendered track as the sheet's JSON shows it: a flat view of [`RenderedTrack`].
#[derive(Serialize)]
struct SheetTrack<'a> {
    name: &'a str,
    title: &'a str,
    summary: &'a str,
    /// The words to say, rendered (Markdown).
    text: &'a str,
    avoid: &'a [String],
    questions: &'a [String],
    next_step: &'a str,
}

fn sheet_tracks<S: serde::Serializer>(tracks: &[RenderedTrack], serializer: S) -> Result<S::Ok, S::Error> {
    serializer.collect_seq(tracks.iter().map(|r| SheetTrack {
        name: &r.track,
        title: &r.title,
        summary: &r.summary,
        text: &r.sections.say,
        avoid: &r.sections.avoid,
        questions: &r.sections.questions,
        next_step: &r.sections.next_step,
    }))
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
/// Track values come from `values` with the interview's text answers on top. `asker`, when there
/// is one, is offered whatever is still missing; without one a missing value becomes a visible
/// `[blank]` the rep fills in live, never invented words. A value settled for one track (asked,
/// defaulted or left blank) holds for the tracks after it.
pub fn build(
    library: &Library,
    script: &Script,
    transcript: &Transcript,
    values: &ValueStore,
    mut asker: Option<&mut dyn Asker>,
) -> Result<PrepSheet, Error> {
    let situations = library.situations()?;
    let c = classify(script, &transcript.answers, &transcript.path, &situations);
    let situation = situations
        .iter()
        .find(|s| s.id == c.situation)
        .ok_or_else(|| Error::usage(format!("the script concluded unknown situation `{}`", c.situation)))?;
    let (steps, track_names) = plan(&c, situation);
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
    let index = library.track_index()?;
    let mut rendered = Vec::new();
    let mut missing = Vec::new();
    let (full, more): (Vec<_>, Vec<_>) = track_names.iter().enumerate().partition(|(i, _)| *i < MAX_TRACKS);
    for (_, name) in &full {
        let track = library.track(&index, name)?;
        let mut resolved = values.resolve(&track.front.variables);
        resolved.ask_missing(&track.front.variables, asker.as_mut().map(|a| &mut **a as &mut dyn Asker))?;
        for name in std::mem::take(&mut resolved.missing) {
            resolved.values.insert(name.clone(), format!("[{}]", name.replace('_', " ")));
            resolved.sources.insert(name.clone(), ValueSource::Default);
            missing.push(name);
        }
        let settled = resolved
            .sources
            .iter()
            .filter(|(_, s)| matches!(s, ValueSource::Default | ValueSource::Prompt))
            .filter_map(|(name, _)| Some((name.clone(), resolved.values.get(name)?.clone())))
            .collect();
        values.add(ValueSource::Prompt, "this sheet", settled);
        rendered.push(RenderedTrack::render(&track, &resolved.values, resolved.sources)?);
    }
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
        more_tracks: more.into_iter().map(|(_, n)| n.clone()).collect(),
        next_step,
        answers: transcript.answers.clone(),
        missing_values: missing,
    })
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

impl Printable for PrepSheet {
    fn document(&self) -> Document {
        let intro = if self.unsure {
            format!(
                "mend is not sure yet. The answers point most to \"{}\", and that is a guess until you have asked the client directly. Start by asking.",
                self.title.to_lowercase()
            )
        } else {
            format!("Most likely: {}.", self.title.to_lowercase())
        };
        let mut sections = vec![
            Section::new("What is going on", Content::Paragraph(self.description.clone())),
            Section::new("Why mend thinks so", Content::List(self.reasons.clone())),
        ];
        if let (Some(id), Some(title)) = (&self.runner_up, &self.runner_up_title) {
            sections.push(Section::new(
                "What else it could be",
                Content::Paragraph(format!(
                    "{title} (`{id}`) scored close. If the client's answers point there, run `mend say` with one of its tracks or answer the interview again."
                )),
            ));
        }
        if let Some(g) = &self.go_around {
            let verdict = match g.view {
                GoAround::Never => "Do not go around.",
                GoAround::LastResort => "Going around is the very last rung, and only after every other one.",
                GoAround::Justified => "Going around is justified here, done openly.",
            };
            sections.push(Section::new("Go around or not?", Content::Paragraph(format!("{verdict} {}", g.reason))));
        }
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
        sections.push(Section::new("Steps, in order", Content::Steps(steps)));
        for t in &self.tracks {
            sections.push(Section::new(format!("Talk-track: {}", t.title), Content::Paragraph(t.summary.clone())));
            sections.push(Section::sub("What to say", Content::Markdown(t.sections.say.clone())));
            if !t.sections.avoid.is_empty() {
                sections.push(Section::sub("What not to say", Content::List(t.sections.avoid.clone())));
            }
            if !t.sections.questions.is_empty() {
                sections.push(Section::sub("Questions to ask", Content::List(t.sections.questions.clone())));
            }
        }
        if !self.more_tracks.is_empty() {
            sections.push(Section::new(
                "More talk-tracks for this",
                Content::List(self.more_tracks.iter().map(|t| format!("mend say {t}")).collect()),
            ));
        }
        sections.push(Section::new("Next step", Content::Paragraph(self.next_step.clone())));
        Document { title: format!("Prep sheet: {}", self.title), intro: Some(intro), sections }
    }
}
