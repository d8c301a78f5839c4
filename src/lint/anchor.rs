//! Anchors: the words that every finding's line must contain, and the filter that finds them.
//!
//! The rules expand to about 20,000 phrases, most of them starting with the commonest words of
//! English ("the supplier", "we did everything", "your team"); searching for all of them, or for
//! their starts, finds a hit in most lines of ordinary prose, and each hit then costs a look at
//! its sentence. So the scanner first looks for a much smaller set of keys: for each phrase, its
//! least common word or pair of adjacent words, and for a rule whose sense needs a failure in the
//! sentence (`caused-failure`: "the carrier" counts only next to "held it up", "late", ...), the
//! keys of the failure words instead. Only lines holding a key get the full phrase search and the
//! sense checks.
//!
//! **Why words, not an automaton of substrings.** A key is looked up once per word of the text,
//! by a hash of its letters, in a table that fits in the CPU's cache; an automaton of the keys'
//! bytes (thousands of them, mostly runs of three words) is a table of megabytes stepped once per
//! byte, and took most of a second's work to build and to run over 200 MB. The word filter is
//! built in well under a millisecond.
//!
//! **Why no line with a finding is skipped.** A word, here, is a maximal run of ASCII letters and
//! digits ([`is_word_byte`]); everything else, including any non-ASCII byte, separates words. A
//! finding is a whole-word match of a phrase (`boundary::is_whole_word`: the characters next to it
//! are not alphanumeric), and the phrase's bytes equal the text's up to ASCII case, so the text's
//! words at the match are exactly the phrase's words: a key made of one word, or of two adjacent
//! words, of the phrase is among the text's words (or adjacent pairs of words) on that line. The
//! filter may let through lines without a phrase (a hash collision, or a pair split by a comma);
//! the phrase search then finds nothing there. A phrase without a single letter or digit has no
//! key, and then every line is searched.
//!
//! **Finding the phrases of a line that passed.** The same argument finds them: every phrase is
//! indexed by the hash of its own key (a `caused-failure` phrase too), with the distance from its
//! start to the key's end. On a line that passed, each word is hashed again with the pair and the
//! triple ending at it, and the phrases under those hashes are compared in place, at that distance
//! back. A few look-ups per word of the few lines that pass replace an automaton of the phrase
//! starts, which was 4 MB (more than a core's cache) and a fifth of lint's start-up to build.

use super::failure::{FAILURE_PHRASES, FAILURE_WORDS};

/// The commonest words of running English (function words), roughly one line in twenty or more
/// holds each.
const TOP: &[&str] = &[
    "the", "a", "an", "and", "or", "to", "of", "in", "on", "at", "for", "with", "by", "from", "as", "is", "are", "was",
    "were", "be", "been", "it", "its", "it's", "this", "that", "i", "we", "you", "your", "our", "my", "me", "us",
    "they", "them", "their", "not", "no", "do", "did", "have", "has", "had", "will", "would", "can", "could", "so",
    "if", "but", "just", "what", "all", "i'm", "we're", "you're", "that's", "there", "here", "about", "up", "out",
    "now", "then", "than",
    // What an apostrophe leaves of a word, as the filter splits words ("don't": "don", "t").
    "s", "t", "m", "re", "ve", "ll", "d",
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

/// A phrase's key: a run of one to three adjacent words of it, as written (the filter folds
/// ASCII case).
pub(crate) type Key<'p> = Vec<&'p str>;

/// Whether a byte belongs to a word, for the filter: ASCII letters and digits only, so that a
/// word boundary in the filter's sense is one in `boundary::is_whole_word`'s too.
pub(crate) fn is_word_byte(b: u8) -> bool {
    (b | 0x20).wrapping_sub(b'a') < 26 || b.wrapping_sub(b'0') < 10
}

/// The words of `text`, in the filter's sense, each with the byte offset just past it.
fn word_ends(text: &str) -> impl Iterator<Item = (&str, usize)> {
    let mut at = 0;
    text.split(|c: char| !(c.is_ascii() && is_word_byte(c as u8))).filter_map(move |w| {
        // `split` yields consecutive pieces, each followed by one separator character.
        let end = at + w.len();
        at = end + text[end..].chars().next().map_or(0, char::len_utf8);
        (!w.is_empty()).then_some((w, end))
    })
}

/// The longest run of words a key may be.
const KEY_WORDS: usize = 3;

/// The key for one phrase: the run of one to three adjacent words that the fewest lines hold,
/// estimated from its rarest word, narrowed by the others. `None` for a phrase without a letter
/// or digit.
pub(crate) fn anchor_of(phrase: &str) -> Option<Key<'_>> {
    key_and_end(phrase).map(|(key, _)| key)
}

