//! `zhibu report evaluation|talks`: the 评议 tab's sheet and talk log for a year.

use serde_json::json;

use super::report::{Format, Grid};
use crate::domain::dates;
use crate::domain::evaluation::Standing;
use crate::domain::lang::Lang;
use crate::service::Service;

fn header(zh: &[&str], en: &[&str], lang: Lang) -> Vec<String> {
    match lang {
        Lang::Zh => zh,
        Lang::En => en,
    }
    .iter()
    .map(|s| s.to_string())
    .collect()
}

/// One row per member in the branch that year: grade, talk, rectification counts.
pub fn evaluation(
    service: &Service,
    year: i32,
    lang: Lang,
    format: Format,
) -> crate::service::Result<(Grid, serde_json::Value)> {
    let sheet = service.evaluation_sheet(year)?;
    let header = header(
        &["编号", "姓名", "党小组", "等次", "谈心谈话", "整改事项", "未完成", "组织处置"],
        &["number", "name", "group", "grade", "talk", "items", "open", "disposals"],
        lang,
    );
    let yes_no = |b: bool| if b { lang.pick("有", "yes") } else { lang.pick("无", "no") }.to_string();
    let rows = sheet
        .rows
        .iter()
        .map(|r| {
            vec![
                r.number.clone(),
                r.name.clone(),
                r.group.clone().unwrap_or_default(),
                match (r.standing, r.grade) {
                    (Standing::Probationary, _) => lang.pick("不评定等次", "not graded").to_string(),
                    (_, Some(g)) => g.label(lang).to_string(),
                    (_, None) => lang.pick("未评定", "none yet").to_string(),
                },
                yes_no(r.talked),
                r.items_total.to_string(),
                r.items_open.to_string(),
                r.disposals.to_string(),
            ]
        })
        .collect();
    // Built only for JSON: a large branch's tree of values is many times its text.
    let json = if format == Format::Json {
        json!({
            "year": year,
            "round": sheet.round,
            "graded_base": sheet.graded_base,
            "excellent_cap": sheet.excellent_cap,
            "rows": sheet.rows.iter().map(|r| json!({
                "member_id": r.member_id,
                "number": r.number,
                "name": r.name,
                "group": r.group,
                "graded": r.standing == Standing::Graded,
                "grade": r.grade.map(|g| g.id()),
                "talked": r.talked,
                "rectification_items": r.items_total,
                "rectification_open": r.items_open,
                "disposals": r.disposals,
            })).collect::<Vec<_>>(),
        })
    } else {
        serde_json::Value::Null
    };
    Ok((Grid { header, rows }, json))
}

/// The year's talks, oldest first.
pub fn talks(
    service: &Service,
    year: i32,
    lang: Lang,
    format: Format,
) -> crate::service::Result<(Grid, serde_json::Value)> {
    let items = service.talks_in_year(year)?;
    let header = header(&["日期", "类型", "参加人", "主题"], &["date", "kind", "participants", "topic"], lang);
    let rows = items
        .iter()
        .map(|t| {
            vec![
                dates::fmt(t.talk.date),
                t.talk.kind.label(lang).to_string(),
                t.names.join(lang.pick("、", ", ")),
                t.talk.topic.clone(),
            ]
        })
        .collect();
    // Built only for JSON: a large branch's tree of values is many times its text.
    let json = if format == Format::Json {
        json!({
            "year": year,
            "talks": items.iter().map(|t| json!({
                "id": t.talk.id,
                "date": dates::fmt(t.talk.date),
                "kind": t.talk.kind.id(),
                "members": t.talk.members,
                "names": t.names,
                "topic": t.talk.topic,
                "notes": t.talk.notes,
            })).collect::<Vec<_>>(),
        })
    } else {
        serde_json::Value::Null
    };
    Ok((Grid { header, rows }, json))
}
