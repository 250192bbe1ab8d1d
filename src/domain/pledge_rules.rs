//! Findings about contact and service (seed B2, B5, B7, B9): missing and late pledges, issues
//! the masses raised that have had no feedback, leaders' field research, and care for members
//! in difficulty before 春节 and 七一. Pure, like `rules`; the service merges these findings.

use crate::domain::ids::{IdMap, IdSet};

use chrono::{Datelike, Duration, NaiveDate};

use super::dates::{fmt, sub_months, year_end, year_start};
use super::member::{CadreLevel, Member};
use super::period::Period;
use super::pledge::{Pledge, ServiceProfile, ServiceRecord, away_excuses_pledge, pledge_eligible};
use super::rules::{Finding, RuleId, Severity, Subject, recent};
use super::settings::Settings;
use super::study::{elapsed_share, in_branch_during, months_in_year};

/// The records these rules read.
pub struct ServiceFacts<'a> {
    /// Members as recorded (see `Member::as_recorded_from`).
    pub members: &'a [Member],
    pub profiles: &'a IdMap<i64, ServiceProfile>,
    /// The members with a pledge (not withdrawn) this year.
    pub pledged: &'a IdSet<i64>,
    /// Pledges of this year and the last that are open, or done without an evaluation.
    pub pledges: &'a [Pledge],
    /// Service records (not archived) with an issue raised and no feedback yet.
    pub open_issues: &'a [ServiceRecord],
    /// Field research of this year and the last, in half days, per (member, year).
    pub research: &'a IdMap<(i64, i32), i64>,
    /// Each member's last care record.
    pub last_care: &'a IdMap<i64, NaiveDate>,
    /// The years in which the branch recorded any service at all: a year with none was not
    /// recorded in this file, so field research is not judged for it.
    pub service_years: &'a [i32],
    /// Per member, the days away (流动党员; both ends included, an open absence to
    /// `NaiveDate::MAX`): a member away is not asked for the year's pledge.
    pub away: &'a IdMap<i64, Vec<(NaiveDate, NaiveDate)>>,
}

/// The rules of this module (the 承诺 tab owns their findings).
pub const RULES: [RuleId; 4] =
    [RuleId::Pledge, RuleId::ServiceFeedback, RuleId::LeaderFieldResearch, RuleId::MemberCare];

/// A fulfilled pledge is evaluated by the masses within this many days (issue 10).
pub const EVALUATION_DAYS: i64 = 30;

/// How far back a member in difficulty should have been cared for before a holiday.
pub const CARE_MONTHS: u32 = 6;

/// 春节 (the first day of the lunar year), from the published calendars. Years outside the table
/// have no 春节 reminder rather than a wrong one.
const SPRING_FESTIVAL: &[(i32, u32, u32)] = &[
    (2020, 1, 25),
    (2021, 2, 12),
    (2022, 2, 1),
    (2023, 1, 22),
    (2024, 2, 10),
    (2025, 1, 29),
    (2026, 2, 17),
    (2027, 2, 6),
    (2028, 1, 26),
    (2029, 2, 13),
    (2030, 2, 3),
    (2031, 1, 23),
    (2032, 2, 11),
    (2033, 1, 31),
    (2034, 2, 19),
    (2035, 2, 8),
    (2036, 1, 28),
    (2037, 2, 15),
    (2038, 2, 4),
    (2039, 1, 24),
    (2040, 2, 12),
];

pub fn spring_festival(year: i32) -> Option<NaiveDate> {
    SPRING_FESTIVAL.iter().find(|(y, _, _)| *y == year).and_then(|&(y, m, d)| NaiveDate::from_ymd_opt(y, m, d))
}

/// The year's pledge deadline (MM-DD of the settings; 02-29 is the 28th in a common year).
pub fn pledge_deadline(year: i32, s: &Settings) -> NaiveDate {
    let (m, d) = s.pledge_deadline;
    NaiveDate::from_ymd_opt(year, m, d)
        .or_else(|| NaiveDate::from_ymd_opt(year, m, 28))
        .unwrap_or_else(|| year_start(year))
}

/// Whether a member is asked for the year's pledge (B2 "有条件的党员"), on `on` (today, or the
/// last day of a past year) with `deadline` the year's deadline: eligible on the deadline (in
/// the branch, converted, not exempt, not opted out), so that one who transfers in, converts or
/// ends an exemption after it is not asked that year; not away (流动党员) on the deadline either,
/// for the same reason: away on that day, the member could not pledge here by it, and is not
/// asked on return. Nor is a member away on `on`, or away more than half of the year
/// (`away_excuses_pledge`). `away`: the member's days away, both ends included.
pub fn asked_to_pledge(
    m: &Member,
    deadline: NaiveDate,
    profile: ServiceProfile,
    away: Option<&[(NaiveDate, NaiveDate)]>,
    on: NaiveDate,
) -> bool {
    let away = away.unwrap_or(&[]);
    pledge_eligible(m, deadline, profile)
        && !away.iter().any(|&(from, to)| from <= deadline && deadline <= to)
        && !away_excuses_pledge(away, deadline.year(), on)
}

