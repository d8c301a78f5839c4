//! The rule file format (TOML) and its compilation into a phrase search.
//!
//! Rules are data so that coaches can add or tune them without touching the scanner. A file is read
//! into loose `Raw*` types that keep TOML spans, checked into [`RuleFile`], and several files (the
//! embedded defaults, then the user's) are merged by id and compiled by [`Rules::compile`] into the
//! anchor filter (`super::anchor`, run over every byte) and its index of the phrases by key (read
//! only on the lines that pass); or, for a few short strings, into an ASCII-case-insensitive
//! Aho-Corasick DFA of the phrase starts. Either way the leftmost-longest phrase matches are picked
//! from every whole-word occurrence. Everything the scanner needs per hit is one table look-up away
//! from a phrase's index.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::ops::Range;
use std::sync::Arc;

use super::anchor::Anchors;
use super::boundary::is_whole_word;
use super::frame::{FrameSpec, Frames};
use crate::diagnostic::{suggest_or_list, Diagnostic, Locator};
use aho_corasick::dfa::DFA;
use aho_corasick::MatchKind;
use serde::Deserialize;
use toml::Spanned;

/// The embedded default rules.
const BUILTIN_TOML: &str = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/lint/rules.toml"));

/// The origin name used for the embedded rules in error messages.
pub const BUILTIN_ORIGIN: &str = "<built-in lint/rules.toml>";

/// Most phrases one `{a|b}` pattern may expand to: a typo should not build a giant automaton.
const MAX_EXPANSIONS: usize = 4096;

/// Most phrases (after `{a|b}` expansion) all the rule files of a run may hold together. The
/// phrase search is built at every start, in time and memory about proportional to the phrases; this
/// keeps a hostile or mistaken library file from stalling `mend lint` (the built-in rules use a
/// third of it).
pub const MAX_PHRASES: usize = 50_000;

/// An error in a rule file, or in the list of rules to switch off: a [`Diagnostic`] whose `key`
/// is the offending key (or rule id), located when it is tied to a place in a file.
pub type RuleError = Diagnostic;

/// Which built-in check decides whether a hit is used in the sense the rule is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sense {
    /// Every hit counts.
    Any,
    /// "but" as a contrast; not "not only ... but", "not X but Y", "but for".
    ContrastiveBut,
    /// "however" followed by punctuation (a contrast), not "however you like".
    ContrastiveHowever,
    /// "yet" after a comma, "and", or opening a sentence; not "not yet" or "yet to".
    ContrastiveYet,
    /// The hit names someone or something (a carrier, a colleague, a system, the client's team)
    /// and its sentence makes it the cause of a failure ("the carrier held it up"); not when the
    /// sentence reports a fix, owns the fault, or is a question or a condition.
    CausedFailure,
    /// The hit is a failure told without anyone doing it ("the order was lost"); not when the
    /// doer is named right after ("by us") or the sentence owns the fault.
    HiddenActor,
    /// The hit states a limit ("the rules don't allow it") and its sentence does not go on to
    /// commit the writer to act ("so I have asked our director").
    NoCommitment,
}

impl Sense {
    const NAMES: [(&'static str, Sense); 7] = [
        ("any", Sense::Any),
        ("contrastive-but", Sense::ContrastiveBut),
        ("contrastive-however", Sense::ContrastiveHowever),
        ("contrastive-yet", Sense::ContrastiveYet),
        ("caused-failure", Sense::CausedFailure),
        ("hidden-actor", Sense::HiddenActor),
        ("no-commitment", Sense::NoCommitment),
    ];

    fn parse(name: &str) -> Option<Sense> {
        Self::NAMES.iter().find(|(n, _)| *n == name).map(|(_, s)| *s)
    }
}

/// Where a hit sits, as far as punctuation goes; a fix may be limited to some positions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Position {
    /// First word of a sentence (after `.`, `!`, `?`, a blank line or the start of the text).
    SentenceStart,
    /// Right after a comma.
    AfterComma,
    /// Right after a semicolon.
    AfterSemicolon,
    /// Anywhere else.
    Other,
}

/// Positions where a trigger's `fix` is safe.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FixAt {
    /// Everywhere.
    Anywhere,
    /// Only as the first word of a sentence.
    SentenceStart,
    /// Only right after a comma.
    AfterComma,
}

impl FixAt {
    const NAMES: [(&'static str, FixAt); 3] =
        [("anywhere", FixAt::Anywhere), ("sentence-start", FixAt::SentenceStart), ("after-comma", FixAt::AfterComma)];

    fn parse(name: &str) -> Option<FixAt> {
        Self::NAMES.iter().find(|(n, _)| *n == name).map(|(_, s)| *s)
    }

    pub(crate) fn allows(self, position: Position) -> bool {
        match self {
            FixAt::Anywhere => true,
            FixAt::SentenceStart => position == Position::SentenceStart,
            FixAt::AfterComma => position == Position::AfterComma,
        }
    }
}

/// One set of phrases sharing a sense check, exceptions and fix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Trigger {
    /// The phrase patterns as written, `{a|b}` alternatives and all.
    pub patterns: Vec<String>,
    /// Phrases after `{a|b}` expansion, whitespace-normalised (see [`RuleFile::narrowed_to`] for
    /// a file whose triggers hold only some of them).
    pub phrases: Vec<String>,
    pub sense: Sense,
    /// Word sequences (lower case) that, right before the hit, make it no finding.
    pub not_after: Vec<Vec<String>>,
    /// Word sequences (lower case) that, right after the hit, make it no finding.
    pub not_before: Vec<Vec<String>>,
    pub suggestion: Option<Arc<str>>,
    pub fix: Option<String>,
    pub fix_at: Vec<FixAt>,
}

/// One rule: an id, a coaching message and its triggers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rule {
    /// Shared with every [`super::Finding`] of the rule, as are `message` and `suggestion`: a
    /// finding costs no copy of them.
    pub id: Arc<str>,
    /// The family of defensive language the rule belongs to (`blame`, `non-apology`, ...), for
    /// reports and scoring; the id when the file does not say.
    pub family: String,
    pub message: Arc<str>,
    pub suggestion: Option<Arc<str>>,
    pub triggers: Vec<Trigger>,
    /// Sentence frames over word classes (`super::frame`), reported as this rule.
    pub frames: Vec<FrameSpec>,
}

