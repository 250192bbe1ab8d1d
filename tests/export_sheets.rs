//! The 台账's sheets of the records beyond members, meetings and study (党员承诺, 联系服务群众,
//! 民主评议, 谈心谈话, 党费收缴), read back with calamine: their cells against what the tabs show,
//! dates as date cells, money as numbers, formula-like text as text, and no sheet for a record
//! the file has never kept.

mod common;

use std::path::Path;

use calamine::{Data, Range, Reader, open_workbook_auto};
use tempfile::TempDir;
use zhibu::domain::lang::Lang;
use zhibu::service::Service;

const ALL: [&str; 10] = [
    "党员名册",
    "会议记录",
    "学习情况",
    "党员承诺",
    "联系服务群众",
    "民主评议",
    "谈心谈话",
    "流动党员",
    "流入党员",
    "党费收缴",
];

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

fn yuan(d: &Data) -> i64 {
    let Data::Float(f) = d else { panic!("a number cell: {d:?}") };
    (f * 100.0).round() as i64
}

fn rows(r: &Range<Data>) -> Vec<Vec<Data>> {
    r.rows().map(|r| r.to_vec()).collect()
}

#[test]
fn the_sample_s_taizhang_has_a_sheet_for_every_record_it_keeps() {
    let dir = TempDir::new().unwrap();
    let db = common::sample_db(dir.path());
    let s = Service::open(&db, common::today()).unwrap();
    assert_eq!(s.taizhang_sheets().unwrap(), ALL);
    let out = dir.path().join("t.xlsx");
    s.export_taizhang(2026, &out).unwrap();
    assert_eq!(open_workbook_auto(&out).unwrap().sheet_names(), ALL);
    let mut wb = open_workbook_auto(&out).unwrap();
    for name in &ALL[3..] {
        let formulas = wb.worksheet_formula(name).unwrap();
        assert!(formulas.used_cells().all(|(_, _, f)| f.is_empty()), "no formula in {name}");
    }
}

#[test]
fn pledges_and_service_records_are_the_tab_s_with_date_cells_and_text_never_a_formula() {
    let dir = TempDir::new().unwrap();
    let db = common::sample_db(dir.path());
    let mut s = Service::open(&db, common::today()).unwrap();
    // Text a spreadsheet would take for a formula.
    let first = s.pledges_year(2026).unwrap().rows.into_iter().find_map(|r| r.pledge).unwrap();
    let mut d = first.draft.clone();
    d.content = "=SUM(A1:A9) 为群众修路".into();
    s.save_pledge(Some(first.id), &d).unwrap();
    let ov = s.pledges_year(2026).unwrap();
    let pledges: Vec<_> = ov.rows.iter().filter(|r| r.pledge.is_some()).collect();
    let services = s.services_year(2026).unwrap();
    let out = dir.path().join("t.xlsx");
    s.export_taizhang(2026, &out).unwrap();

    let p = rows(&sheet(&out, "党员承诺"));
    let head: Vec<String> = p[0].iter().map(text).collect();
    assert_eq!(&head[..5], ["序号", "党员编号", "姓名", "党小组", "承诺事项"]);
    assert_eq!(p.len() - 1, pledges.len());
    for r in &pledges {
        let pl = r.pledge.as_ref().unwrap();
        let row = p.iter().find(|x| text(&x[1]) == r.number && text(&x[4]) == pl.draft.content.trim()).unwrap();
        assert_eq!(text(&row[2]), r.name);
        assert_eq!(date(&row[7]), pl.draft.pledged_on);
        assert_eq!(date(&row[8]), pl.draft.target_date);
        assert_eq!(text(&row[9]), pl.draft.status.label(Lang::Zh));
        match pl.draft.fulfilled_on {
            Some(f) => assert_eq!(date(&row[11]), f),
            None => assert_eq!(text(&row[11]), ""),
        }
    }
    assert!(p.iter().any(|x| x[4] == Data::String("=SUM(A1:A9) 为群众修路".into())), "a text cell");
    assert_eq!(p[1][0], Data::Float(1.0), "numbered from 1");

    let v = rows(&sheet(&out, "联系服务群众"));
    assert_eq!(v[0].iter().map(text).collect::<Vec<_>>()[..4], ["日期", "党员编号", "姓名", "类型"]);
    assert_eq!(v.len() - 1, services.len());
    for (row, rec) in v[1..].iter().zip(&services) {
        assert_eq!(date(&row[0]), rec.record.draft.date);
        assert_eq!(text(&row[2]), rec.name);
        assert_eq!(text(&row[3]), rec.record.draft.kind.label(Lang::Zh));
    }
}

