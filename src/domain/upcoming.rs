//! Planned meetings coming up, as the 待办 tab lists them: those within the warning days
//! (`warn_days`), and those whose planned day has passed while their period is still open (held
//! perhaps, but not yet logged). A planned meeting satisfies no cadence (rules.rs reads held
//! meetings only): once its period closes unheld, the cadence rule reports it missing, and it
//! leaves this list.

use chrono::{Datelike, Duration, NaiveDate};

use super::lang::Lang;
use super::meeting::MeetingKind;
use super::period::Period;
use super::settings::{Cadence, Settings};

/// A planned meeting, as the list needs it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlannedMeeting {
    pub id: i64,
    pub date: NaiveDate,
    pub kinds: Vec<MeetingKind>,
    pub group_id: Option<i64>,
    pub topic: String,
}

/// When a planned meeting falls, as a secretary says it. Weeks run Monday to Sunday.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum When {
    /// Its day has passed and it is not logged yet (its period is still open).
    ToLog,
    Today,
    ThisWeek,
    NextWeek,
    /// Further out (a warning window longer than a week): shown by its date.
    Later,
}

impl When {
    pub fn of(date: NaiveDate, today: NaiveDate) -> When {
        let monday = |d: NaiveDate| d - Duration::days(d.weekday().num_days_from_monday().into());
        let weeks = (monday(date) - monday(today)).num_days() / 7;
        match date.cmp(&today) {
            std::cmp::Ordering::Less => When::ToLog,
            std::cmp::Ordering::Equal => When::Today,
            _ if weeks == 0 => When::ThisWeek,
            _ if weeks == 1 => When::NextWeek,
            _ => When::Later,
        }
    }

    /// The word before the meeting: `本周`, `下周`; `None` for `Later`, which shows the date alone.
    pub fn label(self, lang: Lang) -> Option<&'static str> {
        Some(match self {
            When::ToLog => lang.pick("待登记", "to log"),
            When::Today => lang.pick("今天", "today"),
            When::ThisWeek => lang.pick("本周", "this week"),
            When::NextWeek => lang.pick("下周", "next week"),
            When::Later => return None,
        })
    }

    /// The same for a narrow status column (7 cells).
    pub fn short(self, lang: Lang) -> Option<&'static str> {
        match (self, lang) {
            (When::ThisWeek, Lang::En) => Some("this wk"),
            (When::NextWeek, Lang::En) => Some("next wk"),
            _ => self.label(lang),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Upcoming {
    pub meeting: PlannedMeeting,
    pub when: When,
}

/// Whether a planned meeting's period is still open on `today`: the period of each of its kinds'
/// cadence (the month for a kind without one) has not closed, grace days included.
fn still_open(m: &PlannedMeeting, today: NaiveDate, s: &Settings) -> bool {
    let grace = Duration::days(s.grace_days.into());
    m.kinds.iter().any(|&k| {
        let period = match s.cadence_for(k) {
            Cadence::None => Period::month_of(m.date),
            c => Period::of(c, m.date).unwrap_or_else(|| Period::month_of(m.date)),
        };
        let last = if k == MeetingKind::OrgLifeMeeting && s.cadence_for(k) == Cadence::Year {
            s.org_life_deadline(m.date.year())
        } else {
            period.end
        };
        today <= last + grace
    })
}

/// The planned meetings to show on `today`, soonest first: dated within the next `warn_days`,
/// or dated earlier in a period still open.
pub fn upcoming(planned: &[PlannedMeeting], today: NaiveDate, s: &Settings) -> Vec<Upcoming> {
    let horizon = today + Duration::days(s.warn_days.into());
    let mut out: Vec<Upcoming> = planned
        .iter()
        .filter(|m| m.date <= horizon && (m.date >= today || still_open(m, today, s)))
        .map(|m| Upcoming { meeting: m.clone(), when: When::of(m.date, today) })
        .collect();
    out.sort_by_key(|u| (u.meeting.date, u.meeting.kinds.first().map(|k| k.id()), u.meeting.group_id, u.meeting.id));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::testing::d;

    fn planned(id: i64, date: NaiveDate, kind: MeetingKind) -> PlannedMeeting {
        PlannedMeeting { id, date, kinds: vec![kind], group_id: None, topic: String::new() }
    }

    #[test]
    fn weeks_run_monday_to_sunday() {
        // 2026-11-28 is a Saturday.
        let today = d(2026, 11, 28);
        assert_eq!(When::of(d(2026, 11, 28), today), When::Today);
        assert_eq!(When::of(d(2026, 11, 29), today), When::ThisWeek, "Sunday ends the week");
        assert_eq!(When::of(d(2026, 11, 30), today), When::NextWeek, "Monday starts the next");
        assert_eq!(When::of(d(2026, 12, 6), today), When::NextWeek);
        assert_eq!(When::of(d(2026, 12, 7), today), When::Later);
        assert_eq!(When::of(d(2026, 11, 27), today), When::ToLog);
        // Across a year's end.
        assert_eq!(When::of(d(2027, 1, 1), d(2026, 12, 28)), When::ThisWeek);
        assert_eq!(When::of(d(2027, 1, 4), d(2026, 12, 31)), When::NextWeek);
    }

    #[test]
    fn within_the_warning_days_or_past_in_a_period_still_open() {
        let s = Settings::default(); // warn 7 days, grace 0
        let today = d(2026, 11, 28);
        let list = [
            planned(1, d(2026, 12, 5), MeetingKind::GroupMeeting),
            planned(2, d(2026, 12, 6), MeetingKind::GroupMeeting),
            planned(3, d(2026, 11, 16), MeetingKind::CommitteeMeeting),
            planned(4, d(2026, 10, 20), MeetingKind::CommitteeMeeting),
            planned(5, d(2026, 10, 20), MeetingKind::GeneralMeeting),
            planned(6, d(2026, 11, 2), MeetingKind::Training),
            planned(7, d(2026, 10, 30), MeetingKind::Training),
            planned(8, d(2026, 12, 20), MeetingKind::GroupMeeting),
        ];
        let ids: Vec<i64> = upcoming(&list, today, &s).iter().map(|u| u.meeting.id).collect();
        // 12-06 and 12-20 are beyond 7 days; October's committee meeting's month has closed (the rule now
        // reports it missing); the quarter of October's general meeting is still open; a kind
        // without a cadence stays for the month of its date.
        assert_eq!(ids, vec![5, 6, 3, 1]);
        let mut longer = s.clone();
        longer.warn_days = 30;
        assert_eq!(upcoming(&list, today, &longer).last().map(|u| u.when), Some(When::Later));
    }

    #[test]
    fn grace_days_keep_a_past_month_open() {
        let s = Settings { grace_days: 5, ..Settings::default() };
        let list = [planned(1, d(2026, 10, 20), MeetingKind::CommitteeMeeting)];
        assert_eq!(upcoming(&list, d(2026, 11, 5), &s).len(), 1);
        assert!(upcoming(&list, d(2026, 11, 6), &s).is_empty());
    }
}
