//! The 评议 tab: the year's evaluation sheet (one row per member, one key per grade, the facts
//! that should inform the grade below), the 谈心谈话 log, the 党性分析评议 campaign, 组织处置
//! steps and 表彰. `v` switches the view, `[` `]` the year.

use std::borrow::Cow;
use chrono::Datelike;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use crate::domain::dates::{self, fmt_opt};
use crate::domain::evaluation::{
    Campaign, CampaignEntry, Commendation, CommendationTitle, DecisionBody, Disposal, DisposalKind, Grade, Grading,
    Rectification, Round, Standing, Talk, TalkKind, Tallies, field,
};
use crate::domain::lang::Lang;
use crate::domain::rules::{Finding, ORG_LIFE_OVERDUE_MONTHS, RuleId, Severity, Subject};
use crate::service::{Record, ServiceError, Version};
use crate::service::evaluation::{MemberFacts, SheetRow};
use crate::service::search::SearchKey;
use crate::tui::form::{Field, Form, FormKind, Opt, PickOpt};
use crate::tui::keymap::{Ctx, Msg};
use crate::tui::tab::{Action, Cx, GroupOrder, SaveError, TabView, report, split_detail, step_year, table_contexts};
use crate::tui::table::{Column, SortKey, TableRow, TableView, col};
use crate::tui::text::display_safe;
use crate::tui::theme::{Theme, Tone};

const GRADING: &str = "grading";
const RECT: &str = "rectification";
const ROUND: &str = "round";
const TALK: &str = "talk";
const DISPOSAL: &str = "disposal";
const COMMEND: &str = "commendation";
const CAMPAIGN: &str = "campaign";
const ENTRY: &str = "campaign_entry";

/// The tab's views, in the order `v` steps through them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum View {
    Sheet,
    Talks,
    Campaign,
    Disposals,
    Commendations,
}

impl View {
    fn label(self, lang: Lang) -> &'static str {
        match self {
            View::Sheet => lang.pick("民主评议", "Evaluation"),
            View::Talks => lang.pick("谈心谈话", "Talks"),
            View::Campaign => lang.pick("党性分析评议", "Party-spirit analysis"),
            View::Disposals => lang.pick("组织处置", "Disposals"),
            View::Commendations => lang.pick("表彰", "Commendations"),
        }
    }
}

const SHEET_COLUMNS: &[Column] = &[
    col(("编号", "No."), 4, 2),
    col(("姓名", "Name"), 10, 0),
    col(("党小组", "Group"), 10, 3),
    col(("等次", "Grade"), 10, 0),
    col(("意见", "Opinion"), 7, 1),
    col(("谈话", "Talk"), 4, 0),
    col(("整改", "Items"), 6, 0),
    col(("处置", "Disp."), 5, 1),
];

pub struct SheetTableRow {
    row: SheetRow,
    key: SearchKey,
    /// The group's place in the branch's order, for sorting (see [`GroupOrder`]).
    group_place: i64,
    cells: Vec<String>,
}

impl SheetTableRow {
    fn new(row: SheetRow, groups: &GroupOrder, lang: Lang) -> SheetTableRow {
        let key = SearchKey::new(&row.name, &row.number);
        let group_place = groups.place(row.group.as_deref());
        let mut r = SheetTableRow { key, row, group_place, cells: Vec::new() };
        r.format(lang);
        r
    }

    fn format(&mut self, lang: Lang) {
        let row = &self.row;
        let yes = |b: bool| if b { lang.pick("有", "yes") } else { lang.pick("无", "no") }.to_string();
        self.cells = vec![
            row.number.clone(),
            display_safe(&row.name),
            row.group.clone().unwrap_or_default(),
            grade_text(row.standing, row.grade, lang),
            if row.has_opinion { lang.pick("有", "yes").into() } else { String::new() },
            yes(row.talked),
            if row.items_total == 0 {
                String::new()
            } else {
                format!("{}/{}", row.items_total - row.items_open, row.items_total)
            },
            if row.disposals == 0 { String::new() } else { row.disposals.to_string() },
        ];
    }
}

fn grade_text(standing: Standing, grade: Option<Grade>, lang: Lang) -> String {
    match (standing, grade) {
        (Standing::Probationary, _) => lang.pick("不评定等次", "not graded").into(),
        (_, Some(g)) => g.label(lang).into(),
        (_, None) => lang.pick("未评", "none").into(),
    }
}

impl TableRow for SheetTableRow {
    fn id(&self) -> i64 {
        self.row.member_id
    }
    fn cell(&self, col: usize) -> Cow<'_, str> {
        Cow::Borrowed(&self.cells[col])
    }
    fn sort_key(&self, col: usize) -> SortKey<'_> {
        match col {
            1 => SortKey::Text(Cow::Borrowed(&self.key.pinyin)),
            2 => SortKey::Num(self.group_place),
            3 => SortKey::Num(self.row.grade.map_or(9, |g| g as i64)),
            _ => SortKey::Text(Cow::Borrowed(&self.cells[col])),
        }
    }
    fn matches(&self, needle: &str) -> bool {
        self.key.matches(needle) || self.cells[3].contains(needle)
    }
    fn tone(&self) -> Tone {
        match (self.row.standing, self.row.grade) {
            (Standing::Probationary, _) => Tone::Muted,
            (_, Some(Grade::Unqualified)) => Tone::Overdue,
            (_, Some(Grade::BasicallyQualified)) => Tone::DueSoon,
            (_, Some(Grade::Excellent)) => Tone::Good,
            _ => Tone::Normal,
        }
    }
}

/// A row of the other views: text formatted when loaded.
pub struct ListRow {
    id: i64,
    cells: Vec<String>,
    tone: Tone,
}

impl TableRow for ListRow {
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
        self.tone
    }
}

const TALK_COLUMNS: &[Column] =
    &[col(("日期", "Date"), 10, 0), col(("类型", "Kind"), 8, 1), col(("参加人", "Members"), 16, 0), col(("主题", "Topic"), 20, 0)];
const DISPOSAL_COLUMNS: &[Column] = &[
    col(("姓名", "Name"), 8, 0),
    col(("处置", "Step"), 10, 0),
    col(("决定日期", "Decided"), 10, 0),
    col(("批准", "Approved"), 10, 1),
    col(("期限", "Deadline"), 10, 0),
    col(("结果", "Outcome"), 12, 0),
];
const COMMEND_COLUMNS: &[Column] =
    &[col(("年度", "Year"), 4, 0), col(("称号", "Title"), 12, 0), col(("对象", "Whom"), 8, 0), col(("授予", "By"), 10, 0), col(("日期", "Date"), 10, 1)];
const ENTRY_COLUMNS: &[Column] = &[
    col(("姓名", "Name"), 8, 0),
    col(("材料", "Material"), 10, 0),
    col(("谈心", "Talk"), 4, 0),
    col(("评议", "Analysed"), 4, 0),
    col(("通报", "Notice"), 10, 1),
    col(("综合意见", "Opinion"), 12, 2),
];

pub struct EvaluationTab {
    pub year: i32,
    pub view: View,
    pub sheet: TableView<SheetTableRow>,
    pub list: TableView<ListRow>,
    round: Round,
    graded_base: usize,
    cap: usize,
    /// The selected member's facts (the sheet's lower pane).
    facts: Option<MemberFacts>,
    /// A refused grade key's message, shown beside the grade of that member.
    grade_error: Option<(i64, String)>,
    /// The open campaign shown in the campaign view, if any.
    campaign: Option<Campaign>,
    /// The member a new rectification item is for.
    rect_member: Option<i64>,
    /// The year of the 谈心谈话 finding a new talk was opened from, when that year is over:
    /// a talk dated later does not clear it, and the saved message says so.
    talk_owed: Option<crate::domain::period::Period>,
    talks: Vec<Talk>,
    disposals: Vec<Disposal>,
    commendations: Vec<Commendation>,
    entries: Vec<CampaignEntry>,
    /// The talk or commendation `d` asked about, with its version then: the delete refuses if another
    /// window changed it before the answer.
    delete_seen: Option<(i64, Version)>,
}

