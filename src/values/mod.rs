//! The value pipeline: one layered store of talk-track values, one resolve, one ask-for-missing.
//!
//! `mend say` and `mend diagnose` fill a track's variables the same way. Every source of values is
//! a [`ValueLayer`] in one [`ValueStore`]; a higher layer wins on the same name. Lowest first:
//!
//! 1. the track's own default;
//! 2. the environment, `MEND_VAR_<NAME>` (`say`);
//! 3. the account named with `--account`: its people by role and its company, between the
//!    environment and the flags ([`ValueSource::Account`]);
//! 4. a `--vars FILE.toml` (`say`);
//! 5. the `[values]` table of an answers file (`diagnose --answers`);
//! 6. `--set KEY=VALUE` (`say`);
//! 7. the interview's text answers (`client`, `company`, ...; `diagnose`).
//!
//! [`ValueStore::resolve`] picks a value for each declared variable; [`Resolved::ask_missing`]
//! then offers what is still missing (or only defaulted) to an [`Asker`] that the front end passes
//! in, the way a [`Respondent`](crate::interview::Respondent) is passed to
//! [`drive`](crate::interview::drive). Whatever the way in (flag, file, environment, prompt), a
//! value is cleaned with [`clean`], checked against its kind ([`kind::check`], refused with a
//! one-line reason) and linted ([`lint_value`]: a finding is a warning, never a refusal).
//!
//! When a value is known matters (content format v2, section 1): an `in-call` variable is
//! learnt during the call, so it is never asked and never missing; without a value it is one of
//! [`Resolved::blanks`], rendered as a visible blank the rep fills in live.

pub mod answers;
pub mod kind;

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
    /// Remembered for the client's account (`--account`, see [`crate::account`]). Its layer
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
    /// What `in 3 days` or `friday` in a date value counts from; without one (a library check)
    /// such a value stays as typed.
    pub today: Option<crate::account::dates::Today>,
}

/// The values resolved for a set of declared variables.
#[derive(Debug, Clone, Default)]
pub struct Resolved {
    pub values: BTreeMap<String, String>,
    pub sources: BTreeMap<String, ValueSource>,
    /// Before-call variables with no value and no default, in declaration order.
    pub missing: Vec<String>,
    /// Variables left as visible blanks: in-call ones nobody gave a value for (never asked), and
    /// any given as [`LEAVE_BLANK`].
    pub blanks: Vec<String>,
    /// Lint findings on given values, in declaration order.
    pub warnings: Vec<ValueWarning>,
    /// The store's today, for the values asked after resolving.
    pub today: Option<crate::account::dates::Today>,
}

/// What a typed value turned out to be, for the prompt to show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Checked {
    /// Refused, with the one-line reason.
    Refused(String),
    /// [`LEAVE_BLANK`]: the value stays a visible blank, to fill in during the call.
    Blank,
    /// Accepted as this value; lint findings (possibly none) for the rep to keep or retype.
    Accepted(String, Vec<ValueWarning>),
}

/// One value to ask for: the variable, its sentence with the blank, and the check every way in
/// shares.
pub struct ValueQuestion<'a> {
    pub variable: &'a Variable,
    /// The frame with known values filled in and `____` where this value goes.
    pub frame: Option<String>,
    /// Pre-filled: the default, or the answer given before going back.
    pub initial: Option<String>,
    /// True when there is a previous value question to go back to.
    pub can_go_back: bool,
    /// What a relative date counts from.
    pub today: Option<&'a crate::account::dates::Today>,
}

impl ValueQuestion<'_> {
    /// The same check flags, files and the environment get.
    pub fn check(&self, typed: &str) -> Checked {
        check_value(self.variable, typed, self.today)
    }
}

/// What a person answered to a value question.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ValueAnswer {
    Value(String),
    Back,
}

/// Asks a person for a value (the terminal front end implements this).
pub trait Asker {
    /// Asks `question` until the person gives a value [`ValueQuestion::check`] accepts (keeping
    /// or retyping one with findings), or goes back.
    fn ask(&mut self, question: &ValueQuestion<'_>) -> Result<ValueAnswer, Error>;
}

/// A lint finding on a value a person typed: it goes into words said aloud.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ValueWarning {
    /// The variable.
    pub name: String,
    pub value: String,
    /// The lint rule (`but-and`).
    pub rule: String,
    /// The words the rule matched.
    pub matched: String,
    pub message: String,
    /// What to write instead.
    pub fix: Option<String>,
}

