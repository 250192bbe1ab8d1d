//! What the user sees: the app model and its update, the key table, tabs, widgets, theme.
//!
//! A synchronous loop: draw, block on one event, turn it into a `Msg`, update. No threads, no
//! timers.

pub mod app;
pub mod dialogs;
pub mod export_form;
pub mod form;
pub mod import_form;
pub mod keymap;
pub mod roster;
pub mod study_form;
pub mod tab;
pub mod table;
pub mod tabs;
pub mod text;
pub mod theme;
pub mod view;

use std::io::Write;
use std::path::PathBuf;

use ratatui::crossterm::event::{self, DisableBracketedPaste, EnableBracketedPaste, Event, KeyEventKind};
use ratatui::crossterm::{cursor, execute};

use crate::domain::lang::Lang;
use crate::service::Service;
use app::App;

/// Where a crash report goes.
pub fn crash_log_path() -> PathBuf {
    std::env::temp_dir().join("zhibu-crash.log")
}

/// Restores the terminal and writes a crash log on a panic, then says where the log is.
fn install_panic_hook(lang: Lang) {
    std::panic::set_hook(Box::new(move |info| {
        let _ = execute!(std::io::stdout(), DisableBracketedPaste, cursor::Show);
        let path = crash_log_path();
        let written = std::fs::File::create(&path)
            .and_then(|mut f| {
                writeln!(
                    f,
                    "zhibu {}: {info}\n{}",
                    env!("CARGO_PKG_VERSION"),
                    std::backtrace::Backtrace::force_capture()
                )
            })
            .is_ok();
        let where_ = if written { path.display().to_string() } else { "-".into() };
        eprintln!(
            "{}",
            match lang {
                Lang::Zh => format!("zhibu 出错退出（已保存的数据不受影响）。错误报告：{where_}"),
                Lang::En => format!("zhibu stopped on an internal error (saved data is safe). Crash report: {where_}"),
            }
        );
    }));
}

/// Runs the full-screen program until the user quits.
pub fn run(service: Service, lang: Lang, ascii: bool) -> anyhow::Result<()> {
    let mono = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let mut app = App::new(service, lang, mono, ascii);
    install_panic_hook(lang);
    // try_init wraps our hook with one that restores the terminal first.
    let mut terminal = ratatui::try_init().map_err(|e| {
        anyhow::anyhow!(match lang {
            Lang::Zh => format!("无法进入全屏界面（需要在终端中运行）：{e}"),
            Lang::En => format!("cannot start the full-screen interface (run it in a terminal): {e}"),
        })
    })?;
    let _ = execute!(std::io::stdout(), EnableBracketedPaste);
    let result = (|| -> anyhow::Result<()> {
        while !app.quit {
            terminal.draw(|f| view::render(&mut app, f))?;
            match event::read()? {
                // Windows reports releases too: act on presses only.
                Event::Key(k) if k.kind == KeyEventKind::Press || k.kind == KeyEventKind::Repeat => {
                    if let Some(msg) = app.key_to_msg(k) {
                        app.update(msg);
                    }
                }
                Event::Paste(text) => app.update(keymap::Msg::Paste(text)),
                _ => {}
            }
        }
        Ok(())
    })();
    let _ = execute!(std::io::stdout(), DisableBracketedPaste, cursor::Show);
    ratatui::restore();
    result
}
