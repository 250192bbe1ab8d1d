//! Files the commands write or leave alone: `report --out` (UTF-8 with a BOM, for Notepad and
//! `type` on a Chinese Windows), `sample` over an old sample (the README's regenerate command),
//! and the demo opened on a scratch copy so that trying it never changes the sample.

mod common;

use std::fs;
use std::path::Path;
use std::process::{Command, Output, Stdio};

use rusqlite::Connection;
use tempfile::TempDir;

const BIN: &str = env!("CARGO_BIN_EXE_zhibu");
const TODAY: &str = "2026-11-28";
const EOL: &str = if cfg!(windows) { "\r\n" } else { "\n" };

fn zhibu(args: &[&str]) -> Output {
    Command::new(BIN).args(args).args(["--today", TODAY]).stdin(Stdio::null()).output().expect("start zhibu")
}

fn p(path: &Path) -> &str {
    path.to_str().expect("temp paths are UTF-8")
}

fn ok(out: Output) -> Output {
    assert!(out.status.success(), "zhibu failed: {}", String::from_utf8_lossy(&out.stderr));
    out
}

/// The one line a refused command prints.
fn refused(out: &Output) -> String {
    assert!(!out.status.success(), "zhibu accepted what it should refuse");
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(err.lines().count(), 1, "not one line: {err:?}");
    err
}

fn sample(path: &Path) {
    ok(zhibu(&["sample", "--out", p(path), "--as-of", TODAY]));
}

// ---------------------------------------------------------------------------------------------
// report --out

#[test]
fn report_out_writes_what_is_printed_with_a_bom_and_the_platform_line_ends() {
    let dir = TempDir::new().unwrap();
    let db = dir.path().join("s.db");
    sample(&db);
    for kind in ["overdue", "study", "meetings"] {
        for format in ["table", "csv", "json"] {
            let printed = ok(zhibu(&["report", kind, "--db", p(&db), "--format", format])).stdout;
            let file = dir.path().join(format!("{kind}.{format}"));
            let out = ok(zhibu(&["report", kind, "--db", p(&db), "--format", format, "--out", p(&file)]));
            assert!(out.stdout.is_empty(), "report --out also printed");
            let written = fs::read_to_string(&file).unwrap();
            let printed = String::from_utf8(printed).unwrap();
            let body = |s: &str| s.trim_start_matches('\u{feff}').to_string();
            match format {
                "json" => assert!(!written.starts_with('\u{feff}'), "a BOM in JSON"),
                _ => assert!(written.starts_with('\u{feff}'), "report {kind} {format}: no BOM"),
            }
            let lines = body(&written).replace(EOL, "\n");
            assert!(!lines.contains('\r') || format == "csv", "stray CR in {kind} {format}");
            assert_eq!(lines, body(&printed), "report {kind} --format {format}: file and screen differ");
            assert_eq!(written.matches(EOL).count(), printed.matches('\n').count(), "line ends of {kind} {format}");
        }
    }
}

#[test]
fn report_out_replaces_an_old_report_whole() {
    let dir = TempDir::new().unwrap();
    let db = dir.path().join("s.db");
    sample(&db);
    let file = dir.path().join("r.txt");
    fs::write(&file, "x".repeat(100_000)).unwrap();
    ok(zhibu(&["report", "overdue", "--db", p(&db), "--out", p(&file)]));
    let text = fs::read_to_string(&file).unwrap();
    assert!(!text.contains("xxx") && text.len() < 100_000, "old content left over");
    let names: Vec<_> = fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(names.len(), 2, "temporary files left: {names:?}");
}

#[test]
fn report_out_never_overwrites_a_database() {
    let dir = TempDir::new().unwrap();
    let db = dir.path().join("s.db");
    let other = dir.path().join("other.db");
    sample(&db);
    sample(&other);
    let before = (fs::read(&db).unwrap(), fs::read(&other).unwrap());
    for target in [&db, &other] {
        let line = refused(&zhibu(&["report", "study", "--db", p(&db), "--out", p(target)]));
        assert!(line.contains("数据库"), "{line}");
    }
    let line = refused(&zhibu(&["report", "study", "--db", p(&db), "--out", p(&other), "--lang", "en"]));
    assert!(line.contains("database"), "{line}");
    assert_eq!((fs::read(&db).unwrap(), fs::read(&other).unwrap()), before);
}

