//! Branch settings (docs/rules.md): stored as key/value pairs so
//! that a new parameter needs no schema change; every value is validated here.

use serde::Serialize;

use super::meeting::MeetingKind;
use super::validation::{Errors, FieldError};

vocab! {
    /// The branch's unit type (docs/rules.md).
    pub enum UnitType {
        GovOrgan = ("gov_organ", "机关", "gov. organ"),
        Soe = ("soe", "国有企业", "state-owned enterprise"),
        PublicInstitution = ("public_institution", "事业单位", "public institution"),
        Rural = ("rural", "农村", "rural"),
        Community = ("community", "社区", "community"),
        PrivateEnterprise = ("private_enterprise", "非公企业", "private enterprise"),
        SocialOrg = ("social_org", "社会组织", "social organisation"),
        School = ("school", "学校", "school"),
        Other = ("other", "其他", "other"),
    }
}

vocab! {
    /// Which study-time rule applies (docs/rules.md, 集中学习时间).
    pub enum RuleSet {
        /// 中办发〔2006〕21号: 12 days (机关/国企/事业单位) or 6 days (others), seed A1.
        Seed2006 = ("seed2006", "2006年意见（12天/6天）", "2006 rules (12 / 6 days)"),
        /// 党员教育管理工作条例 2019 art. 20: 32 学时; 56 for committee members ([GH]).
        Jy2019 = ("jy2019", "2019年条例（32/56学时）", "2019 rules (32 / 56 hours)"),
    }
}

vocab! {
    /// How often a kind of meeting is required (docs/rules.md).
    pub enum Cadence {
        None = ("none", "不要求", "not required"),
        Month = ("month", "每月", "monthly"),
        Quarter = ("quarter", "每季度", "quarterly"),
        Year = ("year", "每年", "yearly"),
    }
}

/// The branch's settings. `Default` gives the documented defaults.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Settings {
    pub branch_name: String,
    pub superior: String,
    pub unit_type: UnitType,
    pub rule_set: RuleSet,
    /// Hours in one study day under `seed2006` (default 8).
    pub hours_per_day: u32,
    /// Draw borders with `+-|` (some Chinese Windows consoles draw line characters two cells wide).
    pub ascii_borders: bool,
    /// Default study credit per meeting kind, in minutes (docs/rules.md: half a day for collective
    /// education, 0 for 支委会).
    pub kind_credit_min: Vec<(MeetingKind, i64)>,
    /// "Behind pace" allows this much, in minutes (default half a day).
    pub tolerance_min: i64,
    /// Required cadence per meeting kind (docs/rules.md).
    pub cadence: Vec<(MeetingKind, Cadence)>,
    /// Days after a period closes before a missing meeting is overdue (default 0).
    pub grace_days: u32,
    /// Days before a period closes when a missing meeting is "due soon" (default 7).
    pub warn_days: u32,
    /// The same for yearly items (组织生活会, a cadre's 党课, the secretary's rotation; default 30).
    pub yearly_warn_days: u32,
    /// Last day for the year's 组织生活会, as MM-DD; a date before July means the next year
    /// (default 12-31; "02-28" lets year N's meeting be held in early N+1).
    pub org_life_cutoff: (u32, u32),
    /// Probation end: "due soon" this many days before (default 30).
    pub probation_warn_days: u32,
    /// Probation end: overdue this many days after, without a conversion (default 30).
    pub probation_grace_days: u32,
    /// Months without organisational life that raise a warning (default 3; overdue is fixed at
    /// 6 by 党章 art. 9).
    pub org_life_warn_months: u32,
    /// Years between the secretary's party-school rotations (seed A15: 3; [GH]: 1).
    pub rotation_years: u32,
    /// The first day the branch's records are kept in this file (台账起始日). Nothing before it is
    /// required: a new file does not flag years of meetings it never recorded. `None` = the
    /// earliest record in the file.
    pub records_from: Option<chrono::NaiveDate>,
    /// Whether 在线学习 records count toward the yearly study time (docs/rules.md). `None`: by
    /// the rule set; not under seed2006, whose A4 makes self-study
    /// separate from collective education; yes under jy2019.
    pub count_online: Option<bool>,
    /// Whether 补学 (make-up study) counts toward the yearly study time (default yes).
    pub count_made_up: bool,
    /// 党费: due day, rounding, reminder threshold (stored under `dues.` keys).
    pub dues: super::dues::DuesSettings,
    /// The day, as MM-DD, by which each eligible member has made the year's pledge (seed B2, docs/rules.md;
    /// default 03-31).
    pub pledge_deadline: (u32, u32),
    /// Days after which an issue the masses raised with no feedback is overdue (seed B7; default 15).
    pub feedback_days: u32,
    /// The most 优秀 grades in a round, as a share of the members graded (domain.md §2.6:
    /// "一般不超过党员总数的1/3"; default 1/3).
    pub excellent_cap: (u32, u32),
    /// The fixed 主题党日 day the year's plan proposes (stored under `theme_day.` keys).
    pub theme_day: super::theme_day::ThemeDay,
    /// Months within which the branch is in touch with each member away (《中国共产党党员教育管理
    /// 工作条例》第三十二条 "保持经常联系"; default 3, a quarter; members abroad every 6 months).
    pub mobile_contact_months: u32,
}

