//! Where a phrase occurrence counts as a whole word. Both phrase searches keep only whole-word
//! occurrences, and the sense checks rely on it; it lives apart from both so that neither imports
//! the other.

use std::ops::Range;

/// Characters that, right before a hit, glue it to a word, path or address.
const GLUE_BEFORE: [char; 7] = ['_', '-', '/', '\\', '@', '#', '='];
/// Characters that, right after a hit, glue it to a word, path or address.
const GLUE_AFTER: [char; 6] = ['_', '-', '/', '\\', '@', '='];

/// True when the hit is a whole word, not part of "button", "re-but", a path or an address.
pub(crate) fn is_whole_word(line: &str, range: &Range<usize>) -> bool {
    let mut before = line[..range.start].chars().rev();
    match before.next() {
        Some(c) if c.is_alphanumeric() || GLUE_BEFORE.contains(&c) => return false,
        Some('\'' | '\u{2019}') if before.next().is_some_and(char::is_alphanumeric) => return false,
        _ => {}
    }
    let mut after = line[range.end..].chars();
    match after.next() {
        Some(c) if c.is_alphanumeric() || GLUE_AFTER.contains(&c) => false,
        Some('\'' | '\u{2019}' | '.') => !after.next().is_some_and(char::is_alphanumeric),
        _ => true,
    }
}