impl EvaluationTab {
    fn views(&self) -> Vec<View> {
        let mut v = vec![View::Sheet, View::Talks];
        if self.campaign.is_some() {
            v.push(View::Campaign);
        }
        v.extend([View::Disposals, View::Commendations]);
        v
    }

    fn load_view(&mut self, cx: &Cx) -> Result<(), ServiceError> {
        let (s, lang) = (&*cx.service, cx.lang);
        self.campaign = s.campaigns()?.into_iter().find(|c| c.year <= self.year && !c.closed);
        if self.view == View::Campaign && self.campaign.is_none() {
            self.view = View::Sheet;
        }
        match self.view {
            View::Sheet => {
                self.sheet.unload();
                let sheet = s.evaluation_sheet(self.year)?;
                self.round = sheet.round.clone();
                self.graded_base = sheet.graded_base;
                self.cap = sheet.excellent_cap;
                let groups = GroupOrder::of(s);
                self.sheet.set_rows(sheet.rows.into_iter().map(|r| SheetTableRow::new(r, &groups, lang)).collect());
                self.load_facts(cx);
            }
            View::Talks => {
                let items = s.talks_in_year(self.year)?;
                let rows = items
                    .iter()
                    .map(|t| ListRow {
                        id: t.talk.id,
                        cells: vec![
                            dates::fmt(t.talk.date),
                            t.talk.kind.label(lang).into(),
                            t.names.iter().map(|n| display_safe(n)).collect::<Vec<_>>().join(lang.pick("、", ", ")),
                            display_safe(&t.talk.topic),
                        ],
                        tone: Tone::Normal,
                    })
                    .collect();
                self.talks = items.into_iter().map(|t| t.talk).collect();
                self.list = TableView::new(TALK_COLUMNS);
                self.list.set_rows(rows);
            }
            View::Disposals => {
                let names = s.member_names()?;
                self.disposals = s.disposals(None)?;
                let today = cx.today();
                let rows = self
                    .disposals
                    .iter()
                    .map(|d| {
                        let late = d.deadline.is_some_and(|dl| dl < today) && d.outcome_on.is_none();
                        ListRow {
                            id: d.id,
                            cells: vec![
                                display_safe(names.get(&d.member_id).map_or("", |n| n)),
                                d.kind.label(lang).into(),
                                dates::fmt(d.decided_on),
                                fmt_opt(d.approved_on),
                                match (d.deadline, late) {
                                    (Some(dl), true) => format!("{} {}", dates::fmt(dl), lang.pick("逾期", "late")),
                                    (dl, _) => fmt_opt(dl),
                                },
                                display_safe(&d.outcome),
                            ],
                            tone: if late { Tone::Overdue } else { Tone::Normal },
                        }
                    })
                    .collect();
                self.list = TableView::new(DISPOSAL_COLUMNS);
                self.list.set_rows(rows);
            }
            View::Commendations => {
                let names = s.member_names()?;
                self.commendations = s.commendations()?;
                let rows = self
                    .commendations
                    .iter()
                    .map(|c| ListRow {
                        id: c.id,
                        cells: vec![
                            c.year.to_string(),
                            c.title.label(lang).into(),
                            c.member_id
                                .map(|m| display_safe(names.get(&m).map_or("", |n| n)))
                                .unwrap_or_else(|| lang.pick("本支部", "the branch").into()),
                            display_safe(&c.level),
                            dates::fmt(c.date),
                        ],
                        tone: Tone::Normal,
                    })
                    .collect();
                self.list = TableView::new(COMMEND_COLUMNS);
                self.list.set_rows(rows);
            }
            View::Campaign => {
                let Some(c) = &self.campaign else { return Ok(()) };
                self.entries = s.campaign_entries(c.id)?;
                let yes = |b: bool| if b { lang.pick("是", "yes") } else { lang.pick("否", "no") }.to_string();
                let rows = s
                    .members()?
                    .into_iter()
                    .filter(|m| m.in_branch_on(c.from.max(c.to.min(cx.today()))))
                    .map(|m| {
                        let e = self.entries.iter().find(|e| e.member_id == m.id).cloned().unwrap_or_default();
                        ListRow {
                            id: m.id,
                            tone: if e.complete() { Tone::Good } else { Tone::Normal },
                            cells: vec![
                                display_safe(&m.draft.name),
                                fmt_opt(e.material_on),
                                yes(e.talked),
                                yes(e.analysed),
                                fmt_opt(e.notice_on),
                                display_safe(&e.opinion),
                            ],
                        }
                    })
                    .collect();
                self.list = TableView::new(ENTRY_COLUMNS);
                self.list.set_rows(rows);
            }
        }
        Ok(())
    }

    /// Reads the selected member's facts (after a move on the sheet).
    fn load_facts(&mut self, cx: &Cx) {
        let id = self.sheet.selected_id();
        if self.facts.as_ref().map(|f| (f.member_id, f.year)) == id.map(|id| (id, self.year)) {
            return;
        }
        self.facts = id.and_then(|id| cx.service.member_facts(id, self.year).ok());
    }

    /// A grade key: saved at once and shown in place; a refusal stays beside the grade.
    fn set_grade(&mut self, grade: Option<Grade>, cx: &mut Cx) -> Vec<Action> {
        let Some(row) = self.sheet.selected() else { return Vec::new() };
        let id = row.row.member_id;
        match cx.service.set_grade(id, self.year, grade) {
            Ok(()) => {
                self.grade_error = None;
                if let Some(r) = self.sheet.selected_mut() {
                    r.row.grade = grade;
                    r.format(cx.lang);
                }
                self.sheet.move_by(1);
                self.load_facts(cx);
                Vec::new()
            }
            Err(ServiceError::Invalid(errs)) => {
                let text = errs.iter().map(|e| e.problem.text(cx.lang)).collect::<Vec<_>>().join("; ");
                self.grade_error = Some((id, text));
                vec![Action::Error(ServiceError::Invalid(errs))]
            }
            Err(e) => vec![Action::Error(e)],
        }
    }

    fn draw_facts(&self, f: &mut Frame, area: Rect, theme: &Theme, lang: Lang) {
        let title = lang.pick(" 评议参考 ", " Facts for the grade ");
        let block = theme.block().title(Line::from(Span::styled(title, theme.title())));
        let inner = block.inner(area);
        let mut lines: Vec<Line> = vec![Line::from(Span::styled(self.steps_line(lang), theme.muted()))];
        if let (Some(row), Some(x)) = (self.sheet.selected(), &self.facts) {
            let mut facts = fact_lines(x, Some(grade_text(row.row.standing, row.row.grade, lang)), lang);
            // The grade's line first, a refusal of the grade key right under it.
            let grade = facts.remove(0);
            lines.push(Line::from(grade));
            if let Some((id, msg)) = &self.grade_error
                && *id == row.row.member_id
            {
                lines.push(Line::from(Span::styled(format!("  {msg}"), theme.error())));
            }
            lines.extend(facts.into_iter().map(Line::from));
        }
        let shown = fit_lines(lines, inner, lang, theme);
        f.render_widget(Paragraph::new(shown).block(block).wrap(Wrap { trim: false }), area);
    }

    fn sheet_title(&self, lang: Lang) -> String {
        let count = |g: Grade| self.sheet.rows().iter().filter(|r| r.row.grade == Some(g)).count();
        let ungraded =
            self.sheet.rows().iter().filter(|r| r.row.standing == Standing::Graded && r.row.grade.is_none()).count();
        match lang {
            Lang::Zh => format!(
                "{}年民主评议 优秀{}/{} 合格{} 基本合格{} 不合格{} 未评{}",
                self.year,
                count(Grade::Excellent),
                self.cap,
                count(Grade::Qualified),
                count(Grade::BasicallyQualified),
                count(Grade::Unqualified),
                ungraded,
            ),
            Lang::En => format!(
                "{}: excellent {}/{}, qualified {}, basic {}, unqualified {}, none {}",
                self.year,
                count(Grade::Excellent),
                self.cap,
                count(Grade::Qualified),
                count(Grade::BasicallyQualified),
                count(Grade::Unqualified),
                ungraded,
            ),
        }
    }

