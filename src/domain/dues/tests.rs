use super::*;
use crate::domain::member::Archive;
use crate::domain::member::ArchiveReason;
use crate::domain::testing::{d, member};

const R: Rounding = Rounding::Fen;

fn yuan(s: &str) -> Fen {
    parse_yuan(s).unwrap()
}

#[test]
fn employed_bands_are_flat_with_inclusive_upper_bounds() {
    use DuesCategory::Employed as E;
    assert_eq!(rate_for(E, yuan("3000.00")), Rate::Percent(50));
    assert_eq!(standard_amount(E, yuan("3000.00"), R), 1500);
    assert_eq!(rate_for(E, yuan("3000.01")), Rate::Percent(100));
    // Flat on the whole base, not progressive: 1% of 3000.01 is 30.0001.
    assert_eq!(standard_amount(E, yuan("3000.01"), R), 3000);
    assert_eq!(rate_for(E, yuan("5000")), Rate::Percent(100));
    assert_eq!(standard_amount(E, yuan("5000"), R), 5000);
    assert_eq!(rate_for(E, yuan("5000.01")), Rate::Percent(150));
    assert_eq!(rate_for(E, yuan("10000")), Rate::Percent(150));
    assert_eq!(standard_amount(E, yuan("10000"), R), 15000);
    assert_eq!(rate_for(E, yuan("10000.01")), Rate::Percent(200));
    assert_eq!(standard_amount(E, yuan("10000.01"), R), 20000);
    assert_eq!(rate_for(E, 0), Rate::Percent(50));
    // Annual-salary and self-employed members use the same bands.
    assert_eq!(rate_for(DuesCategory::AnnualSalary, yuan("12000")), Rate::Percent(200));
    assert_eq!(rate_for(DuesCategory::SelfEmployed, yuan("4000")), Rate::Percent(100));
}

#[test]
fn retiree_bands_split_at_5000_inclusive() {
    use DuesCategory::Retired as Re;
    assert_eq!(rate_for(Re, yuan("5000")), Rate::Percent(50));
    assert_eq!(standard_amount(Re, yuan("5000"), R), 2500);
    assert_eq!(rate_for(Re, yuan("5000.01")), Rate::Percent(100));
    assert_eq!(standard_amount(Re, yuan("5000.01"), R), 5000);
    assert_eq!(rate_for(Re, yuan("12000")), Rate::Percent(100));
}

#[test]
fn fixed_amounts() {
    for c in [DuesCategory::Student, DuesCategory::Unemployed, DuesCategory::Relief, DuesCategory::Dibao] {
        assert_eq!(standard_amount(c, yuan("8000"), R), 20, "{c:?}");
        assert!(!needs_base(c));
    }
    assert_eq!(rate_for(DuesCategory::Farmer, 0), Rate::Range(20, 100));
    assert!(amount_matches(DuesCategory::Farmer, 0, 100, R));
    assert!(amount_matches(DuesCategory::Farmer, 0, 20, R));
    assert!(!amount_matches(DuesCategory::Farmer, 0, 101, R));
    assert!(!amount_matches(DuesCategory::Farmer, 0, 19, R));
}

#[test]
fn rounding_to_fen_or_jiao_half_up() {
    use DuesCategory::Employed as E;
    // 1% of 4567.89 = 45.6789
    assert_eq!(standard_amount(E, yuan("4567.89"), Rounding::Fen), 4568);
    assert_eq!(standard_amount(E, yuan("4567.89"), Rounding::Jiao), 4570);
    // 0.5% of 1234.56 = 6.1728
    assert_eq!(standard_amount(E, yuan("1234.56"), Rounding::Fen), 617);
    assert_eq!(standard_amount(E, yuan("1234.56"), Rounding::Jiao), 620);
    // Exactly half a fen rounds up: 0.5% of 1001 = 5.005
    assert_eq!(standard_amount(E, yuan("1001"), Rounding::Fen), 501);
    // 5.005 to the jiao: 5.0
    assert_eq!(standard_amount(E, yuan("1001"), Rounding::Jiao), 500);
    // Exactly half a jiao rounds up: 0.5% of 1010 = 5.05
    assert_eq!(standard_amount(E, yuan("1010"), Rounding::Jiao), 510);
    assert_eq!(round_share(0, 200, Rounding::Jiao), 0);
}

#[test]
fn typed_amounts() {
    assert_eq!(parse_yuan("4500"), Ok(450_000));
    assert_eq!(parse_yuan(" 4,500.5 元"), Ok(450_050));
    assert_eq!(parse_yuan("４５００．０５"), Ok(450_005));
    assert_eq!(parse_yuan(".5"), Ok(50));
    assert_eq!(parse_yuan("-3"), Err(MoneyError::Negative));
    assert_eq!(parse_yuan("abc"), Err(MoneyError::NotANumber));
    assert_eq!(parse_yuan(""), Err(MoneyError::NotANumber));
    assert_eq!(parse_yuan("3.001"), Err(MoneyError::OutOfRange));
    assert_eq!(parse_yuan("99999999999"), Err(MoneyError::OutOfRange));
    assert_eq!(fmt_yuan(1250), "12.50");
    assert_eq!(fmt_yuan(5), "0.05");
}

