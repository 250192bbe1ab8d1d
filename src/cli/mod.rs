//! Non-interactive commands: reports, the sample database, backups. Each prints for people by
//! default, and exits non-zero with a one-line reason on bad input.

mod args;
mod backups;
pub mod dues_report;
pub mod evaluation_report;
mod export;
pub mod help;
mod import;
pub mod incoming_report;
pub mod mobile_report;
pub mod pledge_report;
pub mod report;
pub mod sample;
pub mod sample_dues;
pub mod sample_evaluation;
pub mod sample_incoming;
pub mod sample_mobile;
pub mod sample_pledges;
mod undo;

pub use args::Args;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, anyhow};
use chrono::NaiveDate;
use clap::Subcommand;

use crate::domain::lang::Lang;
use crate::service::{OpenError, Service, open_error_text};

#[derive(Subcommand)]
pub enum Command {
    /// Write a realistic demo branch database (deterministic for the same arguments).
    Sample {
        /// Where to write it (must not exist yet).
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        /// The sample's date: records run up to it (default: today).
        #[arg(long, value_name = "YYYY-MM-DD")]
        as_of: Option<String>,
        /// How many members (default: the demo branch's 38).
        #[arg(long, value_name = "N")]
        members: Option<u32>,
    },
    /// Print a report: study, meetings, dues, pledges, members away, evaluation, overdue, roster and more.
    Report {
        /// The database (default: the user's database).
        #[arg(long, value_name = "FILE", global = true)]
        db: Option<PathBuf>,
        #[command(subcommand)]
        report: report::Report,
    },
    /// Check the file: SQLite's integrity and foreign keys, and every derived total against the
    /// attendance. Read-only unless --repair. Exits 1 when anything is (still) wrong.
    Check {
        /// The database to check (default: the user's database).
        #[arg(long, value_name = "FILE")]
        db: Option<PathBuf>,
        /// Rebuild the totals that differ, in one transaction.
        #[arg(long)]
        repair: bool,
    },
    /// Copy the database with SQLite's online backup: today's copy in the backups folder, or
    /// --out FILE; --list shows the copies kept.
    Backup {
        /// The database to copy (default: the user's database).
        #[arg(long, value_name = "FILE")]
        db: Option<PathBuf>,
        /// Where to write the copy (must not exist yet).
        #[arg(long, value_name = "FILE", conflicts_with = "list")]
        out: Option<PathBuf>,
        /// List the backups of the database, newest first, each checked.
        #[arg(long)]
        list: bool,
    },
    /// Write records to a spreadsheet (xlsx).
    Export {
        #[command(subcommand)]
        what: export::Export,
    },
    /// Import records from a spreadsheet.
    Import {
        #[command(subcommand)]
        what: import::Import,
    },
    /// Undo the last roster import (`undo import --yes`).
    Undo {
        #[command(subcommand)]
        what: undo::Undo,
    },
    /// Replace the database's content with a backup, keeping a copy of what it replaces.
    Restore {
        /// The backup to restore.
        file: PathBuf,
        /// The database to restore into (default: the user's database).
        #[arg(long, value_name = "FILE")]
        db: Option<PathBuf>,
    },
}

/// The user's local (not roaming) data folder: the default database and the crash log.
pub fn data_dir() -> anyhow::Result<PathBuf> {
    let dirs = directories::ProjectDirs::from("", "", "zhibu").ok_or_else(|| anyhow!("no home folder found"))?;
    Ok(dirs.data_local_dir().to_path_buf())
}

/// The default database: `zhibu.db` in the data folder.
pub fn default_db_path() -> anyhow::Result<PathBuf> {
    Ok(data_dir()?.join("zhibu.db"))
}

/// Creates the data folder if needed, readable by the user only (0700 on Unix, whatever the
/// umask): it holds personal data.
pub fn create_data_dir(lang: Lang) -> anyhow::Result<PathBuf> {
    let dir = data_dir()?;
    let mut b = std::fs::DirBuilder::new();
    b.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut b, 0o700);
    b.create(&dir).with_context(|| match lang {
        Lang::Zh => format!("无法创建文件夹 {}", dir.display()),
        Lang::En => format!("cannot create the folder {}", dir.display()),
    })?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let _ = std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o700));
    }
    Ok(dir)
}

/// Opens a database for the interactive program, with a one-line message on failure. A
/// read-only file (or folder) opens read-only: it can be viewed, and saves say why not.
pub fn open(path: &Path, today: NaiveDate, lang: Lang) -> anyhow::Result<Service> {
    match Service::open(path, today) {
        Err(OpenError::ReadOnly | OpenError::ReadOnlyFolder(_)) => open_read_only(path, today, lang),
        other => other.map_err(|e| anyhow!(open_error_text(&e, path, lang))),
    }
}

