//! The 党费 tab: the month grid of a year (members down, months across, totals at the edges),
//! collection day on one screen (`c`), and the yearly calibration sheet (`k`).

use std::borrow::Cow;
use chrono::{Datelike, NaiveDate};
use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use crate::domain::dates;
use crate::domain::dues::{
    CalibrationInput, Cell, DuesCategory, DuesProfile, DuesSchedule, Fen, MonthStatus, PayMethod, PaymentDraft,
    Publication, Relief, ReliefKind, Rounding, Ym, field, fmt_yuan, needs_base, parse_yuan, six_month_lapse, standard_amount,
};
use crate::domain::lang::Lang;
use crate::domain::rules::{Finding, RuleId, Subject};
use crate::service::ServiceError;
use crate::service::dues::{CalibrationLine, CollectionLine, DuesRow};
use crate::service::search::SearchKey;
use crate::tui::form::{Field, Form, FormKind, Opt, PickOpt};
use crate::tui::keymap::{Ctx, Msg};
use crate::tui::detail::DetailPane;
use crate::tui::tab::{Action, Cx, SaveError, TabView, report, step_year, table_contexts};
use crate::tui::table::{Column, SortKey, TableRow, TableView, col, moved};
use crate::tui::text::{display_safe, display_safe_cow, fit, pad, width};
use crate::tui::theme::{Theme, Tone, severity_tone};

const COLUMNS: &[Column] = &[
    col(("姓名", "Name"), 8, 0),
    col(("月缴额", "Monthly"), 7, 1),
    col(("1", "1"), 2, 0),
    col(("2", "2"), 2, 0),
    col(("3", "3"), 2, 0),
    col(("4", "4"), 2, 0),
    col(("5", "5"), 2, 0),
    col(("6", "6"), 2, 0),
    col(("7", "7"), 2, 0),
    col(("8", "8"), 2, 0),
    col(("9", "9"), 2, 0),
    col(("10", "10"), 2, 0),
    col(("11", "11"), 2, 0),
    col(("12", "12"), 2, 0),
    col(("实缴", "Paid"), 9, 0),
    col(("应缴", "Due"), 9, 2),
];

/// The rules this tab owns.
fn is_dues(rule: RuleId) -> bool {
    matches!(rule, RuleId::Dues | RuleId::DuesLapse | RuleId::DuesCalibration | RuleId::DuesPublication)
}

/// A month cell in two columns.
pub fn cell_code(c: &Cell, lang: Lang) -> &'static str {
    month_code(c.status, c.status.is_some_and(MonthStatus::is_paid) && c.short() > 0, lang)
}

/// A month's two columns from its status and whether it was paid short.
fn month_code(status: Option<MonthStatus>, short: bool, lang: Lang) -> &'static str {
    use MonthStatus::*;
    match status {
        None => "",
        Some(s) if s.is_paid() && short => lang.pick("少", "sh"),
        Some(Paid) => lang.pick("缴", "ok"),
        Some(PaidLate) => lang.pick("补", "lt"),
        Some(Prepaid) => lang.pick("预", "pp"),
        Some(Reduced) => lang.pick("减", "rd"),
        Some(Exempt) => lang.pick("免", "ex"),
        Some(Unpaid) => lang.pick("欠", "NO"),
        Some(NotDue) => ".",
    }
}

const LEGEND: (&str, &str) = (
    "缴=已缴 补=补缴 预=预缴 少=少缴 减=减交 免=免交 欠=未缴 .=未到期",
    "ok=paid lt=late pp=prepaid sh=short rd=reduced ex=exempt NO=unpaid .=not due",
);

/// One member's line of the grid, kept small (a large branch has thousands): a byte per
/// month, amounts in 分, the cells' text made when drawn.
pub struct GridLine {
    pub member_id: i64,
    pub name: String,
    pub category: DuesCategory,
    pub schedule: DuesSchedule,
    pub relief: Option<ReliefKind>,
    pub monthly: Option<Fen>,
    pub paid: Fen,
    pub extra: Fen,
    pub due: Fen,
    months: [Option<MonthStatus>; 12],
    /// Bit `i`: month `i + 1` was paid short.
    short: u16,
    /// The first day something was paid for each month.
    paid_on: [Option<NaiveDate>; 12],
}

impl GridLine {
    fn new(r: DuesRow) -> GridLine {
        let (mut months, mut paid_on, mut short) = ([None; 12], [None; 12], 0u16);
        for (i, c) in r.cells.iter().take(12).enumerate() {
            months[i] = c.status;
            paid_on[i] = c.paid_on;
            if c.status.is_some_and(MonthStatus::is_paid) && c.short() > 0 {
                short |= 1 << i;
            }
        }
        GridLine {
            member_id: r.member_id,
            name: r.name,
            category: r.category,
            schedule: r.schedule,
            relief: r.relief,
            monthly: r.monthly,
            paid: r.paid,
            extra: r.extra,
            due: r.due,
            months,
            short,
            paid_on,
        }
    }

    fn code(&self, month: usize, lang: Lang) -> &'static str {
        month_code(self.months[month], self.short & (1 << month) != 0, lang)
    }
}

/// The totals row: paid per month.
struct Totals {
    month_paid: [Fen; 12],
    paid: Fen,
    due: Fen,
}

pub struct DuesTableRow {
    /// `None`: the totals row.
    row: Option<GridLine>,
    totals: Option<Box<Totals>>,
    key: SearchKey,
    tone: Tone,
    lang: Lang,
}

impl DuesTableRow {
    fn new(row: DuesRow, lang: Lang) -> DuesTableRow {
        let tone = if row.cells.iter().any(|c| c.status == Some(MonthStatus::Unpaid)) {
            Tone::Overdue
        } else if row.relief.is_some() {
            Tone::Muted
        } else {
            Tone::Normal
        };
        let key = SearchKey::new(&row.name, &row.number);
        DuesTableRow { key, row: Some(GridLine::new(row)), totals: None, tone, lang }
    }

    /// The totals row: paid per month.
    fn totals(month_paid: &[Fen], paid: Fen, due: Fen, lang: Lang) -> DuesTableRow {
        let mut t = Totals { month_paid: [0; 12], paid, due };
        for (to, from) in t.month_paid.iter_mut().zip(month_paid) {
            *to = *from;
        }
        DuesTableRow { row: None, totals: Some(Box::new(t)), key: SearchKey::new("", ""), tone: Tone::Muted, lang }
    }
}

