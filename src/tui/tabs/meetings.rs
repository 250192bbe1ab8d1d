//! The 三会一课 tab: the year's meetings newest first, a detail pane, and the meeting form with
//! its attendance list.

use crate::domain::ids::IdMap;
use std::borrow::Cow;

use chrono::{Datelike, NaiveDate, NaiveTime};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use crate::domain::dates;
use crate::domain::lang::Lang;
use crate::domain::meeting::{Guest, 
    Attendance, AttendanceRow, Meeting, MeetingDraft, MeetingKind, MeetingStatus, Resolution, field,
};
use crate::domain::member::PartyPost;
use crate::domain::rules::{Finding, Severity, Subject};
use crate::domain::study::CreditUnit;
use crate::domain::upcoming::When;
use crate::service::findings::Overdue;
use crate::service::meetings::MeetingItem;
use crate::service::search::SearchKey;
use crate::service::{Service, ServiceError};
use crate::tui::export_form;
use crate::tui::form::{Field, Form, FormKind, Opt, PickOpt};
use crate::tui::keymap::{Ctx, Msg};
use crate::tui::detail::DetailPane;
use crate::tui::tab::{Action, Cx, SaveError, TabView, kinds_short, report, step_year, table_contexts};
use crate::domain::incoming::Incoming;
use crate::tui::roster::{IncomingGuest, PromptKind, Roster, RosterRow, Tally};
use crate::tui::table::{Column, SortKey, TableRow, TableView, col};
use crate::tui::text::display_safe;
use crate::tui::theme::{Theme, Tone};

const COLUMNS: &[Column] = &[
    col(("日期", "Date"), 10, 0),
    col(("状态", "Status"), 7, 0),
    col(("类型", "Kinds"), 12, 0),
    col(("应到", "Exp"), 4, 3),
    col(("实到", "In"), 4, 0),
    col(("请假", "Exc"), 4, 2),
    col(("缺席", "Abs"), 4, 0),
    // At 80 columns 外出 shows and 学时 (in the details) gives way.
    col(("外出", "Away"), 4, 3),
    col(("学时", "Credit"), 6, 4),
    col(("主持人", "Host"), 8, 5),
    col(("议题", "Topic"), 16, 0),
];

/// A meeting of the list. Its cells are made when drawn (only the visible rows each frame),
/// not kept: a large branch has ten thousand meetings a year, and ten strings each would hold
/// several megabytes for as long as the tab is open.
pub struct MeetingRow {
    item: MeetingItem,
    /// A planned meeting coming up (as the 待办 tab lists it) says when instead of 计划.
    when: Option<When>,
    unit: CreditUnit,
    lang: Lang,
    tone: Tone,
}

impl MeetingRow {
    fn new(item: MeetingItem, when: Option<When>, unit: CreditUnit, lang: Lang) -> MeetingRow {
        let tone = match item.summary.status {
            MeetingStatus::Held => Tone::Normal,
            MeetingStatus::Planned => Tone::Good,
            MeetingStatus::Cancelled => Tone::Muted,
        };
        MeetingRow { item, when, unit, lang, tone }
    }

    const COLS: usize = COLUMNS.len();

    /// The text of column `col`.
    fn text(&self, col: usize) -> String {
        let (s, lang) = (&self.item.summary, self.lang);
        let held = s.status == MeetingStatus::Held;
        let n = |v: u32| if held { v.to_string() } else { String::new() };
        match col {
            0 => dates::fmt(s.date),
            1 => self.when.and_then(|w| w.short(lang)).unwrap_or(s.status.label(lang)).to_string(),
            2 => kinds_short(&s.kinds, lang),
            3 => n(s.expected),
            4 => n(s.in_room),
            5 => n(s.excused),
            6 => n(s.absent),
            7 => n(s.away),
            8 => self.unit.format(s.credit_min, lang),
            9 => self.item.host.as_deref().map(display_safe).unwrap_or_default(),
            _ => {
                // A cancelled meeting says why before its topic.
                let why = match s.status {
                    MeetingStatus::Cancelled => format!("({}) ", s.cancel_reason),
                    _ => String::new(),
                };
                match &self.item.group {
                    Some(g) => format!("[{g}] {why}{}", s.topic),
                    None => format!("{why}{}", s.topic),
                }
            }
        }
    }
}

impl TableRow for MeetingRow {
    fn id(&self) -> i64 {
        self.item.summary.id
    }
    fn cell(&self, col: usize) -> Cow<'_, str> {
        Cow::Owned(self.text(col))
    }
    fn sort_key(&self, col: usize) -> SortKey<'_> {
        let s = &self.item.summary;
        match col {
            // The order of the dates as written (YYYY-MM-DD), without writing them.
            0 => SortKey::Num(s.date.num_days_from_ce().into()),
            3 => SortKey::Num(s.expected.into()),
            4 => SortKey::Num(s.in_room.into()),
            5 => SortKey::Num(s.excused.into()),
            6 => SortKey::Num(s.absent.into()),
            7 => SortKey::Num(s.away.into()),
            8 => SortKey::Num(s.credit_min),
            _ => SortKey::Text(Cow::Owned(self.text(col))),
        }
    }
    fn matches(&self, needle: &str) -> bool {
        if needle.is_empty() {
            return true;
        }
        let needle = needle.to_lowercase();
        (0..Self::COLS).any(|c| self.text(c).to_lowercase().contains(&needle))
            || self
                .item
                .summary
                .kinds
                .iter()
                .any(|k| k.label(Lang::Zh).contains(&needle) || k.label(Lang::En).contains(&needle))
    }
    fn tone(&self) -> Tone {
        self.tone
    }
}

/// The inputs the roster was last computed from, so that it is recomputed only when they change.
type RosterKey = (Vec<MeetingKind>, NaiveDate, Option<i64>);

pub struct MeetingsTab {
    pub year: i32,
    pub table: TableView<MeetingRow>,
    /// The selected meeting in full, for the detail pane.
    detail: Option<Meeting>,
    /// Member names by id, loaded with the rows (a move loads only the meeting).
    names: IdMap<i64, String>,
    roster_key: Option<RosterKey>,
    /// A meeting just saved, selected when the rows are next loaded.
    select_on_load: Option<i64>,
    pane: DetailPane,
}

/// This tab's form.
const MEETING_FORM: &str = "meeting";

impl MeetingsTab {
    pub fn new(year: i32) -> MeetingsTab {
        MeetingsTab {
            year,
            table: TableView::new(COLUMNS),
            detail: None,
            names: IdMap::default(),
            roster_key: None,
            pane: DetailPane::default(),
            select_on_load: None,
        }
    }

    fn load_rows(&mut self, service: &Service, lang: Lang) -> Result<(), ServiceError> {
        let unit = CreditUnit::of(service.settings());
        let coming: IdMap<i64, When> = service.upcoming()?.into_iter().map(|u| (u.meeting.id, u.when)).collect();
        // The old rows go first (a year of a large branch's meetings).
        self.table.unload();
        let rows = service
            .meetings_in_year(self.year)?
            .into_iter()
            .map(|i| {
                let when = coming.get(&i.summary.id).copied();
                MeetingRow::new(i, when, unit, lang)
            })
            .collect();
        self.table.set_rows(rows);
        self.names = service.member_names()?;
        // The selected meeting may have been edited: load it afresh.
        self.detail = None;
        self.load_detail(service)
    }

