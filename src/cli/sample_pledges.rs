//! The sample's contact and service work for the year of `as_of`: pledges (most fulfilled and
//! evaluated, a few late, one withdrawn, one not evaluated), service records (with issues that
//! had feedback and a few that have not), two pairings, posts, care records and two members
//! flagged 生活困难. Written through the use cases, so every record obeys the rules.

use chrono::{Datelike, Duration, NaiveDate};

use super::sample::Rng;
use crate::domain::dates::{add_months, sub_months, year_start};
use crate::domain::member::{CadreLevel, Member};
use crate::domain::pledge::{
    CareDraft, CareReason, MassEvaluation, PairingDraft, PledgeCategory, PledgeDraft, PledgeStatus, PostDraft,
    ServiceDraft, ServiceKind, ServiceProfile, ServiceTime, posts_offered,
};
use crate::domain::pledge_rules::pledge_deadline;
use crate::service::{Result, Service};

const PLEDGES: &[(&str, PledgeCategory, &str)] = &[
    ("为独居老人更换老旧门锁和灯泡", PledgeCategory::Help, "独居老人李桂英"),
    ("每月一次陪同困难户到医院复诊", PledgeCategory::Help, "低保户王大爷"),
    ("义务为小区居民讲解医保报销政策", PledgeCategory::PublicGood, "本小区居民"),
    ("组织楼栋垃圾分类宣传两次", PledgeCategory::PublicGood, "3号楼居民"),
    ("帮助辖区两名失业青年对接招聘", PledgeCategory::Help, "失业青年"),
    ("本岗位办事群众一次办结率达到95%", PledgeCategory::Post, "来办事群众"),
    ("为社区老年食堂义务帮厨10次", PledgeCategory::PublicGood, "老年食堂"),
    ("修缮社区活动室桌椅", PledgeCategory::Other, "社区活动室"),
    ("辅导两名留守儿童暑期作业", PledgeCategory::Help, "留守儿童"),
    ("协调解决7号楼楼道照明问题", PledgeCategory::PublicGood, "7号楼居民"),
];

const COUNTERPARTS: &[&str] =
    &["居民张某", "3号楼住户", "老年活动中心", "社区服务站", "幸福里小区", "辖区商户", "低保户王大爷"];

const ISSUES: &[&str] = &["楼道照明损坏", "小区停车难", "路面积水", "噪音扰民", "老旧电梯需维修"];

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap_or(NaiveDate::MIN)
}

/// Writes the year's contact and service records as of `as_of`.
pub fn generate(service: &mut Service, rng: &mut Rng, as_of: NaiveDate) -> Result<()> {
    let members: Vec<Member> = service.members()?.into_iter().filter(|m| m.in_branch_on(as_of)).collect();
    flags(service, &members)?;
    pledges(service, rng, &members, as_of)?;
    services(service, rng, &members, as_of)?;
    links(service, &members, as_of)?;
    cares(service, &members, as_of)
}

/// Two members in hardship (an elderly member among them) and one who is not asked to pledge.
fn flags(service: &mut Service, members: &[Member]) -> Result<()> {
    let elderly = members.iter().find(|m| m.draft.exemption.is_some());
    let other = members.iter().rev().find(|m| m.draft.work_unit == "个体经营" || m.draft.work_unit == "物业公司");
    for m in elderly.into_iter().chain(other) {
        service.set_service_profile(m.id, ServiceProfile { pledge_opt_out: false, hardship: true })?;
    }
    if let Some(m) = members.iter().find(|m| m.draft.work_unit == "退休" && m.draft.exemption.is_none()) {
        service.set_service_profile(m.id, ServiceProfile { pledge_opt_out: true, hardship: false })?;
    }
    Ok(())
}

