//! Runs the built `zhibu` binary on temporary databases: the `sample`, `backup` and `report`
//! commands (the reports checked against the library and the TUI's tabs on the same file), and
//! the refusals that must happen before the full-screen interface would start.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use rusqlite::Connection;
use rusqlite::types::Value;
use serde_json::{Value as Json, json};
use tempfile::TempDir;
use unicode_width::UnicodeWidthStr;
use zhibu::domain::lang::Lang;
use zhibu::domain::rules::{self, Finding, Severity};
use zhibu::domain::study::Standing;
use zhibu::service::Service;
use zhibu::tui::app::App;
use zhibu::tui::table::{SortKey, TableRow};
use zhibu::tui::tabs::dashboard::DashboardTab;
use zhibu::tui::tabs::study::StudyTab;

const BIN: &str = env!("CARGO_BIN_EXE_zhibu");
const TODAY: &str = "2026-11-28";

// ---------------------------------------------------------------------------------------------
// Helpers

/// Runs `cmd` with stdin closed, killing it after `limit`; `None` if it had to be killed.
fn run_until(cmd: &mut Command, limit: Duration) -> Option<Output> {
    let mut child =
        cmd.stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().expect("start the program");
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
    assert!(out.status.code().is_some_and(|c| c != 0), "expected a non-zero exit, got {:?}; stderr: {err}", out.status);
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

/// A sample without its sample mark: a branch's own file, which the program opens in place
/// (a marked sample would open on a scratch copy in the user's data folder).
fn sample_in(dir: &TempDir, name: &str) -> PathBuf {
    let path = dir.path().join(name);
    sample(&path, &[]);
    Connection::open(&path)
        .unwrap()
        .execute("DELETE FROM setting WHERE key IN ('sample_as_of', 'sample_file')", [])
        .unwrap();
    path
}

fn count(conn: &Connection, sql: &str) -> i64 {
    conn.query_row(sql, [], |r| r.get(0)).unwrap_or_else(|e| panic!("{sql}: {e}"))
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
    let tables: Vec<(String, String)> =
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?))).unwrap().map(Result::unwrap).collect();
    for (table, sql) in tables {
        lines.push(sql);
        let mut info =
            conn.prepare(&format!("SELECT name FROM pragma_table_info('{table}') WHERE pk > 0 ORDER BY pk")).unwrap();
        let pk: Vec<String> = info.query_map([], |r| r.get(0)).unwrap().map(Result::unwrap).collect();
        let order = if pk.is_empty() { "rowid".to_string() } else { pk.join(", ") };
        let mut rows = conn.prepare(&format!("SELECT * FROM \"{table}\" ORDER BY {order}")).unwrap();
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

#[cfg(unix)] // script(1)
fn shell_quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', r"'\''"))
}

/// `zhibu ARGS --today 2026-11-28` with stdin and stdout on a pty from script(1), so that the
/// terminal check passes and the program gets as far as the database; stderr is collected from a
/// file outside the folder under test. Killed after 10 s (the TUI started).
#[cfg(unix)] // script(1)
fn zhibu_on_a_terminal(args: &[&str]) -> Output {
    let err_dir = TempDir::new().unwrap();
    let err = err_dir.path().join("stderr.txt");
    let words: Vec<String> = [BIN].iter().chain(args).chain(&["--today", TODAY]).map(|a| shell_quote(a)).collect();
    let shell = format!("{} 2>{}", words.join(" "), shell_quote(p(&err)));
    let out = run_until(Command::new("script").args(["-qec", &shell, "/dev/null"]), Duration::from_secs(10))
        .unwrap_or_else(|| panic!("zhibu {args:?} started the full-screen interface instead of refusing"));
    Output { stderr: fs::read(&err).unwrap_or_default(), ..out }
}