    /// Loads the selected meeting for the detail pane (after a load or a move).
    pub fn load_detail(&mut self, service: &Service) -> Result<(), ServiceError> {
        self.detail = match self.table.selected_id() {
            Some(id) if self.detail.as_ref().is_none_or(|m| m.id != id) => Some(service.meeting(id)?),
            Some(_) => self.detail.take(),
            None => None,
        };
        Ok(())
    }

    fn draw(
        &mut self,
        f: &mut Frame,
        area: Rect,
        theme: &Theme,
        lang: Lang,
        unit: CreditUnit,
        overdue: &Overdue,
    ) {
        let mut title = match lang {
            Lang::Zh => format!("{}年 三会一课与集体学习", self.year),
            Lang::En => format!("Meetings and collective education {}", self.year),
        };
        // The required meetings that were not held, so the gaps show where meetings are logged.
        let missing: Vec<&str> = overdue
            .findings
            .iter()
            .filter(|x| x.rule.kind().is_some() && x.severity == Severity::Overdue)
            .map(|x| x.message(lang))
            .collect();
        if !missing.is_empty() {
            title.push_str(&format!("  {}{}", lang.pick("逾期：", "overdue: "), missing.join(lang.pick("；", "; "))));
        }
        let title = crate::tui::text::fit(&title, area.width.saturating_sub(12) as usize);
        let lines = match &self.detail {
            Some(m) => detail_lines(m, &self.names, lang, theme, unit),
            None => vec![Line::from(Span::styled(
                lang.pick(
                    "本年还没有会议记录；按 n 登记一次会议，[ ] 切换年份",
                    "No meetings this year: n logs one, [ ] change year",
                ),
                theme.muted(),
            ))],
        };
        let (table_area, detail_area) = DetailPane::split(area);
        self.table.render(f, table_area, theme, lang, &title, true);
        let id = self.table.selected_id();
        self.pane.render(f, detail_area, theme, lang, id, lines);
    }
}

fn name_of(names: &IdMap<i64, String>, id: i64) -> String {
    names.get(&id).map(|n| display_safe(n)).unwrap_or_default()
}

fn detail_lines(
    m: &Meeting,
    names: &IdMap<i64, String>,
    lang: Lang,
    theme: &Theme,
    unit: CreditUnit,
) -> Vec<Line<'static>> {
    let d = &m.draft;
    let k = |s: &str| Span::styled(s.to_string(), theme.muted());
    let kinds: Vec<&str> = d.kinds.iter().map(|k| k.label(lang)).collect();
    let time = match (d.start, d.end) {
        (Some(s), Some(e)) => format!(" {}-{}", s.format("%H:%M"), e.format("%H:%M")),
        (Some(s), None) => format!(" {}", s.format("%H:%M")),
        _ => String::new(),
    };
    let mut lines = vec![Line::from(vec![Span::styled(d.topic.clone(), theme.title())])];
    if d.status == MeetingStatus::Cancelled {
        lines.push(Line::from(vec![
            Span::styled(lang.pick("已取消：", "cancelled: ").to_string(), theme.tone(Tone::Overdue)),
            Span::raw(d.cancel_reason.clone()),
            Span::styled(
                lang.pick("  不计入会议次数", "  counts for no required meeting").to_string(),
                theme.muted(),
            ),
        ]));
    }
    lines.extend([
        Line::from(vec![
            Span::raw(format!("{}{time}  {}  ", dates::fmt(d.date), kinds.join(lang.pick("、", ", ")))),
            k(lang.pick("学时 ", "credit ")),
            Span::raw(unit.format(d.credit_min, lang)),
        ]),
    ]);
    let mut who = Vec::new();
    if !d.location.is_empty() {
        who.push(k(lang.pick("地点 ", "at ")));
        who.push(Span::raw(format!("{}  ", d.location)));
    }
    for (label, id) in [
        (lang.pick("主持 ", "host "), d.host_id),
        (lang.pick("记录 ", "recorder "), d.recorder_id),
        (lang.pick("主讲 ", "lecturer "), d.lecturer_id),
    ] {
        if let Some(id) = id {
            who.push(k(label));
            who.push(Span::raw(format!("{}  ", name_of(names, id))));
        }
    }
    if !d.lecturer_name.is_empty() {
        who.push(k(lang.pick("主讲 ", "lecturer ")));
        who.push(Span::raw(d.lecturer_name.clone()));
    }
    if !who.is_empty() {
        lines.push(Line::from(who));
    }
    if d.status == MeetingStatus::Held {
        lines.push(Line::from(Tally::of(d.attendance.iter().map(|a| a.status)).text(lang, true, true)));
        let list = |status: Attendance| -> Vec<String> {
            d.attendance
                .iter()
                .filter(|a| a.status == status)
                .map(|a| {
                    let n = name_of(names, a.member_id);
                    match (a.reason.is_empty(), a.made_up_on) {
                        (_, Some(day)) => format!("{n}({})", dates::fmt(day)),
                        (false, None) => format!("{n}({})", a.reason),
                        (true, None) => n,
                    }
                })
                .collect()
        };
        for status in [
            Attendance::Absent,
            Attendance::Excused,
            Attendance::MadeUp,
            Attendance::Late,
            Attendance::HomeDelivered,
            Attendance::AwayMobile,
        ] {
            let who = list(status);
            if !who.is_empty() {
                let style = if status == Attendance::Absent { theme.tone(Tone::Overdue) } else { theme.muted() };
                lines.push(Line::from(vec![
                    Span::styled(format!("{}: ", status.label(lang)), style),
                    Span::raw(who.join(lang.pick("、", ", "))),
                ]));
            }
        }
        let (incoming, plain): (Vec<&Guest>, Vec<&Guest>) = d.guests.iter().partition(|g| g.is_incoming());
        if !plain.is_empty() {
            // One marked absent was an incoming member since deleted from the register.
            let names: Vec<String> = plain
                .iter()
                .map(|g| if g.absent { format!("{}{}", g.name, lang.pick("缺席", " absent")) } else { g.name.clone() })
                .collect();
            lines.push(Line::from(vec![k(lang.pick("列席: ", "guests: ")), Span::raw(names.join(lang.pick("、", ", ")))]));
        }
        // Incoming mobile members (流入党员) with their home branch; never counted above.
        if !incoming.is_empty() {
            let names: Vec<String> = incoming
                .iter()
                .map(|g| {
                    let mut s = if g.home_branch.is_empty() {
                        g.name.clone()
                    } else {
                        match lang {
                            Lang::Zh => format!("{}（{}）", g.name, g.home_branch),
                            Lang::En => format!("{} ({})", g.name, g.home_branch),
                        }
                    };
                    if g.absent {
                        s.push_str(lang.pick("缺席", " absent"));
                    }
                    s
                })
                .collect();
            lines.push(Line::from(vec![
                k(lang.pick("流入党员: ", "incoming members: ")),
                Span::raw(names.join(lang.pick("、", ", "))),
            ]));
        }
    }
    if let Some(r) = &d.resolution {
        let passed = if r.passed() { lang.pick("通过", "passed") } else { lang.pick("未通过", "not passed") };
        lines.push(Line::from(vec![
            k(lang.pick("决议: ", "resolution: ")),
            Span::raw(format!("{}  {} {}/{}/{}/{}/{}", r.text, passed, r.entitled, r.present, r.yes, r.no, r.abstain)),
        ]));
    }
    if !d.minutes.is_empty() {
        lines.push(Line::from(k(lang.pick("纪要:", "minutes:"))));
        lines.extend(d.minutes.lines().map(|l| Line::from(l.to_string())));
    }
    lines
}

