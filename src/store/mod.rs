//! All SQL: opening a database file safely, pragmas, migrations, row mapping, queries and
//! transactions. Every write goes through [`Store::write`], which runs in one immediate
//! transaction together with its change-log rows.

pub mod backup;
pub mod changelog;
pub mod check;
pub mod dues;
pub mod evaluation;
pub mod honours;
pub mod incoming;
pub mod kept;
pub mod leave;
pub mod meetings;
pub mod member_year;
pub mod members;
pub mod migrations;
pub mod mobile;
pub mod pledges;
mod read_check;
pub mod sample_mark;
pub mod settings;
pub mod study;
pub mod undo;

use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags, Transaction};

/// `PRAGMA application_id` of a zhibu database: "ZHBU".
pub const APPLICATION_ID: i32 = 0x5A48_4255;

/// How long a write waits for another process's transaction before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(3);

/// Why a database file could not be opened. Nothing was written to the file in any case.
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    #[error("not a SQLite database")]
    NotADatabase,
    /// A 0-byte file opened for reading only: there is nothing to read.
    #[error("an empty file")]
    Empty,
    #[error("a SQLite database of another program")]
    Foreign,
    #[error("schema version {found} is newer than this program's {supported}")]
    Newer { found: i64, supported: i64 },
    #[error("the file is read-only")]
    ReadOnly,
    /// The file is writable but its folder is not (SQLite keeps its -wal/-shm files there).
    #[error("the folder is read-only")]
    ReadOnlyFolder(PathBuf),
    #[error("the folder does not exist or cannot be used: {0}")]
    Folder(PathBuf),
    #[error("a folder, not a file")]
    IsFolder,
    /// A FIFO, device or socket: opening it could block forever.
    #[error("not a regular file")]
    NotAFile,
    /// `PRAGMA quick_check` found damage; the first problems it named.
    #[error("the file is damaged: {0}")]
    Damaged(String),
    #[error("the disk is full")]
    DiskFull,
    #[error("the database is busy")]
    Busy,
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
    #[error("the disk is full")]
    DiskFull,
    /// The record changed (in another window) since the version the caller read.
    #[error("changed since it was read")]
    Conflict { latest: Version, changes: Vec<changelog::Change> },
    /// A UNIQUE, CHECK or FOREIGN KEY constraint refused the write.
    #[error("constraint: {0}")]
    Constraint(String),
    #[error("not found")]
    NotFound,
    /// A stored value that the program cannot read (a hand-edited or damaged file).
    #[error("bad stored value: {0}")]
    BadData(String),
    /// SQLite found the file damaged while reading it.
    #[error("the file is damaged")]
    Damaged,
    #[error("{0}")]
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
                C::DiskFull => StoreError::DiskFull,
                C::DatabaseCorrupt | C::NotADatabase => StoreError::Damaged,
                C::ConstraintViolation => StoreError::Constraint(msg.clone().unwrap_or_default()),
                _ => StoreError::Other(msg.clone().unwrap_or_else(|| e.to_string())),
            },
            _ => StoreError::Other(e.to_string()),
        }
    }
}

pub type Result<T> = std::result::Result<T, StoreError>;

/// A record's version: the id of its newest change-log row (0 when the log has none). Every
/// write appends a change-log row in its own transaction, so a record whose version is still
/// the one a form was opened with has not changed since.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Version(pub i64);

/// The records an edit form can hold open, by change-log table and row id.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Record {
    Member(i64),
    Meeting(i64),
    Group(i64),
    Study(i64),
    Settings,
    Commendation(i64),
    /// A member's absence (流动党员).
    Outflow(i64),
    /// A 谈心谈话 with its participants.
    Talk(i64),
    /// A 组织处置 step.
    Disposal(i64),
    /// An incoming mobile member (外来流动党员).
    Incoming(i64),
}

