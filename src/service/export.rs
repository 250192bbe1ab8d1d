//! The yearly 台账 as one xlsx workbook, a sheet per record (党员名册, 会议记录, 学习情况),
//! printable: A4, header rows repeated on every page, frozen headers, widths that fit Chinese
//! text, dates as date cells, and every text written as a text cell (never read as a formula).

mod mobile_sheet;

use std::collections::HashMap;
use std::path::Path;

use chrono::{Datelike, NaiveDate};
use rust_xlsxwriter::{ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError};
use unicode_width::UnicodeWidthStr;

use super::{Result, Service, ServiceError};
use crate::domain::dates::{year_end, year_start};
use crate::domain::lang::Lang;
use crate::domain::study::Standing;

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

/// One cell to write.
enum V {
    T(String),
    D(NaiveDate),
    N(f64),
}

fn t(s: impl Into<String>) -> V {
    V::T(s.into())
}

/// Control and bidi-override characters removed (design.md: text leaving the program).
fn clean(s: &str) -> String {
    s.chars()
        .filter(|c| !(matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}') || c.is_control() && *c != '\n'))
        .collect()
}

struct Sheet<'a> {
    ws: &'a mut Worksheet,
    date: Format,
    text: Format,
    widths: Vec<usize>,
}

impl<'a> Sheet<'a> {
    fn new(wb: &'a mut Workbook, name: &str, landscape: bool) -> std::result::Result<Sheet<'a>, XlsxError> {
        // Rows go to a temporary file as they are written: a 10,000-member 台账 stays small.
        let ws = wb.add_worksheet_with_constant_memory();
        ws.set_name(name)?;
        ws.set_paper_size(9); // A4
        if landscape {
            ws.set_landscape();
        }
        ws.set_print_fit_to_pages(1, 0);
        ws.set_margins(0.5, 0.5, 0.6, 0.6, 0.3, 0.3);
        let border = Format::new().set_border(FormatBorder::Thin);
        Ok(Sheet {
            ws,
            date: border.clone().set_num_format("yyyy-mm-dd").set_align(FormatAlign::Left),
            text: border.set_text_wrap().set_align(FormatAlign::VerticalCenter),
            widths: Vec::new(),
        })
    }

    fn header(&mut self, row: u32, cells: &[&str]) -> std::result::Result<(), XlsxError> {
        let bold = self.text.clone().set_bold().set_background_color(0xDDDDDD);
        for (c, h) in cells.iter().enumerate() {
            self.ws.write_string_with_format(row, c as u16, *h, &bold)?;
            self.fit(c, h);
        }
        self.ws.set_freeze_panes(row + 1, 0)?;
        self.ws.set_repeat_rows(0, row)?;
        Ok(())
    }

    fn row(&mut self, row: u32, cells: Vec<V>) -> std::result::Result<(), XlsxError> {
        for (c, v) in cells.into_iter().enumerate() {
            let col = c as u16;
            match v {
                V::T(s) => {
                    let s = clean(&s);
                    self.fit(c, &s);
                    self.ws.write_string_with_format(row, col, s, &self.text)?;
                }
                V::D(d) => {
                    let dt = ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8)?;
                    self.fit(c, "2026-01-01");
                    self.ws.write_datetime_with_format(row, col, dt, &self.date)?;
                }
                V::N(n) => {
                    self.fit(c, &n.to_string());
                    self.ws.write_number_with_format(row, col, n, &self.text)?;
                }
            }
        }
        Ok(())
    }

    fn opt_date(d: Option<NaiveDate>) -> V {
        d.map_or(t(""), V::D)
    }

    /// Remembers the widest line of a column, in terminal cells (a Chinese character is two,
    /// as in Excel's character width).
    fn fit(&mut self, col: usize, s: &str) {
        if self.widths.len() <= col {
            self.widths.resize(col + 1, 0);
        }
        let w = s.lines().map(UnicodeWidthStr::width).max().unwrap_or(0);
        self.widths[col] = self.widths[col].max(w);
    }

    fn finish(self, max: usize) -> std::result::Result<(), XlsxError> {
        for (c, w) in self.widths.iter().enumerate() {
            self.ws.set_column_width(c as u16, (*w).clamp(4, max) as f64 + 2.0)?;
        }
        Ok(())
    }
}

