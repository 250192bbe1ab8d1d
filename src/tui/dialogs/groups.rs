//! The 党小组 dialog: the groups with their leaders and sizes; create, rename, set the leader,
//! delete an empty group.

use ratatui::Frame;
use ratatui::layout::Rect;

use crate::domain::lang::Lang;
use crate::domain::member::field;
use crate::service::members::GroupItem;
use crate::service::search::SearchKey;
use crate::tui::app::{App, Overlay, SaveResult};
use crate::tui::form::{Field, Form, FormKind, PickOpt};
use crate::tui::keymap::Msg;
use crate::tui::tab::SaveError;
use crate::tui::table::{Column, TableRow, TableView, col};
use crate::tui::text::{ClearPopup, display_safe};
use crate::tui::theme::Theme;

const COLUMNS: &[Column] =
    &[col(("党小组", "Group"), 16, 0), col(("组长", "Leader"), 12, 0), col(("人数", "Members"), 6, 0)];

pub struct GroupRow {
    item: GroupItem,
    cells: Vec<String>,
}

impl TableRow for GroupRow {
    fn id(&self) -> i64 {
        self.item.group.id
    }
    fn cell(&self, col: usize) -> std::borrow::Cow<'_, str> {
        std::borrow::Cow::Borrowed(&self.cells[col])
    }
    fn matches(&self, needle: &str) -> bool {
        self.item.group.name.contains(needle)
    }
}

pub struct GroupsDialog {
    pub table: TableView<GroupRow>,
}

impl GroupsDialog {
    pub fn render(&mut self, f: &mut Frame, area: Rect, theme: &Theme, lang: Lang) {
        let w = 50.min(area.width);
        let h = (self.table.len() as u16 + 4).clamp(8, area.height);
        let r = Rect { x: area.x + (area.width - w) / 2, y: area.y + (area.height - h) / 2, width: w, height: h };
        f.render_widget(ClearPopup, r);
        self.table.render(f, r, theme, lang, lang.pick("党小组", "Party groups"), true);
    }
}

impl App {
    fn groups_dialog(&mut self, select: Option<i64>) -> Option<GroupsDialog> {
        let items = match self.service.group_items() {
            Ok(i) => i,
            Err(e) => {
                self.error(&e);
                return None;
            }
        };
        let lang = self.lang;
        let rows = items
            .into_iter()
            .map(|item| {
                let cells = vec![
                    item.group.name.clone(),
                    item.leader
                        .as_deref()
                        .map(display_safe)
                        .unwrap_or_else(|| lang.pick("（未设）", "(none)").to_string()),
                    item.members.to_string(),
                ];
                GroupRow { item, cells }
            })
            .collect();
        let mut d = GroupsDialog { table: TableView::new(COLUMNS) };
        d.table.set_rows(rows);
        if let Some(id) = select {
            d.table.select_id(id);
        }
        Some(d)
    }

    pub(crate) fn open_groups(&mut self) {
        if let Some(d) = self.groups_dialog(None) {
            self.overlay = Overlay::Groups(Box::new(d));
        }
    }

    pub(crate) fn update_groups(&mut self, mut d: GroupsDialog, msg: Msg) {
        match msg {
            Msg::Down => d.table.move_by(1),
            Msg::Up => d.table.move_by(-1),
            Msg::Close => return,
            Msg::New => {
                let form = self.group_form(None);
                self.form_back = Some(Overlay::Groups(Box::new(d)));
                return self.overlay = Overlay::Form(Box::new(form));
            }
            Msg::Open => {
                if let Some(row) = d.table.selected() {
                    let g = row.item.clone();
                    let form = self.group_form(Some(&g));
                    self.form_back = Some(Overlay::Groups(Box::new(d)));
                    return self.overlay = Overlay::Form(Box::new(form));
                }
            }
            Msg::Delete => {
                if let Some(row) = d.table.selected() {
                    let text = match self.lang {
                        Lang::Zh => format!("删除党小组「{}」？(y/n)", row.item.group.name),
                        Lang::En => format!("Delete the group {}? (y/n)", row.item.group.name),
                    };
                    let id = row.item.group.id;
                    return self.confirm(text, Msg::DeleteGroup(id), Overlay::Groups(Box::new(d)));
                }
            }
            Msg::DeleteGroup(id) => match self.service.delete_group(id) {
                Ok(()) => {
                    self.info(self.lang.pick("已删除党小组", "group deleted"));
                    self.reload();
                    if let Some(nd) = self.groups_dialog(None) {
                        d = nd;
                    }
                }
                Err(e) => {
                    let text = match &e {
                        crate::service::ServiceError::Invalid(errs) => errs[0].problem.text(self.lang),
                        other => other.text(self.lang),
                    };
                    self.status = Some(crate::tui::app::Status {
                        text,
                        kind: crate::tui::app::StatusKind::Error,
                        shorter: Vec::new(),
                    });
                }
            },
            _ => {}
        }
        self.overlay = Overlay::Groups(Box::new(d));
    }

    pub(crate) fn group_form(&self, g: Option<&GroupItem>) -> Form {
        let lang = self.lang;
        let members = self.service.members().unwrap_or_default();
        let options: Vec<PickOpt> = members
            .iter()
            .filter(|m| !m.is_archived() && g.is_some_and(|g| m.draft.group_id == Some(g.group.id)))
            .map(|m| PickOpt {
                id: m.id,
                label: m.draft.name.to_string(),
                key: SearchKey::new(&m.draft.name, &m.number),
            })
            .collect();
        let no_members = options.is_empty();
        let fields = vec![
            Field::text(field::GROUP_NAME, lang.pick("名称", "Name"), g.map_or("", |g| &g.group.name)),
            Field::pick(field::GROUP_LEADER, lang.pick("组长", "Leader"), options, g.and_then(|g| g.group.leader_id))
                .hint(if no_members {
                    lang.pick("组内还没有党员：先在党员表单中分组", "no members yet: assign them in the member form")
                } else {
                    ""
                }),
        ];
        let title = match g {
            Some(g) => format!("{} {}", lang.pick("编辑党小组", "Edit group"), g.group.name),
            None => lang.pick("新建党小组", "New party group").to_string(),
        };
        Form::new(FormKind::Group(g.map(|g| g.group.id)), title, fields)
            .editing(g.map(|g| crate::service::Record::Group(g.group.id)))
    }

    pub(crate) fn save_group(&mut self, form: &mut Form, id: Option<i64>) -> SaveResult {
        let name = form.text(field::GROUP_NAME);
        let leader = form.picked(field::GROUP_LEADER);
        let id = match id {
            Some(id) => self.service.update_group(id, &name, leader, form.seen()).map(|_| id),
            None => self.service.create_group(&name, leader),
        }
        .map_err(SaveError::Service)?;
        self.reload();
        self.info(match self.lang {
            Lang::Zh => format!("已保存党小组：{name}"),
            Lang::En => format!("group saved: {name}"),
        });
        Ok(self.groups_dialog(Some(id)).map(|d| Overlay::Groups(Box::new(d))))
    }
}
