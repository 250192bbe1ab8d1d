//! Use cases: validate with `domain`, write through `store` in one transaction, return view
//! models. Nothing here exposes a rusqlite type.

pub mod backup;
pub mod check;
pub mod dues;
pub mod evaluation;
pub mod export;
pub mod findings;
pub mod honours;
pub mod import;
pub mod incoming;
pub mod leave;
pub mod meetings;
pub mod members;
pub mod mobile;
pub mod pinyin;
pub mod plan;
pub mod pledges;
pub mod record_kinds;
pub mod search;
pub mod study;
pub mod trial;
pub mod undo;

use std::path::Path;

use chrono::NaiveDate;

use crate::domain::lang::Lang;
use crate::domain::settings::{Settings, validate_settings};
use crate::domain::validation::FieldError;
pub use crate::store::OpenError;
pub use crate::store::{Record, Version};
use crate::store::{Store, StoreError};

/// Why a use case did not complete. Nothing was written in any case.
#[derive(Debug)]
pub enum ServiceError {
    /// Field errors, to be shown beside their fields.
    Invalid(Vec<FieldError>),
    /// Another program held the database for too long; what was typed is kept, try again.
    Busy,
    ReadOnly,
    /// The disk is full: nothing saved, what was typed is kept.
    DiskFull,
    /// The record changed in another window since its form was opened (see [`Conflict`]).
    Conflict(Conflict),
    NotFound,
    /// SQLite found the file damaged while reading it.
    Damaged,
    /// Anything else the database reported.
    Data(String),
    /// Refused for a reason the user can act on (written in both languages).
    Refused(crate::domain::validation::Problem),
}

impl From<StoreError> for ServiceError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::Busy => ServiceError::Busy,
            StoreError::ReadOnly => ServiceError::ReadOnly,
            StoreError::NotFound => ServiceError::NotFound,
            StoreError::DiskFull => ServiceError::DiskFull,
            StoreError::Damaged => ServiceError::Damaged,
            StoreError::Conflict { latest, changes } => ServiceError::Conflict(Conflict {
                latest,
                changes: changes
                    .into_iter()
                    .map(|c| Change { fields: c.fields(), at: c.at, deleted: c.action == "delete" })
                    .collect(),
            }),
            other => ServiceError::Data(other.to_string()),
        }
    }
}

impl From<Vec<FieldError>> for ServiceError {
    fn from(e: Vec<FieldError>) -> Self {
        ServiceError::Invalid(e)
    }
}

impl ServiceError {
    /// A one-line message for the status line or the command line.
    pub fn text(&self, lang: Lang) -> String {
        match self {
            ServiceError::Invalid(errs) => {
                let first = errs.first().map(|e| e.problem.text(lang)).unwrap_or_default();
                match lang {
                    Lang::Zh => format!("有 {} 处不符合要求：{first}", errs.len()),
                    Lang::En => format!("{} value(s) refused: {first}", errs.len()),
                }
            }
            ServiceError::Busy => lang
                .pick(
                    "数据库正被另一个程序占用，未保存；内容仍在，请稍后按 Ctrl-S 重试",
                    "the database is busy in another program; nothing saved, your input is kept: press Ctrl-S again shortly",
                )
                .to_string(),
            ServiceError::ReadOnly => lang
                .pick(
                    "只读：不能保存（文件或其所在文件夹是只读的）；内容仍在",
                    "read-only: cannot save (the file or its folder is read-only); your input is kept",
                )
                .to_string(),
            ServiceError::DiskFull => lang.pick("磁盘已满，未保存；内容仍在", "the disk is full; nothing saved, your input is kept").to_string(),
            ServiceError::Conflict(c) => c.text(&|f| f.to_string(), lang),
            ServiceError::Damaged => lang
                .pick(
                    "数据库文件已损坏，未保存；请退出并运行 zhibu report 查看详情，或用备份恢复",
                    "the database file is damaged; nothing saved. Quit and restore a backup",
                )
                .to_string(),
            ServiceError::NotFound => lang.pick("记录已不存在（可能被另一个程序修改）", "the record no longer exists").to_string(),
            ServiceError::Refused(p) => p.text(lang),
            ServiceError::Data(s) => match lang {
                Lang::Zh => format!("数据库错误：{s}"),
                Lang::En => format!("database error: {s}"),
            },
        }
    }
}

pub type Result<T> = std::result::Result<T, ServiceError>;

/// A record changed in another window since its form was opened: what changed, and the
/// version to save against to overwrite it anyway.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Conflict {
    pub latest: Version,
    pub changes: Vec<Change>,
}

/// One change made elsewhere, from the change log.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Change {
    /// Local time of the save, `YYYY-MM-DDTHH:MM:SS`.
    pub at: String,
    /// The record was deleted.
    pub deleted: bool,
    /// The changed fields by id (`phone`, `name`, ...): a form shows them by its own labels.
    pub fields: Vec<String>,
}

