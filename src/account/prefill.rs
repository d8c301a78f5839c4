//! What an account answers for the interview, so `mend diagnose --account` does not ask again
//! what mend already knows.
//!
//! The mapping goes by the script's own data, not by today's questions, so a coach can reword,
//! reorder or add questions without touching code:
//!
//! - a question with id `stage` takes the account's stage, one with id `account` its kind
//!   (`ongoing` / `one-off`): the two ids the script documents for these facts;
//! - a `text` question whose `variable` the account layer of the values supplies (a person by role,
//!   the company) takes that name, unless something given for this run (`[values]`) overrides it;
//! - a `stable` question (who changed, whether the champion is reachable) takes the answer an
//!   earlier call stored under `[facts]`;
//! - a `multiple` question ticks each choice whose `completes` names only steps the account has
//!   logged as done (`mend log --done gatekeeper:2` ticks the choice with
//!   `completes = { gatekeeper = 2 }`). A question none of whose choices match is asked as usual.
//!
//! Every answer is checked with [`interview::validate`], as a typed one is; a value the script does
//! not offer (a library whose `stage` question has other choices) is left for the rep to answer.

use super::KnownAnswers;
use crate::interview::{self, Kind, Script};
use crate::values::{ValueSource, ValueStore};

/// The question ids whose answers an account stores as fields.
pub const STAGE_QUESTION: &str = "stage";
pub const KIND_QUESTION: &str = "account";

/// The answers the account can give, in script order, each valid for its question.
pub fn prefill(script: &Script, known: &KnownAnswers, values: &ValueStore) -> Vec<(String, Vec<String>)> {
    let mut answers = Vec::new();
    for question in &script.questions {
        let raw: Vec<String> = match (question.id.as_str(), question.kind) {
            (STAGE_QUESTION, _) => known.stage.map(|s| s.as_str().to_string()).into_iter().collect(),
            (KIND_QUESTION, _) => known.kind.map(|k| k.as_str().to_string()).into_iter().collect(),
            (id, _) if question.stable && known.facts.contains_key(id) => known.facts[id].clone(),
            (_, Kind::Text) => question
                .variable
                .as_deref()
                .and_then(|var| values.get(var))
                .filter(|(_, source, _)| *source == ValueSource::Account)
                .map(|(value, _, _)| value.to_string())
                .into_iter()
                .collect(),
            (_, Kind::Multiple) => question
                .choices
                .iter()
                .filter(|c| {
                    !c.completes.is_empty()
                        && c.completes
                            .iter()
                            .all(|(situation, step)| known.steps_done.get(situation).is_some_and(|d| d.contains(step)))
                })
                .map(|c| c.value.clone())
                .collect(),
            _ => Vec::new(),
        };
        if raw.is_empty() {
            continue;
        }
        if let Ok(valid) = interview::validate(question, &raw) {
            answers.push((question.id.clone(), valid));
        }
    }
    answers
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::account::{Kind as AccountKind, Stage};
    use std::collections::{BTreeMap, BTreeSet};

    const SCRIPT: &str = r#"
[[question]]
id = "stage"
text = "Where does the relationship stand?"
kind = "single"
[[question.choice]]
value = "client"
label = "A client"
[[question.choice]]
value = "prospect"
label = "A prospect"

[[question]]
id = "account"
text = "Long-term or one-off?"
kind = "single"
[[question.choice]]
value = "ongoing"
label = "Long-term"

[[question]]
id = "tried"
text = "What have you tried?"
kind = "multiple"
[[question.choice]]
value = "first"
label = "The first rung"
completes = { ladder = 2 }
[[question.choice]]
value = "second"
label = "The second rung"
completes = { ladder = 3 }
[[question.choice]]
value = "unrelated"
label = "Something with no step"

[[question]]
id = "reason"
text = "Why?"
kind = "single"
[[question.choice]]
value = "known"
label = "Known"
completes = { ladder = 1 }

[[question]]
id = "who_changed"
text = "Who changed?"
kind = "single"
stable = true
[[question.choice]]
value = "champion-left"
label = "The champion left"
[[question.choice]]
value = "new-leader"
label = "A new leader"

[[question]]
id = "sponsor"
text = "Sponsor?"
kind = "text"
variable = "sponsor"

[[question]]
id = "client"
text = "Client?"
kind = "text"
variable = "client"
"#;

    fn script() -> Script {
        toml::from_str(SCRIPT).expect("a script")
    }

    fn known(stage: Option<Stage>, kind: Option<AccountKind>, done: &[usize]) -> KnownAnswers {
        let mut steps_done = BTreeMap::new();
        steps_done.insert("ladder".to_string(), done.iter().copied().collect::<BTreeSet<_>>());
        KnownAnswers { stage, kind, steps_done, facts: BTreeMap::new() }
    }

    fn values(layers: &[(ValueSource, &str, &str)]) -> ValueStore {
        let mut store = ValueStore::default();
        for (source, name, value) in layers {
            store.add(*source, "test", vec![(name.to_string(), value.to_string())]);
        }
        store
    }

    #[test]
    fn stage_kind_names_and_steps_done_become_answers() {
        let store = values(&[(ValueSource::Account, "sponsor", "Dana"), (ValueSource::Env, "client", "Tom")]);
        let answers = prefill(&script(), &known(Some(Stage::Client), Some(AccountKind::Ongoing), &[1, 2]), &store);
        let expected: Vec<(String, Vec<String>)> = vec![
            ("stage".into(), vec!["client".into()]),
            ("account".into(), vec!["ongoing".into()]),
            ("tried".into(), vec!["first".into()]),
            ("sponsor".into(), vec!["Dana".into()]),
        ];
        // `reason` is single choice (which of several reasons is not known), and `client` comes
        // from the environment, not the account.
        assert_eq!(answers, expected);
    }

    #[test]
    fn unknown_facts_and_values_outside_the_choices_are_left_to_ask() {
        let store =
            values(&[(ValueSource::Account, "sponsor", "Dana"), (ValueSource::AnswersFile, "sponsor", "Priya")]);
        let answers = prefill(&script(), &known(None, Some(AccountKind::OneOff), &[4]), &store);
        assert!(answers.is_empty(), "{answers:?}");
        let answers = prefill(&script(), &known(Some(Stage::Lost), None, &[]), &ValueStore::default());
        assert!(answers.is_empty(), "`lost` is not a choice of this script's `stage`: {answers:?}");
    }

    /// A stored fact answers its `stable` question; one the choices no longer offer, or one stored
    /// for a question that is not stable (`reason`), is asked again.
    #[test]
    fn stable_facts_answer_their_questions() {
        let mut known = known(None, None, &[]);
        known.facts.insert("who_changed".into(), vec!["new-leader".into()]);
        known.facts.insert("reason".into(), vec!["known".into()]);
        let answers = prefill(&script(), &known, &ValueStore::default());
        assert_eq!(answers, vec![("who_changed".to_string(), vec!["new-leader".to_string()])]);
        known.facts.insert("who_changed".into(), vec!["handed-down".into()]);
        assert!(prefill(&script(), &known, &ValueStore::default()).is_empty());
    }
}
