//! What is late or about to be (docs/rules.md; each rule's official source is `RuleId::source`).
//! Pure: records, settings and `today` in, findings out. A finding never changes a record.

use crate::domain::ids::IdMap;
use std::collections::HashMap;

use chrono::{Datelike, Duration, NaiveDate};
use serde::Serialize;

use super::dates::{add_months, fmt, year_end};
use super::era::Era;
use super::lang::Lang;
use super::meeting::MeetingKind;
use super::member::{Member, MemberStatus, PartyGroup, PartyPost, probation_end, shared_names};
use super::period::{Period, periods_in_year};
use super::settings::{Cadence, Settings, key};
use super::study::{CreditUnit, Standing, StudyStatus, in_branch_during};

vocab! {
    /// Every rule the program checks.
    pub enum RuleId {
        GeneralMeeting = ("general_meeting", "支部党员大会", "general meeting"),
        CommitteeMeeting = ("committee_meeting", "支部委员会会议", "committee meeting"),
        GroupMeeting = ("group_meeting", "党小组会", "group meeting"),
        PartyLecture = ("party_lecture", "党课", "party lecture"),
        ThemeDay = ("theme_day", "主题党日", "theme day"),
        OrgLifeMeeting = ("org_life_meeting", "组织生活会", "org-life meeting"),
        StudyHours = ("study_hours", "集中学习时间", "study time"),
        ProbationEnd = ("probation_end", "预备期满转正", "probation end"),
        OrgLifeLapse = ("org_life_lapse", "未参加组织生活", "no org. life"),
        LeaderLecture = ("leader_lecture", "领导干部讲党课", "cadre's lecture"),
        LeaderReport = ("leader_report", "领导干部作形势报告", "cadre's report"),
        SecretaryTraining = ("secretary_training", "支委轮训", "committee rotation"),
        NewSecretaryTraining = ("new_secretary_training", "新任书记培训", "new secretary training"),
        Honours = ("honours", "光荣在党50年", "50 years' standing"),
        Dues = ("dues", "党费", "dues"),
        DuesLapse = ("dues_lapse", "连续未交党费", "dues lapse"),
        DuesCalibration = ("dues_calibration", "党费基数核定", "dues calibration"),
        DuesPublication = ("dues_publication", "党费收缴使用公布", "dues publication"),
        Pledge = ("pledge", "党员承诺", "pledge"),
        ServiceFeedback = ("service_feedback", "群众反映待反馈", "feedback due"),
        LeaderFieldResearch = ("leader_field_research", "领导干部基层调研", "cadre's field research"),
        MemberCare = ("member_care", "困难党员关怀", "care for members"),
        DemocraticEvaluation = ("democratic_evaluation", "民主评议党员", "member evaluation"),
        Rectification = ("rectification", "整改事项", "rectification"),
        HeartTalk = ("heart_talk", "谈心谈话", "heart-to-heart talk"),
        PartySpiritAnalysis = ("party_spirit_analysis", "党性分析评议", "party-spirit analysis"),
        CorrectionDeadline = ("correction_deadline", "限期改正", "correction deadline"),
        MobileReport = ("mobile_report", "流动党员汇报", "mobile member's report"),
        MobileCertReview = ("mobile_cert_review", "活动证年审", "certificate review"),
        MobileContact = ("mobile_contact", "与流动党员联系", "contact with mobile member"),
        LostContact = ("lost_contact", "失联", "lost contact"),
        ShouldTransfer = ("should_transfer", "应转移组织关系", "should transfer"),
        MobileTalk = ("mobile_talk", "外出前谈话", "pre-departure talk"),
    }
}

