//! The 学习 tab: each member's study time for a year against the target, behind-pace and
//! short marked; `Enter` lists a member's credited activities, absences and records.

use std::borrow::Cow;
use ratatui::Frame;
use ratatui::layout::Rect;

use chrono::Datelike;

use crate::domain::dates;
use crate::domain::lang::Lang;
use crate::domain::rules::{Finding, RuleId, Subject};
use crate::domain::study::{CreditUnit, Standing, attendance_counts, record_counts};
use crate::service::search::SearchKey;
use crate::service::study::{Activity, StudyRow};
use crate::service::{Service, ServiceError};
use crate::tui::form::{Form, FormKind};
use crate::tui::keymap::{Ctx, Msg};
use crate::tui::study_form;
use crate::tui::tab::{Action, Cx, GroupOrder, SaveError, TabView, kinds_short, report, step_year, table_contexts};
use crate::tui::table::{Column, SortKey, TableRow, TableView, col};
use crate::tui::text::{ClearPopup, display_safe};
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

/// A member's row. Its cells are made when drawn (the visible rows each frame), not kept: a
/// large branch has a row for each of ten thousand members.
pub struct StudyTableRow {
    row: StudyRow,
    key: SearchKey,
    /// The group's place in the branch's order, for sorting (see [`GroupOrder`]).
    group_place: i64,
    unit: CreditUnit,
    lang: Lang,
}

impl StudyTableRow {
    fn new(row: StudyRow, groups: &GroupOrder, unit: CreditUnit, lang: Lang) -> StudyTableRow {
        let group_place = groups.place(row.group.as_deref());
        StudyTableRow { key: SearchKey::new(&row.name, &row.number), row, group_place, unit, lang }
    }

    /// The text of column `col`.
    fn text(&self, col: usize) -> String {
        let (row, lang) = (&self.row, self.lang);
        let st = &row.status;
        let f = |m: i64| self.unit.format(m, lang);
        match col {
            0 => display_safe(&row.name),
            1 => row.group.clone().unwrap_or_default(),
            2 => row.unit_category.label(lang).to_string(),
            3 => st.target_min.map(f).unwrap_or_else(|| lang.pick("免", "none").to_string()),
            4 => f(st.credited_min),
            5 if st.target_min.is_some() => f(st.expected_min),
            6 if st.target_min.is_some() => f(st.shortfall_min),
            5 | 6 => String::new(),
            7 => row.absences.to_string(),
            _ => match st.standing {
                Standing::Exempt => match (lang, row.home_deliveries) {
                    (Lang::Zh, n) => format!("{} {n}次", st.standing.label(lang)),
                    (Lang::En, 1) => "1 home visit".to_string(),
                    (Lang::En, n) => format!("{n} home visits"),
                },
                other => other.label(lang).to_string(),
            },
        }
    }
}

impl TableRow for StudyTableRow {
    fn id(&self) -> i64 {
        self.row.member_id
    }
    fn cell(&self, col: usize) -> Cow<'_, str> {
        Cow::Owned(self.text(col))
    }
    fn sort_key(&self, col: usize) -> SortKey<'_> {
        let st = &self.row.status;
        match col {
            0 => SortKey::Text(Cow::Borrowed(&self.key.pinyin)),
            1 => SortKey::Num(self.group_place),
            3 => SortKey::Num(st.target_min.unwrap_or(-1)),
            4 => SortKey::Num(st.credited_min),
            5 => SortKey::Num(st.expected_min),
            6 => SortKey::Num(st.shortfall_min),
            7 => SortKey::Num(self.row.absences.into()),
            8 => SortKey::Num(st.standing as i64),
            _ => SortKey::Text(Cow::Owned(self.text(col))),
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
        Standing::Exempt | Standing::Away => Tone::Muted,
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
    /// A member's activities, open over the table.
    popup: Option<ActivityPopup>,
}

impl StudyTab {
    pub fn new(year: i32) -> StudyTab {
        StudyTab {
            year,
            table: TableView::new(COLUMNS),
            behind_only: false,
            unit: None,
            basis: String::new(),
            popup: None,
        }
    }

