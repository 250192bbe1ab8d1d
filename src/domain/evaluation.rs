//! 评议: the yearly democratic evaluation of members (民主评议党员), 党性分析评议 campaigns, the
//! 谈心谈话 log, 组织处置 steps and 表彰 (domain.md §1.1 A8-A14, §1.4 D1-D2, §2.1 第十八、十九条,
//! §2.2 第二十九至三十一条, §2.6, §3(c), §3(d)). Pure: records, settings and `today` in.

use chrono::{Datelike, Duration, NaiveDate};
use serde::{Deserialize, Serialize};

use super::dates::{add_months, fmt, year_end, year_start};
use super::ids::{IdMap, IdSet};
use super::member::Member;
use super::rules::{Finding, RuleId, Severity, Subject};
use super::settings::Settings;
use super::study::in_branch_during;
use super::validation::{Errors, FieldError, Problem};

vocab! {
    /// The four grades (domain.md §2.6). Probationary members get none (不评定等次).
    pub enum Grade {
        Excellent = ("excellent", "优秀", "excellent"),
        Qualified = ("qualified", "合格", "qualified"),
        BasicallyQualified = ("basically_qualified", "基本合格", "basically qualified"),
        Unqualified = ("unqualified", "不合格", "unqualified"),
    }
}

vocab! {
    /// Who decides a grade or a disposal.
    pub enum DecisionBody {
        Committee = ("committee", "支委会", "committee"),
        GeneralMeeting = ("general_meeting", "支部党员大会", "general meeting"),
    }
}

vocab! {
    /// Kinds of 谈心谈话 (domain.md §3(c)).
    pub enum TalkKind {
        Heart = ("heart", "谈心", "heart-to-heart"),
        Reminder = ("reminder", "提醒谈话", "reminder"),
        NewMember = ("new_member", "新党员谈话", "new member"),
        Probation = ("probation", "预备期考察", "probation review"),
    }
}

vocab! {
    /// The 组织处置 ladder ([JY]29-31, domain.md §2.6, §3(d)).
    pub enum DisposalKind {
        Criticism = ("criticism", "批评教育", "criticism"),
        CorrectionDeadline = ("correction_deadline", "限期改正", "correction deadline"),
        AdvisedToWithdraw = ("advised_to_withdraw", "劝其退党", "advised to withdraw"),
        Removed = ("removed", "除名", "removed"),
        Suspended = ("suspended", "停止党籍", "suspended"),
    }
}

impl DisposalKind {
    /// The steps that, once approved above, take the member off the branch's list.
    pub fn archives(self) -> bool {
        matches!(self, DisposalKind::Removed | DisposalKind::Suspended)
    }
}

vocab! {
    /// 表彰 titles (seed D2).
    pub enum CommendationTitle {
        ExcellentMember = ("excellent_member", "优秀共产党员", "outstanding member"),
        ExcellentWorker = ("excellent_worker", "优秀党务工作者", "outstanding party worker"),
        AdvancedOrg = ("advanced_org", "先进基层党组织", "advanced branch"),
    }
}

/// Field keys shared by the forms and these rules.
pub mod field {
    pub const GRADE: &str = "grade";
    pub const OPINION: &str = "opinion";
    pub const PUBLIC_OPINION: &str = "public_opinion";
    pub const SELF_ASSESSED: &str = "self_assessed";
    pub const FEEDBACK_ON: &str = "feedback_on";
    pub const DECIDED_BY: &str = "decided_by";
    pub const ROUND_SELF: &str = "round_self_review";
    pub const ROUND_PEER: &str = "round_peer_review";
    pub const ROUND_VOTE: &str = "round_vote";
    pub const ROUND_DECISION: &str = "round_decision";
    pub const ROUND_NOTICE: &str = "round_notice";
    pub const RECT_ITEM: &str = "rect_item";
    pub const RECT_DUE: &str = "rect_due";
    pub const RECT_DONE: &str = "rect_done";
    pub const TALK_DATE: &str = "talk_date";
    pub const TALK_MEMBERS: &str = "talk_members";
    pub const TALK_TOPIC: &str = "talk_topic";
    pub const TALK_NOTES: &str = "talk_notes";
    pub const DISPOSAL_MEMBER: &str = "disposal_member";
    pub const DISPOSAL_DECIDED: &str = "disposal_decided";
    pub const DISPOSAL_APPROVED: &str = "disposal_approved";
    pub const DISPOSAL_DEADLINE: &str = "disposal_deadline";
    pub const DISPOSAL_OUTCOME: &str = "disposal_outcome";
    pub const DISPOSAL_OUTCOME_ON: &str = "disposal_outcome_on";
    pub const COMMEND_LEVEL: &str = "commend_level";
    pub const COMMEND_DATE: &str = "commend_date";
    pub const COMMEND_MEMBER: &str = "commend_member";
    pub const CAMPAIGN_BY: &str = "campaign_by";
    pub const CAMPAIGN_FROM: &str = "campaign_from";
    pub const CAMPAIGN_TO: &str = "campaign_to";
}

/// The year's round and the dates of its steps (A8; 第十八条: 个人自评、党员互评、民主测评).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Round {
    pub year: i32,
    /// The 专题组织生活会 the round was held with.
    pub meeting_id: Option<i64>,
    pub self_review: Option<NaiveDate>,
    pub peer_review: Option<NaiveDate>,
    pub vote: Option<NaiveDate>,
    pub decision: Option<NaiveDate>,
    pub notice: Option<NaiveDate>,
}

impl Round {
    pub fn new(year: i32) -> Round {
        Round { year, ..Round::default() }
    }

    /// The round's first dated step, or 1 January of its year: no rectification is due earlier.
    pub fn start(&self) -> NaiveDate {
        [self.self_review, self.peer_review, self.vote, self.decision, self.notice]
            .into_iter()
            .flatten()
            .min()
            .unwrap_or(year_start(self.year))
    }

    /// The steps in order, for display: (中文, English, date).
    pub fn steps(&self) -> [(&'static str, &'static str, Option<NaiveDate>); 5] {
        [
            ("个人自评", "self-review", self.self_review),
            ("党员互评", "peer review", self.peer_review),
            ("民主测评", "vote", self.vote),
            ("支部评定", "decision", self.decision),
            ("通报", "notice", self.notice),
        ]
    }
}

/// Checks a round: its steps lie in order, none after today.
pub fn validate_round(r: &Round, today: NaiveDate) -> Result<(), Vec<FieldError>> {
    let mut e = Errors::default();
    let fields = [field::ROUND_SELF, field::ROUND_PEER, field::ROUND_VOTE, field::ROUND_DECISION, field::ROUND_NOTICE];
    let dates = [r.self_review, r.peer_review, r.vote, r.decision, r.notice];
    let mut last: Option<NaiveDate> = None;
    for (f, d) in fields.into_iter().zip(dates) {
        let Some(d) = d else { continue };
        if d > today {
            e.add(f, Problem::AfterToday);
        } else if d.year() < r.year {
            e.rule(f, "不能早于评议年度", "cannot be before the evaluation year");
        } else if last.is_some_and(|l| d < l) {
            e.rule(f, "各步骤的日期应按先后顺序", "the steps' dates must be in order");
        }
        last = Some(d);
    }
    e.finish()
}

/// Votes in the 民主测评, one count per grade.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tallies {
    pub excellent: u32,
    pub qualified: u32,
    pub basic: u32,
    pub unqualified: u32,
}