fn input(category: DuesCategory, base: &str, amount: &str) -> CalibrationInput {
    CalibrationInput {
        member_id: 1,
        year: 2026,
        category,
        base: base.into(),
        amount: amount.into(),
        calibrated_on: d(2026, 1, 10),
    }
}

#[test]
fn calibration_computes_rate_and_amount() {
    let p = DuesProfile::default_for(1);
    let c = calibrate(&input(DuesCategory::Employed, "4500", ""), &p, R).unwrap();
    assert_eq!((c.base, c.rate_bp, c.monthly), (Some(450_000), Some(100), 4500));
    let c = calibrate(&input(DuesCategory::Student, "", ""), &p, R).unwrap();
    assert_eq!((c.base, c.rate_bp, c.monthly), (None, None, 20));
    let c = calibrate(&input(DuesCategory::Farmer, "", "0.5"), &p, R).unwrap();
    assert_eq!(c.monthly, 50);
}

#[test]
fn calibration_refuses_bad_bases_and_off_band_amounts() {
    let p = DuesProfile::default_for(1);
    let err = calibrate(&input(DuesCategory::Employed, "-100", ""), &p, R).unwrap_err();
    assert_eq!(err[0].field, field::BASE);
    assert!(err[0].problem.text(Lang::Zh).contains("负数"));
    let err = calibrate(&input(DuesCategory::Employed, "四千", ""), &p, R).unwrap_err();
    assert_eq!(err[0].field, field::BASE);
    let err = calibrate(&input(DuesCategory::Employed, "", ""), &p, R).unwrap_err();
    assert_eq!(err[0].problem, Problem::Required);
    // 4500 at 1% is 45.00; 20.00 needs an approved reduction.
    let err = calibrate(&input(DuesCategory::Employed, "4500", "20"), &p, R).unwrap_err();
    assert_eq!(err[0].field, field::AMOUNT);
    assert!(err[0].problem.text(Lang::Zh).contains("45.00"), "{:?}", err[0].problem.text(Lang::Zh));
    let err = calibrate(&input(DuesCategory::Farmer, "", "2"), &p, R).unwrap_err();
    assert_eq!(err[0].field, field::AMOUNT);
    // With a reduction approved for the year, the amount stands.
    let reduced = DuesProfile {
        relief: Some(Relief {
            kind: ReliefKind::Reduced,
            approved_by: "街道党工委".into(),
            approved_on: d(2025, 12, 20),
            until: None,
        }),
        ..p.clone()
    };
    assert_eq!(calibrate(&input(DuesCategory::Employed, "4500", "20"), &reduced, R).unwrap().monthly, 2000);
    // A reduction that ended before the year does not.
    let ended =
        DuesProfile { relief: Some(Relief { until: Some(d(2025, 12, 31)), ..reduced.relief.clone().unwrap() }), ..p };
    assert!(calibrate(&input(DuesCategory::Employed, "4500", "20"), &ended, R).is_err());
}

fn paid(id: i64, _member: i64, m: Ym, amount: Fen, on: NaiveDate) -> Paid {
    Paid { id, month: m, amount, extra: 0, paid_on: on }
}

fn stored(id: i64, member: i64, m: Ym, amount: Fen, on: NaiveDate) -> PaidMonth {
    PaidMonth {
        id,
        member_id: member,
        month: m,
        amount,
        extra: 0,
        paid_on: on,
        method: PayMethod::Cash,
        proxy: String::new(),
        receipt: format!("R{id}"),
    }
}

fn ledger_with(member: i64, payments: Vec<Paid>) -> Ledger {
    let mut l = Ledger { first_record: Some(Ym::new(2025, 1)), ..Ledger::default() };
    l.calibrations.insert(
        (member, 2026),
        Calibration {
            member_id: member,
            year: 2026,
            category: DuesCategory::Employed,
            base: Some(450_000),
            rate_bp: Some(100),
            monthly: 4500,
            calibrated_on: d(2026, 1, 10),
        },
    );
    l.paid.insert(member, payments);
    l
}

#[test]
fn month_statuses() {
    let mut m = member(1);
    m.draft.admission_date = d(2026, 3, 15);
    m.draft.conversion_date = None;
    let today = d(2026, 8, 10);
    let l = ledger_with(
        1,
        vec![
            paid(1, 1, Ym::new(2026, 3), 4500, d(2026, 3, 20)),
            paid(2, 1, Ym::new(2026, 4), 4500, d(2026, 6, 2)),
            paid(3, 1, Ym::new(2026, 6), 4500, d(2026, 6, 2)),
            paid(4, 1, Ym::new(2026, 9), 4500, d(2026, 8, 5)),
        ],
    );
    let s = DuesSettings::default();
    let st: Vec<Option<MonthStatus>> = l.year_cells(&m, 2026, today, &s).iter().map(|c| c.status).collect();
    use MonthStatus::*;
    assert_eq!(
        st,
        vec![
            None,
            None,
            Some(Paid), // the admission month is due
            Some(PaidLate),
            Some(Unpaid),
            Some(Paid),
            Some(Unpaid),
            Some(NotDue), // August is due on the 31st
            Some(Prepaid),
            Some(NotDue),
            Some(NotDue),
            Some(NotDue),
        ]
    );
    // The due day moves the line.
    let s20 = DuesSettings { due_day: 5, ..s.clone() };
    assert_eq!(l.cell(&m, Ym::new(2026, 8), today, &s20).status, Some(Unpaid));
    assert_eq!(l.cell(&m, Ym::new(2026, 8), d(2026, 8, 5), &s20).status, Some(NotDue));
    // Archived in October: the months after are blank.
    m.archive = Some(Archive { reason: ArchiveReason::TransferredOut, date: d(2026, 10, 9), note: String::new() });
    assert_eq!(l.cell(&m, Ym::new(2026, 10), today, &s).status, Some(NotDue));
    assert_eq!(l.cell(&m, Ym::new(2026, 11), today, &s).status, None);
}

