//! 光荣在党50年: each year before 七一 the branch lists its members whose 党龄 reaches 50 years
//! in that year, for the commemorative medal (docs/rules.md 入党时间与党龄; issued by the party centre each year
//! since 2021 to members of 50 years' standing who are in good standing). 党龄 is counted by
//! the rules of the time of admission (`era`, 《关于确定入党时间和计算党龄的规定》).

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use super::dates::fmt;
use super::era::standing_from;
use super::member::{Member, MemberDraft};
use super::period::Period;
use super::rules::{Facts, Finding, RuleId, Severity, Subject};
use super::validation::{Errors, FieldError, Problem};

/// The 党龄 the medal marks.
pub const YEARS: i32 = 50;

/// The first year the medal was given (2021, the party's centenary).
pub const FIRST_YEAR: i32 = 2021;

/// The record that a year's list was reported to the committee above (上报), with its date.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HonoursReport {
    pub year: i32,
    pub reported_on: NaiveDate,
    pub note: String,
}

pub mod field {
    pub const YEAR: &str = "honours_year";
    pub const REPORTED_ON: &str = "honours_reported_on";
    pub const NOTE: &str = "honours_note";
}

pub const NOTE_MAX: usize = 200;

/// The years a list may be kept for.
pub const YEAR_RANGE: std::ops::RangeInclusive<i32> = FIRST_YEAR..=2199;

/// Checks a report note: a year the medal exists for, a date not in the future and not before
/// the year before the list's (lists are compiled in spring), a short note.
pub fn validate_report(r: &HonoursReport, today: NaiveDate) -> Result<(), Vec<FieldError>> {
    let mut e = Errors::default();
    if !YEAR_RANGE.contains(&r.year) {
        e.add(field::YEAR, Problem::Number { min: i64::from(*YEAR_RANGE.start()), max: i64::from(*YEAR_RANGE.end()) });
    }
    if r.reported_on > today {
        e.add(field::REPORTED_ON, Problem::AfterToday);
    } else if r.reported_on.year() < r.year - 1 {
        e.rule(field::REPORTED_ON, "上报日期不能早于该年度的上一年", "cannot be before the year before the list's");
    }
    e.text(field::NOTE, &r.note, false, NOTE_MAX);
    e.finish()
}

/// The year a member's 党龄 reaches 50, if they have a 党龄.
pub fn honours_year(m: &MemberDraft) -> Option<i32> {
    standing_from(m).map(|d| d.year() + YEARS)
}

/// The day membership of the branch is read on: 七一 of the year, or today if that is earlier
/// (a list for a coming 七一 names the members in the branch now).
pub fn reference_day(year: i32, today: NaiveDate) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, 7, 1).map_or(today, |q| q.min(today))
}

/// The year's list: members whose 党龄 reaches 50 in `year` and who are in the branch on the
/// reference day (archived members are not in good standing here: they left or died), by the
/// date their 党龄 counts from, then by number.
pub fn eligible(members: &[Member], year: i32, today: NaiveDate) -> Vec<&Member> {
    let on = reference_day(year, today);
    let mut v: Vec<&Member> =
        members.iter().filter(|m| honours_year(&m.draft) == Some(year) && m.in_branch_on(on)).collect();
    v.sort_by_key(|m| (standing_from(&m.draft), m.number.clone()));
    v
}

/// When the reminder shows: from 1 May until 七一 (docs/rules.md 入党时间与党龄: compiled in spring, the medal
/// is given before 七一). Never overdue: the deadline is the committee's, not a written rule of
/// the branch.
pub fn reminder_window(year: i32) -> Option<Period> {
    Some(Period { start: NaiveDate::from_ymd_opt(year, 5, 1)?, end: NaiveDate::from_ymd_opt(year, 6, 30)? })
}

/// How many names a finding spells out before "等 N 人".
const NAMES_SHOWN: usize = 5;

