//! Context checks that run only around phrase hits.
//!
//! The phrase search finds every "but"; this module decides whether a hit is a whole word, whether it
//! is only mentioned (`'but'`), whether it is used in the sense the rule is about (a contrast, not
//! "all but" or "not yet"), where it sits in its sentence, and whether its fix is safe there. It
//! looks at one line only (plus the last character of the line before, to tell a sentence start
//! from a wrapped line), so it costs nothing on lines without hits.

use std::ops::Range;

use super::failure::{FAILURE_PHRASES, FAILURE_WORDS};
use super::rules::{Position, Rule, Sense, Trigger};
use super::Finding;

/// Opening quotes: a hit between an opening and a closing quote is mentioned, not used.
const OPEN_QUOTES: [char; 9] = ['\'', '"', '‘', '“', '`', '«', '‹', '„', '‚'];
const CLOSE_QUOTES: [char; 8] = ['\'', '"', '’', '”', '`', '»', '›', '“'];
/// Skipped when looking back for the punctuation before a hit: spaces, quotes, list and quote
/// markers, emphasis.
const SKIP_BACK: [char; 14] = ['"', '\'', '“', '‘', '”', '’', '(', '[', '*', '_', '>', '#', '-', '•'];

/// Words that open a clause: after "not X but", they show the "but" joins two clauses (a contrast)
/// rather than correcting a noun ("not a discount but a plan").
const CLAUSE_OPENERS: [&str; 60] = [
    "i", "i'm", "i've", "i'll", "i'd", "we", "we're", "we've", "we'll", "we'd", "you", "you're", "you've", "you'll",
    "you'd", "they", "they're", "they've", "they'll", "they'd", "he", "he's", "she", "she's", "it", "it's", "it'll",
    "there", "there's", "that's", "this", "let's", "let", "please", "if", "when", "since", "because", "so", "now",
    "then", "here", "here's", "maybe", "perhaps", "still", "is", "are", "was", "were", "will", "would", "can", "could",
    "should", "do", "does", "did", "have", "has",
];

/// How far (in bytes) the context checks look either side of a hit. Bounding the look keeps the
/// work per hit constant, so a megabyte line with no sentence punctuation costs time linear in its
/// length; no exception or sense check needs more than a sentence of context.
pub(crate) const WINDOW: usize = 160;

/// The largest char boundary of `s` at or below `i`.
fn floor_boundary(s: &str, i: usize) -> usize {
    let mut i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The smallest char boundary of `s` at or above `i`.
fn ceil_boundary(s: &str, i: usize) -> usize {
    let mut i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i += 1;
    }
    i
}

/// Turns byte offsets of one line into 1-based character columns, counting each character once
/// for all the hits of the line (hits come in increasing order), so a line with many hits is not
/// recounted from its start for each one.
#[derive(Debug, Default)]
pub(crate) struct Columns {
    byte: usize,
    chars: usize,
}

impl Columns {
    /// The 1-based column of byte `at` of `line`.
    pub(crate) fn at(&mut self, line: &str, at: usize) -> usize {
        if at < self.byte {
            *self = Columns::default();
        }
        self.chars += line[self.byte..at].chars().count();
        self.byte = at;
        self.chars + 1
    }
}

/// What the scanner knows about the text right before a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PrevLine {
    /// Start of the text, or a blank line: a new paragraph.
    None,
    /// The last non-blank character of the previous line.
    Tail(char),
}

/// A word of the current clause and whether punctuation follows it before the next word.
#[derive(Debug)]
struct Word<'a> {
    text: &'a str,
    punct_after: bool,
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '\'' || c == '\u{2019}' || c == '-'
}

fn is_clause_end(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | ';' | ':' | '…')
}

/// Case-insensitive comparison that treats `’` as `'`; `target` is lower case.
fn word_eq(word: &str, target: &str) -> bool {
    if word.is_ascii() {
        let bytes = word.as_bytes();
        // Most words have no apostrophe at either end: nothing to trim.
        if bytes.first() != Some(&b'\'') && bytes.last() != Some(&b'\'') {
            return bytes.eq_ignore_ascii_case(target.as_bytes());
        }
        let start = bytes.iter().position(|&b| b != b'\'').unwrap_or(bytes.len());
        let end = bytes.iter().rposition(|&b| b != b'\'').map_or(start, |i| i + 1);
        return bytes[start..end].eq_ignore_ascii_case(target.as_bytes());
    }
    let word = word.trim_matches(|c| c == '\'' || c == '\u{2019}');
    if word.is_ascii() {
        return word.eq_ignore_ascii_case(target);
    }
    let mut w = word.chars().map(|c| if c == '\u{2019}' { '\'' } else { c });
    let mut t = target.chars();
    loop {
        match (w.next(), t.next()) {
            (None, None) => return true,
            (Some(a), Some(b)) if a.to_lowercase().eq(std::iter::once(b)) => {}
            _ => return false,
        }
    }
}

