//! Width-aware text helpers. Every width is measured with `unicode-width` (a Chinese character
//! takes two cells), never with `len()`.

use crate::domain::lang::Lang;
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

pub fn width(s: &str) -> usize {
    UnicodeWidthStr::width(s)
}

/// Cuts `s` to at most `max` cells, ending with `~` when something was cut.
pub fn fit(s: &str, max: usize) -> String {
    if width(s) <= max {
        return s.to_string();
    }
    if max == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut w = 0;
    for c in s.chars() {
        let cw = c.width().unwrap_or(0);
        if w + cw > max - 1 {
            break;
        }
        out.push(c);
        w += cw;
    }
    out.push('~');
    out
}

/// Pads `s` with spaces to exactly `w` cells (cutting it first if needed).
pub fn pad(s: &str, w: usize) -> String {
    let s = fit(s, w);
    let n = w.saturating_sub(width(&s));
    format!("{s}{}", " ".repeat(n))
}

/// Replaces characters whose width differs between consoles (East Asian ambiguous width, such
/// as the `·` in minority names) by ones every console draws alike.
pub fn display_safe(s: &str) -> String {
    s.chars().map(|c| if c == '\u{b7}' || c == '\u{2022}' { '\u{30fb}' } else { c }).collect()
}

/// Cuts `s` into lines of at most `max` cells (a character wider than `max` is left out).
pub fn wrap(s: &str, max: usize) -> Vec<String> {
    let mut lines = vec![String::new()];
    let mut w = 0;
    for c in s.chars() {
        let cw = c.width().unwrap_or(0);
        if cw > max {
            continue;
        }
        if w + cw > max {
            lines.push(String::new());
            w = 0;
        }
        if let Some(l) = lines.last_mut() {
            l.push(c);
        }
        w += cw;
    }
    lines
}

/// Removes bidirectional embeddings, overrides and isolates from every drawn cell: one place
/// for all text from the file, whichever widget drew it.
pub fn neutralise_bidi(buf: &mut ratatui::buffer::Buffer) {
    use crate::domain::outbound::is_bidi_control;
    for cell in buf.content.iter_mut() {
        if cell.symbol().chars().any(is_bidi_control) {
            let kept: String = cell.symbol().chars().filter(|c| !is_bidi_control(*c)).collect();
            cell.set_symbol(if kept.is_empty() { " " } else { &kept });
        }
    }
}

/// "台账自 2025-01-01 起" with "（推算）" when no start is set: shown wherever the start limits
/// what is checked (docs/rules.md).
pub fn records_start_label((from, inferred): (chrono::NaiveDate, bool), lang: Lang) -> String {
    let d = crate::domain::dates::fmt(from);
    match (lang, inferred) {
        (Lang::Zh, false) => format!("台账自 {d} 起"),
        (Lang::Zh, true) => format!("台账自 {d} 起（按最早记录推算，可在设置中确定）"),
        (Lang::En, false) => format!("records from {d}"),
        (Lang::En, true) => format!("records from {d} (inferred; set it in the settings)"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrap_fits_any_width() {
        assert_eq!(wrap("窗口太小", 4), vec!["窗口", "太小"]);
        assert_eq!(wrap("窗口", 1), vec![""]);
        assert_eq!(wrap("ab c", 2), vec!["ab", " c"]);
        for w in 1..6 {
            assert!(wrap("窗口太小：至少需要 80x24", w).iter().all(|l| width(l) <= w));
        }
    }

    #[test]
    fn bidi_overrides_never_reach_the_terminal() {
        use ratatui::buffer::Buffer;
        use ratatui::layout::Rect;
        let mut buf = Buffer::empty(Rect::new(0, 0, 10, 1));
        buf.set_string(0, 0, "\u{202e}张三\u{2066}", ratatui::style::Style::default());
        neutralise_bidi(&mut buf);
        let drawn: String = buf.content.iter().map(|c| c.symbol()).collect();
        assert!(!drawn.chars().any(crate::domain::outbound::is_bidi_control), "{drawn:?}");
        assert!(drawn.contains('张'));
    }

    #[test]
    fn fit_and_pad_count_cells() {
        assert_eq!(fit("张三丰", 6), "张三丰");
        assert_eq!(fit("张三丰", 5), "张三~");
        assert_eq!(fit("张三丰", 4), "张~");
        assert_eq!(pad("张三", 6), "张三  ");
        assert_eq!(width(&pad("买买提·艾力", 8)), 8);
    }

    #[test]
    fn middle_dot_is_drawn_two_cells_everywhere() {
        assert_eq!(display_safe("买买提·艾力"), "买买提・艾力");
        assert_eq!(width(&display_safe("买买提·艾力")), 12);
    }
}
