//! Sentence frames over word classes: the rules that generalise past the phrases they were
//! written from.
//!
//! A phrase rule lists every wording ("not our fault", "not my fault", ...); a frame names the
//! move instead: `@we @did ... @effort-claim` is "we" + a verb of doing + within a few words a
//! claim of effort ("we went above and beyond", "we have bent over backwards for you"), whatever
//! fills the gaps. This is LanguageTool's lesson (STYLE.md): a rule is a pattern of word classes
//! with skips, antipatterns (`unless`) for the look-alikes, and its own examples that it must and
//! must not flag, run by the test suite.
//!
//! Why it is shaped this way:
//! - **Classes are data.** `[classes]` in a rule file maps a name to words or short word runs
//!   ("the courier", "didn't"); a frame element `@name` matches any of them. A new wording of a
//!   known move needs a word in a class, not a new rule.
//! - **Bounded work.** A line is cut into sentences; a frame is tried only at the words its first
//!   element can match, skips are at most [`MAX_SKIP`] words, and `unless` looks at most
//!   [`UNLESS_WINDOW`] words either side of the match. The work per line is linear in its length
//!   whatever it holds, as the phrase search's is.
//! - **Found only where the anchor filter looks.** Every frame has an anchor: the required
//!   element with the fewest words. Those words join the phrase filter (`Rules::build`), so a line
//!   without any of them is never tokenised; short emails and huge inputs cost what they did.

use std::collections::{BTreeMap, HashMap};
use std::ops::Range;

use crate::diagnostic::{suggest_or_list, Diagnostic};

/// Most words one `...` may skip.
pub(crate) const MAX_SKIP: usize = 8;
/// How many words either side of a match `unless` looks at (within the sentence).
pub(crate) const UNLESS_WINDOW: usize = 40;
/// Most words one sentence is read as; the rest of a longer run is read as the next sentence.
const MAX_SENTENCE: usize = 400;

/// One frame as written in a rule file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FrameSpec {
    /// The pattern (see `lint/README.md`, "Frames").
    pub pattern: String,
    /// Patterns that, anywhere near the match in its sentence, make it no finding.
    pub unless: Vec<String>,
    /// Sentences the frame must flag (checked by the test suite).
    pub examples: Vec<String>,
    /// Look-alike sentences the frame must leave alone (checked by the test suite).
    pub counterexamples: Vec<String>,
}

/// One element of a compiled pattern.
#[derive(Debug, Clone)]
enum Element {
    /// One word from a list (exact words, and prefixes written `word*`).
    Word { exact: Vec<String>, prefixes: Vec<String> },
    /// One member of a class (a word or a short run of words).
    Class(usize),
    /// Up to this many words.
    Skip(usize),
    /// The start of a sentence.
    Start,
    /// The end of a sentence.
    End,
    /// The element, or nothing.
    Optional(Box<Element>),
    /// Nothing, in a sentence that ends with `?`.
    Question,
    /// Nothing, where the word before is none of these ("our fault" but not "not our fault").
    NotAfter(Vec<String>),
}

/// A compiled pattern.
#[derive(Debug, Clone)]
struct Pattern(Vec<Element>);

/// A compiled frame, with the rule it reports as.
#[derive(Debug, Clone)]
struct Frame {
    rule: usize,
    pattern: Pattern,
    unless: Vec<Pattern>,
}

/// All frames of a rule set, with their classes.
#[derive(Debug, Clone, Default)]
pub(crate) struct Frames {
    frames: Vec<Frame>,
    /// Class members by their first word: (class, the words after the first).
    members: HashMap<String, Vec<(usize, Vec<String>)>>,
    /// Prefix members (`word*`) per class.
    prefixes: Vec<Vec<String>>,
    /// The first words of the members of each class.
    class_firsts: Vec<Vec<String>>,
    /// For each frame, the words its first element may start with (`None`: any word).
    firsts: Vec<Option<Vec<String>>>,
    /// Frames whose first element can start at any word.
    unanchored_first: Vec<usize>,
    /// Frames by a word their first element may start with.
    by_first: HashMap<String, Vec<usize>>,
    /// Each frame's anchor words (lower case), for the line filter.
    anchors: Vec<String>,
}

/// A frame match: which rule, and where in the line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct FrameHit {
    pub rule: usize,
    pub range: Range<usize>,
}

