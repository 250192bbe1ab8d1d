//! Pledges, service records, pairings, posts and care (schema 5) through the service on temp
//! files: round trips in Chinese, the change log, closing a pledge, archiving instead of
//! deleting, bad input refused beside its field, CHECK constraints, and the reports on the
//! committed-sample generator.

mod common;

use std::path::PathBuf;
use std::process::Command;

use chrono::NaiveDate;
use rusqlite::Connection;
use serde_json::Value;
use tempfile::TempDir;
use zhibu::domain::member::{Archive, ArchiveReason, Gender, MemberDraft, MemberStatus, UnitCategory};
use zhibu::domain::pledge::{
    Archivable, CareDraft, CareReason, MassEvaluation, PairingDraft, PledgeCategory, PledgeDraft, PledgeStatus,
    PostDraft, ServiceDraft, ServiceKind, ServiceProfile, ServiceTime, field,
};
use zhibu::domain::rules::RuleId;
use zhibu::domain::settings::{Settings, UnitType};
use zhibu::service::pledges::PledgeMark;
use zhibu::service::{Service, ServiceError};

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn today() -> NaiveDate {
    day(2026, 11, 28)
}

/// A full member in the branch since 2012 (a transfer-in date, so that the member counts from
/// then and not from the day of entry).
fn member_draft(name: &str) -> MemberDraft {
    MemberDraft {
        name: name.into(),
        gender: Gender::Female,
        birth_date: day(1985, 3, 8),
        ethnicity: "汉族".into(),
        phone: Default::default(),
        work_unit: "社区居委会".into(),
        unit_category: UnitCategory::Other,
        group_id: None,
        status: MemberStatus::Full,
        admission_date: day(2010, 7, 1),
        conversion_date: Some(day(2011, 7, 1)),
        joined_on: Some(day(2012, 1, 1)),
        exemption: None,
        cadre_level: None,
        probation_extension_months: 0,
        posts: vec![],
        notes: String::new(),
    }
}

fn pledge_draft(member: i64) -> PledgeDraft {
    PledgeDraft {
        member_id: member,
        year: 2026,
        content: "为独居老人修缮门窗“暖冬行动”".into(),
        category: PledgeCategory::Help,
        beneficiary: "李大娘".into(),
        pledged_on: day(2026, 3, 1),
        target_date: day(2026, 12, 20),
        status: PledgeStatus::Pledged,
        progress: String::new(),
        fulfilled_on: None,
        verified_on: None,
        evaluation: None,
        eval_year: 2026,
    }
}

/// A new file with two members (the second archived in August).
fn setup() -> (TempDir, PathBuf, Service, i64, i64) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("branch.db");
    let mut s = Service::open(&path, today()).unwrap();
    let v = s.version(zhibu::service::Record::Settings).unwrap();
    s.save_settings(
        Settings { unit_type: UnitType::Community, records_from: Some(day(2026, 1, 1)), ..Settings::default() },
        v,
    )
    .unwrap();
    let a = s.create_member(&member_draft("王秀英")).unwrap();
    let b = s.create_member(&member_draft("阿依古丽·买买提")).unwrap();
    s.archive_member(b, &Archive { reason: ArchiveReason::TransferredOut, date: day(2026, 8, 1), note: String::new() })
        .unwrap();
    (dir, path, s, a, b)
}

fn invalid_fields(r: Result<impl std::fmt::Debug, ServiceError>) -> Vec<&'static str> {
    match r {
        Err(ServiceError::Invalid(e)) => e.iter().map(|e| e.field).collect(),
        other => panic!("expected field errors, got {other:?}"),
    }
}

fn actions(path: &std::path::Path, table: &str) -> Vec<String> {
    let c = Connection::open(path).unwrap();
    let mut st = c.prepare("SELECT action FROM change_log WHERE tbl = ?1 ORDER BY id").unwrap();
    st.query_map([table], |r| r.get(0)).unwrap().collect::<Result<_, _>>().unwrap()
}