/// The parsed rules of one TOML file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleFile {
    /// Where the rules came from, for error messages.
    pub origin: String,
    pub rules: Vec<Rule>,
    /// Word classes for frames, by name (`[classes]`); a later file's class replaces an earlier one.
    pub classes: BTreeMap<String, Vec<String>>,
}

#[derive(Deserialize, Clone)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(default)]
    rule: Vec<Spanned<RawRule>>,
    #[serde(default)]
    classes: BTreeMap<String, Vec<String>>,
}

#[derive(Deserialize, Clone)]
#[serde(deny_unknown_fields)]
struct RawRule {
    id: Spanned<String>,
    family: Option<Spanned<String>>,
    message: Spanned<String>,
    suggestion: Option<String>,
    phrases: Option<Spanned<Vec<Spanned<String>>>>,
    not_after: Option<Vec<Spanned<String>>>,
    not_before: Option<Vec<Spanned<String>>>,
    fix: Option<Spanned<String>>,
    fix_at: Option<Vec<Spanned<String>>>,
    #[serde(default)]
    trigger: Vec<Spanned<RawTrigger>>,
    #[serde(default)]
    frame: Vec<Spanned<RawFrame>>,
}

#[derive(Deserialize, Clone)]
#[serde(deny_unknown_fields)]
struct RawFrame {
    pattern: String,
    #[serde(default)]
    unless: Vec<String>,
    #[serde(default)]
    examples: Vec<String>,
    #[serde(default)]
    counterexamples: Vec<String>,
}

#[derive(Deserialize, Clone)]
#[serde(deny_unknown_fields)]
struct RawTrigger {
    phrases: Spanned<Vec<Spanned<String>>>,
    sense: Option<Spanned<String>>,
    not_after: Option<Vec<Spanned<String>>>,
    not_before: Option<Vec<Spanned<String>>>,
    suggestion: Option<String>,
    fix: Option<Spanned<String>>,
    fix_at: Option<Vec<Spanned<String>>>,
}

/// Parses one rule file. `origin` names it in errors.
pub fn parse_rules(origin: &str, toml_text: &str) -> Result<RuleFile, RuleError> {
    let loc = Locator::new(origin, toml_text);
    check_file(&loc, read_raw(&loc, toml_text)?, true)
}

/// Reads the TOML of a rule file into the loose `Raw*` types.
fn read_raw(loc: &Locator<'_>, toml_text: &str) -> Result<RawFile, RuleError> {
    toml::from_str(toml_text).map_err(|e| {
        let message = e.message().trim().to_string();
        let key = backticked(&message).unwrap_or_else(|| "rule".to_string());
        let hint = if message.contains("unknown field") {
            Some("see lint/README.md for the keys a rule may have".to_string())
        } else {
            Some("check the TOML syntax near this place".to_string())
        };
        loc.at(e.span().unwrap_or(0..0), &key, message, hint)
    })
}

/// Checks a read rule file into a [`RuleFile`]. Without `expand_phrases`, the triggers keep their
/// patterns and have no phrases yet (see [`RuleFile::narrowed_to`]).
fn check_file(loc: &Locator<'_>, raw: RawFile, expand_phrases: bool) -> Result<RuleFile, RuleError> {
    let origin = loc.file;
    let mut rules = Vec::with_capacity(raw.rule.len());
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut total = 0;
    for raw_rule in raw.rule {
        let rule_span = raw_rule.span();
        let raw_rule = raw_rule.into_inner();
        let id = raw_rule.id.get_ref().trim().to_string();
        if id.is_empty() || !id.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-') {
            return Err(loc.at(
                raw_rule.id.span(),
                "id",
                format!("rule id {id:?} is not kebab-case"),
                Some("use lower-case letters, digits and `-`, e.g. `blame-shift`".to_string()),
            ));
        }
        if let Some(first_line) = seen.insert(id.clone(), rule_span.start) {
            let (first, _) = loc.position(first_line);
            return Err(loc.at(
                raw_rule.id.span(),
                "id",
                format!("rule `{id}` is defined twice in this file"),
                Some(format!("the first definition is on line {first}")),
            ));
        }
        if raw_rule.message.get_ref().trim().is_empty() {
            return Err(loc.at(
                raw_rule.message.span(),
                "message",
                format!("rule `{id}` has an empty message"),
                Some("say, in coaching terms, why this hurts the relationship".to_string()),
            ));
        }
        let mut triggers = Vec::new();
        if let Some(phrases) = raw_rule.phrases {
            triggers.push(check_trigger(
                loc,
                RawTrigger {
                    phrases,
                    sense: None,
                    not_after: raw_rule.not_after,
                    not_before: raw_rule.not_before,
                    suggestion: None,
                    fix: raw_rule.fix,
                    fix_at: raw_rule.fix_at,
                },
                &mut total,
                expand_phrases,
            )?);
        } else if raw_rule.not_after.is_some()
            || raw_rule.not_before.is_some()
            || raw_rule.fix.is_some()
            || raw_rule.fix_at.is_some()
        {
            return Err(loc.at(
                rule_span,
                "phrases",
                format!("rule `{id}` sets `not_after`, `not_before`, `fix` or `fix_at` without `phrases`"),
                Some("put them inside the `[[rule.trigger]]` they belong to".to_string()),
            ));
        }
        for trigger in raw_rule.trigger {
            triggers.push(check_trigger(loc, trigger.into_inner(), &mut total, expand_phrases)?);
        }
        let frames: Vec<FrameSpec> = raw_rule
            .frame
            .into_iter()
            .map(|f| {
                let f = f.into_inner();
                FrameSpec {
                    pattern: f.pattern,
                    unless: f.unless,
                    examples: f.examples,
                    counterexamples: f.counterexamples,
                }
            })
            .collect();
        if triggers.is_empty() && frames.is_empty() {
            return Err(loc.at(
                rule_span,
                "phrases",
                format!("rule `{id}` has no phrases"),
                Some("add `phrases = [\"...\"]` or a `[[rule.trigger]]` table".to_string()),
            ));
        }
        let family = match raw_rule.family {
            None => id.clone(),
            Some(f) => {
                let name = f.get_ref().trim().to_string();
                if name.is_empty() || !name.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-') {
                    return Err(loc.at(
                        f.span(),
                        "family",
                        format!("family {name:?} is not kebab-case"),
                        Some("use lower-case letters, digits and `-`, e.g. `non-apology`".to_string()),
                    ));
                }
                name
            }
        };
        rules.push(Rule {
            family,
            id: id.into(),
            message: raw_rule.message.into_inner().trim().into(),
            suggestion: raw_rule.suggestion.map(Arc::from),
            triggers,
            frames,
        });
    }
    Ok(RuleFile { origin: origin.to_string(), rules, classes: raw.classes })
}