impl std::fmt::Display for ValueWarning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "`{}` = {:?}: {} ({})", self.name, self.value, self.message, self.rule)?;
        if let Some(fix) = &self.fix {
            write!(f, "; {fix}")?;
        }
        Ok(())
    }
}

/// Runs mend's built-in lint rules over a typed value.
///
/// Only the phrases that could occur in the value are compiled (`Rules::builtin_for_short_text`):
/// a value is a few words, and building the automaton of all twenty thousand phrases took some
/// 40 ms, every `say` and `diagnose` run. The findings are the same.
pub fn lint_value(name: &str, value: &str) -> Vec<ValueWarning> {
    let findings = crate::lint::lint_str(&crate::lint::Rules::builtin_for_short_text(value), value);
    let line_starts: Vec<usize> = std::iter::once(0).chain(value.match_indices('\n').map(|(i, _)| i + 1)).collect();
    let found: Vec<usize> =
        findings.iter().map(|f| line_starts.get(f.line - 1).copied().unwrap_or(0) + f.byte_range.start).collect();
    let warning = |matched: String, message: String, rule: String, fix: Option<String>| ValueWarning {
        name: name.to_string(),
        value: value.to_string(),
        rule,
        matched,
        message,
        fix,
    };
    let mut warnings: Vec<ValueWarning> = findings
        .into_iter()
        .map(|f| {
            let fix = f
                .fix
                .as_ref()
                .map(|fix| format!("write `{fix}` instead of `{}`", f.matched))
                .or_else(|| f.suggestion.as_deref().map(str::to_string));
            warning(f.matched, f.message.to_string(), f.rule.to_string(), fix)
        })
        .collect();
    for at in spoken_buts(value).filter(|at| !found.contains(at)) {
        warnings.push(warning(
            value[at..at + 3].to_string(),
            "\"but\" is read aloud to the client, and heard as a contrast whatever the grammar (\"not only ... but \
             also\", \"all but\")"
                .to_string(),
            "but-and".to_string(),
            Some("reword it without \"but\"".to_string()),
        ));
    }
    warnings
}

/// The lint rules that flag a failure told without its doer ("the order was lost").
const NO_DOER_RULES: [&str; 2] = ["evasion", "evasion-frame"];

/// [`lint_value`], by what the variable is for. A variable whose prompt asks for what happened in
/// plain facts, without naming a culprit, asks for exactly the sentence with no doer that the
/// evasion rules flag in a draft ("the parcel was held at customs"), so those rules do not apply
/// to it; blame, excuses and every other rule still do.
pub fn lint_value_for(variable: &Variable, value: &str) -> Vec<ValueWarning> {
    let mut warnings = lint_value(&variable.name, value);
    if asks_for_plain_facts(variable) {
        warnings.retain(|w| !NO_DOER_RULES.contains(&w.rule.as_str()));
    }
    warnings
}

/// Whether the variable's prompt asks for facts with no culprit (`what_happened` in the tracks).
fn asks_for_plain_facts(variable: &Variable) -> bool {
    let prompt = variable.prompt.to_lowercase();
    prompt.contains("plain facts") || prompt.contains("without naming a culprit")
}

/// Where `value` holds "but" as a word (any case). The lint lets some pass that are not a
/// contrast in writing ("not only ... but also", "all but done"); a typed value goes into the
/// words the rep says aloud, where no "but" belongs (the content rule), so those are flagged too.
fn spoken_buts(value: &str) -> impl Iterator<Item = usize> + '_ {
    let lower = value.to_ascii_lowercase();
    let starts: Vec<usize> = lower.match_indices("but").map(|(i, _)| i).collect();
    starts.into_iter().filter(move |&i| crate::lint::is_whole_word(value, &(i..i + 3)))
}

/// The value that leaves a variable a visible blank, at the prompt or in a flag or file: a rep who
/// does not know a name or a goal yet fills it in during the call rather than make one up.
pub const LEAVE_BLANK: &str = "-";

