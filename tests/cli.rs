//! Runs the built `zhibu` binary on temporary databases: the `sample` and `backup` commands, and
//! the refusals that must happen before the full-screen interface would start.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use rusqlite::Connection;
use rusqlite::types::Value;
use tempfile::TempDir;

const BIN: &str = env!("CARGO_BIN_EXE_zhibu");
const TODAY: &str = "2026-11-28";

// ---------------------------------------------------------------------------------------------
// Helpers

/// Runs `cmd` with stdin closed, killing it after `limit`; `None` if it had to be killed.
fn run_until(cmd: &mut Command, limit: Duration) -> Option<Output> {
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start the program");
    let deadline = Instant::now() + limit;
    while child.try_wait().expect("wait for the program").is_none() {
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            return None;
        }
        thread::sleep(Duration::from_millis(20));
    }
    Some(child.wait_with_output().expect("collect the output"))
}

fn run(cmd: &mut Command) -> Output {
    run_until(cmd, Duration::from_secs(60)).expect("zhibu did not exit within 60 s (did the TUI start?)")
}

/// `zhibu ARGS --today 2026-11-28`.
fn zhibu(args: &[&str]) -> Output {
    run(Command::new(BIN).args(args).args(["--today", TODAY]))
}

fn p(path: &Path) -> &str {
    path.to_str().expect("temp paths are UTF-8")
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn has_cjk(s: &str) -> bool {
    s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}

/// Asserts a refusal: a non-zero exit (not a signal), exactly one non-empty line on stderr,
/// and no panic. Returns that line.
fn refused(out: &Output) -> String {
    let err = stderr(out);
    assert!(
        out.status.code().is_some_and(|c| c != 0),
        "expected a non-zero exit, got {:?}; stderr: {err}",
        out.status
    );
    assert!(!err.contains("panicked"), "the program panicked: {err}");
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), 1, "expected one line on stderr, got: {err:?}");
    assert!(!lines[0].trim().is_empty(), "the message is empty");
    lines[0].to_string()
}

/// `zhibu sample --out PATH --as-of 2026-11-28 [extra]`, asserted to succeed.
fn sample(path: &Path, extra: &[&str]) {
    let out = zhibu(&[&["sample", "--out", p(path), "--as-of", TODAY], extra].concat());
    assert!(out.status.success(), "sample failed: {}", stderr(&out));
}

fn sample_in(dir: &TempDir, name: &str) -> PathBuf {
    let path = dir.path().join(name);
    sample(&path, &[]);
    path
}

fn count(conn: &Connection, sql: &str) -> i64 {
    conn.query_row(sql, [], |r| r.get(0))
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
}

/// Every row of every table, ordered by primary key, plus the schema version and id.
fn dump(path: &Path) -> Vec<String> {
    let conn = Connection::open(path).expect("open with rusqlite");
    let mut lines = vec![
        format!("user_version={}", count(&conn, "PRAGMA user_version")),
        format!("application_id={}", count(&conn, "PRAGMA application_id")),
    ];
    let mut stmt = conn
        .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
        .unwrap();
    let tables: Vec<(String, String)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    for (table, sql) in tables {
        lines.push(sql);
        let mut info = conn
            .prepare(&format!(
                "SELECT name FROM pragma_table_info('{table}') WHERE pk > 0 ORDER BY pk"
            ))
            .unwrap();
        let pk: Vec<String> = info.query_map([], |r| r.get(0)).unwrap().map(Result::unwrap).collect();
        let order = if pk.is_empty() {
            "rowid".to_string()
        } else {
            pk.join(", ")
        };
        let mut rows = conn
            .prepare(&format!("SELECT * FROM \"{table}\" ORDER BY {order}"))
            .unwrap();
        let n = rows.column_count();
        let mut q = rows.query([]).unwrap();
        while let Some(row) = q.next().unwrap() {
            let values: Vec<Value> = (0..n).map(|i| row.get(i).unwrap()).collect();
            lines.push(format!("{table}: {values:?}"));
        }
    }
    lines
}

/// Every file (with its bytes) and folder under `root`.
fn snapshot(root: &Path) -> BTreeMap<PathBuf, Option<Vec<u8>>> {
    let mut all = BTreeMap::new();
    let mut todo = vec![root.to_path_buf()];
    while let Some(dir) = todo.pop() {
        for entry in fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                todo.push(path.clone());
                all.insert(path, None);
            } else {
                all.insert(path.clone(), Some(fs::read(&path).unwrap()));
            }
        }
    }
    all
}

