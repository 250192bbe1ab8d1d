//! 党费 through the service on a temp file: calibration saved once for the year, a collection
//! day in one transaction, money as integer fen, the change log, bad input refused.

use std::path::PathBuf;

use chrono::NaiveDate;
use rusqlite::Connection;
use tempfile::TempDir;
use zhibu::domain::dues::{
    CalibrationInput, DuesCategory, DuesProfile, DuesSchedule, MonthStatus, PayMethod, PaymentDraft, Publication,
    Relief, ReliefKind, Ym, field,
};
use zhibu::domain::member::{Gender, MemberDraft, MemberStatus, UnitCategory};
use zhibu::domain::rules::RuleId;
use zhibu::service::{Service, ServiceError};

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn today() -> NaiveDate {
    day(2026, 11, 28)
}

fn draft(name: &str, admission: NaiveDate) -> MemberDraft {
    MemberDraft {
        name: name.into(),
        gender: Gender::Female,
        birth_date: day(1985, 3, 8),
        ethnicity: "汉族".into(),
        phone: Default::default(),
        work_unit: Default::default(),
        unit_category: UnitCategory::GovOrgan,
        group_id: None,
        status: MemberStatus::Full,
        admission_date: admission,
        conversion_date: Some(admission + chrono::Duration::days(366)),
        joined_on: None,
        exemption: None,
        cadre_level: None,
        probation_extension_months: 0,
        posts: vec![],
        notes: String::new(),
    }
}

fn branch() -> (TempDir, PathBuf, Service, Vec<i64>) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("branch.db");
    let mut s = Service::open(&path, today()).unwrap();
    // Entered as the roster the records began with (1 January), not as members who joined today.
    let ids = ["张三", "李四", "王五"]
        .iter()
        .map(|n| s.create_member_entered(&draft(n, day(2010, 7, 1)), day(2026, 1, 1)).unwrap())
        .collect();
    (dir, path, s, ids)
}

fn input(id: i64, category: DuesCategory, base: &str) -> CalibrationInput {
    CalibrationInput {
        member_id: id,
        year: 2026,
        category,
        base: base.into(),
        amount: String::new(),
        calibrated_on: day(2026, 1, 12),
    }
}

fn pay(id: i64, first: Ym, months: u32, amount: i64, on: NaiveDate) -> PaymentDraft {
    PaymentDraft {
        member_id: id,
        first,
        months,
        amount,
        extra: 0,
        paid_on: on,
        method: PayMethod::Cash,
        proxy: String::new(),
        receipt: String::new(),
    }
}

