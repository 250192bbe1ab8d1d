//! The contact-and-service rules (`domain::pledge_rules`) at their edges: the pledge deadline,
//! target dates, the 30-day evaluation, the feedback days (seed B7), leaders' field research
//! (seed B5) and the care reminder before 春节 and 七一 (seed B9). Every test passes `today`.

use zhibu::domain::ids::{IdMap, IdSet};

use chrono::{Datelike, NaiveDate};
use zhibu::domain::member::{
    Archive, ArchiveReason, CadreLevel, Exemption, Gender, Member, MemberDraft, MemberStatus, UnitCategory,
};
use zhibu::domain::pledge::{
    MassEvaluation, Pledge, PledgeCategory, PledgeDraft, PledgeStatus, ServiceDraft, ServiceKind, ServiceProfile,
    ServiceRecord, ServiceTime,
};
use zhibu::domain::pledge_rules::{ServiceFacts, care_due, care_occasions, findings, pledge_deadline, spring_festival};
use zhibu::domain::rules::{Finding, RuleId, Severity, Subject};
use zhibu::domain::settings::Settings;

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn member(id: i64) -> Member {
    Member {
        id,
        number: format!("{id:04}").into(),
        draft: MemberDraft {
            name: format!("党员{id}").into(),
            gender: Gender::Male,
            birth_date: day(1980, 1, 1),
            ethnicity: "汉族".into(),
            phone: Default::default(),
            work_unit: Default::default(),
            unit_category: UnitCategory::GovOrgan,
            group_id: None,
            status: MemberStatus::Full,
            admission_date: day(2010, 7, 1),
            conversion_date: Some(day(2011, 7, 1)),
            probation_extension_months: 0,
            joined_on: None,
            exemption: None,
            cadre_level: None,
            posts: vec![],
            notes: String::new(),
        },
        archive: None,
        entered_on: None,
    }
}

fn pledge(id: i64, member: i64, year: i32, status: PledgeStatus) -> Pledge {
    Pledge {
        id,
        draft: PledgeDraft {
            member_id: member,
            year,
            content: "帮困难户修缮房屋".into(),
            category: PledgeCategory::Help,
            beneficiary: String::new(),
            pledged_on: day(year, 3, 1),
            target_date: day(year, 9, 30),
            status,
            progress: String::new(),
            fulfilled_on: None,
            verified_on: None,
            evaluation: None,
            eval_year: year,
        },
    }
}

fn issue(id: i64, member: i64, date: NaiveDate) -> ServiceRecord {
    ServiceRecord {
        id,
        draft: ServiceDraft {
            member_id: member,
            date,
            kind: ServiceKind::Reception,
            counterpart: "居民".into(),
            description: "接待".into(),
            time: ServiceTime::Minutes(60),
            issue: "路灯不亮".into(),
            feedback_on: None,
        },
        archived_on: None,
    }
}

/// The records of one test; `run` turns them into findings.
#[derive(Default)]
struct World {
    members: Vec<Member>,
    profiles: IdMap<i64, ServiceProfile>,
    pledges: Vec<Pledge>,
    issues: Vec<ServiceRecord>,
    research: IdMap<(i64, i32), i64>,
    last_care: IdMap<i64, NaiveDate>,
    service_years: Vec<i32>,
    away: IdMap<i64, Vec<(NaiveDate, NaiveDate)>>,
    settings: Settings,
}

impl World {
    fn with(members: Vec<Member>) -> World {
        World { members, ..World::default() }
    }

    fn run(&self, today: NaiveDate) -> Vec<Finding> {
        // As the store reads them: who pledged this year, and the pledges still asking for something.
        let pledged: IdSet<i64> = self
            .pledges
            .iter()
            .filter(|p| p.draft.year == today.year() && p.draft.status != PledgeStatus::Withdrawn)
            .map(|p| p.draft.member_id)
            .collect();
        let pending: Vec<Pledge> = self
            .pledges
            .iter()
            .filter(|p| p.draft.status.is_open() || (p.draft.status.is_done() && p.draft.evaluation.is_none()))
            .cloned()
            .collect();
        let f = ServiceFacts {
            members: &self.members,
            profiles: &self.profiles,
            pledged: &pledged,
            pledges: &pending,
            open_issues: &self.issues,
            research: &self.research,
            last_care: &self.last_care,
            service_years: &self.service_years,
            away: &self.away,
        };
        findings(&f, today, &self.settings)
    }