impl RuleId {
    /// The official text the rule comes from, as the screen and the reports cite it
    /// (docs/rules.md explains each rule and its numbers). Plain text: no ambiguous-width marks.
    pub fn source(self) -> &'static str {
        use RuleId::*;
        match self {
            GeneralMeeting => "《中国共产党支部工作条例（试行）》第十一条",
            CommitteeMeeting => "《中国共产党支部工作条例（试行）》第十二条、第六章",
            GroupMeeting => "《中国共产党支部工作条例（试行）》第十三条",
            PartyLecture => "《中国共产党支部工作条例（试行）》第十六条；每季度1次为通行做法",
            ThemeDay => "《中国共产党支部工作条例（试行）》第十六条；《中国共产党党员教育管理工作条例》第十六条",
            OrgLifeMeeting => {
                "中办发〔2006〕21号《关于加强党员经常性教育的意见》二（二）3；《中国共产党支部工作条例（试行）》第十七条"
            }
            StudyHours => {
                "中办发〔2006〕21号《关于加强党员经常性教育的意见》三（四）；《中国共产党党员教育管理工作条例》第二十条、第二十三条"
            }
            ProbationEnd => "《中国共产党章程》第七条；《中国共产党发展党员工作细则》第三十二条",
            OrgLifeLapse => "《中国共产党章程》第九条；《中国共产党党员教育管理工作条例》第三十一条",
            LeaderLecture => {
                "中办发〔2006〕21号《关于加强党员经常性教育的意见》二（二）1；《中国共产党支部工作条例（试行）》第十六条"
            }
            LeaderReport => "中办发〔2006〕21号《关于加强党员经常性教育的意见》二（二）1",
            SecretaryTraining => {
                "中办发〔2006〕21号《关于加强党员经常性教育的意见》三（一）；《2019-2023年全国党员教育培训工作规划》"
            }
            NewSecretaryTraining => "《2019-2023年全国党员教育培训工作规划》",
            Honours => "「光荣在党50年」纪念章（2021年起每年七一前颁发）；《关于确定入党时间和计算党龄的规定》",
            Dues => {
                "中组部《关于中国共产党党费收缴、使用和管理的规定》（2008）第十二条；中办发〔2006〕21号《关于加强和改进流动党员管理工作的意见》二（三）2"
            }
            DuesLapse => "《中国共产党章程》第九条；《中国共产党党员教育管理工作条例》第三十一条（六）",
            DuesCalibration => "中组部《关于中国共产党党费收缴、使用和管理的规定》（2008）第二条；每年初核定为通行做法",
            DuesPublication => "中组部《关于中国共产党党费收缴、使用和管理的规定》（2008）；每年公布一次为通行做法",
            Pledge => "中办发〔2006〕21号《关于做好党员联系和服务群众工作的意见》二（二）",
            ServiceFeedback => "中办发〔2006〕21号《关于做好党员联系和服务群众工作的意见》三（三）",
            LeaderFieldResearch => "中办发〔2006〕21号《关于做好党员联系和服务群众工作的意见》二（五）",
            MemberCare => "中办发〔2006〕21号《关于做好党员联系和服务群众工作的意见》三；春节、七一走访慰问为通行做法",
            DemocraticEvaluation => {
                "中办发〔2006〕21号《关于加强党员经常性教育的意见》二（二）3；《中国共产党支部工作条例（试行）》第十八条；《中国共产党党员教育管理工作条例》第十八条"
            }
            Rectification => "中办发〔2006〕21号《关于加强党员经常性教育的意见》二（二）3",
            HeartTalk => {
                "中办发〔2006〕21号《关于加强党员经常性教育的意见》二（二）4；《中国共产党支部工作条例（试行）》第十九条"
            }
            PartySpiritAnalysis => "中办发〔2006〕21号《关于加强党员经常性教育的意见》二（二）3",
            CorrectionDeadline => {
                "中办发〔2006〕21号《关于加强党员经常性教育的意见》二（二）3；《中国共产党党员教育管理工作条例》第二十九至三十一条"
            }
            MobileReport => "中办发〔2006〕21号《关于加强和改进流动党员管理工作的意见》二（三）3",
            MobileCertReview => "中办发〔2006〕21号《关于加强和改进流动党员管理工作的意见》三（一）",
            MobileContact => {
                "《中国共产党党员教育管理工作条例》第三十二条、第三十四条；中办发〔2006〕21号《关于加强和改进流动党员管理工作的意见》三（一）"
            }
            LostContact => {
                "《中国共产党党员教育管理工作条例》第二十四条；中办发〔2006〕21号《关于加强和改进流动党员管理工作的意见》三（一）"
            }
            ShouldTransfer => "《中国共产党党员教育管理工作条例》第二十五条",
            MobileTalk => "中办发〔2006〕21号《关于加强和改进流动党员管理工作的意见》二（一）1",
        }
    }

    /// The settings keys that tune the rule.
    pub fn params(self) -> &'static [&'static str] {
        use RuleId::*;
        match self {
            GeneralMeeting | CommitteeMeeting | GroupMeeting | PartyLecture | ThemeDay => {
                &[key::CADENCE_PREFIX, key::GRACE_DAYS, key::WARN_DAYS]
            }
            OrgLifeMeeting => &[key::CADENCE_PREFIX, key::ORG_LIFE_CUTOFF, key::GRACE_DAYS, key::YEARLY_WARN_DAYS],
            StudyHours => &[key::RULE_SET, key::HOURS_PER_DAY, key::TOLERANCE, key::CREDIT_PREFIX],
            ProbationEnd => &[key::PROBATION_WARN, key::PROBATION_GRACE],
            OrgLifeLapse => &[key::ORG_LIFE_WARN],
            LeaderLecture => &[key::GRACE_DAYS, key::YEARLY_WARN_DAYS],
            // Due soon until 31 December, then gone: no grace.
            LeaderReport => &[key::YEARLY_WARN_DAYS],
            SecretaryTraining => &[key::ROTATION_YEARS, key::YEARLY_WARN_DAYS],
            NewSecretaryTraining => &[key::YEARLY_WARN_DAYS],
            Honours => &[],
            Dues => &[super::dues::key::DUE_DAY],
            DuesLapse => &[super::dues::key::WARN_MONTHS, super::dues::key::DUE_DAY],
            DuesCalibration => &[super::dues::key::ROUNDING, key::YEARLY_WARN_DAYS],
            DuesPublication => &[key::GRACE_DAYS, key::YEARLY_WARN_DAYS],
            Pledge => &[key::PLEDGE_DEADLINE, key::WARN_DAYS, key::YEARLY_WARN_DAYS],
            ServiceFeedback => &[key::FEEDBACK_DAYS, key::WARN_DAYS],
            LeaderFieldResearch => &[],
            MemberCare => &[key::YEARLY_WARN_DAYS],
            DemocraticEvaluation => &[key::ORG_LIFE_CUTOFF, key::GRACE_DAYS, key::YEARLY_WARN_DAYS, key::EXCELLENT_CAP],
            HeartTalk => &[key::GRACE_DAYS, key::YEARLY_WARN_DAYS],
            Rectification | CorrectionDeadline => &[key::WARN_DAYS],
            PartySpiritAnalysis => &[key::GRACE_DAYS, key::WARN_DAYS],
            MobileReport | MobileCertReview | ShouldTransfer => &[key::YEARLY_WARN_DAYS],
            MobileContact => &[key::MOBILE_CONTACT, key::WARN_DAYS],
            LostContact | MobileTalk => &[],
        }
    }

    /// The cadence rule of a meeting kind.
    pub fn of_kind(k: MeetingKind) -> Option<RuleId> {
        use MeetingKind as K;
        Some(match k {
            K::GeneralMeeting => RuleId::GeneralMeeting,
            K::CommitteeMeeting => RuleId::CommitteeMeeting,
            K::GroupMeeting => RuleId::GroupMeeting,
            K::PartyLecture => RuleId::PartyLecture,
            K::ThemeDay => RuleId::ThemeDay,
            K::OrgLifeMeeting => RuleId::OrgLifeMeeting,
            _ => return None,
        })
    }

    pub fn kind(self) -> Option<MeetingKind> {
        MeetingKind::ALL.iter().copied().find(|&k| RuleId::of_kind(k) == Some(self))
    }
}

vocab! {
    /// Overdue sorts before due-soon.
    pub enum Severity {
        Overdue = ("overdue", "逾期", "overdue"),
        DueSoon = ("due_soon", "将到期", "due soon"),
    }
}

/// What a finding is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(tag = "type", content = "id", rename_all = "snake_case")]
pub enum Subject {
    Branch,
    Group(i64),
    Member(i64),
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub rule: RuleId,
    pub severity: Severity,
    pub subject: Subject,
    pub due: NaiveDate,
    /// The period a missing meeting belongs to.
    pub period: Option<Period>,
    pub zh: String,
    pub en: String,
}

