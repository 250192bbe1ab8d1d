//! The 承诺 tab: members' contact with and service to the masses for one year (seed B1-B9), in
//! four views switched by one key each: pledges (the default), service records, pairings and
//! posts, care for members. Closing a pledge is the daily action: `f` marks it fulfilled today
//! and asks for the masses' evaluation (`1` `2` `3`). Nothing is deleted: `d` withdraws a pledge
//! or archives a record.

use std::borrow::Cow;
use chrono::{Datelike, NaiveDate};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use crate::domain::dates;
use crate::domain::lang::Lang;
use crate::domain::pledge::{
    Archivable, Care, CareDraft, CareReason, MassEvaluation, Pairing, PairingDraft, Pledge, PledgeCategory,
    PledgeDraft, PledgeStatus, Post, PostDraft, ServiceDraft, ServiceKind, ServiceRecord, ServiceTime, field,
    fmt_yuan, parse_time, parse_yuan, posts_offered,
};
use crate::domain::pledge_rules::{RULES, evaluation_overdue, feedback_state, open_state};
use crate::domain::rules::{Finding, RuleId, Severity, Subject};
use crate::domain::settings::Settings;
use crate::service::pledges::{CareOutlook, Link, PledgeMark};
use crate::service::search::SearchKey;
use crate::service::{Service, ServiceError};
use crate::tui::form::{Field, Form, FormKind, Opt, PickOpt};
use crate::tui::keymap::{Ctx, Msg};
use crate::tui::tab::{Action, Cx, SaveError, TabView, report, step_year, table_contexts};
use crate::tui::table::{Column, TableRow, TableView, col};
use crate::tui::text::{ClearPopup, display_safe};
use crate::tui::theme::{Theme, Tone, severity_tone};

pub const PLEDGE_FORM: &str = "pledge";
pub const SERVICE_FORM: &str = "service";
pub const PAIRING_FORM: &str = "pairing";
pub const POST_FORM: &str = "post";
pub const CARE_FORM: &str = "care";

/// The four views, in the order of their keys (`p` `v` `b` `c`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum View {
    Pledges,
    Service,
    Links,
    Care,
}

impl View {
    pub const ALL: [View; 4] = [View::Pledges, View::Service, View::Links, View::Care];

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            View::Pledges => lang.pick("p 承诺", "p pledges"),
            View::Service => lang.pick("v 联系服务", "v service"),
            View::Links => lang.pick("b 结对与岗位", "b pairs & posts"),
            View::Care => lang.pick("c 关怀帮扶", "c care"),
        }
    }
}

// The last column takes the width left over: the text of the record goes there.
const PLEDGE_COLUMNS: &[Column] = &[
    col(("姓名", "Name"), 8, 0),
    col(("状态", "Status"), 11, 0),
    col(("提示", "Note"), 8, 0),
    col(("完成时限", "Target"), 10, 2),
    col(("群众评价", "Evaluation"), 12, 3),
    col(("类别", "Kind"), 6, 4),
    col(("承诺内容", "Pledge"), 20, 0),
];

const SERVICE_COLUMNS: &[Column] = &[
    col(("日期", "Date"), 10, 0),
    col(("姓名", "Name"), 8, 0),
    col(("类型", "Kind"), 8, 2),
    col(("时长", "Time"), 6, 3),
    col(("反馈", "Feedback"), 10, 0),
    col(("群众反映", "Issue"), 12, 1),
    col(("服务对象", "Counterpart"), 10, 4),
    col(("内容", "What"), 14, 0),
];

const LINK_COLUMNS: &[Column] = &[
    col(("类型", "Type"), 4, 0),
    col(("姓名", "Name"), 8, 0),
    col(("帮扶对象/岗位", "Household / post"), 16, 0),
    col(("开始", "From"), 10, 1),
    col(("结束", "To"), 10, 1),
    col(("成效/职责", "Outcome / duties"), 20, 2),
];

const CARE_COLUMNS: &[Column] = &[
    col(("日期", "Date"), 10, 0),
    col(("姓名", "Name"), 8, 0),
    col(("原因", "Reason"), 8, 0),
    col(("金额(元)", "Yuan"), 9, 0),
    col(("帮扶措施", "Measure"), 20, 0),
];

/// What a row is.
#[derive(Clone, Debug)]
pub enum Rec {
    /// A pledge, or (`None`) an eligible member with no pledge yet.
    Pledge(Option<Pledge>, PledgeMark),
    Service(ServiceRecord),
    Pairing(Pairing),
    Post(Post),
    Care(Care),
    /// A member flagged 生活困难 with no care record in the year.
    Hardship,
}

pub struct Item {
    id: i64,
    pub member_id: i64,
    pub rec: Rec,
    key: SearchKey,
    cells: Cells,
    tone: Tone,
    marker: Option<usize>,
}

/// A row's texts: made when loaded, or (the pledge view, a row for every member of a large
/// branch) when drawn, only for the rows on screen.
enum Cells {
    Made(Vec<String>),
    /// The member's name as shown (control characters removed).
    Pledge { name: crate::domain::member::Text, lang: Lang },
}

impl Item {
    fn text(&self, col: usize) -> Cow<'_, str> {
        match (&self.cells, &self.rec) {
            (Cells::Made(cells), _) => Cow::Borrowed(&cells[col]),
            (Cells::Pledge { name, .. }, _) if col == 0 => Cow::Borrowed(name.as_str()),
            (Cells::Pledge { lang, .. }, Rec::Pledge(pledge, mark)) => {
                Cow::Owned(pledge_cell(pledge.as_ref().map(|p| &p.draft), *mark, col, *lang))
            }
            (Cells::Pledge { .. }, _) => Cow::Borrowed(""),
        }
    }

    fn columns(&self) -> usize {
        match &self.cells {
            Cells::Made(cells) => cells.len(),
            Cells::Pledge { .. } => PLEDGE_COLUMNS.len(),
        }
    }
}

/// A cell of the pledge view after the name: a member's pledge, or the lack of one.
fn pledge_cell(p: Option<&PledgeDraft>, mark: PledgeMark, col: usize, lang: Lang) -> String {
    match col {
        1 => p.map(|p| p.status.label(lang).to_string()).unwrap_or_default(),
        2 => mark_text(mark, lang).to_string(),
        3 => p.map(|p| dates::fmt(p.target_date)).unwrap_or_default(),
        4 => p.and_then(|p| p.evaluation).map(|e| e.label(lang).to_string()).unwrap_or_default(),
        5 => p.map(|p| p.category.label(lang).to_string()).unwrap_or_default(),
        _ => p.map_or_else(
            || match mark {
                PledgeMark::NotAsked => lang.pick("（x 可取消）", "(x undoes)"),
                _ => lang.pick("（尚未承诺）", "(no pledge yet)"),
            }
            .to_string(),
            // A pledge assessed in another year's round says which.
            |p| match (p.eval_year != p.year, lang) {
                (true, Lang::Zh) => format!("[{}年评议] {}", p.eval_year, display_safe(&p.content)),
                (true, Lang::En) => format!("[review {}] {}", p.eval_year, display_safe(&p.content)),
                (false, _) => display_safe(&p.content),
            },
        ),
    }
}