#[test]
fn quarterly_payers_are_due_at_the_quarters_end() {
    let m = member(1);
    let mut l = ledger_with(1, vec![]);
    l.profiles.insert(
        1,
        DuesProfile {
            schedule: DuesSchedule::Quarterly,
            quarterly_since: Some(d(2025, 12, 1)),
            ..DuesProfile::default_for(1)
        },
    );
    let s = DuesSettings::default();
    let today = d(2026, 3, 31);
    assert_eq!(l.cell(&m, Ym::new(2026, 1), today, &s).status, Some(MonthStatus::NotDue));
    assert_eq!(l.cell(&m, Ym::new(2026, 1), d(2026, 4, 1), &s).status, Some(MonthStatus::Unpaid));
    // Paid for the quarter on 31 March: January is on time.
    l.paid.insert(1, Ym::new(2026, 1).span(3).enumerate().map(|(i, y)| paid(i as i64, 1, y, 4500, today)).collect());
    assert_eq!(l.cell(&m, Ym::new(2026, 1), d(2026, 4, 1), &s).status, Some(MonthStatus::Paid));
}

#[test]
fn relief_months() {
    let m = member(1);
    let mut l = ledger_with(1, vec![paid(1, 1, Ym::new(2026, 2), 1000, d(2026, 2, 10))]);
    l.profiles.insert(
        1,
        DuesProfile {
            relief: Some(Relief {
                kind: ReliefKind::Reduced,
                approved_by: "党工委".into(),
                approved_on: d(2026, 2, 1),
                until: Some(d(2026, 2, 28)),
            }),
            ..DuesProfile::default_for(1)
        },
    );
    let s = DuesSettings::default();
    let today = d(2026, 5, 1);
    assert_eq!(l.cell(&m, Ym::new(2026, 2), today, &s).status, Some(MonthStatus::Reduced));
    assert_eq!(l.cell(&m, Ym::new(2026, 3), today, &s).status, Some(MonthStatus::Unpaid));
    if let Some(r) = l.profiles.get_mut(&1).and_then(|p| p.relief.as_mut()) {
        r.kind = ReliefKind::Exempt;
        r.until = None;
    }
    assert_eq!(l.cell(&m, Ym::new(2026, 3), today, &s).status, Some(MonthStatus::Exempt));
    assert_eq!(l.cell(&m, Ym::new(2026, 3), today, &s).due, Some(0));
}

#[test]
fn lapse_counts_consecutive_unpaid_months() {
    let m = member(1);
    let s = DuesSettings::default();
    let from = Ym::new(2025, 1);
    // Paid through April 2026; on 10 November, May to October are unpaid: six.
    let l = ledger_with(1, vec![paid(1, 1, Ym::new(2026, 4), 4500, d(2026, 4, 3))]);
    let run = unpaid_run(&l, &m, from, d(2026, 11, 10), &s).unwrap();
    assert_eq!((run.months, run.since, run.at_least), (6, Ym::new(2026, 5), false));
    // On 31 October, October is not due yet: five.
    assert_eq!(unpaid_run(&l, &m, from, d(2026, 10, 31), &s).unwrap().months, 5);
    // Nothing paid since the first month read: "at least".
    let empty = ledger_with(1, vec![]);
    let run = unpaid_run(&empty, &m, Ym::new(2026, 1), d(2026, 11, 10), &s).unwrap();
    assert_eq!((run.months, run.at_least), (10, true));
    // A back payment for the latest month ends the run.
    let l = ledger_with(1, vec![paid(1, 1, Ym::new(2026, 10), 4500, d(2026, 11, 5))]);
    assert_eq!(unpaid_run(&l, &m, from, d(2026, 11, 10), &s), None);
}

#[test]
fn lapse_findings_red_at_six_due_soon_at_three() {
    let m = member(1);
    let s = Settings::default();
    let l = ledger_with(1, vec![paid(1, 1, Ym::new(2026, 4), 4500, d(2026, 4, 3))]);
    let run = |today| {
        let mut out = Vec::new();
        findings(std::slice::from_ref(&m), &l, today, &s, &mut out);
        out.into_iter().filter(|f| f.rule == RuleId::DuesLapse).collect::<Vec<_>>()
    };
    assert!(run(d(2026, 7, 31)).is_empty()); // May, June: two
    let soon = run(d(2026, 8, 1));
    assert_eq!(soon.len(), 1);
    assert_eq!(soon[0].severity, Severity::DueSoon);
    assert_eq!(soon[0].due, d(2026, 10, 31));
    assert_eq!(run(d(2026, 10, 31))[0].severity, Severity::DueSoon);
    let red = run(d(2026, 11, 1));
    assert_eq!(red[0].severity, Severity::Overdue);
    assert!(red[0].zh.contains("党章第九条") && red[0].zh.contains("不改变党籍"));
    assert!(RuleId::DuesLapse.source().contains("《中国共产党章程》第九条"));
}

