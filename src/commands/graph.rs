//! `mend graph`: the interview as a Mermaid or Graphviz graph, for coaches reviewing the routing.
//!
//! Questions are nodes; an edge labelled with a value leads to a question whose condition tests
//! that value (or, unlabelled, to the next unconditional question); choices and rules lead to the
//! situation they point to most strongly.

use crate::cli::GraphFormat;
use crate::content::situation::Situation;
use crate::error::{Error, Outcome};
use crate::interview::Script;
use crate::library::Library;
use crate::output;

/// (from, to, label) edges and node labels, independent of the graph language.
struct Graph {
    questions: Vec<(String, String)>,
    situations: Vec<(String, String)>,
    edges: Vec<(String, String, String)>,
}

/// A node name safe in both languages: ASCII letters, digits and `_`. A plain id keeps its
/// spelling (`-` becomes `_`); any other character is written as `_xHEX_`, so an id from a team
/// library can neither end a statement nor start one (`mend check` rejects such ids anyway).
fn node(id: &str) -> String {
    let mut out = String::with_capacity(id.len());
    for c in id.chars() {
        match c {
            c if c.is_ascii_alphanumeric() || c == '_' => out.push(c),
            '-' => out.push('_'),
            c => out.push_str(&format!("_x{:x}_", u32::from(c))),
        }
    }
    out
}

fn build(script: &Script, situations: &[Situation]) -> Graph {
    let mut g = Graph { questions: Vec::new(), situations: Vec::new(), edges: Vec::new() };
    let mut prev_unconditional: Option<String> = None;
    g.edges.push(("start".into(), script.questions.first().map(|q| node(&q.id)).unwrap_or_default(), String::new()));
    for (i, q) in script.questions.iter().enumerate() {
        g.questions.push((node(&q.id), q.text.to_string()));
        match &q.when {
            Some(w) => {
                for (from, value) in w.mentions() {
                    g.edges.push((node(from), node(&q.id), value.to_string()));
                }
            }
            None if i > 0 => {
                if let Some(p) = &prev_unconditional {
                    g.edges.push((p.clone(), node(&q.id), String::new()));
                }
            }
            None => {}
        }
        if q.when.is_none() {
            prev_unconditional = Some(node(&q.id));
        }
        for value in q.allowed() {
            if let Some(meaning) = q.meaning(&value) {
                if let Some((s, _)) = meaning.evidence.iter().filter(|(_, w)| **w > 0).max_by_key(|(_, w)| **w) {
                    g.edges.push((node(&q.id), format!("s_{}", node(s)), value.clone()));
                }
            }
        }
    }
    for rule in &script.rules {
        // A rule leads to the situation it concludes, or to the one it adds weight to (a new
        // decision maker behind a stalled decision).
        let added = rule.add.iter().filter(|(_, w)| **w > 0).max_by_key(|(_, w)| **w).map(|(s, _)| s);
        if let Some(s) = rule.conclude.as_ref().or(added) {
            for (q, v) in rule.when.mentions() {
                g.edges.push((node(q), format!("s_{}", node(s)), format!("{v} (rule {})", rule.id)));
            }
        }
    }
    for s in situations {
        g.situations.push((format!("s_{}", node(&s.id)), s.title.to_string()));
    }
    g.edges.dedup();
    g
}

/// A label inside Mermaid's `"..."`: quotes and markup characters as Mermaid entity codes (`#quot;`),
/// line breaks and other control characters as spaces, so a label cannot close its string and
/// start a statement (`click ... href "javascript:..."`).
fn mermaid_label(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '"' => out.push_str("#quot;"),
            '#' => out.push_str("#35;"),
            '\\' => out.push_str("#92;"),
            '<' => out.push_str("#lt;"),
            '>' => out.push_str("#gt;"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// A label inside DOT's `"..."`: backslash and quote escaped (a trailing backslash would escape
/// the closing quote), line breaks and other control characters as spaces.
fn dot_label(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

pub fn run(library: &Library, format: GraphFormat) -> Result<Outcome, Error> {
    let script = library.script()?;
    output::stdout(&render(&script, &library.situations()?, format))?;
    Ok(Outcome::Clean)
}

/// The graph in `format`; public for the fuzz target that checks no label escapes its quotes.
pub fn render(script: &Script, situations: &[Situation], format: GraphFormat) -> String {
    let g = build(script, situations);
    let mut out = String::new();
    match format {
        GraphFormat::Mermaid => {
            out.push_str("flowchart TD\n  start([start])\n");
            for (id, text) in &g.questions {
                out.push_str(&format!("  {id}{{\"{}\"}}\n", mermaid_label(text)));
            }
            for (id, text) in &g.situations {
                out.push_str(&format!("  {id}[[\"{}\"]]\n", mermaid_label(text)));
            }
            for (from, to, label) in &g.edges {
                if label.is_empty() {
                    out.push_str(&format!("  {from} --> {to}\n"));
                } else {
                    out.push_str(&format!("  {from} -- \"{}\" --> {to}\n", mermaid_label(label)));
                }
            }
        }
        GraphFormat::Dot => {
            out.push_str("digraph interview {\n  rankdir=LR;\n  start [shape=circle];\n");
            for (id, text) in &g.questions {
                out.push_str(&format!("  {id} [shape=diamond, label=\"{}\"];\n", dot_label(text)));
            }
            for (id, text) in &g.situations {
                out.push_str(&format!("  {id} [shape=box, style=bold, label=\"{}\"];\n", dot_label(text)));
            }
            for (from, to, label) in &g.edges {
                out.push_str(&format!("  {from} -> {to} [label=\"{}\"];\n", dot_label(label)));
            }
            out.push_str("}\n");
        }
    }
    out
}
