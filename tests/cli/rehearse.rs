//! `mend rehearse` and the rehearsal scripts: `mend check` on broken scripts (one fixture file per
//! error), replies files, JSON, accounts.

use crate::harness::{mend, Mend};
use std::sync::OnceLock;

/// `mend check` of the broken-rehearsals fixture, run once for every test that reads it.
fn checked() -> &'static str {
    static OUT: OnceLock<String> = OnceLock::new();
    OUT.get_or_init(|| {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/broken-rehearsals");
        let run = mend(["check".to_string(), dir.display().to_string()]).code(1);
        run.stdout.replace(&format!("{}/", dir.display()), "")
    })
}

#[track_caller]
fn reported(expected: &str) {
    let out = checked();
    assert!(out.contains(expected), "missing {expected:?} in:\n{out}");
}

#[test]
fn check_points_at_a_branch_to_nowhere() {
    reported(
        "scripts/rehearsals/to-nowhere.toml:17:48: `defensive`: a branch to nowhere: `end-cool` is not a line of \
         this rehearsal\n  hint: the lines are: open, end-warm",
    );
}

#[test]
fn check_reports_a_line_no_branch_reaches() {
    reported("scripts/rehearsals/unreachable.toml:20:6: line `orphan` is unreachable");
}

#[test]
fn check_reports_a_call_without_an_ending_and_its_loops() {
    reported("scripts/rehearsals/no-ending.toml: no line ends the call");
    reported("scripts/rehearsals/no-ending.toml:23:24: line `again` leads back to `open`: a loop");
}

#[test]
fn check_reports_an_undeclared_variable_where_it_is_used() {
    reported("scripts/rehearsals/undeclared.toml:15:39: `{{manager}}` is not a declared variable");
}

#[test]
fn check_reports_unknown_moves_an_early_apology_and_a_quote_the_track_does_not_say() {
    reported("scripts/rehearsals/bad-moves.toml:16:17: unknown move `grovel`");
    reported("scripts/rehearsals/bad-moves.toml:16:27: line `open` needs an apology before the fault is named");
    reported(
        "scripts/rehearsals/bad-moves.toml:17:10: `better` of line `open`: track `apology-fix-prevent` says no line",
    );
}

#[test]
fn check_of_the_built_in_library_passes_its_rehearsals() {
    let run = mend(["check"]).success();
    assert!(run.stdout.contains("built-in library: no problems"), "{}", run.stdout);
}

const DEFENSIVE: &str = "\
Hi Elena. So our data supplier let us down, and the migration won't make March, but we're doing everything we can.
Look, it's really not our fault.
Just tell them it was the supplier's fault. That's what happened.
";

const ACCOUNTABLE: &str = "\
Elena, I can't deliver the new order system by 1 March as I promised. That's on me, and I'm sorry.

The archive data needs a conversion step nobody has built before. We tried three ways over the weekend and none worked. I'll have it live by 15 April.
I'd like us to shape it together. I'll send you a draft plan by Thursday with a go-live of 15 April. What matters most to you in it?
";

fn with_replies(replies: &str) -> Mend {
    Mend::new().file("replies.txt", replies)
}

const NAMES: [&str; 4] = ["--set", "client=Elena", "--set", "promise=the new order system by 1 March"];

#[test]
fn a_defensive_rep_gets_the_cold_branch_a_low_score_and_the_track_wording() {
    let m = with_replies(DEFENSIVE);
    let mut args = vec!["rehearse", "broken-commitment", "--replies", "replies.txt", "--format", "json"];
    args.extend(NAMES);
    let run = m.run_with(&args).success();
    let json = run.json();
    assert_eq!(json["rehearsal"], "broken-commitment");
    let turns = json["turns"].as_array().expect("turns");
    assert_eq!(turns.len(), 3);
    for key in ["client", "reply", "findings", "moves"] {
        assert!(turns[0].get(key).is_some(), "turn lacks `{key}`: {}", turns[0]);
    }
    assert_eq!(turns[0]["client"], "Hi, it's Elena. Your message said it was urgent. What's going on?");
    assert!(turns[0]["findings"].as_array().expect("findings").iter().any(|f| f["rule"] == "but-and"));
    // The defensive branch: the client asks to skip the back story, then how to explain it upstairs.
    assert!(turns[1]["client"].as_str().expect("client").starts_with("Hang on."));
    assert!(turns[2]["client"].as_str().expect("client").contains("upstairs"));
    let score = json["score"].as_u64().expect("score");
    assert!(score < 50, "score {score}");
    assert_eq!(json["debrief"]["score"], json["score"]);
    assert_eq!(json["debrief"]["ending"]["tone"], "cold");
    let costly = json["debrief"]["cost_trust"].as_array().expect("cost_trust");
    assert_eq!(costly.len(), 3);
    assert_eq!(costly[0]["better"], "That's on me. It was my promise.");
    let real_call: Vec<&str> =
        json["debrief"]["real_call"].as_array().expect("real_call").iter().filter_map(|v| v.as_str()).collect();
    assert!(real_call.iter().any(|r| r.contains("Elena")), "names filled in: {real_call:?}");
}