impl TableRow for Item {
    fn id(&self) -> i64 {
        self.id
    }
    fn cell(&self, col: usize) -> Cow<'_, str> {
        self.text(col)
    }
    fn matches(&self, needle: &str) -> bool {
        self.key.matches(needle) || (0..self.columns()).any(|c| self.text(c).contains(needle))
    }
    fn tone(&self) -> Tone {
        self.tone
    }
    fn marker_col(&self) -> Option<usize> {
        self.marker
    }
}

fn mark_text(m: PledgeMark, lang: Lang) -> &'static str {
    match m {
        PledgeMark::None => "",
        PledgeMark::Late => lang.pick("逾期", "late"),
        PledgeMark::DueSoon => lang.pick("将到期", "soon"),
        PledgeMark::NotEvaluated => lang.pick("待评价", "evaluate"),
        PledgeMark::Missing => lang.pick("未承诺", "none"),
        PledgeMark::NotYet => lang.pick("待承诺", "to do"),
        PledgeMark::NotAsked => lang.pick("不要求", "excused"),
    }
}

fn mark_tone(m: PledgeMark) -> Tone {
    match m {
        PledgeMark::Late | PledgeMark::Missing | PledgeMark::NotEvaluated => Tone::Overdue,
        PledgeMark::DueSoon | PledgeMark::NotYet => Tone::DueSoon,
        PledgeMark::None => Tone::Normal,
        PledgeMark::NotAsked => Tone::Muted,
    }
}

pub struct PledgesTab {
    pub year: i32,
    pub view: View,
    pledges: TableView<Item>,
    service: TableView<Item>,
    links: TableView<Item>,
    care: TableView<Item>,
    /// The year's pledge deadline and (pledges, fulfilled, evaluated), for the title.
    summary: Option<(NaiveDate, (usize, usize, usize))>,
    /// A pledge just marked fulfilled, waiting for the masses' evaluation.
    pub evaluating: Option<i64>,
    /// The undo step of the `f` that marked it fulfilled: its evaluation joins it, so that one
    /// `u` undoes the whole `f`.
    fulfil_step: Option<i64>,
    /// The next 春节 or 七一 and who is still to be visited before it (the care view of the
    /// current year).
    outlook: Option<CareOutlook>,
}

impl PledgesTab {
    pub fn new(year: i32) -> PledgesTab {
        PledgesTab {
            year,
            view: View::Pledges,
            pledges: TableView::new(PLEDGE_COLUMNS)
                .with_empty(("本年没有承诺，也没有应承诺的党员", "no pledges and no member due to pledge")),
            service: TableView::new(SERVICE_COLUMNS).with_empty(("本年没有联系服务记录；按 n 登记", "no records; n adds one")),
            links: TableView::new(LINK_COLUMNS)
                .with_empty(("没有结对帮扶或设岗定责；n 新增结对，t 新增岗位", "none; n adds a pairing, t a post")),
            care: TableView::new(CARE_COLUMNS).with_empty(("本年没有关怀帮扶记录；按 n 登记", "no care records; n adds one")),
            summary: None,
            evaluating: None,
            fulfil_step: None,
            outlook: None,
        }
    }

    fn table(&self) -> &TableView<Item> {
        match self.view {
            View::Pledges => &self.pledges,
            View::Service => &self.service,
            View::Links => &self.links,
            View::Care => &self.care,
        }
    }

    fn table_mut(&mut self) -> &mut TableView<Item> {
        match self.view {
            View::Pledges => &mut self.pledges,
            View::Service => &mut self.service,
            View::Links => &mut self.links,
            View::Care => &mut self.care,
        }
    }

    pub fn selected(&self) -> Option<&Item> {
        self.table().selected()
    }