/// One full member's result for one year (domain.md §3(c) "Democratic evaluation").
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Grading {
    pub member_id: i64,
    pub year: i32,
    pub self_assessed: Option<NaiveDate>,
    pub tallies: Tallies,
    /// 群众意见.
    pub public_opinion: String,
    pub grade: Option<Grade>,
    pub decided_by: Option<DecisionBody>,
    /// 综合评议意见 (A11).
    pub opinion: String,
    /// The day the result was fed back to the member.
    pub feedback_on: Option<NaiveDate>,
}

impl Grading {
    pub fn new(member_id: i64, year: i32) -> Grading {
        Grading {
            member_id,
            year,
            self_assessed: None,
            tallies: Tallies::default(),
            public_opinion: String::new(),
            grade: None,
            decided_by: None,
            opinion: String::new(),
            feedback_on: None,
        }
    }
}

/// Whether a member takes a grade in `year`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Standing {
    /// A full member by the end of the year: graded.
    Graded,
    /// Probationary all year: takes part, not graded (不评定等次, domain.md §2.6).
    Probationary,
}

/// A member of the branch at the end of `year`, and whether they are graded. `None`: not in
/// the branch then (one who left during the year is evaluated by their new branch).
pub fn standing(m: &Member, year: i32) -> Option<Standing> {
    let last = year_end(year);
    if m.branch_start() > last || m.branch_end().is_some_and(|e| e < last) {
        return None;
    }
    Some(if m.draft.conversion_date.is_some_and(|c| c <= year_end(year)) {
        Standing::Graded
    } else {
        Standing::Probationary
    })
}

/// The most 优秀 grades a round may give: `cap` (numerator, denominator) of those graded, rounded
/// down (domain.md §2.6: "一般不超过党员总数的1/3").
pub fn excellent_cap(graded: usize, cap: (u32, u32)) -> usize {
    let (num, den) = (cap.0 as usize, cap.1.max(1) as usize);
    graded * num / den
}

/// What a grade key is checked against.
pub struct GradeCheck<'a> {
    pub member: &'a Member,
    pub year: i32,
    pub today: NaiveDate,
    /// Members graded in the round (the cap's base).
    pub graded: usize,
    /// 优秀 already given in the round to other members.
    pub excellent_others: usize,
    pub cap: (u32, u32),
}

/// Checks a grade for a member: not for an archived or probationary member, 优秀 within the cap.
pub fn validate_grade(c: &GradeCheck, grade: Option<Grade>) -> Result<(), Vec<FieldError>> {
    let mut e = Errors::default();
    let m = c.member;
    let left = m.branch_end().is_some_and(|end| end < year_end(c.year));
    if grade.is_some() && c.year > c.today.year() {
        e.rule(field::GRADE, "该年度的评议尚未开始", "that year's evaluation has not begun");
    }
    match standing(m, c.year) {
        None if grade.is_some() && left => {
            e.rule(field::GRADE, "该党员已归档，不能评定等次", "the member is archived; no grade can be given")
        }
        None if grade.is_some() => {
            e.rule(field::GRADE, "该党员当年不在本支部", "the member was not in the branch that year")
        }
        Some(Standing::Probationary) if grade.is_some() => e.rule(
            field::GRADE,
            "预备党员参加评议，但不评定等次（在转正时考察）",
            "probationary members take part but are not graded (their probation outcome decides)",
        ),
        _ => {}
    }
    if grade == Some(Grade::Excellent) {
        let max = excellent_cap(c.graded, c.cap);
        if c.excellent_others + 1 > max {
            e.add(
                field::GRADE,
                Problem::Text {
                    zh: format!(
                        "优秀已有 {} 人，上限为参评 {} 人的 {}/{}，即 {max} 人",
                        c.excellent_others, c.graded, c.cap.0, c.cap.1
                    ),
                    en: format!(
                        "{} already excellent; the cap is {}/{} of {} graded, i.e. {max}",
                        c.excellent_others, c.cap.0, c.cap.1, c.graded
                    ),
                },
            );
        }
    }
    e.finish()
}

/// Checks the texts and dates of a grading; `has_remedy` says whether the member has a
/// rectification item for the year or a disposal (不合格 needs one).
pub fn validate_grading(g: &Grading, today: NaiveDate, has_remedy: bool) -> Result<(), Vec<FieldError>> {
    let mut e = Errors::default();
    e.text(field::PUBLIC_OPINION, &g.public_opinion, false, 500);
    e.text(field::OPINION, &g.opinion, false, 500);
    for (f, d) in [(field::SELF_ASSESSED, g.self_assessed), (field::FEEDBACK_ON, g.feedback_on)] {
        if let Some(d) = d {
            if d > today {
                e.add(f, Problem::AfterToday);
            } else if d.year() < g.year {
                e.rule(f, "不能早于评议年度", "cannot be before the evaluation year");
            }
        }
    }
    if g.grade == Some(Grade::Unqualified) {
        if g.opinion.trim().is_empty() {
            e.rule(field::OPINION, "评为不合格须填写综合评议意见", "an unqualified grade needs the overall opinion");
        }
        if !has_remedy {
            e.rule(
                field::GRADE,
                "评为不合格须有整改事项或组织处置（先按 r 添加整改事项）",
                "an unqualified grade needs a rectification item or a disposal (add one with r first)",
            );
        }
    }
    e.finish()
}

/// 整改 items (A11), tied to a member and an evaluation year.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rectification {
    pub id: i64,
    pub member_id: i64,
    pub year: i32,
    pub item: String,
    pub due: NaiveDate,
    pub done: Option<NaiveDate>,
}

/// Checks an item: text given, due not before the round, done not after today.
pub fn validate_rectification(r: &Rectification, round: &Round, today: NaiveDate) -> Result<(), Vec<FieldError>> {
    let mut e = Errors::default();
    e.text(field::RECT_ITEM, &r.item, true, 200);
    if r.due < round.start() {
        e.add(
            field::RECT_DUE,
            Problem::Text {
                zh: format!("整改期限不能早于评议开始（{}）", fmt(round.start())),
                en: format!("the due date cannot be before the round starts ({})", fmt(round.start())),
            },
        );
    }
    if let Some(done) = r.done {
        if done > today {
            e.add(field::RECT_DONE, Problem::AfterToday);
        } else if done < round.start() {
            e.rule(field::RECT_DONE, "完成日期不能早于评议开始", "cannot be before the round starts");
        }
    }
    e.finish()
}

/// A 谈心谈话 (A14, 第十九条).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Talk {
    pub id: i64,
    pub date: NaiveDate,
    pub kind: TalkKind,
    pub members: Vec<i64>,
    pub topic: String,
    pub notes: String,
}

/// Checks a talk: two or more members, all in the branch that day, not after today.
pub fn validate_talk(t: &Talk, members: &[&Member], today: NaiveDate) -> Result<(), Vec<FieldError>> {
    let mut e = Errors::default();
    if t.date > today {
        e.add(field::TALK_DATE, Problem::AfterToday);
    }
    let mut ids = t.members.clone();
    ids.sort_unstable();
    ids.dedup();
    if ids.len() < 2 {
        e.rule(field::TALK_MEMBERS, "谈话至少要有两名党员", "a talk needs two or more members");
    } else if members.iter().any(|m| !m.in_branch_on(t.date)) {
        e.rule(field::TALK_MEMBERS, "有参加人当日不在本支部", "someone was not in the branch on that day");
    }
    e.text(field::TALK_TOPIC, &t.topic, true, 100);
    e.text(field::TALK_NOTES, &t.notes, false, 2000);
    e.finish()
}