impl TableRow for DuesTableRow {
    fn id(&self) -> i64 {
        self.row.as_ref().map_or(0, |r| r.member_id)
    }
    fn cell(&self, col: usize) -> Cow<'_, str> {
        let lang = self.lang;
        if let Some(r) = &self.row {
            return match col {
                0 => display_safe_cow(&r.name),
                1 => r.monthly.map_or(Cow::Borrowed("-"), |f| fmt_yuan(f).into()),
                2..=13 => r.code(col - 2, lang).into(),
                14 => fmt_yuan(r.paid).into(),
                _ => fmt_yuan(r.due).into(),
            };
        }
        let Some(t) = &self.totals else { return Cow::Borrowed("") };
        match col {
            0 => lang.pick("合计", "Total").into(),
            1 => "".into(),
            // Whole yuan: the month columns are narrow.
            2..=13 => match t.month_paid[col - 2] {
                0 => "".into(),
                f => format!("{}", (f + 50) / 100).into(),
            },
            14 => fmt_yuan(t.paid).into(),
            _ => fmt_yuan(t.due).into(),
        }
    }
    fn sort_key(&self, col: usize) -> SortKey<'_> {
        // The totals row stays last (`stays_last`), whatever its key.
        let Some(r) = &self.row else { return SortKey::Num(i64::MAX) };
        match col {
            0 => SortKey::Text(Cow::Borrowed(&self.key.pinyin)),
            1 => SortKey::Num(r.monthly.unwrap_or(-1)),
            14 => SortKey::Num(r.paid),
            15 => SortKey::Num(r.due),
            _ => SortKey::Text(self.cell(col)),
        }
    }
    /// The totals row stays whatever the filter.
    fn matches(&self, needle: &str) -> bool {
        self.row.is_none() || self.key.matches(needle)
    }
    fn tone(&self) -> Tone {
        self.tone
    }
    fn counted(&self) -> bool {
        self.row.is_some()
    }
    /// The month totals end the grid, as on the paper 登记表, under every sort.
    fn stays_last(&self) -> bool {
        self.row.is_none()
    }
}

/// A column `base` cells wide, widened toward `widest` by what `spare` still holds (taken from it).
fn widened(base: usize, widest: usize, spare: &mut usize) -> usize {
    let more = widest.saturating_sub(base).min(*spare);
    *spare -= more;
    base + more
}

/// The month of index `i` (0 = January) before its date or sum in the pane: "7月 07-10" reads
/// as July paid on 10 July; in English a bare "7 07-10" did not, and "Jul 07-10" reads as a
/// span of days, so the month is named and marked off: "Jul: 07-10".
fn month_name(i: usize, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("{}月", i + 1),
        Lang::En => {
            let name = chrono::Month::try_from(i as u8 + 1).map_or("?", |m| m.name());
            format!("{}:", &name[..3.min(name.len())])
        }
    }
}

/// `label` and then `items` two spaces apart, on as many lines of `w` cells as they need, each
/// item whole on its line (a month and its date, which the pane's wrapping would part) and the
/// lines after the first set in under the first item.
fn packed(label: &str, items: &[String], w: usize, theme: &Theme) -> Vec<Line<'static>> {
    let indent = width(label);
    let mut lines = Vec::new();
    let mut spans = vec![Span::styled(label.to_string(), theme.muted())];
    let mut used = indent;
    let mut text = String::new();
    for item in items {
        let gap = if text.is_empty() { 0 } else { 2 };
        if !text.is_empty() && used + gap + width(item) > w {
            spans.push(Span::raw(std::mem::take(&mut text)));
            lines.push(Line::from(std::mem::take(&mut spans)));
            spans.push(Span::raw(" ".repeat(indent)));
            used = indent;
        } else if gap > 0 {
            text.push_str("  ");
            used += gap;
        }
        text.push_str(item);
        used += width(item);
    }
    spans.push(Span::raw(text));
    lines.push(Line::from(spans));
    lines
}

/// Collection day: who pays this month, and what is marked to record.
pub struct Collection {
    pub month: Ym,
    pub lines: Vec<CollectionLine>,
    /// The sum to record per line, once marked.
    pub marks: Vec<Option<Fen>>,
    pub selected: usize,
    /// Digits typed for the selected line (a different sum).
    pub typed: String,
    /// The line whose earlier payment was shown; Space again marks it anyway.
    warned: Option<usize>,
    pub message: Option<(String, Tone)>,
    /// The lines the last frame showed: a page for PgUp/PgDn.
    page: usize,
    /// The message says why a typed character was refused: it stays while the amount is
    /// typed on ("-5" shows "5_" and why the minus went), until another key than typing.
    refused: bool,
}

impl Collection {
    fn load(cx: &Cx, month: Ym) -> Result<Collection, ServiceError> {
        let lines = cx.service.collection(month)?;
        let n = lines.len();
        Ok(Collection {
            month,
            lines,
            marks: vec![None; n],
            selected: 0,
            typed: String::new(),
            warned: None,
            message: None,
            page: 1,
            refused: false,
        })
    }

    /// Takes the typed sum into the selected line; `false` (with a message) if it does not parse.
    fn commit_typed(&mut self, lang: Lang) -> bool {
        if self.typed.is_empty() {
            return true;
        }
        match parse_yuan(&self.typed) {
            // A sum typed for a member who has paid this month would record a second payment.
            Ok(_) if self.warn_paid(self.selected, lang, ("再按一次仍记录", "press it again to record it anyway")) => false,
            Ok(v) => {
                self.marks[self.selected] = Some(v);
                self.typed.clear();
                true
            }
            Err(_) => {
                self.message = Some((
                    lang.pick("金额格式：如 45 或 45.50", "amount as 45 or 45.50").into(),
                    Tone::Overdue,
                ));
                false
            }
        }
    }

    fn toggle(&mut self, i: usize, lang: Lang) {
        if self.marks[i].is_some() {
            self.marks[i] = None;
            return;
        }
        if self.warn_paid(i, lang, ("再按空格仍记录", "Space again records it anyway")) {
            return;
        }
        let line = &self.lines[i];
        match line.amount {
            Some(a) => self.marks[i] = Some(a),
            None => {
                self.message = Some((
                    lang.pick("未核定月缴额：请输入金额", "not calibrated: type the amount").into(),
                    Tone::DueSoon,
                ))
            }
        }
    }

    /// Says once that line `i` has paid this month already, and `true` when it did: the key
    /// that would have marked the line only asks, and the same key again (`again`) marks it.
    fn warn_paid(&mut self, i: usize, lang: Lang, again: (&str, &str)) -> bool {
        let line = &self.lines[i];
        let Some(p) = &line.already else { return false };
        if self.warned == Some(i) {
            return false;
        }
        self.warned = Some(i);
        let (month, day, amount) = (p.month.label(lang), dates::fmt(p.paid_on), fmt_yuan(p.amount));
        let text = match lang {
            Lang::Zh => format!("{} 的 {month} 已于 {day} 缴纳 {amount} 元；{}", line.name, again.0),
            Lang::En => format!("{}: {month} already paid on {day} ({amount}); {}", line.name, again.1),
        };
        self.message = Some((text, Tone::DueSoon));
        true
    }

    fn drafts(&self, cx: &Cx) -> Vec<PaymentDraft> {
        self.lines
            .iter()
            .zip(&self.marks)
            .filter_map(|(l, m)| {
                m.map(|amount| PaymentDraft {
                    member_id: l.member_id,
                    first: l.first,
                    months: l.months,
                    amount,
                    extra: 0,
                    paid_on: cx.today(),
                    method: PayMethod::Cash,
                    proxy: String::new(),
                    receipt: String::new(),
                })
            })
            .collect()
    }