impl Record {
    pub fn table(self) -> &'static str {
        match self {
            Record::Member(_) => "member",
            Record::Meeting(_) => "meeting",
            Record::Group(_) => "party_group",
            Record::Study(_) => "study_record",
            Record::Settings => "setting",
            Record::Commendation(_) => "commendation",
            Record::Outflow(_) => "mobile_outflow",
            Record::Talk(_) => "talk",
            Record::Disposal(_) => "disposal",
            Record::Incoming(_) => "incoming_member",
        }
    }

    pub fn row_id(self) -> i64 {
        match self {
            Record::Member(id) | Record::Meeting(id) | Record::Group(id) | Record::Study(id) => id,
            Record::Commendation(id)
            | Record::Outflow(id)
            | Record::Talk(id)
            | Record::Disposal(id)
            | Record::Incoming(id) => id,
            Record::Settings => changelog::SETTINGS_ROW,
        }
    }
}

/// Per-connection tables (never written to the file): one that can fix the change-log time, and
/// the batch of the write in progress, which every change-log row takes (see [`undo`]).
const TEMP_TABLES: &str = "CREATE TEMP TABLE IF NOT EXISTS log_clock (at TEXT NOT NULL);
     CREATE TEMP TABLE IF NOT EXISTS log_batch (batch INTEGER NOT NULL, undoes INTEGER);";

/// One open zhibu database.
pub struct Store {
    conn: Connection,
    path: Option<PathBuf>,
    read_only: bool,
    /// `PRAGMA data_version` when last looked at: it changes when another connection commits.
    data_version: std::cell::Cell<i64>,
    /// Checkpoint after every write (see [`Store::write`]); off only for bulk generators.
    checkpoint_each_write: bool,
    /// This window's writes, for undo (see [`undo`]).
    journal: undo::Journal,
    /// The tables read since [`Store::track_reads`] (see `read_check`).
    reads: Option<read_check::Reads>,
}

