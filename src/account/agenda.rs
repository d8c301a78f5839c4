//! What is due next across accounts (`mend next`): promises to keep, check-ins by cadence, the
//! next rung of a ladder in progress, and accounts that have gone quiet.
//!
//! The method is about time: call *before* a deadline, check in regularly, climb one rung at a
//! time. Each [`Item`] carries the command that prepares the call. Items have stable ids, so an
//! imported calendar file updates its events instead of adding copies.

use super::dates::show;
use super::{Account, Stage};
use crate::content::situation::Situation;
use jiff::civil::Date;
use jiff::ToSpan;
use serde::Serialize;

/// Days without contact after which an account with no check-in cadence is flagged.
pub const QUIET_DAYS: i64 = 42;

/// What kind of thing is due.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ItemKind {
    Promise,
    CheckIn,
    Ladder,
    Quiet,
}

/// One thing due on one account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Item {
    pub account: String,
    pub company: Option<String>,
    pub kind: ItemKind,
    /// When it is due; for a ladder, when the rung became the next one.
    pub due: Date,
    pub overdue: bool,
    /// One line: what it is.
    pub title: String,
    /// One line: what to do, ending with the command that prepares the call.
    pub action: String,
    /// The command alone, for scripts.
    pub command: String,
    /// Stable across runs: the same promise, check-in or ladder keeps its id as dates move. A
    /// promise's is stored in its file; the others are made of kind, key and account.
    pub uid: String,
    /// The calendar's SEQUENCE, which rises whenever the event changes: a promise's is stored and
    /// raised by each change; a check-in, ladder or quiet item changes only when a new contact is
    /// logged, so its sequence is the day number of the contact it is counted from.
    pub sequence: u32,
    /// When the promise last changed (LAST-MODIFIED). The derived items have none: a contact is
    /// logged by day, and a local day written as a UTC time would be a time that never happened.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub modified: Option<jiff::Timestamp>,
    /// A promise kept or dropped, sent to a calendar as `STATUS:CANCELLED` so the event it
    /// imported goes; never on the agenda itself.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub cancelled: bool,
}

/// Everything due on or before `today + within` days (overdue items included), soonest first.
pub fn agenda(accounts: &[Account], situations: &[Situation], today: Date, within: i64) -> Vec<Item> {
    let horizon = today.checked_add(within.days()).unwrap_or(Date::MAX);
    let mut items: Vec<Item> =
        accounts.iter().flat_map(|a| items_for(a, situations, today)).filter(|i| i.due <= horizon).collect();
    items.sort_by(|a, b| (a.due, &a.account, a.kind).cmp(&(b.due, &b.account, b.kind)));
    items
}

/// What a calendar feed holds (`mend next --format ics`): the agenda, and each promise kept or
/// dropped that is due within the window, as a cancelled event, so a calendar that imported it
/// while it was open removes it instead of keeping it for ever.
pub fn calendar(accounts: &[Account], situations: &[Situation], today: Date, within: i64) -> Vec<Item> {
    let horizon = today.checked_add(within.days()).unwrap_or(Date::MAX);
    let mut items = agenda(accounts, situations, today, within);
    for account in accounts {
        for promise in account.promises.iter().filter(|p| !p.is_open() && p.due <= horizon) {
            let state = if promise.kept { "kept" } else { "dropped" };
            items.push(Item {
                title: format!("Promise ({state}): {}", promise.what),
                action: format!("Nothing to do: the promise was {state}."),
                command: String::new(),
                cancelled: true,
                ..promise_item(account, promise, today)
            });
        }
    }
    items
}

/// The agenda item of an open promise.
fn promise_item(account: &Account, promise: &super::Promise, today: Date) -> Item {
    let command = format!("mend say fall-on-your-sword --account {}", account.name);
    let action = if promise.due < today {
        format!("It was due {}: call now: `{command}`", show(promise.due))
    } else {
        format!("Call before {} if it is at risk: `{command}`", show(promise.due))
    };
    Item {
        account: account.name.clone(),
        company: account.company.clone(),
        kind: ItemKind::Promise,
        due: promise.due,
        overdue: promise.due < today,
        title: format!("Promise: {}", promise.what),
        action,
        command,
        uid: promise.uid.clone(),
        sequence: promise.sequence,
        modified: promise.modified,
        cancelled: false,
    }
}

