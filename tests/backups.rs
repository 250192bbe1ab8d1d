//! Automatic daily backups, their retention, `zhibu backup --list` and `zhibu restore`, on temp
//! files.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use chrono::{Days, NaiveDate};
use rusqlite::Connection;
use tempfile::TempDir;
use zhibu::service::Service;
use zhibu::service::backup::{self, Kind};

const BIN: &str = env!("CARGO_BIN_EXE_zhibu");

fn day(s: &str) -> NaiveDate {
    zhibu::domain::dates::parse_iso(s).unwrap()
}

fn members(path: &Path) -> i64 {
    let c = Connection::open(path).unwrap();
    c.query_row("SELECT count(*) FROM member", [], |r| r.get(0)).unwrap()
}

/// One save: edits the first member's notes.
fn save(s: &mut Service, notes: &str) {
    let m = s.members().unwrap().into_iter().next().unwrap();
    let mut d = s.member(m.id).unwrap().draft;
    d.notes = notes.into();
    let seen = s.version(zhibu::store::Record::Member(m.id)).unwrap();
    s.update_member(m.id, &d, seen).unwrap();
}

fn notes_of_first(path: &Path) -> String {
    let c = Connection::open(path).unwrap();
    c.query_row("SELECT notes FROM member ORDER BY id LIMIT 1", [], |r| r.get(0)).unwrap()
}

fn zhibu(args: &[&str]) -> Output {
    Command::new(BIN).args(["--lang", "en"]).args(args).output().expect("run zhibu")
}

fn p(path: &Path) -> &str {
    path.to_str().unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn backups(dir: &Path) -> PathBuf {
    dir.join(backup::FOLDER)
}

#[test]
fn a_new_sample_has_no_backups() {
    let dir = TempDir::new().unwrap();
    common::sample_db(dir.path());
    assert!(!backups(dir.path()).exists(), "writing a new file has nothing to back up");
}

#[test]
fn the_first_save_of_a_day_copies_the_file_as_it_was() {
    let dir = TempDir::new().unwrap();
    let db = common::sample_db(dir.path());
    let d = day("2026-11-30");
    let mut s = Service::open(&db, d).unwrap();
    save(&mut s, "first save");
    let copy = backups(dir.path()).join("demo-2026-11-30.db");
    assert!(copy.is_file(), "today's copy");
    assert_eq!(s.take_backup_problem(), None);
    assert_eq!(notes_of_first(&copy), "", "the copy holds the file before the day's first save");
    let bytes = std::fs::read(&copy).unwrap();

    save(&mut s, "second save");
    drop(s);
    let mut other = Service::open(&db, d).unwrap();
    save(&mut other, "another window");
    assert_eq!(std::fs::read(&copy).unwrap(), bytes, "later saves that day leave the copy alone");
    assert_eq!(notes_of_first(&db), "another window");

    let mut next = Service::open(&db, d + Days::new(1)).unwrap();
    save(&mut next, "next day");
    assert_eq!(notes_of_first(&backups(dir.path()).join("demo-2026-12-01.db")), "another window");
    let list = backup::list(&db);
    assert_eq!(list.iter().map(|b| b.date).collect::<Vec<_>>(), [day("2026-12-01"), day("2026-11-30")]);
    assert!(list.iter().all(|b| b.kind == Kind::Daily));
    assert!(
        !std::fs::read_dir(backups(dir.path()))
            .unwrap()
            .flatten()
            .any(|e| e.file_name().to_string_lossy().starts_with('.')),
        "no temporary file left"
    );
}

#[cfg(unix)]
#[test]
fn backups_are_private() {
    use std::os::unix::fs::PermissionsExt;
    let dir = TempDir::new().unwrap();
    let db = common::sample_db(dir.path());
    let mut s = Service::open(&db, day("2026-11-30")).unwrap();
    save(&mut s, "x");
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&backups(dir.path())), 0o700);
    assert_eq!(mode(&backups(dir.path()).join("demo-2026-11-30.db")), 0o600);
}

#[test]
fn old_copies_beyond_fourteen_days_and_twelve_months_are_deleted_after_a_good_copy() {
    let dir = TempDir::new().unwrap();
    let db = common::sample_db(dir.path());
    let first = day("2025-06-01");
    let mut s = Service::open(&db, first).unwrap();
    save(&mut s, "x");
    drop(s);
    let folder = backups(dir.path());
    let seed = folder.join("demo-2025-06-01.db");
    // A copy every day from June 2025 to 2026-11-29, as if saved daily.
    let last = day("2026-11-29");
    let mut d = first;
    while d < last {
        d = d + Days::new(1);
        std::fs::copy(&seed, folder.join(format!("demo-{d}.db"))).unwrap();
    }
    std::fs::write(folder.join("notes.txt"), "the user's own file").unwrap();
    let mut s = Service::open(&db, day("2026-11-30")).unwrap();
    save(&mut s, "y");
    let mut dates: Vec<NaiveDate> = backup::list(&db).into_iter().map(|b| b.date).collect();
    dates.sort();
    let mut expected: Vec<NaiveDate> = (1..=11).map(|m| NaiveDate::from_ymd_opt(2026, m, 1).unwrap()).collect();
    expected.push(day("2025-12-01"));
    expected.extend((0..14).map(|i| day("2026-11-30") - Days::new(i)));
    expected.sort();
    expected.dedup();
    assert_eq!(dates, expected);
    assert!(folder.join("notes.txt").exists(), "other files are left alone");
}

