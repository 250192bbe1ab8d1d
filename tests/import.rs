//! Importing a roster: a workbook built like a real export (merged title rows above the header,
//! a blank row, date cells, a date serial number, text dates), GBK and UTF-8 CSV files, the
//! preview's problems by Excel row and column, good rows or nothing, and a backup first.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use chrono::NaiveDate;
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
use tempfile::TempDir;
use zhibu::domain::lang::Lang;
use zhibu::domain::member::{MemberStatus, UnitCategory};
use zhibu::service::Service;
use zhibu::service::backup::{self, Kind};
use zhibu::service::import::ImportError;

const BIN: &str = env!("CARGO_BIN_EXE_zhibu");
const TODAY: &str = "2026-11-28";

fn today() -> NaiveDate {
    day(TODAY)
}

fn day(s: &str) -> NaiveDate {
    zhibu::domain::dates::parse_iso(s).unwrap()
}

/// A new database with one party group, as a branch starts before its first import.
fn new_db(dir: &Path) -> PathBuf {
    let path = dir.join("branch.db");
    let mut s = Service::open(&path, today()).unwrap();
    s.create_group("第一党小组", None).unwrap();
    path
}

/// The roster as the national system exports it, with the problems a real file has.
fn export_like_xlsx(path: &Path) {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("党员名册").unwrap();
    let title = Format::new().set_bold();
    ws.merge_range(0, 0, 0, 11, "某某党支部党员名册", &title).unwrap();
    ws.merge_range(1, 0, 1, 11, "导出日期：2026-11-20", &Format::new()).unwrap();
    let header = [
        "序号",
        "姓名",
        "性别",
        "民族",
        "出生日期",
        "加入党组织日期",
        "转正日期",
        "人员类别",
        "工作单位",
        "联系电话",
        "所在党小组",
        "籍贯",
    ];
    for (c, h) in header.iter().enumerate() {
        ws.write_string(2, c as u16, *h).unwrap();
    }
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let ymd = |y, m, d| ExcelDateTime::from_ymd(y, m, d).unwrap();
    // Excel row 4: date cells.
    ws.write_number(3, 0, 1).unwrap();
    for (c, v) in [
        (1, "张三"),
        (2, "男"),
        (3, "汉族"),
        (7, "正式党员"),
        (8, "区教育局"),
        (9, "13800138000"),
        (10, "第一党小组"),
        (11, "北京"),
    ] {
        ws.write_string(3, c, v).unwrap();
    }
    ws.write_datetime_with_format(3, 4, ymd(1985, 3, 8), &date).unwrap();
    ws.write_datetime_with_format(3, 5, ymd(2010, 7, 1), &date).unwrap();
    ws.write_datetime_with_format(3, 6, ymd(2011, 7, 1), &date).unwrap();
    // Excel row 5 is blank. Row 6: a serial number in a General cell, and text dates.
    ws.write_number(5, 0, 2).unwrap();
    for (c, v) in
        [(1, "李四"), (2, "女"), (3, "回族"), (5, "2015/7/1"), (6, "2016年7月1日"), (7, "正式党员"), (8, "市第一医院")]
    {
        ws.write_string(5, c, v).unwrap();
    }
    ws.write_number(5, 4, 32878).unwrap();
    // Row 7: 8-digit number date, dotted date, a probationary member.
    ws.write_number(6, 0, 3).unwrap();
    for (c, v) in [(1, "王五"), (2, "男"), (3, "汉族"), (5, "2026.05.01"), (7, "预备党员")] {
        ws.write_string(6, c, v).unwrap();
    }
    ws.write_number(6, 4, 19920315).unwrap();
    // Row 8: a day that does not exist.
    for (c, v) in [(1, "赵六"), (2, "女"), (3, "汉族"), (4, "2026-02-30"), (5, "2010-07-01"), (6, "2011-07-01")] {
        ws.write_string(7, c, v).unwrap();
    }
    // Row 9: a group the branch does not have.
    for (c, v) in [
        (1, "钱七"),
        (2, "男"),
        (3, "汉族"),
        (4, "1980-01-01"),
        (5, "2000-01-01"),
        (6, "2001-01-01"),
        (10, "第九党小组"),
    ] {
        ws.write_string(8, c, v).unwrap();
    }
    wb.save(path).unwrap();
}