#[test]
fn an_accountable_rep_gets_the_warm_branch_and_a_full_score_in_text() {
    let m = with_replies(ACCOUNTABLE);
    let mut args = vec!["rehearse", "broken-commitment", "--replies", "replies.txt", "--width", "70"];
    args.extend(NAMES);
    let run = m.run_with(&args).success();
    let out = &run.stdout;
    assert!(out.contains("Score: 100/100"), "{out}");
    assert!(out.contains("The call ended warm."), "{out}");
    assert!(out.contains("Nothing: every reply made the moves its moment needed."), "{out}");
    assert!(out.contains("Elena: “Alright. Walk me through"), "the warm branch: {out}");
    assert!(out.lines().all(|l| l.chars().count() <= 70), "wrapped at 70:\n{out}");
}

#[test]
fn replies_that_run_out_name_the_turn_and_write_nothing() {
    let m = with_replies("Elena, that's on me, and I'm sorry: I can't deliver it by March.\n");
    let mut args = vec!["rehearse", "broken-commitment", "--replies", "replies.txt"];
    args.extend(NAMES);
    m.run_with(&args).code(2).stderr_has("has 1 replies, and the client is still talking at turn 2");
}

#[test]
fn without_a_terminal_or_replies_the_rehearsal_says_what_it_needs() {
    mend(["rehearse", "gatekeeper"]).code(2).stderr_has("--replies FILE");
    mend(["rehearse"]).code(2).stderr_has("give an ID");
    mend(["rehearse", "gatekeper", "--replies", "x"]).code(2);
    with_replies("x\n")
        .run_with(&["rehearse", "gatekeper", "--replies", "replies.txt"])
        .code(2)
        .stderr_has("did you mean `gatekeeper`");
    with_replies("x\n")
        .run_with(&["rehearse", "gatekeeper", "--replies", "replies.txt", "--set", "sponser=Priya"])
        .code(2)
        .stderr_has("sponser");
}

#[test]
fn list_shows_one_rehearsal_per_seed_situation_as_text_and_json() {
    let run = mend(["rehearse", "--list", "--format", "json"]).success();
    let rows = run.json();
    let rows = rows.as_array().expect("rows");
    for situation in [
        "gatekeeper",
        "broken-commitment",
        "service-failure",
        "soured-unknown",
        "pushaway",
        "mismatch",
        "resistant-end-user",
        "leadership-verdict",
    ] {
        let row = rows.iter().find(|r| r["situation"] == situation).unwrap_or_else(|| panic!("no {situation}"));
        assert!(row["id"].is_string() && row["title"].as_str().is_some_and(|t| !t.is_empty()), "{row}");
    }
    mend(["rehearse", "--list"]).success().stdout_has("ID").stdout_has("The honest ask");
}

#[test]
fn a_team_rehearsal_in_a_library_layer_replaces_the_built_in_one_and_checks_clean() {
    let script = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/rehearsals/pushaway.toml"),
    )
    .expect("read")
    .replace("title = \"Staying when a client who was warming up pulls back\"", "title = \"Our team's pushaway call\"");
    let m = Mend::new().file("team/scripts/rehearsals/pushaway.toml", &script);
    m.run_with(&["--library", "team", "rehearse", "--list"]).success().stdout_has("Our team's pushaway call");
    m.run_with(&["check", "team"]).success();
}