impl Finding {
    pub fn message(&self, lang: Lang) -> &str {
        lang.pick(&self.zh, &self.en)
    }
}

/// A held meeting, as the rules need it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HeldMeeting {
    pub date: NaiveDate,
    pub kinds: Vec<MeetingKind>,
    pub group_id: Option<i64>,
    pub lecturer_id: Option<i64>,
}

/// The records the rules read.
pub struct Facts<'a> {
    pub members: &'a [Member],
    pub groups: &'a [PartyGroup],
    /// Held meetings from [`held_from`] (1 January of last year, or earlier while the year
    /// before last is still reported) to today.
    pub held: &'a [HeldMeeting],
    /// Years whose 光荣在党50年 list is recorded as reported.
    pub honours_reported: &'a [i32],
    /// This year's study status per member, as the 学习 tab computes it.
    pub study: &'a [(i64, StudyStatus)],
    /// Last year's, whose shortfalls stay overdue into the new year.
    pub study_last_year: &'a [(i64, StudyStatus)],
    /// Each member's last organisational life (present, late or 补学 at an org-life meeting)
    /// since `org_life_window_start(today)`; older ones need not be read.
    pub last_org_life: &'a IdMap<i64, NaiveDate>,
    /// Each member's last 党校轮训.
    pub last_rotation: &'a IdMap<i64, NaiveDate>,
    /// Per member, the first days of the months since `org_life_window_start(today)` in which
    /// the member missed organisational life only with a proper reason: every org-life meeting
    /// they were expected at found them 请假 (with a reason) or 外出 (mobile), none absent.
    pub excused_months: &'a IdMap<i64, Vec<NaiveDate>>,
    /// Per member, the first days of the months spent away from the branch (流动) while in
    /// contact: excused like the months above, but no reason to arrange 补学 (the member takes
    /// part in organisational life at the destination).
    pub away_months: &'a IdMap<i64, Vec<NaiveDate>>,
    /// The day each current secretary took the post, when the file recorded the change.
    pub secretary_since: &'a IdMap<i64, NaiveDate>,
    /// Each member's last 党校轮训 or 上级集中培训.
    pub last_training: &'a IdMap<i64, NaiveDate>,
    /// 党费 records (`None`: not read; the dues rules then say nothing).
    pub dues: Option<&'a super::dues::Ledger>,
}

/// The kinds with a cadence rule, in the order the grid shows them.
pub const CADENCE_KINDS: [MeetingKind; 6] = [
    MeetingKind::GeneralMeeting,
    MeetingKind::CommitteeMeeting,
    MeetingKind::GroupMeeting,
    MeetingKind::PartyLecture,
    MeetingKind::ThemeDay,
    MeetingKind::OrgLifeMeeting,
];

/// A 支委会 is required only while the branch has 7 or more full members ([ZB] ch.6).
pub const COMMITTEE_MIN_FULL_MEMBERS: usize = 7;

/// Months without organisational life that make a member overdue (党章 art. 9; fixed).
pub const ORG_LIFE_OVERDUE_MONTHS: u32 = 6;

/// How far back organisational life is looked for: well beyond the six months that matter.
pub const ORG_LIFE_WINDOW_MONTHS: u32 = 12;

/// The first day whose organisational life the six-month rule reads.
pub fn org_life_window_start(today: NaiveDate) -> NaiveDate {
    super::dates::sub_months(today, ORG_LIFE_WINDOW_MONTHS)
}

/// The state of one period of one required kind (and group).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum PeriodState {
    /// Not required (no branch yet, no committee, an empty group, no cadence).
    NotRequired,
    /// Held this many times in the period.
    Held(u32),
    /// Closed (plus grace) without a held meeting.
    Missed,
    /// Not held yet, and the deadline is within the warning days.
    DueSoon,
    /// Running, not held yet, deadline not near.
    Open,
    /// Not begun.
    Future,
}

fn full_members_on(members: &[Member], day: NaiveDate) -> usize {
    members.iter().filter(|m| m.in_branch_on(day) && m.is_full_on(day)).count()
}

/// The facts arranged for many period checks: held-meeting dates by kind (and group, for
/// 党小组会), sorted; members' time in the branch by group. Built once per computation, so a
/// branch with hundreds of groups is checked in time proportional to its records.
struct Index<'a> {
    f: &'a Facts<'a>,
    held: HashMap<(MeetingKind, Option<i64>), Vec<NaiveDate>>,
    /// (start, end) in the branch, per group (`None`: every member).
    spans: HashMap<Option<i64>, Vec<(NaiveDate, Option<NaiveDate>)>>,
    /// Per group the file knows the entry of, the first day it is known to exist: the day it was
    /// entered, or its first 党小组会 on record if earlier (meetings entered afterwards for the
    /// time before, 补录).
    group_since: HashMap<i64, NaiveDate>,
}

impl<'a> Index<'a> {
    fn new(f: &'a Facts<'a>) -> Index<'a> {
        let mut held: HashMap<(MeetingKind, Option<i64>), Vec<NaiveDate>> = HashMap::new();
        for h in f.held {
            for &k in &h.kinds {
                let group = if k == MeetingKind::GroupMeeting { h.group_id } else { None };
                held.entry((k, group)).or_default().push(h.date);
            }
        }
        for dates in held.values_mut() {
            dates.sort();
        }
        let mut spans: HashMap<Option<i64>, Vec<(NaiveDate, Option<NaiveDate>)>> = HashMap::new();
        for m in f.members {
            let span = (m.branch_start(), m.branch_end());
            spans.entry(None).or_default().push(span);
            if let Some(g) = m.draft.group_id {
                spans.entry(Some(g)).or_default().push(span);
            }
        }
        let group_since = f
            .groups
            .iter()
            .filter_map(|g| {
                let entered = g.entered_on?;
                let first = held.get(&(MeetingKind::GroupMeeting, Some(g.id))).and_then(|d| d.first());
                Some((g.id, first.map_or(entered, |&d| d.min(entered))))
            })
            .collect();
        Index { f, held, spans, group_since }
    }

    /// [ZB]13 asks a group's monthly 党小组会 for the time it exists: not for a period that began
    /// before the group was known to exist (its first month is owed only from its first day).
    fn group_not_yet(&self, group: Option<i64>, p: Period) -> bool {
        group.and_then(|g| self.group_since.get(&g)).is_some_and(|&since| since > p.start)
    }

    /// Held meetings of `kind` (for `group`) dated within `first..=last`.
    fn held_in(&self, kind: MeetingKind, group: Option<i64>, first: NaiveDate, last: NaiveDate) -> u32 {
        let group = if kind == MeetingKind::GroupMeeting { group } else { None };
        self.held.get(&(kind, group)).map_or(0, |dates| {
            let lo = dates.partition_point(|d| *d < first);
            let hi = dates.partition_point(|d| *d <= last);
            (hi - lo) as u32
        })
    }

    /// Whether anyone (of the group) belonged to the branch during the period.
    fn someone_in(&self, p: Period, group: Option<i64>) -> bool {
        self.spans.get(&group).is_some_and(|v| v.iter().any(|(s, e)| *s <= p.end && e.is_none_or(|e| e >= p.start)))
    }
}

