//! The change log: one row per written record, in the same transaction as the write.

use rusqlite::{Connection, params};
use serde::Serialize;

use super::Result;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    Insert,
    Update,
    Delete,
    Archive,
    Restore,
}

impl Action {
    fn id(self) -> &'static str {
        match self {
            Action::Insert => "insert",
            Action::Update => "update",
            Action::Delete => "delete",
            Action::Archive => "archive",
            Action::Restore => "restore",
        }
    }
}

/// The row id under which the settings (one record of many keys) are logged.
pub const SETTINGS_ROW: i64 = 1;

/// Appends a change-log row with the record before and after the change, as JSON.
pub fn append<B: Serialize, A: Serialize>(
    conn: &Connection,
    table: &str,
    row_id: i64,
    action: Action,
    before: Option<&B>,
    after: Option<&A>,
) -> Result<()> {
    let before = before.map(to_json).transpose()?;
    let after = after.map(to_json).transpose()?;
    conn.execute(
        "INSERT INTO change_log (at, tbl, row_id, action, before, after, batch, undoes)
         VALUES (coalesce((SELECT at FROM temp.log_clock), strftime('%Y-%m-%dT%H:%M:%S', 'now', 'localtime')),
                 ?1, ?2, ?3, ?4, ?5, (SELECT batch FROM temp.log_batch), (SELECT undoes FROM temp.log_batch))",
        params![table, row_id, action.id(), before, after],
    )?;
    Ok(())
}

/// Fixes the time written to the change log for this connection (the sample generator uses its
/// as-of date, so the same arguments write the same rows); `None` returns to the clock.
pub fn set_clock(conn: &Connection, at: Option<&str>) -> Result<()> {
    conn.execute_batch("DELETE FROM temp.log_clock")?;
    if let Some(at) = at {
        conn.execute("INSERT INTO temp.log_clock (at) VALUES (?1)", [at])?;
    }
    Ok(())
}

fn to_json<T: Serialize>(v: &T) -> Result<String> {
    serde_json::to_string(v).map_err(|e| super::StoreError::Other(e.to_string()))
}

/// A change-log row, for history views and tests.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Change {
    pub id: i64,
    pub at: String,
    pub table: String,
    pub row_id: i64,
    pub action: String,
    pub before: Option<String>,
    pub after: Option<String>,
    /// The write (one transaction) it was part of; `None` for rows older than batches.
    pub batch: Option<i64>,
    /// On the rows of an undo: the batch it undid.
    pub undoes: Option<i64>,
}

const COLUMNS: &str = "id, at, tbl, row_id, action, before, after, batch, undoes";

fn change(r: &rusqlite::Row) -> rusqlite::Result<Change> {
    Ok(Change {
        id: r.get(0)?,
        at: r.get(1)?,
        table: r.get(2)?,
        row_id: r.get(3)?,
        action: r.get(4)?,
        before: r.get(5)?,
        after: r.get(6)?,
        batch: r.get(7)?,
        undoes: r.get(8)?,
    })
}

