//! Members away (seed C): the 流动 tab's list, saving outflows and their logs, the findings of
//! `domain::mobile_rules`, and what an absence means elsewhere: the roster's 外出 marks, study
//! months off the target, and the six-month rule's excused months while contact is kept.

use crate::domain::ids::IdMap;

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use super::{Record, Result, Service, ServiceError, Version};
use crate::domain::dates::{year_end, year_start};
use crate::domain::leave::StandingReason;
use crate::domain::member::Member;
use crate::domain::mobile::{
    LogDraft, LogEntry, LogKind, Outflow, OutflowDraft, Track, field, months_between, standing_reason, validate_log,
    validate_outflow,
};
use crate::domain::mobile_rules;
use crate::domain::rules::Finding;
use crate::domain::validation::{FieldError, Problem};
use crate::store::mobile as db;

/// One outflow with its member, as the list and the year-end report show it.
#[derive(Clone, Debug, Serialize)]
pub struct MobileRow {
    pub member_id: i64,
    pub number: String,
    pub name: String,
    pub track: Track,
    /// Whole months away by today (or until the return).
    pub months_away: u32,
    /// Contact lost: six months without any, or marked 失联.
    pub lost: bool,
    /// The outflow's log, newest first.
    pub logs: Vec<LogEntry>,
    /// The day the member left the branch (archived: 转出、去世…) when that is today or
    /// before: the absence is over for this branch, whatever its record says; never counted
    /// as away or out of contact (`Member::gone_by`, the rule of `evaluation::drop_archived`).
    pub left_branch: Option<NaiveDate>,
}

impl MobileRow {
    /// Away from the branch today: out by its record, and still the branch's member.
    pub fn is_out(&self) -> bool {
        self.left_branch.is_none() && self.track.outflow.draft.status.is_out()
    }

    /// Still the branch's concern: preparing or out, and still the branch's member.
    pub fn is_open(&self) -> bool {
        self.left_branch.is_none() && self.track.outflow.draft.status.is_open()
    }

    /// The status as the list and the report show it: 已归档 once the member has left.
    pub fn status_label(&self, lang: crate::domain::lang::Lang) -> String {
        match self.left_branch {
            Some(_) => lang.pick("已归档", "archived").to_string(),
            None => self.track.outflow.draft.status.label(lang).to_string(),
        }
    }
}

impl Service {
    /// Every outflow with what its logs say.
    pub fn mobile_tracks(&self) -> Result<Vec<Track>> {
        Ok(self.tracks_with_logs()?.into_iter().map(|(t, _)| t).collect())
    }

    /// Every outflow with what its logs say, and the logs, newest first. Each track knows the
    /// first day the records know its member (`Track::known_from`), so that the findings, the
    /// list's 失联 mark and the six-month rule's excused months agree.
    fn tracks_with_logs(&self) -> Result<Vec<(Track, Vec<LogEntry>)>> {
        let recorded = self.recorded_members()?;
        let known: IdMap<i64, NaiveDate> = recorded.iter().map(|m| (m.id, m.branch_start())).collect();
        let conn = self.store().conn();
        let mut logs: IdMap<i64, Vec<LogEntry>> = IdMap::default();
        for l in db::logs(conn)? {
            logs.entry(l.draft.outflow_id).or_default().push(l);
        }
        Ok(db::outflows(conn)?
            .into_iter()
            .map(|o| {
                let mut l = logs.remove(&o.id).unwrap_or_default();
                let drafts: Vec<LogDraft> = l.iter().map(|e| e.draft.clone()).collect();
                l.reverse();
                let from = known.get(&o.draft.member_id).copied().unwrap_or(NaiveDate::MIN);
                (Track::new(o, &drafts).known_from(from), l)
            })
            .collect())
    }