fn error(message: String, key: &str, hint: Option<String>) -> Diagnostic {
    Diagnostic::new("rules", message).with_key(key).with_hint(hint)
}

/// Lower case, `’` read as `'`: how words are compared.
fn fold(word: &str) -> String {
    word.replace('\u{2019}', "'").to_lowercase()
}

impl Frames {
    /// Compiles the frames of `rules` (rule index, frame) over `classes`.
    pub(crate) fn build<'a>(
        classes: &BTreeMap<String, Vec<String>>,
        rules: impl IntoIterator<Item = (usize, &'a FrameSpec)>,
    ) -> Result<Frames, Diagnostic> {
        let names: Vec<&str> = classes.keys().map(String::as_str).collect();
        let mut out = Frames::default();
        for members in classes.values() {
            out.add_class(members.iter().map(String::as_str));
        }
        for (rule, spec) in rules {
            let mut class_index = |name: &str| -> Result<usize, Diagnostic> {
                if name.contains('_') {
                    // An alternation with word runs (`above_and_beyond|backwards`): a class of its own.
                    let runs: Vec<String> = name.split('|').map(|alt| alt.replace('_', " ")).collect();
                    return Ok(out.add_class(runs.iter().map(String::as_str)));
                }
                names.iter().position(|n| *n == name).ok_or_else(|| {
                    error(format!("there is no word class `{name}`"), name, Some(suggest_or_list(name, &names)))
                })
            };
            let pattern = parse_pattern(&spec.pattern, &mut class_index)?;
            let unless =
                spec.unless.iter().map(|u| parse_pattern(u, &mut class_index)).collect::<Result<Vec<_>, _>>()?;
            let firsts = out.first_words(&pattern.0);
            let anchor = out.pattern_anchor(&pattern.0).ok_or_else(|| {
                error(
                    format!("frame {:?} has no element that must be a word from a list", spec.pattern),
                    "pattern",
                    Some("give it at least one word or `@class` that is not optional".to_string()),
                )
            })?;
            out.anchors.extend(anchor);
            let id = out.frames.len();
            match &firsts {
                None => out.unanchored_first.push(id),
                Some(words) => {
                    for w in words {
                        out.by_first.entry(w.clone()).or_default().push(id);
                    }
                }
            }
            out.firsts.push(firsts);
            out.frames.push(Frame { rule, pattern, unless });
        }
        out.anchors.sort();
        out.anchors.dedup();
        for list in out.by_first.values_mut() {
            list.sort_unstable();
            list.dedup();
        }
        Ok(out)
    }

