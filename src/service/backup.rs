//! Automatic daily backups in a `backups` folder beside the database, how many are kept,
//! listing them, and restoring one.
//!
//! Before the first save of each day the file is copied as it was, so a day's mistakes can be
//! undone by restoring that morning's copy. Copies are named `STEM-YYYY-MM-DD.db` after the
//! database's own name (`zhibu.db` gives `zhibu-2026-12-02.db`); the copy a restore replaces is
//! kept as `STEM-replaced-YYYY-MM-DD[-N].db` and never deleted automatically.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chrono::{Datelike, NaiveDate};

use super::Service;
use crate::store::backup as db;
use crate::store::{create_private, migrations};

/// The folder's name, beside the database.
pub const FOLDER: &str = "backups";
/// The newest daily copies kept.
pub const KEEP_DAILY: usize = 14;
/// Months for which their first copy is kept, newest first.
pub const KEEP_MONTHLY: usize = 12;

/// One copy in a backups folder.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BackupFile {
    pub path: PathBuf,
    pub date: NaiveDate,
    pub kind: Kind,
    pub size: u64,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Taken before the first save of a day.
    Daily,
    /// The file a restore replaced.
    Replaced,
    /// Taken just before an import.
    Import,
}

impl Kind {
    fn label(self) -> &'static str {
        match self {
            Kind::Daily => "",
            Kind::Replaced => "replaced",
            Kind::Import => "import",
        }
    }
}

/// The state of this window's automatic backup.
#[derive(Debug)]
pub(crate) struct Auto {
    enabled: bool,
    /// The day a backup was last attempted (once a day, whatever the outcome).
    tried_on: Option<NaiveDate>,
    /// Why the last attempt failed, until the window has shown it once.
    problem: Option<BackupError>,
}

/// Why a backup could not be taken. The save it came before goes ahead regardless.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BackupError {
    /// Neither the `backups` folder beside the database (named) nor the one in the data folder
    /// can be written.
    NoFolder(PathBuf),
    DiskFull,
    /// The copy failed `PRAGMA integrity_check` (it was deleted).
    Damaged,
    Failed(String),
}

impl BackupError {
    /// The reason, in one line.
    pub fn text(&self, lang: crate::domain::lang::Lang) -> String {
        use crate::domain::lang::Lang::*;
        match (self, lang) {
            (BackupError::NoFolder(d), Zh) => format!("备份文件夹不能写入（{}）", d.display()),
            (BackupError::NoFolder(d), En) => format!("folder not writable ({})", d.display()),
            (BackupError::DiskFull, Zh) => "磁盘已满".to_string(),
            (BackupError::DiskFull, En) => "the disk is full".to_string(),
            (BackupError::Damaged, Zh) => "副本未通过完整性检查，已删除".to_string(),
            (BackupError::Damaged, En) => "the copy failed its integrity check and was deleted".to_string(),
            (BackupError::Failed(e), Zh) => format!("复制失败：{e}"),
            (BackupError::Failed(e), En) => format!("the copy failed: {e}"),
        }
    }

    fn from_store(e: crate::store::StoreError) -> BackupError {
        match e {
            crate::store::StoreError::DiskFull => BackupError::DiskFull,
            e => BackupError::Failed(e.to_string()),
        }
    }

    fn from_io(e: std::io::Error) -> BackupError {
        match e.kind() {
            std::io::ErrorKind::StorageFull => BackupError::DiskFull,
            _ => BackupError::Failed(e.to_string()),
        }
    }
}

impl From<BackupError> for super::ServiceError {
    fn from(e: BackupError) -> Self {
        use crate::domain::lang::Lang;
        let (zh, en) = (e.text(Lang::Zh), e.text(Lang::En));
        super::ServiceError::Refused(crate::domain::validation::Problem::Text {
            zh: format!("未能备份：{zh}"),
            en: format!("no backup taken: {en}"),
        })
    }
}

/// Writes a checked copy of the open database to `p`; on failure nothing is left there.
fn copy_checked(s: &Service, p: &Path) -> Result<(), BackupError> {
    let written = s.store.backup_to(p).map_err(BackupError::from_store).and_then(|()| match db::check_file(p) {
        Ok(c) if c.intact => Ok(()),
        Ok(_) => Err(BackupError::Damaged),
        Err(e) => Err(BackupError::from_store(e)),
    });
    if written.is_err() {
        for suffix in ["", "-journal"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", p.display()));
        }
    }
    written
}

