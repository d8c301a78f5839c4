//! Accounts: what mend remembers about each client between calls.
//!
//! The method is about time (climb one rung at a time, call *before* a deadline, check in
//! regularly), and a rep who starts every run from zero cannot keep time. An account is one plain
//! TOML file per client (the schema, with an example, is in `src/account/README.md`), kept where a
//! rep can read and edit it and a team can put it under version control.
//!
//! - [`schema`] reads a file into an [`Account`], with `file:line:column` errors.
//! - [`store`] finds the accounts directory and writes files: lossless (toml_edit keeps a rep's
//!   comments and layout), atomic (temp file + rename), serialised (a lock file), private (0600
//!   files, 0700 directory), and never over a file that does not parse.
//! - [`edit`] is every change mend makes to a file, as edits of the parsed document.
//! - [`dates`] reads the dates and cadences a rep types (`friday`, `in 3 days`, `3 weeks`).
//! - [`agenda`] works out what is due next across accounts (`mend next`), as text, JSON or ICS.
//! - [`brief`] lays out one account (`mend account show`) and the list (`mend account list`).
//!
//! Nothing here touches a terminal; the commands and [`crate::terminal`] do.
//!
//! ## For the value pipeline and the interview
//!
//! [`Account::values_by_role`] gives the names to fill talk-track variables with (the
//! [`crate::values::ValueSource::Account`] layer), [`Account::known_answers`] what the interview
//! need not ask again, which [`prefill`] turns into answers by question id and `completes`, and
//! [`store::Store::record_diagnosis`] writes a diagnosis (and any new names) back.

pub mod agenda;
pub mod brief;
pub mod dates;
pub mod edit;
pub mod lock;
pub mod prefill;
pub mod schema;
pub mod store;

pub use dates::Cadence;
pub use store::{Store, Via};

use jiff::civil::Date;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

/// Where a relationship stands; the same values as the interview's `stage` question.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Stage {
    Prospect,
    OpenDeal,
    Client,
    Lost,
}

impl Stage {
    pub const ALL: [Stage; 4] = [Stage::Prospect, Stage::OpenDeal, Stage::Client, Stage::Lost];

    /// The value as written in a file and given to the interview.
    pub fn as_str(self) -> &'static str {
        match self {
            Stage::Prospect => "prospect",
            Stage::OpenDeal => "open-deal",
            Stage::Client => "client",
            Stage::Lost => "lost",
        }
    }

    /// Words for a prompt.
    pub fn label(self) -> &'static str {
        match self {
            Stage::Prospect => "Prospect: no deal open yet",
            Stage::OpenDeal => "Open deal: a sale in progress",
            Stage::Client => "Client: they buy from you",
            Stage::Lost => "Lost: the deal or the client went elsewhere",
        }
    }

    pub fn parse(value: &str) -> Result<Stage, String> {
        Stage::ALL.into_iter().find(|s| s.as_str() == value.trim()).ok_or_else(|| {
            let names: Vec<&str> = Stage::ALL.iter().map(|s| s.as_str()).collect();
            format!("`{}` is not a stage; use one of {}", value.escape_debug(), names.join(", "))
        })
    }
}

/// Whether the relationship is meant to last; the same values as the interview's `account` question.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    Ongoing,
    OneOff,
}

impl Kind {
    pub const ALL: [Kind; 2] = [Kind::Ongoing, Kind::OneOff];

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Ongoing => "ongoing",
            Kind::OneOff => "one-off",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Kind::Ongoing => "A long-term account",
            Kind::OneOff => "A one-off deal",
        }
    }

    pub fn parse(value: &str) -> Result<Kind, String> {
        Kind::ALL
            .into_iter()
            .find(|k| k.as_str() == value.trim())
            .ok_or_else(|| format!("`{}` is not an account kind; use `ongoing` or `one-off`", value.escape_debug()))
    }
}

impl fmt::Display for Stage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A promise made to the client: what, by when, and whether it was kept.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Promise {
    /// Stable for the life of the promise (`id` in the file, `#N` in `mend account show`), so
    /// `mend promise ACCOUNT --kept N` names the same promise however many were kept before it.
    pub id: u32,
    /// The calendar's UID for the promise (RFC 5545 3.8.4.7), stored so that rewording or moving a
    /// promise updates its event, and two promises with the same words are two events.
    pub uid: String,
    /// The calendar's SEQUENCE: raised each time mend changes the promise (kept, dropped, or
    /// changed in `mend account edit`), so a calendar takes the new version over the one it has.
    pub sequence: u32,
    /// When mend last changed the promise (the calendar's LAST-MODIFIED), if it ever did.
    pub modified: Option<jiff::Timestamp>,
    pub what: String,
    pub due: Date,
    pub kept: bool,
    /// Given up rather than kept (`mend promise ACCOUNT --drop N`).
    pub dropped: bool,
}

impl Promise {
    /// Still to keep: neither kept nor dropped.
    pub fn is_open(&self) -> bool {
        !self.kept && !self.dropped
    }
}