/// B5: days of field research a year for a cadre of this level (省部级 1 month, 市县级 2 months).
pub fn research_days(level: CadreLevel) -> Option<i64> {
    match level {
        CadreLevel::Provincial => Some(30),
        CadreLevel::CityCounty => Some(60),
        CadreLevel::Other => None,
    }
}

fn active<'a>(f: &ServiceFacts<'a>, today: NaiveDate) -> impl Iterator<Item = &'a Member> {
    f.members.iter().filter(move |m| m.in_branch_on(today))
}

fn finding(
    rule: RuleId,
    severity: Severity,
    m: &Member,
    due: NaiveDate,
    year: Option<i32>,
    zh: String,
    en: String,
) -> Finding {
    Finding { rule, severity, subject: Subject::Member(m.id), due, period: year.map(Period::year), zh, en }
}

/// B2: every eligible member pledges by the deadline; an open pledge is closed by its target
/// date (and by the end of its year); a fulfilled pledge is evaluated within 30 days.
fn pledge_findings(f: &ServiceFacts, today: NaiveDate, s: &Settings, out: &mut Vec<Finding>) {
    let year = today.year();
    let deadline = pledge_deadline(year, s);
    for m in active(f, today) {
        let profile = f.profiles.get(&m.id).copied().unwrap_or_default();
        // Members who join, convert, return from an exemption or come back from an absence
        // after the deadline are not asked for this year's pledge: the rule is unsure about
        // them, so it says nothing. Nor are members away today, or away more than half of the
        // year (外出中, 已报到, 失联, or back from a long absence): no condition to pledge here
        // (docs/rules.md).
        if f.pledged.contains(&m.id)
            || !asked_to_pledge(m, deadline, profile, f.away.get(&m.id).map(Vec::as_slice), today)
        {
            continue;
        }
        let severity = if today > deadline {
            Severity::Overdue
        } else if today >= deadline - Duration::days(s.yearly_warn_days.into()) {
            Severity::DueSoon
        } else {
            continue;
        };
        let name = &m.draft.name;
        out.push(finding(
            RuleId::Pledge,
            severity,
            m,
            deadline,
            Some(year),
            format!("{name} {year}年尚未公开承诺（{} 前承诺为群众办一两件实事）", fmt(deadline)),
            format!("{name} has made no pledge for {year} (due {})", fmt(deadline)),
        ));
    }
    let by_id: IdMap<i64, &Member> = f.members.iter().map(|m| (m.id, m)).collect();
    for p in f.pledges {
        let Some(m) = by_id.get(&p.draft.member_id).filter(|m| m.in_branch_on(today)) else { continue };
        let d = &p.draft;
        let name = &m.draft.name;
        let what: String = d.content.chars().take(20).collect();
        if let Some((severity, close_by)) = open_state(p, today, s) {
            let (zh, en) = match severity {
                Severity::Overdue => (
                    format!("{name} 的承诺「{what}」已过完成时限 {}，尚未办结", fmt(close_by)),
                    format!("{name}'s pledge ({what}) was due {} and is not closed", fmt(close_by)),
                ),
                Severity::DueSoon => (
                    format!("{name} 的承诺「{what}」应于 {} 前办结", fmt(close_by)),
                    format!("{name}'s pledge ({what}) is due {}", fmt(close_by)),
                ),
            };
            out.push(finding(RuleId::Pledge, severity, m, close_by, Some(d.year), zh, en));
        } else if let Some(due) = evaluation_overdue(p, today)
            && recent(due, today)
            && let Some(done) = d.fulfilled_on
        {
            out.push(finding(
                RuleId::Pledge,
                Severity::Overdue,
                m,
                due,
                Some(d.year),
                format!("{name} 的承诺「{what}」{} 兑现，{EVALUATION_DAYS} 天内未记录群众评价", fmt(done)),
                format!(
                    "{name}'s pledge ({what}) was fulfilled {}; no evaluation in {EVALUATION_DAYS} days",
                    fmt(done)
                ),
            ));
        }
    }
}

/// An open pledge's state: overdue after its target date (or the end of its year, whichever is
/// first), due soon within the warning days before; with that day.
pub fn open_state(p: &Pledge, today: NaiveDate, s: &Settings) -> Option<(Severity, NaiveDate)> {
    let d = &p.draft;
    if !d.status.is_open() {
        return None;
    }
    let close_by = d.target_date.min(year_end(d.year));
    if today > close_by {
        Some((Severity::Overdue, close_by))
    } else if today >= close_by - Duration::days(s.warn_days.into()) {
        Some((Severity::DueSoon, close_by))
    } else {
        None
    }
}

