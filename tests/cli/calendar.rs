//! The calendar feed (`mend next --format ics`) read by a real iCalendar parser, the way a calendar
//! app reads it, across two successive exports: RFC 5545's rules for updating events (a stored UID
//! per promise, SEQUENCE and LAST-MODIFIED that rise on change, CANCELLED for a closed promise,
//! DTSTAMP the export's UTC time, a PRODID naming mend).
//!
//! The parser is Python's `icalendar` package (tests/scripts/read_ics.py; `.ci/run` installs it).
//! Without it the test fails under `CI` and is skipped otherwise.

use crate::Mend;
use serde_json::Value;
use std::process::Command;

/// Each file as the parser read it, or `None` when there is no parser here (outside CI).
fn parse(files: &[std::path::PathBuf]) -> Option<Vec<Value>> {
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/scripts/read_ics.py");
    let out = match Command::new("python3").arg(script).args(files).output() {
        Ok(out) => out,
        Err(e) if std::env::var_os("CI").is_none() => {
            eprintln!("skipped: no python3 ({e})");
            return None;
        }
        Err(e) => panic!("the calendar test needs python3 under CI: {e}"),
    };
    if out.status.code() == Some(3) && std::env::var_os("CI").is_none() {
        eprintln!("skipped: {}", String::from_utf8_lossy(&out.stderr));
        return None;
    }
    assert!(out.status.success(), "the parser refused the feed: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).map(|v: Vec<Value>| Some(v)).expect("the script prints JSON")
}

fn event<'a>(feed: &'a Value, summary: &str) -> &'a Value {
    let events = feed["events"].as_array().expect("events");
    let found: Vec<&Value> =
        events.iter().filter(|e| e["summary"].as_str().is_some_and(|s| s.ends_with(summary))).collect();
    assert_eq!(found.len(), 1, "one event ends with {summary:?}: {events:#?}");
    found[0]
}

fn at(now: &str) -> [(&str, &str); 1] {
    [("MEND_NOW", now)]
}

#[test]
fn two_exports_update_events_as_calendars_expect() {
    let m = Mend::new().env("MEND_TODAY", "2026-11-26");
    m.run_with(&["account", "new", "northwind", "--company", "Northwind", "--stage", "client"]).success();
    for (what, due) in
        [("Send the plan", "2026-11-30"), ("Send the plan", "2026-12-03"), ("Book the review", "2026-12-02")]
    {
        m.run_with_env(&at("2026-11-26T08:00:00Z"), &["promise", "northwind", what, "--due", due]).success();
    }
    let export = |now: &str, file: &str| {
        let ics = m.run_with_env(&at(now), &["next", "--format", "ics", "--within", "30"]).success().stdout;
        let path = m.path(file);
        std::fs::write(&path, ics).expect("write");
        path
    };
    let first = export("2026-11-26T09:15:30Z", "first.ics");

    // Between the exports: one promise kept, one reworded by hand, one left as it was.
    m.run_with_env(&at("2026-11-26T10:00:00Z"), &["promise", "northwind", "--kept", "1"]).success();
    let edit = m.run_with_env(
        &[
            ("MEND_NOW", "2026-11-26T10:05:00Z"),
            ("EDITOR", "sed -i s/Book\\ the\\ review/Book\\ the\\ quarterly\\ review/"),
        ],
        &["account", "edit", "northwind"],
    );
    edit.success();
    let second = export("2026-11-26T11:00:00Z", "second.ics");

    let Some(feeds) = parse(&[first, second]) else { return };
    let (one, two) = (&feeds[0], &feeds[1]);
    for feed in [one, two] {
        assert!(feed["prodid"].as_str().is_some_and(|p| p.contains("mend")), "PRODID names mend: {feed}");
        assert_eq!(feed["version"], "2.0");
    }
    let promises = |feed: &Value| -> Vec<Value> {
        let events = feed["events"].as_array().expect("events");
        events.iter().filter(|e| e["summary"].as_str().is_some_and(|s| s.contains("Promise"))).cloned().collect()
    };
    let uids = |feed: &Value| -> std::collections::BTreeSet<String> {
        promises(feed).iter().map(|e| e["uid"].as_str().expect("uid").to_string()).collect()
    };
    assert_eq!(promises(one).len(), 3, "two promises with the same words are two events: {one:#}");
    assert_eq!(uids(one).len(), 3, "each with its own UID: {one:#}");
    assert_eq!(uids(one), uids(two), "the second export updates the same three events: {two:#}");
    for e in one["events"].as_array().expect("events") {
        assert_eq!(e["dtstamp"], "2026-11-26T09:15:30Z", "DTSTAMP is the export's moment in UTC: {e}");
    }

    let kept_before = &promises(one)[0];
    let kept_after =
        two["events"].as_array().expect("events").iter().find(|e| e["uid"] == kept_before["uid"]).expect("still sent");
    assert_eq!(
        kept_after["status"], "CANCELLED",
        "a kept promise is cancelled, not left in the calendar: {kept_after}"
    );
    assert!(kept_after["sequence"].as_i64() > kept_before["sequence"].as_i64(), "{kept_before} -> {kept_after}");
    assert_eq!(kept_after["last_modified"], "2026-11-26T10:00:00Z");
    assert!(kept_before["last_modified"].as_str() < kept_after["last_modified"].as_str());

    let reworded_before = event(one, "Book the review");
    let reworded_after = event(two, "Book the quarterly review");
    assert_eq!(reworded_before["uid"], reworded_after["uid"], "rewording updates the event, it does not add one");
    assert!(reworded_after["sequence"].as_i64() > reworded_before["sequence"].as_i64(), "{reworded_after}");
    assert_eq!(reworded_after["last_modified"], "2026-11-26T10:05:00Z");
    assert_eq!(reworded_after["status"], "CONFIRMED");

    let by_start = |feed: &Value| -> Value {
        promises(feed).into_iter().find(|e| e["start"] == "2026-12-03").expect("the second plan")
    };
    let (before, after) = (by_start(one), by_start(two));
    assert_eq!((&before["uid"], &before["sequence"]), (&after["uid"], &after["sequence"]), "unchanged, the same");
    assert_eq!(after["status"], "CONFIRMED");
}
