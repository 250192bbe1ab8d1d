//! The mark a generated sample database carries (a row in the settings table that `Settings`
//! does not read), so that trying the demo never changes it: the program opens a sample on a
//! scratch copy, and `zhibu sample` may replace an old sample but never a real branch's file.
//! The mark names the file the sample was written as: a copy under another name is the user's
//! own file (made to keep records in), opened and replaced like any other.

use std::path::Path;

use rusqlite::{Connection, OpenFlags, OptionalExtension, params};

use super::Result;

const KEY: &str = "sample_as_of";
/// The file name the sample was written as (`demo.db`). Samples written before it was kept have
/// none and stay samples under any name.
const FILE_KEY: &str = "sample_file";

/// Marks the database as a sample generated as of `as_of` (YYYY-MM-DD).
pub fn mark(conn: &Connection, as_of: &str) -> Result<()> {
    conn.execute(
        "INSERT INTO setting (key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        params![KEY, as_of],
    )?;
    Ok(())
}

/// Records the file name the sample is written as.
pub fn mark_file(conn: &Connection, name: &str) -> Result<()> {
    conn.execute(
        "INSERT INTO setting (key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        params![FILE_KEY, name],
    )?;
    Ok(())
}

/// The sample's date when the file at `path` is a generated sample. Reads the file as immutable
/// (no lock, no journal, not a byte written); anything that is not a zhibu sample gives `None`.
pub fn sample_as_of(path: &Path) -> Option<String> {
    if !path.is_file() {
        return None;
    }
    let uri = format!("file:{}?immutable=1", uri_path(path));
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_URI | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = Connection::open_with_flags(uri, flags).ok()?;
    let app_id: i32 = conn.query_row("PRAGMA application_id", [], |r| r.get(0)).ok()?;
    if app_id != super::APPLICATION_ID {
        return None;
    }
    let as_of: String =
        conn.query_row("SELECT value FROM setting WHERE key = ?1", [KEY], |r| r.get(0)).optional().ok().flatten()?;
    let written_as: Option<String> =
        conn.query_row("SELECT value FROM setting WHERE key = ?1", [FILE_KEY], |r| r.get(0)).optional().ok().flatten();
    match written_as {
        Some(name) if path.file_name().and_then(|n| n.to_str()) != Some(name.as_str()) => None,
        _ => Some(as_of),
    }
}

/// Copies the sample at `src` to `dst` (replacing `dst` and any journal of it) with SQLite's
/// backup, and removes the mark from the copy: the copy is an ordinary file to try things in.
pub fn copy_unmarked(src: &Path, dst: &Path) -> Result<()> {
    remove_with_journals(dst).map_err(|e| super::StoreError::Other(e.to_string()))?;
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_URI | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let from = Connection::open_with_flags(format!("file:{}?immutable=1", uri_path(src)), flags)?;
    let mut to = Connection::open(dst)?;
    rusqlite::backup::Backup::new(&from, &mut to)?.run_to_completion(1024, std::time::Duration::ZERO, None)?;
    to.execute("DELETE FROM setting WHERE key IN (?1, ?2)", [KEY, FILE_KEY])?;
    Ok(())
}

/// Deletes a database file with its `-wal` and `-shm` (a stale journal beside a new file would
/// be read into it).
pub fn remove_with_journals(path: &Path) -> std::io::Result<()> {
    for suffix in ["", "-wal", "-shm", "-journal"] {
        let mut p = path.as_os_str().to_owned();
        p.push(suffix);
        match std::fs::remove_file(&p) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e),
            _ => {}
        }
    }
    Ok(())
}

/// A path as the path part of an SQLite URI: `/` separators, and `%`, `?`, `#` escaped.
fn uri_path(path: &Path) -> String {
    let s = path.to_string_lossy().replace('\\', "/");
    let mut out = String::with_capacity(s.len() + 1);
    // A Windows drive path (C:/...) is written /C:/... in a URI.
    if s.as_bytes().get(1) == Some(&b':') {
        out.push('/');
    }
    for c in s.chars() {
        match c {
            '%' => out.push_str("%25"),
            '?' => out.push_str("%3f"),
            '#' => out.push_str("%23"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uri_paths_escape_what_sqlite_would_read_as_syntax() {
        assert_eq!(uri_path(Path::new("/tmp/a?b#c%d.db")), "/tmp/a%3fb%23c%25d.db");
        assert_eq!(uri_path(Path::new(r"C:\Users\张三\zhibu.db")), "/C:/Users/张三/zhibu.db");
        assert_eq!(uri_path(Path::new("rel/demo.db")), "rel/demo.db");
    }
}
