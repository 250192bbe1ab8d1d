//! Date parsing and arithmetic shared by every rule.
//!
//! Per-person deadlines use exact month arithmetic clamped to the month end (docs/rules.md
//! "Periods"); cadences use calendar months, quarters and years.

use chrono::{Datelike, Months, NaiveDate};

/// Formats a date the way it is stored and shown: `YYYY-MM-DD`.
pub fn fmt(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// Formats an optional date; empty when absent.
pub fn fmt_opt(d: Option<NaiveDate>) -> String {
    d.map(fmt).unwrap_or_default()
}

/// Parses a stored `YYYY-MM-DD` date.
pub fn parse_iso(s: &str) -> Option<NaiveDate> {
    // Stored dates are exactly this shape: read the digits directly (lists of tens of thousands
    // of rows parse several dates each); anything else goes through chrono's parser.
    let b = s.as_bytes();
    let digits = |r: std::ops::Range<usize>| {
        b[r].iter().try_fold(0u32, |n, &c| c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0')))
    };
    if b.len() == 10 && b[4] == b'-' && b[7] == b'-' {
        if let (Some(y), Some(m), Some(d)) = (digits(0..4), digits(5..7), digits(8..10)) {
            return NaiveDate::from_ymd_opt(y as i32, m, d);
        }
    }
    NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
}

/// Why a typed date was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DateInputError {
    /// Not one of the accepted shapes.
    Format,
    /// The shape is right but the day does not exist (e.g. 2026-02-30).
    NoSuchDay,
}

/// Turns full-width digits and punctuation (typed by a Chinese IME in full-width mode) into
/// their ASCII forms, so `２０２６－１１－２８` reads as `2026-11-28`.
pub fn ascii_digits(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
            '－' | '—' => '-',
            '／' => '/',
            '．' | '。' => '.',
            '：' => ':',
            '　' => ' ',
            other => other,
        })
        .collect()
}

/// Parses what a user typed into a date field: `2026-11-28`, `2026/11/28`, `2026.11.28`,
/// `20261128`, `11-28` or `1128` (this year), `t` (today). Surrounding spaces are ignored.
pub fn parse_input(s: &str, today: NaiveDate) -> Result<NaiveDate, DateInputError> {
    let s = ascii_digits(s);
    let s = s.trim();
    if s.eq_ignore_ascii_case("t") || s == "今天" {
        return Ok(today);
    }
    let parts: Vec<&str> = s.split(['-', '/', '.']).collect();
    let nums: Option<Vec<u32>> =
        parts
            .iter()
            .map(|p| {
                if p.is_empty() || p.len() > 8 || !p.bytes().all(|b| b.is_ascii_digit()) {
                    None
                } else {
                    p.parse().ok()
                }
            })
            .collect();
    let nums = nums.ok_or(DateInputError::Format)?;
    let (y, m, d) = match (parts.as_slice(), nums.as_slice()) {
        ([p], [_]) if p.len() == 8 => (
            p[0..4].parse::<i32>().map_err(|_| DateInputError::Format)?,
            p[4..6].parse::<u32>().map_err(|_| DateInputError::Format)?,
            p[6..8].parse::<u32>().map_err(|_| DateInputError::Format)?,
        ),
        ([p], [_]) if p.len() == 4 => (
            today.year(),
            p[0..2].parse::<u32>().map_err(|_| DateInputError::Format)?,
            p[2..4].parse::<u32>().map_err(|_| DateInputError::Format)?,
        ),
        ([y, _, _], [yn, m, d]) if y.len() == 4 => (*yn as i32, *m, *d),
        ([m, _], [mn, d]) if m.len() <= 2 => (today.year(), *mn, *d),
        _ => return Err(DateInputError::Format),
    };
    if !(1900..=2199).contains(&y) || !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return Err(if (1..=12).contains(&m) && (1..=31).contains(&d) {
            DateInputError::Format
        } else {
            DateInputError::NoSuchDay
        });
    }
    NaiveDate::from_ymd_opt(y, m, d).ok_or(DateInputError::NoSuchDay)
}

/// `d` plus `n` calendar months, clamped to the end of the target month
/// (2024-02-29 + 12 months = 2025-02-28; 2026-01-31 + 1 month = 2026-02-28).
pub fn add_months(d: NaiveDate, n: u32) -> NaiveDate {
    d.checked_add_months(Months::new(n)).unwrap_or(NaiveDate::MAX)
}

