//! Applying safe fixes while streaming: text between fixed lines is copied through untouched, so
//! the output is byte-for-byte the input wherever there is nothing to fix.

use std::io::{self, BufRead, Write};

use super::rules::Rules;
use super::scan::{self, LineHit, Sink};
use super::{Finding, LintError, Summary};

/// One rewrite made by [`fix_reader`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    /// 1-based line.
    pub line: usize,
    /// 1-based column (characters) of the rewritten text in the input.
    pub column: usize,
    pub rule: String,
    pub before: String,
    pub after: String,
}

/// `line` with the fixes of `findings` applied (findings are in order and do not overlap).
pub(crate) fn apply(line: &str, findings: &[Finding]) -> String {
    let mut out = String::with_capacity(line.len() + 8);
    let mut at = 0;
    for f in findings {
        if let Some(fix) = &f.fix {
            out.push_str(&line[at..f.byte_range.start]);
            out.push_str(fix);
            at = f.byte_range.end;
        }
    }
    out.push_str(&line[at..]);
    out
}

struct FixSink<W> {
    out: W,
    /// Bytes of the current chunk already written.
    written: usize,
    fixes: Vec<Fix>,
}

impl<W: Write> Sink for FixSink<W> {
    fn preamble(&mut self, text: &str) -> io::Result<()> {
        self.out.write_all(text.as_bytes())
    }

    fn line(&mut self, hit: LineHit<'_>) -> io::Result<()> {
        if hit.findings.iter().all(|f| f.fix.is_none()) {
            return Ok(());
        }
        self.out.write_all(&hit.chunk.as_bytes()[self.written..hit.start])?;
        self.out.write_all(apply(hit.text, hit.findings).as_bytes())?;
        self.written = hit.start + hit.text.len();
        for f in hit.findings {
            if let Some(after) = &f.fix {
                self.fixes.push(Fix {
                    line: f.line,
                    column: f.column,
                    rule: f.rule.to_string(),
                    before: f.matched.clone(),
                    after: after.clone(),
                });
            }
        }
        Ok(())
    }

    fn chunk(&mut self, chunk: &str) -> io::Result<()> {
        self.out.write_all(&chunk.as_bytes()[self.written..])?;
        self.written = 0;
        Ok(())
    }
}

/// Streams `reader` to `out` with the safe fixes applied and returns the fixes made. Output is
/// byte-for-byte the input when there is nothing to fix (line endings, a missing final newline and
/// a byte-order mark are kept).
///
/// On invalid UTF-8 (without `lossy`) the error comes after part of the output was written: write
/// to a temporary file and rename it only on success.
pub fn fix_reader<R: BufRead, W: Write>(rules: &Rules, reader: R, out: W, lossy: bool) -> Result<Vec<Fix>, LintError> {
    fix_reader_with_summary(rules, reader, out, lossy).map(|(fixes, _)| fixes)
}

/// [`fix_reader`], also returning the [`Summary`] (for the lossy-decoding warning and counts).
pub fn fix_reader_with_summary<R: BufRead, W: Write>(
    rules: &Rules,
    reader: R,
    out: W,
    lossy: bool,
) -> Result<(Vec<Fix>, Summary), LintError> {
    let mut sink = FixSink { out, written: 0, fixes: Vec::new() };
    let summary = scan::drive(rules, reader, lossy, &mut sink)?;
    sink.out.flush()?;
    Ok((sink.fixes, summary))
}
