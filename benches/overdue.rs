//! Target 3, the 10,000-member sample: every overdue finding under 100 ms; start to the first
//! frame of the 待办 tab under 150 ms. Run: `cargo bench --bench overdue`.

mod data;

use divan::Bencher;
use zhibu::service::Service;

const MEMBERS: u32 = 10_000;

fn main() {
    data::sample(MEMBERS);
    divan::main();
}

/// `Service::overdue` on an open database.
#[divan::bench(sample_count = 20)]
fn overdue(bencher: Bencher) {
    let service = Service::open(&data::sample(MEMBERS), data::today()).unwrap();
    bencher.bench_local(|| service.overdue().unwrap());
}

/// `Service::open` through the first frame: `App::new` opens on the 待办 tab.
#[divan::bench(sample_count = 20)]
fn open_first_frame_dashboard(bencher: Bencher) {
    let path = data::sample(MEMBERS);
    bencher.bench_local(|| {
        let mut app = data::open(&path);
        let mut term = data::terminal();
        data::draw(&mut app, &mut term);
        (app, term)
    });
}

/// The service calls `App::new` makes (through `App::reload`), one by one, to see where the
/// time of the first frame goes.
mod reload_parts {
    use super::*;

    fn service() -> Service {
        Service::open(&data::sample(MEMBERS), data::today()).unwrap()
    }

    #[divan::bench(sample_count = 20)]
    fn study_year(bencher: Bencher) {
        let s = service();
        bencher.bench_local(|| s.study_year(2026).unwrap());
    }

    #[divan::bench(sample_count = 20)]
    fn members(bencher: Bencher) {
        let s = service();
        bencher.bench_local(|| s.members().unwrap());
    }

    #[divan::bench(sample_count = 20)]
    fn member_items(bencher: Bencher) {
        let s = service();
        bencher.bench_local(|| s.member_items().unwrap());
    }

    #[divan::bench(sample_count = 20)]
    fn year_grid(bencher: Bencher) {
        let s = service();
        bencher.bench_local(|| s.year_grid(2026).unwrap());
    }

    #[divan::bench(sample_count = 20)]
    fn meetings_in_year(bencher: Bencher) {
        let s = service();
        bencher.bench_local(|| s.meetings_in_year(2026).unwrap());
    }
}
