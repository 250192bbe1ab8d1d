//! The 学习 tab: each member's study time for a year against the target, behind-pace and
//! short marked; `Enter` lists a member's credited activities, absences and records.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::widgets::Clear;

use crate::domain::dates;
use crate::domain::lang::Lang;
use crate::domain::meeting::{StudyDraft, StudyKind, StudyRecord, field};
use crate::domain::study::{CreditUnit, Standing};
use crate::service::search::SearchKey;
use crate::service::study::{Activity, StudyRow};
use crate::service::{Service, ServiceError};
use crate::tui::app::{App, Overlay, SaveError, SaveResult};
use crate::tui::form::{Field, Form, FormKind, Opt, PickOpt};
use crate::tui::keymap::Msg;
use crate::tui::table::{Column, SortKey, TableRow, TableView, col};
use crate::tui::tabs::meetings::kinds_short;
use crate::tui::text::display_safe;
use crate::tui::theme::{Theme, Tone};

const COLUMNS: &[Column] = &[
    col(("姓名", "Name"), 10, 0),
    col(("党小组", "Group"), 10, 3),
    col(("单位类别", "Unit"), 8, 2),
    col(("目标", "Target"), 7, 0),
    col(("已完成", "Done"), 7, 0),
    col(("应完成", "Due now"), 7, 1),
    col(("差额", "Short"), 7, 0),
    col(("缺席", "Abs"), 4, 0),
    col(("状态", "Standing"), 10, 0),
];

pub struct StudyTableRow {
    row: StudyRow,
    key: SearchKey,
    cells: Vec<String>,
}

impl StudyTableRow {
    fn new(row: StudyRow, unit: CreditUnit, lang: Lang) -> StudyTableRow {
        let st = &row.status;
        let f = |m: i64| unit.format(m, lang);
        let standing = match st.standing {
            Standing::Exempt => format!("{} {}{}", st.standing.label(lang), row.home_deliveries, lang.pick("次", "x")),
            other => other.label(lang).to_string(),
        };
        let cells = vec![
            display_safe(&row.name),
            row.group.clone().unwrap_or_default(),
            row.unit_category.label(lang).to_string(),
            st.target_min.map(f).unwrap_or_else(|| lang.pick("免", "none").to_string()),
            f(st.credited_min),
            if st.target_min.is_some() { f(st.expected_min) } else { String::new() },
            if st.target_min.is_some() { f(st.shortfall_min) } else { String::new() },
            row.absences.to_string(),
            standing,
        ];
        StudyTableRow { key: SearchKey::new(&row.name, &row.number), row, cells }
    }
}

impl TableRow for StudyTableRow {
    fn id(&self) -> i64 {
        self.row.member_id
    }
    fn cell(&self, col: usize) -> &str {
        &self.cells[col]
    }
    fn sort_key(&self, col: usize) -> SortKey<'_> {
        let st = &self.row.status;
        match col {
            0 => SortKey::Text(&self.key.pinyin),
            3 => SortKey::Num(st.target_min.unwrap_or(-1)),
            4 => SortKey::Num(st.credited_min),
            5 => SortKey::Num(st.expected_min),
            6 => SortKey::Num(st.shortfall_min),
            7 => SortKey::Num(self.row.absences.into()),
            8 => SortKey::Num(st.standing as i64),
            _ => SortKey::Text(&self.cells[col]),
        }
    }
    fn matches(&self, needle: &str) -> bool {
        self.key.matches(needle)
    }
    fn tone(&self) -> Tone {
        standing_tone(self.row.status.standing)
    }
    fn marker_col(&self) -> Option<usize> {
        Some(8)
    }
}

/// Behind pace is yellow (DueSoon), short of the target red (Overdue).
pub fn standing_tone(s: Standing) -> Tone {
    match s {
        Standing::Behind => Tone::DueSoon,
        Standing::Short => Tone::Overdue,
        Standing::Exempt => Tone::Muted,
        Standing::Met => Tone::Good,
        Standing::OnTrack => Tone::Normal,
    }
}

pub struct StudyTab {
    pub year: i32,
    pub table: TableView<StudyTableRow>,
    pub behind_only: bool,
    unit: Option<CreditUnit>,
    /// What counts toward study time, and from which day the records run (docs/rules.md).
    basis: String,
}

