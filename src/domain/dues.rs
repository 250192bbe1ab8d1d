//! 党费 (party dues): categories, schedules, the 2008 rate bands, month statuses, the six-month
//! lapse and the checks on what the secretary records. Pure: no clock, no SQL.
//!
//! Sources: 中组部《关于中国共产党党费收缴、使用和管理的规定》(2008, cited as [DF]) art. 2 (base and
//! rates), art. 12 (monthly, quarterly with consent, back payment "一般不得超过6个月"), the
//! hardship rule (reduction or exemption approved one level up); 党章第九条 (six months unpaid);
//! 中办发〔2006〕21号《关于加强和改进流动党员管理工作的意见》二（三）2 (quarterly for mobile members).
//! Money is integer fen (分) throughout; never a float.

use crate::domain::ids::IdMap;

use chrono::{Datelike, Duration, NaiveDate};
use serde::{Deserialize, Serialize};

use super::dates::{add_months, ascii_digits, fmt, month_end};
use super::lang::Lang;
use super::member::Member;
use super::period::Period;
use super::rules::{Finding, RuleId, Severity, Subject};
use super::settings::Settings;
use super::validation::{Errors, FieldError, Problem};

/// An amount of money in fen (分): 1 元 = 100 分.
pub type Fen = i64;

vocab! {
    /// How a member's dues are reckoned ([DF] art. 2 and the fixed amounts).
    pub enum DuesCategory {
        Employed = ("employed", "在职", "employed"),
        Retired = ("retired", "离退休", "retired"),
        AnnualSalary = ("annual_salary", "年薪制", "annual salary"),
        SelfEmployed = ("self_employed", "个体", "self-employed"),
        Farmer = ("farmer", "农民", "farmer"),
        Student = ("student", "学生", "student"),
        Unemployed = ("unemployed", "下岗失业", "unemployed"),
        Relief = ("relief", "抚恤救济", "on relief"),
        Dibao = ("dibao", "低保", "min. allowance"),
    }
}

vocab! {
    /// [DF] art. 12: monthly; quarterly with the branch's consent.
    pub enum DuesSchedule {
        Monthly = ("monthly", "按月", "monthly"),
        Quarterly = ("quarterly", "按季", "quarterly"),
    }
}

vocab! {
    /// To what the monthly amount is rounded (half up). The rules do not say; a setting.
    pub enum Rounding {
        Fen = ("fen", "分", "fen (0.01)"),
        Jiao = ("jiao", "角", "jiao (0.1)"),
    }
}

vocab! {
    /// A hardship decision: pay less, or nothing ([DF]: the member applies, the branch
    /// committee agrees, the party committee one level up approves).
    pub enum ReliefKind {
        Reduced = ("reduced", "减交", "reduced"),
        Exempt = ("exempt", "免交", "exempt"),
    }
}

vocab! {
    pub enum PayMethod {
        Cash = ("cash", "现金", "cash"),
        Transfer = ("transfer", "转账", "transfer"),
        Proxy = ("proxy", "委托代交", "by proxy"),
    }
}

vocab! {
    /// The state of one month of one member (domain vocabulary "Dues status", plus 未到期).
    pub enum MonthStatus {
        Unpaid = ("unpaid", "未缴", "unpaid"),
        Paid = ("paid", "已缴", "paid"),
        PaidLate = ("paid_late", "补缴", "paid late"),
        Prepaid = ("prepaid", "预缴", "prepaid"),
        Reduced = ("reduced", "减免", "reduced"),
        Exempt = ("exempt", "免缴", "exempt"),
        NotDue = ("not_due", "未到期", "not due"),
    }
}

impl MonthStatus {
    /// Whether something was paid for the month.
    pub fn is_paid(self) -> bool {
        matches!(self, MonthStatus::Paid | MonthStatus::PaidLate | MonthStatus::Prepaid | MonthStatus::Reduced)
    }
}

// ---------------------------------------------------------------------------------------------
// Months

/// A calendar month.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Ym {
    pub year: i32,
    pub month: u32,
}

impl Ym {
    pub fn new(year: i32, month: u32) -> Ym {
        Ym { year, month }
    }

    pub fn of(d: NaiveDate) -> Ym {
        Ym { year: d.year(), month: d.month() }
    }

