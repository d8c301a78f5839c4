//! Text from files, arguments and file names made inert: safe to print to a terminal or a page.
//!
//! A team library, a `--vars` file, an `--answer` or a file name can hold control characters: an
//! escape sequence that sets the clipboard (OSC 52), retitles the window or clears the screen, a
//! carriage return that overwrites a line, a newline that forges one. mend never prints them raw:
//! at each place text leaves mend (the error report, every format, `mend list`, `mend check`, the
//! prompts) it goes through [`escape`], which writes each control character the way Rust and git
//! show odd bytes (`\u{1b}`, `\r`), so the user sees what is in the file.
//!
//! It lives with the formats because it is the last step before bytes leave, for every output:
//! pure text to text, so the engine and the terminal front end can both use it. Values typed by
//! the rep are cleaned earlier ([`crate::values::clean`]); this is the second line of defence, for
//! everything else.

use super::document::{Content, Document, SayBlock, Section};
use std::borrow::Cow;
use std::fmt::Write;

/// Which line breaks a piece of text may keep.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Keep {
    /// Multi-line text (a body, a report): `\n` and `\t` stay, every other control is escaped.
    Lines,
    /// One line (a name, an id, a title, a table cell): `\n` and `\t` are escaped too.
    Nothing,
}

/// True for a character that must not reach a terminal raw: C0 controls, DEL and C1 controls
/// (U+009B is a one-character CSI on some terminals).
fn is_unsafe(c: char, keep: Keep) -> bool {
    c.is_control() && !(keep == Keep::Lines && (c == '\n' || c == '\t'))
}

/// `text` with its control characters escaped; borrowed when there is none (the usual case).
pub fn escape(text: &str, keep: Keep) -> Cow<'_, str> {
    if !text.chars().any(|c| is_unsafe(c, keep)) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        match c {
            c if !is_unsafe(c, keep) => out.push(c),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c => {
                let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
            }
        }
    }
    Cow::Owned(out)
}

/// Multi-line text: [`escape`] keeping line breaks and tabs.
pub fn text(text: &str) -> Cow<'_, str> {
    escape(text, Keep::Lines)
}

/// One line: [`escape`] with line breaks escaped too.
pub fn line(text: &str) -> Cow<'_, str> {
    escape(text, Keep::Nothing)
}

/// The byte offset and character of the first control character in `text` other than a line
/// break or a tab, for `mend check` to report.
pub fn first_control(text: &str) -> Option<(usize, char)> {
    text.char_indices().find(|&(_, c)| is_unsafe(c, Keep::Lines) && c != '\r')
}

/// Serialised JSON with DEL and the C1 controls written as `\u00XX`: serde_json escapes only
/// U+0000 to U+001F, and in JSON these can only occur inside strings, so the value is unchanged.
pub fn json(json: String) -> String {
    // Pretty JSON is full of newlines, which stay as they are. A byte test is enough to pass
    // over the usual text: DEL is 0x7F, and the C1 controls are encoded as 0xC2 0x80..0x9F.
    if !json.bytes().any(|b| (b < 0x20 && b != b'\n') || b == 0x7F || b == 0xC2) {
        return json;
    }
    let mut out = String::with_capacity(json.len() + 16);
    for c in json.chars() {
        if c.is_control() && c != '\n' {
            let _ = write!(out, "\\u{:04x}", u32::from(c));
        } else {
            out.push(c);
        }
    }
    out
}

/// A document with every field made safe: titles and headings as one line, the rest as text.
pub fn document(doc: &Document) -> Document {
    let many = |items: &[String]| items.iter().map(|i| text(i).into_owned()).collect();
    Document {
        title: line(&doc.title).into_owned(),
        intro: doc.intro.as_deref().map(|i| text(i).into_owned()),
        sections: doc
            .sections
            .iter()
            .map(|s| Section {
                level: s.level,
                heading: line(&s.heading).into_owned(),
                content: match &s.content {
                    Content::Markdown(md) => Content::Markdown(text(md).into_owned()),
                    Content::Paragraph(p) => Content::Paragraph(text(p).into_owned()),
                    Content::List(items) => Content::List(many(items)),
                    Content::Steps(items) => Content::Steps(many(items)),
                    Content::Say(blocks) => Content::Say(
                        blocks
                            .iter()
                            .map(|b| match b {
                                SayBlock::Speech(md) => SayBlock::Speech(text(md).into_owned()),
                                SayBlock::Direction(d) => SayBlock::Direction(text(d).into_owned()),
                            })
                            .collect(),
                    ),
                    Content::Links(links) => Content::Links(
                        links.iter().map(|(t, anchor)| (line(t).into_owned(), line(anchor).into_owned())).collect(),
                    ),
                    Content::Commands(commands) => {
                        Content::Commands(commands.iter().map(|c| line(c).into_owned()).collect())
                    }
                },
                new_page: s.new_page,
                anchor: s.anchor.as_deref().map(|a| line(a).into_owned()),
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_controls_as_git_and_rust_show_them() {
        let osc52 = "a\u{1b}]52;c;aGk=\u{7}b";
        assert_eq!(line(osc52), "a\\u{1b}]52;c;aGk=\\u{7}b");
        assert_eq!(line("x\ny\tz\r"), "x\\ny\\tz\\r");
        assert_eq!(text("x\ny\tz\r"), "x\ny\tz\\r");
        assert_eq!(line("csi\u{9b}2J del\u{7f}"), "csi\\u{9b}2J del\\u{7f}");
        assert!(matches!(line("Zoë O'Brien — AT&T"), Cow::Borrowed(_)));
    }

    #[test]
    fn json_stays_valid_and_equal() {
        let raw = serde_json::to_string(&"a\u{7f}b\u{9b}c\u{1b}").expect("json");
        let safe = json(raw);
        assert!(!safe.chars().any(char::is_control), "{safe}");
        let back: String = serde_json::from_str(&safe).expect("valid");
        assert_eq!(back, "a\u{7f}b\u{9b}c\u{1b}");
        // Each kind alone is caught; pretty newlines and non-control text pass unchanged.
        for alone in ["x\u{7f}", "\u{85}y", "©\u{9f}"] {
            let safe = json(serde_json::to_string_pretty(&[alone]).expect("json"));
            assert!(!safe.chars().any(|c| c.is_control() && c != '\n'), "{safe}");
        }
        let pretty = serde_json::to_string_pretty(&["Zoë ©", "AT&T"]).expect("json");
        assert_eq!(json(pretty.clone()), pretty);
    }

    #[test]
    fn finds_the_first_control() {
        assert_eq!(first_control("ok\n\tfine"), None);
        assert_eq!(first_control("ab\u{1b}c"), Some((2, '\u{1b}')));
    }
}
