//! Members (党员) and party groups (党小组): their fields and vocabularies.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::dates::{add_months, whole_years};
use super::era::Era;
use super::lang::Lang;
use super::validation::{Errors, FieldError, Problem};

/// A member's short texts (number, name, ethnicity, phone, work unit): kept inline, without an
/// allocation of their own, up to 24 bytes (8 Chinese characters), which nearly all are. A
/// large branch holds its member list twice (as entered and as the records see it, see
/// `Member::as_recorded_from`), so this saves five allocations per member and copy.
pub type Text = compact_str::CompactString;

vocab! {
    pub enum Gender {
        Male = ("male", "男", "male"),
        Female = ("female", "女", "female"),
    }
}

vocab! {
    /// Only the two statuses of a member of the branch; everything else is an archive reason.
    pub enum MemberStatus {
        Probationary = ("probationary", "预备党员", "probation"),
        Full = ("full", "正式党员", "full"),
    }
}

vocab! {
    /// Decides the collective-education target under `seed2006` (docs/rules.md, seed A1).
    pub enum UnitCategory {
        GovOrgan = ("gov_organ", "机关", "gov."),
        Soe = ("soe", "国有企业", "SOE"),
        PublicInstitution = ("public_institution", "事业单位", "public"),
        Other = ("other", "其他", "other"),
    }
}

impl UnitCategory {
    /// Members in 机关, 国有企业 and 事业单位 need 12 days; all others 6 (seed A1).
    pub fn is_public_sector(self) -> bool {
        !matches!(self, UnitCategory::Other)
    }
}

vocab! {
    /// Committee posts. 党小组长 is not stored here: it follows from `PartyGroup::leader_id`.
    pub enum PartyPost {
        Secretary = ("secretary", "书记", "secretary"),
        DeputySecretary = ("deputy_secretary", "副书记", "deputy"),
        Organization = ("organization", "组织委员", "organiser"),
        Publicity = ("publicity", "宣传委员", "publicity"),
        Discipline = ("discipline", "纪检委员", "discipline"),
    }
}

vocab! {
    pub enum CadreLevel {
        Provincial = ("provincial", "省部级", "provincial"),
        CityCounty = ("city_county", "市县级", "city/county"),
        Other = ("other", "其他", "other"),
    }
}

vocab! {
    /// Why a member left the branch's active list (docs/rules.md member status).
    pub enum ArchiveReason {
        TransferredOut = ("transferred_out", "转出", "transferred out"),
        Deceased = ("deceased", "去世", "deceased"),
        Other = ("other", "其他", "other"),
        /// 除名 decided by the 支部大会 and approved above (组织处置, [JY]31).
        Removed = ("removed", "除名", "removed"),
        /// 停止党籍 decided and approved ([JY]24).
        Suspended = ("suspended", "停止党籍", "suspended"),
    }
}

/// Exemption from collective education (seed A2, [JY]23): 送学上门 instead of a day target.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Exemption {
    pub reason: String,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
}

impl Exemption {
    /// Whether the exemption covers `day` (open ends cover everything on that side).
    pub fn covers(&self, day: NaiveDate) -> bool {
        self.from.is_none_or(|f| f <= day) && self.to.is_none_or(|t| day <= t)
    }
}

/// A member's departure from the branch; members are archived, never deleted.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Archive {
    pub reason: ArchiveReason,
    pub date: NaiveDate,
    pub note: String,
}

/// Everything the secretary types about a member (the form's content once parsed).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberDraft {
    pub name: Text,
    pub gender: Gender,
    pub birth_date: NaiveDate,
    pub ethnicity: Text,
    pub phone: Text,
    pub work_unit: Text,
    pub unit_category: UnitCategory,
    pub group_id: Option<i64>,
    pub status: MemberStatus,
    /// 入党日期: the 支部大会 admission, start of probation and of dues.
    pub admission_date: NaiveDate,
    /// 转正日期: end of probation; 党龄 counts from here.
    pub conversion_date: Option<NaiveDate>,
    /// 延长预备期: 0, or 6 to 12 months ([DZ]7: "不能少于半年，最长不超过一年"), at most once.
    #[serde(default)]
    pub probation_extension_months: u32,
    /// 转入日期: when the member's relation came to this branch, if after admission.
    pub joined_on: Option<NaiveDate>,
    pub exemption: Option<Exemption>,
    pub cadre_level: Option<CadreLevel>,
    pub posts: Vec<PartyPost>,
    pub notes: String,
}

