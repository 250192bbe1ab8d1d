//! The findings about members away (docs/rules.md 流动党员) at their edges: year ends, the
//! 1 July cut for the yearly report, month-end clamping and leap days for the 12-month review
//! and the 6-month marks, members abroad, returned and archived members.

use chrono::NaiveDate;
use zhibu::domain::evaluation::drop_archived;
use zhibu::domain::member::{Archive, ArchiveReason, Gender, Member, MemberDraft, MemberStatus, UnitCategory};
use zhibu::domain::mobile::{LogDraft, LogKind, MobileStatus, Outflow, OutflowDraft, Track};
use zhibu::domain::mobile_rules::findings;
use zhibu::domain::rules::{RuleId, Severity};
use zhibu::domain::settings::Settings;

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn member() -> Member {
    Member {
        id: 1,
        number: "0001".into(),
        draft: MemberDraft {
            name: "刘洋".into(),
            gender: Gender::Male,
            birth_date: day(1990, 1, 1),
            ethnicity: "汉族".into(),
            phone: String::new(),
            work_unit: String::new(),
            unit_category: UnitCategory::Other,
            group_id: None,
            status: MemberStatus::Full,
            admission_date: day(2012, 7, 1),
            conversion_date: Some(day(2013, 7, 1)),
            probation_extension_months: 0,
            joined_on: None,
            exemption: None,
            cadre_level: None,
            posts: vec![],
            notes: String::new(),
        },
        archive: None,
        entered_on: None,
    }
}

fn outflow(departed: NaiveDate) -> OutflowDraft {
    OutflowDraft {
        status: MobileStatus::Away,
        reason: "务工".into(),
        place: "上海".into(),
        ..OutflowDraft::new(1, departed)
    }
}

fn track(d: OutflowDraft, logs: &[(LogKind, NaiveDate)]) -> Track {
    let logs: Vec<LogDraft> = logs
        .iter()
        .map(|&(kind, date)| LogDraft { outflow_id: 1, kind, date, channel: String::new(), content: "x".into() })
        .collect();
    Track::new(Outflow { id: 1, draft: d }, &logs)
}

fn found(t: &Track, today: NaiveDate, rule: RuleId) -> Option<Severity> {
    found_for(&member(), t, today, rule)
}

fn found_for(m: &Member, t: &Track, today: NaiveDate, rule: RuleId) -> Option<Severity> {
    let f = findings(std::slice::from_ref(m), std::slice::from_ref(t), today, &Settings::default());
    f.iter().filter(|f| f.rule == rule).map(|f| f.severity).min()
}

#[test]
fn the_yearly_report_is_overdue_from_the_first_of_january_and_due_soon_in_december() {
    // Contacts keep the other rules quiet; only reports count for this one.
    let calls = [(LogKind::Contact, day(2025, 11, 30)), (LogKind::Contact, day(2026, 1, 1))];
    let t = track(outflow(day(2025, 3, 1)), &calls);
    assert_eq!(found(&t, day(2025, 11, 30), RuleId::MobileReport), None, "before the warning days");
    assert_eq!(found(&t, day(2025, 12, 1), RuleId::MobileReport), Some(Severity::DueSoon));
    assert_eq!(found(&t, day(2025, 12, 31), RuleId::MobileReport), Some(Severity::DueSoon), "the last day");
    assert_eq!(found(&t, day(2026, 1, 1), RuleId::MobileReport), Some(Severity::Overdue));
    let reported = track(outflow(day(2025, 3, 1)), &[(LogKind::Report, day(2025, 12, 31)), calls[1]]);
    assert_eq!(found(&reported, day(2026, 1, 1), RuleId::MobileReport), None, "a report on 31 December counts");
}

#[test]
fn the_report_is_not_asked_of_those_who_left_after_the_first_of_july() {
    let call = [(LogKind::Contact, day(2025, 12, 20))];
    assert_eq!(
        found(&track(outflow(day(2025, 7, 1)), &call), day(2026, 1, 2), RuleId::MobileReport),
        Some(Severity::Overdue)
    );
    assert_eq!(found(&track(outflow(day(2025, 7, 2)), &call), day(2026, 1, 2), RuleId::MobileReport), None);
}