    /// The round's dated steps on one line.
    fn steps_line(&self, lang: Lang) -> String {
        let steps: Vec<String> = self
            .round
            .steps()
            .iter()
            // English names the step by its first word, so that five dated steps fit 80 columns.
            .filter_map(|(zh, en, d)| {
                d.map(|d| format!("{} {}", lang.pick(zh, en.split(['-', ' ']).next().unwrap_or(en)), d.format("%m-%d")))
            })
            .collect();
        let list = if steps.is_empty() { lang.pick("未登记", "none yet").to_string() } else { steps.join(" ") };
        format!("{}{list}", lang.pick("步骤：", "Steps: "))
    }
}

impl TabView for EvaluationTab {
    /// The selected member's evaluation of the year (logged under member and year), or the
    /// selected talk, disposal or commendation.
    fn selected_record(&self) -> Option<(&'static str, i64)> {
        match self.view {
            View::Sheet => self.sheet.selected().map(|r| ("evaluation", r.row.member_id * 10_000 + i64::from(self.year))),
            View::Talks => self.list.selected().map(|r| ("talk", r.id)),
            View::Disposals => self.list.selected().map(|r| ("disposal", r.id)),
            View::Commendations => self.list.selected().map(|r| ("commendation", r.id)),
            View::Campaign => None,
        }
    }

    fn create(year: i32) -> Self {
        EvaluationTab {
            year,
            view: View::Sheet,
            sheet: TableView::new(SHEET_COLUMNS),
            list: TableView::new(TALK_COLUMNS),
            round: Round::new(year),
            graded_base: 0,
            cap: 0,
            facts: None,
            grade_error: None,
            campaign: None,
            rect_member: None,
            talk_owed: None,
            talks: Vec::new(),
            disposals: Vec::new(),
            commendations: Vec::new(),
            entries: Vec::new(),
            delete_seen: None,
        }
    }

