//! 党费收缴: the year's 党费收缴登记表 as the 党费 tab shows it (中组部《关于中国共产党党费收缴、
//! 使用和管理的规定》, 2008): members down, months across, what each paid, the year's paid and due
//! at the right and the month totals at the bottom. Amounts are numbers in yuan, so the sheet
//! sums them; a mark after the amount says how it was paid, as the paper register writes it.

use rust_xlsxwriter::{Workbook, XlsxError};

use super::{Sheet, V, failed, t};
use crate::domain::dues::{Cell, MonthStatus};
use crate::domain::lang::Lang;
use crate::service::{Result, Service};
use crate::store::kept::{Kept, any};

pub(super) const NAME: &str = "党费收缴";

pub(super) fn kept(s: &Service) -> Result<bool> {
    Ok(any(s.store().conn(), Kept::Dues)?)
}

/// A month's cell: the amount with its mark, the state in words, or blank (not in the branch
/// that month, or not due yet).
fn month(c: &Cell) -> V {
    use MonthStatus::*;
    let Some(status) = c.status else { return t("") };
    match status {
        Paid if c.short() > 0 => V::Money(c.paid, "少"),
        Paid => V::Money(c.paid, ""),
        PaidLate => V::Money(c.paid, "补"),
        Prepaid => V::Money(c.paid, "预"),
        Reduced => V::Money(c.paid, "减"),
        Exempt => t("免缴"),
        Unpaid => t("未缴"),
        NotDue => t(""),
    }
}

pub(super) fn write(s: &Service, wb: &mut Workbook, year: i32) -> std::result::Result<(), XlsxError> {
    let y = s.dues_year(year).map_err(failed)?;
    let mut header: Vec<String> = ["党员编号", "姓名", "类别", "月缴额"].map(String::from).to_vec();
    header.extend((1..=12).map(|m| format!("{m}月")));
    header.extend(["实缴", "应缴", "自愿多交"].map(String::from));
    let cols = header.len() as u16;
    let mut sh = Sheet::new(wb, NAME, true)?;
    sh.title(0, cols, &format!("{} {year} 年党费收缴登记表", s.settings().branch_name), true)?;
    let published = match &y.publication {
        Some(p) => format!("本年收缴情况已于 {} 向党员公布。", p.published_on),
        None => "本年收缴情况尚未登记公布。".to_string(),
    };
    sh.title(
        1,
        cols,
        &format!("单位：元。补=补缴 预=预缴 减=减交 少=少缴 免缴=经批准免交 未缴=到期未交；空白为未到期或不在本支部。{published}"),
        false,
    )?;
    sh.ws.set_row_height(1, 32)?;
    sh.header(2, &header.iter().map(String::as_str).collect::<Vec<_>>())?;
    let mut r = 3;
    for row in &y.rows {
        let mut cells = vec![
            t(&row.number),
            t(&row.name),
            t(row.category.label(Lang::Zh)),
            row.monthly.map_or(t(""), |m| V::Money(m, "")),
        ];
        cells.extend(row.cells.iter().map(month));
        cells.extend([V::Money(row.paid, ""), V::Money(row.due, ""), V::Money(row.extra, "")]);
        sh.row(r, cells)?;
        r += 1;
    }
    let mut total = vec![t("合计"), t(format!("{} 人", y.rows.len())), t(""), t("")];
    total.extend(y.month_paid.iter().map(|f| V::Money(*f, "")));
    total.extend([V::Money(y.paid, ""), V::Money(y.due, ""), V::Money(y.extra, "")]);
    sh.row(r, total)?;
    sh.finish(14)
}
