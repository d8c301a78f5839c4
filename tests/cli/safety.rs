//! Never lose or corrupt a user's file, never let text from a file, an argument or a file name
//! reach the terminal or a page as anything but text.

use crate::harness::{clean_command, Mend};
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Runs `cmd`, killing it after 20 s: a test against a FIFO must fail, not hang.
fn run_bounded(mut cmd: Command) -> (i32, String, String) {
    cmd.stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("spawn mend");
    let deadline = Instant::now() + Duration::from_secs(20);
    while child.try_wait().expect("wait").is_none() {
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("mend blocked on a non-regular file");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let out = child.wait_with_output().expect("output");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn mkfifo(path: &Path) {
    let ok = Command::new("mkfifo").arg(path).status().expect("mkfifo").success();
    assert!(ok, "mkfifo failed");
}

fn is_fifo(path: &Path) -> bool {
    use std::os::unix::fs::FileTypeExt;
    std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_fifo())
}

#[test]
fn fix_refuses_a_fifo_and_touches_nothing() {
    let m = Mend::new();
    let fifo = m.path("p");
    mkfifo(&fifo);
    let mut cmd = clean_command(m.dir.path());
    cmd.args(["lint", "--fix", "p"]);
    let (code, _, stderr) = run_bounded(cmd);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("not a regular file"), "{stderr}");
    assert!(is_fifo(&fifo), "the FIFO was replaced");
}

#[test]
fn out_force_refuses_what_is_not_a_regular_file() {
    let m = Mend::new();
    mkfifo(&m.path("p"));
    std::os::unix::fs::symlink("/dev/null", m.path("null")).expect("symlink");
    for target in ["p", "null"] {
        let mut cmd = clean_command(m.dir.path());
        cmd.args(["say", "just-ask", "--set", "client=Priya", "--set", "company=Acme", "--out", target, "--force"]);
        let (code, _, stderr) = run_bounded(cmd);
        assert_eq!(code, 2, "{target}: {stderr}");
        assert!(stderr.contains("not a regular file"), "{target}: {stderr}");
    }
    assert!(is_fifo(&m.path("p")), "the FIFO was replaced");
    assert!(std::fs::symlink_metadata(m.path("null")).expect("meta").file_type().is_symlink());
    // A symlink to a regular file is still accepted.
    let m = m.file("real.md", "old");
    std::os::unix::fs::symlink("real.md", m.path("link.md")).expect("symlink");
    let args = [
        "say",
        "just-ask",
        "--set",
        "client=Priya",
        "--set",
        "company=Acme",
        "-f",
        "markdown",
        "--out",
        "link.md",
        "--force",
    ];
    let run = m.run_with(&args);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(std::fs::read_to_string(m.path("link.md")).expect("read").contains("Priya"));
}

#[test]
fn out_dash_is_standard_output() {
    let m = Mend::new();
    let run =
        m.run_with(&["say", "just-ask", "--set", "client=Priya", "--set", "company=Acme", "--out", "-"]).success();
    assert!(run.stdout.contains("Priya"), "{}", run.stdout);
    assert!(!m.path("-").exists(), "a file named `-` was written");
}

#[test]
fn a_new_out_file_gets_the_mode_the_shell_would_give() {
    for (umask, mode) in [("022", 0o644), ("027", 0o640)] {
        let m = Mend::new();
        let mut cmd = clean_command(m.dir.path());
        cmd.arg("-c").arg(format!("umask {umask}; exec \"$0\" \"$@\"")).arg(crate::harness::bin());
        cmd.args(["say", "just-ask", "--set", "client=Priya", "--set", "company=Acme", "--out", "new.txt"]);
        let mut sh = Command::new("sh");
        sh.args(cmd.get_args()).current_dir(m.dir.path());
        for (k, v) in cmd.get_envs() {
            match v {
                Some(v) => sh.env(k, v),
                None => sh.env_remove(k),
            };
        }
        let (code, _, stderr) = run_bounded(sh);
        assert_eq!(code, 0, "{stderr}");
        let got = std::fs::metadata(m.path("new.txt")).expect("meta").permissions().mode() & 0o777;
        assert_eq!(got, mode, "umask {umask}: {got:o}");
    }
}

