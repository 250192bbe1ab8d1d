//! The 党员 tab: the member list, a detail pane, and the member and archive forms.

use std::borrow::Cow;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use crate::domain::dates::{self, whole_years};
use crate::domain::era::{Era, party_age, standing_from_text};
use crate::domain::honours::{HonoursReport, field as hfield};
use crate::domain::lang::Lang;
use crate::domain::leave::{StandingLeave, field as lfield};
use crate::domain::validation::Problem;
use crate::domain::member::{
    Archive, ArchiveReason, CadreLevel, Exemption, Gender, Member, MemberDraft, MemberStatus, PartyPost, UnitCategory,
    field, member_warnings,
};
use crate::domain::rules::{Finding, RuleId, Severity, Subject};
use crate::service::findings::Overdue;
use crate::domain::pledge::{PledgeStatus, ServiceTime};
use crate::service::members::MemberItem;
use crate::service::pledges::ServiceSummary;
use crate::service::{Service, ServiceError};
use crate::tui::form::{Field, Form, FormKind, Opt};
use crate::tui::keymap::{Ctx, Msg};
use crate::tui::{export_form, import_form, study_form};
use crate::tui::detail::DetailPane;
use crate::tui::tab::{Action, Cx, GroupOrder, SaveError, TabView, report, table_contexts};
use crate::tui::table::{Column, SortKey, TableRow, TableView, col};
use crate::tui::text::{display_safe, display_safe_cow};
use crate::tui::theme::{Theme, Tone, severity_tone};

/// This tab's forms.
const MEMBER_FORM: &str = "member";
const ARCHIVE_FORM: &str = "archive";
const HONOURS_FORM: &str = "honours";

const COLUMNS: &[Column] = &[
    col(("姓名", "Name"), 10, 0),
    col(("提醒", "Alert"), 8, 0),
    col(("性别", "Sex"), 4, 6),
    col(("党小组", "Group"), 10, 2),
    col(("状态", "Status"), 8, 0),
    col(("单位类别", "Unit"), 8, 4),
    col(("入党日期", "Admitted"), 10, 0),
    col(("转正日期", "Converted"), 10, 5),
    col(("党龄", "Years"), 4, 8),
    col(("电话", "Phone"), 12, 7),
    col(("职务", "Post"), 8, 3),
    col(("标记", "Marks"), 9, 1),
];

pub struct MemberRow {
    pub item: MemberItem,
    /// 党龄 in years today, for sorting (the cell shows it).
    age: Option<u32>,
    /// The group's place in the branch's order, for sorting (see [`GroupOrder`]).
    group_place: i64,
    alert: Option<Severity>,
    /// Another member in the branch has the name: the number shows beside it.
    name_shared: bool,
    /// 免学 today (the marks column).
    exempt: bool,
    tone: Tone,
    lang: Lang,
}

impl MemberRow {
    /// A row keeps the member and what the cells need beyond it; their text is made when drawn
    /// (a large branch has thousands of rows, twelve cells each).
    fn new(
        item: MemberItem,
        alert: Option<Severity>,
        shared: &std::collections::HashSet<String>,
        groups: &GroupOrder,
        today: chrono::NaiveDate,
        lang: Lang,
    ) -> MemberRow {
        let m = &item.member;
        let tone = if m.is_archived() { Tone::Muted } else { Tone::Normal };
        let age = party_age(&m.draft, today);
        let name_shared = shared.contains(m.draft.name.as_str());
        let exempt = m.exempt_on(today);
        let group_place = groups.place(item.group.as_deref());
        MemberRow { item, age, group_place, alert, name_shared, exempt, tone, lang }
    }
}

impl TableRow for MemberRow {
    fn id(&self) -> i64 {
        self.item.member.id
    }
    fn cell(&self, col: usize) -> Cow<'_, str> {
        let (m, lang) = (&self.item.member, self.lang);
        let d = &m.draft;
        match col {
            // Two members in the branch with one name: the number tells them apart.
            0 if self.name_shared => display_safe(&format!("{}({})", d.name, m.number)).into(),
            0 => display_safe_cow(&d.name),
            1 => self.alert.map_or("", |s| s.label(lang)).into(),
            2 => d.gender.label(lang).into(),
            3 => self.item.group.as_deref().unwrap_or("").into(),
            4 => match &m.archive {
                Some(a) => a.reason.label(lang).into(),
                None => d.status.label(lang).into(),
            },
            5 => d.unit_category.label(lang).into(),
            6 => dates::fmt(d.admission_date).into(),
            7 => dates::fmt_opt(d.conversion_date).into(),
            8 => self.age.map(|y| y.to_string()).unwrap_or_default().into(),
            9 => d.phone.as_str().into(),
            10 => {
                let mut posts: Vec<&str> = d.posts.iter().map(|p| p.label(lang)).collect();
                if self.item.leads_group {
                    posts.push(lang.pick("党小组长", "group leader"));
                }
                posts.join(",").into()
            }
            _ => {
                let mut marks = Vec::new();
                if self.exempt {
                    marks.push(lang.pick("免学", "exempt"));
                }
                if m.is_leading_cadre() {
                    marks.push(lang.pick("领导", "cadre"));
                }
                marks.join(" ").into()
            }
        }
    }
    fn sort_key(&self, col: usize) -> SortKey<'_> {
        match col {
            0 => SortKey::Text(Cow::Borrowed(&self.item.key.pinyin)),
            3 => SortKey::Num(self.group_place),
            // 党龄: by years; probationary members (none yet) first.
            8 => SortKey::Num(self.age.map_or(-1, i64::from)),
            _ => SortKey::Text(self.cell(col)),
        }
    }
    fn matches(&self, needle: &str) -> bool {
        self.item.key.matches(needle)
    }
    fn tone(&self) -> Tone {
        self.tone
    }
    fn marker_col(&self) -> Option<usize> {
        Some(1)
    }
}

