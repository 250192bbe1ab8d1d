//! Issue 12, members away (seed C) through the service on temp files: outflows and logs round
//! trip in Chinese with the change log, bad input is refused beside its field with nothing
//! saved, and an absence changes the rosters, the study target and the six-month rule.

mod common;

use std::process::Command;

use chrono::NaiveDate;
use ratatui::crossterm::event::KeyCode;
use rusqlite::Connection;
use serde_json::Value;
use tempfile::TempDir;
use zhibu::domain::lang::Lang;
use zhibu::domain::meeting::{Attendance, MeetingKind};
use zhibu::domain::member::{Gender, MemberDraft, MemberStatus, UnitCategory};
use zhibu::domain::mobile::{LogDraft, LogKind, MobileStatus, OutflowDraft, field};
use zhibu::domain::rules::{RuleId, Subject};
use zhibu::domain::settings::Settings;
use zhibu::domain::study::Standing;
use zhibu::service::{Record, Service, ServiceError};
use zhibu::tui::app::Overlay;

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn today() -> NaiveDate {
    common::today()
}

fn member_draft(name: &str) -> MemberDraft {
    MemberDraft {
        name: name.into(),
        gender: Gender::Male,
        birth_date: day(1988, 4, 2),
        ethnicity: "汉族".into(),
        phone: Default::default(),
        work_unit: "个体".into(),
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

fn setup() -> (TempDir, std::path::PathBuf, Service, i64) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("branch.db");
    let mut s = Service::open(&path, today()).unwrap();
    let v = s.version(Record::Settings).unwrap();
    s.save_settings(Settings { records_from: Some(day(2025, 1, 1)), ..Settings::default() }, v).unwrap();
    let id = s.create_member(&member_draft("李建国")).unwrap();
    (dir, path, s, id)
}

fn away(member: i64, from: NaiveDate) -> OutflowDraft {
    OutflowDraft {
        status: MobileStatus::Away,
        reason: "外出务工".into(),
        place: "广东省深圳市".into(),
        employer: "华强电子厂".into(),
        contact: "13900001111".into(),
        talk_on: Some(from),
        ..OutflowDraft::new(member, from)
    }
}

fn invalid_fields(r: Result<impl std::fmt::Debug, ServiceError>) -> Vec<&'static str> {
    match r {
        Err(ServiceError::Invalid(e)) => e.iter().map(|e| e.field).collect(),
        other => panic!("expected field errors, got {other:?}"),
    }
}

fn rows(path: &std::path::Path, table: &str) -> i64 {
    Connection::open(path).unwrap().query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0)).unwrap()
}

#[test]
fn an_outflow_and_its_log_round_trip_with_the_change_log() {
    let (_dir, path, mut s, id) = setup();
    let mut d = away(id, day(2026, 3, 1));
    d.cert_no = "粤流字0012".into();
    d.cert_issued_on = Some(day(2026, 2, 27));
    d.cert_stamped = true;
    let o = s.save_outflow(None, &d).unwrap();
    let log = LogDraft {
        outflow_id: o,
        kind: LogKind::Report,
        date: day(2026, 6, 30),
        channel: "微信".into(),
        content: "参加流入地党支部主题党日".into(),
    };
    s.add_mobile_log(&log).unwrap();
    drop(s);
    let s = Service::open(&path, today()).unwrap();
    let (back, _, logs) = s.outflow(o).unwrap();
    assert_eq!(back.draft, d);
    assert_eq!(logs.len(), 1);
    assert_eq!(logs[0].draft, log);
    assert_eq!(s.history("mobile_outflow", o).unwrap().len(), 1);
    let rows = s.mobile_rows(false).unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!((rows[0].months_away, rows[0].track.last_report), (8, Some(day(2026, 6, 30))));
    assert_eq!(rows[0].name, "李建国");
    let _ = path;
}

