//! Importing a roster (党员名册) from an xlsx/xls/ods workbook or a CSV file (UTF-8 with or
//! without BOM, or GBK as older Excel saves it on Chinese Windows): a preview first, then the
//! good rows in one transaction after a backup.

use std::collections::HashMap;
use std::fs::File;
use std::io::BufReader;
use std::path::Path;

use calamine::{Data, Reader};

use super::Service;
use crate::domain::lang::Lang;
use crate::domain::member::MemberDraft;
use crate::domain::roster::{Cell, Col, Header, REQUIRED, RowProblem, find_header, read_row};
use crate::domain::validation::Problem;
use crate::store::Version;
use crate::store::changelog;

/// The rows of one sheet, with the Excel row number of the first.
pub struct Table {
    pub sheet: String,
    pub first_row: usize,
    pub rows: Vec<Vec<Cell>>,
}

/// Why a file could not be read as a roster. Nothing was written.
#[derive(Debug, PartialEq, Eq)]
pub enum ImportError {
    Read(String),
    NoSuchSheet {
        name: String,
        sheets: Vec<String>,
    },
    /// No row among the first 30 names 姓名 and two other fields.
    NoHeader,
    MissingColumns(Vec<Col>),
    /// An Excel binary workbook (.xlsb), which zhibu does not read.
    Xlsb,
}

impl ImportError {
    pub fn text(&self, lang: Lang) -> String {
        match (self, lang) {
            (ImportError::Read(e), Lang::Zh) => format!("无法读取文件：{e}"),
            (ImportError::Read(e), Lang::En) => format!("cannot read the file: {e}"),
            (ImportError::NoSuchSheet { name, sheets }, Lang::Zh) => {
                format!("没有名为 {name} 的工作表；有：{}", sheets.join("、"))
            }
            (ImportError::NoSuchSheet { name, sheets }, Lang::En) => {
                format!("no sheet named {name}; the sheets are: {}", sheets.join(", "))
            }
            (ImportError::NoHeader, Lang::Zh) => {
                "前 30 行中找不到表头（须有“姓名”和至少两个其他列名，如 性别、出生日期）".to_string()
            }
            (ImportError::NoHeader, Lang::En) => {
                "no header row in the first 30 rows (it needs 姓名 and two other column names such as 性别, 出生日期)"
                    .to_string()
            }
            (ImportError::Xlsb, Lang::Zh) => {
                "不支持 xlsb（Excel 二进制工作簿）：请在 Excel 中另存为 xlsx 或 xls 后再导入".to_string()
            }
            (ImportError::Xlsb, Lang::En) => {
                "xlsb (Excel binary workbook) is not supported: save it as xlsx or xls in Excel and import that"
                    .to_string()
            }
            (ImportError::MissingColumns(cols), _) => {
                let names: Vec<&str> = cols.iter().map(|c| c.label(lang)).collect();
                match lang {
                    Lang::Zh => format!("缺少必需的列：{}", names.join("、")),
                    Lang::En => format!("required columns missing: {}", names.join(", ")),
                }
            }
        }
    }
}

/// Reads the sheet `sheet` (default: the first) of a workbook, or a CSV file.
///
/// Each workbook format is opened by its own reader, chosen by the extension (any case), so that
/// only the readers zhibu offers are in the program: xlsx (also xlsm), xls (Excel 97-2003, as
/// WPS and older Excel save it) and ods. A file with another extension is recognised by its
/// first bytes. xlsb (Excel's binary workbook) is refused with a hint to save it as xlsx.
pub fn read_table(path: &Path, sheet: Option<&str>) -> Result<Table, ImportError> {
    use calamine::{Error, Ods, Xls, Xlsx, open_workbook};
    let ext = path.extension().map(|e| e.to_string_lossy().to_lowercase()).unwrap_or_default();
    match ext.as_str() {
        "csv" | "txt" => read_csv(path),
        "xls" | "xla" => read_book::<Xls<_>>(path, Error::Xls, sheet),
        "xlsx" | "xlsm" | "xlam" => read_book::<Xlsx<_>>(path, Error::Xlsx, sheet),
        "ods" => read_book::<Ods<_>>(path, Error::Ods, sheet),
        "xlsb" => Err(ImportError::Xlsb),
        _ => {
            if let Ok(wb) = open_workbook::<Xls<_>, _>(path) {
                read_sheet(wb, Error::Xls, sheet)
            } else if let Ok(wb) = open_workbook::<Xlsx<_>, _>(path) {
                read_sheet(wb, Error::Xlsx, sheet)
            } else if let Ok(wb) = open_workbook::<Ods<_>, _>(path) {
                read_sheet(wb, Error::Ods, sheet)
            } else {
                Err(ImportError::Read(Error::Msg("Cannot detect file format").to_string()))
            }
        }
    }
}