    fn load_rows(&mut self, service: &Service, lang: Lang) -> Result<(), ServiceError> {
        // The old rows go first: a reload would otherwise hold two years of every member.
        self.table.unload();
        let ov = service.study_year(self.year)?;
        let behind_only = self.behind_only;
        let groups = GroupOrder::of(service);
        let mut rows = Vec::with_capacity(ov.rows.len());
        rows.extend(
            ov.rows
                .into_iter()
                .filter(|r| !behind_only || matches!(r.status.standing, Standing::Behind | Standing::Short))
                .map(|r| StudyTableRow::new(r, &groups, ov.unit, lang)),
        );
        self.unit = Some(ov.unit);
        self.table.set_rows(rows);
        let counted = crate::domain::study::counted_summary(service.settings(), lang);
        // The start first: it is what a cut line must not lose.
        self.basis = match service.records_start()? {
            Some(start) => format!("{}  {counted}", crate::tui::text::records_start_label(start, lang)),
            None => counted,
        };
        Ok(())
    }

    fn draw(&mut self, f: &mut Frame, area: Rect, theme: &Theme, lang: Lang) {
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
    fn cell(&self, col: usize) -> Cow<'_, str> {
        Cow::Borrowed(&self.cells[col])
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
        f.render_widget(ClearPopup, area);
        self.table.render(f, area, theme, lang, &self.title, true);
    }

    pub fn selected_record(&self) -> Option<i64> {
        self.table.selected().and_then(|r| r.activity.study_record_id)
    }
}

/// A member's activities in `year`, with a title that totals them.
fn activity_popup(cx: &Cx, member_id: i64, year: i32) -> Result<ActivityPopup, ServiceError> {
    let lang = cx.lang;
    let settings = cx.service.settings();
    let unit = CreditUnit::of(settings);
    // What the settings leave out (在线学习 under the 2006 rules) says so rather than 0.
    let not_counted = |a: &Activity| match (a.study_kind, a.attendance) {
        (Some(k), _) => !record_counts(k, settings),
        (None, Some(x)) => x.earns_credit() && !attendance_counts(x, settings),
        (None, None) => false,
    };
    let member = cx.service.member(member_id)?;
    let list = cx.service.member_activities(member_id, year)?;
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
                if not_counted(&a) { lang.pick("不计", "none").to_string() } else { unit.format(a.credit_min, lang) },
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
            display_safe(&member.draft.name),
            year,
            unit.format(total, lang)
        ),
    };
    Ok(ActivityPopup { member_id, year, title, table })
}

impl StudyTab {
    /// Keys while a member's activities are open.
    fn update_popup(&mut self, mut p: ActivityPopup, msg: Msg, cx: &mut Cx) -> Vec<Action> {
        let lang = cx.lang;
        let mut actions = Vec::new();
        match msg {
            // Moving and paging as in every table (not its filter or sort: the list is short).
            Msg::Down | Msg::Up | Msg::PageDown | Msg::PageUp | Msg::First | Msg::Last => {
                p.table.handle(&msg);
            }
            Msg::Close => return actions,
            Msg::Open => match p.selected_record() {
                // The form opens over the list, which shows again when the form closes.
                Some(id) => match cx.service.study_record(id) {
                    Ok(r) => {
                        actions.push(Action::Form(Box::new(study_form::study_form(cx, Some(r.draft.member_id), Some(&r)))))
                    }
                    Err(e) => return vec![Action::Error(e)],
                },
                None => actions.push(Action::Info(
                    lang.pick("会议记录请在「三会一课」中修改", "edit meetings in the Meetings tab").into(),
                )),
            },
            Msg::Delete => {
                if let Some(id) = p.selected_record() {
                    let text = lang
                        .pick(
                            "删除这条个人学习记录？删除会记入修改日志。(y/n)",
                            "Delete this study record? It stays in the change log. (y/n)",
                        )
                        .to_string();
                    actions.push(Action::Confirm { text, on_yes: Msg::DeleteStudy(id) });
                }
            }
            // The reload refreshes the open list too.
            Msg::DeleteStudy(id) => match cx.service.delete_study(id) {
                Ok(()) => actions = vec![Action::Reload, Action::Info(lang.pick("已删除学习记录", "study record deleted").into())],
                Err(e) => actions.push(Action::Error(e)),
            },
            _ => {}
        }
        self.popup = Some(p);
        actions
    }
}