    fn render(&mut self, f: &mut Frame, area: Rect, theme: &Theme, lang: Lang) {
        f.render_widget(Clear, area);
        let marked = self.marks.iter().flatten().count();
        let total: Fen = self.marks.iter().flatten().sum();
        let title = match lang {
            Lang::Zh => format!(
                " 收缴党费 {}  已标记 {marked}/{} 人 合计 {} 元 ",
                self.month.label(lang),
                self.lines.len(),
                fmt_yuan(total)
            ),
            Lang::En => format!(
                " Collection {}  marked {marked}/{}, {} yuan ",
                self.month.label(lang),
                self.lines.len(),
                fmt_yuan(total)
            ),
        };
        let block = theme.block().title(Line::from(Span::styled(title, theme.title())));
        let inner = block.inner(area);
        f.render_widget(block, area);
        let rows = inner.height.saturating_sub(2) as usize;
        self.page = rows.max(1);
        let start = self.selected.saturating_sub(rows.saturating_sub(1));
        // Names as wide as the longest needs, from the room the note (at most 16 cells) leaves.
        let widest = self.lines.iter().map(|l| width(&display_safe(&l.name))).max().unwrap_or(0);
        let mut spare = (inner.width as usize).saturating_sub(4 + 10 + 1 + 13 + 1 + 9 + 1 + 10 + 1 + 16);
        let name_w = widened(10, widest, &mut spare);
        let (name, months, due, record, note) = match lang {
            Lang::Zh => ("姓名", "月份", "核定额", "本次记录", "说明"),
            Lang::En => ("Name", "Months", "Due", "Record", "Note"),
        };
        let mut out = vec![Line::from(Span::styled(
            format!("    {} {} {} {} {note}", pad(name, name_w), pad(months, 13), pad(due, 9), pad(record, 10)),
            theme.header(),
        ))];
        for (i, l) in self.lines.iter().enumerate().skip(start).take(rows) {
            let mark = if self.marks[i].is_some() { "[x]" } else { "[ ]" };
            let months = if l.months > 1 {
                format!("{}+{}", l.first.label(lang), l.months - 1)
            } else {
                l.first.label(lang)
            };
            let record = if i == self.selected && !self.typed.is_empty() {
                format!("{}_", self.typed)
            } else {
                self.marks[i].map(fmt_yuan).unwrap_or_default()
            };
            let note = match (&l.already, l.quarterly, l.reduced) {
                (Some(p), _, _) => match lang {
                    Lang::Zh => format!("已缴 {}", dates::fmt(p.paid_on)),
                    Lang::En => format!("paid {}", dates::fmt(p.paid_on)),
                },
                (None, true, _) => lang.pick("按季", "quarterly").to_string(),
                (None, _, true) => lang.pick("减交", "reduced").to_string(),
                _ => String::new(),
            };
            let text = format!(
                "{mark} {} {} {} {} {note}",
                pad(&display_safe(&l.name), name_w),
                pad(&months, 13),
                pad(&l.amount.map(fmt_yuan).unwrap_or_else(|| "-".into()), 9),
                pad(&record, 10),
            );
            let style = if i == self.selected {
                theme.selected()
            } else if l.already.is_some() {
                theme.muted()
            } else {
                theme.base()
            };
            out.push(Line::from(Span::styled(text, style)));
        }
        f.render_widget(Paragraph::new(out), Rect { height: inner.height.saturating_sub(1), ..inner });
        let msg = self.message.clone().unwrap_or_else(|| {
            (
                lang.pick(
                    "空格=按核定额已交  a=全部  输入数字=其他金额  Ctrl-S 一次保存",
                    "Space=paid the calibrated sum  a=all  digits=another sum  Ctrl-S saves all",
                )
                .into(),
                Tone::Muted,
            )
        });
        let y = inner.y + inner.height.saturating_sub(1);
        f.render_widget(
            Paragraph::new(Span::styled(msg.0, theme.tone(msg.1))),
            Rect { y, height: 1.min(inner.height), ..inner },
        );
    }
}

/// The yearly calibration sheet: last year's bases prefilled, edit the ones that changed.
pub struct Calibration {
    pub year: i32,
    pub lines: Vec<CalibrationLine>,
    pub bases: Vec<String>,
    pub categories: Vec<DuesCategory>,
    pub errors: Vec<Option<String>>,
    pub selected: usize,
    /// The selected base was not typed into yet: the first digit replaces it.
    fresh: bool,
    message: Option<String>,
    /// The message says why a typed character was refused: it stays while the base is typed
    /// on, until another key than typing.
    refused: bool,
}

impl Calibration {
    fn load(cx: &Cx, year: i32) -> Result<Calibration, ServiceError> {
        let lines = cx.service.calibration_sheet(year)?;
        let bases = lines.iter().map(|l| l.base_prefill().map(fmt_yuan).unwrap_or_default()).collect();
        let categories = lines.iter().map(|l| l.category).collect();
        let n = lines.len();
        Ok(Calibration {
            year,
            lines,
            bases,
            categories,
            errors: vec![None; n],
            selected: 0,
            fresh: true,
            message: None,
            refused: false,
        })
    }

    /// The amount line `i` keeps when its category and base are as before: a recorded
    /// reduction, or a farmer's chosen sum, stays.
    fn kept(&self, i: usize, rounding: Rounding) -> Option<Fen> {
        let l = &self.lines[i];
        let source = l.current.as_ref().or(l.previous.as_ref())?;
        let same = source.category == self.categories[i]
            && source.base.map(fmt_yuan).unwrap_or_default() == self.bases[i].trim();
        let standard = standard_amount(source.category, source.base.unwrap_or(0), rounding);
        (same && source.monthly != standard).then_some(source.monthly)
    }

    /// The monthly amount the line shows.
    fn monthly(&self, i: usize, rounding: Rounding) -> Option<Fen> {
        let cat = self.categories[i];
        self.kept(i, rounding).or_else(|| match parse_yuan(&self.bases[i]) {
            Ok(b) => Some(standard_amount(cat, b, rounding)),
            Err(_) if !needs_base(cat) => Some(standard_amount(cat, 0, rounding)),
            Err(_) => None,
        })
    }

    /// The typed sheet as inputs: every line with a base, or a category without one.
    fn inputs(&self, cx: &Cx) -> Vec<(usize, CalibrationInput)> {
        let rounding = cx.service.settings().dues.rounding;
        (0..self.lines.len())
            .filter(|&i| !self.bases[i].trim().is_empty() || !needs_base(self.categories[i]))
            .map(|i| {
                let input = CalibrationInput {
                    member_id: self.lines[i].member_id,
                    year: self.year,
                    category: self.categories[i],
                    base: if needs_base(self.categories[i]) { self.bases[i].clone() } else { String::new() },
                    amount: self.kept(i, rounding).map(fmt_yuan).unwrap_or_default(),
                    calibrated_on: cx.today(),
                };
                (i, input)
            })
            .collect()
    }