/// `zhibu PATH [extra]` on a terminal must refuse with one line about the file (not about the
/// terminal) and leave everything under `dir` as it was.
#[cfg(unix)] // script(1)
fn assert_open_refused(dir: &TempDir, path: &Path, extra: &[&str]) -> String {
    let before = snapshot(dir.path());
    let line = refused(&zhibu_on_a_terminal(&[&[p(path)], extra].concat()));
    assert!(!line.contains("终端") && !line.contains("terminal"), "refused for the terminal, not for the file: {line}");
    assert!(snapshot(dir.path()) == before, "files under the temp folder changed after refusing {}", path.display());
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
    assert_eq!(String::from_utf8_lossy(&out.stdout).lines().count(), 1, "stdout: {:?}", out.stdout);

    let c = Connection::open(&db).unwrap();
    let members = count(&c, "SELECT count(*) FROM member");
    assert!((30..=45).contains(&members), "{members} members");
    assert_eq!(count(&c, "SELECT count(*) FROM party_group"), 3);
    assert_eq!(count(&c, "SELECT count(*) FROM member WHERE archived_on IS NOT NULL"), 1);
    let probation_ending = "SELECT count(*) FROM member WHERE status = 'probationary' AND archived_on IS NULL
        AND date(admission_date, '+12 months') > '2026-11-28' AND date(admission_date, '+12 months') <= '2026-12-28'";
    assert!(count(&c, probation_ending) >= 1, "no probation ends within 30 days");
    assert!(count(&c, "SELECT count(*) FROM member WHERE exempt = 1") >= 1, "no exempt member");
    assert!(count(&c, "SELECT count(*) FROM member WHERE name LIKE '%·%'") >= 1, "no name with ·");
    assert!(count(&c, "SELECT count(*) FROM member WHERE length(name) = 4") >= 1, "no 4-character name");
    assert_eq!(count(&c, "SELECT count(DISTINCT unit_category) FROM member"), 4);
    assert_eq!(count(&c, "SELECT count(*) FROM member_post WHERE post = 'secretary'"), 1);
}

#[test]
fn sample_is_deterministic_for_the_same_arguments() {
    let dir = TempDir::new().unwrap();
    let a = sample_in(&dir, "a.db");
    let b = sample_in(&dir, "b.db");
    let (da, db) = (dump(&a), dump(&b));
    assert!(da.iter().any(|l| l.starts_with("change_log: ")), "the dump has no change log");
    assert!(da.iter().any(|l| l.starts_with("setting: ")), "the dump has no settings");
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
    refused(&zhibu(&["sample", "--out", p(&out), "--as-of", TODAY, "--members", "5"]));
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
    assert_eq!(c.query_row("PRAGMA integrity_check", [], |r| r.get::<_, String>(0)).unwrap(), "ok");
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
    assert_eq!(writer.query_row("PRAGMA journal_mode", [], |r| r.get::<_, String>(0)).unwrap(), "wal");
    writer
        .execute(
            "UPDATE member SET notes = 'written just before the backup' WHERE id = (SELECT min(id) FROM member)",
            [],
        )
        .unwrap();
    let wal = dir.path().join("src.db-wal");
    assert!(fs::metadata(&wal).is_ok_and(|m| m.len() > 0), "the write should still be in the WAL");

    let out = backup(&src, &dst);
    assert!(out.status.success(), "{}", stderr(&out));
    let copy = Connection::open(&dst).unwrap();
    assert_eq!(count(&copy, "SELECT count(*) FROM member WHERE notes = 'written just before the backup'"), 1);
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

#[cfg(unix)] // script(1)
#[test]
fn open_refuses_a_text_file() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("notes.txt");
    fs::write(&path, "购物清单：苹果、牛奶\nshopping list\n").unwrap();
    let line = assert_open_refused(&dir, &path, &[]);
    assert!(has_cjk(&line), "expected Chinese by default: {line}");
}

#[cfg(unix)] // script(1)
#[test]
fn open_refuses_a_text_file_in_english_with_lang_en() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("notes.txt");
    fs::write(&path, "shopping list: apples, milk\n").unwrap();
    let line = assert_open_refused(&dir, &path, &["--lang", "en"]);
    assert!(!has_cjk(&line) && line.contains("not a zhibu database"), "expected English: {line}");
}

#[cfg(unix)] // script(1)
#[test]
fn open_refuses_another_programs_database() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("other.db");
    let c = Connection::open(&path).unwrap();
    c.execute_batch("CREATE TABLE foo (x INTEGER); INSERT INTO foo VALUES (1);").unwrap();
    drop(c);
    let line = assert_open_refused(&dir, &path, &[]);
    assert!(has_cjk(&line), "{line}");
}