pub struct MembersTab {
    pub table: TableView<MemberRow>,
    pub show_archived: bool,
    /// No member at all: the first-run screen shows instead of an empty table.
    pub first_run: bool,
    /// A member just saved, selected when the rows are next loaded.
    select_on_load: Option<i64>,
    /// Each member's pledges and service this year, for the detail (seed B8).
    /// The shown member's pledges and service this year: read when the selection moves to
    /// another member (one member's rows, not the branch's).
    summary: Option<(i64, Option<ServiceSummary>)>,
    /// A roster read and waiting for the user's yes.
    pending_import: Option<crate::service::import::Preview>,
    detail: DetailPane,
}

impl MembersTab {
    pub fn new() -> MembersTab {
        MembersTab {
            table: TableView::new(COLUMNS),
            show_archived: false,
            first_run: false,
            select_on_load: None,
            summary: None,
            pending_import: None,
            detail: DetailPane::default(),
        }
    }

    fn load_rows(&mut self, service: &Service, overdue: &Overdue, lang: Lang) -> Result<(), ServiceError> {
        let items = service.member_items()?;
        self.first_run = items.is_empty();
        let today = service.today();
        let shared = service.shared_names()?;
        let groups = GroupOrder::of(service);
        // The old rows go first: a reload would otherwise hold two lists of every member.
        self.table.unload();
        let mut rows = Vec::with_capacity(items.len());
        let worst = overdue.worst_by_member();
        rows.extend(items.into_iter().filter(|i| self.show_archived || !i.member.is_archived()).map(|i| {
            let alert = worst.get(&i.member.id).copied();
            MemberRow::new(i, alert, &shared, &groups, today, lang)
        }));
        self.table.set_rows(rows);
        self.summary = None;
        Ok(())
    }

    pub fn selected(&self) -> Option<&Member> {
        self.table.selected().map(|r| &*r.item.member)
    }

    fn draw(&mut self, f: &mut Frame, area: Rect, theme: &Theme, lang: Lang, service: &Service, overdue: &Overdue) {
        if self.first_run {
            return render_first_run(f, area, theme, lang, service);
        }
        let title = if self.show_archived {
            lang.pick("党员（含已归档）", "Members (with archived)")
        } else {
            lang.pick("党员", "Members")
        };
        let lines = match self.table.selected() {
            Some(row) => {
                let mut lines = detail_lines(row, service.today(), lang, theme, overdue);
                let (id, year) = (row.item.member.id, chrono::Datelike::year(&service.today()));
                if self.summary.as_ref().is_none_or(|(shown, _)| *shown != id) {
                    // A read that fails shows no service lines rather than "none".
                    let s = service.service_summary(id, year).ok().map(|s| {
                        let any = !s.pledges.is_empty() || s.services > 0;
                        any.then_some(s)
                    });
                    self.summary = s.map(|s| (id, s));
                }
                if let Some((_, s)) = &self.summary {
                    lines.extend(service_lines(s.as_ref(), year, lang, theme));
                }
                lines
            }
            None => vec![],
        };
        let (table_area, detail_area) = DetailPane::split(area);
        self.table.render(f, table_area, theme, lang, title, true);
        let id = self.table.selected_id();
        self.detail.render(f, detail_area, theme, lang, id, lines);
    }
}

impl Default for MembersTab {
    fn default() -> Self {
        Self::new()
    }
}

/// The two six-month rules of 党章第九条 side by side: organisational life and dues.
fn six_month_line(id: i64, lang: Lang, theme: &Theme, overdue: &Overdue) -> Line<'static> {
    let mut spans = vec![Span::styled(lang.pick("六个月规则（党章第九条） ", "six-month rules (art. 9) ").to_string(), theme.muted())];
    for (rule, label) in [(RuleId::OrgLifeLapse, ("组织生活 ", "org. life ")), (RuleId::DuesLapse, ("  党费 ", "  dues "))] {
        spans.push(Span::raw(lang.t(label).to_string()));
        match overdue.findings.iter().find(|f| f.rule == rule && f.subject == Subject::Member(id)) {
            Some(f) => spans.push(Span::styled(format!(" {} ", f.severity.label(lang)), theme.marker(severity_tone(f.severity)))),
            None => spans.push(Span::styled(lang.pick("正常", "ok").to_string(), theme.tone(Tone::Good))),
        }
    }
    Line::from(spans)
}

