//! Individual study records (党校轮训, 在线学习, 送学上门, ...), each logged.

use crate::domain::ids::IdMap;

use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, Row, params};

use super::changelog::{self, Action};
use super::{Result, StoreError, date, vocab};
use crate::domain::dates::fmt;
use crate::domain::meeting::{StudyDraft, StudyKind, StudyRecord};

const COLUMNS: &str = "id, member_id, date, kind, organiser, credit_min, note";

fn raw(r: &Row) -> rusqlite::Result<(i64, i64, String, String, String, i64, String)> {
    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?))
}

fn finish(raw: (i64, i64, String, String, String, i64, String)) -> Result<StudyRecord> {
    let (id, member_id, d, kind, organiser, credit_min, note) = raw;
    Ok(StudyRecord {
        id,
        draft: StudyDraft {
            member_id,
            date: date(&d)?,
            kind: vocab(&kind, StudyKind::from_id)?,
            organiser,
            credit_min,
            note,
        },
    })
}

pub fn get(conn: &Connection, id: i64) -> Result<StudyRecord> {
    let r = conn
        .prepare_cached(&format!("SELECT {COLUMNS} FROM study_record WHERE id = ?1"))?
        .query_row([id], raw)
        .optional()?
        .ok_or(StoreError::NotFound)?;
    finish(r)
}

/// Records dated within `from..=to` (of one member, if given), oldest first.
pub fn list_between(
    conn: &Connection,
    member: Option<i64>,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<StudyRecord>> {
    let mut st = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM study_record WHERE (?1 IS NULL OR member_id = ?1) AND date BETWEEN ?2 AND ?3 ORDER BY date, id"
    ))?;
    let rows = st.query_map(params![member, fmt(from), fmt(to)], raw)?;
    rows.map(|r| finish(r?)).collect()
}

fn write(conn: &Connection, id: i64, d: &StudyDraft) -> Result<()> {
    conn.prepare_cached("UPDATE study_record SET member_id = ?2, date = ?3, kind = ?4, organiser = ?5, credit_min = ?6, note = ?7 WHERE id = ?1")?
        .execute(params![id, d.member_id, fmt(d.date), d.kind.id(), d.organiser.trim(), d.credit_min, d.note.trim()])?;
    Ok(())
}

pub fn insert(conn: &Connection, d: &StudyDraft) -> Result<i64> {
    conn.prepare_cached("INSERT INTO study_record (member_id, date, kind, credit_min) VALUES (?1, ?2, ?3, ?4)")?
        .execute(params![d.member_id, fmt(d.date), d.kind.id(), d.credit_min])?;
    let id = conn.last_insert_rowid();
    write(conn, id, d)?;
    let after = get(conn, id)?;
    changelog::append::<StudyRecord, StudyRecord>(conn, "study_record", id, Action::Insert, None, Some(&after))?;
    Ok(id)
}

pub fn update(conn: &Connection, id: i64, d: &StudyDraft) -> Result<()> {
    let before = get(conn, id)?;
    write(conn, id, d)?;
    let after = get(conn, id)?;
    changelog::append(conn, "study_record", id, Action::Update, Some(&before), Some(&after))
}

pub fn delete(conn: &Connection, id: i64) -> Result<()> {
    let before = get(conn, id)?;
    conn.prepare_cached("DELETE FROM study_record WHERE id = ?1")?.execute([id])?;
    changelog::append::<StudyRecord, StudyRecord>(conn, "study_record", id, Action::Delete, Some(&before), None)
}

/// Each member's last 党校轮训 (party-school rotation).
pub fn last_rotation(conn: &Connection) -> Result<IdMap<i64, NaiveDate>> {
    let mut st = conn.prepare_cached(
        "SELECT member_id, max(date) FROM study_record WHERE kind = 'party_school' GROUP BY member_id",
    )?;
    let rows = st.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))?;
    let mut out = IdMap::default();
    for row in rows {
        let (id, d) = row?;
        out.insert(id, date(&d)?);
    }
    Ok(out)
}

/// Each member's last 党校轮训 or 上级集中培训 (a new secretary's on-the-job training).
pub fn last_training(conn: &Connection) -> Result<IdMap<i64, NaiveDate>> {
    let mut st = conn.prepare_cached(
        "SELECT member_id, max(date) FROM study_record WHERE kind IN ('party_school', 'higher_training') GROUP BY member_id",
    )?;
    let rows = st.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))?;
    let mut out = IdMap::default();
    for row in rows {
        let (id, d) = row?;
        out.insert(id, date(&d)?);
    }
    Ok(out)
}