/// The `honours` finding: due soon from May to 七一 in a year with eligible members, until a
/// report date is recorded for the year.
pub fn findings(f: &Facts, today: NaiveDate, out: &mut Vec<Finding>) {
    let year = today.year();
    let Some(window) = reminder_window(year) else { return };
    if !window.contains(today) || f.honours_reported.contains(&year) {
        return;
    }
    let list = eligible(f.members, year, today);
    if list.is_empty() {
        return;
    }
    let names: Vec<&str> = list.iter().take(NAMES_SHOWN).map(|m| m.draft.name.as_str()).collect();
    let n = list.len();
    let (more_zh, more_en) = if n > NAMES_SHOWN {
        (format!("等 {n} 人"), format!(" and {} more", n - NAMES_SHOWN))
    } else {
        Default::default()
    };
    out.push(Finding {
        rule: RuleId::Honours,
        severity: Severity::DueSoon,
        subject: Subject::Branch,
        due: window.end,
        period: Some(Period::year(year)),
        zh: format!(
            "{year}年光荣在党50年纪念章：{}{more_zh}党龄满50年，{} 前上报名单（上报后记录日期）",
            names.join("、"),
            fmt(window.end)
        ),
        en: format!(
            "{year} 50-years medal: {}{more_en} reach 50 years' standing; report the list by {} (then record the date)",
            names.join(", "),
            fmt(window.end)
        ),
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::member::MemberStatus;
    use crate::domain::testing::{d, member};

    fn elder(id: i64, adm: NaiveDate, conv: NaiveDate) -> Member {
        let mut m = member(id);
        m.draft.birth_date = d(1920, 1, 1);
        m.draft.admission_date = adm;
        m.draft.conversion_date = Some(conv);
        m.draft.status = MemberStatus::Full;
        m
    }

    #[test]
    fn the_year_follows_the_era() {
        // 1976, no probation: 50 years in 2026 from the admission.
        assert_eq!(honours_year(&elder(1, d(1976, 5, 1), d(1976, 5, 1)).draft), Some(2026));
        // 1958 with a year's probation: from conversion in 1959.
        assert_eq!(honours_year(&elder(2, d(1958, 12, 1), d(1959, 12, 1)).draft), Some(2009));
        // 1977-08-12 onwards: conversion a year later counts.
        assert_eq!(honours_year(&elder(3, d(1977, 8, 12), d(1978, 8, 12)).draft), Some(2028));
        assert_eq!(honours_year(&elder(4, d(1977, 8, 11), d(1978, 8, 11)).draft), Some(2027));
    }

    #[test]
    fn the_list_names_members_in_the_branch_on_july_first() {
        let today = d(2026, 11, 28);
        let mut gone = elder(2, d(1976, 1, 5), d(1976, 1, 5));
        gone.archive = Some(crate::domain::member::Archive {
            reason: crate::domain::member::ArchiveReason::Deceased,
            date: d(2026, 3, 1),
            note: String::new(),
        });
        let mut left_later = elder(3, d(1976, 12, 31), d(1976, 12, 31));
        left_later.archive = Some(crate::domain::member::Archive {
            reason: crate::domain::member::ArchiveReason::TransferredOut,
            date: d(2026, 8, 1),
            note: String::new(),
        });
        let members =
            vec![elder(1, d(1976, 5, 1), d(1976, 5, 1)), gone, left_later, elder(4, d(1975, 12, 31), d(1975, 12, 31))];
        let ids: Vec<i64> = eligible(&members, 2026, today).iter().map(|m| m.id).collect();
        assert_eq!(ids, vec![1, 3]);
        assert_eq!(eligible(&members, 2025, today).iter().map(|m| m.id).collect::<Vec<_>>(), vec![4]);
        assert_eq!(reference_day(2027, today), today);
    }

    #[test]
    fn reports_are_dated_sensibly() {
        let today = d(2026, 5, 20);
        let mut r = HonoursReport { year: 2026, reported_on: d(2026, 5, 20), note: "报街道党工委".into() };
        assert_eq!(validate_report(&r, today), Ok(()));
        r.reported_on = d(2026, 5, 21);
        assert!(validate_report(&r, today).is_err());
        r.reported_on = d(2025, 1, 1);
        assert_eq!(validate_report(&r, today), Ok(()));
        r.reported_on = d(2024, 12, 31);
        assert!(validate_report(&r, today).is_err());
        r.reported_on = d(2026, 5, 1);
        r.year = 2020;
        assert!(validate_report(&r, today).is_err());
        r.year = 2026;
        r.note = "字".repeat(NOTE_MAX + 1);
        assert!(validate_report(&r, today).is_err());
    }
}
