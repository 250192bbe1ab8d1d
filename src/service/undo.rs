//! Undo and history: what the last change of this window was, undoing it, and the changes of
//! one record, all in the user's words (see `record_kinds` for the names and formats).

use serde_json::Value;

use super::record_kinds::{self, Kind, Names, changed_fields};
use super::{Result, Service, ServiceError};
use crate::domain::lang::Lang;
use crate::store::changelog::Change;
use crate::store::undo::Refused;

/// The step `u` would undo, described for the confirmation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UndoPreview {
    pub batch: i64,
    /// What it undoes: "新增会议 2026-11-28 支部委员会", "修改党员 张三（电话）".
    pub text: String,
}

/// One record's changes, newest first.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct History {
    /// The record as named in a sentence ("党员 张三").
    pub title: String,
    pub entries: Vec<HistoryEntry>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HistoryEntry {
    /// `YYYY-MM-DD HH:MM`.
    pub at: String,
    /// 新增, 修改, 归档, ..., or 撤销 followed by what was undone.
    pub action: String,
    pub fields: Vec<FieldChange>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldChange {
    pub label: String,
    /// Empty for a new record.
    pub old: String,
    pub new: String,
}

fn verb(action: &str, lang: Lang) -> &'static str {
    match action {
        "insert" => lang.pick("新增", "add"),
        "update" => lang.pick("修改", "edit"),
        "delete" => lang.pick("删除", "delete"),
        "archive" => lang.pick("归档", "archive"),
        "restore" => lang.pick("恢复", "restore"),
        _ => lang.pick("修改", "edit"),
    }
}

/// The action an undo logs for one (see `changelog::append_reverse`), and back.
fn reverse(action: &str) -> &str {
    match action {
        "insert" => "delete",
        "delete" => "insert",
        "archive" => "restore",
        "restore" => "archive",
        other => other,
    }
}

fn json(s: &Option<String>) -> Option<Value> {
    let mut v: Value = serde_json::from_str(s.as_deref()?).ok()?;
    // Absences were first logged as `{"id", "draft": {...}}`: their fields come to the top, as
    // they are logged now and as every other record's are.
    if let Some(Value::Object(draft)) = v.as_object_mut().and_then(|o| o.remove("draft"))
        && let Some(o) = v.as_object_mut()
    {
        o.extend(draft);
    }
    Some(v)
}

fn kind_of(table: &str) -> Kind {
    match record_kinds::kind(table) {
        Some(k) => Kind { table: k.table, noun: k.noun, title: k.title, fields: k.fields },
        None => record_kinds::unknown(),
    }
}

impl Service {
    /// The names values refer to (members, archived too, and party groups).
    fn record_names(&self) -> Result<Names> {
        let groups = crate::store::members::list_groups(self.store.conn())?;
        Ok(Names {
            members: self.member_names()?,
            groups: groups.into_iter().map(|g| (g.id, g.name)).collect(),
            incoming_home: crate::store::incoming::all(self.store.conn())?
                .into_iter()
                .map(|i| (i.id, i.draft.home_branch))
                .collect(),
            unit: Some(crate::domain::study::CreditUnit::of(self.settings())),
        })
    }

    /// See [`Store::keep_every_undo_step`](crate::store::Store::keep_every_undo_step).
    #[doc(hidden)]
    pub fn keep_every_undo_step(&mut self) {
        self.store.keep_every_undo_step();
    }

    /// Runs `f` as one undo step, however many writes it makes.
    pub(crate) fn one_step<T>(&mut self, f: impl FnOnce(&mut Self) -> Result<T>) -> Result<T> {
        self.store.begin_step();
        let out = f(self);
        self.store.end_step();
        out
    }

    /// The id of this window's newest undo step, to join later writes to it (see
    /// [`Service::in_step`]).
    pub fn newest_step(&self) -> Option<i64> {
        self.store.newest_step()
    }

    /// Runs `f` as part of the undo step `step` when that is still this window's newest (an
    /// action finished with a second key: one `u` undoes both), else as its own step.
    pub fn in_step<T>(&mut self, step: i64, f: impl FnOnce(&mut Self) -> Result<T>) -> Result<T> {
        self.store.join_step(step);
        let out = f(self);
        self.store.end_step();
        out
    }

    /// The newest change of this window that can still be undone; `None` when there is none.
    pub fn undo_preview(&self, lang: Lang) -> Result<Option<UndoPreview>> {
        let Some(step) = self.store.undo_next()? else { return Ok(None) };
        let names = self.record_names()?;
        Ok(Some(UndoPreview { batch: step.batch, text: describe(&step.changes, &names, lang) }))
    }

    /// Undoes the step `preview` showed, as a new change; returns what was undone. Refuses
    /// ([`ServiceError::Refused`], with the reason) when a record of it was changed since by
    /// another window or program, or when others now refer to what it would remove.
    pub fn undo(&mut self, preview: &UndoPreview) -> Result<String> {
        let names = self.record_names()?;
        let done = self.store_mut().undo(preview.batch);
        self.undone(done, preview, &names)
    }