    /// Reads the current view's rows for the year.
    fn load_view(&mut self, service: &Service, lang: Lang) -> Result<(), ServiceError> {
        let year = self.year;
        let keys = |name: &str, number: &str| SearchKey::new(name, number);
        // The old rows go first: a reload would otherwise hold two lists of the year.
        self.table_mut().unload();
        match self.view {
            View::Pledges => {
                let ov = service.pledges_year(year)?;
                self.summary = Some((ov.deadline, ov.counts()));
                let rows = ov
                    .rows
                    .into_iter()
                    .map(|r| {
                        let p = r.pledge.as_ref().map(|p| &p.draft);
                        let cells = Cells::Pledge { name: display_safe(&r.name).into(), lang };
                        let muted = p.is_some_and(|p| p.status == PledgeStatus::Withdrawn);
                        Item {
                            id: r.pledge.as_ref().map_or(-r.member_id, |p| p.id),
                            member_id: r.member_id,
                            key: keys(&r.name, &r.number),
                            tone: if muted { Tone::Muted } else { mark_tone(r.mark) },
                            marker: (!matches!(r.mark, PledgeMark::None | PledgeMark::NotAsked)).then_some(2),
                            rec: Rec::Pledge(r.pledge, r.mark),
                            cells,
                        }
                    })
                    .collect();
                self.pledges.set_rows(rows);
            }
            View::Service => {
                let rows = service
                    .services_year(year)?
                    .into_iter()
                    .map(|r| {
                        let d = &r.record.draft;
                        let feedback = match (d.feedback_on, r.feedback) {
                            (Some(f), _) => dates::fmt(f),
                            (None, Some(Severity::Overdue)) => lang.pick("逾期", "overdue").to_string(),
                            (None, Some(Severity::DueSoon)) => lang.pick("将到期", "due soon").to_string(),
                            (None, None) if d.issue.trim().is_empty() => String::new(),
                            (None, None) => lang.pick("待反馈", "pending").to_string(),
                        };
                        let cells = vec![
                            dates::fmt(d.date),
                            display_safe(&r.name),
                            d.kind.label(lang).to_string(),
                            d.time.format(lang),
                            feedback,
                            display_safe(&d.issue),
                            display_safe(&d.counterpart),
                            display_safe(&d.description),
                        ];
                        Item {
                            id: r.record.id,
                            member_id: d.member_id,
                            key: keys(&r.name, &r.number),
                            tone: r.feedback.map_or(Tone::Normal, severity_tone),
                            marker: r.feedback.map(|_| 4),
                            rec: Rec::Service(r.record),
                            cells: Cells::Made(cells),
                        }
                    })
                    .collect();
                self.service.set_rows(rows);
            }
            View::Links => {
                let rows = service
                    .links_year(year)?
                    .into_iter()
                    .map(|l| {
                        let (id, member_id, kind, what, from, to, more, rec) = match l.link {
                            Link::Pairing(p) => (
                                p.id,
                                p.draft.member_id,
                                lang.pick("结对", "pair"),
                                p.draft.household.clone(),
                                p.draft.from,
                                p.draft.to,
                                p.draft.outcome.clone(),
                                Rec::Pairing(p),
                            ),
                            // Posts get negative ids so that they never share one with a pairing.
                            Link::Post(p) => (
                                -p.id,
                                p.draft.member_id,
                                lang.pick("岗位", "post"),
                                p.draft.name.clone(),
                                p.draft.from,
                                p.draft.to,
                                p.draft.duties.clone(),
                                Rec::Post(p),
                            ),
                        };
                        let cells = vec![
                            kind.to_string(),
                            display_safe(&l.name),
                            display_safe(&what),
                            dates::fmt(from),
                            dates::fmt_opt(to),
                            display_safe(&more),
                        ];
                        Item {
                            id,
                            member_id,
                            key: keys(&l.name, ""),
                            tone: Tone::Normal,
                            marker: None,
                            rec,
                            cells: Cells::Made(cells),
                        }
                    })
                    .collect();
                self.links.set_rows(rows);
            }
            View::Care => {
                let cares = service.cares_year(year)?;
                let profiles = service.service_profiles()?;
                let today = service.today();
                self.outlook = if year == today.year() { service.care_outlook()? } else { None };
                // Inside the warning days the visit is a 待办 item (due soon); before them the
                // list only says who is still to be visited.
                let near = self.outlook.as_ref().is_some_and(|o| o.days <= service.settings().yearly_warn_days.into());
                let mut rows: Vec<Item> = Vec::new();
                // Members in hardship with no care this year, or none since the six months before
                // the next 春节 or 七一, lead the list.
                let cared: crate::domain::ids::IdSet<i64> = cares.iter().map(|c| c.care.draft.member_id).collect();
                for m in service.members()?.into_iter().filter(|m| !m.is_archived()) {
                    let due = self.outlook.as_ref().filter(|o| o.due.contains(&m.id));
                    if !profiles.get(&m.id).is_some_and(|p| p.hardship) || (cared.contains(&m.id) && due.is_none()) {
                        continue;
                    }
                    let note = match (due, lang) {
                        (Some(o), Lang::Zh) => {
                            format!("（{} {} 前宜走访）", o.occasion.zh, dates::fmt(o.occasion.date))
                        }
                        (Some(o), Lang::En) => format!("(to visit before {})", dates::fmt(o.occasion.date)),
                        (None, _) => lang.pick("（本年尚无关怀记录）", "(no care this year)").to_string(),
                    };
                    let soon = due.is_none() || near;
                    rows.push(Item {
                        id: -m.id,
                        member_id: m.id,
                        key: keys(&m.draft.name, &m.number),
                        cells: Cells::Made(vec![
                            String::new(),
                            display_safe(&m.draft.name),
                            CareReason::Hardship.label(lang).to_string(),
                            String::new(),
                            note,
                        ]),
                        tone: if soon { Tone::DueSoon } else { Tone::Normal },
                        marker: soon.then_some(2),
                        rec: Rec::Hardship,
                    });
                }
                rows.extend(cares.into_iter().map(|c| {
                    let d = &c.care.draft;
                    Item {
                        id: c.care.id,
                        member_id: d.member_id,
                        key: keys(&c.name, ""),
                        cells: Cells::Made(vec![
                            dates::fmt(d.date),
                            display_safe(&c.name),
                            d.reason.label(lang).to_string(),
                            fmt_yuan(d.amount_fen),
                            display_safe(&d.measure),
                        ]),
                        tone: Tone::Normal,
                        marker: None,
                        rec: Rec::Care(c.care),
                    }
                }));
                self.care.set_rows(rows);
            }
        }
        Ok(())
    }

    fn title(&self, lang: Lang) -> String {
        let n = self.table().len();
        match self.view {
            View::Pledges => {
                let (deadline, (count, done, evaluated)) =
                    self.summary.unwrap_or((dates::year_start(self.year), (0, 0, 0)));
                match lang {
                    Lang::Zh => format!(
                        "{}年 党员承诺 {count} 项，已兑现 {done}，已评价 {evaluated}（{} 前承诺）",
                        self.year,
                        dates::fmt(deadline)
                    ),
                    Lang::En => format!(
                        "Pledges {}: {count}, fulfilled {done}, evaluated {evaluated} (due {})",
                        self.year,
                        dates::fmt(deadline)
                    ),
                }
            }
            View::Service => match lang {
                Lang::Zh => format!("{}年 联系服务群众 {n} 次", self.year),
                Lang::En => format!("Service {}: {n} records", self.year),
            },
            View::Links => match lang {
                Lang::Zh => format!("{}年 结对帮扶与设岗定责 {n} 项", self.year),
                Lang::En => format!("Pairings and posts {}: {n}", self.year),
            },
            View::Care => {
                let next = match (&self.outlook, lang) {
                    (None, _) => String::new(),
                    (Some(o), Lang::Zh) => format!(
                        "  下次 {} {}（{} 天后）{}",
                        o.occasion.zh,
                        dates::fmt(o.occasion.date),
                        o.days,
                        match (o.hardship, o.due.len()) {
                            (0, _) => String::new(),
                            (_, 0) => "，困难党员均已关怀".to_string(),
                            (_, k) => format!("，待走访 {k} 人"),
                        }
                    ),
                    (Some(o), Lang::En) => format!(
                        "; next {} {} (in {} d){}",
                        o.occasion.en,
                        dates::fmt(o.occasion.date),
                        o.days,
                        match (o.hardship, o.due.len()) {
                            (0, _) => String::new(),
                            (_, 0) => ", all in hardship cared for".to_string(),
                            (_, k) => format!(", {k} to visit"),
                        }
                    ),
                };
                // The records, not the rows of members still to be visited that lead the list.
                let n = self.care.rows().iter().filter(|r| !matches!(r.rec, Rec::Hardship)).count();
                match lang {
                    Lang::Zh => format!("{}年 关怀帮扶 {n} 项{next}", self.year),
                    Lang::En => format!("Care {}: {n}{next}", self.year),
                }
            }
        }
    }

    /// The day a new record defaults to: today in this year, else the year's last day.
    fn default_day(&self, today: NaiveDate) -> NaiveDate {
        if today.year() == self.year { today } else { dates::year_end(self.year).min(today) }
    }

