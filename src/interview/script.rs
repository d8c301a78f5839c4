//! The conversation script: questions, choices with evidence, conditions and the method's rules.
//!
//! A coach edits this as TOML (`scripts/interview.toml`, documented in `scripts/README.md`). The
//! types here mirror that file one to one, so an error in it can be reported with its key.

use crate::content::origin::Source;
use crate::diagnostic::Diagnostic;
use serde::de::value::{MapAccessDeserializer, SeqAccessDeserializer};
use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;

/// The name of the script `mend diagnose` runs.
pub const MAIN: &str = "interview";

/// What kind of answer a question takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// Pick one choice.
    Single,
    /// Pick any number of choices (possibly none).
    Multiple,
    /// `yes` or `no`.
    YesNo,
    /// Free text, such as a person's name; becomes a talk-track variable.
    Text,
}

/// A small table keyed by name (`{ pushaway = 2 }`), kept as a vector sorted by key.
///
/// Iterates in key order like a `BTreeMap`, so ties in the classifier break the same way, and a
/// script's few hundred such tables cost a vector each instead of a tree node each: that was a
/// fifth of the memory `mend diagnose` touched, and every new page is a page fault.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SmallMap<V>(Vec<(String, V)>);

impl<V: Serialize> Serialize for SmallMap<V> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.iter())
    }
}

impl<V> SmallMap<V> {
    pub const fn new() -> Self {
        SmallMap(Vec::new())
    }

    pub fn iter(&self) -> impl Iterator<Item = (&String, &V)> {
        self.0.iter().map(|(k, v)| (k, v))
    }

    pub fn keys(&self) -> impl Iterator<Item = &String> {
        self.0.iter().map(|(k, _)| k)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl<V> Default for SmallMap<V> {
    fn default() -> Self {
        SmallMap::new()
    }
}

impl<'a, V> IntoIterator for &'a SmallMap<V> {
    type Item = (&'a String, &'a V);
    type IntoIter = std::iter::Map<std::slice::Iter<'a, (String, V)>, fn(&'a (String, V)) -> (&'a String, &'a V)>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter().map(|(k, v)| (k, v))
    }
}

impl<V> FromIterator<(String, V)> for SmallMap<V> {
    /// Sorted by key; a later duplicate key wins, as in a `BTreeMap`.
    fn from_iter<I: IntoIterator<Item = (String, V)>>(iter: I) -> Self {
        let mut entries: Vec<(String, V)> = iter.into_iter().collect();
        entries.reverse();
        entries.sort_by(|a, b| a.0.cmp(&b.0));
        entries.dedup_by(|later, earlier| later.0 == earlier.0);
        SmallMap(entries)
    }
}

impl<'de, V: Deserialize<'de>> Deserialize<'de> for SmallMap<V> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Entries<V>(std::marker::PhantomData<V>);
        impl<'de, V: Deserialize<'de>> Visitor<'de> for Entries<V> {
            type Value = SmallMap<V>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a table")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<SmallMap<V>, A::Error> {
                let mut entries = Vec::with_capacity(map.size_hint().unwrap_or(0));
                while let Some(entry) = map.next_entry::<String, V>()? {
                    entries.push(entry);
                }
                Ok(entries.into_iter().collect())
            }
        }
        deserializer.deserialize_map(Entries(std::marker::PhantomData))
    }
}

/// One or several strings (`"a"` or `["a", "b"]`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

impl OneOrMany {
    /// The strings, without allocating.
    pub fn as_slice(&self) -> &[String] {
        match self {
            OneOrMany::One(v) => std::slice::from_ref(v),
            OneOrMany::Many(vs) => vs,
        }
    }

    pub fn values(&self) -> Vec<&str> {
        match self {
            OneOrMany::One(v) => vec![v.as_str()],
            OneOrMany::Many(vs) => vs.iter().map(String::as_str).collect(),
        }
    }
}

/// A condition on earlier answers.
///
/// A table holds when every key holds (`{ symptom = "gone-dark", asked = "yes" }`); an array of
/// tables holds when any of them does. A key holds when the question was answered with one of the
/// values; `"!x"` holds when it was answered with anything but `x`. An unanswered question holds
/// nothing, so a branch never opens on a question that was skipped.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum Condition {
    All(SmallMap<OneOrMany>),
    Any(Vec<SmallMap<OneOrMany>>),
}