    fn title(&self, lang: Lang) -> &'static str {
        lang.pick("评议", "Review")
    }

    fn owns(&self, f: &Finding) -> bool {
        crate::domain::evaluation::owned_by_evaluation(f.rule)
    }

    /// A six-month dues lapse (党章第九条) also leads here, its next step being a 组织处置
    /// record; the 党费 tab owns and counts it.
    fn takes(&self, f: &Finding) -> bool {
        self.owns(f) || crate::domain::dues::six_month_lapse(f)
    }

    fn load(&mut self, cx: &Cx) -> Result<(), ServiceError> {
        self.facts = None;
        self.load_view(cx)
    }

    fn unload(&mut self) -> bool {
        self.sheet.unload();
        self.list.unload();
        self.facts = None;
        true
    }

    fn contexts(&self) -> Vec<Ctx> {
        let filtering = self.sheet.filtering || self.list.filtering;
        if self.view == View::Sheet {
            table_contexts(filtering, &[Ctx::Sheet, Ctx::Evaluation, Ctx::Yearly, Ctx::Table, Ctx::Global])
        } else {
            table_contexts(filtering, &[Ctx::Evaluation, Ctx::Yearly, Ctx::Table, Ctx::Global])
        }
    }

    fn update(&mut self, msg: Msg, cx: &mut Cx) -> Vec<Action> {
        let lang = cx.lang;
        if self.view == View::Sheet {
            if self.sheet.handle(&msg) {
                self.load_facts(cx);
                return Vec::new();
            }
        } else if self.list.handle(&msg) {
            return Vec::new();
        }
        match msg {
            Msg::PrevYear | Msg::NextYear => {
                self.year = step_year(self.year, &msg);
                self.grade_error = None;
                self.facts = None;
                report(self.load_view(cx))
            }
            Msg::NextView => {
                let views = self.views();
                let i = views.iter().position(|v| *v == self.view).unwrap_or(0);
                self.view = views[(i + 1) % views.len()];
                report(self.load_view(cx))
            }
            Msg::SetGrade(g) => self.set_grade(g, cx),
            Msg::NewRectification => match self.sheet.selected_id() {
                Some(id) => {
                    self.rect_member = Some(id);
                    vec![Action::Form(Box::new(rect_form(cx, id, None, self.year)))]
                }
                None => Vec::new(),
            },
            Msg::EditRound => vec![Action::Form(Box::new(round_form(cx, &self.round)))],
            Msg::FinishRectification => {
                let Some(id) = self.sheet.selected_id() else { return Vec::new() };
                match cx.service.rectifications(id, None) {
                    Ok(items) => match items.into_iter().find(|r| r.done.is_none()) {
                        Some(mut r) => {
                            self.rect_member = Some(id);
                            r.done = Some(cx.today());
                            vec![Action::Form(Box::new(rect_form(cx, id, Some(&r), r.year)))]
                        }
                        None => vec![Action::Info(lang.pick("该党员没有未完成的整改事项", "no open item").into())],
                    },
                    Err(e) => vec![Action::Error(e)],
                }
            }
            Msg::EditCampaign => {
                let shown = if self.view == View::Campaign { self.campaign.as_ref() } else { None };
                vec![Action::Form(Box::new(campaign_form(cx, self.year, shown)))]
            }
            Msg::New => {
                let form = match self.view {
                    View::Sheet | View::Talks => {
                        self.talk_owed = None;
                        talk_form(cx, None, self.sheet.selected_id())
                    }
                    View::Disposals => disposal_form(cx, None, None),
                    View::Commendations => commend_form(cx, self.year, None),
                    View::Campaign => campaign_form(cx, self.year, None),
                };
                vec![Action::Form(Box::new(form))]
            }
            Msg::Open => match self.view {
                View::Sheet => match self.sheet.selected_id().map(|id| cx.service.grading(id, self.year)) {
                    Some(Ok(g)) => vec![Action::Form(Box::new(grading_form(cx, &g)))],
                    Some(Err(e)) => vec![Action::Error(e)],
                    None => Vec::new(),
                },
                View::Talks => match self.list.selected_id().and_then(|id| self.talks.iter().find(|t| t.id == id)) {
                    Some(t) => vec![Action::Form(Box::new(talk_form(cx, Some(t), None)))],
                    None => Vec::new(),
                },
                View::Disposals => {
                    match self.list.selected_id().and_then(|id| self.disposals.iter().find(|d| d.id == id)) {
                        Some(d) => vec![Action::Form(Box::new(disposal_form(cx, Some(d), None)))],
                        None => Vec::new(),
                    }
                }
                View::Campaign => match (self.list.selected_id(), &self.campaign) {
                    (Some(id), Some(c)) => {
                        let e = self.entries.iter().find(|e| e.member_id == id).cloned();
                        let e = e.unwrap_or(CampaignEntry { member_id: id, ..Default::default() });
                        vec![Action::Form(Box::new(entry_form(cx, c.id, &e)))]
                    }
                    _ => Vec::new(),
                },
                View::Commendations => {
                    match self.list.selected_id().and_then(|id| self.commendations.iter().find(|c| c.id == id)) {
                        Some(c) => vec![Action::Form(Box::new(commend_form(cx, self.year, Some(c))))],
                        None => Vec::new(),
                    }
                }
            },
            Msg::Delete if self.view == View::Talks => match self.list.selected_id() {
                Some(id) => match cx.service.version(Record::Talk(id)) {
                    Ok(v) => {
                        self.delete_seen = Some((id, v));
                        vec![Action::Confirm {
                            text: lang
                                .pick(
                                    "删除这条谈话记录？删除会记入修改日志。(y/n)",
                                    "Delete this talk? It stays in the change log. (y/n)",
                                )
                                .into(),
                            on_yes: Msg::DeleteTalk(id),
                        }]
                    }
                    Err(e) => vec![Action::Error(e)],
                },
                None => Vec::new(),
            },
            Msg::DeleteTalk(id) => {
                let seen = self.delete_seen.take().filter(|(d, _)| *d == id).map(|(_, v)| v).unwrap_or_default();
                match cx.service.delete_talk(id, seen) {
                    Ok(()) => vec![Action::Reload, Action::Info(lang.pick("已删除谈话记录", "talk deleted").into())],
                    Err(e) => vec![Action::Reload, Action::Error(e)],
                }
            }
            Msg::Delete if self.view == View::Commendations => match self.list.selected_id() {
                Some(id) => match cx.service.version(Record::Commendation(id)) {
                    Ok(v) => {
                        self.delete_seen = Some((id, v));
                        vec![Action::Confirm {
                            text: lang
                                .pick(
                                    "删除这条表彰记录？删除会记入修改日志。(y/n)",
                                    "Delete this commendation? It stays in the change log. (y/n)",
                                )
                                .into(),
                            on_yes: Msg::DeleteCommendation(id),
                        }]
                    }
                    Err(e) => vec![Action::Error(e)],
                },
                None => Vec::new(),
            },
            Msg::DeleteCommendation(id) => {
                let seen = self.delete_seen.take().filter(|(d, _)| *d == id).map(|(_, v)| v).unwrap_or_default();
                match cx.service.delete_commendation(id, seen) {
                    Ok(()) => vec![Action::Reload, Action::Info(lang.pick("已删除表彰记录", "commendation deleted").into())],
                    Err(e) => vec![Action::Reload, Action::Error(e)],
                }
            }
            _ => Vec::new(),
        }
    }

    fn render(&mut self, f: &mut Frame, area: Rect, theme: &Theme, cx: &Cx) {
        let lang = cx.lang;
        match self.view {
            View::Sheet => {
                let (table, detail) = split_detail(area);
                let title = self.sheet_title(lang);
                self.sheet.render(f, table, theme, lang, &title, true);
                self.draw_facts(f, detail, theme, lang);
            }
            view => {
                let title = match (view, &self.campaign) {
                    (View::Campaign, Some(c)) => match lang {
                        Lang::Zh => format!(
                            "{}年党性分析评议（{}，{} 至 {}）Enter 登记",
                            c.year,
                            display_safe(&c.arranged_by),
                            dates::fmt(c.from),
                            dates::fmt(c.to)
                        ),
                        Lang::En => format!(
                            "{} party-spirit analysis ({}, {} to {}) Enter records",
                            c.year,
                            c.arranged_by,
                            dates::fmt(c.from),
                            dates::fmt(c.to)
                        ),
                    },
                    (View::Talks, _) => format!("{} {}", self.year, view.label(lang)),
                    _ => view.label(lang).to_string(),
                };
                self.list.render(f, area, theme, lang, &title, true);
            }
        }
    }

    /// Shows the finding's member: on the sheet for grades and items, in the talk log for talks,
    /// among the disposals for a deadline.
    fn act_on(&mut self, finding: &Finding, cx: &mut Cx) -> Vec<Action> {
        let Subject::Member(id) = finding.subject else { return Vec::new() };
        self.view = match finding.rule {
            // A lapse still short of six months asks for a word with the member, not a disposal.
            RuleId::OrgLifeLapse if finding.severity == Severity::DueSoon => View::Talks,
            RuleId::CorrectionDeadline | RuleId::OrgLifeLapse | RuleId::DuesLapse => View::Disposals,
            RuleId::PartySpiritAnalysis => View::Campaign,
            _ => View::Sheet,
        };
        // A lapse's period is its run of unpaid months, not an evaluation year.
        if let Some(p) = finding.period.filter(|_| finding.rule != RuleId::DuesLapse) {
            self.year = p.start.year();
        }
        self.sheet.clear_filter();
        let loaded = report(self.load_view(cx));
        match self.view {
            View::Sheet => {
                self.sheet.select_id(id);
                self.load_facts(cx);
            }
            View::Disposals if finding.rule == RuleId::DuesLapse => {
                // A disposal already decided for this lapse is shown, not asked for again.
                let answer = finding.period.and_then(|p| {
                    self.disposals
                        .iter()
                        .filter(|d| d.member_id == id && crate::domain::dues::lapse_answered(d.decided_on, &p))
                        .max_by_key(|d| (d.decided_on, d.id))
                });
                match answer {
                    Some(d) => {
                        self.list.select_id(d.id);
                    }
                    None if loaded.is_empty() => {
                        return vec![Action::Form(Box::new(disposal_form(cx, None, Some(id))))];
                    }
                    None => {}
                }
            }
            View::Disposals => {
                if let Some(d) = self.disposals.iter().find(|d| d.member_id == id && d.kind == DisposalKind::CorrectionDeadline) {
                    self.list.select_id(d.id);
                }
            }
            // The talk log's rows are talks: the member's own are not picked out.
            View::Talks => {}
            _ => {
                self.list.select_id(id);
            }
        }
        // 去处理: a talk with the member, or the first step of the disposal ladder ([JY]29),
        // prefilled; the secretary chooses the step the branch decided.
        if finding.rule == RuleId::HeartTalk && loaded.is_empty() {
            let mut form = talk_form(cx, None, Some(id));
            self.talk_owed = finding.period.filter(|p| p.end < cx.today());
            if let Some(p) = self.talk_owed {
                // A year that is over: only a talk held then (logged late) clears it.
                let y = p.start.year();
                form.field_mut(field::TALK_DATE).hint = match cx.lang {
                    Lang::Zh => format!("{y} 年的提醒：须填 {y} 年内谈话的日期，今天的谈话算 {} 年", cx.today().year()),
                    Lang::En => format!("{y}'s reminder: a talk dated in {y} clears it; today's counts for {}", cx.today().year()),
                };
                form.focus_key(field::TALK_DATE);
            }
            return vec![Action::Form(Box::new(form))];
        }
        if finding.rule == RuleId::OrgLifeLapse && loaded.is_empty() {
            if self.view == View::Talks {
                return vec![Action::Form(Box::new(talk_form(cx, None, Some(id))))];
            }
            // A disposal decided since the six months began is shown, not asked for again.
            let since = dates::sub_months(finding.due, ORG_LIFE_OVERDUE_MONTHS);
            let under_way = self.disposals.iter().filter(|d| d.member_id == id && d.decided_on >= since);
            match under_way.max_by_key(|d| (d.decided_on, d.id)) {
                Some(d) => {
                    self.list.select_id(d.id);
                }
                None => return vec![Action::Form(Box::new(disposal_form(cx, None, Some(id))))],
            }
        }
        loaded
    }

    fn reopen_form(&mut self, form: &Form, cx: &mut Cx) -> Option<Result<Form, ServiceError>> {
        match form.kind {
            FormKind::Tab(COMMEND, Some(id)) => {
                Some(cx.service.commendation(id).map(|c| commend_form(cx, self.year, Some(&c))))
            }
            FormKind::Tab(TALK, Some(id)) => Some(cx.service.talk(id).map(|t| talk_form(cx, Some(&t), None))),
            FormKind::Tab(DISPOSAL, Some(id)) => {
                Some(cx.service.disposal(id).map(|d| disposal_form(cx, Some(&d), None)))
            }
            _ => None,
        }
    }

    fn save_form(&mut self, form: &mut Form, cx: &mut Cx) -> Result<Vec<Action>, SaveError> {
        let lang = cx.lang;
        let saved = |zh: &str, en: &str| Ok(vec![Action::Reload, Action::Info(lang.pick(zh, en).to_string())]);
        match form.kind {
            FormKind::Tab(GRADING, Some(member)) => {
                save_grading(form, member, self.year, cx)?;
                self.facts = None;
                saved("已保存评议", "grading saved")
            }
            FormKind::Tab(RECT, id) => {
                let Some(member) = self.rect_member else { return Ok(Vec::new()) };
                let year = match id {
                    Some(id) => cx.service.rectifications(member, None)?.iter().find(|r| r.id == id).map_or(self.year, |r| r.year),
                    None => self.year,
                };
                save_rect(form, id, member, year, cx)?;
                self.facts = None;
                saved("已保存整改事项", "rectification item saved")
            }
            FormKind::Tab(ROUND, _) => {
                save_round(form, self.year, cx)?;
                saved("已保存评议步骤", "round saved")
            }
            FormKind::Tab(TALK, id) => {
                let date = save_talk(form, id, cx)?;
                match self.talk_owed.take().filter(|p| id.is_none() && !p.contains(date)) {
                    Some(p) => {
                        let y = p.start.year();
                        Ok(vec![
                            Action::Reload,
                            Action::Info(match lang {
                                Lang::Zh => format!("已保存谈话记录（{}）；{y} 年的谈话提醒仍在：只有 {y} 年内的谈话能消除它", dates::fmt(date)),
                                Lang::En => format!("talk saved ({}); {y}'s reminder stays: only a talk in {y} clears it", dates::fmt(date)),
                            }),
                        ])
                    }
                    None => saved("已保存谈话记录", "talk saved"),
                }
            }
            FormKind::Tab(DISPOSAL, id) => {
                let archived = save_disposal(form, id, cx)?;
                if archived {
                    saved("已保存组织处置，该党员已按此归档", "disposal saved; the member is archived with it")
                } else {
                    saved("已保存组织处置", "disposal saved")
                }
            }
            FormKind::Tab(COMMEND, id) => {
                save_commend(form, id, cx)?;
                saved("已保存表彰", "commendation saved")
            }
            FormKind::Tab(CAMPAIGN, id) => {
                save_campaign(form, id, cx)?;
                self.view = View::Campaign;
                saved("已保存党性分析评议", "campaign saved")
            }
            FormKind::Tab(ENTRY, Some(member)) => {
                let Some(c) = &self.campaign else { return Ok(Vec::new()) };
                save_entry(form, c.id, member, cx)?;
                saved("已保存", "saved")
            }
            _ => Ok(Vec::new()),
        }
    }
}