    fn fulfil(&mut self, cx: &mut Cx) -> Vec<Action> {
        let lang = cx.lang;
        let Some(Item { rec: Rec::Pledge(Some(p), _), .. }) = self.selected() else {
            return vec![Action::Info(lang.pick("请先选中一项承诺", "select a pledge first").into())];
        };
        let (id, status, evaluated) = (p.id, p.draft.status, p.draft.evaluation.is_some());
        self.fulfil_step = None;
        if status.is_open() {
            if let Err(e) = cx.service.fulfil_pledge(id) {
                return vec![Action::Error(e)];
            }
            self.fulfil_step = cx.service.newest_step();
        } else if !status.is_done() || evaluated {
            return vec![Action::Info(
                lang.pick("该承诺已办结；按 Enter 可修改", "already closed; Enter edits it").into(),
            )];
        }
        self.evaluating = Some(id);
        vec![Action::Reload]
    }

    fn evaluate(&mut self, n: u8, cx: &mut Cx) -> Vec<Action> {
        let lang = cx.lang;
        let Some(id) = self.evaluating.take() else { return Vec::new() };
        let e = match n {
            1 => MassEvaluation::Satisfied,
            2 => MassEvaluation::BasicallySatisfied,
            _ => MassEvaluation::Dissatisfied,
        };
        let done = match self.fulfil_step.take() {
            Some(step) => cx.service.in_step(step, |s| s.evaluate_pledge(id, e)),
            None => cx.service.evaluate_pledge(id, e),
        };
        match done {
            Ok(()) => vec![
                Action::Reload,
                Action::Info(match lang {
                    Lang::Zh => format!("已兑现，群众评价：{}", e.label(lang)),
                    Lang::En => format!("fulfilled; evaluation: {}", e.label(lang)),
                }),
            ],
            Err(e) => vec![Action::Error(e)],
        }
    }

    fn open(&self, cx: &Cx) -> Vec<Action> {
        let Some(item) = self.selected() else { return Vec::new() };
        let form = match &item.rec {
            Rec::Pledge(p, _) => pledge_form(cx, self.year, Some(item.member_id), p.as_ref()),
            Rec::Service(r) => service_form(cx, self.default_day(cx.today()), None, Some(r)),
            Rec::Pairing(p) => pairing_form(cx, None, Some(p)),
            Rec::Post(p) => post_form(cx, None, Some(p)),
            Rec::Care(c) => care_form(cx, self.default_day(cx.today()), None, Some(c)),
            Rec::Hardship => care_form(cx, self.default_day(cx.today()), Some(item.member_id), None),
        };
        vec![Action::Form(Box::new(form))]
    }

    fn new_record(&self, cx: &Cx) -> Vec<Action> {
        let member = self.selected().map(|i| i.member_id);
        let day = self.default_day(cx.today());
        let form = match self.view {
            View::Pledges => pledge_form(cx, self.year, member, None),
            View::Service => service_form(cx, day, member, None),
            View::Links => pairing_form(cx, member, None),
            View::Care => care_form(cx, day, member, None),
        };
        vec![Action::Form(Box::new(form))]
    }

    fn delete(&self, lang: Lang) -> Vec<Action> {
        let Some(item) = self.selected() else { return Vec::new() };
        let name = item.text(if self.view == View::Pledges { 0 } else { 1 }).into_owned();
        let (text, on_yes) = match &item.rec {
            Rec::Pledge(Some(p), _) if p.draft.status.is_open() => (
                match lang {
                    Lang::Zh => format!("撤销 {name} 的承诺「{}」？记录保留，状态改为已撤销。(y/n)", display_safe(&p.draft.content)),
                    Lang::En => format!("Withdraw {name}'s pledge? It is kept, marked withdrawn. (y/n)"),
                },
                Msg::WithdrawPledge(p.id),
            ),
            Rec::Pledge(Some(p), _) if p.draft.status == PledgeStatus::Withdrawn => {
                return vec![info_forms(
                    lang,
                    &["该承诺已撤销；如需恢复，按 Enter 把状态改回已承诺或进行中", "已撤销；恢复：按 Enter 改状态"],
                    &["already withdrawn; to restore it, Enter and set the status to pledged", "withdrawn; restore: Enter, status"],
                )];
            }
            Rec::Pledge(Some(_), _) => {
                return vec![info_forms(
                    lang,
                    &["该承诺已办结，不能撤销（兑现和评价要保留）；如系误录，按 Enter 修改", "已办结的承诺不能撤销；误录可按 Enter 修改"],
                    &["a closed pledge is not withdrawn (its outcome is kept); Enter edits it", "closed: not withdrawn; Enter edits"],
                )];
            }
            Rec::Pledge(..) | Rec::Hardship => return Vec::new(),
            Rec::Service(_) | Rec::Pairing(_) | Rec::Post(_) | Rec::Care(_) => (
                match lang {
                    Lang::Zh => format!("归档 {name} 的这条记录？归档后不再列出和统计，记录保留。(y/n)"),
                    Lang::En => format!("Archive this record of {name}? It is kept but no longer listed. (y/n)"),
                },
                Msg::ArchiveItem(item.id),
            ),
        };
        vec![Action::Confirm { text, on_yes }]
    }

    fn archive(&mut self, id: i64, cx: &mut Cx) -> Vec<Action> {
        let (what, id) = match self.view {
            View::Service => (Archivable::Service, id),
            View::Links if id < 0 => (Archivable::Post, -id),
            View::Links => (Archivable::Pairing, id),
            View::Care => (Archivable::Care, id),
            View::Pledges => return Vec::new(),
        };
        match cx.service.archive_service_item(what, id) {
            Ok(()) => vec![Action::Reload, Action::Info(cx.lang.pick("已归档", "archived").into())],
            Err(e) => vec![Action::Error(e)],
        }
    }

    /// Flips a flag of the selected row's member.
    fn toggle_flag(&mut self, cx: &mut Cx, opt_out: bool) -> Vec<Action> {
        let lang = cx.lang;
        let Some(member) = self.selected().map(|i| i.member_id) else { return Vec::new() };
        let mut p = match cx.service.service_profiles() {
            Ok(all) => all.get(&member).copied().unwrap_or_default(),
            Err(e) => return vec![Action::Error(e)],
        };
        let on = if opt_out {
            p.pledge_opt_out = !p.pledge_opt_out;
            p.pledge_opt_out
        } else {
            p.hardship = !p.hardship;
            p.hardship
        };
        if let Err(e) = cx.service.set_service_profile(member, p) {
            return vec![Action::Error(e)];
        }
        let text = match (opt_out, on) {
            (true, true) => lang.pick("已设为本人不要求承诺（x 可取消）", "not asked to pledge (x undoes)"),
            (true, false) => lang.pick("已恢复为应承诺", "asked to pledge again"),
            (false, true) => lang.pick("已标记为生活困难党员（春节、七一前提醒走访）", "flagged in hardship (reminded before holidays)"),
            (false, false) => lang.pick("已取消生活困难标记", "hardship flag removed"),
        };
        vec![Action::Reload, Action::Info(text.into())]
    }

