//! Anchors: the few hundred literals that every finding's line must contain.
//!
//! The rules expand to about 20,000 phrases, most of them starting with the commonest words of
//! English ("the supplier", "we did everything", "your team"); searching for all of them, or for
//! their starts, finds a hit in most lines of ordinary prose, and each hit then costs a look at
//! its sentence. So the scanner first searches a much smaller set: for each phrase, its least
//! common word (the one most lines do not hold), and for a rule whose sense needs a failure in the
//! sentence (`caused-failure`: "the carrier" counts only next to "held it up", "late", ...), the
//! failure words instead of the phrase. Only lines holding an anchor get the full phrase search
//! and the sense checks. A line without an anchor cannot hold a finding, so this changes no
//! result; it only skips work.
//!
//! An anchor is one or two whole words of the phrase, so it is a plain substring of any text the
//! phrase matches (each apostrophe variant of a phrase is a phrase of its own).

use std::collections::BTreeSet;

use super::rules::Sense;
use super::sense::{FAILURE_PHRASES, FAILURE_WORDS};

/// The commonest words of running English (function words), roughly one line in twenty or more
/// holds each.
const TOP: &[&str] = &[
    "the", "a", "an", "and", "or", "to", "of", "in", "on", "at", "for", "with", "by", "from", "as", "is", "are", "was",
    "were", "be", "been", "it", "its", "it's", "this", "that", "i", "we", "you", "your", "our", "my", "me", "us",
    "they", "them", "their", "not", "no", "do", "did", "have", "has", "had", "will", "would", "can", "could", "so",
    "if", "but", "just", "what", "all", "i'm", "we're", "you're", "that's", "there", "here", "about", "up", "out",
    "now", "then", "than",
];

/// Frequent words of business mail, at a rate of about one line in a hundred: an anchor made of
/// one of these alone would send too many lines to the full search.
const COMMON: &[&str] = &[
    "being",
    "these",
    "those",
    "he",
    "she",
    "his",
    "her",
    "does",
    "should",
    "may",
    "might",
    "must",
    "any",
    "some",
    "which",
    "who",
    "when",
    "into",
    "over",
    "after",
    "before",
    "also",
    "very",
    "more",
    "only",
    "one",
    "two",
    "three",
    "let",
    "know",
    "get",
    "got",
    "make",
    "made",
    "see",
    "take",
    "need",
    "want",
    "please",
    "thanks",
    "thank",
    "team",
    "time",
    "new",
    "next",
    "plan",
    "call",
    "week",
    "weeks",
    "day",
    "days",
    "month",
    "quarter",
    "year",
    "today",
    "tomorrow",
    "last",
    "first",
    "meet",
    "meeting",
    "sent",
    "send",
    "share",
    "shared",
    "ask",
    "asked",
    "change",
    "changed",
    "confirm",
    "confirmed",
    "approve",
    "approved",
    "sign",
    "signed",
    "deliver",
    "delivered",
    "schedule",
    "scheduled",
    "discuss",
    "discussed",
    "review",
    "reviewed",
    "work",
    "client",
    "clients",
    "customer",
    "customers",
    "company",
    "board",
    "manager",
    "finance",
    "supplier",
    "courier",
    "contract",
    "proposal",
    "deadline",
    "timeline",
    "data",
    "service",
    "support",
    "statement",
    "budget",
    "short",
    "email",
    "update",
    "project",
    "order",
    "date",
    "delivery",
    "report",
    "price",
    "pricing",
    "invoice",
    "system",
    "process",
    "people",
    "way",
    "back",
    "again",
    "still",
    "well",
    "good",
    "great",
    "sure",
    "happy",
    "help",
    "think",
    "said",
    "say",
    "tell",
    "told",
    "give",
    "gave",
    "find",
    "found",
    "show",
    "look",
    "like",
    "way",
    "done",
];

/// How often a line holds `word`, roughly: the rarer a phrase's anchor, the fewer lines get the
/// full search.
fn rate(word: &str) -> f64 {
    // One hashed look-up of the lower-cased word (in a stack buffer: no list word is longer),
    // not a scan of both lists: this runs for every word of some 20,000 phrases at every start.
    static LISTED: std::sync::OnceLock<std::collections::HashMap<&'static [u8], f64>> = std::sync::OnceLock::new();
    let listed = LISTED.get_or_init(|| {
        // TOP last, so a word in both lists counts as the commoner.
        COMMON.iter().map(|w| (w.as_bytes(), 0.01)).chain(TOP.iter().map(|w| (w.as_bytes(), 0.05))).collect()
    });
    let mut buf = [0u8; 16];
    if let Some(lower) = buf.get_mut(..word.len()) {
        lower.copy_from_slice(word.as_bytes());
        lower.make_ascii_lowercase();
        if let Some(&r) = listed.get(&*lower) {
            return r;
        }
    }
    // Short words are often inside longer ones ("lose" in "close"); count them as common-ish.
    0.002 * (6.0 / word.len().max(1) as f64).max(1.0)
}

