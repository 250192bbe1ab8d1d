//! The storage layer through the library's public API, on temp files: migrations, refusing files
//! that are not ours, pragmas, constraints, Chinese text, rollback, the change log and two
//! connections on one file.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use rusqlite::{Connection, ToSql};
use serde_json::Value;
use tempfile::TempDir;
use zhibu::domain::member::{
    Archive, ArchiveReason, CadreLevel, Exemption, Gender, Member, MemberDraft, MemberStatus, PartyPost, UnitCategory,
    field,
};
use zhibu::service::{Service, ServiceError};
use zhibu::store::{self, OpenError, Store, StoreError, changelog, members, migrations};

// ---- helpers ----

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn today() -> NaiveDate {
    day(2026, 11, 28)
}

/// A fresh folder and the path of a database file in it (not yet created).
fn temp_db() -> (TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("branch.db");
    (dir, path)
}

/// A valid full member.
fn draft(name: &str) -> MemberDraft {
    MemberDraft {
        name: name.into(),
        gender: Gender::Female,
        birth_date: day(1985, 3, 8),
        ethnicity: "汉族".into(),
        phone: "13800138000".into(),
        work_unit: "区教育局".into(),
        unit_category: UnitCategory::GovOrgan,
        group_id: None,
        status: MemberStatus::Full,
        admission_date: day(2010, 7, 1),
        conversion_date: Some(day(2011, 7, 1)),
        joined_on: None,
        exemption: None,
        cadre_level: None,
        probation_extension_months: 0,
        posts: vec![],
        notes: String::new(),
    }
}

fn pragma_i64(conn: &Connection, name: &str) -> i64 {
    conn.query_row(&format!("PRAGMA {name}"), [], |r| r.get(0)).unwrap()
}

fn member_names(conn: &Connection) -> Vec<String> {
    members::list(conn).unwrap().into_iter().map(|m| m.draft.name.into()).collect()
}

/// A column name and its value, for plain-SQL inserts.
type Column<'a> = (&'a str, &'a dyn ToSql);

/// Inserts a member row with plain SQL: a valid full member, with `changes` replacing or adding
/// columns. Only columns of schema version 1, so it works on every version.
fn insert_member_sql(conn: &Connection, changes: &[Column]) -> rusqlite::Result<usize> {
    let mut row: Vec<Column> = vec![
        ("number", &"0042"),
        ("name", &"阿依古丽·买买提"),
        ("gender", &"female"),
        ("birth_date", &"1985-03-08"),
        ("ethnicity", &"维吾尔族"),
        ("unit_category", &"gov_organ"),
        ("status", &"full"),
        ("admission_date", &"2010-07-01"),
        ("conversion_date", &"2011-07-01"),
    ];
    for &(col, val) in changes {
        match row.iter_mut().find(|(c, _)| *c == col) {
            Some(slot) => slot.1 = val,
            None => row.push((col, val)),
        }
    }
    let cols: Vec<&str> = row.iter().map(|(c, _)| *c).collect();
    let marks = vec!["?"; row.len()].join(", ");
    let sql = format!("INSERT INTO member ({}) VALUES ({marks})", cols.join(", "));
    conn.execute(&sql, rusqlite::params_from_iter(row.iter().map(|(_, v)| *v)))
}

/// Runs `f` and asserts it left the file's bytes exactly as they were.
fn assert_untouched<T>(path: &Path, f: impl FnOnce() -> T) -> T {
    let before = std::fs::read(path).unwrap();
    let out = f();
    assert!(std::fs::read(path).unwrap() == before, "{} was changed", path.display());
    out
}

// ---- 1. a new file ----

/// The day test members are entered.
fn entered() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap()
}

