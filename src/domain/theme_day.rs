//! The branch's fixed 主题党日 day: "党支部每月相对固定1天开展主题党日" (《中国共产党支部工作条例
//! （试行）》第十六条; 《中国共产党党员教育管理工作条例》第十六条). The year's plan proposes each
//! month's 主题党日 on it.
//!
//! The day is a day of the month (a day the month lacks means its last day). When it falls on a
//! weekend or on a holiday with a fixed date, it moves to the next working day, or to the one
//! before (a setting); either way it stays in its month, turning back when it would leave it.
//! Holidays with a fixed date are 元旦 (1 January), 劳动节 (1-5 May) and 国庆节 (1-7 October):
//! the days of 《全国年节及纪念日放假办法》 with the weeks the State Council's yearly arrangement
//! usually adds. The lunar holidays (春节, 清明, 端午, 中秋) and the swapped working days change
//! every year: the plan does not know them, and the secretary moves such a date by hand.

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use serde::Serialize;

use super::dates::month_end;

vocab! {
    /// Where the 主题党日 goes when its day is not a working day.
    pub enum Shift {
        Later = ("later", "顺延到下一个工作日", "the next working day"),
        Earlier = ("earlier", "提前到上一个工作日", "the working day before"),
        Keep = ("keep", "不调整", "keep the day"),
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct ThemeDay {
    /// Day of the month, 1-31.
    pub day: u32,
    pub shift: Shift,
}

impl Default for ThemeDay {
    /// Mid-month, as the plan proposed before the day was a setting; moved to the next working
    /// day.
    fn default() -> Self {
        ThemeDay { day: 15, shift: Shift::Later }
    }
}

pub mod key {
    pub const PREFIX: &str = "theme_day.";
    pub const DAY: &str = "theme_day.day";
    pub const SHIFT: &str = "theme_day.shift";
}

pub const DAY_RANGE: (i64, i64) = (1, 31);

/// A holiday with a fixed date (see the module's note).
fn fixed_holiday(d: NaiveDate) -> bool {
    matches!((d.month(), d.day()), (1, 1) | (5, 1..=5) | (10, 1..=7))
}

pub fn working_day(d: NaiveDate) -> bool {
    !matches!(d.weekday(), Weekday::Sat | Weekday::Sun) && !fixed_holiday(d)
}

impl ThemeDay {
    pub fn to_pairs(&self) -> Vec<(String, String)> {
        vec![(key::DAY.to_string(), self.day.to_string()), (key::SHIFT.to_string(), self.shift.id().to_string())]
    }

    /// Reads one stored pair; a value that does not parse keeps the default.
    pub fn set(&mut self, k: &str, v: &str) {
        match k {
            key::DAY => {
                self.day = v.trim().parse().ok().filter(|d| (1..=31).contains(d)).unwrap_or(self.day);
            }
            key::SHIFT => self.shift = Shift::from_id(v).unwrap_or(self.shift),
            _ => {}
        }
    }

    /// The month's 主题党日.
    pub fn date_in(&self, year: i32, month: u32) -> Option<NaiveDate> {
        let last = month_end(year, month);
        let fixed = NaiveDate::from_ymd_opt(year, month, self.day.min(last.day()))?;
        if self.shift == Shift::Keep || working_day(fixed) {
            return Some(fixed);
        }
        let step = |d: NaiveDate, by: i64| {
            let mut d = d;
            loop {
                d += Duration::days(by);
                if d.month() != month {
                    return None;
                }
                if working_day(d) {
                    return Some(d);
                }
            }
        };
        let (first, second) = if self.shift == Shift::Later { (1, -1) } else { (-1, 1) };
        step(fixed, first).or_else(|| step(fixed, second)).or(Some(fixed))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::testing::d;

    fn on(day: u32, shift: Shift) -> ThemeDay {
        ThemeDay { day, shift }
    }

    #[test]
    fn a_working_day_stays() {
        assert_eq!(on(15, Shift::Later).date_in(2026, 12), Some(d(2026, 12, 15)), "a Tuesday");
    }

    #[test]
    fn a_weekend_moves_to_the_next_or_previous_working_day() {
        // 2026-11-15 is a Sunday.
        assert_eq!(on(15, Shift::Later).date_in(2026, 11), Some(d(2026, 11, 16)));
        assert_eq!(on(15, Shift::Earlier).date_in(2026, 11), Some(d(2026, 11, 13)));
        assert_eq!(on(15, Shift::Keep).date_in(2026, 11), Some(d(2026, 11, 15)));
    }

    #[test]
    fn fixed_holidays_are_skipped() {
        // 1 October 2026 is a Thursday in the National Day week: the next working day is the 8th.
        assert_eq!(on(1, Shift::Later).date_in(2026, 10), Some(d(2026, 10, 8)));
        // 1 May 2026 is a Friday; before it in May there is no working day: it turns forward.
        assert_eq!(on(1, Shift::Earlier).date_in(2026, 5), Some(d(2026, 5, 6)));
        assert_eq!(on(1, Shift::Later).date_in(2027, 1), Some(d(2027, 1, 4)), "元旦 then a weekend");
    }

    #[test]
    fn month_ends_clamp_and_never_leave_the_month() {
        assert_eq!(on(31, Shift::Keep).date_in(2026, 2), Some(d(2026, 2, 28)));
        assert_eq!(on(30, Shift::Keep).date_in(2028, 2), Some(d(2028, 2, 29)), "leap year");
        // 2026-01-31 is a Saturday: the next working day would be February, so the 30th.
        assert_eq!(on(31, Shift::Later).date_in(2026, 1), Some(d(2026, 1, 30)));
        // 2028-04-30 is a Sunday: April's last working day is Friday the 28th.
        assert_eq!(on(31, Shift::Later).date_in(2028, 4), Some(d(2028, 4, 28)));
    }

    #[test]
    fn stored_values_round_trip_and_bad_ones_keep_the_default() {
        let mut t = ThemeDay::default();
        for (k, v) in on(5, Shift::Earlier).to_pairs() {
            t.set(&k, &v);
        }
        assert_eq!(t, on(5, Shift::Earlier));
        let mut t = ThemeDay::default();
        t.set(key::DAY, "32");
        t.set(key::DAY, "0");
        t.set(key::SHIFT, "sideways");
        assert_eq!(t, ThemeDay::default());
    }
}