#[test]
fn report_out_refuses_a_missing_folder_or_a_folder() {
    let dir = TempDir::new().unwrap();
    let db = dir.path().join("s.db");
    sample(&db);
    let line = refused(&zhibu(&["report", "study", "--db", p(&db), "--out", p(&dir.path().join("no/r.csv"))]));
    assert!(line.contains("不存在"), "{line}");
    let line = refused(&zhibu(&["report", "study", "--db", p(&db), "--out", p(dir.path())]));
    assert!(line.contains("文件夹"), "{line}");
}

// ---------------------------------------------------------------------------------------------
// sample over an old sample

#[test]
fn sample_replaces_an_old_sample_but_no_other_file() {
    let dir = TempDir::new().unwrap();
    let db = dir.path().join("demo.db");
    sample(&db);
    let first = fs::read(&db).unwrap();
    // The README's regenerate command, run twice, gives the same file.
    sample(&db);
    assert_eq!(fs::read(&db).unwrap(), first, "regenerating changed the sample");

    // A branch's own database (no sample mark) is never replaced.
    let own = dir.path().join("own.db");
    sample(&own);
    Connection::open(&own)
        .unwrap()
        .execute("DELETE FROM setting WHERE key IN ('sample_as_of', 'sample_file')", [])
        .unwrap();
    let before = fs::read(&own).unwrap();
    let line = refused(&zhibu(&["sample", "--out", p(&own)]));
    assert!(line.contains("已存在"), "{line}");
    assert_eq!(fs::read(&own).unwrap(), before);
    let text = dir.path().join("notes.txt");
    fs::write(&text, "notes").unwrap();
    refused(&zhibu(&["sample", "--out", p(&text)]));
    assert_eq!(fs::read_to_string(&text).unwrap(), "notes");
}

// ---------------------------------------------------------------------------------------------
// The demo on a scratch copy

#[test]
fn a_sample_is_marked_and_its_scratch_copy_is_not() {
    let dir = TempDir::new().unwrap();
    let db = dir.path().join("demo.db");
    sample(&db);
    let before = fs::read(&db).unwrap();
    assert_eq!(zhibu::service::trial::sample_as_of(&db), chrono::NaiveDate::from_ymd_opt(2026, 11, 28));
    let folder = dir.path().join("data");
    fs::create_dir(&folder).unwrap();
    let copy = zhibu::service::trial::scratch_copy(&db, &folder, |_, _| true).unwrap();
    assert_eq!(zhibu::service::trial::sample_as_of(&copy), None, "the copy still carries the mark");
    assert_eq!(fs::read(&db).unwrap(), before, "copying changed the sample");
    let names: Vec<_> = fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(names.len(), 2, "journals left beside the sample: {names:?}");

    // The copy is a whole database with the same members.
    let count = |path: &Path| -> i64 {
        Connection::open(path).unwrap().query_row("SELECT count(*) FROM member", [], |r| r.get(0)).unwrap()
    };
    assert_eq!(count(&copy), count(&db));
    // Copying again starts from the sample afresh.
    Connection::open(&copy).unwrap().execute("DELETE FROM attendance", []).unwrap();
    let copy = zhibu::service::trial::scratch_copy(&db, &folder, |_, _| true).unwrap();
    let att = |path: &Path| -> i64 {
        Connection::open(path).unwrap().query_row("SELECT count(*) FROM attendance", [], |r| r.get(0)).unwrap()
    };
    assert!(att(&copy) > 0 && att(&copy) == att(&db));
}

