//! A talk-track with its values filled in: the engine's output for `mend say`.

use crate::document::{Content, Document, Section};
use crate::error::Error;
use crate::talk_track::TalkTrack;
use crate::template;
use crate::values::ValueSource;
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
            renderer
                .render(text, pre, values)
                .map_err(|e| Error::Invalid(vec![crate::Diagnostic::new(&file, format!("cannot render: {e}"))]))
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

    /// The track as a printable document.
    pub fn document(&self) -> Document {
        Document { title: self.title.clone(), intro: Some(self.summary.clone()), sections: self.sections(2) }
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
