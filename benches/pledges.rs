//! The 承诺 tab and the contact-and-service rules on the 10,000-member sample with two pledges
//! and five service records per member (20,000 pledges, 50,000 records). Targets: the tab's
//! first frame < 100 ms, a key < 16 ms, every finding (all rules) < 100 ms.
//! Run: `cargo bench --bench pledges` (after divan's wall times it prints CPU time per call, which
//! a busy shared machine does not inflate as much).

mod data;

use std::path::{Path, PathBuf};

use chrono::{Datelike, Duration};
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

/// Divan measures wall time, which on a busy shared machine includes waiting for a core; the
/// CPU time per call is printed too (averaged over many calls: the clock counts in 10 ms ticks).
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
    per_call("pledges_year", 20, &mut || drop(service.pledges_year(2026).unwrap()));
    let mut app = data::open(&path);
    let mut term = data::terminal();
    per_call("switch_to_pledges", 20, &mut || {
        data::press(&mut app, &mut term, KeyCode::Char('1'));
        data::press(&mut app, &mut term, KeyCode::Char('5'));
    });
    let mut i = 0;
    per_call("key_down_pledges", 400, &mut || {
        let key = data::down_then_up(&mut i, 200);
        data::press(&mut app, &mut term, key)
    });
    let mut next = true;
    per_call("key_year_pledges", 20, &mut || {
        let key = if next { KeyCode::Char(']') } else { KeyCode::Char('[') };
        next = !next;
        data::press(&mut app, &mut term, key)
    });
}

/// The sample with its own pledges and service records replaced by exactly two pledges and five
/// service records per member in the branch, written with plain SQL in one transaction.
fn db() -> PathBuf {
    let sample = data::sample(MEMBERS);
    data::cached(&format!("pledges-{MEMBERS}-{}-v1.db", data::today()), |path| {
        Connection::open(&sample).unwrap().execute("VACUUM INTO ?1", [path.to_str().unwrap()]).unwrap();
        let mut c = Connection::open(path).unwrap();
        let tx = c.transaction().unwrap();
        write(&tx, path).unwrap();
        tx.commit().unwrap();
    })
}

fn write(c: &Connection, _path: &Path) -> rusqlite::Result<()> {
    let today = data::today();
    let year = today.year();
    c.execute_batch("DELETE FROM pledge; DELETE FROM service_record;")?;
    let members: Vec<(i64, String)> = c
        .prepare("SELECT id, max(admission_date, coalesce(joined_on, '')) FROM member WHERE archived_on IS NULL")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut pledge = c.prepare(
        "INSERT INTO pledge (member_id, year, content, category, beneficiary, pledged_on, target_date, status,
                             fulfilled_on, verified_on, evaluation)
         VALUES (?1, ?2, ?3, 'help', '困难群众', ?4, ?5, ?6, ?7, ?7, ?8)",
    )?;
    let mut service = c.prepare(
        "INSERT INTO service_record (member_id, date, kind, counterpart, description, minutes, issue, feedback_on)
         VALUES (?1, ?2, ?3, '居民', '服务群众', 120, ?4, ?5)",
    )?;
    let kinds = ["volunteer", "station_duty", "reception", "visit", "pairing_visit"];
    for (i, (id, start)) in members.iter().enumerate() {
        let start = zhibu::domain::dates::parse_iso(start).unwrap_or(today);
        let first = chrono::NaiveDate::from_ymd_opt(year, 2, 20).unwrap().max(start).min(today);
        for n in 0..2i64 {
            let target = first + Duration::days(60 + 90 * n);
            let done = target < today && i % 7 != 3;
            let (status, fulfilled, evaluation) = if done {
                ("fulfilled", Some(target.to_string()), (i % 5 != 1).then_some("satisfied"))
            } else {
                ("in_progress", None, None)
            };
            pledge.execute(params![
                id,
                year,
                format!("为群众办实事{}", n + 1),
                first.to_string(),
                target.to_string(),
                status,
                fulfilled,
                evaluation
            ])?;
        }
        for k in 0..5i64 {
            let date = (first + Duration::days(40 * k + (i % 30) as i64)).min(today);
            let with_issue = k == 2;
            let feedback = (with_issue && i % 4 != 0).then(|| (date + Duration::days(3)).min(today).to_string());
            service.execute(params![
                id,
                date.to_string(),
                kinds[k as usize],
                if with_issue { "路灯损坏" } else { "" },
                feedback
            ])?;
        }
    }
    Ok(())
}

/// `Service::overdue`: every rule, the new ones included.
#[divan::bench(sample_count = 20)]
fn overdue_all_rules(bencher: Bencher) {
    let service = Service::open(&db(), data::today()).unwrap();
    bencher.bench_local(|| service.overdue().unwrap());
}

/// The contact-and-service rules alone, with the reads they need.
#[divan::bench(sample_count = 20)]
fn pledges_year(bencher: Bencher) {
    let service = Service::open(&db(), data::today()).unwrap();
    bencher.bench_local(|| service.pledges_year(2026).unwrap());
}

#[divan::bench(sample_count = 20)]
fn services_year(bencher: Bencher) {
    let service = Service::open(&db(), data::today()).unwrap();
    bencher.bench_local(|| service.services_year(2026).unwrap());
}

/// `Service::open` through the first frame of the 承诺 tab (the 待办 tab loads first, as at start).
#[divan::bench(sample_count = 20)]
fn open_first_frame_pledges(bencher: Bencher) {
    let path = db();
    bencher.bench_local(|| {
        let mut app = data::open(&path);
        let mut term = data::terminal();
        data::press(&mut app, &mut term, KeyCode::Char('5'));
        (app, term)
    });
}

/// From another tab, `5` to the 承诺 tab and its frame (the tab's rows are read on each visit).
#[divan::bench(sample_count = 20)]
fn switch_to_pledges(bencher: Bencher) {
    let mut app = data::open(&db());
    let mut term = data::terminal();
    bencher.bench_local(|| {
        data::press(&mut app, &mut term, KeyCode::Char('1'));
        data::press(&mut app, &mut term, KeyCode::Char('5'));
    });
}

/// Down (and back up) in the 20,000 pledges, with a redraw.
#[divan::bench(sample_count = 50)]
fn key_down_pledges(bencher: Bencher) {
    let mut app = data::open(&db());
    let mut term = data::terminal();
    data::press(&mut app, &mut term, KeyCode::Char('5'));
    let mut i = 0;
    bencher.bench_local(|| {
        let key = data::down_then_up(&mut i, 200);
        data::press(&mut app, &mut term, key)
    });
}

/// `]` then `[`: next year and back, each reading a year's rows.
#[divan::bench(sample_count = 20)]
fn key_year_pledges(bencher: Bencher) {
    let mut app = data::open(&db());
    let mut term = data::terminal();
    data::press(&mut app, &mut term, KeyCode::Char('5'));
    let mut next = true;
    bencher.bench_local(|| {
        let key = if next { KeyCode::Char(']') } else { KeyCode::Char('[') };
        next = !next;
        data::press(&mut app, &mut term, key)
    });
}
