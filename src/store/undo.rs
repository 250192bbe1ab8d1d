//! Undo: each write of this window (one [`Store::write`], one transaction: a form's save, a
//! meeting with its attendance, a whole import) is one step, undone as a new write.
//!
//! One mechanism covers every table. While a write runs, temporary triggers (made for each
//! table from its columns, per connection, never stored in the file) note every row it
//! inserts, updates or deletes, with the row before and after as JSON. An undo checks that each
//! row is still as the step left it, then writes the rows back in reverse order, so a record,
//! its child rows (a meeting's attendance) and its id come back exactly as they were, whatever
//! its type. Derived tables are recomputed from the restored rows rather than restored
//! (another window may have changed the same totals since), and the change log gets the
//! reverse of each logged change under the undo's own batch: the log keeps both.
//!
//! The steps live in memory only: "the last change made in this window". An undo is refused
//! when a record of the step was changed since by another window or program (a change-log row
//! of a batch this window did not write, or a row no longer as the step left it), and when
//! writing it back would break the file's rules (a member removed by the undo whom another
//! window has since put into a meeting).

use crate::domain::ids::IdSet;
use std::collections::{HashMap, HashSet};
use std::rc::Rc;

use rusqlite::{Connection, OptionalExtension, Transaction, TransactionBehavior, params};

use super::changelog::{self, Change};
use super::{Result, Store, StoreError, member_year};

/// Tables worked out from others by the writes that change those: an undo recomputes the
/// rows a step touched instead of restoring them.
const DERIVED: &[&str] = &["member_year"];

/// Tables that SQL triggers keep in step with others (the months paid, by `dues_payment`'s
/// triggers): not watched, since putting the source rows back fixes them too.
const KEPT_BY_TRIGGERS: &[&str] = &["dues_paid_months"];

/// How many steps a window keeps (an import of 10,000 members is a few MB).
const KEEP: usize = 100;

/// This window's writes: the batches it wrote, and the steps it can still undo.
#[derive(Default)]
pub(super) struct Journal {
    /// Off for bulk generators (the sample), which never undo.
    pub(super) off: bool,
    /// Every step kept, even a bulk generator's (a test walks them all back).
    keep_all: bool,
    /// The tables watched by this connection's triggers (made at its first write).
    tables: Option<Rc<Vec<Table>>>,
    steps: Vec<Step>,
    /// Between [`Store::begin_step`] and [`Store::end_step`]: whether the step has begun.
    grouping: Option<bool>,
    /// Every batch this window wrote, undos included: changes from any other batch were made
    /// by another window or program.
    own: IdSet<i64>,
}

/// A table's name, columns and primary key columns, as its triggers and undo use them.
struct Table {
    name: String,
    columns: Vec<String>,
    key: Vec<String>,
}

impl Table {
    /// `json_object('a', P.a, ...)` over the columns (`P` is `NEW`, `OLD` or the table).
    fn json(&self, p: &str) -> String {
        let cols: Vec<String> = self.columns.iter().map(|c| format!("'{c}', {p}.\"{c}\"")).collect();
        format!("json_object({})", cols.join(", "))
    }

    /// `"a" = json_extract(?1, '$.a') AND ...` over the key columns.
    fn key_match(&self) -> String {
        let cols: Vec<String> = self.key.iter().map(|c| format!("\"{c}\" = json_extract(?1, '$.{c}')")).collect();
        cols.join(" AND ")
    }
}

/// One row changed by a write: the table (index into `Journal::tables`), and the row before
/// and after as JSON (`None`: it did not exist).
struct RowChange {
    table: usize,
    before: Option<String>,
    after: Option<String>,
}

/// One undo step: usually one write (batch); several when a use case writes in turns (an
/// import into a new file first fixes the records' start date).
struct Step {
    batches: Vec<i64>,
    rows: Vec<RowChange>,
}

impl Step {
    /// The step's id: its last batch.
    fn id(&self) -> i64 {
        self.batches.last().copied().unwrap_or(0)
    }
}

/// The step `u` would undo: its id (its last batch) and the changes it logged, in the order
/// written.
#[derive(Clone, Debug)]
pub struct UndoStep {
    pub batch: i64,
    pub changes: Vec<Change>,
}

/// Why an undo was not done. Nothing was written in any case.
#[derive(Debug, thiserror::Error)]
pub enum Refused {
    /// A record of the step was changed since by another window or program (the changes the
    /// log holds; empty when a row differs without a log row).
    #[error("changed elsewhere since")]
    ChangedElsewhere(Vec<Change>),
    /// Another record now refers to what the undo would remove.
    #[error("other records refer to it")]
    Referenced,
    /// This window has nothing (more) to undo, or the step is no longer the newest.
    #[error("nothing to undo")]
    Nothing,
    #[error("{0}")]
    Store(StoreError),
}

