//! `zhibu report members` and `zhibu report honours` on the demo branch, run as the built binary.

mod common;

use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;

const BIN: &str = env!("CARGO_BIN_EXE_zhibu");

fn zhibu(db: &Path, args: &[&str], today: &str) -> Output {
    Command::new(BIN)
        .args(args)
        .args(["--db", db.to_str().unwrap(), "--today", today])
        .stdin(std::process::Stdio::null())
        .output()
        .expect("run zhibu")
}

fn ok(out: Output) -> String {
    assert!(out.status.success(), "failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

fn json(db: &Path, args: &[&str]) -> Value {
    serde_json::from_str(&ok(zhibu(db, &[args, &["--format", "json"]].concat(), "2026-11-28"))).unwrap()
}

#[test]
fn report_members_lists_the_roster_with_party_age_by_era() {
    let dir = tempfile::tempdir().unwrap();
    let db = common::sample_db(dir.path());
    let j = json(&db, &["report", "members"]);
    let rows = j["members"].as_array().unwrap();
    // The demo's one archived member is left out unless asked for.
    assert_eq!(rows.len() as u32, zhibu::cli::sample::DEFAULT_MEMBERS - 1);
    assert!(rows.iter().all(|r| r["archived"].is_null()));
    let all = json(&db, &["report", "members", "--all"]);
    assert_eq!(all["members"].as_array().unwrap().len() as u32, zhibu::cli::sample::DEFAULT_MEMBERS);

    let by_name = |n: &str| rows.iter().find(|r| r["name"] == n).unwrap_or_else(|| panic!("{n}")).clone();
    // 1976-05-01, no probation: 50 years on 2026-05-01.
    let z = by_name("赵立本");
    assert_eq!(
        (z["era"].as_str(), z["standing_from"].as_str(), z["party_age"].as_u64()),
        (Some("1969"), Some("1976-05-01"), Some(50))
    );
    // 1958 with a year's probation: from the 1959 conversion.
    let f = by_name("周福田");
    assert_eq!((f["standing_from"].as_str(), f["party_age"].as_u64()), (Some("1959-10-01"), Some(67)));
    // Probationary members have no 党龄 yet.
    let p = rows.iter().find(|r| r["status"] == "probationary").unwrap();
    assert!(p["party_age"].is_null());

    let table = ok(zhibu(&db, &["report", "members"], "2026-11-28"));
    let head = table.lines().next().unwrap();
    assert!(head.contains("党龄") && head.contains("状态"), "{head}");
    assert!(table.lines().any(|l| l.contains("赵立本") && l.contains(" 50 ")), "{table}");
    let csv = ok(zhibu(&db, &["report", "members", "--format", "csv", "--lang", "en"], "2026-11-28"));
    assert!(csv.starts_with("\u{feff}number,name,"), "{csv}");
    assert!(csv.contains("standing"));
}

#[test]
fn report_honours_lists_the_year_and_says_whether_it_was_reported() {
    let dir = tempfile::tempdir().unwrap();
    let db = common::sample_db(dir.path());
    let j = json(&db, &["report", "honours", "--year", "2026"]);
    let names: Vec<&str> = j["members"].as_array().unwrap().iter().map(|r| r["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["赵立本"]);
    assert!(j["reported_on"].is_null());
    assert_eq!(json(&db, &["report", "honours"]), j, "the default year is today's");
    // 1972 without probation: the 2022 list.
    let j = json(&db, &["report", "honours", "--year", "2022"]);
    let names: Vec<&str> = j["members"].as_array().unwrap().iter().map(|r| r["name"].as_str().unwrap()).collect();
    assert!(names.contains(&"陈淑华"), "{names:?}");

    let table = ok(zhibu(&db, &["report", "honours", "--year", "2026"], "2026-11-28"));
    assert!(table.lines().last().unwrap().contains("尚未记录上报日期"), "{table}");
    let table = ok(zhibu(&db, &["report", "honours", "--lang", "en"], "2026-11-28"));
    assert!(table.lines().last().unwrap().contains("no report date recorded"), "{table}");

    // The reminder shows in May on the overdue report.
    let out = ok(zhibu(&db, &["report", "overdue", "--format", "json"], "2026-05-20"));
    let o: Value = serde_json::from_str(&out).unwrap();
    assert!(o["findings"].as_array().unwrap().iter().any(|f| f["rule"] == "honours" && f["severity"] == "due_soon"));
}

#[test]
fn report_honours_refuses_years_before_the_medal() {
    let dir = tempfile::tempdir().unwrap();
    let db = common::sample_db(dir.path());
    let out = zhibu(&db, &["report", "honours", "--year", "2020"], "2026-11-28");
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("2021"), "{err}");
    let out = zhibu(&db, &["report", "honours", "--year", "abc"], "2026-11-28");
    assert_eq!(out.status.code(), Some(2));
}
