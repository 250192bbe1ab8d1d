//! The pure rule functions at their edges: `rules::{findings, year_grid, period_state, grouped}`
//! and `study::{study_status, yearly_target}`. Every test builds its facts by
//! hand and passes `today` explicitly. Paragraph references are to /work/shared/domain.md.

use zhibu::domain::ids::IdMap;

use chrono::{Datelike, NaiveDate};
use zhibu::domain::dates::sub_months;
use zhibu::domain::meeting::MeetingKind as K;
use zhibu::domain::member::{
    Archive, ArchiveReason, CadreLevel, Exemption, Gender, Member, MemberDraft, MemberStatus, PartyGroup, PartyPost,
    UnitCategory,
};
use zhibu::domain::period::Period;
use zhibu::domain::rules::{
    CADENCE_KINDS, Cell, Facts, Finding, GridRow, HeldMeeting, PeriodState, RuleId, Severity, Subject, findings,
    grouped, period_state, year_grid,
};
use zhibu::domain::settings::{Cadence, RuleSet, Settings, parse_month_day};
use zhibu::domain::study::{Standing, StudyStatus, study_status, yearly_target};

// ---------------------------------------------------------------------------------------------
// Helpers

/// One study day of 8 hours (the default `hours_per_day`), in minutes.
const DAY: i64 = 480;

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn month(y: i32, m: u32) -> Period {
    Period::month_of(day(y, m, 1))
}

fn quarter(y: i32, q: u32) -> Period {
    Period::quarter_of(day(y, 3 * q - 2, 1))
}

/// A full member in a 机关 unit, in the branch since 2010, in no group, with no post.
fn member(id: i64) -> Member {
    Member {
        id,
        number: format!("{id:04}").into(),
        draft: MemberDraft {
            name: format!("党员{id}").into(),
            gender: Gender::Female,
            birth_date: day(1980, 1, 1),
            ethnicity: "汉族".into(),
            phone: Default::default(),
            work_unit: Default::default(),
            unit_category: UnitCategory::GovOrgan,
            group_id: None,
            status: MemberStatus::Full,
            admission_date: day(2010, 7, 1),
            conversion_date: Some(day(2011, 7, 1)),
            joined_on: None,
            exemption: None,
            cadre_level: None,
            probation_extension_months: 0,
            posts: vec![],
            notes: String::new(),
        },
        archive: None,
        entered_on: None,
    }
}

/// Builder steps on a member.
trait MemberExt {
    fn in_group(self, group: i64) -> Self;
    fn joined(self, on: NaiveDate) -> Self;
    fn archived(self, on: NaiveDate) -> Self;
    fn exempt(self, from: Option<NaiveDate>, to: Option<NaiveDate>) -> Self;
    fn probationary(self, admitted: NaiveDate) -> Self;
    /// Full since `on`, admitted a year before.
    fn converted(self, on: NaiveDate) -> Self;
    fn cadre(self) -> Self;
    fn post(self, p: PartyPost) -> Self;
    fn other_unit(self) -> Self;
}

impl MemberExt for Member {
    fn in_group(mut self, group: i64) -> Self {
        self.draft.group_id = Some(group);
        self
    }
    fn joined(mut self, on: NaiveDate) -> Self {
        self.draft.joined_on = Some(on);
        self
    }
    fn archived(mut self, on: NaiveDate) -> Self {
        self.archive = Some(Archive { reason: ArchiveReason::TransferredOut, date: on, note: String::new() });
        self
    }
    fn exempt(mut self, from: Option<NaiveDate>, to: Option<NaiveDate>) -> Self {
        self.draft.exemption = Some(Exemption { reason: "年老体弱".into(), from, to });
        self
    }
    fn probationary(mut self, admitted: NaiveDate) -> Self {
        self.draft.status = MemberStatus::Probationary;
        self.draft.admission_date = admitted;
        self.draft.conversion_date = None;
        self
    }
    fn converted(mut self, on: NaiveDate) -> Self {
        self.draft.status = MemberStatus::Full;
        self.draft.admission_date = sub_months(on, 12);
        self.draft.conversion_date = Some(on);
        self
    }
    fn cadre(mut self) -> Self {
        self.draft.cadre_level = Some(CadreLevel::CityCounty);
        self
    }
    fn post(mut self, p: PartyPost) -> Self {
        self.draft.posts.push(p);
        self
    }
    fn other_unit(mut self) -> Self {
        self.draft.unit_category = UnitCategory::Other;
        self
    }
}

/// The records behind `Facts`, owned.
#[derive(Default)]
struct Branch {
    members: Vec<Member>,
    groups: Vec<PartyGroup>,
    held: Vec<HeldMeeting>,
    honours_reported: Vec<i32>,
    study: Vec<(i64, StudyStatus)>,
    last_org_life: IdMap<i64, NaiveDate>,
    last_rotation: IdMap<i64, NaiveDate>,
    excused_months: IdMap<i64, Vec<NaiveDate>>,
    away_months: IdMap<i64, Vec<NaiveDate>>,
    secretary_since: IdMap<i64, NaiveDate>,
    last_training: IdMap<i64, NaiveDate>,
}

impl Branch {
    fn of(members: impl IntoIterator<Item = Member>) -> Branch {
        Branch { members: members.into_iter().collect(), ..Branch::default() }
    }

    /// `n` plain full members with ids 1..=n.
    fn with(n: i64) -> Branch {
        Branch::of((1..=n).map(member))
    }

    fn group(mut self, id: i64) -> Branch {
        self.groups.push(PartyGroup { id, name: format!("第{id}党小组"), leader_id: None, entered_on: None });
        self
    }

    /// Group `id`, entered into the file on `on` (its change log's insert).
    fn group_entered(mut self, id: i64, on: NaiveDate) -> Branch {
        self = self.group(id);
        if let Some(g) = self.groups.last_mut() {
            g.entered_on = Some(on);
        }
        self
    }

    fn held(mut self, h: HeldMeeting) -> Branch {
        self.held.push(h);
        self
    }

    /// A 主题党日 (branch-wide organisational life) held on the 15th of every month from
    /// `first`'s month to `last`'s: the branch meets, so a member who does not come misses it.
    fn theme_days(mut self, first: NaiveDate, last: NaiveDate) -> Branch {
        let mut d = day(first.year(), first.month(), 15);
        while d <= day(last.year(), last.month(), 15) {
            self.held.push(meeting(d, &[K::ThemeDay]));
            d = zhibu::domain::dates::add_months(d, 1);
        }
        self
    }

    fn study(mut self, id: i64, st: StudyStatus) -> Branch {
        self.study.push((id, st));
        self
    }

    fn org_life(mut self, id: i64, last: NaiveDate) -> Branch {
        self.last_org_life.insert(id, last);
        self
    }

    fn rotation(mut self, id: i64, last: NaiveDate) -> Branch {
        self.last_rotation.insert(id, last);
        self
    }

    /// Months (by their first day) in which member `id` missed org life only with a reason.
    fn excused(mut self, id: i64, months: &[NaiveDate]) -> Branch {
        self.excused_months.insert(id, months.to_vec());
        self
    }

    /// Months (by their first day) member `id` spent away (流动) while in contact.
    fn away(mut self, id: i64, months: &[NaiveDate]) -> Branch {
        self.away_months.insert(id, months.to_vec());
        self
    }

    fn facts(&self) -> Facts<'_> {
        Facts {
            members: &self.members,
            groups: &self.groups,
            held: &self.held,
            honours_reported: &self.honours_reported,
            study: &self.study,
            study_last_year: &[],
            last_org_life: &self.last_org_life,
            last_rotation: &self.last_rotation,
            excused_months: &self.excused_months,
            away_months: &self.away_months,
            secretary_since: &self.secretary_since,
            last_training: &self.last_training,
            dues: None,
        }
    }

    fn findings(&self, today: NaiveDate, s: &Settings) -> Vec<Finding> {
        findings(&self.facts(), today, s)
    }

    fn state(&self, kind: K, group: Option<i64>, p: Period, today: NaiveDate, s: &Settings) -> PeriodState {
        period_state(kind, group, p, &self.facts(), today, s)
    }

    fn grid(&self, year: i32, today: NaiveDate, s: &Settings) -> Vec<GridRow> {
        year_grid(&self.facts(), year, today, s)
    }

    /// The severity of `rule`'s finding about `subject` for period `p`, if any.
    fn cadence(&self, rule: RuleId, subject: Subject, p: Period, today: NaiveDate, s: &Settings) -> Option<Severity> {
        let fs = self.findings(today, s);
        let mut hits = fs.iter().filter(|f| f.rule == rule && f.subject == subject && f.period == Some(p));
        let first = hits.next().map(|f| f.severity);
        assert!(hits.next().is_none(), "two {rule:?} findings for one period");
        first
    }

    /// One group's findings under `rule`, as (severity, due).
    fn about_group(&self, rule: RuleId, id: i64, today: NaiveDate, s: &Settings) -> Vec<(Severity, NaiveDate)> {
        self.findings(today, s)
            .iter()
            .filter(|f| f.rule == rule && f.subject == Subject::Group(id))
            .map(|f| (f.severity, f.due))
            .collect()
    }

    /// One member's findings under `rule`, as (severity, due).
    fn about(&self, rule: RuleId, id: i64, today: NaiveDate, s: &Settings) -> Vec<(Severity, NaiveDate)> {
        self.findings(today, s)
            .iter()
            .filter(|f| f.rule == rule && f.subject == Subject::Member(id))
            .map(|f| (f.severity, f.due))
            .collect()
    }
}

/// Seven full members, all in group 1: every cadence kind is required.
fn committee_branch() -> Branch {
    Branch::of((1..=7).map(|i| member(i).in_group(1))).group(1)
}

fn meeting(date: NaiveDate, kinds: &[K]) -> HeldMeeting {
    HeldMeeting { date, kinds: kinds.to_vec(), group_id: None, lecturer_id: None }
}

fn group_meeting(date: NaiveDate, group: i64) -> HeldMeeting {
    HeldMeeting { group_id: Some(group), ..meeting(date, &[K::GroupMeeting]) }
}

fn lecture_by(date: NaiveDate, lecturer: i64) -> HeldMeeting {
    HeldMeeting { lecturer_id: Some(lecturer), ..meeting(date, &[K::PartyLecture]) }
}

/// The findings of one rule.
fn of(fs: &[Finding], rule: RuleId) -> Vec<&Finding> {
    fs.iter().filter(|f| f.rule == rule).collect()
}

/// Group 1 for 党小组会, the branch otherwise.
fn group_for(kind: K) -> Option<i64> {
    (kind == K::GroupMeeting).then_some(1)
}

fn subject_for(kind: K) -> Subject {
    group_for(kind).map_or(Subject::Branch, Subject::Group)
}

/// The period of `kind`'s cadence that contains `d`.
fn period_of(kind: K, d: NaiveDate, s: &Settings) -> Period {
    match s.cadence_for(kind) {
        Cadence::Month => Period::month_of(d),
        Cadence::Quarter => Period::quarter_of(d),
        _ => Period::year(d.year()),
    }
}

fn with_cadence(kind: K, c: Cadence) -> Settings {
    let mut s = Settings::default();
    if let Some(slot) = s.cadence.iter_mut().find(|(k, _)| *k == kind) {
        slot.1 = c;
    }
    s
}

fn row(grid: &[GridRow], kind: K, group: Option<i64>) -> Vec<Cell> {
    grid.iter()
        .find(|r| r.kind == kind && r.group == group)
        .map(|r| r.cells.clone())
        .unwrap_or_else(|| panic!("no grid row for {kind:?} {group:?}"))
}

// ---------------------------------------------------------------------------------------------
// Meeting cadence (domain.md §3(a) cadence table and its last paragraph; "zhibu's choices"
// cadence defaults). Only held meetings are passed in `Facts.held`: a planned one never counts.

#[test]
fn a_held_meeting_satisfies_its_kinds_period() {
    let s = Settings::default();
    let on = day(2026, 5, 10);
    for kind in CADENCE_KINDS {
        let b = committee_branch().held(HeldMeeting { group_id: group_for(kind), ..meeting(on, &[kind]) });
        let p = period_of(kind, on, &s);
        assert_eq!(b.state(kind, group_for(kind), p, day(2027, 1, 1), &s), PeriodState::Held(1), "{kind:?}");
        let rule = RuleId::of_kind(kind).unwrap();
        assert_eq!(b.cadence(rule, subject_for(kind), p, day(2027, 1, 1), &s), None, "{kind:?}");
    }
}

#[test]
fn default_cadences_are_quarter_month_month_quarter_month_year() {
    let s = Settings::default();
    let on = day(2026, 5, 10);
    let expected = [
        (K::GeneralMeeting, quarter(2026, 2)),
        (K::CommitteeMeeting, month(2026, 5)),
        (K::GroupMeeting, month(2026, 5)),
        (K::PartyLecture, quarter(2026, 2)),
        (K::ThemeDay, month(2026, 5)),
        (K::OrgLifeMeeting, Period::year(2026)),
    ];
    for (kind, p) in expected {
        assert_eq!(period_of(kind, on, &s), p, "{kind:?}");
    }
}

#[test]
fn a_period_without_a_held_meeting_is_overdue_once_closed() {
    // No meetings at all: a planned meeting would simply not be in `held`.
    let s = Settings::default();
    let b = committee_branch();
    let today = day(2027, 1, 1);
    for kind in CADENCE_KINDS {
        let p = period_of(kind, day(2026, 5, 10), &s);
        assert_eq!(b.state(kind, group_for(kind), p, today, &s), PeriodState::Missed, "{kind:?}");
        let rule = RuleId::of_kind(kind).unwrap();
        assert_eq!(b.cadence(rule, subject_for(kind), p, today, &s), Some(Severity::Overdue), "{kind:?}");
    }
}

#[test]
fn two_meetings_in_a_period_are_counted() {
    let s = Settings::default();
    let b = Branch::with(1)
        .held(meeting(day(2026, 4, 2), &[K::GeneralMeeting]))
        .held(meeting(day(2026, 6, 30), &[K::GeneralMeeting]));
    assert_eq!(b.state(K::GeneralMeeting, None, quarter(2026, 2), day(2026, 7, 1), &s), PeriodState::Held(2));
}

