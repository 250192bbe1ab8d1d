//! Exports read back with calamine: the yearly 台账 (党员名册, 会议记录, 学习情况) and a
//! meeting's sign-in sheet; an exported roster imported into a new file gives the same members.

mod common;

use std::path::Path;
use std::process::Command;

use calamine::{Data, Range, Reader, open_workbook_auto};
use chrono::Datelike;
use tempfile::TempDir;
use zhibu::service::Service;

const BIN: &str = env!("CARGO_BIN_EXE_zhibu");

/// `zhibu export taizhang --year 2026` of `db` to `out`, which must succeed.
fn export_2026(db: &Path, out: &Path) {
    let o = Command::new(BIN)
        .args(["--today", "2026-11-28", "export", "taizhang", "--year", "2026", "--db"])
        .arg(db)
        .arg("--out")
        .arg(out)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
}

fn sheet(path: &Path, name: &str) -> Range<Data> {
    open_workbook_auto(path).unwrap().worksheet_range(name).unwrap()
}

fn text(d: &Data) -> String {
    match d {
        Data::String(s) => s.clone(),
        Data::Empty => String::new(),
        other => other.to_string(),
    }
}

fn date(d: &Data) -> chrono::NaiveDate {
    let Data::DateTime(dt) = d else { panic!("a date cell: {d:?}") };
    let (y, m, day, ..) = dt.to_ymd_hms_milli();
    chrono::NaiveDate::from_ymd_opt(y.into(), m.into(), day.into()).unwrap()
}

#[test]
fn the_taizhang_has_the_roster_the_meetings_and_study_as_cells() {
    let dir = TempDir::new().unwrap();
    let db = common::sample_db(dir.path());
    // Text that a spreadsheet would take for a formula.
    let mut s = Service::open(&db, common::today()).unwrap();
    let first = s.members().unwrap().into_iter().find(|m| !m.is_archived()).unwrap();
    let mut d = first.draft.clone();
    d.notes = "=HYPERLINK(\"http://x\")".into();
    let seen = s.version(zhibu::store::Record::Member(first.id)).unwrap();
    s.update_member(first.id, &d, seen).unwrap();
    let year = common::today().year();
    let in_year: Vec<_> = s
        .members()
        .unwrap()
        .into_iter()
        .filter(|m| {
            m.branch_start() <= zhibu::domain::dates::year_end(year)
                && m.branch_end().is_none_or(|e| e >= zhibu::domain::dates::year_start(year))
        })
        .collect();
    let meetings = s.meetings_in_year(year).unwrap();
    drop(s);

    let out = dir.path().join("台账.xlsx");
    export_2026(&db, &out);
    #[cfg(unix)]
    assert_eq!(std::os::unix::fs::PermissionsExt::mode(&std::fs::metadata(&out).unwrap().permissions()) & 0o777, 0o600);
    assert_eq!(&open_workbook_auto(&out).unwrap().sheet_names()[..3], ["党员名册", "会议记录", "学习情况"]);
    assert!(open_workbook_auto(&out).unwrap().sheet_names().contains(&"流动党员".to_string()));

    let roster = sheet(&out, "党员名册");
    let header: Vec<String> = roster.rows().next().unwrap().iter().map(text).collect();
    assert_eq!(&header[..7], ["党员编号", "姓名", "性别", "民族", "出生日期", "入党日期", "转正日期"]);
    assert_eq!(roster.height() - 1, in_year.len());
    let row = roster.rows().find(|r| text(&r[1]) == first.draft.name).unwrap();
    assert_eq!(date(&row[4]), first.draft.birth_date);
    assert_eq!(date(&row[5]), first.draft.admission_date);
    assert_eq!(row[12], Data::String("=HYPERLINK(\"http://x\")".into()), "a text cell, not a formula");
    let mut wb = open_workbook_auto(&out).unwrap();
    let formulas = wb.worksheet_formula("党员名册").unwrap();
    assert!(formulas.used_cells().all(|(_, _, f)| f.is_empty()), "no formula anywhere");

    let minutes = sheet(&out, "会议记录");
    let blocks = minutes.rows().filter(|r| text(&r[0]) == "会议").count();
    assert_eq!(blocks, meetings.len());
    let first_date = minutes.rows().find(|r| text(&r[0]) == "日期").map(|r| date(&r[1])).unwrap();
    assert!(meetings.iter().any(|m| m.summary.date == first_date));
    assert!(minutes.rows().any(|r| text(&r[0]) == "人数" && text(&r[1]).starts_with("应到 ")));

    let study = sheet(&out, "学习情况");
    assert_eq!(text(&study.rows().next().unwrap()[1]), "姓名");
    assert!(study.height() > 1);
}

