//! The team playbook: the whole library as one printable document, for sharing and training.
//!
//! A title page, a table of contents that links to each part, then one part per situation: what is
//! going on, the signals that point to it (read from the interview script, so a coach's edits show
//! up here), the steps in order, the go-around view (the script's own go-around rules that decide
//! on some path of the interview ending in that situation), and every talk-track filed under it with its
//! variables left as labelled blanks (a line labelled `sponsor` in print, `[sponsor]` in Markdown). A team's own situations and tracks take their
//! place beside the built-in ones, because the builder sees only the merged library.

use super::track::RenderedTrack;
use super::track_heading;
use crate::content::origin::Origin;
use crate::content::situation::Situation;
use crate::content::talk_track::TalkTrack;
use crate::error::Error;
use crate::format::document::{blank, Content, Document, Section};
use crate::format::Printable;
use crate::interview::script::{Condition, GoAround, Kind, Script};
use crate::interview::{every_path, max_paths};
use crate::values::{blank_label, Resolved};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// The playbook, laid out. Its data for scripts is the document itself: `mend book` offers only
/// HTML and Markdown, and the library's own files are the better source for anything else.
#[derive(Debug, Clone, Serialize)]
pub struct Playbook {
    document: Document,
}

impl Printable for Playbook {
    fn document(&self) -> Document {
        self.document.clone()
    }
}

/// An anchor made only of `a-z`, `0-9` and `-`, whatever a team named its situation.
fn anchor(prefix: &str, id: &str) -> String {
    let slug: String =
        id.chars().map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '-' }).collect();
    format!("{prefix}-{slug}")
}

/// Builds the playbook for `situations` (some or all of the library's `all`, in library order) and
/// `tracks`.
///
/// Tracks filed under a situation that is not in the library get a closing part of their own,
/// so no track is ever left out of the book.
pub fn build(
    all: &[Situation],
    situations: &[&Situation],
    script: &Script,
    tracks: &[TalkTrack],
    whole_library: bool,
) -> Result<Playbook, Error> {
    let routes = routes(script, all);
    let mut sections = vec![Section::new(
        "How to use this playbook",
        Content::List(vec![
            "Each part is one situation mend diagnoses: what is going on, the signals that point to it, the steps in order, and whether going around anyone is ever right.".into(),
            format!("After the steps come the talk-tracks for that situation. A blank, like {}, is yours to fill in: before the call, or live in the room.", blank("sponsor")),
            "Before a real call, run `mend` for a one-page call card with the client's names filled in.".into(),
        ]),
    )];
    let mut parts: Vec<(String, String, Vec<Section>)> = Vec::new();
    for situation in situations {
        let own: Vec<&TalkTrack> = order_tracks(situation, tracks);
        let mut part =
            vec![Section::new(situation.title.to_string(), Content::Paragraph(situation.description.to_string()))
                .on_new_page()
                .anchored(anchor("part", &situation.id))];
        part.push(Section::sub("Signals", signals(script, &situation.id)));
        part.push(Section::sub("Steps, in order", steps(situation, tracks)));
        part.push(Section::sub("Go around or not?", go_around(script, routes.as_ref(), &situation.id)));
        for track in own {
            part.extend(track_sections(track)?);
        }
        parts.push((situation.title.to_string(), anchor("part", &situation.id), part));
    }
    if whole_library {
        let known: BTreeSet<&str> = situations.iter().map(|s| s.id.as_str()).collect();
        let strays: Vec<&TalkTrack> = tracks.iter().filter(|t| !known.contains(t.front.situation.as_str())).collect();
        if !strays.is_empty() {
            let mut part = vec![Section::new(
                "Other talk-tracks",
                Content::Paragraph("Talk-tracks filed under a situation this library does not describe.".into()),
            )
            .on_new_page()
            .anchored("part-other-talk-tracks")];
            for track in strays {
                part.extend(track_sections(track)?);
            }
            parts.push(("Other talk-tracks".into(), "part-other-talk-tracks".into(), part));
        }
    }
    // The contents stay on the title page: one sheet less to print, and the first thing a
    // reader sees is where everything is.
    sections
        .push(Section::new("Contents", Content::Links(parts.iter().map(|(t, a, _)| (t.clone(), a.clone())).collect())));
    for (_, _, part) in parts {
        sections.extend(part);
    }
    let count = |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let track_count = tracks.iter().filter(|t| situations.iter().any(|s| s.id == t.front.situation)).count();
    let document = Document {
        title: "Playbook: stuck client relationships".into(),
        intro: Some(format!(
            "{} and {}: what is going on, what to do in what order, and the words to say.",
            count(situations.len(), "situation", "situations"),
            count(track_count, "talk-track", "talk-tracks"),
        )),
        sections,
    };
    Ok(Playbook { document })
}

