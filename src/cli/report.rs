//! `zhibu report ...`: the same figures as the tabs, as a table for people or CSV/JSON for
//! scripts. CSV starts with a UTF-8 BOM so that Excel on Chinese Windows reads it.

use std::io::Read as _;
use std::path::Path;

use anyhow::anyhow;

use clap::{Subcommand, ValueEnum};
use serde_json::json;

use crate::domain::dates;
use crate::domain::lang::Lang;
use crate::domain::meeting::MeetingStatus;
use crate::domain::outbound;
use crate::domain::study::Standing;
use crate::service::Service;
use crate::service::study::{StudyOverview, StudyRow};
use serde::Serialize;

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Table,
    Csv,
    Json,
}

/// What each report of a year takes.
#[derive(clap::Args)]
pub struct Yearly {
    /// The year (default: this year).
    #[arg(long, value_parser = clap::value_parser!(i32).range(1900..=2199))]
    pub year: Option<i32>,
    /// table (default), csv or json.
    #[arg(long, value_enum, default_value = "table")]
    pub format: Format,
    /// Write to this file (text and CSV as UTF-8 with a BOM) instead of printing.
    #[arg(long, value_name = "FILE")]
    pub out: Option<std::path::PathBuf>,
}

#[derive(Subcommand)]
pub enum Report {
    /// Study time per member for a year (the 学习 tab).
    Study(Yearly),
    /// The year's meetings with attendance counts (the 三会一课 tab).
    Meetings(Yearly),
    /// 党费: the month grid of a year with totals (the 党费 tab).
    Dues(Yearly),
    /// Members' pledges of a year (the 承诺 tab).
    Pledges(Yearly),
    /// Contact and service records of a year (the 承诺 tab's service view).
    Service(Yearly),
    /// Members away touching a year: the year-end list for the committee above (the 流动 tab).
    Mobile(Yearly),
    /// Incoming mobile members touching a year, with the meetings each attended: for their
    /// certificates and their home branches (the 流动 tab's 流入 view).
    Incoming(Yearly),
    /// Democratic evaluation per member: grade, talk, rectification items (the 评议 tab).
    Evaluation(Yearly),
    /// The year's 谈心谈话 log.
    Talks(Yearly),
    /// What is overdue or due soon (the 待办 tab).
    Overdue {
        /// table (default), csv or json.
        #[arg(long, value_enum, default_value = "table")]
        format: Format,
        /// Write to this file (text and CSV as UTF-8 with a BOM) instead of printing.
        #[arg(long, value_name = "FILE")]
        out: Option<std::path::PathBuf>,
        /// Exit with status 1 when any finding of this severity exists (for a scheduled task).
        #[arg(long, value_enum)]
        fail_on: Option<FailOn>,
    },
    /// The roster with 党龄 and status (the 党员 tab).
    Members {
        /// Include archived members (transferred out, deceased, other).
        #[arg(long)]
        all: bool,
        /// table (default), csv or json.
        #[arg(long, value_enum, default_value = "table")]
        format: Format,
        /// Write to this file (text and CSV as UTF-8 with a BOM) instead of printing.
        #[arg(long, value_name = "FILE")]
        out: Option<std::path::PathBuf>,
    },
    /// 光荣在党50年: members whose 党龄 reaches 50 years in the year, and whether the list was reported.
    Honours(Yearly),
}

