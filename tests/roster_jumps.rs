//! Issue 15: logging a meeting with k members not simply present takes at most 5 + 3k keys
//! besides the typed text (topic, reasons, whom to jump to), wherever they stand in the roster.
//! Measured in a 40-member 党员大会 with the exceptions at the bottom, from the first screen.

mod common;

use common::*;
use ratatui::crossterm::event::KeyCode;
use zhibu::domain::lang::Lang;
use zhibu::domain::meeting::Attendance;
use zhibu::domain::member::{Gender, MemberDraft, MemberStatus, UnitCategory};
use zhibu::service::Service;
use zhibu::tui::app::{App, Overlay};

/// Forty members; 宋佳 shares the initials `sj` with 孙建华; the last three (孙建华, 欧阳红梅 0039, 韩雪) are the ones marked.
const NAMES: [&str; 40] = [
    "张伟",
    "王芳",
    "李娜",
    "刘洋",
    "陈静",
    "杨帆",
    "赵磊",
    "黄丽",
    "周强",
    "吴敏", //
    "徐刚",
    "朱琳",
    "胡斌",
    "郭峰",
    "何平",
    "高翔",
    "林涛",
    "罗军",
    "梁燕",
    "宋佳", //
    "郑凯",
    "谢婷",
    "唐亮",
    "许文",
    "邓超",
    "冯雪梅",
    "曹阳",
    "彭博",
    "曾勇",
    "肖红", //
    "田野",
    "董明",
    "潘杰",
    "袁媛",
    "蔡振华",
    "蒋丹",
    "余飞",
    "孙建华",
    "欧阳红梅",
    "韩雪",
];

fn member(name: &str) -> MemberDraft {
    MemberDraft {
        name: name.into(),
        gender: Gender::Female,
        birth_date: chrono::NaiveDate::from_ymd_opt(1980, 5, 1).unwrap(),
        ethnicity: "汉族".into(),
        phone: Default::default(),
        work_unit: Default::default(),
        unit_category: UnitCategory::GovOrgan,
        group_id: None,
        status: MemberStatus::Full,
        admission_date: chrono::NaiveDate::from_ymd_opt(2010, 7, 1).unwrap(),
        conversion_date: chrono::NaiveDate::from_ymd_opt(2011, 7, 1),
        joined_on: None,
        exemption: None,
        cadre_level: None,
        probation_extension_months: 0,
        posts: vec![],
        notes: String::new(),
    }
}

fn branch_of_forty(dir: &std::path::Path) -> std::path::PathBuf {
    let path = dir.join("forty.db");
    let mut s = Service::open(&path, today()).unwrap();
    for n in NAMES {
        s.create_member(&member(n)).unwrap();
    }
    path
}

/// Counts every key sent (typed text is sent with `typed`, uncounted).
struct Keys {
    n: usize,
}

impl Keys {
    fn key(&mut self, app: &mut App, code: KeyCode) {
        self.n += 1;
        key(app, code);
    }
    fn ctrl(&mut self, app: &mut App, c: char) {
        self.n += 1;
        ctrl(app, c);
    }
}

/// From the first screen: the 三会一课 tab, a new 党员大会 with its topic; the roster is next.
fn open_general_meeting(app: &mut App, keys: &mut Keys) {
    keys.key(app, KeyCode::Char('3'));
    keys.key(app, KeyCode::Char('n'));
    keys.key(app, KeyCode::Char('1')); // kind 1: 支部党员大会
    keys.key(app, KeyCode::Tab);
    typed(app, "学习贯彻全会精神");
}

fn saved(path: &std::path::Path) -> zhibu::domain::meeting::Meeting {
    let s = Service::open(path, today()).unwrap();
    let items = s.meetings_in_year(2026).unwrap();
    assert_eq!(items.len(), 1, "one meeting saved");
    s.meeting(items[0].summary.id).unwrap()
}