#[test]
fn a_pledge_is_closed_evaluated_and_logged_and_survives_reopening() {
    let (_dir, path, mut s, a, _) = setup();
    let (id, n) = s.save_pledge(None, &pledge_draft(a)).unwrap();
    assert_eq!(n, 1);
    s.fulfil_pledge(id).unwrap();
    s.evaluate_pledge(id, MassEvaluation::BasicallySatisfied).unwrap();
    drop(s);
    let s = Service::open(&path, today()).unwrap();
    let p = s.pledge(id).unwrap();
    assert_eq!(p.draft.content, "为独居老人修缮门窗“暖冬行动”");
    assert_eq!(p.draft.status, PledgeStatus::Fulfilled);
    assert_eq!(p.draft.fulfilled_on, Some(today()));
    assert_eq!(p.draft.verified_on, Some(today()));
    assert_eq!(p.draft.evaluation, Some(MassEvaluation::BasicallySatisfied));
    assert_eq!(actions(&path, "pledge"), ["insert", "update", "update"]);
    // Closing a closed pledge again is refused, and changes nothing.
    let mut s = s;
    assert_eq!(invalid_fields(s.fulfil_pledge(id)), vec![field::STATUS]);
    assert_eq!(actions(&path, "pledge").len(), 3);
}

#[test]
fn a_withdrawn_pledge_is_kept_and_a_third_pledge_is_counted() {
    let (_dir, _path, mut s, a, _) = setup();
    let (first, _) = s.save_pledge(None, &pledge_draft(a)).unwrap();
    s.save_pledge(None, &pledge_draft(a)).unwrap();
    let (_, n) = s.save_pledge(None, &pledge_draft(a)).unwrap();
    assert_eq!(n, 3, "a third pledge is saved and reported to the caller");
    s.withdraw_pledge(first).unwrap();
    let ov = s.pledges_year(2026).unwrap();
    assert_eq!(ov.rows.iter().filter(|r| r.pledge.is_some()).count(), 3);
    assert_eq!(ov.counts().0, 2);
    assert_eq!(s.pledge(first).unwrap().draft.status, PledgeStatus::Withdrawn);
}

/// Withdrawing is for a pledge not carried out: a closed one (fulfilled, evaluated) is refused
/// and keeps everything recorded, as is a second withdrawal; nothing is written.
#[test]
fn a_closed_or_withdrawn_pledge_is_not_withdrawn_and_keeps_its_results() {
    let (_dir, path, mut s, a, _) = setup();
    let (id, _) = s.save_pledge(None, &pledge_draft(a)).unwrap();
    s.fulfil_pledge(id).unwrap();
    s.evaluate_pledge(id, MassEvaluation::Satisfied).unwrap();
    let before = s.pledge(id).unwrap().draft;
    assert_eq!(invalid_fields(s.withdraw_pledge(id)), vec![field::STATUS]);
    assert_eq!(s.pledge(id).unwrap().draft, before);
    let (open, _) = s.save_pledge(None, &pledge_draft(a)).unwrap();
    s.withdraw_pledge(open).unwrap();
    let kept = s.pledge(open).unwrap().draft;
    assert_eq!(kept, PledgeDraft { status: PledgeStatus::Withdrawn, ..pledge_draft(a) });
    let logged = actions(&path, "pledge").len();
    assert_eq!(invalid_fields(s.withdraw_pledge(open)), vec![field::STATUS]);
    assert_eq!(actions(&path, "pledge").len(), logged);
}

