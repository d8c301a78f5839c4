//! The one vocabulary for problems in files a user can edit: a located [`Diagnostic`], the
//! [`Locator`] that turns byte offsets into line and column, [`did_you_mean`], and the mapping of
//! TOML errors into diagnostics.
//!
//! Every parse and validation error in mend (talk-tracks, situations, scripts, answers and values
//! files, lint rules) ends up as a [`Diagnostic`], so `mend check`, `mend say`, `mend diagnose` and
//! `mend lint` all point at problems the same way: `file:line:column: message`, then an optional
//! `hint:` line. Editors and terminals make `file:line:column` clickable.

use crate::format::inert::line;
use std::fmt;
use std::ops::Range;

/// One located problem.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Where the file came from: a path on disk, or `embedded:NAME` for shipped content.
    pub file: String,
    /// 1-based line, when the problem has a position. (`u32` keeps a `Result<_, Diagnostic>`
    /// small enough to return by value.)
    pub line: Option<u32>,
    /// 1-based column in characters.
    pub column: Option<u32>,
    /// The offending key (a TOML key, a rule id), shown in backticks before the message.
    pub key: Option<String>,
    pub message: String,
    pub hint: Option<String>,
}

impl Diagnostic {
    pub fn new(file: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic { file: file.into(), line: None, column: None, key: None, message: message.into(), hint: None }
    }

    pub fn at(mut self, line: usize, column: usize) -> Self {
        self.line = Some(u32::try_from(line).unwrap_or(u32::MAX));
        self.column = Some(u32::try_from(column).unwrap_or(u32::MAX));
        self
    }

    pub fn with_key(mut self, key: impl Into<String>) -> Self {
        self.key = Some(key.into());
        self
    }

    pub fn with_hint(mut self, hint: Option<String>) -> Self {
        self.hint = hint;
        self
    }

    /// A TOML error in `text`, which starts on line `first_line` of `file` (front matter starts
    /// below the `+++` line). An unknown key gets a did-you-mean among the keys the parser
    /// expected at that place.
    pub fn from_toml(err: &toml::de::Error, file: &str, text: &str, first_line: usize) -> Self {
        let (line, column) = err.span().map_or((1, 1), |span| line_col(text, span.start));
        let message = err.message().trim().to_string();
        let hint = unknown_field(&message).and_then(|(field, expected)| did_you_mean(field, expected));
        Diagnostic::new(file, message).at(line + first_line - 1, column).with_hint(hint)
    }
}

/// The field and the expected fields of serde's "unknown field `x`, expected one of `a`, `b`".
fn unknown_field(message: &str) -> Option<(&str, impl Iterator<Item = &str>)> {
    let rest = message.strip_prefix("unknown field `")?;
    let (field, expected) = rest.split_once('`')?;
    Some((field, expected.split('`').skip(1).step_by(2)))
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
        write!(f, ": ")?;
        if let Some(key) = &self.key {
            write!(f, "`{}`: ", line(key))?;
        }
        write!(f, "{}", line(&self.message))?;
        if let Some(hint) = &self.hint {
            write!(f, "\n  hint: {}", line(hint))?;
        }
        Ok(())
    }
}

impl std::error::Error for Diagnostic {}

/// Builds diagnostics that point into one file's text.
#[derive(Debug, Clone, Copy)]
pub struct Locator<'a> {
    pub file: &'a str,
    pub text: &'a str,
}

impl<'a> Locator<'a> {
    pub fn new(file: &'a str, text: &'a str) -> Self {
        Locator { file, text }
    }

    /// 1-based (line, column) of a byte offset.
    pub fn position(&self, offset: usize) -> (usize, usize) {
        line_col(self.text, offset)
    }

    /// A problem at byte `offset`.
    pub fn error(&self, offset: usize, message: impl Into<String>) -> Diagnostic {
        let (line, column) = self.position(offset);
        Diagnostic::new(self.file, message).at(line, column)
    }

    /// A problem about `key` at the start of `span`, with a hint.
    pub fn at(&self, span: Range<usize>, key: &str, message: impl Into<String>, hint: Option<String>) -> Diagnostic {
        self.error(span.start, message).with_key(key).with_hint(hint)
    }

    /// A problem at the first mention of `needle` (line 1, column 1 when there is none).
    pub fn error_at_mention(&self, needle: &str, message: impl Into<String>) -> Diagnostic {
        let (line, column) = self.text.find(needle).map_or((1, 1), |o| self.position(o));
        Diagnostic::new(self.file, message).at(line, column)
    }

    /// 1-based line of the first line that starts (after indentation) with `key`, or 1.
    pub fn line_starting(&self, key: &str) -> usize {
        self.text.lines().position(|l| l.trim_start().starts_with(key)).map_or(1, |i| i + 1)
    }

    /// 1-based line of the first line mentioning `needle`, or 1.
    pub fn line_containing(&self, needle: &str) -> usize {
        self.text.lines().position(|l| l.contains(needle)).map_or(1, |i| i + 1)
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

/// How similar (Jaro-Winkler) a candidate must be to count as a likely typo.
const SIMILAR: f64 = 0.8;

/// Up to `n` candidates close to `word`, closest first (ties by name).
pub fn closest_n<'a, I>(word: &str, candidates: I, n: usize) -> Vec<&'a str>
where
    I: IntoIterator<Item = &'a str>,
{
    let mut scored: Vec<(f64, &str)> = candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(word, c), c))
        .filter(|(score, _)| *score > SIMILAR)
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(b.1)));
    scored.into_iter().take(n).map(|(_, c)| c).collect()
}

/// `did you mean `x`?` text for a hint, or `None` when nothing is close.
pub fn did_you_mean<'a, I>(word: &str, candidates: I) -> Option<String>
where
    I: IntoIterator<Item = &'a str>,
{
    closest_n(word, candidates, 1).first().map(|c| format!("did you mean `{c}`?"))
}

/// A did-you-mean, or else the whole list of what was expected.
pub fn did_you_mean_or_list(word: &str, candidates: &[&str]) -> String {
    did_you_mean(word, candidates.iter().copied())
        .unwrap_or_else(|| format!("expected one of: {}", candidates.join(", ")))
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
        let d = Diagnostic::new("r.toml", "bad").at(2, 1).with_key("id");
        assert_eq!(d.to_string(), "r.toml:2:1: `id`: bad");
    }

    #[test]
    fn closest_finds_typos_only() {
        let names = ["honest-ask", "go-around", "just-ask"];
        assert_eq!(did_you_mean("honest-aks", names).as_deref(), Some("did you mean `honest-ask`?"));
        assert_eq!(did_you_mean("zzzzzz", names), None);
        assert_eq!(did_you_mean_or_list("zzzzzz", &names), "expected one of: honest-ask, go-around, just-ask");
    }

    #[test]
    fn toml_unknown_fields_suggest_among_the_expected_keys() {
        #[derive(Debug, serde::Deserialize)]
        #[serde(deny_unknown_fields)]
        #[allow(dead_code)]
        struct Var {
            name: String,
            prompt: String,
        }
        let text = "name = \"x\"\npromt = \"y\"\n";
        let err = toml::from_str::<Var>(text).expect_err("unknown field");
        let d = Diagnostic::from_toml(&err, "t.toml", text, 1);
        assert_eq!((d.line, d.column), (Some(2), Some(1)));
        assert_eq!(d.hint.as_deref(), Some("did you mean `prompt`?"));
    }
}
