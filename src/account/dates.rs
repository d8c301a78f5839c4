//! Dates and cadences as a rep types them: `2026-12-15`, `tomorrow`, `friday`, `in 3 days`,
//! `15 December`, and `every 3 weeks`.
//!
//! This is the one reader of a calendar day a rep types, wherever it is typed: `mend promise
//! --due`, and a talk-track's date values (through [`crate::values::kind`]), so both take the same
//! grammar and refuse the same impossible days (`2026-02-31`) with the same hint.
//!
//! "Today" is an input: the configuration decides it once ([`Today`]: `MEND_TODAY`, or the
//! machine's clock in its time zone, read only when a date needs it), so the readers are pure.

use jiff::civil::{Date, Weekday};
use jiff::{Span, ToSpan};
use serde::Serialize;
use std::fmt;

/// The forms [`parse_date`] accepts, for error hints.
pub const DATE_FORMS: &str = "a date like 2026-12-15 or 15 December, `today`, `tomorrow`, a weekday (`friday`, \
     `next fri`), or `in 3 days` / `in 2 weeks` / `in 1 month`";

/// Today, decided once per run: `MEND_TODAY` when given, else the machine's date in its time zone.
///
/// The clock is read only when a date is wanted, and then once. Finding the machine's time zone
/// walks the system's zone database (about 3M instructions and a few hundred system calls, a third
/// of a `diagnose` run) and most runs date nothing.
#[derive(Debug, Clone, Default)]
pub struct Today {
    given: Option<Date>,
    read: std::sync::OnceLock<Date>,
}

impl Today {
    /// `Some(date)` fixes today (`MEND_TODAY`); `None` reads the clock when first asked.
    pub fn new(given: Option<Date>) -> Today {
        Today { given, read: std::sync::OnceLock::new() }
    }

    /// Today's date.
    pub fn date(&self) -> Date {
        match self.given {
            Some(date) => date,
            None => *self.read.get_or_init(|| jiff::Zoned::now().date()),
        }
    }
}

/// What a typed text is as a calendar day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Day {
    /// A day: `2026-12-15`, `friday`, `in 3 days`, `15 December`.
    Is(Date),
    /// Written as a day that does not exist (`2026-02-31`, `31 February`): why, for the rep.
    NoSuchDay(String),
    /// Not written as a calendar day at all (`the end of June`, `someday`).
    NotADay,
}

/// Reads a date relative to `today`. A weekday means the next one after today (on a Friday,
/// `friday` is a week away; say `today` for today); a day and month without a year, the next
/// one from today.
pub fn parse_date(input: &str, today: Date) -> Result<Date, String> {
    match read(input, || today) {
        Day::Is(date) => Ok(date),
        Day::NoSuchDay(why) => Err(why),
        Day::NotADay => Err(format!("`{}` is not a date I can read; use {DATE_FORMS}", input.escape_debug())),
    }
}

/// The one grammar of a typed day. `today` is called only for a date that depends on it.
pub fn read(input: &str, today: impl FnOnce() -> Date) -> Day {
    let text = input.trim().trim_end_matches('.').to_ascii_lowercase().replace(',', " ");
    let typed = input.trim();
    if let Some(day) = iso(&text, typed) {
        return day;
    }
    let words: Vec<&str> = text.split_whitespace().collect();
    let resolved = match words.as_slice() {
        ["today"] => Some(today()),
        ["tomorrow"] => today().checked_add(1.day()).ok(),
        ["next" | "this", day] | [day] if weekday(day).is_some() => {
            weekday(day).and_then(|w| today().nth_weekday(1, w).ok())
        }
        ["in", rest @ ..] => match parse_span(&rest.join(" ")) {
            Some(span) => today().checked_add(span).ok(),
            None => return Day::NotADay,
        },
        _ => return day_and_month(&words, typed, today),
    };
    resolved.map_or(Day::NotADay, Day::Is)
}

/// `2026-12-15` (also `2026-1-5`): a day, or why it is not one.
fn iso(text: &str, typed: &str) -> Option<Day> {
    let mut parts = text.split('-');
    let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
    let digits =
        |s: &str, n: std::ops::RangeInclusive<usize>| n.contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit());
    if parts.next().is_some() || !digits(y, 4..=4) || !digits(m, 1..=2) || !digits(d, 1..=2) {
        return None;
    }
    let (year, month, day) = (y.parse().ok()?, m.parse().ok()?, d.parse().ok()?);
    Some(calendar_day(year, month, day, typed))
}

