//! Contact and service use cases (seed B1-B9): the 承诺 tab's lists, saving and closing pledges,
//! service records, pairings, posts and care, members' flags, and the findings of
//! `domain::pledge_rules`.

use crate::domain::ids::IdMap;

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use super::{Result, Service, ServiceError};
use crate::domain::dates::{year_end, year_start};
use crate::domain::member::Member;
use crate::domain::pledge::{
    Archivable, Care, CareDraft, MassEvaluation, Pairing, PairingDraft, Pledge, PledgeDraft, PledgeStatus, Post,
    PostDraft, ServiceDraft, ServiceProfile, ServiceRecord, validate_care, validate_pairing, validate_pledge,
    validate_post, validate_service,
};
use crate::domain::pledge_rules::{
    self, ServiceFacts, asked_to_pledge, evaluation_overdue, open_state, pledge_deadline,
};
use crate::domain::rules::{Finding, Severity};
use crate::store::pledges as db;

/// How a pledge row stands, for its marker.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PledgeMark {
    None,
    /// Open and past its target date.
    Late,
    /// Open and due within the warning days.
    DueSoon,
    /// Fulfilled more than 30 days ago with no evaluation.
    NotEvaluated,
    /// An eligible member with no pledge after the deadline.
    Missing,
    /// An eligible member with no pledge yet, before the deadline.
    NotYet,
    /// A member who would be asked to pledge but is marked 不要求承诺 (`x`): listed, so that
    /// the mark can be seen and taken back.
    NotAsked,
}

/// One row of the pledges list: a pledge, or an eligible member who has not pledged.
#[derive(Clone, Debug, Serialize)]
pub struct PledgeRow {
    pub member_id: i64,
    pub number: String,
    pub name: String,
    pub group: Option<String>,
    pub pledge: Option<Pledge>,
    pub mark: PledgeMark,
}

#[derive(Clone, Debug, Serialize)]
pub struct PledgeOverview {
    pub year: i32,
    pub deadline: NaiveDate,
    pub rows: Vec<PledgeRow>,
}

impl PledgeOverview {
    /// Pledges not withdrawn, and of them fulfilled, and evaluated.
    pub fn counts(&self) -> (usize, usize, usize) {
        let live =
            self.rows.iter().filter_map(|r| r.pledge.as_ref()).filter(|p| p.draft.status != PledgeStatus::Withdrawn);
        let (mut n, mut done, mut evaluated) = (0, 0, 0);
        for p in live {
            n += 1;
            done += usize::from(p.draft.status.is_done());
            evaluated += usize::from(p.draft.evaluation.is_some());
        }
        (n, done, evaluated)
    }
}

/// A service record with the member's name.
#[derive(Clone, Debug, Serialize)]
pub struct ServiceRow {
    pub name: String,
    pub number: String,
    pub record: ServiceRecord,
    /// An issue raised with no feedback: overdue, or due soon.
    pub feedback: Option<Severity>,
}

/// A pairing or post with the member's name (the 结对与岗位 view lists both).
#[derive(Clone, Debug, Serialize)]
pub enum Link {
    Pairing(Pairing),
    Post(Post),
}

#[derive(Clone, Debug, Serialize)]
pub struct LinkRow {
    pub name: String,
    pub link: Link,
}

#[derive(Clone, Debug, Serialize)]
pub struct CareRow {
    pub name: String,
    pub care: Care,
}

/// A member's pledges and service in a year (B8: they feed the democratic evaluation).
#[derive(Clone, Debug, Default, Serialize)]
pub struct MemberService {
    pub pledges: Vec<Pledge>,
    pub services: Vec<ServiceRecord>,
    pub profile: ServiceProfile,
}

/// A member's contact and service in a year, for the member detail (B8).
#[derive(Clone, Debug, Default, Serialize)]
pub struct ServiceSummary {
    /// (status, content) of each pledge of the year.
    pub pledges: Vec<(PledgeStatus, String)>,
    pub services: u32,
    /// Hours of service, as minutes.
    pub minutes: i64,
    /// Field research, in half days.
    pub half_days: i64,
}