impl Report {
    /// The file given with `--out`, if any: every report takes one.
    pub fn out(&self) -> Option<&Path> {
        use Report::*;
        match self {
            Study(y) | Meetings(y) | Dues(y) | Pledges(y) | Service(y) | Mobile(y) | Incoming(y) | Evaluation(y)
            | Talks(y) | Honours(y) => y.out.as_deref(),
            Overdue { out, .. } | Members { out, .. } => out.as_deref(),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    Overdue,
}

/// Rows of text with a header, printed as an aligned table or as CSV.
pub struct Grid {
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

impl Grid {
    /// An aligned table for a terminal, with control and bidi characters removed, lines ended
    /// with `eol`.
    pub fn table(&self, eol: &str) -> String {
        use unicode_width::UnicodeWidthStr;
        // Cells are borrowed unless they hold something to remove; each width is measured once.
        let lines: Vec<Vec<(std::borrow::Cow<str>, usize)>> = std::iter::once(&self.header)
            .chain(&self.rows)
            .map(|r| {
                r.iter()
                    .map(|c| {
                        let c = outbound::clean(c);
                        let w = c.width();
                        (c, w)
                    })
                    .collect()
            })
            .collect();
        let mut w = vec![0usize; self.header.len()];
        for r in &lines {
            for (i, (_, cw)) in r.iter().enumerate() {
                w[i] = w[i].max(*cw);
            }
        }
        let mut out = String::with_capacity(lines.len() * (w.iter().sum::<usize>() + 2 * w.len() + eol.len()));
        for r in &lines {
            let start = out.len();
            for (i, (c, cw)) in r.iter().enumerate() {
                if i > 0 {
                    out.push_str("  ");
                }
                out.push_str(c);
                out.extend(std::iter::repeat_n(' ', w[i].saturating_sub(*cw)));
            }
            // No spaces at the end of a line.
            let end = out[start..].trim_end().len();
            out.truncate(start + end);
            out.push_str(eol);
        }
        out
    }

    /// CSV for Excel and WPS after a BOM, records ended with `eol` (`\n` or `\r\n`), every cell
    /// through `outbound::spreadsheet_cell`.
    pub fn csv(&self, eol: &str) -> String {
        let terminator = if eol == "\r\n" { csv::Terminator::CRLF } else { csv::Terminator::Any(b'\n') };
        let mut wtr = csv::WriterBuilder::new().terminator(terminator).from_writer(Vec::new());
        for r in std::iter::once(&self.header).chain(&self.rows) {
            let _ = wtr.write_record(r.iter().map(|c| outbound::spreadsheet_cell(c)));
        }
        let body = wtr.into_inner().map(|b| String::from_utf8_lossy(&b).into_owned()).unwrap_or_default();
        format!("\u{feff}{body}")
    }
}

/// The report as text in the chosen format, lines ended with `eol`.
pub fn render(format: Format, grid: &Grid, json: &serde_json::Value, eol: &str) -> String {
    match format {
        Format::Table => grid.table(eol),
        Format::Csv => grid.csv(eol),
        Format::Json => {
            let text = serde_json::to_string_pretty(json).unwrap_or_default();
            format!("{}{eol}", text.replace('\n', eol))
        }
    }
}

/// Prints a report. A closed pipe (`zhibu report study | head`) is not an error.
pub fn print(format: Format, grid: &Grid, json: &serde_json::Value) -> std::io::Result<()> {
    use std::io::Write;
    let text = render(format, grid, json, "\n");
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|_| out.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        r => r,
    }
}

/// What `--out FILE` writes: text and CSV as UTF-8 with a BOM, so that Notepad and `type` on a
/// Chinese Windows (code page 936) read them as UTF-8; CRLF line ends on Windows. JSON stays
/// plain UTF-8 (a BOM is not allowed in JSON).
pub fn file_text(format: Format, grid: &Grid, json: &serde_json::Value) -> String {
    let eol = if cfg!(windows) { "\r\n" } else { "\n" };
    let text = render(format, grid, json, eol);
    match format {
        Format::Table => format!("\u{feff}{text}"),
        Format::Csv | Format::Json => text, // CSV has its BOM already
    }
}

/// Refuses an `--out` that would overwrite a database (the one reported on, or any other
/// SQLite file) or whose folder does not exist, before any work is done.
pub fn check_out(out: Option<&Path>, db: &Path, lang: Lang) -> anyhow::Result<()> {
    let Some(out) = out else { return Ok(()) };
    let same = |a: &Path, b: &Path| matches!((a.canonicalize(), b.canonicalize()), (Ok(x), Ok(y)) if x == y);
    let mut head = [0u8; 16];
    let is_sqlite = std::fs::File::open(out).and_then(|mut f| f.read_exact(&mut head)).is_ok()
        && head.starts_with(b"SQLite format 3\0");
    if same(out, db) || is_sqlite {
        return Err(anyhow!(match lang {
            Lang::Zh => format!("{} 是数据库文件，报表不会覆盖它；请换一个文件名", out.display()),
            Lang::En => format!("{} is a database; a report never overwrites one: choose another name", out.display()),
        }));
    }
    if out.is_dir() {
        return Err(anyhow!(match lang {
            Lang::Zh => format!("{} 是文件夹；--out 需要一个文件名", out.display()),
            Lang::En => format!("{} is a folder; --out needs a file name", out.display()),
        }));
    }
    let folder = out.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    if !folder.is_dir() {
        return Err(anyhow!(match lang {
            Lang::Zh => format!("文件夹 {} 不存在", folder.display()),
            Lang::En => format!("the folder {} does not exist", folder.display()),
        }));
    }
    Ok(())
}

/// Writes a report file whole: to a temporary file beside it, then renamed over it, so a
/// failure never leaves half a report.
pub fn write_file(out: &Path, text: &str, lang: Lang) -> anyhow::Result<()> {
    write_file_with(out, lang, |w| w.write_all(text.as_bytes()))
}

/// As [`write_file`], the text written by `write` as it goes.
fn write_file_with(
    out: &Path,
    lang: Lang,
    write: impl FnOnce(&mut dyn std::io::Write) -> std::io::Result<()>,
) -> anyhow::Result<()> {
    let name = out.file_name().and_then(|n| n.to_str()).unwrap_or("report");
    let tmp = out.with_file_name(format!(".{name}.tmp-{}", std::process::id()));
    let written = std::fs::File::create(&tmp)
        .and_then(|f| {
            let mut w = std::io::BufWriter::new(f);
            write(&mut w)?;
            w.into_inner().map(drop).map_err(|e| e.into_error())
        })
        .and_then(|_| std::fs::rename(&tmp, out));
    written.map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        anyhow!(match lang {
            Lang::Zh => format!("无法写入 {}：{e}", out.display()),
            Lang::En => format!("cannot write {}: {e}", out.display()),
        })
    })
}

