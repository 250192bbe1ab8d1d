//! All SQL: opening a database file safely, pragmas, migrations, row mapping, queries and
//! transactions. Every write goes through [`Store::write`], which runs in one immediate
//! transaction together with its change-log rows.

pub mod changelog;
pub mod check;
pub mod honours;
pub mod leave;
pub mod meetings;
pub mod member_year;
pub mod members;
pub mod migrations;
pub mod settings;
pub mod study;

use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags, Transaction, TransactionBehavior};

/// `PRAGMA application_id` of a zhibu database: "ZHBU".
pub const APPLICATION_ID: i32 = 0x5A48_4255;

/// How long a write waits for another process's transaction before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(3);

/// Why a database file could not be opened. Nothing was written to the file in any case.
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    #[error("not a SQLite database")]
    NotADatabase,
    #[error("a SQLite database of another program")]
    Foreign,
    #[error("schema version {found} is newer than this program's {supported}")]
    Newer { found: i64, supported: i64 },
    #[error("the file is read-only")]
    ReadOnly,
    #[error("the folder does not exist or cannot be used: {0}")]
    Folder(PathBuf),
    #[error("a folder, not a file")]
    IsFolder,
    #[error("cannot read the file: {0}")]
    Io(String),
    #[error("database error: {0}")]
    Sqlite(String),
}

/// A failed write or query. A failed write changed nothing.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// Another process held the database for longer than the busy timeout.
    #[error("the database is busy")]
    Busy,
    #[error("the database is read-only")]
    ReadOnly,
    /// A UNIQUE, CHECK or FOREIGN KEY constraint refused the write.
    #[error("constraint: {0}")]
    Constraint(String),
    #[error("not found")]
    NotFound,
    /// A stored value that the program cannot read (a hand-edited or damaged file).
    #[error("bad stored value: {0}")]
    BadData(String),
    #[error("database error: {0}")]
    Other(String),
}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        use rusqlite::ErrorCode as C;
        match &e {
            rusqlite::Error::QueryReturnedNoRows => StoreError::NotFound,
            rusqlite::Error::SqliteFailure(f, msg) => match f.code {
                C::DatabaseBusy | C::DatabaseLocked => StoreError::Busy,
                C::ReadOnly => StoreError::ReadOnly,
                C::ConstraintViolation => StoreError::Constraint(msg.clone().unwrap_or_default()),
                _ => StoreError::Other(e.to_string()),
            },
            _ => StoreError::Other(e.to_string()),
        }
    }
}

pub type Result<T> = std::result::Result<T, StoreError>;

/// One open zhibu database.
pub struct Store {
    conn: Connection,
    path: Option<PathBuf>,
}

impl Store {
    /// Opens (or creates) a zhibu database at `path`. Refuses, without writing a byte, a file
    /// that is not SQLite, a database of another program, one with a newer schema, a read-only
    /// file, a folder, or a path whose folder does not exist.
    pub fn open(path: &Path) -> std::result::Result<Store, OpenError> {
        let flags = match std::fs::metadata(path) {
            Ok(meta) if meta.is_dir() => return Err(OpenError::IsFolder),
            Ok(meta) => {
                // Checked by permission bits, so that the refusal does not depend on who runs us.
                if meta.permissions().readonly() {
                    return Err(OpenError::ReadOnly);
                }
                check_header(path)?;
                OpenFlags::SQLITE_OPEN_READ_WRITE
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                let parent = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
                if !parent.is_dir() {
                    return Err(OpenError::Folder(parent.to_path_buf()));
                }
                OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE
            }
            Err(e) => return Err(OpenError::Io(e.to_string())),
        };
        let conn = Connection::open_with_flags(path, flags | OpenFlags::SQLITE_OPEN_NO_MUTEX).map_err(|e| {
            match e.sqlite_error_code() {
                Some(rusqlite::ErrorCode::CannotOpen) => {
                    OpenError::Folder(path.parent().unwrap_or(Path::new(".")).to_path_buf())
                }
                _ => OpenError::Sqlite(e.to_string()),
            }
        })?;
        if conn.is_readonly(rusqlite::MAIN_DB).unwrap_or(false) {
            return Err(OpenError::ReadOnly);
        }
        let store = Store { conn, path: Some(path.to_path_buf()) };
        store.prepare()?;
        Ok(store)
    }

