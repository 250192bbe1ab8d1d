//! Incoming mobile members (外来流动党员; 中办发〔2006〕21号 流动党员意见 二（二）1、2、4) through the
//! service on temp files: the register refuses bad input beside its field with nothing written,
//! two windows never overwrite each other, a new one is undone; meetings list those here on the
//! day (and, for a group meeting, placed in the group) as guests who never count; the sign-in
//! sheet, the 台账 and `report incoming` name them with their home branch.

mod common;

use std::process::Command;

use calamine::{Data, Reader, open_workbook_auto};
use chrono::NaiveDate;
use rusqlite::Connection;
use tempfile::TempDir;
use zhibu::domain::incoming::{IncomingDraft, field};
use zhibu::domain::lang::Lang;
use zhibu::domain::meeting::{Attendance, AttendanceRow, Guest, MeetingDraft, MeetingKind, MeetingStatus};
use zhibu::domain::member::{Gender, MemberDraft, MemberStatus, UnitCategory};
use zhibu::service::{Record, Service, ServiceError};

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn today() -> NaiveDate {
    common::today()
}

fn member_draft(name: &str, group: Option<i64>) -> MemberDraft {
    MemberDraft {
        name: name.into(),
        gender: Gender::Male,
        birth_date: day(1988, 4, 2),
        ethnicity: "汉族".into(),
        phone: Default::default(),
        work_unit: "个体".into(),
        unit_category: UnitCategory::Other,
        group_id: group,
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

fn incoming(name: &str, arrived: NaiveDate) -> IncomingDraft {
    IncomingDraft {
        name: name.into(), home_branch: "安徽省六安市东桥村党支部".into(), ..IncomingDraft::new(arrived)
    }
}

/// A branch with two groups and a member in each: (dir, path, service, group 1, group 2).
fn setup() -> (TempDir, std::path::PathBuf, Service, i64, i64) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("branch.db");
    let mut s = Service::open(&path, today()).unwrap();
    let g1 = s.create_group("第一党小组", None).unwrap();
    let g2 = s.create_group("第二党小组", None).unwrap();
    s.create_member(&member_draft("李建国", Some(g1))).unwrap();
    s.create_member(&member_draft("王志强", Some(g2))).unwrap();
    (dir, path, s, g1, g2)
}

fn count(path: &std::path::Path) -> i64 {
    Connection::open(path).unwrap().query_row("SELECT count(*) FROM incoming_member", [], |r| r.get(0)).unwrap()
}

fn fields(e: ServiceError) -> Vec<&'static str> {
    match e {
        ServiceError::Invalid(v) => v.into_iter().map(|e| e.field).collect(),
        other => panic!("field errors: {other:?}"),
    }
}

#[test]
fn bad_input_is_refused_beside_its_field_and_nothing_is_written() {
    let (_dir, path, mut s, ..) = setup();
    let mut a = incoming("刘建华", day(2026, 3, 1));
    a.cert_no = "皖六流2025-0137".into();
    s.save_incoming(None, &a).unwrap();
    let mut bad = incoming("赵敏", day(2026, 3, 1));
    bad.left_on = Some(day(2026, 2, 28));
    assert_eq!(fields(s.save_incoming(None, &bad).unwrap_err()), [field::LEFT]);
    let mut twice = incoming("赵敏", day(2026, 3, 1));
    twice.cert_no = " 皖六流2025-0137 ".into();
    assert_eq!(fields(s.save_incoming(None, &twice).unwrap_err()), [field::CERT_NO]);
    let empty = IncomingDraft { name: "  ".into(), home_branch: String::new(), ..IncomingDraft::new(day(2026, 3, 1)) };
    assert_eq!(fields(s.save_incoming(None, &empty).unwrap_err()), [field::NAME, field::HOME]);
    assert_eq!(count(&path), 1, "nothing written");
    // The same member keeps its own number when edited.
    let (first, v) = s.incoming(1).unwrap();
    let mut edit = first.draft.clone();
    edit.phone = "13905641372".into();
    s.save_incoming(Some((first.id, v)), &edit).unwrap();
    // Chinese round trip.
    let back = Service::open(&path, today()).unwrap().incoming(first.id).unwrap().0;
    assert_eq!(back.draft, edit);
}