/// `zhibu PATH [extra]` must refuse with one line and leave everything under `dir` as it was.
fn assert_open_refused(dir: &TempDir, path: &Path, extra: &[&str]) -> String {
    let before = snapshot(dir.path());
    let line = refused(&zhibu(&[&[p(path)], extra].concat()));
    assert!(
        snapshot(dir.path()) == before,
        "files under the temp folder changed after refusing {}",
        path.display()
    );
    line
}

// ---------------------------------------------------------------------------------------------
// sample

#[test]
fn sample_writes_a_realistic_branch_and_prints_one_line() {
    let dir = TempDir::new().unwrap();
    let db = dir.path().join("demo.db");
    let out = zhibu(&["sample", "--out", p(&db), "--as-of", TODAY]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).lines().count(),
        1,
        "stdout: {:?}",
        out.stdout
    );

    let c = Connection::open(&db).unwrap();
    let members = count(&c, "SELECT count(*) FROM member");
    assert!((30..=45).contains(&members), "{members} members");
    assert_eq!(count(&c, "SELECT count(*) FROM party_group"), 3);
    assert_eq!(
        count(&c, "SELECT count(*) FROM member WHERE archived_on IS NOT NULL"),
        1
    );
    let probation_ending = "SELECT count(*) FROM member WHERE status = 'probationary' AND archived_on IS NULL
        AND date(admission_date, '+12 months') > '2026-11-28' AND date(admission_date, '+12 months') <= '2026-12-28'";
    assert!(count(&c, probation_ending) >= 1, "no probation ends within 30 days");
    assert!(
        count(&c, "SELECT count(*) FROM member WHERE exempt = 1") >= 1,
        "no exempt member"
    );
    assert!(
        count(&c, "SELECT count(*) FROM member WHERE name LIKE '%·%'") >= 1,
        "no name with ·"
    );
    assert!(
        count(&c, "SELECT count(*) FROM member WHERE length(name) = 4") >= 1,
        "no 4-character name"
    );
    assert_eq!(count(&c, "SELECT count(DISTINCT unit_category) FROM member"), 4);
    assert_eq!(
        count(&c, "SELECT count(*) FROM member_post WHERE post = 'secretary'"),
        1
    );
}

#[test]
fn sample_is_deterministic_for_the_same_arguments() {
    let dir = TempDir::new().unwrap();
    let a = sample_in(&dir, "a.db");
    let b = sample_in(&dir, "b.db");
    let (da, db) = (dump(&a), dump(&b));
    assert!(
        da.iter().any(|l| l.starts_with("change_log: ")),
        "the dump has no change log"
    );
    assert!(
        da.iter().any(|l| l.starts_with("setting: ")),
        "the dump has no settings"
    );
    assert_eq!(da, db);
}

#[test]
fn sample_members_option_changes_the_count() {
    let dir = TempDir::new().unwrap();
    let db = dir.path().join("small.db");
    sample(&db, &["--members", "20"]);
    let c = Connection::open(&db).unwrap();
    assert_eq!(count(&c, "SELECT count(*) FROM member"), 20);
    assert_ne!(dump(&db), dump(&sample_in(&dir, "default.db")));
}

#[test]
fn sample_refuses_an_existing_out_file() {
    let dir = TempDir::new().unwrap();
    let out = dir.path().join("taken.db");
    fs::write(&out, b"somebody's file").unwrap();
    refused(&zhibu(&["sample", "--out", p(&out), "--as-of", TODAY]));
    assert_eq!(fs::read(&out).unwrap(), b"somebody's file");
}

#[test]
fn sample_refuses_a_bad_as_of_date() {
    let dir = TempDir::new().unwrap();
    let out = dir.path().join("x.db");
    for bad in ["2026-02-30", "28.11.2026", "yesterday"] {
        refused(&zhibu(&["sample", "--out", p(&out), "--as-of", bad]));
        assert!(!out.exists(), "--as-of {bad} still wrote a file");
    }
}

#[test]
fn sample_refuses_members_out_of_range() {
    let dir = TempDir::new().unwrap();
    let out = dir.path().join("x.db");
    refused(&zhibu(&[
        "sample",
        "--out",
        p(&out),
        "--as-of",
        TODAY,
        "--members",
        "5",
    ]));
    assert!(!out.exists());
}

