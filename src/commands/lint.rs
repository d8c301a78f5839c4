//! `mend lint [FILE...]`: find "but" and defensive language in a draft, and fix what is safe.
//!
//! The engine ([`crate::lint`]) streams; this module picks the inputs, the rules (built-in, then
//! each library layer's `lint/*.toml`, minus `--allow` and `mend.toml`'s `[lint] allow`), and where
//! output goes. `--fix` writes through a temp file in the same directory and renames it over the
//! original only when something changed, keeping its permissions.

use crate::cli::LintFormat;
use crate::config::LintConfig;
use crate::diagnostic::Diagnostic;
use crate::error::{Error, Outcome};
use crate::format::inert;
use crate::library::Library;
use crate::lint::{self, report, LintError, RuleError, Rules};
use crate::output;
use std::fs::File;
use std::io::{self, BufReader, Read, Write};
use std::path::{Path, PathBuf};

/// Name of the optional per-project config file.
pub const CONFIG_FILE: &str = "mend.toml";

fn rule_error(e: RuleError) -> Error {
    Error::Invalid(vec![e])
}

/// [`lint_error`] for `--fix`, which cannot take the `--lossy` the hint offers.
fn fix_error(file: &str, e: LintError) -> Error {
    match lint_error(file, e) {
        Error::Invalid(diags) => Error::Invalid(
            diags
                .into_iter()
                .map(|d| d.with_hint(Some("convert the file to UTF-8 first (e.g. `iconv -f latin1 -t utf-8`)".into())))
                .collect(),
        ),
        other => other,
    }
}

fn lint_error(file: &str, e: LintError) -> Error {
    match e {
        LintError::InvalidUtf8 { offset, line } => {
            Error::Invalid(vec![Diagnostic::new(file, format!("invalid UTF-8 at byte offset {offset} (line {line})"))
                .with_hint(Some("re-run with `--lossy` to replace invalid bytes".into()))])
        }
        LintError::Binary { offset, line } => Error::Invalid(vec![Diagnostic::new(
            file,
            format!("binary input: a NUL byte at byte offset {offset} (line {line}); stopped reading"),
        )
        .with_hint(Some("`mend lint` checks text drafts; convert the file to plain text first".into()))]),
        LintError::Io(io) => Error::io(format!("cannot read `{file}`"), io),
    }
}

/// `[lint] allow = [...]` from `mend.toml` in the current directory and in each library layer.
fn configured_allow(library: &Library) -> Result<Vec<String>, Error> {
    #[derive(serde::Deserialize, Default)]
    struct LintSection {
        #[serde(default)]
        allow: Vec<String>,
    }
    #[derive(serde::Deserialize, Default)]
    struct ConfigFile {
        #[serde(default)]
        lint: LintSection,
    }
    let mut paths: Vec<PathBuf> =
        library.layers.iter().filter_map(|l| l.root.as_ref().map(|r| r.join(CONFIG_FILE))).collect();
    paths.push(PathBuf::from(CONFIG_FILE));
    let mut allow = Vec::new();
    for path in paths.into_iter().filter(|p| p.is_file()) {
        let source = crate::content::origin::Source::read(path)?;
        let config: ConfigFile = toml::from_str(&source.text).map_err(|e| {
            Error::Invalid(vec![Diagnostic::from_toml(&e, &source.origin.to_string(), &source.text, 1)])
        })?;
        allow.extend(config.lint.allow);
    }
    Ok(allow)
}

/// Inputs up to this size in all are linted with rules compiled for their text alone.
const SHORT_INPUT: u64 = 64 * 1024;

/// The text of all the inputs, when they are files of [`SHORT_INPUT`] bytes or less in all (an
/// email, a draft): reading them twice costs microseconds, and compiling the built-in rules for
/// only the phrases they may hold, without the line filter, costs a fraction of compiling all
/// twenty thousand phrases (47M of 160M instructions for a 1.5 KB email). Standard input cannot
/// be read twice, so it always gets the full rules.
fn short_input_text(inputs: &[Input]) -> Option<String> {
    let mut size = 0;
    for input in inputs {
        let Input::File(path) = input else { return None };
        let meta = std::fs::metadata(path).ok().filter(|m| m.is_file())?;
        size += meta.len();
        if size > SHORT_INPUT {
            return None;
        }
    }
    let mut text = String::new();
    for input in inputs {
        let Input::File(path) = input else { return None };
        text.push_str(&String::from_utf8_lossy(&std::fs::read(path).ok()?));
        text.push('\n');
    }
    Some(text)
}

