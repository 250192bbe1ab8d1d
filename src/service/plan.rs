//! The year's plan (domain::plan) read from the file and written as planned meetings.

use chrono::{Datelike, NaiveDate};

use super::{Result, Service};
use crate::domain::dates::{year_end, year_start};
use crate::domain::meeting::{MeetingDraft, MeetingKind, MeetingStatus};
use crate::domain::plan::{PlanInput, PlannedSlot, plan_year};
use crate::domain::rules::COMMITTEE_MIN_FULL_MEMBERS;
use crate::domain::upcoming::{PlannedMeeting, Upcoming, upcoming};
use crate::store::meetings as db;
use crate::store::meetings::MeetingSlot;

impl Service {
    /// The planned meetings the year still needs (none for periods closed before today).
    pub fn year_plan(&self, year: i32) -> Result<Vec<PlannedSlot>> {
        let today = self.today();
        let members = self.member_list()?;
        let day = today.max(year_start(year)).min(year_end(year));
        let active = |m: &&crate::domain::member::Member| m.in_branch_on(day);
        let groups: Vec<i64> = self
            .groups()?
            .iter()
            .map(|g| g.id)
            .filter(|&g| members.iter().filter(active).any(|m| m.draft.group_id == Some(g)))
            .collect();
        let full = members.iter().filter(active).filter(|m| m.is_full_on(day)).count();
        let existing: Vec<(Vec<MeetingKind>, Option<i64>, NaiveDate)> =
            db::slots_between(self.store().conn(), year_start(year), year_end(year), None)?
                .into_iter()
                .filter(|s| s.status != MeetingStatus::Cancelled)
                .map(|s| (s.kinds, s.group_id, s.date))
                .collect();
        let input = PlanInput {
            year,
            from: today,
            groups: &groups,
            committee: full >= COMMITTEE_MIN_FULL_MEMBERS,
            existing: &existing,
        };
        Ok(plan_year(&input, self.settings()))
    }

    /// The planned meetings to show as coming up (domain::upcoming): within the warning days,
    /// or past their day in a period still open. Cancelled and held ones are not planned.
    pub fn upcoming(&self) -> Result<Vec<Upcoming>> {
        let today = self.today();
        let to = today + chrono::Duration::days(self.settings().warn_days.into());
        // A planned meeting of last year may wait in an open period only until its cutoff.
        let conn = self.store().conn();
        let planned: Vec<PlannedMeeting> =
            db::slots_between(conn, year_start(today.year() - 1), to, Some(MeetingStatus::Planned))?
                .into_iter()
                .map(|s| PlannedMeeting {
                    id: s.id,
                    date: s.date,
                    kinds: s.kinds,
                    group_id: s.group_id,
                    topic: s.topic,
                })
                .collect();
        Ok(upcoming(&planned, today, self.settings()))
    }

    /// Whether a planned meeting's topic is still the placeholder the plan wrote (then the
    /// form asks for the real topic instead of prefilling it).
    pub fn has_plan_topic(&self, m: &crate::domain::meeting::Meeting) -> Result<bool> {
        let d = &m.draft;
        let Some(&kind) = d.kinds.first() else { return Ok(false) };
        let Some(period) = crate::domain::period::Period::of(self.settings().cadence_for(kind), d.date) else {
            return Ok(false);
        };
        let groups = self.groups()?;
        let group = d.group_id.and_then(|g| groups.iter().find(|x| x.id == g)).map(|g| g.name.as_str());
        let slot = PlannedSlot { kind, group_id: d.group_id, date: d.date, period };
        Ok(d.kinds.len() == 1 && d.topic == plan_topic(&slot, group))
    }

    /// Planned meetings already in the year.
    pub fn planned_count(&self, year: i32) -> Result<usize> {
        Ok(db::count_between(self.store().conn(), year_start(year), year_end(year), MeetingStatus::Planned)?)
    }

