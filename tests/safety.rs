//! Real files in a real office: two windows on one file, copies of a live file, read-only and
//! damaged files, odd paths, a full disk, private permissions, hostile text, tiny windows.

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use common::{app, ctrl, key, screen, today, typed};
use ratatui::crossterm::event::KeyCode;
use rusqlite::Connection;
use tempfile::TempDir;
use zhibu::domain::lang::Lang;
use zhibu::service::{OpenError, Record, Service, ServiceError};
use zhibu::store::Store;
use zhibu::tui::app::Overlay;

const BIN: &str = env!("CARGO_BIN_EXE_zhibu");

/// A copy of the committed demo branch.
fn demo(dir: &TempDir) -> PathBuf {
    let path = dir.path().join("demo.db");
    fs::copy(Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-db/demo.db"), &path).unwrap();
    path
}

fn open(path: &Path) -> Service {
    Service::open(path, today()).expect("open")
}

/// Every file under `dir` with its bytes.
fn files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out: Vec<_> = fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| (e.file_name().to_string_lossy().into_owned(), fs::read(e.path()).unwrap_or_default()))
        .collect();
    out.sort();
    out
}

fn zhibu(args: &[&str]) -> std::process::Output {
    Command::new(BIN).args(args).args(["--today", "2026-11-28"]).stdin(Stdio::null()).output().unwrap()
}

fn first_member(s: &Service) -> zhibu::domain::member::Member {
    s.members().unwrap().into_iter().find(|m| !m.is_archived()).unwrap()
}

// ---- 1. two windows: no silent lost update ----------------------------------------------------

#[test]
fn a_second_window_never_overwrites_a_save_silently() {
    let dir = TempDir::new().unwrap();
    let path = demo(&dir);
    let (mut a, mut b) = (open(&path), open(&path));
    let m = first_member(&a);
    // Both windows open the member's form.
    let seen_a = a.version(Record::Member(m.id)).unwrap();
    let seen_b = b.version(Record::Member(m.id)).unwrap();
    let mut in_b = b.member(m.id).unwrap().draft;
    in_b.phone = "13900001111".into();
    b.update_member(m.id, &in_b, seen_b).unwrap();

    let mut in_a = a.member(m.id).unwrap().draft;
    in_a.phone = m.draft.phone.clone(); // the form was opened before B's save
    in_a.name = format!("{}甲", m.draft.name).into();
    let Err(ServiceError::Conflict(c)) = a.update_member(m.id, &in_a, seen_a) else {
        panic!("the second save must be refused")
    };
    assert_eq!(c.changes.len(), 1);
    assert_eq!(c.changes[0].fields, vec!["phone"], "who changed what, from the change log");
    let text = c.text(&|f| if f == "phone" { "电话".into() } else { f.into() }, Lang::Zh);
    assert!(text.contains("电话") && text.contains("Ctrl-R") && text.contains("Ctrl-S"), "{text}");
    // B's save is in the file, A's refused save is not.
    let now = open(&path).member(m.id).unwrap();
    assert_eq!((now.draft.phone.as_str(), now.draft.name.as_str()), ("13900001111", m.draft.name.as_str()));
    // Overwriting is a choice made after seeing the conflict.
    a.update_member(m.id, &in_a, c.latest).unwrap();
    assert_eq!(open(&path).member(m.id).unwrap().draft.name, in_a.name);
}