/// A copy of the sample under another name is the user's own file: it opens as itself (saves
/// are kept) and `zhibu sample` will not replace it. A copy under the sample's own name is still
/// the sample.
#[test]
fn a_sample_copied_to_another_name_is_an_ordinary_file() {
    let dir = TempDir::new().unwrap();
    let db = dir.path().join("demo.db");
    sample(&db);
    let mine = dir.path().join("m1.db");
    fs::copy(&db, &mine).unwrap();
    assert_eq!(zhibu::service::trial::sample_as_of(&mine), None);
    let before = fs::read(&mine).unwrap();
    let out = zhibu(&["sample", "--out", p(&mine), "--as-of", TODAY]);
    assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stderr).contains("已存在"), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(fs::read(&mine).unwrap(), before, "the user's copy was replaced");

    fs::create_dir(dir.path().join("other")).unwrap();
    let same_name = dir.path().join("other").join("demo.db");
    fs::copy(&db, &same_name).unwrap();
    assert_eq!(zhibu::service::trial::sample_as_of(&same_name), chrono::NaiveDate::from_ymd_opt(2026, 11, 28));
    // The sample itself may still be written again.
    ok(zhibu(&["sample", "--out", p(&db), "--as-of", TODAY]));
}

/// Plain files that are not samples, and files of other programs, are not samples.
#[test]
fn only_generated_samples_are_samples() {
    let dir = TempDir::new().unwrap();
    let text = dir.path().join("a.db");
    fs::write(&text, "hello").unwrap();
    assert_eq!(zhibu::service::trial::sample_as_of(&text), None);
    let other = dir.path().join("other.db");
    Connection::open(&other).unwrap().execute_batch("CREATE TABLE setting (key, value)").unwrap();
    assert_eq!(zhibu::service::trial::sample_as_of(&other), None);
    assert_eq!(zhibu::service::trial::sample_as_of(&dir.path().join("missing.db")), None);
    assert_eq!(fs::read(&text).unwrap(), b"hello");
}

/// The README's first command on a real terminal (a pty from script(1)): the program opens a
/// copy in the data folder, says so, and the sample keeps every byte.
#[cfg(unix)]
#[test]
fn opening_the_demo_works_on_a_copy_in_the_data_folder() {
    let dir = TempDir::new().unwrap();
    let db = dir.path().join("demo.db");
    sample(&db);
    let before = fs::read(&db).unwrap();
    let data = dir.path().join("data");
    // script(1) without a terminal of its own gives the pty no size: 80x24 is set by hand.
    let shell = format!("stty cols 80 rows 24; {BIN} --today {TODAY} {} 2>/dev/null", p(&db));
    let mut child = Command::new("script")
        .args(["-qec", &shell, "/dev/null"])
        .env("XDG_DATA_HOME", &data)
        .env("HOME", dir.path())
        .env("TERM", "xterm-256color")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("script(1)");
    let mut keys = child.stdin.take().unwrap();
    std::thread::sleep(std::time::Duration::from_millis(1500));
    use std::io::Write;
    // A change saved in the copy: the secretary's settings (`s`, then Ctrl-S), then quit.
    for k in ["s", "\x13", "q"] {
        let _ = keys.write_all(k.as_bytes());
        let _ = keys.flush();
        std::thread::sleep(std::time::Duration::from_millis(400));
    }
    drop(keys);
    let out = child.wait_with_output().unwrap();
    let screen = without_escapes(&String::from_utf8_lossy(&out.stdout));
    assert!(
        screen.contains("示例库副本"),
        "no word of the copy on screen: {}",
        screen.chars().take(600).collect::<String>()
    );
    assert_eq!(fs::read(&db).unwrap(), before, "trying the demo changed the sample");
    let copies: Vec<_> = fs::read_dir(data.join("zhibu"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.file_name().unwrap().to_str().unwrap().starts_with("demo-copy-")
                && p.extension().is_some_and(|x| x == "db")
        })
        .collect();
    let [copy] = copies.as_slice() else { panic!("one copy in the data folder: {copies:?}") };
    let changes = |path: &Path| -> i64 {
        Connection::open(path).unwrap().query_row("SELECT count(*) FROM change_log", [], |r| r.get(0)).unwrap()
    };
    assert_eq!(changes(copy), changes(&db) + 1, "the settings were not saved in the copy");
    let names: Vec<_> = fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(names.len(), 2, "files beside the sample: {names:?}");
}