#[test]
fn global_options_before_the_command_are_accepted() {
    let dir = TempDir::new().unwrap();
    let db = dir.path().join("x.db");
    let out = run(Command::new(BIN).args(["--today", TODAY, "--lang", "en", "sample", "--out", p(&db)]));
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(db.exists());
}

// ---------------------------------------------------------------------------------------------
// backup

fn backup(src: &Path, dst: &Path) -> Output {
    zhibu(&["backup", "--db", p(src), "--out", p(dst)])
}

fn assert_good_copy(src: &Path, dst: &Path) {
    let c = Connection::open(dst).expect("the copy opens");
    assert_eq!(
        c.query_row("PRAGMA integrity_check", [], |r| r.get::<_, String>(0))
            .unwrap(),
        "ok"
    );
    drop(c);
    assert_eq!(dump(dst), dump(src));
}

#[test]
fn backup_copies_the_database() {
    let dir = TempDir::new().unwrap();
    let src = sample_in(&dir, "src.db");
    let dst = dir.path().join("copy.db");
    let out = backup(&src, &dst);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_good_copy(&src, &dst);
}

#[test]
fn backup_works_while_another_connection_reads() {
    let dir = TempDir::new().unwrap();
    let src = sample_in(&dir, "src.db");
    let dst = dir.path().join("copy.db");
    let reader = Connection::open(&src).unwrap();
    reader.execute_batch("BEGIN").unwrap();
    assert!(count(&reader, "SELECT count(*) FROM member") > 0);
    let out = backup(&src, &dst);
    assert!(out.status.success(), "{}", stderr(&out));
    reader.execute_batch("COMMIT").unwrap();
    drop(reader);
    assert_good_copy(&src, &dst);
}

#[test]
fn backup_includes_writes_still_in_the_wal() {
    let dir = TempDir::new().unwrap();
    let src = sample_in(&dir, "src.db");
    let dst = dir.path().join("copy.db");
    let writer = Connection::open(&src).unwrap();
    assert_eq!(
        writer
            .query_row("PRAGMA journal_mode", [], |r| r.get::<_, String>(0))
            .unwrap(),
        "wal"
    );
    writer
        .execute(
            "UPDATE member SET notes = 'written just before the backup' WHERE id = (SELECT min(id) FROM member)",
            [],
        )
        .unwrap();
    let wal = dir.path().join("src.db-wal");
    assert!(
        fs::metadata(&wal).is_ok_and(|m| m.len() > 0),
        "the write should still be in the WAL"
    );

    let out = backup(&src, &dst);
    assert!(out.status.success(), "{}", stderr(&out));
    let copy = Connection::open(&dst).unwrap();
    assert_eq!(
        count(
            &copy,
            "SELECT count(*) FROM member WHERE notes = 'written just before the backup'"
        ),
        1
    );
    drop((copy, writer));
    assert_good_copy(&src, &dst);
}

#[test]
fn backup_refuses_an_existing_out_file() {
    let dir = TempDir::new().unwrap();
    let src = sample_in(&dir, "src.db");
    let dst = dir.path().join("taken.db");
    fs::write(&dst, b"keep me").unwrap();
    refused(&backup(&src, &dst));
    assert_eq!(fs::read(&dst).unwrap(), b"keep me");
}

#[test]
fn backup_refuses_a_missing_database() {
    let dir = TempDir::new().unwrap();
    let src = dir.path().join("missing.db");
    let dst = dir.path().join("copy.db");
    refused(&backup(&src, &dst));
    assert!(!src.exists(), "the missing database was created");
    assert!(!dst.exists(), "a copy was written");
}

// ---------------------------------------------------------------------------------------------
// Opening a bad database path refuses before the TUI starts

#[test]
fn open_refuses_a_text_file() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("notes.txt");
    fs::write(&path, "购物清单：苹果、牛奶\nshopping list\n").unwrap();
    let line = assert_open_refused(&dir, &path, &[]);
    assert!(has_cjk(&line), "expected Chinese by default: {line}");
}

#[test]
fn open_refuses_a_text_file_in_english_with_lang_en() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("notes.txt");
    fs::write(&path, "shopping list: apples, milk\n").unwrap();
    let line = assert_open_refused(&dir, &path, &["--lang", "en"]);
    assert!(
        !has_cjk(&line) && line.contains("not a zhibu database"),
        "expected English: {line}"
    );
}

