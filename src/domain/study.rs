//! Study time (docs/rules.md, 集中学习时间): units, parsing typed credit, yearly
//! targets by rule set, proration for mid-year joins, and the pace.

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use super::dates::{year_end, year_start};
use super::lang::Lang;
use super::meeting::{Attendance, CREDIT_MAX_MIN, StudyKind};
use super::member::Member;
use super::settings::{RuleSet, Settings};
use super::validation::Problem;

/// How study time is shown: days under `seed2006`, 学时 (hours) under `jy2019`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct CreditUnit {
    pub rule_set: RuleSet,
    pub minutes_per_day: i64,
}

impl CreditUnit {
    pub fn of(s: &Settings) -> CreditUnit {
        CreditUnit { rule_set: s.rule_set, minutes_per_day: s.minutes_per_day() }
    }

    /// Minutes in one unit.
    pub fn minutes(self) -> i64 {
        match self.rule_set {
            RuleSet::Seed2006 => self.minutes_per_day,
            RuleSet::Jy2019 => 60,
        }
    }

    /// The value in units, as a number (for CSV/JSON).
    pub fn value(self, minutes: i64) -> f64 {
        minutes as f64 / self.minutes() as f64
    }

    /// `0.5天` / `4学时` (zh), `0.5 d` / `4 h` (en); one decimal at most, trailing zero cut.
    pub fn format(self, minutes: i64, lang: Lang) -> String {
        let n = trim_number(self.value(minutes));
        match (self.rule_set, lang) {
            (RuleSet::Seed2006, Lang::Zh) => format!("{n}天"),
            (RuleSet::Seed2006, Lang::En) => format!("{n} d"),
            (RuleSet::Jy2019, Lang::Zh) => format!("{n}学时"),
            (RuleSet::Jy2019, Lang::En) => format!("{n} h"),
        }
    }

    /// The unit's name for column headers.
    pub fn name(self, lang: Lang) -> &'static str {
        match self.rule_set {
            RuleSet::Seed2006 => lang.pick("天", "days"),
            RuleSet::Jy2019 => lang.pick("学时", "hours"),
        }
    }

    /// Parses typed credit: `0.5天`, `半天`, `1d`, `3小时`, `3h`, `3学时`, `90分钟`, `90min`;
    /// a bare number is in the branch's unit. Refuses negatives and more than 10 days.
    pub fn parse(self, s: &str) -> Result<i64, Problem> {
        let bad = Problem::Rule {
            zh: "学时格式：0.5天、半天、3小时、3h 或数字",
            en: "credit as 0.5d, 3h, 90min or a number",
        };
        let t = super::dates::ascii_digits(s).trim().to_lowercase().replace(' ', "");
        if t.is_empty() {
            return Err(Problem::Required);
        }
        if t == "半天" {
            return Ok(self.minutes_per_day / 2);
        }
        let units: [(&str, i64); 10] = [
            ("天", self.minutes_per_day),
            ("days", self.minutes_per_day),
            ("day", self.minutes_per_day),
            ("d", self.minutes_per_day),
            ("小时", 60),
            ("学时", 60),
            ("h", 60),
            ("分钟", 1),
            ("min", 1),
            ("m", 1),
        ];
        let (num, per) = units
            .iter()
            .find_map(|(suffix, per)| t.strip_suffix(suffix).map(|n| (n.to_string(), *per)))
            .unwrap_or((t.clone(), self.minutes()));
        let v: f64 = num.parse().map_err(|_| bad.clone())?;
        if !v.is_finite() {
            return Err(bad);
        }
        if v < 0.0 {
            return Err(Problem::Rule { zh: "学时不能为负", en: "credit cannot be negative" });
        }
        let minutes = (v * per as f64).round() as i64;
        if minutes > CREDIT_MAX_MIN {
            return Err(Problem::Rule {
                zh: "学时不能超过 80 小时（10 天）",
                en: "credit cannot exceed 80 hours (10 days)",
            });
        }
        Ok(minutes)
    }
}