    fn of(&self, rule: RuleId, today: NaiveDate) -> Vec<(Severity, NaiveDate)> {
        self.run(today).into_iter().filter(|f| f.rule == rule).map(|f| (f.severity, f.due)).collect()
    }
}

// ---------------------------------------------------------------------------------------------
// pledge: no pledge by the deadline (seed B2)

#[test]
fn no_pledge_is_due_soon_in_the_month_before_the_deadline_and_overdue_after() {
    let w = World::with(vec![member(1)]);
    let deadline = day(2026, 3, 31);
    // yearly_warn_days = 30: due soon from 03-01.
    assert_eq!(w.of(RuleId::Pledge, day(2026, 2, 28)), vec![]);
    assert_eq!(w.of(RuleId::Pledge, day(2026, 3, 1)), vec![(Severity::DueSoon, deadline)]);
    assert_eq!(w.of(RuleId::Pledge, day(2026, 3, 31)), vec![(Severity::DueSoon, deadline)]);
    assert_eq!(w.of(RuleId::Pledge, day(2026, 4, 1)), vec![(Severity::Overdue, deadline)]);
}

#[test]
fn a_pledge_made_or_a_withdrawn_one() {
    let mut w = World::with(vec![member(1)]);
    w.pledges.push(pledge(1, 1, 2026, PledgeStatus::InProgress));
    assert_eq!(w.of(RuleId::Pledge, day(2026, 4, 1)), vec![]);
    // A withdrawn pledge is no pledge; last year's does not count for this year.
    w.pledges = vec![pledge(1, 1, 2026, PledgeStatus::Withdrawn), pledge(2, 1, 2025, PledgeStatus::Fulfilled)];
    w.pledges[1].draft.fulfilled_on = Some(day(2025, 9, 1));
    w.pledges[1].draft.evaluation = Some(MassEvaluation::Satisfied);
    assert_eq!(w.of(RuleId::Pledge, day(2026, 4, 1)), vec![(Severity::Overdue, day(2026, 3, 31))]);
}

#[test]
fn only_eligible_members_are_asked_to_pledge() {
    let today = day(2026, 6, 1);
    let mut probationary = member(2);
    probationary.draft.status = MemberStatus::Probationary;
    probationary.draft.conversion_date = None;
    let mut exempt = member(3);
    exempt.draft.exemption = Some(Exemption { reason: "年老体弱".into(), from: None, to: None });
    let mut joined_late = member(4);
    joined_late.draft.joined_on = Some(day(2026, 4, 1));
    let mut archived = member(5);
    archived.archive = Some(Archive { reason: ArchiveReason::Deceased, date: day(2026, 5, 1), note: String::new() });
    // Converted after the deadline: not asked this year.
    let mut converted_late = member(6);
    converted_late.draft.admission_date = day(2025, 4, 10);
    converted_late.draft.conversion_date = Some(day(2026, 4, 10));
    let mut w = World::with(vec![member(1), probationary, exempt, joined_late, archived, converted_late, member(7)]);
    w.profiles.insert(7, ServiceProfile { pledge_opt_out: true, hardship: false });
    let subjects: Vec<Subject> =
        w.run(today).into_iter().filter(|f| f.rule == RuleId::Pledge).map(|f| f.subject).collect();
    assert_eq!(subjects, vec![Subject::Member(1)]);
}

