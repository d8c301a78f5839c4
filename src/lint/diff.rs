//! A small unified diff for `mend lint --diff`, meant for drafts (not huge files).
//!
//! Fixes never add or remove lines, so when both sides have the same number of lines the lines are
//! paired one to one (linear time). Otherwise a longest-common-subsequence table is used, which is
//! quadratic and capped; past the cap the whole text is shown as replaced.

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

/// A unified diff of `before` → `after`, labelled `a/path` and `b/path`; empty when they are equal.
pub fn unified_diff(path: &str, before: &str, after: &str) -> String {
    if before == after {
        return String::new();
    }
    let a = split(before);
    let b = split(after);
    let ops = edit_script(&a, &b);
    let mut out = String::new();
    let _ = writeln!(out, "--- a/{path}\n+++ b/{path}");
    let changed: Vec<usize> =
        ops.iter().enumerate().filter(|(_, op)| !matches!(op, Op::Equal(..))).map(|(k, _)| k).collect();
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
        // Starting line numbers: the position of the first op on each side.
        let (mut ai, mut bj) = (0, 0);
        for op in &ops[..from] {
            match op {
                Op::Equal(..) => {
                    ai += 1;
                    bj += 1;
                }
                Op::Delete(_) => ai += 1,
                Op::Insert(_) => bj += 1,
            }
        }
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
                Op::Equal(i, _) => push_line(&mut out, ' ', a[*i]),
                Op::Delete(i) => push_line(&mut out, '-', a[*i]),
                Op::Insert(j) => push_line(&mut out, '+', b[*j]),
            }
        }
    }
    out
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
