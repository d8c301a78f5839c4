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

fn node(id: &str) -> String {
    id.replace('-', "_")
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
        if let Some(s) = &rule.conclude {
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

fn quote(text: &str) -> String {
    text.replace('"', "'")
}

pub fn run(library: &Library, format: GraphFormat) -> Result<Outcome, Error> {
    let script = library.script()?;
    let g = build(&script, &library.situations()?);
    let mut out = String::new();
    match format {
        GraphFormat::Mermaid => {
            out.push_str("flowchart TD\n  start([start])\n");
            for (id, text) in &g.questions {
                out.push_str(&format!("  {id}{{\"{}\"}}\n", quote(text)));
            }
            for (id, text) in &g.situations {
                out.push_str(&format!("  {id}[[\"{}\"]]\n", quote(text)));
            }
            for (from, to, label) in &g.edges {
                if label.is_empty() {
                    out.push_str(&format!("  {from} --> {to}\n"));
                } else {
                    out.push_str(&format!("  {from} -- \"{}\" --> {to}\n", quote(label)));
                }
            }
        }
        GraphFormat::Dot => {
            out.push_str("digraph interview {\n  rankdir=LR;\n  start [shape=circle];\n");
            for (id, text) in &g.questions {
                out.push_str(&format!("  {id} [shape=diamond, label=\"{}\"];\n", quote(text)));
            }
            for (id, text) in &g.situations {
                out.push_str(&format!("  {id} [shape=box, style=bold, label=\"{}\"];\n", quote(text)));
            }
            for (from, to, label) in &g.edges {
                out.push_str(&format!("  {from} -> {to} [label=\"{}\"];\n", quote(label)));
            }
            out.push_str("}\n");
        }
    }
    output::stdout(&out)?;
    Ok(Outcome::Clean)
}