/// A situation's tracks: first in the order its steps name them, then the rest by name.
fn order_tracks<'a>(situation: &Situation, tracks: &'a [TalkTrack]) -> Vec<&'a TalkTrack> {
    let mut own: Vec<&TalkTrack> = tracks.iter().filter(|t| t.front.situation == situation.id).collect();
    let position =
        |t: &TalkTrack| situation.steps.iter().position(|s| s.tracks.contains(&t.name)).unwrap_or(usize::MAX);
    own.sort_by(|a, b| position(a).cmp(&position(b)).then(a.name.cmp(&b.name)));
    own
}

/// The interview answers that point to `id`, strongest first, and the rules that conclude it.
fn signals(script: &Script, id: &str) -> Content {
    let mut weighted: Vec<(i32, String)> = Vec::new();
    for q in &script.questions {
        for value in q.allowed() {
            let Some(meaning) = q.meaning(&value) else { continue };
            if let Some((_, w)) = meaning.evidence.iter().find(|(s, w)| s.as_str() == id && **w > 0) {
                let said = match q.kind {
                    Kind::YesNo => format!("{} {}", q.text, meaning.label),
                    _ => meaning.label.clone(),
                };
                weighted.push((*w, said));
            }
        }
    }
    weighted.sort_by_key(|(w, _)| std::cmp::Reverse(*w));
    let mut items: Vec<String> = weighted.into_iter().map(|(_, s)| s).collect();
    for rule in &script.rules {
        if rule.conclude.as_deref() == Some(id) {
            items.push(rule.reason.to_string());
        }
    }
    if items.is_empty() {
        Content::Paragraph("No interview answer points here on its own; mend reaches it through the rules of the method or a team's script.".into())
    } else {
        Content::List(items)
    }
}

fn steps(situation: &Situation, tracks: &[TalkTrack]) -> Content {
    let title = |name: &str| {
        tracks.iter().find(|t| t.name == name).map_or_else(|| name.to_string(), |t| t.front.title.to_string())
    };
    Content::Steps(
        situation
            .steps
            .iter()
            .map(|s| {
                let mut line =
                    format!("{}: {}", crate::case::step_text(&s.title, &[]), crate::case::step_text(&s.detail, &[]));
                if s.last_resort {
                    line.insert_str(0, "[last resort] ");
                }
                if !s.tracks.is_empty() {
                    let names: Vec<String> = s.tracks.iter().map(|t| title(t)).collect();
                    line.push_str(&format!(" (Talk-track: {}.)", names.join("; ")));
                }
                line
            })
            .collect(),
    )
}

/// What the interview's paths to one situation have in common, and how going around is decided
/// on them.
#[derive(Debug, Default)]
struct Routes {
    /// Answers (question, value) given on every path that ends in the situation.
    common: Option<BTreeSet<(String, String)>>,
    /// Indices into the script's rules: the go-around rules that decide the view on at least one
    /// of those paths, exactly as a prep sheet would, each with every answer given on the paths
    /// where it decides.
    go_around: BTreeMap<usize, BTreeSet<(String, String)>>,
}

