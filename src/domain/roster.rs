//! Reading a roster spreadsheet (党员名册) row by row: which column is which field, dates in
//! every form Excel produces, and each row turned into a member draft or a list of problems
//! named by Excel row and column header.

use chrono::{Days, NaiveDate};

use super::dates::{DateInputError, ascii_digits};
use super::lang::Lang;
use super::member::{Gender, MemberDraft, MemberStatus, PartyGroup, UnitCategory, field, validate_member};
use super::validation::Problem;

/// One cell as read from a workbook or a CSV file.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    Number(f64),
    /// A cell formatted as a date in the workbook.
    Date(NaiveDate),
}

impl Cell {
    /// The cell as text, as a person reads it.
    pub fn text(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(s) => s.trim().to_string(),
            Cell::Number(n) if n.fract() == 0.0 && n.abs() < 1e15 => format!("{}", *n as i64),
            Cell::Number(n) => n.to_string(),
            Cell::Date(d) => d.to_string(),
        }
    }

    fn is_empty(&self) -> bool {
        self.text().is_empty()
    }
}

/// The fields a roster column can fill.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Col {
    Number,
    Name,
    Gender,
    Ethnicity,
    Birth,
    Admission,
    Conversion,
    Status,
    WorkUnit,
    UnitCategory,
    Phone,
    Group,
    Notes,
    /// 离开支部: the day and reason a member left, as zhibu's own roster export writes it. Not a
    /// field of the member: a row with it is a member who left, never imported as one in the
    /// branch (`Service::preview_table`).
    Left,
}

/// Header texts per field: the national 党员管理信息系统's export and common hand-made variants.
const HEADERS: &[(Col, &[&str])] = &[
    (Col::Number, &["党员编号", "编号"]),
    (Col::Name, &["姓名", "党员姓名", "名字"]),
    (Col::Gender, &["性别"]),
    (Col::Ethnicity, &["民族"]),
    (Col::Birth, &["出生日期", "出生年月", "出生年月日", "生日"]),
    (Col::Admission, &["入党日期", "加入党组织日期", "入党时间", "加入党组织时间"]),
    (Col::Conversion, &["转正日期", "转为正式党员日期", "转正时间"]),
    (Col::Status, &["人员类别", "党员类型", "党员类别", "党籍状态", "状态"]),
    (Col::WorkUnit, &["工作单位", "单位", "工作单位及职务", "所在单位"]),
    (Col::UnitCategory, &["单位类别", "单位性质"]),
    (Col::Phone, &["联系电话", "手机号码", "手机号", "电话", "联系方式", "手机"]),
    (Col::Group, &["所在党小组", "党小组"]),
    (Col::Notes, &["备注"]),
    (Col::Left, &["离开支部"]),
];

/// The columns without which no row can become a member.
pub const REQUIRED: &[Col] = &[Col::Name, Col::Gender, Col::Birth, Col::Ethnicity, Col::Admission];

impl Col {
    /// The field's usual header, for messages.
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (c, Lang::Zh) => HEADERS.iter().find(|(k, _)| *k == c).map(|(_, v)| v[0]).unwrap_or(""),
            (Col::Number, Lang::En) => "number",
            (Col::Name, Lang::En) => "name",
            (Col::Gender, Lang::En) => "gender",
            (Col::Ethnicity, Lang::En) => "ethnicity",
            (Col::Birth, Lang::En) => "birth date",
            (Col::Admission, Lang::En) => "admission date",
            (Col::Conversion, Lang::En) => "conversion date",
            (Col::Status, Lang::En) => "status",
            (Col::WorkUnit, Lang::En) => "work unit",
            (Col::UnitCategory, Lang::En) => "unit category",
            (Col::Phone, Lang::En) => "phone",
            (Col::Group, Lang::En) => "party group",
            (Col::Notes, Lang::En) => "notes",
            (Col::Left, Lang::En) => "left the branch",
        }
    }

    /// The column a member form field is read from.
    fn of_field(f: &str) -> Option<Col> {
        use field::*;
        Some(match f {
            NAME => Col::Name,
            GENDER => Col::Gender,
            BIRTH => Col::Birth,
            ETHNICITY => Col::Ethnicity,
            PHONE => Col::Phone,
            WORK_UNIT => Col::WorkUnit,
            UNIT_CATEGORY => Col::UnitCategory,
            GROUP => Col::Group,
            STATUS => Col::Status,
            ADMISSION => Col::Admission,
            CONVERSION => Col::Conversion,
            NOTES => Col::Notes,
            _ => return None,
        })
    }
}