/// [`anchor_of`], with the byte offset in `phrase` just past the key's last word.
fn key_and_end(phrase: &str) -> Option<(Key<'_>, usize)> {
    let (words, ends): (Vec<&str>, Vec<usize>) = word_ends(phrase).unzip();
    let rates: Vec<f64> = words.iter().map(|w| rate(w)).collect();
    let mut best: Option<(f64, usize, usize)> = None;
    for i in 0..words.len() {
        for n in 1..=KEY_WORDS.min(words.len() - i) {
            let run = &rates[i..i + n];
            let rarest = (0..n).min_by(|&a, &b| run[a].total_cmp(&run[b])).unwrap_or(0);
            let r = run[rarest]
                * run.iter().enumerate().filter(|&(k, _)| k != rarest).map(|(_, &w)| narrowing(w)).product::<f64>();
            if best.is_none_or(|(b, _, _)| r < b) {
                best = Some((r, i, n));
            }
        }
    }
    best.map(|(_, i, n)| (words[i..i + n].to_vec(), ends[i + n - 1]))
}

/// Bits of the filter's table index: 2^14 words of 64 bits, 128 KiB, which stays in a core's
/// second-level cache.
const TABLE_BITS: u32 = 14;

/// Every byte of the eight in `x` (little-endian) that [`is_word_byte`], as a bit mask (bit `i`
/// for byte `i`), computed on all eight at once: each byte of `x & 0x7f..` plus a constant
/// carries into its own top bit exactly when the byte is at or above a bound, and no byte
/// overflows into the next.
fn word_bytes(x: u64) -> u64 {
    const fn each(b: u8) -> u64 {
        u64::from_le_bytes([b; 8])
    }
    let ascii = !x & each(0x80);
    let low = x & each(0x7f);
    let folded = low | each(0x20);
    let letter = (folded + each(0x80 - b'a')) & !(folded + each(0x7f - b'z'));
    let digit = (low + each(0x80 - b'0')) & !(low + each(0x7f - b'9'));
    let top = (letter | digit) & ascii;
    // Gathers the eight top bits into the low byte, byte `i`'s bit landing at bit `i`.
    ((top >> 7).wrapping_mul(0x0102_0408_1020_4080)) >> 56
}

/// The hash of the word `hay[start..end]` (at least one byte): its first eight bytes folded to
/// lower case, and its length. Longer words that share those eight bytes and their length share
/// a hash; that only lets an extra line through.
fn word_hash(hay: &[u8], start: usize, end: usize) -> u64 {
    let len = end - start;
    let take = len.min(8);
    let eight: [u8; 8] = match hay.get(start..start + 8) {
        Some(eight) => eight.try_into().unwrap_or_default(),
        None => {
            let mut eight = [0u8; 8];
            eight[..take].copy_from_slice(&hay[start..start + take]);
            eight
        }
    };
    let keep = u64::MAX >> (64 - 8 * take as u32);
    let w = (u64::from_le_bytes(eight) | 0x2020_2020_2020_2020) & keep;
    (w ^ (len as u64) << 58).wrapping_mul(0x9E37_79B9_7F4A_7C15)
}

/// The hash of a run of words followed by one more word, from theirs.
fn pair_hash(first: u64, second: u64) -> u64 {
    (first.rotate_left(29) ^ second).wrapping_mul(0xC2B2_AE3D_27D4_EB4F)
}

/// The hash of a key (a run of one to three words), as the scan computes it at the key's last
/// word: the word's hash, chained with the words before it by [`pair_hash`].
fn key_hash(key: &Key<'_>) -> u64 {
    key.iter().map(|w| word_hash(w.as_bytes(), 0, w.len())).reduce(pair_hash).unwrap_or(0)
}

/// A Bloom filter of key hashes, two bits in one 64-bit word per key: one memory read per test;
/// and the index of every phrase by its own key, which finds the phrases of a line that passed.
#[derive(Debug, Clone)]
pub(crate) struct Anchors {
    table: Vec<u64>,
    index: KeyIndex,
}

/// Where `hash` lives in the table: the word's index and the two bits.
fn slot(hash: u64) -> (usize, u64) {
    let index = (hash >> (64 - TABLE_BITS)) as usize;
    let bits = (1u64 << ((hash >> 40) & 63)) | (1u64 << ((hash >> 34) & 63));
    (index, bits)
}

