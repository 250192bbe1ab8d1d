//! Trying the demo without changing it: a generated sample opens on a scratch copy in the data
//! folder, and `zhibu sample` may replace an old sample but never a branch's real file.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use super::{Result, Service};
use crate::store::sample_mark;

/// The file name of the scratch copy in the data folder (one, replaced at every open of a sample).
pub const SCRATCH_NAME: &str = "demo-copy.db";

impl Service {
    /// Marks this database as a sample generated as of `as_of`.
    pub fn mark_sample(&mut self, as_of: NaiveDate) -> Result<()> {
        let as_of = crate::domain::dates::fmt(as_of);
        Ok(self.store.write(|tx| sample_mark::mark(tx, &as_of))?)
    }
}

/// The date of the sample at `path`, or `None` when it is not a generated sample (or not a zhibu
/// database at all). Reads without writing a byte.
pub fn sample_as_of(path: &Path) -> Option<NaiveDate> {
    sample_mark::sample_as_of(path).and_then(|s| crate::domain::dates::parse_iso(&s))
}

/// Copies the sample at `src` to `folder/demo-copy.db` (replacing an older copy) and returns the
/// copy's path. The copy is an ordinary database.
pub fn scratch_copy(src: &Path, folder: &Path) -> Result<PathBuf> {
    let dst = folder.join(SCRATCH_NAME);
    sample_mark::copy_unmarked(src, &dst)?;
    Ok(dst)
}

/// Deletes an old sample with its journals, so that a new one can take its name.
pub fn remove_sample(path: &Path) -> std::io::Result<()> {
    sample_mark::remove_with_journals(path)
}