    fn render_evaluation(&self, f: &mut Frame, area: Rect, theme: &Theme, lang: Lang) {
        let w = area.width.min(60);
        let r = Rect { x: area.x + (area.width - w) / 2, y: area.y + area.height / 3, width: w, height: 4.min(area.height) };
        f.render_widget(ClearPopup, r);
        let block = theme.block().title(Line::from(Span::styled(lang.pick(" 群众评价 ", " Evaluation "), theme.title())));
        let text = vec![
            Line::from(lang.pick("已标记兑现（今天）。群众评价：", "Marked fulfilled today. The masses' evaluation:")),
            Line::from(vec![
                Span::styled("1", theme.key()),
                Span::raw(lang.pick(" 满意  ", " satisfied  ")),
                Span::styled("2", theme.key()),
                Span::raw(lang.pick(" 基本满意  ", " fair  ")),
                Span::styled("3", theme.key()),
                Span::raw(lang.pick(" 不满意  ", " dissatisfied  ")),
                Span::styled("Esc", theme.key()),
                Span::raw(lang.pick(" 以后再评", " later")),
            ]),
        ];
        f.render_widget(Paragraph::new(text).block(block).wrap(Wrap { trim: false }), r);
    }
}

impl TabView for PledgesTab {
    fn selected_record(&self) -> Option<(&'static str, i64)> {
        match &self.selected()?.rec {
            Rec::Pledge(Some(p), _) => Some(("pledge", p.id)),
            Rec::Service(s) => Some(("service_record", s.id)),
            Rec::Pairing(p) => Some(("pairing", p.id)),
            Rec::Post(p) => Some(("service_post", p.id)),
            Rec::Care(c) => Some(("care_record", c.id)),
            Rec::Pledge(None, _) | Rec::Hardship => None,
        }
    }

    fn create(year: i32) -> Self {
        PledgesTab::new(year)
    }

    fn title(&self, lang: Lang) -> &'static str {
        lang.pick("承诺", "Pledges")
    }

    fn owns(&self, f: &Finding) -> bool {
        RULES.contains(&f.rule)
    }

    fn load(&mut self, cx: &Cx) -> Result<(), ServiceError> {
        self.load_view(cx.service, cx.lang)
    }

    fn unload(&mut self) -> bool {
        for t in [&mut self.pledges, &mut self.service, &mut self.links, &mut self.care] {
            t.unload();
        }
        true
    }

    fn contexts(&self) -> Vec<Ctx> {
        if self.evaluating.is_some() {
            return vec![Ctx::Evaluate];
        }
        let view = match self.view {
            View::Pledges => Ctx::PledgeList,
            View::Links => Ctx::LinkList,
            View::Care => Ctx::CareList,
            // The service view has only the keys of every view.
            View::Service => Ctx::Pledges,
        };
        table_contexts(self.table().filtering, &[view, Ctx::Pledges, Ctx::Yearly, Ctx::Table, Ctx::Global])
    }

    fn update(&mut self, msg: Msg, cx: &mut Cx) -> Vec<Action> {
        let lang = cx.lang;
        if self.evaluating.is_some() {
            return match msg {
                Msg::Evaluate(n) => self.evaluate(n, cx),
                Msg::Close => {
                    self.evaluating = None;
                    self.fulfil_step = None;
                    vec![Action::Info(lang.pick("稍后可选中该承诺按 f 评价", "later: select it and press f").into())]
                }
                _ => Vec::new(),
            };
        }
        if self.table_mut().handle(&msg) {
            return Vec::new();
        }
        match msg {
            Msg::PrevYear | Msg::NextYear => {
                self.year = step_year(self.year, &msg);
                report(self.load_view(cx.service, lang))
            }
            Msg::SubView(n) => {
                self.view = View::ALL.get(usize::from(n)).copied().unwrap_or(View::Pledges);
                report(self.load_view(cx.service, lang))
            }
            Msg::New => self.new_record(cx),
            Msg::NewPost if self.view == View::Links => {
                if posts_offered(cx.service.settings().unit_type) {
                    let member = self.selected().map(|i| i.member_id);
                    vec![Action::Form(Box::new(post_form(cx, member, None)))]
                } else {
                    vec![Action::Info(
                        lang.pick(
                            "设岗定责只适用于农村、社区党支部（s 设置单位类型）",
                            "posts are for rural and community branches (s: unit type)",
                        )
                        .into(),
                    )]
                }
            }
            Msg::Open => self.open(cx),
            Msg::Delete => self.delete(lang),
            Msg::Fulfil if self.view == View::Pledges => self.fulfil(cx),
            Msg::OptOut if self.view == View::Pledges => self.toggle_flag(cx, true),
            Msg::ToggleHardship if self.view == View::Care => self.toggle_flag(cx, false),
            Msg::WithdrawPledge(id) => match cx.service.withdraw_pledge(id) {
                Ok(()) => vec![Action::Reload, Action::Info(lang.pick("已撤销承诺", "pledge withdrawn").into())],
                Err(e) => vec![Action::Error(e)],
            },
            Msg::ArchiveItem(id) => self.archive(id, cx),
            _ => Vec::new(),
        }
    }

    fn render(&mut self, f: &mut Frame, area: Rect, theme: &Theme, cx: &Cx) {
        let lang = cx.lang;
        if area.height < 3 {
            return;
        }
        // The view keys on the first line, the current one highlighted.
        let mut spans = Vec::new();
        for v in View::ALL {
            let style = if v == self.view { theme.tab_active() } else { theme.muted() };
            spans.push(Span::styled(format!(" {} ", v.label(lang)), style));
            spans.push(Span::raw(" "));
        }
        f.render_widget(Paragraph::new(Line::from(spans)), Rect { height: 1, ..area });
        let rest = Rect { y: area.y + 1, height: area.height - 1, ..area };
        let title = self.title(lang);
        self.table_mut().render(f, rest, theme, lang, &title, true);
        if self.evaluating.is_some() {
            self.render_evaluation(f, rest, theme, lang);
        }
    }

    /// Shows the finding's member in the view it belongs to, on the very record the finding is
    /// about (a member may have several pledges or issues waiting), else the member's first row.
    fn act_on(&mut self, finding: &Finding, cx: &mut Cx) -> Vec<Action> {
        let Subject::Member(member) = finding.subject else { return Vec::new() };
        self.view = match finding.rule {
            RuleId::ServiceFeedback | RuleId::LeaderFieldResearch => View::Service,
            RuleId::MemberCare => View::Care,
            _ => View::Pledges,
        };
        let settings = cx.service.settings().clone();
        self.year = match finding.rule {
            // Due the feedback days after the record: a December record's is due next January.
            RuleId::ServiceFeedback => {
                (finding.due - chrono::Duration::days(settings.feedback_days.into())).year()
            }
            _ => finding.period.map_or(finding.due.year(), |p| p.start.year()),
        };
        self.evaluating = None;
        self.fulfil_step = None;
        let mut actions = report(self.load_view(cx.service, cx.lang));
        let today = cx.today();
        let table = self.table_mut();
        table.clear_filter();
        let mine: Vec<&Item> = table.rows().iter().filter(|r| r.member_id == member).collect();
        let about: Vec<&Item> = mine.iter().copied().filter(|r| is_about(&r.rec, finding, today, &settings)).collect();
        // Two records alike but for their text: the one the finding quotes.
        let quoted = about.iter().find(|r| quotes(finding, &r.rec)).or(about.first());
        if let Some(id) = quoted.or(mine.first()).map(|r| r.id) {
            table.select_id(id);
        } else {
            actions.push(Action::Info(cx.lang.pick("本年没有该党员的记录；按 n 登记", "no record of this member; n adds one").into()));
        }
        actions
    }

    fn save_form(&mut self, form: &mut Form, cx: &mut Cx) -> Result<Vec<Action>, SaveError> {
        match form.kind {
            FormKind::Tab(PLEDGE_FORM, id) => save_pledge(form, id, cx),
            FormKind::Tab(SERVICE_FORM, id) => save_service(form, id, cx),
            FormKind::Tab(PAIRING_FORM, id) => save_pairing(form, id, cx),
            FormKind::Tab(POST_FORM, id) => save_post(form, id, cx),
            FormKind::Tab(CARE_FORM, id) => save_care(form, id, cx),
            _ => Ok(Vec::new()),
        }
    }
}