fn status_of(m: &zhibu::domain::meeting::Meeting, path: &std::path::Path, name: &str) -> (Attendance, String) {
    let s = Service::open(path, today()).unwrap();
    let id = s.members().unwrap().into_iter().find(|x| x.draft.name == name).unwrap().id;
    let a = m.draft.attendance.iter().find(|a| a.member_id == id).unwrap();
    (a.status, a.reason.clone())
}

/// The README states these figures.
const BUDGET: fn(usize) -> usize = |k| 5 + 3 * k;

#[test]
fn everyone_present_takes_five_keys() {
    let dir = tempfile::tempdir().unwrap();
    let path = branch_of_forty(dir.path());
    let mut app = app(&path, Lang::Zh);
    let mut keys = Keys { n: 0 };
    open_general_meeting(&mut app, &mut keys);
    keys.ctrl(&mut app, 's');
    assert!(matches!(app.overlay, Overlay::None), "saved");
    assert_eq!(keys.n, 5);
    assert!(keys.n <= BUDGET(0));
    drop(app);
    let m = saved(&path);
    assert_eq!(m.draft.attendance.len(), 40);
    assert_eq!(m.draft.count(Attendance::Present), 40);
}

#[test]
fn one_leave_at_the_bottom_takes_eight_keys() {
    let dir = tempfile::tempdir().unwrap();
    let path = branch_of_forty(dir.path());
    let mut app = app(&path, Lang::Zh);
    let mut keys = Keys { n: 0 };
    open_general_meeting(&mut app, &mut keys);
    keys.key(&mut app, KeyCode::Tab); // the roster
    typed(&mut app, "sjh"); // 孙建华, 38th of 40
    keys.key(&mut app, KeyCode::Char('l'));
    typed(&mut app, "出差");
    keys.key(&mut app, KeyCode::Enter);
    keys.ctrl(&mut app, 's');
    assert!(matches!(app.overlay, Overlay::None), "saved");
    assert_eq!(keys.n, 8);
    assert!(keys.n <= BUDGET(1));
    drop(app);
    let m = saved(&path);
    assert_eq!(status_of(&m, &path, "孙建华"), (Attendance::Excused, "出差".into()));
    assert_eq!(m.draft.count(Attendance::Present), 39);
}

#[test]
fn three_exceptions_at_the_bottom_by_initials_number_and_name_take_eleven_keys() {
    let dir = tempfile::tempdir().unwrap();
    let path = branch_of_forty(dir.path());
    let mut app = app(&path, Lang::Zh);
    let mut keys = Keys { n: 0 };
    open_general_meeting(&mut app, &mut keys);
    keys.key(&mut app, KeyCode::Tab);
    typed(&mut app, "sjh"); // by initials (孙建华)
    keys.key(&mut app, KeyCode::Char('l'));
    typed(&mut app, "病假");
    keys.key(&mut app, KeyCode::Enter);
    typed(&mut app, "0039"); // by number: 欧阳红梅
    keys.key(&mut app, KeyCode::Char('x'));
    typed(&mut app, "韩雪"); // by name, as the IME commits it
    keys.key(&mut app, KeyCode::Char('m')); // 补学: asks the date, empty = today
    keys.key(&mut app, KeyCode::Enter);
    keys.ctrl(&mut app, 's');
    assert!(matches!(app.overlay, Overlay::None), "saved");
    assert_eq!(keys.n, 11);
    assert!(keys.n <= BUDGET(3));
    drop(app);
    let m = saved(&path);
    assert_eq!(status_of(&m, &path, "孙建华"), (Attendance::Excused, "病假".into()));
    assert_eq!(status_of(&m, &path, "欧阳红梅").0, Attendance::Absent);
    assert_eq!(status_of(&m, &path, "韩雪").0, Attendance::MadeUp);
    assert_eq!(m.draft.count(Attendance::Present), 37);
}

