//! HTML: one self-contained page, readable on screen and printable on A4 or Letter.
//!
//! Markdown is converted with pulldown-cmark, and every raw HTML fragment it finds is turned back
//! into escaped text. Values are substituted before this step, so a value like `<script>` arrives
//! here as raw HTML and leaves as `&lt;script&gt;`; values were Markdown-escaped too, so none
//! becomes a link or an image either. Links the library writes are kept only to web and mail
//! addresses, its images become their description, and a Content-Security-Policy forbids script
//! and remote loads should anything slip through.

use crate::format::document::{pieces, Content, Document, Piece, SayBlock};
use pulldown_cmark::{Event, Parser, Tag, TagEnd};

const STYLE: &str = r#"
:root { color-scheme: light; }
pre { font: 0.85em/1.5 ui-monospace, Menlo, Consolas, monospace; white-space: pre-wrap; overflow-wrap: anywhere;
      background: #f5f5f7; padding: 0.5rem 0.75rem; border-radius: 4px; }
body { font: 16px/1.55 Georgia, "Iowan Old Style", "Palatino Linotype", serif; color: #1d1d1f;
       max-width: 42rem; margin: 2.5rem auto; padding: 0 1.25rem; overflow-wrap: break-word; }
h1 { font: 700 1.9rem/1.2 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 0 0 .4rem; }
h2, h3, h4 { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; break-after: avoid; }
h2 { font-size: 1.15rem; text-transform: uppercase; letter-spacing: .06em; color: #8a3b12;
     border-bottom: 1px solid #e2d6cc; padding-bottom: .2rem; margin-top: 2rem; }
h3 { font-size: 1.05rem; margin-top: 1.4rem; }
h4 { font-size: .95rem; margin: 1rem 0 .3rem; }
.intro { font-style: italic; color: #555; margin-bottom: 1.5rem; }
.say { background: #fbf7f2; border-left: 4px solid #c8702e; padding: .6rem 1.1rem; }
.contents a { color: inherit; text-decoration: none; border-bottom: 1px dotted #999; }
li { margin: .25rem 0; }
code.cmd { font: 0.85em ui-monospace, Menlo, Consolas, monospace; white-space: nowrap; }
.blank { display: inline-block; min-width: 12em; max-width: 100%; border-bottom: 1px solid #333;
         vertical-align: bottom; line-height: 1.2; }
.blank-label { display: block; padding-bottom: 1.2em; font: italic .7rem/1.2 system-ui, sans-serif;
               color: #6b6b6b; }
.direction { font-style: italic; color: #5a5a5a; margin: .6rem 0 .6rem 1.1rem; padding-left: .6rem;
             border-left: 2px dotted #b9a89a; }
.direction::before { content: "Not said: "; font-style: normal; font-weight: 600; }
footer { margin-top: 3rem; font-size: .8rem; color: #888; }
@page { size: auto; margin: 14mm 15mm 15mm;
        @bottom-right { content: counter(page) " / " counter(pages); font: 8pt system-ui, sans-serif; color: #777; } }
@media print {
  body { max-width: none; margin: 0; padding: 0; font-size: 10.5pt; line-height: 1.4; }
  h1 { font-size: 16pt; }
  h2 { font-size: 10pt; color: #000; margin: .9rem 0 .3rem; }
  h3 { font-size: 10.5pt; margin: .7rem 0 .25rem; }
  h4 { font-size: 10pt; margin: .5rem 0 .2rem; }
  p { margin: .3rem 0; }
  ul, ol { margin: .3rem 0; padding-left: 1.4rem; }
  li { margin: .1rem 0; }
  .intro { margin-bottom: .6rem; }
  .say { background: none; border-left: 3px solid #999; padding: .1rem .8rem; }
  .say p { margin: .35rem 0; }
  .blank { border-bottom: 1px solid #000; min-width: 16em; }
  .direction { color: #333; }
  .new-page { break-before: page; }
  section, li, p { break-inside: avoid; }
  footer { display: none; }
}
"#;

/// Escapes text for HTML element content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// [`escape_blanks`] for the plain text of a document (not Markdown), where a command in
/// backticks (`` `mend diagnose --account acme` ``, as the account page writes them) becomes
/// code that a printed page never breaks across lines, instead of showing the backticks.
fn escape_text(text: &str) -> String {
    code_spans(&escape_blanks(text))
}

/// Escapes text and turns each blank into a labelled ruled line.
fn escape_blanks(text: &str) -> String {
    pieces(text)
        .into_iter()
        .map(|p| match p {
            Piece::Text(t) => escape(t),
            Piece::Blank(label) => format!(
                "<span class=\"blank\" title=\"{label}\"><span class=\"blank-label\">{label}</span></span>",
                label = escape(label)
            ),
        })
        .collect()
}

/// Each pair of backticks in already escaped text as a `<code>` element; a lone backtick stays.
fn code_spans(escaped: &str) -> String {
    let parts: Vec<&str> = escaped.split('`').collect();
    let pairs = (parts.len() - 1) / 2;
    let mut out = String::with_capacity(escaped.len() + pairs * 24);
    for (i, part) in parts.iter().enumerate() {
        match i {
            0 => {}
            i if i % 2 == 1 && i / 2 < pairs => out.push_str("<code class=\"cmd\">"),
            i if i % 2 == 0 && i / 2 <= pairs => out.push_str("</code>"),
            _ => out.push('`'),
        }
        out.push_str(part);
    }
    out
}

/// Markdown to HTML with raw HTML neutralised, links kept only to `http:`, `https:`, `mailto:`
/// and anchors in the page (a `javascript:` link becomes its text), images replaced by their
/// description so opening the page loads nothing remote, and blanks drawn as labelled lines the
/// rep writes on. A blank is the document model's marker ([`crate::format::document::blank`]), never text
/// that merely looks like one: a rep's `[tbd]` stays what it is.
fn markdown(md: &str) -> String {
    // Whether each open link was kept, to drop the end of one that was not.
    let mut links: Vec<bool> = Vec::new();
    let events = Parser::new(md).filter_map(|event| match event {
        Event::Html(raw) | Event::InlineHtml(raw) => Some(Event::Text(raw)),
        Event::Start(Tag::Link { ref dest_url, .. }) => {
            let keep = is_safe_link(dest_url);
            links.push(keep);
            keep.then_some(event)
        }
        Event::End(TagEnd::Link) => links.pop().unwrap_or(false).then_some(event),
        Event::Start(Tag::Image { .. }) | Event::End(TagEnd::Image) => None,
        other => Some(other),
    });
    // Text with a blank is escaped here and passed on as markup the parser did not produce.
    let events = pulldown_cmark::TextMergeStream::new(events).map(|event| match event {
        Event::Text(t) if t.contains(crate::format::document::BLANK_OPEN) => {
            Event::InlineHtml(escape_blanks(&t).into())
        }
        other => other,
    });
    let mut out = String::new();
    pulldown_cmark::html::push_html(&mut out, events);
    out
}

/// A link the page keeps: to the web, to a mail address, or to an anchor in the page itself.
fn is_safe_link(url: &str) -> bool {
    let lower = url.trim_start().to_ascii_lowercase();
    lower.starts_with('#') || ["https://", "http://", "mailto:"].iter().any(|scheme| lower.starts_with(scheme))
}

/// A second line of defence: even if markup got through, the page may run no script, load
/// nothing (no image, font or style from elsewhere) and submit nothing; only its own `<style>`.
const CSP: &str = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'";

pub fn render(doc: &Document) -> String {
    let doc = &super::inert::document(doc);
    let mut body = format!("<h1>{}</h1>\n", escape(&doc.title));
    if let Some(intro) = &doc.intro {
        body.push_str(&format!("<p class=\"intro\">{}</p>\n", escape_blanks(intro)));
    }
    for section in &doc.sections {
        let tag = format!("h{}", section.level.clamp(2, 4));
        let class = if section.new_page { " class=\"new-page\"" } else { "" };
        let id = section.anchor.as_ref().map(|a| format!(" id=\"{}\"", escape(a))).unwrap_or_default();
        body.push_str(&format!("<section{class}>\n<{tag}{id}>{}</{tag}>\n", escape(&section.heading)));
        match &section.content {
            Content::Markdown(md) => body.push_str(&format!("<div class=\"say\">\n{}</div>\n", markdown(md))),
            Content::Say(blocks) => {
                for block in blocks {
                    match block {
                        SayBlock::Speech(md) => {
                            body.push_str(&format!("<div class=\"say\">\n{}</div>\n", markdown(md)))
                        }
                        SayBlock::Direction(text) => {
                            // Markdown source (its values escaped) shown as text: the escapes undone.
                            let text = super::markdown::unescape(text);
                            body.push_str(&format!("<aside class=\"direction\">{}</aside>\n", escape_blanks(&text)))
                        }
                    }
                }
            }
            Content::Paragraph(p) => body.push_str(&format!("<p>{}</p>\n", escape_text(p))),
            Content::List(items) => body.push_str(&list("ul", items)),
            Content::Steps(items) => body.push_str(&list("ol", items)),
            Content::Commands(commands) => {
                // Continued lines, so a printed page does not cut a long one off.
                let lines: Vec<String> = commands
                    .iter()
                    .flat_map(|c| super::wrap::shell_lines(c.trim(), super::PRINT_WIDTH, "    "))
                    .map(|l| escape(&l))
                    .collect();
                body.push_str(&format!("<pre><code>{}</code></pre>\n", lines.join("\n")));
            }
            Content::Links(links) => {
                body.push_str("<ul class=\"contents\">\n");
                for (text, anchor) in links {
                    body.push_str(&format!("<li><a href=\"#{}\">{}</a></li>\n", escape(anchor), escape(text)));
                }
                body.push_str("</ul>\n");
            }
        }
        body.push_str("</section>\n");
    }
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta http-equiv=\"Content-Security-Policy\" content=\"{CSP}\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<main>\n{body}</main>\n<footer>Prepared with mend.</footer>\n</body>\n</html>\n",
        escape(&doc.title)
    )
}

fn list(tag: &str, items: &[String]) -> String {
    let mut out = format!("<{tag}>\n");
    for item in items {
        out.push_str(&format!("<li>{}</li>\n", escape_text(item)));
    }
    out.push_str(&format!("</{tag}>\n"));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::document::Section;

    #[test]
    fn backticked_commands_are_code_and_a_lone_backtick_stays() {
        assert_eq!(
            code_spans("Call now: `mend say x --account acme`."),
            "Call now: <code class=\"cmd\">mend say x --account acme</code>."
        );
        assert_eq!(code_spans("a ` b `c` d"), "a <code class=\"cmd\"> b </code>c` d");
        assert_eq!(code_spans("none"), "none");
    }

    #[test]
    fn values_never_become_markup() {
        let doc = Document {
            title: "<script>alert(1)</script>".into(),
            intro: None,
            sections: vec![Section::new("Say", Content::Markdown("Hi <script>x</script> AT&T".into()))],
        };
        let html = render(&doc);
        assert!(!html.contains("<script>"), "{html}");
        assert!(html.contains("&lt;script&gt;x&lt;/script&gt;"), "{html}");
        assert!(html.contains("AT&amp;T"));
    }

    #[test]
    fn marked_blanks_become_labelled_lines_and_brackets_stay_text() {
        use crate::format::document::blank;
        let md = format!(
            "Hi {}, about {}.\n\nSee [Note], [tbd] and [a](b) and [x",
            blank("sponsor"),
            blank("what Tom says")
        );
        let html = markdown(&md);
        assert!(
            html.contains(
                "Hi <span class=\"blank\" title=\"sponsor\"><span class=\"blank-label\">sponsor</span></span>, about"
            ),
            "{html}"
        );
        assert!(html.contains("<span class=\"blank-label\">what Tom says</span></span>."), "{html}");
        // Only the model's marker makes a blank: text in brackets, even in lower case, is text.
        // A link the track writes is kept to a web or mail address, or an anchor in the page.
        assert!(html.contains("See [Note], [tbd] and a and [x"), "{html}");
        let html = markdown("[a](#part-x) [b](https://e.com) [c](javascript:alert(1))");
        assert!(html.contains("<a href=\"#part-x\">a</a> <a href=\"https://e.com\">b</a> c"), "{html}");
        let html = markdown(&blank("what <b>Tom</b> says"));
        assert!(!html.contains("<b>"), "{html}");
    }
}
