//! Older members and the 光荣在党50年 note through the service and a real file: the loosened
//! conversion CHECK (schema 5), the per-year report note (schema 6), the demo branch's elders.

mod common;

use chrono::NaiveDate;
use rusqlite::Connection;
use zhibu::domain::honours::HonoursReport;
use zhibu::domain::member::{Gender, MemberDraft, MemberStatus, UnitCategory};
use zhibu::domain::rules::RuleId;
use zhibu::service::{Service, ServiceError};
use zhibu::store::migrations;

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// Admitted 1975-03-01 with no probation: the 入党志愿书 gives one date for both.
fn elder(name: &str) -> MemberDraft {
    MemberDraft {
        name: name.into(),
        gender: Gender::Female,
        birth_date: day(1950, 4, 2),
        ethnicity: "汉族".into(),
        phone: Default::default(),
        work_unit: "退休".into(),
        unit_category: UnitCategory::Other,
        group_id: None,
        status: MemberStatus::Full,
        admission_date: day(1975, 3, 1),
        conversion_date: Some(day(1975, 3, 1)),
        probation_extension_months: 0,
        joined_on: None,
        exemption: None,
        cadre_level: None,
        posts: vec![],
        notes: String::new(),
    }
}

#[test]
fn a_file_of_schema_4_takes_a_conversion_on_the_admission_day_in_the_same_session() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.db");
    {
        let conn = Connection::open(&path).unwrap();
        migrations::migrate_to(&conn, 4).unwrap();
    }
    // A second program opened the old file before this one migrates it.
    let other = Connection::open(&path).unwrap();
    let _: i64 = other.query_row("SELECT count(*) FROM member", [], |r| r.get(0)).unwrap();

    let mut svc = Service::open(&path, common::today()).unwrap();
    let id = svc.create_member(&elder("刘玉珍")).unwrap();
    assert_eq!(svc.member(id).unwrap().draft.conversion_date, Some(day(1975, 3, 1)));
    // The other connection re-reads the schema too.
    other
        .execute(
            "INSERT INTO member (number, name, gender, birth_date, ethnicity, unit_category, status, admission_date, conversion_date)
             VALUES ('9001', '王秀兰', 'female', '1950-01-01', '汉族', 'other', 'full', '1972-06-15', '1972-06-15')",
            [],
        )
        .unwrap();
    // A conversion before the admission is still refused by the database itself.
    let err = other.execute(
        "INSERT INTO member (number, name, gender, birth_date, ethnicity, unit_category, status, admission_date, conversion_date)
         VALUES ('9002', '李桂芳', 'female', '1950-01-01', '汉族', 'other', 'full', '1972-06-15', '1972-06-14')",
        [],
    );
    assert!(err.is_err());
    drop(svc);
    let svc = Service::open(&path, common::today()).unwrap();
    assert_eq!(svc.members().unwrap().len(), 2);
    let ok: String = other.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
    assert_eq!(ok, "ok");
}

#[test]
fn the_service_refuses_what_no_era_allowed() {
    let mut svc = Service::in_memory(common::today()).unwrap();
    let mut m = elder("刘玉珍");
    m.admission_date = day(1921, 6, 30);
    m.birth_date = day(1900, 1, 1);
    m.conversion_date = Some(day(1921, 6, 30));
    assert!(matches!(svc.create_member(&m), Err(ServiceError::Invalid(_))));
    let mut m = elder("刘玉珍");
    m.status = MemberStatus::Probationary;
    m.conversion_date = None;
    let Err(ServiceError::Invalid(errs)) = svc.create_member(&m) else { panic!("a probationary member of 1975") };
    assert_eq!(errs[0].field, "status");
    assert_eq!(svc.member_count().unwrap(), 0);
}

#[test]
fn the_report_note_is_kept_per_year_logged_and_ends_the_reminder() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("b.db");
    let may = day(2026, 5, 10);
    let mut svc = Service::open(&path, may).unwrap();
    let mut m = elder("赵立本");
    m.admission_date = day(1976, 5, 1);
    m.conversion_date = Some(day(1976, 5, 1));
    let id = svc.create_member(&m).unwrap();

    let list = svc.honours(2026).unwrap();
    assert_eq!(list.rows.iter().map(|r| r.member_id).collect::<Vec<_>>(), vec![id]);
    assert_eq!(list.rows[0].standing_from, day(1976, 5, 1));
    assert!(list.report.is_none());
    assert!(svc.overdue().unwrap().findings.iter().any(|f| f.rule == RuleId::Honours));

    // A date after today is refused, and nothing is written.
    let bad = HonoursReport { year: 2026, reported_on: day(2026, 5, 11), note: String::new() };
    assert!(matches!(svc.save_honours_report(&bad), Err(ServiceError::Invalid(_))));
    assert!(svc.honours(2026).unwrap().report.is_none());

    let r = HonoursReport { year: 2026, reported_on: day(2026, 5, 8), note: " 报街道党工委 ".into() };
    svc.save_honours_report(&r).unwrap();
    assert!(!svc.overdue().unwrap().findings.iter().any(|f| f.rule == RuleId::Honours));
    let r2 = HonoursReport { reported_on: day(2026, 5, 9), ..r.clone() };
    svc.save_honours_report(&r2).unwrap();
    drop(svc);

    let mut svc = Service::open(&path, may).unwrap();
    let got = svc.honours(2026).unwrap().report.unwrap();
    assert_eq!((got.reported_on, got.note.as_str()), (day(2026, 5, 9), "报街道党工委"));
    svc.delete_honours_report(2026).unwrap();
    assert!(svc.overdue().unwrap().findings.iter().any(|f| f.rule == RuleId::Honours));
    let log: Vec<String> = svc.history("honours_report", 2026).unwrap().into_iter().map(|c| c.action).collect();
    assert_eq!(log, ["insert", "update", "delete"]);
}

#[test]
fn the_demo_branch_has_three_elders_and_a_name_on_the_2026_list() {
    let dir = tempfile::tempdir().unwrap();
    let path = common::sample_db(dir.path());
    let svc = Service::open(&path, common::today()).unwrap();
    let members = svc.members().unwrap();
    assert_eq!(members.len() as u32, zhibu::cli::sample::DEFAULT_MEMBERS);
    let admitted: Vec<NaiveDate> = members.iter().map(|m| m.draft.admission_date).collect();
    for d in [day(1958, 10, 1), day(1972, 6, 15), day(1976, 5, 1)] {
        assert!(admitted.contains(&d), "{d}");
    }
    let names: Vec<String> = svc.honours(2026).unwrap().rows.into_iter().map(|r| r.name).collect();
    assert!(names.contains(&"赵立本".to_string()), "{names:?}");
}
