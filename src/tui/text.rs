//! Width-aware text helpers. Every width is measured with `unicode-width` (a Chinese character
//! takes two cells), never with `len()`.

use crate::domain::lang::Lang;
use ratatui::text::{Line, Span};
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

/// [`display_safe`], borrowing `s` when it has nothing to replace (most names).
pub fn display_safe_cow(s: &str) -> std::borrow::Cow<'_, str> {
    if s.contains(['\u{b7}', '\u{2022}']) { display_safe(s).into() } else { s.into() }
}

/// Cuts `s` into lines of at most `max` cells (a character wider than `max` is left out).
/// Lines break between words of Latin text (the space is dropped) and anywhere in Chinese; a
/// word longer than a line is cut where the line is full.
pub fn wrap(s: &str, max: usize) -> Vec<String> {
    let chars: Vec<char> = s.chars().collect();
    line_ranges(&chars, max)
        .into_iter()
        .map(|(a, b)| chars[a..b].iter().filter(|c| c.width().unwrap_or(0) <= max).collect())
        .collect()
}

/// A styled line wrapped like [`wrap`], each piece of text keeping its style.
pub fn wrap_line<'a>(line: &Line<'a>, max: usize) -> Vec<Line<'a>> {
    let chars: Vec<(char, usize)> =
        line.spans.iter().enumerate().flat_map(|(i, sp)| sp.content.chars().map(move |c| (c, i))).collect();
    let plain: Vec<char> = chars.iter().map(|(c, _)| *c).collect();
    line_ranges(&plain, max)
        .into_iter()
        .map(|(a, b)| {
            let mut spans: Vec<Span<'a>> = Vec::new();
            let mut last = None;
            for &(c, i) in chars[a..b].iter().filter(|(c, _)| c.width().unwrap_or(0) <= max) {
                if last != Some(i) {
                    spans.push(Span::styled(String::new(), line.spans[i].style));
                    last = Some(i);
                }
                if let Some(sp) = spans.last_mut() {
                    sp.content.to_mut().push(c);
                }
            }
            Line::from(spans).style(line.style)
        })
        .collect()
}

/// Where lines of at most `max` cells begin and end (char indices), for [`wrap`]: a line breaks
/// after a space or beside a wide character, else where it is full; spaces at a break go.
fn line_ranges(chars: &[char], max: usize) -> Vec<(usize, usize)> {
    let cw = |c: char| c.width().unwrap_or(0);
    let mut out = Vec::new();
    let (mut start, mut w, mut brk) = (0, 0, None);
    let mut i = 0;
    while i < chars.len() {
        let (c, n) = (chars[i], cw(chars[i]));
        if n > max {
            i += 1;
            continue;
        }
        if w + n > max {
            let end = match brk {
                Some(b) if b > start && n < 2 && c != ' ' => b,
                _ => i,
            };
            let mut trimmed = end;
            while trimmed > start && chars[trimmed - 1] == ' ' {
                trimmed -= 1;
            }
            out.push((start, trimmed));
            start = end;
            while start < chars.len() && chars[start] == ' ' {
                start += 1;
            }
            i = i.max(start);
            w = chars[start..i].iter().map(|&c| cw(c)).filter(|&n| n <= max).sum();
            brk = None;
            continue;
        }
        if n > 1 {
            brk = Some(i);
        }
        w += n;
        i += 1;
        if c == ' ' || n > 1 {
            brk = Some(i);
        }
    }
    out.push((start, chars.len()));
    out
}

