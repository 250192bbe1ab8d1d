//! One generic table for every tab: movement, paging, `/` filter, sort by column, selection kept
//! across reloads. Rows are view models: most keep their strings formatted when loaded, a large
//! grid keeps compact values and formats a cell when asked; only the visible window is turned
//! into ratatui rows each frame.

use std::borrow::Cow;
use std::cmp::Ordering;

use ratatui::Frame;
use ratatui::layout::{Constraint, Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, Table, TableState};
use tui_input::Input;

use super::form::edit_line;
use super::keymap::Msg;
use super::text::{fit, width};
use super::theme::{Theme, Tone};
use crate::domain::lang::{Lang, Tr};

/// A column: its title, its width in cells, and whether it may be dropped on a narrow screen
/// (higher `drop` = dropped first; 0 = always shown).
pub struct Column {
    pub title: Tr,
    pub width: u16,
    pub drop: u8,
}

pub const fn col(title: Tr, width: u16, drop: u8) -> Column {
    Column { title, width, drop }
}

/// How a column sorts.
pub enum SortKey<'a> {
    Text(Cow<'a, str>),
    Num(i64),
}

/// A row of a table.
pub trait TableRow {
    fn id(&self) -> i64;
    /// A cell's text: borrowed from the row, or made when asked (the rows of a large grid keep
    /// numbers, not strings).
    fn cell(&self, col: usize) -> Cow<'_, str>;
    fn sort_key(&self, col: usize) -> SortKey<'_> {
        SortKey::Text(self.cell(col))
    }
    fn matches(&self, needle: &str) -> bool;
    /// The row's colour.
    fn tone(&self) -> Tone {
        Tone::Normal
    }
    /// A column drawn as a marker (逾期 / 将到期) with a background.
    fn marker_col(&self) -> Option<usize> {
        None
    }
    /// A record the title counts; a totals row is not one.
    fn counted(&self) -> bool {
        true
    }
    /// A row kept at the end whatever the sort (a totals row).
    fn stays_last(&self) -> bool {
        false
    }
}

/// `selected` moved by `delta` within a list of `len` rows (0 when empty).
fn step(selected: usize, len: usize, delta: isize) -> usize {
    if len == 0 {
        return 0;
    }
    (selected as isize + delta).clamp(0, len as isize - 1) as usize
}

/// Where a movement key takes the selection of a list of `len` rows that shows `page` rows:
/// the moves of every table (a row, a page, the first and the last row), for a list a view
/// draws itself (collection day). `None` for a message that does not move.
pub fn moved(selected: usize, len: usize, page: usize, msg: &Msg) -> Option<usize> {
    let page = page.max(1) as isize;
    Some(match msg {
        Msg::Down => step(selected, len, 1),
        Msg::Up => step(selected, len, -1),
        Msg::PageDown => step(selected, len, page),
        Msg::PageUp => step(selected, len, -page),
        Msg::First => 0,
        Msg::Last => len.saturating_sub(1),
        _ => return None,
    })
}

pub struct TableView<R> {
    columns: &'static [Column],
    rows: Vec<R>,
    /// Indices into `rows`: filtered and sorted.
    view: Vec<usize>,
    /// Index into `view`.
    selected: usize,
    offset: usize,
    /// Rows visible in the last frame, for paging.
    page: usize,
    pub filter: Input,
    pub filtering: bool,
    sort: Option<(usize, bool)>,
    state: TableState,
    /// The widest cell of each column over all rows (its title included), in cells: room
    /// left over goes to the columns whose text is cut, so wide screens show whole names.
    widest: Vec<u16>,
    /// What an empty table says.
    empty: Tr,
    /// The counted rows (see [`TableRow::counted`]) in `rows` and in `view`, for the title.
    counted: (usize, usize),
    /// The selection to restore when rows come back after `unload`.
    kept: Option<i64>,
    /// The columns shown in the last frame (all of them before the first): `o` sorts only by
    /// a column the screen shows.
    shown: Vec<usize>,
}

impl<R: TableRow> TableView<R> {
    pub fn new(columns: &'static [Column]) -> Self {
        TableView {
            columns,
            rows: Vec::new(),
            view: Vec::new(),
            selected: 0,
            offset: 0,
            page: 10,
            filter: Input::default(),
            filtering: false,
            sort: None,
            state: TableState::default(),
            widest: Vec::new(),
            empty: ("（没有记录）", "(no records)"),
            counted: (0, 0),
            kept: None,
            shown: Vec::new(),
        }
    }

    /// What the table says when it has no rows.
    pub fn with_empty(mut self, text: Tr) -> Self {
        self.empty = text;
        self
    }

    /// Drops the rows (a tab not shown), remembering the selection for `set_rows`.
    pub fn unload(&mut self) {
        self.kept = self.selected_id().or(self.kept);
        self.rows = Vec::new();
        self.view = Vec::new();
        self.counted = (0, 0);
    }