#[cfg(unix)] // script(1)
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
fn a_read_only_file_opens_read_only_and_stays_unchanged() {
    use std::os::unix::fs::PermissionsExt;
    let dir = TempDir::new().unwrap();
    let path = sample_in(&dir, "readonly.db");
    fs::set_permissions(&path, fs::Permissions::from_mode(0o444)).unwrap();
    let before = snapshot(dir.path());
    // The full-screen program starts (it is killed after a while) with the read-only banner;
    // root could write the file, so this also shows the refusal goes by the permission bits.
    let words = [BIN, p(&path), "--today", TODAY].map(shell_quote).join(" ");
    let started = run_until(Command::new("script").args(["-qec", &words, "/dev/null"]), Duration::from_secs(3));
    assert!(started.is_none(), "the program did not stay open on a read-only file: {started:?}");
    assert!(snapshot(dir.path()) == before, "a read-only file or its folder changed");
    // Reports and backups read it too.
    let out = zhibu(&["report", "study", "--db", p(&path)]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(snapshot(dir.path()) == before);
    fs::set_permissions(&path, fs::Permissions::from_mode(0o644)).unwrap();
}

#[cfg(unix)] // script(1)
#[test]
fn open_refuses_a_path_whose_folder_does_not_exist() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("no-such-folder").join("x.db");
    let line = assert_open_refused(&dir, &path, &[]);
    assert!(has_cjk(&line), "{line}");
}

#[cfg(unix)] // script(1)
#[test]
fn open_refuses_a_folder() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("a-folder.db");
    fs::create_dir(&path).unwrap();
    let line = assert_open_refused(&dir, &path, &[]);
    assert!(has_cjk(&line), "{line}");
}

#[cfg(unix)] // script(1)
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
#[cfg(unix)] // script(1)
fn open_with_redirected_stdio_refuses_even_with_a_controlling_terminal() {
    let dir = TempDir::new().unwrap();
    let db = sample_in(&dir, "good.db");
    let err = dir.path().join("err.txt");
    let shell = format!("{BIN} {} --today {TODAY} </dev/null >/dev/null 2>{}", p(&db), p(&err));
    let out = run_until(Command::new("script").args(["-qec", &shell, "/dev/null"]), Duration::from_secs(10));
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

// ---------------------------------------------------------------------------------------------
// report

const REPORTS: [&str; 4] = ["study", "meetings", "overdue", "dues"];

/// `zhibu report KIND --db DB [extra]`, asserted to succeed; its stdout.
fn report(db: &Path, kind: &str, extra: &[&str]) -> String {
    let out = zhibu(&[&["report", kind, "--db", p(db)], extra].concat());
    assert!(out.status.success(), "report {kind} {extra:?} failed: {}", stderr(&out));
    String::from_utf8(out.stdout).expect("the report is UTF-8")
}

/// `zhibu report KIND --db DB --format json [extra]`, parsed.
fn report_json(db: &Path, kind: &str, extra: &[&str]) -> Json {
    let text = report(db, kind, &[&["--format", "json"], extra].concat());
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("report {kind} printed no JSON ({e}): {text}"))
}

/// The array `json[key]`.
fn items<'a>(json: &'a Json, key: &str) -> &'a [Json] {
    json[key].as_array().unwrap_or_else(|| panic!("no array {key:?} in {json}"))
}

/// `obj` with only `keys` (a missing key becomes null, so it shows in the diff).
fn pick(obj: &Json, keys: &[&str]) -> Json {
    keys.iter().map(|k| (k.to_string(), obj[*k].clone())).collect()
}

fn picked(rows: &[Json], keys: &[&str]) -> Vec<Json> {
    rows.iter().map(|r| pick(r, keys)).collect()
}

fn today() -> NaiveDate {
    zhibu::domain::dates::parse_iso(TODAY).unwrap()
}

/// The library on the same file and day as the command.
fn library(db: &Path) -> Service {
    Service::open(db, today()).expect("the library opens the file")
}

/// The JSON id of a standing, written out here rather than taken from the CLI.
fn standing_id(s: Standing) -> &'static str {
    match s {
        Standing::Exempt => "exempt",
        Standing::Met => "met",
        Standing::OnTrack => "on_track",
        Standing::Behind => "behind",
        Standing::Short => "short",
        Standing::Away => "away",
    }
}

const STUDY_KEYS: &[&str] =
    &["member_id", "target_min", "credited_min", "expected_min", "shortfall_min", "absences", "standing"];

