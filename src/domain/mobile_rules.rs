//! Findings about members away (seed C1, C11, C15, C16; 《中国共产党党员教育管理工作条例》第二十四、
//! 二十五、三十二、三十四条): the yearly report, the certificate's yearly review, regular contact,
//! lost contact, the transfer after six months at a fixed place, and the talk before departure.
//! Pure, like `rules`; the service merges these findings. None of them changes a status.

use std::borrow::Cow;

use crate::domain::ids::IdMap;

use chrono::{Datelike, Duration, NaiveDate};

use super::dates::{add_months, fmt, year_end};
use super::member::Member;
use super::mobile::{ABROAD_CONTACT_MONTHS, MobileStatus, TRANSFER_MONTHS, Track};
use super::period::Period;
use super::rules::{Finding, RuleId, Severity, Subject, recent};
use super::settings::Settings;

/// The rules of this module (the 流动 tab owns their findings).
pub const RULES: [RuleId; 6] = [
    RuleId::MobileReport,
    RuleId::MobileCertReview,
    RuleId::MobileContact,
    RuleId::LostContact,
    RuleId::ShouldTransfer,
    RuleId::MobileTalk,
];

/// The yearly report (C11) is asked of a member who was out by 1 July of the year, as the
/// records know it (`Track::away_known_from`): one who left later in the year has had too
/// little time away to owe it, and a year the records (or the member's time in the branch)
/// begin after 1 July is not known well enough to ask it (the rule says less).
pub fn report_owed(t: &Track, year: i32) -> bool {
    let Some(mid) = NaiveDate::from_ymd_opt(year, 7, 1) else { return false };
    t.outflow.draft.status.is_out() && t.away_known_from() <= mid
}

fn finding(rule: RuleId, severity: Severity, member: i64, due: NaiveDate, zh: String, en: String) -> Finding {
    Finding { rule, severity, subject: Subject::Member(member), due, period: None, zh, en }
}

/// Every finding about the outflows in `tracks`; `members` (as recorded: see
/// `Member::as_recorded_from`) gives the names, who is still in the branch (archived members
/// raise nothing) and the first day the records know each member: nothing before it is asked.
pub fn findings(members: &[Member], tracks: &[Track], today: NaiveDate, s: &Settings) -> Vec<Finding> {
    let by_id: IdMap<i64, &Member> = members.iter().map(|m| (m.id, m)).collect();
    let shared = super::member::shared_names(members, today);
    let mut out = Vec::new();
    for t in tracks {
        let Some(m) = by_id.get(&t.outflow.draft.member_id) else { continue };
        if !m.in_branch_on(today) {
            continue;
        }
        // The service's tracks know it already; others learn it here.
        let t: Cow<Track> = if t.known_from < m.branch_start() {
            Cow::Owned(t.clone().known_from(m.branch_start()))
        } else {
            Cow::Borrowed(t)
        };
        let t = t.as_ref();
        let d = &t.outflow.draft;
        let name = m.shown_name(&shared);
        let id = m.id;
        if d.status == MobileStatus::Preparing {
            talk(t, &name, today, s, &mut out);
            continue;
        }
        if !d.status.is_out() {
            continue;
        }
        report(t, &name, today, s, &mut out);
        review(t, &name, today, s, &mut out);
        let lost = t.lost_on(today);
        if lost {
            let since = t.contact_since();
            // Counted from the records' first day: say so, it is not a contact.
            let (kz, ke) =
                if since > t.last_contact { ("（台账起始）", " (when the records begin)") } else { (" ", "") };
            out.push(finding(
                RuleId::LostContact,
                Severity::Overdue,
                id,
                t.lost_from(),
                format!(
                    "{name} 自 {}{kz}起已 6 个月以上没有联系：多方查找仍无联系的，按规定程序予以停止党籍（须支部大会讨论）",
                    fmt(since)
                ),
                format!(
                    "{name}: no contact since {}{ke} (over 6 months); if searching finds no trace, suspension follows its procedure (a general meeting decides)",
                    fmt(since)
                ),
            ));
        } else {
            contact(t, &name, today, s, &mut out);
        }
        if !lost && let Some(stay) = transfer_due(t, today, s) {
            out.push(finding(
                RuleId::ShouldTransfer,
                Severity::DueSoon,
                id,
                stay,
                format!("{name} 外出到 {} 满 6 个月，地点相对固定（{}），应转移组织关系", fmt(stay), d.place.trim()),
                format!(
                    "{name}: six months away on {} at a fixed place ({}); the relationship should transfer",
                    fmt(stay),
                    d.place.trim()
                ),
            ));
        }
    }
    out
}

