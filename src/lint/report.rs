//! Pure formatters for findings; the CLI decides where the text goes.
//!
//! Three shapes: [`human`] (the line, a `^^^` underline under the match, the message and the
//! suggestion; optionally coloured), [`json`] / [`json_line`] (stable field names for tools), and
//! [`line`] (`file:line:col:rule:message`, one finding per line, for editors and grep).

use console::style;
use serde::Serialize;

use super::Finding;

/// The JSON shape of one finding.
#[derive(Debug, Serialize)]
pub struct JsonFinding<'a> {
    pub file: &'a str,
    pub line: usize,
    pub column: usize,
    pub end_column: usize,
    pub rule: &'a str,
    #[serde(rename = "match")]
    pub matched: &'a str,
    pub message: &'a str,
    pub suggestion: Option<&'a str>,
    pub fix: Option<&'a str>,
}

impl<'a> JsonFinding<'a> {
    pub fn new(file: &'a str, f: &'a Finding) -> Self {
        JsonFinding {
            file,
            line: f.line,
            column: f.column,
            end_column: f.end_column,
            rule: &f.rule,
            matched: &f.matched,
            message: &f.message,
            suggestion: f.suggestion.as_deref(),
            fix: f.fix.as_deref(),
        }
    }
}

/// A finding for people: location, rule and message, the line with the match underlined, and the
/// suggestion. `line_text` is the finding's line (as passed to `lint_reader`'s callback).
pub fn human(file: &str, line_text: &str, finding: &Finding, styled: bool) -> String {
    let location = format!("{file}:{}:{}", finding.line, finding.column);
    let rule = format!("[{}]", finding.rule);
    let (location, rule, message) = if styled {
        (
            style(location).bold().to_string(),
            style(rule).yellow().to_string(),
            style(finding.message.as_str()).bold().to_string(),
        )
    } else {
        (location, rule, finding.message.clone())
    };
    let number = finding.line.to_string();
    let gutter = " ".repeat(number.len());
    // Keep tabs in the padding so the carets line up under the match.
    let pad: String =
        line_text.chars().take(finding.column.saturating_sub(1)).map(|c| if c == '\t' { '\t' } else { ' ' }).collect();
    let width = finding.end_column.saturating_sub(finding.column).max(1);
    let carets = "^".repeat(width);
    let carets = if styled { style(carets).red().bold().to_string() } else { carets };
    // A draft can hold anything; control characters are shown as U+FFFD (one column each, so
    // the carets stay aligned) and never reach the terminal as escape sequences.
    let shown: String = line_text
        .trim_end_matches(['\r', '\n'])
        .chars()
        .map(|c| if c.is_control() && c != '\t' { '\u{FFFD}' } else { c })
        .collect();
    let mut out = format!("{location}: {rule} {message}\n {number} | {shown}\n {gutter} | {pad}{carets}\n");
    if let Some(s) = &finding.suggestion {
        let label = if finding.fix.is_some() { "fix" } else { "try" };
        let label = if styled { style(label).green().to_string() } else { label.to_string() };
        out.push_str(&format!(" {gutter} = {label}: {s}\n"));
    }
    out
}

/// One finding as a compact JSON object (for JSON Lines output).
pub fn json_line(file: &str, finding: &Finding) -> String {
    serde_json::to_string(&JsonFinding::new(file, finding)).unwrap_or_default()
}

/// Findings as a pretty JSON array.
pub fn json(file: &str, findings: &[Finding]) -> String {
    let items: Vec<JsonFinding<'_>> = findings.iter().map(|f| JsonFinding::new(file, f)).collect();
    serde_json::to_string_pretty(&items).unwrap_or_default()
}

/// `file:line:col:rule:message`, one line, no trailing newline.
pub fn line(file: &str, finding: &Finding) -> String {
    format!("{file}:{}:{}:{}:{}", finding.line, finding.column, finding.rule, finding.message)
}

#[cfg(test)]
mod control_tests {
    use super::*;

    #[test]
    fn control_characters_never_reach_the_terminal() {
        let f = Finding {
            line: 1,
            column: 4,
            end_column: 7,
            byte_range: 5..8,
            rule: "but-and".into(),
            matched: "but".into(),
            message: "m".into(),
            suggestion: None,
            fix: None,
        };
        let out = human("f", "\u{1b}[2 but x", &f, false);
        assert!(!out.contains('\u{1b}'), "{out}");
        assert!(out.contains("\u{FFFD}[2 but x"), "{out}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn finding() -> Finding {
        Finding {
            line: 12,
            column: 14,
            end_column: 17,
            byte_range: 13..16,
            rule: "but-and".into(),
            matched: "but".into(),
            message: "m".into(),
            suggestion: Some("replace \"but\" with \"and\"".into()),
            fix: Some("and".into()),
        }
    }

    #[test]
    fn human_underlines_the_match() {
        let text = "\tI hear you, but";
        let mut f = finding();
        f.column = 13;
        f.end_column = 16;
        let out = human("a.md", text, &f, false);
        assert_eq!(
            out,
            "a.md:12:13: [but-and] m\n 12 | \tI hear you, but\n    | \t           ^^^\n    = fix: replace \"but\" with \"and\"\n"
        );
    }

    #[test]
    fn json_and_line_shapes() {
        let f = finding();
        let v: serde_json::Value = serde_json::from_str(&json_line("a.md", &f)).unwrap();
        assert_eq!(v["match"], "but");
        assert_eq!(v["file"], "a.md");
        assert_eq!(v["column"], 14);
        let all: serde_json::Value = serde_json::from_str(&json("a.md", std::slice::from_ref(&f))).unwrap();
        assert_eq!(all[0]["rule"], "but-and");
        assert_eq!(line("a.md", &f), "a.md:12:14:but-and:m");
    }
}