/// The workbook opened with the reader `R`; `wrap` gives its errors the wording of
/// [`calamine::Error`].
fn read_book<R: Reader<BufReader<File>>>(
    path: &Path,
    wrap: fn(R::Error) -> calamine::Error,
    sheet: Option<&str>,
) -> Result<Table, ImportError> {
    let wb: R = calamine::open_workbook(path).map_err(|e| ImportError::Read(wrap(e).to_string()))?;
    read_sheet(wb, wrap, sheet)
}

fn read_sheet<R: Reader<BufReader<File>>>(
    mut wb: R,
    wrap: fn(R::Error) -> calamine::Error,
    sheet: Option<&str>,
) -> Result<Table, ImportError> {
    let name = sheet_name(wb.sheet_names(), sheet)?;
    let range = wb.worksheet_range(&name).map_err(|e| ImportError::Read(wrap(e).to_string()))?;
    Ok(table(name, &range))
}

/// `sheet`, when the workbook has it, or else the first sheet.
fn sheet_name(sheets: Vec<String>, sheet: Option<&str>) -> Result<String, ImportError> {
    match sheet {
        Some(n) if sheets.iter().any(|s| s == n) => Ok(n.to_string()),
        Some(n) => Err(ImportError::NoSuchSheet { name: n.into(), sheets }),
        None => sheets.first().cloned().ok_or(ImportError::NoHeader),
    }
}

fn table(name: String, range: &calamine::Range<Data>) -> Table {
    let (r0, c0) = range.start().unwrap_or((0, 0));
    let rows = range
        .rows()
        .map(|r| std::iter::repeat_n(Cell::Empty, c0 as usize).chain(r.iter().map(cell)).collect())
        .collect();
    Table { sheet: name, first_row: r0 as usize + 1, rows }
}

fn cell(d: &Data) -> Cell {
    match d {
        Data::Empty | Data::Error(_) => Cell::Empty,
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => Cell::Text(s.clone()),
        Data::Int(i) => Cell::Number(*i as f64),
        Data::Float(f) => Cell::Number(*f),
        Data::Bool(b) => Cell::Text(b.to_string()),
        Data::DateTime(dt) => {
            let (y, m, day, ..) = dt.to_ymd_hms_milli();
            match chrono::NaiveDate::from_ymd_opt(y as i32, m as u32, day as u32) {
                Some(date) if dt.is_datetime() => Cell::Date(date),
                _ => Cell::Number(dt.as_f64()),
            }
        }
    }
}

fn read_csv(path: &Path) -> Result<Table, ImportError> {
    let bytes = std::fs::read(path).map_err(|e| ImportError::Read(e.to_string()))?;
    let text = decode(&bytes);
    let mut rdr = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(text.as_bytes());
    let mut rows = Vec::new();
    let mut line = 1;
    for (i, rec) in rdr.records().enumerate() {
        let rec = rec.map_err(|e| ImportError::Read(e.to_string()))?;
        if i == 0 {
            line = rec.position().map(|p| p.line() as usize).unwrap_or(1);
        }
        rows.push(
            rec.iter().map(|s| if s.trim().is_empty() { Cell::Empty } else { Cell::Text(s.to_string()) }).collect(),
        );
    }
    Ok(Table { sheet: String::new(), first_row: line, rows })
}

/// UTF-8 (a BOM is dropped) when the bytes are valid UTF-8, otherwise GBK (GB18030).
fn decode(bytes: &[u8]) -> String {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        Err(_) => encoding_rs::GB18030.decode(bytes).0.into_owned(),
    }
}

/// What an import would do, row by row; nothing is written until [`Service::import_members`].
#[derive(Debug)]
pub struct Preview {
    pub sheet: String,
    /// The Excel row number of the header.
    pub header_row: usize,
    pub unmatched: Vec<String>,
    pub add: Vec<MemberDraft>,
    /// The member, the row's values, and the member's version when the preview read it: the
    /// import refuses if another window changed the member since.
    pub update: Vec<(i64, MemberDraft, Version)>,
    /// The newest change of any member when the preview read them: a member another window
    /// added since may be one of the rows to add.
    pub members_seen: Version,
    /// Rows equal to the stored member.
    pub unchanged: usize,
    /// Rows of members who left the branch (离开支部 filled, as zhibu's roster export writes
    /// it), skipped: the member archived here already, or not in this file. Row and name.
    pub left: Vec<(usize, String)>,
    /// Rows with problems, skipped; every problem of each.
    pub problems: Vec<RowProblem>,
    pub bad_rows: usize,
}