/// Every item of one account, whatever its date.
pub fn items_for(account: &Account, situations: &[Situation], today: Date) -> Vec<Item> {
    let name = &account.name;
    let item =
        |kind: ItemKind, due: Date, since: Date, title: String, action: String, command: String, key: &str| Item {
            account: name.clone(),
            company: account.company.clone(),
            kind,
            due,
            overdue: due < today,
            title,
            action,
            command,
            uid: format!("{kind}-{key}-{name}@mend", kind = kind_id(kind)),
            sequence: day_number(since),
            modified: None,
            cancelled: false,
        };
    let mut items: Vec<Item> =
        account.promises.iter().filter(|p| p.is_open()).map(|p| promise_item(account, p, today)).collect();
    if account.stage == Some(Stage::Lost) {
        return items;
    }
    let last = account.last_contact();
    if let Some(cadence) = &account.check_in_every {
        let due = last.map_or(today, |l| cadence.after(l));
        let command = format!("mend say how-are-we-doing --account {name}");
        let since = last.map_or("no contact logged yet".to_string(), |l| format!("last contact {}", show(l)));
        items.push(item(
            ItemKind::CheckIn,
            due,
            last.unwrap_or(today),
            format!("Check in (every {cadence}; {since})"),
            format!("Ask how you are doing: `{command}`"),
            command,
            "check-in",
        ));
    } else if let Some(last) = last {
        let due = last.checked_add(QUIET_DAYS.days()).unwrap_or(Date::MAX);
        items.push(item(
            ItemKind::Quiet,
            due,
            last,
            format!("No contact since {}", show(last)),
            format!("Find out where things stand: `mend diagnose --account {name}`"),
            format!("mend diagnose --account {name}"),
            "quiet",
        ));
    }
    for rung in ladders(account, situations) {
        let command = match &rung.track {
            Some(track) => format!("mend say {track} --account {name}"),
            None => format!("mend diagnose --account {name}"),
        };
        items.push(item(
            ItemKind::Ladder,
            rung.since,
            rung.since,
            format!("{}: rung {} of {}", rung.situation_title, rung.step, rung.of),
            format!("{}: `{command}`", rung.step_title),
            command,
            &rung.situation,
        ));
    }
    items
}

/// The next rung of a ladder the account is on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Rung {
    pub situation: String,
    pub situation_title: String,
    /// 1-based.
    pub step: usize,
    pub of: usize,
    pub step_title: String,
    pub track: Option<String>,
    /// The date of the last entry about this ladder.
    pub since: Date,
}

/// For each ladder situation the history mentions (a diagnosis or a step done), the next rung,
/// by the same computation as the prep sheet ([`crate::case::steps::next_step`]): the steps
/// logged done, and those below the step the latest diagnosis named, are behind the rep. The
/// last-resort rung is never offered here: whether it opens is for the interview to decide.
pub fn ladders(account: &Account, situations: &[Situation]) -> Vec<Rung> {
    use crate::case::steps::{next_step, StepFacts};
    let mut rungs = Vec::new();
    for situation in situations.iter().filter(|s| s.ladder) {
        let mut done = std::collections::BTreeSet::new();
        let mut named = 0;
        let mut since = None;
        for event in &account.history {
            if let Some(step) = event.done.as_ref().filter(|d| d.situation == situation.id) {
                done.insert(step.step);
                since = since.max(Some(event.date));
            }
            if let Some(d) = event.diagnosis.as_ref().filter(|d| d.situation == situation.id) {
                named = d.next_step.unwrap_or(1);
                since = since.max(Some(event.date));
            }
        }
        let Some(since) = since else { continue };
        done.extend(1..named);
        let facts =
            StepFacts { done: &done, applies: &|_| true, allow_last_resort: false, rule_out_last_resort: false };
        let Some(step) = next_step(situation, &facts) else { continue };
        let next = &situation.steps[step - 1];
        rungs.push(Rung {
            situation: situation.id.clone(),
            situation_title: situation.title.to_string(),
            step,
            of: situation.steps.len(),
            step_title: next.title.to_string(),
            track: next.tracks.first().cloned(),
            since,
        });
    }
    rungs
}

