//! A matrix of bad inputs through the real binary. For each: no panic, a message that says what is
//! wrong and where, the documented exit code, and no file written or changed.

use crate::harness::{Mend, Run};

const HEAD: &str = "title = \"T\"\nsituation = \"pushaway\"\nsummary = \"S\"\nnext_step = \"N\"\n";
const VAR: &str = "\n[[variables]]\nname = \"client\"\nprompt = \"Name\"\n";

fn track(front: &str, body: &str) -> String {
    format!("+++\n{front}+++\n{body}")
}

/// Renders `content` as `team/t.md.hbs` and returns the run; asserts nothing was written.
fn say(content: &str, extra: &[&str]) -> Run {
    let m = Mend::new().file("team/t.md.hbs", content);
    let mut args = vec!["--library", "team", "say", "t", "--set", "client=Dana"];
    args.extend(extra);
    let before = listing(&m);
    let run = m.run_with(&args);
    assert!(!run.stderr.contains("panicked"), "panic: {}", run.stderr);
    assert_eq!(before, listing(&m), "files changed");
    run
}

fn listing(m: &Mend) -> Vec<String> {
    let mut all = Vec::new();
    let mut stack = vec![m.dir.path().to_path_buf()];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(dir).expect("ls").flatten() {
            let p = e.path();
            let len = std::fs::metadata(&p).map(|m| m.len()).unwrap_or(0);
            all.push(format!("{} {len}", p.display()));
            if p.is_dir() {
                stack.push(p);
            }
        }
    }
    all.sort();
    all
}

#[test]
fn front_matter_problems_are_located() {
    let cases: Vec<(String, &str)> = vec![
        (track("this is not toml\n", "Hi"), "t.md.hbs:2:"),
        ("+++\ntitle = \"T\"\nHi {{client}}\n".to_string(), "never closed"),
        (track(&HEAD.replace("\"T\"", "3"), "Hi"), "t.md.hbs:2:9: invalid type"),
        (track(&format!("{HEAD}colour = \"red\"\n"), "Hi"), "unknown field `colour`"),
        (String::new(), "must start with a `+++` line"),
        (track(HEAD, "Hi \0 there"), "NUL byte"),
    ];
    for (content, needle) in cases {
        let run = say(&content, &[]);
        assert_eq!(run.code, 2, "{needle}: {}", run.stderr);
        assert!(run.stderr.contains(needle), "expected {needle:?} in:\n{}", run.stderr);
        assert!(run.stdout.is_empty());
    }
}

