//! `zhibu import members FILE`: a preview of what the roster would change, then the good rows.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::anyhow;
use chrono::NaiveDate;
use clap::Subcommand;

use crate::domain::lang::Lang;
use crate::service::import::Preview;

#[derive(Subcommand)]
pub enum Import {
    /// A roster (党员名册): xlsx, xls, ods, or CSV in UTF-8 or GBK.
    Members {
        /// The spreadsheet.
        file: PathBuf,
        /// The sheet to read (default: the first).
        #[arg(long, value_name = "NAME")]
        sheet: Option<String>,
        /// Show what would change and write nothing.
        #[arg(long)]
        dry_run: bool,
        /// When some rows have problems, import the others (without it, nothing is imported).
        #[arg(long)]
        skip_bad: bool,
        /// The database (default: the user's database).
        #[arg(long, value_name = "FILE")]
        db: Option<PathBuf>,
    },
}

pub fn run(cmd: Import, db_arg: Option<PathBuf>, today: NaiveDate, lang: Lang) -> anyhow::Result<ExitCode> {
    let Import::Members { file, sheet, dry_run, skip_bad, db } = cmd;
    if !file.is_file() {
        return Err(anyhow!(match lang {
            Lang::Zh => format!("{} 不存在", file.display()),
            Lang::En => format!("{} does not exist", file.display()),
        }));
    }
    let path = super::existing_db(db.or(db_arg), lang)?;
    let mut service = super::open(&path, today, lang)?;
    let preview = service.preview_import(&file, sheet.as_deref()).map_err(|e| anyhow!(e.text(lang)))?;
    print!("{}", summary(&preview, lang));
    if dry_run {
        println!("{}", lang.pick("试运行：未写入任何内容", "dry run: nothing written"));
        return Ok(ExitCode::SUCCESS);
    }
    if preview.bad_rows > 0 && !skip_bad {
        return Err(anyhow!(match lang {
            Lang::Zh => format!(
                "有 {} 行有问题，未导入任何内容；改正后重试，或加 --skip-bad 只导入没有问题的行",
                preview.bad_rows
            ),
            Lang::En => format!(
                "{} row(s) have problems; nothing imported. Fix them and retry, or add --skip-bad to import the other rows",
                preview.bad_rows
            ),
        }));
    }
    if preview.add.is_empty() && preview.update.is_empty() {
        println!("{}", lang.pick("没有需要导入的内容，未写入", "nothing to import; nothing written"));
        return Ok(ExitCode::SUCCESS);
    }
    let (added, updated) = service.import_members(&preview).map_err(|e| anyhow!(e.text(lang)))?;
    // So that `zhibu undo import` can undo it as one step.
    service.keep_last_step().map_err(|e| anyhow!(e.text(lang)))?;
    println!(
        "{}",
        match lang {
            Lang::Zh => format!("已导入：新增 {added} 人，更新 {updated} 人（导入前已备份）"),
            Lang::En => format!("imported: {added} added, {updated} updated (backed up first)"),
        }
    );
    Ok(ExitCode::SUCCESS)
}

/// The preview as lines: where the header is, ignored columns, the counts, every problem.
pub fn summary(p: &Preview, lang: Lang) -> String {
    let mut out = String::new();
    let sheet = if p.sheet.is_empty() { String::new() } else { format!("{} ", p.sheet) };
    out += &match lang {
        Lang::Zh => format!("{sheet}表头在第 {} 行\n", p.header_row),
        Lang::En => format!("{sheet}header in row {}\n", p.header_row),
    };
    if !p.unmatched.is_empty() {
        out += &match lang {
            Lang::Zh => format!("未识别的列（忽略）：{}\n", p.unmatched.join("、")),
            Lang::En => format!("columns not recognised (ignored): {}\n", p.unmatched.join(", ")),
        };
    }
    out += &match lang {
        Lang::Zh => format!(
            "新增 {} 人，更新 {} 人，无变化 {} 人，有问题跳过 {} 行\n",
            p.add.len(),
            p.update.len(),
            p.unchanged,
            p.bad_rows
        ),
        Lang::En => format!(
            "{} to add, {} to update, {} unchanged, {} row(s) with problems skipped\n",
            p.add.len(),
            p.update.len(),
            p.unchanged,
            p.bad_rows
        ),
    };
    if !p.left.is_empty() {
        let rows: Vec<String> = p
            .left
            .iter()
            .map(|(r, n)| lang.pick("第 {r} 行 {n}", "row {r} {n}").replace("{r}", &r.to_string()).replace("{n}", n))
            .collect();
        out += &match lang {
            Lang::Zh => format!("已离开支部的 {} 人跳过（不作为在册党员导入）：{}\n", p.left.len(), rows.join("、")),
            Lang::En => format!(
                "{} member(s) who left the branch skipped (not imported as current members): {}\n",
                p.left.len(),
                rows.join(", ")
            ),
        };
    }
    for problem in &p.problems {
        out += &problem.text(lang);
        out.push('\n');
    }
    out
}