#[test]
fn open_refuses_another_programs_database() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("other.db");
    let c = Connection::open(&path).unwrap();
    c.execute_batch("CREATE TABLE foo (x INTEGER); INSERT INTO foo VALUES (1);")
        .unwrap();
    drop(c);
    let line = assert_open_refused(&dir, &path, &[]);
    assert!(has_cjk(&line), "{line}");
}

#[test]
fn open_refuses_a_newer_schema() {
    let dir = TempDir::new().unwrap();
    let path = sample_in(&dir, "newer.db");
    let c = Connection::open(&path).unwrap();
    c.pragma_update(None, "user_version", 99).unwrap();
    drop(c);
    let line = assert_open_refused(&dir, &path, &[]);
    assert!(has_cjk(&line) && line.contains("99"), "{line}");
}

#[cfg(unix)]
#[test]
fn open_refuses_a_read_only_file() {
    use std::os::unix::fs::PermissionsExt;
    let dir = TempDir::new().unwrap();
    let path = sample_in(&dir, "readonly.db");
    fs::set_permissions(&path, fs::Permissions::from_mode(0o444)).unwrap();
    // Root can still write the file; the program must refuse by the permission bits anyway.
    let line = assert_open_refused(&dir, &path, &[]);
    assert!(has_cjk(&line), "{line}");
    fs::set_permissions(&path, fs::Permissions::from_mode(0o644)).unwrap();
}

#[test]
fn open_refuses_a_path_whose_folder_does_not_exist() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("no-such-folder").join("x.db");
    let line = assert_open_refused(&dir, &path, &[]);
    assert!(has_cjk(&line), "{line}");
}

#[test]
fn open_refuses_a_folder() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("a-folder.db");
    fs::create_dir(&path).unwrap();
    let line = assert_open_refused(&dir, &path, &[]);
    assert!(has_cjk(&line), "{line}");
}

#[test]
fn open_refuses_a_path_under_a_regular_file() {
    let dir = TempDir::new().unwrap();
    let file = dir.path().join("somefile.txt");
    fs::write(&file, "just text\n").unwrap();
    let line = assert_open_refused(&dir, &file.join("x.db"), &[]);
    assert!(has_cjk(&line), "{line}");
}

// ---------------------------------------------------------------------------------------------
// A good database but no terminal

/// `zhibu GOOD.db` with stdin and stdout not terminals. Run under setsid(1) where it exists, so
/// that there is no controlling terminal either, even when `cargo test` runs in one.
#[test]
fn open_without_a_terminal_exits_with_one_line() {
    let dir = TempDir::new().unwrap();
    let db = sample_in(&dir, "good.db");
    let args = [p(&db), "--today", TODAY];
    let out = if Command::new("setsid").arg("--version").output().is_ok() {
        run(Command::new("setsid").arg("--wait").arg(BIN).args(args))
    } else {
        run(Command::new(BIN).args(args))
    };
    refused(&out);
}

/// With a controlling terminal (a pty from script(1)) but stdin and stdout redirected, the program
/// should still refuse: a full-screen interface cannot be drawn on a pipe.
#[test]
fn open_with_redirected_stdio_refuses_even_with_a_controlling_terminal() {
    let dir = TempDir::new().unwrap();
    let db = sample_in(&dir, "good.db");
    let err = dir.path().join("err.txt");
    let shell = format!("{BIN} {} --today {TODAY} </dev/null >/dev/null 2>{}", p(&db), p(&err));
    let out = run_until(
        Command::new("script").args(["-qec", &shell, "/dev/null"]),
        Duration::from_secs(10),
    );
    let out = out.expect("zhibu started the TUI on a pipe and hung");
    assert!(!out.status.success());
    let msg = fs::read_to_string(&err).unwrap();
    assert_eq!(msg.lines().count(), 1, "{msg:?}");
}

// ---------------------------------------------------------------------------------------------
// Global options

#[test]
fn refuses_a_today_that_is_not_a_real_date() {
    let dir = TempDir::new().unwrap();
    let db = dir.path().join("x.db");
    refused(&run(Command::new(BIN).args([p(&db), "--today", "2026-02-30"])));
    assert!(!db.exists());
}

#[test]
fn refuses_an_unknown_language() {
    let dir = TempDir::new().unwrap();
    let db = dir.path().join("x.db");
    refused(&zhibu(&[p(&db), "--lang", "fr"]));
    assert!(!db.exists());
}
