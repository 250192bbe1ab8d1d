//! 评议 use cases: the year's evaluation sheet and its grade keys, a member's facts for grading,
//! rectification items, talks, disposals (an approved 除名 or 停止党籍 archives the member),
//! commendations, party-spirit campaigns, and the 评议 findings.

use crate::domain::ids::{IdMap, IdSet};

use chrono::Datelike;
use serde::Serialize;

use super::{Record, Result, Service, ServiceError, Version};
use crate::domain::dates::{year_end, year_start};
use crate::domain::evaluation::{
    self as ev, Campaign, CampaignEntry, Commendation, Disposal, EvalFacts, Grade, GradeCheck, Grading, Rectification,
    Round, Standing, Talk,
};
use crate::domain::member::{Archive, ArchiveReason, Member};
use crate::domain::rules::Finding;
use crate::domain::study::{CreditUnit, StudyStatus, study_status};
use crate::domain::validation::FieldError;
use crate::store::evaluation as db;
use crate::store::meetings as mdb;

/// One member's row of the evaluation sheet.
#[derive(Clone, Debug, Serialize)]
pub struct SheetRow {
    pub member_id: i64,
    pub number: String,
    pub name: String,
    pub group: Option<String>,
    pub standing: Standing,
    pub grade: Option<Grade>,
    /// 综合评议意见 given.
    pub has_opinion: bool,
    /// Talks with the secretary or a committee member this year (第十九条).
    pub talked: bool,
    pub items_open: u32,
    pub items_total: u32,
    /// Disposal steps decided in or after the year.
    pub disposals: u32,
}

/// The year's evaluation: the round's dates, every member in the branch that year, the cap.
#[derive(Clone, Debug, Serialize)]
pub struct Sheet {
    pub year: i32,
    pub round: Round,
    pub rows: Vec<SheetRow>,
    /// Full members graded in the round (the cap's base).
    pub graded_base: usize,
    pub excellent_cap: usize,
}

impl Sheet {
    pub fn count(&self, grade: Grade) -> usize {
        self.rows.iter().filter(|r| r.grade == Some(grade)).count()
    }

    pub fn ungraded(&self) -> usize {
        self.rows.iter().filter(|r| r.standing == Standing::Graded && r.grade.is_none()).count()
    }
}

/// A member's attendance at the year's held meetings (seed A18).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct AttendanceFacts {
    pub expected: u32,
    /// Present, late, 补学 or 送学上门.
    pub present: u32,
    /// 请假 or away while mobile.
    pub excused: u32,
    /// Without a reason.
    pub absent: u32,
}

/// Pledges and service of the year (seed B8). Filled once the pledges module records them.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct PledgeFacts {
    /// Pledges that stand: made, open or closed, but not withdrawn (已撤销).
    pub pledges: u32,
    pub fulfilled: u32,
    /// Withdrawn pledges, shown apart: a withdrawn pledge is no pledge to the masses.
    pub withdrawn: u32,
    pub service_records: u32,
}

/// What the rules say should inform a member's grade, shown beside the sheet.
#[derive(Clone, Debug, Serialize)]
pub struct MemberFacts {
    pub member_id: i64,
    pub year: i32,
    pub attendance: AttendanceFacts,
    pub unit: CreditUnit,
    pub study: StudyStatus,
    pub last_year_grade: Option<Grade>,
    pub open_items: Vec<Rectification>,
    /// `None` until the branch's pledges and service are recorded by this program.
    pub pledges: Option<PledgeFacts>,
    /// `None` until dues are recorded by this program.
    pub unpaid_dues_months: Option<u32>,
}

/// A talk with its participants' names, for the talk log.
#[derive(Clone, Debug, Serialize)]
pub struct TalkItem {
    #[serde(flatten)]
    pub talk: Talk,
    pub names: Vec<String>,
}

impl Service {
    /// The change log's history of committee posts from `from` (edits logged after today, by the
    /// clock, count as made today).
    fn post_history(&self, from: chrono::NaiveDate) -> Result<IdMap<i64, ev::PostHistory>> {
        let today = self.today();
        let mut history = db::post_history(self.store().conn(), from)?;
        for h in history.values_mut() {
            h.logged_from = h.logged_from.min(today);
            for c in &mut h.changes {
                c.on = c.on.min(today);
            }
        }
        Ok(history)
    }