    pub fn first_day(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year, self.month, 1).unwrap_or(NaiveDate::MIN)
    }

    pub fn last_day(self) -> NaiveDate {
        month_end(self.year, self.month)
    }

    pub fn next(self) -> Ym {
        if self.month == 12 { Ym::new(self.year + 1, 1) } else { Ym::new(self.year, self.month + 1) }
    }

    pub fn prev(self) -> Ym {
        if self.month == 1 { Ym::new(self.year - 1, 12) } else { Ym::new(self.year, self.month - 1) }
    }

    /// The last month of the quarter this month is in.
    pub fn quarter_end(self) -> Ym {
        Ym::new(self.year, (self.month - 1) / 3 * 3 + 3)
    }

    /// This month and the `n - 1` after it.
    pub fn span(self, n: u32) -> impl Iterator<Item = Ym> {
        std::iter::successors(Some(self), |m| Some(m.next())).take(n as usize)
    }

    pub fn label(self, lang: Lang) -> String {
        match lang {
            Lang::Zh => format!("{}年{}月", self.year, self.month),
            Lang::En => format!("{}-{:02}", self.year, self.month),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Money

/// Why a typed amount was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MoneyError {
    NotANumber,
    Negative,
    /// More than two decimals, or too large to be a month's income.
    OutOfRange,
}

/// The largest amount accepted anywhere: 1,000,000 元.
pub const MAX_FEN: Fen = 100_000_000;

/// Parses an amount in 元 as typed: `4500`, `4500.5`, `4,500.00`, `4500元`, full-width digits.
pub fn parse_yuan(s: &str) -> Result<Fen, MoneyError> {
    let s = ascii_digits(s);
    let s = s.trim().trim_end_matches('元').trim().replace([',', '，'], "");
    let (neg, s) = match s.strip_prefix('-') {
        Some(rest) => (true, rest.trim().to_string()),
        None => (false, s),
    };
    let (int, frac) = s.split_once('.').unwrap_or((&s, ""));
    if int.is_empty() && frac.is_empty() || !int.chars().chain(frac.chars()).all(|c| c.is_ascii_digit()) {
        return Err(MoneyError::NotANumber);
    }
    if neg {
        return Err(MoneyError::Negative);
    }
    if frac.len() > 2 || int.len() > 9 {
        return Err(MoneyError::OutOfRange);
    }
    let yuan: i64 = if int.is_empty() { 0 } else { int.parse().map_err(|_| MoneyError::NotANumber)? };
    let fen: i64 = format!("{frac:0<2}").parse().map_err(|_| MoneyError::NotANumber)?;
    let total = yuan * 100 + fen;
    if total > MAX_FEN {
        return Err(MoneyError::OutOfRange);
    }
    Ok(total)
}

/// `1250` -> `12.50`.
pub fn fmt_yuan(fen: Fen) -> String {
    let sign = if fen < 0 { "-" } else { "" };
    format!("{sign}{}.{:02}", fen.abs() / 100, fen.abs() % 100)
}

fn money_problem(e: MoneyError) -> Problem {
    match e {
        MoneyError::NotANumber => Problem::Rule {
            zh: "请输入金额（元），如 4500 或 4500.50",
            en: "an amount in yuan, e.g. 4500 or 4500.50",
        },
        MoneyError::Negative => Problem::Rule { zh: "金额不能为负数", en: "cannot be negative" },
        MoneyError::OutOfRange => Problem::Rule {
            zh: "最多两位小数，且不超过 1000000 元",
            en: "at most two decimals and 1,000,000 yuan",
        },
    }
}

// ---------------------------------------------------------------------------------------------
// Rates ([DF] art. 2)

/// How much a member pays a month.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Rate {
    /// A share of the base, in basis points (50 = 0.5%), flat on the whole base.
    Percent(u32),
    /// A fixed amount (students, the unemployed, those on relief or 低保: 0.2 元).
    Fixed(Fen),
    /// A fixed amount chosen within a range (farmers: 0.2 to 1 元).
    Range(Fen, Fen),
}

impl Rate {
    pub fn label(self) -> String {
        match self {
            Rate::Percent(bp) if bp % 100 == 0 => format!("{}%", bp / 100),
            Rate::Percent(bp) => format!("{}.{}%", bp / 100, bp % 100 / 10),
            Rate::Fixed(f) => fmt_yuan(f),
            Rate::Range(a, b) => format!("{}-{}", fmt_yuan(a), fmt_yuan(b)),
        }
    }
}

/// The employed bands ([DF] art. 2): "3000元以下（含3000元）... 0.5%；3000元以上至5000元（含5000元）
/// ... 1%；5000元以上至10000元（含10000元）... 1.5%；10000元以上 ... 2%". Upper bounds inclusive.
pub const BANDS: [(Fen, u32); 3] = [(300_000, 50), (500_000, 100), (1_000_000, 150)];
pub const TOP_BAND_BP: u32 = 200;
/// Retirees: "5000元以下（含5000元）的按0.5%交纳党费，5000元以上的按1%交纳党费".
pub const RETIREE_LIMIT: Fen = 500_000;
/// "学生党员、下岗失业的党员、依靠抚恤或救济生活的党员、领取当地最低生活保障金的党员，每月交纳党费0.2元".
pub const FIXED_FEN: Fen = 20;
/// "农民党员每月交纳党费0.2元-1元".
pub const FARMER_RANGE: (Fen, Fen) = (20, 100);

/// The rate of a category for a monthly base (after tax).
pub fn rate_for(category: DuesCategory, base: Fen) -> Rate {
    use DuesCategory::*;
    match category {
        // Annual-salary earners: the month's actual pay; self-employed: last quarter's monthly
        // average net income. Both are the base the secretary types; the bands are the same.
        Employed | AnnualSalary | SelfEmployed => {
            Rate::Percent(BANDS.iter().find(|(limit, _)| base <= *limit).map_or(TOP_BAND_BP, |(_, bp)| *bp))
        }
        Retired => Rate::Percent(if base <= RETIREE_LIMIT { 50 } else { 100 }),
        Farmer => Rate::Range(FARMER_RANGE.0, FARMER_RANGE.1),
        Student | Unemployed | Relief | Dibao => Rate::Fixed(FIXED_FEN),
    }
}

/// Whether the category's amount depends on a base.
pub fn needs_base(category: DuesCategory) -> bool {
    matches!(rate_for(category, 0), Rate::Percent(_))
}

/// `base x bp / 10000`, rounded half up to the fen or the jiao.
pub fn round_share(base: Fen, bp: u32, rounding: Rounding) -> Fen {
    let raw = i128::from(base) * i128::from(bp); // in 1/10000 fen
    let unit: i128 = match rounding {
        Rounding::Fen => 10_000,
        Rounding::Jiao => 100_000,
    };
    let fen_per_unit = unit / 10_000;
    ((raw + unit / 2) / unit * fen_per_unit) as Fen
}

/// The monthly amount the rules give (for a farmer, the lower end of the range).
pub fn standard_amount(category: DuesCategory, base: Fen, rounding: Rounding) -> Fen {
    match rate_for(category, base) {
        Rate::Percent(bp) => round_share(base, bp, rounding),
        Rate::Fixed(f) => f,
        Rate::Range(lo, _) => lo,
    }
}

/// Whether `amount` is what the rules allow for this base (a farmer: anything in the range).
pub fn amount_matches(category: DuesCategory, base: Fen, amount: Fen, rounding: Rounding) -> bool {
    match rate_for(category, base) {
        Rate::Range(lo, hi) => (lo..=hi).contains(&amount),
        _ => amount == standard_amount(category, base, rounding),
    }
}

// ---------------------------------------------------------------------------------------------
// Settings

/// The dues settings, stored under `dues.` keys in the settings table.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DuesSettings {
    /// Day of the month by which the month's dues are due; 0 = the month's last day (default).
    /// Quarterly payers: that day in the quarter's last month.
    pub due_day: u32,
    pub rounding: Rounding,
    /// Consecutive unpaid months that raise a reminder (default 3; the red flag is fixed at 6 by
    /// 党章第九条).
    pub warn_months: u32,
}

