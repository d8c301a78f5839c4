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

/// Sends `signal` to `mend diagnose` while its first question is open. `stty -a` runs in the
/// same pseudo-terminal before mend starts and after it is gone; returns mend's exit status as the
/// shell saw it, both `stty -a` flag lists, what the terminal received while mend ran, and any
/// file mend left. (A shell reports death by a signal as 128 + its number too, so the exit status
/// is checked exactly in `tests/cli/safety.rs`.) The shell runs mend in the foreground process
/// group (no job control) with the terminal as its input.
fn signal_at_a_prompt(signal: &str) -> (i32, Vec<String>, Vec<String>, String, Vec<String>) {
    let home = tempfile::tempdir().expect("tmp");
    let pid_file = home.path().join("mend.pid");
    let mut cmd = crate::harness::clean_command(home.path());
    let script = r#"stty -a; echo "stty-before"; "$0" diagnose </dev/tty & echo $! > "$1"; wait $!; echo "exit=$?"; stty -a; echo "stty-after""#;
    cmd.env("TERM", "xterm-256color").env("PATH", std::env::var_os("PATH").unwrap_or_default());
    let mut sh = Command::new("sh");
    sh.args(["-c", script]).arg(crate::harness::bin()).arg(&pid_file);
    // Only what the harness sets (HOME, XDG, TERM) and PATH for `stty`.
    sh.env_clear().envs(cmd.get_envs().filter_map(|(k, v)| Some((k, v?)))).current_dir(home.path());
    let mut p = rexpect::session::spawn_command(sh, Some(20_000)).expect("spawn");
    let flags = |stty: &str| -> Vec<String> {
        stty.split([' ', ';', '\r', '\n']).map(str::to_string).filter(|w| !w.is_empty()).collect()
    };
    let before = flags(&p.exp_string("stty-before").expect("stty -a before"));
    let asked = p.exp_string("What are you seeing").expect("first question");
    std::thread::sleep(Duration::from_millis(300));
    let pid = std::fs::read_to_string(&pid_file).expect("pid file");
    let killed = Command::new("sh").args(["-c", &format!("kill -s {signal} {}", pid.trim())]).status().expect("kill");
    assert!(killed.success(), "kill failed");
    let (rest, exit) = p.exp_regex(r"exit=\d+").expect("mend exited");
    let seen = asked + &rest;
    let code: i32 = exit.trim_start_matches("exit=").parse().expect("exit code");
    let after = flags(&p.exp_string("stty-after").expect("stty -a after"));
    let left: Vec<String> = std::fs::read_dir(home.path())
        .expect("ls")
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| n != "mend.pid")
        .collect();
    (code, before, after, seen, left)
}

#[track_caller]
fn assert_restored(signal: &str, expected: i32) {
    let (code, before, after, seen, left) = signal_at_a_prompt(signal);
    assert_eq!(code, expected, "SIG{signal}: exit status");
    assert!(before.iter().any(|f| f == "icanon"), "line mode before mend ran (test premise): {before:?}");
    assert_eq!(after, before, "SIG{signal} left the terminal modes changed");
    // The prompt hid the cursor; the last cursor command the terminal saw must show it again.
    let (hide, show) = (seen.rfind("\x1b[?25l"), seen.rfind("\x1b[?25h"));
    assert!(hide.is_some(), "the prompt hides the cursor (test premise)");
    assert!(show > hide, "SIG{signal} left the cursor hidden");
    assert!(left.is_empty(), "SIG{signal} left files behind: {left:?}");
}

#[test]
fn sigterm_at_a_prompt_restores_the_terminal_and_exits_143() {
    assert_restored("TERM", 143);
}

#[test]
fn sighup_at_a_prompt_restores_the_terminal_and_exits_129() {
    assert_restored("HUP", 129);
}