// ---- the meeting form ----

fn member_picks(service: &Service, date: NaiveDate) -> Vec<PickOpt> {
    service
        .members()
        .unwrap_or_default()
        .into_iter()
        .filter(|m| m.in_branch_on(date) || !m.is_archived())
        .map(|m| PickOpt { key: SearchKey::new(&m.draft.name, &m.number), id: m.id, label: m.draft.name.into() })
        .collect()
}

fn parse_time(s: &str) -> Option<Result<NaiveTime, ()>> {
    let s = crate::domain::dates::ascii_digits(s);
    let s = s.trim();
    if s.is_empty() {
        return None;
    }
    let digits: String = s.chars().filter(|c| c.is_ascii_digit()).collect();
    let ok = match (s.contains(':') || s.contains('：'), digits.len()) {
        (true, _) => {
            let (h, m) = s.split_once([':', '：']).unwrap_or((s, ""));
            h.trim().parse::<u32>().ok().zip(m.trim().parse::<u32>().ok())
        }
        (false, 3 | 4) => digits[..digits.len() - 2].parse().ok().zip(digits[digits.len() - 2..].parse().ok()),
        (false, 1 | 2) => digits.parse().ok().map(|h| (h, 0)),
        _ => None,
    };
    Some(ok.and_then(|(h, m)| NaiveTime::from_hms_opt(h, m, 0)).ok_or(()))
}

impl MeetingsTab {
    /// The meeting form, empty or filled from `m`, with a failed roster load if any.
    fn meeting_form(&mut self, cx: &Cx, m: Option<&Meeting>) -> (Form, Result<(), ServiceError>) {
        let lang = cx.lang;
        let today = cx.today();
        let s = cx.service.settings().clone();
        let unit = CreditUnit::of(&s);
        let d = m.map(|m| &m.draft);
        let date = d.map_or(today, |d| d.date);
        let members = member_picks(cx.service, date);
        let secretary = cx
            .service
            .members()
            .unwrap_or_default()
            .into_iter()
            .find(|x| !x.is_archived() && x.draft.posts.contains(&PartyPost::Secretary))
            .map(|x| x.id);
        let kind_opts: Vec<Opt> = MeetingKind::ALL.iter().map(|k| Opt::new(k.id(), k.label(lang))).collect();
        let kinds: Vec<&str> = d.map(|d| d.kinds.iter().map(|k| k.id()).collect()).unwrap_or_default();
        let mut group_opts = vec![Opt::new("", lang.pick("（选择党小组）", "(choose a group)"))];
        group_opts
            .extend(cx.service.groups().unwrap_or_default().into_iter().map(|g| Opt::new(g.id.to_string(), g.name)));
        let status_opts: Vec<Opt> = MeetingStatus::ALL.iter().map(|s| Opt::new(s.id(), s.label(lang))).collect();
        let roster_rows: Vec<RosterRow> = match d {
            Some(d) => {
                let names = cx.service.member_names().unwrap_or_default();
                let keys: IdMap<i64, &SearchKey> = members.iter().map(|p| (p.id, &p.key)).collect();
                let mut rows: Vec<RosterRow> = d
                    .attendance
                    .iter()
                    .map(|a| RosterRow {
                        member_id: Some(a.member_id),
                        name: name_of(&names, a.member_id),
                        status: a.status,
                        reason: a.reason.clone(),
                        made_up_on: a.made_up_on,
                        credit_min: (a.status.earns_credit() && a.credit_min != d.credit_min).then_some(a.credit_min),
                        key: keys.get(&a.member_id).map(|k| (*k).clone()).unwrap_or_default(),
                        standing_until: None,
                        incoming: None,
                    })
                    .collect();
                rows.extend(d.guests.iter().map(|g| match g.incoming_id {
                    Some(id) => RosterRow {
                        status: if g.absent { Attendance::Absent } else { Attendance::Present },
                        ..RosterRow::incoming(
                            &g.name,
                            IncomingGuest {
                                id,
                                home_branch: g.home_branch.clone(),
                                cert_no: g.cert_no.clone(),
                                listed: true,
                            },
                        )
                    },
                    // An incoming member deleted from the register: the name, and the mark if any.
                    None => RosterRow {
                        status: if g.absent { Attendance::Absent } else { Attendance::Present },
                        ..RosterRow::guest(&g.name)
                    },
                }));
                rows
            }
            None => Vec::new(),
        };
        let held = d.is_none_or(|d| d.status == MeetingStatus::Held);
        let r = d.and_then(|d| d.resolution.clone());
        let num = |v: Option<u32>| v.map(|v| v.to_string()).unwrap_or_default();
        let fields = vec![
            Field::multi(field::KINDS, lang.pick("类型", "Kinds"), kind_opts, &kinds)
                .hint(lang.pick("按序号选择", "press a number")),
            Field::text(field::TOPIC, lang.pick("议题", "Topic"), d.map_or("", |d| &d.topic)),
            Field::roster(field::ATTENDANCE, lang.pick("出席名单", "Attendance"), Roster::new(roster_rows, held, unit)),
            Field::date(field::DATE, lang.pick("日期", "Date"), Some(date), lang),
            Field::choice(field::STATUS, lang.pick("状态", "Status"), status_opts, d.map_or("held", |d| d.status.id())),
            Field::text(field::CANCEL_REASON, lang.pick("取消原因", "Why cancelled"), d.map_or("", |d| &d.cancel_reason)),
            Field::text(
                field::START,
                lang.pick("开始时间", "Starts"),
                &d.and_then(|d| d.start).map(|t| t.format("%H:%M").to_string()).unwrap_or_default(),
            )
            .hint(lang.pick("如 14:30", "e.g. 14:30")),
            Field::text(
                field::END,
                lang.pick("结束时间", "Ends"),
                &d.and_then(|d| d.end).map(|t| t.format("%H:%M").to_string()).unwrap_or_default(),
            ),
            Field::choice(
                field::GROUP,
                lang.pick("党小组", "Party group"),
                group_opts,
                &d.and_then(|d| d.group_id).map(|g| g.to_string()).unwrap_or_default(),
            ),
            Field::text(field::LOCATION, lang.pick("地点", "Location"), d.map_or("", |d| &d.location)),
            // A planned meeting without a host is hosted by the secretary, as a new one is.
            Field::pick(
                field::HOST,
                lang.pick("主持人", "Host"),
                members.clone(),
                d.map_or(secretary, |d| if d.status == MeetingStatus::Planned { d.host_id.or(secretary) } else { d.host_id }),
            ),
            Field::pick(
                field::RECORDER,
                lang.pick("记录人", "Recorder"),
                members.clone(),
                d.and_then(|d| d.recorder_id),
            ),
            Field::pick(field::LECTURER, lang.pick("主讲人", "Lecturer"), members, d.and_then(|d| d.lecturer_id)),
            Field::text(
                field::LECTURER_NAME,
                lang.pick("外请主讲人", "Guest lecturer"),
                d.map_or("", |d| &d.lecturer_name),
            )
            .hint(lang.pick("主讲人不是本支部党员时填写", "if not a member")),
            Field::text(
                field::CREDIT,
                lang.pick("学时", "Credit"),
                &unit.format(d.map_or(s.credit_for_kinds(&[]), |d| d.credit_min), lang),
            )
            .hint(lang.pick("如 0.5天、半天、3小时、3h", "e.g. 0.5d, 3h, 90min")),
            Field::notes(field::MINUTES, lang.pick("会议纪要", "Minutes"), d.map_or("", |d| &d.minutes)),
            Field::text(field::RESOLUTION, lang.pick("决议事项", "Resolution"), r.as_ref().map_or("", |r| &r.text))
                .hint(lang.pick("有表决时填写", "if a vote was taken")),
            Field::text("vote_entitled", lang.pick("应到有表决权", "Entitled"), &num(r.as_ref().map(|r| r.entitled))),
            Field::text("vote_present", lang.pick("实到有表决权", "Present"), &num(r.as_ref().map(|r| r.present))),
            Field::text("vote_yes", lang.pick("赞成", "Yes"), &num(r.as_ref().map(|r| r.yes))),
            Field::text("vote_no", lang.pick("反对", "No"), &num(r.as_ref().map(|r| r.no))),
            Field::text("vote_abstain", lang.pick("弃权", "Abstain"), &num(r.as_ref().map(|r| r.abstain))),
        ];
        let title = match m {
            Some(m) => format!("{} {}", lang.pick("编辑会议", "Edit meeting"), dates::fmt(m.draft.date)),
            None => lang.pick("登记会议", "Log a meeting").to_string(),
        };
        let mut form = Form::new(FormKind::Tab(MEETING_FORM, m.map(|m| m.id)), title, fields)
            .editing(m.map(|m| crate::service::Record::Meeting(m.id)));
        if let Some(d) = d {
            // A stored meeting keeps its status and credit unless the secretary changes them,
            // and its roster unless the kinds, date or group change; a planned one fills its
            // roster when it is set to held.
            form.field_mut(field::STATUS).touched = true;
            form.field_mut(field::CREDIT).touched = true;
            // A recorded vote keeps its figures.
            if d.resolution.is_some() {
                form.field_mut("vote_entitled").touched = true;
                form.field_mut("vote_present").touched = true;
            }
            self.roster_key = (d.status == MeetingStatus::Held).then(|| (d.kinds.clone(), d.date, d.group_id));
            // Rows stored as they were pre-marked follow a new date as a new meeting's do.
            if d.status == MeetingStatus::Held
                && let Ok(list) = cx.service.expected(&d.kinds, d.group_id, d.date)
                && let Some(roster) = form.roster_mut()
            {
                roster.adopt_defaults(&list.into_iter().map(expected_row).collect::<Vec<_>>());
            }
        } else {
            self.roster_key = None;
        }
        let synced = self.sync_meeting_form(&mut form, cx);
        (form, synced)
    }

