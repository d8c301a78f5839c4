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
    let mut mend = Mend::new();
    // A transcript about dates fixes today; the others must not depend on it.
    if let Some(today) = table.get("today").and_then(|t| t.as_str()) {
        mend = mend.env("MEND_TODAY", today);
    }
    let run = mend
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
        // The dated plan: its dates in order and an action for each, or no plan at all.
        let plan = sheet["go_around"]["plan"].as_array().cloned().unwrap_or_default();
        let strings = |key: &str| -> Vec<String> {
            expect
                .get(key)
                .and_then(|v| v.as_array())
                .map_or_else(Vec::new, |a| a.iter().filter_map(|v| v.as_str().map(String::from)).collect())
        };
        let dates: Vec<&str> = plan.iter().filter_map(|p| p["date"].as_str()).collect();
        assert_eq!(dates, strings("plan_dates"), "{name}: plan dates");
        for (p, want) in plan.iter().zip(strings("plan_actions")) {
            let action = p["action"].as_str().unwrap_or_default();
            assert!(action.contains(&want), "{name}: plan action {action:?} lacks {want:?}");
        }
        let never: Vec<&str> = sheet["go_around"]["never_say"]
            .as_array()
            .map_or_else(Vec::new, |a| a.iter().filter_map(Value::as_str).collect());
        let want_never = strings("never_say");
        assert_eq!(never.is_empty(), want_never.is_empty(), "{name}: never say {never:?}");
        for want in want_never {
            assert!(never.iter().any(|n| n.contains(&want)), "{name}: never say lacks {want:?}: {never:?}");
        }
        // What else it could be: named by the transcript, or absent (`null`).
        let want = expect.get("runner_up").and_then(|r| r.as_str());
        assert_eq!(sheet["runner_up"]["situation"].as_str(), want, "{name}: runner-up");
        if want.is_some() {
            assert!(sheet["runner_up"]["title"].as_str().is_some_and(|t| !t.is_empty()), "{name}: runner-up title");
            let question = sheet["runner_up"]["question"].as_str().unwrap_or_default();
            let want = expect.get("runner_up_question").and_then(|q| q.as_str()).unwrap_or("?");
            assert!(question.contains(want), "{name}: deciding question {question:?} lacks {want:?}");
        } else {
            assert!(sheet["runner_up"].is_null(), "{name}: {}", sheet["runner_up"]);
        }
    }
    // Every situation the library ships has a transcript that reaches it.
    let shipped = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("talk-tracks/situations.toml"))
        .expect("situations.toml");
    let ids: std::collections::BTreeSet<String> = shipped
        .lines()
        .collect::<Vec<_>>()
        .windows(2)
        .filter(|w| w[0].trim() == "[[situation]]")
        .filter_map(|w| w[1].strip_prefix("id = \"").and_then(|r| r.strip_suffix('"')).map(String::from))
        .collect();
    assert!(ids.len() >= 19, "situations.toml read as {ids:?}");
    assert_eq!(situations_seen, ids, "a transcript per situation");
}