    /// An in-memory database, for tests and benchmarks.
    pub fn open_in_memory() -> std::result::Result<Store, OpenError> {
        let conn = Connection::open_in_memory().map_err(|e| OpenError::Sqlite(e.to_string()))?;
        let store = Store { conn, path: None };
        store.prepare()?;
        Ok(store)
    }

    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// Checks the file is ours (reading only), then sets the pragmas and migrates.
    fn prepare(&self) -> std::result::Result<(), OpenError> {
        let c = &self.conn;
        let sql = |e: rusqlite::Error| match e.sqlite_error_code() {
            Some(rusqlite::ErrorCode::NotADatabase) => OpenError::NotADatabase,
            _ => OpenError::Sqlite(e.to_string()),
        };
        c.busy_timeout(BUSY_TIMEOUT).map_err(sql)?;
        let app_id: i32 = c.query_row("PRAGMA application_id", [], |r| r.get(0)).map_err(sql)?;
        let tables: i64 = c.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0)).map_err(sql)?;
        if app_id != APPLICATION_ID && (app_id != 0 || tables > 0) {
            return Err(OpenError::Foreign);
        }
        let version: i64 = c.query_row("PRAGMA user_version", [], |r| r.get(0)).map_err(sql)?;
        let supported = migrations::latest();
        if version > supported {
            return Err(OpenError::Newer { found: version, supported });
        }
        c.pragma_update(None, "foreign_keys", "ON").map_err(sql)?;
        // WAL lets a second zhibu (or a backup) read while we write; NORMAL is durable in WAL
        // except for the last commits on power loss, and much faster on old disks.
        let _: String = c.query_row("PRAGMA journal_mode=WAL", [], |r| r.get(0)).map_err(sql)?;
        c.pragma_update(None, "synchronous", "NORMAL").map_err(sql)?;
        migrations::migrate(c).map_err(|e| match e {
            StoreError::Busy => OpenError::Sqlite("the database is busy".into()),
            other => OpenError::Sqlite(other.to_string()),
        })?;
        check::on_open(c, version).map_err(|e| OpenError::Sqlite(e.to_string()))?;
        // A per-connection table (never written to the file) that can fix the change-log time.
        c.execute_batch("CREATE TEMP TABLE IF NOT EXISTS log_clock (at TEXT NOT NULL)").map_err(sql)
    }

    /// Fixes the change-log time for this connection (see [`changelog::set_clock`]).
    pub fn set_log_clock(&self, at: Option<&str>) -> Result<()> {
        changelog::set_clock(&self.conn, at)
    }

    /// Runs `f` in one immediate transaction: all of its writes, and their change-log rows,
    /// commit together or not at all.
    pub fn write<T>(&mut self, f: impl FnOnce(&Transaction) -> Result<T>) -> Result<T> {
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let out = f(&tx)?;
        tx.commit()?;
        Ok(out)
    }

    /// Read access for queries.
    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    /// Writes a consistent copy of the database to `out` with SQLite's online backup, while
    /// other connections may be writing.
    pub fn backup_to(&self, out: &Path) -> Result<()> {
        let mut dst = Connection::open(out)?;
        let backup = rusqlite::backup::Backup::new(&self.conn, &mut dst)?;
        backup.run_to_completion(256, Duration::from_millis(20), None)?;
        drop(backup);
        // The copy is a plain file: no WAL beside it.
        let _: String = dst.query_row("PRAGMA journal_mode=DELETE", [], |r| r.get(0))?;
        Ok(())
    }

    /// `PRAGMA foreign_keys` as set on this connection.
    pub fn foreign_keys_on(&self) -> bool {
        self.conn.query_row("PRAGMA foreign_keys", [], |r| r.get::<_, i64>(0)).unwrap_or(0) == 1
    }
}

/// Refuses a non-empty file that does not start with the SQLite header, before SQLite sees it.
fn check_header(path: &Path) -> std::result::Result<(), OpenError> {
    let mut f = std::fs::File::open(path).map_err(|e| OpenError::Io(e.to_string()))?;
    let mut head = [0u8; 16];
    let n = f.read(&mut head).map_err(|e| OpenError::Io(e.to_string()))?;
    if n == 0 {
        return Ok(());
    }
    if n < 16 || &head != b"SQLite format 3\0" {
        return Err(OpenError::NotADatabase);
    }
    Ok(())
}

/// Reads an optional `YYYY-MM-DD` column.
pub(crate) fn opt_date(s: Option<String>) -> Result<Option<chrono::NaiveDate>> {
    s.map(|s| date(&s)).transpose()
}

/// Reads a `YYYY-MM-DD` column.
pub(crate) fn date(s: &str) -> Result<chrono::NaiveDate> {
    crate::domain::dates::parse_iso(s).ok_or_else(|| StoreError::BadData(format!("date {s:?}")))
}

/// Reads a vocabulary id column.
pub(crate) fn vocab<T>(s: &str, from_id: fn(&str) -> Option<T>) -> Result<T> {
    from_id(s).ok_or_else(|| StoreError::BadData(format!("unknown id {s:?}")))
}
