//! Flows: key sequences through `keymap::resolve` and `App::update`, as the event loop sends
//! them; then the database file is reopened and its rows checked.

mod common;

use common::*;
use ratatui::crossterm::event::KeyCode;
use zhibu::domain::lang::Lang;
use zhibu::domain::meeting::{Attendance, MeetingKind, MeetingStatus};
use zhibu::domain::member::MemberStatus;
use zhibu::domain::rules::RuleId;
use zhibu::service::Service;
use zhibu::tui::app::{Overlay, Tab};
use zhibu::tui::keymap::Ctx;
use zhibu::tui::tabs::dashboard::DashboardTab;
use zhibu::tui::tabs::meetings::MeetingsTab;
use zhibu::tui::tabs::members::MembersTab;
use zhibu::tui::tabs::study::StudyTab;

fn reopen(path: &std::path::Path) -> Service {
    Service::open(path, today()).expect("reopen")
}

fn form_open(app: &zhibu::tui::app::App) -> bool {
    matches!(app.overlay, Overlay::Form(_))
}

#[test]
fn a_new_member_typed_in_chinese_is_saved_with_its_change_log() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("new.db");
    let mut app = app(&path, Lang::Zh);
    assert!(app.view::<MembersTab>().first_run, "an empty database shows the first-run screen");
    assert_eq!(app.tab, Tab::Members);

    key(&mut app, KeyCode::Char('n'));
    typed(&mut app, "阿依古丽·买买提");
    tab(&mut app, 2);
    typed(&mut app, "1990-03-08");
    key(&mut app, KeyCode::Tab);
    // Ethnicity: replace the default 汉族.
    key(&mut app, KeyCode::Backspace);
    key(&mut app, KeyCode::Backspace);
    typed(&mut app, "维吾尔族");
    tab(&mut app, 6);
    typed(&mut app, "20150701");
    key(&mut app, KeyCode::Tab);
    typed(&mut app, "2016-07-01");
    ctrl(&mut app, 's');
    assert!(!form_open(&app), "saved and closed");

    drop(app);
    let s = reopen(&path);
    let members = s.members().unwrap();
    assert_eq!(members.len(), 1);
    let m = &members[0];
    assert_eq!(m.draft.name, "阿依古丽·买买提");
    assert_eq!(m.draft.ethnicity, "维吾尔族");
    assert_eq!(m.draft.status, MemberStatus::Full);
    assert_eq!(m.draft.admission_date.to_string(), "2015-07-01");
    let history = s.history("member", m.id).unwrap();
    assert_eq!(history.len(), 1);
    assert_eq!(history[0].action, "insert");
    assert!(history[0].after.as_deref().unwrap_or("").contains("阿依古丽"));
}

#[test]
fn an_invalid_form_keeps_what_was_typed_and_saves_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("new.db");
    let mut app = app(&path, Lang::Zh);
    key(&mut app, KeyCode::Char('n'));
    typed(&mut app, "张三");
    tab(&mut app, 2);
    typed(&mut app, "1990-02-30");
    ctrl(&mut app, 's');
    let Overlay::Form(form) = &app.overlay else { panic!("the form stays open") };
    assert_eq!(form.text("name"), "张三");
    assert_eq!(form.text("birth_date"), "1990-02-30");
    assert!(form.field("birth_date").error.as_deref().unwrap_or("").contains("没有这一天"));
    assert!(form.field("admission_date").error.is_some(), "required");
    let screen = screen(&mut app, 80, 24);
    assert!(screen.contains("^ 没有这一天"), "the error is shown beside the field:\n{screen}");
    drop(app);
    assert_eq!(reopen(&path).members().unwrap().len(), 0);
    assert_eq!(reopen(&path).change_count().unwrap(), 0);
}

/// The README states this count.
pub const MEETING_KEYS: usize = 9;

