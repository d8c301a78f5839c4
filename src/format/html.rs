//! HTML: one self-contained page, readable on screen and printable on A4 or Letter.
//!
//! Markdown is converted with pulldown-cmark, and every raw HTML fragment it finds is turned back
//! into escaped text. Values are substituted before this step, so a value like `<script>` arrives
//! here as raw HTML and leaves as `&lt;script&gt;`; values were Markdown-escaped too, so none
//! becomes a link or an image either. Links the library writes are kept only to web and mail
//! addresses, its images become their description, and a Content-Security-Policy forbids script
//! and remote loads should anything slip through.

use crate::format::document::{Content, Document};
use pulldown_cmark::{Event, Parser, Tag, TagEnd};

const STYLE: &str = r#"
:root { color-scheme: light; }
body { font: 16px/1.55 Georgia, "Iowan Old Style", "Palatino Linotype", serif; color: #1d1d1f;
       max-width: 42rem; margin: 2.5rem auto; padding: 0 1.25rem; }
h1 { font: 700 1.9rem/1.2 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 0 0 .4rem; }
h2, h3 { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; break-after: avoid; }
h2 { font-size: 1.15rem; text-transform: uppercase; letter-spacing: .06em; color: #8a3b12;
     border-bottom: 1px solid #e2d6cc; padding-bottom: .2rem; margin-top: 2rem; }
h3 { font-size: 1.05rem; margin-top: 1.4rem; }
.intro { font-style: italic; color: #555; margin-bottom: 1.5rem; }
.say { background: #fbf7f2; border-left: 4px solid #c8702e; padding: .6rem 1.1rem; }
li { margin: .25rem 0; }
footer { margin-top: 3rem; font-size: .8rem; color: #888; }
@page { size: auto; margin: 18mm 16mm; }
@media print {
  body { max-width: none; margin: 0; padding: 0; font-size: 11.5pt; }
  .say { background: none; border-left: 3px solid #999; }
  h2 { color: #000; }
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

/// Markdown to HTML with raw HTML neutralised, links kept only to `http:`, `https:` and `mailto:`
/// (a `javascript:` link becomes its text) and images replaced by their description, so opening
/// the page loads nothing remote.
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
    let mut out = String::new();
    pulldown_cmark::html::push_html(&mut out, events);
    out
}

fn is_safe_link(url: &str) -> bool {
    let lower = url.trim_start().to_ascii_lowercase();
    ["https://", "http://", "mailto:"].iter().any(|scheme| lower.starts_with(scheme))
}

/// A second line of defence: even if markup got through, the page may run no script, load
/// nothing (no image, font or style from elsewhere) and submit nothing; only its own `<style>`.
const CSP: &str = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'";

pub fn render(doc: &Document) -> String {
    let doc = &super::inert::document(doc);
    let mut body = format!("<h1>{}</h1>\n", escape(&doc.title));
    if let Some(intro) = &doc.intro {
        body.push_str(&format!("<p class=\"intro\">{}</p>\n", escape(intro)));
    }
    for section in &doc.sections {
        let tag = if section.level <= 2 { "h2" } else { "h3" };
        body.push_str(&format!("<section>\n<{tag}>{}</{tag}>\n", escape(&section.heading)));
        match &section.content {
            Content::Markdown(md) => body.push_str(&format!("<div class=\"say\">\n{}</div>\n", markdown(md))),
            Content::Paragraph(p) => body.push_str(&format!("<p>{}</p>\n", escape(p))),
            Content::List(items) => body.push_str(&list("ul", items)),
            Content::Steps(items) => body.push_str(&list("ol", items)),
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
        out.push_str(&format!("<li>{}</li>\n", escape(item)));
    }
    out.push_str(&format!("</{tag}>\n"));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::document::Section;

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
}
