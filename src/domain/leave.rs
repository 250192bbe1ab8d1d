//! Standing leave: a member away for a long time with a reason (病休 until a date) is marked
//! 请假 with that reason on every roster in the period, so the secretary does not mark them
//! meeting after meeting. Every absence from collective education needs a reason
//! (中办发〔2006〕21号 A18 / 四); a standing leave is that reason given once for the period.
//! The roster's pre-marks come from a list of [`StandingReason`]s, which a mobile member's
//! time away can join as another source.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::meeting::Attendance;
use super::validation::{Errors, FieldError};

pub mod field {
    pub const REASON: &str = "leave_reason";
    pub const FROM: &str = "leave_from";
    pub const TO: &str = "leave_to";
}

pub const REASON_MAX: usize = 100;

/// A member's leave for a period, both days included.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StandingLeave {
    pub member_id: i64,
    pub reason: String,
    pub from: NaiveDate,
    pub to: NaiveDate,
}

pub fn validate_leave(l: &StandingLeave) -> Result<(), Vec<FieldError>> {
    let mut e = Errors::default();
    e.text(field::REASON, &l.reason, true, REASON_MAX);
    if l.to < l.from {
        e.rule(field::TO, "结束日期早于开始日期", "ends before it starts");
    }
    e.finish()
}

/// Why a member is pre-marked on every roster in a period, and how.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StandingReason {
    pub member_id: i64,
    pub status: Attendance,
    pub reason: String,
    pub from: NaiveDate,
    pub to: NaiveDate,
}

impl From<&StandingLeave> for StandingReason {
    fn from(l: &StandingLeave) -> Self {
        StandingReason {
            member_id: l.member_id,
            status: Attendance::Excused,
            reason: l.reason.clone(),
            from: l.from,
            to: l.to,
        }
    }
}

/// The reason that stands for `member_id` on `date`, if any (the first listed wins).
pub fn standing_on(reasons: &[StandingReason], member_id: i64, date: NaiveDate) -> Option<&StandingReason> {
    reasons.iter().find(|r| r.member_id == member_id && r.from <= date && date <= r.to)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::testing::d;

    fn leave(from: NaiveDate, to: NaiveDate) -> StandingLeave {
        StandingLeave { member_id: 7, reason: "病休".into(), from, to }
    }

    #[test]
    fn a_leave_that_ends_before_it_starts_is_refused_beside_its_end() {
        let errs = validate_leave(&leave(d(2026, 3, 1), d(2026, 2, 28))).unwrap_err();
        assert_eq!(errs[0].field, field::TO);
        assert!(validate_leave(&leave(d(2026, 3, 1), d(2026, 3, 1))).is_ok(), "one day is a period");
    }

    #[test]
    fn a_leave_needs_a_reason_of_at_most_100_characters() {
        let mut l = leave(d(2026, 1, 1), d(2026, 6, 30));
        l.reason = "  ".into();
        assert_eq!(validate_leave(&l).unwrap_err()[0].field, field::REASON);
        l.reason = "病".repeat(101);
        assert_eq!(validate_leave(&l).unwrap_err()[0].field, field::REASON);
    }

    #[test]
    fn the_period_includes_both_ends_across_a_leap_day() {
        let r = [StandingReason::from(&leave(d(2028, 2, 28), d(2028, 2, 29)))];
        assert!(standing_on(&r, 7, d(2028, 2, 27)).is_none());
        assert!(standing_on(&r, 7, d(2028, 2, 28)).is_some());
        assert!(standing_on(&r, 7, d(2028, 2, 29)).is_some());
        assert!(standing_on(&r, 7, d(2028, 3, 1)).is_none());
        assert!(standing_on(&r, 8, d(2028, 2, 29)).is_none(), "only that member");
    }
}
