//! Importing a roster from the 党员 tab: a path prompt, then the preview as a yes/no question.

use std::path::PathBuf;

use crate::domain::lang::Lang;
use crate::service::import::Preview;
use crate::tui::form::{Field, Form, FormKind};
use crate::tui::keymap::Msg;
use crate::tui::tab::{Action, Cx, SaveError};

/// The form's name in `FormKind::Tab`.
pub const KIND: &str = "import";
const FILE: &str = "file";
const SHEET: &str = "sheet";
/// Problems named in the question; the rest are counted.
const SHOWN: usize = 3;

pub fn form(lang: Lang) -> Form {
    let fields = vec![
        Field::text(FILE, lang.pick("文件", "File"), "").hint(lang.pick(
            "xlsx、xls、ods 或 CSV（UTF-8 或 GBK）的完整路径；可把文件拖进终端",
            "full path of an xlsx, xls, ods or CSV (UTF-8 or GBK) file; dropping the file into the terminal types it",
        )),
        Field::text(SHEET, lang.pick("工作表", "Sheet"), "")
            .hint(lang.pick("空则读第一个工作表", "empty for the first sheet")),
    ];
    Form::new(FormKind::Tab(KIND, None), lang.pick("从 Excel 导入党员名册", "Import a roster").into(), fields)
}

/// A path as a terminal types a dropped file: maybe quoted, maybe with escaped spaces.
fn typed_path(s: &str) -> PathBuf {
    let s = s.trim();
    let s = s.strip_prefix(['\'', '"']).and_then(|r| r.strip_suffix(['\'', '"'])).unwrap_or(s);
    PathBuf::from(s.replace("\\ ", " "))
}

/// Reads the file and asks whether to import; the preview waits in `pending` for the answer.
pub fn save(form: &mut Form, cx: &mut Cx, pending: &mut Option<Preview>) -> Result<Vec<Action>, SaveError> {
    let lang = cx.lang;
    let raw = form.text(FILE);
    if raw.trim().is_empty() {
        form.set_error(FILE, lang.pick("必填", "required").into());
        return Err(SaveError::Invalid);
    }
    let path = typed_path(&raw);
    if !path.is_file() {
        form.set_error(FILE, lang.pick("找不到这个文件", "no such file").into());
        return Err(SaveError::Invalid);
    }
    let sheet = form.text(SHEET);
    let sheet = Some(sheet.trim()).filter(|s| !s.is_empty());
    let preview = match cx.service.preview_import(&path, sheet) {
        Ok(p) => p,
        Err(e) => {
            form.set_error(
                if matches!(e, crate::service::import::ImportError::NoSuchSheet { .. }) { SHEET } else { FILE },
                e.text(lang),
            );
            return Err(SaveError::Invalid);
        }
    };
    let counts = match lang {
        Lang::Zh => format!(
            "新增 {} 人，更新 {} 人，无变化 {} 人，有问题跳过 {} 行。",
            preview.add.len(),
            preview.update.len(),
            preview.unchanged,
            preview.bad_rows
        ),
        Lang::En => format!(
            "{} to add, {} to update, {} unchanged, {} row(s) with problems skipped. ",
            preview.add.len(),
            preview.update.len(),
            preview.unchanged,
            preview.bad_rows
        ),
    };
    let counts = match (preview.left.len(), lang) {
        (0, _) => counts,
        (n, Lang::Zh) => format!("{counts}已离开支部的 {n} 人跳过。"),
        (n, Lang::En) => format!("{counts}{n} who left the branch skipped. "),
    };
    let mut problems: Vec<String> = preview.problems.iter().take(SHOWN).map(|p| p.text(lang)).collect();
    if preview.problems.len() > SHOWN {
        problems.push(match lang {
            Lang::Zh => format!("等共 {} 处（zhibu import members 文件 --dry-run 列出全部）", preview.problems.len()),
            Lang::En => format!("{} in all (zhibu import members FILE --dry-run lists them)", preview.problems.len()),
        });
    }
    let problems = if problems.is_empty() {
        String::new()
    } else {
        problems.join(lang.pick("；", "; ")) + lang.pick("。", ". ")
    };
    if preview.add.is_empty() && preview.update.is_empty() {
        return Ok(vec![Action::Info(format!("{counts}{problems}"))]);
    }
    let question = lang.pick("导入没有问题的行？(y/n)", "Import the rows without problems? (y/n)");
    *pending = Some(preview);
    Ok(vec![Action::Confirm { text: format!("{counts}{problems}{question}"), on_yes: Msg::ImportConfirmed }])
}

/// Writes the preview the user said yes to.
pub fn confirmed(cx: &mut Cx, pending: &mut Option<Preview>) -> Vec<Action> {
    let Some(p) = pending.take() else { return Vec::new() };
    match cx.service.import_members(&p) {
        Ok((added, updated)) => vec![
            Action::Reload,
            Action::Info(match cx.lang {
                Lang::Zh => format!("已导入：新增 {added} 人，更新 {updated} 人（导入前已备份）"),
                Lang::En => format!("imported: {added} added, {updated} updated (backed up first)"),
            }),
        ],
        Err(e) => vec![Action::Error(e)],
    }
}
