//! Members away (tables `mobile_outflow`, `mobile_log`). Each write is logged; an outflow is
//! closed by its status (returned, transferred), never deleted.

use rusqlite::{Connection, OptionalExtension, Row, params};

use super::changelog::{self, Action};
use super::{Result, StoreError, date, opt_date, vocab};
use crate::domain::dates::fmt;
use crate::domain::mobile::{LogDraft, LogEntry, LogKind, MobileStatus, Outflow, OutflowDraft};

const OUTFLOW: &str = "SELECT id, member_id, status, reason, departed_on, expected_return, place, employer,
    residence, contact, abroad, fixed_place, talk_on, registered_org, registered_on, returned_on, checked_on,
    return_note, cert_no, cert_issued_on, cert_stamped, cert_verified_on, cert_filed FROM mobile_outflow";

fn outflow_row(r: &Row) -> rusqlite::Result<Result<Outflow>> {
    let s = |i: usize| r.get::<_, String>(i);
    let o = |i: usize| r.get::<_, Option<String>>(i);
    let b = |i: usize| r.get::<_, i64>(i).map(|v| v != 0);
    let (id, member_id, status, reason, departed) = (r.get(0)?, r.get(1)?, s(2)?, s(3)?, s(4)?);
    let (expected, place, employer, residence, contact) = (o(5)?, s(6)?, s(7)?, s(8)?, s(9)?);
    let (abroad, fixed_place, talk, registered_org, registered) = (b(10)?, b(11)?, o(12)?, s(13)?, o(14)?);
    let (returned, checked, return_note, cert_no, issued) = (o(15)?, o(16)?, s(17)?, o(18)?, o(19)?);
    let (cert_stamped, verified, cert_filed) = (b(20)?, o(21)?, b(22)?);
    Ok((|| {
        Ok(Outflow {
            id,
            draft: OutflowDraft {
                member_id,
                status: vocab(&status, MobileStatus::from_id)?,
                reason,
                departed_on: date(&departed)?,
                expected_return: opt_date(expected)?,
                place,
                employer,
                residence,
                contact,
                abroad,
                fixed_place,
                talk_on: opt_date(talk)?,
                registered_org,
                registered_on: opt_date(registered)?,
                returned_on: opt_date(returned)?,
                checked_on: opt_date(checked)?,
                return_note,
                cert_no: cert_no.unwrap_or_default(),
                cert_issued_on: opt_date(issued)?,
                cert_stamped,
                cert_verified_on: opt_date(verified)?,
                cert_filed,
            },
        })
    })())
}

fn many<T>(
    conn: &Connection,
    sql: &str,
    p: impl rusqlite::Params,
    map: fn(&Row) -> rusqlite::Result<Result<T>>,
) -> Result<Vec<T>> {
    let mut st = conn.prepare_cached(sql)?;
    let rows = st.query_map(p, map)?;
    rows.map(|r| r?).collect()
}

pub fn outflow(conn: &Connection, id: i64) -> Result<Outflow> {
    conn.prepare_cached(&format!("{OUTFLOW} WHERE id = ?1"))?
        .query_row([id], outflow_row)
        .optional()?
        .ok_or(StoreError::NotFound)?
}

/// Every outflow, by member and departure.
pub fn outflows(conn: &Connection) -> Result<Vec<Outflow>> {
    many(conn, &format!("{OUTFLOW} ORDER BY member_id, departed_on, id"), [], outflow_row)
}

/// A member's outflows, by departure.
pub fn member_outflows(conn: &Connection, member_id: i64) -> Result<Vec<Outflow>> {
    many(conn, &format!("{OUTFLOW} WHERE member_id = ?1 ORDER BY departed_on, id"), [member_id], outflow_row)
}

/// The outflow (other than `except`) holding certificate number `no`, if any.
pub fn cert_holder(conn: &Connection, no: &str, except: Option<i64>) -> Result<Option<i64>> {
    Ok(conn
        .prepare_cached("SELECT id FROM mobile_outflow WHERE cert_no = ?1 AND (?2 IS NULL OR id <> ?2)")?
        .query_row(params![no.trim(), except], |r| r.get(0))
        .optional()?)
}