/// Opens an existing database for reading only (reports, backups, checks): nothing is
/// created, upgraded or changed, and a damaged file is refused as such.
pub fn open_read_only(path: &Path, today: NaiveDate, lang: Lang) -> anyhow::Result<Service> {
    Service::open_read_only(path, today).map_err(|e| anyhow!(open_error_text(&e, path, lang)))
}

fn db_or_default(db: Option<PathBuf>, lang: Lang) -> anyhow::Result<PathBuf> {
    match db {
        Some(p) => Ok(p),
        None => Ok(create_data_dir(lang)?.join("zhibu.db")),
    }
}

/// `zhibu [DB]`: the full-screen program. A generated sample (the demo) opens on a scratch copy
/// in the data folder, so that trying it changes no file the user did not make.
pub fn open_tui(db: Option<PathBuf>, today: NaiveDate, lang: Lang, ascii: Option<bool>) -> anyhow::Result<ExitCode> {
    if let Some(p) = &db {
        refuse_bare_new_name(p, lang)?;
    }
    let path = db_or_default(db, lang)?;
    let (path, scratch) = match crate::service::trial::sample_as_of(&path) {
        None => (path, None),
        Some(_) => {
            require_terminal(lang)?;
            let folder = create_data_dir(lang)?;
            let copy = crate::service::trial::scratch_copy(&path, &folder, sample::running)
                .map_err(|e| anyhow!(e.text(lang)))?;
            // `~` is the home folder's name on Unix only.
            let home = if cfg!(unix) { directories::BaseDirs::new().map(|d| d.home_dir().to_path_buf()) } else { None };
            (copy.clone(), Some(crate::tui::app::ScratchCopy { path: copy, home }))
        }
    };
    // A new or older file is created or upgraded only when the program can actually run in a
    // terminal; without one, an existing file is still checked (read-only) so that a bad file
    // is reported as such.
    if require_terminal(lang).is_err() && path.exists() {
        match Service::open_read_only(&path, today) {
            Ok(_) | Err(OpenError::Empty) => {}
            Err(e) => return Err(anyhow!(open_error_text(&e, &path, lang))),
        }
    }
    require_terminal(lang)?;
    let service = open(&path, today, lang)?;
    let crash_log = create_data_dir(lang).map(|d| d.join("zhibu-crash.log")).ok();
    match crate::tui::run(service, lang, ascii, scratch, crash_log)? {
        crate::tui::Ended::Quit => Ok(ExitCode::SUCCESS),
        // The damage check after the first frame failed: nothing was saved, say why.
        crate::tui::Ended::Damaged(e) => Err(anyhow!(open_error_text(&e, &path, lang))),
    }
}

/// A new database is made only under a name with an extension (`zhibu 支部.db`): a lone word
/// that names no file is far more often a mistyped command (`zhibu reprot`) than a new file, and
/// opening an empty database in its place looks as if every record were gone.
fn refuse_bare_new_name(path: &Path, lang: Lang) -> anyhow::Result<()> {
    if path.exists() || path.extension().is_some() {
        return Ok(());
    }
    let word = path.display().to_string();
    let command = path.to_str().and_then(help::nearest_command);
    Err(anyhow!(match (lang, command) {
        (Lang::Zh, Some(c)) => format!("没有文件 {word}；是不是命令 {c}？新建数据库请用带扩展名的文件名，如 {word}.db"),
        (Lang::Zh, None) =>
            format!("没有文件 {word}；新建数据库请用带扩展名的文件名，如 {word}.db（命令见 zhibu --help）"),
        (Lang::En, Some(c)) => {
            format!(
                "no file {word}; did you mean the command {c}? A new database needs a name with an extension, e.g. {word}.db"
            )
        }
        (Lang::En, None) => {
            format!(
                "no file {word}; a new database needs a name with an extension, e.g. {word}.db (commands: zhibu --help)"
            )
        }
    }))
}

/// With redirected input or output the terminal library would fall back to the session's
/// terminal and draw into the redirection.
fn require_terminal(lang: Lang) -> anyhow::Result<()> {
    use std::io::IsTerminal;
    if std::io::stdin().is_terminal() && std::io::stdout().is_terminal() {
        return Ok(());
    }
    Err(anyhow!(lang.pick(
        "全屏界面需要在终端中运行（标准输入和输出不能重定向）；报表请用 zhibu report",
        "the full-screen interface needs a terminal (input and output not redirected); for reports use zhibu report"
    )))
}