impl Service {
    /// Reads `path` and compares each row with the stored members: a row updates the member
    /// with the same 党员编号, or else the same name and birth date.
    pub fn preview_import(&self, path: &Path, sheet: Option<&str>) -> Result<Preview, ImportError> {
        let table = read_table(path, sheet)?;
        self.preview_table(&table)
    }

    pub fn preview_table(&self, table: &Table) -> Result<Preview, ImportError> {
        let header: Header = find_header(&table.rows).ok_or(ImportError::NoHeader)?;
        let missing: Vec<Col> = REQUIRED.iter().filter(|c| !header.cols.contains(&Some(**c))).copied().collect();
        if !missing.is_empty() {
            return Err(ImportError::MissingColumns(missing));
        }
        let data = |e: super::ServiceError| ImportError::Read(e.text(Lang::En));
        let store = |e: crate::store::StoreError| data(e.into());
        // Versions first, then the members as stored now (not a cached list): a change made
        // between the two reads makes the import refuse, never pass unseen.
        let conn = self.store().conn();
        let members_seen = Version(changelog::latest_of_table(conn, MEMBER).map_err(store)?);
        let versions = changelog::latest_ids(conn, MEMBER).map_err(store)?;
        let members = crate::store::members::list(conn).map_err(store)?;
        let groups = self.groups().map_err(data)?;
        let by_number: HashMap<&str, usize> = members.iter().enumerate().map(|(i, m)| (m.number.as_str(), i)).collect();
        let by_person: HashMap<(&str, chrono::NaiveDate), usize> =
            members.iter().enumerate().map(|(i, m)| ((m.draft.name.as_str(), m.draft.birth_date), i)).collect();
        let number_col = header.cols.iter().position(|c| *c == Some(Col::Number));
        let name_col = header.cols.iter().position(|c| *c == Some(Col::Name));
        let left_col = header.cols.iter().position(|c| *c == Some(Col::Left));

        let mut p = Preview {
            sheet: table.sheet.clone(),
            header_row: table.first_row + header.row,
            unmatched: header.unmatched.clone(),
            add: Vec::new(),
            update: Vec::new(),
            members_seen,
            unchanged: 0,
            left: Vec::new(),
            problems: Vec::new(),
            bad_rows: 0,
        };
        // Each person once: the first row that names them.
        let mut seen: HashMap<(String, chrono::NaiveDate), usize> = HashMap::new();
        for (i, cells) in table.rows.iter().enumerate().skip(header.row + 1) {
            let row = table.first_row + i;
            if cells.iter().all(|c| c.text().is_empty()) {
                continue;
            }
            let number = number_col.and_then(|c| cells.get(c)).map(Cell::text).unwrap_or_default();
            let mut found = by_number.get(number.as_str()).copied().filter(|_| !number.is_empty());
            let first = read_row(row, cells, &header, &groups, found.map(|i| &members[i].draft), self.today());
            let draft = match first {
                Ok(d) => {
                    if found.is_none() {
                        found = by_person.get(&(d.name.as_str(), d.birth_date)).copied();
                    }
                    d
                }
                Err(problems) => {
                    p.bad_rows += 1;
                    p.problems.extend(problems);
                    continue;
                }
            };
            let refuse = |p: &mut Preview, problem: Problem| {
                p.bad_rows += 1;
                let value = name_col.and_then(|c| cells.get(c)).map(Cell::text).unwrap_or_default();
                p.problems.push(RowProblem { row, col: Some(Col::Name), value, problem });
            };
            if let Some(&earlier) = seen.get(&(draft.name.to_string(), draft.birth_date)) {
                refuse(
                    &mut p,
                    Problem::Text {
                        zh: format!("与第 {earlier} 行是同一人（姓名和出生日期相同）"),
                        en: format!("the same person as row {earlier} (same name and birth date)"),
                    },
                );
                continue;
            }
            seen.insert((draft.name.to_string(), draft.birth_date), row);
            let left = left_col.and_then(|c| cells.get(c)).is_some_and(|c| !c.text().trim().is_empty());
            match found.map(|i| &members[i]) {
                // A member who left, as the export lists them: archived here already, or never
                // this file's member; never added or updated as one in the branch.
                Some(m) if left && m.is_archived() => p.left.push((row, draft.name.to_string())),
                None if left => p.left.push((row, draft.name.to_string())),
                Some(_) if left => refuse(
                    &mut p,
                    Problem::Rule {
                        zh: "表中“离开支部”已填，但该党员在本文件中未归档；如已离开请在党员页归档，否则清空该列",
                        en: "the row says the member left the branch, but they are not archived here; archive them on the members tab, or clear that cell",
                    },
                ),
                None => p.add.push(draft),
                Some(m) if m.is_archived() => refuse(
                    &mut p,
                    Problem::Rule {
                        zh: "该党员已归档（转出、去世等），未导入；如需恢复请在党员页操作",
                        en: "this member is archived (transferred out, deceased, ...); restore them on the members tab",
                    },
                ),
                Some(m) if m.draft == draft => p.unchanged += 1,
                Some(m) => {
                    // Reading again with the stored member as the base keeps what the sheet lacks.
                    match read_row(row, cells, &header, &groups, Some(&m.draft), self.today()) {
                        Ok(d) if d == m.draft => p.unchanged += 1,
                        Ok(d) => p.update.push((m.id, d, Version(versions.get(&m.id).copied().unwrap_or(0)))),
                        Err(problems) => {
                            p.bad_rows += 1;
                            p.problems.extend(problems);
                        }
                    }
                }
            }
        }
        Ok(p)
    }

