//! The dated notes that a year's 光荣在党50年 list was reported (one row per year).

use rusqlite::{Connection, OptionalExtension, params};

use super::changelog::{self, Action};
use super::{Result, date};
use crate::domain::dates::fmt;
use crate::domain::honours::HonoursReport;

/// Every year with a recorded report, in order.
pub fn years(conn: &Connection) -> Result<Vec<i32>> {
    let mut st = conn.prepare_cached("SELECT year FROM honours_report ORDER BY year")?;
    Ok(st.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?)
}

pub fn get(conn: &Connection, year: i32) -> Result<Option<HonoursReport>> {
    let row: Option<(i32, String, String)> = conn
        .query_row("SELECT year, reported_on, note FROM honours_report WHERE year = ?1", [year], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })
        .optional()?;
    row.map(|(year, on, note)| Ok(HonoursReport { year, reported_on: date(&on)?, note })).transpose()
}

/// Records (or corrects) a year's report.
pub fn save(conn: &Connection, r: &HonoursReport) -> Result<()> {
    let before = get(conn, r.year)?;
    conn.execute(
        "INSERT INTO honours_report (year, reported_on, note) VALUES (?1, ?2, ?3)
         ON CONFLICT(year) DO UPDATE SET reported_on = excluded.reported_on, note = excluded.note",
        params![r.year, fmt(r.reported_on), r.note],
    )?;
    let action = if before.is_some() { Action::Update } else { Action::Insert };
    changelog::append(conn, "honours_report", i64::from(r.year), action, before.as_ref(), Some(r))
}

/// Removes a year's report (it was recorded by mistake); the change log keeps it.
pub fn delete(conn: &Connection, year: i32) -> Result<()> {
    let Some(before) = get(conn, year)? else { return Ok(()) };
    conn.execute("DELETE FROM honours_report WHERE year = ?1", [year])?;
    changelog::append::<_, HonoursReport>(conn, "honours_report", i64::from(year), Action::Delete, Some(&before), None)
}
