//! A talk-track: TOML front matter between `+++` lines, then a Handlebars body in Markdown.
//!
//! Parsing is split from rendering so that `mend check` can report every problem of a file with its
//! line and column (front matter, template syntax, variable use) without rendering anything, and so
//! that `mend say` parses only the one track it renders.

use super::origin::{Origin, Source};
use super::template::{self, Usage};
use crate::diagnostic::{did_you_mean, line_col, Diagnostic, Locator};
use serde::{Deserialize, Serialize};
use std::borrow::Cow;

/// File-name suffix of a talk-track.
pub const EXTENSION: &str = ".md.hbs";

/// The kinds a variable may declare (content format v2, section 1); `mend check` enforces them.
pub const KINDS: &[&str] = &["person", "group", "organisation", "noun-phrase", "clause", "date", "amount"];
/// When a value is known: asked while preparing, or learnt in the call.
pub const KNOWN: &[&str] = &["before-call", "in-call"];

/// A value the track needs from the rep, such as the client's name.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Variable {
    pub name: String,
    /// What the value is (`person`, `noun-phrase`, ...; see [`KINDS`]). Optional so older team
    /// libraries still parse; `mend check` requires it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// `before-call` or `in-call` (see [`KNOWN`]); `mend check` requires it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub known: Option<String>,
    /// The sentence the value completes, with exactly one `____`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub frame: Option<String>,
    /// The question shown when mend asks for the value.
    pub prompt: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub example: Option<String>,
    /// Label of the visible blank an unfilled in-call value renders as.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub blank: Option<String>,
}

/// The front matter of a talk-track, as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FrontMatter {
    pub title: String,
    pub situation: String,
    pub summary: String,
    #[serde(default)]
    pub avoid: Vec<String>,
    #[serde(default)]
    pub questions: Vec<String>,
    pub next_step: String,
    /// The track only makes sense once the client has spoken.
    #[serde(default)]
    pub during_call: bool,
    /// The role the words are spoken to (`new_person`): a person variable of the track. Others
    /// are named by their roles; `mend check` reports words that name the addressee in the third
    /// person.
    #[serde(default)]
    pub to: Option<String>,
    #[serde(default)]
    pub variables: Vec<Variable>,
}

/// A parsed talk-track.
#[derive(Debug, Clone)]
pub struct TalkTrack {
    pub name: String,
    pub origin: Origin,
    pub front: FrontMatter,
    /// Borrowed from the binary for a shipped track, so rendering one copies nothing.
    pub body: Cow<'static, str>,
    /// 1-based line of the file where the front matter's first key line is.
    pub front_line: usize,
    /// 1-based line of the file where the body starts.
    pub body_line: usize,
    /// Compiled templates in the order of [`TalkTrack::templates`].
    pub compiled: Vec<Option<handlebars::template::Template>>,
    /// Undeclared names used only as `{{#if}}`/`{{#unless}}` conditions: answer flags
    /// (`stage_client`) and group flags (`client_is_group`). `mend check` proves each one exists;
    /// rendering treats an unset flag as false.
    pub flags: Vec<String>,
}

/// True when `name` is a plain track name: lowercase ASCII letters, digits and `-`.
///
/// Names come from the command line and become file names, so anything else (`../x`, `/etc/passwd`,
/// NUL) is refused before it could be read as a path.
pub fn is_valid_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 100
        && name.starts_with(|c: char| c.is_ascii_lowercase() || c.is_ascii_digit())
        && name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// The track name of a file name (`honest-ask.md.hbs` -> `honest-ask`), if it is a track file.
pub fn name_of_file(file_name: &str) -> Option<&str> {
    file_name.strip_suffix(EXTENSION).map(|stem| stem.split('.').next().unwrap_or(stem))
}

/// A track file cut into its front matter and body. Both borrow from the file's text unless it
/// had CRLF line endings to normalise.
#[derive(Debug)]
pub struct Split<'a> {
    pub front: Cow<'a, str>,
    /// 1-based line of the file where the front matter's first key line is.
    pub front_line: usize,
    pub body: Cow<'a, str>,
    /// 1-based line of the file where the body starts.
    pub body_line: usize,
}

