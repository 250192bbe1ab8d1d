//! `zhibu export taizhang --year Y --out FILE.xlsx` and `zhibu export signin --meeting ID --out
//! FILE.xlsx`.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::anyhow;
use chrono::NaiveDate;
use clap::Subcommand;

use crate::domain::lang::Lang;

#[derive(Subcommand)]
pub enum Export {
    /// The year's 台账, printable on A4: 党员名册, 会议记录, 学习情况, and 党员承诺, 联系服务群众,
    /// 民主评议, 谈心谈话, 党费收缴 when the file keeps them.
    Taizhang {
        /// The year (default: this year).
        #[arg(long, value_name = "YYYY")]
        year: Option<i32>,
        /// The workbook to write (must not exist yet).
        #[arg(long, value_name = "FILE.xlsx")]
        out: PathBuf,
        /// The database (default: the user's database).
        #[arg(long, value_name = "FILE")]
        db: Option<PathBuf>,
    },
    /// A meeting's sign-in sheet (签到表): one row per expected member, a signature column.
    Signin {
        /// The meeting's id (`id` in `zhibu report meetings --format json`).
        #[arg(long, value_name = "ID")]
        meeting: i64,
        /// The workbook to write (must not exist yet).
        #[arg(long, value_name = "FILE.xlsx")]
        out: PathBuf,
        /// The database (default: the user's database).
        #[arg(long, value_name = "FILE")]
        db: Option<PathBuf>,
    },
}

pub fn run(cmd: Export, db_arg: Option<PathBuf>, today: NaiveDate, lang: Lang) -> anyhow::Result<ExitCode> {
    let (db, out) = match &cmd {
        Export::Taizhang { db, out, .. } | Export::Signin { db, out, .. } => (db.clone(), out.clone()),
    };
    let out = crate::service::export::xlsx_path(&out).map_err(|e| anyhow!(e.text(lang)))?;
    super::refuse_existing(&out, lang)?;
    let path = super::existing_db(db.or(db_arg), lang)?;
    let service = super::open(&path, today, lang)?;
    match cmd {
        Export::Taizhang { year, .. } => {
            let year = year.unwrap_or(service.this_year());
            if !(1900..=2199).contains(&year) {
                return Err(anyhow!(lang.pick("--year 须在 1900 到 2199 之间", "--year must be from 1900 to 2199")));
            }
            service.export_taizhang(year, &out).map_err(|e| anyhow!(e.text(lang)))?;
            let sheets = service.taizhang_sheets().map_err(|e| anyhow!(e.text(lang)))?;
            println!(
                "{}",
                match lang {
                    Lang::Zh => format!("已写入 {year} 年台账（{}）：{}", sheets.join("、"), out.display()),
                    Lang::En => format!("wrote the {year} records ({}): {}", sheets.join(", "), out.display()),
                }
            );
        }
        Export::Signin { meeting, .. } => {
            service.export_signin(meeting, &out).map_err(|e| {
                if service.meeting(meeting).is_err() {
                    anyhow!(match lang {
                        Lang::Zh => format!("没有编号为 {meeting} 的会议"),
                        Lang::En => format!("no meeting with id {meeting}"),
                    })
                } else {
                    anyhow!(e.text(lang))
                }
            })?;
            println!(
                "{}",
                match lang {
                    Lang::Zh => format!("已写入签到表：{}", out.display()),
                    Lang::En => format!("wrote the sign-in sheet: {}", out.display()),
                }
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}
