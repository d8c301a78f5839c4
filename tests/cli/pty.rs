//! The interactive front ends in a real pseudo-terminal: prompts, arrow keys, Ctrl-C.

use std::process::Command;
use std::time::Duration;

fn command(home: &std::path::Path, args: &[&str]) -> Command {
    let mut cmd = crate::harness::clean_command(home);
    cmd.args(args).env("TERM", "xterm-256color");
    cmd
}

#[test]
fn say_prompts_for_missing_values_on_a_terminal() {
    let home = tempfile::tempdir().expect("tmp");
    let cmd = command(home.path(), &["say", "just-ask", "--set", "company=Northwind", "--format", "markdown"]);
    let mut p = rexpect::session::spawn_command(cmd, Some(20_000)).expect("spawn");
    p.exp_string("speaking with").expect("prompt for client");
    p.send_line("Dana").expect("send");
    p.exp_string("# Just ask").expect("rendered");
    p.exp_string("Dana, can I ask you something directly?").expect("value filled in");
    p.exp_eof().expect("eof");
}

const DOWN: &str = "\x1b[B";

#[test]
fn a_full_interview_with_arrow_keys_ends_in_the_prep_sheet() {
    let home = tempfile::tempdir().expect("tmp");
    let cmd = command(home.path(), &["diagnose", "--width", "100"]);
    let mut p = rexpect::session::spawn_command(cmd, Some(30_000)).expect("spawn");
    p.exp_string("What are you seeing").expect("first question");
    std::thread::sleep(Duration::from_millis(200));
    // sharp-remark, gone-dark, price, stalling, plateau: four downs to "plateau".
    for _ in 0..4 {
        p.send(DOWN).expect("down");
        p.flush().expect("flush");
    }
    p.send("\r").expect("enter");
    p.flush().expect("flush");
    p.exp_string("asked the client directly").expect("asked?");
    std::thread::sleep(Duration::from_millis(100));
    p.send("\r").expect("yes");
    p.flush().expect("flush");
    p.exp_string("What did they tell you").expect("what they said");
    std::thread::sleep(Duration::from_millis(100));
    // service-slip, broken-promise, explained-mismatch, vague-fit, nothing-wrong
    for _ in 0..4 {
        p.send(DOWN).expect("down");
        p.flush().expect("flush");
    }
    p.send("\r").expect("enter");
    p.flush().expect("flush");
    p.exp_string("how had the relationship been going").expect("relationship");
    std::thread::sleep(Duration::from_millis(100));
    p.send("\r").expect("building");
    p.flush().expect("flush");
    p.exp_string("organisation called").expect("company");
    p.send_line("Northwind").expect("company");
    p.exp_string("speaking with").expect("client");
    p.send_line("Dana").expect("client");
    // Track variables without a value are asked for too, before the sheet is printed.
    let mut asked = 0;
    loop {
        let (_, found) = p.exp_regex(r"Prep sheet: Two steps forward|\(e\.g\. [^)]*\)").expect("a prompt or the sheet");
        if found.starts_with("Prep sheet") {
            break;
        }
        asked += 1;
        assert!(asked < 10, "too many prompts");
        p.send_line("a calmer peak season").expect("value");
    }
    assert!(asked >= 1, "the missing track values were asked for");
    p.exp_string("a calmer peak season").expect("value in the sheet");
    p.exp_eof().expect("eof");
}

#[test]
fn ctrl_c_exits_130_and_restores_the_cursor() {
    let home = tempfile::tempdir().expect("tmp");
    let cmd = command(home.path(), &["diagnose"]);
    let mut p = rexpect::session::spawn_command(cmd, Some(20_000)).expect("spawn");
    p.exp_string("What are you seeing").expect("first question");
    std::thread::sleep(Duration::from_millis(200));
    p.send_control('c').expect("ctrl-c");
    p.exp_string("\x1b[?25h").expect("cursor shown again");
    let status = p.process.wait().expect("wait");
    match status {
        rexpect::process::wait::WaitStatus::Exited(_, code) => assert_eq!(code, 130),
        other => panic!("expected exit 130, got {other:?}"),
    }
    assert_eq!(std::fs::read_dir(home.path()).expect("ls").count(), 0, "nothing written");
}

