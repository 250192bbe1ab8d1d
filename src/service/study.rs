//! Study time per member for a year (the 学习 tab and `zhibu report study`), and individual
//! study records.

use crate::domain::ids::IdMap;
use std::rc::Rc;

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use super::{Result, Service};
use crate::domain::dates::{year_end, year_start};
use crate::domain::meeting::{Attendance, MeetingKind, StudyDraft, StudyKind, StudyRecord, validate_study};
use crate::domain::member::{Member, UnitCategory};
use crate::domain::study::{
    CreditUnit, Standing, StudyStatus, attendance_counts, in_branch_during, record_counts, study_status_away,
};
use crate::store::{meetings as mdb, study as sdb};

/// One member's row of the 学习 tab.
#[derive(Clone, Debug, Serialize)]
pub struct StudyRow {
    pub member_id: i64,
    pub number: String,
    pub name: String,
    pub group: Option<String>,
    pub unit_category: UnitCategory,
    #[serde(flatten)]
    pub status: StudyStatus,
    /// Unexcused absences at held meetings this year (seed A18).
    pub absences: u32,
    /// 送学上门 records this year (meeting rows and individual records), shown for exempt members.
    pub home_deliveries: u32,
}

/// The 学习 tab for one year: every member who was in the branch that year.
#[derive(Clone, Debug, Serialize)]
pub struct StudyOverview {
    pub year: i32,
    pub unit: CreditUnit,
    pub rows: Vec<StudyRow>,
}

impl StudyOverview {
    pub fn behind(&self) -> impl Iterator<Item = &StudyRow> {
        self.rows.iter().filter(|r| matches!(r.status.standing, Standing::Behind | Standing::Short))
    }
}

/// A member's study figures for a year, before the row's names (`index`: in the members read).
struct StudyFigures {
    index: usize,
    status: StudyStatus,
    absences: u32,
    home_deliveries: u32,
}

/// One credited activity, absence or record of a member, for the detail list.
#[derive(Clone, Debug, Serialize)]
pub struct Activity {
    pub date: NaiveDate,
    /// The meeting's kinds, or empty for an individual record.
    pub kinds: Vec<MeetingKind>,
    pub title: String,
    pub attendance: Option<Attendance>,
    pub study_kind: Option<StudyKind>,
    pub reason: String,
    pub credit_min: i64,
    /// Set for individual study records (they can be edited from the list).
    pub study_record_id: Option<i64>,
}

impl Service {
    /// Study figures for every member in the branch during `year`, sorted by shortfall (largest
    /// first), then by name.
    pub fn study_year(&self, year: i32) -> Result<StudyOverview> {
        self.study_year_of(&self.recorded_members()?, year)
    }

    /// `study_year` over members already loaded (as recorded).
    pub(crate) fn study_year_of(&self, members: &[Member], year: i32) -> Result<StudyOverview> {
        let s = self.settings();
        let groups: IdMap<i64, String> = self.groups()?.into_iter().map(|g| (g.id, g.name)).collect();
        let mut figures = self.study_figures(members, year, &self.away_spans()?)?;
        figures.sort_by(|a, b| {
            b.status
                .shortfall_min
                .cmp(&a.status.shortfall_min)
                .then_with(|| members[a.index].number.cmp(&members[b.index].number))
        });
        let shared = crate::domain::member::shared_names(members, self.today());
        let rows: Vec<StudyRow> = figures
            .into_iter()
            .map(|f| {
                let m = &members[f.index];
                StudyRow {
                    member_id: m.id,
                    number: m.number.to_string(),
                    name: m.shown_name(&shared),
                    group: m.draft.group_id.and_then(|g| groups.get(&g).cloned()),
                    unit_category: m.draft.unit_category,
                    status: f.status,
                    absences: f.absences,
                    home_deliveries: f.home_deliveries,
                }
            })
            .collect();
        Ok(StudyOverview { year, unit: CreditUnit::of(s), rows })
    }

    /// The study status of every member in the branch during `year`, in the order of
    /// `members`: what the findings read of it, without the rows' names, groups and order.
    pub(crate) fn study_statuses(
        &self,
        members: &[Member],
        year: i32,
        away: &IdMap<i64, Vec<(NaiveDate, NaiveDate)>>,
    ) -> Result<Vec<(i64, StudyStatus)>> {
        Ok(self.study_figures(members, year, away)?.into_iter().map(|f| (members[f.index].id, f.status)).collect())
    }

    /// The figures behind the 学习 tab's rows, in the order of `members`. `away`: per member, the days away (see `away_spans`).
    fn study_figures(
        &self,
        members: &[Member],
        year: i32,
        away: &IdMap<i64, Vec<(NaiveDate, NaiveDate)>>,
    ) -> Result<Vec<StudyFigures>> {
        let s = self.settings();
        let (from, to) = (year_start(year), year_end(year));
        // One member's rows when asked for one (the 评议 facts beside a grade).
        let only = match members {
            [m] => Some(m.id),
            _ => None,
        };
        let totals = crate::store::member_year::totals(self.store().conn(), year, only)?;
        let records = sdb::list_between(self.store().conn(), only, from, to)?;
        // Individual records add to the meetings' credit, the kinds the settings count
        // (docs/rules.md); their 送学上门 count too.
        let mut record_credit: IdMap<i64, (i64, u32)> = IdMap::default();
        for r in &records {
            let e = record_credit.entry(r.draft.member_id).or_default();
            if record_counts(r.draft.kind, s) {
                e.0 += r.draft.credit_min;
            }
            e.1 += u32::from(r.draft.kind == StudyKind::HomeDelivered);
        }
        let today = self.today();
        // Months away come off the target (issue 12).
        let rows: Vec<StudyFigures> = members
            .iter()
            .enumerate()
            .filter(|(_, m)| in_branch_during(m, year))
            .map(|(index, m)| {
                let t = totals.get(&m.id).copied().unwrap_or_default();
                let (own_credit, own_home) = record_credit.get(&m.id).copied().unwrap_or_default();
                let made_up = if s.count_made_up { 0 } else { t.made_up_min };
                let credited = t.credit_min - made_up + own_credit;
                StudyFigures {
                    index,
                    status: study_status_away(m, year, today, credited, s, away.get(&m.id).map_or(&[], Vec::as_slice)),
                    absences: t.absences,
                    home_deliveries: t.home_deliveries + own_home,
                }
            })
            .collect();
        Ok(rows)
    }