fn trim_number(v: f64) -> String {
    let s = format!("{v:.1}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s.is_empty() || s == "-0" { "0".to_string() } else { s.to_string() }
}

/// A member's yearly target, in minutes; `None` when the member is exempt from collective
/// education for the whole of their year in the branch (seed A2, [JY]23: no target; 送学上门
/// is recorded when it happens and counts like attendance).
///
/// - `seed2006` (seed A1): 12 days for 机关/国有企业/事业单位, 6 days for others.
/// - `jy2019` ([JY]20, [GH]): 32 学时; 56 for the secretary and committee members.
///
/// A member who joins or transfers in during the year has the target prorated by the whole
/// months left, counting the month of joining (and of leaving, for an archived member), rounded
/// up to half a day under seed2006 and to a whole 学时 under jy2019 (docs/rules.md).
/// Whole months of an exemption come off the same way: exempt from July, the target covers
/// January to June.
pub fn yearly_target(m: &Member, year: i32, s: &Settings) -> Option<i64> {
    yearly_target_away(m, year, s, &[])
}

/// [`yearly_target`] for a member away from the branch on the days of `away` (both ends
/// included): the whole calendar months away come off the target as exempt months do, because
/// a member away cannot take part in the branch's collective education (中办发〔2006〕21号
/// 《关于加强和改进流动党员管理工作的意见》一; docs/rules.md). Study recorded at the destination
/// still counts as an individual record.
pub fn yearly_target_away(m: &Member, year: i32, s: &Settings, away: &[(NaiveDate, NaiveDate)]) -> Option<i64> {
    let full = match s.rule_set {
        RuleSet::Seed2006 => {
            let days = if m.draft.unit_category.is_public_sector() { 12 } else { 6 };
            days * s.minutes_per_day()
        }
        RuleSet::Jy2019 => {
            let hours = if m.is_committee() { 56 } else { 32 };
            hours * 60
        }
    };
    let in_branch = months_in_year(m, year);
    let exempt = exempt_months_in_year(m, year);
    if exempt > 0 && exempt >= in_branch {
        return None;
    }
    let off = if away.is_empty() { exempt } else { off_months_in_year(m, year, away) };
    let months = in_branch.saturating_sub(off);
    if months >= 12 {
        return Some(full);
    }
    let step = match s.rule_set {
        RuleSet::Seed2006 => s.minutes_per_day() / 2,
        RuleSet::Jy2019 => 60,
    }
    .max(1);
    // ceil(full x months / 12, to a multiple of step), in integers.
    let (num, den) = (full * i64::from(months), 12 * step);
    Some((num + den - 1) / den * step)
}

/// The member's span in the branch within `year`, if any.
fn span_in_year(m: &Member, year: i32) -> Option<(NaiveDate, NaiveDate)> {
    let from = m.branch_start().max(year_start(year));
    let to = m.branch_end().unwrap_or(NaiveDate::MAX).min(year_end(year));
    (from <= to).then_some((from, to))
}

/// Whole calendar months within `from..=to`: a month counts when the span covers its first and
/// its last day.
fn whole_months_within(from: NaiveDate, to: NaiveDate) -> u32 {
    if from > to {
        return 0;
    }
    let first = if from.day() == 1 { from.month0() as i32 } else { from.month0() as i32 + 1 };
    let last =
        if to == super::dates::month_end(to.year(), to.month()) { to.month0() as i32 } else { to.month0() as i32 - 1 };
    let (first, last) = (from.year() * 12 + first, to.year() * 12 + last);
    (last + 1 - first).max(0) as u32
}

/// Whole calendar months of `year` the member belongs to the branch (docs/rules.md: "prorate
/// thresholds by whole months in the branch"): the month of joining counts only when joined on
/// its first day, the month of leaving only when left on its last day.
pub fn months_in_year(m: &Member, year: i32) -> u32 {
    span_in_year(m, year).map_or(0, |(from, to)| whole_months_within(from, to))
}

/// Whole calendar months of the member's year in the branch covered by an exemption (seed A2).
pub fn exempt_months_in_year(m: &Member, year: i32) -> u32 {
    exempt_span_in_year(m, year).map_or(0, |(from, to)| whole_months_within(from, to))
}

/// The part of the member's year in the branch covered by the exemption.
fn exempt_span_in_year(m: &Member, year: i32) -> Option<(NaiveDate, NaiveDate)> {
    let x = m.draft.exemption.as_ref()?;
    let (from, to) = span_in_year(m, year)?;
    let (from, to) = (from.max(x.from.unwrap_or(NaiveDate::MIN)), to.min(x.to.unwrap_or(NaiveDate::MAX)));
    (from <= to).then_some((from, to))
}

/// Whole calendar months of the member's year in the branch that an exemption or an absence
/// in `away` covers.
fn off_months_in_year(m: &Member, year: i32, away: &[(NaiveDate, NaiveDate)]) -> u32 {
    let Some((from, to)) = span_in_year(m, year) else { return 0 };
    let offs = off_spans(m, year, from, to, away);
    (1..=12)
        .filter(|&month| {
            let (Some(first), last) = (NaiveDate::from_ymd_opt(year, month, 1), super::dates::month_end(year, month))
            else {
                return false;
            };
            from <= first && last <= to && offs.iter().any(|&(f, t)| f <= first && last <= t)
        })
        .count() as u32
}

/// The exemption and the absences within `from..=to`, sorted by start.
fn off_spans(
    m: &Member,
    year: i32,
    from: NaiveDate,
    to: NaiveDate,
    away: &[(NaiveDate, NaiveDate)],
) -> Vec<(NaiveDate, NaiveDate)> {
    let clipped = away.iter().map(|&(f, t)| (f.max(from), t.min(to))).filter(|(f, t)| f <= t);
    let mut v: Vec<_> = exempt_span_in_year(m, year).into_iter().chain(clipped).collect();
    v.sort();
    v
}

/// Whether the member belongs to the branch on any day of `year`.
pub fn in_branch_during(m: &Member, year: i32) -> bool {
    m.branch_start() <= year_end(year) && m.branch_end().is_none_or(|e| e >= year_start(year))
}

/// The share of the member's year that has passed by `today`, as (elapsed days, total days)
/// of the span the member belongs to the branch in `year`, leaving out exempt days.
pub fn elapsed_share(m: &Member, year: i32, today: NaiveDate) -> (i64, i64) {
    elapsed_share_away(m, year, today, &[])
}

/// [`elapsed_share`] leaving out the days away too.
pub fn elapsed_share_away(m: &Member, year: i32, today: NaiveDate, away: &[(NaiveDate, NaiveDate)]) -> (i64, i64) {
    let Some((from, to)) = span_in_year(m, year) else {
        return (0, 1);
    };
    let days = |a: NaiveDate, b: NaiveDate| if a > b { 0 } else { (b - a).num_days() + 1 };
    let offs = off_spans(m, year, from, to, away);
    let counted = |upto: NaiveDate| {
        let all = days(from, upto.min(to));
        // The days of the union of the spans, up to `upto`.
        let (mut off, mut covered_to) = (0, None::<NaiveDate>);
        for &(f, t) in &offs {
            let f = covered_to.map_or(f, |c| f.max(c + chrono::Duration::days(1)));
            let t = t.min(upto);
            off += days(f, t);
            covered_to = covered_to.max(Some(t));
        }
        all - off
    };
    let total = counted(to).max(1);
    (counted(today).clamp(0, total), total)
}

/// Whether an individual study record of this kind counts toward the yearly study time
/// (docs/rules.md): 在线学习 and 补学 by the settings, the rest always.
pub fn record_counts(kind: StudyKind, s: &Settings) -> bool {
    match kind {
        StudyKind::Online => s.counts_online(),
        StudyKind::MadeUp => s.count_made_up,
        StudyKind::PartySchool | StudyKind::HigherTraining | StudyKind::HomeDelivered => true,
    }
}

/// What counts toward study time under these settings, in one short line for the study tab.
pub fn counted_summary(s: &Settings, lang: Lang) -> String {
    let (mut yes, mut no): (Vec<&str>, Vec<&str>) = (Vec::new(), Vec::new());
    yes.push(lang.pick("出席/迟到", "attended"));
    (if s.count_made_up { &mut yes } else { &mut no }).push(lang.pick("补学", "make-up"));
    yes.push(lang.pick("送学上门", "visits"));
    yes.push(lang.pick("党校/培训", "training"));
    (if s.counts_online() { &mut yes } else { &mut no }).push(lang.pick("在线学习", "online"));
    let sep = lang.pick(" ", ", ");
    match (lang, no.is_empty()) {
        (Lang::Zh, true) => format!("计入：{}", yes.join(sep)),
        (Lang::Zh, false) => format!("计入：{}；不计：{}", yes.join(sep), no.join(sep)),
        (Lang::En, true) => format!("counts: {}", yes.join(sep)),
        (Lang::En, false) => format!("counts: {}; not {}", yes.join(sep), no.join(sep)),
    }
}

/// Whether a meeting attendance of this status counts toward the yearly study time: those that
/// earn credit, 补学 only when the settings count it.
pub fn attendance_counts(a: Attendance, s: &Settings) -> bool {
    a.earns_credit() && (a != Attendance::MadeUp || s.count_made_up)
}

/// Where a member stands on study time.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Standing {
    /// Exempt: no target.
    Exempt,
    /// Target met.
    Met,
    /// On pace (credited >= expected - tolerance).
    OnTrack,
    /// 落后: below pace.
    Behind,
    /// 未达标: the year is over (or the member has left) and the target was not met. Never
    /// before 31 December: 补学, training and individual records can still add credit.
    Short,
    /// 外出: away (流动党员) for every whole month of the member's year in the branch, so the
    /// target is 0. Not 已达标: nothing was asked, and nothing met; the figures stay as they are.
    Away,
}