#[test]
fn fix_keeps_owner_group_and_mode_where_it_may() {
    let m = Mend::new().file("draft.txt", "Thanks, but no.\n");
    let path = m.path("draft.txt");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).expect("chmod");
    let is_root = std::fs::metadata(&path).expect("meta").uid() == 0;
    if is_root {
        let ok = Command::new("chown").args(["65534:65534"]).arg(&path).status().expect("chown").success();
        assert!(ok, "chown failed");
    }
    let before = std::fs::metadata(&path).expect("meta");
    m.run_with(&["lint", "--fix", "draft.txt"]).success();
    assert_eq!(std::fs::read_to_string(&path).expect("read"), "Thanks, and no.\n");
    let after = std::fs::metadata(&path).expect("meta");
    assert_eq!((after.uid(), after.gid()), (before.uid(), before.gid()), "owner and group kept");
    assert_eq!(after.permissions().mode() & 0o7777, 0o640);
}

#[test]
fn fix_over_several_files_processes_every_one_and_exits_with_the_worst() {
    let m = Mend::new().file("a.txt", "Thanks, but no.\n").file("c.txt", "Fine, but late.\n");
    std::fs::write(m.path("b.txt"), b"Caf\xe9, but closed.\n").expect("write");
    let run = m.run_with(&["lint", "--fix", "a.txt", "b.txt", "c.txt"]).code(2);
    assert_eq!(std::fs::read_to_string(m.path("a.txt")).expect("a"), "Thanks, and no.\n");
    assert_eq!(std::fs::read_to_string(m.path("c.txt")).expect("c"), "Fine, and late.\n");
    assert_eq!(std::fs::read(m.path("b.txt")).expect("b"), b"Caf\xe9, but closed.\n");
    assert!(run.stdout.contains("a.txt:1:9: but -> and"), "{}", run.stdout);
    assert!(run.stdout.contains("c.txt:1:7: but -> and"), "{}", run.stdout);
    assert!(run.stderr.contains("b.txt") && run.stderr.contains("invalid UTF-8"), "{}", run.stderr);
}

/// A signal in the middle of `lint --fix`: exit 128 + the signal (an exit, not a death by the
/// signal), the file as it was, no `.mend-*.tmp` left, nothing on standard output.
#[test]
fn a_signal_during_fix_exits_with_its_code_and_leaves_no_temporary_file() {
    // Big enough that a debug build is still rewriting it when the signal comes.
    let text = "We hear you, but the rollout slipped.\n".repeat(60_000);
    for (signal, code) in [("TERM", 143), ("HUP", 129), ("INT", 130)] {
        let m = Mend::new().file("draft.txt", &text);
        let mut cmd = clean_command(m.dir.path());
        cmd.args(["lint", "--fix", "draft.txt"]).stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::piped());
        let child = cmd.spawn().expect("spawn mend");
        let temporary = |dir: &Path| {
            std::fs::read_dir(dir)
                .expect("ls")
                .filter_map(|e| e.ok()?.file_name().into_string().ok())
                .filter(|n| n.starts_with(".mend-"))
                .collect::<Vec<_>>()
        };
        let deadline = Instant::now() + Duration::from_secs(20);
        while temporary(m.dir.path()).is_empty() {
            assert!(Instant::now() < deadline, "no temporary file appeared");
            std::thread::sleep(Duration::from_millis(2));
        }
        let kill = format!("kill -s {signal} {}", child.id());
        assert!(Command::new("sh").args(["-c", &kill]).status().expect("kill").success());
        let out = child.wait_with_output().expect("wait");
        assert_eq!(out.status.code(), Some(code), "SIG{signal}: {:?}", out.status);
        assert_eq!(temporary(m.dir.path()), Vec::<String>::new(), "SIG{signal} left a temporary file");
        assert_eq!(std::fs::read_to_string(m.path("draft.txt")).expect("read"), text, "SIG{signal} changed the file");
        assert_eq!(String::from_utf8_lossy(&out.stdout), "", "SIG{signal}: nothing on standard output");
    }
}

#[test]
fn fix_with_lossy_is_refused_and_the_file_kept() {
    let latin1: &[u8] = b"Caf\xe9 au lait.\nThanks, but no.\n";
    let m = Mend::new();
    std::fs::write(m.path("l.txt"), latin1).expect("write");
    let run = m.run_with(&["lint", "--fix", "--lossy", "l.txt"]).code(2);
    assert!(run.stderr.contains("--lossy"), "{}", run.stderr);
    assert_eq!(std::fs::read(m.path("l.txt")).expect("read"), latin1);
    // Reading with --lossy is still fine.
    m.run_with(&["lint", "--lossy", "l.txt"]).code(1);
}