    /// Keeps the meeting form consistent after any change: which fields apply, the default
    /// credit and status, and the expected roster.
    fn sync_meeting_form(&mut self, form: &mut Form, cx: &Cx) -> Result<(), ServiceError> {
        self.sync_form_on(form, cx, false)
    }

    /// As [`Self::sync_meeting_form`]. The status and the roster follow the date once it is
    /// complete ([`Form::complete_date`]), keeping the last complete one while it is typed;
    /// `saving`: the date as it stands, being the one saved.
    fn sync_form_on(&mut self, form: &mut Form, cx: &Cx, saving: bool) -> Result<(), ServiceError> {
        let today = cx.today();
        let lang = cx.lang;
        let kinds: Vec<MeetingKind> = form.multi(field::KINDS).into_iter().filter_map(MeetingKind::from_id).collect();
        let is_group = kinds.contains(&MeetingKind::GroupMeeting);
        // 党课 and 形势报告 have a lecturer (a leading cadre's yearly lecture counts either way).
        let is_lecture = kinds.contains(&MeetingKind::PartyLecture) || kinds.contains(&MeetingKind::Report);
        form.set_visible(field::GROUP, is_group);
        form.set_visible(field::CANCEL_REASON, form.choice(field::STATUS) == MeetingStatus::Cancelled.id());
        form.set_visible(field::LECTURER, is_lecture);
        form.set_visible(field::LECTURER_NAME, is_lecture);
        let has_vote = !form.text(field::RESOLUTION).is_empty();
        for k in ["vote_entitled", "vote_present", "vote_yes", "vote_no", "vote_abstain"] {
            form.set_visible(k, has_vote);
        }
        let s = cx.service.settings();
        if !form.field(field::CREDIT).touched {
            let text = CreditUnit::of(s).format(s.credit_for_kinds(&kinds), lang);
            form.set_text(field::CREDIT, &text);
        }
        let date = match saving {
            true => crate::domain::dates::parse_input(&form.text(field::DATE), today).ok(),
            false => form.complete_date(field::DATE, today),
        };
        if !form.field(field::STATUS).touched
            && let Some(d) = date
        {
            form.set_choice(
                field::STATUS,
                if d > today { MeetingStatus::Planned.id() } else { MeetingStatus::Held.id() },
            );
        }
        let held = form.choice(field::STATUS) == MeetingStatus::Held.id();
        let group: Option<i64> = if is_group { form.choice(field::GROUP).parse().ok() } else { None };
        // A group's meeting is hosted by its leader unless the secretary chose someone.
        if let Some(g) = group
            && !form.field(field::HOST).touched
            && let Some(leader) =
                cx.service.groups().ok().and_then(|gs| gs.into_iter().find(|x| x.id == g)?.leader_id)
        {
            form.set_pick(field::HOST, Some(leader));
        }
        let key = date.map(|d| (kinds.clone(), d, group));
        let recompute = held && key.is_some() && key != self.roster_key;
        let expected = match (&key, recompute) {
            (Some((k, d, g)), true) => Some(cx.service.expected(k, *g, *d)),
            _ => None,
        };
        // Incoming mobile members here on the day are listed as guests (C6), present by default.
        let incoming = match (&key, recompute) {
            (Some((k, d, g)), true) => Some(cx.service.incoming_guests(k, *g, *d)?),
            _ => None,
        };
        if let Some(roster) = form.roster_mut() {
            roster.enabled = held;
            match expected {
                Some(Ok(list)) => {
                    roster.replace_members(list.into_iter().map(expected_row).collect());
                    if let Some(list) = incoming {
                        roster.replace_incoming(list.iter().map(|i| incoming_row(i, true)).collect());
                    }
                    self.roster_key = key;
                }
                Some(Err(e)) => return Err(e),
                None => {}
            }
        }
        sync_votes(form, cx);
        Ok(())
    }

