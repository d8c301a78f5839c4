//! The unified diff of `mend lint --diff`, written while the input streams.
//!
//! Fixes never add or remove lines, so the lines before and after are paired one to one
//! ([`PairedDiff`]): one pass, linear time, and memory for the hunk being built and three lines of
//! context, whatever the file size. [`DiffSink`] gets the fixed lines from the scanner and walks
//! each chunk's lines once. A general longest-common-subsequence diff is kept in the tests, as the
//! oracle the streamed diff is checked against.

use std::collections::VecDeque;
use std::io::{self, BufRead, Write};

use super::fix::apply;
use super::rules::Rules;
use super::scan::{self, LineHit, Sink};
use super::LintError;

/// Lines of context around each change.
const CONTEXT: usize = 3;

fn push_line(out: &mut String, prefix: char, line: &str) {
    out.push(prefix);
    out.push_str(line);
    if !line.ends_with('\n') {
        out.push_str("\n\\ No newline at end of file\n");
    }
}

/// A unified diff of two texts with the same number of lines, given a pair of lines at a time
/// (each with its line ending). Runs of changed lines print their deletions, then their
/// insertions; hunks whose contexts touch (at most `2 * CONTEXT` equal lines apart) are merged, as
/// `diff -u` does. A hunk is written when it is closed: its header needs its length.
pub(crate) struct PairedDiff<W> {
    out: W,
    /// `--- a/…` and `+++ b/…`, written before the first hunk (nothing at all when no line changed).
    header: Option<String>,
    /// 1-based number of the next line.
    line: usize,
    /// The last equal lines before an open hunk (at most `CONTEXT`), their buffers reused.
    recent: VecDeque<String>,
    hunk: Option<Hunk>,
}

/// The hunk being built: its first line, its length so far, its body; the equal lines after its
/// last change wait in `tail` until it is known whether another change follows.
struct Hunk {
    first: usize,
    len: usize,
    body: String,
    deleted: Vec<String>,
    inserted: Vec<String>,
    tail: Vec<String>,
}

impl Hunk {
    fn flush_change(&mut self) {
        for l in self.deleted.drain(..) {
            push_line(&mut self.body, '-', &l);
        }
        for l in self.inserted.drain(..) {
            push_line(&mut self.body, '+', &l);
        }
    }
}

impl<W: Write> PairedDiff<W> {
    pub(crate) fn new(path: &str, out: W) -> Self {
        PairedDiff {
            out,
            header: Some(format!("--- a/{path}\n+++ b/{path}\n")),
            line: 1,
            recent: VecDeque::with_capacity(CONTEXT),
            hunk: None,
        }
    }

    /// The next line of each side.
    pub(crate) fn push(&mut self, before: &str, after: &str) -> io::Result<()> {
        let line = self.line;
        self.line += 1;
        if before == after {
            match &mut self.hunk {
                Some(h) => {
                    h.flush_change();
                    h.tail.push(before.to_string());
                    if h.tail.len() > 2 * CONTEXT {
                        self.close()?;
                    }
                }
                None => {
                    let mut slot =
                        if self.recent.len() == CONTEXT { self.recent.pop_front() } else { None }.unwrap_or_default();
                    slot.clear();
                    slot.push_str(before);
                    self.recent.push_back(slot);
                }
            }
            return Ok(());
        }
        let recent = &mut self.recent;
        let h = self.hunk.get_or_insert_with(|| {
            let mut body = String::new();
            let n = recent.len();
            for l in recent.drain(..) {
                push_line(&mut body, ' ', &l);
            }
            Hunk { first: line - n, len: n, body, deleted: Vec::new(), inserted: Vec::new(), tail: Vec::new() }
        });
        for l in h.tail.drain(..) {
            push_line(&mut h.body, ' ', &l);
            h.len += 1;
        }
        h.deleted.push(before.to_string());
        h.inserted.push(after.to_string());
        h.len += 1;
        Ok(())
    }

    /// Writes the open hunk with up to `CONTEXT` lines of its tail; the last of them become the
    /// context before the next hunk.
    fn close(&mut self) -> io::Result<()> {
        let Some(mut h) = self.hunk.take() else {
            return Ok(());
        };
        h.flush_change();
        let keep = h.tail.len().min(CONTEXT);
        for l in &h.tail[..keep] {
            push_line(&mut h.body, ' ', l);
        }
        let len = h.len + keep;
        if let Some(header) = self.header.take() {
            self.out.write_all(header.as_bytes())?;
        }
        writeln!(self.out, "@@ -{0},{1} +{0},{1} @@", h.first, len)?;
        self.out.write_all(h.body.as_bytes())?;
        self.recent.extend(h.tail.drain(h.tail.len().saturating_sub(CONTEXT)..));
        Ok(())
    }

