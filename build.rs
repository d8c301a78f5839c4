//! Embeds the shipped content (`talk-tracks/`, `scripts/`, `scripts/rehearsals/`) in the binary.
//!
//! A generated table of `(relative path, include_str!(..))` pairs keeps the content in the
//! read-only data segment, the way bat embeds its assets: nothing is parsed at start-up, and a
//! command parses only the files it needs, at run time, with the same parser as a team's files.
//! Listing the folders here (rather than by hand in Rust) means a new track ships the moment its
//! file is added.

use std::env;
use std::fs;
use std::path::{Path, PathBuf};

fn collect(dir: &Path, exts: &[&str], out: &mut Vec<PathBuf>) {
    println!("cargo:rerun-if-changed={}", dir.display());
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if path.is_file() && exts.iter().any(|e| name.ends_with(e)) {
            println!("cargo:rerun-if-changed={}", path.display());
            out.push(path);
        }
    }
    out.sort();
}

fn table(name: &str, root: &Path, files: &[PathBuf], code: &mut String) {
    code.push_str(&format!("pub static {name}: &[(&str, &str)] = &[\n"));
    for f in files {
        let rel = f.strip_prefix(root).unwrap_or(f).to_string_lossy().replace('\\', "/");
        code.push_str(&format!("    ({rel:?}, include_str!({:?})),\n", f.display().to_string()));
    }
    code.push_str("];\n");
}

fn main() {
    let root = PathBuf::from(env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let mut tracks = Vec::new();
    collect(&root.join("talk-tracks"), &[".hbs", ".toml"], &mut tracks);
    let mut scripts = Vec::new();
    collect(&root.join("scripts"), &[".toml"], &mut scripts);
    let mut rehearsals = Vec::new();
    collect(&root.join("scripts").join("rehearsals"), &[".toml"], &mut rehearsals);
    let mut code = String::new();
    table("TALK_TRACKS", &root.join("talk-tracks"), &tracks, &mut code);
    table("SCRIPTS", &root.join("scripts"), &scripts, &mut code);
    table("REHEARSALS", &root, &rehearsals, &mut code);
    let out = PathBuf::from(env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("embedded.rs");
    fs::write(out, code).expect("write embedded.rs");
}
