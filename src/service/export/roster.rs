//! 党员名册: every member in the branch at any time of the year, with the importer's headers.

use crate::domain::ids::IdMap;

use rust_xlsxwriter::{Workbook, XlsxError};

use super::{Sheet, V, failed, t};
use crate::domain::dates::{year_end, year_start};
use crate::domain::lang::Lang;
use crate::service::Service;

pub(super) const NAME: &str = "党员名册";

/// The roster's headers: the same names the importer reads, so an exported roster imports.
const ROSTER: &[&str] = &[
    "党员编号",
    "姓名",
    "性别",
    "民族",
    "出生日期",
    "入党日期",
    "转正日期",
    "人员类别",
    "工作单位",
    "单位类别",
    "联系电话",
    "所在党小组",
    "备注",
    "离开支部",
];

pub(super) fn write(s: &Service, wb: &mut Workbook, year: i32) -> Result<(), XlsxError> {
    let (from, to) = (year_start(year), year_end(year));
    let groups: IdMap<i64, String> = s.groups().unwrap_or_default().into_iter().map(|g| (g.id, g.name)).collect();
    let members = s.member_list().map_err(failed)?;
    let mut sh = Sheet::new(wb, NAME, true)?;
    sh.header(0, ROSTER)?;
    let in_year = members.iter().filter(|m| m.branch_start() <= to && m.branch_end().is_none_or(|e| e >= from));
    for (r, m) in (1..).zip(in_year) {
        let d = &m.draft;
        let left = m.archive.as_ref().map(|a| format!("{} {}", a.date, a.reason.label(Lang::Zh))).unwrap_or_default();
        sh.row(
            r,
            vec![
                t(m.number.as_str()),
                t(d.name.as_str()),
                t(d.gender.label(Lang::Zh)),
                t(d.ethnicity.as_str()),
                V::D(d.birth_date),
                V::D(d.admission_date),
                Sheet::opt_date(d.conversion_date),
                t(d.status.label(Lang::Zh)),
                t(d.work_unit.as_str()),
                t(d.unit_category.label(Lang::Zh)),
                t(d.phone.as_str()),
                t(d.group_id.and_then(|g| groups.get(&g).cloned()).unwrap_or_default()),
                t(&d.notes),
                t(left),
            ],
        )?;
    }
    sh.finish(40)
}