fn no_folder(db: &Path) -> BackupError {
    BackupError::NoFolder(parent(db).join(FOLDER))
}

impl Default for Auto {
    fn default() -> Self {
        Auto { enabled: true, tried_on: None, problem: None }
    }
}

/// The folder for `db`'s backups: `backups` beside it, or `backups` in the user's data folder
/// when the database's folder cannot be written. Created (0700 on Unix) when missing.
pub fn folder(db: &Path) -> Option<PathBuf> {
    folder_with(db, data_folder().as_deref())
}

fn folder_with(db: &Path, fallback: Option<&Path>) -> Option<PathBuf> {
    let beside = parent(db).join(FOLDER);
    if writable(&beside) {
        return Some(beside);
    }
    let other = fallback?.join(FOLDER);
    writable(&other).then_some(other)
}

/// The folders where `db`'s backups may be, that exist (nothing is created).
fn folders(db: &Path) -> Vec<PathBuf> {
    let mut out = vec![parent(db).join(FOLDER)];
    if let Some(d) = data_folder() {
        let d = d.join(FOLDER);
        let same = |a: &Path, b: &Path| match (a.canonicalize(), b.canonicalize()) {
            (Ok(a), Ok(b)) => a == b,
            _ => a == b,
        };
        if !same(&d, &out[0]) {
            out.push(d);
        }
    }
    out.retain(|d| d.is_dir());
    out
}

fn parent(db: &Path) -> &Path {
    db.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."))
}

fn data_folder() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "zhibu").map(|d| d.data_local_dir().to_path_buf())
}

/// Creates `dir` if missing and proves a file can be created in it.
fn writable(dir: &Path) -> bool {
    if !dir.is_dir() {
        if std::fs::create_dir_all(dir).is_err() {
            return false;
        }
        private_folder(dir);
    }
    let probe = dir.join(format!(".probe-{}", std::process::id()));
    match create_private(&probe) {
        Ok(()) => std::fs::remove_file(&probe).is_ok(),
        Err(_) => false,
    }
}

fn private_folder(_dir: &Path) {
    #[cfg(unix)]
    let _ = std::fs::set_permissions(_dir, std::os::unix::fs::PermissionsExt::from_mode(0o700));
}

fn stem(db: &Path) -> String {
    db.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_else(|| "zhibu".into())
}

fn daily_name(db: &Path, date: NaiveDate) -> String {
    format!("{}-{date}.db", stem(db))
}

/// Reads a file name of one of `stem`'s copies.
fn parse_name(name: &str, stem: &str) -> Option<(NaiveDate, Kind)> {
    let rest = name.strip_prefix(stem)?.strip_prefix('-')?.strip_suffix(".db")?;
    for kind in [Kind::Replaced, Kind::Import] {
        if let Some(r) = rest.strip_prefix(kind.label()).and_then(|r| r.strip_prefix('-')) {
            let tail = r.get(10..)?;
            if !(tail.is_empty() || tail.strip_prefix('-').is_some_and(|n| n.bytes().all(|b| b.is_ascii_digit()))) {
                return None;
            }
            return Some((crate::domain::dates::parse_iso(r.get(..10)?)?, kind));
        }
    }
    Some((crate::domain::dates::parse_iso(rest)?, Kind::Daily))
}

/// The daily copies to delete from `dates`: all but the newest [`KEEP_DAILY`] and the first copy
/// of each of the newest [`KEEP_MONTHLY`] months.
pub fn to_prune(dates: &[NaiveDate]) -> Vec<NaiveDate> {
    let mut sorted = dates.to_vec();
    sorted.sort_unstable_by(|a, b| b.cmp(a));
    sorted.dedup();
    let mut firsts: BTreeMap<(i32, u32), NaiveDate> = BTreeMap::new();
    for d in &sorted {
        // Descending order: the last one seen in a month is its first.
        firsts.insert((d.year(), d.month()), *d);
    }
    let monthly: Vec<NaiveDate> = firsts.values().rev().take(KEEP_MONTHLY).copied().collect();
    sorted.into_iter().skip(KEEP_DAILY).filter(|d| !monthly.contains(d)).collect()
}