/// B2 asks "有条件的党员": a member away (流动党员: 外出中, 已报到, 失联) on the day the rule
/// looks, or away more than half of the year, is not asked for the pledge (when unsure, say
/// less). The days away are as the rosters mark them: departure to the day before return.
#[test]
fn a_member_away_today_or_more_than_half_the_year_is_not_asked_to_pledge() {
    let asked = |away: Vec<(NaiveDate, NaiveDate)>, today: NaiveDate| {
        let mut w = World::with(vec![member(1)]);
        w.away.insert(1, away);
        !w.of(RuleId::Pledge, today).is_empty()
    };
    let open = NaiveDate::MAX;
    // Away today (still out, or left today): nothing asked.
    assert!(!asked(vec![(day(2026, 7, 1), open)], day(2026, 11, 28)));
    assert!(!asked(vec![(day(2026, 11, 28), open)], day(2026, 11, 28)), "left today");
    // Away from 1 July exactly and back: 1 July to 30 December is 183 of 365 days, more than
    // half; back a day earlier it is 182 days, not more than half, and the pledge is asked.
    assert!(!asked(vec![(day(2026, 7, 1), day(2026, 12, 30))], day(2026, 12, 31)));
    assert!(asked(vec![(day(2026, 7, 1), day(2026, 12, 29))], day(2026, 12, 31)));
    // In a leap year half is 183 days: 184 are needed (after the deadline, 31 March, so that
    // only the length decides).
    assert!(asked(vec![(day(2028, 4, 1), day(2028, 9, 30))], day(2028, 12, 1)), "183 of 366");
    assert!(!asked(vec![(day(2028, 4, 1), day(2028, 10, 1))], day(2028, 12, 1)), "184 of 366");
    // Returned the day before today (away to the day before that): not away today, so only the
    // length decides. Out since April: more than half; out since October: asked.
    let today = day(2026, 11, 28);
    assert!(!asked(vec![(day(2026, 4, 1), day(2026, 11, 26))], today));
    assert!(asked(vec![(day(2026, 10, 1), day(2026, 11, 26))], today));
    // Days of another year do not count toward this one.
    assert!(asked(vec![(day(2025, 1, 1), day(2025, 12, 31))], day(2026, 4, 1)));
    // Two absences in one year add up (back the day before the deadline: 89 + 122 days).
    assert!(!asked(vec![(day(2026, 1, 1), day(2026, 3, 30)), (day(2026, 6, 1), day(2026, 9, 30))], today));
    assert!(asked(vec![(day(2026, 1, 1), day(2026, 3, 30)), (day(2026, 6, 1), day(2026, 8, 31))], today), "89 + 92");
}

/// docs/rules.md pledge: "截止日以后才转入、转正或免学期结束的党员，当年不提醒" — one who could not
/// pledge here by the deadline is not asked that year. A member away from 1 January who is
/// back on 10 April was away on the deadline (31 March) just as one who transferred in on
/// 10 April was not here: the day they return they are red for having made no pledge by
/// 31 March.
#[test]
fn a_member_away_on_the_deadline_is_not_red_on_return() {
    let mut w = World::with(vec![member(1)]);
    w.away.insert(1, vec![(day(2026, 1, 1), day(2026, 4, 9))]);
    assert_eq!(w.of(RuleId::Pledge, day(2026, 4, 1)), vec![], "away today");
    assert!(
        !w.of(RuleId::Pledge, day(2026, 4, 10)).iter().any(|(s, _)| *s == Severity::Overdue),
        "{:?}",
        w.of(RuleId::Pledge, day(2026, 4, 10))
    );
}

/// The edges of "away on the deadline" (31 March): the days away run from departure to the day
/// before return, so one back on 1 April was away on the deadline and one back on 31 March was
/// not; one who left on the deadline was away on it. Last year's absence says nothing of this
/// year's deadline.
#[test]
fn away_on_the_deadline_is_judged_by_the_days_away() {
    let pledge_of = |away: (NaiveDate, NaiveDate), today: NaiveDate| {
        let mut w = World::with(vec![member(1)]);
        w.away.insert(1, vec![away]);
        w.of(RuleId::Pledge, today)
    };
    let deadline = day(2026, 3, 31);
    // Back on 1 April: away to 31 March, the deadline. Nothing that year, in the 承诺 list or
    // on the dashboard.
    assert_eq!(pledge_of((day(2026, 1, 1), day(2026, 3, 31)), day(2026, 4, 1)), vec![]);
    assert_eq!(pledge_of((day(2026, 1, 1), day(2026, 3, 31)), day(2026, 12, 31)), vec![]);
    // Back on 31 March: at home on the deadline, asked as everyone (due soon that day, overdue
    // the next).
    assert_eq!(pledge_of((day(2026, 1, 1), day(2026, 3, 30)), deadline), vec![(Severity::DueSoon, deadline)]);
    assert_eq!(pledge_of((day(2026, 1, 1), day(2026, 3, 30)), day(2026, 4, 1)), vec![(Severity::Overdue, deadline)]);
    // Left on the deadline and back three weeks later: away on it.
    assert_eq!(pledge_of((deadline, day(2026, 4, 20)), day(2026, 4, 21)), vec![]);
    // Away on last year's deadline only: this year's pledge is asked.
    assert_eq!(pledge_of((day(2025, 1, 1), day(2025, 4, 30)), day(2026, 4, 1)), vec![(Severity::Overdue, deadline)]);
    // The deadline is a setting: away on 31 March but back before a 30 April deadline.
    let mut w = World::with(vec![member(1)]);
    w.settings.pledge_deadline = (4, 30);
    w.away.insert(1, vec![(day(2026, 1, 1), day(2026, 4, 9))]);
    assert_eq!(w.of(RuleId::Pledge, day(2026, 5, 1)), vec![(Severity::Overdue, day(2026, 4, 30))]);
}

