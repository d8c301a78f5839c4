//! The value pipeline: one layered store of talk-track values, one resolve, one ask-for-missing.
//!
//! `mend say` and `mend diagnose` fill a track's variables the same way. Every source of values is
//! a [`ValueLayer`] in one [`ValueStore`]; a higher layer wins on the same name. Lowest first:
//!
//! 1. the track's own default;
//! 2. the environment, `MEND_VAR_<NAME>` (`say`);
//! 3. *the account slot*: values remembered for the client's account go here, between the
//!    environment and the flags ([`ValueSource::Account`]; nothing fills it yet);
//! 4. a `--vars FILE.toml` (`say`);
//! 5. the `[values]` table of an answers file (`diagnose --answers`);
//! 6. `--set KEY=VALUE` (`say`);
//! 7. the interview's text answers (`client`, `company`, ...; `diagnose`).
//!
//! [`ValueStore::resolve`] picks a value for each declared variable; [`Resolved::ask_missing`]
//! then offers what is still missing (or only defaulted) to an [`Asker`] that the front end passes
//! in, the way a [`Respondent`](crate::interview::Respondent) is passed to
//! [`drive`](crate::interview::drive). Whatever the way in (flag, file, environment, prompt), a
//! value is cleaned with [`clean`] and must not be empty.

pub mod answers;

use crate::content::talk_track::Variable;
use crate::diagnostic::{did_you_mean, Diagnostic, Locator};
use crate::error::Error;
use std::collections::BTreeMap;

/// Where a value came from. The order of the variants is the precedence, lowest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ValueSource {
    /// The track's `default`.
    Default,
    /// `MEND_VAR_<NAME>`.
    Env,
    /// Remembered for the client's account. The slot is kept for the accounts feature: its layer
    /// sits above the environment (shared by every client) and below anything given for this run.
    Account,
    /// `--vars FILE.toml`.
    VarsFile,
    /// `[values]` in `mend diagnose --answers FILE.toml`.
    AnswersFile,
    /// `--set KEY=VALUE`.
    Flag,
    /// A text answer of the interview.
    Interview,
    /// Asked on the terminal; in a prep sheet also a value settled for an earlier track.
    Prompt,
}

impl ValueSource {
    /// Layers a user filled for this run, whose names must all be declared: a typo must never
    /// silently leave the real variable empty. The environment (and an account) are shared by
    /// every track, so a name there that this track does not use is fine.
    fn names_are_checked(self) -> bool {
        matches!(self, ValueSource::VarsFile | ValueSource::AnswersFile | ValueSource::Flag)
    }
}

/// One source of values: where it came from, how to name it in a message, and its values in the
/// order given (a later duplicate wins).
#[derive(Debug, Clone)]
pub struct ValueLayer {
    pub source: ValueSource,
    /// Named in messages: the file, or the flag.
    pub via: String,
    pub values: Vec<(String, String)>,
}

/// Every layer of values for one run, kept in precedence order.
#[derive(Debug, Clone, Default)]
pub struct ValueStore {
    layers: Vec<ValueLayer>,
}

/// The values resolved for a set of declared variables.
#[derive(Debug, Clone, Default)]
pub struct Resolved {
    pub values: BTreeMap<String, String>,
    pub sources: BTreeMap<String, ValueSource>,
    /// Declared variables with no value and no default, in declaration order.
    pub missing: Vec<String>,
}

/// Asks a person for a value (the terminal front end implements this).
pub trait Asker {
    /// Asks for `variable`, its default pre-filled; returns what was typed.
    fn ask(&mut self, variable: &Variable) -> Result<String, Error>;
}

impl ValueStore {
    /// Adds a layer; layers stay in precedence order (a second layer of the same source goes
    /// above the first).
    pub fn add(&mut self, source: ValueSource, via: impl Into<String>, values: Vec<(String, String)>) {
        let at = self.layers.iter().position(|l| l.source > source).unwrap_or(self.layers.len());
        self.layers.insert(at, ValueLayer { source, via: via.into(), values });
    }

    pub fn layers(&self) -> &[ValueLayer] {
        &self.layers
    }

    /// True when a layer whose names must be declared holds any value.
    pub fn has_checked_names(&self) -> bool {
        self.layers.iter().any(|l| l.source.names_are_checked() && !l.values.is_empty())
    }

    /// Every name given in a checked layer must be in `declared`; otherwise an error per name
    /// with a did-you-mean. `what` names the declarer in the message (`track `honest-ask``).
    pub fn check_names(&self, declared: &[&str], what: &str) -> Result<(), Error> {
        let mut problems = Vec::new();
        for layer in self.layers.iter().filter(|l| l.source.names_are_checked()) {
            for (key, _) in &layer.values {
                if !declared.contains(&key.as_str()) {
                    let hint = did_you_mean(key, declared.iter().copied())
                        .unwrap_or_else(|| format!("{what} declares: {}", declared.join(", ")));
                    problems.push(format!("{}: {what} has no variable `{key}` ({hint})", layer.via));
                }
            }
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(Error::usage(problems.join("\n")))
        }
    }