#[test]
fn a_meeting_of_several_kinds_counts_for_each_kind() {
    let s = Settings::default();
    let b = committee_branch().held(meeting(day(2026, 5, 10), &[K::ThemeDay, K::GeneralMeeting, K::PartyLecture]));
    let today = day(2026, 7, 1);
    assert_eq!(b.state(K::ThemeDay, None, month(2026, 5), today, &s), PeriodState::Held(1));
    assert_eq!(b.state(K::GeneralMeeting, None, quarter(2026, 2), today, &s), PeriodState::Held(1));
    assert_eq!(b.state(K::PartyLecture, None, quarter(2026, 2), today, &s), PeriodState::Held(1));
    // Kinds it does not carry stay missing.
    assert_eq!(b.state(K::CommitteeMeeting, None, month(2026, 5), today, &s), PeriodState::Missed);
    assert_eq!(b.state(K::GroupMeeting, Some(1), month(2026, 5), today, &s), PeriodState::Missed);
    assert_eq!(b.state(K::OrgLifeMeeting, None, Period::year(2026), today, &s), PeriodState::Open);
}

#[test]
fn a_group_meeting_counts_only_for_its_own_group() {
    let s = Settings::default();
    let b = Branch::of([member(1).in_group(1), member(2).in_group(2)])
        .group(1)
        .group(2)
        .held(group_meeting(day(2026, 5, 10), 1))
        // A 党小组会 recorded without a group counts for no group.
        .held(meeting(day(2026, 5, 11), &[K::GroupMeeting]));
    let today = day(2026, 6, 1);
    assert_eq!(b.state(K::GroupMeeting, Some(1), month(2026, 5), today, &s), PeriodState::Held(1));
    assert_eq!(b.state(K::GroupMeeting, Some(2), month(2026, 5), today, &s), PeriodState::Missed);
    let may = month(2026, 5);
    assert_eq!(b.cadence(RuleId::GroupMeeting, Subject::Group(1), may, today, &s), None);
    assert_eq!(b.cadence(RuleId::GroupMeeting, Subject::Group(2), may, today, &s), Some(Severity::Overdue));
    // Group findings are per group, never about the branch.
    let fs = b.findings(today, &s);
    assert!(of(&fs, RuleId::GroupMeeting).iter().all(|f| f.subject != Subject::Branch));
}

#[test]
fn a_meeting_on_31_march_counts_for_q1_and_on_1_april_for_q2() {
    let s = Settings::default();
    let today = day(2026, 4, 10);
    let march = Branch::with(1).held(meeting(day(2026, 3, 31), &[K::GeneralMeeting]));
    assert_eq!(march.state(K::GeneralMeeting, None, quarter(2026, 1), today, &s), PeriodState::Held(1));
    assert_eq!(march.state(K::GeneralMeeting, None, quarter(2026, 2), today, &s), PeriodState::Open);
    let april = Branch::with(1).held(meeting(day(2026, 4, 1), &[K::GeneralMeeting]));
    assert_eq!(april.state(K::GeneralMeeting, None, quarter(2026, 1), today, &s), PeriodState::Missed);
    assert_eq!(april.state(K::GeneralMeeting, None, quarter(2026, 2), today, &s), PeriodState::Held(1));
}

#[test]
fn a_missing_q1_meeting_is_overdue_on_1_april_without_grace() {
    let s = Settings::default();
    let b = Branch::with(1);
    let q1 = quarter(2026, 1);
    assert_eq!(b.cadence(RuleId::GeneralMeeting, Subject::Branch, q1, day(2026, 3, 31), &s), Some(Severity::DueSoon));
    assert_eq!(b.cadence(RuleId::GeneralMeeting, Subject::Branch, q1, day(2026, 4, 1), &s), Some(Severity::Overdue));
    let fs = b.findings(day(2026, 4, 1), &s);
    let f = of(&fs, RuleId::GeneralMeeting).into_iter().find(|f| f.period == Some(q1)).unwrap();
    assert_eq!(f.due, day(2026, 3, 31));
}

#[test]
fn grace_days_delay_overdue_by_exactly_that_many_days() {
    let s = Settings { grace_days: 3, ..Settings::default() };
    let b = Branch::with(1);
    let q1 = quarter(2026, 1);
    for today in [day(2026, 4, 1), day(2026, 4, 3)] {
        assert_ne!(b.state(K::GeneralMeeting, None, q1, today, &s), PeriodState::Missed, "{today}");
        assert_eq!(
            b.cadence(RuleId::GeneralMeeting, Subject::Branch, q1, today, &s),
            Some(Severity::DueSoon),
            "{today}"
        );
    }
    assert_eq!(b.state(K::GeneralMeeting, None, q1, day(2026, 4, 4), &s), PeriodState::Missed);
    let fs = b.findings(day(2026, 4, 4), &s);
    let f = of(&fs, RuleId::GeneralMeeting).into_iter().find(|f| f.period == Some(q1)).unwrap();
    assert_eq!((f.severity, f.due), (Severity::Overdue, day(2026, 4, 3)));
    // On the last day of the quarter: due by 31 March. In the grace days the quarter is over
    // (a meeting now counts for Q2): the finding is dated the grace's last day, not the
    // 31 March gone by, and says only a meeting held in Q1 and not yet logged answers it.
    let q1_finding = |today| {
        let fs = b.findings(today, &s);
        of(&fs, RuleId::GeneralMeeting).into_iter().find(|f| f.period == Some(q1)).cloned().unwrap()
    };
    let f = q1_finding(day(2026, 3, 31));
    assert_eq!((f.severity, f.due), (Severity::DueSoon, day(2026, 3, 31)));
    assert!(f.zh.contains("2026-03-31 前召开"), "{}", f.zh);
    for today in [day(2026, 4, 1), day(2026, 4, 3)] {
        let f = q1_finding(today);
        assert_eq!((f.severity, f.due), (Severity::DueSoon, day(2026, 4, 3)), "{today}");
        assert!(f.zh.contains("2026年第1季度没有召开支部党员大会的记录（宽限至 2026-04-03）"), "{}", f.zh);
        assert!(f.en.contains("grace until 2026-04-03"), "{}", f.en);
    }
}

#[test]
fn due_soon_starts_exactly_warn_days_before_the_period_end() {
    let s = Settings::default();
    let b = Branch::with(1);
    // Monthly: May ends on the 31st; warn_days 7 gives the 24th.
    let may = month(2026, 5);
    assert_eq!(b.state(K::ThemeDay, None, may, day(2026, 5, 23), &s), PeriodState::Open);
    assert_eq!(b.cadence(RuleId::ThemeDay, Subject::Branch, may, day(2026, 5, 23), &s), None);
    assert_eq!(b.state(K::ThemeDay, None, may, day(2026, 5, 24), &s), PeriodState::DueSoon);
    let fs = b.findings(day(2026, 5, 24), &s);
    let f = of(&fs, RuleId::ThemeDay).into_iter().find(|f| f.period == Some(may)).unwrap();
    assert_eq!((f.severity, f.due), (Severity::DueSoon, day(2026, 5, 31)));
    // Quarterly: Q2 ends on 30 June.
    let q2 = quarter(2026, 2);
    assert_eq!(b.state(K::PartyLecture, None, q2, day(2026, 6, 22), &s), PeriodState::Open);
    assert_eq!(b.state(K::PartyLecture, None, q2, day(2026, 6, 23), &s), PeriodState::DueSoon);
    assert_eq!(b.state(K::PartyLecture, None, q2, day(2026, 6, 30), &s), PeriodState::DueSoon);
}

#[test]
fn a_meeting_on_31_december_counts_for_the_old_year_and_on_1_january_for_the_new() {
    let s = Settings::default();
    let today = day(2027, 1, 10);
    let dec = Branch::with(1).held(meeting(day(2026, 12, 31), &[K::ThemeDay, K::GeneralMeeting]));
    assert_eq!(dec.state(K::ThemeDay, None, month(2026, 12), today, &s), PeriodState::Held(1));
    assert_eq!(dec.state(K::GeneralMeeting, None, quarter(2026, 4), today, &s), PeriodState::Held(1));
    assert_eq!(dec.state(K::ThemeDay, None, month(2027, 1), today, &s), PeriodState::Open);
    let jan = Branch::with(1).held(meeting(day(2027, 1, 1), &[K::ThemeDay, K::GeneralMeeting]));
    assert_eq!(jan.state(K::ThemeDay, None, month(2027, 1), today, &s), PeriodState::Held(1));
    // The previous year's gaps are still reported in January.
    let d = month(2026, 12);
    let q4 = quarter(2026, 4);
    assert_eq!(jan.cadence(RuleId::ThemeDay, Subject::Branch, d, day(2027, 1, 1), &s), Some(Severity::Overdue));
    assert_eq!(jan.cadence(RuleId::GeneralMeeting, Subject::Branch, q4, day(2027, 1, 1), &s), Some(Severity::Overdue));
}

#[test]
fn february_ends_on_the_29th_in_a_leap_year() {
    let s = Settings::default();
    let feb = month(2028, 2);
    assert_eq!(feb.end, day(2028, 2, 29));
    let b = Branch::with(1).held(meeting(day(2028, 2, 29), &[K::ThemeDay]));
    assert_eq!(b.state(K::ThemeDay, None, feb, day(2028, 3, 1), &s), PeriodState::Held(1));
    assert_eq!(b.state(K::ThemeDay, None, month(2028, 3), day(2028, 3, 1), &s), PeriodState::Open);
    let none = Branch::with(1);
    assert_eq!(none.state(K::ThemeDay, None, feb, day(2028, 2, 21), &s), PeriodState::Open);
    assert_eq!(none.state(K::ThemeDay, None, feb, day(2028, 2, 22), &s), PeriodState::DueSoon);
    assert_eq!(none.state(K::ThemeDay, None, feb, day(2028, 2, 29), &s), PeriodState::DueSoon);
    assert_eq!(none.state(K::ThemeDay, None, feb, day(2028, 3, 1), &s), PeriodState::Missed);
}

#[test]
fn february_ends_on_the_28th_in_a_common_year() {
    let s = Settings::default();
    let feb = month(2027, 2);
    assert_eq!(feb.end, day(2027, 2, 28));
    let none = Branch::with(1);
    assert_eq!(none.state(K::ThemeDay, None, feb, day(2027, 2, 20), &s), PeriodState::Open);
    assert_eq!(none.state(K::ThemeDay, None, feb, day(2027, 2, 21), &s), PeriodState::DueSoon);
    assert_eq!(none.state(K::ThemeDay, None, feb, day(2027, 3, 1), &s), PeriodState::Missed);
    // 1 March belongs to March only.
    let b = Branch::with(1).held(meeting(day(2027, 3, 1), &[K::ThemeDay]));
    assert_eq!(b.state(K::ThemeDay, None, feb, day(2027, 3, 1), &s), PeriodState::Missed);
    assert_eq!(b.state(K::ThemeDay, None, month(2027, 3), day(2027, 3, 1), &s), PeriodState::Held(1));
}

// ---------------------------------------------------------------------------------------------
// Committee meetings only with a committee: 7 or more full members (domain.md §3(a)
// committee_meeting, §5 "Committee meeting cadence").

#[test]
fn no_committee_meeting_is_required_with_six_full_members_and_probationary_ones() {
    let s = Settings::default();
    let b = Branch::of((1..=6).map(member).chain((7..=8).map(|i| member(i).probationary(day(2025, 9, 1)))));
    let today = day(2026, 6, 15);
    assert!(of(&b.findings(today, &s), RuleId::CommitteeMeeting).is_empty());
    assert_eq!(b.state(K::CommitteeMeeting, None, month(2026, 5), today, &s), PeriodState::NotRequired);
    assert!(row(&b.grid(2026, today, &s), K::CommitteeMeeting, None).iter().all(|c| *c == Cell::NotRequired));
    // The other kinds are still required.
    assert!(!of(&b.findings(today, &s), RuleId::ThemeDay).is_empty());
}

#[test]
fn committee_meetings_are_required_from_the_month_a_seventh_member_converts() {
    let s = Settings::default();
    let b = Branch::of((1..=6).map(member).chain([member(7).converted(day(2026, 5, 15))]));
    let today = day(2026, 7, 10);
    let state = |m| b.state(K::CommitteeMeeting, None, month(2026, m), today, &s);
    assert_eq!(state(4), PeriodState::NotRequired);
    assert_eq!(state(5), PeriodState::Missed);
    assert_eq!(state(6), PeriodState::Missed);
    assert_eq!(state(7), PeriodState::Open);
    let fs = b.findings(today, &s);
    let periods: Vec<_> = of(&fs, RuleId::CommitteeMeeting).iter().map(|f| (f.period, f.severity)).collect();
    assert_eq!(periods, vec![(Some(month(2026, 5)), Severity::Overdue), (Some(month(2026, 6)), Severity::Overdue)]);
}

// ---------------------------------------------------------------------------------------------
// 组织生活会: yearly, with a configurable cutoff (domain.md §3(a) org_life_meeting, §4 "the
// 组织生活会 / evaluation cutoff"); yearly items warn `yearly_warn_days` (30) ahead.

#[test]
fn org_life_meeting_with_the_default_cutoff_is_due_by_31_december() {
    let s = Settings::default();
    let b = Branch::with(2);
    let y = Period::year(2026);
    assert_eq!(b.cadence(RuleId::OrgLifeMeeting, Subject::Branch, y, day(2026, 11, 30), &s), None);
    assert_eq!(b.cadence(RuleId::OrgLifeMeeting, Subject::Branch, y, day(2026, 12, 1), &s), Some(Severity::DueSoon));
    assert_eq!(b.cadence(RuleId::OrgLifeMeeting, Subject::Branch, y, day(2027, 1, 1), &s), Some(Severity::Overdue));
    let held = Branch::with(2).held(meeting(day(2026, 12, 31), &[K::OrgLifeMeeting]));
    assert_eq!(held.state(K::OrgLifeMeeting, None, y, day(2027, 1, 1), &s), PeriodState::Held(1));
    // Under the default cutoff a January meeting is too late for the previous year.
    let late = Branch::with(2).held(meeting(day(2027, 1, 15), &[K::OrgLifeMeeting]));
    assert_eq!(late.state(K::OrgLifeMeeting, None, y, day(2027, 1, 20), &s), PeriodState::Missed);
}

