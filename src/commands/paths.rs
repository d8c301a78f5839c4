//! `mend paths`: every library layer, why it is there, and whether it exists.

use crate::error::{Error, Outcome};
use crate::library::Library;
use crate::output;

pub fn run(library: &Library) -> Result<Outcome, Error> {
    let mut out = String::from("Library layers, lowest priority first (later layers win):\n");
    for layer in &library.layers {
        let (path, state) = match &layer.root {
            None => ("(embedded in the binary)".to_string(), "ok"),
            Some(p) if p.is_dir() => (p.display().to_string(), "exists"),
            Some(p) if p.exists() => (p.display().to_string(), "not a directory"),
            Some(p) => (p.display().to_string(), "missing"),
        };
        out.push_str(&format!("  {:<28} {path}  [{state}]\n", layer.source.to_string()));
        if let Some(dir) = layer.tracks_dir().filter(|_| layer.exists()) {
            out.push_str(&format!("  {:<28}   talk-tracks: {}\n", "", dir.display()));
        }
    }
    output::stdout(&crate::format::inert::text(&out))?;
    Ok(Outcome::Clean)
}
