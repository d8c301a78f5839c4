//! Markdown: the same content as the terminal text, clean enough to paste into a wiki or email.
//! Values read as the rep typed them (`AT&T`, `O'Brien`); a character that would start markup
//! (`[`, `*`, `<`, ...) is backslash-escaped, so a value or a plain field is text, never a link,
//! an image or HTML, in this format and in the text and HTML ones rendered from the Markdown.
//!
//! Markdown has no pages: a section that starts a new page in print is preceded by a rule (`---`),
//! and an anchored section by an `<a id>` so a table of contents can link to it.

use crate::format::document::{bracket_blanks, pieces, Content, Document, Piece, SayBlock};
use std::borrow::Cow;

/// `text` with every character that could start Markdown markup backslash-escaped: inline markup
/// (`\`, `` ` ``, `*`, `_`, `[`, `]`, `<`, `>`, `#`) anywhere, and GitHub's (`~` strikethrough,
/// `|` table cells) and `&` (so `AT&amp;T` is not read as the entity for `AT&T`); a block marker
/// (`-`, `+`, `=`) at the start, where a value could begin a line, and a `(` at the start, where a
/// value could follow a `]` (a blank's `[label]`) and make it a link. GitHub-flavoured renderers
/// also turn a bare web address into a link: the `:` of `scheme://` and the `.` of `www.` are
/// escaped, which leaves the address as text there and reads the same everywhere else. (An email
/// address still becomes a `mailto:` link on GitHub: no escape reaches its autolinker.) Borrowed
/// when nothing needs escaping.
pub fn escape(text: &str) -> Cow<'_, str> {
    let inline = |c: char| matches!(c, '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '&' | '~' | '|');
    let needs = |t: &str| t.char_indices().any(|(i, c)| inline(c) && (c != '&' || is_entity(&t[i..])));
    let block_start = text.starts_with(['-', '+', '=', '(']);
    let linkish = text.contains("://") || text.to_ascii_lowercase().contains("www.");
    if !block_start && !linkish && !needs(text) {
        return Cow::Borrowed(text);
    }
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len() + 8);
    for (i, c) in text.char_indices() {
        let scheme_colon = c == ':' && bytes[i + 1..].starts_with(b"//");
        let www_dot = c == '.'
            && i >= 3
            && bytes[i - 3..i].eq_ignore_ascii_case(b"www")
            && (i == 3 || !bytes[i - 4].is_ascii_alphanumeric());
        if (inline(c) && (c != '&' || is_entity(&text[i..]))) || (i == 0 && block_start) || scheme_colon || www_dot {
            out.push('\\');
        }
        out.push(c);
    }
    Cow::Owned(out)
}

/// True when `rest` (starting at a `&`) reads as an HTML entity (`&amp;`, `&#64;`, `&#x40;`):
/// only then does the `&` need its escape; `AT&T` reads as typed.
fn is_entity(rest: &str) -> bool {
    let body = &rest[1..];
    let len = body.bytes().take_while(|b| b.is_ascii_alphanumeric() || *b == b'#').count();
    (1..=32).contains(&len) && body.as_bytes().get(len) == Some(&b';')
}

/// Plain text with blanks: the text escaped, each blank written `[label]` (its label escaped).
/// A blank that opens a line is written `\[label]`: `[budget]: Budget` there would be a link
/// reference definition, which hides the line and makes every `[budget]` a link. Elsewhere the
/// text after a blank cannot make it a link: a `(` or `[` that starts it is escaped.
fn plain(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for p in pieces(text) {
        match p {
            Piece::Text(t) => out.push_str(&escape(t)),
            Piece::Blank(label) => {
                if out.is_empty() || out.ends_with('\n') {
                    out.push('\\');
                }
                out.push_str(&format!("[{}]", escape(label)));
            }
        }
    }
    out
}