/// The changes of one record, oldest first.
pub fn for_row(conn: &Connection, table: &str, row_id: i64) -> Result<Vec<Change>> {
    let mut st =
        conn.prepare_cached(&format!("SELECT {COLUMNS} FROM change_log WHERE tbl = ?1 AND row_id = ?2 ORDER BY id"))?;
    let rows = st.query_map(params![table, row_id], change)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The changes written by one batch (one transaction), in the order they were written.
pub fn of_batch(conn: &Connection, batch: i64) -> Result<Vec<Change>> {
    let mut st = conn.prepare_cached(&format!("SELECT {COLUMNS} FROM change_log WHERE batch = ?1 ORDER BY id"))?;
    let rows = st.query_map([batch], change)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Inside an undo's write: logs the reverse of each change of `batch`, newest first (an insert
/// becomes a delete, an archive a restore, and the before and after swap), under the undo's
/// own batch. The caller has already put every record back as it was before `batch`.
pub fn append_reverse(conn: &Connection, batch: i64) -> Result<()> {
    conn.execute(
        "INSERT INTO change_log (at, tbl, row_id, action, before, after, batch, undoes)
         SELECT coalesce((SELECT at FROM temp.log_clock), strftime('%Y-%m-%dT%H:%M:%S', 'now', 'localtime')),
                tbl, row_id,
                CASE action WHEN 'insert' THEN 'delete' WHEN 'delete' THEN 'insert'
                            WHEN 'archive' THEN 'restore' WHEN 'restore' THEN 'archive' ELSE action END,
                after, before, (SELECT batch FROM temp.log_batch), (SELECT undoes FROM temp.log_batch)
         FROM change_log WHERE batch = ?1 ORDER BY id DESC",
        [batch],
    )?;
    Ok(())
}

/// The number of change-log rows.
pub fn count(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row("SELECT count(*) FROM change_log", [], |r| r.get(0))?)
}

/// The id of the newest change-log row of one record (0 when it has none): its version.
pub fn latest_id(conn: &Connection, table: &str, row_id: i64) -> Result<i64> {
    Ok(conn
        .prepare_cached("SELECT coalesce(max(id), 0) FROM change_log WHERE tbl = ?1 AND row_id = ?2")?
        .query_row(params![table, row_id], |r| r.get(0))?)
}

/// The changes of one record after the change-log row `after_id`, oldest first.
pub fn since(conn: &Connection, table: &str, row_id: i64, after_id: i64) -> Result<Vec<Change>> {
    Ok(for_row(conn, table, row_id)?.into_iter().filter(|c| c.id > after_id).collect())
}

impl Change {
    /// The names of the fields this change altered (the last part of each changed path in the
    /// before/after JSON, e.g. `phone`), in the record's order; every field for an insert or
    /// delete.
    pub fn fields(&self) -> Vec<String> {
        let parse = |s: &Option<String>| s.as_deref().and_then(|s| serde_json::from_str::<serde_json::Value>(s).ok());
        let (before, after) = (parse(&self.before), parse(&self.after));
        let mut out = Vec::new();
        diff(before.as_ref(), after.as_ref(), "", &mut out);
        out
    }
}

fn diff(a: Option<&serde_json::Value>, b: Option<&serde_json::Value>, key: &str, out: &mut Vec<String>) {
    use serde_json::Value;
    match (a, b) {
        (Some(Value::Object(x)), Some(Value::Object(y))) => {
            for (k, v) in x {
                diff(Some(v), y.get(k), k, out);
            }
            for (k, v) in y.iter().filter(|(k, _)| !x.contains_key(*k)) {
                diff(None, Some(v), k, out);
            }
        }
        (a, b) if a != b && !key.is_empty() && !out.iter().any(|o| o == key) => out.push(key.to_string()),
        _ => {}
    }
}

/// An SQL expression for the day the record `row` (an SQL expression for its id) of `table` was
/// entered: the date of its newest insert in the log (an id freed by a deletion may be taken
/// again, and an undone deletion enters the record anew); NULL where the log has none, as for
/// records written before there was a log. Through the (table, row) index: a few rows a record.
pub(crate) fn entered_on_sql(table: &str, row: &str) -> String {
    format!(
        "(SELECT max(substr(c.at, 1, 10)) FROM change_log c
          WHERE c.tbl = '{table}' AND c.row_id = {row} AND c.action = 'insert')"
    )
}

/// The day each present secretary last became secretary by an edit (the change log's date of
/// the update that added the post). Members entered with the post are not new secretaries.
/// Only the edits of members who hold the post now are read (the rule asks about no one else),
/// so a long log of other members' edits costs nothing.
pub fn secretary_since(conn: &Connection) -> Result<crate::domain::ids::IdMap<i64, chrono::NaiveDate>> {
    let mut st = conn.prepare_cached(
        // The partial index holds exactly the members' updates, by row. CROSS JOIN keeps the
        // posts (a handful of rows) outside, so only the secretaries' edits are read; without
        // it the planner scans every member update and parses its JSON.
        "SELECT c.row_id, max(substr(c.at, 1, 10))
         FROM member_post p CROSS JOIN change_log c INDEXED BY change_log_member_update
           ON c.row_id = p.member_id AND c.tbl = 'member' AND c.action = 'update'
         WHERE p.post = 'secretary'
           AND EXISTS (SELECT 1 FROM json_each(c.after, '$.posts') WHERE value = 'secretary')
           AND NOT EXISTS (SELECT 1 FROM json_each(c.before, '$.posts') WHERE value = 'secretary')
         GROUP BY c.row_id",
    )?;
    let rows = st.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))?;
    let mut out = crate::domain::ids::IdMap::default();
    for row in rows {
        let (id, d) = row?;
        out.insert(id, super::date(&d)?);
    }
    Ok(out)
}

/// The version of every row of `table` that has one (row id to its newest change-log id): an
/// import checks thousands of members at once.
pub fn latest_ids(conn: &Connection, table: &str) -> Result<crate::domain::ids::IdMap<i64, i64>> {
    let mut st = conn.prepare_cached("SELECT row_id, max(id) FROM change_log WHERE tbl = ?1 GROUP BY row_id")?;
    let rows = st.query_map([table], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The newest change-log id of any row of `table` (0 when none): whether anything in it changed.
pub fn latest_of_table(conn: &Connection, table: &str) -> Result<i64> {
    Ok(conn
        .prepare_cached("SELECT coalesce(max(id), 0) FROM change_log WHERE tbl = ?1")?
        .query_row([table], |r| r.get(0))?)
}
