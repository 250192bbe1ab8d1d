//! What is overdue: gathers the records the rules read and runs `domain::rules`. The
//! dashboard, the row markers, the tab counts and `zhibu report overdue` all use this.

use std::collections::HashMap;

use chrono::{Datelike, NaiveDate};

use super::{Result, Service};
use crate::domain::dates::{year_end, year_start};
use crate::domain::member::{Member, PartyGroup};
use crate::domain::mobile::Track;
use crate::domain::rules::{self, Facts, Finding, GridRow, HeldMeeting, Severity};
use crate::domain::study::StudyStatus;
use crate::store::findings::{IndependentReads, independent_reads};
use crate::store::meetings as mdb;

/// The records behind the rules, owned so that `Facts` can borrow them.
pub(crate) struct Records {
    members: Vec<Member>,
    groups: Vec<PartyGroup>,
    held: Vec<HeldMeeting>,
    honours_reported: Vec<i32>,
    study: Vec<(i64, StudyStatus)>,
    study_last_year: Vec<(i64, StudyStatus)>,
    last_org_life: HashMap<i64, NaiveDate>,
    last_rotation: HashMap<i64, NaiveDate>,
    excused_months: HashMap<i64, Vec<NaiveDate>>,
    away_months: HashMap<i64, Vec<NaiveDate>>,
    secretary_since: HashMap<i64, NaiveDate>,
    last_training: HashMap<i64, NaiveDate>,
    dues: Option<crate::domain::dues::Ledger>,
    /// Every outflow with what its logs say, read once for the rules about members away.
    tracks: Vec<Track>,
}

impl Records {
    fn facts(&self) -> Facts<'_> {
        Facts {
            members: &self.members,
            groups: &self.groups,
            held: &self.held,
            honours_reported: &self.honours_reported,
            study: &self.study,
            study_last_year: &self.study_last_year,
            last_org_life: &self.last_org_life,
            last_rotation: &self.last_rotation,
            excused_months: &self.excused_months,
            away_months: &self.away_months,
            secretary_since: &self.secretary_since,
            last_training: &self.last_training,
            dues: self.dues.as_ref(),
        }
    }
}

/// Moves the reads made apart (possibly on another connection) into the records.
fn take_independent(reads: IndependentReads, r: &mut Records, today: NaiveDate) {
    r.held = reads.held;
    r.dues = Some(reads.dues);
    r.last_org_life = reads.last_org_life;
    r.last_rotation = reads.last_rotation;
    r.last_training = reads.last_training;
    r.secretary_since = reads.secretary_since.into_iter().map(|(id, d)| (id, d.min(today))).collect();
}

/// Findings with their counts.
#[derive(Clone, Debug, Default)]
pub struct Overdue {
    pub findings: Vec<Finding>,
}

impl Overdue {
    pub fn count(&self, severity: Severity) -> usize {
        self.findings.iter().filter(|f| f.severity == severity).count()
    }

    /// The most serious finding about a member, any rule: the 提醒 column of the members tab,
    /// which must agree with the findings the member's detail lists.
    pub fn worst_for_member(&self, id: i64) -> Option<Severity> {
        self.findings.iter().filter(|f| f.subject == rules::Subject::Member(id)).map(|f| f.severity).min()
    }
}

