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
    /// The words to say: spoken Markdown and directions to the rep, in order. Kept apart so a
    /// direction is never printed as part of the words.
    Say(Vec<SayBlock>),
    /// A list of links to anchors in the same document: (text, anchor). A table of contents.
    Links(Vec<(String, String)>),
    /// Shell commands, one per line, never wrapped: a wrapped line would break a quoted value
    /// when pasted.
    Commands(Vec<String>),
}

/// One part of the words to say.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "kind", content = "text", rename_all = "kebab-case")]
pub enum SayBlock {
    /// Words to say aloud (Markdown; blanks marked with [`blank`]).
    #[serde(serialize_with = "plain")]
    Speech(String),
    /// A direction to the rep (`((Let them finish.))` in a track), without its parentheses.
    #[serde(serialize_with = "plain")]
    Direction(String),
}

/// Opens a blank inside rendered text; [`BLANK_CLOSE`] ends its label. Private-use characters,
/// which [`crate::values::clean`] removes from every value, so only a track's in-call variable
/// can make one and every format can show it as what it is (a ruled line in HTML).
pub const BLANK_OPEN: char = '\u{E000}';
pub const BLANK_CLOSE: char = '\u{E001}';

/// The marked blank for `label`.
pub fn blank(label: &str) -> String {
    format!("{BLANK_OPEN}{label}{BLANK_CLOSE}")
}

/// A piece of text with blanks: words, or the label of a blank.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Piece<'a> {
    Text(&'a str),
    Blank(&'a str),
}

/// Splits `text` at its blanks.
pub fn pieces(text: &str) -> Vec<Piece<'_>> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find(BLANK_OPEN) {
        let after = &rest[open + BLANK_OPEN.len_utf8()..];
        let Some(close) = after.find(BLANK_CLOSE) else { break };
        if open > 0 {
            out.push(Piece::Text(&rest[..open]));
        }
        out.push(Piece::Blank(&after[..close]));
        rest = &after[close + BLANK_CLOSE.len_utf8()..];
    }
    if !rest.is_empty() {
        out.push(Piece::Text(rest));
    }
    out
}

/// `text` with each blank written `[label]`: how text, Markdown and JSON show a blank.
pub fn bracket_blanks(text: &str) -> String {
    if !text.contains(BLANK_OPEN) {
        return text.to_string();
    }
    pieces(text)
        .into_iter()
        .map(|p| match p {
            Piece::Text(t) => t.to_string(),
            Piece::Blank(label) => format!("[{label}]"),
        })
        .collect()
}

/// Serializes `text` with each blank written `[label]` (for `serialize_with`).
pub fn plain<S: serde::Serializer>(text: &str, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(&bracket_blanks(text))
}

/// [`plain`] for a list of texts.
pub fn plain_list<S: serde::Serializer>(texts: &[String], serializer: S) -> Result<S::Ok, S::Error> {
    serializer.collect_seq(texts.iter().map(|t| bracket_blanks(t)))
}

/// Splits a rendered track body into speech and directions: a paragraph that opens with `((`
/// and closes with `))` is a direction (content format v2, section 2); neighbouring spoken
/// paragraphs stay one Markdown block, so lists keep together. Empty paragraphs (a condition
/// that rendered nothing) are dropped.
pub fn say_blocks(body: &str) -> Vec<SayBlock> {
    let body = body.replace("\r\n", "\n");
    let mut blocks: Vec<SayBlock> = Vec::new();
    for paragraph in body.split("\n\n") {
        let p = paragraph.trim();
        if p.is_empty() {
            continue;
        }
        match p.strip_prefix("((").and_then(|r| r.strip_suffix("))")) {
            Some(direction) => blocks.push(SayBlock::Direction(direction.trim().to_string())),
            None => match blocks.last_mut() {
                Some(SayBlock::Speech(text)) => {
                    text.push_str("\n\n");
                    text.push_str(p);
                }
                _ => blocks.push(SayBlock::Speech(p.to_string())),
            },
        }
    }
    blocks
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn directions_are_split_from_speech() {
        let blocks = say_blocks("Hello.\n\nMore.\n\n((Let them finish.))\n\n\n\nThank you.\n");
        assert_eq!(
            blocks,
            [
                SayBlock::Speech("Hello.\n\nMore.".into()),
                SayBlock::Direction("Let them finish.".into()),
                SayBlock::Speech("Thank you.".into())
            ]
        );
    }

    #[test]
    fn blanks_are_marked_and_bracketed() {
        let text = format!("Tell me {}. Then {}", blank("what Tom tells you"), blank("x"));
        assert_eq!(pieces(&text)[1], Piece::Blank("what Tom tells you"));
        assert_eq!(bracket_blanks(&text), "Tell me [what Tom tells you]. Then [x]");
        assert_eq!(bracket_blanks("no blanks [here]"), "no blanks [here]");
    }
}