impl From<StoreError> for Refused {
    fn from(e: StoreError) -> Self {
        Refused::Store(e)
    }
}

impl From<rusqlite::Error> for Refused {
    fn from(e: rusqlite::Error) -> Self {
        Refused::Store(e.into())
    }
}

impl Store {
    /// Runs `f` in one immediate transaction as one batch; see [`Store::write`]. `undoes`
    /// names the batch an undo reverses.
    pub(super) fn write_batch<T>(
        &mut self,
        undoes: Option<i64>,
        f: impl FnOnce(&Transaction) -> Result<T>,
    ) -> Result<T> {
        if self.read_only {
            return Err(StoreError::ReadOnly);
        }
        let record = !self.journal.off || self.journal.keep_all;
        if record && self.journal.tables.is_none() {
            self.journal.tables = Some(Rc::new(watch(&self.conn)?));
        }
        let tx = Transaction::new_unchecked(&self.conn, TransactionBehavior::Immediate)?;
        let batch: i64 = tx.query_row("SELECT coalesce(max(batch), 0) + 1 FROM change_log", [], |r| r.get(0))?;
        tx.execute("INSERT INTO temp.log_batch (batch, undoes) VALUES (?1, ?2)", params![batch, undoes])?;
        if record {
            tx.execute("DELETE FROM temp.undo_row", [])?;
        }
        let out = f(&tx)?;
        tx.execute("DELETE FROM temp.log_batch", [])?;
        let rows = if record { self.journal.changed_rows(&tx)? } else { Vec::new() };
        // A batch's number is taken by its first log row: one that logged nothing leaves it free
        // for the next write, of whichever window.
        let logged: bool = record
            && tx.query_row("SELECT EXISTS (SELECT 1 FROM change_log WHERE batch = ?1)", [batch], |r| r.get(0))?;
        tx.commit()?;
        if self.checkpoint_each_write {
            self.checkpoint(false);
        }
        if logged {
            self.journal.own.insert(batch);
            // A write that changed only derived rows is not a step.
            if undoes.is_none() && !rows.is_empty() {
                match (self.journal.grouping, self.journal.steps.last_mut()) {
                    (Some(true), Some(step)) => {
                        step.batches.push(batch);
                        step.rows.extend(rows);
                    }
                    _ => {
                        self.journal.steps.push(Step { batches: vec![batch], rows });
                        if self.journal.grouping.is_some() {
                            self.journal.grouping = Some(true);
                        }
                    }
                }
                if self.journal.steps.len() > KEEP && !self.journal.keep_all {
                    self.journal.steps.remove(0);
                }
            }
        }
        Ok(out)
    }

    /// Keeps every step of this window for undo, bulk writes included (tests that walk a whole
    /// generated branch back).
    #[doc(hidden)]
    pub fn keep_every_undo_step(&mut self) {
        self.journal.keep_all = true;
    }

    /// From here to [`Store::end_step`], the writes make one undo step (a use case that
    /// writes in turns).
    pub fn begin_step(&mut self) {
        self.journal.grouping = Some(false);
    }

    pub fn end_step(&mut self) {
        self.journal.grouping = None;
    }

    /// The id of this window's newest step not yet undone (see [`Store::join_step`]).
    pub fn newest_step(&self) -> Option<i64> {
        self.journal.steps.last().map(Step::id)
    }

    /// Makes the next writes, up to [`Store::end_step`], part of the step `step` when it is
    /// still this window's newest (a use case the user completes in two keys); otherwise they
    /// make their own step. Whether they join it.
    pub fn join_step(&mut self, step: i64) -> bool {
        let joins = self.journal.grouping.is_none() && self.newest_step() == Some(step);
        self.journal.grouping = Some(joins);
        joins
    }

    /// The newest step of this window not yet undone.
    pub fn undo_next(&self) -> Result<Option<UndoStep>> {
        let Some(step) = self.journal.steps.last() else { return Ok(None) };
        let mut changes = Vec::new();
        for b in &step.batches {
            changes.extend(changelog::of_batch(&self.conn, *b)?);
        }
        Ok(Some(UndoStep { batch: step.id(), changes }))
    }