/// Whether a row is the record a finding of the 承诺 rules is about: same rule state, same day
/// (docs/rules.md 党员承诺, 群众反映待反馈).
fn is_about(rec: &Rec, f: &Finding, today: NaiveDate, s: &Settings) -> bool {
    match (f.rule, rec) {
        (RuleId::ServiceFeedback, Rec::Service(r)) => feedback_state(r, today, s) == Some((f.severity, f.due)),
        (RuleId::Pledge, Rec::Pledge(Some(p), _)) => {
            open_state(p, today, s) == Some((f.severity, f.due))
                || (f.severity == Severity::Overdue && evaluation_overdue(p, today) == Some(f.due))
        }
        // No pledge yet: the member's row without one.
        (RuleId::Pledge, Rec::Pledge(None, _)) => true,
        _ => false,
    }
}

/// Whether the finding's message quotes the record's text (its first 20 characters, as the
/// rules quote them).
fn quotes(f: &Finding, rec: &Rec) -> bool {
    let text = match rec {
        Rec::Service(r) => &r.draft.issue,
        Rec::Pledge(Some(p), _) => &p.draft.content,
        _ => return false,
    };
    let head: String = text.chars().take(20).collect();
    f.zh.contains(&format!("「{head}」"))
}

// ---- forms ----

/// Members to pick from: those not archived, and `keep` (the record's own member) in any case.
fn member_opts(cx: &Cx, keep: Option<i64>) -> Vec<PickOpt> {
    cx.service
        .members()
        .unwrap_or_default()
        .into_iter()
        .filter(|m| !m.is_archived() || Some(m.id) == keep)
        .map(|m| PickOpt { key: SearchKey::new(&m.draft.name, &m.number), id: m.id, label: m.draft.name.into() })
        .collect()
}

fn opts<T: Copy>(all: &[T], id: fn(T) -> &'static str, label: fn(T, Lang) -> &'static str, lang: Lang) -> Vec<Opt> {
    all.iter().map(|&v| Opt::new(id(v), label(v, lang))).collect()
}

fn member_field(cx: &Cx, member: Option<i64>) -> Field {
    Field::pick(field::MEMBER, cx.lang.pick("党员", "Member"), member_opts(cx, member), member)
}

fn pick_member(form: &mut Form, lang: Lang) -> Option<i64> {
    let m = form.picked(field::MEMBER);
    if m.is_none() {
        form.set_error(field::MEMBER, lang.pick("请选择党员", "choose a member").into());
    }
    m
}

pub fn pledge_form(cx: &Cx, year: i32, member: Option<i64>, p: Option<&Pledge>) -> Form {
    let lang = cx.lang;
    let today = cx.today();
    let d = p.map(|p| &p.draft);
    let pledged = d.map_or(if today.year() == year { today } else { dates::year_start(year).min(today) }, |d| d.pledged_on);
    let mut evaluations = vec![Opt::new("", lang.pick("未评价", "none"))];
    evaluations.extend(opts(MassEvaluation::ALL, MassEvaluation::id, MassEvaluation::label, lang));
    let fields = vec![
        member_field(cx, member.or(d.map(|d| d.member_id))),
        Field::text(field::CONTENT, lang.pick("承诺内容", "Pledge"), d.map_or("", |d| &d.content))
            .hint(lang.pick("为群众办的一件实事", "one thing done for the people")),
        Field::choice(
            field::CATEGORY,
            lang.pick("类别", "Kind"),
            opts(PledgeCategory::ALL, PledgeCategory::id, PledgeCategory::label, lang),
            d.map_or(PledgeCategory::Help.id(), |d| d.category.id()),
        ),
        Field::text(field::BENEFICIARY, lang.pick("服务对象", "For whom"), d.map_or("", |d| &d.beneficiary)),
        Field::date(field::PLEDGED_ON, lang.pick("公开承诺日期", "Pledged on"), Some(pledged), lang),
        Field::text(field::YEAR, lang.pick("承诺年度", "Year"), &d.map_or(year, |d| d.year).to_string()),
        Field::date(
            field::TARGET,
            lang.pick("完成时限", "Target date"),
            Some(d.map_or(dates::year_end(year), |d| d.target_date)),
            lang,
        ),
        Field::choice(
            field::STATUS,
            lang.pick("状态", "Status"),
            opts(PledgeStatus::ALL, PledgeStatus::id, PledgeStatus::label, lang),
            d.map_or(PledgeStatus::Pledged.id(), |d| d.status.id()),
        ),
        Field::text(field::PROGRESS, lang.pick("进展情况", "Progress"), d.map_or("", |d| &d.progress)),
        Field::date(field::FULFILLED_ON, lang.pick("兑现日期", "Fulfilled on"), d.and_then(|d| d.fulfilled_on), lang),
        Field::date(field::VERIFIED_ON, lang.pick("支部核实日期", "Verified on"), d.and_then(|d| d.verified_on), lang),
        Field::choice(
            field::EVALUATION,
            lang.pick("群众评价", "Evaluation"),
            evaluations,
            d.and_then(|d| d.evaluation).map_or("", |e| e.id()),
        ),
        Field::text(field::EVAL_YEAR, lang.pick("评议年度", "Assessed in"), &d.map_or(year, |d| d.eval_year).to_string())
            .hint(lang.pick("计入哪一年的民主评议；空则同承诺年度", "the evaluation round's year; empty: the pledge's")),
    ];
    let title = if p.is_some() { lang.pick("修改承诺", "Edit pledge") } else { lang.pick("新增承诺", "New pledge") };
    let mut form = Form::new(FormKind::Tab(PLEDGE_FORM, p.map(|p| p.id)), title.to_string(), fields);
    if member.is_some() || p.is_some() {
        form.focus_key(field::CONTENT);
    }
    form
}

