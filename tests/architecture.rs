//! The layer rules of design.md: each layer uses only what it may. Reads the sources as text.

use std::fs;
use std::path::{Path, PathBuf};

fn sources(dir: &str) -> Vec<(PathBuf, String)> {
    fn walk(p: &Path, out: &mut Vec<(PathBuf, String)>) {
        for e in fs::read_dir(p).expect("read src").flatten() {
            let path = e.path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|x| x == "rs") {
                let text = fs::read_to_string(&path).expect("read source");
                out.push((path, text));
            }
        }
    }
    let mut out = Vec::new();
    walk(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src").join(dir), &mut out);
    assert!(!out.is_empty(), "no sources in src/{dir}");
    out
}

/// Code lines only: comments are allowed to name anything.
fn code(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.lines().enumerate().filter(|(_, l)| !l.trim_start().starts_with("//")).map(|(i, l)| (i + 1, l))
}

fn forbid(dir: &str, words: &[&str]) {
    let mut bad = Vec::new();
    for (path, text) in sources(dir) {
        for (n, line) in code(&text) {
            for w in words {
                if line.contains(w) {
                    bad.push(format!("{}:{n}: uses {w}: {}", path.display(), line.trim()));
                }
            }
        }
    }
    assert!(bad.is_empty(), "layer rule broken:\n{}", bad.join("\n"));
}

#[test]
fn domain_is_pure() {
    forbid(
        "domain",
        &[
            "rusqlite",
            "ratatui",
            "crossterm",
            "std::fs",
            "std::io",
            "Local::now",
            "Utc::now",
            "SystemTime",
            "crate::store",
            "crate::service",
            "crate::tui",
            "crate::cli",
            "pinyin",
        ],
    );
}

#[test]
fn store_knows_nothing_above_it() {
    forbid("store", &["ratatui", "crossterm", "crate::service", "crate::tui", "crate::cli", "Local::now"]);
}

#[test]
fn service_hides_sql_and_draws_nothing() {
    forbid("service", &["rusqlite", "ratatui", "crossterm", "crate::tui", "crate::cli", "Local::now"]);
}

#[test]
fn tui_and_cli_go_through_the_service() {
    for dir in ["tui", "cli"] {
        forbid(dir, &["rusqlite", "crate::store", "Local::now"]);
    }
}

#[test]
fn crossterm_only_through_ratatui() {
    for dir in ["tui", "cli", "service", "store", "domain"] {
        for (path, text) in sources(dir) {
            for (n, line) in code(&text) {
                if let Some(i) = line.find("crossterm") {
                    assert!(
                        line[..i].ends_with("ratatui::"),
                        "{}:{n}: crossterm not through ratatui: {}",
                        path.display(),
                        line.trim()
                    );
                }
            }
        }
    }
}

#[test]
fn the_clock_is_read_in_main_only() {
    let main = fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("src/main.rs")).expect("main.rs");
    assert!(main.contains("Local::now"), "main.rs reads the clock once");
}

/// Code lines of `files` (paths under src/tui) that contain any of `words`.
fn uses(files: &[(PathBuf, String)], words: &[&str]) -> Vec<String> {
    let mut bad = Vec::new();
    for (path, text) in files {
        for (n, line) in code(text) {
            for w in words {
                if line.contains(w) {
                    bad.push(format!("{}:{n}: uses {w}: {}", path.display(), line.trim()));
                }
            }
        }
    }
    bad
}

fn tui_file(name: &str) -> (PathBuf, String) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/tui").join(name);
    let text = fs::read_to_string(&path).expect("read source");
    (path, text)
}

const APP: &[&str] = &["crate::tui::app", "super::app", "super::super::app", "tui::app::"];
const TABS: &[&str] = &["crate::tui::tabs", "super::tabs", "tui::tabs::"];
const DIALOGS: &[&str] = &["crate::tui::dialogs", "super::dialogs", "super::super::dialogs"];

#[test]
fn widgets_know_neither_the_app_nor_the_tabs() {
    let widgets: Vec<_> = ["form.rs", "table.rs", "roster.rs", "text.rs", "theme.rs"].map(tui_file).into();
    let bad = uses(&widgets, &[APP, TABS, DIALOGS, &["crate::tui::tab::", "super::tab::"]].concat());
    assert!(bad.is_empty(), "a widget reaches above itself:\n{}", bad.join("\n"));
}

#[test]
fn tabs_talk_to_the_app_only_through_the_tab_interface() {
    // The tab modules, the interface itself and the forms tabs share.
    let mut files: Vec<_> = sources("tui/tabs").into_iter().filter(|(p, _)| !p.ends_with("mod.rs")).collect();
    files.extend(["tab.rs", "study_form.rs", "import_form.rs", "export_form.rs"].map(tui_file));
    let bad = uses(&files, &[APP, DIALOGS, &["impl App", "App::", "&App", "&mut App"]].concat());
    assert!(bad.is_empty(), "a tab reaches into the app:\n{}", bad.join("\n"));
}

#[test]
fn tabs_do_not_import_each_other() {
    let tabs = sources("tui/tabs");
    let names: Vec<String> = tabs
        .iter()
        .filter(|(p, _)| !p.ends_with("mod.rs"))
        .map(|(p, _)| p.file_stem().unwrap().to_string_lossy().into_owned())
        .collect();
    assert!(names.len() >= 4, "the tabs were not found");
    let words: Vec<String> = names.iter().flat_map(|n| [format!("tabs::{n}"), format!("super::{n}")]).collect();
    let words: Vec<&str> = words.iter().map(String::as_str).collect();
    let tab_modules: Vec<_> = tabs.into_iter().filter(|(p, _)| !p.ends_with("mod.rs")).collect();
    // In a tab module `super::` is the list of tabs: nothing there is for a tab to use.
    let mut bad = uses(&tab_modules, &[&words[..], &["super::"]].concat());
    bad.extend(uses(&["tab.rs", "study_form.rs", "import_form.rs", "export_form.rs"].map(tui_file), &words));
    assert!(bad.is_empty(), "a tab uses another tab:\n{}", bad.join("\n"));
}
