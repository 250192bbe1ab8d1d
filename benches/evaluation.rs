//! The 评议 tab on the 10,000-member sample (a full round for last year, half of this year's,
//! talks for most members): the sheet's first frame < 100 ms, a grade key with its redraw
//! < 16 ms, every finding (评议 included) < 100 ms. Run: `cargo bench --bench evaluation`.

mod data;

use divan::Bencher;
use ratatui::crossterm::event::KeyCode;
use zhibu::service::Service;
use zhibu::tui::app::Tab;

const MEMBERS: u32 = 10_000;

fn main() {
    data::sample(MEMBERS);
    divan::main();
}

/// From the 待办 tab: `5` loads the sheet (and the first member's facts) and draws it; `1`
/// goes back, so that every sample loads the sheet afresh.
#[divan::bench(sample_count = 20)]
fn sheet_first_frame(bencher: Bencher) {
    let mut app = data::open(&data::sample(MEMBERS));
    let mut term = data::terminal();
    data::draw(&mut app, &mut term);
    bencher.bench_local(|| {
        data::press(&mut app, &mut term, KeyCode::Char('6'));
        app.show(Tab::Dashboard);
    });
}

/// One grade key on the sheet with its redraw: `h` (合格) saves, moves down and reads the next
/// member's facts; `Up` returns, so every sample grades the same row.
#[divan::bench(sample_count = 50)]
fn grade_key(bencher: Bencher) {
    let mut app = data::open(&data::sample(MEMBERS));
    app.show(Tab::Evaluation);
    let mut term = data::terminal();
    data::draw(&mut app, &mut term);
    bencher.bench_local(|| {
        data::press(&mut app, &mut term, KeyCode::Char('h'));
        data::press(&mut app, &mut term, KeyCode::Up);
    });
}

/// Every finding, 评议 included: `Service::overdue`.
#[divan::bench(sample_count = 20)]
fn all_findings(bencher: Bencher) {
    let service = Service::open(&data::sample(MEMBERS), data::today()).unwrap();
    bencher.bench_local(|| service.overdue().unwrap());
}

/// Only the 评议 findings (their share of `all_findings`).
#[divan::bench(sample_count = 20)]
fn evaluation_findings_only(bencher: Bencher) {
    let service = Service::open(&data::sample(MEMBERS), data::today()).unwrap();
    bencher.bench_local(|| service.evaluation_overdue().unwrap());
}

/// `Service::evaluation_sheet` alone.
#[divan::bench(sample_count = 20)]
fn evaluation_sheet(bencher: Bencher) {
    let service = Service::open(&data::sample(MEMBERS), data::today()).unwrap();
    bencher.bench_local(|| service.evaluation_sheet(2026).unwrap());
}