/// A copy of `src` whose table pages are overwritten: SQLite still opens it, integrity_check fails.
fn damaged_copy(src: &Path, out: &Path) {
    let mut bytes = std::fs::read(src).unwrap();
    let page = 4096;
    for b in &mut bytes[page * 3..page * 6] {
        *b = 0x5A;
    }
    std::fs::write(out, bytes).unwrap();
}

#[test]
fn the_newest_good_backup_skips_a_damaged_one() {
    let dir = TempDir::new().unwrap();
    let db = common::sample_db(dir.path());
    let mut s = Service::open(&db, day("2026-11-29")).unwrap();
    save(&mut s, "x");
    drop(s);
    let folder = backups(dir.path());
    let good = folder.join("demo-2026-11-29.db");
    damaged_copy(&good, &folder.join("demo-2026-11-30.db"));
    assert_eq!(backup::newest_good_backup(&db), Some(good));
    assert_eq!(backup::newest_good_backup(&dir.path().join("other.db")), None);
}

#[test]
fn backup_list_and_today() {
    let dir = TempDir::new().unwrap();
    let db = common::sample_db(dir.path());
    let out = zhibu(&["backup", "--list", "--db", p(&db)]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).starts_with("no backups yet"), "{}", stdout(&out));
    let out = zhibu(&["--today", "2026-11-30", "backup", "--db", p(&db)]);
    assert!(out.status.success(), "{}", stderr(&out));
    let out = zhibu(&["--today", "2026-11-30", "backup", "--db", p(&db)]);
    assert!(stdout(&out).starts_with("today's backup exists"), "{}", stdout(&out));
    // It says the copy is of the morning's file, and how to copy the file as it is now.
    assert!(stdout(&out).contains("backup --out FILE"), "{}", stdout(&out));
    damaged_copy(&backups(dir.path()).join("demo-2026-11-30.db"), &backups(dir.path()).join("demo-2026-12-01.db"));
    let out = zhibu(&["backup", "--list", "--db", p(&db)]);
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 3, "{text}");
    assert!(lines[1].starts_with("2026-12-01  daily") && lines[1].contains("damaged"), "{text}");
    assert!(lines[2].starts_with("2026-11-30  daily") && lines[2].contains(" ok "), "{text}");
}

#[test]
fn restore_keeps_what_it_replaces() {
    let dir = TempDir::new().unwrap();
    let db = common::sample_db(dir.path());
    let mut s = Service::open(&db, day("2026-11-30")).unwrap();
    save(&mut s, "after the backup");
    // Still open, as a second window would be.
    let out = zhibu(&[
        "--today",
        "2026-12-01",
        "restore",
        p(&backups(dir.path()).join("demo-2026-11-30.db")),
        "--db",
        p(&db),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(notes_of_first(&db), "");
    let kept = backups(dir.path()).join("demo-replaced-2026-12-01.db");
    assert_eq!(notes_of_first(&kept), "after the backup");
    assert!(stdout(&out).contains(p(&kept)), "{}", stdout(&out));
    drop(s);
    assert!(Service::open(&db, day("2026-12-01")).is_ok());

    // A second restore the same day keeps the second replaced file under its own name.
    let out = zhibu(&["--today", "2026-12-01", "restore", p(&kept), "--db", p(&db)]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(notes_of_first(&db), "after the backup");
    assert!(backups(dir.path()).join("demo-replaced-2026-12-01-2.db").is_file());
}

#[test]
fn restore_into_a_missing_file_creates_it() {
    let dir = TempDir::new().unwrap();
    let db = common::sample_db(dir.path());
    let target = dir.path().join("new.db");
    let out = zhibu(&["restore", p(&db), "--db", p(&target)]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(members(&target), members(&db));
}

fn refused_restore(dir: &Path, file: &Path, reason: &str) {
    let db = dir.join("demo.db");
    let before = std::fs::read(&db).unwrap();
    let out = zhibu(&["restore", p(file), "--db", p(&db)]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains(reason), "{}", stderr(&out));
    assert_eq!(std::fs::read(&db).unwrap(), before, "the database is unchanged");
    assert!(!backups(dir).exists(), "nothing was kept, since nothing was replaced");
}

#[test]
fn restore_refuses_a_damaged_backup() {
    let dir = TempDir::new().unwrap();
    let db = common::sample_db(dir.path());
    let bad = dir.path().join("bad.db");
    damaged_copy(&db, &bad);
    refused_restore(dir.path(), &bad, "failed its integrity check");
}

#[test]
fn restore_refuses_a_newer_schema() {
    let dir = TempDir::new().unwrap();
    let db = common::sample_db(dir.path());
    let newer = dir.path().join("newer.db");
    std::fs::copy(&db, &newer).unwrap();
    Connection::open(&newer).unwrap().pragma_update(None, "user_version", 999).unwrap();
    refused_restore(dir.path(), &newer, "newer zhibu");
}

#[test]
fn restore_refuses_files_that_are_not_ours() {
    let dir = TempDir::new().unwrap();
    common::sample_db(dir.path());
    let text = dir.path().join("text.db");
    std::fs::write(&text, "名单\n".repeat(100)).unwrap();
    refused_restore(dir.path(), &text, "not a zhibu database");
    let foreign = dir.path().join("foreign.db");
    Connection::open(&foreign).unwrap().execute_batch("CREATE TABLE t (x)").unwrap();
    refused_restore(dir.path(), &foreign, "not a zhibu database");
    refused_restore(dir.path(), &dir.path().join("missing.db"), "does not exist");
}
