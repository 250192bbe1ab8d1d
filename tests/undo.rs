//! Undo: every step of a window walked back, for every record type the program writes, and
//! the refusals; the history of a record in the user's words.

mod common;

use common::*;
use rusqlite::Connection;
use zhibu::domain::lang::Lang;
use zhibu::service::{Service, ServiceError};

/// Every row of every table but the change log, as text, table by table.
fn dump(path: &std::path::Path) -> Vec<(String, Vec<String>)> {
    let c = Connection::open(path).unwrap();
    let tables: Vec<String> = c
        .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite%' AND name <> 'change_log' ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    tables
        .into_iter()
        .map(|t| {
            let cols: Vec<String> = c
                .prepare("SELECT name FROM pragma_table_info(?1) ORDER BY cid")
                .unwrap()
                .query_map([&t], |r| r.get(0))
                .unwrap()
                .collect::<Result<_, _>>()
                .unwrap();
            let expr = cols.iter().map(|c| format!("quote(\"{c}\")")).collect::<Vec<_>>().join(" || '|' || ");
            let mut rows: Vec<String> = c
                .prepare(&format!("SELECT {expr} FROM \"{t}\""))
                .unwrap()
                .query_map([], |r| r.get(0))
                .unwrap()
                .collect::<Result<_, _>>()
                .unwrap();
            rows.retain(|r| !r.starts_with("'sample_as_of'"));
            rows.sort();
            (t, rows)
        })
        .collect()
}

#[test]
fn every_step_of_a_whole_branch_is_undone_back_to_the_empty_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("walk.db");
    let mut s = Service::open(&path, today()).unwrap();
    let empty = dump(&path);
    s.keep_every_undo_step();
    zhibu::cli::sample::generate(&mut s, today(), 12).unwrap();
    let full = dump(&path);
    let logged: std::collections::BTreeSet<String> = {
        let c = Connection::open(&path).unwrap();
        c.prepare("SELECT DISTINCT tbl FROM change_log")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    };
    // The walk covers every record type the program writes: each has a name in the history.
    let named: Vec<&str> = zhibu::service::record_kinds::tables().collect();
    for t in &logged {
        assert!(named.contains(&t.as_str()), "{t} has no entry in record_kinds");
    }
    assert!(logged.len() >= 20, "the sample writes most record types: {logged:?}");
    assert_ne!(empty, full);

    let mut undone: std::collections::BTreeSet<String> = Default::default();
    let mut steps = 0;
    while let Some(p) = s.undo_preview(Lang::Zh).unwrap() {
        assert!(!p.text.is_empty());
        s.undo(&p).unwrap_or_else(|e| panic!("undo {}: {}", p.text, e.text(Lang::Zh)));
        steps += 1;
    }
    assert!(steps > 100, "{steps} steps");
    drop(s);
    let c = Connection::open(&path).unwrap();
    for t in c
        .prepare("SELECT DISTINCT tbl FROM change_log WHERE undoes IS NOT NULL")
        .unwrap()
        .query_map([], |r| r.get::<_, String>(0))
        .unwrap()
    {
        undone.insert(t.unwrap());
    }
    assert_eq!(undone, logged, "every record type was undone");
    assert_eq!(dump(&path), empty, "every row is back as it was before the branch was entered");
}

// ---- flows: keys through `App::update`, then the reopened file ----

use ratatui::crossterm::event::KeyCode;
use zhibu::tui::app::{App, Overlay, StatusKind};

fn reopen(path: &std::path::Path) -> Service {
    Service::open(path, today()).expect("reopen")
}

fn status(app: &App) -> String {
    app.status.as_ref().map(|s| s.text.clone()).unwrap_or_default()
}

fn confirm_text(app: &App) -> String {
    match &app.overlay {
        Overlay::Confirm(c) => c.text.clone(),
        _ => panic!("a confirmation is open"),
    }
}

/// `u`, then the question's text, then `y`.
fn undo(app: &mut App) -> String {
    key(app, KeyCode::Char('u'));
    let q = confirm_text(app);
    key(app, KeyCode::Char('y'));
    q
}