/// The last day a period's meeting may be held: the period's end, or for 组织生活会 the cutoff.
fn deadline(kind: MeetingKind, p: Period, s: &Settings) -> NaiveDate {
    if is_org_life_year(kind, p) { s.org_life_deadline(p.start.year()) } else { p.end }
}

/// The first day a meeting counts for the period: for 组织生活会 the day after the previous
/// year's cutoff, so that a meeting in early N+1 counts for year N only, not also for N+1.
fn window_start(kind: MeetingKind, p: Period, s: &Settings) -> NaiveDate {
    if is_org_life_year(kind, p) { s.org_life_deadline(p.start.year() - 1) + Duration::days(1) } else { p.start }
}

fn is_org_life_year(kind: MeetingKind, p: Period) -> bool {
    kind == MeetingKind::OrgLifeMeeting && p.start.month() == 1 && p.end == year_end(p.start.year())
}

fn warn_days(cadence: Cadence, s: &Settings) -> i64 {
    i64::from(if cadence == Cadence::Year { s.yearly_warn_days } else { s.warn_days })
}

/// Evaluates one period: only held meetings count, and a meeting counts for every kind it
/// carries; a 党小组会 counts for its own group.
pub fn period_state(
    kind: MeetingKind,
    group: Option<i64>,
    p: Period,
    f: &Facts,
    today: NaiveDate,
    s: &Settings,
) -> PeriodState {
    state_in(&Index::new(f), kind, group, p, today, s)
}

fn state_in(
    ix: &Index,
    kind: MeetingKind,
    group: Option<i64>,
    p: Period,
    today: NaiveDate,
    s: &Settings,
) -> PeriodState {
    let cadence = s.cadence_for(kind);
    if cadence == Cadence::None || !ix.someone_in(p, group) {
        return PeriodState::NotRequired;
    }
    if kind == MeetingKind::CommitteeMeeting
        && full_members_on(ix.f.members, p.end.min(today)) < COMMITTEE_MIN_FULL_MEMBERS
    {
        return PeriodState::NotRequired;
    }
    let (first, last) = (window_start(kind, p, s), deadline(kind, p, s));
    let n = ix.held_in(kind, group, first, last);
    if n > 0 {
        return PeriodState::Held(n);
    }
    if kind == MeetingKind::GroupMeeting && ix.group_not_yet(group, p) {
        return PeriodState::NotRequired;
    }
    if p.start > today {
        return PeriodState::Future;
    }
    if today > last + Duration::days(s.grace_days.into()) {
        PeriodState::Missed
    } else if today >= last - Duration::days(warn_days(cadence, s)) {
        PeriodState::DueSoon
    } else {
        PeriodState::Open
    }
}

/// Which groups a kind is checked for: each group for 党小组会, the branch otherwise.
fn subjects(kind: MeetingKind, groups: &[PartyGroup]) -> Vec<Option<&PartyGroup>> {
    if kind == MeetingKind::GroupMeeting { groups.iter().map(Some).collect() } else { vec![None] }
}

pub fn period_label(p: Period, cadence: Cadence, lang: Lang) -> String {
    let y = p.start.year();
    match (cadence, lang) {
        (Cadence::Month, Lang::Zh) => format!("{y}年{}月", p.start.month()),
        (Cadence::Month, Lang::En) => format!("{}", p.start.format("%b %Y")),
        (Cadence::Quarter, Lang::Zh) => format!("{y}年第{}季度", (p.start.month() - 1) / 3 + 1),
        (Cadence::Quarter, Lang::En) => format!("{y} Q{}", (p.start.month() - 1) / 3 + 1),
        (_, Lang::Zh) => format!("{y}年度"),
        (_, Lang::En) => format!("{y}"),
    }
}

/// Findings are kept while their due date is within the last year: older gaps are history (the
/// year grid still shows them).
pub(crate) fn recent(due: NaiveDate, today: NaiveDate) -> bool {
    due >= today - Duration::days(365)
}

/// When an item due on `deadline`, red after `grace` more days, is reported on `today`, and the
/// day its finding carries: due soon from `warn` days before the deadline, dated the deadline,
/// and through the grace days dated their last day; overdue after them, dated that same day. A
/// due-soon finding never carries a day already past (in the grace days the deadline has gone
/// by, but the item is not red until their end).
pub fn timing(deadline: NaiveDate, today: NaiveDate, grace: u32, warn: u32) -> Option<(Severity, NaiveDate)> {
    let overdue_from = deadline + Duration::days(grace.into());
    if today > overdue_from {
        Some((Severity::Overdue, overdue_from))
    } else if today > deadline {
        Some((Severity::DueSoon, overdue_from))
    } else if today >= deadline - Duration::days(warn.into()) {
        Some((Severity::DueSoon, deadline))
    } else {
        None
    }
}

/// The years a yearly item may still be reported on `today`, given the latest day a finding of
/// year `y` can carry (`last_due(y)`, its cutoff plus any grace days): this year, and each
/// earlier year while that day is [`recent`] ("逾期满一年以后不再提醒"). Last year and this year
/// as a rule; the year before last too on the days of a new year when a cutoff in the next year
/// (a 组织生活会 cutoff of 01-31) or grace days past 31 December keep its item within the year.
pub fn open_years(today: NaiveDate, last_due: impl Fn(i32) -> NaiveDate) -> std::ops::RangeInclusive<i32> {
    let mut first = today.year();
    while recent(last_due(first - 1), today) {
        first -= 1;
    }
    first..=today.year()
}