/// Which phrases can occur in one short text, decided before and while `{a|b}` patterns are
/// expanded.
///
/// A phrase matches where the text holds it (ASCII case folded, `’` read as `'`, as the matcher
/// does). So a pattern can only match if the text holds each word written outside its braces and,
/// for each `{a|b}`, the words of one alternative (or the alternative is empty); and a partly
/// expanded phrase the text does not hold cannot grow into one it does. Linting a typed value
/// this way builds a handful of phrases instead of twenty thousand, and finds exactly what the
/// full rules find (a test compares the two on both corpora).
struct PhraseFilter {
    folded: String,
}

impl PhraseFilter {
    fn new(text: &str) -> Self {
        // Folding maps UTF-8 to UTF-8 (ASCII case, `’` to `'`).
        let folded = String::from_utf8(folded_bytes(text).collect())
            .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
        PhraseFilter { folded }
    }

    /// Whether the text holds `needle`, compared folded. The needle is folded once and found
    /// with the standard library's substring search: comparing it at every byte of the text took
    /// 70% of linting a 1.5 KB email (45M instructions, a few thousand needles).
    fn has(&self, needle: &[u8]) -> bool {
        if needle.is_empty() {
            return true;
        }
        let folded: Vec<u8> = if needle.contains(&0xE2) {
            folded_bytes(&String::from_utf8_lossy(needle)).collect()
        } else {
            needle.to_ascii_lowercase()
        };
        // A needle cut inside a character cannot be compared as text: let it through.
        std::str::from_utf8(&folded).map_or(true, |n| self.folded.contains(n))
    }

    /// Whether the text holds every word of `words`.
    fn has_words(&self, words: &[u8]) -> bool {
        words.split(u8::is_ascii_whitespace).all(|w| self.has(w))
    }

    /// The quick test above, on a pattern as written. A malformed pattern is let through, so
    /// that expanding it reports the error.
    fn may_hold(&self, pattern: &str) -> bool {
        let bytes = pattern.as_bytes();
        let mut at = 0;
        while at < bytes.len() {
            let next = |byte: u8| bytes[at..].iter().position(|&b| b == byte).map(|i| at + i);
            if bytes[at] == b'{' {
                let Some(close) = next(b'}') else { return true };
                let inner = &bytes[at + 1..close];
                if inner.contains(&b'{') {
                    return true;
                }
                if !inner.split(|&b| b == b'|').any(|alt| self.has_words(alt)) {
                    return false;
                }
                at = close + 1;
            } else {
                let end = next(b'{').unwrap_or(bytes.len());
                if !self.has_words(&bytes[at..end]) {
                    return false;
                }
                at = end;
            }
        }
        true
    }

    /// Whether the text holds `partial` (whitespace-normalised, as phrases are), so that some
    /// expansion of it may still occur.
    fn holds(&self, partial: &str) -> bool {
        let mut normal = String::with_capacity(partial.len());
        for word in partial.split_whitespace() {
            if !normal.is_empty() {
                normal.push(' ');
            }
            normal.push_str(word);
        }
        self.has(normal.as_bytes())
    }
}

/// The bytes of `text` as the phrase matcher compares them: ASCII letters in lower case, `’` as `'`.
fn folded_bytes(text: &str) -> impl Iterator<Item = u8> + '_ {
    text.split('\u{2019}').enumerate().flat_map(|(i, piece)| {
        (i > 0).then_some(b'\'').into_iter().chain(piece.bytes().map(|b| b.to_ascii_lowercase()))
    })
}

