//! Reading `ACCOUNT.toml` into an [`Account`]: the schema in `README.md` beside this file.
//!
//! Every problem is a [`Diagnostic`] at `file:line:column`, with the closest key for a typo, so a
//! rep who edited the file by hand can go straight to the mistake. Values that arrive as text are
//! cleaned (no control characters) before anything prints them.

use super::{Account, Cadence, Diagnosis, Event, Kind, Promise, Stage, StepRef};
use crate::diagnostic::{line_col, Diagnostic};

use crate::values::clean;
use jiff::civil::Date;
use serde::Deserialize;
use std::collections::BTreeMap;
use toml::value::Datetime;
use toml::Spanned;

/// Every key of the schema, for did-you-mean hints.
pub const KEYS: &[&str] = &[
    "company",
    "stage",
    "kind",
    "created",
    "check-in-every",
    "people",
    "promise",
    "history",
    "what",
    "due",
    "kept",
    "id",
    "uid",
    "sequence",
    "modified",
    "dropped",
    "date",
    "note",
    "done",
    "diagnosis",
    "next-step",
    "facts",
];

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawAccount {
    company: Option<String>,
    stage: Option<Stage>,
    kind: Option<Kind>,
    created: Option<Spanned<Datetime>>,
    check_in_every: Option<Spanned<String>>,
    #[serde(default)]
    people: BTreeMap<String, Spanned<String>>,
    #[serde(default)]
    facts: BTreeMap<String, Spanned<RawFact>>,
    #[serde(default)]
    promise: Vec<RawPromise>,
    #[serde(default)]
    history: Vec<RawEvent>,
}