#[test]
fn opening_a_new_file_creates_the_latest_schema_with_our_pragmas() {
    let (_dir, path) = temp_db();
    let store = Store::open(&path).unwrap();
    let c = store.conn();

    assert_eq!(pragma_i64(c, "user_version"), migrations::latest());
    assert_eq!(pragma_i64(c, "application_id"), store::APPLICATION_ID as i64);
    let mode: String = c.query_row("PRAGMA journal_mode", [], |r| r.get(0)).unwrap();
    assert_eq!(mode, "wal");
    assert_eq!(pragma_i64(c, "synchronous"), 1, "NORMAL");
    assert!(store.foreign_keys_on());

    let tables: Vec<(String, bool)> = c
        .prepare(
            "SELECT name, strict FROM pragma_table_list
             WHERE schema = 'main' AND type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
        )
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    for expected in [
        "attendance",
        "change_log",
        "guest",
        "meeting",
        "meeting_kind",
        "member",
        "member_post",
        "party_group",
        "setting",
        "study_record",
    ] {
        assert!(tables.iter().any(|(name, _)| name == expected), "no table {expected} in {tables:?}");
    }
    let loose: Vec<&String> = tables.iter().filter(|(_, strict)| !strict).map(|(n, _)| n).collect();
    assert!(loose.is_empty(), "tables that are not STRICT: {loose:?}");
}

#[test]
fn the_file_keeps_wal_and_version_after_closing() {
    let (_dir, path) = temp_db();
    drop(Store::open(&path).unwrap());
    let plain = Connection::open(&path).unwrap();
    let mode: String = plain.query_row("PRAGMA journal_mode", [], |r| r.get(0)).unwrap();
    assert_eq!(mode, "wal");
    assert_eq!(pragma_i64(&plain, "user_version"), migrations::latest());
    drop(plain);
    // Foreign keys are per connection: a reopened store turns them on again.
    assert!(Store::open(&path).unwrap().foreign_keys_on());
}

// ---- 2. older versions ----

#[test]
fn every_older_schema_migrates_to_the_latest_keeping_its_rows() {
    for v in 0..migrations::latest() {
        let (_dir, path) = temp_db();
        {
            let conn = Connection::open(&path).unwrap();
            migrations::migrate_to(&conn, v).unwrap();
            assert_eq!(pragma_i64(&conn, "user_version"), v);
            if v >= 1 {
                insert_member_sql(&conn, &[]).unwrap();
            }
        }

        let store = Store::open(&path).unwrap_or_else(|e| panic!("version {v}: {e}"));
        let c = store.conn();
        assert_eq!(pragma_i64(c, "user_version"), migrations::latest(), "from {v}");
        assert_eq!(pragma_i64(c, "application_id"), store::APPLICATION_ID as i64);
        let expected: Vec<String> = if v >= 1 { vec!["阿依古丽·买买提".into()] } else { vec![] };
        assert_eq!(member_names(c), expected, "from version {v}");
        drop(store);

        // Opening again does not migrate twice.
        let store = Store::open(&path).unwrap();
        assert_eq!(pragma_i64(store.conn(), "user_version"), migrations::latest());
    }
}

// ---- 3. files that are not ours ----

#[test]
fn a_newer_schema_is_refused_and_left_untouched() {
    let (_dir, path) = temp_db();
    drop(Store::open(&path).unwrap());
    {
        let conn = Connection::open(&path).unwrap();
        conn.pragma_update(None, "user_version", migrations::latest() + 1).unwrap();
    }
    let err = assert_untouched(&path, || Store::open(&path).err());
    match err {
        Some(OpenError::Newer { found, supported }) => {
            assert_eq!((found, supported), (migrations::latest() + 1, migrations::latest()));
        }
        other => panic!("expected Newer, got {other:?}"),
    }
    // Still refused the second time: nothing was migrated.
    assert!(matches!(Store::open(&path), Err(OpenError::Newer { .. })));
}

#[test]
fn another_programs_database_is_refused_and_left_untouched() {
    let (_dir, path) = temp_db();
    {
        let conn = Connection::open(&path).unwrap();
        conn.execute_batch("CREATE TABLE contacts (name TEXT); INSERT INTO contacts VALUES ('王五');").unwrap();
        assert_eq!(pragma_i64(&conn, "application_id"), 0);
    }
    let err = assert_untouched(&path, || Store::open(&path).err());
    assert!(matches!(err, Some(OpenError::Foreign)), "{err:?}");
}