fn kind_id(kind: ItemKind) -> &'static str {
    match kind {
        ItemKind::Promise => "promise",
        ItemKind::CheckIn => "check-in",
        ItemKind::Ladder => "ladder",
        ItemKind::Quiet => "quiet",
    }
}

/// Days from 2000-01-01: a SEQUENCE that rises with the date it counts from, and fits the
/// 32-bit integer RFC 5545 allows.
fn day_number(date: Date) -> u32 {
    let epoch = jiff::civil::date(2000, 1, 1);
    date.since(epoch).ok().map_or(0, |span| u32::try_from(span.get_days()).unwrap_or(0))
}

/// The agenda as terminal text.
pub fn to_text(items: &[Item], today: Date, within: i64) -> String {
    let mut out = format!("Due within {within} days (today is {}):\n", show(today));
    if items.is_empty() {
        out.push_str("  nothing due\n");
        return out;
    }
    // Names, titles and actions quote hand-edited account files: each is made inert.
    use crate::format::inert::line;
    for item in items {
        let when = if item.overdue { format!("{} overdue", show(item.due)) } else { show(item.due) };
        let who = match &item.company {
            Some(c) => format!("{} ({c})", item.account),
            None => item.account.clone(),
        };
        out.push_str(&format!("\n  {when}  {}\n    {}\n    {}\n", line(&who), line(&item.title), line(&item.action)));
    }
    out
}

/// The agenda as an iCalendar file (RFC 5545), for a calendar to import or subscribe to: one
/// all-day event per item on its due date, with the item's stable UID, its SEQUENCE and, for a
/// promise mend changed, LAST-MODIFIED; a closed promise is `STATUS:CANCELLED`. DTSTAMP is `now`,
/// the moment of the export, in UTC. An overdue event stays on its due date: an event that moved
/// every day without a new SEQUENCE would be a change a calendar could not order.
pub fn to_ics(items: &[Item], now: jiff::Timestamp) -> String {
    use icalendar::{Calendar, Component, EventStatus, Property};
    let utc = |at: jiff::Timestamp| at.strftime("%Y%m%dT%H%M%SZ").to_string();
    let stamp = utc(now);
    let mut calendar = Calendar::empty();
    calendar.append_property(Property::new("VERSION", "2.0"));
    calendar.append_property(Property::new("PRODID", concat!("-//mend//mend ", env!("CARGO_PKG_VERSION"), "//EN")));
    calendar.append_property(Property::new("CALSCALE", "GREGORIAN"));
    calendar.name("mend: what is due");
    for item in items {
        let next = item.due.checked_add(1.day()).unwrap_or(item.due);
        let summary = match &item.company {
            Some(c) => format!("{c}: {}", item.title),
            None => format!("{}: {}", item.account, item.title),
        };
        let mut event = icalendar::Event::new();
        event
            .uid(&item.uid)
            .add_property("DTSTAMP", &stamp)
            .add_property("SEQUENCE", item.sequence.to_string())
            .append_property(Property::new("DTSTART", compact(item.due)).add_parameter("VALUE", "DATE").done())
            .append_property(Property::new("DTEND", compact(next)).add_parameter("VALUE", "DATE").done())
            // Escaped like everything mend prints: an ICS file is often read in a terminal too.
            .summary(&crate::format::inert::line(&summary))
            .description(&crate::format::inert::text(&item.action))
            .status(if item.cancelled { EventStatus::Cancelled } else { EventStatus::Confirmed });
        if let Some(modified) = item.modified {
            event.add_property("LAST-MODIFIED", utc(modified));
        }
        calendar.push(event.done());
    }
    calendar.done().to_string()
}

