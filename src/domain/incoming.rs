//! Incoming mobile members (外来流动党员): members of another branch who take part in this one's
//! organisational life (中办发〔2006〕21号《关于加强和改进流动党员管理工作的意见》二（二）1、2、4,
//! seed C6, C7). The branch checks their 《流动党员活动证》 (C6), places them in the branch or one
//! of its groups and lists them as guests (列席) at its meetings (C6), and writes what they
//! attended into their certificate and back to the home branch (C7). The documents give no
//! period for any of it, so no rule here turns anything red. Rules: docs/rules.md.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::dates::{year_end, year_start};
use super::meeting::{MeetingKind, Scope, scope};
use super::validation::{Errors, FieldError, Problem};

pub mod field {
    pub const NAME: &str = "incoming_name";
    pub const HOME: &str = "home_branch";
    pub const CERT_NO: &str = "incoming_cert_no";
    pub const CHECKED: &str = "incoming_checked_on";
    pub const GROUP: &str = "incoming_group";
    pub const PHONE: &str = "incoming_phone";
    pub const ARRIVED: &str = "arrived_on";
    pub const LEFT: &str = "left_on";
    pub const NOTE: &str = "incoming_note";
}

pub const NAME_MAX: usize = 30;
pub const HOME_MAX: usize = 100;
pub const CERT_NO_MAX: usize = 40;
pub const PHONE_MAX: usize = 40;
pub const NOTE_MAX: usize = 500;

/// An incoming member as entered.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct IncomingDraft {
    pub name: String,
    /// 流出地党组织: the branch that keeps the member's relationship.
    pub home_branch: String,
    /// 《流动党员活动证》 number; empty: none shown.
    pub cert_no: String,
    /// The day the certificate was checked (身份确认, C6).
    pub checked_on: Option<NaiveDate>,
    /// The group the member takes part in; `None`: the whole branch.
    pub group_id: Option<i64>,
    pub phone: String,
    pub arrived_on: NaiveDate,
    /// The day the member left (gone from that day on); `None`: still here.
    pub left_on: Option<NaiveDate>,
    pub note: String,
}

impl IncomingDraft {
    pub fn new(arrived_on: NaiveDate) -> IncomingDraft {
        IncomingDraft {
            name: String::new(),
            home_branch: String::new(),
            cert_no: String::new(),
            checked_on: None,
            group_id: None,
            phone: String::new(),
            arrived_on,
            left_on: None,
            note: String::new(),
        }
    }

    pub fn has_cert(&self) -> bool {
        !self.cert_no.trim().is_empty()
    }

    /// Here on `day`: arrived on or before it, and not yet left (the day of leaving is gone).
    pub fn here_on(&self, day: NaiveDate) -> bool {
        self.arrived_on <= day && self.left_on.is_none_or(|l| day < l)
    }

    /// Here on some day of `year`.
    pub fn here_in(&self, year: i32) -> bool {
        self.arrived_on <= year_end(year) && self.left_on.is_none_or(|l| l > year_start(year))
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Incoming {
    pub id: i64,
    #[serde(flatten)]
    pub draft: IncomingDraft,
}

/// The incoming members a meeting lists as guests: those here on `date`; for a group meeting
/// only those placed in that group, for a meeting of the whole branch all of them; none for a
/// committee meeting (the committee's own business).
pub fn guests_for<'a>(
    incoming: &'a [Incoming],
    kinds: &[MeetingKind],
    group: Option<i64>,
    date: NaiveDate,
) -> Vec<&'a Incoming> {
    let scope = scope(kinds, group);
    incoming
        .iter()
        .filter(|i| i.draft.here_on(date))
        .filter(|i| match scope {
            Scope::Branch => true,
            Scope::Group(g) => i.draft.group_id == Some(g),
            Scope::Committee => false,
        })
        .collect()
}

