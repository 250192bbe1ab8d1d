//! What is overdue: gathers the records the rules read and runs `domain::rules`. The
//! dashboard, the row markers, the tab counts and `zhibu report overdue` all use this.

use crate::domain::ids::IdMap;

use chrono::{Datelike, NaiveDate};

use super::{Result, Service};
use crate::domain::dates::{year_end, year_start};
use crate::domain::member::{Member, PartyGroup};
use crate::domain::mobile::Track;
use crate::domain::rules::{self, Facts, Finding, GridRow, HeldMeeting, Severity};
use crate::domain::study::StudyStatus;
use crate::store::{meetings as mdb, study as sdb};

/// The records behind the rules, owned so that `Facts` can borrow them.
#[derive(Default)]
pub(crate) struct Records {
    members: std::rc::Rc<Vec<Member>>,
    groups: Vec<PartyGroup>,
    held: Vec<HeldMeeting>,
    honours_reported: Vec<i32>,
    study: Vec<(i64, StudyStatus)>,
    study_last_year: Vec<(i64, StudyStatus)>,
    last_org_life: IdMap<i64, NaiveDate>,
    last_rotation: IdMap<i64, NaiveDate>,
    excused_months: IdMap<i64, Vec<NaiveDate>>,
    away_months: IdMap<i64, Vec<NaiveDate>>,
    secretary_since: IdMap<i64, NaiveDate>,
    last_training: IdMap<i64, NaiveDate>,
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

    /// What the year grid reads (members, groups, held meetings, honours): kept after the
    /// findings for this year's grid, without the study figures, dues ledger and the rest, which
    /// a large branch would otherwise hold for the whole session.
    fn for_grid(self) -> Records {
        Records {
            members: self.members,
            groups: self.groups,
            held: self.held,
            honours_reported: self.honours_reported,
            ..Records::default()
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

    /// The most serious finding about each member, any rule: the 提醒 column of the members
    /// tab, which must agree with the findings the member's detail lists. One pass over the
    /// findings (not one per member).
    pub fn worst_by_member(&self) -> IdMap<i64, Severity> {
        let mut out: IdMap<i64, Severity> = IdMap::default();
        for f in &self.findings {
            if let rules::Subject::Member(id) = f.subject {
                let e = out.entry(id).or_insert(f.severity);
                *e = (*e).min(f.severity);
            }
        }
        out
    }
}

impl Service {
    /// The records the rules read: meetings held within `from..=to`, and for the findings (not
    /// the grid) the study figures, last organisational life and last rotations.
    fn records(&self, from: NaiveDate, to: NaiveDate, findings: bool) -> Result<Records> {
        let conn = self.store().conn();
        let today = self.today();
        let members = self.recorded_members()?;
        let mut r = Records {
            groups: self.groups()?,
            held: mdb::held_between(conn, from, to)?,
            honours_reported: crate::store::honours::years(conn)?,
            ..Records::default()
        };
        if findings {
            r.dues = Some(crate::store::dues::rules_ledger(conn, today.year() - 1, today.year())?);
            r.tracks = self.mobile_tracks()?;
            let away = super::mobile::away_spans(r.tracks.iter().map(|t| &t.outflow));
            let window = rules::org_life_window_start(today);
            r.study = self.study_statuses(&members, today.year(), &away)?;
            r.study_last_year = self.study_statuses(&members, today.year() - 1, &away)?;
            r.last_org_life = crate::store::member_year::last_org_life(conn, window)?;
            r.last_rotation = sdb::last_rotation(conn)?;
            r.last_training = sdb::last_training(conn)?;
            r.secretary_since =
                crate::store::changelog::secretary_since(conn)?.into_iter().map(|(id, d)| (id, d.min(today))).collect();
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
        }
        r.members = members;
        Ok(r)
    }

    /// Every finding as of today, most serious first.
    pub fn overdue(&self) -> Result<Overdue> {
        let today = self.today();
        // Last year's meetings and this year's; a year earlier only while a period of the year
        // before last is still reported (a 组织生活会 cutoff in the next year, grace days).
        let from = rules::held_from(today, self.settings());
        let to = year_end(today.year());
        let r = self.records(from, to, true)?;
        let mut findings = rules::findings(&r.facts(), today, self.settings());
        findings.extend(self.service_findings(&r.members)?);
        findings.extend(self.evaluation_findings(&r.members)?);
        findings.extend(self.mobile_findings(&r.members, &r.tracks));
        // docs/rules.md 通用约定: nothing about a member from the archive day on, whatever the kind.
        crate::domain::evaluation::drop_archived(&mut findings, &r.members, today);
        // C5: a probationary member away is converted on the destination's account of them.
        let away = self.away_today(&r.tracks);
        for f in findings.iter_mut().filter(|f| f.rule == rules::RuleId::ProbationEnd) {
            if matches!(f.subject, rules::Subject::Member(id) if away.contains(&id)) {
                f.zh.push_str("；该党员外出中，须了解其在流入地的表现");
                f.en.push_str("; the member is away: ask the destination how they did");
            }
        }
        rules::sort(&mut findings);
        *self.records.borrow_mut() = Some(std::rc::Rc::new(r.for_grid()));
        Ok(Overdue { findings })
    }

    /// The year-at-a-glance grid of required meetings.
    pub fn year_grid(&self, year: i32) -> Result<Vec<GridRow>> {
        // Meetings early next year may still count for this year's 组织生活会 (the cutoff).
        // This year's grid reads what the findings just read (no meeting is held after today),
        // once: the held meetings of two years are not kept for the rest of the session (a grid
        // asked for again reads them afresh).
        if year == self.today().year()
            && let Some(r) = self.records.borrow_mut().take()
        {
            return Ok(rules::year_grid(&r.facts(), year, self.today(), self.settings()));
        }
        let to = self.settings().org_life_deadline(year).max(year_end(year));
        let r = self.records(year_start(year), to, false)?;
        Ok(rules::year_grid(&r.facts(), year, self.today(), self.settings()))
    }
}