#[test]
fn a_database_with_another_application_id_is_refused_even_when_empty() {
    let (_dir, path) = temp_db();
    {
        let conn = Connection::open(&path).unwrap();
        conn.pragma_update(None, "application_id", 0x1234_5678).unwrap();
    }
    let err = assert_untouched(&path, || Store::open(&path).err());
    assert!(matches!(err, Some(OpenError::Foreign)), "{err:?}");
}

#[test]
fn a_text_file_is_refused_as_not_a_database_and_left_untouched() {
    let (_dir, path) = temp_db();
    for text in ["姓名,电话\n张三,13800138000\n王五,13900139000\n", "hi\n"] {
        std::fs::write(&path, text).unwrap();
        let err = assert_untouched(&path, || Store::open(&path).err());
        assert!(matches!(err, Some(OpenError::NotADatabase)), "{text:?}: {err:?}");
    }
}

// ---- 4. foreign keys ----

#[test]
fn a_member_in_a_group_that_does_not_exist_is_refused_by_the_database() {
    let (_dir, path) = temp_db();
    let mut store = Store::open(&path).unwrap();
    assert!(store.foreign_keys_on());

    let err = store.write(|tx| Ok(insert_member_sql(tx, &[("group_id", &999)])?)).unwrap_err();
    assert!(matches!(err, StoreError::Constraint(_)), "{err:?}");
    assert_eq!(members::count(store.conn()).unwrap(), 0);

    // The same row in a group that exists is accepted.
    store
        .write(|tx| {
            let g = members::insert_group(tx, "第一党小组", None)?;
            Ok(insert_member_sql(tx, &[("group_id", &g)])?)
        })
        .unwrap();
    assert_eq!(members::count(store.conn()).unwrap(), 1);
}

// ---- 5. Chinese text ----

#[test]
fn chinese_text_round_trips_through_a_closed_and_reopened_file() {
    let (_dir, path) = temp_db();
    let mut d = MemberDraft {
        name: "阿依古丽·买买提".into(),
        gender: Gender::Female,
        ethnicity: "维吾尔族".into(),
        phone: "0991-2345678".into(),
        work_unit: "乌鲁木齐市天山区人民政府办公室".into(),
        notes: "2024年由喀什地区转入；擅长双语宣讲。\n第二行：“引号”与《书名号》".into(),
        cadre_level: Some(CadreLevel::CityCounty),
        probation_extension_months: 0,
        posts: vec![PartyPost::Secretary, PartyPost::Publicity],
        joined_on: Some(day(2024, 3, 15)),
        exemption: Some(Exemption { reason: "长期驻外工作".into(), from: Some(day(2026, 1, 1)), to: None }),
        ..draft("")
    };
    let id = {
        let mut svc = Service::open(&path, today()).unwrap();
        d.group_id = Some(svc.create_group("第一党小组", None).unwrap());
        svc.create_member(&d).unwrap()
    };

    let svc = Service::open(&path, today()).unwrap();
    let m = svc.member(id).unwrap();
    assert_eq!(m.draft, d);
    assert_eq!(m.number, "0001");
    assert_eq!(svc.groups().unwrap()[0].name, "第一党小组");
}

#[test]
fn the_longest_chinese_texts_the_form_accepts_fit_the_database() {
    let (_dir, path) = temp_db();
    let mut svc = Service::open(&path, today()).unwrap();
    let d = MemberDraft {
        name: "买".repeat(30).into(),
        ethnicity: "族".repeat(20).into(),
        work_unit: "局".repeat(60).into(),
        notes: "记".repeat(500),
        ..draft("")
    };
    let id = svc.create_member(&d).unwrap();
    drop(svc);
    let svc = Service::open(&path, today()).unwrap();
    assert_eq!(svc.member(id).unwrap().draft, d);
}

