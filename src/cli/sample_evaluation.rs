//! The demo branch's 评议 records: last year's round complete (one 基本合格 whose rectification
//! item is done, 优秀 one short of the cap, 表彰 for two of them), this year's round half done,
//! talks with the secretary for most members, and one open 限期改正.

use chrono::{Datelike, NaiveDate};

use crate::domain::dates::{add_months, sub_months};
use crate::domain::evaluation::{
    Commendation, CommendationTitle, DecisionBody, Disposal, DisposalKind, Grade, Grading, Rectification, Round,
    Standing, Talk, TalkKind, Tallies,
};
use crate::domain::member::PartyPost;
use crate::service::{Result, Service};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap_or(NaiveDate::MIN)
}

pub fn generate(service: &mut Service, as_of: NaiveDate) -> Result<()> {
    let year = as_of.year();
    let members = service.members()?;
    let Some(secretary) = members.iter().find(|m| m.draft.posts.contains(&PartyPost::Secretary)).map(|m| m.id) else {
        return Ok(());
    };
    talks(service, secretary, year - 1, d(year - 1, 3, 5), 12)?;
    talks(service, secretary, year, d(year, 3, 5).min(as_of), 8)?;
    last_year(service, year - 1)?;
    // This year's round is under way from mid-November: self-review and peer review held,
    // about half the members graded.
    if as_of >= d(year, 11, 20) {
        service.save_round(&Round {
            self_review: Some(d(year, 11, 10)),
            peer_review: Some(d(year, 11, 17)),
            ..Round::new(year)
        })?;
        let sheet = service.evaluation_sheet(year)?;
        for (i, r) in sheet.rows.iter().filter(|r| r.standing == Standing::Graded).enumerate() {
            if i % 2 == 0 {
                service.set_grade(r.member_id, year, Some(Grade::Qualified))?;
            }
        }
    }
    correction(service, as_of)?;
    Ok(())
}

/// One talk with the secretary per member, spread over the year up to `until`; every `skip`-th
/// member has none (the findings show them).
fn talks(service: &mut Service, secretary: i64, year: i32, first: NaiveDate, skip: usize) -> Result<()> {
    let sheet = service.evaluation_sheet(year)?;
    let until = service.today().min(d(year, 12, 20));
    let topics = ["思想工作情况交流", "学习心得与工作困难", "对支部工作的意见建议", "家庭与工作近况"];
    let mut date = first;
    for (i, r) in sheet.rows.iter().enumerate().filter(|(_, r)| r.member_id != secretary) {
        if (i + 1) % skip == 0 {
            continue;
        }
        let m = service.member(r.member_id)?;
        let day = date.max(m.branch_start()).min(until);
        if !m.in_branch_on(day) || day < first {
            continue;
        }
        service.save_talk(
            &Talk {
                id: 0,
                date: day,
                kind: if r.standing == Standing::Probationary { TalkKind::Probation } else { TalkKind::Heart },
                members: vec![secretary, r.member_id],
                topic: topics[i % topics.len()].into(),
                notes: String::new(),
            },
            Default::default(),
        )?;
        date = (date + chrono::Duration::days(5)).min(until);
        if date >= until {
            date = first;
        }
    }
    Ok(())
}

/// Last year's round, complete.
fn last_year(service: &mut Service, year: i32) -> Result<()> {
    service.save_round(&Round {
        year,
        meeting_id: None,
        self_review: Some(d(year, 12, 1)),
        peer_review: Some(d(year, 12, 8)),
        vote: Some(d(year, 12, 15)),
        decision: Some(d(year, 12, 22)),
        notice: Some(d(year, 12, 29)),
    })?;
    let sheet = service.evaluation_sheet(year)?;
    let graded: Vec<i64> = sheet.rows.iter().filter(|r| r.standing == Standing::Graded).map(|r| r.member_id).collect();
    let voters = graded.len() as u32;
    let excellent_target = sheet.excellent_cap.saturating_sub(1);
    // The 基本合格 member: the middle one still in the branch (an item needs an active member).
    let basic =
        graded.iter().skip(graded.len() / 2).copied().find(|&id| service.member(id).is_ok_and(|m| !m.is_archived()));
    let mut excellent = Vec::new();
    for (i, &id) in graded.iter().enumerate() {
        let grade = if Some(id) == basic {
            service.save_rectification(&Rectification {
                id: 0,
                member_id: id,
                year,
                item: "按时参加组织生活，补学缺席的党课内容".into(),
                due: d(year + 1, 3, 31),
                done: Some(d(year + 1, 3, 20)).filter(|&x| x <= service.today()),
            })?;
            Grade::BasicallyQualified
        } else if i % 3 == 1 && excellent.len() < excellent_target {
            excellent.push(id);
            Grade::Excellent
        } else {
            Grade::Qualified
        };
        let share = |pct: u32| voters * pct / 100;
        let tallies = match grade {
            Grade::Excellent => Tallies { excellent: share(70), qualified: voters - share(70), ..Tallies::default() },
            Grade::BasicallyQualified => {
                Tallies { qualified: share(40), basic: voters - share(40), ..Tallies::default() }
            }
            _ => Tallies { excellent: share(10), qualified: voters - share(10), ..Tallies::default() },
        };
        service.save_grading(&Grading {
            member_id: id,
            year,
            self_assessed: Some(d(year, 12, 1)),
            tallies,
            public_opinion: String::new(),
            grade: Some(grade),
            decided_by: Some(DecisionBody::GeneralMeeting),
            opinion: match grade {
                Grade::BasicallyQualified => "全年缺席组织生活较多，学习时间不足；指出差距，帮助改进提高".into(),
                Grade::Excellent => "模范带头作用突出，群众评价好".into(),
                _ => String::new(),
            },
            feedback_on: Some(d(year, 12, 29)),
        })?;
    }
    for (title, id) in [CommendationTitle::ExcellentMember].into_iter().cycle().zip(excellent.iter().take(2)) {
        service.save_commendation(
            &Commendation {
                id: 0,
                year,
                member_id: Some(*id),
                title,
                level: "街道党工委".into(),
                date: d(year + 1, 1, 8).min(service.today()),
            },
            Default::default(),
        )?;
    }
    Ok(())
}

/// One open 限期改正 for the member who stopped taking part in organisational life (the same
/// pick as the meetings' habits), due in a few days.
fn correction(service: &mut Service, as_of: NaiveDate) -> Result<()> {
    let members = service.members()?;
    let ordinary: Vec<i64> =
        members.iter().filter(|m| m.id > 13 && m.draft.exemption.is_none()).map(|m| m.id).collect();
    let decided = sub_months(as_of, 2);
    // That member, or (in a generated branch of another size) the next one in the branch then.
    let in_branch = |id: &&i64| members.iter().any(|m| m.id == **id && m.in_branch_on(decided));
    let Some(&id) = ordinary.iter().skip(1).find(in_branch) else { return Ok(()) };
    service.save_disposal(
        &Disposal {
            id: 0,
            member_id: id,
            kind: DisposalKind::CorrectionDeadline,
            decided_on: decided,
            decided_by: DecisionBody::GeneralMeeting,
            approved_on: None,
            deadline: Some((as_of + chrono::Duration::days(5)).min(add_months(decided, 12))),
            outcome: String::new(),
            outcome_on: None,
        },
        Default::default(),
    )?;
    Ok(())
}