#[test]
fn bad_input_is_refused_beside_its_field_and_nothing_is_saved() {
    let (_dir, path, mut s, id) = setup();
    let other = s.create_member(&member_draft("王芳")).unwrap();
    let mut first = away(id, day(2026, 3, 1));
    first.cert_no = "A-1".into();
    first.cert_issued_on = Some(day(2026, 3, 1));
    let o = s.save_outflow(None, &first).unwrap();
    let before = (rows(&path, "mobile_outflow"), rows(&path, "mobile_log"), rows(&path, "change_log"));

    // A return before departure.
    let mut back = first.clone();
    back.status = MobileStatus::Returned;
    back.returned_on = Some(day(2026, 2, 28));
    let v = s.version(Record::Outflow(o)).unwrap();
    assert_eq!(invalid_fields(s.save_outflow(Some((o, v)), &back)), [field::RETURNED]);
    // Overlapping outflows for one member.
    assert_eq!(invalid_fields(s.save_outflow(None, &away(id, day(2026, 6, 1)))), [field::DEPARTED]);
    // A certificate number used twice.
    let mut twice = away(other, day(2026, 5, 1));
    twice.cert_no = "A-1".into();
    twice.cert_issued_on = Some(day(2026, 5, 1));
    assert_eq!(invalid_fields(s.save_outflow(None, &twice)), [field::CERT_NO]);
    // A review before issue.
    let review = LogDraft {
        outflow_id: o,
        kind: LogKind::Review,
        date: day(2026, 2, 1),
        channel: String::new(),
        content: String::new(),
    };
    assert_eq!(invalid_fields(s.add_mobile_log(&review)), [field::LOG_DATE]);
    assert_eq!(before, (rows(&path, "mobile_outflow"), rows(&path, "mobile_log"), rows(&path, "change_log")));
}

#[test]
fn a_form_opened_before_another_window_saved_is_refused_as_a_conflict() {
    let (_dir, path, mut s, id) = setup();
    let o = s.save_outflow(None, &away(id, day(2026, 3, 1))).unwrap();
    let seen = s.version(Record::Outflow(o)).unwrap();
    let mut other = Service::open(&path, today()).unwrap();
    let mut d = away(id, day(2026, 3, 1));
    d.place = "浙江省杭州市".into();
    other.save_outflow(Some((o, seen)), &d).unwrap();
    d.place = "江苏省苏州市".into();
    assert!(matches!(s.save_outflow(Some((o, seen)), &d), Err(ServiceError::Conflict(_))));
}

#[test]
fn a_member_away_is_pre_marked_away_on_rosters_of_the_absence_only() {
    let (_dir, _path, mut s, id) = setup();
    let mut d = away(id, day(2026, 3, 1));
    d.status = MobileStatus::Returned;
    d.returned_on = Some(day(2026, 9, 1));
    s.save_outflow(None, &d).unwrap();
    let on = |date| {
        s.expected(&[MeetingKind::GeneralMeeting], None, date).unwrap().into_iter().find(|e| e.member_id == id).unwrap()
    };
    for date in [day(2026, 3, 1), day(2026, 8, 31)] {
        let e = on(date);
        assert_eq!((e.status, e.reason.as_str()), (Attendance::AwayMobile, "广东省深圳市"), "{date}");
    }
    for date in [day(2026, 2, 28), day(2026, 9, 1)] {
        assert_eq!(on(date).status, Attendance::Present, "{date}");
    }
}

#[test]
fn whole_months_away_come_off_the_study_target() {
    let (_dir, _path, mut s, id) = setup();
    let target = |s: &Service| {
        s.study_year(2026).unwrap().rows.into_iter().find(|r| r.member_id == id).unwrap().status.target_min.unwrap()
    };
    let full = target(&s);
    assert_eq!(full, 6 * 8 * 60, "6 days under seed2006 for 其他");
    // Away 2026-03-15 to 2026-09-30 (back on 10-01): April to September are whole months away.
    let mut d = away(id, day(2026, 3, 15));
    d.status = MobileStatus::Returned;
    d.returned_on = Some(day(2026, 10, 1));
    s.save_outflow(None, &d).unwrap();
    assert_eq!(target(&s), 3 * 8 * 60, "six months of twelve: half the target");
    let st = s.study_year(2026).unwrap().rows.into_iter().find(|r| r.member_id == id).unwrap().status;
    assert_ne!(st.standing, Standing::Exempt, "away is not exempt: the rest of the year still counts");
}