impl TabView for StudyTab {
    /// The study record selected in a member's activities, else the member.
    fn selected_record(&self) -> Option<(&'static str, i64)> {
        match &self.popup {
            Some(p) => p.selected_record().map(|id| ("study_record", id)),
            None => self.table.selected().map(|r| ("member", r.row.member_id)),
        }
    }

    fn create(year: i32) -> Self {
        StudyTab::new(year)
    }

    fn title(&self, lang: Lang) -> &'static str {
        lang.pick("学习", "Study")
    }

    fn owns(&self, f: &Finding) -> bool {
        f.rule == RuleId::StudyHours
    }

    fn load(&mut self, cx: &Cx) -> Result<(), ServiceError> {
        self.load_rows(cx.service, cx.lang)?;
        if let Some(p) = &self.popup {
            self.popup = Some(activity_popup(cx, p.member_id, p.year)?);
        }
        Ok(())
    }

    fn unload(&mut self) -> bool {
        self.table.unload();
        true
    }

    fn contexts(&self) -> Vec<Ctx> {
        if self.popup.is_some() {
            return vec![Ctx::Popup];
        }
        table_contexts(self.table.filtering, &[Ctx::Study, Ctx::Yearly, Ctx::Table, Ctx::Global])
    }

    fn update(&mut self, msg: Msg, cx: &mut Cx) -> Vec<Action> {
        if let Some(p) = self.popup.take() {
            return self.update_popup(p, msg, cx);
        }
        if self.table.handle(&msg) {
            return Vec::new();
        }
        match msg {
            Msg::PrevYear | Msg::NextYear => {
                self.year = step_year(self.year, &msg);
                report(self.load_rows(cx.service, cx.lang))
            }
            Msg::BehindOnly => {
                self.behind_only = !self.behind_only;
                report(self.load_rows(cx.service, cx.lang))
            }
            Msg::Open => match self.table.selected_id().map(|id| activity_popup(cx, id, self.year)) {
                Some(Ok(p)) => {
                    self.popup = Some(p);
                    Vec::new()
                }
                Some(Err(e)) => vec![Action::Error(e)],
                None => Vec::new(),
            },
            Msg::NewStudy => {
                let member = self.table.selected_id();
                vec![Action::Form(Box::new(study_form::study_form(cx, member, None)))]
            }
            _ => Vec::new(),
        }
    }

    fn render(&mut self, f: &mut Frame, area: Rect, theme: &Theme, cx: &Cx) {
        self.draw(f, area, theme, cx.lang);
        if let Some(p) = &mut self.popup {
            p.render(f, area, theme, cx.lang);
        }
    }

    /// Shows the member's row in the finding's year, with every member listed.
    fn act_on(&mut self, f: &Finding, cx: &mut Cx) -> Vec<Action> {
        let Subject::Member(id) = f.subject else { return Vec::new() };
        self.behind_only = false;
        self.table.clear_filter();
        let mut actions = Vec::new();
        if self.year != f.due.year() || self.table.selected_id().is_none() {
            self.year = f.due.year();
            actions = report(self.load_rows(cx.service, cx.lang));
        }
        self.table.select_id(id);
        actions
    }

    fn reopen_form(&mut self, form: &Form, cx: &mut Cx) -> Option<Result<Form, ServiceError>> {
        study_form::reopen(form, cx)
    }

    fn save_form(&mut self, form: &mut Form, cx: &mut Cx) -> Result<Vec<Action>, SaveError> {
        match form.kind {
            FormKind::Tab(study_form::KIND, id) => study_form::save(form, id, cx),
            _ => Ok(Vec::new()),
        }
    }
}