    /// Keeps this window's last step in the file too, so that another process can undo it
    /// (`zhibu import members`, then `zhibu undo import`).
    pub fn keep_last_step(&mut self) -> Result<()> {
        Ok(self.store.keep_newest_step()?)
    }

    /// The import kept in the file by `zhibu import members`, not yet undone.
    pub fn kept_import(&self, lang: Lang) -> Result<Option<UndoPreview>> {
        let Some(step) = self.store.kept_step()? else { return Ok(None) };
        let names = self.record_names()?;
        Ok(Some(UndoPreview { batch: step.batch, text: describe(&step.changes, &names, lang) }))
    }

    /// Undoes the import [`Service::kept_import`] showed, as [`Service::undo`] does.
    pub fn undo_kept_import(&mut self, preview: &UndoPreview) -> Result<String> {
        let names = self.record_names()?;
        let done = self.store_mut().undo_kept(preview.batch);
        self.undone(done, preview, &names)
    }

    fn undone(
        &mut self,
        done: std::result::Result<(), Refused>,
        preview: &UndoPreview,
        names: &Names,
    ) -> Result<String> {
        self.refresh();
        match done {
            Ok(()) => {
                // An undone settings change takes effect at once, as a saved one does.
                self.reload_settings()?;
                Ok(preview.text.clone())
            }
            Err(Refused::Store(e)) => Err(e.into()),
            Err(Refused::Nothing) => Err(refused(|l| l.pick("没有可撤销的修改", "nothing to undo").to_string())),
            Err(Refused::Referenced) => Err(refused(|l| {
                l.pick(
                    "不能撤销：另一个窗口已有记录用到了它（例如在会议中登记了此人）",
                    "cannot undo: another window has since made a record that refers to it (e.g. a meeting with this member)",
                )
                .to_string()
            })),
            Err(Refused::ChangedElsewhere(changes)) => Err(refused(|l| match changes.first() {
                Some(c) => {
                    let when = c.at.replace('T', " ");
                    let when = when.get(..16).unwrap_or(&when);
                    let what = describe(std::slice::from_ref(c), names, l);
                    match l {
                        Lang::Zh => format!("不能撤销：另一个窗口已于 {when} {what}"),
                        Lang::En => format!("cannot undo: another window made this change at {when}: {what}"),
                    }
                }
                None => l
                    .pick(
                        "不能撤销：相关记录已被另一个窗口修改",
                        "cannot undo: another window has changed the records since",
                    )
                    .to_string(),
            })),
        }
    }

    /// The changes of one record (by its change-log table and row id), newest first.
    pub fn record_history(&self, table: &str, row_id: i64, lang: Lang) -> Result<History> {
        let changes = crate::store::changelog::for_row(self.store.conn(), table, row_id)?;
        let names = self.record_names()?;
        let kind = kind_of(table);
        let latest = changes.iter().rev().find_map(|c| json(&c.after).or_else(|| json(&c.before)));
        let name = latest.map(|v| kind.title(&v, &names, lang)).unwrap_or_default();
        let title = format!("{} {name}", lang.t(kind.noun)).trim_end().to_string();
        let entries = changes
            .iter()
            .rev()
            .map(|c| {
                let (before, after) = (json(&c.before), json(&c.after));
                let mut keys = changed_fields(before.as_ref(), after.as_ref());
                keys.retain(|k| !kind.hidden(k));
                order_by_kind(&kind, &mut keys);
                let show = |v: Option<&Value>, k: &str| match v.and_then(|v| v.get(k)) {
                    Some(x) => kind.show(k, x, &names, lang),
                    None => String::new(),
                };
                let mut fields = Vec::new();
                for k in &keys {
                    let label = kind.label(k, lang);
                    // A changed attendance list, member by member.
                    if let (Some(a), Some(b)) =
                        (before.as_ref().and_then(|v| v.get(k)), after.as_ref().and_then(|v| v.get(k)))
                        && k == "attendance"
                    {
                        for (name, old, new) in record_kinds::attendance_changes(a, b, &names, lang) {
                            let blank = |s: String| {
                                if s.is_empty() {
                                    lang.pick("（不在名单）", "(not listed)").to_string()
                                } else {
                                    s
                                }
                            };
                            fields.push(FieldChange {
                                label: label.clone(),
                                old: format!("{name} {}", blank(old)),
                                new: blank(new),
                            });
                        }
                        continue;
                    }
                    fields.push(FieldChange { label, old: show(before.as_ref(), k), new: show(after.as_ref(), k) });
                }
                let at = c.at.replace('T', " ");
                // An undo's row holds the reverse action: name the change it undid.
                let action = match (c.undoes, lang) {
                    (Some(_), Lang::Zh) => format!("撤销{}", verb(reverse(&c.action), lang)),
                    (Some(_), Lang::En) => format!("undo {}", verb(reverse(&c.action), lang)),
                    (None, _) => verb(&c.action, lang).to_string(),
                };
                HistoryEntry { at: at.get(..16).unwrap_or(&at).to_string(), action, fields }
            })
            .collect();
        Ok(History { title, entries })
    }
}