    /// Adds a class of `members` (words, runs of words, or `word*` prefixes); returns its index.
    fn add_class<'m>(&mut self, members: impl Iterator<Item = &'m str>) -> usize {
        let index = self.prefixes.len();
        let mut prefixes = Vec::new();
        let mut firsts = Vec::new();
        for member in members {
            let words: Vec<String> = member.split_whitespace().map(fold).collect();
            match words.as_slice() {
                [] => {}
                [one] if one.ends_with('*') && one.len() > 1 => prefixes.push(one.trim_end_matches('*').to_string()),
                [first, rest @ ..] => {
                    firsts.push(first.clone());
                    self.members.entry(first.clone()).or_default().push((index, rest.to_vec()));
                }
            }
        }
        firsts.sort();
        firsts.dedup();
        self.prefixes.push(prefixes);
        self.class_firsts.push(firsts);
        index
    }

    /// Whether there are no frames.
    pub(crate) fn is_empty(&self) -> bool {
        self.frames.is_empty()
    }

    /// The anchor words: every frame match holds one of them as a whole word.
    pub(crate) fn anchor_words(&self) -> &[String] {
        &self.anchors
    }

    /// The words an element sequence may start with; `None` when it can start anywhere (a skip,
    /// or only optional elements before the end).
    fn first_words(&self, elements: &[Element]) -> Option<Vec<String>> {
        let mut words = Vec::new();
        for e in elements {
            match e {
                Element::Start | Element::End | Element::Question | Element::NotAfter(_) => continue,
                Element::Skip(_) => return None,
                Element::Optional(inner) => {
                    words.extend(self.first_words(std::slice::from_ref(inner))?);
                }
                other => {
                    words.extend(self.element_words(other)?);
                    return Some(words);
                }
            }
        }
        None
    }

    /// The first words an element may match (`None`: a prefix member, which matches many).
    fn element_words(&self, e: &Element) -> Option<Vec<String>> {
        match e {
            Element::Word { exact, prefixes } => prefixes.is_empty().then(|| exact.clone()),
            Element::Class(c) => self.prefixes[*c].is_empty().then(|| self.class_firsts[*c].clone()),
            _ => None,
        }
    }

    /// The anchor of a pattern: the words of its required element with the fewest words.
    fn pattern_anchor(&self, elements: &[Element]) -> Option<Vec<String>> {
        elements
            .iter()
            .filter(|e| matches!(e, Element::Word { .. } | Element::Class(_)))
            .filter_map(|e| self.element_words(e))
            .filter(|w| !w.is_empty())
            .min_by_key(Vec::len)
    }

    /// The frame matches in `line`, at most one per frame and sentence, leftmost first.
    pub(crate) fn find(&self, line: &str, words: &mut Words, out: &mut Vec<FrameHit>) {
        out.clear();
        if self.frames.is_empty() {
            return;
        }
        words.read(line);
        let mut candidates: Vec<usize> = Vec::new();
        for sentence in words.sentences() {
            let toks = &words.toks[sentence.clone()];
            candidates.clear();
            for (i, t) in toks.iter().enumerate() {
                if let Some(list) = self.by_first.get(&words.lower[t.lower.clone()]) {
                    candidates.extend(list.iter().map(|&f| f * MAX_SENTENCE + i));
                }
            }
            for &f in &self.unanchored_first {
                candidates.extend((0..toks.len()).map(|i| f * MAX_SENTENCE + i));
            }
            candidates.sort_unstable();
            let mut done_frame = usize::MAX;
            for &c in &candidates {
                let (f, i) = (c / MAX_SENTENCE, c % MAX_SENTENCE);
                if f == done_frame {
                    continue;
                }
                let frame = &self.frames[f];
                let Some(end) = self.match_at(&frame.pattern.0, words, sentence.clone(), sentence.start + i) else {
                    continue;
                };
                let (start, end) = (sentence.start + i, end);
                if end == start {
                    continue;
                }
                let whole = words.whole_sentence(&sentence);
                let lo = start.saturating_sub(UNLESS_WINDOW).max(whole.start);
                let hi = (end + UNLESS_WINDOW).min(whole.end);
                let excused = frame
                    .unless
                    .iter()
                    .any(|u| (lo..hi).any(|at| self.match_at(&u.0, words, whole.clone(), at).is_some()));
                if excused {
                    continue;
                }
                done_frame = f;
                let range = words.toks[start].span.start..words.toks[end - 1].span.end;
                out.push(FrameHit { rule: frame.rule, range });
            }
        }
        out.sort_by_key(|h| (h.range.start, std::cmp::Reverse(h.range.end)));
    }

    /// Where `elements` matched from token `at` end (exclusive), within `sentence`.
    fn match_at(&self, elements: &[Element], words: &Words, sentence: Range<usize>, at: usize) -> Option<usize> {
        let Some((first, rest)) = elements.split_first() else {
            return Some(at);
        };
        match first {
            Element::Start => (at == sentence.start).then(|| self.match_at(rest, words, sentence, at)).flatten(),
            Element::End => (at == sentence.end).then(|| self.match_at(rest, words, sentence, at)).flatten(),
            Element::Question => {
                words.questions.contains(&sentence.end).then(|| self.match_at(rest, words, sentence, at)).flatten()
            }
            Element::NotAfter(list) => {
                let before = (at > sentence.start).then(|| words.word(at - 1, &sentence)).flatten();
                (!before.is_some_and(|b| list.iter().any(|l| l == b)))
                    .then(|| self.match_at(rest, words, sentence, at))
                    .flatten()
            }
            Element::Skip(n) => (0..=*n)
                .take_while(|k| at + k <= sentence.end)
                .find_map(|k| self.match_at(rest, words, sentence.clone(), at + k)),
            Element::Optional(inner) => {
                let mut with = vec![(**inner).clone()];
                with.extend_from_slice(rest);
                self.match_at(&with, words, sentence.clone(), at).or_else(|| self.match_at(rest, words, sentence, at))
            }
            Element::Word { exact, prefixes } => {
                let w = words.word(at, &sentence)?;
                (exact.iter().any(|e| e == w) || prefixes.iter().any(|p| w.starts_with(p.as_str())))
                    .then(|| self.match_at(rest, words, sentence, at + 1))
                    .flatten()
            }
            Element::Class(c) => {
                let w = words.word(at, &sentence)?;
                if self.prefixes[*c].iter().any(|p| w.starts_with(p.as_str())) {
                    if let Some(end) = self.match_at(rest, words, sentence.clone(), at + 1) {
                        return Some(end);
                    }
                }
                let members = self.members.get(w)?;
                let mut lens: Vec<usize> = members
                    .iter()
                    .filter(|(k, tail)| {
                        k == c && tail.iter().enumerate().all(|(j, t)| words.word(at + 1 + j, &sentence) == Some(t))
                    })
                    .map(|(_, tail)| tail.len() + 1)
                    .collect();
                lens.sort_unstable_by(|a, b| b.cmp(a));
                lens.dedup();
                lens.into_iter().find_map(|len| self.match_at(rest, words, sentence.clone(), at + len))
            }
        }
    }
}