    /// Writes the year's plan in one transaction; returns how many meetings it added. Run twice,
    /// it adds only what is still missing.
    pub fn save_year_plan(&mut self, year: i32) -> Result<usize> {
        let plan = self.year_plan(year)?;
        let groups = self.groups()?;
        let credit = |k: MeetingKind| self.settings().credit_for(k);
        let drafts: Vec<MeetingDraft> = plan
            .iter()
            .map(|p| {
                let group = p.group_id.and_then(|g| groups.iter().find(|x| x.id == g));
                MeetingDraft {
                    kinds: vec![p.kind],
                    date: p.date,
                    start: None,
                    end: None,
                    status: MeetingStatus::Planned,
                    group_id: p.group_id,
                    topic: plan_topic(p, group.map(|g| g.name.as_str())),
                    location: String::new(),
                    host_id: group.and_then(|g| g.leader_id),
                    recorder_id: None,
                    lecturer_id: None,
                    lecturer_name: String::new(),
                    credit_min: credit(p.kind),
                    minutes: String::new(),
                    resolution: None,
                    attendance: Vec::new(),
                    guests: Vec::new(),
                    cancel_reason: String::new(),
                }
            })
            .collect();
        for d in &drafts {
            crate::domain::meeting::validate_meeting(d, self.today())?;
        }
        let n = drafts.len();
        self.store_mut().write(|tx| {
            for d in &drafts {
                db::insert(tx, d)?;
            }
            Ok(())
        })?;
        Ok(n)
    }
}

/// The plan item among `planned` that a meeting `logged` as held fulfils, if any: a planned
/// meeting each of whose kinds the meeting has (of the same party group for a 党小组会), planned
/// for the period the meeting is in: the same month, or the period of every one of its kinds'
/// cadences (a quarter's 党课, the year's 组织生活会), so that logging it as that item leaves no
/// period without its meeting (as [`Service::moved_out_of_period`] would ask). Of several, the
/// one a secretary means: in the same month first, then the nearest in date, then the earlier.
pub(crate) fn fulfilled_by<'a>(
    planned: &'a [MeetingSlot],
    logged: &MeetingDraft,
    settings: &crate::domain::settings::Settings,
) -> Option<&'a MeetingSlot> {
    if logged.status != MeetingStatus::Held {
        return None;
    }
    let month = |d: NaiveDate| (d.year(), d.month());
    let in_period = |p: &MeetingSlot| {
        month(p.date) == month(logged.date)
            || p.kinds.iter().all(|&k| {
                crate::domain::period::Period::of(settings.cadence_for(k), p.date)
                    .is_some_and(|x| x.contains(logged.date))
            })
    };
    planned
        .iter()
        .filter(|p| p.status == MeetingStatus::Planned && !p.kinds.is_empty())
        .filter(|p| p.kinds.iter().all(|k| logged.kinds.contains(k)))
        .filter(|p| !p.kinds.contains(&MeetingKind::GroupMeeting) || p.group_id == logged.group_id)
        .filter(|p| in_period(p))
        .min_by_key(|p| (month(p.date) != month(logged.date), (p.date - logged.date).num_days().abs(), p.date, p.id))
}