fn zhibu(args: &[&str]) -> Output {
    Command::new(BIN).args(["--today", TODAY, "--lang", "zh"]).args(args).output().expect("run zhibu")
}

fn p(path: &Path) -> &str {
    path.to_str().unwrap()
}

fn text(o: &Output) -> (String, String) {
    (String::from_utf8_lossy(&o.stdout).into_owned(), String::from_utf8_lossy(&o.stderr).into_owned())
}

fn names(db: &Path) -> Vec<String> {
    let s = Service::open(db, today()).unwrap();
    let mut v: Vec<String> = s.members().unwrap().into_iter().map(|m| m.draft.name.into()).collect();
    v.sort();
    v
}

#[test]
fn a_roster_exported_like_the_national_system_imports_its_good_rows() {
    let dir = TempDir::new().unwrap();
    let db = new_db(dir.path());
    let xlsx = dir.path().join("名册.xlsx");
    export_like_xlsx(&xlsx);

    let (out, err) = text(&zhibu(&["import", "members", p(&xlsx), "--db", p(&db), "--dry-run"]));
    assert!(err.is_empty(), "{err}");
    assert_eq!(
        out,
        "党员名册 表头在第 3 行\n\
         未识别的列（忽略）：序号、籍贯\n\
         新增 3 人，更新 0 人，无变化 0 人，有问题跳过 2 行\n\
         第 8 行 出生日期：2026-02-30 没有这一天\n\
         第 9 行 所在党小组：第九党小组 没有这个党小组\n\
         试运行：未写入任何内容\n"
    );
    assert!(names(&db).is_empty());

    let o = zhibu(&["import", "members", p(&xlsx), "--db", p(&db)]);
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o).1.contains("有 2 行有问题，未导入任何内容"), "{}", text(&o).1);
    assert!(names(&db).is_empty(), "good rows or nothing");
    assert!(backup::list(&db).is_empty(), "nothing imported, nothing backed up");

    let o = zhibu(&["import", "members", p(&xlsx), "--db", p(&db), "--skip-bad"]);
    assert!(o.status.success(), "{}", text(&o).1);
    assert!(text(&o).0.ends_with("已导入：新增 3 人，更新 0 人（导入前已备份）\n"), "{}", text(&o).0);
    assert_eq!(names(&db), ["张三", "李四", "王五"]);
    let kept: Vec<_> = backup::list(&db).into_iter().filter(|b| b.kind == Kind::Import).collect();
    assert_eq!(kept.len(), 1, "a backup before the import");

    let s = Service::open(&db, today()).unwrap();
    let by = |n: &str| s.members().unwrap().into_iter().find(|m| m.draft.name == n).unwrap().draft;
    let zhang = by("张三");
    assert_eq!((zhang.birth_date, zhang.conversion_date), (day("1985-03-08"), Some(day("2011-07-01"))));
    assert_eq!(zhang.group_id, Some(s.groups().unwrap()[0].id));
    assert_eq!(zhang.phone, "13800138000");
    let li = by("李四");
    assert_eq!(
        (li.birth_date, li.admission_date, li.conversion_date),
        (day("1990-01-05"), day("2015-07-01"), Some(day("2016-07-01")))
    );
    let wang = by("王五");
    assert_eq!(
        (wang.birth_date, wang.status, wang.unit_category),
        (day("1992-03-15"), MemberStatus::Probationary, UnitCategory::Other)
    );
    drop(s);

    // The same file again changes nothing.
    let (out, _) = text(&zhibu(&["import", "members", p(&xlsx), "--db", p(&db), "--dry-run"]));
    assert!(out.contains("新增 0 人，更新 0 人，无变化 3 人"), "{out}");
}

