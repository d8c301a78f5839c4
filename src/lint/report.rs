//! Pure formatters for findings; the CLI decides where the text goes.
//!
//! Three shapes: [`human`] (the line, a `^^^` underline under the match, the message and the
//! suggestion; optionally coloured), [`json`] / [`json_line`] (stable field names for tools), and
//! [`line`] (`file:line:col:rule:message`, one finding per line, for editors and grep).

/// Styled whatever `console` guesses about the terminal: the caller decided (`--color always`
/// into `less -R` is a pipe, and must still be coloured).
fn style<D>(text: D) -> console::StyledObject<D> {
    console::style(text).force_styling(true)
}
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
            style(&*finding.message).bold().to_string(),
        )
    } else {
        (location, rule, finding.message.to_string())
    };
    let number = finding.line.to_string();
    let gutter = " ".repeat(number.len());
    let (before, matched, after) = window(line_text, finding);
    // Keep tabs in the padding so the carets line up under the match.
    let pad: String = before.chars().map(|c| if c == '\t' { '\t' } else { ' ' }).collect();
    let width = finding.end_column.saturating_sub(finding.column).max(1);
    let carets = "^".repeat(width);
    let carets = if styled { style(carets).red().bold().to_string() } else { carets };
    // A draft can hold anything; control characters are shown as U+FFFD (one column each, so
    // the carets stay aligned) and never reach the terminal as escape sequences.
    let shown: String = [before.as_str(), matched, after.as_str()]
        .concat()
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

/// Lines up to this many bytes are shown whole.
const WHOLE_LINE: usize = 200;
/// Characters shown either side of the match on a longer line.
const AROUND: usize = 60;

/// The part of `line` shown for `finding`: the text before the match, the match, the text after.
/// A long line is cut to [`AROUND`] characters either side, marked with `…`: a finding in a
/// megabyte line prints a few hundred bytes, not the line.
fn window<'a>(line: &'a str, finding: &Finding) -> (String, &'a str, String) {
    let mut start = finding.byte_range.start.min(line.len());
    while !line.is_char_boundary(start) {
        start -= 1;
    }
    let mut end = finding.byte_range.end.clamp(start, line.len());
    while !line.is_char_boundary(end) {
        end += 1;
    }
    let (head, matched, rest) = (&line[..start], &line[start..end], &line[end..]);
    if line.len() <= WHOLE_LINE {
        return (head.to_string(), matched, rest.to_string());
    }
    let before = match head.char_indices().rev().nth(AROUND) {
        Some((i, c)) => format!("…{}", &head[i + c.len_utf8()..]),
        None => head.to_string(),
    };
    let after = match rest.char_indices().nth(AROUND) {
        Some((i, _)) => format!("{}…", &rest[..i]),
        None => rest.to_string(),
    };
    (before, matched, after)
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

/// Writes one pretty JSON array an element at a time, so findings reach the reader as they are
/// found and memory does not grow with their number. The bytes are exactly those of
/// `serde_json::to_string_pretty` on the whole array, plus a final newline.
#[derive(Debug, Default)]
pub struct JsonArray {
    items: usize,
}

impl JsonArray {
    /// Writes one finding.
    pub fn push(&mut self, out: &mut impl std::io::Write, file: &str, finding: &Finding) -> std::io::Result<()> {
        let item = serde_json::to_string_pretty(&JsonFinding::new(file, finding)).map_err(std::io::Error::other)?;
        out.write_all(if self.items == 0 { b"[\n  " } else { b",\n  " })?;
        out.write_all(item.replace('\n', "\n  ").as_bytes())?;
        self.items += 1;
        Ok(())
    }

    /// Closes the array (`[]` when nothing was pushed).
    pub fn finish(self, out: &mut impl std::io::Write) -> std::io::Result<()> {
        out.write_all(if self.items == 0 { b"[]\n" } else { b"\n]\n" })
    }
}

/// Writes `file:line:col:rule:message` and a newline, straight into `out` (a run can print
/// hundreds of thousands of these).
pub fn write_line(out: &mut impl std::io::Write, file: &str, finding: &Finding) -> std::io::Result<()> {
    writeln!(out, "{file}:{}:{}:{}:{}", finding.line, finding.column, finding.rule, finding.message)
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
        f.column = 14;
        f.end_column = 17;
        let out = human("a.md", text, &f, false);
        assert_eq!(
            out,
            "a.md:12:14: [but-and] m\n 12 | \tI hear you, but\n    | \t            ^^^\n    = fix: replace \"but\" with \"and\"\n"
        );
    }

    #[test]
    fn streamed_json_is_the_pretty_array() {
        let f = finding();
        for n in [0, 1, 3] {
            let all: Vec<Finding> = (0..n).map(|_| f.clone()).collect();
            let mut out = Vec::new();
            let mut array = JsonArray::default();
            for one in &all {
                array.push(&mut out, "a.md", one).unwrap();
            }
            array.finish(&mut out).unwrap();
            assert_eq!(String::from_utf8(out).unwrap(), format!("{}\n", json("a.md", &all)));
        }
    }

    #[test]
    fn a_long_line_is_shown_as_a_window() {
        let line = format!("{}yes, but no{}", "word ".repeat(20_000), " more".repeat(20_000));
        let at = line.find("but").unwrap();
        let mut f = finding();
        f.column = at + 1;
        f.end_column = at + 4;
        f.byte_range = at..at + 3;
        let out = human("a.md", &line, &f, false);
        assert!(out.len() < 600, "{} bytes", out.len());
        let lines: Vec<&str> = out.lines().collect();
        assert!(lines[1].contains("| …word word") && lines[1].ends_with("more m…"), "{}", lines[1]);
        assert!(lines[1].contains("word yes, but no more"), "{}", lines[1]);
        let caret = lines[2].find('^').unwrap();
        let but = lines[1].find("but").unwrap();
        assert_eq!(lines[2][..caret].chars().count(), lines[1][..but].chars().count());
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
        let mut out = Vec::new();
        write_line(&mut out, "a.md", &f).unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), "a.md:12:14:but-and:m\n");
    }
}
