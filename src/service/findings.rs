//! What is overdue: gathers the records the rules read and runs `domain::rules`. The
//! dashboard, the row markers, the tab counts and `zhibu report overdue` all use this.

use std::collections::HashMap;

use chrono::{Datelike, NaiveDate};

use super::{Result, Service};
use crate::domain::dates::{year_end, year_start};
use crate::domain::member::{Member, PartyGroup};
use crate::domain::rules::{self, Facts, Finding, GridRow, HeldMeeting, Severity};
use crate::domain::study::StudyStatus;
use crate::store::{meetings as mdb, study as sdb};

/// The records behind the rules, owned so that `Facts` can borrow them.
pub(crate) struct Records {
    members: Vec<Member>,
    groups: Vec<PartyGroup>,
    held: Vec<HeldMeeting>,
    study: Vec<(i64, StudyStatus)>,
    study_last_year: Vec<(i64, StudyStatus)>,
    last_org_life: HashMap<i64, NaiveDate>,
    last_rotation: HashMap<i64, NaiveDate>,
}

impl Records {
    fn facts(&self) -> Facts<'_> {
        Facts {
            members: &self.members,
            groups: &self.groups,
            held: &self.held,
            study: &self.study,
            study_last_year: &self.study_last_year,
            last_org_life: &self.last_org_life,
            last_rotation: &self.last_rotation,
        }
    }
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
}

impl Service {
    /// The records the rules read: meetings held within `from..=to`, and for the findings (not
    /// the grid) the study figures, last organisational life and last rotations.
    fn records(&self, from: NaiveDate, to: NaiveDate, findings: bool) -> Result<Records> {
        let conn = self.store().conn();
        let today = self.today();
        let members = self.recorded_members()?;
        let (study, study_last_year, last_org_life, last_rotation) = if findings {
            let statuses = |y: i32| -> Result<Vec<(i64, StudyStatus)>> {
                Ok(self.study_year_of(&members, y)?.rows.into_iter().map(|r| (r.member_id, r.status)).collect())
            };
            (
                statuses(today.year())?,
                statuses(today.year() - 1)?,
                crate::store::member_year::last_org_life(conn, rules::org_life_window_start(today))?,
                sdb::last_rotation(conn)?,
            )
        } else {
            Default::default()
        };
        Ok(Records {
            members,
            groups: self.groups()?,
            held: mdb::held_between(conn, from, to)?,
            study,
            study_last_year,
            last_org_life,
            last_rotation,
        })
    }

    /// Every finding as of today, most serious first.
    pub fn overdue(&self) -> Result<Overdue> {
        let today = self.today();
        let from = year_start(today.year() - 1);
        let to = year_end(today.year());
        let r = self.records(from, to, true)?;
        let mut findings = rules::findings(&r.facts(), today, self.settings());
        findings.extend(self.evaluation_findings(&r.members)?);
        findings.sort_by_key(|f| (f.severity, f.due, f.rule, f.subject));
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