#[test]
fn the_certificate_review_falls_due_twelve_months_after_issue_clamped_from_a_leap_day() {
    let mut d = outflow(day(2024, 2, 29));
    d.cert_no = "沪0001".into();
    d.cert_issued_on = Some(day(2024, 2, 29));
    let calls = [(LogKind::Report, day(2025, 1, 20)), (LogKind::Contact, day(2025, 2, 1))];
    let t = track(d.clone(), &calls);
    assert_eq!(found(&t, day(2025, 1, 28), RuleId::MobileCertReview), None, "31 days before");
    assert_eq!(found(&t, day(2025, 1, 29), RuleId::MobileCertReview), Some(Severity::DueSoon), "30 days before");
    assert_eq!(found(&t, day(2025, 2, 28), RuleId::MobileCertReview), Some(Severity::DueSoon), "due day");
    assert_eq!(found(&t, day(2025, 3, 1), RuleId::MobileCertReview), Some(Severity::Overdue));
    let reviewed = track(d.clone(), &[calls[0], calls[1], (LogKind::Review, day(2025, 2, 20))]);
    assert_eq!(found(&reviewed, day(2025, 3, 1), RuleId::MobileCertReview), None, "reviewed: next due 2026-02-20");
    d.cert_no.clear();
    d.cert_issued_on = None;
    assert_eq!(found(&track(d, &calls), day(2025, 3, 1), RuleId::MobileCertReview), None, "no certificate");
}

#[test]
fn contact_is_due_every_quarter_and_every_half_year_abroad() {
    let t = track(outflow(day(2026, 1, 31)), &[]);
    // A quarter from 31 January is 30 April (month-end clamped).
    assert_eq!(found(&t, day(2026, 4, 22), RuleId::MobileContact), None);
    assert_eq!(found(&t, day(2026, 4, 23), RuleId::MobileContact), Some(Severity::DueSoon));
    assert_eq!(found(&t, day(2026, 4, 30), RuleId::MobileContact), Some(Severity::DueSoon));
    assert_eq!(found(&t, day(2026, 5, 1), RuleId::MobileContact), Some(Severity::Overdue));
    let mut abroad = outflow(day(2026, 1, 31));
    abroad.abroad = true;
    let t = track(abroad, &[]);
    assert_eq!(found(&t, day(2026, 5, 1), RuleId::MobileContact), None);
    assert_eq!(found(&t, day(2026, 7, 31), RuleId::MobileContact), Some(Severity::DueSoon));
    assert_eq!(found(&t, day(2026, 8, 1), RuleId::LostContact), Some(Severity::Overdue), "abroad, 6 months silent");
}

#[test]
fn contact_is_lost_after_six_months_and_the_finding_changes_nothing() {
    let t = track(outflow(day(2026, 1, 1)), &[(LogKind::Report, day(2026, 3, 31))]);
    assert_eq!(found(&t, day(2026, 9, 30), RuleId::LostContact), None, "exactly six months: not yet");
    assert_eq!(found(&t, day(2026, 10, 1), RuleId::LostContact), Some(Severity::Overdue));
    assert_eq!(found(&t, day(2026, 10, 1), RuleId::MobileContact), None, "one red flag, not two");
    assert_eq!(t.outflow.draft.status, MobileStatus::Away, "the status stays as recorded");
    let mut marked = outflow(day(2026, 9, 1));
    marked.status = MobileStatus::LostContact;
    assert_eq!(
        found(&track(marked, &[]), day(2026, 9, 2), RuleId::LostContact),
        Some(Severity::Overdue),
        "marked 失联"
    );
}

#[test]
fn six_months_at_a_fixed_place_asks_for_a_transfer_only_then() {
    let calls = [(LogKind::Contact, day(2026, 7, 1))];
    let t = track(outflow(day(2026, 1, 31)), &calls);
    assert_eq!(found(&t, day(2026, 7, 31), RuleId::ShouldTransfer), None, "six months on 31 July");
    assert_eq!(found(&t, day(2026, 8, 1), RuleId::ShouldTransfer), Some(Severity::DueSoon), "never red");
    let mut moving = outflow(day(2026, 1, 31));
    moving.fixed_place = false;
    assert_eq!(found(&track(moving, &calls), day(2026, 8, 1), RuleId::ShouldTransfer), None, "no fixed place");
    let mut abroad = outflow(day(2026, 1, 31));
    abroad.abroad = true;
    assert_eq!(found(&track(abroad, &calls), day(2026, 8, 1), RuleId::ShouldTransfer), None, "abroad");
}

