//! Drawing the whole screen: tab bar, the current tab, status line, key hints, and the overlay.
//! Reads the model only (its `&mut` is for widget state such as table offsets).

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::app::{App, Overlay, StatusKind, Tab};
use super::keymap;
use super::text::{ClearPopup, display_safe, fit, width};
use crate::domain::lang::Lang;

/// Below this the layout cannot hold a table and its detail pane.
pub const MIN_W: u16 = 80;
pub const MIN_H: u16 = 24;

pub fn render(app: &mut App, f: &mut Frame) {
    render_screen(app, f);
    // Text from the file may carry bidirectional overrides, which would reorder what the
    // terminal draws after them (other rows too): none reaches the terminal.
    super::text::neutralise_bidi(f.buffer_mut());
}

fn render_screen(app: &mut App, f: &mut Frame) {
    let area = f.area();
    app.too_small = area.width < MIN_W || area.height < MIN_H;
    if app.too_small {
        let quit = matches!(app.overlay, Overlay::None);
        let msg = match (app.lang, quit) {
            (Lang::Zh, true) => {
                format!("窗口太小：至少需要 {MIN_W}x{MIN_H}，当前 {}x{}。请放大窗口。q 退出", area.width, area.height)
            }
            (Lang::Zh, false) => format!(
                "窗口太小：至少需要 {MIN_W}x{MIN_H}，当前 {}x{}。请放大窗口，表单内容仍在",
                area.width, area.height
            ),
            (Lang::En, true) => format!(
                "The terminal is too small: {MIN_W}x{MIN_H} needed, {}x{} now. Enlarge it. q quits",
                area.width, area.height
            ),
            (Lang::En, false) => format!(
                "The terminal is too small: {MIN_W}x{MIN_H} needed, {}x{} now. Enlarge it; the form is kept",
                area.width, area.height
            ),
        };
        let lines: Vec<Line> = super::text::wrap(&msg, area.width as usize)
            .into_iter()
            .take(area.height as usize)
            .map(Line::from)
            .collect();
        f.render_widget(Paragraph::new(lines), area);
        return;
    }
    let footer_h = footer_lines(app, area.width).len() as u16;
    let tabs = Rect { height: 1, ..area };
    let body = Rect { y: area.y + 1, height: area.height - 2 - footer_h, ..area };
    let status = Rect { y: area.y + area.height - 1 - footer_h, height: 1, ..area };
    let footer = Rect { y: area.y + area.height - footer_h, height: footer_h, ..area };

    render_tabs(app, f, tabs);
    let (theme, lang) = (app.theme, app.lang);
    app.render_tab(f, body);
    render_status(app, f, status);
    render_footer(app, f, footer);

    match &mut app.overlay {
        Overlay::None => {}
        Overlay::Form(form) => form.render(f, body, &theme, lang),
        Overlay::Confirm(c) => {
            // As wide as the question (up to the screen), as tall as its wrapped lines.
            let w = (width(&c.text) as u16 + 4).clamp(30, body.width.min(70));
            let lines = (width(&c.text) as u16).div_ceil(w - 4).max(1) + 1;
            let h = (lines + 2).min(body.height);
            let r = Rect { x: body.x + (body.width - w) / 2, y: body.y + (body.height - h) / 2, width: w, height: h };
            f.render_widget(ClearPopup, r);
            f.render_widget(Paragraph::new(c.text.as_str()).block(theme.block()).wrap(Wrap { trim: true }), r);
        }
        Overlay::Help { scroll, first, only, .. } => {
            let scratch = app.scratch.as_ref().map(|s| s.path.as_path());
            render_help(f, body, &theme, lang, scroll, first, *only, scratch)
        }
        Overlay::Groups(g) => g.render(f, body, &theme, lang),
        Overlay::History { history, scroll } => render_history(f, body, &theme, lang, history, scroll),
    }
    if theme.ascii {
        console_safe(f.buffer_mut());
    }
}