#[test]
fn org_life_meeting_with_cutoff_02_28_may_be_held_early_next_year() {
    let s = Settings { org_life_cutoff: parse_month_day("02-28").unwrap(), ..Settings::default() };
    let y = Period::year(2026);
    let held = Branch::with(2).held(meeting(day(2027, 1, 15), &[K::OrgLifeMeeting]));
    assert_eq!(held.state(K::OrgLifeMeeting, None, y, day(2027, 3, 1), &s), PeriodState::Held(1));
    assert_eq!(held.cadence(RuleId::OrgLifeMeeting, Subject::Branch, y, day(2027, 3, 1), &s), None);
    let none = Branch::with(2);
    // No warning in December: the deadline is 28 February.
    assert_eq!(none.cadence(RuleId::OrgLifeMeeting, Subject::Branch, y, day(2026, 12, 31), &s), None);
    assert_eq!(none.cadence(RuleId::OrgLifeMeeting, Subject::Branch, y, day(2027, 2, 28), &s), Some(Severity::DueSoon));
    let fs = none.findings(day(2027, 3, 1), &s);
    let f = of(&fs, RuleId::OrgLifeMeeting).into_iter().find(|f| f.period == Some(y)).unwrap();
    assert_eq!((f.severity, f.due), (Severity::Overdue, day(2027, 2, 28)));
    // A meeting after the cutoff is too late.
    let late = Branch::with(2).held(meeting(day(2027, 3, 1), &[K::OrgLifeMeeting]));
    assert_eq!(late.state(K::OrgLifeMeeting, None, y, day(2027, 3, 1), &s), PeriodState::Missed);
}

#[test]
fn a_meeting_before_a_february_cutoff_counts_for_the_previous_year_only() {
    let s = Settings { org_life_cutoff: (2, 28), ..Settings::default() };
    // 2026's meeting held on 15 January 2027, and nothing held for 2027 by 28 February 2028.
    let b = Branch::with(2).held(meeting(day(2027, 1, 15), &[K::OrgLifeMeeting]));
    let today = day(2028, 3, 1);
    assert_eq!(b.state(K::OrgLifeMeeting, None, Period::year(2026), today, &s), PeriodState::Held(1));
    assert_eq!(b.state(K::OrgLifeMeeting, None, Period::year(2027), today, &s), PeriodState::Missed);
    assert_eq!(
        b.cadence(RuleId::OrgLifeMeeting, Subject::Branch, Period::year(2027), today, &s),
        Some(Severity::Overdue)
    );
}

/// A missing 组织生活会 stays reported a full year after it falls overdue (`recent`), as the
/// missing grades do. With the cutoff 01-31, 2025's meeting was due 2026-01-31 and overdue from
/// 2026-02-01; on 1 January 2027 that is less than a year, yet only 2026 and 2027 were looked
/// at, so it vanished a month early (a missed real overdue). Now it stays to the 365th day after
/// the cutoff and goes the day after.
#[test]
fn a_missing_org_life_meeting_stays_a_full_year_with_a_cutoff_in_the_next_year() {
    let s = Settings { org_life_cutoff: (1, 31), ..Settings::default() };
    let b = Branch::of([member(1).joined(day(2025, 1, 1))]);
    let y = Period::year(2025);
    assert_eq!(b.cadence(RuleId::OrgLifeMeeting, Subject::Branch, y, day(2026, 1, 31), &s), Some(Severity::DueSoon));
    assert_eq!(b.cadence(RuleId::OrgLifeMeeting, Subject::Branch, y, day(2026, 12, 31), &s), Some(Severity::Overdue));
    assert_eq!(b.cadence(RuleId::OrgLifeMeeting, Subject::Branch, y, day(2027, 1, 1), &s), Some(Severity::Overdue));
    assert_eq!(b.cadence(RuleId::OrgLifeMeeting, Subject::Branch, y, day(2027, 1, 31), &s), Some(Severity::Overdue));
    assert_eq!(b.cadence(RuleId::OrgLifeMeeting, Subject::Branch, y, day(2027, 2, 1), &s), None, "a year overdue");
    // Held within 2025's window (1 February 2025 to 31 January 2026): nothing.
    let held = Branch::of([member(1).joined(day(2025, 1, 1))]).held(meeting(day(2026, 1, 20), &[K::OrgLifeMeeting]));
    assert_eq!(held.cadence(RuleId::OrgLifeMeeting, Subject::Branch, y, day(2027, 1, 15), &s), None);
    // Grace days move both ends.
    let late = Settings { grace_days: 10, ..s.clone() };
    assert_eq!(b.cadence(RuleId::OrgLifeMeeting, Subject::Branch, y, day(2027, 2, 10), &late), Some(Severity::Overdue));
    assert_eq!(b.cadence(RuleId::OrgLifeMeeting, Subject::Branch, y, day(2027, 2, 11), &late), None);
}

/// The latest cutoff (06-30 of the next year) keeps the year before last into the summer; a
/// 02-29 cutoff is 28 February in common years and 29 February in leap years, and the year of
/// overdue counts 365 days from it. The default 12-31 looks at last year and this year only.
#[test]
fn the_year_before_last_is_reported_to_a_year_after_its_cutoff_at_month_ends_and_leap_days() {
    let b = Branch::of([member(1).joined(day(2025, 1, 1))]);
    let june = Settings { org_life_cutoff: (6, 30), ..Settings::default() };
    let y2025 = Period::year(2025);
    assert_eq!(
        b.cadence(RuleId::OrgLifeMeeting, Subject::Branch, y2025, day(2027, 6, 30), &june),
        Some(Severity::Overdue)
    );
    assert_eq!(b.cadence(RuleId::OrgLifeMeeting, Subject::Branch, y2025, day(2027, 7, 1), &june), None);
    let leap = Settings { org_life_cutoff: (2, 29), ..Settings::default() };
    let y2027 = Period::year(2027);
    // 2027's meeting is due 2028-02-29, overdue from 1 March 2028, reported to 2029-02-28.
    assert_eq!(
        b.cadence(RuleId::OrgLifeMeeting, Subject::Branch, y2027, day(2028, 2, 29), &leap),
        Some(Severity::DueSoon)
    );
    assert_eq!(
        b.cadence(RuleId::OrgLifeMeeting, Subject::Branch, y2027, day(2028, 3, 1), &leap),
        Some(Severity::Overdue)
    );
    assert_eq!(
        b.cadence(RuleId::OrgLifeMeeting, Subject::Branch, y2027, day(2029, 2, 28), &leap),
        Some(Severity::Overdue)
    );
    assert_eq!(b.cadence(RuleId::OrgLifeMeeting, Subject::Branch, y2027, day(2029, 3, 1), &leap), None);
    let s = Settings::default();
    assert_eq!(
        b.cadence(RuleId::OrgLifeMeeting, Subject::Branch, y2025, day(2026, 12, 31), &s),
        Some(Severity::Overdue)
    );
    assert_eq!(b.cadence(RuleId::OrgLifeMeeting, Subject::Branch, y2025, day(2027, 1, 1), &s), None);
    assert_eq!(zhibu::domain::rules::held_from(day(2027, 1, 1), &s), day(2026, 1, 1));
}

/// Not only 组织生活会: grace days past 31 December keep the year before last's December (a
/// monthly or quarterly period) and a cadre's missing 党课 reported into the new year for as
/// many days; they vanished on 1 January.
#[test]
fn grace_days_keep_the_year_before_last_reported_into_the_new_year() {
    let s = Settings { grace_days: 10, ..Settings::default() };
    let b = Branch::of([member(1).joined(day(2025, 1, 1)).cadre()]);
    let dec = month(2025, 12);
    // Overdue from 11 January 2026 (31 December plus 10 days), reported to 10 January 2027.
    assert_eq!(b.cadence(RuleId::ThemeDay, Subject::Branch, dec, day(2027, 1, 10), &s), Some(Severity::Overdue));
    assert_eq!(b.cadence(RuleId::ThemeDay, Subject::Branch, dec, day(2027, 1, 11), &s), None);
    assert_eq!(
        b.cadence(RuleId::GeneralMeeting, Subject::Branch, quarter(2025, 4), day(2027, 1, 10), &s),
        Some(Severity::Overdue)
    );
    let lecture_2025 = |today| {
        b.findings(today, &s)
            .into_iter()
            .filter(|f| f.rule == RuleId::LeaderLecture && f.period == Some(Period::year(2025)))
            .map(|f| (f.severity, f.due))
            .collect::<Vec<_>>()
    };
    assert_eq!(lecture_2025(day(2027, 1, 10)), vec![(Severity::Overdue, day(2026, 1, 10))]);
    assert_eq!(lecture_2025(day(2027, 1, 11)), vec![]);
    assert_eq!(zhibu::domain::rules::held_from(day(2027, 1, 10), &s), day(2025, 1, 1));
    assert_eq!(zhibu::domain::rules::held_from(day(2027, 1, 11), &s), day(2026, 1, 1));
}

/// `held_from`: the service reads held meetings a year earlier only while the year before last
/// is still reported, and from the first day a meeting counts for it (the day after the cutoff
/// before it), not from 1 January.
#[test]
fn held_meetings_are_read_from_the_year_before_last_only_while_it_is_reported() {
    let jan = Settings { org_life_cutoff: (1, 31), ..Settings::default() };
    assert_eq!(zhibu::domain::rules::held_from(day(2026, 11, 28), &jan), day(2025, 1, 1));
    assert_eq!(zhibu::domain::rules::held_from(day(2027, 1, 31), &jan), day(2025, 2, 1));
    assert_eq!(zhibu::domain::rules::held_from(day(2027, 2, 1), &jan), day(2026, 1, 1));
    assert_eq!(zhibu::domain::rules::held_from(day(2026, 11, 28), &Settings::default()), day(2025, 1, 1));
}

/// Through the service, with the cutoff 01-31: on 15 January 2027 the missing 2025 meeting is
/// reported (it vanished on 1 January), and one held on 20 January 2026, inside 2025's window,
/// counts: the service reads the held meetings of that window (reading only from 1 January
/// 2026 would have made it a false red). A file whose records begin in 2026 is not asked for
/// 2025 at all.
#[test]
fn the_service_reads_the_meetings_of_the_year_before_last_while_it_is_reported() {
    use zhibu::domain::meeting::{Attendance, AttendanceRow, MeetingDraft, MeetingStatus};
    use zhibu::service::{Record, Service};
    let org_life_2025 = |s: &Service| {
        s.overdue()
            .unwrap()
            .findings
            .into_iter()
            .filter(|f| f.rule == RuleId::OrgLifeMeeting && f.period == Some(Period::year(2025)))
            .map(|f| f.severity)
            .collect::<Vec<_>>()
    };
    let file = |records_from: NaiveDate, held: bool| {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("branch.db");
        let mut s = Service::open(&path, day(2026, 1, 20)).unwrap();
        let v = s.version(Record::Settings).unwrap();
        let settings = Settings { records_from: Some(records_from), org_life_cutoff: (1, 31), ..Settings::default() };
        s.save_settings(settings, v).unwrap();
        let id = s.create_member(&MemberDraft { joined_on: Some(day(2020, 1, 1)), ..member(1).draft }).unwrap();
        if held {
            let row = AttendanceRow {
                member_id: id,
                status: Attendance::Present,
                reason: String::new(),
                made_up_on: None,
                credit_min: 240,
            };
            let d = MeetingDraft {
                kinds: vec![K::OrgLifeMeeting],
                date: day(2026, 1, 20),
                start: None,
                end: None,
                status: MeetingStatus::Held,
                group_id: None,
                topic: "2025年度组织生活会".into(),
                location: String::new(),
                host_id: None,
                recorder_id: None,
                lecturer_id: None,
                lecturer_name: String::new(),
                credit_min: 240,
                minutes: String::new(),
                resolution: None,
                attendance: vec![row],
                guests: vec![],
                cancel_reason: String::new(),
            };
            s.save_meeting(None, &d).unwrap();
        }
        drop(s);
        let s = Service::open(&path, day(2027, 1, 15)).unwrap();
        (dir, s)
    };
    let (_d, s) = file(day(2025, 1, 1), false);
    assert_eq!(org_life_2025(&s), vec![Severity::Overdue]);
    let (_d, s) = file(day(2025, 1, 1), true);
    assert_eq!(org_life_2025(&s), vec![]);
    let (_d, s) = file(day(2026, 1, 1), false);
    assert_eq!(org_life_2025(&s), vec![], "before the records start");
}

#[test]
fn a_02_29_cutoff_falls_back_to_28_february_in_common_years() {
    let s = Settings { org_life_cutoff: parse_month_day("02-29").unwrap(), ..Settings::default() };
    assert_eq!(s.org_life_deadline(2026), day(2027, 2, 28));
    assert_eq!(s.org_life_deadline(2027), day(2028, 2, 29));
    let b = Branch::with(1);
    assert_eq!(b.state(K::OrgLifeMeeting, None, Period::year(2026), day(2027, 3, 1), &s), PeriodState::Missed);
}

// ---------------------------------------------------------------------------------------------
// Nobody to meet (domain.md §5 "Expected attendees": members whose relation covers the date; for
// 党小组会 members of that group).

#[test]
fn a_branch_with_no_members_has_no_findings() {
    let s = Settings::default();
    let b = Branch::default().group(1);
    let today = day(2026, 7, 1);
    assert!(b.findings(today, &s).is_empty());
    for kind in CADENCE_KINDS {
        let p = period_of(kind, day(2026, 2, 1), &s);
        assert_eq!(b.state(kind, group_for(kind), p, today, &s), PeriodState::NotRequired);
    }
    assert!(b.grid(2026, today, &s).iter().all(|r| r.cells.iter().all(|c| *c == Cell::NotRequired)));
}