#[test]
fn a_committee_meeting_with_one_leave_and_one_absence_takes_nine_keys() {
    let dir = tempfile::tempdir().unwrap();
    let path = sample_db(dir.path());
    let mut app = app(&path, Lang::Zh);
    assert_eq!(app.tab, Tab::Dashboard, "the first screen");
    let before = reopen(&path).meetings_in_year(2026).unwrap().len();

    let mut keys = 0;
    let mut k = |app: &mut zhibu::tui::app::App, code: KeyCode| {
        keys += 1;
        key(app, code);
    };
    k(&mut app, KeyCode::Char('3')); // 三会一课
    k(&mut app, KeyCode::Char('n')); // new meeting
    k(&mut app, KeyCode::Char('2')); // kind 2: 支部委员会会议
    k(&mut app, KeyCode::Tab); // to the topic
    typed(&mut app, "研究年终工作");
    k(&mut app, KeyCode::Tab); // to the attendance list, first member
    k(&mut app, KeyCode::Char('l')); // 请假: asks the reason
    typed(&mut app, "出差");
    k(&mut app, KeyCode::Enter); // reason accepted, next member
    k(&mut app, KeyCode::Char('x')); // absent
    keys += 1;
    ctrl(&mut app, 's');
    assert!(!form_open(&app), "saved");
    assert_eq!(keys, MEETING_KEYS);
    assert!(keys <= 12);

    drop(app);
    let s = reopen(&path);
    let items = s.meetings_in_year(2026).unwrap();
    assert_eq!(items.len(), before + 1);
    let newest = items.iter().find(|i| i.summary.topic == "研究年终工作").expect("the meeting");
    let m = s.meeting(newest.summary.id).unwrap();
    assert_eq!(m.draft.kinds, vec![MeetingKind::CommitteeMeeting]);
    assert_eq!(m.draft.date, today());
    assert_eq!(m.draft.status, MeetingStatus::Held);
    let committee: Vec<i64> =
        s.members().unwrap().iter().filter(|x| x.is_committee() && !x.is_archived()).map(|x| x.id).collect();
    assert_eq!(m.draft.attendance.iter().map(|a| a.member_id).collect::<Vec<_>>(), committee);
    assert_eq!(m.draft.count(Attendance::Excused), 1);
    assert_eq!(m.draft.attendance[0].reason, "出差");
    assert_eq!(m.draft.count(Attendance::Absent), 1);
    assert_eq!(m.draft.count(Attendance::Present), committee.len() - 2);
    assert_eq!(s.history("meeting", m.id).unwrap().len(), 1);
}

#[test]
fn a_planned_meeting_takes_no_attendance_until_it_is_held() {
    let dir = tempfile::tempdir().unwrap();
    let path = sample_db(dir.path());
    let mut app = app(&path, Lang::Zh);
    key(&mut app, KeyCode::Char('3'));
    key(&mut app, KeyCode::Char('n'));
    key(&mut app, KeyCode::Char('5')); // 主题党日
    key(&mut app, KeyCode::Tab);
    typed(&mut app, "参观革命纪念馆");
    tab(&mut app, 2); // past the roster to the date
    for _ in 0..10 {
        key(&mut app, KeyCode::Backspace);
    }
    typed(&mut app, "2026-12-20");
    ctrl(&mut app, 's');
    assert!(!form_open(&app));
    drop(app);
    let s = reopen(&path);
    let item = s.meetings_in_year(2026).unwrap().into_iter().find(|i| i.summary.topic == "参观革命纪念馆").unwrap();
    let m = s.meeting(item.summary.id).unwrap();
    assert_eq!(m.draft.status, MeetingStatus::Planned, "a future date defaults to planned");
    assert!(m.draft.attendance.is_empty());

    // Held later: editing it with --today after the date fills the roster.
    let later = chrono::NaiveDate::from_ymd_opt(2026, 12, 21).unwrap();
    let mut app = zhibu::tui::app::App::new(Service::open(&path, later).unwrap(), Lang::Zh, false, false);
    key(&mut app, KeyCode::Char('3'));
    assert!(app.view_mut::<MeetingsTab>().table.select_id(m.id));
    key(&mut app, KeyCode::Enter);
    tab(&mut app, 4); // kinds -> topic -> roster -> date -> status
    key(&mut app, KeyCode::Right); // 计划 -> 已召开
    ctrl(&mut app, 's');
    assert!(!form_open(&app));
    drop(app);
    let m = Service::open(&path, later).unwrap().meeting(m.id).unwrap();
    assert_eq!(m.draft.status, MeetingStatus::Held);
    assert_eq!(
        m.draft.attendance.len(),
        reopen(&path).expected(&[MeetingKind::ThemeDay], None, m.draft.date).unwrap().len()
    );
}