fn save_pledge(form: &mut Form, id: Option<i64>, cx: &mut Cx) -> Result<Vec<Action>, SaveError> {
    let (today, lang) = (cx.today(), cx.lang);
    let member = pick_member(form, lang);
    let pledged = form.date(field::PLEDGED_ON, true, today, lang);
    let target = form.date(field::TARGET, true, today, lang);
    let fulfilled = form.date(field::FULFILLED_ON, false, today, lang);
    let verified = form.date(field::VERIFIED_ON, false, today, lang);
    let year = form.number(field::YEAR, (1900, 2199), lang);
    let eval_year = if form.text(field::EVAL_YEAR).trim().is_empty() {
        year
    } else {
        form.number(field::EVAL_YEAR, (1900, 2199), lang)
    };
    let (Some(member_id), Some(pledged_on), Some(target_date), Some(year), Some(eval_year)) =
        (member, pledged, target, year, eval_year)
    else {
        return Err(SaveError::Invalid);
    };
    if form.has_errors() {
        return Err(SaveError::Invalid);
    }
    let d = PledgeDraft {
        member_id,
        year: year as i32,
        content: form.text(field::CONTENT),
        category: PledgeCategory::from_id(form.choice(field::CATEGORY)).unwrap_or(PledgeCategory::Other),
        beneficiary: form.text(field::BENEFICIARY),
        pledged_on,
        target_date,
        status: PledgeStatus::from_id(form.choice(field::STATUS)).unwrap_or(PledgeStatus::Pledged),
        progress: form.text(field::PROGRESS),
        fulfilled_on: fulfilled,
        verified_on: verified,
        evaluation: MassEvaluation::from_id(form.choice(field::EVALUATION)),
        eval_year: eval_year as i32,
    };
    let (_, n) = cx.service.save_pledge(id, &d)?;
    // B2: more than 一两件 is allowed and said, in a form that fits beside the counts.
    let info = if n > crate::domain::pledge::PLEDGES_PER_YEAR {
        Action::InfoForms(match lang {
            Lang::Zh => vec![
                format!("已保存；该党员本年已有 {n} 项承诺（一般每年一两件实事）"),
                format!("已保存；本年第 {n} 项承诺（一般一两件）"),
                format!("已保存；本年已有 {n} 项承诺"),
            ],
            Lang::En => vec![
                format!("saved; this member has {n} pledges this year (usually one or two)"),
                format!("saved; {n} pledges this year (1-2 usual)"),
                format!("saved; {n} pledges this year"),
            ],
        })
    } else {
        Action::Info(lang.pick("已保存承诺", "pledge saved").to_string())
    };
    Ok(vec![Action::Reload, info])
}

pub fn service_form(cx: &Cx, day: NaiveDate, member: Option<i64>, r: Option<&ServiceRecord>) -> Form {
    let lang = cx.lang;
    let d = r.map(|r| &r.draft);
    let fields = vec![
        member_field(cx, member.or(d.map(|d| d.member_id))),
        Field::date(field::DATE, lang.pick("日期", "Date"), Some(d.map_or(day, |d| d.date)), lang),
        Field::choice(
            field::KIND,
            lang.pick("类型", "Kind"),
            opts(ServiceKind::ALL, ServiceKind::id, ServiceKind::label, lang),
            d.map_or(ServiceKind::Volunteer.id(), |d| d.kind.id()),
        ),
        Field::text(field::COUNTERPART, lang.pick("服务对象", "Counterpart"), d.map_or("", |d| &d.counterpart))
            .hint(lang.pick("人、户或地点", "person, household or place")),
        Field::text(field::DESCRIPTION, lang.pick("做了什么", "What was done"), d.map_or("", |d| &d.description)),
        Field::text(field::TIME, lang.pick("时长", "Time"), &d.map(|d| time_text(d.time)).unwrap_or_default())
            .hint(lang.pick("小时，如 2、1.5；基层调研填天数", "hours, e.g. 2; days for field research")),
        Field::text(field::ISSUE, lang.pick("群众反映的问题", "Issue raised"), d.map_or("", |d| &d.issue)),
        Field::date(field::FEEDBACK_ON, lang.pick("反馈日期", "Feedback on"), d.and_then(|d| d.feedback_on), lang),
    ];
    let title = if r.is_some() { lang.pick("修改联系服务记录", "Edit service record") } else { lang.pick("登记联系服务", "New service record") };
    let mut form = Form::new(FormKind::Tab(SERVICE_FORM, r.map(|r| r.id)), title.to_string(), fields);
    if member.is_some() || r.is_some() {
        form.focus_key(field::DATE);
    }
    form
}

fn time_text(t: ServiceTime) -> String {
    match t {
        ServiceTime::Minutes(m) => format!("{}", m as f64 / 60.0),
        ServiceTime::HalfDays(h) => format!("{}", h as f64 / 2.0),
    }
}

fn save_service(form: &mut Form, id: Option<i64>, cx: &mut Cx) -> Result<Vec<Action>, SaveError> {
    let (today, lang) = (cx.today(), cx.lang);
    let member = pick_member(form, lang);
    let date = form.date(field::DATE, true, today, lang);
    let feedback = form.date(field::FEEDBACK_ON, false, today, lang);
    let kind = ServiceKind::from_id(form.choice(field::KIND)).unwrap_or(ServiceKind::Volunteer);
    let time = match parse_time(&form.text(field::TIME), kind) {
        Ok(t) => Some(t),
        Err(p) => {
            form.set_error(field::TIME, p.text(lang));
            None
        }
    };
    let (Some(member_id), Some(date), Some(time)) = (member, date, time) else { return Err(SaveError::Invalid) };
    if form.has_errors() {
        return Err(SaveError::Invalid);
    }
    let d = ServiceDraft {
        member_id,
        date,
        kind,
        counterpart: form.text(field::COUNTERPART),
        description: form.text(field::DESCRIPTION),
        time,
        issue: form.text(field::ISSUE),
        feedback_on: feedback,
    };
    cx.service.save_service(id, &d)?;
    Ok(vec![Action::Reload, Action::Info(lang.pick("已保存联系服务记录", "service record saved").into())])
}

