//! Members away from the branch (流动党员; 中办发〔2006〕21号《关于加强和改进流动党员管理工作的
//! 意见》, seed C0-C18, and 《中国共产党党员教育管理工作条例》第二十四、二十五、三十二、三十四条): one
//! outflow per absence, with its 《流动党员活动证》, and the outflow's logs. Rules: docs/rules.md.

use chrono::{Datelike, Duration, NaiveDate};
use serde::{Deserialize, Serialize};

use super::dates::{add_months, fmt, month_end};
use super::leave::StandingReason;
use super::meeting::Attendance;
use super::member::Member;
use super::validation::{Errors, FieldError, Problem};

vocab! {
    /// Where an outflow stands (domain §3(d)).
    pub enum MobileStatus {
        Preparing = ("preparing", "待外出", "preparing"),
        Away = ("away", "外出中", "away"),
        Registered = ("registered", "已在流入地报到", "registered there"),
        Returned = ("returned", "已返回", "returned"),
        Transferred = ("transferred", "已转移组织关系", "transferred"),
        LostContact = ("lost_contact", "失联", "lost contact"),
    }
}

impl MobileStatus {
    /// Gone from the branch now: away, registered at the destination, or out of contact.
    pub fn is_out(self) -> bool {
        matches!(self, MobileStatus::Away | MobileStatus::Registered | MobileStatus::LostContact)
    }

    /// Still the branch's concern: preparing to leave, or out.
    pub fn is_open(self) -> bool {
        self == MobileStatus::Preparing || self.is_out()
    }

    /// A short label for a narrow column.
    pub fn short(self, lang: super::lang::Lang) -> &'static str {
        match self {
            MobileStatus::Registered => lang.pick("已报到", "registered"),
            MobileStatus::Transferred => lang.pick("已转出", "transferred"),
            other => other.label(lang),
        }
    }
}

vocab! {
    /// What a log entry of an outflow records.
    pub enum LogKind {
        /// C11: the member's report on thought, work and org life while away.
        Report = ("report", "汇报", "report"),
        /// C16, [JY]32: the branch got in touch.
        Contact = ("contact", "联系", "contact"),
        /// C12: a new place, employer, residence or contact, as the member reported it.
        Change = ("change", "变更", "change"),
        /// C3: important matters and elections notified to the member.
        Notice = ("notice", "通知", "notice"),
        /// C15: the yearly review of the certificate.
        Review = ("review", "活动证年审", "cert. review"),
        /// C7: what the destination wrote in the certificate (org life attended, dues paid).
        Entry = ("entry", "流入地记载", "entry there"),
    }
}

impl LogKind {
    /// Whether the entry shows the branch and the member in touch (a report, a contact, a
    /// change the member reported).
    pub fn is_contact(self) -> bool {
        matches!(self, LogKind::Report | LogKind::Contact | LogKind::Change)
    }
}

pub mod field {
    pub const MEMBER: &str = "mobile_member";
    pub const STATUS: &str = "mobile_status";
    pub const REASON: &str = "mobile_reason";
    pub const DEPARTED: &str = "departed_on";
    pub const EXPECTED: &str = "expected_return";
    pub const PLACE: &str = "place";
    pub const EMPLOYER: &str = "employer";
    pub const RESIDENCE: &str = "residence";
    pub const CONTACT: &str = "contact";
    pub const ABROAD: &str = "abroad";
    pub const FIXED: &str = "fixed_place";
    pub const TALK: &str = "talk_on";
    pub const REG_ORG: &str = "registered_org";
    pub const REG_ON: &str = "registered_on";
    pub const RETURNED: &str = "returned_on";
    pub const CHECKED: &str = "checked_on";
    pub const RETURN_NOTE: &str = "return_note";
    pub const CERT_NO: &str = "cert_no";
    pub const CERT_ISSUED: &str = "cert_issued_on";
    pub const CERT_STAMPED: &str = "cert_stamped";
    pub const CERT_VERIFIED: &str = "cert_verified_on";
    pub const CERT_FILED: &str = "cert_filed";
    pub const LOG_KIND: &str = "log_kind";
    pub const LOG_DATE: &str = "log_date";
    pub const LOG_CHANNEL: &str = "log_channel";
    pub const LOG_CONTENT: &str = "log_content";
}