/// A name whose initials begin with a key the list uses (`l` for 李娜) is found after `/`,
/// which takes every key as text until `Enter`: two keys more.
#[test]
fn a_jump_after_slash_takes_the_lists_keys_as_text() {
    let dir = tempfile::tempdir().unwrap();
    let path = branch_of_forty(dir.path());
    let mut app = app(&path, Lang::Zh);
    let mut keys = Keys { n: 0 };
    open_general_meeting(&mut app, &mut keys);
    keys.key(&mut app, KeyCode::Tab);
    keys.key(&mut app, KeyCode::Char('/'));
    typed(&mut app, "ln"); // 李娜
    keys.key(&mut app, KeyCode::Enter);
    keys.key(&mut app, KeyCode::Char('x'));
    keys.ctrl(&mut app, 's');
    assert_eq!(keys.n, 9);
    drop(app);
    let m = saved(&path);
    assert_eq!(status_of(&m, &path, "李娜").0, Attendance::Absent);
    assert_eq!(m.draft.count(Attendance::Absent), 1);
}

fn roster_cursor(app: &App) -> (usize, String) {
    let Overlay::Form(f) = &app.overlay else { panic!("the form is open") };
    let r = f.roster().unwrap();
    (r.cursor, r.rows[r.cursor].name.clone())
}

#[test]
fn a_jump_that_finds_nobody_says_so_and_the_cursor_stays() {
    let dir = tempfile::tempdir().unwrap();
    let path = branch_of_forty(dir.path());
    let mut app = app(&path, Lang::Zh);
    let mut keys = Keys { n: 0 };
    open_general_meeting(&mut app, &mut keys);
    key(&mut app, KeyCode::Tab);
    key(&mut app, KeyCode::Down);
    key(&mut app, KeyCode::Down);
    typed(&mut app, "qq");
    assert_eq!(roster_cursor(&app), (2, "李娜".into()));
    let screen = screen(&mut app, 80, 24);
    assert!(screen.contains("无此人，Esc 返回"), "{screen}");
    // A list key after a failed jump marks nobody.
    key(&mut app, KeyCode::Char('x'));
    assert_eq!(roster_cursor(&app), (2, "李娜".into()));
    key(&mut app, KeyCode::Esc);
    // A date typed here by mistake: the whole note fits at 80x24 (it was cut unmarked).
    typed(&mut app, "1125");
    let shown = common::screen(&mut app, 80, 24);
    assert!(shown.contains("跳到: 1125  无此人，Esc 返回"), "{shown}");
    key(&mut app, KeyCode::Esc);
    ctrl(&mut app, 's');
    drop(app);
    assert_eq!(saved(&path).draft.count(Attendance::Present), 40);
}

#[test]
fn n_and_typing_again_move_to_the_next_match_and_shared_names_show_their_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let path = branch_of_forty(dir.path());
    {
        let mut s = Service::open(&path, today()).unwrap();
        s.create_member(&member("张伟")).unwrap(); // 0041, a second 张伟
    }
    let mut app = app(&path, Lang::Zh);
    let mut keys = Keys { n: 0 };
    open_general_meeting(&mut app, &mut keys);
    key(&mut app, KeyCode::Tab);
    typed(&mut app, "zw");
    assert_eq!(roster_cursor(&app), (0, "张伟(0001)".into()));
    key(&mut app, KeyCode::Char('n'));
    assert_eq!(roster_cursor(&app), (40, "张伟(0041)".into()));
    key(&mut app, KeyCode::Char('N'));
    assert_eq!(roster_cursor(&app), (0, "张伟(0001)".into()));
    // Typing the same text again moves on to its next match.
    typed(&mut app, "zw");
    assert_eq!(roster_cursor(&app), (40, "张伟(0041)".into()));
    key(&mut app, KeyCode::Enter); // ends the jump
    assert_eq!(roster_cursor(&app), (40, "张伟(0041)".into()));
    // Esc during a jump goes back to where it began.
    typed(&mut app, "韩雪");
    assert_eq!(roster_cursor(&app).1, "韩雪");
    key(&mut app, KeyCode::Esc);
    assert_eq!(roster_cursor(&app), (40, "张伟(0041)".into()));
    assert!(matches!(app.overlay, Overlay::Form(_)), "Esc ended the jump, not the form");
}
