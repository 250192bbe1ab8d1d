//! The year's plan: the required meetings (by the cadence settings, docs/rules.md) proposed as
//! planned meetings, one per kind, group and period that has no meeting of that kind yet.
//! A planned meeting satisfies nothing: the rules read held meetings only, so a plan left
//! unheld is missing once its period has closed.

use chrono::{Datelike, NaiveDate};

use super::meeting::MeetingKind;
use super::period::{Period, periods_in_year};
use super::rules::CADENCE_KINDS;
use super::settings::Settings;

/// One meeting the plan proposes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlannedSlot {
    pub kind: MeetingKind,
    pub group_id: Option<i64>,
    pub date: NaiveDate,
    pub period: Period,
}

/// What the plan reads besides the settings.
pub struct PlanInput<'a> {
    pub year: i32,
    /// No period that ends before this day is planned, and no date before it.
    pub from: NaiveDate,
    /// Groups that have members: an empty group gets no 党小组会.
    pub groups: &'a [i64],
    /// Whether a 支委会 is required (7 or more full members, [ZB] ch.6).
    pub committee: bool,
    /// The meetings already in the file, held or planned, as kinds, group and date: a period
    /// that has one is not planned again. (A cancelled meeting is left out by the caller: its
    /// period still needs a meeting.)
    pub existing: &'a [(Vec<MeetingKind>, Option<i64>, NaiveDate)],
}

/// The day a meeting is proposed in its period: mid-month for a month, mid-way through the
/// quarter, early December for the year; a 主题党日 on the branch's fixed day of that month
/// (domain::theme_day); never before `from`, always inside the period.
fn proposed_day(kind: MeetingKind, p: Period, from: NaiveDate, s: &Settings) -> NaiveDate {
    let months = (p.end.year() - p.start.year()) * 12 + p.end.month() as i32 - p.start.month() as i32 + 1;
    let base = match months {
        1 => p.start.with_day(15),
        3 => p.start.with_month(p.start.month() + 1).and_then(|d| d.with_day(15)),
        _ => NaiveDate::from_ymd_opt(p.end.year(), 12, 10),
    }
    .unwrap_or(p.start);
    let base = match kind {
        MeetingKind::ThemeDay => s.theme_day.date_in(base.year(), base.month()).unwrap_or(base),
        _ => base,
    };
    base.max(from).clamp(p.start, p.end)
}