/// How much a word next to the rarest word of a run narrows it down: "the" hardly at all ("the
/// board" is about as common as "board"), a rare word a lot.
fn narrowing(rate: f64) -> f64 {
    match rate {
        r if r >= 0.05 => 0.5,
        r if r >= 0.01 => 0.2,
        _ => 0.05,
    }
}

/// The anchor for one phrase: the run of one to three of its words that the fewest lines hold,
/// estimated from its rarest word, narrowed by the others. Spaces in a phrase stand for one space
/// in the text (see `Rules::phrase_matches`), so a run of words is a plain substring of every
/// match.
pub(crate) fn anchor_of(phrase: &str) -> Option<String> {
    let words: Vec<&str> = phrase.split(' ').filter(|w| !w.is_empty()).collect();
    let rates: Vec<f64> = words.iter().map(|w| rate(w)).collect();
    let mut best: Option<(f64, usize, usize)> = None;
    for i in 0..words.len() {
        for n in 1..=3.min(words.len() - i) {
            let run = &rates[i..i + n];
            let rarest = (0..n).min_by(|&a, &b| run[a].total_cmp(&run[b])).unwrap_or(0);
            let r = run[rarest]
                * run.iter().enumerate().filter(|&(k, _)| k != rarest).map(|(_, &w)| narrowing(w)).product::<f64>();
            if best.is_none_or(|(b, _, _)| r < b) {
                best = Some((r, i, n));
            }
        }
    }
    best.map(|(_, i, n)| words[i..i + n].join(" ").to_ascii_lowercase())
}

/// The anchor set for the enabled phrases, each given with the sense of its trigger: one anchor
/// per phrase, or the failure words for `caused-failure` phrases.
pub(crate) fn anchors<'a>(phrases: impl IntoIterator<Item = (&'a str, Sense)>) -> Vec<String> {
    let mut set = BTreeSet::new();
    let mut failure = false;
    for (phrase, sense) in phrases {
        if sense == Sense::CausedFailure {
            failure = true;
        } else if let Some(a) = anchor_of(phrase) {
            set.insert(a);
        }
    }
    if failure {
        // The sense check reads `’` as `'`, so a failure word needs both spellings as anchors
        // (a phrase's own apostrophe variants arrive here as phrases).
        for word in FAILURE_WORDS.iter().chain(FAILURE_PHRASES) {
            for spelling in [word.to_string(), word.replace('\'', "\u{2019}")] {
                if let Some(a) = anchor_of(&spelling) {
                    set.insert(a);
                }
            }
        }
    }
    // An anchor holding another one as a run of its words adds nothing: the shorter one already
    // finds its lines.
    let covered = |a: &str| {
        let words: Vec<&str> = a.split(' ').collect();
        (0..words.len())
            .any(|i| (1..=words.len() - i).any(|n| n < words.len() && set.contains(&words[i..i + n].join(" "))))
    };
    set.iter().filter(|a| !covered(a)).cloned().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_follow_the_word_lists() {
        assert_eq!(rate("The"), 0.05);
        assert_eq!(rate("it's"), 0.05);
        assert_eq!(rate("Customers"), 0.01);
        assert_eq!(rate("regrettably"), 0.002);
        assert_eq!(rate("zap"), 0.004);
        assert_eq!(rate("a-very-long-hyphenated-word"), 0.002);
    }

    #[test]
    fn an_anchor_is_the_least_common_piece() {
        assert_eq!(anchor_of("regrettably").as_deref(), Some("regrettably"));
        assert_eq!(anchor_of("as I said").as_deref(), Some("as i said"));
        assert_eq!(anchor_of("it's not our fault").as_deref(), Some("not our fault"));
        assert_eq!(anchor_of("but").as_deref(), Some("but"));
        // Common words only: together they are rarer than any one of them.
        assert_eq!(anchor_of("had you sent").as_deref(), Some("had you sent"));
    }

    #[test]
    fn caused_failure_phrases_are_found_by_their_failure_words() {
        let a = anchors([("the carrier", Sense::CausedFailure), ("however", Sense::ContrastiveHowever)]);
        assert!(!a.iter().any(|x| x == "carrier"), "{a:?}");
        assert!(a.iter().any(|x| x == "however"));
        assert!(a.iter().any(|x| x == "late"));
        assert!(a.iter().any(|x| x == "held up"));
        // Each phrase gets its rarest run of words.
        let a = anchors([("you sent the wrong", Sense::Any), ("had you sent", Sense::Any)]);
        assert_eq!(a, ["had you sent", "sent the wrong"]);
    }
}