pub fn pairing_form(cx: &Cx, member: Option<i64>, p: Option<&Pairing>) -> Form {
    let lang = cx.lang;
    let d = p.map(|p| &p.draft);
    let fields = vec![
        member_field(cx, member.or(d.map(|d| d.member_id))),
        Field::text(field::HOUSEHOLD, lang.pick("帮扶对象（户）", "Household"), d.map_or("", |d| &d.household)),
        Field::date(field::FROM, lang.pick("开始日期", "From"), Some(d.map_or(cx.today(), |d| d.from)), lang),
        Field::date(field::TO, lang.pick("结束日期", "To"), d.and_then(|d| d.to), lang)
            .hint(lang.pick("仍在结对可不填", "empty while it runs")),
        Field::text(field::OUTCOME, lang.pick("帮扶成效", "Outcome"), d.map_or("", |d| &d.outcome)),
    ];
    let title = if p.is_some() { lang.pick("修改结对帮扶", "Edit pairing") } else { lang.pick("新增结对帮扶", "New pairing") };
    let mut form = Form::new(FormKind::Tab(PAIRING_FORM, p.map(|p| p.id)), title.to_string(), fields);
    if member.is_some() || p.is_some() {
        form.focus_key(field::HOUSEHOLD);
    }
    form
}

fn save_pairing(form: &mut Form, id: Option<i64>, cx: &mut Cx) -> Result<Vec<Action>, SaveError> {
    let (today, lang) = (cx.today(), cx.lang);
    let member = pick_member(form, lang);
    let from = form.date(field::FROM, true, today, lang);
    let to = form.date(field::TO, false, today, lang);
    let (Some(member_id), Some(from)) = (member, from) else { return Err(SaveError::Invalid) };
    if form.has_errors() {
        return Err(SaveError::Invalid);
    }
    let d = PairingDraft { member_id, household: form.text(field::HOUSEHOLD), from, to, outcome: form.text(field::OUTCOME) };
    cx.service.save_pairing(id, &d)?;
    Ok(vec![Action::Reload, Action::Info(lang.pick("已保存结对帮扶", "pairing saved").into())])
}

pub fn post_form(cx: &Cx, member: Option<i64>, p: Option<&Post>) -> Form {
    let lang = cx.lang;
    let d = p.map(|p| &p.draft);
    let fields = vec![
        member_field(cx, member.or(d.map(|d| d.member_id))),
        Field::text(field::POST_NAME, lang.pick("岗位名称", "Post"), d.map_or("", |d| &d.name)),
        Field::text(field::DUTIES, lang.pick("岗位职责", "Duties"), d.map_or("", |d| &d.duties)),
        Field::date(field::FROM, lang.pick("开始日期", "From"), Some(d.map_or(cx.today(), |d| d.from)), lang),
        Field::date(field::TO, lang.pick("结束日期", "To"), d.and_then(|d| d.to), lang),
    ];
    let title = if p.is_some() { lang.pick("修改设岗定责", "Edit post") } else { lang.pick("新增设岗定责", "New post") };
    let mut form = Form::new(FormKind::Tab(POST_FORM, p.map(|p| p.id)), title.to_string(), fields);
    if member.is_some() || p.is_some() {
        form.focus_key(field::POST_NAME);
    }
    form
}

fn save_post(form: &mut Form, id: Option<i64>, cx: &mut Cx) -> Result<Vec<Action>, SaveError> {
    let (today, lang) = (cx.today(), cx.lang);
    let member = pick_member(form, lang);
    let from = form.date(field::FROM, true, today, lang);
    let to = form.date(field::TO, false, today, lang);
    let (Some(member_id), Some(from)) = (member, from) else { return Err(SaveError::Invalid) };
    if form.has_errors() {
        return Err(SaveError::Invalid);
    }
    let d = PostDraft { member_id, name: form.text(field::POST_NAME), duties: form.text(field::DUTIES), from, to };
    cx.service.save_post(id, &d)?;
    Ok(vec![Action::Reload, Action::Info(lang.pick("已保存设岗定责", "post saved").into())])
}

pub fn care_form(cx: &Cx, day: NaiveDate, member: Option<i64>, c: Option<&Care>) -> Form {
    let lang = cx.lang;
    let d = c.map(|c| &c.draft);
    let fields = vec![
        member_field(cx, member.or(d.map(|d| d.member_id))),
        Field::choice(
            field::REASON,
            lang.pick("原因", "Reason"),
            opts(CareReason::ALL, CareReason::id, CareReason::label, lang),
            d.map_or(CareReason::Hardship.id(), |d| d.reason.id()),
        ),
        Field::text(field::MEASURE, lang.pick("帮扶措施", "Measure"), d.map_or("", |d| &d.measure)),
        Field::date(field::DATE, lang.pick("日期", "Date"), Some(d.map_or(day, |d| d.date)), lang),
        Field::text(field::AMOUNT, lang.pick("金额（元）", "Amount (yuan)"), &d.map(|d| fmt_yuan(d.amount_fen)).unwrap_or_default())
            .hint(lang.pick("没有可不填", "empty if none")),
    ];
    let title = if c.is_some() { lang.pick("修改关怀帮扶", "Edit care record") } else { lang.pick("登记关怀帮扶", "New care record") };
    let mut form = Form::new(FormKind::Tab(CARE_FORM, c.map(|c| c.id)), title.to_string(), fields);
    if member.is_some() || c.is_some() {
        form.focus_key(field::MEASURE);
    }
    form
}

fn save_care(form: &mut Form, id: Option<i64>, cx: &mut Cx) -> Result<Vec<Action>, SaveError> {
    let (today, lang) = (cx.today(), cx.lang);
    let member = pick_member(form, lang);
    let date = form.date(field::DATE, true, today, lang);
    let amount = match parse_yuan(&form.text(field::AMOUNT)) {
        Ok(a) => Some(a),
        Err(p) => {
            form.set_error(field::AMOUNT, p.text(lang));
            None
        }
    };
    let (Some(member_id), Some(date), Some(amount_fen)) = (member, date, amount) else { return Err(SaveError::Invalid) };
    if form.has_errors() {
        return Err(SaveError::Invalid);
    }
    let d = CareDraft {
        member_id,
        reason: CareReason::from_id(form.choice(field::REASON)).unwrap_or(CareReason::Hardship),
        measure: form.text(field::MEASURE),
        date,
        amount_fen,
    };
    cx.service.save_care(id, &d)?;
    Ok(vec![Action::Reload, Action::Info(lang.pick("已保存关怀帮扶记录", "care record saved").into())])
}

/// A message in its forms, longest first, in the user's language.
fn info_forms(lang: Lang, zh: &[&str], en: &[&str]) -> Action {
    let forms = if lang == Lang::Zh { zh } else { en };
    Action::InfoForms(forms.iter().map(|t| t.to_string()).collect())
}
