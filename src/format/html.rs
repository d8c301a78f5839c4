//! HTML: one self-contained page, readable on screen and printable on A4 or Letter.
//!
//! Markdown is converted with pulldown-cmark, and every raw HTML fragment it finds is turned back
//! into escaped text. Values are substituted before this step, so a value like `<script>` arrives
//! here as raw HTML and leaves as `&lt;script&gt;`: no value can ever become markup.

use crate::format::document::{Content, Document};
use pulldown_cmark::{Event, Parser};

const STYLE: &str = r#"
:root { color-scheme: light; }
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
.blank { display: inline-block; min-width: 7em; border-bottom: 1px solid #555; padding: 0 .2em;
         font: .75em system-ui, -apple-system, "Segoe UI", sans-serif; color: #666; vertical-align: baseline; }
.direction { font-style: italic; color: #666; font-size: .9em; margin-left: 1rem; }
.contents a { color: inherit; text-decoration: none; border-bottom: 1px dotted #999; }
li { margin: .25rem 0; }
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

/// Markdown to HTML with raw HTML neutralised, and blanks (`[sponsor]`) drawn as labelled lines
/// the rep writes on.
fn markdown(md: &str) -> String {
    // The parser may split `[sponsor]` into several text events (it looks like a link); join
    // neighbouring text first so a blank is found whole.
    let mut events: Vec<Event> = Vec::new();
    for event in Parser::new(md) {
        let event = match event {
            Event::Html(raw) | Event::InlineHtml(raw) => Event::Text(raw),
            other => other,
        };
        match (events.last_mut(), event) {
            (Some(Event::Text(prev)), Event::Text(t)) => *prev = format!("{prev}{t}").into(),
            (_, event) => events.push(event),
        }
    }
    let events = events.into_iter().flat_map(|event| match event {
        Event::Text(t) => blanks(&t),
        other => vec![other],
    });
    let mut out = String::new();
    pulldown_cmark::html::push_html(&mut out, events);
    out
}

/// Splits text at blanks: `[` a label starting in lower case `]`, as mend writes a value nobody
/// has given yet (`[sponsor]`, `[what Tom tells you]`, see `crate::sheet::blank`). This and the
/// `.blank` rule in [`STYLE`] are the only places HTML knows about blanks: when the document model
/// marks blanks itself, recognise the marker here instead of the brackets. A value a rep typed in brackets that
/// starts in lower case is drawn as a blank too, which is what a rep writing `[tbd]` meant.
fn blanks(text: &str) -> Vec<Event<'static>> {
    let mut events = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find('[') {
        let Some(len) = rest[open + 1..].find(']') else { break };
        let label = &rest[open + 1..open + 1 + len];
        let is_label = label.starts_with(|c: char| c.is_lowercase())
            && label.chars().count() <= 60
            && !label.contains(['[', '\n']);
        if !is_label {
            events.push(Event::Text(rest[..open + 1].to_string().into()));
            rest = &rest[open + 1..];
            continue;
        }
        if open > 0 {
            events.push(Event::Text(rest[..open].to_string().into()));
        }
        events.push(Event::InlineHtml(format!("<span class=\"blank\">[{}]</span>", escape(label)).into()));
        rest = &rest[open + len + 2..];
    }
    if !rest.is_empty() {
        events.push(Event::Text(rest.to_string().into()));
    }
    events
}

pub fn render(doc: &Document) -> String {
    let mut body = format!("<h1>{}</h1>\n", escape(&doc.title));
    if let Some(intro) = &doc.intro {
        body.push_str(&format!("<p class=\"intro\">{}</p>\n", escape(intro)));
    }
    for section in &doc.sections {
        let tag = format!("h{}", section.level.clamp(2, 4));
        let class = if section.new_page { " class=\"new-page\"" } else { "" };
        let id = section.anchor.as_ref().map(|a| format!(" id=\"{}\"", escape(a))).unwrap_or_default();
        body.push_str(&format!("<section{class}>\n<{tag}{id}>{}</{tag}>\n", escape(&section.heading)));
        match &section.content {
            Content::Markdown(md) => body.push_str(&format!("<div class=\"say\">\n{}</div>\n", markdown(md))),
            Content::Paragraph(p) => body.push_str(&format!("<p>{}</p>\n", escape(p))),
            Content::List(items) => body.push_str(&list("ul", items)),
            Content::Steps(items) => body.push_str(&list("ol", items)),
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
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<main>\n{body}</main>\n<footer>Prepared with mend.</footer>\n</body>\n</html>\n",
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

    #[test]
    fn blanks_become_labelled_lines_and_other_brackets_stay_text() {
        let html = markdown("Hi [sponsor], about [what Tom says].\n\nSee [Note] and [a](b) and [x");
        assert!(html.contains("Hi <span class=\"blank\">[sponsor]</span>, about"), "{html}");
        assert!(html.contains("<span class=\"blank\">[what Tom says]</span>."), "{html}");
        assert!(html.contains("See [Note] and <a href=\"b\">a</a> and [x"), "{html}");
        let html = markdown("[what <b>Tom</b> says]");
        assert!(!html.contains("<b>"), "{html}");
    }
}