impl Store {
    /// Opens (or creates) a zhibu database at `path` for reading and writing: only the
    /// interactive program does this. Refuses, without writing a byte, a file that is not
    /// SQLite, a database of another program, one with a newer schema, a read-only file, a
    /// folder, a FIFO or device, or a path whose folder does not exist. A file it created and
    /// could not initialise (a full disk) is removed again with its -wal/-shm files.
    pub fn open(path: &Path) -> std::result::Result<Store, OpenError> {
        let created = match regular_file(path)? {
            Some(meta) => {
                // Checked by permission bits, so that the refusal does not depend on who runs us.
                if meta.permissions().readonly() {
                    return Err(OpenError::ReadOnly);
                }
                check_header(path)?;
                false
            }
            None => {
                let parent = folder_of(path);
                if !parent.is_dir() {
                    return Err(OpenError::Folder(parent.to_path_buf()));
                }
                match create_private(path) {
                    Ok(()) => true,
                    // Another process created it this instant: open it as theirs; whether it
                    // is ours and its initialisation are settled in one transaction below.
                    Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => false,
                    Err(e) => return Err(create_error(e, path)),
                }
            }
        };
        let opened =
            Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX)
                .map_err(|e| open_failure(e, path))
                .and_then(|conn| {
                    if conn.is_readonly(rusqlite::MAIN_DB).unwrap_or(false) {
                        return Err(OpenError::ReadOnly);
                    }
                    let store = Store::wrap(conn, Some(path), false);
                    store.prepare().map_err(|e| match e {
                        OpenError::Sqlite(_) | OpenError::ReadOnly if !created && folder_read_only(path) => {
                            OpenError::ReadOnlyFolder(folder_of(path).to_path_buf())
                        }
                        other => other,
                    })?;
                    Ok(store)
                });
        if opened.is_err() && created {
            remove_with_sidecars(path);
        }
        opened
    }

    /// Opens an existing zhibu database for reading only (reports, backups, checks, and the
    /// interactive program on a read-only file). Never creates, upgrades or writes the file.
    /// A database without a live -wal file (nobody has it open) is read as immutable, so that
    /// nothing is created beside it either, which also lets read-only folders and media work.
    pub fn open_read_only(path: &Path) -> std::result::Result<Store, OpenError> {
        let conn = read_only_connection(path)?;
        let mut store = Store::wrap(conn, Some(path), true);
        store.prepare()?;
        if check_ours(&store.conn)? < migrations::latest() {
            store.upgrade_in_memory()?;
        }
        Ok(store)
    }

    /// A file written by an older zhibu, opened for reading: checked, then copied into memory
    /// and upgraded there, so that it reads like a current one while the file stays as it was.
    fn upgrade_in_memory(&mut self) -> std::result::Result<(), OpenError> {
        self.quick_check()?;
        let mut mem = Connection::open_in_memory().map_err(open_sql)?;
        rusqlite::backup::Backup::new(&self.conn, &mut mem)
            .and_then(|b| b.run_to_completion(1024, Duration::ZERO, None))
            .map_err(open_sql)?;
        mem.execute_batch("BEGIN IMMEDIATE").map_err(open_sql)?;
        migrations::migrate_in_transaction(&mem).map_err(|e| OpenError::Sqlite(e.to_string()))?;
        mem.execute_batch("COMMIT").and_then(|_| mem.execute_batch(TEMP_TABLES)).map_err(open_sql)?;
        self.conn = mem;
        Ok(())
    }

    /// An in-memory database, for tests and benchmarks.
    pub fn open_in_memory() -> std::result::Result<Store, OpenError> {
        let conn = Connection::open_in_memory().map_err(|e| OpenError::Sqlite(e.to_string()))?;
        let store = Store::wrap(conn, None, false);
        store.prepare()?;
        Ok(store)
    }

    fn wrap(conn: Connection, path: Option<&Path>, read_only: bool) -> Store {
        Store {
            conn,
            path: path.map(Path::to_path_buf),
            read_only,
            data_version: Default::default(),
            checkpoint_each_write: true,
            journal: Default::default(),
            reads: None,
        }
    }

    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// Opened for reading only: every write is refused with [`StoreError::ReadOnly`].
    pub fn is_read_only(&self) -> bool {
        self.read_only
    }

    /// Checks the file is ours, then sets the pragmas and migrates. For writing, whether the
    /// file is ours and its initialisation are decided in one immediate transaction, so that
    /// several processes opening one new file at once agree.
    fn prepare(&self) -> std::result::Result<(), OpenError> {
        let c = &self.conn;
        c.busy_timeout(BUSY_TIMEOUT).map_err(open_sql)?;
        // A 1 MiB page cache (SQLite's default is 2 MiB): the operating system caches the file
        // too, and the check after the first frame reads every page, so a larger cache stays
        // full for the whole session. Sorts spill to a temporary file beyond the same size.
        c.pragma_update(None, "cache_size", -1024).map_err(open_sql)?;
        if self.read_only {
            check_ours(c)?;
        } else {
            c.execute_batch("BEGIN IMMEDIATE").map_err(open_sql)?;
            let mut before = 0;
            let result = check_ours(c).and_then(|version| {
                before = version;
                if version < migrations::latest() {
                    migrations::migrate_in_transaction(c).map_err(|e| match e {
                        StoreError::DiskFull => OpenError::DiskFull,
                        StoreError::Busy => OpenError::Busy,
                        StoreError::ReadOnly => OpenError::ReadOnly,
                        other => OpenError::Sqlite(other.to_string()),
                    })?;
                }
                c.execute_batch("COMMIT").map_err(open_sql)
            });
            if result.is_err() {
                let _ = c.execute_batch("ROLLBACK");
            }
            result?;
            c.pragma_update(None, "foreign_keys", "ON").map_err(open_sql)?;
            // WAL lets a second zhibu (or a backup) read while we write; NORMAL is durable in
            // WAL except for the last commits on power loss, and much faster on old disks.
            // Changing the journal mode does not wait on the busy handler: retry briefly.
            let mut tries = 0;
            loop {
                match c.query_row("PRAGMA journal_mode=WAL", [], |r| r.get::<_, String>(0)) {
                    Ok(_) => break,
                    Err(e) if e.sqlite_error_code() == Some(rusqlite::ErrorCode::DatabaseBusy) && tries < 300 => {
                        tries += 1;
                        std::thread::sleep(Duration::from_millis(10));
                    }
                    Err(e) => return Err(open_sql(e)),
                }
            }
            c.pragma_update(None, "synchronous", "NORMAL").map_err(open_sql)?;
            check::on_open(c, before).map_err(|e| OpenError::Sqlite(e.to_string()))?;
        }
        self.data_version.set(self.read_data_version());
        c.execute_batch(TEMP_TABLES).map_err(open_sql)
    }

    /// `PRAGMA quick_check`: `Ok` for a sound file, otherwise the first problems found. Kept
    /// apart from opening so that the interactive program can draw its first frame before it.
    pub fn quick_check(&self) -> std::result::Result<(), OpenError> {
        self.quick_check_of("5")
    }

    fn read_data_version(&self) -> i64 {
        self.conn.query_row("PRAGMA data_version", [], |r| r.get(0)).unwrap_or(0)
    }

    /// Whether another connection (another window, another program) has committed since the
    /// last call. The connection's own writes do not count.
    pub fn changed_outside(&self) -> bool {
        let now = self.read_data_version();
        now != self.data_version.replace(now)
    }

    /// Fixes the change-log time for this connection (see [`changelog::set_clock`]).
    pub fn set_log_clock(&self, at: Option<&str>) -> Result<()> {
        changelog::set_clock(&self.conn, at)
    }

    /// Runs `f` in one immediate transaction: all of its writes, and their change-log rows,
    /// commit together or not at all. After the commit the WAL is copied into the database
    /// file, so that a plain copy of the .db file is complete whenever no save is running.
    ///
    /// Writing a record that an edit form shows (the pattern every record type follows, so
    /// that two windows never lose a save silently):
    /// 1. its store functions append to the change log under one table name and row id (see
    ///    [`changelog::append`]) and give it a [`Record`] variant naming both;
    /// 2. the service hands out `version(Record::X(id))` with the record when a form opens;
    /// 3. the service's update takes that version back and calls [`expect_version`] first
    ///    thing inside this closure; a `Conflict` carries the changes since and the newest
    ///    version, with which the user may overwrite after seeing them.
    ///
    /// The whole write is one batch of the change log and one step that `u` undoes (see
    /// [`undo`]).
    pub fn write<T>(&mut self, f: impl FnOnce(&Transaction) -> Result<T>) -> Result<T> {
        self.write_batch(None, f)
    }

    /// For a generator filling a new file that nobody else has open (the sample): no
    /// checkpoint after each of its thousands of writes; the file is complete once closed.
    /// Nor does it keep its writes for undo.
    pub fn defer_checkpoints(&mut self) {
        self.checkpoint_each_write = false;
        self.journal.off = true;
    }

    /// Copies the WAL into the database file. `truncate` (at exit) also empties the WAL file;
    /// a passive checkpoint (after each save) never waits for other windows. A checkpoint
    /// that cannot finish now is harmless: the WAL stays valid and a later one completes it.
    pub fn checkpoint(&self, truncate: bool) {
        if self.read_only || self.path.is_none() {
            return;
        }
        let mode = if truncate { "TRUNCATE" } else { "PASSIVE" };
        let _ = self.conn.query_row(&format!("PRAGMA wal_checkpoint({mode})"), [], |_| Ok(()));
    }

    /// Read access for queries.
    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    /// Writes a consistent copy of the database to `out` with SQLite's online backup, while
    /// other connections may be writing. The copy is created private (0600 on Unix).
    pub fn backup_to(&self, out: &Path) -> Result<()> {
        create_private(out).map_err(|e| match e.kind() {
            std::io::ErrorKind::StorageFull => StoreError::DiskFull,
            _ => StoreError::Other(e.to_string()),
        })?;
        let copied = (|| -> Result<()> {
            let mut dst = Connection::open(out)?;
            let backup = rusqlite::backup::Backup::new(&self.conn, &mut dst)?;
            backup.run_to_completion(256, Duration::from_millis(20), None)?;
            drop(backup);
            // The copy is a plain file: no WAL beside it.
            let _: String = dst.query_row("PRAGMA journal_mode=DELETE", [], |r| r.get(0))?;
            Ok(())
        })();
        if copied.is_err() {
            remove_with_sidecars(out);
        }
        copied
    }

    /// `PRAGMA foreign_keys` as set on this connection.
    pub fn foreign_keys_on(&self) -> bool {
        self.conn.query_row("PRAGMA foreign_keys", [], |r| r.get::<_, i64>(0)).unwrap_or(0) == 1
    }
}