/// A stored answer: one value, or a list for a multiple-choice question.
#[derive(Deserialize)]
#[serde(untagged)]
enum RawFact {
    One(String),
    Many(Vec<String>),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawPromise {
    id: Option<Spanned<i64>>,
    what: Spanned<String>,
    due: Spanned<Datetime>,
    #[serde(default)]
    kept: bool,
    #[serde(default)]
    dropped: bool,
    uid: Option<Spanned<String>>,
    sequence: Option<Spanned<i64>>,
    modified: Option<Spanned<Datetime>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawEvent {
    date: Spanned<Datetime>,
    note: Option<String>,
    done: Option<Spanned<String>>,
    diagnosis: Option<Spanned<String>>,
    next_step: Option<Spanned<usize>>,
}

/// Parses the text of the account file `file` (shown in messages) for account `name`.
pub fn parse(name: &str, text: &str, file: &str) -> Result<Account, Vec<Diagnostic>> {
    let raw: RawAccount = toml::from_str(text).map_err(|e| vec![Diagnostic::from_toml(&e, file, text, 1)])?;
    let mut problems = Vec::new();
    let at = |span: std::ops::Range<usize>, message: String, hint: Option<&str>| {
        let (line, column) = line_col(text, span.start);
        Diagnostic::new(file, message).at(line, column).with_hint(hint.map(str::to_string))
    };
    let date_of = |key: &str, value: &Spanned<Datetime>, problems: &mut Vec<Diagnostic>| -> Option<Date> {
        match to_date(value.get_ref()) {
            Some(date) => Some(date),
            None => {
                problems.push(at(
                    value.span(),
                    format!("`{key}` must be a date without a time, found `{}`", value.get_ref()),
                    Some("write it as 2026-12-15, without quotes"),
                ));
                None
            }
        }
    };
    let created = raw.created.as_ref().and_then(|c| date_of("created", c, &mut problems));
    let check_in_every = raw.check_in_every.as_ref().and_then(|c| match Cadence::parse(c.get_ref()) {
        Ok(cadence) => Some(cadence),
        Err(message) => {
            problems.push(at(c.span(), message, Some("for example: check-in-every = \"3 weeks\"")));
            None
        }
    });
    let mut people = Vec::new();
    let mut given: Vec<_> = raw.people.into_iter().collect();
    // The parser hands tables over sorted; the rep's order is the order of the names in the file.
    given.sort_by_key(|(_, person)| person.span().start);
    for (role, person) in given {
        let value = clean(person.get_ref());
        if !super::is_valid_role(&role) {
            problems.push(at(
                person.span(),
                format!("`{}` is not a role: a role is a talk-track variable name", role.escape_debug()),
                Some("use lowercase letters, digits and `_`, as in `sponsor` or `end_user`"),
            ));
        } else if value.is_empty() {
            problems.push(at(person.span(), format!("`{role}` has an empty name"), None));
        } else {
            people.push((role, value));
        }
    }
    let mut facts = Vec::new();
    let mut given: Vec<_> = raw.facts.into_iter().collect();
    given.sort_by_key(|(_, fact)| fact.span().start);
    for (id, fact) in given {
        let span = fact.span();
        let values: Vec<String> = match fact.into_inner() {
            RawFact::One(v) => vec![clean(&v)],
            RawFact::Many(vs) => vs.iter().map(|v| clean(v)).collect(),
        };
        if !super::is_valid_role(&id) {
            problems.push(at(
                span,
                format!("`{}` is not a question id", id.escape_debug()),
                Some("a fact is `question_id = \"value\"`, as `mend diagnose --questions` lists them"),
            ));
        } else if values.iter().any(String::is_empty) {
            problems.push(at(span, format!("`{id}` has an empty value"), None));
        } else {
            facts.push((id, values));
        }
    }
    let mut promises = Vec::new();
    let given: Vec<Option<i64>> = raw.promise.iter().map(|p| p.id.as_ref().map(|id| *id.get_ref())).collect();
    let mut ids = super::promise_ids(&given).into_iter();
    let mut seen = std::collections::BTreeSet::new();
    let mut uids: std::collections::BTreeSet<String> =
        raw.promise.iter().filter_map(|p| p.uid.as_ref().map(|u| u.get_ref().trim().to_string())).collect();
    let mut seen_uids = std::collections::BTreeSet::new();
    for p in raw.promise {
        let id = ids.next().unwrap_or_default();
        if let Some(given) = &p.id {
            if !(1..=i64::from(u32::MAX)).contains(given.get_ref()) {
                problems.push(at(
                    given.span(),
                    format!("a promise's `id` must be a whole number from 1, found {}", given.get_ref()),
                    None,
                ));
            } else if !seen.insert(*given.get_ref()) {
                problems.push(at(
                    given.span(),
                    format!("two promises have `id = {}`", given.get_ref()),
                    Some("ids tell promises apart: give this one a number no other promise has, or delete the line and mend numbers it"),
                ));
            }
        }
        let what = clean(p.what.get_ref());
        if what.is_empty() {
            problems.push(at(p.what.span(), "a promise's `what` is empty".into(), None));
        }
        let uid = match &p.uid {
            Some(uid) => {
                let text = uid.get_ref().trim().to_string();
                if text.is_empty() || text.chars().any(|c| c.is_control() || c.is_whitespace()) {
                    problems.push(at(
                        uid.span(),
                        "a promise's `uid` must be one word without spaces".into(),
                        Some("delete the line and mend writes a new one"),
                    ));
                } else if !seen_uids.insert(text.clone()) {
                    problems.push(at(
                        uid.span(),
                        format!("two promises have `uid = \"{}\"`", text.escape_debug()),
                        Some("a calendar would show only one of them: delete this line and mend writes a new one"),
                    ));
                }
                text
            }
            None => {
                let uid = super::provisional_uid(name, &what, id, &uids);
                uids.insert(uid.clone());
                uid
            }
        };
        let sequence = match &p.sequence {
            Some(n) if !(0..=i64::from(i32::MAX)).contains(n.get_ref()) => {
                problems.push(at(
                    n.span(),
                    format!("`sequence` must be a whole number from 0, found {}", n.get_ref()),
                    None,
                ));
                0
            }
            Some(n) => u32::try_from(*n.get_ref()).unwrap_or_default(),
            None => 0,
        };
        let modified = p.modified.as_ref().and_then(|m| match to_timestamp(m.get_ref()) {
            Some(t) => Some(t),
            None => {
                problems.push(at(
                    m.span(),
                    format!("`modified` must be a date and time with an offset, found `{}`", m.get_ref()),
                    Some("write it as 2026-12-15T09:30:00Z, without quotes"),
                ));
                None
            }
        });
        if let Some(due) = date_of("due", &p.due, &mut problems) {
            promises.push(Promise { id, uid, sequence, modified, what, due, kept: p.kept, dropped: p.dropped });
        }
    }
    let mut history = Vec::new();
    for e in raw.history {
        let date = date_of("date", &e.date, &mut problems);
        let done = e.done.as_ref().and_then(|d| match StepRef::parse(d.get_ref()) {
            Ok(step) => Some(step),
            Err(message) => {
                problems.push(at(d.span(), message, None));
                None
            }
        });
        let diagnosis = match (&e.diagnosis, &e.next_step) {
            (Some(d), next) if crate::content::talk_track::is_valid_name(d.get_ref()) => Some(Diagnosis {
                situation: d.get_ref().clone(),
                next_step: next.as_ref().map(|n| *n.get_ref()).filter(|n| *n > 0),
            }),
            (Some(d), _) => {
                problems.push(at(d.span(), format!("`{}` is not a situation id", d.get_ref().escape_debug()), None));
                None
            }
            (None, Some(n)) => {
                problems.push(at(n.span(), "`next-step` belongs with a `diagnosis`".into(), None));
                None
            }
            (None, None) => None,
        };
        let note = e.note.as_deref().map(clean).filter(|n| !n.is_empty());
        if note.is_none() && e.done.is_none() && e.diagnosis.is_none() {
            problems.push(at(
                e.date.span(),
                "a history entry needs a `note`, a `done` step or a `diagnosis`".into(),
                None,
            ));
        }
        if let Some(date) = date {
            history.push(Event { date, note, done, diagnosis });
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(Account {
        name: name.to_string(),
        company: raw.company.as_deref().map(clean).filter(|c| !c.is_empty()),
        stage: raw.stage,
        kind: raw.kind,
        created,
        check_in_every,
        people,
        facts,
        promises,
        history,
    })
}

/// A TOML offset date-time as an instant; `None` without a time or an offset.
fn to_timestamp(value: &Datetime) -> Option<jiff::Timestamp> {
    match (value.date, value.time, value.offset) {
        (Some(_), Some(_), Some(_)) => value.to_string().parse().ok(),
        _ => None,
    }
}

/// A TOML local date as a calendar date; `None` for a time or an offset.
fn to_date(value: &Datetime) -> Option<Date> {
    match (value.date, value.time, value.offset) {
        (Some(d), None, None) => Date::new(d.year as i16, d.month as i8, d.day as i8).ok(),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const EXAMPLE: &str = include_str!("example.toml");

    #[test]
    fn the_documented_example_parses() {
        let account = parse("northwind", EXAMPLE, "northwind.toml").expect("example parses");
        assert_eq!(account.company.as_deref(), Some("Northwind Traders"));
        assert_eq!(account.stage, Some(Stage::Client));
        assert_eq!(account.facts, vec![("their_change".to_string(), vec!["new-people".to_string()])]);
        assert_eq!(account.kind, Some(Kind::Ongoing));
        assert_eq!(account.person("sponsor"), Some("Dana"));
        assert_eq!(account.people[0].0, "sponsor", "file order is kept");
        assert_eq!(account.promises.len(), 1);
        let known = account.known_answers();
        assert!(known.steps_done["gatekeeper"].contains(&2));
    }

    #[test]
    fn problems_are_located() {
        let text = "company = \"X\"\nstage = \"clint\"\n";
        let err = parse("x", text, "x.toml").expect_err("bad stage");
        assert_eq!((err[0].line, err[0].column), (Some(2), Some(9)), "{err:?}");
        assert!(err[0].message.contains("open-deal"), "{err:?}");

        let text = "compny = \"X\"\n";
        let err = parse("x", text, "x.toml").expect_err("typo");
        assert_eq!(err[0].hint.as_deref(), Some("did you mean `company`?"));

        let text = "[[promise]]\nwhat = \"Plan\"\ndue = \"2026-12-15\"\n";
        let err = parse("x", text, "x.toml").expect_err("quoted date");
        assert_eq!(err[0].line, Some(3));

        let text = "[[history]]\ndate = 2026-11-02T10:00:00\nnote = \"x\"\n";
        let err = parse("x", text, "x.toml").expect_err("time");
        assert_eq!((err[0].line, err[0].column), (Some(2), Some(8)));
        assert!(err[0].message.contains("without a time"));

        let text = "[people]\nSponsor = \"Dana\"\n";
        assert_eq!(parse("x", text, "x.toml").expect_err("role")[0].line, Some(2));
    }

    #[test]
    fn names_are_cleaned() {
        let text = "company = \"A\\u001b[31mB\"\n[people]\nsponsor = \"Da\\nna\"\n";
        let account = parse("x", text, "x.toml").expect("parses");
        assert_eq!(account.company.as_deref(), Some("A[31mB"));
        assert_eq!(account.person("sponsor"), Some("Da na"));
    }
}