fn pledges(service: &mut Service, rng: &mut Rng, members: &[Member], as_of: NaiveDate) -> Result<()> {
    let year = as_of.year();
    let deadline = pledge_deadline(year, service.settings()).min(as_of);
    let profiles = service.service_profiles()?;
    let mut withdrawn = false;
    let mut unevaluated = false;
    for (k, m) in members.iter().enumerate() {
        let eligible =
            crate::domain::pledge::pledge_eligible(m, deadline, profiles.get(&m.id).copied().unwrap_or_default());
        // A few eligible members have not pledged (the 待办 tab shows them).
        if !eligible || k % 9 == 4 {
            continue;
        }
        let count = if k % 3 == 0 { 2 } else { 1 };
        for n in 0..count {
            let (content, category, beneficiary) = PLEDGES[(k * 3 + n * 7) % PLEDGES.len()];
            let pledged_on = (d(year, 2, 20) + Duration::days((k % 30) as i64)).min(as_of).max(m.branch_start());
            if pledged_on > as_of {
                continue;
            }
            let target = add_months(pledged_on, 3 + ((k + n) % 6) as u32).min(d(year, 12, 31));
            let mut p = PledgeDraft {
                member_id: m.id,
                year,
                content: content.into(),
                category,
                beneficiary: beneficiary.into(),
                pledged_on,
                target_date: target,
                status: PledgeStatus::InProgress,
                progress: String::new(),
                fulfilled_on: None,
                verified_on: None,
                evaluation: None,
                // Assessed in this year's 民主评议 (B8).
                eval_year: year,
            };
            if target < as_of {
                let done = (target - Duration::days(rng.below(20) as i64)).max(pledged_on);
                p.fulfilled_on = Some(done);
                p.verified_on = Some((done + Duration::days(3)).min(as_of));
                p.status = PledgeStatus::Fulfilled;
                p.evaluation =
                    Some(if rng.chance(80) { MassEvaluation::Satisfied } else { MassEvaluation::BasicallySatisfied });
                p.progress = "已按期完成，群众认可".into();
                if k % 11 == 5 {
                    // Late: still in progress after the target date.
                    p.status = PledgeStatus::InProgress;
                    p.fulfilled_on = None;
                    p.verified_on = None;
                    p.evaluation = None;
                    p.progress = "已联系相关部门，尚在协调".into();
                } else if k % 13 == 7 {
                    p.status = PledgeStatus::PartlyFulfilled;
                    p.evaluation = Some(MassEvaluation::BasicallySatisfied);
                    p.progress = "完成一半，余下部分因施工推迟".into();
                } else if !unevaluated && as_of - done > Duration::days(40) && k > 20 {
                    // Fulfilled, but the masses' evaluation was never recorded.
                    unevaluated = true;
                    p.evaluation = None;
                    p.verified_on = None;
                }
            } else if k % 2 == 0 {
                p.status = PledgeStatus::Pledged;
            } else {
                p.progress = "已开始".into();
            }
            if !withdrawn && k > 10 && n == 1 {
                // One pledge withdrawn: the beneficiary moved away.
                withdrawn = true;
                p.status = PledgeStatus::Withdrawn;
                p.fulfilled_on = None;
                p.verified_on = None;
                p.evaluation = None;
                p.progress = "服务对象已搬离本社区，撤销承诺".into();
            }
            service.save_pledge(None, &p)?;
        }
    }
    Ok(())
}

fn services(service: &mut Service, rng: &mut Rng, members: &[Member], as_of: NaiveDate) -> Result<()> {
    let year = as_of.year();
    let start = year_start(year);
    let span = (as_of - start).num_days().max(0);
    let mut unanswered = 0;
    for (k, m) in members.iter().enumerate() {
        if m.draft.exemption.is_some() {
            continue;
        }
        let from = m.branch_start().max(start);
        if from > as_of {
            continue;
        }
        let n = 2 + (k % 3);
        for i in 0..n {
            let date = (start + Duration::days((rng.below(span as u64 + 1)) as i64)).max(from).min(as_of);
            let kind = *rng.pick(&[
                ServiceKind::Volunteer,
                ServiceKind::StationDuty,
                ServiceKind::Reception,
                ServiceKind::Visit,
            ]);
            let mut r = ServiceDraft {
                member_id: m.id,
                date,
                kind,
                counterpart: rng.pick(COUNTERPARTS).to_string(),
                description: match kind {
                    ServiceKind::Volunteer => "参加社区志愿服务",
                    ServiceKind::StationDuty => "在党员服务站值班，解答群众咨询",
                    ServiceKind::Reception => "接待来访群众，听取意见",
                    _ => "走访慰问",
                }
                .into(),
                time: ServiceTime::Minutes(60 * (1 + rng.below(4) as i64)),
                issue: String::new(),
                feedback_on: None,
            };
            if kind == ServiceKind::Reception && i == 0 {
                r.issue = rng.pick(ISSUES).to_string();
                let answered = date + Duration::days(3 + rng.below(8) as i64);
                // Two issues older than the feedback days have no answer yet (B7).
                if unanswered < 2 && k > 12 && as_of - date > Duration::days(20) {
                    unanswered += 1;
                } else if answered <= as_of {
                    r.feedback_on = Some(answered);
                } else {
                    r.issue.clear();
                }
            }
            service.save_service(None, &r)?;
        }
        // Leading cadres' field research (B5): one nearly on pace, one far behind.
        if m.draft.cadre_level == Some(CadreLevel::CityCounty) {
            let trips = if m.draft.posts.is_empty() { 2 } else { 11 };
            for t in 0..trips {
                let date = d(year, 1 + (t % 11) as u32, 10).max(from);
                if date > as_of {
                    continue;
                }
                service.save_service(
                    None,
                    &ServiceDraft {
                        member_id: m.id,
                        date,
                        kind: ServiceKind::FieldResearch,
                        counterpart: "城关街道幸福里社区".into(),
                        description: "蹲点调研老旧小区改造".into(),
                        time: ServiceTime::HalfDays(10),
                        issue: String::new(),
                        feedback_on: None,
                    },
                )?;
            }
        }
    }
    // One issue raised ten days ago: feedback due within the week.
    if let Some(m) =
        members.iter().find(|m| m.draft.exemption.is_none() && m.branch_start() <= as_of - Duration::days(10))
    {
        service.save_service(
            None,
            &ServiceDraft {
                member_id: m.id,
                date: as_of - Duration::days(10),
                kind: ServiceKind::Reception,
                counterpart: "幸福里小区居民".into(),
                description: "党员接待日接待群众".into(),
                time: ServiceTime::Minutes(120),
                issue: "小区健身器材损坏".into(),
                feedback_on: None,
            },
        )?;
    }
    Ok(())
}