/// A stored member.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Member {
    pub id: i64,
    /// 党员编号: assigned by the program, unique, shown and searchable.
    pub number: Text,
    #[serde(flatten)]
    pub draft: MemberDraft,
    pub archive: Option<Archive>,
    /// The day the member was entered into this file (录入日期); `None` for members entered
    /// before the program kept it. See `as_recorded_from`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entered_on: Option<NaiveDate>,
}

impl Member {
    /// The first day the member belongs to this branch.
    pub fn branch_start(&self) -> NaiveDate {
        self.draft.joined_on.unwrap_or(self.draft.admission_date)
    }

    /// The last day the member belongs to this branch, if archived.
    pub fn branch_end(&self) -> Option<NaiveDate> {
        self.archive.as_ref().map(|a| a.date)
    }

    /// Whether the member is in the branch on `day`.
    pub fn in_branch_on(&self, day: NaiveDate) -> bool {
        self.branch_start() <= day && self.branch_end().is_none_or(|e| day <= e)
    }

    pub fn is_archived(&self) -> bool {
        self.archive.is_some()
    }

    /// Whether the member has left the branch by `today` (archived on or before it): from the
    /// archive day on the member raises nothing and is no longer the branch's member away
    /// (docs/rules.md 通用约定; `evaluation::drop_archived`).
    pub fn gone_by(&self, today: NaiveDate) -> bool {
        self.branch_end().is_some_and(|e| e <= today)
    }

    /// Whether the member holds a committee post (书记, 副书记, 委员).
    pub fn is_committee(&self) -> bool {
        !self.draft.posts.is_empty()
    }

    pub fn is_leading_cadre(&self) -> bool {
        self.draft.cadre_level.is_some()
    }

    /// Whether the member is a full member on `day` (converted by then).
    pub fn is_full_on(&self, day: NaiveDate) -> bool {
        self.draft.status == MemberStatus::Full && self.draft.conversion_date.is_none_or(|c| c <= day)
    }

    /// Whether the member is exempt from collective education on `day`.
    pub fn exempt_on(&self, day: NaiveDate) -> bool {
        self.draft.exemption.as_ref().is_some_and(|e| e.covers(day))
    }

    /// The member as the records see them: one who was in the branch before the records begin
    /// (`Settings::records_from`) counts as joining on that day, so targets, cadences and the
    /// six-month rule ask nothing of the time before. A member entered after the records began,
    /// with no 转入日期, counts from the day of entry: the file knows nothing of their time in the
    /// branch before it (docs/rules.md).
    pub fn as_recorded_from(&self, from: NaiveDate) -> Member {
        let mut m = self.clone();
        let start = match (m.draft.joined_on, m.entered_on) {
            (None, Some(entered)) if entered > from => entered,
            _ => from,
        };
        if m.branch_start() < start {
            m.draft.joined_on = Some(start);
        }
        m
    }

    /// The name as shown where two active members share it: with the member number beside it.
    pub fn shown_name(&self, shared: &std::collections::HashSet<String>) -> String {
        if shared.contains(self.draft.name.as_str()) {
            format!("{}({})", self.draft.name, self.number)
        } else {
            self.draft.name.to_string()
        }
    }
}

/// Names that two or more members in the branch on `day` share (issue: two 张伟 must be told
/// apart wherever a name is shown).
pub fn shared_names(members: &[Member], day: NaiveDate) -> std::collections::HashSet<String> {
    let mut seen = std::collections::HashMap::<&str, u32>::new();
    for m in members.iter().filter(|m| m.in_branch_on(day) || m.branch_start() > day) {
        *seen.entry(m.draft.name.as_str()).or_default() += 1;
    }
    seen.into_iter().filter(|(_, n)| *n > 1).map(|(k, _)| k.to_string()).collect()
}

