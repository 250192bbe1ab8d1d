//! The 待办 tab: every finding, grouped by kind with counts, and the year at a glance: one row
//! per required meeting kind (per group for 党小组会), one column per month.

use crate::domain::ids::IdMap;
use std::borrow::Cow;

use chrono::{Datelike, NaiveDate};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::domain::dates;
use crate::domain::lang::Lang;
use crate::domain::meeting::{MeetingKind, MeetingStatus};
use crate::domain::rules::{Cell, Finding, GridRow, RuleId, Severity, Subject};
use crate::domain::upcoming::Upcoming;
use crate::service::findings::Overdue;
use crate::service::{Record, Service, ServiceError};
use crate::tui::form::Form;
use crate::tui::keymap::{Ctx, Msg};
use crate::tui::tab::{Action, Cx, SaveError, TabView, report, step_year, table_contexts};
use crate::tui::table::{Column, TableRow, TableView, col};
use crate::tui::text::{display_safe, fit, pad, width};
use crate::tui::theme::{Theme, Tone, severity_tone};

const COLUMNS: &[Column] = &[
    col(("状态", "State"), 8, 0),
    col(("到期日", "Due"), 10, 2),
    col(("类别", "Kind"), 14, 0),
    col(("对象", "Subject"), 10, 1),
    col(("说明", "What"), 20, 0),
];

/// What a row shows: a finding, or a planned meeting coming up (domain::upcoming).
pub enum Item {
    Finding(Finding),
    Planned(Upcoming),
}

pub struct FindingRow {
    id: i64,
    pub item: Item,
    cells: Vec<String>,
}

impl FindingRow {
    pub fn finding(&self) -> Option<&Finding> {
        match &self.item {
            Item::Finding(f) => Some(f),
            Item::Planned(_) => None,
        }
    }

    pub fn planned(&self) -> Option<&Upcoming> {
        match &self.item {
            Item::Planned(u) => Some(u),
            Item::Finding(_) => None,
        }
    }
}

impl TableRow for FindingRow {
    fn id(&self) -> i64 {
        self.id
    }
    fn cell(&self, col: usize) -> Cow<'_, str> {
        Cow::Borrowed(&self.cells[col])
    }
    fn matches(&self, needle: &str) -> bool {
        self.cells.iter().any(|c| c.contains(needle))
    }
    fn tone(&self) -> Tone {
        match &self.item {
            Item::Finding(f) => severity_tone(f.severity),
            Item::Planned(_) => Tone::Good,
        }
    }
    fn marker_col(&self) -> Option<usize> {
        Some(0)
    }
}

/// `下周: 第二党小组会 12-03` (`next week: 第二党小组 12-03`): when, the group (a group's meeting
/// as `第二党小组会`) or the kinds, and the day. English keeps to short kind names: the column is
/// narrow at 80 columns.
fn planned_text(u: &Upcoming, group: Option<&str>, lang: Lang) -> String {
    let m = &u.meeting;
    let what = match (group, lang) {
        (Some(g), Lang::Zh) if g.ends_with('组') => format!("{g}会"),
        (Some(g), Lang::Zh) => format!("{g}{}", MeetingKind::GroupMeeting.label(lang)),
        (Some(g), Lang::En) => g.to_string(),
        (None, Lang::Zh) => m.kinds.iter().map(|k| k.label(lang)).collect::<Vec<_>>().join("、"),
        (None, Lang::En) => crate::tui::tab::kinds_short(&m.kinds, lang),
    };
    let day = m.date.format("%m-%d");
    match u.when.label(lang) {
        Some(when) => format!("{when}: {what} {day}"),
        None => format!("{day}: {what}"),
    }
}

/// The grid's label column: room for 小组:第一党小组 and a space.
const GRID_LABEL_W: usize = 16;

pub struct DashboardTab {
    pub year: i32,
    pub table: TableView<FindingRow>,
    grid: Vec<GridRow>,
    group_names: IdMap<i64, String>,
    /// (rule, overdue, due soon) in display order.
    counts: Vec<(RuleId, usize, usize)>,
    /// Planned meetings listed as coming up.
    planned: usize,
    /// The records' first day (and whether it is inferred): nothing before it is checked.
    start: Option<(NaiveDate, bool)>,
}

impl DashboardTab {
    pub fn new(year: i32) -> DashboardTab {
        DashboardTab {
            year,
            table: TableView::new(COLUMNS)
                .with_empty(("（没有逾期或将到期的事项）", "(nothing is overdue or due soon)")),
            grid: Vec::new(),
            group_names: IdMap::default(),
            counts: Vec::new(),
            planned: 0,
            start: None,
        }
    }

