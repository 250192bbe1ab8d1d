//! `zhibu report mobile`: the year-end list of members away that the committee above asks for
//! (中办发〔2006〕21号《关于加强和改进流动党员管理工作的意见》四), one row per absence touching
//! the year, as the 流动 tab shows them.

use serde_json::json;

use super::report::{Format, Grid};
use crate::domain::dates::{fmt, fmt_opt};
use crate::domain::lang::Lang;
use crate::service::Service;

/// Every absence that touches `year`, by member number.
pub fn mobile(
    service: &Service,
    year: i32,
    lang: Lang,
    format: Format,
) -> crate::service::Result<(Grid, serde_json::Value)> {
    let rows = service.mobile_year(year)?;
    let header: Vec<String> = match lang {
        Lang::Zh => [
            "编号",
            "姓名",
            "状态",
            "外出事由",
            "外出日期",
            "返回日期",
            "外出地点",
            "就业单位",
            "联系方式",
            "流入地党组织",
            "活动证编号",
            "最后联系",
            "本年汇报",
            "失联",
        ]
        .map(String::from)
        .to_vec(),
        Lang::En => [
            "number",
            "name",
            "status",
            "reason",
            "left",
            "back",
            "place",
            "employer",
            "contact",
            "registered with",
            "certificate",
            "last contact",
            "reports in year",
            "lost contact",
        ]
        .map(String::from)
        .to_vec(),
    };
    let reports_in = |r: &crate::service::mobile::MobileRow| {
        r.logs
            .iter()
            .filter(|l| {
                l.draft.kind == crate::domain::mobile::LogKind::Report && chrono::Datelike::year(&l.draft.date) == year
            })
            .count()
    };
    let yes = |b: bool| if b { lang.pick("是", "yes") } else { "" }.to_string();
    let grid = rows
        .iter()
        .map(|r| {
            let d = &r.track.outflow.draft;
            vec![
                r.number.clone(),
                r.name.clone(),
                r.status_label(lang),
                d.reason.clone(),
                fmt(d.departed_on),
                fmt_opt(d.returned_on),
                d.place.clone(),
                d.employer.clone(),
                d.contact.clone(),
                d.registered_org.clone(),
                d.cert_no.clone(),
                fmt(r.track.last_contact),
                reports_in(r).to_string(),
                yes(r.lost),
            ]
        })
        .collect();
    // Built only for JSON: a large branch's tree of values is many times its text.
    let json = if format == Format::Json {
        json!({
            "year": year,
            "away": rows.iter().filter(|r| r.is_out()).count(),
            "rows": rows.iter().map(|r| {
                let d = &r.track.outflow.draft;
                json!({
                    "id": r.track.outflow.id,
                    "member_id": r.member_id,
                    "number": r.number,
                    "name": r.name,
                    "status": d.status.id(),
                    "left_branch": r.left_branch.map(fmt),
                    "reason": d.reason,
                    "departed_on": fmt(d.departed_on),
                    "expected_return": d.expected_return.map(fmt),
                    "returned_on": d.returned_on.map(fmt),
                    "place": d.place,
                    "employer": d.employer,
                    "residence": d.residence,
                    "contact": d.contact,
                    "abroad": d.abroad,
                    "talk_on": d.talk_on.map(fmt),
                    "registered_org": d.registered_org,
                    "registered_on": d.registered_on.map(fmt),
                    "cert_no": (!d.cert_no.is_empty()).then_some(&d.cert_no),
                    "cert_issued_on": d.cert_issued_on.map(fmt),
                    "last_review": r.track.last_review.map(fmt),
                    "last_contact": fmt(r.track.last_contact),
                    "last_report": r.track.last_report.map(fmt),
                    "reports_in_year": reports_in(r),
                    "months_away": r.months_away,
                    "lost_contact": r.lost,
                })
            }).collect::<Vec<_>>(),
        })
    } else {
        serde_json::Value::Null
    };
    Ok((Grid { header, rows: grid }, json))
}
