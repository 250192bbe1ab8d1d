//! 党费 on the 10,000-member sample (two years of monthly payments: about 240,000 rows): the
//! grid's first frame under 100 ms, a key under 16 ms, every finding (dues included) under
//! 100 ms. Run: `cargo bench --bench dues`.

mod data;

use divan::Bencher;
use ratatui::crossterm::event::KeyCode;
use zhibu::domain::dues::Ym;
use zhibu::service::Service;
use zhibu::tui::app::Tab;

const MEMBERS: u32 = 10_000;

fn main() {
    let path = data::sample(MEMBERS);
    let rows: i64 = rusqlite::Connection::open(&path)
        .and_then(|c| c.query_row("SELECT count(*) FROM dues_payment", [], |r| r.get(0)))
        .unwrap_or(0);
    eprintln!("{} dues payment rows", rows);
    divan::main();
}

/// From the 待办 tab (the app open), `5` to the 党费 tab: its rows loaded and drawn.
#[divan::bench(sample_count = 20)]
fn grid_first_frame(bencher: Bencher) {
    let path = data::sample(MEMBERS);
    bencher.with_inputs(|| (data::open(&path), data::terminal())).bench_local_values(|(mut app, mut term)| {
        data::press(&mut app, &mut term, KeyCode::Char('7'));
        (app, term)
    });
}

/// A Down (or Up) key in the grid and the frame after it.
#[divan::bench]
fn grid_key_down(bencher: Bencher) {
    let mut app = data::open(&data::sample(MEMBERS));
    app.show(Tab::Dues);
    let mut term = data::terminal();
    data::draw(&mut app, &mut term);
    let mut i = 0;
    bencher.bench_local(|| data::press(&mut app, &mut term, data::down_then_up(&mut i, 500)));
}

/// Space on collection day (mark, unmark) and the frame after it.
#[divan::bench]
fn collection_key_space(bencher: Bencher) {
    let mut app = data::open(&data::sample(MEMBERS));
    app.show(Tab::Dues);
    let mut term = data::terminal();
    data::press(&mut app, &mut term, KeyCode::Char('c'));
    bencher.bench_local(|| data::press(&mut app, &mut term, KeyCode::Char(' ')));
}

/// Every finding of the branch, the dues rules included (`Service::overdue`).
#[divan::bench(sample_count = 20)]
fn all_findings(bencher: Bencher) {
    let service = Service::open(&data::sample(MEMBERS), data::today()).unwrap();
    bencher.bench_local(|| service.overdue().unwrap());
}

/// The parts: the year's grid rows, and collection day's list.
mod parts {
    use super::*;

    /// The dues rules' share of `all_findings`: reading the months paid and the four rules.
    #[divan::bench(sample_count = 20)]
    fn dues_findings(bencher: Bencher) {
        let s = Service::open(&data::sample(MEMBERS), data::today()).unwrap();
        bencher.bench_local(|| s.dues_findings().unwrap());
    }

    #[divan::bench(sample_count = 20)]
    fn dues_year(bencher: Bencher) {
        let s = Service::open(&data::sample(MEMBERS), data::today()).unwrap();
        bencher.bench_local(|| s.dues_year(2026).unwrap());
    }

    #[divan::bench(sample_count = 10)]
    fn dues_ledger_two_years(bencher: Bencher) {
        let s = Service::open(&data::sample(MEMBERS), data::today()).unwrap();
        bencher.bench_local(|| s.dues_ledger(2025, 2026).unwrap());
    }

    #[divan::bench(sample_count = 10)]
    fn collection(bencher: Bencher) {
        let s = Service::open(&data::sample(MEMBERS), data::today()).unwrap();
        bencher.bench_local(|| s.collection(Ym::new(2026, 11)).unwrap());
    }
}