impl Default for Settings {
    fn default() -> Self {
        use MeetingKind::*;
        Settings {
            branch_name: String::new(),
            superior: String::new(),
            unit_type: UnitType::GovOrgan,
            rule_set: RuleSet::Seed2006,
            hours_per_day: 8,
            ascii_borders: false,
            kind_credit_min: MeetingKind::ALL
                .iter()
                .map(|&k| (k, if k == CommitteeMeeting { 0 } else { 240 }))
                .collect(),
            tolerance_min: 240,
            cadence: MeetingKind::ALL
                .iter()
                .map(|&k| {
                    let c = match k {
                        GeneralMeeting | PartyLecture => Cadence::Quarter,
                        CommitteeMeeting | GroupMeeting | ThemeDay => Cadence::Month,
                        OrgLifeMeeting => Cadence::Year,
                        Training | Report | Seminar => Cadence::None,
                    };
                    (k, c)
                })
                .collect(),
            grace_days: 0,
            warn_days: 7,
            yearly_warn_days: 30,
            org_life_cutoff: (12, 31),
            probation_warn_days: 30,
            probation_grace_days: 30,
            org_life_warn_months: 3,
            rotation_years: 3,
            records_from: None,
            count_online: None,
            count_made_up: true,
            dues: Default::default(),
            pledge_deadline: (3, 31),
            feedback_days: 15,
            excellent_cap: (1, 3),
            theme_day: Default::default(),
            mobile_contact_months: 3,
        }
    }
}

/// Keys of the settings table.
pub mod key {
    pub const BRANCH_NAME: &str = "branch_name";
    pub const SUPERIOR: &str = "superior";
    pub const UNIT_TYPE: &str = "unit_type";
    pub const RULE_SET: &str = "rule_set";
    pub const HOURS_PER_DAY: &str = "hours_per_day";
    pub const ASCII_BORDERS: &str = "ascii_borders";
    pub const TOLERANCE: &str = "tolerance_min";
    pub const GRACE_DAYS: &str = "grace_days";
    pub const WARN_DAYS: &str = "warn_days";
    pub const YEARLY_WARN_DAYS: &str = "yearly_warn_days";
    pub const ORG_LIFE_CUTOFF: &str = "org_life_cutoff";
    pub const PROBATION_WARN: &str = "probation_warn_days";
    pub const PROBATION_GRACE: &str = "probation_grace_days";
    pub const ORG_LIFE_WARN: &str = "org_life_warn_months";
    pub const ROTATION_YEARS: &str = "rotation_years";
    pub const RECORDS_FROM: &str = "records_from";
    pub const COUNT_ONLINE: &str = "count_online";
    pub const COUNT_MADE_UP: &str = "count_made_up";
    pub const PLEDGE_DEADLINE: &str = "pledge_deadline";
    pub const FEEDBACK_DAYS: &str = "feedback_days";
    pub const EXCELLENT_CAP: &str = "excellent_cap";
    pub const MOBILE_CONTACT: &str = "mobile_contact_months";
    /// Prefix of the per-kind credit keys: `credit.<kind id>`.
    pub const CREDIT_PREFIX: &str = "credit.";
    /// Prefix of the per-kind cadence keys: `cadence.<kind id>`.
    pub const CADENCE_PREFIX: &str = "cadence.";
}

