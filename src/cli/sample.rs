//! `zhibu sample`: a realistic demo branch, written through the same use cases as the UI (so it
//! obeys every rule), deterministic for the same arguments.

use chrono::{Datelike, NaiveDate};

use crate::domain::dates::{add_months, month_end, sub_months};
use crate::domain::meeting::{
    Attendance, AttendanceRow, MeetingDraft, MeetingKind, MeetingStatus, StudyDraft, StudyKind, expected_roster,
};
use crate::domain::member::{
    Archive, ArchiveReason, CadreLevel, Exemption, Gender, MemberDraft, MemberStatus, PartyPost, UnitCategory,
};
use crate::domain::settings::{Settings, UnitType};
use crate::service::{Result, Service};

mod elders;
mod plan;

pub const DEFAULT_MEMBERS: u32 = 38;
pub const MIN_MEMBERS: u32 = 12;
pub const MAX_MEMBERS: u32 = 20_000;

/// SplitMix64: small, fast, and the same sequence on every machine.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n`.
    pub fn below(&mut self, n: u64) -> u64 {
        if n == 0 { 0 } else { self.next_u64() % n }
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }

    /// True with probability `pct` percent.
    pub fn chance(&mut self, pct: u64) -> bool {
        self.below(100) < pct
    }
}

const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭", "何", "林", "罗",
    "高", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹", "彭", "曾", "肖", "田", "董", "潘", "袁", "蔡",
    "蒋", "余", "于", "杜", "叶", "程", "魏", "苏", "吕", "丁", "任", "卢", "姚", "沈", "钟", "姜", "崔", "谭", "陆",
    "范", "汪", "廖",
];
/// Given names by the gender they are usual for.
const GIVEN_MALE: &[&str] = &[
    "伟", "强", "磊", "军", "勇", "涛", "明", "超", "刚", "鹏", "斌", "建国", "建华", "志强", "晓东", "文博", "思远",
    "国庆", "春生", "立新", "永刚", "俊杰", "浩然", "德明", "振华", "卫东", "宏伟", "家豪",
];
const GIVEN_FEMALE: &[&str] = &[
    "芳", "娜", "敏", "静", "丽", "艳", "娟", "霞", "婷", "秀英", "海燕", "红梅", "子涵", "玉兰", "雪梅", "丽华",
    "欣怡", "桂兰", "美玲", "小红", "淑珍", "雨桐",
];
const UNITS: &[(&str, UnitCategory)] = &[
    ("街道办事处", UnitCategory::GovOrgan),
    ("区市场监管局", UnitCategory::GovOrgan),
    ("市供电公司", UnitCategory::Soe),
    ("城投集团", UnitCategory::Soe),
    ("区第二小学", UnitCategory::PublicInstitution),
    ("社区卫生服务中心", UnitCategory::PublicInstitution),
    ("个体经营", UnitCategory::Other),
    ("物业公司", UnitCategory::Other),
    ("退休", UnitCategory::Other),
];

/// What was written.
pub struct Summary {
    pub members: u32,
}

/// Removes what a killed `zhibu sample --out NAME` left beside NAME: its `.NAME.tmp-PID` file
/// and that file's -wal/-shm, when process PID is no longer running (on systems where that
/// cannot be asked, when the leftover is over an hour old).
pub fn remove_leftovers(out: &std::path::Path, name: &str) {
    let folder = out.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(std::path::Path::new("."));
    let prefix = format!(".{name}.tmp-");
    let Ok(entries) = std::fs::read_dir(folder) else { return };
    for e in entries.flatten() {
        let file = e.file_name();
        let Some(rest) = file.to_str().and_then(|f| f.strip_prefix(&prefix)) else { continue };
        let pid = rest.trim_end_matches("-wal").trim_end_matches("-shm").trim_end_matches("-journal");
        let Ok(pid) = pid.parse::<u32>() else { continue };
        if pid != std::process::id() && !running(pid, &e) {
            let _ = std::fs::remove_file(e.path());
        }
    }
}