#[test]
fn a_phone_the_form_accepts_fits_the_database() {
    let mut svc = Service::in_memory(today()).unwrap();

    // The longest phone the form accepts (20 digits, 30 characters) is saved as it was typed.
    let longest = "1-2-3-4-5-6-7-8-9-0 1234567890";
    assert_eq!(longest.chars().count(), 30);
    let d = MemberDraft { phone: longest.into(), ..draft("张三") };
    assert_eq!(zhibu::domain::member::validate_member(&d, today()), Ok(()));
    let id = svc.create_member(&d).expect("a phone the form accepts is saved");
    assert_eq!(svc.member(id).unwrap().draft.phone, longest);

    // 20 digits with a space between each (39 characters) is refused as a field, not by the database.
    let d = MemberDraft { phone: "1 3 8 0 0 1 3 8 0 0 0 1 2 3 4 5 6 7 8 9".into(), ..draft("李四") };
    let problems = zhibu::domain::member::validate_member(&d, today()).unwrap_err();
    assert!(problems.iter().any(|p| p.field == field::PHONE), "{problems:?}");
    match svc.create_member(&d) {
        Err(ServiceError::Invalid(e)) => assert!(e.iter().any(|p| p.field == field::PHONE), "{e:?}"),
        other => panic!("expected a field message for the phone, got {other:?}"),
    }
}

// ---- 6. failed writes ----

#[test]
fn a_failed_write_rolls_back_everything_it_did() {
    let (_dir, path) = temp_db();
    let mut store = Store::open(&path).unwrap();
    let kept = store.write(|tx| members::insert(tx, &draft("张三"), entered())).unwrap();
    let counts = |s: &Store| (members::count(s.conn()).unwrap(), changelog::count(s.conn()).unwrap());
    assert_eq!(counts(&store), (1, 1));

    // A valid insert and update, then an insert that a CHECK refuses (full without conversion).
    let mut invalid = draft("李四");
    invalid.conversion_date = None;
    let err = store
        .write(|tx| {
            members::insert(tx, &draft("王五"), entered())?;
            members::update(tx, kept, &draft("张三丰"))?;
            members::insert(tx, &invalid, entered())
        })
        .unwrap_err();
    assert!(matches!(err, StoreError::Constraint(_)), "{err:?}");
    assert_eq!(counts(&store), (1, 1));

    // A valid insert, then the closure gives up.
    let err = store
        .write(|tx| {
            members::insert(tx, &draft("王五"), entered())?;
            Err::<(), _>(StoreError::Other("gave up".into()))
        })
        .unwrap_err();
    assert!(matches!(err, StoreError::Other(_)), "{err:?}");
    assert_eq!(counts(&store), (1, 1));
    drop(store);

    // Nothing of it reached the file, and the next write takes the next number.
    let mut store = Store::open(&path).unwrap();
    assert_eq!(counts(&store), (1, 1));
    assert_eq!(member_names(store.conn()), ["张三"]);
    let id = store.write(|tx| members::insert(tx, &draft("王五"), entered())).unwrap();
    assert_eq!(members::get(store.conn(), id).unwrap().number, "0002");
    assert_eq!(counts(&store), (2, 2));
}

#[test]
fn a_duplicate_group_name_is_refused_and_writes_nothing() {
    let (_dir, path) = temp_db();
    let mut svc = Service::open(&path, today()).unwrap();
    svc.create_group("第一党小组", None).unwrap();
    let log = svc.change_count().unwrap();

    for name in ["第一党小组", "  第一党小组 "] {
        match svc.create_group(name, None) {
            Err(ServiceError::Invalid(errs)) => {
                assert_eq!(errs.len(), 1);
                assert_eq!(errs[0].field, field::GROUP_NAME);
            }
            other => panic!("{name:?}: expected Invalid, got {other:?}"),
        }
    }
    assert_eq!(svc.groups().unwrap().len(), 1);
    assert_eq!(svc.change_count().unwrap(), log);
}

// ---- 7. the change log ----

/// Parses a change-log JSON column.
fn json(s: &Option<String>) -> Value {
    serde_json::from_str(s.as_deref().expect("a JSON column")).unwrap()
}