fn write_outflow(conn: &Connection, id: i64, d: &OutflowDraft) -> Result<()> {
    let cert = d.cert_no.trim();
    conn.prepare_cached(
        "UPDATE mobile_outflow SET member_id = ?2, status = ?3, reason = ?4, departed_on = ?5, expected_return = ?6,
         place = ?7, employer = ?8, residence = ?9, contact = ?10, abroad = ?11, fixed_place = ?12, talk_on = ?13,
         registered_org = ?14, registered_on = ?15, returned_on = ?16, checked_on = ?17, return_note = ?18,
         cert_no = ?19, cert_issued_on = ?20, cert_stamped = ?21, cert_verified_on = ?22, cert_filed = ?23
         WHERE id = ?1",
    )?
    .execute(params![
        id,
        d.member_id,
        d.status.id(),
        d.reason.trim(),
        fmt(d.departed_on),
        d.expected_return.map(fmt),
        d.place.trim(),
        d.employer.trim(),
        d.residence.trim(),
        d.contact.trim(),
        d.abroad,
        d.fixed_place,
        d.talk_on.map(fmt),
        d.registered_org.trim(),
        d.registered_on.map(fmt),
        d.returned_on.map(fmt),
        d.checked_on.map(fmt),
        d.return_note.trim(),
        (!cert.is_empty()).then_some(cert),
        d.cert_issued_on.map(fmt),
        d.cert_stamped,
        d.cert_verified_on.map(fmt),
        d.cert_filed,
    ])?;
    Ok(())
}

/// Inserts (`id` None) or updates an outflow, with the change log; returns its id.
pub fn save_outflow(conn: &Connection, id: Option<i64>, d: &OutflowDraft) -> Result<i64> {
    let (id, before) = match id {
        Some(id) => (id, Some(outflow(conn, id)?)),
        None => {
            conn.prepare_cached(
                "INSERT INTO mobile_outflow (member_id, status, reason, departed_on) VALUES (?1, ?2, ?3, ?4)",
            )?
            .execute(params![d.member_id, d.status.id(), d.reason.trim(), fmt(d.departed_on)])?;
            (conn.last_insert_rowid(), None)
        }
    };
    write_outflow(conn, id, d)?;
    let after = outflow(conn, id)?;
    let action = if before.is_some() { Action::Update } else { Action::Insert };
    // The draft's fields at the top of the logged record, as every other record's (the history
    // lists them one by one).
    changelog::append(conn, "mobile_outflow", id, action, before.as_ref().map(|o| &o.draft), Some(&after.draft))?;
    Ok(id)
}

const LOG: &str = "SELECT id, outflow_id, kind, date, channel, content FROM mobile_log";

fn log_row(r: &Row) -> rusqlite::Result<Result<LogEntry>> {
    let (id, outflow_id, kind, day, channel, content): (i64, i64, String, String, String, String) =
        (r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?);
    Ok((|| {
        Ok(LogEntry {
            id,
            draft: LogDraft { outflow_id, kind: vocab(&kind, LogKind::from_id)?, date: date(&day)?, channel, content },
        })
    })())
}

/// Every log entry, by outflow and date.
pub fn logs(conn: &Connection) -> Result<Vec<LogEntry>> {
    many(conn, &format!("{LOG} ORDER BY outflow_id, date, id"), [], log_row)
}

/// An outflow's log, newest first.
pub fn outflow_logs(conn: &Connection, outflow_id: i64) -> Result<Vec<LogEntry>> {
    many(conn, &format!("{LOG} WHERE outflow_id = ?1 ORDER BY date DESC, id DESC"), [outflow_id], log_row)
}

/// Appends a log entry, with the change log; returns its id.
pub fn add_log(conn: &Connection, d: &LogDraft) -> Result<i64> {
    conn.prepare_cached(
        "INSERT INTO mobile_log (outflow_id, kind, date, channel, content) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![d.outflow_id, d.kind.id(), fmt(d.date), d.channel.trim(), d.content.trim()])?;
    let id = conn.last_insert_rowid();
    changelog::append(conn, "mobile_log", id, Action::Insert, None::<&()>, Some(d))?;
    Ok(id)
}
