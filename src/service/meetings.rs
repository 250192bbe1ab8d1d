//! Meetings (三会一课 and other collective education) with attendance.

use crate::domain::ids::IdMap;

use chrono::{Datelike, NaiveDate};

use super::{Record, Result, Service, Version};
use crate::domain::dates::{year_end, year_start};
use crate::domain::lang::Lang;
use crate::domain::meeting::{
    Attendance, Meeting, MeetingDraft, MeetingKind, MeetingStatus, expected_roster, validate_meeting,
};
use crate::store::meetings as db;
pub use crate::store::meetings::MeetingSummary;

/// A meeting as the list shows it, with names resolved.
#[derive(Clone, Debug)]
pub struct MeetingItem {
    pub summary: MeetingSummary,
    pub host: Option<String>,
    pub group: Option<String>,
}

/// A plan item (a planned meeting) that a meeting logged with its kinds fulfilled.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlanItem {
    pub id: i64,
    /// The day it was planned for.
    pub date: NaiveDate,
    pub kinds: Vec<MeetingKind>,
    /// The party group's name, for a group's meeting.
    pub group: Option<String>,
}

impl PlanItem {
    /// `12-03 第二党小组 党小组会` (`第二党小组 group meeting of 12-03`), as the status line
    /// names it.
    pub fn label(&self, lang: Lang) -> String {
        let kinds: Vec<&str> = self.kinds.iter().map(|k| k.label(lang)).collect();
        let what = match &self.group {
            Some(g) => format!("{g} {}", kinds.join("+")),
            None => kinds.join(lang.pick("+", " + ")),
        };
        let day = self.date.format("%m-%d");
        match lang {
            Lang::Zh => format!("{day} {what}"),
            Lang::En => format!("{what} of {day}"),
        }
    }
}

/// The plan item among `planned` that `logged` fulfils ([`super::plan::fulfilled_by`]).
fn plan_item(
    planned: &[db::MeetingSlot],
    logged: &MeetingDraft,
    settings: &crate::domain::settings::Settings,
    groups: &[crate::domain::member::PartyGroup],
) -> Option<PlanItem> {
    super::plan::fulfilled_by(planned, logged, settings).map(|p| PlanItem {
        id: p.id,
        date: p.date,
        kinds: p.kinds.clone(),
        group: p.group_id.and_then(|g| groups.iter().find(|x| x.id == g)).map(|g| g.name.clone()),
    })
}

/// One expected member with a default attendance.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Expected {
    pub member_id: i64,
    /// As shown: with the member number where two members share the name.
    pub name: String,
    pub number: String,
    pub status: Attendance,
    /// Pre-marked by a standing reason (a standing leave): its reason and last day.
    pub reason: String,
    pub standing_until: Option<NaiveDate>,
}

impl Service {
    /// Meetings dated in `year`, newest first.
    pub fn meetings_in_year(&self, year: i32) -> Result<Vec<MeetingItem>> {
        self.meetings_between(year_start(year), year_end(year))
    }

    pub fn meetings_between(&self, from: NaiveDate, to: NaiveDate) -> Result<Vec<MeetingItem>> {
        let names = self.member_names()?;
        let groups: IdMap<i64, String> = self.groups()?.into_iter().map(|g| (g.id, g.name)).collect();
        Ok(db::list_between(self.store().conn(), from, to)?
            .into_iter()
            .map(|s| MeetingItem {
                host: s.host_id.and_then(|id| names.get(&id).cloned()),
                group: s.group_id.and_then(|id| groups.get(&id).cloned()),
                summary: s,
            })
            .collect())
    }

    pub fn meeting(&self, id: i64) -> Result<Meeting> {
        Ok(db::get(self.store().conn(), id)?)
    }

    /// Who the meeting expects, with default attendance (domain::meeting::expected_roster).
    pub fn expected(&self, kinds: &[MeetingKind], group: Option<i64>, date: NaiveDate) -> Result<Vec<Expected>> {
        let members = self.member_list()?;
        let shared = crate::domain::member::shared_names(&members, self.today());
        let by_id: IdMap<i64, &crate::domain::member::Member> = members.iter().map(|m| (m.id, m)).collect();
        let reasons = self.standing_reasons()?;
        Ok(expected_roster(&members, kinds, group, date)
            .into_iter()
            .map(|(id, status)| {
                let standing = crate::domain::leave::standing_on(&reasons, id, date);
                Expected {
                    member_id: id,
                    name: by_id.get(&id).map(|m| m.shown_name(&shared)).unwrap_or_default(),
                    number: by_id.get(&id).map(|m| m.number.to_string()).unwrap_or_default(),
                    status: standing.map_or(status, |r| r.status),
                    reason: standing.map(|r| r.reason.clone()).unwrap_or_default(),
                    standing_until: standing.map(|r| r.to),
                }
            })
            .collect())
    }