/// Writes JSON made by `json` to `out` (as [`file_text`] would: CRLF line ends on Windows) or
/// to standard output, as it is made: nothing holds the whole text.
pub fn write_json(
    out: Option<&Path>,
    lang: Lang,
    json: impl FnOnce(&mut dyn std::io::Write) -> serde_json::Result<()>,
) -> anyhow::Result<()> {
    use std::io::Write;
    let eol: &[u8] = if cfg!(windows) { b"\r\n" } else { b"\n" };
    let write = |w: &mut dyn Write| -> std::io::Result<()> {
        json(w).map_err(std::io::Error::from)?;
        w.write_all(b"\n")?;
        w.flush()
    };
    match out {
        Some(out) => write_file_with(out, lang, |w| write(&mut Eol { inner: w, eol })),
        None => {
            let mut w = std::io::BufWriter::new(std::io::stdout().lock());
            match write(&mut w) {
                // A reader that stopped early (`| head`) is not an error.
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
                r => Ok(r?),
            }
        }
    }
}

/// Writes `eol` for every `\n` (JSON text has no other line break: one inside a string is
/// written `\n`).
struct Eol<'a> {
    inner: &'a mut dyn std::io::Write,
    eol: &'a [u8],
}

impl std::io::Write for Eol<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.eol == b"\n" {
            return self.inner.write(buf);
        }
        for (i, line) in buf.split(|&b| b == b'\n').enumerate() {
            if i > 0 {
                self.inner.write_all(self.eol)?;
            }
            self.inner.write_all(line)?;
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

/// The 学习 tab's figures as a table (or CSV) for people.
pub fn study_grid(ov: &StudyOverview, lang: Lang) -> Grid {
    let u = ov.unit;
    let unit = u.name(lang);
    let header = match lang {
        Lang::Zh => vec![
            "编号",
            "姓名",
            "党小组",
            "单位类别",
            &format!("目标({unit})"),
            &format!("已完成({unit})"),
            &format!("应完成({unit})"),
            &format!("差额({unit})"),
            "缺席次数",
            "状态",
        ]
        .into_iter()
        .map(str::to_string)
        .collect(),
        Lang::En => vec![
            "number",
            "name",
            "group",
            "unit",
            &format!("target ({unit})"),
            &format!("done ({unit})"),
            &format!("due now ({unit})"),
            &format!("short ({unit})"),
            "absences",
            "standing",
        ]
        .into_iter()
        .map(str::to_string)
        .collect(),
    };
    let num = |m: i64| format!("{}", (u.value(m) * 10.0).round() / 10.0);
    let rows = ov
        .rows
        .iter()
        .map(|r| {
            let st = &r.status;
            let has = st.target_min.is_some();
            vec![
                r.number.clone(),
                r.name.clone(),
                r.group.clone().unwrap_or_default(),
                r.unit_category.label(lang).to_string(),
                st.target_min.map(num).unwrap_or_default(),
                num(st.credited_min),
                if has { num(st.expected_min) } else { String::new() },
                if has { num(st.shortfall_min) } else { String::new() },
                r.absences.to_string(),
                match st.standing {
                    Standing::Exempt => {
                        format!("{} {}{}", st.standing.label(lang), r.home_deliveries, lang.pick("次", "x"))
                    }
                    s => s.label(lang).to_string(),
                },
            ]
        })
        .collect();
    Grid { header, rows }
}

/// The 学习 tab's figures as JSON for scripts, written row by row: a large branch's report is
/// never held in memory whole. The keys are in alphabetical order, as they always were.
pub fn study_json(ov: &StudyOverview, w: &mut dyn std::io::Write) -> serde_json::Result<()> {
    use crate::domain::settings::RuleSet;

    #[derive(Serialize)]
    struct Report<'a> {
        minutes_per_unit: i64,
        #[serde(serialize_with = "rows")]
        rows: &'a [StudyRow],
        rule_set: &'static str,
        unit: &'static str,
        year: i32,
    }
    #[derive(Serialize)]
    struct Row<'a> {
        absences: u32,
        credited_min: i64,
        expected_min: i64,
        group: &'a Option<String>,
        home_deliveries: u32,
        member_id: i64,
        name: &'a str,
        number: &'a str,
        shortfall_min: i64,
        standing: &'static str,
        target_min: Option<i64>,
        unit_category: &'static str,
    }
    fn rows<S: serde::Serializer>(rows: &&[StudyRow], s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(rows.iter().map(|r| Row {
            absences: r.absences,
            credited_min: r.status.credited_min,
            expected_min: r.status.expected_min,
            group: &r.group,
            home_deliveries: r.home_deliveries,
            member_id: r.member_id,
            name: &r.name,
            number: &r.number,
            shortfall_min: r.status.shortfall_min,
            standing: standing_id(r.status.standing),
            target_min: r.status.target_min,
            unit_category: r.unit_category.id(),
        }))
    }
    let report = Report {
        minutes_per_unit: ov.unit.minutes(),
        rows: &ov.rows,
        rule_set: ov.unit.rule_set.id(),
        unit: match ov.unit.rule_set {
            RuleSet::Seed2006 => "days",
            RuleSet::Jy2019 => "hours",
        },
        year: ov.year,
    };
    serde_json::to_writer_pretty(w, &report)
}