impl Conflict {
    /// One line: when the other window saved, which fields it changed (named by `label`), and
    /// the choice.
    pub fn text(&self, label: &dyn Fn(&str) -> String, lang: Lang) -> String {
        let mut fields: Vec<String> = Vec::new();
        for f in self.changes.iter().flat_map(|c| &c.fields) {
            let l = label(f);
            if !fields.contains(&l) {
                fields.push(l);
            }
        }
        let when = self.changes.last().map(|c| c.at.replace('T', " ")).unwrap_or_default();
        let when = when.get(..16).unwrap_or(&when).to_string();
        if self.changes.iter().any(|c| c.deleted) {
            return match lang {
                Lang::Zh => format!("另一个窗口已于 {when} 删除此记录，未保存"),
                Lang::En => format!("another window deleted this record at {when}; nothing saved"),
            };
        }
        let what = match (lang, fields.is_empty()) {
            // Saved again without a change: still newer than what the form shows.
            (Lang::Zh, true) => "此记录（内容未变）".to_string(),
            (Lang::En, true) => "this record (no field)".to_string(),
            (Lang::Zh, false) => fields.join("、"),
            (Lang::En, false) => fields.join(", "),
        };
        match lang {
            Lang::Zh => format!("另一个窗口已于 {when} 修改了：{what}。未保存：Ctrl-R 重新载入，Ctrl-S 覆盖保存"),
            Lang::En => {
                format!("another window changed {what} at {when}; nothing saved: Ctrl-R reloads, Ctrl-S overwrites")
            }
        }
    }
}

/// A one-line message for a database that could not be opened.
pub fn open_error_text(e: &OpenError, path: &Path, lang: Lang) -> String {
    let p = path.display();
    match (e, lang) {
        (OpenError::NotADatabase, Lang::Zh) => {
            format!("{p} 不是 zhibu 数据库（不是 SQLite 文件），未做任何改动")
        }
        (OpenError::NotADatabase, Lang::En) => {
            format!("{p} is not a zhibu database (not an SQLite file); left unchanged")
        }
        (OpenError::Foreign, Lang::Zh) => {
            format!("{p} 是其他程序的数据库，不是 zhibu 数据库，未做任何改动")
        }
        (OpenError::Foreign, Lang::En) => {
            format!("{p} is another program's database, not zhibu's; left unchanged")
        }
        (OpenError::Newer { found, supported }, Lang::Zh) => {
            format!(
                "{p} 由更新版本的 zhibu 创建（数据版本 {found}，本程序支持到 {supported}），请升级 zhibu；文件未改动"
            )
        }
        (OpenError::Newer { found, supported }, Lang::En) => format!(
            "{p} was written by a newer zhibu (schema {found}, this program knows up to {supported}); please upgrade; left unchanged"
        ),
        (OpenError::ReadOnly, Lang::Zh) => {
            format!("{p} 是只读文件，无法保存记录；请检查文件权限，或复制一份后打开")
        }
        (OpenError::ReadOnly, Lang::En) => {
            format!("{p} is read-only; check its permissions or open a copy")
        }
        (OpenError::Folder(dir), Lang::Zh) => {
            format!("无法使用文件夹 {}（不存在或没有权限）", dir.display())
        }
        (OpenError::Folder(dir), Lang::En) => {
            format!("cannot use the folder {} (missing or no permission)", dir.display())
        }
        (OpenError::Empty, Lang::Zh) => format!("{p} 是空文件，不是 zhibu 数据库，未做任何改动"),
        (OpenError::Empty, Lang::En) => format!("{p} is an empty file, not a zhibu database; left unchanged"),
        (OpenError::ReadOnlyFolder(dir), Lang::Zh) => {
            format!("文件夹 {} 是只读的，无法在其中保存；仍可只读打开 {p}（查看和报表）", dir.display())
        }
        (OpenError::ReadOnlyFolder(dir), Lang::En) => format!(
            "the folder {} is read-only, so nothing can be saved there; {p} can still be opened read-only",
            dir.display()
        ),
        (OpenError::NotAFile, Lang::Zh) => format!("{p} 不是普通文件（可能是管道或设备），未打开"),
        (OpenError::NotAFile, Lang::En) => format!("{p} is not a regular file (a pipe or device); not opened"),
        (OpenError::Damaged(detail), Lang::Zh) => match backup::newest_good_backup(path) {
            Some(b) => format!(
                "{p} 已损坏（{detail}）；为免数据进一步受损，未打开。最近的完好备份：{}，恢复：zhibu restore {0} --db {p}",
                b.display()
            ),
            None => format!("{p} 已损坏（{detail}）；为免数据进一步受损，未打开。请用最近的备份恢复"),
        },
        (OpenError::Damaged(detail), Lang::En) => match backup::newest_good_backup(path) {
            Some(b) => format!(
                "{p} is damaged ({detail}); not opened, so that nothing more is lost. The newest good backup is {}: zhibu restore {0} --db {p}",
                b.display()
            ),
            None => format!(
                "{p} is damaged ({detail}); not opened, so that nothing more is lost. Restore the latest backup"
            ),
        },
        (OpenError::DiskFull, Lang::Zh) => format!("磁盘已满，无法打开 {p}；未留下任何文件"),
        (OpenError::DiskFull, Lang::En) => format!("the disk is full; cannot open {p}; nothing was left behind"),
        (OpenError::Busy, Lang::Zh) => format!("{p} 正被另一个程序占用，请稍后再试"),
        (OpenError::Busy, Lang::En) => format!("{p} is busy in another program; try again shortly"),
        (OpenError::IsFolder, Lang::Zh) => format!("{p} 是文件夹，不是数据库文件"),
        (OpenError::IsFolder, Lang::En) => format!("{p} is a folder, not a database file"),
        (OpenError::Io(s), Lang::Zh) => format!("无法读取 {p}：{s}"),
        (OpenError::Io(s), Lang::En) => format!("cannot read {p}: {s}"),
        (OpenError::Sqlite(s), Lang::Zh) => format!("无法打开 {p}：{s}"),
        (OpenError::Sqlite(s), Lang::En) => format!("cannot open {p}: {s}"),
    }
}