/// An account whose last diagnosis is `broken-commitment`, with Elena as the client.
fn account_with_diagnosis() -> Mend {
    let m = with_replies(ACCOUNTABLE).env("MEND_TODAY", "2026-11-26");
    m.run_with(&[
        "account",
        "new",
        "northwind",
        "--company",
        "Northwind Traders",
        "--stage",
        "client",
        "--person",
        "client=Elena",
    ])
    .success();
    let path = m.path(".local/share/mend/accounts/northwind.toml");
    let mut text = std::fs::read_to_string(&path).expect("account");
    text.push_str("\n[[history]]\ndate = 2026-11-20\ndiagnosis = \"broken-commitment\"\nnext-step = 1\n");
    std::fs::write(&path, text).expect("write");
    m
}

#[test]
fn with_an_account_and_no_id_the_last_diagnosis_picks_the_rehearsal_and_the_debrief_is_logged() {
    let m = account_with_diagnosis();
    let run = m
        .run_with(&[
            "rehearse",
            "--account",
            "northwind",
            "--replies",
            "replies.txt",
            "--set",
            "promise=the new order system by 1 March",
        ])
        .success();
    assert!(run.stdout.contains("Rehearsal: Telling the client a promise will be missed"), "{}", run.stdout);
    assert!(run.stdout.contains("Elena: “Hi, it's Elena."), "the account's client fills the name: {}", run.stdout);
    assert!(run.stderr.contains("Logged to `northwind`"), "{}", run.stderr);
    let text = std::fs::read_to_string(m.path(".local/share/mend/accounts/northwind.toml")).expect("account");
    assert!(text.contains("date = 2026-11-26"), "{text}");
    assert!(text.contains("Rehearsed `broken-commitment`"), "{text}");
    assert!(text.contains("100/100"), "{text}");
}

#[test]
fn no_record_leaves_the_account_as_it_was() {
    let m = account_with_diagnosis();
    let path = m.path(".local/share/mend/accounts/northwind.toml");
    let before = std::fs::read_to_string(&path).expect("account");
    m.run_with(&[
        "rehearse",
        "--account",
        "northwind",
        "--no-record",
        "--replies",
        "replies.txt",
        "--set",
        "promise=the new order system by 1 March",
    ])
    .success();
    assert_eq!(std::fs::read_to_string(&path).expect("account"), before);
}

/// A rehearsal in a real pseudo-terminal, as a rep plays it.
mod pty {
    use std::process::Command;
    use std::time::Duration;

    fn command(home: &std::path::Path, term: &str, args: &[&str]) -> Command {
        let mut cmd = crate::harness::clean_command(home);
        cmd.args([
            "rehearse",
            "broken-commitment",
            "--set",
            "client=Elena",
            "--set",
            "promise=the new order system by 1 March",
        ])
        .args(args)
        .env("TERM", term)
        .env("MEND_TODAY", "2026-11-26");
        cmd
    }

    fn say(p: &mut rexpect::session::PtySession, line: &str) {
        std::thread::sleep(Duration::from_millis(100));
        p.send_line(line).expect("send");
    }

    fn exit_code(p: &mut rexpect::session::PtySession) -> i32 {
        match p.process.wait().expect("wait") {
            rexpect::process::wait::WaitStatus::Exited(_, code) => code,
            other => panic!("expected an exit, got {other:?}"),
        }
    }

    #[test]
    fn a_defensive_rep_hears_each_finding_as_they_go_and_ends_on_a_cold_client() {
        let home = tempfile::tempdir().expect("tmp");
        let mut p =
            rexpect::session::spawn_command(command(home.path(), "xterm-256color", &[]), Some(30_000)).expect("spawn");
        p.exp_string("The client is scripted").expect("the help says so");
        p.exp_string("Hi, it's Elena.").expect("the client opens");
        say(&mut p, "So our data supplier let us down, and it won't make March, but we're doing everything we can.");
        p.exp_string("\"but\" cancels").expect("the but, at once");
        p.exp_string("not heard: owned the fault").expect("the missed move, at once");
        p.exp_string("Hang on. I don't need the whole back story.").expect("a colder client");
        say(&mut p, "Look, it's really not our fault.");
        p.exp_string("upstairs").expect("colder still");
        say(&mut p, "Just tell them it was the supplier's fault. That's what happened.");
        p.exp_string("talk to my team about where this leaves us").expect("the cold ending");
        p.exp_string("WHAT COST TRUST").expect("the debrief");
        p.exp_string("Better, from `fall-on-your-sword`").expect("the track's wording");
        p.exp_eof().expect("eof");
    }