/// Whether a talk counts for `member`'s yearly talk (第十九条): the member took part with a
/// committee member (书记 or 委员), or is a committee member and talked with anyone. `posts`
/// says who held a post on the talk's day (see [`Posts`]).
pub fn talk_counts_for(member: i64, participants: &[i64], posts: &dyn Fn(i64) -> bool) -> bool {
    participants.contains(&member)
        && participants.len() >= 2
        && (posts(member) || participants.iter().any(|&p| p != member && posts(p)))
}

/// One change in the change log between holding a committee post (书记, 副书记, 委员) and
/// holding none, on the day `on`: `before` and `after` say whether one was held.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PostChange {
    pub on: NaiveDate,
    pub before: bool,
    pub after: bool,
}

/// What the change log says of one member's committee posts: the changes between holding one
/// and holding none (oldest first), and the day of the member's first change-log row (before
/// it the log knows nothing of them). Only members with such changes have one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PostHistory {
    pub logged_from: NaiveDate,
    pub changes: Vec<PostChange>,
}

impl PostHistory {
    /// Whether the member held a post on `day`; `now` says whether their record holds one
    /// (the last known state). A day with a change counts either way (the log does not say
    /// whether the talk came before the edit). Before the log, it says less: a post held then
    /// as far as the log shows (its first state) or held now.
    pub fn held_on(&self, day: NaiveDate, now: bool) -> bool {
        let Some(first) = self.changes.first() else { return now };
        if day < self.logged_from {
            return first.before || now;
        }
        if first.before && day <= first.on {
            return true;
        }
        self.changes
            .iter()
            .enumerate()
            .any(|(i, c)| c.after && c.on <= day && self.changes.get(i + 1).is_none_or(|next| day <= next.on))
    }
}

/// Who held a committee post on a given day (第十九条 asks for a talk with the secretary or a
/// committee member of the day, not of today): the members' records (now) with the change
/// log's history of posts.
pub struct Posts<'a> {
    now: IdSet<i64>,
    history: &'a IdMap<i64, PostHistory>,
}

impl<'a> Posts<'a> {
    /// `members`: every member, archived ones too (a secretary who left held the post then).
    pub fn new(members: &[Member], history: &'a IdMap<i64, PostHistory>) -> Posts<'a> {
        Posts { now: members.iter().filter(|m| m.is_committee()).map(|m| m.id).collect(), history }
    }

    pub fn held_on(&self, id: i64, day: NaiveDate) -> bool {
        let now = self.now.contains(&id);
        self.history.get(&id).map_or(now, |h| h.held_on(day, now))
    }

    /// Members who had their yearly talk in `year` (第十九条) among `talks` (date, participants).
    pub fn talked_in(&self, year: i32, talks: &[(NaiveDate, Vec<i64>)]) -> IdSet<i64> {
        let mut out = IdSet::default();
        for (day, who) in talks.iter().filter(|(d, _)| d.year() == year) {
            let posts = |id: i64| self.held_on(id, *day);
            for &p in who {
                if talk_counts_for(p, who, &posts) {
                    out.insert(p);
                }
            }
        }
        out
    }
}

/// A 组织处置 step (domain.md §3(c) "Disposal").
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Disposal {
    pub id: i64,
    pub member_id: i64,
    pub kind: DisposalKind,
    pub decided_on: NaiveDate,
    pub decided_by: DecisionBody,
    /// 上级批准.
    pub approved_on: Option<NaiveDate>,
    /// 限期改正 only: at most a year after the decision ([JY]30).
    pub deadline: Option<NaiveDate>,
    pub outcome: String,
    pub outcome_on: Option<NaiveDate>,
}

impl Disposal {
    /// Whether recording it archives the member (除名 or 停止党籍 approved above).
    pub fn archive_date(&self) -> Option<NaiveDate> {
        if self.kind.archives() { self.approved_on } else { None }
    }
}

/// The longest 限期改正 ([JY]30: "限期改正时间不超过1年").
pub const CORRECTION_MAX_MONTHS: u32 = 12;

/// Checks a disposal step: dates in order and not after today, the deadline of a 限期改正.
pub fn validate_disposal(d: &Disposal, member: &Member, today: NaiveDate) -> Result<(), Vec<FieldError>> {
    let mut e = Errors::default();
    if d.decided_on > today {
        e.add(field::DISPOSAL_DECIDED, Problem::AfterToday);
    } else if !member.in_branch_on(d.decided_on) {
        e.rule(field::DISPOSAL_DECIDED, "该党员当日不在本支部", "the member was not in the branch on that day");
    }
    if let Some(a) = d.approved_on {
        if a > today {
            e.add(field::DISPOSAL_APPROVED, Problem::AfterToday);
        } else if a < d.decided_on {
            e.rule(field::DISPOSAL_APPROVED, "批准日期不能早于决定日期", "approval cannot be before the decision");
        }
    }
    match (d.kind, d.deadline) {
        (DisposalKind::CorrectionDeadline, None) => e.add(field::DISPOSAL_DEADLINE, Problem::Required),
        (DisposalKind::CorrectionDeadline, Some(dl)) => {
            if dl <= d.decided_on {
                e.rule(field::DISPOSAL_DEADLINE, "期限应晚于决定日期", "the deadline must be after the decision");
            } else if dl > add_months(d.decided_on, CORRECTION_MAX_MONTHS) {
                e.add(
                    field::DISPOSAL_DEADLINE,
                    Problem::Text {
                        zh: format!(
                            "限期改正不超过 1 年，最迟 {}",
                            fmt(add_months(d.decided_on, CORRECTION_MAX_MONTHS))
                        ),
                        en: format!(
                            "a correction deadline is at most a year, i.e. by {}",
                            fmt(add_months(d.decided_on, CORRECTION_MAX_MONTHS))
                        ),
                    },
                );
            }
        }
        (_, Some(_)) => e.rule(field::DISPOSAL_DEADLINE, "只有限期改正有期限", "only a correction deadline has one"),
        (_, None) => {}
    }
    if d.kind.archives() && d.decided_by != DecisionBody::GeneralMeeting {
        e.rule(field::DISPOSAL_DECIDED, "除名、停止党籍须由支部党员大会决定", "a general meeting decides this step");
    }
    e.text(field::DISPOSAL_OUTCOME, &d.outcome, false, 200);
    if let Some(o) = d.outcome_on {
        if o > today {
            e.add(field::DISPOSAL_OUTCOME_ON, Problem::AfterToday);
        } else if o < d.decided_on {
            e.rule(field::DISPOSAL_OUTCOME_ON, "不能早于决定日期", "cannot be before the decision");
        }
    }
    e.finish()
}

/// A 表彰 (seed D2). `member_id` is `None` for the branch's own title.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Commendation {
    pub id: i64,
    pub year: i32,
    pub member_id: Option<i64>,
    pub title: CommendationTitle,
    /// Who awarded it (街道党工委, 区委, ...).
    pub level: String,
    pub date: NaiveDate,
}

pub fn validate_commendation(c: &Commendation, today: NaiveDate) -> Result<(), Vec<FieldError>> {
    let mut e = Errors::default();
    e.text(field::COMMEND_LEVEL, &c.level, true, 30);
    if c.date > today {
        e.add(field::COMMEND_DATE, Problem::AfterToday);
    }
    match (c.title, c.member_id) {
        (CommendationTitle::AdvancedOrg, Some(_)) => e.rule(
            field::COMMEND_MEMBER,
            "先进基层党组织是支部的表彰，不填党员",
            "this title is the branch's; no member",
        ),
        (CommendationTitle::ExcellentMember | CommendationTitle::ExcellentWorker, None) => {
            e.add(field::COMMEND_MEMBER, Problem::Required)
        }
        _ => {}
    }
    e.finish()
}