/// The facts that should inform a member's grade, one line each, in the order the panel shows
/// them: the sheet's panel and the grading form both show these lines (one computation,
/// `Service::member_facts`, one wording). `grade_now` is the sheet's current grade; the form
/// has its own grade field, so it passes `None` and only last year's grade is named.
fn fact_lines(x: &MemberFacts, grade_now: Option<String>, lang: Lang) -> Vec<String> {
    let mut out = Vec::new();
    let last = x.last_year_grade.map(|g| g.label(lang));
    out.push(match (lang, grade_now, last) {
        (Lang::Zh, Some(now), Some(l)) => format!("等次：{now}  去年：{l}"),
        (Lang::Zh, Some(now), None) => format!("等次：{now}"),
        (Lang::Zh, None, l) => format!("去年等次：{}", l.unwrap_or("无记录")),
        (Lang::En, Some(now), Some(l)) => format!("Grade: {now}  last year: {l}"),
        (Lang::En, Some(now), None) => format!("Grade: {now}"),
        (Lang::En, None, l) => format!("Last year's grade: {}", l.unwrap_or("none recorded")),
    });
    let a = &x.attendance;
    out.push(match lang {
        Lang::Zh => format!("出勤：应到 {} 次，出席 {}，请假 {}，无故缺席 {}", a.expected, a.present, a.excused, a.absent),
        Lang::En => format!("Attendance: expected {}, present {}, excused {}, unexcused {}", a.expected, a.present, a.excused, a.absent),
    });
    let (u, st) = (x.unit, &x.study);
    out.push(match (lang, st.target_min) {
        (Lang::Zh, Some(t)) => {
            format!("学习：已完成 {}，目标 {}（{}）", u.format(st.credited_min, lang), u.format(t, lang), st.standing.label(lang))
        }
        (Lang::En, Some(t)) => {
            format!("Study: {} of {} ({})", u.format(st.credited_min, lang), u.format(t, lang), st.standing.label(lang))
        }
        (_, None) => format!("{}{}", lang.pick("学习：", "Study: "), st.standing.label(lang)),
    });
    // Pledges, service and dues share a line: with the four above they fit the five lines
    // an 80x24 screen leaves the panel.
    let mut work = Vec::new();
    if let Some(p) = &x.pledges {
        // Withdrawn pledges are no pledges: named apart, only when there are any.
        let apart = match (lang, p.withdrawn) {
            (_, 0) => String::new(),
            (Lang::Zh, n) => format!("（另撤销 {n}）"),
            (Lang::En, n) => format!(" ({n} withdrawn)"),
        };
        work.push(match lang {
            Lang::Zh => format!("承诺 {} 项{apart}，已兑现 {}；服务记录 {} 次", p.pledges, p.fulfilled, p.service_records),
            Lang::En => format!("Pledges {}{apart}, fulfilled {}; service {}", p.pledges, p.fulfilled, p.service_records),
        });
    }
    if let Some(n) = x.unpaid_dues_months {
        work.push(match lang {
            Lang::Zh => format!("党费未缴 {n} 个月"),
            Lang::En if work.is_empty() => format!("Dues unpaid {n} month(s)"),
            Lang::En => format!("dues unpaid {n} month(s)"),
        });
    }
    if !work.is_empty() {
        out.push(work.join(lang.pick("；", "; ")));
    }
    for r in &x.open_items {
        out.push(match lang {
            Lang::Zh => format!("未完成整改：{}（{} 前）", display_safe(&r.item), dates::fmt(r.due)),
            Lang::En => format!("Open item: {} (due {})", display_safe(&r.item), dates::fmt(r.due)),
        });
    }
    out
}

/// The lines that fit `area` (wrapped at its width); when some do not, the last row says how
/// many are left out and where they are all shown, so nothing is cut off without a mark.
fn fit_lines<'a>(lines: Vec<Line<'a>>, area: Rect, lang: Lang, theme: &Theme) -> Vec<Line<'a>> {
    let w = (area.width as usize).max(1);
    let rows = |l: &Line| l.width().max(1).div_ceil(w);
    let room = area.height as usize;
    if lines.iter().map(rows).sum::<usize>() <= room {
        return lines;
    }
    let mut out = Vec::new();
    let mut used = 0;
    for l in lines.iter() {
        if used + rows(l) > room.saturating_sub(1) {
            break;
        }
        used += rows(l);
        out.push(l.clone());
    }
    let left = lines.len() - out.len();
    let mark = match lang {
        Lang::Zh => format!("（另有 {left} 行，Enter 在评议详情中查看全部）"),
        Lang::En => format!("({left} more line(s): Enter shows them all)"),
    };
    out.push(Line::from(Span::styled(mark, theme.key())));
    out
}

// ---- forms

fn members_pick(cx: &Cx, keep: &[i64]) -> Vec<PickOpt> {
    cx.service
        .members()
        .unwrap_or_default()
        .into_iter()
        .filter(|m| !m.is_archived() || keep.contains(&m.id))
        .map(|m| PickOpt { key: SearchKey::new(&m.draft.name, &m.number), id: m.id, label: m.draft.name.into() })
        .collect()
}

fn choice_opts<T: Copy>(all: &[T], id: fn(T) -> &'static str, label: fn(T, Lang) -> &'static str, lang: Lang) -> Vec<Opt> {
    all.iter().map(|&x| Opt::new(id(x), label(x, lang))).collect()
}

const TALLY: [&str; 4] = ["votes_excellent", "votes_qualified", "votes_basic", "votes_unqualified"];

