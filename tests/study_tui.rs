//! The 学习 tab on the demo branch: a member's activities (`Enter`) move with the keys of every
//! table, and their title is cut with a mark when it does not fit.

mod common;

use common::*;
use ratatui::crossterm::event::KeyCode;
use zhibu::domain::lang::Lang;
use zhibu::tui::app::App;

fn demo(lang: Lang) -> (tempfile::TempDir, App) {
    let dir = tempfile::tempdir().unwrap();
    let path = sample_db(dir.path());
    let app = app(&path, lang);
    (dir, app)
}

/// The dates of the activity rows on the screen (a row starts with `│YYYY-`).
fn dates_shown(screen: &str) -> Vec<String> {
    screen
        .lines()
        .filter_map(|l| l.strip_prefix('│').or_else(|| l.strip_prefix('|')))
        .filter(|l| l.starts_with("20") && l.as_bytes().get(4) == Some(&b'-'))
        .map(|l| l[..10].to_string())
        .collect()
}

/// `Home`/`End`/`PgUp`/`PgDn` (and `g`/`G`) move through a member's activities as through any
/// table, not only `j`/`k` and the arrows.
#[test]
fn a_members_activities_page_with_home_end_and_page_keys() {
    let (_d, mut app) = demo(Lang::Zh);
    key(&mut app, KeyCode::Char('4'));
    // The first member (孙春生, behind) has more activities than 80x24 shows.
    key(&mut app, KeyCode::Enter);
    let at_end = dates_shown(&screen(&mut app, 80, 24));
    assert!(at_end.len() > 5, "{at_end:?}");
    let (first_shown, last) = (at_end[0].clone(), at_end.last().unwrap().clone());

    key(&mut app, KeyCode::Home);
    let top = dates_shown(&screen(&mut app, 80, 24));
    assert!(top[0] < first_shown, "Home shows earlier rows: {top:?}");
    assert!(!top.contains(&last), "{top:?}");

    key(&mut app, KeyCode::End);
    assert_eq!(dates_shown(&screen(&mut app, 80, 24)).last(), Some(&last), "End goes back to the last");

    key(&mut app, KeyCode::Char('g'));
    assert_eq!(dates_shown(&screen(&mut app, 80, 24)), top, "g is Home");
    key(&mut app, KeyCode::Char('G'));
    assert_eq!(dates_shown(&screen(&mut app, 80, 24)).last(), Some(&last), "G is End");

    key(&mut app, KeyCode::Home);
    let _ = screen(&mut app, 80, 24);
    key(&mut app, KeyCode::PageDown);
    key(&mut app, KeyCode::PageDown);
    assert_eq!(dates_shown(&screen(&mut app, 80, 24)).last(), Some(&last), "two pages reach the end");
    key(&mut app, KeyCode::PageUp);
    key(&mut app, KeyCode::PageUp);
    assert_eq!(dates_shown(&screen(&mut app, 80, 24)), top, "two pages back reach the top");

    // The list stays open and still closes with Esc.
    key(&mut app, KeyCode::Esc);
    assert!(dates_shown(&screen(&mut app, 80, 24)).is_empty());
}