/// A 组织处置 decided since the run of unpaid months began answers the six-month lapse: the
/// finding says so (and stays red: the dues are still unpaid); one decided the day before the
/// run began was about something else.
#[test]
fn a_lapse_answered_by_a_disposal_says_so() {
    let m = member(1);
    let s = Settings::default();
    let mut l = ledger_with(1, vec![paid(1, 1, Ym::new(2026, 4), 4500, d(2026, 4, 3))]);
    let run = |l: &Ledger| {
        let mut out = Vec::new();
        findings(std::slice::from_ref(&m), l, d(2026, 11, 1), &s, &mut out);
        out.into_iter().find(|f| f.rule == RuleId::DuesLapse).unwrap()
    };
    let f = run(&l);
    assert_eq!(f.period.map(|p| p.start), Some(d(2026, 5, 1)), "the run began in May");
    assert!(f.zh.contains("请核实原因并记入组织处置"));
    l.disposed.insert(1, d(2026, 4, 30));
    assert!(run(&l).zh.contains("请核实原因并记入组织处置"), "decided before the run");
    l.disposed.insert(1, d(2026, 5, 1));
    let f = run(&l);
    assert_eq!(f.severity, Severity::Overdue);
    assert!(f.zh.contains("2026-05-01 已记入组织处置") && !f.zh.contains("请核实"), "{}", f.zh);
    assert!(f.en.contains("a disposal was recorded on 2026-05-01"), "{}", f.en);
    assert!(six_month_lapse(&f));
}

#[test]
fn unpaid_months_are_overdue_after_the_due_day() {
    let mut m = member(1);
    m.draft.admission_date = d(2026, 6, 1);
    let s = Settings::default();
    let l =
        ledger_with(1, (6..=9).map(|mo| paid(mo, 1, Ym::new(2026, mo as u32), 4500, d(2026, mo as u32, 9))).collect());
    let mut out = Vec::new();
    findings(std::slice::from_ref(&m), &l, d(2026, 10, 31), &s, &mut out);
    assert!(out.iter().all(|f| f.rule != RuleId::Dues), "October is due on its last day");
    let mut out = Vec::new();
    findings(std::slice::from_ref(&m), &l, d(2026, 11, 1), &s, &mut out);
    let f = out.iter().find(|f| f.rule == RuleId::Dues).unwrap();
    assert_eq!((f.severity, f.due), (Severity::Overdue, d(2026, 10, 31)));
    assert!(f.zh.contains("2026年10月") && f.zh.contains("45.00"), "{}", f.zh);
    // Archived members raise nothing.
    m.archive = Some(Archive { reason: ArchiveReason::Deceased, date: d(2026, 10, 20), note: String::new() });
    let mut out = Vec::new();
    findings(std::slice::from_ref(&m), &l, d(2026, 11, 1), &s, &mut out);
    assert!(out.iter().all(|f| f.subject != Subject::Member(1)));
}

#[test]
fn nothing_for_a_file_without_dues_records() {
    let m = member(1);
    let mut out = Vec::new();
    findings(&[m], &Ledger::default(), d(2026, 11, 1), &Settings::default(), &mut out);
    assert!(out.is_empty());
}

#[test]
fn calibration_and_publication_reminders() {
    let m = member(1);
    let s = Settings::default();
    let mut l = ledger_with(1, vec![]);
    l.calibrations.clear();
    let run = |l: &Ledger, today| {
        let mut out = Vec::new();
        findings(std::slice::from_ref(&m), l, today, &s, &mut out);
        out
    };
    let cal = |out: &[Finding]| out.iter().find(|f| f.rule == RuleId::DuesCalibration).map(|f| (f.severity, f.due));
    assert_eq!(cal(&run(&l, d(2026, 1, 31))), Some((Severity::DueSoon, d(2026, 1, 31))));
    assert_eq!(cal(&run(&l, d(2026, 2, 1))), Some((Severity::Overdue, d(2026, 1, 31))));
    let l2 = ledger_with(1, vec![]);
    assert_eq!(cal(&run(&l2, d(2026, 2, 1))), None);
    // Publication: year 2025 overdue from 1 January 2026 unless published.
    let publ = |out: &[Finding]| {
        out.iter().filter(|f| f.rule == RuleId::DuesPublication).map(|f| (f.severity, f.due)).collect::<Vec<_>>()
    };
    assert_eq!(publ(&run(&l2, d(2026, 1, 1))), vec![(Severity::Overdue, d(2025, 12, 31))]);
    let mut l3 = l2.clone();
    l3.publications.push(Publication { year: 2025, published_on: d(2026, 1, 5), note: String::new() });
    assert!(publ(&run(&l3, d(2026, 6, 1))).is_empty());
    assert_eq!(publ(&run(&l3, d(2026, 12, 1))), vec![(Severity::DueSoon, d(2026, 12, 31))]);
}

