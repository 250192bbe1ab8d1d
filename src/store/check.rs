//! `zhibu check`: SQLite's integrity and foreign-key checks, then every derived total
//! (`member_year`) recomputed from the attendance and compared. Without repair the file is
//! opened read-only and nothing is written; a repair rebuilds the totals in one transaction.
//! Opening a file after another program version wrote it runs the quick form of the total check.

use std::collections::BTreeMap;
use std::path::Path;

use rusqlite::Connection;

use super::{OpenError, Result, StoreError, member_year, migrations};

/// One thing `check` found wrong.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Problem {
    /// A line of `PRAGMA integrity_check`.
    Integrity(String),
    /// A row whose foreign key points nowhere: (table, rowid, parent table).
    ForeignKey { table: String, rowid: Option<i64>, parent: String },
    /// A member's yearly total that disagrees with the attendance rows.
    Total { member_id: i64, member: String, year: i32, field: &'static str, stored: i64, computed: i64 },
}

/// What `check` found, and whether it repaired the totals.
#[derive(Clone, Debug, Default)]
pub struct Report {
    pub problems: Vec<Problem>,
    /// The file's schema is older than this program's: its totals are checked after it is
    /// opened (and upgraded) once by the program.
    pub older_schema: Option<i64>,
    pub repaired: usize,
}

/// The yearly figures of `member_year`, in a fixed order with their names.
type Figures = [i64; 5];
const FIELDS: [&str; 5] = ["credit_min", "made_up_min", "absences", "home_deliveries", "last_org_life"];

/// `last_org_life` as a number (yyyymmdd, 0 for none), so every figure compares alike.
const DAY_NUMBER: &str = "coalesce(CAST(replace(last_org_life, '-', '') AS INTEGER), 0)";

fn stored(conn: &Connection) -> Result<BTreeMap<(i64, i32), Figures>> {
    let mut st = conn.prepare(&format!(
        "SELECT member_id, year, credit_min, made_up_min, absences, home_deliveries, {DAY_NUMBER} FROM member_year"
    ))?;
    let rows =
        st.query_map([], |r| Ok(((r.get(0)?, r.get(1)?), [r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?])))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Every (member, year) total recomputed from the attendance, in a temporary table that the
/// connection drops again (a temp table is allowed on a read-only connection).
fn computed(conn: &Connection) -> Result<BTreeMap<(i64, i32), Figures>> {
    conn.execute_batch(&format!(
        "DROP TABLE IF EXISTS temp.member_year_check;
         CREATE TEMP TABLE member_year_check AS SELECT * FROM main.member_year WHERE 0;
         {}",
        member_year::recompute_all_sql("temp.member_year_check")
    ))?;
    let mut st = conn.prepare(&format!(
        "SELECT member_id, year, credit_min, made_up_min, absences, home_deliveries, {DAY_NUMBER}
         FROM temp.member_year_check"
    ))?;
    let rows =
        st.query_map([], |r| Ok(((r.get(0)?, r.get(1)?), [r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?])))?;
    let out = rows.collect::<rusqlite::Result<_>>()?;
    drop(st);
    conn.execute_batch("DROP TABLE temp.member_year_check")?;
    Ok(out)
}

/// Each stored total that differs from its recomputation. A stored row of zeros with no
/// attendance behind it is what a meeting write leaves when a member's last row goes: not wrong.
pub fn total_differences(conn: &Connection) -> Result<Vec<Problem>> {
    let (stored, computed) = (stored(conn)?, computed(conn)?);
    let names: crate::domain::ids::IdMap<i64, String> = {
        let mut st = conn.prepare("SELECT id, number || ' ' || name FROM member")?;
        let rows = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    let zero: Figures = [0; 5];
    let mut out = Vec::new();
    let keys: std::collections::BTreeSet<_> = stored.keys().chain(computed.keys()).copied().collect();
    for key in keys {
        let s = stored.get(&key).unwrap_or(&zero);
        let c = computed.get(&key).unwrap_or(&zero);
        for (i, field) in FIELDS.iter().enumerate() {
            if s[i] != c[i] {
                let member = names.get(&key.0).cloned().unwrap_or_else(|| format!("#{}", key.0));
                out.push(Problem::Total { member_id: key.0, member, year: key.1, field, stored: s[i], computed: c[i] });
            }
        }
    }
    Ok(out)
}

/// SQLite's own checks: `integrity_check` and `foreign_key_check`.
pub fn integrity(conn: &Connection) -> Result<Vec<Problem>> {
    let mut out = Vec::new();
    let mut st = conn.prepare("PRAGMA integrity_check")?;
    for line in st.query_map([], |r| r.get::<_, String>(0))? {
        let line = line?;
        if line != "ok" {
            out.push(Problem::Integrity(line));
        }
    }
    let mut st = conn.prepare("PRAGMA foreign_key_check")?;
    let rows =
        st.query_map([], |r| Ok(Problem::ForeignKey { table: r.get(0)?, rowid: r.get(1)?, parent: r.get(2)? }))?;
    for p in rows {
        out.push(p?);
    }
    Ok(out)
}

/// Opens `path` read-only for a check: never creates, upgrades or writes the file.
fn open_read_only(path: &Path) -> std::result::Result<Connection, OpenError> {
    let conn = super::read_only_connection(path)?;
    conn.busy_timeout(super::BUSY_TIMEOUT).map_err(|e| OpenError::Sqlite(e.to_string()))?;
    super::check_ours(&conn)?;
    Ok(conn)
}

/// Checks the file at `path`, read-only. With `repair`, when totals differ (and the file is
/// not damaged), it is then opened for writing (and upgraded like any open) and the totals are
/// rebuilt from the attendance in one transaction.
pub fn check_file(path: &Path, repair: bool) -> std::result::Result<Report, OpenError> {
    let data = |e: StoreError| OpenError::Sqlite(e.to_string());
    let mut report = Report::default();
    {
        let conn = open_read_only(path)?;
        report.problems = integrity(&conn).map_err(data)?;
        let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0)).map_err(|e| data(e.into()))?;
        let damaged = report.problems.iter().any(|p| matches!(p, Problem::Integrity(_)));
        if version < migrations::latest() {
            report.older_schema = Some(version);
        } else if !damaged {
            report.problems.extend(total_differences(&conn).map_err(data)?);
        }
        if !repair || damaged {
            // A damaged file is never rewritten: restore a backup instead.
            return Ok(report);
        }
    }
    let totals = report.problems.iter().filter(|p| matches!(p, Problem::Total { .. })).count();
    if totals == 0 && report.older_schema.is_none() {
        return Ok(report);
    }
    let mut store = super::Store::open(path)?;
    if !total_differences(store.conn()).map_err(data)?.is_empty() {
        store.write(|tx| member_year::rebuild(tx)).map_err(data)?;
    }
    report.older_schema = None;
    report.repaired = totals;
    Ok(report)
}