#[test]
fn bad_input_is_refused_beside_its_field_and_writes_nothing() {
    let (_dir, path, mut s, a, b) = setup();
    let mut p = pledge_draft(a);
    p.target_date = day(2026, 2, 1);
    assert_eq!(invalid_fields(s.save_pledge(None, &p)), vec![field::TARGET]);
    let mut p = pledge_draft(a);
    p.status = PledgeStatus::Fulfilled;
    p.fulfilled_on = Some(day(2026, 11, 29));
    assert_eq!(invalid_fields(s.save_pledge(None, &p)), vec![field::FULFILLED_ON]);
    let mut p = pledge_draft(b);
    p.pledged_on = day(2026, 9, 1);
    assert_eq!(invalid_fields(s.save_pledge(None, &p)), vec![field::MEMBER]);
    let pairing = PairingDraft {
        member_id: a,
        household: "刘家".into(),
        from: day(2026, 5, 1),
        to: Some(day(2026, 4, 30)),
        outcome: String::new(),
    };
    assert_eq!(invalid_fields(s.save_pairing(None, &pairing)), vec![field::TO]);
    let care = CareDraft {
        member_id: a,
        reason: CareReason::Hardship,
        measure: "慰问金".into(),
        date: day(2026, 1, 20),
        amount_fen: -100,
    };
    assert_eq!(invalid_fields(s.save_care(None, &care)), vec![field::AMOUNT]);
    let c = Connection::open(&path).unwrap();
    for t in ["pledge", "pairing", "care_record"] {
        let n: i64 = c.query_row(&format!("SELECT count(*) FROM {t}"), [], |r| r.get(0)).unwrap();
        assert_eq!(n, 0, "{t}");
    }
}

#[test]
fn posts_are_refused_outside_rural_and_community_branches() {
    let (_dir, _path, mut s, a, _) = setup();
    let post =
        PostDraft {
            member_id: a, name: "楼栋长".into(), duties: "联系住户".into(), from: day(2026, 1, 1), to: None
        };
    s.save_post(None, &post).unwrap();
    let v = s.version(zhibu::service::Record::Settings).unwrap();
    s.save_settings(Settings { unit_type: UnitType::GovOrgan, ..s.settings().clone() }, v).unwrap();
    assert_eq!(invalid_fields(s.save_post(None, &post)), vec![field::POST_NAME]);
}

#[test]
fn records_are_archived_not_deleted() {
    let (_dir, path, mut s, a, _) = setup();
    let r = ServiceDraft {
        member_id: a,
        date: day(2026, 11, 1),
        kind: ServiceKind::Reception,
        counterpart: "居民张某".into(),
        description: "接待来访".into(),
        time: ServiceTime::Minutes(90),
        issue: "楼道灯坏".into(),
        feedback_on: None,
    };
    let id = s.save_service(None, &r).unwrap();
    assert_eq!(s.services_year(2026).unwrap().len(), 1);
    assert!(s.overdue().unwrap().findings.iter().any(|f| f.rule == RuleId::ServiceFeedback));
    s.archive_service_item(Archivable::Service, id).unwrap();
    assert_eq!(s.services_year(2026).unwrap().len(), 0);
    assert!(!s.overdue().unwrap().findings.iter().any(|f| f.rule == RuleId::ServiceFeedback));
    assert_eq!(s.service_record(id).unwrap().archived_on, Some(today()));
    assert_eq!(actions(&path, "service_record"), ["insert", "archive"]);
}

#[test]
fn the_member_detail_reads_the_members_pledges_and_service_of_the_year() {
    let (_dir, _path, mut s, a, _) = setup();
    s.save_pledge(None, &pledge_draft(a)).unwrap();
    let mut research = ServiceDraft {
        member_id: a,
        date: day(2026, 6, 1),
        kind: ServiceKind::FieldResearch,
        counterpart: "幸福里社区".into(),
        description: "蹲点调研".into(),
        time: ServiceTime::HalfDays(3),
        issue: String::new(),
        feedback_on: None,
    };
    s.save_service(None, &research).unwrap();
    research.date = day(2025, 6, 1);
    // Last year's record is not this year's.
    s.save_service(None, &research).unwrap();
    s.set_service_profile(a, ServiceProfile { pledge_opt_out: false, hardship: true }).unwrap();
    let ms = s.member_service(a, 2026).unwrap();
    assert_eq!((ms.pledges.len(), ms.services.len()), (1, 1));
    assert!(ms.profile.hardship);
}