fn draft(first: Ym, months: u32, paid_on: NaiveDate) -> PaymentDraft {
    PaymentDraft {
        member_id: 1,
        first,
        months,
        amount: 4500 * i64::from(months),
        extra: 0,
        paid_on,
        method: PayMethod::Cash,
        proxy: String::new(),
        receipt: String::new(),
    }
}

#[test]
fn payment_checks() {
    let mut m = member(1);
    m.draft.admission_date = d(2025, 9, 20);
    let p = DuesProfile::default_for(1);
    let s = DuesSettings::default();
    let today = d(2026, 11, 10);
    // Before admission: refused.
    let err = check_payment(&draft(Ym::new(2025, 8), 2, today), &m, &p, &[], today, &s).unwrap_err();
    assert_eq!(err[0].field, field::MONTHS);
    // The admission month itself is fine.
    assert_eq!(check_payment(&draft(Ym::new(2025, 9), 1, d(2025, 9, 25)), &m, &p, &[], today, &s), Ok(vec![]));
    // Paid twice: a warning naming the earlier payment.
    let earlier = [stored(7, 1, Ym::new(2026, 10), 4500, d(2026, 10, 12))];
    let w = check_payment(&draft(Ym::new(2026, 10), 1, today), &m, &p, &earlier, today, &s).unwrap();
    assert_eq!(w.len(), 1);
    assert!(w[0].zh.contains("2026-10-12") && w[0].zh.contains("45.00") && w[0].zh.contains("R7"), "{}", w[0].zh);
    // Back payment: May's dues (due 31 May) paid on 30 November is exactly six months: fine;
    // April's is over.
    assert_eq!(
        check_payment(&draft(Ym::new(2026, 5), 1, d(2026, 11, 30)), &m, &p, &[], d(2026, 11, 30), &s),
        Ok(vec![])
    );
    let w = check_payment(&draft(Ym::new(2026, 4), 1, today), &m, &p, &[], today, &s).unwrap();
    assert!(w[0].zh.contains("超过 6 个月"), "{}", w[0].zh);
    // A proxy needs a name; the day cannot be in the future.
    let mut x = draft(Ym::new(2026, 10), 1, d(2026, 11, 11));
    x.method = PayMethod::Proxy;
    let err = check_payment(&x, &m, &p, &[], today, &s).unwrap_err();
    let fields: Vec<_> = err.iter().map(|e| e.field).collect();
    assert_eq!(fields, vec![field::PAID_ON, field::PROXY]);
}

#[test]
fn a_payment_splits_into_months() {
    let mut x = draft(Ym::new(2026, 11), 3, d(2026, 11, 10));
    x.amount = 1000;
    x.extra = 500;
    let rows = x.rows();
    assert_eq!(
        rows.iter().map(|r| r.month).collect::<Vec<_>>(),
        vec![Ym::new(2026, 11), Ym::new(2026, 12), Ym::new(2027, 1)]
    );
    assert_eq!(rows.iter().map(|r| r.amount).collect::<Vec<_>>(), vec![334, 333, 333]);
    assert_eq!(rows.iter().map(|r| r.extra).sum::<Fen>(), 500);
}

#[test]
fn dues_settings_round_trip() {
    let s = Settings {
        dues: DuesSettings { due_day: 20, rounding: Rounding::Jiao, warn_months: 4 },
        ..Settings::default()
    };
    let pairs = s.to_pairs();
    let back = Settings::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    assert_eq!(back.dues, s.dues);
    let bad = Settings::from_pairs([("dues.due_day", "31"), ("dues.rounding", "x"), ("dues.warn_months", "6")]);
    assert_eq!(bad.dues, DuesSettings::default());
}

/// The rules skip a member whose kept masks cover every month from `from` to this month: the
/// answer must agree with the month-by-month cells (no unpaid month) at the span's edges: a
/// member admitted mid-year, one archived mid-year, the year boundary, a single missing month.
#[test]
fn paid_throughout_agrees_with_the_cells() {
    let today = d(2026, 8, 10);
    let s = DuesSettings::default();
    let (from, to) = (Ym::new(2025, 1), Ym::of(today));
    let all_2025 = 0x0fff;
    let to_aug = 0x00ff;
    let mut joined = member(2);
    joined.draft.admission_date = d(2026, 3, 15);
    let mut archived = member(3);
    archived.archive = Some(Archive { reason: ArchiveReason::Deceased, date: d(2025, 5, 31), note: String::new() });
    // (member, masks by year, paid throughout)
    type Case = (Member, Vec<(i32, u16)>, bool);
    let cases: Vec<Case> = vec![
        (member(1), vec![(2025, all_2025), (2026, to_aug)], true),
        (member(1), vec![(2025, all_2025), (2026, to_aug & !(1 << 7))], false),
        (member(1), vec![(2025, all_2025 & !(1 << 11)), (2026, to_aug)], false),
        (member(1), vec![(2026, to_aug)], false),
        (joined.clone(), vec![(2026, 0x00fc)], true),
        (joined, vec![(2026, 0x00f4)], false),
        (archived.clone(), vec![(2025, 0x001f)], true),
        (archived, vec![(2025, 0x000f)], false),
    ];
    for (m, masks, expected) in cases {
        let mut l = ledger_with(m.id, Vec::new());
        l.paid.clear();
        for (year, mask) in &masks {
            l.paid_masks.insert((m.id, *year), *mask);
        }
        let unpaid = l.cells(&m, from, to, today, &s).iter().any(|(_, c)| c.status == Some(MonthStatus::Unpaid));
        assert_eq!(l.paid_throughout(&m, from, to), expected, "{} {masks:x?}", m.id);
        if expected {
            assert!(!unpaid, "{} {masks:x?}", m.id);
        }
    }
}