fn links(service: &mut Service, members: &[Member], as_of: NaiveDate) -> Result<()> {
    let year = as_of.year();
    let full: Vec<&Member> = members.iter().filter(|m| m.draft.exemption.is_none() && m.is_full_on(as_of)).collect();
    if let Some(m) = full.get(1) {
        let from = sub_months(as_of, 20).max(m.branch_start());
        service.save_pairing(
            None,
            &PairingDraft {
                member_id: m.id,
                household: "低保户王桂芳家".into(),
                from,
                to: None,
                outcome: "每月走访，帮助申领临时救助".into(),
            },
        )?;
    }
    if let Some(m) = full.get(5) {
        let from = d(year, 3, 1).max(m.branch_start()).min(as_of);
        let to = add_months(from, 6).min(as_of);
        service.save_pairing(
            None,
            &PairingDraft {
                member_id: m.id,
                household: "残疾人刘建军家".into(),
                from,
                to: Some(to),
                outcome: "帮助办理残疾人两项补贴，结对期满".into(),
            },
        )?;
    }
    if posts_offered(service.settings().unit_type) {
        for (i, (name, duties)) in [
            ("楼栋联系人", "联系3号楼住户，收集意见建议"),
            ("政策宣传员", "向居民宣讲惠民政策"),
            ("环境卫生监督岗", "督促落实门前三包"),
        ]
        .iter()
        .enumerate()
        {
            if let Some(m) = full.get(2 + i * 3) {
                let from = d(year, 1, 1).max(m.branch_start()).min(as_of);
                service.save_post(
                    None,
                    &PostDraft { member_id: m.id, name: name.to_string(), duties: duties.to_string(), from, to: None },
                )?;
            }
        }
    }
    Ok(())
}

fn cares(service: &mut Service, members: &[Member], as_of: NaiveDate) -> Result<()> {
    let year = as_of.year();
    let profiles = service.service_profiles()?;
    let hardship: Vec<&Member> = members.iter().filter(|m| profiles.get(&m.id).is_some_and(|p| p.hardship)).collect();
    let spring = crate::domain::pledge_rules::spring_festival(year).unwrap_or(d(year, 2, 1));
    // The elderly member: visited before 春节 and 七一; the other only before 春节.
    for (i, m) in hardship.iter().enumerate() {
        let mut visits = vec![(spring - Duration::days(7), CareReason::Hardship, "春节前走访慰问，送慰问金", 50_000)];
        if i == 0 {
            visits.push((d(year, 6, 28), CareReason::Veteran, "七一前看望老党员", 30_000));
        }
        for (date, reason, measure, fen) in visits {
            if date > as_of || date < m.branch_start() {
                continue;
            }
            service.save_care(
                None,
                &CareDraft { member_id: m.id, reason, measure: measure.into(), date, amount_fen: fen },
            )?;
        }
    }
    // A member out of work helped with a job referral (no money).
    if let Some(m) = members.iter().find(|m| m.draft.work_unit == "个体经营" && !hardship.iter().any(|h| h.id == m.id))
    {
        let date = d(year, 5, 12).max(m.branch_start());
        if date <= as_of {
            service.save_care(
                None,
                &CareDraft {
                    member_id: m.id,
                    reason: CareReason::Unemployed,
                    measure: "推荐到社区公益岗位".into(),
                    date,
                    amount_fen: 0,
                },
            )?;
        }
    }
    Ok(())
}
