//! Members' contact with and service to the masses (中办发〔2006〕21号 《关于做好党员联系和服务群众
//! 工作的意见》, seed B1-B9): pledges (党员承诺), service records, pairings (结对帮扶), posts (设岗定责)
//! and care for members (关怀帮扶党员). Rules and vocabularies: docs/rules.md.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use super::dates::{ascii_digits, year_end, year_start};
use super::member::Member;
use super::settings::UnitType;
use super::validation::{Errors, FieldError, Problem};

vocab! {
    /// What a pledge is about (B2: "为群众办一两件实事").
    pub enum PledgeCategory {
        Help = ("help", "帮扶", "help"),
        Post = ("post", "岗位", "at work"),
        PublicGood = ("public_good", "公益", "public good"),
        Other = ("other", "其他", "other"),
    }
}

vocab! {
    /// The states of a pledge.
    pub enum PledgeStatus {
        Pledged = ("pledged", "已承诺", "pledged"),
        InProgress = ("in_progress", "进行中", "in progress"),
        Fulfilled = ("fulfilled", "已兑现", "fulfilled"),
        PartlyFulfilled = ("partly_fulfilled", "部分兑现", "partly done"),
        Unfulfilled = ("unfulfilled", "未兑现", "unfulfilled"),
        Withdrawn = ("withdrawn", "已撤销", "withdrawn"),
    }
}

impl PledgeStatus {
    /// Still to be done: pledged or in progress.
    pub fn is_open(self) -> bool {
        matches!(self, PledgeStatus::Pledged | PledgeStatus::InProgress)
    }

    /// Carried out in whole or in part: it has a fulfilled date and can be evaluated.
    pub fn is_done(self) -> bool {
        matches!(self, PledgeStatus::Fulfilled | PledgeStatus::PartlyFulfilled)
    }
}

vocab! {
    /// 群众评价 of a closed pledge (B2: "自觉接受党组织和群众的监督").
    pub enum MassEvaluation {
        Satisfied = ("satisfied", "满意", "satisfied"),
        BasicallySatisfied = ("basically_satisfied", "基本满意", "fair"),
        Dissatisfied = ("dissatisfied", "不满意", "dissatisfied"),
    }
}

vocab! {
    /// Kinds of contact and service (B1, B3-B7).
    pub enum ServiceKind {
        PairingVisit = ("pairing_visit", "结对帮扶", "pairing visit"),
        PostDuty = ("post_duty", "设岗定责", "post duty"),
        Volunteer = ("volunteer", "志愿服务", "volunteering"),
        StationDuty = ("station_duty", "党员服务站值守", "service station"),
        Reception = ("reception", "接待群众", "receiving the public"),
        FieldResearch = ("field_research", "基层调研", "field research"),
        Visit = ("visit", "走访慰问", "visit"),
    }
}

impl ServiceKind {
    /// B5 counts leaders' field research in days; every other kind is timed in hours.
    pub fn in_days(self) -> bool {
        self == ServiceKind::FieldResearch
    }
}

vocab! {
    /// Why a member is cared for (B9: "生活困难党员 ... 在艰苦环境中工作的党员、失业人员中的党员和老党员").
    pub enum CareReason {
        Hardship = ("hardship", "生活困难", "hardship"),
        Veteran = ("veteran", "老党员", "veteran"),
        Unemployed = ("unemployed", "失业", "unemployed"),
        HarshEnvironment = ("harsh_environment", "艰苦环境", "harsh conditions"),
    }
}

/// A pledge as typed (one 实事 per pledge).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PledgeDraft {
    pub member_id: i64,
    pub year: i32,
    pub content: String,
    pub category: PledgeCategory,
    pub beneficiary: String,
    /// 公开承诺: the day the pledge was made public.
    pub pledged_on: NaiveDate,
    pub target_date: NaiveDate,
    pub status: PledgeStatus,
    pub progress: String,
    pub fulfilled_on: Option<NaiveDate>,
    /// The day the branch checked the result.
    pub verified_on: Option<NaiveDate>,
    pub evaluation: Option<MassEvaluation>,
    /// The year of the 民主评议 round the pledge is assessed in (B8): its own year, or the next.
    pub eval_year: i32,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pledge {
    pub id: i64,
    #[serde(flatten)]
    pub draft: PledgeDraft,
}

