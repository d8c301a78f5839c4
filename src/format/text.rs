//! Terminal text: styled headings and bullets, wrapped to the terminal width, or plain when piped
//! or `NO_COLOR` is set. Markdown bodies are laid out here (paragraphs, lists, emphasis) so the rep
//! reads prose, not markup.

use super::TextStyle;
use crate::format::document::{bracket_blanks, Content, Document, SayBlock};
use console::Style;
use pulldown_cmark::{Event, Parser, Tag, TagEnd};

const INDENT: &str = "  ";
/// Leads a direction to the rep, so it reads as an aside even without colour.
const DIRECTION: &str = "→ ";

struct Painter {
    color: bool,
}

impl Painter {
    fn paint(&self, style: Style, text: &str) -> String {
        if self.color {
            style.force_styling(true).apply_to(text).to_string()
        } else {
            text.to_string()
        }
    }
}

fn wrap(text: &str, width: usize, first: &str, rest: &str) -> String {
    super::wrap::fill(text, width.max(super::wrap::display_width(first) + 8), first, rest)
}

pub fn render(doc: &Document, style: TextStyle) -> String {
    let doc = &super::inert::document(doc);
    let p = Painter { color: style.color };
    let mut out = String::new();
    out.push_str(&p.paint(Style::new().bold().underlined(), &doc.title));
    out.push('\n');
    if let Some(intro) = &doc.intro {
        out.push_str(&p.paint(Style::new().italic().dim(), &wrap(bracket_blanks(intro).trim(), style.width, "", "")));
        out.push('\n');
    }
    for section in &doc.sections {
        out.push('\n');
        let heading = if section.level <= 2 {
            p.paint(Style::new().bold().yellow(), &section.heading.to_uppercase())
        } else {
            p.paint(Style::new().bold().cyan(), &section.heading)
        };
        out.push_str(&heading);
        out.push('\n');
        match &section.content {
            Content::Markdown(md) => out.push_str(&markdown(&bracket_blanks(md), style, &p)),
            Content::Say(blocks) => {
                for (i, block) in blocks.iter().enumerate() {
                    if i > 0 {
                        out.push('\n');
                    }
                    match block {
                        SayBlock::Speech(md) => out.push_str(&markdown(&bracket_blanks(md), style, &p)),
                        SayBlock::Direction(text) => {
                            let text = wrap(
                                &bracket_blanks(&super::markdown::unescape(text)),
                                style.width,
                                &format!("{INDENT}{DIRECTION}"),
                                "    ",
                            );
                            out.push_str(&p.paint(Style::new().italic().dim(), &text));
                            out.push('\n');
                        }
                    }
                }
            }
            Content::Paragraph(text) => {
                out.push_str(&wrap(bracket_blanks(text).trim(), style.width, INDENT, INDENT));
                out.push('\n');
            }
            Content::List(items) => {
                for item in items {
                    let bullet = format!("{INDENT}{} ", p.paint(Style::new().dim(), "•"));
                    out.push_str(&wrap(bracket_blanks(item).trim(), style.width, &bullet, "    "));
                    out.push('\n');
                }
            }
            Content::Steps(items) => {
                for (i, item) in items.iter().enumerate() {
                    let number = format!("{INDENT}{:>2}. ", i + 1);
                    out.push_str(&wrap(bracket_blanks(item).trim(), style.width, &number, "      "));
                    out.push('\n');
                }
            }
            Content::Links(links) => {
                for (text, _) in links {
                    let bullet = format!("{INDENT}{} ", p.paint(Style::new().dim(), "•"));
                    out.push_str(&wrap(text.trim(), style.width, &bullet, "    "));
                    out.push('\n');
                }
            }
            // Broken between shell words with ` \`, never by the terminal mid-word, so each one
            // can be copied whole (issue 25.8).
            Content::Commands(commands) => {
                let width = style.width.saturating_sub(INDENT.len() + 2);
                for command in commands {
                    let mut lines = super::wrap::shell_lines(command.trim(), width, "    ").into_iter();
                    let first = lines.next().unwrap_or_default();
                    out.push_str(&format!("{INDENT}{} {first}\n", p.paint(Style::new().dim(), "•")));
                    for line in lines {
                        out.push_str(&format!("{INDENT}  {line}\n"));
                    }
                }
            }
        }
    }
    out
}