#[test]
fn every_member_write_is_logged_with_before_and_after() {
    let (_dir, path) = temp_db();
    let mut svc = Service::open(&path, today()).unwrap();
    svc.set_log_clock(Some("2026-11-28T09:30:00")).unwrap();

    let id = svc.create_member(&draft("阿依古丽·买买提")).unwrap();
    let mut edited = draft("阿依古丽·买买提");
    edited.work_unit = "市财政局".into();
    let v = svc.version(zhibu::service::Record::Member(id)).unwrap();
    svc.update_member(id, &edited, v).unwrap();
    let archive = Archive { reason: ArchiveReason::TransferredOut, date: today(), note: "转至喀什地区".into() };
    svc.archive_member(id, &archive).unwrap();
    svc.restore_member(id).unwrap();

    let rows = svc.history("member", id).unwrap();
    let actions: Vec<&str> = rows.iter().map(|c| c.action.as_str()).collect();
    assert_eq!(actions, ["insert", "update", "archive", "restore"]);
    for c in &rows {
        assert_eq!((c.table.as_str(), c.row_id), ("member", id));
        assert_eq!(c.at, "2026-11-28T09:30:00");
    }

    let [insert, update, archived, restored] = &rows[..] else { unreachable!() };
    assert_eq!(insert.before, None);
    let first: Member = serde_json::from_str(insert.after.as_deref().unwrap()).unwrap();
    assert_eq!(first.draft, draft("阿依古丽·买买提"));
    assert_eq!(json(&insert.after)["name"], "阿依古丽·买买提");

    assert_eq!(json(&update.before)["work_unit"], "区教育局");
    assert_eq!(json(&update.after)["work_unit"], "市财政局");

    assert_eq!(json(&archived.before)["archive"], Value::Null);
    let a = &json(&archived.after)["archive"];
    assert_eq!(a["reason"], "transferred_out");
    assert_eq!(a["date"], "2026-11-28");
    assert_eq!(a["note"], "转至喀什地区");

    assert_eq!(json(&restored.before)["archive"]["reason"], "transferred_out");
    assert_eq!(json(&restored.after)["archive"], Value::Null);

    drop(svc);
    let svc = Service::open(&path, today()).unwrap();
    assert_eq!(svc.history("member", id).unwrap(), rows);
    assert!(svc.member(id).unwrap().archive.is_none());
}

// ---- 8. CHECK constraints below the domain rules ----

#[test]
fn check_constraints_refuse_invalid_rows_written_with_plain_sql() {
    let (_dir, path) = temp_db();
    let mut store = Store::open(&path).unwrap();
    let null: Option<String> = None;
    let cases: [(&str, Vec<Column>); 7] = [
        ("no 30 February", vec![("birth_date", &"2026-02-30")]),
        ("dates are zero-padded", vec![("admission_date", &"2010-7-1")]),
        ("unknown status", vec![("status", &"candidate")]),
        ("full needs a conversion date", vec![("conversion_date", &null)]),
        ("probationary has none", vec![("status", &"probationary")]),
        ("admitted after birth", vec![("admission_date", &"1980-01-01")]),
        ("STRICT: exempt is an integer", vec![("exempt", &"yes")]),
    ];
    for (why, changes) in &cases {
        let err = store.write(|tx| Ok(insert_member_sql(tx, changes)?)).unwrap_err();
        assert!(matches!(err, StoreError::Constraint(_)), "{why}: {err:?}");
    }
    assert_eq!(members::count(store.conn()).unwrap(), 0);
    // The base row itself is valid, so each refusal came from its one change.
    store.write(|tx| Ok(insert_member_sql(tx, &[])?)).unwrap();
    assert_eq!(members::count(store.conn()).unwrap(), 1);
}

// ---- 9. two connections on one file ----