    /// Replaces the rows, keeping the selection on the same id where it still exists.
    pub fn set_rows(&mut self, mut rows: Vec<R>) {
        // Rows collected through a filter grow by doubling: give back the room not used.
        rows.shrink_to_fit();
        let keep = self.selected_id().or(self.kept.take());
        self.widest = (0..self.columns.len())
            .map(|c| rows.iter().map(|r| width(&r.cell(c))).max().unwrap_or(0).min(u16::MAX as usize) as u16)
            .collect();
        self.rows = rows;
        self.rebuild();
        if let Some(id) = keep {
            self.select_id(id);
        }
    }

    pub fn rows(&self) -> &[R] {
        &self.rows
    }

    /// Rows in display order (filtered and sorted).
    pub fn visible_rows(&self) -> impl Iterator<Item = &R> {
        self.view.iter().map(|&i| &self.rows[i])
    }

    pub fn len(&self) -> usize {
        self.view.len()
    }

    pub fn is_empty(&self) -> bool {
        self.view.is_empty()
    }

    fn rebuild(&mut self) {
        let needle = self.filter.value().trim().to_string();
        self.view = (0..self.rows.len()).filter(|&i| self.rows[i].matches(&needle)).collect();
        let rows = &self.rows;
        self.counted =
            (rows.iter().filter(|r| r.counted()).count(), self.view.iter().filter(|&&i| rows[i].counted()).count());
        if let Some((col, asc)) = self.sort {
            let rows = &self.rows;
            self.view.sort_by(|&a, &b| {
                let o = match (rows[a].sort_key(col), rows[b].sort_key(col)) {
                    (SortKey::Num(x), SortKey::Num(y)) => x.cmp(&y),
                    (SortKey::Text(x), SortKey::Text(y)) => x.cmp(&y),
                    (SortKey::Num(_), SortKey::Text(_)) => Ordering::Less,
                    (SortKey::Text(_), SortKey::Num(_)) => Ordering::Greater,
                };
                // A row that stays last does so in either direction.
                rows[a].stays_last().cmp(&rows[b].stays_last()).then(if asc { o } else { o.reverse() })
            });
        }
        self.selected = self.selected.min(self.view.len().saturating_sub(1));
    }

    pub fn selected(&self) -> Option<&R> {
        self.view.get(self.selected).map(|&i| &self.rows[i])
    }

    /// The selected row, to change in place (a grade key) without reloading every row.
    pub fn selected_mut(&mut self) -> Option<&mut R> {
        let i = *self.view.get(self.selected)?;
        self.rows.get_mut(i)
    }

    pub fn selected_id(&self) -> Option<i64> {
        self.selected().map(|r| r.id())
    }

    pub fn select_id(&mut self, id: i64) -> bool {
        match self.view.iter().position(|&i| self.rows[i].id() == id) {
            Some(p) => {
                self.selected = p;
                true
            }
            None => false,
        }
    }

    pub fn move_by(&mut self, delta: isize) {
        self.selected = step(self.selected, self.view.len(), delta);
    }

    pub fn page_down(&mut self) {
        self.go(&Msg::PageDown);
    }

    pub fn page_up(&mut self) {
        self.go(&Msg::PageUp);
    }

    pub fn first(&mut self) {
        self.go(&Msg::First);
    }

    pub fn last(&mut self) {
        self.go(&Msg::Last);
    }

    fn go(&mut self, msg: &Msg) {
        if let Some(to) = moved(self.selected, self.view.len(), self.page, msg) {
            self.selected = to;
        }
    }

    pub fn start_filter(&mut self) {
        self.filtering = true;
    }

    /// Applies a changed filter text.
    pub fn filter_changed(&mut self) {
        let keep = self.selected_id();
        self.rebuild();
        self.selected = 0;
        if let Some(id) = keep {
            self.select_id(id);
        }
    }

    /// Keeps the filter and returns to the table.
    pub fn accept_filter(&mut self) {
        self.filtering = false;
    }

    pub fn clear_filter(&mut self) {
        self.filtering = false;
        self.filter = Input::default();
        self.filter_changed();
    }

    /// The columns the screen shows, left to right: those of the last frame, or all of them
    /// before the first.
    fn shown_columns(&self) -> Vec<usize> {
        if self.shown.is_empty() { (0..self.columns.len()).collect() } else { self.shown.clone() }
    }

    /// Sorts by the next column the screen shows (the first press sorts by the first shown
    /// column); a column dropped at this width is passed over, so the mark `^` always shows on
    /// a title. A sort kept on a column a narrower screen dropped moves on to the next column
    /// shown after it.
    pub fn sort_next(&mut self) {
        let shown = self.shown_columns();
        let Some(&first) = shown.first() else { return };
        let next = match self.sort {
            Some((c, _)) => shown.iter().copied().find(|&i| i > c).unwrap_or(first),
            None => first,
        };
        self.sort = Some((next, true));
        self.resort();
    }