#[test]
fn calibration_is_saved_once_for_the_year_and_prefills_the_next() {
    let (_d, path, mut s, ids) = branch();
    let inputs = vec![
        input(ids[0], DuesCategory::Employed, "3000"),
        input(ids[1], DuesCategory::Retired, "5000.01"),
        input(ids[2], DuesCategory::Student, ""),
    ];
    assert_eq!(s.save_calibrations(&inputs).unwrap(), 3);
    let sheet = s.calibration_sheet(2026).unwrap();
    let amounts: Vec<i64> = sheet.iter().map(|l| l.current.as_ref().unwrap().monthly).collect();
    assert_eq!(amounts, vec![1500, 5000, 20]);
    // Next year's sheet starts from this year's bases.
    let next = s.calibration_sheet(2027).unwrap();
    assert_eq!(next[0].base_prefill(), Some(300_000));
    assert!(next[0].current.is_none());
    // Stored as integer fen, the category kept on the profile, each row logged.
    let c = Connection::open(&path).unwrap();
    let (base, kind): (i64, String) = c
        .query_row("SELECT base_fen, typeof(monthly_fen) FROM dues_calibration WHERE member_id = ?1", [ids[1]], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .unwrap();
    assert_eq!((base, kind.as_str()), (500_001, "integer"));
    assert_eq!(s.dues_profile(ids[1]).unwrap().category, DuesCategory::Retired);
    let logged: i64 =
        c.query_row("SELECT count(*) FROM change_log WHERE tbl = 'dues_calibration'", [], |r| r.get(0)).unwrap();
    assert_eq!(logged, 3);
}

#[test]
fn one_bad_calibration_saves_nothing() {
    let (_d, _p, mut s, ids) = branch();
    let inputs = vec![input(ids[0], DuesCategory::Employed, "4500"), input(ids[1], DuesCategory::Employed, "-1")];
    let bad = s.check_calibrations(&inputs).unwrap().unwrap_err();
    assert_eq!(bad.len(), 1);
    assert_eq!((bad[0].0, bad[0].1[0].field), (1, field::BASE));
    assert!(matches!(s.save_calibrations(&inputs), Err(ServiceError::Invalid(_))));
    assert!(s.calibration_sheet(2026).unwrap().iter().all(|l| l.current.is_none()));
    // An amount off the band is refused, then accepted once a reduction is approved.
    let mut off = input(ids[0], DuesCategory::Employed, "4500");
    off.amount = "10".into();
    assert!(s.save_calibrations(std::slice::from_ref(&off)).is_err());
    s.save_dues_profile(&DuesProfile {
        relief: Some(Relief {
            kind: ReliefKind::Reduced,
            approved_by: "街道党工委".into(),
            approved_on: day(2026, 1, 5),
            until: None,
        }),
        ..DuesProfile::default_for(ids[0])
    })
    .unwrap();
    assert_eq!(s.save_calibrations(&[off]).unwrap(), 1);
}

#[test]
fn a_collection_day_is_one_transaction() {
    let (_d, path, mut s, ids) = branch();
    s.save_calibrations(&[
        input(ids[0], DuesCategory::Employed, "4500"),
        input(ids[1], DuesCategory::Employed, "6000"),
    ])
    .unwrap();
    let nov = Ym::new(2026, 11);
    let lines = s.collection(nov).unwrap();
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[0].amount, Some(4500));
    assert_eq!(lines[2].amount, None, "not calibrated");
    // One bad payment (before admission) refuses the whole day.
    let drafts = vec![pay(ids[0], nov, 1, 4500, today()), pay(ids[1], Ym::new(2009, 1), 1, 9000, today())];
    assert!(matches!(s.record_payments(&drafts), Err(ServiceError::Invalid(_))));
    assert!(s.payments_of(ids[0]).unwrap().is_empty());
    let drafts = vec![pay(ids[0], nov, 1, 4500, today()), pay(ids[1], nov, 1, 9000, today())];
    assert_eq!(s.record_payments(&drafts).unwrap(), 2);
    let grid = s.dues_year(2026).unwrap();
    assert_eq!(grid.rows[0].cells[10].status, Some(MonthStatus::Paid));
    assert_eq!(grid.rows[0].cells[9].status, Some(MonthStatus::Unpaid));
    assert_eq!(grid.month_paid[10], 13500);
    // Paying November again warns and names the earlier payment.
    let w = s.check_payment(&pay(ids[0], nov, 1, 4500, today())).unwrap();
    assert!(w[0].zh.contains("2026-11-28") && w[0].zh.contains("45.00"), "{}", w[0].zh);
    // The collection screen shows it as already paid.
    assert!(s.collection(nov).unwrap()[0].already.is_some());
    let c = Connection::open(&path).unwrap();
    let logged: i64 =
        c.query_row("SELECT count(*) FROM change_log WHERE tbl = 'dues_payment'", [], |r| r.get(0)).unwrap();
    assert_eq!(logged, 2);
}

#[test]
fn quarterly_payers_are_collected_at_the_quarters_end() {
    let (_d, _p, mut s, ids) = branch();
    s.save_dues_profile(&DuesProfile {
        schedule: DuesSchedule::Quarterly,
        quarterly_since: Some(day(2025, 12, 1)),
        ..DuesProfile::default_for(ids[2])
    })
    .unwrap();
    assert!(s.collection(Ym::new(2026, 11)).unwrap().iter().all(|l| l.member_id != ids[2]));
    let dec = s.collection(Ym::new(2026, 12)).unwrap();
    let q = dec.iter().find(|l| l.member_id == ids[2]).unwrap();
    assert_eq!((q.first, q.months, q.quarterly), (Ym::new(2026, 10), 3, true));
    // Quarterly without the branch's consent date is refused.
    let e = s.save_dues_profile(&DuesProfile { schedule: DuesSchedule::Quarterly, ..DuesProfile::default_for(ids[0]) });
    assert!(matches!(e, Err(ServiceError::Invalid(_))));
}

