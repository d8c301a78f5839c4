//! Embeds the shipped content (`talk-tracks/`, `scripts/`) in the binary.
//!
//! A generated table of `(relative path, include_str!(..))` pairs keeps the content in the
//! read-only data segment: nothing is parsed at start-up, and a command parses only the files it
//! needs. Listing the folders here (rather than by hand in Rust) means a new track ships the moment
//! its file is added.
//!
//! The TOML parts (front matter, `situations.toml`, scripts) are also parsed here, into the flat
//! tree `src/prebuilt.rs` reads: a string table and a node table linked by indices. Reading that
//! needs no parsing at all, where parsing the TOML (or JSON) was most of what `mend list` and
//! `mend diagnose` spent at start-up. The TOML stays the source of truth; a unit test checks both
//! readings agree, and a file that does not parse is left to the run-time parser, which reports
//! it with its line and column.

use std::env;
use std::fs;
use std::io::Write;
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

/// The TOML part of a content file: the front matter of a track, or the whole file.
fn toml_part(path: &Path, text: &str) -> Option<String> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text).replace("\r\n", "\n");
    if path.extension().is_some_and(|e| e == "toml") {
        return Some(text);
    }
    let mut lines = text.split_inclusive('\n');
    if lines.next()?.trim_end() != "+++" {
        return None;
    }
    let mut front = String::new();
    for line in lines {
        if line.trim_end() == "+++" {
            return Some(front);
        }
        front.push_str(line);
    }
    None
}

/// The flat tree of every parsed TOML part, written as `prebuilt::Node`s.
#[derive(Default)]
struct Tree {
    strings: String,
    nodes: Vec<String>,
}

impl Tree {
    fn string(&mut self, s: &str) -> String {
        let offset = self.strings.len();
        self.strings.push_str(s);
        format!("Node::Str({offset}, {})", s.len())
    }

    /// Places `value` and returns its node; children go in consecutive slots reserved first, so an
    /// array or table is a (first, count) range.
    fn node(&mut self, value: &toml::Value) -> String {
        match value {
            toml::Value::String(s) => self.string(s),
            toml::Value::Integer(i) => format!("Node::Int({i})"),
            toml::Value::Float(x) => format!("Node::Float({x:?})"),
            toml::Value::Boolean(b) => format!("Node::Bool({b})"),
            toml::Value::Datetime(d) => self.string(&d.to_string()),
            toml::Value::Array(items) => {
                let first = self.reserve(items.len());
                for (i, item) in items.iter().enumerate() {
                    self.nodes[first + i] = self.node(item);
                }
                format!("Node::Array({first}, {})", items.len())
            }
            toml::Value::Table(table) => self.table(table),
        }
    }

    fn table(&mut self, table: &toml::Table) -> String {
        let first = self.reserve(2 * table.len());
        for (i, (key, value)) in table.iter().enumerate() {
            self.nodes[first + 2 * i] = self.string(key);
            self.nodes[first + 2 * i + 1] = self.node(value);
        }
        format!("Node::Table({first}, {})", table.len())
    }

    fn reserve(&mut self, n: usize) -> usize {
        let first = self.nodes.len();
        self.nodes.resize(first + n, String::new());
        first
    }
}

fn parsed_table(root_files: &[(&Path, &[PathBuf])], code: &mut String) {
    let mut tree = Tree::default();
    let mut roots = String::from("pub static PARSED: &[(&str, u32)] = &[\n");
    for (root, files) in root_files {
        for f in files.iter() {
            let Ok(text) = fs::read_to_string(f) else { continue };
            let Some(part) = toml_part(f, &text) else { continue };
            let Ok(table) = toml::from_str::<toml::Table>(&part) else { continue };
            let at = tree.reserve(1);
            tree.nodes[at] = tree.table(&table);
            let rel = f.strip_prefix(root).unwrap_or(f).to_string_lossy().replace('\\', "/");
            roots.push_str(&format!("    ({rel:?}, {at}),\n"));
        }
    }
    roots.push_str("];\n");
    code.push_str(&roots);
    code.push_str(&format!("pub static STRINGS: &str = {:?};\n", tree.strings));
    code.push_str("pub static NODES: &[crate::prebuilt::Node] = {\n    use crate::prebuilt::Node;\n    &[\n");
    for node in &tree.nodes {
        code.push_str(&format!("        {node},\n"));
    }
    code.push_str("    ]\n};\n");
}

/// Links the `mend` binary position-dependent on Linux unless `MEND_PIE` is set.
///
/// A position-independent mend carries about 7,000 relocations, most of them pointers in
/// pulldown-cmark's entity table, which the loader applies at every start: 27 page faults and
/// about 80 us before `main`, a third of mend's start-up above a hello-world's. Go links this way by
/// default. What is given up is address randomisation of mend's own code; mend is safe Rust and
/// reads only local text. Packagers who want PIE set `MEND_PIE=1`.
fn link_position_dependent() {
    println!("cargo:rerun-if-env-changed=MEND_PIE");
    let os = env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    let target_env = env::var("CARGO_CFG_TARGET_ENV").unwrap_or_default();
    if os == "linux" && target_env == "gnu" && env::var_os("MEND_PIE").is_none() {
        println!("cargo:rustc-link-arg-bins=-no-pie");
    }
}

fn main() {
    link_position_dependent();
    let root = PathBuf::from(env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let mut tracks = Vec::new();
    collect(&root.join("talk-tracks"), &[".hbs", ".toml"], &mut tracks);
    let mut scripts = Vec::new();
    collect(&root.join("scripts"), &[".toml"], &mut scripts);
    let mut code = String::new();
    table("TALK_TRACKS", &root.join("talk-tracks"), &tracks, &mut code);
    table("SCRIPTS", &root.join("scripts"), &scripts, &mut code);
    let (tracks_root, scripts_root) = (root.join("talk-tracks"), root.join("scripts"));
    parsed_table(&[(&tracks_root, &tracks), (&scripts_root, &scripts)], &mut code);
    let out = PathBuf::from(env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("embedded.rs");
    let mut file = fs::File::create(out).expect("create embedded.rs");
    file.write_all(code.as_bytes()).expect("write embedded.rs");
}