/// Away every month of the year: the target is 0, and that reads 外出, not 已达标, on the tab
/// and in the study report (CSV and JSON); the figures are the same as before.
#[test]
fn a_member_away_all_year_reads_away_not_met() {
    let (_dir, path, mut s, id) = setup();
    // Left in December 2025, still away on 2026-11-28.
    let oid = s.save_outflow(None, &away(id, day(2025, 12, 1))).unwrap();
    let row = |s: &Service| s.study_year(2026).unwrap().rows.into_iter().find(|r| r.member_id == id).unwrap();
    let st = row(&s).status;
    assert_eq!((st.target_min, st.shortfall_min, st.expected_min), (Some(0), 0, 0), "the numbers stay");
    assert_eq!(st.standing, Standing::Away);
    assert_eq!(st.standing.label(Lang::Zh), "外出");
    // Not among the 落后 either, and no study finding for 2026.
    assert!(!s.overdue().unwrap().findings.iter().any(|f| f.rule == RuleId::StudyHours
        && f.subject == Subject::Member(id)
        && f.period.is_some_and(|p| p.end == day(2026, 12, 31))));
    let run = |args: &[&str]| {
        let out = Command::new(env!("CARGO_BIN_EXE_zhibu"))
            .args(["--today", "2026-11-28", "report", "study"])
            .args(args)
            .args(["--db", path.to_str().unwrap()])
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap()
    };
    let csv = run(&["--format", "csv"]);
    let line = csv.lines().find(|l| l.contains("李建国")).unwrap();
    assert!(line.ends_with(",外出"), "{line}");
    assert!(!line.contains("已达标"), "{line}");
    let json: Value = serde_json::from_str(&run(&["--format", "json"])).unwrap();
    let r = json["rows"].as_array().unwrap().iter().find(|r| r["member_id"] == id).unwrap().clone();
    assert_eq!((r["standing"].as_str(), r["target_min"].as_i64()), (Some("away"), Some(0)), "{r}");
    // Back on 2026-11-01: November counts again, the target is no longer 0 and the state is
    // the usual one.
    let (o, v, _) = s.outflow(oid).unwrap();
    let mut back = o.draft.clone();
    back.status = MobileStatus::Returned;
    back.returned_on = Some(day(2026, 11, 1));
    s.save_outflow(Some((oid, v)), &back).unwrap();
    let st = row(&s).status;
    assert!(st.target_min.unwrap() > 0);
    assert_ne!(st.standing, Standing::Away);
}

/// B2's "有条件的党员": a member away today (外出中, 已在流入地报到 or 失联) is neither flagged
/// for having no pledge nor listed as missing one on the 承诺 tab; back home, the pledge is
/// asked again unless the absence covered more than half of the year.
#[test]
fn a_member_away_is_not_asked_for_the_pledge() {
    let (_dir, _path, mut s, first) = setup();
    let asked =
        |s: &Service, id: i64| {
            let flagged =
                s.overdue().unwrap().findings.iter().any(|f| {
                    f.rule == RuleId::Pledge && f.subject == Subject::Member(id) && f.zh.contains("尚未公开承诺")
                });
            let listed = s.pledges_year(2026).unwrap().rows.iter().any(|r| r.member_id == id && r.pledge.is_none());
            assert_eq!(flagged, listed, "the tab and the finding agree");
            flagged
        };
    assert!(asked(&s, first), "at home, with no pledge by 03-31");
    for (status, name) in
        [(MobileStatus::Away, "王外出"), (MobileStatus::Registered, "王报到"), (MobileStatus::LostContact, "王失联")]
    {
        let id = s.create_member(&member_draft(name)).unwrap();
        assert!(asked(&s, id), "{status:?}, before leaving");
        let d = OutflowDraft { status, ..away(id, day(2026, 10, 1)) };
        let oid = s.save_outflow(None, &d).unwrap();
        assert!(!asked(&s, id), "{status:?}");
        // Back on 11-20 after seven weeks: asked again.
        let (o, v, _) = s.outflow(oid).unwrap();
        let back = OutflowDraft { status: MobileStatus::Returned, returned_on: Some(day(2026, 11, 20)), ..o.draft };
        s.save_outflow(Some((oid, v)), &back).unwrap();
        assert!(asked(&s, id), "{status:?}, back");
    }
}