/// How long a contact or service took: hours (as minutes), or half days for field research.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "unit", content = "value", rename_all = "snake_case")]
pub enum ServiceTime {
    Minutes(i64),
    HalfDays(i64),
}

impl ServiceTime {
    pub fn format(self, lang: super::lang::Lang) -> String {
        match self {
            ServiceTime::Minutes(m) => format!("{}{}", trim(m as f64 / 60.0), lang.pick("小时", "h")),
            ServiceTime::HalfDays(h) => format!("{}{}", trim(h as f64 / 2.0), lang.pick("天", "d")),
        }
    }
}

fn trim(v: f64) -> String {
    let s = format!("{v:.2}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceDraft {
    pub member_id: i64,
    pub date: NaiveDate,
    pub kind: ServiceKind,
    /// The person, household or place served or visited.
    pub counterpart: String,
    pub description: String,
    pub time: ServiceTime,
    /// An issue the masses raised; B7 asks for timely feedback on it.
    pub issue: String,
    pub feedback_on: Option<NaiveDate>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceRecord {
    pub id: i64,
    #[serde(flatten)]
    pub draft: ServiceDraft,
    /// Records are archived, never deleted.
    pub archived_on: Option<NaiveDate>,
}

/// 结对帮扶 (B1): a member paired with a household in difficulty.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PairingDraft {
    pub member_id: i64,
    pub household: String,
    pub from: NaiveDate,
    pub to: Option<NaiveDate>,
    pub outcome: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pairing {
    pub id: i64,
    #[serde(flatten)]
    pub draft: PairingDraft,
    pub archived_on: Option<NaiveDate>,
}

/// 设岗定责 (B3): a contact-and-service post held by a member of a rural or community branch.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PostDraft {
    pub member_id: i64,
    pub name: String,
    pub duties: String,
    pub from: NaiveDate,
    pub to: Option<NaiveDate>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Post {
    pub id: i64,
    #[serde(flatten)]
    pub draft: PostDraft,
    pub archived_on: Option<NaiveDate>,
}

/// 关怀帮扶党员 (B9). The amount is in 分 (fen).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CareDraft {
    pub member_id: i64,
    pub reason: CareReason,
    pub measure: String,
    pub date: NaiveDate,
    pub amount_fen: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Care {
    pub id: i64,
    #[serde(flatten)]
    pub draft: CareDraft,
    pub archived_on: Option<NaiveDate>,
}

/// The records that are archived rather than deleted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Archivable {
    Service,
    Pairing,
    Post,
    Care,
}

/// Per-member flags of this work, kept apart from the member record.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceProfile {
    /// Not asked to pledge this year (B2 asks only "有条件的党员").
    pub pledge_opt_out: bool,
    /// 生活困难党员 (B9): reminded of before 春节 and 七一.
    pub hardship: bool,
}

/// B2: "每年要承诺为群众办一两件实事". A third pledge in a year is allowed with a warning.
pub const PLEDGES_PER_YEAR: usize = 2;

/// Whether a member is expected to pledge in a year by default (docs/rules.md: all full
/// members, with an opt-out; members exempt from collective study are not asked either).
pub fn pledge_eligible(m: &Member, on: NaiveDate, profile: ServiceProfile) -> bool {
    m.in_branch_on(on) && m.is_full_on(on) && !m.exempt_on(on) && !profile.pledge_opt_out
}