/// Every member's yearly totals, as stored.
fn member_year(path: &std::path::Path) -> Vec<(i64, i64, i64, i64)> {
    let c = Connection::open(path).unwrap();
    c.prepare(
        "SELECT member_id, year, credit_min, absences FROM member_year WHERE credit_min + absences > 0 ORDER BY 1, 2",
    )
    .unwrap()
    .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
    .unwrap()
    .map(Result::unwrap)
    .collect()
}

/// Edits the first member's phone on the members tab: its last digit becomes `digit`.
fn edit_first_phone(app: &mut App, digit: char) {
    key(app, KeyCode::Char('2'));
    key(app, KeyCode::Home);
    key(app, KeyCode::Enter);
    tab(app, 4);
    key(app, KeyCode::Backspace);
    key(app, KeyCode::Char(digit));
    ctrl(app, 's');
    assert!(matches!(app.overlay, Overlay::None), "saved: {}", status(app));
}

fn first_member(s: &Service) -> zhibu::domain::member::Member {
    s.members().unwrap().into_iter().min_by_key(|m| m.draft.name != "于海燕").unwrap()
}

#[test]
fn undo_of_an_add_removes_the_member_and_logs_both() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("new.db");
    let mut app = app(&path, Lang::Zh);
    key(&mut app, KeyCode::Char('u'));
    assert_eq!(status(&app), "本窗口没有可撤销的修改");
    key(&mut app, KeyCode::Char('n'));
    typed(&mut app, "张三");
    tab(&mut app, 2);
    typed(&mut app, "1990-03-08");
    tab(&mut app, 7);
    typed(&mut app, "20150701");
    key(&mut app, KeyCode::Tab);
    typed(&mut app, "2016-07-01");
    ctrl(&mut app, 's');
    assert_eq!(reopen(&path).members().unwrap().len(), 1);

    // The first member also fixed the records' start date: one step all the same.
    assert_eq!(undo(&mut app), "撤销：新增党员 张三，连同 1 条相关记录？(y/n)");
    assert_eq!(status(&app), "已撤销：新增党员 张三，连同 1 条相关记录");
    drop(app);
    let s = reopen(&path);
    assert!(s.members().unwrap().is_empty());
    assert_eq!(s.settings().records_from, None, "the start date the member fixed is undone with it");
    let log = s.history("member", 1).unwrap();
    assert_eq!(log.iter().map(|c| c.action.as_str()).collect::<Vec<_>>(), ["insert", "delete"]);
    assert_eq!(log[1].undoes, log[0].batch);
    let h = s.record_history("member", 1, Lang::Zh).unwrap();
    assert_eq!((h.entries[0].action.as_str(), h.entries[1].action.as_str()), ("撤销新增", "新增"));
}

#[test]
fn undo_of_an_edit_puts_the_old_value_back_and_repeated_undo_walks_further_back() {
    let dir = tempfile::tempdir().unwrap();
    let path = sample_db(dir.path());
    let first = first_member(&reopen(&path));
    let phone = first.draft.phone.clone();
    let mut app = app(&path, Lang::Zh);
    edit_first_phone(&mut app, '1');
    edit_first_phone(&mut app, '2');
    assert!(reopen(&path).member(first.id).unwrap().draft.phone.ends_with('2'));

    assert_eq!(undo(&mut app), format!("撤销：修改党员 {}（电话）？(y/n)", first.draft.name));
    assert!(reopen(&path).member(first.id).unwrap().draft.phone.ends_with('1'), "the newest change first");
    undo(&mut app);
    assert_eq!(reopen(&path).member(first.id).unwrap().draft.phone, phone, "then the one before");
    key(&mut app, KeyCode::Char('u'));
    assert_eq!(status(&app), "本窗口没有可撤销的修改", "the sample's own records were not written in this window");
    assert!(matches!(app.overlay, Overlay::None));

    // Ctrl-Z is the same key; `n` keeps the change.
    edit_first_phone(&mut app, '3');
    ctrl(&mut app, 'z');
    key(&mut app, KeyCode::Char('n'));
    assert!(reopen(&path).member(first.id).unwrap().draft.phone.ends_with('3'));
}