#[test]
fn an_exported_roster_imports_into_a_new_file_as_the_same_members() {
    let dir = TempDir::new().unwrap();
    let db = common::sample_db(dir.path());
    let src = Service::open(&db, common::today()).unwrap();
    let out = dir.path().join("t.xlsx");
    src.export_taizhang(2026, &out).unwrap();

    let new = dir.path().join("new.db");
    let mut dst = Service::open(&new, common::today()).unwrap();
    for g in src.groups().unwrap() {
        dst.create_group(&g.name, None).unwrap();
    }
    let p = dst.preview_import(&out, Some("党员名册")).unwrap();
    assert_eq!(p.bad_rows, 0, "{:?}", p.problems.first().map(|x| x.text(zhibu::domain::lang::Lang::Zh)));
    assert!(p.unmatched.is_empty(), "the export's 离开支部 is read: {:?}", p.unmatched);
    let left: Vec<_> = src.members().unwrap().into_iter().filter(|m| m.is_archived()).map(|m| m.draft.name).collect();
    assert_eq!(p.left.iter().map(|(_, n)| n.clone()).collect::<Vec<_>>(), left, "who left is skipped, with a note");
    dst.import_members(&p).unwrap();

    let group_names = |s: &Service| -> std::collections::HashMap<i64, String> {
        s.groups().unwrap().into_iter().map(|g| (g.id, g.name)).collect()
    };
    let key = |s: &Service| {
        let groups = group_names(s);
        let mut v: Vec<_> = s
            .members()
            .unwrap()
            .into_iter()
            .filter(|m| !m.is_archived() && m.branch_start().year() <= 2026)
            .map(|m| {
                let d = m.draft;
                (
                    d.name,
                    d.gender,
                    d.birth_date,
                    d.ethnicity,
                    d.admission_date,
                    d.conversion_date,
                    d.status,
                    d.work_unit,
                    d.unit_category,
                    d.phone,
                    d.group_id.map(|g| groups[&g].clone()),
                    d.notes,
                )
            })
            .collect();
        v.sort_by(|a, b| (&a.0, a.2).cmp(&(&b.0, b.2)));
        v
    };
    assert_eq!(key(&dst), key(&src));
}

#[test]
fn a_sign_in_sheet_lists_the_expected_members_on_one_page() {
    let dir = TempDir::new().unwrap();
    let db = common::sample_db(dir.path());
    let s = Service::open(&db, common::today()).unwrap();
    let all = s.meetings_in_year(2026).unwrap();
    let held = all.iter().find(|m| m.summary.expected > 0).unwrap();
    let planned = all.iter().find(|m| m.summary.status == zhibu::domain::meeting::MeetingStatus::Planned).unwrap();
    // Incoming members (流入党员) follow the members: a held meeting's guests, a planned
    // meeting's those here on its day.
    let held_incoming = s.meeting(held.summary.id).unwrap().draft.guests.iter().filter(|g| g.is_incoming()).count();
    let p = s.meeting(planned.summary.id).unwrap().draft;
    let planned_incoming = s.incoming_guests(&p.kinds, p.group_id, p.date).unwrap().len();
    for (m, expected, incoming) in [
        (held, held.summary.expected as usize, held_incoming),
        (planned, s.expected(&p.kinds, p.group_id, p.date).unwrap().len(), planned_incoming),
    ] {
        assert!(expected > 0);
        let out = dir.path().join(format!("签到表-{}.xlsx", m.summary.id));
        s.export_signin(m.summary.id, &out).unwrap();
        let r = sheet(&out, "签到表");
        let rows: Vec<Vec<String>> = r.rows().map(|r| r.iter().map(text).collect()).collect();
        assert!(rows[0][0].ends_with("会议签到表"));
        assert!(rows[2][0].contains(&m.summary.date.to_string()), "{:?}", rows[2]);
        assert_eq!(rows[3], ["序号", "姓名", "党小组", "签名", "备注"]);
        assert_eq!(rows.len() - 4, expected + incoming);
        assert!(rows[4 + expected..].iter().all(|r| r[2] == "流入党员"), "incoming members last");
        assert!(rows[4..4 + expected].iter().all(|r| r[2] != "流入党员"));
        assert!(rows[4..].iter().all(|r| r[3].is_empty()), "the signature column is empty");
        assert_eq!(rows[4][0], "1");
    }
}

