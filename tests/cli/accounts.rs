//! Accounts: the files mend keeps per client, and the commands that read and write them.

use crate::harness::{clean_command, Run};
use crate::Mend;
use std::path::PathBuf;

const TODAY: &str = "2026-11-26"; // a Thursday

fn mend_on(today: &str) -> Mend {
    Mend::new().env("MEND_TODAY", today)
}

fn account_file(m: &Mend, name: &str) -> PathBuf {
    m.path(&format!(".local/share/mend/accounts/{name}.toml"))
}

fn read(path: &std::path::Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()))
}

fn new_northwind(m: &Mend) {
    m.run_with(&[
        "account",
        "new",
        "northwind",
        "--company",
        "Northwind Traders",
        "--stage",
        "client",
        "--kind",
        "ongoing",
        "--person",
        "sponsor=Dana",
        "--person",
        "stakeholder=Jim",
        "--check-in-every",
        "3 weeks",
    ])
    .success()
    .stderr_has("Created account `northwind`");
}

fn uids(ics: &str) -> Vec<(String, String)> {
    use icalendar::Component;
    let calendar: icalendar::Calendar = ics.parse().unwrap_or_else(|e| panic!("ICS does not parse: {e}\n{ics}"));
    calendar
        .components
        .iter()
        .filter_map(|c| c.as_event())
        .map(|e| {
            let uid = e.get_uid().expect("every event has a UID").to_string();
            let summary = e.get_summary().expect("summary").to_string();
            (uid, summary)
        })
        .collect()
}

#[test]
fn new_log_promise_next_in_every_format() {
    let m = mend_on(TODAY);
    new_northwind(&m);
    m.run_with(&["log", "northwind", "Made the honest ask", "--done", "gatekeeper:honest-ask"])
        .success()
        .stderr_has("Next rung (3 of 6): Ease the fear they named");
    m.run_with(&["promise", "northwind", "Send the revised rollout plan", "--due", "friday"])
        .success()
        .stderr_has("due Fri 2026-11-27");

    let text = m.run_with(&["next"]).success();
    let text = text.stdout;
    assert!(text.contains("Fri 2026-11-27  northwind (Northwind Traders)"), "{text}");
    assert!(
        text.contains("Call before Fri 2026-11-27 if it is at risk: `mend say fall-on-your-sword --account northwind`"),
        "{text}"
    );
    assert!(text.contains("rung 3 of 6"), "{text}");
    assert!(!text.contains("Check in"), "the check-in is three weeks away:\n{text}");

    let json = m.run_with(&["next", "--format", "json", "--within", "30"]).success().json();
    let items = json["items"].as_array().expect("items");
    let kinds: Vec<&str> = items.iter().map(|i| i["kind"].as_str().expect("kind")).collect();
    assert_eq!(kinds, ["ladder", "promise", "check-in"], "{json:#}");
    assert_eq!(items[1]["due"], "2026-11-27");
    assert_eq!(items[2]["due"], "2026-12-17", "three weeks after the last contact");
    assert_eq!(items[2]["command"], "mend say how-are-we-doing --account northwind");
    assert_eq!(items[0]["command"], "mend say ease-sponsor-fear --account northwind");

    let ics = m.run_with(&["next", "--format", "ics", "--within", "30"]).success().stdout;
    let events = uids(&ics);
    assert_eq!(events.len(), 3, "{ics}");
    assert!(events.iter().any(|(_, s)| s == "Northwind Traders: Promise: Send the revised rollout plan"), "{events:?}");
    assert!(ics.contains("DTSTART;VALUE=DATE:20261127"), "{ics}");

    // Another day, another run, a promise moved: the same events keep the same UIDs.
    let later = mend_on("2026-11-27");
    std::fs::create_dir_all(account_file(&later, "x").parent().expect("dir")).expect("mkdir");
    let moved = read(&account_file(&m, "northwind")).replace("due = 2026-11-27", "due = 2026-12-04");
    std::fs::write(account_file(&later, "northwind"), moved).expect("write");
    let again = uids(&later.run_with(&["next", "--format", "ics", "--within", "30"]).success().stdout);
    let ids = |e: &[(String, String)]| {
        let mut ids: Vec<String> = e.iter().map(|(u, _)| u.clone()).collect();
        ids.sort();
        ids
    };
    assert_eq!(ids(&events), ids(&again));
}