#[test]
fn an_archived_member_away_raises_nothing_and_open_pledges_still_count() {
    let mut gone = member(2);
    gone.archive = Some(Archive { reason: ArchiveReason::TransferredOut, date: day(2026, 6, 30), note: String::new() });
    let mut w = World::with(vec![member(1), gone]);
    w.away.insert(2, vec![(day(2026, 1, 10), NaiveDate::MAX)]);
    let subjects: Vec<Subject> =
        w.run(day(2026, 11, 28)).into_iter().filter(|f| f.rule == RuleId::Pledge).map(|f| f.subject).collect();
    assert_eq!(subjects, vec![Subject::Member(1)], "only the member at home is asked");
    // A pledge made before leaving still has its target date: the away rule is about pledging.
    w.away.insert(1, vec![(day(2026, 8, 1), NaiveDate::MAX)]);
    w.pledges.push(pledge(1, 1, 2026, PledgeStatus::InProgress));
    assert_eq!(w.of(RuleId::Pledge, day(2026, 11, 28)), vec![(Severity::Overdue, day(2026, 9, 30))]);
}

#[test]
fn the_deadline_is_a_setting_and_february_29_falls_back_in_a_common_year() {
    let mut s = Settings { pledge_deadline: (2, 29), ..Settings::default() };
    assert_eq!(pledge_deadline(2028, &s), day(2028, 2, 29));
    assert_eq!(pledge_deadline(2027, &s), day(2027, 2, 28));
    s.pledge_deadline = (4, 30);
    let mut w = World::with(vec![member(1)]);
    w.settings = s;
    assert_eq!(w.of(RuleId::Pledge, day(2026, 4, 30)), vec![(Severity::DueSoon, day(2026, 4, 30))]);
    assert_eq!(w.of(RuleId::Pledge, day(2026, 5, 1)), vec![(Severity::Overdue, day(2026, 4, 30))]);
}

// ---------------------------------------------------------------------------------------------
// pledge: open past its target; fulfilled with no evaluation

#[test]
fn an_open_pledge_is_late_the_day_after_its_target() {
    let mut w = World::with(vec![member(1)]);
    w.pledges.push(pledge(1, 1, 2026, PledgeStatus::Pledged));
    let target = day(2026, 9, 30);
    // warn_days = 7.
    assert_eq!(w.of(RuleId::Pledge, day(2026, 9, 22)), vec![]);
    assert_eq!(w.of(RuleId::Pledge, day(2026, 9, 23)), vec![(Severity::DueSoon, target)]);
    assert_eq!(w.of(RuleId::Pledge, day(2026, 9, 30)), vec![(Severity::DueSoon, target)]);
    assert_eq!(w.of(RuleId::Pledge, day(2026, 10, 1)), vec![(Severity::Overdue, target)]);
    // Still late in the next year.
    assert_eq!(w.of(RuleId::Pledge, day(2027, 1, 5)).first(), Some(&(Severity::Overdue, target)));
}

