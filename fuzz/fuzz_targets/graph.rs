//! `mend graph` on arbitrary scripts: whatever the ids and texts, every line of the Mermaid and
//! DOT output is one statement of the expected shape, so no label or id can end its string and
//! start a statement of its own (a `click ... href "javascript:..."`, a new node or edge).
#![no_main]
use libfuzzer_sys::fuzz_target;
use mend::cli::GraphFormat;
use mend::content::origin::{Origin, Source};
use mend::interview::Script;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let source = Source { origin: Origin::File("fuzz.toml".into()), text: text.to_string().into() };
    let Ok(script) = Script::parse(&source) else { return };
    let lib = mend::library::Library::new(vec![mend::library::Layer::builtin()]);
    let situations = lib.situations().expect("built-in situations");
    let mermaid = mend::commands::graph::render(&script, &situations, GraphFormat::Mermaid);
    for line in mermaid.lines().skip(1) {
        check_mermaid(line);
    }
    let dot = mend::commands::graph::render(&script, &situations, GraphFormat::Dot);
    let lines: Vec<&str> = dot.lines().collect();
    assert_eq!(lines.last(), Some(&"}"), "{dot}");
    for line in &lines[1..lines.len() - 1] {
        check_dot(line);
    }
});

fn is_node(s: &str) -> bool {
    !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// A Mermaid label between quotes: no quote, no line break, no control character.
fn plain_label(s: &str) -> bool {
    !s.contains('"') && !s.chars().any(char::is_control)
}

fn check_mermaid(line: &str) {
    let body = line.strip_prefix("  ").unwrap_or_else(|| panic!("not indented: {line:?}"));
    if body == "start([start])" {
        return;
    }
    if let Some((from, rest)) = body.split_once(" -- \"") {
        let (label, to) = rest.rsplit_once("\" --> ").unwrap_or_else(|| panic!("edge: {line:?}"));
        assert!(is_node(from) && is_node(to) && plain_label(label), "edge: {line:?}");
        return;
    }
    if let Some((from, to)) = body.split_once(" --> ") {
        // The first edge may lead nowhere when the script has no question.
        assert!(is_node(from) && (to.is_empty() || is_node(to)), "edge: {line:?}");
        return;
    }
    for (open, close) in [("{\"", "\"}"), ("[[\"", "\"]]")] {
        if let Some((id, rest)) = body.split_once(open) {
            let label = rest.strip_suffix(close).unwrap_or_else(|| panic!("node: {line:?}"));
            assert!(is_node(id) && plain_label(label), "node: {line:?}");
            return;
        }
    }
    panic!("unexpected Mermaid statement: {line:?}");
}

/// The text of a DOT string starting just after its opening quote, and what follows the closing
/// quote; `None` if it never closes.
fn dot_string(s: &str) -> Option<(&str, &str)> {
    let mut escaped = false;
    for (i, c) in s.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '"' => return Some((&s[..i], &s[i + 1..])),
            _ => {}
        }
    }
    None
}

fn check_dot(line: &str) {
    let body = line.strip_prefix("  ").unwrap_or_else(|| panic!("not indented: {line:?}"));
    if body == "rankdir=LR;" || body == "start [shape=circle];" {
        return;
    }
    let (head, rest) = body.split_once("label=\"").unwrap_or_else(|| panic!("no label: {line:?}"));
    let (label, tail) = dot_string(rest).unwrap_or_else(|| panic!("label never closes: {line:?}"));
    assert_eq!(tail, "];", "text after the label: {line:?}");
    assert!(!label.chars().any(char::is_control), "control character in a label: {line:?}");
    let ok = match head.split_once(" -> ") {
        // The first edge may lead nowhere when the script has no question.
        Some((from, to)) => is_node(from) && to.strip_suffix(" [").is_some_and(|to| to.is_empty() || is_node(to)),
        None => head
            .split_once(" [")
            .is_some_and(|(id, attrs)| is_node(id) && matches!(attrs, "shape=diamond, " | "shape=box, style=bold, ")),
    };
    assert!(ok, "unexpected DOT statement: {line:?}");
}
