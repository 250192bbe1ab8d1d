//! 民主评议 and 谈心谈话: the year's round (中办发〔2006〕21号 A8, A11;《中国共产党支部工作条例
//! （试行）》第十八条) as the paper 民主评议党员登记表 lays it out, one row per member with the
//! votes, grade, opinion, rectification items, disposals ([JY] 29-31) and commendations (D2);
//! and the talk log (A14, 第十九条).

use crate::domain::ids::IdMap;

use chrono::Datelike;
use rust_xlsxwriter::{Workbook, XlsxError};

use super::{Sheet, V, failed, t};
use crate::domain::evaluation::{Commendation, Disposal, Rectification, Standing};
use crate::domain::lang::Lang;
use crate::service::{Result, Service};
use crate::store::evaluation as db;
use crate::store::kept::{Kept, any};

pub(super) const GRADES: &str = "民主评议";
pub(super) const TALKS: &str = "谈心谈话";

const COLUMNS: &[&str] = &[
    "党员编号",
    "姓名",
    "党小组",
    "个人自评",
    "测评 优秀",
    "测评 合格",
    "测评 基本合格",
    "测评 不合格",
    "群众意见",
    "评定等次",
    "评定",
    "综合评议意见",
    "反馈日期",
    "整改事项",
    "组织处置",
    "表彰",
];

pub(super) fn kept(s: &Service) -> Result<bool> {
    Ok(any(s.store().conn(), Kept::Evaluation)?)
}

pub(super) fn talks_kept(s: &Service) -> Result<bool> {
    Ok(any(s.store().conn(), Kept::Talks)?)
}

fn rectification(r: &Rectification) -> String {
    let state = r.done.map_or("未完成".to_string(), |d| format!("{d} 完成"));
    format!("{}（限 {}，{state}）", r.item.trim(), r.due)
}

fn disposal(d: &Disposal) -> String {
    let mut s = format!("{} {} {}", d.decided_on, d.kind.label(Lang::Zh), d.decided_by.label(Lang::Zh));
    if let Some(a) = d.approved_on {
        s += &format!("，上级 {a} 批准");
    }
    if let Some(x) = d.deadline {
        s += &format!("，限 {x} 前改正");
    }
    if !d.outcome.trim().is_empty() {
        s += &format!("；{}", d.outcome.trim());
    }
    s
}

fn commendation(c: &Commendation) -> String {
    format!("{}（{}，{}）", c.title.label(Lang::Zh), c.level.trim(), c.date)
}

/// Several items of one member in one cell, a line each.
fn lines<T>(items: Option<&Vec<T>>, f: fn(&T) -> String) -> V {
    t(items.map(|v| v.iter().map(f).collect::<Vec<_>>().join("\n")).unwrap_or_default())
}

fn by_member<T>(items: Vec<T>, member: impl Fn(&T) -> Option<i64>) -> IdMap<i64, Vec<T>> {
    let mut out: IdMap<i64, Vec<T>> = IdMap::default();
    for i in items {
        if let Some(m) = member(&i) {
            out.entry(m).or_default().push(i);
        }
    }
    out
}

