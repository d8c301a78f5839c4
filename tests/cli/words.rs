//! Words a rep can say aloud (issue 10): in-call blanks, kinds, lint on typed values, group
//! addressees, directions kept out of the words, and the scripting contract around them.

use crate::harness::{mend, Mend};
use serde_json::Value;

const SOURED_NOT_ASKED: [&str; 16] = [
    "--answer",
    "stage=client",
    "--answer",
    "worth_keeping=yes",
    "--answer",
    "symptom=gone-dark",
    "--answer",
    "asked_client=no",
    "--answer",
    "relationship=rocky",
    "--answer",
    "next_meeting=yes",
    "--answer",
    "company=Northwind",
    "--answer",
    "client=Tom",
];

fn sheet(args: &[&str], extra: &[&str]) -> crate::harness::Run {
    let mut all = vec!["diagnose"];
    all.extend(args);
    all.extend(extra);
    mend(all)
}

fn speech(track: &Value) -> Vec<String> {
    track["say"]
        .as_array()
        .expect("say")
        .iter()
        .filter(|b| b["kind"] == "speech")
        .map(|b| b["text"].as_str().expect("text").to_string())
        .collect()
}

#[test]
fn soured_unknown_not_asked_needs_no_in_call_value_and_apologises_for_nothing_unnamed() {
    // --no-input: every before-call value is known from the interview, so nothing is missing,
    // and the in-call values are blanks, not failures.
    let run = sheet(&SOURED_NOT_ASKED, &["--no-input", "--format", "json"]).success();
    let j = run.json();
    assert_eq!(j["situation"], "soured-unknown");
    let tracks = j["tracks"].as_array().expect("tracks");
    let defence = tracks.iter().find(|t| t["name"] == "no-defence").expect("no-defence renders for the call");
    assert_eq!(defence["during_call"], true);
    assert_eq!(defence["blanks"], serde_json::json!(["their_concern"]));
    assert!(defence["values"]["their_concern"].is_null());
    for t in tracks {
        for text in speech(t) {
            assert!(!text.contains("not known") && !text.contains("nothing yet"), "{}: {text}", t["name"]);
            assert!(!text.contains("you're right that"), "{}: presumes the content: {text}", t["name"]);
            // No apology in a block that comes before the client's words are heard.
            if let Some(blank) = text.find("[what Tom tells you") {
                assert!(!text[..blank].contains("sorry"), "{}: an apology before a fault is named: {text}", t["name"]);
            }
        }
    }
    let first_apology = speech(defence).iter().position(|t| t.contains("sorry"));
    let blank = speech(defence).iter().position(|t| t.contains("[what Tom tells you"));
    assert!(blank.is_some() && first_apology > blank, "the blank comes before any apology: {defence:#}");
    // Every direction is its own item, never in the words.
    assert!(defence["say"].as_array().expect("say").iter().any(|b| b["kind"] == "direction"));
    let text = sheet(&SOURED_NOT_ASKED, &["--no-input", "--width", "100"]).success().stdout;
    assert!(text.contains("(FOR DURING THE CALL)"), "{text}");
    assert!(text.contains("[what Tom tells you, in their words]"), "{text}");
    assert!(text.contains("→ Use this once Tom has told you"), "a direction is an aside: {text}");
}

#[test]
fn in_call_blanks_are_ruled_lines_in_html_and_bracketed_in_markdown() {
    let html = sheet(&SOURED_NOT_ASKED, &["--no-input", "--format", "html"]).success().stdout;
    assert!(html.contains("<span class=\"blank\" title=\"what Tom tells you, in their words\">"), "{html}");
    assert!(html.contains("<aside class=\"direction\">"), "{html}");
    assert!(!html.contains('\u{e000}'), "no marker leaks");
    let md = sheet(&SOURED_NOT_ASKED, &["--no-input", "--format", "markdown"]).success().stdout;
    assert!(md.contains("[what Tom tells you, in their words]"), "{md}");
    assert!(md.contains("> *Use this once Tom has told you"), "{md}");
}

#[test]
fn the_resister_path_leaves_the_leverage_person_blank() {
    let args = [
        "say",
        "tell-the-truth-upward",
        "--no-input",
        "--set",
        "resister=Sam",
        "--set",
        "company=Northwind",
        "--set",
        "problem=the double data entry",
        "--set",
        "cost=two lost days a month",
        "--format",
        "json",
    ];
    let j = mend(args).success().json();
    assert_eq!(j["blanks"], serde_json::json!(["leverage_person"]));
    assert!(j["values"]["leverage_person"].is_null());
    let words: Vec<String> = speech(&j["sections"]);
    assert!(words.iter().any(|w| w.contains('[')), "a visible blank: {words:?}");
    assert!(!words.iter().any(|w| w.contains('?') && w.contains("tell ?")), "{words:?}");
}

