//! What the screens look like: each tab, form and overlay at 80x24 and 120x40, with Chinese
//! data, in both languages. CI fails on a missing or changed snapshot.

mod common;

use common::*;
use ratatui::crossterm::event::KeyCode;
use zhibu::domain::lang::Lang;
use zhibu::service::Service;
use zhibu::tui::app::App;

fn demo(lang: Lang) -> (tempfile::TempDir, App) {
    let dir = tempfile::tempdir().unwrap();
    let path = sample_db(dir.path());
    let app = app(&path, lang);
    (dir, app)
}

macro_rules! snap {
    ($name:expr, $app:expr, $w:expr, $h:expr) => {
        insta::assert_snapshot!($name, screen(&mut $app, $w, $h));
    };
}

#[test]
fn members_tab() {
    for (lang, tag) in [(Lang::Zh, "zh"), (Lang::En, "en")] {
        let (_d, mut app) = demo(lang);
        key(&mut app, KeyCode::Char('2'));
        for _ in 0..7 {
            key(&mut app, KeyCode::Down);
        }
        snap!(format!("members_80x24_{tag}"), app, 80, 24);
        snap!(format!("members_120x40_{tag}"), app, 120, 40);
    }
}

#[test]
fn members_with_ascii_borders() {
    let dir = tempfile::tempdir().unwrap();
    let path = sample_db(dir.path());
    let mut app = App::new(Service::open(&path, today()).unwrap(), Lang::Zh, true, true);
    key(&mut app, KeyCode::Char('2'));
    snap!("members_ascii_80x24", app, 80, 24);
}

#[test]
fn member_form_with_a_validation_error() {
    let (_d, mut app) = demo(Lang::Zh);
    key(&mut app, KeyCode::Char('2'));
    key(&mut app, KeyCode::Char('n'));
    typed(&mut app, "欧阳春生");
    tab(&mut app, 2);
    typed(&mut app, "2010-02-29");
    ctrl(&mut app, 's');
    snap!("member_form_error_80x24", app, 80, 24);
    snap!("member_form_error_120x40", app, 120, 40);
}

#[test]
fn help_overlay() {
    let (_d, mut app) = demo(Lang::Zh);
    key(&mut app, KeyCode::Char('?'));
    snap!("help_80x24", app, 80, 24);
    let (_d, mut app) = demo(Lang::En);
    key(&mut app, KeyCode::Char('?'));
    snap!("help_120x40_en", app, 120, 40);
}

#[test]
fn first_run_screen() {
    for (lang, tag) in [(Lang::Zh, "zh"), (Lang::En, "en")] {
        let mut app = App::new(Service::in_memory(today()).unwrap(), lang, false, false);
        snap!(format!("first_run_80x24_{tag}"), app, 80, 24);
    }
}

#[test]
fn dashboard_and_year_grid() {
    let (_d, mut app) = demo(Lang::Zh);
    snap!("dashboard_80x24", app, 80, 24);
    snap!("dashboard_120x40", app, 120, 40);
    snap!("dashboard_140x40", app, 140, 40);
    key(&mut app, KeyCode::Char('['));
    snap!("dashboard_last_year_120x40", app, 120, 40);
    let (_d, mut app) = demo(Lang::En);
    snap!("dashboard_80x24_en", app, 80, 24);
}

#[test]
fn meetings_tab_and_form() {
    let (_d, mut app) = demo(Lang::Zh);
    key(&mut app, KeyCode::Char('3'));
    key(&mut app, KeyCode::Down);
    snap!("meetings_80x24", app, 80, 24);
    snap!("meetings_120x40", app, 120, 40);
    key(&mut app, KeyCode::Char('n'));
    key(&mut app, KeyCode::Char('2'));
    key(&mut app, KeyCode::Tab);
    typed(&mut app, "研究年终工作");
    key(&mut app, KeyCode::Tab);
    key(&mut app, KeyCode::Char('l'));
    typed(&mut app, "出差");
    snap!("meeting_form_leave_prompt_80x24", app, 80, 24);
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::Char('x'));
    snap!("meeting_form_80x24", app, 80, 24);
    snap!("meeting_form_120x40", app, 120, 40);
    let (_d, mut app) = demo(Lang::En);
    key(&mut app, KeyCode::Char('3'));
    snap!("meetings_80x24_en", app, 80, 24);
}

#[test]
fn roster_with_a_jump_in_progress() {
    for (lang, tag) in [(Lang::Zh, "zh"), (Lang::En, "en")] {
        let (_d, mut app) = demo(lang);
        key(&mut app, KeyCode::Char('3'));
        key(&mut app, KeyCode::Char('n'));
        key(&mut app, KeyCode::Char('1'));
        tab(&mut app, 2);
        typed(&mut app, "zzh"); // 郑振华, near the bottom
        snap!(format!("roster_jump_80x24_{tag}"), app, 80, 24);
    }
}