    fn render(&self, f: &mut Frame, area: Rect, theme: &Theme, cx: &Cx) {
        let lang = cx.lang;
        let rounding = cx.service.settings().dues.rounding;
        f.render_widget(Clear, area);
        let done = self.lines.iter().filter(|l| l.current.is_some()).count();
        let title = match lang {
            Lang::Zh => format!(" {}年 核定党费基数（税后月收入，元） 已核定 {done}/{} ", self.year, self.lines.len()),
            Lang::En => format!(" {} dues calibration (monthly income after tax) done {done}/{} ", self.year, self.lines.len()),
        };
        let block = theme.block().title(Line::from(Span::styled(title, theme.title())));
        let inner = block.inner(area);
        f.render_widget(block, area);
        let rows = inner.height.saturating_sub(2) as usize;
        let start = self.selected.saturating_sub(rows.saturating_sub(1));
        // Categories and names as wide as the longest needs, from the room that leaves a row's
        // error the start of its text (the line below shows the selected row's whole).
        let widest = |w: &dyn Fn(usize) -> usize| (0..self.lines.len()).map(w).max().unwrap_or(0);
        let mut spare = (inner.width as usize).saturating_sub(10 + 1 + 9 + 1 + 10 + 1 + 11 + 1 + 8 + 14);
        let cat_w = widened(9, widest(&|i| width(self.categories[i].label(lang))), &mut spare);
        let name_w = widened(10, widest(&|i| width(&display_safe(&self.lines[i].name))), &mut spare);
        let (name, cat, last, base, monthly) = match lang {
            Lang::Zh => ("姓名", "类别", "上年基数", "本年基数", "月缴额"),
            Lang::En => ("Name", "Category", "Last base", "Base", "Monthly"),
        };
        let mut out = vec![Line::from(Span::styled(
            format!("{} {} {} {} {monthly}", pad(name, name_w), pad(cat, cat_w), pad(last, 10), pad(base, 11)),
            theme.header(),
        ))];
        for (i, l) in self.lines.iter().enumerate().skip(start).take(rows) {
            let cat = self.categories[i];
            let monthly = self.monthly(i, rounding).map(fmt_yuan).unwrap_or_else(|| "-".into());
            let base = if needs_base(cat) { self.bases[i].clone() } else { lang.pick("（定额）", "(fixed)").into() };
            let base = if i == self.selected && needs_base(cat) { format!("{base}_") } else { base };
            let text = format!(
                "{} {} {} {} {}",
                pad(&display_safe(&l.name), name_w),
                pad(cat.label(lang), cat_w),
                pad(&l.previous.as_ref().and_then(|c| c.base).map(fmt_yuan).unwrap_or_default(), 10),
                pad(&base, 11),
                pad(&monthly, 8),
            );
            let style = if i == self.selected { theme.selected() } else { theme.base() };
            let room = (inner.width as usize).saturating_sub(width(&text) + 1);
            let mut spans = vec![Span::styled(text, style)];
            if let Some(e) = &self.errors[i] {
                spans.push(Span::styled(format!(" {}", fit(e, room)), theme.error()));
            }
            out.push(Line::from(spans));
        }
        f.render_widget(Paragraph::new(out), Rect { height: inner.height.saturating_sub(1), ..inner });
        // The selected row's error in full once the save's message is gone.
        let error = self.errors.get(self.selected).cloned().flatten();
        let msg = self.message.clone().or(error.clone()).unwrap_or_else(|| {
            lang.pick(
                "输入数字改基数  Left/Right 换类别  Ctrl-S 全部保存  Esc 关闭",
                "type the base  Left/Right category  Ctrl-S saves all  Esc closes",
            )
            .into()
        });
        let msg = fit(&msg, inner.width as usize);
        let y = inner.y + inner.height.saturating_sub(1);
        let style = if self.message.is_some() || error.is_some() { theme.error() } else { theme.muted() };
        f.render_widget(Paragraph::new(Span::styled(msg, style)), Rect { y, height: 1.min(inner.height), ..inner });
    }
}

/// A character of an amount: a digit (also full-width) or a point.
fn amount_char(code: KeyCode) -> bool {
    matches!(code, KeyCode::Char(c) if c.is_ascii_digit() || c == '.' || ('０'..='９').contains(&c) || c == '．')
}

/// What a character typed into an amount that cannot be part of one says: a minus (an amount
/// is never negative) or anything else but digits and a point. `None` for a key that types
/// nothing (an arrow, a key with Ctrl or Alt), which is passed over as before.
fn refused_char(key: KeyEvent, lang: Lang) -> Option<&'static str> {
    let KeyCode::Char(c) = key.code else { return None };
    if key.modifiers.intersects(KeyModifiers::CONTROL | KeyModifiers::ALT) || c.is_control() || amount_char(key.code) {
        return None;
    }
    Some(match c {
        '-' | '－' | '−' => lang.pick("金额不能为负", "an amount can't be negative"),
        _ => lang.pick("金额只能输入数字和小数点", "an amount takes only digits and a point"),
    })
}

/// Edits a typed amount: digits, a point, Backspace. `true` if the key was taken.
fn edit_amount(text: &mut String, code: KeyCode) -> bool {
    match code {
        KeyCode::Char(c) if amount_char(code) => {
            if text.chars().count() < 10 {
                text.push(c);
            }
            true
        }
        KeyCode::Backspace => {
            text.pop();
            true
        }
        _ => false,
    }
}

pub struct DuesTab {
    pub year: i32,
    pub table: TableView<DuesTableRow>,
    pub collection: Option<Collection>,
    pub calibration: Option<Calibration>,
    /// Totals of the year, for the title.
    totals: (Fen, Fen),
    publication: Option<chrono::NaiveDate>,
    /// The payment whose warnings were shown: saving it again records it.
    warned: Option<PaymentDraft>,
    /// What the open payment form offered as its first month and months: they follow the
    /// member chosen until the secretary types other ones (`None` from then on).
    start: Option<Start>,
    pane: DetailPane,
}

impl DuesTab {
    fn load_rows(&mut self, cx: &Cx) -> Result<(), ServiceError> {
        let lang = cx.lang;
        // Row by row: a large branch's whole `DuesRow`s (a vector of cells each) are never
        // held at once, only the compact lines.
        self.table.unload();
        // Room for every line and the totals row at once: grown by doubling, the list would
        // hold up to twice its lines' room while loading.
        let mut rows: Vec<DuesTableRow> = Vec::with_capacity(cx.service.dues_year_len(self.year)? + 1);
        let y = cx.service.dues_year_each(self.year, |r| rows.push(DuesTableRow::new(r, lang)))?;
        // In the members' own (number) order.
        let order = cx.service.member_order()?;
        rows.sort_unstable_by_key(|r| r.row.as_ref().map(|l| order.get(&l.member_id).copied()));
        // The month totals as the last row, as on the paper 登记表; none without members (the
        // table's hint says so, the title has the zero totals).
        if !rows.is_empty() {
            rows.push(DuesTableRow::totals(&y.month_paid, y.paid, y.due, lang));
        }
        rows.shrink_to_fit();
        self.totals = (y.paid, y.due);
        self.publication = y.publication.map(|p| p.published_on);
        self.table.set_rows(rows);
        Ok(())
    }