/// Every copy of `db` in its backups folders, newest first.
pub fn list(db: &Path) -> Vec<BackupFile> {
    let stem = stem(db);
    let mut out = Vec::new();
    for dir in folders(db) {
        let Ok(entries) = std::fs::read_dir(&dir) else { continue };
        for e in entries.flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            let Some((date, kind)) = parse_name(&name, &stem) else { continue };
            let size = e.metadata().map(|m| m.len()).unwrap_or(0);
            out.push(BackupFile { path: e.path(), date, kind, size });
        }
    }
    out.sort_by(|a, b| b.date.cmp(&a.date).then((a.kind == Kind::Replaced).cmp(&(b.kind == Kind::Replaced))));
    out
}

/// The newest daily copy of `db` that passes `PRAGMA integrity_check` and that this program can
/// open, for the message about a damaged database.
pub fn newest_good_backup(db: &Path) -> Option<PathBuf> {
    list(db)
        .into_iter()
        .filter(|b| b.kind == Kind::Daily)
        .find(|b| db::check_file(&b.path).is_ok_and(|c| c.usable()))
        .map(|b| b.path)
}

/// Whether a copy is intact and opens here.
pub fn check(path: &Path) -> Result<(), RestoreError> {
    let c = db::check_file(path).map_err(|e| RestoreError::Unreadable(e.to_string()))?;
    if !c.ours {
        return Err(RestoreError::NotOurs);
    }
    if !c.intact {
        return Err(RestoreError::Damaged);
    }
    if c.schema > migrations::latest() {
        return Err(RestoreError::Newer { found: c.schema, supported: migrations::latest() });
    }
    Ok(())
}

/// What a backup was taken as.
#[derive(Debug, PartialEq, Eq)]
pub enum Taken {
    New(PathBuf),
    /// Today's copy existed already (taken by this or another window).
    Existing(PathBuf),
}

/// Takes today's copy of the open database into its backups folder unless it exists, checks
/// it with `PRAGMA integrity_check`, and only then deletes the copies [`to_prune`] names.
fn take(s: &Service, db: &Path) -> Result<Taken, BackupError> {
    let dir = folder(db).ok_or_else(|| no_folder(db))?;
    let target = dir.join(daily_name(db, s.today));
    if target.exists() {
        return Ok(Taken::Existing(target));
    }
    let tmp = dir.join(format!(".{}.tmp-{}", daily_name(db, s.today), std::process::id()));
    copy_checked(s, &tmp)?;
    std::fs::rename(&tmp, &target).map_err(BackupError::from_io)?;
    prune(&dir, db);
    Ok(Taken::New(target))
}

/// Deletes the daily copies in `dir` that fall outside the retention; called only after a new
/// copy passed its check, so an older copy is never deleted in favour of a damaged one.
fn prune(dir: &Path, db: &Path) {
    let stem = stem(db);
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    let daily: Vec<(NaiveDate, PathBuf)> = entries
        .flatten()
        .filter_map(|e| match parse_name(&e.file_name().to_string_lossy(), &stem) {
            Some((d, Kind::Daily)) => Some((d, e.path())),
            _ => None,
        })
        .collect();
    let gone = to_prune(&daily.iter().map(|(d, _)| *d).collect::<Vec<_>>());
    for (d, p) in &daily {
        if gone.contains(d) {
            let _ = std::fs::remove_file(p);
        }
    }
}

/// Why a restore was refused. The database was not changed in any case.
#[derive(Debug, PartialEq, Eq)]
pub enum RestoreError {
    Unreadable(String),
    NotOurs,
    Damaged,
    Newer {
        found: i64,
        supported: i64,
    },
    /// The backup and the database are the same file.
    SameFile,
    /// No folder to keep the replaced file in.
    NoFolder,
    /// Copying failed (the database is busy, the disk is full, ...).
    Failed(String),
}