#[test]
fn an_open_pledge_closes_by_the_end_of_its_year() {
    let mut w = World::with(vec![member(1)]);
    let mut p = pledge(1, 1, 2026, PledgeStatus::InProgress);
    p.draft.target_date = day(2027, 3, 1);
    w.pledges.push(p);
    assert_eq!(w.of(RuleId::Pledge, day(2027, 1, 1)).first(), Some(&(Severity::Overdue, day(2026, 12, 31))));
}

#[test]
fn an_archived_members_pledges_raise_nothing() {
    let mut m = member(1);
    m.archive = Some(Archive { reason: ArchiveReason::TransferredOut, date: day(2026, 8, 1), note: String::new() });
    let mut w = World::with(vec![m]);
    w.pledges.push(pledge(1, 1, 2026, PledgeStatus::InProgress));
    assert_eq!(w.run(day(2026, 10, 1)), vec![]);
}

#[test]
fn a_fulfilled_pledge_is_evaluated_within_30_days() {
    let mut w = World::with(vec![member(1)]);
    let mut p = pledge(1, 1, 2026, PledgeStatus::Fulfilled);
    p.draft.fulfilled_on = Some(day(2026, 1, 31));
    p.draft.pledged_on = day(2026, 1, 5);
    w.pledges.push(p);
    assert_eq!(w.of(RuleId::Pledge, day(2026, 3, 2)), vec![]);
    assert_eq!(w.of(RuleId::Pledge, day(2026, 3, 3)), vec![(Severity::Overdue, day(2026, 3, 2))]);
    w.pledges[0].draft.evaluation = Some(MassEvaluation::Dissatisfied);
    assert_eq!(w.of(RuleId::Pledge, day(2026, 3, 3)), vec![]);
    // Partly fulfilled is evaluated too; unfulfilled is closed without a reminder.
    w.pledges[0].draft.evaluation = None;
    w.pledges[0].draft.status = PledgeStatus::PartlyFulfilled;
    assert_eq!(w.of(RuleId::Pledge, day(2026, 3, 3)).len(), 1);
    w.pledges[0].draft.status = PledgeStatus::Unfulfilled;
    assert_eq!(w.of(RuleId::Pledge, day(2026, 3, 3)), vec![]);
}

// ---------------------------------------------------------------------------------------------
// service_feedback (seed B7)

#[test]
fn an_issue_with_no_feedback_is_overdue_after_the_feedback_days() {
    let mut w = World::with(vec![member(1)]);
    // Raised on 02-14 of a leap year; 15 days later is 02-29.
    w.issues.push(issue(1, 1, day(2028, 2, 14)));
    let due = day(2028, 2, 29);
    // Due soon in the last 7 days (at most half the feedback days).
    assert_eq!(w.of(RuleId::ServiceFeedback, day(2028, 2, 21)), vec![]);
    assert_eq!(w.of(RuleId::ServiceFeedback, day(2028, 2, 22)), vec![(Severity::DueSoon, due)]);
    assert_eq!(w.of(RuleId::ServiceFeedback, day(2028, 2, 29)), vec![(Severity::DueSoon, due)]);
    assert_eq!(w.of(RuleId::ServiceFeedback, day(2028, 3, 1)), vec![(Severity::Overdue, due)]);
    w.settings.feedback_days = 4;
    assert_eq!(w.of(RuleId::ServiceFeedback, day(2028, 2, 15)), vec![]);
    assert_eq!(w.of(RuleId::ServiceFeedback, day(2028, 2, 16)), vec![(Severity::DueSoon, day(2028, 2, 18))]);
    assert_eq!(w.of(RuleId::ServiceFeedback, day(2028, 2, 19)), vec![(Severity::Overdue, day(2028, 2, 18))]);
}

#[test]
fn feedback_given_archived_records_and_archived_members_raise_nothing() {
    let today = day(2026, 12, 1);
    let mut w = World::with(vec![member(1)]);
    let mut answered = issue(1, 1, day(2026, 10, 1));
    answered.draft.feedback_on = Some(day(2026, 10, 3));
    let mut archived = issue(2, 1, day(2026, 10, 1));
    archived.archived_on = Some(day(2026, 10, 2));
    let mut no_issue = issue(3, 1, day(2026, 10, 1));
    no_issue.draft.issue = "  ".into();
    w.issues = vec![answered, archived, no_issue];
    assert_eq!(w.run(today).iter().filter(|f| f.rule == RuleId::ServiceFeedback).count(), 0);
    w.issues.push(issue(4, 1, day(2026, 10, 1)));
    assert_eq!(w.of(RuleId::ServiceFeedback, today).len(), 1);
    w.members[0].archive =
        Some(Archive { reason: ArchiveReason::TransferredOut, date: day(2026, 11, 1), note: String::new() });
    assert_eq!(w.of(RuleId::ServiceFeedback, today), vec![]);
}