/// Checks one trigger; `total` counts the phrases of the file so far, against [`MAX_PHRASES`].
/// Without `expand_phrases`, the patterns are kept unexpanded (see [`RuleFile::narrowed_to`]).
fn check_trigger(
    loc: &Locator<'_>,
    raw: RawTrigger,
    total: &mut usize,
    expand_phrases: bool,
) -> Result<Trigger, RuleError> {
    let phrases_span = raw.phrases.span();
    let mut phrases = Vec::new();
    let mut patterns = Vec::new();
    // A set, not `phrases.contains`: de-duplicating must stay linear in the number of phrases.
    let mut seen = std::collections::HashSet::new();
    for phrase in raw.phrases.into_inner() {
        patterns.push(phrase.get_ref().clone());
        if !expand_phrases {
            continue;
        }
        let expanded = expand(phrase.get_ref(), None).map_err(|message| {
            loc.at(
                phrase.span(),
                "phrases",
                message,
                Some("write alternatives as `{a|b|c}`; an empty one makes the part optional".into()),
            )
        })?;
        for p in expanded {
            if p.is_empty() {
                return Err(loc.at(phrase.span(), "phrases", "a phrase is empty".to_string(), None));
            }
            if seen.insert(p.clone()) {
                phrases.push(p);
                *total += 1;
                if *total > MAX_PHRASES {
                    return Err(loc.at(
                        phrase.span(),
                        "phrases",
                        format!("this file expands to more than {MAX_PHRASES} phrases, the limit"),
                        Some("use fewer `{a|b}` alternatives, or split the rule's work among fewer phrases".into()),
                    ));
                }
            }
        }
    }
    if patterns.is_empty() || (expand_phrases && phrases.is_empty()) {
        return Err(loc.at(
            phrases_span,
            "phrases",
            "`phrases` is empty".to_string(),
            Some("list at least one word or phrase".to_string()),
        ));
    }
    let sense = match &raw.sense {
        None => Sense::Any,
        Some(name) => Sense::parse(name.get_ref()).ok_or_else(|| {
            let names: Vec<&str> = Sense::NAMES.iter().map(|(n, _)| *n).collect();
            loc.at(
                name.span(),
                "sense",
                format!("unknown sense {:?}", name.get_ref()),
                Some(suggest_or_list(name.get_ref(), &names)),
            )
        })?,
    };
    let fix_at = match raw.fix_at {
        None => vec![FixAt::Anywhere],
        Some(list) => {
            let mut out = Vec::new();
            for name in list {
                out.push(FixAt::parse(name.get_ref()).ok_or_else(|| {
                    let names: Vec<&str> = FixAt::NAMES.iter().map(|(n, _)| *n).collect();
                    loc.at(
                        name.span(),
                        "fix_at",
                        format!("unknown position {:?}", name.get_ref()),
                        Some(suggest_or_list(name.get_ref(), &names)),
                    )
                })?);
            }
            if raw.fix.is_none() {
                return Err(loc.at(
                    phrases_span,
                    "fix_at",
                    "`fix_at` is set but there is no `fix`".to_string(),
                    Some("add `fix = \"...\"`, or remove `fix_at`".to_string()),
                ));
            }
            out
        }
    };
    Ok(Trigger {
        patterns,
        phrases,
        sense,
        not_after: word_lists(raw.not_after),
        not_before: word_lists(raw.not_before),
        suggestion: raw.suggestion.map(Arc::from),
        fix: raw.fix.map(Spanned::into_inner),
        fix_at,
    })
}

fn word_lists(list: Option<Vec<Spanned<String>>>) -> Vec<Vec<String>> {
    list.unwrap_or_default()
        .into_iter()
        .map(|s| s.get_ref().split_whitespace().map(|w| w.to_lowercase().replace('\u{2019}', "'")).collect::<Vec<_>>())
        .filter(|words| !words.is_empty())
        .collect()
}

/// Expands `{a|b}` alternatives and normalises whitespace: `"{it|this} was"` → `["it was", "this was"]`.
/// With a `filter`, expansions its text does not hold are dropped as soon as they are known not to.
fn expand(pattern: &str, filter: Option<&PhraseFilter>) -> Result<Vec<String>, String> {
    let keep = |results: &mut Vec<String>| {
        if let Some(f) = filter {
            results.retain(|r| f.holds(r));
        }
    };
    let mut results = vec![String::new()];
    let mut rest = pattern;
    while !rest.is_empty() {
        match rest.find(['{', '}']) {
            Some(i) if rest.as_bytes()[i] == b'}' => {
                return Err(format!("unmatched `}}` in phrase {pattern:?}"));
            }
            Some(open) => {
                let literal = &rest[..open];
                let close = rest[open..]
                    .find('}')
                    .map(|c| open + c)
                    .ok_or_else(|| format!("unclosed `{{` in phrase {pattern:?}"))?;
                let inner = &rest[open + 1..close];
                if inner.contains('{') {
                    return Err(format!("nested `{{` in phrase {pattern:?}"));
                }
                let mut next = Vec::new();
                for r in &results {
                    for alt in inner.split('|') {
                        let mut phrase = String::with_capacity(r.len() + literal.len() + alt.len());
                        phrase.push_str(r);
                        phrase.push_str(literal);
                        phrase.push_str(alt);
                        next.push(phrase);
                    }
                }
                if next.len() > MAX_EXPANSIONS {
                    return Err(format!("phrase {pattern:?} expands to more than {MAX_EXPANSIONS} phrases"));
                }
                results = next;
                keep(&mut results);
                rest = &rest[close + 1..];
            }
            None => {
                for r in &mut results {
                    r.push_str(rest);
                }
                keep(&mut results);
                rest = "";
            }
        }
    }
    Ok(results.into_iter().map(|p| p.split_whitespace().collect::<Vec<_>>().join(" ")).collect())
}

fn backticked(message: &str) -> Option<String> {
    let start = message.find('`')? + 1;
    let len = message[start..].find('`')?;
    Some(message[start..start + len].to_string())
}

/// The parsed embedded `lint/rules.toml`.
///
/// # Panics
/// Only if the embedded file is broken, which a unit test rules out.
pub fn builtin_rules() -> RuleFile {
    match parse_rules(BUILTIN_ORIGIN, BUILTIN_TOML) {
        Ok(file) => file,
        Err(e) => panic!("the embedded lint rules are broken: {e}"),
    }
}