fn grading_form(cx: &Cx, g: &Grading) -> Form {
    let lang = cx.lang;
    let name = cx.service.member(g.member_id).map(|m| m.draft.name).unwrap_or_default();
    let mut grades = vec![Opt::new("", lang.pick("未评", "none"))];
    grades.extend(choice_opts(Grade::ALL, Grade::id, Grade::label, lang));
    let mut bodies = vec![Opt::new("", lang.pick("未定", "not yet"))];
    bodies.extend(choice_opts(DecisionBody::ALL, DecisionBody::id, DecisionBody::label, lang));
    let t = g.tallies;
    let tallies = [t.excellent, t.qualified, t.basic, t.unqualified];
    let mut fields = vec![
        Field::choice(field::GRADE, lang.pick("等次", "Grade"), grades, g.grade.map_or("", |x| x.id())),
        Field::choice(field::DECIDED_BY, lang.pick("评定机构", "Decided by"), bodies, g.decided_by.map_or("", |x| x.id())),
        Field::text(field::OPINION, lang.pick("综合评议意见", "Overall opinion"), &g.opinion),
        Field::text(field::PUBLIC_OPINION, lang.pick("群众意见", "Public opinion"), &g.public_opinion),
        Field::date(field::SELF_ASSESSED, lang.pick("自评提交", "Self-review"), g.self_assessed, lang),
        Field::date(field::FEEDBACK_ON, lang.pick("反馈本人", "Fed back"), g.feedback_on, lang),
    ];
    for (i, key) in TALLY.iter().enumerate() {
        let label = match lang {
            Lang::Zh => format!("测评票：{}", Grade::ALL[i].label(lang)),
            Lang::En => format!("Votes: {}", Grade::ALL[i].label(lang)),
        };
        fields.push(Field::text(key, &label, &tallies[i].to_string()));
    }
    let title = match lang {
        Lang::Zh => format!("{} {}年民主评议", display_safe(&name), g.year),
        Lang::En => format!("{} evaluation {}", name, g.year),
    };
    // The facts the sheet's panel shows, from the same computation and in the same words.
    let facts = cx.service.member_facts(g.member_id, g.year).map(|x| fact_lines(&x, None, lang)).unwrap_or_default();
    Form::new(FormKind::Tab(GRADING, Some(g.member_id)), title, fields)
        .with_info(lang.pick("评议参考", "Facts for the grade"), facts)
}

fn save_grading(form: &mut Form, member: i64, year: i32, cx: &mut Cx) -> Result<(), SaveError> {
    let (today, lang) = (cx.today(), cx.lang);
    let self_assessed = form.date(field::SELF_ASSESSED, false, today, lang);
    let feedback_on = form.date(field::FEEDBACK_ON, false, today, lang);
    let mut v = [0u32; 4];
    for (i, key) in TALLY.iter().enumerate() {
        if form.text(key).trim().is_empty() {
            continue;
        }
        v[i] = form.number(key, (0, 100_000), lang).unwrap_or(0) as u32;
    }
    if form.has_errors() {
        return Err(SaveError::Invalid);
    }
    let mut g = cx.service.grading(member, year)?;
    g.grade = Grade::from_id(form.choice(field::GRADE));
    g.decided_by = DecisionBody::from_id(form.choice(field::DECIDED_BY));
    g.opinion = form.text(field::OPINION);
    g.public_opinion = form.text(field::PUBLIC_OPINION);
    g.self_assessed = self_assessed;
    g.feedback_on = feedback_on;
    g.tallies = Tallies { excellent: v[0], qualified: v[1], basic: v[2], unqualified: v[3] };
    cx.service.save_grading(&g)?;
    Ok(())
}

/// A rectification item of `member`, named in the title: the form covers the sheet.
fn rect_form(cx: &Cx, member: i64, r: Option<&Rectification>, year: i32) -> Form {
    let lang = cx.lang;
    let fields = vec![
        Field::text(field::RECT_ITEM, lang.pick("整改事项", "Item"), r.map_or("", |r| &r.item)),
        Field::date(field::RECT_DUE, lang.pick("整改期限", "Due"), r.map(|r| r.due), lang),
        Field::date(field::RECT_DONE, lang.pick("完成日期", "Done"), r.and_then(|r| r.done), lang),
    ];
    let name = cx.service.member(member).map(|m| display_safe(&m.draft.name)).unwrap_or_default();
    let title = match lang {
        Lang::Zh => format!("{name} {year}年整改事项"),
        Lang::En => format!("Rectification item {year}: {name}"),
    };
    Form::new(FormKind::Tab(RECT, r.map(|r| r.id)), title, fields)
}

fn save_rect(form: &mut Form, id: Option<i64>, member: i64, year: i32, cx: &mut Cx) -> Result<(), SaveError> {
    let (today, lang) = (cx.today(), cx.lang);
    // A short date (`1215`, `t`) is this year's, as in every form; the due date may lie ahead.
    let due = form.date(field::RECT_DUE, true, today, lang);
    let done = form.date(field::RECT_DONE, false, today, lang);
    let (Some(due), false) = (due, form.has_errors()) else { return Err(SaveError::Invalid) };
    let r = Rectification { id: id.unwrap_or(0), member_id: member, year, item: form.text(field::RECT_ITEM), due, done };
    cx.service.save_rectification(&r)?;
    Ok(())
}

const ROUND_FIELDS: [&str; 5] =
    [field::ROUND_SELF, field::ROUND_PEER, field::ROUND_VOTE, field::ROUND_DECISION, field::ROUND_NOTICE];

fn round_form(cx: &Cx, r: &Round) -> Form {
    let lang = cx.lang;
    let fields = r
        .steps()
        .iter()
        .zip(ROUND_FIELDS)
        .map(|((zh, en, d), key)| Field::date(key, lang.pick(zh, en), *d, lang))
        .collect();
    let title = match lang {
        Lang::Zh => format!("{}年民主评议步骤", r.year),
        Lang::En => format!("{} evaluation round", r.year),
    };
    Form::new(FormKind::Tab(ROUND, None), title, fields)
}

fn save_round(form: &mut Form, year: i32, cx: &mut Cx) -> Result<(), SaveError> {
    let (today, lang) = (cx.today(), cx.lang);
    let d: Vec<_> = ROUND_FIELDS.iter().map(|k| form.date(k, false, today, lang)).collect();
    if form.has_errors() {
        return Err(SaveError::Invalid);
    }
    let mut r = cx.service.evaluation_round(year)?;
    (r.self_review, r.peer_review, r.vote, r.decision, r.notice) = (d[0], d[1], d[2], d[3], d[4]);
    cx.service.save_round(&r)?;
    Ok(())
}

const TALK_WHO: [&str; 3] = [field::TALK_MEMBERS, "talk_member_2", "talk_member_3"];

fn talk_form(cx: &Cx, t: Option<&Talk>, member: Option<i64>) -> Form {
    let lang = cx.lang;
    let keep: Vec<i64> = t.map(|t| t.members.clone()).unwrap_or_default();
    let opts = members_pick(cx, &keep);
    let secretary = cx
        .service
        .members()
        .unwrap_or_default()
        .into_iter()
        .find(|m| !m.is_archived() && m.draft.posts.contains(&crate::domain::member::PartyPost::Secretary))
        .map(|m| m.id);
    let who: Vec<Option<i64>> = match t {
        Some(t) => (0..3).map(|i| t.members.get(i).copied()).collect(),
        None => vec![secretary, member.filter(|m| Some(*m) != secretary), None],
    };
    let labels = [("谈话人", "With"), ("谈话对象", "Member"), ("其他参加人", "Also")];
    let mut fields = vec![
        Field::date(field::TALK_DATE, lang.pick("日期", "Date"), Some(t.map_or(cx.today(), |t| t.date)), lang),
        Field::choice(
            "talk_kind",
            lang.pick("类型", "Kind"),
            choice_opts(TalkKind::ALL, TalkKind::id, TalkKind::label, lang),
            t.map_or(TalkKind::Heart.id(), |t| t.kind.id()),
        ),
    ];
    for (i, key) in TALK_WHO.iter().enumerate() {
        fields.push(Field::pick(key, lang.pick(labels[i].0, labels[i].1), opts.clone(), who[i]));
    }
    fields.push(Field::text(field::TALK_TOPIC, lang.pick("主题", "Topic"), t.map_or("", |t| &t.topic)));
    fields.push(Field::text(field::TALK_NOTES, lang.pick("要点", "Notes"), t.map_or("", |t| &t.notes)));
    let title = if t.is_some() { lang.pick("修改谈话记录", "Edit talk") } else { lang.pick("登记谈心谈话", "Log a talk") };
    let mut form =
        Form::new(FormKind::Tab(TALK, t.map(|t| t.id)), title.into(), fields).editing(t.map(|t| Record::Talk(t.id)));
    if t.is_none() && who[1].is_some() {
        form.focus_key(field::TALK_TOPIC);
    }
    form
}