/// Parses a pattern: words separated by spaces; `a|b` alternatives (`a_b|c` for a run of words
/// among them), `word*` a prefix, `@class`, `<question>` (the sentence ends with `?`), `!a|b`
/// (the word before is neither),
/// `...` (up to 4 words) or `..N` (up to N), `^` / `$` a sentence's start / end, and `?` after an
/// element to make it optional.
fn parse_pattern(
    text: &str,
    class_index: &mut dyn FnMut(&str) -> Result<usize, Diagnostic>,
) -> Result<Pattern, Diagnostic> {
    let mut elements = Vec::new();
    for raw in text.split_whitespace() {
        let (body, optional) = match raw.strip_suffix('?') {
            Some(b) if !b.is_empty() => (b, true),
            _ => (raw, false),
        };
        let element = if body == "^" {
            Element::Start
        } else if body == "$" {
            Element::End
        } else if body == "<question>" {
            Element::Question
        } else if let Some(list) = body.strip_prefix('!').filter(|l| !l.is_empty()) {
            Element::NotAfter(list.split('|').map(fold).collect())
        } else if body == "..." {
            Element::Skip(4)
        } else if let Some(n) = body.strip_prefix("..") {
            let n: usize = n.parse().ok().filter(|n| (1..=MAX_SKIP).contains(n)).ok_or_else(|| {
                error(
                    format!("skip `{body}` in frame {text:?} is not `..N` with N from 1 to {MAX_SKIP}"),
                    "pattern",
                    Some("write `...` for up to 4 words, or `..6`".to_string()),
                )
            })?;
            Element::Skip(n)
        } else if let Some(name) = body.strip_prefix('@') {
            Element::Class(class_index(name)?)
        } else if body.contains('_') {
            Element::Class(class_index(&fold(body))?)
        } else {
            let (mut exact, mut prefixes) = (Vec::new(), Vec::new());
            for alt in body.split('|').map(fold) {
                if alt.is_empty() {
                    return Err(error(
                        format!("frame {text:?} has an empty alternative in `{body}`"),
                        "pattern",
                        Some("make the element optional with `?` instead".to_string()),
                    ));
                }
                match alt.strip_suffix('*') {
                    Some(p) if !p.is_empty() => prefixes.push(p.to_string()),
                    _ => exact.push(alt),
                }
            }
            Element::Word { exact, prefixes }
        };
        elements.push(if optional { Element::Optional(Box::new(element)) } else { element });
    }
    if elements.is_empty() {
        return Err(error("a frame has an empty pattern".to_string(), "pattern", None));
    }
    if elements.iter().all(|e| !matches!(e, Element::Word { .. } | Element::Class(_) | Element::Question)) {
        return Err(error(format!("frame {text:?} matches nothing for sure"), "pattern", None));
    }
    Ok(Pattern(elements))
}

/// One word of a line.
#[derive(Debug, Clone)]
struct Tok {
    /// Its bytes in the line.
    span: Range<usize>,
    /// Its folded form in [`Words::lower`].
    lower: Range<usize>,
}

