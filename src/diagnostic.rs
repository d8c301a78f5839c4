//! A problem found in a file the user can edit, located by line and column.
//!
//! Every parse and validation error in mend ends up as a [`Diagnostic`] so that `mend check`, `mend
//! say` and `mend diagnose` all point at problems the same way: `file:line:column: message`, then
//! an optional `hint:` line. Editors and terminals make `file:line:column` clickable.

use crate::printable::line;
use std::fmt;

/// One located problem.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Where the file came from: a path on disk, or `embedded:NAME` for shipped content.
    pub file: String,
    /// 1-based line, when the problem has a position.
    pub line: Option<usize>,
    /// 1-based column in characters.
    pub column: Option<usize>,
    pub message: String,
    pub hint: Option<String>,
}

impl Diagnostic {
    pub fn new(file: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic { file: file.into(), line: None, column: None, message: message.into(), hint: None }
    }

    pub fn at(mut self, line: usize, column: usize) -> Self {
        self.line = Some(line);
        self.column = Some(column);
        self
    }

    pub fn with_hint(mut self, hint: Option<String>) -> Self {
        self.hint = hint;
        self
    }
}

/// One line per problem, plus a hint line: a file name, key or value with a line break or an
/// escape sequence in it is escaped so it can neither forge a line nor reach the terminal raw.
impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", line(&self.file))?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(col) = self.column {
                write!(f, ":{col}")?;
            }
        }
        write!(f, ": {}", line(&self.message))?;
        if let Some(hint) = &self.hint {
            write!(f, "\n  hint: {}", line(hint))?;
        }
        Ok(())
    }
}

/// 1-based (line, column in characters) of a byte offset in `text`.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text[..floor_char_boundary(text, offset)];
    // A byte count vectorises; this runs for every variable of every template `mend check` reads.
    let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while offset > 0 && !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// The candidate closest to `word`, for a `did you mean` hint; `None` when nothing is close.
pub fn closest<'a, I>(word: &str, candidates: I) -> Option<&'a str>
where
    I: IntoIterator<Item = &'a str>,
{
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(word, c), c))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

/// Up to `n` candidates ranked by closeness to `word`, closest first.
pub fn closest_n<'a, I>(word: &str, candidates: I, n: usize) -> Vec<&'a str>
where
    I: IntoIterator<Item = &'a str>,
{
    let mut scored: Vec<(f64, &str)> = candidates
        .into_iter()
        .map(|c| {
            let s = strsim::jaro_winkler(word, c);
            let contains = c.contains(word) || word.contains(c);
            (if contains { s.max(0.85) } else { s }, c)
        })
        .filter(|(score, _)| *score > 0.7)
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(b.1)));
    scored.into_iter().take(n).map(|(_, c)| c).collect()
}

/// `did you mean `x`?` text for a hint, or `None`.
pub fn did_you_mean<'a, I>(word: &str, candidates: I) -> Option<String>
where
    I: IntoIterator<Item = &'a str>,
{
    closest(word, candidates).map(|c| format!("did you mean `{c}`?"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_characters_not_bytes() {
        let text = "ab\nZoë x";
        assert_eq!(line_col(text, 0), (1, 1));
        assert_eq!(line_col(text, 3), (2, 1));
        // byte 7 is the space after the two-byte ë
        assert_eq!(line_col(text, 7), (2, 4));
    }

    #[test]
    fn display_has_position_and_hint() {
        let d = Diagnostic::new("a.md.hbs", "bad").at(3, 7).with_hint(Some("try x".into()));
        assert_eq!(d.to_string(), "a.md.hbs:3:7: bad\n  hint: try x");
    }

    #[test]
    fn closest_finds_typos_only() {
        let names = ["honest-ask", "go-around", "just-ask"];
        assert_eq!(closest("honest-aks", names), Some("honest-ask"));
        assert_eq!(closest("zzzzzz", names), None);
    }
}
