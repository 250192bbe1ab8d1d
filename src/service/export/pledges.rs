//! 党员承诺 and 联系服务群众: the year's pledges with how each was kept and judged (seed B2,
//! 中办发〔2006〕21号 二（二）), and the contact and service records with the issues raised and
//! the feedback given (二（六）, 三（三）), as the 承诺 tab keeps them.

use rust_xlsxwriter::{Workbook, XlsxError};

use super::{Sheet, V, failed, t};
use crate::domain::lang::Lang;
use crate::service::{Result, Service};
use crate::store::kept::{Kept, any};

pub(super) const PLEDGES: &str = "党员承诺";
pub(super) const SERVICE: &str = "联系服务群众";

pub(super) fn pledges_kept(s: &Service) -> Result<bool> {
    Ok(any(s.store().conn(), Kept::Pledges)?)
}

pub(super) fn service_kept(s: &Service) -> Result<bool> {
    Ok(any(s.store().conn(), Kept::Service)?)
}

/// One row per pledge (withdrawn ones too, marked so), by member number and date.
pub(super) fn write_pledges(s: &Service, wb: &mut Workbook, year: i32) -> std::result::Result<(), XlsxError> {
    let ov = s.pledges_year(year).map_err(failed)?;
    let mut rows: Vec<_> = ov.rows.iter().filter_map(|r| r.pledge.as_ref().map(|p| (r, p))).collect();
    rows.sort_by(|(a, p), (b, q)| (&a.number, p.draft.pledged_on, p.id).cmp(&(&b.number, q.draft.pledged_on, q.id)));
    let mut sh = Sheet::new(wb, PLEDGES, true)?;
    sh.header(
        0,
        &[
            "序号",
            "党员编号",
            "姓名",
            "党小组",
            "承诺事项",
            "类别",
            "服务对象",
            "公开承诺日期",
            "完成时限",
            "兑现情况",
            "进展",
            "兑现日期",
            "支部验收日期",
            "群众评价",
        ],
    )?;
    for (i, (r, p)) in rows.iter().enumerate() {
        let d = &p.draft;
        sh.row(
            i as u32 + 1,
            vec![
                V::N(i as f64 + 1.0),
                t(&r.number),
                t(&r.name),
                t(r.group.clone().unwrap_or_default()),
                t(&d.content),
                t(d.category.label(Lang::Zh)),
                t(&d.beneficiary),
                V::D(d.pledged_on),
                V::D(d.target_date),
                t(d.status.label(Lang::Zh)),
                t(&d.progress),
                Sheet::opt_date(d.fulfilled_on),
                Sheet::opt_date(d.verified_on),
                t(d.evaluation.map(|e| e.label(Lang::Zh)).unwrap_or_default()),
            ],
        )?;
    }
    if rows.is_empty() {
        sh.row(1, vec![t(format!("{year} 年没有党员承诺记录"))])?;
    }
    sh.finish(30)
}

/// One row per contact or service record of the year, oldest first.
pub(super) fn write_service(s: &Service, wb: &mut Workbook, year: i32) -> std::result::Result<(), XlsxError> {
    let rows = s.services_year(year).map_err(failed)?;
    let mut sh = Sheet::new(wb, SERVICE, true)?;
    sh.header(0, &["日期", "党员编号", "姓名", "类型", "服务对象", "内容", "时长", "群众反映的问题", "反馈日期"])?;
    for (i, r) in rows.iter().enumerate() {
        let d = &r.record.draft;
        sh.row(
            i as u32 + 1,
            vec![
                V::D(d.date),
                t(&r.number),
                t(&r.name),
                t(d.kind.label(Lang::Zh)),
                t(&d.counterpart),
                t(&d.description),
                t(d.time.format(Lang::Zh)),
                t(&d.issue),
                Sheet::opt_date(d.feedback_on),
            ],
        )?;
    }
    if rows.is_empty() {
        sh.row(1, vec![t(format!("{year} 年没有联系服务群众记录"))])?;
    }
    sh.finish(40)
}