/// The words from the start of the clause up to `end`.
fn words_before(line: &str, end: usize) -> Vec<Word<'_>> {
    let prefix = &line[floor_boundary(line, end.saturating_sub(WINDOW))..end];
    let from = prefix.char_indices().rev().find(|(_, c)| is_clause_end(*c)).map_or(0, |(i, c)| i + c.len_utf8());
    let segment = &prefix[from..];
    // Sized for the clause's words at once: growing it word by word was a good part of the time
    // a "but" took to judge.
    let mut words: Vec<Word<'_>> = Vec::with_capacity(segment.len() / 4 + 1);
    let mut start = None;
    for (i, c) in segment.char_indices() {
        if is_word_char(c) {
            start.get_or_insert(i);
        } else {
            if let Some(s) = start.take() {
                words.push(Word { text: &segment[s..i], punct_after: false });
            }
            if !c.is_whitespace() {
                if let Some(w) = words.last_mut() {
                    w.punct_after = true;
                }
            }
        }
    }
    if let Some(s) = start {
        words.push(Word { text: &segment[s..], punct_after: false });
    }
    words
}

/// Up to `max` words after `start`, stopping at the end of the clause. `punct_after` on a word here
/// means punctuation comes *before* it.
fn words_after(line: &str, start: usize, max: usize) -> Vec<Word<'_>> {
    let rest = &line[start..ceil_boundary(line, start + WINDOW)];
    let mut words = Vec::with_capacity(max.min(16));
    let mut word_start = None;
    let mut punct = false;
    for (i, c) in rest.char_indices() {
        if is_word_char(c) {
            word_start.get_or_insert(i);
            continue;
        }
        if let Some(s) = word_start.take() {
            words.push(Word { text: &rest[s..i], punct_after: punct });
            punct = false;
            if words.len() == max {
                return words;
            }
        }
        if is_clause_end(c) {
            return words;
        }
        if !c.is_whitespace() {
            punct = true;
        }
    }
    if let Some(s) = word_start {
        if words.len() < max {
            words.push(Word { text: &rest[s..], punct_after: punct });
        }
    }
    words
}

/// True when the hit is quoted as a word (`'but'`, `“but”`, `` `but` ``), i.e. mentioned, not used.
pub(crate) fn is_mentioned(line: &str, range: &Range<usize>) -> bool {
    let before = line[..range.start].chars().next_back();
    let after = line[range.end..].chars().next();
    matches!((before, after), (Some(b), Some(a)) if OPEN_QUOTES.contains(&b) && CLOSE_QUOTES.contains(&a))
}

fn classify(c: char) -> Position {
    match c {
        '.' | '!' | '?' | '…' => Position::SentenceStart,
        ',' => Position::AfterComma,
        ';' => Position::AfterSemicolon,
        _ => Position::Other,
    }
}

/// Where the hit sits: first word of a sentence, after a comma, after a semicolon, or elsewhere.
pub(crate) fn position(line: &str, start: usize, prev: PrevLine) -> Position {
    let from = floor_boundary(line, start.saturating_sub(WINDOW));
    for c in line[from..start].chars().rev() {
        if c.is_whitespace() || SKIP_BACK.contains(&c) {
            continue;
        }
        return classify(c);
    }
    if from > 0 {
        return Position::Other; // a long run of spaces inside a line: not a sentence start
    }
    match prev {
        PrevLine::None => Position::SentenceStart,
        PrevLine::Tail(c) => classify(c),
    }
}