/// Saves under a temporary name beside `out` and renames it when complete, so a failure leaves
/// no half-written file; 0600 on Unix (personal data). Refuses to replace an existing file.
fn save(wb: &mut Workbook, out: &Path) -> Result<()> {
    if out.exists() {
        return Err(ServiceError::Data(format!("{} exists", out.display())));
    }
    let name = out.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let tmp = out.with_file_name(format!(".{name}.tmp-{}", std::process::id()));
    let done = wb.save(&tmp).map_err(xlsx).and_then(|()| {
        #[cfg(unix)]
        std::fs::set_permissions(&tmp, std::os::unix::fs::PermissionsExt::from_mode(0o600))
            .map_err(|e| ServiceError::Data(e.to_string()))?;
        std::fs::rename(&tmp, out).map_err(|e| ServiceError::Data(e.to_string()))
    });
    if done.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    done
}

fn xlsx(e: XlsxError) -> ServiceError {
    ServiceError::Data(e.to_string())
}

impl Service {
    /// Writes the 台账 of `year` to `out`.
    pub fn export_taizhang(&self, year: i32, out: &Path) -> Result<()> {
        let mut wb = Workbook::new();
        self.roster_sheet(&mut wb, year).map_err(xlsx)?;
        self.meetings_sheet(&mut wb, year).map_err(xlsx)?;
        self.study_sheet(&mut wb, year).map_err(xlsx)?;
        self.mobile_sheet(&mut wb, year).map_err(xlsx)?;
        save(&mut wb, out)
    }

    /// Writes the sign-in sheet (签到表) of a meeting, planned or held: one row per expected
    /// member with an empty signature column, one A4 page for 40 members.
    pub fn export_signin(&self, meeting: i64, out: &Path) -> Result<()> {
        let m = self.meeting(meeting)?;
        let d = &m.draft;
        let rows: Vec<(i64, String)> = if d.attendance.is_empty() {
            self.expected(&d.kinds, d.group_id, d.date)?.into_iter().map(|e| (e.member_id, e.name)).collect()
        } else {
            let names = self.member_names()?;
            d.attendance.iter().map(|a| (a.member_id, names.get(&a.member_id).cloned().unwrap_or_default())).collect()
        };
        let groups: HashMap<i64, String> = self.groups()?.into_iter().map(|g| (g.id, g.name)).collect();
        let member_group: HashMap<i64, Option<i64>> =
            self.member_list()?.iter().map(|m| (m.id, m.draft.group_id)).collect();
        let mut wb = Workbook::new();
        let write = |wb: &mut Workbook| -> std::result::Result<(), XlsxError> {
            let mut sh = Sheet::new(wb, "签到表", false)?;
            sh.ws.set_print_fit_to_pages(1, 1);
            let kinds: Vec<&str> = d.kinds.iter().map(|k| k.label(Lang::Zh)).collect();
            let big = Format::new().set_bold().set_font_size(16).set_align(FormatAlign::Center);
            let branch = clean(&self.settings().branch_name);
            sh.ws.merge_range(0, 0, 0, 4, &format!("{branch} 会议签到表"), &big)?;
            let plain = Format::new();
            sh.ws.merge_range(1, 0, 1, 4, &clean(&format!("会议：{}  {}", kinds.join("、"), d.topic)), &plain)?;
            let when = match d.start {
                Some(s) => format!("时间：{} {}", d.date, s.format("%H:%M")),
                None => format!("日期：{}", d.date),
            };
            sh.ws.merge_range(2, 0, 2, 4, &clean(&format!("{when}  地点：{}", d.location)), &plain)?;
            sh.header(3, &["序号", "姓名", "党小组", "签名", "备注"])?;
            for (i, (id, name)) in rows.iter().enumerate() {
                let r = i as u32 + 4;
                let group = member_group.get(id).copied().flatten().and_then(|g| groups.get(&g).cloned());
                sh.row(r, vec![V::N(i as f64 + 1.0), t(name), t(group.unwrap_or_default()), t(""), t("")])?;
                sh.ws.set_row_height(r, 17)?;
            }
            sh.fit(3, &"签".repeat(10));
            sh.fit(4, &"备".repeat(8));
            sh.finish(30)
        };
        write(&mut wb).map_err(xlsx)?;
        save(&mut wb, out)
    }