const OSC52: &str = "\u{1b}]52;c;aGk=\u{7}";

/// No raw escape sequence anywhere in what mend printed, and the escaped form is there.
#[track_caller]
fn inert(out: &str) {
    assert!(!out.contains('\u{1b}') && !out.contains('\u{7}'), "raw control characters in:\n{out:?}");
    assert!(out.contains("\\u{1b}]52;c;aGk=\\u{7}"), "the escaped sequence is missing from:\n{out}");
}

fn hostile_track(title: &str) -> String {
    format!(
        "+++\ntitle = \"{title}\"\nsituation = \"pushaway\"\nsummary = \"S \\u001b[2J\"\nnext_step = \"N\"\n\
         avoid = [\"A \\u001b]0;pwned\\u0007\"]\n\n[[variables]]\nname = \"client\"\nprompt = \"P \\u001b[1A\"\n+++\n\
         Hi {{{{client}}}}. {OSC52}\n"
    )
}

#[test]
fn escape_sequences_from_arguments_and_files_are_printed_inert() {
    // A `--vars` key and an `--answer` id in error messages.
    let m = Mend::new().file("v.toml", "\"\\u001b]52;c;aGk=\\u0007\" = \"x\"\n");
    inert(&m.run_with(&["say", "just-ask", "--vars", "v.toml"]).code(2).stderr);
    let run = Mend::new().run_with(&["diagnose", "--no-input", "--answer", "q\u{1b}]0;pwned\u{7}x=yes"]).code(2);
    assert!(!run.stderr.contains('\u{1b}') && run.stderr.contains("q\\u{1b}]0;pwned\\u{7}x"), "{:?}", run.stderr);
    // A library track's fields in `list`, `say` (every format) and errors.
    let title = "T \\u001b]52;c;aGk=\\u0007";
    let m = Mend::new().file("team/hostile.md.hbs", &hostile_track(title));
    inert(&m.run_with(&["--library", "team", "list"]).success().stdout);
    for format in ["text", "markdown", "html"] {
        let run = m.run_with(&["--library", "team", "say", "hostile", "--set", "client=Dana", "-f", format]);
        inert(&run.success().stdout);
    }
    let run = m.run_with(&["--library", "team", "say", "hostile", "-f", "json", "--set", "client=Dana"]).success();
    assert!(!run.stdout.chars().any(|c| c.is_control() && c != '\n'), "{:?}", run.stdout);
    assert!(run.json()["title"].as_str().expect("title").contains('\u{1b}'), "JSON keeps the value");
    let run = m.run_with(&["--library", "team", "say", "hostile", "--no-input"]).code(2);
    assert!(!run.stderr.contains('\u{1b}'), "{:?}", run.stderr);
    // `mend check` reports every field with a control character.
    let run = m.run_with(&["check", "team"]).code(1);
    for field in ["title", "summary", "avoid", "prompt", "body"] {
        assert!(run.stdout.contains(&format!("control character U+001B in {field}")), "{field}: {}", run.stdout);
    }
    assert!(!run.stdout.contains('\u{1b}'), "{:?}", run.stdout);
}

#[test]
fn check_prints_hostile_file_names_inert() {
    let m = Mend::new().file(&format!("team/a{OSC52}.md.hbs"), "x").file("team/b\nforged: no problems.md.hbs", "x");
    let run = m.run_with(&["check", "team"]).code(1);
    inert(&run.stdout);
    assert!(!run.stdout.lines().any(|l| l.starts_with("forged")), "a newline forged a line:\n{}", run.stdout);
}

#[test]
fn markdown_in_a_value_is_text_in_every_format() {
    let (link, image) = ("[D](javascript:alert(1))", "![x](https://example.com/t.gif)");
    let say = |format: &str| {
        let client = format!("client={link}");
        let company = format!("company={image}");
        let args = ["say", "just-ask", "--set", &client, "--set", &company, "-f", format];
        Mend::new().run_with(&args).success().stdout
    };
    let html = say("html");
    assert!(!html.contains("<a ") && !html.contains("<img"), "{html}");
    assert!(html.contains("[D](javascript:alert(1))") && html.contains("![x](https://example.com/t.gif)"), "{html}");
    let md = say("markdown");
    for event in pulldown_cmark::Parser::new(&md) {
        use pulldown_cmark::{Event, Tag};
        assert!(!matches!(event, Event::Start(Tag::Link { .. } | Tag::Image { .. })), "{event:?} in:\n{md}");
    }
    let text = say("text");
    assert!(text.contains(link) && text.contains(image), "values appear as typed:\n{text}");
}