/// [DF]: "预备党员从支部大会通过其为预备党员之日起交纳党费". With the due day set to the 15th, a
/// member admitted (or transferred in) on 20 May could not have paid May's dues by 15 May: the
/// day after admission must not show May as unpaid (a false red on day one).
#[test]
fn the_admission_month_is_not_overdue_before_the_member_could_pay() {
    let mut m = member(1);
    m.draft.status = crate::domain::member::MemberStatus::Probationary;
    m.draft.admission_date = d(2026, 5, 20);
    m.draft.conversion_date = None;
    let s = Settings { dues: DuesSettings { due_day: 15, ..DuesSettings::default() }, ..Settings::default() };
    let l = ledger_with(1, vec![]);
    let mut out = Vec::new();
    findings(std::slice::from_ref(&m), &l, d(2026, 5, 21), &s, &mut out);
    let dues: Vec<_> = out.iter().filter(|f| f.rule == RuleId::Dues).map(|f| (f.severity, f.due, &f.zh)).collect();
    assert!(dues.is_empty(), "May's dues overdue the day after admission: {dues:?}");
    // The same for a transfer in on 20 May.
    let mut t = member(1);
    t.draft.joined_on = Some(d(2026, 5, 20));
    let mut out = Vec::new();
    findings(std::slice::from_ref(&t), &l, d(2026, 5, 21), &s, &mut out);
    assert!(out.iter().all(|f| f.rule != RuleId::Dues), "transfer-in month overdue at once");
}

/// The edges of the first month's due date: the month's own due date when it is on or after
/// the day the member joined (that day itself included), else the next due date (June's), and
/// the month is paid on time up to it; quarterly payers move to the next quarter's.
#[test]
fn the_first_month_falls_due_on_the_first_due_date_from_joining() {
    let admitted = |on: NaiveDate| {
        let mut m = member(1);
        m.draft.status = crate::domain::member::MemberStatus::Probationary;
        m.draft.admission_date = on;
        m.draft.conversion_date = None;
        m
    };
    let s15 = DuesSettings { due_day: 15, ..DuesSettings::default() };
    let p = DuesProfile::default_for(1);
    let may = Ym::new(2026, 5);
    assert_eq!(due_date_from(d(2026, 5, 20), may, &p, &s15), d(2026, 6, 15));
    assert_eq!(due_date_from(d(2026, 5, 15), may, &p, &s15), d(2026, 5, 15), "joined on the due day");
    assert_eq!(due_date_from(d(2026, 5, 14), may, &p, &s15), d(2026, 5, 15));
    assert_eq!(due_date_from(d(2026, 5, 20), Ym::new(2026, 6), &p, &s15), d(2026, 6, 15), "later months as usual");
    let end = DuesSettings::default();
    assert_eq!(due_date_from(d(2026, 5, 31), may, &p, &end), d(2026, 5, 31), "the month's last day");
    // Admitted on 20 May, due on the 15th: May is not due until 15 June, then unpaid with June.
    let m = admitted(d(2026, 5, 20));
    let l = ledger_with(1, vec![]);
    assert_eq!(l.cell(&m, may, d(2026, 6, 15), &s15).status, Some(MonthStatus::NotDue));
    assert_eq!(l.cell(&m, may, d(2026, 6, 16), &s15).status, Some(MonthStatus::Unpaid));
    // Paid on 15 June: on time; on 16 June: late.
    let on = |day| ledger_with(1, vec![paid(1, 1, may, 4500, day)]);
    assert_eq!(on(d(2026, 5, 25)).cell(&m, may, d(2026, 7, 1), &s15).status, Some(MonthStatus::Paid));
    assert_eq!(on(d(2026, 6, 15)).cell(&m, may, d(2026, 7, 1), &s15).status, Some(MonthStatus::Paid));
    assert_eq!(on(d(2026, 6, 16)).cell(&m, may, d(2026, 7, 1), &s15).status, Some(MonthStatus::PaidLate));
    // Admitted on the due day itself: due that day.
    let on_the_day = admitted(d(2026, 5, 15));
    assert_eq!(l.cell(&on_the_day, may, d(2026, 5, 15), &s15).status, Some(MonthStatus::NotDue));
    assert_eq!(l.cell(&on_the_day, may, d(2026, 5, 16), &s15).status, Some(MonthStatus::Unpaid));
    // A quarterly payer admitted on 20 June: the second quarter's June falls due with the
    // third quarter, on 15 September.
    let q = DuesProfile { schedule: DuesSchedule::Quarterly, quarterly_since: None, ..DuesProfile::default_for(1) };
    let june = Ym::new(2026, 6);
    assert_eq!(due_date_from(d(2026, 6, 20), june, &q, &s15), d(2026, 9, 15));
    assert_eq!(due_date_from(d(2026, 6, 10), june, &q, &s15), d(2026, 6, 15));
    let mut lq = ledger_with(1, vec![]);
    lq.profiles.insert(1, q);
    let m = admitted(d(2026, 6, 20));
    assert_eq!(lq.cell(&m, june, d(2026, 9, 15), &s15).status, Some(MonthStatus::NotDue));
    assert_eq!(lq.cell(&m, june, d(2026, 9, 16), &s15).status, Some(MonthStatus::Unpaid));
}