#[test]
fn two_programs_share_one_file_and_a_busy_save_writes_nothing() {
    let (_dir, path) = temp_db();
    let mut a = Service::open(&path, today()).unwrap();
    let mut b = Service::open(&path, today()).unwrap();

    let first = a.create_member(&draft("甲")).unwrap();
    let second = b.create_member(&draft("乙")).unwrap();
    for svc in [&a, &b] {
        let numbers: Vec<(String, String)> =
            svc.members().unwrap().into_iter().map(|m| (m.number.into(), m.draft.name.into())).collect();
        assert_eq!(numbers, [("0001".into(), "甲".into()), ("0002".into(), "乙".into())]);
    }
    assert_eq!(a.member(second).unwrap().draft.name, "乙");
    assert_eq!(b.member(first).unwrap().draft.name, "甲");

    // A third program holds the write lock.
    let blocker = Connection::open(&path).unwrap();
    blocker.execute_batch("BEGIN IMMEDIATE").unwrap();
    let started = Instant::now();
    let err = a.create_member(&draft("丙")).unwrap_err();
    let waited = started.elapsed();
    assert!(matches!(err, ServiceError::Busy), "{err:?}");
    assert!(waited >= Duration::from_millis(2500) && waited < Duration::from_secs(20), "waited {waited:?}");
    // Nothing half-written: readers go on reading in WAL mode while the lock is held. (The
    // change log also holds the records start the first member fixed.)
    for svc in [&a, &b] {
        assert_eq!(svc.member_count().unwrap(), 2);
        assert_eq!(svc.change_count().unwrap(), 3);
    }

    blocker.execute_batch("COMMIT").unwrap();
    let third = a.create_member(&draft("丙")).unwrap();
    assert_eq!(b.member(third).unwrap().number, "0003");
    assert_eq!(b.member_count().unwrap(), 3);
    assert_eq!(b.change_count().unwrap(), 4);
}

/// The yearly totals kept with every meeting write equal a recomputation from the attendance,
/// after inserts, edits (a late 补学, a date moved across a year) and deletes.
#[test]
fn yearly_totals_stay_equal_to_the_attendance() {
    use zhibu::domain::meeting::{Attendance, MeetingStatus};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("totals.db");
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 28).unwrap();
    let mut s = Service::open(&path, today).unwrap();
    zhibu::cli::sample::generate(&mut s, today, 20).unwrap();
    let items = s.meetings_in_year(2026).unwrap();
    let held: Vec<i64> =
        items.iter().filter(|i| i.summary.status == MeetingStatus::Held).map(|i| i.summary.id).collect();
    // A late 补学 on one meeting, another moved into last year, a third deleted.
    let mut m = s.meeting(held[0]).unwrap();
    if let Some(a) =
        m.draft.attendance.iter_mut().find(|a| a.status == Attendance::Absent || a.status == Attendance::Present)
    {
        a.status = Attendance::MadeUp;
        a.made_up_on = Some(today);
        a.reason = "补学".into();
    }
    s.save_meeting(Some((m.id, s.version(zhibu::service::Record::Meeting(m.id)).unwrap())), &m.draft).unwrap();
    let mut m = s.meeting(held[1]).unwrap();
    m.draft.date = chrono::NaiveDate::from_ymd_opt(2025, 12, 31).unwrap();
    s.save_meeting(Some((m.id, s.version(zhibu::service::Record::Meeting(m.id)).unwrap())), &m.draft).unwrap();
    s.delete_meeting(held[2]).unwrap();
    drop(s);

    let c = rusqlite::Connection::open(&path).unwrap();
    let dump = |c: &rusqlite::Connection| -> Vec<String> {
        let mut st = c.prepare("SELECT * FROM member_year ORDER BY member_id, year").unwrap();
        st.query_map([], |r| {
            Ok(format!(
                "{:?}",
                (
                    r.get::<_, i64>(0)?,
                    r.get::<_, i64>(1)?,
                    r.get::<_, i64>(2)?,
                    r.get::<_, i64>(3)?,
                    r.get::<_, i64>(4)?,
                    r.get::<_, Option<String>>(5)?
                )
            ))
        })
        .unwrap()
        .map(Result::unwrap)
        .collect()
    };
    let kept = dump(&c);
    zhibu::store::member_year::rebuild(&c).unwrap();
    assert_eq!(kept, dump(&c));
    assert!(!kept.is_empty());
}