fn detail_lines(
    row: &MemberRow,
    today: chrono::NaiveDate,
    lang: Lang,
    theme: &Theme,
    overdue: &Overdue,
) -> Vec<Line<'static>> {
    let m = &row.item.member;
    let d = &m.draft;
    let k = |s: &str| Span::styled(s.to_string(), theme.muted());
    let v = |s: String| Span::raw(s);
    let mut lines = vec![Line::from(vec![
        Span::styled(display_safe(&d.name), theme.title()),
        v(format!("  {}  {}  {}  ", m.number, d.gender.label(lang), d.ethnicity)),
        k(lang.pick("出生 ", "born ")),
        v(format!("{} ({}{})", dates::fmt(d.birth_date), whole_years(d.birth_date, today), lang.pick("岁", "y"))),
    ])];
    // What is overdue comes first, where a small pane shows it.
    for f in overdue.findings.iter().filter(|f| f.subject == Subject::Member(m.id)) {
        lines.push(Line::from(vec![
            Span::styled(format!(" {} ", f.severity.label(lang)), theme.marker(severity_tone(f.severity))),
            v(format!(" {}", display_safe(f.message(lang)))),
        ]));
    }
    let mut status = vec![
        v(format!("{}  ", d.status.label(lang))),
        k(lang.pick("入党 ", "admitted ")),
        v(dates::fmt(d.admission_date)),
    ];
    if let Some(c) = d.conversion_date {
        status.push(k(lang.pick("  转正 ", "  converted ")));
        status.push(v(dates::fmt(c)));
    } else {
        status.push(k(lang.pick("  预备期满 ", "  probation ends ")));
        status
            .push(v(dates::fmt(crate::domain::member::probation_end(d.admission_date, d.probation_extension_months))));
        if d.probation_extension_months > 0 {
            status.push(k(&match lang {
                Lang::Zh => format!("（已延长 {} 个月）", d.probation_extension_months),
                Lang::En => format!(" (extended {} months)", d.probation_extension_months),
            }));
        }
    }
    if let Some(j) = d.joined_on {
        status.push(k(lang.pick("  转入 ", "  joined ")));
        status.push(v(dates::fmt(j)));
    }
    if let Some(age) = party_age(d, today) {
        status.push(k(lang.pick("  党龄 ", "  standing ")));
        status.push(v(format!("{age}{}", lang.pick(" 年", " years"))));
    }
    lines.push(Line::from(status));
    let mut posts: Vec<&str> = d.posts.iter().map(|p| p.label(lang)).collect();
    if row.item.leads_group {
        posts.push(lang.pick("党小组长", "group leader"));
    }
    lines.push(Line::from(vec![
        k(lang.pick("党小组 ", "group ")),
        v(row.item.group.clone().unwrap_or_else(|| lang.pick("（未分组）", "(none)").to_string())),
        k(lang.pick("  职务 ", "  posts ")),
        v(if posts.is_empty() { lang.pick("无", "none").to_string() } else { posts.join(lang.pick("、", ", ")) }),
    ]));
    if !row.item.grades.is_empty() {
        let mut spans = vec![k(lang.pick("评议等次 ", "grades "))];
        spans.extend(row.item.grades.iter().map(|(y, g)| v(format!("{y} {}  ", g.label(lang)))));
        lines.push(Line::from(spans));
    }
    lines.push(Line::from(vec![
        k(lang.pick("单位 ", "unit ")),
        v(format!("{} ({})", if d.work_unit.is_empty() { "-" } else { &d.work_unit }, d.unit_category.label(lang))),
        k(lang.pick("  电话 ", "  phone ")),
        v(if d.phone.is_empty() { "-".into() } else { d.phone.to_string() }),
    ]));
    if let Some(x) = &d.exemption {
        let period = match (x.from, x.to) {
            (None, None) => String::new(),
            (f, t) => format!(" {}~{}", dates::fmt_opt(f), dates::fmt_opt(t)),
        };
        lines.push(Line::from(vec![
            k(lang.pick("免集中学习（送学上门）: ", "exempt (home delivery): ")),
            v(format!("{}{period}", x.reason)),
        ]));
    }
    if let Some(c) = d.cadre_level {
        lines.push(Line::from(vec![k(lang.pick("领导干部: ", "leading cadre: ")), v(c.label(lang).to_string())]));
    }
    if let Some(a) = &m.archive {
        lines.push(Line::from(vec![
            Span::styled(format!("{} {}", a.reason.label(lang), dates::fmt(a.date)), theme.tone(Tone::DueSoon)),
            v(if a.note.is_empty() { String::new() } else { format!("  {}", a.note) }),
        ]));
    }
    if !d.notes.is_empty() {
        lines.push(Line::from(vec![k(lang.pick("备注 ", "notes ")), v(d.notes.clone())]));
    }
    lines.push(six_month_line(m.id, lang, theme, overdue));
    // Admitted under older rules: what the dates mean and where 党龄 counts from (docs/rules.md 入党时间与党龄).
    if let Some(era) = Era::of(d.admission_date).filter(|e| !e.is_current()) {
        lines.push(Line::from(vec![
            k(&era.hint(lang)),
            k(&format!("{}{}", lang.pick("；党龄起算 ", "; standing from "), standing_from_text(d, lang))),
        ]));
    }
    lines
}

/// The member's pledges and service this year (seed B8: they feed the evaluation).
fn service_lines(s: Option<&ServiceSummary>, year: i32, lang: Lang, theme: &Theme) -> Vec<Line<'static>> {
    let k = |t: String| Span::styled(t, theme.muted());
    let Some(s) = s else {
        return vec![Line::from(k(match lang {
            Lang::Zh => format!("{year}年 无承诺和联系服务记录"),
            Lang::En => format!("{year}: no pledges or service records"),
        }))];
    };
    let pledges: Vec<String> = s
        .pledges
        .iter()
        .map(|(status, content)| format!("{}({})", display_safe(content), status.label(lang)))
        .collect();
    let mut time = ServiceTime::Minutes(s.minutes).format(lang);
    if s.half_days > 0 {
        time.push_str(&match lang {
            Lang::Zh => format!("，基层调研 {}", ServiceTime::HalfDays(s.half_days).format(lang)),
            Lang::En => format!(", field research {}", ServiceTime::HalfDays(s.half_days).format(lang)),
        });
    }
    // One line (wrapped when long): the detail pane has five lines at 80x24.
    // Withdrawn pledges are no pledges (as in the 评议 facts): counted apart, still listed.
    let done = s.pledges.iter().filter(|(st, _)| st.is_done()).count();
    let withdrawn = s.pledges.iter().filter(|(st, _)| *st == PledgeStatus::Withdrawn).count();
    let pledged = s.pledges.len() - withdrawn;
    let mut head = match (lang, withdrawn) {
        (Lang::Zh, 0) => format!("{year}年 承诺 {pledged} 项（兑现 {done}），联系服务 {} 次 {time}", s.services),
        (Lang::Zh, w) => {
            format!("{year}年 承诺 {pledged} 项（兑现 {done}，另撤销 {w}），联系服务 {} 次 {time}", s.services)
        }
        (Lang::En, 0) => format!("{year}: {pledged} pledges ({done} done), {} service records, {time}", s.services),
        (Lang::En, w) => {
            format!("{year}: {pledged} pledges ({done} done, {w} withdrawn), {} service records, {time}", s.services)
        }
    };
    // The pledges after a colon, when there are any.
    if !pledges.is_empty() {
        head.push_str(": ");
    }
    vec![Line::from(vec![k(head), Span::raw(pledges.join("; "))])]
}

