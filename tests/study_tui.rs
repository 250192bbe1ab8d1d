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

/// A member's activities under a long name: the title is cut with its mark before the count
/// (it ran into the count, or was cut without a mark), and the name is drawn alike in every
/// console (`・`, not the ambiguous `·`) in English too.
#[test]
fn a_long_title_is_cut_with_its_mark_before_the_count() {
    for lang in [Lang::Zh, Lang::En] {
        let name = "阿依古丽・买买提";
        use zhibu::tui::table::TableRow;
        use zhibu::tui::tabs::study::StudyTab;
        let (_d, mut app) = demo(lang);
        key(&mut app, KeyCode::Char('4'));
        while app.view::<StudyTab>().table.selected().map(|r| r.cell(0).to_string()).as_deref() != Some(name) {
            key(&mut app, KeyCode::Down);
        }
        key(&mut app, KeyCode::Enter);
        let text = screen(&mut app, 80, 24);
        let title = text.lines().nth(1).unwrap();
        assert!(!title.contains('\u{b7}'), "{title}");
        assert!(title.contains("~ ─"), "cut with its mark: {title}");
        assert!(title.ends_with("─ 26 ┐"), "the count stands apart: {title}");
    }
}