    /// Undoes the step of `batch`, which must be the newest of this window (see
    /// [`Store::undo_next`]), as one new write.
    pub fn undo(&mut self, batch: i64) -> std::result::Result<(), Refused> {
        if self.journal.steps.last().is_none_or(|s| s.id() != batch) {
            return Err(Refused::Nothing);
        }
        let Some(step) = self.journal.steps.pop() else { return Err(Refused::Nothing) };
        let own = std::mem::take(&mut self.journal.own);
        let result = self.undo_step(&step, &own);
        self.journal.own.extend(own);
        if result.is_err() {
            // Not undone: the step stays the newest.
            self.journal.steps.push(step);
        }
        result
    }

    /// Keeps this window's newest step in the file as well, in place of the one kept before,
    /// so that another process can undo it (`zhibu undo import` after `zhibu import members`).
    pub fn keep_newest_step(&mut self) -> Result<()> {
        let (Some(step), Some(tables)) = (self.journal.steps.last(), self.journal.tables.clone()) else {
            return Ok(());
        };
        let tx = Transaction::new_unchecked(&self.conn, TransactionBehavior::Immediate)?;
        tx.execute("DELETE FROM kept_step", [])?;
        let batches = serde_json::to_string(&step.batches).map_err(|e| StoreError::Other(e.to_string()))?;
        tx.execute("INSERT INTO kept_step (id, batches) VALUES (?1, ?2)", params![step.id(), batches])?;
        let mut ins =
            tx.prepare("INSERT INTO kept_step_row (step, seq, tbl, before, after) VALUES (?1, ?2, ?3, ?4, ?5)")?;
        for (i, r) in step.rows.iter().enumerate() {
            ins.execute(params![step.id(), i as i64, tables[r.table].name, r.before, r.after])?;
        }
        drop(ins);
        tx.commit()?;
        self.checkpoint(false);
        Ok(())
    }

    /// The step kept in the file (see [`Store::keep_newest_step`]), if any.
    pub fn kept_step(&self) -> Result<Option<UndoStep>> {
        let Some(step) = self.read_kept()? else { return Ok(None) };
        let mut changes = Vec::new();
        for b in &step.batches {
            changes.extend(changelog::of_batch(&self.conn, *b)?);
        }
        Ok(Some(UndoStep { batch: step.id(), changes }))
    }

    /// Undoes the step kept in the file, whose id is `batch`, as one new write.
    pub fn undo_kept(&mut self, batch: i64) -> std::result::Result<(), Refused> {
        let Some(step) = self.read_kept()?.filter(|s| s.id() == batch) else { return Err(Refused::Nothing) };
        // Any change since, by any window, is another's: this process did not write the step.
        let own: IdSet<i64> = step.batches.iter().copied().collect();
        self.undo_step(&step, &own)
    }

    fn read_kept(&self) -> Result<Option<Step>> {
        let Some((id, batches)) = self
            .conn
            .query_row("SELECT id, batches FROM kept_step ORDER BY id DESC LIMIT 1", [], |r| {
                Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?))
            })
            .optional()?
        else {
            return Ok(None);
        };
        let batches: Vec<i64> = serde_json::from_str(&batches).map_err(|e| StoreError::BadData(e.to_string()))?;
        let tables = self.tables()?;
        let index: HashMap<&str, usize> = tables.iter().enumerate().map(|(i, t)| (t.name.as_str(), i)).collect();
        let mut st = self.conn.prepare("SELECT tbl, before, after FROM kept_step_row WHERE step = ?1 ORDER BY seq")?;
        let rows = st.query_map([id], |r| Ok((r.get::<_, String>(0)?, r.get(1)?, r.get(2)?)))?;
        let mut out = Vec::new();
        for row in rows {
            let (tbl, before, after) = row?;
            let table = *index.get(tbl.as_str()).ok_or_else(|| StoreError::BadData(format!("kept step of {tbl}")))?;
            out.push(RowChange { table, before, after });
        }
        Ok(Some(Step { batches, rows: out }))
    }

    /// The watched tables (making this connection's triggers if not yet made).
    fn tables(&self) -> Result<Rc<Vec<Table>>> {
        match &self.journal.tables {
            Some(t) => Ok(t.clone()),
            None => Ok(Rc::new(watch(&self.conn)?)),
        }
    }

    /// Writes the rows of `step` back, checking first that no batch outside `own` changed its
    /// records since and that each row is still as the step left it.
    fn undo_step(&mut self, step: &Step, own: &IdSet<i64>) -> std::result::Result<(), Refused> {
        let tables = self.tables()?;
        let result = self.write_batch(Some(step.id()), |tx| {
            let mut since: Vec<Change> = Vec::new();
            for b in &step.batches {
                since.extend(changed_since(tx, *b)?);
            }
            // A change another window made and has undone since cancels out with its undo.
            let undone: IdSet<i64> = since.iter().filter_map(|c| c.undoes).collect();
            let elsewhere: Vec<Change> = since
                .into_iter()
                .filter(|c| c.batch.is_none_or(|b| !own.contains(&b) && !undone.contains(&b)))
                .filter(|c| c.undoes.is_none_or(|b| !undone.contains(&b)))
                .collect();
            if !elsewhere.is_empty() {
                return Ok(Err(Refused::ChangedElsewhere(elsewhere)));
            }
            if !rows_as_left(tx, &tables, &step.rows)? {
                return Ok(Err(Refused::ChangedElsewhere(Vec::new())));
            }
            // Rows go back in reverse order; references are checked once all are back.
            tx.execute_batch("PRAGMA defer_foreign_keys = ON")?;
            let mut pairs = Vec::new();
            for row in step.rows.iter().rev() {
                let t = &tables[row.table];
                if DERIVED.contains(&t.name.as_str()) {
                    pairs.extend(derived_pair(row));
                    continue;
                }
                put_back(tx, t, row)?;
            }
            pairs.sort_unstable();
            pairs.dedup();
            member_year::refresh(tx, &pairs)?;
            // Totals of a member the undo removed (an undone add) go with the member.
            tx.execute("DELETE FROM member_year WHERE member_id NOT IN (SELECT id FROM member)", [])?;
            for b in step.batches.iter().rev() {
                changelog::append_reverse(tx, *b)?;
            }
            // Once undone here, the copy kept in the file is undone too.
            tx.execute("DELETE FROM kept_step WHERE id = ?1", [step.id()])?;
            // A reference the rows broke fails the commit (deferred), which writes nothing.
            Ok(Ok(()))
        });
        match result {
            Ok(Ok(())) => Ok(()),
            Ok(Err(r)) => Err(r),
            Err(StoreError::Constraint(c)) if c.contains("FOREIGN KEY") => Err(Refused::Referenced),
            Err(e) => Err(Refused::Store(e)),
        }
    }
}