fn render_first_run(f: &mut Frame, area: Rect, theme: &Theme, lang: Lang, service: &Service) {
    let path = service.path().map(|p| p.display().to_string()).unwrap_or_default();
    let key = |s: &'static str| Span::styled(format!("  {s:<3}"), theme.key());
    let lines = vec![
        Line::from(Span::styled(
            lang.pick("欢迎使用支部台账 zhibu", "Welcome to zhibu, the branch register"),
            theme.title(),
        )),
        Line::from(""),
        Line::from(lang.pick("这是一个新的空数据库：", "This is a new, empty database:")),
        Line::from(Span::styled(format!("  {path}"), theme.muted())),
        Line::from(""),
        Line::from(vec![
            key("s"),
            Span::raw(
                lang.pick(
                    "设置支部名称、上级党委和学习规则",
                    "set the branch name, superior committee and study rules",
                ),
            ),
        ]),
        Line::from(vec![key("z"), Span::raw(lang.pick("建立党小组", "create party groups"))]),
        Line::from(vec![key("n"), Span::raw(lang.pick("录入第一名党员", "add the first member"))]),
        Line::from(Span::styled(
            lang.pick(
                "       台账自今年 1 月 1 日起检查；更早或更晚，按 s 改「台账起始日」",
                "       records are checked from 1 January this year; change it with s",
            ),
            theme.muted(),
        )),
        Line::from(vec![key("?"), Span::raw(lang.pick("查看全部按键", "see every key"))]),
        Line::from(""),
        Line::from(
            lang.pick("想先看看示例支部？按 q 退出，然后运行：", "To look at a demo branch first, press q, then run:"),
        ),
        Line::from(Span::styled("  zhibu sample --out demo.db", theme.key())),
        Line::from(Span::styled("  zhibu demo.db", theme.key())),
        Line::from(Span::styled(
            lang.pick(
                "  （在源代码目录中：cargo run --release -- sample-db/demo.db）",
                "  (in the source folder: cargo run --release -- sample-db/demo.db)",
            ),
            theme.muted(),
        )),
    ];
    let block = theme.block().title(Line::from(Span::styled(lang.pick(" 开始 ", " Getting started "), theme.title())));
    f.render_widget(Paragraph::new(lines).block(block).wrap(Wrap { trim: false }), area);
}

// ---- forms ----

fn vocab_opts<T: Copy>(
    all: &[T],
    id: fn(T) -> &'static str,
    label: fn(T, Lang) -> &'static str,
    lang: Lang,
) -> Vec<Opt> {
    all.iter().map(|&v| Opt::new(id(v), label(v, lang))).collect()
}

fn yes_no(lang: Lang) -> Vec<Opt> {
    vec![Opt::new("0", lang.pick("否", "no")), Opt::new("1", lang.pick("是", "yes"))]
}