#[test]
fn a_form_opened_before_another_window_saved_is_refused_as_a_conflict() {
    let (_dir, path, mut s, ..) = setup();
    let id = s.save_incoming(None, &incoming("刘建华", day(2026, 3, 1))).unwrap();
    let seen = s.version(Record::Incoming(id)).unwrap();
    let mut other = Service::open(&path, today()).unwrap();
    let mut d = incoming("刘建华", day(2026, 3, 1));
    d.phone = "110".into();
    other.save_incoming(Some((id, seen)), &d).unwrap();
    d.phone = "120".into();
    assert!(matches!(s.save_incoming(Some((id, seen)), &d), Err(ServiceError::Conflict(_))));
    assert_eq!(Service::open(&path, today()).unwrap().incoming(id).unwrap().0.draft.phone, "110");
}

#[test]
fn a_new_incoming_member_is_undone_and_its_history_names_it() {
    let (_dir, path, mut s, ..) = setup();
    let id = s.save_incoming(None, &incoming("刘建华", day(2026, 3, 1))).unwrap();
    let h = s.record_history("incoming_member", id, Lang::Zh).unwrap();
    assert!(h.title.contains("刘建华"), "{}", h.title);
    assert!(h.entries[0].fields.iter().any(|f| f.label == "流出地党组织"), "{:?}", h.entries);
    let p = s.undo_preview(Lang::Zh).unwrap().unwrap();
    assert!(p.text.contains("新增流入党员 刘建华"), "{}", p.text);
    s.undo(&p).unwrap();
    assert_eq!(count(&path), 0);
}

fn meeting(kinds: Vec<MeetingKind>, group: Option<i64>, date: NaiveDate, s: &Service) -> MeetingDraft {
    let attendance = s
        .expected(&kinds, group, date)
        .unwrap()
        .into_iter()
        .map(|e| AttendanceRow {
            member_id: e.member_id,
            status: Attendance::Present,
            reason: String::new(),
            made_up_on: None,
            credit_min: 120,
        })
        .collect();
    let guests = s
        .incoming_guests(&kinds, group, date)
        .unwrap()
        .into_iter()
        .map(|i| Guest { name: i.draft.name, incoming_id: Some(i.id), ..Guest::default() })
        .collect();
    MeetingDraft {
        kinds,
        date,
        start: None,
        end: None,
        status: MeetingStatus::Held,
        group_id: group,
        topic: "学习党章".into(),
        location: "党员活动室".into(),
        host_id: None,
        recorder_id: None,
        lecturer_id: None,
        lecturer_name: String::new(),
        credit_min: 120,
        minutes: String::new(),
        resolution: None,
        attendance,
        guests,
        cancel_reason: String::new(),
    }
}

fn names(list: Vec<zhibu::domain::incoming::Incoming>) -> Vec<String> {
    list.into_iter().map(|i| i.draft.name).collect()
}

#[test]
fn a_meeting_lists_those_here_on_its_day_from_arrival_to_the_day_before_leaving() {
    let (_dir, _path, mut s, ..) = setup();
    let date = day(2026, 9, 15);
    s.save_incoming(None, &incoming("到当天", date)).unwrap();
    s.save_incoming(None, &incoming("明天到", day(2026, 9, 16))).unwrap();
    let mut gone = incoming("昨天走", day(2026, 1, 1));
    gone.left_on = Some(day(2026, 9, 14));
    s.save_incoming(None, &gone).unwrap();
    let mut leaving = incoming("当天走", day(2026, 1, 1));
    leaving.left_on = Some(date);
    s.save_incoming(None, &leaving).unwrap();
    let mut tomorrow = incoming("明天走", day(2026, 1, 1));
    tomorrow.left_on = Some(day(2026, 9, 16));
    s.save_incoming(None, &tomorrow).unwrap();
    assert_eq!(names(s.incoming_guests(&[MeetingKind::ThemeDay], None, date).unwrap()), ["明天走", "到当天"]);
}