    /// Writes a preview's good rows in one transaction, after a backup of the file as it was.
    /// Returns (added, updated).
    pub fn import_members(&mut self, p: &Preview) -> super::Result<(usize, usize)> {
        if p.add.is_empty() && p.update.is_empty() {
            return Ok((0, 0));
        }
        if self.path().is_some() {
            self.backup_before(super::backup::Kind::Import)?;
        }
        // One undo step, with the records' start date a first member fixes.
        let changed = self.one_step(|s| {
            if !p.add.is_empty() {
                s.first_member_fixes_records_from()?;
            }
            let today = s.today();
            Ok(s.store_mut().write(|tx| {
                // Rows another window made stale since the preview: members to update that it
                // changed, and rows to add whose person (same name and birth date) it added.
                if changelog::latest_of_table(tx, MEMBER)? != p.members_seen.0 {
                    let now = changelog::latest_ids(tx, MEMBER)?;
                    let version = |id: &i64| now.get(id).copied().unwrap_or(0);
                    let mut changed: Vec<String> = p
                        .update
                        .iter()
                        .filter(|(id, _, seen)| version(id) != seen.0)
                        .map(|(_, d, _)| d.name.to_string())
                        .collect();
                    let added: std::collections::HashSet<(String, chrono::NaiveDate)> =
                        crate::store::members::list(tx)?
                            .into_iter()
                            .filter(|m| version(&m.id) > p.members_seen.0)
                            .map(|m| (m.draft.name.to_string(), m.draft.birth_date))
                            .collect();
                    changed.extend(
                        p.add
                            .iter()
                            .filter(|d| added.contains(&(d.name.to_string(), d.birth_date)))
                            .map(|d| d.name.to_string()),
                    );
                    if !changed.is_empty() {
                        return Ok(changed);
                    }
                }
                crate::store::members::insert_many(tx, &p.add, today)?;
                for (id, d, _) in &p.update {
                    crate::store::members::update(tx, *id, d)?;
                }
                Ok(Vec::new())
            })?)
        })?;
        if !changed.is_empty() {
            return Err(super::ServiceError::Refused(stale(&changed)));
        }
        Ok((p.add.len(), p.update.len()))
    }
}

/// The change-log table of members.
const MEMBER: &str = "member";

/// Why nothing was imported: who changed since the preview, and what to do.
fn stale(names: &[String]) -> Problem {
    const SHOWN: usize = 5;
    let list = |sep: &str| {
        let mut s = names.iter().take(SHOWN).cloned().collect::<Vec<_>>().join(sep);
        if names.len() > SHOWN {
            s += if sep == "、" { "等" } else { ", ..." };
        }
        s
    };
    Problem::Text {
        zh: format!(
            "未导入：预览之后另一个窗口修改了 {}（共 {} 人）；请重新导入，按最新内容预览",
            list("、"),
            names.len()
        ),
        en: format!(
            "nothing imported: another window changed {} ({} in all) since the preview; import again to preview the current records",
            list(", "),
            names.len()
        ),
    }
}