/// The next care occasion as of today (see [`Service::care_outlook`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CareOutlook {
    pub occasion: pledge_rules::CareOccasion,
    /// Days from today to it.
    pub days: i64,
    /// Members flagged 生活困难 in the branch today.
    pub hardship: usize,
    /// Those of them with no care in the six months before it.
    pub due: Vec<i64>,
}

impl Service {
    /// A member's pledges and service totals in `year` (the members tab's detail: read for the
    /// member shown, not for the whole branch).
    pub fn service_summary(&self, member: i64, year: i32) -> Result<ServiceSummary> {
        let conn = self.store().conn();
        let (services, minutes, half_days) = db::member_service_totals(conn, member, year_start(year), year_end(year))?;
        Ok(ServiceSummary { pledges: db::member_pledge_titles(conn, member, year)?, services, minutes, half_days })
    }

    fn member_for(&self, id: i64) -> Result<Member> {
        self.member(id).map_err(|e| match e {
            ServiceError::NotFound => ServiceError::Invalid(vec![crate::domain::validation::FieldError::new(
                crate::domain::pledge::field::MEMBER,
                crate::domain::validation::Problem::Required,
            )]),
            other => other,
        })
    }

    /// (name, number) by member id.
    fn names(&self) -> Result<IdMap<i64, (String, String)>> {
        Ok(self.member_list()?.iter().map(|m| (m.id, (m.draft.name.to_string(), m.number.to_string()))).collect())
    }

    pub fn service_profiles(&self) -> Result<IdMap<i64, ServiceProfile>> {
        Ok(db::profiles(self.store().conn())?)
    }

    pub fn set_service_profile(&mut self, member: i64, p: ServiceProfile) -> Result<()> {
        self.member_for(member)?;
        Ok(self.store_mut().write(|tx| db::set_profile(tx, member, p))?)
    }

