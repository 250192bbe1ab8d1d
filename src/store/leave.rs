//! Members' standing leave (table `standing_leave`).

use rusqlite::{Connection, OptionalExtension, params};

use super::changelog::{self, Action};
use super::{Result, date};
use crate::domain::dates::fmt;
use crate::domain::leave::StandingLeave;

fn row(r: &rusqlite::Row) -> rusqlite::Result<(i64, i64, String, String, String)> {
    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
}

fn leave((id, member_id, reason, from, to): (i64, i64, String, String, String)) -> Result<(i64, StandingLeave)> {
    Ok((id, StandingLeave { member_id, reason, from: date(&from)?, to: date(&to)? }))
}

/// Every standing leave with its row id, in order of member and start.
pub fn list(conn: &Connection) -> Result<Vec<(i64, StandingLeave)>> {
    let mut st = conn.prepare_cached(
        "SELECT id, member_id, reason, from_date, to_date FROM standing_leave ORDER BY member_id, from_date",
    )?;
    let rows = st.query_map([], row)?.collect::<rusqlite::Result<Vec<_>>>()?;
    rows.into_iter().map(leave).collect()
}

/// A member's latest standing leave (the one ending last).
pub fn latest(conn: &Connection, member_id: i64) -> Result<Option<(i64, StandingLeave)>> {
    conn.query_row(
        "SELECT id, member_id, reason, from_date, to_date FROM standing_leave WHERE member_id = ?1
         ORDER BY to_date DESC, id DESC LIMIT 1",
        [member_id],
        row,
    )
    .optional()?
    .map(leave)
    .transpose()
}

/// Sets a member's latest standing leave (`None` removes it), with the change log.
pub fn set_latest(conn: &Connection, member_id: i64, new: Option<&StandingLeave>) -> Result<()> {
    let before = latest(conn, member_id)?;
    match (before, new) {
        (None, None) => Ok(()),
        (None, Some(l)) => {
            conn.execute(
                "INSERT INTO standing_leave (member_id, reason, from_date, to_date) VALUES (?1, ?2, ?3, ?4)",
                params![member_id, l.reason, fmt(l.from), fmt(l.to)],
            )?;
            changelog::append(conn, "standing_leave", conn.last_insert_rowid(), Action::Insert, None::<&()>, Some(l))
        }
        (Some((id, old)), Some(l)) => {
            if old == *l {
                return Ok(());
            }
            conn.execute(
                "UPDATE standing_leave SET reason = ?2, from_date = ?3, to_date = ?4 WHERE id = ?1",
                params![id, l.reason, fmt(l.from), fmt(l.to)],
            )?;
            changelog::append(conn, "standing_leave", id, Action::Update, Some(&old), Some(l))
        }
        (Some((id, old)), None) => {
            conn.execute("DELETE FROM standing_leave WHERE id = ?1", [id])?;
            changelog::append::<_, StandingLeave>(conn, "standing_leave", id, Action::Delete, Some(&old), None)
        }
    }
}