#[test]
fn a_group_meeting_lists_only_its_groups_incoming_members() {
    let (_dir, _path, mut s, g1, g2) = setup();
    let mut placed = incoming("编入一组", day(2026, 1, 1));
    placed.group_id = Some(g1);
    s.save_incoming(None, &placed).unwrap();
    s.save_incoming(None, &incoming("全支部", day(2026, 1, 1))).unwrap();
    let date = day(2026, 9, 20);
    let group = |g| names(s.incoming_guests(&[MeetingKind::GroupMeeting], Some(g), date).unwrap());
    assert_eq!(group(g1), ["编入一组"]);
    assert!(group(g2).is_empty());
    assert_eq!(names(s.incoming_guests(&[MeetingKind::GeneralMeeting], None, date).unwrap()).len(), 2);
    assert!(s.incoming_guests(&[MeetingKind::CommitteeMeeting], None, date).unwrap().is_empty());
}

#[test]
fn guests_never_count_and_keep_their_name_when_the_incoming_member_is_deleted() {
    let (_dir, path, mut s, ..) = setup();
    let id = s.save_incoming(None, &incoming("刘建华", day(2026, 1, 1))).unwrap();
    let mut d = meeting(vec![MeetingKind::GeneralMeeting], None, day(2026, 9, 15), &s);
    d.guests.push(Guest::named("街道办 王主任"));
    let m = s.save_meeting(None, &d).unwrap();
    let stored = s.meeting(m).unwrap().draft;
    assert_eq!((stored.expected(), stored.in_room()), (2, 2), "two members; the guests are not counted");
    let g = &stored.guests[0];
    assert_eq!((g.incoming_id, g.home_branch.as_str()), (Some(id), "安徽省六安市东桥村党支部"));
    assert_eq!(g.shown(Lang::Zh), "流入 刘建华（安徽省六安市东桥村党支部）");
    let credited: i64 = Connection::open(&path)
        .unwrap()
        .query_row("SELECT count(*) FROM attendance WHERE meeting_id = ?1", [m], |r| r.get(0))
        .unwrap();
    assert_eq!(credited, 2, "no attendance (and no study time) for guests");
    let rows = s.incoming_year(2026).unwrap();
    assert_eq!(rows[0].attended, [day(2026, 9, 15)]);
    s.delete_incoming(id).unwrap();
    let after = s.meeting(m).unwrap().draft;
    assert_eq!(after.guests[0].name, "刘建华");
    assert_eq!(after.guests[0].incoming_id, None);
    // An absent incoming guest is kept on the list but not counted as attending.
    let id2 = s.save_incoming(None, &incoming("赵敏", day(2026, 1, 1))).unwrap();
    let mut d2 = meeting(vec![MeetingKind::ThemeDay], None, day(2026, 10, 15), &s);
    d2.guests[0].absent = true;
    s.save_meeting(None, &d2).unwrap();
    let row = s.incoming_year(2026).unwrap().into_iter().find(|r| r.incoming.id == id2).unwrap();
    assert!(row.attended.is_empty());
}

#[test]
fn the_sign_in_sheet_lists_incoming_guests_after_the_members() {
    let (dir, _path, mut s, ..) = setup();
    let mut a = incoming("刘建华", day(2026, 1, 1));
    a.cert_no = "皖六流2025-0137".into();
    s.save_incoming(None, &a).unwrap();
    let m = s.save_meeting(None, &meeting(vec![MeetingKind::GeneralMeeting], None, day(2026, 9, 15), &s)).unwrap();
    let out = dir.path().join("签到表.xlsx");
    s.export_signin(m, &out).unwrap();
    let r = open_workbook_auto(&out).unwrap().worksheet_range("签到表").unwrap();
    let rows: Vec<Vec<String>> = r
        .rows()
        .map(|row| {
            row.iter()
                .map(|d| match d {
                    Data::String(s) => s.clone(),
                    Data::Empty => String::new(),
                    other => other.to_string(),
                })
                .collect()
        })
        .collect();
    let body: Vec<&Vec<String>> = rows.iter().skip_while(|r| r.first().is_none_or(|c| c != "序号")).skip(1).collect();
    assert_eq!(body.len(), 3, "{rows:?}");
    assert_eq!((body[0][1].as_str(), body[1][1].as_str()), ("李建国", "王志强"));
    assert_eq!(body[2][0], "3");
    assert_eq!(body[2][1], "刘建华");
    assert_eq!(body[2][2], "流入党员");
    assert_eq!(body[2][4], "安徽省六安市东桥村党支部 活动证皖六流2025-0137");
}