/// `15 December`, `15th of Dec 2026`, `December 15`, `Dec 15th 2026`. Without a year, the next
/// such day from today.
fn day_and_month(words: &[&str], typed: &str, today: impl FnOnce() -> Date) -> Day {
    // Day first or month first, whichever word is the month.
    let ordered = |a, b| if month_number(b).is_some() { (a, b) } else { (b, a) };
    let ((day, month), year) = match *words {
        [d, "of", m] => ((d, m), None),
        [d, "of", m, y] => ((d, m), Some(y)),
        [a, b] => (ordered(a, b), None),
        [a, b, y] => (ordered(a, b), Some(y)),
        _ => return Day::NotADay,
    };
    let (Some(month), Some(day)) = (month_number(month), day_number(day)) else { return Day::NotADay };
    match year {
        Some(y) => match y.parse::<i16>() {
            Ok(year) if (1900..=2200).contains(&year) => calendar_day(year, month, day, typed),
            _ => Day::NotADay,
        },
        None => {
            let today = today();
            // 29 February exists in some years: the next year it does.
            for year in today.year()..today.year().saturating_add(8) {
                if let Ok(date) = Date::new(year, month, day) {
                    if date >= today {
                        return Day::Is(date);
                    }
                }
            }
            // No year has it: say so without naming one.
            let days = Date::new(2000, month, 1).map_or(31, |first| first.days_in_month());
            Day::NoSuchDay(format!(
                "`{}` is not a date: {} has {days} days",
                typed.escape_debug(),
                MONTH_NAMES[usize::from(month.unsigned_abs()) - 1]
            ))
        }
    }
}

/// The day `year-month-day`, or why there is none, naming what the rep typed.
fn calendar_day(year: i16, month: i8, day: i8, typed: &str) -> Day {
    if !(1..=12).contains(&month) {
        return Day::NoSuchDay(format!("`{}` is not a date: there is no month {month}", typed.escape_debug()));
    }
    match Date::new(year, month, day) {
        Ok(date) => Day::Is(date),
        Err(_) => {
            let days = Date::new(year, month, 1).map_or(31, |first| first.days_in_month());
            Day::NoSuchDay(format!(
                "`{}` is not a date: {} {year} has {days} days",
                typed.escape_debug(),
                MONTH_NAMES[usize::from(month.unsigned_abs()) - 1]
            ))
        }
    }
}

const MONTH_NAMES: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// `december`, `dec`, `dec.` as 12.
fn month_number(word: &str) -> Option<i8> {
    let word = word.trim_end_matches('.');
    let at = MONTH_NAMES.iter().position(|m| word.len() >= 3 && m.to_ascii_lowercase().starts_with(word))?;
    i8::try_from(at + 1).ok()
}

/// `15`, `15th`, `1st` as a day number (1 to 31; whether the month has it is checked after).
fn day_number(word: &str) -> Option<i8> {
    let digits = word.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    if !["", "st", "nd", "rd", "th"].contains(&&word[digits.len()..]) {
        return None;
    }
    digits.parse::<i8>().ok().filter(|d| (1..=31).contains(d))
}

/// A day as it is said aloud: `15 December 2026`.
pub fn spoken(date: Date) -> String {
    format!("{} {} {}", date.day(), MONTH_NAMES[usize::from(date.month().unsigned_abs()) - 1], date.year())
}

fn weekday(word: &str) -> Option<Weekday> {
    const DAYS: [(&str, Weekday); 7] = [
        ("monday", Weekday::Monday),
        ("tuesday", Weekday::Tuesday),
        ("wednesday", Weekday::Wednesday),
        ("thursday", Weekday::Thursday),
        ("friday", Weekday::Friday),
        ("saturday", Weekday::Saturday),
        ("sunday", Weekday::Sunday),
    ];
    DAYS.iter().find(|(name, _)| word.len() >= 3 && name.starts_with(word)).map(|(_, d)| *d)
}

/// `3 days`, `2 weeks`, `1 month`, `a week`: whole days, weeks, months or years, at least one.
fn parse_span(text: &str) -> Option<Span> {
    let mut words = text.split_whitespace();
    let count = match words.next()? {
        "a" | "an" | "one" => 1,
        n => n.parse::<i64>().ok().filter(|n| (1..=1000).contains(n))?,
    };
    let unit = words.next().unwrap_or("");
    if words.next().is_some() {
        return None;
    }
    let span = match unit.trim_end_matches('s') {
        "day" | "d" => count.days(),
        "week" | "w" => count.weeks(),
        "month" | "mo" => count.months(),
        "year" | "y" => count.years(),
        _ => return None,
    };
    Some(span)
}