impl Default for DuesSettings {
    fn default() -> Self {
        DuesSettings { due_day: 0, rounding: Rounding::Fen, warn_months: 3 }
    }
}

pub mod key {
    pub const PREFIX: &str = "dues.";
    pub const DUE_DAY: &str = "dues.due_day";
    pub const ROUNDING: &str = "dues.rounding";
    pub const WARN_MONTHS: &str = "dues.warn_months";
}

impl DuesSettings {
    pub fn to_pairs(&self) -> Vec<(String, String)> {
        vec![
            (key::DUE_DAY.into(), self.due_day.to_string()),
            (key::ROUNDING.into(), self.rounding.id().into()),
            (key::WARN_MONTHS.into(), self.warn_months.to_string()),
        ]
    }

    /// Reads one stored pair; a value that does not parse keeps the default.
    pub fn set(&mut self, k: &str, v: &str) {
        let num = v.parse::<u32>().ok();
        match k {
            key::DUE_DAY => self.due_day = num.filter(|d| *d <= 28).unwrap_or(self.due_day),
            key::ROUNDING => self.rounding = Rounding::from_id(v).unwrap_or(self.rounding),
            key::WARN_MONTHS => self.warn_months = num.filter(|m| (1..=5).contains(m)).unwrap_or(self.warn_months),
            _ => {}
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Records

/// A reduction or exemption, as approved above.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Relief {
    pub kind: ReliefKind,
    /// The party committee that approved it.
    pub approved_by: String,
    pub approved_on: NaiveDate,
    /// Last day it applies; `None` until revoked.
    pub until: Option<NaiveDate>,
}

impl Relief {
    /// Whether it applies to any day of `m` (approved by the month's end, not ended before it).
    pub fn covers(&self, m: Ym) -> bool {
        self.approved_on <= m.last_day() && self.until.is_none_or(|u| u >= m.first_day())
    }
}

/// A member's dues profile.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DuesProfile {
    pub member_id: i64,
    pub category: DuesCategory,
    pub schedule: DuesSchedule,
    /// The branch's consent to quarterly payment ([DF] art. 12 "经党支部同意").
    pub quarterly_since: Option<NaiveDate>,
    pub relief: Option<Relief>,
}

impl DuesProfile {
    /// A member without a stored profile: employed, monthly.
    pub fn default_for(member_id: i64) -> DuesProfile {
        DuesProfile {
            member_id,
            category: DuesCategory::Employed,
            schedule: DuesSchedule::Monthly,
            quarterly_since: None,
            relief: None,
        }
    }

    pub fn quarterly_in(&self, m: Ym) -> bool {
        self.schedule == DuesSchedule::Quarterly && self.quarterly_since.is_none_or(|d| d <= m.last_day())
    }

    pub fn relief_in(&self, m: Ym) -> Option<ReliefKind> {
        self.relief.as_ref().filter(|r| r.covers(m)).map(|r| r.kind)
    }
}

/// The yearly 核定: base (after tax), rate and monthly amount.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Calibration {
    pub member_id: i64,
    pub year: i32,
    pub category: DuesCategory,
    /// Monthly income after tax; `None` for the fixed-amount categories.
    pub base: Option<Fen>,
    /// Basis points of the band; `None` for fixed amounts.
    pub rate_bp: Option<u32>,
    pub monthly: Fen,
    pub calibrated_on: NaiveDate,
}

/// One stored payment row: one member, one month.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaidMonth {
    pub id: i64,
    pub member_id: i64,
    pub month: Ym,
    pub amount: Fen,
    /// Voluntary extra (自愿多交), on top of the dues.
    pub extra: Fen,
    pub paid_on: NaiveDate,
    pub method: PayMethod,
    pub proxy: String,
    pub receipt: String,
}

/// What the grid and the rules need of a payment row (the ledger holds many of them).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Paid {
    pub id: i64,
    pub month: Ym,
    pub amount: Fen,
    pub extra: Fen,
    pub paid_on: NaiveDate,
}

/// A payment as recorded: one or more consecutive months, one sum.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaymentDraft {
    pub member_id: i64,
    pub first: Ym,
    pub months: u32,
    /// The dues for all the months together.
    pub amount: Fen,
    pub extra: Fen,
    pub paid_on: NaiveDate,
    pub method: PayMethod,
    pub proxy: String,
    pub receipt: String,
}

impl PaymentDraft {
    /// The stored rows: the sum split evenly, the remainder (and the extra) on the first month.
    pub fn rows(&self) -> Vec<PaidMonth> {
        let n = i64::from(self.months.max(1));
        let each = self.amount / n;
        let rest = self.amount - each * n;
        self.first
            .span(self.months.max(1))
            .enumerate()
            .map(|(i, m)| PaidMonth {
                id: 0,
                member_id: self.member_id,
                month: m,
                amount: each + if i == 0 { rest } else { 0 },
                extra: if i == 0 { self.extra } else { 0 },
                paid_on: self.paid_on,
                method: self.method,
                proxy: self.proxy.clone(),
                receipt: self.receipt.clone(),
            })
            .collect()
    }
}

/// The yearly 党费收缴使用公布.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Publication {
    pub year: i32,
    pub published_on: NaiveDate,
    pub note: String,
}

// ---------------------------------------------------------------------------------------------
// Month statuses

/// The last day a month's dues may be paid on time: the due day of the month, or for a
/// quarterly payer of the quarter's last month.
pub fn due_date(m: Ym, profile: &DuesProfile, s: &DuesSettings) -> NaiveDate {
    let m = if profile.quarterly_in(m) { m.quarter_end() } else { m };
    if s.due_day == 0 {
        m.last_day()
    } else {
        NaiveDate::from_ymd_opt(m.year, m.month, s.due_day).unwrap_or(m.last_day())
    }
}

/// The day month `m`'s dues fall due for a member who owes dues from `start` (the day of
/// admission or transfer in, as recorded): [`due_date`], unless that day is before `start`. A
/// member who joins after the month's due day (the 20th, with dues due on the 15th) could not
/// have paid on time: the month falls due on the next due date instead (15 June), so a month is
/// never overdue before the member could pay it.
pub fn due_date_from(start: NaiveDate, m: Ym, profile: &DuesProfile, s: &DuesSettings) -> NaiveDate {
    let mut due = due_date(m, profile, s);
    let mut next = m;
    // Due dates only move forward month by month: at most a step or two past `start`'s month.
    while due < start {
        next = next.next();
        due = due_date(next, profile, s);
    }
    due
}