/// `2026年12月 第二党小组 党小组会`: the period, the group and the kind, as a placeholder topic
/// the secretary replaces when the meeting is held.
fn plan_topic(p: &PlannedSlot, group: Option<&str>) -> String {
    let months = (p.period.end.year() - p.period.start.year()) * 12 + p.period.end.month() as i32
        - p.period.start.month() as i32
        + 1;
    let when = match months {
        1 => format!("{}年{}月", p.period.start.year(), p.period.start.month()),
        3 => format!("{}年第{}季度", p.period.start.year(), (p.period.start.month() - 1) / 3 + 1),
        _ => format!("{}年", p.period.start.year()),
    };
    let kind = p.kind.label(crate::domain::lang::Lang::Zh);
    match group {
        Some(g) => format!("{when} {g} {kind}"),
        None => format!("{when} {kind}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::settings::Settings;
    use MeetingKind::*;

    fn day(m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, d).unwrap()
    }

    fn slot(id: i64, date: NaiveDate, kinds: &[MeetingKind], group_id: Option<i64>) -> MeetingSlot {
        MeetingSlot { id, date, kinds: kinds.to_vec(), status: MeetingStatus::Planned, group_id, topic: String::new() }
    }

    fn held(date: NaiveDate, kinds: &[MeetingKind], group_id: Option<i64>) -> MeetingDraft {
        MeetingDraft {
            kinds: kinds.to_vec(),
            date,
            start: None,
            end: None,
            status: MeetingStatus::Held,
            group_id,
            topic: "t".into(),
            location: String::new(),
            host_id: None,
            recorder_id: None,
            lecturer_id: None,
            lecturer_name: String::new(),
            credit_min: 0,
            minutes: String::new(),
            resolution: None,
            attendance: Vec::new(),
            guests: Vec::new(),
            cancel_reason: String::new(),
        }
    }

    fn pick(planned: &[MeetingSlot], logged: &MeetingDraft) -> Option<i64> {
        fulfilled_by(planned, logged, &Settings::default()).map(|p| p.id)
    }

    #[test]
    fn a_held_meeting_fulfils_the_plan_item_it_has_every_kind_of_in_its_period() {
        let plan = [
            slot(1, day(12, 15), &[GeneralMeeting, ThemeDay], None),
            slot(2, day(12, 20), &[PartyLecture], None),
            slot(3, day(12, 3), &[GroupMeeting], Some(2)),
            slot(4, day(11, 18), &[Seminar], None),
        ];
        // Every kind of the item: a 主题党日 alone is not the 党员大会 planned with it.
        assert_eq!(pick(&plan, &held(day(12, 10), &[ThemeDay], None)), None);
        assert_eq!(pick(&plan, &held(day(12, 10), &[GeneralMeeting, ThemeDay, PartyLecture], None)), Some(1));
        // Of its month's 主题党日 only; the 党员大会 alone has the quarter, the 党课 too.
        assert_eq!(pick(&plan, &held(day(11, 30), &[GeneralMeeting, ThemeDay], None)), None);
        assert_eq!(pick(&plan, &held(day(10, 8), &[PartyLecture], None)), Some(2));
        assert_eq!(pick(&plan, &held(day(9, 30), &[PartyLecture], None)), None, "another quarter");
        // A group's meeting is its own group's.
        assert_eq!(pick(&plan, &held(day(12, 1), &[GroupMeeting], Some(1))), None);
        assert_eq!(pick(&plan, &held(day(12, 1), &[GroupMeeting], Some(2))), Some(3));
        // A kind without a cadence: the same month only.
        assert_eq!(pick(&plan, &held(day(11, 2), &[Seminar], None)), Some(4));
        assert_eq!(pick(&plan, &held(day(10, 31), &[Seminar], None)), None);
        // A planned (not held) meeting is a plan itself.
        let planned = MeetingDraft { status: MeetingStatus::Planned, ..held(day(12, 20), &[PartyLecture], None) };
        assert_eq!(pick(&plan, &planned), None);
    }

    #[test]
    fn of_several_the_same_month_then_the_nearest_date() {
        let plan = [
            slot(1, day(10, 9), &[PartyLecture], None),
            slot(2, day(11, 2), &[PartyLecture], None),
            slot(3, day(11, 24), &[PartyLecture], None),
            slot(4, day(12, 1), &[PartyLecture], None),
        ];
        assert_eq!(pick(&plan, &held(day(11, 20), &[PartyLecture], None)), Some(3));
        assert_eq!(pick(&plan, &held(day(11, 13), &[PartyLecture], None)), Some(2), "a tie: the earlier");
        assert_eq!(pick(&plan, &held(day(11, 30), &[PartyLecture], None)), Some(3), "not 12-01, a day nearer");
        assert_eq!(pick(&plan, &held(day(10, 31), &[PartyLecture], None)), Some(1));
    }
}