impl Drop for Store {
    /// At exit the WAL goes into the database file, so the .db file alone is complete.
    fn drop(&mut self) {
        // Never keep the user waiting at exit for another window's read.
        let _ = self.conn.busy_timeout(Duration::from_millis(200));
        self.checkpoint(true);
    }
}

/// The record's current version (see [`Version`]).
pub fn version(conn: &Connection, rec: Record) -> Result<Version> {
    changelog::latest_id(conn, rec.table(), rec.row_id()).map(Version)
}

/// Inside a write: refuses with [`StoreError::Conflict`] when `rec` has changed since `seen`.
pub fn expect_version(tx: &Transaction, rec: Record, seen: Version) -> Result<()> {
    let latest = version(tx, rec)?;
    if latest == seen {
        return Ok(());
    }
    let changes = changelog::since(tx, rec.table(), rec.row_id(), seen.0)?;
    Err(StoreError::Conflict { latest, changes })
}

/// Reads the header fields that say whether the file is ours; returns its schema version.
/// A read-only connection to an existing, non-empty zhibu-looking file that creates nothing
/// beside it: without a live -wal file (nobody has the database open) it is read as immutable,
/// so that not even a -shm file appears. The caller checks whether the file is ours.
pub(crate) fn read_only_connection(path: &Path) -> std::result::Result<Connection, OpenError> {
    let Some(meta) = regular_file(path)? else {
        return Err(OpenError::Io(std::io::Error::from(std::io::ErrorKind::NotFound).to_string()));
    };
    if meta.len() == 0 {
        return Err(OpenError::Empty);
    }
    check_header(path)?;
    let wal = sidecar(path, "-wal");
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX | OpenFlags::SQLITE_OPEN_URI;
    if wal.exists() {
        Connection::open_with_flags(path, flags & !OpenFlags::SQLITE_OPEN_URI)
    } else {
        Connection::open_with_flags(file_uri(path, "immutable=1"), flags)
    }
    .map_err(|e| open_failure(e, path))
}