    fn load_rows(&mut self, service: &Service, overdue: &Overdue, lang: Lang) -> Result<(), ServiceError> {
        let names = service.member_names()?;
        self.start = service.records_start()?;
        self.group_names = service.groups()?.into_iter().map(|g| (g.id, g.name)).collect();
        let list = crate::domain::rules::grouped(&overdue.findings);
        self.counts.clear();
        for f in &list {
            if self.counts.last().is_none_or(|(r, _, _)| *r != f.rule) {
                self.counts.push((f.rule, 0, 0));
            }
            if let Some(c) = self.counts.last_mut() {
                match f.severity {
                    Severity::Overdue => c.1 += 1,
                    Severity::DueSoon => c.2 += 1,
                }
            }
        }
        // What is coming up first (a handful within the warning days), then the findings.
        let upcoming = service.upcoming()?;
        self.planned = upcoming.len();
        let mut rows: Vec<FindingRow> = upcoming
            .into_iter()
            .map(|u| {
                let group = u.meeting.group_id.and_then(|g| self.group_names.get(&g)).map(String::as_str);
                let kind = match u.meeting.kinds.as_slice() {
                    [k] => k.label(lang).to_string(),
                    ks => crate::tui::tab::kinds_short(ks, lang),
                };
                let cells = vec![
                    MeetingStatus::Planned.label(lang).to_string(),
                    dates::fmt(u.meeting.date),
                    kind,
                    group.map_or_else(|| lang.pick("支部", "branch").to_string(), display_safe),
                    display_safe(&planned_text(&u, group, lang)),
                ];
                // Negative ids: apart from the findings' (their positions).
                FindingRow { id: -u.meeting.id, item: Item::Planned(u), cells }
            })
            .collect();
        rows.extend(list.into_iter().enumerate().map(|(i, f)| {
                let subject = match f.subject {
                    Subject::Branch => lang.pick("支部", "branch").to_string(),
                    Subject::Group(g) => self.group_names.get(&g).cloned().unwrap_or_default(),
                    Subject::Member(m) => display_safe(names.get(&m).map_or("", |s| s.as_str())),
                };
                let cells = vec![
                    f.severity.label(lang).to_string(),
                    dates::fmt(f.due),
                    f.rule.label(lang).to_string(),
                    subject,
                    display_safe(f.message(lang)),
                ];
                FindingRow { id: i as i64, item: Item::Finding(f), cells }
        }));
        self.table.set_rows(rows);
        self.load_grid(service)
    }

    /// The year grid alone (after `[` or `]`).
    pub fn load_grid(&mut self, service: &Service) -> Result<(), ServiceError> {
        self.grid = service.year_grid(self.year)?;
        Ok(())
    }

    /// A row's label in the year grid: the kind, and the group of a group's meetings.
    fn grid_label(&self, row: &GridRow, lang: Lang) -> String {
        display_safe(&match row.group {
            Some(g) => format!("{}:{}", row.kind.short(lang), self.group_names.get(&g).cloned().unwrap_or_default()),
            None => row.kind.label(lang).to_string(),
        })
    }

    /// The grid's label column: as wide as its longest label (English ones are longer).
    fn grid_label_w(&self, lang: Lang) -> usize {
        let longest = self.grid.iter().map(|r| width(&self.grid_label(r, lang))).max().unwrap_or(0);
        longest.max(GRID_LABEL_W)
    }

