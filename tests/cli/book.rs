//! `mend book` (the team playbook) and the call card that `diagnose` prints for HTML and
//! Markdown. How they look on paper is checked in a real browser by `tests/print.rs`.

use crate::harness::{mend, Mend};
use serde_json::Value;
use std::path::Path;

/// Situation ids and titles of the built-in library, in file order.
fn situations() -> Vec<(String, String)> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("talk-tracks/situations.toml");
    let table: toml::Table = toml::from_str(&std::fs::read_to_string(path).expect("read")).expect("TOML");
    table["situation"]
        .as_array()
        .expect("[[situation]]")
        .iter()
        .map(|s| (s["id"].as_str().expect("id").into(), s["title"].as_str().expect("title").into()))
        .collect()
}

#[test]
fn the_playbook_has_every_situation_in_order_and_every_track_with_blanks() {
    let book = mend(["book", "--format", "markdown"]).success().stdout;
    let mut last = 0;
    for (id, title) in situations() {
        let link = format!("- [{title}](#part-{id})");
        assert!(book.contains(&link), "no contents entry {link:?}");
        let heading = format!("<a id=\"part-{id}\"></a>\n\n## {title}\n");
        let at = book.find(&heading).unwrap_or_else(|| panic!("no part {heading:?}"));
        assert!(at > last, "part `{id}` is out of library order");
        last = at;
    }
    let tracks: Value = serde_json::from_str(&mend(["list", "--format", "json"]).success().stdout).expect("JSON");
    for t in tracks.as_array().expect("tracks") {
        let title = t["title"].as_str().expect("title");
        // A track for during the call says so in its heading.
        let heading = format!("### Talk-track: {title}\n");
        let during = format!("### Talk-track: {title} (for during the call)\n");
        assert!(book.contains(&heading) || book.contains(&during), "no {heading:?}");
    }
    assert!(book.contains("[sponsor], before we get into the details"), "variables are not labelled blanks");
    // `\[`: a listed blank reads `[sponsor]` and is never a link reference definition.
    assert!(book.contains("- \\[sponsor]: "), "the blanks are not listed with their prompts");
    assert!(!book.contains("{{"), "an unrendered template");
    let gatekeeper = &book[book.find("## A sponsor who won't let you past").expect("gatekeeper part")..];
    let gatekeeper = &gatekeeper[..gatekeeper[1..].find("\n## ").map_or(gatekeeper.len(), |i| i + 1)];
    for part in ["### Signals", "### Steps, in order", "### Go around or not?", "Do not go around (A long-term account"]
    {
        assert!(gatekeeper.contains(part), "the gatekeeper part lacks {part:?}:\n{gatekeeper}");
    }
    assert_eq!(book.matches("\n---\n").count(), situations().len(), "one page break per part");
}

#[test]
fn the_playbook_html_breaks_pages_and_links_its_contents() {
    let html = mend(["book"]).success().stdout;
    assert!(html.starts_with("<!DOCTYPE html>"), "HTML is the default");
    assert!(html.contains("<section class=\"new-page\">\n<h2 id=\"part-gatekeeper\">"), "no page break before a part");
    assert!(html.contains("<a href=\"#part-gatekeeper\">"), "the contents do not link");
    assert!(
        html.contains("<span class=\"blank\" title=\"sponsor\"><span class=\"blank-label\">sponsor</span></span>"),
        "blanks are not drawn as lines to write on"
    );
    assert!(html.contains("counter(page)"), "no page numbers in print");
}

/// The go-around view of a part is the script's own go-around rules that decide on some path of
/// the interview ending in that situation, naming only answers given on such a path.
#[test]
fn the_go_around_view_lists_the_rules_that_decide_on_a_path_to_the_situation() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/interview.toml");
    let script: toml::Table = toml::from_str(&std::fs::read_to_string(path).expect("read")).expect("TOML");
    let reason = |id: &str| -> String {
        let rules = script["rule"].as_array().expect("[[rule]]");
        let rule = rules.iter().find(|r| r["id"].as_str() == Some(id)).unwrap_or_else(|| panic!("no rule {id}"));
        rule["reason"].as_str().expect("reason").to_string()
    };
    let book = mend([
        "book",
        "--situation",
        "gatekeeper",
        "--situation",
        "resistant-faction",
        "--situation",
        "pushaway",
        "--format",
        "markdown",
    ])
    .success()
    .stdout;
    let view = |id: &str| -> String {
        let part = &book[book.find(&format!("<a id=\"part-{id}\">")).expect("part")..];
        let view = &part[part.find("### Go around or not?").expect("go-around view")..];
        view[..view[1..].find("\n<a id").map_or(view.len(), |i| i + 1)].to_string()
    };
    let gatekeeper = view("gatekeeper");
    for rule in ["gatekeeper-survival", "gatekeeper-ongoing", "gatekeeper-time-critical", "gatekeeper-routine"] {
        assert!(gatekeeper.contains(&reason(rule)), "gatekeeper lacks rule {rule}:\n{gatekeeper}");
    }
    assert!(!gatekeeper.contains(&reason("resistance-ongoing")), "{gatekeeper}");
    let faction = view("resistant-faction");
    for rule in ["resistance-one-off-urgent", "resistance-ongoing"] {
        assert!(faction.contains(&reason(rule)), "resistant-faction lacks rule {rule}:\n{faction}");
    }
    assert!(!faction.contains(&reason("gatekeeper-ongoing")), "{faction}");
    // The rule also covers `symptom = "user-says-no"`, but no path to a faction gives that answer.
    assert!(!faction.contains("sounds like a no"), "an answer off every faction path is named:\n{faction}");
    assert!(view("pushaway").contains("does not arise"), "{}", view("pushaway"));
}