#[test]
fn a_group_with_no_members_needs_no_group_meeting() {
    let s = Settings::default();
    let b = Branch::of([member(1).in_group(1)]).group(1).group(2);
    let today = day(2026, 7, 1);
    assert_eq!(b.state(K::GroupMeeting, Some(2), month(2026, 5), today, &s), PeriodState::NotRequired);
    let fs = b.findings(today, &s);
    let groups = of(&fs, RuleId::GroupMeeting);
    assert!(!groups.is_empty());
    assert!(groups.iter().all(|f| f.subject == Subject::Group(1)));
}

#[test]
fn months_before_the_first_member_joined_need_no_meeting() {
    let s = Settings::default();
    let b = Branch::of([member(1).joined(day(2026, 5, 10))]);
    let today = day(2026, 7, 1);
    assert_eq!(b.state(K::ThemeDay, None, month(2026, 4), today, &s), PeriodState::NotRequired);
    assert_eq!(b.state(K::ThemeDay, None, month(2026, 5), today, &s), PeriodState::Missed);
}

/// 支部工作条例第十三条: a group owes its 党小组会 for the months it existed. Entered on 2
/// November, it owes none for October or November (its first month, not whole) and one for
/// December; entered on 1 November, November is whole and owed.
#[test]
fn a_group_owes_its_meetings_from_the_first_whole_month_after_it_was_entered() {
    let s = Settings::default();
    let today = day(2027, 1, 10);
    let b = |on| Branch::of([member(1).in_group(1)]).group_entered(1, on);
    let at = |b: &Branch, m| b.cadence(RuleId::GroupMeeting, Subject::Group(1), month(2026, m), today, &s);
    let second = b(day(2026, 11, 2));
    assert_eq!((at(&second, 10), at(&second, 11), at(&second, 12)), (None, None, Some(Severity::Overdue)));
    assert_eq!(second.state(K::GroupMeeting, Some(1), month(2026, 11), today, &s), PeriodState::NotRequired);
    let mut cells = vec![Cell::NotRequired; 11];
    cells.push(Cell::Missed);
    assert_eq!(row(&second.grid(2026, today, &s), K::GroupMeeting, Some(1)), cells);
    let first = b(day(2026, 11, 1));
    assert_eq!(
        (at(&first, 10), at(&first, 11), at(&first, 12)),
        (None, Some(Severity::Overdue), Some(Severity::Overdue))
    );
    // Within its first month a group is not even due soon.
    assert_eq!(second.about_group(RuleId::GroupMeeting, 1, day(2026, 11, 28), &s), vec![]);
    // The branch's other meetings do not depend on the group.
    assert_eq!(second.cadence(RuleId::ThemeDay, Subject::Branch, month(2026, 10), today, &s), Some(Severity::Overdue));
}

/// A group's meetings on record from before the day it was entered (补录往年的会议) show that it
/// existed then: it owes every month from its first meeting on. A group the change log says
/// nothing of (entered before there was one) owes every month its members were in the branch,
/// as before.
#[test]
fn a_group_with_meetings_before_its_entry_owes_from_its_first_meeting() {
    let s = Settings::default();
    let today = day(2026, 11, 28);
    let b = Branch::of([member(1).in_group(1).joined(day(2026, 1, 1))])
        .group_entered(1, day(2026, 11, 20))
        .held(group_meeting(day(2026, 3, 20), 1))
        .held(group_meeting(day(2026, 5, 20), 1));
    let at = |b: &Branch, m| b.cadence(RuleId::GroupMeeting, Subject::Group(1), month(2026, m), today, &s);
    assert_eq!(
        (at(&b, 2), at(&b, 3), at(&b, 4), at(&b, 5), at(&b, 6)),
        (None, None, Some(Severity::Overdue), None, Some(Severity::Overdue))
    );
    assert_eq!(at(&b, 10), Some(Severity::Overdue));
    assert_eq!(b.state(K::GroupMeeting, Some(1), month(2026, 3), today, &s), PeriodState::Held(1));
    let unknown = Branch::of([member(1).in_group(1).joined(day(2026, 1, 1))]).group(1);
    assert_eq!((at(&unknown, 1), at(&unknown, 2)), (Some(Severity::Overdue), Some(Severity::Overdue)));
}

// ---------------------------------------------------------------------------------------------
// Settings change the findings (domain.md §4 "Configurable": cadences, grace and warn days).

#[test]
fn a_cadence_set_to_none_removes_the_kinds_findings_and_grid_row() {
    let b = Branch::with(2);
    let today = day(2026, 7, 1);
    let default = Settings::default();
    assert!(!of(&b.findings(today, &default), RuleId::PartyLecture).is_empty());
    let s = with_cadence(K::PartyLecture, Cadence::None);
    let fs = b.findings(today, &s);
    assert!(of(&fs, RuleId::PartyLecture).is_empty());
    assert!(!of(&fs, RuleId::GeneralMeeting).is_empty());
    assert_eq!(b.state(K::PartyLecture, None, quarter(2026, 1), today, &s), PeriodState::NotRequired);
    assert!(b.grid(2026, today, &s).iter().all(|r| r.kind != K::PartyLecture));
}

#[test]
fn a_party_lecture_set_to_monthly_is_checked_monthly() {
    let b = Branch::with(1);
    let s = with_cadence(K::PartyLecture, Cadence::Month);
    let today = day(2026, 7, 1);
    assert_eq!(b.cadence(RuleId::PartyLecture, Subject::Branch, month(2026, 6), today, &s), Some(Severity::Overdue));
    assert_eq!(b.cadence(RuleId::PartyLecture, Subject::Branch, quarter(2026, 2), today, &s), None);
}

#[test]
fn warn_days_move_the_start_of_due_soon() {
    let b = Branch::with(1);
    let may = month(2026, 5);
    let today = day(2026, 5, 21);
    assert_eq!(b.cadence(RuleId::ThemeDay, Subject::Branch, may, today, &Settings::default()), None);
    let s = Settings { warn_days: 10, ..Settings::default() };
    assert_eq!(b.cadence(RuleId::ThemeDay, Subject::Branch, may, today, &s), Some(Severity::DueSoon));
    assert_eq!(b.cadence(RuleId::ThemeDay, Subject::Branch, may, day(2026, 5, 20), &s), None);
}

// ---------------------------------------------------------------------------------------------
// Study time (domain.md "zhibu's choices" on targets, proration and pace; §3(b) thresholds; §5
// "Study time"). The rule maps `StudyStatus.standing`: Behind -> due soon, Short -> overdue.

#[test]
fn behind_pace_is_due_soon_and_short_is_overdue() {
    let s = Settings::default();
    let m = member(1);
    let today = day(2026, 7, 2);
    let behind = study_status(&m, 2026, today, 0, &s);
    assert_eq!(behind.standing, Standing::Behind);
    let short = study_status(&m, 2026, day(2027, 1, 1), DAY, &s);
    assert_eq!(short.standing, Standing::Short);
    let b = Branch::with(2).study(1, behind).study(2, short);
    assert_eq!(b.about(RuleId::StudyHours, 1, today, &s), vec![(Severity::DueSoon, day(2026, 12, 31))]);
    assert_eq!(b.about(RuleId::StudyHours, 2, today, &s), vec![(Severity::Overdue, day(2026, 12, 31))]);
}

#[test]
fn met_on_track_and_exempt_give_no_study_finding() {
    let s = Settings::default();
    let today = day(2026, 7, 2);
    let met = study_status(&member(1), 2026, today, 12 * DAY, &s);
    let on_track = study_status(&member(2), 2026, today, 6 * DAY, &s);
    let exempt_member = member(3).exempt(None, None);
    let exempt = study_status(&exempt_member, 2026, today, 0, &s);
    assert_eq!(
        [met.standing, on_track.standing, exempt.standing],
        [Standing::Met, Standing::OnTrack, Standing::Exempt]
    );
    let b = Branch::of([member(1), member(2), exempt_member]).study(1, met).study(2, on_track).study(3, exempt);
    assert!(of(&b.findings(today, &s), RuleId::StudyHours).is_empty());
}

#[test]
fn targets_follow_the_rule_set_and_unit_category() {
    let s = Settings::default();
    assert_eq!(yearly_target(&member(1), 2026, &s), Some(12 * DAY));
    assert_eq!(yearly_target(&member(1).other_unit(), 2026, &s), Some(6 * DAY));
    let jy = Settings { rule_set: RuleSet::Jy2019, ..Settings::default() };
    assert_eq!(yearly_target(&member(1), 2026, &jy), Some(32 * 60));
    assert_eq!(yearly_target(&member(1).post(PartyPost::Publicity), 2026, &jy), Some(56 * 60));
}

#[test]
fn a_member_who_joins_on_the_first_of_a_month_is_prorated_from_that_month() {
    let s = Settings::default();
    // June to December: 7 months; 12 days x 7/12 = 7 days, 6 x 7/12 = 3.5 days.
    let m = member(1).joined(day(2026, 6, 1));
    assert_eq!(yearly_target(&m, 2026, &s), Some(7 * DAY));
    assert_eq!(yearly_target(&m.clone().other_unit(), 2026, &s), Some(7 * DAY / 2));
    // Joining on 1 January is the whole year; the pace runs from the join date.
    assert_eq!(yearly_target(&member(1).joined(day(2026, 1, 1)), 2026, &s), Some(12 * DAY));
    let st = study_status(&m, 2026, day(2026, 6, 1), 0, &s);
    assert_eq!(st.expected_min, 7 * DAY / 214);
    assert_eq!(st.standing, Standing::OnTrack);
}

#[test]
fn a_member_who_joins_on_the_31st_is_prorated_by_the_whole_months_left() {
    let s = Settings::default();
    // Joined 31 May: June to December are the whole months left (7); 12 days x 7/12 = 7 days.
    let m = member(1).joined(day(2026, 5, 31));
    assert_eq!(yearly_target(&m, 2026, &s), Some(7 * DAY));
    // Joined 31 August, 6-day member: 4 whole months; 6 x 4/12 = 2 days.
    let o = member(2).other_unit().joined(day(2026, 8, 31));
    assert_eq!(yearly_target(&o, 2026, &s), Some(2 * DAY));
}

#[test]
fn a_member_who_joins_on_31_january_has_the_whole_years_target() {
    // Whichever way the month of joining is counted, January to December is twelve months or
    // eleven and a bit; the target never exceeds the full one.
    let s = Settings::default();
    let t = yearly_target(&member(1).joined(day(2026, 1, 31)), 2026, &s).unwrap();
    assert!((11 * DAY..=12 * DAY).contains(&t), "{t}");
}

#[test]
fn a_member_archived_at_a_month_end_is_prorated_and_short_once_gone() {
    let s = Settings::default();
    let m = member(1).archived(day(2026, 6, 30));
    assert_eq!(yearly_target(&m, 2026, &s), Some(6 * DAY));
    // After leaving, a shortfall cannot be closed any more.
    let short = study_status(&m, 2026, day(2026, 7, 10), 5 * DAY, &s);
    assert_eq!(short.standing, Standing::Short);
    assert_eq!(short.shortfall_min, DAY);
    assert_eq!(study_status(&m, 2026, day(2026, 7, 10), 6 * DAY, &s).standing, Standing::Met);
    // Before leaving, the same figures are only a pace question.
    assert_eq!(study_status(&m, 2026, day(2026, 6, 1), 5 * DAY, &s).standing, Standing::OnTrack);
}

#[test]
fn a_member_archived_on_the_first_is_prorated_by_the_whole_months_in_the_branch() {
    let s = Settings::default();
    // Archived 1 June: January to May are the whole months in the branch; 12 x 5/12 = 5 days.
    let m = member(1).archived(day(2026, 6, 1));
    assert_eq!(yearly_target(&m, 2026, &s), Some(5 * DAY));
}

#[test]
fn jy2019_targets_are_prorated_to_whole_hours() {
    let s = Settings { rule_set: RuleSet::Jy2019, ..Settings::default() };
    // Committee member, July to December: 56 x 6/12 = 28 学时.
    let c = member(1).post(PartyPost::Secretary).joined(day(2026, 7, 1));
    assert_eq!(yearly_target(&c, 2026, &s), Some(28 * 60));
    // August to December: 32 x 5/12 = 13.3, rounded up to 14 学时.
    let o = member(2).joined(day(2026, 8, 1));
    assert_eq!(yearly_target(&o, 2026, &s), Some(14 * 60));
}

#[test]
fn exempt_members_have_no_target() {
    let s = Settings::default();
    let always = member(1).exempt(None, None);
    assert_eq!(yearly_target(&always, 2026, &s), None);
    let this_year = member(2).exempt(Some(day(2025, 1, 1)), Some(day(2026, 12, 31)));
    assert_eq!(yearly_target(&this_year, 2026, &s), None);
    assert_eq!(yearly_target(&this_year, 2027, &s), Some(12 * DAY));
    let st = study_status(&always, 2026, day(2026, 12, 31), 0, &s);
    assert_eq!((st.target_min, st.standing, st.expected_min), (None, Standing::Exempt, 0));
}

#[test]
fn pace_on_1_january_and_31_december() {
    let s = Settings::default();
    let m = member(1);
    let target = 12 * DAY;
    // 1 January: one day of 365 has passed.
    let jan = study_status(&m, 2026, day(2026, 1, 1), 0, &s);
    assert_eq!((jan.expected_min, jan.standing), (target / 365, Standing::OnTrack));
    // 31 December: the whole target is expected; half a day of tolerance.
    let dec = |credited| study_status(&m, 2026, day(2026, 12, 31), credited, &s);
    assert_eq!(dec(0).expected_min, target);
    assert_eq!(dec(target - s.tolerance_min).standing, Standing::OnTrack);
    assert_eq!(dec(target - s.tolerance_min - 1).standing, Standing::Behind);
    // Still behind, not short, on the year's last day: 补学 can be recorded until it ends.
    assert_eq!(dec(0).standing, Standing::Behind);
    assert_eq!(dec(target).standing, Standing::Met);
    // 1 January of the next year: any shortfall is final.
    assert_eq!(study_status(&m, 2026, day(2027, 1, 1), target - 1, &s).standing, Standing::Short);
}