/// Walks every path of the interview once and files each under the situation it ends in. `None`
/// when the script has too many paths to walk.
fn routes(script: &Script, situations: &[Situation]) -> Option<BTreeMap<String, Routes>> {
    let mut by_situation: BTreeMap<String, Routes> = BTreeMap::new();
    let finished = every_path(script, situations, |interview, c| {
        let r = by_situation.entry(c.situation.clone()).or_default();
        let given: BTreeSet<(String, String)> = interview
            .answers()
            .iter()
            .filter(|(q, _)| script.question(q).is_some_and(|q| q.kind != Kind::Text))
            .flat_map(|(q, vs)| vs.iter().map(move |v| (q.clone(), v.clone())))
            .collect();
        if let Some(rule) = c.go_around_by.as_deref().and_then(|id| script.rules.iter().position(|r| r.id == id)) {
            r.go_around.entry(rule).or_default().extend(given.iter().cloned());
        }
        r.common = Some(match r.common.take() {
            None => given,
            Some(common) => common.intersection(&given).cloned().collect(),
        });
    });
    finished.then_some(by_situation)
}

/// The go-around rules that decide the view on some path of the interview that ends in `id`,
/// in script order, each with the answers that bring it into play.
fn go_around(script: &Script, routes: Option<&BTreeMap<String, Routes>>, id: &str) -> Content {
    let Some(routes) = routes else {
        return Content::Paragraph(format!(
            "This library's interview has more than {} paths, too many to work out here which go-around rules apply. Run `mend check` on it.",
            max_paths(script)
        ));
    };
    let Some(r) = routes.get(id) else {
        return Content::Paragraph("No path of the interview ends here, so no go-around rule applies.".into());
    };
    let common = r.common.clone().unwrap_or_default();
    let mut items = Vec::new();
    for (&i, given) in &r.go_around {
        let rule = &script.rules[i];
        let Some(view) = rule.go_around else { continue };
        let verdict = match view {
            GoAround::Never => "Do not go around",
            GoAround::LastResort => "Only as the very last rung",
            GoAround::Justified => "Going around is justified, done openly",
        };
        let when = describe(script, &rule.when, given, &common);
        let when = if when.is_empty() { String::new() } else { format!(" ({when})") };
        items.push(format!("{verdict}{when}: {}", rule.reason));
    }
    if items.is_empty() {
        Content::Paragraph(
            "The question does not arise here: the work is with the people you already deal with.".into(),
        )
    } else {
        Content::List(items)
    }
}

/// A rule's condition in the rep's words: only the answers that are `given` on the paths where
/// it decides (a rule shared with another situation also names that situation's answers), and
/// not those every path to this situation gives anyway.
fn describe(
    script: &Script,
    when: &Condition,
    given: &BTreeSet<(String, String)>,
    common: &BTreeSet<(String, String)>,
) -> String {
    let mut by_question: BTreeMap<usize, Vec<String>> = BTreeMap::new();
    for (q, v) in when.mentions() {
        let pair = (q.to_string(), v.to_string());
        if !given.contains(&pair) || common.contains(&pair) {
            continue;
        }
        let Some((i, question)) = script.questions.iter().enumerate().find(|(_, x)| x.id == q) else { continue };
        if question.kind == Kind::Text {
            continue;
        }
        let label = question.meaning(v).map_or_else(|| v.to_string(), |m| m.label);
        let labels = by_question.entry(i).or_default();
        if !labels.contains(&label) {
            labels.push(label);
        }
    }
    by_question.into_values().map(|labels| labels.join(" or ")).collect::<Vec<_>>().join("; ")
}

/// A track with every variable left as a labelled blank, on the path no answer has chosen (the
/// words that are true at every stage).
fn track_sections(track: &TalkTrack) -> Result<Vec<Section>, Error> {
    let rendered = RenderedTrack::render(track, &Resolved::default(), &[])?;
    let mut summary = rendered.summary.clone();
    if matches!(track.origin, Origin::File(_)) {
        summary.push_str(" (From your team's library.)");
    }
    let mut sections = vec![Section::sub(track_heading("Talk-track", &rendered), Content::Paragraph(summary))
        .anchored(anchor("track", &track.name))];
    if !track.front.variables.is_empty() {
        let no_values = BTreeMap::new();
        sections.push(Section::at(
            4,
            "Blanks",
            Content::List(
                track
                    .front
                    .variables
                    .iter()
                    .map(|v| format!("{}: {}", blank(&blank_label(v, &no_values)), v.prompt))
                    .collect(),
            ),
        ));
    }
    for mut s in rendered.sections(4) {
        if s.heading == "Next step" {
            s.heading = "What to agree".into();
        }
        sections.push(s);
    }
    Ok(sections)
}