#[test]
fn report_incoming_in_three_formats() {
    let (_dir, path, mut s, g1, _) = setup();
    let mut a = incoming("刘建华", day(2026, 1, 1));
    a.cert_no = "皖六流2025-0137".into();
    a.group_id = Some(g1);
    s.save_incoming(None, &a).unwrap();
    let mut old = incoming("去年走", day(2025, 1, 1));
    old.left_on = Some(day(2026, 1, 1));
    s.save_incoming(None, &old).unwrap();
    s.save_meeting(None, &meeting(vec![MeetingKind::GeneralMeeting], None, day(2026, 9, 15), &s)).unwrap();
    s.save_meeting(None, &meeting(vec![MeetingKind::GroupMeeting], Some(g1), day(2026, 10, 20), &s)).unwrap();
    drop(s);
    let run = |format: &str| {
        let out = Command::new(env!("CARGO_BIN_EXE_zhibu"))
            .args(["--today", "2026-11-28", "report", "incoming", "--year", "2026", "--format", format])
            .args(["--db", path.to_str().unwrap()])
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap()
    };
    let table = run("table");
    assert!(table.contains("流出地党组织") && table.contains("刘建华"), "{table}");
    assert!(table.contains("2026-09-15 2026-10-20"), "{table}");
    assert!(!table.contains("去年走"), "left on 1 January: not here in 2026\n{table}");
    let csv = run("csv");
    let line = csv.lines().find(|l| l.contains("刘建华")).unwrap();
    assert_eq!(line, "刘建华,安徽省六安市东桥村党支部,皖六流2025-0137,第一党小组,2026-01-01,,2,2026-09-15 2026-10-20");
    let json: serde_json::Value = serde_json::from_str(&run("json")).unwrap();
    let row = &json["rows"][0];
    assert_eq!(row["attended"], 2);
    assert_eq!(row["attended_on"][1], "2026-10-20");
    assert_eq!(row["cert_no"], "皖六流2025-0137");
    assert_eq!(json["rows"].as_array().unwrap().len(), 1);
}

#[test]
fn the_sample_has_two_incoming_members_and_the_taizhang_sheet_lists_them() {
    let dir = tempfile::tempdir().unwrap();
    let path = common::sample_db(dir.path());
    let s = Service::open(&path, today()).unwrap();
    let all = s.incoming_members().unwrap();
    assert_eq!(all.len(), 2);
    assert!(all.iter().any(|i| i.draft.group_id.is_some() && i.draft.left_on.is_none()));
    assert!(all.iter().any(|i| i.draft.left_on.is_some_and(|l| l.format("%Y").to_string() == "2026")));
    let rows = s.incoming_year(2026).unwrap();
    assert!(rows.iter().all(|r| !r.attended.is_empty()), "each attended some meetings");
    assert!(s.overdue().unwrap().findings.iter().all(|f| !f.en.contains("incoming")), "no finding");
    let out = dir.path().join("台账.xlsx");
    s.export_taizhang(2026, &out).unwrap();
    let r = open_workbook_auto(&out).unwrap().worksheet_range("流入党员").unwrap();
    let first: Vec<String> = r.rows().nth(1).unwrap().iter().map(|d| d.to_string()).collect();
    assert!(first.iter().any(|c| c.contains("党支部")), "{first:?}");
    let minutes = open_workbook_auto(&out).unwrap().worksheet_range("会议记录").unwrap();
    assert!(
        minutes.rows().any(|r| r[0] == "流入党员" && r[1].to_string().contains("流入 刘建华（")),
        "the 会议记录 names them with their home branch"
    );
}

// ---- the meeting form, keys through `App::update` ----

use ratatui::crossterm::event::KeyCode;
use zhibu::tui::app::Overlay;