/// A fulfilled (or partly fulfilled) pledge with no evaluation 30 days on: the day it fell due.
pub fn evaluation_overdue(p: &Pledge, today: NaiveDate) -> Option<NaiveDate> {
    let d = &p.draft;
    let due = d.fulfilled_on? + Duration::days(EVALUATION_DAYS);
    (d.status.is_done() && d.evaluation.is_none() && today > due).then_some(due)
}

/// B7: "对群众反映的情况，要及时反馈意见": an issue with no feedback after the set days.
fn feedback_findings(f: &ServiceFacts, today: NaiveDate, s: &Settings, out: &mut Vec<Finding>) {
    let by_id: IdMap<i64, &Member> = f.members.iter().map(|m| (m.id, m)).collect();
    for r in f.open_issues {
        let d = &r.draft;
        let Some(m) = by_id.get(&d.member_id).filter(|m| m.in_branch_on(today)) else { continue };
        let Some((severity, due)) = feedback_state(r, today, s) else { continue };
        if !recent(due, today) {
            continue;
        }
        let name = &m.draft.name;
        let issue: String = d.issue.chars().take(20).collect();
        out.push(finding(
            RuleId::ServiceFeedback,
            severity,
            m,
            due,
            None,
            format!(
                "{name} {} {}时群众反映「{issue}」，尚未反馈（{} 天内）",
                fmt(d.date),
                d.kind.label(super::lang::Lang::Zh),
                s.feedback_days
            ),
            format!(
                "{name}, {} ({}): issue raised ({issue}), no feedback yet ({} days)",
                fmt(d.date),
                d.kind.label(super::lang::Lang::En),
                s.feedback_days
            ),
        ));
    }
}

/// An issue raised with no feedback: overdue `feedback_days` after the record, due soon in the
/// warning days before (at most half the feedback days); with that day.
pub fn feedback_state(r: &ServiceRecord, today: NaiveDate, s: &Settings) -> Option<(Severity, NaiveDate)> {
    let d = &r.draft;
    if d.issue.trim().is_empty() || d.feedback_on.is_some() || r.archived_on.is_some() {
        return None;
    }
    let due = d.date + Duration::days(s.feedback_days.into());
    let warn = i64::from(s.warn_days.min(s.feedback_days / 2));
    if today > due {
        Some((Severity::Overdue, due))
    } else if today >= due - Duration::days(warn) {
        Some((Severity::DueSoon, due))
    } else {
        None
    }
}

fn days_text(half_days: i64) -> String {
    if half_days % 2 == 0 { (half_days / 2).to_string() } else { format!("{}.5", half_days / 2) }
}

/// B5: a cadre of 省部级 level spends at least a month a year, 市县级 two months, on field
/// research. The target is prorated by whole months in the branch; during the year a cadre is
/// behind when more than a month's share below an even pace, and short once the days left in
/// the year cannot make up the difference, or the year is over.
fn research_findings(f: &ServiceFacts, today: NaiveDate, out: &mut Vec<Finding>) {
    for m in f.members.iter() {
        let Some(full_days) = m.draft.cadre_level.and_then(research_days) else { continue };
        if !m.in_branch_on(today) || m.exempt_on(today) {
            continue;
        }
        for year in [today.year() - 1, today.year()] {
            if !in_branch_during(m, year) || !f.service_years.contains(&year) {
                continue;
            }
            let months = i64::from(months_in_year(m, year));
            if months == 0 {
                continue;
            }
            // In half days, rounded up.
            let target = (2 * full_days * months + 11) / 12;
            let done = f.research.get(&(m.id, year)).copied().unwrap_or(0);
            if done >= target {
                continue;
            }
            let year_over = today > year_end(year);
            let left_half_days = if year_over { 0 } else { 2 * ((year_end(year) - today).num_days() + 1) };
            let (elapsed, total) = elapsed_share(m, year, today);
            let pace = target * elapsed / total.max(1);
            let severity = if year_over || done + left_half_days < target {
                Severity::Overdue
            } else if done + (target + 11) / 12 < pace {
                Severity::DueSoon
            } else {
                continue;
            };
            let due = year_end(year);
            if !recent(due, today) {
                continue;
            }
            let name = &m.draft.name;
            let level = m.draft.cadre_level.map(|l| l.label(super::lang::Lang::Zh)).unwrap_or_default();
            let level_en = m.draft.cadre_level.map(|l| l.label(super::lang::Lang::En)).unwrap_or_default();
            let (zh, en) = match severity {
                Severity::Overdue => (
                    format!(
                        "{name}（{level}）{year}年基层调研 {} 天，应不少于 {} 天，未达到",
                        days_text(done),
                        days_text(target)
                    ),
                    format!(
                        "{name} ({level_en}): {} of {} days of field research in {year}; short",
                        days_text(done),
                        days_text(target)
                    ),
                ),
                Severity::DueSoon => (
                    format!(
                        "{name}（{level}）基层调研 {} 天，按进度应有 {} 天，全年不少于 {} 天",
                        days_text(done),
                        days_text(pace),
                        days_text(target)
                    ),
                    format!(
                        "{name} ({level_en}): {} days of field research, {} expected by now, {} for the year",
                        days_text(done),
                        days_text(pace),
                        days_text(target)
                    ),
                ),
            };
            out.push(finding(RuleId::LeaderFieldResearch, severity, m, due, Some(year), zh, en));
        }
    }
}