impl StudyTab {
    pub fn new(year: i32) -> StudyTab {
        StudyTab { year, table: TableView::new(COLUMNS), behind_only: false, unit: None, basis: String::new() }
    }

    pub fn load(&mut self, service: &Service, lang: Lang) -> Result<(), ServiceError> {
        let ov = service.study_year(self.year)?;
        let behind_only = self.behind_only;
        let rows = ov
            .rows
            .into_iter()
            .filter(|r| !behind_only || matches!(r.status.standing, Standing::Behind | Standing::Short))
            .map(|r| StudyTableRow::new(r, ov.unit, lang))
            .collect();
        self.unit = Some(ov.unit);
        self.table.set_rows(rows);
        let counted = crate::domain::study::counted_summary(service.settings(), lang);
        self.basis = format!("{counted}  {}", records_start_label(service.records_start()?, lang));
        Ok(())
    }

    pub fn render(&mut self, f: &mut Frame, area: Rect, theme: &Theme, lang: Lang) {
        let unit = self.unit.map(|u| u.name(lang)).unwrap_or_default();
        let behind = self
            .table
            .rows()
            .iter()
            .filter(|r| matches!(r.row.status.standing, Standing::Behind | Standing::Short))
            .count();
        let title = match lang {
            Lang::Zh => format!(
                "{}年 集中学习（单位：{unit}）{} 落后/未达标 {behind} 人",
                self.year,
                if self.behind_only { "只看落后" } else { "" }
            ),
            Lang::En => format!(
                "Study {} (in {unit}){} behind/short: {behind}",
                self.year,
                if self.behind_only { ", behind only" } else { "" }
            ),
        };
        let table_area = Rect { height: area.height.saturating_sub(1), ..area };
        self.table.render(f, table_area, theme, lang, &title, true);
        let line = Rect { y: area.y + table_area.height, height: area.height - table_area.height, ..area };
        let text = crate::tui::text::fit(&self.basis, line.width as usize);
        f.render_widget(ratatui::widgets::Paragraph::new(text).style(theme.muted()), line);
    }
}

/// "台账自 2025-01-01 起" with "（推算）" when no start is set: shown wherever the start limits
/// what is checked (docs/rules.md).
pub fn records_start_label((from, inferred): (chrono::NaiveDate, bool), lang: Lang) -> String {
    let d = crate::domain::dates::fmt(from);
    match (lang, inferred) {
        (Lang::Zh, false) => format!("台账自 {d} 起"),
        (Lang::Zh, true) => format!("台账自 {d} 起（按最早记录推算，可在设置中确定）"),
        (Lang::En, false) => format!("records from {d}"),
        (Lang::En, true) => format!("records from {d} (inferred; set it in the settings)"),
    }
}

// ---- a member's activities ----

const ACTIVITY_COLUMNS: &[Column] = &[
    col(("日期", "Date"), 10, 0),
    col(("类型", "Kind"), 10, 0),
    col(("出勤", "Attendance"), 8, 0),
    col(("学时", "Credit"), 6, 0),
    col(("内容/原因", "Topic / reason"), 20, 0),
];

pub struct ActivityRow {
    id: i64,
    activity: Activity,
    cells: Vec<String>,
}

impl TableRow for ActivityRow {
    fn id(&self) -> i64 {
        self.id
    }
    fn cell(&self, col: usize) -> &str {
        &self.cells[col]
    }
    fn matches(&self, needle: &str) -> bool {
        self.cells.iter().any(|c| c.contains(needle))
    }
    fn tone(&self) -> Tone {
        match self.activity.attendance {
            Some(a) if !a.earns_credit() => Tone::DueSoon,
            _ => Tone::Normal,
        }
    }
}

/// A member's activities in a year, over the study tab.
pub struct ActivityPopup {
    pub member_id: i64,
    pub year: i32,
    pub title: String,
    pub table: TableView<ActivityRow>,
}

impl ActivityPopup {
    pub fn render(&mut self, f: &mut Frame, area: Rect, theme: &Theme, lang: Lang) {
        f.render_widget(Clear, area);
        self.table.render(f, area, theme, lang, &self.title, true);
    }