#[test]
fn findings_start_with_the_first_dues_record() {
    let (_d, _p, mut s, ids) = branch();
    let dues_rules = |s: &Service| {
        s.overdue().unwrap().findings.into_iter().filter(|f| f.rule.id().starts_with("dues")).collect::<Vec<_>>()
    };
    assert!(dues_rules(&s).is_empty(), "a file that never kept dues");
    s.record_payments(&[pay(ids[0], Ym::new(2026, 1), 10, 45000, day(2026, 10, 20))]).unwrap();
    let f = dues_rules(&s);
    // The other two have paid nothing since January: red, pointing to 党章第九条.
    let lapses: Vec<_> = f.iter().filter(|f| f.rule == RuleId::DuesLapse).collect();
    assert_eq!(lapses.len(), 2);
    assert!(lapses[0].zh.contains("党章第九条"));
    assert!(f.iter().any(|f| f.rule == RuleId::DuesCalibration));
    // The statuses are unchanged: a finding never changes a member.
    assert!(s.members().unwrap().iter().all(|m| m.draft.status == MemberStatus::Full && m.archive.is_none()));
    s.publish_dues(&Publication { year: 2025, published_on: day(2026, 1, 20), note: "支部大会通报".into() }).unwrap();
    assert!(dues_rules(&s).iter().all(|f| f.rule != RuleId::DuesPublication || f.due.year() == 2026));
    let six = s.six_month(ids[1]).unwrap();
    assert!(six.dues.is_some() && six.unpaid_run.unwrap().months >= 6);
}

#[test]
fn the_database_refuses_fractional_money() {
    let (_d, path, mut s, ids) = branch();
    s.record_payments(&[pay(ids[0], Ym::new(2026, 11), 1, 4500, today())]).unwrap();
    drop(s);
    let c = Connection::open(&path).unwrap();
    let e = c.execute("UPDATE dues_payment SET amount_fen = 45.5", []);
    assert!(e.is_err(), "STRICT tables keep money as integers");
    let e = c.execute("UPDATE dues_payment SET method = 'proxy'", []);
    assert!(e.is_err(), "a proxy payment names the proxy");
}

use chrono::Datelike as _;

// ---- the demo branch and `zhibu report dues` ----

const BIN: &str = env!("CARGO_BIN_EXE_zhibu");

fn demo() -> (TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("demo.db");
    let mut s = Service::open(&path, today()).unwrap();
    zhibu::cli::sample::generate(&mut s, today(), zhibu::cli::sample::DEFAULT_MEMBERS).unwrap();
    (dir, path)
}