/// Splits `+++` front matter from the body.
///
/// Borrows rather than copies: the body is most of each file. The scans use `str::find`, whose
/// portable search needs no CPU feature detection: the `memchr` crate's first call runs `cpuid`,
/// which under virtualisation cost 35 us, more than all the rest of parsing a track.
/// (`mend lint`, which scans megabytes, keeps `memchr`.)
pub fn split_front_matter<'a>(text: &'a str, file: &str) -> Result<Split<'a>, Diagnostic> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if let Some(pos) = text.find('\0') {
        let (line, column) = line_col(text, pos);
        return Err(Diagnostic::new(file, "the file contains a NUL byte").at(line, column));
    }
    let unix = |t: &'a str| -> Cow<'a, str> {
        if t.contains('\r') {
            Cow::Owned(t.replace("\r\n", "\n"))
        } else {
            Cow::Borrowed(t)
        }
    };
    let line_end = |start: usize| text[start..].find('\n').map_or(text.len(), |i| start + i + 1);
    let first_end = line_end(0);
    if text[..first_end].trim_end() != "+++" {
        return Err(Diagnostic::new(file, "a talk-track must start with a `+++` line")
            .at(1, 1)
            .with_hint(Some("put the TOML front matter between two `+++` lines at the top".into())));
    }
    // Only lines starting with `+++` can close the front matter: jump from one to the next.
    let mut start = first_end;
    loop {
        if text[start..].starts_with("+++") {
            let end = line_end(start);
            if text[start..end].trim_end() == "+++" {
                let front = &text[first_end..start];
                return Ok(Split {
                    front: unix(front),
                    front_line: 2,
                    body: unix(&text[end..]),
                    body_line: front.bytes().filter(|&b| b == b'\n').count() + 3,
                });
            }
        }
        match text[start..].find("\n+++") {
            Some(i) => start += i + 1,
            None => break,
        }
    }
    Err(Diagnostic::new(file, "the front matter is never closed")
        .at(1, 1)
        .with_hint(Some("add a `+++` line after the last front matter key".into())))
}

/// Reads only the front matter of a track (no body, no template checks): enough for `mend list`,
/// which must not pay for thirty templates it does not show.
pub fn read_front(source: &Source) -> Result<FrontMatter, Vec<Diagnostic>> {
    let file = source.origin.to_string();
    let split = split_front_matter(&source.text, &file).map_err(|d| vec![d])?;
    toml::from_str(&split.front).map_err(|e| vec![Diagnostic::from_toml(&e, &file, &split.front, split.front_line)])
}

