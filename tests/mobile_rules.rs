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

/// [JY]25 asks for the transfer once the stay passes six months; the rule never marks it red
/// (docs/rules.md). Shown as 将到期 from the day after the six months, with the six-month day as
/// its date, it was a "due soon" whose day had passed, for as long as the member stayed away:
/// the reminder belongs before that day (the yearly warning days, 30), and goes after it.
#[test]
fn the_transfer_is_due_soon_before_the_six_months_and_never_with_a_past_date() {
    let calls = [(LogKind::Contact, day(2026, 7, 1))];
    let t = track(outflow(day(2026, 1, 31)), &calls);
    // Six months from 31 January: 31 July (month ends clamp).
    assert_eq!(found(&t, day(2026, 6, 30), RuleId::ShouldTransfer), None, "31 days before");
    assert_eq!(found(&t, day(2026, 7, 1), RuleId::ShouldTransfer), Some(Severity::DueSoon), "30 days before");
    assert_eq!(found(&t, day(2026, 7, 31), RuleId::ShouldTransfer), Some(Severity::DueSoon), "the six-month day");
    assert_eq!(found(&t, day(2026, 8, 1), RuleId::ShouldTransfer), None, "the day after: past, and never red");
    assert_eq!(found(&t, day(2027, 1, 1), RuleId::ShouldTransfer), None, "nor later");
    let f = findings(&[member()], std::slice::from_ref(&t), day(2026, 7, 31), &Settings::default());
    let f = f.iter().find(|f| f.rule == RuleId::ShouldTransfer).unwrap();
    assert_eq!(f.due, day(2026, 7, 31));
    assert!(f.zh.contains("2026-07-31 满 6 个月") && f.zh.contains("上海"), "{}", f.zh);
    // Not at a fixed place, or abroad: never asked.
    let mut moving = outflow(day(2026, 1, 31));
    moving.fixed_place = false;
    assert_eq!(found(&track(moving, &calls), day(2026, 7, 31), RuleId::ShouldTransfer), None, "no fixed place");
    let mut abroad = outflow(day(2026, 1, 31));
    abroad.abroad = true;
    assert_eq!(found(&track(abroad, &calls), day(2026, 7, 31), RuleId::ShouldTransfer), None, "abroad");
}

/// Leap years: six months from 31 August 2023 is 29 February 2024, from 31 August 2024 the
/// 28 February 2025.
#[test]
fn the_six_month_day_clamps_to_the_end_of_february() {
    let t = track(outflow(day(2023, 8, 31)), &[(LogKind::Contact, day(2024, 1, 15))]);
    assert_eq!(found(&t, day(2024, 1, 29), RuleId::ShouldTransfer), None);
    assert_eq!(found(&t, day(2024, 1, 30), RuleId::ShouldTransfer), Some(Severity::DueSoon));
    assert_eq!(found(&t, day(2024, 2, 29), RuleId::ShouldTransfer), Some(Severity::DueSoon));
    assert_eq!(found(&t, day(2024, 3, 1), RuleId::ShouldTransfer), None);
    let t = track(outflow(day(2024, 8, 31)), &[(LogKind::Contact, day(2025, 1, 15))]);
    assert_eq!(found(&t, day(2025, 2, 28), RuleId::ShouldTransfer), Some(Severity::DueSoon));
    assert_eq!(found(&t, day(2025, 3, 1), RuleId::ShouldTransfer), None);
}

/// A member expected back by the six-month day will not stay six months: not asked, unless
/// the expected day has passed with the member still away.
#[test]
fn a_member_expected_back_within_six_months_is_not_asked_to_transfer() {
    let calls = [(LogKind::Contact, day(2026, 7, 1))];
    let mut o = outflow(day(2026, 1, 31));
    o.expected_return = Some(day(2026, 7, 31));
    assert_eq!(found(&track(o.clone(), &calls), day(2026, 7, 15), RuleId::ShouldTransfer), None, "back on the day");
    o.expected_return = Some(day(2026, 8, 1));
    assert_eq!(found(&track(o.clone(), &calls), day(2026, 7, 15), RuleId::ShouldTransfer), Some(Severity::DueSoon));
    o.expected_return = Some(day(2026, 7, 10));
    assert_eq!(
        found(&track(o, &calls), day(2026, 7, 15), RuleId::ShouldTransfer),
        Some(Severity::DueSoon),
        "expected back on 10 July, still away"
    );
}