/// The nine keys of a committee meeting with one leave and one absence (as in tests/flows.rs).
fn log_a_meeting(app: &mut App) {
    key(app, KeyCode::Char('3'));
    key(app, KeyCode::Char('n'));
    key(app, KeyCode::Char('2'));
    key(app, KeyCode::Tab);
    typed(app, "研究年终工作");
    key(app, KeyCode::Tab);
    key(app, KeyCode::Char('l'));
    typed(app, "出差");
    key(app, KeyCode::Enter);
    key(app, KeyCode::Char('x'));
    ctrl(app, 's');
    assert!(matches!(app.overlay, Overlay::None), "saved: {}", status(app));
}

// The sample plans November's 支委会 for 11-30: the meeting logged is that plan item, held.
#[test]
fn undo_of_a_meeting_with_attendance_puts_back_its_plan_item_and_the_yearly_totals() {
    let dir = tempfile::tempdir().unwrap();
    let path = sample_db(dir.path());
    let before = reopen(&path).meetings_in_year(2026).unwrap();
    let totals = member_year(&path);
    let mut app = app(&path, Lang::Zh);
    log_a_meeting(&mut app);
    assert_eq!(reopen(&path).meetings_in_year(2026).unwrap().len(), before.len(), "the plan item, held");
    assert_ne!(member_year(&path), totals, "the absence counts");

    assert_eq!(undo(&mut app), "撤销：修改会议 2026-11-28 支部委员会会议（状态、议题、主持人等）？(y/n)");
    let after = reopen(&path).meetings_in_year(2026).unwrap();
    let summaries = |items: &[zhibu::service::meetings::MeetingItem]| -> Vec<_> {
        items.iter().map(|i| i.summary.clone()).collect()
    };
    assert_eq!(summaries(&after), summaries(&before), "the plan item planned again, as it was");
    assert_eq!(member_year(&path), totals, "the yearly totals are as before");
}

/// The question over the meetings list: rows with Chinese text run under it, and a character
/// that straddled its left border took the border with it on the terminal (`│2026-11-30 下────┐`).
/// In the drawn frame no two-cell character begins just left of the box, and as the terminal
/// shows it the box is whole on every line.
#[test]
fn the_undo_question_keeps_its_borders_over_chinese_text() {
    let dir = tempfile::tempdir().unwrap();
    let path = sample_db(dir.path());
    let mut app = app(&path, Lang::Zh);
    key(&mut app, KeyCode::Char('3'));
    for _ in 0..7 {
        key(&mut app, KeyCode::Char('j'));
    }
    key(&mut app, KeyCode::Enter);
    tab(&mut app, 2);
    key(&mut app, KeyCode::Char('l'));
    typed(&mut app, "加班");
    key(&mut app, KeyCode::Enter);
    ctrl(&mut app, 's');
    key(&mut app, KeyCode::Char('u'));
    assert!(confirm_text(&app).starts_with("撤销："));

    use unicode_width::UnicodeWidthStr;
    // As the terminal shows it (the test terminal draws a wide character over the next cell).
    let shown = screen(&mut app, 80, 24);
    let lines: Vec<&str> = shown.lines().collect();
    let top = lines.iter().position(|l| l.contains("│撤销：")).expect("the question") - 1;
    let col = |l: &str, c: char| l.find(c).map(|i| l[..i].width());
    let (left, right) = (col(lines[top], '┌').expect(&shown), col(lines[top], '┐').expect(&shown));
    let bottom = (top + 1..lines.len()).find(|&i| lines[i].contains('└')).expect("its bottom");
    assert_eq!((col(lines[bottom], '└'), col(lines[bottom], '┘')), (Some(left), Some(right)), "{shown}");
    for l in &lines[top + 1..bottom] {
        let sides: Vec<usize> = l.char_indices().filter(|&(_, c)| c == '│').map(|(i, _)| l[..i].width()).collect();
        assert!(sides.contains(&left) && sides.contains(&right), "{l}\n{shown}");
    }
    // The frame itself: left of the box, nothing that would reach into it.
    let mut t = ratatui::Terminal::new(ratatui::backend::TestBackend::new(80, 24)).unwrap();
    let frame = t.draw(|f| zhibu::tui::view::render(&mut app, f)).unwrap().buffer.clone();
    for y in top..=bottom {
        let cell = frame[(left as u16 - 1, y as u16)].symbol();
        assert!(cell.width() <= 1, "{cell:?} straddles the box's left border on line {y}");
    }
}

