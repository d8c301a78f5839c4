//! The prose check behind `mend lint`: finds "but" and defensive language in a rep's draft and
//! rewrites what is safe to rewrite.
//!
//! Why it is shaped this way:
//! - **Rules are data** ([`rules`], `lint/rules.toml`, documented in `lint/README.md`). Coaches tune
//!   phrases, exceptions and messages without touching the scanner; users add or override rules
//!   with their own files, merged by id, and switch rules off with an `allow` list.
//! - **Anchors, then phrases, then context.** Every phrase of every enabled rule gets an anchor
//!   (`anchor`: its rarest run of words, or the failure words a `caused-failure` phrase needs),
//!   and a filter that hashes each word of the text (and the pairs and triples of words ending
//!   there) into a table of the anchors is the only thing run over every byte. A
//!   line holding an anchor gets the full phrase search (leftmost-longest over all phrases) and
//!   the context checks in `sense` (whole word, quoted mention, "all but", "not yet", the
//!   sentence around a hit); a line without one cannot hold a finding. Precision matters more
//!   than volume: a rep who sees false alarms stops reading the findings.
//! - **Streaming in chunks** (`scan`). Input is read in chunks of whole lines, validated as UTF-8
//!   and searched with one filter pass per chunk, so memory stays flat whatever the input size
//!   and short lines cost no per-call overhead. On a machine with two or more cores, a chunk of 64
//!   KiB or more is cut at a line end near its middle and the halves are searched on two threads;
//!   their findings are reported in input order, so the output does not depend on it. Line and
//!   column numbers are derived only for hits, and the per-line search reuses its buffers.
//! - **Fixes are conservative** (`fix`). A finding carries a `fix` only where the rewrite cannot
//!   change the grammar (", but" → ", and"; a sentence-initial "But" or "However," → "And").
//!   Everything else gets a suggestion. Output of the fixer is byte-for-byte the input outside the
//!   fixed words (line endings, a missing final newline and a byte-order mark are kept).
//! - **Output is pure formatting** ([`report`]): the CLI decides where it goes.

mod anchor;
mod boundary;
mod diff;
mod failure;
mod fix;
mod frame;
pub mod report;
pub mod rules;
mod scan;
mod sense;

use std::collections::BTreeMap;
use std::io::{self, BufRead};
use std::ops::Range;
use std::sync::Arc;

pub(crate) use boundary::is_whole_word;
pub use diff::diff_reader;
/// Public for the property tests and fuzz targets that build text around every failure word.
pub use failure::FAILURE_WORDS;
pub use fix::{fix_reader, fix_reader_with_summary, Fix};
pub use frame::FrameSpec;
pub use rules::{builtin_rules, builtin_rules_for, parse_rules, Rule, RuleError, RuleFile, Rules};

/// One place in the text where a rule applies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// 1-based line number.
    pub line: usize,
    /// 1-based column of the first matched character, counted in characters (not bytes).
    pub column: usize,
    /// 1-based column just past the match: the characters `[column - 1, end_column - 1)` of the line
    /// are `matched`.
    pub end_column: usize,
    /// Byte range of the match within its line.
    pub byte_range: Range<usize>,
    /// The rule id, e.g. `but-and`.
    pub rule: Arc<str>,
    /// The text matched, as written.
    pub matched: String,
    /// Why this hurts, in coaching terms.
    pub message: Arc<str>,
    /// What to say instead, when there is something to suggest.
    pub suggestion: Option<Arc<str>>,
    /// Replacement for `matched` when the rewrite is safe to apply automatically.
    pub fix: Option<String>,
}

/// Counts for one linted input.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    /// Lines read.
    pub lines: usize,
    /// Bytes read (after lossy replacement, if any).
    pub bytes: u64,
    /// Findings reported.
    pub findings: usize,
    /// Findings that carry a safe fix.
    pub fixable: usize,
    /// Findings per rule id.
    pub per_rule: BTreeMap<String, usize>,
    /// In lossy mode: how many invalid UTF-8 sequences were replaced by `U+FFFD`.
    pub lossy_replacements: usize,
    /// In lossy mode: the byte offset of the first invalid sequence (for the warning).
    pub first_invalid_offset: Option<u64>,
}

/// Why linting an input failed.
#[derive(Debug, thiserror::Error)]
pub enum LintError {
    /// The input is not UTF-8 (and lossy mode is off).
    #[error("invalid UTF-8 at byte offset {offset} (line {line}); re-run with lossy decoding to replace it")]
    InvalidUtf8 {
        /// 0-based byte offset of the first invalid byte in the input.
        offset: u64,
        /// 1-based line holding it.
        line: usize,
    },
    /// The input holds a NUL byte: it is binary, not a draft.
    #[error("binary input: a NUL byte at byte offset {offset} (line {line})")]
    Binary {
        /// 0-based byte offset of the NUL byte.
        offset: u64,
        /// 1-based line holding it.
        line: usize,
    },
    /// Reading or writing failed.
    #[error(transparent)]
    Io(#[from] io::Error),
}

/// Collects findings of a whole text.
struct Collect(Vec<Finding>);

impl scan::Sink for Collect {
    fn preamble(&mut self, _: &str) -> io::Result<()> {
        Ok(())
    }
    fn line(&mut self, hit: scan::LineHit<'_>) -> io::Result<()> {
        self.0.extend_from_slice(hit.findings);
        Ok(())
    }
    fn chunk(&mut self, _: &str) -> io::Result<()> {
        Ok(())
    }
}

/// Lints a whole text held in memory.
pub fn lint_str(rules: &Rules, text: &str) -> Vec<Finding> {
    let mut sink = Collect(Vec::new());
    let mut scanner = scan::Scanner::new(rules);
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    // `Collect` never fails, so neither does the scan.
    let _ = scanner.scan(text, false, &mut sink);
    sink.0
}

/// Calls a closure for each line with findings.
struct PerLine<F>(F);

impl<F: FnMut(&str, &[Finding])> scan::Sink for PerLine<F> {
    fn preamble(&mut self, _: &str) -> io::Result<()> {
        Ok(())
    }
    fn line(&mut self, hit: scan::LineHit<'_>) -> io::Result<()> {
        (self.0)(hit.text, hit.findings);
        Ok(())
    }
    fn chunk(&mut self, _: &str) -> io::Result<()> {
        Ok(())
    }
}

/// Streams `reader`, calling `on_line` for each line that has findings (the line's text without
/// its line ending, and its findings). Memory stays flat whatever the input size.
///
/// Invalid UTF-8 is an error naming its byte offset, unless `lossy`: then it is replaced by
/// `U+FFFD` and counted in [`Summary::lossy_replacements`] for the caller to warn about.
pub fn lint_reader<R: BufRead>(
    rules: &Rules,
    reader: R,
    lossy: bool,
    on_line: impl FnMut(&str, &[Finding]),
) -> Result<Summary, LintError> {
    scan::drive(rules, reader, lossy, &mut PerLine(on_line))
}

#[cfg(test)]
mod tests;
