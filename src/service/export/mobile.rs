//! The 台账's 流动党员 sheet: every absence touching the year, as `zhibu report mobile` lists
//! it, with the certificate and the year's reports and contacts.

use chrono::Datelike;
use rust_xlsxwriter::{Workbook, XlsxError};

use super::{Sheet, V, failed, t};
use crate::domain::lang::Lang;
use crate::domain::mobile::LogKind;
use crate::service::{Result, Service};
use crate::store::kept::{Kept, any};

pub(super) const NAME: &str = "流动党员";

pub(super) fn kept(s: &Service) -> Result<bool> {
    Ok(any(s.store().conn(), Kept::Mobile)?)
}

const HEADERS: &[&str] = &[
    "党员编号",
    "姓名",
    "状态",
    "外出事由",
    "外出日期",
    "预计返回",
    "返回日期",
    "外出地点",
    "就业单位",
    "居住地",
    "联系方式",
    "外出前谈话",
    "流入地党组织",
    "报到日期",
    "活动证编号",
    "发证日期",
    "上次年审",
    "本年汇报",
    "本年联系",
    "最后联系",
    "返回查验",
    "外出期间表现",
];

pub(super) fn write(s: &Service, wb: &mut Workbook, year: i32) -> std::result::Result<(), XlsxError> {
    let rows = s.mobile_year(year).map_err(failed)?;
    let mut sh = Sheet::new(wb, NAME, true)?;
    sh.header(0, HEADERS)?;
    for (r, row) in (1..).zip(&rows) {
        let d = &row.track.outflow.draft;
        let in_year = |k: LogKind| row.logs.iter().filter(|l| l.draft.kind == k && l.draft.date.year() == year).count();
        sh.row(
            r,
            vec![
                t(&row.number),
                t(&row.name),
                t(row.status_label(Lang::Zh)),
                t(&d.reason),
                V::D(d.departed_on),
                Sheet::opt_date(d.expected_return),
                Sheet::opt_date(d.returned_on),
                t(&d.place),
                t(&d.employer),
                t(&d.residence),
                t(&d.contact),
                Sheet::opt_date(d.talk_on),
                t(&d.registered_org),
                Sheet::opt_date(d.registered_on),
                t(&d.cert_no),
                Sheet::opt_date(d.cert_issued_on),
                Sheet::opt_date(row.track.last_review),
                V::N(in_year(LogKind::Report) as f64),
                V::N(in_year(LogKind::Contact) as f64),
                V::D(row.track.last_contact),
                Sheet::opt_date(d.checked_on),
                t(&d.return_note),
            ],
        )?;
    }
    if rows.is_empty() {
        sh.row(1, vec![t(format!("{year} 年没有流动党员记录"))])?;
    }
    sh.finish(30)
}
