//! `zhibu check [--repair]`: the file's integrity and its derived totals, as lines for people.

use std::path::Path;

use crate::domain::lang::Lang;
use crate::store::OpenError;
use crate::store::check::{self, Problem};

/// What the check found, ready to print.
#[derive(Clone, Debug, Default)]
pub struct CheckReport {
    /// One line per problem: (Chinese, English).
    pub lines: Vec<(String, String)>,
    /// Totals rebuilt by `--repair`.
    pub repaired: usize,
    /// The file's schema version, when older than the program's (totals not compared).
    pub older_schema: Option<i64>,
}

impl CheckReport {
    pub fn is_clean(&self) -> bool {
        self.lines.is_empty()
    }

    /// Whether anything is still wrong after the check (and its repair, if asked).
    pub fn still_wrong(&self) -> bool {
        self.lines.len() > self.repaired
    }

    pub fn line(&self, i: usize, lang: Lang) -> &str {
        let (zh, en) = &self.lines[i];
        lang.pick(zh, en)
    }
}

fn field_label(field: &str) -> (&'static str, &'static str) {
    match field {
        "credit_min" => ("学习时间（分钟）", "study credit (minutes)"),
        "made_up_min" => ("其中补学（分钟）", "of which make-up (minutes)"),
        "absences" => ("缺席次数", "absences"),
        "home_deliveries" => ("送学上门次数", "home deliveries"),
        _ => ("最后一次组织生活", "last organisational life"),
    }
}

fn describe(p: &Problem) -> (String, String) {
    match p {
        Problem::Integrity(line) => (format!("文件损坏：{line}"), format!("damaged: {line}")),
        Problem::ForeignKey { table, rowid, parent } => {
            let row = rowid.map_or(String::new(), |r| format!(" {r}"));
            (
                format!("{table}{row} 引用的 {parent} 记录不存在"),
                format!("{table}{row} refers to a missing {parent} row"),
            )
        }
        Problem::Total { member, year, field, stored, computed, .. } => {
            let (fz, fe) = field_label(field);
            (
                format!("{member} {year}年 {fz}：记录为 {stored}，按出席记录应为 {computed}"),
                format!("{member} {year}, {fe}: stored {stored}, from the attendance {computed}"),
            )
        }
    }
}

/// Checks the file at `path`: read-only unless `repair`, which rebuilds differing totals in one
/// transaction (a damaged file is never rewritten).
pub fn check_file(path: &Path, repair: bool) -> Result<CheckReport, OpenError> {
    let r = check::check_file(path, repair)?;
    Ok(CheckReport {
        lines: r.problems.iter().map(describe).collect(),
        repaired: r.repaired,
        older_schema: r.older_schema,
    })
}