/// `md` with the backslash escapes of ASCII punctuation undone: the text a Markdown reader
/// sees, for a place that shows Markdown source as plain text (a direction).
pub fn unescape(md: &str) -> Cow<'_, str> {
    if !md.contains('\\') {
        return Cow::Borrowed(md);
    }
    let mut out = String::with_capacity(md.len());
    let mut chars = md.chars().peekable();
    while let Some(c) = chars.next() {
        match chars.peek() {
            Some(&next) if c == '\\' && next.is_ascii_punctuation() => {
                out.push(next);
                chars.next();
            }
            _ => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// The body (`Content::Markdown`, `Content::Say`) is written as it is, its values escaped when
/// it was rendered; every other field is plain text, escaped here.
pub fn render(doc: &Document) -> String {
    let doc = &super::inert::document(doc);
    let mut out = format!("# {}\n", escape(&doc.title));
    if let Some(intro) = &doc.intro {
        out.push_str(&format!("\n*{}*\n", plain(intro.trim())));
    }
    for section in &doc.sections {
        if section.new_page {
            out.push_str("\n---\n");
        }
        if let Some(anchor) = &section.anchor {
            out.push_str(&format!("\n<a id=\"{anchor}\"></a>\n"));
        }
        out.push_str(&format!("\n{} {}\n\n", "#".repeat(usize::from(section.level)), escape(&section.heading)));
        match &section.content {
            Content::Markdown(md) => out.push_str(&format!("{}\n", bracket_blanks(md).trim_end())),
            Content::Say(blocks) => {
                for (i, block) in blocks.iter().enumerate() {
                    if i > 0 {
                        out.push('\n');
                    }
                    match block {
                        SayBlock::Speech(md) => out.push_str(&format!("{}\n", bracket_blanks(md).trim_end())),
                        // A quoted aside in italics: a direction, never read out.
                        SayBlock::Direction(text) => out.push_str(&format!("> *{}*\n", bracket_blanks(text).trim())),
                    }
                }
            }
            Content::Paragraph(p) => out.push_str(&format!("{}\n", plain(p.trim()))),
            Content::List(items) => {
                for item in items {
                    out.push_str(&format!("- {}\n", plain(item.trim())));
                }
            }
            Content::Steps(items) => {
                for (i, item) in items.iter().enumerate() {
                    out.push_str(&format!("{}. {}\n", i + 1, plain(item.trim())));
                }
            }
            Content::Links(links) => {
                for (text, anchor) in links {
                    out.push_str(&format!("- [{}](#{anchor})\n", escape(text.trim())));
                }
            }
            // An indented code block: literal text, whatever quotes or backticks a value holds.
            Content::Commands(commands) => {
                // Continued lines, so a printed page does not cut a long one off.
                for command in commands {
                    for line in super::wrap::shell_lines(command.trim(), super::PRINT_WIDTH, "    ") {
                        out.push_str(&format!("    {line}\n"));
                    }
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
        for text in [
            "[D](javascript:alert(1))",
            "![x](https://e.com/t.gif)",
            "<b>",
            "- a",
            "AT&T *x* _y_ `z` \\",
            "AT&amp;T",
            "&#64; &copy;",
            "~~x~~ | y",
            "https://e.com www.e.com",
        ] {
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
        assert_eq!(escape("AT&amp;T"), "AT\\&amp;T");
        assert_eq!(
            escape("see https://acme.example and www.acme.example"),
            "see https\\://acme.example and www\\.acme.example"
        );
    }

    #[test]
    fn unescape_undoes_escape() {
        for text in ["[D](javascript:alert(1))", "(x) \\ *y*", "C:\\Users", "plain"] {
            assert_eq!(unescape(&escape(text)), text);
        }
    }

    #[test]
    fn a_value_after_a_blank_does_not_make_it_a_link() {
        use crate::format::document::blank;
        let md = plain(&format!("Ask {}(javascript:alert(1)) and [x](y)", blank("who *decides*")));
        assert_eq!(md, "Ask [who \\*decides\\*]\\(javascript:alert(1)) and \\[x\\](y)");
        let md = plain(&format!("{}: Budget", blank("budget")));
        assert_eq!(md, "\\[budget]: Budget");
        let shown = pulldown_cmark::Parser::new(&format!("- {md}\n\n[budget]\n"))
            .filter(|e| matches!(e, pulldown_cmark::Event::Start(pulldown_cmark::Tag::Link { .. })))
            .count();
        assert_eq!(shown, 0, "a blank made a link reference definition");
        let links = pulldown_cmark::Parser::new(&md)
            .filter(|e| matches!(e, pulldown_cmark::Event::Start(pulldown_cmark::Tag::Link { .. })))
            .count();
        assert_eq!(links, 0, "{md}");
    }
}