    /// Writes the last hunk; returns whether any line changed.
    pub(crate) fn finish(mut self) -> io::Result<bool> {
        self.close()?;
        Ok(self.header.is_none())
    }
}

/// Feeds the lines the fixes change, and the lines around them, to a [`PairedDiff`].
struct DiffSink<W> {
    diff: PairedDiff<W>,
    /// This chunk's fixed lines: where each starts in the chunk, and its fixed text.
    fixed: Vec<(usize, String)>,
    /// The start of a line whose end is in a later chunk (a line longer than the scanner's
    /// pieces), before and after the fixes; or a byte-order mark, which belongs to line 1.
    carry: (String, String),
}

impl<W: Write> Sink for DiffSink<W> {
    fn preamble(&mut self, text: &str) -> io::Result<()> {
        self.carry.0.push_str(text);
        self.carry.1.push_str(text);
        Ok(())
    }

    fn line(&mut self, hit: LineHit<'_>) -> io::Result<()> {
        if hit.findings.iter().any(|f| f.fix.is_some()) {
            self.fixed.push((hit.start, apply(hit.text, hit.findings)));
        }
        Ok(())
    }

    fn chunk(&mut self, chunk: &str) -> io::Result<()> {
        let mut fixed = std::mem::take(&mut self.fixed).into_iter().peekable();
        let mut at = 0;
        for line in chunk.split_inclusive('\n') {
            let start = at;
            at += line.len();
            let ending = if line.ends_with("\r\n") {
                "\r\n"
            } else if line.ends_with('\n') {
                "\n"
            } else {
                ""
            };
            let text = &line[..line.len() - ending.len()];
            let new = match fixed.peek() {
                Some((s, _)) if *s == start => fixed.next().map(|(_, f)| f),
                _ => None,
            };
            let (carry_before, carry_after) = &mut self.carry;
            if ending.is_empty() {
                // Goes on in the next chunk, or is the last line (see `DiffSink::finish`).
                carry_before.push_str(text);
                carry_after.push_str(new.as_deref().unwrap_or(text));
                continue;
            }
            if carry_before.is_empty() && new.is_none() {
                self.diff.push(line, line)?;
                continue;
            }
            let before = format!("{carry_before}{line}");
            let after = format!("{carry_after}{}{ending}", new.as_deref().unwrap_or(text));
            carry_before.clear();
            carry_after.clear();
            self.diff.push(&before, &after)?;
        }
        Ok(())
    }
}

impl<W: Write> DiffSink<W> {
    fn finish(mut self) -> io::Result<bool> {
        let (before, after) = std::mem::take(&mut self.carry);
        if !before.is_empty() {
            self.diff.push(&before, &after)?;
        }
        self.diff.finish()
    }
}

/// Streams `reader` and writes to `out` the unified diff (`a/path`, `b/path`) of the safe fixes;
/// nothing when there is nothing to fix. Returns whether there was. Memory stays flat: a chunk, the
/// hunk being built and a few lines of context.
pub fn diff_reader<R: BufRead, W: Write>(
    rules: &Rules,
    reader: R,
    path: &str,
    out: W,
    lossy: bool,
) -> Result<bool, LintError> {
    let mut sink = DiffSink { diff: PairedDiff::new(path, out), fixed: Vec::new(), carry: Default::default() };
    scan::drive(rules, reader, lossy, &mut sink)?;
    Ok(sink.finish()?)
}

#[cfg(test)]
mod tests {
    //! The streamed diff against a general one: a longest-common-subsequence edit script, quadratic
    //! and capped (past the cap the whole text is shown as replaced), kept here as the oracle.
    use super::*;
    use std::fmt::Write as _;

    /// Cells of the LCS table we are willing to fill.
    const MAX_CELLS: usize = 4_000_000;

    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    enum Op {
        Equal(usize, usize),
        Delete(usize),
        Insert(usize),
    }

    fn split(text: &str) -> Vec<&str> {
        text.split_inclusive('\n').collect()
    }