    /// The pane's lines, `w` cells wide.
    fn detail(&self, cx: &Cx, theme: &Theme, w: usize) -> Vec<Line<'static>> {
        let lang = cx.lang;
        let k = |s: &str| Span::styled(s.to_string(), theme.muted());
        let mut lines = Vec::new();
        if let Some(t) = self.table.selected().and_then(|r| r.totals.as_deref()) {
            // In full: the grid's month columns hold two cells (whole yuan, cut on a narrow screen).
            let months: Vec<String> = t
                .month_paid
                .iter()
                .enumerate()
                .filter(|(_, f)| **f != 0)
                .map(|(i, f)| format!("{} {}", month_name(i, lang), fmt_yuan(*f)))
                .collect();
            lines.extend(packed(lang.pick("每月实缴（元） ", "paid per month (yuan) "), &months, w, theme));
            lines.push(Line::from(vec![
                k(lang.pick("全年 实缴 ", "year: paid ")),
                Span::raw(fmt_yuan(t.paid)),
                k(lang.pick(" / 应缴 ", " of ")),
                Span::raw(fmt_yuan(t.due)),
            ]));
        }
        if let Some(r) = self.table.selected().and_then(|r| r.row.as_ref()) {
            let mut head = vec![
                Span::styled(display_safe(&r.name), theme.title()),
                Span::raw(format!("  {}  {}", r.category.label(lang), r.schedule.label(lang))),
                k(lang.pick("  月缴额 ", "  monthly ")),
                Span::raw(r.monthly.map(fmt_yuan).unwrap_or_else(|| lang.pick("未核定", "not calibrated").into())),
            ];
            if let Some(rel) = r.relief {
                head.push(Span::styled(format!("  {}", rel.label(lang)), theme.tone(Tone::DueSoon)));
            }
            if r.extra > 0 {
                head.push(k(lang.pick("  自愿多交 ", "  extra ")));
                head.push(Span::raw(fmt_yuan(r.extra)));
            }
            lines.push(Line::from(head));
            let paid: Vec<String> = r
                .paid_on
                .iter()
                .enumerate()
                .filter_map(|(i, d)| d.map(|d| format!("{} {}", month_name(i, lang), &dates::fmt(d)[5..])))
                .collect();
            if !paid.is_empty() {
                lines.extend(packed(lang.pick("缴纳日期 ", "dates paid "), &paid, w, theme));
            }
            for f in cx.overdue.findings.iter().filter(|f| is_dues(f.rule) && f.subject == Subject::Member(r.member_id)) {
                let mut spans =
                    vec![Span::styled(format!(" {} ", f.severity.label(lang)), theme.marker(severity_tone(f.severity)))];
                // The key first, so that a narrow panel still shows it.
                if six_month_lapse(f) {
                    spans.push(Span::styled(lang.pick(" x 组织处置", " x disposal").to_string(), theme.key()));
                }
                spans.push(Span::raw(format!(" {}", f.message(lang))));
                lines.push(Line::from(spans));
            }
        }
        for f in cx.overdue.findings.iter().filter(|f| is_dues(f.rule) && f.subject == Subject::Branch) {
            lines.push(Line::from(vec![
                Span::styled(format!(" {} ", f.severity.label(lang)), theme.marker(severity_tone(f.severity))),
                Span::raw(format!(" {}", f.message(lang))),
            ]));
        }
        lines.push(Line::from(k(lang.t(LEGEND))));
        lines
    }

    fn update_collection(&mut self, mut c: Collection, msg: Msg, cx: &mut Cx) -> Vec<Action> {
        let lang = cx.lang;
        if !matches!(msg, Msg::Input(_)) {
            c.message = None;
            c.refused = false;
        }
        let n = c.lines.len();
        match msg {
            Msg::Input(key) if n > 0 && edit_amount(&mut c.typed, key.code) => {
                // A refusal stays; any other message goes with what is typed.
                c.message = c.message.take().filter(|_| c.refused);
            }
            Msg::Input(key) if n > 0 => {
                if let Some(text) = refused_char(key, lang) {
                    c.message = Some((text.into(), Tone::Overdue));
                    c.refused = true;
                }
            }
            // Moving as in every table; a sum typed for the line is taken first.
            Msg::Down | Msg::Up | Msg::PageDown | Msg::PageUp | Msg::First | Msg::Last
                if n > 0 && c.commit_typed(lang) =>
            {
                c.selected = moved(c.selected, n, c.page, &msg).unwrap_or(c.selected);
            }
            Msg::Toggle if n > 0 && !c.typed.is_empty() => {
                c.commit_typed(lang);
            }
            Msg::Toggle if n > 0 => c.toggle(c.selected, lang),
            Msg::MarkAll if c.commit_typed(lang) => {
                for i in 0..n {
                    if c.marks[i].is_none() && c.lines[i].already.is_none() {
                        c.marks[i] = c.lines[i].amount;
                    }
                }
            }
            Msg::PrevYear | Msg::NextYear => {
                let month = if msg == Msg::PrevYear { c.month.prev() } else { c.month.next() };
                if c.marks.iter().any(Option::is_some) {
                    c.message = Some((
                        lang.pick("先保存或取消本月的标记", "save or clear this month's marks first").into(),
                        Tone::DueSoon,
                    ));
                } else {
                    match Collection::load(cx, month) {
                        Ok(next) => c = next,
                        Err(e) => return vec![Action::Error(e)],
                    }
                }
            }
            Msg::Save => {
                if !c.commit_typed(lang) {
                    self.collection = Some(c);
                    return Vec::new();
                }
                let drafts = c.drafts(cx);
                if drafts.is_empty() {
                    c.message = Some((lang.pick("没有标记任何人", "nobody is marked").into(), Tone::DueSoon));
                } else {
                    return match cx.service.record_payments(&drafts) {
                        Ok(_) => vec![
                            Action::Reload,
                            Action::Info(match lang {
                                Lang::Zh => format!("已记录 {} 人的党费（{}）", drafts.len(), c.month.label(lang)),
                                Lang::En => format!("dues recorded for {} members ({})", drafts.len(), c.month.label(lang)),
                            }),
                        ],
                        Err(e) => {
                            c.message = Some((e.text(lang), Tone::Overdue));
                            self.collection = Some(c);
                            Vec::new()
                        }
                    };
                }
            }
            Msg::Close => {
                if c.marks.iter().any(Option::is_some) {
                    let text = lang
                        .pick("放弃本次标记，不保存？(y/n)", "Discard the marks without saving? (y/n)")
                        .to_string();
                    self.collection = Some(c);
                    return vec![Action::Confirm { text, on_yes: Msg::DiscardForm }];
                }
                return Vec::new();
            }
            Msg::DiscardForm => return Vec::new(),
            _ => {}
        }
        self.collection = Some(c);
        Vec::new()
    }

    fn update_calibration(&mut self, mut c: Calibration, msg: Msg, cx: &mut Cx) -> Vec<Action> {
        let lang = cx.lang;
        let n = c.lines.len();
        // A refusal stays while the base is typed on; any other message goes with the next key.
        if !(c.refused && matches!(msg, Msg::Input(_))) {
            c.message = None;
            c.refused = false;
        }
        match msg {
            Msg::Input(key) if n > 0 => {
                let sel = c.selected;
                if c.fresh && amount_char(key.code) {
                    c.bases[sel].clear();
                }
                if edit_amount(&mut c.bases[sel], key.code) {
                    c.fresh = false;
                    c.errors[sel] = None;
                } else if let Some(text) = refused_char(key, lang) {
                    c.message = Some(text.into());
                    c.refused = true;
                }
            }
            Msg::Down if n > 0 => {
                c.selected = (c.selected + 1).min(n - 1);
                c.fresh = true;
            }
            Msg::Up => {
                c.selected = c.selected.saturating_sub(1);
                c.fresh = true;
            }
            Msg::ChoiceNext | Msg::ChoicePrev if n > 0 => {
                let all = DuesCategory::ALL;
                let i = all.iter().position(|x| *x == c.categories[c.selected]).unwrap_or(0);
                let step = if msg == Msg::ChoiceNext { 1 } else { all.len() - 1 };
                c.categories[c.selected] = all[(i + step) % all.len()];
                c.errors[c.selected] = None;
            }
            Msg::Save => {
                let inputs = c.inputs(cx);
                let list: Vec<CalibrationInput> = inputs.iter().map(|(_, x)| x.clone()).collect();
                match cx.service.check_calibrations(&list) {
                    Ok(Err(bad)) => {
                        for (j, errs) in bad {
                            let row = inputs[j].0;
                            c.errors[row] = errs.first().map(|e| e.problem.text(lang));
                        }
                        if let Some(first) = c.errors.iter().position(Option::is_some) {
                            c.selected = first;
                        }
                        c.message = Some(
                            lang.pick("有数据不符合要求，未保存（见各行说明）", "some values are refused; nothing saved")
                                .into(),
                        );
                    }
                    Ok(Ok(_)) => {
                        return match cx.service.save_calibrations(&list) {
                            Ok(k) => vec![
                                Action::Reload,
                                Action::Info(match lang {
                                    Lang::Zh => format!("已保存 {} 名党员的{}年党费核定", k, c.year),
                                    Lang::En => format!("{} dues calibrated for {k} members", c.year),
                                }),
                            ],
                            Err(e) => {
                                c.message = Some(e.text(lang));
                                self.calibration = Some(c);
                                Vec::new()
                            }
                        };
                    }
                    Err(e) => return vec![Action::Error(e)],
                }
            }
            Msg::Close => return Vec::new(),
            _ => {}
        }
        self.calibration = Some(c);
        Vec::new()
    }
}