/// The field a header names: spaces, a leading `*` (required mark) and a bracketed note such
/// as `出生日期（年月日）` are ignored.
pub fn match_header(text: &str) -> Option<Col> {
    let t: String = ascii_digits(text).chars().filter(|c| !c.is_whitespace() && *c != '*').collect();
    let t = t.split(['(', '（']).next().unwrap_or("");
    HEADERS.iter().find(|(_, names)| names.contains(&t)).map(|(c, _)| *c)
}

/// The header row found in a sheet: its index, and the field of each column.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Header {
    pub row: usize,
    pub cols: Vec<Option<Col>>,
    /// Headers that name no field, ignored.
    pub unmatched: Vec<String>,
}

/// The first row among the first 30 that names 姓名 and at least two other fields: exports
/// have title rows (merged across the sheet) above the header.
pub fn find_header(rows: &[Vec<Cell>]) -> Option<Header> {
    rows.iter().take(30).enumerate().find_map(|(i, r)| {
        let cols: Vec<Option<Col>> = r.iter().map(|c| match_header(&c.text())).collect();
        let n = cols.iter().flatten().count();
        if !cols.contains(&Some(Col::Name)) || n < 3 {
            return None;
        }
        let unmatched =
            r.iter().zip(&cols).filter(|(c, k)| k.is_none() && !c.is_empty()).map(|(c, _)| c.text()).collect();
        Some(Header { row: i, cols, unmatched })
    })
}

/// A date from a serial number of Excel's 1900 date system (1 is 1900-01-01; Excel counts a
/// 1900-02-29 that never was, so serials from 61 on are one day ahead of a plain count).
pub fn excel_serial(n: f64) -> Option<NaiveDate> {
    if !(1.0..=2_958_465.0).contains(&n) {
        return None;
    }
    let days = n.trunc() as u64;
    let base = if days >= 61 { NaiveDate::from_ymd_opt(1899, 12, 30)? } else { NaiveDate::from_ymd_opt(1899, 12, 31)? };
    base.checked_add_days(Days::new(days))
}

/// A date cell in any form Excel or a person produces: a date cell, a serial number,
/// `1990-01-05`, `1990/1/5`, `1990.01.05`, `19900105`, `1990年1月5日`, `1990年1月` (the first
/// of the month, as the national system exports 出生年月). Empty is `None`.
pub fn date_cell(c: &Cell) -> Result<Option<NaiveDate>, DateInputError> {
    match c {
        Cell::Empty => Ok(None),
        Cell::Date(d) => Ok(Some(*d)),
        Cell::Number(n) if (19_000_101.0..=21_991_231.0).contains(n) => date_text(&format!("{}", *n as i64)).map(Some),
        Cell::Number(n) => excel_serial(*n).map(Some).ok_or(DateInputError::Format),
        Cell::Text(s) if s.trim().is_empty() => Ok(None),
        Cell::Text(s) => date_text(s).map(Some),
    }
}