/// With ASCII borders (the legacy Windows console), every cell holding a character whose width
/// that console disagrees on (East Asian ambiguous: quotes a Chinese input method types, `§`,
/// `·`, box lines) is drawn as its one-cell ASCII equivalent, so that no line is pushed out of
/// place. Whatever text it came from, the screen's columns stay where they were laid out.
fn console_safe(buf: &mut ratatui::buffer::Buffer) {
    for cell in buf.content.iter_mut() {
        let mut chars = cell.symbol().chars();
        if let (Some(c), None) = (chars.next(), chars.next())
            && let Some(ascii) = super::text::ascii_equivalent(c)
        {
            cell.set_char(ascii);
        }
    }
}

/// The tab bar. With many tabs on a narrow screen the labels get tighter step by step: no
/// padding, then the tabs not shown take their short labels ([`short_title`]), then the one
/// shown too, and at the last step the others are their number and count only, so every tab
/// stays reachable and every count visible. The branch name takes the room left, if some of it
/// can be read there.
fn render_tabs(app: &App, f: &mut Frame, area: Rect) {
    let label = |i: usize, t: Tab, step: u8| {
        let n = app.tab_count(t);
        let count = if n > 0 { format!("({n})") } else { String::new() };
        let title = app.tab_title(t);
        let short = short_title(t, title, app.lang);
        match step {
            0 => format!(" {} {title}{count} ", i + 1),
            1 => format!("{} {title}{count}", i + 1),
            2 => format!("{}{title}{count}", i + 1),
            3 if t == app.tab => format!("{}{title}{count}", i + 1),
            3 | 4 => format!("{}{short}{count}", i + 1),
            _ if t == app.tab => format!("{}{short}{count}", i + 1),
            _ => format!("{}{count}", i + 1),
        }
    };
    let total = |step: u8| Tab::ALL.iter().enumerate().map(|(i, t)| width(&label(i, *t, step)) + 1).sum::<usize>();
    let step = (0..5).find(|s| total(*s) <= area.width as usize).unwrap_or(5);
    let mut spans = Vec::new();
    for (i, t) in Tab::ALL.iter().enumerate() {
        let style = if *t == app.tab { app.theme.tab_active() } else { app.theme.base() };
        spans.push(Span::styled(label(i, *t, step), style));
        spans.push(Span::raw(" "));
    }
    let used: usize = spans.iter().map(|s| width(&s.content)).sum();
    let s = app.service.settings();
    let name = if s.branch_name.is_empty() {
        app.lang.pick("（未设置支部名称，按 s）", "(no branch name: press s)").to_string()
    } else {
        display_safe(&s.branch_name)
    };
    let room = (area.width as usize).saturating_sub(used + 1);
    // Two characters and the mark at least: a lone `~` or one character says nothing.
    let name = if width(&name) <= room || room >= 5 { fit(&name, room) } else { String::new() };
    spans.push(Span::raw(" ".repeat(room.saturating_sub(width(&name)))));
    spans.push(Span::styled(name, app.theme.muted()));
    f.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// A tab's label where the titles do not all fit: a short word chosen for each (English titles
/// cut to one width read badly: "To" for "To do"); a tab without one keeps the first word of its
/// title, cut to four cells (two characters of a Chinese title: 三会一课 is 三会).
fn short_title(tab: Tab, title: &'static str, lang: Lang) -> &'static str {
    let chosen = match (lang, tab) {
        (Lang::En, Tab::Dashboard) => Some("Todo"),
        (Lang::En, Tab::Members) => Some("Memb"),
        (Lang::En, Tab::Meetings) => Some("Meet"),
        (Lang::En, Tab::Study) => Some("Study"),
        (Lang::En, Tab::Pledges) => Some("Pledge"),
        (Lang::En, Tab::Evaluation) => Some("Rev"),
        (Lang::En, Tab::Dues) => Some("Dues"),
        (Lang::En, Tab::Mobile) => Some("Mob"),
        _ => None,
    };
    chosen.unwrap_or_else(|| first_cells(title, 4))
}

/// The start of `s` that fits in `cells` columns, without a mark (a tab's short label); a
/// title of several words keeps only its first.
fn first_cells(s: &'static str, cells: usize) -> &'static str {
    let s = s.split(' ').next().unwrap_or(s);
    let mut used = 0;
    let end = s
        .char_indices()
        .find(|(_, c)| {
            used += unicode_width::UnicodeWidthChar::width(*c).unwrap_or(0);
            used > cells
        })
        .map_or(s.len(), |(i, _)| i);
    &s[..end]
}

fn render_status(app: &App, f: &mut Frame, area: Rect) {
    let shorter: &[String] = app.status.as_ref().map_or(&[], |s| &s.shorter);
    let (text, style) = match &app.status {
        Some(s) => (s.text.clone(), if s.kind == StatusKind::Error { app.theme.error() } else { app.theme.ok() }),
        None if app.service.is_read_only() => {
            (app.lang.pick("只读：不能保存", "read-only: cannot save").to_string(), app.theme.error())
        }
        None => (String::new(), app.theme.base()),
    };
    use crate::domain::rules::Severity;
    let today = crate::domain::dates::fmt(app.today());
    let (over, soon) = (app.overdue.count(Severity::Overdue), app.overdue.count(Severity::DueSoon));
    let right = format!(
        "{} {over}  {} {soon}  {} {today}",
        Severity::Overdue.label(app.lang),
        Severity::DueSoon.label(app.lang),
        app.lang.pick("今天", "today")
    );
    // Two spaces at least between the message and the counts, so they never read as one.
    let left_w = (area.width as usize).saturating_sub(width(&right) + 2);
    // The longest form that fits; the shortest is cut, with its mark, when none does.
    let text = std::iter::once(&text).chain(shorter).find(|t| width(t) <= left_w).or(shorter.last()).unwrap_or(&text);
    let line = Line::from(vec![
        Span::styled(fit(text, left_w), style),
        Span::raw(" ".repeat(left_w.saturating_sub(width(&fit(text, left_w))) + 2)),
        Span::styled(right, app.theme.muted()),
    ]);
    f.render_widget(Paragraph::new(line), area);
}

/// The key hints of the current context, laid out on one line; a form or dialog, whose keys
/// are all needed while it is open, takes two when one cannot hold them (a tab keeps its
/// rows). Help and quit always stay, at the end; the others are cut where a whole hint ends,
/// and help lists them all.
fn footer_lines(app: &App, width_cells: u16) -> Vec<Vec<(String, &'static str)>> {
    let read_only = app.lang.pick("只读：不能保存", "read-only: cannot save");
    let chain = app.context();
    let max_lines = if chain.contains(&keymap::Ctx::Global) { 1 } else { 2 };
    let (mut rest, mut last) = (Vec::new(), Vec::new());
    for (key, label, msg) in keymap::hints(&chain, app.lang) {
        let label = if app.service.is_read_only() && msg == keymap::Msg::Save { read_only } else { label };
        if matches!(msg, keymap::Msg::Help | keymap::Msg::Quit | keymap::Msg::Undo) { &mut last } else { &mut rest }
            .push((key, label));
    }
    let w = |(key, label): &(String, &str)| width(key) + width(label) + 3;
    let room = width_cells as usize;
    let last_w: usize = last.iter().map(w).sum();
    let mut lines: Vec<Vec<(String, &str)>> = vec![Vec::new()];
    let mut used = 0;
    for h in rest {
        if used + w(&h) > room {
            if lines.len() == max_lines {
                break;
            }
            lines.push(Vec::new());
            used = 0;
        }
        used += w(&h);
        lines.last_mut().expect("a line").push(h);
    }
    // Help, quit and undo (every screen has them) end the last line, or take a line of their own.
    if used + last_w > room {
        if lines.len() < max_lines {
            lines.push(Vec::new());
        } else {
            while used + last_w > room
                && let Some(h) = lines.last_mut().and_then(|l| l.pop())
            {
                used -= w(&h);
            }
        }
    }
    lines.last_mut().expect("a line").extend(last);
    lines
}

fn render_footer(app: &App, f: &mut Frame, area: Rect) {
    let lines: Vec<Line> = footer_lines(app, area.width)
        .into_iter()
        .map(|hints| {
            let mut spans = Vec::new();
            for (key, label) in hints {
                spans.push(Span::styled(key, app.theme.key()));
                spans.push(Span::raw(format!(" {label}  ")));
            }
            Line::from(spans)
        })
        .collect();
    f.render_widget(Paragraph::new(lines), area);
}

/// How study time is counted and when a member is flagged, in the user's words (docs/rules.md
/// has the details and the official sources). Short lines: the help does not wrap.
fn rules_help(lang: Lang, theme: &super::theme::Theme) -> Vec<Line<'static>> {
    let text: &[&str] = match lang {
        Lang::Zh => &[
            "学习时间怎么算、何时提醒",
            "  出席、迟到、补学、送学上门的会议按会议学时计入；",
            "  党校轮训、上级培训、送学上门的个人记录也计入；",
            "  在线学习按2006年意见默认不计入（设置中可改）。",
            "  年中转入的党员按在本支部的整月数折算目标。",
            "  年内学得慢只标「落后」，年底前可以补学；",
            "  过了12月31日仍不够才标「未达标」（逾期）。",
            "  免于集中学习的党员不设目标，不列入会议名单。",
            "  无正当理由连续6个月不参加组织生活为逾期；",
            "  请假或外出的月份另计，只提醒安排补学。",
            "  已归档的党员不再提醒。规则与出处见 docs/rules.md。",
        ],
        Lang::En => &[
            "How study time counts, and when a member is flagged",
            "  Meetings count for those present, late, making up or",
            "  visited at home, at the meeting's credit; party-school,",
            "  higher training and home-delivery records count too;",
            "  online study does not under the 2006 rules (a setting).",
            "  Mid-year joiners have the target prorated by month.",
            "  During the year a member is at most behind: make-up",
            "  study counts until 31 Dec; short comes after the year.",
            "  Exempt members have no target and no meeting roster.",
            "  Six months without org. life and without a reason is",
            "  overdue; months on leave or away only bring a reminder.",
            "  Archived members raise nothing. Rules: docs/rules.md.",
        ],
    };
    let mut out = vec![Line::from("")];
    out.push(Line::from(Span::styled(text[0].to_string(), theme.header())));
    out.extend(text[1..].iter().map(|t| Line::from(t.to_string())));
    out
}

/// The keys of every context, those of `first` (where help was opened) at the top; with
/// `only`, the keys of `first` alone (a dialog, where the others do nothing).
#[allow(clippy::too_many_arguments)]
fn render_help(
    f: &mut Frame,
    area: Rect,
    theme: &super::theme::Theme,
    lang: Lang,
    scroll: &mut u16,
    first: &[keymap::Ctx],
    only: bool,
    scratch: Option<&std::path::Path>,
) {
    let mut lines = Vec::new();
    if let Some(path) = scratch {
        lines.push(Line::from(Span::styled(
            lang.pick(
                "本窗口用的是示例库的副本，原文件不变。副本：",
                "This window works on a copy; the sample stays as it is. The copy:",
            ),
            theme.header(),
        )));
        // The whole path, over as many lines as it needs (wrapping would drop a space).
        let room = area.width.saturating_sub(2).max(1) as usize;
        let (mut line, mut used) = (String::new(), 0);
        for c in path.display().to_string().chars() {
            let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
            if used + w > room && !line.is_empty() {
                lines.push(Line::from(std::mem::take(&mut line)));
                used = 0;
            }
            line.push(c);
            used += w;
        }
        lines.push(Line::from(line));
        lines.push(Line::from(""));
    }
    // A dialog's help is its keys: it has no date fields, and the rules are the tabs' matter.
    if !only {
        lines.push(Line::from(Span::styled(
            lang.pick(
                "日期可输入 2026-11-28、20261128、1128 或 11-28（今年）、t（今天）",
                "Dates: 2026-11-28, 20261128, 1128 or 11-28 (this year), t (today)",
            ),
            theme.muted(),
        )));
    }
    let mut sections = keymap::help(lang, Tab::ALL.len());
    if only {
        sections.retain(|(ctx, _, _)| first.contains(ctx));
    }
    sections.sort_by_key(|(ctx, _, _)| first.iter().position(|c| c == ctx).unwrap_or(first.len()));
    for (_, title, rows) in sections {
        if !lines.is_empty() {
            lines.push(Line::from(""));
        }
        lines.push(Line::from(Span::styled(lang.t(title).to_string(), theme.header())));
        for (keys, label) in rows {
            lines.push(Line::from(vec![Span::styled(format!("  {keys:<16}"), theme.key()), Span::raw(label)]));
        }
    }
    if !only {
        lines.extend(rules_help(lang, theme));
    }
    let max = (lines.len() as u16).saturating_sub(area.height.saturating_sub(2));
    *scroll = (*scroll).min(max);
    f.render_widget(ClearPopup, area);
    let block = theme.block().title(Line::from(Span::styled(
        lang.pick(" 按键帮助（Up/Down、PgUp/PgDn 滚动，Esc 关闭） ", " Keys (Up/Down, PgUp/PgDn scroll; Esc closes) "),
        theme.title(),
    )));
    f.render_widget(Paragraph::new(lines).block(block).scroll((*scroll, 0)), area);
}

/// A record's changes, newest first: each with its time and what it did, then one line per
/// changed field with the old and the new value as the screens show them. Long values are cut
/// to the line.
fn render_history(
    f: &mut Frame,
    area: Rect,
    theme: &super::theme::Theme,
    lang: Lang,
    history: &crate::service::undo::History,
    scroll: &mut u16,
) {
    let inner = (area.width as usize).saturating_sub(2);
    let mut lines: Vec<Line> = Vec::new();
    if history.entries.is_empty() {
        lines.push(Line::from(Span::styled(
            lang.pick(
                "没有修改记录（在本程序开始记录修改之前录入）",
                "no changes recorded (entered before changes were logged)",
            ),
            theme.muted(),
        )));
    }
    for e in &history.entries {
        if !lines.is_empty() {
            lines.push(Line::from(""));
        }
        lines.push(Line::from(vec![
            Span::styled(format!("{}  ", e.at), theme.muted()),
            Span::styled(e.action.clone(), theme.header()),
        ]));
        let label_w = e.fields.iter().map(|c| width(&c.label)).max().unwrap_or(0).min(16);
        for c in &e.fields {
            let label = fit(&display_safe(&c.label), label_w);
            let pad = " ".repeat(label_w.saturating_sub(width(&label)));
            let value = if c.old.is_empty() {
                display_safe(&c.new)
            } else {
                format!("{} -> {}", display_safe(&c.old), display_safe(&c.new))
            };
            let value = fit(&value.replace('\n', " "), inner.saturating_sub(label_w + 4));
            lines.push(Line::from(vec![Span::raw(format!("  {label}{pad}  ")), Span::raw(value)]));
        }
    }
    let max = (lines.len() as u16).saturating_sub(area.height.saturating_sub(2));
    *scroll = (*scroll).min(max);
    f.render_widget(ClearPopup, area);
    let title = match lang {
        Lang::Zh => format!(" 修改记录：{}（Esc 关闭） ", display_safe(&history.title)),
        Lang::En => format!(" History: {} (Esc closes) ", display_safe(&history.title)),
    };
    let block = theme.block().title(Line::from(Span::styled(fit(&title, inner), theme.title())));
    f.render_widget(Paragraph::new(lines).block(block).scroll((*scroll, 0)), area);
}