/// One cell of the month grid.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Cell {
    /// `None`: the member was not in the branch that month (a blank cell).
    pub status: Option<MonthStatus>,
    /// What the month asks for (the calibrated amount), if calibrated.
    pub due: Option<Fen>,
    pub paid: Fen,
    /// The first day something was paid for the month.
    pub paid_on: Option<NaiveDate>,
}

impl Cell {
    /// Paid, but less than the calibrated amount.
    pub fn short(&self) -> Fen {
        match (self.status, self.due) {
            (Some(s), Some(due)) if s.is_paid() => (due - self.paid).max(0),
            _ => 0,
        }
    }
}

/// The first and last month a member owes dues in this branch: from the month of admission (or
/// of transfer in) to the month of archiving. "预备党员从支部大会通过其为预备党员之日起交纳党费".
pub fn dues_span(m: &Member) -> (Ym, Option<Ym>) {
    (Ym::of(m.branch_start()), m.branch_end().map(Ym::of))
}

/// The day dues start (admission or transfer in) and the last month owed: what the cells read.
fn dues_days(m: &Member) -> (NaiveDate, Option<Ym>) {
    (m.branch_start(), m.branch_end().map(Ym::of))
}

/// The state of month `ym` for a member, from the payments of that month.
pub fn month_cell(
    member: &Member,
    profile: &DuesProfile,
    monthly: Option<Fen>,
    paid: &[Paid],
    ym: Ym,
    today: NaiveDate,
    s: &DuesSettings,
) -> Cell {
    let amount: Fen = paid.iter().map(|p| p.amount).sum();
    let paid_on = paid.iter().map(|p| p.paid_on).min();
    cell_of(dues_days(member), profile, monthly, amount, paid_on, ym, today, s)
}

/// [`month_cell`] from what was paid for the month (the sum, and the first day paid) and the
/// day the member's dues start and the last month owed ([`dues_span`]).
#[allow(clippy::too_many_arguments)]
fn cell_of(
    (start, last): (NaiveDate, Option<Ym>),
    profile: &DuesProfile,
    monthly: Option<Fen>,
    amount: Fen,
    paid_on: Option<NaiveDate>,
    ym: Ym,
    today: NaiveDate,
    s: &DuesSettings,
) -> Cell {
    if ym < Ym::of(start) || last.is_some_and(|l| ym > l) {
        return Cell { status: None, due: None, paid: 0, paid_on: None };
    }
    let relief = profile.relief_in(ym);
    let due = if relief == Some(ReliefKind::Exempt) { Some(0) } else { monthly };
    let due_on = due_date_from(start, ym, profile, s);
    let status = match (relief, paid_on) {
        (Some(ReliefKind::Exempt), None) => MonthStatus::Exempt,
        (Some(ReliefKind::Reduced), Some(_)) => MonthStatus::Reduced,
        (_, Some(d)) if d < ym.first_day() => MonthStatus::Prepaid,
        (_, Some(d)) if d > due_on => MonthStatus::PaidLate,
        (_, Some(_)) => MonthStatus::Paid,
        (_, None) if today > due_on => MonthStatus::Unpaid,
        (_, None) => MonthStatus::NotDue,
    };
    Cell { status: Some(status), due, paid: amount, paid_on }
}

/// Everything about dues the rules and the grid read.
#[derive(Clone, Debug, Default)]
pub struct Ledger {
    pub profiles: IdMap<i64, DuesProfile>,
    /// Per (member, year).
    pub calibrations: IdMap<(i64, i32), Calibration>,
    /// Per member, sorted by month.
    pub paid: IdMap<i64, Vec<Paid>>,
    /// Per member and year, the months paid as a bit mask (bit 0 = January): what the rules
    /// read instead of `paid` (which the rules' ledger leaves empty). A month with a bit and no
    /// row counts as paid on its first day, nothing said of the amount.
    pub paid_masks: IdMap<(i64, i32), u16>,
    pub publications: Vec<Publication>,
    /// The month of the branch's first dues record: the rules ask nothing before it, so a file
    /// that never kept dues is not flooded with unpaid months.
    pub first_record: Option<Ym>,
    /// Per member, the date of the latest 组织处置 decision recorded: a six-month lapse with a
    /// decision taken since it began says so instead of asking again.
    pub disposed: IdMap<i64, NaiveDate>,
}

impl Ledger {
    pub fn profile(&self, member_id: i64) -> DuesProfile {
        self.profiles.get(&member_id).cloned().unwrap_or_else(|| DuesProfile::default_for(member_id))
    }

    /// The calibration in force for a year: that year's, or else the latest earlier one ("每年初
    /// 核定 ... 年内一般不变动": until the new one is made, last year's amount still applies).
    pub fn calibration(&self, member_id: i64, year: i32) -> Option<&Calibration> {
        (year - 5..=year).rev().find_map(|y| self.calibrations.get(&(member_id, y)))
    }

    /// A member's payment rows, in month order.
    pub fn paid_of(&self, member_id: i64) -> &[Paid] {
        self.paid.get(&member_id).map_or(&[], Vec::as_slice)
    }

    /// The cells of the months `from..=to` for one member: one pass over their payments.
    pub fn cells(&self, m: &Member, from: Ym, to: Ym, today: NaiveDate, s: &DuesSettings) -> Vec<(Ym, Cell)> {
        let mut out = Vec::new();
        self.cells_into(m, from, to, today, s, &mut out);
        out
    }