fn roster_guests(app: &zhibu::tui::app::App) -> Vec<(String, bool, Attendance)> {
    let Overlay::Form(f) = &app.overlay else { panic!("the form is open") };
    f.roster()
        .unwrap()
        .rows
        .iter()
        .filter(|r| r.member_id.is_none())
        .map(|r| (r.name.clone(), r.incoming.is_some(), r.status))
        .collect()
}

#[test]
fn a_new_meeting_lists_incoming_members_and_g_takes_one_by_name() {
    let dir = tempfile::tempdir().unwrap();
    let path = common::sample_db(dir.path());
    let mut app = common::app(&path, Lang::Zh);
    common::key(&mut app, KeyCode::Char('3'));
    common::key(&mut app, KeyCode::Char('n'));
    common::key(&mut app, KeyCode::Char('5'));
    // Today 2026-11-28: 刘建华 is here, 赵敏 left in April.
    assert_eq!(roster_guests(&app), [("刘建华".to_string(), true, Attendance::Present)]);
    common::tab(&mut app, 1);
    common::typed(&mut app, "主题党日");
    common::tab(&mut app, 1);
    // A jump finds an incoming guest by name too.
    common::key(&mut app, KeyCode::Char('/'));
    common::typed(&mut app, "刘建华");
    common::key(&mut app, KeyCode::Enter);
    let Overlay::Form(f) = &app.overlay else { panic!() };
    let r = f.roster().unwrap();
    assert_eq!(r.rows[r.cursor].name, "刘建华");
    common::key(&mut app, KeyCode::Char('x'));
    common::key(&mut app, KeyCode::Char('g'));
    common::typed(&mut app, "赵敏");
    common::key(&mut app, KeyCode::Enter);
    common::key(&mut app, KeyCode::Char('g'));
    common::typed(&mut app, "街道办王主任");
    common::key(&mut app, KeyCode::Enter);
    assert_eq!(
        roster_guests(&app),
        [
            ("刘建华".to_string(), true, Attendance::Absent),
            ("赵敏".to_string(), true, Attendance::Present),
            ("街道办王主任".to_string(), false, Attendance::Present),
        ]
    );
    let screen = common::screen(&mut app, 140, 40);
    assert!(screen.contains("列席2"), "absent guests are not counted as guests present\n{screen}");
    common::ctrl(&mut app, 's');
    assert!(matches!(app.overlay, Overlay::None), "saved");
    let s = Service::open(&path, today()).unwrap();
    let item = s.meetings_in_year(2026).unwrap().into_iter().find(|m| m.summary.date == today()).unwrap();
    let m = s.meeting(item.summary.id).unwrap().draft;
    let shown: Vec<String> = m.guests.iter().map(|g| g.shown(Lang::Zh)).collect();
    assert_eq!(
        shown,
        [
            "流入 刘建华（安徽省六安市金安区东桥村党支部） 缺席",
            "流入 赵敏（河南省信阳市平桥区新华社区党支部）",
            "街道办王主任"
        ]
    );
    assert_eq!(m.expected(), m.attendance.len());
    assert!(m.attendance.len() > 30, "the members only");
}

