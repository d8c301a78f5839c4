//! Accounts: the files mend keeps per client, and the commands that read and write them.

use crate::harness::{clean_command, Run};
use crate::Mend;
use std::path::PathBuf;

const TODAY: &str = "2026-11-26"; // a Thursday

/// Before-call values the gatekeeper tracks need and no account holds: `--no-input` refuses to
/// leave them blank.
const VALUES: &str = "[values]\nresult = \"the rollout across all six warehouses\"\n";

fn mend_on(today: &str) -> Mend {
    Mend::new().env("MEND_TODAY", today).file("values.toml", VALUES)
}

fn account_file(m: &Mend, name: &str) -> PathBuf {
    m.path(&format!(".local/share/mend/accounts/{name}.toml"))
}

fn read(path: &std::path::Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()))
}

fn new_northwind(m: &Mend) {
    new_northwind_with(m, &["sponsor=Dana", "stakeholder=Jim"]);
}

/// The Northwind account (a client, ongoing, checked in on every 3 weeks) with these people.
fn new_northwind_with(m: &Mend, people: &[&str]) {
    let mut args = vec![
        "account",
        "new",
        "northwind",
        "--company",
        "Northwind Traders",
        "--stage",
        "client",
        "--kind",
        "ongoing",
        "--check-in-every",
        "3 weeks",
    ];
    for person in people {
        args.extend(["--person", person]);
    }
    m.run_with(&args).success().stderr_has("Created account `northwind`");
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
    m.run_with(&["promise", "northwind", "--kept", "nothing like it"]).code(2).stderr_has("#1 Send the plan");
    m.run_with(&["promise", "northwind", "--kept", "jim"]).success().stderr_has("Marked kept");
    m.run_with(&["promise", "northwind", "--kept", "1"]).success().stderr_has("Send the plan");
    let next = m.run_with(&["next"]).success().stdout;
    assert!(!next.contains("Promise"), "{next}");
    let show = m.run_with(&["account", "show", "northwind", "--format", "json"]).success().json();
    let kept: Vec<bool> =
        show["account"]["promises"].as_array().expect("promises").iter().map(|p| p["kept"] == true).collect();
    assert_eq!(kept, [true, true]);
}

/// Issue 25.1: keeping promise 1 must not turn promise 2 into promise 1.
#[test]
fn promise_ids_are_stable_across_kept_promises() {
    let m = mend_on(TODAY);
    new_northwind(&m);
    for (what, due) in [("Send the plan", "2026-11-30"), ("Call Jim", "2026-12-01"), ("Book the review", "2026-12-02")]
    {
        m.run_with(&["promise", "northwind", what, "--due", due]).success();
    }
    m.run_with(&["account", "show", "northwind"]).success().stdout_has("#2 Tue 2026-12-01: Call Jim");
    m.run_with(&["promise", "northwind", "--kept", "1"]).success().stderr_has("#1 Send the plan");
    m.run_with(&["promise", "northwind", "--kept", "2"]).success().stderr_has("#2 Call Jim");
    m.run_with(&["promise", "northwind", "--kept", "#2"]).code(2).stderr_has("already kept");
    let show = m.run_with(&["account", "show", "northwind", "--format", "json"]).success().json();
    let state: Vec<(u64, bool)> = show["account"]["promises"]
        .as_array()
        .expect("promises")
        .iter()
        .map(|p| (p["id"].as_u64().expect("id"), p["kept"] == true))
        .collect();
    assert_eq!(state, [(1, true), (2, true), (3, false)]);
    m.run_with(&["account", "show", "northwind"]).success().stdout_has("#3 Wed 2026-12-02: Book the review");
}