#[test]
fn a_typed_but_is_linted_on_stderr_and_in_json_and_the_exit_code_stays_zero() {
    let cause = "the vendor's API is broken and they won't fix it, but it's not our fault";
    let run = Mend::new()
        .args([
            "say",
            "fall-on-your-sword",
            "--no-input",
            "--set",
            "client=Tom",
            "--set",
            "promise=the migration by 1 March",
            "--set",
            &format!("what_happened={cause}"),
            "--set",
            "effort=we tried everything",
            "--format",
            "json",
        ])
        .run()
        .success();
    assert!(run.stderr.contains("warning: `what_happened`"), "{}", run.stderr);
    assert!(run.stderr.contains("but"), "names the rule: {}", run.stderr);
    let warnings = run.json()["warnings"].as_array().expect("warnings").clone();
    assert!(warnings.iter().any(|w| w["name"] == "what_happened" && w["fix"].is_string()), "{warnings:#?}");
    // Vague effort instead of the fault and the fix is an excuse (the `excuse` rule, evasion family).
    assert!(warnings.iter().any(|w| w["name"] == "effort"), "{warnings:#?}");
}

#[test]
fn a_group_addressee_is_addressed_as_a_group() {
    let run =
        mend(["say", "just-ask", "--no-input", "--set", "client=the board", "--set", "company=Northwind"]).success();
    assert!(!run.stdout.contains("the board, can I"), "{}", run.stdout);
    assert!(run.stdout.contains("Can I ask you something directly?"), "{}", run.stdout);
    let run = mend(["say", "just-ask", "--no-input", "--set", "client=Dana", "--set", "company=Northwind"]).success();
    assert!(run.stdout.contains("Dana, can I ask you something directly?"), "{}", run.stdout);
}

/// When a track's words change with answers that were not given, `say` names them on stderr, with
/// every value of each question; once given, the note is gone.
#[test]
fn say_names_the_answers_its_words_took_the_default_for() {
    let values = ["--set", "client=Dana", "--set", "delivered=errors fell", "--set", "next_year=more"];
    let mut args = vec!["say", "incumbent-record", "--no-input"];
    args.extend(values);
    let run = mend(args.clone()).success();
    assert!(run.stderr.contains("--answer stage=prospect|open-deal|client|lost"), "{}", run.stderr);
    args.extend(["--answer", "stage=lost"]);
    let run = mend(args).success();
    assert!(!run.stderr.contains("--answer"), "{}", run.stderr);
    assert!(run.stdout.contains("They have already decided."), "{}", run.stdout);
}

/// `-` alone leaves a before-call value a visible blank from every way in: no error with
/// `--no-input`, the blank in the words, its name in the JSON `blanks`.
#[test]
fn a_dash_leaves_a_visible_blank_from_every_way_in() {
    let run = mend(["say", "just-ask", "--no-input", "--set", "client=-", "--set", "company=Northwind"]).success();
    assert!(run.stdout.contains("[client], can I ask you something directly?"), "{}", run.stdout);
    assert!(!run.stdout.contains(" - "), "{}", run.stdout);
    let run = Mend::new()
        .env("MEND_VAR_CLIENT", "-")
        .args(["say", "just-ask", "--no-input", "--set", "company=Northwind", "--format", "json"])
        .run()
        .success();
    let json: serde_json::Value = serde_json::from_str(&run.stdout).expect("json");
    assert_eq!(json["blanks"], serde_json::json!(["client"]));
    assert_eq!(json["values"]["client"], serde_json::Value::Null);
    // The blank's private-use markers never reach any output, in the summary or the lists either.
    for format in ["text", "markdown", "html", "json"] {
        let args = ["say", "genuine-compliment", "--no-input", "--format", format];
        let args =
            [&args[..], &["--set", "client=-", "--set", "what_impressed_you=-", "--set", "their_goal=-"]].concat();
        let out = mend(args).success().stdout;
        assert!(!out.contains(['\u{E000}', '\u{E001}']), "{format}: {out}");
        assert!(out.contains("[client]") || out.contains("client"), "{format}: {out}");
    }
}