/// Allowed ranges, shared by validation and the settings form.
pub mod range {
    pub const HOURS_PER_DAY: (i64, i64) = (1, 12);
    pub const GRACE_DAYS: (i64, i64) = (0, 90);
    pub const WARN_DAYS: (i64, i64) = (0, 60);
    pub const YEARLY_WARN_DAYS: (i64, i64) = (0, 120);
    pub const PROBATION_DAYS: (i64, i64) = (0, 180);
    pub const ORG_LIFE_WARN: (i64, i64) = (1, 5);
    pub const ROTATION_YEARS: (i64, i64) = (1, 5);
    pub const FEEDBACK_DAYS: (i64, i64) = (1, 90);
    pub const MOBILE_CONTACT: (i64, i64) = (1, 12);
}

impl Settings {
    pub fn credit_for(&self, kind: MeetingKind) -> i64 {
        self.kind_credit_min.iter().find(|(k, _)| *k == kind).map_or(0, |(_, m)| *m)
    }

    pub fn cadence_for(&self, kind: MeetingKind) -> Cadence {
        self.cadence.iter().find(|(k, _)| *k == kind).map_or(Cadence::None, |(_, c)| *c)
    }

    /// The default credit of a meeting with these kinds: the largest of its kinds' credits,
    /// because a meeting of several kinds is credited once.
    pub fn credit_for_kinds(&self, kinds: &[MeetingKind]) -> i64 {
        kinds.iter().map(|&k| self.credit_for(k)).max().unwrap_or(0)
    }

    /// The last day for year `year`'s 组织生活会: the cutoff MM-DD, in the next year when it
    /// falls before July (docs/rules.md org_life_meeting).
    pub fn org_life_deadline(&self, year: i32) -> chrono::NaiveDate {
        let (m, d) = self.org_life_cutoff;
        let y = if m < 7 { year + 1 } else { year };
        chrono::NaiveDate::from_ymd_opt(y, m, d)
            .or_else(|| chrono::NaiveDate::from_ymd_opt(y, m, 28))
            .unwrap_or_else(|| super::dates::year_end(year))
    }

    /// Whether 在线学习 counts toward study time (see `count_online`).
    pub fn counts_online(&self) -> bool {
        self.count_online.unwrap_or(self.rule_set == RuleSet::Jy2019)
    }

    pub fn minutes_per_day(&self) -> i64 {
        i64::from(self.hours_per_day) * 60
    }