#[test]
fn pace_on_29_february() {
    let s = Settings::default();
    let m = member(1);
    let today = day(2028, 2, 29);
    // 60 of 366 days: 5760 x 60 / 366 = 944 minutes expected; behind below 944 - 240.
    let st = |credited| study_status(&m, 2028, today, credited, &s);
    assert_eq!(st(0).expected_min, 944);
    assert_eq!(st(704).standing, Standing::OnTrack);
    assert_eq!(st(703).standing, Standing::Behind);
}

#[test]
fn a_member_in_no_group_with_nothing_yet_is_on_track_on_1_january() {
    let s = Settings::default();
    let today = day(2026, 1, 1);
    let st = study_status(&member(1), 2026, today, 0, &s);
    assert_eq!(st.standing, Standing::OnTrack);
    let b = Branch::with(1).study(1, st);
    assert_eq!(b.about(RuleId::StudyHours, 1, today, &s), vec![]);
}

// Issue 7 item 1: before the year is over a member is at most behind (due soon), never short.
#[test]
fn far_behind_in_november_is_behind_and_due_soon_not_short() {
    let s = Settings::default();
    let m = member(1);
    // 孙春生 in the demo: 8 of 12 days on 2026-11-28.
    let today = day(2026, 11, 28);
    let st = study_status(&m, 2026, today, 8 * DAY, &s);
    assert_eq!(st.standing, Standing::Behind);
    // Nothing at all by 31 December is still only behind on that day, short on 1 January.
    assert_eq!(study_status(&m, 2026, day(2026, 12, 31), 0, &s).standing, Standing::Behind);
    assert_eq!(study_status(&m, 2026, day(2027, 1, 1), 0, &s).standing, Standing::Short);
    let b = Branch::with(1).study(1, st);
    assert_eq!(b.about(RuleId::StudyHours, 1, today, &s), vec![(Severity::DueSoon, day(2026, 12, 31))]);
    let f = b.findings(today, &s);
    assert!(!f[0].zh.contains("无法补足"), "{}", f[0].zh);
}

// ---------------------------------------------------------------------------------------------
// End of probation (domain.md §3(a) probation_end, §4 "预备期 1 year from the branch admission
// date", §5 "Periods": exact month arithmetic clamped to the month end).

#[test]
fn probation_from_29_february_ends_28_february_next_year() {
    let s = Settings::default();
    let b = Branch::of([member(1).probationary(day(2024, 2, 29))]);
    let at = |y, m, d| b.about(RuleId::ProbationEnd, 1, day(y, m, d), &s);
    // Due soon from 30 days before 2025-02-28.
    assert_eq!(at(2025, 1, 28), vec![]);
    assert_eq!(at(2025, 1, 29), vec![(Severity::DueSoon, day(2025, 2, 28))]);
    assert_eq!(at(2025, 2, 28), vec![(Severity::DueSoon, day(2025, 2, 28))]);
    // Through the 30 days of grace still due soon, dated their last day (a due-soon finding
    // never carries a day already past); overdue after them.
    assert_eq!(at(2025, 3, 1), vec![(Severity::DueSoon, day(2025, 3, 30))]);
    assert_eq!(at(2025, 3, 30), vec![(Severity::DueSoon, day(2025, 3, 30))]);
    assert_eq!(at(2025, 3, 31), vec![(Severity::Overdue, day(2025, 3, 30))]);
}

#[test]
fn an_extended_probation_is_due_at_its_new_end() {
    // [DZ]7: an extension of 6 to 12 months; 2025-08-31 + 18 months = 2027-02-28.
    let s = Settings::default();
    let mut m = member(1).probationary(day(2025, 8, 31));
    m.draft.probation_extension_months = 6;
    let b = Branch::of([m]);
    let at = |y, mo, d| b.about(RuleId::ProbationEnd, 1, day(y, mo, d), &s);
    assert_eq!(at(2026, 9, 30), vec![], "the first year's end is not due any more");
    assert_eq!(at(2027, 1, 29), vec![(Severity::DueSoon, day(2027, 2, 28))]);
    assert_eq!(at(2027, 3, 31), vec![(Severity::Overdue, day(2027, 3, 30))]);
}

#[test]
fn probation_warn_and_grace_days_are_settings() {
    let s = Settings { probation_warn_days: 10, probation_grace_days: 0, ..Settings::default() };
    let b = Branch::of([member(1).probationary(day(2025, 6, 30))]);
    let at = |m, d| b.about(RuleId::ProbationEnd, 1, day(2026, m, d), &s);
    assert_eq!(at(6, 19), vec![]);
    assert_eq!(at(6, 20), vec![(Severity::DueSoon, day(2026, 6, 30))]);
    assert_eq!(at(6, 30), vec![(Severity::DueSoon, day(2026, 6, 30))]);
    assert_eq!(at(7, 1), vec![(Severity::Overdue, day(2026, 6, 30))]);
}

#[test]
fn no_probation_finding_for_a_full_or_archived_member() {
    let s = Settings::default();
    let today = day(2025, 4, 30);
    let b = Branch::of([
        member(1).converted(day(2025, 2, 28)),
        member(2).probationary(day(2024, 2, 29)).archived(day(2025, 1, 15)),
    ]);
    assert!(of(&b.findings(today, &s), RuleId::ProbationEnd).is_empty());
}

// ---------------------------------------------------------------------------------------------
// Six months without organisational life (domain.md §5 "Six-month rule": warning at 3 months,
// configurable; red at 6, fixed by [DZ]; §3(b) "Red flag"; month arithmetic per §5 "Periods").

#[test]
fn no_org_life_warns_at_three_months_and_is_overdue_at_six() {
    let s = Settings::default();
    // The branch holds its 主题党日 every month; the member last came on 15 March.
    let b = Branch::with(1).org_life(1, day(2026, 3, 15)).theme_days(day(2026, 1, 1), day(2026, 12, 1));
    let at = |m, d| b.about(RuleId::OrgLifeLapse, 1, day(2026, m, d), &s);
    assert_eq!(at(6, 14), vec![]);
    assert_eq!(at(6, 15), vec![(Severity::DueSoon, day(2026, 9, 15))]);
    assert_eq!(at(9, 14), vec![(Severity::DueSoon, day(2026, 9, 15))]);
    assert_eq!(at(9, 15), vec![(Severity::Overdue, day(2026, 9, 15))]);
}

#[test]
fn six_months_from_31_august_end_on_the_last_day_of_february() {
    let s = Settings::default();
    let common = Branch::with(1).org_life(1, day(2026, 8, 31)).theme_days(day(2026, 8, 1), day(2027, 3, 1));
    let at = |y, m, d| common.about(RuleId::OrgLifeLapse, 1, day(y, m, d), &s);
    assert_eq!(at(2026, 11, 29), vec![]);
    assert_eq!(at(2026, 11, 30), vec![(Severity::DueSoon, day(2027, 2, 28))]);
    assert_eq!(at(2027, 2, 27), vec![(Severity::DueSoon, day(2027, 2, 28))]);
    assert_eq!(at(2027, 2, 28), vec![(Severity::Overdue, day(2027, 2, 28))]);
    let leap = Branch::with(1).org_life(1, day(2027, 8, 31)).theme_days(day(2027, 8, 1), day(2028, 3, 1));
    let at = |m, d| leap.about(RuleId::OrgLifeLapse, 1, day(2028, m, d), &s);
    assert_eq!(at(2, 28), vec![(Severity::DueSoon, day(2028, 2, 29))]);
    assert_eq!(at(2, 29), vec![(Severity::Overdue, day(2028, 2, 29))]);
}

#[test]
fn exempt_members_have_no_org_life_finding() {
    let s = Settings::default();
    let b = Branch::of([
        member(1).exempt(None, None),
        member(2).exempt(Some(day(2026, 1, 1)), Some(day(2026, 12, 31))),
        member(3),
    ])
    .theme_days(day(2025, 1, 1), day(2026, 10, 1));
    let today = day(2026, 10, 1);
    assert_eq!(b.about(RuleId::OrgLifeLapse, 1, today, &s), vec![]);
    assert_eq!(b.about(RuleId::OrgLifeLapse, 2, today, &s), vec![]);
    // Member 3 has missed every 主题党日 held.
    assert_eq!(b.about(RuleId::OrgLifeLapse, 3, today, &s).len(), 1);
}

#[test]
fn an_ended_exemption_restarts_the_count() {
    let s = Settings::default();
    let b = Branch::of([member(1).exempt(Some(day(2025, 1, 1)), Some(day(2026, 3, 31)))])
        .org_life(1, day(2024, 12, 1))
        .theme_days(day(2024, 12, 1), day(2026, 12, 1));
    let at = |m, d| b.about(RuleId::OrgLifeLapse, 1, day(2026, m, d), &s);
    // Counted from 1 April, the day after the exemption ended.
    assert_eq!(at(3, 31), vec![]);
    assert_eq!(at(6, 30), vec![]);
    assert_eq!(at(7, 1), vec![(Severity::DueSoon, day(2026, 10, 1))]);
    assert_eq!(at(10, 1), vec![(Severity::Overdue, day(2026, 10, 1))]);
}

#[test]
fn a_new_member_is_counted_from_the_join_date() {
    let s = Settings::default();
    let b = Branch::of([member(1).joined(day(2026, 6, 15)), member(2).joined(day(2026, 6, 15))])
        .org_life(2, day(2026, 7, 1))
        .theme_days(day(2026, 6, 1), day(2026, 12, 1));
    let at = |id, m, d| b.about(RuleId::OrgLifeLapse, id, day(2026, m, d), &s);
    assert_eq!(at(1, 9, 14), vec![]);
    assert_eq!(at(1, 9, 15), vec![(Severity::DueSoon, day(2026, 12, 15))]);
    // Taking part later moves the count on.
    assert_eq!(at(2, 9, 15), vec![]);
    assert_eq!(at(2, 10, 1), vec![(Severity::DueSoon, day(2027, 1, 1))]);
}

/// 党章第九条, [JY]31: "没有正当理由，连续6个月不参加党的组织生活". A member cannot fail to
/// attend organisational life that was never held: the branch (as recorded) held its last
/// org-life meeting on 15 January, which the member attended, and nothing since. On 16 July
/// the missed meetings are the branch's findings (theme day, general meeting, ...); the member
/// must not be told 6 months without organisational life (自行脱党). domain.md §5: only a month
/// with a missed meeting that was not excused counts.
#[test]
fn months_with_no_org_life_held_do_not_count_against_the_member() {
    let s = Settings::default();
    let b = Branch::with(3).held(meeting(day(2026, 1, 15), &[K::ThemeDay])).org_life(1, day(2026, 1, 15));
    let today = day(2026, 7, 16);
    assert!(
        !b.about(RuleId::OrgLifeLapse, 1, today, &s).iter().any(|(sev, _)| *sev == Severity::Overdue),
        "{:?}",
        b.about(RuleId::OrgLifeLapse, 1, today, &s)
    );
    // Nor is anyone else: members 2 and 3 have no organisational life on record at all.
    assert!(of(&b.findings(today, &s), RuleId::OrgLifeLapse).is_empty(), "{:?}", b.findings(today, &s));
}

/// A branch that recorded no meeting in the whole year read tells no member they lapsed,
/// whatever their last organisational life.
#[test]
fn a_branch_that_held_nothing_reports_no_member_lapsed() {
    let s = Settings::default();
    let b = Branch::with(3).org_life(1, day(2025, 12, 15));
    for today in [day(2026, 6, 30), day(2026, 11, 28), day(2027, 3, 1)] {
        assert!(of(&b.findings(today, &s), RuleId::OrgLifeLapse).is_empty(), "{today}");
    }
}

/// Months with nothing held move the six months on: the member last took part on 15 March; the
/// branch held its 主题党日 every month but May and June. Those two months count neither way,
/// so the three months' warning comes on 15 August (not 15 June) and the red on 15 November
/// (not 15 September); the message says how many months were left out.
#[test]
fn months_with_nothing_held_move_the_six_months_on() {
    let s = Settings::default();
    let mut b = Branch::with(1).org_life(1, day(2026, 3, 15));
    for m in [3, 4, 7, 8, 9, 10, 11, 12] {
        b = b.held(meeting(day(2026, m, 15), &[K::ThemeDay]));
    }
    let at = |m, d| b.about(RuleId::OrgLifeLapse, 1, day(2026, m, d), &s);
    assert_eq!(at(6, 15), vec![]);
    assert_eq!(at(8, 14), vec![]);
    assert_eq!(at(8, 15), vec![(Severity::DueSoon, day(2026, 11, 15))]);
    assert_eq!(at(9, 15), vec![(Severity::DueSoon, day(2026, 11, 15))]);
    assert_eq!(at(11, 14), vec![(Severity::DueSoon, day(2026, 11, 15))]);
    assert_eq!(at(11, 15), vec![(Severity::Overdue, day(2026, 11, 15))]);
    let fs = b.findings(day(2026, 11, 15), &s);
    let f = of(&fs, RuleId::OrgLifeLapse)[0];
    assert_eq!(
        f.zh,
        "党员1 已连续 8 个月未参加组织生活（最后一次 2026-03-15），其中 2 个月没有召开其应参加的组织生活，不计入"
    );
    assert_eq!(
        f.en,
        "党员1: no organisational life for 8 months (last on 2026-03-15); 2 of them had no meeting for the member to attend (not counted)"
    );
}