    pub fn selected_record(&self) -> Option<i64> {
        self.table.selected().and_then(|r| r.activity.study_record_id)
    }
}

impl App {
    fn activity_popup(&mut self, member_id: i64, year: i32) -> Option<ActivityPopup> {
        let lang = self.lang;
        let unit = CreditUnit::of(self.service.settings());
        let (member, list) = match self
            .service
            .member(member_id)
            .and_then(|m| Ok((m, self.service.member_activities(member_id, year)?)))
        {
            Ok(x) => x,
            Err(e) => {
                self.error(&e);
                return None;
            }
        };
        let total: i64 = list.iter().map(|a| a.credit_min).sum();
        let rows = list
            .into_iter()
            .enumerate()
            .map(|(i, a)| {
                let kind = match a.study_kind {
                    Some(k) => k.label(lang).to_string(),
                    None => kinds_short(&a.kinds, lang),
                };
                let text = if a.reason.is_empty() { a.title.clone() } else { format!("{} ({})", a.title, a.reason) };
                let cells = vec![
                    dates::fmt(a.date),
                    kind,
                    a.attendance
                        .map(|x| x.label(lang).to_string())
                        .unwrap_or_else(|| lang.pick("个人学习", "own study").into()),
                    unit.format(a.credit_min, lang),
                    text,
                ];
                ActivityRow { id: i as i64, activity: a, cells }
            })
            .collect();
        let mut table = TableView::new(ACTIVITY_COLUMNS);
        table.set_rows(rows);
        table.last();
        let title = match lang {
            Lang::Zh => format!(
                "{} {}年 学习明细（合计 {}；e 修改个人学习记录，d 删除，Esc 关闭）",
                display_safe(&member.draft.name),
                year,
                unit.format(total, lang)
            ),
            Lang::En => format!(
                "{} {} study (total {}; e edits a record, d deletes, Esc closes)",
                member.draft.name,
                year,
                unit.format(total, lang)
            ),
        };
        Some(ActivityPopup { member_id, year, title, table })
    }

    pub(crate) fn update_study(&mut self, msg: Msg) {
        if self.study.table.handle(&msg) {
            return self.after_table_msg();
        }
        match msg {
            Msg::PrevYear | Msg::NextYear => {
                self.study.year = crate::tui::app::step_year(self.study.year, &msg);
                let loaded = self.study.load(&self.service, self.lang);
                self.report(loaded);
            }
            Msg::BehindOnly => {
                self.study.behind_only = !self.study.behind_only;
                let loaded = self.study.load(&self.service, self.lang);
                self.report(loaded);
            }
            Msg::Open => {
                if let Some(id) = self.study.table.selected_id()
                    && let Some(p) = self.activity_popup(id, self.study.year)
                {
                    self.overlay = Overlay::Popup(Box::new(p));
                }
            }
            Msg::NewStudy => {
                let member = self.study.table.selected_id();
                self.overlay = Overlay::Form(Box::new(self.study_form(member, None, None)));
            }
            _ => {}
        }
    }

    pub(crate) fn update_popup(&mut self, mut p: ActivityPopup, msg: Msg) {
        match msg {
            Msg::Down => p.table.move_by(1),
            Msg::Up => p.table.move_by(-1),
            Msg::Close => return,
            Msg::Open => {
                if let Some(id) = p.selected_record() {
                    match self.service.study_record(id) {
                        Ok(r) => {
                            let back = Overlay::Popup(Box::new(p));
                            self.overlay =
                                Overlay::Form(Box::new(self.study_form(Some(r.draft.member_id), Some(&r), Some(back))));
                        }
                        Err(e) => self.error(&e),
                    }
                    return;
                }
                self.info(self.lang.pick("会议记录请在“三会一课”中修改", "edit meetings in the Meetings tab"));
            }
            Msg::Delete => {
                if let Some(id) = p.selected_record() {
                    let text = self
                        .lang
                        .pick(
                            "删除这条个人学习记录？删除会记入修改日志。(y/n)",
                            "Delete this study record? It stays in the change log. (y/n)",
                        )
                        .to_string();
                    return self.confirm(text, Msg::DeleteStudy(id), Overlay::Popup(Box::new(p)));
                }
            }
            Msg::DeleteStudy(id) => match self.service.delete_study(id) {
                Ok(()) => {
                    self.reload();
                    self.info(self.lang.pick("已删除学习记录", "study record deleted"));
                    if let Some(np) = self.activity_popup(p.member_id, p.year) {
                        p = np;
                    }
                }
                Err(e) => self.error(&e),
            },
            _ => {}
        }
        self.overlay = Overlay::Popup(Box::new(p));
    }