impl Anchors {
    /// The filter and the phrase index for the enabled phrases, in pattern order, each given with
    /// whether its sense is `caused-failure` (then the failure words' keys stand for it in the
    /// filter, see the module doc). `None` when some phrase has no key, so that every line must
    /// be searched by the phrase automaton.
    pub(crate) fn build<'a>(phrases: impl IntoIterator<Item = (&'a str, bool)>) -> Option<Anchors> {
        let mut table = vec![0u64; 1 << TABLE_BITS];
        let mut add = |key: &Key<'_>| {
            let (i, bits) = slot(key_hash(key));
            table[i] |= bits;
        };
        let mut failure = false;
        let mut keyed = Vec::new();
        for (pattern, (phrase, caused_failure)) in phrases.into_iter().enumerate() {
            let (key, end) = key_and_end(phrase)?;
            keyed.push((key_hash(&key), pattern as u32, end as u32));
            if phrase.contains('\u{2019}') {
                // Its twin with `'` is a phrase too (`rules::apostrophe_variants`), and both
                // apostrophes separate words: the same key in the filter.
                continue;
            }
            if caused_failure {
                failure = true;
            } else {
                add(&key);
            }
        }
        if failure {
            // `’` and `'` both separate words, so one spelling gives the key of both.
            for word in FAILURE_WORDS.iter().chain(FAILURE_PHRASES) {
                add(&anchor_of(word)?);
            }
        }
        Some(Anchors { table, index: KeyIndex::new(keyed) })
    }

    /// Pushes onto `out` every occurrence of a phrase in `line` that is a whole word
    /// (`boundary::is_whole_word`), as (start, end, pattern index), in no particular order;
    /// `phrases` are the patterns the filter was built from.
    ///
    /// Each word of the line is hashed as the scan does, with the pair and the triple of words
    /// ending at it, and the phrases keyed by those hashes are compared in place: the text's
    /// words at a whole-word occurrence are the phrase's words (module doc), so its key ends at
    /// one of the line's words, at the same distance from the phrase's start.
    pub(crate) fn phrases_in(&self, line: &str, phrases: &[String], out: &mut Vec<(usize, usize, usize)>) {
        let bytes = line.as_bytes();
        let (mut prev, mut prev2) = (0u64, 0u64);
        let mut at = 0;
        while at < bytes.len() {
            if !is_word_byte(bytes[at]) {
                at += 1;
                continue;
            }
            let start = at;
            while at < bytes.len() && is_word_byte(bytes[at]) {
                at += 1;
            }
            let h = word_hash(bytes, start, at);
            let two = pair_hash(prev, h);
            for key in [h, two, pair_hash(prev2, h)] {
                for &(pattern, end) in self.index.get(key) {
                    let (pattern, end) = (pattern as usize, end as usize);
                    let phrase = phrases[pattern].as_bytes();
                    let Some(from) = at.checked_sub(end) else { continue };
                    let to = from + phrase.len();
                    if to <= bytes.len()
                        && bytes[from..to].eq_ignore_ascii_case(phrase)
                        && super::boundary::is_whole_word(line, &(from..to))
                    {
                        out.push((from, to, pattern));
                    }
                }
            }
            (prev, prev2) = (h, two);
        }
    }

    fn holds(&self, hash: u64) -> bool {
        let (i, bits) = slot(hash);
        self.table[i] & bits == bits
    }

    /// Pushes onto `out` the start of every word of `hay` that completes a key (a key word, or
    /// the last word of a run of two or three), in increasing order: every line holding a key
    /// gets at least one position.
    ///
    /// The words are found 64 bytes at a time: a bit mask of word bytes ([`word_bytes`], eight
    /// bytes per step) gives word starts and ends by shifts, so the work per byte is a few
    /// instructions, and each word costs a hash and three table reads (the word, and the pair
    /// and the triple of words ending with it).
    pub(crate) fn candidates(&self, hay: &[u8], out: &mut Vec<usize>) {
        out.clear();
        let mut carry = 0u64; // whether the byte before the block was a word byte
        let mut open: Option<usize> = None; // start of a word still running at the block's end
        let mut prev = 0u64; // hash of the word before
        let mut prev2 = 0u64; // hash of the two words before
        let mut block = [b' '; 64];
        for (n, chunk) in hay.chunks(64).enumerate() {
            let base = n * 64;
            let bytes: &[u8; 64] = match chunk.try_into() {
                Ok(full) => full,
                Err(_) => {
                    block[..chunk.len()].copy_from_slice(chunk);
                    &block
                }
            };
            let mut mask = 0u64;
            for (i, eight) in bytes.chunks_exact(8).enumerate() {
                let eight: [u8; 8] = eight.try_into().unwrap_or_default();
                mask |= word_bytes(u64::from_le_bytes(eight)) << (8 * i);
            }
            let shifted = (mask << 1) | carry;
            let mut starts = mask & !shifted;
            let mut ends = !mask & shifted;
            carry = mask >> 63;
            loop {
                let start = match open.take() {
                    Some(s) => s,
                    None if starts != 0 => {
                        let s = base + starts.trailing_zeros() as usize;
                        starts &= starts - 1;
                        s
                    }
                    None => break,
                };
                if ends == 0 {
                    open = Some(start);
                    break;
                }
                let end = base + ends.trailing_zeros() as usize;
                ends &= ends - 1;
                let h = word_hash(hay, start, end);
                let (two, three) = (pair_hash(prev, h), pair_hash(prev2, h));
                if self.holds(h) | self.holds(two) | self.holds(three) {
                    out.push(start);
                }
                (prev, prev2) = (h, two);
            }
        }
        if let Some(start) = open {
            let h = word_hash(hay, start, hay.len());
            if self.holds(h) | self.holds(pair_hash(prev, h)) | self.holds(pair_hash(prev2, h)) {
                out.push(start);
            }
        }
    }
}