    /// The year's pledges and the eligible members (as of the deadline) with none, in the order
    /// of what needs doing first.
    pub fn pledges_year(&self, year: i32) -> Result<PledgeOverview> {
        let today = self.today();
        let s = self.settings();
        let deadline = pledge_deadline(year, s);
        let members = self.recorded_members()?;
        let groups: IdMap<i64, String> = self.groups()?.into_iter().map(|g| (g.id, g.name)).collect();
        let profiles = self.service_profiles()?;
        let pledges = db::pledges(self.store().conn(), None, year, year)?;
        let by_id: IdMap<i64, &Member> = members.iter().map(|m| (m.id, m)).collect();
        let row = |m: &Member, pledge: Option<Pledge>, mark| PledgeRow {
            member_id: m.id,
            number: m.number.to_string(),
            name: m.draft.name.to_string(),
            group: m.draft.group_id.and_then(|g| groups.get(&g).cloned()),
            pledge,
            mark,
        };
        let mut pledged: IdMap<i64, usize> = IdMap::default();
        let away = self.away_spans()?;
        // The day the pledge rule looks at: today, or the last day of a past year.
        let on = today.min(year_end(year));
        let mut rows = Vec::new();
        for p in pledges {
            let Some(m) = by_id.get(&p.draft.member_id) else { continue };
            if p.draft.status != PledgeStatus::Withdrawn {
                *pledged.entry(m.id).or_default() += 1;
            }
            let mark = match open_state(&p, today, s) {
                Some((Severity::Overdue, _)) => PledgeMark::Late,
                Some((Severity::DueSoon, _)) => PledgeMark::DueSoon,
                None if evaluation_overdue(&p, today).is_some() => PledgeMark::NotEvaluated,
                None => PledgeMark::None,
            };
            rows.push(row(m, Some(p), mark));
        }
        let missing: Vec<PledgeRow> = members
            .iter()
            .filter_map(|m| {
                let profile = profiles.get(&m.id).copied().unwrap_or_default();
                // Asked but for the 不要求承诺 mark: such a member is listed as not asked.
                let asked = !pledged.contains_key(&m.id)
                    && asked_to_pledge(
                        m,
                        deadline,
                        ServiceProfile { pledge_opt_out: false, ..profile },
                        away.get(&m.id).map(Vec::as_slice),
                        on,
                    )
                    && (year < today.year() || m.in_branch_on(today));
                let mark = match (asked, profile.pledge_opt_out) {
                    (false, _) => return None,
                    (true, true) => PledgeMark::NotAsked,
                    (true, false) if today > deadline => PledgeMark::Missing,
                    (true, false) => PledgeMark::NotYet,
                };
                Some(row(m, None, mark))
            })
            .collect();
        rows.extend(missing);
        // What needs doing first: late, due soon and other open pledges by target date, then
        // pledges to evaluate, members with no pledge, closed and withdrawn ones, members not
        // asked to pledge.
        rows.sort_by_cached_key(|r| {
            let (rank, day) = match (&r.pledge, r.mark) {
                (_, PledgeMark::Late) => (0, r.pledge.as_ref().map(|p| p.draft.target_date)),
                (_, PledgeMark::DueSoon) => (1, r.pledge.as_ref().map(|p| p.draft.target_date)),
                (Some(p), _) if p.draft.status.is_open() => (2, Some(p.draft.target_date)),
                (_, PledgeMark::NotEvaluated) => (3, None),
                (None, PledgeMark::NotAsked) => (7, None),
                (None, _) => (4, None),
                (Some(p), _) if p.draft.status == PledgeStatus::Withdrawn => (6, None),
                (Some(_), _) => (5, None),
            };
            (rank, day, r.number.clone(), r.pledge.as_ref().map(|p| p.id))
        });
        Ok(PledgeOverview { year, deadline, rows })
    }

    pub fn pledge(&self, id: i64) -> Result<Pledge> {
        Ok(db::pledge(self.store().conn(), id)?)
    }

    /// Saves a pledge (new when `id` is `None`) and returns its id with the member's number of
    /// pledges in that year: more than two is allowed, and the caller says so (B2: 一两件).
    pub fn save_pledge(&mut self, id: Option<i64>, d: &PledgeDraft) -> Result<(i64, usize)> {
        let m = self.member_for(d.member_id)?;
        validate_pledge(d, &m, self.today())?;
        let id = self.store_mut().write(|tx| match id {
            Some(id) => db::update_pledge(tx, id, d).map(|_| id),
            None => db::insert_pledge(tx, d),
        })?;
        let n = db::pledges(self.store().conn(), Some(d.member_id), d.year, d.year)?
            .iter()
            .filter(|p| p.draft.status != PledgeStatus::Withdrawn)
            .count();
        Ok((id, n))
    }

    /// The daily action: marks an open pledge fulfilled today (and verified by the branch today).
    pub fn fulfil_pledge(&mut self, id: i64) -> Result<()> {
        let mut d = self.pledge(id)?.draft;
        if !d.status.is_open() {
            return Err(ServiceError::Invalid(vec![crate::domain::validation::FieldError::rule(
                crate::domain::pledge::field::STATUS,
                "该承诺已办结或已撤销",
                "the pledge is already closed or withdrawn",
            )]));
        }
        let today = self.today();
        d.status = PledgeStatus::Fulfilled;
        d.fulfilled_on = Some(today.max(d.pledged_on));
        d.verified_on = d.fulfilled_on;
        self.save_pledge(Some(id), &d).map(|_| ())
    }

    /// Records the masses' evaluation of a closed pledge.
    pub fn evaluate_pledge(&mut self, id: i64, e: MassEvaluation) -> Result<()> {
        let mut d = self.pledge(id)?.draft;
        d.evaluation = Some(e);
        self.save_pledge(Some(id), &d).map(|_| ())
    }

