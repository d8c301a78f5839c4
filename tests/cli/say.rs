//! `mend say` and `mend list`: rendering, formats, values, escaping, --out.

use crate::harness::{mend, Mend};
use serde_json::Value;

fn tracks() -> Vec<Value> {
    let run = mend(["list", "--format", "json"]).success();
    run.json().as_array().expect("array").clone()
}

fn sample_args(track: &Value) -> Vec<String> {
    let mut args = Vec::new();
    for v in track["variables"].as_array().expect("variables") {
        let name = v["name"].as_str().expect("name");
        let value = v["example"].as_str().unwrap_or("Sample");
        args.push("--set".to_string());
        args.push(format!("{name}={value}"));
    }
    args
}

#[test]
fn list_json_has_every_field_and_at_least_one_track_per_situation() {
    let list = tracks();
    assert!(list.len() >= 25, "only {} tracks", list.len());
    for t in &list {
        for key in ["name", "title", "situation", "summary", "source", "variables"] {
            assert!(t.get(key).is_some(), "{key} missing in {t}");
        }
        assert!(t["source"].as_str().expect("source").starts_with("embedded:"));
    }
    let situations = [
        "gatekeeper",
        "broken-commitment",
        "service-failure",
        "soured-unknown",
        "leadership-verdict",
        "mismatch",
        "pushaway",
        "resistant-purchaser",
        "resistant-end-user",
        "resistant-problem-owner",
        "resistant-decision-maker",
        "resistant-outsider",
        "resistant-insider",
        "resistant-faction",
    ];
    for s in situations {
        assert!(list.iter().any(|t| t["situation"] == s), "no track for {s}");
    }
}

#[test]
fn every_embedded_track_renders_in_every_format() {
    for track in tracks() {
        let name = track["name"].as_str().expect("name").to_string();
        for format in ["text", "markdown", "html", "json"] {
            let mut args = vec!["say".to_string(), name.clone(), "--no-input".into(), "--format".into(), format.into()];
            args.extend(sample_args(&track));
            let run = mend(args).success();
            assert!(!run.stdout.contains("{{"), "{name} {format} left a template tag:\n{}", run.stdout);
            assert!(!run.stdout.contains('\u{1b}'), "{name} {format} has ANSI escapes when piped");
            match format {
                "json" => {
                    let j = run.json();
                    assert_eq!(j["track"], name.as_str());
                    let say = j["sections"]["say"].as_array().expect("say is a list of blocks");
                    assert!(say.iter().any(|b| b["kind"] == "speech"), "{name}: no words to say");
                    for b in say.iter().filter(|b| b["kind"] == "speech") {
                        let text = b["text"].as_str().expect("text");
                        assert!(
                            !text.contains("((") && !text.contains("))"),
                            "{name}: a direction inside speech: {text}"
                        );
                    }
                }
                "html" => assert!(run.stdout.starts_with("<!DOCTYPE html>") && run.stdout.contains("@media print")),
                "markdown" => assert!(run.stdout.starts_with(&format!("# {}", track["title"].as_str().expect("t")))),
                _ => assert!(run.stdout.contains("WHAT TO SAY")),
            }
        }
    }
}