/// Whether process `pid`, which left the file `e`, may still be running: asked on Linux; elsewhere
/// assumed while the file is under an hour old.
pub fn running(pid: u32, e: &std::fs::DirEntry) -> bool {
    if cfg!(target_os = "linux") {
        return std::path::Path::new(&format!("/proc/{pid}")).exists();
    }
    let age = e.metadata().and_then(|m| m.modified()).ok().and_then(|t| t.elapsed().ok());
    age.is_none_or(|a| a < std::time::Duration::from_secs(3600))
}

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap_or(NaiveDate::MIN)
}

/// Writes the demo branch as of `as_of` with `n` members.
pub fn generate(service: &mut Service, as_of: NaiveDate, n: u32) -> Result<Summary> {
    let seed = (as_of.num_days_from_ce() as u64) << 20 ^ u64::from(n);
    let mut rng = Rng::new(seed);
    service.defer_checkpoints();
    service.set_log_clock(Some(&format!("{}T09:00:00", crate::domain::dates::fmt(as_of))))?;

    // The records begin with the first of the two years of meetings; the roster was entered then.
    let records_from = d(as_of.year() - 1, 1, 1);
    let seen = service.version(crate::service::Record::Settings)?;
    service.save_settings(
        Settings {
            branch_name: "城关街道第一党支部".into(),
            superior: "中共城关街道工作委员会".into(),
            unit_type: UnitType::Community,
            records_from: Some(records_from),
            ..Settings::default()
        },
        seen,
    )?;
    service.mark_sample(as_of)?;

    let n_groups = if n <= 45 { 3 } else { n.div_ceil(12) };
    let group_names = ["第一党小组", "第二党小组", "第三党小组"];
    let mut groups = Vec::new();
    for g in 0..n_groups {
        let name = match group_names.get(g as usize) {
            Some(s) => s.to_string(),
            None => format!("第{}党小组", g + 1),
        };
        groups.push(service.create_group(&name, None)?);
    }

    let year = as_of.year();
    let mut ids = Vec::new();
    let mut used = std::collections::HashSet::new();
    for i in 0..n - elders::COUNT {
        let draft = member_draft(&mut rng, i, as_of, &groups, &used);
        used.insert(draft.name.to_string());
        ids.push(service.create_member_entered(&draft, records_from)?);
    }
    elders::add(service, &groups, records_from)?;

    // Each group's leader: its first full member.
    let members = service.members()?;
    for &g in &groups {
        if let Some(leader) = members
            .iter()
            .find(|m| m.draft.group_id == Some(g) && m.draft.status == MemberStatus::Full && m.draft.posts.is_empty())
        {
            let name = service.groups()?.into_iter().find(|x| x.id == g).map(|x| x.name).unwrap_or_default();
            let seen = service.version(crate::service::Record::Group(g))?;
            service.update_group(g, &name, Some(leader.id), seen)?;
        }
    }

    // One member transferred out earlier this year: archived, records kept.
    if let Some(&last) = ids.last() {
        let date = sub_months(as_of, 3).max(d(year, 1, 15)).min(as_of);
        service.archive_member(
            last,
            &Archive { reason: ArchiveReason::TransferredOut, date, note: "转往开发区第三党支部".into() },
        )?;
    }
    super::sample_mobile::generate(service, as_of)?;
    super::sample_incoming::generate(service, as_of)?;
    meetings(service, &mut rng, as_of)?;
    study_records(service, as_of)?;
    super::sample_dues::generate(service, as_of)?;
    super::sample_pledges::generate(service, &mut rng, as_of)?;
    super::sample_evaluation::generate(service, as_of)?;
    plan::add(service, as_of)?;
    service.set_log_clock(None)?;
    Ok(Summary { members: n })
}