/// The round's dates and the branch's own commendations above the header; a row per member in
/// the branch that year, graded members first, then probationary members (不评定等次).
pub(super) fn write_grades(s: &Service, wb: &mut Workbook, year: i32) -> std::result::Result<(), XlsxError> {
    let conn = s.store().conn();
    let err = |e: crate::store::StoreError| failed(e.into());
    let sheet = s.evaluation_sheet(year).map_err(failed)?;
    let gradings = db::gradings(conn, year).map_err(err)?;
    let items = by_member(db::rectifications(conn, None, Some(year)).map_err(err)?, |r| Some(r.member_id));
    let mut disposals = db::disposals(conn, None).map_err(err)?;
    disposals.retain(|d| d.decided_on.year() == year);
    disposals.sort_by_key(|d| (d.decided_on, d.id));
    let disposals = by_member(disposals, |d| Some(d.member_id));
    let (branch, members): (Vec<Commendation>, Vec<Commendation>) = db::commendations(conn)
        .map_err(err)?
        .into_iter()
        .filter(|c| c.year == year)
        .partition(|c| c.member_id.is_none());
    let honours = by_member(members, |c| c.member_id);

    let mut sh = Sheet::new(wb, GRADES, true)?;
    let cols = COLUMNS.len() as u16;
    sh.title(0, cols, &format!("{year} 年度民主评议党员登记表"), true)?;
    let steps: Vec<String> = sheet
        .round
        .steps()
        .iter()
        .map(|(zh, _, d)| format!("{zh}：{}", d.map_or("未登记".to_string(), |d| d.to_string())))
        .collect();
    let mut about = format!(
        "{}。参评 {} 人，优秀 {} 人（上限 {} 人），合格 {} 人，基本合格 {} 人，不合格 {} 人。",
        steps.join("；"),
        sheet.graded_base,
        sheet.count(crate::domain::evaluation::Grade::Excellent),
        sheet.excellent_cap,
        sheet.count(crate::domain::evaluation::Grade::Qualified),
        sheet.count(crate::domain::evaluation::Grade::BasicallyQualified),
        sheet.count(crate::domain::evaluation::Grade::Unqualified),
    );
    if !branch.is_empty() {
        about += &format!("支部表彰：{}。", branch.iter().map(commendation).collect::<Vec<_>>().join("；"));
    }
    sh.title(1, cols, &about, false)?;
    sh.ws.set_row_height(1, 32)?;
    sh.header(2, COLUMNS)?;
    for (i, r) in sheet.rows.iter().enumerate() {
        let g = gradings.get(&r.member_id);
        let votes = g.map(|g| g.tallies).filter(|v| v.excellent + v.qualified + v.basic + v.unqualified > 0);
        let vote =
            |n: fn(&crate::domain::evaluation::Tallies) -> u32| votes.as_ref().map_or(t(""), |v| V::N(n(v) as f64));
        let grade = match (r.standing, r.grade) {
            (Standing::Probationary, _) => "不评定等次",
            (_, Some(g)) => g.label(Lang::Zh),
            (_, None) => "",
        };
        sh.row(
            i as u32 + 3,
            vec![
                t(&r.number),
                t(&r.name),
                t(r.group.clone().unwrap_or_default()),
                Sheet::opt_date(g.and_then(|g| g.self_assessed)),
                vote(|v| v.excellent),
                vote(|v| v.qualified),
                vote(|v| v.basic),
                vote(|v| v.unqualified),
                t(g.map(|g| g.public_opinion.clone()).unwrap_or_default()),
                t(grade),
                t(g.and_then(|g| g.decided_by).map(|b| b.label(Lang::Zh)).unwrap_or_default()),
                t(g.map(|g| g.opinion.clone()).unwrap_or_default()),
                Sheet::opt_date(g.and_then(|g| g.feedback_on)),
                lines(items.get(&r.member_id), rectification),
                lines(disposals.get(&r.member_id), disposal),
                lines(honours.get(&r.member_id), commendation),
            ],
        )?;
    }
    sh.finish(30)
}

/// One row per talk of the year, oldest first.
pub(super) fn write_talks(s: &Service, wb: &mut Workbook, year: i32) -> std::result::Result<(), XlsxError> {
    let talks = s.talks_in_year(year).map_err(failed)?;
    let mut sh = Sheet::new(wb, TALKS, true)?;
    sh.header(0, &["日期", "类型", "参加人", "主题", "谈话要点"])?;
    for (i, item) in talks.iter().enumerate() {
        let k = &item.talk;
        sh.row(
            i as u32 + 1,
            vec![V::D(k.date), t(k.kind.label(Lang::Zh)), t(item.names.join("、")), t(&k.topic), t(&k.notes)],
        )?;
    }
    if talks.is_empty() {
        sh.row(1, vec![t(format!("{year} 年没有谈心谈话记录"))])?;
    }
    sh.finish(50)
}