#[test]
fn values_stay_verbatim_in_text_and_are_escaped_in_markdown_and_html() {
    let base = ["say", "honest-ask", "--set", "sponsor=O'Brien", "--set", "stakeholder=Zoë <script>alert(1)</script>"];
    let tail = ["--set", "company=AT&T", "--set", "result={{result}} growth"];
    for format in ["text", "markdown"] {
        let run = mend(base.iter().chain(tail.iter()).copied().chain(["--format", format])).success();
        assert!(run.stdout.contains("O'Brien"), "{}", run.stdout);
        assert!(run.stdout.contains("AT&T"));
        // Markdown escapes what would start markup; rendered, it reads as typed.
        let typed =
            if format == "text" { "Zoë <script>alert(1)</script>" } else { "Zoë \\<script\\>alert(1)\\</script\\>" };
        assert!(run.stdout.contains(typed), "{}", run.stdout);
        assert!(run.stdout.contains("{{result}} growth"), "a value is never re-evaluated as a template");
        assert!(!run.stdout.contains("&amp;") && !run.stdout.contains("&#x27;"));
    }
    let run = mend(base.iter().chain(tail.iter()).copied().chain(["--format", "html"])).success();
    assert!(!run.stdout.contains("<script>"), "{}", run.stdout);
    assert!(run.stdout.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(run.stdout.contains("AT&amp;T"));
}

#[test]
fn control_characters_in_values_cannot_reach_the_terminal() {
    let run = mend(["say", "just-ask", "--set", "client=Da\u{1b}[2Jna", "--set", "company=A\nB"]).success();
    assert!(!run.stdout.contains('\u{1b}'));
    assert!(run.stdout.contains("Da[2Jna"), "{}", run.stdout);
}

#[test]
fn missing_values_without_a_terminal_exit_2_naming_each() {
    let run = mend(["say", "honest-ask", "--set", "sponsor=Priya"]).code(2);
    assert!(run.stderr.contains("`company`") && run.stderr.contains("`result`"), "{}", run.stderr);
    assert!(run.stderr.contains("--set company="));
    assert!(run.stderr.contains("`stakeholder`"), "{}", run.stderr);
    assert!(run.stdout.is_empty());
    mend(["say", "honest-ask", "--no-input", "--set", "sponsor=  "]).code(2).stderr_has("`sponsor`");
    // A default is a value when nobody can be asked.
    let run = mend(["say", "how-are-we-doing", "--set", "client=Dana", "--format", "json"]).success();
    assert_eq!(run.json()["values"]["interval"], "quarter");
    assert_eq!(run.json()["value_sources"]["interval"], "default");
}

#[test]
fn value_sources_have_a_documented_order() {
    let m = Mend::new()
        .file("vars.toml", "client = \"FromFile\"\ncompany = \"FileCo\"\n")
        .env("MEND_VAR_CLIENT", "FromEnv")
        .env("MEND_VAR_COMPANY", "EnvCo")
        .args(["say", "just-ask", "--vars", "vars.toml", "--set", "client=FromFlag", "--format", "json"]);
    let j = m.run().success().json();
    assert_eq!(j["values"]["client"], "FromFlag");
    assert_eq!(j["values"]["company"], "FileCo");
    let j = Mend::new()
        .env("MEND_VAR_CLIENT", "FromEnv")
        .env("MEND_VAR_COMPANY", "EnvCo")
        .args(["say", "just-ask", "--format", "json"])
        .run()
        .success()
        .json();
    assert_eq!(j["values"]["client"], "FromEnv");
}

#[test]
fn unknown_keys_are_errors_with_a_suggestion() {
    mend(["say", "just-ask", "--set", "clent=Dana", "--set", "company=X"]).code(2).stderr_has("did you mean `client`?");
    Mend::new()
        .file("v.toml", "client = \"D\"\ncompnay = \"X\"\n")
        .args(["say", "just-ask", "--vars", "v.toml"])
        .run()
        .code(2)
        .stderr_has("did you mean `company`?");
    Mend::new()
        .file("v.toml", "client = 3\n")
        .args(["say", "just-ask", "--vars", "v.toml"])
        .run()
        .code(2)
        .stderr_has("v.toml:1:1: `client` must be a string");
}

#[test]
fn unknown_and_path_like_track_names() {
    mend(["say", "honest-aks"]).code(2).stderr_has("did you mean `honest-ask`");
    // A NUL byte cannot even reach a process argument; the unit tests cover it.
    for bad in ["../x", "/etc/passwd", "a/b", "..", "Honest-Ask"] {
        let run = mend(["say", bad]);
        assert_eq!(run.code, 2, "{bad}: {}", run.stderr);
        assert!(run.stderr.contains("is not a talk-track name"), "{bad}: {}", run.stderr);
    }
}

#[test]
fn out_writes_atomically_and_never_clobbers() {
    let m = Mend::new().file("sheet.md", "keep me\n").args([
        "say",
        "just-ask",
        "--set",
        "client=Dana",
        "--set",
        "company=Acme",
        "--format",
        "markdown",
        "--out",
        "sheet.md",
    ]);
    m.run().code(2).stderr_has("already exists");
    assert_eq!(std::fs::read_to_string(m.path("sheet.md")).expect("read"), "keep me\n");
    let forced = m.args(["--force"]);
    forced.run().success();
    let written = std::fs::read_to_string(forced.path("sheet.md")).expect("read");
    assert!(written.starts_with("# Just ask"), "{written}");
    let names: Vec<_> = std::fs::read_dir(forced.dir.path()).expect("ls").map(|e| e.expect("e").file_name()).collect();
    assert_eq!(names.len(), 1, "temp files left behind: {names:?}");
    // Into a missing directory: exit 2, nothing written.
    let m = Mend::new().args(["say", "just-ask", "--set", "client=D", "--set", "company=A", "--out", "nope/x.md"]);
    m.run().code(2).stderr_has("does not exist");
    assert!(!m.path("nope").exists());
}

#[test]
fn a_closed_pipe_is_not_an_error() {
    let home = tempfile::tempdir().expect("tmp");
    let mut child = crate::harness::clean_command(home.path())
        .args(["list"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("spawn");
    drop(child.stdout.take());
    let out = child.wait_with_output().expect("wait");
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(out.stderr.is_empty(), "{}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn width_is_respected_and_color_is_opt_in() {
    let run = mend(["say", "just-ask", "--set", "client=Dana", "--set", "company=Acme", "--width", "40"]).success();
    assert!(run.stdout.lines().all(|l| l.chars().count() <= 40), "{}", run.stdout);
    let run = mend(["say", "just-ask", "--set", "client=D", "--set", "company=A", "--color", "always"]).success();
    assert!(run.stdout.contains('\u{1b}'));
    let run = mend(["say", "just-ask", "--set", "client=D", "--set", "company=A", "--width", "500"]).success();
    assert!(run.stdout.contains("Has something happened"));
}

#[test]
fn no_arguments_without_a_terminal_prints_help_and_exits_2() {
    let run = mend(Vec::<String>::new()).code(2);
    assert!(run.stderr.contains("mend list"), "{}", run.stderr);
    assert!(run.stdout.is_empty());
}

#[test]
fn completions_offer_track_names_and_man_renders() {
    let run = mend(["completions", "bash"]).success();
    assert!(run.stdout.contains("honest-ask"));
    let run = mend(["man"]).success();
    assert!(run.stdout.contains(".TH mend"));
    let run = mend(["--help"]).success();
    assert!(run.stdout.contains("130") && run.stdout.contains("Exit codes"));
}

#[test]
fn every_shipped_track_passes_its_own_house_style() {
    for track in tracks() {
        let name = track["name"].as_str().expect("name").to_string();
        let mut args = vec!["say".to_string(), name.clone(), "--format".into(), "markdown".into()];
        args.extend(sample_args(&track));
        let rendered = mend(args).success().stdout;
        let run = Mend::new().stdin(&rendered).args(["lint", "--format", "line"]).run();
        assert_eq!(run.code, 0, "{name} breaks the house style:\n{}", run.stdout);
    }
}

#[test]
fn lint_finds_fixes_and_keeps_clean_files_untouched() {
    let m = Mend::new()
        .file("draft.txt", "Thanks for the call, but we cannot move the date.\nUnfortunately it slipped.\n")
        .file("clean.txt", "Thanks for the call, and here is the plan.\n");
    let run = m.run_with(&["lint", "--format", "json", "draft.txt", "clean.txt"]).code(1);
    let findings = run.json();
    let rules: Vec<&str> = findings.as_array().expect("a").iter().filter_map(|f| f["rule"].as_str()).collect();
    assert_eq!(rules, ["but-and", "unfortunately"]);
    assert_eq!(findings[0]["line"], 1);
    assert_eq!(findings[0]["column"], 22);
    assert_eq!(findings[0]["match"], "but");
    let before = std::fs::metadata(m.path("clean.txt")).expect("meta").modified().expect("mtime");
    let run = m.run_with(&["lint", "--fix", "draft.txt", "clean.txt"]);
    assert_eq!(run.code, 1, "unfortunately needs a hand rewrite: {}", run.stderr);
    let fixed = std::fs::read_to_string(m.path("draft.txt")).expect("read");
    assert_eq!(fixed, "Thanks for the call, and we cannot move the date.\nUnfortunately it slipped.\n");
    let after = std::fs::metadata(m.path("clean.txt")).expect("meta").modified().expect("mtime");
    assert_eq!(before, after, "a file with nothing to fix is never touched");
    let run = Mend::new().stdin("But we tried.\n").args(["lint", "--fix", "-"]).run().success();
    assert_eq!(run.stdout, "And we tried.\n");
    Mend::new().stdin("ok\n").args(["lint", "--allow", "but-adn"]).run().code(2).stderr_has("but-and");
    let run = Mend::new().stdin("a\u{1}b but c").args(["lint", "--format", "line"]).run().code(1);
    assert!(run.stdout.starts_with("<stdin>:1:5:but-and:"), "columns count characters: {}", run.stdout);
}

/// Issue 25.10: `--color always` colours lint findings on a pipe (`mend lint --color always |
/// less -R`); `auto` on a pipe and `never` do not.
#[test]
fn lint_color_always_colours_a_pipe() {
    let m = Mend::new().file("draft.txt", "I hear you, but the delay was not our fault.\n");
    let always = m.run_with(&["lint", "--color", "always", "draft.txt"]).code(1).stdout;
    assert!(always.contains("\u{1b}["), "no colour:\n{always}");
    assert!(always.contains("draft.txt:1:"), "{always}");
    for plain in [&["lint", "draft.txt"][..], &["lint", "--color", "never", "draft.txt"]] {
        let out = m.run_with(plain).code(1).stdout;
        assert!(!out.contains('\u{1b}'), "{plain:?}:\n{out}");
    }
}
