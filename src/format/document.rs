//! The neutral shape of everything mend prints: a title, an introduction, and sections.
//!
//! Commands build a [`Document`]; the formatters in [`crate::format`] turn it into terminal text,
//! Markdown or HTML. Keeping one model means a talk-track and a prep sheet look alike in every
//! format, and a new format is one function.

/// A printable document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    pub title: String,
    /// One line under the title (when to use the track, or the diagnosis).
    pub intro: Option<String>,
    pub sections: Vec<Section>,
}

/// A titled part of a document. `level` 2 is a main section, 3 a sub-section.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    pub level: u8,
    pub heading: String,
    pub content: Content,
}

/// What a section holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Content {
    /// Markdown text (a rendered talk-track body).
    Markdown(String),
    /// A plain paragraph.
    Paragraph(String),
    /// A bulleted list.
    List(Vec<String>),
    /// A numbered list, in order.
    Steps(Vec<String>),
}

impl Section {
    pub fn new(heading: impl Into<String>, content: Content) -> Self {
        Section { level: 2, heading: heading.into(), content }
    }

    pub fn sub(heading: impl Into<String>, content: Content) -> Self {
        Section { level: 3, heading: heading.into(), content }
    }
}
