//! The neutral shape of everything mend prints: a title, an introduction, and sections.
//!
//! Commands build a [`Document`]; the formatters in [`crate::format`] turn it into terminal text,
//! Markdown or HTML. Keeping one model means a talk-track and a prep sheet look alike in every
//! format, and a new format is one function.

/// A printable document.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Document {
    pub title: String,
    /// One line under the title (when to use the track, or the diagnosis).
    pub intro: Option<String>,
    pub sections: Vec<Section>,
}

/// A titled part of a document. `level` 2 is a main section, 3 a sub-section, 4 a part of one.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Section {
    pub level: u8,
    pub heading: String,
    pub content: Content,
    /// In print, this section starts a new page. Only paged formats act on it: a card's first page
    /// must end where the rep's in-the-room part ends, and each playbook part starts on its own page.
    pub new_page: bool,
    /// A stable anchor (`part-gatekeeper`) that [`Content::Links`] can point to.
    pub anchor: Option<String>,
}

/// What a section holds.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub enum Content {
    /// Markdown text (a rendered talk-track body).
    Markdown(String),
    /// A plain paragraph.
    Paragraph(String),
    /// A bulleted list.
    List(Vec<String>),
    /// A numbered list, in order.
    Steps(Vec<String>),
    /// A list of links to anchors in the same document: (text, anchor). A table of contents.
    Links(Vec<(String, String)>),
}

impl Section {
    pub fn new(heading: impl Into<String>, content: Content) -> Self {
        Section::at(2, heading, content)
    }

    pub fn sub(heading: impl Into<String>, content: Content) -> Self {
        Section::at(3, heading, content)
    }

    pub fn at(level: u8, heading: impl Into<String>, content: Content) -> Self {
        Section { level, heading: heading.into(), content, new_page: false, anchor: None }
    }

    /// This section starts a new page in print.
    pub fn on_new_page(mut self) -> Self {
        self.new_page = true;
        self
    }

    /// Gives the section an anchor that links can point to.
    pub fn anchored(mut self, anchor: impl Into<String>) -> Self {
        self.anchor = Some(anchor.into());
        self
    }
}