// ---------------------------------------------------------------------------------------------
// leader_field_research (seed B5)

fn cadre(id: i64, level: CadreLevel) -> Member {
    let mut m = member(id);
    m.draft.cadre_level = Some(level);
    m
}

#[test]
fn field_research_is_short_when_the_days_left_cannot_make_it_up() {
    let mut w = World::with(vec![cadre(1, CadreLevel::CityCounty)]);
    w.service_years = vec![2026];
    // 60 days a year = 120 half days. On 12-02 there are 30 days left (60 half days).
    w.research.insert((1, 2026), 60);
    assert_eq!(w.of(RuleId::LeaderFieldResearch, day(2026, 12, 2)), vec![(Severity::DueSoon, day(2026, 12, 31))]);
    assert_eq!(w.of(RuleId::LeaderFieldResearch, day(2026, 12, 3)), vec![(Severity::Overdue, day(2026, 12, 31))]);
    w.research.insert((1, 2026), 120);
    assert_eq!(w.of(RuleId::LeaderFieldResearch, day(2026, 12, 3)), vec![]);
}

#[test]
fn field_research_pace_allows_a_months_share() {
    let mut w = World::with(vec![cadre(1, CadreLevel::Provincial)]);
    w.service_years = vec![2026];
    // 30 days = 60 half days; on 07-02 (183 of 365 days) the pace is 30 half days, minus 5.
    w.research.insert((1, 2026), 25);
    assert_eq!(w.of(RuleId::LeaderFieldResearch, day(2026, 7, 2)), vec![]);
    w.research.insert((1, 2026), 24);
    assert_eq!(w.of(RuleId::LeaderFieldResearch, day(2026, 7, 2)), vec![(Severity::DueSoon, day(2026, 12, 31))]);
}

#[test]
fn field_research_is_prorated_for_a_mid_year_join_and_only_for_recorded_years() {
    let mut m = cadre(1, CadreLevel::CityCounty);
    m.draft.joined_on = Some(day(2025, 7, 1));
    let mut w = World::with(vec![m, cadre(2, CadreLevel::Other)]);
    // Six months in 2025: 30 days. Not judged while the file has no service that year.
    w.research.insert((1, 2025), 60);
    assert_eq!(w.of(RuleId::LeaderFieldResearch, day(2026, 1, 10)), vec![]);
    w.service_years = vec![2025];
    assert_eq!(w.of(RuleId::LeaderFieldResearch, day(2026, 1, 10)), vec![]);
    w.research.insert((1, 2025), 59);
    assert_eq!(w.of(RuleId::LeaderFieldResearch, day(2026, 1, 10)), vec![(Severity::Overdue, day(2025, 12, 31))]);
}

// ---------------------------------------------------------------------------------------------
// member_care: 春节 and 七一 (seed B9)

#[test]
fn a_member_in_hardship_is_remembered_before_the_spring_festival() {
    let spring = spring_festival(2027).unwrap();
    assert_eq!(spring, day(2027, 2, 6));
    let mut w = World::with(vec![member(1), member(2)]);
    w.profiles.insert(1, ServiceProfile { pledge_opt_out: false, hardship: true });
    // yearly_warn_days = 30: from 01-07 to the festival itself.
    assert_eq!(w.of(RuleId::MemberCare, day(2027, 1, 6)), vec![]);
    assert_eq!(w.of(RuleId::MemberCare, day(2027, 1, 7)), vec![(Severity::DueSoon, spring)]);
    assert_eq!(w.of(RuleId::MemberCare, spring), vec![(Severity::DueSoon, spring)]);
    assert_eq!(w.of(RuleId::MemberCare, day(2027, 2, 7)), vec![]);
    // Cared for within the six months before the festival (from 2026-08-06 on): nothing.
    w.last_care.insert(1, day(2026, 8, 6));
    assert_eq!(w.of(RuleId::MemberCare, day(2027, 1, 7)), vec![]);
    w.last_care.insert(1, day(2026, 8, 5));
    assert_eq!(w.of(RuleId::MemberCare, day(2027, 1, 7)).len(), 1);
}

