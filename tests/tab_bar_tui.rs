//! The tab bar on the demo branch, with each tab shown, at 80 and 120 columns in both languages:
//! where the titles do not all fit, the other tabs take short labels chosen one by one ("Todo",
//! "Memb", ...), never titles cut to one width ("To", "Stud", "Pled").

mod common;

use common::*;
use ratatui::crossterm::event::KeyCode;
use zhibu::domain::lang::Lang;

/// The first line of the screen with each tab shown in turn.
fn bars(lang: Lang, w: u16, h: u16) -> Vec<String> {
    let dir = tempfile::tempdir().unwrap();
    let path = sample_db(dir.path());
    let mut app = app(&path, lang);
    (1..=8)
        .map(|n| {
            key(&mut app, KeyCode::Char(char::from(b'0' + n)));
            screen(&mut app, w, h).lines().next().unwrap_or_default().to_string()
        })
        .collect()
}

const EN_FULL: [&str; 8] = ["To do", "Members", "Meetings", "Study", "Pledges", "Review", "Dues", "Mobile"];
const EN_SHORT: [&str; 8] = ["Todo", "Memb", "Meet", "Study", "Pledge", "Rev", "Dues", "Mob"];
const ZH: [&str; 8] = ["待办", "党员", "三会一课", "学习", "承诺", "评议", "党费", "流动"];

/// The labels of a bar, in order: each from its number to its count (the counts hold digits
/// too, so each is looked for after the previous one).
fn labels(bar: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = bar;
    for n in 1..=8 {
        let start = rest.find(&n.to_string()).unwrap_or_else(|| panic!("tab {n} in {bar}"));
        let open = rest[start..].find('(').unwrap_or_else(|| panic!("a count for tab {n} in {bar}")) + start;
        out.push(rest[start + 1..open].trim().to_string());
        rest = &rest[open + rest[open..].find(')').expect("count closed") + 1..];
    }
    out
}

#[test]
fn english_labels_at_80_columns_are_words_not_cuts() {
    let bars = bars(Lang::En, 80, 24);
    for (i, bar) in bars.iter().enumerate() {
        assert!(zhibu::tui::text::width(bar) <= 80, "{bar}");
        let want: Vec<&str> = (0..8).map(|n| if n == i { EN_FULL[n] } else { EN_SHORT[n] }).collect();
        assert_eq!(labels(bar), want, "tab {} shown: {bar}", i + 1);
        // The branch name shows only where some of it can be read: never a lone "~".
        assert!(!bar.trim_end().ends_with(" ~"), "{bar}");
    }
    insta::assert_snapshot!("tab_bar_80_en", bars.join("\n"));
}

#[test]
fn wide_screens_and_chinese_keep_their_titles() {
    let en = bars(Lang::En, 120, 40);
    for bar in &en {
        assert_eq!(labels(bar), EN_FULL, "{bar}");
    }
    let zh = bars(Lang::Zh, 80, 24);
    for bar in &zh {
        assert_eq!(labels(bar), ZH, "{bar}");
        assert!(!bar.trim_end().ends_with(" ~"), "{bar}");
    }
    let zh_wide = bars(Lang::Zh, 120, 40);
    insta::assert_snapshot!("tab_bar_120_en", en.join("\n"));
    insta::assert_snapshot!("tab_bar_80_zh", zh.join("\n"));
    insta::assert_snapshot!("tab_bar_120_zh", zh_wide.join("\n"));
}