/// A 党性分析评议 campaign (A9), arranged above.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Campaign {
    pub id: i64,
    pub year: i32,
    pub arranged_by: String,
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// Closed campaigns raise no findings.
    pub closed: bool,
}

pub fn validate_campaign(c: &Campaign) -> Result<(), Vec<FieldError>> {
    let mut e = Errors::default();
    e.text(field::CAMPAIGN_BY, &c.arranged_by, true, 60);
    if c.to < c.from {
        e.rule(field::CAMPAIGN_TO, "结束日期不能早于开始日期", "the end cannot be before the start");
    }
    e.finish()
}

/// One member's checklist in a campaign (A10-A11).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CampaignEntry {
    pub member_id: i64,
    /// 党性分析材料 submitted.
    pub material_on: Option<NaiveDate>,
    /// 谈心交心 held.
    pub talked: bool,
    /// Analysed at the 专题组织生活会.
    pub analysed: bool,
    pub opinion: String,
    pub rectification: String,
    pub notice_on: Option<NaiveDate>,
}

impl CampaignEntry {
    pub fn complete(&self) -> bool {
        self.material_on.is_some() && self.analysed
    }
}

/// The rules of this module (the 评议 tab owns their findings).
pub fn is_evaluation_rule(rule: RuleId) -> bool {
    matches!(
        rule,
        RuleId::DemocraticEvaluation
            | RuleId::Rectification
            | RuleId::HeartTalk
            | RuleId::PartySpiritAnalysis
            | RuleId::CorrectionDeadline
    )
}

/// The findings the 评议 tab acts on: its own, and the six-month rule ([DZ]9, [JY]31), whose
/// next step is a 组织处置 record (a finding never changes a status by itself, domain.md §5).
pub fn owned_by_evaluation(rule: RuleId) -> bool {
    is_evaluation_rule(rule) || rule == RuleId::OrgLifeLapse
}

/// What the 评议 rules read.
pub struct EvalFacts<'a> {
    /// Members as recorded (see `Member::as_recorded_from`).
    pub members: &'a [Member],
    /// (member, year) pairs that have a grade.
    pub graded: &'a IdSet<(i64, i32)>,
    /// Open rectification items (no done date).
    pub open_items: &'a [Rectification],
    /// Talks of the years still reported (`talk_years`): (date, participants).
    pub talks: &'a [(NaiveDate, Vec<i64>)],
    /// The change log's history of committee posts, for the members whose posts changed.
    pub posts: &'a IdMap<i64, PostHistory>,
    /// Open 限期改正 steps (no outcome date).
    pub corrections: &'a [Disposal],
    /// Open campaigns with their entries.
    pub campaigns: &'a [(Campaign, Vec<CampaignEntry>)],
}

/// Every 评议 finding as of `today`.
pub fn findings(f: &EvalFacts, today: NaiveDate, s: &Settings) -> Vec<Finding> {
    let mut out = Vec::new();
    evaluation_findings(f, today, s, &mut out);
    rectification_findings(f, today, s, &mut out);
    talk_findings(f, today, s, &mut out);
    correction_findings(f, today, s, &mut out);
    campaign_findings(f, today, s, &mut out);
    drop_archived(&mut out, f.members, today);
    out
}

/// docs/rules.md 通用约定 (domain.md §5): a member archived (转出、去世、其他) raises nothing from
/// the archive day on. The one filter of this rule for findings of every kind: `Service::overdue`
/// runs it over all of them (meetings and study, dues, pledges and service, 评议, members away;
/// `rules::findings` keeps no filter of its own), and [`findings`] over its own, which
/// `Service::evaluation_overdue` returns alone.
pub fn drop_archived(findings: &mut Vec<Finding>, members: &[Member], today: NaiveDate) {
    let gone: IdSet<i64> = members.iter().filter(|m| m.gone_by(today)).map(|m| m.id).collect();
    if !gone.is_empty() {
        findings.retain(|f| !matches!(f.subject, Subject::Member(id) if gone.contains(&id)));
    }
}

/// The years a yearly item due on `deadline(year)` (plus `grace` days) may still be reported on
/// `today`: this year, and each earlier year until one is more than a year overdue ("逾期满一年以后
/// 不再提醒"). With a deadline in the next year (an 01-31 cutoff) that can be the year before last.
fn open_years(today: NaiveDate, grace: u32, deadline: impl Fn(i32) -> NaiveDate) -> std::ops::RangeInclusive<i32> {
    super::rules::open_years(today, |y| deadline(y) + Duration::days(grace.into()))
}

/// Whether an item overdue after `due` has been overdue for more than a year on `today`.
fn past_a_year(due: NaiveDate, today: NaiveDate) -> bool {
    due < today - Duration::days(365)
}

/// The years whose missing grades may be reported on `today` (see [`open_years`]); the service
/// reads the grades from the first.
pub fn evaluation_years(today: NaiveDate, s: &Settings) -> std::ops::RangeInclusive<i32> {
    open_years(today, s.grace_days, |y| s.org_life_deadline(y))
}

/// The years whose missing talks may be reported on `today` (due 31 December; see
/// [`open_years`]); the service reads the talks from the first.
pub fn talk_years(today: NaiveDate, s: &Settings) -> std::ops::RangeInclusive<i32> {
    open_years(today, s.grace_days, year_end)
}

fn member_name<'a>(f: &EvalFacts<'a>, id: i64) -> Option<&'a Member> {
    f.members.iter().find(|m| m.id == id)
}

/// Members still in the branch today (archived members raise nothing, domain.md §5).
fn active<'a>(f: &EvalFacts<'a>, today: NaiveDate) -> impl Iterator<Item = &'a Member> {
    f.members.iter().filter(move |m| m.in_branch_on(today))
}

/// Overdue after `deadline` (+ grace), due soon within `warn` days before it and through the
/// grace days (`rules::timing`: a due-soon finding never carries a day already past).
fn severity(deadline: NaiveDate, today: NaiveDate, grace: u32, warn: u32) -> Option<(Severity, NaiveDate)> {
    super::rules::timing(deadline, today, grace, warn)
}

/// A8, 第十八条: every full member has a grade for year N by the 组织生活会 cutoff.
fn evaluation_findings(f: &EvalFacts, today: NaiveDate, s: &Settings, out: &mut Vec<Finding>) {
    for year in evaluation_years(today, s) {
        let deadline = s.org_life_deadline(year);
        let Some((sev, due)) = severity(deadline, today, s.grace_days, s.yearly_warn_days) else { continue };
        // An earlier round is asked for only until its deadline is a year past.
        if past_a_year(due, today) {
            continue;
        }
        for m in active(f, today) {
            // Graded members who were in the branch at the year's end (or today, if earlier).
            if standing(m, year) != Some(Standing::Graded) || !m.in_branch_on(year_end(year).min(today)) {
                continue;
            }
            if f.graded.contains(&(m.id, year)) {
                continue;
            }
            let name = &m.draft.name;
            out.push(Finding {
                rule: RuleId::DemocraticEvaluation,
                severity: sev,
                subject: Subject::Member(m.id),
                due,
                period: Some(super::period::Period::year(year)),
                zh: format!("{name} {year}年民主评议尚未评定等次（截止 {}）", fmt(deadline)),
                en: format!("{name}: no {year} evaluation grade yet (due {})", fmt(deadline)),
            });
        }
    }
}

