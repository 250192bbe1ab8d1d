//! The 流动 tab and the rules about members away on the 10,000-member sample with one member
//! in ten away (1,000 absences, each with a certificate for half of them and a report, two
//! contacts and a change). Targets: the tab's first frame < 100 ms, a key < 16 ms, every finding
//! (all rules) < 100 ms.
//! Run: `cargo bench --bench mobile` (after divan's wall times it prints CPU time per call, which
//! a busy shared machine does not inflate as much).

mod data;

use std::path::PathBuf;

use chrono::Duration;
use divan::Bencher;
use ratatui::crossterm::event::KeyCode;
use rusqlite::{Connection, params};
use zhibu::service::Service;

const MEMBERS: u32 = 10_000;

fn main() {
    db();
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

/// CPU time per call (averaged over many calls: the clock counts in 10 ms ticks).
fn cpu_times() {
    if cpu_seconds().is_none() || std::env::args().any(|a| a == "--list") {
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
    let path = db();
    let service = Service::open(&path, data::today()).unwrap();
    per_call("overdue_all_rules", 20, &mut || drop(service.overdue().unwrap()));
    per_call("mobile_rows", 20, &mut || drop(service.mobile_rows(false).unwrap()));
    let mut app = data::open(&path);
    let mut term = data::terminal();
    per_call("switch_to_mobile", 20, &mut || {
        data::press(&mut app, &mut term, KeyCode::Char('1'));
        data::press(&mut app, &mut term, KeyCode::Char('8'));
    });
    let mut i = 0;
    per_call("key_down_mobile", 400, &mut || {
        let key = data::down_then_up(&mut i, 200);
        data::press(&mut app, &mut term, key)
    });
}

/// The sample with its own absences replaced by one member in ten away, written with plain
/// SQL in one transaction.
fn db() -> PathBuf {
    let sample = data::sample(MEMBERS);
    data::cached(&format!("mobile-{MEMBERS}-{}-v1.db", data::today()), |path| {
        Connection::open(&sample).unwrap().execute("VACUUM INTO ?1", [path.to_str().unwrap()]).unwrap();
        // A sample cached by an older program gets the mobile tables first.
        drop(Service::open(path, data::today()).unwrap());
        let mut c = Connection::open(path).unwrap();
        let tx = c.transaction().unwrap();
        write(&tx).unwrap();
        tx.commit().unwrap();
    })
}

fn write(c: &Connection) -> rusqlite::Result<()> {
    let today = data::today();
    c.execute_batch("DELETE FROM mobile_log; DELETE FROM mobile_outflow;")?;
    let members: Vec<i64> = c
        .prepare("SELECT id FROM member WHERE archived_on IS NULL ORDER BY id")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let mut outflow = c.prepare(
        "INSERT INTO mobile_outflow (member_id, status, reason, departed_on, place, employer, contact, talk_on,
                                     cert_no, cert_issued_on, cert_stamped)
         VALUES (?1, ?2, '外出务工', ?3, '广东省深圳市', '电子厂', '13900000000', ?3, ?4, ?5, 1)",
    )?;
    let mut log = c.prepare(
        "INSERT INTO mobile_log (outflow_id, kind, date, channel, content) VALUES (?1, ?2, ?3, '电话', '近况')",
    )?;
    for (i, id) in members.iter().enumerate().filter(|(i, _)| i % 10 == 3) {
        let left = today - Duration::days(30 + (i as i64 * 7) % 700);
        let status = if i % 40 == 3 { "preparing" } else { "away" };
        let left = if status == "preparing" { today + Duration::days(10) } else { left };
        let cert = (i % 20 == 3).then(|| format!("B{i:06}"));
        outflow.execute(params![id, status, left.to_string(), cert, cert.as_ref().map(|_| left.to_string())])?;
        let o = c.last_insert_rowid();
        if status == "away" {
            for (k, kind) in ["report", "contact", "change", "contact"].iter().enumerate() {
                let date = (left + Duration::days(20 + 60 * k as i64)).min(today);
                log.execute(params![o, kind, date.to_string()])?;
            }
        }
    }
    Ok(())
}

/// `Service::overdue`: every rule, the mobile ones included.
#[divan::bench(sample_count = 20)]
fn overdue_all_rules(bencher: Bencher) {
    let service = Service::open(&db(), data::today()).unwrap();
    bencher.bench_local(|| service.overdue().unwrap());
}

/// The tab's rows: every absence with its log.
#[divan::bench(sample_count = 20)]
fn mobile_rows(bencher: Bencher) {
    let service = Service::open(&db(), data::today()).unwrap();
    bencher.bench_local(|| service.mobile_rows(false).unwrap());
}

/// `Service::open` through the first frame of the 流动 tab (the 待办 tab loads first, as at start).
#[divan::bench(sample_count = 20)]
fn open_first_frame_mobile(bencher: Bencher) {
    let path = db();
    bencher.bench_local(|| {
        let mut app = data::open(&path);
        let mut term = data::terminal();
        data::press(&mut app, &mut term, KeyCode::Char('8'));
        (app, term)
    });
}

/// From another tab, `8` to the 流动 tab and its frame (the tab's rows are read on each visit).
#[divan::bench(sample_count = 20)]
fn switch_to_mobile(bencher: Bencher) {
    let mut app = data::open(&db());
    let mut term = data::terminal();
    bencher.bench_local(|| {
        data::press(&mut app, &mut term, KeyCode::Char('1'));
        data::press(&mut app, &mut term, KeyCode::Char('8'));
    });
}

/// Down (and back up) in the 1,000 absences, with a redraw.
#[divan::bench(sample_count = 50)]
fn key_down_mobile(bencher: Bencher) {
    let mut app = data::open(&db());
    let mut term = data::terminal();
    data::press(&mut app, &mut term, KeyCode::Char('8'));
    let mut i = 0;
    bencher.bench_local(|| {
        let key = data::down_then_up(&mut i, 200);
        data::press(&mut app, &mut term, key)
    });
}