#[test]
fn account_new_asks_for_missing_fields_on_a_terminal() {
    let home = tempfile::tempdir().expect("tmp");
    let mut cmd = command(home.path(), &["account", "new", "acme", "--kind", "one-off"]);
    cmd.env("MEND_TODAY", "2026-11-26");
    let mut p = rexpect::session::spawn_command(cmd, Some(20_000)).expect("spawn");
    p.exp_string("Company").expect("company asked");
    p.send_line("Acme Corp").expect("send");
    p.exp_string("Where does the relationship stand?").expect("stage asked");
    std::thread::sleep(Duration::from_millis(200));
    p.send(DOWN).expect("down");
    p.flush().expect("flush");
    p.send("\r").expect("enter: open-deal");
    p.flush().expect("flush");
    // `--kind` was given, so the next question is the people.
    p.exp_string("People by role").expect("people asked");
    p.send_line("Sponsor=Ann").expect("send a bad role");
    p.exp_string("is not a role").expect("same check as --person");
    // Clear the rejected text before the corrected answer.
    p.send(&"\x08".repeat(20)).expect("backspace");
    p.send_line("sponsor=Ann, stakeholder=Raj").expect("send");
    p.exp_string("Check in how often?").expect("cadence asked");
    p.send_line("").expect("blank: no reminder");
    p.exp_string("Created account `acme`").expect("created");
    p.exp_eof().expect("eof");
    let text = std::fs::read_to_string(home.path().join(".local/share/mend/accounts/acme.toml")).expect("file");
    for line in [
        "company = \"Acme Corp\"",
        "stage = \"open-deal\"",
        "kind = \"one-off\"",
        "sponsor = \"Ann\"",
        "stakeholder = \"Raj\"",
    ] {
        assert!(text.contains(line), "{line} missing:\n{text}");
    }
    assert!(!text.contains("check-in-every"), "{text}");
}

#[test]
fn diagnose_with_an_account_asks_only_what_the_account_does_not_know() {
    let home = tempfile::tempdir().expect("tmp");
    let run = |args: &[&str]| {
        let status = crate::harness::clean_command(home.path())
            .env("MEND_TODAY", "2026-11-26")
            .args(args)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .status()
            .expect("run");
        assert!(status.success(), "mend {}", args.join(" "));
    };
    run(&["account", "new", "northwind", "--company", "Northwind", "--kind", "ongoing", "--person", "sponsor=Dana"]);
    run(&["account", "set", "northwind", "--person", "stakeholder=Jim"]);
    run(&["log", "northwind", "Made the honest ask", "--done", "gatekeeper:2"]);
    let mut cmd = command(home.path(), &["diagnose", "--account", "northwind", "-a", "symptom=wont-introduce"]);
    cmd.env("MEND_TODAY", "2026-11-26");
    let mut p = rexpect::session::spawn_command(cmd, Some(30_000)).expect("spawn");
    p.exp_string("Do you know why your sponsor").expect("the one question the account cannot answer");
    std::thread::sleep(Duration::from_millis(200));
    p.send(DOWN).expect("down: they fear losing control");
    p.flush().expect("flush");
    p.send("\r").expect("enter");
    p.flush().expect("flush");
    let asked = p.exp_string("ladder_tried: honest-ask").expect("the rung climbed comes from the account");
    assert!(!asked.contains("already tried"), "asked what was tried:\n{asked}");
    p.exp_string("(from account northwind)").expect("named as the account's");
    // The next rung's talk-track needs what the sponsor fears: a value no account holds.
    p.exp_string("worried about").expect("track value asked");
    p.send_line("losing ownership of the project").expect("send");
    let rest = p.exp_eof().expect("eof");
    assert!(!rest.contains("already tried"), "asked what was tried:\n{rest}");
    assert!(!rest.contains("first name"), "asked for a name the account has:\n{rest}");
    assert!(rest.contains("[next] Ease the fear they named"), "{rest}");
    assert!(rest.contains("Recorded in"), "{rest}");
}