/// The end of probation (docs/rules.md: [DZ]7, [XZ]32): admission + 12 months, plus an
/// extension if the branch decided one, clamped to the month end.
pub fn probation_end(admission: NaiveDate, extension_months: u32) -> NaiveDate {
    add_months(admission, 12 + extension_months)
}

/// Field keys shared by the member form and these rules.
pub mod field {
    pub const NAME: &str = "name";
    pub const GENDER: &str = "gender";
    pub const BIRTH: &str = "birth_date";
    pub const ETHNICITY: &str = "ethnicity";
    pub const PHONE: &str = "phone";
    pub const WORK_UNIT: &str = "work_unit";
    pub const UNIT_CATEGORY: &str = "unit_category";
    pub const GROUP: &str = "group";
    pub const STATUS: &str = "status";
    pub const ADMISSION: &str = "admission_date";
    pub const CONVERSION: &str = "conversion_date";
    pub const EXTENSION: &str = "probation_extension";
    pub const JOINED: &str = "joined_on";
    pub const EXEMPT: &str = "exempt";
    pub const EXEMPT_REASON: &str = "exempt_reason";
    pub const EXEMPT_FROM: &str = "exempt_from";
    pub const EXEMPT_TO: &str = "exempt_to";
    pub const CADRE: &str = "cadre";
    pub const POSTS: &str = "posts";
    pub const NOTES: &str = "notes";
    pub const ARCHIVE_REASON: &str = "archive_reason";
    pub const ARCHIVE_DATE: &str = "archive_date";
    pub const ARCHIVE_NOTE: &str = "archive_note";
    pub const GROUP_NAME: &str = "group_name";
    pub const GROUP_LEADER: &str = "group_leader";
}

pub const NAME_MAX: usize = 30;
pub const TEXT_MAX: usize = 60;
pub const NOTES_MAX: usize = 500;

/// Phone numbers: digits, optionally grouped with `-` or spaces, 5 to 20 digits.
fn phone_ok(p: &str) -> bool {
    let digits = p.chars().filter(|c| c.is_ascii_digit()).count();
    p.chars().all(|c| c.is_ascii_digit() || c == '-' || c == ' ' || c == '+')
        && (5..=20).contains(&digits)
        && p.chars().count() <= 30
}