/// A holiday before which branches visit members in difficulty (B9): 春节 or 七一.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CareOccasion {
    pub date: NaiveDate,
    pub zh: &'static str,
    pub en: &'static str,
}

impl CareOccasion {
    pub fn name(&self, lang: crate::domain::lang::Lang) -> &'static str {
        lang.pick(self.zh, self.en)
    }

    /// Care on or after this day counts for the occasion: the six months before it.
    pub fn since(&self) -> NaiveDate {
        sub_months(self.date, CARE_MONTHS)
    }
}

/// The care occasions from `today` on (this year's and next year's), soonest first. A year
/// outside the 春节 table has only its 七一.
pub fn care_occasions(today: NaiveDate) -> Vec<CareOccasion> {
    let mut out = Vec::new();
    for y in [today.year(), today.year() + 1] {
        if let Some(date) = spring_festival(y) {
            out.push(CareOccasion { date, zh: "春节", en: "Spring Festival" });
        }
        if let Some(date) = NaiveDate::from_ymd_opt(y, 7, 1) {
            out.push(CareOccasion { date, zh: "七一", en: "1 July" });
        }
    }
    out.retain(|o| o.date >= today);
    out.sort_by_key(|o| o.date);
    out
}

/// Members in difficulty (flagged 生活困难, in the branch on `today`) with no care record in
/// the six months before the occasion, with their last care.
pub fn care_due<'a>(
    members: &'a [Member],
    profiles: &IdMap<i64, ServiceProfile>,
    last_care: &IdMap<i64, NaiveDate>,
    o: &CareOccasion,
    today: NaiveDate,
) -> Vec<(&'a Member, Option<NaiveDate>)> {
    members
        .iter()
        .filter(|m| m.in_branch_on(today) && profiles.get(&m.id).is_some_and(|p| p.hardship))
        .map(|m| (m, last_care.get(&m.id).copied()))
        .filter(|(_, last)| last.is_none_or(|l| l < o.since()))
        .collect()
}

/// B9: members in difficulty are helped; before 春节 and 七一 (when branches visit them), a member
/// flagged 生活困难 with no care record in the six months before the holiday is a due-soon item,
/// within the yearly warning days before it (never overdue: the visit is a custom, not a rule
/// with a date). The 承诺 tab's care view names the next occasion at any time.
fn care_findings(f: &ServiceFacts, today: NaiveDate, s: &Settings, out: &mut Vec<Finding>) {
    let window = Duration::days(s.yearly_warn_days.into());
    for o in care_occasions(today).into_iter().filter(|o| today >= o.date - window) {
        for (m, last) in care_due(f.members, f.profiles, f.last_care, &o, today) {
            let name = &m.draft.name;
            let (lz, le) = match last {
                Some(l) => (format!("上次 {}", fmt(l)), format!("last {}", fmt(l))),
                None => ("没有关怀记录".to_string(), "none on record".to_string()),
            };
            out.push(finding(
                RuleId::MemberCare,
                Severity::DueSoon,
                m,
                o.date,
                None,
                format!(
                    "{name}（生活困难党员）{}（{}）前宜走访慰问：近 {CARE_MONTHS} 个月无帮扶记录（{lz}）",
                    o.zh,
                    fmt(o.date)
                ),
                format!(
                    "{name} (member in hardship): visit before {} ({}); no care in {CARE_MONTHS} months ({le})",
                    o.en,
                    fmt(o.date)
                ),
            ));
        }
    }
}

/// Every finding of these rules, in `rules::sort` order.
pub fn findings(f: &ServiceFacts, today: NaiveDate, s: &Settings) -> Vec<Finding> {
    let mut out = Vec::new();
    pledge_findings(f, today, s, &mut out);
    feedback_findings(f, today, s, &mut out);
    research_findings(f, today, &mut out);
    care_findings(f, today, s, &mut out);
    super::rules::sort(&mut out);
    out
}
