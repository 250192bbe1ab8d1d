//! Older members through the keys: the under-18 confirmation, the era hints, the 党龄 column and
//! the 光荣在党50年 form; then the file is reopened and its rows checked.

mod common;

use chrono::NaiveDate;
use common::*;
use ratatui::crossterm::event::KeyCode;
use zhibu::domain::lang::Lang;
use zhibu::domain::rules::RuleId;
use zhibu::service::Service;
use zhibu::tui::app::{App, Overlay};

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// A new member admitted 1948-05-01 at 17, without probation: name, birth, admission, conversion.
fn type_elder(app: &mut App) {
    key(app, KeyCode::Char('n'));
    typed(app, "刘长顺");
    tab(app, 2);
    typed(app, "1931-03-01");
    tab(app, 7);
    typed(app, "1948-05-01");
    key(app, KeyCode::Tab);
    typed(app, "1948-05-01");
}

#[test]
fn admission_under_eighteen_before_1956_asks_and_saves_only_on_yes() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("new.db");
    let mut app = app(&path, Lang::Zh);
    type_elder(&mut app);
    let Overlay::Form(form) = &app.overlay else { panic!("the member form is open") };
    assert_eq!(form.field("admission_date").hint, "1945.4.23-1956.9.14 预备期长短不一");
    assert_eq!(form.field("conversion_date").hint, "以志愿书为准；党龄自转正起算");

    ctrl(&mut app, 's');
    let Overlay::Confirm(c) = &app.overlay else { panic!("a question before saving") };
    assert_eq!(c.text, "入党时未满十八岁，确认？(y/n)");
    key(&mut app, KeyCode::Char('n'));
    assert!(matches!(app.overlay, Overlay::Form(_)), "no: back to the form");
    assert_eq!(Service::open(&path, today()).unwrap().members().unwrap().len(), 0);

    ctrl(&mut app, 's');
    key(&mut app, KeyCode::Char('y'));
    assert!(matches!(app.overlay, Overlay::None), "yes: saved and closed");
    drop(app);
    let s = Service::open(&path, today()).unwrap();
    let m = &s.members().unwrap()[0];
    assert_eq!((m.draft.admission_date, m.draft.conversion_date), (day(1948, 5, 1), Some(day(1948, 5, 1))));
}

#[test]
fn a_probationary_member_of_1975_is_refused_beside_the_status() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("new.db");
    let mut app = app(&path, Lang::Zh);
    key(&mut app, KeyCode::Char('n'));
    typed(&mut app, "王淑芬");
    tab(&mut app, 2);
    typed(&mut app, "1950-03-01");
    // Status: 预备党员 (the first choice), then the admission date.
    tab(&mut app, 6);
    key(&mut app, KeyCode::Left);
    key(&mut app, KeyCode::Tab);
    typed(&mut app, "1975-03-01");
    let Overlay::Form(form) = &app.overlay else { panic!("the member form is open") };
    assert_eq!(form.field("admission_date").hint, "1969.4.1-1977.8.11 无预备期");
    ctrl(&mut app, 's');
    let Overlay::Form(form) = &app.overlay else { panic!("the form stays open") };
    let err = form.field("status").error.clone().unwrap_or_default();
    assert!(err.contains("没有预备期"), "{err}");
    drop(app);
    assert_eq!(Service::open(&path, today()).unwrap().members().unwrap().len(), 0);
}

#[test]
fn the_honours_list_is_recorded_as_reported_from_the_members_tab() {
    let dir = tempfile::tempdir().unwrap();
    let path = sample_db(dir.path());
    let may = day(2026, 5, 20);
    let mut app = App::new(Service::open(&path, may).unwrap(), Lang::Zh, false, false);
    assert!(app.overdue.findings.iter().any(|f| f.rule == RuleId::Honours));
    key(&mut app, KeyCode::Char('2'));
    key(&mut app, KeyCode::Char('r'));
    let Overlay::Form(form) = &app.overlay else { panic!("the honours form is open") };
    assert_eq!(form.text("honours_year"), "2026");
    assert!(form.field("honours_year").hint.contains("赵立本"), "{}", form.field("honours_year").hint);
    ctrl(&mut app, 's');
    assert!(matches!(app.overlay, Overlay::None), "saved and closed");
    assert!(!app.overdue.findings.iter().any(|f| f.rule == RuleId::Honours), "the reminder ends");
    drop(app);
    let s = Service::open(&path, may).unwrap();
    assert_eq!(s.honours(2026).unwrap().report.map(|r| r.reported_on), Some(may));
}

#[test]
fn the_members_table_shows_and_sorts_by_party_age_on_a_wide_screen() {
    let dir = tempfile::tempdir().unwrap();
    let path = sample_db(dir.path());
    let mut app = app(&path, Lang::Zh);
    key(&mut app, KeyCode::Char('2'));
    let wide = screen(&mut app, 140, 40);
    assert!(wide.contains("党龄"), "{wide}");
    let narrow = screen(&mut app, 80, 24);
    assert!(!narrow.lines().nth(2).unwrap_or("").contains("党龄"), "{narrow}");
    // On the wide screen again, `o` nine times sorts by the ninth column (党龄) (`o` passes
    // over the columns a narrow screen drops), `O` turns it to the longest first: by years, not
    // as text ("67" before "9").
    screen(&mut app, 140, 40);
    for _ in 0..9 {
        key(&mut app, KeyCode::Char('o'));
    }
    key(&mut app, KeyCode::Char('O'));
    let wide = screen(&mut app, 140, 40);
    let rows: Vec<&str> = wide.lines().skip(3).take(3).collect();
    assert!(rows[0].contains("周福田") && rows[0].contains(" 67 "), "{wide}");
    assert!(rows[1].contains("韩德胜") && rows[1].contains(" 63 "), "{wide}");
    assert!(rows[2].contains("陈淑华") && rows[2].contains(" 54 "), "{wide}");
}