    #[test]
    fn an_accountable_rep_retakes_a_reply_with_less_than_and_ends_on_a_warm_client() {
        let home = tempfile::tempdir().expect("tmp");
        let mut p =
            rexpect::session::spawn_command(command(home.path(), "xterm-256color", &[]), Some(30_000)).expect("spawn");
        p.exp_string("Hi, it's Elena.").expect("the client opens");
        say(&mut p, "Well, the supplier was late, but we're on it.");
        p.exp_string("Hang on.").expect("the defensive branch");
        say(&mut p, "<");
        p.exp_string("Hi, it's Elena.").expect("the client says the first line again");
        say(
            &mut p,
            "Elena, I can't deliver the new order system by 1 March as I promised. That's on me, and I'm sorry.",
        );
        p.exp_string("I'd rather hear it now than in March").expect("a warmer client");
        say(&mut p, "The archive data needs a conversion step nobody has built before. We tried three ways and none worked. I'll have it live by 15 April.");
        p.exp_string("Walk me through what you're proposing").expect("the plan");
        say(&mut p, "Let's shape it together. I'll send you a draft plan by Thursday with a go-live of 15 April. What matters most to you in it?");
        p.exp_string("the hard way").expect("the warm ending");
        p.exp_string("Score: 100/100").expect("the retaken reply does not count");
        p.exp_eof().expect("eof");
    }

    #[test]
    fn ctrl_c_at_a_reply_exits_130_and_logs_nothing_to_the_account() {
        let home = tempfile::tempdir().expect("tmp");
        let m = crate::harness::clean_command(home.path())
            .args(["account", "new", "northwind", "--company", "Northwind", "--person", "client=Elena"])
            .env("MEND_TODAY", "2026-11-26")
            .output()
            .expect("account new");
        assert!(m.status.success(), "{m:?}");
        let path = home.path().join(".local/share/mend/accounts/northwind.toml");
        let before = std::fs::read_to_string(&path).expect("account");
        let ls = || -> Vec<_> {
            let mut names: Vec<_> =
                std::fs::read_dir(path.parent().expect("dir")).expect("ls").flatten().map(|e| e.file_name()).collect();
            names.sort();
            names
        };
        let files = ls();
        let mut p = rexpect::session::spawn_command(
            command(home.path(), "xterm-256color", &["--account", "northwind"]),
            Some(30_000),
        )
        .expect("spawn");
        p.exp_string("Hi, it's Elena.").expect("the client opens");
        say(&mut p, "Elena, that's on me, and I'm sorry: I can't deliver it by March.");
        p.exp_string("Elena:").expect("the next line");
        std::thread::sleep(Duration::from_millis(200));
        p.send_control('c').expect("ctrl-c");
        assert_eq!(exit_code(&mut p), 130);
        assert_eq!(std::fs::read_to_string(&path).expect("account"), before, "nothing logged");
        assert_eq!(ls(), files, "no temp file left");
    }

    #[test]
    fn with_term_dumb_and_no_color_the_rehearsal_reads_line_by_line_without_escapes() {
        let home = tempfile::tempdir().expect("tmp");
        let mut cmd = command(home.path(), "dumb", &["--width", "60"]);
        cmd.env("NO_COLOR", "1");
        let mut p = rexpect::session::spawn_command(cmd, Some(30_000)).expect("spawn");
        let opening = p.exp_string("Your message said it was urgent.").expect("the client opens");
        say(&mut p, "Elena, I can't deliver it by 1 March as I promised. That's on me, and I'm sorry.");
        let mut seen = opening;
        seen += &p.exp_string("I'd rather hear it now").expect("a warmer client");
        say(&mut p, "<");
        seen += &p.exp_string("taking back your last reply").expect("said in words, nothing erased");
        say(&mut p, "Elena, I can't deliver it by 1 March as I promised. That's on me, and I'm sorry.");
        say(&mut p, "Nobody could have seen it coming, but it will be mid-April.");
        seen += &p.exp_string("I'm the one who has to explain this upstairs").expect("colder");
        say(&mut p, "I understand, you have to explain it upstairs. Tell them the delay is on us, and it goes live on 15 April.");
        seen += &p.exp_string("Score:").expect("the debrief");
        seen += &p.exp_eof().expect("eof");
        assert!(!seen.contains('\u{1b}'), "no escape sequence with TERM=dumb and NO_COLOR:\n{seen:?}");
    }
}
