//! The 流动 tab: members away from the branch or preparing to leave (seed C), one row per
//! absence with the destination, months away, last contact, last report and the certificate.
//! The selected absence's record and log are shown below the list. Logging a contact or a
//! report is the daily action: `c` or `r` opens a one-line log dated today (`Ctrl-S` saves).

mod incoming;

use std::borrow::Cow;
use chrono::NaiveDate;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use crate::domain::dates;
use crate::domain::lang::Lang;
use crate::domain::mobile::{LogDraft, LogKind, MobileStatus, OutflowDraft, field};
use crate::domain::mobile_rules::RULES;
use crate::domain::rules::{Finding, Subject};
use crate::service::findings::Overdue;
use crate::service::mobile::MobileRow;
use crate::service::search::SearchKey;
use crate::service::{Record, ServiceError};
use crate::tui::detail::DetailPane;
use crate::tui::form::{Field, Form, FormKind, Opt, PickOpt};
use crate::tui::keymap::{Ctx, Msg};
use crate::tui::tab::{Action, Cx, SaveError, TabView, report, table_contexts};
use crate::tui::table::{Column, TableRow, TableView, col};
use crate::tui::text::display_safe;
use crate::tui::theme::{Theme, Tone, severity_tone};

pub const OUTFLOW_FORM: &str = "outflow";
pub const LOG_FORM: &str = "mobile_log";

const COLUMNS: &[Column] = &[
    col(("姓名", "Name"), 8, 0),
    col(("状态", "Status"), 10, 0),
    col(("提示", "Note"), 7, 0),
    col(("月", "Mos"), 3, 0),
    col(("最后联系", "Contact"), 10, 0),
    col(("最后汇报", "Report"), 10, 2),
    col(("活动证", "Cert."), 10, 3),
    col(("流入地", "Destination"), 12, 0),
];

pub struct Item {
    id: i64,
    pub row: MobileRow,
    key: SearchKey,
    cells: Vec<String>,
    tone: Tone,
    marker: Option<usize>,
}

impl TableRow for Item {
    fn id(&self) -> i64 {
        self.id
    }
    fn cell(&self, col: usize) -> Cow<'_, str> {
        Cow::Borrowed(&self.cells[col])
    }
    fn matches(&self, needle: &str) -> bool {
        self.key.matches(needle) || self.cells.iter().any(|c| c.contains(needle))
    }
    fn tone(&self) -> Tone {
        self.tone
    }
    fn marker_col(&self) -> Option<usize> {
        self.marker
    }
}

pub struct MobileTab {
    table: TableView<Item>,
    /// Also the absences that ended (returned, transferred).
    pub show_all: bool,
    /// `v`: our members away (外出) or incoming members of other branches (流入).
    incoming_view: bool,
    incoming: incoming::IncomingView,
    /// Incoming members here today (counted when the list loads, for its title).
    incoming_here: usize,
    /// The selected absence below the list.
    pane: DetailPane,
    /// The message last put beside the member field of an absence form because the member is
    /// still away, so that choosing another member takes it away again.
    away_error: Option<String>,
    /// The absence to select when the list loads again: the one just saved.
    select_on_load: Option<i64>,
}

/// The most serious finding of these rules about a member, with its rule's short label.
fn worst(overdue: &Overdue, member: i64) -> Option<&Finding> {
    overdue
        .findings
        .iter()
        .filter(|f| RULES.contains(&f.rule) && f.subject == Subject::Member(member))
        .min_by_key(|f| (f.severity, f.due))
}

fn cert_text(row: &MobileRow, today: NaiveDate, lang: Lang) -> String {
    let d = &row.track.outflow.draft;
    if !d.has_cert() {
        return lang.pick("无", "none").to_string();
    }
    match row.track.review_due() {
        Some(due) if row.is_out() && today > due => lang.pick("待年审", "review due").to_string(),
        Some(due) if row.is_out() => dates::fmt(due),
        _ => lang.pick("已发放", "issued").to_string(),
    }
}

fn destination(d: &OutflowDraft) -> String {
    let mut parts = vec![d.place.trim()];
    if !d.employer.trim().is_empty() {
        parts.push(d.employer.trim());
    }
    display_safe(&parts.join(" "))
}