#[test]
fn promises_are_kept_by_number_or_words() {
    let m = mend_on(TODAY);
    new_northwind(&m);
    m.run_with(&["promise", "northwind", "Send the plan", "--due", "in 3 days"]).success();
    m.run_with(&["promise", "northwind", "Call Jim", "--due", "2026-11-20"])
        .success()
        .stderr_has("lists it as overdue");
    m.run_with(&["next"]).success().stdout_has("It was due Fri 2026-11-20: call now");
    m.run_with(&["promise", "northwind", "--kept", "nothing like it"]).code(2).stderr_has("1. Send the plan");
    m.run_with(&["promise", "northwind", "--kept", "jim"]).success().stderr_has("Marked kept");
    m.run_with(&["promise", "northwind", "--kept", "1"]).success().stderr_has("Send the plan");
    let next = m.run_with(&["next"]).success().stdout;
    assert!(!next.contains("Promise"), "{next}");
    let show = m.run_with(&["account", "show", "northwind", "--format", "json"]).success().json();
    let kept: Vec<bool> =
        show["account"]["promises"].as_array().expect("promises").iter().map(|p| p["kept"] == true).collect();
    assert_eq!(kept, [true, true]);
}

#[test]
fn a_hand_written_comment_survives_every_writing_command() {
    let m = mend_on(TODAY).env("EDITOR", "printf '# added in the editor\\n' >>");
    new_northwind(&m);
    let path = account_file(&m, "northwind");
    let text = read(&path).replace("[people]\n", "[people]   # who is who\n# Dana prefers mornings\n");
    std::fs::write(&path, format!("# Rep's own notes: renewal in March.\n{text}")).expect("write");
    let writers: [&[&str]; 6] = [
        &["account", "set", "northwind", "--stage", "open-deal", "--person", "client=Tom"],
        &["log", "northwind", "Quick call"],
        &["log", "northwind", "Offered a planning session", "--done", "gatekeeper:3"],
        &["promise", "northwind", "Send the plan", "--due", "tomorrow"],
        &["promise", "northwind", "--kept", "1"],
        &["account", "edit", "northwind"],
    ];
    for args in writers {
        m.run_with(args).success();
        let now = read(&path);
        for comment in ["# Rep's own notes: renewal in March.\n", "[people]   # who is who\n# Dana prefers mornings\n"]
        {
            assert!(now.contains(comment), "after `mend {}` the comment {comment:?} is gone:\n{now}", args.join(" "));
        }
    }
    let now = read(&path);
    assert!(now.contains("stage = \"open-deal\"  # prospect | open-deal | client | lost\n"), "{now}");
    assert!(now.ends_with("# added in the editor\n"), "{now}");
    assert_eq!(now.matches("[[history]]").count(), 3, "two logs and the kept promise:\n{now}");
}

#[test]
fn twenty_concurrent_logs_leave_twenty_entries() {
    let m = mend_on(TODAY);
    new_northwind(&m);
    let children: Vec<_> = (0..20)
        .map(|i| {
            let mut cmd = clean_command(m.dir.path());
            cmd.env("MEND_TODAY", TODAY).args(["log", "northwind", &format!("note {i}")]);
            cmd.stdout(std::process::Stdio::null()).stderr(std::process::Stdio::piped());
            cmd.spawn().expect("spawn")
        })
        .collect();
    for child in children {
        let out = child.wait_with_output().expect("wait");
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    }
    let json = m.run_with(&["account", "show", "northwind", "--format", "json"]).success().json();
    let mut notes: Vec<String> = json["account"]["history"]
        .as_array()
        .expect("history")
        .iter()
        .map(|e| e["note"].as_str().expect("note").to_string())
        .collect();
    notes.sort_by_key(|n| n[5..].parse::<u32>().expect("number"));
    let want: Vec<String> = (0..20).map(|i| format!("note {i}")).collect();
    assert_eq!(notes, want);
}

#[test]
fn a_malformed_file_is_located_and_left_alone() {
    let m = mend_on(TODAY);
    let path = account_file(&m, "acme");
    std::fs::create_dir_all(path.parent().expect("dir")).expect("mkdir");
    let broken = "# hand-made\ncompany = \"Acme\"\nstage = \"clint\"\n\n[people]\nsponsor = \"Ann\"\n";
    std::fs::write(&path, broken).expect("write");
    let writers: [&[&str]; 5] = [
        &["log", "acme", "hello"],
        &["account", "set", "acme", "--kind", "one-off"],
        &["promise", "acme", "Send it", "--due", "tomorrow"],
        &["account", "new", "acme", "--company", "Acme", "--no-input"],
        &["next"],
    ];
    for args in writers {
        let run: Run = m.run_with(args).code(2);
        let where_ =
            if args.get(1) == Some(&"new") { "already exists".to_string() } else { format!("{}:3:9", path.display()) };
        assert!(run.stderr.contains(&where_), "`mend {}`: {}", args.join(" "), run.stderr);
        assert_eq!(std::fs::read(&path).expect("read"), broken.as_bytes(), "`mend {}` changed it", args.join(" "));
    }
    m.run_with(&["log", "acme", "x"]).code(2).stderr_has("expected one of `prospect`, `open-deal`, `client`, `lost`");
}