/// The use cases over one open database. `today` comes from the one place that reads the clock
/// (or `--today`), so everything is deterministic under test.
pub struct Service {
    store: Store,
    today: NaiveDate,
    settings: Settings,
    /// The members, read once until the next write or `refresh` (a reload reads them often).
    members: std::cell::RefCell<Option<std::rc::Rc<Vec<crate::domain::member::Member>>>>,
    /// The members as the records see them, for the records' first day: read with every
    /// finding, cleared with `members`.
    recorded: std::cell::RefCell<Option<(NaiveDate, std::rc::Rc<Vec<crate::domain::member::Member>>)>>,
    /// The records the last findings were computed from: this year's grid reads them once, then
    /// they are dropped.
    records: std::cell::RefCell<Option<std::rc::Rc<findings::Records>>>,
    auto_backup: backup::Auto,
}

impl Service {
    /// Opens (or creates and initialises) a database for reading and writing: the interactive
    /// program. Refuses a read-only file ([`OpenError::ReadOnly`]); the caller may then use
    /// [`Service::open_read_only`].
    pub fn open(path: &Path, today: NaiveDate) -> std::result::Result<Service, OpenError> {
        Self::with_store(Store::open(path)?, today)
    }

    /// Opens an existing database for reading only, after `PRAGMA quick_check`: reports,
    /// backups, checks, and the interactive program on a read-only file. Never creates,
    /// upgrades or changes a byte; every write is refused with [`ServiceError::ReadOnly`].
    pub fn open_read_only(path: &Path, today: NaiveDate) -> std::result::Result<Service, OpenError> {
        let store = Store::open_read_only(path)?;
        store.quick_check()?;
        Self::with_store(store, today)
    }

    /// Opens an existing database for reading only, as [`Service::open_read_only`], but checks
    /// for damage only what is read: call [`Service::check_reads`] before showing anything.
    /// For reports, which read a few tables of a file that may be mostly change log.
    pub fn open_for_report(path: &Path, today: NaiveDate) -> std::result::Result<Service, OpenError> {
        let mut store = Store::open_read_only(path)?;
        store.track_reads();
        if let Err(e) = crate::store::settings::load(store.conn()) {
            store.quick_check_reads()?;
            return Err(OpenError::Sqlite(e.to_string()));
        }
        Self::with_store(store, today)
    }

    /// `PRAGMA quick_check` of every table read since [`Service::open_for_report`] (the whole
    /// file for a service opened otherwise).
    pub fn check_reads(&self) -> std::result::Result<(), OpenError> {
        self.store.quick_check_reads()
    }

    /// Whether every save is refused (a read-only file, folder or medium).
    pub fn is_read_only(&self) -> bool {
        self.store.is_read_only()
    }

    /// `PRAGMA quick_check` on the open file: a damaged file must not be shown as if sound.
    /// About a second for a 100 MB file; the interactive program runs it after its first frame.
    pub fn quick_check(&self) -> std::result::Result<(), OpenError> {
        self.store.quick_check()
    }