    /// Attendance keys inside the meeting form.
    fn roster_msg(form: &mut Form, msg: Msg, cx: &Cx) {
        let (today, lang) = (cx.today(), cx.lang);
        let meeting_date = crate::domain::dates::parse_input(&form.text(field::DATE), today).ok();
        // A member exempt from collective study (seed A2) is on no roster; typing their name
        // after `g` records a 送学上门 held with this meeting, which then counts.
        let exempt = match (form.roster(), meeting_date) {
            (Some(r), Some(d)) if msg == Msg::Accept => r
                .prompt
                .as_ref()
                .filter(|p| p.kind == PromptKind::Guest)
                .and_then(|p| exempt_member(p.input.value().trim(), d, cx)),
            _ => None,
        };
        // A name (or certificate number) of an incoming member typed after `g` lists that member.
        let incoming = match form.roster() {
            Some(r) if msg == Msg::Accept && exempt.is_none() => r
                .prompt
                .as_ref()
                .filter(|p| p.kind == PromptKind::Guest)
                .and_then(|p| incoming_named(p.input.value().trim(), meeting_date, cx)),
            _ => None,
        };
        // `g` offers the incoming members here on the day who are not on the list yet.
        let offers: Vec<String> = match (form.roster(), meeting_date) {
            (Some(r), Some(d)) if msg == Msg::AddGuest => cx
                .service
                .incoming_members()
                .unwrap_or_default()
                .into_iter()
                .filter(|i| i.draft.here_on(d))
                .filter(|i| !r.rows.iter().any(|x| x.incoming.as_ref().is_some_and(|g| g.id == i.id)))
                .map(|i| i.draft.name)
                .collect(),
            _ => Vec::new(),
        };
        let Some(r) = form.roster_mut() else { return };
        if msg == Msg::AddGuest {
            r.guest_offers = offers;
        }
        if r.jump.is_some() {
            match msg {
                Msg::Accept => return r.accept_jump(),
                // A jump that found nobody leaves the row under the cursor alone.
                _ if r.jump_missed() => return,
                _ => r.accept_jump(),
            }
        }
        if r.prompt.is_some() {
            if msg == Msg::Accept {
                match exempt {
                    Some((id, name, number)) => {
                        r.cancel_prompt();
                        if !r.rows.iter().any(|x| x.member_id == Some(id)) {
                            r.rows.push(RosterRow::member(id, &name, &number, Attendance::HomeDelivered));
                            r.cursor = r.rows.len() - 1;
                        }
                    }
                    None => match incoming {
                        Some(i) => {
                            r.cancel_prompt();
                            r.add_incoming(incoming_row(&i, false));
                        }
                        None => {
                            r.accept_prompt(today, meeting_date, lang);
                        }
                    },
                }
                form.dirty = true;
                sync_votes(form, cx);
            }
            return;
        }
        let changed = match msg {
            Msg::Down => {
                r.move_by(1);
                false
            }
            Msg::Up => {
                r.move_by(-1);
                false
            }
            Msg::AttCycle => r.cycle(),
            Msg::AttPresent => r.set(Attendance::Present),
            Msg::AttAbsent => r.set(Attendance::Absent),
            Msg::AttAllPresent => r.all_present(),
            Msg::AttLeave => r.ask(PromptKind::Reason),
            Msg::AttMadeUp => r.ask(PromptKind::MadeUpDate),
            Msg::AttCredit => r.ask(PromptKind::Credit),
            Msg::AddGuest => r.ask(PromptKind::Guest),
            Msg::Delete => r.remove_guest(),
            Msg::JumpStart => {
                r.start_jump();
                false
            }
            Msg::NextMatch | Msg::PrevMatch => {
                if !r.next_match(msg == Msg::NextMatch) {
                    form.message = Some(
                        lang.pick("先输入要跳到的人（拼音首字母、姓名或编号）", "type whom to jump to first").into(),
                    );
                }
                false
            }
            _ => false,
        };
        if changed {
            form.dirty = true;
            sync_votes(form, cx);
        }
    }

    fn save_meeting(&mut self, form: &mut Form, id: Option<i64>, cx: &mut Cx) -> Result<Vec<Action>, SaveError> {
        // Saved from the date field, the roster may still be that of the last complete date.
        self.sync_form_on(form, cx, true)?;
        let draft = meeting_from_form(form, cx).ok_or(SaveError::Invalid)?;
        // A planned meeting moved (or logged as held) out of the period it was planned for
        // leaves that period without it: ask first.
        if let Some(id) = id
            && draft.status != MeetingStatus::Cancelled
            && !form.confirmed
            && let Some((kind, zh, en)) = cx.service.moved_out_of_period(id, draft.date)?
        {
            let day = dates::fmt(draft.date);
            let held = draft.status == MeetingStatus::Held;
            return Err(SaveError::Confirm(match (cx.lang, held) {
                (Lang::Zh, false) => {
                    format!("改到 {day} 后已不在原定的{zh}，{zh}将没有计划的{}。仍要改期？(y/n)", kind.label(Lang::Zh))
                }
                (Lang::Zh, true) => format!(
                    "登记为 {day} 召开，已不在原定的{zh}，{zh}将没有计划的{}。仍要保存？(y/n)",
                    kind.label(Lang::Zh)
                ),
                (Lang::En, false) => format!(
                    "On {day} it is no longer in {en}, which is left without a planned {}. Move it anyway? (y/n)",
                    kind.label(Lang::En)
                ),
                (Lang::En, true) => format!(
                    "Held on {day}, it is no longer in {en}, which is left without a planned {}. Save anyway? (y/n)",
                    kind.label(Lang::En)
                ),
            }));
        }
        // A new meeting that is a pending plan item is logged as that item, as from the plan.
        let (id, plan) = match id {
            Some(id) => (cx.service.save_meeting(Some((id, form.seen())), &draft)?, None),
            None => cx.service.log_meeting(&draft)?,
        };
        self.year = chrono::Datelike::year(&draft.date);
        self.select_on_load = Some(id);
        let (day, topic) = (dates::fmt(draft.date), &draft.topic);
        // The plan item first: the line is cut at the right on a narrow screen.
        let said = match (cx.lang, plan) {
            (Lang::Zh, Some(p)) => format!("计划的 {}已登记为召开：{day} {topic}", p.label(Lang::Zh)),
            (Lang::En, Some(p)) => format!("the planned {} is logged as held: {day} {topic}", p.label(Lang::En)),
            (Lang::Zh, None) => format!("已保存会议：{day} {topic}"),
            (Lang::En, None) => format!("meeting saved: {day} {topic}"),
        };
        Ok(vec![Action::Reload, Action::Info(said)])
    }
}

