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

use crate::case::{Case, Person};
use crate::content::situation::Situation;
use crate::content::talk_track::{TalkTrack, Variable};
use crate::error::Error;
use crate::format::document::{bracket_blanks, Content, Document, SayBlock, Section};
use crate::format::Printable;
use crate::interview::classify::{Reason, Score};
use crate::interview::script::GoAround;
use crate::interview::Script;
use crate::library::Library;
use crate::values::{Asker, ValueSource, ValueStore, ValueWarning};
use serde::Serialize;
use std::collections::BTreeMap;
use track::RenderedTrack;

/// At most this many talk-tracks are rendered in full; the rest are named.
pub const MAX_TRACKS: usize = 3;

/// At most this many reasons go on the call card's first page; the rest follow with the background.
pub const CARD_REASONS: usize = 3;

pub use crate::case::steps::StepStatus;

#[derive(Debug, Clone, Serialize)]
pub struct StepView {
    pub title: String,
    pub detail: String,
    pub status: StepStatus,
    pub tracks: Vec<String>,
}

/// The runner-up and the deciding question to put to the client.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct RunnerUp {
    pub situation: String,
    pub title: String,
    /// Said aloud to the client: the winner's `versus` for the runner-up, else the runner-up's
    /// `versus` for the winner, else the runner-up's `ask`. `None` only for a library whose
    /// situation has no `ask` (which `mend check` reports).
    pub question: Option<String>,
}