#[test]
fn deleting_an_incoming_member_logs_the_meetings_it_unlinks_and_undo_puts_them_back() {
    let (_dir, _path, mut s, ..) = setup();
    let id = s.save_incoming(None, &incoming("刘建华", day(2026, 1, 1))).unwrap();
    let m1 = s.save_meeting(None, &meeting(vec![MeetingKind::GeneralMeeting], None, day(2026, 9, 15), &s)).unwrap();
    let mut d2 = meeting(vec![MeetingKind::ThemeDay], None, day(2026, 10, 15), &s);
    d2.guests[0].absent = true;
    let m2 = s.save_meeting(None, &d2).unwrap();
    let logged = |s: &Service, m: i64| s.record_history("meeting", m, Lang::Zh).unwrap().entries.len();
    assert_eq!((logged(&s, m1), logged(&s, m2)), (1, 1));

    s.delete_incoming(id).unwrap();
    assert_eq!(s.meeting(m1).unwrap().draft.guests[0].incoming_id, None);
    // Each meeting's history shows the guest unlinked, by name.
    for m in [m1, m2] {
        let h = s.record_history("meeting", m, Lang::Zh).unwrap();
        assert_eq!(h.entries.len(), 2, "{h:?}");
        assert_eq!(h.entries[0].action, "修改");
        let text = format!("{:?}", h.entries[0].fields);
        assert!(text.contains("刘建华"), "{text}");
    }
    let p = s.undo_preview(Lang::Zh).unwrap().unwrap();
    assert_eq!(p.text, "删除流入党员 刘建华 安徽省六安市东桥村党支部，连同 2 条相关记录");
    s.undo(&p).unwrap();
    let back = s.meeting(m1).unwrap().draft;
    assert_eq!(back.guests[0].incoming_id, Some(id));
    assert_eq!(back.guests[0].shown(Lang::Zh), "流入 刘建华（安徽省六安市东桥村党支部）");
    let back2 = s.meeting(m2).unwrap().draft;
    assert_eq!((back2.guests[0].incoming_id, back2.guests[0].absent), (Some(id), true));
    assert_eq!(s.incoming_year(2026).unwrap()[0].attended, [day(2026, 9, 15)]);
    let h = s.record_history("meeting", m1, Lang::Zh).unwrap();
    assert_eq!(h.entries.len(), 3, "{h:?}");
    assert_eq!(h.entries[0].action, "撤销修改");
}

#[test]
fn a_meeting_edited_elsewhere_after_the_delete_stops_its_undo_and_is_named() {
    let (_dir, path, mut s, ..) = setup();
    let id = s.save_incoming(None, &incoming("刘建华", day(2026, 1, 1))).unwrap();
    let m = s.save_meeting(None, &meeting(vec![MeetingKind::GeneralMeeting], None, day(2026, 9, 15), &s)).unwrap();
    s.delete_incoming(id).unwrap();
    let mut other = Service::open(&path, today()).unwrap();
    let (stored, v) = (other.meeting(m).unwrap().draft, other.version(Record::Meeting(m)).unwrap());
    other.save_meeting(Some((m, v)), &MeetingDraft { topic: "学习新党章".into(), ..stored }).unwrap();
    let p = s.undo_preview(Lang::Zh).unwrap().unwrap();
    let Err(ServiceError::Refused(why)) = s.undo(&p) else { panic!("refused") };
    assert!(format!("{why:?}").contains("修改会议 2026-09-15"), "{why:?}");
    assert_eq!(count(&path), 0, "nothing written");
}

#[test]
fn a_meetings_history_names_its_guests_as_the_meeting_does() {
    let (_dir, _path, mut s, ..) = setup();
    let id = s.save_incoming(None, &incoming("刘建华", day(2026, 1, 1))).unwrap();
    s.save_incoming(None, &incoming("赵敏", day(2026, 2, 1))).unwrap();
    let mut d = meeting(vec![MeetingKind::GeneralMeeting], None, day(2026, 9, 15), &s);
    assert_eq!(d.guests[1].name, "赵敏");
    d.guests[1].absent = true;
    d.guests.push(Guest::named("街道办 王主任"));
    let m = s.save_meeting(None, &d).unwrap();
    let guests = |s: &Service, lang: Lang, at: usize| {
        let h = s.record_history("meeting", m, lang).unwrap();
        let all = format!("{h:?}");
        for internal in ["缺席 否", "absent no", "incoming_id", "流入党员 ", "incoming member "] {
            assert!(!all.contains(internal), "{internal:?} in\n{all}");
        }
        let f = h.entries[at].fields.iter().find(|f| f.label == lang.pick("列席人员", "guests")).unwrap();
        (f.old.clone(), f.new.clone())
    };
    let home = "安徽省六安市东桥村党支部";
    assert_eq!(
        guests(&s, Lang::Zh, 0),
        (String::new(), format!("流入 刘建华（{home}）、流入 赵敏（{home}） 缺席、街道办 王主任"))
    );
    assert_eq!(
        guests(&s, Lang::En, 0),
        (String::new(), format!("incoming 刘建华 ({home}), incoming 赵敏 ({home}) absent, 街道办 王主任"))
    );
    // Deleted from the register: the meeting keeps the name, and its history says so.
    s.delete_incoming(id).unwrap();
    assert_eq!(
        guests(&s, Lang::Zh, 0),
        (
            format!("流入 刘建华、流入 赵敏（{home}） 缺席、街道办 王主任"),
            format!("刘建华、流入 赵敏（{home}） 缺席、街道办 王主任")
        )
    );
}

