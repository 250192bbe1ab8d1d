//! The sample's incoming mobile members (外来流动党员, seed C6, C7), as of `as_of`: one placed in
//! the first party group and still here, one taking part with the whole branch who left in
//! April. Written before the meetings, so that the meetings list them as guests.

use chrono::{Datelike, NaiveDate};

use crate::domain::incoming::IncomingDraft;
use crate::service::{Result, Service};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap_or(NaiveDate::MIN)
}

pub fn generate(service: &mut Service, as_of: NaiveDate) -> Result<()> {
    let y = as_of.year();
    let group = service.groups()?.first().map(|g| g.id);
    let arrived = d(y - 1, 5, 8);
    service.save_incoming(
        None,
        &IncomingDraft {
            name: "刘建华".into(),
            home_branch: "安徽省六安市金安区东桥村党支部".into(),
            cert_no: "皖六流2025-0137".into(),
            checked_on: Some(arrived),
            group_id: group,
            phone: "13905641372".into(),
            arrived_on: arrived,
            left_on: None,
            note: "在辖区物流园务工".into(),
        },
    )?;
    service.save_incoming(
        None,
        &IncomingDraft {
            name: "赵敏".into(),
            home_branch: "河南省信阳市平桥区新华社区党支部".into(),
            cert_no: String::new(),
            checked_on: None,
            group_id: None,
            phone: "15837620418".into(),
            arrived_on: d(y - 1, 9, 1),
            left_on: Some(d(y, 4, 30).min(as_of)),
            note: "随子女暂住，已返回原籍".into(),
        },
    )?;
    Ok(())
}