/// Puts changed keys in the order of the kind's fields (the order its form shows them).
fn order_by_kind(kind: &Kind, keys: &mut [String]) {
    let pos = |k: &String| kind.fields.iter().position(|f| f.key == k).unwrap_or(usize::MAX);
    keys.sort_by_key(pos);
}

/// One sentence for the changes of one step: the record and what happened to it; a step of
/// many records of one type (an import) by counts.
fn describe(changes: &[Change], names: &Names, lang: Lang) -> String {
    // The record the step is about: the table with the most changes (on a tie the last written:
    // a save first adjusts others, e.g. a group's leader, then writes its record); a deleted
    // record before any other, since deleting one clears its links in others (an incoming
    // member's on the meetings it attended), however many.
    let mut tables: Vec<(&str, usize, usize)> = Vec::new();
    for c in changes {
        let deleted = usize::from(c.action == "delete");
        match tables.iter_mut().find(|(t, ..)| *t == c.table) {
            Some((_, n, d)) => (*n, *d) = (*n + 1, *d + deleted),
            None => tables.push((&c.table, 1, deleted)),
        }
    }
    let Some(&(main, count, _)) = tables.iter().max_by_key(|(_, n, d)| (*d, *n)) else {
        return lang.pick("上一次保存", "the last save").to_string();
    };
    let others = changes.len() - count;
    let text = describe_table(changes.iter().filter(|c| c.table == main), count, names, lang);
    match (others, lang) {
        (0, _) => text,
        (n, Lang::Zh) => format!("{text}，连同 {n} 条相关记录"),
        (n, Lang::En) => format!("{text}, with {n} related record(s)"),
    }
}

/// The changes of one table: the one change in words, or several by counts (an import).
fn describe_table<'a>(changes: impl Iterator<Item = &'a Change>, count: usize, names: &Names, lang: Lang) -> String {
    let changes: Vec<&Change> = changes.collect();
    if count == 1 {
        return one_change(changes[0], names, lang);
    }
    // Several writes of one record in one step (a pledge fulfilled, then evaluated): the record
    // from before the first to after the last.
    if let (Some(first), Some(last)) = (changes.first(), changes.last())
        && changes.iter().all(|c| c.row_id == first.row_id)
    {
        let action = match (first.action.as_str(), last.action.as_str()) {
            ("insert", _) => "insert",
            (_, "delete") => "delete",
            _ => "update",
        };
        let one = Change { action: action.to_string(), after: last.after.clone(), ..(*first).clone() };
        return one_change(&one, names, lang);
    }
    {
        let kind = kind_of(&changes[0].table);
        let mut groups: Vec<(&str, usize)> = Vec::new();
        for c in &changes {
            match groups.iter_mut().find(|(a, _)| *a == c.action) {
                Some((_, n)) => *n += 1,
                None => groups.push((&c.action, 1)),
            }
        }
        let parts: Vec<String> = groups
            .iter()
            .map(|(a, n)| match lang {
                Lang::Zh => format!("{}{} {n} 条", verb(a, lang), lang.t(kind.noun)),
                Lang::En => format!("{} {n} {}(s)", verb(a, lang), lang.t(kind.noun)),
            })
            .collect();
        parts.join(lang.pick("，", ", "))
    }
}

/// "修改党员 张三（电话）", "新增会议 2026-11-28 支部委员会".
fn one_change(c: &Change, names: &Names, lang: Lang) -> String {
    let kind = kind_of(&c.table);
    let (before, after) = (json(&c.before), json(&c.after));
    let title = after.as_ref().or(before.as_ref()).map(|v| kind.title(v, names, lang)).unwrap_or_default();
    let mut text = match lang {
        Lang::Zh => format!("{}{} {title}", verb(&c.action, lang), lang.t(kind.noun)),
        Lang::En => format!("{} {} {title}", verb(&c.action, lang), lang.t(kind.noun)),
    }
    .trim_end()
    .to_string();
    if c.action == "update" {
        let mut keys = changed_fields(before.as_ref(), after.as_ref());
        order_by_kind(&kind, &mut keys);
        let mut labels: Vec<String> = keys.iter().take(3).map(|k| kind.label(k, lang)).collect();
        if keys.len() > 3
            && let Some(last) = labels.last_mut()
        {
            last.push_str(lang.pick("等", " ..."));
        }
        if !labels.is_empty() {
            match lang {
                Lang::Zh => text.push_str(&format!("（{}）", labels.join("、"))),
                Lang::En => text.push_str(&format!(" ({})", labels.join(", "))),
            }
        }
    }
    text
}

/// A refusal in both languages (the error is shown in whichever the user reads).
fn refused(text: impl Fn(Lang) -> String) -> ServiceError {
    ServiceError::Refused(crate::domain::validation::Problem::Text { zh: text(Lang::Zh), en: text(Lang::En) })
}