/// `d` minus `n` calendar months, clamped to the end of the target month.
pub fn sub_months(d: NaiveDate, n: u32) -> NaiveDate {
    d.checked_sub_months(Months::new(n)).unwrap_or(NaiveDate::MIN)
}

/// 1 January of `year`.
pub fn year_start(year: i32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, 1, 1).unwrap_or(NaiveDate::MIN)
}

/// 31 December of `year`.
pub fn year_end(year: i32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, 12, 31).unwrap_or(NaiveDate::MAX)
}

/// The last day of the given month.
pub fn month_end(year: i32, month: u32) -> NaiveDate {
    // The month's length directly (the rules ask it for every month of every member); the
    // calendar arithmetic below only for a month or year out of range.
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = match month {
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => 31,
    };
    if let Some(d) = NaiveDate::from_ymd_opt(year, month, days) {
        return d;
    }
    let first = NaiveDate::from_ymd_opt(year, month, 1).unwrap_or(NaiveDate::MIN);
    add_months(first, 1).pred_opt().unwrap_or(first)
}

/// Whole years between `from` and `to` (an age on a date).
pub fn whole_years(from: NaiveDate, to: NaiveDate) -> i32 {
    let mut y = to.year() - from.year();
    if (to.month(), to.day()) < (from.month(), from.day()) {
        y -= 1;
    }
    y
}

#[cfg(test)]
mod tests {
    #[test]
    fn stored_dates_parse_fast_and_the_same() {
        for t in ["2026-11-28", "2024-02-29", "2025-02-29", "2026-13-01", "2026-1-5", "2026/11/28", "abcd-ef-gh", ""] {
            assert_eq!(parse_iso(t), NaiveDate::parse_from_str(t, "%Y-%m-%d").ok(), "{t}");
        }
    }

    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn accepts_every_documented_shape() {
        let today = d(2026, 11, 28);
        for s in ["2026-11-28", "20261128", "11-28", "t", "T", " 2026/11/28 ", "2026.11.28", "1128"] {
            assert_eq!(parse_input(s, today), Ok(today), "{s}");
        }
        assert_eq!(parse_input("2026-3-5", today), Ok(d(2026, 3, 5)));
        assert_eq!(parse_input("3-5", today), Ok(d(2026, 3, 5)));
        assert_eq!(parse_input("２０２６－１１－２８", today), Ok(today));
        assert_eq!(parse_input("１１２８", today), Ok(today));
    }

    #[test]
    fn refuses_bad_dates() {
        let today = d(2026, 11, 28);
        assert_eq!(parse_input("2026-02-29", today), Err(DateInputError::NoSuchDay));
        assert_eq!(parse_input("2026-13-01", today), Err(DateInputError::NoSuchDay));
        assert_eq!(parse_input("2026-04-31", today), Err(DateInputError::NoSuchDay));
        assert_eq!(parse_input("abc", today), Err(DateInputError::Format));
        assert_eq!(parse_input("", today), Err(DateInputError::Format));
        assert_eq!(parse_input("2026-1-1-1", today), Err(DateInputError::Format));
        assert_eq!(parse_input("0001-01-01", today), Err(DateInputError::Format));
        assert_eq!(parse_input("２０２６", today), Err(DateInputError::NoSuchDay));
        assert_eq!(parse_input("2024-02-29", today), Ok(d(2024, 2, 29)));
    }

    #[test]
    fn month_arithmetic_clamps_to_month_end() {
        assert_eq!(add_months(d(2024, 2, 29), 12), d(2025, 2, 28));
        assert_eq!(add_months(d(2026, 1, 31), 1), d(2026, 2, 28));
        assert_eq!(add_months(d(2027, 12, 31), 2), d(2028, 2, 29));
        assert_eq!(sub_months(d(2026, 3, 31), 1), d(2026, 2, 28));
        assert_eq!(month_end(2024, 2), d(2024, 2, 29));
        assert_eq!(month_end(2026, 12), d(2026, 12, 31));
    }

    #[test]
    fn whole_years_counts_birthdays() {
        assert_eq!(whole_years(d(2008, 11, 28), d(2026, 11, 28)), 18);
        assert_eq!(whole_years(d(2008, 11, 29), d(2026, 11, 28)), 17);
        assert_eq!(whole_years(d(2008, 2, 29), d(2026, 2, 28)), 17);
        assert_eq!(whole_years(d(2008, 2, 29), d(2026, 3, 1)), 18);
    }
}
