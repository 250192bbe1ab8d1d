//! What the user sees: the app model and its update, the key table, tabs, widgets, theme.
//!
//! A synchronous loop: draw, block on one event, turn it into a `Msg`, update. No threads, no
//! timers.

pub mod app;
pub mod detail;
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
use std::time::Duration;

use ratatui::crossterm::event::{self, DisableBracketedPaste, EnableBracketedPaste, Event, KeyEventKind};
use ratatui::crossterm::{cursor, execute};

use crate::domain::lang::Lang;
use crate::service::{OpenError, Service};
use app::App;

/// How the program ended.
pub enum Ended {
    Quit,
    /// `PRAGMA quick_check` (run right after the first frame) found the file damaged; no key
    /// had been acted on, so nothing was written.
    Damaged(OpenError),
}

/// How long the terminal may be idle before another window's saves are looked for.
const IDLE_CHECK: Duration = Duration::from_secs(2);

/// Restores the terminal and writes a crash log (in the user's own data folder, readable by
/// the user only) on a panic, then says where the log is.
fn install_panic_hook(lang: Lang, crash_log: Option<PathBuf>) {
    std::panic::set_hook(Box::new(move |info| {
        let _ = execute!(std::io::stdout(), DisableBracketedPaste, cursor::Show);
        let written = crash_log.as_ref().filter(|path| {
            let mut o = std::fs::OpenOptions::new();
            o.write(true).create(true).truncate(true);
            #[cfg(unix)]
            std::os::unix::fs::OpenOptionsExt::mode(&mut o, 0o600);
            o.open(path)
                .and_then(|mut f| {
                    writeln!(
                        f,
                        "zhibu {}: {info}\n{}",
                        env!("CARGO_PKG_VERSION"),
                        std::backtrace::Backtrace::force_capture()
                    )
                })
                .is_ok()
        });
        let where_ = written.map_or("-".to_string(), |p| p.display().to_string());
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
/// Runs the full-screen program until the user quits. `ascii`: `--ascii`/`--no-ascii` when
/// given; `scratch`: the demo's scratch copy, when the window works on one.
pub fn run(
    service: Service,
    lang: Lang,
    ascii: Option<bool>,
    scratch: Option<app::ScratchCopy>,
    crash_log: Option<PathBuf>,
) -> anyhow::Result<Ended> {
    let mono = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let mut app = App::new(service, lang, mono, false);
    app.set_borders(ascii, legacy_windows_console());
    if let Some(copy) = scratch {
        app.on_scratch_copy(copy);
    }
    install_panic_hook(lang, crash_log);
    // try_init wraps our hook with one that restores the terminal first.
    let mut terminal = ratatui::try_init().map_err(|e| {
        anyhow::anyhow!(match lang {
            Lang::Zh => format!("无法进入全屏界面（需要在终端中运行）：{e}"),
            Lang::En => format!("cannot start the full-screen interface (run it in a terminal): {e}"),
        })
    })?;
    let _ = execute!(std::io::stdout(), EnableBracketedPaste);
    let result = (|| -> anyhow::Result<Ended> {
        terminal.draw(|f| view::render(&mut app, f))?;
        // The damage check runs after the first frame, so a large file does not delay it, and
        // before any key is acted on, so nothing is written to a damaged file. Keys typed
        // meanwhile wait in the terminal's queue.
        if let Err(e) = app.service.quick_check() {
            return Ok(Ended::Damaged(e));
        }
        while !app.quit {
            terminal.draw(|f| view::render(&mut app, f))?;
            if !event::poll(IDLE_CHECK)? {
                if matches!(app.overlay, app::Overlay::None) {
                    app.notice_outside_changes();
                }
                continue;
            }
            match event::read()? {
                // Windows reports releases too: act on presses only.
                Event::Key(k) if k.kind == KeyEventKind::Press || k.kind == KeyEventKind::Repeat => {
                    if let Some(msg) = app.key_to_msg(k) {
                        app.update(msg);
                    }
                }
                Event::Paste(text) if !app.too_small => app.update(keymap::Msg::Paste(text)),
                _ => {}
            }
        }
        Ok(Ended::Quit)
    })();
    let _ = execute!(std::io::stdout(), DisableBracketedPaste, cursor::Show);
    ratatui::restore();
    result
}

/// The console host of older Windows (conhost, code page 936 and its raster fonts) draws box
/// lines two cells wide; Windows Terminal sets `WT_SESSION` and draws them right.
fn legacy_windows_console() -> bool {
    cfg!(windows) && std::env::var_os("WT_SESSION").is_none()
}
