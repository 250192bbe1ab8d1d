//! The damage check of a read-only command, limited to what the command read. `PRAGMA
//! quick_check` of the whole file reads every page: most of a second for a large branch's file,
//! whose bulk is the change log no report reads. SQLite's authorizer names every table a
//! statement reads when the statement is prepared; `PRAGMA quick_check(TABLE)` then checks
//! those tables with their indexes. What the command showed is thereby checked as thoroughly
//! as before; pages it never read cannot change what it showed.

use std::collections::BTreeSet;
use std::sync::{Arc, Mutex};

use rusqlite::hooks::{AuthAction, AuthContext, Authorization};

use super::{OpenError, Store, open_sql};

/// The names of the tables read, as the authorizer saw them.
pub(crate) type Reads = Arc<Mutex<BTreeSet<String>>>;

impl Store {
    /// From now on, notes every table a statement reads (see [`Store::quick_check_reads`]).
    pub fn track_reads(&mut self) {
        let reads = Reads::default();
        let seen = reads.clone();
        // Temporary tables (the change-log clock) are not in the file. Should SQLite refuse the
        // authorizer, nothing is tracked and the check covers the whole file.
        let set = self.conn.authorizer(Some(move |ctx: AuthContext<'_>| {
            if let AuthAction::Read { table_name, .. } = ctx.action
                && ctx.database_name != Some("temp")
                && let Ok(mut s) = seen.lock()
                && !s.contains(table_name)
            {
                s.insert(table_name.to_string());
            }
            Authorization::Allow
        }));
        if set.is_ok() {
            self.reads = Some(reads);
        }
    }

    /// The tables of the file read since [`Store::track_reads`], and the schema table.
    pub fn tables_read(&self) -> Vec<String> {
        let Some(reads) = &self.reads else { return Vec::new() };
        let read: BTreeSet<String> =
            reads.lock().map(|s| s.iter().map(|t| t.to_ascii_lowercase()).collect()).unwrap_or_default();
        let mut tables = vec!["sqlite_schema".to_string()];
        let mut st = match self.conn.prepare("SELECT name FROM main.sqlite_schema WHERE type = 'table'") {
            Ok(st) => st,
            Err(_) => return tables,
        };
        let names = st.query_map([], |r| r.get::<_, String>(0)).and_then(|rows| rows.collect::<Result<Vec<_>, _>>());
        tables.extend(names.unwrap_or_default().into_iter().filter(|n| read.contains(&n.to_ascii_lowercase())));
        tables
    }

    /// `PRAGMA quick_check` of every table read since [`Store::track_reads`] (with its indexes),
    /// or of the whole file when reads were not tracked.
    pub fn quick_check_reads(&self) -> std::result::Result<(), OpenError> {
        if self.reads.is_none() {
            return self.quick_check();
        }
        for table in self.tables_read() {
            self.quick_check_of(&format!("'{}'", table.replace('\'', "''")))?;
        }
        Ok(())
    }

    /// Runs `PRAGMA quick_check(ARG)`: a table's name, or the number of problems to list.
    pub(crate) fn quick_check_of(&self, arg: &str) -> std::result::Result<(), OpenError> {
        let mut st = self.conn.prepare(&format!("PRAGMA main.quick_check({arg})")).map_err(open_sql)?;
        let lines: Vec<String> =
            st.query_map([], |r| r.get::<_, String>(0)).and_then(|rows| rows.collect()).map_err(|e| {
                match e.sqlite_error_code() {
                    Some(rusqlite::ErrorCode::DatabaseCorrupt | rusqlite::ErrorCode::NotADatabase) => {
                        OpenError::Damaged(e.to_string())
                    }
                    _ => open_sql(e),
                }
            })?;
        if lines.len() == 1 && lines[0] == "ok" {
            return Ok(());
        }
        Err(OpenError::Damaged(lines.into_iter().take(5).collect::<Vec<_>>().join("; ")))
    }
}