/// The i-th member. The first few are fixed roles the demo needs; the rest are random.
fn member_draft(
    rng: &mut Rng,
    i: u32,
    as_of: NaiveDate,
    groups: &[i64],
    used: &std::collections::HashSet<String>,
) -> MemberDraft {
    let year = as_of.year();
    let mut gender = if rng.chance(55) { Gender::Male } else { Gender::Female };
    let given = if gender == Gender::Male { GIVEN_MALE } else { GIVEN_FEMALE };
    // A name not used yet (a few tries; a large branch may still repeat one, as real ones do).
    let mut name = String::new();
    for _ in 0..8 {
        name = format!("{}{}", rng.pick(SURNAMES), rng.pick(given));
        if !used.contains(&name) {
            break;
        }
    }
    let mut ethnicity = "汉族".to_string();
    let birth_year = year - 25 - rng.below(40) as i32;
    let mut birth = d(birth_year, 1 + rng.below(12) as u32, 1 + rng.below(28) as u32);
    let (unit, mut cat) = *rng.pick(UNITS);
    let mut work_unit = unit.to_string();
    // Admitted between age 20 and 35, never after the sample date.
    let mut admission =
        add_months(birth, 12 * (20 + rng.below(15) as u32) + rng.below(12) as u32).min(sub_months(as_of, 14));
    let mut status = MemberStatus::Full;
    let mut conversion = Some(add_months(admission, 12));
    let mut joined_on = None;
    let mut exemption = None;
    let mut cadre_level = None;
    let mut posts = Vec::new();
    let mut notes = String::new();

    match i {
        0 => {
            posts.push(PartyPost::Secretary);
            cat = UnitCategory::GovOrgan;
            work_unit = "街道办事处".into();
            cadre_level = Some(CadreLevel::CityCounty);
        }
        1 => posts.push(PartyPost::DeputySecretary),
        2 => posts.push(PartyPost::Organization),
        3 => posts.push(PartyPost::Publicity),
        4 => posts.push(PartyPost::Discipline),
        5 => {
            // A four-character name (a compound surname).
            name = "欧阳晓明".into();
            gender = Gender::Male;
        }
        6 => {
            // A minority name with the middle dot.
            name = "阿依古丽·买买提".into();
            gender = Gender::Female;
            ethnicity = "维吾尔族".into();
        }
        7 => {
            // Elderly member exempt from collective education: 送学上门.
            name = "韩德胜".into();
            gender = Gender::Male;
            birth = d(1938, 3, 12);
            admission = d(1962, 7, 1);
            conversion = Some(d(1963, 7, 1));
            cat = UnitCategory::Other;
            work_unit = "退休".into();
            exemption =
                Some(Exemption { reason: "年老体弱，行动不便".into(), from: Some(d(2020, 1, 1)), to: None });
        }
        8 => {
            // Probation ends within a month of the sample date.
            status = MemberStatus::Probationary;
            admission = sub_months(as_of, 12) + chrono::Duration::days(18);
            conversion = None;
            birth = d(year - 27, 5, 20);
        }
        9 | 10 => {
            status = MemberStatus::Probationary;
            admission = sub_months(as_of, 4 + 3 * (i - 9));
            conversion = None;
            birth = d(year - 24 - i as i32 % 3, 9, 8);
        }
        11 => {
            // Transferred in this year: the study target is prorated.
            joined_on = Some(d(year, (as_of.month() / 2).max(1), 1).min(as_of));
            notes = "由开发区第三党支部转入".into();
        }
        12 => cadre_level = Some(CadreLevel::CityCounty),
        _ => {}
    }
    if i < 5 {
        // Committee members: working age, full members of long standing.
        birth = d(year - 38 - i as i32 * 3, 2 + i, 10 + i);
        admission = d(year - 14 - i as i32, 6, 28);
        conversion = Some(add_months(admission, 12));
    }
    if let Some(j) = joined_on {
        admission = admission.min(j);
    }
    // Make sure the admission is at 18 or older.
    if crate::domain::dates::whole_years(birth, admission) < 18 {
        birth = sub_months(admission, 12 * 22);
    }
    let group = groups[(i as usize) % groups.len()];
    let phone = format!("13{}{:08}", 5 + rng.below(5), rng.below(100_000_000));
    MemberDraft {
        name: name.into(),
        gender,
        birth_date: birth,
        ethnicity: ethnicity.into(),
        phone: phone.into(),
        work_unit: work_unit.into(),
        unit_category: cat,
        group_id: Some(group),
        status,
        admission_date: admission,
        conversion_date: conversion,
        probation_extension_months: 0,
        joined_on,
        exemption,
        cadre_level,
        posts,
        notes,
    }
}