impl TalkTrack {
    fn parse_parts<'a>(name: &str, source: &'a Source) -> Result<(TalkTrack, Cow<'a, str>), Vec<Diagnostic>> {
        let file = source.origin.to_string();
        let Split { front: front_text, front_line, body, body_line } =
            split_front_matter(&source.text, &file).map_err(|d| vec![d])?;
        let front: FrontMatter =
            toml::from_str(&front_text).map_err(|e| vec![Diagnostic::from_toml(&e, &file, &front_text, front_line)])?;
        let track = TalkTrack {
            name: name.to_string(),
            origin: source.origin.clone(),
            front,
            body: match (&source.text, body) {
                // An unconverted body is the text's suffix: take it from the `'static` original.
                (Cow::Borrowed(text), Cow::Borrowed(body)) => Cow::Borrowed(&text[text.len() - body.len()..]),
                (_, body) => Cow::Owned(body.into_owned()),
            },
            front_line,
            body_line,
            compiled: Vec::new(),
            flags: Vec::new(),
        };
        Ok((track, front_text))
    }

    /// Parses a track; returns every problem found in the file, not only the first.
    pub fn parse(name: &str, source: &Source) -> Result<TalkTrack, Vec<Diagnostic>> {
        let (mut track, front_text) = Self::parse_parts(name, source)?;
        let (problems, compiled, flags) = track.validate(&front_text);
        track.compiled = compiled;
        track.flags = flags;
        if problems.is_empty() {
            Ok(track)
        } else {
            Err(problems)
        }
    }

    pub fn variable(&self, name: &str) -> Option<&Variable> {
        self.front.variables.iter().find(|v| v.name == name)
    }

    pub fn variable_names(&self) -> impl Iterator<Item = &str> {
        self.front.variables.iter().map(|v| v.name.as_str())
    }

    /// The templated strings of the track: (label, text, line it starts on in the file).
    pub fn templates(&self) -> Vec<(String, &str, usize)> {
        let mut all = vec![("body".to_string(), &*self.body, self.body_line)];
        all.push(("summary".into(), self.front.summary.as_str(), 0));
        for (i, a) in self.front.avoid.iter().enumerate() {
            all.push((format!("avoid[{i}]"), a.as_str(), 0));
        }
        for (i, q) in self.front.questions.iter().enumerate() {
            all.push((format!("questions[{i}]"), q.as_str(), 0));
        }
        all.push(("next_step".into(), self.front.next_step.as_str(), 0));
        all
    }

    /// Template syntax, variable declarations and use. Front-matter strings are located by finding
    /// the key line in the front matter text, since TOML spans are gone after deserialising.
    #[allow(clippy::type_complexity)]
    fn validate(
        &self,
        front_text: &str,
    ) -> (Vec<Diagnostic>, Vec<Option<handlebars::template::Template>>, Vec<String>) {
        let file = self.origin.to_string();
        let mut problems = Vec::new();
        // Checking is linear in the variables (a set of names, one indexing scan to locate them);
        // the cap keeps a hostile file from producing a flood of prompts and problems.
        if self.front.variables.len() > MAX_VARIABLES {
            let message =
                format!("{} variables; a track may declare at most {MAX_VARIABLES}", self.front.variables.len());
            problems.push(Diagnostic::new(&file, message).at(self.front_line, 1));
            return (problems, Vec::new(), Vec::new());
        }
        let declared: std::collections::HashSet<&str> = self.variable_names().collect();
        let mut seen = std::collections::HashSet::new();
        let front = Locator::new(&file, front_text);
        // Lines are looked up only for a problem, so a clean track pays nothing for locating; the
        // first lookup indexes every quoted string once (searching the text per variable was
        // quadratic: 20,000 unused variables took 11 s).
        let quoted = std::cell::OnceCell::new();
        let var_line = |name: &str| {
            let index = quoted.get_or_init(|| quoted_lines(front_text));
            index.get(name).copied().unwrap_or(1) + self.front_line - 1
        };
        for v in &self.front.variables {
            let valid = is_valid_variable(&v.name);
            let first = seen.insert(v.name.as_str());
            if valid && first {
                continue;
            }
            let at = var_line(&v.name);
            if !valid {
                problems.push(
                    Diagnostic::new(&file, format!("variable name `{}` is not a plain identifier", v.name))
                        .at(at, 1)
                        .with_hint(Some("use lowercase letters, digits and `_`".into())),
                );
            }
            if !first {
                problems.push(Diagnostic::new(&file, format!("variable `{}` is declared twice", v.name)).at(at, 1));
            }
        }
        let mut used = std::collections::BTreeSet::new();
        let mut flags: Vec<String> = Vec::new();
        let mut broken = false;
        let mut compiled = Vec::new();
        for (label, text, line) in self.templates() {
            let key = (line == 0).then(|| label.split('[').next().unwrap_or(&label).to_string());
            let base = || match &key {
                None => line,
                Some(key) => front.line_containing(key) + self.front_line - 1,
            };
            match template::usage(text) {
                Err((l, c, msg)) => {
                    compiled.push(None);
                    let (line, column) = if key.is_some() { (base(), 1) } else { (base() + l - 1, c) };
                    problems.push(Diagnostic::new(&file, format!("template error in {label}: {msg}")).at(line, column));
                    broken = true;
                }
                Ok(Usage { variables, conditions, problems: bad, compiled: template }) => {
                    compiled.push(template);
                    for (name, _, _) in conditions {
                        if declared.contains(&name.as_str()) {
                            used.insert(name);
                        } else if !flags.contains(&name) {
                            flags.push(name);
                        }
                    }
                    for (l, c, msg) in bad {
                        let (line, column) = if key.is_some() { (base(), 1) } else { (base() + l - 1, c) };
                        problems.push(Diagnostic::new(&file, format!("{msg} in {label}")).at(line, column));
                    }
                    for (var, l, c) in variables {
                        if !declared.contains(&var.as_str()) {
                            let (line, column) = if key.is_some() { (base(), 1) } else { (base() + l - 1, c) };
                            problems.push(
                                Diagnostic::new(&file, format!("variable `{var}` is used in {label} and not declared"))
                                    .at(line, column)
                                    .with_hint(did_you_mean(&var, declared.iter().copied()).or_else(|| {
                                        Some(format!("declare it: [[variables]] name = \"{var}\" prompt = \"...\""))
                                    })),
                            );
                        }
                        used.insert(var);
                    }
                }
            }
        }
        // Use is unknown in a template that does not parse; don't pile guesses on the real error.
        for v in self.front.variables.iter().filter(|_| !broken) {
            if !used.contains(&v.name) {
                let at = var_line(&v.name);
                problems.push(
                    Diagnostic::new(&file, format!("variable `{}` is declared and never used", v.name))
                        .at(at, 1)
                        .with_hint(Some(format!("use it as {{{{{}}}}} or remove the declaration", v.name))),
                );
            }
        }
        (problems, compiled, flags)
    }
}

/// The most variables a track may declare: far more than a rep would answer, few enough that a
/// hostile file cannot bury the user in prompts or problems.
pub const MAX_VARIABLES: usize = 1_000;

/// The 1-based line of the first appearance of each double-quoted string in `text` (a variable
/// is located by its quoted name), in one scan.
fn quoted_lines(text: &str) -> std::collections::HashMap<&str, usize> {
    let mut index = std::collections::HashMap::new();
    for (i, line) in text.lines().enumerate() {
        let parts: Vec<&str> = line.split('"').collect();
        // Odd-numbered parts lie between two quotes.
        for inside in parts.iter().take(parts.len().saturating_sub(1)).skip(1).step_by(2) {
            index.entry(*inside).or_insert(i + 1);
        }
    }
    index
}

