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
            phone: Default::default(),
            work_unit: Default::default(),
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
fn contact_is_not_lost_from_before_the_records_start() {
    let mut m = member();
    m.draft.joined_on = Some(day(2026, 1, 1));
    let t = track(outflow(day(2024, 3, 1)), &[]);
    assert_eq!(found_for(&m, &t, day(2026, 3, 1), RuleId::LostContact), None);
}

/// The edges of the first day the records know the member (here 台账起始日 via
/// `as_recorded_from`): last year's report is asked when the records knew the member away by 1
/// July of it, as for a departure; not when they begin on 2 July.
#[test]
fn the_report_is_asked_for_a_year_the_records_know_from_the_first_of_july() {
    let call = [(LogKind::Contact, day(2025, 12, 20))];
    let t = track(outflow(day(2024, 3, 1)), &call);
    let from = |d: NaiveDate| member().as_recorded_from(d);
    assert_eq!(found_for(&from(day(2025, 7, 1)), &t, day(2026, 1, 1), RuleId::MobileReport), Some(Severity::Overdue));
    assert_eq!(found_for(&from(day(2025, 7, 2)), &t, day(2026, 1, 1), RuleId::MobileReport), None);
    // This year's report is asked as usual from December.
    assert_eq!(
        found_for(&from(day(2025, 7, 2)), &t, day(2025, 12, 1), RuleId::MobileReport),
        None,
        "2025 is not asked at all"
    );
    let m = from(day(2026, 1, 1));
    let calls = [(LogKind::Contact, day(2026, 10, 1))];
    let t = track(outflow(day(2024, 3, 1)), &calls);
    assert_eq!(found_for(&m, &t, day(2026, 12, 1), RuleId::MobileReport), Some(Severity::DueSoon));
    assert_eq!(found_for(&m, &t, day(2027, 1, 1), RuleId::MobileReport), Some(Severity::Overdue));
}

/// Six months without contact count from the records' first day at the earliest (1 January
/// 2026 here): lost from 2 July, not before; regular contact is due three months from that day;
/// a contact recorded before the records begin does not move the clock back, one after does.
#[test]
fn contact_counts_from_the_records_start_at_the_earliest() {
    let m = member().as_recorded_from(day(2026, 1, 1));
    let t = track(outflow(day(2024, 3, 1)), &[(LogKind::Contact, day(2025, 6, 1))]);
    assert_eq!(found_for(&m, &t, day(2026, 7, 1), RuleId::LostContact), None, "six months exactly");
    assert_eq!(found_for(&m, &t, day(2026, 7, 2), RuleId::LostContact), Some(Severity::Overdue));
    let f = findings(std::slice::from_ref(&m), std::slice::from_ref(&t), day(2026, 7, 2), &Settings::default());
    let lost = f.iter().find(|f| f.rule == RuleId::LostContact).unwrap();
    assert!(lost.zh.contains("自 2026-01-01（台账起始）起"), "{}", lost.zh);
    assert_eq!(lost.due, day(2026, 7, 1));
    // Regular contact: every 3 months from 1 January.
    assert_eq!(found_for(&m, &t, day(2026, 3, 24), RuleId::MobileContact), None);
    assert_eq!(found_for(&m, &t, day(2026, 3, 25), RuleId::MobileContact), Some(Severity::DueSoon));
    assert_eq!(found_for(&m, &t, day(2026, 4, 2), RuleId::MobileContact), Some(Severity::Overdue));
    let f = findings(std::slice::from_ref(&m), std::slice::from_ref(&t), day(2026, 4, 2), &Settings::default());
    let due = f.iter().find(|f| f.rule == RuleId::MobileContact).unwrap();
    assert!(due.zh.contains("台账自 2026-01-01 起没有联系记录"), "{}", due.zh);
    // A contact in the records counts from its day.
    let t = track(outflow(day(2024, 3, 1)), &[(LogKind::Contact, day(2026, 2, 1))]);
    assert_eq!(found_for(&m, &t, day(2026, 8, 1), RuleId::LostContact), None);
    assert_eq!(found_for(&m, &t, day(2026, 8, 2), RuleId::LostContact), Some(Severity::Overdue));
    let f = findings(std::slice::from_ref(&m), std::slice::from_ref(&t), day(2026, 8, 2), &Settings::default());
    let lost = f.iter().find(|f| f.rule == RuleId::LostContact).unwrap();
    assert!(lost.zh.contains("自 2026-02-01 起"), "{}", lost.zh);
    // Marked 失联 by the branch: red at once, whenever the records begin.
    let mut marked = outflow(day(2024, 3, 1));
    marked.status = MobileStatus::LostContact;
    assert_eq!(found_for(&m, &track(marked, &[]), day(2026, 1, 2), RuleId::LostContact), Some(Severity::Overdue));
}

/// Through the service: a file whose records begin on 1 January 2026, a member away since 2024
/// with no log yet. Two months in, neither the dashboard nor the 流动 list calls the member
/// lost, and no report is asked for 2025; past six months from the records' start, both do.
#[test]
fn the_service_counts_from_the_records_start_in_the_findings_and_the_list() {
    use zhibu::domain::rules::Subject;
    use zhibu::service::{Record, Service};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("branch.db");
    let mut s = Service::open(&path, day(2026, 3, 1)).unwrap();
    let v = s.version(Record::Settings).unwrap();
    s.save_settings(Settings { records_from: Some(day(2026, 1, 1)), ..Settings::default() }, v).unwrap();
    // With a 转入日期 long ago the records know the member from their first day (without one,
    // from the day of entry, 1 March).
    let id = s.create_member(&MemberDraft { joined_on: Some(day(2013, 1, 1)), ..member().draft }).unwrap();
    s.save_outflow(None, &OutflowDraft { member_id: id, ..outflow(day(2024, 3, 1)) }).unwrap();
    let mobile = |s: &Service| -> Vec<(RuleId, Severity)> {
        let rules = zhibu::domain::mobile_rules::RULES;
        s.overdue()
            .unwrap()
            .findings
            .into_iter()
            .filter(|f| f.subject == Subject::Member(id) && rules.contains(&f.rule))
            .map(|f| (f.rule, f.severity))
            .collect()
    };
    // The departure itself is on record: over six months at a fixed place still asks (due
    // soon) for the transfer; nothing else.
    assert_eq!(mobile(&s), vec![(RuleId::ShouldTransfer, Severity::DueSoon)]);
    assert!(!s.mobile_rows(false).unwrap()[0].lost);
    drop(s);
    let s = Service::open(&path, day(2026, 7, 2)).unwrap();
    assert!(mobile(&s).contains(&(RuleId::LostContact, Severity::Overdue)), "{:?}", mobile(&s));
    assert!(s.mobile_rows(false).unwrap()[0].lost);
}
