//! The 流动 tab's second view: incoming mobile members (外来流动党员; 中办发〔2006〕21号 流动党员
//! 意见 二（二）1、2、4), with their home branch, certificate, group, arrival and the meetings
//! they attended this year. Nothing here turns red: the documents give no period.

use std::borrow::Cow;

use chrono::Datelike;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use crate::domain::dates;
use crate::domain::incoming::{IncomingDraft, field};
use crate::domain::lang::Lang;
use crate::service::incoming::IncomingRow;
use crate::service::search::SearchKey;
use crate::service::{Record, ServiceError};
use crate::tui::form::{Field, Form, FormKind, Opt};
use crate::tui::keymap::Msg;
use crate::tui::detail::DetailPane;
use crate::tui::tab::{Action, Cx, GroupOrder, SaveError, report};
use crate::tui::table::{Column, SortKey, TableRow, TableView, col};
use crate::tui::text::display_safe;
use crate::tui::theme::{Theme, Tone};

pub const INCOMING_FORM: &str = "incoming";

const COLUMNS: &[Column] = &[
    col(("姓名", "Name"), 8, 0),
    col(("流出地党组织", "Home branch"), 16, 0),
    col(("活动证号", "Cert. no."), 10, 2),
    col(("党小组", "Group"), 8, 3),
    col(("到达", "Since"), 10, 0),
    col(("本年参加", "Attended"), 8, 0),
];

pub struct Item {
    id: i64,
    pub row: IncomingRow,
    key: SearchKey,
    cells: Vec<String>,
    /// The group's place in the branch's order, for sorting (see [`GroupOrder`]).
    group_place: i64,
    tone: Tone,
}

impl TableRow for Item {
    fn id(&self) -> i64 {
        self.id
    }
    fn cell(&self, col: usize) -> Cow<'_, str> {
        Cow::Borrowed(&self.cells[col])
    }
    fn sort_key(&self, col: usize) -> SortKey<'_> {
        match col {
            3 => SortKey::Num(self.group_place),
            _ => SortKey::Text(self.cell(col)),
        }
    }
    fn matches(&self, needle: &str) -> bool {
        self.key.matches(needle) || self.cells.iter().any(|c| c.contains(needle))
    }
    fn tone(&self) -> Tone {
        self.tone
    }
}

pub struct IncomingView {
    pub table: TableView<Item>,
    /// Also those who left.
    pub show_all: bool,
    /// The selected member below the list.
    pub pane: DetailPane,
}

impl IncomingView {
    pub fn new() -> IncomingView {
        IncomingView {
            table: TableView::new(COLUMNS).with_empty((
                "没有在本支部参加组织生活的流入党员；按 n 登记",
                "no incoming member takes part here; n records one",
            )),
            show_all: false,
            pane: DetailPane::default(),
        }
    }

    pub fn load(&mut self, cx: &Cx) -> Result<(), ServiceError> {
        let (lang, today) = (cx.lang, cx.today());
        let groups = GroupOrder::of(cx.service);
        let rows = cx
            .service
            .incoming_rows(self.show_all, today.year())?
            .into_iter()
            .map(|r| {
                let d = &r.incoming.draft;
                let gone = d.left_on.is_some_and(|l| l <= today);
                let cells = vec![
                    display_safe(&d.name),
                    display_safe(&d.home_branch),
                    display_safe(&d.cert_no),
                    if r.group.is_empty() { lang.pick("全支部", "branch").to_string() } else { display_safe(&r.group) },
                    dates::fmt(d.arrived_on),
                    r.attended.len().to_string(),
                ];
                Item {
                    id: r.incoming.id,
                    key: SearchKey::new(&d.name, &d.cert_no),
                    cells,
                    group_place: groups.place(Some(&r.group)),
                    tone: if gone { Tone::Muted } else { Tone::Normal },
                    row: r,
                }
            })
            .collect();
        self.table.set_rows(rows);
        Ok(())
    }

    pub fn unload(&mut self) {
        self.table.unload();
    }

    pub fn selected_id(&self) -> Option<i64> {
        self.table.selected().map(|i| i.id)
    }

