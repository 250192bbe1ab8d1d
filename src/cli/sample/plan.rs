//! The demo branch's plan for the rest of its year: the required meetings of the periods still
//! open on the sample's date, as planned meetings, moved to the days this branch keeps (支委会
//! early in the month, the groups in the first week, the quarter's 党员大会 with December's
//! 主题党日), so that the 待办 tab shows what is coming. Also the one meeting the branch
//! cancelled: the third group's October meeting, which therefore stays missing.

use chrono::{Datelike, NaiveDate};

use crate::domain::meeting::{MeetingKind, MeetingStatus};
use crate::service::{Record, Result, Service};

pub fn add(service: &mut Service, as_of: NaiveDate) -> Result<()> {
    cancelled(service, as_of)?;
    service.save_year_plan(as_of.year())?;
    let next_monday = |n: i64| {
        let days = 7 - i64::from(as_of.weekday().num_days_from_monday());
        as_of + chrono::Duration::days(days + n)
    };
    let groups = service.groups()?;
    let planned: Vec<_> = service
        .meetings_between(as_of, crate::domain::dates::year_end(as_of.year()))?
        .into_iter()
        .filter(|i| i.summary.status == MeetingStatus::Planned)
        .collect();
    // December's 主题党日 (planned by the secretary, with its topic) is also the quarter's 党员大会.
    let theme_day = planned.iter().find(|i| i.summary.kinds == [MeetingKind::ThemeDay]).map(|i| i.summary.id);
    for item in &planned {
        let s = &item.summary;
        let mut m = service.meeting(s.id)?;
        let day = match (s.kinds.as_slice(), s.group_id) {
            // This month's 支委会, not yet held: Monday.
            ([MeetingKind::CommitteeMeeting], _) if s.date.month() == as_of.month() => next_monday(0),
            // Next month's: before the first weekend is out, on Friday.
            ([MeetingKind::CommitteeMeeting], _) => next_monday(4),
            // The groups, Wednesday to Friday of the first week.
            ([MeetingKind::GroupMeeting], Some(g)) => {
                let i = groups.iter().position(|x| x.id == g).unwrap_or(0) as i64;
                next_monday(2 + i.min(2))
            }
            ([MeetingKind::GeneralMeeting], _) if theme_day.is_some() => {
                if let Some(id) = theme_day {
                    let mut t = service.meeting(id)?;
                    t.draft.kinds.push(MeetingKind::GeneralMeeting);
                    t.draft.topic = "年终总结与组织生活会准备（支部党员大会）".into();
                    let seen = service.version(Record::Meeting(id))?;
                    service.save_meeting(Some((id, seen)), &t.draft)?;
                }
                service.delete_meeting(s.id)?;
                continue;
            }
            _ => continue,
        };
        // A move never leaves the meeting's month (for another sample date).
        if (day.year(), day.month()) != (s.date.year(), s.date.month()) {
            continue;
        }
        m.draft.date = day;
        let seen = service.version(Record::Meeting(s.id))?;
        service.save_meeting(Some((s.id, seen)), &m.draft)?;
    }
    Ok(())
}

/// The third group's October meeting, planned and then cancelled: it stays in the list as
/// cancelled, and October stays missing for that group.
fn cancelled(service: &mut Service, as_of: NaiveDate) -> Result<()> {
    let Some(group) = service.groups()?.into_iter().nth(2) else { return Ok(()) };
    let Some(date) = NaiveDate::from_ymd_opt(as_of.year(), 10, 20).filter(|d| *d < as_of) else { return Ok(()) };
    let draft = crate::domain::meeting::MeetingDraft {
        kinds: vec![MeetingKind::GroupMeeting],
        date,
        start: None,
        end: None,
        status: MeetingStatus::Planned,
        group_id: Some(group.id),
        topic: "学习讨论、谈心谈话".into(),
        location: String::new(),
        host_id: group.leader_id,
        recorder_id: None,
        lecturer_id: None,
        lecturer_name: String::new(),
        credit_min: service.settings().credit_for(MeetingKind::GroupMeeting),
        minutes: String::new(),
        resolution: None,
        attendance: Vec::new(),
        guests: Vec::new(),
        cancel_reason: String::new(),
    };
    let id = service.save_meeting(None, &draft)?;
    let seen = service.version(Record::Meeting(id))?;
    service.cancel_meeting(id, seen, "组长和多数组员参加社区防汛值守")
}