/// A variable name: lowercase ASCII letters, digits and `_`, starting with a letter.
pub fn is_valid_variable(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_lowercase())
        && name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn src(text: &str) -> Source {
        Source { origin: Origin::File("t.md.hbs".into()), text: text.to_string().into() }
    }

    const GOOD: &str = "+++\ntitle = \"T\"\nsituation = \"pushaway\"\nsummary = \"S {{client}}\"\nnext_step = \"N\"\n\n[[variables]]\nname = \"client\"\nprompt = \"Name\"\n+++\nHello {{client}}.\n";

    #[test]
    fn parses_a_good_track() {
        let t = TalkTrack::parse("t", &src(GOOD)).expect("parses");
        assert_eq!(t.front.title, "T");
        assert_eq!(t.body, "Hello {{client}}.\n");
        assert_eq!(t.body_line, 11);
    }

    #[test]
    fn crlf_and_bom_work() {
        let text = format!("\u{feff}{}", GOOD.replace('\n', "\r\n"));
        let t = TalkTrack::parse("t", &src(&text)).expect("parses");
        assert_eq!(t.body, "Hello {{client}}.\n");
    }

    #[test]
    fn undeclared_variable_is_located() {
        let text = GOOD.replace("Hello {{client}}.", "Hello {{client}}.\nAnd {{sponsr}}.");
        let errs = TalkTrack::parse("t", &src(&text)).expect_err("fails");
        assert_eq!(errs.len(), 1, "{errs:?}");
        assert_eq!((errs[0].line, errs[0].column), (Some(12), Some(5)));
        assert!(errs[0].message.contains("`sponsr`"));
    }

    #[test]
    fn unused_and_unknown_key_reported() {
        let text = GOOD.replace("Hello {{client}}.", "Hello.").replace("S {{client}}", "S");
        let errs = TalkTrack::parse("t", &src(&text)).expect_err("fails");
        assert!(errs[0].message.contains("never used"), "{errs:?}");
        let text = GOOD.replace("next_step", "nextstep");
        let errs = TalkTrack::parse("t", &src(&text)).expect_err("fails");
        assert_eq!(errs[0].line, Some(5), "{errs:?}");
        assert_eq!(errs[0].hint.as_deref(), Some("did you mean `next_step`?"));
    }

    /// Only a line that is `+++` (and trailing blanks) closes the front matter; body lines are
    /// numbered from the file's first line.
    #[test]
    fn front_matter_ends_at_the_first_plus_line() {
        for (text, front, body, body_line) in [
            ("+++\n+++\nHi", "", "Hi", 3),
            ("+++\na = \"+++\"\n++++\n +++\n+++  \nHi\n+++\n", "a = \"+++\"\n++++\n +++\n", "Hi\n+++\n", 6),
            ("+++\r\na = 1\r\n+++\r\nHi\r\n", "a = 1\n", "Hi\n", 4),
            ("+++\na = 1\n+++", "a = 1\n", "", 4),
        ] {
            let split = split_front_matter(text, "t").expect(text);
            assert_eq!((&*split.front, &*split.body, split.body_line), (front, body, body_line), "{text:?}");
        }
        assert!(split_front_matter("+++\na = 1\n++++\n", "t").is_err());
        assert!(split_front_matter("+++", "t").is_err());
    }

    #[test]
    fn unclosed_front_matter() {
        let errs = TalkTrack::parse("t", &src("+++\ntitle = \"x\"\n")).expect_err("fails");
        assert!(errs[0].message.contains("never closed"));
    }

    #[test]
    fn condition_flags_are_kept_apart_from_variables() {
        let text = GOOD.replace("Hello {{client}}.", "{{#if client_is_group}}Hi all.{{else}}Hello {{client}}.{{/if}}");
        let t = TalkTrack::parse("t", &src(&text)).expect("a condition on a flag is not an undeclared variable");
        assert_eq!(t.flags, ["client_is_group"]);
        let text = GOOD.replace("Hello {{client}}.", "Hello {{client}} {{stage_client}}.");
        assert!(TalkTrack::parse("t", &src(&text)).is_err(), "a flag said aloud is still undeclared");
    }

    #[test]
    fn names() {
        assert!(is_valid_name("honest-ask"));
        for bad in ["../x", "/etc/passwd", "", "a/b", "A", "a\0b", "-x"] {
            assert!(!is_valid_name(bad), "{bad}");
        }
        assert_eq!(name_of_file("honest-ask.md.hbs"), Some("honest-ask"));
        assert_eq!(name_of_file("x.team.md.hbs"), Some("x"));
        assert_eq!(name_of_file("x.toml"), None);
    }
}