/// The years whose periods of `kind` may still be reported on `today` (see [`open_years`]):
/// the last deadline of a year (the 组织生活会 cutoff, or the end of its last period) plus the
/// grace days.
fn cadence_years(kind: MeetingKind, today: NaiveDate, s: &Settings) -> std::ops::RangeInclusive<i32> {
    let cadence = s.cadence_for(kind);
    let grace = Duration::days(s.grace_days.into());
    open_years(today, |y| periods_in_year(cadence, y).last().map_or(year_end(y), |p| deadline(kind, *p, s)) + grace)
}

/// The years whose missing 党课 of a leading cadre may still be reported on `today`: due 31
/// December, overdue after the grace days (see [`open_years`]).
fn leader_years(today: NaiveDate, s: &Settings) -> std::ops::RangeInclusive<i32> {
    open_years(today, |y| year_end(y) + Duration::days(s.grace_days.into()))
}

/// The first day whose held meetings [`findings`] reads: 1 January of last year, or earlier
/// while a period of the year before last is still reported ([`cadence_years`], [`leader_years`]):
/// for that year's 组织生活会 with a cutoff in the next year, the day after the cutoff before it.
/// The service reads held meetings from this day, no earlier than it needs.
pub fn held_from(today: NaiveDate, s: &Settings) -> NaiveDate {
    let mut from = super::dates::year_start(today.year() - 1);
    for kind in CADENCE_KINDS {
        let first = *cadence_years(kind, today, s).start();
        if let Some(p) = periods_in_year(s.cadence_for(kind), first).first() {
            from = from.min(window_start(kind, *p, s));
        }
    }
    from.min(super::dates::year_start(*leader_years(today, s).start()))
}

fn cadence_findings(f: &Facts, today: NaiveDate, s: &Settings, out: &mut Vec<Finding>) {
    let ix = Index::new(f);
    for kind in CADENCE_KINDS {
        let cadence = s.cadence_for(kind);
        let Some(rule) = RuleId::of_kind(kind) else { continue };
        // Every year with a period still reported: with a cutoff in the next year, the year
        // before last until its 组织生活会 is a year overdue (not only last year and this).
        let years = cadence_years(kind, today, s);
        for g in subjects(kind, f.groups) {
            for year in years.clone() {
                for p in periods_in_year(cadence, year) {
                    let state = state_in(&ix, kind, g.map(|g| g.id), p, today, s);
                    let severity = match state {
                        PeriodState::Missed => Severity::Overdue,
                        PeriodState::DueSoon => Severity::DueSoon,
                        _ => continue,
                    };
                    let last = deadline(kind, p, s);
                    // In the grace days after the deadline (still due soon), their last day.
                    let grace_end = last + Duration::days(s.grace_days.into());
                    let due = if severity == Severity::Overdue || today > last { grace_end } else { last };
                    if !recent(due, today) {
                        continue;
                    }
                    let (pz, pe) = (period_label(p, cadence, Lang::Zh), period_label(p, cadence, Lang::En));
                    let (gz, ge) =
                        g.map_or((String::new(), String::new()), |g| (format!("{} ", g.name), format!("{}: ", g.name)));
                    let (zh, en) = match severity {
                        Severity::Overdue => (
                            format!("{gz}{pz}未召开{}", kind.label(Lang::Zh)),
                            format!("{ge}no {} held in {pe}", kind.label(Lang::En)),
                        ),
                        // The period is over: only a meeting held in it and not yet logged can
                        // answer it now.
                        Severity::DueSoon if today > last => (
                            format!("{gz}{pz}没有召开{}的记录（宽限至 {}）", kind.label(Lang::Zh), fmt(grace_end)),
                            format!(
                                "{ge}no {} on record for {pe} (grace until {})",
                                kind.label(Lang::En),
                                fmt(grace_end)
                            ),
                        ),
                        Severity::DueSoon => (
                            format!("{gz}{pz}尚未召开{}，{} 前召开", kind.label(Lang::Zh), fmt(last)),
                            format!("{ge}{} for {pe} not held yet; due {}", kind.label(Lang::En), fmt(last)),
                        ),
                    };
                    let subject = g.map_or(Subject::Branch, |g| Subject::Group(g.id));
                    out.push(Finding { rule, severity, subject, due, period: Some(p), zh, en });
                }
            }
        }
    }
}

/// Names as findings show them: with the member number where two members share a name.
struct Names<'a> {
    by_id: IdMap<i64, &'a Member>,
    shared: std::collections::HashSet<String>,
}

impl<'a> Names<'a> {
    fn new(f: &Facts<'a>, today: NaiveDate) -> Names<'a> {
        Names { by_id: f.members.iter().map(|m| (m.id, m)).collect(), shared: shared_names(f.members, today) }
    }

    fn of(&self, m: &Member) -> String {
        m.shown_name(&self.shared)
    }

    fn by_id(&self, id: i64) -> String {
        self.by_id.get(&id).map_or(String::new(), |m| self.of(m))
    }
}

fn study_findings(f: &Facts, today: NaiveDate, s: &Settings, n: &Names, out: &mut Vec<Finding>) {
    let u = CreditUnit::of(s);
    for (year, list) in [(today.year(), f.study), (today.year() - 1, f.study_last_year)] {
        for (id, st) in list {
            // Short only once the year is over (study_status); before, at most behind.
            let severity = match st.standing {
                Standing::Short => Severity::Overdue,
                Standing::Behind => Severity::DueSoon,
                _ => continue,
            };
            let due = year_end(year);
            if !recent(due, today) {
                continue;
            }
            let name = n.by_id(*id);
            let target = st.target_min.unwrap_or(0);
            let (credited, shortfall, expected) = (st.credited_min, st.shortfall_min, st.expected_min);
            let (zh, en) = match severity {
                Severity::Overdue => (
                    format!(
                        "{name} {year}年集中学习 {}，目标 {}，差 {}，未达标",
                        u.format(credited, Lang::Zh),
                        u.format(target, Lang::Zh),
                        u.format(shortfall, Lang::Zh)
                    ),
                    format!(
                        "{name}: {} of {} studied in {year}, {} short",
                        u.format(credited, Lang::En),
                        u.format(target, Lang::En),
                        u.format(shortfall, Lang::En)
                    ),
                ),
                Severity::DueSoon => (
                    format!(
                        "{name} 集中学习 {}，按进度应有 {}，落后（年底前可补学）",
                        u.format(credited, Lang::Zh),
                        u.format(expected, Lang::Zh)
                    ),
                    format!(
                        "{name}: {} studied, {} expected by now; behind (make-up study counts until 31 Dec)",
                        u.format(credited, Lang::En),
                        u.format(expected, Lang::En)
                    ),
                ),
            };
            let period = Some(Period::year(year));
            out.push(Finding {
                rule: RuleId::StudyHours,
                severity,
                subject: Subject::Member(*id),
                due,
                period,
                zh,
                en,
            });
        }
    }
}

fn active<'a>(f: &Facts<'a>, today: NaiveDate) -> impl Iterator<Item = &'a Member> {
    f.members.iter().filter(move |m| m.in_branch_on(today))
}