/// Cleans, kind-checks and lints one typed value of `variable` ([`LEAVE_BLANK`] is [`Checked::Blank`]).
/// A relative date counts from `today`.
pub fn check_value(variable: &Variable, typed: &str, today: Option<&crate::account::dates::Today>) -> Checked {
    let value = clean(typed);
    if value == LEAVE_BLANK {
        return Checked::Blank;
    }
    match kind::check_dated(variable.kind.as_deref(), &value, today) {
        Err(reason) => Checked::Refused(reason),
        Ok(value) => {
            let warnings = lint_value_for(variable, &value);
            Checked::Accepted(value, warnings)
        }
    }
}

/// True for a value learnt during the call: never asked, a visible blank until filled.
pub fn is_in_call(variable: &Variable) -> bool {
    variable.known.as_deref() == Some("in-call")
}

/// The frame of `variable` with the values known so far filled in (`[name]` for the others).
pub fn frame_text(variable: &Variable, values: &BTreeMap<String, String>) -> Option<String> {
    variable.frame.as_deref().map(|f| fill(f, values, |name| format!("[{}]", name.replace('_', " "))))
}

/// The label of an unfilled blank: the `blank` template with known values, else the name.
pub fn blank_label(variable: &Variable, values: &BTreeMap<String, String>) -> String {
    match &variable.blank {
        Some(label) => fill(label, values, |name| name.replace('_', " ")),
        None => variable.name.replace('_', " "),
    }
}

