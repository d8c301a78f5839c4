//! A talk-track with its values filled in: the engine's output for `mend say`, and each track of a
//! prep sheet.
//!
//! An in-call value nobody gave renders as a marked blank ([`document::blank`]) that every format
//! shows as what it is; in JSON its value is `null` and its name is in `blanks`. The body is split
//! into speech and directions ([`document::say_blocks`]), so a direction is never printed as part
//! of the words.

use crate::content::talk_track::TalkTrack;
use crate::content::template;
use crate::error::Error;
use crate::format::document::{self, Content, Document, SayBlock, Section};
use crate::format::Printable;
use crate::values::{blank_label, kind, Asker, Resolved, ValueSource, ValueStore, ValueWarning};
use serde::Serialize;
use std::collections::BTreeMap;

/// Every part of a track, rendered.
#[derive(Debug, Clone, Serialize)]
pub struct RenderedTrack {
    pub track: String,
    pub title: String,
    pub situation: String,
    /// Blanks in the summary and the lists are written `[label]` in JSON, as in every format.
    #[serde(serialize_with = "document::plain")]
    pub summary: String,
    /// The track only makes sense once the client has spoken.
    pub during_call: bool,
    /// Whom the words are spoken to: the track's `to` role and the name the case holds for it
    /// (`null` when it is a blank).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub speaks_to: Option<SpeaksTo>,
    /// Values used, by variable name; `null` for a blank.
    pub values: BTreeMap<String, Option<String>>,
    /// Where each value came from.
    pub value_sources: BTreeMap<String, ValueSource>,
    /// In-call variables left as visible blanks to fill in during the call.
    pub blanks: Vec<String>,
    /// Lint findings on the values typed for this track.
    pub warnings: Vec<ValueWarning>,
    pub sections: RenderedSections,
}

/// The addressee of a rendered track.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SpeaksTo {
    pub role: String,
    pub name: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct RenderedSections {
    /// The words to say and the directions between them.
    pub say: Vec<SayBlock>,
    #[serde(serialize_with = "document::plain_list")]
    pub avoid: Vec<String>,
    #[serde(serialize_with = "document::plain_list")]
    pub questions: Vec<String>,
    #[serde(serialize_with = "document::plain")]
    pub next_step: String,
}

/// Fills in one track for `mend say`: every name given for this run must be one the track
/// declares (with a did-you-mean), `asker` is offered what is missing or defaulted, and without
/// one a before-call value that is still missing is an error naming each and the flag that
/// supplies it. In-call values are never asked: they stay blanks.
pub fn render_track(
    track: &TalkTrack,
    values: &ValueStore,
    asker: Option<&mut dyn Asker>,
    answer_flags: &[String],
) -> Result<RenderedTrack, Error> {
    let declared: Vec<&str> = track.variable_names().collect();
    values.check_names(&declared, &format!("track `{}`", track.name))?;
    let mut resolved = values.resolve(&track.front.variables)?;
    resolved.ask_missing(&track.front.variables, asker)?;
    if !resolved.missing.is_empty() {
        return Err(missing_values(&[track], &resolved.missing, false));
    }
    RenderedTrack::render(track, &resolved, answer_flags)
}

/// The exit-2 message naming every missing before-call variable of `tracks` and how to supply it.
/// `sheet` names how a prep sheet takes values (`[values]` of an answers file) instead of the
/// flags of `mend say`.
pub fn missing_values(tracks: &[&TalkTrack], missing: &[String], sheet: bool) -> Error {
    let what = match tracks {
        [one] => format!("track `{}`", one.name),
        _ => "the talk-tracks for the next step".to_string(),
    };
    let verb = if tracks.len() == 1 { "needs" } else { "need" };
    let mut message = format!("{what} {verb} values that were not given:");
    for name in missing {
        let Some(var) = tracks.iter().find_map(|t| t.variable(name)) else { continue };
        let example = var.example.as_deref().unwrap_or("...");
        // Other values of the frame are named in brackets, never as template syntax.
        let frame =
            crate::values::frame_text(var, &Default::default()).map(|f| format!(" \"{f}\"")).unwrap_or_default();
        // `say` and `diagnose` take values the same ways; a sheet also from its answers file.
        let also = if sheet { ", or `[values]` of --answers FILE" } else { "" };
        let how = format!("--set {name}={example:?} or MEND_VAR_{}=...{also}", name.to_ascii_uppercase());
        message.push_str(&format!("\n  `{name}`: {}{frame}  ({how})", var.prompt));
    }
    Error::Missing(format!("{message}\nrun on a terminal without `--no-input` to be asked for them"))
}