fn save_talk(form: &mut Form, id: Option<i64>, cx: &mut Cx) -> Result<chrono::NaiveDate, SaveError> {
    let (today, lang) = (cx.today(), cx.lang);
    let date = form.date(field::TALK_DATE, true, today, lang);
    let Some(date) = date else { return Err(SaveError::Invalid) };
    let mut members: Vec<i64> = TALK_WHO.iter().filter_map(|k| form.picked(k)).collect();
    members.sort_unstable();
    members.dedup();
    let t = Talk {
        id: id.unwrap_or(0),
        date,
        kind: TalkKind::from_id(form.choice("talk_kind")).unwrap_or(TalkKind::Heart),
        members,
        topic: form.text(field::TALK_TOPIC),
        notes: form.text(field::TALK_NOTES),
    };
    cx.service.save_talk(&t, form.seen())?;
    Ok(date)
}

fn disposal_form(cx: &Cx, d: Option<&Disposal>, member: Option<i64>) -> Form {
    let lang = cx.lang;
    let member = d.map(|d| d.member_id).or(member);
    let fields = vec![
        Field::pick(field::DISPOSAL_MEMBER, lang.pick("党员", "Member"), members_pick(cx, &member.into_iter().collect::<Vec<_>>()), member),
        Field::choice(
            "disposal_kind",
            lang.pick("处置", "Step"),
            choice_opts(DisposalKind::ALL, DisposalKind::id, DisposalKind::label, lang),
            d.map_or(DisposalKind::Criticism.id(), |d| d.kind.id()),
        ),
        Field::date(field::DISPOSAL_DECIDED, lang.pick("决定日期", "Decided"), Some(d.map_or(cx.today(), |d| d.decided_on)), lang),
        Field::choice(
            "disposal_body",
            lang.pick("决定机构", "Decided by"),
            choice_opts(DecisionBody::ALL, DecisionBody::id, DecisionBody::label, lang),
            d.map_or(DecisionBody::GeneralMeeting.id(), |d| d.decided_by.id()),
        ),
        Field::date(field::DISPOSAL_APPROVED, lang.pick("上级批准", "Approved above"), d.and_then(|d| d.approved_on), lang),
        Field::date(field::DISPOSAL_DEADLINE, lang.pick("改正期限", "Deadline"), d.and_then(|d| d.deadline), lang)
            .hint(lang.pick("仅限期改正，不超过 1 年", "correction deadline only, at most a year")),
        Field::text(field::DISPOSAL_OUTCOME, lang.pick("结果", "Outcome"), d.map_or("", |d| &d.outcome)),
        Field::date(field::DISPOSAL_OUTCOME_ON, lang.pick("结果日期", "Outcome on"), d.and_then(|d| d.outcome_on), lang),
    ];
    let title = lang.pick("组织处置", "Disposal");
    Form::new(FormKind::Tab(DISPOSAL, d.map(|d| d.id)), title.into(), fields).editing(d.map(|d| Record::Disposal(d.id)))
}

/// Saves a disposal; `true` when it archived the member.
fn save_disposal(form: &mut Form, id: Option<i64>, cx: &mut Cx) -> Result<bool, SaveError> {
    let (today, lang) = (cx.today(), cx.lang);
    let member = form.picked(field::DISPOSAL_MEMBER);
    if member.is_none() {
        form.set_error(field::DISPOSAL_MEMBER, lang.pick("请选择党员", "choose a member").into());
    }
    let decided = form.date(field::DISPOSAL_DECIDED, true, today, lang);
    let approved = form.date(field::DISPOSAL_APPROVED, false, today, lang);
    // A deadline lies ahead; a short date is this year's, and the rule checks the one-year limit.
    let deadline = form.date(field::DISPOSAL_DEADLINE, false, today, lang);
    let outcome_on = form.date(field::DISPOSAL_OUTCOME_ON, false, today, lang);
    let (Some(member_id), Some(decided_on), false) = (member, decided, form.has_errors()) else {
        return Err(SaveError::Invalid);
    };
    let d = Disposal {
        id: id.unwrap_or(0),
        member_id,
        kind: DisposalKind::from_id(form.choice("disposal_kind")).unwrap_or(DisposalKind::Criticism),
        decided_on,
        decided_by: DecisionBody::from_id(form.choice("disposal_body")).unwrap_or(DecisionBody::GeneralMeeting),
        approved_on: approved,
        deadline,
        outcome: form.text(field::DISPOSAL_OUTCOME),
        outcome_on,
    };
    cx.service.save_disposal(&d, form.seen())?;
    Ok(d.archive_date().is_some())
}

fn commend_form(cx: &Cx, year: i32, c: Option<&Commendation>) -> Form {
    let lang = cx.lang;
    let member = c.and_then(|c| c.member_id);
    let fields = vec![
        Field::text("commend_year", lang.pick("年度", "Year"), &c.map_or(year, |c| c.year).to_string()),
        Field::choice(
            "commend_title",
            lang.pick("称号", "Title"),
            choice_opts(CommendationTitle::ALL, CommendationTitle::id, CommendationTitle::label, lang),
            c.map_or(CommendationTitle::ExcellentMember, |c| c.title).id(),
        ),
        Field::pick(
            field::COMMEND_MEMBER,
            lang.pick("党员", "Member"),
            members_pick(cx, &member.into_iter().collect::<Vec<_>>()),
            member,
        )
        .hint(lang.pick("先进基层党组织不填", "empty for the branch's title")),
        Field::text(field::COMMEND_LEVEL, lang.pick("授予单位", "Awarded by"), c.map_or("", |c| &c.level)),
        Field::date(field::COMMEND_DATE, lang.pick("日期", "Date"), Some(c.map_or(cx.today(), |c| c.date)), lang),
    ];
    let title = if c.is_some() { lang.pick("修改表彰", "Edit commendation") } else { lang.pick("登记表彰", "Add a commendation") };
    Form::new(FormKind::Tab(COMMEND, c.map(|c| c.id)), title.into(), fields).editing(c.map(|c| Record::Commendation(c.id)))
}

fn save_commend(form: &mut Form, id: Option<i64>, cx: &mut Cx) -> Result<(), SaveError> {
    let (today, lang) = (cx.today(), cx.lang);
    let year = form.number("commend_year", (1900, 2199), lang);
    let date = form.date(field::COMMEND_DATE, true, today, lang);
    let (Some(year), Some(date), false) = (year, date, form.has_errors()) else { return Err(SaveError::Invalid) };
    let c = Commendation {
        id: id.unwrap_or(0),
        year: year as i32,
        member_id: form.picked(field::COMMEND_MEMBER),
        title: CommendationTitle::from_id(form.choice("commend_title")).unwrap_or(CommendationTitle::ExcellentMember),
        level: form.text(field::COMMEND_LEVEL),
        date,
    };
    cx.service.save_commendation(&c, form.seen())?;
    Ok(())
}

fn campaign_form(cx: &Cx, year: i32, c: Option<&Campaign>) -> Form {
    let lang = cx.lang;
    let closed = c.is_some_and(|c| c.closed);
    let fields = vec![
        Field::text("campaign_year", lang.pick("年度", "Year"), &c.map_or(year, |c| c.year).to_string()),
        Field::text(field::CAMPAIGN_BY, lang.pick("部署单位", "Arranged by"), c.map_or("", |c| &c.arranged_by)),
        Field::date(field::CAMPAIGN_FROM, lang.pick("开始", "From"), Some(c.map_or(cx.today(), |c| c.from)), lang),
        Field::date(field::CAMPAIGN_TO, lang.pick("结束", "To"), c.map(|c| c.to), lang),
        Field::choice(
            "campaign_closed",
            lang.pick("已完成", "Closed"),
            vec![Opt::new("0", lang.pick("否", "no")), Opt::new("1", lang.pick("是", "yes"))],
            if closed { "1" } else { "0" },
        )
        .hint(lang.pick("完成后不再提醒", "no reminders once closed")),
    ];
    let title = if c.is_some() { lang.pick("修改党性分析评议", "Edit party-spirit analysis") } else { lang.pick("新建党性分析评议", "New party-spirit analysis") };
    Form::new(FormKind::Tab(CAMPAIGN, c.map(|c| c.id)), title.into(), fields)
}