/// The member form, empty for a new member or filled from `m`.
pub fn member_form(service: &Service, lang: Lang, m: Option<&Member>) -> Form {
    let groups = service.groups().unwrap_or_default();
    let default_unit = match service.settings().unit_type {
        crate::domain::settings::UnitType::GovOrgan => UnitCategory::GovOrgan,
        crate::domain::settings::UnitType::Soe => UnitCategory::Soe,
        crate::domain::settings::UnitType::PublicInstitution | crate::domain::settings::UnitType::School => {
            UnitCategory::PublicInstitution
        }
        _ => UnitCategory::Other,
    };
    let d = m.map(|m| m.draft.clone());
    let d = d.as_ref();
    let mut group_opts = vec![Opt::new("", lang.pick("（未分组）", "(none)"))];
    group_opts.extend(groups.iter().map(|g| Opt::new(g.id.to_string(), g.name.clone())));
    let mut cadre_opts = vec![Opt::new("", lang.pick("否", "no"))];
    cadre_opts.extend(vocab_opts(CadreLevel::ALL, CadreLevel::id, CadreLevel::label, lang));
    let x = d.and_then(|d| d.exemption.as_ref());
    let leave = m.and_then(|m| service.standing_leave(m.id).ok().flatten());
    let posts: Vec<&str> = d.map(|d| d.posts.iter().map(|p| p.id()).collect()).unwrap_or_default();
    let fields = vec![
        Field::text(field::NAME, lang.pick("姓名", "Name"), d.map_or("", |d| &d.name)),
        Field::choice(
            field::GENDER,
            lang.pick("性别", "Sex"),
            vocab_opts(Gender::ALL, Gender::id, Gender::label, lang),
            d.map_or("male", |d| d.gender.id()),
        ),
        Field::date(field::BIRTH, lang.pick("出生日期", "Born"), d.map(|d| d.birth_date), lang),
        Field::text(field::ETHNICITY, lang.pick("民族", "Ethnicity"), d.map_or("汉族", |d| &d.ethnicity)),
        Field::text(field::PHONE, lang.pick("电话", "Phone"), d.map_or("", |d| &d.phone)),
        Field::text(field::WORK_UNIT, lang.pick("工作单位", "Work unit"), d.map_or("", |d| &d.work_unit)),
        Field::choice(
            field::UNIT_CATEGORY,
            lang.pick("单位类别", "Unit category"),
            vocab_opts(UnitCategory::ALL, UnitCategory::id, UnitCategory::label, lang),
            d.map_or(default_unit.id(), |d| d.unit_category.id()),
        )
        .hint(lang.pick("机关/国企/事业单位 12 天，其他 6 天", "gov./SOE/public inst. 12 days, other 6")),
        Field::choice(
            field::GROUP,
            lang.pick("党小组", "Party group"),
            group_opts,
            &d.and_then(|d| d.group_id).map(|g| g.to_string()).unwrap_or_default(),
        ),
        Field::choice(
            field::STATUS,
            lang.pick("状态", "Status"),
            vocab_opts(MemberStatus::ALL, MemberStatus::id, MemberStatus::label, lang),
            d.map_or("full", |d| d.status.id()),
        ),
        Field::date(field::ADMISSION, lang.pick("入党日期", "Admitted"), d.map(|d| d.admission_date), lang),
        Field::date(field::CONVERSION, lang.pick("转正日期", "Converted"), d.and_then(|d| d.conversion_date), lang),
        Field::choice(
            field::EXTENSION,
            lang.pick("延长预备期", "Probation extended"),
            std::iter::once(Opt::new("0", lang.pick("未延长", "no")))
                .chain((6..=12).map(|n| Opt::new(n.to_string(), format!("{n}{}", lang.pick("个月", " months")))))
                .collect(),
            &d.map_or(0, |d| d.probation_extension_months).to_string(),
        )
        .hint(lang.pick("支部大会决定延长时选（6-12 个月）", "if the general meeting extended it (6-12 months)")),
        Field::date(field::JOINED, lang.pick("转入日期", "Joined branch"), d.and_then(|d| d.joined_on), lang)
            .hint(lang.pick("空=从录入之日起算；早已在本支部请填", "empty = from the day entered; else the date")),
        Field::choice(
            field::EXEMPT,
            lang.pick("免集中学习", "Exempt"),
            yes_no(lang),
            if x.is_some() { "1" } else { "0" },
        )
        .hint(lang.pick("年老体弱等，改为送学上门", "elderly or ill: home delivery instead")),
        Field::text(field::EXEMPT_REASON, lang.pick("免学原因", "Reason"), x.map_or("", |x| &x.reason)),
        Field::date(field::EXEMPT_FROM, lang.pick("免学开始", "Exempt from"), x.and_then(|x| x.from), lang),
        Field::date(field::EXEMPT_TO, lang.pick("免学截止", "Exempt until"), x.and_then(|x| x.to), lang),
        Field::choice(
            field::CADRE,
            lang.pick("领导干部", "Leading cadre"),
            cadre_opts,
            d.and_then(|d| d.cadre_level).map_or("", |c| c.id()),
        ),
        Field::multi(
            field::POSTS,
            lang.pick("党内职务", "Party posts"),
            vocab_opts(PartyPost::ALL, PartyPost::id, PartyPost::label, lang),
            &posts,
        ),
        Field::text(lfield::REASON, lang.pick("长期请假", "Standing leave"), leave.as_ref().map_or("", |l| &l.reason))
            .hint(lang.pick("如 病休；期间每次会议预先标为请假", "e.g. sick leave; pre-marked on rosters")),
        Field::date(lfield::FROM, lang.pick("请假开始", "Leave from"), leave.as_ref().map(|l| l.from), lang),
        Field::date(lfield::TO, lang.pick("请假截止", "Leave until"), leave.as_ref().map(|l| l.to), lang),
        Field::text(field::NOTES, lang.pick("备注", "Notes"), d.map_or("", |d| &d.notes)),
    ];
    let title = match m {
        Some(m) => format!("{} {}", lang.pick("编辑党员", "Edit member"), display_safe(&m.draft.name)),
        None => lang.pick("新增党员", "New member").to_string(),
    };
    let mut form = Form::new(FormKind::Tab(MEMBER_FORM, m.map(|m| m.id)), title, fields)
        .editing(m.map(|m| crate::service::Record::Member(m.id)));
    sync_form(&mut form);
    era_hints(&mut form, service.today(), lang);
    form
}

/// The era of the typed admission date beside the admission and conversion fields: older
/// admissions follow the rules of their time (docs/rules.md 入党时间与党龄); today's need the usual date hint.
fn era_hints(form: &mut Form, today: chrono::NaiveDate, lang: Lang) {
    let plain = Field::date(field::ADMISSION, "", None, lang).hint;
    let era = dates::parse_input(&form.text(field::ADMISSION), today).ok().and_then(Era::of);
    let (admission, conversion) = era.and_then(|e| e.form_hints(lang)).unwrap_or_else(|| (plain.clone(), plain));
    form.field_mut(field::ADMISSION).hint = admission;
    form.field_mut(field::CONVERSION).hint = conversion;
}

/// The 光荣在党50年 form: the year's list (beside the year) and the date it was reported.
fn honours_form(service: &Service, year: i32, lang: Lang) -> Form {
    let report = service.honours(year).ok().and_then(|l| l.report);
    let fields = vec![
        Field::text(hfield::YEAR, lang.pick("年度", "Year"), &year.to_string()),
        Field::date(
            hfield::REPORTED_ON,
            lang.pick("上报日期", "Reported on"),
            Some(report.as_ref().map_or(service.today(), |r| r.reported_on)),
            lang,
        )
        .hint(lang.pick("名单报上级党委之日；清空则删除记录", "the day the list went up; empty to remove")),
        Field::text(hfield::NOTE, lang.pick("备注", "Note"), report.as_ref().map_or("", |r| &r.note)),
    ];
    let title = lang.pick("光荣在党50年纪念章名单上报", "50 years in the Party: list reported").to_string();
    let mut form = Form::new(FormKind::Tab(HONOURS_FORM, None), title, fields);
    honours_names(&mut form, service, lang);
    form
}

/// Names the typed year's list beside the year.
fn honours_names(form: &mut Form, service: &Service, lang: Lang) {
    let year: Option<i32> = dates::ascii_digits(&form.text(hfield::YEAR)).trim().parse().ok();
    let hint = match year.map(|y| service.honours(y)) {
        Some(Ok(list)) if list.rows.is_empty() => lang.pick("该年无人党龄满 50 年", "nobody reaches 50 years").into(),
        Some(Ok(list)) => {
            let names: Vec<String> = list.rows.iter().map(|r| display_safe(&r.name)).collect();
            match lang {
                Lang::Zh => format!("{} 人：{}", names.len(), names.join("、")),
                Lang::En => format!("{}: {}", names.len(), names.join(", ")),
            }
        }
        _ => String::new(),
    };
    form.field_mut(hfield::YEAR).hint = hint;
}