#[test]
fn bom_and_crlf_work() {
    let content = format!("\u{feff}{}", track(&format!("{HEAD}{VAR}"), "Hi {{client}}.\n").replace('\n', "\r\n"));
    let run = say(&content, &["--format", "markdown"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("Hi Dana."), "{}", run.stdout);
    assert!(!run.stdout.contains('\r'));
}

#[test]
fn a_ten_megabyte_track_is_handled() {
    let body = format!("Hi {{{{client}}}}. {}", "We hear you, and here is the plan. ".repeat(300_000));
    let run = say(&track(&format!("{HEAD}{VAR}"), &body), &["--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.len() > 10_000_000);
    // Handlebars parses in time quadratic in the number of tags, so their number is capped.
    let body = "Hi {{client}}. ".repeat(700_000);
    let run = say(&track(&format!("{HEAD}{VAR}"), &body), &["--format", "json"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("a track may have at most 2000"), "{}", run.stderr);
}

#[test]
fn template_problems_are_located() {
    let front = format!("{HEAD}{VAR}");
    let deep = format!("{}x{}", "{{#if client}}".repeat(500), "{{/if}}".repeat(500));
    let cases = [
        ("Hi {{client}}\n{{#if client}}open", "t.md.hbs:12:1: template error in body: `{{#if}}` is never closed"),
        ("Hi {{shout client}}", "t.md.hbs:11:4: unknown helper `shout`"),
        ("Hi {{client}} {{> missing}}", "partials"),
        (deep.as_str(), "nested more than 32 levels"),
        ("Hi {{client}} and {{sponsor}}", "t.md.hbs:11:19: variable `sponsor` is used in body and not declared"),
    ];
    for (body, needle) in cases {
        let run = say(&track(&front, body), &[]);
        assert_eq!(run.code, 2, "{needle}: {}", run.stderr);
        assert!(run.stderr.contains(needle), "expected {needle:?} in:\n{}", run.stderr);
    }
}

#[test]
fn a_broken_team_script_is_refused_before_it_runs() {
    let script = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/broken-scripts/scripts/interview.toml"),
    )
    .expect("fixture");
    let m = Mend::new().file("team/scripts/interview.toml", &script);
    let run = m.run_with(&["--library", "team", "diagnose", "--answer", "second=a"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    for needle in ["(a cycle)", "unknown situation `gatekeepr`", "used twice"] {
        assert!(run.stderr.contains(needle), "{needle}: {}", run.stderr);
    }
}

#[test]
fn odd_values_render_verbatim_and_safely() {
    let long = "x".repeat(10_000);
    let cases = [
        ("", false, ""),
        (long.as_str(), true, long.as_str()),
        ("Da\nna", true, "Da na"),
        ("{{client}} }}", true, "{{client}} }}"),
        ("דנה", true, "דנה"),
        ("Dana 🎉", true, "Dana 🎉"),
        ("Da\u{7}\u{1b}]0;pwned\u{7}na", true, "Da]0;pwnedna"),
    ];
    for (value, ok, shown) in cases {
        let m = Mend::new();
        let run = m.run_with(&[
            "say",
            "just-ask",
            "--set",
            &format!("client={value}"),
            "--set",
            "company=N",
            "--width",
            "20000",
        ]);
        if !ok {
            assert_eq!(run.code, 2, "empty value: {}", run.stderr);
            assert!(run.stderr.contains("`client`"));
            continue;
        }
        assert_eq!(run.code, 0, "{value:?}: {}", run.stderr);
        assert!(run.stdout.contains(shown), "{value:?} not shown as {shown:?}");
        assert!(!run.stdout.contains('\u{1b}') && !run.stdout.contains('\u{7}'));
    }
}

#[test]
fn paths_that_are_not_plain_names_or_usable_files() {
    for name in ["a/b", "..", "../../etc/passwd", "/etc/passwd", "x y"] {
        let run = Mend::new().run_with(&["say", name]);
        assert_eq!(run.code, 2, "{name}");
        assert!(run.stderr.contains("is not a talk-track name"), "{name}: {}", run.stderr);
    }
    let base = ["say", "just-ask", "--set", "client=D", "--set", "company=N", "--out"];
    let m = Mend::new().file("existing.md", "keep\n").file("sub/.keep", "");
    let with = |target: &str| {
        let mut args = base.to_vec();
        args.push(target);
        m.run_with(&args)
    };
    with("missing-dir/x.md").code(2).stderr_has("does not exist");
    with("sub").code(2).stderr_has("is a directory");
    with("existing.md").code(2).stderr_has("already exists");
    with("existing.md/x").code(2);
    assert_eq!(std::fs::read_to_string(m.path("existing.md")).expect("read"), "keep\n");
    // Permission bits do not stop root, so the read-only case only runs as a normal user.
    let root = std::process::Command::new("id").arg("-u").output().map(|o| o.stdout == b"0\n").unwrap_or(true);
    if !root {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(m.path("sub"), std::fs::Permissions::from_mode(0o500)).expect("chmod");
        with("sub/x.md").code(2).stderr_has("cannot write");
    }
}

#[test]
fn library_directories_that_are_missing_or_files() {
    let m = Mend::new().file("file.txt", "x");
    m.run_with(&["--library", "nope", "list"]).code(2).stderr_has("does not exist");
    m.run_with(&["--library", "file.txt", "list"]).code(2).stderr_has("is a file, not a directory");
}

#[test]
fn terminal_edge_cases() {
    use std::process::Stdio;
    let home = tempfile::tempdir().expect("tmp");
    // stdin closed and no terminal: never waits, exits 2 with help.
    let out = crate::harness::clean_command(home.path()).stdin(Stdio::null()).output().expect("run");
    assert_eq!(out.status.code(), Some(2));
    // Missing values with stdin a pipe: exit 2, never a prompt.
    let run = Mend::new().stdin("Dana\n").args(["say", "just-ask"]).run().code(2);
    assert!(run.stderr.contains("`client`"));
    // TERM=dumb and tiny or huge widths.
    for width in ["10", "500"] {
        let run = Mend::new()
            .env("TERM", "dumb")
            .args(["say", "just-ask", "--set", "client=Dana", "--set", "company=N", "--width", width])
            .run()
            .success();
        assert!(run.stdout.contains("Dana") && !run.stdout.contains('\u{1b}'));
    }
    Mend::new().args(["say", "just-ask", "--width", "0"]).run().code(2).stderr_has("--width");
}

/// A NUL byte means binary input: `mend lint` stops with exit 2 and says where, as ripgrep does,
/// instead of reading on (`/dev/zero` would grow memory without end). A finding before the NUL
/// does not turn the exit code into 1.
#[test]
fn lint_stops_at_a_nul_byte_with_exit_2() {
    let m = Mend::new().file("draft.txt", "Thanks, but we cannot.\nok\0but more\n");
    let run = m.run_with(&["lint", "draft.txt"]).code(2).stderr_has("binary input");
    assert!(run.stderr.contains("draft.txt"), "names the file: {}", run.stderr);
    assert!(run.stderr.contains("line 2"), "says where: {}", run.stderr);
    let run = Mend::new().stdin("but\0").args(["lint", "--format", "json"]).run().code(2);
    assert!(run.stderr.contains("<stdin>") && run.stderr.contains("NUL"), "{}", run.stderr);
    // The same text without the NUL is ordinary text with a finding.
    Mend::new().file("draft.txt", "ok but more\n").run_with(&["lint", "draft.txt"]).code(1);
}
