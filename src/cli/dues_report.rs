//! `zhibu report dues`: the month grid as the 党费收缴登记表 lays it out (members down, months
//! across, totals at the edges).

use serde::Serialize;

use super::report::Grid;
use crate::domain::dates::fmt_opt;
use crate::domain::dues::{Cell, MonthStatus, fmt_yuan};
use crate::domain::lang::Lang;
use crate::service::dues::{DuesRow, DuesYear};

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

/// The grid of a year for a table or CSV.
pub fn dues_grid(y: &DuesYear, lang: Lang) -> Grid {
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
    Grid { header, rows }
}

/// The year as JSON, written as it is serialised: a large branch's twelve months per member
/// are never held as a JSON tree. Keys in alphabetical order, as in every report's JSON.
pub fn dues_json(y: &DuesYear, w: &mut dyn std::io::Write) -> serde_json::Result<()> {
    #[derive(Serialize)]
    struct Report<'a> {
        due_fen: i64,
        extra_fen: i64,
        month_due_fen: &'a [i64],
        month_paid_fen: &'a [i64],
        paid_fen: i64,
        published_on: Option<String>,
        #[serde(serialize_with = "rows")]
        rows: &'a [DuesRow],
        year: i32,
    }
    #[derive(Serialize)]
    struct Row<'a> {
        category: &'static str,
        due_fen: i64,
        extra_fen: i64,
        member_id: i64,
        monthly_fen: Option<i64>,
        #[serde(serialize_with = "months")]
        months: &'a [Cell],
        name: &'a str,
        number: &'a str,
        paid_fen: i64,
        relief: Option<&'static str>,
        schedule: &'static str,
    }
    #[derive(Serialize)]
    struct Month {
        due_fen: Option<i64>,
        month: usize,
        paid_fen: i64,
        paid_on: String,
        status: Option<&'static str>,
    }
    fn rows<S: serde::Serializer>(rows: &&[DuesRow], s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(rows.iter().map(|r| Row {
            category: r.category.id(),
            due_fen: r.due,
            extra_fen: r.extra,
            member_id: r.member_id,
            monthly_fen: r.monthly,
            months: &r.cells,
            name: &r.name,
            number: &r.number,
            paid_fen: r.paid,
            relief: r.relief.map(|k| k.id()),
            schedule: r.schedule.id(),
        }))
    }
    fn months<S: serde::Serializer>(cells: &&[Cell], s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(cells.iter().enumerate().map(|(i, c)| Month {
            due_fen: c.due.filter(|_| c.status.is_some()),
            month: i + 1,
            paid_fen: c.paid,
            paid_on: fmt_opt(c.paid_on),
            status: c.status.map(|s| s.id()),
        }))
    }
    serde_json::to_writer_pretty(
        w,
        &Report {
            due_fen: y.due,
            extra_fen: y.extra,
            month_due_fen: &y.month_due,
            month_paid_fen: &y.month_paid,
            paid_fen: y.paid,
            published_on: y.publication.as_ref().map(|p| fmt_opt(Some(p.published_on))),
            rows: &y.rows,
            year: y.year,
        },
    )
}
