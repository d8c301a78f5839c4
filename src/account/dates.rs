//! Dates and cadences as a rep types them: `2026-12-15`, `tomorrow`, `friday`, `in 3 days`,
//! and `every 3 weeks`.
//!
//! "Today" is an input, never read here: the configuration takes it from the machine's clock in
//! its time zone (or from `MEND_TODAY`, for tests and scripts), so everything below is pure.

use jiff::civil::{Date, Weekday};
use jiff::{Span, ToSpan};
use serde::Serialize;
use std::fmt;

/// The forms [`parse_date`] accepts, for error hints.
pub const DATE_FORMS: &str = "a date like 2026-12-15, `today`, `tomorrow`, a weekday (`friday`, `next fri`), \
     or `in 3 days` / `in 2 weeks` / `in 1 month`";

/// Reads a date relative to `today`. A weekday means the next one after today (on a Friday,
/// `friday` is a week away; say `today` for today).
pub fn parse_date(input: &str, today: Date) -> Result<Date, String> {
    let text = input.trim().to_ascii_lowercase();
    let unknown = || format!("`{}` is not a date I can read; use {DATE_FORMS}", input.escape_debug());
    if let Ok(date) = text.parse::<Date>() {
        return Ok(date);
    }
    match text.as_str() {
        "today" => return Ok(today),
        "tomorrow" => return today.checked_add(1.day()).map_err(|e| e.to_string()),
        _ => {}
    }
    let day = text.strip_prefix("next ").or_else(|| text.strip_prefix("this ")).unwrap_or(&text);
    if let Some(weekday) = weekday(day) {
        return today.nth_weekday(1, weekday).map_err(|e| e.to_string());
    }
    if let Some(rest) = text.strip_prefix("in ") {
        let span = parse_span(rest).ok_or_else(unknown)?;
        return today.checked_add(span).map_err(|e| e.to_string());
    }
    Err(unknown())
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
    fn nonsense_is_refused_with_the_forms() {
        for bad in ["someday", "in 0 days", "in 3 fortnights", "fr", "2026-13-01", "in -2 days"] {
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