#[test]
fn a_gbk_csv_with_a_title_line_updates_by_name_and_birth_date() {
    let dir = TempDir::new().unwrap();
    let db = new_db(dir.path());
    let csv = dir.path().join("roster.csv");
    let body = "某某党支部党员名册,,,,,\n\
                姓名,性别,民族,出生日期,入党日期,转正日期,手机号码\n\
                张三,男,汉族,1985-03-08,2010-07-01,2011-07-01,13800138000\n\
                ,,,,,,\n\
                李四,女,汉族,1990年1月5日,2015-07-01,2016-07-01,\n";
    let (gbk, _, bad) = encoding_rs::GBK.encode(body);
    assert!(!bad);
    std::fs::write(&csv, &gbk).unwrap();
    let mut s = Service::open(&db, today()).unwrap();
    let pv = s.preview_import(&csv, None).unwrap();
    assert_eq!((pv.header_row, pv.add.len(), pv.bad_rows), (2, 2, 0));
    s.import_members(&pv).unwrap();
    assert_eq!(names(&db), ["张三", "李四"]);

    // The same people in UTF-8 with a BOM: a new phone updates 张三, 李四 is unchanged.
    let body = "\u{feff}姓名,性别,民族,出生日期,入党日期,转正日期,手机号码\n\
                张三,男,汉族,1985/3/8,2010-07-01,2011-07-01,13900139000\n\
                李四,女,汉族,19900105,2015-07-01,2016-07-01,\n\
                李四,女,汉族,1990-01-05,2015-07-01,2016-07-01,\n";
    std::fs::write(&csv, body).unwrap();
    let pv = s.preview_import(&csv, None).unwrap();
    assert_eq!((pv.add.len(), pv.update.len(), pv.unchanged, pv.bad_rows), (0, 1, 1, 1));
    assert_eq!(pv.problems[0].text(Lang::Zh), "第 4 行 姓名：李四 与第 3 行是同一人（姓名和出生日期相同）");
    s.import_members(&pv).unwrap();
    let zhang = s.members().unwrap().into_iter().find(|m| m.draft.name == "张三").unwrap();
    assert_eq!(zhang.draft.phone, "13900139000");
    assert_eq!(s.history("member", zhang.id).unwrap().len(), 2, "the update is in the change log");
}

#[test]
fn files_that_are_not_rosters_are_refused_with_the_reason() {
    let dir = TempDir::new().unwrap();
    let db = new_db(dir.path());
    let s = Service::open(&db, today()).unwrap();
    let csv = dir.path().join("a.csv");
    std::fs::write(&csv, "姓名,性别,出生日期\n张三,男,1985-03-08\n").unwrap();
    let e = s.preview_import(&csv, None).unwrap_err();
    assert_eq!(e.text(Lang::Zh), "缺少必需的列：民族、入党日期");
    std::fs::write(&csv, "a,b,c\n1,2,3\n").unwrap();
    assert_eq!(s.preview_import(&csv, None).unwrap_err(), ImportError::NoHeader);
    let xlsx = dir.path().join("r.xlsx");
    export_like_xlsx(&xlsx);
    let e = s.preview_import(&xlsx, Some("Sheet9")).unwrap_err();
    assert_eq!(e.text(Lang::Zh), "没有名为 Sheet9 的工作表；有：党员名册");
    let junk = dir.path().join("junk.xlsx");
    std::fs::write(&junk, "not a workbook").unwrap();
    assert!(matches!(s.preview_import(&junk, None), Err(ImportError::Read(_))));
}