/// A member archived on the six-month day is asked nothing that day (`drop_archived`, which the
/// service runs over every finding), nor a member who left before the records begin: the day
/// is long past when the file starts.
#[test]
fn no_transfer_is_asked_of_an_archived_member_or_before_the_records_start() {
    let calls = [(LogKind::Contact, day(2026, 7, 1))];
    let t = track(outflow(day(2026, 1, 31)), &calls);
    let mut gone = member();
    gone.archive = Some(Archive { reason: ArchiveReason::TransferredOut, date: day(2026, 7, 31), note: String::new() });
    assert_eq!(found_for(&gone, &t, day(2026, 7, 30), RuleId::ShouldTransfer), Some(Severity::DueSoon));
    let gone = [gone];
    let mut on_the_day = findings(&gone, std::slice::from_ref(&t), day(2026, 7, 31), &Settings::default());
    drop_archived(&mut on_the_day, &gone, day(2026, 7, 31));
    assert!(on_the_day.is_empty(), "{on_the_day:?}");
    let m = member().as_recorded_from(day(2026, 1, 1));
    let t = track(outflow(day(2024, 3, 1)), &[(LogKind::Contact, day(2026, 1, 2))]);
    assert_eq!(found_for(&m, &t, day(2026, 1, 2), RuleId::ShouldTransfer), None);
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
    // Nothing: the transfer's six-month day (1 September 2024) is long past, and the rule is
    // never red.
    assert_eq!(mobile(&s), vec![]);
    assert!(!s.mobile_rows(false).unwrap()[0].lost);
    drop(s);
    let s = Service::open(&path, day(2026, 7, 2)).unwrap();
    assert!(mobile(&s).contains(&(RuleId::LostContact, Severity::Overdue)), "{:?}", mobile(&s));
    assert!(s.mobile_rows(false).unwrap()[0].lost);
}

/// mobile_cert_review counts the twelve months from the later of the issue (or last review)
/// and the records' first day, as the report and contact rules do: a certificate issued in
/// March 2024, in a file that starts on 1 January 2026, was red on the first day although its
/// reviews before then are unknown to the file. Now it is due on 1 January 2027 (due soon from
/// 2 December, the 30 yearly warning days), overdue from 2 January, and the finding says where
/// the twelve months start.
#[test]
fn the_certificate_review_counts_from_the_records_start_at_the_earliest() {
    let m = member().as_recorded_from(day(2026, 1, 1));
    let calls: Vec<(LogKind, NaiveDate)> = (1..=12).map(|mo| (LogKind::Contact, day(2026, mo, 2))).collect();
    let t = track(certified(day(2024, 3, 1), day(2024, 3, 3)), &calls);
    let at = |today| found_for(&m, &t, today, RuleId::MobileCertReview);
    assert_eq!(at(day(2026, 1, 2)), None, "the records' first days");
    assert_eq!(at(day(2026, 12, 1)), None);
    assert_eq!(at(day(2026, 12, 2)), Some(Severity::DueSoon));
    assert_eq!(at(day(2027, 1, 1)), Some(Severity::DueSoon), "the due day");
    assert_eq!(at(day(2027, 1, 2)), Some(Severity::Overdue), "the day after");
    let f = findings(std::slice::from_ref(&m), std::slice::from_ref(&t), day(2027, 1, 2), &Settings::default());
    let f = f.iter().find(|f| f.rule == RuleId::MobileCertReview).unwrap();
    assert_eq!(f.due, day(2027, 1, 1));
    assert!(f.zh.contains("应于 2027-01-01 前年审（自台账起始 2026-01-01 起算）"), "{}", f.zh);
    assert!(f.en.contains("counted from 2026-01-01, when the records begin"), "{}", f.en);
    // Issued after the records start: counted from the issue, and the message says nothing more.
    let t = track(certified(day(2024, 3, 1), day(2026, 3, 3)), &calls);
    assert_eq!(found_for(&m, &t, day(2027, 3, 3), RuleId::MobileCertReview), Some(Severity::DueSoon));
    assert_eq!(found_for(&m, &t, day(2027, 3, 4), RuleId::MobileCertReview), Some(Severity::Overdue));
    let f = findings(std::slice::from_ref(&m), std::slice::from_ref(&t), day(2027, 3, 4), &Settings::default());
    assert!(!f.iter().any(|f| f.zh.contains("台账起始")), "{f:?}");
}

