//! When the automatic backup before the day's first save fails, the window says why once on
//! the status line, in the user's language, and the save goes ahead. Its own test binary: it
//! points the data folder (the backups' fallback) at a file, for the whole process.
//! Unix only: on Windows the data folder comes from the system's known folders, not from the
//! environment, so the test cannot point it elsewhere (and would write into the real one).
#![cfg(unix)]

mod common;

use std::path::Path;

use ratatui::crossterm::event::KeyCode;
use tempfile::TempDir;
use zhibu::domain::lang::Lang;
use zhibu::tui::app::{App, Overlay, StatusKind};

/// Opens the first member, appends to the name and saves: the save, as a user makes it.
fn edit_first_member(app: &mut App, suffix: &str) {
    common::key(app, KeyCode::Char('2'));
    common::key(app, KeyCode::Enter);
    assert!(matches!(app.overlay, Overlay::Form(_)), "the member form");
    common::key(app, KeyCode::End);
    common::typed(app, suffix);
    common::ctrl(app, 's');
    assert!(matches!(app.overlay, Overlay::None), "saved and closed");
}

fn names(db: &Path) -> Vec<String> {
    let s = zhibu::service::Service::open(db, common::today()).unwrap();
    s.members().unwrap().into_iter().map(|m| m.draft.name.into()).collect()
}

#[test]
fn a_failed_automatic_backup_is_shown_once_and_the_save_goes_ahead() {
    let dir = TempDir::new().unwrap();
    // Neither the folder beside the database nor the data folder can hold backups: a file
    // stands where each folder would be created.
    let blocked = dir.path().join("not-a-folder");
    std::fs::write(&blocked, b"").unwrap();
    // SAFETY: the only test of this binary; nothing else reads the environment meanwhile.
    unsafe {
        std::env::set_var("XDG_DATA_HOME", &blocked);
        std::env::set_var("HOME", &blocked);
    }
    for (lang, sub) in [(Lang::Zh, "zh"), (Lang::En, "en")] {
        let here = dir.path().join(sub);
        std::fs::create_dir(&here).unwrap();
        let db = common::sample_db(&here);
        std::fs::write(here.join("backups"), b"").unwrap();

        let mut app = common::app(&db, lang);
        edit_first_member(&mut app, "甲");
        let status = app.status.clone().expect("a status line");
        let folder = here.join("backups").display().to_string();
        let expected = match lang {
            Lang::Zh => format!("自动备份失败：备份文件夹不能写入（{folder}）；保存照常"),
            Lang::En => format!("backup failed: folder not writable ({folder}); saving goes on"),
        };
        assert_eq!(status.text, expected);
        assert_eq!(status.kind, StatusKind::Error, "drawn as a warning");
        assert!(names(&db).iter().any(|n| n.ends_with('甲')), "the save went ahead");

        // Once: the next save says only what it says.
        edit_first_member(&mut app, "乙");
        assert!(app.status.as_ref().is_none_or(|s| !s.text.contains(&folder)), "{:?}", app.status);
        assert!(names(&db).iter().any(|n| n.ends_with("甲乙")));
        assert!(
            std::fs::read_dir(&here).unwrap().flatten().all(|e| !e.file_name().to_string_lossy().ends_with(".tmp"))
        );
    }
}