/// Only organisational life the member was expected at makes a month count, as the roster
/// would list them (domain::meeting::scope): another group's 党小组会, a 支委会 for a member
/// without a post, and a 培训班 (no organisational life) leave member 1's months uncounted.
/// Member 2's own group met and member 3 (the secretary) had the 支委会: both are overdue. A
/// 党小组会 that is also a 党课 is for the whole branch.
#[test]
fn only_org_life_the_member_was_expected_at_makes_a_month_count() {
    let s = Settings::default();
    let today = day(2026, 10, 1);
    let mut b =
        Branch::of([member(1).in_group(1), member(2).in_group(2), member(3).in_group(1).post(PartyPost::Secretary)])
            .group(1)
            .group(2);
    for id in 1..=3 {
        b = b.org_life(id, day(2026, 3, 31));
    }
    for m in 4..=9 {
        b = b
            .held(group_meeting(day(2026, m, 20), 2))
            .held(meeting(day(2026, m, 5), &[K::CommitteeMeeting]))
            .held(meeting(day(2026, m, 12), &[K::Training]));
    }
    assert_eq!(b.about(RuleId::OrgLifeLapse, 1, today, &s), vec![]);
    assert_eq!(b.about(RuleId::OrgLifeLapse, 2, today, &s), vec![(Severity::Overdue, day(2026, 9, 30))]);
    assert_eq!(b.about(RuleId::OrgLifeLapse, 3, today, &s), vec![(Severity::Overdue, day(2026, 9, 30))]);
    let mut lecture = b;
    for m in 4..=9 {
        lecture = lecture
            .held(HeldMeeting { group_id: Some(2), ..meeting(day(2026, m, 25), &[K::GroupMeeting, K::PartyLecture]) });
    }
    assert_eq!(lecture.about(RuleId::OrgLifeLapse, 1, today, &s), vec![(Severity::Overdue, day(2026, 9, 30))]);
}

/// A month the file records as excused (every meeting of it found the member 请假 or 外出)
/// counts as excused even when none of its meetings is one the member would be expected at
/// today (a group changed since): once, not also as a month with nothing held. May excused, June
/// with nothing held: eight months less two, six, red.
#[test]
fn an_excused_month_is_not_also_a_month_with_nothing_held() {
    let s = Settings::default();
    let mut b = Branch::with(1).org_life(1, day(2026, 3, 15)).excused(1, &[day(2026, 5, 1)]);
    for m in [3, 4, 7, 8, 9, 10, 11] {
        b = b.held(meeting(day(2026, m, 15), &[K::ThemeDay]));
    }
    let today = day(2026, 11, 28);
    assert_eq!(b.about(RuleId::OrgLifeLapse, 1, today, &s), vec![(Severity::Overdue, day(2026, 11, 15))]);
    let fs = b.findings(today, &s);
    let f = of(&fs, RuleId::OrgLifeLapse)[0];
    assert!(
        f.zh.ends_with("其中 1 个月没有召开其应参加的组织生活，不计入；1 个月请假或外出，宜安排补学或送学上门"),
        "{}",
        f.zh
    );
    assert!(f.en.ends_with("1 of them had no meeting for the member to attend (not counted), 1 excused (leave or away): arrange make-up study or home delivery"), "{}", f.en);
}

#[test]
fn org_life_warn_months_is_a_setting_but_six_months_stays_overdue() {
    let s = Settings { org_life_warn_months: 1, ..Settings::default() };
    let b = Branch::with(1).org_life(1, day(2026, 3, 15)).theme_days(day(2026, 3, 1), day(2026, 9, 1));
    let at = |m, d| b.about(RuleId::OrgLifeLapse, 1, day(2026, m, d), &s);
    assert_eq!(at(4, 14), vec![]);
    assert_eq!(at(4, 15), vec![(Severity::DueSoon, day(2026, 9, 15))]);
    assert_eq!(at(9, 15), vec![(Severity::Overdue, day(2026, 9, 15))]);
}

/// A leading cadre who transferred in on 1 January 2026.
fn cadre_since_2026(id: i64) -> Member {
    member(id).cadre().joined(day(2026, 1, 1))
}

// ---------------------------------------------------------------------------------------------
// A leading cadre gives a party lecture every year (domain.md §3(a) leader_lecture, §3(b)
// "Leading cadre: 党课"); yearly items warn `yearly_warn_days` ahead.

#[test]
fn a_cadre_without_a_lecture_is_due_soon_within_yearly_warn_days_of_31_december() {
    let s = Settings::default();
    // In the branch from 2026, so 2025 owes nothing.
    let b = Branch::of([cadre_since_2026(1)]);
    let at = |y, m, d| b.about(RuleId::LeaderLecture, 1, day(y, m, d), &s);
    assert_eq!(at(2026, 11, 30), vec![]);
    assert_eq!(at(2026, 12, 1), vec![(Severity::DueSoon, day(2026, 12, 31))]);
    assert_eq!(at(2026, 12, 31), vec![(Severity::DueSoon, day(2026, 12, 31))]);
    // The previous year's miss is overdue from 1 January; the new year is not yet due.
    assert_eq!(at(2027, 1, 1), vec![(Severity::Overdue, day(2026, 12, 31))]);
    let fs = b.findings(day(2027, 1, 1), &s);
    assert_eq!(of(&fs, RuleId::LeaderLecture)[0].period, Some(Period::year(2026)));
}

#[test]
fn grace_days_delay_a_cadres_overdue_lecture() {
    let s = Settings { grace_days: 3, ..Settings::default() };
    let b = Branch::of([member(1).cadre()]);
    let at = |d| b.about(RuleId::LeaderLecture, 1, day(2027, 1, d), &s);
    // 2025's lecture, overdue from 4 January 2026, is reported to its 365th day, 3 January 2027.
    // 2026's is in its grace days: due soon, dated their last day, not the 31 December gone by.
    assert_eq!(at(1), vec![(Severity::Overdue, day(2026, 1, 3)), (Severity::DueSoon, day(2027, 1, 3))]);
    assert_eq!(at(3), vec![(Severity::Overdue, day(2026, 1, 3)), (Severity::DueSoon, day(2027, 1, 3))]);
    assert_eq!(at(4), vec![(Severity::Overdue, day(2027, 1, 3))]);
}

#[test]
fn giving_a_lecture_clears_the_cadres_finding() {
    let s = Settings::default();
    let gave = Branch::of([cadre_since_2026(1), member(2)]).held(lecture_by(day(2026, 6, 1), 1));
    assert_eq!(gave.about(RuleId::LeaderLecture, 1, day(2026, 12, 15), &s), vec![]);
    assert_eq!(gave.about(RuleId::LeaderLecture, 1, day(2027, 1, 1), &s), vec![]);
    // Someone else's lecture, or one in the next year, does not count.
    let other = Branch::of([cadre_since_2026(1), member(2)])
        .held(lecture_by(day(2026, 6, 1), 2))
        .held(lecture_by(day(2027, 1, 5), 1));
    assert_eq!(
        other.about(RuleId::LeaderLecture, 1, day(2027, 1, 10), &s),
        vec![(Severity::Overdue, day(2026, 12, 31))]
    );
}

#[test]
fn only_cadres_in_the_branch_that_year_owe_a_lecture() {
    let s = Settings::default();
    let b = Branch::of([member(1), member(2).cadre().joined(day(2027, 1, 5))]);
    assert!(of(&b.findings(day(2027, 1, 10), &s), RuleId::LeaderLecture).is_empty());
}

/// A leading cadre who transferred in on 28 December 2026 had three days of 2026 in the
/// branch: red on 1 January 2027 for giving no lecture in 2026 is a false red. The sister rules
/// say less for a late join (heart_talk: joined after 1 December, not asked that year;
/// leader_field_research and study_hours: prorated by whole months, nothing for none).
#[test]
fn a_cadre_who_joined_in_late_december_owes_no_lecture_for_that_year() {
    let s = Settings::default();
    let b = Branch::of([member(1).cadre().joined(day(2026, 12, 28))]);
    assert_eq!(b.about(RuleId::LeaderLecture, 1, day(2027, 1, 2), &s), vec![]);
}

/// The cutoff is heart_talk's (docs/rules.md): in the branch from 1 December a cadre still has
/// the month to arrange the lecture; from 2 December that year is not asked, neither the lecture
/// nor the report. The next year is asked in full.
#[test]
fn a_cadre_owes_the_years_lecture_when_in_the_branch_by_1_december() {
    let s = Settings::default();
    let first = Branch::of([member(1).cadre().joined(day(2026, 12, 1))]);
    assert_eq!(
        first.about(RuleId::LeaderLecture, 1, day(2026, 12, 1), &s),
        vec![(Severity::DueSoon, day(2026, 12, 31))]
    );
    assert_eq!(
        first.about(RuleId::LeaderLecture, 1, day(2027, 1, 1), &s),
        vec![(Severity::Overdue, day(2026, 12, 31))]
    );
    let second = Branch::of([member(1).cadre().joined(day(2026, 12, 2))]);
    for today in [day(2026, 12, 2), day(2026, 12, 31), day(2027, 1, 1), day(2027, 6, 1)] {
        assert_eq!(second.about(RuleId::LeaderLecture, 1, today, &s), vec![], "{today}");
        assert_eq!(second.about(RuleId::LeaderReport, 1, today, &s), vec![], "{today}");
    }
    assert_eq!(
        second.about(RuleId::LeaderLecture, 1, day(2027, 12, 1), &s),
        vec![(Severity::DueSoon, day(2027, 12, 31))]
    );
    assert_eq!(
        second.about(RuleId::LeaderReport, 1, day(2027, 12, 1), &s),
        vec![(Severity::DueSoon, day(2027, 12, 31))]
    );
}

// ---------------------------------------------------------------------------------------------
// The secretary's party-school rotation (domain.md §3(a) secretary_training, §3(b), §4: 3 years
// under the seed, 1 under [GH]; month arithmetic per §5 "Periods").

#[test]
fn rotation_is_due_three_years_after_the_last_by_default() {
    let s = Settings::default();
    let b = Branch::of([member(1).post(PartyPost::Secretary)]).rotation(1, day(2024, 6, 15));
    let at = |m, d| b.about(RuleId::SecretaryTraining, 1, day(2027, m, d), &s);
    assert_eq!(at(5, 15), vec![]);
    assert_eq!(at(5, 16), vec![(Severity::DueSoon, day(2027, 6, 15))]);
    assert_eq!(at(6, 15), vec![(Severity::DueSoon, day(2027, 6, 15))]);
    assert_eq!(at(6, 16), vec![(Severity::Overdue, day(2027, 6, 15))]);
}

#[test]
fn rotation_every_year_when_set_to_one() {
    let s = Settings { rotation_years: 1, ..Settings::default() };
    let b = Branch::of([member(1).post(PartyPost::Secretary)]).rotation(1, day(2024, 6, 15));
    assert_eq!(
        b.about(RuleId::SecretaryTraining, 1, day(2025, 6, 16), &s),
        vec![(Severity::Overdue, day(2025, 6, 15))]
    );
    assert_eq!(b.about(RuleId::SecretaryTraining, 1, day(2025, 5, 15), &s), vec![]);
}

#[test]
fn rotation_without_a_record_counts_from_the_branch_start() {
    let s = Settings::default();
    let b = Branch::of([member(1).post(PartyPost::Secretary).joined(day(2024, 3, 1))]);
    let at = |m, d| b.about(RuleId::SecretaryTraining, 1, day(2027, m, d), &s);
    assert_eq!(at(1, 29), vec![]);
    assert_eq!(at(1, 30), vec![(Severity::DueSoon, day(2027, 3, 1))]);
    assert_eq!(at(3, 2), vec![(Severity::Overdue, day(2027, 3, 1))]);
}

#[test]
fn rotation_due_dates_clamp_to_the_month_end() {
    let yearly = Settings { rotation_years: 1, ..Settings::default() };
    let b = Branch::of([member(1).post(PartyPost::Secretary)]).rotation(1, day(2024, 2, 29));
    assert_eq!(
        b.about(RuleId::SecretaryTraining, 1, day(2025, 2, 28), &yearly),
        vec![(Severity::DueSoon, day(2025, 2, 28))]
    );
    assert_eq!(
        b.about(RuleId::SecretaryTraining, 1, day(2025, 3, 1), &yearly),
        vec![(Severity::Overdue, day(2025, 2, 28))]
    );
    assert_eq!(
        b.about(RuleId::SecretaryTraining, 1, day(2027, 3, 1), &Settings::default()),
        vec![(Severity::Overdue, day(2027, 2, 28))]
    );
}

// Issue 7 item 11: every committee member with a party post rotates, not only the secretary.
#[test]
fn every_committee_member_with_a_post_owes_a_rotation() {
    let s = Settings::default();
    let b = Branch::of([member(1).post(PartyPost::DeputySecretary), member(2)]).rotation(1, day(2023, 6, 15));
    assert_eq!(b.about(RuleId::SecretaryTraining, 1, day(2026, 7, 1), &s), vec![(Severity::Overdue, day(2026, 6, 15))]);
    assert_eq!(b.about(RuleId::SecretaryTraining, 2, day(2026, 7, 1), &s), vec![]);
}

// Issue 7 item 11: a new secretary is trained within six months of taking the post ([GH]).
#[test]
fn a_new_secretary_is_due_for_training_within_six_months() {
    let s = Settings::default();
    let mut b = Branch::of([member(1).post(PartyPost::Secretary)]).rotation(1, day(2026, 1, 10));
    b.secretary_since.insert(1, day(2026, 3, 31));
    let at = |b: &Branch, m, d| b.about(RuleId::NewSecretaryTraining, 1, day(2026, m, d), &s);
    assert_eq!(at(&b, 4, 1), vec![(Severity::DueSoon, day(2026, 9, 30))]);
    assert_eq!(at(&b, 9, 30), vec![(Severity::DueSoon, day(2026, 9, 30))]);
    assert_eq!(at(&b, 10, 1), vec![(Severity::Overdue, day(2026, 9, 30))]);
    // Training after taking the post clears it; training before does not.
    b.last_training.insert(1, day(2026, 3, 30));
    assert_eq!(at(&b, 10, 1), vec![(Severity::Overdue, day(2026, 9, 30))]);
    b.last_training.insert(1, day(2026, 5, 20));
    assert_eq!(at(&b, 10, 1), vec![]);
    // A secretary the file never saw take the post is not a new one.
    let old = Branch::of([member(2).post(PartyPost::Secretary)]);
    assert_eq!(old.about(RuleId::NewSecretaryTraining, 2, day(2026, 10, 1), &s), vec![]);
}