pub const SHORT_MAX: usize = 100;
pub const NOTE_MAX: usize = 500;
pub const CERT_NO_MAX: usize = 40;
pub const CHANNEL_MAX: usize = 40;

/// [JY]24: six months without contact is the mark of a member who has lost touch.
pub const LOST_CONTACT_MONTHS: u32 = 6;
/// [JY]25: six months away at a fixed place, and the relationship should move.
pub const TRANSFER_MONTHS: u32 = 6;
/// [JY]34: members abroad are contacted at least every half year.
pub const ABROAD_CONTACT_MONTHS: u32 = 6;

/// One absence of a member, as entered.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutflowDraft {
    pub member_id: i64,
    pub status: MobileStatus,
    /// 外出事由 (C8).
    pub reason: String,
    pub departed_on: NaiveDate,
    pub expected_return: Option<NaiveDate>,
    pub place: String,
    pub employer: String,
    pub residence: String,
    pub contact: String,
    /// Abroad: contacted every half year ([JY]34), never asked to transfer.
    pub abroad: bool,
    /// Staying at a relatively fixed place ([JY]25).
    pub fixed_place: bool,
    /// The talk before departure (C1).
    pub talk_on: Option<NaiveDate>,
    /// Registered with the destination organisation (C9).
    pub registered_org: String,
    pub registered_on: Option<NaiveDate>,
    /// Back (or the relationship transferred) on this day.
    pub returned_on: Option<NaiveDate>,
    /// The certificate checked on return, and what was found (C4, C13).
    pub checked_on: Option<NaiveDate>,
    pub return_note: String,
    /// 《流动党员活动证》 number; empty: no certificate (optional since [JY]).
    pub cert_no: String,
    pub cert_issued_on: Option<NaiveDate>,
    /// Stamped by the grassroots committee (C14).
    pub cert_stamped: bool,
    /// Verified by the destination branch (C14).
    pub cert_verified_on: Option<NaiveDate>,
    /// Filed with the level above by the destination (C14).
    pub cert_filed: bool,
}

impl OutflowDraft {
    /// A new outflow of `member_id` leaving on `day`, not yet away.
    pub fn new(member_id: i64, day: NaiveDate) -> OutflowDraft {
        OutflowDraft {
            member_id,
            status: MobileStatus::Preparing,
            reason: String::new(),
            departed_on: day,
            expected_return: None,
            place: String::new(),
            employer: String::new(),
            residence: String::new(),
            contact: String::new(),
            abroad: false,
            fixed_place: true,
            talk_on: None,
            registered_org: String::new(),
            registered_on: None,
            returned_on: None,
            checked_on: None,
            return_note: String::new(),
            cert_no: String::new(),
            cert_issued_on: None,
            cert_stamped: false,
            cert_verified_on: None,
            cert_filed: false,
        }
    }

    pub fn has_cert(&self) -> bool {
        !self.cert_no.trim().is_empty()
    }

    /// The days the member is away from the branch's meetings: from departure to the day before
    /// return, or open while still out. None while preparing.
    pub fn away_span(&self) -> Option<(NaiveDate, Option<NaiveDate>)> {
        match self.status {
            MobileStatus::Preparing => None,
            _ => {
                let to = self.returned_on.map(|r| (r - Duration::days(1)).max(self.departed_on));
                Some((self.departed_on, to))
            }
        }
    }