    fn title(&self, cx: &Cx) -> String {
        let today = cx.today();
        let here = self.table.rows().iter().filter(|i| i.row.incoming.draft.here_on(today)).count();
        match (cx.lang, self.show_all) {
            (Lang::Zh, false) => format!("流入党员：{here} 人在本支部参加组织生活"),
            (Lang::Zh, true) => format!("流入党员（含已离开）：{here} 人在本支部"),
            (Lang::En, false) => format!("Incoming members: {here} take part here"),
            (Lang::En, true) => format!("Incoming members (with those gone): {here} here"),
        }
    }

    pub fn update(&mut self, msg: Msg, cx: &mut Cx) -> Vec<Action> {
        let lang = cx.lang;
        match msg {
            Msg::New => vec![Action::Form(Box::new(incoming_form(cx, None)))],
            Msg::Open => match self.table.selected() {
                Some(item) => match cx.service.incoming(item.id) {
                    Ok((i, _)) => vec![Action::Form(Box::new(incoming_form(cx, Some((i.id, &i.draft)))))],
                    Err(e) => vec![Action::Error(e)],
                },
                None => Vec::new(),
            },
            Msg::Delete => match self.table.selected() {
                Some(item) => {
                    let name = &item.row.incoming.draft.name;
                    let text = match lang {
                        Lang::Zh => format!("删除流入党员 {name}？会议记录中仍保留其姓名。(y/n)"),
                        Lang::En => format!("Delete incoming member {name}? Meetings keep the name. (y/n)"),
                    };
                    vec![Action::Confirm { text, on_yes: Msg::DeleteIncoming(item.id) }]
                }
                None => Vec::new(),
            },
            Msg::DeleteIncoming(id) => match cx.service.delete_incoming(id) {
                Ok(()) => vec![Action::Reload, Action::Info(lang.pick("已删除", "deleted").into())],
                Err(e) => vec![Action::Error(e)],
            },
            Msg::ToggleArchived => {
                self.show_all = !self.show_all;
                let mut a = report(self.load(cx));
                a.push(Action::Info(if self.show_all {
                    lang.pick("显示全部流入党员（含已离开）", "all incoming members, those gone too").into()
                } else {
                    lang.pick("只显示在本支部的流入党员", "only incoming members still here").into()
                }));
                a
            }
            _ => Vec::new(),
        }
    }

    fn detail_lines(&self, cx: &Cx, theme: &Theme) -> Vec<Line<'static>> {
        let lang = cx.lang;
        let Some(item) = self.table.selected() else { return Vec::new() };
        let r = &item.row;
        let d = &r.incoming.draft;
        let k = |s: &str| Span::styled(s.to_string(), theme.muted());
        let v = |s: String| Span::raw(s);
        let mut first = vec![
            Span::styled(display_safe(&d.name), theme.title()),
            k(lang.pick("  流出地 ", "  from ")),
            v(display_safe(&d.home_branch)),
        ];
        if !d.phone.trim().is_empty() {
            first.push(k(lang.pick("  电话 ", "  phone ")));
            first.push(v(display_safe(&d.phone)));
        }
        let mut lines = vec![Line::from(first)];
        let mut second = vec![k(lang.pick("到达 ", "arrived ")), v(dates::fmt(d.arrived_on))];
        if let Some(l) = d.left_on {
            second.push(k(lang.pick("  离开 ", "  left ")));
            second.push(v(dates::fmt(l)));
        }
        second.push(k(lang.pick("  活动证 ", "  certificate ")));
        second.push(v(if d.has_cert() { display_safe(&d.cert_no) } else { lang.pick("未登记", "none").to_string() }));
        if let Some(c) = d.checked_on {
            second.push(k(lang.pick("  查验 ", "  checked ")));
            second.push(v(dates::fmt(c)));
        }
        lines.push(Line::from(second));
        let days: Vec<String> = r.attended.iter().map(|d| dates::fmt(*d)[5..].to_string()).collect();
        let year = cx.today().year();
        lines.push(Line::from(vec![
            k(&match lang {
                Lang::Zh => format!("{year}年参加组织生活 {} 次 ", days.len()),
                Lang::En => format!("{year}: attended {} ", days.len()),
            }),
            v(days.join(" ")),
        ]));
        if !d.note.trim().is_empty() {
            lines.push(Line::from(vec![k(lang.pick("备注 ", "note ")), v(display_safe(&d.note))]));
        }
        lines
    }

    pub fn render(&mut self, f: &mut Frame, area: Rect, theme: &Theme, cx: &Cx) {
        let lang = cx.lang;
        let (table_area, detail_area) = DetailPane::split(area);
        let title = self.title(cx);
        self.table.render(f, table_area, theme, lang, &title, true);
        let lines = self.detail_lines(cx, theme);
        let id = self.table.selected_id();
        self.pane.render(f, detail_area, theme, lang, id, lines);
    }
}