    /// Turns the order round: the column sorted by (still named below the table when a
    /// narrower screen dropped it), or the first shown column when none is.
    pub fn sort_reverse(&mut self) {
        let Some(&first) = self.shown_columns().first() else { return };
        let (c, asc) = self.sort.unwrap_or((first, true));
        self.sort = Some((c, !asc));
        self.resort();
    }

    /// The column the rows are sorted by and which way, if any.
    pub fn sort(&self) -> Option<(usize, bool)> {
        self.sort
    }

    fn resort(&mut self) {
        let keep = self.selected_id();
        self.rebuild();
        if let Some(id) = keep {
            self.select_id(id);
        }
    }

    /// Applies a table message: movement, paging, sorting and the filter. Returns `false` for
    /// any other message, which the tab then handles.
    pub fn handle(&mut self, msg: &Msg) -> bool {
        match msg {
            Msg::Down => self.move_by(1),
            Msg::Up => self.move_by(-1),
            Msg::PageDown => self.page_down(),
            Msg::PageUp => self.page_up(),
            Msg::First => self.first(),
            Msg::Last => self.last(),
            Msg::SortNext => self.sort_next(),
            Msg::SortReverse => self.sort_reverse(),
            Msg::Filter => self.start_filter(),
            Msg::Accept if self.filtering => self.accept_filter(),
            Msg::Close if self.filtering || !self.filter.value().is_empty() => self.clear_filter(),
            Msg::ClearFilter => self.clear_filter(),
            Msg::Input(key) if self.filtering => {
                if edit_line(&mut self.filter, *key) {
                    self.filter_changed();
                }
            }
            Msg::Paste(text) if self.filtering => {
                for c in text.chars().filter(|c| !c.is_control()) {
                    self.filter.handle(tui_input::InputRequest::InsertChar(c));
                }
                self.filter_changed();
            }
            _ => return false,
        }
        true
    }

    /// Which columns fit in `w` cells: drop the most droppable first.
    fn fitting(&self, w: u16) -> Vec<usize> {
        let mut shown: Vec<usize> = (0..self.columns.len()).collect();
        let total = |s: &[usize]| s.iter().map(|&i| self.columns[i].width + 1).sum::<u16>();
        while total(&shown) > w {
            let Some((pos, _)) = shown
                .iter()
                .enumerate()
                .filter(|(_, i)| self.columns[**i].drop > 0)
                .max_by_key(|(pos, i)| (self.columns[**i].drop, *pos))
            else {
                break;
            };
            shown.remove(pos);
        }
        shown
    }

    /// The widths of the shown columns in `w` cells: each as declared; room left over first
    /// widens, left to right, the columns whose text (or title) would be cut, up to their widest
    /// cell; the last column takes the rest, so long text (a topic, a message) shows most.
    fn widths(&self, cols: &[usize], w: u16, lang: Lang) -> Vec<u16> {
        let mut real: Vec<u16> = cols.iter().map(|&i| self.columns[i].width).collect();
        let used = real.iter().sum::<u16>() + (cols.len() as u16).saturating_sub(1);
        let mut spare = w.saturating_sub(used);
        // The sorted column's title keeps its mark first: a narrow column (a month of the 党费
        // grid) would otherwise show `1~` for `10^`, and no title would say what the order is.
        if let Some(n) = cols.iter().position(|&i| self.sort.is_some_and(|(c, _)| c == i)) {
            let title = width(lang.t(self.columns[cols[n]].title)) as u16 + 1;
            let more = title.saturating_sub(real[n]).min(spare);
            real[n] += more;
            spare -= more;
        }
        for (n, &i) in cols.iter().enumerate().take(cols.len().saturating_sub(1)) {
            let sorted = self.sort.is_some_and(|(c, _)| c == i);
            let title = width(lang.t(self.columns[i].title)) as u16 + sorted as u16;
            let want = self.widest.get(i).copied().unwrap_or(0).max(title).saturating_sub(real[n]);
            let more = want.min(spare);
            real[n] += more;
            spare -= more;
        }
        if let Some(last) = real.last_mut() {
            *last += spare;
        }
        real
    }

