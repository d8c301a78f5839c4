//! Front matter + template parsing, then rendering with values cut from the same input, the
//! terminal layout (wrapping) of the result, and the HTML page: whatever the values hold
//! (Markdown links, images, raw HTML), the page has no `javascript:` link, no image and no script.
#![no_main]
use libfuzzer_sys::fuzz_target;
use mend::content::origin::{Origin, Source};
use mend::content::talk_track::TalkTrack;
use mend::format::Printable;
use std::collections::BTreeMap;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let (track_text, value) = text.split_once("\u{1}").unwrap_or((text, "value"));
    let source = Source { origin: Origin::File("fuzz.md.hbs".into()), text: track_text.to_string().into() };
    let _ = mend::content::talk_track::read_front(&source);
    if let Ok(track) = TalkTrack::parse("fuzz", &source) {
        let values: BTreeMap<String, String> =
            track.front.variables.iter().map(|v| (v.name.clone(), mend::values::clean(value) + "x")).collect();
        // Every declared variable has a value, so rendering a validated track must succeed.
        let resolved = mend::values::Resolved { values, ..mend::values::Resolved::default() };
        let rendered = mend::sheet::track::RenderedTrack::render(&track, &resolved, &[])
            .expect("validated track renders");
        // Lay it out as terminal text at a width taken from the input, coloured or not.
        let width = 1 + data.len() % 120;
        let style = mend::format::TextStyle { width, color: data.len() % 2 == 0 };
        let _ = mend::format::text::render(&rendered.document(), style);
        let page = mend::format::html::render(&rendered.document()).to_ascii_lowercase();
        for forbidden in ["<img", "<script", "href=\"javascript:", "<iframe", "<object"] {
            assert!(!page.contains(forbidden), "{forbidden} in the page:\n{page}");
        }
        // Markdown in a value stays text: escaped, it renders as the value itself.
        let md = mend::format::markdown::escape(value);
        let mut shown = String::new();
        for event in pulldown_cmark::Parser::new(&md) {
            if let pulldown_cmark::Event::Start(
                tag @ (pulldown_cmark::Tag::Link { .. } | pulldown_cmark::Tag::Image { .. }),
            ) = event
            {
                panic!("value {value:?} became {tag:?}");
            }
            if let pulldown_cmark::Event::Html(h) | pulldown_cmark::Event::InlineHtml(h) = event {
                shown.push_str(&h);
            }
        }
        assert!(shown.is_empty(), "value {value:?} became HTML {shown:?}");
    }
});