/// A11: 整改 items past their due date.
fn rectification_findings(f: &EvalFacts, today: NaiveDate, s: &Settings, out: &mut Vec<Finding>) {
    for r in f.open_items.iter().filter(|r| r.done.is_none()) {
        let Some(m) = member_name(f, r.member_id).filter(|m| m.in_branch_on(today)) else { continue };
        let Some((sev, due)) = severity(r.due, today, 0, s.warn_days) else { continue };
        out.push(Finding {
            rule: RuleId::Rectification,
            severity: sev,
            subject: Subject::Member(m.id),
            due,
            period: None,
            zh: format!("{} 整改事项“{}”期限 {}，尚未完成", m.draft.name, r.item, fmt(r.due)),
            en: format!("{}: rectification \"{}\" due {}, not done", m.draft.name, r.item, fmt(r.due)),
        });
    }
}

/// 第十九条: each member has a talk with the secretary or a committee member every year.
fn talk_findings(f: &EvalFacts, today: NaiveDate, s: &Settings, out: &mut Vec<Finding>) {
    // Every post (书记, 副书记, 委员) is a committee member; who held one on the talk's day.
    let posts = Posts::new(f.members, f.posts);
    for year in talk_years(today, s) {
        let Some((sev, due)) = severity(year_end(year), today, s.grace_days, s.yearly_warn_days) else { continue };
        if past_a_year(due, today) {
            continue;
        }
        let talked = posts.talked_in(year, f.talks);
        for m in active(f, today) {
            if !in_branch_during(m, year) || super::rules::joined_too_late(m, year) || talked.contains(&m.id) {
                continue;
            }
            let name = &m.draft.name;
            out.push(Finding {
                rule: RuleId::HeartTalk,
                severity: sev,
                subject: Subject::Member(m.id),
                due,
                period: Some(super::period::Period::year(year)),
                zh: format!("{name} {year}年没有与书记或支委的谈心谈话记录"),
                en: format!("{name}: no talk with the secretary or a committee member in {year}"),
            });
        }
    }
}

/// [JY]30: a 限期改正 past its deadline with no outcome.
fn correction_findings(f: &EvalFacts, today: NaiveDate, s: &Settings, out: &mut Vec<Finding>) {
    for d in f.corrections.iter().filter(|d| d.kind == DisposalKind::CorrectionDeadline && d.outcome_on.is_none()) {
        let (Some(deadline), Some(m)) = (d.deadline, member_name(f, d.member_id)) else { continue };
        if !m.in_branch_on(today) {
            continue;
        }
        let Some((sev, due)) = severity(deadline, today, 0, s.warn_days) else { continue };
        out.push(Finding {
            rule: RuleId::CorrectionDeadline,
            severity: sev,
            subject: Subject::Member(m.id),
            due,
            period: None,
            zh: format!("{} 限期改正 {} 到期，尚未记录结果", m.draft.name, fmt(deadline)),
            en: format!("{}: correction deadline {}, no outcome recorded", m.draft.name, fmt(deadline)),
        });
    }
}