    /// The whole of the absence, for overlap checks: departure to return (open while out).
    fn span(&self) -> (NaiveDate, NaiveDate) {
        (self.departed_on, self.returned_on.unwrap_or(NaiveDate::MAX))
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Outflow {
    pub id: i64,
    pub draft: OutflowDraft,
}

/// One log entry of an outflow.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LogDraft {
    pub outflow_id: i64,
    pub kind: LogKind,
    pub date: NaiveDate,
    /// How: 电话, 微信, 面谈, 书面 ...
    pub channel: String,
    pub content: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LogEntry {
    pub id: i64,
    pub draft: LogDraft,
}

/// An outflow with what its logs say, as the rules and the tab read it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Track {
    pub outflow: Outflow,
    /// The latest report, contact or reported change; else the departure (or the talk, if later).
    pub last_contact: NaiveDate,
    pub last_report: Option<NaiveDate>,
    pub last_review: Option<NaiveDate>,
    /// The years with at least one report.
    pub report_years: Vec<i32>,
    /// The first day the records know the member in the branch (`Member::as_recorded_from`:
    /// the 台账起始日, the day of entry, or the day the member joined): no contact or report can
    /// be told missing before it. `NaiveDate::MIN` until given (`Track::known_from`).
    #[serde(skip)]
    pub known_from: NaiveDate,
}

impl Track {
    /// Sums up an outflow's logs (in any order).
    pub fn new(outflow: Outflow, logs: &[LogDraft]) -> Track {
        let d = &outflow.draft;
        let mut last_contact = d.departed_on.max(d.talk_on.unwrap_or(d.departed_on));
        let (mut last_report, mut last_review, mut report_years) = (None, None, Vec::new());
        for l in logs {
            if l.kind.is_contact() {
                last_contact = last_contact.max(l.date);
            }
            match l.kind {
                LogKind::Report => {
                    last_report = last_report.max(Some(l.date));
                    if !report_years.contains(&l.date.year()) {
                        report_years.push(l.date.year());
                    }
                }
                LogKind::Review => last_review = last_review.max(Some(l.date)),
                _ => {}
            }
        }
        report_years.sort_unstable();
        Track { outflow, last_contact, last_report, last_review, report_years, known_from: NaiveDate::MIN }
    }

    /// The track as records that begin on `day` know it (`known_from`; a later day of the two
    /// wins).
    pub fn known_from(mut self, day: NaiveDate) -> Track {
        self.known_from = self.known_from.max(day);
        self
    }

    /// The day the contact clock runs from: the last contact, but not before the records know
    /// the member (a contact before then may have gone unrecorded).
    pub fn contact_since(&self) -> NaiveDate {
        self.last_contact.max(self.known_from)
    }

    /// The day the member's absence starts as the records know it: the departure, or the first
    /// day the records know the member, if later.
    pub fn away_known_from(&self) -> NaiveDate {
        self.outflow.draft.departed_on.max(self.known_from)
    }

    /// The day contact counts as lost ([JY]24: six months without any contact), counted from
    /// `contact_since`.
    pub fn lost_from(&self) -> NaiveDate {
        add_months(self.contact_since(), LOST_CONTACT_MONTHS)
    }

    /// Out of contact on `today`: out, and six months since the last contact (or marked 失联).
    pub fn lost_on(&self, today: NaiveDate) -> bool {
        let s = self.outflow.draft.status;
        s == MobileStatus::LostContact || (s.is_out() && today > self.lost_from())
    }

    /// The day the certificate's review clock runs from (C15 "每年审核一次"): the issue or the
    /// last review, but not before the records know the member (`known_from`), as the report
    /// and contact clocks: a review before then may have gone unrecorded. None without a
    /// certificate or without an issue date or review to count from.
    pub fn review_since(&self) -> Option<NaiveDate> {
        let d = &self.outflow.draft;
        if !d.has_cert() {
            return None;
        }
        Some(d.cert_issued_on.max(self.last_review)?.max(self.known_from))
    }

    /// Whether the review clock starts at the records' first day (the issue and every review
    /// recorded are older): the finding says so.
    pub fn review_from_records_start(&self) -> bool {
        let d = &self.outflow.draft;
        self.review_since().is_some_and(|since| d.cert_issued_on.max(self.last_review).is_some_and(|l| l < since))
    }

