//! Markdown: the same content as the terminal text, clean enough to paste into a wiki or email.
//! Values read as the rep typed them (`AT&T`, `O'Brien`); a character that would start markup
//! (`[`, `*`, `<`, ...) is backslash-escaped, so a value or a plain field is text, never a link,
//! an image or HTML, in this format and in the text and HTML ones rendered from the Markdown.

use crate::format::document::{Content, Document};
use std::borrow::Cow;

/// `text` with every character that could start Markdown markup backslash-escaped: inline markup
/// (`\`, `` ` ``, `*`, `_`, `[`, `]`, `<`, `>`, `#`) anywhere, and a block marker (`-`, `+`, `=`)
/// at the start, where a value could begin a line. Borrowed when nothing needs escaping.
pub fn escape(text: &str) -> Cow<'_, str> {
    let inline = |c: char| matches!(c, '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#');
    let block_start = text.starts_with(['-', '+', '=']);
    if !block_start && !text.contains(inline) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for (i, c) in text.char_indices() {
        if inline(c) || (i == 0 && block_start) {
            out.push('\\');
        }
        out.push(c);
    }
    Cow::Owned(out)
}

/// The body (`Content::Markdown`) is written as it is; every other field is plain text, escaped.
pub fn render(doc: &Document) -> String {
    let doc = &super::inert::document(doc);
    let mut out = format!("# {}\n", escape(&doc.title));
    if let Some(intro) = &doc.intro {
        out.push_str(&format!("\n*{}*\n", escape(intro.trim())));
    }
    for section in &doc.sections {
        out.push_str(&format!("\n{} {}\n\n", "#".repeat(usize::from(section.level)), escape(&section.heading)));
        match &section.content {
            Content::Markdown(md) => out.push_str(&format!("{}\n", md.trim_end())),
            Content::Paragraph(p) => out.push_str(&format!("{}\n", escape(p.trim()))),
            Content::List(items) => {
                for item in items {
                    out.push_str(&format!("- {}\n", escape(item.trim())));
                }
            }
            Content::Steps(items) => {
                for (i, item) in items.iter().enumerate() {
                    out.push_str(&format!("{}. {}\n", i + 1, escape(item.trim())));
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaped_text_renders_as_itself() {
        for text in ["[D](javascript:alert(1))", "![x](https://e.com/t.gif)", "<b>", "- a", "AT&T *x* _y_ `z` \\"] {
            let md = escape(text);
            let mut rendered = String::new();
            for event in pulldown_cmark::Parser::new(&md) {
                match event {
                    pulldown_cmark::Event::Text(t) => rendered.push_str(&t),
                    pulldown_cmark::Event::Start(pulldown_cmark::Tag::Paragraph)
                    | pulldown_cmark::Event::End(pulldown_cmark::TagEnd::Paragraph) => {}
                    other => panic!("{text:?} became {other:?}"),
                }
            }
            assert_eq!(rendered, text);
        }
        assert!(matches!(escape("Marcus O'Brien, AT&T (ours)."), Cow::Borrowed(_)));
    }
}