#[test]
fn captured_names_fill_the_talk_tracks() {
    let (_, sheet) = run_transcript(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/transcripts/gatekeeper.toml"));
    let text = sheet["tracks"][0]["text"].as_str().expect("text");
    assert!(text.contains("Priya") && text.contains("Northwind"), "{text}");
}

/// A name answered `-` in the interview leaves a visible blank in the words, is in `blanks`,
/// and is never taken for a name.
#[test]
fn a_name_answered_with_a_dash_is_a_blank() {
    let text = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/transcripts/gatekeeper.toml"))
        .expect("read");
    let table: toml::Table = toml::from_str(&text).expect("transcript TOML");
    let mut answers = table["answers"].as_table().expect("[answers]").clone();
    answers.insert("sponsor".into(), "-".into());
    let answers = toml::to_string(&answers).expect("answers") + "[values]\nresult = \"the rollout\"\n";
    let run = Mend::new()
        .file("answers.toml", &answers)
        .args(["diagnose", "--answers", "answers.toml", "--no-input", "--format", "json"])
        .run()
        .success();
    assert!(!run.stdout.contains(['\u{E000}', '\u{E001}']), "a blank's markers leaked:\n{}", run.stdout);
    let sheet = run.json();
    let track = &sheet["tracks"][0];
    let words = track["text"].as_str().expect("text");
    assert!(words.contains("[sponsor]") && !words.contains(" - "), "{words}");
    assert!(track["blanks"].as_array().expect("blanks").iter().any(|b| b == "sponsor"), "{track}");
}

#[test]
fn missing_answers_without_a_terminal_name_each_question_and_its_values() {
    let run = mend([
        "diagnose",
        "--answer",
        "symptom=wont-introduce",
        "--answer",
        "blocker=sponsor",
        "--answer",
        "stage=client",
    ])
    .code(2);
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
        "slip_owner=me",
        "-a",
        "boss_saw=no",
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
    assert!(run.stdout.contains("blocker -- \"sponsor\" --> sponsor_reason"), "{}", run.stdout);
    assert!(run.stdout.contains("s_pushaway"));
    // The situations of issue 11, each with an edge leading to it.
    for id in ["people_changed", "competitor", "decision_made", "not_the_buyer", "unclear"] {
        assert!(run.stdout.contains(&format!("  s_{id}[[")), "no node s_{id}:\n{}", run.stdout);
        assert!(run.stdout.contains(&format!("--> s_{id}\n")), "nothing leads to s_{id}:\n{}", run.stdout);
    }
    assert!(
        run.stdout.contains(
            "their_change -- \"new-people (rule stalling-new-decision-maker)\" --> s_resistant_decision_maker"
        ),
        "{}",
        run.stdout
    );
    let run = mend(["graph", "--format", "dot"]).success();
    assert!(run.stdout.starts_with("digraph interview {") && run.stdout.trim_end().ends_with('}'));
}

const GONE_DARK: &str = "stage = \"client\"\nworth_keeping = \"yes\"\nnext_meeting = \"yes\"\nsymptom = \"gone-dark\"\nasked_client = \"yes\"\nwhat_they_said = \"nothing-wrong\"\nrelationship = \"building\"\ncompany = \"Northwind\"\nclient = \"Dana\"\n";

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

/// The answers of a transcript, as an answers file.
fn transcript_answers(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/transcripts").join(name);
    let table: toml::Table = toml::from_str(&std::fs::read_to_string(path).expect("read")).expect("toml");
    toml::to_string(table["answers"].as_table().expect("[answers]")).expect("answers")
}

#[test]
fn an_unsure_sheet_shows_the_runner_up_and_its_deciding_question_in_every_format() {
    let answers = transcript_answers("rule-just-ask-first.toml");
    let question = "Is something in how we have gone about this bothering you, or is what we offer not what you need?";
    for (format, heading) in [
        ("text", "WHAT ELSE IT COULD BE"),
        ("markdown", "## What else it could be"),
        ("html", "<h2>What else it could be</h2>"),
    ] {
        let run = Mend::new()
            .file("a.toml", &answers)
            .args(["diagnose", "--answers", "a.toml", "--format", format, "--width", "200"])
            .run()
            .success();
        let out = run.stdout.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(out.contains(heading), "{format}:\n{}", run.stdout);
        assert!(out.contains("It could also be: what you sell isn"), "{format}: runner-up title:\n{}", run.stdout);
        assert!(out.contains(question), "{format}: question:\n{}", run.stdout);
    }
    // A sure sheet has nothing else to offer.
    let run = Mend::new()
        .file("a.toml", &transcript_answers("pushaway.toml"))
        .args(["diagnose", "--answers", "a.toml", "--format", "text"])
        .run()
        .success();
    assert!(!run.stdout.contains("WHAT ELSE IT COULD BE"), "{}", run.stdout);
}

#[test]
fn none_of_these_fits_says_so_and_leads_with_asking() {
    let run = Mend::new()
        .file("a.toml", &transcript_answers("unclear.toml"))
        .args(["diagnose", "--answers", "a.toml", "--format", "text", "--width", "200"])
        .run()
        .success();
    let mut lines = run.stdout.lines();
    assert_eq!(lines.next(), Some("Prep sheet: No pattern fits yet"), "{}", run.stdout);
    let intro = lines.next().unwrap_or_default();
    assert!(intro.contains("none of its patterns fits") && intro.contains("Start by asking"), "{intro}");
    assert!(!run.stdout.to_lowercase().contains("gone sour"), "{}", run.stdout);
    assert!(!run.stdout.contains("point most to"), "{}", run.stdout);
    assert!(run.stdout.contains("TALK-TRACK: ASK HOW IT LOOKS FROM THEIR SIDE"), "{}", run.stdout);
}

#[test]
fn an_urgent_gatekeeper_gets_a_dated_plan_from_today_telling_the_sponsor_first() {
    let run = Mend::new()
        .env("MEND_TODAY", "2026-03-05")
        .file("a.toml", &transcript_answers("case-urgent-gatekeeper.toml"))
        .args(["diagnose", "--answers", "a.toml", "--format", "text", "--width", "200"])
        .run()
        .success();
    let out = &run.stdout;
    assert!(out.contains("going around is now the step to take"), "{out}");
    let at = |needle: &str| out.find(needle).unwrap_or_else(|| panic!("no {needle:?} in:\n{out}"));
    let (tell, ask, meet) = (
        at("By Fri 6 Mar: Tell your sponsor yourself"),
        at("By Mon 9 Mar: Ask the other person"),
        at("By Wed 11 Mar: Hold the meeting"),
    );
    assert!(tell < ask && ask < meet, "{out}");
    assert!(out.contains("NEVER SAY"), "{out}");
    assert!(!out.contains("[ruled out here]"), "{out}");
    // Another day, other dates: the plan follows today, not a fixed calendar.
    let run = Mend::new()
        .env("MEND_TODAY", "2026-03-02")
        .file("a.toml", &transcript_answers("case-urgent-gatekeeper.toml"))
        .args(["diagnose", "--answers", "a.toml", "--format", "text", "--width", "200"])
        .run()
        .success();
    assert!(run.stdout.contains("By Tue 3 Mar: Tell your sponsor yourself"), "{}", run.stdout);
    // A bad MEND_TODAY is the same usage error the account commands give.
    Mend::new()
        .env("MEND_TODAY", "soon")
        .file("a.toml", &transcript_answers("case-urgent-gatekeeper.toml"))
        .args(["diagnose", "--answers", "a.toml"])
        .run()
        .code(2)
        .stderr_has("MEND_TODAY");
}

/// Issue 25.9: `diagnose` takes values the way `say` does: `--set`, `--vars` and `MEND_VAR_*`,
/// through the one value pipeline, with the same typo check.
#[test]
fn diagnose_takes_set_vars_and_the_environment_like_say() {
    let answers = [
        "symptom=wont-introduce",
        "sponsor_reason=control",
        "stakes=routine",
        "company=Northwind",
        "sponsor=Dana",
        "stakeholder=Jim",
        "stage=client",
        "ladder_tried=honest-ask",
        "account=ongoing",
        "blocker=sponsor",
    ];
    let mut base = vec!["diagnose", "--no-input"];
    for a in &answers {
        base.extend(["-a", a]);
    }
    let m = Mend::new().file("v.toml", "fear = \"being left out of the rollout\"\n");
    let with = |extra: &[&str]| m.run_with(&[&base[..], extra].concat());
    with(&["--set", "fear=losing control of the rollout"]).success().stdout_has("losing control of the rollout");
    with(&["--vars", "v.toml"]).success().stdout_has("being left out of the rollout");
    m.run_with_env(&[("MEND_VAR_FEAR", "losing the budget line")], &base)
        .success()
        .stdout_has("losing the budget line");
    with(&["--vars", "v.toml", "--set", "fear=losing face"]).success().stdout_has("losing face");
    with(&["--set", "faer=x"]).code(2).stderr_has("did you mean `fear`?");
}

/// Issue 23, our own firm: the later step that fixes it inside is listed with a `mend say` line
/// that carries the answer its words test (their boss saw it), so pasted it says the same words
/// the sheet would; and the senior-to-senior apology is a step of its own.
#[test]
fn the_inside_fix_is_a_later_step_whose_say_line_carries_what_its_words_test() {
    let answers = transcript_answers("stance-our-own-firm.toml");
    let m = Mend::new().file("a.toml", &answers);
    let run = m.run_with(&["diagnose", "--answers", "a.toml", "--width", "200"]).success();
    let line = run.stdout.lines().find(|l| l.contains("mend say escalate-inside")).expect("a say line");
    assert!(line.contains("--answer boss_saw=yes"), "{line}");
    assert!(run.stdout.contains("Have a senior person apologise to theirs"), "{}", run.stdout);
    let said = m
        .run_with(&[
            "say",
            "escalate-inside",
            "-a",
            "boss_saw=yes",
            "-s",
            "colleague=Sam",
            "-s",
            "inside_facts=-",
            "-s",
            "fix_by=-",
            "--format",
            "markdown",
        ])
        .success();
    assert!(said.stdout.contains("someone senior from our side will call theirs"), "{}", said.stdout);
    // Where it sits with the rep alone, there is nothing to fix inside and nobody senior to send.
    let mine = answers
        .replace("slip_owner = \"other-team\"", "slip_owner = \"me\"")
        .replace("boss_saw = \"yes\"", "boss_saw = \"no\"");
    let run =
        Mend::new().file("a.toml", &mine).args(["diagnose", "--answers", "a.toml", "--format", "json"]).run().success();
    let steps = run.json()["steps"].as_array().expect("steps").clone();
    let status = |title: &str| steps.iter().find(|s| s["title"] == title).map(|s| s["status"].clone());
    assert_eq!(status("Get it fixed inside your firm"), Some(serde_json::json!("not-for-this-account")));
    assert_eq!(status("Have a senior person apologise to theirs"), Some(serde_json::json!("not-for-this-account")));
}