#[test]
fn a_held_meeting_dated_after_today_is_refused_beside_its_field() {
    let dir = tempfile::tempdir().unwrap();
    let path = sample_db(dir.path());
    let mut app = app(&path, Lang::Zh);
    key(&mut app, KeyCode::Char('3'));
    key(&mut app, KeyCode::Char('n'));
    key(&mut app, KeyCode::Char('1'));
    key(&mut app, KeyCode::Tab);
    typed(&mut app, "年度党员大会");
    tab(&mut app, 3); // roster, date, status
    key(&mut app, KeyCode::Right); // 已召开 -> 取消? cycle to held explicitly below
    key(&mut app, KeyCode::Left);
    key(&mut app, KeyCode::BackTab); // back to the date
    for _ in 0..10 {
        key(&mut app, KeyCode::Backspace);
    }
    typed(&mut app, "2026-12-01");
    ctrl(&mut app, 's');
    let Overlay::Form(form) = &app.overlay else { panic!("the form stays open") };
    assert!(form.field("date").error.is_some());
    assert_eq!(form.text("topic"), "年度党员大会", "the typed form survives the error");
}

#[test]
fn leave_without_a_reason_is_refused_in_the_list() {
    let dir = tempfile::tempdir().unwrap();
    let path = sample_db(dir.path());
    let mut app = app(&path, Lang::Zh);
    key(&mut app, KeyCode::Char('3'));
    key(&mut app, KeyCode::Char('n'));
    key(&mut app, KeyCode::Char('2'));
    key(&mut app, KeyCode::Tab);
    typed(&mut app, "支委会");
    key(&mut app, KeyCode::Tab);
    key(&mut app, KeyCode::Char('l'));
    key(&mut app, KeyCode::Enter); // empty reason
    let Overlay::Form(form) = &app.overlay else { panic!("form") };
    let prompt = form.roster().and_then(|r| r.prompt.as_ref()).expect("the prompt stays open");
    assert!(prompt.error.as_deref().unwrap_or("").contains("原因"));
}

#[test]
fn the_filter_finds_members_by_pinyin_initials() {
    let dir = tempfile::tempdir().unwrap();
    let path = sample_db(dir.path());
    let mut app = app(&path, Lang::Zh);
    key(&mut app, KeyCode::Char('2'));
    key(&mut app, KeyCode::Char('/'));
    typed(&mut app, "oyxm");
    let names: Vec<String> =
        app.view::<MembersTab>().table.visible_rows().map(|r| r.item.member.draft.name.clone()).collect();
    assert_eq!(names, vec!["欧阳晓明".to_string()]);
    key(&mut app, KeyCode::Esc);
    assert!(app.view::<MembersTab>().table.len() > 30);
}

#[test]
fn archiving_hides_a_member_and_keeps_the_record() {
    let dir = tempfile::tempdir().unwrap();
    let path = sample_db(dir.path());
    let mut app = app(&path, Lang::Zh);
    key(&mut app, KeyCode::Char('2'));
    let id = app.view::<MembersTab>().table.selected_id().unwrap();
    let shown = app.view::<MembersTab>().table.len();
    key(&mut app, KeyCode::Char('d'));
    tab(&mut app, 2);
    typed(&mut app, "转往市直机关党委");
    ctrl(&mut app, 's');
    assert_eq!(app.view::<MembersTab>().table.len(), shown - 1);
    key(&mut app, KeyCode::Char('h'));
    assert!(app.view_mut::<MembersTab>().table.select_id(id), "h shows archived members");
    drop(app);
    let m = reopen(&path).member(id).unwrap();
    assert!(m.is_archived());
    assert_eq!(m.archive.unwrap().note, "转往市直机关党委");
}