impl RestoreError {
    pub fn text(&self, file: &Path, lang: crate::domain::lang::Lang) -> String {
        use crate::domain::lang::Lang::*;
        let f = file.display();
        match (self, lang) {
            (RestoreError::Unreadable(e), Zh) => format!("无法读取 {f}：{e}"),
            (RestoreError::Unreadable(e), En) => format!("cannot read {f}: {e}"),
            (RestoreError::NotOurs, Zh) => format!("{f} 不是 zhibu 数据库，未恢复"),
            (RestoreError::NotOurs, En) => format!("{f} is not a zhibu database; nothing restored"),
            (RestoreError::Damaged, Zh) => format!("{f} 未通过完整性检查（文件已损坏），未恢复"),
            (RestoreError::Damaged, En) => format!("{f} failed its integrity check (damaged); nothing restored"),
            (RestoreError::Newer { found, supported }, Zh) => format!(
                "{f} 由更新版本的 zhibu 写入（数据版本 {found}，本程序支持到 {supported}），请先升级 zhibu；未恢复"
            ),
            (RestoreError::Newer { found, supported }, En) => format!(
                "{f} was written by a newer zhibu (schema {found}, this program knows up to {supported}); upgrade first; nothing restored"
            ),
            (RestoreError::SameFile, Zh) => format!("{f} 就是要恢复到的数据库本身"),
            (RestoreError::SameFile, En) => format!("{f} is the database itself"),
            (RestoreError::NoFolder, Zh) => "找不到可写入的备份文件夹来保存被替换的文件，未恢复".to_string(),
            (RestoreError::NoFolder, En) => {
                "no writable backups folder to keep the replaced file in; nothing restored".to_string()
            }
            (RestoreError::Failed(e), Zh) => format!("恢复失败：{e}"),
            (RestoreError::Failed(e), En) => format!("restore failed: {e}"),
        }
    }
}

/// An unused `STEM-LABEL-DATE[-N].db` in `dir`.
fn unused_name(dir: &Path, db: &Path, kind: Kind, today: NaiveDate) -> PathBuf {
    (1..)
        .map(|n| {
            let tail = if n == 1 { String::new() } else { format!("-{n}") };
            dir.join(format!("{}-{}-{today}{tail}.db", stem(db), kind.label()))
        })
        .find(|p| !p.exists())
        .expect("an unused name")
}

/// Replaces the content of `db` with the backup `file`, after checking the backup and keeping a
/// copy of what it replaces. Returns the kept copy (none when `db` did not exist).
pub fn restore(file: &Path, db: &Path, today: NaiveDate) -> Result<Option<PathBuf>, RestoreError> {
    if let (Ok(a), Ok(b)) = (file.canonicalize(), db.canonicalize())
        && a == b
    {
        return Err(RestoreError::SameFile);
    }
    check(file)?;
    let kept = if db.exists() {
        let dir = folder(db).ok_or(RestoreError::NoFolder)?;
        let kept = unused_name(&dir, db, Kind::Replaced, today);
        create_private(&kept).map_err(|e| RestoreError::Failed(e.to_string()))?;
        if let Err(e) = db::copy_file_plain(db, &kept) {
            let _ = std::fs::remove_file(&kept);
            return Err(RestoreError::Failed(e.to_string()));
        }
        Some(kept)
    } else {
        create_private(db).map_err(|e| RestoreError::Failed(e.to_string()))?;
        None
    };
    db::copy_file(file, db).map_err(|e| RestoreError::Failed(e.to_string()))?;
    Ok(kept)
}

impl Service {
    /// Before the first save of each day: a copy of the file as it was. Never stops the save;
    /// a failure is kept for [`Service::backup_problem`].
    pub(crate) fn daily_backup(&mut self) {
        let a = &self.auto_backup;
        // A read-only window saves nothing, so there is nothing to protect and nothing may be created.
        if !a.enabled || a.tried_on == Some(self.today) || self.is_read_only() {
            return;
        }
        self.auto_backup.tried_on = Some(self.today);
        let Some(path) = self.store.path().map(Path::to_path_buf) else { return };
        // A new, empty file has nothing to protect yet.
        if self.change_count().unwrap_or(0) == 0 {
            return;
        }
        self.auto_backup.problem = take(self, &path).err();
    }

    /// A copy of the file as it is, before a large change (an import), checked; kept until the
    /// user deletes it.
    pub(crate) fn backup_before(&self, kind: Kind) -> Result<PathBuf, BackupError> {
        let db = self.store.path().ok_or_else(|| BackupError::Failed("no file".into()))?;
        let dir = folder(db).ok_or_else(|| no_folder(db))?;
        let p = unused_name(&dir, db, kind, self.today);
        copy_checked(self, &p)?;
        Ok(p)
    }

