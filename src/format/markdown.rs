//! Markdown: the same content as the terminal text, clean enough to paste into a wiki or email.
//! Values are written verbatim (`AT&T`, `O'Brien`), as the rep typed them.
//!
//! Markdown has no pages: a section that starts a new page in print is preceded by a rule (`---`),
//! and an anchored section by an `<a id>` so a table of contents can link to it.

use crate::format::document::{bracket_blanks, Content, Document, SayBlock};

pub fn render(doc: &Document) -> String {
    let mut out = format!("# {}\n", doc.title);
    if let Some(intro) = &doc.intro {
        out.push_str(&format!("\n*{}*\n", intro.trim()));
    }
    for section in &doc.sections {
        if section.new_page {
            out.push_str("\n---\n");
        }
        if let Some(anchor) = &section.anchor {
            out.push_str(&format!("\n<a id=\"{anchor}\"></a>\n"));
        }
        out.push_str(&format!("\n{} {}\n\n", "#".repeat(usize::from(section.level)), section.heading));
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
            Content::Paragraph(p) => out.push_str(&format!("{}\n", bracket_blanks(p).trim())),
            Content::List(items) => {
                for item in items {
                    out.push_str(&format!("- {}\n", bracket_blanks(item).trim()));
                }
            }
            Content::Steps(items) => {
                for (i, item) in items.iter().enumerate() {
                    out.push_str(&format!("{}. {}\n", i + 1, bracket_blanks(item).trim()));
                }
            }
            Content::Links(links) => {
                for (text, anchor) in links {
                    out.push_str(&format!("- [{}](#{anchor})\n", text.trim()));
                }
            }
        }
    }
    out
}