pub fn standing_id(s: Standing) -> &'static str {
    match s {
        Standing::Exempt => "exempt",
        Standing::Met => "met",
        Standing::OnTrack => "on_track",
        Standing::Behind => "behind",
        Standing::Short => "short",
        Standing::Away => "away",
    }
}

pub fn meetings(
    service: &Service,
    year: i32,
    lang: Lang,
    format: Format,
) -> crate::service::Result<(Grid, serde_json::Value)> {
    let items = service.meetings_in_year(year)?;
    let u = crate::domain::study::CreditUnit::of(service.settings());
    let header: Vec<String> = match lang {
        Lang::Zh => ["日期", "状态", "类型", "议题", "主持人", "应到", "实到", "请假", "缺席", "外出", "学时"]
            .map(String::from)
            .to_vec(),
        Lang::En => {
            ["date", "status", "kinds", "topic", "host", "expected", "in", "excused", "absent", "away", "credit"]
                .map(String::from)
                .to_vec()
        }
    };
    let rows = items
        .iter()
        .map(|i| {
            let s = &i.summary;
            let held = s.status == MeetingStatus::Held;
            let n = |v: u32| if held { v.to_string() } else { String::new() };
            vec![
                dates::fmt(s.date),
                s.status.label(lang).to_string(),
                s.kinds.iter().map(|k| k.label(lang)).collect::<Vec<_>>().join("+"),
                s.topic.clone(),
                i.host.clone().unwrap_or_default(),
                n(s.expected),
                n(s.in_room),
                n(s.excused),
                n(s.absent),
                n(s.away),
                u.format(s.credit_min, lang),
            ]
        })
        .collect();
    // Built only for JSON: a large branch's tree of values is many times its text.
    let json = if format == Format::Json {
        json!({
            "year": year,
            "meetings": items.iter().map(|i| {
                let s = &i.summary;
                json!({
                    "id": s.id,
                    "date": dates::fmt(s.date),
                    "status": s.status.id(),
                    "kinds": s.kinds.iter().map(|k| k.id()).collect::<Vec<_>>(),
                    "topic": s.topic,
                    "host": i.host,
                    "group": i.group,
                    "expected": s.expected,
                    "in_room": s.in_room,
                    "excused": s.excused,
                    "absent": s.absent,
                    "away": s.away,
                    "credit_min": s.credit_min,
                })
            }).collect::<Vec<_>>(),
        })
    } else {
        serde_json::Value::Null
    };
    Ok((Grid { header, rows }, json))
}