#[test]
fn undo_of_a_deleted_meeting_brings_it_back_with_its_id_and_attendance() {
    let dir = tempfile::tempdir().unwrap();
    let path = sample_db(dir.path());
    let totals = member_year(&path);
    let mut app = app(&path, Lang::Zh);
    key(&mut app, KeyCode::Char('3'));
    use zhibu::tui::tab::TabView;
    let (_, id) = app.view::<zhibu::tui::tabs::meetings::MeetingsTab>().selected_record().unwrap();
    let meeting = reopen(&path).meeting(id).unwrap();
    key(&mut app, KeyCode::Char('d'));
    key(&mut app, KeyCode::Char('y'));
    assert!(reopen(&path).meeting(id).is_err(), "deleted");

    let q = undo(&mut app);
    assert!(q.starts_with(&format!("撤销：删除会议 {}", meeting.draft.date)), "{q}");
    assert_eq!(reopen(&path).meeting(id).unwrap(), meeting, "the same meeting, attendance and all");
    assert_eq!(member_year(&path), totals);
}

#[test]
fn undo_of_an_archive_restores_the_member() {
    let dir = tempfile::tempdir().unwrap();
    let path = sample_db(dir.path());
    let s = reopen(&path);
    let m = first_member(&s);
    let mut app = App::new(s, Lang::En, false, false);
    let archive = zhibu::domain::member::Archive {
        reason: zhibu::domain::member::ArchiveReason::TransferredOut,
        date: today(),
        note: String::new(),
    };
    app.service.archive_member(m.id, &archive).unwrap();
    assert_eq!(undo(&mut app), format!("Undo: archive member {}? (y/n)", m.draft.name));
    assert_eq!(reopen(&path).member(m.id).unwrap().archive, None);
}

#[test]
fn a_whole_import_is_one_step() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("new.db");
    let csv = dir.path().join("roster.csv");
    std::fs::write(
        &csv,
        "\u{feff}姓名,性别,民族,出生日期,入党日期,转正日期\n\
         张三,男,汉族,1985-03-08,2010-07-01,2011-07-01\n\
         李四,女,汉族,1990-01-05,2015-07-01,2016-07-01\n\
         王五,男,回族,1979-10-01,2001-07-01,2002-07-01\n",
    )
    .unwrap();
    let mut app = app(&path, Lang::Zh);
    key(&mut app, KeyCode::Char('i'));
    typed(&mut app, &csv.display().to_string());
    ctrl(&mut app, 's');
    key(&mut app, KeyCode::Char('y'));
    assert_eq!(reopen(&path).members().unwrap().len(), 3, "{}", status(&app));

    assert_eq!(undo(&mut app), "撤销：新增党员 3 条，连同 1 条相关记录？(y/n)");
    let s = reopen(&path);
    assert!(s.members().unwrap().is_empty(), "{}", status(&app));
    assert_eq!(s.settings().records_from, None);
    key(&mut app, KeyCode::Char('u'));
    assert_eq!(status(&app), "本窗口没有可撤销的修改");
}

#[test]
fn undo_is_refused_after_another_window_changed_the_record() {
    let dir = tempfile::tempdir().unwrap();
    let path = sample_db(dir.path());
    let mut app = app(&path, Lang::Zh);
    edit_first_phone(&mut app, '1');

    // Another window saves the same member.
    let mut other = reopen(&path);
    let m = first_member(&other);
    let seen = other.version(zhibu::service::Record::Member(m.id)).unwrap();
    let mut d = m.draft.clone();
    d.work_unit = "区委组织部".into();
    other.set_log_clock(Some("2026-11-28T10:15:00")).unwrap();
    other.update_member(m.id, &d, seen).unwrap();

    undo(&mut app);
    let st = app.status.clone().unwrap();
    assert_eq!(st.kind, StatusKind::Error);
    assert_eq!(st.text, format!("不能撤销：另一个窗口已于 2026-11-28 10:15 修改党员 {}（工作单位）", m.draft.name));
    let now = reopen(&path).member(m.id).unwrap();
    assert!(now.draft.phone.ends_with('1') && now.draft.work_unit == "区委组织部", "nothing was undone");
    // The step stays: once the other change is undone there, this one can be too.
    key(&mut app, KeyCode::Char('u'));
    assert!(confirm_text(&app).contains("电话"));
}