const THEMES: &[&str] = &[
    "学习党章，重温入党誓词",
    "学习贯彻全会精神",
    "志愿服务：社区环境整治",
    "观看警示教育片",
    "参观红色教育基地",
    "开展“我为群众办实事”活动",
    "学习《中国共产党支部工作条例》",
    "走访慰问困难群众",
    "学习新修订的纪律处分条例",
    "主题读书分享会",
    "垃圾分类宣传志愿服务",
    "学习《党员教育管理工作条例》",
];
const LECTURES: &[&str] = &["党的基本理论专题党课", "弘扬伟大建党精神", "加强作风建设", "党史学习专题党课"];
const LEAVE_REASONS: &[&str] = &["出差", "病假", "家中有事", "外出培训", "单位值班", "照顾老人"];

/// Attendance for an expected roster: mostly present; some leave, absences and make-ups;
/// `chronic` members miss often; `lapsed` members take no part after `lapse_from`.
struct Habits {
    /// Every member, loaded once: rosters are computed from it (domain::meeting::expected_roster).
    members: Vec<crate::domain::member::Member>,
    chronic: Vec<i64>,
    lapsed: Vec<(i64, NaiveDate)>,
    /// Members away (外出) or on standing leave: their rows are pre-marked as the program does.
    away: Vec<crate::domain::leave::StandingReason>,
}

fn attend(
    rng: &mut Rng,
    habits: &Habits,
    id: i64,
    default: Attendance,
    date: NaiveDate,
    as_of: NaiveDate,
    credit: i64,
) -> AttendanceRow {
    let mut row =
        AttendanceRow { member_id: id, status: default, reason: String::new(), made_up_on: None, credit_min: credit };
    if default != Attendance::Present {
        return row;
    }
    let lapsed = habits.lapsed.iter().any(|(m, from)| *m == id && date >= *from);
    let (absent, leave) = if lapsed {
        (100, 0)
    } else if habits.chronic.contains(&id) {
        (40, 15)
    } else {
        (4, 8)
    };
    let roll = rng.below(100);
    if roll < absent {
        row.status = Attendance::Absent;
    } else if roll < absent + leave {
        row.status = Attendance::Excused;
        row.reason = rng.pick(LEAVE_REASONS).to_string();
        // A third of those on leave make it up a week later.
        let later = date + chrono::Duration::days(7);
        if rng.chance(33) && later <= as_of {
            row.status = Attendance::MadeUp;
            row.made_up_on = Some(later);
        }
    } else if roll < absent + leave + 3 {
        row.status = Attendance::Late;
    }
    // After the roll, so that the other members' attendance stays as it was.
    if let Some(r) = crate::domain::leave::standing_on(&habits.away, id, date) {
        row = AttendanceRow { status: r.status, reason: r.reason.clone(), made_up_on: None, ..row };
    }
    row
}

#[allow(clippy::too_many_arguments)]
fn held(
    service: &mut Service,
    rng: &mut Rng,
    habits: &Habits,
    kinds: Vec<MeetingKind>,
    date: NaiveDate,
    group: Option<i64>,
    topic: &str,
    host: Option<i64>,
    lecturer: Option<i64>,
    as_of: NaiveDate,
) -> Result<()> {
    let credit = service.settings().credit_for_kinds(&kinds);
    let attendance = expected_roster(&habits.members, &kinds, group, date)
        .into_iter()
        .map(|(id, status)| attend(rng, habits, id, status, date, as_of, credit))
        .collect();
    let location =
        if kinds.contains(&MeetingKind::GroupMeeting) { "党员活动室" } else { "街道党群服务中心" };
    // Incoming members here on the day are guests; in one month of five each is away.
    let guests = service
        .incoming_guests(&kinds, group, date)?
        .into_iter()
        .filter(|_| date <= as_of)
        .map(|i| crate::domain::meeting::Guest {
            name: i.draft.name,
            incoming_id: Some(i.id),
            absent: (date.month() as i64 + i.id) % 5 == 0,
            ..Default::default()
        })
        .collect();
    let draft = MeetingDraft {
        kinds,
        date,
        start: chrono::NaiveTime::from_hms_opt(14, 30, 0),
        end: chrono::NaiveTime::from_hms_opt(16, 30, 0),
        status: if date <= as_of { MeetingStatus::Held } else { MeetingStatus::Planned },
        group_id: group,
        topic: topic.to_string(),
        location: location.into(),
        host_id: host,
        recorder_id: None,
        lecturer_id: lecturer,
        lecturer_name: String::new(),
        credit_min: credit,
        minutes: format!("{topic}。与会党员结合工作实际交流发言，会议提出下阶段工作要求。"),
        resolution: None,
        attendance,
        guests,
        cancel_reason: String::new(),
    };
    service.save_meeting(None, &draft)?;
    Ok(())
}