/// Shows the fields that apply: the conversion date for full members, the exemption details
/// when exempt.
pub fn sync_form(form: &mut Form) {
    let full = form.choice(field::STATUS) == MemberStatus::Full.id();
    form.set_visible(field::CONVERSION, full);
    let exempt = form.choice(field::EXEMPT) == "1";
    for k in [field::EXEMPT_REASON, field::EXEMPT_FROM, field::EXEMPT_TO] {
        form.set_visible(k, exempt);
    }
}

/// Reads the member form; `None` when something does not parse (errors set on the form).
pub fn draft_from_form(form: &mut Form, today: chrono::NaiveDate, lang: Lang) -> Option<MemberDraft> {
    let birth = form.date(field::BIRTH, true, today, lang);
    let admission = form.date(field::ADMISSION, true, today, lang);
    let full = form.choice(field::STATUS) == MemberStatus::Full.id();
    let conversion = if full { form.date(field::CONVERSION, false, today, lang) } else { None };
    let joined = form.date(field::JOINED, false, today, lang);
    let exempt = form.choice(field::EXEMPT) == "1";
    let (ex_from, ex_to) = if exempt {
        (form.date(field::EXEMPT_FROM, false, today, lang), form.date(field::EXEMPT_TO, false, today, lang))
    } else {
        (None, None)
    };
    let parsed = !form.has_errors();
    // A date that did not parse stands in as today, so that the other fields are still checked
    // and every problem shows in one round.
    let draft = MemberDraft {
        name: form.text(field::NAME).into(),
        gender: Gender::from_id(form.choice(field::GENDER)).unwrap_or(Gender::Male),
        birth_date: birth.unwrap_or(today),
        ethnicity: form.text(field::ETHNICITY).into(),
        phone: form.text(field::PHONE).into(),
        work_unit: form.text(field::WORK_UNIT).into(),
        unit_category: UnitCategory::from_id(form.choice(field::UNIT_CATEGORY)).unwrap_or(UnitCategory::Other),
        group_id: form.choice(field::GROUP).parse().ok(),
        status: if full { MemberStatus::Full } else { MemberStatus::Probationary },
        admission_date: admission.unwrap_or(today),
        conversion_date: conversion,
        probation_extension_months: form.choice(field::EXTENSION).parse().unwrap_or(0),
        joined_on: joined,
        exemption: exempt.then(|| Exemption { reason: form.text(field::EXEMPT_REASON), from: ex_from, to: ex_to }),
        cadre_level: CadreLevel::from_id(form.choice(field::CADRE)),
        posts: form.multi(field::POSTS).into_iter().filter_map(PartyPost::from_id).collect(),
        notes: form.text(field::NOTES),
    };
    if parsed {
        return Some(draft);
    }
    let date_fields = [field::BIRTH, field::ADMISSION, field::CONVERSION, field::JOINED, field::EXEMPT_TO];
    if let Err(errs) = crate::domain::member::validate_member(&draft, today) {
        let others: Vec<_> = errs.into_iter().filter(|e| !date_fields.contains(&e.field)).collect();
        form.show_errors(&others, lang);
    }
    None
}

fn archive_form(m: &Member, lang: Lang, today: chrono::NaiveDate) -> Form {
    let fields = vec![
        Field::choice(
            field::ARCHIVE_REASON,
            lang.pick("原因", "Reason"),
            vocab_opts(ArchiveReason::ALL, ArchiveReason::id, ArchiveReason::label, lang),
            ArchiveReason::TransferredOut.id(),
        ),
        Field::date(field::ARCHIVE_DATE, lang.pick("日期", "Date"), Some(today), lang),
        Field::text(field::ARCHIVE_NOTE, lang.pick("说明", "Note"), "")
            .hint(lang.pick("如转往何处；「其他」须填写", "e.g. where to; required for other")),
    ];
    let title = format!(
        "{} {}",
        lang.pick("归档党员（记录保留）", "Archive member (records are kept)"),
        display_safe(&m.draft.name)
    );
    Form::new(FormKind::Tab(ARCHIVE_FORM, Some(m.id)), title, fields)
}

/// Reads the standing-leave fields: `Ok(None)` when all are empty; `Err` with the errors set
/// beside the fields when something is missing, does not parse or ends before it starts.
fn leave_from_form(form: &mut Form, today: chrono::NaiveDate, lang: Lang) -> Result<Option<StandingLeave>, ()> {
    let reason = form.text(lfield::REASON);
    if reason.trim().is_empty() && form.text(lfield::FROM).is_empty() && form.text(lfield::TO).is_empty() {
        return Ok(None);
    }
    let from = form.date(lfield::FROM, true, today, lang);
    let to = form.date(lfield::TO, true, today, lang);
    if reason.trim().is_empty() {
        form.set_error(lfield::REASON, Problem::Required.text(lang));
    }
    let (Some(from), Some(to)) = (from, to) else { return Err(()) };
    let leave = StandingLeave { member_id: 0, reason, from, to };
    if let Err(errs) = crate::domain::leave::validate_leave(&leave) {
        form.show_errors(&errs, lang);
    }
    if form.has_errors() { Err(()) } else { Ok(Some(leave)) }
}