/// The form of one incoming member (new when `i` is None).
pub fn incoming_form(cx: &Cx, i: Option<(i64, &IncomingDraft)>) -> Form {
    let lang = cx.lang;
    let fresh = IncomingDraft::new(cx.today());
    let d = i.map_or(&fresh, |(_, d)| d);
    let mut groups = vec![Opt::new("", lang.pick("全支部（不编入党小组）", "the whole branch (no group)"))];
    groups.extend(cx.service.groups().unwrap_or_default().into_iter().map(|g| Opt::new(g.id.to_string(), g.name)));
    let group = d.group_id.map(|g| g.to_string()).unwrap_or_default();
    let fields = vec![
        Field::text(field::NAME, lang.pick("姓名", "Name"), &d.name),
        Field::text(field::HOME, lang.pick("流出地党组织", "Home branch"), &d.home_branch)
            .hint(lang.pick("组织关系所在的党支部", "the branch that keeps the membership")),
        Field::text(field::CERT_NO, lang.pick("活动证号", "Certificate no."), &d.cert_no)
            .hint(lang.pick("《流动党员活动证》编号，没有可不填", "empty if none")),
        Field::date(field::CHECKED, lang.pick("查验日期", "Checked on"), d.checked_on, lang)
            .hint(lang.pick("查验活动证、确认身份的日期", "the certificate checked")),
        Field::choice(field::GROUP, lang.pick("编入党小组", "Group"), groups, &group),
        Field::text(field::PHONE, lang.pick("电话", "Phone"), &d.phone),
        Field::date(field::ARRIVED, lang.pick("到达日期", "Arrived on"), Some(d.arrived_on), lang),
        Field::date(field::LEFT, lang.pick("离开日期", "Left on"), d.left_on, lang)
            .hint(lang.pick("仍在本支部参加组织生活的不填", "empty while still here")),
        Field::text(field::NOTE, lang.pick("备注", "Note"), &d.note),
    ];
    let title = if i.is_some() { lang.pick("流入党员", "Incoming member") } else { lang.pick("登记流入党员", "New incoming member") };
    Form::new(FormKind::Tab(INCOMING_FORM, i.map(|(id, _)| id)), title.to_string(), fields)
        .editing(i.map(|(id, _)| Record::Incoming(id)))
}

pub fn save_incoming(form: &mut Form, id: Option<i64>, cx: &mut Cx) -> Result<Vec<Action>, SaveError> {
    let (today, lang) = (cx.today(), cx.lang);
    let arrived = form.date(field::ARRIVED, true, today, lang);
    let checked_on = form.date(field::CHECKED, false, today, lang);
    let left_on = form.date(field::LEFT, false, today, lang);
    let Some(arrived_on) = arrived else { return Err(SaveError::Invalid) };
    if form.has_errors() {
        return Err(SaveError::Invalid);
    }
    let d = IncomingDraft {
        name: form.text(field::NAME),
        home_branch: form.text(field::HOME),
        cert_no: form.text(field::CERT_NO),
        checked_on,
        group_id: form.choice(field::GROUP).parse().ok(),
        phone: form.text(field::PHONE),
        arrived_on,
        left_on,
        note: form.text(field::NOTE),
    };
    cx.service.save_incoming(id.map(|id| (id, form.seen())), &d)?;
    Ok(vec![Action::Reload, Action::Info(lang.pick("已保存流入党员", "incoming member saved").into())])
}