/// The embedded rules with only the phrases that occur in `text` (see [`RuleFile::narrowed_to`]):
/// what linting one typed value needs, at a small fraction of the cost of all the phrases. The
/// TOML is read and checked once per run.
///
/// # Panics
/// Only if the embedded file is broken, which a unit test rules out.
pub fn builtin_rules_for(text: &str) -> RuleFile {
    static UNEXPANDED: std::sync::OnceLock<RuleFile> = std::sync::OnceLock::new();
    UNEXPANDED
        .get_or_init(|| {
            let loc = Locator::new(BUILTIN_ORIGIN, BUILTIN_TOML);
            match read_raw(&loc, BUILTIN_TOML).and_then(|raw| check_file(&loc, raw, false)) {
                Ok(file) => file,
                Err(e) => panic!("the embedded lint rules are broken: {e}"),
            }
        })
        .narrowed_to(text)
}

impl RuleFile {
    /// This file with each trigger's phrases narrowed to those `text` holds, expanded from the
    /// patterns while the expansion can still occur there (see [`PhraseFilter`]). Rules and
    /// triggers are all kept, in order, so linting `text` with it finds exactly what the whole
    /// file finds (a test compares the two on both corpora).
    pub fn narrowed_to(&self, text: &str) -> RuleFile {
        let filter = PhraseFilter::new(text);
        let rules = self
            .rules
            .iter()
            .map(|rule| Rule {
                triggers: rule
                    .triggers
                    .iter()
                    .map(|trigger| Trigger {
                        phrases: trigger
                            .patterns
                            .iter()
                            .filter(|p| filter.may_hold(p))
                            // Every pattern of a checked file expands (the embedded one is read in
                            // full by a unit test).
                            .flat_map(|p| expand(p, Some(&filter)).unwrap_or_default())
                            .collect(),
                        // The narrowed file is compiled, never narrowed again.
                        patterns: Vec::new(),
                        sense: trigger.sense,
                        not_after: trigger.not_after.clone(),
                        not_before: trigger.not_before.clone(),
                        suggestion: trigger.suggestion.clone(),
                        fix: trigger.fix.clone(),
                        fix_at: trigger.fix_at.clone(),
                    })
                    .collect(),
                id: rule.id.clone(),
                family: rule.family.clone(),
                message: rule.message.clone(),
                suggestion: rule.suggestion.clone(),
                frames: rule.frames.clone(),
            })
            .collect();
        RuleFile { origin: self.origin.clone(), rules, classes: self.classes.clone() }
    }
}

/// What the scanner needs to know about one automaton pattern.
#[derive(Debug, Clone, Copy)]
pub(crate) struct PatternInfo {
    pub rule: usize,
    pub trigger: usize,
}

/// Bytes of each phrase the prefix DFA of [`Search::Prefixes`] holds. `{a|b}` expansion gives tens of thousands of
/// phrases; a DFA over all of them takes about 90 MB and half a second to build at every start,
/// while their distinct 10-byte prefixes number a few thousand and make a DFA of a few hundred
/// kilobytes. A line holding a phrase holds its prefix, so no line is missed.
const PREFIX: usize = 10;

/// Compiled rules: the phrase search (see [`Search`]), every phrase, and the rule table.
#[derive(Debug, Clone)]
pub struct Rules {
    search: Search,
    /// Every phrase (and apostrophe variant), by pattern index.
    phrases: Vec<String>,
    pub(crate) patterns: Vec<PatternInfo>,
    /// Phrases from this index on are frame anchors (`Frames::anchor_words`): they only make the
    /// filter read their lines, and are never reported.
    reported: usize,
    /// Shared: the built-in frames are compiled once per run however many values are linted.
    pub(crate) frames: Arc<Frames>,
    pub(crate) rules: Vec<Rule>,
}

/// How the phrases of a line are found.
#[derive(Debug, Clone)]
enum Search {
    /// The anchor filter (`super::anchor`) picks the lines that may hold a finding, and its
    /// index of the phrases by key finds them there: a few table look-ups per word of those
    /// lines, nothing over the others.
    Keyed(Anchors),
    /// An ASCII-case-insensitive Aho-Corasick DFA over the first [`PREFIX`] bytes of every
    /// phrase, walked over every line; each prefix found is checked against the whole phrases
    /// that start with it (`groups`, by prefix pattern). For rules that are compiled for a few
    /// short strings, where building the filter costs more than reading them, and for a phrase
    /// with no word to key it by. (An automaton over the whole phrases took 0.2 to 0.5 s and 20
    /// to 90 MB to build at every start.)
    Prefixes { automaton: Box<DFA>, groups: Vec<Vec<usize>> },
}

impl Rules {
    /// Merges `files` in order (a later file replaces a rule with the same id, or adds a new one),
    /// switches off the ids in `allow`, and builds the phrase search. An unknown id in `allow` is an
    /// error with a did-you-mean.
    pub fn compile(files: &[RuleFile], allow: &[String]) -> Result<Rules, RuleError> {
        Self::build(files, allow, true, None)
    }

    /// The same rules without the anchor prefilter, for a few short strings (the values a rep
    /// types): building the anchor filter (a key for every phrase and failure word, a 128 KiB
    /// table) costs more than reading every line of a value, and `say` must start in about a
    /// millisecond. Findings are identical; only speed differs.
    pub fn compile_for_short_text(files: &[RuleFile], allow: &[String]) -> Result<Rules, RuleError> {
        Self::build(files, allow, false, None)
    }

