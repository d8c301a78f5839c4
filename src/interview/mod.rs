//! The diagnostic interview: a pure state machine over a [`Script`], and the classifier.
//!
//! Nothing here touches a terminal. The interactive front end and the answers-file front end both
//! drive the same [`Interview`] through [`drive`], with a [`Respondent`] for whatever the provided
//! answers did not cover, so every path can be tested without a TTY.
//!
//! Termination is structural: a question is asked at most once, and a condition may only refer to
//! questions that come before it (checked by `mend check`), so every path ends.

pub mod check;
pub mod classify;
pub mod script;

pub use classify::{classify, Classification};
pub use script::{Kind, Question, Script};

use crate::error::Error;
use crate::values::clean;
use std::collections::{BTreeMap, BTreeSet};

/// Answers so far: question id -> selected values (one for single, yes-no and text).
pub type Answers = BTreeMap<String, Vec<String>>;

/// The interview state: the answers given along the current path.
#[derive(Debug, Clone)]
pub struct Interview<'s> {
    pub script: &'s Script,
    answers: Answers,
    /// Question ids in the order they were answered.
    path: Vec<String>,
}

impl<'s> Interview<'s> {
    pub fn new(script: &'s Script) -> Self {
        Interview { script, answers: Answers::new(), path: Vec::new() }
    }

    /// The next question to ask, or `None` when the interview is done.
    pub fn next(&self) -> Option<&'s Question> {
        self.next_excluding(&BTreeSet::new())
    }

    fn next_excluding(&self, skipped: &BTreeSet<String>) -> Option<&'s Question> {
        self.script.questions.iter().find(|q| {
            !self.answers.contains_key(&q.id)
                && !skipped.contains(&q.id)
                && q.when.as_ref().is_none_or(|w| w.holds(&self.answers))
        })
    }

    /// Records a validated answer.
    pub fn answer(&mut self, id: &str, values: Vec<String>) {
        self.answers.insert(id.to_string(), values);
        self.path.push(id.to_string());
    }

    /// Goes back one question; returns false at the start.
    pub fn back(&mut self) -> bool {
        match self.path.pop() {
            Some(id) => {
                self.answers.remove(&id);
                true
            }
            None => false,
        }
    }

    pub fn answers(&self) -> &Answers {
        &self.answers
    }

    pub fn path(&self) -> &[String] {
        &self.path
    }

    /// 1-based position of the current question, for "question 3" style progress.
    pub fn position(&self) -> usize {
        self.path.len() + 1
    }
}

/// Checks a raw answer against its question and normalises it. The same function serves the
/// terminal, `--answer`, and the answers file, so they cannot disagree.
pub fn validate(question: &Question, raw: &[String]) -> Result<Vec<String>, String> {
    let allowed = || question.allowed().join(", ");
    match question.kind {
        // A text answer is a name said aloud (the client, their organisation): the `person`
        // check of a talk-track value, so "?" or "not sure" is refused the same way.
        // `-` leaves the name a visible blank, as for a talk-track value.
        script::Kind::Text => match clean(&raw.join(" ")) {
            blank if blank == crate::values::LEAVE_BLANK => Ok(vec![blank]),
            text => match crate::values::kind::check(Some("person"), &text) {
                Ok(value) => Ok(vec![value]),
                Err(reason) => Err(format!("`{}`: {reason}", question.id)),
            },
        },
        script::Kind::YesNo => {
            let value = raw.first().map(|v| v.trim().to_ascii_lowercase()).unwrap_or_default();
            match value.as_str() {
                "yes" | "y" | "true" => Ok(vec!["yes".into()]),
                "no" | "n" | "false" => Ok(vec!["no".into()]),
                _ => Err(format!("`{}` is a yes/no question; `{value}` is not yes or no", question.id)),
            }
        }
        script::Kind::Single | script::Kind::Multiple => {
            let values: Vec<String> =
                raw.iter().flat_map(|v| v.split(',')).map(|v| v.trim().to_string()).filter(|v| !v.is_empty()).collect();
            // `none` ticks nothing, unless a choice is literally called that.
            let names_none = question.choices.iter().any(|c| c.value == "none");
            let values = if question.kind == script::Kind::Multiple && !names_none && values == ["none"] {
                Vec::new()
            } else {
                values
            };
            if question.kind == script::Kind::Single && values.len() != 1 {
                return Err(format!("`{}` takes exactly one of: {}", question.id, allowed()));
            }
            let mut out = Vec::new();
            for v in values {
                match question.choices.iter().find(|c| c.value.eq_ignore_ascii_case(&v)) {
                    Some(c) if !out.contains(&c.value) => out.push(c.value.clone()),
                    Some(_) => {}
                    None => {
                        let hint =
                            crate::diagnostic::did_you_mean(&v, question.choices.iter().map(|c| c.value.as_str()))
                                .map(|h| format!(" ({h})"))
                                .unwrap_or_default();
                        return Err(format!(
                            "`{v}` is not a choice of `{}`{hint}; allowed: {}",
                            question.id,
                            allowed()
                        ));
                    }
                }
            }
            Ok(out)
        }
    }
}