#[test]
fn situations_can_be_picked_and_a_wrong_id_is_a_usage_error() {
    let book =
        mend(["book", "--situation", "pushaway", "--situation", "gatekeeper", "--format", "markdown"]).success().stdout;
    let (gatekeeper, pushaway) = (book.find("## A sponsor who won't let you past"), book.find("(#part-pushaway)"));
    assert!(gatekeeper.is_some() && pushaway.is_some(), "{book}");
    assert!(!book.contains("part-service-failure"), "an unasked situation is in the book");
    assert!(book.starts_with("# Playbook") && book.contains("*2 situations and "), "{book}");
    mend(["book", "--situation", "gatekeper"]).code(2).stderr_has("did you mean `gatekeeper`?");
}

#[test]
fn a_teams_tracks_appear_in_their_situation_and_strays_get_a_part() {
    let track = |title: &str, situation: &str| {
        format!("+++\ntitle = \"{title}\"\nsituation = \"{situation}\"\nsummary = \"Our way in with {{{{client}}}}.\"\nnext_step = \"Book the follow-up.\"\n\n[[variables]]\nname = \"client\"\nprompt = \"Name\"\n+++\nHi {{{{client}}}}, our team says hello.\n")
    };
    let m = Mend::new()
        .file("team/team-opener.md.hbs", &track("Team opener", "gatekeeper"))
        .file("team/odd-one.md.hbs", &track("Odd one", "not-a-situation"));
    let book = m.run_with(&["--library", "team", "book", "--format", "markdown"]).success().stdout;
    let gatekeeper = book.find("## A sponsor who won't let you past").expect("gatekeeper");
    let next_part = gatekeeper + book[gatekeeper..].find("<a id=\"part-").expect("a part after it");
    let opener = book.find("### Talk-track: Team opener").expect("the team's track");
    assert!(gatekeeper < opener && opener < next_part, "the team's track is not in its situation");
    assert!(book.contains("Our way in with [client]. (From your team's library.)"), "{book}");
    assert!(book.contains("Hi [client], our team says hello."));
    let other = book.find("## Other talk-tracks").expect("a part for tracks of unknown situations");
    assert!(book[other..].contains("### Talk-track: Odd one"));
}

#[test]
fn the_playbook_is_written_atomically_and_never_clobbers() {
    let m = Mend::new();
    m.run_with(&["book", "--out", "book.html"]).success();
    assert!(std::fs::read_to_string(m.path("book.html")).expect("written").contains("Playbook"));
    m.run_with(&["book", "--out", "book.html"]).code(2);
    m.run_with(&["book", "--out", "book.html", "--force", "--format", "markdown"]).success();
    assert!(std::fs::read_to_string(m.path("book.html")).expect("written").starts_with("# Playbook"));
    mend(["--help"]).success().stdout_has("book");
}

#[test]
fn the_card_puts_the_room_first_and_the_background_after_a_break() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/transcripts/gatekeeper.toml");
    let table: toml::Table = toml::from_str(&std::fs::read_to_string(path).expect("read")).expect("toml");
    let answers = toml::to_string(table["answers"].as_table().expect("answers")).expect("toml");
    let m = Mend::new().file("a.toml", &answers);
    let md = m
        .run_with_env(&[("MEND_TODAY", "2026-12-08")], &["diagnose", "--answers", "a.toml", "--format", "markdown"])
        .success()
        .stdout;
    // Issue 25.5: the card names whom and when it is for, and does not restate its title.
    assert!(!md.contains("Most likely"), "{md}");
    let order = [
        "# Prep sheet: A sponsor who won't let you past\n\n*Call with Priya at Northwind, prepared 8 December 2026.*",
        "## Why mend thinks so",
        "## Your step now\n\nStep 1 of 6: Assume they have a reason, and find it out.",
        "## What to say: The honest ask",
        "## What not to say",
        "## Questions to ask",
        "## What to agree before you hang up\n\nAgree with Priya",
        "\n---\n",
        "## What is going on",
        "## Go around or not?",
        "## Steps, in order",
    ];
    let mut last = 0;
    for part in order {
        let at = md.find(part).unwrap_or_else(|| panic!("no {part:?} in:\n{md}"));
        assert!(at >= last, "{part:?} is out of order:\n{md}");
        last = at;
    }
    let html = m.run_with(&["diagnose", "--answers", "a.toml", "--format", "html"]).success().stdout;
    assert!(html.contains("<section class=\"new-page\">\n<h2>What is going on</h2>"), "no page break in HTML");
    assert_eq!(html.matches("class=\"new-page\"").count(), 1);
    // The terminal keeps the diagnosis first.
    let text = m.run_with(&["diagnose", "--answers", "a.toml", "--format", "text"]).success().stdout;
    let (going_on, say) = (text.find("WHAT IS GOING ON").expect("a"), text.find("What to say").expect("b"));
    assert!(going_on < say, "{text}");
}