// Both enums are read by looking at the value's shape, as `#[serde(untagged)]` would, and without
// buffering it first: untagged reading copied every condition into an intermediate tree and was
// the largest single cost of loading the script. The messages also name what is expected.

impl<'de> Deserialize<'de> for OneOrMany {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Shape;
        impl<'de> Visitor<'de> for Shape {
            type Value = OneOrMany;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string or a list of strings")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<OneOrMany, E> {
                Ok(OneOrMany::One(v.to_string()))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<OneOrMany, E> {
                Ok(OneOrMany::One(v))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<OneOrMany, A::Error> {
                Vec::deserialize(SeqAccessDeserializer::new(seq)).map(OneOrMany::Many)
            }
        }
        deserializer.deserialize_any(Shape)
    }
}

impl<'de> Deserialize<'de> for Condition {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Shape;
        impl<'de> Visitor<'de> for Shape {
            type Value = Condition;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a table of answers (`{ question = \"value\" }`) or a list of such tables")
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Condition, A::Error> {
                SmallMap::deserialize(MapAccessDeserializer::new(map)).map(Condition::All)
            }
            fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Condition, A::Error> {
                Vec::deserialize(SeqAccessDeserializer::new(seq)).map(Condition::Any)
            }
        }
        deserializer.deserialize_any(Shape)
    }
}

impl Condition {
    /// The clauses, as alternatives of conjunctions.
    pub fn alternatives(&self) -> Vec<&SmallMap<OneOrMany>> {
        match self {
            Condition::All(t) => vec![t],
            Condition::Any(ts) => ts.iter().collect(),
        }
    }

    /// Evaluates against answers (question id -> selected values).
    ///
    /// Runs for every question on every step of an interview, so it allocates nothing.
    pub fn holds(&self, answers: &BTreeMap<String, Vec<String>>) -> bool {
        let clause_holds = |table: &SmallMap<OneOrMany>| {
            table.iter().all(|(question, wanted)| {
                let Some(given) = answers.get(question) else {
                    return false;
                };
                let wanted = wanted.as_slice();
                let is_given = |v: &str| given.iter().any(|g| g == v);
                let mut plain = wanted.iter().filter(|w| !w.starts_with('!')).peekable();
                let plain_ok = plain.peek().is_none() || plain.any(|w| is_given(w));
                let negated_ok = wanted.iter().filter_map(|w| w.strip_prefix('!')).all(|n| !is_given(n));
                plain_ok && negated_ok
            })
        };
        match self {
            Condition::All(table) => clause_holds(table),
            Condition::Any(tables) => tables.iter().any(clause_holds),
        }
    }

    /// Every (question, value) the condition mentions; values without a leading `!`.
    pub fn mentions(&self) -> Vec<(&str, &str)> {
        let mut out = Vec::new();
        for table in self.alternatives() {
            for (q, vs) in table {
                for v in vs.values() {
                    out.push((q.as_str(), v.trim_start_matches('!')));
                }
            }
        }
        out
    }
}

/// One choice of a question.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Choice {
    /// The value used in answers files and conditions.
    pub value: String,
    /// What the rep sees.
    pub label: String,
    /// Points towards situations: `{ pushaway = 2 }`.
    #[serde(default, skip_serializing_if = "SmallMap::is_empty")]
    pub evidence: SmallMap<i32>,
    /// The reason shown in the sheet when this choice moved the diagnosis.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// Steps this answer shows are already done: `{ gatekeeper = 2 }` (1-based).
    #[serde(default, skip_serializing_if = "SmallMap::is_empty")]
    pub completes: SmallMap<usize>,
}

/// One question of the interview.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Question {
    pub id: String,
    pub text: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
    pub kind: Kind,
    #[serde(default, rename = "choice", skip_serializing_if = "Vec::is_empty")]
    pub choices: Vec<Choice>,
    /// Only ask when this holds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub when: Option<Condition>,
    /// For `text` questions: the talk-track variable the answer fills in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub variable: Option<String>,
    /// For `text` questions: roles (the variables of earlier text questions) this person may be
    /// the same as. The prompt offers that name, and an answer equal to it sets the flag
    /// `<variable>_is_<role>` ([`same_person_flag`]) the words can test.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub same_as: Vec<String>,
    /// The answer is a stable fact of the account (who changed, who is still reachable), not of
    /// one call: `mend diagnose --account` stores it under `[facts]` and takes it from there on the
    /// next call instead of asking again.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub stable: bool,
    /// For `yes-no`: evidence and reasons for each answer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub yes: Option<YesNoChoice>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub no: Option<YesNoChoice>,
}