/// Terminal output without its escape sequences (cursor moves split the text between wide
/// characters).
#[cfg(unix)]
fn without_escapes(s: &str) -> String {
    let mut out = String::new();
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c == '\x1b' {
            if chars.next() == Some('[') {
                for c in chars.by_ref() {
                    if ('@'..='~').contains(&c) {
                        break;
                    }
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// Each window trying the sample has its own copy, so two opened at once never replace the
/// file under each other; the copies of windows no longer running are removed.
#[test]
fn each_window_trying_the_sample_has_its_own_copy() {
    use zhibu::service::trial::{scratch_copy, scratch_name};
    let dir = tempfile::tempdir().unwrap();
    let sample = dir.path().join("demo.db");
    fs::copy(Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-db/demo.db"), &sample).unwrap();
    let data = dir.path().join("data");
    fs::create_dir(&data).unwrap();
    // Another window's copy (running), a closed window's copy with its journal, the old single copy.
    for name in [scratch_name(1), scratch_name(2), format!("{}-wal", scratch_name(2)), "demo-copy.db".into()] {
        fs::write(data.join(name), b"x").unwrap();
    }
    let mine = scratch_copy(&sample, &data, |pid, _| pid == 1).unwrap();
    assert_eq!(mine, data.join(scratch_name(std::process::id())));
    let mut left: Vec<_> =
        fs::read_dir(&data).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
    left.sort();
    let mut want = vec![scratch_name(1), scratch_name(std::process::id())];
    want.sort();
    assert_eq!(left, want);
    assert_eq!(fs::read(data.join(scratch_name(1))).unwrap(), b"x", "the running window's copy is untouched");
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 28).unwrap();
    zhibu::service::Service::open(&mine, today).expect("the copy opens");
}

/// The status line names the copy in the words that fit: at 80 columns the copy and the
/// unchanged sample whole (no cut mark) in either language, even for the longest process id;
/// with room, the full path; help names the full path at any width.
#[test]
fn the_demo_copy_is_said_whole_on_an_80_column_status_line() {
    use ratatui::crossterm::event::KeyCode;
    use zhibu::domain::lang::Lang;
    use zhibu::tui::app::ScratchCopy;
    let dir = TempDir::new().unwrap();
    let db = common::sample_db(dir.path());
    let home = dir.path().join("home");
    let copy = home.join(".local").join("share").join("zhibu").join("demo-copy-4194304.db");
    // The cells the status line needs besides the `~` path: the words before it and the counts.
    for (lang, short, beside) in [
        (Lang::Zh, "示例库副本，原文件不变（按 ? 看路径）", 24 + 36),
        (Lang::En, "on a copy; the sample stays as it is", 38 + 42),
    ] {
        let mut app = common::app(&db, lang);
        app.on_scratch_copy(ScratchCopy { path: copy.clone(), home: Some(home.clone()) });
        let status =
            |app: &mut zhibu::tui::app::App, w| common::screen(app, w, 24).lines().nth(22).unwrap().to_string();
        let line = status(&mut app, 80);
        assert!(line.starts_with(&format!("{short}  ")), "{line}");
        assert!(!line.contains('~'), "nothing cut: {line}");
        assert!(status(&mut app, 200).contains(&copy.display().to_string()), "the full path with room");
        let tilde = format!("~{0}.local{0}share{0}zhibu{0}demo-copy-4194304.db", std::path::MAIN_SEPARATOR);
        let medium = status(&mut app, (beside + tilde.len()) as u16);
        assert!(medium.contains(&tilde), "{medium}");
        common::key(&mut app, KeyCode::Char('?'));
        let help: String = common::screen(&mut app, 80, 24).lines().map(|l| l.trim_matches('│')).collect();
        assert!(help.contains(&copy.display().to_string()), "{help}");
    }
}