impl MobileTab {
    /// The absence selected in the list of members away.
    pub fn selected(&self) -> Option<&Item> {
        self.table.selected()
    }

    fn load_rows(&mut self, cx: &Cx) -> Result<(), ServiceError> {
        let (lang, today) = (cx.lang, cx.today());
        // The most serious finding per member, once (not a scan of every finding per row).
        let mut worst_of: crate::domain::ids::IdMap<i64, &Finding> = crate::domain::ids::IdMap::default();
        for f in cx.overdue.findings.iter().filter(|f| RULES.contains(&f.rule)) {
            if let Subject::Member(id) = f.subject {
                let e = worst_of.entry(id).or_insert(f);
                if (f.severity, f.due) < (e.severity, e.due) {
                    *e = f;
                }
            }
        }
        self.table.unload();
        let rows = cx
            .service
            .mobile_rows(self.show_all)?
            .into_iter()
            .map(|r| {
                let d = &r.track.outflow.draft;
                let found = worst_of.get(&r.member_id).copied().filter(|_| r.is_open());
                let note = match found {
                    _ if r.lost && r.is_out() => lang.pick("失联", "lost").to_string(),
                    Some(f) => f.severity.label(lang).to_string(),
                    None => String::new(),
                };
                let tone = match found {
                    Some(f) => severity_tone(f.severity),
                    None if !r.is_open() => Tone::Muted,
                    None => Tone::Normal,
                };
                let status = match r.left_branch {
                    Some(_) => r.status_label(lang),
                    None => d.status.short(lang).to_string(),
                };
                let cells = vec![
                    display_safe(&r.name),
                    status,
                    note,
                    if d.status == MobileStatus::Preparing { String::new() } else { r.months_away.to_string() },
                    if d.status == MobileStatus::Preparing { String::new() } else { dates::fmt(r.track.last_contact) },
                    dates::fmt_opt(r.track.last_report),
                    cert_text(&r, today, lang),
                    destination(d),
                ];
                Item {
                    id: r.track.outflow.id,
                    key: SearchKey::new(&r.name, &r.number),
                    marker: found.map(|_| 2),
                    tone,
                    cells,
                    row: r,
                }
            })
            .collect();
        self.table.set_rows(rows);
        self.incoming_here = cx.service.incoming_members()?.iter().filter(|i| i.draft.here_on(today)).count();
        Ok(())
    }

    fn title(&self, lang: Lang) -> String {
        let rows = self.table.rows();
        let out = rows.iter().filter(|i| i.row.is_out()).count();
        let preparing =
            rows.iter().filter(|i| i.row.is_open() && i.row.track.outflow.draft.status == MobileStatus::Preparing).count();
        let mut t = match (lang, self.show_all) {
            (Lang::Zh, false) => format!("流动党员：外出 {out} 人，待外出 {preparing} 人"),
            (Lang::Zh, true) => format!("流动党员（含已返回）：外出 {out} 人，待外出 {preparing} 人"),
            (Lang::En, false) => format!("Mobile members: {out} away, {preparing} preparing"),
            (Lang::En, true) => format!("Mobile members (with returned): {out} away, {preparing} preparing"),
        };
        // The other view, where the footer has no room for its key.
        let here = self.incoming_here;
        t.push_str(&match lang {
            Lang::Zh => format!("  v 流入 {here} 人"),
            Lang::En => format!("  v: {here} incoming"),
        });
        t
    }

    /// Why an absence of `member` cannot be recorded (the form of absence `editing`, returning
    /// on `returned`): the member's other absence is not over (preparing, or out) and began
    /// before this one ends. The domain refuses every overlap beside the departure date; this one,
    /// the usual case, is said beside the member, where the choice was made. Every absence not
    /// over is listed, whatever `h` shows.
    fn still_away(&self, member: i64, editing: Option<i64>, returned: Option<NaiveDate>, lang: Lang) -> Option<String> {
        let open = self.table.rows().iter().find(|i| {
            let d = &i.row.track.outflow.draft;
            i.row.member_id == member
                && Some(i.id) != editing
                && d.status.is_open()
                && returned.is_none_or(|r| d.departed_on < r)
        })?;
        let d = &open.row.track.outflow.draft;
        Some(match lang {
            Lang::Zh => format!(
                "外出尚未结束（{}，{} 起）：请修改那条外出记录",
                d.status.short(lang),
                dates::fmt(d.departed_on)
            ),
            Lang::En => format!(
                "still away ({} since {}): edit that absence",
                d.status.short(lang),
                dates::fmt(d.departed_on)
            ),
        })
    }