// ---- forms: one payment, a member's dues profile, the yearly publication ----

const PAYMENT: &str = "dues_payment";
const PROFILE: &str = "dues_profile";
const PUBLICATION: &str = "dues_publication";

mod key {
    pub const MEMBER: &str = "member";
    pub const FIRST: &str = "first_month";
    pub const METHOD: &str = "method";
    pub const CATEGORY: &str = "category";
    pub const SCHEDULE: &str = "schedule";
    pub const QUARTERLY_SINCE: &str = "quarterly_since";
    pub const RELIEF: &str = "relief";
    pub const APPROVED_ON: &str = "approved_on";
    pub const UNTIL: &str = "until";
    pub const PUBLISHED_ON: &str = "published_on";
}

fn opts<T: Copy>(all: &[T], id: fn(T) -> &'static str, label: impl Fn(T) -> &'static str) -> Vec<Opt> {
    all.iter().map(|&x| Opt::new(id(x), label(x))).collect()
}

/// A payment for one member: any months (a quarter, back months), any sum, method and receipt.
fn payment_form(cx: &Cx, member: Option<i64>) -> Form {
    let lang = cx.lang;
    let members: Vec<PickOpt> = cx
        .service
        .members()
        .unwrap_or_default()
        .into_iter()
        .filter(|m| !m.is_archived() || Some(m.id) == member)
        .map(|m| PickOpt { key: SearchKey::new(&m.draft.name, &m.number), id: m.id, label: m.draft.name.into() })
        .collect();
    // A failed read leaves this month: the secretary sees and can change it.
    let start = owed_start(cx, member).unwrap_or_else(|_| this_month(cx));
    let fields = vec![
        Field::pick(key::MEMBER, lang.pick("党员", "Member"), members, member),
        Field::text(key::FIRST, lang.pick("起始月份", "First month"), &start.first)
            .hint(lang.pick("如 2026-09", "e.g. 2026-09")),
        Field::text(field::MONTHS, lang.pick("月数", "Months"), &start.months),
        Field::text(field::AMOUNT, lang.pick("金额（元）", "Amount (yuan)"), "")
            .hint(lang.pick("空=按核定额", "empty: the calibrated sum")),
        Field::text(field::EXTRA, lang.pick("自愿多交（元）", "Extra (yuan)"), ""),
        Field::date(field::PAID_ON, lang.pick("缴纳日期", "Paid on"), Some(cx.today()), lang),
        Field::choice(
            key::METHOD,
            lang.pick("方式", "Method"),
            opts(PayMethod::ALL, PayMethod::id, |m| m.label(lang)),
            PayMethod::Cash.id(),
        ),
        Field::text(field::PROXY, lang.pick("代交人", "Proxy"), ""),
        Field::text(field::RECEIPT, lang.pick("收据号", "Receipt no."), ""),
    ];
    let mut form =
        Form::new(FormKind::Tab(PAYMENT, None), lang.pick("登记党费（补交、按季、代交）", "Record a payment").into(), fields);
    if member.is_some() {
        form.focus_key(key::FIRST);
    }
    form
}

/// The first month and the number of months a payment form offers for a member, as typed in
/// the form, and the member they were offered for.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Start {
    member: Option<i64>,
    first: String,
    months: String,
}

/// This month, one month: what a payment of a member who owes nothing starts with.
fn this_month(cx: &Cx) -> Start {
    let ym = Ym::of(cx.today());
    Start { member: None, first: format!("{}-{:02}", ym.year, ym.month), months: "1".into() }
}

/// A member in arrears pays back from the first unpaid month, as many months as are unpaid in
/// a row (at most the 24 the form takes); anyone else (or no member yet) this month.
fn owed_start(cx: &Cx, member: Option<i64>) -> Result<Start, ServiceError> {
    let owed = match member {
        Some(id) => cx.service.first_unpaid(id)?,
        None => None,
    };
    Ok(match owed {
        Some((ym, n)) => Start { member, first: format!("{}-{:02}", ym.year, ym.month), months: n.min(24).to_string() },
        None => Start { member, ..this_month(cx) },
    })
}

fn parse_month(s: &str) -> Option<Ym> {
    let s = crate::domain::dates::ascii_digits(s);
    let (y, m) = s.trim().split_once(['-', '/', '.'])?;
    let (y, m): (i32, u32) = (y.parse().ok()?, m.parse().ok()?);
    ((1900..=2199).contains(&y) && (1..=12).contains(&m)).then_some(Ym::new(y, m))
}

fn money(form: &mut Form, key: &'static str, lang: Lang) -> Option<Option<Fen>> {
    let t = form.text(key);
    if t.trim().is_empty() {
        return Some(None);
    }
    match parse_yuan(&t) {
        Ok(v) => Some(Some(v)),
        Err(_) => {
            form.set_error(key, lang.pick("金额：如 45 或 45.50，不能为负", "an amount such as 45 or 45.50").into());
            None
        }
    }
}