fn matches_words_before(before: &[Word<'_>], seq: &[String]) -> bool {
    if seq.len() > before.len() {
        return false;
    }
    let tail = &before[before.len() - seq.len()..];
    tail.iter().zip(seq).all(|(w, s)| !w.punct_after && word_eq(w.text, s))
}

fn matches_words_after(after: &[Word<'_>], seq: &[String]) -> bool {
    seq.len() <= after.len() && after.iter().zip(seq).all(|(w, s)| !w.punct_after && word_eq(w.text, s))
}

fn is_negation(word: &str) -> bool {
    ["not", "never", "cannot"].iter().any(|n| word_eq(word, n)) || word.ends_with("n't") || word.ends_with("n\u{2019}t")
}

/// "but" as a contrast. Not: "but for ..." (= except for), "not only ... but", "not X but Y".
fn contrastive_but(line: &str, range: &Range<usize>, position: Position, before: &[Word<'_>]) -> bool {
    let after = words_after(line, range.end, 1);
    let next = after.first().filter(|w| !w.punct_after);
    if position != Position::AfterComma && next.is_some_and(|w| word_eq(w.text, "for")) {
        return false;
    }
    let correlative = before.windows(2).any(|pair| {
        word_eq(pair[0].text, "not")
            && ["only", "just", "merely", "simply", "solely"].iter().any(|w| word_eq(pair[1].text, w))
    });
    if correlative {
        return false;
    }
    let negated = before.iter().rev().take(6).any(|w| is_negation(w.text));
    // Only a negated "but" needs the (60-word) clause-opener test.
    let opens_clause = || next.is_some_and(|w| CLAUSE_OPENERS.iter().any(|o| word_eq(w.text, o)));
    !(negated && next.is_some() && !opens_clause())
}

/// "however" followed by punctuation or the end of the line (a contrast), or after a semicolon;
/// not "however you like", "however much".
fn contrastive_however(line: &str, range: &Range<usize>, matched: &str, position: Position) -> bool {
    if matched.ends_with(',') || position == Position::AfterSemicolon {
        return true;
    }
    match line[range.end..].chars().take(WINDOW).find(|c| !c.is_whitespace()) {
        None => true,
        Some(c) => matches!(c, ',' | ';' | '.' | ':' | '!' | '?' | ')' | '—' | '–'),
    }
}

/// "yet" as "but": "and yet", or after a comma, semicolon or at a sentence start when more of the
/// clause follows; not "not yet", "yet to", "as yet" (those are `not_after`/`not_before` data).
fn contrastive_yet(line: &str, range: &Range<usize>, matched: &str, position: Position) -> bool {
    let lower = matched.to_ascii_lowercase();
    if lower.starts_with("and ") || lower.starts_with("but ") {
        return true;
    }
    let joins = matches!(position, Position::SentenceStart | Position::AfterComma | Position::AfterSemicolon);
    let more = line[range.end..]
        .chars()
        .take(WINDOW)
        .find(|c| !c.is_whitespace())
        .is_some_and(|c| !matches!(c, '.' | '?' | '!' | ')'));
    joins && more
}

/// Words that show a fix or a report, not a cause: "our QA team caught the error", "your team
/// found a bug and we fixed it".
const FIX_WORDS: &[&str] = &[
    "fixed",
    "fix",
    "fixing",
    "fixes",
    "resolved",
    "resolve",
    "solved",
    "corrected",
    "repaired",
    "restored",
    "recovered",
    "replaced",
    "replace",
    "caught",
    "catch",
    "catches",
    "spotted",
    "noticed",
    "found",
    "reported",
    "raised",
    "flagged",
    "flagging",
    "reporting",
    "spotting",
    "catching",
    "prevent",
    "prevents",
    "prevented",
    "stop",
    "stops",
    "stopped",
];
/// Failure words that, after "was"/"were"/..., make the hit the one who suffered it ("your data
/// was lost"), not its cause.
const SUFFERED: &[&str] = &[
    "lost",
    "damaged",
    "deleted",
    "corrupted",
    "delayed",
    "missed",
    "overlooked",
    "ignored",
    "forgotten",
    "dropped",
    "blocked",
    "rejected",
    "misrouted",
    "misplaced",
    "affected",
    "held",
];
const BE: &[&str] = &["was", "were", "is", "are", "been", "be", "got", "get", "gets"];
/// Words that, near the hit's start, make it the object of something "I" or "we" did ("we sent
/// your files to the wrong address").
const WE: &[&str] = &["i", "we", "i've", "we've", "i'd", "we'd", "i'll", "we'll"];
/// Conjunctions that start a new clause between "we" and the hit ("we missed it because the
/// carrier ...").
const CLAUSE_LINKS: &[&str] =
    &["because", "since", "as", "when", "after", "so", "and", "but", "while", "though", "cause"];
/// A commitment by the writer, which turns a stated limit into a next step.
const COMMITMENTS: &[&str] = &[
    "i will",
    "i'll",
    "i have asked",
    "i've asked",
    "i am taking",
    "i'm taking",
    "i have taken",
    "i've taken",
    "i am asking",
    "i'm asking",
    "i have escalated",
    "i've escalated",
    "let me",
    "i can",
    "we can",
    "we will",
    "we'll",
    "i have raised",
    "i've raised",
    "so i have",
    "so i've",
    "i am going to",
    "i'm going to",
    "here is the plan",
    "here's the plan",
    "here is the new plan",
    "here's the new plan",
    "here is what i",
    "here's what i",
    "here is what we",
    "here's what we",
    "i've put",
    "i have put",
    "i've added",
    "i have added",
    "i've set up",
    "i've booked",
    "i have booked",
    "i've fixed",
    "i've corrected",
    "i've refunded",
    "i've credited",
    "i've applied",
    "i've sent",
    "i've lent",
    "i've moved",
    "we've fixed",
    "we've added",
    "we've put",
    "we've refunded",
    "we've credited",
    "i've already",
    "i have already",
    "we've already",
    "we have already",
    "i've just",
    "we've just",
];

/// Words that, right before the hit, make it the cause of a failure told earlier in the sentence.
const CAUSE_LINKS: &[&str] = &["by", "from", "on", "to", "of", "with", "at", "blame", "blamed"];
/// Words that, before the hit in its sentence, make it a condition rather than a claim.
const CONDITION_WORDS: &[&str] = &["if", "unless", "whether", "should", "in case"];
/// Markers of a fault owned in the same sentence. Ignored right after a negation ("not our fault").
const OWNERSHIP: &[&str] = &[
    "on us",
    "on me",
    "my fault",
    "our fault",
    "my mistake",
    "our mistake",
    "my error",
    "our error",
    "my responsibility",
    "our responsibility",
    "i take",
    "we take",
    "i own",
    "we own",
    "i should have",
    "we should have",
    "i should've",
    "we should've",
    "we let you down",
    "i let you down",
    "got that wrong",
    "got it wrong",
    "i chose",
    "we chose",
    "i picked",
    "we picked",
    "by us",
    "by me",
    "our side",
    "our end",
    "i'm sorry we",
    "i am sorry we",
    "sorry we",
    "sorry i",
    "i caused",
    "we caused",
    "i made a mistake",
    "we made a mistake",
    "we messed up",
    "i messed up",
    "my own",
    "our own",
    "you're right",
    "you are right",
];

/// The sentence around a hit, as lower-case words (`’` as `'`), bounded by [`WINDOW`] bytes either
/// side so the work per hit stays constant.
struct Sentence {
    /// Words before the hit, in order.
    before: Vec<String>,
    /// Words after the hit.
    after: Vec<String>,
    /// The character that ends the sentence, if the window reaches it.
    end: Option<char>,
}

fn lower_words(text: &str) -> Vec<String> {
    text.split(|c: char| !is_word_char(c))
        .map(|w| w.trim_matches(|c| c == '\'' || c == '\u{2019}' || c == '-'))
        .filter(|w| !w.is_empty())
        .map(|w| w.to_lowercase().replace('\u{2019}', "'"))
        .collect()
}

impl Sentence {
    fn around(line: &str, range: &Range<usize>) -> Sentence {
        let ends = |c: char| matches!(c, '.' | '!' | '?' | ';' | '…');
        let lo = floor_boundary(line, range.start.saturating_sub(WINDOW));
        let head = &line[lo..range.start];
        // The stop may be several bytes long (`…`): cut after the whole character.
        let head = head.rfind(ends).map_or(head, |i| {
            let stop = head[i..].chars().next().map_or(1, char::len_utf8);
            &head[i + stop..]
        });
        let hi = ceil_boundary(line, range.end + WINDOW);
        let rest = &line[range.end..hi];
        // A full stop inside a number or an abbreviation ("3.5", "e.g.") does not end a sentence.
        let stop = rest.char_indices().find(|&(i, c)| {
            ends(c) && !(c == '.' && rest[i + 1..].chars().next().is_some_and(|n| n.is_alphanumeric()))
        });
        let (tail, end) = match stop {
            Some((i, c)) => (&rest[..i], Some(c)),
            None => (rest, None),
        };
        Sentence { before: lower_words(head), after: lower_words(tail), end }
    }

    /// All the words, space-separated with a space at each end, for phrase look-ups.
    fn joined(&self) -> String {
        let mut s = String::from(" ");
        for w in self.before.iter().chain(&self.after) {
            s.push_str(w);
            s.push(' ');
        }
        s
    }

    /// True when the sentence owns the fault ("that is on us", "my mistake"), not negated.
    fn owns(&self, joined: &str) -> bool {
        OWNERSHIP.iter().any(|marker| {
            let mut from = 0;
            while let Some(at) = find_words(joined, marker, from) {
                let prior = joined[..at - 1].rsplit(' ').next().unwrap_or("");
                if !(prior == "not" || prior == "no" || prior.ends_with("n't")) {
                    return true;
                }
                from = at + marker.len();
            }
            false
        })
    }
}

fn has_any(words: &[String], list: &[&str]) -> bool {
    words.iter().any(|w| list.contains(&w.as_str()))
}

/// True when `joined` (words between single spaces, with a space at each end) holds one of the
/// word sequences of `list`.
fn has_phrase(joined: &str, list: &[&str]) -> bool {
    list.iter().any(|p| find_words(joined, p, 0).is_some())
}

/// True when `words` hold one of the space-separated word sequences of `list`. Compares words in
/// place (no searcher set-up per phrase), which matters: it runs for every actor in a text.
fn has_sequence(words: &[String], list: &[&str]) -> bool {
    (0..words.len()).any(|i| {
        list.iter().any(|p| {
            let mut rest = words[i..].iter();
            p.split(' ').all(|w| rest.next().is_some_and(|x| x == w))
        })
    })
}

/// The byte offset in `joined` of the first occurrence of the words `p` at or after `from`.
fn find_words(joined: &str, p: &str, from: usize) -> Option<usize> {
    let bytes = joined.as_bytes();
    joined[from..]
        .match_indices(p)
        .map(|(i, _)| from + i)
        .find(|&at| at > 0 && bytes[at - 1] == b' ' && bytes.get(at + p.len()) == Some(&b' '))
}

/// The hit (someone or something) is made the cause of a failure in its sentence.
fn caused_failure(s: &Sentence) -> bool {
    if s.end == Some('?') {
        return false;
    }
    let all: Vec<String> = s.before.iter().chain(&s.after).cloned().collect();
    // A failure told after the hit makes it the subject ("the carrier held it up"); one told
    // before needs a link that makes the hit its cause ("the delay came from the carrier"), not
    // a mere place or time ("errors occurred during the migration").
    let linked = s.before.last().is_some_and(|w| CAUSE_LINKS.contains(&w.as_str()));
    // "we sent your files ...": the hit is what "we" acted on.
    let recent = &s.before[s.before.len().saturating_sub(3)..];
    let ours = recent.iter().any(|w| WE.contains(&w.as_str()))
        && !recent.iter().any(|w| CLAUSE_LINKS.contains(&w.as_str()) || CAUSE_LINKS.contains(&w.as_str()));
    if ours {
        return false;
    }
    // Failure words after the hit, except those it only suffered ("your data was lost").
    let caused_after = s.after.iter().enumerate().any(|(i, w)| {
        FAILURE_WORDS.contains(&w.as_str())
            && !(SUFFERED.contains(&w.as_str()) && i > 0 && BE.contains(&s.after[i - 1].as_str()))
    });
    let failure = caused_after
        || has_sequence(&s.after, FAILURE_PHRASES)
        || (linked && (has_any(&s.before, FAILURE_WORDS) || has_sequence(&all, FAILURE_PHRASES)));
    if !failure {
        return false;
    }
    let joined = s.joined();
    let condition =
        has_any(&s.before, CONDITION_WORDS) || has_phrase(&format!(" {} ", s.before.join(" ")), &["in case"]);
    let fixed = has_any(&s.before, FIX_WORDS) || has_any(&s.after, FIX_WORDS) || has_phrase(&joined, &["no longer"]);
    !(condition || fixed || s.owns(&joined))
}

/// The failure words, and one word (the longest, the last of equals) of each failure phrase, by
/// first byte: a sentence telling a failure holds one of them as a word.
fn failure_keys() -> &'static [Vec<&'static str>] {
    static KEYS: std::sync::OnceLock<Vec<Vec<&'static str>>> = std::sync::OnceLock::new();
    KEYS.get_or_init(|| {
        let mut by_first: Vec<Vec<&'static str>> = vec![Vec::new(); 256];
        let phrase_keys = FAILURE_PHRASES.iter().filter_map(|p| {
            p.split(' ').fold(None, |best: Option<&'static str>, w| match best {
                Some(b) if b.len() > w.len() => Some(b),
                _ => Some(w),
            })
        });
        for w in FAILURE_WORDS.iter().copied().chain(phrase_keys) {
            if let Some(&b) = w.as_bytes().first() {
                by_first[usize::from(b)].push(w);
            }
        }
        by_first
    })
}

/// A quick, allocation-free test that must pass for [`caused_failure`] to: some word of the
/// text either side of the hit (the span [`Sentence::around`] reads, split into words the same
/// way) is a failure word or the key word of a failure phrase. It returns `true` (cannot tell)
/// when that text is not ASCII, where lower-casing a word may change more than ASCII letters.
fn may_tell_failure(line: &str, range: &Range<usize>) -> bool {
    let lo = floor_boundary(line, range.start.saturating_sub(WINDOW));
    let hi = ceil_boundary(line, range.end + WINDOW);
    let (head, rest) = (&line.as_bytes()[lo..range.start], &line.as_bytes()[range.end..hi]);
    if !head.is_ascii() || !rest.is_ascii() {
        return true;
    }
    let keys = failure_keys();
    let has_key = |text: &[u8]| {
        text.split(|&b| !(b.is_ascii_alphanumeric() || b == b'\'' || b == b'-')).any(|w| {
            let start = w.iter().position(|&b| b != b'\'' && b != b'-').unwrap_or(w.len());
            let end = w.iter().rposition(|&b| b != b'\'' && b != b'-').map_or(start, |i| i + 1);
            let w = &w[start..end.max(start)];
            w.first().is_some_and(|&b| {
                keys[usize::from(b.to_ascii_lowercase())].iter().any(|k| k.as_bytes().eq_ignore_ascii_case(w))
            })
        })
    };
    has_key(head) || has_key(rest)
}

/// The hit tells a failure without a doer: no "by ..." naming one right after (other than "by
/// mistake"), no "I"/"we" as its subject, and no fault owned in the sentence.
fn hidden_actor(s: &Sentence) -> bool {
    if s.end == Some('?') {
        return false;
    }
    let agent = s.after.iter().take(3).position(|w| w == "by").is_some_and(|i| {
        s.after.get(i + 1).is_some_and(|n| !["mistake", "accident", "error", "oversight"].contains(&n.as_str()))
    });
    let subject = s
        .before
        .last()
        .is_some_and(|w| ["i", "we", "i've", "we've", "nothing", "none", "nobody", "no"].contains(&w.as_str()));
    let condition = has_any(&s.before, CONDITION_WORDS);
    let joined = s.joined();
    !(agent || subject || condition || s.owns(&joined))
}

/// Whether the whole sentence around a hit, read across semicolons and colons (at most `WINDOW`
/// bytes either side), owns the fault ("Our warehouse team packed the wrong size; that was our
/// mistake") or, after the hit, commits the writer to the next step ("The onboarding backlog is
/// twelve days long, so I have booked your slot"): then the named party is part of a fact the
/// writer is handling, not the one blamed.
fn owned_or_handled(line: &str, range: &Range<usize>) -> bool {
    let stops = ['.', '!', '?', '…'];
    let head = &line[floor_boundary(line, range.start.saturating_sub(WINDOW))..range.start];
    let head = head.rfind(stops).map_or(head, |i| &head[i + head[i..].chars().next().map_or(1, char::len_utf8)..]);
    let rest = &line[range.end..ceil_boundary(line, range.end + WINDOW)];
    let tail = rest.find(stops).map_or(rest, |i| &rest[..i]);
    let after = format!(" {} ", lower_words(tail).join(" "));
    let whole = Sentence { before: lower_words(head), after: lower_words(tail), end: None };
    whole.owns(&whole.joined()) || has_phrase(&after, COMMITMENTS)
}

/// The hit states a limit, and its sentence does not commit the writer to a next step.
fn no_commitment(line: &str, range: &Range<usize>) -> bool {
    // A next step may come after a semicolon ("we tried everything; here is the new plan"), so
    // read on to the end of the sentence, still at most `WINDOW` bytes.
    let rest = &line[range.end..ceil_boundary(line, range.end + WINDOW)];
    let tail = rest.find(['.', '!', '?', '…']).map_or(rest, |i| &rest[..i]);
    !has_phrase(&format!(" {} ", lower_words(tail).join(" ")), COMMITMENTS)
}

/// Applies the case of `like` to `text`: "BUT" → "AND", "But" → "And", "but" → "and".
pub(crate) fn match_case(text: &str, like: &str) -> String {
    let letters: Vec<char> = like.chars().filter(|c| c.is_alphabetic()).collect();
    if letters.len() > 1 && letters.iter().all(|c| c.is_uppercase()) {
        return text.to_uppercase();
    }
    if letters.first().is_some_and(|c| c.is_uppercase()) {
        let mut chars = text.chars();
        return match chars.next() {
            Some(first) => first.to_uppercase().chain(chars).collect(),
            None => String::new(),
        };
    }
    text.to_string()
}

/// Decides one hit: returns the finding, or `None` when the hit is not a use of the rule's sense.
/// `range` is the hit's byte range within `line`, a whole word (`Rules::phrase_matches_into`
/// returns only those).
pub(crate) fn judge(
    rule: &Rule,
    trigger: &Trigger,
    line: &str,
    line_no: usize,
    range: Range<usize>,
    prev: PrevLine,
    columns: &mut Columns,
) -> Option<Finding> {
    if is_mentioned(line, &range) {
        return None;
    }
    let before = if trigger.not_after.is_empty() && trigger.sense != Sense::ContrastiveBut {
        Vec::new()
    } else {
        words_before(line, range.start)
    };
    if trigger.not_after.iter().any(|seq| matches_words_before(&before, seq)) {
        return None;
    }
    if !trigger.not_before.is_empty() {
        let longest = trigger.not_before.iter().map(Vec::len).max().unwrap_or(0);
        let after = words_after(line, range.end, longest);
        if trigger.not_before.iter().any(|seq| matches_words_after(&after, seq)) {
            return None;
        }
    }
    let matched = &line[range.clone()];
    let position = position(line, range.start, prev);
    let used = match trigger.sense {
        Sense::Any => true,
        Sense::ContrastiveBut => contrastive_but(line, &range, position, &before),
        Sense::ContrastiveHowever => contrastive_however(line, &range, matched, position),
        Sense::ContrastiveYet => contrastive_yet(line, &range, matched, position),
        Sense::CausedFailure => {
            may_tell_failure(line, &range)
                && caused_failure(&Sentence::around(line, &range))
                && !owned_or_handled(line, &range)
        }
        Sense::HiddenActor => hidden_actor(&Sentence::around(line, &range)),
        Sense::NoCommitment => no_commitment(line, &range),
    };
    if !used {
        return None;
    }
    let fix = trigger
        .fix
        .as_ref()
        .filter(|_| trigger.fix_at.iter().any(|at| at.allows(position)))
        .map(|f| match_case(f, matched));
    let suggestion = match &fix {
        Some(f) => Some(format!("replace \"{matched}\" with \"{f}\"").into()),
        None => trigger.suggestion.clone().or_else(|| rule.suggestion.clone()),
    };
    let column = columns.at(line, range.start);
    let end_column = column + matched.chars().count();
    Some(Finding {
        line: line_no,
        column,
        end_column,
        byte_range: range.clone(),
        rule: rule.id.clone(),
        matched: matched.to_string(),
        message: rule.message.clone(),
        suggestion,
        fix,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint::boundary::is_whole_word;

    /// The quick failure test passes wherever the full sentence check finds a failure, on random
    /// sentences of failure words, failure phrases, near misses, case and punctuation.
    #[test]
    fn failure_precheck_never_hides_a_failure() {
        let pieces = [
            "the carrier ",
            "The Carrier ",
            "late ",
            "LATE ",
            "translated ",
            "held ",
            "up ",
            "it ",
            "is ",
            "down ",
            "behind ",
            "running ",
            "because ",
            "of ",
            "didn't ",
            "didn’t ",
            "'lost' ",
            "-broken- ",
            "mix-up ",
            "by ",
            "we ",
            "fixed ",
            "if ",
            ", ",
            ". ",
            "; ",
            "? ",
            "changed ",
            "the ",
            "scope ",
            "goalposts ",
            "moved ",
            "things ",
            "fell ",
            "still ",
            "waiting ",
            "on ",
            "x ",
            "was ",
            "our fault ",
            "naïve ",
        ];
        let mut seed = 7u64;
        let mut failures = 0;
        for _ in 0..20_000 {
            let mut line = String::new();
            for _ in 0..12 {
                seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                line.push_str(pieces[(seed >> 33) as usize % pieces.len()]);
            }
            let lower = line.to_ascii_lowercase();
            let mut from = 0;
            while let Some(i) = lower[from..].find("the carrier") {
                let range = from + i..from + i + "the carrier".len();
                if caused_failure(&Sentence::around(&line, &range)) {
                    failures += 1;
                    assert!(may_tell_failure(&line, &range), "{line:?} {range:?}");
                }
                from = range.end;
            }
        }
        assert!(failures > 100, "the sentences exercise the check ({failures})");
    }

    #[test]
    fn whole_words_only() {
        let r = |s: &str, w: &str| {
            let i = s.find(w).unwrap();
            is_whole_word(s, &(i..i + w.len()))
        };
        assert!(r("yes but no", "but"));
        assert!(r("but", "but"));
        assert!(r("“but no", "but"));
        for s in ["button", "abut", "rebut", "debut", "butter", "buts", "but's", "re-but", "a/but"] {
            assert!(!r(s, "but"), "{s}");
        }
        assert!(!r("début", "but"));
        assert!(!r("see example.but.com", "but"));
        assert!(r("yes, but.", "but"));
    }

    #[test]
    fn mentions() {
        let m = |s: &str| {
            let i = s.find("but").unwrap();
            is_mentioned(s, &(i..i + 3))
        };
        assert!(m("replace 'but' with 'and'"));
        assert!(m("the word “but” hurts"));
        assert!(m("the word `but` hurts"));
        assert!(m("say \"but\" less"));
        assert!(!m("He said \"but we can't\""));
    }

    #[test]
    fn positions() {
        use Position::*;
        assert_eq!(position("But we", 0, PrevLine::None), SentenceStart);
        assert_eq!(position("But we", 0, PrevLine::Tail('d')), Other);
        assert_eq!(position("But we", 0, PrevLine::Tail('.')), SentenceStart);
        assert_eq!(position("ok. \"But we", 5, PrevLine::Tail('d')), SentenceStart);
        assert_eq!(position("- But we", 2, PrevLine::Tail('d')), Other);
        assert_eq!(position("yes, but", 5, PrevLine::None), AfterComma);
        assert_eq!(position("yes; but", 5, PrevLine::None), AfterSemicolon);
        assert_eq!(position("yes but", 4, PrevLine::None), Other);
    }

    #[test]
    fn case() {
        assert_eq!(match_case("and", "BUT"), "AND");
        assert_eq!(match_case("and", "But"), "And");
        assert_eq!(match_case("and", "but"), "and");
        assert_eq!(match_case("and", "However,"), "And");
        assert_eq!(match_case("and", "B"), "And");
        assert_eq!(match_case("and", "BuT"), "And");
        assert_eq!(match_case("and", "bUT"), "and");
        assert_eq!(match_case("and", "B-U-T"), "AND");
        assert_eq!(match_case("and", ""), "and");
    }

    #[test]
    fn words() {
        let w = words_before("Well. It is not a discount, but", 28);
        let texts: Vec<&str> = w.iter().map(|w| w.text).collect();
        assert_eq!(texts, ["It", "is", "not", "a", "discount"]);
        assert!(w[4].punct_after);
        let a = words_after("but not least, we", 3, 3);
        let texts: Vec<&str> = a.iter().map(|w| w.text).collect();
        assert_eq!(texts, ["not", "least", "we"]);
        assert!(a[2].punct_after);
        assert!(word_eq("Can’t", "can't"));
        assert!(word_eq("'Not'", "not"));
        assert!(word_eq("’Not’", "not"));
        assert!(!word_eq("Nott", "not"));
        assert!(!word_eq("cant", "can't"));
    }
}