    /// The built-in rules for linting one short `text` (a typed value): the phrases narrowed to
    /// those `text` may hold ([`builtin_rules_for`]) and no prefilter, as
    /// [`Rules::compile_for_short_text`] of them gives, with the frames compiled once per run
    /// and shared. `say` lints four to a dozen values; compiling the frames took 10M
    /// instructions (about 3 ms) for each.
    ///
    /// # Panics
    /// Only if the embedded file is broken, which a unit test rules out.
    pub fn builtin_for_short_text(text: &str) -> Rules {
        static FRAMES: std::sync::OnceLock<Arc<Frames>> = std::sync::OnceLock::new();
        let narrowed = builtin_rules_for(text);
        // Narrowing keeps every rule, in order, with its frames, so the frames of the whole
        // file, by rule index, are the narrowed file's.
        let frames = FRAMES.get_or_init(|| {
            let rules = narrowed.rules.iter().enumerate().flat_map(|(i, r)| r.frames.iter().map(move |f| (i, f)));
            match Frames::build(&narrowed.classes, rules) {
                Ok(frames) => Arc::new(frames),
                Err(e) => panic!("the embedded lint frames are broken: {e}"),
            }
        });
        match Self::build(&[narrowed], &[], false, Some(frames.clone())) {
            Ok(rules) => rules,
            Err(e) => panic!("the embedded lint rules are broken: {e}"),
        }
    }

    /// `frames`: the compiled frames of `files`, when the caller has them.
    fn build(
        files: &[RuleFile],
        allow: &[String],
        prefilter: bool,
        frames: Option<Arc<Frames>>,
    ) -> Result<Rules, RuleError> {
        let mut merged: Vec<Rule> = Vec::new();
        for file in files {
            for rule in &file.rules {
                match merged.iter_mut().find(|r| r.id == rule.id) {
                    Some(slot) => *slot = rule.clone(),
                    None => merged.push(rule.clone()),
                }
            }
        }
        let mut off = BTreeSet::new();
        for id in allow {
            let id = id.trim();
            if !merged.iter().any(|r| &*r.id == id) {
                let ids: Vec<&str> = merged.iter().map(|r| &*r.id).collect();
                return Err(Diagnostic::new("--allow", format!("there is no rule `{id}`"))
                    .with_key(id)
                    .with_hint(Some(suggest_or_list(id, &ids))));
            }
            off.insert(id.to_string());
        }
        merged.retain(|r| !off.contains(&*r.id));

        let mut phrases: Vec<String> = Vec::new();
        let mut patterns = Vec::new();
        let mut seen = HashSet::new();
        for (rule_index, rule) in merged.iter().enumerate() {
            for (trigger_index, trigger) in rule.triggers.iter().enumerate() {
                for phrase in &trigger.phrases {
                    for variant in apostrophe_variants(phrase) {
                        if seen.insert(variant.to_ascii_lowercase()) {
                            phrases.push(variant);
                            patterns.push(PatternInfo { rule: rule_index, trigger: trigger_index });
                        }
                    }
                }
            }
        }
        let mut classes = BTreeMap::new();
        for file in files {
            classes.extend(file.classes.iter().map(|(k, v)| (k.clone(), v.clone())));
        }
        let frames = match frames {
            Some(frames) => frames,
            None => Arc::new(Frames::build(
                &classes,
                merged.iter().enumerate().flat_map(|(i, r)| r.frames.iter().map(move |f| (i, f))),
            )?),
        };
        let reported = phrases.len();
        // A set of their own: a frame anchor that is also a `caused-failure` phrase must still
        // make its lines be read, and those phrases are keyed by failure words instead. Without
        // the filter every line is read and gets the frames: the anchors would only make the
        // prefix automaton bigger (most of the build time of a value's rules).
        let mut seen_anchor = HashSet::new();
        for word in frames.anchor_words().iter().filter(|_| prefilter) {
            for variant in apostrophe_variants(word) {
                if seen_anchor.insert(variant.to_ascii_lowercase()) {
                    phrases.push(variant);
                    patterns.push(PatternInfo { rule: 0, trigger: 0 });
                }
            }
        }
        if phrases.len() > 2 * MAX_PHRASES {
            // Each file is within the limit, but together they are not (a straight apostrophe
            // counts twice: it also matches the typographic one).
            return Err(Diagnostic::new(
                "rules",
                format!(
                    "the rule files together expand to {} phrases, more than the limit of {}",
                    phrases.len(),
                    2 * MAX_PHRASES
                ),
            )
            .with_key("phrases")
            .with_hint(Some("switch some rules off with `allow`, or use fewer `{a|b}` alternatives".to_string())));
        }
        let anchors = if prefilter {
            Anchors::build(phrases.iter().zip(&patterns).enumerate().map(|(k, (p, i))| {
                (p.as_str(), k < reported && merged[i.rule].triggers[i.trigger].sense == Sense::CausedFailure)
            }))
        } else {
            None
        };
        let search = match anchors {
            Some(anchors) => Search::Keyed(anchors),
            None => prefix_search(&phrases)?,
        };
        Ok(Rules { search, phrases, patterns, reported, frames, rules: merged })
    }

    /// The anchor filter, when lines are filtered (see [`Search`]).
    pub(crate) fn anchors(&self) -> Option<&Anchors> {
        match &self.search {
            Search::Keyed(anchors) => Some(anchors),
            Search::Prefixes { .. } => None,
        }
    }

    /// The leftmost-longest, non-overlapping phrase matches in `line` (ASCII case
    /// folded), as (byte range, pattern index), in order.
    #[cfg(test)]
    pub(crate) fn phrase_matches(&self, line: &str) -> Vec<(Range<usize>, usize)> {
        let mut scratch = Vec::new();
        let mut out = Vec::new();
        self.phrase_matches_into(line, &mut scratch, &mut out);
        out
    }

    /// [`Rules::phrase_matches`] into `out` (cleared first), with `scratch` for the overlapping
    /// matches: the scanner calls this for every candidate line and reuses both buffers, so no
    /// line allocates. Only whole-word occurrences compete for a place (`boundary::is_whole_word`),
    /// so that both searches of [`Search`] find the same: "but" inside "abut the" does not hide
    /// "the carrier" that overlaps it.
    pub(crate) fn phrase_matches_into(
        &self,
        line: &str,
        scratch: &mut Vec<(usize, usize, usize)>,
        out: &mut Vec<(Range<usize>, usize)>,
    ) {
        scratch.clear();
        out.clear();
        match &self.search {
            Search::Keyed(anchors) => anchors.phrases_in(line, &self.phrases, scratch),
            Search::Prefixes { automaton, groups } => self.prefix_matches(automaton, groups, line, scratch),
        }
        scratch.retain(|&(_, _, p)| p < self.reported);
        scratch.sort_unstable_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
        let mut at = 0;
        for &(start, end, p) in scratch.iter() {
            if start >= at {
                out.push((start..end, p));
                at = end;
            }
        }
    }