/// A database that must exist already (commands never create one).
fn existing_db(db: Option<PathBuf>, lang: Lang) -> anyhow::Result<PathBuf> {
    let path = match db {
        Some(p) => p,
        None => default_db_path()?,
    };
    if !path.exists() {
        return Err(anyhow!(match lang {
            Lang::Zh => format!("{} 不存在", path.display()),
            Lang::En => format!("{} does not exist", path.display()),
        }));
    }
    Ok(path)
}

fn refuse_existing(out: &Path, lang: Lang) -> anyhow::Result<()> {
    if out.exists() {
        return Err(anyhow!(match lang {
            Lang::Zh => format!("{} 已存在；为免覆盖，请换一个文件名", out.display()),
            Lang::En => format!("{} exists; choose another name so nothing is overwritten", out.display()),
        }));
    }
    Ok(())
}

/// Runs a command; `db` is the database named before it (`zhibu FILE report ...`), used when
/// the command has no `--db` of its own.
pub fn run(cmd: Command, db_arg: Option<PathBuf>, today: NaiveDate, lang: Lang) -> anyhow::Result<ExitCode> {
    match cmd {
        Command::Sample { out, as_of, members } => {
            let as_of =
                match as_of {
                    None => today,
                    Some(s) => crate::domain::dates::parse_iso(&s).ok_or_else(|| {
                        anyhow!(lang.pick(
                            "--as-of 须为 YYYY-MM-DD 格式的真实日期",
                            "--as-of must be a real date as YYYY-MM-DD"
                        ))
                    })?,
                };
            // The demo branch has members admitted since the 1960s and two years of meetings.
            if !(2000..=2199).contains(&chrono::Datelike::year(&as_of)) {
                return Err(anyhow!(
                    lang.pick("--as-of 须在 2000 年到 2199 年之间", "--as-of must be in the years 2000 to 2199")
                ));
            }
            let n = members.unwrap_or(sample::DEFAULT_MEMBERS);
            if !(sample::MIN_MEMBERS..=sample::MAX_MEMBERS).contains(&n) {
                return Err(anyhow!(match lang {
                    Lang::Zh => format!("--members 须在 {} 到 {} 之间", sample::MIN_MEMBERS, sample::MAX_MEMBERS),
                    Lang::En => format!("--members must be from {} to {}", sample::MIN_MEMBERS, sample::MAX_MEMBERS),
                }));
            }
            // An old sample may be replaced (that is how the demo is regenerated); any other file
            // is kept.
            let replaces_sample = crate::service::trial::sample_as_of(&out).is_some();
            if !replaces_sample {
                refuse_existing(&out, lang)?;
            }
            // Written beside the target and renamed at the end, so a failure leaves nothing behind.
            let name = out.file_name().and_then(|n| n.to_str()).unwrap_or("sample.db");
            let tmp = out.with_file_name(format!(".{name}.tmp-{}", std::process::id()));
            sample::remove_leftovers(&out, name);
            let written = (|| -> anyhow::Result<sample::Summary> {
                let mut service = open(&tmp, as_of, lang)?;
                service.disable_auto_backup();
                let summary = sample::generate(&mut service, as_of, n).map_err(|e| anyhow!(e.text(lang)))?;
                service.mark_sample_file(name).map_err(|e| anyhow!(e.text(lang)))?;
                drop(service);
                if replaces_sample {
                    crate::service::trial::remove_sample(&out)?;
                }
                std::fs::rename(&tmp, &out)?;
                Ok(summary)
            })();
            let summary = written.inspect_err(|_| {
                for suffix in ["", "-wal", "-shm"] {
                    let _ = std::fs::remove_file(format!("{}{suffix}", tmp.display()));
                }
            })?;
            println!(
                "{}",
                match lang {
                    Lang::Zh =>
                        format!("已写入示例支部 {}：{} 名党员，日期截至 {}", out.display(), summary.members, as_of),
                    Lang::En => format!(
                        "wrote the demo branch {}: {} members, records up to {}",
                        out.display(),
                        summary.members,
                        as_of
                    ),
                }
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::Report { db, report } => {
            let path = existing_db(db.or(db_arg), lang)?;
            // Checked for damage where it read, before anything is shown (see `check_reads`).
            let service =
                Service::open_for_report(&path, today).map_err(|e| anyhow!(open_error_text(&e, &path, lang)))?;
            let this_year = service.this_year();
            let damaged = |e| anyhow!(open_error_text(&e, &path, lang));
            let fail = |e: crate::service::ServiceError| match service.check_reads() {
                Err(d) => damaged(d),
                Ok(()) => anyhow!(e.text(lang)),
            };
            let mut footer_line: Option<String> = None;
            // A bad --out is refused before any work is done.
            report::check_out(report.out(), &path, lang)?;
            let (format, out, (grid, json), code) = match report {
                report::Report::Study(report::Yearly { year, format, out }) => {
                    let ov = service.study_year(year.unwrap_or(this_year)).map_err(fail)?;
                    if format == report::Format::Json {
                        service.check_reads().map_err(damaged)?;
                        report::write_json(out.as_deref(), lang, |w| report::study_json(&ov, w))?;
                        return Ok(ExitCode::SUCCESS);
                    }
                    (format, out, (report::study_grid(&ov, lang), serde_json::Value::Null), ExitCode::SUCCESS)
                }
                report::Report::Meetings(report::Yearly { year, format, out }) => {
                    let r = report::meetings(&service, year.unwrap_or(this_year), lang, format).map_err(fail)?;
                    (format, out, r, ExitCode::SUCCESS)
                }
                report::Report::Dues(report::Yearly { year, format, out }) => {
                    let y = service.dues_year(year.unwrap_or(this_year)).map_err(fail)?;
                    if format == report::Format::Json {
                        service.check_reads().map_err(damaged)?;
                        report::write_json(out.as_deref(), lang, |w| dues_report::dues_json(&y, w))?;
                        return Ok(ExitCode::SUCCESS);
                    }
                    (format, out, (dues_report::dues_grid(&y, lang), serde_json::Value::Null), ExitCode::SUCCESS)
                }
                report::Report::Pledges(report::Yearly { year, format, out }) => {
                    let r = pledge_report::pledges(&service, year.unwrap_or(this_year), lang, format).map_err(fail)?;
                    (format, out, r, ExitCode::SUCCESS)
                }
                report::Report::Service(report::Yearly { year, format, out }) => {
                    let r = pledge_report::service(&service, year.unwrap_or(this_year), lang, format).map_err(fail)?;
                    (format, out, r, ExitCode::SUCCESS)
                }
                report::Report::Mobile(report::Yearly { year, format, out }) => {
                    let r = mobile_report::mobile(&service, year.unwrap_or(this_year), lang, format).map_err(fail)?;
                    (format, out, r, ExitCode::SUCCESS)
                }
                report::Report::Incoming(report::Yearly { year, format, out }) => {
                    let r =
                        incoming_report::incoming(&service, year.unwrap_or(this_year), lang, format).map_err(fail)?;
                    (format, out, r, ExitCode::SUCCESS)
                }
                report::Report::Evaluation(report::Yearly { year, format, out }) => {
                    let r = evaluation_report::evaluation(&service, year.unwrap_or(this_year), lang, format)
                        .map_err(fail)?;
                    (format, out, r, ExitCode::SUCCESS)
                }
                report::Report::Talks(report::Yearly { year, format, out }) => {
                    let r =
                        evaluation_report::talks(&service, year.unwrap_or(this_year), lang, format).map_err(fail)?;
                    (format, out, r, ExitCode::SUCCESS)
                }
                report::Report::Overdue { format, out, fail_on } => {
                    let (grid, json, overdue) = report::overdue(&service, lang).map_err(fail)?;
                    let code = if fail_on.is_some() && overdue > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS };
                    (format, out, (grid, json), code)
                }
                report::Report::Members { all, format, out } => {
                    (format, out, report::members(&service, all, lang, format).map_err(fail)?, ExitCode::SUCCESS)
                }
                report::Report::Honours(report::Yearly { year, format, out }) => {
                    let year = year.unwrap_or(this_year);
                    if year < crate::domain::honours::FIRST_YEAR {
                        return Err(anyhow!(lang.pick(
                            "光荣在党50年纪念章自 2021 年起颁发，--year 须不早于 2021",
                            "the 50-years medal exists from 2021: --year must be 2021 or later"
                        )));
                    }
                    let (grid, json, footer) = report::honours(&service, year, lang).map_err(fail)?;
                    // The table ends with a line saying whether the list was reported.
                    if format == report::Format::Table {
                        footer_line = Some(footer);
                    }
                    (format, out, (grid, json), ExitCode::SUCCESS)
                }
            };
            service.check_reads().map_err(damaged)?;
            match out {
                Some(out) => {
                    let mut text = report::file_text(format, &grid, &json);
                    if let Some(f) = &footer_line {
                        text.push_str(&format!("{f}{}", if cfg!(windows) { "\r\n" } else { "\n" }));
                    }
                    report::write_file(&out, &text, lang)?
                }
                None => {
                    report::print(format, &grid, &json)?;
                    if let Some(f) = &footer_line {
                        // A reader that stopped early (`| head`) is not an error.
                        let _ = std::io::Write::write_all(&mut std::io::stdout(), format!("{f}\n").as_bytes());
                    }
                }
            }
            Ok(code)
        }
        Command::Check { db, repair } => {
            let path = existing_db(db.or(db_arg), lang)?;
            check(&path, repair, lang)
        }
        Command::Backup { db, list: true, .. } => {
            backups::list(&existing_db(db.or(db_arg), lang)?, lang);
            Ok(ExitCode::SUCCESS)
        }
        Command::Backup { db, out: None, .. } => {
            let path = existing_db(db.or(db_arg), lang)?;
            backups::today(&open(&path, today, lang)?, lang)
        }
        Command::Export { what } => export::run(what, db_arg, today, lang),
        Command::Import { what } => import::run(what, db_arg, today, lang),
        Command::Undo { what } => undo::run(what, db_arg, today, lang),
        Command::Restore { file, db } => {
            let db = match db.or(db_arg) {
                Some(p) => p,
                None => db_or_default(None, lang)?,
            };
            backups::restore(&file, &db, today, lang)
        }
        Command::Backup { db, out: Some(out), .. } => {
            let path = existing_db(db.or(db_arg), lang)?;
            refuse_existing(&out, lang)?;
            let folder = out.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
            if !folder.is_dir() {
                return Err(anyhow!(match lang {
                    Lang::Zh => format!("文件夹 {} 不存在", folder.display()),
                    Lang::En => format!("the folder {} does not exist", folder.display()),
                }));
            }
            let service = open_read_only(&path, today, lang)?;
            service.backup(&out).map_err(|e| anyhow!(e.text(lang)))?;
            println!(
                "{}",
                match lang {
                    Lang::Zh => format!("已备份到 {}", out.display()),
                    Lang::En => format!("backed up to {}", out.display()),
                }
            );
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// `zhibu check [--repair]`: one line per problem, then a summary; exit 1 when anything is
/// wrong (after `--repair`: when anything is still wrong).
fn check(path: &Path, repair: bool, lang: Lang) -> anyhow::Result<ExitCode> {
    let r = crate::service::check::check_file(path, repair).map_err(|e| anyhow!(open_error_text(&e, path, lang)))?;
    for i in 0..r.lines.len() {
        println!("{}", r.line(i, lang));
    }
    if let Some(v) = r.older_schema {
        println!(
            "{}",
            match lang {
                Lang::Zh => format!("文件为旧版结构（第 {v} 版）：用 zhibu 打开一次升级后再核对合计"),
                Lang::En => format!(
                    "the file has an older schema (version {v}): open it in zhibu once to upgrade, then check the totals"
                ),
            }
        );
    }
    let summary = match (r.is_clean(), r.repaired, lang) {
        // An older schema: the totals were not read, so nothing is said of them.
        (true, _, Lang::Zh) if r.older_schema.is_some() => "检查完毕：文件结构完好；合计未核对".to_string(),
        (true, _, Lang::En) if r.older_schema.is_some() => {
            "checked: the file is sound; the totals were not checked".to_string()
        }
        (true, _, Lang::Zh) => "检查完毕：文件完好，各项合计与出席记录一致".to_string(),
        (true, _, Lang::En) => "checked: the file is sound and every total agrees with the attendance".to_string(),
        (false, 0, Lang::Zh) => format!(
            "发现 {} 处问题{}",
            r.lines.len(),
            if repair { "" } else { "；合计不符可用 zhibu check --repair 修复" }
        ),
        (false, 0, Lang::En) => format!(
            "{} problem(s) found{}",
            r.lines.len(),
            if repair { "" } else { "; zhibu check --repair rebuilds totals that differ" }
        ),
        (false, n, Lang::Zh) => format!("发现 {} 处问题，已按出席记录重算修复 {n} 处", r.lines.len()),
        (false, n, Lang::En) => format!("{} problem(s) found; {n} repaired from the attendance", r.lines.len()),
    };
    println!("{summary}");
    let wrong = if repair { r.still_wrong() } else { !r.is_clean() };
    Ok(if wrong { ExitCode::from(1) } else { ExitCode::SUCCESS })
}