impl MembersTab {
    fn save_member(&mut self, form: &mut Form, id: Option<i64>, cx: &mut Cx) -> Result<Vec<Action>, SaveError> {
        let lang = cx.lang;
        let leave = leave_from_form(form, cx.today(), lang);
        let draft = draft_from_form(form, cx.today(), lang).ok_or(SaveError::Invalid)?;
        let leave = leave.map_err(|()| SaveError::Invalid)?;
        // What the rules of the time allowed but looks like a typing mistake, or a name another
        // member in the branch has: ask once the rest is valid.
        if !form.confirmed {
            let mut ask: Vec<String> = member_warnings(&draft).first().map(|w| w.problem.text(lang)).into_iter().collect();
            let name = draft.name.trim();
            let renamed = match id {
                Some(id) => cx.service.member(id)?.draft.name != name,
                None => true,
            };
            if renamed && let Some(other) = cx.service.name_in_use(name, id)? {
                ask.push(match lang {
                    Lang::Zh => format!("已有同名党员（编号 {}），确是另一人？", other.number),
                    Lang::En => format!("member {} has this name too; another person? ", other.number),
                });
            }
            if !ask.is_empty() {
                crate::domain::member::validate_member(&draft, cx.today()).map_err(ServiceError::Invalid)?;
                return Err(SaveError::Confirm(format!("{}(y/n)", ask.join(lang.pick("；", "; ")))));
            }
        }
        let id = match id {
            Some(id) => cx.service.update_member(id, &draft, form.seen()).map(|_| id)?,
            None => cx.service.create_member(&draft)?,
        };
        // Checked above, so this only fails if the file does; the member is saved either way.
        cx.service.save_standing_leave(id, leave.as_ref())?;
        // Selected once the reload has the new row.
        self.select_on_load = Some(id);
        Ok(vec![
            Action::Reload,
            Action::Info(match lang {
                Lang::Zh => format!("已保存：{}", display_safe(&draft.name)),
                Lang::En => format!("saved: {}", draft.name),
            }),
        ])
    }

    fn save_honours(&mut self, form: &mut Form, cx: &mut Cx) -> Result<Vec<Action>, SaveError> {
        let lang = cx.lang;
        let range = crate::domain::honours::YEAR_RANGE;
        let year = form.number(hfield::YEAR, (i64::from(*range.start()), i64::from(*range.end())), lang);
        let empty = form.text(hfield::REPORTED_ON).trim().is_empty();
        let on = if empty { None } else { form.date(hfield::REPORTED_ON, true, cx.today(), lang) };
        let year = year.ok_or(SaveError::Invalid)? as i32;
        if form.has_errors() {
            return Err(SaveError::Invalid);
        }
        let text = match on {
            None => {
                cx.service.delete_honours_report(year)?;
                match lang {
                    Lang::Zh => format!("已删除 {year} 年的上报记录"),
                    Lang::En => format!("removed the {year} report date"),
                }
            }
            Some(reported_on) => {
                cx.service.save_honours_report(&HonoursReport { year, reported_on, note: form.text(hfield::NOTE) })?;
                match lang {
                    Lang::Zh => format!("已记录 {year} 年名单于 {} 上报", dates::fmt(reported_on)),
                    Lang::En => format!("recorded: the {year} list was reported on {}", dates::fmt(reported_on)),
                }
            }
        };
        Ok(vec![Action::Reload, Action::Info(text)])
    }

    fn save_archive(&mut self, form: &mut Form, id: i64, cx: &mut Cx) -> Result<Vec<Action>, SaveError> {
        let lang = cx.lang;
        let date = form.date(field::ARCHIVE_DATE, true, cx.today(), lang);
        let a = Archive {
            reason: ArchiveReason::from_id(form.choice(field::ARCHIVE_REASON)).unwrap_or(ArchiveReason::Other),
            date: date.ok_or(SaveError::Invalid)?,
            note: form.text(field::ARCHIVE_NOTE),
        };
        cx.service.archive_member(id, &a)?;
        Ok(vec![
            Action::Reload,
            Action::Info(lang.pick("已归档；按 h 可查看已归档党员", "archived; press h to see archived members").into()),
        ])
    }
}

impl TabView for MembersTab {
    fn selected_record(&self) -> Option<(&'static str, i64)> {
        self.selected().map(|m| ("member", m.id))
    }

    fn create(_year: i32) -> Self {
        MembersTab::new()
    }