fn compact(date: Date) -> String {
    format!("{:04}{:02}{:02}", date.year(), date.month(), date.day())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::account::schema;
    use crate::library::{Layer, Library};
    use jiff::civil::date;

    fn situations() -> Vec<Situation> {
        Library::new(vec![Layer::builtin()]).situations().expect("situations")
    }

    fn account(text: &str) -> Account {
        schema::parse("northwind", text, "northwind.toml").expect("parses")
    }

    #[test]
    fn example_agenda() {
        let a = account(include_str!("example.toml"));
        let items = agenda(&[a], &situations(), date(2026, 12, 10), 7);
        let kinds: Vec<ItemKind> = items.iter().map(|i| i.kind).collect();
        // Last contact 2026-11-12 + 3 weeks = 12-03 (overdue), the ladder since 11-10, the promise 12-15.
        assert_eq!(kinds, vec![ItemKind::Ladder, ItemKind::CheckIn, ItemKind::Promise]);
        assert!(items[0].title.contains("rung 3 of 6"), "{:?}", items[0]);
        assert_eq!(items[0].command, "mend say ease-sponsor-fear --account northwind");
        assert!(items[1].overdue);
        assert!(items[2]
            .action
            .starts_with("Call before Tue 2026-12-15 if it is at risk: `mend say fall-on-your-sword"));
    }

    #[test]
    fn window_lost_accounts_and_kept_promises() {
        let text = "stage = \"lost\"\ncheck-in-every = \"1 week\"\ncreated = 2026-01-01\n\
                    [[promise]]\nwhat = \"a\"\ndue = 2026-12-01\n\
                    [[promise]]\nwhat = \"b\"\ndue = 2026-12-01\nkept = true\n\
                    [[promise]]\nwhat = \"c\"\ndue = 2027-01-01\n";
        let items = agenda(&[account(text)], &situations(), date(2026, 11, 26), 7);
        assert_eq!(items.len(), 1, "{items:?}");
        assert_eq!(items[0].title, "Promise: a");
        let later = agenda(&[account(text)], &situations(), date(2026, 11, 26), 60);
        assert_eq!(later.len(), 2);
    }

    #[test]
    fn quiet_accounts_and_the_last_resort() {
        let mut text = "created = 2026-09-01\n".to_string();
        for step in 1..=5 {
            text.push_str(&format!("[[history]]\ndate = 2026-10-01\ndone = \"gatekeeper:{step}\"\n"));
        }
        let items = agenda(&[account(&text)], &situations(), date(2026, 11, 26), 7);
        assert_eq!(items.len(), 1, "the go-around rung is not offered: {items:?}");
        assert_eq!(items[0].kind, ItemKind::Quiet);
        assert_eq!(items[0].due, date(2026, 11, 12));
    }

    /// `mend next` and the prep sheet share one next-step computation: a rung logged done above
    /// one that is not never skips it, and the honest ask puts finding the reason behind the rep.
    #[test]
    fn the_next_rung_is_the_sheets_next_step() {
        let only_five = "[[history]]\ndate = 2026-10-01\ndone = \"gatekeeper:5\"\n";
        let rungs = ladders(&account(only_five), &situations());
        assert_eq!(rungs.iter().map(|r| r.step).collect::<Vec<_>>(), [1], "{rungs:?}");
        let tried = "[[history]]\ndate = 2026-10-01\ndone = \"gatekeeper:2\"\n\
                     [[history]]\ndate = 2026-10-02\ndone = \"gatekeeper:3\"\n\
                     [[history]]\ndate = 2026-10-03\ndone = \"gatekeeper:4\"\n";
        let rungs = ladders(&account(tried), &situations());
        assert_eq!(rungs.iter().map(|r| r.step).collect::<Vec<_>>(), [5], "{rungs:?}");
    }

    /// An old file's two promises with the same words: two events, the first with the UID older
    /// versions exported for it.
    #[test]
    fn old_promises_with_the_same_words_are_two_events() {
        let old =
            account("[[promise]]\nwhat = \"Plan\"\ndue = 2026-12-01\n[[promise]]\nwhat = \"Plan\"\ndue = 2026-12-02\n");
        let items = items_for(&old, &[], date(2026, 11, 26));
        // FNV-1a of "Plan", computed independently.
        assert_eq!(items[0].uid, format!("promise-{:016x}-northwind@mend", 0xcd10_4d19_b5a0_ef92_u64));
        assert_ne!(items[0].uid, items[1].uid);
    }

    #[test]
    fn uids_follow_the_promise_not_its_date() {
        let one = account("[[promise]]\nwhat = \"Plan\"\ndue = 2026-12-01\n");
        let two = account("[[promise]]\nwhat = \"Plan\"\ndue = 2026-12-09\n");
        let a = items_for(&one, &[], date(2026, 11, 26));
        let b = items_for(&two, &[], date(2026, 11, 26));
        assert_eq!(a[0].uid, b[0].uid);
        assert!(a[0].uid.starts_with("promise-") && a[0].uid.ends_with("-northwind@mend"));
    }
}