/// Whether an absence (流动党员) excuses a member from the year's pledge: a member away from the
/// branch has no condition to pledge here (B2 asks "有条件的党员"), and when unsure the rule
/// says less. `away` holds the member's days away, both ends included (an open absence ends
/// at `NaiveDate::MAX`); `on` is the day the rule is evaluated. Excused when away on `on`, or
/// away on more than half of the days of `year` (at least 183 days, 184 in a leap year).
pub fn away_excuses_pledge(away: &[(NaiveDate, NaiveDate)], year: i32, on: NaiveDate) -> bool {
    let (first, last) = (year_start(year), year_end(year));
    let days: i64 = away
        .iter()
        .map(|&(f, t)| {
            let (f, t) = (f.max(first), t.min(last));
            if f <= t { (t - f).num_days() + 1 } else { 0 }
        })
        .sum();
    let year_days = (last - first).num_days() + 1;
    away.iter().any(|&(f, t)| f <= on && on <= t) || days * 2 > year_days
}

/// Whether the branch may record 设岗定责 posts: B3 names "农村和街道社区党员".
pub fn posts_offered(unit: UnitType) -> bool {
    matches!(unit, UnitType::Rural | UnitType::Community)
}

/// Field keys shared by the forms and these rules.
pub mod field {
    pub const MEMBER: &str = "member";
    pub const YEAR: &str = "year";
    pub const CONTENT: &str = "content";
    pub const CATEGORY: &str = "category";
    pub const BENEFICIARY: &str = "beneficiary";
    pub const PLEDGED_ON: &str = "pledged_on";
    pub const TARGET: &str = "target_date";
    pub const STATUS: &str = "status";
    pub const PROGRESS: &str = "progress";
    pub const FULFILLED_ON: &str = "fulfilled_on";
    pub const VERIFIED_ON: &str = "verified_on";
    pub const EVALUATION: &str = "evaluation";
    pub const EVAL_YEAR: &str = "eval_year";
    pub const DATE: &str = "date";
    pub const KIND: &str = "kind";
    pub const COUNTERPART: &str = "counterpart";
    pub const DESCRIPTION: &str = "description";
    pub const TIME: &str = "time";
    pub const ISSUE: &str = "issue";
    pub const FEEDBACK_ON: &str = "feedback_on";
    pub const HOUSEHOLD: &str = "household";
    pub const FROM: &str = "from";
    pub const TO: &str = "to";
    pub const OUTCOME: &str = "outcome";
    pub const POST_NAME: &str = "post_name";
    pub const DUTIES: &str = "duties";
    pub const REASON: &str = "reason";
    pub const MEASURE: &str = "measure";
    pub const AMOUNT: &str = "amount";
}

pub const CONTENT_MAX: usize = 200;
pub const SHORT_MAX: usize = 60;
pub const NOTE_MAX: usize = 500;
/// The largest amount of care money accepted at once: 100,000 元.
pub const AMOUNT_MAX_FEN: i64 = 10_000_000;

/// The member must be in the branch on the record's day: this refuses records for an archived
/// member (after the archive date) and before the member joined.
fn member_on(e: &mut Errors, m: &Member, day: NaiveDate) {
    if m.is_archived() && m.branch_end().is_some_and(|end| day > end) {
        e.rule(field::MEMBER, "该党员已归档（转出、去世等），不能再登记", "the member is archived (left the branch)");
    } else if !m.in_branch_on(day) {
        e.rule(field::MEMBER, "该党员当日不在本支部", "the member was not in the branch on that day");
    }
}

fn not_future(e: &mut Errors, f: &'static str, d: Option<NaiveDate>, today: NaiveDate) {
    if d.is_some_and(|d| d > today) {
        e.add(f, Problem::AfterToday);
    }
}

