//! Older members (domain.md §2.9): probation findings by era, 党龄 at its edges, and the
//! 光荣在党50年 reminder, through the pure rules with a fixed `today`.

use zhibu::domain::ids::IdMap;

use chrono::NaiveDate;
use zhibu::domain::era::party_age;
use zhibu::domain::member::{Archive, ArchiveReason, Gender, Member, MemberDraft, MemberStatus, UnitCategory};
use zhibu::domain::rules::{Facts, Finding, RuleId, Severity, Subject, findings};
use zhibu::domain::settings::Settings;

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// A full member admitted on `adm` and converted on `conv`.
fn member(id: i64, adm: NaiveDate, conv: Option<NaiveDate>) -> Member {
    Member {
        id,
        number: format!("{id:04}").into(),
        draft: MemberDraft {
            name: format!("党员{id}").into(),
            gender: Gender::Male,
            birth_date: day(1900, 1, 1),
            ethnicity: "汉族".into(),
            phone: Default::default(),
            work_unit: Default::default(),
            unit_category: UnitCategory::Other,
            group_id: None,
            status: if conv.is_some() { MemberStatus::Full } else { MemberStatus::Probationary },
            admission_date: adm,
            conversion_date: conv,
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

fn run(members: &[Member], reported: &[i32], today: NaiveDate) -> Vec<Finding> {
    let none = IdMap::default();
    let no_months = IdMap::default();
    let facts = Facts {
        members,
        groups: &[],
        held: &[],
        honours_reported: reported,
        study: &[],
        study_last_year: &[],
        last_org_life: &none,
        last_rotation: &none,
        excused_months: &no_months,
        away_months: &no_months,
        secretary_since: &none,
        last_training: &none,
        dues: None,
    };
    findings(&facts, today, &Settings::default()).into_iter().filter(|f| f.rule != RuleId::OrgLifeLapse).collect()
}

fn of(rule: RuleId, fs: &[Finding]) -> Vec<&Finding> {
    fs.iter().filter(|f| f.rule == rule).collect()
}

// ---------------------------------------------------------------------------------------------
// Probation by era

#[test]
fn no_probation_finding_for_a_member_stored_probationary_in_an_era_without_probation() {
    let today = day(2026, 11, 28);
    // As an older file or an import may hold them: probationary with no conversion.
    let members: Vec<Member> = [day(1921, 7, 1), day(1930, 1, 1), day(1969, 4, 1), day(1977, 8, 11)]
        .into_iter()
        .enumerate()
        .map(|(i, adm)| member(i as i64 + 1, adm, None))
        .collect();
    assert!(of(RuleId::ProbationEnd, &run(&members, &[], today)).is_empty());
}

#[test]
fn probation_findings_stay_where_the_era_had_probation() {
    let today = day(2026, 11, 28);
    // The first day after the no-probation era, and the last day before it.
    for adm in [day(1977, 8, 12), day(1969, 3, 31), day(1927, 4, 27)] {
        let fs = run(&[member(1, adm, None)], &[], today);
        let p = of(RuleId::ProbationEnd, &fs);
        assert_eq!(p.len(), 1, "{adm}");
        assert_eq!(p[0].severity, Severity::Overdue, "{adm}");
    }
}

// ---------------------------------------------------------------------------------------------
// 党龄

#[test]
fn party_age_is_exactly_fifty_on_2026_07_01() {
    // 1976: no probation, 党龄 from admission.
    let m = member(1, day(1976, 7, 1), Some(day(1976, 7, 1)));
    assert_eq!(party_age(&m.draft, day(2026, 6, 30)), Some(49));
    assert_eq!(party_age(&m.draft, day(2026, 7, 1)), Some(50));
    // 1981 with a year's probation: from conversion in 1982, not from admission.
    let m = member(2, day(1981, 7, 1), Some(day(1982, 7, 1)));
    assert_eq!(party_age(&m.draft, day(2026, 7, 1)), Some(44));
}

// ---------------------------------------------------------------------------------------------
// 光荣在党50年

fn elders() -> Vec<Member> {
    vec![
        // 50 years in 2026: admitted without probation in 1976.
        member(1, day(1976, 5, 1), Some(day(1976, 5, 1))),
        // 1975 had no probation: 党龄 from admission, 50 years in 2025, whatever conversion
        // date was written.
        member(2, day(1975, 3, 1), Some(day(1976, 3, 1))),
        // 1958 with a year's probation: from conversion, 50 years in 2009.
        member(3, day(1958, 10, 1), Some(day(1959, 10, 1))),
    ]
}

#[test]
fn the_honours_reminder_runs_from_may_to_july_first() {
    let members = elders();
    assert!(of(RuleId::Honours, &run(&members, &[], day(2026, 4, 30))).is_empty());
    for today in [day(2026, 5, 1), day(2026, 5, 31), day(2026, 6, 30)] {
        let fs = run(&members, &[], today);
        let h = of(RuleId::Honours, &fs);
        assert_eq!(h.len(), 1, "{today}");
        assert_eq!(h[0].severity, Severity::DueSoon);
        assert_eq!(h[0].subject, Subject::Branch);
        assert_eq!(h[0].due, day(2026, 6, 30));
        assert!(h[0].zh.contains("党员1"), "{}", h[0].zh);
        // Member 2 had no probation in 1975: 50 years in 2025, not 2026.
        assert!(!h[0].zh.contains("党员2"), "{}", h[0].zh);
    }
    assert!(of(RuleId::Honours, &run(&members, &[], day(2026, 7, 1))).is_empty());
}

#[test]
fn a_recorded_report_ends_the_reminder_for_its_year_only() {
    let members = elders();
    assert!(of(RuleId::Honours, &run(&members, &[2026], day(2026, 5, 10))).is_empty());
    assert_eq!(of(RuleId::Honours, &run(&members, &[2025], day(2026, 5, 10))).len(), 1);
}

#[test]
fn no_reminder_without_eligible_members_in_the_branch() {
    let today = day(2026, 5, 10);
    // Nobody reaches 50 in 2026.
    let members =
        vec![member(1, day(1975, 3, 1), Some(day(1975, 3, 1))), member(2, day(2000, 1, 1), Some(day(2001, 1, 1)))];
    assert!(of(RuleId::Honours, &run(&members, &[], today)).is_empty());
    // The only one who does left the branch (died) in April.
    let mut gone = member(3, day(1976, 5, 1), Some(day(1976, 5, 1)));
    gone.archive = Some(Archive { reason: ArchiveReason::Deceased, date: day(2026, 4, 2), note: String::new() });
    assert!(of(RuleId::Honours, &run(&[gone], &[], today)).is_empty());
    // A probationary member has no 党龄.
    assert!(of(RuleId::Honours, &run(&[member(4, day(2025, 9, 1), None)], &[], today)).is_empty());
}

#[test]
fn the_honours_year_crosses_the_leap_day_and_year_ends() {
    // Standing from 1976-02-29 and 1976-12-31: both in the 2026 list.
    let members = vec![
        member(1, day(1976, 2, 29), Some(day(1976, 2, 29))),
        member(2, day(1976, 12, 31), Some(day(1976, 12, 31))),
    ];
    let fs = run(&members, &[], day(2026, 5, 1));
    let h = of(RuleId::Honours, &fs);
    assert_eq!(h.len(), 1);
    assert!(h[0].zh.contains("党员1、党员2"), "{}", h[0].zh);
    // 1977-01-01 belongs to 2027.
    let fs = run(&[member(3, day(1977, 1, 1), Some(day(1977, 1, 1)))], &[], day(2026, 5, 1));
    assert!(of(RuleId::Honours, &fs).is_empty());
}

#[test]
fn a_long_list_names_five_and_counts_the_rest() {
    let members: Vec<Member> =
        (1..=7).map(|i| member(i, day(1976, 1, i as u32), Some(day(1976, 1, i as u32)))).collect();
    let fs = run(&members, &[], day(2026, 5, 1));
    let h = of(RuleId::Honours, &fs);
    assert!(h[0].zh.contains("党员5等 7 人"), "{}", h[0].zh);
    assert!(!h[0].zh.contains("党员6"), "{}", h[0].zh);
    assert!(h[0].en.contains("and 2 more"), "{}", h[0].en);
}