/// What a yes or a no means for a `yes-no` question.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct YesNoChoice {
    #[serde(default)]
    pub evidence: SmallMap<i32>,
    #[serde(default)]
    pub reason: Option<String>,
    #[serde(default)]
    pub completes: SmallMap<usize>,
}

/// What the go-around tension resolves to for this account (COACHING.md section 3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum GoAround {
    /// Never: keep climbing the ladder, work with the sponsor.
    Never,
    /// Only as the very last rung, after every other one.
    LastResort,
    /// Justified: stepping on toes would lose the sale or hurt the client.
    Justified,
}

/// A rule of the method, applied after the answers are in.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    pub id: String,
    pub when: Condition,
    /// Plain words shown in the sheet when the rule applies.
    pub reason: String,
    /// Add to situation scores.
    #[serde(default)]
    pub add: SmallMap<i32>,
    /// The method's conclusion: this situation wins whatever the scores say.
    #[serde(default)]
    pub conclude: Option<String>,
    /// Tracks to put first in the sheet (e.g. just ask before anything else).
    #[serde(default)]
    pub lead_with: Vec<String>,
    /// The view on going around the sponsor or resister for this account.
    #[serde(default)]
    pub go_around: Option<GoAround>,
    /// The diagnosis is a guess until the rep has asked the client.
    #[serde(default)]
    pub unsure: bool,
    /// When this rule applies, no later rule does: its verdict stands alone (an account the rep
    /// has decided to end gets no pushaway reason and no lead track of another situation).
    #[serde(default)]
    pub exclusive: bool,
}

/// Thresholds for saying "mend is not sure".
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    /// Below this score for the winner, the sheet says it is unsure.
    #[serde(default = "default_min_score")]
    pub min_score: i32,
    /// A runner-up within this many points is shown as "what else it could be".
    #[serde(default = "default_close")]
    pub close_margin: i32,
    /// The situation to fall back on when no answer points anywhere.
    #[serde(default = "default_fallback")]
    pub fallback: String,
    /// The track to lead with when mend is unsure (ask the client first).
    #[serde(default = "default_unsure_track")]
    pub unsure_track: String,
}

fn default_fallback() -> String {
    "soured-unknown".into()
}
fn default_unsure_track() -> String {
    "just-ask".into()
}

fn default_min_score() -> i32 {
    3
}
fn default_close() -> i32 {
    2
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            min_score: default_min_score(),
            close_margin: default_close(),
            fallback: default_fallback(),
            unsure_track: default_unsure_track(),
        }
    }
}

/// A whole conversation script.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Script {
    #[serde(default)]
    pub settings: Settings,
    #[serde(default, rename = "question")]
    pub questions: Vec<Question>,
    #[serde(default, rename = "rule")]
    pub rules: Vec<Rule>,
}

/// The most questions, and the most rules, a conversation script may have: far more than an
/// interview needs; the checks are linear in them, and the proof's paths are bounded separately.
pub const MAX_ENTRIES: usize = 2_000;

impl Script {
    pub fn parse(source: &Source) -> Result<Script, Diagnostic> {
        let script: Script = toml::from_str(&source.text)
            .map_err(|e| Diagnostic::from_toml(&e, &source.origin.to_string(), &source.text, 1))?;
        // A hostile script should fail fast and clearly rather than flood the checks and prompts.
        // The built-in one has a few dozen of each.
        for (what, count) in [("questions", script.questions.len()), ("rules", script.rules.len())] {
            if count > MAX_ENTRIES {
                return Err(Diagnostic::new(
                    source.origin.to_string(),
                    format!("{count} {what}; a conversation script may have at most {MAX_ENTRIES}"),
                )
                .with_hint(Some("split the interview or merge similar entries".into())));
            }
        }
        Ok(script)
    }

    pub fn question(&self, id: &str) -> Option<&Question> {
        self.questions.iter().find(|q| q.id == id)
    }