#[test]
fn the_html_page_runs_no_script_and_loads_nothing_remote() {
    let body = "See [the plan](https://example.com/plan), [this](javascript:alert(1)) and \
                ![t](https://example.com/t.gif) with {{client}}.\n";
    let track = format!(
        "+++\ntitle = \"T\"\nsituation = \"pushaway\"\nsummary = \"S\"\nnext_step = \"N\"\n\n\
         [[variables]]\nname = \"client\"\nprompt = \"P\"\n+++\n{body}"
    );
    let m = Mend::new().file("team/t.md.hbs", &track);
    let html = m.run_with(&["--library", "team", "say", "t", "--set", "client=Dana", "-f", "html"]).success().stdout;
    assert!(html.contains("<a href=\"https://example.com/plan\">the plan</a>"), "{html}");
    assert!(!html.contains("href=\"javascript"), "{html}");
    assert!(!html.contains("<img") && !html.contains("src="), "{html}");
    assert!(html.contains("http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'"), "{html}");
}

/// The built-in interview with a hostile question text, and a hostile question id appended.
fn hostile_interview(with_id: bool) -> String {
    let builtin = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/interview.toml"))
        .expect("interview");
    let text = "Has the deadline for that promise already passed?";
    assert!(builtin.contains(text));
    let builtin = builtin.replace(
        text,
        "Passed? \\\" ] ; evil [label=\\\"x\\nclick start href \\\"javascript:alert(1)\\\"\\nends with \\\\",
    );
    if !with_id {
        return builtin;
    }
    builtin
        + "\n[[question]]\nid = \"x\\nclick start href \\\"javascript:alert(2)\\\"\"\ntext = \"T\"\nkind = \"yes-no\"\n\
           when = { slip_kind = \"promise-at-risk\" }\n\n[question.yes]\nevidence = { broken-commitment = 1 }\n\
           reason = \"R\"\n\n[question.no]\nevidence = { broken-commitment = 1 }\nreason = \"R\"\n"
}

#[test]
fn graph_escapes_ids_and_text_and_check_rejects_odd_ids() {
    let m = Mend::new().file("team/scripts/interview.toml", &hostile_interview(false));
    for format in ["mermaid", "dot"] {
        let out = m.run_with(&["--library", "team", "graph", "--format", format]).success().stdout;
        assert!(!out.lines().any(|l| l.trim_start().starts_with("click")), "{format}: injected line:\n{out}");
        assert!(!out.lines().any(|l| l.trim_start().starts_with("ends with")), "{format}: forged line:\n{out}");
        if format == "dot" {
            // Every line is a statement; each label's quotes pair up once escapes are taken out.
            for line in out.lines().filter(|l| l.contains("label=")) {
                let unescaped = line.replace("\\\\", "").replace("\\\"", "");
                assert_eq!(unescaped.matches('"').count(), 2, "broken quoting: {line}");
                assert!(line.ends_with("];"), "{line}");
            }
        }
    }
    let m = Mend::new().file("team/scripts/interview.toml", &hostile_interview(true));
    let run = m.run_with(&["check", "team"]).code(1);
    assert!(run.stdout.contains("is not a plain identifier"), "{}", run.stdout);
    // The script is checked on load: `graph` never sees the odd id.
    m.run_with(&["--library", "team", "graph"]).code(2).stderr_has("is not a plain identifier");
}