/// What a front end says when asked a question.
pub enum Response {
    Answer(Vec<String>),
    /// Go back one question.
    Back,
}

/// Asks the questions that provided answers did not cover (the terminal front end).
pub trait Respondent {
    fn ask(&mut self, question: &Question, interview: &Interview) -> Result<Response, Error>;
}

/// The result of running an interview to its end.
#[derive(Debug, Clone)]
pub struct Transcript {
    pub answers: Answers,
    pub path: Vec<String>,
    /// Provided answers to questions the path did not reach.
    pub ignored: Vec<String>,
    /// Questions on the path that had no answer and nobody to ask.
    pub missing: Vec<String>,
}

/// Validates every provided answer (unknown ids and values outside the choices are errors even
/// off the path), then walks the interview.
pub fn drive(
    script: &Script,
    provided: &[(String, Vec<String>)],
    mut respondent: Option<&mut dyn Respondent>,
) -> Result<Transcript, Error> {
    let given = check_given(script, provided)?;
    let mut interview = Interview::new(script);
    let mut skipped = BTreeSet::new();
    let mut missing = Vec::new();
    while let Some(q) = interview.next_excluding(&skipped) {
        if let Some(v) = given.get(&q.id) {
            interview.answer(&q.id, v.clone());
            continue;
        }
        match respondent.as_deref_mut() {
            Some(r) => match r.ask(q, &interview)? {
                Response::Answer(raw) => match validate(q, &raw) {
                    Ok(v) => interview.answer(&q.id, v),
                    Err(e) => return Err(Error::usage(e)),
                },
                Response::Back => {
                    // Going back past a provided answer would loop; step over them.
                    while interview.back() {
                        let last_was_given = interview.next().is_some_and(|n| given.contains_key(&n.id));
                        if !last_was_given {
                            break;
                        }
                    }
                }
            },
            None => {
                missing.push(q.id.clone());
                skipped.insert(q.id.clone());
            }
        }
    }
    let ignored = given.keys().filter(|k| !interview.answers().contains_key(*k)).cloned().collect();
    Ok(Transcript { answers: interview.answers().clone(), path: interview.path().to_vec(), ignored, missing })
}

/// Checks answers given by flag or file: each id is a question of `script` (did-you-mean
/// otherwise) and each value one it allows, every problem at once.
pub fn check_given(
    script: &Script,
    provided: &[(String, Vec<String>)],
) -> Result<BTreeMap<String, Vec<String>>, Error> {
    let mut given: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut problems = Vec::new();
    for (id, raw) in provided {
        match script.question(id) {
            None => problems.push(format!(
                "there is no question `{id}`{}",
                crate::diagnostic::did_you_mean(id, script.questions.iter().map(|q| q.id.as_str()))
                    .map(|h| format!(" ({h})"))
                    .unwrap_or_else(|| " (`mend diagnose --questions` lists them)".into())
            )),
            Some(q) => match validate(q, raw) {
                Ok(v) => {
                    given.insert(id.clone(), v);
                }
                Err(e) => problems.push(e),
            },
        }
    }
    if !problems.is_empty() {
        return Err(Error::usage(problems.join("\n")));
    }
    Ok(given)
}

/// The answer flags (`stage_client`) that `mend say --answer` sets, checked against the script
/// like the answers of `mend diagnose`.
pub fn given_flags(script: &Script, provided: &[(String, Vec<String>)]) -> Result<Vec<String>, Error> {
    let given = check_given(script, provided)?;
    Ok(script.answer_flags(&given))
}