#[test]
fn the_members_tab_imports_after_a_preview_and_a_yes() {
    use ratatui::crossterm::event::KeyCode;
    use zhibu::tui::app::{App, Overlay};
    let dir = TempDir::new().unwrap();
    let db = new_db(dir.path());
    let xlsx = dir.path().join("名 册.xlsx");
    export_like_xlsx(&xlsx);
    let mut app = App::new(Service::open(&db, today()).unwrap(), Lang::Zh, false, false);
    common::key(&mut app, KeyCode::Char('i'));
    assert!(matches!(app.overlay, Overlay::Form(_)), "the path prompt");
    common::ctrl(&mut app, 's');
    let Overlay::Form(form) = &app.overlay else { panic!("an empty path keeps the form open") };
    assert!(form.has_errors());
    // As a terminal types a dropped file: quoted.
    common::typed(&mut app, &format!("'{}'", xlsx.display()));
    common::ctrl(&mut app, 's');
    let Overlay::Confirm(c) = &app.overlay else { panic!("the preview asks") };
    assert_eq!(
        c.text,
        "新增 3 人，更新 0 人，无变化 0 人，有问题跳过 2 行。第 8 行 出生日期：2026-02-30 没有这一天；\
         第 9 行 所在党小组：第九党小组 没有这个党小组。导入没有问题的行？(y/n)"
    );
    let screen = common::screen(&mut app, 80, 24);
    assert!(screen.contains("导入没有问题的行"), "{screen}");
    common::key(&mut app, KeyCode::Char('y'));
    assert!(matches!(app.overlay, Overlay::None));
    let screen = common::screen(&mut app, 80, 24);
    assert!(screen.contains("已导入：新增 3 人"), "{screen}");
    assert!(screen.contains("张三"), "{screen}");
    drop(app);
    assert_eq!(names(&db), ["张三", "李四", "王五"]);
}

#[test]
fn a_member_changed_in_another_window_after_the_preview_stops_the_import() {
    let dir = TempDir::new().unwrap();
    let db = new_db(dir.path());
    let csv = dir.path().join("roster.csv");
    let header = "姓名,性别,民族,出生日期,入党日期,转正日期,手机号码\n";
    std::fs::write(&csv, format!("{header}张三,男,汉族,1985-03-08,2010-07-01,2011-07-01,13800138000\n")).unwrap();
    let mut s = Service::open(&db, today()).unwrap();
    let pv = s.preview_import(&csv, None).unwrap();
    s.import_members(&pv).unwrap();

    // This window previews a new phone for 张三 and a new member 王五, and waits for the yes.
    std::fs::write(
        &csv,
        format!(
            "{header}张三,男,汉族,1985-03-08,2010-07-01,2011-07-01,13900139000\n\
             王五,男,汉族,1992-02-29,2016-07-01,2017-07-01,\n"
        ),
    )
    .unwrap();
    let pv = s.preview_import(&csv, None).unwrap();
    assert_eq!((pv.add.len(), pv.update.len()), (1, 1));

    // Meanwhile another window changes 张三's phone.
    let mut other = Service::open(&db, today()).unwrap();
    let zhang = other.members().unwrap().into_iter().find(|m| m.draft.name == "张三").unwrap();
    let seen = other.version(zhibu::store::Record::Member(zhang.id)).unwrap();
    let mut d = zhang.draft.clone();
    d.phone = "13700137000".into();
    other.update_member(zhang.id, &d, seen).unwrap();

    s.changed_outside();
    let e = s.import_members(&pv).unwrap_err();
    assert_eq!(e.text(Lang::Zh), "未导入：预览之后另一个窗口修改了 张三（共 1 人）；请重新导入，按最新内容预览");
    assert!(e.text(Lang::En).starts_with("nothing imported: another window changed 张三 (1 in all)"));
    assert_eq!(names(&db), ["张三"], "nothing written, not even the row that was still good");
    let zhang = s.members().unwrap().into_iter().find(|m| m.draft.name == "张三").unwrap();
    assert_eq!(zhang.draft.phone, "13700137000", "the other window's save stands");

    // A person the other window adds after the preview is not added twice.
    let pv = s.preview_import(&csv, None).unwrap();
    assert_eq!((pv.add.len(), pv.update.len()), (1, 1));
    let wang = pv.add[0].clone();
    other.refresh();
    other.create_member(&wang).unwrap();
    let e = s.import_members(&pv).unwrap_err();
    assert!(e.text(Lang::Zh).contains("修改了 王五（共 1 人）"), "{}", e.text(Lang::Zh));
    assert_eq!(names(&db), ["张三", "王五"]);

    // Previewed again, the import goes through: the preview shows what it will overwrite.
    let pv = s.preview_import(&csv, None).unwrap();
    assert_eq!((pv.add.len(), pv.update.len(), pv.unchanged), (0, 1, 1));
    assert_eq!(s.import_members(&pv).unwrap(), (0, 1));
    let zhang = s.members().unwrap().into_iter().find(|m| m.draft.name == "张三").unwrap();
    assert_eq!(zhang.draft.phone, "13900139000");
}