/// Checks a pledge. `member` is the pledging member.
pub fn validate_pledge(p: &PledgeDraft, member: &Member, today: NaiveDate) -> Result<(), Vec<FieldError>> {
    use field::*;
    let mut e = Errors::default();
    member_on(&mut e, member, p.pledged_on);
    e.text(CONTENT, &p.content, true, CONTENT_MAX);
    e.text(BENEFICIARY, &p.beneficiary, false, SHORT_MAX);
    e.text(PROGRESS, &p.progress, false, NOTE_MAX);
    // A pledge is made public in its year, or late in the year before ("明年承诺").
    if p.pledged_on.year() != p.year && p.pledged_on.year() + 1 != p.year {
        e.rule(YEAR, "承诺年度须为公开承诺日期的当年或次年", "the year of the pledge date or the next");
    }
    // B8: the pledge feeds the evaluation of its year; one due late in the year may be
    // assessed in the next year's round.
    if p.eval_year != p.year && p.eval_year != p.year + 1 {
        e.rule(EVAL_YEAR, "评议年度须为承诺年度或次年", "the pledge's year or the next");
    }
    not_future(&mut e, PLEDGED_ON, Some(p.pledged_on), today);
    if p.target_date < p.pledged_on {
        e.rule(TARGET, "完成时限不能早于公开承诺日期", "cannot be before the pledge date");
    } else if p.target_date > year_end(p.year) {
        // B2: the pledge is one of the year's "一两件实事": done within its year (docs/rules.md,
        // 承诺逾期未办结). Files written before this check may hold a later date; the reminder
        // reads them as due on 31 December (`pledge_rules::open_state`).
        e.rule(TARGET, "完成时限最晚为承诺年度的 12 月 31 日", "at most 31 December of the pledge year");
    }
    match (p.status.is_done(), p.fulfilled_on) {
        (true, None) => e.rule(FULFILLED_ON, "已兑现或部分兑现须填兑现日期", "a fulfilled pledge needs the date"),
        (false, Some(_)) if p.status.is_open() => {
            e.rule(FULFILLED_ON, "尚未兑现的承诺不填兑现日期", "leave empty while the pledge is open")
        }
        (_, Some(f)) if f > today => e.rule(FULFILLED_ON, "兑现日期不能晚于今天", "cannot be in the future"),
        (_, Some(f)) if f < p.pledged_on => {
            e.rule(FULFILLED_ON, "兑现日期不能早于公开承诺日期", "cannot be before the pledge date")
        }
        _ => {}
    }
    not_future(&mut e, VERIFIED_ON, p.verified_on, today);
    if let (Some(v), Some(f)) = (p.verified_on, p.fulfilled_on)
        && v < f
    {
        e.rule(VERIFIED_ON, "核实日期不能早于兑现日期", "cannot be before the fulfilled date");
    }
    if p.verified_on.is_some() && p.status.is_open() {
        e.rule(VERIFIED_ON, "承诺完成后才能核实", "only a closed pledge is verified");
    }
    if p.evaluation.is_some() && (p.status.is_open() || p.status == PledgeStatus::Withdrawn) {
        e.rule(EVALUATION, "承诺办结后才由群众评价", "only a closed pledge is evaluated");
    }
    e.finish()
}

/// Checks a service record against the member, `today` and the branch's rules.
pub fn validate_service(s: &ServiceDraft, member: &Member, today: NaiveDate) -> Result<(), Vec<FieldError>> {
    use field::*;
    let mut e = Errors::default();
    member_on(&mut e, member, s.date);
    not_future(&mut e, DATE, Some(s.date), today);
    e.text(COUNTERPART, &s.counterpart, true, SHORT_MAX);
    e.text(DESCRIPTION, &s.description, true, CONTENT_MAX);
    e.text(ISSUE, &s.issue, false, CONTENT_MAX);
    match (s.kind.in_days(), s.time) {
        (true, ServiceTime::HalfDays(h)) if (1..=62).contains(&h) => {}
        (false, ServiceTime::Minutes(m)) if (1..=24 * 60).contains(&m) => {}
        (true, _) => e.rule(TIME, "调研天数：0.5 到 31 天", "field research: 0.5 to 31 days"),
        (false, _) => e.rule(TIME, "时长：0.5 到 24 小时", "0.5 to 24 hours"),
    }
    if let Some(f) = s.feedback_on {
        if s.issue.trim().is_empty() {
            e.rule(FEEDBACK_ON, "没有群众反映的问题，不填反馈日期", "no issue raised: leave empty");
        } else if f > today {
            e.add(FEEDBACK_ON, Problem::AfterToday);
        } else if f < s.date {
            e.rule(FEEDBACK_ON, "反馈日期不能早于服务日期", "cannot be before the service date");
        }
    }
    e.finish()
}