/// Checks an incoming member. `cert_taken`: another incoming member holds this certificate number.
pub fn validate_incoming(d: &IncomingDraft, cert_taken: bool, today: NaiveDate) -> Result<(), Vec<FieldError>> {
    use field::*;
    let mut e = Errors::default();
    e.text(NAME, &d.name, true, NAME_MAX);
    e.text(HOME, &d.home_branch, true, HOME_MAX);
    e.text(CERT_NO, &d.cert_no, false, CERT_NO_MAX);
    e.text(PHONE, &d.phone, false, PHONE_MAX);
    e.text(NOTE, &d.note, false, NOTE_MAX);
    if cert_taken && d.has_cert() {
        e.rule(CERT_NO, "该活动证编号已登记给另一名流入党员", "another incoming member holds this number");
    }
    if d.arrived_on > today {
        e.add(ARRIVED, Problem::AfterToday);
    }
    if let Some(l) = d.left_on {
        if l < d.arrived_on {
            e.rule(LEFT, "离开日期早于到达日期", "before the arrival");
        } else if l > today {
            e.add(LEFT, Problem::AfterToday);
        }
    }
    if let Some(c) = d.checked_on {
        if c > today {
            e.add(CHECKED, Problem::AfterToday);
        } else if !d.has_cert() {
            e.rule(CHECKED, "查验活动证须先填活动证号", "the certificate needs its number");
        }
    }
    e.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::testing::d;

    fn here(from: NaiveDate) -> IncomingDraft {
        IncomingDraft { name: "王流".into(), home_branch: "某村党支部".into(), ..IncomingDraft::new(from) }
    }

    fn fields(r: Result<(), Vec<FieldError>>) -> Vec<&'static str> {
        r.err().unwrap_or_default().into_iter().map(|e| e.field).collect()
    }

    #[test]
    fn bad_input_is_refused_beside_its_field() {
        let today = d(2026, 11, 28);
        let mut x = here(d(2026, 3, 1));
        assert!(validate_incoming(&x, false, today).is_ok());
        x.left_on = Some(d(2026, 2, 28));
        assert_eq!(fields(validate_incoming(&x, false, today)), [field::LEFT]);
        x.left_on = Some(d(2026, 3, 1));
        assert!(validate_incoming(&x, false, today).is_ok(), "leaves on the day of arrival");
        let empty = IncomingDraft::new(d(2026, 3, 1));
        assert_eq!(fields(validate_incoming(&empty, false, today)), [field::NAME, field::HOME]);
        x.cert_no = "LD-01".into();
        assert_eq!(fields(validate_incoming(&x, true, today)), [field::CERT_NO]);
        x.cert_no.clear();
        assert!(validate_incoming(&x, true, today).is_ok(), "no number, nothing to collide");
        x.checked_on = Some(d(2026, 3, 1));
        assert_eq!(fields(validate_incoming(&x, false, today)), [field::CHECKED]);
    }

    #[test]
    fn here_from_the_day_of_arrival_until_the_day_before_leaving() {
        let mut x = here(d(2026, 3, 10));
        assert!(!x.here_on(d(2026, 3, 9)));
        assert!(x.here_on(d(2026, 3, 10)));
        x.left_on = Some(d(2026, 6, 1));
        assert!(x.here_on(d(2026, 5, 31)));
        assert!(!x.here_on(d(2026, 6, 1)));
        assert!(x.here_in(2026) && !x.here_in(2025) && !x.here_in(2027));
        x.left_on = Some(d(2027, 1, 1));
        assert!(!x.here_in(2027), "gone on the first day of the year");
    }

    #[test]
    fn a_group_meeting_lists_only_that_groups_incoming_members_and_a_committee_none() {
        let day = d(2026, 11, 20);
        let mut a = here(d(2026, 1, 1));
        a.group_id = Some(2);
        let b = here(d(2026, 1, 1));
        let list = [Incoming { id: 1, draft: a }, Incoming { id: 2, draft: b }];
        let ids = |k: &[MeetingKind], g| guests_for(&list, k, g, day).iter().map(|i| i.id).collect::<Vec<_>>();
        assert_eq!(ids(&[MeetingKind::GroupMeeting], Some(2)), [1]);
        assert!(ids(&[MeetingKind::GroupMeeting], Some(3)).is_empty());
        assert_eq!(ids(&[MeetingKind::ThemeDay], None), [1, 2]);
        assert!(ids(&[MeetingKind::CommitteeMeeting], None).is_empty());
    }
}