#[test]
fn imported_members_take_the_next_free_numbers_in_sheet_order() {
    let dir = TempDir::new().unwrap();
    let db = new_db(dir.path());
    let csv = dir.path().join("roster.csv");
    let header = "姓名,性别,民族,出生日期,入党日期,转正日期\n";
    std::fs::write(&csv, format!("{header}张三,男,汉族,1985-03-08,2010-07-01,2011-07-01\n")).unwrap();
    let mut s = Service::open(&db, today()).unwrap();
    let pv = s.preview_import(&csv, None).unwrap();
    s.import_members(&pv).unwrap();
    std::fs::write(
        &csv,
        format!(
            "{header}李四,女,汉族,1990-01-05,2015-07-01,2016-07-01\n\
             王五,男,汉族,1992-02-29,2016-07-01,2017-07-01\n"
        ),
    )
    .unwrap();
    let pv = s.preview_import(&csv, None).unwrap();
    assert_eq!(s.import_members(&pv).unwrap(), (2, 0));
    let mut numbers: Vec<(String, String)> =
        s.members().unwrap().into_iter().map(|m| (m.number.into(), m.draft.name.into())).collect();
    numbers.sort();
    assert_eq!(
        numbers,
        [("0001".into(), "张三".into()), ("0002".into(), "李四".into()), ("0003".into(), "王五".into())]
    );
}

/// The old Excel format (xls, as WPS and Excel 97-2003 save it) and OpenDocument (ods): the
/// rosters in tests/data (written by make_rosters.py) with a date cell, a date serial number and
/// text dates. The extension is matched in any case; a file with another extension is recognised
/// by its content; an Excel binary workbook (xlsb) is refused with what to do instead.
#[test]
fn xls_and_ods_rosters_import_whatever_their_extension_says() {
    let dir = TempDir::new().unwrap();
    let db = new_db(dir.path());
    let s = Service::open(&db, today()).unwrap();
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data");
    for (from, to) in [
        ("名册.xls", "名册.xls"),
        ("名册.xls", "名册.XLS"),
        ("名册.xls", "名册.et"),
        ("名册.ods", "名册.ods"),
        ("名册.ods", "名册"),
    ] {
        let path = dir.path().join(to);
        std::fs::copy(data.join(from), &path).unwrap();
        let pv = s.preview_import(&path, None).unwrap_or_else(|e| panic!("{to}: {}", e.text(Lang::En)));
        assert_eq!((pv.sheet.as_str(), pv.header_row, pv.bad_rows), ("党员名册", 2, 0), "{to}: {:?}", pv.problems);
        let dates: Vec<_> =
            pv.add.iter().map(|d| (d.name.as_str(), d.birth_date, d.admission_date, d.conversion_date)).collect();
        assert_eq!(
            dates,
            [
                ("张三", day("1985-03-08"), day("2010-07-01"), Some(day("2011-07-01"))),
                ("李四", day("1990-01-05"), day("2015-07-01"), Some(day("2016-07-01"))),
                ("王五", day("1992-03-15"), day("2026-05-01"), None),
            ],
            "{to}"
        );
    }
    let e = s.preview_import(&data.join("名册.xls"), Some("Sheet2")).unwrap_err();
    assert_eq!(e.text(Lang::Zh), "没有名为 Sheet2 的工作表；有：党员名册");

    let xlsb = dir.path().join("名册.xlsb");
    std::fs::write(&xlsb, "PK").unwrap();
    let e = s.preview_import(&xlsb, None).unwrap_err();
    assert_eq!(e.text(Lang::Zh), "不支持 xlsb（Excel 二进制工作簿）：请在 Excel 中另存为 xlsx 或 xls 后再导入");
    let (out, err) = text(&zhibu(&["import", "members", p(&xlsb), "--db", p(&db), "--dry-run"]));
    assert!(out.is_empty() && err.contains("另存为 xlsx 或 xls"), "{out}{err}");
    let junk = dir.path().join("名册.dat");
    std::fs::write(&junk, "not a workbook").unwrap();
    assert_eq!(s.preview_import(&junk, None).unwrap_err(), ImportError::Read("Cannot detect file format".into()));
}