    /// The certificate's next review: 12 months after [`Track::review_since`] (C15).
    pub fn review_due(&self) -> Option<NaiveDate> {
        self.review_since().map(|since| add_months(since, 12))
    }
}

/// Whole months between two days (month-end clamped), for "months away".
pub fn months_between(from: NaiveDate, to: NaiveDate) -> u32 {
    let mut n = 0;
    while add_months(from, n + 1) <= to {
        n += 1;
    }
    n
}

/// What pre-marks a member who is away on every roster of the absence: 外出 (excused, domain
/// §5), with the destination (or the reason for leaving) beside it.
pub fn standing_reason(o: &OutflowDraft) -> Option<StandingReason> {
    let (from, to) = o.away_span()?;
    let place = if o.place.trim().is_empty() { o.reason.trim() } else { o.place.trim() };
    Some(StandingReason {
        member_id: o.member_id,
        status: Attendance::AwayMobile,
        reason: place.to_string(),
        from,
        to: to.unwrap_or(NaiveDate::MAX),
    })
}

/// Keeps the excused months (first days) of an away member that were over before contact was
/// lost: months away count as excused for the six-month rule only while contact is kept.
pub fn excused_while_in_contact(months: &mut Vec<NaiveDate>, lost_from: NaiveDate) {
    months.retain(|m| month_end(m.year(), m.month()) < lost_from);
}

fn not_future(e: &mut Errors, f: &'static str, d: Option<NaiveDate>, today: NaiveDate) {
    if d.is_some_and(|d| d > today) {
        e.add(f, Problem::AfterToday);
    }
}

/// Checks an outflow. `others` are the member's other outflows; `cert_taken` says whether
/// another outflow already holds this certificate number; `reviews` are the dates of this
/// outflow's certificate reviews.
pub fn validate_outflow(
    o: &OutflowDraft,
    member: &Member,
    others: &[Outflow],
    cert_taken: bool,
    reviews: &[NaiveDate],
    today: NaiveDate,
) -> Result<(), Vec<FieldError>> {
    use field::*;
    let mut e = Errors::default();
    if member.is_archived() && member.branch_end().is_some_and(|end| o.departed_on > end) {
        e.rule(MEMBER, "该党员已归档（转出、去世等），不能再登记", "the member is archived (left the branch)");
    } else if o.departed_on < member.branch_start() {
        e.rule(DEPARTED, "外出日期早于该党员进入本支部的日期", "before the member joined the branch");
    }
    e.text(REASON, &o.reason, true, SHORT_MAX);
    for (f, v) in [(PLACE, &o.place), (EMPLOYER, &o.employer), (RESIDENCE, &o.residence), (CONTACT, &o.contact)] {
        e.text(f, v, false, SHORT_MAX);
    }
    e.text(REG_ORG, &o.registered_org, false, SHORT_MAX);
    e.text(RETURN_NOTE, &o.return_note, false, NOTE_MAX);
    e.text(CERT_NO, &o.cert_no, false, CERT_NO_MAX);
    if o.status.is_out() || o.status == MobileStatus::Returned {
        not_future(&mut e, DEPARTED, Some(o.departed_on), today);
    }
    if o.expected_return.is_some_and(|r| r < o.departed_on) {
        e.rule(EXPECTED, "预计返回日期早于外出日期", "before the departure");
    }
    if o.talk_on.is_some_and(|t| t > o.departed_on) {
        e.rule(TALK, "外出前谈话应在外出日期之前（含当天）", "the talk is before departure (or on the day)");
    }
    not_future(&mut e, TALK, o.talk_on, today);
    if o.registered_on.is_some_and(|r| r < o.departed_on) {
        e.rule(REG_ON, "报到日期早于外出日期", "before the departure");
    }
    not_future(&mut e, REG_ON, o.registered_on, today);
    match (o.status, o.returned_on) {
        (MobileStatus::Returned, None) => e.rule(RETURNED, "已返回须填返回日期", "a return needs its date"),
        (s, Some(_)) if s.is_open() => {
            e.rule(RETURNED, "尚未返回不填返回日期（状态改为已返回）", "set the status to returned first")
        }
        (_, Some(r)) if r < o.departed_on => e.rule(RETURNED, "返回日期早于外出日期", "before the departure"),
        _ => {}
    }
    not_future(&mut e, RETURNED, o.returned_on, today);
    match (o.checked_on, o.returned_on) {
        (Some(_), None) => e.rule(CHECKED, "返回后才查验活动证", "checked on return"),
        (Some(c), Some(r)) if c < r => e.rule(CHECKED, "查验日期早于返回日期", "before the return"),
        _ => {}
    }
    not_future(&mut e, CHECKED, o.checked_on, today);
    if o.has_cert() {
        match o.cert_issued_on {
            None => e.rule(CERT_ISSUED, "有活动证编号须填发证日期", "a certificate needs its issue date"),
            Some(i) => {
                if reviews.iter().any(|r| *r < i) {
                    e.rule(CERT_ISSUED, "已有早于发证日期的年审记录", "a review is recorded before this date");
                }
                if o.cert_verified_on.is_some_and(|v| v < i) {
                    e.rule(CERT_VERIFIED, "验证日期早于发证日期", "before the issue date");
                }
            }
        }
        if cert_taken {
            e.rule(CERT_NO, "该活动证编号已被另一条外出记录使用", "another outflow holds this number");
        }
    } else if o.cert_issued_on.is_some() || o.cert_verified_on.is_some() || o.cert_stamped || o.cert_filed {
        e.rule(CERT_NO, "填写活动证的其他项目须先填编号", "the certificate needs its number");
    }
    not_future(&mut e, CERT_ISSUED, o.cert_issued_on, today);
    not_future(&mut e, CERT_VERIFIED, o.cert_verified_on, today);
    let (from, to) = o.span();
    if let Some(other) = others.iter().find(|x| {
        let (f2, t2) = x.draft.span();
        x.draft.member_id == o.member_id && from < t2 && f2 < to
    }) {
        let d = other.draft.departed_on;
        e.add(
            DEPARTED,
            Problem::Text {
                zh: format!("与该党员 {} 起的外出记录重叠", fmt(d)),
                en: format!("overlaps the member's absence from {}", fmt(d)),
            },
        );
    }
    e.finish()
}

/// Checks a log entry of `outflow`.
pub fn validate_log(l: &LogDraft, outflow: &OutflowDraft, today: NaiveDate) -> Result<(), Vec<FieldError>> {
    use field::*;
    let mut e = Errors::default();
    e.text(LOG_CHANNEL, &l.channel, false, CHANNEL_MAX);
    let needs_content = matches!(l.kind, LogKind::Report | LogKind::Change | LogKind::Notice | LogKind::Entry);
    e.text(LOG_CONTENT, &l.content, needs_content, NOTE_MAX);
    not_future(&mut e, LOG_DATE, Some(l.date), today);
    // A notice may go out while the member prepares to leave; the rest happen while away.
    let start =
        if l.kind == LogKind::Notice { outflow.talk_on.unwrap_or(outflow.departed_on) } else { outflow.departed_on };
    if l.date < start.min(outflow.departed_on) {
        e.rule(LOG_DATE, "早于外出日期", "before the departure");
    }
    if l.kind == LogKind::Review {
        match outflow.cert_issued_on {
            _ if !outflow.has_cert() => e.rule(LOG_KIND, "没有登记活动证，不能年审", "no certificate is recorded"),
            Some(i) if l.date < i => e.rule(LOG_DATE, "年审日期早于发证日期", "before the certificate was issued"),
            _ => {}
        }
    }
    e.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::testing::{d, member};

    fn away(from: NaiveDate) -> OutflowDraft {
        OutflowDraft { status: MobileStatus::Away, reason: "务工".into(), ..OutflowDraft::new(1, from) }
    }

    fn fields(r: Result<(), Vec<FieldError>>) -> Vec<&'static str> {
        r.err().unwrap_or_default().into_iter().map(|e| e.field).collect()
    }

