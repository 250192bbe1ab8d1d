//! The demo branch's 党费: two calibrated years across the rate bands (a retiree, a student, a
//! farmer, one exempt with approval), a quarterly payer, a monthly collection day, a few late
//! and early payments, one member four months behind and one six months behind.

use chrono::{Datelike, NaiveDate};

use super::sample::Rng;
use crate::domain::dues::{
    CalibrationInput, DuesCategory, DuesProfile, DuesSchedule, PayMethod, PaymentDraft, Publication, Relief,
    ReliefKind, Ym, fmt_yuan,
};
use crate::domain::member::Member;
use crate::service::{Result, Service};

/// The roles, by the member's place in the list (the first members are fixed roles in
/// `sample::member_draft`: 7 is the elderly retiree, 12 a leading cadre).
const RETIREE: usize = 7;
const CADRE: usize = 12;
const FARMER: usize = 13;
const STUDENT: usize = 14;
const EXEMPT: usize = 15;
const QUARTERLY: usize = 16;
const FOUR_BEHIND: usize = 17;
const SIX_BEHIND: usize = 18;
const UNEMPLOYED: usize = 19;

/// The day of the month the branch collects dues.
const COLLECTION_DAY: u32 = 10;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap_or(NaiveDate::MIN)
}

/// A member's monthly base (元, after tax) last year; this year's is a little higher.
fn base_last_year(rng: &mut Rng, i: usize, m: &Member) -> Option<i64> {
    Some(match i {
        0 => 9_650,
        CADRE => 12_400,
        RETIREE => 4_860,
        FARMER | STUDENT | EXEMPT | UNEMPLOYED => return None,
        // On the band boundaries (inclusive), then the spread of a town's wages and pensions.
        1 => 3_000,
        2 => 5_000,
        3 => 10_000,
        4 => 10_000 + rng.below(100) as i64 + 1,
        _ if m.draft.work_unit == "退休" => 3_800 + rng.below(3_000) as i64,
        _ => 2_400 + rng.below(8_600) as i64,
    })
}

fn category(i: usize, m: &Member) -> DuesCategory {
    match i {
        FARMER => DuesCategory::Farmer,
        STUDENT => DuesCategory::Student,
        EXEMPT => DuesCategory::Dibao,
        UNEMPLOYED => DuesCategory::Unemployed,
        RETIREE => DuesCategory::Retired,
        // The committee members, whose bases sit on the band boundaries.
        0..=4 => DuesCategory::Employed,
        _ if m.draft.work_unit == "退休" => DuesCategory::Retired,
        _ if m.draft.work_unit == "个体经营" => DuesCategory::SelfEmployed,
        _ => DuesCategory::Employed,
    }
}

/// Writes the dues of the two years up to `as_of` through the same use cases as the UI.
pub fn generate(service: &mut Service, as_of: NaiveDate) -> Result<()> {
    let mut rng = Rng::new(as_of.num_days_from_ce() as u64 ^ 0xD0E5);
    let members = service.members()?;
    let (this, last) = (as_of.year(), as_of.year() - 1);

    // Profiles: categories, the quarterly payer, the approved exemption.
    for (i, m) in members.iter().enumerate() {
        let mut p = DuesProfile { category: category(i, m), ..DuesProfile::default_for(m.id) };
        match i {
            QUARTERLY => {
                p.schedule = DuesSchedule::Quarterly;
                p.quarterly_since = Some(d(last, 1, 5).max(m.branch_start()));
            }
            EXEMPT => {
                p.relief = Some(Relief {
                    kind: ReliefKind::Exempt,
                    approved_by: "中共城关街道工作委员会".into(),
                    approved_on: d(last, 3, 18),
                    until: None,
                });
            }
            _ => {}
        }
        if p != DuesProfile::default_for(m.id) {
            service.save_dues_profile(&p)?;
        }
    }

    // Two yearly calibrations, each saved at once; bases rise about 3% a year.
    let bases: Vec<Option<i64>> = members.iter().enumerate().map(|(i, m)| base_last_year(&mut rng, i, m)).collect();
    for year in [last, this] {
        let day = d(year, 1, 15).min(as_of);
        let inputs: Vec<CalibrationInput> = members
            .iter()
            .enumerate()
            .filter(|(_, m)| m.branch_start() <= d(year, 12, 31) && m.branch_end().is_none_or(|e| e >= day))
            .map(|(i, m)| {
                let base = bases[i].map(|b| if year == this && i > 4 { b + b * 3 / 100 } else { b });
                CalibrationInput {
                    member_id: m.id,
                    year,
                    category: category(i, m),
                    base: base.map(|b| b.to_string()).unwrap_or_default(),
                    amount: if i == FARMER { fmt_yuan(50) } else { String::new() },
                    calibrated_on: day.max(m.branch_start()).min(as_of),
                }
            })
            .collect();
        service.save_calibrations(&inputs)?;
    }
    service.publish_dues(&Publication {
        year: last,
        published_on: d(this, 1, 20).min(as_of),
        note: "在支部党员大会上公布上年党费收缴、使用情况".into(),
    })?;

    // Collection day each month. A member who misses one pays it with the next (补交).
    let stop: Vec<Option<Ym>> = (0..members.len())
        .map(|i| match i {
            FOUR_BEHIND => Some(Ym::of(as_of).prev().prev().prev().prev().prev()),
            SIX_BEHIND => Some(Ym::of(as_of).prev().prev().prev().prev().prev().prev().prev()),
            _ => None,
        })
        .collect();
    let index: crate::domain::ids::IdMap<i64, usize> = members.iter().enumerate().map(|(i, m)| (m.id, i)).collect();
    let mut owed: crate::domain::ids::IdMap<i64, Ym> = Default::default();
    let mut ym = Ym::new(last, 1);
    while d(ym.year, ym.month, COLLECTION_DAY) <= as_of {
        let day = d(ym.year, ym.month, COLLECTION_DAY);
        let mut drafts = Vec::new();
        for line in service.collection(ym)? {
            let i = index[&line.member_id];
            if stop[i].is_some_and(|s| ym > s) || line.already.is_some() {
                continue;
            }
            let Some(amount) = line.amount else { continue };
            if i > UNEMPLOYED && rng.chance(3) && !owed.contains_key(&line.member_id) {
                owed.insert(line.member_id, line.first);
                continue;
            }
            let first = owed.remove(&line.member_id).unwrap_or(line.first);
            let months =
                if line.quarterly { line.months } else { first.span(24).take_while(|m| *m <= ym).count() as u32 };
            let monthly = amount / i64::from(line.months);
            // Some pay next month's too (预交) before a long trip.
            let ahead = u32::from(i > UNEMPLOYED && rng.chance(1) && ym.month < 12 && members[i].archive.is_none());
            let method = match (i, line.member_id % 3) {
                (RETIREE, _) => PayMethod::Proxy,
                (_, 0) => PayMethod::Transfer,
                _ => PayMethod::Cash,
            };
            drafts.push(PaymentDraft {
                member_id: line.member_id,
                first,
                months: months + ahead,
                amount: monthly * i64::from(months + ahead),
                // 七一 voluntary extra from the secretary.
                extra: if i == 0 && ym.month == 7 { 20_000 } else { 0 },
                paid_on: day,
                method,
                proxy: if method == PayMethod::Proxy { "韩丽华（女儿）".into() } else { String::new() },
                receipt: format!("{}{:02}-{:04}", ym.year, ym.month, i + 1),
            });
        }
        service.record_payments(&drafts)?;
        ym = ym.next();
    }
    Ok(())
}