pub(crate) fn check_ours(c: &Connection) -> std::result::Result<i64, OpenError> {
    let app_id: i32 = c.query_row("PRAGMA application_id", [], |r| r.get(0)).map_err(open_sql)?;
    let tables: i64 = c.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0)).map_err(open_sql)?;
    if app_id != APPLICATION_ID && (app_id != 0 || tables > 0) {
        return Err(OpenError::Foreign);
    }
    let version: i64 = c.query_row("PRAGMA user_version", [], |r| r.get(0)).map_err(open_sql)?;
    let supported = migrations::latest();
    if version > supported {
        return Err(OpenError::Newer { found: version, supported });
    }
    Ok(version)
}

fn open_sql(e: rusqlite::Error) -> OpenError {
    use rusqlite::ErrorCode as C;
    match e.sqlite_error_code() {
        Some(C::NotADatabase) => OpenError::NotADatabase,
        Some(C::DatabaseCorrupt) => OpenError::Damaged(e.to_string()),
        Some(C::DiskFull) => OpenError::DiskFull,
        Some(C::DatabaseBusy | C::DatabaseLocked) => OpenError::Busy,
        Some(C::ReadOnly) => OpenError::ReadOnly,
        _ => OpenError::Sqlite(e.to_string()),
    }
}

fn open_failure(e: rusqlite::Error, path: &Path) -> OpenError {
    match e.sqlite_error_code() {
        Some(rusqlite::ErrorCode::CannotOpen) => OpenError::Folder(folder_of(path).to_path_buf()),
        _ => open_sql(e),
    }
}

