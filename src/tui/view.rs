//! Drawing the whole screen: tab bar, the current tab, status line, key hints, and the overlay.
//! Reads the model only (its `&mut` is for widget state such as table offsets).

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Wrap};

use super::app::{App, Overlay, StatusKind, Tab};
use super::keymap;
use super::text::{display_safe, fit, width};
use crate::domain::lang::Lang;

/// Below this the layout cannot hold a table and its detail pane.
pub const MIN_W: u16 = 80;
pub const MIN_H: u16 = 24;

pub fn render(app: &mut App, f: &mut Frame) {
    let area = f.area();
    if area.width < MIN_W || area.height < MIN_H {
        let msg = match app.lang {
            Lang::Zh => {
                format!("窗口太小：至少需要 {MIN_W}x{MIN_H}，当前 {}x{}。请放大窗口。q 退出", area.width, area.height)
            }
            Lang::En => format!(
                "The terminal is too small: {MIN_W}x{MIN_H} needed, {}x{} now. Enlarge it. q quits",
                area.width, area.height
            ),
        };
        f.render_widget(Paragraph::new(msg).wrap(Wrap { trim: true }), area);
        return;
    }
    let tabs = Rect { height: 1, ..area };
    let body = Rect { y: area.y + 1, height: area.height - 3, ..area };
    let status = Rect { y: area.y + area.height - 2, height: 1, ..area };
    let footer = Rect { y: area.y + area.height - 1, height: 1, ..area };

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
            f.render_widget(Clear, r);
            f.render_widget(Paragraph::new(c.text.as_str()).block(theme.block()).wrap(Wrap { trim: true }), r);
        }
        Overlay::Help { scroll } => render_help(f, body, &theme, lang, scroll),
        Overlay::Groups(g) => g.render(f, body, &theme, lang),
    }
}

fn render_tabs(app: &App, f: &mut Frame, area: Rect) {
    let mut spans = Vec::new();
    for (i, t) in Tab::ALL.iter().enumerate() {
        let n = app.tab_count(*t);
        let text = if n > 0 {
            format!(" {} {}({n}) ", i + 1, app.tab_title(*t))
        } else {
            format!(" {} {} ", i + 1, app.tab_title(*t))
        };
        let style = if *t == app.tab { app.theme.tab_active() } else { app.theme.base() };
        spans.push(Span::styled(text, style));
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
    let name = fit(&name, room);
    spans.push(Span::raw(" ".repeat(room.saturating_sub(width(&name)))));
    spans.push(Span::styled(name, app.theme.muted()));
    f.render_widget(Paragraph::new(Line::from(spans)), area);
}

fn render_status(app: &App, f: &mut Frame, area: Rect) {
    let (text, style) = match &app.status {
        Some(s) => (s.text.clone(), if s.kind == StatusKind::Error { app.theme.error() } else { app.theme.ok() }),
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
    let left_w = (area.width as usize).saturating_sub(width(&right) + 1);
    let line = Line::from(vec![
        Span::styled(fit(&text, left_w), style),
        Span::raw(" ".repeat(left_w.saturating_sub(width(&fit(&text, left_w))) + 1)),
        Span::styled(right, app.theme.muted()),
    ]);
    f.render_widget(Paragraph::new(line), area);
}

fn render_footer(app: &App, f: &mut Frame, area: Rect) {
    let chain = app.context();
    let mut spans = Vec::new();
    let mut used = 0;
    for (key, label) in keymap::hints(&chain, app.lang) {
        let w = width(&key) + width(label) + 3;
        if used + w > area.width as usize {
            break;
        }
        used += w;
        spans.push(Span::styled(key, app.theme.key()));
        spans.push(Span::raw(format!(" {label}  ")));
    }
    f.render_widget(Paragraph::new(Line::from(spans)), area);
}

fn render_help(f: &mut Frame, area: Rect, theme: &super::theme::Theme, lang: Lang, scroll: &mut u16) {
    let mut lines = vec![Line::from(Span::styled(
        lang.pick(
            "日期可输入 2026-11-28、20261128、11-28（今年）或 t（今天）",
            "Dates: 2026-11-28, 20261128, 11-28 (this year) or t (today)",
        ),
        theme.muted(),
    ))];
    for (title, rows) in keymap::help(lang) {
        lines.push(Line::from(""));
        lines.push(Line::from(Span::styled(lang.t(title).to_string(), theme.header())));
        for (keys, label) in rows {
            lines.push(Line::from(vec![Span::styled(format!("  {keys:<16}"), theme.key()), Span::raw(label)]));
        }
    }
    let max = (lines.len() as u16).saturating_sub(area.height.saturating_sub(2));
    *scroll = (*scroll).min(max);
    f.render_widget(Clear, area);
    let block = theme.block().title(Line::from(Span::styled(
        lang.pick(" 按键帮助（Up/Down 滚动，Esc 关闭） ", " Keys (Up/Down scroll, Esc closes) "),
        theme.title(),
    )));
    f.render_widget(Paragraph::new(lines).block(block).scroll((*scroll, 0)), area);
}