    /// Takes today's copy now unless it exists (`zhibu backup`).
    pub fn backup_today(&self) -> super::Result<Taken> {
        let path = self.store.path().ok_or(super::ServiceError::NotFound)?;
        Ok(take(self, path)?)
    }

    /// No automatic backups from this window (the sample generator writes a new file).
    pub fn disable_auto_backup(&mut self) {
        self.auto_backup.enabled = false;
    }

    /// Why today's automatic backup failed, if it did and has not been asked yet: the window
    /// shows it once, beside the save's own message.
    pub fn take_backup_problem(&mut self) -> Option<BackupError> {
        self.auto_backup.problem.take()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        crate::domain::dates::parse_iso(s).unwrap()
    }

    #[test]
    fn names_round_trip_and_ignore_other_files() {
        let db = Path::new("/x/zhibu.db");
        assert_eq!(daily_name(db, d("2026-12-02")), "zhibu-2026-12-02.db");
        assert_eq!(parse_name("zhibu-2026-12-02.db", "zhibu"), Some((d("2026-12-02"), Kind::Daily)));
        assert_eq!(parse_name("zhibu-replaced-2026-12-02-3.db", "zhibu"), Some((d("2026-12-02"), Kind::Replaced)));
        for other in
            ["zhibu-2026-02-30.db", "other-2026-12-02.db", "zhibu-2026-12-02.db-journal", ".zhibu-2026-12-02.db.tmp-1"]
        {
            assert_eq!(parse_name(other, "zhibu"), None, "{other}");
        }
    }

    #[test]
    fn keeps_fourteen_days_and_the_first_of_twelve_months() {
        // One copy a day for two years up to 2026-12-02.
        let last = d("2026-12-02");
        let dates: Vec<NaiveDate> = (0..730).map(|i| last - chrono::Days::new(i)).collect();
        let gone = to_prune(&dates);
        let kept: Vec<NaiveDate> = dates.iter().filter(|x| !gone.contains(x)).copied().collect();
        let daily: Vec<NaiveDate> = (0..14).map(|i| last - chrono::Days::new(i)).collect();
        for x in &daily {
            assert!(kept.contains(x), "{x}");
        }
        // The 12 newest months' first days: 2026-01-01 .. 2026-12-01.
        for m in 1..=12 {
            assert!(kept.contains(&NaiveDate::from_ymd_opt(2026, m, 1).unwrap()), "month {m}");
        }
        assert!(!kept.contains(&d("2025-12-01")), "the 13th month is dropped");
        assert_eq!(kept.len(), 14 + 11, "2026-12-01 is both a daily and a monthly copy");
    }

    #[test]
    fn few_copies_are_all_kept() {
        let dates = [d("2026-01-31"), d("2026-02-01"), d("2026-02-28")];
        assert!(to_prune(&dates).is_empty());
    }

    #[test]
    fn a_month_with_one_copy_late_in_it_keeps_that_copy() {
        // Copies only on days the file was saved: the month's first copy may be on the 29th.
        let mut dates = vec![d("2024-02-29")];
        dates.extend((0..20).map(|i| d("2024-04-30") - chrono::Days::new(i)));
        let gone = to_prune(&dates);
        assert!(!gone.contains(&d("2024-02-29")));
        assert!(!gone.contains(&d("2024-04-11")), "April's first copy");
        assert_eq!(gone.len(), 20 - 14 - 1);
    }

    #[test]
    fn falls_back_to_the_data_folder_when_the_folder_beside_cannot_be_used() {
        let dir = tempfile::TempDir::new().unwrap();
        // A file where the folder would be: it cannot be created.
        std::fs::write(dir.path().join(FOLDER), b"").unwrap();
        let fallback = dir.path().join("data");
        std::fs::create_dir(&fallback).unwrap();
        let db = dir.path().join("zhibu.db");
        assert_eq!(folder_with(&db, Some(&fallback)), Some(fallback.join(FOLDER)));
        assert_eq!(folder_with(&db, None), None);
    }
}
