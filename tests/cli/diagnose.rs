//! `mend diagnose` driven by answers files: one transcript per situation and per method rule,
//! kept as data in `tests/transcripts/`.

use crate::harness::{mend, Mend};
use serde_json::Value;
use std::path::{Path, PathBuf};

fn transcripts() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/transcripts");
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir).expect("dir").map(|e| e.expect("e").path()).collect();
    files.sort();
    files
}

/// Runs a transcript without a terminal and without `--no-input`: before-call values the
/// transcript does not give print as blanks (with a warning), so the sheet can be checked.
fn run_transcript(path: &Path) -> (toml::Table, Value) {
    let text = std::fs::read_to_string(path).expect("read");
    let table: toml::Table = toml::from_str(&text).expect("transcript TOML");
    let answers = toml::to_string(table["answers"].as_table().expect("[answers]")).expect("answers");
    let run = Mend::new()
        .file("answers.toml", &answers)
        .args(["diagnose", "--answers", "answers.toml", "--format", "json"])
        .run()
        .success();
    (table["expect"].as_table().expect("[expect]").clone(), run.json())
}

#[test]
fn every_transcript_reaches_its_situation_reasons_and_tracks() {
    let mut situations_seen = std::collections::BTreeSet::new();
    for path in transcripts() {
        let name = path.file_name().expect("name").to_string_lossy().to_string();
        let (expect, sheet) = run_transcript(&path);
        let want = expect["situation"].as_str().expect("situation");
        assert_eq!(sheet["situation"], want, "{name}");
        situations_seen.insert(want.to_string());
        assert_eq!(sheet["unsure"], expect["unsure"].as_bool().expect("unsure"), "{name}");
        let reasons: Vec<&str> =
            sheet["reasons"].as_array().expect("reasons").iter().filter_map(Value::as_str).collect();
        for r in expect["reasons"].as_array().expect("reasons") {
            let r = r.as_str().expect("str");
            assert!(reasons.iter().any(|x| x.contains(r)), "{name}: no reason contains {r:?}: {reasons:#?}");
        }
        let tracks: Vec<&str> =
            sheet["tracks"].as_array().expect("tracks").iter().filter_map(|t| t["name"].as_str()).collect();
        let want_tracks: Vec<&str> =
            expect["tracks"].as_array().expect("tracks").iter().filter_map(|t| t.as_str()).collect();
        assert_eq!(tracks, want_tracks, "{name}");
        for t in sheet["tracks"].as_array().expect("tracks") {
            let text = t["text"].as_str().expect("text");
            assert!(!text.is_empty() && !text.contains("{{"), "{name}: {text}");
        }
        let next = sheet["steps"].as_array().expect("steps").iter().position(|s| s["status"] == "next").map(|i| i + 1);
        assert_eq!(next, expect.get("next").and_then(|n| n.as_integer()).map(|n| n as usize), "{name}: next step");
        let go_around = sheet["go_around"]["view"].as_str();
        assert_eq!(go_around, expect.get("go_around").and_then(|g| g.as_str()), "{name}: go-around view");
        if let Some(want) = expect.get("go_around_reason").and_then(|g| g.as_str()) {
            let got = sheet["go_around"]["reason"].as_str().unwrap_or_default();
            assert!(got.contains(want), "{name}: go-around reason {got:?} lacks {want:?}");
        }
        assert!(!sheet["ranking"].as_array().expect("ranking").is_empty());
    }
    assert_eq!(situations_seen.len(), 18, "a transcript per situation: {situations_seen:?}");
}