/// The rules for this run. With `short_text` (all the input), the built-in rules are narrowed to
/// the phrases it may hold and compiled without the line filter: the findings are the same
/// (`RuleFile::narrowed_to`, tested on both corpora).
pub fn load_rules(library: &Library, allow: &[String], short_text: Option<&str>) -> Result<Rules, Error> {
    let mut files = vec![match short_text {
        Some(text) => lint::builtin_rules_for(text),
        None => lint::builtin_rules(),
    }];
    let index = library.sources_in("lint", ".toml", &[])?;
    for entry in index.entries.values() {
        let source = entry.load()?;
        files.push(lint::parse_rules(&source.origin.to_string(), &source.text).map_err(rule_error)?);
    }
    let mut allow = allow.to_vec();
    allow.extend(configured_allow(library)?);
    match short_text {
        Some(_) => Rules::compile_for_short_text(&files, &allow),
        None => Rules::compile(&files, &allow),
    }
    .map_err(rule_error)
}

/// One input: a file, or standard input.
enum Input {
    Stdin,
    File(PathBuf),
}

impl Input {
    fn name(&self) -> String {
        match self {
            Input::Stdin => "<stdin>".into(),
            Input::File(p) => p.display().to_string(),
        }
    }

    fn open(&self) -> Result<Box<dyn Read>, Error> {
        match self {
            Input::Stdin => Ok(Box::new(io::stdin())),
            Input::File(p) => {
                if p.is_dir() {
                    return Err(Error::usage(format!("`{}` is a directory", p.display())));
                }
                File::open(p)
                    .map(|f| Box::new(f) as Box<dyn Read>)
                    .map_err(|e| Error::io(format!("cannot read `{}`", p.display()), e))
            }
        }
    }
}

pub fn run(config: LintConfig, library: &Library) -> Result<Outcome, Error> {
    let inputs: Vec<Input> = if config.files.is_empty() {
        vec![Input::Stdin]
    } else {
        config.files.iter().map(|f| if f.as_os_str() == "-" { Input::Stdin } else { Input::File(f.clone()) }).collect()
    };
    let rules = load_rules(library, &config.allow, short_input_text(&inputs).as_deref())?;
    if config.fix {
        return fix(&rules, &inputs, config.lossy);
    }
    if config.diff {
        return diff(&rules, &inputs, config.lossy);
    }
    let stdout = io::stdout();
    let mut out = io::BufWriter::with_capacity(64 * 1024, stdout.lock());
    let mut total = 0usize;
    // The JSON document is streamed: an element per finding as it is found.
    let mut json = report::JsonArray::default();
    let mut write_err: Option<io::Error> = None;
    for input in &inputs {
        let name = input.name();
        let reader = BufReader::with_capacity(256 * 1024, input.open()?);
        let summary = lint::lint_reader(&rules, reader, config.lossy, |line, findings| {
            if write_err.is_some() {
                return;
            }
            let result = match config.format {
                LintFormat::Text => {
                    findings.iter().try_for_each(|f| writeln!(out, "{}", report::human(&name, line, f, config.color)))
                }
                LintFormat::Line => findings.iter().try_for_each(|f| report::write_line(&mut out, &name, f)),
                LintFormat::Json => findings.iter().try_for_each(|f| json.push(&mut out, &name, f)),
            };
            if let Err(e) = result {
                write_err = Some(e);
            }
        })
        .map_err(|e| lint_error(&name, e))?;
        if summary.lossy_replacements > 0 {
            eprintln!(
                "warning: {name}: replaced {} invalid UTF-8 sequence(s), the first at byte offset {}",
                summary.lossy_replacements,
                summary.first_invalid_offset.unwrap_or(0)
            );
        }
        total += summary.findings;
    }
    if config.format == LintFormat::Json && write_err.is_none() {
        if let Err(e) = json.finish(&mut out) {
            write_err.get_or_insert(e);
        }
    }
    if let Err(e) = out.flush() {
        write_err.get_or_insert(e);
    }
    if let Some(e) = write_err {
        return Err(Error::io("cannot write to standard output", e));
    }
    if config.format == LintFormat::Text && total > 0 {
        eprintln!("{total} finding{}", if total == 1 { "" } else { "s" });
    }
    Ok(if total > 0 { Outcome::Findings } else { Outcome::Clean })
}

