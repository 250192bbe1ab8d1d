//! Shared test helpers: a sample database, driving the app with keys as the event loop does,
//! and rendering to text.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use zhibu::domain::lang::Lang;
use zhibu::service::Service;
use zhibu::tui::app::App;

pub fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 28).unwrap()
}

/// A fresh copy of the demo branch as of 2026-11-28 in a temp folder.
pub fn sample_db(dir: &Path) -> PathBuf {
    let path = dir.join("demo.db");
    let mut s = Service::open(&path, today()).expect("create");
    zhibu::cli::sample::generate(&mut s, today(), zhibu::cli::sample::DEFAULT_MEMBERS).expect("sample");
    // As `zhibu sample --out demo.db` writes it.
    s.mark_sample_file("demo.db").expect("mark");
    path
}

pub fn app(path: &Path, lang: Lang) -> App {
    App::new(Service::open(path, today()).expect("open"), lang, false, false)
}

/// Sends one key through `keymap::resolve` and `App::update`, exactly as the loop does.
pub fn key(app: &mut App, code: KeyCode) {
    key_mod(app, code, KeyModifiers::NONE);
}

pub fn key_mod(app: &mut App, code: KeyCode, mods: KeyModifiers) {
    if let Some(msg) = app.key_to_msg(KeyEvent::new(code, mods)) {
        app.update(msg);
    }
}

pub fn ctrl(app: &mut App, c: char) {
    key_mod(app, KeyCode::Char(c), KeyModifiers::CONTROL);
}

/// Types text one character at a time (as an IME commits it).
pub fn typed(app: &mut App, text: &str) {
    for c in text.chars() {
        key(app, KeyCode::Char(c));
    }
}

pub fn tab(app: &mut App, n: usize) {
    for _ in 0..n {
        key(app, KeyCode::Tab);
    }
}

/// The screen as text, one line per row, as a person sees it (a wide character covers the
/// next cell).
pub fn screen(app: &mut App, w: u16, h: u16) -> String {
    use unicode_width::UnicodeWidthStr;
    let mut t = Terminal::new(TestBackend::new(w, h)).expect("terminal");
    t.draw(|f| zhibu::tui::view::render(app, f)).expect("draw");
    let buf = t.backend().buffer();
    let mut out = String::new();
    for y in 0..h {
        let mut skip = 0;
        let mut line = String::new();
        for x in 0..w {
            if skip > 0 {
                skip -= 1;
                continue;
            }
            let sym = buf[(x, y)].symbol();
            skip = sym.width().saturating_sub(1);
            line.push_str(sym);
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}