    /// Every setting as (key, stored text).
    pub fn to_pairs(&self) -> Vec<(String, String)> {
        use key::*;
        let mut v = vec![
            (BRANCH_NAME.to_string(), self.branch_name.clone()),
            (SUPERIOR.to_string(), self.superior.clone()),
            (UNIT_TYPE.to_string(), self.unit_type.id().to_string()),
            (RULE_SET.to_string(), self.rule_set.id().to_string()),
            (HOURS_PER_DAY.to_string(), self.hours_per_day.to_string()),
            (ASCII_BORDERS.to_string(), (self.ascii_borders as u8).to_string()),
            (TOLERANCE.to_string(), self.tolerance_min.to_string()),
            (GRACE_DAYS.to_string(), self.grace_days.to_string()),
            (WARN_DAYS.to_string(), self.warn_days.to_string()),
            (YEARLY_WARN_DAYS.to_string(), self.yearly_warn_days.to_string()),
            (ORG_LIFE_CUTOFF.to_string(), format!("{:02}-{:02}", self.org_life_cutoff.0, self.org_life_cutoff.1)),
            (PROBATION_WARN.to_string(), self.probation_warn_days.to_string()),
            (PROBATION_GRACE.to_string(), self.probation_grace_days.to_string()),
            (ORG_LIFE_WARN.to_string(), self.org_life_warn_months.to_string()),
            (ROTATION_YEARS.to_string(), self.rotation_years.to_string()),
            (RECORDS_FROM.to_string(), super::dates::fmt_opt(self.records_from)),
            (COUNT_ONLINE.to_string(), self.count_online.map_or(String::new(), |b| (b as u8).to_string())),
            (COUNT_MADE_UP.to_string(), (self.count_made_up as u8).to_string()),
            (PLEDGE_DEADLINE.to_string(), format!("{:02}-{:02}", self.pledge_deadline.0, self.pledge_deadline.1)),
            (FEEDBACK_DAYS.to_string(), self.feedback_days.to_string()),
            (EXCELLENT_CAP.to_string(), format!("{}/{}", self.excellent_cap.0, self.excellent_cap.1)),
            (MOBILE_CONTACT.to_string(), self.mobile_contact_months.to_string()),
        ];
        for (k, m) in &self.kind_credit_min {
            v.push((format!("{CREDIT_PREFIX}{}", k.id()), m.to_string()));
        }
        for (k, c) in &self.cadence {
            v.push((format!("{CADENCE_PREFIX}{}", k.id()), c.id().to_string()));
        }
        v.extend(self.dues.to_pairs());
        v.extend(self.theme_day.to_pairs());
        v
    }

    /// Reads stored pairs over the defaults. A value that does not parse keeps its default, so
    /// a hand-edited database never stops the program from opening.
    pub fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Settings {
        use key::*;
        let mut s = Settings::default();
        for (k, v) in pairs {
            let num = || v.parse::<u32>().ok();
            match k {
                BRANCH_NAME => s.branch_name = v.to_string(),
                SUPERIOR => s.superior = v.to_string(),
                UNIT_TYPE => s.unit_type = UnitType::from_id(v).unwrap_or(s.unit_type),
                RULE_SET => s.rule_set = RuleSet::from_id(v).unwrap_or(s.rule_set),
                HOURS_PER_DAY => s.hours_per_day = num().filter(|h| (1..=12).contains(h)).unwrap_or(8),
                ASCII_BORDERS => s.ascii_borders = v == "1",
                TOLERANCE => s.tolerance_min = v.parse().ok().filter(|m| *m >= 0).unwrap_or(s.tolerance_min),
                GRACE_DAYS => s.grace_days = num().unwrap_or(s.grace_days),
                WARN_DAYS => s.warn_days = num().unwrap_or(s.warn_days),
                YEARLY_WARN_DAYS => s.yearly_warn_days = num().unwrap_or(s.yearly_warn_days),
                ORG_LIFE_CUTOFF => s.org_life_cutoff = parse_month_day(v).unwrap_or(s.org_life_cutoff),
                PROBATION_WARN => s.probation_warn_days = num().unwrap_or(s.probation_warn_days),
                PROBATION_GRACE => s.probation_grace_days = num().unwrap_or(s.probation_grace_days),
                ORG_LIFE_WARN => s.org_life_warn_months = num().filter(|m| (1..=5).contains(m)).unwrap_or(3),
                ROTATION_YEARS => s.rotation_years = num().filter(|y| (1..=5).contains(y)).unwrap_or(3),
                RECORDS_FROM => s.records_from = super::dates::parse_iso(v),
                COUNT_ONLINE => s.count_online = matches!(v, "0" | "1").then_some(v == "1"),
                COUNT_MADE_UP => s.count_made_up = v != "0",
                _ if k.starts_with(super::dues::key::PREFIX) => s.dues.set(k, v),
                _ if k.starts_with(super::theme_day::key::PREFIX) => s.theme_day.set(k, v),
                PLEDGE_DEADLINE => s.pledge_deadline = parse_month_day(v).unwrap_or(s.pledge_deadline),
                FEEDBACK_DAYS => s.feedback_days = num().filter(|d| (1..=90).contains(d)).unwrap_or(15),
                EXCELLENT_CAP => s.excellent_cap = parse_share(v).unwrap_or(s.excellent_cap),
                MOBILE_CONTACT => s.mobile_contact_months = num().filter(|m| (1..=12).contains(m)).unwrap_or(3),
                _ => {
                    if let Some(kind) = k.strip_prefix(CREDIT_PREFIX).and_then(MeetingKind::from_id)
                        && let Ok(m) = v.parse::<i64>()
                        && let Some(slot) = s.kind_credit_min.iter_mut().find(|(kk, _)| *kk == kind)
                    {
                        slot.1 = m;
                    } else if let Some(kind) = k.strip_prefix(CADENCE_PREFIX).and_then(MeetingKind::from_id)
                        && let Some(c) = Cadence::from_id(v)
                        && let Some(slot) = s.cadence.iter_mut().find(|(kk, _)| *kk == kind)
                    {
                        slot.1 = c;
                    }
                }
            }
        }
        s
    }
}