    #[test]
    fn a_return_before_departure_is_refused_beside_the_return() {
        let mut o = away(d(2026, 3, 10));
        o.status = MobileStatus::Returned;
        o.returned_on = Some(d(2026, 3, 9));
        assert_eq!(fields(validate_outflow(&o, &member(1), &[], false, &[], d(2026, 11, 28))), [field::RETURNED]);
        o.returned_on = Some(d(2026, 3, 10));
        assert!(validate_outflow(&o, &member(1), &[], false, &[], d(2026, 11, 28)).is_ok(), "same day is fine");
    }

    #[test]
    fn a_review_before_issue_is_refused() {
        let mut o = away(d(2026, 1, 5));
        o.cert_no = "HZ001".into();
        o.cert_issued_on = Some(d(2026, 1, 4));
        let today = d(2026, 11, 28);
        assert_eq!(fields(validate_outflow(&o, &member(1), &[], false, &[d(2026, 1, 3)], today)), [field::CERT_ISSUED]);
        let review = LogDraft {
            outflow_id: 1,
            kind: LogKind::Review,
            date: d(2026, 1, 3),
            channel: String::new(),
            content: String::new(),
        };
        let mut early = o.clone();
        early.departed_on = d(2026, 1, 1);
        assert_eq!(fields(validate_log(&review, &early, today)), [field::LOG_DATE]);
        let on_issue = LogDraft { date: d(2026, 1, 4), ..review };
        assert!(validate_log(&on_issue, &early, today).is_ok());
    }

