//! Target 1, the 10,000-member sample: open + first frame of the members tab under 100 ms, a Down
//! key redrawn under 5 ms; and how long the damage check (`quick_check`) takes. Run: `cargo bench
//! --bench members` (see `scripts/bench.sh`).

mod data;

use divan::Bencher;
use zhibu::service::Service;
use zhibu::tui::app::Tab;

const MEMBERS: u32 = 10_000;

fn main() {
    data::sample(MEMBERS);
    divan::main();
}

/// `Service::open` through the first frame of the members tab.
#[divan::bench(sample_count = 20)]
fn open_first_frame_members(bencher: Bencher) {
    let path = data::sample(MEMBERS);
    bencher.bench_local(|| {
        let mut app = data::open(&path);
        app.show(Tab::Members);
        let mut term = data::terminal();
        data::draw(&mut app, &mut term);
        (app, term)
    });
}

/// Only `Service::open` (file checks, pragmas, migrations, settings).
#[divan::bench]
fn service_open(bencher: Bencher) {
    let path = data::sample(MEMBERS);
    bencher.bench_local(|| Service::open(&path, data::today()).unwrap());
}

/// A Down (or Up) key in the members tab and the frame after it.
#[divan::bench]
fn key_down_members(bencher: Bencher) {
    let mut app = data::open(&data::sample(MEMBERS));
    app.show(Tab::Members);
    let mut term = data::terminal();
    data::draw(&mut app, &mut term);
    let mut i = 0;
    bencher.bench_local(|| data::press(&mut app, &mut term, data::down_then_up(&mut i, 500)));
}

/// `PRAGMA quick_check` of the 10,000-member sample: the interactive program runs it after its
/// first frame (so it never delays it), reports and backups before they read.
#[divan::bench(sample_count = 5)]
fn quick_check_sample(bencher: Bencher) {
    let s = Service::open_read_only(&data::sample(MEMBERS), data::today()).unwrap();
    bencher.bench_local(|| s.quick_check().unwrap());
}

/// The same on the committed demo branch, the size of a real branch's file.
#[divan::bench]
fn quick_check_demo(bencher: Bencher) {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-db/demo.db");
    let s = Service::open_read_only(&path, data::today()).unwrap();
    bencher.bench_local(|| s.quick_check().unwrap());
}