    fn edit_script(a: &[&str], b: &[&str]) -> Vec<Op> {
        if a.len() == b.len() {
            let mut ops = Vec::new();
            for i in 0..a.len() {
                if a[i] == b[i] {
                    ops.push(Op::Equal(i, i));
                } else {
                    ops.push(Op::Delete(i));
                    ops.push(Op::Insert(i));
                }
            }
            return reorder(ops);
        }
        if a.len().saturating_mul(b.len()) > MAX_CELLS {
            let mut ops: Vec<Op> = (0..a.len()).map(Op::Delete).collect();
            ops.extend((0..b.len()).map(Op::Insert));
            return ops;
        }
        let (n, m) = (a.len(), b.len());
        let mut table = vec![0u32; (n + 1) * (m + 1)];
        for i in (0..n).rev() {
            for j in (0..m).rev() {
                table[i * (m + 1) + j] = if a[i] == b[j] {
                    table[(i + 1) * (m + 1) + j + 1] + 1
                } else {
                    table[(i + 1) * (m + 1) + j].max(table[i * (m + 1) + j + 1])
                };
            }
        }
        let (mut i, mut j) = (0, 0);
        let mut ops = Vec::new();
        while i < n && j < m {
            if a[i] == b[j] {
                ops.push(Op::Equal(i, j));
                i += 1;
                j += 1;
            } else if table[(i + 1) * (m + 1) + j] >= table[i * (m + 1) + j + 1] {
                ops.push(Op::Delete(i));
                i += 1;
            } else {
                ops.push(Op::Insert(j));
                j += 1;
            }
        }
        ops.extend((i..n).map(Op::Delete));
        ops.extend((j..m).map(Op::Insert));
        ops
    }

    /// Within each run of changes, deletions first, then insertions (as `diff -u` prints them).
    fn reorder(ops: Vec<Op>) -> Vec<Op> {
        let mut out = Vec::with_capacity(ops.len());
        let mut inserts = Vec::new();
        for op in ops {
            match op {
                Op::Equal(..) => {
                    out.append(&mut inserts);
                    out.push(op);
                }
                Op::Delete(_) => out.push(op),
                Op::Insert(_) => inserts.push(op),
            }
        }
        out.append(&mut inserts);
        out
    }

    /// A unified diff of `before` → `after`, labelled `a/path` and `b/path`; empty when they are equal.
    fn unified_diff(path: &str, before: &str, after: &str) -> String {
        if before == after {
            return String::new();
        }
        let mut out = String::new();
        let _ = writeln!(out, "--- a/{path}\n+++ b/{path}");
        let a = split(before);
        let b = split(after);
        let ops = edit_script(&a, &b);
        hunks(&mut out, &ops, &a, &b);
        out
    }

    /// Prints the hunks of an edit script.
    fn hunks(out: &mut String, ops: &[Op], a: &[&str], b: &[&str]) {
        let changed: Vec<usize> =
            ops.iter().enumerate().filter(|(_, op)| !matches!(op, Op::Equal(..))).map(|(k, _)| k).collect();
        // Line counts of each side before `counted_to` (advanced hunk by hunk: linear overall).
        let (mut ai, mut bj, mut counted_to) = (0, 0, 0);
        let mut k = 0;
        while k < changed.len() {
            // Group changes whose contexts touch.
            let first = changed[k];
            let mut last = first;
            while k + 1 < changed.len() && changed[k + 1] - last <= 2 * CONTEXT + 1 {
                k += 1;
                last = changed[k];
            }
            k += 1;
            let from = first.saturating_sub(CONTEXT);
            let to = (last + CONTEXT + 1).min(ops.len());
            let hunk = &ops[from..to];
            let (mut a_start, mut b_start) = (None, None);
            let (mut a_len, mut b_len) = (0, 0);
            for op in &ops[counted_to..from] {
                match op {
                    Op::Equal(..) => {
                        ai += 1;
                        bj += 1;
                    }
                    Op::Delete(_) => ai += 1,
                    Op::Insert(_) => bj += 1,
                }
            }
            counted_to = from;
            for op in hunk {
                match op {
                    Op::Equal(i, j) => {
                        a_start.get_or_insert(*i);
                        b_start.get_or_insert(*j);
                        a_len += 1;
                        b_len += 1;
                    }
                    Op::Delete(i) => {
                        a_start.get_or_insert(*i);
                        a_len += 1;
                    }
                    Op::Insert(j) => {
                        b_start.get_or_insert(*j);
                        b_len += 1;
                    }
                }
            }
            let a_first = if a_len == 0 { ai } else { a_start.unwrap_or(ai) + 1 };
            let b_first = if b_len == 0 { bj } else { b_start.unwrap_or(bj) + 1 };
            let _ = writeln!(out, "@@ -{a_first},{a_len} +{b_first},{b_len} @@");
            for op in hunk {
                match op {
                    Op::Equal(i, _) => push_line(out, ' ', a[*i]),
                    Op::Delete(i) => push_line(out, '-', a[*i]),
                    Op::Insert(j) => push_line(out, '+', b[*j]),
                }
            }
        }
    }