#[test]
fn library_files_too_big_to_handle_fast_are_refused_naming_the_limit() {
    let track = |n: usize, used: usize| {
        let vars: String =
            (0..n).map(|i| format!("\n[[variables]]\nname = \"v{i}\"\nprompt = \"P\"\ndefault = \"d{i}\"\n")).collect();
        let body: String = (0..used).map(|i| format!("{{{{v{i}}}}} ")).collect();
        format!(
            "+++\ntitle = \"T\"\nsituation = \"pushaway\"\nsummary = \"S\"\nnext_step = \"N\"\n{vars}+++\nHi {body}.\n"
        )
    };
    // Limits, not timings, are tested here (the house rule: speed goes in a benchmark).
    let m = Mend::new().file("team/big.md.hbs", &track(20_000, 1));
    m.run_with(&["--library", "team", "say", "big"])
        .code(2)
        .stderr_has("20000 variables; a track may declare at most 1000");
    // At the limit a track works: every variable located, used and filled in.
    let m = Mend::new().file("team/big.md.hbs", &track(1_000, 1_000));
    m.run_with(&["--library", "team", "say", "big", "--format", "markdown"])
        .success()
        .stdout_has("d0 d1 d2")
        .stdout_has("d999");
    // ... and a problem with each of them is reported at its own line.
    let m = Mend::new().file("team/big.md.hbs", &track(1_000, 1));
    let run = m.run_with(&["check", "team"]).code(1);
    assert!(
        run.stdout.contains("team/big.md.hbs:5003:1: variable `v999` is declared and never used"),
        "{}",
        run.stdout
    );

    let rules: String = (0..2_100)
        .map(|i| format!("\n[[rule]]\nid = \"r{i}\"\nwhen = {{ symptom = \"gone-dark\" }}\nreason = \"R\"\n"))
        .collect();
    let script = hostile_interview(false) + &rules;
    let m = Mend::new().file("team/scripts/interview.toml", &script);
    let run = m.run_with(&["check", "team"]).code(1);
    let count = script.matches("[[rule]]").count();
    assert!(count > 2_000, "test premise: {count} rules");
    let message = format!("{count} rules; a conversation script may have at most 2000");
    assert!(run.stdout.contains(&message), "{}", run.stdout);
    m.run_with(&["--library", "team", "graph"]).code(2).stderr_has("a conversation script may have at most 2000");
    let questions: String =
        (0..2_000).map(|i| format!("\n[[question]]\nid = \"q{i}\"\ntext = \"T\"\nkind = \"yes-no\"\n")).collect();
    let builtin = hostile_interview(false);
    let first_rule = builtin.find("[[rule]]").expect("a rule");
    let script = format!("{}{questions}\n{}", &builtin[..first_rule], &builtin[first_rule..]);
    let m = Mend::new().file("team/scripts/interview.toml", &script);
    let run = m.run_with(&["check", "team"]).code(1);
    let count = script.matches("[[question]]").count();
    let message = format!("{count} questions; a conversation script may have at most 2000");
    assert!(run.stdout.contains(&message), "{}", run.stdout);
}

#[test]
fn a_symlink_loop_and_a_non_utf8_file_name_are_reported() {
    let m = Mend::new();
    std::os::unix::fs::symlink("loop", m.path("loop")).expect("symlink");
    m.run_with(&["--library", "loop", "list"]).code(2).stderr_has("`loop` (from --library) is a symlink loop");
    let m = Mend::new().file("team/ok.txt", "x");
    let odd = std::ffi::OsStr::from_bytes(b"caf\xe9.md.hbs");
    std::fs::write(m.path("team").join(odd), "x").expect("write");
    let run = m.run_with(&["--library", "team", "list"]).code(2);
    assert!(run.stderr.contains("caf") && run.stderr.contains("not valid UTF-8"), "{}", run.stderr);
}

/// A hand-edited account file with an OSC 52 sequence in the company name and a promise, and a
/// C1 CSI (U+009B) in a person's name.
fn hostile_account(company: &str) -> Mend {
    let account = format!(
        "company = \"{company}\"\nstage = \"client\"\nkind = \"ongoing\"\ncreated = 2026-10-01\n\
         check-in-every = \"3 weeks\"\n\n[people]\nsponsor = \"Dana \\u009b2J\"\n\n\
         [[promise]]\nwhat = \"Send the plan \\u001b]52;c;aGk=\\u0007\"\ndue = 2026-11-27\nkept = false\n"
    );
    Mend::new().env("MEND_TODAY", "2026-11-26").file(".local/share/mend/accounts/hostile.toml", &account)
}

/// No control character but line ends in `out`, and no sequence that lost its escape character
/// only to print the rest raw: mend strips or escapes, never both halves of a job.
#[track_caller]
fn no_controls(what: &str, out: &str) {
    assert!(!out.chars().any(|c| c.is_control() && c != '\n' && c != '\r'), "{what}: {out:?}");
}