/// A file written before ids reads as it did, shows ids, and stores those same ids on the next
/// write without losing a comment or a promise.
#[test]
fn an_old_file_gets_promise_ids_on_the_next_write() {
    let m = mend_on(TODAY);
    new_northwind(&m);
    let path = account_file(&m, "northwind");
    let old = format!(
        "{}\n# the plan first\n[[promise]]\nwhat = \"Send the plan\"  # by email\ndue = 2026-11-30\nkept = false\n\n\
         [[promise]]\nwhat = \"Call Jim\"\ndue = 2026-12-01\nkept = false\n",
        read(&path)
    );
    std::fs::write(&path, &old).expect("write");
    m.run_with(&["account", "show", "northwind"]).success().stdout_has("#2 Tue 2026-12-01: Call Jim");
    assert_eq!(read(&path), old, "reading writes nothing");
    m.run_with(&["promise", "northwind", "--kept", "2"]).success().stderr_has("#2 Call Jim");
    let now = read(&path);
    assert!(
        now.contains("# the plan first\n[[promise]]\nid = 1\nwhat = \"Send the plan\"  # by email\ndue = 2026-11-30\nkept = false\n"),
        "{now}"
    );
    assert!(now.contains("[[promise]]\nid = 2\nwhat = \"Call Jim\"\ndue = 2026-12-01\nkept = true\n"), "{now}");
    m.run_with(&["promise", "northwind", "Book the review", "--due", "2026-12-02"]).success().stderr_has("Promise #3");
}