#[test]
fn a_setting_changed_in_the_dialog_changes_the_findings_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let path = sample_db(dir.path());
    let mut app = app(&path, Lang::Zh);
    let lectures =
        |app: &zhibu::tui::app::App| app.overdue.findings.iter().filter(|f| f.rule == RuleId::PartyLecture).count();
    assert!(lectures(&app) > 0, "the sample misses a party lecture");
    key(&mut app, KeyCode::Char('s'));
    let Overlay::Form(form) = &mut app.overlay else { panic!("settings") };
    form.focus_key("cadence.party_lecture");
    // 每季度 -> 不要求 (the options cycle: none, month, quarter, year).
    key(&mut app, KeyCode::Left);
    key(&mut app, KeyCode::Left);
    ctrl(&mut app, 's');
    assert!(!form_open(&app));
    assert_eq!(lectures(&app), 0);
    drop(app);
    assert_eq!(reopen(&path).settings().cadence_for(MeetingKind::PartyLecture), zhibu::domain::settings::Cadence::None);
}

#[test]
fn enter_on_a_missing_meeting_opens_a_prefilled_form() {
    let dir = tempfile::tempdir().unwrap();
    let path = sample_db(dir.path());
    let mut app = app(&path, Lang::Zh);
    let pos = app
        .view::<DashboardTab>()
        .table
        .visible_rows()
        .position(|r| r.finding.rule == RuleId::GroupMeeting)
        .expect("a missed group meeting");
    for _ in 0..pos {
        key(&mut app, KeyCode::Down);
    }
    let group = match app.view::<DashboardTab>().table.selected().unwrap().finding.subject {
        zhibu::domain::rules::Subject::Group(g) => g,
        other => panic!("{other:?}"),
    };
    key(&mut app, KeyCode::Enter);
    let Overlay::Form(form) = &app.overlay else { panic!("a meeting form") };
    assert_eq!(form.multi("kinds"), vec!["group_meeting"]);
    assert_eq!(form.choice("group"), group.to_string());
    assert_eq!(form.text("date"), "2026-10-31");
    assert_eq!(app.tab, Tab::Meetings);
}

#[test]
fn a_busy_database_keeps_the_form_and_saves_on_retry() {
    let dir = tempfile::tempdir().unwrap();
    let path = sample_db(dir.path());
    let mut app = app(&path, Lang::Zh);
    key(&mut app, KeyCode::Char('2'));
    key(&mut app, KeyCode::Char('n'));
    typed(&mut app, "王五");
    tab(&mut app, 2);
    typed(&mut app, "1985-01-01");
    tab(&mut app, 7);
    typed(&mut app, "2012-07-01");
    key(&mut app, KeyCode::Tab);
    typed(&mut app, "2013-07-01");

    let blocker = rusqlite::Connection::open(&path).unwrap();
    blocker.execute_batch("BEGIN IMMEDIATE").unwrap();
    ctrl(&mut app, 's');
    let Overlay::Form(form) = &app.overlay else { panic!("the form stays open while the database is busy") };
    assert_eq!(form.text("name"), "王五");
    assert!(form.message.as_deref().unwrap_or("").contains("占用"));
    blocker.execute_batch("COMMIT").unwrap();
    ctrl(&mut app, 's');
    assert!(!form_open(&app));
    drop(app);
    assert!(reopen(&path).members().unwrap().iter().any(|m| m.draft.name == "王五"));
}

#[test]
fn a_study_record_from_the_members_tab_counts_in_the_study_tab() {
    let dir = tempfile::tempdir().unwrap();
    let path = sample_db(dir.path());
    let mut app = app(&path, Lang::Zh);
    key(&mut app, KeyCode::Char('2'));
    let id = app.view::<MembersTab>().table.selected_id().unwrap();
    let before =
        app.service.study_year(2026).unwrap().rows.iter().find(|r| r.member_id == id).unwrap().status.credited_min;
    key(&mut app, KeyCode::Char('x'));
    tab(&mut app, 3); // date -> kind -> organiser -> credit
    typed(&mut app, "3小时");
    ctrl(&mut app, 's');
    assert!(!form_open(&app));
    let after =
        app.service.study_year(2026).unwrap().rows.iter().find(|r| r.member_id == id).unwrap().status.credited_min;
    assert_eq!(after, before + 180);
}

