//! `zhibu report dues`: the month grid as the 党费收缴登记表 lays it out (members down, months
//! across, totals at the edges).

use serde_json::json;

use super::report::Grid;
use crate::domain::dates::fmt_opt;
use crate::domain::dues::{Cell, MonthStatus, fmt_yuan};
use crate::domain::lang::Lang;
use crate::service::Service;

/// A cell as text: the amount paid (marked when late, prepaid or reduced), or the state.
pub fn cell_text(c: &Cell, lang: Lang) -> String {
    use MonthStatus::*;
    let amount = fmt_yuan(c.paid);
    match c.status {
        None => String::new(),
        Some(Paid) => amount,
        Some(PaidLate) => format!("{amount}{}", lang.pick("补", " late")),
        Some(Prepaid) => format!("{amount}{}", lang.pick("预", " pre")),
        Some(Reduced) => format!("{amount}{}", lang.pick("减", " red.")),
        Some(Exempt) => lang.pick("免缴", "exempt").into(),
        Some(Unpaid) => lang.pick("未缴", "unpaid").into(),
        Some(NotDue) => "-".into(),
    }
}

pub fn dues(service: &Service, year: i32, lang: Lang) -> crate::service::Result<(Grid, serde_json::Value)> {
    let y = service.dues_year(year)?;
    let mut header: Vec<String> = match lang {
        Lang::Zh => ["编号", "姓名", "类别", "月缴额"].map(String::from).to_vec(),
        Lang::En => ["number", "name", "category", "monthly"].map(String::from).to_vec(),
    };
    header.extend((1..=12).map(|m| match lang {
        Lang::Zh => format!("{m}月"),
        Lang::En => format!("{m:02}"),
    }));
    header.extend(match lang {
        Lang::Zh => ["实缴", "应缴", "自愿多交"].map(String::from),
        Lang::En => ["paid", "due", "extra"].map(String::from),
    });
    let mut rows: Vec<Vec<String>> = y
        .rows
        .iter()
        .map(|r| {
            let mut v = vec![
                r.number.clone(),
                r.name.clone(),
                r.category.label(lang).to_string(),
                r.monthly.map(fmt_yuan).unwrap_or_default(),
            ];
            v.extend(r.cells.iter().map(|c| cell_text(c, lang)));
            v.extend([fmt_yuan(r.paid), fmt_yuan(r.due), fmt_yuan(r.extra)]);
            v
        })
        .collect();
    let mut total = vec![String::new(), lang.pick("合计", "total").to_string(), String::new(), String::new()];
    total.extend(y.month_paid.iter().map(|f| fmt_yuan(*f)));
    total.extend([fmt_yuan(y.paid), fmt_yuan(y.due), fmt_yuan(y.extra)]);
    rows.push(total);
    let json = json!({
        "year": year,
        "paid_fen": y.paid,
        "due_fen": y.due,
        "extra_fen": y.extra,
        "month_paid_fen": y.month_paid,
        "month_due_fen": y.month_due,
        "published_on": y.publication.as_ref().map(|p| fmt_opt(Some(p.published_on))),
        "rows": y.rows.iter().map(|r| json!({
            "member_id": r.member_id,
            "number": r.number,
            "name": r.name,
            "category": r.category.id(),
            "schedule": r.schedule.id(),
            "relief": r.relief.map(|k| k.id()),
            "monthly_fen": r.monthly,
            "paid_fen": r.paid,
            "due_fen": r.due,
            "extra_fen": r.extra,
            "months": r.cells.iter().enumerate().map(|(i, c)| json!({
                "month": i + 1,
                "status": c.status.map(|s| s.id()),
                "due_fen": c.due.filter(|_| c.status.is_some()),
                "paid_fen": c.paid,
                "paid_on": fmt_opt(c.paid_on),
            })).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
    });
    Ok((Grid { header, rows }, json))
}