    /// [`Ledger::cells`] into `out` (cleared first), so that a pass over many members reuses
    /// one buffer.
    pub fn cells_into(
        &self,
        m: &Member,
        from: Ym,
        to: Ym,
        today: NaiveDate,
        s: &DuesSettings,
        out: &mut Vec<(Ym, Cell)>,
    ) {
        out.clear();
        let default;
        let profile = match self.profiles.get(&m.id) {
            Some(p) => p,
            None => {
                default = DuesProfile::default_for(m.id);
                &default
            }
        };
        let span = dues_days(m);
        let paid = self.paid_of(m.id);
        let mut i = paid.partition_point(|p| p.month < from);
        let mut year = None;
        let mut monthly = None;
        let mut mask = 0u16;
        let mut ym = from;
        while ym <= to {
            if year != Some(ym.year) {
                monthly = self.calibration(m.id, ym.year).map(|c| c.monthly);
                mask = self.paid_masks.get(&(m.id, ym.year)).copied().unwrap_or(0);
                year = Some(ym.year);
            }
            let j = i + paid[i..].iter().take_while(|p| p.month == ym).count();
            let rows = &paid[i..j];
            let (amount, paid_on) = if rows.is_empty() {
                (0, (mask >> (ym.month - 1) & 1 == 1).then(|| ym.first_day()))
            } else {
                (rows.iter().map(|p| p.amount).sum(), rows.iter().map(|p| p.paid_on).min())
            };
            out.push((ym, cell_of(span, profile, monthly, amount, paid_on, ym, today, s)));
            i = j;
            ym = ym.next();
        }
    }

    /// Whether the kept masks show every month of `from..=to` within the member's span paid:
    /// then no month of it is unpaid, and the rules skip the month-by-month cells (most members
    /// of a branch that collects every month). Always false where a month has no mask bit,
    /// which includes every month of a ledger read with payment rows (the grid's keeps none).
    pub fn paid_throughout(&self, m: &Member, from: Ym, to: Ym) -> bool {
        let (first, last) = dues_span(m);
        let to = last.map_or(to, |l| l.min(to));
        let mut ym = from.max(first);
        while ym <= to {
            let mask = self.paid_masks.get(&(m.id, ym.year)).copied().unwrap_or(0);
            let end = if ym.year == to.year { to.month } else { 12 };
            let want = ((1u32 << end) - (1u32 << (ym.month - 1))) as u16;
            if mask & want != want {
                return false;
            }
            ym = Ym::new(ym.year + 1, 1);
        }
        true
    }

    pub fn cell(&self, m: &Member, ym: Ym, today: NaiveDate, s: &DuesSettings) -> Cell {
        self.cells(m, ym, ym, today, s)[0].1
    }

    /// The twelve months of a year for one member.
    pub fn year_cells(&self, m: &Member, year: i32, today: NaiveDate, s: &DuesSettings) -> Vec<Cell> {
        self.cells(m, Ym::new(year, 1), Ym::new(year, 12), today, s).into_iter().map(|(_, c)| c).collect()
    }
}

/// A run of unpaid months ending with the latest month already due.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Lapse {
    pub months: u32,
    /// The first unpaid month of the run.
    pub since: Ym,
    /// The count reached the first month read (`from`): there may be more.
    pub at_least: bool,
}

/// Counts consecutive unpaid months back from the latest month whose due date has passed, not
/// before `from`. Exempt and not-yet-due months are skipped (they count neither way); a paid
/// month or a month outside the branch ends the run.
pub fn unpaid_run(ledger: &Ledger, m: &Member, from: Ym, today: NaiveDate, s: &DuesSettings) -> Option<Lapse> {
    run_of(&ledger.cells(m, from, Ym::of(today), today, s), from)
}

/// [`unpaid_run`] over cells already computed (`from` to this month, in order).
pub fn run_of(cells: &[(Ym, Cell)], from: Ym) -> Option<Lapse> {
    let mut run: Option<Lapse> = None;
    for (ym, cell) in cells.iter().rev() {
        match cell.status {
            None => return run,
            Some(MonthStatus::Unpaid) => {
                let r = run.get_or_insert(Lapse { months: 0, since: *ym, at_least: false });
                r.months += 1;
                r.since = *ym;
            }
            Some(MonthStatus::Exempt | MonthStatus::NotDue) => {}
            Some(_) => return run,
        }
    }
    if let Some(r) = run.as_mut() {
        r.at_least = r.since == from;
    }
    run
}

/// The months a back payment pays first: the member's first unpaid month from the first month
/// the rules read ([`rules_from`]) to this one, and how many unpaid months follow it without a
/// break (it included). Unpaid is what the grid and the `dues` finding show ([`Ledger::cells`]);
/// a month paid, exempt or not yet due ends the run, so one payment never covers a month that
/// is not owed. `None`: nothing is owed (or the file keeps no dues yet).
pub fn first_unpaid(ledger: &Ledger, m: &Member, today: NaiveDate, s: &DuesSettings) -> Option<(Ym, u32)> {
    let from = rules_from(ledger, today)?;
    let cells = ledger.cells(m, from, Ym::of(today), today, s);
    let unpaid = |c: &Cell| c.status == Some(MonthStatus::Unpaid);
    let start = cells.iter().position(|(_, c)| unpaid(c))?;
    let run = cells[start..].iter().take_while(|(_, c)| unpaid(c)).count();
    Some((cells[start].0, run as u32))
}

/// 党章第九条: six consecutive months without dues. Fixed.
pub const LAPSE_MONTHS: u32 = 6;
/// [DF] art. 12: "补交党费的时间一般不得超过6个月".
pub const BACK_PAY_MONTHS: u32 = 6;

// ---------------------------------------------------------------------------------------------
// Checks on input

pub mod field {
    pub const BASE: &str = "base";
    pub const AMOUNT: &str = "amount";
    pub const MONTHS: &str = "months";
    pub const PAID_ON: &str = "paid_on";
    pub const PROXY: &str = "proxy";
    pub const RECEIPT: &str = "receipt";
    pub const EXTRA: &str = "extra";
    pub const APPROVED_BY: &str = "approved_by";
    pub const NOTE: &str = "note";
}

/// A calibration as typed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CalibrationInput {
    pub member_id: i64,
    pub year: i32,
    pub category: DuesCategory,
    pub base: String,
    /// Empty: the amount the rules give.
    pub amount: String,
    pub calibrated_on: NaiveDate,
}