#[test]
fn the_members_and_meetings_tabs_export_with_a_key() {
    use ratatui::crossterm::event::KeyCode;
    use zhibu::domain::lang::Lang;
    use zhibu::tui::app::{App, Overlay};
    let dir = TempDir::new().unwrap();
    let db = common::sample_db(dir.path());
    let mut app = App::new(Service::open(&db, common::today()).unwrap(), Lang::Zh, false, false);
    common::key(&mut app, KeyCode::Char('2'));
    common::key(&mut app, KeyCode::Char('t'));
    let Overlay::Form(form) = &app.overlay else { panic!("the export prompt") };
    let out = dir.path().join("台账-2026.xlsx");
    assert_eq!(form.text("export_file"), out.display().to_string(), "a name beside the database");
    common::ctrl(&mut app, 's');
    assert!(matches!(app.overlay, Overlay::None), "written and closed");
    assert_eq!(&open_workbook_auto(&out).unwrap().sheet_names()[..3], ["党员名册", "会议记录", "学习情况"]);
    assert!(open_workbook_auto(&out).unwrap().sheet_names().contains(&"流动党员".to_string()));
    // Again: the name proposed is a free one; a file of that name made meanwhile is refused,
    // the form staying open with the reason.
    common::key(&mut app, KeyCode::Char('t'));
    let Overlay::Form(form) = &app.overlay else { panic!("the export prompt") };
    let again = dir.path().join("台账-2026-2.xlsx");
    assert_eq!(form.text("export_file"), again.display().to_string());
    std::fs::write(&again, b"").unwrap();
    common::ctrl(&mut app, 's');
    let Overlay::Form(form) = &app.overlay else { panic!("refused, the form stays") };
    assert!(form.has_errors());
    common::key(&mut app, KeyCode::Esc);
    // Another year: the file name follows it until the secretary changes the name.
    common::key(&mut app, KeyCode::Char('t'));
    common::typed(&mut app, "２０２５");
    let Overlay::Form(form) = &app.overlay else { panic!("the export prompt") };
    assert_eq!(form.text("export_file"), dir.path().join("台账-2025.xlsx").display().to_string());
    common::key(&mut app, KeyCode::Tab);
    common::typed(&mut app, "-副本");
    common::key(&mut app, KeyCode::BackTab);
    common::key(&mut app, KeyCode::Backspace);
    common::typed(&mut app, "4");
    let Overlay::Form(form) = &app.overlay else { panic!("the export prompt") };
    assert_eq!(form.text("export_year"), "２０２4");
    assert!(form.text("export_file").ends_with("台账-2025.xlsx-副本"), "{}", form.text("export_file"));
    common::key(&mut app, KeyCode::Esc);
    common::key(&mut app, KeyCode::Char('y'));

    // A name without an extension gets .xlsx; another extension is refused beside the field.
    common::key(&mut app, KeyCode::Char('t'));
    common::key(&mut app, KeyCode::Tab);
    common::ctrl(&mut app, 'u');
    let bare = dir.path().join("名册");
    common::typed(&mut app, &bare.display().to_string());
    let Overlay::Form(form) = &app.overlay else { panic!("the export prompt") };
    assert_eq!(form.text("export_file"), bare.display().to_string());
    common::ctrl(&mut app, 's');
    assert!(matches!(app.overlay, Overlay::None), "written and closed");
    assert!(!bare.exists() && dir.path().join("名册.xlsx").is_file(), "written as 名册.xlsx");
    common::key(&mut app, KeyCode::Char('t'));
    common::key(&mut app, KeyCode::Tab);
    common::ctrl(&mut app, 'u');
    common::typed(&mut app, &dir.path().join("名册.txt").display().to_string());
    common::ctrl(&mut app, 's');
    let Overlay::Form(form) = &app.overlay else { panic!("refused, the form stays") };
    assert!(form.has_errors());
    assert!(!dir.path().join("名册.txt").exists());
    common::key(&mut app, KeyCode::Esc);
    common::key(&mut app, KeyCode::Char('y'));

    common::key(&mut app, KeyCode::Char('3'));
    common::key(&mut app, KeyCode::Char('p'));
    let Overlay::Form(form) = &app.overlay else { panic!("the sign-in prompt") };
    let out = std::path::PathBuf::from(form.text("export_file"));
    assert!(out.file_name().unwrap().to_string_lossy().starts_with("签到表-"));
    common::ctrl(&mut app, 's');
    assert!(matches!(app.overlay, Overlay::None));
    assert_eq!(open_workbook_auto(&out).unwrap().sheet_names(), ["签到表"]);
}

