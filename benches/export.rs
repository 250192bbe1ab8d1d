//! The 10,000-member sample's yearly 台账 as xlsx: < 10 s (peak memory < 150 MB is measured by
//! `scripts/bench.sh` around `zhibu export taizhang`). Run: `cargo bench --bench export`.

mod data;

use divan::Bencher;
use zhibu::service::Service;

const MEMBERS: u32 = 10_000;

fn main() {
    data::sample(MEMBERS);
    divan::main();
}

/// Opening the file and writing the three sheets to a new workbook.
#[divan::bench(sample_count = 3)]
fn export_taizhang_10000(bencher: Bencher) {
    let path = data::sample(MEMBERS);
    let dir = tempfile::tempdir().unwrap();
    let mut n = 0;
    bencher.bench_local(|| {
        n += 1;
        let s = Service::open(&path, data::today()).unwrap();
        s.export_taizhang(2026, &dir.path().join(format!("t{n}.xlsx"))).unwrap();
    });
}