#[test]
fn meetings_groups_settings_and_study_records_are_checked_alike() {
    let dir = TempDir::new().unwrap();
    let path = demo(&dir);
    let (mut a, mut b) = (open(&path), open(&path));

    // A meeting with its attendance.
    let held = a.meetings_in_year(2026).unwrap().into_iter().find(|m| m.summary.expected > 0).unwrap();
    let id = held.summary.id;
    let (va, vb) = (a.version(Record::Meeting(id)).unwrap(), b.version(Record::Meeting(id)).unwrap());
    let mut mb = b.meeting(id).unwrap().draft;
    if let Some(row) = mb.attendance.first_mut() {
        row.status = zhibu::domain::meeting::Attendance::Absent;
        row.credit_min = 0;
    }
    b.save_meeting(Some((id, vb)), &mb).unwrap();
    let mut ma = a.meeting(id).unwrap().draft;
    ma.topic = "另一个议题".into();
    let Err(ServiceError::Conflict(c)) = a.save_meeting(Some((id, va)), &ma) else { panic!("meeting") };
    assert!(c.changes[0].fields.contains(&"attendance".to_string()), "{:?}", c.changes);

    // A party group.
    let g = a.groups().unwrap()[0].clone();
    let (va, vb) = (a.version(Record::Group(g.id)).unwrap(), b.version(Record::Group(g.id)).unwrap());
    b.update_group(g.id, "新名称小组", g.leader_id, vb).unwrap();
    let Err(ServiceError::Conflict(c)) = a.update_group(g.id, &g.name, None, va) else { panic!("group") };
    assert_eq!(c.changes[0].fields, vec!["name"]);

    // The settings.
    let (va, vb) = (a.version(Record::Settings).unwrap(), b.version(Record::Settings).unwrap());
    let sb = zhibu::domain::settings::Settings { branch_name: "乙窗口改的名称".into(), ..b.settings().clone() };
    b.save_settings(sb, vb).unwrap();
    let sa = zhibu::domain::settings::Settings { superior: "甲窗口".into(), ..a.settings().clone() };
    let Err(ServiceError::Conflict(c)) = a.save_settings(sa, va) else { panic!("settings") };
    assert!(c.changes[0].fields.contains(&"branch_name".to_string()), "{:?}", c.changes);

    // An individual study record.
    let m = first_member(&a);
    let draft = zhibu::domain::meeting::StudyDraft {
        member_id: m.id,
        date: today(),
        kind: zhibu::domain::meeting::StudyKind::Online,
        organiser: String::new(),
        credit_min: 60,
        note: String::new(),
    };
    let sid = a.save_study(None, &draft).unwrap();
    let (va, vb) = (a.version(Record::Study(sid)).unwrap(), b.version(Record::Study(sid)).unwrap());
    b.save_study(Some((sid, vb)), &zhibu::domain::meeting::StudyDraft { credit_min: 120, ..draft.clone() }).unwrap();
    let r = a.save_study(Some((sid, va)), &zhibu::domain::meeting::StudyDraft { note: "甲".into(), ..draft });
    assert!(matches!(r, Err(ServiceError::Conflict(_))), "{r:?}");
}

#[test]
fn the_form_keeps_its_input_names_the_change_and_offers_reload_or_overwrite() {
    let dir = TempDir::new().unwrap();
    let path = demo(&dir);
    let mut ui = app(&path, Lang::Zh);
    key(&mut ui, KeyCode::Char('2'));
    let id = ui.view::<zhibu::tui::tabs::members::MembersTab>().selected().unwrap().id;
    key(&mut ui, KeyCode::Enter);
    typed(&mut ui, "甲");
    // Another window changes the phone meanwhile.
    let mut other = open(&path);
    let v = other.version(Record::Member(id)).unwrap();
    let mut d = other.member(id).unwrap().draft;
    d.phone = "13900002222".into();
    other.update_member(id, &d, v).unwrap();

    ctrl(&mut ui, 's');
    let Overlay::Form(form) = &ui.overlay else { panic!("the form stays open") };
    let msg = form.message.clone().unwrap_or_default();
    assert!(msg.contains("另一个窗口") && msg.contains("电话"), "{msg}");
    assert!(form.text("name").ends_with('甲'), "input kept");
    // Ctrl-R shows the record as saved elsewhere, dropping the typed change.
    ctrl(&mut ui, 'r');
    let Overlay::Form(form) = &ui.overlay else { panic!("reloaded form") };
    assert_eq!(form.text("phone"), "13900002222");
    assert!(!form.text("name").ends_with('甲'));
    // Type again, the other window saves again, and this time overwrite.
    typed(&mut ui, "乙");
    let v = other.version(Record::Member(id)).unwrap();
    d.work_unit = "别处".into();
    other.update_member(id, &d, v).unwrap();
    ctrl(&mut ui, 's');
    assert!(matches!(ui.overlay, Overlay::Form(_)), "first a conflict");
    ctrl(&mut ui, 's');
    assert!(matches!(ui.overlay, Overlay::None), "then the overwrite saves");
    assert!(open(&path).member(id).unwrap().draft.name.ends_with('乙'));
}