/// The study rows of `year` as the library computes them, in the report's JSON shape.
fn library_study(service: &Service, year: i32) -> Vec<Json> {
    let ov = service.study_year(year).unwrap();
    ov.rows
        .iter()
        .map(|r| {
            let st = &r.status;
            json!({
                "member_id": r.member_id,
                "target_min": st.target_min,
                "credited_min": st.credited_min,
                "expected_min": st.expected_min,
                "shortfall_min": st.shortfall_min,
                "absences": r.absences,
                "standing": standing_id(st.standing),
            })
        })
        .collect()
}

const MEETING_KEYS: &[&str] = &[
    "id",
    "date",
    "status",
    "kinds",
    "topic",
    "host",
    "group",
    "expected",
    "in_room",
    "excused",
    "absent",
    "away",
    "credit_min",
];

/// The meetings of `year` as the library lists them, in the report's JSON shape.
fn library_meetings(service: &Service, year: i32) -> Vec<Json> {
    service
        .meetings_in_year(year)
        .unwrap()
        .iter()
        .map(|i| {
            let s = &i.summary;
            json!({
                "id": s.id,
                "date": s.date,
                "status": s.status,
                "kinds": s.kinds,
                "topic": s.topic,
                "host": i.host,
                "group": i.group,
                "expected": s.expected,
                "in_room": s.in_room,
                "excused": s.excused,
                "absent": s.absent,
                "away": s.away,
                "credit_min": s.credit_min,
            })
        })
        .collect()
}

const FINDING_KEYS: &[&str] = &["rule", "severity", "subject", "due"];

/// What identifies a finding in the JSON.
fn finding_json(f: &Finding) -> Json {
    json!({ "rule": f.rule.id(), "severity": f.severity.id(), "subject": f.subject, "due": f.due })
}

/// The display width at which each header cell starts (cells are separated by two or more spaces).
fn column_starts(header: &str) -> Vec<usize> {
    let (mut starts, mut width, mut spaces) = (vec![0], 0, 0);
    for c in header.chars() {
        if c == ' ' {
            spaces += 1;
        } else {
            if spaces >= 2 {
                starts.push(width);
            }
            spaces = 0;
        }
        width += c.to_string().width();
    }
    starts
}

/// Cuts `line` at the display widths `starts`; `None` if a cut falls inside a wide character.
fn cut_at(line: &str, starts: &[usize]) -> Option<Vec<String>> {
    let mut cells = vec![String::new(); starts.len()];
    let (mut width, mut k) = (0, 0);
    for c in line.chars() {
        while k + 1 < starts.len() && width >= starts[k + 1] {
            if width > starts[k + 1] {
                return None;
            }
            k += 1;
        }
        cells[k].push(c);
        width += c.to_string().width();
    }
    Some(cells)
}

/// Asserts that every line of `table` has each column, the second in particular, starting at the
/// display width where its header starts: no wide character straddles a column edge, no cell
/// starts with padding, and each cell before a non-empty one ends with the two-space gap.
fn assert_aligned(table: &str) {
    let lines: Vec<&str> = table.lines().collect();
    let starts = column_starts(lines[0]);
    assert!(starts.len() >= 5, "the header has too few columns: {:?}", lines[0]);
    for line in &lines {
        let cells = cut_at(line, &starts).unwrap_or_else(|| panic!("a character straddles a column edge: {line:?}"));
        let second = &cells[1];
        assert!(
            !second.trim().is_empty() && !second.starts_with(' '),
            "the second column does not start at width {}: {line:?}",
            starts[1]
        );
        for (k, cell) in cells.iter().enumerate() {
            assert!(cell.trim().is_empty() || !cell.starts_with(' '), "column {k} starts late: {line:?}");
            let more = cells[k + 1..].iter().any(|c| !c.trim().is_empty());
            assert!(!more || cell.ends_with("  "), "column {k} runs into the next: {line:?}");
        }
    }
}

/// The cells of a table line (split at runs of two or more spaces).
fn table_cells(line: &str) -> Vec<String> {
    line.split("  ").map(str::trim).filter(|c| !c.is_empty()).map(String::from).collect()
}

/// CSV text without its BOM, parsed into records (the header is the first).
fn csv_records(bytes: &[u8]) -> Vec<Vec<String>> {
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").expect("CSV starts with the UTF-8 BOM");
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(body)
        .records()
        .map(|r| r.expect("a CSV record").iter().map(String::from).collect())
        .collect()
}