/// An error or note below a field, `^ ` before its first line and its other lines set in
/// under the text, wrapped to `max` cells: never cut.
pub fn wrap_marked(text: &str, max: usize) -> Vec<String> {
    let body = wrap(text, max.saturating_sub(2).max(1));
    body.into_iter().enumerate().map(|(i, l)| format!("{}{l}", if i == 0 { "^ " } else { "  " })).collect()
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

/// Clears a popup's area, as ratatui's `Clear` does, and blanks the two-cell characters
/// underneath that straddle its left or right edge. A terminal draws a character whole: one
/// begun just left of the popup would be drawn over the popup's left border (which is lost),
/// and one begun on the popup's last column hid the cell beyond it, which may still hold
/// something older that would show once the character is gone. Every popup and dialog clears
/// its area with this.
pub struct ClearPopup;

impl ratatui::widgets::Widget for ClearPopup {
    fn render(self, area: ratatui::layout::Rect, buf: &mut ratatui::buffer::Buffer) {
        let area = area.intersection(buf.area);
        if area.is_empty() {
            return;
        }
        for y in area.top()..area.bottom() {
            if area.left() > buf.area.left() {
                let cell = &mut buf[(area.left() - 1, y)];
                if cell.symbol().width() > 1 {
                    cell.set_symbol(" ");
                }
            }
            let last = area.right() - 1;
            let end = last.saturating_add(buf[(last, y)].symbol().width() as u16).min(buf.area.right());
            for x in last + 1..end {
                buf[(x, y)].reset();
            }
        }
        ratatui::widgets::Clear.render(area, buf);
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

/// The one-cell ASCII stand-in for a character the legacy Windows console draws two cells wide
/// while the layout counted one (East Asian ambiguous width), or `None` when the character is
/// drawn alike everywhere. Letters of other scripts (Greek, Cyrillic) have no stand-in and are
/// left as they are.
pub fn ascii_equivalent(c: char) -> Option<char> {
    if c.width() == c.width_cjk() {
        return None;
    }
    Some(match c {
        '\u{2018}' | '\u{2019}' | '\u{2032}' => '\'',
        '\u{201c}' | '\u{201d}' | '\u{2033}' => '"',
        '\u{b7}' | '\u{2022}' | '\u{2027}' | '\u{25cf}' | '\u{25cb}' | '\u{25a0}' | '\u{25a1}' => '*',
        '\u{2026}' | '\u{22ef}' => '~',
        '\u{2013}' | '\u{2014}' | '\u{2015}' | '\u{2500}' | '\u{2501}' | '\u{2550}' => '-',
        '\u{2502}' | '\u{2503}' | '\u{2551}' => '|',
        '\u{2500}'..='\u{257f}' => '+',
        '\u{2190}' => '<',
        '\u{2192}' => '>',
        '\u{2191}' => '^',
        '\u{2193}' => 'v',
        '\u{a7}' => 'S',
        '\u{b0}' => 'o',
        '\u{d7}' => 'x',
        '\u{b1}' => '+',
        '\u{2103}' => 'C',
        '\u{2116}' => '#',
        '\u{2460}'..='\u{2468}' => char::from(b'1' + (c as u32 - 0x2460) as u8),
        '\u{2588}' | '\u{2593}' | '\u{2592}' | '\u{2591}' => '#',
        '\u{25b2}' | '\u{25b3}' => '^',
        '\u{25bc}' | '\u{25bd}' => 'v',
        '\u{25b6}' | '\u{25b7}' => '>',
        '\u{25c0}' | '\u{25c1}' => '<',
        '\u{2605}' | '\u{2606}' | '\u{203b}' => '*',
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrap_fits_any_width() {
        assert_eq!(wrap("窗口太小", 4), vec!["窗口", "太小"]);
        assert_eq!(wrap("窗口", 1), vec![""]);
        assert_eq!(wrap("ab c", 2), vec!["ab", "c"]);
        assert_eq!(wrap("a date like 2026-11-28", 12), vec!["a date like", "2026-11-28"]);
        assert_eq!(wrap("党课须有主讲人：选一名党员", 14), vec!["党课须有主讲人", "：选一名党员"]);
        assert_eq!(wrap("abcdef", 4), vec!["abcd", "ef"]);
        assert_eq!(wrap_marked("必填项目", 6), vec!["^ 必填", "  项目"]);
        assert_eq!(wrap("", 5), vec![""]);
        assert_eq!(wrap("ab   cd", 3), vec!["ab", "cd"]);
        for w in 1..6 {
            assert!(wrap("窗口太小：至少需要 80x24", w).iter().all(|l| width(l) <= w));
        }
    }

    #[test]
    fn a_wrapped_line_keeps_its_styles() {
        use ratatui::style::Style;
        let line = Line::from(vec![Span::styled("请假: ", Style::new().red()), Span::raw("张三(出差)、李四")]);
        let lines = wrap_line(&line, 10);
        let text: Vec<String> = lines.iter().map(|l| l.spans.iter().map(|s| s.content.as_ref()).collect()).collect();
        assert_eq!(text, vec!["请假: 张三", "(出差)、李", "四"]);
        assert_eq!(lines[0].spans[0].style, Style::new().red());
        assert_eq!(lines[0].spans[1].content, "张三");
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
    fn ascii_equivalents_are_ascii_and_only_for_ambiguous_characters() {
        for c in ['“', '”', '‘', '’', '§', '·', '…', '—', '─', '│', '┌', '┼', '→', '●', '①', '⑨', '°']
        {
            let a = ascii_equivalent(c).unwrap_or_else(|| panic!("no stand-in for {c}"));
            assert!(a.is_ascii_graphic(), "{c} -> {a:?}");
        }
        assert_eq!(ascii_equivalent('①'), Some('1'));
        assert_eq!(ascii_equivalent('⑨'), Some('9'));
        for c in ['a', '张', '「', '」', '・', '～', 'Ж', '～'] {
            assert_eq!(ascii_equivalent(c), None, "{c}");
        }
    }

    #[test]
    fn middle_dot_is_drawn_two_cells_everywhere() {
        assert_eq!(display_safe("买买提·艾力"), "买买提・艾力");
        assert_eq!(width(&display_safe("买买提·艾力")), 12);
    }

    #[test]
    fn a_popup_blanks_the_wide_characters_across_its_edges() {
        use ratatui::buffer::Buffer;
        use ratatui::layout::Rect;
        use ratatui::widgets::{Block, Borders, Widget};
        let mut buf = Buffer::empty(Rect::new(0, 0, 12, 3));
        for y in 0..3 {
            buf.set_string(0, y, "周周周周周周", ratatui::style::Style::default());
        }
        // A cell a wide character hid may hold something older (a border under a title).
        buf[(9, 1)].set_symbol("─");
        // Left edge on a character's second cell (x = 3), right edge on one's first (x = 8).
        let popup = Rect::new(3, 0, 6, 3);
        ClearPopup.render(popup, &mut buf);
        Block::default().borders(Borders::ALL).render(popup, &mut buf);
        for y in 0..3 {
            let row: Vec<&str> = (0..12).map(|x| buf[(x, y)].symbol()).collect();
            assert_eq!((row[0], row[2], row[9], row[10]), ("周", " ", " ", "周"), "{row:?}");
            assert_eq!((row[3], row[8]), (["┌", "│", "└"][y as usize], ["┐", "│", "┘"][y as usize]), "{row:?}");
        }
        // At the screen's edges there is nothing beyond to blank.
        let mut full = Buffer::empty(Rect::new(0, 0, 4, 1));
        full.set_string(0, 0, "周周", ratatui::style::Style::default());
        ClearPopup.render(full.area, &mut full);
        assert_eq!(full, Buffer::empty(Rect::new(0, 0, 4, 1)));
    }
}