    /// The 流动 tab's rows: open outflows (preparing or out) of members in the branch today,
    /// or with `all` every outflow (those of members archived since marked `left_branch`);
    /// the longest away first.
    pub fn mobile_rows(&self, all: bool) -> Result<Vec<MobileRow>> {
        let today = self.today();
        let members = self.member_list()?;
        let shared = crate::domain::member::shared_names(&members, today);
        let by_id: IdMap<i64, &Member> = members.iter().map(|m| (m.id, m)).collect();
        let mut rows: Vec<MobileRow> = self
            .tracks_with_logs()?
            .into_iter()
            .filter_map(|(t, logs)| {
                let m = by_id.get(&t.outflow.draft.member_id)?;
                Some(row(m, &shared, t, logs, today))
            })
            .filter(|r| all || r.is_open())
            .collect();
        rows.sort_by(|a, b| {
            let open = |r: &MobileRow| !r.is_open();
            (open(a), a.track.outflow.draft.departed_on, &a.number).cmp(&(
                open(b),
                b.track.outflow.draft.departed_on,
                &b.number,
            ))
        });
        Ok(rows)
    }

    /// The year-end list for the committee above (C18): every outflow that touches `year`
    /// (away on any day of it, or preparing to leave in it), by member.
    pub fn mobile_year(&self, year: i32) -> Result<Vec<MobileRow>> {
        let (from, to) = (year_start(year), year_end(year));
        let mut rows: Vec<MobileRow> = self
            .mobile_rows(true)?
            .into_iter()
            .filter(|r| {
                let d = &r.track.outflow.draft;
                d.departed_on <= to && d.returned_on.is_none_or(|back| back >= from)
            })
            .collect();
        rows.sort_by(|a, b| {
            (&a.number, a.track.outflow.draft.departed_on).cmp(&(&b.number, b.track.outflow.draft.departed_on))
        });
        Ok(rows)
    }

    /// An outflow with its version (for the edit form) and its log, newest first.
    pub fn outflow(&self, id: i64) -> Result<(Outflow, Version, Vec<LogEntry>)> {
        let v = self.version(Record::Outflow(id))?;
        let conn = self.store().conn();
        Ok((db::outflow(conn, id)?, v, db::outflow_logs(conn, id)?))
    }

    /// Saves an outflow (new when `edit` is None), refusing the bad input of issue 12 beside
    /// its field: a return before departure, a review before issue, overlapping outflows, a
    /// certificate number used twice.
    pub fn save_outflow(&mut self, edit: Option<(i64, Version)>, d: &OutflowDraft) -> Result<i64> {
        let m = self.member(d.member_id).map_err(|e| match e {
            ServiceError::NotFound => ServiceError::Invalid(vec![FieldError::new(field::MEMBER, Problem::Required)]),
            other => other,
        })?;
        let id = edit.map(|(id, _)| id);
        let conn = self.store().conn();
        let others: Vec<Outflow> =
            db::member_outflows(conn, d.member_id)?.into_iter().filter(|o| Some(o.id) != id).collect();
        let cert_taken = d.has_cert() && db::cert_holder(conn, &d.cert_no, id)?.is_some();
        let reviews: Vec<NaiveDate> = match id {
            Some(id) => db::outflow_logs(conn, id)?
                .into_iter()
                .filter(|l| l.draft.kind == LogKind::Review)
                .map(|l| l.draft.date)
                .collect(),
            None => Vec::new(),
        };
        validate_outflow(d, &m, &others, cert_taken, &reviews, self.today())?;
        Ok(self.store_mut().write(|tx| {
            if let Some((id, seen)) = edit {
                crate::store::expect_version(tx, Record::Outflow(id), seen)?;
            }
            db::save_outflow(tx, id, d)
        })?)
    }

    /// Adds a log entry (a report, a contact, ...) to an outflow.
    pub fn add_mobile_log(&mut self, d: &LogDraft) -> Result<i64> {
        let o = db::outflow(self.store().conn(), d.outflow_id)?;
        validate_log(d, &o.draft, self.today())?;
        Ok(self.store_mut().write(|tx| db::add_log(tx, d))?)
    }

    /// The findings of `domain::mobile_rules` for `members` (as recorded), over the outflows
    /// read once for every rule (`mobile_tracks`).
    pub(crate) fn mobile_findings(&self, members: &[Member], tracks: &[Track]) -> Vec<Finding> {
        mobile_rules::findings(members, tracks, self.today(), self.settings())
    }