fn probation_findings(f: &Facts, today: NaiveDate, s: &Settings, n: &Names, out: &mut Vec<Finding>) {
    // No finding for an admission in an era without probation (docs/rules.md).
    let had_probation = |m: &Member| Era::of(m.draft.admission_date).is_none_or(Era::has_probation);
    for m in active(f, today).filter(|m| m.draft.status == MemberStatus::Probationary && had_probation(m)) {
        let end = probation_end(m.draft.admission_date, m.draft.probation_extension_months);
        // Due soon up to the end, then through the grace days (30 by default) dated their last
        // day, by which the branch meeting should have discussed the conversion.
        let Some((severity, due)) = timing(end, today, s.probation_grace_days, s.probation_warn_days) else {
            continue;
        };
        let name = n.of(m);
        out.push(Finding {
            rule: RuleId::ProbationEnd,
            severity,
            subject: Subject::Member(m.id),
            due,
            period: None,
            zh: format!("{name} 预备期 {} 期满，尚未记录转正（须支部大会讨论）", fmt(end)),
            en: format!("{name}'s probation ends {}; no conversion recorded (a general meeting decides)", fmt(end)),
        });
    }
}

/// Whole months from `from` to `to` (month-end clamped).
fn whole_months(from: NaiveDate, to: NaiveDate) -> u32 {
    let mut n = 0;
    while add_months(from, n + 1) <= to {
        n += 1;
    }
    n
}

/// Who a held meeting expected, as its roster does (`meeting::scope`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Whom {
    Branch,
    Committee,
    Group(i64),
}

/// The held organisational life by calendar month and by whom it expected: whether a month
/// held any the member was expected at, in a few lookups per month (10,000 members, hundreds
/// of groups).
struct OrgLifeHeld {
    /// (first day of the month, whom) to the meeting dates.
    dates: HashMap<(NaiveDate, Whom), Vec<NaiveDate>>,
}

impl OrgLifeHeld {
    fn new(held: &[HeldMeeting]) -> OrgLifeHeld {
        use super::meeting::{Scope, scope};
        let mut dates: HashMap<(NaiveDate, Whom), Vec<NaiveDate>> = HashMap::new();
        for h in held.iter().filter(|h| h.kinds.iter().any(|k| k.is_org_life())) {
            let whom = match scope(&h.kinds, h.group_id) {
                Scope::Branch => Whom::Branch,
                Scope::Committee => Whom::Committee,
                Scope::Group(g) => Whom::Group(g),
            };
            dates.entry((Period::month_of(h.date).start, whom)).or_default().push(h.date);
        }
        OrgLifeHeld { dates }
    }

    /// Whether the month beginning `first` held organisational life that expected `m`: on
    /// a day they were in the branch and not exempt, for the whole branch, their group or (with
    /// a post) the committee. Group and posts are the member's today: the file keeps no history.
    fn expected(&self, m: &Member, first: NaiveDate) -> bool {
        let on = |whom: Whom| {
            self.dates.get(&(first, whom)).is_some_and(|ds| ds.iter().any(|&d| m.in_branch_on(d) && !m.exempt_on(d)))
        };
        on(Whom::Branch)
            || (m.is_committee() && on(Whom::Committee))
            || m.draft.group_id.is_some_and(|g| on(Whom::Group(g)))
    }
}

/// The first days of the calendar months that begin on or after `since` and are over before
/// `today`.
fn whole_months_between(since: NaiveDate, today: NaiveDate) -> impl Iterator<Item = NaiveDate> {
    let first = Period::month_of(since);
    let first = if first.start == since { first.start } else { first.end + Duration::days(1) };
    std::iter::successors(Some(first), |d| Some(add_months(*d, 1)))
        .take_while(move |d| super::dates::month_end(d.year(), d.month()) < today)
}