/// Parses `MM-DD` (a real day in a leap year, so 02-29 is allowed).
pub fn parse_month_day(v: &str) -> Option<(u32, u32)> {
    let (m, d) = v.trim().split_once('-')?;
    let (m, d) = (m.parse().ok()?, d.parse().ok()?);
    chrono::NaiveDate::from_ymd_opt(2024, m, d).map(|_| (m, d))
}

/// Parses a share `a/b` with 0 <= a <= b <= 100 (the 优秀 cap).
pub fn parse_share(v: &str) -> Option<(u32, u32)> {
    let (a, b) = v.trim().split_once('/')?;
    let (a, b): (u32, u32) = (a.trim().parse().ok()?, b.trim().parse().ok()?);
    (b >= 1 && a <= b && b <= 100).then_some((a, b))
}

/// Field keys of the settings form that are not plain setting keys.
pub mod field {
    pub const BRANCH_NAME: &str = "branch_name";
    pub const SUPERIOR: &str = "superior";
}

/// Checks settings (text lengths and ranges).
pub fn validate_settings(s: &Settings) -> Result<(), Vec<FieldError>> {
    let mut e = Errors::default();
    e.text(key::BRANCH_NAME, &s.branch_name, false, 40);
    e.text(key::SUPERIOR, &s.superior, false, 40);
    e.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pairs_round_trip() {
        let mut s = Settings {
            branch_name: "第一党支部".into(),
            rule_set: RuleSet::Jy2019,
            hours_per_day: 7,
            org_life_cutoff: (2, 28),
            count_online: Some(true),
            count_made_up: false,
            pledge_deadline: (4, 30),
            feedback_days: 10,
            ..Settings::default()
        };
        s.kind_credit_min[0].1 = 480;
        s.cadence[3].1 = Cadence::Month;
        let pairs = s.to_pairs();
        let back = Settings::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())));
        assert_eq!(back, s);
    }

    #[test]
    fn bad_stored_values_keep_defaults() {
        let s = Settings::from_pairs([("hours_per_day", "0"), ("rule_set", "x"), ("org_life_cutoff", "02-30")]);
        assert_eq!(s, Settings::default());
    }

    #[test]
    fn defaults_follow_domain_md() {
        let s = Settings::default();
        assert_eq!(s.credit_for(MeetingKind::CommitteeMeeting), 0);
        assert_eq!(s.credit_for(MeetingKind::ThemeDay), 240);
        assert_eq!(s.cadence_for(MeetingKind::GeneralMeeting), Cadence::Quarter);
        assert_eq!(s.cadence_for(MeetingKind::GroupMeeting), Cadence::Month);
        assert_eq!(s.cadence_for(MeetingKind::OrgLifeMeeting), Cadence::Year);
        assert_eq!(s.credit_for_kinds(&[MeetingKind::CommitteeMeeting, MeetingKind::PartyLecture]), 240);
    }
}