    /// Members who had a yearly talk in `year` (第十九条), as the findings count them: with a
    /// member who held a post on the talk's day.
    fn talked_in(&self, year: i32) -> Result<IdSet<i64>> {
        let talks = db::talk_participants(self.store().conn(), year_start(year), year_end(year))?;
        let history = self.post_history(year_start(year))?;
        Ok(ev::Posts::new(&self.member_list()?, &history).talked_in(year, &talks))
    }

    /// The evaluation sheet of `year`: every member in the branch that year (as recorded),
    /// graded ones first by number, then probationary members.
    pub fn evaluation_sheet(&self, year: i32) -> Result<Sheet> {
        let conn = self.store().conn();
        let members = self.recorded_members()?;
        let groups: IdMap<i64, String> = self.groups()?.into_iter().map(|g| (g.id, g.name)).collect();
        let gradings = db::gradings(conn, year)?;
        let talked = self.talked_in(year)?;
        let mut items: IdMap<i64, (u32, u32)> = IdMap::default();
        for r in db::rectifications(conn, None, Some(year))? {
            let e = items.entry(r.member_id).or_default();
            e.1 += 1;
            e.0 += u32::from(r.done.is_none());
        }
        let mut disposals: IdMap<i64, u32> = IdMap::default();
        for d in db::disposals(conn, None)?.into_iter().filter(|d| d.decided_on >= year_start(year)) {
            *disposals.entry(d.member_id).or_default() += 1;
        }
        let mut rows: Vec<SheetRow> = members
            .iter()
            .filter_map(|m| {
                let standing = ev::standing(m, year)?;
                let g = gradings.get(&m.id);
                let (open, total) = items.get(&m.id).copied().unwrap_or_default();
                Some(SheetRow {
                    member_id: m.id,
                    number: m.number.to_string(),
                    name: m.draft.name.to_string(),
                    group: m.draft.group_id.and_then(|g| groups.get(&g).cloned()),
                    standing,
                    grade: g.and_then(|g| g.grade),
                    has_opinion: g.is_some_and(|g| !g.opinion.trim().is_empty()),
                    talked: talked.contains(&m.id),
                    items_open: open,
                    items_total: total,
                    disposals: disposals.get(&m.id).copied().unwrap_or_default(),
                })
            })
            .collect();
        rows.sort_by(|a, b| (a.standing as u8, &a.number).cmp(&(b.standing as u8, &b.number)));
        let graded_base = rows.iter().filter(|r| r.standing == Standing::Graded).count();
        Ok(Sheet {
            year,
            round: db::round(conn, year)?.unwrap_or_else(|| Round::new(year)),
            rows,
            graded_base,
            excellent_cap: ev::excellent_cap(graded_base, self.settings().excellent_cap),
        })
    }

    /// The members graded in `year`'s round (the cap's base), counted in SQL: a grade key must
    /// not read every member.
    fn graded_base(&self, year: i32) -> Result<usize> {
        Ok(db::graded_base(self.store().conn(), year, self.records_from()?)?)
    }

    /// Whether a member has a rectification item for `year` or a disposal since the year began.
    fn has_remedy(&self, member: i64, year: i32) -> Result<bool> {
        let conn = self.store().conn();
        Ok(!db::rectifications(conn, Some(member), Some(year))?.is_empty()
            || db::has_disposal_since(conn, member, year_start(year))?)
    }

    /// One grade key on the sheet: sets (or with `None` clears) a member's grade for `year`,
    /// keeping the rest of the grading. Refused, with nothing written, for an archived or
    /// probationary member, 优秀 beyond the cap, or 不合格 without an opinion and a remedy.
    pub fn set_grade(&mut self, member: i64, year: i32, grade: Option<Grade>) -> Result<()> {
        let mut g = db::grading(self.store().conn(), member, year)?.unwrap_or_else(|| Grading::new(member, year));
        g.grade = grade;
        self.save_grading(&g)
    }

    /// A member's grading for `year` (a blank one if none was saved).
    pub fn grading(&self, member: i64, year: i32) -> Result<Grading> {
        Ok(db::grading(self.store().conn(), member, year)?.unwrap_or_else(|| Grading::new(member, year)))
    }