    fn draw(&mut self, f: &mut Frame, area: Rect, theme: &Theme, lang: Lang, today: NaiveDate) {
        let grid_h = (self.grid.len() as u16 + 3).min(area.height / 2 + 1);
        let wide = area.width >= 130;
        let summary = Rect { height: 1, ..area };
        let (list_area, grid_area) = if wide {
            let gw = self.grid_label_w(lang) as u16 + 12 * 4 + 2;
            let rest = Rect { y: area.y + 1, height: area.height - 1, ..area };
            (
                Rect { width: rest.width - gw, ..rest },
                Rect { x: rest.x + rest.width - gw, width: gw, height: grid_h, ..rest },
            )
        } else {
            let list_h = area.height - 1 - grid_h;
            (Rect { y: area.y + 1, height: list_h, ..area }, Rect { y: area.y + 1 + list_h, height: grid_h, ..area })
        };
        self.render_summary(f, summary, theme, lang);
        let mut title = lang.pick("待办与逾期", "To do and overdue").to_string();
        if let Some(start) = self.start {
            title = format!("{title}  {}", crate::tui::text::records_start_label(start, lang));
        }
        // The selected finding in full on the bottom border, with the rule's source; a planned
        // meeting with its topic. Too long for the border, it takes a row of the list as well,
        // and is cut with a mark only beyond that.
        let text = self.table.selected().map(|row| match &row.item {
            Item::Finding(found) => format!(
                "{}  {}{}",
                display_safe(found.message(lang)),
                lang.pick("依据：", "source: "),
                found.rule.source()
            ),
            Item::Planned(u) => format!(
                "{}  {}",
                display_safe(&u.meeting.topic),
                lang.pick("Enter 登记为已召开", "Enter logs it as held")
            ),
        });
        let w = list_area.width.saturating_sub(4) as usize;
        let two_rows = list_area.height > 6 && text.as_ref().is_some_and(|t| width(t) + 2 > w);
        let table_area = Rect { height: list_area.height - u16::from(two_rows), ..list_area };
        self.table.render(f, table_area, theme, lang, &title, true);
        if let Some(text) = text.filter(|_| list_area.height > 2) {
            let bottom = list_area.y + list_area.height - 1;
            if two_rows {
                // The table's bottom border becomes a row of the box; the text goes on over the
                // new bottom border.
                let first_line = crate::tui::text::wrap(&text, w + 1).into_iter().next().unwrap_or_default();
                let rest = text.strip_prefix(first_line.as_str()).unwrap_or_default().trim_start();
                let block = theme.block().borders(ratatui::widgets::Borders::LEFT | ratatui::widgets::Borders::RIGHT | ratatui::widgets::Borders::BOTTOM);
                let r = Rect { y: bottom - 1, height: 2, ..list_area };
                f.render_widget(ratatui::widgets::Clear, r);
                f.render_widget(block, r);
                let first = Rect { x: list_area.x + 2, y: bottom - 1, width: w as u16 + 1, height: 1 };
                f.render_widget(Paragraph::new(first_line.clone()).style(theme.muted()), first);
                let second = Rect { x: list_area.x + 2, y: bottom, width: w as u16, height: 1 };
                f.render_widget(Paragraph::new(fit(&format!(" {rest} "), w)).style(theme.muted()), second);
            } else {
                let r = Rect { x: list_area.x + 2, y: bottom, width: w as u16, height: 1 };
                f.render_widget(Paragraph::new(fit(&format!(" {text} "), w)).style(theme.muted()), r);
            }
        }
        self.render_grid(f, grid_area, theme, lang, today);
    }

    fn render_summary(&self, f: &mut Frame, area: Rect, theme: &Theme, lang: Lang) {
        let over: usize = self.counts.iter().map(|c| c.1).sum();
        let soon: usize = self.counts.iter().map(|c| c.2).sum();
        let mut spans = vec![
            Span::styled(format!(" {} {over} ", Severity::Overdue.label(lang)), theme.marker(Tone::Overdue)),
            Span::raw(" "),
            Span::styled(format!(" {} {soon} ", Severity::DueSoon.label(lang)), theme.marker(Tone::DueSoon)),
            Span::raw(" "),
        ];
        if self.planned > 0 {
            let label = MeetingStatus::Planned.label(lang);
            spans.push(Span::styled(format!(" {label} {} ", self.planned), theme.marker(Tone::Good)));
            spans.push(Span::raw(" "));
        }
        spans.push(Span::raw(" "));
        let kinds: Vec<String> = self
            .counts
            .iter()
            .map(|(rule, o, s)| {
                let mut t = rule.label(lang).to_string();
                let (o, s) = (*o, *s);
                match lang {
                    Lang::Zh => {
                        t.push(' ');
                        if o > 0 {
                            t.push_str(&format!("逾{o}"));
                        }
                        if s > 0 {
                            t.push_str(&format!("将{s}"));
                        }
                    }
                    Lang::En => {
                        let parts: Vec<String> = [(o, "overdue"), (s, "soon")]
                            .iter()
                            .filter(|(n, _)| *n > 0)
                            .map(|(n, w)| format!("{n} {w}"))
                            .collect();
                        t.push_str(&format!(": {}", parts.join(", ")));
                    }
                }
                t
            })
            .collect();
        // The kinds that do not fit are counted at the end, not silently dropped (the table
        // below lists them all).
        let width = crate::tui::text::width;
        let mut room = (area.width as usize).saturating_sub(spans.iter().map(|sp| width(&sp.content)).sum());
        for (i, t) in kinds.iter().enumerate() {
            let left = kinds.len() - i - 1;
            let more = |n: usize| match lang {
                Lang::Zh => format!("另{n}类"),
                Lang::En => format!("+{n} more"),
            };
            let need = width(t) + 2 + if left > 0 { width(&more(left)) } else { 0 };
            if need > room {
                spans.push(Span::styled(more(left + 1), theme.muted()));
                break;
            }
            room -= width(t) + 2;
            spans.push(Span::raw(format!("{t}  ")));
        }
        f.render_widget(Paragraph::new(Line::from(spans)), area);
    }