#[test]
fn report_study_json_agrees_with_the_library() {
    let dir = TempDir::new().unwrap();
    let db = sample_in(&dir, "s.db");
    let json = report_json(&db, "study", &[]);
    assert_eq!(json["year"], 2026, "the default year is today's");
    let rows = items(&json, "rows");
    let lib = library_study(&library(&db), 2026);
    assert!(lib.len() >= 30, "{} study rows", lib.len());
    assert_eq!(picked(rows, STUDY_KEYS), lib);
    assert_eq!(report_json(&db, "study", &["--year", "2026"]), json);
}

#[test]
fn report_meetings_json_agrees_with_the_library() {
    let dir = TempDir::new().unwrap();
    let db = sample_in(&dir, "s.db");
    let json = report_json(&db, "meetings", &[]);
    assert_eq!(json["year"], 2026);
    let lib = library_meetings(&library(&db), 2026);
    assert!(!lib.is_empty(), "the sample has no meetings in 2026");
    assert_eq!(picked(items(&json, "meetings"), MEETING_KEYS), lib);
}

#[test]
fn report_overdue_json_agrees_with_the_library() {
    let dir = TempDir::new().unwrap();
    let db = sample_in(&dir, "s.db");
    let json = report_json(&db, "overdue", &[]);
    let overdue = library(&db).overdue().unwrap();
    let lib: Vec<Json> = rules::grouped(&overdue.findings).iter().map(finding_json).collect();
    assert_eq!(picked(items(&json, "findings"), FINDING_KEYS), lib);
    assert_eq!(json["today"], TODAY);
    assert_eq!(json["overdue"], overdue.count(Severity::Overdue));
    assert_eq!(json["due_soon"], overdue.count(Severity::DueSoon));
    assert!(overdue.count(Severity::Overdue) > 0, "the sample has nothing overdue");
}

#[test]
fn the_dashboard_lists_the_findings_of_report_overdue_in_order() {
    let dir = TempDir::new().unwrap();
    let db = sample_in(&dir, "s.db");
    let json = report_json(&db, "overdue", &[]);
    let app = App::new(library(&db), Lang::Zh, false, false);
    // The planned meetings coming up are listed first; the findings follow in the report's order.
    let shown: Vec<Json> =
        app.view::<DashboardTab>().table.visible_rows().filter_map(|r| r.finding()).map(finding_json).collect();
    assert!(!shown.is_empty());
    assert_eq!(shown, picked(items(&json, "findings"), FINDING_KEYS));
}

#[test]
fn the_study_tab_lists_the_members_and_standings_of_report_study() {
    let dir = TempDir::new().unwrap();
    let db = sample_in(&dir, "s.db");
    let json = report_json(&db, "study", &[]);
    let lib = library(&db).study_year(2026).unwrap().rows;
    let mut app = App::new(library(&db), Lang::Zh, false, false);
    app.show(zhibu::tui::app::Tab::Study);
    let tab = app.view::<StudyTab>().table.rows();

    // The tab keeps the library's order; the report must list the same members and standings.
    let ids = |v: &[Json]| v.iter().map(|r| r["member_id"].as_i64().unwrap()).collect::<Vec<_>>();
    let tab_ids: Vec<i64> = tab.iter().map(|r| r.id()).collect();
    assert_eq!(tab_ids, lib.iter().map(|r| r.member_id).collect::<Vec<_>>());
    assert_eq!(ids(items(&json, "rows")), tab_ids);
    for ((row, lib), reported) in tab.iter().zip(&lib).zip(items(&json, "rows")) {
        let standing = lib.status.standing;
        assert!(
            matches!(row.sort_key(8), SortKey::Num(n) if n == standing as i64),
            "member {}: the tab's standing is not {standing:?}",
            lib.member_id
        );
        assert!(
            row.cell(8).starts_with(standing.label(Lang::Zh)),
            "member {}: the tab shows {:?} for {standing:?}",
            lib.member_id,
            row.cell(8)
        );
        assert_eq!(reported["standing"], standing_id(standing), "member {}", lib.member_id);
    }
}