    /// Saves a grading with all its checks.
    pub fn save_grading(&mut self, g: &Grading) -> Result<()> {
        let m = self.member(g.member_id)?;
        let recorded = m.as_recorded_from(self.records_from()?);
        let check = GradeCheck {
            member: &recorded,
            year: g.year,
            today: self.today(),
            graded: self.graded_base(g.year)?,
            excellent_others: db::excellent_count(self.store().conn(), g.year, g.member_id)?,
            cap: self.settings().excellent_cap,
        };
        ev::validate_grade(&check, g.grade)?;
        // Only 不合格 asks for a remedy; other grades skip the two queries.
        let has_remedy = g.grade == Some(Grade::Unqualified) && self.has_remedy(g.member_id, g.year)?;
        ev::validate_grading(g, self.today(), has_remedy)?;
        self.store_mut().write(|tx| db::save_grading(tx, g))?;
        Ok(())
    }

    /// The round of `year` (blank dates if none was saved).
    pub fn evaluation_round(&self, year: i32) -> Result<Round> {
        Ok(db::round(self.store().conn(), year)?.unwrap_or_else(|| Round::new(year)))
    }

    pub fn save_round(&mut self, r: &Round) -> Result<()> {
        ev::validate_round(r, self.today())?;
        self.store_mut().write(|tx| db::save_round(tx, r))?;
        Ok(())
    }

    /// A member's rectification items (of one year, if given).
    pub fn rectifications(&self, member: i64, year: Option<i32>) -> Result<Vec<Rectification>> {
        Ok(db::rectifications(self.store().conn(), Some(member), year)?)
    }

    /// Saves a rectification item (new when `id` is 0); its due date is checked against the round.
    pub fn save_rectification(&mut self, r: &Rectification) -> Result<i64> {
        let round = self.evaluation_round(r.year)?;
        ev::validate_rectification(r, &round, self.today())?;
        let m = self.member(r.member_id)?;
        if m.branch_end().is_some_and(|e| e < self.today()) {
            return Err(archived(ev::field::RECT_ITEM));
        }
        Ok(self.store_mut().write(|tx| db::save_rectification(tx, r))?)
    }

    /// What should inform a member's grade in `year` (the facts panel).
    pub fn member_facts(&self, member: i64, year: i32) -> Result<MemberFacts> {
        let conn = self.store().conn();
        let m = self.member(member)?.as_recorded_from(self.records_from()?);
        let (from, to) = (year_start(year), year_end(year));
        let mut a = AttendanceFacts::default();
        for mm in mdb::member_attendance(conn, member, from, to)? {
            use crate::domain::meeting::Attendance as At;
            a.expected += 1;
            match mm.row.status {
                At::Excused | At::AwayMobile => a.excused += 1,
                At::Absent => a.absent += 1,
                s if s.earns_credit() => a.present += 1,
                _ => {}
            }
        }
        let s = self.settings();
        // The same figures as the 学习 tab: one computation of study time.
        let study = match self.study_year_of(std::slice::from_ref(&m), year)?.rows.into_iter().next() {
            Some(row) => row.status,
            None => study_status(&m, year, self.today(), 0, s),
        };
        Ok(MemberFacts {
            member_id: member,
            year,
            attendance: a,
            unit: CreditUnit::of(s),
            study,
            last_year_grade: db::grading(conn, member, year - 1)?.and_then(|g| g.grade),
            open_items: db::rectifications(conn, Some(member), None)?
                .into_iter()
                .filter(|r| r.done.is_none())
                .collect(),
            pledges: self.pledge_facts(member, year)?,
            unpaid_dues_months: self.unpaid_dues_months(&m, year)?,
        })
    }

    /// The member's pledges assessed in this year's round (their 评议年度, usually the pledge's
    /// own year; withdrawn ones counted apart) and service records of the calendar year (seed B8: they inform the
    /// evaluation); `None` while the file records neither for that year.
    fn pledge_facts(&self, member: i64, year: i32) -> Result<Option<PledgeFacts>> {
        use crate::store::pledges as pdb;
        let conn = self.store().conn();
        // One member's rows (a grade key reads them for the next member on a large branch).
        if !pdb::year_has_pledges_or_service(conn, year)? {
            return Ok(None);
        }
        use crate::domain::pledge::PledgeStatus;
        let mine = pdb::member_pledges_assessed_in(conn, member, year)?;
        let withdrawn = mine.iter().filter(|st| **st == PledgeStatus::Withdrawn).count() as u32;
        Ok(Some(PledgeFacts {
            pledges: mine.len() as u32 - withdrawn,
            fulfilled: mine.iter().filter(|st| **st == PledgeStatus::Fulfilled).count() as u32,
            withdrawn,
            service_records: pdb::member_service_totals(conn, member, year_start(year), year_end(year))?.0,
        }))
    }