impl Journal {
    /// The rows the write in progress changed, in order, as its triggers noted them.
    fn changed_rows(&self, conn: &Connection) -> Result<Vec<RowChange>> {
        let index: HashMap<&str, usize> =
            self.tables.iter().flat_map(|t| t.iter()).enumerate().map(|(i, t)| (t.name.as_str(), i)).collect();
        let mut st = conn.prepare_cached("SELECT tbl, before, after FROM temp.undo_row ORDER BY seq")?;
        let rows = st.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get(1)?, r.get(2)?)))?;
        let mut out = Vec::new();
        for row in rows {
            let (tbl, before, after) = row?;
            if let Some(&table) = index.get(tbl.as_str()) {
                out.push(RowChange { table, before, after });
            }
        }
        conn.execute("DELETE FROM temp.undo_row", [])?;
        Ok(out)
    }
}

/// Makes this connection's triggers that note every changed row of every table but the log.
fn watch(conn: &Connection) -> Result<Vec<Table>> {
    let names: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite%' AND name NOT IN ('change_log', 'kept_step', 'kept_step_row') ORDER BY name")?
        .query_map([], |r| r.get(0))?
        .filter(|n: &rusqlite::Result<String>| n.as_ref().map_or(true, |n| !KEPT_BY_TRIGGERS.contains(&n.as_str())))
        .collect::<rusqlite::Result<_>>()?;
    let mut sql = String::from(
        "CREATE TEMP TABLE IF NOT EXISTS undo_row (seq INTEGER PRIMARY KEY, tbl TEXT NOT NULL, before TEXT, after TEXT);",
    );
    let mut tables = Vec::new();
    for name in names {
        let mut st = conn.prepare("SELECT name, pk FROM pragma_table_info(?1) ORDER BY cid")?;
        let cols: Vec<(String, i64)> =
            st.query_map([&name], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<rusqlite::Result<_>>()?;
        let mut key: Vec<(i64, String)> = cols.iter().filter(|c| c.1 > 0).map(|c| (c.1, c.0.clone())).collect();
        key.sort();
        let t = Table {
            name,
            columns: cols.into_iter().map(|c| c.0).collect(),
            key: key.into_iter().map(|k| k.1).collect(),
        };
        if t.key.is_empty() {
            // Every zhibu table has a primary key; a table without one could not be put back.
            continue;
        }
        let n = &t.name;
        let (old, new) = (t.json("OLD"), t.json("NEW"));
        sql.push_str(&format!(
            "CREATE TEMP TRIGGER IF NOT EXISTS undo_{n}_insert AFTER INSERT ON \"{n}\" BEGIN
               INSERT INTO undo_row (tbl, before, after) VALUES ('{n}', NULL, {new}); END;
             CREATE TEMP TRIGGER IF NOT EXISTS undo_{n}_update AFTER UPDATE ON \"{n}\" BEGIN
               INSERT INTO undo_row (tbl, before, after) VALUES ('{n}', {old}, {new}); END;
             CREATE TEMP TRIGGER IF NOT EXISTS undo_{n}_delete AFTER DELETE ON \"{n}\" BEGIN
               INSERT INTO undo_row (tbl, before, after) VALUES ('{n}', {old}, NULL); END;"
        ));
        tables.push(t);
    }
    conn.execute_batch(&sql)?;
    Ok(tables)
}

/// Whether every row the step changed is still as the step left it (the last state it wrote
/// to each row: present with the same values, or absent).
fn rows_as_left(conn: &Connection, tables: &[Table], rows: &[RowChange]) -> Result<bool> {
    let mut last: HashMap<(usize, String), Option<&str>> = HashMap::new();
    for row in rows {
        let Some(state) = row.after.as_deref().or(row.before.as_deref()) else { continue };
        let t = &tables[row.table];
        if DERIVED.contains(&t.name.as_str()) {
            continue;
        }
        last.insert((row.table, key_of(t, state)?), row.after.as_deref());
    }
    for ((table, key), want) in last {
        let t = &tables[table];
        let now: Option<String> = conn
            .prepare_cached(&format!("SELECT {} FROM \"{}\" AS r WHERE {}", t.json("r"), t.name, t.key_match()))?
            .query_row([&key], |r| r.get(0))
            .optional()?;
        if now.as_deref() != want {
            return Ok(false);
        }
    }
    Ok(true)
}

/// A row's key as a JSON object of its key columns (to find it again).
fn key_of(t: &Table, row: &str) -> Result<String> {
    let v: serde_json::Value = serde_json::from_str(row).map_err(|e| StoreError::Other(e.to_string()))?;
    let key: serde_json::Map<String, serde_json::Value> =
        t.key.iter().map(|k| (k.clone(), v.get(k).cloned().unwrap_or(serde_json::Value::Null))).collect();
    Ok(serde_json::Value::Object(key).to_string())
}

/// Writes one row back as it was before the change: removed if it was new, its old values
/// if it was changed, inserted again (with its id) if it was deleted.
fn put_back(conn: &Connection, t: &Table, row: &RowChange) -> Result<()> {
    let quoted: Vec<String> = t.columns.iter().map(|c| format!("\"{c}\"")).collect();
    let values: Vec<String> = t.columns.iter().map(|c| format!("json_extract(?1, '$.{c}')")).collect();
    match (&row.before, &row.after) {
        (None, Some(after)) => {
            conn.prepare_cached(&format!("DELETE FROM \"{}\" WHERE {}", t.name, t.key_match()))?.execute([after])?;
        }
        (Some(before), Some(after)) => {
            let set: Vec<String> = quoted.iter().zip(&values).map(|(c, v)| format!("{c} = {v}")).collect();
            let key = t.key_match().replace("?1", "?2");
            conn.prepare_cached(&format!("UPDATE \"{}\" SET {} WHERE {key}", t.name, set.join(", ")))?
                .execute([before, after])?;
        }
        (Some(before), None) => {
            conn.prepare_cached(&format!(
                "INSERT INTO \"{}\" ({}) VALUES ({})",
                t.name,
                quoted.join(", "),
                values.join(", ")
            ))?
            .execute([before])?;
        }
        (None, None) => {}
    }
    Ok(())
}

/// The (member, year) of a derived total a row change touched.
fn derived_pair(row: &RowChange) -> Option<(i64, i32)> {
    let v: serde_json::Value = serde_json::from_str(row.after.as_deref().or(row.before.as_deref())?).ok()?;
    Some((v.get("member_id")?.as_i64()?, i32::try_from(v.get("year")?.as_i64()?).ok()?))
}

/// The changes logged after `batch` to the records it logged, oldest first.
fn changed_since(conn: &Connection, batch: i64) -> Result<Vec<Change>> {
    let step = changelog::of_batch(conn, batch)?;
    let last = step.iter().map(|c| c.id).max().unwrap_or(0);
    let mut out = Vec::new();
    let mut seen = HashSet::new();
    for c in &step {
        if seen.insert((c.table.as_str(), c.row_id)) {
            out.extend(changelog::since(conn, &c.table, c.row_id, last)?);
        }
    }
    out.sort_by_key(|c| c.id);
    Ok(out)
}