#[test]
fn kinds_refuse_placeholders_from_every_way_in_with_a_reason() {
    mend(["say", "just-ask", "--no-input", "--set", "client=?", "--set", "company=Northwind"])
        .code(2)
        .stderr_has("--set: `client` = \"?\"");
    Mend::new()
        .env("MEND_VAR_CLIENT", "not sure")
        .args(["say", "just-ask", "--no-input", "--set", "company=Northwind"])
        .run()
        .code(2)
        .stderr_has("stands for not knowing");
    mend([
        "say",
        "agree-a-new-plan",
        "--no-input",
        "--set",
        "client=Tom",
        "--set",
        "new_plan=we ship in two parts",
        "--set",
        "new_date=soonish",
        "--set",
        "checkpoint=Friday",
    ])
    .code(2)
    .stderr_has("is not a date mend can read");
    let mut args: Vec<&str> = SOURED_NOT_ASKED.to_vec();
    let i = args.iter().position(|a| *a == "client=Tom").expect("client");
    args[i] = "client=<";
    sheet(&args, &["--no-input"]).code(2).stderr_has("`client`");
}

#[test]
fn no_input_names_every_missing_before_call_value_and_never_a_blank() {
    let answers = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/transcripts/broken-commitment.toml"),
    )
    .expect("transcript");
    let table: toml::Table = toml::from_str(&answers).expect("toml");
    let answers = toml::to_string(table["answers"].as_table().expect("answers")).expect("answers");
    let run =
        Mend::new().file("a.toml", &answers).args(["diagnose", "--answers", "a.toml", "--no-input"]).run().code(2);
    for name in ["`promise`", "`what_happened`", "`effort`"] {
        assert!(run.stderr.contains(name), "names {name}: {}", run.stderr);
    }
    assert!(run.stdout.is_empty());
    // Without --no-input and without a terminal the sheet prints, with blanks and a warning.
    let run = Mend::new().file("a.toml", &answers).args(["diagnose", "--answers", "a.toml"]).run().success();
    assert!(
        run.stdout.contains("[promise]") && run.stderr.contains("warning: no value for `promise`"),
        "{}",
        run.stderr
    );
    // Given in [values], it passes.
    let full = format!(
        "{answers}\n[values]\npromise = \"the migration by 1 March\"\nwhat_happened = \"the archive uses an old format\"\neffort = \"two engineers tested three approaches\"\n"
    );
    Mend::new().file("a.toml", &full).args(["diagnose", "--answers", "a.toml", "--no-input"]).run().success();
}

#[test]
fn repeated_answers_accumulate_for_multiple_choice_and_say_takes_answer_flags() {
    let base = [
        "--answer",
        "stage=client",
        "--answer",
        "stakes=routine",
        "--answer",
        "symptom=wont-introduce",
        "--answer",
        "blocker=sponsor",
        "--answer",
        "sponsor_reason=no-idea",
        "--answer",
        "account=ongoing",
        "--answer",
        "company=Northwind",
        "--answer",
        "sponsor=Priya",
        "--answer",
        "stakeholder=Marcus",
    ];
    let one = sheet(&base, &["--format", "json", "--answer", "ladder_tried=honest-ask"]).success().json();
    let two = sheet(
        &base,
        &["--format", "json", "--answer", "ladder_tried=honest-ask", "--answer", "ladder_tried=eased-fear"],
    );
    let two = if two.code == 0 { two.json() } else { panic!("{}", two.stderr) };
    assert_eq!(two["answers"]["ladder_tried"].as_array().map(Vec::len), Some(2), "{:#}", two["answers"]);
    assert_ne!(one["answers"]["ladder_tried"], two["answers"]["ladder_tried"]);
    mend(["diagnose", "--answer", "stage=client", "--answer", "stage=lost", "--no-input"])
        .code(2)
        .stderr_has("exactly one");
    // say: the answer flags pick the words, checked against the script.
    let values = [
        "--set",
        "sponsor=Priya",
        "--set",
        "stakeholder=Marcus",
        "--set",
        "company=Northwind",
        "--set",
        "result=the rollout",
    ];
    let mut client = vec!["say", "honest-ask", "--no-input", "-f", "markdown", "--answer", "stage=client"];
    client.extend(values);
    assert!(mend(client).success().stdout.contains("you've backed this work"));
    let mut neutral = vec!["say", "honest-ask", "--no-input", "-f", "markdown"];
    neutral.extend(values);
    assert!(!mend(neutral).success().stdout.contains("you've backed this work"));
    let mut bad = vec!["say", "honest-ask", "--no-input", "--answer", "stage=clinet"];
    bad.extend(values);
    mend(bad).code(2).stderr_has("did you mean `client`?");
}