fn date_text(s: &str) -> Result<NaiveDate, DateInputError> {
    let s = ascii_digits(s);
    // A date-time as text ("1990-01-05 00:00:00"): the date part.
    let s = s.trim().split([' ', 'T']).next().unwrap_or("");
    let s = s.replace(['年', '月'], "-").replace('日', "");
    let s = s.trim_end_matches('-');
    let parts: Vec<&str> = s.split(['-', '/', '.']).collect();
    if parts.iter().any(|p| p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit())) {
        return Err(DateInputError::Format);
    }
    let num = |p: &str| p.parse::<u32>().map_err(|_| DateInputError::Format);
    let (y, m, d) = match parts.as_slice() {
        [p] if p.len() == 8 => (num(&p[0..4])?, num(&p[4..6])?, num(&p[6..8])?),
        [p] if p.len() == 6 => (num(&p[0..4])?, num(&p[4..6])?, 1),
        [y, m] if y.len() == 4 => (num(y)?, num(m)?, 1),
        [y, m, d] if y.len() == 4 => (num(y)?, num(m)?, num(d)?),
        _ => return Err(DateInputError::Format),
    };
    if !(1900..=2199).contains(&y) {
        return Err(DateInputError::Format);
    }
    NaiveDate::from_ymd_opt(y as i32, m, d).ok_or(DateInputError::NoSuchDay)
}

/// One problem of one row, named as the user sees the sheet.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RowProblem {
    /// The Excel row number (1-based, as shown at the sheet's left edge).
    pub row: usize,
    pub col: Option<Col>,
    /// The cell as read, empty when the problem is the cell being empty.
    pub value: String,
    pub problem: Problem,
}

impl RowProblem {
    /// `第 12 行 出生日期：2026-02-30 没有这一天`.
    pub fn text(&self, lang: Lang) -> String {
        let col = self.col.map(|c| c.label(lang)).unwrap_or_default();
        let value = if self.value.is_empty() { String::new() } else { format!("{} ", self.value) };
        let p = self.problem.text(lang);
        match lang {
            Lang::Zh => format!("第 {} 行 {col}：{value}{p}", self.row),
            Lang::En => format!("row {} {col}: {value}{p}", self.row),
        }
    }
}