/// [JY]25 "外出学习、工作、生活6个月以上并且地点相对固定的，应当转移组织关系": the day the stay
/// at a fixed place (not abroad) reaches six months, when the reminder is due now. Due soon in
/// the yearly warning days up to that day, and gone after it: never red, since the certificate
/// lets one who cannot transfer yet stay on it (docs/rules.md), and a due-soon finding never
/// carries a day already past. Nor is a member asked who is expected back by that day (and
/// not yet overdue to return): the stay will not reach six months.
fn transfer_due(t: &Track, today: NaiveDate, s: &Settings) -> Option<NaiveDate> {
    let d = &t.outflow.draft;
    if !d.status.is_out() || !d.fixed_place || d.abroad {
        return None;
    }
    let stay = add_months(d.departed_on, TRANSFER_MONTHS);
    let back_first = d.expected_return.is_some_and(|r| r <= stay && r >= today);
    let warn = Duration::days(s.yearly_warn_days.into());
    (!back_first && today <= stay && today >= stay - warn).then_some(stay)
}

/// C1: the talk before departure. Due soon while the departure is ahead, overdue once the day
/// has come without one.
fn talk(t: &Track, name: &str, today: NaiveDate, _s: &Settings, out: &mut Vec<Finding>) {
    let d = &t.outflow.draft;
    if d.talk_on.is_some() {
        return;
    }
    let severity = if today >= d.departed_on { Severity::Overdue } else { Severity::DueSoon };
    out.push(finding(
        RuleId::MobileTalk,
        severity,
        d.member_id,
        d.departed_on,
        format!("{name} 拟于 {} 外出，尚未进行外出前谈话", fmt(d.departed_on)),
        format!("{name} leaves on {}; no talk before departure yet", fmt(d.departed_on)),
    ));
}

/// C11: at least one report a year; last year's missing report is overdue from 1 January, this
/// year's is due soon in the year's last warning days.
fn report(t: &Track, name: &str, today: NaiveDate, s: &Settings, out: &mut Vec<Finding>) {
    let id = t.outflow.draft.member_id;
    let year = today.year();
    let last = year - 1;
    if report_owed(t, last) && !t.report_years.contains(&last) && recent(year_end(last), today) {
        out.push(Finding {
            period: Some(Period::year(last)),
            ..finding(
                RuleId::MobileReport,
                Severity::Overdue,
                id,
                year_end(last),
                format!("{name}（外出）{last}年没有向支部汇报"),
                format!("{name} (away) made no report to the branch in {last}"),
            )
        });
    }
    let end = year_end(year);
    if report_owed(t, year)
        && !t.report_years.contains(&year)
        && today >= end - Duration::days(s.yearly_warn_days.into())
    {
        out.push(Finding {
            period: Some(Period::year(year)),
            ..finding(
                RuleId::MobileReport,
                Severity::DueSoon,
                id,
                end,
                format!("{name}（外出）{year}年尚未向支部汇报，{} 前汇报", fmt(end)),
                format!("{name} (away) has not reported in {year}; due {}", fmt(end)),
            )
        });
    }
}