/// The UID of a promise whose file stores none (written before UIDs were stored). The first
/// promise with given words gets the UID earlier versions of mend derived from the words, so a
/// calendar that imported those keeps its events; a later promise with the same words gets its id
/// added, so the two stay two events. The next write stores the result.
pub fn provisional_uid(account: &str, what: &str, id: u32, taken: &BTreeSet<String>) -> String {
    let words = format!("{:016x}", fnv1a(what.as_bytes()));
    let first = format!("promise-{words}-{account}@mend");
    if taken.contains(&first) {
        format!("promise-{words}-{id}-{account}@mend")
    } else {
        first
    }
}

/// A UID for a new promise: a random (version 4) UUID, unique without any registry, and the
/// domain part RFC 5545 recommends.
pub fn new_uid() -> String {
    format!("{}@mend", uuid::Uuid::new_v4())
}

/// FNV-1a: a hash whose value is fixed by its definition, unlike std's, so the UIDs derived for
/// old files are the ones earlier versions of mend exported.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3))
}

/// A step of a situation (1-based), as `SITUATION:STEP` in files and on the command line.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct StepRef {
    pub situation: String,
    pub step: usize,
}

impl StepRef {
    /// Parses `gatekeeper:2`. The situation and step are checked against a library elsewhere.
    pub fn parse(text: &str) -> Result<StepRef, String> {
        let bad = || format!("`{}` is not SITUATION:STEP (for example `gatekeeper:2`)", text.escape_debug());
        let (situation, step) = text.split_once(':').ok_or_else(bad)?;
        let step: usize = step.trim().parse().map_err(|_| bad())?;
        let situation = situation.trim();
        if step == 0 || !crate::content::talk_track::is_valid_name(situation) {
            return Err(bad());
        }
        Ok(StepRef { situation: situation.to_string(), step })
    }
}

impl fmt::Display for StepRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.situation, self.step)
    }
}

/// A `mend diagnose` verdict kept in the history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnosis {
    pub situation: String,
    /// The step the prep sheet pointed to (1-based), when it named one.
    pub next_step: Option<usize>,
}

/// One dated line of history: a note, a step done, a diagnosis, or a note with either.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Event {
    pub date: Date,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub done: Option<StepRef>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub diagnosis: Option<Diagnosis>,
}

/// One client, as read from `ACCOUNT.toml`. Text fields are already made safe for a terminal
/// (see [`crate::values::clean`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Account {
    /// The file stem: a plain identifier.
    pub name: String,
    pub company: Option<String>,
    pub stage: Option<Stage>,
    pub kind: Option<Kind>,
    /// When mend created the file; counts as the first contact.
    pub created: Option<Date>,
    pub check_in_every: Option<Cadence>,
    /// Role (a talk-track variable name) to a person's name, in file order.
    pub people: Vec<(String, String)>,
    /// Question id -> the stored answer of a `stable` question (`[facts]`), in file order.
    pub facts: Vec<(String, Vec<String>)>,
    pub promises: Vec<Promise>,
    pub history: Vec<Event>,
}

/// What an account already tells the interview, so it is not asked again.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct KnownAnswers {
    /// The `stage` question's value.
    pub stage: Option<Stage>,
    /// The `account` question's value.
    pub kind: Option<Kind>,
    /// Per situation id, the 1-based steps already done (logged with `--done`).
    pub steps_done: BTreeMap<String, BTreeSet<usize>>,
    /// Answers of `stable` questions stored by an earlier call.
    pub facts: BTreeMap<String, Vec<String>>,
}

impl Account {
    /// The name to show: the company when there is one, else the account name.
    pub fn display_name(&self) -> &str {
        self.company.as_deref().unwrap_or(&self.name)
    }

    /// Role -> name, for the value pipeline's account layer (between the environment and
    /// `--vars`). Roles are talk-track variable names (`sponsor`, `stakeholder`, `client`); the
    /// company, when known, also fills `company`, unless the file names a person for that role.
    pub fn values_by_role(&self) -> BTreeMap<String, String> {
        let mut values: BTreeMap<String, String> = BTreeMap::new();
        if let Some(company) = &self.company {
            values.insert("company".into(), company.clone());
        }
        values.extend(self.people.iter().cloned());
        values
    }

    /// The answers the interview can take from the account instead of asking.
    pub fn known_answers(&self) -> KnownAnswers {
        KnownAnswers {
            stage: self.stage,
            kind: self.kind,
            steps_done: self.steps_done(),
            facts: self.facts.iter().cloned().collect(),
        }
    }

    /// Per situation, the steps logged as done.
    pub fn steps_done(&self) -> BTreeMap<String, BTreeSet<usize>> {
        let mut done: BTreeMap<String, BTreeSet<usize>> = BTreeMap::new();
        for step in self.history.iter().filter_map(|e| e.done.as_ref()) {
            done.entry(step.situation.clone()).or_default().insert(step.step);
        }
        done
    }