    /// The individual study record form; `back` is where to return after saving.
    pub(crate) fn study_form(&mut self, member: Option<i64>, r: Option<&StudyRecord>, back: Option<Overlay>) -> Form {
        let lang = self.lang;
        let unit = CreditUnit::of(self.service.settings());
        let members: Vec<PickOpt> = self
            .service
            .members()
            .unwrap_or_default()
            .into_iter()
            .filter(|m| !m.is_archived() || Some(m.id) == member)
            .map(|m| PickOpt { key: SearchKey::new(&m.draft.name, &m.number), id: m.id, label: m.draft.name })
            .collect();
        let d = r.map(|r| &r.draft);
        let kinds: Vec<Opt> = StudyKind::ALL.iter().map(|k| Opt::new(k.id(), k.label(lang))).collect();
        let fields = vec![
            Field::pick(field::STUDY_MEMBER, lang.pick("党员", "Member"), members, member),
            Field::date(field::STUDY_DATE, lang.pick("日期", "Date"), Some(d.map_or(self.today(), |d| d.date)), lang),
            Field::choice(
                field::STUDY_KIND,
                lang.pick("类型", "Kind"),
                kinds,
                d.map_or(StudyKind::Online.id(), |d| d.kind.id()),
            ),
            Field::text(field::STUDY_ORGANISER, lang.pick("组织单位", "Organiser"), d.map_or("", |d| &d.organiser)),
            Field::text(
                field::STUDY_CREDIT,
                lang.pick("学时", "Credit"),
                &d.map(|d| unit.format(d.credit_min, lang)).unwrap_or_default(),
            )
            .hint(lang.pick("如 0.5天、3小时、3h", "e.g. 0.5d, 3h")),
            Field::text(field::STUDY_NOTE, lang.pick("说明", "Note"), d.map_or("", |d| &d.note)),
        ];
        let title = if r.is_some() {
            lang.pick("修改个人学习记录", "Edit study record")
        } else {
            lang.pick("登记个人学习", "Add a study record")
        };
        let mut form = Form::new(FormKind::Study(r.map(|r| r.id)), title.to_string(), fields);
        if member.is_some() {
            form.focus_key(field::STUDY_DATE);
        }
        form.back = back.map(Box::new);
        form
    }

    pub(crate) fn save_study(&mut self, form: &mut Form, id: Option<i64>) -> SaveResult {
        let (today, lang) = (self.today(), self.lang);
        let unit = CreditUnit::of(self.service.settings());
        let member = form.picked(field::STUDY_MEMBER);
        if member.is_none() {
            form.set_error(field::STUDY_MEMBER, lang.pick("请选择党员", "choose a member").into());
        }
        let date = form.date(field::STUDY_DATE, true, today, lang);
        let credit = match unit.parse(&form.text(field::STUDY_CREDIT)) {
            Ok(c) => Some(c),
            Err(p) => {
                form.set_error(field::STUDY_CREDIT, p.text(lang));
                None
            }
        };
        let (Some(member_id), Some(date), Some(credit_min)) = (member, date, credit) else {
            return Err(SaveError::Invalid);
        };
        let d = StudyDraft {
            member_id,
            date,
            kind: StudyKind::from_id(form.choice(field::STUDY_KIND)).unwrap_or(StudyKind::Online),
            organiser: form.text(field::STUDY_ORGANISER),
            credit_min,
            note: form.text(field::STUDY_NOTE),
        };
        self.service.save_study(id, &d)?;
        self.reload();
        self.info(lang.pick("已保存学习记录", "study record saved"));
        // Back to the activity list it came from, refreshed.
        Ok(match form.back.take().map(|b| *b) {
            Some(Overlay::Popup(p)) => self.activity_popup(p.member_id, p.year).map(|p| Overlay::Popup(Box::new(p))),
            other => other,
        })
    }
}