    /// The absence form's member refusal, from what the form holds now.
    fn still_away_in(&self, form: &Form, id: Option<i64>, cx: &Cx) -> Option<String> {
        let member = form.picked(field::MEMBER)?;
        let returned = dates::parse_input(&form.text(field::RETURNED), cx.today()).ok();
        self.still_away(member, id, returned, cx.lang)
    }

    fn log_form(&self, kind: Option<LogKind>, cx: &Cx) -> Vec<Action> {
        let lang = cx.lang;
        let Some(item) = self.table.selected() else {
            return vec![Action::Info(lang.pick("请先选中一名外出党员", "select a member away first").into())];
        };
        let name = item.cells[0].clone();
        vec![Action::Form(Box::new(log_form(item.row.track.outflow.id, &name, kind, cx)))]
    }

    fn detail_lines(&self, cx: &Cx, theme: &Theme) -> Vec<Line<'static>> {
        let lang = cx.lang;
        let Some(item) = self.table.selected() else { return Vec::new() };
        let r = &item.row;
        let d = &r.track.outflow.draft;
        let k = |s: &str| Span::styled(s.to_string(), theme.muted());
        let v = |s: String| Span::raw(s);
        let mut first = vec![
            Span::styled(display_safe(&r.name), theme.title()),
            v(format!("  {}  ", r.status_label(lang))),
            k(lang.pick("事由 ", "why ")),
            v(display_safe(&d.reason)),
            k(lang.pick("  外出 ", "  left ")),
            v(dates::fmt(d.departed_on)),
        ];
        if let Some(back) = d.returned_on {
            first.push(k(lang.pick("  返回 ", "  back ")));
            first.push(v(dates::fmt(back)));
        } else if let Some(e) = d.expected_return {
            first.push(k(lang.pick("  预计返回 ", "  expected back ")));
            first.push(v(dates::fmt(e)));
        }
        let mut lines = vec![Line::from(first)];
        if let Some(f) = worst(cx.overdue, r.member_id).filter(|_| r.is_open()) {
            lines.push(Line::from(vec![
                Span::styled(format!(" {} ", f.severity.label(lang)), theme.marker(severity_tone(f.severity))),
                v(format!(" {}", f.message(lang))),
            ]));
        }
        let mut second = vec![k(lang.pick("流入地 ", "at ")), v(destination(d))];
        if !d.contact.trim().is_empty() {
            second.push(k(lang.pick("  联系方式 ", "  contact ")));
            second.push(v(display_safe(&d.contact)));
        }
        lines.push(Line::from(second));
        if r.logs.is_empty() {
            lines.push(Line::from(k(lang.pick(
                "尚无汇报或联系记录：c 记录联系，r 记录汇报，a 其他",
                "no log yet: c contact, r report, a other",
            ))));
        }
        for l in &r.logs {
            let l = &l.draft;
            lines.push(Line::from(vec![
                v(format!("{} ", dates::fmt(l.date))),
                Span::styled(format!("{} ", l.kind.label(lang)), theme.key()),
                k(&format!("{} ", display_safe(&l.channel))),
                v(display_safe(&l.content)),
            ]));
        }
        if !d.registered_org.trim().is_empty() {
            lines.push(Line::from(vec![
                k(lang.pick("报到 ", "registered ")),
                v(format!("{} {}", display_safe(&d.registered_org), dates::fmt_opt(d.registered_on))),
            ]));
        }
        if d.has_cert() {
            let reviewed = r.track.last_review.map_or_else(|| lang.pick("未年审", "none").to_string(), dates::fmt);
            lines.push(Line::from(vec![
                k(lang.pick("活动证 ", "certificate ")),
                v(format!("{} {}", display_safe(&d.cert_no), dates::fmt_opt(d.cert_issued_on))),
                k(lang.pick("  上次年审 ", "  reviewed ")),
                v(reviewed),
            ]));
        }
        if d.returned_on.is_some() && !d.return_note.trim().is_empty() {
            lines.push(Line::from(vec![k(lang.pick("外出期间表现 ", "while away ")), v(display_safe(&d.return_note))]));
        }
        lines
    }
}