/// Replaces each `{{name}}` in `text`; `unknown` stands in for a name without a value.
pub(crate) fn fill(text: &str, values: &BTreeMap<String, String>, unknown: impl Fn(&str) -> String) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find("{{") {
        out.push_str(&rest[..open]);
        let after = &rest[open + 2..];
        match after.find("}}") {
            Some(close) => {
                let name = after[..close].trim();
                match values.get(name) {
                    Some(v) => out.push_str(v),
                    None => out.push_str(&unknown(name)),
                }
                rest = &after[close + 2..];
            }
            None => {
                out.push_str(&rest[open..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

impl ValueStore {
    /// An empty store whose relative dates count from `today`.
    pub fn counting_from(today: crate::account::dates::Today) -> ValueStore {
        ValueStore { layers: Vec::new(), today: Some(today) }
    }

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

    /// The winning value for `name`, its source and how that source is named: the highest
    /// layer that has it.
    pub fn get(&self, name: &str) -> Option<(&str, ValueSource, &str)> {
        self.layers.iter().rev().find_map(|l| {
            l.values.iter().rev().find(|(k, _)| k == name).map(|(_, v)| (v.as_str(), l.source, l.via.as_str()))
        })
    }

    /// Picks a value for each of `variables`: the highest layer's, else the default. A value that
    /// is empty once cleaned counts as missing (an in-call one as a blank). Every given value is
    /// checked against its kind: a refused one is a usage error naming the value, where it came
    /// from and why; lint findings become [`Resolved::warnings`].
    pub fn resolve(&self, variables: &[Variable]) -> Result<Resolved, Error> {
        let mut resolved = Resolved { today: self.today.clone(), ..Resolved::default() };
        let mut problems = Vec::new();
        for var in variables {
            let pick = self
                .get(&var.name)
                .map(|(v, s, via)| (v.to_string(), s, via.to_string()))
                .or_else(|| var.default.clone().map(|d| (d, ValueSource::Default, "default".to_string())));
            match pick.map(|(v, s, via)| (clean(&v), s, via)) {
                Some((v, s, via)) if !v.is_empty() => match check_value(var, &v, self.today.as_ref()) {
                    Checked::Refused(reason) => problems.push(format!("{via}: `{}` = {v:?}: {reason}", var.name)),
                    Checked::Blank => resolved.blanks.push(var.name.clone()),
                    Checked::Accepted(v, warnings) => {
                        if s != ValueSource::Default {
                            resolved.warnings.extend(warnings);
                        }
                        resolved.values.insert(var.name.clone(), v);
                        resolved.sources.insert(var.name.clone(), s);
                    }
                },
                _ if is_in_call(var) => resolved.blanks.push(var.name.clone()),
                _ => resolved.missing.push(var.name.clone()),
            }
        }
        if problems.is_empty() {
            Ok(resolved)
        } else {
            Err(Error::usage(problems.join("\n")))
        }
    }
}

impl Resolved {
    /// With an `asker`, offers every before-call variable that is missing or only has its default
    /// (pre-filled with it), in declaration order, with a way back to the previous one; nothing
    /// is missing afterwards. In-call variables are never asked. Without an asker (`--no-input`,
    /// no terminal) defaults stand and `missing` is left for the caller to report.
    pub fn ask_missing(&mut self, variables: &[Variable], asker: Option<&mut dyn Asker>) -> Result<(), Error> {
        let Some(asker) = asker else {
            return Ok(());
        };
        let unsettled: Vec<&Variable> = variables
            .iter()
            .filter(|v| !is_in_call(v))
            // Left blank on purpose (`-` at the interview's name question): asking again would
            // make the rep say it twice.
            .filter(|v| !self.blanks.contains(&v.name))
            .filter(|v| {
                self.missing.contains(&v.name) || self.sources.get(&v.name).is_none_or(|s| *s == ValueSource::Default)
            })
            .collect();
        let mut i = 0;
        while let Some(var) = unsettled.get(i) {
            let question = ValueQuestion {
                variable: var,
                frame: frame_text(var, &self.values),
                initial: self.values.get(&var.name).cloned(),
                can_go_back: i > 0,
                today: self.today.as_ref(),
            };
            match asker.ask(&question)? {
                ValueAnswer::Back if i > 0 => i -= 1,
                ValueAnswer::Back => {}
                ValueAnswer::Value(typed) => {
                    self.warnings.retain(|w| w.name != var.name);
                    self.blanks.retain(|b| b != &var.name);
                    match check_value(var, &typed, self.today.as_ref()) {
                        Checked::Accepted(value, warnings) => {
                            self.warnings.extend(warnings);
                            self.values.insert(var.name.clone(), value);
                            self.sources.insert(var.name.clone(), ValueSource::Prompt);
                        }
                        Checked::Blank => {
                            self.values.remove(&var.name);
                            self.sources.remove(&var.name);
                            self.blanks.push(var.name.clone());
                        }
                        Checked::Refused(_) => {
                            return Err(Error::usage(format!("`{}`: the prompt returned a refused value", var.name)));
                        }
                    }
                    i += 1;
                }
            }
        }
        self.missing.clear();
        Ok(())
    }
}

/// Characters that mark a blank inside rendered words (see [`crate::format::document`]); a
/// value can never contain them, so a typed value can never fake a blank.
const MARKERS: [char; 2] = [crate::format::document::BLANK_OPEN, crate::format::document::BLANK_CLOSE];

/// Makes a value safe to show anywhere: line breaks become spaces, other control characters are
/// dropped, so a value can never inject a terminal escape sequence or break the layout.
pub fn clean(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '\r' | '\n' | '\t' => out.push(' '),
            c if c.is_control() || MARKERS.contains(&c) => {}
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

    /// Every "but" of a typed value is flagged once: the lint's contrastive ones with its fix, the
    /// ones it lets pass in writing ("but also", "all but") because they are still spoken.
    #[test]
    fn every_spoken_but_of_a_value_is_flagged_once() {
        let warned = |value: &str| -> Vec<(String, Option<String>)> {
            lint_value("v", value).into_iter().map(|w| (w.matched, w.fix)).collect()
        };
        let reword = Some("reword it without \"but\"".to_string());
        assert_eq!(warned("you not only hit the date but also cut the cost"), [("but".to_string(), reword.clone())]);
        assert_eq!(warned("all BUT one page"), [("BUT".to_string(), reword.clone())]);
        assert_eq!(warned("done\nlast but not least, the demo"), [("but".to_string(), reword)]);
        let contrast = warned("a launch, but in spring");
        assert_eq!(contrast.len(), 1, "{contrast:?}");
        assert_eq!(contrast[0].1.as_deref(), Some("write `and` instead of `but`"));
        assert!(warned("the button and the attribute, rebut, but-end").is_empty());
    }

    /// A value is linted by what its variable is for: a "what happened, in plain facts" value may
    /// tell a failure without a doer (what its prompt asks for), any other may not; blame is
    /// flagged in both.
    #[test]
    fn a_plain_facts_value_is_not_warned_for_having_no_doer() {
        let facts: Variable = toml::from_str(
            "name = \"what_happened\"\nprompt = \"What happened, in plain facts and without naming a culprit\"",
        )
        .expect("a variable");
        let other = var("fix", None);
        let rules = |v: &Variable, value: &str| -> Vec<String> {
            match check_value(v, value, None) {
                Checked::Accepted(_, warnings) => warnings.into_iter().map(|w| w.rule).collect(),
                _ => panic!("accepted"),
            }
        };
        let no_doer = "the order was lost in transit";
        assert!(rules(&other, no_doer).iter().any(|r| r == "evasion"), "{:?}", rules(&other, no_doer));
        assert!(rules(&facts, no_doer).is_empty(), "{:?}", rules(&facts, no_doer));
        assert!(!rules(&facts, "the carrier dropped the ball").is_empty());
    }

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
        let r = given.resolve(&[var("client", None), var("company", None), var("deal", Some("the deal"))]).expect("ok");
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
        let r = given.resolve(&[var("client", None), var("goal", None), var("date", None)]).expect("ok");
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
        let r = given.resolve(&[var("client", None), var("company", None)]).expect("ok");
        assert_eq!(r.missing, vec!["client"]);
        assert_eq!(r.values["company"], "A[31mB C");
    }

    struct Scripted(Vec<&'static str>, Vec<String>);

    impl Asker for Scripted {
        fn ask(&mut self, q: &ValueQuestion<'_>) -> Result<ValueAnswer, Error> {
            self.1.push(format!("{}{}", q.variable.name, if q.can_go_back { "" } else { " (first)" }));
            loop {
                let typed = self.0.remove(0);
                if typed == "<" {
                    return Ok(ValueAnswer::Back);
                }
                // A refused value is retyped, as the terminal prompt does.
                if !matches!(q.check(typed), Checked::Refused(_)) {
                    return Ok(ValueAnswer::Value(typed.to_string()));
                }
            }
        }
    }

    fn typed(name: &str, kind: &str, known: &str) -> Variable {
        toml::from_str(&format!("name = {name:?}\nprompt = \"p\"\nkind = {kind:?}\nknown = {known:?}\n"))
            .expect("a variable")
    }

    #[test]
    fn asking_offers_missing_and_defaulted_values_only() {
        let mut given = ValueStore::default();
        given.add(ValueSource::Flag, "--set", pairs(&[("client", "Dana")]));
        let vars = [var("client", None), var("deal", Some("the deal")), var("date", None)];
        let mut r = given.resolve(&vars).expect("ok");
        let mut asker = Scripted(vec!["the renewal", " Friday\n"], Vec::new());
        r.ask_missing(&vars, Some(&mut asker)).expect("asked");
        assert_eq!(asker.1, ["deal (first)", "date"]);
        assert_eq!(r.values["date"], "Friday");
        assert_eq!(r.sources["deal"], ValueSource::Prompt);
        assert!(r.missing.is_empty());
        let mut r = given.resolve(&vars).expect("ok");
        r.ask_missing(&vars, None).expect("nobody to ask");
        assert_eq!(r.missing, ["date"]);
    }

    #[test]
    fn in_call_values_are_blanks_never_asked_nor_missing() {
        let vars = [typed("client", "person", "before-call"), typed("what_they_said", "clause", "in-call")];
        let mut r = ValueStore::default().resolve(&vars).expect("ok");
        assert_eq!(
            (r.missing.as_slice(), r.blanks.as_slice()),
            (&["client".to_string()][..], &["what_they_said".to_string()][..])
        );
        let mut asker = Scripted(vec!["?", "Dana"], Vec::new());
        r.ask_missing(&vars, Some(&mut asker)).expect("asked");
        assert_eq!(asker.1, ["client (first)"], "the in-call value is not asked");
        assert_eq!(r.values["client"], "Dana");
        let mut given = ValueStore::default();
        given.add(ValueSource::Flag, "--set", pairs(&[("what_they_said", "the invoices were late")]));
        let r = given.resolve(&vars).expect("ok");
        assert!(r.blanks.is_empty() && r.values["what_they_said"] == "the invoices were late");
    }

    /// `-` leaves a value a visible blank, whether given in a flag or typed at the prompt; going
    /// back and typing a value fills it again. Never a refusal, never a lint warning.
    #[test]
    fn a_dash_leaves_a_visible_blank() {
        let vars = [typed("client", "person", "before-call"), typed("goal", "noun-phrase", "before-call")];
        let mut given = ValueStore::default();
        given.add(ValueSource::Flag, "--set", pairs(&[("client", " - "), ("goal", "a calmer quarter")]));
        let r = given.resolve(&vars).expect("`-` is not refused");
        assert_eq!((r.blanks.as_slice(), r.missing.as_slice()), (&["client".to_string()][..], &[][..]));
        assert!(!r.values.contains_key("client") && r.warnings.is_empty());

        let mut r = ValueStore::default().resolve(&vars).expect("ok");
        let mut asker = Scripted(vec!["-", "-"], Vec::new());
        r.ask_missing(&vars, Some(&mut asker)).expect("asked");
        assert_eq!(r.blanks, ["client", "goal"]);
        assert!(r.values.is_empty() && r.missing.is_empty());

        let mut r = ValueStore::default().resolve(&vars).expect("ok");
        let mut asker = Scripted(vec!["-", "<", "Dana", "-"], Vec::new());
        r.ask_missing(&vars, Some(&mut asker)).expect("asked");
        assert_eq!(asker.1, ["client (first)", "goal", "client (first)", "goal"]);
        assert_eq!((r.values["client"].as_str(), r.blanks.as_slice()), ("Dana", &["goal".to_string()][..]));

        // Left blank already (`-` at the interview's name question): not asked a second time.
        let mut r = given.resolve(&vars).expect("ok");
        let mut asker = Scripted(Vec::new(), Vec::new());
        r.ask_missing(&vars, Some(&mut asker)).expect("nothing to ask");
        assert!(asker.1.is_empty(), "{:?}", asker.1);
        assert_eq!(r.blanks, ["client"]);
    }

    #[test]
    fn going_back_reasks_the_previous_value() {
        let vars = [typed("client", "person", "before-call"), typed("date", "date", "before-call")];
        let mut r = ValueStore::default().resolve(&vars).expect("ok");
        let mut asker = Scripted(vec!["Dana", "<", "Theo", "Friday"], Vec::new());
        r.ask_missing(&vars, Some(&mut asker)).expect("asked");
        assert_eq!(asker.1, ["client (first)", "date", "client (first)", "date"]);
        assert_eq!(r.values["client"], "Theo");
    }

    #[test]
    fn a_refused_kind_names_the_value_and_where_it_came_from_and_lint_warns() {
        let vars = [typed("client", "person", "before-call"), typed("cause", "clause", "before-call")];
        let mut given = ValueStore::default();
        given.add(ValueSource::Env, "environment", pairs(&[("client", "?")]));
        let err = given.resolve(&vars).expect_err("a placeholder is refused");
        assert!(err.to_string().contains("environment: `client` = \"?\""), "{err}");
        let mut given = ValueStore::default();
        given.add(
            ValueSource::Flag,
            "--set",
            pairs(&[("client", "Dana"), ("cause", "the vendor's API broke, but it's not our fault.")]),
        );
        let r = given.resolve(&vars).expect("a lint finding is not a refusal");
        assert_eq!(r.values["cause"], "the vendor's API broke, but it's not our fault");
        assert!(r.warnings.iter().any(|w| w.name == "cause" && w.rule.contains("but")), "{:?}", r.warnings);
    }

    #[test]
    fn frames_and_blank_labels_fill_known_values() {
        let mut v: Variable = toml::from_str(
            "name = \"promise\"\nprompt = \"p\"\nframe = \"I promised you ____ by {{deadline}}.\"\nblank = \"what {{client}} tells you\"\n",
        )
        .expect("var");
        let values: BTreeMap<String, String> = [("client".to_string(), "Tom".to_string())].into();
        assert_eq!(frame_text(&v, &values).as_deref(), Some("I promised you ____ by [deadline]."));
        assert_eq!(blank_label(&v, &values), "what Tom tells you");
        v.blank = None;
        v.name = "what_they_said".into();
        assert_eq!(blank_label(&v, &values), "what they said");
        assert_eq!(clean("a\u{E000}b\u{E001}"), "ab", "a value can never fake a blank");
    }

    #[test]
    fn pairs_are_key_equals_value() {
        assert_eq!(parse_pair("client= Dana ", "--set", "KEY", "h").expect("ok"), ("client".into(), "Dana".into()));
        let err = parse_pair("=x", "--set", "KEY", "write it as `--set client=Dana`").expect_err("no key");
        assert_eq!(err.to_string(), "`--set =x` is not KEY=VALUE");
    }
}
