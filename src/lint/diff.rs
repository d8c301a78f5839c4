//! A small unified diff for `mend lint --diff`.
//!
//! Fixes never add or remove lines, so when both sides have the same number of lines the lines are
//! paired one to one and only the changed ones, with their context, are visited: one pass, linear
//! time, whatever the file size ([`paired_diff`]). Otherwise (never from `--fix` output) a
//! longest-common-subsequence table is used, which is quadratic and capped; past the cap the whole
//! text is shown as replaced.

use std::fmt::Write as _;

/// Cells of the LCS table we are willing to fill.
const MAX_CELLS: usize = 4_000_000;
/// Lines of context around each change.
const CONTEXT: usize = 3;

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

fn push_line(out: &mut String, prefix: char, line: &str) {
    out.push(prefix);
    out.push_str(line);
    if !line.ends_with('\n') {
        out.push_str("\n\\ No newline at end of file\n");
    }
}

/// The hunks of two texts with the same number of lines, paired one to one, in one pass. Runs of
/// changed lines print their deletions, then their insertions; hunks whose contexts touch (at most
/// `2 * CONTEXT` equal lines apart) are merged, as `diff -u` does.
fn paired_diff(out: &mut String, a: &str, b: &str) {
    // The hunk being built: its first line (0-based), its length, its body; equal lines after its
    // last change are held in `tail` until we know whether another change follows.
    struct Hunk<'t> {
        first: usize,
        len: usize,
        body: String,
        deleted: Vec<&'t str>,
        inserted: Vec<&'t str>,
        tail: Vec<&'t str>,
    }
    fn flush_change(h: &mut Hunk<'_>) {
        for l in h.deleted.drain(..) {
            push_line(&mut h.body, '-', l);
        }
        for l in h.inserted.drain(..) {
            push_line(&mut h.body, '+', l);
        }
    }
    fn close(out: &mut String, mut h: Hunk<'_>) {
        flush_change(&mut h);
        let keep = h.tail.len().min(CONTEXT);
        for l in &h.tail[..keep] {
            push_line(&mut h.body, ' ', l);
        }
        let len = h.len + keep;
        let _ = writeln!(out, "@@ -{0},{1} +{0},{1} @@", h.first + 1, len);
        out.push_str(&h.body);
    }
    let mut recent: std::collections::VecDeque<&str> = std::collections::VecDeque::with_capacity(CONTEXT);
    let mut hunk: Option<Hunk<'_>> = None;
    for (i, (x, y)) in a.split_inclusive('\n').zip(b.split_inclusive('\n')).enumerate() {
        if x == y {
            match &mut hunk {
                Some(h) => {
                    flush_change(h);
                    h.tail.push(x);
                    if h.tail.len() > 2 * CONTEXT {
                        let h = hunk.take().expect("a hunk is open");
                        recent.extend(h.tail[h.tail.len() - CONTEXT..].iter().copied());
                        close(out, h);
                    }
                }
                None => {
                    if recent.len() == CONTEXT {
                        recent.pop_front();
                    }
                    recent.push_back(x);
                }
            }
            continue;
        }
        let h = hunk.get_or_insert_with(|| {
            let mut body = String::new();
            let n = recent.len();
            for l in recent.drain(..) {
                push_line(&mut body, ' ', l);
            }
            Hunk { first: i - n, len: n, body, deleted: Vec::new(), inserted: Vec::new(), tail: Vec::new() }
        });
        for l in h.tail.drain(..) {
            push_line(&mut h.body, ' ', l);
            h.len += 1;
        }
        h.deleted.push(x);
        h.inserted.push(y);
        h.len += 1;
    }
    if let Some(h) = hunk {
        close(out, h);
    }
}

/// A unified diff of `before` → `after`, labelled `a/path` and `b/path`; empty when they are equal.
pub fn unified_diff(path: &str, before: &str, after: &str) -> String {
    if before == after {
        return String::new();
    }
    let mut out = String::new();
    let _ = writeln!(out, "--- a/{path}\n+++ b/{path}");
    if before.split_inclusive('\n').count() == after.split_inclusive('\n').count() {
        paired_diff(&mut out, before, after);
        return out;
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_texts_give_nothing() {
        assert_eq!(unified_diff("x", "a\n", "a\n"), "");
    }

    #[test]
    fn one_changed_line_with_context() {
        let before = "1\n2\n3\n4\nI see, but no.\n6\n7\n8\n9\n";
        let after = "1\n2\n3\n4\nI see, and no.\n6\n7\n8\n9\n";
        assert_eq!(
            unified_diff("draft.md", before, after),
            "--- a/draft.md\n+++ b/draft.md\n@@ -2,7 +2,7 @@\n 2\n 3\n 4\n-I see, but no.\n+I see, and no.\n 6\n 7\n 8\n"
        );
    }

    /// The one-pass diff prints what the general edit script prints.
    #[test]
    fn paired_diff_matches_the_edit_script() {
        let general = |before: &str, after: &str| {
            let (a, b) = (split(before), split(after));
            let ops = edit_script(&a, &b);
            let mut out = String::new();
            hunks(&mut out, &ops, &a, &b);
            out
        };
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
            let mut paired = String::new();
            paired_diff(&mut paired, &before, &after);
            assert_eq!(paired, general(&before, &after), "{before:?} -> {after:?}");
        }
    }

    #[test]
    fn missing_final_newline_is_marked() {
        let d = unified_diff("f", "But no", "And no");
        assert!(d.contains("-But no\n\\ No newline at end of file\n+And no\n\\ No newline at end of file\n"));
    }

    #[test]
    fn different_line_counts() {
        let d = unified_diff("f", "a\nb\nc\n", "a\nc\n");
        assert_eq!(d, "--- a/f\n+++ b/f\n@@ -1,3 +1,2 @@\n a\n-b\n c\n");
    }
}