    fn render_grid(&self, f: &mut Frame, area: Rect, theme: &Theme, lang: Lang, today: NaiveDate) {
        let title = match lang {
            Lang::Zh => format!(" {}年会议一览 数字=已开 -=本期已开 缺=未开 待=将到期 .=进行中 [ ]换年 ", self.year),
            Lang::En => format!(" {} at a glance: n held, - covered, X missed, ! due, . open; [ ] year ", self.year),
        };
        let block = theme
            .block()
            .title(Line::from(Span::styled(fit(&title, area.width.saturating_sub(2) as usize), theme.title())));
        let inner = block.inner(area);
        f.render_widget(block, area);
        let label_w = self.grid_label_w(lang).min((inner.width as usize).saturating_sub(12 * 4));
        let mut header = vec![Span::raw(pad("", label_w))];
        for m in 1..=12u32 {
            let text = pad(&format!("{m:>2}{}", lang.pick("月", "")), 4);
            let current = self.year == today.year() && m == today.month();
            header.push(Span::styled(text, if current { theme.tab_active() } else { theme.header() }));
        }
        let mut lines = vec![Line::from(header)];
        for row in &self.grid {
            let mut spans = vec![Span::raw(pad(&self.grid_label(row, lang), label_w))];
            for c in &row.cells {
                let (text, style) = match c {
                    Cell::Held(n) => (format!("{n:>2}"), theme.tone(Tone::Good)),
                    Cell::Covered => (" -".to_string(), theme.muted()),
                    Cell::Missed => (lang.pick("缺", " X").to_string(), theme.marker(Tone::Overdue)),
                    Cell::DueSoon => (lang.pick("待", " !").to_string(), theme.marker(Tone::DueSoon)),
                    Cell::Open => (" .".to_string(), theme.muted()),
                    Cell::Future | Cell::NotRequired => (String::new(), theme.base()),
                };
                spans.push(Span::styled(text.clone(), style));
                spans.push(Span::raw(" ".repeat(4 - crate::tui::text::width(&text))));
            }
            lines.push(Line::from(spans));
        }
        if self.grid.is_empty() {
            lines.push(Line::from(Span::styled(
                lang.pick("（没有要求的会议：先录入党员）", "(nothing required yet: add members first)"),
                theme.muted(),
            )));
        }
        f.render_widget(Paragraph::new(lines), inner);
    }
}

impl TabView for DashboardTab {
    fn create(year: i32) -> Self {
        DashboardTab::new(year)
    }

    fn title(&self, lang: Lang) -> &'static str {
        lang.pick("待办", "To do")
    }

    /// Every finding is listed here.
    fn owns(&self, _finding: &Finding) -> bool {
        true
    }

    fn load(&mut self, cx: &Cx) -> Result<(), ServiceError> {
        self.load_rows(cx.service, cx.overdue, cx.lang)
    }

    /// The findings are kept (they are recomputed on every reload anyway).
    fn unload(&mut self) -> bool {
        false
    }

    fn contexts(&self) -> Vec<Ctx> {
        table_contexts(self.table.filtering, &[Ctx::Dashboard, Ctx::Yearly, Ctx::Table, Ctx::Global])
    }

    fn update(&mut self, msg: Msg, cx: &mut Cx) -> Vec<Action> {
        if self.table.handle(&msg) {
            return Vec::new();
        }
        match msg {
            Msg::PrevYear | Msg::NextYear => {
                self.year = step_year(self.year, &msg);
                report(self.load_grid(cx.service))
            }
            // Goes to the place to act on the finding: the tab that owns it; a planned meeting
            // opens to be logged.
            Msg::Open => match self.table.selected().map(|row| &row.item) {
                Some(Item::Finding(f)) => vec![Action::ActOn(f.clone())],
                Some(Item::Planned(u)) => vec![Action::Open(Record::Meeting(u.meeting.id))],
                None => Vec::new(),
            },
            _ => Vec::new(),
        }
    }

    fn render(&mut self, f: &mut Frame, area: Rect, theme: &Theme, cx: &Cx) {
        self.draw(f, area, theme, cx.lang, cx.today());
    }

    /// The 待办 tab opens no form of its own.
    fn save_form(&mut self, _form: &mut Form, _cx: &mut Cx) -> Result<Vec<Action>, SaveError> {
        Ok(Vec::new())
    }
}