#[test]
fn captured_names_fill_the_talk_tracks() {
    let (_, sheet) = run_transcript(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/transcripts/gatekeeper.toml"));
    let text = sheet["tracks"][0]["text"].as_str().expect("text");
    assert!(text.contains("Priya") && text.contains("Northwind"), "{text}");
}

#[test]
fn missing_answers_without_a_terminal_name_each_question_and_its_values() {
    let run = mend(["diagnose", "--answer", "symptom=wont-introduce", "--answer", "stage=client"]).code(2);
    for id in ["`sponsor_reason`", "`ladder_tried`", "`account`", "`company`", "`sponsor`", "`stakeholder`"] {
        assert!(run.stderr.contains(id), "{id} not named:\n{}", run.stderr);
    }
    assert!(run.stderr.contains("allowed: ongoing, one-off"), "{}", run.stderr);
}

#[test]
fn unknown_ids_and_values_are_usage_errors_and_unused_answers_are_ignored() {
    mend(["diagnose", "--answer", "symtom=price"]).code(2).stderr_has("did you mean `symptom`?");
    mend(["diagnose", "--answer", "symptom=pricey"]).code(2).stderr_has("did you mean `price`?");
    mend(["diagnose", "--answer", "asked_client=maybe", "--answer", "symptom=price"]).code(2).stderr_has("yes/no");
    let run = mend([
        "diagnose",
        "-a",
        "symptom=our-slip",
        "-a",
        "stage=client",
        "-a",
        "slip_kind=small-miss",
        "-a",
        "slip_when=recent",
        "-a",
        "company=N",
        "-a",
        "client=D",
        "-a",
        "sponsor_reason=control",
        "--verbose",
        "--format",
        "json",
    ])
    .success();
    assert_eq!(run.json()["situation"], "service-failure");
    assert!(run.stderr.contains("sponsor_reason"), "{}", run.stderr);
}

#[test]
fn questions_are_listed_for_scripts() {
    let run = mend(["diagnose", "--questions", "--format", "json"]).success();
    let qs = run.json();
    let first = &qs[0];
    assert_eq!(first["id"], "symptom");
    assert_eq!(first["kind"], "single");
    assert!(first["choice"].as_array().expect("choices").iter().any(|c| c["value"] == "gone-dark"));
    assert!(qs.as_array().expect("a").iter().any(|q| q["when"].is_object() || q["when"].is_array()));
}

#[test]
fn the_sheet_renders_in_every_format() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/transcripts/pushaway.toml");
    let text = std::fs::read_to_string(path).expect("read");
    let table: toml::Table = toml::from_str(&text).expect("toml");
    let answers = toml::to_string(table["answers"].as_table().expect("a")).expect("s");
    for (format, needle) in
        [("text", "WHY MEND THINKS SO"), ("markdown", "## Why mend thinks so"), ("html", "<h2>Why mend thinks so</h2>")]
    {
        let run = Mend::new()
            .file("a.toml", &answers)
            .args(["diagnose", "--answers", "a.toml", "--format", format])
            .run()
            .success();
        assert!(run.stdout.contains(needle), "{format}:\n{}", run.stdout);
        assert!(run.stdout.contains("Dana"));
    }
}

#[test]
fn graph_exports_questions_and_situations() {
    let run = mend(["graph"]).success();
    assert!(run.stdout.starts_with("flowchart TD"));
    assert!(run.stdout.contains("symptom -- \"wont-introduce\" --> sponsor_reason"), "{}", run.stdout);
    assert!(run.stdout.contains("s_pushaway"));
    let run = mend(["graph", "--format", "dot"]).success();
    assert!(run.stdout.starts_with("digraph interview {") && run.stdout.trim_end().ends_with('}'));
}

const GONE_DARK: &str = "stage = \"client\"\nnext_meeting = \"yes\"\nsymptom = \"gone-dark\"\nasked_client = \"yes\"\nwhat_they_said = \"nothing-wrong\"\nrelationship = \"building\"\ncompany = \"Northwind\"\nclient = \"Dana\"\n";

#[test]
fn a_misspelled_values_key_gets_the_did_you_mean_that_vars_gives() {
    let run = Mend::new()
        .file("answers.toml", &format!("{GONE_DARK}\n[values]\ntheir_gaol = \"a calmer peak season\"\n"))
        .args(["diagnose", "--answers", "answers.toml", "--no-input", "--format", "json"])
        .run()
        .code(2)
        .stderr_has("answers.toml: the library has no variable `their_gaol` (did you mean `their_goal`?)");
    assert!(run.stdout.is_empty(), "nothing is printed: {}", run.stdout);
}

#[test]
fn values_fill_the_sheet_and_interview_answers_win_over_them() {
    let run = Mend::new()
        .file(
            "answers.toml",
            &format!("{GONE_DARK}\n[values]\nclient = \"Not Dana\"\ntheir_goal = \"a calmer peak season\"\n"),
        )
        .args(["diagnose", "--answers", "answers.toml", "--no-input", "--format", "markdown"])
        .run()
        .success();
    assert!(run.stdout.contains("Dana") && !run.stdout.contains("Not Dana"), "{}", run.stdout);
    assert!(run.stdout.contains("a calmer peak season") && !run.stdout.contains("[their goal]"), "{}", run.stdout);
}