/// The words of one line, folded, and where its sentences end: reused from line to line.
#[derive(Debug, Default)]
pub(crate) struct Words {
    toks: Vec<Tok>,
    lower: String,
    /// Token indices where a sentence ends (exclusive).
    ends: Vec<usize>,
    /// Those of `ends` where the sentence ends with `?`.
    questions: Vec<usize>,
    /// Those of `ends` that only end a clause (`;`, `:`, a dash): `unless` looks across them, so
    /// "the change came from head office; I've asked them to hold your rate" is accountable.
    soft: Vec<usize>,
}

impl Words {
    fn word(&self, at: usize, sentence: &Range<usize>) -> Option<&str> {
        (at < sentence.end).then(|| &self.lower[self.toks[at].lower.clone()])
    }

    /// The sentence `clause` is part of: the clauses joined across `;`, `:` and dashes.
    fn whole_sentence(&self, clause: &Range<usize>) -> Range<usize> {
        let mut start = clause.start;
        while start > 0 && self.soft.contains(&start) {
            start = self.ends.iter().rev().find(|&&e| e < start).copied().unwrap_or(0);
        }
        let mut end = clause.end;
        while self.soft.contains(&end) {
            match self.ends.iter().find(|&&e| e > end) {
                Some(&e) => end = e,
                None => break,
            }
        }
        start..end
    }

    /// The sentences, as token ranges.
    fn sentences(&self) -> Vec<Range<usize>> {
        let mut out = Vec::new();
        let mut start = 0;
        for &end in &self.ends {
            let mut s = start;
            while s < end {
                let e = (s + MAX_SENTENCE - 1).min(end);
                out.push(s..e);
                s = e;
            }
            start = end;
        }
        out
    }

    /// Cuts `line` into words: runs of letters and digits, with `'`, `’`, `-`, `.` or `,` kept
    /// inside a run ("we've", "fast-track", "3.5", "1,000"). A sentence ends at `.`, `!`, `?`, `;`
    /// or a colon or dash before a space; commas do not end one.
    fn read(&mut self, line: &str) {
        self.toks.clear();
        self.lower.clear();
        self.ends.clear();
        self.questions.clear();
        self.soft.clear();
        let bytes = line.as_bytes();
        let mut chars = line.char_indices().peekable();
        let mut start: Option<usize> = None;
        let is_word = |c: char| c.is_alphanumeric();
        while let Some((i, c)) = chars.next() {
            let next = chars.peek().map(|&(_, n)| n);
            let joiner = matches!(c, '\'' | '\u{2019}' | '-' | '.' | ',' | '&') && start.is_some();
            if is_word(c)
                || (joiner && next.is_some_and(is_word) && (c != ',' && c != '.' || bytes[i - 1].is_ascii_digit()))
            {
                if start.is_none() {
                    start = Some(i);
                }
                continue;
            }
            if let Some(s) = start.take() {
                self.push(line, s..i);
            }
            let ends_sentence = match c {
                '.' | '!' | '?' | ';' => true,
                ':' | '\u{2014}' | '\u{2013}' => next.is_none_or(char::is_whitespace),
                '-' => next.is_none_or(char::is_whitespace) && i > 0 && bytes[i - 1] == b' ',
                _ => false,
            };
            if ends_sentence && self.ends.last() != Some(&self.toks.len()) && !self.toks.is_empty() {
                self.ends.push(self.toks.len());
                if !matches!(c, '.' | '!' | '?') {
                    self.soft.push(self.toks.len());
                }
            }
            if c == '?' && self.ends.last() == Some(&self.toks.len()) && self.questions.last() != Some(&self.toks.len())
            {
                self.questions.push(self.toks.len());
            }
        }
        if let Some(s) = start {
            self.push(line, s..line.len());
        }
        if self.ends.last() != Some(&self.toks.len()) {
            self.ends.push(self.toks.len());
        }
    }