/// Checks a typed calibration and computes its rate and amount. An amount other than the band's
/// is refused unless a reduction or exemption approved above covers the year.
pub fn calibrate(
    input: &CalibrationInput,
    profile: &DuesProfile,
    rounding: Rounding,
) -> Result<Calibration, Vec<FieldError>> {
    let mut e = Errors::default();
    let base = match input.base.trim() {
        "" if needs_base(input.category) => {
            e.add(field::BASE, Problem::Required);
            None
        }
        "" => None,
        t => parse_yuan(t).map_err(|x| e.add(field::BASE, money_problem(x))).ok(),
    };
    let standard = standard_amount(input.category, base.unwrap_or(0), rounding);
    let amount = match input.amount.trim() {
        "" => Some(standard),
        t => parse_yuan(t).map_err(|x| e.add(field::AMOUNT, money_problem(x))).ok(),
    };
    let year_months = Ym::new(input.year, 1).span(12).collect::<Vec<_>>();
    let relieved = year_months.iter().any(|&m| profile.relief_in(m).is_some());
    if let (Some(a), false) = (amount, e.has(field::BASE)) {
        let b = base.unwrap_or(0);
        if !amount_matches(input.category, b, a, rounding) && !relieved {
            let rate = rate_for(input.category, b);
            e.add(
                field::AMOUNT,
                Problem::Text {
                    zh: match rate {
                        Rate::Range(..) => "农民党员每月 0.20 至 1.00 元；其他数额须先登记上级党委批准的减免".into(),
                        _ => format!(
                            "与标准不符：{}按 {} 应交 {} 元；减交、免交须先登记上级党委的批准",
                            base.map(|b| format!("{} 元", fmt_yuan(b))).unwrap_or_default(),
                            rate.label(),
                            fmt_yuan(standard)
                        ),
                    },
                    en: match rate {
                        Rate::Range(..) => {
                            "farmers pay 0.20 to 1.00 yuan a month; record an approved reduction first".into()
                        }
                        _ => format!(
                            "does not match the rules: {} at {} is {}; record an approved reduction or exemption first",
                            base.map(fmt_yuan).unwrap_or_default(),
                            rate.label(),
                            fmt_yuan(standard)
                        ),
                    },
                },
            );
        }
    }
    e.finish()?;
    let base = base.filter(|_| needs_base(input.category));
    Ok(Calibration {
        member_id: input.member_id,
        year: input.year,
        category: input.category,
        base,
        rate_bp: match rate_for(input.category, base.unwrap_or(0)) {
            Rate::Percent(bp) => Some(bp),
            _ => None,
        },
        monthly: amount.unwrap_or(standard),
        calibrated_on: input.calibrated_on,
    })
}

/// Something worth a second look that the secretary may still record.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Warning {
    pub zh: String,
    pub en: String,
}

impl Warning {
    pub fn text(&self, lang: Lang) -> &str {
        lang.pick(&self.zh, &self.en)
    }
}

/// Checks a payment: errors refuse it, warnings ask for a confirmation.
/// `earlier` are the member's stored payments.
pub fn check_payment(
    d: &PaymentDraft,
    member: &Member,
    profile: &DuesProfile,
    earlier: &[PaidMonth],
    today: NaiveDate,
    s: &DuesSettings,
) -> Result<Vec<Warning>, Vec<FieldError>> {
    let mut e = Errors::default();
    let (first, last) = dues_span(member);
    if d.months == 0 || d.months > 24 {
        e.add(field::MONTHS, Problem::Number { min: 1, max: 24 });
    } else if d.first < first {
        e.add(
            field::MONTHS,
            Problem::Text {
                zh: format!(
                    "{} 在入党（转入）之前，不需交纳党费（自 {} 起）",
                    d.first.label(Lang::Zh),
                    first.label(Lang::Zh)
                ),
                en: format!(
                    "{} is before admission or transfer in (dues start {})",
                    d.first.label(Lang::En),
                    first.label(Lang::En)
                ),
            },
        );
    } else if let Some(l) = last
        && d.first.span(d.months).any(|m| m > l)
    {
        e.rule(field::MONTHS, "包含转出（归档）之后的月份", "includes months after the member left the branch");
    }
    if d.amount < 0 || d.amount > MAX_FEN {
        e.add(field::AMOUNT, money_problem(MoneyError::OutOfRange));
    }
    if d.extra < 0 || d.extra > MAX_FEN {
        e.add(field::EXTRA, money_problem(MoneyError::OutOfRange));
    }
    if d.paid_on > today {
        e.add(field::PAID_ON, Problem::AfterToday);
    }
    if d.method == PayMethod::Proxy {
        e.text(field::PROXY, &d.proxy, true, 20);
    } else {
        e.text(field::PROXY, &d.proxy, false, 20);
    }
    e.text(field::RECEIPT, &d.receipt, false, 30);
    e.finish()?;

    let mut w = Vec::new();
    for m in d.first.span(d.months) {
        if let Some(p) = earlier.iter().find(|p| p.month == m) {
            let receipt = |zh: bool| match (p.receipt.is_empty(), zh) {
                (true, _) => String::new(),
                (false, true) => format!("，收据 {}", p.receipt),
                (false, false) => format!(", receipt {}", p.receipt),
            };
            w.push(Warning {
                zh: format!(
                    "{} 已于 {} 缴纳 {} 元{}",
                    m.label(Lang::Zh),
                    fmt(p.paid_on),
                    fmt_yuan(p.amount),
                    receipt(true)
                ),
                en: format!(
                    "{} was already paid on {}: {}{}",
                    m.label(Lang::En),
                    fmt(p.paid_on),
                    fmt_yuan(p.amount),
                    receipt(false)
                ),
            });
        }
    }
    let oldest_due = due_date_from(member.branch_start(), d.first, profile, s);
    if add_months(oldest_due, BACK_PAY_MONTHS) < d.paid_on {
        w.push(Warning {
            zh: format!(
                "补交 {} 的党费已超过 6 个月（《关于中国共产党党费收缴、使用和管理的规定》第十二条：补交时间一般不得超过6个月）",
                d.first.label(Lang::Zh)
            ),
            en: format!(
                "back payment for {} is more than 6 months late (dues rules of 2008, art. 12: back payments should not exceed 6 months)",
                d.first.label(Lang::En)
            ),
        });
    }
    Ok(w)
}