pub fn plan_year(input: &PlanInput, s: &Settings) -> Vec<PlannedSlot> {
    let mut out = Vec::new();
    for kind in CADENCE_KINDS {
        if kind == MeetingKind::CommitteeMeeting && !input.committee {
            continue;
        }
        let targets: Vec<Option<i64>> = if kind == MeetingKind::GroupMeeting {
            input.groups.iter().map(|&g| Some(g)).collect()
        } else {
            vec![None]
        };
        for period in periods_in_year(s.cadence_for(kind), input.year) {
            if period.end < input.from {
                continue;
            }
            for &group_id in &targets {
                let covered = input.existing.iter().any(|(kinds, g, d)| {
                    kinds.contains(&kind) && period.contains(*d) && (group_id.is_none() || *g == group_id)
                });
                if !covered {
                    let date = proposed_day(kind, period, input.from, s);
                    out.push(PlannedSlot { kind, group_id, date, period });
                }
            }
        }
    }
    out.sort_by_key(|p| (p.date, p.kind.id(), p.group_id));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::settings::Cadence;
    use crate::domain::testing::d;

    fn settings() -> Settings {
        let mut s = Settings::default();
        for (k, c) in &mut s.cadence {
            *c = match k {
                MeetingKind::GroupMeeting | MeetingKind::ThemeDay => Cadence::Month,
                MeetingKind::GeneralMeeting | MeetingKind::CommitteeMeeting | MeetingKind::PartyLecture => {
                    Cadence::Quarter
                }
                MeetingKind::OrgLifeMeeting => Cadence::Year,
                _ => Cadence::None,
            };
        }
        s
    }

    #[test]
    fn a_whole_year_from_january_has_every_required_meeting_inside_its_period() {
        let input = PlanInput { year: 2026, from: d(2026, 1, 1), groups: &[1, 2], committee: true, existing: &[] };
        let plan = plan_year(&input, &settings());
        let n = |k| plan.iter().filter(|p| p.kind == k).count();
        assert_eq!(n(MeetingKind::GroupMeeting), 24, "two groups, twelve months");
        assert_eq!(n(MeetingKind::ThemeDay), 12);
        assert_eq!(n(MeetingKind::GeneralMeeting), 4);
        assert_eq!(n(MeetingKind::OrgLifeMeeting), 1);
        assert!(plan.iter().all(|p| p.period.contains(p.date)));
        assert!(plan.iter().any(|p| p.kind == MeetingKind::GeneralMeeting && p.date == d(2026, 2, 15)));
    }

    #[test]
    fn theme_days_fall_on_the_fixed_day_moved_off_weekends_and_holidays() {
        use crate::domain::theme_day::{Shift, ThemeDay};
        let mut s = settings();
        s.theme_day = ThemeDay { day: 1, shift: Shift::Later };
        let input = PlanInput { year: 2026, from: d(2026, 1, 1), groups: &[], committee: false, existing: &[] };
        let days: Vec<NaiveDate> =
            plan_year(&input, &s).into_iter().filter(|p| p.kind == MeetingKind::ThemeDay).map(|p| p.date).collect();
        assert_eq!(days.len(), 12);
        assert_eq!(days[0], d(2026, 1, 2), "元旦 is a Thursday: Friday the 2nd");
        assert_eq!(days[9], d(2026, 10, 8), "after the National Day week");
        assert_eq!(days[10], d(2026, 11, 2), "1 November 2026 is a Sunday");
        assert_eq!(days[11], d(2026, 12, 1));
        // Other kinds keep their mid-period days.
        assert!(
            plan_year(&input, &s).iter().any(|p| p.kind == MeetingKind::GeneralMeeting && p.date == d(2026, 2, 15))
        );
    }

    #[test]
    fn nothing_for_an_empty_group_closed_periods_or_an_unrequired_committee() {
        let input = PlanInput { year: 2026, from: d(2026, 11, 28), groups: &[], committee: false, existing: &[] };
        let plan = plan_year(&input, &settings());
        assert!(plan.iter().all(|p| p.kind != MeetingKind::GroupMeeting && p.kind != MeetingKind::CommitteeMeeting));
        // November's theme day is planned for today (its period is still open), not the 15th.
        assert!(plan.iter().any(|p| p.kind == MeetingKind::ThemeDay && p.date == d(2026, 11, 28)));
        assert!(plan.iter().all(|p| p.date >= d(2026, 11, 28) && p.period.contains(p.date)));
    }

    #[test]
    fn a_period_with_a_meeting_of_any_status_is_not_planned_again() {
        let existing = vec![
            (vec![MeetingKind::ThemeDay, MeetingKind::GeneralMeeting], None, d(2026, 12, 1)),
            (vec![MeetingKind::GroupMeeting], Some(1), d(2026, 12, 31)),
        ];
        let input =
            PlanInput { year: 2026, from: d(2026, 12, 1), groups: &[1, 2], committee: false, existing: &existing };
        let plan = plan_year(&input, &settings());
        assert!(!plan.iter().any(|p| p.kind == MeetingKind::ThemeDay));
        assert!(!plan.iter().any(|p| p.kind == MeetingKind::GeneralMeeting));
        let groups: Vec<Option<i64>> =
            plan.iter().filter(|p| p.kind == MeetingKind::GroupMeeting).map(|p| p.group_id).collect();
        assert_eq!(groups, vec![Some(2)], "group 1 has its December meeting");
    }
}