    #[test]
    fn overlapping_outflows_of_one_member_are_refused() {
        let mut first = away(d(2025, 3, 1));
        first.status = MobileStatus::Returned;
        first.returned_on = Some(d(2025, 9, 30));
        let others = [Outflow { id: 9, draft: first }];
        let today = d(2026, 11, 28);
        assert_eq!(
            fields(validate_outflow(&away(d(2025, 9, 29)), &member(1), &others, false, &[], today)),
            [field::DEPARTED]
        );
        assert!(
            validate_outflow(&away(d(2025, 9, 30)), &member(1), &others, false, &[], today).is_ok(),
            "leaves again on the day of return"
        );
        let open = [Outflow { id: 9, draft: away(d(2024, 1, 1)) }];
        assert_eq!(
            fields(validate_outflow(&away(d(2026, 1, 1)), &member(1), &open, false, &[], today)),
            [field::DEPARTED],
            "an absence without a return covers every later day"
        );
    }

    #[test]
    fn a_certificate_number_used_twice_is_refused_and_needs_its_issue_date() {
        let mut o = away(d(2026, 1, 5));
        o.cert_no = "HZ001".into();
        let today = d(2026, 11, 28);
        assert_eq!(fields(validate_outflow(&o, &member(1), &[], false, &[], today)), [field::CERT_ISSUED]);
        o.cert_issued_on = Some(d(2026, 1, 4));
        assert_eq!(fields(validate_outflow(&o, &member(1), &[], true, &[], today)), [field::CERT_NO]);
    }

    #[test]
    fn a_pre_departure_talk_after_departure_and_a_future_departure_while_away_are_refused() {
        let mut o = away(d(2026, 12, 1));
        let today = d(2026, 11, 28);
        assert_eq!(fields(validate_outflow(&o, &member(1), &[], false, &[], today)), [field::DEPARTED]);
        o.status = MobileStatus::Preparing;
        assert!(validate_outflow(&o, &member(1), &[], false, &[], today).is_ok(), "a planned departure");
        o.talk_on = Some(d(2026, 12, 2));
        assert!(fields(validate_outflow(&o, &member(1), &[], false, &[], today)).contains(&field::TALK));
    }

    #[test]
    fn contact_is_lost_six_months_after_the_last_contact_month_end_clamped() {
        let mut t = Track::new(Outflow { id: 1, draft: away(d(2026, 2, 28)) }, &[]);
        assert_eq!(t.lost_from(), d(2026, 8, 28));
        assert!(!t.lost_on(d(2026, 8, 28)));
        assert!(t.lost_on(d(2026, 8, 29)));
        let call = LogDraft {
            outflow_id: 1,
            kind: LogKind::Contact,
            date: d(2026, 8, 31),
            channel: "电话".into(),
            content: String::new(),
        };
        t = Track::new(t.outflow, &[call]);
        assert_eq!(t.lost_from(), d(2027, 2, 28));
        let mut back = t.outflow.draft.clone();
        back.status = MobileStatus::Returned;
        back.returned_on = Some(d(2026, 9, 1));
        assert!(!Track::new(Outflow { id: 1, draft: back }, &[]).lost_on(d(2027, 12, 1)), "back home");
    }

    #[test]
    fn the_roster_marks_the_days_away_up_to_the_day_before_return() {
        let mut o = away(d(2026, 3, 1));
        o.place = "深圳".into();
        let r = standing_reason(&o).unwrap();
        assert_eq!(
            (r.status, r.from, r.to, r.reason.as_str()),
            (Attendance::AwayMobile, d(2026, 3, 1), NaiveDate::MAX, "深圳")
        );
        o.status = MobileStatus::Returned;
        o.returned_on = Some(d(2026, 6, 1));
        assert_eq!(standing_reason(&o).unwrap().to, d(2026, 5, 31));
        o.status = MobileStatus::Preparing;
        o.returned_on = None;
        assert!(standing_reason(&o).is_none(), "not yet gone");
    }

    #[test]
    fn excused_months_count_only_while_contact_was_kept() {
        let mut months = vec![d(2026, 3, 1), d(2026, 4, 1), d(2026, 5, 1)];
        excused_while_in_contact(&mut months, d(2026, 5, 1));
        assert_eq!(months, [d(2026, 3, 1), d(2026, 4, 1)], "April ended before contact was lost");
        excused_while_in_contact(&mut months, d(2026, 4, 30));
        assert_eq!(months, [d(2026, 3, 1)], "lost on April's last day: April no longer counts");
    }
}