impl Printable for RenderedTrack {
    /// The track as a printable document.
    fn document(&self) -> Document {
        let mut intro = self.summary.clone();
        if self.during_call {
            intro.push_str(" (For during the call.)");
        }
        Document { title: self.title.clone(), intro: Some(intro), sections: self.sections(2) }
    }
}

impl RenderedTrack {
    /// Renders every template of `track` with the resolved values. Every before-call variable has
    /// a value (the caller made sure); an in-call variable without one becomes a marked blank.
    ///
    /// Conditions see `answer_flags` (`stage_client`, content format v2 section 3) and
    /// `<name>_is_group` for a person named as a group; any other flag the track tests is false.
    pub fn render(track: &TalkTrack, resolved: &Resolved, answer_flags: &[String]) -> Result<Self, Error> {
        let file = track.origin.to_string();
        let mut data = resolved.values.clone();
        let mut used = BTreeMap::new();
        let mut blanks = Vec::new();
        for v in &track.front.variables {
            match resolved.values.get(&v.name) {
                Some(value) => {
                    let person = matches!(v.kind.as_deref(), None | Some("person" | "group"));
                    if person && kind::is_group(value) {
                        data.insert(format!("{}_is_group", v.name), "true".into());
                    }
                    used.insert(v.name.clone(), Some(value.clone()));
                }
                None => {
                    data.insert(v.name.clone(), document::blank(&blank_label(v, &resolved.values)));
                    used.insert(v.name.clone(), None);
                    blanks.push(v.name.clone());
                }
            }
        }
        for flag in answer_flags {
            data.insert(flag.clone(), "true".into());
        }
        for f in &track.flags {
            data.entry(f.clone()).or_default();
        }
        // The body is Markdown, the other templates plain text: two renderers.
        let (mut body_renderer, mut renderer) = (template::Renderer::markdown(), template::Renderer::default());
        // Templates in the order of `TalkTrack::templates`, each with its compiled form if known.
        let mut compiled = track.compiled.iter();
        let mut render = |text: &str, is_body: bool| {
            let pre = compiled.next().and_then(Option::as_ref);
            let renderer = if is_body { &mut body_renderer } else { &mut renderer };
            renderer.render(text, pre, &data).map_err(|e| {
                Error::Invalid(vec![crate::diagnostic::Diagnostic::new(&file, format!("cannot render: {e}"))])
            })
        };
        // Same order as `TalkTrack::templates`: body, summary, avoid, questions, next step.
        let say = document::say_blocks(&render(&track.body, true)?);
        let mut r = |text: &str| render(text, false);
        let summary = r(&track.front.summary)?;
        let avoid = track.front.avoid.iter().map(|a| r(a)).collect::<Result<_, _>>()?;
        let questions = track.front.questions.iter().map(|q| r(q)).collect::<Result<_, _>>()?;
        let next_step = r(&track.front.next_step)?;
        let value_sources =
            resolved.sources.iter().filter(|(k, _)| used.contains_key(*k)).map(|(k, s)| (k.clone(), *s)).collect();
        Ok(RenderedTrack {
            track: track.name.clone(),
            title: track.front.title.to_string(),
            situation: track.front.situation.clone(),
            summary,
            during_call: track.front.during_call,
            speaks_to: track
                .front
                .to
                .as_ref()
                .map(|role| SpeaksTo { role: role.clone(), name: used.get(role).cloned().flatten() }),
            values: used,
            value_sources,
            blanks,
            warnings: resolved.warnings.iter().filter(|w| track.variable(&w.name).is_some()).cloned().collect(),
            sections: RenderedSections { say, avoid, questions, next_step },
        })
    }

    /// The sections at `level` (2 standalone, 3 inside a prep sheet).
    pub fn sections(&self, level: u8) -> Vec<Section> {
        let mut sections = vec![Section::at(level, "What to say", Content::Say(self.sections.say.clone()))];
        if !self.sections.avoid.is_empty() {
            sections.push(Section::at(level, "What not to say", Content::List(self.sections.avoid.clone())));
        }
        if !self.sections.questions.is_empty() {
            sections.push(Section::at(level, "Questions to ask", Content::List(self.sections.questions.clone())));
        }
        sections.push(Section::at(level, "Next step", Content::Paragraph(self.sections.next_step.clone())));
        sections
    }
}