impl TabView for MobileTab {
    fn create(_year: i32) -> Self {
        MobileTab {
            table: TableView::new(COLUMNS)
                .with_empty(("没有外出或待外出的党员；按 n 登记外出", "no member away or preparing; n records one")),
            show_all: false,
            incoming_view: false,
            incoming: incoming::IncomingView::new(),
            incoming_here: 0,
            away_error: None,
            select_on_load: None,
            pane: DetailPane::default(),
        }
    }

    fn title(&self, lang: Lang) -> &'static str {
        lang.pick("流动", "Mobile")
    }

    fn owns(&self, f: &Finding) -> bool {
        RULES.contains(&f.rule)
    }

    fn load(&mut self, cx: &Cx) -> Result<(), ServiceError> {
        if self.incoming_view {
            return self.incoming.load(cx);
        }
        self.load_rows(cx)?;
        if let Some(id) = self.select_on_load.take() {
            self.table.select_id(id);
        }
        Ok(())
    }

    fn unload(&mut self) -> bool {
        self.table.unload();
        self.incoming.unload();
        true
    }

    fn contexts(&self) -> Vec<Ctx> {
        if self.incoming_view {
            return table_contexts(
                self.incoming.table.filtering,
                &[Ctx::Incoming, Ctx::Detail, Ctx::Table, Ctx::Global],
            );
        }
        table_contexts(self.table.filtering, &[Ctx::Mobile, Ctx::Detail, Ctx::Table, Ctx::Global])
    }

    fn selected_record(&self) -> Option<(&'static str, i64)> {
        if self.incoming_view {
            self.incoming.selected_id().map(|id| ("incoming_member", id))
        } else {
            self.table.selected().map(|i| ("mobile_outflow", i.row.track.outflow.id))
        }
    }

    fn update(&mut self, msg: Msg, cx: &mut Cx) -> Vec<Action> {
        let lang = cx.lang;
        if msg == Msg::NextView {
            self.incoming_view = !self.incoming_view;
            let mut a = report(self.load(cx));
            a.push(Action::Info(if self.incoming_view {
lang.pick("流入党员（v 回到外出党员）", "incoming members (v: back to away)").into()
            } else {
                lang.pick("外出党员（v 看流入党员）", "members away (v: incoming)").into()
            }));
            return a;
        }
        if self.incoming_view {
            if self.incoming.table.handle(&msg) || self.incoming.pane.handle(&msg) {
                return Vec::new();
            }
            return self.incoming.update(msg, cx);
        }
        if self.table.handle(&msg) || self.pane.handle(&msg) {
            return Vec::new();
        }
        match msg {
            Msg::New => {
                // The selected member, unless away already: then none, to be chosen.
                let member = self
                    .table
                    .selected()
                    .map(|i| i.row.member_id)
                    .filter(|m| self.still_away(*m, None, None, lang).is_none());
                vec![Action::Form(Box::new(outflow_form(cx, member, None)))]
            }
            Msg::Open => match self.table.selected() {
                Some(item) => match cx.service.outflow(item.id) {
                    Ok((o, _, _)) => vec![Action::Form(Box::new(outflow_form(cx, None, Some((o.id, &o.draft)))))],
                    Err(e) => vec![Action::Error(e)],
                },
                None => Vec::new(),
            },
            Msg::LogContact => self.log_form(Some(LogKind::Contact), cx),
            Msg::LogReport => self.log_form(Some(LogKind::Report), cx),
            Msg::LogOther => self.log_form(None, cx),
            Msg::ToggleArchived => {
                self.show_all = !self.show_all;
                let mut a = report(self.load_rows(cx));
                a.push(Action::Info(if self.show_all {
                    lang.pick("显示全部外出记录（含已返回、已转出）", "all absences, returned ones too").into()
                } else {
                    lang.pick("只显示外出和待外出的党员", "only members away or preparing").into()
                }));
                a
            }
            _ => Vec::new(),
        }
    }

    fn render(&mut self, f: &mut Frame, area: Rect, theme: &Theme, cx: &Cx) {
        if self.incoming_view {
            return self.incoming.render(f, area, theme, cx);
        }
        let lang = cx.lang;
        let (table_area, detail_area) = DetailPane::split(area);
        let title = self.title(lang);
        self.table.render(f, table_area, theme, lang, &title, true);
        let lines = self.detail_lines(cx, theme);
        let id = self.table.selected_id();
        self.pane.render(f, detail_area, theme, lang, id, lines);
    }

    fn act_on(&mut self, finding: &Finding, cx: &mut Cx) -> Vec<Action> {
        let Subject::Member(member) = finding.subject else { return Vec::new() };
        if self.incoming_view {
            self.incoming_view = false;
            if let Err(e) = self.load_rows(cx) {
                return vec![Action::Error(e)];
            }
        }
        self.table.clear_filter();
        if !self.table.rows().iter().any(|r| r.row.member_id == member) {
            self.show_all = true;
            if let Err(e) = self.load_rows(cx) {
                return vec![Action::Error(e)];
            }
        }
        let id = self.table.rows().iter().rev().find(|r| r.row.member_id == member).map(|r| r.id);
        if let Some(id) = id {
            self.table.select_id(id);
        }
        Vec::new()
    }

    /// An absence form says beside the member at once when that member is still away.
    fn form_changed(&mut self, form: &mut Form, cx: &mut Cx) -> Result<(), ServiceError> {
        if let FormKind::Tab(OUTFLOW_FORM, id) = form.kind {
            let away = self.still_away_in(form, id, cx);
            let f = form.field_mut(field::MEMBER);
            if away.is_some() {
                f.error.clone_from(&away);
            } else if f.error.is_some() && f.error == self.away_error {
                f.error = None;
            }
            self.away_error = away;
        }
        Ok(())
    }

    fn reopen_form(&mut self, form: &Form, cx: &mut Cx) -> Option<Result<Form, ServiceError>> {
        match form.kind {
            FormKind::Tab(OUTFLOW_FORM, Some(id)) => {
                Some(cx.service.outflow(id).map(|(o, _, _)| outflow_form(cx, None, Some((o.id, &o.draft)))))
            }
            FormKind::Tab(incoming::INCOMING_FORM, Some(id)) => {
                Some(cx.service.incoming(id).map(|(i, _)| incoming::incoming_form(cx, Some((i.id, &i.draft)))))
            }
            _ => None,
        }
    }

    fn save_form(&mut self, form: &mut Form, cx: &mut Cx) -> Result<Vec<Action>, SaveError> {
        match form.kind {
            FormKind::Tab(OUTFLOW_FORM, id) => {
                let away = self.still_away_in(form, id, cx);
                let (actions, saved) = save_outflow(form, id, away, cx)?;
                self.select_on_load = Some(saved);
                Ok(actions)
            }
            FormKind::Tab(LOG_FORM, Some(outflow)) => save_log(form, outflow, cx),
            FormKind::Tab(incoming::INCOMING_FORM, id) => incoming::save_incoming(form, id, cx),
            _ => Ok(Vec::new()),
        }
    }
}