#[test]
fn a_roster_exported_by_zhibu_imports_again_skipping_the_members_who_left() {
    let dir = TempDir::new().unwrap();
    let db = common::sample_db(dir.path());
    let xlsx = dir.path().join("台账.xlsx");
    let o = zhibu(&["export", "taizhang", "--db", p(&db), "--out", p(&xlsx)]);
    assert!(o.status.success(), "{}", text(&o).1);
    // A phone changed since the export: the roster brings it back.
    let mut s = Service::open(&db, today()).unwrap();
    let m = s.members().unwrap().into_iter().find(|m| !m.is_archived()).unwrap();
    let gone = s.members().unwrap().into_iter().find(|m| m.is_archived()).expect("the sample has one archived");
    let mut d = m.draft.clone();
    d.phone = "13000000000".into();
    let v = s.version(zhibu::service::Record::Member(m.id)).unwrap();
    s.update_member(m.id, &d, v).unwrap();
    drop(s);

    let o = zhibu(&["import", "members", p(&xlsx), "--sheet", "党员名册", "--db", p(&db)]);
    let (out, err) = text(&o);
    assert!(o.status.success(), "{out}{err}");
    assert!(!out.contains("未识别的列"), "the export's 离开支部 column is read: {out}");
    assert!(out.contains("有问题跳过 0 行"), "{out}");
    assert!(out.contains("已离开支部的 1 人跳过（不作为在册党员导入）：第 "), "{out}");
    assert!(out.contains(&format!("行 {}", gone.draft.name)), "{out}");
    assert!(out.ends_with("已导入：新增 0 人，更新 1 人（导入前已备份）\n"), "{out}");
    let s = Service::open(&db, today()).unwrap();
    assert_eq!(s.member(m.id).unwrap().draft.phone, m.draft.phone);
    assert!(s.member(gone.id).unwrap().is_archived(), "still archived");

    let o = Command::new(BIN)
        .args(["--today", TODAY, "--lang", "en", "import", "members", p(&xlsx), "--sheet", "党员名册", "--db", p(&db)])
        .output()
        .unwrap();
    assert!(text(&o).0.contains("1 member(s) who left the branch skipped"), "{}", text(&o).0);

    // The file says the member left, but here they are in the branch again: a real problem,
    // and nothing is imported.
    let mut s = Service::open(&db, today()).unwrap();
    s.restore_member(gone.id).unwrap();
    drop(s);
    let o = zhibu(&["import", "members", p(&xlsx), "--sheet", "党员名册", "--db", p(&db)]);
    let (out, err) = text(&o);
    assert_eq!(o.status.code(), Some(1), "{out}{err}");
    assert!(out.contains("“离开支部”已填，但该党员在本文件中未归档"), "{out}");
    assert!(err.contains("有 1 行有问题，未导入任何内容"), "{err}");
}