    /// The year's months the member left unpaid, for the facts panel;
    /// `None` while the file keeps no dues, so nothing is claimed about unrecorded payments.
    fn unpaid_dues_months(&self, m: &crate::domain::member::Member, year: i32) -> Result<Option<u32>> {
        let Some(cells) = self.dues_cells_of(m, year)? else { return Ok(None) };
        let unpaid = cells.iter().filter(|c| c.status == Some(crate::domain::dues::MonthStatus::Unpaid)).count();
        Ok(Some(unpaid as u32))
    }

    /// A member's grades, newest year first (the member detail).
    pub fn member_grades(&self, member: i64) -> Result<Vec<(i32, Grade)>> {
        Ok(db::grades_of(self.store().conn(), member)?)
    }

    /// The talks of `year` with their participants' names, oldest first.
    pub fn talks_in_year(&self, year: i32) -> Result<Vec<TalkItem>> {
        let names = self.member_names()?;
        Ok(db::talks_between(self.store().conn(), year_start(year), year_end(year))?
            .into_iter()
            .map(|t| {
                let names = t.members.iter().map(|id| names.get(id).cloned().unwrap_or_default()).collect();
                TalkItem { talk: t, names }
            })
            .collect())
    }

    pub fn talk(&self, id: i64) -> Result<Talk> {
        Ok(db::talk(self.store().conn(), id)?)
    }

    /// Saves a talk (new when `id` is 0); an edit checks that the talk has not changed since
    /// `seen` (its version when the form opened).
    pub fn save_talk(&mut self, t: &Talk, seen: Version) -> Result<i64> {
        let mut ids = t.members.clone();
        ids.sort_unstable();
        ids.dedup();
        let list: Vec<Member> = ids.iter().map(|&id| self.member(id)).collect::<Result<_>>()?;
        let who: Vec<&Member> = list.iter().collect();
        ev::validate_talk(t, &who, self.today())?;
        Ok(self.store_mut().write(|tx| {
            if t.id > 0 {
                crate::store::expect_version(tx, Record::Talk(t.id), seen)?;
            }
            db::save_talk(tx, t)
        })?)
    }

    /// Deletes a talk (the change log keeps it), unless it changed since `seen`.
    pub fn delete_talk(&mut self, id: i64, seen: Version) -> Result<()> {
        Ok(self.store_mut().write(|tx| {
            crate::store::expect_version(tx, Record::Talk(id), seen)?;
            db::delete_talk(tx, id)
        })?)
    }

    pub fn disposal(&self, id: i64) -> Result<Disposal> {
        Ok(db::disposal(self.store().conn(), id)?)
    }

    /// Every disposal step (of one member, if given), newest first.
    pub fn disposals(&self, member: Option<i64>) -> Result<Vec<Disposal>> {
        Ok(db::disposals(self.store().conn(), member)?)
    }

    /// Saves a disposal step (new when `id` is 0). A 除名 or 停止党籍 with its approval date
    /// archives the member with that reason on that day, in the same transaction; the program
    /// never does so by itself (domain.md §5). An edit checks that the step has not changed
    /// since `seen` (its version when the form opened).
    pub fn save_disposal(&mut self, d: &Disposal, seen: Version) -> Result<i64> {
        let m = self.member(d.member_id)?;
        ev::validate_disposal(d, &m, self.today())?;
        let archive = d.archive_date().map(|date| Archive {
            reason: if d.kind == ev::DisposalKind::Removed { ArchiveReason::Removed } else { ArchiveReason::Suspended },
            date,
            note: d.outcome.trim().to_string(),
        });
        if let (Some(a), Some(old)) = (&archive, &m.archive)
            && old.reason != a.reason
        {
            return Err(archived(ev::field::DISPOSAL_MEMBER));
        }
        if let Some(a) = &archive
            && m.archive.is_none()
        {
            crate::domain::member::validate_archive(&m, a, self.today()).map_err(|_| {
                ServiceError::Invalid(vec![FieldError::rule(
                    ev::field::DISPOSAL_APPROVED,
                    "批准日期应在该党员在本支部期间",
                    "the approval must fall within the member's time in the branch",
                )])
            })?;
        }
        Ok(self.store_mut().write(|tx| {
            if d.id > 0 {
                crate::store::expect_version(tx, Record::Disposal(d.id), seen)?;
            }
            let id = db::save_disposal(tx, d)?;
            if let Some(a) = &archive
                && m.archive.is_none()
            {
                crate::store::members::release_leadership(tx, m.id)?;
                crate::store::members::set_archive(tx, m.id, Some(a))?;
            }
            Ok(id)
        })?)
    }