/// Checks a member draft against the rules of docs/rules.md and the party's age and probation
/// rules ([DZ]1: 年满十八岁; [DZ]7/[XZ]32: probation of one year, an extension only lengthens it),
/// read by the rules of the time of admission (`era`).
pub fn validate_member(m: &MemberDraft, today: NaiveDate) -> Result<(), Vec<FieldError>> {
    use field::*;
    let mut e = Errors::default();
    e.text(NAME, &m.name, true, NAME_MAX);
    e.text(ETHNICITY, &m.ethnicity, true, 20);
    e.text(WORK_UNIT, &m.work_unit, false, TEXT_MAX);
    e.text(NOTES, &m.notes, false, NOTES_MAX);
    if !m.phone.trim().is_empty() && !phone_ok(m.phone.trim()) {
        e.rule(
            PHONE,
            "电话只能是数字（5 到 20 位，可含 - 或空格，共不超过 30 个字符）",
            "digits only (5 to 20, - or spaces allowed, 30 characters at most)",
        );
    }

    if m.birth_date > today {
        e.add(BIRTH, Problem::AfterToday);
    }
    // The rules of the time of admission decide what the dates may be (docs/rules.md 入党时间与党龄).
    let era = Era::of(m.admission_date);
    if m.admission_date > today {
        e.add(ADMISSION, Problem::AfterToday);
    } else if era.is_none() {
        e.rule(
            ADMISSION,
            "入党日期不能早于 1921-07-01（中国共产党成立）",
            "cannot be before 1921-07-01 (the founding)",
        );
    } else if m.birth_date >= m.admission_date {
        e.rule(ADMISSION, "入党日期须晚于出生日期", "must be after the birth date");
    } else if under_age(m) && era.is_some_and(Era::age_minimum_is_firm) {
        e.rule(
            ADMISSION,
            "入党时须年满十八岁（党章第一条）",
            "must be 18 or older at admission (party constitution art. 1)",
        );
    }
    if let Some(era) = era
        && !era.has_probation()
    {
        if m.status == MemberStatus::Probationary {
            e.add(STATUS, no_probation(era, "入党没有预备期，应为正式党员", "a full member"));
        }
        if m.probation_extension_months != 0 {
            e.add(EXTENSION, no_probation(era, "入党没有预备期，不能延长", "nothing to extend"));
        }
    }

    match (m.status, m.conversion_date) {
        (MemberStatus::Full, None) => {
            e.rule(CONVERSION, "正式党员须填转正日期", "a full member needs a conversion date")
        }
        (MemberStatus::Probationary, Some(_)) => e.rule(
            CONVERSION,
            "预备党员不填转正日期；转正请把状态改为正式党员",
            "leave empty for a probationary member, or set the status to full",
        ),
        (_, Some(c)) if c > today => e.add(CONVERSION, Problem::AfterToday),
        // Before 1982-09-06 the 入党志愿书 wins: no probation, or a shorter one, is valid.
        (_, Some(c)) if era.is_some_and(|e| !e.is_current()) && c < m.admission_date => {
            e.rule(CONVERSION, "转正日期不能早于入党日期", "cannot be before the admission date")
        }
        (_, Some(c))
            if era.is_some_and(Era::is_current)
                && c < probation_end(m.admission_date, m.probation_extension_months) =>
        {
            e.rule(
                CONVERSION,
                "转正日期不能早于预备期满（入党满一年，加延长的月数）",
                "no earlier than the end of probation (one year after admission, plus any extension)",
            )
        }
        _ => {}
    }

    if let Some(j) = m.joined_on {
        if j > today {
            e.add(JOINED, Problem::AfterToday);
        } else if j < m.admission_date {
            e.rule(JOINED, "转入日期不能早于入党日期", "cannot be before the admission date");
        }
    }

    if let Some(x) = &m.exemption {
        e.text(EXEMPT_REASON, &x.reason, true, TEXT_MAX);
        if let (Some(f), Some(t)) = (x.from, x.to)
            && t < f
        {
            e.rule(EXEMPT_TO, "截止日期须不早于开始日期", "must not be before the start");
        }
    }

    if m.probation_extension_months != 0 && !(6..=12).contains(&m.probation_extension_months) {
        e.rule(EXTENSION, "延长预备期为 6 到 12 个月", "an extension is 6 to 12 months");
    }

    let mut seen = Vec::new();
    for p in &m.posts {
        if seen.contains(p) {
            e.rule(POSTS, "职务重复", "a post is listed twice");
        }
        seen.push(*p);
    }
    e.finish()
}

/// Under 18 at admission (党章第一条: 年满十八岁).
fn under_age(m: &MemberDraft) -> bool {
    m.birth_date < m.admission_date && whole_years(m.birth_date, m.admission_date) < 18
}

fn no_probation(era: Era, zh: &str, en: &str) -> Problem {
    Problem::Text {
        zh: format!("{}{zh}", era.label(Lang::Zh)),
        en: format!("no probation {}: {en}", era.label(Lang::En)),
    }
}

/// What the secretary confirms before a valid member is saved: admission under 18 before
/// 1956-09-15, which the rules of the time allowed (docs/rules.md 入党时间与党龄) but is unusual enough to be
/// a typing mistake.
pub fn member_warnings(m: &MemberDraft) -> Vec<FieldError> {
    let mut v = Vec::new();
    if under_age(m) && Era::of(m.admission_date).is_some_and(|e| !e.age_minimum_is_firm()) {
        v.push(FieldError::rule(field::ADMISSION, "入党时未满十八岁，确认？", "under 18 at admission: confirm?"));
    }
    v
}

/// Checks an archive entry: the date lies within the member's time in the branch.
pub fn validate_archive(member: &Member, a: &Archive, today: NaiveDate) -> Result<(), Vec<FieldError>> {
    let mut e = Errors::default();
    if a.date > today {
        e.add(field::ARCHIVE_DATE, Problem::AfterToday);
    } else if a.date < member.branch_start() {
        e.rule(field::ARCHIVE_DATE, "不能早于入党或转入日期", "cannot be before the admission or transfer-in date");
    }
    e.text(field::ARCHIVE_NOTE, &a.note, a.reason == ArchiveReason::Other, 200);
    e.finish()
}

