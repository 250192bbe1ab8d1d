//! Target 3, the 10,000-member sample: every overdue finding under 100 ms; start to the first
//! frame of the 待办 tab at most 50 ms. Run: `cargo bench --bench overdue` (after divan's wall
//! times it prints CPU time per call, which a busy shared machine does not inflate as much).

mod data;

use divan::Bencher;
use zhibu::service::Service;

const MEMBERS: u32 = 10_000;

fn main() {
    data::sample(MEMBERS);
    divan::main();
    cpu_times();
}

/// CPU time (user + system) of this process, in seconds, on Linux; `None` elsewhere.
fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    let fields: Vec<&str> = stat.rsplit(')').next()?.split_whitespace().collect();
    let ticks: f64 = fields.get(11)?.parse::<f64>().ok()? + fields.get(12)?.parse::<f64>().ok()?;
    Some(ticks / 100.0)
}

/// CPU time per call (averaged over many calls: the clock counts in 10 ms ticks). Skipped when
/// divan is given any argument besides `--bench` (a filter, `--skip`, `--list`, ...), so that one
/// benchmark can be run or profiled alone; options through divan's environment variables.
fn cpu_times() {
    if cpu_seconds().is_none() || std::env::args().skip(1).any(|a| a != "--bench") {
        return;
    }
    let per_call = |name: &str, n: u32, f: &mut dyn FnMut()| {
        f();
        let start = cpu_seconds().unwrap_or(0.0);
        for _ in 0..n {
            f();
        }
        let ms = (cpu_seconds().unwrap_or(0.0) - start) * 1000.0 / f64::from(n);
        println!("cpu per call  {name:<28} {ms:>7.1} ms");
    };
    let path = data::sample(MEMBERS);
    let service = Service::open(&path, data::today()).unwrap();
    per_call("overdue", 20, &mut || drop(service.overdue().unwrap()));
    per_call("meetings_in_year", 20, &mut || drop(service.meetings_in_year(2026).unwrap()));
    per_call("open_first_frame_dashboard", 20, &mut || {
        let mut app = data::open(&path);
        let mut term = data::terminal();
        data::draw(&mut app, &mut term);
    });
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
    first_frame(bencher, data::sample(MEMBERS));
}

/// Opens the file and draws the first frame, as the program does at start.
fn first_frame(bencher: Bencher, path: std::path::PathBuf) {
    bencher.bench_local(|| {
        let mut app = data::open(&path);
        let mut term = data::terminal();
        data::draw(&mut app, &mut term);
        (app, term)
    });
}

/// The same at the sizes branches have: 50 members is the most a 党支部 usually has (支部工作条例
/// Art. 4: "党支部党员人数一般不超过50人"), 500 is ten times that.
#[divan::bench(sample_count = 20, args = [50, 500])]
fn open_first_frame_dashboard_branch_size(bencher: Bencher, members: u32) {
    first_frame(bencher, data::sample(members));
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