/// Meetings on one day (the three 党小组会 of 11-20, below the 党课 of 11-25: `3`, `j` x8, `p`,
/// Ctrl-S, then `j` `p`): the second 签到表 proposed the first one's name, which the save refused
/// (文件已存在). The name proposed is a free one, for the 签到表 and for the 台账 (on opening
/// and as the year typed changes it).
#[test]
fn the_file_name_proposed_is_one_not_taken() {
    use ratatui::crossterm::event::KeyCode;
    use zhibu::domain::lang::Lang;
    use zhibu::tui::app::{App, Overlay};
    let dir = TempDir::new().unwrap();
    let db = common::sample_db(dir.path());
    let mut app = App::new(Service::open(&db, common::today()).unwrap(), Lang::Zh, false, false);
    let file = |app: &App| {
        let Overlay::Form(form) = &app.overlay else { panic!("the export prompt") };
        form.text("export_file")
    };
    let at = |name: &str| dir.path().join(name).display().to_string();
    common::key(&mut app, KeyCode::Char('3'));
    for _ in 0..7 {
        common::key(&mut app, KeyCode::Char('j'));
    }
    common::key(&mut app, KeyCode::Char('p'));
    assert_eq!(file(&app), at("签到表-2026-11-25.xlsx"));
    common::key(&mut app, KeyCode::Esc);
    for (n, name) in
        ["签到表-2026-11-20.xlsx", "签到表-2026-11-20-2.xlsx", "签到表-2026-11-20-3.xlsx"].iter().enumerate()
    {
        common::key(&mut app, KeyCode::Char('j'));
        common::key(&mut app, KeyCode::Char('p'));
        assert_eq!(file(&app), at(name), "the meeting {} of 11-20", n + 1);
        common::ctrl(&mut app, 's');
        assert!(matches!(app.overlay, Overlay::None), "written and closed");
        assert_eq!(open_workbook_auto(dir.path().join(name)).unwrap().sheet_names(), ["签到表"]);
    }
    common::key(&mut app, KeyCode::Char('p'));
    assert_eq!(file(&app), at("签到表-2026-11-20-4.xlsx"), "again");
    common::key(&mut app, KeyCode::Esc);

    std::fs::write(dir.path().join("台账-2026.xlsx"), b"").unwrap();
    std::fs::write(dir.path().join("台账-2025.xlsx"), b"").unwrap();
    std::fs::write(dir.path().join("台账-2025-2.xlsx"), b"").unwrap();
    common::key(&mut app, KeyCode::Char('2'));
    common::key(&mut app, KeyCode::Char('t'));
    assert_eq!(file(&app), at("台账-2026-2.xlsx"));
    common::typed(&mut app, "2025");
    assert_eq!(file(&app), at("台账-2025-3.xlsx"));
    common::key(&mut app, KeyCode::Backspace);
    common::typed(&mut app, "4");
    assert_eq!(file(&app), at("台账-2024.xlsx"));
}

