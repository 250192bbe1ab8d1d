//! The legacy Windows console (conhost, code page 936) draws East Asian ambiguous characters two
//! cells wide. With ASCII borders, which that console gets by default, every line the program
//! draws must be as wide under unicode-width's CJK rules as under its normal ones: otherwise a
//! quote typed with a Chinese input method (the sample topic 开展“我为群众办实事”活动), the `·`
//! of a minority name or a `§` in a rule's source pushes the rest of the line out of place.

mod common;

use common::*;
use ratatui::crossterm::event::KeyCode;
use unicode_width::UnicodeWidthStr;
use zhibu::domain::lang::Lang;
use zhibu::service::Service;
use zhibu::tui::app::App;

/// Lines whose widths differ between the two rules, with the screen's name.
fn uneven(name: &str, app: &mut App, w: u16, h: u16) -> Vec<String> {
    screen(app, w, h).lines().filter(|l| l.width() != l.width_cjk()).map(|l| format!("{name} {w}x{h}: {l}")).collect()
}

/// Every tab, each row selected in turn (so that each detail line is drawn), the help, a form,
/// and the settings: the lines that would break in the legacy console.
fn walk(app: &mut App) -> Vec<String> {
    let mut bad = Vec::new();
    for (t, rows) in [('1', 40), ('2', 40), ('3', 60), ('4', 40)] {
        key(app, KeyCode::Char(t));
        for i in 0..rows {
            for (w, h) in [(80, 24), (120, 40)] {
                bad.extend(uneven(&format!("tab {t} row {i}"), app, w, h));
            }
            key(app, KeyCode::Down);
        }
    }
    key(app, KeyCode::Char('?'));
    bad.extend(uneven("help", app, 80, 24));
    key(app, KeyCode::Esc);
    key(app, KeyCode::Char('s'));
    bad.extend(uneven("settings", app, 80, 24));
    key(app, KeyCode::Esc);
    key(app, KeyCode::Char('3'));
    key(app, KeyCode::Char('n'));
    key(app, KeyCode::Tab);
    typed(app, "学习“两会”精神…——§");
    key(app, KeyCode::Tab);
    bad.extend(uneven("meeting form", app, 80, 24));
    bad
}

fn ascii_demo(lang: Lang) -> (tempfile::TempDir, App) {
    let dir = tempfile::tempdir().unwrap();
    let path = sample_db(dir.path());
    let app = App::new(Service::open(&path, today()).expect("open"), lang, false, true);
    (dir, app)
}

#[test]
fn every_line_is_as_wide_in_the_legacy_console_chinese() {
    let (_d, mut app) = ascii_demo(Lang::Zh);
    let bad = walk(&mut app);
    assert!(bad.is_empty(), "{} lines would break in the legacy console:\n{}", bad.len(), bad.join("\n"));
}

#[test]
fn every_line_is_as_wide_in_the_legacy_console_english() {
    let (_d, mut app) = ascii_demo(Lang::En);
    let bad = walk(&mut app);
    assert!(bad.is_empty(), "{} lines would break in the legacy console:\n{}", bad.len(), bad.join("\n"));
}

/// The demo does hold the characters this is about, so the tests above are not vacuous.
#[test]
fn the_demo_has_ambiguous_characters_to_draw() {
    let (_d, app) = ascii_demo(Lang::Zh);
    let topics: Vec<String> =
        app.service.meetings_in_year(2026).unwrap().into_iter().map(|m| m.summary.topic).collect();
    assert!(topics.iter().any(|t| t.contains('“')), "no topic with Chinese quotes in the demo");
}