/// A review logged after the records start moves the clock; one dated before them does not
/// (the reviews between are unknown). The records here begin on 29 February 2024: twelve
/// months later is 28 February 2025 (month ends clamp).
#[test]
fn the_certificate_review_from_a_leap_day_start_and_reviews_on_either_side() {
    let m = member().as_recorded_from(day(2024, 2, 29));
    let calls: Vec<(LogKind, NaiveDate)> = (1..=12).map(|mo| (LogKind::Contact, day(2024, mo, 2))).collect();
    let mut logs = calls.clone();
    logs.push((LogKind::Review, day(2023, 5, 1)));
    let t = track(certified(day(2022, 3, 1), day(2022, 3, 3)), &logs);
    assert_eq!(found_for(&m, &t, day(2025, 2, 28), RuleId::MobileCertReview), Some(Severity::DueSoon));
    assert_eq!(found_for(&m, &t, day(2025, 3, 1), RuleId::MobileCertReview), Some(Severity::Overdue));
    logs.push((LogKind::Review, day(2024, 6, 30)));
    let t = track(certified(day(2022, 3, 1), day(2022, 3, 3)), &logs);
    assert_eq!(found_for(&m, &t, day(2025, 3, 1), RuleId::MobileCertReview), None, "reviewed on 30 June");
    assert_eq!(found_for(&m, &t, day(2025, 7, 1), RuleId::MobileCertReview), Some(Severity::Overdue));
}

/// A member entered in the middle of a year with no 转入日期 is known from the day of entry (as
/// recorded): the certificate's twelve months count from there; an archived member raises
/// nothing from the archive day.
#[test]
fn the_certificate_review_of_a_member_entered_mid_year_and_of_an_archived_one() {
    let mut m = member();
    m.entered_on = Some(day(2026, 7, 15));
    let m = m.as_recorded_from(day(2026, 1, 1));
    let calls: Vec<(LogKind, NaiveDate)> = (7..=12).map(|mo| (LogKind::Contact, day(2026, mo, 16))).collect();
    let t = track(certified(day(2024, 3, 1), day(2024, 3, 3)), &calls);
    assert_eq!(found_for(&m, &t, day(2027, 7, 15), RuleId::MobileCertReview), Some(Severity::DueSoon));
    assert_eq!(found_for(&m, &t, day(2027, 7, 16), RuleId::MobileCertReview), Some(Severity::Overdue));
    let mut gone = m.clone();
    gone.archive = Some(Archive { reason: ArchiveReason::TransferredOut, date: day(2027, 7, 16), note: String::new() });
    let gone = [gone];
    let mut on_the_day = findings(&gone, std::slice::from_ref(&t), day(2027, 7, 16), &Settings::default());
    drop_archived(&mut on_the_day, &gone, day(2027, 7, 16));
    assert!(on_the_day.is_empty(), "{on_the_day:?}");
}

/// Through the service: the 流动 list's certificate column reads the same clock as the finding
/// (`Track::review_due`), so it does not say 待年审 where the dashboard says nothing.
#[test]
fn the_service_counts_the_certificate_review_from_the_records_start_in_the_list_too() {
    use zhibu::service::{Record, Service};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("branch.db");
    let mut s = Service::open(&path, day(2026, 3, 1)).unwrap();
    let v = s.version(Record::Settings).unwrap();
    s.save_settings(Settings { records_from: Some(day(2026, 1, 1)), ..Settings::default() }, v).unwrap();
    let id = s.create_member(&MemberDraft { joined_on: Some(day(2013, 1, 1)), ..member().draft }).unwrap();
    s.save_outflow(None, &OutflowDraft { member_id: id, ..certified(day(2024, 3, 1), day(2024, 3, 3)) }).unwrap();
    let reviews =
        |s: &Service| s.overdue().unwrap().findings.iter().filter(|f| f.rule == RuleId::MobileCertReview).count();
    assert_eq!(reviews(&s), 0);
    assert_eq!(s.mobile_rows(false).unwrap()[0].track.review_due(), Some(day(2027, 1, 1)));
    drop(s);
    let s = Service::open(&path, day(2027, 1, 2)).unwrap();
    assert_eq!(reviews(&s), 1);
}

fn certified(departed: NaiveDate, issued: NaiveDate) -> OutflowDraft {
    OutflowDraft { cert_no: "LD-001".into(), cert_issued_on: Some(issued), ..outflow(departed) }
}
