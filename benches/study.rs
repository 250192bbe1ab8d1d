//! Target 2, 2,000 members and 10 years of weekly meetings (about 1.1 million attendance rows):
//! `Service::study_year` under 100 ms, `zhibu report study` under 300 ms from process start to
//! exit, a key in the 学习 and 三会一课 tabs redrawn under 16 ms. Run: `cargo bench --bench study`.

mod data;

use std::cell::RefCell;
use std::process::{Command, Stdio};

use divan::Bencher;
use ratatui::crossterm::event::KeyCode;
use zhibu::service::Service;
use zhibu::tui::app::App;
use zhibu::tui::keymap::Msg;

fn db() -> std::path::PathBuf {
    data::weekly(2_000, 10)
}

fn main() {
    db();
    // `scripts/bench.sh` only wants the database made.
    if std::env::var_os("ZHIBU_BENCH_DATA_ONLY").is_some() {
        return;
    }
    divan::main();
}

/// The 学习 tab's figures for this year.
#[divan::bench(sample_count = 20)]
fn study_year(bencher: Bencher) {
    let service = Service::open(&db(), data::today()).unwrap();
    bencher.bench_local(|| service.study_year(2026).unwrap());
}

/// `zhibu report study` as a process, start to exit (the bench profile's build of the binary).
#[divan::bench(sample_count = 10)]
fn report_study_process(bencher: Bencher) {
    let path = db();
    bencher.bench_local(|| {
        let status = Command::new(env!("CARGO_BIN_EXE_zhibu"))
            .args(["--today", "2026-11-28", "report", "study", "--db"])
            .arg(&path)
            .stdout(Stdio::null())
            .status()
            .unwrap();
        assert!(status.success());
    });
}

/// `Service::open` through the first frame of the 待办 tab (for comparison).
#[divan::bench(sample_count = 10)]
fn open_first_frame_dashboard(bencher: Bencher) {
    let path = db();
    bencher.bench_local(|| {
        let mut app = data::open(&path);
        let mut term = data::terminal();
        data::draw(&mut app, &mut term);
        (app, term)
    });
}

fn on_tab(tab: u8) -> (App, ratatui::Terminal<ratatui::backend::TestBackend>) {
    let mut app = data::open(&db());
    app.update(Msg::GotoTab(tab));
    let mut term = data::terminal();
    data::draw(&mut app, &mut term);
    (app, term)
}

/// Down (or Up) and the frame after it; tab 3 is 三会一课, 4 is 学习.
#[divan::bench(args = [3, 4])]
fn key_down(bencher: Bencher, tab: u8) {
    let (mut app, mut term) = on_tab(tab);
    let mut i = 0;
    bencher.bench_local(|| data::press(&mut app, &mut term, data::down_then_up(&mut i, 200)));
}

/// `[` then `]` (previous/next year) and the frame after each.
#[divan::bench(args = [3, 4], sample_count = 10)]
fn key_year(bencher: Bencher, tab: u8) {
    let (mut app, mut term) = on_tab(tab);
    let mut back = false;
    bencher.bench_local(|| {
        back = !back;
        data::press(&mut app, &mut term, if back { KeyCode::Char('[') } else { KeyCode::Char(']') });
    });
}

/// Enter: the member's activity list in 学习, the meeting form in 三会一课, with the frame after
/// it. Esc closes it again between samples, untimed.
#[divan::bench(args = [3, 4], sample_size = 1)]
fn key_enter(bencher: Bencher, tab: u8) {
    let state = RefCell::new(on_tab(tab));
    let press = |code| {
        let (app, term) = &mut *state.borrow_mut();
        data::press(app, term, code);
    };
    bencher.with_inputs(|| press(KeyCode::Esc)).bench_local_values(|()| press(KeyCode::Enter));
}