#[test]
fn roster_with_standing_leave_rows() {
    for (lang, tag) in [(Lang::Zh, "zh"), (Lang::En, "en")] {
        let dir = tempfile::tempdir().unwrap();
        let path = sample_db(dir.path());
        {
            let mut s = Service::open(&path, today()).unwrap();
            let expected = s.expected(&[zhibu::domain::meeting::MeetingKind::GeneralMeeting], None, today()).unwrap();
            let d = |m, day| chrono::NaiveDate::from_ymd_opt(2026, m, day).unwrap();
            for (e, reason, from, to) in
                [(&expected[0], "病休", d(9, 1), d(12, 31)), (&expected[2], "产假", d(10, 8), d(12, 20))]
            {
                let l = zhibu::domain::leave::StandingLeave { member_id: e.member_id, reason: reason.into(), from, to };
                s.save_standing_leave(e.member_id, Some(&l)).unwrap();
            }
        }
        let mut app = app(&path, lang);
        key(&mut app, KeyCode::Char('3'));
        key(&mut app, KeyCode::Char('n'));
        key(&mut app, KeyCode::Char('1'));
        tab(&mut app, 2);
        snap!(format!("roster_standing_leave_80x24_{tag}"), app, 80, 24);
    }
}

#[test]
fn study_tab_and_details() {
    let (_d, mut app) = demo(Lang::Zh);
    key(&mut app, KeyCode::Char('4'));
    snap!("study_80x24", app, 80, 24);
    snap!("study_120x40", app, 120, 40);
    key(&mut app, KeyCode::Char('b'));
    snap!("study_behind_80x24", app, 80, 24);
    key(&mut app, KeyCode::Enter);
    snap!("study_details_80x24", app, 80, 24);
    let (_d, mut app) = demo(Lang::En);
    key(&mut app, KeyCode::Char('4'));
    snap!("study_80x24_en", app, 80, 24);
}

#[test]
fn settings_and_groups_dialogs() {
    let (_d, mut app) = demo(Lang::Zh);
    key(&mut app, KeyCode::Char('s'));
    snap!("settings_80x24", app, 80, 24);
    key(&mut app, KeyCode::Esc);
    key(&mut app, KeyCode::Char('z'));
    snap!("groups_80x24", app, 80, 24);
    key(&mut app, KeyCode::Enter);
    snap!("group_form_80x24", app, 80, 24);
}

#[test]
fn a_terminal_below_the_minimum_says_how_large_it_must_be() {
    let (_d, mut app) = demo(Lang::Zh);
    let s = screen(&mut app, 70, 20);
    assert!(s.contains("80x24"), "{s}");
    snap!("too_small_70x20", app, 70, 20);
}

#[test]
fn evaluation_tab_views() {
    for (lang, tag) in [(Lang::Zh, "zh"), (Lang::En, "en")] {
        let (_d, mut app) = demo(lang);
        key(&mut app, KeyCode::Char('6'));
        snap!(format!("evaluation_sheet_80x24_{tag}"), app, 80, 24);
        snap!(format!("evaluation_sheet_120x40_{tag}"), app, 120, 40);
        // A probationary member's row (listed last): the grade key is refused beside the grade.
        key(&mut app, KeyCode::End);
        key(&mut app, KeyCode::Char('h'));
        snap!(format!("evaluation_refused_80x24_{tag}"), app, 80, 24);
        key(&mut app, KeyCode::Home);
        key(&mut app, KeyCode::Enter);
        snap!(format!("evaluation_grading_form_120x40_{tag}"), app, 120, 40);
        key(&mut app, KeyCode::Esc);
        key(&mut app, KeyCode::Char('v'));
        snap!(format!("evaluation_talks_80x24_{tag}"), app, 80, 24);
        key(&mut app, KeyCode::Char('v'));
        snap!(format!("evaluation_disposals_80x24_{tag}"), app, 80, 24);
        key(&mut app, KeyCode::Char('v'));
        key(&mut app, KeyCode::Char('['));
        snap!(format!("evaluation_commendations_120x40_{tag}"), app, 120, 40);
    }
}

#[test]
fn planned_meetings_coming_up_and_a_cancelled_one() {
    for (lang, tag) in [(Lang::Zh, "zh"), (Lang::En, "en")] {
        let (_d, mut app) = demo(lang);
        // The 待办 tab opens with the coming week's planned meetings first.
        snap!(format!("dashboard_planned_80x24_{tag}"), app, 80, 24);
        // The sample's cancelled October group meeting, selected in the meetings list.
        key(&mut app, KeyCode::Char('3'));
        let id = app
            .service
            .meetings_in_year(2026)
            .unwrap()
            .into_iter()
            .find(|i| i.summary.status == zhibu::domain::meeting::MeetingStatus::Cancelled)
            .expect("the sample's cancelled meeting")
            .summary
            .id;
        app.view_mut::<zhibu::tui::tabs::meetings::MeetingsTab>().table.select_id(id);
        key(&mut app, KeyCode::Down);
        key(&mut app, KeyCode::Up);
        snap!(format!("meetings_cancelled_80x24_{tag}"), app, 80, 24);
    }
}
