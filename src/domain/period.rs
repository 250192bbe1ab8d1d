//! Calendar periods for cadences (docs/rules.md: calendar month, quarter, year).

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use super::dates::{month_end, year_end, year_start};
use super::settings::Cadence;

/// A closed range of days.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Period {
    pub start: NaiveDate,
    pub end: NaiveDate,
}

impl Period {
    pub fn contains(&self, d: NaiveDate) -> bool {
        self.start <= d && d <= self.end
    }

    /// The calendar month of `d`.
    pub fn month_of(d: NaiveDate) -> Period {
        Period { start: d.with_day(1).unwrap_or(d), end: month_end(d.year(), d.month()) }
    }

    /// The calendar quarter of `d`.
    pub fn quarter_of(d: NaiveDate) -> Period {
        let q0 = (d.month() - 1) / 3 * 3 + 1;
        Period { start: NaiveDate::from_ymd_opt(d.year(), q0, 1).unwrap_or(d), end: month_end(d.year(), q0 + 2) }
    }

    pub fn year(y: i32) -> Period {
        Period { start: year_start(y), end: year_end(y) }
    }

    /// The period of `cadence` that holds `d` (none for `Cadence::None`).
    pub fn of(cadence: Cadence, d: NaiveDate) -> Option<Period> {
        match cadence {
            Cadence::None => None,
            Cadence::Month => Some(Period::month_of(d)),
            Cadence::Quarter => Some(Period::quarter_of(d)),
            Cadence::Year => Some(Period::year(d.year())),
        }
    }
}

/// The periods of `cadence` in `year`, in order (none for `Cadence::None`).
pub fn periods_in_year(cadence: Cadence, year: i32) -> Vec<Period> {
    match cadence {
        Cadence::None => Vec::new(),
        Cadence::Month => (1..=12).filter_map(|m| NaiveDate::from_ymd_opt(year, m, 1)).map(Period::month_of).collect(),
        Cadence::Quarter => {
            [1, 4, 7, 10].iter().filter_map(|&m| NaiveDate::from_ymd_opt(year, m, 1)).map(Period::quarter_of).collect()
        }
        Cadence::Year => vec![Period::year(year)],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn quarters_and_months_end_on_their_last_day() {
        assert_eq!(Period::quarter_of(d(2026, 3, 31)), Period { start: d(2026, 1, 1), end: d(2026, 3, 31) });
        assert_eq!(Period::quarter_of(d(2026, 4, 1)), Period { start: d(2026, 4, 1), end: d(2026, 6, 30) });
        assert_eq!(Period::quarter_of(d(2026, 12, 31)).start, d(2026, 10, 1));
        assert_eq!(Period::month_of(d(2028, 2, 10)).end, d(2028, 2, 29));
        assert_eq!(periods_in_year(Cadence::Month, 2026).len(), 12);
        assert_eq!(periods_in_year(Cadence::Quarter, 2026)[3].end, d(2026, 12, 31));
        assert!(periods_in_year(Cadence::None, 2026).is_empty());
    }
}