/// 党章 art. 9, [JY]31: six consecutive months without organisational life *without a proper
/// reason*. Months in which the member missed only with a reason (请假, 外出) are counted apart:
/// they never make the red finding; six of them bring a reminder to arrange 补学 or 送学上门.
/// Months that held no organisational life the member was expected at count neither way: the
/// member failed to attend nothing (the missing meetings are the cadence rules' findings).
/// Exempt time (seed A2, [JY]23) counts neither way.
fn lapse_findings(f: &Facts, today: NaiveDate, s: &Settings, n: &Names, out: &mut Vec<Finding>) {
    let held = OrgLifeHeld::new(f.held);
    for m in active(f, today).filter(|m| !m.exempt_on(today)) {
        // Counted from the last organisational life, the day the member joined, or the end of
        // an exemption, whichever is latest.
        let mut since = m.branch_start();
        if let Some(x) = &m.draft.exemption
            && let Some(to) = x.to
            && to < today
        {
            since = since.max(to + Duration::days(1));
        }
        let last = f.last_org_life.get(&m.id).copied();
        // None in the window read: at least the window's length (the count starts there).
        since = since.max(last.unwrap_or_else(|| org_life_window_start(today)));
        let months = whole_months(since, today);
        // Every month left out below is one of these: too few, nothing to find.
        if months < s.org_life_warn_months.min(ORG_LIFE_OVERDUE_MONTHS) {
            continue;
        }
        // The calendar months that lie wholly after `since` and are over by today: excused
        // (and of those, away in contact: no make-up study asked), or holding nothing the
        // member was expected at. The two partial months at the ends count as they are.
        let no_months = Vec::new();
        let excused_list = f.excused_months.get(&m.id).unwrap_or(&no_months);
        let away_list = f.away_months.get(&m.id).unwrap_or(&no_months);
        let (mut excused, mut away, mut idle) = (0u32, 0u32, 0u32);
        for first in whole_months_between(since, today) {
            if excused_list.contains(&first) {
                excused += 1;
                away += u32::from(away_list.contains(&first));
            } else if !held.expected(m, first) {
                idle += 1;
            }
        }
        let unexcused = months.saturating_sub(excused + idle);
        let severity = if unexcused >= ORG_LIFE_OVERDUE_MONTHS {
            Severity::Overdue
        } else if unexcused >= s.org_life_warn_months || excused - away >= ORG_LIFE_OVERDUE_MONTHS {
            Severity::DueSoon
        } else {
            continue;
        };
        let name = n.of(m);
        let at_least = last.is_none() && months >= ORG_LIFE_WINDOW_MONTHS;
        let (lz, le) = match last {
            Some(l) => (format!("最后一次 {}", fmt(l)), format!("last on {}", fmt(l))),
            None if months >= ORG_LIFE_WINDOW_MONTHS => {
                (format!("{ORG_LIFE_WINDOW_MONTHS} 个月内没有记录"), format!("none in {ORG_LIFE_WINDOW_MONTHS} months"))
            }
            None => ("本支部内没有记录".to_string(), "none recorded in this branch".to_string()),
        };
        // What the months include besides those missed without a reason.
        let (mut notes_z, mut notes_e) = (Vec::new(), Vec::new());
        if idle > 0 {
            notes_z.push(format!("{idle} 个月没有召开其应参加的组织生活，不计入"));
            notes_e.push(format!("{idle} of them had no meeting for the member to attend (not counted)"));
        }
        if excused > 0 {
            notes_z.push(format!("{excused} 个月请假或外出，宜安排补学或送学上门"));
            let of_them = if idle > 0 { "" } else { " of them" };
            notes_e.push(format!("{excused}{of_them} excused (leave or away): arrange make-up study or home delivery"));
        }
        let (more_z, more_e) = if notes_z.is_empty() {
            (String::new(), String::new())
        } else {
            (format!("，其中 {}", notes_z.join("；")), format!("; {}", notes_e.join(", ")))
        };
        out.push(Finding {
            rule: RuleId::OrgLifeLapse,
            severity,
            subject: Subject::Member(m.id),
            due: add_months(since, ORG_LIFE_OVERDUE_MONTHS + excused + idle),
            period: None,
            zh: format!(
                "{name} 已连续 {months} 个月{}未参加组织生活（{lz}）{more_z}",
                if at_least { "以上" } else { "" }
            ),
            en: format!(
                "{name}: no organisational life for {}{months} months ({le}){more_e}",
                if at_least { "over " } else { "" }
            ),
        });
    }
}

/// Days before 31 December within which a member who comes into the branch is not asked for
/// that year's yearly personal items (谈心谈话, 领导干部讲党课 and 形势报告): a month to arrange
/// them (zhibu's choice, docs/rules.md).
pub const LATE_JOIN_DAYS: i64 = 30;

/// Whether the member came into the branch (as recorded) too late in `year` to be asked for its
/// yearly personal items: after 1 December.
pub fn joined_too_late(m: &Member, year: i32) -> bool {
    m.branch_start() > year_end(year) - Duration::days(LATE_JOIN_DAYS)
}

/// Seed A5: "坚持每年给党员讲党课、作形势报告". A 党课 with the cadre as lecturer is what
/// `leader_lecture` checks; a missing 形势报告 is its own, softer finding (`leader_report`):
/// due soon until the year closes, never overdue, since [ZB]16 asks only for the 党课. A cadre
/// who came into the branch after 1 December is asked for neither that year ([`joined_too_late`]).
fn leader_findings(f: &Facts, today: NaiveDate, s: &Settings, n: &Names, out: &mut Vec<Finding>) {
    for m in f.members.iter().filter(|m| m.is_leading_cadre()) {
        // With grace days the year before last's lecture is overdue into this year.
        for year in leader_years(today, s) {
            if !in_branch_during(m, year) || joined_too_late(m, year) || m.branch_end().is_some_and(|e| e < today) {
                continue;
            }
            let gave = |kind: MeetingKind| {
                f.held.iter().any(|h| h.date.year() == year && h.kinds.contains(&kind) && h.lecturer_id == Some(m.id))
            };
            let last = year_end(year);
            let name = n.of(m);
            if !gave(MeetingKind::PartyLecture)
                && let Some((severity, due)) = timing(last, today, s.grace_days, s.yearly_warn_days)
                && recent(due, today)
            {
                out.push(Finding {
                    rule: RuleId::LeaderLecture,
                    severity,
                    subject: Subject::Member(m.id),
                    due,
                    period: Some(Period::year(year)),
                    zh: format!("{name}（领导干部）{year}年未给党员讲党课"),
                    en: format!("{name} (leading cadre) gave no party lecture in {year}"),
                });
            }
            // domain.md §3(a): "due soon until the year closes". A reminder in the year's last
            // warning days, dated 31 December; never overdue, and gone from 1 January: a due-soon
            // finding never carries a day already past (it stayed a year with last year's date).
            if !gave(MeetingKind::Report) && today <= last && today >= last - Duration::days(s.yearly_warn_days.into())
            {
                out.push(Finding {
                    rule: RuleId::LeaderReport,
                    severity: Severity::DueSoon,
                    subject: Subject::Member(m.id),
                    due: last,
                    period: Some(Period::year(year)),
                    zh: format!("{name}（领导干部）{year}年未作形势报告"),
                    en: format!("{name} (leading cadre) gave no situation report in {year}"),
                });
            }
        }
    }
}

/// Months within which a new secretary is trained on the job ([GH]: "within half a year").
pub const NEW_SECRETARY_TRAINING_MONTHS: u32 = 6;