/// The file's metadata when it exists and is a regular file (following links); `None` when
/// nothing is there. FIFOs and devices are refused before anything opens them.
fn regular_file(path: &Path) -> std::result::Result<Option<std::fs::Metadata>, OpenError> {
    match std::fs::metadata(path) {
        Ok(meta) if meta.is_dir() => Err(OpenError::IsFolder),
        Ok(meta) if !meta.is_file() => Err(OpenError::NotAFile),
        Ok(meta) => Ok(Some(meta)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(OpenError::Io(e.to_string())),
    }
}

fn folder_of(path: &Path) -> &Path {
    path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."))
}

/// Whether the folder refuses new files (by its permission bits).
fn folder_read_only(path: &Path) -> bool {
    std::fs::metadata(folder_of(path)).is_ok_and(|m| m.permissions().readonly())
}

fn sidecar(path: &Path, suffix: &str) -> PathBuf {
    let mut s = path.as_os_str().to_os_string();
    s.push(suffix);
    PathBuf::from(s)
}

/// Removes a file this program created, with SQLite's files beside it.
pub fn remove_with_sidecars(path: &Path) {
    for suffix in ["", "-wal", "-shm", "-journal"] {
        let _ = std::fs::remove_file(sidecar(path, suffix));
    }
}

/// A `file:` URI for `path` with query parameters.
fn file_uri(path: &Path, query: &str) -> String {
    let abs = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut s = abs.to_string_lossy().replace('\\', "/");
    if !s.starts_with('/') {
        s.insert(0, '/');
    }
    let mut out = String::from("file:");
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'/' | b'-' | b'_' | b'.' | b'~' | b':' => out.push(b as char),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    format!("{out}?{query}")
}

fn create_error(e: std::io::Error, path: &Path) -> OpenError {
    match e.kind() {
        std::io::ErrorKind::StorageFull => OpenError::DiskFull,
        std::io::ErrorKind::PermissionDenied | std::io::ErrorKind::ReadOnlyFilesystem => {
            OpenError::ReadOnlyFolder(folder_of(path).to_path_buf())
        }
        _ => OpenError::Io(e.to_string()),
    }
}

/// Creates an empty file readable by its owner only (0600 on Unix, whatever the umask): the
/// database holds personal data, and SQLite gives its -wal/-shm files the same mode.
pub fn create_private(path: &Path) -> std::io::Result<()> {
    let mut o = std::fs::OpenOptions::new();
    o.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut o, 0o600);
    let f = o.open(path)?;
    #[cfg(unix)]
    {
        // The umask may have taken bits away, never added them; set the mode exactly.
        use std::os::unix::fs::PermissionsExt;
        let _ = f.set_permissions(std::fs::Permissions::from_mode(0o600));
    }
    drop(f);
    Ok(())
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

/// A text column borrowed from its row (no allocation: for reads of many rows).
pub(crate) fn text<'a>(r: &'a rusqlite::Row<'_>, i: usize) -> Result<&'a str> {
    r.get_ref(i)?.as_str().map_err(|e| StoreError::BadData(e.to_string()))
}

/// A text column that may be NULL, borrowed from its row.
pub(crate) fn opt_text<'a>(r: &'a rusqlite::Row<'_>, i: usize) -> Result<Option<&'a str>> {
    r.get_ref(i)?.as_str_or_null().map_err(|e| StoreError::BadData(e.to_string()))
}

/// Reads a vocabulary id column.
pub(crate) fn vocab<T>(s: &str, from_id: fn(&str) -> Option<T>) -> Result<T> {
    from_id(s).ok_or_else(|| StoreError::BadData(format!("unknown id {s:?}")))
}