    /// Saves a meeting and all its attendance rows in one transaction, with the change log.
    /// Planned and cancelled meetings keep no attendance. An edit names the meeting with its
    /// version when the form opened ([`Service::version`]).
    pub fn save_meeting(&mut self, edit: Option<(i64, Version)>, draft: &MeetingDraft) -> Result<i64> {
        let d = self.checked(draft)?;
        Ok(self.store_mut().write(|tx| match edit {
            Some((id, seen)) => {
                crate::store::expect_version(tx, Record::Meeting(id), seen)?;
                db::update(tx, id, &d).map(|_| id)
            }
            None => db::insert(tx, &d),
        })?)
    }

    /// Logs a new meeting. One held that is a pending plan item ([`super::plan::fulfilled_by`])
    /// is saved as that item, as logging it from the plan does: the planned record becomes the
    /// held meeting, in one write that one undo takes back. Returns the meeting's id and the
    /// plan item it fulfilled.
    pub fn log_meeting(&mut self, draft: &MeetingDraft) -> Result<(i64, Option<PlanItem>)> {
        let d = self.checked(draft)?;
        let settings = self.settings().clone();
        let groups = self.groups()?;
        Ok(self.store_mut().write(|tx| {
            // Read in the write, so that an item another window logged meanwhile is not taken.
            let planned = match d.status {
                MeetingStatus::Held => db::slots_between(
                    tx,
                    year_start(d.date.year()),
                    year_end(d.date.year()),
                    Some(MeetingStatus::Planned),
                )?,
                _ => Vec::new(),
            };
            match plan_item(&planned, &d, &settings, &groups) {
                Some(p) => db::update(tx, p.id, &d).map(|_| (p.id, Some(p))),
                None => Ok((db::insert(tx, &d)?, None)),
            }
        })?)
    }

    /// A meeting as it is saved (planned and cancelled ones without attendance, no credit for
    /// those who earn none), checked by the rules.
    fn checked(&self, draft: &MeetingDraft) -> Result<MeetingDraft> {
        let mut d = draft.clone();
        if d.status != MeetingStatus::Held {
            d.attendance.clear();
        }
        if d.status != MeetingStatus::Cancelled {
            d.cancel_reason.clear();
        }
        for a in &mut d.attendance {
            if !a.status.earns_credit() {
                a.credit_min = 0;
            }
        }
        validate_meeting(&d, self.today())?;
        if d.status == MeetingStatus::Planned
            && d.has(MeetingKind::GroupMeeting)
            && let Some(g) = d.group_id
            && !self.member_list()?.iter().any(|m| m.in_branch_on(d.date) && m.draft.group_id == Some(g))
        {
            return Err(vec![crate::domain::validation::FieldError::rule(
                crate::domain::meeting::field::GROUP,
                "这个党小组在该日没有党员，不能安排党小组会",
                "this group has no members on that day: no group meeting to plan",
            )]
            .into());
        }
        Ok(d)
    }

    /// The period a planned meeting was planned for (with its kind), when moving it to `to`
    /// leaves that period: the secretary is asked before a period is left without its meeting.
    pub fn moved_out_of_period(&self, id: i64, to: NaiveDate) -> Result<Option<(MeetingKind, String, String)>> {
        let m = self.meeting(id)?.draft;
        if m.status != MeetingStatus::Planned || m.date == to {
            return Ok(None);
        }
        let s = self.settings();
        for &k in &m.kinds {
            let cadence = s.cadence_for(k);
            if let Some(p) = crate::domain::period::Period::of(cadence, m.date)
                && !p.contains(to)
            {
                let label = |lang| crate::domain::rules::period_label(p, cadence, lang);
                return Ok(Some((k, label(Lang::Zh), label(Lang::En))));
            }
        }
        Ok(None)
    }

    /// Cancels a planned meeting with its reason: it stays in the list as cancelled and
    /// satisfies no cadence (the rules read held meetings only). A held meeting is not
    /// cancelled (it happened; delete it if it was logged by mistake).
    pub fn cancel_meeting(&mut self, id: i64, seen: Version, reason: &str) -> Result<()> {
        let mut d = self.meeting(id)?.draft;
        if d.status == MeetingStatus::Held {
            return Err(vec![crate::domain::validation::FieldError::rule(
                crate::domain::meeting::field::CANCEL_REASON,
                "已召开的会议不能取消（误录的可删除）",
                "a held meeting cannot be cancelled (delete it if it was logged by mistake)",
            )]
            .into());
        }
        d.status = MeetingStatus::Cancelled;
        d.cancel_reason = reason.trim().to_string();
        self.save_meeting(Some((id, seen)), &d).map(|_| ())
    }

    /// Deletes a meeting with its attendance; the change log keeps the whole record.
    pub fn delete_meeting(&mut self, id: i64) -> Result<()> {
        Ok(self.store_mut().write(|tx| db::delete(tx, id))?)
    }
}
