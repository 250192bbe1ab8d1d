//! The sample's members away (seed C), as of `as_of`: one away in contact and reporting, one
//! whose certificate review is overdue, one with no contact for seven months, and one who came
//! back this year. Written through the use cases before the meetings, so that their rosters
//! find them 外出.

use chrono::{Datelike, NaiveDate};

use crate::domain::dates::sub_months;
use crate::domain::member::{Member, MemberStatus};
use crate::domain::mobile::{LogDraft, LogKind, MobileStatus, OutflowDraft};
use crate::service::{Result, Service};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap_or(NaiveDate::MIN)
}

/// Ordinary full members the meetings' habits leave alone (they take the odd places of the same
/// list: see `sample::meetings`), one in four of them.
fn candidates(members: &[Member], as_of: NaiveDate) -> Vec<i64> {
    let ordinary: Vec<&Member> = members.iter().filter(|m| m.id > 13 && m.draft.exemption.is_none()).collect();
    ordinary
        .iter()
        .enumerate()
        .filter(|(i, m)| {
            i % 2 == 0
                && m.draft.status == MemberStatus::Full
                && m.draft.posts.is_empty()
                && m.in_branch_on(as_of)
                && m.branch_start() < d(as_of.year() - 1, 1, 1)
        })
        .map(|(_, m)| m.id)
        .collect()
}

fn log(
    service: &mut Service,
    outflow_id: i64,
    kind: LogKind,
    date: NaiveDate,
    channel: &str,
    content: &str,
) -> Result<()> {
    service.add_mobile_log(&LogDraft { outflow_id, kind, date, channel: channel.into(), content: content.into() })?;
    Ok(())
}

/// Writes the four absences. A branch too small to spare four ordinary members gets fewer.
pub fn generate(service: &mut Service, as_of: NaiveDate) -> Result<()> {
    let members = service.members()?;
    let picks = candidates(&members, as_of);
    let y = as_of.year();
    let mut it = picks.into_iter();

    // In contact and reporting: a builder moving between sites, registered at the destination.
    if let Some(id) = it.next() {
        let left = d(y - 1, 3, 6);
        let o = service.save_outflow(
            None,
            &OutflowDraft {
                status: MobileStatus::Registered,
                reason: "外出务工（建筑工地）".into(),
                place: "广东省深圳市龙岗区".into(),
                employer: "深圳市华建建筑工程有限公司".into(),
                residence: "龙岗区布吉街道工地宿舍".into(),
                contact: "13923450612".into(),
                fixed_place: false,
                talk_on: Some(d(y - 1, 3, 2)),
                registered_org: "布吉街道流动党员党支部".into(),
                registered_on: Some(d(y - 1, 3, 20)),
                cert_no: format!("城关流字{}001", y - 1),
                cert_issued_on: Some(d(y - 1, 3, 3)),
                cert_stamped: true,
                cert_verified_on: Some(d(y - 1, 3, 20)),
                cert_filed: true,
                expected_return: Some(d(y + 1, 1, 20)),
                ..OutflowDraft::new(id, left)
            },
        )?;
        log(service, o, LogKind::Report, d(y - 1, 7, 1), "书面", "在流入地参加主题党日，思想和工作情况良好")?;
        log(service, o, LogKind::Entry, d(y - 1, 12, 20), "", "参加流入地组织生活 10 次，党费按月交纳至 12 月")?;
        log(service, o, LogKind::Report, d(y - 1, 12, 28), "微信", "年度思想汇报")?;
        log(service, o, LogKind::Review, d(y, 2, 25), "", "年审合格")?;
        log(service, o, LogKind::Change, d(y, 4, 8), "电话", "工地迁至坪山区，联系方式不变")?;
        log(service, o, LogKind::Notice, d(y, 6, 20), "微信", "通知七一前后参加流入地支部活动")?;
        log(service, o, LogKind::Report, d(y, 7, 2), "视频", "上半年思想和工作情况汇报")?;
        for m in [1, 3, 5, 8, 10, 11] {
            let day = d(y, m, 10);
            if day <= as_of {
                log(service, o, LogKind::Contact, day, "电话", "了解近况")?;
            }
        }
    }

    // In contact, but the certificate's yearly review is overdue.
    if let Some(id) = it.next() {
        let left = d(y - 1, 8, 5);
        let o = service.save_outflow(
            None,
            &OutflowDraft {
                status: MobileStatus::Away,
                reason: "经商".into(),
                place: "浙江省义乌市".into(),
                employer: "个体经营（小商品批发）".into(),
                contact: "13600571288".into(),
                talk_on: Some(d(y - 1, 8, 1)),
                cert_no: format!("城关流字{}002", y - 1),
                cert_issued_on: Some(d(y - 1, 8, 1)),
                cert_stamped: true,
                ..OutflowDraft::new(id, left)
            },
        )?;
        log(service, o, LogKind::Contact, d(y - 1, 11, 2), "电话", "已在义乌租下店面")?;
        log(service, o, LogKind::Report, d(y, 4, 18), "微信", "思想、经营情况和参加组织生活情况")?;
        log(service, o, LogKind::Contact, sub_months(as_of, 1).max(d(y, 4, 18)), "电话", "了解近况，提醒活动证年审")?;
    }

    // No contact for seven months (the status is still 外出中: a finding changes nothing).
    if let Some(id) = it.next() {
        let left = d(y - 1, 10, 8);
        let last = sub_months(as_of, 7);
        let o = service.save_outflow(
            None,
            &OutflowDraft {
                status: MobileStatus::Away,
                reason: "随子女迁居".into(),
                place: "江苏省苏州市工业园区".into(),
                residence: "工业园区星湖街".into(),
                contact: "13862110457".into(),
                talk_on: Some(d(y - 1, 9, 28)),
                ..OutflowDraft::new(id, left)
            },
        )?;
        log(service, o, LogKind::Contact, d(y - 1, 12, 15), "电话", "已安顿")?;
        log(service, o, LogKind::Contact, last.max(d(y, 1, 1)), "电话", "电话未再接通前最后一次联系")?;
    }

    // Back this year, the certificate checked on return.
    if let Some(id) = it.next() {
        let left = d(y - 1, 11, 3);
        let back = d(y, 5, 12).min(as_of);
        let o = service.save_outflow(
            None,
            &OutflowDraft {
                status: MobileStatus::Returned,
                reason: "外出学习（进修）".into(),
                place: "四川省成都市".into(),
                employer: "四川省人民医院（进修）".into(),
                contact: "13708095531".into(),
                talk_on: Some(d(y - 1, 10, 30)),
                cert_no: format!("城关流字{}003", y - 1),
                cert_issued_on: Some(d(y - 1, 10, 30)),
                cert_stamped: true,
                returned_on: Some(back),
                checked_on: Some(back),
                return_note: "进修期间参加医院党支部组织生活，表现良好".into(),
                ..OutflowDraft::new(id, left)
            },
        )?;
        log(service, o, LogKind::Report, d(y, 1, 10), "书面", "进修期间思想和学习情况")?;
        log(service, o, LogKind::Contact, d(y, 3, 2), "电话", "确认返回日期")?;
    }
    Ok(())
}