    /// A member's credited activities, absences and records in `year`, oldest first.
    pub fn member_activities(&self, member: i64, year: i32) -> Result<Vec<Activity>> {
        let s = self.settings();
        let (from, to) = (year_start(year), year_end(year));
        let mut out: Vec<Activity> = mdb::member_attendance(self.store().conn(), member, from, to)?
            .into_iter()
            .map(|m| (m.date, m.kinds, m.topic, m.row))
            .map(|(date, kinds, topic, a)| Activity {
                date,
                kinds,
                title: topic,
                attendance: Some(a.status),
                study_kind: None,
                reason: match a.made_up_on {
                    Some(d) => format!("{} {}", a.reason, crate::domain::dates::fmt(d)).trim().to_string(),
                    None => a.reason,
                },
                credit_min: if attendance_counts(a.status, s) { a.credit_min } else { 0 },
                study_record_id: None,
            })
            .collect();
        out.extend(sdb::list_between(self.store().conn(), Some(member), from, to)?.into_iter().map(|r| Activity {
            date: r.draft.date,
            kinds: Vec::new(),
            title: if r.draft.organiser.is_empty() { r.draft.note.clone() } else { r.draft.organiser.clone() },
            attendance: None,
            study_kind: Some(r.draft.kind),
            reason: String::new(),
            credit_min: if record_counts(r.draft.kind, s) { r.draft.credit_min } else { 0 },
            study_record_id: Some(r.id),
        }));
        out.sort_by_key(|a| a.date);
        Ok(out)
    }

    pub fn study_record(&self, id: i64) -> Result<StudyRecord> {
        Ok(sdb::get(self.store().conn(), id)?)
    }

    /// Saves an individual study record: new, or an edit with the record's version when its
    /// form opened ([`Service::version`]).
    pub fn save_study(&mut self, edit: Option<(i64, super::Version)>, d: &StudyDraft) -> Result<i64> {
        validate_study(d, self.today())?;
        let m: Member = self.member(d.member_id)?;
        if !m.in_branch_on(d.date) {
            return Err(super::ServiceError::Invalid(vec![crate::domain::validation::FieldError::rule(
                crate::domain::meeting::field::STUDY_DATE,
                "该党员当日不在本支部",
                "the member was not in the branch on that day",
            )]));
        }
        Ok(self.store_mut().write(|tx| match edit {
            Some((id, seen)) => {
                crate::store::expect_version(tx, super::Record::Study(id), seen)?;
                sdb::update(tx, id, d).map(|_| id)
            }
            None => sdb::insert(tx, d),
        })?)
    }

    pub fn delete_study(&mut self, id: i64) -> Result<()> {
        Ok(self.store_mut().write(|tx| sdb::delete(tx, id))?)
    }

    /// The first day of the records: the setting, or else the earliest record in the file (a
    /// new file: today).
    pub fn records_from(&self) -> Result<NaiveDate> {
        match self.settings().records_from {
            Some(d) => Ok(d),
            None => Ok(self.first_record()?.unwrap_or(self.today()).min(self.today())),
        }
    }

    /// The day of the earliest meeting, study or dues record in the file.
    fn first_record(&self) -> Result<Option<NaiveDate>> {
        let conn = self.store().conn();
        let dues = crate::store::dues::first_record(conn)?.map(|m| m.first_day());
        Ok([mdb::first_record_date(conn)?, dues].into_iter().flatten().min())
    }

    /// The first day of the records, and whether it is inferred from the earliest record (no
    /// 台账起始日 set): shown wherever it limits a finding. `None` for a file with neither the
    /// setting nor any record yet: the first member entered sets it (there is nothing to say).
    pub fn records_start(&self) -> Result<Option<(NaiveDate, bool)>> {
        if self.settings().records_from.is_none() && self.first_record()?.is_none() {
            return Ok(None);
        }
        Ok(Some((self.records_from()?, self.settings().records_from.is_none())))
    }

    /// Members as the records see them (see `Member::as_recorded_from`).
    pub(crate) fn recorded_members(&self) -> Result<Rc<Vec<Member>>> {
        let from = self.records_from()?;
        if let Some((day, list)) = self.recorded.borrow().as_ref()
            && *day == from
        {
            return Ok(list.clone());
        }
        let list: Rc<Vec<Member>> = Rc::new(self.member_list()?.iter().map(|m| m.as_recorded_from(from)).collect());
        *self.recorded.borrow_mut() = Some((from, list.clone()));
        Ok(list)
    }

    /// The year a view opens on: this year.
    pub fn this_year(&self) -> i32 {
        self.today().year()
    }
}
