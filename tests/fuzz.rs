//! Random keys, pastes and window sizes (down to 1x1) fed to `App::update` exactly as the event
//! loop does, each drawn on a `TestBackend`: nothing may panic.
//!
//! 100,000 events by default (well under a minute); `ZHIBU_FUZZ_EVENTS=N` runs more, and
//! `ZHIBU_FUZZ_SEED=S` repeats a run (the seed is printed on failure).

mod common;

use std::path::Path;

use common::today;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use zhibu::domain::lang::Lang;
use zhibu::service::Service;
use zhibu::tui::app::App;
use zhibu::tui::keymap::Msg;

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

const TEXT: &[char] = &[
    'a', 'e', 'n', 'd', 'x', 'p', 'l', 'm', 'c', 'g', 'h', 'b', 'o', 'O', 'G', 'j', 'k', 'q', 's', 'z', 't', '[', ']',
    '/', '?', ' ', '-', '.', '0', '1', '2', '3', '4', '5', '9', '张', '三', '党', '·', '\u{202e}', 'é',
];

const SPECIAL: &[KeyCode] = &[
    KeyCode::Tab,
    KeyCode::BackTab,
    KeyCode::Enter,
    KeyCode::Esc,
    KeyCode::Up,
    KeyCode::Down,
    KeyCode::Left,
    KeyCode::Right,
    KeyCode::PageUp,
    KeyCode::PageDown,
    KeyCode::Home,
    KeyCode::End,
    KeyCode::Backspace,
    KeyCode::Delete,
];

fn random_key(rng: &mut Rng) -> KeyEvent {
    match rng.below(20) {
        0 => KeyEvent::new(KeyCode::Char(['s', 'r', 'c', 'a', 'e'][rng.below(5)]), KeyModifiers::CONTROL),
        1..=8 => KeyEvent::new(SPECIAL[rng.below(SPECIAL.len())], KeyModifiers::NONE),
        _ => KeyEvent::new(KeyCode::Char(TEXT[rng.below(TEXT.len())]), KeyModifiers::NONE),
    }
}

fn random_size(rng: &mut Rng) -> (u16, u16) {
    match rng.below(8) {
        // Tiny, including 1x1.
        0 | 1 => (1 + rng.below(12) as u16, 1 + rng.below(12) as u16),
        // Narrow or low only.
        2 => (1 + rng.below(90) as u16, 1 + rng.below(8) as u16),
        3 => (1 + rng.below(8) as u16, 1 + rng.below(40) as u16),
        // Large (fewer, as every frame is drawn in full).
        4 => (100 + rng.below(60) as u16, 30 + rng.below(20) as u16),
        // Around the smallest usable size, where most users are.
        _ => (76 + rng.below(8) as u16, 22 + rng.below(4) as u16),
    }
}

#[test]
fn random_keys_and_sizes_never_panic() {
    let events: usize = std::env::var("ZHIBU_FUZZ_EVENTS").ok().and_then(|v| v.parse().ok()).unwrap_or(100_000);
    let seed: u64 = std::env::var("ZHIBU_FUZZ_SEED").ok().and_then(|v| v.parse().ok()).unwrap_or_else(|| {
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos() as u64
    }) | 1;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("demo.db");
    std::fs::copy(Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-db/demo.db"), &path).unwrap();

    let result = std::panic::catch_unwind(|| {
        let mut rng = Rng(seed);
        let lang = if seed % 2 == 0 { Lang::Zh } else { Lang::En };
        let mut app = App::new(Service::open(&path, today()).unwrap(), lang, false, false);
        let mut term = Terminal::new(TestBackend::new(80, 24)).unwrap();
        for _ in 0..events {
            match rng.below(50) {
                0 | 1 => {
                    let (w, h) = random_size(&mut rng);
                    term.backend_mut().resize(w, h);
                    term.resize(ratatui::layout::Rect::new(0, 0, w, h)).unwrap();
                }
                2 => {
                    if !app.too_small {
                        app.update(Msg::Paste("粘贴\t的\n文字=1+1".into()));
                    }
                }
                _ => {
                    let key = random_key(&mut rng);
                    if let Some(msg) = app.key_to_msg(key) {
                        app.update(msg);
                    }
                }
            }
            // Quitting is a normal outcome: carry on with the same app.
            if app.quit {
                app.quit = false;
            }
            term.draw(|f| zhibu::tui::view::render(&mut app, f)).unwrap();
        }
    });
    assert!(result.is_ok(), "panicked; repeat with ZHIBU_FUZZ_SEED={seed}");
}
