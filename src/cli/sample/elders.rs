//! The demo branch's three older members, admitted under the rules of their time (docs/rules.md
//! 入党时间与党龄): 1958 with a year's probation, 1972 and 1976 without one. The last reaches 50 years'
//! standing in 2026, so that year's 光荣在党50年 list has a name.

use chrono::NaiveDate;

use crate::domain::member::{Exemption, Gender, MemberDraft, MemberStatus, UnitCategory};
use crate::service::{Result, Service};

/// How many members `add` writes (counted in the branch's total).
pub const COUNT: u32 = 3;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap_or(NaiveDate::MIN)
}

/// Adds the three members, one to each of the first groups, entered on `entered_on` (when the
/// records began, with the rest of the roster).
pub fn add(service: &mut Service, groups: &[i64], entered_on: NaiveDate) -> Result<()> {
    let people = [
        // 1956-09-15 to 1969-03-31: admitted by the 支部大会, one year of probation.
        ("周福田", Gender::Male, d(1934, 3, 15), d(1958, 10, 1), d(1959, 10, 1), "1958年入党，预备期一年"),
        // 1969-04-01 to 1977-08-11: no probation; conversion is the admission.
        ("陈淑华", Gender::Female, d(1949, 8, 20), d(1972, 6, 15), d(1972, 6, 15), "1972年入党，当时无预备期"),
        ("赵立本", Gender::Male, d(1952, 11, 3), d(1976, 5, 1), d(1976, 5, 1), "1976年入党，当时无预备期"),
    ];
    for (i, (name, gender, birth, admission, conversion, note)) in people.into_iter().enumerate() {
        let exemption =
            (i == 0).then(|| Exemption {
                reason: "年逾九旬，行动不便".into(), from: Some(d(2024, 1, 1)), to: None
            });
        service.create_member_entered(
            &MemberDraft {
                name: name.into(),
                gender,
                birth_date: birth,
                ethnicity: "汉族".into(),
                phone: format!("0731-8452{:04}", 1201 + i * 37).into(),
                work_unit: "退休".into(),
                unit_category: UnitCategory::Other,
                group_id: groups.get(i % groups.len().max(1)).copied(),
                status: MemberStatus::Full,
                admission_date: admission,
                conversion_date: Some(conversion),
                probation_extension_months: 0,
                joined_on: None,
                exemption,
                cadre_level: None,
                posts: Vec::new(),
                notes: note.into(),
            },
            entered_on,
        )?;
    }
    Ok(())
}