    /// Every answer flag a track may test (content format v2, section 3): `Q_V` for each choice
    /// of a single or multiple choice question, `Q_yes` and `Q_no` for a yes-no question.
    pub fn flags(&self) -> Vec<String> {
        let mut out = Vec::new();
        for q in &self.questions {
            out.extend(q.allowed_values().iter().map(|v| flag_name(&q.id, v)));
            if let Some(var) = &q.variable {
                out.extend(q.same_as.iter().map(|role| same_person_flag(var, role)));
            }
        }
        out
    }

    /// The text question that names the person in `role` (its `variable`).
    pub fn person_question(&self, role: &str) -> Option<&Question> {
        self.questions.iter().find(|q| q.kind == Kind::Text && q.variable.as_deref() == Some(role))
    }

    /// The flags the given answers set.
    pub fn answer_flags(&self, answers: &BTreeMap<String, Vec<String>>) -> Vec<String> {
        let mut out = Vec::new();
        for (id, values) in answers {
            let Some(q) = self.question(id) else { continue };
            if q.kind != Kind::Text {
                out.extend(values.iter().map(|v| flag_name(id, v)));
                continue;
            }
            // The same name typed for two roles is one person (`client_is_champion`).
            let (Some(var), Some(name)) = (&q.variable, values.first()) else { continue };
            for role in &q.same_as {
                let other = self.person_question(role).and_then(|o| answers.get(&o.id)).and_then(|v| v.first());
                if other.is_some_and(|o| same_name(o, name)) {
                    out.push(same_person_flag(var, role));
                }
            }
        }
        out
    }
}

/// `client_is_champion`: the flag set when the person in `role` is the same as the one in `other`.
pub fn same_person_flag(role: &str, other: &str) -> String {
    format!("{role}_is_{other}")
}

/// Two typed names for one person: the same letters, whatever the case and spacing. A blank
/// (`-`) is nobody, so it is never the same as anyone.
pub fn same_name(a: &str, b: &str) -> bool {
    let norm = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase();
    a != crate::values::LEAVE_BLANK && b != crate::values::LEAVE_BLANK && norm(a) == norm(b)
}

/// `Q_V` with every character outside `[a-z0-9]` of the value turned into `_`.
pub fn flag_name(question: &str, value: &str) -> String {
    let value: String =
        value.chars().map(|c| if c.is_ascii_lowercase() || c.is_ascii_digit() { c } else { '_' }).collect();
    format!("{question}_{value}")
}

/// What one answer value means, whatever the question kind.
#[derive(Debug, Clone)]
pub struct Meaning<'a> {
    pub label: String,
    pub evidence: &'a SmallMap<i32>,
    pub reason: Option<&'a str>,
    pub completes: &'a SmallMap<usize>,
}

impl Question {
    /// The allowed values, as shown in messages.
    pub fn allowed(&self) -> Vec<String> {
        match self.kind {
            Kind::YesNo => vec!["yes".into(), "no".into()],
            Kind::Text => vec!["any text".into()],
            _ => self.choices.iter().map(|c| c.value.clone()).collect(),
        }
    }

    /// The machine values a flag can be made of (none for a text question).
    pub(crate) fn allowed_values(&self) -> Vec<String> {
        match self.kind {
            Kind::Text => Vec::new(),
            _ => self.allowed(),
        }
    }