    /// Rosters pre-mark a member away as 外出 on every day of the absence.
    pub(crate) fn mobile_reasons(&self) -> Result<Vec<StandingReason>> {
        Ok(db::outflows(self.store().conn())?.iter().filter_map(|o| standing_reason(&o.draft)).collect())
    }

    /// Per member, the days away (both ends included): months away come off the study target.
    pub(crate) fn away_spans(&self) -> Result<IdMap<i64, Vec<(NaiveDate, NaiveDate)>>> {
        Ok(away_spans(&db::outflows(self.store().conn())?))
    }

    /// Per member away and out of contact, the day contact counted as lost: excused months from
    /// then on count against the member in the six-month rule.
    pub(crate) fn contact_lost_from(&self, tracks: &[Track]) -> IdMap<i64, NaiveDate> {
        let today = self.today();
        tracks
            .iter()
            .filter(|t| t.lost_on(today))
            .map(|t| (t.outflow.draft.member_id, t.lost_from().min(today)))
            .collect()
    }

    /// Per member, the first days of the months since `from` that began while the member was
    /// away and ended before contact was lost (and before today).
    pub(crate) fn away_months_in_contact(&self, tracks: &[Track], from: NaiveDate) -> IdMap<i64, Vec<NaiveDate>> {
        let today = self.today();
        let mut out: IdMap<i64, Vec<NaiveDate>> = IdMap::default();
        for t in tracks {
            let Some((start, end)) = t.outflow.draft.away_span() else { continue };
            let lost = if t.lost_on(today) { t.lost_from() } else { NaiveDate::MAX };
            let last = end.unwrap_or(today).min(today);
            let months = out.entry(t.outflow.draft.member_id).or_default();
            let mut first = crate::domain::period::Period::month_of(start.max(from)).start;
            while first <= last {
                let end_of_month = crate::domain::dates::month_end(first.year(), first.month());
                if end_of_month < lost && end_of_month < today {
                    months.push(first);
                }
                first = end_of_month + chrono::Duration::days(1);
            }
        }
        out
    }

    /// Members away today (for the probation note, C5).
    pub(crate) fn away_today(&self, tracks: &[Track]) -> Vec<i64> {
        let today = self.today();
        tracks
            .iter()
            .map(|t| &t.outflow)
            .filter(|o| o.draft.away_span().is_some_and(|(f, t)| f <= today && t.is_none_or(|t| today <= t)))
            .map(|o| o.draft.member_id)
            .collect()
    }
}

/// Per member, the days away (both ends included) of `outflows`.
pub(crate) fn away_spans<'a>(
    outflows: impl IntoIterator<Item = &'a Outflow>,
) -> IdMap<i64, Vec<(NaiveDate, NaiveDate)>> {
    let mut out: IdMap<i64, Vec<(NaiveDate, NaiveDate)>> = IdMap::default();
    for o in outflows {
        if let Some((from, to)) = o.draft.away_span() {
            out.entry(o.draft.member_id).or_default().push((from, to.unwrap_or(NaiveDate::MAX)));
        }
    }
    out
}

fn row(
    m: &Member,
    shared: &std::collections::HashSet<String>,
    t: Track,
    logs: Vec<LogEntry>,
    today: NaiveDate,
) -> MobileRow {
    let d = &t.outflow.draft;
    let until = d.returned_on.unwrap_or(today);
    let months_away = if d.status == crate::domain::mobile::MobileStatus::Preparing || d.departed_on > until {
        0
    } else {
        months_between(d.departed_on, until)
    };
    let left_branch = m.gone_by(today).then(|| m.branch_end()).flatten();
    let lost = left_branch.is_none() && t.lost_on(today);
    MobileRow {
        left_branch,
        member_id: m.id,
        number: m.number.to_string(),
        name: m.shown_name(shared),
        track: t,
        logs,
        months_away,
        lost,
    }
}