/// The setting that records which program version last opened the file for writing.
const WRITER_KEY: &str = "last_writer_version";

/// Runs on every writable open, after the migrations: when the schema was upgraded or another
/// program version wrote the file last, the yearly totals are compared with the attendance per
/// year (the quick form of the check) and rebuilt in one transaction if any year disagrees.
pub(crate) fn on_open(conn: &Connection, schema_before: i64) -> Result<()> {
    let me = env!("CARGO_PKG_VERSION");
    let last: Option<String> = conn
        .query_row("SELECT value FROM setting WHERE key = ?1", [WRITER_KEY], |r| r.get(0))
        .map(Some)
        .or_else(|e| if matches!(e, rusqlite::Error::QueryReturnedNoRows) { Ok(None) } else { Err(e) })?;
    let fresh = schema_before == 0;
    if last.as_deref() == Some(me) && schema_before == migrations::latest() {
        return Ok(());
    }
    conn.execute_batch("BEGIN IMMEDIATE")?;
    let result = (|| -> Result<()> {
        if !fresh && !year_sums_agree(conn)? {
            member_year::rebuild(conn)?;
        }
        conn.execute(
            "INSERT INTO setting (key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            [WRITER_KEY, me],
        )?;
        Ok(())
    })();
    match result {
        Ok(()) => Ok(conn.execute_batch("COMMIT")?),
        Err(e) => {
            let _ = conn.execute_batch("ROLLBACK");
            Err(e)
        }
    }
}

/// The quick check: per year, the sums of the stored totals against the sums over the
/// attendance itself.
fn year_sums_agree(conn: &Connection) -> Result<bool> {
    let stored: BTreeMap<i32, [i64; 4]> = {
        let mut st = conn.prepare(
            "SELECT year, sum(credit_min), sum(made_up_min), sum(absences), sum(home_deliveries)
             FROM member_year GROUP BY year HAVING sum(credit_min) + sum(absences) + sum(home_deliveries) > 0",
        )?;
        let rows = st.query_map([], |r| Ok((r.get(0)?, [r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?])))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    let computed: BTreeMap<i32, [i64; 4]> = {
        let mut st = conn.prepare(&member_year::year_sums_sql())?;
        let rows = st.query_map([], |r| Ok((r.get(0)?, [r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?])))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    Ok(stored == computed)
}