fn report(db: &std::path::Path, extra: &[&str]) -> String {
    let out = std::process::Command::new(BIN)
        .args(["--today", "2026-11-28", "report", "dues", "--db", db.to_str().unwrap()])
        .args(extra)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn the_demo_branch_has_two_calibrated_years_and_the_gaps_a_real_one_has() {
    let (_d, path) = demo();
    let s = Service::open(&path, today()).unwrap();
    for year in [2025, 2026] {
        let sheet = s.calibration_sheet(year).unwrap();
        assert!(sheet.iter().filter(|l| l.current.is_some()).count() >= 30, "{year} calibrated");
    }
    let sheet = s.calibration_sheet(2026).unwrap();
    let cats: Vec<DuesCategory> = sheet.iter().filter_map(|l| l.current.as_ref()).map(|c| c.category).collect();
    for c in [DuesCategory::Employed, DuesCategory::Retired, DuesCategory::Student, DuesCategory::Farmer] {
        assert!(cats.contains(&c), "{c:?}");
    }
    let rates: std::collections::BTreeSet<u32> =
        sheet.iter().filter_map(|l| l.current.as_ref()).filter_map(|c| c.rate_bp).collect();
    assert_eq!(rates.into_iter().collect::<Vec<_>>(), vec![50, 100, 150, 200], "every band");
    let grid = s.dues_year(2026).unwrap();
    assert!(grid.rows.iter().any(|r| r.relief == Some(ReliefKind::Exempt)));
    assert!(grid.rows.iter().any(|r| r.schedule == DuesSchedule::Quarterly));
    let statuses: Vec<MonthStatus> = grid.rows.iter().flat_map(|r| r.cells.iter().filter_map(|c| c.status)).collect();
    for st in [MonthStatus::Paid, MonthStatus::PaidLate, MonthStatus::Unpaid, MonthStatus::Exempt, MonthStatus::NotDue]
    {
        assert!(statuses.contains(&st), "{st:?}");
    }
    let runs: Vec<u32> = grid
        .rows
        .iter()
        .filter_map(|r| s.six_month(r.member_id).ok().and_then(|x| x.unpaid_run).map(|l| l.months))
        .collect();
    assert!(runs.contains(&4) && runs.contains(&6), "{runs:?}");
    let f = s.overdue().unwrap().findings;
    let lapse: Vec<_> = f.iter().filter(|f| f.rule == RuleId::DuesLapse).map(|f| f.severity).collect();
    assert_eq!(lapse.len(), 2, "one red, one due soon");
}

#[test]
fn report_dues_is_the_month_grid_with_totals() {
    let (_d, path) = demo();
    let s = Service::open(&path, today()).unwrap();
    let grid = s.dues_year(2026).unwrap();
    let table = report(&path, &["--year", "2026"]);
    let lines: Vec<&str> = table.lines().collect();
    assert!(lines[0].contains("1月") && lines[0].contains("12月") && lines[0].contains("实缴"));
    assert_eq!(lines.len(), grid.rows.len() + 2, "header, members, total");
    assert!(lines.last().unwrap().contains("合计"));
    assert!(table.contains("未缴") && table.contains("免缴"));
    let en = report(&path, &["--year", "2026", "--lang", "en"]);
    assert!(en.lines().next().unwrap().contains("paid"));
    let json: serde_json::Value = serde_json::from_str(&report(&path, &["--format", "json"])).unwrap();
    assert_eq!(json["year"], 2026);
    assert_eq!(json["paid_fen"], grid.paid);
    let rows = json["rows"].as_array().unwrap();
    assert_eq!(rows.len(), grid.rows.len());
    assert_eq!(rows[0]["months"].as_array().unwrap().len(), 12);
    let month_sum: i64 = json["month_paid_fen"].as_array().unwrap().iter().map(|v| v.as_i64().unwrap()).sum();
    assert_eq!(month_sum, grid.paid);
    let csv = report(&path, &["--format", "csv"]);
    assert!(csv.starts_with('\u{feff}'));
}

/// The months paid kept per member and year (`dues_paid_months`, read by the dues rules) equal
/// a recomputation from the payment rows, after the sample's payments, a month paid twice,
/// back months across a year end, and removals of a double and of a month's only payment.
#[test]
fn kept_paid_months_equal_the_payment_rows() {
    use zhibu::store::dues::{paid_months_kept, paid_months_recomputed};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kept.db");
    let mut s = Service::open(&path, today()).unwrap();
    zhibu::cli::sample::generate(&mut s, today(), 30).unwrap();
    let (_d, bpath, mut b, ids) = branch();
    b.save_calibrations(&[input(ids[0], DuesCategory::Employed, "4500")]).unwrap();
    b.record_payments(&[pay(ids[0], Ym::new(2026, 11), 1, 4500, today())]).unwrap();
    b.record_payments(&[pay(ids[0], Ym::new(2026, 11), 1, 4500, today())]).unwrap();
    b.record_payments(&[pay(ids[1], Ym::new(2026, 1), 3, 13500, today())]).unwrap();
    let rows = b.payments_of(ids[0]).unwrap();
    b.delete_payment(rows[0].id).unwrap();
    let feb = b.payments_of(ids[1]).unwrap().into_iter().find(|p| p.month == Ym::new(2026, 2)).unwrap();
    b.delete_payment(feb.id).unwrap();
    for path in [&path, &bpath] {
        drop(Service::open(path, today()).unwrap());
        let c = Connection::open(path).unwrap();
        let kept = paid_months_kept(&c, 1900, 2199).unwrap();
        assert_eq!(kept, paid_months_recomputed(&c, 1900, 2199).unwrap());
        assert!(!kept.is_empty());
    }
    let c = Connection::open(&bpath).unwrap();
    let mask = |id: i64| paid_months_kept(&c, 2026, 2026).unwrap().into_iter().find(|r| r.0 == id).map(|r| r.2);
    assert_eq!(mask(ids[0]), Some(1 << 10), "November stays paid by the second row");
    assert_eq!(mask(ids[1]), Some(0b101), "January and March");
}

/// The rules read the months paid as the kept masks, the 党费 tab reads the payment rows: on
/// the sample (with a month paid twice and a month's only payment removed), every member's
/// months have the same state either way (paid, unpaid, exempt, not due, outside the branch),
/// and the dues findings are the same.
#[test]
fn rules_ledger_agrees_with_the_payment_rows() {
    use zhibu::domain::dues::{Cell, findings};
    use zhibu::domain::settings::Settings;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("agree.db");
    let mut s = Service::open(&path, today()).unwrap();
    zhibu::cli::sample::generate(&mut s, today(), 60).unwrap();
    let c = Connection::open(&path).unwrap();
    let members = zhibu::store::members::list(&c).unwrap();
    let rows = members.iter().map(|m| s.payments_of(m.id).unwrap()).find(|r| r.len() >= 2).unwrap();
    s.delete_payment(rows[0].id).unwrap();
    s.record_payments(&[pay(rows[1].member_id, rows[1].month, 1, rows[1].amount, today())]).unwrap();
    let full = zhibu::store::dues::ledger(&c, 2025, 2026).unwrap();
    let rules = zhibu::store::dues::rules_ledger(&c, 2025, 2026).unwrap();
    assert!(!rules.paid_masks.is_empty() && rules.paid.is_empty());
    let settings = Settings::default();
    let kind = |c: &Cell| c.status.map(|s| if s.is_paid() { MonthStatus::Paid } else { s });
    for m in &members {
        let (a, b) = (
            full.cells(m, Ym::new(2025, 1), Ym::new(2026, 12), today(), &settings.dues),
            rules.cells(m, Ym::new(2025, 1), Ym::new(2026, 12), today(), &settings.dues),
        );
        let a: Vec<_> = a.iter().map(|(y, c)| (*y, kind(c), c.due)).collect();
        let b: Vec<_> = b.iter().map(|(y, c)| (*y, kind(c), c.due)).collect();
        assert_eq!(a, b, "{}", m.draft.name);
    }
    let (mut a, mut b) = (Vec::new(), Vec::new());
    findings(&members, &full, today(), &settings, &mut a);
    findings(&members, &rules, today(), &settings, &mut b);
    assert!(!a.is_empty());
    assert_eq!(a, b);
}

/// The grid reads a year's payments in one pass in member-id order and shows the members in
/// their own (number) order: numbers that disagree with the order of entry (as after members
/// were renumbered) must not move a payment to another row.
#[test]
fn the_grid_keeps_each_members_payments_when_numbers_disagree_with_entry_order() {
    let (_d, path, mut s, ids) = branch();
    let c = Connection::open(&path).unwrap();
    // 张三 (entered first) becomes 0003, 王五 (entered last) 0001.
    for (id, number) in [(ids[0], "x"), (ids[2], "0001"), (ids[0], "0003")] {
        c.execute("UPDATE member SET number = ?2 WHERE id = ?1", rusqlite::params![id, number]).unwrap();
    }
    s.refresh();
    s.save_calibrations(&[
        input(ids[0], DuesCategory::Employed, "4500"),
        input(ids[1], DuesCategory::Employed, "6000"),
        input(ids[2], DuesCategory::Employed, "3000"),
    ])
    .unwrap();
    s.record_payments(&[
        pay(ids[0], Ym::new(2026, 1), 11, 11 * 4500, day(2026, 1, 20)),
        pay(ids[1], Ym::new(2026, 11), 1, 9000, today()),
    ])
    .unwrap();
    let grid = s.dues_year(2026).unwrap();
    let order: Vec<i64> = grid.rows.iter().map(|r| r.member_id).collect();
    assert_eq!(order, vec![ids[2], ids[1], ids[0]], "by number: 0001 王五, 0002 李四, 0003 张三");
    let paid: Vec<i64> = grid.rows.iter().map(|r| r.paid).collect();
    assert_eq!(paid, vec![0, 9000, 11 * 4500]);
    assert!(grid.rows[2].cells[..11].iter().all(|c| c.paid == 4500), "paid ahead in January, each month its own");
    assert_eq!(grid.rows[0].cells[9].status, Some(MonthStatus::Unpaid));
    assert_eq!(grid.month_paid[10], 4500 + 9000);
    // A year without payments: every member's row, none paid.
    let empty = s.dues_year(2025).unwrap();
    assert!(empty.rows.iter().all(|r| r.paid == 0));
}