#[test]
fn a_new_file_does_not_flag_the_years_before_its_records() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("new.db");
    let mut s = Service::open(&path, today()).unwrap();
    let member = zhibu::domain::member::MemberDraft {
        name: "张三".into(),
        gender: zhibu::domain::member::Gender::Male,
        birth_date: chrono::NaiveDate::from_ymd_opt(1980, 1, 1).unwrap(),
        ethnicity: "汉族".into(),
        phone: String::new(),
        work_unit: String::new(),
        unit_category: zhibu::domain::member::UnitCategory::GovOrgan,
        group_id: None,
        status: MemberStatus::Full,
        admission_date: chrono::NaiveDate::from_ymd_opt(2010, 1, 1).unwrap(),
        conversion_date: chrono::NaiveDate::from_ymd_opt(2011, 1, 1),
        joined_on: None,
        exemption: None,
        cadre_level: None,
        probation_extension_months: 0,
        posts: vec![],
        notes: String::new(),
    };
    s.create_member(&member).unwrap();
    // Records begin today: nothing before is overdue; this month's meetings are due soon.
    s.save_settings(zhibu::domain::settings::Settings { records_from: Some(today()), ..s.settings().clone() }).unwrap();
    let o = s.overdue().unwrap();
    assert_eq!(o.count(zhibu::domain::rules::Severity::Overdue), 0, "{:#?}", o.findings);
    assert!(o.findings.iter().all(|f| f.due >= today()));
    // Moving the start back a year makes the missing meetings of that year overdue.
    let year_ago = chrono::NaiveDate::from_ymd_opt(2025, 11, 28).unwrap();
    s.save_settings(zhibu::domain::settings::Settings { records_from: Some(year_ago), ..s.settings().clone() })
        .unwrap();
    assert!(s.overdue().unwrap().count(zhibu::domain::rules::Severity::Overdue) > 10);
}

#[test]
fn every_field_of_the_meeting_form_can_be_reached_at_80x24() {
    let dir = tempfile::tempdir().unwrap();
    let path = sample_db(dir.path());
    let mut app = app(&path, Lang::Zh);
    key(&mut app, KeyCode::Char('3'));
    key(&mut app, KeyCode::Char('n'));
    for k in ['1', '3', '4'] {
        key(&mut app, KeyCode::Char(k));
    }
    for step in 0..40 {
        if step == 14 {
            typed(&mut app, "接收张三为预备党员");
        }
        key(&mut app, KeyCode::Tab);
        let s = screen(&mut app, 80, 24);
        assert!(s.contains("登记会议"), "the dialog title stays in place at step {step}:\n{s}");
    }
    ctrl(&mut app, 's');
    let s = screen(&mut app, 80, 24);
    assert!(s.contains("^"), "errors are shown beside their fields:\n{s}");
}

#[test]
fn a_study_record_is_edited_and_deleted_from_the_activity_list_which_stays_open() {
    let dir = tempfile::tempdir().unwrap();
    let path = sample_db(dir.path());
    let mut app = app(&path, Lang::Zh);
    key(&mut app, KeyCode::Char('4'));
    let id = app.view::<StudyTab>().table.selected_id().unwrap();
    let credited = |app: &zhibu::tui::app::App| {
        app.service.study_year(2026).unwrap().rows.iter().find(|r| r.member_id == id).unwrap().status.credited_min
    };
    let before = credited(&app);
    key(&mut app, KeyCode::Char('n'));
    tab(&mut app, 3); // date -> kind -> organiser -> credit
    typed(&mut app, "3小时");
    ctrl(&mut app, 's');
    assert_eq!(credited(&app), before + 180);

    // The list opens on the latest activity: today's record.
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.context(), vec![Ctx::Popup]);
    key(&mut app, KeyCode::Char('e'));
    assert!(form_open(&app), "the record opens in its form");
    tab(&mut app, 3);
    for _ in 0..3 {
        key(&mut app, KeyCode::Backspace);
    }
    typed(&mut app, "2小时");
    ctrl(&mut app, 's');
    assert_eq!(credited(&app), before + 120);
    assert_eq!(app.context(), vec![Ctx::Popup], "back on the list after saving");

    key(&mut app, KeyCode::Char('d'));
    assert_eq!(app.context(), vec![Ctx::Confirm]);
    key(&mut app, KeyCode::Char('y'));
    assert_eq!(credited(&app), before);
    assert_eq!(app.context(), vec![Ctx::Popup], "the list stays open, refreshed");
    key(&mut app, KeyCode::Esc);
    assert_eq!(app.context()[0], Ctx::Study);
}
