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
    p.exp_string("Where does the relationship stand").expect("stage");
    std::thread::sleep(Duration::from_millis(100));
    p.send("\r").expect("prospect");
    p.flush().expect("flush");
    p.exp_string("asked the client directly").expect("asked?");
    std::thread::sleep(Duration::from_millis(100));
    // A yes/no has no default: enter alone is refused with a reason, `y` answers.
    p.send("\r").expect("enter");
    p.flush().expect("flush");
    p.exp_string("choose one").expect("a reason for the refused enter");
    p.send("y").expect("yes");
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
    p.exp_string("next conversation with them booked").expect("next meeting");
    std::thread::sleep(Duration::from_millis(100));
    p.send("y").expect("yes");
    p.flush().expect("flush");
    p.exp_string("organisation called").expect("company");
    p.send_line("Northwind").expect("company");
    p.exp_string("speaking with").expect("client");
    p.send_line("Dana").expect("client");
    // Track variables without a value are asked for too, before the sheet is printed.
    let mut asked = 0;
    loop {
        let (_, found) = p.exp_regex(r"Prep sheet: Two steps forward|e\.g\. [^\r\n]*").expect("a prompt or the sheet");
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

/// Sends `signal` to `mend ARGS` while the prompt showing `question` is open. `stty -a` runs in the
/// same pseudo-terminal before mend starts and after it is gone; returns mend's exit status as the
/// shell saw it, both `stty -a` flag lists, what the terminal received while mend ran, and any
/// file mend left. (A shell reports death by a signal as 128 + its number too, so the exit status
/// is checked exactly in `tests/cli/safety.rs`.) The shell runs mend in the foreground process
/// group (no job control) with the terminal as its input.
fn signal_at_a_prompt(
    signal: &str,
    args: &[&str],
    question: &str,
) -> (i32, Vec<String>, Vec<String>, String, Vec<String>) {
    let home = tempfile::tempdir().expect("tmp");
    let pid_file = home.path().join("mend.pid");
    let mut cmd = crate::harness::clean_command(home.path());
    let script = r#"pid="$1"; shift; stty -a; echo "stty-before"; "$0" "$@" </dev/tty & echo $! > "$pid"; wait $!; echo "exit=$?"; stty -a; echo "stty-after""#;
    cmd.env("TERM", "xterm-256color").env("PATH", std::env::var_os("PATH").unwrap_or_default());
    let mut sh = Command::new("sh");
    sh.args(["-c", script]).arg(crate::harness::bin()).arg(&pid_file).args(args);
    // Only what the harness sets (HOME, XDG, TERM) and PATH for `stty`.
    sh.env_clear().envs(cmd.get_envs().filter_map(|(k, v)| Some((k, v?)))).current_dir(home.path());
    let mut p = rexpect::session::spawn_command(sh, Some(20_000)).expect("spawn");
    let flags = |stty: &str| -> Vec<String> {
        stty.split([' ', ';', '\r', '\n']).map(str::to_string).filter(|w| !w.is_empty()).collect()
    };
    let before = flags(&p.exp_string("stty-before").expect("stty -a before"));
    let asked = p.exp_string(question).expect("the prompt");
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
    assert_restored_at(signal, expected, &["diagnose"], "What are you seeing", true);
}

#[track_caller]
fn assert_restored_at(signal: &str, expected: i32, args: &[&str], question: &str, hides_cursor: bool) {
    let (code, before, after, seen, left) = signal_at_a_prompt(signal, args, question);
    assert_eq!(code, expected, "SIG{signal}: exit status");
    assert!(before.iter().any(|f| f == "icanon"), "line mode before mend ran (test premise): {before:?}");
    assert_eq!(after, before, "SIG{signal} left the terminal modes changed");
    // The prompt hid the cursor; the last cursor command the terminal saw must show it again.
    let (hide, show) = (seen.rfind("\x1b[?25l"), seen.rfind("\x1b[?25h"));
    if hides_cursor {
        assert!(hide.is_some(), "the prompt hides the cursor (test premise)");
        assert!(show > hide, "SIG{signal} left the cursor hidden");
    }
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

/// The line editor of a text prompt (a talk-track value) and an account field's prompt are raw
/// too: the one handler covers them.
#[test]
fn a_signal_at_a_text_prompt_or_an_account_prompt_restores_the_terminal() {
    assert_restored_at("TERM", 143, &["say", "just-ask", "--set", "company=Northwind"], "speaking with", false);
    let account = ["account", "new", "northwind", "--company", "Northwind"];
    assert_restored_at("HUP", 129, &account, "Where does the relationship stand", true);
}

/// A session whose output is also fed to a terminal emulator, so a test can read the screen as
/// a person sees it (after every cursor movement and erase), not the raw byte stream.
struct Screen {
    p: rexpect::session::PtySession,
    vt: vt100::Parser,
    raw: String,
}

impl Screen {
    /// Runs mend at 80 columns (set with `stty` before exec, so the size is the pty's own).
    fn spawn(home: &std::path::Path, args: &[&str], env: &[(&str, &str)]) -> Screen {
        let mut cmd = crate::harness::clean_command(home);
        let bin = crate::harness::bin();
        cmd = {
            let mut sh = Command::new("sh");
            sh.current_dir(home);
            for (k, v) in cmd.get_envs() {
                match v {
                    Some(v) => sh.env(k, v),
                    None => sh.env_remove(k),
                };
            }
            sh.arg("-c").arg("stty cols 80 rows 60; exec \"$0\" \"$@\"").arg(bin).args(args);
            sh
        };
        cmd.env("TERM", "xterm-256color");
        for (k, v) in env {
            cmd.env(k, v);
        }
        let p = rexpect::session::spawn_command(cmd, Some(20_000)).expect("spawn");
        Screen { p, vt: vt100::Parser::new(60, 80, 0), raw: String::new() }
    }

    fn expect(&mut self, needle: &str) {
        let before = self.p.exp_string(needle).unwrap_or_else(|e| panic!("{needle:?}: {e}\nscreen:\n{}", self.text()));
        for part in [before.as_str(), needle] {
            // rexpect hands back each byte as a char: turn them back into the bytes they were.
            let bytes: Vec<u8> = part.chars().map(|c| c as u32 as u8).collect();
            self.vt.process(&bytes);
            self.raw.push_str(&String::from_utf8_lossy(&bytes));
        }
    }

    fn send(&mut self, keys: &str) {
        std::thread::sleep(Duration::from_millis(150));
        self.p.send(keys).expect("send");
        self.p.flush().expect("flush");
    }

    fn text(&self) -> String {
        self.vt.screen().contents()
    }

    fn count(&self, needle: &str) -> usize {
        self.text().matches(needle).count()
    }
}

const SYMPTOM: &str = "What are you seeing";
const NO_MOVEMENT: &str = "No forward movement at all";

#[test]
fn going_back_preselects_the_previous_answer_and_leaves_no_stale_line() {
    let home = tempfile::tempdir().expect("tmp");
    let mut s = Screen::spawn(home.path(), &["diagnose"], &[]);
    s.expect(SYMPTOM);
    s.expect("enter chooses");
    for _ in 0..4 {
        s.send(DOWN);
    }
    s.send("\r");
    s.expect("Where does the relationship stand");
    s.expect("< back");
    assert!(s.text().contains(&format!("✔ {SYMPTOM}")), "the first answer is settled:\n{}", s.text());
    s.send("<");
    s.expect(SYMPTOM);
    // The keys line is drawn below the choices: once it is there, the list is complete.
    s.expect("enter chooses");
    let screen = s.text();
    assert_eq!(s.count(SYMPTOM), 1, "no stale settled line after going back:\n{screen}");
    assert!(!screen.contains("Where does the relationship stand"), "the later question is gone:\n{screen}");
    let cursor = screen.lines().find(|l| l.starts_with("> ")).expect("a cursor line");
    assert!(cursor.contains(NO_MOVEMENT), "the previous answer is selected, not the first item: {cursor:?}");
    assert!(!screen.contains("back to the previous question"), "no back item in the list:\n{screen}");
}

/// A library with one track whose value prompt is 150 characters long.
fn long_prompt_library(dir: &std::path::Path) -> String {
    let tracks = dir.join("lib/talk-tracks");
    std::fs::create_dir_all(&tracks).expect("mkdir");
    let prompt = "The one thing you most want the client to remember after this conversation, written the way you would say it to them across the table right now";
    assert!(prompt.len() >= 140, "{}", prompt.len());
    let track = format!(
        "+++\ntitle = \"Long\"\nsituation = \"pushaway\"\nsummary = \"s\"\nnext_step = \"n\"\n\n[[variables]]\nname = \"point\"\nkind = \"noun-phrase\"\nknown = \"before-call\"\nframe = \"I want you to remember ____.\"\nprompt = \"{prompt}\"\nexample = \"the April rollout\"\n+++\nI want you to remember {{{{point}}}}.\n"
    );
    std::fs::write(tracks.join("long.md.hbs"), track).expect("write");
    prompt.to_string()
}

#[test]
fn a_long_prompt_wraps_at_words_and_a_redraw_leaves_no_duplicate_line() {
    let home = tempfile::tempdir().expect("tmp");
    let prompt = long_prompt_library(home.path());
    let lib = home.path().join("lib");
    let mut s = Screen::spawn(home.path(), &["--library", lib.to_str().expect("utf-8"), "say", "long"], &[]);
    s.expect("type and press enter");
    // An empty answer is refused with a reason, and the prompt is drawn again.
    s.send("\r");
    s.expect("a value is needed");
    s.send("?");
    s.send("\r");
    s.expect("stands for not knowing");
    let screen = s.text();
    assert_eq!(s.count("The one thing you most want"), 1, "the prompt is on screen once:\n{screen}");
    assert_eq!(s.count("a value is needed"), 0, "the old reason is gone:\n{screen}");
    // Wrapped at word boundaries: the prompt's screen lines, joined, are the prompt.
    let lines: Vec<&str> = screen
        .lines()
        .skip_while(|l| !l.contains("The one thing"))
        .take_while(|l| !l.contains("type and press enter"))
        .map(|l| l.trim_start_matches("? ").trim())
        .collect();
    assert!(lines.len() >= 2, "a 150-character prompt takes two lines at 80 columns:\n{screen}");
    assert_eq!(lines.join(" "), prompt, "no word is split:\n{screen}");
    s.send("\u{7f}the April rollout\r");
    s.expect("I want you to remember the April rollout.");
}

/// At a value prompt, `-` alone leaves a visible blank: the refusal of a placeholder says so, the
/// settled line says the value was left blank, and the words show the blank.
#[test]
fn a_dash_at_the_prompt_leaves_a_blank() {
    let home = tempfile::tempdir().expect("tmp");
    long_prompt_library(home.path());
    let lib = home.path().join("lib");
    let mut s = Screen::spawn(home.path(), &["--library", lib.to_str().expect("utf-8"), "say", "long"], &[]);
    s.expect("- alone leaves a blank");
    s.send("not sure\r");
    s.expect("leave a blank you fill in during the call");
    s.send("\u{15}-\r");
    s.expect("blank, to fill in during the call");
    s.expect("I want you to remember [point].");
}

#[test]
fn with_no_color_the_multi_select_shows_its_cursor_and_ticks() {
    let home = tempfile::tempdir().expect("tmp");
    let answers = [
        "stage=client",
        "stakes=routine",
        "symptom=wont-introduce",
        "blocker=sponsor",
        "sponsor_reason=no-idea",
        "account=ongoing",
        "company=Northwind",
        "sponsor=Priya",
        "stakeholder=Marcus",
    ];
    let mut args = vec!["diagnose"];
    for a in &answers {
        args.extend(["--answer", a]);
    }
    let mut s = Screen::spawn(home.path(), &args, &[("NO_COLOR", "1")]);
    s.expect("space ticks");
    s.send(" ");
    s.expect("[x]");
    s.expect("space ticks");
    let screen = s.text();
    assert!(screen.lines().any(|l| l.starts_with("> [x] ")), "cursor and tick visible without colour:\n{screen}");
    assert!(screen.lines().any(|l| l.starts_with("  [ ] ")), "unticked boxes too:\n{screen}");
    assert!(!s.raw.contains("\u{1b}[3"), "no colour codes with NO_COLOR: {:?}", s.raw);
}

#[test]
fn less_than_goes_back_on_every_prompt_and_is_never_an_answer() {
    let home = tempfile::tempdir().expect("tmp");
    let mut s = Screen::spawn(home.path(), &["say", "honest-ask", "--format", "markdown"], &[]);
    s.expect("Your sponsor's first name");
    s.expect("type and press enter");
    s.send("<\r");
    s.expect("nothing to go back to");
    assert!(!s.text().contains("< alone goes back"), "the first prompt offers no way back:\n{}", s.text());
    s.send("Priya\r");
    s.expect("person you need to reach");
    s.expect("< alone goes back");
    s.send("<\r");
    s.expect("Your sponsor's first name");
    s.expect("e.g. Priya");
    s.expect("Priya");
    assert!(s.text().contains("> Priya"), "going back pre-fills the previous answer:\n{}", s.text());
    assert_eq!(s.count("Your sponsor's first name"), 1, "no stale line:\n{}", s.text());
    s.send("\r");
    s.send("Marcus\r");
    s.send("Northwind\r");
    s.send("the April rollout\r");
    s.expect("# The honest ask");
    let rest = s.p.exp_eof().expect("eof");
    assert!(!rest.contains("about <") && !rest.contains("< "), "`<` is never stored: {rest}");
}

#[test]
fn a_typed_but_is_shown_with_its_fix_and_the_rep_keeps_or_retypes() {
    let home = tempfile::tempdir().expect("tmp");
    let args = ["say", "fall-on-your-sword", "--set", "client=Tom", "--set", "promise=the migration by 1 March"];
    let mut s = Screen::spawn(home.path(), &args, &[]);
    s.expect("What happened");
    s.expect("type and press enter");
    s.send("the vendor's API is broken, but it's not our fault\r");
    s.expect("keep it as typed?");
    assert!(s.text().contains("“but”"), "the finding names the word:\n{}", s.text());
    s.send("n");
    // The flagged line comes back to edit: Ctrl-W drops a word, Ctrl-U the rest.
    s.send("\u{17}");
    s.send("\u{15}");
    s.send("the vendor's API changed without notice\r");
    s.expect("What you and your team tried");
    s.send("we rebuilt the import twice\r");
    s.expect("WHAT TO SAY");
    let rest = s.p.exp_eof().expect("eof");
    assert!(rest.contains("changed without notice") && !rest.contains("is broken"), "{rest}");
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
    run(&[
        "account",
        "new",
        "northwind",
        "--company",
        "Northwind",
        "--stage",
        "client",
        "--kind",
        "ongoing",
        "--person",
        "sponsor=Dana",
    ]);
    run(&["account", "set", "northwind", "--person", "stakeholder=Jim"]);
    run(&["log", "northwind", "Made the honest ask", "--done", "gatekeeper:2"]);
    let mut cmd = command(
        home.path(),
        &[
            "diagnose",
            "--account",
            "northwind",
            "-a",
            "symptom=wont-introduce",
            "-a",
            "blocker=sponsor",
            "-a",
            "stakes=routine",
            "--width",
            "200",
        ],
    );
    cmd.env("MEND_TODAY", "2026-11-26");
    let mut p = rexpect::session::spawn_command(cmd, Some(30_000)).expect("spawn");
    let before = p.exp_string("Do you know why your sponsor").expect("the one question the account cannot answer");
    // The account's stage answers the stage question: shown as the account's, never asked.
    assert!(before.contains("stage: client"), "the account's stage is not shown:\n{before}");
    assert!(!before.contains("Where does the relationship stand?"), "the stage was asked:\n{before}");
    std::thread::sleep(Duration::from_millis(200));
    p.send(DOWN).expect("down: they fear losing control");
    p.flush().expect("flush");
    p.send("\r").expect("enter");
    p.flush().expect("flush");
    let asked = p.exp_string("ladder_tried: honest-ask").expect("the rung climbed comes from the account");
    assert!(!asked.contains("already tried"), "asked what was tried:\n{asked}");
    p.exp_string("(from account northwind)").expect("named as the account's");
    // The next rung's talk-track is for during the call: what the sponsor fears is learnt there,
    // so it is a blank, never asked.
    let rest = p.exp_eof().expect("eof");
    assert!(!rest.contains("Where does the relationship stand?"), "the stage was asked:\n{rest}");
    assert!(rest.contains("[what Dana says worries them]"), "{rest}");
    assert!(!rest.contains("already tried"), "asked what was tried:\n{rest}");
    assert!(!rest.contains("first name"), "asked for a name the account has:\n{rest}");
    assert!(rest.contains("[next] Ease the fear they named"), "{rest}");
    assert!(rest.contains("Recorded in"), "{rest}");
}

/// Issue 25.7: an example is a hint beside the prompt, never a pre-filled answer: enter alone on
/// a value with an example asks again instead of saying the example aloud.
#[test]
fn an_example_is_never_a_pre_filled_answer() {
    let home = tempfile::tempdir().expect("tmp");
    let args = [
        "say",
        "mismatch-referral",
        "--set",
        "client=Dana",
        "--set",
        "company=Northwind",
        "--set",
        "need=a team that builds custom hardware",
        "--format",
        "markdown",
    ];
    let mut p = rexpect::session::spawn_command(command(home.path(), &args), Some(20_000)).expect("spawn");
    p.exp_string("e.g. Friday").expect("the example, as a hint");
    std::thread::sleep(Duration::from_millis(100));
    p.send("\r").expect("enter alone");
    p.flush().expect("flush");
    p.exp_string("a value is needed").expect("asked again, not answered with the example");
    p.send_line("Tuesday").expect("value");
    p.exp_string("by Tuesday").expect("the typed value in the words");
    p.exp_eof().expect("eof");
}

/// Issue 25.7: a refused name at an interview prompt says why without the question's id.
#[test]
fn a_refused_name_at_the_prompt_names_no_internal_id() {
    let home = tempfile::tempdir().expect("tmp");
    let mut args = vec!["diagnose", "--width", "100"];
    for a in [
        "symptom=gone-dark",
        "stage=client",
        "asked_client=no",
        "relationship=rocky",
        "next_meeting=yes",
        "worth_keeping=yes",
    ] {
        args.extend(["--answer", a]);
    }
    let mut p = rexpect::session::spawn_command(command(home.path(), &args), Some(30_000)).expect("spawn");
    p.exp_string("organisation called").expect("company");
    std::thread::sleep(Duration::from_millis(100));
    p.send("\r").expect("enter alone");
    p.flush().expect("flush");
    let shown = p.exp_string("a value is needed").expect("refused with a reason");
    assert!(!shown.contains("`company`"), "the question id leaked: {shown:?}");
    p.send_control('c').expect("ctrl-c");
}

/// Issue 25.7: an answer that exactly fills the line (78 characters after `> ` at 80 columns)
/// leaves every answered line above it on the screen.
#[test]
fn an_answer_as_wide_as_the_line_erases_no_answered_line() {
    let home = tempfile::tempdir().expect("tmp");
    let mut s = Screen::spawn(home.path(), &["say", "fall-on-your-sword"], &[]);
    s.expect("calling");
    s.expect("> ");
    s.send("Dana\r");
    s.expect("as a noun phrase");
    s.expect("> ");
    let wide = "the revised rollout plan for all six warehouses in the north region and moreXY";
    assert_eq!(wide.len() + 2, 80);
    s.send(wide);
    s.send("\r");
    s.expect("in plain facts");
    s.expect("> ");
    let screen = s.text();
    assert!(screen.contains("✔ First name of the person you're calling · Dana"), "an answered line is gone:\n{screen}");
    assert!(screen.contains("north region and moreXY"), "{screen}");
}
