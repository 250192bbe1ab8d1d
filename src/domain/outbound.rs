//! Text leaving the program (tables on a terminal, CSV, and any later export such as xlsx):
//! what a hand-edited or hostile record could smuggle out is neutralised here, in one place.
//!
//! - C0 and C1 control characters (an `ESC` can set a terminal's clipboard or clear its screen)
//!   and the bidirectional overrides and isolates (U+202A-U+202E, U+2066-U+2069, which reorder
//!   everything after them) are removed; tabs and line breaks become spaces.
//! - A spreadsheet cell that starts (after spaces, tabs or line breaks) with `=`, `+`, `-` or `@` would run as a formula in Excel
//!   or WPS (`=HYPERLINK(...)`): it gets a leading `'`, which makes it text. Plain numbers such
//!   as `-1.5` stay numbers. An xlsx writer should write every cell through
//!   [`spreadsheet_cell`] as a string cell.

use std::borrow::Cow;

/// Whether `c` reorders the text after it (bidirectional embedding, override or isolate).
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

fn unsafe_char(c: char) -> bool {
    c.is_control() || is_bidi_control(c)
}

/// `s` without control and bidi characters; tabs and line breaks become spaces.
pub fn clean(s: &str) -> Cow<'_, str> {
    if !s.chars().any(unsafe_char) {
        return Cow::Borrowed(s);
    }
    Cow::Owned(
        s.chars()
            .filter_map(|c| match c {
                '\t' | '\n' | '\r' => Some(' '),
                c if unsafe_char(c) => None,
                c => Some(c),
            })
            .collect(),
    )
}

/// A cell for a spreadsheet (CSV, xlsx): cleaned, and made text if it would start a formula.
pub fn spreadsheet_cell(s: &str) -> String {
    let c = clean(s);
    // Spreadsheets skip leading spaces before a formula too.
    let formula = c.trim_start().starts_with(['=', '+', '-', '@']) && c.trim().parse::<f64>().is_err();
    if formula { format!("'{c}") } else { c.into_owned() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_become_text() {
        for s in ["=HYPERLINK(\"http://x.cn\",\"点\")", "+cmd|' /C calc'!A0", "@SUM(1+1)", "-2+3", "=1+1"] {
            assert_eq!(spreadsheet_cell(s), format!("'{s}"), "{s}");
        }
        // A leading tab or carriage return is gone, so what follows is judged.
        assert_eq!(spreadsheet_cell("\t=1+1"), "' =1+1");
        assert_eq!(spreadsheet_cell("\r@x"), "' @x");
        assert_eq!(spreadsheet_cell(" -2+3"), "' -2+3");
    }

    #[test]
    fn numbers_and_ordinary_text_stay() {
        for s in ["-1.5", "+3", "12", "张三", "城关街道", "a=b", ""] {
            assert_eq!(spreadsheet_cell(s), s);
        }
    }

    #[test]
    fn controls_and_bidi_are_removed() {
        assert_eq!(clean("张\u{1b}]52;c;aGk=\u{7}三"), "张]52;c;aGk=三");
        assert_eq!(clean("\u{1b}[2J李四"), "[2J李四");
        assert_eq!(clean("\u{202e}王五\u{2066}x\u{2069}"), "王五x");
        assert_eq!(clean("a\u{9b}b\u{85}c"), "abc");
        assert_eq!(clean("a\tb\nc"), "a b c");
        assert!(matches!(clean("普通文字"), Cow::Borrowed(_)));
    }
}