fn span(e: &mut Errors, from: NaiveDate, to: Option<NaiveDate>, today: NaiveDate) {
    not_future(e, field::FROM, Some(from), today);
    if to.is_some_and(|t| t < from) {
        e.rule(field::TO, "结束日期不能早于开始日期", "cannot end before it starts");
    }
}

pub fn validate_pairing(p: &PairingDraft, member: &Member, today: NaiveDate) -> Result<(), Vec<FieldError>> {
    let mut e = Errors::default();
    member_on(&mut e, member, p.from);
    e.text(field::HOUSEHOLD, &p.household, true, SHORT_MAX);
    e.text(field::OUTCOME, &p.outcome, false, CONTENT_MAX);
    span(&mut e, p.from, p.to, today);
    e.finish()
}

pub fn validate_post(p: &PostDraft, member: &Member, unit: UnitType, today: NaiveDate) -> Result<(), Vec<FieldError>> {
    let mut e = Errors::default();
    if !posts_offered(unit) {
        e.rule(
            field::POST_NAME,
            "设岗定责只适用于农村、社区党支部（见支部设置的单位类型）",
            "posts are for rural and community branches (see the unit type in the settings)",
        );
    }
    member_on(&mut e, member, p.from);
    e.text(field::POST_NAME, &p.name, true, SHORT_MAX);
    e.text(field::DUTIES, &p.duties, true, CONTENT_MAX);
    span(&mut e, p.from, p.to, today);
    e.finish()
}

pub fn validate_care(c: &CareDraft, member: &Member, today: NaiveDate) -> Result<(), Vec<FieldError>> {
    let mut e = Errors::default();
    member_on(&mut e, member, c.date);
    not_future(&mut e, field::DATE, Some(c.date), today);
    e.text(field::MEASURE, &c.measure, true, CONTENT_MAX);
    if c.amount_fen < 0 {
        e.rule(field::AMOUNT, "金额不能为负", "the amount cannot be negative");
    } else if c.amount_fen > AMOUNT_MAX_FEN {
        e.rule(field::AMOUNT, "金额不能超过 100000 元", "at most 100000 yuan");
    }
    e.finish()
}

/// Parses an amount in 元 into 分: `500`, `500.5`, `500.50`, `500元`, `￥500`; empty is 0.
pub fn parse_yuan(s: &str) -> Result<i64, Problem> {
    let t = ascii_digits(s).trim().replace([',', '，', ' '], "");
    let t = t.trim_start_matches(['¥', '￥']).trim_end_matches('元');
    if t.is_empty() {
        return Ok(0);
    }
    let bad =
        Problem::Rule { zh: "金额格式：500 或 500.50（元）", en: "an amount such as 500 or 500.50 (yuan)" };
    let (neg, t) = match t.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, t),
    };
    let (whole, frac) = t.split_once('.').unwrap_or((t, ""));
    if whole.is_empty() && frac.is_empty()
        || !whole.bytes().all(|b| b.is_ascii_digit())
        || !frac.bytes().all(|b| b.is_ascii_digit())
        || frac.len() > 2
        || whole.len() > 9
    {
        return Err(bad);
    }
    let yuan: i64 = if whole.is_empty() { 0 } else { whole.parse().map_err(|_| bad.clone())? };
    let fen: i64 = format!("{frac:0<2}").parse().map_err(|_| bad)?;
    if neg {
        return Err(Problem::Rule { zh: "金额不能为负", en: "the amount cannot be negative" });
    }
    Ok(yuan * 100 + fen)
}

