//! `zhibu backup` (today's copy, `--list`) and `zhibu restore`.

use std::path::Path;
use std::process::ExitCode;

use anyhow::anyhow;
use chrono::NaiveDate;

use super::report::Grid;
use crate::domain::lang::Lang;
use crate::service::Service;
use crate::service::backup::{self, Kind, Taken};

/// Prints the copies of `db`, newest first, each with the outcome of its integrity check.
pub fn list(db: &Path, lang: Lang) {
    let files = backup::list(db);
    if files.is_empty() {
        let dir = db.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new(".")).join(backup::FOLDER);
        println!(
            "{}",
            match lang {
                Lang::Zh => format!("还没有备份（备份文件夹：{}）", dir.display()),
                Lang::En => format!("no backups yet (backups folder: {})", dir.display()),
            }
        );
        return;
    }
    let header = match lang {
        Lang::Zh => ["日期", "类型", "大小", "检查", "文件"],
        Lang::En => ["date", "kind", "size", "check", "file"],
    };
    let rows = files
        .iter()
        .map(|f| {
            let kind = match f.kind {
                Kind::Daily => lang.pick("每日", "daily"),
                Kind::Replaced => lang.pick("恢复前", "replaced"),
                Kind::Import => lang.pick("导入前", "before import"),
            };
            let check = match backup::check(&f.path) {
                Ok(()) => lang.pick("完好", "ok").to_string(),
                Err(backup::RestoreError::Damaged) => lang.pick("已损坏", "damaged").to_string(),
                Err(backup::RestoreError::Newer { .. }) => lang.pick("版本更新", "newer").to_string(),
                Err(_) => lang.pick("无法读取", "unreadable").to_string(),
            };
            vec![f.date.to_string(), kind.to_string(), size(f.size), check, f.path.display().to_string()]
        })
        .collect();
    print!("{}", Grid { header: header.map(str::to_string).into(), rows }.table("\n"));
}

fn size(bytes: u64) -> String {
    if bytes >= 1 << 20 {
        format!("{:.1} MB", bytes as f64 / (1 << 20) as f64)
    } else {
        format!("{} KB", bytes.div_ceil(1024))
    }
}

/// Takes today's copy unless it exists.
pub fn today(service: &Service, lang: Lang) -> anyhow::Result<ExitCode> {
    let taken = service.backup_today().map_err(|e| anyhow!(e.text(lang)))?;
    let line = match (taken, lang) {
        (Taken::New(p), Lang::Zh) => format!("已备份到 {}", p.display()),
        (Taken::New(p), Lang::En) => format!("backed up to {}", p.display()),
        // Today's copy keeps the file as it was before the day's first save; a copy of what it
        // holds now is another file.
        (Taken::Existing(p), Lang::Zh) => format!(
            "今天的备份已有：{}（今天第一次保存前的内容）；要备份现在的内容，请用 zhibu backup --out 文件名",
            p.display()
        ),
        (Taken::Existing(p), Lang::En) => format!(
            "today's backup exists: {} (as before today's first save); for a copy of the file as it is now, use zhibu backup --out FILE",
            p.display()
        ),
    };
    println!("{line}");
    Ok(ExitCode::SUCCESS)
}

pub fn restore(file: &Path, db: &Path, today: NaiveDate, lang: Lang) -> anyhow::Result<ExitCode> {
    if !file.is_file() {
        return Err(anyhow!(match lang {
            Lang::Zh => format!("{} 不存在", file.display()),
            Lang::En => format!("{} does not exist", file.display()),
        }));
    }
    let kept = backup::restore(file, db, today).map_err(|e| anyhow!(e.text(file, lang)))?;
    let line = match (kept, lang) {
        (Some(k), Lang::Zh) => {
            format!("已用 {} 恢复 {}；被替换的内容另存为 {}", file.display(), db.display(), k.display())
        }
        (Some(k), Lang::En) => {
            format!("restored {} from {}; what it replaced is kept as {}", db.display(), file.display(), k.display())
        }
        (None, Lang::Zh) => format!("已用 {} 恢复 {}", file.display(), db.display()),
        (None, Lang::En) => format!("restored {} from {}", db.display(), file.display()),
    };
    println!("{line}");
    Ok(ExitCode::SUCCESS)
}