/// The unpaid finding and the lapse read the same cells: a member admitted on 20 May (due on
/// the 15th) who pays nothing has nothing unpaid until 15 June; then May and June together,
/// due 15 June; three months (the warning) on 16 July; six, May to October, on 16 October.
/// The back-payment warning counts its six months from the moved due date too.
#[test]
fn the_lapse_counts_the_first_month_only_once_it_is_due() {
    let mut m = member(1);
    m.draft.status = crate::domain::member::MemberStatus::Probationary;
    m.draft.admission_date = d(2026, 5, 20);
    m.draft.conversion_date = None;
    let s = Settings { dues: DuesSettings { due_day: 15, ..DuesSettings::default() }, ..Settings::default() };
    let l = ledger_with(1, vec![]);
    let run = |today| {
        let mut out = Vec::new();
        findings(std::slice::from_ref(&m), &l, today, &s, &mut out);
        out.into_iter().filter(|f| matches!(f.rule, RuleId::Dues | RuleId::DuesLapse)).collect::<Vec<_>>()
    };
    assert!(run(d(2026, 6, 15)).is_empty());
    assert_eq!(unpaid_run(&l, &m, Ym::new(2025, 1), d(2026, 6, 15), &s.dues), None);
    let f = run(d(2026, 6, 16));
    assert_eq!(f.len(), 1, "no lapse yet: {f:?}");
    assert_eq!((f[0].rule, f[0].severity, f[0].due), (RuleId::Dues, Severity::Overdue, d(2026, 6, 15)));
    assert!(f[0].zh.contains("2 个月党费未缴：2026年5月、2026年6月"), "{}", f[0].zh);
    let lapse = |today| run(today).into_iter().find(|f| f.rule == RuleId::DuesLapse).map(|f| (f.severity, f.due));
    assert_eq!(lapse(d(2026, 7, 15)), None, "two months");
    assert_eq!(lapse(d(2026, 7, 16)), Some((Severity::DueSoon, d(2026, 10, 15))));
    assert_eq!(lapse(d(2026, 10, 15)), Some((Severity::DueSoon, d(2026, 10, 15))));
    assert_eq!(lapse(d(2026, 10, 16)), Some((Severity::Overdue, d(2026, 10, 15))));
    let run = unpaid_run(&l, &m, Ym::new(2025, 1), d(2026, 10, 16), &s.dues).unwrap();
    assert_eq!((run.months, run.since, run.at_least), (6, Ym::new(2026, 5), false));
    // May's back payment: six months from 15 June, not from 15 May.
    let p = DuesProfile::default_for(1);
    let late = |on| check_payment(&draft(Ym::new(2026, 5), 1, on), &m, &p, &[], on, &s.dues).unwrap();
    assert_eq!(late(d(2026, 12, 15)), vec![]);
    assert_eq!(late(d(2026, 12, 16)).len(), 1);
}

/// docs/rules.md dues_lapse: at six months in a row the 党章第九条 line names the run and asks for
/// the 组织处置; the same months were also listed by the dues line, so the dashboard showed the
/// member twice for one cause. Once the lapse is red, the dues line keeps only the unpaid
/// months outside the run (none here: the member joined in April), and the member is listed
/// once.
#[test]
fn a_six_month_lapse_is_the_one_line_for_its_months() {
    let mut m = member(1);
    m.draft.admission_date = d(2026, 4, 1);
    let s = Settings::default();
    let l = ledger_with(1, vec![paid(1, 1, Ym::new(2026, 4), 4500, d(2026, 4, 3))]);
    let lines = |today| {
        let mut out = Vec::new();
        findings(std::slice::from_ref(&m), &l, today, &s, &mut out);
        out.into_iter().filter(|f| matches!(f.rule, RuleId::Dues | RuleId::DuesLapse)).collect::<Vec<_>>()
    };
    let rules = |today| lines(today).iter().map(|f| (f.rule, f.severity)).collect::<Vec<_>>();
    // Five months (May to September) on 31 October: the months to collect (red) and the
    // warning of the six-month rule (due soon), two lines for two purposes.
    assert_eq!(rules(d(2026, 10, 31)), vec![(RuleId::Dues, Severity::Overdue), (RuleId::DuesLapse, Severity::DueSoon)]);
    // Six on 1 November: one line, red, naming the run.
    assert_eq!(rules(d(2026, 11, 1)), vec![(RuleId::DuesLapse, Severity::Overdue)]);
    let f = &lines(d(2026, 11, 1))[0];
    assert!(f.zh.contains("已连续 6 个月未交纳党费（自 2026年5月 起）"), "{}", f.zh);
    // Still one line at eight months, and once a disposal is recorded.
    assert_eq!(rules(d(2027, 1, 1)), vec![(RuleId::DuesLapse, Severity::Overdue)]);
    let mut answered = l.clone();
    answered.disposed.insert(1, d(2026, 11, 5));
    let mut out = Vec::new();
    findings(std::slice::from_ref(&m), &answered, d(2026, 11, 10), &s, &mut out);
    assert_eq!(out.iter().filter(|f| matches!(f.rule, RuleId::Dues | RuleId::DuesLapse)).count(), 1);
}