#[test]
fn undo_of_an_add_is_refused_once_another_window_refers_to_the_record() {
    let dir = tempfile::tempdir().unwrap();
    let path = sample_db(dir.path());
    let mut a = reopen(&path);
    let mut d = first_member(&a).draft;
    d.name = "新同志".into();
    d.posts.clear();
    let id = a.create_member(&d).unwrap();
    // Another window puts the new member in a service record.
    let mut b = reopen(&path);
    let rec = zhibu::domain::pledge::ServiceDraft { member_id: id, ..b.service_record(1).unwrap().draft };
    b.save_service(None, &rec).unwrap();
    let p = a.undo_preview(Lang::Zh).unwrap().unwrap();
    let e = a.undo(&p).unwrap_err();
    assert!(matches!(e, ServiceError::Refused(_)));
    assert_eq!(e.text(Lang::Zh), "不能撤销：另一个窗口已有记录用到了它（例如在会议中登记了此人）");
    assert!(reopen(&path).member(id).is_ok());
}

// ---- the history view ----

#[test]
fn history_of_a_member_and_of_a_meeting() {
    for (lang, tag) in [(Lang::Zh, "zh"), (Lang::En, "en")] {
        let dir = tempfile::tempdir().unwrap();
        let path = sample_db(dir.path());
        let mut s = reopen(&path);
        s.set_log_clock(Some("2026-11-28T10:30:00")).unwrap();
        let m = first_member(&s);
        let seen = s.version(zhibu::service::Record::Member(m.id)).unwrap();
        let mut d = m.draft.clone();
        d.phone = "13900001111".into();
        d.status = zhibu::domain::member::MemberStatus::Full;
        d.work_unit = "区委组织部".into();
        s.update_member(m.id, &d, seen).unwrap();
        let mut app = App::new(s, lang, false, false);
        key(&mut app, KeyCode::Char('2'));
        key(&mut app, KeyCode::Home);
        key(&mut app, KeyCode::Char('l'));
        assert!(matches!(app.overlay, Overlay::History { .. }));
        insta::assert_snapshot!(format!("history_member_80x24_{tag}"), screen(&mut app, 80, 24));
        key(&mut app, KeyCode::Esc);
        assert!(matches!(app.overlay, Overlay::None));

        // A meeting: one member excused, with the reason, then the change undone.
        key(&mut app, KeyCode::Char('3'));
        use zhibu::tui::tab::TabView;
        // The newest held meeting (planned ones have no attendance yet).
        let meeting = loop {
            let (_, id) = app.view::<zhibu::tui::tabs::meetings::MeetingsTab>().selected_record().unwrap();
            let m = app.service.meeting(id).unwrap();
            if !m.draft.attendance.is_empty() {
                break m;
            }
            key(&mut app, KeyCode::Down);
        };
        let id = meeting.id;
        let seen = app.service.version(zhibu::service::Record::Meeting(id)).unwrap();
        let mut d = meeting.draft.clone();
        d.attendance[0].status = zhibu::domain::meeting::Attendance::Excused;
        d.attendance[0].reason = "出差".into();
        d.topic = format!("{}（补记）", d.topic);
        app.service.save_meeting(Some((id, seen)), &d).unwrap();
        undo(&mut app);
        key(&mut app, KeyCode::Char('l'));
        insta::assert_snapshot!(format!("history_meeting_80x24_{tag}"), screen(&mut app, 80, 24));
    }
}