#[test]
fn account_text_from_a_hand_edited_file_is_printed_inert() {
    let m = hostile_account("North \\u001b]52;c;aGk=\\u0007wind");
    let list = m.run_with(&["account", "list"]).success().stdout;
    no_controls("account list", &list);
    assert!(list.contains("North ") && list.contains("wind"), "{list}");
    let next = m.run_with(&["next"]).success().stdout;
    no_controls("next", &next);
    assert!(next.contains("Send the plan") && next.contains("North "), "{next}");
    for format in ["text", "markdown", "html", "json"] {
        no_controls(format, &m.run_with(&["account", "show", "hostile", "--format", format]).success().stdout);
    }
    for args in
        [&["account", "list", "--format", "json"][..], &["next", "--format", "json"], &["next", "--format", "ics"]]
    {
        no_controls(&args.join(" "), &m.run_with(args).success().stdout);
    }
    let kept = m.run_with(&["promise", "hostile", "--kept", "1"]).success();
    no_controls("promise --kept", &kept.stderr);
    assert!(kept.stderr.contains("Send the plan"), "{}", kept.stderr);
}

#[test]
fn markdown_in_an_account_the_book_or_the_call_card_is_text_and_every_page_has_the_csp() {
    let link = "[D](javascript:alert(1))";
    let no_live_markup = |html: &str| {
        assert!(!html.contains("href=\"javascript") && !html.contains("<img"), "{html}");
        assert!(html.contains("http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'"), "{html}");
    };
    let no_markdown_link = |md: &str| {
        for event in pulldown_cmark::Parser::new(md) {
            use pulldown_cmark::{Event, Tag};
            let bad = match &event {
                Event::Start(Tag::Link { dest_url, .. }) => !dest_url.starts_with('#'),
                Event::Start(Tag::Image { .. }) => true,
                _ => false,
            };
            assert!(!bad, "{event:?} in:\n{md}");
        }
    };
    // `mend account show`: the company name.
    let m = hostile_account(link);
    let html = m.run_with(&["account", "show", "hostile", "--format", "html"]).success().stdout;
    no_live_markup(&html);
    assert!(html.contains(link), "the name appears as typed:\n{html}");
    no_markdown_link(&m.run_with(&["account", "show", "hostile", "--format", "markdown"]).success().stdout);

    // The call card: values typed at the interview.
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/transcripts/gatekeeper.toml");
    let table: toml::Table = toml::from_str(&std::fs::read_to_string(path).expect("read")).expect("toml");
    let mut answers = table["answers"].as_table().expect("answers").clone();
    answers.insert("company".into(), link.into());
    answers.insert("sponsor".into(), "![x](https://example.com/t.gif)".into());
    let m = Mend::new().file("a.toml", &toml::to_string(&answers).expect("toml"));
    let html = m.run_with(&["diagnose", "--answers", "a.toml", "--format", "html"]).success().stdout;
    no_live_markup(&html);
    assert!(html.contains(link) && html.contains("![x](https://example.com/t.gif)"), "{html}");
    no_markdown_link(&m.run_with(&["diagnose", "--answers", "a.toml", "--format", "markdown"]).success().stdout);

    // `mend book`: a team's situation and track, with a blank whose label holds markup.
    let situations = format!(
        "[[situation]]\nid = \"pushaway\"\ntitle = \"Push {link}\"\ndescription = \"D ![t](https://example.com/t.gif)\"\n\
         ask = \"A {link}?\"\n\n[[situation.step]]\ntitle = \"S {link}\"\ndetail = \"X\"\ntracks = [\"t\"]\n"
    );
    let track = format!(
        "+++\ntitle = \"T {link}\"\nsituation = \"pushaway\"\nsummary = \"S {link}\"\nnext_step = \"N\"\n\n\
         [[variables]]\nname = \"said\"\nkind = \"clause\"\nknown = \"in-call\"\nframe = \"They said ____.\"\n\
         prompt = \"P\"\nblank = \"what *they* said {link}\"\n+++\nYou said {{{{said}}}}.\n"
    );
    let m = Mend::new().file("team/situations.toml", &situations).file("team/t.md.hbs", &track);
    let html = m.run_with(&["--library", "team", "book", "--situation", "pushaway"]).success().stdout;
    no_live_markup(&html);
    assert!(html.contains("Push [D](javascript:alert(1))"), "{html}");
    let md = m.run_with(&["--library", "team", "book", "--situation", "pushaway", "--format", "markdown"]).success();
    no_markdown_link(&md.stdout);
}
