//! Writing the yearly 台账 (from the 党员 tab) or a meeting's 签到表 (from the 会议 tab) to an
//! xlsx file: a prompt for the file, filled with a name beside the database.

use std::path::{Path, PathBuf};

use crate::domain::dates;
use crate::domain::lang::Lang;
use crate::tui::form::{Field, Form, FormKind};
use crate::tui::tab::{Action, Cx, SaveError};

/// The form's name in `FormKind::Tab`: the 台账 (no id) or a meeting's 签到表 (its id).
pub const KIND: &str = "export";
const YEAR: &str = "export_year";
const FILE: &str = "export_file";

/// `name` in the database's folder (the current folder for an in-memory database).
fn beside_db(cx: &Cx, name: &str) -> String {
    let dir = cx.service.path().and_then(Path::parent).filter(|p| !p.as_os_str().is_empty());
    dir.map_or_else(|| PathBuf::from(name), |d| d.join(name)).display().to_string()
}

/// `stem.xlsx` beside the database, or where a file of that name is there already the first
/// free `stem-2.xlsx`, `stem-3.xlsx`, ...: the name proposed is one the save takes (two
/// meetings on one day each get a 签到表 of their own without a name typed). The save still
/// refuses a name taken meanwhile.
fn free_beside_db(cx: &Cx, stem: &str) -> String {
    let first = beside_db(cx, &format!("{stem}.xlsx"));
    if !Path::new(&first).exists() {
        return first;
    }
    (2..1000).map(|n| beside_db(cx, &format!("{stem}-{n}.xlsx"))).find(|p| !Path::new(p).exists()).unwrap_or(first)
}

/// The 台账 of `year`'s proposed file.
fn taizhang_file(cx: &Cx, year: i32) -> String {
    free_beside_db(cx, &format!("台账-{year}"))
}

/// The sheets this file's 台账 has (a record it never kept has none).
fn sheets_hint(cx: &Cx) -> String {
    let sheets = cx.service.taizhang_sheets().unwrap_or_default();
    match cx.lang {
        Lang::Zh => format!("{} 个工作表：{}", sheets.len(), sheets.join("、")),
        Lang::En => format!("{} sheets (in Chinese): {}", sheets.len(), sheets.join(", ")),
    }
}

pub fn taizhang(cx: &Cx, year: i32) -> Form {
    let lang = cx.lang;
    let fields = vec![
        Field::text(YEAR, lang.pick("年度", "Year"), &year.to_string()).hint(&sheets_hint(cx)),
        Field::text(FILE, lang.pick("文件", "File"), &taizhang_file(cx, year))
            .edit_in_place()
            .hint(lang.pick("不会覆盖已有的文件", "an existing file is never replaced")),
    ];
    Form::new(FormKind::Tab(KIND, None), lang.pick("导出年度台账（Excel）", "Export the year's records").into(), fields)
}

/// Another year typed: the file name the secretary has not changed follows it.
pub fn taizhang_changed(form: &mut Form, cx: &Cx) {
    if form.field(FILE).touched {
        return;
    }
    if let Ok(year) = dates::ascii_digits(&form.text(YEAR)).trim().parse::<i32>()
        && (1900..=2199).contains(&year)
    {
        form.set_text(FILE, &taizhang_file(cx, year));
    }
}

pub fn signin(cx: &Cx, meeting: i64, date: chrono::NaiveDate) -> Form {
    let lang = cx.lang;
    let fields = vec![
        Field::text(FILE, lang.pick("文件", "File"), &free_beside_db(cx, &format!("签到表-{}", dates::fmt(date))))
            .edit_in_place()
            .hint(lang.pick(
                "应到人员每人一行，留签名栏；A4 一页",
                "a row per expected member with a signature column; one A4 page",
            )),
    ];
    Form::new(
        FormKind::Tab(KIND, Some(meeting)),
        lang.pick("导出会议签到表（Excel）", "Export the sign-in sheet").into(),
        fields,
    )
}

pub fn save(form: &mut Form, meeting: Option<i64>, cx: &mut Cx) -> Result<Vec<Action>, SaveError> {
    let lang = cx.lang;
    let year = if meeting.is_none() { form.number(YEAR, (1900, 2199), lang).map(|y| y as i32) } else { None };
    let typed = PathBuf::from(form.text(FILE).trim());
    let named = crate::service::export::xlsx_path(&typed);
    let out = named.as_ref().map_or_else(|_| typed.clone(), PathBuf::clone);
    if out.as_os_str().is_empty() {
        form.set_error(FILE, lang.pick("必填", "required").into());
    } else if let Err(e) = &named {
        form.set_error(FILE, e.text(lang));
    } else if out.exists() {
        form.set_error(FILE, lang.pick("文件已存在；为免覆盖，请换一个文件名", "exists; choose another name").into());
    } else if !out.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new(".")).is_dir() {
        form.set_error(FILE, lang.pick("文件夹不存在", "the folder does not exist").into());
    }
    if form.has_errors() {
        return Err(SaveError::Invalid);
    }
    match (meeting, year) {
        (Some(id), _) => cx.service.export_signin(id, &out)?,
        (None, Some(y)) => cx.service.export_taizhang(y, &out)?,
        (None, None) => return Err(SaveError::Invalid),
    }
    Ok(vec![Action::Info(match lang {
        Lang::Zh => format!("已写入 {}", out.display()),
        Lang::En => format!("wrote {}", out.display()),
    })])
}