/// The findings as the 待办 tab lists them (same order).
pub fn overdue(service: &Service, lang: Lang) -> crate::service::Result<(Grid, serde_json::Value, usize)> {
    use crate::domain::rules::{Severity, Subject};
    let o = service.overdue()?;
    let names: crate::domain::ids::IdMap<i64, String> =
        service.members()?.into_iter().map(|m| (m.id, m.draft.name.into())).collect();
    let groups: crate::domain::ids::IdMap<i64, String> =
        service.groups()?.into_iter().map(|g| (g.id, g.name)).collect();
    let subject = |s: Subject| match s {
        Subject::Branch => lang.pick("支部", "branch").to_string(),
        Subject::Group(g) => groups.get(&g).cloned().unwrap_or_default(),
        Subject::Member(m) => names.get(&m).cloned().unwrap_or_default(),
    };
    let header: Vec<String> = match lang {
        Lang::Zh => ["状态", "到期日", "类别", "对象", "说明"].map(String::from).to_vec(),
        Lang::En => ["state", "due", "kind", "subject", "what"].map(String::from).to_vec(),
    };
    let list = crate::domain::rules::grouped(&o.findings);
    let rows = list
        .iter()
        .map(|f| {
            vec![
                f.severity.label(lang).to_string(),
                dates::fmt(f.due),
                f.rule.label(lang).to_string(),
                subject(f.subject),
                f.message(lang).to_string(),
            ]
        })
        .collect();
    let json = json!({
        "today": dates::fmt(service.today()),
        "overdue": o.count(Severity::Overdue),
        "due_soon": o.count(Severity::DueSoon),
        "findings": list.iter().map(|f| json!({
            "rule": f.rule.id(),
            "source": f.rule.source(),
            "severity": f.severity.id(),
            "subject": f.subject,
            "subject_name": subject(f.subject),
            "due": dates::fmt(f.due),
            "message": f.message(lang),
        })).collect::<Vec<_>>(),
    });
    Ok((Grid { header, rows }, json, o.count(Severity::Overdue)))
}