    /// The choice-like meaning of a value: its evidence, reason and completed steps.
    pub fn meaning(&self, value: &str) -> Option<Meaning<'_>> {
        static EMPTY_E: SmallMap<i32> = SmallMap::new();
        static EMPTY_C: SmallMap<usize> = SmallMap::new();
        match self.kind {
            Kind::YesNo => {
                let yn = if value == "yes" { self.yes.as_ref() } else { self.no.as_ref() };
                let label = if value == "yes" { "Yes" } else { "No" }.to_string();
                Some(match yn {
                    Some(c) => {
                        Meaning { label, evidence: &c.evidence, reason: c.reason.as_deref(), completes: &c.completes }
                    }
                    None => Meaning { label, evidence: &EMPTY_E, reason: None, completes: &EMPTY_C },
                })
            }
            Kind::Text => None,
            _ => self.choices.iter().find(|c| c.value == value).map(|c| Meaning {
                label: c.label.to_string(),
                evidence: &c.evidence,
                reason: c.reason.as_deref(),
                completes: &c.completes,
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Deserialize)]
    struct Holder {
        when: Condition,
    }

    fn when(toml_text: &str) -> Result<Condition, toml::de::Error> {
        toml::from_str::<Holder>(toml_text).map(|h| h.when)
    }

    #[test]
    fn small_maps_keep_key_order_and_serialize_as_tables() {
        #[derive(Debug, Deserialize)]
        struct Choice {
            evidence: SmallMap<i32>,
        }
        let c: Choice = toml::from_str("evidence = { pushaway = 2, gatekeeper = -1, mismatch = 3 }").expect("table");
        let keys: Vec<&String> = c.evidence.keys().collect();
        assert_eq!(keys, ["gatekeeper", "mismatch", "pushaway"]);
        assert_eq!(serde_json::to_string(&c.evidence).expect("json"), r#"{"gatekeeper":-1,"mismatch":3,"pushaway":2}"#);
        let later_wins: SmallMap<i32> =
            [("a".to_string(), 1), ("b".to_string(), 2), ("a".to_string(), 3)].into_iter().collect();
        assert_eq!(later_wins.iter().map(|(k, v)| (k.as_str(), *v)).collect::<Vec<_>>(), [("a", 3), ("b", 2)]);
        assert!(toml::from_str::<Choice>("evidence = [1]").is_err());
    }

    #[test]
    fn conditions_read_by_shape() {
        let all = when("when = { symptom = \"gone-dark\", asked = [\"yes\", \"!no\"] }").expect("table");
        let Condition::All(table) = &all else { panic!("{all:?}") };
        let entries: Vec<(&String, &OneOrMany)> = table.iter().collect();
        assert_eq!(entries[0].0, "asked");
        assert_eq!(entries[0].1.values(), ["yes", "!no"]);
        assert_eq!(entries[1].1, &OneOrMany::One("gone-dark".into()));
        let any = when("when = [{ a = \"x\" }, { b = \"y\" }]").expect("array");
        assert_eq!(any.alternatives().len(), 2);
    }

    #[test]
    fn conditions_hold_on_given_values_and_negations() {
        let answers: BTreeMap<String, Vec<String>> = [
            ("symptom".to_string(), vec!["gone-dark".to_string()]),
            ("roles".to_string(), vec!["user".to_string(), "buyer".to_string()]),
        ]
        .into();
        let holds = |text: &str| when(text).expect("condition").holds(&answers);
        assert!(holds("when = { symptom = \"gone-dark\" }"));
        assert!(holds("when = { symptom = [\"x\", \"gone-dark\"] }"));
        assert!(!holds("when = { symptom = \"x\" }"));
        assert!(holds("when = { symptom = \"!x\" }"));
        assert!(!holds("when = { roles = \"!buyer\" }"));
        assert!(holds("when = { roles = [\"user\", \"!owner\"] }"));
        assert!(!holds("when = { unanswered = \"!x\" }"), "an unanswered question holds nothing");
        assert!(holds("when = [{ symptom = \"x\" }, { roles = \"buyer\" }]"));
        assert!(!holds("when = { symptom = \"gone-dark\", roles = \"owner\" }"));
    }

    #[test]
    fn answer_flags_follow_question_and_value() {
        assert_eq!(flag_name("stage", "open-deal"), "stage_open_deal");
        let script: Script = toml::from_str(
            "[[question]]\nid = \"stage\"\ntext = \"?\"\nkind = \"single\"\n[[question.choice]]\nvalue = \"client\"\nlabel = \"c\"\n[[question.choice]]\nvalue = \"open-deal\"\nlabel = \"o\"\n[[question]]\nid = \"asked\"\ntext = \"?\"\nkind = \"yes-no\"\n",
        )
        .expect("script");
        assert_eq!(script.flags(), ["stage_client", "stage_open_deal", "asked_yes", "asked_no"]);
        let answers: BTreeMap<String, Vec<String>> = [("stage".to_string(), vec!["open-deal".to_string()])].into();
        assert_eq!(script.answer_flags(&answers), ["stage_open_deal"]);
    }

    #[test]
    fn a_condition_of_the_wrong_shape_says_what_is_expected() {
        let err = when("when = \"gone-dark\"").expect_err("a bare string is not a condition");
        assert!(err.message().contains("a table of answers"), "{err}");
        let err = when("when = { a = 3 }").expect_err("a number is not an answer");
        assert!(err.message().contains("a string or a list of strings"), "{err}");
    }
}