/// 谈心谈话 and 组织处置 follow the same three steps: the version read when the form opens is
/// checked inside the write, a conflict names what changed, and the newest version overwrites.
#[test]
fn talks_and_disposals_are_checked_alike() {
    use zhibu::domain::evaluation::{DecisionBody, Disposal, DisposalKind};
    let dir = TempDir::new().unwrap();
    let path = demo(&dir);
    let (mut a, mut b) = (open(&path), open(&path));

    // A talk: B changes its topic, A's edit of the notes is refused, then overwrites.
    let t = a.talks_in_year(2026).unwrap().into_iter().next().expect("the sample logs talks").talk;
    let (va, vb) = (a.version(Record::Talk(t.id)).unwrap(), b.version(Record::Talk(t.id)).unwrap());
    b.save_talk(&zhibu::domain::evaluation::Talk { topic: "乙窗口改的主题".into(), ..t.clone() }, vb).unwrap();
    let mine = zhibu::domain::evaluation::Talk { notes: "甲窗口的要点".into(), ..t.clone() };
    let Err(ServiceError::Conflict(c)) = a.save_talk(&mine, va) else { panic!("talk") };
    assert_eq!(c.changes[0].fields, vec!["topic"]);
    assert_eq!(open(&path).talk(t.id).unwrap().topic, "乙窗口改的主题", "B's save stands");
    a.save_talk(&mine, c.latest).unwrap();
    assert_eq!(open(&path).talk(t.id).unwrap().notes, "甲窗口的要点");
    // Deleting is checked too: B edits again before A's answer.
    let va = a.version(Record::Talk(t.id)).unwrap();
    let vb = b.version(Record::Talk(t.id)).unwrap();
    b.save_talk(&zhibu::domain::evaluation::Talk { topic: "又改了".into(), ..b.talk(t.id).unwrap() }, vb).unwrap();
    assert!(matches!(a.delete_talk(t.id, va), Err(ServiceError::Conflict(_))));
    assert!(open(&path).talk(t.id).is_ok(), "not deleted");

    // A disposal step.
    let m = first_member(&a);
    let step = Disposal {
        id: 0,
        member_id: m.id,
        kind: DisposalKind::Criticism,
        decided_on: today(),
        decided_by: DecisionBody::Committee,
        approved_on: None,
        deadline: None,
        outcome: String::new(),
        outcome_on: None,
    };
    let id = a.save_disposal(&step, Default::default()).unwrap();
    let step = Disposal { id, ..step };
    let (va, vb) = (a.version(Record::Disposal(id)).unwrap(), b.version(Record::Disposal(id)).unwrap());
    b.save_disposal(&Disposal { outcome: "已当面批评教育".into(), ..step.clone() }, vb).unwrap();
    let Err(ServiceError::Conflict(c)) =
        a.save_disposal(&Disposal { decided_by: DecisionBody::GeneralMeeting, ..step.clone() }, va)
    else {
        panic!("disposal")
    };
    assert_eq!(c.changes[0].fields, vec!["outcome"]);
    assert_eq!(open(&path).disposal(id).unwrap().outcome, "已当面批评教育");
    a.save_disposal(&Disposal { decided_by: DecisionBody::GeneralMeeting, ..step }, c.latest).unwrap();
    assert_eq!(open(&path).disposal(id).unwrap().decided_by, DecisionBody::GeneralMeeting);
}

/// On the 评议 tab's talk log, the talk form stays open after a conflict and names the change:
/// Ctrl-R reloads what the other window saved, Ctrl-S overwrites.
#[test]
fn the_talk_form_names_the_other_windows_change_and_offers_reload_or_overwrite() {
    use zhibu::tui::tabs::evaluation::{EvaluationTab, View};
    let dir = TempDir::new().unwrap();
    let path = demo(&dir);
    let mut ui = app(&path, Lang::Zh);
    key(&mut ui, KeyCode::Char('6'));
    key(&mut ui, KeyCode::Char('v'));
    assert_eq!(ui.view::<EvaluationTab>().view, View::Talks);
    let id = ui.view::<EvaluationTab>().list.selected_id().expect("a talk");
    key(&mut ui, KeyCode::Enter);
    let Overlay::Form(f) = &mut ui.overlay else { panic!("the talk form") };
    f.focus_key("talk_notes");
    typed(&mut ui, "甲");
    let mut other = open(&path);
    let v = other.version(Record::Talk(id)).unwrap();
    let t = other.talk(id).unwrap();
    other.save_talk(&zhibu::domain::evaluation::Talk { topic: "乙窗口改的主题".into(), ..t.clone() }, v).unwrap();

    ctrl(&mut ui, 's');
    let Overlay::Form(form) = &ui.overlay else { panic!("the form stays open") };
    let msg = form.message.clone().unwrap_or_default();
    assert!(msg.contains("另一个窗口") && msg.contains("内容"), "{msg}");
    assert!(form.text("talk_notes").ends_with('甲'), "input kept");
    ctrl(&mut ui, 'r');
    let Overlay::Form(form) = &ui.overlay else { panic!("reloaded form") };
    assert_eq!(form.text("talk_topic"), "乙窗口改的主题");
    assert!(!form.text("talk_notes").ends_with('甲'));
    // Type again; the other window saves again; the first Ctrl-S says so, the second overwrites.
    let Overlay::Form(f) = &mut ui.overlay else { unreachable!() };
    f.focus_key("talk_notes");
    typed(&mut ui, "乙");
    let v = other.version(Record::Talk(id)).unwrap();
    other.save_talk(&zhibu::domain::evaluation::Talk { topic: "第三次".into(), ..t }, v).unwrap();
    ctrl(&mut ui, 's');
    assert!(matches!(ui.overlay, Overlay::Form(_)), "first a conflict");
    ctrl(&mut ui, 's');
    assert!(matches!(ui.overlay, Overlay::None), "then the overwrite saves");
    assert!(open(&path).talk(id).unwrap().notes.ends_with('乙'));
}