/// A9-A10: while a campaign is open, members lacking material or the analysis at its end.
fn campaign_findings(f: &EvalFacts, today: NaiveDate, s: &Settings, out: &mut Vec<Finding>) {
    for (c, entries) in f.campaigns.iter().filter(|(c, _)| !c.closed) {
        let Some((sev, due)) = severity(c.to, today, s.grace_days, s.warn_days) else { continue };
        for m in active(f, today).filter(|m| m.in_branch_on(c.from.max(c.to.min(today)))) {
            let entry = entries.iter().find(|e| e.member_id == m.id);
            if entry.is_some_and(CampaignEntry::complete) {
                continue;
            }
            let lacks_material = entry.is_none_or(|e| e.material_on.is_none());
            let (zh, en) = if lacks_material {
                ("未交党性分析材料", "no party-spirit analysis material")
            } else {
                ("未在专题组织生活会上分析评议", "not analysed at the org-life meeting")
            };
            out.push(Finding {
                rule: RuleId::PartySpiritAnalysis,
                severity: sev,
                subject: Subject::Member(m.id),
                due,
                period: None,
                zh: format!("{} {}年党性分析评议：{zh}（{} 结束）", m.draft.name, c.year, fmt(c.to)),
                en: format!("{}: {} party-spirit analysis: {en} (ends {})", m.draft.name, c.year, fmt(c.to)),
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::member::{Archive, ArchiveReason, MemberStatus, PartyPost};
    use crate::domain::period::Period;
    use crate::domain::testing::{d, member};

    fn probationary(id: i64) -> Member {
        let mut m = member(id);
        m.draft.status = MemberStatus::Probationary;
        m.draft.admission_date = d(2026, 3, 1);
        m.draft.conversion_date = None;
        m
    }

    fn check<'a>(m: &'a Member, graded: usize, excellent: usize) -> GradeCheck<'a> {
        GradeCheck { member: m, year: 2026, today: d(2026, 11, 28), graded, excellent_others: excellent, cap: (1, 3) }
    }

    #[test]
    fn the_cap_setting_is_a_fraction_up_to_one() {
        use crate::domain::settings::parse_share;
        assert_eq!(parse_share("1/3"), Some((1, 3)));
        assert_eq!(parse_share(" 0 / 3 "), Some((0, 3)));
        assert_eq!(parse_share("3/3"), Some((3, 3)));
        for bad in ["4/3", "1/0", "1/101", "a/b", "1", ""] {
            assert_eq!(parse_share(bad), None, "{bad}");
        }
    }

    #[test]
    fn cap_is_a_third_rounded_down() {
        assert_eq!(excellent_cap(38, (1, 3)), 12);
        assert_eq!(excellent_cap(30, (1, 3)), 10);
        assert_eq!(excellent_cap(2, (1, 3)), 0);
        assert_eq!(excellent_cap(0, (1, 3)), 0);
    }

    #[test]
    fn excellent_beyond_the_cap_is_refused_with_the_count() {
        let m = member(1);
        assert!(validate_grade(&check(&m, 30, 9), Some(Grade::Excellent)).is_ok(), "the 10th of 30");
        let err = validate_grade(&check(&m, 30, 10), Some(Grade::Excellent)).unwrap_err();
        assert!(err[0].problem.text(crate::domain::lang::Lang::Zh).contains("优秀已有 10 人"));
        assert!(validate_grade(&check(&m, 30, 10), Some(Grade::Qualified)).is_ok());
    }

    #[test]
    fn probationary_and_archived_members_get_no_grade() {
        let p = probationary(2);
        assert_eq!(standing(&p, 2026), Some(Standing::Probationary));
        assert!(validate_grade(&check(&p, 30, 0), Some(Grade::Qualified)).is_err());
        assert!(validate_grade(&check(&p, 30, 0), None).is_ok(), "clearing is fine");
        let mut a = member(3);
        a.archive = Some(Archive { reason: ArchiveReason::TransferredOut, date: d(2026, 6, 30), note: String::new() });
        assert!(validate_grade(&check(&a, 30, 0), Some(Grade::Qualified)).is_err());
    }

    #[test]
    fn converted_by_the_years_last_day_is_graded() {
        let mut m = probationary(4);
        m.draft.status = MemberStatus::Full;
        m.draft.conversion_date = Some(d(2026, 12, 31));
        assert_eq!(standing(&m, 2026), Some(Standing::Graded));
        m.draft.conversion_date = Some(d(2027, 1, 1));
        assert_eq!(standing(&m, 2026), Some(Standing::Probationary));
    }

    #[test]
    fn unqualified_needs_an_opinion_and_a_remedy() {
        let mut g = Grading::new(1, 2026);
        g.grade = Some(Grade::Unqualified);
        let e = validate_grading(&g, d(2026, 11, 28), false).unwrap_err();
        assert_eq!(e.len(), 2);
        g.opinion = "长期不参加组织生活".into();
        assert!(validate_grading(&g, d(2026, 11, 28), false).is_err());
        assert!(validate_grading(&g, d(2026, 11, 28), true).is_ok());
    }

    #[test]
    fn rectification_not_due_before_the_round() {
        let mut round = Round::new(2026);
        round.self_review = Some(d(2026, 11, 10));
        let mut r = Rectification {
            id: 0,
            member_id: 1,
            year: 2026,
            item: "按时参加组织生活".into(),
            due: d(2026, 11, 9),
            done: None,
        };
        assert!(validate_rectification(&r, &round, d(2026, 11, 28)).is_err());
        r.due = d(2026, 11, 10);
        assert!(validate_rectification(&r, &round, d(2026, 11, 28)).is_ok());
        r.done = Some(d(2026, 11, 29));
        assert!(validate_rectification(&r, &round, d(2026, 11, 28)).is_err(), "done after today");
    }

    #[test]
    fn round_steps_in_order() {
        let mut r = Round::new(2026);
        r.self_review = Some(d(2026, 11, 10));
        r.peer_review = Some(d(2026, 11, 9));
        assert!(validate_round(&r, d(2026, 11, 28)).is_err());
        r.peer_review = Some(d(2026, 11, 10));
        assert!(validate_round(&r, d(2026, 11, 28)).is_ok());
        r.notice = Some(d(2026, 11, 29));
        assert!(validate_round(&r, d(2026, 11, 28)).is_err());
    }

    fn disposal(kind: DisposalKind, decided: NaiveDate, deadline: Option<NaiveDate>) -> Disposal {
        Disposal {
            id: 0,
            member_id: 1,
            kind,
            decided_on: decided,
            decided_by: DecisionBody::GeneralMeeting,
            approved_on: None,
            deadline,
            outcome: String::new(),
            outcome_on: None,
        }
    }

    #[test]
    fn correction_deadline_at_most_a_year_leap_day_clamped() {
        let m = member(1);
        let today = d(2026, 11, 28);
        let ok = disposal(DisposalKind::CorrectionDeadline, d(2024, 2, 29), Some(d(2025, 2, 28)));
        assert!(validate_disposal(&ok, &m, today).is_ok());
        let long = disposal(DisposalKind::CorrectionDeadline, d(2024, 2, 29), Some(d(2025, 3, 1)));
        assert!(validate_disposal(&long, &m, today).is_err());
        let none = disposal(DisposalKind::CorrectionDeadline, d(2026, 1, 5), None);
        assert!(validate_disposal(&none, &m, today).is_err());
        let crit = disposal(DisposalKind::Criticism, d(2026, 1, 5), Some(d(2026, 6, 1)));
        assert!(validate_disposal(&crit, &m, today).is_err(), "only 限期改正 has a deadline");
    }

    #[test]
    fn removal_archives_only_once_approved() {
        let mut r = disposal(DisposalKind::Removed, d(2026, 9, 1), None);
        assert_eq!(r.archive_date(), None);
        r.approved_on = Some(d(2026, 10, 8));
        assert_eq!(r.archive_date(), Some(d(2026, 10, 8)));
        let mut c = disposal(DisposalKind::CorrectionDeadline, d(2026, 9, 1), Some(d(2027, 3, 1)));
        c.approved_on = Some(d(2026, 10, 8));
        assert_eq!(c.archive_date(), None);
    }

    #[test]
    fn talk_counts_with_a_committee_member() {
        let posts = |id: i64| id == 1;
        assert!(talk_counts_for(2, &[1, 2], &posts));
        assert!(talk_counts_for(1, &[1, 2], &posts), "the secretary talked with a member");
        assert!(!talk_counts_for(2, &[2, 3], &posts), "two ordinary members");
        assert!(!talk_counts_for(4, &[1, 2], &posts), "not a participant");
    }

    struct World {
        members: Vec<Member>,
        graded: IdSet<(i64, i32)>,
        items: Vec<Rectification>,
        talks: Vec<(NaiveDate, Vec<i64>)>,
        posts: IdMap<i64, PostHistory>,
        corrections: Vec<Disposal>,
        campaigns: Vec<(Campaign, Vec<CampaignEntry>)>,
    }

    impl World {
        fn new() -> World {
            // Records kept from 2026: nothing is asked of 2025.
            let mut members = vec![member(1), member(2), member(3)];
            for m in &mut members {
                m.draft.joined_on = Some(d(2026, 1, 1));
            }
            members[0].draft.posts = vec![PartyPost::Secretary];
            World {
                members,
                graded: IdSet::default(),
                items: vec![],
                talks: vec![],
                posts: IdMap::default(),
                corrections: vec![],
                campaigns: vec![],
            }
        }
        fn run(&self, today: NaiveDate) -> Vec<Finding> {
            self.run_with(today, &Settings::default())
        }
        fn run_with(&self, today: NaiveDate, s: &Settings) -> Vec<Finding> {
            let f = EvalFacts {
                members: &self.members,
                graded: &self.graded,
                open_items: &self.items,
                talks: &self.talks,
                posts: &self.posts,
                corrections: &self.corrections,
                campaigns: &self.campaigns,
            };
            findings(&f, today, s)
        }
        fn of(&self, today: NaiveDate, rule: RuleId) -> Vec<(Severity, Subject)> {
            self.run(today).into_iter().filter(|f| f.rule == rule).map(|f| (f.severity, f.subject)).collect()
        }
    }

    #[test]
    fn missing_grades_due_soon_in_december_overdue_after_the_cutoff() {
        let mut w = World::new();
        assert!(w.of(d(2026, 11, 30), RuleId::DemocraticEvaluation).is_empty(), "more than 30 days before");
        assert_eq!(w.of(d(2026, 12, 1), RuleId::DemocraticEvaluation).len(), 3);
        assert!(w.of(d(2026, 12, 31), RuleId::DemocraticEvaluation).iter().all(|f| f.0 == Severity::DueSoon));
        let jan = w.of(d(2027, 1, 1), RuleId::DemocraticEvaluation);
        assert_eq!(jan.len(), 3);
        assert!(jan.iter().all(|f| f.0 == Severity::Overdue));
        w.graded.insert((2, 2026));
        assert_eq!(w.of(d(2027, 1, 1), RuleId::DemocraticEvaluation).len(), 2);
        // A probationary member is not asked for a grade.
        w.members.push(probationary(9));
        assert_eq!(w.of(d(2027, 1, 1), RuleId::DemocraticEvaluation).len(), 2);
    }

    #[test]
    fn archived_members_raise_nothing() {
        let mut w = World::new();
        w.members[2].archive =
            Some(Archive { reason: ArchiveReason::Deceased, date: d(2026, 12, 20), note: String::new() });
        assert_eq!(w.of(d(2027, 1, 1), RuleId::DemocraticEvaluation).len(), 2);
        assert_eq!(w.of(d(2027, 1, 1), RuleId::HeartTalk).len(), 2);
    }

    #[test]
    fn heart_talk_with_the_secretary_clears_both() {
        let mut w = World::new();
        w.talks.push((d(2026, 5, 6), vec![1, 2]));
        let due = w.of(d(2026, 12, 15), RuleId::HeartTalk);
        assert_eq!(due, vec![(Severity::DueSoon, Subject::Member(3))]);
        let over = w.of(d(2027, 1, 1), RuleId::HeartTalk);
        assert_eq!(over, vec![(Severity::Overdue, Subject::Member(3))]);
        // A talk between two ordinary members does not count.
        w.talks.push((d(2026, 6, 1), vec![2, 3]));
        assert_eq!(w.of(d(2027, 1, 1), RuleId::HeartTalk).len(), 1);
    }

    #[test]
    fn heart_talk_not_asked_of_a_december_join() {
        let mut w = World::new();
        w.talks.push((d(2026, 5, 6), vec![1, 2, 3]));
        let mut late = member(7);
        // Joined 2026-12-10: the 2026 talk is not asked of them.
        late.draft.joined_on = Some(d(2026, 12, 10));
        w.members.push(late);
        assert!(w.of(d(2027, 1, 1), RuleId::HeartTalk).is_empty());
    }

    /// 第十九条 / docs/rules.md heart_talk: a talk counts when the member talked with a member
    /// who held a party post. The secretary who held the talks in May left the branch in
    /// November (a new secretary took over): the talks were still with the secretary of the
    /// day, so neither member may be reported as having had no talk in 2026.
    #[test]
    fn heart_talk_with_a_secretary_who_left_still_counts() {
        let mut w = World::new();
        w.talks.push((d(2026, 5, 6), vec![1, 2]));
        w.talks.push((d(2026, 5, 7), vec![1, 3]));
        assert!(w.of(d(2027, 1, 1), RuleId::HeartTalk).is_empty(), "both talked with the secretary");
        w.members[0].archive =
            Some(Archive { reason: ArchiveReason::TransferredOut, date: d(2026, 11, 1), note: String::new() });
        let mut new_secretary = member(4);
        new_secretary.draft.joined_on = Some(d(2026, 1, 1));
        new_secretary.draft.posts = vec![PartyPost::Secretary];
        w.members.push(new_secretary);
        let red = w.of(d(2027, 1, 1), RuleId::HeartTalk);
        assert!(
            !red.contains(&(Severity::Overdue, Subject::Member(2)))
                && !red.contains(&(Severity::Overdue, Subject::Member(3))),
            "talks with the then secretary reported as missing: {red:?}"
        );
    }

    /// docs/rules.md 通用约定: "已归档的党员 ... 自归档之日起不再产生任何提醒" (`drop_archived`
    /// drops them from the archive day). Transferred out on 5 January 2027, a member is not red on
    /// that day for 2026's talk and grade.
    #[test]
    fn nothing_on_the_archive_day() {
        let mut w = World::new();
        w.members[2].archive =
            Some(Archive { reason: ArchiveReason::TransferredOut, date: d(2027, 1, 5), note: String::new() });
        let about_3: Vec<_> = w
            .run(d(2027, 1, 5))
            .into_iter()
            .filter(|f| f.subject == Subject::Member(3))
            .map(|f| (f.rule, f.severity))
            .collect();
        assert!(about_3.is_empty(), "findings about a member archived today: {about_3:?}");
    }

    /// docs/rules.md democratic_evaluation: "上一年的评议在逾期满一年以后不再提醒". With the
    /// cutoff 01-31, 2025's grades were due 2026-01-31 and overdue from 2026-02-01; on
    /// 2027-01-15 that is less than a year, so the missing 2025 grade is still reported (it
    /// vanished when only last year and this year were looked at).
    #[test]
    fn a_missing_grade_stays_a_full_year_with_a_cutoff_in_the_next_year() {
        let mut w = World::new();
        for m in &mut w.members {
            m.draft.joined_on = Some(d(2025, 1, 1));
        }
        for id in 1..=3 {
            w.graded.insert((id, 2026));
        }
        let f = EvalFacts {
            members: &w.members,
            graded: &w.graded,
            open_items: &w.items,
            talks: &w.talks,
            posts: &w.posts,
            corrections: &w.corrections,
            campaigns: &w.campaigns,
        };
        let s = Settings { org_life_cutoff: (1, 31), ..Settings::default() };
        let overdue_2025 = |today| {
            findings(&f, today, &s)
                .into_iter()
                .filter(|x| {
                    x.rule == RuleId::DemocraticEvaluation && x.period == Some(super::super::period::Period::year(2025))
                })
                .count()
        };
        assert_eq!(overdue_2025(d(2026, 12, 31)), 3, "overdue since 2026-02-01");
        assert_eq!(overdue_2025(d(2027, 1, 15)), 3, "less than a year after 2026-02-01");
    }

    /// The last day of that year of overdue, and the day after; a grace period moves both.
    #[test]
    fn a_missing_grade_from_the_year_before_last_ends_a_year_after_its_deadline() {
        let mut w = World::new();
        for m in &mut w.members {
            m.draft.joined_on = Some(d(2025, 1, 1));
        }
        for id in 1..=3 {
            w.graded.insert((id, 2026));
            w.graded.insert((id, 2027));
        }
        let of_2025 = |w: &World, today, s: &Settings| {
            w.run_with(today, s)
                .into_iter()
                .filter(|x| x.rule == RuleId::DemocraticEvaluation && x.period == Some(Period::year(2025)))
                .count()
        };
        let s = Settings { org_life_cutoff: (1, 31), ..Settings::default() };
        assert_eq!(of_2025(&w, d(2026, 1, 31), &s), 3, "due soon on the cutoff");
        assert_eq!(of_2025(&w, d(2027, 1, 31), &s), 3, "365 days after the deadline");
        assert_eq!(of_2025(&w, d(2027, 2, 1), &s), 0, "a year overdue");
        let late = Settings { grace_days: 10, ..s.clone() };
        assert_eq!(of_2025(&w, d(2027, 2, 10), &late), 3);
        assert_eq!(of_2025(&w, d(2027, 2, 11), &late), 0);
        // The latest cutoff (06-30 of the next year) reaches into the year after next.
        let june = Settings { org_life_cutoff: (6, 30), ..Settings::default() };
        assert_eq!(of_2025(&w, d(2027, 6, 30), &june), 3);
        assert_eq!(of_2025(&w, d(2027, 7, 1), &june), 0);
        // The default 12-31: last year only.
        assert_eq!(of_2025(&w, d(2026, 12, 31), &Settings::default()), 3);
        assert_eq!(of_2025(&w, d(2027, 1, 1), &Settings::default()), 0);
    }

    /// A grace period moves a missing talk's year of overdue past the next 1 January too.
    #[test]
    fn a_missing_talk_with_grace_days_stays_into_the_year_after_next() {
        let mut w = World::new();
        for m in &mut w.members {
            m.draft.joined_on = Some(d(2025, 1, 1));
        }
        w.talks.push((d(2026, 5, 6), vec![1, 2, 3]));
        let s = Settings { grace_days: 30, ..Settings::default() };
        let of_2025 = |today| {
            w.run_with(today, &s)
                .into_iter()
                .filter(|x| x.rule == RuleId::HeartTalk && x.period == Some(Period::year(2025)))
                .count()
        };
        assert_eq!(of_2025(d(2026, 1, 30)), 3, "due soon until the grace ends");
        assert_eq!(of_2025(d(2027, 1, 30)), 3, "a year after 2025-12-31 + 30 days");
        assert_eq!(of_2025(d(2027, 1, 31)), 0);
    }

    #[test]
    fn talk_years_and_evaluation_years_reach_back_only_as_far_as_needed() {
        let s = Settings::default();
        assert_eq!(talk_years(d(2026, 11, 28), &s), 2025..=2026);
        assert_eq!(evaluation_years(d(2026, 11, 28), &s), 2025..=2026);
        let jan = Settings { org_life_cutoff: (1, 31), ..Settings::default() };
        assert_eq!(evaluation_years(d(2027, 1, 31), &jan), 2025..=2027);
        assert_eq!(evaluation_years(d(2027, 2, 1), &jan), 2026..=2027);
    }

    fn post_history(logged_from: NaiveDate, changes: &[(NaiveDate, bool, bool)]) -> PostHistory {
        PostHistory {
            logged_from,
            changes: changes.iter().map(|&(on, before, after)| PostChange { on, before, after }).collect(),
        }
    }

    #[test]
    fn a_post_is_held_between_its_edits_and_either_way_on_their_day() {
        // Secretary until an edit on 1 November.
        let lost = post_history(d(2026, 1, 1), &[(d(2026, 11, 1), true, false)]);
        assert!(lost.held_on(d(2026, 5, 6), false));
        assert!(lost.held_on(d(2026, 11, 1), false), "the day of the edit");
        assert!(!lost.held_on(d(2026, 11, 2), false));
        // Made secretary on 1 June, removed on 1 September, made again on 1 October.
        let back = post_history(
            d(2026, 1, 1),
            &[(d(2026, 6, 1), false, true), (d(2026, 9, 1), true, false), (d(2026, 10, 1), false, true)],
        );
        assert!(!back.held_on(d(2026, 5, 31), true));
        assert!(back.held_on(d(2026, 6, 1), true));
        assert!(back.held_on(d(2026, 8, 31), true));
        assert!(back.held_on(d(2026, 9, 1), true), "the day of the edit");
        assert!(!back.held_on(d(2026, 9, 2), true));
        assert!(!back.held_on(d(2026, 9, 30), true));
        assert!(back.held_on(d(2026, 10, 1), true));
        assert!(back.held_on(d(2026, 12, 31), true));
    }

    /// Before the member's first change-log row nothing is known: a post held then as far as
    /// the log shows, or held now, counts (saying less).
    #[test]
    fn before_the_log_a_post_held_then_or_now_counts() {
        let made = post_history(d(2026, 3, 1), &[(d(2026, 6, 1), false, true)]);
        assert!(made.held_on(d(2026, 2, 1), true), "before the log: holds it now");
        assert!(!made.held_on(d(2026, 4, 1), true), "logged without a post");
        let lost = post_history(d(2026, 3, 1), &[(d(2026, 6, 1), true, false)]);
        assert!(lost.held_on(d(2026, 2, 1), false), "before the log: held it when first logged");
        assert!(!lost.held_on(d(2026, 7, 1), false));
    }

    /// 第十九条 asks for a talk with the secretary or a committee member of the day: a member
    /// made secretary in June does not make a May talk count, and a secretary removed in
    /// November keeps the May talks but not those after.
    #[test]
    fn heart_talk_counts_with_the_post_held_on_the_talks_day() {
        let mut w = World::new();
        w.members[0].draft.posts = vec![];
        w.members[1].draft.posts = vec![PartyPost::Secretary];
        w.posts.insert(1, post_history(d(2026, 1, 1), &[(d(2026, 11, 1), true, false)]));
        w.posts.insert(2, post_history(d(2026, 1, 1), &[(d(2026, 6, 1), false, true)]));
        w.talks.push((d(2026, 5, 6), vec![2, 3]));
        w.talks.push((d(2026, 11, 10), vec![1, 3]));
        let red = w.of(d(2027, 1, 1), RuleId::HeartTalk);
        let all = [1, 2, 3].map(|id| (Severity::Overdue, Subject::Member(id)));
        // 1 talked only after losing the post, 2 only before getting it, 3 with each of them then.
        assert_eq!(red, all.to_vec());
        w.talks.push((d(2026, 5, 7), vec![1, 3]));
        w.talks.push((d(2026, 6, 1), vec![2, 3]));
        assert!(w.of(d(2027, 1, 1), RuleId::HeartTalk).is_empty(), "with 1 in May; with 2 on the day of the edit");
    }

    #[test]
    fn archived_members_findings_of_every_kind_go_from_the_archive_day() {
        let mut gone = member(1);
        gone.archive =
            Some(Archive { reason: ArchiveReason::TransferredOut, date: d(2026, 6, 30), note: String::new() });
        let members = [gone, member(2)];
        let about = |subject| Finding {
            rule: RuleId::LostContact,
            severity: Severity::Overdue,
            subject,
            due: d(2026, 6, 1),
            period: None,
            zh: String::new(),
            en: String::new(),
        };
        let all = vec![
            about(Subject::Member(1)),
            about(Subject::Member(2)),
            about(Subject::Branch),
            about(Subject::Group(1)),
        ];
        let mut before = all.clone();
        drop_archived(&mut before, &members, d(2026, 6, 29));
        assert_eq!(before, all, "to the day before");
        let mut on = all.clone();
        drop_archived(&mut on, &members, d(2026, 6, 30));
        assert_eq!(on, all[1..].to_vec(), "the archive day");
    }

    #[test]
    fn rectification_and_correction_deadlines() {
        let mut w = World::new();
        w.items.push(Rectification {
            id: 1,
            member_id: 2,
            year: 2025,
            item: "改进".into(),
            due: d(2026, 3, 31),
            done: None,
        });
        w.corrections.push(disposal(DisposalKind::CorrectionDeadline, d(2026, 2, 1), Some(d(2026, 12, 31))));
        assert_eq!(w.of(d(2026, 3, 31), RuleId::Rectification), vec![(Severity::DueSoon, Subject::Member(2))]);
        assert_eq!(w.of(d(2026, 4, 1), RuleId::Rectification), vec![(Severity::Overdue, Subject::Member(2))]);
        assert!(w.of(d(2026, 12, 23), RuleId::CorrectionDeadline).is_empty());
        assert_eq!(w.of(d(2026, 12, 24), RuleId::CorrectionDeadline).len(), 1);
        assert_eq!(w.of(d(2027, 1, 1), RuleId::CorrectionDeadline)[0].0, Severity::Overdue);
        w.corrections[0].outcome_on = Some(d(2026, 12, 20));
        assert!(w.of(d(2027, 1, 1), RuleId::CorrectionDeadline).is_empty());
    }

    #[test]
    fn campaign_findings_only_while_open() {
        let mut w = World::new();
        let c = Campaign {
            id: 1,
            year: 2026,
            arranged_by: "区委".into(),
            from: d(2026, 9, 1),
            to: d(2026, 11, 30),
            closed: false,
        };
        let done =
            CampaignEntry { member_id: 1, material_on: Some(d(2026, 9, 20)), analysed: true, ..Default::default() };
        let half = CampaignEntry { member_id: 2, material_on: Some(d(2026, 9, 20)), ..Default::default() };
        w.campaigns.push((c, vec![done, half]));
        assert!(w.of(d(2026, 11, 22), RuleId::PartySpiritAnalysis).is_empty());
        assert_eq!(w.of(d(2026, 11, 23), RuleId::PartySpiritAnalysis).len(), 2);
        assert!(w.of(d(2026, 12, 1), RuleId::PartySpiritAnalysis).iter().all(|f| f.0 == Severity::Overdue));
        w.campaigns[0].0.closed = true;
        assert!(w.of(d(2026, 12, 1), RuleId::PartySpiritAnalysis).is_empty());
    }
}
