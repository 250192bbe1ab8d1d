//! The detail pane under (or beside) a table: two fifths of the tab (six lines of text at 80x24),
//! the same for every record so that the table does not jump while moving through it; what does
//! not fit is marked on the pane's border with the keys that scroll it (`J`/`K`). Its lines are
//! wrapped, never cut.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::keymap::Msg;
use super::text::wrap_line;
use super::theme::Theme;
use crate::domain::lang::Lang;

/// Below this width the pane goes under the table; from it on, beside it.
const SIDE_BY_SIDE: u16 = 150;

#[derive(Default)]
pub struct DetailPane {
    scroll: usize,
    /// The record shown: another one starts at the top again.
    shown: Option<i64>,
}

impl DetailPane {
    /// `J`/`K` scroll the pane; any other message is not for it.
    pub fn handle(&mut self, msg: &Msg) -> bool {
        match msg {
            Msg::DetailDown => self.scroll += 1,
            Msg::DetailUp => self.scroll = self.scroll.saturating_sub(1),
            _ => return false,
        }
        true
    }

    /// Splits `area` into the table's part and the pane's.
    pub fn split(area: Rect) -> (Rect, Rect) {
        if area.width >= SIDE_BY_SIDE {
            let dw = 50.min(area.width / 3);
            return (Rect { width: area.width - dw, ..area }, Rect { x: area.x + area.width - dw, width: dw, ..area });
        }
        let dh = (area.height * 2 / 5).clamp(5, 12).min(area.height.saturating_sub(5));
        (Rect { height: area.height - dh, ..area }, Rect { y: area.y + area.height - dh, height: dh, ..area })
    }

    /// Draws `lines` (about record `id`) in a bordered pane titled 详情.
    pub fn render(
        &mut self,
        f: &mut Frame,
        area: Rect,
        theme: &Theme,
        lang: Lang,
        id: Option<i64>,
        lines: Vec<Line<'static>>,
    ) {
        let title = lang.pick("详情", "Details");
        if self.shown != id {
            self.shown = id;
            self.scroll = 0;
        }
        let mut block = theme.block().title(Line::from(Span::styled(format!(" {title} "), theme.title())));
        let inner = block.inner(area);
        let all = wrapped(&lines, inner.width as usize);
        let rows = inner.height as usize;
        self.scroll = self.scroll.min(all.len().saturating_sub(rows));
        let below = all.len().saturating_sub(self.scroll + rows);
        if self.scroll > 0 {
            let mark = match lang {
                Lang::Zh => format!(" ^ 上面还有{}行 K ", self.scroll),
                Lang::En => format!(" ^ {} more above: K ", self.scroll),
            };
            block = block.title(Line::from(Span::styled(mark, theme.key())).right_aligned());
        }
        if below > 0 {
            let mark = match lang {
                Lang::Zh => format!(" v 下面还有{below}行 J "),
                Lang::En => format!(" v {below} more below: J "),
            };
            block = block.title_bottom(Line::from(Span::styled(mark, theme.key())).right_aligned());
        }
        f.render_widget(block, area);
        let shown: Vec<Line> = all.into_iter().skip(self.scroll).take(rows).collect();
        f.render_widget(Paragraph::new(shown), inner);
    }
}

/// Every line wrapped to `w` cells.
fn wrapped<'a>(lines: &[Line<'a>], w: usize) -> Vec<Line<'a>> {
    lines.iter().flat_map(|l| wrap_line(l, w)).collect()
}