/// A party group (党小组). A member belongs to at most one.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartyGroup {
    pub id: i64,
    pub name: String,
    pub leader_id: Option<i64>,
    /// The day the group was entered into this file (its change log's insert); `None` where the
    /// log does not say. Read with the group, never written or logged: it is not a field the
    /// secretary edits.
    #[serde(skip)]
    pub entered_on: Option<NaiveDate>,
}

/// Checks a group's name (uniqueness is checked against the stored groups by the service).
pub fn validate_group_name(name: &str) -> Result<(), Vec<FieldError>> {
    let mut e = Errors::default();
    e.text(field::GROUP_NAME, name, true, 20);
    e.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::testing::{d, draft};

    fn fields(r: Result<(), Vec<FieldError>>) -> Vec<&'static str> {
        r.err().unwrap_or_default().iter().map(|e| e.field).collect()
    }

    #[test]
    fn a_complete_member_is_valid() {
        assert_eq!(validate_member(&draft(), d(2026, 11, 28)), Ok(()));
    }

    #[test]
    fn name_is_required_and_bounded() {
        let today = d(2026, 11, 28);
        let mut m = draft();
        m.name = "  ".into();
        assert_eq!(fields(validate_member(&m, today)), vec![field::NAME]);
        m.name = "买".repeat(NAME_MAX).into();
        assert_eq!(validate_member(&m, today), Ok(()));
        m.name = "买".repeat(NAME_MAX + 1).into();
        assert_eq!(fields(validate_member(&m, today)), vec![field::NAME]);
    }

    #[test]
    fn conversion_is_no_earlier_than_one_year_after_admission() {
        let today = d(2026, 11, 28);
        let mut m = draft();
        m.admission_date = d(2024, 2, 29);
        m.conversion_date = Some(d(2025, 2, 27));
        assert_eq!(fields(validate_member(&m, today)), vec![field::CONVERSION]);
        // 2024-02-29 + 12 months clamps to 2025-02-28.
        m.conversion_date = Some(d(2025, 2, 28));
        assert_eq!(validate_member(&m, today), Ok(()));
        m.conversion_date = Some(d(2026, 11, 29));
        assert_eq!(fields(validate_member(&m, today)), vec![field::CONVERSION]);
    }

    #[test]
    fn status_and_conversion_date_agree() {
        let today = d(2026, 11, 28);
        let mut m = draft();
        m.conversion_date = None;
        assert_eq!(fields(validate_member(&m, today)), vec![field::CONVERSION]);
        m.status = MemberStatus::Probationary;
        assert_eq!(validate_member(&m, today), Ok(()));
        m.conversion_date = Some(d(2011, 7, 1));
        assert_eq!(fields(validate_member(&m, today)), vec![field::CONVERSION]);
    }

    #[test]
    fn dates_are_in_order_and_not_in_the_future() {
        let today = d(2026, 11, 28);
        let mut m = draft();
        m.birth_date = d(1993, 7, 2);
        // 17 years and 364 days old on admission.
        assert_eq!(fields(validate_member(&m, today)), vec![field::ADMISSION]);
        m.birth_date = d(1992, 7, 1);
        assert_eq!(validate_member(&m, today), Ok(()));
        m.birth_date = d(2026, 11, 29);
        assert!(fields(validate_member(&m, today)).contains(&field::BIRTH));
        let mut m = draft();
        m.status = MemberStatus::Probationary;
        m.conversion_date = None;
        m.admission_date = today;
        assert_eq!(validate_member(&m, today), Ok(()));
        m.admission_date = d(2026, 11, 29);
        assert_eq!(fields(validate_member(&m, today)), vec![field::ADMISSION]);
    }

    #[test]
    fn phone_is_digits() {
        let today = d(2026, 11, 28);
        let mut m = draft();
        m.phone = "010-6512 3456".into();
        assert_eq!(validate_member(&m, today), Ok(()));
        m.phone = "138abc".into();
        assert_eq!(fields(validate_member(&m, today)), vec![field::PHONE]);
        m.phone = "1234".into();
        assert_eq!(fields(validate_member(&m, today)), vec![field::PHONE]);
    }

    #[test]
    fn exemption_needs_a_reason_and_an_ordered_period() {
        let today = d(2026, 11, 28);
        let mut m = draft();
        m.exemption = Some(Exemption { reason: String::new(), from: Some(d(2026, 1, 1)), to: Some(d(2025, 1, 1)) });
        assert_eq!(fields(validate_member(&m, today)), vec![field::EXEMPT_REASON, field::EXEMPT_TO]);
    }

    #[test]
    fn transfer_in_lies_between_admission_and_today() {
        let today = d(2026, 11, 28);
        let mut m = draft();
        m.joined_on = Some(d(2010, 6, 30));
        assert_eq!(fields(validate_member(&m, today)), vec![field::JOINED]);
        m.joined_on = Some(today);
        assert_eq!(validate_member(&m, today), Ok(()));
    }

    #[test]
    fn probation_ends_a_year_later_clamped() {
        assert_eq!(probation_end(d(2024, 2, 29), 0), d(2025, 2, 28));
        assert_eq!(probation_end(d(2025, 12, 31), 0), d(2026, 12, 31));
        // Extended by six months: 2025-08-31 + 18 months = 2027-02-28.
        assert_eq!(probation_end(d(2025, 8, 31), 6), d(2027, 2, 28));
    }

    #[test]
    fn an_extension_lengthens_probation_before_conversion() {
        let today = d(2026, 11, 28);
        let mut m = draft();
        m.admission_date = d(2024, 5, 1);
        m.conversion_date = Some(d(2025, 5, 1));
        m.probation_extension_months = 6;
        assert_eq!(fields(validate_member(&m, today)), vec![field::CONVERSION]);
        m.conversion_date = Some(d(2025, 11, 1));
        assert_eq!(validate_member(&m, today), Ok(()));
        m.probation_extension_months = 3;
        assert_eq!(fields(validate_member(&m, today)), vec![field::EXTENSION]);
        m.probation_extension_months = 13;
        m.conversion_date = Some(d(2026, 6, 1));
        assert_eq!(fields(validate_member(&m, today)), vec![field::EXTENSION]);
    }

    /// A full member admitted on `adm`, converted on `conv`, born long before.
    fn older(adm: NaiveDate, conv: NaiveDate) -> MemberDraft {
        MemberDraft { birth_date: d(1905, 1, 1), admission_date: adm, conversion_date: Some(conv), ..draft() }
    }

    #[test]
    fn before_1982_09_06_no_probation_or_a_short_one_is_valid() {
        let today = d(2026, 11, 28);
        // No probation in 1975: conversion on the day of admission.
        assert_eq!(validate_member(&older(d(1975, 3, 1), d(1975, 3, 1)), today), Ok(()));
        // Every era before 1982-09-06, at its first and last day: equal or shorter is valid.
        let edges = [
            d(1921, 7, 1),
            d(1923, 6, 9),
            d(1923, 6, 10),
            d(1927, 4, 26),
            d(1927, 4, 27),
            d(1928, 6, 17),
            d(1928, 6, 18),
            d(1945, 4, 22),
            d(1945, 4, 23),
            d(1956, 9, 14),
            d(1956, 9, 15),
            d(1969, 3, 31),
            d(1969, 4, 1),
            d(1977, 8, 11),
            d(1977, 8, 12),
            d(1982, 9, 5),
        ];
        for adm in edges {
            assert_eq!(validate_member(&older(adm, adm), today), Ok(()), "{adm} same day");
            assert_eq!(validate_member(&older(adm, adm + chrono::Duration::days(90)), today), Ok(()), "{adm} short");
            let before = adm - chrono::Duration::days(1);
            assert_eq!(fields(validate_member(&older(adm, before), today)), vec![field::CONVERSION], "{adm} before");
        }
        // From 1982-09-06 today's check: a full year.
        let adm = d(1982, 9, 6);
        assert_eq!(fields(validate_member(&older(adm, adm), today)), vec![field::CONVERSION]);
        assert_eq!(fields(validate_member(&older(adm, d(1983, 9, 5)), today)), vec![field::CONVERSION]);
        assert_eq!(validate_member(&older(adm, d(1983, 9, 6)), today), Ok(()));
    }

    #[test]
    fn no_admission_before_the_founding() {
        let today = d(2026, 11, 28);
        let m = older(d(1921, 6, 30), d(1921, 6, 30));
        assert_eq!(fields(validate_member(&m, today)), vec![field::ADMISSION]);
        let m = older(d(1921, 7, 1), d(1921, 7, 1));
        assert_eq!(validate_member(&m, today), Ok(()));
    }

    #[test]
    fn under_eighteen_is_confirmed_before_1956_09_15_and_refused_after() {
        let today = d(2026, 11, 28);
        // Admitted at 17 in 1948: valid, with a warning to confirm.
        let mut m = older(d(1948, 5, 1), d(1948, 5, 1));
        m.birth_date = d(1931, 3, 1);
        assert_eq!(validate_member(&m, today), Ok(()));
        let w = member_warnings(&m);
        assert_eq!(w.len(), 1);
        assert_eq!(w[0].field, field::ADMISSION);
        assert_eq!(w[0].problem.text(Lang::Zh), "入党时未满十八岁，确认？");
        // The last day of the old rule, and the first day of the firm one.
        m.admission_date = d(1956, 9, 14);
        m.conversion_date = Some(d(1957, 9, 14));
        m.birth_date = d(1938, 9, 15);
        assert_eq!(validate_member(&m, today), Ok(()));
        assert_eq!(member_warnings(&m).len(), 1);
        m.admission_date = d(1956, 9, 15);
        m.birth_date = d(1938, 9, 16);
        assert_eq!(fields(validate_member(&m, today)), vec![field::ADMISSION]);
        assert!(member_warnings(&m).is_empty());
        // Exactly 18 on the day: no warning in any era.
        m.birth_date = d(1938, 9, 15);
        assert_eq!(validate_member(&m, today), Ok(()));
        let mut m = older(d(1948, 5, 1), d(1948, 5, 1));
        m.birth_date = d(1930, 5, 1);
        assert!(member_warnings(&m).is_empty());
        // Today's members: refused, never a warning.
        let mut m = draft();
        m.birth_date = d(1993, 7, 2);
        assert_eq!(fields(validate_member(&m, today)), vec![field::ADMISSION]);
        assert!(member_warnings(&m).is_empty());
    }

    #[test]
    fn no_probationary_member_or_extension_where_the_era_had_no_probation() {
        let today = d(2026, 11, 28);
        for adm in [d(1921, 7, 1), d(1923, 6, 9), d(1928, 6, 18), d(1945, 4, 22), d(1969, 4, 1), d(1977, 8, 11)] {
            let mut m = older(adm, adm);
            m.status = MemberStatus::Probationary;
            m.conversion_date = None;
            let errs = validate_member(&m, today).unwrap_err();
            assert_eq!(errs.iter().map(|e| e.field).collect::<Vec<_>>(), vec![field::STATUS], "{adm}");
            assert!(errs[0].problem.text(Lang::Zh).contains("没有预备期"), "{adm}");
            let mut m = older(adm, adm + chrono::Duration::days(200));
            m.probation_extension_months = 6;
            assert_eq!(fields(validate_member(&m, today)), vec![field::EXTENSION], "{adm}");
        }
        // The neighbouring eras had a probation: probationary is a valid status (the finding
        // then says it is long over).
        for adm in [d(1923, 6, 10), d(1927, 4, 27), d(1945, 4, 23), d(1969, 3, 31), d(1977, 8, 12)] {
            let mut m = older(adm, adm);
            m.status = MemberStatus::Probationary;
            m.conversion_date = None;
            assert_eq!(validate_member(&m, today), Ok(()), "{adm}");
        }
    }

    #[test]
    fn archive_date_within_membership() {
        let today = d(2026, 11, 28);
        let m = Member { id: 1, number: "0001".into(), draft: draft(), archive: None, entered_on: None };
        let mut a = Archive { reason: ArchiveReason::TransferredOut, date: d(2010, 6, 30), note: String::new() };
        assert!(validate_archive(&m, &a, today).is_err());
        a.date = today;
        assert_eq!(validate_archive(&m, &a, today), Ok(()));
        a.reason = ArchiveReason::Other;
        assert!(validate_archive(&m, &a, today).is_err(), "其他 needs a note");
    }
}