/// The member exempt from collective study on `date` whose name (or number) is `typed`.
fn exempt_member(typed: &str, date: chrono::NaiveDate, cx: &Cx) -> Option<(i64, String, String)> {
    let members = cx.service.member_list().ok()?;
    let names = cx.service.member_names().ok()?;
    members
        .iter()
        .filter(|m| m.in_branch_on(date) && m.exempt_on(date))
        .find(|m| m.draft.name == typed || m.number == typed || names.get(&m.id).is_some_and(|n| n == typed))
        .map(|m| (m.id, names.get(&m.id).cloned().unwrap_or_else(|| m.draft.name.to_string()), m.number.to_string()))
}

/// An expected member's pre-marked row (a standing leave's reason and end with it).
fn expected_row(e: crate::service::meetings::Expected) -> RosterRow {
    RosterRow {
        reason: e.reason,
        standing_until: e.standing_until,
        ..RosterRow::member(e.member_id, &e.name, &e.number, e.status)
    }
}

/// An incoming member as a guest row (`listed`: put there because here on the meeting's day).
fn incoming_row(i: &Incoming, listed: bool) -> RosterRow {
    RosterRow::incoming(
        &i.draft.name,
        IncomingGuest { id: i.id, home_branch: i.draft.home_branch.clone(), cert_no: i.draft.cert_no.clone(), listed },
    )
}

/// The incoming member a typed guest name means: by name or certificate number, one here on the
/// meeting's day first.
fn incoming_named(typed: &str, date: Option<chrono::NaiveDate>, cx: &Cx) -> Option<Incoming> {
    if typed.is_empty() {
        return None;
    }
    let all = cx.service.incoming_members().ok()?;
    let matches = |i: &&Incoming| i.draft.name.trim() == typed || (i.draft.has_cert() && i.draft.cert_no.trim() == typed);
    let here = |i: &&Incoming| date.is_some_and(|d| i.draft.here_on(d));
    all.iter().filter(matches).find(here).or_else(|| all.iter().find(matches)).cloned()
}

/// 应到 and 实到有表决权 default to the full members on the roster and those of them in the
/// room (probationary members have no vote) until the secretary types them; the outcome under
/// the double majority ([ZB]11) shows beside the votes.
fn sync_votes(form: &mut Form, cx: &Cx) {
    if form.text(field::RESOLUTION).is_empty() {
        return;
    }
    let (today, lang) = (cx.today(), cx.lang);
    if let (Some(date), Some(roster), Ok(members)) = (
        crate::domain::dates::parse_input(&form.text(field::DATE), today).ok(),
        form.roster(),
        cx.service.member_list(),
    ) {
        let rows = roster.members().filter_map(|r| Some((r.member_id?, r.status)));
        let (entitled, present) = crate::domain::meeting::voters(&members, rows, date);
        for (k, n) in [("vote_entitled", entitled), ("vote_present", present)] {
            if !form.field(k).touched {
                form.set_text(k, &n.to_string());
            }
        }
    }
    let n = |k: &str| form.text(k).trim().parse::<u32>().ok();
    let outcome = match (n("vote_entitled"), n("vote_present"), n("vote_yes")) {
        (Some(entitled), Some(present), Some(yes)) => {
            let r = Resolution { text: String::new(), entitled, present, yes, no: 0, abstain: 0 };
            r.outcome().label(lang).to_string()
        }
        _ => lang.pick("须超过应到的半数", "over half of entitled").to_string(),
    };
    form.field_mut("vote_yes").hint = outcome;
}

fn meeting_from_form(form: &mut Form, cx: &Cx) -> Option<MeetingDraft> {
        let (today, lang) = (cx.today(), cx.lang);
        let unit = CreditUnit::of(cx.service.settings());
        let date = form.date(field::DATE, true, today, lang);
        let time = |form: &mut Form, key: &'static str| match parse_time(&form.text(key)) {
            None => None,
            Some(Ok(t)) => Some(t),
            Some(Err(())) => {
                form.set_error(key, lang.pick("时间格式：14:30 或 1430", "time as 14:30 or 1430").into());
                None
            }
        };
        let start = time(form, field::START);
        let end = time(form, field::END);
        let credit = match unit.parse(&form.text(field::CREDIT)) {
            Ok(c) => Some(c),
            Err(p) => {
                form.set_error(field::CREDIT, p.text(lang));
                None
            }
        };
        let kinds: Vec<MeetingKind> = form.multi(field::KINDS).into_iter().filter_map(MeetingKind::from_id).collect();
        let resolution = if form.text(field::RESOLUTION).is_empty() {
            None
        } else {
            let n = |form: &mut Form, k: &'static str| -> u32 {
                if form.text(k).is_empty() {
                    return 0;
                }
                form.number(k, (0, 100_000), lang).unwrap_or(0) as u32
            };
            Some(Resolution {
                text: form.text(field::RESOLUTION),
                entitled: n(form, "vote_entitled"),
                present: n(form, "vote_present"),
                yes: n(form, "vote_yes"),
                no: n(form, "vote_no"),
                abstain: n(form, "vote_abstain"),
            })
        };
        // Name the member whose 请假 lacks a reason or 补学 a date, and put the cursor there.
        let held = form.choice(field::STATUS) == MeetingStatus::Held.id();
        if let Some(name) = form.roster_mut().filter(|_| held).and_then(|r| r.first_incomplete()) {
            let msg = match lang {
                Lang::Zh => format!("{}：请假须填写原因，补学须填写日期（按 l 或 m）", display_safe(&name)),
                Lang::En => format!("{name}: leave needs a reason and make-up a date (press l or m)"),
            };
            form.set_error(field::ATTENDANCE, msg);
        }
        // What did not parse stands in (today, no credit), so that the rules still check the
        // other fields and every problem shows in one round.
        let parsed = !form.has_errors();
        let credit = credit.unwrap_or(0);
        let is_group = kinds.contains(&MeetingKind::GroupMeeting);
        let is_lecture = kinds.contains(&MeetingKind::PartyLecture) || kinds.contains(&MeetingKind::Report);
        let roster = form.roster()?;
        let attendance = roster
            .members()
            .map(|r| AttendanceRow {
                member_id: r.member_id.unwrap_or_default(),
                status: r.status,
                reason: r.reason.clone(),
                made_up_on: r.made_up_on,
                credit_min: r.credit_min.unwrap_or(credit),
            })
            .collect();
        let guests = roster
            .guests()
            .map(|r| Guest {
                name: r.name.clone(),
                incoming_id: r.incoming.as_ref().map(|g| g.id),
                absent: r.status == Attendance::Absent,
                ..Guest::default()
            })
            .collect();
        let draft = MeetingDraft {
            kinds,
            date: date.unwrap_or(today),
            start,
            end,
            status: MeetingStatus::from_id(form.choice(field::STATUS)).unwrap_or(MeetingStatus::Held),
            group_id: if is_group { form.choice(field::GROUP).parse().ok() } else { None },
            topic: form.text(field::TOPIC),
            location: form.text(field::LOCATION),
            host_id: form.picked(field::HOST),
            recorder_id: form.picked(field::RECORDER),
            lecturer_id: if is_lecture { form.picked(field::LECTURER) } else { None },
            lecturer_name: if is_lecture { form.text(field::LECTURER_NAME) } else { String::new() },
            credit_min: credit,
            minutes: form.text(field::MINUTES),
            resolution,
            attendance,
            guests,
            cancel_reason: form.text(field::CANCEL_REASON),
        };
        if parsed {
            return Some(draft);
        }
        let typed = [field::DATE, field::START, field::END, field::CREDIT, field::VOTES, field::ATTENDANCE];
        if let Err(errs) = crate::domain::meeting::validate_meeting(&draft, today) {
            let others: Vec<_> = errs.into_iter().filter(|e| !typed.contains(&e.field)).collect();
            form.show_errors(&others, lang);
        }
        None
    }