// ---- 2. outside changes are noticed -----------------------------------------------------------

#[test]
fn a_window_sees_another_windows_new_records_and_keeps_its_selection() {
    let dir = TempDir::new().unwrap();
    let path = demo(&dir);
    let mut ui = app(&path, Lang::Zh);
    key(&mut ui, KeyCode::Char('2'));
    key(&mut ui, KeyCode::Down);
    key(&mut ui, KeyCode::Down);
    let selected = ui.view::<zhibu::tui::tabs::members::MembersTab>().selected().unwrap().id;
    let before = ui.view::<zhibu::tui::tabs::members::MembersTab>().table.len();

    let mut other = open(&path);
    let mut d = first_member(&other).draft;
    d.name = "新来的".into();
    other.create_member(&d).unwrap();
    // The next key (or the idle check) notices it.
    assert!(ui.notice_outside_changes());
    assert_eq!(ui.view::<zhibu::tui::tabs::members::MembersTab>().table.len(), before + 1);
    assert_eq!(ui.view::<zhibu::tui::tabs::members::MembersTab>().selected().unwrap().id, selected);
    assert!(!ui.notice_outside_changes(), "only once");
    // The app's own saves are not an outside change.
    let mut s = open(&path);
    assert!(!s.changed_outside());
    let m = first_member(&s);
    let v = s.version(Record::Member(m.id)).unwrap();
    s.update_member(m.id, &m.draft, v).unwrap();
    assert!(!s.changed_outside());
}

// ---- 3. the .db file alone is complete ---------------------------------------------------------

#[test]
fn a_plain_copy_of_the_db_file_has_every_save_while_the_program_is_open() {
    let dir = TempDir::new().unwrap();
    let path = demo(&dir);
    let mut s = open(&path);
    let mut d = first_member(&s).draft;
    d.name = "刚保存的".into();
    let id = s.create_member(&d).unwrap();
    // Copy only the .db file, as a user would, while `s` is still open.
    let copy = dir.path().join("copy.db");
    fs::copy(&path, &copy).unwrap();
    let c = Connection::open(&copy).unwrap();
    let name: String = c.query_row("SELECT name FROM member WHERE id = ?1", [id], |r| r.get(0)).unwrap();
    assert_eq!(name, "刚保存的");
    drop(s);
    // At exit the WAL is emptied into the file.
    let wal = dir.path().join("demo.db-wal");
    assert!(!wal.exists() || fs::metadata(&wal).unwrap().len() == 0);
}

// ---- 4, 5. read-only opening ---------------------------------------------------------------------

#[test]
fn reports_and_backups_never_write_not_even_to_an_empty_file() {
    let dir = TempDir::new().unwrap();
    let empty = dir.path().join("empty.db");
    fs::write(&empty, b"").unwrap();
    let before = files(dir.path());
    for args in [
        vec!["report", "overdue", "--db", empty.to_str().unwrap()],
        vec!["backup", "--db", empty.to_str().unwrap(), "--out", dir.path().join("b.db").to_str().unwrap()],
        vec![empty.to_str().unwrap()],
    ] {
        let out = zhibu(&args);
        assert!(!out.status.success(), "{args:?}");
        assert_eq!(String::from_utf8_lossy(&out.stderr).lines().count(), 1, "{args:?}");
        assert_eq!(files(dir.path()), before, "{args:?} changed the folder");
    }
    // A real file: reports leave every byte and create nothing beside it.
    let path = demo(&dir);
    let before = files(dir.path());
    assert!(zhibu(&["report", "study", "--db", path.to_str().unwrap()]).status.success());
    assert!(zhibu(&["report", "overdue", "--db", path.to_str().unwrap()]).status.success());
    assert_eq!(files(dir.path()), before);
}

