//! Builders shared by the domain's unit tests.

use chrono::NaiveDate;

use super::member::{Gender, Member, MemberDraft, MemberStatus, UnitCategory};

pub fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

/// A full member of a 机关 unit, admitted 2010-07-01, converted a year later.
pub fn draft() -> MemberDraft {
    MemberDraft {
        name: "张三".into(),
        gender: Gender::Male,
        birth_date: d(1980, 5, 1),
        ethnicity: "汉族".into(),
        phone: "13800138000".into(),
        work_unit: "区教育局".into(),
        unit_category: UnitCategory::GovOrgan,
        group_id: None,
        status: MemberStatus::Full,
        admission_date: d(2010, 7, 1),
        conversion_date: Some(d(2011, 7, 1)),
        probation_extension_months: 0,
        joined_on: None,
        exemption: None,
        cadre_level: None,
        posts: vec![],
        notes: String::new(),
    }
}

/// `draft()` stored with this id.
pub fn member(id: i64) -> Member {
    Member { id, number: format!("{id:04}").into(), draft: draft(), archive: None, entered_on: None }
}