fn lang_hint(lang: Lang) -> &'static str {
    lang.pick("计划会议：填写实际议题", "planned: type the real topic")
}

/// The form that asks why a planned meeting is cancelled.
const CANCEL_FORM: &str = "cancel_meeting";

fn cancel_form(s: &crate::service::meetings::MeetingSummary, lang: Lang) -> Form {
    let title = match lang {
        Lang::Zh => format!("取消会议 {} {}", dates::fmt(s.date), s.topic),
        Lang::En => format!("Cancel the meeting of {}: {}", dates::fmt(s.date), s.topic),
    };
    let fields = vec![
        Field::text(field::CANCEL_REASON, lang.pick("取消原因", "Why cancelled"), "")
            .hint(lang.pick("必填；会议留在列表中，显示为取消", "required; it stays listed as cancelled")),
    ];
    Form::new(FormKind::Tab(CANCEL_FORM, Some(s.id)), title, fields)
        .editing(Some(crate::service::Record::Meeting(s.id)))
}

impl TabView for MeetingsTab {
    fn selected_record(&self) -> Option<(&'static str, i64)> {
        self.table.selected().map(|r| ("meeting", r.item.summary.id))
    }

    fn create(year: i32) -> Self {
        MeetingsTab::new(year)
    }

    fn title(&self, lang: Lang) -> &'static str {
        lang.pick("三会一课", "Meetings")
    }

    /// Required meetings not held (or due).
    fn owns(&self, f: &Finding) -> bool {
        f.rule.kind().is_some()
    }

    fn load(&mut self, cx: &Cx) -> Result<(), ServiceError> {
        self.load_rows(cx.service, cx.lang)?;
        if let Some(id) = self.select_on_load.take() {
            self.table.select_id(id);
            // The detail pane follows; a failure here leaves it empty, not the status line red.
            let _ = self.load_detail(cx.service);
        }
        Ok(())
    }

    fn unload(&mut self) -> bool {
        self.table.unload();
        true
    }

    fn contexts(&self) -> Vec<Ctx> {
        table_contexts(self.table.filtering, &[Ctx::Meetings, Ctx::Detail, Ctx::Yearly, Ctx::Table, Ctx::Global])
    }

    fn update(&mut self, msg: Msg, cx: &mut Cx) -> Vec<Action> {
        let mut actions =
            if self.table.handle(&msg) || self.pane.handle(&msg) { Vec::new() } else { self.update_rows(msg, cx) };
        // After a move or filter the selected meeting's details follow.
        if let Err(e) = self.load_detail(cx.service) {
            actions.push(Action::Error(e));
        }
        actions
    }

    fn render(&mut self, f: &mut Frame, area: Rect, theme: &Theme, cx: &Cx) {
        let unit = CreditUnit::of(cx.service.settings());
        self.draw(f, area, theme, cx.lang, unit, cx.overdue);
    }

    fn opens(&self, record: crate::service::Record) -> bool {
        matches!(record, crate::service::Record::Meeting(_))
    }

    /// A meeting from the 待办 tab (a planned one, to be logged): shown in its year, selected,
    /// its form open.
    fn open_record(&mut self, record: crate::service::Record, cx: &mut Cx) -> Vec<Action> {
        let crate::service::Record::Meeting(id) = record else { return Vec::new() };
        let m = match cx.service.meeting(id) {
            Ok(m) => m,
            Err(e) => return vec![Action::Error(e)],
        };
        let year = chrono::Datelike::year(&m.draft.date);
        if year != self.year {
            self.year = year;
            if let Err(e) = self.load_rows(cx.service, cx.lang) {
                return vec![Action::Error(e)];
            }
        }
        self.table.select_id(id);
        let _ = self.load_detail(cx.service);
        self.open_meeting(&m, cx)
    }

    /// A new meeting form with the missing kind, group and a date in the missing period.
    fn act_on(&mut self, f: &Finding, cx: &mut Cx) -> Vec<Action> {
        let Some(kind) = f.rule.kind() else { return Vec::new() };
        let today = cx.today();
        let date = match f.period {
            Some(p) if p.contains(today) => today,
            Some(p) => p.end.min(today),
            None => today,
        };
        let (mut form, first) = self.meeting_form(cx, None);
        form.set_multi(field::KINDS, &[kind.id()]);
        form.set_text(field::DATE, &dates::fmt(date));
        if let Subject::Group(g) = f.subject {
            form.set_choice(field::GROUP, &g.to_string());
        }
        form.focus_key(field::TOPIC);
        let second = self.sync_meeting_form(&mut form, cx);
        let mut actions = vec![Action::Form(Box::new(form))];
        actions.extend([first, second].into_iter().filter_map(Result::err).map(Action::Error));
        actions
    }

    fn form_changed(&mut self, form: &mut Form, cx: &mut Cx) -> Result<(), ServiceError> {
        match form.kind {
            FormKind::Tab(MEETING_FORM, _) => self.sync_meeting_form(form, cx),
            _ => Ok(()),
        }
    }

    fn form_msg(&mut self, form: &mut Form, msg: Msg, cx: &mut Cx) {
        if let FormKind::Tab(MEETING_FORM, _) = form.kind {
            Self::roster_msg(form, msg, cx);
        }
    }

    fn reopen_form(&mut self, form: &Form, cx: &mut Cx) -> Option<Result<Form, ServiceError>> {
        let FormKind::Tab(MEETING_FORM, Some(id)) = form.kind else { return None };
        Some(cx.service.meeting(id).and_then(|m| {
            let (form, loaded) = self.meeting_form(cx, Some(&m));
            loaded.map(|_| form)
        }))
    }

    fn save_form(&mut self, form: &mut Form, cx: &mut Cx) -> Result<Vec<Action>, SaveError> {
        match form.kind {
            FormKind::Tab(MEETING_FORM, id) => self.save_meeting(form, id, cx),
            FormKind::Tab(CANCEL_FORM, Some(id)) => {
                cx.service.cancel_meeting(id, form.seen(), &form.text(field::CANCEL_REASON))?;
                self.select_on_load = Some(id);
                Ok(vec![Action::Reload, Action::Info(cx.lang.pick("会议已取消", "meeting cancelled").into())])
            }
            FormKind::Tab(export_form::KIND, Some(id)) => export_form::save(form, Some(id), cx),
            _ => Ok(Vec::new()),
        }
    }
}