// ---- the bundled SQLite ----

/// The bundled SQLite is built without the extensions zhibu never uses (.cargo/config.toml, to
/// keep the binary small), and with the JSON functions the change log needs.
#[test]
fn bundled_sqlite_leaves_out_unused_extensions_and_keeps_json() {
    let db = Connection::open_in_memory().unwrap();
    for option in ["ENABLE_FTS3", "ENABLE_FTS5", "ENABLE_RTREE", "ENABLE_DBSTAT_VTAB", "ENABLE_STAT4", "SOUNDEX"] {
        let used: bool = db.query_row("SELECT sqlite_compileoption_used(?1)", [option], |r| r.get(0)).unwrap();
        assert!(!used, "SQLite built with {option}: LIBSQLITE3_FLAGS from .cargo/config.toml not applied");
    }
    assert!(db.execute_batch("CREATE VIRTUAL TABLE t USING fts5(x)").is_err());
    let n: i64 = db
        .query_row(
            r#"SELECT count(*) FROM json_each('{"posts":["secretary"]}', '$.posts') WHERE json_valid('[1]')"#,
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(n, 1);
}

/// The reads the findings make in table order and merge (held meetings with their kinds, talks
/// with their participants) return what one SQL join returns, on the sample, with a meeting
/// without kinds left out as the join leaves it.
#[test]
fn merged_reads_equal_the_joins() {
    use zhibu::domain::meeting::MeetingKind;
    let (_d, path) = temp_db();
    let mut s = Service::open(&path, today()).unwrap();
    zhibu::cli::sample::generate(&mut s, today(), 40).unwrap();
    drop(s);
    let c = Connection::open(&path).unwrap();
    c.execute("INSERT INTO meeting (date, status, topic, credit_min) VALUES ('2026-03-03', 'held', '无类型', 0)", [])
        .unwrap();
    let (from, to) = (day(2025, 1, 1), day(2026, 12, 31));
    let held = zhibu::store::meetings::held_between(&c, from, to).unwrap();
    let mut st = c
        .prepare(
            "SELECT m.date, m.group_id, m.lecturer_id, group_concat(k.kind)
             FROM meeting m JOIN meeting_kind k ON k.meeting_id = m.id
             WHERE m.status = 'held' AND m.date BETWEEN '2025-01-01' AND '2026-12-31'
             GROUP BY m.id ORDER BY m.date, m.id",
        )
        .unwrap();
    let joined: Vec<(String, Option<i64>, Option<i64>, String)> = st
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    assert!(joined.len() > 100);
    assert_eq!(held.len(), joined.len());
    for (h, j) in held.iter().zip(&joined) {
        let mut kinds: Vec<MeetingKind> = j.3.split(',').map(|k| MeetingKind::from_id(k).unwrap()).collect();
        let mut mine = h.kinds.clone();
        kinds.sort();
        mine.sort();
        assert_eq!((h.date.to_string(), h.group_id, h.lecturer_id, mine), (j.0.clone(), j.1, j.2, kinds));
    }
    let talks = zhibu::store::evaluation::talk_participants(&c, from, to).unwrap();
    let mut st = c
        .prepare(
            "SELECT t.id, t.date, tm.member_id FROM talk t JOIN talk_member tm ON tm.talk_id = t.id
             WHERE t.date BETWEEN '2025-01-01' AND '2026-12-31' ORDER BY t.id, tm.member_id",
        )
        .unwrap();
    let mut joined: Vec<(String, Vec<i64>)> = Vec::new();
    let mut last = None;
    for row in st.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?, r.get::<_, i64>(2)?))).unwrap() {
        let (id, date, member) = row.unwrap();
        if last != Some(id) {
            joined.push((date, Vec::new()));
            last = Some(id);
        }
        joined.last_mut().unwrap().1.push(member);
    }
    assert!(!joined.is_empty());
    let talks: Vec<(String, Vec<i64>)> = talks.into_iter().map(|(d, m)| (d.to_string(), m)).collect();
    assert_eq!(talks, joined);
}