/// Reads one data row into a member draft. `base` is the stored member the row updates, whose
/// values stand for the columns the sheet lacks; a new member takes 其他 as unit category when
/// the sheet has none (the lower study target: the rules then ask less, not more).
pub fn read_row(
    row: usize,
    cells: &[Cell],
    header: &Header,
    groups: &[PartyGroup],
    base: Option<&MemberDraft>,
    today: NaiveDate,
) -> Result<MemberDraft, Vec<RowProblem>> {
    let cell = |c: Col| header.cols.iter().position(|k| *k == Some(c)).and_then(|i| cells.get(i));
    let has = |c: Col| header.cols.contains(&Some(c));
    let mut problems = Vec::new();
    let mut bad =
        |c: Col, value: String, problem: Problem| problems.push(RowProblem { row, col: Some(c), value, problem });
    let text = |c: Col| cell(c).map(Cell::text).unwrap_or_default();

    let date = |c: Col, bad: &mut dyn FnMut(Col, String, Problem)| match cell(c).map(date_cell) {
        None | Some(Ok(None)) => None,
        Some(Ok(Some(d))) => Some(d),
        Some(Err(e)) => {
            bad(c, text(c), Problem::Date(e));
            None
        }
    };
    let birth = date(Col::Birth, &mut bad);
    let admission = date(Col::Admission, &mut bad);
    let conversion = date(Col::Conversion, &mut bad);

    let gender = match text(Col::Gender).as_str() {
        "男" | "男性" => Some(Gender::Male),
        "女" | "女性" => Some(Gender::Female),
        "" => None,
        other => {
            bad(Col::Gender, other.into(), Problem::Rule { zh: "性别应为 男 或 女", en: "must be 男 or 女" });
            None
        }
    };
    let status = match text(Col::Status).as_str() {
        "" => None,
        s if s.contains("预备") => Some(MemberStatus::Probationary),
        s if s.contains("正式") => Some(MemberStatus::Full),
        other => {
            bad(
                Col::Status,
                other.into(),
                Problem::Rule {
                    zh: "应为 正式党员 或 预备党员", en: "must be 正式党员 or 预备党员"
                },
            );
            None
        }
    };
    let category = match text(Col::UnitCategory).as_str() {
        "" => None,
        "机关" | "党政机关" => Some(UnitCategory::GovOrgan),
        "国有企业" | "国企" => Some(UnitCategory::Soe),
        "事业单位" => Some(UnitCategory::PublicInstitution),
        "其他" | "其它" => Some(UnitCategory::Other),
        other => {
            bad(
                Col::UnitCategory,
                other.into(),
                Problem::Rule {
                    zh: "应为 机关、国有企业、事业单位 或 其他",
                    en: "must be 机关, 国有企业, 事业单位 or 其他",
                },
            );
            None
        }
    };
    let group = match text(Col::Group).as_str() {
        "" => None,
        name => match groups.iter().find(|g| g.name == name) {
            Some(g) => Some(g.id),
            None => {
                bad(Col::Group, name.into(), Problem::Rule { zh: "没有这个党小组", en: "no such party group" });
                None
            }
        },
    };
    for c in [Col::Name, Col::Gender, Col::Birth, Col::Ethnicity, Col::Admission] {
        if text(c).is_empty() && (base.is_none() || has(c)) {
            bad(c, String::new(), Problem::Required);
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let keep = |c: Col, new: String, old: Option<&super::member::Text>| {
        if has(c) { new.into() } else { old.cloned().unwrap_or_default() }
    };
    let (Some(birth_date), Some(admission_date), Some(gender)) = (
        birth.or(base.map(|b| b.birth_date)),
        admission.or(base.map(|b| b.admission_date)),
        gender.or(base.map(|b| b.gender)),
    ) else {
        return Err(problems);
    };
    let conversion_date = if has(Col::Conversion) { conversion } else { base.and_then(|b| b.conversion_date) };
    let status = status.or(base.map(|b| b.status)).unwrap_or(if conversion_date.is_some() {
        MemberStatus::Full
    } else if super::member::probation_end(admission_date, 0) > today {
        MemberStatus::Probationary
    } else {
        MemberStatus::Full
    });
    let mut d = MemberDraft {
        name: keep(Col::Name, text(Col::Name), base.map(|b| &b.name)),
        gender,
        birth_date,
        ethnicity: keep(Col::Ethnicity, text(Col::Ethnicity), base.map(|b| &b.ethnicity)),
        phone: keep(Col::Phone, text(Col::Phone), base.map(|b| &b.phone)),
        work_unit: keep(Col::WorkUnit, text(Col::WorkUnit), base.map(|b| &b.work_unit)),
        unit_category: category.or(base.map(|b| b.unit_category)).unwrap_or(UnitCategory::Other),
        group_id: if has(Col::Group) { group } else { base.and_then(|b| b.group_id) },
        status,
        admission_date,
        conversion_date,
        probation_extension_months: base.map(|b| b.probation_extension_months).unwrap_or(0),
        joined_on: base.and_then(|b| b.joined_on),
        exemption: base.and_then(|b| b.exemption.clone()),
        cadre_level: base.and_then(|b| b.cadre_level),
        posts: base.map(|b| b.posts.clone()).unwrap_or_default(),
        notes: if has(Col::Notes) { text(Col::Notes) } else { base.map(|b| b.notes.clone()).unwrap_or_default() },
    };
    // A phone stored as a number cell loses nothing; one written 1.38e10 is refused below.
    d.phone = d.phone.trim().into();
    if let Err(errs) = validate_member(&d, today) {
        return Err(errs
            .into_iter()
            .map(|e| {
                let col = Col::of_field(e.field);
                let value = col.map(text).unwrap_or_default();
                RowProblem { row, col, value, problem: e.problem }
            })
            .collect());
    }
    Ok(d)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn t(s: &str) -> Cell {
        Cell::Text(s.into())
    }

    #[test]
    fn every_date_form() {
        for s in [
            "1990-01-05",
            "1990/1/5",
            "1990.01.05",
            "19900105",
            "1990年1月5日",
            "１９９０－０１－０５",
            "1990-01-05 00:00:00",
        ] {
            assert_eq!(date_cell(&t(s)), Ok(Some(d(1990, 1, 5))), "{s}");
        }
        assert_eq!(date_cell(&t("1990年1月")), Ok(Some(d(1990, 1, 1))));
        assert_eq!(date_cell(&t("1990.01")), Ok(Some(d(1990, 1, 1))));
        assert_eq!(date_cell(&Cell::Number(19900105.0)), Ok(Some(d(1990, 1, 5))));
        assert_eq!(date_cell(&Cell::Number(32878.0)), Ok(Some(d(1990, 1, 5))));
        assert_eq!(date_cell(&Cell::Date(d(1990, 1, 5))), Ok(Some(d(1990, 1, 5))));
        assert_eq!(date_cell(&t("")), Ok(None));
        assert_eq!(date_cell(&t("2026-02-30")), Err(DateInputError::NoSuchDay));
        assert_eq!(date_cell(&t("2023年2月29日")), Err(DateInputError::NoSuchDay));
        assert_eq!(date_cell(&t("2024年2月29日")), Ok(Some(d(2024, 2, 29))));
        assert_eq!(date_cell(&t("五月")), Err(DateInputError::Format));
        assert_eq!(date_cell(&t("90-1-5")), Err(DateInputError::Format));
    }

    #[test]
    fn excel_serials_around_the_1900_leap_bug() {
        assert_eq!(excel_serial(1.0), Some(d(1900, 1, 1)));
        assert_eq!(excel_serial(59.0), Some(d(1900, 2, 28)));
        assert_eq!(excel_serial(61.0), Some(d(1900, 3, 1)));
        assert_eq!(excel_serial(45_993.0), Some(d(2025, 12, 2)));
        assert_eq!(excel_serial(0.0), None);
    }

    #[test]
    fn headers_with_variants_below_title_rows() {
        let rows = vec![
            vec![t("某某党支部党员名册"), Cell::Empty, Cell::Empty],
            vec![],
            vec![t("序号"), t("姓 名"), t("*性别"), t("出生日期（年月日）"), t("加入党组织日期"), t("籍贯")],
        ];
        let h = find_header(&rows).unwrap();
        assert_eq!(h.row, 2);
        assert_eq!(
            h.cols,
            vec![None, Some(Col::Name), Some(Col::Gender), Some(Col::Birth), Some(Col::Admission), None]
        );
        assert_eq!(h.unmatched, vec!["序号", "籍贯"]);
        assert_eq!(find_header(&rows[..2]), None);
    }

    #[test]
    fn a_row_problem_names_row_column_and_value() {
        let rows = vec![vec![t("姓名"), t("性别"), t("民族"), t("出生日期"), t("入党日期"), t("转正日期")]];
        let h = find_header(&rows).unwrap();
        let today = d(2026, 11, 28);
        let row = [t("张三"), t("男"), t("汉族"), t("2026-02-30"), t("2010-07-01"), t("2011-07-01")];
        let e = read_row(12, &row, &h, &[], None, today).unwrap_err();
        assert_eq!(
            e.iter().map(|p| p.text(Lang::Zh)).collect::<Vec<_>>(),
            ["第 12 行 出生日期：2026-02-30 没有这一天"]
        );
        let row = [t("张三"), t("男"), t("汉族"), t("1990/1/5"), t("2010-07-01"), t("2010-08-01")];
        let e = read_row(13, &row, &h, &[], None, today).unwrap_err();
        assert_eq!(e[0].col, Some(Col::Conversion));
        let row = [t("张三"), t("男"), t("汉族"), t("1990/1/5"), t("2010-07-01"), t("2011-07-01")];
        let m = read_row(14, &row, &h, &[], None, today).unwrap();
        assert_eq!((m.status, m.unit_category), (MemberStatus::Full, UnitCategory::Other));
    }

    #[test]
    fn a_probationary_member_without_a_status_column() {
        let rows = vec![vec![t("姓名"), t("性别"), t("民族"), t("出生日期"), t("入党日期")]];
        let h = find_header(&rows).unwrap();
        let row = [t("李四"), t("女"), t("汉族"), t("2000-03-01"), t("2026-05-01")];
        let m = read_row(2, &row, &h, &[], None, d(2026, 11, 28)).unwrap();
        assert_eq!(m.status, MemberStatus::Probationary);
    }
}
