//! `mend paths`: every library layer and the accounts directory, why each is there, and whether it
//! exists.

use crate::error::{Error, Outcome};
use crate::library::Library;
use crate::output;

pub fn run(library: &Library, accounts: Option<&crate::account::Store>) -> Result<Outcome, Error> {
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
    out.push_str("\nAccounts:\n");
    match accounts {
        Some(store) => {
            let state = if store.dir.is_dir() { "exists" } else { "missing; created on first write" };
            out.push_str(&format!("  {:<28} {}  [{state}]\n", store.via.to_string(), store.dir.display()));
        }
        None => out.push_str("  (none: HOME is not set; use --accounts DIR or MEND_ACCOUNTS)\n"),
    }
    output::stdout(&crate::format::inert::text(&out))?;
    Ok(Outcome::Clean)
}