// ---------------------------------------------------------------------------------------------
// Issue 7 item 2: seed A5 asks for a 党课 *and* a 形势报告; only a 党课 meets leader_lecture.

fn report_by(date: NaiveDate, lecturer: i64) -> HeldMeeting {
    HeldMeeting { lecturer_id: Some(lecturer), ..meeting(date, &[K::Report]) }
}

#[test]
fn a_situation_report_alone_does_not_meet_the_cadres_lecture() {
    let s = Settings::default();
    let b = Branch::of([cadre_since_2026(1)]).held(report_by(day(2026, 5, 1), 1));
    assert_eq!(b.about(RuleId::LeaderLecture, 1, day(2027, 1, 1), &s), vec![(Severity::Overdue, day(2026, 12, 31))]);
    assert_eq!(b.about(RuleId::LeaderReport, 1, day(2027, 1, 1), &s), vec![]);
}

#[test]
fn a_missing_situation_report_is_a_softer_finding_of_its_own() {
    let s = Settings::default();
    let b = Branch::of([cadre_since_2026(1)]).held(lecture_by(day(2026, 5, 1), 1));
    assert_eq!(b.about(RuleId::LeaderLecture, 1, day(2027, 1, 10), &s), vec![]);
    assert_eq!(b.about(RuleId::LeaderReport, 1, day(2026, 11, 30), &s), vec![]);
    assert_eq!(b.about(RuleId::LeaderReport, 1, day(2026, 12, 1), &s), vec![(Severity::DueSoon, day(2026, 12, 31))]);
    // Never red: the reminder ends with its year (domain.md: "due soon until the year closes").
    assert_eq!(b.about(RuleId::LeaderReport, 1, day(2027, 1, 10), &s), vec![]);
    let both = b.held(report_by(day(2026, 9, 1), 1));
    assert_eq!(both.about(RuleId::LeaderReport, 1, day(2026, 12, 10), &s), vec![]);
}

/// domain.md §3(a) leader_report: "due soon until the year closes". On 1 January the year's
/// report is no longer due soon (its day, 31 December, has passed), and never overdue: the
/// finding goes. It showed 将到期 with last year's date for a whole year.
#[test]
fn a_missing_situation_report_is_gone_once_its_year_closes() {
    let s = Settings::default();
    let b = Branch::of([cadre_since_2026(1)]).held(lecture_by(day(2026, 5, 1), 1));
    assert_eq!(b.about(RuleId::LeaderReport, 1, day(2026, 12, 31), &s), vec![(Severity::DueSoon, day(2026, 12, 31))]);
    assert_eq!(b.about(RuleId::LeaderReport, 1, day(2027, 1, 1), &s), vec![], "the day after the year closes");
    // Grace days delay a red finding; this one is never red, so they add nothing.
    let grace = Settings { grace_days: 10, ..Settings::default() };
    assert_eq!(b.about(RuleId::LeaderReport, 1, day(2027, 1, 1), &grace), vec![]);
    // The new year's report is asked from its own 1 December.
    assert_eq!(b.about(RuleId::LeaderReport, 1, day(2027, 11, 30), &s), vec![]);
    assert_eq!(b.about(RuleId::LeaderReport, 1, day(2027, 12, 1), &s), vec![(Severity::DueSoon, day(2027, 12, 31))]);
}

/// A leap year's warning days start on 1 December as in any year (31 December minus 30 days);
/// a cadre who joined mid-year is asked like the others; one archived in December is asked
/// nothing from the archive day (the service's `drop_archived`).
#[test]
fn the_situation_report_in_a_leap_year_for_a_mid_year_join_and_an_archived_cadre() {
    let s = Settings::default();
    let b = Branch::of([member(1).cadre().joined(day(2028, 7, 1))]);
    assert_eq!(b.about(RuleId::LeaderReport, 1, day(2028, 11, 30), &s), vec![]);
    assert_eq!(b.about(RuleId::LeaderReport, 1, day(2028, 12, 1), &s), vec![(Severity::DueSoon, day(2028, 12, 31))]);
    assert_eq!(b.about(RuleId::LeaderReport, 1, day(2029, 1, 1), &s), vec![]);
    let gone = Branch::of([member(1).cadre().joined(day(2028, 7, 1)).archived(day(2028, 12, 15))]);
    assert_eq!(
        gone.about(RuleId::LeaderReport, 1, day(2028, 12, 14), &s),
        vec![(Severity::DueSoon, day(2028, 12, 31))]
    );
    let mut on_the_day = gone.findings(day(2028, 12, 15), &s);
    zhibu::domain::evaluation::drop_archived(&mut on_the_day, &gone.members, day(2028, 12, 15));
    assert!(on_the_day.iter().all(|f| f.subject != Subject::Member(1)), "{on_the_day:?}");
}

// ---------------------------------------------------------------------------------------------
// Issue 7 item 3: a member produces no findings from the day they are archived. One filter
// does it for every kind of finding, `evaluation::drop_archived`, which `Service::overdue` runs
// over all of them; `rules::findings` keeps none of its own.

/// The findings as the service lists them: these rules' findings through the one filter.
fn listed(b: &Branch, today: NaiveDate, s: &Settings) -> Vec<Finding> {
    let mut fs = b.findings(today, s);
    zhibu::domain::evaluation::drop_archived(&mut fs, &b.members, today);
    fs
}

#[test]
fn an_archived_member_raises_no_findings() {
    let s = Settings::default();
    let today = day(2026, 11, 28);
    let gone = member(1).archived(day(2026, 8, 31)).cadre().post(PartyPost::Secretary);
    let short = study_status(&gone, 2026, today, DAY, &s);
    // Archiving closes the member's year: the figures are short, yet nothing is flagged.
    assert_eq!(short.standing, Standing::Short);
    let b = Branch::of([gone, member(2)]).study(1, short);
    assert!(listed(&b, today, &s).iter().all(|f| f.subject != Subject::Member(1)), "{:#?}", listed(&b, today, &s));
    // Archived today: nothing from today on either.
    let b = Branch::of([member(1).archived(today)]);
    assert!(listed(&b, today, &s).iter().all(|f| f.subject != Subject::Member(1)));
}

/// The same member and records, archived on 28 November: every finding of these rules about
/// them stays to the day before (the rules count the archive day as in the branch), and the
/// filter takes all of them on the day, and nothing else: the branch's and the other member's
/// findings are the same either way.
#[test]
fn the_archive_filter_takes_exactly_the_archived_members_findings_from_the_day() {
    let s = Settings::default();
    let archived_on = day(2026, 11, 28);
    let cadre = |archive: Option<NaiveDate>| {
        let m = member(1).cadre().post(PartyPost::Secretary).probationary(day(2025, 11, 20));
        match archive {
            Some(on) => m.archived(on),
            None => m,
        }
    };
    let branch = |m: Member| {
        let behind = study_status(&m, 2026, day(2026, 11, 27), 0, &s);
        Branch::of([m, member(2)]).study(2, study_status(&member(2), 2026, day(2026, 11, 27), 0, &s)).study(1, behind)
    };
    let before = branch(cadre(Some(archived_on))).findings(day(2026, 11, 27), &s);
    let about_1 = |fs: &[Finding]| fs.iter().filter(|f| f.subject == Subject::Member(1)).count();
    assert!(about_1(&before) >= 3, "{before:#?}");
    let b = branch(cadre(Some(archived_on)));
    let on_the_day = listed(&b, archived_on, &s);
    assert_eq!(about_1(&on_the_day), 0, "{on_the_day:#?}");
    let others = |fs: Vec<Finding>| fs.into_iter().filter(|f| f.subject != Subject::Member(1)).collect::<Vec<_>>();
    assert_eq!(others(on_the_day), others(branch(cadre(None)).findings(archived_on, &s)));
}

// ---------------------------------------------------------------------------------------------
// Issue 7 item 5: months missed only with a proper reason (请假, 外出) never make the red
// six-month finding (党章 art. 9 "没有正当理由"); six of them bring a due-soon reminder.

/// One member who last took part on 15 March 2026, in a branch holding its 主题党日 every month.
fn monthly_branch() -> Branch {
    Branch::with(1).org_life(1, day(2026, 3, 15)).theme_days(day(2026, 1, 1), day(2026, 12, 1))
}

#[test]
fn excused_months_do_not_count_toward_the_six_month_rule() {
    let s = Settings::default();
    let months: Vec<NaiveDate> = (4..=10).map(|m| day(2026, m, 1)).collect();
    let b = monthly_branch().excused(1, &months);
    let fs = b.about(RuleId::OrgLifeLapse, 1, day(2026, 11, 28), &s);
    assert_eq!(fs.len(), 1);
    assert_eq!(fs[0].0, Severity::DueSoon, "excused months are a reminder, not red");
    let f = b.findings(day(2026, 11, 28), &s);
    assert!(of(&f, RuleId::OrgLifeLapse)[0].zh.contains("补学"), "{}", of(&f, RuleId::OrgLifeLapse)[0].zh);
    // Without the excused months the same member is overdue.
    let plain = monthly_branch();
    assert_eq!(plain.about(RuleId::OrgLifeLapse, 1, day(2026, 11, 28), &s)[0].0, Severity::Overdue);
    // Two excused months out of eight leave six unexcused: red.
    let some = monthly_branch().excused(1, &[day(2026, 5, 1), day(2026, 6, 1)]);
    assert_eq!(some.about(RuleId::OrgLifeLapse, 1, day(2026, 11, 28), &s)[0].0, Severity::Overdue);
    // Five excused months of eight: three unexcused, a warning only.
    let five: Vec<NaiveDate> = (4..=8).map(|m| day(2026, m, 1)).collect();
    let warn = monthly_branch().excused(1, &five);
    assert_eq!(warn.about(RuleId::OrgLifeLapse, 1, day(2026, 11, 28), &s)[0].0, Severity::DueSoon);
}

#[test]
fn months_away_in_contact_are_excused_without_asking_for_make_up_study() {
    let s = Settings::default();
    let months: Vec<NaiveDate> = (4..=10).map(|m| day(2026, m, 1)).collect();
    let away = monthly_branch().excused(1, &months).away(1, &months);
    assert_eq!(away.about(RuleId::OrgLifeLapse, 1, day(2026, 11, 28), &s), vec![], "away and in contact: nothing");
    // Two of the seven were leave at home: five away months and two leave months, no reminder
    // (fewer than six excused months that ask for make-up study), no red.
    let mixed = monthly_branch().excused(1, &months).away(1, &months[2..]);
    assert_eq!(mixed.about(RuleId::OrgLifeLapse, 1, day(2026, 11, 28), &s), vec![]);
    // Months after contact was lost are not in either list: they count against the member.
    let lost = monthly_branch().excused(1, &months[..1]).away(1, &months[..1]);
    assert_eq!(lost.about(RuleId::OrgLifeLapse, 1, day(2026, 11, 28), &s)[0].0, Severity::Overdue);
}

// ---------------------------------------------------------------------------------------------
// Issue 7 items 6 and 7: exempt members (seed A2, [JY]23).

#[test]
fn an_exempt_member_has_no_six_month_finding_while_exempt() {
    let s = Settings::default();
    let b = Branch::of([member(1).exempt(Some(day(2025, 1, 1)), None)]).theme_days(day(2025, 1, 1), day(2026, 11, 1));
    assert_eq!(b.about(RuleId::OrgLifeLapse, 1, day(2026, 11, 28), &s), vec![]);
}

#[test]
fn a_part_year_exemption_prorates_the_target_by_whole_months() {
    let s = Settings::default();
    // Exempt from 1 July: January to June, 12 x 6/12 = 6 days.
    let m = member(1).exempt(Some(day(2026, 7, 1)), None);
    assert_eq!(yearly_target(&m, 2026, &s), Some(6 * DAY));
    // Exempt from 15 July: July is not a whole exempt month; 7 months, 7 days.
    assert_eq!(yearly_target(&member(1).exempt(Some(day(2026, 7, 15)), None), 2026, &s), Some(7 * DAY));
    // Exempt until 31 March: April to December, 9 days; the next year is whole again.
    let until = member(1).exempt(None, Some(day(2026, 3, 31)));
    assert_eq!(yearly_target(&until, 2026, &s), Some(9 * DAY));
    assert_eq!(yearly_target(&until, 2027, &s), Some(12 * DAY));
    // The pace runs over the months not exempt: by 1 August all of the 6 days are expected.
    let st = study_status(&m, 2026, day(2026, 8, 1), 0, &s);
    assert_eq!(st.expected_min, 6 * DAY);
    // And by 31 December, with 6 days done, the target is met.
    assert_eq!(study_status(&m, 2026, day(2026, 12, 31), 6 * DAY, &s).standing, Standing::Met);
}

// ---------------------------------------------------------------------------------------------
// Issue 7 item 4: a member entered after the records began counts from the day of entry.

#[test]
fn a_member_entered_after_the_records_began_counts_from_that_day() {
    let s = Settings::default();
    let today = day(2026, 11, 28);
    let mut m = member(1);
    m.draft.admission_date = day(2020, 7, 1);
    m.draft.conversion_date = Some(day(2021, 7, 1));
    m.entered_on = Some(today);
    let recorded = m.as_recorded_from(day(2025, 1, 1));
    assert_eq!(recorded.branch_start(), today);
    let b = Branch::of([recorded.clone()]).theme_days(day(2025, 1, 1), day(2026, 11, 1));
    assert_eq!(b.about(RuleId::OrgLifeLapse, 1, today, &s), vec![]);
    // December is the one whole month left in 2026: one day of twelve; nothing in 2025.
    assert_eq!(yearly_target(&recorded, 2026, &s), Some(DAY));
    assert_eq!(yearly_target(&recorded, 2025, &s), Some(0));
    // An earlier 转入日期 given by the secretary wins.
    m.draft.joined_on = Some(day(2026, 3, 1));
    assert_eq!(m.as_recorded_from(day(2025, 1, 1)).branch_start(), day(2026, 3, 1));
    // Entered before the records began: the records' start, as before.
    m.draft.joined_on = None;
    m.entered_on = Some(day(2024, 5, 1));
    assert_eq!(m.as_recorded_from(day(2025, 1, 1)).branch_start(), day(2025, 1, 1));
}