/// Checks a reduction or exemption as recorded.
pub fn check_relief(r: &Relief, today: NaiveDate) -> Result<(), Vec<FieldError>> {
    let mut e = Errors::default();
    e.text(field::APPROVED_BY, &r.approved_by, true, 40);
    if r.approved_on > today {
        e.add("approved_on", Problem::AfterToday);
    }
    if r.until.is_some_and(|u| u < r.approved_on) {
        e.rule("until", "截止日期不能早于批准日期", "cannot end before it was approved");
    }
    e.finish()
}

// ---------------------------------------------------------------------------------------------
// Findings

fn recent(due: NaiveDate, today: NaiveDate) -> bool {
    due >= today - Duration::days(365)
}

/// The first month the rules read: the later of the branch's first dues record and January of
/// last year.
fn rules_from(ledger: &Ledger, today: NaiveDate) -> Option<Ym> {
    ledger.first_record.map(|f| f.max(Ym::new(today.year() - 1, 1)))
}

/// The dues findings: `dues`, `dues_lapse`, `dues_calibration`, `dues_publication`. Nothing at
/// all for a file that has no dues record yet.
pub fn findings(members: &[Member], ledger: &Ledger, today: NaiveDate, s: &Settings, out: &mut Vec<Finding>) {
    let Some(from) = rules_from(ledger, today) else { return };
    let ds = &s.dues;
    let active: Vec<&Member> = members.iter().filter(|m| m.in_branch_on(today)).collect();
    let mut cells = Vec::new();
    for m in &active {
        // Paid every month: neither unpaid months nor a lapse to find.
        if ledger.paid_throughout(m, from, Ym::of(today)) {
            continue;
        }
        ledger.cells_into(m, from, Ym::of(today), today, ds, &mut cells);
        let profile = ledger.profiles.get(&m.id);
        let default;
        let profile = match profile {
            Some(p) => p,
            None => {
                default = DuesProfile::default_for(m.id);
                &default
            }
        };
        let run = run_of(&cells, from);
        // One line per cause. Once the run reaches six months (党章第九条), the dues_lapse line
        // names it (since when, how many months) and asks for the 组织处置: the secretary's
        // next step is that decision, not collecting month by month, and listing the same
        // months again under 党费 showed the member twice for one cause. The dues line then
        // keeps only the unpaid months outside the run (before the paid month that began it),
        // so no month is listed twice and none is dropped. Below six both stay: the months are
        // overdue now (red, to collect), the run only a warning of the six-month rule (due
        // soon), which the 党员 tab's six-month line shows; folding them would turn that
        // member's red into yellow. The dues grid and the dues reports read the cells, not the
        // findings, and do not change.
        let named_from = run.filter(|r| r.months >= LAPSE_MONTHS).map(|r| r.since);
        unpaid_findings(m, ledger, profile, &cells, named_from, today, ds, out);
        if let Some(run) = run {
            lapse_finding(m, profile, run, ledger.disposed.get(&m.id).copied(), ds, out);
        }
    }
    calibration_finding(&active, ledger, today, s, out);
    publication_findings(members, ledger, today, s, out);
}

/// [DF] art. 12: the months past their due day and unpaid, within the last year; from
/// `named_from` on, the months a six-month lapse line already names are left to it.
#[allow(clippy::too_many_arguments)]
fn unpaid_findings(
    m: &Member,
    ledger: &Ledger,
    profile: &DuesProfile,
    cells: &[(Ym, Cell)],
    named_from: Option<Ym>,
    today: NaiveDate,
    s: &DuesSettings,
    out: &mut Vec<Finding>,
) {
    let unpaid: Vec<Ym> = cells
        .iter()
        .filter(|(ym, c)| {
            c.status == Some(MonthStatus::Unpaid)
                && named_from.is_none_or(|from| *ym < from)
                && recent(due_date_from(m.branch_start(), *ym, profile, s), today)
        })
        .map(|(ym, _)| *ym)
        .collect();
    let Some(&first) = unpaid.first() else { return };
    let name = &m.draft.name;
    let list = |lang: Lang| {
        let v: Vec<String> = unpaid.iter().take(4).map(|y| y.label(lang)).collect();
        let more = if unpaid.len() > 4 { lang.pick("等", ", ...") } else { "" };
        format!("{}{more}", v.join(lang.pick("、", ", ")))
    };
    let each = ledger
        .calibration(m.id, today.year())
        .map(|c| (format!("，每月 {} 元", fmt_yuan(c.monthly)), format!("; {} a month", fmt_yuan(c.monthly))))
        .unwrap_or_default();
    out.push(Finding {
        rule: RuleId::Dues,
        severity: Severity::Overdue,
        subject: Subject::Member(m.id),
        due: due_date_from(m.branch_start(), first, profile, s),
        period: None,
        zh: format!("{name} {} 个月党费未缴：{}{}", unpaid.len(), list(Lang::Zh), each.0),
        en: format!("{name}: dues unpaid for {} month(s): {}{}", unpaid.len(), list(Lang::En), each.1),
    });
}