    /// The streamed diff of two texts with as many lines, pushed a line pair at a time.
    fn paired(path: &str, before: &str, after: &str) -> String {
        let mut out = Vec::new();
        let mut diff = PairedDiff::new(path, &mut out);
        for (x, y) in before.split_inclusive('\n').zip(after.split_inclusive('\n')) {
            diff.push(x, y).expect("a Vec takes every write");
        }
        let changed = diff.finish().expect("a Vec takes every write");
        let out = String::from_utf8(out).expect("UTF-8 in, UTF-8 out");
        assert_eq!(changed, !out.is_empty());
        out
    }

    #[test]
    fn equal_texts_give_nothing() {
        assert_eq!(paired("x", "a\n", "a\n"), "");
        assert_eq!(unified_diff("x", "a\n", "a\n"), "");
    }

    #[test]
    fn one_changed_line_with_context() {
        let before = "1\n2\n3\n4\nI see, but no.\n6\n7\n8\n9\n";
        let after = "1\n2\n3\n4\nI see, and no.\n6\n7\n8\n9\n";
        let expected =
            "--- a/draft.md\n+++ b/draft.md\n@@ -2,7 +2,7 @@\n 2\n 3\n 4\n-I see, but no.\n+I see, and no.\n 6\n 7\n 8\n";
        assert_eq!(paired("draft.md", before, after), expected);
        assert_eq!(unified_diff("draft.md", before, after), expected);
    }

    /// The one-pass diff prints what the general edit script prints: hunks merged when their
    /// contexts touch, split when they do not, a last line without a newline.
    #[test]
    fn the_streamed_diff_matches_the_edit_script() {
        let mut seed = 7u64;
        for _ in 0..300 {
            let mut before = String::new();
            let mut after = String::new();
            seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            let n = (seed >> 40) as usize % 40;
            for i in 0..n {
                seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                before.push_str(&format!("line {i}\n"));
                if (seed >> 33).is_multiple_of(5) {
                    after.push_str(&format!("LINE {i}\n"));
                } else {
                    after.push_str(&format!("line {i}\n"));
                }
            }
            if seed.is_multiple_of(3) {
                before.push_str("last");
                after.push_str("LAST");
            }
            assert_eq!(paired("f", &before, &after), unified_diff("f", &before, &after), "{before:?} -> {after:?}");
        }
    }

    /// `diff_reader` on drafts with fixes prints the general diff of the draft and its fixed text:
    /// CRLF and LF lines, a byte-order mark, no final newline, and lines longer than the scanner's
    /// pieces, fixed on both sides of a cut.
    #[test]
    fn diff_reader_prints_the_diff_of_the_fixed_text() {
        let rules = Rules::compile(&[crate::lint::builtin_rules()], &[]).expect("rules");
        let long = "Yes, but the plan holds. ".repeat(100_000);
        let texts = [
            "Fine.\nI hear you, but no.\r\nAll good.\n".to_string(),
            "\u{FEFF}But the date holds.\nnext\n".to_string(),
            format!("{}Ok, but late", "plain line\n".repeat(20)),
            format!("start\n{long}\nend, but fine\n"),
            "nothing to fix here\n".to_string(),
        ];
        for text in &texts {
            let mut fixed = Vec::new();
            crate::lint::fix_reader(&rules, text.as_bytes(), &mut fixed, false).expect("fix");
            let fixed = String::from_utf8(fixed).expect("UTF-8");
            let mut out = Vec::new();
            let changed = diff_reader(&rules, text.as_bytes(), "d.txt", &mut out, false).expect("diff");
            let out = String::from_utf8(out).expect("UTF-8");
            assert_eq!(changed, fixed != *text);
            let expected = unified_diff("d.txt", text, &fixed);
            assert!(out == expected, "{:.300}\n---- expected ----\n{:.300}", out, expected);
        }
    }

    #[test]
    fn missing_final_newline_is_marked() {
        let d = paired("f", "But no", "And no");
        assert!(d.contains("-But no\n\\ No newline at end of file\n+And no\n\\ No newline at end of file\n"));
    }

    #[test]
    fn different_line_counts() {
        let d = unified_diff("f", "a\nb\nc\n", "a\nc\n");
        assert_eq!(d, "--- a/f\n+++ b/f\n@@ -1,3 +1,2 @@\n a\n-b\n c\n");
    }
}