#[test]
fn and_before_the_first_of_july() {
    let mut w = World::with(vec![member(1)]);
    w.profiles.insert(1, ServiceProfile { pledge_opt_out: false, hardship: true });
    w.last_care.insert(1, day(2025, 12, 31));
    assert_eq!(w.of(RuleId::MemberCare, day(2026, 5, 31)), vec![]);
    assert_eq!(w.of(RuleId::MemberCare, day(2026, 6, 1)), vec![(Severity::DueSoon, day(2026, 7, 1))]);
    // Six months before 七一 begin on 01-01.
    w.last_care.insert(1, day(2026, 1, 1));
    assert_eq!(w.of(RuleId::MemberCare, day(2026, 6, 1)), vec![]);
    w.last_care.insert(1, day(2025, 12, 31));
    // 2025-12-31 is within six months of 2026-02-17, so no 春节 reminder.
    assert_eq!(w.of(RuleId::MemberCare, day(2026, 2, 1)), vec![]);
    w.members[0].archive =
        Some(Archive { reason: ArchiveReason::Deceased, date: day(2026, 5, 1), note: String::new() });
    assert_eq!(w.of(RuleId::MemberCare, day(2026, 6, 1)), vec![]);
}

#[test]
fn a_year_outside_the_calendar_table_has_no_spring_festival_reminder() {
    assert_eq!(spring_festival(2041), None);
    let mut w = World::with(vec![member(1)]);
    w.profiles.insert(1, ServiceProfile { pledge_opt_out: false, hardship: true });
    assert_eq!(w.of(RuleId::MemberCare, day(2041, 1, 20)), vec![]);
}

/// The care view names the next occasion at any time (here 70 days ahead, outside the 30 days
/// in which 待办 lists it): the holiday itself is still "next", the day after is not.
#[test]
fn the_next_care_occasion_is_known_at_any_time() {
    let next = |today| care_occasions(today).first().map(|o| (o.zh, o.date));
    assert_eq!(next(day(2026, 11, 28)), Some(("春节", day(2027, 2, 6))));
    assert_eq!(next(day(2027, 2, 6)), Some(("春节", day(2027, 2, 6))));
    assert_eq!(next(day(2027, 2, 7)), Some(("七一", day(2027, 7, 1))));
    assert_eq!(next(day(2026, 7, 2)), Some(("春节", day(2027, 2, 6))));
    // Past the calendar table only 七一 is named, never a guessed 春节.
    assert_eq!(next(day(2040, 12, 31)), Some(("七一", day(2041, 7, 1))));

    let mut w = World::with(vec![member(1), member(2)]);
    w.profiles.insert(1, ServiceProfile { pledge_opt_out: false, hardship: true });
    w.profiles.insert(2, ServiceProfile { pledge_opt_out: false, hardship: true });
    w.last_care.insert(1, day(2026, 8, 5));
    w.last_care.insert(2, day(2026, 8, 6));
    let today = day(2026, 11, 28);
    let o = care_occasions(today)[0];
    assert_eq!(o.since(), day(2026, 8, 6));
    let due: Vec<i64> =
        care_due(&w.members, &w.profiles, &w.last_care, &o, today).into_iter().map(|(m, _)| m.id).collect();
    assert_eq!(due, vec![1]);
    // Seventy days ahead is no 待办 item: nothing red, nothing due soon yet.
    assert_eq!(w.of(RuleId::MemberCare, today), vec![]);
}

#[test]
fn every_new_rule_cites_the_seed() {
    for r in [RuleId::Pledge, RuleId::ServiceFeedback, RuleId::LeaderFieldResearch, RuleId::MemberCare] {
        assert!(r.source().contains("中办发〔2006〕21号"), "{r:?}");
    }
}