    fn roster_sheet(&self, wb: &mut Workbook, year: i32) -> std::result::Result<(), XlsxError> {
        let (from, to) = (year_start(year), year_end(year));
        let groups: HashMap<i64, String> =
            self.groups().unwrap_or_default().into_iter().map(|g| (g.id, g.name)).collect();
        let members = self.member_list().map_err(|e| XlsxError::ParameterError(e.text(Lang::En)))?;
        let mut sh = Sheet::new(wb, "党员名册", true)?;
        sh.header(0, ROSTER)?;
        let in_year = members.iter().filter(|m| m.branch_start() <= to && m.branch_end().is_none_or(|e| e >= from));
        for (r, m) in (1..).zip(in_year) {
            let d = &m.draft;
            let left =
                m.archive.as_ref().map(|a| format!("{} {}", a.date, a.reason.label(Lang::Zh))).unwrap_or_default();
            sh.row(
                r,
                vec![
                    t(&m.number),
                    t(&d.name),
                    t(d.gender.label(Lang::Zh)),
                    t(&d.ethnicity),
                    V::D(d.birth_date),
                    V::D(d.admission_date),
                    Sheet::opt_date(d.conversion_date),
                    t(d.status.label(Lang::Zh)),
                    t(&d.work_unit),
                    t(d.unit_category.label(Lang::Zh)),
                    t(&d.phone),
                    t(d.group_id.and_then(|g| groups.get(&g).cloned()).unwrap_or_default()),
                    t(&d.notes),
                    t(left),
                ],
            )?;
        }
        sh.finish(40)
    }

    /// One block per meeting, as the paper 会议记录 has it: a title line, then label and value.
    fn meetings_sheet(&self, wb: &mut Workbook, year: i32) -> std::result::Result<(), XlsxError> {
        let err = |e: ServiceError| XlsxError::ParameterError(e.text(Lang::En));
        let names = self.member_names().map_err(err)?;
        let name = |id: Option<i64>| id.and_then(|i| names.get(&i).cloned()).unwrap_or_default();
        let items = self.meetings_in_year(year).map_err(err)?;
        let mut sh = Sheet::new(wb, "会议记录", false)?;
        sh.header(0, &["项目", "内容"])?;
        let title = sh.text.clone().set_bold();
        let mut r = 1;
        for item in &items {
            let m = self.meeting(item.summary.id).map_err(err)?;
            let d = &m.draft;
            let kinds: Vec<&str> = d.kinds.iter().map(|k| k.label(Lang::Zh)).collect();
            let head = format!("{} {}（{}）", d.date, kinds.join("、"), d.status.label(Lang::Zh));
            sh.fit(1, &head);
            sh.ws.write_string_with_format(r, 0, "会议", &title)?;
            sh.ws.write_string_with_format(r, 1, clean(&head), &title)?;
            r += 1;
            let who = |s: crate::domain::meeting::Attendance| -> String {
                d.attendance
                    .iter()
                    .filter(|a| a.status == s)
                    .map(|a| {
                        let n = names.get(&a.member_id).cloned().unwrap_or_default();
                        if a.reason.trim().is_empty() { n } else { format!("{n}（{}）", a.reason.trim()) }
                    })
                    .collect::<Vec<_>>()
                    .join("、")
            };
            use crate::domain::meeting::Attendance as A;
            let mut rows: Vec<(&str, V)> = vec![
                ("日期", V::D(d.date)),
                ("地点", t(&d.location)),
                ("主题", t(&d.topic)),
                ("主持人", t(name(d.host_id))),
                ("记录人", t(name(d.recorder_id))),
                (
                    "人数",
                    t(format!("应到 {} 人，实到 {} 人，请假 {} 人", d.expected(), d.in_room(), d.count(A::Excused))),
                ),
                ("请假人员及原因", t(who(A::Excused))),
                ("缺席人员", t(who(A::Absent))),
                ("列席人员", t(d.guests.join("、"))),
                ("会议内容", t(&d.minutes)),
            ];
            if let Some(res) = &d.resolution {
                rows.push((
                    "决议",
                    t(format!(
                        "{}（应到有表决权 {} 人，实到 {} 人；赞成 {}，反对 {}，弃权 {}；{}）",
                        res.text,
                        res.entitled,
                        res.present,
                        res.yes,
                        res.no,
                        res.abstain,
                        if res.passed() { "通过" } else { "未通过" }
                    )),
                ));
            }
            for (label, v) in rows {
                sh.row(r, vec![t(label), v])?;
                r += 1;
            }
            r += 1;
        }
        if items.is_empty() {
            sh.row(1, vec![t("本年度没有会议记录"), t("")])?;
        }
        sh.finish(80)
    }

    fn study_sheet(&self, wb: &mut Workbook, year: i32) -> std::result::Result<(), XlsxError> {
        let ov = self.study_year(year).map_err(|e| XlsxError::ParameterError(e.text(Lang::En)))?;
        let unit = ov.unit.name(Lang::Zh);
        let mut sh = Sheet::new(wb, "学习情况", true)?;
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
}