#[test]
fn check_reports_a_variable_named_like_a_question_and_a_bad_example() {
    let track = "+++\ntitle = \"T\"\nsituation = \"pushaway\"\nsummary = \"s\"\nnext_step = \"n\"\n\n[[variables]]\nname = \"symptom\"\nkind = \"date\"\nknown = \"before-call\"\nframe = \"By ____.\"\nprompt = \"p\"\nexample = \"whenever\"\n+++\nBy {{symptom}}.\n\n(Pause here.)\n";
    let run = Mend::new().file("lib/talk-tracks/t.md.hbs", track).args(["check", "lib"]).run().code(1);
    assert!(run.stdout.contains("variable `symptom` has the name of interview question `symptom`"), "{}", run.stdout);
    assert!(run.stdout.contains("the example of `symptom` is not a valid date"), "{}", run.stdout);
    assert!(run.stdout.contains("a direction is written as speech"), "{}", run.stdout);
}

/// A later step's `mend say` line carries the values this run has, shell-quoted and on one line
/// whatever the width, so it can be pasted as printed; run through a shell, it prints the same
/// words as the sheet would.
#[test]
fn later_steps_lines_carry_the_values_and_paste_whole() {
    let mut args: Vec<&str> = SOURED_NOT_ASKED.to_vec();
    let client = args.iter().position(|a| *a == "client=Tom").expect("client");
    args[client] = "client=Zoë O'Brien";
    let run = sheet(&args, &["--no-input", "--width", "40"]).success();
    let line = run
        .stdout
        .lines()
        .find(|l| l.contains("mend say "))
        .unwrap_or_else(|| panic!("no later-steps line:\n{}", run.stdout));
    assert!(line.ends_with("--set 'client=Zoë O'\\''Brien'"), "{line}");
    let command = line.split_once("mend say ").map(|(_, rest)| rest).expect("command");
    let home = tempfile::tempdir().expect("tmp");
    let out = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!("\"$0\" say {command} --no-input --format json"))
        .arg(crate::harness::bin())
        .env_clear()
        .env("HOME", home.path())
        .env("PATH", "/usr/bin:/bin")
        .output()
        .expect("sh runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let j: Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(j["values"]["client"], "Zoë O'Brien", "{j}");
}

/// Issue 25.4: a name is said as the rep typed it, at the start of a sentence and inside one.
#[test]
fn a_name_is_never_re_cased() {
    for name in ["An", "A", "The", "De", "O'Brien", "van der Berg"] {
        let set = format!("client={name}");
        let out = mend(["say", "just-ask", "--set", &set, "--set", "company=Acme", "--no-input"]).success().stdout;
        assert!(out.contains(&format!("{name}, can I ask you something directly?")), "{name}:\n{out}");
        assert!(out.contains(&format!("things with {name} have cooled")), "{name}:\n{out}");
    }
}

/// Issue 25.3: a date value takes the grammar `--due` takes, and a day that does not exist is
/// refused with the reason, from a flag as from the prompt.
#[test]
fn a_date_value_reads_like_a_due_date() {
    let base = ["say", "walk-away", "--set", "client=Dana", "--no-input", "--set"];
    let m = Mend::new().env("MEND_TODAY", "2026-11-26");
    let said = m.run_with(&[&base[..], &["check_in=in 3 days"]].concat()).success().stdout;
    assert!(said.contains("29 November 2026"), "in 3 days from Thursday 26 November:\n{said}");
    assert!(!said.contains("in 3 days"), "{said}");
    for (bad, why) in [("2026-02-31", "February 2026 has 28 days"), ("31 February", "February has 29 days")] {
        let set = format!("check_in={bad}");
        m.run_with(&[&base[..], &[set.as_str()]].concat()).code(2).stderr_has(why);
    }
    // The same day through `--due`.
    m.run_with(&["account", "new", "acme"]).success();
    m.run_with(&["promise", "acme", "Plan", "--due", "2026-02-31"]).code(2).stderr_has("February 2026 has 28 days");
    m.run_with(&["promise", "acme", "Plan", "--due", "15 December"]).success().stderr_has("Tue 2026-12-15");
}