fn save_campaign(form: &mut Form, id: Option<i64>, cx: &mut Cx) -> Result<(), SaveError> {
    let lang = cx.lang;
    let today = cx.today();
    let year = form.number("campaign_year", (1900, 2199), lang);
    let from = form.date(field::CAMPAIGN_FROM, true, today, lang);
    let to = form.date(field::CAMPAIGN_TO, true, today, lang);
    let (Some(year), Some(from), Some(to), false) = (year, from, to, form.has_errors()) else {
        return Err(SaveError::Invalid);
    };
    let c = Campaign {
        id: id.unwrap_or(0),
        year: year as i32,
        arranged_by: form.text(field::CAMPAIGN_BY),
        from,
        to,
        closed: form.choice("campaign_closed") == "1",
    };
    cx.service.save_campaign(&c)?;
    Ok(())
}

fn entry_form(cx: &Cx, campaign: i64, e: &CampaignEntry) -> Form {
    let lang = cx.lang;
    let yes_no = |on: bool| {
        (vec![Opt::new("0", lang.pick("否", "no")), Opt::new("1", lang.pick("是", "yes"))], if on { "1" } else { "0" })
    };
    let (t_opts, t_on) = yes_no(e.talked);
    let (a_opts, a_on) = yes_no(e.analysed);
    let name = cx.service.member(e.member_id).map(|m| m.draft.name).unwrap_or_default();
    let fields = vec![
        Field::date("entry_material", lang.pick("党性分析材料", "Material"), e.material_on, lang),
        Field::choice("entry_talked", lang.pick("谈心交心", "Talk held"), t_opts, t_on),
        Field::choice("entry_analysed", lang.pick("专题组织生活会评议", "Analysed"), a_opts, a_on),
        Field::text(field::OPINION, lang.pick("综合意见", "Opinion"), &e.opinion),
        Field::text("entry_rect", lang.pick("整改", "Rectification"), &e.rectification),
        Field::date("entry_notice", lang.pick("通报日期", "Notice"), e.notice_on, lang),
    ];
    let _ = campaign;
    Form::new(FormKind::Tab(ENTRY, Some(e.member_id)), display_safe(&name), fields)
}

fn save_entry(form: &mut Form, campaign: i64, member: i64, cx: &mut Cx) -> Result<(), SaveError> {
    let (today, lang) = (cx.today(), cx.lang);
    let material_on = form.date("entry_material", false, today, lang);
    let notice_on = form.date("entry_notice", false, today, lang);
    if form.has_errors() {
        return Err(SaveError::Invalid);
    }
    let e = CampaignEntry {
        member_id: member,
        material_on,
        talked: form.choice("entry_talked") == "1",
        analysed: form.choice("entry_analysed") == "1",
        opinion: form.text(field::OPINION),
        rectification: form.text("entry_rect"),
        notice_on,
    };
    cx.service.save_campaign_entry(campaign, &e)?;
    Ok(())
}

// Tests at module level: in a tab module `super::` names the list of tabs (tests/architecture.rs).
#[cfg(test)]
use crate::domain::study::{CreditUnit, StudyStatus};
#[cfg(test)]
use crate::service::evaluation::{AttendanceFacts, PledgeFacts};

#[cfg(test)]
fn facts(pledges: Option<PledgeFacts>, unpaid: Option<u32>) -> MemberFacts {
    MemberFacts {
        member_id: 1,
        year: 2026,
        attendance: AttendanceFacts { expected: 12, present: 9, excused: 2, absent: 1 },
        unit: CreditUnit::of(&crate::domain::settings::Settings::default()),
        study: StudyStatus {
            target_min: Some(12 * 480),
            credited_min: 10 * 480,
            expected_min: 11 * 480,
            shortfall_min: 2 * 480,
            standing: crate::domain::study::Standing::Behind,
        },
        last_year_grade: Some(Grade::Qualified),
        open_items: Vec::new(),
        pledges,
        unpaid_dues_months: unpaid,
    }
}

#[cfg(test)]
fn panel(f: MemberFacts) -> String {
    panel_sized(f, 10)
}

#[cfg(test)]
fn panel_sized(f: MemberFacts, height: u16) -> String {
    let mut tab = EvaluationTab::create(2026);
    let row = SheetRow {
        member_id: 1,
        number: "0001".into(),
        name: "张三".into(),
        group: None,
        standing: Standing::Graded,
        grade: None,
        has_opinion: false,
        talked: true,
        items_open: 0,
        items_total: 0,
        disposals: 0,
    };
    tab.sheet.set_rows(vec![SheetTableRow::new(row, &GroupOrder::default(), Lang::Zh)]);
    tab.facts = Some(f);
    let mut term = ratatui::Terminal::new(ratatui::backend::TestBackend::new(80, height)).unwrap();
    term.draw(|fr| tab.draw_facts(fr, fr.area(), &Theme::new(true, false), Lang::Zh)).unwrap();
    let buf = term.backend().buffer().clone();
    (0..buf.area.height)
        .map(|y| (0..buf.area.width).map(|x| buf[(x, y)].symbol().to_string()).collect::<String>())
        .collect::<Vec<_>>()
        .join("\n")
        // Wide characters leave a blank cell after them: compare without spaces.
        .replace(' ', "")
}

/// Pledges, service and dues are shown only once this program records them: never a
/// made-up value.
#[test]
fn the_facts_panel_shows_pledges_and_dues_only_when_recorded() {
    let without = panel(facts(None, None));
    assert!(without.contains("无故缺席1"), "{without}");
    assert!(without.contains("去年：合格"), "{without}");
    assert!(!without.contains("承诺") && !without.contains("党费"), "{without}");
    let with = panel(facts(Some(PledgeFacts { pledges: 2, fulfilled: 1, withdrawn: 0, service_records: 5 }), Some(3)));
    assert!(with.contains("承诺2项，已兑现1；服务记录5次"), "{with}");
    assert!(with.contains("党费未缴3个月"), "{with}");
    let apart = panel(facts(Some(PledgeFacts { pledges: 1, fulfilled: 0, withdrawn: 1, service_records: 0 }), None));
    assert!(apart.contains("承诺1项（另撤销1），已兑现0"), "{apart}");
}

/// At 80x24 the panel has five rows: every fact of a member without open items fits, and
/// when more lines exist the last row says so instead of cutting them off unmarked.
#[test]
fn the_facts_panel_fits_five_rows_or_says_what_is_left_out() {
    let full = facts(Some(PledgeFacts { pledges: 2, fulfilled: 1, withdrawn: 0, service_records: 5 }), Some(3));
    let five = panel_sized(full.clone(), 7);
    assert!(five.contains("党费未缴3个月"), "{five}");
    assert!(!five.contains("另有"), "{five}");
    let mut more = full;
    more.open_items = vec![
        Rectification { id: 1, member_id: 1, year: 2026, item: "按时参加组织生活".into(), due: chrono::NaiveDate::from_ymd_opt(2026, 12, 31).unwrap(), done: None },
        Rectification { id: 2, member_id: 1, year: 2026, item: "补齐学习时间".into(), due: chrono::NaiveDate::from_ymd_opt(2026, 12, 31).unwrap(), done: None },
    ];
    let cut = panel_sized(more.clone(), 7);
    assert!(cut.contains("（另有3行，Enter在评议详情中查看全部）"), "{cut}");
    let tall = panel_sized(more, 12);
    assert!(tall.contains("补齐学习时间") && !tall.contains("另有"), "{tall}");
}

/// The grading form and the panel word the facts alike: the form names last year's grade only
/// (it has its own grade field), the rest is the same lines.
#[test]
fn the_grading_form_shows_the_panels_facts() {
    let x = facts(Some(PledgeFacts { pledges: 2, fulfilled: 1, withdrawn: 0, service_records: 5 }), Some(3));
    let sheet = fact_lines(&x, Some("合格".into()), Lang::Zh);
    let form = fact_lines(&x, None, Lang::Zh);
    assert_eq!(sheet[0], "等次：合格  去年：合格");
    assert_eq!(form[0], "去年等次：合格");
    assert_eq!(sheet[1..], form[1..]);
    assert!(form.iter().any(|l| l == "承诺 2 项，已兑现 1；服务记录 5 次；党费未缴 3 个月"), "{form:?}");
}
