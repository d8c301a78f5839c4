//! Markdown: the same content as the terminal text, clean enough to paste into a wiki or email.
//! Values are written verbatim (`AT&T`, `O'Brien`), as the rep typed them.

use crate::document::{Content, Document};

pub fn render(doc: &Document) -> String {
    let doc = &crate::printable::document(doc);
    let mut out = format!("# {}\n", doc.title);
    if let Some(intro) = &doc.intro {
        out.push_str(&format!("\n*{}*\n", intro.trim()));
    }
    for section in &doc.sections {
        out.push_str(&format!("\n{} {}\n\n", "#".repeat(usize::from(section.level)), section.heading));
        match &section.content {
            Content::Markdown(md) => out.push_str(&format!("{}\n", md.trim_end())),
            Content::Paragraph(p) => out.push_str(&format!("{}\n", p.trim())),
            Content::List(items) => {
                for item in items {
                    out.push_str(&format!("- {}\n", item.trim()));
                }
            }
            Content::Steps(items) => {
                for (i, item) in items.iter().enumerate() {
                    out.push_str(&format!("{}. {}\n", i + 1, item.trim()));
                }
            }
        }
    }
    out
}