// The 台账's 会议记录 gave 应到, 实到 and 请假 only, leaving out 缺席 and the members away (外出),
// so its counts did not add up to 应到, while the meeting's details count them all.
#[test]
fn the_taizhang_counts_each_meeting_as_its_details_do_with_the_members_away() {
    use zhibu::domain::meeting::{Attendance, MeetingStatus};
    let dir = TempDir::new().unwrap();
    let db = common::sample_db(dir.path());
    let s = Service::open(&db, common::today()).unwrap();
    let meetings: Vec<_> =
        s.meetings_in_year(2026).unwrap().iter().map(|i| s.meeting(i.summary.id).unwrap().draft).collect();
    let names = s.member_names().unwrap();
    drop(s);
    let out = dir.path().join("台账.xlsx");
    export_2026(&db, &out);
    let minutes = sheet(&out, "会议记录");
    let cell =
        |label: &str| -> Vec<String> { minutes.rows().filter(|r| text(&r[0]) == label).map(|r| text(&r[1])).collect() };
    let (counts, away) = (cell("人数"), cell("外出人员"));
    assert_eq!((counts.len(), away.len()), (meetings.len(), meetings.len()), "one of each per meeting");
    let mut away_seen = false;
    for ((m, counts), away) in meetings.iter().zip(&counts).zip(&away) {
        let n = |a: Attendance| m.attendance.iter().filter(|x| x.status == a).count();
        let mut want = format!(
            "应到 {} 人，实到 {} 人，请假 {} 人，缺席 {} 人，外出 {} 人",
            m.expected(),
            m.in_room(),
            n(Attendance::Excused),
            n(Attendance::Absent),
            n(Attendance::AwayMobile)
        );
        for (a, word) in [(Attendance::MadeUp, "补学"), (Attendance::HomeDelivered, "送学上门")] {
            if n(a) > 0 {
                want.push_str(&format!("，{word} {} 人", n(a)));
            }
        }
        if m.status != MeetingStatus::Held {
            want.clear();
        }
        assert_eq!(counts, &want, "{} {}", m.date, m.topic);
        let who: Vec<String> = m
            .attendance
            .iter()
            .filter(|a| a.status == Attendance::AwayMobile)
            .map(|a| format!("{}（{}）", names.get(&a.member_id).unwrap(), a.reason))
            .collect();
        assert_eq!(away, &who.join("、"), "{} {}", m.date, m.topic);
        away_seen |= !who.is_empty();
    }
    assert!(away_seen, "the sample has members away at some meetings");
}

#[test]
fn an_export_name_without_an_extension_gets_xlsx_and_another_is_refused() {
    let dir = TempDir::new().unwrap();
    let db = common::sample_db(dir.path());
    let run = |lang: &str, out: &Path| {
        std::process::Command::new(env!("CARGO_BIN_EXE_zhibu"))
            .args(["--today", "2026-11-28", "--lang", lang, "export", "taizhang", "--db"])
            .arg(&db)
            .arg("--out")
            .arg(out)
            .output()
            .unwrap()
    };
    let o = run("zh", &dir.path().join("台账"));
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let written = dir.path().join("台账.xlsx");
    assert!(String::from_utf8_lossy(&o.stdout).trim_end().ends_with(&written.display().to_string()));
    assert!(written.is_file() && !dir.path().join("台账").exists());
    assert_eq!(&open_workbook_auto(&written).unwrap().sheet_names()[..1], ["党员名册"]);

    let o = run("zh", &dir.path().join("x.txt"));
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr).into_owned();
    assert!(err.contains("须以 .xlsx 结尾") && err.contains(".txt") && err.lines().count() == 1, "{err}");
    assert!(!dir.path().join("x.txt").exists());
    let o = run("en", &dir.path().join("x.csv"));
    assert!(String::from_utf8_lossy(&o.stderr).contains("end the name in .xlsx, not .csv"));
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_zhibu"))
        .args(["--today", "2026-11-28", "export", "signin", "--meeting", "1", "--db"])
        .arg(&db)
        .arg("--out")
        .arg(dir.path().join("签到表.XLSX"))
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(dir.path().join("签到表.XLSX").is_file(), ".xlsx in any case is kept");
}