    /// The most recent dated contact: the latest history entry, else the creation date.
    pub fn last_contact(&self) -> Option<Date> {
        self.history.iter().map(|e| e.date).max().or(self.created)
    }

    /// The person in `role`, if the account names one.
    pub fn person(&self, role: &str) -> Option<&str> {
        self.people.iter().find(|(r, _)| r == role).map(|(_, n)| n.as_str())
    }
}

/// The id of each promise, given the ids written in the file (in file order): a written id is kept;
/// a promise without one (a file from before ids, or a hand-added promise) gets the next number
/// above every id in the file, in file order. Reading and writing share this, so the number
/// `mend account show` prints for an old file is the one the next write stores.
pub fn promise_ids(given: &[Option<i64>]) -> Vec<u32> {
    let mut next = given.iter().flatten().copied().filter(|id| *id > 0).max().unwrap_or(0);
    given
        .iter()
        .map(|id| match id {
            Some(id) => u32::try_from(*id).unwrap_or(0),
            None => {
                next += 1;
                u32::try_from(next).unwrap_or(u32::MAX)
            }
        })
        .collect()
}

/// True for a name usable as `ACCOUNT`: lowercase letters, digits, `-` and `_`, starting with a
/// letter or digit. It becomes a file name, so nothing else (no `/`, `.`, spaces) is allowed.
pub fn is_valid_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 64
        && name.starts_with(|c: char| c.is_ascii_lowercase() || c.is_ascii_digit())
        && name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
}

/// True for a role name: a talk-track variable name (`sponsor`, `end_user`).
pub fn is_valid_role(role: &str) -> bool {
    crate::content::talk_track::is_valid_variable(role)
}

/// Parses `ROLE=NAME` from `--person`.
pub fn parse_person(arg: &str) -> Result<(String, String), String> {
    let bad = || format!("`--person {}` is not ROLE=NAME (for example `--person sponsor=Dana`)", arg.escape_debug());
    let (role, name) = arg.split_once('=').ok_or_else(bad)?;
    let (role, name) = (role.trim(), crate::values::clean(name));
    if !is_valid_role(role) {
        return Err(format!(
            "`{}` is not a role: a role is a talk-track variable name such as `sponsor` or `stakeholder`",
            role.escape_debug()
        ));
    }
    if name.is_empty() {
        return Err(bad());
    }
    // The same check a typed person value gets: "not sure" is not a name to say aloud.
    let name = crate::values::kind::check(Some("person"), &name).map_err(|m| format!("`--person {role}=`: {m}"))?;
    Ok((role.to_string(), name))
}

/// The cast: the roles of the people in a case (COACHING.md 6.1). A role a track names as a
/// person variable is known too; anything else is most likely a typo (`sponser`).
pub const CAST: &[&str] = &[
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

/// Refuses a person whose role is neither in [`CAST`] nor in `known` (the library's person
/// variables), with the closest role as the hint.
pub fn check_roles<'a>(
    people: &[(String, String)],
    known: impl Iterator<Item = &'a str> + Clone,
) -> Result<(), crate::Error> {
    for (role, _) in people {
        let all = CAST.iter().copied().chain(known.clone());
        if !all.clone().any(|r| r == role) {
            let hint = crate::diagnostic::did_you_mean(role, all)
                .or_else(|| Some(format!("the roles mend knows: {}", CAST.join(", "))));
            return Err(crate::Error::usage_hint(
                format!("`--person`: `{}` is not a role mend knows", role.escape_debug()),
                hint,
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_plain_identifiers() {
        for ok in ["northwind", "acme-2", "big_co", "3m"] {
            assert!(is_valid_name(ok), "{ok}");
        }
        for bad in ["", "North", "../x", "a.b", "a b", "-a", ".hidden", "a/b"] {
            assert!(!is_valid_name(bad), "{bad}");
        }
    }

    #[test]
    fn step_refs_parse_and_reject() {
        assert_eq!(StepRef::parse("gatekeeper:2"), Ok(StepRef { situation: "gatekeeper".into(), step: 2 }));
        for bad in ["gatekeeper", "gatekeeper:0", "gatekeeper:x", ":2", "Gate:1"] {
            assert!(StepRef::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn persons_need_a_role_and_a_name() {
        assert_eq!(parse_person("sponsor= Dana "), Ok(("sponsor".into(), "Dana".into())));
        assert!(parse_person("Sponsor=Dana").is_err());
        assert!(parse_person("sponsor=").is_err());
        assert!(parse_person("sponsor").is_err());
    }

    #[test]
    fn values_by_role_fill_company_and_people() {
        let account = Account {
            name: "northwind".into(),
            company: Some("Northwind".into()),
            stage: None,
            kind: None,
            created: None,
            check_in_every: None,
            people: vec![("sponsor".into(), "Dana".into())],
            facts: Vec::new(),
            promises: Vec::new(),
            history: Vec::new(),
        };
        let values = account.values_by_role();
        assert_eq!(values["company"], "Northwind");
        assert_eq!(values["sponsor"], "Dana");
    }
}
