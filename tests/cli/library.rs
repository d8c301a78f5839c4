//! Library layers, `mend check`, and `mend paths`.

use crate::harness::{mend, Mend};

fn fixtures() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

#[test]
fn check_passes_on_the_embedded_library() {
    let run = mend(["check"]).success();
    assert!(run.stdout.contains("built-in library: no problems"), "{}", run.stdout);
}

#[test]
fn check_reports_every_kind_of_problem_with_positions() {
    let dir = fixtures().join("broken-library");
    let run = mend(["check".to_string(), dir.display().to_string()]).code(1);
    let out = run.stdout.replace(&format!("{}/", dir.display()), "");
    let expected = [
        "bad-toml.md.hbs:4:25: invalid basic string",
        "unclosed-if.md.hbs:12:1: template error in body: `{{#if}}` is never closed; add `{{/if}}`",
        "undeclared.md.hbs:12:11: variable `sponsr` is used in body and not declared\n  hint: did you mean `sponsor`?",
        "unused.md.hbs:12:1: variable `extra` is declared and never used",
        "unknown-situation.md.hbs:3:1: unknown situation id `gatekeper`\n  hint: did you mean `gatekeeper`?",
        "unknown-helper.md.hbs:7:7: unknown helper `shout` in body",
        "dup.team.md.hbs: duplicate track name `dup`",
        "situations.toml:2:1: situation `lonely` has no talk-track",
        "situations.toml:7:1: situation `lonely-ok` step \"Do it\" names unknown track `no-such-track`",
        "situations.toml:2:1: situation `lonely` has no `ask`",
    ];
    for e in expected {
        assert!(out.contains(e), "missing {e:?} in:\n{out}");
    }
    assert!(out.contains(": 11 problems"), "{out}");
}

#[test]
fn check_validates_scripts() {
    let dir = fixtures().join("broken-scripts");
    let run = mend(["check".to_string(), dir.display().to_string()]).code(1);
    let out = run.stdout.replace(&format!("{}/", dir.display()), "");
    for e in [
        "scripts/interview.toml:15:14: unknown situation `gatekeepr`",
        "refers to `second`, which is not asked before it: the condition can never be true (a cycle)",
        "scripts/interview.toml:31:1: question id `second` is used twice",
        "`second` tests `first` for `c`, which is not one of its values",
        "refers to unknown question `nowhere`",
        "rule `r` leads with unknown track `jus-ask`\n  hint: did you mean `just-ask`?",
    ] {
        assert!(out.contains(e), "missing {e:?} in:\n{out}");
    }
}

#[test]
fn check_of_a_missing_or_file_dir_is_a_usage_error() {
    mend(["check", "no-such-dir"]).code(2).stderr_has("does not exist");
    Mend::new().file("plain.txt", "x").args(["check", "plain.txt"]).run().code(2).stderr_has("is a file");
}

const TEAM_TRACK: &str = "+++
title = \"Team opener\"
situation = \"pushaway\"
summary = \"Our team's way in.\"
next_step = \"Book the follow-up.\"

[[variables]]
name = \"client\"
prompt = \"Name\"
+++
Hi {{client}}, our team says hello.
";

#[test]
fn a_library_adds_and_overrides_tracks() {
    let just_ask_override = TEAM_TRACK.replace("Team opener", "Our own just ask");
    let m = Mend::new().file("team/team-opener.md.hbs", TEAM_TRACK).file("team/just-ask.md.hbs", &just_ask_override);
    let run = m.args(["--library", "team", "list", "--format", "json"]).run().success();
    let list = run.json();
    let find = |n: &str| list.as_array().expect("a").iter().find(|t| t["name"] == n).cloned().expect("track");
    assert_eq!(find("team-opener")["title"], "Team opener");
    assert_eq!(find("just-ask")["title"], "Our own just ask");
    assert!(find("just-ask")["source"].as_str().expect("s").ends_with("team/just-ask.md.hbs"));
    let m = Mend::new().file("team/team-opener.md.hbs", TEAM_TRACK);
    let run = m.args(["say", "team-opener", "--library", "team", "--set", "client=Dana"]).run().success();
    assert!(run.stdout.contains("Hi Dana, our team says hello."), "{}", run.stdout);
}

#[test]
fn later_layers_win_flag_over_env_over_user_dir() {
    let m = Mend::new()
        .file(".config/mend/talk-tracks/team-opener.md.hbs", &TEAM_TRACK.replace("Team opener", "From user"))
        .file("env/team-opener.md.hbs", &TEAM_TRACK.replace("Team opener", "From env"))
        .file("flag/team-opener.md.hbs", &TEAM_TRACK.replace("Team opener", "From flag"));
    let title = |env: Option<&std::path::Path>, flag: bool| -> String {
        let mut cmd = crate::harness::clean_command(m.dir.path());
        if let Some(dir) = env {
            cmd.env("MEND_LIBRARY", dir);
        }
        if flag {
            cmd.args(["--library", "flag"]);
        }
        let out = cmd.args(["list", "--format", "json"]).output().expect("run");
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
        let t = v.as_array().expect("a").iter().find(|t| t["name"] == "team-opener").expect("track").clone();
        t["title"].as_str().expect("title").to_string()
    };
    assert_eq!(title(None, false), "From user");
    assert_eq!(title(Some(&m.path("env")), false), "From env");
    assert_eq!(title(Some(&m.path("env")), true), "From flag");
}

#[test]
fn a_missing_library_is_an_error_and_paths_shows_it() {
    mend(["--library", "nope", "list"]).code(2).stderr_has("library directory `nope` (from --library) does not exist");
    let run = Mend::new().env("MEND_LIBRARY", "/definitely/missing").args(["list"]).run().code(2);
    assert!(run.stderr.contains("MEND_LIBRARY"), "{}", run.stderr);
    let run = Mend::new().args(["paths", "--library", "nope"]).run().success();
    assert!(run.stdout.contains("built-in"), "{}", run.stdout);
    assert!(run.stdout.contains("default (from XDG_CONFIG_HOME)"), "{}", run.stdout);
    assert!(run.stdout.contains("flag --library") && run.stdout.contains("[missing]"), "{}", run.stdout);
}

#[test]
fn list_filters_by_situation() {
    let run = mend(["list", "--situation", "gatekeeper", "--format", "json"]).success();
    let names: Vec<String> =
        run.json().as_array().expect("a").iter().map(|t| t["name"].as_str().expect("n").to_string()).collect();
    for n in ["honest-ask", "ease-sponsor-fear", "ask-allies", "colleague-approach", "go-around"] {
        assert!(names.contains(&n.to_string()), "{names:?}");
    }
    assert!(names.iter().all(|n| !n.contains("pushaway")));
    mend(["list", "--situation", "gatekeper"]).code(2).stderr_has("did you mean `gatekeeper`?");
}