impl DuesTab {
    fn save_payment(&mut self, form: &mut Form, cx: &mut Cx) -> Result<Vec<Action>, SaveError> {
        let (lang, today) = (cx.lang, cx.today());
        let member = form.picked(key::MEMBER);
        if member.is_none() {
            form.set_error(key::MEMBER, lang.pick("请选择党员", "choose a member").into());
        }
        let first = parse_month(&form.text(key::FIRST));
        if first.is_none() {
            form.set_error(key::FIRST, lang.pick("月份：如 2026-09", "a month such as 2026-09").into());
        }
        let months = form.number(field::MONTHS, (1, 24), lang);
        let amount = money(form, field::AMOUNT, lang);
        let extra = money(form, field::EXTRA, lang);
        let paid_on = form.date(field::PAID_ON, true, today, lang);
        let (Some(member_id), Some(first), Some(months), Some(amount), Some(extra), Some(paid_on)) =
            (member, first, months, amount, extra, paid_on)
        else {
            return Err(SaveError::Invalid);
        };
        let calibrated = match amount {
            Some(a) => Some(a),
            None => cx.service.dues_ledger(first.year, first.year)?.calibration(member_id, first.year).map(|c| c.monthly * months),
        };
        let draft = PaymentDraft {
            member_id,
            first,
            months: months as u32,
            amount: calibrated.unwrap_or(0),
            extra: extra.unwrap_or(0),
            paid_on,
            method: PayMethod::from_id(form.choice(key::METHOD)).unwrap_or(PayMethod::Cash),
            proxy: form.text(field::PROXY),
            receipt: form.text(field::RECEIPT),
        };
        let warnings = match cx.service.check_payment(&draft) {
            Ok(w) => w,
            Err(ServiceError::Invalid(errs)) => {
                form.show_errors(&errs, lang);
                return Err(SaveError::Invalid);
            }
            Err(e) => return Err(e.into()),
        };
        if calibrated.is_none() {
            form.set_error(field::AMOUNT, lang.pick("未核定：请输入金额", "not calibrated: type the sum").into());
            return Err(SaveError::Invalid);
        }
        // A month paid twice or a late back payment: shown once; the same payment saved again
        // is recorded.
        if !warnings.is_empty() && self.warned.as_ref() != Some(&draft) {
            let text: Vec<&str> = warnings.iter().map(|w| w.text(lang)).collect();
            form.set_error(
                key::FIRST,
                format!(
                    "{}{}",
                    text.join(lang.pick("；", "; ")),
                    lang.pick("。确认无误请再按 Ctrl-S", ". Press Ctrl-S again to record it anyway")
                ),
            );
            self.warned = Some(draft);
            return Err(SaveError::Invalid);
        }
        self.warned = None;
        cx.service.record_payments(std::slice::from_ref(&draft))?;
        Ok(vec![Action::Reload, Action::Info(lang.pick("已登记党费", "payment recorded").into())])
    }
}

/// A member's dues profile: category, schedule, and a reduction or exemption approved above.
fn profile_form(cx: &Cx, p: &DuesProfile, name: &str) -> Form {
    let lang = cx.lang;
    let r = p.relief.as_ref();
    let mut relief = vec![Opt::new("none", lang.pick("无", "none"))];
    relief.extend(opts(ReliefKind::ALL, ReliefKind::id, |k| k.label(lang)));
    let fields = vec![
        Field::choice(
            key::CATEGORY,
            lang.pick("类别", "Category"),
            opts(DuesCategory::ALL, DuesCategory::id, |c| c.label(lang)),
            p.category.id(),
        ),
        Field::choice(
            key::SCHEDULE,
            lang.pick("交纳方式", "Schedule"),
            opts(DuesSchedule::ALL, DuesSchedule::id, |c| c.label(lang)),
            p.schedule.id(),
        ),
        Field::date(key::QUARTERLY_SINCE, lang.pick("支部同意按季", "Quarterly since"), p.quarterly_since, lang),
        Field::choice(key::RELIEF, lang.pick("减免", "Relief"), relief, r.map_or("none", |r| r.kind.id())),
        Field::text(field::APPROVED_BY, lang.pick("批准的上级党委", "Approved by"), r.map_or("", |r| &r.approved_by)),
        Field::date(key::APPROVED_ON, lang.pick("批准日期", "Approved on"), r.map(|r| r.approved_on), lang),
        Field::date(key::UNTIL, lang.pick("截止日期", "Until"), r.and_then(|r| r.until), lang),
    ];
    let title = match lang {
        Lang::Zh => format!("{} 的党费类别与减免", display_safe(name)),
        Lang::En => format!("Dues profile of {name}"),
    };
    Form::new(FormKind::Tab(PROFILE, Some(p.member_id)), title, fields)
}

fn save_profile(form: &mut Form, member_id: i64, cx: &mut Cx) -> Result<Vec<Action>, SaveError> {
    let (lang, today) = (cx.lang, cx.today());
    let quarterly_since = form.date(key::QUARTERLY_SINCE, false, today, lang);
    let kind = ReliefKind::from_id(form.choice(key::RELIEF));
    let approved_on = form.date(key::APPROVED_ON, kind.is_some(), today, lang);
    let until = form.date(key::UNTIL, false, today, lang);
    if form.has_errors() {
        return Err(SaveError::Invalid);
    }
    let p = DuesProfile {
        member_id,
        category: DuesCategory::from_id(form.choice(key::CATEGORY)).unwrap_or(DuesCategory::Employed),
        schedule: DuesSchedule::from_id(form.choice(key::SCHEDULE)).unwrap_or(DuesSchedule::Monthly),
        quarterly_since,
        relief: match (kind, approved_on) {
            (Some(kind), Some(approved_on)) => {
                Some(Relief { kind, approved_by: form.text(field::APPROVED_BY), approved_on, until })
            }
            _ => None,
        },
    };
    match cx.service.save_dues_profile(&p) {
        Ok(()) => Ok(vec![Action::Reload, Action::Info(lang.pick("已保存党费类别与减免", "dues profile saved").into())]),
        Err(ServiceError::Invalid(errs)) => {
            form.show_errors(&errs, lang);
            Err(SaveError::Invalid)
        }
        Err(e) => Err(e.into()),
    }
}

/// The year's 党费收缴使用公布.
fn publication_form(cx: &Cx, year: i32, p: Option<chrono::NaiveDate>) -> Form {
    let lang = cx.lang;
    let fields = vec![
        Field::date(key::PUBLISHED_ON, lang.pick("公布日期", "Published on"), Some(p.unwrap_or(cx.today())), lang),
        Field::text(field::NOTE, lang.pick("说明", "Note"), "")
            .hint(lang.pick("如：在支部党员大会上公布", "e.g. read out at the general meeting")),
    ];
    let title = match lang {
        Lang::Zh => format!("{year}年党费收缴、使用情况公布"),
        Lang::En => format!("{year} dues published to members"),
    };
    Form::new(FormKind::Tab(PUBLICATION, Some(i64::from(year))), title, fields)
}

fn save_publication(form: &mut Form, year: i64, cx: &mut Cx) -> Result<Vec<Action>, SaveError> {
    let (lang, today) = (cx.lang, cx.today());
    let Some(published_on) = form.date(key::PUBLISHED_ON, true, today, lang) else { return Err(SaveError::Invalid) };
    let p = Publication { year: year as i32, published_on, note: form.text(field::NOTE) };
    match cx.service.publish_dues(&p) {
        Ok(()) => Ok(vec![Action::Reload, Action::Info(lang.pick("已记录公布", "publication recorded").into())]),
        Err(ServiceError::Invalid(errs)) => {
            form.show_errors(&errs, lang);
            Err(SaveError::Invalid)
        }
        Err(e) => Err(e.into()),
    }
}

impl TabView for DuesTab {
    fn selected_record(&self) -> Option<(&'static str, i64)> {
        self.table.selected().and_then(|r| r.row.as_ref()).map(|r| ("dues_profile", r.member_id))
    }

    fn create(year: i32) -> Self {
        DuesTab {
            year,
            table: TableView::new(COLUMNS)
                .with_empty(("本年没有党员；按 2 到党员页录入", "no members this year; 2 goes to the members tab")),
            collection: None,
            calibration: None,
            totals: (0, 0),
            publication: None,
            warned: None,
            start: None,
            pane: DetailPane::default(),
        }
    }

