//! What a typed value must look like for its kind (content format v2, section 1).
//!
//! A value becomes words a rep says aloud, so a name that is really "?" or "not sure", or a date
//! that is not a date, is refused with a one-line reason instead of being read out. The same check
//! runs whichever way the value arrives (flag, file, environment, prompt), so a script and a
//! person get the same answer.

/// Words that stand for "I don't know" rather than for a value.
const PLACEHOLDERS: &[&str] = &[
    "?",
    "??",
    "???",
    "<",
    ">",
    "-",
    "--",
    "...",
    "x",
    "xx",
    "xxx",
    "not sure",
    "unsure",
    "n/a",
    "na",
    "unknown",
    "nobody",
    "no one",
    "none",
    "tbd",
    "tbc",
    "todo",
    "idk",
    "dunno",
    "don't know",
    "dont know",
    "i don't know",
    "i dont know",
    "not known",
    "no idea",
    "later",
];

const MONTHS: &[&str] = &[
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];
const WEEKDAYS: &[&str] = &["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];

/// Words that are never a name, so a capital on them only means the rep typed the value as a
/// sentence of its own.
const SENTENCE_OPENERS: &[&str] = &[
    "A", "An", "The", "This", "That", "These", "Those", "We", "Our", "You", "Your", "They", "Their", "It", "Its", "He",
    "His", "She", "Her", "My", "Some", "All", "Most", "Every", "Each",
];

/// `value` as it reads inside a sentence: a phrase or clause goes after words of the track ("Since
/// we last spoke, ____."), so "We met the ops team" becomes "we met the ops team". Only a first
/// word that is never a name is lowered: "Northwind" and "I" stay as typed.
fn mid_sentence(value: &str) -> String {
    let first = value.split(' ').next().unwrap_or_default();
    if SENTENCE_OPENERS.contains(&first) {
        let mut chars = value.chars();
        chars.next().map(|c| c.to_lowercase().chain(chars).collect()).unwrap_or_default()
    } else {
        value.to_string()
    }
}

/// Checks `value` (already cleaned) against `kind`; returns the value as it goes into the words
/// (a noun phrase loses sentence-final punctuation, a clause its final full stop) or the reason it
/// is refused. A variable without a kind (an older team library) takes any non-empty value.
pub fn check(kind: Option<&str>, value: &str) -> Result<String, String> {
    check_dated(kind, value, None)
}

/// [`check`], with the day a relative date (`in 3 days`) counts from.
pub fn check_dated(kind: Option<&str>, value: &str, today: Option<&Today>) -> Result<String, String> {
    let value = value.trim();
    if value.is_empty() {
        return Err("a value is needed".into());
    }
    let Some(kind) = kind else {
        return Ok(value.to_string());
    };
    if is_placeholder(value) {
        return Err(format!(
            "`{value}` stands for not knowing; type the {} you will say aloud, or `-` alone to leave a blank you \
             fill in during the call",
            noun(kind)
        ));
    }
    match kind {
        "person" | "group" | "organisation" => {
            if !value.chars().any(char::is_alphabetic) {
                return Err(format!("a {} has letters in it", noun(kind)));
            }
            // A person's name is said exactly as typed, whatever its first word: "An", "A", "The"
            // and "De" are all names, and "van der Berg" is written small on purpose. A group is
            // said mid-sentence ("I've told ____ we're meeting"): "The ops team" reads "the ops
            // team". An organisation's name is a name too.
            Ok(if kind == "group" { mid_sentence(value) } else { value.to_string() })
        }
        "noun-phrase" => Ok(mid_sentence(value.trim_end_matches(['.', '!', '?', ';', ':']).trim_end())),
        "clause" => Ok(mid_sentence(value.trim_end_matches('.').trim_end())),
        "date" => {
            // A date goes into a frame that has its own preposition ("by ____", "Would ____
            // suit you?"), so "by Friday" would be read out as "by by Friday".
            let mut date = value.trim_end_matches('.');
            while let Some(rest) = ["by ", "on ", "before ", "until ", "till "].iter().find_map(|p| {
                date.get(..p.len()).filter(|head| head.eq_ignore_ascii_case(p)).map(|_| date[p.len()..].trim_start())
            }) {
                date = rest;
            }
            let hint = "write it as `1 March`, `2026-12-15`, `Friday` or `in 3 days`";
            // The calendar grammar `--due` takes, first: a day it reads is a day that exists.
            let relative = date.to_ascii_lowercase().starts_with("in ");
            match (dates::read(date, || today.map_or(jiff::civil::Date::MIN, Today::date)), today) {
                (Day::NoSuchDay(why), _) => Err(format!("{why}; {hint}")),
                // Said as a day: "in 3 days" and "2026-12-15" cannot be read out as typed.
                (Day::Is(day), Some(_)) if relative => Ok(dates::spoken(day)),
                (Day::Is(day), _) if !relative && date.contains('-') => Ok(dates::spoken(day)),
                (Day::Is(_), _) => Ok(date.to_string()),
                (Day::NotADay, _) if is_date(value) => Ok(date.to_string()),
                (Day::NotADay, _) => Err(format!("`{value}` is not a date mend can read; {hint}")),
            }
        }
        "amount" => {
            if value.chars().any(|c| c.is_ascii_digit()) {
                Ok(value.to_string())
            } else {
                Err(format!("an amount has a number in it (`€40,000`, `12 seats`); `{value}` has none"))
            }
        }
        _ => Ok(value.to_string()),
    }
}

/// How a kind is named in a message.
fn noun(kind: &str) -> &str {
    match kind {
        "person" => "name",
        "group" => "group",
        "organisation" => "organisation",
        "date" => "date",
        "amount" => "amount",
        _ => "words",
    }
}

fn is_placeholder(value: &str) -> bool {
    let v = value.trim().trim_end_matches(['.', '!']).to_lowercase().replace('\u{2019}', "'");
    PLACEHOLDERS.contains(&v.as_str())
        || v.chars().all(|c| !c.is_alphanumeric())
        || NOT_KNOWING.iter().any(|lead| v.strip_prefix(lead).is_some_and(|rest| rest.starts_with([' ', ',', ';'])))
}

/// Openings that say "I don't know" whatever follows ("not sure yet", "no idea, ask Sam"); a real
/// value does not start this way, unlike "none" or "unknown" ("unknown formats in the archive").
const NOT_KNOWING: &[&str] = &[
    "not sure",
    "unsure",
    "no idea",
    "no clue",
    "don't know",
    "dont know",
    "i don't know",
    "i dont know",
    "idk",
    "dunno",
];

use crate::account::dates::{self, Day, Today};

/// Dates as a rep writes them: `2026-12-15`, `15/12/2026`, `1 March`, `March 1st, 2027`,
/// `Friday`, `next Friday`, `today`, `tomorrow`, `end of March`, `mid-April`.
pub fn is_date(value: &str) -> bool {
    let v = value.trim().trim_end_matches('.').to_lowercase().replace(',', " ");
    let words: Vec<&str> = v.split_whitespace().collect();
    // Words that place a date without being one: `the end of June`, `by next Friday`,
    // `the first week of June`, `Wednesday the 21st`.
    const LEADS: &[&str] = &[
        "the",
        "next",
        "this",
        "on",
        "by",
        "before",
        "end",
        "early",
        "late",
        "mid",
        "start",
        "beginning",
        "first",
        "second",
        "third",
        "last",
        "week",
        "of",
    ];
    let mut words: &[&str] = &words;
    let mut led = false;
    while let [w, rest @ ..] = words {
        let is_lead = LEADS.contains(w) || (weekday(w.trim_end_matches('.')) && !rest.is_empty());
        if rest.is_empty() || !is_lead {
            break;
        }
        led = true;
        words = rest;
    }
    if led && matches!(words, ["week" | "month" | "quarter" | "year"]) {
        return true;
    }
    match words {
        [one] => {
            let one = one.strip_prefix("mid-").unwrap_or(one);
            ["today", "tomorrow"].contains(&one)
                || weekday(one)
                || month(one)
                || numeric_date(one)
                || (day(one) && one.ends_with(|c: char| c.is_ascii_alphabetic()))
        }
        [a, "of", b] => day(a) && month(b),
        [a, b] => (day(a) && month(b)) || (month(a) && (day(b) || year(b))) || (*a == "week" && b.len() <= 2),
        [a, b, c] => (day(a) && month(b) && year(c)) || (month(a) && day(b) && year(c)),
        _ => false,
    }
}

fn month(w: &str) -> bool {
    let w = w.trim_end_matches('.');
    w.len() >= 3 && MONTHS.iter().any(|m| m.starts_with(w))
}

fn weekday(w: &str) -> bool {
    w.len() >= 3 && WEEKDAYS.iter().any(|d| d.starts_with(w))
}

fn day(w: &str) -> bool {
    let digits = w.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    let suffix = &w[digits.len()..];
    ["", "st", "nd", "rd", "th"].contains(&suffix) && digits.parse::<u8>().is_ok_and(|d| (1..=31).contains(&d))
}

fn year(w: &str) -> bool {
    w.len() == 4 && w.parse::<u16>().is_ok_and(|y| (1900..=2200).contains(&y))
}

/// `2026-12-15`, `15/12/2026`, `12/15`, `15.12.2026`.
fn numeric_date(w: &str) -> bool {
    let parts: Vec<&str> = w.split(['-', '/', '.']).collect();
    let n = |s: &str| s.parse::<u16>().ok();
    match parts.as_slice() {
        [y, m, d] if y.len() == 4 => {
            n(m).is_some_and(|m| (1..=12).contains(&m)) && n(d).is_some_and(|d| (1..=31).contains(&d))
        }
        [a, b, y] if y.len() == 4 || y.len() == 2 => {
            n(a).is_some_and(|a| (1..=31).contains(&a)) && n(b).is_some_and(|b| (1..=31).contains(&b)) && n(y).is_some()
        }
        [a, b] => n(a).is_some_and(|a| (1..=31).contains(&a)) && n(b).is_some_and(|b| (1..=31).contains(&b)),
        _ => false,
    }
}

/// True when a person value names a group (`the board`, `our team`): the engine then sets
/// `<name>_is_group`, so a track can address them as a group.
pub fn is_group(value: &str) -> bool {
    let v = value.trim_start().to_lowercase();
    ["the ", "our ", "their ", "your ", "all "].iter().any(|p| v.starts_with(p)) || v.starts_with("everyone")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_refuse_placeholders_with_a_reason() {
        assert_eq!(check(Some("person"), "Dana").as_deref(), Ok("Dana"));
        assert_eq!(check(Some("person"), "Ms. Okafor").as_deref(), Ok("Ms. Okafor"));
        for bad in ["?", "<", "not sure", "N/A", "unknown", "nobody", "TBD", "..."] {
            let err = check(Some("person"), bad).expect_err(bad);
            assert!(err.contains("not knowing") || err.contains("letters"), "{bad}: {err}");
        }
        assert!(check(Some("organisation"), "AT&T").is_ok());
        assert_eq!(check(Some("person"), "  ").expect_err("empty"), "a value is needed");
    }

    #[test]
    fn an_iso_date_is_said_in_words() {
        assert_eq!(check(Some("date"), "2026-12-15").as_deref(), Ok("15 December 2026"));
        assert_eq!(check(Some("date"), "by 2027-03-01").as_deref(), Ok("1 March 2027"));
        for kept in ["03/04/2026", "15/12/2026", "Friday", "the end of June"] {
            assert_eq!(check(Some("date"), kept).as_deref(), Ok(kept));
        }
    }

    #[test]
    fn a_phrase_typed_as_a_sentence_reads_inside_one() {
        assert_eq!(check(Some("clause"), "We met the ops team.").as_deref(), Ok("we met the ops team"));
        assert_eq!(check(Some("noun-phrase"), "The April rollout").as_deref(), Ok("the April rollout"));
        for kept in ["Northwind shipped early", "I sent the plan", "AT&T signed", "Wednesday's call", "Theo's team"] {
            assert_eq!(check(Some("clause"), kept).as_deref(), Ok(kept));
        }
        assert_eq!(check(Some("group"), "The ops team").as_deref(), Ok("the ops team"));
        for name in ["An", "A", "The", "De", "O'Brien", "van der Berg", "The CEO"] {
            assert_eq!(check(Some("person"), name).as_deref(), Ok(name), "a name is never re-cased");
        }
        assert_eq!(check(Some("organisation"), "The Home Depot").as_deref(), Ok("The Home Depot"));
    }

    #[test]
    fn phrases_and_clauses_lose_final_punctuation() {
        assert_eq!(check(Some("noun-phrase"), "the April rollout.").as_deref(), Ok("the April rollout"));
        assert_eq!(
            check(Some("clause"), "the archive uses an old format.").as_deref(),
            Ok("the archive uses an old format")
        );
        assert!(check(Some("clause"), "not sure").is_err());
        for bad in ["not sure yet", "No idea, ask Sam", "I don’t know what happened", "dunno really"] {
            assert!(check(Some("clause"), bad).is_err(), "{bad}");
        }
        for good in ["unknown formats in the archive stopped the import", "none of the files arrived", "not surely"] {
            assert!(check(Some("clause"), good).is_ok(), "{good}");
        }
    }

    #[test]
    fn dates_parse_the_way_reps_write_them() {
        for ok in [
            "1 March",
            "March 1st",
            "1 March 2027",
            "March 1, 2027",
            "2026-12-15",
            "15/12/2026",
            "Friday",
            "next Friday",
            "tomorrow",
            "end of March",
            "mid-April",
            "the 28th",
            "Wednesday the 21st",
            "Wed 21 May",
            "the end of June",
            "the first week of June",
            "next week",
            "21st of May",
        ] {
            assert!(is_date(ok), "{ok}");
        }
        for bad in ["soon", "when they reply", "32 March", "2026-13-01", "?", "the end of the project", "week"] {
            assert!(check(Some("date"), bad).is_err(), "{bad}");
        }
        assert!(check(Some("date"), "sometime").expect_err("no date").contains("`1 March`"));
        // The frame supplies the preposition.
        for (typed, kept) in
            [("by Friday", "Friday"), ("On 1 March.", "1 March"), ("before the end of June", "the end of June")]
        {
            assert_eq!(check(Some("date"), typed).as_deref(), Ok(kept), "{typed}");
        }
        assert_eq!(check(Some("date"), "Friday").as_deref(), Ok("Friday"));
    }

    #[test]
    fn amounts_need_a_number() {
        assert!(check(Some("amount"), "€40,000").is_ok());
        assert!(check(Some("amount"), "a lot").is_err());
    }

    #[test]
    fn group_addressees() {
        for group in ["the board", "The Board", "our team", "all of you", "everyone"] {
            assert!(is_group(group), "{group}");
        }
        for person in ["Dana", "Ms. Okafor", "Theo", "Allison"] {
            assert!(!is_group(person), "{person}");
        }
    }
}