    /// Withdraws an open pledge (已撤销): kept with everything recorded, no longer counted.
    /// A closed one is refused: its fulfilment (or failure) and the masses' evaluation are the
    /// record the 评议 reads (B2: "自觉接受党组织和群众的监督"), and withdrawing it would hide
    /// them; one entered by mistake is edited (Enter) instead.
    pub fn withdraw_pledge(&mut self, id: i64) -> Result<()> {
        let mut d = self.pledge(id)?.draft;
        if d.status == PledgeStatus::Withdrawn {
            return Err(ServiceError::Invalid(vec![crate::domain::validation::FieldError::rule(
                crate::domain::pledge::field::STATUS,
                "该承诺已撤销；如需恢复，按 Enter 把状态改回已承诺或进行中",
                "already withdrawn; to restore it, Enter and set the status back to pledged or in progress",
            )]));
        }
        if !d.status.is_open() {
            return Err(ServiceError::Invalid(vec![crate::domain::validation::FieldError::rule(
                crate::domain::pledge::field::STATUS,
                "该承诺已办结，不能撤销（兑现情况和群众评价要保留）；如系误录，按 Enter 修改",
                "a closed pledge cannot be withdrawn (its outcome and evaluation are kept); Enter edits it",
            )]));
        }
        d.status = PledgeStatus::Withdrawn;
        self.save_pledge(Some(id), &d).map(|_| ())
    }

    /// The year's service records, oldest first.
    pub fn services_year(&self, year: i32) -> Result<Vec<ServiceRow>> {
        let names = self.names()?;
        let today = self.today();
        let s = self.settings();
        Ok(db::services(self.store().conn(), None, year_start(year), year_end(year), false)?
            .into_iter()
            .map(|r| {
                let (name, number) = names.get(&r.draft.member_id).cloned().unwrap_or_default();
                let feedback = pledge_rules::feedback_state(&r, today, s).map(|(sev, _)| sev);
                ServiceRow { name, number, record: r, feedback }
            })
            .collect())
    }

    pub fn service_record(&self, id: i64) -> Result<ServiceRecord> {
        Ok(db::service(self.store().conn(), id)?)
    }

    pub fn save_service(&mut self, id: Option<i64>, d: &ServiceDraft) -> Result<i64> {
        let m = self.member_for(d.member_id)?;
        validate_service(d, &m, self.today())?;
        Ok(self.store_mut().write(|tx| match id {
            Some(id) => db::update_service(tx, id, d).map(|_| id),
            None => db::insert_service(tx, d),
        })?)
    }

    /// Pairings and posts that run during the year.
    pub fn links_year(&self, year: i32) -> Result<Vec<LinkRow>> {
        let names = self.names()?;
        let conn = self.store().conn();
        let name = |id: i64| names.get(&id).map(|n| n.0.clone()).unwrap_or_default();
        let mut out: Vec<LinkRow> = db::pairings(conn, year_start(year), year_end(year), false)?
            .into_iter()
            .map(|p| LinkRow { name: name(p.draft.member_id), link: Link::Pairing(p) })
            .collect();
        out.extend(
            db::posts(conn, year_start(year), year_end(year), false)?
                .into_iter()
                .map(|p| LinkRow { name: name(p.draft.member_id), link: Link::Post(p) }),
        );
        Ok(out)
    }

    pub fn pairing(&self, id: i64) -> Result<Pairing> {
        Ok(db::pairing(self.store().conn(), id)?)
    }

    pub fn save_pairing(&mut self, id: Option<i64>, d: &PairingDraft) -> Result<i64> {
        let m = self.member_for(d.member_id)?;
        validate_pairing(d, &m, self.today())?;
        Ok(self.store_mut().write(|tx| db::save_pairing(tx, id, d))?)
    }

    pub fn post(&self, id: i64) -> Result<Post> {
        Ok(db::post(self.store().conn(), id)?)
    }