/// C15 "《流动党员活动证》……每年审核一次": the certificate is reviewed every 12 months from issue
/// or the last review, counted at the earliest from the records' first day (`Track::review_since`),
/// as the report and contact rules count: a certificate issued before the file began is not red
/// on its first day, when its reviews since are unknown.
fn review(t: &Track, name: &str, today: NaiveDate, s: &Settings, out: &mut Vec<Finding>) {
    let Some(due) = t.review_due() else { return };
    let severity = if today > due {
        Severity::Overdue
    } else if today >= due - Duration::days(s.yearly_warn_days.into()) {
        Severity::DueSoon
    } else {
        return;
    };
    let no = t.outflow.draft.cert_no.trim();
    // Counted from the records' first day, not from an issue or review: say so.
    let (fz, fe) = match t.review_since() {
        Some(since) if t.review_from_records_start() => (
            format!("（自台账起始 {} 起算）", fmt(since)),
            format!(" (counted from {}, when the records begin)", fmt(since)),
        ),
        _ => (String::new(), String::new()),
    };
    out.push(finding(
        RuleId::MobileCertReview,
        severity,
        t.outflow.draft.member_id,
        due,
        format!("{name} 的流动党员活动证（{no}）应于 {} 前年审{fz}", fmt(due)),
        format!("{name}'s mobile member certificate ({no}) is due for review by {}{fe}", fmt(due)),
    ));
}

/// [JY]32: regular contact, every `mobile_contact_months` (members abroad every 6 months, [JY]34).
fn contact(t: &Track, name: &str, today: NaiveDate, s: &Settings, out: &mut Vec<Finding>) {
    let d = &t.outflow.draft;
    let months = if d.abroad { ABROAD_CONTACT_MONTHS } else { s.mobile_contact_months.max(1) };
    let since = t.contact_since();
    let due = add_months(since, months);
    let severity = if today > due {
        Severity::Overdue
    } else if today >= due - Duration::days(s.warn_days.into()) {
        Severity::DueSoon
    } else {
        return;
    };
    // Counted from the records' first day (no contact recorded since): say so.
    let (zh, en) = if since > t.last_contact {
        (
            format!("{name}（外出）台账自 {} 起没有联系记录，应每 {months} 个月至少联系一次", fmt(since)),
            format!(
                "{name} (away): no contact recorded since the records began on {}, due every {months} months",
                fmt(since)
            ),
        )
    } else {
        (
            format!("{name}（外出）最后联系 {}，应每 {months} 个月至少联系一次", fmt(since)),
            format!("{name} (away): last contact {}, due every {months} months", fmt(since)),
        )
    };
    out.push(finding(RuleId::MobileContact, severity, d.member_id, due, zh, en));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::mobile::{LogDraft, LogKind, Outflow, OutflowDraft};
    use crate::domain::testing::{d, member};

    fn track(departed: NaiveDate, logs: &[(LogKind, NaiveDate)]) -> Track {
        let draft =
            OutflowDraft { status: MobileStatus::Away, reason: "务工".into(), ..OutflowDraft::new(1, departed) };
        let logs: Vec<LogDraft> = logs
            .iter()
            .map(|&(kind, date)| LogDraft { outflow_id: 1, kind, date, channel: String::new(), content: "x".into() })
            .collect();
        Track::new(Outflow { id: 1, draft }, &logs)
    }

    fn rules_of(t: &Track, today: NaiveDate) -> Vec<(RuleId, Severity)> {
        findings(&[member(1)], std::slice::from_ref(t), today, &Settings::default())
            .into_iter()
            .map(|f| (f.rule, f.severity))
            .collect()
    }

    #[test]
    fn a_report_is_owed_by_those_out_by_the_first_of_july() {
        let t = track(d(2025, 7, 1), &[(LogKind::Contact, d(2026, 1, 2))]);
        assert!(rules_of(&t, d(2026, 1, 2)).contains(&(RuleId::MobileReport, Severity::Overdue)));
        let late = track(d(2025, 7, 2), &[(LogKind::Contact, d(2026, 1, 2))]);
        assert!(!rules_of(&late, d(2026, 1, 2)).iter().any(|r| r.0 == RuleId::MobileReport));
    }
}