#[test]
fn an_invalid_hand_edit_is_not_kept() {
    let m = mend_on(TODAY).env("EDITOR", "printf 'stage = 3\\n' >>");
    new_northwind(&m);
    let path = account_file(&m, "northwind");
    let before = read(&path);
    let run = m.run_with(&["account", "edit", "northwind"]).code(2);
    assert!(run.stderr.contains("northwind.toml:"), "{}", run.stderr);
    assert!(run.stderr.contains("is unchanged"), "{}", run.stderr);
    assert_eq!(read(&path), before);
    let leftovers: Vec<_> = std::fs::read_dir(path.parent().expect("dir"))
        .expect("list")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| n != "northwind.toml" && n != ".mend.lock")
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[cfg(unix)]
#[test]
fn files_are_private() {
    use std::os::unix::fs::PermissionsExt;
    let m = mend_on(TODAY);
    new_northwind(&m);
    m.run_with(&["log", "northwind", "x"]).success();
    let file = account_file(&m, "northwind");
    let mode = |p: &std::path::Path| std::fs::metadata(p).expect("stat").permissions().mode() & 0o777;
    assert_eq!(mode(&file), 0o600);
    assert_eq!(mode(file.parent().expect("dir")), 0o700);
    assert_eq!(mode(&file.with_file_name(".mend.lock")), 0o600);
}

#[test]
fn where_accounts_live() {
    let m = mend_on(TODAY);
    m.run_with(&["paths"]).success().stdout_has("default (from HOME)").stdout_has(".local/share/mend/accounts");
    let xdg = m.path("data");
    let xdg = xdg.to_str().expect("utf-8");
    let env = mend_on(TODAY).env("XDG_DATA_HOME", xdg);
    env.run_with(&["paths"]).success().stdout_has("default (from XDG_DATA_HOME)");
    let env = env.env("MEND_ACCOUNTS", "team");
    env.run_with(&["paths"]).success().stdout_has("env MEND_ACCOUNTS");
    env.run_with(&["--accounts", "mine", "paths"]).success().stdout_has("flag --accounts");
    env.run_with(&["account", "new", "acme", "--company", "Acme", "--accounts", "mine"]).success();
    assert!(env.path("mine/acme.toml").is_file());
    env.run_with(&["account", "new", "acme2", "--company", "Acme"]).success();
    assert!(env.path("team/acme2.toml").is_file());
}

#[test]
fn bad_names_dates_and_steps_are_usage_errors() {
    let m = mend_on(TODAY);
    new_northwind(&m);
    m.run_with(&["account", "new", "../evil", "--no-input"]).code(2).stderr_has("is not an account name");
    m.run_with(&["log", "nortwind", "x"]).code(2).stderr_has("did you mean `northwind`?");
    m.run_with(&["log", "northwind", "x", "--done", "gatekeeper:9"]).code(2).stderr_has("steps 1 to 6");
    m.run_with(&["log", "northwind", "x", "--done", "gatekeepr:1"]).code(2).stderr_has("did you mean `gatekeeper`?");
    m.run_with(&["promise", "northwind", "x", "--due", "someday"]).code(2).stderr_has("in 3 days");
    m.run_with(&["promise", "northwind", "x"]).code(2);
    m.run_with(&["account", "set", "northwind"]).code(2).stderr_has("needs a field");
    m.run_with(&["account", "set", "northwind", "--check-in-every", "often"]).code(2).stderr_has("3 weeks");
    mend_on("soon").run_with(&["next"]).code(2).stderr_has("MEND_TODAY");
}

#[test]
fn list_show_and_completions() {
    let m = mend_on(TODAY);
    new_northwind(&m);
    let list = m.run_with(&["account", "list"]).success().stdout;
    assert!(list.starts_with("ACCOUNT    COMPANY            STAGE   LAST CONTACT  NEXT\n"), "{list}");
    assert!(list.contains("northwind  Northwind Traders  client  2026-11-26    2026-12-17 Check in"), "{list}");
    let rows = m.run_with(&["account", "list", "--format", "json"]).success().json();
    assert_eq!(rows[0]["next"]["kind"], "check-in");
    let html = m.run_with(&["account", "show", "northwind", "--format", "html"]).success().stdout;
    assert!(html.contains("sponsor: Dana"), "{html}");
    m.run_with(&["completions", "bash"]).success().stdout_has("northwind");
}