    /// The winning value for `name` and its source: the highest layer that has it.
    pub fn get(&self, name: &str) -> Option<(&str, ValueSource)> {
        self.layers
            .iter()
            .rev()
            .find_map(|l| l.values.iter().rev().find(|(k, _)| k == name).map(|(_, v)| (v.as_str(), l.source)))
    }

    /// Picks a value for each of `variables`: the highest layer's, else the default. A value that
    /// is empty once cleaned counts as missing.
    pub fn resolve(&self, variables: &[Variable]) -> Resolved {
        let mut resolved = Resolved::default();
        for var in variables {
            let pick = self
                .get(&var.name)
                .map(|(v, s)| (v.to_string(), s))
                .or_else(|| var.default.clone().map(|d| (d, ValueSource::Default)));
            match pick.map(|(v, s)| (clean(&v), s)) {
                Some((v, s)) if !v.is_empty() => {
                    resolved.values.insert(var.name.clone(), v);
                    resolved.sources.insert(var.name.clone(), s);
                }
                _ => resolved.missing.push(var.name.clone()),
            }
        }
        resolved
    }
}

impl Resolved {
    /// With an `asker`, offers every variable that is missing or only has its default (pre-filled
    /// with it), in declaration order; nothing is missing afterwards. Without one (`--no-input`,
    /// no terminal) defaults stand and `missing` is left for the caller to report.
    pub fn ask_missing(&mut self, variables: &[Variable], asker: Option<&mut dyn Asker>) -> Result<(), Error> {
        let Some(asker) = asker else {
            return Ok(());
        };
        for var in variables {
            let unsettled = self.missing.contains(&var.name)
                || self.sources.get(&var.name).is_none_or(|s| *s == ValueSource::Default);
            if unsettled {
                let value = clean(&asker.ask(var)?);
                self.values.insert(var.name.clone(), value);
                self.sources.insert(var.name.clone(), ValueSource::Prompt);
            }
        }
        self.missing.clear();
        Ok(())
    }
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

/// Parses `NAME=VALUE` from a repeatable flag (`--set`, `--answer`); `name` is how the left side
/// is called in the message (`KEY`, `ID`), `hint` how to write it.
pub fn parse_pair(arg: &str, flag: &str, name: &str, hint: &str) -> Result<(String, String), Error> {
    match arg.split_once('=') {
        Some((k, v)) if !k.trim().is_empty() => Ok((k.trim().to_string(), v.trim().to_string())),
        _ => Err(Error::usage_hint(format!("`{flag} {arg}` is not {name}=VALUE"), Some(hint.to_string()))),
    }
}

/// The `MEND_VAR_*` variables of an environment listing, keyed by lowercase name.
pub fn from_env<I: IntoIterator<Item = (String, String)>>(vars: I) -> Vec<(String, String)> {
    let map: BTreeMap<String, String> = vars
        .into_iter()
        .filter_map(|(k, v)| k.strip_prefix("MEND_VAR_").map(|n| (n.to_ascii_lowercase(), v)))
        .collect();
    map.into_iter().collect()
}

/// Reads a TOML table of strings (a `--vars` file, an answers file's `[values]`), in key order.
/// `prefix` is how its keys are named in messages (`values.` inside an answers file).
pub fn string_table(
    table: toml::Table,
    locator: &Locator,
    prefix: &str,
    problems: &mut Vec<Diagnostic>,
) -> Vec<(String, String)> {
    let mut values = Vec::new();
    for (key, value) in table {
        match value {
            toml::Value::String(s) => values.push((key, s)),
            other => problems.push(
                locator
                    .error_at_mention(&key, format!("`{prefix}{key}` must be a string, found {}", other.type_str()))
                    .with_hint(Some(format!("write it as {key} = \"...\""))),
            ),
        }
    }
    values
}

/// Parses a `--vars` file: a flat TOML table of strings.
pub fn parse_vars_file(source: &crate::content::origin::Source) -> Result<Vec<(String, String)>, Error> {
    let file = source.origin.to_string();
    let table: toml::Table = toml::from_str(&source.text)
        .map_err(|e| Error::Invalid(vec![Diagnostic::from_toml(&e, &file, &source.text, 1)]))?;
    let mut problems = Vec::new();
    let values = string_table(table, &Locator::new(&file, &source.text), "", &mut problems);
    if problems.is_empty() {
        Ok(values)
    } else {
        Err(Error::Invalid(problems))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Read from TOML like a track's, so fields added to `Variable` later need no change here.
    fn var(name: &str, default: Option<&str>) -> Variable {
        let default = default.map(|d| format!("default = {d:?}\n")).unwrap_or_default();
        toml::from_str(&format!("name = {name:?}\nprompt = \"p\"\n{default}")).expect("a variable")
    }

    fn pairs(items: &[(&str, &str)]) -> Vec<(String, String)> {
        items.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    #[test]
    fn precedence_env_file_flag() {
        let mut given = ValueStore::default();
        given.add(ValueSource::Flag, "--set", pairs(&[("client", "Flag")]));
        given.add(ValueSource::Env, "environment", pairs(&[("client", "Env"), ("company", "EnvCo")]));
        given.add(ValueSource::VarsFile, "v.toml", pairs(&[("client", "File")]));
        let r = given.resolve(&[var("client", None), var("company", None), var("deal", Some("the deal"))]);
        assert_eq!(r.values["client"], "Flag");
        assert_eq!(r.values["company"], "EnvCo");
        assert_eq!(r.values["deal"], "the deal");
        assert_eq!(r.sources["deal"], ValueSource::Default);
        assert!(r.missing.is_empty());
    }

    #[test]
    fn interview_answers_beat_the_answers_file_which_beats_the_account_slot() {
        let mut given = ValueStore::default();
        given.add(ValueSource::Interview, "the interview", pairs(&[("client", "Dana")]));
        given.add(ValueSource::AnswersFile, "a.toml", pairs(&[("client", "File"), ("goal", "Calm")]));
        given.add(ValueSource::Account, "account", pairs(&[("goal", "Old"), ("date", "Monday")]));
        let r = given.resolve(&[var("client", None), var("goal", None), var("date", None)]);
        assert_eq!((r.values["client"].as_str(), r.sources["client"]), ("Dana", ValueSource::Interview));
        assert_eq!(r.values["goal"], "Calm");
        assert_eq!(r.values["date"], "Monday");
    }

    #[test]
    fn unknown_keys_in_files_and_flags_suggest_and_the_environment_is_lenient() {
        let mut given = ValueStore::default();
        given.add(ValueSource::Env, "environment", pairs(&[("anything", "x")]));
        assert!(given.check_names(&["client"], "track `t`").is_ok());
        given.add(ValueSource::Flag, "--set", pairs(&[("clent", "x")]));
        let err = given.check_names(&["client"], "track `t`").expect_err("typo");
        assert!(err.to_string().contains("--set: track `t` has no variable `clent` (did you mean `client`?)"), "{err}");
        let mut given = ValueStore::default();
        given.add(ValueSource::AnswersFile, "a.toml", pairs(&[("their_gaol", "x")]));
        let err = given.check_names(&["their_goal"], "no talk-track").expect_err("typo");
        assert!(err.to_string().contains("did you mean `their_goal`?"), "{err}");
    }

    #[test]
    fn empty_and_control_values_are_missing_or_cleaned() {
        let mut given = ValueStore::default();
        given.add(ValueSource::Flag, "--set", pairs(&[("client", "  \n "), ("company", "A\u{1b}[31mB\nC")]));
        let r = given.resolve(&[var("client", None), var("company", None)]);
        assert_eq!(r.missing, vec!["client"]);
        assert_eq!(r.values["company"], "A[31mB C");
    }

    struct Scripted(Vec<String>, Vec<String>);

    impl Asker for Scripted {
        fn ask(&mut self, variable: &Variable) -> Result<String, Error> {
            self.1.push(variable.name.clone());
            Ok(self.0.remove(0))
        }
    }

    #[test]
    fn asking_offers_missing_and_defaulted_values_only() {
        let mut given = ValueStore::default();
        given.add(ValueSource::Flag, "--set", pairs(&[("client", "Dana")]));
        let vars = [var("client", None), var("deal", Some("the deal")), var("date", None)];
        let mut r = given.resolve(&vars);
        let mut asker = Scripted(vec!["the renewal".into(), " Friday\n".into()], Vec::new());
        r.ask_missing(&vars, Some(&mut asker)).expect("asked");
        assert_eq!(asker.1, ["deal", "date"]);
        assert_eq!(r.values["date"], "Friday");
        assert_eq!(r.sources["deal"], ValueSource::Prompt);
        assert!(r.missing.is_empty());
        let mut r = given.resolve(&vars);
        r.ask_missing(&vars, None).expect("nobody to ask");
        assert_eq!(r.missing, ["date"]);
    }

    #[test]
    fn pairs_are_key_equals_value() {
        assert_eq!(parse_pair("client= Dana ", "--set", "KEY", "h").expect("ok"), ("client".into(), "Dana".into()));
        let err = parse_pair("=x", "--set", "KEY", "write it as `--set client=Dana`").expect_err("no key");
        assert_eq!(err.to_string(), "`--set =x` is not KEY=VALUE");
    }
}