impl MeetingsTab {
    /// The form of a stored meeting. A planned one opens to be logged as held: dated today if
    /// it was planned for later, its roster filled; saving marks it held.
    pub fn open_meeting(&mut self, m: &Meeting, cx: &mut Cx) -> Vec<Action> {
        let (mut form, first) = self.meeting_form(cx, Some(m));
        let mut second = Ok(());
        if m.draft.status == MeetingStatus::Planned {
            form.title = match cx.lang {
                Lang::Zh => format!("登记计划会议（原定 {}）", dates::fmt(m.draft.date)),
                Lang::En => format!("Log the planned meeting (planned for {})", dates::fmt(m.draft.date)),
            };
            form.set_choice(field::STATUS, MeetingStatus::Held.id());
            if m.draft.date > cx.today() {
                form.set_text(field::DATE, &dates::fmt(cx.today()));
            }
            // The plan's placeholder (`2026年12月 第二党小组 党小组会`) is no topic: ask for it.
            if cx.service.has_plan_topic(m).unwrap_or(false) {
                form.set_text(field::TOPIC, "");
                form.field_mut(field::TOPIC).hint = lang_hint(cx.lang).to_string();
            }
            form.focus_key(field::TOPIC);
            self.roster_key = None;
            second = self.sync_meeting_form(&mut form, cx);
        }
        let mut actions = vec![Action::Form(Box::new(form))];
        actions.extend([first, second].into_iter().filter_map(Result::err).map(Action::Error));
        actions
    }

    /// The tab's own keys (not the table's).
    fn update_rows(&mut self, msg: Msg, cx: &mut Cx) -> Vec<Action> {
        let lang = cx.lang;
        match msg {
            Msg::PrevYear | Msg::NextYear => {
                self.year = step_year(self.year, &msg);
                report(self.load_rows(cx.service, lang))
            }
            Msg::New => {
                let (form, synced) = self.meeting_form(cx, None);
                let mut actions = vec![Action::Form(Box::new(form))];
                actions.extend(report(synced));
                actions
            }
            Msg::Open => match self.table.selected_id().map(|id| cx.service.meeting(id)) {
                Some(Ok(m)) => self.open_meeting(&m, cx),
                Some(Err(e)) => vec![Action::Error(e)],
                None => Vec::new(),
            },
            Msg::PlanYear => {
                let year = self.year;
                let (plan, planned) = match (cx.service.year_plan(year), cx.service.planned_count(year)) {
                    (Ok(p), Ok(n)) => (p, n),
                    (Err(e), _) | (_, Err(e)) => return vec![Action::Error(e)],
                };
                if plan.is_empty() {
                    return vec![Action::Info(match lang {
                        Lang::Zh => format!("{year} 年尚未结束的周期都已有会议或计划，无需再生成"),
                        Lang::En => format!("every open period of {year} already has a meeting or a plan"),
                    })];
                }
                let text = match (lang, planned) {
                    (Lang::Zh, 0) => format!("按周期设置生成 {year} 年的 {} 次计划会议？(y/n)", plan.len()),
                    (Lang::Zh, m) => format!(
                        "{year} 年已有 {m} 次计划会议；只补充缺少的 {} 次，不会重复。继续？(y/n)",
                        plan.len()
                    ),
                    (Lang::En, 0) => format!("Plan {} meetings for {year} from the cadence settings? (y/n)", plan.len()),
                    (Lang::En, m) => format!(
                        "{year} already has {m} planned meetings; add only the {} missing ones? (y/n)",
                        plan.len()
                    ),
                };
                vec![Action::Confirm { text, on_yes: Msg::PlanConfirmed(year) }]
            }
            Msg::PlanConfirmed(year) => match cx.service.save_year_plan(year) {
                Ok(n) => vec![
                    Action::Reload,
                    Action::Info(match lang {
                        Lang::Zh => format!("已生成 {n} 次计划会议"),
                        Lang::En => format!("{n} meetings planned"),
                    }),
                ],
                Err(e) => vec![Action::Error(e)],
            },
            Msg::Copy => match self.table.selected_id().map(|id| cx.service.meeting(id)) {
                Some(Ok(m)) => {
                    let (mut form, first) = self.meeting_form(cx, None);
                    let d = &m.draft;
                    let kinds: Vec<&str> = d.kinds.iter().map(|k| k.id()).collect();
                    form.set_multi(field::KINDS, &kinds);
                    form.set_choice(field::GROUP, &d.group_id.map(|g| g.to_string()).unwrap_or_default());
                    form.set_text(field::TOPIC, &d.topic);
                    form.set_text(field::LOCATION, &d.location);
                    form.set_pick(field::HOST, d.host_id);
                    // The copied host stays although the group has a leader.
                    form.field_mut(field::HOST).touched = true;
                    form.set_pick(field::RECORDER, d.recorder_id);
                    // A 党课 needs a lecturer: the last one stands until changed.
                    form.set_pick(field::LECTURER, d.lecturer_id);
                    form.set_text(field::LECTURER_NAME, &d.lecturer_name);
                    form.focus_key(field::TOPIC);
                    let second = self.sync_meeting_form(&mut form, cx);
                    let mut actions = vec![Action::Form(Box::new(form))];
                    actions.extend([first, second].into_iter().filter_map(Result::err).map(Action::Error));
                    actions
                }
                Some(Err(e)) => vec![Action::Error(e)],
                None => Vec::new(),
            },
            Msg::Delete => {
                let Some(row) = self.table.selected() else { return Vec::new() };
                let s = &row.item.summary;
                let text = match lang {
                    Lang::Zh => {
                        format!("删除 {} 「{}」 及其考勤？删除会记入修改日志。(y/n)", dates::fmt(s.date), s.topic)
                    }
                    Lang::En => format!(
                        "Delete the meeting of {} ({}) with its attendance? It stays in the change log. (y/n)",
                        dates::fmt(s.date),
                        s.topic
                    ),
                };
                vec![Action::Confirm { text, on_yes: Msg::DeleteMeeting(s.id) }]
            }
            Msg::CancelMeeting => match self.table.selected().map(|r| &r.item.summary) {
                Some(s) if s.status == MeetingStatus::Planned => vec![Action::Form(Box::new(cancel_form(s, lang)))],
                Some(s) => vec![Action::Info(match (s.status, lang) {
                    (MeetingStatus::Cancelled, Lang::Zh) => "这次会议已取消".into(),
                    (MeetingStatus::Cancelled, Lang::En) => "this meeting is cancelled already".into(),
                    (_, Lang::Zh) => "只能取消计划中的会议；误录的会议可按 d 删除".into(),
                    (_, Lang::En) => "only a planned meeting can be cancelled; d deletes one logged by mistake".into(),
                })],
                None => Vec::new(),
            },
            Msg::Export => match self.table.selected() {
                Some(row) => {
                    let s = &row.item.summary;
                    vec![Action::Form(Box::new(export_form::signin(cx, s.id, s.date)))]
                }
                None => Vec::new(),
            },
            Msg::DeleteMeeting(id) => match cx.service.delete_meeting(id) {
                Ok(()) => vec![Action::Reload, Action::Info(lang.pick("已删除会议", "meeting deleted").into())],
                Err(e) => vec![Action::Error(e)],
            },
            _ => Vec::new(),
        }
    }
}