#[test]
fn a_probationary_member_away_still_has_the_conversion_due_with_a_note() {
    let (_dir, _path, mut s, _) = setup();
    let mut p = member_draft("赵小兵");
    p.status = MemberStatus::Probationary;
    p.admission_date = day(2025, 11, 1);
    p.conversion_date = None;
    p.joined_on = None;
    let id = s.create_member(&p).unwrap();
    s.save_outflow(None, &away(id, day(2026, 6, 1))).unwrap();
    let f = s.overdue().unwrap().findings;
    let end = f
        .iter()
        .find(|f| {
            f.rule == zhibu::domain::rules::RuleId::ProbationEnd
                && f.subject == zhibu::domain::rules::Subject::Member(id)
        })
        .expect("conversion still due");
    assert!(end.zh.contains("外出中"), "{}", end.zh);
}

fn report(db: &std::path::Path, args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_zhibu"))
        .args(["--today", "2026-11-28", "report", "mobile"])
        .args(args)
        .args(["--db", db.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn the_sample_has_the_four_members_of_the_issue_and_the_report_lists_them() {
    let dir = tempfile::tempdir().unwrap();
    let path = common::sample_db(dir.path());
    let s = Service::open(&path, today()).unwrap();
    let rows = s.mobile_rows(true).unwrap();
    assert_eq!(rows.len(), 4);
    let f = s.overdue().unwrap().findings;
    let has = |id: i64, rule: RuleId| f.iter().any(|x| x.subject == Subject::Member(id) && x.rule == rule);
    let (ok, review, silent, back) = (&rows[0], &rows[1], &rows[2], &rows[3]);
    let mobile_rules = zhibu::domain::mobile_rules::RULES;
    assert!(ok.track.report_years.contains(&2026));
    assert!(
        !f.iter().any(|x| x.subject == Subject::Member(ok.member_id)
            && (mobile_rules.contains(&x.rule) || x.rule == RuleId::OrgLifeLapse)),
        "in contact and reporting: nothing about the absence, no six-month reminder"
    );
    assert!(has(silent.member_id, RuleId::LostContact) && !has(silent.member_id, RuleId::MobileContact));
    assert!(has(review.member_id, RuleId::MobileCertReview));
    assert!(has(silent.member_id, RuleId::LostContact) && silent.lost);
    assert_eq!(back.track.outflow.draft.status, MobileStatus::Returned);
    assert!(back.track.outflow.draft.returned_on.is_some_and(|d| d.format("%Y").to_string() == "2026"));
    // Their rosters found them 外出 while away.
    let m = s.meetings_in_year(2026).unwrap();
    let held = m.iter().find(|i| i.summary.date == day(2026, 9, 15)).expect("the September theme day");
    let meeting = s.meeting(held.summary.id).unwrap();
    let away = meeting.draft.attendance.iter().find(|a| a.member_id == ok.member_id).unwrap();
    assert_eq!(away.status, Attendance::AwayMobile);

    let json: Value = serde_json::from_str(&report(&path, &["--year", "2026", "--format", "json"])).unwrap();
    let listed: Vec<i64> = json["rows"].as_array().unwrap().iter().map(|r| r["member_id"].as_i64().unwrap()).collect();
    let mut ids: Vec<i64> = rows.iter().map(|r| r.member_id).collect();
    ids.sort();
    let mut sorted = listed.clone();
    sorted.sort();
    assert_eq!(sorted, ids, "one row per absence touching 2026");
    assert_eq!(json["away"], 3);
    let table = report(&path, &[]);
    assert!(table.starts_with("编号"));
    assert_eq!(table.lines().count(), 5);
    let csv = report(&path, &["--format", "csv", "--lang", "en"]);
    assert!(csv.starts_with("\u{feff}number"));
    let none: Value = serde_json::from_str(&report(&path, &["--year", "2020", "--format", "json"])).unwrap();
    assert_eq!(none["rows"].as_array().unwrap().len(), 0, "nobody was away in 2020");
}

#[test]
fn logging_a_contact_takes_two_keys_from_the_tab() {
    let dir = tempfile::tempdir().unwrap();
    let path = common::sample_db(dir.path());
    let mut app = common::app(&path, Lang::Zh);
    common::key(&mut app, KeyCode::Char('8'));
    common::key(&mut app, KeyCode::Char('c'));
    common::ctrl(&mut app, 's');
    assert!(matches!(app.overlay, Overlay::None), "saved");
    // A report needs what was reported: refused beside the field until typed.
    common::key(&mut app, KeyCode::Char('r'));
    common::ctrl(&mut app, 's');
    let Overlay::Form(f) = &app.overlay else { panic!("the form stays open") };
    assert!(f.field(field::LOG_CONTENT).error.is_some());
    common::key(&mut app, KeyCode::Tab);
    common::typed(&mut app, "年度思想汇报");
    common::ctrl(&mut app, 's');
    assert!(matches!(app.overlay, Overlay::None), "saved");
    drop(app);
    let s = Service::open(&path, today()).unwrap();
    let first = &s.mobile_rows(false).unwrap()[0];
    let today_logs: Vec<_> = first
        .logs
        .iter()
        .filter(|l| l.draft.date == today())
        .map(|l| (l.draft.kind, l.draft.content.clone()))
        .collect();
    assert_eq!(today_logs.len(), 2);
    assert!(today_logs.contains(&(LogKind::Contact, String::new())));
    assert!(today_logs.contains(&(LogKind::Report, "年度思想汇报".to_string())));
}

#[test]
fn a_return_before_departure_typed_in_the_form_is_refused_beside_the_field() {
    let dir = tempfile::tempdir().unwrap();
    let path = common::sample_db(dir.path());
    let before = rows(&path, "change_log");
    let mut app = common::app(&path, Lang::Zh);
    common::key(&mut app, KeyCode::Char('8'));
    common::key(&mut app, KeyCode::Enter);
    let Overlay::Form(f) = &mut app.overlay else { panic!("the form is open") };
    f.set_choice(field::STATUS, MobileStatus::Returned.id());
    f.focus_key(field::RETURNED);
    common::typed(&mut app, "2020-01-01");
    common::ctrl(&mut app, 's');
    let Overlay::Form(f) = &app.overlay else { panic!("the form stays open") };
    assert_eq!(f.field(field::RETURNED).error.as_deref(), Some("返回日期早于外出日期"));
    drop(app);
    assert_eq!(rows(&path, "change_log"), before, "nothing saved");
}

#[test]
fn the_taizhang_has_a_sheet_of_the_absences_touching_the_year() {
    use calamine::{Data, Reader, open_workbook_auto};
    let dir = tempfile::tempdir().unwrap();
    let path = common::sample_db(dir.path());
    let s = Service::open(&path, today()).unwrap();
    let out = dir.path().join("台账.xlsx");
    s.export_taizhang(2026, &out).unwrap();
    let sheet = open_workbook_auto(&out).unwrap().worksheet_range("流动党员").unwrap();
    let rows: Vec<&[Data]> = sheet.rows().collect();
    assert_eq!(rows[0][0], Data::String("党员编号".into()));
    assert_eq!(rows.len(), 1 + s.mobile_year(2026).unwrap().len());
    let names: Vec<String> = rows[1..].iter().map(|r| r[1].to_string()).collect();
    for r in s.mobile_year(2026).unwrap() {
        assert!(names.contains(&r.name), "{} listed", r.name);
    }
    assert!(matches!(rows[1][4], Data::DateTime(_)), "the departure is a date cell");
    let empty = dir.path().join("2020.xlsx");
    s.export_taizhang(2020, &empty).unwrap();
    let sheet = open_workbook_auto(&empty).unwrap().worksheet_range("流动党员").unwrap();
    assert_eq!(sheet.rows().nth(1).unwrap()[0], Data::String("2020 年没有流动党员记录".into()));
}

/// An absence's history lists what changed field by field, also for changes logged the first
/// way (the fields nested under "draft").
#[test]
fn an_absence_history_names_the_changed_fields() {
    let (_dir, path, mut s, id) = setup();
    let o = s.save_outflow(None, &away(id, day(2026, 3, 1))).unwrap();
    let seen = s.version(Record::Outflow(o)).unwrap();
    let mut d = away(id, day(2026, 3, 1));
    d.status = MobileStatus::Returned;
    d.returned_on = Some(day(2026, 11, 2));
    s.save_outflow(Some((o, seen)), &d).unwrap();
    let h = s.record_history("mobile_outflow", o, Lang::Zh).unwrap();
    assert!(h.title.contains("李建国"), "{}", h.title);
    let changed: Vec<(&str, &str, &str)> =
        h.entries[0].fields.iter().map(|f| (f.label.as_str(), f.old.as_str(), f.new.as_str())).collect();
    assert!(changed.contains(&("状态", "外出中", "已返回")), "{changed:?}");
    assert!(changed.contains(&("返回日期", "（空）", "2026-11-02")), "{changed:?}");
    assert_eq!(changed.len(), 2, "{changed:?}");
    // The same two versions logged nested, as before: read alike.
    let c = Connection::open(&path).unwrap();
    c.execute(
        "UPDATE change_log SET before = json_object('id', row_id, 'draft', json(before)),
                               after = json_object('id', row_id, 'draft', json(after))
         WHERE tbl = 'mobile_outflow'",
        [],
    )
    .unwrap();
    drop(c);
    let again = Service::open(&path, today()).unwrap().record_history("mobile_outflow", o, Lang::Zh).unwrap();
    assert_eq!(again.entries[0].fields, h.entries[0].fields);
}

#[test]
fn an_archived_member_is_no_longer_away_nor_lost_in_the_list_and_the_report() {
    use zhibu::domain::member::{Archive, ArchiveReason};
    let dir = tempfile::tempdir().unwrap();
    let path = common::sample_db(dir.path());
    let mut s = Service::open(&path, today()).unwrap();
    let lost = s.mobile_rows(false).unwrap().into_iter().find(|r| r.lost).expect("the sample's member out of contact");
    let before = s.mobile_rows(false).unwrap().len();
    let a = Archive { reason: ArchiveReason::TransferredOut, date: today(), note: "转往苏州".into() };
    s.archive_member(lost.member_id, &a).unwrap();
    let open = s.mobile_rows(false).unwrap();
    assert_eq!(open.len(), before - 1, "gone from the members away");
    assert!(!open.iter().any(|r| r.member_id == lost.member_id));
    let all = s.mobile_rows(true).unwrap();
    let gone = all.iter().find(|r| r.member_id == lost.member_id).expect("kept in the full history");
    assert_eq!(gone.left_branch, Some(today()));
    assert!(!gone.lost && !gone.is_out() && !gone.is_open());
    assert_eq!(gone.status_label(Lang::Zh), "已归档");
    drop(s);

    let json: Value = serde_json::from_str(&report(&path, &["--year", "2026", "--format", "json"])).unwrap();
    assert_eq!(json["away"], 2, "the archived member is not counted away");
    let row = json["rows"].as_array().unwrap().iter().find(|r| r["member_id"] == lost.member_id).unwrap();
    assert_eq!(row["lost_contact"], false);
    assert_eq!(row["left_branch"], "2026-11-28");
    let table = report(&path, &[]);
    let line = table.lines().find(|l| l.contains(&lost.name)).unwrap();
    assert!(line.contains("已归档") && !line.contains("外出中") && !line.contains('是'), "{line}");
}
