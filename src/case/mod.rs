//! The case: everything mend knows about this client relationship, built once and read by every
//! step, verdict and sentence of the prep sheet.
//!
//! The interview's transcript, the value layers (flags, files, the account) and the account's
//! done log go in; out comes one [`Case`]: the answers and the flags the words test, the
//! classification, the cast of people by role, and the steps done per situation. The sheet reads
//! only the case, so a fact given once (a name, a step done, the stage) is the same fact in every
//! sentence. [`steps`] holds the one next-step computation, shared with the agenda.

pub mod steps;

use crate::content::situation::Situation;
use crate::interview::{classify, Answers, Classification, Script, Transcript};
use crate::values::{ValueSource, ValueStore, LEAVE_BLANK};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use steps::{StepFacts, StepStatus};

/// The roles of the cast (COACHING.md 6.1), as talk-track variable names. A track's `to` and the
/// interview's person questions use them; a track may name others of its own (`supporter`).
pub const ROLES: [&str; 11] = [
    "client",
    "champion",
    "new_person",
    "sponsor",
    "stakeholder",
    "decision_maker",
    "resister",
    "ally",
    "colleague",
    "executive",
    "screener",
];

/// One person of the cast: who they are to the case, their name, and where the name came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Person {
    pub role: String,
    pub name: String,
    pub source: ValueSource,
}

/// Steps done per situation id (1-based).
pub type Done = BTreeMap<String, BTreeSet<usize>>;

/// One case, built once per diagnose run.
#[derive(Debug, Clone)]
pub struct Case {
    pub answers: Answers,
    pub path: Vec<String>,
    /// Answer flags (`stage_client`, `client_is_champion`) for conditional words.
    pub flags: Vec<String>,
    pub classification: Classification,
    /// The values with the interview's names on top: what every track's variables come from.
    pub values: ValueStore,
    /// Everyone the case names, by role, in [`ROLES`] order then the script's other roles.
    pub people: Vec<Person>,
    /// Per situation, the steps done: those the answers show (`completes`) and those logged.
    pub done: Done,
}

impl Case {
    /// Builds the case. `logged` is the account's done log; `from_account` the question ids the
    /// account answered (their names are the account's, not typed in this run).
    pub fn build(
        script: &Script,
        situations: &[Situation],
        transcript: &Transcript,
        values: &ValueStore,
        logged: &Done,
        from_account: &[String],
    ) -> Case {
        let classification = classify(script, &transcript.answers, &transcript.path, situations);
        Case::assemble(script, transcript, classification, values, logged, from_account)
    }

    /// [`Case::build`] for a transcript already classified (the path walker classifies each path).
    pub fn assemble(
        script: &Script,
        transcript: &Transcript,
        classification: Classification,
        values: &ValueStore,
        logged: &Done,
        from_account: &[String],
    ) -> Case {
        let mut values = values.clone();
        let mut typed = Vec::new();
        let mut remembered = Vec::new();
        for id in &transcript.path {
            let Some(var) = script.question(id).and_then(|q| q.variable.clone()) else { continue };
            let Some(name) = transcript.answers.get(id).and_then(|v| v.first()).cloned() else { continue };
            if from_account.contains(id) {
                remembered.push(var.clone());
            }
            typed.push((var, name));
        }
        values.add(ValueSource::Interview, "the interview", typed);
        let mut roles: Vec<String> = ROLES.iter().map(|r| r.to_string()).collect();
        for q in &script.questions {
            if let Some(v) = q.variable.as_ref().filter(|v| !roles.contains(v) && v.as_str() != "company") {
                roles.push(v.clone());
            }
        }
        let people = roles
            .into_iter()
            .filter_map(|role| {
                let (name, source, _) = values.get(&role)?;
                if name == LEAVE_BLANK || name.trim().is_empty() {
                    return None;
                }
                let source = if remembered.contains(&role) { ValueSource::Account } else { source };
                Some(Person { role: role.clone(), name: name.to_string(), source })
            })
            .collect();
        let mut done = classification.completed.clone();
        for (situation, steps) in logged {
            done.entry(situation.clone()).or_default().extend(steps.iter().copied());
        }
        let mut flags = script.answer_flags(&transcript.answers);
        flags.extend(done.iter().flat_map(|(situation, steps)| steps.iter().map(|n| done_flag(situation, *n))));
        Case {
            answers: transcript.answers.clone(),
            path: transcript.path.clone(),
            flags,
            classification,
            values,
            people,
            done,
        }
    }

    /// The person in `role`, when the case names one.
    pub fn person(&self, role: &str) -> Option<&Person> {
        self.people.iter().find(|p| p.role == role)
    }

    /// A step's title or detail with the case's facts in it: `{{#if deadline_passed_yes}}` and
    /// the like choose the words, so a step never hedges what the rep already said. Text without
    /// a condition is returned as it is; one that does not render (a library `mend check` would
    /// reject) too.
    pub fn step_text(&self, text: &str) -> String {
        step_text(text, &self.flags)
    }

    /// The status of every step of `situation` in this case.
    pub fn step_statuses(&self, situation: &Situation) -> Vec<StepStatus> {
        use crate::interview::script::GoAround;
        let none = BTreeSet::new();
        let done = self.done.get(&situation.id).unwrap_or(&none);
        let view = self.classification.go_around.as_ref().map(|(v, _)| *v);
        let applies =
            |n: usize| situation.steps.get(n - 1).and_then(|s| s.when.as_ref()).is_none_or(|w| w.holds(&self.answers));
        let facts = StepFacts {
            done,
            applies: &applies,
            allow_last_resort: matches!(view, Some(GoAround::Justified | GoAround::LastResort)),
            rule_out_last_resort: view == Some(GoAround::Never),
        };
        steps::statuses(situation, &facts)
    }
}

/// `done_competitor_1`: the flag set when step `step` of `situation` is done, by the answers or
/// the account's log. A track that serves several steps leaves out the words of a done one with
/// `{{#unless done_competitor_1}}`, so what the rep already did is never advised again.
pub fn done_flag(situation: &str, step: usize) -> String {
    let situation: String =
        situation.chars().map(|c| if c.is_ascii_lowercase() || c.is_ascii_digit() { c } else { '_' }).collect();
    format!("done_{situation}_{step}")
}

/// Every done flag the situations can set, for `mend check` to know them.
pub fn done_flags(situations: &[Situation]) -> Vec<String> {
    situations.iter().flat_map(|s| (1..=s.steps.len()).map(|n| done_flag(&s.id, n))).collect()
}

/// A step's title or detail with `flags` set and every other condition false: with no flags, the
/// words for a case that knows nothing (the playbook's).
pub fn step_text(text: &str, flags: &[String]) -> String {
    if !text.contains("{{") {
        return text.to_string();
    }
    let Ok(usage) = crate::content::template::usage(text) else { return text.to_string() };
    let mut data: BTreeMap<String, String> =
        usage.conditions.into_iter().map(|(name, _, _)| (name, String::new())).collect();
    data.extend(flags.iter().map(|f| (f.clone(), "true".to_string())));
    crate::content::template::render(text, &data).unwrap_or_else(|_| text.to_string())
}