/// Seed A15 / [GH]: every committee member with a party post goes to a party-school rotation
/// every `rotation_years`; a new secretary is trained within six months of taking the post.
fn rotation_findings(f: &Facts, today: NaiveDate, s: &Settings, n: &Names, out: &mut Vec<Finding>) {
    for m in active(f, today).filter(|m| m.is_committee()) {
        let last = f.last_rotation.get(&m.id).copied();
        let due = add_months(last.unwrap_or(m.branch_start()), 12 * s.rotation_years);
        let severity = if today > due {
            Severity::Overdue
        } else if today >= due - Duration::days(s.yearly_warn_days.into()) {
            Severity::DueSoon
        } else {
            continue;
        };
        let name = n.of(m);
        let post = m.draft.posts.first().map_or("", |p| p.label(Lang::Zh));
        let post_en = m.draft.posts.first().map_or("", |p| p.label(Lang::En));
        let (zh, en) = match last {
            Some(l) => (
                format!(
                    "{post} {name} 上次党校轮训 {}，应于 {} 前再次轮训（每 {} 年）",
                    fmt(l),
                    fmt(due),
                    s.rotation_years
                ),
                format!(
                    "{post_en} {name}: last party-school rotation {}, next due {} (every {} years)",
                    fmt(l),
                    fmt(due),
                    s.rotation_years
                ),
            ),
            None => (
                format!("{post} {name} 没有党校轮训记录（每 {} 年一次）", s.rotation_years),
                format!("{post_en} {name} has no party-school rotation on record (every {} years)", s.rotation_years),
            ),
        };
        out.push(Finding {
            rule: RuleId::SecretaryTraining,
            severity,
            subject: Subject::Member(m.id),
            due,
            period: None,
            zh,
            en,
        });
    }
    for m in active(f, today).filter(|m| m.draft.posts.contains(&PartyPost::Secretary)) {
        let Some(&since) = f.secretary_since.get(&m.id) else { continue };
        if f.last_training.get(&m.id).is_some_and(|&t| t >= since) {
            continue;
        }
        let due = add_months(since, NEW_SECRETARY_TRAINING_MONTHS);
        let severity = if today > due { Severity::Overdue } else { Severity::DueSoon };
        if !recent(due, today) {
            continue;
        }
        let name = n.of(m);
        out.push(Finding {
            rule: RuleId::NewSecretaryTraining,
            severity,
            subject: Subject::Member(m.id),
            due,
            period: None,
            zh: format!("新任书记 {name}（{} 任职）应于 {} 前参加岗位培训", fmt(since), fmt(due)),
            en: format!("new secretary {name} (since {}): on-the-job training due by {}", fmt(since), fmt(due)),
        });
    }
}

/// Every finding of these rules, most serious first, then by due date. A member archived today
/// may still be among them (the rules count the archive day as in the branch): the one filter
/// for every kind of finding, `evaluation::drop_archived`, which `Service::overdue` runs over
/// all of them, drops them from the archive day (docs/rules.md 通用约定).
pub fn findings(f: &Facts, today: NaiveDate, s: &Settings) -> Vec<Finding> {
    let n = Names::new(f, today);
    let mut out = Vec::new();
    cadence_findings(f, today, s, &mut out);
    study_findings(f, today, s, &n, &mut out);
    probation_findings(f, today, s, &n, &mut out);
    lapse_findings(f, today, s, &n, &mut out);
    leader_findings(f, today, s, &n, &mut out);
    rotation_findings(f, today, s, &n, &mut out);
    super::honours::findings(f, today, &mut out);
    if let Some(ledger) = f.dues {
        super::dues::findings(f.members, ledger, today, s, &mut out);
    }
    sort(&mut out);
    out
}

/// The order of [`findings`]: most serious first, then by due date (for lists merged from
/// several rule modules).
pub fn sort(findings: &mut [Finding]) {
    findings.sort_by_key(|f| (f.severity, f.due, f.rule, f.subject));
}

/// The dashboard's order: grouped by kind, the kinds by their most serious and earliest
/// finding; within a kind by severity, then due date.
pub fn grouped(findings: &[Finding]) -> Vec<Finding> {
    let mut worst: HashMap<RuleId, (Severity, NaiveDate)> = HashMap::new();
    for f in findings {
        let e = worst.entry(f.rule).or_insert((f.severity, f.due));
        *e = (*e).min((f.severity, f.due));
    }
    let mut v = findings.to_vec();
    v.sort_by_key(|f| (worst[&f.rule], f.rule, f.severity, f.due, f.subject));
    v
}

/// One cell of the year grid: a month of one required kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Cell {
    NotRequired,
    /// Held this many times in this month.
    Held(u32),
    /// Not held this month, but the period (quarter, year) was satisfied by another month.
    Covered,
    Missed,
    DueSoon,
    Open,
    Future,
}

/// One row of the year grid: a required kind (per group for 党小组会), twelve months.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct GridRow {
    pub kind: MeetingKind,
    pub group: Option<i64>,
    pub cells: Vec<Cell>,
}

/// The year at a glance: for each required kind, each month held, missed, due now or future.
pub fn year_grid(f: &Facts, year: i32, today: NaiveDate, s: &Settings) -> Vec<GridRow> {
    let ix = Index::new(f);
    let mut rows = Vec::new();
    for kind in CADENCE_KINDS {
        let cadence = s.cadence_for(kind);
        if cadence == Cadence::None {
            continue;
        }
        for g in subjects(kind, f.groups) {
            let group = g.map(|g| g.id);
            let periods = periods_in_year(cadence, year);
            let cells = (1..=12)
                .map(|month| {
                    let Some(first) = NaiveDate::from_ymd_opt(year, month, 1) else {
                        return Cell::NotRequired;
                    };
                    let Some(p) = periods.iter().find(|p| p.contains(first)) else {
                        return Cell::NotRequired;
                    };
                    let month_p = Period::month_of(first);
                    let here = ix.held_in(kind, group, month_p.start, month_p.end);
                    match state_in(&ix, kind, group, *p, today, s) {
                        PeriodState::NotRequired => Cell::NotRequired,
                        _ if here > 0 => Cell::Held(here),
                        PeriodState::Held(_) => Cell::Covered,
                        _ if first > today => Cell::Future,
                        PeriodState::Missed => Cell::Missed,
                        PeriodState::DueSoon => Cell::DueSoon,
                        PeriodState::Open => Cell::Open,
                        PeriodState::Future => Cell::Future,
                    }
                })
                .collect();
            rows.push(GridRow { kind, group, cells });
        }
    }
    rows
}