impl Standing {
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Standing::Exempt => lang.pick("送学上门", "exempt"),
            Standing::Met => lang.pick("已达标", "met"),
            Standing::OnTrack => lang.pick("正常", "on track"),
            Standing::Behind => lang.pick("落后", "behind"),
            Standing::Short => lang.pick("未达标", "short"),
            Standing::Away => lang.pick("外出", "away"),
        }
    }
}

/// One member's study figures for a year.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct StudyStatus {
    pub target_min: Option<i64>,
    pub credited_min: i64,
    /// Expected by `today` at an even pace.
    pub expected_min: i64,
    /// Target minus credited (0 when met).
    pub shortfall_min: i64,
    pub standing: Standing,
}

/// Computes a member's standing (docs/rules.md):
/// expected = target x elapsed share of the member's year; behind when credited is below
/// expected minus the tolerance; short only once the year is over (or the member has left),
/// because 补学, training and individual records can add credit until then.
pub fn study_status(m: &Member, year: i32, today: NaiveDate, credited_min: i64, s: &Settings) -> StudyStatus {
    study_status_away(m, year, today, credited_min, s, &[])
}

/// [`study_status`] for a member away on the days of `away`: months away come off the target
/// and days away off the pace (see [`yearly_target_away`]).
pub fn study_status_away(
    m: &Member,
    year: i32,
    today: NaiveDate,
    credited_min: i64,
    s: &Settings,
    away: &[(NaiveDate, NaiveDate)],
) -> StudyStatus {
    let target = yearly_target_away(m, year, s, away);
    let Some(t) = target else {
        return StudyStatus {
            target_min: None,
            credited_min,
            expected_min: 0,
            shortfall_min: 0,
            standing: Standing::Exempt,
        };
    };
    let (elapsed, total) = elapsed_share_away(m, year, today, away);
    let expected = t * elapsed / total.max(1);
    let shortfall = (t - credited_min).max(0);
    let behind = credited_min < expected - s.tolerance_min;
    let year_over = today > year_end(year) || m.branch_end().is_some_and(|e| e <= today && e.year() == year);
    let away_in_year = away.iter().any(|&(f, to)| f <= year_end(year) && to >= year_start(year));
    let standing = if t == 0 && away_in_year {
        // A target of 0 because every month was away is no target met.
        Standing::Away
    } else if shortfall == 0 {
        Standing::Met
    } else if year_over {
        Standing::Short
    } else if behind {
        Standing::Behind
    } else {
        Standing::OnTrack
    };
    StudyStatus { target_min: Some(t), credited_min, expected_min: expected, shortfall_min: shortfall, standing }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::member::{Archive, ArchiveReason, Exemption, PartyPost, UnitCategory};
    use crate::domain::testing::{self, d};

    fn member(cat: UnitCategory) -> Member {
        let mut m = testing::member(1);
        m.draft.unit_category = cat;
        m
    }

    const DAY: i64 = 480;

    #[test]
    fn parses_typed_credit() {
        let u = CreditUnit { rule_set: RuleSet::Seed2006, minutes_per_day: DAY };
        assert_eq!(u.parse("0.5天"), Ok(240));
        assert_eq!(u.parse("半天"), Ok(240));
        assert_eq!(u.parse("3小时"), Ok(180));
        assert_eq!(u.parse("3h"), Ok(180));
        assert_eq!(u.parse("3 H"), Ok(180));
        assert_eq!(u.parse("90分钟"), Ok(90));
        assert_eq!(u.parse("2"), Ok(960), "a bare number is days under seed2006");
        assert_eq!(u.parse("10天"), Ok(4800));
        assert!(u.parse("10.5天").is_err());
        assert!(u.parse("-1h").is_err());
        assert!(u.parse("abc").is_err());
        assert!(u.parse("NaN").is_err());
        let j = CreditUnit { rule_set: RuleSet::Jy2019, minutes_per_day: DAY };
        assert_eq!(j.parse("2"), Ok(120), "a bare number is 学时 under jy2019");
    }

    #[test]
    fn formats_in_the_rule_sets_unit() {
        let u = CreditUnit { rule_set: RuleSet::Seed2006, minutes_per_day: DAY };
        assert_eq!(u.format(240, Lang::Zh), "0.5天");
        assert_eq!(u.format(4800, Lang::Zh), "10天");
        assert_eq!(u.format(180, Lang::En), "0.4 d");
        assert_eq!(u.format(5236, Lang::Zh), "10.9天");
        assert_eq!(u.format(0, Lang::Zh), "0天");
        let j = CreditUnit { rule_set: RuleSet::Jy2019, minutes_per_day: DAY };
        assert_eq!(j.format(90, Lang::Zh), "1.5学时");
    }

    #[test]
    fn targets_by_rule_set_and_unit_category() {
        let s = Settings::default();
        assert_eq!(yearly_target(&member(UnitCategory::Soe), 2026, &s), Some(12 * DAY));
        assert_eq!(yearly_target(&member(UnitCategory::Other), 2026, &s), Some(6 * DAY));
        let j = Settings { rule_set: RuleSet::Jy2019, ..Settings::default() };
        assert_eq!(yearly_target(&member(UnitCategory::Other), 2026, &j), Some(32 * 60));
        let mut sec = member(UnitCategory::Other);
        sec.draft.posts = vec![PartyPost::Secretary];
        assert_eq!(yearly_target(&sec, 2026, &j), Some(56 * 60));
    }

    #[test]
    fn exempt_members_have_no_target() {
        let s = Settings::default();
        let mut m = member(UnitCategory::GovOrgan);
        m.draft.exemption = Some(Exemption { reason: "年老体弱".into(), from: None, to: None });
        assert_eq!(yearly_target(&m, 2026, &s), None);
        // Exempt only from July: the target covers January to June.
        m.draft.exemption = Some(Exemption { reason: "重病".into(), from: Some(d(2026, 7, 1)), to: None });
        assert_eq!(yearly_target(&m, 2026, &s), Some(6 * DAY));
        assert_eq!(yearly_target(&m, 2027, &s), None);
    }

    #[test]
    fn proration_by_whole_months_rounded_up_to_half_a_day() {
        let s = Settings::default();
        let mut m = member(UnitCategory::GovOrgan);
        // Joined on 31 March: April..December = 9 whole months; 12 x 9/12 = 9 days.
        m.draft.joined_on = Some(d(2026, 3, 31));
        assert_eq!(months_in_year(&m, 2026), 9);
        assert_eq!(yearly_target(&m, 2026, &s), Some(9 * DAY));
        // Joined on 1 April: April counts.
        m.draft.joined_on = Some(d(2026, 4, 1));
        assert_eq!(months_in_year(&m, 2026), 9);
        // 6 days x 5/12 = 2.5 days.
        let mut o = member(UnitCategory::Other);
        o.draft.joined_on = Some(d(2026, 8, 1));
        assert_eq!(yearly_target(&o, 2026, &s), Some(5 * DAY / 2));
        // 6 days x 1/12 = 0.5 day; joining on 31 December leaves no whole month.
        o.draft.joined_on = Some(d(2026, 12, 1));
        assert_eq!(yearly_target(&o, 2026, &s), Some(DAY / 2));
        o.draft.joined_on = Some(d(2026, 12, 31));
        assert_eq!(yearly_target(&o, 2026, &s), Some(0));
        // 6 days x 7/12 = 3.5 days exactly; 12 x 7/12 = 7.
        o.draft.joined_on = Some(d(2026, 6, 1));
        assert_eq!(yearly_target(&o, 2026, &s), Some(7 * DAY / 2));
        // Joined mid-November: December only, 6 x 1/12 = 0.5 day.
        o.draft.joined_on = Some(d(2026, 11, 15));
        assert_eq!(yearly_target(&o, 2026, &s), Some(DAY / 2));
        // Joined on 1 January: the whole year.
        o.draft.joined_on = Some(d(2026, 1, 1));
        assert_eq!(yearly_target(&o, 2026, &s), Some(6 * DAY));
    }

    #[test]
    fn proration_rounds_up_to_half_a_day_when_uneven() {
        let s = Settings::default();
        let mut o = member(UnitCategory::Other);
        // 6 days x 3/12 = 1.5 days exactly; 12 days x 5/12 = 5 days.
        o.draft.joined_on = Some(d(2026, 10, 1));
        assert_eq!(yearly_target(&o, 2026, &s), Some(3 * DAY / 2));
        let mut g = member(UnitCategory::GovOrgan);
        g.draft.joined_on = Some(d(2026, 8, 1));
        assert_eq!(yearly_target(&g, 2026, &s), Some(5 * DAY));
        // 6 days x 5/12 = 2.5 days; 7-hour days: 6 x 420 x 5/12 = 1050 min = 2.5 days exactly.
        let s7h = Settings { hours_per_day: 7, ..Settings::default() };
        o.draft.joined_on = Some(d(2026, 8, 1));
        assert_eq!(yearly_target(&o, 2026, &s7h), Some(1050));
        // 7-hour days: 6 x 7h x 1/12 = 210 min, rounded up to half a day = 210.
        let s7 = Settings { hours_per_day: 7, ..Settings::default() };
        o.draft.joined_on = Some(d(2026, 12, 1));
        assert_eq!(yearly_target(&o, 2026, &s7), Some(210));
        // 12 x 7h x 1/12 = 420 min = 1 day exactly.
        g.draft.joined_on = Some(d(2026, 12, 1));
        assert_eq!(yearly_target(&g, 2026, &s7), Some(420));
    }

    #[test]
    fn archived_mid_year_is_prorated_too() {
        let s = Settings::default();
        let mut m = member(UnitCategory::GovOrgan);
        m.archive = Some(Archive { reason: ArchiveReason::TransferredOut, date: d(2026, 6, 30), note: String::new() });
        assert_eq!(months_in_year(&m, 2026), 6);
        assert_eq!(yearly_target(&m, 2026, &s), Some(6 * DAY));
        assert_eq!(months_in_year(&m, 2027), 0);
        // Leaving on 1 June: June is not a whole month in the branch.
        m.archive = Some(Archive { reason: ArchiveReason::TransferredOut, date: d(2026, 6, 1), note: String::new() });
        assert_eq!(yearly_target(&m, 2026, &s), Some(5 * DAY));
    }

    #[test]
    fn pace_on_first_and_last_day_and_leap_years() {
        let m = member(UnitCategory::GovOrgan);
        assert_eq!(elapsed_share(&m, 2026, d(2026, 1, 1)), (1, 365));
        assert_eq!(elapsed_share(&m, 2026, d(2026, 12, 31)), (365, 365));
        assert_eq!(elapsed_share(&m, 2028, d(2028, 2, 29)), (60, 366));
        assert_eq!(elapsed_share(&m, 2026, d(2025, 12, 31)), (0, 365));
        assert_eq!(elapsed_share(&m, 2025, d(2026, 1, 1)), (365, 365));
    }

    #[test]
    fn standing_behind_short_and_met() {
        let s = Settings::default();
        let m = member(UnitCategory::GovOrgan);
        let target = 12 * DAY;
        // Mid-year, half done: on track.
        let st = study_status(&m, 2026, d(2026, 7, 2), target / 2, &s);
        assert_eq!(st.standing, Standing::OnTrack);
        // Within the half-day tolerance below pace: still on track.
        let exp = st.expected_min;
        assert_eq!(study_status(&m, 2026, d(2026, 7, 2), exp - s.tolerance_min, &s).standing, Standing::OnTrack);
        assert_eq!(study_status(&m, 2026, d(2026, 7, 2), exp - s.tolerance_min - 1, &s).standing, Standing::Behind);
        // Far behind in July is behind, never short: the year is not over.
        assert_eq!(study_status(&m, 2026, d(2026, 7, 2), DAY, &s).standing, Standing::Behind);
        // After 31 December any shortfall is short; the target met is met.
        assert_eq!(study_status(&m, 2026, d(2027, 1, 1), target - 1, &s).standing, Standing::Short);
        assert_eq!(study_status(&m, 2026, d(2026, 12, 31), target - 1, &s).standing, Standing::OnTrack);
        assert_eq!(
            study_status(&m, 2026, d(2026, 12, 31), target - s.tolerance_min - 1, &s).standing,
            Standing::Behind
        );
        assert_eq!(study_status(&m, 2026, d(2026, 3, 1), target, &s).standing, Standing::Met);
        // 1 January with nothing yet: on track.
        assert_eq!(study_status(&m, 2026, d(2026, 1, 1), 0, &s).standing, Standing::OnTrack);
    }
}