/// Unpaid months before the paid month that began the run are another matter: the dues line
/// keeps them (and only them), so no unpaid month is lost or listed twice. A member in the
/// branch all along, nothing paid before April: November 2025 to March 2026 are within the
/// year the dues line looks back; May to October are the lapse's.
#[test]
fn unpaid_months_before_a_six_month_run_stay_on_the_dues_line() {
    let m = member(1);
    let s = Settings::default();
    let l = ledger_with(1, vec![paid(1, 1, Ym::new(2026, 4), 4500, d(2026, 4, 3))]);
    let mut out = Vec::new();
    findings(std::slice::from_ref(&m), &l, d(2026, 11, 1), &s, &mut out);
    let dues: Vec<&Finding> = out.iter().filter(|f| f.rule == RuleId::Dues).collect();
    assert_eq!(dues.len(), 1);
    assert!(dues[0].zh.contains("5 个月党费未缴：2025年11月、2025年12月、2026年1月、2026年2月等"), "{}", dues[0].zh);
    assert!(!dues[0].zh.contains("2026年5月"), "{}", dues[0].zh);
    assert_eq!(dues[0].due, d(2025, 11, 30));
    assert!(out.iter().any(|f| f.rule == RuleId::DuesLapse && f.severity == Severity::Overdue));
}

/// The run counted back to the first month the rules read (the records' dues start, or January
/// of last year): "6 个月以上", one line. A member archived on the day raises nothing (the
/// service's `drop_archived`); one archived before is not read at all.
#[test]
fn a_lapse_from_the_records_start_and_an_archived_member() {
    let s = Settings::default();
    let mut m = member(1);
    m.draft.admission_date = d(2020, 1, 1);
    let mut l = ledger_with(1, vec![]);
    l.first_record = Some(Ym::new(2026, 2));
    let mut out = Vec::new();
    findings(std::slice::from_ref(&m), &l, d(2026, 9, 1), &s, &mut out);
    let lines: Vec<&Finding> = out.iter().filter(|f| matches!(f.rule, RuleId::Dues | RuleId::DuesLapse)).collect();
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(lines[0].zh.contains("已连续 7 个月以上未交纳党费（自 2026年2月 起）"), "{}", lines[0].zh);
    m.archive = Some(Archive { reason: ArchiveReason::TransferredOut, date: d(2026, 8, 31), note: String::new() });
    let mut out = Vec::new();
    findings(std::slice::from_ref(&m), &l, d(2026, 9, 1), &s, &mut out);
    assert!(out.iter().all(|f| f.subject != Subject::Member(1)), "{out:?}");
}

#[test]
fn a_back_payment_starts_at_the_first_unpaid_month_and_runs_while_months_are_unpaid() {
    let m = member(1);
    let s = DuesSettings::default();
    let today = d(2026, 11, 10);
    let months = |from: Ym, to: Ym| {
        let mut out = Vec::new();
        let mut ym = from;
        while ym <= to {
            out.push(paid(out.len() as i64 + 1, 1, ym, 4500, ym.first_day()));
            ym = ym.next();
        }
        out
    };
    // Paid through June 2026: July to October are owed (November is not due yet).
    let l = ledger_with(1, months(Ym::new(2025, 1), Ym::new(2026, 6)));
    assert_eq!(first_unpaid(&l, &m, today, &s), Some((Ym::new(2026, 7), 4)));
    // Paid to date: nothing owed; November not due is not owed.
    let l = ledger_with(1, months(Ym::new(2025, 1), Ym::new(2026, 10)));
    assert_eq!(first_unpaid(&l, &m, today, &s), None);
    // An older gap comes first, and the paid month after it ends the run.
    let mut rows = months(Ym::new(2025, 1), Ym::new(2025, 2));
    rows.extend(months(Ym::new(2025, 4), Ym::new(2026, 6)));
    let l = ledger_with(1, rows);
    assert_eq!(first_unpaid(&l, &m, today, &s), Some((Ym::new(2025, 3), 1)));
    // Nothing before the first month the rules read (January last year).
    let l = ledger_with(1, vec![]);
    assert_eq!(first_unpaid(&l, &m, today, &s), Some((Ym::new(2025, 1), 22)));
    // A file that keeps no dues owes nothing.
    assert_eq!(first_unpaid(&Ledger::default(), &m, today, &s), None);
}