/// Lays out Markdown as indented, wrapped paragraphs and bullets.
fn markdown(md: &str, style: TextStyle, p: &Painter) -> String {
    let mut out = String::new();
    let mut block = String::new();
    let mut list_depth = 0usize;
    let mut in_item = false;
    let mut quote = false;
    let mut first_block = true;
    let flush = |block: &mut String, out: &mut String, item: bool, depth: usize, quote: bool, first: &mut bool| {
        let text = block.trim().to_string();
        block.clear();
        if text.is_empty() {
            return;
        }
        let pad = INDENT.repeat(depth.max(1));
        let (first_indent, rest_indent) = if item {
            (format!("{pad}• "), format!("{pad}  "))
        } else if quote {
            (format!("{pad}│ "), format!("{pad}│ "))
        } else {
            (pad.clone(), pad)
        };
        if !item && !*first {
            out.push('\n');
        }
        *first = false;
        for (i, line) in text.split('\n').enumerate() {
            let lead = if i == 0 { &first_indent } else { &rest_indent };
            out.push_str(&wrap(line, style.width, lead, &rest_indent));
            out.push('\n');
        }
    };
    for event in Parser::new(md) {
        match event {
            Event::Start(Tag::List(_)) => {
                flush(&mut block, &mut out, in_item, list_depth, quote, &mut first_block);
                list_depth += 1;
            }
            Event::End(TagEnd::List(_)) => {
                list_depth = list_depth.saturating_sub(1);
                first_block = false;
            }
            Event::Start(Tag::Item) => in_item = true,
            Event::End(TagEnd::Item) => {
                flush(&mut block, &mut out, true, list_depth, quote, &mut first_block);
                in_item = false;
            }
            Event::Start(Tag::BlockQuote(_)) => quote = true,
            Event::End(TagEnd::BlockQuote(_)) => quote = false,
            Event::End(TagEnd::Paragraph) | Event::End(TagEnd::Heading(_)) => {
                flush(&mut block, &mut out, in_item, list_depth, quote, &mut first_block);
            }
            Event::Start(Tag::Emphasis) | Event::End(TagEnd::Emphasis) if p.color => {
                block.push_str(if matches!(event, Event::Start(_)) { "\u{1b}[3m" } else { "\u{1b}[23m" });
            }
            Event::Start(Tag::Strong) | Event::End(TagEnd::Strong) if p.color => {
                block.push_str(if matches!(event, Event::Start(_)) { "\u{1b}[1m" } else { "\u{1b}[22m" });
            }
            Event::Text(t) | Event::Code(t) | Event::Html(t) | Event::InlineHtml(t) => block.push_str(&t),
            Event::SoftBreak => block.push(' '),
            Event::HardBreak => block.push('\n'),
            _ => {}
        }
    }
    flush(&mut block, &mut out, false, list_depth, quote, &mut first_block);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::document::Section;

    #[test]
    fn plain_text_has_no_escapes_and_wraps() {
        let doc = Document {
            title: "T".into(),
            intro: Some("When to use".into()),
            sections: vec![Section::new(
                "What to say",
                Content::Markdown("First paragraph is long enough to wrap at twenty columns.\n\n- one\n- two".into()),
            )],
        };
        let text = render(&doc, TextStyle { width: 24, color: false });
        assert!(!text.contains('\u{1b}'));
        assert!(text.lines().all(|l| console::measure_text_width(l) <= 24), "{text}");
        assert!(text.contains("  • one\n  • two"), "{text}");
    }
}