    /// The whole-word phrase occurrences in `line`, by the prefix automaton. It is walked by hand
    /// (one table look-up per byte; the patterns of a match state are read in place), which is the
    /// overlapping search without its per-match call overhead.
    fn prefix_matches(&self, dfa: &DFA, groups: &[Vec<usize>], line: &str, out: &mut Vec<(usize, usize, usize)>) {
        use aho_corasick::automaton::Automaton;
        use aho_corasick::Anchored;
        let bytes = line.as_bytes();
        let Ok(mut sid) = dfa.start_state(Anchored::No) else {
            return;
        };
        for (i, &b) in bytes.iter().enumerate() {
            sid = dfa.next_state(Anchored::No, sid, b);
            if !dfa.is_special(sid) {
                continue;
            }
            if dfa.is_dead(sid) {
                break;
            }
            if !dfa.is_match(sid) {
                continue;
            }
            for k in 0..dfa.match_len(sid) {
                let pid = dfa.match_pattern(sid, k);
                let start = i + 1 - dfa.pattern_len(pid);
                for &p in &groups[pid.as_usize()] {
                    let phrase = self.phrases[p].as_bytes();
                    let end = start + phrase.len();
                    if end <= bytes.len()
                        && bytes[start..end].eq_ignore_ascii_case(phrase)
                        && is_whole_word(line, &(start..end))
                    {
                        out.push((start, end, p));
                    }
                }
            }
        }
    }

    /// The ids of the enabled rules, in file order.
    pub fn ids(&self) -> impl Iterator<Item = &str> {
        self.rules.iter().map(|r| &*r.id)
    }

    /// The enabled rules, in file order.
    pub fn rules(&self) -> &[Rule] {
        &self.rules
    }
}

/// The prefix automaton of [`Search::Prefixes`] over `phrases`.
fn prefix_search(phrases: &[String]) -> Result<Search, RuleError> {
    let mut prefixes: Vec<&str> = Vec::new();
    let mut groups: Vec<Vec<usize>> = Vec::new();
    let mut prefix_ids: HashMap<String, usize> = HashMap::new();
    for (index, p) in phrases.iter().enumerate() {
        let mut end = p.len().min(PREFIX);
        while !p.is_char_boundary(end) {
            end += 1;
        }
        let id = *prefix_ids.entry(p[..end].to_ascii_lowercase()).or_insert_with(|| {
            prefixes.push(&p[..end]);
            groups.push(Vec::new());
            groups.len() - 1
        });
        groups[id].push(index);
    }
    // No prefilter: with ASCII case folding and this many patterns none applies. Standard
    // match semantics, so that every prefix occurrence is reported (see
    // `phrase_matches_into`). (A contiguous NFA builds faster, but searches the candidate
    // lines slower: more than it saves on 20 MB.)
    let automaton = DFA::builder()
        .ascii_case_insensitive(true)
        .match_kind(MatchKind::Standard)
        .prefilter(false)
        .build(&prefixes)
        .map_err(|e| {
            Diagnostic::new("rules", format!("cannot build the phrase automaton: {e}"))
                .with_key("phrases")
                .with_hint(Some("use fewer or shorter phrases".to_string()))
        })?;
    Ok(Search::Prefixes { automaton: Box::new(automaton), groups })
}

