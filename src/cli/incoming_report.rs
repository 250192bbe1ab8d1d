//! `zhibu report incoming`: what the branch writes into each incoming member's 《流动党员活动证》
//! and feeds back to the home branch (中办发〔2006〕21号 流动党员意见 二（二）4): one row per
//! incoming member here on some day of the year, with the meetings attended that year.

use serde_json::json;

use super::report::{Format, Grid};
use crate::domain::dates::{fmt, fmt_opt};
use crate::domain::lang::Lang;
use crate::service::Service;

/// Every incoming member touching `year`, by arrival.
pub fn incoming(
    service: &Service,
    year: i32,
    lang: Lang,
    format: Format,
) -> crate::service::Result<(Grid, serde_json::Value)> {
    let rows = service.incoming_year(year)?;
    let header: Vec<String> = match lang {
        Lang::Zh => {
            ["姓名", "流出地党组织", "活动证号", "党小组", "到达日期", "离开日期", "参加组织生活次数", "参加日期"]
                .map(String::from)
                .to_vec()
        }
        Lang::En => ["name", "home branch", "certificate", "group", "arrived", "left", "meetings attended", "dates"]
            .map(String::from)
            .to_vec(),
    };
    let whole = lang.pick("全支部", "whole branch");
    let grid = rows
        .iter()
        .map(|r| {
            let d = &r.incoming.draft;
            vec![
                d.name.clone(),
                d.home_branch.clone(),
                d.cert_no.clone(),
                if r.group.is_empty() { whole.to_string() } else { r.group.clone() },
                fmt(d.arrived_on),
                fmt_opt(d.left_on),
                r.attended.len().to_string(),
                r.attended.iter().map(|d| fmt(*d)).collect::<Vec<_>>().join(" "),
            ]
        })
        .collect();
    // Built only for JSON: a large branch's tree of values is many times its text.
    let json = if format == Format::Json {
        json!({
            "year": year,
            "rows": rows.iter().map(|r| {
                let d = &r.incoming.draft;
                json!({
                    "id": r.incoming.id,
                    "name": d.name,
                    "home_branch": d.home_branch,
                    "cert_no": (!d.cert_no.is_empty()).then_some(&d.cert_no),
                    "checked_on": d.checked_on.map(fmt),
                    "group": (!r.group.is_empty()).then_some(&r.group),
                    "phone": d.phone,
                    "arrived_on": fmt(d.arrived_on),
                    "left_on": d.left_on.map(fmt),
                    "attended": r.attended.len(),
                    "attended_on": r.attended.iter().map(|d| fmt(*d)).collect::<Vec<_>>(),
                })
            }).collect::<Vec<_>>(),
        })
    } else {
        serde_json::Value::Null
    };
    Ok((Grid { header, rows: grid }, json))
}