fn yes_no(key: &'static str, label: &str, on: bool, lang: Lang) -> Field {
    let opts = vec![Opt::new("0", lang.pick("否", "no")), Opt::new("1", lang.pick("是", "yes"))];
    Field::choice(key, label, opts, if on { "1" } else { "0" })
}

/// The form of one absence (new when `o` is None).
pub fn outflow_form(cx: &Cx, member: Option<i64>, o: Option<(i64, &OutflowDraft)>) -> Form {
    let lang = cx.lang;
    let fresh = OutflowDraft::new(member.unwrap_or(0), cx.today());
    let d = o.map_or(&fresh, |(_, d)| d);
    let members: Vec<PickOpt> = cx
        .service
        .members()
        .unwrap_or_default()
        .into_iter()
        .filter(|m| !m.is_archived() || Some(m.id) == o.map(|(_, d)| d.member_id))
        .map(|m| PickOpt { key: SearchKey::new(&m.draft.name, &m.number), id: m.id, label: m.draft.name.into() })
        .collect();
    let chosen = if o.is_some() { Some(d.member_id) } else { member };
    let statuses = MobileStatus::ALL.iter().map(|s| Opt::new(s.id(), s.label(lang))).collect();
    let fields = vec![
        Field::pick(field::MEMBER, lang.pick("党员", "Member"), members, chosen),
        Field::choice(field::STATUS, lang.pick("状态", "Status"), statuses, d.status.id()),
        Field::text(field::REASON, lang.pick("外出事由", "Reason"), &d.reason)
            .hint(lang.pick("务工、经商、求学、随迁等", "work, business, study, family")),
        Field::date(field::DEPARTED, lang.pick("外出日期", "Leaves on"), Some(d.departed_on), lang),
        Field::date(field::EXPECTED, lang.pick("预计返回", "Expected back"), d.expected_return, lang),
        Field::text(field::PLACE, lang.pick("外出地点", "Place"), &d.place),
        Field::text(field::EMPLOYER, lang.pick("就业单位", "Employer"), &d.employer),
        Field::text(field::RESIDENCE, lang.pick("居住地", "Residence"), &d.residence),
        Field::text(field::CONTACT, lang.pick("联系方式", "Contact"), &d.contact),
        yes_no(field::ABROAD, lang.pick("在国（境）外", "Abroad"), d.abroad, lang),
        yes_no(field::FIXED, lang.pick("地点相对固定", "Fixed place"), d.fixed_place, lang),
        Field::date(field::TALK, lang.pick("外出前谈话", "Talk before"), d.talk_on, lang),
        Field::text(field::REG_ORG, lang.pick("流入地党组织", "Registered with"), &d.registered_org),
        Field::date(field::REG_ON, lang.pick("报到日期", "Registered on"), d.registered_on, lang),
        Field::date(field::RETURNED, lang.pick("返回/转出日期", "Back on"), d.returned_on, lang),
        Field::date(field::CHECKED, lang.pick("查验活动证", "Cert. checked"), d.checked_on, lang),
        Field::text(field::RETURN_NOTE, lang.pick("外出期间表现", "While away"), &d.return_note)
            .hint(lang.pick("返回后查验、了解的情况", "found on return")),
        Field::text(field::CERT_NO, lang.pick("活动证编号", "Certificate no."), &d.cert_no)
            .hint(lang.pick("没有活动证可不填", "empty if none")),
        Field::date(field::CERT_ISSUED, lang.pick("发证日期", "Issued on"), d.cert_issued_on, lang),
        yes_no(field::CERT_STAMPED, lang.pick("基层党委盖章", "Stamped"), d.cert_stamped, lang),
        Field::date(field::CERT_VERIFIED, lang.pick("流入地验证", "Verified on"), d.cert_verified_on, lang),
        yes_no(field::CERT_FILED, lang.pick("报上级备案", "Filed above"), d.cert_filed, lang),
    ];
    let title = if o.is_some() { lang.pick("外出记录", "Absence") } else { lang.pick("登记外出", "New absence") };
    let mut form =
        Form::new(FormKind::Tab(OUTFLOW_FORM, o.map(|(id, _)| id)), title.to_string(), fields)
            .editing(o.map(|(id, _)| Record::Outflow(id)));
    if chosen.is_some() {
        form.focus_key(if o.is_some() { field::STATUS } else { field::REASON });
    }
    form
}