// History showed stored keys and ids: "eval_year 2026", "测评票数 basic 0，excellent 0…",
// "决定机关 general_meeting", "用时 unit half_days，value 10". Every field of one record of each
// logged table in the sample reads in words: no snake_case key or id in a label or a value,
// and no Latin letters in a Chinese label.
#[test]
fn history_names_every_field_of_every_record_kind_in_words() {
    let dir = tempfile::tempdir().unwrap();
    let path = sample_db(dir.path());
    let s = reopen(&path);
    let conn = rusqlite::Connection::open(&path).unwrap();
    let mut stmt = conn.prepare("SELECT tbl, MIN(row_id) FROM change_log GROUP BY tbl").unwrap();
    let records: Vec<(String, i64)> =
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?))).unwrap().map(Result::unwrap).collect();
    assert!(records.len() > 15, "{records:?}");
    let snake = |t: &str| t.split(|c: char| !c.is_ascii_alphanumeric() && c != '_').any(|w| w.contains('_'));
    for lang in [Lang::Zh, Lang::En] {
        for (table, row) in &records {
            let h = s.record_history(table, *row, lang).unwrap();
            for e in &h.entries {
                for f in &e.fields {
                    let shown = format!("{table}: {} {} -> {}", f.label, f.old, f.new);
                    assert!(!snake(&f.label) && !snake(&f.old) && !snake(&f.new), "{shown}");
                    if lang == Lang::Zh {
                        assert!(!f.label.chars().any(|c| c.is_ascii_alphabetic()), "{shown}");
                    }
                }
            }
        }
    }
}

// ---- the command line: an import made by one process, undone by another ----

#[test]
fn zhibu_undo_import_undoes_the_last_command_line_import_as_one_step() {
    let bin = env!("CARGO_BIN_EXE_zhibu");
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("b.db");
    drop(Service::open(&db, today()).unwrap());
    let csv = dir.path().join("roster.csv");
    std::fs::write(
        &csv,
        "姓名,性别,民族,出生日期,入党日期,转正日期\n张三,男,汉族,1985-03-08,2010-07-01,2011-07-01\n李四,女,汉族,1990-01-05,2015-07-01,2016-07-01\n",
    )
    .unwrap();
    let run = |args: &[&str]| {
        let o = std::process::Command::new(bin).args(args).args(["--today", "2026-11-28"]).output().unwrap();
        (o.status.success(), String::from_utf8_lossy(&o.stdout).into_owned() + &String::from_utf8_lossy(&o.stderr))
    };
    let db_s = db.to_str().unwrap();
    let (ok, out) = run(&["undo", "import", "--db", db_s]);
    assert!(!ok && out.contains("没有可撤销的导入"), "{out}");
    assert!(run(&["import", "members", csv.to_str().unwrap(), "--db", db_s]).0);
    assert_eq!(reopen(&db).members().unwrap().len(), 2);

    // Without --yes it only says what it would undo.
    let (ok, out) = run(&["undo", "import", "--db", db_s]);
    assert!(ok && out.contains("将撤销：新增党员 2 条，连同 1 条相关记录"), "{out}");
    assert_eq!(reopen(&db).members().unwrap().len(), 2);

    // A member changed since by another program: refused, nothing undone.
    let mut other = reopen(&db);
    let m = other.members().unwrap().into_iter().find(|m| m.draft.name == "李四").unwrap();
    let seen = other.version(zhibu::service::Record::Member(m.id)).unwrap();
    let mut d = m.draft.clone();
    d.phone = "13900001111".into();
    other.set_log_clock(Some("2026-11-28T11:00:00")).unwrap();
    other.update_member(m.id, &d, seen).unwrap();
    let (ok, out) = run(&["undo", "import", "--yes", "--db", db_s]);
    assert!(!ok && out.contains("不能撤销：另一个窗口已于 2026-11-28 11:00 修改党员 李四（电话）"), "{out}");
    assert_eq!(reopen(&db).members().unwrap().len(), 2);

    // Once that change is undone where it was made, the import can be.
    let p = other.undo_preview(Lang::Zh).unwrap().unwrap();
    other.undo(&p).unwrap();
    drop(other);
    let (ok, out) = run(&["undo", "import", "--yes", "--db", db_s]);
    assert!(ok && out.contains("已撤销：新增党员 2 条"), "{out}");
    let s = reopen(&db);
    assert!(s.members().unwrap().is_empty());
    assert_eq!(s.settings().records_from, None);
    let (ok, _) = run(&["undo", "import", "--yes", "--db", db_s]);
    assert!(!ok, "undone once");
}