/// The phrases by the hash of their key: an open-addressing table of hashes, each with its run
/// of (pattern index, byte offset just past the key in the phrase). Two keys that share a hash
/// share a run; the comparison in place sorts them out.
#[derive(Debug, Clone)]
struct KeyIndex {
    /// Per slot: a key hash (0 for an empty slot) and its run.
    slots: Vec<(u64, u32, u32)>,
    entries: Vec<(u32, u32)>,
}

impl KeyIndex {
    fn new(mut keyed: Vec<(u64, u32, u32)>) -> KeyIndex {
        // 0 marks an empty slot, so a key hashing to 0 is filed under 1 (as `get` looks it up).
        for k in &mut keyed {
            k.0 = k.0.max(1);
        }
        keyed.sort_unstable();
        let distinct = keyed.chunk_by(|a, b| a.0 == b.0).count();
        // At most half full, so that a look-up of an absent hash ends after a slot or two.
        let mut slots = vec![(0u64, 0u32, 0u32); (2 * distinct).next_power_of_two().max(2)];
        let mask = slots.len() - 1;
        let mut entries = Vec::with_capacity(keyed.len());
        for run in keyed.chunk_by(|a, b| a.0 == b.0) {
            let hash = run[0].0;
            let from = entries.len() as u32;
            entries.extend(run.iter().map(|&(_, pattern, end)| (pattern, end)));
            let mut i = (hash >> 32) as usize & mask;
            while slots[i].0 != 0 {
                i = (i + 1) & mask;
            }
            slots[i] = (hash, from, entries.len() as u32);
        }
        KeyIndex { slots, entries }
    }

