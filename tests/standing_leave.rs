//! Issue 15: a member's standing leave (病休 until a date) pre-marks them 请假 with its reason on
//! every roster in the period; a leave that ends before it starts is refused beside its field.

mod common;

use common::*;
use ratatui::crossterm::event::KeyCode;
use zhibu::domain::lang::Lang;
use zhibu::domain::leave::StandingLeave;
use zhibu::domain::meeting::{Attendance, MeetingKind};
use zhibu::service::Service;
use zhibu::tui::app::{App, Overlay};

fn d(y: i32, m: u32, day: u32) -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn focus(app: &mut App, key: &str) {
    let Overlay::Form(f) = &mut app.overlay else { panic!("a form is open") };
    f.focus_key(key);
}

fn clear_and_type(app: &mut App, text: &str) {
    for _ in 0..20 {
        key(app, KeyCode::Backspace);
    }
    typed(app, text);
}

#[test]
fn a_leave_typed_on_the_member_pre_marks_every_roster_in_its_period_only() {
    let dir = tempfile::tempdir().unwrap();
    let path = sample_db(dir.path());
    let (id, name) = {
        let s = Service::open(&path, today()).unwrap();
        let m = s.members().unwrap().into_iter().find(|m| !m.is_archived() && m.draft.exemption.is_none()).unwrap();
        (m.id, m.draft.name.clone())
    };
    let mut app = app(&path, Lang::Zh);
    key(&mut app, KeyCode::Char('2'));
    key(&mut app, KeyCode::Char('/'));
    typed(&mut app, &name);
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::Enter); // edit
    focus(&mut app, "leave_reason");
    typed(&mut app, "病休");
    key(&mut app, KeyCode::Tab);
    typed(&mut app, "2026-11-01");
    key(&mut app, KeyCode::Tab);
    typed(&mut app, "2026-12-31");
    ctrl(&mut app, 's');
    assert!(matches!(app.overlay, Overlay::None), "saved");
    drop(app);

    let s = Service::open(&path, today()).unwrap();
    assert_eq!(
        s.standing_leave(id).unwrap(),
        Some(StandingLeave { member_id: id, reason: "病休".into(), from: d(2026, 11, 1), to: d(2026, 12, 31) })
    );
    let kinds = [MeetingKind::GeneralMeeting];
    let on = |date| s.expected(&kinds, None, date).unwrap().into_iter().find(|e| e.member_id == id).unwrap();
    for date in [d(2026, 11, 1), today(), d(2026, 12, 31)] {
        let e = on(date);
        assert_eq!(
            (e.status, e.reason.as_str(), e.standing_until),
            (Attendance::Excused, "病休", Some(d(2026, 12, 31)))
        );
    }
    for date in [d(2026, 10, 31), d(2027, 1, 1)] {
        let e = on(date);
        assert_eq!((e.status, e.reason.as_str(), e.standing_until), (Attendance::Present, "", None), "{date}");
    }
    assert_eq!(s.history("standing_leave", 1).unwrap().len(), 1, "the change log has it");
}

#[test]
fn a_leave_that_ends_before_it_starts_is_refused_and_nothing_is_saved() {
    let dir = tempfile::tempdir().unwrap();
    let path = sample_db(dir.path());
    let mut app = app(&path, Lang::Zh);
    key(&mut app, KeyCode::Char('2'));
    key(&mut app, KeyCode::Enter);
    focus(&mut app, "leave_reason");
    typed(&mut app, "病休");
    key(&mut app, KeyCode::Tab);
    typed(&mut app, "2026-12-01");
    key(&mut app, KeyCode::Tab);
    clear_and_type(&mut app, "2026-11-30");
    ctrl(&mut app, 's');
    let Overlay::Form(f) = &app.overlay else { panic!("the form stays open") };
    assert_eq!(f.field("leave_to").error.as_deref(), Some("结束日期早于开始日期"));
    assert_eq!(f.text("leave_reason"), "病休", "what was typed is kept");
    // A reason without dates asks for them.
    focus(&mut app, "leave_from");
    clear_and_type(&mut app, "");
    ctrl(&mut app, 's');
    let Overlay::Form(f) = &app.overlay else { panic!("the form stays open") };
    assert!(f.field("leave_from").error.is_some());
    drop(app);
    let s = Service::open(&path, today()).unwrap();
    assert!(s.members().unwrap().iter().all(|m| s.standing_leave(m.id).unwrap().is_none()));
}