/// Applies the safe rewrites. Files are replaced only when something changed.
///
/// Every file is processed even when an earlier one fails, so `mend lint --fix *.txt` with one bad
/// file still fixes and reports the others; the exit status is the worst of them (a failure beats
/// findings left for a hand rewrite beats clean).
///
/// `--lossy` is refused: the scanner sees U+FFFD where the invalid bytes were, so a rewrite would
/// replace every invalid byte of the file, not only the fixed words. Converting the file to UTF-8
/// first (`iconv -f latin1 -t utf-8`) is the user's call, not a side effect of a fix.
fn fix(rules: &Rules, inputs: &[Input], lossy: bool) -> Result<Outcome, Error> {
    if lossy {
        return Err(Error::usage_hint(
            "`--fix` cannot be used with `--lossy`: it would rewrite every invalid byte of the file",
            Some("convert the file to UTF-8 first (e.g. `iconv -f latin1 -t utf-8`), or use `--lossy` without `--fix` to read it".into()),
        ));
    }
    let mut remaining = 0usize;
    let mut failed: Vec<Diagnostic> = Vec::new();
    for input in inputs {
        let name = input.name();
        let result = match input {
            Input::Stdin => fix_stdin(rules, &name),
            Input::File(path) => fix_one_file(rules, path, &name),
        };
        match result {
            Ok(left) => remaining += left,
            Err(Error::Invalid(diags)) => failed.extend(diags),
            Err(e @ Error::Interrupted) => return Err(e),
            Err(e) => failed.push(Diagnostic::new(name, e.to_string()).with_hint(e.hint().map(String::from))),
        }
    }
    if remaining > 0 {
        eprintln!("{remaining} finding(s) need a rewrite by hand; run `mend lint` to see them");
    }
    if !failed.is_empty() {
        return Err(Error::Invalid(failed));
    }
    Ok(if remaining > 0 { Outcome::Findings } else { Outcome::Clean })
}

/// Prints standard input with the fixes applied; returns the findings left for a hand rewrite.
fn fix_stdin(rules: &Rules, name: &str) -> Result<usize, Error> {
    let reader = BufReader::with_capacity(256 * 1024, io::stdin());
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let (fixes, summary) =
        lint::fix_reader_with_summary(rules, reader, &mut out, false).map_err(|e| fix_error(name, e))?;
    out.flush().map_err(|e| Error::io("cannot write to standard output", e))?;
    for f in &fixes {
        eprintln!("{}", inert::line(&format!("{name}:{}:{}: {} -> {}", f.line, f.column, f.before, f.after)));
    }
    Ok(summary.findings.saturating_sub(fixes.len()))
}

/// Fixes one file in place and reports its fixes at once, so a later failure cannot hide them;
/// returns the findings left for a hand rewrite.
fn fix_one_file(rules: &Rules, path: &Path, name: &str) -> Result<usize, Error> {
    // Before opening it: opening a FIFO would wait for a writer.
    output::ensure_replaceable(path)?;
    let reader = BufReader::with_capacity(256 * 1024, Input::File(path.to_path_buf()).open()?);
    let (fixes, summary) = fix_file(rules, path, reader, false)?;
    let mut report = String::new();
    for f in &fixes {
        report.push_str(&format!("{name}:{}:{}: {} -> {}\n", f.line, f.column, f.before, f.after));
    }
    output::stdout(&inert::text(&report))?;
    Ok(summary.findings.saturating_sub(fixes.len()))
}

fn fix_file(
    rules: &Rules,
    path: &Path,
    reader: impl io::BufRead,
    lossy: bool,
) -> Result<(Vec<lint::Fix>, lint::Summary), Error> {
    let shown = path.display().to_string();
    let mut staged = output::Staged::new(path)?;
    let result = {
        let mut writer = io::BufWriter::new(staged.file());
        let r = lint::fix_reader_with_summary(rules, reader, &mut writer, lossy).map_err(|e| fix_error(&shown, e));
        writer.flush().map_err(|e| Error::io(format!("cannot write `{shown}`"), e))?;
        r
    }?;
    if !result.0.is_empty() {
        staged.commit(true)?; // nothing to fix: dropping `staged` leaves the file untouched
    }
    Ok(result)
}

/// Prints the safe rewrites as a unified diff, as the input streams; writes no file.
fn diff(rules: &Rules, inputs: &[Input], lossy: bool) -> Result<Outcome, Error> {
    let stdout = io::stdout();
    let mut out = WriteFailure { out: io::BufWriter::with_capacity(64 * 1024, stdout.lock()), failed: None };
    let mut changed = false;
    for input in inputs {
        let name = input.name();
        let reader = BufReader::with_capacity(256 * 1024, input.open()?);
        changed |= lint::diff_reader(rules, reader, &name, &mut out, lossy).map_err(|e| match out.failed.take() {
            Some(failed) => Error::io("cannot write to standard output", failed),
            None => lint_error(&name, e),
        })?;
    }
    out.flush().map_err(|e| Error::io("cannot write to standard output", e))?;
    Ok(if changed { Outcome::Findings } else { Outcome::Clean })
}

/// A writer that remembers its first failure, so that a failed write while the input streams is
/// reported as one (a closed pipe is then no error at all), not as a failure to read the input.
struct WriteFailure<W> {
    out: W,
    failed: Option<io::Error>,
}

impl<W: Write> Write for WriteFailure<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.out.write(buf).inspect_err(|e| {
            self.failed.get_or_insert_with(|| io::Error::new(e.kind(), e.to_string()));
        })
    }

    fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}