/// How often to check in with an account, as the rep wrote it (`3 weeks`).
#[derive(Debug, Clone)]
pub struct Cadence {
    text: String,
    span: Span,
}

impl Cadence {
    /// Reads `3 weeks`, `14 days`, `1 month` (a leading `every` is allowed).
    pub fn parse(input: &str) -> Result<Cadence, String> {
        let text = input.trim();
        let words = text.strip_prefix("every ").unwrap_or(text);
        let span = parse_span(&words.to_ascii_lowercase()).ok_or_else(|| {
            format!(
                "`{}` is not a check-in cadence; write a number of days, weeks or months, like `3 weeks`",
                input.escape_debug()
            )
        })?;
        Ok(Cadence { text: words.to_string(), span })
    }

    /// The date a check-in is due after `last`.
    pub fn after(&self, last: Date) -> Date {
        last.checked_add(self.span).unwrap_or(Date::MAX)
    }

    pub fn as_str(&self) -> &str {
        &self.text
    }
}

/// Two cadences are the same when written the same: that is what a file round-trips.
impl PartialEq for Cadence {
    fn eq(&self, other: &Self) -> bool {
        self.text == other.text
    }
}

impl Eq for Cadence {}

impl fmt::Display for Cadence {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl Serialize for Cadence {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.text)
    }
}

/// `Fri 2026-11-27`: a date a person reads at a glance.
pub fn show(date: Date) -> String {
    format!("{} {date}", &weekday_name(date.weekday())[..3])
}

fn weekday_name(day: Weekday) -> &'static str {
    match day {
        Weekday::Monday => "Monday",
        Weekday::Tuesday => "Tuesday",
        Weekday::Wednesday => "Wednesday",
        Weekday::Thursday => "Thursday",
        Weekday::Friday => "Friday",
        Weekday::Saturday => "Saturday",
        Weekday::Sunday => "Sunday",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    // A Thursday.
    const TODAY: Date = date(2026, 11, 26);

    #[test]
    fn everyday_forms() {
        let cases = [
            ("2026-12-15", date(2026, 12, 15)),
            ("today", TODAY),
            ("Tomorrow", date(2026, 11, 27)),
            ("friday", date(2026, 11, 27)),
            ("thursday", date(2026, 12, 3)),
            ("next mon", date(2026, 11, 30)),
            ("in 3 days", date(2026, 11, 29)),
            ("in 2 weeks", date(2026, 12, 10)),
            ("in a month", date(2026, 12, 26)),
        ];
        for (text, want) in cases {
            assert_eq!(parse_date(text, TODAY), Ok(want), "{text}");
        }
    }

    #[test]
    fn days_and_months_in_words() {
        let cases = [
            ("15 December", date(2026, 12, 15)),
            ("15th of Dec 2027", date(2027, 12, 15)),
            ("December 15", date(2026, 12, 15)),
            ("1 March", date(2027, 3, 1)),
            ("26 November", TODAY),
            ("29 Feb", date(2028, 2, 29)),
        ];
        for (text, want) in cases {
            assert_eq!(parse_date(text, TODAY), Ok(want), "{text}");
        }
    }

    /// Issue 25.3: a day that does not exist is refused, saying why, in every form.
    #[test]
    fn impossible_days_are_refused_with_the_reason() {
        for (bad, why) in [
            ("2026-02-31", "February 2026 has 28 days"),
            ("2028-2-30", "February 2028 has 29 days"),
            ("31 April 2027", "April 2027 has 30 days"),
            ("30 February", "February has 29 days"),
            ("2026-13-01", "there is no month 13"),
        ] {
            let err = parse_date(bad, TODAY).expect_err(bad);
            assert!(err.contains(why) && err.contains(&format!("`{bad}`")), "{bad}: {err}");
        }
    }

    #[test]
    fn nonsense_is_refused_with_the_forms() {
        for bad in ["someday", "in 0 days", "in 3 fortnights", "fr", "in -2 days", "the end of June"] {
            let err = parse_date(bad, TODAY).expect_err(bad);
            assert!(err.contains("tomorrow"), "{err}");
        }
    }

    #[test]
    fn cadences() {
        let c = Cadence::parse("every 3 weeks").expect("cadence");
        assert_eq!(c.as_str(), "3 weeks");
        assert_eq!(c.after(TODAY), date(2026, 12, 17));
        assert_eq!(Cadence::parse("1 month").expect("month").after(date(2026, 1, 31)), date(2026, 2, 28));
        assert!(Cadence::parse("3 hours").is_err());
        assert!(Cadence::parse("weekly").is_err());
    }
}