/// Meetings from 1 January of the year before `as_of` up to `as_of`, with a few gaps a
/// secretary would have: no 党课 in the third quarter of this year, one group's October
/// meeting missed, this month's committee meeting not yet held, a member who stopped
/// taking part seven months ago and one four months ago.
fn meetings(service: &mut Service, rng: &mut Rng, as_of: NaiveDate) -> Result<()> {
    let members = service.members()?;
    let groups = service.groups()?;
    let secretary = members.iter().find(|m| m.draft.posts.contains(&PartyPost::Secretary)).map(|m| m.id);
    let ordinary: Vec<i64> =
        members.iter().filter(|m| m.id > 13 && m.draft.exemption.is_none()).map(|m| m.id).collect();
    let pick = |i: usize| ordinary.get(i % ordinary.len().max(1)).copied().unwrap_or(0);
    let habits = Habits {
        members: members.clone(),
        chronic: vec![pick(3), pick(7), pick(11)],
        lapsed: vec![(pick(1), sub_months(as_of, 7)), (pick(5), sub_months(as_of, 4))],
        away: service.standing_reasons()?,
    };
    let this_year = as_of.year();
    let mut month = d(this_year - 1, 1, 1);
    while month <= as_of {
        let (y, m) = (month.year(), month.month());
        let day = |n: u32| d(y, m, n.min(month_end(y, m).day()));
        let quarter_end = m % 3 == 0;
        // 支委会 early in the month (this month's is still to come).
        if !(y == this_year && m == as_of.month()) {
            held(
                service,
                rng,
                &habits,
                vec![MeetingKind::CommitteeMeeting],
                day(5),
                None,
                "研究支部月度工作",
                secretary,
                None,
                as_of,
            )?;
        }
        // 主题党日 mid-month; in the last month of a quarter it is also the 支部党员大会.
        let mut kinds = vec![MeetingKind::ThemeDay];
        if quarter_end {
            kinds.push(MeetingKind::GeneralMeeting);
        }
        if day(15) <= as_of {
            let topic = THEMES[(m as usize + y as usize) % THEMES.len()];
            held(service, rng, &habits, kinds, day(15), None, topic, secretary, None, as_of)?;
        }
        // 党小组会 for each group around the 20th.
        for (gi, g) in groups.iter().enumerate() {
            let skipped = y == this_year && m == 10 && gi == 2;
            if day(20) <= as_of && !skipped {
                let leader = g.leader_id;
                held(
                    service,
                    rng,
                    &habits,
                    vec![MeetingKind::GroupMeeting],
                    day(20),
                    Some(g.id),
                    "学习讨论、谈心谈话",
                    leader,
                    None,
                    as_of,
                )?;
            }
        }
        // 党课 in the middle month of each quarter (none in this year's third quarter).
        if m % 3 == 2 && day(25) <= as_of && !(y == this_year && m == 8) {
            let topic = LECTURES[(m as usize / 3) % LECTURES.len()];
            held(
                service,
                rng,
                &habits,
                vec![MeetingKind::PartyLecture],
                day(25),
                None,
                topic,
                secretary,
                secretary,
                as_of,
            )?;
        }
        // A two-day training course each May.
        if m == 5 && day(12) <= as_of {
            let kinds = vec![MeetingKind::Training];
            let date = day(12);
            let mut draft_credit = service.settings().minutes_per_day() * 2;
            draft_credit = draft_credit.min(crate::domain::meeting::CREDIT_MAX_MIN);
            let attendance = expected_roster(&habits.members, &kinds, None, date)
                .into_iter()
                .map(|(id, status)| attend(rng, &habits, id, status, date, as_of, draft_credit))
                .collect();
            service.save_meeting(
                None,
                &MeetingDraft {
                    kinds,
                    date,
                    start: chrono::NaiveTime::from_hms_opt(9, 0, 0),
                    end: chrono::NaiveTime::from_hms_opt(17, 0, 0),
                    status: MeetingStatus::Held,
                    group_id: None,
                    topic: "党员集中轮训班（两天）".into(),
                    location: "区委党校".into(),
                    host_id: secretary,
                    recorder_id: None,
                    lecturer_id: None,
                    lecturer_name: String::new(),
                    credit_min: draft_credit,
                    minutes: String::new(),
                    resolution: None,
                    attendance,
                    guests: Vec::new(),
                    cancel_reason: String::new(),
                },
            )?;
        }
        // Last year's 组织生活会 and 民主评议 in December.
        if y == this_year - 1 && m == 12 {
            held(
                service,
                rng,
                &habits,
                vec![MeetingKind::OrgLifeMeeting, MeetingKind::GeneralMeeting],
                day(22),
                None,
                "年度组织生活会暨民主评议党员",
                secretary,
                None,
                as_of,
            )?;
        }
        month = add_months(month, 1);
    }
    // Next month's 主题党日, planned.
    let next = add_months(d(as_of.year(), as_of.month(), 1), 1);
    let planned = MeetingDraft {
        kinds: vec![MeetingKind::ThemeDay],
        date: d(next.year(), next.month(), 15),
        start: chrono::NaiveTime::from_hms_opt(14, 30, 0),
        end: None,
        status: MeetingStatus::Planned,
        group_id: None,
        topic: "年终总结与组织生活会准备".into(),
        location: "街道党群服务中心".into(),
        host_id: secretary,
        recorder_id: None,
        lecturer_id: None,
        lecturer_name: String::new(),
        credit_min: service.settings().credit_for(MeetingKind::ThemeDay),
        minutes: String::new(),
        resolution: None,
        attendance: Vec::new(),
        guests: Vec::new(),
        cancel_reason: String::new(),
    };
    service.save_meeting(None, &planned)?;
    Ok(())
}

