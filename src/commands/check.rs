//! `mend check [DIR...]`: validate a library and list every problem, not just the first.
//!
//! With no DIR the built-in library is checked; the checking itself is [`crate::library::check`].

use crate::error::{Error, Outcome};
use crate::library::check::check_layer;
use crate::library::{Layer, LayerSource};
use std::path::PathBuf;

pub fn run(dirs: Vec<PathBuf>) -> Result<Outcome, Error> {
    let layers: Vec<Layer> = if dirs.is_empty() {
        vec![Layer::builtin()]
    } else {
        dirs.into_iter().map(|d| Layer { source: LayerSource::Flag, root: Some(d) }).collect()
    };
    let mut all = Vec::new();
    let mut summary = String::new();
    for layer in &layers {
        let problems = check_layer(layer)?;
        let label = layer.root.as_ref().map_or_else(|| "built-in library".to_string(), |p| p.display().to_string());
        summary.push_str(&format!("{label}: {}\n", plural(problems.len())));
        all.extend(problems);
    }
    let mut out = String::new();
    for p in &all {
        out.push_str(&format!("{p}\n"));
    }
    out.push_str(&summary);
    crate::output::stdout(&crate::format::inert::text(&out))?;
    Ok(if all.is_empty() { Outcome::Clean } else { Outcome::Findings })
}

fn plural(n: usize) -> String {
    match n {
        0 => "no problems".into(),
        1 => "1 problem".into(),
        n => format!("{n} problems"),
    }
}