    /// Whether another window or program has saved since the last call; if so the caches are
    /// dropped and the settings re-read, so the next reads see its records.
    pub fn changed_outside(&mut self) -> bool {
        if !self.store.changed_outside() {
            return false;
        }
        self.refresh();
        if let Ok(s) = crate::store::settings::load(self.store.conn()) {
            self.settings = s;
        }
        true
    }

    /// A record's current version, read when its edit form opens (before the record itself)
    /// and handed back to the update, which refuses if anything saved it since.
    pub fn version(&self, rec: Record) -> Result<Version> {
        Ok(crate::store::version(self.store.conn(), rec)?)
    }

    pub fn in_memory(today: NaiveDate) -> std::result::Result<Service, OpenError> {
        Self::with_store(Store::open_in_memory()?, today)
    }

    fn with_store(store: Store, today: NaiveDate) -> std::result::Result<Service, OpenError> {
        let settings = crate::store::settings::load(store.conn()).map_err(|e| OpenError::Sqlite(e.to_string()))?;
        Ok(Service {
            store,
            today,
            settings,
            members: Default::default(),
            recorded: Default::default(),
            records: Default::default(),
            auto_backup: Default::default(),
        })
    }

    pub fn today(&self) -> NaiveDate {
        self.today
    }

    pub fn path(&self) -> Option<&Path> {
        self.store.path()
    }

    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// Validates and stores the settings; they take effect at once. `seen` is the settings'
    /// version when they were read for editing.
    pub fn save_settings(&mut self, s: Settings, seen: Version) -> Result<()> {
        validate_settings(&s)?;
        self.daily_backup();
        self.store.write(|tx| {
            crate::store::expect_version(tx, Record::Settings, seen)?;
            crate::store::settings::save(tx, &s)
        })?;
        self.settings = s;
        Ok(())
    }

    /// Re-reads the settings (another process may have changed them).
    pub fn reload_settings(&mut self) -> Result<()> {
        self.settings = crate::store::settings::load(self.store.conn())?;
        Ok(())
    }

    /// Writes a consistent copy with SQLite's online backup.
    pub fn backup(&self, out: &Path) -> Result<()> {
        Ok(self.store.backup_to(out)?)
    }

    /// The number of change-log rows (for tests and the status of a fresh file).
    pub fn change_count(&self) -> Result<i64> {
        Ok(crate::store::changelog::count(self.store.conn())?)
    }

    /// The change log of one record, oldest first.
    pub fn history(&self, table: &str, row_id: i64) -> Result<Vec<crate::store::changelog::Change>> {
        Ok(crate::store::changelog::for_row(self.store.conn(), table, row_id)?)
    }

    /// For a generator filling a new file that nobody else has open: see
    /// [`Store::defer_checkpoints`](crate::store::Store::defer_checkpoints).
    pub fn defer_checkpoints(&mut self) {
        self.store.defer_checkpoints();
    }

    /// Fixes the time the change log records (the sample generator's as-of date).
    pub fn set_log_clock(&self, at: Option<&str>) -> Result<()> {
        Ok(self.store.set_log_clock(at)?)
    }

    pub(crate) fn store(&self) -> &Store {
        &self.store
    }

    /// For writes: whatever is cached may change.
    pub(crate) fn store_mut(&mut self) -> &mut Store {
        self.daily_backup();
        self.refresh();
        &mut self.store
    }

    /// Forgets what was cached, so the next reads see other programs' writes too.
    pub fn refresh(&mut self) {
        self.members.take();
        self.recorded.take();
        self.records.take();
    }

    /// Member names by id (for lists that show hosts, lecturers, subjects).
    pub fn member_names(&self) -> Result<crate::domain::ids::IdMap<i64, String>> {
        let members = self.member_list()?;
        let shared = crate::domain::member::shared_names(&members, self.today);
        Ok(members.iter().map(|m| (m.id, m.shown_name(&shared))).collect())
    }

    /// Each member's place in the members' own order (by number), archived included: for
    /// views whose rows come in another order.
    pub fn member_order(&self) -> Result<crate::domain::ids::IdMap<i64, usize>> {
        Ok(self.member_list()?.iter().enumerate().map(|(i, m)| (m.id, i)).collect())
    }

    /// Names two or more members in the branch share: shown with the member number beside them.
    pub fn shared_names(&self) -> Result<std::collections::HashSet<String>> {
        Ok(crate::domain::member::shared_names(&self.member_list()?, self.today))
    }

    /// Every member (archived included), from the cache when it is fresh.
    pub(crate) fn member_list(&self) -> Result<std::rc::Rc<Vec<crate::domain::member::Member>>> {
        if let Some(m) = self.members.borrow().as_ref() {
            return Ok(m.clone());
        }
        let list = std::rc::Rc::new(crate::store::members::list(self.store.conn())?);
        *self.members.borrow_mut() = Some(list.clone());
        Ok(list)
    }
}