    pub fn save_post(&mut self, id: Option<i64>, d: &PostDraft) -> Result<i64> {
        let m = self.member_for(d.member_id)?;
        validate_post(d, &m, self.settings().unit_type, self.today())?;
        Ok(self.store_mut().write(|tx| db::save_post(tx, id, d))?)
    }

    /// The year's care records, oldest first.
    pub fn cares_year(&self, year: i32) -> Result<Vec<CareRow>> {
        let names = self.names()?;
        Ok(db::cares(self.store().conn(), year_start(year), year_end(year), false)?
            .into_iter()
            .map(|c| CareRow { name: names.get(&c.draft.member_id).map(|n| n.0.clone()).unwrap_or_default(), care: c })
            .collect())
    }

    pub fn care(&self, id: i64) -> Result<Care> {
        Ok(db::care(self.store().conn(), id)?)
    }

    pub fn save_care(&mut self, id: Option<i64>, d: &CareDraft) -> Result<i64> {
        let m = self.member_for(d.member_id)?;
        validate_care(d, &m, self.today())?;
        Ok(self.store_mut().write(|tx| db::save_care(tx, id, d))?)
    }

    /// Archives a service record, pairing, post or care record today (nothing is deleted).
    pub fn archive_service_item(&mut self, what: Archivable, id: i64) -> Result<()> {
        let today = self.today();
        Ok(self.store_mut().write(|tx| db::set_archived(tx, what, id, Some(today)))?)
    }

    /// A member's pledges and service records in a year, oldest first (B8).
    pub fn member_service(&self, member: i64, year: i32) -> Result<MemberService> {
        let conn = self.store().conn();
        Ok(MemberService {
            pledges: db::pledges(conn, Some(member), year, year)?,
            services: db::services(conn, Some(member), year_start(year), year_end(year), false)?,
            profile: self.service_profiles()?.get(&member).copied().unwrap_or_default(),
        })
    }

    /// The findings of `domain::pledge_rules`, over members as recorded.
    /// The next 春节 or 七一 and the members in difficulty not yet cared for before it (the care
    /// view says this at any time; 待办 only within the warning days). `None` past the table.
    pub fn care_outlook(&self) -> Result<Option<CareOutlook>> {
        let today = self.today();
        let Some(occasion) = pledge_rules::care_occasions(today).into_iter().next() else { return Ok(None) };
        let conn = self.store().conn();
        let (profiles, last_care) = (db::profiles(conn)?, db::last_care(conn)?);
        let members = self.recorded_members()?;
        let hardship =
            members.iter().filter(|m| m.in_branch_on(today) && profiles.get(&m.id).is_some_and(|p| p.hardship)).count();
        let due = pledge_rules::care_due(&members, &profiles, &last_care, &occasion, today)
            .into_iter()
            .map(|(m, _)| m.id)
            .collect();
        Ok(Some(CareOutlook { occasion, days: (occasion.date - today).num_days(), hardship, due }))
    }

    pub(crate) fn service_findings(&self, members: &[Member]) -> Result<Vec<Finding>> {
        let conn = self.store().conn();
        let y = self.today().year();
        let profiles = db::profiles(conn)?;
        let pledged = db::pledged_members(conn, y)?;
        let pledges = db::pending_pledges(conn, y - 1, y)?;
        let open_issues = db::open_issues(conn, year_start(y - 1))?;
        let research = db::research(conn, y - 1, y)?;
        let last_care = db::last_care(conn)?;
        let service_years = db::service_years(conn, y - 1, y)?;
        let away = self.away_spans()?;
        let facts = ServiceFacts {
            members,
            profiles: &profiles,
            pledged: &pledged,
            pledges: &pledges,
            open_issues: &open_issues,
            research: &research,
            last_care: &last_care,
            service_years: &service_years,
            away: &away,
        };
        Ok(pledge_rules::findings(&facts, self.today(), self.settings()))
    }
}