/// 党章第九条, [JY]31(六): six months in a row without dues; a warning from `warn_months`.
fn lapse_finding(
    m: &Member,
    profile: &DuesProfile,
    run: Lapse,
    disposed: Option<NaiveDate>,
    s: &DuesSettings,
    out: &mut Vec<Finding>,
) {
    // The month that makes (or would make) six.
    let sixth = run.since.span(LAPSE_MONTHS).last().unwrap_or(run.since);
    let due = due_date_from(m.branch_start(), sixth, profile, s);
    let severity = if run.months >= LAPSE_MONTHS {
        Severity::Overdue
    } else if run.months >= s.warn_months {
        Severity::DueSoon
    } else {
        return;
    };
    let name = &m.draft.name;
    let (more_zh, more_en) = if run.at_least { ("以上", "over ") } else { ("", "") };
    // The run of unpaid months up to the due day of the sixth: a disposal decided within it
    // answers the lapse (see `lapse_answered`).
    let period = Period { start: run.since.first_day(), end: due };
    let answered = disposed.filter(|&d| lapse_answered(d, &period));
    let (zh, en) = if let (Severity::Overdue, Some(on)) = (severity, answered) {
        (
            format!(
                "{name} 已连续 {} 个月{more_zh}未交纳党费（自 {} 起）；{} 已记入组织处置（评议页），后续按处置记录办理",
                run.months,
                run.since.label(Lang::Zh),
                fmt(on)
            ),
            format!(
                "{name}: no dues for {more_en}{} consecutive months (since {}); a disposal was recorded on {} (Review tab): follow it there",
                run.months,
                run.since.label(Lang::En),
                fmt(on)
            ),
        )
    } else if severity == Severity::Overdue {
        (
            format!(
                "{name} 已连续 {} 个月{more_zh}未交纳党费（自 {} 起）。党章第九条：无正当理由连续六个月不交纳党费的，由支部大会讨论处置并报上级批准；请核实原因并记入组织处置，本程序不改变党籍",
                run.months,
                run.since.label(Lang::Zh)
            ),
            format!(
                "{name}: no dues for {more_en}{} consecutive months (since {}). Party Constitution art. 9: without good reason, six months unpaid goes to the general meeting and the level above; check the reason and record the disposal (the status is not changed here)",
                run.months,
                run.since.label(Lang::En)
            ),
        )
    } else {
        (
            format!(
                "{name} 已连续 {} 个月未交纳党费（自 {} 起），满六个月即适用党章第九条",
                run.months,
                run.since.label(Lang::Zh)
            ),
            format!(
                "{name}: no dues for {} consecutive months (since {}); at six, Party Constitution art. 9 applies",
                run.months,
                run.since.label(Lang::En)
            ),
        )
    };
    out.push(Finding {
        rule: RuleId::DuesLapse,
        severity,
        subject: Subject::Member(m.id),
        due,
        period: Some(period),
        zh,
        en,
    });
}

/// A six-month lapse (党章第九条), as against the three-month warning: its next step is a
/// 组织处置 record, so the 评议 tab acts on it too.
pub fn six_month_lapse(f: &Finding) -> bool {
    f.rule == RuleId::DuesLapse && f.severity == Severity::Overdue
}

/// Whether a 组织处置 decided on `decided_on` answers a lapse whose run of unpaid months is
/// `lapse` (its `period`): decided on or after the first unpaid month began. A decision from
/// before the run was about something else. The 评议 tab uses the same test to show the
/// recorded disposal instead of a new form.
pub fn lapse_answered(decided_on: NaiveDate, lapse: &Period) -> bool {
    decided_on >= lapse.start
}

/// The day a member's calibration for `year` is due: 31 January, or a month after joining.
pub fn calibration_due(m: &Member, year: i32) -> NaiveDate {
    let jan31 = NaiveDate::from_ymd_opt(year, 1, 31).unwrap_or(NaiveDate::MIN);
    jan31.max(add_months(m.branch_start(), 1))
}

fn calibration_finding(active: &[&Member], ledger: &Ledger, today: NaiveDate, s: &Settings, out: &mut Vec<Finding>) {
    let year = today.year();
    let warn = Duration::days(s.yearly_warn_days.into());
    let mut late: Vec<(&Member, NaiveDate)> = Vec::new();
    let mut soon: Vec<(&Member, NaiveDate)> = Vec::new();
    for m in active {
        if ledger.calibrations.contains_key(&(m.id, year)) {
            continue;
        }
        // Exempt all year: nothing to calibrate.
        if let Some(profile) = ledger.profiles.get(&m.id)
            && Ym::new(year, 1).span(12).all(|ym| profile.relief_in(ym) == Some(ReliefKind::Exempt))
        {
            continue;
        }
        let due = calibration_due(m, year);
        if today > due {
            late.push((m, due));
        } else if today >= due - warn.min(Duration::days(30)) {
            soon.push((m, due));
        }
    }
    for (list, severity) in [(late, Severity::Overdue), (soon, Severity::DueSoon)] {
        let Some(due) = list.iter().map(|(_, d)| *d).min() else { continue };
        let names = |lang: Lang| {
            let v: Vec<&str> = list.iter().take(3).map(|(m, _)| m.draft.name.as_str()).collect();
            let more = if list.len() > 3 { lang.pick("等", ", ...") } else { "" };
            format!("{}{more}", v.join(lang.pick("、", ", ")))
        };
        let n = list.len();
        let (zh, en) = match severity {
            Severity::Overdue => (
                format!("{year}年党费基数未核定：{n} 名党员（{}），应于 {} 前核定", names(Lang::Zh), fmt(due)),
                format!("{year} dues not calibrated for {n} member(s) ({}), due {}", names(Lang::En), fmt(due)),
            ),
            Severity::DueSoon => (
                format!("{year}年党费基数待核定：{n} 名党员（{}），{} 前完成", names(Lang::Zh), fmt(due)),
                format!("{year} dues to calibrate for {n} member(s) ({}) by {}", names(Lang::En), fmt(due)),
            ),
        };
        out.push(Finding {
            rule: RuleId::DuesCalibration,
            severity,
            subject: Subject::Branch,
            due,
            period: Some(Period::year(year)),
            zh,
            en,
        });
    }
}

fn publication_findings(members: &[Member], ledger: &Ledger, today: NaiveDate, s: &Settings, out: &mut Vec<Finding>) {
    let Some(first) = ledger.first_record else { return };
    for year in [today.year() - 1, today.year()] {
        if first.year > year || ledger.publications.iter().any(|p| p.year == year) {
            continue;
        }
        let period = Period::year(year);
        if !members.iter().any(|m| m.branch_start() <= period.end && m.branch_end().is_none_or(|e| e >= period.start)) {
            continue;
        }
        let Some((severity, due)) = super::rules::timing(period.end, today, s.grace_days, s.yearly_warn_days) else {
            continue;
        };
        if !recent(due, today) {
            continue;
        }
        out.push(Finding {
            rule: RuleId::DuesPublication,
            severity,
            subject: Subject::Branch,
            due,
            period: Some(period),
            zh: format!("{year}年党费收缴、使用情况尚未向党员公布（每年至少一次）"),
            en: format!("{year}: dues collected and used not yet published to members (once a year)"),
        });
    }
}

#[cfg(test)]
mod tests;