#[test]
fn eligible_members_without_a_pledge_are_listed() {
    let (_dir, _path, mut s, a, _) = setup();
    let ov = s.pledges_year(2026).unwrap();
    assert_eq!(ov.rows.len(), 1);
    assert_eq!((ov.rows[0].member_id, ov.rows[0].mark), (a, PledgeMark::Missing));
    // One marked 不要求承诺 stays listed as not asked (the mark is seen and can be taken back),
    // and is no longer counted as missing.
    s.set_service_profile(a, ServiceProfile { pledge_opt_out: true, hardship: false }).unwrap();
    let ov = s.pledges_year(2026).unwrap();
    assert_eq!(ov.rows.iter().map(|r| (r.member_id, r.mark)).collect::<Vec<_>>(), vec![(a, PledgeMark::NotAsked)]);
}

#[test]
fn check_constraints_refuse_what_the_forms_refuse() {
    let (_dir, path, s, a, _) = setup();
    drop(s);
    let c = Connection::open(&path).unwrap();
    let bad = [
        format!(
            "INSERT INTO pledge (member_id, year, content, category, pledged_on, target_date, status)
             VALUES ({a}, 2026, 'x', 'help', '2026-03-01', '2026-02-01', 'pledged')"
        ),
        format!(
            "INSERT INTO pledge (member_id, year, content, category, pledged_on, target_date, status)
             VALUES ({a}, 2026, 'x', 'help', '2026-03-01', '2026-04-01', 'fulfilled')"
        ),
        format!(
            "INSERT INTO care_record (member_id, reason, measure, date, amount_fen) VALUES ({a}, 'hardship', 'x', '2026-01-01', -1)"
        ),
        format!(
            "INSERT INTO service_record (member_id, date, kind, counterpart, description, minutes)
             VALUES ({a}, '2026-01-01', 'field_research', 'x', 'y', 60)"
        ),
        format!(
            "INSERT INTO pairing (member_id, household, date_from, date_to) VALUES ({a}, 'x', '2026-05-01', '2026-04-30')"
        ),
        "INSERT INTO pairing (member_id, household, date_from) VALUES (999, 'x', '2026-05-01')".to_string(),
    ];
    c.pragma_update(None, "foreign_keys", "ON").unwrap();
    for sql in bad {
        assert!(c.execute(&sql, []).is_err(), "accepted: {sql}");
    }
}

fn sample() -> (TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = common::sample_db(dir.path());
    (dir, path)
}