    fn push(&mut self, line: &str, span: Range<usize>) {
        let from = self.lower.len();
        for c in line[span.clone()].chars() {
            match c {
                '\u{2019}' => self.lower.push('\''),
                c => self.lower.extend(c.to_lowercase()),
            }
        }
        self.toks.push(Tok { span, lower: from..self.lower.len() });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frames(classes: &[(&str, &[&str])], patterns: &[(&str, &[&str])]) -> (Frames, Vec<FrameSpec>) {
        let classes: BTreeMap<String, Vec<String>> =
            classes.iter().map(|(k, v)| (k.to_string(), v.iter().map(|s| s.to_string()).collect())).collect();
        let specs: Vec<FrameSpec> = patterns
            .iter()
            .map(|(p, u)| FrameSpec {
                pattern: p.to_string(),
                unless: u.iter().map(|s| s.to_string()).collect(),
                examples: Vec::new(),
                counterexamples: Vec::new(),
            })
            .collect();
        (Frames::build(&classes, specs.iter().enumerate()).expect("frames"), specs)
    }

    fn hits(f: &Frames, line: &str) -> Vec<String> {
        let mut words = Words::default();
        let mut out = Vec::new();
        f.find(line, &mut words, &mut out);
        out.into_iter().map(|h| line[h.range].to_string()).collect()
    }

    #[test]
    fn classes_skips_and_optional_elements_match() {
        let (f, _) = frames(
            &[("we", &["we", "we've", "our team", "i"]), ("effort", &["above and beyond", "bent over backwards"])],
            &[("@we have? ... @effort", &[])],
        );
        assert_eq!(hits(&f, "Our team went above and beyond for you."), ["Our team went above and beyond"]);
        assert_eq!(hits(&f, "We’ve really bent over backwards here."), ["We’ve really bent over backwards"]);
        assert_eq!(hits(&f, "We went. Above and beyond is our motto."), Vec::<String>::new());
        assert_eq!(hits(&f, "They went above and beyond."), Vec::<String>::new());
    }

    #[test]
    fn unless_clears_a_match_near_it_in_the_sentence() {
        let (f, _) = frames(&[("third", &["the courier", "the carrier"])], &[("@third lost", &["our fault|mistake"])]);
        assert_eq!(hits(&f, "The courier lost it."), ["The courier lost"]);
        assert!(hits(&f, "The courier lost it, and that was our fault.").is_empty());
        assert_eq!(hits(&f, "The courier lost it. Our fault was the label."), ["The courier lost"]);
    }

    #[test]
    fn sentence_start_prefixes_and_tokens() {
        let (f, _) = frames(&[], &[("^ to be|put blunt*", &[]), ("1,000 units", &[])]);
        assert_eq!(hits(&f, "To put it bluntly, no.").len(), 0, "`it` is not skipped");
        assert_eq!(hits(&f, "To be blunt: your team was late."), ["To be blunt"]);
        assert!(hits(&f, "I want to be blunt.").is_empty());
        assert_eq!(hits(&f, "We sent 1,000 units."), ["1,000 units"]);
    }

    #[test]
    fn unknown_classes_and_bad_skips_are_errors() {
        let classes = BTreeMap::from([("client".to_string(), vec!["you".to_string()])]);
        let spec = |p: &str| FrameSpec {
            pattern: p.to_string(),
            unless: Vec::new(),
            examples: Vec::new(),
            counterexamples: Vec::new(),
        };
        let e = Frames::build(&classes, [(0, &spec("@clients late"))]).unwrap_err();
        assert!(e.to_string().contains("`clients`"), "{e}");
        assert!(Frames::build(&classes, [(0, &spec("late ..9 x"))]).is_err());
        assert!(Frames::build(&classes, [(0, &spec("... late*?"))]).is_err());
    }

    /// A line with no sentence stop is read in runs of [`MAX_SENTENCE`] words, each a sentence
    /// with its own hit (at most one per frame and sentence), so nothing past the first run is lost. (That the work stays linear is measured by the
    /// 500 KB-line row of the lint benchmark, not timed here: a timed test flakes on a busy machine.)
    #[test]
    fn a_long_line_without_stops_is_read_whole() {
        let (f, _) = frames(&[("we", &["we"])], &[("@we ..8 tried ..8 everything", &[])]);
        let line = "we tried everything on it ".repeat(2_000);
        let found = hits(&f, &line);
        let runs = line.split_whitespace().count() / MAX_SENTENCE;
        assert!(found.len() >= runs, "{} hits in {runs} runs", found.len());
        assert!(found.iter().all(|h| h == "we tried everything"), "{:?}", &found[..3]);
    }
}