// An incoming member listed at a meeting and marked absent keeps the mark when deleted from the
// register (the guest keeps the name), but the meeting's details listed the name among the
// guests who came, and the 台账 too; the meeting's form put the row back as present, so that
// saving it again lost the mark.
#[test]
fn an_absent_guest_whose_incoming_member_was_deleted_stays_absent() {
    use zhibu::tui::table::TableRow;
    use zhibu::tui::tabs::meetings::MeetingsTab;
    let dir = tempfile::tempdir().unwrap();
    let path = common::sample_db(dir.path());
    let mut s = Service::open(&path, today()).unwrap();
    let liu = s.incoming_members().unwrap().into_iter().find(|i| i.draft.name == "刘建华").unwrap();
    // The sample's 2026-09-15 党员大会, which he missed.
    let item = s.meetings_in_year(2026).unwrap().into_iter().find(|i| i.summary.topic == "走访慰问困难群众").unwrap();
    let guest = |s: &Service| s.meeting(item.summary.id).unwrap().draft.guests.into_iter().find(|g| g.name == "刘建华");
    assert_eq!(guest(&s).map(|g| (g.incoming_id, g.absent)), Some((Some(liu.id), true)));
    s.delete_incoming(liu.id).unwrap();
    assert_eq!(guest(&s).map(|g| (g.incoming_id, g.absent)), Some((None, true)), "the name and the mark stay");
    assert_eq!(guest(&s).unwrap().shown(Lang::Zh), "刘建华 缺席");
    assert_eq!(guest(&s).unwrap().shown(Lang::En), "刘建华 absent");
    drop(s);

    for (lang, want) in [(Lang::Zh, "刘建华缺席"), (Lang::En, "刘建华 absent")] {
        let mut app = common::app(&path, lang);
        common::key(&mut app, KeyCode::Char('3'));
        let row = app.view::<MeetingsTab>().table.visible_rows().position(|r| r.id() == item.summary.id).unwrap();
        for _ in 0..row {
            common::key(&mut app, KeyCode::Down);
        }
        let shown = common::screen(&mut app, 120, 40);
        assert!(shown.contains(want), "{want}\n{shown}");
    }
    // Opened and saved again, the meeting keeps him absent.
    let mut app = common::app(&path, Lang::Zh);
    common::key(&mut app, KeyCode::Char('3'));
    assert!(app.view_mut::<MeetingsTab>().table.select_id(item.summary.id));
    common::key(&mut app, KeyCode::Enter);
    let Overlay::Form(form) = &app.overlay else { panic!("the meeting's form") };
    let row = form.roster().unwrap().rows.iter().find(|r| r.name == "刘建华").unwrap();
    assert_eq!(row.status, Attendance::Absent);
    assert!(!form.roster().unwrap().summary(Lang::Zh).contains("列席"), "not counted among the guests who came");
    common::ctrl(&mut app, 's');
    assert!(matches!(app.overlay, Overlay::None), "saved");
    let s = Service::open(&path, today()).unwrap();
    assert_eq!(guest(&s).map(|g| (g.incoming_id, g.absent)), Some((None, true)));
    // The 台账's 会议记录 says so too.
    let out = dir.path().join("台账.xlsx");
    s.export_taizhang(2026, &out).unwrap();
    let sheet = open_workbook_auto(&out).unwrap().worksheet_range("会议记录").unwrap();
    let guests: Vec<String> =
        sheet.rows().filter(|r| r[0] == Data::String("列席人员".into())).map(|r| r[1].to_string()).collect();
    assert!(guests.contains(&"刘建华 缺席".to_string()), "{guests:?}");
}