    /// The phrases whose key hashes to `hash`.
    fn get(&self, hash: u64) -> &[(u32, u32)] {
        let hash = hash.max(1);
        let mask = self.slots.len() - 1;
        let mut i = (hash >> 32) as usize & mask;
        loop {
            let (h, from, to) = self.slots[i];
            if h == hash {
                return &self.entries[from as usize..to as usize];
            }
            if h == 0 {
                return &[];
            }
            i = (i + 1) & mask;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The words of `text`, in the filter's sense.
    fn words(text: &str) -> impl Iterator<Item = &str> {
        word_ends(text).map(|(w, _)| w)
    }

    #[test]
    fn rates_follow_the_word_lists() {
        assert_eq!(rate("The"), 0.05);
        assert_eq!(rate("it's"), 0.05);
        assert_eq!(rate("Customers"), 0.01);
        assert_eq!(rate("regrettably"), 0.002);
        assert_eq!(rate("zap"), 0.004);
        assert_eq!(rate("a-very-long-hyphenated-word"), 0.002);
    }

    /// The key of `phrase`, lower-cased and joined by spaces.
    fn key(phrase: &str) -> Option<String> {
        anchor_of(phrase).map(|k| k.join(" ").to_ascii_lowercase())
    }

    #[test]
    fn a_key_is_the_least_common_piece() {
        let is = |phrase: &str, expected: &str| assert_eq!(key(phrase).as_deref(), Some(expected), "{phrase}");
        is("regrettably", "regrettably");
        is("as I said", "as i said");
        is("But", "but");
        is("it's not our fault", "not our fault");
        // Common words only: together they are rarer than any one of them.
        is("had you sent", "had you sent");
        // Apostrophes and non-ASCII letters separate words in both spellings.
        assert_eq!(key("won\u{2019}t budge"), key("won't budge"));
        assert_eq!(key("\u{2014}"), None);
    }

    /// Whether `filter` lets `text` through.
    fn passes(filter: &Anchors, text: &str) -> bool {
        let mut out = Vec::new();
        filter.candidates(text.as_bytes(), &mut out);
        !out.is_empty()
    }

    #[test]
    fn caused_failure_phrases_are_found_by_their_failure_words() {
        let filter = Anchors::build([("the carrier", true), ("however", false)]).expect("every phrase has a key");
        assert!(!passes(&filter, "the carrier delivered"));
        assert!(passes(&filter, "However, yes"));
        assert!(passes(&filter, "it was LATE"));
        assert!(passes(&filter, "it was held up"));
        assert!(Anchors::build([("\u{2014}", false)]).is_none(), "a phrase without a word disables the filter");
    }

    #[test]
    fn word_bytes_agrees_with_is_word_byte() {
        let mut seed = 3u64;
        for _ in 0..100_000 {
            seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            let bytes = seed.to_le_bytes();
            let expected = bytes.iter().enumerate().fold(0, |m, (i, &b)| m | (is_word_byte(b) as u64) << i);
            assert_eq!(word_bytes(seed), expected, "{bytes:?}");
        }
        for b in 0..=255u8 {
            assert_eq!(word_bytes(u64::from(b)) & 1 == 1, b.is_ascii_alphanumeric(), "{b}");
        }
    }

    /// The lines the filter lets through include every line holding a key as whole words, with
    /// words cut at every kind of separator and at the 64-byte block edges.
    #[test]
    fn every_line_with_a_key_is_a_candidate() {
        let phrases = ["however", "Unfortunately", "held up", "b2b", "x", "as I said"];
        let keys: Vec<Vec<String>> =
            phrases.iter().filter_map(|p| key(p)).map(|k| k.split(' ').map(str::to_string).collect()).collect();
        assert_eq!(keys.len(), phrases.len());
        let filter = Anchors::build(phrases.iter().map(|p| (*p, false))).expect("keys");
        let pieces = [
            "However",
            "unfortunately",
            "held",
            "up",
            "HELD",
            "Up",
            "b2b",
            "x",
            "the",
            "plan",
            "uphold",
            "upheld",
            "xx",
            "as",
            "I",
            "said",
            "as I said",
            "As i SAID",
            "held up",
            "\u{e9}",
            " ",
            " ",
            " ",
            ",",
            "\n",
            "\r\n",
            "\u{2019}",
            "-",
            ".",
            "  ",
        ];
        let mut seed = 7u64;
        let mut out = Vec::new();
        for size in [1, 10, 63, 64, 65, 200, 5000] {
            for _ in 0..200 {
                let mut hay = String::new();
                while hay.len() < size {
                    seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                    hay.push_str(pieces[(seed >> 33) as usize % pieces.len()]);
                }
                filter.candidates(hay.as_bytes(), &mut out);
                let lines_hit: std::collections::BTreeSet<usize> =
                    out.iter().map(|&p| hay[..p].matches('\n').count()).collect();
                for (n, line) in hay.split('\n').enumerate() {
                    let w: Vec<String> = words(line).map(str::to_ascii_lowercase).collect();
                    let holds = (1..=KEY_WORDS).any(|n| w.windows(n).any(|run| keys.iter().any(|k| k == run)));
                    if holds {
                        assert!(lines_hit.contains(&n), "line {n} {line:?} of {hay:?}");
                    }
                }
                assert!(out.windows(2).all(|p| p[0] < p[1]), "in order");
            }
        }
    }

    /// On ordinary text without keys the filter lets few lines through (its table is sparse).
    #[test]
    fn few_false_candidates() {
        let phrases: Vec<String> = (0..6000).map(|i| format!("k{i}")).collect();
        let filter = Anchors::build(phrases.iter().map(|p| (p.as_str(), false))).expect("keys");
        let text = "We reviewed the proposal on Friday, and the team signed the contract last week.\n".repeat(1000);
        let mut out = Vec::new();
        filter.candidates(text.as_bytes(), &mut out);
        assert!(out.len() < 20, "{} false candidates in 1000 lines", out.len());
    }
}