#[test]
fn the_evaluation_sheet_has_the_round_and_a_row_per_member_as_the_tab_grades_them() {
    let dir = TempDir::new().unwrap();
    let db = common::sample_db(dir.path());
    let s = Service::open(&db, common::today()).unwrap();
    // The sample's last finished round.
    let year = 2025;
    let ev = s.evaluation_sheet(year).unwrap();
    assert!(ev.rows.iter().any(|r| r.grade.is_some()), "the sample grades {year}");
    let talks = s.talks_in_year(year).unwrap();
    let out = dir.path().join("t.xlsx");
    s.export_taizhang(year, &out).unwrap();

    let g = rows(&sheet(&out, "民主评议"));
    assert_eq!(text(&g[0][0]), format!("{year} 年度民主评议党员登记表"));
    assert!(text(&g[1][0]).starts_with("个人自评："), "{:?}", g[1][0]);
    let head: Vec<String> = g[2].iter().map(text).collect();
    assert_eq!(head[9], "评定等次");
    assert_eq!(g.len() - 3, ev.rows.len());
    let mut graded = 0;
    for r in &ev.rows {
        let row = g[3..].iter().find(|x| text(&x[0]) == r.number).unwrap();
        assert_eq!(text(&row[1]), r.name);
        let expected = match (r.standing, r.grade) {
            (zhibu::domain::evaluation::Standing::Probationary, _) => "不评定等次".to_string(),
            (_, Some(gr)) => gr.label(Lang::Zh).to_string(),
            (_, None) => String::new(),
        };
        assert_eq!(text(&row[9]), expected, "{}", r.name);
        let grading = s.grading(r.member_id, year).unwrap();
        let t = grading.tallies;
        if t.excellent + t.qualified + t.basic + t.unqualified > 0 {
            assert_eq!(row[4], Data::Float(t.excellent as f64), "votes as numbers");
            assert_eq!(row[5], Data::Float(t.qualified as f64));
        }
        if let Some(f) = grading.feedback_on {
            assert_eq!(date(&row[12]), f);
        }
        graded += r.grade.is_some() as usize;
        let items = s.rectifications(r.member_id, Some(year)).unwrap();
        assert_eq!(text(&row[13]).lines().count(), items.len(), "a line per rectification item");
    }
    assert!(graded > 0);

    let k = rows(&sheet(&out, "谈心谈话"));
    assert_eq!(k[0].iter().map(text).collect::<Vec<_>>(), ["日期", "类型", "参加人", "主题", "谈话要点"]);
    assert_eq!(k.len() - 1, talks.len().max(1));
    if let Some(t) = talks.first() {
        assert_eq!(date(&k[1][0]), t.talk.date);
        assert_eq!(text(&k[1][2]), t.names.join("、"));
    }
}

#[test]
fn the_dues_sheet_is_the_month_grid_in_yuan_with_the_tab_s_totals() {
    let dir = TempDir::new().unwrap();
    let db = common::sample_db(dir.path());
    let s = Service::open(&db, common::today()).unwrap();
    let y = s.dues_year(2026).unwrap();
    assert!(y.paid > 0, "the sample keeps dues");
    let out = dir.path().join("t.xlsx");
    s.export_taizhang(2026, &out).unwrap();

    let d = rows(&sheet(&out, "党费收缴"));
    assert!(text(&d[0][0]).ends_with("2026 年党费收缴登记表"));
    let head: Vec<String> = d[2].iter().map(text).collect();
    assert_eq!(head[4], "1月");
    assert_eq!(head[15], "12月");
    assert_eq!(head[16..], ["实缴", "应缴", "自愿多交"]);
    assert_eq!(d.len() - 4, y.rows.len(), "header block, a row per member, the total");
    for r in &y.rows {
        let row = d[3..].iter().find(|x| text(&x[0]) == r.number).unwrap();
        assert_eq!(text(&row[1]), r.name);
        assert_eq!(yuan(&row[16]), r.paid, "{}", r.name);
        assert_eq!(yuan(&row[17]), r.due);
        for (c, cell) in r.cells.iter().enumerate() {
            use zhibu::domain::dues::MonthStatus as M;
            let x = &row[4 + c];
            match cell.status {
                Some(M::Paid | M::PaidLate | M::Prepaid | M::Reduced) => assert_eq!(yuan(x), cell.paid),
                Some(M::Unpaid) => assert_eq!(text(x), "未缴"),
                Some(M::Exempt) => assert_eq!(text(x), "免缴"),
                Some(M::NotDue) | None => assert_eq!(text(x), ""),
            }
        }
    }
    let total = d.last().unwrap();
    assert_eq!(text(&total[0]), "合计");
    for m in 0..12 {
        assert_eq!(yuan(&total[4 + m]), y.month_paid[m], "month {}", m + 1);
    }
    assert_eq!(yuan(&total[16]), y.paid);
    assert_eq!(yuan(&total[17]), y.due);
}

#[test]
fn a_record_the_file_never_kept_has_no_sheet_and_one_kept_in_other_years_says_so() {
    let dir = TempDir::new().unwrap();
    // A new file with one member and nothing else.
    let fresh = dir.path().join("new.db");
    let mut s = Service::open(&fresh, common::today()).unwrap();
    let src = Service::open(&common::sample_db(dir.path()), common::today()).unwrap();
    let m = src.members().unwrap().into_iter().find(|m| !m.is_archived()).unwrap();
    s.create_member(&zhibu::domain::member::MemberDraft { group_id: None, ..m.draft }).unwrap();
    let out = dir.path().join("new.xlsx");
    s.export_taizhang(2026, &out).unwrap();
    assert_eq!(open_workbook_auto(&out).unwrap().sheet_names(), ["党员名册", "会议记录", "学习情况"]);

    // The sample keeps pledges, but none in 2019.
    let out = dir.path().join("2019.xlsx");
    src.export_taizhang(2019, &out).unwrap();
    assert_eq!(open_workbook_auto(&out).unwrap().sheet_names(), ALL);
    let p = rows(&sheet(&out, "党员承诺"));
    assert_eq!(text(&p[1][0]), "2019 年没有党员承诺记录");
    let k = rows(&sheet(&out, "谈心谈话"));
    assert_eq!(text(&k[1][0]), "2019 年没有谈心谈话记录");
}