// ---------------------------------------------------------------------------------------------
// Issue 7 item 13: two active members with the same name are told apart by their number.

#[test]
fn two_members_with_one_name_show_their_numbers_in_findings() {
    let s = Settings::default();
    let mut a = member(1);
    a.draft.name = "张伟".into();
    let mut b2 = member(2);
    b2.draft.name = "张伟".into();
    let today = day(2026, 11, 28);
    let b = Branch::of([a.clone(), b2])
        .org_life(1, day(2026, 1, 15))
        .org_life(2, day(2026, 1, 20))
        .theme_days(day(2026, 1, 1), day(2026, 11, 1));
    let fs = b.findings(today, &s);
    let lapse = of(&fs, RuleId::OrgLifeLapse);
    assert_eq!(lapse.len(), 2);
    assert!(lapse.iter().any(|f| f.zh.starts_with("张伟(0001)")), "{:?}", lapse);
    assert!(lapse.iter().any(|f| f.zh.starts_with("张伟(0002)")), "{:?}", lapse);
    // Alone, a name is shown as it is.
    let one = Branch::of([a]).org_life(1, day(2026, 1, 15)).theme_days(day(2026, 1, 1), day(2026, 11, 1));
    assert!(of(&one.findings(today, &s), RuleId::OrgLifeLapse)[0].zh.starts_with("张伟 "));
}

#[test]
fn rule_sources_cite_official_texts_without_ambiguous_width_marks() {
    for r in RuleId::ALL {
        let src = r.source();
        assert!(!src.contains("domain.md"), "{src}");
        for c in ['§', '…', '·', '—', '“', '”', '●', '→'] {
            assert!(!src.contains(c), "{src} contains {c}");
        }
        assert!(src.contains('《') || src.contains("中办发"), "{src}");
    }
}

// ---------------------------------------------------------------------------------------------
// The year grid (domain.md §3(a): calendar periods; a meeting may satisfy a quarter or a year).

#[test]
fn grid_shows_a_quarterly_meeting_held_in_february_as_covering_its_quarter() {
    let s = Settings::default();
    let b = Branch::with(1).held(meeting(day(2026, 2, 10), &[K::GeneralMeeting]));
    let grid = b.grid(2026, day(2026, 5, 10), &s);
    use Cell::{Covered as C, Future as F, Held as H, Missed as M, NotRequired as N, Open as O};
    assert_eq!(row(&grid, K::GeneralMeeting, None), vec![C, H(1), C, O, O, F, F, F, F, F, F, F]);
    // Monthly theme days, none held: past months missed, May open, June on not begun.
    assert_eq!(row(&grid, K::ThemeDay, None), vec![M, M, M, M, O, F, F, F, F, F, F, F]);
    // One member: no committee.
    assert_eq!(row(&grid, K::CommitteeMeeting, None), vec![N; 12]);
    assert_eq!(row(&grid, K::OrgLifeMeeting, None), vec![O, O, O, O, O, F, F, F, F, F, F, F]);
}

#[test]
fn grid_shows_missed_due_soon_and_future_periods() {
    let s = Settings::default();
    let b = Branch::with(1);
    use Cell::{DueSoon as D, Future as F, Missed as M};
    let grid = b.grid(2026, day(2026, 6, 25), &s);
    assert_eq!(row(&grid, K::GeneralMeeting, None), vec![M, M, M, D, D, D, F, F, F, F, F, F]);
    assert_eq!(row(&grid, K::ThemeDay, None), vec![M, M, M, M, M, D, F, F, F, F, F, F]);
    // The previous year, seen from June: every month missed.
    assert_eq!(row(&b.grid(2025, day(2026, 6, 25), &s), K::ThemeDay, None), vec![M; 12]);
}

#[test]
fn grid_shows_a_satisfied_period_as_covered_in_months_not_yet_begun() {
    let s = Settings::default();
    let b = Branch::with(1).held(meeting(day(2026, 4, 10), &[K::PartyLecture, K::OrgLifeMeeting]));
    let grid = b.grid(2026, day(2026, 5, 10), &s);
    use Cell::{Covered as C, Held as H};
    assert_eq!(row(&grid, K::PartyLecture, None)[3..6], [H(1), C, C]);
    let org = row(&grid, K::OrgLifeMeeting, None);
    assert_eq!(org[3], H(1));
    assert!(org.iter().enumerate().all(|(i, c)| i == 3 || *c == C));
}

#[test]
fn grid_has_one_group_meeting_row_per_group() {
    let s = Settings::default();
    let b = Branch::of([member(1).in_group(1), member(2).in_group(2)])
        .group(1)
        .group(2)
        .held(group_meeting(day(2026, 1, 20), 2));
    let grid = b.grid(2026, day(2026, 2, 10), &s);
    let groups: Vec<_> = grid.iter().filter(|r| r.kind == K::GroupMeeting).map(|r| r.group).collect();
    assert_eq!(groups, vec![Some(1), Some(2)]);
    assert_eq!(row(&grid, K::GroupMeeting, Some(1))[0], Cell::Missed);
    assert_eq!(row(&grid, K::GroupMeeting, Some(2))[0], Cell::Held(1));
    assert_eq!(row(&grid, K::GroupMeeting, Some(2))[1], Cell::Open);
}

// ---------------------------------------------------------------------------------------------
// Ordering for the dashboard (rules.rs `findings` and `grouped`; domain.md §3(a) overdue vs due
// soon).

/// A branch with findings under several rules, overdue and due soon.
fn busy_branch() -> Branch {
    Branch::of([member(1).probationary(day(2025, 5, 1)), member(2), member(3).cadre()])
        .org_life(2, day(2026, 3, 15))
        .org_life(3, day(2026, 6, 10))
        .held(meeting(day(2026, 4, 20), &[K::GeneralMeeting, K::ThemeDay]))
}

#[test]
fn findings_list_overdue_before_due_soon_then_by_due_date() {
    let s = Settings::default();
    let fs = busy_branch().findings(day(2026, 12, 5), &s);
    assert!(fs.iter().any(|f| f.severity == Severity::Overdue));
    assert!(fs.iter().any(|f| f.severity == Severity::DueSoon));
    assert!(fs.windows(2).all(|w| (w[0].severity, w[0].due) <= (w[1].severity, w[1].due)));
}

#[test]
fn grouped_keeps_each_rules_findings_together() {
    let s = Settings::default();
    let fs = busy_branch().findings(day(2026, 12, 5), &s);
    let g = grouped(&fs);
    assert_eq!(g.len(), fs.len());
    assert!(fs.iter().all(|f| g.contains(f)));
    // Each rule forms one run.
    let mut runs: Vec<RuleId> = Vec::new();
    for f in &g {
        if runs.last() != Some(&f.rule) {
            assert!(!runs.contains(&f.rule), "{:?} appears in two runs", f.rule);
            runs.push(f.rule);
        }
    }
    assert!(runs.len() >= 4, "{runs:?}");
    // Within a run, most serious then earliest first; runs ordered by their worst finding.
    let worst = |rule: RuleId| g.iter().filter(|f| f.rule == rule).map(|f| (f.severity, f.due)).min().unwrap();
    assert!(
        g.windows(2).filter(|w| w[0].rule == w[1].rule).all(|w| (w[0].severity, w[0].due) <= (w[1].severity, w[1].due))
    );
    assert!(runs.windows(2).all(|w| worst(w[0]) <= worst(w[1])));
}

// ---------------------------------------------------------------------------------------------
// Issue 7 item 12: votes. 应到有表决权 defaults to the full members expected (probationary
// members have no vote); the outcome follows the double majority ([ZB]11).

#[test]
fn only_full_members_on_the_roster_are_entitled_to_vote() {
    use zhibu::domain::meeting::{Attendance, AttendanceRow, MeetingDraft, MeetingStatus};
    let date = day(2026, 11, 20);
    let members =
        [member(1), member(2), member(3).probationary(day(2026, 3, 1)), member(4).converted(day(2026, 11, 21))];
    let row =
        |id, status| AttendanceRow { member_id: id, status, reason: String::new(), made_up_on: None, credit_min: 0 };
    let d = MeetingDraft {
        kinds: vec![K::GeneralMeeting],
        date,
        start: None,
        end: None,
        status: MeetingStatus::Held,
        group_id: None,
        topic: "接收预备党员".into(),
        location: String::new(),
        host_id: None,
        recorder_id: None,
        lecturer_id: None,
        lecturer_name: String::new(),
        credit_min: 240,
        minutes: String::new(),
        resolution: None,
        attendance: vec![
            row(1, Attendance::Present),
            row(2, Attendance::Excused),
            row(3, Attendance::Present),
            row(4, Attendance::Present),
        ],
        guests: vec![],
        cancel_reason: String::new(),
    };
    // Members 1 and 2 are full; 3 is probationary and 4 converts only the next day.
    assert_eq!(d.voters(&members), (2, 1));
}

#[test]
fn a_vote_passes_only_with_a_double_majority_of_those_entitled() {
    use zhibu::domain::meeting::{Resolution, VoteOutcome};
    let vote = |entitled, present, yes| Resolution { text: "决议".into(), entitled, present, yes, no: 0, abstain: 0 };
    assert_eq!(vote(10, 5, 5).outcome(), VoteOutcome::NoQuorum);
    assert_eq!(vote(10, 6, 5).outcome(), VoteOutcome::Failed);
    assert_eq!(vote(10, 6, 6).outcome(), VoteOutcome::Passed);
    // More than half of those entitled, not of those present.
    assert_eq!(vote(9, 5, 4).outcome(), VoteOutcome::Failed);
    assert_eq!(vote(9, 5, 5).outcome(), VoteOutcome::Passed);
}

/// docs/rules.md explains every rule the program raises: each rule id is named there, and the
/// 评议 rules quote their source exactly as the screen and `report overdue` cite it.
#[test]
fn docs_rules_names_every_rule_and_quotes_the_evaluation_sources() {
    let docs = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/rules.md")).unwrap();
    let missing: Vec<&str> =
        RuleId::ALL.iter().map(|r| r.id()).filter(|id| !docs.contains(&format!("`{id}`"))).collect();
    assert!(missing.is_empty(), "docs/rules.md does not name {missing:?}");
    for r in RuleId::ALL.iter().filter(|r| zhibu::domain::evaluation::is_evaluation_rule(**r)) {
        assert!(docs.contains(r.source()), "docs/rules.md does not quote the source of {}: {}", r.id(), r.source());
    }
}

// ---------------------------------------------------------------------------------------------
// A due-soon finding never carries a day already past: once its day has gone by, a finding is
// overdue or it is gone (a 将到期 dated last year told the secretary nothing true).

/// Every finding the demo branch raises, on the days around each month's end from its first
/// records to a year after its last, with the default settings and with grace days: none is
/// due soon with a date before today.
#[test]
fn no_due_soon_finding_carries_a_day_already_past() {
    use zhibu::service::{Record, Service};
    let dir = tempfile::tempdir().unwrap();
    let sample = {
        let path = dir.path().join("demo.db");
        let today = day(2026, 11, 28);
        let mut s = Service::open(&path, today).unwrap();
        zhibu::cli::sample::generate(&mut s, today, zhibu::cli::sample::DEFAULT_MEMBERS).unwrap();
        path
    };
    let graced = dir.path().join("grace.db");
    std::fs::copy(&sample, &graced).unwrap();
    {
        let mut s = Service::open(&graced, day(2026, 11, 28)).unwrap();
        let v = s.version(Record::Settings).unwrap();
        let settings = Settings { grace_days: 10, org_life_cutoff: (1, 31), ..s.settings().clone() };
        s.save_settings(settings, v).unwrap();
    }
    let mut days = Vec::new();
    let mut first = day(2025, 1, 1);
    while first <= day(2027, 12, 1) {
        let last = zhibu::domain::dates::add_months(first, 1) - chrono::Duration::days(1);
        days.extend([first, first + chrono::Duration::days(1), last - chrono::Duration::days(1), last]);
        first = zhibu::domain::dates::add_months(first, 1);
    }
    days.extend((2..=15).map(|d| day(2027, 1, d)));
    let mut wrong = Vec::new();
    for path in [&sample, &graced] {
        for &today in &days {
            let s = Service::open(path, today).unwrap();
            for f in s.overdue().unwrap().findings {
                if f.severity == Severity::DueSoon && f.due < today {
                    wrong.push(format!("{} {today}: {} {} {}", path.display(), f.rule.id(), f.due, f.zh));
                }
            }
        }
    }
    assert!(wrong.is_empty(), "{} due-soon findings with a past day:\n{}", wrong.len(), wrong.join("\n"));
}

/// The timing every dated yearly or periodic rule shares (`rules::timing`), at a leap-day
/// deadline: due soon from the warning days before it, dated it; in the grace days still due
/// soon, dated their last day; overdue after them, dated that day.
#[test]
fn timing_never_dates_a_due_soon_finding_before_today() {
    use zhibu::domain::rules::timing;
    let deadline = day(2028, 2, 29);
    assert_eq!(timing(deadline, day(2028, 1, 29), 0, 30), None);
    assert_eq!(timing(deadline, day(2028, 1, 30), 0, 30), Some((Severity::DueSoon, deadline)));
    assert_eq!(timing(deadline, deadline, 0, 30), Some((Severity::DueSoon, deadline)));
    assert_eq!(timing(deadline, day(2028, 3, 1), 0, 30), Some((Severity::Overdue, deadline)));
    assert_eq!(timing(deadline, day(2028, 3, 1), 10, 30), Some((Severity::DueSoon, day(2028, 3, 10))));
    assert_eq!(timing(deadline, day(2028, 3, 10), 10, 30), Some((Severity::DueSoon, day(2028, 3, 10))));
    assert_eq!(timing(deadline, day(2028, 3, 11), 10, 30), Some((Severity::Overdue, day(2028, 3, 10))));
}