/// The roster (`report members`): active members, or everyone with `all`, by number; 党龄 as of
/// today by the rules of each member's era (docs/rules.md 入党时间与党龄).
pub fn members(
    service: &Service,
    all: bool,
    lang: Lang,
    format: Format,
) -> crate::service::Result<(Grid, serde_json::Value)> {
    use crate::domain::era::{Era, party_age, standing_from};
    let today = service.today();
    let mut items: Vec<_> = service.member_items()?.into_iter().filter(|i| all || !i.member.is_archived()).collect();
    items.sort_by(|a, b| a.member.number.cmp(&b.member.number));
    let header: Vec<String> = match lang {
        Lang::Zh => ["编号", "姓名", "性别", "出生日期", "党小组", "状态", "入党日期", "转正日期", "党龄", "工作单位"]
            .map(String::from)
            .to_vec(),
        Lang::En => {
            ["number", "name", "gender", "born", "group", "status", "admitted", "converted", "standing", "work unit"]
                .map(String::from)
                .to_vec()
        }
    };
    let status = |m: &crate::domain::member::Member| match &m.archive {
        Some(a) => format!("{}{} {}", lang.pick("已归档：", "archived: "), a.reason.label(lang), dates::fmt(a.date)),
        None => m.draft.status.label(lang).to_string(),
    };
    let rows = items
        .iter()
        .map(|i| {
            let d = &i.member.draft;
            vec![
                i.member.number.to_string(),
                d.name.to_string(),
                d.gender.label(lang).to_string(),
                dates::fmt(d.birth_date),
                i.group.clone().unwrap_or_default(),
                status(&i.member),
                dates::fmt(d.admission_date),
                dates::fmt_opt(d.conversion_date),
                crate::domain::era::party_age_text(d, today),
                d.work_unit.to_string(),
            ]
        })
        .collect();
    // Built only for JSON: a large branch's tree of values is many times its text.
    let json = if format == Format::Json {
        json!({
            "today": dates::fmt(today),
            "members": items.iter().map(|i| {
                let (m, d) = (&i.member, &i.member.draft);
                json!({
                    "id": m.id,
                    "number": m.number,
                    "name": d.name,
                    "gender": d.gender.id(),
                    "birth_date": dates::fmt(d.birth_date),
                    "group": i.group,
                    "status": d.status.id(),
                    "archived": m.archive.as_ref().map(|a| json!({"reason": a.reason.id(), "date": dates::fmt(a.date)})),
                    "admission_date": dates::fmt(d.admission_date),
                    "conversion_date": d.conversion_date.map(dates::fmt),
                    "era": Era::of(d.admission_date).map(|e| e.id()),
                    "standing_from": standing_from(d).map(dates::fmt),
                    "party_age": party_age(d, today),
                    "work_unit": d.work_unit,
                    "unit_category": d.unit_category.id(),
                })
            }).collect::<Vec<_>>(),
        })
    } else {
        serde_json::Value::Null
    };
    Ok((Grid { header, rows }, json))
}

/// 光荣在党50年 for `year` (`report honours`): the list, and a line saying whether it was reported.
pub fn honours(service: &Service, year: i32, lang: Lang) -> crate::service::Result<(Grid, serde_json::Value, String)> {
    let list = service.honours(year)?;
    let header: Vec<String> = match lang {
        Lang::Zh => ["编号", "姓名", "党小组", "入党日期", "党龄起算日"].map(String::from).to_vec(),
        Lang::En => ["number", "name", "group", "admitted", "standing from"].map(String::from).to_vec(),
    };
    let rows = list
        .rows
        .iter()
        .map(|r| {
            vec![
                r.number.clone(),
                r.name.clone(),
                r.group.clone().unwrap_or_default(),
                dates::fmt(r.admission_date),
                dates::fmt(r.standing_from),
            ]
        })
        .collect();
    let n = list.rows.len();
    let footer = match (&list.report, lang) {
        (Some(r), Lang::Zh) => format!("{year}年光荣在党50年：{n} 人；名单已于 {} 上报", dates::fmt(r.reported_on)),
        (Some(r), Lang::En) => format!("{year} 50-years list: {n}; reported on {}", dates::fmt(r.reported_on)),
        (None, Lang::Zh) => format!("{year}年光荣在党50年：{n} 人；尚未记录上报日期"),
        (None, Lang::En) => format!("{year} 50-years list: {n}; no report date recorded"),
    };
    let json = json!({
        "year": year,
        "reported_on": list.report.as_ref().map(|r| dates::fmt(r.reported_on)),
        "report_note": list.report.as_ref().map(|r| r.note.clone()),
        "members": list.rows.iter().map(|r| json!({
            "member_id": r.member_id,
            "number": r.number,
            "name": r.name,
            "group": r.group,
            "admission_date": dates::fmt(r.admission_date),
            "standing_from": dates::fmt(r.standing_from),
        })).collect::<Vec<_>>(),
    });
    Ok((Grid { header, rows }, json, footer))
}
