//! Copies of whole database files with SQLite's online backup (never a file copy of a live
//! database), and the checks a copy must pass before it is trusted.

use std::path::Path;
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};

use super::{APPLICATION_ID, Result, StoreError, migrations};

/// What a database file is, read without changing it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileCheck {
    /// `PRAGMA integrity_check` said "ok".
    pub intact: bool,
    /// The file is a zhibu database (our `application_id`).
    pub ours: bool,
    /// Its schema version (`PRAGMA user_version`).
    pub schema: i64,
}

impl FileCheck {
    /// A zhibu database, intact, that this program can open.
    pub fn usable(&self) -> bool {
        self.intact && self.ours && self.schema <= migrations::latest()
    }
}

/// Copies the database file `src` into the database file `dst` (created if missing), through
/// SQLite's locks, so another zhibu holding `dst` open sees either the old or the new content.
pub fn copy_file(src: &Path, dst: &Path) -> Result<()> {
    let from = open_read_only(src)?;
    let mut to = Connection::open(dst)?;
    to.busy_timeout(Duration::from_secs(3))?;
    copy_into(&from, &mut to)
}

/// Like [`copy_file`] into a new file, left as a plain file with no WAL beside it.
pub fn copy_file_plain(src: &Path, dst: &Path) -> Result<()> {
    copy_file(src, dst)?;
    let c = Connection::open(dst)?;
    let _: String = c.query_row("PRAGMA journal_mode=DELETE", [], |r| r.get(0))?;
    Ok(())
}

fn copy_into(src: &Connection, dst: &mut Connection) -> Result<()> {
    let backup = rusqlite::backup::Backup::new(src, dst)?;
    backup.run_to_completion(256, Duration::from_millis(20), None)?;
    Ok(())
}

/// Opens `path` read-only and reports what it is; fails only when SQLite cannot read it at all.
pub fn check_file(path: &Path) -> Result<FileCheck> {
    let not_sqlite = FileCheck { intact: false, ours: false, schema: 0 };
    let c = open_read_only(path)?;
    match c.query_row("PRAGMA schema_version", [], |r| r.get::<_, i64>(0)) {
        Err(e) if e.sqlite_error_code() == Some(rusqlite::ErrorCode::NotADatabase) => return Ok(not_sqlite),
        other => other?,
    };
    let app_id: i32 = c.query_row("PRAGMA application_id", [], |r| r.get(0))?;
    let schema: i64 = c.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    // integrity_check reports its first problems one per row; "ok" alone means none.
    let intact = match c.query_row("PRAGMA integrity_check", [], |r| r.get::<_, String>(0)) {
        Ok(first) => first == "ok",
        Err(e) if e.sqlite_error_code() == Some(rusqlite::ErrorCode::DatabaseCorrupt) => false,
        Err(e) => return Err(e.into()),
    };
    Ok(FileCheck { intact, ours: app_id == APPLICATION_ID, schema })
}

fn open_read_only(path: &Path) -> Result<Connection> {
    if !path.is_file() {
        return Err(StoreError::NotFound);
    }
    let c = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX)?;
    c.busy_timeout(Duration::from_secs(3))?;
    Ok(c)
}