/// A phrase with a straight apostrophe also matches the typographic one (`’`), which mail clients
/// and word processors put in by themselves.
fn apostrophe_variants(phrase: &str) -> Vec<String> {
    if phrase.contains('\'') {
        vec![phrase.to_string(), phrase.replace('\'', "\u{2019}")]
    } else if phrase.contains('\u{2019}') {
        vec![phrase.to_string(), phrase.replace('\u{2019}', "'")]
    } else {
        vec![phrase.to_string()]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_rules_parse_and_compile() {
        let file = builtin_rules();
        let rules = Rules::compile(&[file], &[]).expect("built-in rules compile");
        let ids: Vec<&str> = rules.ids().collect();
        for id in [
            "but-and",
            "unfortunately",
            "excuse",
            "blame-shift",
            "told-you-so",
            "you-should-have",
            "all-due-respect",
            "hedge",
        ] {
            assert!(ids.contains(&id), "missing rule {id}");
        }
    }

    /// 80 phrases of 4096 expansions each once took 75 s to load (de-duplication was quadratic, and
    /// nothing capped the total). Now the file stops at the phrase limit with an error naming it.
    #[test]
    fn phrase_expansion_is_capped_and_quick() {
        let alts = |n: usize| (0..n).map(|i| format!("w{i}")).collect::<Vec<_>>().join("|");
        let phrase = format!("{{{}}} {{{}}} {{{}}}", alts(16), alts(16), alts(16));
        let phrases: Vec<String> = (0..80).map(|i| format!("\"p{i} {phrase}\"")).collect();
        let toml = format!("[[rule]]\nid = \"big\"\nmessage = \"m\"\nphrases = [{}]\n", phrases.join(", "));
        let err = parse_rules("big.toml", &toml).expect_err("over the limit");
        assert!(err.message.contains(&MAX_PHRASES.to_string()), "{err}");
        assert_eq!((err.key.as_deref(), err.line), (Some("phrases"), Some(4)));

        // Under the limit, duplicates are dropped in linear time.
        let dup = format!("\"{{{}}}\"", alts(4000));
        let toml = format!("[[rule]]\nid = \"dup\"\nmessage = \"m\"\nphrases = [{}]\n", vec![dup; 5].join(", "));
        let file = parse_rules("dup.toml", &toml).expect("within the limit");
        assert_eq!(file.rules[0].triggers[0].phrases.len(), 4000);
    }

    #[test]
    fn expansion() {
        assert_eq!(
            expand("{it|this} {was|is} {|really} ok", None).unwrap(),
            vec![
                "it was ok",
                "it was really ok",
                "it is ok",
                "it is really ok",
                "this was ok",
                "this was really ok",
                "this is ok",
                "this is really ok"
            ]
        );
        assert!(expand("{a|b", None).is_err());
        assert!(expand("a}", None).is_err());
        assert!(expand("{a{b}}", None).is_err());
    }

    #[test]
    fn errors_point_at_line_column_and_key() {
        let text = "[[rule]]\nid = \"x\"\nmessage = \"m\"\nphrases = [\"a\"]\ncolour = 1\n";
        let e = parse_rules("my.toml", text).unwrap_err();
        assert_eq!(e.file, "my.toml");
        assert_eq!(e.line, Some(5));
        assert_eq!(e.column, Some(1));
        assert_eq!(e.key.as_deref(), Some("colour"));

        let text = "[[rule]]\nid = \"x\"\nmessage = \"m\"\n[[rule.trigger]]\nphrases = [\"a\"]\nsense = \"contrastive-butt\"\n";
        let e = parse_rules("my.toml", text).unwrap_err();
        assert_eq!((e.line, e.column, e.key.as_deref()), (Some(6), Some(9), Some("sense")));
        assert_eq!(e.hint.as_deref(), Some("did you mean `contrastive-but`?"));

        let text = "[[rule]]\nid = \"Bad Id\"\nmessage = \"m\"\nphrases = [\"a\"]\n";
        let e = parse_rules("my.toml", text).unwrap_err();
        assert_eq!((e.line, e.key.as_deref()), (Some(2), Some("id")));

        let text = "[[rule]]\nid = \"x\"\nmessage = \"m\"\n";
        assert_eq!(parse_rules("t", text).unwrap_err().key.as_deref(), Some("phrases"));

        let text = "[[rule]]\nid = \"x\"\nmessage = \"m\"\nphrases = [\"a\"]\nfix_at = [\"anywhere\"]\n";
        assert_eq!(parse_rules("t", text).unwrap_err().key.as_deref(), Some("fix_at"));

        let text = "[[rule]]\nid = \"x\"\nmessage = \"m\"\nphrases = [\"a\"]\n[[rule]]\nid = \"x\"\nmessage = \"m\"\nphrases = [\"b\"]\n";
        let e = parse_rules("t", text).unwrap_err();
        assert_eq!(e.line, Some(6));
        assert!(e.to_string().starts_with("t:6:6: `id`: rule `x` is defined twice"));

        let e = parse_rules("t", "[[rule]\n").unwrap_err();
        assert_eq!(e.line, Some(1));
    }

    #[test]
    fn later_files_override_and_allow_switches_off() {
        let user = parse_rules(
            "user.toml",
            "[[rule]]\nid = \"unfortunately\"\nmessage = \"mine\"\nphrases = [\"alas\"]\n\n[[rule]]\nid = \"new-one\"\nmessage = \"m\"\nphrases = [\"meh\"]\n",
        )
        .unwrap();
        let rules = Rules::compile(&[builtin_rules(), user], &["hedge".to_string()]).unwrap();
        let ids: Vec<&str> = rules.ids().collect();
        assert!(ids.contains(&"new-one"));
        assert!(!ids.contains(&"hedge"));
        let unf = rules.rules().iter().find(|r| &*r.id == "unfortunately").unwrap();
        assert_eq!(&*unf.message, "mine");
    }

    #[test]
    fn unknown_allow_id_suggests() {
        let e = Rules::compile(&[builtin_rules()], &["but-adn".to_string()]).unwrap_err();
        assert_eq!(e.key.as_deref(), Some("but-adn"));
        assert_eq!(e.hint.as_deref(), Some("did you mean `but-and`?"));
        assert_eq!(e.line, None);
    }

    /// The keyed search finds what the prefix automaton finds: every built-in phrase, as written,
    /// upper-cased and with the other apostrophe, at the start, middle and end of a line, next to
    /// spaces, punctuation, letters, digits, glue characters and non-ASCII letters (which make
    /// some occurrences not whole words), with the phrase before or after it overlapping.
    #[test]
    fn the_keyed_search_finds_what_the_automaton_finds() {
        let keyed = Rules::compile(&[builtin_rules()], &[]).expect("compiles");
        let prefixes = Rules::compile_for_short_text(&[builtin_rules()], &[]).expect("compiles");
        assert!(matches!(keyed.search, Search::Keyed(_)) && matches!(prefixes.search, Search::Prefixes { .. }));
        let edges = ["", " ", "(", "x", "7", "-", "\u{e9}", "'", "\u{2019}s ", ", ", "the ", "\n"];
        let mut found = 0;
        for (i, phrase) in keyed.phrases.iter().enumerate() {
            let other = &keyed.phrases[(i * 7919 + 1) % keyed.phrases.len()];
            let phrase = match i % 3 {
                0 => phrase.clone(),
                1 => phrase.to_uppercase(),
                _ => phrase.replace('\'', "\u{2019}"),
            };
            let (before, after) = (edges[i % edges.len()], edges[(i / edges.len()) % edges.len()]);
            for line in [format!("{before}{phrase}{after}"), format!("{other} {before}{phrase}{after}{other}")] {
                let expected = prefixes.phrase_matches(&line);
                found += expected.len();
                assert_eq!(keyed.phrase_matches(&line), expected, "{line:?}");
            }
        }
        assert!(found > keyed.phrases.len(), "{found} matches");
    }
}