#[test]
fn a_pre_marked_row_says_why_and_is_saved_with_its_reason() {
    let dir = tempfile::tempdir().unwrap();
    let path = sample_db(dir.path());
    let id = {
        let mut s = Service::open(&path, today()).unwrap();
        let e = s.expected(&[MeetingKind::GeneralMeeting], None, today()).unwrap();
        let id = e[0].member_id;
        let l = StandingLeave { member_id: id, reason: "病休".into(), from: d(2026, 9, 1), to: d(2027, 2, 28) };
        s.save_standing_leave(id, Some(&l)).unwrap();
        id
    };
    let mut app = app(&path, Lang::Zh);
    key(&mut app, KeyCode::Char('3'));
    key(&mut app, KeyCode::Char('n'));
    key(&mut app, KeyCode::Char('1'));
    key(&mut app, KeyCode::Tab);
    typed(&mut app, "专题学习");
    key(&mut app, KeyCode::Tab);
    let screen = screen(&mut app, 80, 24);
    assert!(screen.contains("请假     长期 病休"), "{screen}");
    let wide = common::screen(&mut app, 120, 40);
    assert!(wide.contains("长期 病休 至2027-02-28"), "{wide}");
    ctrl(&mut app, 's');
    assert!(matches!(app.overlay, Overlay::None), "saved");
    drop(app);
    let s = Service::open(&path, today()).unwrap();
    let item = s.meetings_in_year(2026).unwrap().into_iter().find(|i| i.summary.topic == "专题学习").unwrap();
    let m = s.meeting(item.summary.id).unwrap();
    let a = m.draft.attendance.iter().find(|a| a.member_id == id).unwrap();
    assert_eq!((a.status, a.reason.as_str()), (Attendance::Excused, "病休"));
}

/// `a` means everyone who came: rows pre-marked 外出 (an absence) or 请假 (a standing leave),
/// and a 请假 entered by hand before it, keep their mark and reason; a hand-marked 缺席 becomes
/// 出席.
#[test]
fn everyone_present_keeps_the_away_and_excused_rows() {
    let dir = tempfile::tempdir().unwrap();
    let path = sample_db(dir.path());
    let (absent, by_hand, on_leave, away) = {
        let mut s = Service::open(&path, today()).unwrap();
        let e = s.expected(&[MeetingKind::GeneralMeeting], None, today()).unwrap();
        let away: Vec<i64> = e.iter().filter(|e| e.status == Attendance::AwayMobile).map(|e| e.member_id).collect();
        assert!(!away.is_empty(), "the sample has members away today");
        // The first two rows are marked by hand; the third has a standing leave.
        assert!(e[..3].iter().all(|e| e.status == Attendance::Present), "{e:?}");
        let on_leave = e[2].member_id;
        let l = StandingLeave { member_id: on_leave, reason: "病休".into(), from: d(2026, 9, 1), to: d(2027, 2, 28) };
        s.save_standing_leave(on_leave, Some(&l)).unwrap();
        (e[0].member_id, e[1].member_id, on_leave, away)
    };
    let mut app = app(&path, Lang::Zh);
    key(&mut app, KeyCode::Char('3'));
    key(&mut app, KeyCode::Char('n'));
    key(&mut app, KeyCode::Char('1'));
    key(&mut app, KeyCode::Tab);
    typed(&mut app, "全到测试");
    key(&mut app, KeyCode::Tab);
    key(&mut app, KeyCode::Char('x'));
    key(&mut app, KeyCode::Char('l'));
    typed(&mut app, "出差");
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::Char('a'));
    ctrl(&mut app, 's');
    assert!(matches!(app.overlay, Overlay::None), "saved");
    drop(app);
    let s = Service::open(&path, today()).unwrap();
    let item = s.meetings_in_year(2026).unwrap().into_iter().find(|i| i.summary.topic == "全到测试").unwrap();
    let m = s.meeting(item.summary.id).unwrap();
    let row = |id: i64| {
        let a = m.draft.attendance.iter().find(|a| a.member_id == id).unwrap();
        (a.status, a.reason.clone())
    };
    assert_eq!(row(absent), (Attendance::Present, String::new()), "the hand-marked 缺席 came after all");
    assert_eq!(row(by_hand), (Attendance::Excused, "出差".to_string()), "a 请假 typed by hand stays");
    assert_eq!(row(on_leave), (Attendance::Excused, "病休".to_string()), "the standing leave stays");
    for id in away {
        assert_eq!(row(id).0, Attendance::AwayMobile, "member {id} is still away");
    }
}
