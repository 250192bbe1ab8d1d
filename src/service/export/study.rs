//! 学习情况: each member's collective study time of the year, as the 学习 tab counts it.

use rust_xlsxwriter::{Workbook, XlsxError};

use super::{Sheet, V, failed, t};
use crate::domain::lang::Lang;
use crate::domain::study::Standing;
use crate::service::Service;

pub(super) const NAME: &str = "学习情况";

pub(super) fn write(s: &Service, wb: &mut Workbook, year: i32) -> Result<(), XlsxError> {
    let ov = s.study_year(year).map_err(failed)?;
    let unit = ov.unit.name(Lang::Zh);
    let mut sh = Sheet::new(wb, NAME, true)?;
    let heads = [
        "党员编号".to_string(),
        "姓名".into(),
        "党小组".into(),
        "单位类别".into(),
        format!("年度目标（{unit}）"),
        format!("已完成（{unit}）"),
        format!("差额（{unit}）"),
        "缺席次数".into(),
        "状态".into(),
    ];
    sh.header(0, &heads.iter().map(String::as_str).collect::<Vec<_>>())?;
    let per = ov.unit.minutes() as f64;
    let num = |min: i64| V::N((min as f64 / per * 10.0).round() / 10.0);
    for (i, row) in ov.rows.iter().enumerate() {
        let st = &row.status;
        let status = match st.standing {
            Standing::Exempt => format!("{} {} 次", st.standing.label(Lang::Zh), row.home_deliveries),
            s => s.label(Lang::Zh).to_string(),
        };
        sh.row(
            i as u32 + 1,
            vec![
                t(&row.number),
                t(&row.name),
                t(row.group.clone().unwrap_or_default()),
                t(row.unit_category.label(Lang::Zh)),
                st.target_min.map_or(t(""), num),
                num(st.credited_min),
                if st.target_min.is_some() { num(st.shortfall_min) } else { t("") },
                V::N(row.absences as f64),
                t(status),
            ],
        )?;
    }
    sh.finish(30)
}
