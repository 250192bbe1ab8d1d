//! Trying the demo without changing it: a generated sample opens on a scratch copy in the data
//! folder, and `zhibu sample` may replace an old sample but never a branch's real file.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use super::{Result, Service};
use crate::store::sample_mark;

/// The scratch copies' file names in the data folder: `demo-copy-PID.db`, one per window trying
/// a sample, so that two windows opened at once never replace the file under each other.
const SCRATCH_PREFIX: &str = "demo-copy-";
/// The single copy older versions made; removed when the next copy is made.
const OLD_SCRATCH_NAME: &str = "demo-copy.db";

impl Service {
    /// Marks this database as a sample generated as of `as_of`.
    pub fn mark_sample(&mut self, as_of: NaiveDate) -> Result<()> {
        let as_of = crate::domain::dates::fmt(as_of);
        Ok(self.store.write(|tx| sample_mark::mark(tx, &as_of))?)
    }

    /// Records the file name the sample is written as (`demo.db`): a copy of it under another
    /// name is an ordinary file (`sample_as_of`).
    pub fn mark_sample_file(&mut self, name: &str) -> Result<()> {
        Ok(self.store.write(|tx| sample_mark::mark_file(tx, name))?)
    }
}

/// The date of the sample at `path`, or `None` when it is not a generated sample (or not a zhibu
/// database at all, or a sample copied to another name by the user). Reads without writing a
/// byte.
pub fn sample_as_of(path: &Path) -> Option<NaiveDate> {
    sample_mark::sample_as_of(path).and_then(|s| crate::domain::dates::parse_iso(&s))
}

/// Copies the sample at `src` to `folder/demo-copy-PID.db` for this process and returns the
/// copy's path; the copy is an ordinary database. Copies left by windows no longer running
/// (`running` says which) are removed first, with their journals.
pub fn scratch_copy(src: &Path, folder: &Path, running: impl Fn(u32, &std::fs::DirEntry) -> bool) -> Result<PathBuf> {
    remove_stale_copies(folder, running);
    let dst = folder.join(scratch_name(std::process::id()));
    sample_mark::copy_unmarked(src, &dst)?;
    Ok(dst)
}

/// The scratch copy's file name for process `pid`.
pub fn scratch_name(pid: u32) -> String {
    format!("{SCRATCH_PREFIX}{pid}.db")
}

/// The process a scratch copy (or one of its journals) belongs to, from its file name.
fn scratch_pid(file: &str) -> Option<u32> {
    let rest = file.strip_prefix(SCRATCH_PREFIX)?;
    let db = ["-wal", "-shm", "-journal"].iter().find_map(|j| rest.strip_suffix(j)).unwrap_or(rest);
    db.strip_suffix(".db")?.parse().ok()
}

/// Removes the scratch copies of processes no longer running, and the older single copy. A file
/// that cannot be removed (open in another window, on Windows) stays.
fn remove_stale_copies(folder: &Path, running: impl Fn(u32, &std::fs::DirEntry) -> bool) {
    let _ = sample_mark::remove_with_journals(&folder.join(OLD_SCRATCH_NAME));
    let Ok(entries) = std::fs::read_dir(folder) else { return };
    for e in entries.flatten() {
        let Some(pid) = e.file_name().to_str().and_then(scratch_pid) else { continue };
        if pid != std::process::id() && !running(pid, &e) {
            let _ = std::fs::remove_file(e.path());
        }
    }
}

/// Deletes an old sample with its journals, so that a new one can take its name.
pub fn remove_sample(path: &Path) -> std::io::Result<()> {
    sample_mark::remove_with_journals(path)
}

#[test]
fn scratch_names_carry_their_process() {
    assert_eq!(scratch_name(42), "demo-copy-42.db");
    for (file, pid) in
        [("demo-copy-42.db", Some(42)), ("demo-copy-42.db-wal", Some(42)), ("demo-copy-7.db-shm", Some(7))]
    {
        assert_eq!(scratch_pid(file), pid, "{file}");
    }
    for file in ["demo-copy.db", "demo-copy-x.db", "zhibu.db", "demo-copy-42.dbx"] {
        assert_eq!(scratch_pid(file), None, "{file}");
    }
}