#[test]
fn report_csv_starts_with_a_bom_and_has_a_header_and_one_row_per_member() {
    let dir = TempDir::new().unwrap();
    let db = sample_in(&dir, "s.db");
    for kind in REPORTS {
        let out = zhibu(&["report", kind, "--db", p(&db), "--format", "csv"]);
        assert!(out.status.success(), "{}", stderr(&out));
        assert!(out.stdout.starts_with(b"\xEF\xBB\xBF"), "report {kind} CSV has no BOM");
    }

    let out = zhibu(&["report", "study", "--db", p(&db), "--format", "csv"]);
    let records = csv_records(&out.stdout);
    let table = report(&db, "study", &[]);
    assert_eq!(records[0], table_cells(table.lines().next().unwrap()), "CSV and table headers differ");
    let numbers: Vec<&str> = records[1..].iter().map(|r| r[0].as_str()).collect();
    let lib = library(&db).study_year(2026).unwrap().rows;
    assert_eq!(numbers, lib.iter().map(|r| r.number.as_str()).collect::<Vec<_>>());
    assert!(records.iter().all(|r| r.len() == records[0].len()), "ragged CSV");
}

#[test]
fn report_tables_align_their_columns() {
    let dir = TempDir::new().unwrap();
    let db = sample_in(&dir, "s.db");
    for kind in REPORTS {
        for lang in ["zh", "en"] {
            let table = report(&db, kind, &["--lang", lang]);
            assert!(table.lines().count() > 2, "report {kind} --lang {lang} is nearly empty:\n{table}");
            assert_aligned(&table);
        }
    }
}

#[test]
fn report_overdue_fail_on_overdue_exits_1_when_something_is_overdue() {
    let dir = TempDir::new().unwrap();
    let db = sample_in(&dir, "s.db");
    let failing = zhibu(&["report", "overdue", "--db", p(&db), "--fail-on", "overdue"]);
    assert_eq!(failing.status.code(), Some(1), "{}", stderr(&failing));
    let plain = zhibu(&["report", "overdue", "--db", p(&db)]);
    assert_eq!(plain.status.code(), Some(0), "{}", stderr(&plain));
    assert_eq!(failing.stdout, plain.stdout, "--fail-on changed what is printed");
}