/// Individual study: the secretary's last party-school rotation (three years ago, so it is due
/// again under the 2006 rules), monthly 送学上门 for the exempt member, some online study.
fn study_records(service: &mut Service, as_of: NaiveDate) -> Result<()> {
    let members = service.members()?;
    let hour = 60;
    if let Some(sec) = members.iter().find(|m| m.draft.posts.contains(&PartyPost::Secretary)) {
        let date = sub_months(as_of, 38).max(sec.branch_start());
        service.save_study(
            None,
            &StudyDraft {
                member_id: sec.id,
                date,
                kind: StudyKind::PartySchool,
                organiser: "区委党校".into(),
                credit_min: 5 * 8 * hour,
                note: "基层党组织书记轮训".into(),
            },
        )?;
    }
    if let Some(old) = members.iter().find(|m| m.draft.exemption.is_some()) {
        let mut month = d(as_of.year(), 1, 10);
        while month <= as_of {
            service.save_study(
                None,
                &StudyDraft {
                    member_id: old.id,
                    date: month,
                    kind: StudyKind::HomeDelivered,
                    organiser: "支部".into(),
                    credit_min: 2 * hour,
                    note: "上门送学习资料并交流".into(),
                },
            )?;
            month = add_months(month, 2);
        }
    }
    for m in members.iter().filter(|m| m.id % 5 == 0 && m.draft.exemption.is_none() && !m.is_archived()) {
        let date = sub_months(as_of, 2).max(m.branch_start());
        service.save_study(
            None,
            &StudyDraft {
                member_id: m.id,
                date,
                kind: StudyKind::Online,
                organiser: "学习强国".into(),
                credit_min: 4 * hour,
                note: "专题网络课程".into(),
            },
        )?;
    }
    Ok(())
}