#[test]
fn a_member_preparing_to_leave_needs_the_talk_before_the_day() {
    let mut d = outflow(day(2026, 12, 10));
    d.status = MobileStatus::Preparing;
    let t = track(d.clone(), &[]);
    assert_eq!(found(&t, day(2026, 12, 9), RuleId::MobileTalk), Some(Severity::DueSoon));
    assert_eq!(found(&t, day(2026, 12, 10), RuleId::MobileTalk), Some(Severity::Overdue));
    assert_eq!(found(&t, day(2027, 1, 1), RuleId::MobileReport), None, "not yet out: nothing else");
    d.talk_on = Some(day(2026, 12, 1));
    assert_eq!(found(&track(d, &[]), day(2026, 12, 10), RuleId::MobileTalk), None);
}

#[test]
fn returned_and_archived_members_raise_nothing() {
    let mut back = outflow(day(2025, 1, 1));
    back.status = MobileStatus::Returned;
    back.returned_on = Some(day(2025, 12, 1));
    let t = track(back, &[]);
    assert!(findings(&[member()], &[t], day(2026, 11, 28), &Settings::default()).is_empty());
    // docs/rules.md 通用约定: "自归档之日起不再产生任何提醒". Up to the day before the archive day
    // the member is reported; on the day itself every finding about them goes, through the
    // one filter that all kinds of findings pass (`Service::overdue` runs it).
    let mut gone = member();
    gone.archive = Some(Archive { reason: ArchiveReason::TransferredOut, date: day(2026, 6, 30), note: String::new() });
    let t = track(outflow(day(2025, 1, 1)), &[]);
    assert_eq!(
        found_for(&gone, &t, day(2026, 6, 29), RuleId::LostContact),
        Some(Severity::Overdue),
        "to the day before"
    );
    let gone = [gone];
    let mut on_the_day = findings(&gone, std::slice::from_ref(&t), day(2026, 6, 30), &Settings::default());
    assert!(!on_the_day.is_empty());
    drop_archived(&mut on_the_day, &gone, day(2026, 6, 30));
    assert!(on_the_day.is_empty(), "from the archive day");
    assert!(findings(&gone, &[t], day(2026, 7, 1), &Settings::default()).is_empty(), "and after");
}

/// docs/rules.md 台账起始日: nothing before the records' first day is reported. The file starts
/// on 1 January 2026 (the member is seen as joining then: `Member::as_recorded_from`); the
/// member has been away since 2024 and keeps in touch. On 1 March 2026 the program must not
/// say that no report was made in 2025, a year the file knows nothing of.
#[test]
#[ignore = "bug: mobile_report asks for last year's report even when last year lies before the records start (or before the member joined)"]
fn no_report_is_asked_for_a_year_before_the_records_start() {
    let mut m = member();
    m.draft.joined_on = Some(day(2026, 1, 1));
    let t = track(outflow(day(2024, 3, 1)), &[(LogKind::Contact, day(2026, 2, 1))]);
    assert_eq!(found_for(&m, &t, day(2026, 3, 1), RuleId::MobileReport), None);
}

/// The same file: the last contact before the records start is unknown, so a member entered
/// as away since 2024 with no log yet is not "lost" (停止党籍 procedure) on the first days of
/// the records; the six months count at most from the records' first day, as the six-month
/// rule for organisational life does.
#[test]
#[ignore = "bug: lost_contact counts from a departure before the records start; entering an old absence is red (停止党籍) at once"]
fn contact_is_not_lost_from_before_the_records_start() {
    let mut m = member();
    m.draft.joined_on = Some(day(2026, 1, 1));
    let t = track(outflow(day(2024, 3, 1)), &[]);
    assert_eq!(found_for(&m, &t, day(2026, 3, 1), RuleId::LostContact), None);
}