    fn title(&self, lang: Lang) -> &'static str {
        lang.pick("党员", "Members")
    }

    /// Findings about a member, but for study time (the 学习 tab's), contact and service (the
    /// 承诺 tab's) and members away (the 流动 tab's); the 光荣在党50年 list.
    fn owns(&self, f: &Finding) -> bool {
        // Dues findings belong to the 党费 tab, contact and service to the 承诺 tab, evaluation and
        // disposals to the 评议 tab, members away (活动证年审, 失联, 应转移组织关系, ...) to the
        // 流动 tab, where their actions are: Enter on one in the 待办 tab goes there.
        matches!(f.subject, Subject::Member(_))
            && f.rule != RuleId::StudyHours
            && !f.rule.id().starts_with("dues")
            && !crate::domain::pledge_rules::RULES.contains(&f.rule)
            && !crate::domain::evaluation::owned_by_evaluation(f.rule)
            && !crate::domain::mobile_rules::RULES.contains(&f.rule)
            || f.rule == RuleId::Honours
    }

    fn load(&mut self, cx: &Cx) -> Result<(), ServiceError> {
        self.load_rows(cx.service, cx.overdue, cx.lang)?;
        if let Some(id) = self.select_on_load.take() {
            self.table.select_id(id);
        }
        Ok(())
    }

    fn unload(&mut self) -> bool {
        self.table.unload();
        self.summary = None;
        true
    }

    fn contexts(&self) -> Vec<Ctx> {
        table_contexts(self.table.filtering, &[Ctx::Members, Ctx::Detail, Ctx::Table, Ctx::Global])
    }

    fn update(&mut self, msg: Msg, cx: &mut Cx) -> Vec<Action> {
        if self.table.handle(&msg) || self.detail.handle(&msg) {
            return Vec::new();
        }
        let lang = cx.lang;
        match msg {
            Msg::New => vec![Action::Form(Box::new(member_form(cx.service, lang, None)))],
            Msg::Open => match self.selected() {
                Some(m) => vec![Action::Form(Box::new(member_form(cx.service, lang, Some(m))))],
                None => Vec::new(),
            },
            Msg::Delete => {
                let Some(m) = self.selected() else {
                    return Vec::new();
                };
                if m.is_archived() {
                    let text = match lang {
                        Lang::Zh => {
                            format!("恢复 {} 为在册党员？(y/n)", display_safe(&m.draft.name))
                        }
                        Lang::En => format!("Restore {} to the active list? (y/n)", m.draft.name),
                    };
                    vec![Action::Confirm { text, on_yes: Msg::RestoreMember(m.id) }]
                } else {
                    vec![Action::Form(Box::new(archive_form(m, lang, cx.today())))]
                }
            }
            Msg::RestoreMember(id) => match cx.service.restore_member(id) {
                Ok(()) => vec![Action::Reload, Action::Info(lang.pick("已恢复", "restored").into())],
                Err(e) => vec![Action::Error(e)],
            },
            Msg::NewStudy => {
                let member = self.selected().map(|m| m.id);
                vec![Action::Form(Box::new(study_form::study_form(cx, member, None)))]
            }
            Msg::Honours => {
                let year = chrono::Datelike::year(&cx.today());
                vec![Action::Form(Box::new(honours_form(cx.service, year, lang)))]
            }
            Msg::Import => vec![Action::Form(Box::new(import_form::form(lang)))],
            Msg::Export => {
                let year = chrono::Datelike::year(&cx.today());
                vec![Action::Form(Box::new(export_form::taizhang(cx, year)))]
            }
            Msg::ImportConfirmed => import_form::confirmed(cx, &mut self.pending_import),
            Msg::ToggleArchived => {
                self.show_archived = !self.show_archived;
                report(self.load_rows(cx.service, cx.overdue, lang))
            }
            _ => Vec::new(),
        }
    }

    fn render(&mut self, f: &mut Frame, area: Rect, theme: &Theme, cx: &Cx) {
        self.draw(f, area, theme, cx.lang, cx.service, cx.overdue);
    }

    /// Shows the member, or opens the 光荣在党50年 list of the finding's year.
    fn act_on(&mut self, f: &Finding, cx: &mut Cx) -> Vec<Action> {
        if f.rule == RuleId::Honours {
            let year = f.period.map_or(chrono::Datelike::year(&cx.today()), |p| chrono::Datelike::year(&p.start));
            return vec![Action::Form(Box::new(honours_form(cx.service, year, cx.lang)))];
        }
        if let Subject::Member(id) = f.subject {
            self.table.clear_filter();
            self.table.select_id(id);
        }
        Vec::new()
    }

    fn form_changed(&mut self, form: &mut Form, cx: &mut Cx) -> Result<(), ServiceError> {
        match form.kind {
            FormKind::Tab(MEMBER_FORM, _) => {
                sync_form(form);
                era_hints(form, cx.today(), cx.lang);
            }
            FormKind::Tab(HONOURS_FORM, _) => honours_names(form, cx.service, cx.lang),
            FormKind::Tab(export_form::KIND, None) => export_form::taizhang_changed(form, cx),
            _ => {}
        }
        Ok(())
    }

    fn reopen_form(&mut self, form: &Form, cx: &mut Cx) -> Option<Result<Form, ServiceError>> {
        match form.kind {
            FormKind::Tab(MEMBER_FORM, Some(id)) => {
                Some(cx.service.member(id).map(|m| member_form(cx.service, cx.lang, Some(&m))))
            }
            _ => study_form::reopen(form, cx),
        }
    }

    fn save_form(&mut self, form: &mut Form, cx: &mut Cx) -> Result<Vec<Action>, SaveError> {
        match form.kind {
            FormKind::Tab(MEMBER_FORM, id) => self.save_member(form, id, cx),
            FormKind::Tab(ARCHIVE_FORM, Some(id)) => self.save_archive(form, id, cx),
            FormKind::Tab(HONOURS_FORM, _) => self.save_honours(form, cx),
            FormKind::Tab(study_form::KIND, id) => study_form::save(form, id, cx),
            FormKind::Tab(export_form::KIND, _) => export_form::save(form, None, cx),
            FormKind::Tab(import_form::KIND, _) => import_form::save(form, cx, &mut self.pending_import),
            _ => Ok(Vec::new()),
        }
    }
}

/// A withdrawn pledge is listed but not counted, as in the 评议 facts.
#[test]
fn withdrawn_pledges_are_counted_apart() {
    let theme = Theme::new(true, false);
    let text = |pledges: Vec<(PledgeStatus, String)>, lang| {
        let s = ServiceSummary { pledges, services: 0, minutes: 0, half_days: 0 };
        service_lines(Some(&s), 2026, lang, &theme)
            .iter()
            .flat_map(|l| l.spans.iter().map(|s| s.content.to_string()))
            .collect::<String>()
    };
    let one = vec![(PledgeStatus::Fulfilled, "修路".to_string())];
    assert!(text(one.clone(), Lang::Zh).starts_with("2026年 承诺 1 项（兑现 1），"), "{}", text(one.clone(), Lang::Zh));
    let two = vec![(PledgeStatus::Fulfilled, "修路".to_string()), (PledgeStatus::Withdrawn, "建桥".to_string())];
    let zh = text(two.clone(), Lang::Zh);
    assert!(zh.starts_with("2026年 承诺 1 项（兑现 1，另撤销 1），") && zh.contains("建桥(已撤销)"), "{zh}");
    assert!(text(two, Lang::En).starts_with("2026: 1 pledges (1 done, 1 withdrawn),"));
    // Service without pledges: no colon left hanging.
    assert!(text(Vec::new(), Lang::Zh).ends_with("联系服务 0 次 0小时"), "{}", text(Vec::new(), Lang::Zh));
    assert!(text(one, Lang::Zh).ends_with("0小时: 修路(已兑现)"));
}