#[cfg(unix)]
#[test]
fn a_read_only_file_is_reported_on_and_opens_with_a_banner() {
    use std::os::unix::fs::PermissionsExt;
    let dir = TempDir::new().unwrap();
    let path = demo(&dir);
    fs::set_permissions(&path, fs::Permissions::from_mode(0o444)).unwrap();
    let before = files(dir.path());
    assert!(matches!(Service::open(&path, today()), Err(OpenError::ReadOnly)));
    let out = zhibu(&["report", "study", "--db", path.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let backup = TempDir::new().unwrap();
    let out = zhibu(&["backup", "--db", path.to_str().unwrap(), "--out", backup.path().join("b.db").to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));

    let s = Service::open_read_only(&path, today()).unwrap();
    assert!(s.is_read_only());
    let mut ui = zhibu::tui::app::App::new(s, Lang::Zh, false, false);
    assert!(screen(&mut ui, 80, 24).contains("只读：不能保存"));
    key(&mut ui, KeyCode::Char('2'));
    key(&mut ui, KeyCode::Enter);
    assert!(screen(&mut ui, 80, 24).contains("只读：不能保存"), "the save key says so");
    typed(&mut ui, "甲");
    ctrl(&mut ui, 's');
    let Overlay::Form(form) = &ui.overlay else { panic!("the form stays") };
    assert!(form.message.as_deref().unwrap_or("").starts_with("只读：不能保存"), "{:?}", form.message);
    drop(ui);
    assert_eq!(files(dir.path()), before, "nothing written or created");
    fs::set_permissions(&path, fs::Permissions::from_mode(0o644)).unwrap();
}

// ---- 6. damaged files -----------------------------------------------------------------------------

#[test]
fn a_damaged_page_is_reported_never_shown_as_normal_data() {
    let dir = TempDir::new().unwrap();
    let path = demo(&dir);
    let good = Service::open_read_only(&path, today()).unwrap();
    let expect = (format!("{:?}", good.members().unwrap()), format!("{:?}", good.meetings_in_year(2026).unwrap()));
    drop(good);
    let bytes = fs::read(&path).unwrap();
    let page = u16::from_be_bytes([bytes[16], bytes[17]]) as usize;
    let pages = bytes.len() / page;
    let mut damaged = 0;
    for n in 1..pages {
        let copy = dir.path().join(format!("bad{n}.db"));
        let mut b = bytes.clone();
        for (i, x) in b[n * page..(n + 1) * page].iter_mut().enumerate() {
            *x = (i * 7 + 13) as u8;
        }
        fs::write(&copy, &b).unwrap();
        match Service::open_read_only(&copy, today()) {
            Err(OpenError::Damaged(_)) => damaged += 1,
            // A page nothing uses: the data reads exactly as before.
            Ok(s) => assert_eq!(
                (format!("{:?}", s.members().unwrap()), format!("{:?}", s.meetings_in_year(2026).unwrap())),
                expect,
                "page {n} damaged but not reported"
            ),
            Err(e) => panic!("page {n}: {e:?}"),
        }
        fs::remove_file(&copy).unwrap();
    }
    assert!(damaged > pages / 2, "{damaged} of {pages}");
    // A report checks only the tables it read: a damaged page among them is reported; any
    // other leaves what it shows exactly as before.
    let study = |s: &Service| s.study_year(2026).map(|o| format!("{:?}", o.rows));
    let expect = study(&Service::open_read_only(&path, today()).unwrap()).unwrap();
    let mut reported = 0;
    for n in 1..pages {
        let copy = dir.path().join(format!("bad{n}.db"));
        let mut b = bytes.clone();
        for (i, x) in b[n * page..(n + 1) * page].iter_mut().enumerate() {
            *x = (i * 7 + 13) as u8;
        }
        fs::write(&copy, &b).unwrap();
        match Service::open_for_report(&copy, today()) {
            Err(OpenError::Damaged(_)) => reported += 1,
            Ok(s) => {
                let shown = study(&s);
                match s.check_reads() {
                    Err(OpenError::Damaged(_)) => reported += 1,
                    Ok(()) => assert_eq!(shown.ok().as_ref(), Some(&expect), "page {n} damaged but not reported"),
                    Err(e) => panic!("page {n}: {e:?}"),
                }
            }
            Err(e) => panic!("page {n}: {e:?}"),
        }
        fs::remove_file(&copy).unwrap();
    }
    assert!(reported > 0 && reported <= damaged, "{reported} of {damaged}");
    // On the command line: one plain line, and nothing opened for writing.
    let mut b = bytes.clone();
    b[2 * page..3 * page].fill(0x5a);
    let copy = dir.path().join("bad.db");
    fs::write(&copy, &b).unwrap();
    let out = zhibu(&["report", "study", "--db", copy.to_str().unwrap()]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success() && err.contains("已损坏"), "{err}");
    assert_eq!(fs::read(&copy).unwrap(), b);
}

// ---- 7, 8, 9, 10. odd paths, racing opens, full disk, read-only folder ------------------------------

#[cfg(unix)]
#[test]
fn a_fifo_is_refused_at_once() {
    let dir = TempDir::new().unwrap();
    let fifo = dir.path().join("pipe.db");
    assert!(Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    let (tx, rx) = std::sync::mpsc::channel();
    let f = fifo.clone();
    std::thread::spawn(move || {
        let _ = tx.send((
            Store::open(&f).err().map(|e| format!("{e:?}")),
            Store::open_read_only(&f).err().map(|e| format!("{e:?}")),
        ));
    });
    let (rw, ro) = rx.recv_timeout(std::time::Duration::from_secs(5)).expect("opening a FIFO must not hang");
    assert_eq!(rw.as_deref(), Some("NotAFile"));
    assert_eq!(ro.as_deref(), Some("NotAFile"));
    let out = zhibu(&["report", "study", "--db", fifo.to_str().unwrap()]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("不是普通文件"));
}

#[test]
fn four_processes_opening_one_new_file_agree_it_is_ours() {
    for round in 0..12 {
        let dir = TempDir::new().unwrap();
        let path = dir.path().join("new.db");
        if round % 2 == 0 {
            fs::write(&path, b"").unwrap();
        }
        let handles: Vec<_> = (0..4)
            .map(|_| {
                let p = path.clone();
                std::thread::spawn(move || Service::open(&p, today()).map(|s| s.member_count().unwrap()))
            })
            .collect();
        for h in handles {
            let r = h.join().unwrap();
            assert!(matches!(r, Ok(0)), "round {round}: {r:?}");
        }
    }
}

#[test]
fn a_full_disk_says_so_in_full_and_changes_nothing() {
    let dir = TempDir::new().unwrap();
    let path = demo(&dir);
    let mut store = Store::open(&path).unwrap();
    // SQLite reports a full disk when the file may not grow any further.
    let pages: i64 = store.conn().query_row("PRAGMA page_count", [], |r| r.get(0)).unwrap();
    store.conn().query_row(&format!("PRAGMA max_page_count = {pages}"), [], |_| Ok(())).unwrap();
    let before: i64 = store.conn().query_row("SELECT count(*) FROM change_log", [], |r| r.get(0)).unwrap();
    let err = store
        .write(|tx| {
            tx.execute("INSERT INTO setting (key, value) VALUES ('x', ?1)", [&"满".repeat(60)])?;
            for i in 0..2000 {
                tx.execute(
                    "INSERT INTO change_log (at, tbl, row_id, action) VALUES ('2026-01-01', 'x', ?1, 'insert')",
                    [i],
                )?;
            }
            Ok(())
        })
        .unwrap_err();
    assert!(matches!(err, zhibu::store::StoreError::DiskFull), "{err:?}");
    let after: i64 = store.conn().query_row("SELECT count(*) FROM change_log", [], |r| r.get(0)).unwrap();
    assert_eq!(before, after);
    let text = ServiceError::from(err).text(Lang::Zh);
    assert_eq!(text, "磁盘已满，未保存；内容仍在");
}

#[test]
fn a_new_file_that_cannot_be_initialised_leaves_nothing_behind() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("new.db");
    // SQLite cannot create its WAL file here, as on a full disk after the file was created.
    fs::create_dir(dir.path().join("new.db-wal")).unwrap();
    assert!(Store::open(&path).is_err());
    let left: Vec<_> = files(dir.path()).into_iter().map(|(n, _)| n).collect();
    assert_eq!(left, vec!["new.db-wal"], "only what was there before");
}

#[cfg(unix)]
#[test]
fn a_read_only_folder_is_named_and_the_file_still_opens_read_only() {
    use std::os::unix::fs::PermissionsExt;
    let dir = TempDir::new().unwrap();
    let sub = dir.path().join("archive");
    fs::create_dir(&sub).unwrap();
    let path = sub.join("demo.db");
    fs::copy(Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-db/demo.db"), &path).unwrap();
    fs::set_permissions(&sub, fs::Permissions::from_mode(0o555)).unwrap();
    if fs::write(sub.join("probe"), b"").is_ok() {
        // The superuser writes anyway: nothing to show here.
        let _ = fs::remove_file(sub.join("probe"));
        fs::set_permissions(&sub, fs::Permissions::from_mode(0o755)).unwrap();
        return;
    }
    let e = Service::open(&path, today()).err().expect("refused for writing");
    assert!(matches!(e, OpenError::ReadOnlyFolder(_)), "{e:?}");
    let text = zhibu::service::open_error_text(&e, &path, Lang::Zh);
    assert!(text.contains("只读") && text.contains("仍可只读打开"), "{text}");
    assert!(Service::open_read_only(&path, today()).is_ok());
    fs::set_permissions(&sub, fs::Permissions::from_mode(0o755)).unwrap();
}

// ---- 11, 12. leftovers and permissions --------------------------------------------------------------

// Linux tells a dead process by /proc; elsewhere a leftover is cleaned once it is an hour old,
// which a test cannot wait for.
#[cfg(target_os = "linux")]
#[test]
fn a_killed_sample_leaves_nothing_the_next_run_does_not_clean() {
    let dir = TempDir::new().unwrap();
    let out = dir.path().join("s.db");
    // What a killed run with a process id that no longer exists leaves behind.
    let dead = 4_000_000_000u32;
    for suffix in ["", "-wal", "-shm"] {
        fs::write(dir.path().join(format!(".s.db.tmp-{dead}{suffix}")), b"x").unwrap();
    }
    let r = zhibu(&["sample", "--out", out.to_str().unwrap()]);
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    let left: Vec<_> = files(dir.path()).into_iter().map(|(n, _)| n).collect();
    assert_eq!(left, vec!["s.db"]);
}

#[cfg(unix)]
#[test]
fn every_file_zhibu_creates_is_private_whatever_the_umask() {
    use std::os::unix::fs::PermissionsExt;
    let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
    let dir = TempDir::new().unwrap();
    // The database with its -wal and -shm, while open.
    let path = dir.path().join("new.db");
    let mut s = open(&path);
    let demo =
        Service::open_read_only(&Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-db/demo.db"), today()).unwrap();
    let mut d = first_member(&demo).draft;
    d.group_id = None;
    s.create_member(&d).unwrap();
    for f in ["new.db", "new.db-wal", "new.db-shm"] {
        let p = dir.path().join(f);
        if p.exists() {
            assert_eq!(mode(&p), 0o600, "{f}");
        }
    }
    let b = dir.path().join("backup.db");
    s.backup(&b).unwrap();
    assert_eq!(mode(&b), 0o600);
    drop(s);
    // A sample, and the default data folder, from the program under a permissive umask.
    let home = dir.path().join("home");
    let sample = dir.path().join("sample.db");
    let sh = format!(
        "umask 000; {BIN} sample --out {} --today 2026-11-28 && {BIN} --today 2026-11-28 </dev/null >/dev/null 2>&1; true",
        sample.display()
    );
    let st = Command::new("sh")
        .args(["-c", &sh])
        .env("HOME", &home)
        .env("XDG_DATA_HOME", home.join("data"))
        .status()
        .unwrap();
    assert!(st.success());
    assert_eq!(mode(&sample), 0o600);
    assert_eq!(mode(&home.join("data/zhibu")), 0o700);
}

// ---- 13, 14, 15. hostile text and closed pipes ----------------------------------------------------

#[test]
fn hostile_names_are_escaped_in_csv_and_stripped_in_tables() {
    let dir = TempDir::new().unwrap();
    let path = demo(&dir);
    let names = [
        "=HYPERLINK(\"http://x.cn\",\"点\")",
        "+cmd|' /C calc'!A0",
        "@SUM(1+1)",
        "-2+3",
        "张\u{1b}]52;c;aGk=\u{7}三",
        "\u{1b}[2J李四",
        "\u{202e}王五",
        "\u{9b}31m赵六",
    ];
    {
        // Edited elsewhere: straight into the file, past the program's own checks.
        let c = Connection::open(&path).unwrap();
        let ids: Vec<i64> = c
            .prepare("SELECT id FROM member ORDER BY id")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .flatten()
            .collect();
        for (id, name) in ids.iter().zip(names) {
            c.execute("UPDATE member SET name = ?2 WHERE id = ?1", rusqlite::params![id, name]).unwrap();
        }
        c.execute(
            "UPDATE meeting SET topic = '=1+1' WHERE id = (SELECT min(id) FROM meeting WHERE date >= '2026-01-01')",
            [],
        )
        .unwrap();
    }
    let bad = |c: char| c.is_control() && c != '\n' && c != '\r' || zhibu::domain::outbound::is_bidi_control(c);
    for report in ["study", "meetings", "overdue"] {
        for format in ["csv", "table"] {
            let out = zhibu(&["report", report, "--db", path.to_str().unwrap(), "--format", format]);
            assert!(out.status.success());
            let text = String::from_utf8(out.stdout).unwrap();
            assert!(!text.chars().any(bad), "{report} {format}: {text:?}");
            if format == "csv" {
                let mut rdr = csv::ReaderBuilder::new().has_headers(false).from_reader(text.as_bytes());
                for rec in rdr.records() {
                    for cell in rec.unwrap().iter() {
                        let cell = cell.trim_start_matches('\u{feff}');
                        let starts = cell.trim_start().starts_with(['=', '+', '-', '@']);
                        assert!(!starts || cell.parse::<f64>().is_ok(), "{report}: unescaped cell {cell:?}");
                    }
                }
            }
        }
    }
    let csv = String::from_utf8(zhibu(&["report", "study", "--db", path.to_str().unwrap(), "--format", "csv"]).stdout)
        .unwrap();
    assert!(csv.contains("'=HYPERLINK") && csv.contains("'@SUM(1+1)") && csv.contains("'-2+3"), "{csv}");
}

#[test]
fn a_reader_that_stops_early_is_not_an_error() {
    let dir = TempDir::new().unwrap();
    let path = demo(&dir);
    let mut child = Command::new(BIN)
        .args(["report", "study", "--db", path.to_str().unwrap(), "--today", "2026-11-28"])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{:?} {}", out.status, String::from_utf8_lossy(&out.stderr));
    assert!(out.stderr.is_empty(), "{}", String::from_utf8_lossy(&out.stderr));
}

// ---- 16. tiny windows ---------------------------------------------------------------------------------

#[test]
fn every_window_size_down_to_1x1_draws_and_keeps_the_open_form() {
    let dir = TempDir::new().unwrap();
    let path = demo(&dir);
    for lang in [Lang::Zh, Lang::En] {
        let mut ui = app(&path, lang);
        key(&mut ui, KeyCode::Char('2'));
        key(&mut ui, KeyCode::Enter);
        typed(&mut ui, "甲");
        for w in 1..=24u16 {
            for h in 1..=26u16 {
                screen(&mut ui, w, h);
            }
        }
        screen(&mut ui, 2, 20);
        // While too small, keys go nowhere: not into the hidden form, not to quit it.
        typed(&mut ui, "q");
        ctrl(&mut ui, 's');
        let Overlay::Form(form) = &ui.overlay else { panic!("the form survives resizing") };
        assert!(form.text("name").ends_with('甲'), "{}", form.text("name"));
        assert!(!ui.quit);
        let big = screen(&mut ui, 80, 24);
        assert!(big.contains('甲'));
        typed(&mut ui, "乙");
        let Overlay::Form(form) = &ui.overlay else { panic!() };
        assert!(form.text("name").ends_with("甲乙"));
    }
}

#[test]
fn a_right_to_left_override_in_a_name_never_reaches_the_terminal() {
    let dir = TempDir::new().unwrap();
    let path = demo(&dir);
    Connection::open(&path)
        .unwrap()
        .execute("UPDATE member SET name = '\u{202e}王五\u{2066}' WHERE id = (SELECT min(id) FROM member)", [])
        .unwrap();
    let mut ui = app(&path, Lang::Zh);
    key(&mut ui, KeyCode::Char('2'));
    let s = screen(&mut ui, 100, 30);
    assert!(s.contains("王五"));
    assert!(!s.chars().any(zhibu::domain::outbound::is_bidi_control), "{s}");
}

#[test]
fn a_file_of_an_older_zhibu_is_read_without_being_upgraded() {
    let dir = TempDir::new().unwrap();
    let latest = zhibu::store::migrations::latest();
    for version in 1..latest {
        let path = dir.path().join(format!("v{version}.db"));
        {
            let c = Connection::open(&path).unwrap();
            zhibu::store::migrations::migrate_to(&c, version).unwrap();
            c.execute_batch("PRAGMA journal_mode=DELETE").unwrap();
        }
        let before = fs::read(&path).unwrap();
        let s = Service::open_read_only(&path, today()).unwrap();
        assert_eq!(s.members().unwrap().len(), 0);
        assert!(s.overdue().is_ok());
        drop(s);
        let out = zhibu(&["report", "study", "--db", path.to_str().unwrap()]);
        assert!(out.status.success(), "v{version}: {}", String::from_utf8_lossy(&out.stderr));
        assert_eq!(fs::read(&path).unwrap(), before, "v{version} changed");
        assert_eq!(files(dir.path()).len(), version as usize, "nothing beside it");
    }
}
