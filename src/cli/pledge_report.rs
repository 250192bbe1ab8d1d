//! `zhibu report pledges|service`: the 承诺 tab's pledges and service records of a year.

use serde_json::json;

use super::report::{Format, Grid};
use crate::domain::dates::{fmt, fmt_opt};
use crate::domain::lang::Lang;
use crate::domain::pledge::ServiceTime;
use crate::service::Service;
use crate::service::pledges::PledgeMark;

/// The mark shown beside a row, as the tab shows it.
pub fn mark_label(m: PledgeMark, lang: Lang) -> &'static str {
    match m {
        PledgeMark::None => "",
        PledgeMark::Late => lang.pick("逾期", "late"),
        PledgeMark::DueSoon => lang.pick("将到期", "due soon"),
        PledgeMark::NotEvaluated => lang.pick("待评价", "evaluate"),
        PledgeMark::Missing => lang.pick("未承诺", "no pledge"),
        PledgeMark::NotYet => lang.pick("待承诺", "to pledge"),
        PledgeMark::NotAsked => lang.pick("不要求承诺", "not asked"),
    }
}

/// The year's pledges and the eligible members who made none, in the tab's order.
pub fn pledges(
    service: &Service,
    year: i32,
    lang: Lang,
    format: Format,
) -> crate::service::Result<(Grid, serde_json::Value)> {
    let ov = service.pledges_year(year)?;
    let header: Vec<String> = match lang {
        Lang::Zh => [
            "编号",
            "姓名",
            "党小组",
            "承诺内容",
            "类别",
            "服务对象",
            "公开承诺",
            "完成时限",
            "状态",
            "兑现日期",
            "群众评价",
            "提示",
        ]
        .map(String::from)
        .to_vec(),
        Lang::En => [
            "number",
            "name",
            "group",
            "pledge",
            "category",
            "for",
            "pledged",
            "target",
            "status",
            "fulfilled",
            "evaluation",
            "note",
        ]
        .map(String::from)
        .to_vec(),
    };
    let rows = ov
        .rows
        .iter()
        .map(|r| {
            let p = r.pledge.as_ref().map(|p| &p.draft);
            vec![
                r.number.clone(),
                r.name.clone(),
                r.group.clone().unwrap_or_default(),
                p.map(|p| p.content.clone()).unwrap_or_default(),
                p.map(|p| p.category.label(lang).to_string()).unwrap_or_default(),
                p.map(|p| p.beneficiary.clone()).unwrap_or_default(),
                p.map(|p| fmt(p.pledged_on)).unwrap_or_default(),
                p.map(|p| fmt(p.target_date)).unwrap_or_default(),
                p.map(|p| p.status.label(lang).to_string()).unwrap_or_default(),
                p.map(|p| fmt_opt(p.fulfilled_on)).unwrap_or_default(),
                p.and_then(|p| p.evaluation).map(|e| e.label(lang).to_string()).unwrap_or_default(),
                mark_label(r.mark, lang).to_string(),
            ]
        })
        .collect();
    let (n, done, evaluated) = ov.counts();
    // Built only for JSON: a large branch's tree of values is many times its text.
    let json = if format == Format::Json {
        json!({
            "year": year,
            "deadline": fmt(ov.deadline),
            "pledges": n,
            "fulfilled": done,
            "evaluated": evaluated,
            "rows": ov.rows.iter().map(|r| json!({
                "member_id": r.member_id,
                "number": r.number,
                "name": r.name,
                "group": r.group,
                "mark": r.mark,
                "pledge": r.pledge.as_ref().map(|p| json!({
                    "id": p.id,
                    "content": p.draft.content,
                    "category": p.draft.category.id(),
                    "beneficiary": p.draft.beneficiary,
                    "pledged_on": fmt(p.draft.pledged_on),
                    "target_date": fmt(p.draft.target_date),
                    "status": p.draft.status.id(),
                    "progress": p.draft.progress,
                    "fulfilled_on": p.draft.fulfilled_on.map(fmt),
                    "verified_on": p.draft.verified_on.map(fmt),
                    "evaluation": p.draft.evaluation.map(|e| e.id()),
                })),
            })).collect::<Vec<_>>(),
        })
    } else {
        serde_json::Value::Null
    };
    Ok((Grid { header, rows }, json))
}

/// The year's contact and service records, oldest first.
pub fn service(
    service: &Service,
    year: i32,
    lang: Lang,
    format: Format,
) -> crate::service::Result<(Grid, serde_json::Value)> {
    let rows = service.services_year(year)?;
    let header: Vec<String> = match lang {
        Lang::Zh => ["日期", "编号", "姓名", "类型", "服务对象", "内容", "时长", "群众反映", "反馈日期", "提示"]
            .map(String::from)
            .to_vec(),
        Lang::En => ["date", "number", "name", "kind", "counterpart", "what", "time", "issue", "feedback", "note"]
            .map(String::from)
            .to_vec(),
    };
    let grid = rows
        .iter()
        .map(|r| {
            let d = &r.record.draft;
            vec![
                fmt(d.date),
                r.number.clone(),
                r.name.clone(),
                d.kind.label(lang).to_string(),
                d.counterpart.clone(),
                d.description.clone(),
                d.time.format(lang),
                d.issue.clone(),
                fmt_opt(d.feedback_on),
                r.feedback.map(|s| format!("{}{}", lang.pick("反馈", "feedback "), s.label(lang))).unwrap_or_default(),
            ]
        })
        .collect();
    // Built only for JSON: a large branch's tree of values is many times its text.
    let json = if format == Format::Json {
        json!({
            "year": year,
            "records": rows.iter().map(|r| {
                let d = &r.record.draft;
                let (minutes, half_days) = match d.time {
                    ServiceTime::Minutes(m) => (Some(m), None),
                    ServiceTime::HalfDays(h) => (None, Some(h)),
                };
                json!({
                    "id": r.record.id,
                    "date": fmt(d.date),
                    "member_id": d.member_id,
                    "number": r.number,
                    "name": r.name,
                    "kind": d.kind.id(),
                    "counterpart": d.counterpart,
                    "description": d.description,
                    "minutes": minutes,
                    "half_days": half_days,
                    "issue": d.issue,
                    "feedback_on": d.feedback_on.map(fmt),
                    "feedback": r.feedback.map(|s| s.id()),
                })
            }).collect::<Vec<_>>(),
        })
    } else {
        serde_json::Value::Null
    };
    Ok((Grid { header, rows: grid }, json))
}