/// Saves an absence; `away` is why its member cannot leave again (still away), said beside the
/// member.
fn save_outflow(
    form: &mut Form,
    id: Option<i64>,
    away: Option<String>,
    cx: &mut Cx,
) -> Result<(Vec<Action>, i64), SaveError> {
    let (today, lang) = (cx.today(), cx.lang);
    let member = form.picked(field::MEMBER);
    if member.is_none() {
        form.set_error(field::MEMBER, lang.pick("请选择党员", "choose a member").into());
    }
    if let Some(away) = away {
        form.set_error(field::MEMBER, away);
    }
    let departed = form.date(field::DEPARTED, true, today, lang);
    let mut dates = [
        field::EXPECTED,
        field::TALK,
        field::REG_ON,
        field::RETURNED,
        field::CHECKED,
        field::CERT_ISSUED,
        field::CERT_VERIFIED,
    ]
    .map(|k| form.date(k, false, today, lang))
    .into_iter();
    let mut next = || dates.next().flatten();
    let (expected_return, talk_on, registered_on, returned_on, checked_on, cert_issued_on, cert_verified_on) =
        (next(), next(), next(), next(), next(), next(), next());
    let (Some(member_id), Some(departed_on)) = (member, departed) else { return Err(SaveError::Invalid) };
    if form.has_errors() {
        return Err(SaveError::Invalid);
    }
    let on = |form: &Form, k: &str| form.choice(k) == "1";
    let d = OutflowDraft {
        member_id,
        status: MobileStatus::from_id(form.choice(field::STATUS)).unwrap_or(MobileStatus::Away),
        reason: form.text(field::REASON),
        departed_on,
        expected_return,
        place: form.text(field::PLACE),
        employer: form.text(field::EMPLOYER),
        residence: form.text(field::RESIDENCE),
        contact: form.text(field::CONTACT),
        abroad: on(form, field::ABROAD),
        fixed_place: on(form, field::FIXED),
        talk_on,
        registered_org: form.text(field::REG_ORG),
        registered_on,
        returned_on,
        checked_on,
        return_note: form.text(field::RETURN_NOTE),
        cert_no: form.text(field::CERT_NO),
        cert_issued_on,
        cert_stamped: on(form, field::CERT_STAMPED),
        cert_verified_on,
        cert_filed: on(form, field::CERT_FILED),
    };
    let saved = cx.service.save_outflow(id.map(|id| (id, form.seen())), &d)?;
    Ok((vec![Action::Reload, Action::Info(lang.pick("已保存外出记录", "absence saved").into())], saved))
}