impl Service {
    /// The records the rules read: meetings held within `from..=to`, and for the findings (not
    /// the grid) the study figures, last organisational life and last rotations.
    ///
    /// For the findings, the reads that the others do not depend on (`store::findings`) are
    /// made on a second, read-only connection in a second thread while this one reads the rest:
    /// the first frame waits for the findings, and an office PC has two to four cores. Both
    /// connections read one state of the file: this one within one read transaction, and if
    /// another program committed meanwhile (the other connection may have seen its write),
    /// everything is read again here alone. Where there is no second connection (a database in
    /// memory, a file opened read-only), everything is read here.
    fn records(&self, from: NaiveDate, to: NaiveDate, findings: bool) -> Result<Records> {
        let today = self.today();
        if !findings {
            let conn = self.store().conn();
            return self.main_records(false, |r| {
                r.held = mdb::held_between(conn, from, to)?;
                Ok(())
            });
        }
        if let Some(side) = self.store().side_connection() {
            let (records, changed) = self.store().in_snapshot(|| {
                std::thread::scope(|scope| {
                    let reads = scope.spawn(move || independent_reads(side.conn(), from, to, today));
                    self.main_records(true, |r| {
                        let reads = reads.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic))?;
                        take_independent(reads, r, today);
                        Ok(())
                    })
                })
            })?;
            if !changed {
                return records;
            }
        }
        let conn = self.store().conn();
        self.main_records(true, |r| {
            take_independent(independent_reads(conn, from, to, today)?, r, today);
            Ok(())
        })
    }

    /// The records read on this connection; `side` fills in the independent reads (for the
    /// grid, the held meetings alone) before what depends on them.
    fn main_records(&self, findings: bool, side: impl FnOnce(&mut Records) -> Result<()>) -> Result<Records> {
        let conn = self.store().conn();
        let today = self.today();
        let members = self.recorded_members()?;
        let mut r = Records {
            groups: self.groups()?,
            held: Vec::new(),
            honours_reported: crate::store::honours::years(conn)?,
            members: Vec::new(),
            study: Vec::new(),
            study_last_year: Vec::new(),
            last_org_life: HashMap::new(),
            last_rotation: HashMap::new(),
            excused_months: HashMap::new(),
            away_months: HashMap::new(),
            secretary_since: HashMap::new(),
            last_training: HashMap::new(),
            dues: None,
            tracks: Vec::new(),
        };
        if findings {
            r.tracks = self.mobile_tracks()?;
            let away = super::mobile::away_spans(r.tracks.iter().map(|t| &t.outflow));
            let window = rules::org_life_window_start(today);
            r.study = self.study_statuses(&members, today.year(), &away)?;
            r.study_last_year = self.study_statuses(&members, today.year() - 1, &away)?;
            side(&mut r)?;
            // Excused months matter only to members without organisational life for at least
            // the warning's months.
            let quiet_since = crate::domain::dates::sub_months(today, self.settings().org_life_warn_months);
            let quiet: Vec<i64> = members
                .iter()
                .filter(|m| m.in_branch_on(today) && r.last_org_life.get(&m.id).is_none_or(|&d| d < quiet_since))
                .map(|m| m.id)
                .collect();
            r.excused_months = crate::store::member_year::excused_months(conn, &quiet, window)?;
            // Months away count as excused only while contact is kept (issue 12).
            for (id, lost) in self.contact_lost_from(&r.tracks) {
                if let Some(months) = r.excused_months.get_mut(&id) {
                    crate::domain::mobile::excused_while_in_contact(months, lost);
                }
            }
            r.away_months = self.away_months_in_contact(&r.tracks, window);
        } else {
            side(&mut r)?;
        }
        r.members = members;
        Ok(r)
    }

    /// Every finding as of today, most serious first.
    pub fn overdue(&self) -> Result<Overdue> {
        let today = self.today();
        let from = year_start(today.year() - 1);
        let to = year_end(today.year());
        let r = self.records(from, to, true)?;
        let mut findings = rules::findings(&r.facts(), today, self.settings());
        findings.extend(self.service_findings(&r.members)?);
        findings.extend(self.evaluation_findings(&r.members)?);
        findings.extend(self.mobile_findings(&r.members, &r.tracks));
        // C5: a probationary member away is converted on the destination's account of them.
        let away = self.away_today(&r.tracks);
        for f in findings.iter_mut().filter(|f| f.rule == rules::RuleId::ProbationEnd) {
            if matches!(f.subject, rules::Subject::Member(id) if away.contains(&id)) {
                f.zh.push_str("；该党员外出中，须了解其在流入地的表现");
                f.en.push_str("; the member is away: ask the destination how they did");
            }
        }
        rules::sort(&mut findings);
        *self.records.borrow_mut() = Some(std::rc::Rc::new(r));
        Ok(Overdue { findings })
    }

    /// The year-at-a-glance grid of required meetings.
    pub fn year_grid(&self, year: i32) -> Result<Vec<GridRow>> {
        // Meetings early next year may still count for this year's 组织生活会 (the cutoff).
        // This year's grid reads what the findings just read (no meeting is held after today).
        if year == self.today().year()
            && let Some(r) = self.records.borrow().as_ref()
        {
            return Ok(rules::year_grid(&r.facts(), year, self.today(), self.settings()));
        }
        let to = self.settings().org_life_deadline(year).max(year_end(year));
        let r = self.records(year_start(year), to, false)?;
        Ok(rules::year_grid(&r.facts(), year, self.today(), self.settings()))
    }
}
