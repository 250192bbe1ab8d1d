//! The 台账's 流入党员 sheet: every incoming mobile member here in the year, as `zhibu report
//! incoming` lists them, with the meetings attended (中办发〔2006〕21号 流动党员意见 二（二）4).

use rust_xlsxwriter::{Workbook, XlsxError};

use super::{Sheet, V, failed, t};
use crate::domain::dates::fmt;
use crate::service::{Result, Service};
use crate::store::kept::{Kept, any};

pub(super) const NAME: &str = "流入党员";

pub(super) fn kept(s: &Service) -> Result<bool> {
    Ok(any(s.store().conn(), Kept::Incoming)?)
}

const HEADERS: &[&str] = &[
    "姓名",
    "流出地党组织",
    "活动证号",
    "查验日期",
    "党小组",
    "联系电话",
    "到达日期",
    "离开日期",
    "参加组织生活次数",
    "参加日期",
    "备注",
];

pub(super) fn write(s: &Service, wb: &mut Workbook, year: i32) -> std::result::Result<(), XlsxError> {
    let rows = s.incoming_year(year).map_err(failed)?;
    let mut sh = Sheet::new(wb, NAME, true)?;
    sh.header(0, HEADERS)?;
    for (r, row) in (1..).zip(&rows) {
        let d = &row.incoming.draft;
        sh.row(
            r,
            vec![
                t(&d.name),
                t(&d.home_branch),
                t(&d.cert_no),
                Sheet::opt_date(d.checked_on),
                t(if row.group.is_empty() { "全支部" } else { &row.group }),
                t(&d.phone),
                V::D(d.arrived_on),
                Sheet::opt_date(d.left_on),
                V::N(row.attended.len() as f64),
                t(row.attended.iter().map(|d| fmt(*d)).collect::<Vec<_>>().join("、")),
                t(&d.note),
            ],
        )?;
    }
    if rows.is_empty() {
        sh.row(1, vec![t(format!("{year} 年没有流入党员"))])?;
    }
    sh.finish(40)
}