    /// Draws the table in `area` (a bordered block titled `title`), and places the real cursor
    /// in the filter line while it is typed.
    pub fn render(&mut self, f: &mut Frame, area: Rect, theme: &Theme, lang: Lang, title: &str, focused: bool) {
        let (all, shown) = self.counted;
        let count = if self.view.len() == self.rows.len() { format!(" {all} ") } else { format!(" {shown}/{all} ") };
        // The title keeps clear of the count (two corners and a line between): a long one is cut
        // with its mark, not run into the count or cut silently.
        let room = (area.width as usize).saturating_sub(width(&count) + 5);
        let mut block = theme
            .block()
            .title(Line::from(Span::styled(format!(" {} ", fit(title, room)), theme.title())))
            .title(Line::from(count).right_aligned());
        if !focused {
            block = block.border_style(theme.muted());
        }
        let inner = block.inner(area);
        let cols = self.fitting(inner.width);
        // A sort kept on a column this width drops (the screen was made narrower) keeps the
        // order the secretary chose, and says so below the table: the rows do not reshuffle
        // on a resize, and no order goes unexplained.
        if let Some((c, asc)) = self.sort
            && !cols.contains(&c)
        {
            let name = format!("{}{}", lang.t(self.columns[c].title), if asc { '^' } else { 'v' });
            let note = match lang {
                Lang::Zh => format!(" 按 {name} 排序（此宽度下该列未显示；o 换列） "),
                Lang::En => format!(" sorted by {name} (column hidden at this width; o: next) "),
            };
            let room = (area.width as usize).saturating_sub(4);
            block = block.title_bottom(Line::from(Span::styled(fit(&note, room), theme.muted())));
        }
        self.shown = cols.clone();
        f.render_widget(block, area);
        if inner.height == 0 || inner.width == 0 {
            return;
        }
        let show_filter = self.filtering || !self.filter.value().is_empty();
        let body_h = inner.height.saturating_sub(1 + show_filter as u16) as usize;
        self.page = body_h.max(1);
        if self.selected < self.offset {
            self.offset = self.selected;
        } else if self.selected >= self.offset + body_h.max(1) {
            self.offset = self.selected + 1 - body_h.max(1);
        }
        self.offset = self.offset.min(self.view.len().saturating_sub(body_h.max(1)));

        let real = self.widths(&cols, inner.width, lang);
        let widths: Vec<Constraint> = real.iter().map(|&w| Constraint::Length(w)).collect();
        let header = Row::new(cols.iter().zip(&real).map(|(&i, &w)| {
            let mut t = lang.t(self.columns[i].title).to_string();
            if let Some((c, asc)) = self.sort
                && c == i
            {
                t.push(if asc { '^' } else { 'v' });
            }
            Cell::from(fit(&t, w as usize))
        }))
        .style(theme.header());
        let rows = self.view.iter().skip(self.offset).take(body_h).map(|&ri| {
            let r = &self.rows[ri];
            let marker = r.marker_col();
            Row::new(cols.iter().zip(&real).map(|(&c, &w)| {
                let text = fit(&r.cell(c), w as usize);
                if marker == Some(c) && !text.is_empty() {
                    Cell::from(Span::styled(text, theme.marker(r.tone())))
                } else {
                    Cell::from(text)
                }
            }))
            .style(theme.tone(r.tone()))
        });
        let table_area = Rect { height: inner.height - show_filter as u16, ..inner };
        let table = Table::new(rows, widths).header(header).column_spacing(1).row_highlight_style(if focused {
            theme.selected()
        } else {
            theme.base()
        });
        self.state.select(if self.view.is_empty() { None } else { Some(self.selected - self.offset) });
        *self.state.offset_mut() = 0;
        f.render_stateful_widget(table, table_area, &mut self.state);

        // Below a totals row when only that is left.
        if shown == 0 && inner.height > 2 {
            let msg = if all == 0 {
                lang.t(self.empty)
            } else {
                lang.pick("（没有符合筛选的记录，Esc 清除筛选）", "(nothing matches the filter; Esc clears it)")
            };
            let r = Rect { y: inner.y + 2, height: 1, ..inner };
            f.render_widget(Paragraph::new(msg).style(theme.muted()), r);
        }

        if show_filter {
            let r = Rect { y: inner.y + inner.height - 1, height: 1, ..inner };
            let label = lang.pick("筛选: ", "filter: ");
            // A kept filter says how to drop it: the list is not all there is.
            let hint = if self.filtering {
                lang.pick(
                    "  (姓名/拼音首字母/编号; Enter 保留, Esc 清除)",
                    "  (name/pinyin initials/number; Enter keeps, Esc clears)",
                )
            } else {
                lang.pick("  (已筛选; Esc 清除)", "  (filtered; Esc clears)")
            };
            let value = self.filter.value();
            f.render_widget(
                Paragraph::new(Line::from(vec![
                    Span::styled(label, theme.key()),
                    Span::raw(value.to_string()),
                    Span::styled(hint, theme.muted()),
                ])),
                r,
            );
            if self.filtering {
                let x = r.x + (width(label) + self.filter.visual_cursor()).min(r.width as usize - 1) as u16;
                f.set_cursor_position(Position::new(x, r.y));
            }
        }
    }
}