/// Formats 分 as 元 with two decimals: `50000` -> `500.00`.
pub fn fmt_yuan(fen: i64) -> String {
    format!("{}.{:02}", fen / 100, (fen % 100).abs())
}

/// Parses a service time: hours (`2`, `1.5小时`, `2h`, `半天` = 4 hours) or, for field research,
/// days (`3`, `2.5天`, `半天`), to the half day.
pub fn parse_time(s: &str, kind: ServiceKind) -> Result<ServiceTime, Problem> {
    let t = ascii_digits(s).trim().to_lowercase().replace(' ', "");
    if t.is_empty() {
        return Err(Problem::Required);
    }
    let (bad, unit_day) = if kind.in_days() {
        (Problem::Rule { zh: "天数：3、2.5天 或 半天", en: "days: 3, 2.5d or half a day" }, true)
    } else {
        (Problem::Rule { zh: "时长：2、1.5小时、2h 或 半天", en: "hours: 2, 1.5h or half a day" }, false)
    };
    let v: f64 = if t == "半天" {
        if unit_day { 0.5 } else { 4.0 }
    } else {
        let suffixes: &[&str] = if unit_day { &["天", "days", "day", "d"] } else { &["小时", "hours", "hour", "h"] };
        let n = suffixes.iter().find_map(|x| t.strip_suffix(x)).unwrap_or(&t);
        n.parse().map_err(|_| bad.clone())?
    };
    if !v.is_finite() || v <= 0.0 {
        return Err(bad);
    }
    Ok(if unit_day {
        ServiceTime::HalfDays((v * 2.0).round() as i64)
    } else {
        ServiceTime::Minutes((v * 60.0).round() as i64)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::member::{Archive, ArchiveReason};
    use crate::domain::testing::{d, member};

    fn fields(r: Result<(), Vec<FieldError>>) -> Vec<&'static str> {
        r.err().unwrap_or_default().iter().map(|e| e.field).collect()
    }

    fn pledge() -> PledgeDraft {
        PledgeDraft {
            member_id: 1,
            year: 2026,
            content: "为独居老人修缮门窗".into(),
            category: PledgeCategory::Help,
            beneficiary: "李大娘".into(),
            pledged_on: d(2026, 3, 1),
            target_date: d(2026, 6, 30),
            status: PledgeStatus::Pledged,
            progress: String::new(),
            fulfilled_on: None,
            verified_on: None,
            evaluation: None,
            eval_year: 2026,
        }
    }

    #[test]
    fn a_plain_pledge_is_valid() {
        assert_eq!(validate_pledge(&pledge(), &member(1), d(2026, 11, 28)), Ok(()));
    }

    #[test]
    fn target_before_the_pledge_date_is_refused() {
        let mut p = pledge();
        p.target_date = d(2026, 2, 28);
        assert_eq!(fields(validate_pledge(&p, &member(1), d(2026, 11, 28))), vec![field::TARGET]);
        p.target_date = p.pledged_on;
        assert_eq!(validate_pledge(&p, &member(1), d(2026, 11, 28)), Ok(()));
    }

    /// The target date is at most 31 December of the pledge year (even for a pledge made the
    /// year before).
    #[test]
    fn target_after_the_pledge_year_is_refused() {
        let today = d(2026, 11, 28);
        let mut p = pledge();
        p.target_date = d(2026, 12, 31);
        assert_eq!(validate_pledge(&p, &member(1), today), Ok(()));
        p.target_date = d(2027, 1, 1);
        assert_eq!(fields(validate_pledge(&p, &member(1), today)), vec![field::TARGET]);
        p.target_date = d(2027, 3, 1);
        assert_eq!(fields(validate_pledge(&p, &member(1), today)), vec![field::TARGET]);
        (p.pledged_on, p.year, p.eval_year, p.target_date) = (d(2025, 12, 20), 2026, 2026, d(2026, 12, 31));
        assert_eq!(validate_pledge(&p, &member(1), today), Ok(()));
    }

    #[test]
    fn fulfilled_date_cannot_be_in_the_future() {
        let today = d(2026, 11, 28);
        let mut p = pledge();
        p.status = PledgeStatus::Fulfilled;
        p.fulfilled_on = Some(d(2026, 11, 29));
        assert_eq!(fields(validate_pledge(&p, &member(1), today)), vec![field::FULFILLED_ON]);
        p.fulfilled_on = Some(today);
        assert_eq!(validate_pledge(&p, &member(1), today), Ok(()));
        p.fulfilled_on = None;
        assert_eq!(fields(validate_pledge(&p, &member(1), today)), vec![field::FULFILLED_ON]);
    }

    #[test]
    fn only_a_closed_pledge_is_evaluated() {
        let today = d(2026, 11, 28);
        let mut p = pledge();
        p.evaluation = Some(MassEvaluation::Satisfied);
        assert_eq!(fields(validate_pledge(&p, &member(1), today)), vec![field::EVALUATION]);
        p.status = PledgeStatus::Unfulfilled;
        assert_eq!(validate_pledge(&p, &member(1), today), Ok(()));
    }

    #[test]
    fn a_pledge_for_an_archived_member_is_refused() {
        let today = d(2026, 11, 28);
        let mut m = member(1);
        m.archive = Some(Archive { reason: ArchiveReason::TransferredOut, date: d(2026, 2, 28), note: String::new() });
        assert_eq!(fields(validate_pledge(&pledge(), &m, today)), vec![field::MEMBER]);
        // A pledge made while the member was still in the branch stays editable.
        let mut p = pledge();
        p.pledged_on = d(2026, 2, 28);
        assert_eq!(validate_pledge(&p, &m, today), Ok(()));
    }

    #[test]
    fn the_pledge_year_is_the_pledge_dates_or_the_next() {
        let today = d(2026, 11, 28);
        let mut p = pledge();
        p.pledged_on = d(2025, 12, 20);
        assert_eq!(validate_pledge(&p, &member(1), today), Ok(()));
        (p.year, p.eval_year) = (2027, 2027);
        assert_eq!(fields(validate_pledge(&p, &member(1), today)), vec![field::YEAR]);
        (p.year, p.eval_year, p.target_date) = (2025, 2025, d(2025, 12, 31));
        assert_eq!(validate_pledge(&p, &member(1), today), Ok(()));
    }

    /// B8: the 评议 round a pledge is assessed in is its own year's or the next one's.
    #[test]
    fn the_evaluation_year_is_the_pledges_or_the_next() {
        let today = d(2026, 11, 28);
        let mut p = pledge();
        for (y, ok) in [(2025, false), (2026, true), (2027, true), (2028, false)] {
            p.eval_year = y;
            let want: Vec<&str> = if ok { vec![] } else { vec![field::EVAL_YEAR] };
            assert_eq!(fields(validate_pledge(&p, &member(1), today)), want, "{y}");
        }
    }

    #[test]
    fn a_pairing_cannot_end_before_it_starts() {
        let today = d(2026, 11, 28);
        let mut p = PairingDraft {
            member_id: 1,
            household: "王家（低保户）".into(),
            from: d(2026, 3, 1),
            to: Some(d(2026, 2, 28)),
            outcome: String::new(),
        };
        assert_eq!(fields(validate_pairing(&p, &member(1), today)), vec![field::TO]);
        p.to = Some(d(2026, 3, 1));
        assert_eq!(validate_pairing(&p, &member(1), today), Ok(()));
    }

    #[test]
    fn posts_only_in_rural_and_community_branches() {
        let today = d(2026, 11, 28);
        let p = PostDraft {
            member_id: 1,
            name: "楼栋联系人".into(),
            duties: "收集居民意见".into(),
            from: d(2026, 1, 1),
            to: None,
        };
        assert_eq!(validate_post(&p, &member(1), UnitType::Community, today), Ok(()));
        assert_eq!(validate_post(&p, &member(1), UnitType::Rural, today), Ok(()));
        assert_eq!(fields(validate_post(&p, &member(1), UnitType::GovOrgan, today)), vec![field::POST_NAME]);
    }

    #[test]
    fn care_amounts_are_not_negative() {
        let today = d(2026, 11, 28);
        let mut c = CareDraft {
            member_id: 1,
            reason: CareReason::Hardship,
            measure: "春节慰问金".into(),
            date: d(2026, 1, 20),
            amount_fen: -1,
        };
        assert_eq!(fields(validate_care(&c, &member(1), today)), vec![field::AMOUNT]);
        c.amount_fen = 0;
        assert_eq!(validate_care(&c, &member(1), today), Ok(()));
        assert!(parse_yuan("-5").is_err());
        assert!(parse_yuan("－5").is_err());
    }

    #[test]
    fn yuan_parse_to_fen() {
        assert_eq!(parse_yuan("500"), Ok(50_000));
        assert_eq!(parse_yuan("500.5"), Ok(50_050));
        assert_eq!(parse_yuan("￥1,000.05元"), Ok(100_005));
        assert_eq!(parse_yuan("５００"), Ok(50_000));
        assert_eq!(parse_yuan(""), Ok(0));
        assert!(parse_yuan("5.005").is_err());
        assert!(parse_yuan("abc").is_err());
        assert!(parse_yuan(".").is_err());
        assert_eq!(fmt_yuan(100_005), "1000.05");
    }

    #[test]
    fn service_feedback_follows_the_issue_and_the_date() {
        let today = d(2026, 11, 28);
        let mut s = ServiceDraft {
            member_id: 1,
            date: d(2026, 11, 1),
            kind: ServiceKind::Reception,
            counterpart: "居民张某".into(),
            description: "反映楼道照明".into(),
            time: ServiceTime::Minutes(60),
            issue: String::new(),
            feedback_on: Some(d(2026, 11, 2)),
        };
        assert_eq!(fields(validate_service(&s, &member(1), today)), vec![field::FEEDBACK_ON]);
        s.issue = "楼道灯坏".into();
        assert_eq!(validate_service(&s, &member(1), today), Ok(()));
        s.feedback_on = Some(d(2026, 10, 31));
        assert_eq!(fields(validate_service(&s, &member(1), today)), vec![field::FEEDBACK_ON]);
        s.feedback_on = None;
        s.kind = ServiceKind::FieldResearch;
        assert_eq!(fields(validate_service(&s, &member(1), today)), vec![field::TIME]);
        s.time = ServiceTime::HalfDays(1);
        assert_eq!(validate_service(&s, &member(1), today), Ok(()));
    }

    #[test]
    fn times_parse_in_hours_or_days() {
        assert_eq!(parse_time("1.5小时", ServiceKind::Volunteer), Ok(ServiceTime::Minutes(90)));
        assert_eq!(parse_time("2", ServiceKind::Volunteer), Ok(ServiceTime::Minutes(120)));
        assert_eq!(parse_time("半天", ServiceKind::FieldResearch), Ok(ServiceTime::HalfDays(1)));
        assert_eq!(parse_time("3天", ServiceKind::FieldResearch), Ok(ServiceTime::HalfDays(6)));
        assert!(parse_time("-1", ServiceKind::Volunteer).is_err());
        assert_eq!(parse_time(" ", ServiceKind::Volunteer), Err(Problem::Required));
    }

    #[test]
    fn eligibility_is_full_not_exempt_not_opted_out() {
        let on = d(2026, 3, 31);
        let m = member(1);
        assert!(pledge_eligible(&m, on, ServiceProfile::default()));
        assert!(!pledge_eligible(&m, on, ServiceProfile { pledge_opt_out: true, hardship: false }));
        let mut p = member(2);
        p.draft.status = crate::domain::member::MemberStatus::Probationary;
        p.draft.conversion_date = None;
        assert!(!pledge_eligible(&p, on, ServiceProfile::default()));
    }
}