/// The multiple-choice questions whose answers `flags` (a talk-track's conditions) test and that
/// `given` does not answer, each with all its values, in script order: what `mend say` names so
/// that a rep scripting it knows the words took their default path.
pub fn unanswered_conditions(
    script: &Script,
    flags: &[String],
    given: &[(String, Vec<String>)],
) -> Vec<(String, Vec<String>)> {
    script
        .questions
        .iter()
        .filter(|q| q.kind != Kind::Text && !given.iter().any(|(id, _)| *id == q.id))
        .map(|q| (q.id.clone(), q.allowed_values()))
        .filter(|(id, values)| values.iter().any(|v| flags.contains(&script::flag_name(id, v))))
        .collect()
}

/// Upper bound on the paths [`every_path`] explores, so a pathological script cannot hang a run.
pub const MAX_PATHS: usize = 200_000;

/// Upper bound on rule evaluations (each finished path classifies with every rule): a script
/// with many rules gets fewer paths, so the walk's time is bounded whatever the rule count.
pub const MAX_RULE_EVALUATIONS: usize = 8_000_000;

/// How many paths [`every_path`] walks for `script`: [`MAX_PATHS`], fewer when the script has so
/// many rules that classifying that many paths would pass [`MAX_RULE_EVALUATIONS`].
pub fn max_paths(script: &Script) -> usize {
    MAX_PATHS.min(MAX_RULE_EVALUATIONS / (1 + script.rules.len()))
}

/// Walks every path of the interview and hands each finished one to `visit` with its verdict.
/// Text answers are a placeholder; a multiple-choice question is answered with none, each single
/// choice, and all of them. Returns false, having stopped, when there are more than
/// [`max_paths`] paths.
///
/// `mend check` proves reachability with it; the playbook reads from it which go-around rules
/// decide on some path to a situation.
pub fn every_path(
    script: &Script,
    situations: &[crate::content::situation::Situation],
    mut visit: impl FnMut(&Interview, &Classification),
) -> bool {
    let mut paths = 0usize;
    let max_paths = max_paths(script);
    let mut stack = vec![Interview::new(script)];
    while let Some(interview) = stack.pop() {
        if paths >= max_paths {
            return false;
        }
        match interview.next() {
            None => {
                paths += 1;
                let c = classify(script, interview.answers(), interview.path(), situations);
                visit(&interview, &c);
            }
            Some(q) => {
                for option in options(q, &interview) {
                    let mut next = interview.clone();
                    next.answer(&q.id, option);
                    stack.push(next);
                }
            }
        }
    }
    true
}

/// The answers explored for a question. A name is the role's own (`New person`), so every
/// person of a path has a name of their own; a person who may be one named earlier (`same_as`)
/// is also answered with that name.
fn options(q: &Question, interview: &Interview) -> Vec<Vec<String>> {
    match q.kind {
        Kind::Text => {
            let own: String = q.variable.as_deref().unwrap_or("x").replace('_', " ");
            let mut own = own.chars();
            let own: String = own.next().map(|c| c.to_ascii_uppercase()).into_iter().chain(own).collect();
            let mut names = vec![vec![own]];
            let earlier = q.same_as.iter().find_map(|role| {
                let earlier = interview.script.person_question(role)?;
                interview.answers().get(&earlier.id)?.first().cloned()
            });
            names.extend(earlier.map(|name| vec![name]));
            names
        }
        Kind::YesNo => vec![vec!["yes".into()], vec!["no".into()]],
        Kind::Single => q.choices.iter().map(|c| vec![c.value.clone()]).collect(),
        Kind::Multiple => {
            let mut all = vec![Vec::new(), q.choices.iter().map(|c| c.value.clone()).collect()];
            all.extend(q.choices.iter().map(|c| vec![c.value.clone()]));
            all
        }
    }
}

/// The exit-2 message naming every question a run without a respondent could not answer.
pub fn missing_answers(script: &Script, transcript: &Transcript) -> Error {
    let mut message = String::from("the interview needs answers that were not given:");
    for id in &transcript.missing {
        if let Some(q) = script.question(id) {
            message.push_str(&format!("\n  `{id}`: {}  allowed: {}", q.text, q.allowed().join(", ")));
        }
    }
    message.push_str(
        "\ngive them with `--answer ID=VALUE` or `--answers FILE.toml`, or run on a terminal without `--no-input`",
    );
    Error::Missing(message)
}