impl RunnerUp {
    fn new(winner: &Situation, runner_up: &Situation) -> RunnerUp {
        let question = winner
            .versus
            .get(&runner_up.id)
            .or_else(|| runner_up.versus.get(&winner.id))
            .or(runner_up.ask.as_ref())
            .cloned();
        RunnerUp { situation: runner_up.id.clone(), title: runner_up.title.to_string(), question }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct GoAroundView {
    pub view: GoAround,
    pub reason: String,
    /// The last-resort step is the step to take now: every rung below it is done.
    pub now: bool,
    /// That step's dated plan, when it is the step now: what to do by which date.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub plan: Vec<DatedAction>,
    /// What never to say while taking it.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub never_say: Vec<String>,
}

/// One action of the dated plan, with its date worked out from today.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct DatedAction {
    /// Working days from today, as the plan gives it.
    pub day: u32,
    /// `2026-03-04`.
    pub date: jiff::civil::Date,
    pub action: String,
}

/// `day` working days (Monday to Friday) after `today`; 0 is today, whatever day it is.
pub fn working_days_after(today: jiff::civil::Date, day: u32) -> jiff::civil::Date {
    use jiff::civil::Weekday;
    let mut date = today;
    for _ in 0..day {
        date = date.tomorrow().unwrap_or(date);
        while matches!(date.weekday(), Weekday::Saturday | Weekday::Sunday) {
            date = date.tomorrow().unwrap_or(date);
        }
    }
    date
}

/// `Wed 4 Mar`: short enough for a card, unambiguous within the fortnight a plan spans.
fn short_date(date: jiff::civil::Date) -> String {
    date.strftime("%a %-d %b").to_string()
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
    /// What else it could be, when the evidence is thin or close, with the one question that
    /// tells the two apart.
    pub runner_up: Option<RunnerUp>,
    pub go_around: Option<GoAroundView>,
    pub steps: Vec<StepView>,
    #[serde(serialize_with = "sheet_tracks")]
    pub tracks: Vec<RenderedTrack>,
    /// Tracks for this situation that were not rendered in full.
    pub more_tracks: Vec<String>,
    /// Per track of `more_tracks`, the `mend say` line that renders it with this run's answers
    /// and values (see [`say_command`]).
    #[serde(skip)]
    pub more_commands: Vec<String>,
    #[serde(serialize_with = "crate::format::document::plain")]
    pub next_step: String,
    pub answers: BTreeMap<String, Vec<String>>,
    /// The cast: every person the case names, by role, with where the name came from.
    pub people: Vec<Person>,
    /// With `diagnose --account`: the account, and which answers it gave (`{"stage": "account"}`)
    /// rather than the rep. Absent otherwise, so the JSON without an account is unchanged.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub account: Option<String>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub answer_sources: BTreeMap<String, AnswerSource>,
    /// Before-call variables the sheet had no value for; shown as blanks.
    pub missing_values: Vec<String>,
    /// The client's organisation, when the case names it: the call card says whom it is for.
    #[serde(skip)]
    pub company: Option<String>,
    /// The day the sheet was made, for the call card (set for print, so a terminal run never
    /// reads the clock for it).
    #[serde(skip)]
    pub prepared_on: Option<jiff::civil::Date>,
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
    #[serde(serialize_with = "crate::format::document::plain")]
    summary: &'a str,
    during_call: bool,
    /// Whom the words are spoken to: `{ "role": "new_person", "name": "Omar" }`.
    speaks_to: Option<&'a track::SpeaksTo>,
    /// The words to say only (Markdown, blanks as `[label]`); directions are in `say`.
    text: String,
    /// Speech and directions in order, each `{ "kind": "speech" | "direction", "text": ... }`.
    say: &'a [SayBlock],
    /// Values by variable; `null` for a blank.
    values: &'a BTreeMap<String, Option<String>>,
    /// In-call variables left blank, to fill in during the call.
    blanks: &'a [String],
    #[serde(serialize_with = "crate::format::document::plain_list")]
    avoid: &'a [String],
    #[serde(serialize_with = "crate::format::document::plain_list")]
    questions: &'a [String],
    #[serde(serialize_with = "crate::format::document::plain")]
    next_step: &'a str,
}

fn sheet_tracks<S: serde::Serializer>(tracks: &[RenderedTrack], serializer: S) -> Result<S::Ok, S::Error> {
    serializer.collect_seq(tracks.iter().map(|r| {
        SheetTrack {
            name: &r.track,
            title: &r.title,
            summary: &r.summary,
            during_call: r.during_call,
            speaks_to: r.speaks_to.as_ref(),
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

/// The `mend say` line for a later step's `track`: the `--answer` flags for the same conditional
/// words (the stage and account, and every answer whose flag the track tests, such as
/// `boss_saw=yes`), and `--set` for each of its `variables` this run has a value for (given or
/// typed; not defaults or the environment, which a later run reads again), shell-quoted.
fn say_command(
    track: &str,
    variables: &[Variable],
    flags: &[String],
    answers: &BTreeMap<String, Vec<String>>,
    resolved: &crate::values::Resolved,
    values: &ValueStore,
) -> String {
    let mut line = format!("mend say {track}");
    let tested =
        |id: &str, vs: &[String]| vs.iter().any(|v| flags.contains(&crate::interview::script::flag_name(id, v)));
    for (id, values) in
        answers.iter().filter(|(id, vs)| id.as_str() == "stage" || id.as_str() == "account" || tested(id, vs))
    {
        for v in values {
            line.push_str(&format!(" --answer {id}={v}"));
        }
    }
    for v in variables {
        // A value settled for a rendered track, else one the case holds (a name the interview took).
        let settled = resolved.values.get(&v.name).zip(resolved.sources.get(&v.name)).map(|(v, s)| (v.as_str(), *s));
        let held = values.get(&v.name).map(|(value, source, _)| (value, source));
        if let Some((value, source)) = settled.or(held).filter(|(value, _)| !value.trim().is_empty()) {
            if source > ValueSource::Env {
                line.push_str(&format!(" --set {}", shell_word(&format!("{}={value}", v.name))));
            }
        }
    }
    line
}

/// `word` as one shell word: as it is when it holds nothing a shell reads specially, else in
/// single quotes (a quote inside written `'\''`), so a later-steps line can be pasted as printed.
fn shell_word(word: &str) -> String {
    if !word.is_empty() && word.chars().all(|c| c.is_alphanumeric() || "_-=.,/:@%+".contains(c)) {
        word.to_string()
    } else {
        format!("'{}'", word.replace('\'', "'\\''"))
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
/// [`PrepSheet::missing_values`]. `today` is called only when the sheet has a dated plan.
pub fn build(
    library: &Library,
    case: &Case,
    asker: Option<&mut dyn Asker>,
    strict: bool,
    today: &dyn Fn() -> jiff::civil::Date,
) -> Result<PrepSheet, Error> {
    let situations = library.situations()?;
    let c = &case.classification;
    let situation = situations
        .iter()
        .find(|s| s.id == c.situation)
        .ok_or_else(|| Error::usage(format!("the script concluded unknown situation `{}`", c.situation)))?;
    let (steps, now, later) = plan(case, situation);
    let values = &case.values;
    // Answer flags (`stage_client`) for conditional words; unset flags render as false.
    let answer_flags = &case.flags;
    let index = library.track_index()?;
    let mut tracks = Vec::new();
    let mut more = Vec::new();
    for name in &now {
        tracks.push(library.track(&index, name)?);
    }
    let mut more_variables = Vec::new();
    for name in &later {
        let (front, _) = library.track_front(&index, name)?;
        if front.during_call && tracks.len() < MAX_TRACKS {
            tracks.push(library.track(&index, name)?);
        } else {
            more.push(name.clone());
            more_variables.push((front.variables, library.track(&index, name)?.flags));
        }
    }
    // Every variable of the rendered tracks that their words use on this case, once, in order of
    // first use: a sentence a done step leaves out asks for nothing.
    let mut variables: Vec<Variable> = Vec::new();
    for t in &tracks {
        let used = used_variables(t, answer_flags);
        for v in &t.front.variables {
            if used.contains(&v.name) && !variables.iter().any(|known| known.name == v.name) {
                variables.push(v.clone());
            }
        }
    }
    // A track spoken to a role of the cast the case does not name (the person who signs, on a
    // path that never asked for them) is spoken to the person the rep said they would speak with:
    // never a second prompt for the same person under another label.
    let mut people = case.people.clone();
    let mut values = values.clone();
    let mut stand_in = Vec::new();
    if let Some(client) = case.person("client") {
        for role in tracks.iter().filter_map(|t| t.front.to.as_deref()) {
            // The rep's own colleague is never the person they speak with at the client.
            let in_cast = crate::case::ROLES.contains(&role) && role != "colleague";
            if in_cast && values.get(role).is_none() && !stand_in.iter().any(|(r, _)| r == role) {
                stand_in.push((role.to_string(), client.name.clone()));
                people.push(Person { role: role.to_string(), name: client.name.clone(), source: client.source });
            }
        }
    }
    values.add(ValueSource::Interview, "the person you are speaking with", stand_in);
    let mut resolved = values.resolve(&variables)?;
    resolved.ask_missing(&variables, asker)?;
    let refs: Vec<&TalkTrack> = tracks.iter().collect();
    if strict && !resolved.missing.is_empty() {
        return Err(track::missing_values(&refs, &resolved.missing, true));
    }
    let missing = std::mem::take(&mut resolved.missing);
    let mut rendered = Vec::new();
    for t in &tracks {
        rendered.push(RenderedTrack::render(t, &resolved, answer_flags)?);
    }
    let more_commands = more
        .iter()
        .zip(&more_variables)
        .map(|(t, (vars, flags))| say_command(t, vars, flags, &case.answers, &resolved, &values))
        .collect();
    let next_step = steps
        .iter()
        .find(|s| s.status == StepStatus::Next)
        .and_then(|s| rendered.iter().find(|r| s.tracks.contains(&r.track)))
        .or(rendered.first())
        .map_or_else(
            || match steps.iter().find(|s| s.status == StepStatus::Next) {
                Some(s) => s.title.to_string(),
                None => ALL_DONE.to_string(),
            },
            |r| r.sections.next_step.clone(),
        );
    let runner_up = c
        .runner_up
        .as_deref()
        .and_then(|id| situations.iter().find(|s| s.id == id))
        .map(|r| RunnerUp::new(situation, r));
    Ok(PrepSheet {
        situation: situation.id.clone(),
        title: situation.title.to_string(),
        description: situation.description.to_string(),
        unsure: c.unsure,
        ranking: c.ranking.iter().filter(|s| s.score != 0 || s.situation == c.situation).cloned().collect(),
        reasons: c.reasons.iter().map(|r| r.text.clone()).collect(),
        reason_detail: c.reasons.clone(),
        runner_up,
        go_around: c.go_around.as_ref().map(|(view, reason)| go_around_view(*view, reason, situation, &steps, today())),
        steps,
        tracks: rendered,
        more_tracks: more,
        more_commands,
        next_step,
        answers: case.answers.clone(),
        people,
        account: None,
        answer_sources: BTreeMap::new(),
        missing_values: missing,
        company: resolved
            .values
            .get("company")
            .cloned()
            .or_else(|| values.get("company").map(|(v, _, _)| v.to_string())),
        prepared_on: None,
        warnings: resolved.warnings,
    })
}

impl PrepSheet {
    /// Links the sheet to account `name` (`diagnose --account`): each later step's `mend say`
    /// line names it too, so a pasted line fills the same names from it.
    pub fn link_account(&mut self, name: &str) {
        self.account = Some(name.to_string());
        for command in &mut self.more_commands {
            command.push_str(&format!(" --account {name}"));
        }
    }
}

/// The go-around verdict for this sheet, with the dated plan when the last-resort step is the
/// step to take now.
fn go_around_view(
    view: GoAround,
    reason: &str,
    situation: &Situation,
    steps: &[StepView],
    today: jiff::civil::Date,
) -> GoAroundView {
    let now = situation
        .steps
        .iter()
        .zip(steps)
        .find(|(step, view)| step.last_resort && view.status == StepStatus::Next)
        .map(|(step, _)| step)
        .filter(|_| view != GoAround::Never);
    GoAroundView {
        view,
        reason: reason.to_string(),
        now: now.is_some(),
        plan: now
            .map(|step| {
                step.plan
                    .iter()
                    .map(|p| DatedAction {
                        day: p.day,
                        date: working_days_after(today, p.day),
                        action: p.action.clone(),
                    })
                    .collect()
            })
            .unwrap_or_default(),
        never_say: now.map(|step| step.never_say.clone()).unwrap_or_default(),
    }
}

/// The variables `track` shows with `flags` set (every other condition false, so a group's
/// branch counts only where the name's branch does too). A template that does not render uses
/// every variable: asking too much beats a sentence with a hole in it.
fn used_variables(track: &TalkTrack, flags: &[String]) -> std::collections::BTreeSet<String> {
    let marker = |name: &str| format!("\u{1}{name}\u{2}");
    let mut data: BTreeMap<String, String> = track.flags.iter().map(|f| (f.clone(), String::new())).collect();
    data.extend(flags.iter().map(|f| (f.clone(), "true".to_string())));
    data.extend(track.front.variables.iter().map(|v| (v.name.clone(), marker(&v.name))));
    let mut shown = String::new();
    for (_, text, _) in track.templates() {
        match crate::content::template::render(text, &data) {
            Ok(out) => shown.push_str(&out),
            Err(_) => return track.front.variables.iter().map(|v| v.name.clone()).collect(),
        }
    }
    track.front.variables.iter().filter(|v| shown.contains(&marker(&v.name))).map(|v| v.name.clone()).collect()
}

/// The sheet's next step when every step is done or ruled out for this account.
pub const ALL_DONE: &str =
    "Every step mend offers here is done or ruled out for this account. Keep the relationship warm, and run mend again when something changes.";

/// The steps with their status (from the case: done, ruled out, next); the talk-tracks for the
/// next step (after any the classification leads with); and the talk-tracks of the steps after
/// it, in order. A track serving only steps already done is never among them.
pub fn plan(case: &Case, situation: &Situation) -> (Vec<StepView>, Vec<String>, Vec<String>) {
    let c = &case.classification;
    let statuses = case.step_statuses(situation);
    let allow_last_resort = matches!(c.go_around, Some((GoAround::Justified | GoAround::LastResort, _)));
    let steps: Vec<StepView> = situation
        .steps
        .iter()
        .zip(&statuses)
        .map(|(step, status)| StepView {
            title: case.step_text(&step.title),
            detail: case.step_text(&step.detail),
            status: *status,
            tracks: step.tracks.clone(),
        })
        .collect();
    // A track whose every step here is behind the rep is not words to say again.
    let behind = |t: &String| {
        let serving: Vec<&StepView> = steps.iter().filter(|s| s.tracks.contains(t)).collect();
        !serving.is_empty() && serving.iter().all(|s| matches!(s.status, StepStatus::Done | StepStatus::Passed))
    };
    let mut now: Vec<String> = c.lead_with.iter().filter(|t| !behind(t)).cloned().collect();
    let mut later: Vec<String> = Vec::new();
    let from = statuses.iter().position(|s| *s == StepStatus::Next).unwrap_or(steps.len());
    let open = steps
        .iter()
        .enumerate()
        .skip(from)
        .filter(|(i, s)| {
            matches!(s.status, StepStatus::Next | StepStatus::Later)
                && (allow_last_resort || !situation.steps[*i].last_resort)
        })
        .map(|(_, s)| s);
    let candidates: Vec<&StepView> = if situation.ladder { open.take(1).collect() } else { open.collect() };
    // A step without a talk-track (`Map the group`) lends the words of the first step after it.
    let first = candidates.iter().position(|s| !s.tracks.is_empty()).unwrap_or(0);
    for (i, s) in candidates.into_iter().enumerate() {
        for t in &s.tracks {
            if !now.contains(t) && !later.contains(t) && !behind(t) {
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
        sections.extend(self.go_around_section(true));
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
        // A card with a dated plan gives the room to the plan, the words and what not to say;
        // its reasons and the lead track's questions (already in its words) move to the background.
        let on_card = if self.plan_items().is_some() { 0 } else { CARD_REASONS };
        let (first, rest) = self.reasons.split_at(self.reasons.len().min(on_card));
        if !first.is_empty() {
            sections.push(Section::new("Why mend thinks so", Content::List(first.to_vec())));
        }
        // The deciding question belongs in the room: it is what the rep asks first.
        sections.extend(self.runner_up_section());
        if let Some(step) = self.steps.iter().position(|s| s.status == StepStatus::Next) {
            let s = &self.steps[step];
            let line = format!("Step {} of {}: {}.", step + 1, self.steps.len(), s.title.trim_end_matches('.'));
            // Going around is the step now: the card gives its dates. What never to say stays
            // in the background; the lead track's own "what not to say" covers it in the room.
            match self.plan_items() {
                Some(items) => sections.push(Section::new(
                    format!("Your step now ({} of {}), by these dates", step + 1, self.steps.len()),
                    Content::Steps(items),
                )),
                None => sections.push(Section::new("Your step now", Content::Paragraph(line))),
            }
        }
        let lead = self.tracks.first();
        if let Some(t) = lead {
            sections.push(Section::new(track_heading("What to say", t), Content::Say(t.sections.say.clone())));
            if !t.sections.avoid.is_empty() {
                sections.push(Section::new("What not to say", Content::List(t.sections.avoid.clone())));
            }
            if !t.sections.questions.is_empty() && on_card > 0 {
                sections.push(Section::new("Questions to ask", Content::List(t.sections.questions.clone())));
            }
        }
        let agree = lead.map_or(&self.next_step, |t| &t.sections.next_step);
        sections.push(Section::new("What to agree before you hang up", Content::Paragraph(agree.clone())));

        // The background, from the second page on.
        sections.push(Section::new("What is going on", Content::Paragraph(self.description.clone())).on_new_page());
        if !rest.is_empty() {
            let heading = if first.is_empty() { "Why mend thinks so" } else { "More reasons" };
            sections.push(Section::new(heading, Content::List(rest.to_vec())));
        }
        if let Some(t) = lead.filter(|t| on_card == 0 && !t.sections.questions.is_empty()) {
            sections.push(Section::new("Questions to ask", Content::List(t.sections.questions.clone())));
        }
        sections.extend(self.go_around_section(false));
        sections.push(self.steps_section());
        for t in self.tracks.iter().skip(1) {
            sections.extend(track_sections(t));
            sections.push(Section::sub("What to agree", Content::Paragraph(t.sections.next_step.clone())));
        }
        sections.extend(self.more_tracks_section());
        Document { title: format!("Prep sheet: {}", self.title), intro: Some(self.card_intro()), sections }
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
    /// The card's line under its title: whom and when the call is for, so a stack of printed
    /// cards can be told apart (issue 25.5), then mend's doubt when it is guessing. A sure verdict
    /// is not restated: the title already names it.
    fn card_intro(&self) -> String {
        // The person the rep speaks with: the client, else the first the case names (the sponsor
        // on a gatekeeper path).
        let client =
            self.people.iter().find(|p| p.role == "client").or_else(|| self.people.first()).map(|p| p.name.as_str());
        let company = self.company.as_deref().filter(|c| !c.trim().is_empty());
        let mut line = match (client, company) {
            (Some(client), Some(company)) => format!("Call with {client} at {company}"),
            (Some(client), None) => format!("Call with {client}"),
            (None, Some(company)) => format!("Call with {company}"),
            (None, None) => "Call".to_string(),
        };
        if let Some(day) = self.prepared_on {
            line.push_str(&format!(", prepared {}", crate::account::dates::spoken(day)));
        }
        line.push('.');
        if self.unsure {
            line.push(' ');
            line.push_str(&self.intro());
        }
        line
    }

    /// The situation in one line, or the plain statement that mend is guessing.
    fn intro(&self) -> String {
        // Nothing in the answers pointed to the verdict (nothing fits, or the fallback): say so
        // rather than claim the answers "point most" to it.
        let unsupported = self.ranking.iter().find(|s| s.situation == self.situation).is_none_or(|s| s.score <= 0);
        if self.unsure && unsupported {
            "mend can't tell yet: none of its patterns fits what you described. Start by asking the client how things look from their side.".to_string()
        } else if self.unsure {
            format!(
                "mend is not sure yet. The answers point most to \"{}\", and that is a guess until you have asked the client directly. Start by asking.",
                self.title.to_lowercase()
            )
        } else {
            format!("Most likely: {}.", self.title.to_lowercase())
        }
    }

    /// What else it could be, and the one question that tells the two apart, said aloud.
    fn runner_up_section(&self) -> Option<Section> {
        let r = self.runner_up.as_ref()?;
        let mut say = vec![SayBlock::Direction(format!(
            "It could also be: {}. To tell the two apart, ask the client:",
            r.title.to_lowercase().trim_end_matches('.')
        ))];
        match &r.question {
            Some(q) => say.push(SayBlock::Speech(q.clone())),
            None => say.push(SayBlock::Direction(format!(
                "Ask whatever would settle it; this library gives no question for `{}`.",
                r.situation
            ))),
        }
        Some(Section::new("What else it could be", Content::Say(say)))
    }

    /// The verdict and, with `plan`, the dated plan (the call card has the plan on its first page).
    fn go_around_section(&self, plan: bool) -> Vec<Section> {
        let Some(g) = self.go_around.as_ref() else { return Vec::new() };
        let verdict = match (g.view, g.now) {
            (GoAround::Never, _) => "Do not go around.",
            (GoAround::LastResort, false) => "Going around is the very last rung, and only after every other one.",
            (GoAround::LastResort, true) => {
                "Every rung below has been tried, so going around is now the step to take: openly, and in the order below."
            }
            (GoAround::Justified, _) => "Going around is justified here, done openly.",
        };
        let mut sections =
            vec![Section::new("Go around or not?", Content::Paragraph(format!("{verdict} {}", g.reason)))];
        let mut plan_sections = self.plan_sections();
        if !plan && !plan_sections.is_empty() {
            plan_sections.remove(0); // the dates are on the card's first page already
        }
        sections.extend(plan_sections);
        sections
    }

    /// The dated plan's actions, each with its date (`By Fri 6 Mar: ...`), when going around
    /// is the step now.
    fn plan_items(&self) -> Option<Vec<String>> {
        let g = self.go_around.as_ref().filter(|g| !g.plan.is_empty())?;
        Some(
            g.plan
                .iter()
                .map(|p| {
                    let when = if p.day == 0 { "Today," } else { "By" };
                    format!("{when} {}: {}", short_date(p.date), p.action)
                })
                .collect(),
        )
    }

    /// The dated plan and what never to say, when going around is the step now.
    fn plan_sections(&self) -> Vec<Section> {
        let (Some(g), Some(items)) = (self.go_around.as_ref(), self.plan_items()) else { return Vec::new() };
        let mut sections = vec![Section::new("The dated plan", Content::Steps(items))];
        if !g.never_say.is_empty() {
            sections.push(Section::new("Never say", Content::List(g.never_say.clone())));
        }
        sections
    }

    fn steps_section(&self) -> Section {
        let steps = self
            .steps
            .iter()
            .map(|s| {
                let mark = match s.status {
                    StepStatus::Done => "[done] ",
                    StepStatus::Passed => "[passed] ",
                    StepStatus::Next => "[next] ",
                    StepStatus::Later => "",
                    StepStatus::NotForThisAccount => "[ruled out here] ",
                };
                format!("{mark}{}: {}", s.title, s.detail)
            })
            .collect();
        Section::new("Steps, in order", Content::Steps(steps))
    }

    /// Later steps' talk-tracks, each with the `mend say` line that renders it for these answers.
    fn more_tracks_section(&self) -> Option<Section> {
        (!self.more_tracks.is_empty())
            .then(|| Section::new("Later steps: talk-tracks", Content::Commands(self.more_commands.clone())))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What a later-steps line holds survives the shell: each word is read back as written.
    #[test]
    fn shell_words_read_back_as_written() {
        assert_eq!(shell_word("client=Dana"), "client=Dana");
        assert_eq!(shell_word("client=Zoë O'Brien"), "'client=Zoë O'\\''Brien'");
        for word in ["company=AT&T", "result=the $5 plan; rm -rf", "x=`id`", "x=a\"b", "", "x=it's"] {
            let out = std::process::Command::new("sh")
                .arg("-c")
                .arg(format!("printf %s {}", shell_word(word)))
                .output()
                .expect("sh runs");
            assert_eq!(String::from_utf8_lossy(&out.stdout), word, "{word}");
        }
    }
    use crate::case::Done;
    use crate::interview::{every_path, Transcript};
    use crate::library::Layer;

    /// On every path of the built-in interview, the steps and tracks a sheet shows never
    /// contradict its go-around verdict or the answers, and the verdict fits the stage.
    #[test]
    fn steps_and_tracks_never_contradict_the_verdict() {
        let library = Library::new(vec![Layer::builtin()]);
        let script = library.script().expect("script");
        let situations = library.situations().expect("situations");
        let today: jiff::civil::Date = "2026-03-05".parse().expect("date");
        let finished = every_path(&script, &situations, |interview, c| {
            let answers = interview.answers();
            let said = |q: &str, v: &str| answers.get(q).is_some_and(|vs| vs.iter().any(|x| x == v));
            let situation = situations.iter().find(|s| s.id == c.situation).expect("situation");
            let transcript = Transcript {
                answers: answers.clone(),
                path: interview.path().to_vec(),
                ignored: Vec::new(),
                missing: Vec::new(),
            };
            let case = Case::assemble(&script, &transcript, c.clone(), &ValueStore::default(), &Done::new(), &[]);
            let (steps, now, _) = plan(&case, situation);
            let view = c.go_around.as_ref().map(|(v, _)| *v);
            let reason = c.go_around.as_ref().map_or("", |(_, r)| r.as_str());
            // A step ruled out only when going around is ruled out, and never the step now.
            for (s, step) in steps.iter().zip(&situation.steps) {
                let off_path = step.when.as_ref().is_some_and(|w| !w.holds(answers));
                if s.status == StepStatus::NotForThisAccount && !off_path {
                    assert_eq!(view, Some(GoAround::Never), "{answers:?}");
                }
            }
            // Ruled out: none of the last-resort steps' tracks is rendered.
            if view == Some(GoAround::Never) {
                for (step, _) in situation.steps.iter().zip(&steps).filter(|(s, _)| s.last_resort) {
                    for t in &step.tracks {
                        assert!(!now.contains(t), "{t} shown while going around is ruled out: {answers:?}");
                    }
                }
            }
            // A client who has already left is not offered the walk-away: there is nothing left
            // to walk away from (issue 23).
            let left = said("stage", "lost") || said("symptom", "decided-against") || said("their_change", "decided");
            if left {
                let (_, now, later) = plan(&case, situation);
                assert!(!now.iter().chain(&later).any(|t| t == "walk-away"), "walk-away offered: {answers:?}");
            }
            // Work agreed and cancelled under pressure is won back, whatever the stage, and no
            // reason on the sheet tells the rep to accept it.
            if said("decision_kind", "cancelled-under-pressure") {
                assert_eq!(c.situation, "win-back", "{answers:?}");
                assert!(!c.reasons.iter().any(|r| r.text.contains("accept it well")), "{answers:?}: {:?}", c.reasons);
            }
            // A prospect gone quiet is written to, short, with no grievance (issue 23).
            if said("symptom", "gone-dark") && said("stage", "prospect") {
                assert_eq!(c.situation, "silent-prospect", "{answers:?}");
            }
            // A front desk is not a sponsor: their own sheet, and going around is not ruled out.
            if said("blocker", "screener") && !said("stage", "lost") {
                assert_eq!(c.situation, "screener", "{answers:?}");
                assert_ne!(view, Some(GoAround::Never), "{answers:?}");
                assert!(!answers.contains_key("sponsor_reason") && !answers.contains_key("ladder_tried"));
            }
            // The incumbent in a formal tender answers it by its rules (issue 23).
            if said("rival_kind", "re-tender") && said("stage", "client") {
                assert_eq!(c.situation, "tender-response", "{answers:?}");
            }
            // The resister won't talk: no "talk openly with them" track.
            if said("end_user_open", "no") {
                assert!(!now.iter().any(|t| t == "end-user-open-conversation"), "{answers:?}");
            }
            // Resistance method: a long-term account treads lightly, a one-off or a deal still
            // being decided may go around a resister who won't engage.
            let resists = said("symptom", "user-says-no") || said("symptom", "someone-resists");
            if resists && said("account", "ongoing") {
                assert_ne!(view, Some(GoAround::Justified), "{answers:?}");
            }
            let no_account = said("account", "one-off") || said("stage", "prospect") || said("stage", "open-deal");
            if resists && no_account && said("end_user_open", "no") {
                assert_eq!(view, Some(GoAround::Justified), "{answers:?}");
            }
            // Stage: only a client on a long-term account is told it is one.
            if reason.contains("This is a long-term account") {
                assert!(said("stage", "client") && said("account", "ongoing"), "{answers:?}: {reason}");
            }
            if said("stage", "lost") {
                assert_eq!(view, None, "a lost client gets no go-around view: {answers:?}");
            }
            // The gatekeeper's top rung opens only when the client's survival is at stake, and
            // then with a dated plan that tells the sponsor before anyone else.
            let steps_view = steps.clone();
            if let Some((v, r)) = &c.go_around {
                let g = go_around_view(*v, r, situation, &steps_view, today);
                if g.now && c.situation == "gatekeeper" {
                    assert!(said("stakes", "survival"), "{answers:?}");
                    let tell = g.plan.iter().position(|p| p.action.contains("Tell your sponsor yourself"));
                    let ask = g.plan.iter().position(|p| p.action.contains("Ask the other person"));
                    assert!(tell.is_some() && tell < ask, "{answers:?}: {:?}", g.plan);
                    assert!(g.plan.windows(2).all(|w| w[0].date <= w[1].date));
                }
                if !g.now {
                    assert!(g.plan.is_empty() && g.never_say.is_empty());
                }
            }
        });
        assert!(finished);
    }

    /// Sentences that hedge a fact, each with the question whose answer settles it: on a path
    /// that answered it, the sheet must not say them.
    /// With values, only those answers settle it ("time for a change" leaves open whether
    /// another proposal is on the table; a cheaper quote does not).
    const HEDGES: &[(&str, &str, &[&str])] = &[
        ("if you are the incumbent", "stage", &[]),
        ("if you don't work for them", "stage", &[]),
        ("if there's another proposal", "rival_kind", &["cheaper-quote", "re-tender"]),
        ("if your champion is still reachable", "champion_reachable", &[]),
        ("before the deadline if you still can", "deadline_passed", &[]),
        ("if it happened a while ago", "slip_when", &[]),
        ("if you'll be working alongside", "account", &[]),
    ];

    /// The path walker of the "done means": on every path of the built-in interview,
    /// every rendered track is spoken to the person its `speaks_to` names, by that person's name;
    /// no step marked next is already done; and no step or track hedges a fact the case holds.
    /// Sheets that would read the same (same verdict, answers flags and names) are built once.
    #[test]
    fn every_path_speaks_to_the_right_person_and_neither_repeats_nor_hedges() {
        let library = Library::new(vec![Layer::builtin()]);
        let script = library.script().expect("script");
        let situations = library.situations().expect("situations");
        let today: jiff::civil::Date = "2026-03-05".parse().expect("date");
        // What a sheet's words and steps can depend on: the flags tracks and steps test.
        let index = library.track_index().expect("index");
        let mut relevant: std::collections::BTreeSet<String> = std::collections::BTreeSet::new();
        for name in index.names() {
            relevant.extend(library.track(&index, name).expect("track").flags);
        }
        for step in situations.iter().flat_map(|s| &s.steps) {
            for text in [&step.title, &step.detail] {
                let usage = crate::content::template::usage(text).expect("step text");
                relevant.extend(usage.conditions.into_iter().map(|(c, _, _)| c));
            }
            for (q, v) in step.when.iter().flat_map(|w| w.mentions()) {
                relevant.insert(crate::interview::script::flag_name(q, v.trim_start_matches('!')));
            }
        }
        let mut seen = std::collections::BTreeSet::new();
        let mut sheets = 0;
        let finished = every_path(&script, &situations, |interview, c| {
            let transcript = Transcript {
                answers: interview.answers().clone(),
                path: interview.path().to_vec(),
                ignored: Vec::new(),
                missing: Vec::new(),
            };
            let case = Case::assemble(&script, &transcript, c.clone(), &ValueStore::default(), &Done::new(), &[]);
            let names: Vec<String> = case.people.iter().map(|p| format!("{}={}", p.role, p.name)).collect();
            let flags: Vec<&String> = case.flags.iter().filter(|f| relevant.contains(*f)).collect();
            let done = case.done.get(&c.situation).cloned().unwrap_or_default();
            let view = c.go_around.as_ref().map(|(v, _)| format!("{v:?}"));
            let key = format!("{} {flags:?} {names:?} {:?} {done:?} {view:?}", c.situation, c.lead_with);
            if !seen.insert(key) {
                return;
            }
            sheets += 1;
            let answers = &case.answers;
            let sheet = build(&library, &case, None, false, &|| today).expect("sheet");
            let done = case.done.get(&sheet.situation).cloned().unwrap_or_default();
            for (i, step) in sheet.steps.iter().enumerate() {
                if step.status == StepStatus::Next {
                    assert!(!done.contains(&(i + 1)), "step {} is next and done: {answers:?}", i + 1);
                }
            }
            let mut texts: Vec<String> = sheet.steps.iter().map(|s| format!("{} {}", s.title, s.detail)).collect();
            for t in &sheet.tracks {
                let speech: Vec<&str> = t
                    .sections
                    .say
                    .iter()
                    .filter_map(|b| match b {
                        SayBlock::Speech(text) => Some(text.as_str()),
                        SayBlock::Direction(_) => None,
                    })
                    .collect();
                texts.extend(speech.iter().map(|s| s.to_string()));
                let to = t.speaks_to.as_ref().unwrap_or_else(|| panic!("{} has no `to`", t.track));
                let person = sheet.people.iter().find(|p| p.role == to.role);
                assert_eq!(
                    to.name.as_deref(),
                    person.map(|p| p.name.as_str()),
                    "{}: spoken to {} on {answers:?}",
                    t.track,
                    to.role
                );
                // The words open on the addressee's name, never another person's.
                let first = speech.first().and_then(|s| s.lines().next()).unwrap_or_default();
                for p in sheet.people.iter().filter(|p| first.starts_with(&format!("{},", p.name))) {
                    assert_eq!(Some(&p.name), to.name.as_ref(), "{}: opens on {}: {answers:?}", t.track, p.role);
                }
                // Thanks for moving on go only to the champion.
                if speech.iter().any(|s| s.contains("you've moved on")) {
                    let champion = sheet.people.iter().find(|p| p.role == "champion").map(|p| &p.name);
                    assert!(champion.is_some() && champion == to.name.as_ref(), "{}: {answers:?}", t.track);
                }
            }
            for text in &texts {
                let lower = text.to_lowercase();
                for (hedge, question, settling) in HEDGES {
                    let given = answers.get(*question);
                    let settled =
                        given.is_some_and(|v| settling.is_empty() || v.iter().any(|x| settling.contains(&x.as_str())));
                    if settled {
                        assert!(
                            !lower.contains(hedge),
                            "{hedge:?} though `{question}` is answered: {answers:?}\n{text}"
                        );
                    }
                }
            }
        });
        assert!(finished);
        assert!(sheets > 100, "{sheets} sheets");
    }

    /// Words that presume the client already buys from the rep: never said to a prospect.
    const CLIENT_ONLY: &[&str] = &[
        "working with you",
        "worked with you",
        "work with you so far",
        "working together",
        "worked together",
        "our work together",
        "you've backed this work",
        "everything you've done for us",
        "everything you have done for us",
        "as our client",
        "your account",
    ];

    /// Issue 23: on every prospect path, no track a sheet renders or lists as a later step (with
    /// the case's flags), and no step, presumes a client relationship that does not exist yet.
    #[test]
    fn prospect_wording_fits_a_prospect() {
        let library = Library::new(vec![Layer::builtin()]);
        let script = library.script().expect("script");
        let situations = library.situations().expect("situations");
        let index = library.track_index().expect("index");
        let mut seen = std::collections::BTreeSet::new();
        let mut failures = std::collections::BTreeSet::new();
        let finished = every_path(&script, &situations, |interview, c| {
            let answers = interview.answers();
            if !answers.get("stage").is_some_and(|v| v.iter().any(|x| x == "prospect")) {
                return;
            }
            let transcript = Transcript {
                answers: answers.clone(),
                path: interview.path().to_vec(),
                ignored: Vec::new(),
                missing: Vec::new(),
            };
            let case = Case::assemble(&script, &transcript, c.clone(), &ValueStore::default(), &Done::new(), &[]);
            let situation = situations.iter().find(|s| s.id == c.situation).expect("situation");
            let (steps, now, later) = plan(&case, situation);
            let mut texts: Vec<(String, String)> =
                steps.iter().map(|s| (format!("{} step", c.situation), format!("{} {}", s.title, s.detail))).collect();
            let sheet = build(&library, &case, None, false, &|| "2026-03-05".parse().expect("date")).expect("sheet");
            if let Some(question) = sheet.runner_up.and_then(|r| r.question) {
                texts.push((format!("{} runner-up", c.situation), question));
            }
            for name in now.iter().chain(&later) {
                if !seen.insert((name.clone(), case.flags.clone())) {
                    continue;
                }
                let track = library.track(&index, name).expect("track");
                let resolved = ValueStore::default().resolve(&track.front.variables).expect("resolve");
                let r = RenderedTrack::render(&track, &resolved, &case.flags).expect("render");
                let mut all: Vec<String> = r
                    .sections
                    .say
                    .iter()
                    .map(|b| match b {
                        SayBlock::Speech(t) | SayBlock::Direction(t) => t.clone(),
                    })
                    .collect();
                all.push(r.summary.clone());
                all.push(r.sections.next_step.clone());
                all.extend(r.sections.questions.iter().cloned());
                texts.extend(all.into_iter().map(|t| (name.clone(), t)));
            }
            for (whose, text) in texts {
                let lower = text.to_lowercase();
                for phrase in CLIENT_ONLY {
                    if lower.contains(phrase) {
                        failures.insert(format!("{whose}: {phrase:?} in {text:?}"));
                    }
                }
            }
        });
        assert!(finished);
        assert!(
            failures.is_empty(),
            "client-only words said to a prospect:\n{}",
            failures.into_iter().collect::<Vec<_>>().join("\n")
        );
    }

    #[test]
    fn working_days_skip_the_weekend() {
        let d = |s: &str| -> jiff::civil::Date { s.parse().expect("date") };
        assert_eq!(working_days_after(d("2026-03-05"), 0), d("2026-03-05"));
        assert_eq!(working_days_after(d("2026-03-05"), 2), d("2026-03-09"));
        assert_eq!(working_days_after(d("2026-03-07"), 1), d("2026-03-09"));
        assert_eq!(short_date(d("2026-03-09")), "Mon 9 Mar");
    }
}