/// A log entry of an absence dated today: the kind chosen (`None`: any kind, a change first).
pub fn log_form(outflow: i64, name: &str, kind: Option<LogKind>, cx: &Cx) -> Form {
    let lang = cx.lang;
    let kinds = LogKind::ALL.iter().map(|k| Opt::new(k.id(), k.label(lang))).collect();
    let fields = vec![
        Field::choice(field::LOG_KIND, lang.pick("类型", "Kind"), kinds, kind.unwrap_or(LogKind::Change).id()),
        Field::date(field::LOG_DATE, lang.pick("日期", "Date"), Some(cx.today()), lang),
        Field::text(field::LOG_CHANNEL, lang.pick("方式", "Channel"), "")
            .hint(lang.pick("电话、微信、面谈、书面", "phone, message, in person, letter")),
        Field::text(field::LOG_CONTENT, lang.pick("内容", "Content"), "")
            .hint(lang.pick("汇报的思想、工作和组织生活情况等", "thought, work, org life ...")),
    ];
    let title = match (lang, kind) {
        (Lang::Zh, Some(k)) => format!("{name}：记录{}", k.label(lang)),
        (Lang::Zh, None) => format!("{name}：记录"),
        (Lang::En, Some(k)) => format!("{name}: log a {}", k.label(lang)),
        (Lang::En, None) => format!("{name}: log"),
    };
    let mut form = Form::new(FormKind::Tab(LOG_FORM, Some(outflow)), title, fields);
    form.focus_key(if kind.is_some() { field::LOG_CHANNEL } else { field::LOG_KIND });
    form
}

fn save_log(form: &mut Form, outflow_id: i64, cx: &mut Cx) -> Result<Vec<Action>, SaveError> {
    let (today, lang) = (cx.today(), cx.lang);
    let Some(date) = form.date(field::LOG_DATE, true, today, lang) else { return Err(SaveError::Invalid) };
    let kind = LogKind::from_id(form.choice(field::LOG_KIND)).unwrap_or(LogKind::Contact);
    let d = LogDraft {
        outflow_id,
        kind,
        date,
        channel: form.text(field::LOG_CHANNEL),
        content: form.text(field::LOG_CONTENT),
    };
    cx.service.add_mobile_log(&d)?;
    let info = match lang {
        Lang::Zh => format!("已记录{}", kind.label(lang)),
        Lang::En => format!("{} logged", kind.label(lang)),
    };
    Ok(vec![Action::Reload, Action::Info(info)])
}