#[test]
fn report_overdue_fail_on_passes_on_a_database_without_members() {
    let dir = TempDir::new().unwrap();
    let db = dir.path().join("empty.db");
    drop(library(&db));
    let out = zhibu(&["report", "overdue", "--db", p(&db), "--fail-on", "overdue"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let table = String::from_utf8(out.stdout).unwrap();
    assert!(table.lines().count() <= 1, "findings on an empty database:\n{table}");
    let json = report_json(&db, "overdue", &["--fail-on", "overdue"]);
    assert_eq!(items(&json, "findings"), &[] as &[Json]);
    assert_eq!(json["overdue"], 0);
}

#[test]
fn report_year_2025_agrees_with_the_library() {
    let dir = TempDir::new().unwrap();
    let db = sample_in(&dir, "s.db");
    let service = library(&db);

    let study = report_json(&db, "study", &["--year", "2025"]);
    assert_eq!(study["year"], 2025);
    let lib = library_study(&service, 2025);
    assert!(!lib.is_empty(), "nobody in the branch in 2025");
    assert_eq!(picked(items(&study, "rows"), STUDY_KEYS), lib);
    assert_ne!(lib, library_study(&service, 2026));

    let meetings = report_json(&db, "meetings", &["--year", "2025"]);
    assert_eq!(meetings["year"], 2025);
    let lib = library_meetings(&service, 2025);
    assert!(!lib.is_empty(), "no meetings in 2025");
    assert!(lib.iter().all(|m| m["date"].as_str().unwrap().starts_with("2025-")));
    assert_eq!(picked(items(&meetings, "meetings"), MEETING_KEYS), lib);

    for kind in ["study", "meetings"] {
        assert_aligned(&report(&db, kind, &["--year", "2025"]));
    }
}

#[test]
fn report_lang_en_gives_english_headers() {
    let dir = TempDir::new().unwrap();
    let db = sample_in(&dir, "s.db");
    for (kind, first) in [("study", "number"), ("meetings", "date"), ("overdue", "state")] {
        let zh = report(&db, kind, &[]);
        assert!(has_cjk(zh.lines().next().unwrap()), "report {kind}: the default header is not Chinese");
        let en = report(&db, kind, &["--lang", "en"]);
        let header = en.lines().next().unwrap();
        assert!(!has_cjk(header) && header.starts_with(first), "report {kind} --lang en: {header:?}");

        let out = zhibu(&["report", kind, "--db", p(&db), "--format", "csv", "--lang", "en"]);
        let csv_header = &csv_records(&out.stdout)[0];
        assert_eq!(csv_header, &table_cells(header), "report {kind} --lang en CSV header");
    }
}

#[test]
fn report_refuses_a_missing_database_and_creates_nothing() {
    let dir = TempDir::new().unwrap();
    let before = snapshot(dir.path());
    for missing in [dir.path().join("missing.db"), dir.path().join("no-such-folder").join("x.db")] {
        for kind in REPORTS {
            let line = refused(&zhibu(&["report", kind, "--db", p(&missing)]));
            assert!(line.contains(p(&missing)), "report {kind}: {line}");
            assert!(!missing.exists(), "report {kind} created {}", missing.display());
            assert!(snapshot(dir.path()) == before, "report {kind} wrote files");
        }
    }
}

// ---------------------------------------------------------------------------------------------
// `zhibu check [--repair]` (issue 7 item 9): integrity, foreign keys and derived totals.

#[test]
fn check_on_a_sound_file_exits_0_and_writes_nothing() {
    let dir = TempDir::new().unwrap();
    let db = sample_in(&dir, "demo.db");
    let before = snapshot(dir.path());
    let out = zhibu(&["check", "--db", p(&db)]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(String::from_utf8_lossy(&out.stdout).contains("文件完好"));
    assert_eq!(snapshot(dir.path()), before, "check without --repair touched the folder");
}

#[test]
fn check_on_an_older_schema_does_not_say_the_totals_agree() {
    let dir = TempDir::new().unwrap();
    let db = sample_in(&dir, "demo.db");
    let v: i64 = Connection::open(&db).unwrap().query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
    Connection::open(&db).unwrap().execute_batch(&format!("PRAGMA user_version = {}", v - 1)).unwrap();
    let out = zhibu(&["check", "--db", p(&db)]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(text.contains("旧版结构"), "{text}");
    assert!(text.ends_with("检查完毕：文件结构完好；合计未核对\n"), "{text}");
    assert!(!text.contains("一致"), "{text}");
    let out = zhibu(&["check", "--db", p(&db), "--lang", "en"]);
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(text.ends_with("checked: the file is sound; the totals were not checked\n"), "{text}");
}

#[test]
fn check_reports_each_drifted_total_and_repair_rebuilds_them() {
    let dir = TempDir::new().unwrap();
    let db = sample_in(&dir, "demo.db");
    {
        let c = Connection::open(&db).unwrap();
        c.execute_batch(
            "UPDATE member_year SET credit_min = credit_min + 60 WHERE member_id = 3 AND year = 2026;
             UPDATE member_year SET absences = absences + 2 WHERE member_id = 4 AND year = 2025;",
        )
        .unwrap();
    }
    let before = snapshot(dir.path());
    let out = zhibu(&["check", "--db", p(&db), "--lang", "en"]);
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(text.contains("0003") && text.contains("2026, study credit"), "{text}");
    assert!(text.contains("0004") && text.contains("2025, absences"), "{text}");
    assert!(text.contains("2 problem(s) found"), "{text}");
    assert_eq!(snapshot(dir.path()), before, "check without --repair wrote");

    let out = zhibu(&["check", "--db", p(&db), "--repair"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stdout));
    assert!(String::from_utf8_lossy(&out.stdout).contains("修复 2 处"));
    let out = zhibu(&["check", "--db", p(&db)]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stdout));
}

#[test]
fn check_reports_a_broken_foreign_key() {
    let dir = TempDir::new().unwrap();
    let db = sample_in(&dir, "demo.db");
    {
        let c = Connection::open(&db).unwrap();
        c.execute_batch("PRAGMA foreign_keys = OFF; UPDATE member SET group_id = 999 WHERE id = 1;").unwrap();
    }
    let out = zhibu(&["check", "--db", p(&db), "--repair"]);
    assert_eq!(out.status.code(), Some(1), "a broken reference is not repaired");
    assert!(String::from_utf8_lossy(&out.stdout).contains("party_group"));
}

#[test]
fn opening_a_file_last_written_by_another_version_rebuilds_drifted_totals() {
    let dir = TempDir::new().unwrap();
    let db = sample_in(&dir, "demo.db");
    {
        let c = Connection::open(&db).unwrap();
        c.execute_batch(
            "UPDATE member_year SET credit_min = credit_min + 60 WHERE member_id = 3 AND year = 2026;
             UPDATE setting SET value = '0.0.1' WHERE key = 'last_writer_version';",
        )
        .unwrap();
    }
    drop(Service::open(&db, NaiveDate::from_ymd_opt(2026, 11, 28).unwrap()).unwrap());
    let out = zhibu(&["check", "--db", p(&db)]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stdout));
    // The same version: the open trusts the totals (a drift is left for `check`).
    {
        let c = Connection::open(&db).unwrap();
        c.execute_batch("UPDATE member_year SET credit_min = credit_min + 60 WHERE member_id = 3 AND year = 2026;")
            .unwrap();
    }
    drop(Service::open(&db, NaiveDate::from_ymd_opt(2026, 11, 28).unwrap()).unwrap());
    assert_eq!(zhibu(&["check", "--db", p(&db)]).status.code(), Some(1));
}

// Issue 7 "Must show": on the sample, no study_hours finding is overdue for the current year
// before 31 December, and no finding names an archived member.
#[test]
fn overdue_json_on_the_sample_has_no_early_study_shortfall_and_no_archived_member() {
    let dir = TempDir::new().unwrap();
    let db = sample_in(&dir, "demo.db");
    let out = zhibu(&["report", "overdue", "--db", p(&db), "--format", "json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let json: Json = serde_json::from_slice(&out.stdout).unwrap();
    let findings = json["findings"].as_array().expect("an array of findings");
    let archived: Vec<i64> = {
        let c = Connection::open(&db).unwrap();
        let mut st = c.prepare("SELECT id FROM member WHERE archived_on IS NOT NULL").unwrap();
        st.query_map([], |r| r.get(0)).unwrap().map(Result::unwrap).collect()
    };
    assert!(!archived.is_empty(), "the sample has an archived member");
    for f in findings {
        if f["rule"] == "study_hours" && f["due"] == "2026-12-31" {
            assert_ne!(f["severity"], "overdue", "{f}");
        }
        if f["subject"]["type"] == "member" {
            let id = f["subject"]["id"].as_i64().unwrap();
            assert!(!archived.contains(&id), "a finding about archived member {id}: {f}");
        }
    }
}

// `report meetings` left out the members away (外出) in every format, so its counts did not add up
// to 应到, while the meeting's details and attendance list count them.
#[test]
fn report_meetings_counts_the_members_away_in_every_format() {
    use zhibu::domain::meeting::{Attendance, MeetingStatus};
    let dir = TempDir::new().unwrap();
    let db = sample_in(&dir, "s.db");
    let lib = library(&db);
    let away: Vec<Option<usize>> = lib
        .meetings_in_year(2026)
        .unwrap()
        .iter()
        .map(|i| {
            let m = lib.meeting(i.summary.id).unwrap().draft;
            (m.status == MeetingStatus::Held).then(|| m.count(Attendance::AwayMobile))
        })
        .collect();
    assert!(away.iter().any(|a| a.is_some_and(|n| n > 0)), "the sample has members away at some meetings");
    let json = report_json(&db, "meetings", &[]);
    let listed: Vec<Json> = items(&json, "meetings").iter().map(|m| m["away"].clone()).collect();
    assert_eq!(listed, away.iter().map(|a| json!(a.unwrap_or(0))).collect::<Vec<_>>());
    for (lang, absent, word) in [("zh", "缺席", "外出"), ("en", "absent", "away")] {
        let out = zhibu(&["report", "meetings", "--db", p(&db), "--format", "csv", "--lang", lang]);
        assert!(out.status.success(), "{}", stderr(&out));
        let records = csv_records(&out.stdout);
        let col = records[0].iter().position(|h| h == absent).expect("an absent column") + 1;
        assert_eq!(records[0][col], word, "{:?}", records[0]);
        let cells: Vec<&str> = records[1..].iter().map(|r| r[col].as_str()).collect();
        let want: Vec<String> = away.iter().map(|a| a.map(|n| n.to_string()).unwrap_or_default()).collect();
        assert_eq!(cells, want);
        let table = report(&db, "meetings", &["--lang", lang]);
        assert_eq!(table_cells(table.lines().next().unwrap()), records[0], "the table's header is the CSV's");
    }
}
