//! A talk-track with its values filled in: the engine's output for `mend say`, and each track of a
//! prep sheet.

use crate::content::talk_track::TalkTrack;
use crate::content::template;
use crate::error::Error;
use crate::format::document::{Content, Document, Section};
use crate::format::Printable;
use crate::values::{Asker, ValueSource, ValueStore};
use serde::Serialize;
use std::collections::BTreeMap;

/// Every part of a track, rendered.
#[derive(Debug, Clone, Serialize)]
pub struct RenderedTrack {
    pub track: String,
    pub title: String,
    pub situation: String,
    pub summary: String,
    /// Values used, by variable name.
    pub values: BTreeMap<String, String>,
    /// Where each value came from.
    pub value_sources: BTreeMap<String, ValueSource>,
    pub sections: RenderedSections,
}

#[derive(Debug, Clone, Serialize)]
pub struct RenderedSections {
    /// The words to say, as Markdown.
    pub say: String,
    pub avoid: Vec<String>,
    pub questions: Vec<String>,
    pub next_step: String,
}

/// Fills in one track for `mend say`: every name given for this run must be one the track
/// declares (with a did-you-mean), `asker` is offered what is missing or defaulted, and without
/// one a value that is still missing is an error naming each and the flag that supplies it.
pub fn render_track(
    track: &TalkTrack,
    values: &ValueStore,
    asker: Option<&mut dyn Asker>,
) -> Result<RenderedTrack, Error> {
    let declared: Vec<&str> = track.variable_names().collect();
    values.check_names(&declared, &format!("track `{}`", track.name))?;
    let mut resolved = values.resolve(&track.front.variables);
    resolved.ask_missing(&track.front.variables, asker)?;
    if !resolved.missing.is_empty() {
        return Err(missing_values(track, &resolved.missing));
    }
    RenderedTrack::render(track, &resolved.values, resolved.sources)
}

/// The exit-2 message naming every missing variable and how to supply it.
fn missing_values(track: &TalkTrack, missing: &[String]) -> Error {
    let mut message = format!("track `{}` needs values that were not given:", track.name);
    for name in missing {
        let prompt = track.variable(name).map(|v| v.prompt.as_str()).unwrap_or_default();
        let example = track.variable(name).and_then(|v| v.example.as_deref()).unwrap_or("...");
        message.push_str(&format!(
            "\n  `{name}`: {prompt}  (--set {name}={example:?} or MEND_VAR_{}=...)",
            name.to_ascii_uppercase()
        ));
    }
    Error::Missing(format!("{message}\nrun on a terminal without `--no-input` to be asked for them"))
}

impl Printable for RenderedTrack {
    /// The track as a printable document.
    fn document(&self) -> Document {
        Document { title: self.title.clone(), intro: Some(self.summary.clone()), sections: self.sections(2) }
    }
}

impl RenderedTrack {
    /// Renders every template of `track` with `values`. The caller has made sure every declared
    /// variable has a non-empty value; strict mode turns any gap into an error, never a hole.
    pub fn render(
        track: &TalkTrack,
        values: &BTreeMap<String, String>,
        value_sources: BTreeMap<String, ValueSource>,
    ) -> Result<Self, Error> {
        let file = track.origin.to_string();
        // The body is Markdown, the other templates plain text: two renderers.
        let (mut body_renderer, mut renderer) = (template::Renderer::markdown(), template::Renderer::default());
        // Templates in the order of `TalkTrack::templates`, each with its compiled form if known.
        let mut compiled = track.compiled.iter();
        let mut render = |text: &str, is_body: bool| {
            let pre = compiled.next().and_then(Option::as_ref);
            let renderer = if is_body { &mut body_renderer } else { &mut renderer };
            renderer.render(text, pre, values).map_err(|e| {
                Error::Invalid(vec![crate::diagnostic::Diagnostic::new(&file, format!("cannot render: {e}"))])
            })
        };
        let mut used = BTreeMap::new();
        for v in &track.front.variables {
            if let Some(value) = values.get(&v.name) {
                used.insert(v.name.clone(), value.clone());
            }
        }
        // Same order as `TalkTrack::templates`: body, summary, avoid, questions, next step.
        let say = render(&track.body, true)?.trim().to_string();
        let mut r = |text: &str| render(text, false);
        let summary = r(&track.front.summary)?;
        let avoid = track.front.avoid.iter().map(|a| r(a)).collect::<Result<_, _>>()?;
        let questions = track.front.questions.iter().map(|q| r(q)).collect::<Result<_, _>>()?;
        let next_step = r(&track.front.next_step)?;
        Ok(RenderedTrack {
            track: track.name.clone(),
            title: track.front.title.to_string(),
            situation: track.front.situation.clone(),
            summary,
            values: used,
            value_sources,
            sections: RenderedSections { say, avoid, questions, next_step },
        })
    }

    /// The sections at `level` (2 standalone, 3 inside a prep sheet).
    pub fn sections(&self, level: u8) -> Vec<Section> {
        let mut sections = vec![Section {
            level,
            heading: "What to say".into(),
            content: Content::Markdown(self.sections.say.clone()),
        }];
        if !self.sections.avoid.is_empty() {
            sections.push(Section {
                level,
                heading: "What not to say".into(),
                content: Content::List(self.sections.avoid.clone()),
            });
        }
        if !self.sections.questions.is_empty() {
            sections.push(Section {
                level,
                heading: "Questions to ask".into(),
                content: Content::List(self.sections.questions.clone()),
            });
        }
        sections.push(Section {
            level,
            heading: "Next step".into(),
            content: Content::Paragraph(self.sections.next_step.clone()),
        });
        sections
    }
}
