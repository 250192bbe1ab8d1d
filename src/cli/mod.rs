//! Non-interactive commands: reports, the sample database, backups. Each prints for people by
//! default, and exits non-zero with a one-line reason on bad input.

mod backups;
mod export;
mod import;
pub mod report;
pub mod sample;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, anyhow};
use chrono::NaiveDate;
use clap::Subcommand;

use crate::domain::lang::Lang;
use crate::service::{Service, open_error_text};

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
    /// Print a report: study time, meetings.
    Report {
        /// The database (default: the user's database).
        #[arg(long, value_name = "FILE", global = true)]
        db: Option<PathBuf>,
        #[command(subcommand)]
        report: report::Report,
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
    /// Replace the database's content with a backup, keeping a copy of what it replaces.
    Restore {
        /// The backup to restore.
        file: PathBuf,
        /// The database to restore into (default: the user's database).
        #[arg(long, value_name = "FILE")]
        db: Option<PathBuf>,
    },
}

/// The default database: `zhibu.db` in the user's local (not roaming) data folder.
pub fn default_db_path() -> anyhow::Result<PathBuf> {
    let dirs = directories::ProjectDirs::from("", "", "zhibu").ok_or_else(|| anyhow!("no home folder found"))?;
    Ok(dirs.data_local_dir().join("zhibu.db"))
}

/// Opens a database for a command or the TUI, with a one-line message on failure.
pub fn open(path: &Path, today: NaiveDate, lang: Lang) -> anyhow::Result<Service> {
    Service::open(path, today).map_err(|e| anyhow!(open_error_text(&e, path, lang)))
}

fn db_or_default(db: Option<PathBuf>, lang: Lang) -> anyhow::Result<PathBuf> {
    match db {
        Some(p) => Ok(p),
        None => {
            let p = default_db_path()?;
            if let Some(dir) = p.parent() {
                std::fs::create_dir_all(dir).with_context(|| match lang {
                    Lang::Zh => format!("无法创建文件夹 {}", dir.display()),
                    Lang::En => format!("cannot create the folder {}", dir.display()),
                })?;
            }
            Ok(p)
        }
    }
}

/// `zhibu [DB]`: the full-screen program.
pub fn open_tui(db: Option<PathBuf>, today: NaiveDate, lang: Lang, ascii: bool) -> anyhow::Result<ExitCode> {
    let path = db_or_default(db, lang)?;
    // A bad existing file is reported as such; a new file is created only when the program can
    // actually run in a terminal.
    let service = if path.exists() {
        let s = open(&path, today, lang)?;
        require_terminal(lang)?;
        s
    } else {
        require_terminal(lang)?;
        open(&path, today, lang)?
    };
    crate::tui::run(service, lang, ascii)?;
    Ok(ExitCode::SUCCESS)
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
            refuse_existing(&out, lang)?;
            // Written beside the target and renamed at the end, so a failure leaves nothing behind.
            let name = out.file_name().and_then(|n| n.to_str()).unwrap_or("sample.db");
            let tmp = out.with_file_name(format!(".{name}.tmp-{}", std::process::id()));
            let written = (|| -> anyhow::Result<sample::Summary> {
                let mut service = open(&tmp, as_of, lang)?;
                service.disable_auto_backup();
                let summary = sample::generate(&mut service, as_of, n).map_err(|e| anyhow!(e.text(lang)))?;
                drop(service);
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
            let service = open(&path, today, lang)?;
            let this_year = service.this_year();
            let fail = |e: crate::service::ServiceError| anyhow!(e.text(lang));
            let (format, (grid, json), code) = match report {
                report::Report::Study { year, format } => {
                    (format, report::study(&service, year.unwrap_or(this_year), lang).map_err(fail)?, ExitCode::SUCCESS)
                }
                report::Report::Meetings { year, format } => (
                    format,
                    report::meetings(&service, year.unwrap_or(this_year), lang).map_err(fail)?,
                    ExitCode::SUCCESS,
                ),
                report::Report::Overdue { format, fail_on } => {
                    let (grid, json, overdue) = report::overdue(&service, lang).map_err(fail)?;
                    let code = if fail_on.is_some() && overdue > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS };
                    (format, (grid, json), code)
                }
                report::Report::Members { all, format } => {
                    (format, report::members(&service, all, lang).map_err(fail)?, ExitCode::SUCCESS)
                }
                report::Report::Honours { year, format } => {
                    let year = year.unwrap_or(this_year);
                    if year < crate::domain::honours::FIRST_YEAR {
                        return Err(anyhow!(lang.pick(
                            "光荣在党50年纪念章自 2021 年起颁发，--year 须不早于 2021",
                            "the 50-years medal exists from 2021: --year must be 2021 or later"
                        )));
                    }
                    let (grid, json, footer) = report::honours(&service, year, lang).map_err(fail)?;
                    if format == report::Format::Table {
                        report::print(format, &grid, json);
                        println!("{footer}");
                        return Ok(ExitCode::SUCCESS);
                    }
                    (format, (grid, json), ExitCode::SUCCESS)
                }
            };
            report::print(format, &grid, json);
            Ok(code)
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
            let service = open(&path, today, lang)?;
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