#[test]
fn a_hand_written_comment_survives_every_writing_command() {
    let m = mend_on(TODAY).env("EDITOR", "printf '# added in the editor\\n' >>");
    new_northwind(&m);
    let path = account_file(&m, "northwind");
    let text = read(&path).replace("[people]\n", "[people]   # who is who\n# Dana prefers mornings\n");
    std::fs::write(&path, format!("# Rep's own notes: renewal in March.\n{text}")).expect("write");
    let diagnose = [&["diagnose", "--account", "northwind", "--no-input"][..], &GATEKEEPER].concat();
    let writers: [&[&str]; 7] = [
        &["account", "set", "northwind", "--stage", "open-deal", "--person", "client=Tom"],
        &["log", "northwind", "Quick call"],
        &["log", "northwind", "Offered a planning session", "--done", "gatekeeper:3"],
        &["promise", "northwind", "Send the plan", "--due", "tomorrow"],
        &["promise", "northwind", "--kept", "1"],
        &diagnose,
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
    assert_eq!(now.matches("[[history]]").count(), 4, "two logs, the kept promise, the diagnosis:\n{now}");
    assert!(now.contains("diagnosis = \"gatekeeper\"\nnext-step = 2\n"), "{now}");
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

/// The answers `diagnose` needs for the gatekeeper path that an account cannot know: the
/// symptom, and why the sponsor holds back (a single choice; several reasons complete step 1).
// `stakes` is asked on every gatekeeper path: the content asks how urgent it is before the
// go-around view.
const GATEKEEPER: [&str; 10] = [
    "-a",
    "symptom=wont-introduce",
    "-a",
    "blocker=sponsor",
    "-a",
    "sponsor_reason=control",
    "-a",
    "stakes=routine",
    "--answers",
    "values.toml",
];

fn diagnose_json(m: &Mend, extra: &[&str]) -> (serde_json::Value, String) {
    let mut args = vec!["diagnose", "--no-input", "--format", "json"];
    args.extend(GATEKEEPER);
    args.extend(extra);
    let run = m.run_with(&args).success();
    (run.json(), run.stderr)
}

fn step_statuses(sheet: &serde_json::Value) -> Vec<String> {
    sheet["steps"]
        .as_array()
        .expect("steps")
        .iter()
        .map(|s| s["status"].as_str().expect("status").to_string())
        .collect()
}

/// A name left blank (`-`) in a diagnosis is not recorded as a person of the account.
#[test]
fn a_name_left_blank_is_not_recorded() {
    let m = mend_on(TODAY);
    new_northwind_with(&m, &["sponsor=Dana"]);
    let path = account_file(&m, "northwind");
    let (sheet, stderr) =
        diagnose_json(&m, &["--account", "northwind", "-a", "ladder_tried=none", "-a", "stakeholder=-"]);
    assert!(!stderr.contains("added stakeholder"), "{stderr}");
    assert!(!read(&path).contains("stakeholder"), "{}", read(&path));
    assert!(sheet["tracks"][0]["blanks"].as_array().expect("blanks").iter().any(|b| b == "stakeholder"), "{sheet}");
}

#[test]
fn the_full_cycle_on_a_fresh_home() {
    let m = mend_on(TODAY);
    // No stakeholder yet: the first diagnosis asks for one and records the name.
    new_northwind_with(&m, &["sponsor=Dana"]);
    let path = account_file(&m, "northwind");

    // First call: the account answers kind and names; the rep says nothing was tried yet.
    let (sheet, stderr) =
        diagnose_json(&m, &["--account", "northwind", "-a", "ladder_tried=none", "-a", "stakeholder=Jim"]);
    for line in [
        "✔ account: ongoing (from account northwind)",
        "✔ company: Northwind Traders (from account northwind)",
        "✔ sponsor: Dana (from account northwind)",
    ] {
        assert!(stderr.contains(line), "{stderr}");
    }
    assert!(!stderr.contains("stakeholder: Jim (from account"), "typed, not from the account:\n{stderr}");
    assert!(
        stderr.contains(&format!("Recorded in {}: gatekeeper, next step 2; added stakeholder = Jim", path.display())),
        "{stderr}"
    );
    assert_eq!(sheet["account"], "northwind");
    assert_eq!(
        sheet["answer_sources"],
        serde_json::json!({"account": "account", "company": "account", "sponsor": "account", "stage": "account"})
    );
    assert_eq!(sheet["answers"]["account"], serde_json::json!(["ongoing"]));
    assert_eq!(step_statuses(&sheet)[..3], ["done", "next", "later"]);
    let file = read(&path);
    assert!(file.contains("stakeholder = \"Jim\""), "{file}");
    assert!(file.contains("[[history]]\ndate = 2026-11-26\ndiagnosis = \"gatekeeper\"\nnext-step = 2\n"), "{file}");

    // The rep climbs the rung mend pointed to, and says so.
    m.run_with(&["log", "northwind", "Made the honest ask", "--done", "gatekeeper:honest-ask"]).success();

    // Next call: `--no-input` would fail on any question left to ask, so passing proves that
    // "what have you tried?" was answered by the account, and the sheet moves to the next rung.
    let (sheet, stderr) = diagnose_json(&m, &["--account", "northwind"]);
    assert!(stderr.contains("✔ ladder_tried: honest-ask (from account northwind)"), "{stderr}");
    assert!(stderr.contains("✔ stakeholder: Jim (from account northwind)"), "{stderr}");
    assert_eq!(sheet["answers"]["ladder_tried"], serde_json::json!(["honest-ask"]));
    assert_eq!(sheet["answer_sources"]["ladder_tried"], "account");
    assert_eq!(step_statuses(&sheet)[..4], ["done", "done", "next", "later"]);
    assert_eq!(sheet["tracks"][0]["name"], "ease-sponsor-fear");
    assert!(sheet["tracks"][0]["text"].as_str().expect("text").contains("Jim"), "{sheet:#}");
    assert!(stderr.contains("gatekeeper, next step 3"), "{stderr}");

    // Without the account the same answers leave the question open.
    let mut args = vec!["diagnose", "--no-input"];
    args.extend(GATEKEEPER);
    m.run_with(&args).code(2).stderr_has("`ladder_tried`");

    m.run_with(&["promise", "northwind", "Send the revised rollout plan", "--due", "friday"]).success();
    let text = m.run_with(&["next"]).success().stdout;
    assert!(text.contains("Send the revised rollout plan"), "{text}");
    assert!(text.contains("mend say ease-sponsor-fear --account northwind"), "{text}");
    let json = m.run_with(&["next", "--format", "json"]).success().json();
    let kinds: Vec<&str> =
        json["items"].as_array().expect("items").iter().map(|i| i["kind"].as_str().expect("kind")).collect();
    assert_eq!(kinds, ["ladder", "promise"], "{json:#}");
    let events = uids(&m.run_with(&["next", "--format", "ics"]).success().stdout);
    assert_eq!(events.len(), 2, "{events:?}");
    assert!(events.iter().any(|(_, s)| s == "Northwind Traders: Promise: Send the revised rollout plan"), "{events:?}");

    let history = m.run_with(&["account", "show", "northwind", "--format", "json"]).success().json();
    let diagnoses = history["account"]["history"]
        .as_array()
        .expect("history")
        .iter()
        .filter(|e| e.get("diagnosis").is_some())
        .count();
    assert_eq!(diagnoses, 2);
}

#[test]
fn explicit_answers_win_over_the_account_and_the_json_without_one_is_unchanged() {
    let m = mend_on(TODAY);
    new_northwind(&m);
    m.run_with(&["log", "northwind", "Asked", "--done", "gatekeeper:2"]).success();
    let (with, _) = diagnose_json(&m, &["--account", "northwind", "--no-record", "-a", "account=one-off"]);
    assert_eq!(with["answers"]["account"], serde_json::json!(["one-off"]));
    assert!(with["answer_sources"].get("account").is_none(), "{with:#}");
    // The same answers typed out give the same sheet, minus the two account fields.
    let typed = [
        "-a",
        "stage=client",
        "-a",
        "account=one-off",
        "-a",
        "ladder_tried=honest-ask",
        "-a",
        "company=Northwind Traders",
        "-a",
        "sponsor=Dana",
        "-a",
        "stakeholder=Jim",
    ];
    let (without, _) = diagnose_json(&m, &typed);
    assert!(without.get("account").is_none() && without.get("answer_sources").is_none(), "{without:#}");
    let mut stripped = with.clone();
    let object = stripped.as_object_mut().expect("object");
    object.remove("account");
    object.remove("answer_sources");
    // The cast is the same people; the account's names say where they came from.
    let sources = |sheet: &mut serde_json::Value| -> Vec<String> {
        let people = sheet["people"].as_array_mut().expect("people");
        people
            .iter_mut()
            .map(|p| p.as_object_mut().expect("person").remove("source").expect("source").to_string())
            .collect()
    };
    assert_eq!(sources(&mut stripped), ["\"account\"", "\"account\""], "{with:#}");
    let mut without = without;
    assert_eq!(sources(&mut without), ["\"interview\"", "\"interview\""], "{without:#}");
    assert_eq!(stripped, without);
}

#[test]
fn no_record_writes_nothing_and_no_account_records_nowhere() {
    let m = mend_on(TODAY);
    new_northwind(&m);
    let path = account_file(&m, "northwind");
    let before = std::fs::read(&path).expect("read");
    let (_, stderr) = diagnose_json(&m, &["--account", "northwind", "--no-record", "-a", "ladder_tried=none"]);
    assert!(!stderr.contains("Recorded"), "{stderr}");
    assert_eq!(std::fs::read(&path).expect("read"), before);

    let fresh = mend_on(TODAY);
    let mut args =
        vec!["diagnose", "--no-input", "-a", "ladder_tried=none", "-a", "stage=client", "-a", "account=ongoing"];
    args.extend(GATEKEEPER);
    args.extend(["-a", "company=Acme", "-a", "sponsor=Ann", "-a", "stakeholder=Bo"]);
    let run = fresh.run_with(&args).success();
    assert!(!run.stderr.contains("Recorded"), "{}", run.stderr);
    assert!(!fresh.path(".local/share/mend").exists(), "nothing may be written without --account");
    fresh.run_with(&["diagnose", "--no-record"]).code(2).stderr_has("--account");
    fresh.run_with(&["diagnose", "--account", "nowhere"]).code(2).stderr_has("there is no account `nowhere`");
}

#[test]
fn say_fills_names_from_the_account() {
    let m = mend_on(TODAY).env("MEND_VAR_CLIENT", "Env");
    new_northwind(&m);
    m.run_with(&["account", "set", "northwind", "--person", "client=Tom"]).success();
    let text =
        m.run_with(&["say", "just-ask", "--account", "northwind", "--no-input", "--width", "200"]).success().stdout;
    assert!(text.contains("Tom, can I ask you something directly?"), "the account beats the environment:\n{text}");
    assert!(text.contains("Northwind Traders"), "{text}");
    let json =
        m.run_with(&["say", "just-ask", "--account", "northwind", "--no-input", "--format", "json"]).success().json();
    assert_eq!(json["value_sources"], serde_json::json!({"client": "account", "company": "account"}));
    let json = m
        .run_with(&["say", "just-ask", "--account", "northwind", "--set", "client=Ann", "--format", "json"])
        .success()
        .json();
    assert_eq!(
        (&json["values"]["client"], &json["value_sources"]["client"]),
        (&serde_json::json!("Ann"), &serde_json::json!("flag"))
    );
    // Roles the track does not use are fine (the account is shared by every track); `say`
    // never records.
    let before = read(&account_file(&m, "northwind"));
    m.run_with(&["say", "ease-sponsor-fear", "--account", "northwind", "--set", "fear=losing control"]).success();
    assert_eq!(read(&account_file(&m, "northwind")), before);
}

#[test]
fn completions_offer_account_names_after_account() {
    let m = mend_on(TODAY);
    new_northwind(&m);
    let fish = m.run_with(&["completions", "fish"]).success().stdout;
    for sub in ["say", "diagnose"] {
        let line = fish
            .lines()
            .find(|l| l.contains(&format!("__fish_mend_using_subcommand {sub}")) && l.contains("-l account"))
            .unwrap_or_else(|| panic!("no --account completion for {sub}:\n{fish}"));
        assert!(line.contains("northwind"), "{line}");
    }
}

#[test]
fn diagnose_with_a_stage_on_the_account_does_not_ask_the_stage() {
    let m = mend_on(TODAY);
    m.run_with(&[
        "account",
        "new",
        "acme",
        "--company",
        "Acme",
        "--person",
        "sponsor=Ann",
        "--person",
        "stakeholder=Bo",
    ])
    .success();
    let mut args = vec!["diagnose", "--account", "acme", "--no-record", "--no-input", "--format", "json"];
    args.extend(GATEKEEPER);
    args.extend(["-a", "ladder_tried=none"]);
    // No stage on the account: the interview still needs it, and `--no-input` says so.
    m.run_with(&args).code(2).stderr_has("`stage`: Where does the relationship stand?");
    // A stage on the account answers the question; `--no-input` passing proves nothing was asked.
    m.run_with(&["account", "set", "acme", "--stage", "open-deal"]).success();
    let run = m.run_with(&args).success();
    assert!(run.stderr.contains("✔ stage: open-deal (from account acme)"), "{}", run.stderr);
    let sheet = run.json();
    assert_eq!(sheet["answers"]["stage"], serde_json::json!(["open-deal"]), "{sheet:#}");
    assert_eq!(sheet["answer_sources"]["stage"], "account", "{sheet:#}");
    // `account` (ongoing or one-off) is asked only of a client, so an open deal is not asked it.
    assert!(sheet["answers"].get("account").is_none(), "{sheet:#}");
    // A stage given for this run wins over the account's.
    let mut typed = args.clone();
    typed.extend(["-a", "stage=prospect"]);
    let sheet = m.run_with(&typed).success().json();
    assert_eq!(sheet["answers"]["stage"], serde_json::json!(["prospect"]));
    assert!(sheet["answer_sources"].get("stage").is_none(), "{sheet:#}");
}

/// The second call on an account asks only what a call can change. The first call on a champion
/// who left stores the stage, the names and the stable facts (who changed, whether the champion is
/// reachable); the second is answered with the symptom and what was done since, and `--no-input`
/// passing proves nothing else was needed.
#[test]
fn a_second_call_asks_only_what_a_call_can_change() {
    let m = mend_on(TODAY);
    m.run_with(&["account", "new", "acme"]).success();
    let first = [
        "diagnose",
        "--account",
        "acme",
        "--no-input",
        "--format",
        "json",
        "-a",
        "symptom=people-left",
        "-a",
        "stage=client",
        "-a",
        "people_change=champion-left",
        "-a",
        "company=AT&T",
        "-a",
        "client=Dana",
        "-a",
        "champion=Aisha",
        "-a",
        "new_person=Zoë O'Brien",
        "-a",
        "champion_reachable=yes",
        "-a",
        "people_tried=none",
    ];
    let run = m.run_with(&first).success();
    assert_eq!(run.json()["situation"], "people-changed");
    let file = read(&account_file(&m, "acme"));
    for kept in [
        "stage = \"client\"",
        "people_change = \"champion-left\"",
        "champion_reachable = \"yes\"",
        "champion = \"Aisha\"",
    ] {
        assert!(file.contains(kept), "{kept} not kept:\n{file}");
    }
    let second = [
        "diagnose",
        "--account",
        "acme",
        "--no-input",
        "--no-record",
        "--format",
        "json",
        "-a",
        "symptom=people-left",
        "-a",
        "people_tried=handover",
    ];
    let run = m.run_with(&second).success();
    let sheet = run.json();
    assert_eq!(sheet["situation"], "people-changed", "{sheet:#}");
    let sources = sheet["answer_sources"].as_object().expect("sources");
    let asked: Vec<&String> =
        sheet["answers"].as_object().expect("answers").keys().filter(|id| !sources.contains_key(*id)).collect();
    assert_eq!(asked, ["people_tried", "symptom"], "{sheet:#}");
    assert!(run.stderr.contains("people_change: champion-left (from account acme)"), "{}", run.stderr);
    // The handover is done, so the next step is meeting the new person, by name.
    let statuses = step_statuses(&sheet);
    assert_eq!(&statuses[..2], ["done", "next"], "{sheet:#}");
}
