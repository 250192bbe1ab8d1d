//! Incoming mobile members (table `incoming_member`). Each write is logged. Deleting one keeps
//! the guests who were that member: their link is cleared (and logged on each meeting), their
//! name stays.

use rusqlite::{Connection, OptionalExtension, Row, params};

use super::changelog::{self, Action};
use super::{Result, StoreError, date, opt_date};
use crate::domain::dates::fmt;
use crate::domain::incoming::{Incoming, IncomingDraft};

const SELECT: &str = "SELECT id, name, home_branch, cert_no, checked_on, group_id, phone, arrived_on, left_on, note
    FROM incoming_member";

fn row(r: &Row) -> rusqlite::Result<Result<Incoming>> {
    let (id, name, home_branch, cert_no): (i64, String, String, Option<String>) =
        (r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?);
    let (checked, group_id, phone, arrived, left, note): (
        Option<String>,
        Option<i64>,
        String,
        String,
        Option<String>,
        String,
    ) = (r.get(4)?, r.get(5)?, r.get(6)?, r.get(7)?, r.get(8)?, r.get(9)?);
    Ok((|| {
        Ok(Incoming {
            id,
            draft: IncomingDraft {
                name,
                home_branch,
                cert_no: cert_no.unwrap_or_default(),
                checked_on: opt_date(checked)?,
                group_id,
                phone,
                arrived_on: date(&arrived)?,
                left_on: opt_date(left)?,
                note,
            },
        })
    })())
}

pub fn get(conn: &Connection, id: i64) -> Result<Incoming> {
    conn.prepare_cached(&format!("{SELECT} WHERE id = ?1"))?
        .query_row([id], row)
        .optional()?
        .ok_or(StoreError::NotFound)?
}

/// Every incoming member, by arrival.
pub fn all(conn: &Connection) -> Result<Vec<Incoming>> {
    let mut st = conn.prepare_cached(&format!("{SELECT} ORDER BY arrived_on, id"))?;
    let rows = st.query_map([], row)?;
    rows.map(|r| r?).collect()
}

/// The incoming member (other than `except`) holding certificate number `no`, if any.
pub fn cert_holder(conn: &Connection, no: &str, except: Option<i64>) -> Result<Option<i64>> {
    Ok(conn
        .prepare_cached("SELECT id FROM incoming_member WHERE cert_no = ?1 AND (?2 IS NULL OR id <> ?2)")?
        .query_row(params![no.trim(), except], |r| r.get(0))
        .optional()?)
}

/// Inserts (`id` None) or updates an incoming member, with the change log; returns its id.
pub fn save(conn: &Connection, id: Option<i64>, d: &IncomingDraft) -> Result<i64> {
    let cert = d.cert_no.trim();
    let values = params![
        d.name.trim(),
        d.home_branch.trim(),
        (!cert.is_empty()).then_some(cert),
        d.checked_on.map(fmt),
        d.group_id,
        d.phone.trim(),
        fmt(d.arrived_on),
        d.left_on.map(fmt),
        d.note.trim(),
        id,
    ];
    let (id, before) = match id {
        Some(id) => {
            let before = get(conn, id)?;
            conn.prepare_cached(
                "UPDATE incoming_member SET name = ?1, home_branch = ?2, cert_no = ?3, checked_on = ?4, group_id = ?5,
                 phone = ?6, arrived_on = ?7, left_on = ?8, note = ?9 WHERE id = ?10",
            )?
            .execute(values)?;
            (id, Some(before))
        }
        None => {
            conn.prepare_cached(
                "INSERT INTO incoming_member (name, home_branch, cert_no, checked_on, group_id, phone, arrived_on,
                 left_on, note, id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            )?
            .execute(values)?;
            (conn.last_insert_rowid(), None)
        }
    };
    let after = get(conn, id)?;
    let action = if before.is_some() { Action::Update } else { Action::Insert };
    changelog::append(conn, "incoming_member", id, action, before.as_ref(), Some(&after))?;
    Ok(id)
}

/// Deletes an incoming member; the guests who were that member keep their names. Each meeting
/// whose guest loses the link is logged as changed in the same write, so that its history shows
/// it and an undo of the delete (which reads the log) puts the links back with the member.
pub fn delete(conn: &Connection, id: i64) -> Result<()> {
    let before = get(conn, id)?;
    let meetings: Vec<i64> = conn
        .prepare_cached("SELECT DISTINCT meeting_id FROM guest WHERE incoming_id = ?1 ORDER BY meeting_id")?
        .query_map([id], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for m in meetings {
        let was = super::meetings::get(conn, m)?;
        conn.prepare_cached("UPDATE guest SET incoming_id = NULL WHERE meeting_id = ?1 AND incoming_id = ?2")?
            .execute([m, id])?;
        let now = super::meetings::get(conn, m)?;
        changelog::append(conn, "meeting", m, Action::Update, Some(&was), Some(&now))?;
    }
    conn.prepare_cached("DELETE FROM incoming_member WHERE id = ?1")?.execute([id])?;
    changelog::append::<Incoming, Incoming>(conn, "incoming_member", id, Action::Delete, Some(&before), None)
}

/// One meeting an incoming member was a guest at.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Attended {
    pub incoming_id: i64,
    pub meeting_id: i64,
    pub date: chrono::NaiveDate,
    /// Marked absent on the list (listed, did not come).
    pub absent: bool,
}

/// Every held meeting dated from `from` to `to` at which an incoming member was a guest, by date.
pub fn attended_between(conn: &Connection, from: chrono::NaiveDate, to: chrono::NaiveDate) -> Result<Vec<Attended>> {
    let mut st = conn.prepare_cached(
        "SELECT g.incoming_id, m.id, m.date, g.absent FROM guest g JOIN meeting m ON m.id = g.meeting_id
         WHERE g.incoming_id IS NOT NULL AND m.status = 'held' AND m.date BETWEEN ?1 AND ?2
         ORDER BY m.date, m.id",
    )?;
    let rows = st.query_map(params![fmt(from), fmt(to)], |r| {
        Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?, r.get::<_, String>(2)?, r.get::<_, bool>(3)?))
    })?;
    rows.map(|r| {
        let (incoming_id, meeting_id, day, absent) = r?;
        Ok(Attended { incoming_id, meeting_id, date: date(&day)?, absent })
    })
    .collect()
}