    pub fn commendations(&self) -> Result<Vec<Commendation>> {
        Ok(db::commendations(self.store().conn())?)
    }

    pub fn commendation(&self, id: i64) -> Result<Commendation> {
        Ok(db::commendation(self.store().conn(), id)?)
    }

    /// Saves a new commendation (`c.id == 0`) or an edited one; an edit checks that the record
    /// has not changed since `seen` (its version when the form opened).
    pub fn save_commendation(&mut self, c: &Commendation, seen: Version) -> Result<i64> {
        ev::validate_commendation(c, self.today())?;
        if let Some(id) = c.member_id {
            self.member(id)?;
        }
        Ok(self.store_mut().write(|tx| {
            if c.id > 0 {
                crate::store::expect_version(tx, Record::Commendation(c.id), seen)?;
            }
            db::save_commendation(tx, c)
        })?)
    }

    /// Deletes a commendation (the change log keeps it), unless it changed since `seen`.
    pub fn delete_commendation(&mut self, id: i64, seen: Version) -> Result<()> {
        Ok(self.store_mut().write(|tx| {
            crate::store::expect_version(tx, Record::Commendation(id), seen)?;
            db::delete_commendation(tx, id)
        })?)
    }

    pub fn campaigns(&self) -> Result<Vec<Campaign>> {
        Ok(db::campaigns(self.store().conn())?)
    }

    pub fn campaign_entries(&self, campaign: i64) -> Result<Vec<CampaignEntry>> {
        Ok(db::campaign_entries(self.store().conn(), campaign)?)
    }

    pub fn save_campaign(&mut self, c: &Campaign) -> Result<i64> {
        ev::validate_campaign(c)?;
        Ok(self.store_mut().write(|tx| db::save_campaign(tx, c))?)
    }

    pub fn save_campaign_entry(&mut self, campaign: i64, e: &CampaignEntry) -> Result<()> {
        self.member(e.member_id)?;
        if e.opinion.chars().count() > 500 || e.rectification.chars().count() > 500 {
            return Err(ServiceError::Invalid(vec![FieldError::new(
                ev::field::OPINION,
                crate::domain::validation::Problem::TooLong { max: 500 },
            )]));
        }
        Ok(self.store_mut().write(|tx| db::save_campaign_entry(tx, campaign, e))?)
    }

    /// Only the 评议 findings as of today (the benchmark measures them apart from `overdue`).
    pub fn evaluation_overdue(&self) -> Result<Vec<Finding>> {
        self.evaluation_findings(&self.recorded_members()?)
    }

    /// The 评议 findings as of today (part of `overdue`).
    pub(crate) fn evaluation_findings(&self, members: &[Member]) -> Result<Vec<Finding>> {
        let conn = self.store().conn();
        let today = self.today();
        let settings = self.settings();
        let graded = db::graded_pairs(conn, *ev::evaluation_years(today, settings).start())?;
        let open_items = db::open_rectifications(conn)?;
        let talks_from = year_start(*ev::talk_years(today, settings).start());
        let talks = db::talk_participants(conn, talks_from, year_end(today.year()))?;
        let posts = self.post_history(talks_from)?;
        let corrections = db::open_corrections(conn)?;
        let mut campaigns = Vec::new();
        for c in db::campaigns(conn)?.into_iter().filter(|c| !c.closed) {
            let entries = db::campaign_entries(conn, c.id)?;
            campaigns.push((c, entries));
        }
        let f = EvalFacts {
            members,
            graded: &graded,
            open_items: &open_items,
            talks: &talks,
            posts: &posts,
            corrections: &corrections,
            campaigns: &campaigns,
        };
        Ok(ev::findings(&f, today, settings))
    }
}

fn archived(field: &'static str) -> ServiceError {
    ServiceError::Invalid(vec![FieldError::rule(field, "该党员已归档", "the member is archived")])
}
