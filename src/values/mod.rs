//! Values for talk-track variables, merged from every non-interactive source in a documented order:
//! environment `MEND_VAR_<NAME>` < `--vars FILE.toml` < `--set KEY=VALUE`.
//!
//! The same validation applies whichever way a value arrives (flag, file, environment, or the
//! terminal prompt): it is cleaned with [`clean`] and must not be empty.

use crate::diagnostic::{did_you_mean, line_col, Diagnostic};
use crate::error::Error;
use crate::origin::Source;
use std::collections::BTreeMap;

/// Where a value came from, lowest priority first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ValueSource {
    Default,
    Env,
    VarsFile,
    Flag,
    Prompt,
    Interview,
}

/// Values given on the command line, in a file, or in the environment, before they meet a track.
#[derive(Debug, Clone, Default)]
pub struct GivenValues {
    /// From `MEND_VAR_<NAME>`, keyed by lowercase name.
    pub env: BTreeMap<String, String>,
    /// From `--vars`: the file (for messages) and its values.
    pub file: Option<(String, BTreeMap<String, String>)>,
    /// From `--set`, in order.
    pub flags: Vec<(String, String)>,
}

/// Makes a value safe to show anywhere: line breaks become spaces, other control characters are
/// dropped, so a value can never inject a terminal escape sequence or break the layout.
pub fn clean(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '\r' | '\n' | '\t' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out.trim().to_string()
}

/// Parses `KEY=VALUE` from `--set`.
pub fn parse_set(arg: &str) -> Result<(String, String), Error> {
    match arg.split_once('=') {
        Some((k, v)) if !k.trim().is_empty() => Ok((k.trim().to_string(), v.to_string())),
        _ => Err(Error::usage_hint(
            format!("`--set {arg}` is not KEY=VALUE"),
            Some("write it as `--set client=Dana`".into()),
        )),
    }
}

/// Reads the `MEND_VAR_*` variables from an environment listing.
pub fn from_env<I: IntoIterator<Item = (String, String)>>(vars: I) -> BTreeMap<String, String> {
    vars.into_iter().filter_map(|(k, v)| k.strip_prefix("MEND_VAR_").map(|n| (n.to_ascii_lowercase(), v))).collect()
}

/// Parses a `--vars` file: a flat TOML table of strings.
pub fn parse_vars_file(source: &Source) -> Result<BTreeMap<String, String>, Error> {
    let file = source.origin.to_string();
    let table: toml::Table = toml::from_str(&source.text)
        .map_err(|e| Error::Invalid(vec![crate::talk_track::toml_diagnostic(&e, &source.text, 1, &file, &[])]))?;
    let mut values = BTreeMap::new();
    let mut problems = Vec::new();
    for (key, value) in table {
        match value {
            toml::Value::String(s) => {
                values.insert(key, s);
            }
            other => {
                let at = source.text.find(&key).map_or((1, 1), |o| line_col(&source.text, o));
                problems.push(
                    Diagnostic::new(&file, format!("`{key}` must be a string, found {}", other.type_str()))
                        .at(at.0, at.1)
                        .with_hint(Some(format!("write it as {key} = \"...\""))),
                );
            }
        }
    }
    if problems.is_empty() {
        Ok(values)
    } else {
        Err(Error::Invalid(problems))
    }
}

/// The values resolved for a set of declared variables.
#[derive(Debug, Clone, Default)]
pub struct Resolved {
    pub values: BTreeMap<String, String>,
    pub sources: BTreeMap<String, ValueSource>,
    /// Declared variables with no value and no default, in declaration order.
    pub missing: Vec<String>,
}

impl GivenValues {
    /// Resolves values for the `declared` variable names (with their defaults).
    ///
    /// A `--set` or `--vars` key that is not declared is an error with a did-you-mean: a typo must
    /// never silently leave the real variable empty. Environment variables are shared by every
    /// track, so unknown ones are ignored.
    pub fn resolve(&self, declared: &[(&str, Option<&str>)], what: &str) -> Result<Resolved, Error> {
        let names: Vec<&str> = declared.iter().map(|(n, _)| *n).collect();
        let mut problems = Vec::new();
        let check = |key: &str, via: &str, problems: &mut Vec<String>| {
            if !names.contains(&key) {
                let hint = did_you_mean(key, names.iter().copied())
                    .unwrap_or_else(|| format!("{what} declares: {}", names.join(", ")));
                problems.push(format!("{via}: {what} has no variable `{key}` ({hint})"));
            }
        };
        if let Some((file, values)) = &self.file {
            for key in values.keys() {
                check(key, file, &mut problems);
            }
        }
        for (key, _) in &self.flags {
            check(key, "--set", &mut problems);
        }
        if !problems.is_empty() {
            return Err(Error::usage(problems.join("\n")));
        }
        let mut resolved = Resolved::default();
        for (name, default) in declared {
            let mut pick = default.map(|d| (d.to_string(), ValueSource::Default));
            if let Some(v) = self.env.get(*name) {
                pick = Some((v.clone(), ValueSource::Env));
            }
            if let Some(v) = self.file.as_ref().and_then(|(_, vals)| vals.get(*name)) {
                pick = Some((v.clone(), ValueSource::VarsFile));
            }
            if let Some((_, v)) = self.flags.iter().rev().find(|(k, _)| k == name) {
                pick = Some((v.clone(), ValueSource::Flag));
            }
            match pick.map(|(v, s)| (clean(&v), s)) {
                Some((v, s)) if !v.is_empty() => {
                    resolved.values.insert(name.to_string(), v);
                    resolved.sources.insert(name.to_string(), s);
                }
                _ => resolved.missing.push(name.to_string()),
            }
        }
        Ok(resolved)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn precedence_env_file_flag() {
        let mut given = GivenValues::default();
        given.env.insert("client".into(), "Env".into());
        given.env.insert("company".into(), "EnvCo".into());
        given.file = Some(("v.toml".into(), [("client".to_string(), "File".to_string())].into()));
        given.flags.push(("client".into(), "Flag".into()));
        let r = given.resolve(&[("client", None), ("company", None), ("deal", Some("the deal"))], "t").expect("ok");
        assert_eq!(r.values["client"], "Flag");
        assert_eq!(r.values["company"], "EnvCo");
        assert_eq!(r.values["deal"], "the deal");
        assert!(r.missing.is_empty());
    }

    #[test]
    fn unknown_flag_key_suggests() {
        let mut given = GivenValues::default();
        given.flags.push(("clent".into(), "x".into()));
        let err = given.resolve(&[("client", None)], "track `t`").expect_err("typo");
        assert!(err.to_string().contains("did you mean `client`?"), "{err}");
    }

    #[test]
    fn empty_and_control_values_are_missing_or_cleaned() {
        let mut given = GivenValues::default();
        given.flags.push(("client".into(), "  \n ".into()));
        given.flags.push(("company".into(), "A\u{1b}[31mB\nC".into()));
        let r = given.resolve(&[("client", None), ("company", None)], "t").expect("ok");
        assert_eq!(r.missing, vec!["client"]);
        assert_eq!(r.values["company"], "A[31mB C");
    }
}