fn report(db: &std::path::Path, args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_zhibu"))
        .args(["--today", "2026-11-28", "report"])
        .args(args)
        .args(["--db", db.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn the_sample_shows_every_new_finding_but_the_holiday_reminder_in_november() {
    let (_dir, path) = sample();
    let s = Service::open(&path, today()).unwrap();
    let rules: Vec<RuleId> = s.overdue().unwrap().findings.iter().map(|f| f.rule).collect();
    for r in [RuleId::Pledge, RuleId::ServiceFeedback, RuleId::LeaderFieldResearch] {
        assert!(rules.contains(&r), "{r:?} missing from the sample");
    }
    // The care reminder runs in the month before 春节 (2027-02-06).
    let s = Service::open(&path, day(2027, 1, 20)).unwrap();
    assert!(s.overdue().unwrap().findings.iter().any(|f| f.rule == RuleId::MemberCare));
    let s = Service::open(&path, today()).unwrap();
    let ov = s.pledges_year(2026).unwrap();
    let marks: Vec<PledgeMark> = ov.rows.iter().map(|r| r.mark).collect();
    for m in [PledgeMark::Missing, PledgeMark::Late, PledgeMark::NotEvaluated] {
        assert!(marks.contains(&m), "{m:?}");
    }
    assert!(ov.rows.iter().any(|r| r.pledge.as_ref().is_some_and(|p| p.draft.status == PledgeStatus::Withdrawn)));
    let (n, done, evaluated) = ov.counts();
    assert!(done * 2 > n && evaluated * 2 > n, "most pledges are fulfilled and evaluated: {n} {done} {evaluated}");
    assert_eq!(
        s.links_year(2026)
            .unwrap()
            .iter()
            .filter(|l| matches!(l.link, zhibu::service::pledges::Link::Pairing(_)))
            .count(),
        2
    );
    assert!(!s.cares_year(2026).unwrap().is_empty());
}

#[test]
fn the_reports_agree_with_the_tabs_lists() {
    let (_dir, path) = sample();
    let s = Service::open(&path, today()).unwrap();
    let ov = s.pledges_year(2026).unwrap();
    let json: Value = serde_json::from_str(&report(&path, &["pledges", "--year", "2026", "--format", "json"])).unwrap();
    let rows = json["rows"].as_array().unwrap();
    assert_eq!(rows.len(), ov.rows.len());
    for (j, r) in rows.iter().zip(&ov.rows) {
        assert_eq!(j["member_id"], r.member_id);
        assert_eq!(j["pledge"]["id"].as_i64(), r.pledge.as_ref().map(|p| p.id));
    }
    let (n, done, evaluated) = ov.counts();
    assert_eq!(
        (json["pledges"].as_u64(), json["fulfilled"].as_u64(), json["evaluated"].as_u64()),
        (Some(n as u64), Some(done as u64), Some(evaluated as u64))
    );
    let table = report(&path, &["pledges"]);
    assert_eq!(table.lines().count(), ov.rows.len() + 1);
    assert!(table.starts_with("编号"));
    let csv = report(&path, &["service", "--format", "csv"]);
    assert!(csv.starts_with('\u{feff}'));
    assert_eq!(csv.lines().count(), s.services_year(2026).unwrap().len() + 1);
    let json: Value = serde_json::from_str(&report(&path, &["service", "--format", "json", "--lang", "en"])).unwrap();
    let records = json["records"].as_array().unwrap();
    assert_eq!(records.len(), s.services_year(2026).unwrap().len());
    assert!(records.iter().any(|r| r["feedback"] == "overdue"));
    assert!(report(&path, &["service", "--lang", "en"]).starts_with("date"));
}

/// Seed B8 ties a year's pledges to its 民主评议: the round a pledge is assessed in is stored
/// (its own year or the next, nothing else), and the facts beside the grade count the pledges
/// of that round, not of the calendar year alone.
#[test]
fn a_pledge_is_assessed_in_its_years_round_or_the_next() {
    let (_dir, _path, mut s, a, _) = setup();
    let this = s.save_pledge(None, &pledge_draft(a)).unwrap().0;
    let next = PledgeDraft { eval_year: 2027, content: "年底为社区老人送温暖".into(), ..pledge_draft(a) };
    let next = s.save_pledge(None, &next).unwrap().0;
    assert_eq!(s.pledge(next).unwrap().draft.eval_year, 2027);
    for bad in [2025, 2028] {
        let d = PledgeDraft { eval_year: bad, ..pledge_draft(a) };
        assert_eq!(invalid_fields(s.save_pledge(Some(this), &d)), vec![field::EVAL_YEAR], "{bad}");
    }
    let count = |s: &Service, year| s.member_facts(a, year).unwrap().pledges.map(|p| p.pledges);
    assert_eq!(count(&s, 2026), Some(1), "the 2026 round: the pledge assessed in it");
    assert_eq!(count(&s, 2027), Some(1), "the 2027 round: the pledge carried to it");
    // Both are 2026 pledges on the 承诺 tab.
    assert_eq!(s.pledges_year(2026).unwrap().rows.iter().filter(|r| r.pledge.is_some()).count(), 2);
}

/// A withdrawn pledge (已撤销) is no pledge: the facts beside the grade do not count it among
/// the member's pledges, and name it apart.
#[test]
fn the_facts_do_not_count_a_withdrawn_pledge() {
    let (_dir, _path, mut s, a, _) = setup();
    let kept = s.save_pledge(None, &pledge_draft(a)).unwrap().0;
    let gone = PledgeDraft { content: "组织楼道大扫除".into(), ..pledge_draft(a) };
    let gone = s.save_pledge(None, &gone).unwrap().0;
    s.withdraw_pledge(gone).unwrap();
    assert_eq!(s.pledge(kept).unwrap().draft.status, PledgeStatus::Pledged);
    let p = s.member_facts(a, 2026).unwrap().pledges.expect("the file records pledges");
    assert_eq!((p.pledges, p.withdrawn), (1, 1), "one standing pledge, one withdrawn");
    // Only withdrawn: none counted, one named apart.
    s.withdraw_pledge(kept).unwrap();
    let p = s.member_facts(a, 2026).unwrap().pledges.unwrap();
    assert_eq!((p.pledges, p.fulfilled, p.withdrawn), (0, 0, 2));
}

/// A file of the schema before the 评议年度 opens with every pledge assessed in its own year,
/// and the database refuses a round more than a year after the pledge.
#[test]
fn older_pledges_are_assessed_in_their_own_year() {
    // The schema step before `014_pledge_eval_year.sql`.
    const BEFORE: i64 = 13;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.db");
    {
        let conn = Connection::open(&path).unwrap();
        zhibu::store::migrations::migrate_to(&conn, BEFORE).unwrap();
        conn.execute(
            "INSERT INTO member (number, name, gender, birth_date, ethnicity, unit_category, status, admission_date, conversion_date)
             VALUES ('0001', '张三', 'male', '1980-01-01', '汉族', 'other', 'full', '2010-07-01', '2011-07-01')",
            [],
        )
        .unwrap();
        conn.execute(
            "INSERT INTO pledge (member_id, year, content, category, pledged_on, target_date, status)
             VALUES (1, 2025, '修缮门窗', 'help', '2025-03-01', '2025-06-30', 'pledged')",
            [],
        )
        .unwrap();
    }
    let s = Service::open(&path, today()).unwrap();
    let p = s.pledges_year(2025).unwrap().rows.into_iter().find_map(|r| r.pledge).unwrap();
    assert_eq!(p.draft.eval_year, 2025);
    drop(s);
    let c = Connection::open(&path).unwrap();
    assert!(c.execute("UPDATE pledge SET eval_year = 2026", []).is_ok());
    assert!(c.execute("UPDATE pledge SET eval_year = 2027", []).is_err());
    assert!(c.execute("UPDATE pledge SET eval_year = 2024", []).is_err());
}

/// An evaluation joins the undo step of the fulfilment only while that is still the newest:
/// after another save it is its own step.
#[test]
fn an_evaluation_joins_the_fulfilments_undo_step_only_while_it_is_the_newest() {
    use zhibu::domain::lang::Lang;
    let (_dir, _path, mut s, a, _) = setup();
    let (id, _) = s.save_pledge(None, &pledge_draft(a)).unwrap();
    s.fulfil_pledge(id).unwrap();
    let step = s.newest_step().unwrap();
    s.in_step(step, |s| s.evaluate_pledge(id, MassEvaluation::Satisfied)).unwrap();
    let undo = s.undo_preview(Lang::En).unwrap().unwrap();
    assert!(undo.text.contains("status"), "{}", undo.text);
    s.undo(&undo).unwrap();
    assert_eq!(s.pledge(id).unwrap().draft.status, PledgeStatus::Pledged);
    s.fulfil_pledge(id).unwrap();
    let step = s.newest_step().unwrap();
    s.save_pledge(None, &pledge_draft(a)).unwrap();
    s.in_step(step, |s| s.evaluate_pledge(id, MassEvaluation::Satisfied)).unwrap();
    let undo = s.undo_preview(Lang::En).unwrap().unwrap();
    assert!(undo.text.contains("evaluation") && !undo.text.contains("status"), "{}", undo.text);
}
