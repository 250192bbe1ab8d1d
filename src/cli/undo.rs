//! `zhibu undo import`: undoes the last roster import made with `zhibu import members`, as one
//! step, as `u` does in the window that made a change.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::anyhow;
use chrono::NaiveDate;
use clap::Subcommand;

use crate::domain::lang::Lang;

#[derive(Subcommand)]
pub enum Undo {
    /// The last roster import made with `zhibu import members`, all of it.
    Import {
        /// Undo it (without this, only say what would be undone).
        #[arg(long)]
        yes: bool,
        /// The database (default: the user's database).
        #[arg(long, value_name = "FILE")]
        db: Option<PathBuf>,
    },
}

pub fn run(cmd: Undo, db_arg: Option<PathBuf>, today: NaiveDate, lang: Lang) -> anyhow::Result<ExitCode> {
    let Undo::Import { yes, db } = cmd;
    let path = super::existing_db(db.or(db_arg), lang)?;
    let mut service = super::open(&path, today, lang)?;
    let Some(preview) = service.kept_import(lang).map_err(|e| anyhow!(e.text(lang)))? else {
        return Err(anyhow!(lang.pick("没有可撤销的导入", "no import to undo")));
    };
    if !yes {
        println!(
            "{}",
            match lang {
                Lang::Zh => format!("将撤销：{}。确认撤销请加 --yes", preview.text),
                Lang::En => format!("would undo: {}. Add --yes to undo it", preview.text),
            }
        );
        return Ok(ExitCode::SUCCESS);
    }
    let text = service.undo_kept_import(&preview).map_err(|e| anyhow!(e.text(lang)))?;
    println!(
        "{}",
        match lang {
            Lang::Zh => format!("已撤销：{text}"),
            Lang::En => format!("undone: {text}"),
        }
    );
    Ok(ExitCode::SUCCESS)
}