    fn title(&self, lang: Lang) -> &'static str {
        lang.pick("党费", "Dues")
    }

    fn owns(&self, f: &Finding) -> bool {
        is_dues(f.rule)
    }

    fn load(&mut self, cx: &Cx) -> Result<(), ServiceError> {
        self.load_rows(cx)
    }

    fn unload(&mut self) -> bool {
        self.table.unload();
        true
    }

    fn contexts(&self) -> Vec<Ctx> {
        if self.collection.is_some() {
            return vec![Ctx::Collection];
        }
        if self.calibration.is_some() {
            return vec![Ctx::Calibration];
        }
        table_contexts(self.table.filtering, &[Ctx::Dues, Ctx::Detail, Ctx::Yearly, Ctx::Table, Ctx::Global])
    }

    fn update(&mut self, msg: Msg, cx: &mut Cx) -> Vec<Action> {
        if let Some(c) = self.collection.take() {
            return self.update_collection(c, msg, cx);
        }
        if let Some(c) = self.calibration.take() {
            return self.update_calibration(c, msg, cx);
        }
        if self.table.handle(&msg) || self.pane.handle(&msg) {
            return Vec::new();
        }
        match msg {
            Msg::PrevYear | Msg::NextYear => {
                self.year = step_year(self.year, &msg);
                report(self.load_rows(cx))
            }
            Msg::Collect => match Collection::load(cx, Ym::of(cx.today())) {
                Ok(c) => {
                    self.collection = Some(c);
                    Vec::new()
                }
                Err(e) => vec![Action::Error(e)],
            },
            Msg::New => {
                self.warned = None;
                let member = self.table.selected().and_then(|r| r.row.as_ref()).map(|r| r.member_id);
                let form = payment_form(cx, member);
                self.start = Some(Start { member, first: form.text(key::FIRST), months: form.text(field::MONTHS) });
                vec![Action::Form(Box::new(form))]
            }
            Msg::Open => match self.table.selected().and_then(|r| r.row.as_ref()) {
                Some(r) => match cx.service.dues_profile(r.member_id) {
                    Ok(p) => vec![Action::Form(Box::new(profile_form(cx, &p, &r.name)))],
                    Err(e) => vec![Action::Error(e)],
                },
                None => Vec::new(),
            },
            Msg::Dispose => {
                let member = self.table.selected().and_then(|r| r.row.as_ref()).map(|r| r.member_id);
                let lapse = cx.overdue.findings.iter().find(|f| six_month_lapse(f) && Some(f.subject) == member.map(Subject::Member));
                match lapse {
                    // The 评议 tab keeps the 组织处置 records: it shows the one recorded or opens a new one.
                    Some(f) => vec![Action::ActOn(f.clone())],
                    None => vec![Action::Info(
                        cx.lang.pick("该党员没有连续六个月未交党费", "this member has no six-month dues lapse").into(),
                    )],
                }
            }
            Msg::Publish => vec![Action::Form(Box::new(publication_form(cx, self.year, self.publication)))],
            Msg::Calibrate => match Calibration::load(cx, self.year) {
                Ok(c) => {
                    self.calibration = Some(c);
                    Vec::new()
                }
                Err(e) => vec![Action::Error(e)],
            },
            _ => Vec::new(),
        }
    }

    fn render(&mut self, f: &mut Frame, area: Rect, theme: &Theme, cx: &Cx) {
        let lang = cx.lang;
        let published = match (self.publication, lang) {
            (Some(d), Lang::Zh) => format!(" 已公布 {}", dates::fmt(d)),
            (Some(d), Lang::En) => format!(" published {}", dates::fmt(d)),
            (None, _) => String::new(),
        };
        let title = match lang {
            Lang::Zh => format!(
                "{}年党费 实缴 {} / 应缴 {} 元{published}",
                self.year,
                fmt_yuan(self.totals.0),
                fmt_yuan(self.totals.1)
            ),
            Lang::En => format!(
                "Dues {}: paid {} of {} yuan{published}",
                self.year,
                fmt_yuan(self.totals.0),
                fmt_yuan(self.totals.1)
            ),
        };
        let (table_area, detail_area) = DetailPane::split(area);
        let lines = self.detail(cx, theme, detail_area.width.saturating_sub(2) as usize);
        self.table.render(f, table_area, theme, lang, &title, true);
        let id = self.table.selected_id();
        self.pane.render(f, detail_area, theme, lang, id, lines);
        if let Some(c) = &mut self.collection {
            c.render(f, area, theme, lang);
        }
        if let Some(c) = &self.calibration {
            c.render(f, area, theme, cx);
        }
    }

    /// Shows the member's row (or, for a branch finding, the year) of the finding.
    fn act_on(&mut self, f: &Finding, cx: &mut Cx) -> Vec<Action> {
        self.table.clear_filter();
        let year = if f.rule == RuleId::DuesCalibration { f.due.year() } else { cx.today().year().min(f.due.year()) };
        let mut actions = Vec::new();
        if self.year != year || self.table.is_empty() {
            self.year = year;
            actions = report(self.load_rows(cx));
        }
        if let Subject::Member(id) = f.subject {
            self.table.select_id(id);
        }
        actions
    }

    /// The payment form's first month and months follow the member chosen, as long as they
    /// are what the form offered. A first month typed by the secretary takes the months left of
    /// the unpaid run from there (one outside it), unless she typed the months too: retyping
    /// the start never pays months ahead that she did not ask for.
    fn form_changed(&mut self, form: &mut Form, cx: &mut Cx) -> Result<(), ServiceError> {
        let FormKind::Tab(PAYMENT, _) = form.kind else { return Ok(()) };
        let Some(offered) = &self.start else { return Ok(()) };
        let member = form.picked(key::MEMBER);
        if member == offered.member {
            if form.text(key::FIRST) != offered.first && !form.field(field::MONTHS).touched {
                let run = parse_month(&offered.first).map(|ym| ym.span(offered.months.parse().unwrap_or(1)).collect::<Vec<_>>());
                let left = match (run, parse_month(&form.text(key::FIRST))) {
                    (Some(run), Some(typed)) => run.iter().position(|m| *m == typed).map_or(1, |i| run.len() - i),
                    _ => 1,
                };
                form.set_text(field::MONTHS, &left.to_string());
            }
            return Ok(());
        }
        if form.text(key::FIRST) != offered.first || form.text(field::MONTHS) != offered.months {
            // Typed by the secretary: kept, whoever is chosen.
            self.start = None;
            return Ok(());
        }
        let start = owed_start(cx, member)?;
        form.set_text(key::FIRST, &start.first);
        form.set_text(field::MONTHS, &start.months);
        self.start = Some(start);
        Ok(())
    }

    fn save_form(&mut self, form: &mut Form, cx: &mut Cx) -> Result<Vec<Action>, SaveError> {
        form.clear_errors();
        match form.kind {
            FormKind::Tab(PAYMENT, _) => self.save_payment(form, cx),
            FormKind::Tab(PROFILE, Some(id)) => save_profile(form, id, cx),
            FormKind::Tab(PUBLICATION, Some(year)) => save_publication(form, year, cx),
            _ => Ok(Vec::new()),
        }
    }
}
