//! The yearly 台账 as one xlsx workbook, a sheet per record in the paper 台账's layout (the list
//! is [`SHEETS`]; each sheet is one module), printable: A4, header rows repeated on every page,
//! frozen headers, widths that fit Chinese text, dates as date cells, money as numbers, and every
//! text written as a text cell (never read as a formula). A sheet whose record the file has never
//! kept is left out; one the file keeps but not that year says so in its first row.

mod dues;
mod evaluation;
mod incoming;
mod meetings;
mod mobile;
mod pledges;
mod roster;
mod study;

use crate::domain::ids::IdMap;
use std::path::Path;

use chrono::{Datelike, NaiveDate};
use rust_xlsxwriter::{ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError};
use unicode_width::UnicodeWidthStr;

use super::{Result, Service, ServiceError};
use crate::domain::dues::Fen;
use crate::domain::lang::Lang;

/// One cell to write.
enum V {
    T(String),
    D(NaiveDate),
    N(f64),
    /// An amount in yuan, as a number (so the sheet can sum it), shown with two decimals and
    /// `mark` after it (补, 预, 减, 少 as the paper register writes them).
    Money(Fen, &'static str),
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
                V::Money(fen, mark) => {
                    let shown = format!("{}{mark}", crate::domain::dues::fmt_yuan(fen));
                    self.fit(c, &shown);
                    let quoted = if mark.is_empty() { String::new() } else { format!("\"{mark}\"") };
                    let f = self.text.clone().set_num_format(format!("0.00{quoted}")).set_align(FormatAlign::Right);
                    self.ws.write_number_with_format(row, col, fen as f64 / 100.0, &f)?;
                }
            }
        }
        Ok(())
    }

    /// A line of text across `cols` columns above the header (a title, the round's dates).
    fn title(&mut self, row: u32, cols: u16, text: &str, big: bool) -> std::result::Result<(), XlsxError> {
        let f = if big {
            Format::new().set_bold().set_font_size(14).set_align(FormatAlign::Center)
        } else {
            Format::new().set_text_wrap()
        };
        self.ws.merge_range(row, 0, row, cols.saturating_sub(1), &clean(text), &f)?;
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
/// The file an export writes for the name the user gave (`--out`, or the export prompts): a
/// name without an extension gets `.xlsx`; `.xlsx` in any case is kept; any other extension is
/// refused, since the file would be an Excel workbook under a name that says otherwise.
pub fn xlsx_path(typed: &Path) -> std::result::Result<std::path::PathBuf, crate::domain::validation::Problem> {
    match typed.extension().map(|e| e.to_string_lossy().to_string()) {
        None if typed.file_name().is_some() => Ok(typed.with_extension("xlsx")),
        Some(e) if e.is_empty() => Ok(typed.with_extension("xlsx")),
        Some(e) if e.eq_ignore_ascii_case("xlsx") => Ok(typed.to_path_buf()),
        Some(e) => Err(crate::domain::validation::Problem::Text {
            zh: format!("导出为 Excel，文件名须以 .xlsx 结尾，不能是 .{e}（不写扩展名则自动加上）"),
            en: format!("the export is an Excel file: end the name in .xlsx, not .{e} (with none, .xlsx is added)"),
        }),
        None => Err(crate::domain::validation::Problem::Text {
            zh: "请给出文件名，如 台账.xlsx".into(),
            en: "give a file name, such as records.xlsx".into(),
        }),
    }
}

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

/// A service error met while writing a sheet, carried out through rust_xlsxwriter's error.
fn failed(e: ServiceError) -> XlsxError {
    XlsxError::ParameterError(e.text(Lang::En))
}

/// One sheet of the 台账.
struct SheetDef {
    name: &'static str,
    /// Whether the file keeps this record at all (a sheet for a record never kept is left out).
    kept: fn(&Service) -> Result<bool>,
    write: fn(&Service, &mut Workbook, i32) -> std::result::Result<(), XlsxError>,
}

fn always(_: &Service) -> Result<bool> {
    Ok(true)
}

/// The 台账's sheets in the paper 台账's order.
const SHEETS: &[SheetDef] = &[
    SheetDef { name: roster::NAME, kept: always, write: roster::write },
    SheetDef { name: meetings::NAME, kept: always, write: meetings::write },
    SheetDef { name: study::NAME, kept: always, write: study::write },
    SheetDef { name: pledges::PLEDGES, kept: pledges::pledges_kept, write: pledges::write_pledges },
    SheetDef { name: pledges::SERVICE, kept: pledges::service_kept, write: pledges::write_service },
    SheetDef { name: evaluation::GRADES, kept: evaluation::kept, write: evaluation::write_grades },
    SheetDef { name: evaluation::TALKS, kept: evaluation::talks_kept, write: evaluation::write_talks },
    SheetDef { name: mobile::NAME, kept: mobile::kept, write: mobile::write },
    SheetDef { name: incoming::NAME, kept: incoming::kept, write: incoming::write },
    SheetDef { name: dues::NAME, kept: dues::kept, write: dues::write },
];

impl Service {
    /// The names of the sheets the 台账 of this file has, in order.
    pub fn taizhang_sheets(&self) -> Result<Vec<&'static str>> {
        let mut out = Vec::new();
        for def in SHEETS {
            if (def.kept)(self)? {
                out.push(def.name);
            }
        }
        Ok(out)
    }

    /// Writes the 台账 of `year` to `out`.
    pub fn export_taizhang(&self, year: i32, out: &Path) -> Result<()> {
        let mut wb = Workbook::new();
        for def in SHEETS {
            if (def.kept)(self)? {
                (def.write)(self, &mut wb, year).map_err(xlsx)?;
            }
        }
        save(&mut wb, out)
    }

    /// Writes the sign-in sheet (签到表) of a meeting, planned or held: one row per expected
    /// member with an empty signature column, one A4 page for 40 members; then the incoming
    /// mobile members (流入党员) listed as guests, with their home branch and certificate number
    /// (those of a planned meeting: the ones here on its day, as its roster will list them).
    pub fn export_signin(&self, meeting: i64, out: &Path) -> Result<()> {
        let m = self.meeting(meeting)?;
        let d = &m.draft;
        let incoming: Vec<(String, String, String)> = if d.status == crate::domain::meeting::MeetingStatus::Held {
            d.guests
                .iter()
                .filter(|g| g.is_incoming())
                .map(|g| (g.name.clone(), g.home_branch.clone(), g.cert_no.clone()))
                .collect()
        } else {
            self.incoming_guests(&d.kinds, d.group_id, d.date)?
                .into_iter()
                .map(|i| (i.draft.name, i.draft.home_branch, i.draft.cert_no))
                .collect()
        };
        let rows: Vec<(i64, String)> = if d.attendance.is_empty() {
            self.expected(&d.kinds, d.group_id, d.date)?.into_iter().map(|e| (e.member_id, e.name)).collect()
        } else {
            let names = self.member_names()?;
            d.attendance.iter().map(|a| (a.member_id, names.get(&a.member_id).cloned().unwrap_or_default())).collect()
        };
        let groups: IdMap<i64, String> = self.groups()?.into_iter().map(|g| (g.id, g.name)).collect();
        let member_group: IdMap<i64, Option<i64>> =
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
            let first = rows.len() as u32 + 4;
            for (i, (name, home, cert)) in incoming.iter().enumerate() {
                let r = first + i as u32;
                let note = if cert.is_empty() { home.clone() } else { format!("{home} 活动证{cert}") };
                sh.row(r, vec![V::N((rows.len() + i) as f64 + 1.0), t(name), t("流入党员"), t(""), t(note)])?;
                sh.ws.set_row_height(r, 17)?;
            }
            sh.fit(3, &"签".repeat(10));
            sh.fit(4, &"备".repeat(8));
            sh.finish(30)
        };
        write(&mut wb).map_err(xlsx)?;
        save(&mut wb, out)
    }
}
