//! Width-aware text helpers. Every width is measured with `unicode-width` (a Chinese character
//! takes two cells), never with `len()`.

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
}
