//! Meetings and other collective education (三会一课, 主题党日, ...): their vocabularies,
//! the record and the form rules.

use chrono::{NaiveDate, NaiveTime};
use serde::{Deserialize, Serialize};

use super::validation::{Errors, FieldError, Problem};

vocab! {
    /// A meeting's kinds form a set: one 主题党日 can also be the quarter's 党员大会 and 党课
    /// (docs/rules.md, last paragraph).
    pub enum MeetingKind {
        GeneralMeeting = ("general_meeting", "支部党员大会", "general meeting"),
        CommitteeMeeting = ("committee_meeting", "支部委员会会议", "committee meeting"),
        GroupMeeting = ("group_meeting", "党小组会", "group meeting"),
        PartyLecture = ("party_lecture", "党课", "party lecture"),
        ThemeDay = ("theme_day", "主题党日", "theme day"),
        OrgLifeMeeting = ("org_life_meeting", "组织生活会", "org-life meeting"),
        Training = ("training", "培训班", "training course"),
        Report = ("report", "报告会/形势报告", "report"),
        Seminar = ("seminar", "专题研讨", "seminar"),
    }
}

impl MeetingKind {
    /// A short label for narrow table cells.
    pub fn short(self, lang: super::lang::Lang) -> &'static str {
        use MeetingKind::*;
        match self {
            GeneralMeeting => lang.pick("大会", "general"),
            CommitteeMeeting => lang.pick("支委", "committee"),
            GroupMeeting => lang.pick("小组", "group"),
            PartyLecture => lang.pick("党课", "lecture"),
            ThemeDay => lang.pick("党日", "theme"),
            OrgLifeMeeting => lang.pick("生活会", "org-life"),
            Training => lang.pick("培训", "training"),
            Report => lang.pick("报告", "report"),
            Seminar => lang.pick("研讨", "seminar"),
        }
    }

    /// Kinds at which members take part in organisational life (党章 art. 9; docs/rules.md
    /// "Six-month rule"): branch, group and theme-day meetings.
    pub fn is_org_life(self) -> bool {
        use MeetingKind::*;
        matches!(self, GeneralMeeting | CommitteeMeeting | GroupMeeting | PartyLecture | ThemeDay | OrgLifeMeeting)
    }
}

vocab! {
    pub enum MeetingStatus {
        Planned = ("planned", "计划", "planned"),
        Held = ("held", "已召开", "held"),
        Cancelled = ("cancelled", "取消", "cancelled"),
    }
}

vocab! {
    /// Attendance of one member at one meeting (docs/rules.md).
    pub enum Attendance {
        Present = ("present", "出席", "present"),
        Late = ("late", "迟到", "late"),
        Excused = ("excused", "请假", "excused"),
        Absent = ("absent", "缺席", "absent"),
        MadeUp = ("made_up", "补学", "made up"),
        HomeDelivered = ("home_delivered", "送学上门", "home delivery"),
        AwayMobile = ("away_mobile", "外出", "away"),
    }
}

impl Attendance {
    /// Present, late, 补学 and 送学上门 earn credit; 请假, absent and away do not (docs/rules.md
    /// "zhibu's choices").
    pub fn earns_credit(self) -> bool {
        matches!(self, Attendance::Present | Attendance::Late | Attendance::MadeUp | Attendance::HomeDelivered)
    }

    /// Counts as taking part in organisational life for the six-month rule (docs/rules.md):
    /// present, late or 补学.
    pub fn takes_part(self) -> bool {
        matches!(self, Attendance::Present | Attendance::Late | Attendance::MadeUp)
    }

    /// Counts toward 实到 (those in the room).
    pub fn in_room(self) -> bool {
        matches!(self, Attendance::Present | Attendance::Late)
    }

    /// The order `Space` cycles through in the attendance list.
    pub fn cycled(self) -> Attendance {
        use Attendance::*;
        match self {
            Present => Excused,
            Excused => Absent,
            Absent => Late,
            Late => MadeUp,
            MadeUp => HomeDelivered,
            HomeDelivered => AwayMobile,
            AwayMobile => Present,
        }
    }
}

vocab! {
    /// Individual study outside branch meetings (docs/rules.md).
    pub enum StudyKind {
        PartySchool = ("party_school", "党校轮训", "party school rotation"),
        HigherTraining = ("higher_training", "上级集中培训", "higher-level training"),
        Online = ("online", "在线学习", "online study"),
        HomeDelivered = ("home_delivered", "送学上门", "home delivery"),
        MadeUp = ("made_up", "补学", "make-up study"),
    }
}

/// One member's attendance at a meeting.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttendanceRow {
    pub member_id: i64,
    pub status: Attendance,
    /// The reason for 请假 (required) or for an absence.
    pub reason: String,
    /// When a 补学 happened.
    pub made_up_on: Option<NaiveDate>,
    /// Credit earned, in minutes (the meeting's credit unless the secretary changed it).
    pub credit_min: i64,
}

/// A guest (列席) of a meeting: a name, or an incoming mobile member of another branch who takes
/// part here (中办发〔2006〕21号 流动党员意见 二（二）2). Guests never count in 应到/实到, votes or
/// study time. Stored in the change log as the plain name when it is only a name, as before.
#[derive(Clone, Debug, Default, Eq)]
pub struct Guest {
    pub name: String,
    /// The incoming member this guest is (`incoming_member`), if any.
    pub incoming_id: Option<i64>,
    /// An incoming member listed for the meeting who did not come.
    pub absent: bool,
    /// The incoming member's home branch and certificate number as now recorded (read with the
    /// meeting, never written with it).
    pub home_branch: String,
    pub cert_no: String,
}

impl Guest {
    pub fn named(name: impl Into<String>) -> Guest {
        Guest { name: name.into(), ..Guest::default() }
    }

    pub fn is_incoming(&self) -> bool {
        self.incoming_id.is_some()
    }

    /// Took part: a guest by name, or an incoming member not marked absent.
    pub fn attended(&self) -> bool {
        !self.absent
    }

    /// As a meeting's record names the guest: "流入 张三（某某村党支部）" for an incoming member,
    /// the name alone otherwise; with 缺席 when marked absent (an incoming member deleted from
    /// the register since keeps the name and the mark).
    pub fn shown(&self, lang: super::lang::Lang) -> String {
        if !self.is_incoming() {
            let mark = if self.absent { lang.pick(" 缺席", " absent") } else { "" };
            return format!("{}{mark}", self.name);
        }
        let home = self.home_branch.trim();
        let mut s = match (lang, home.is_empty()) {
            (super::lang::Lang::Zh, false) => format!("流入 {}（{home}）", self.name),
            (super::lang::Lang::En, false) => format!("incoming {} ({home})", self.name),
            (_, true) => format!("{} {}", lang.pick("流入", "incoming"), self.name),
        };
        if self.absent {
            s.push_str(lang.pick(" 缺席", " absent"));
        }
        s
    }
}

/// The guests of a meeting as one line ("王五、流入 张三（某某村党支部）").
pub fn guests_shown(guests: &[Guest], lang: super::lang::Lang) -> String {
    guests.iter().map(|g| g.shown(lang)).collect::<Vec<_>>().join(lang.pick("、", ", "))
}

impl PartialEq for Guest {
    fn eq(&self, o: &Guest) -> bool {
        (&self.name, self.incoming_id, self.absent) == (&o.name, o.incoming_id, o.absent)
    }
}

impl Serialize for Guest {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        if self.incoming_id.is_none() && !self.absent {
            return s.serialize_str(&self.name);
        }
        let mut st = s.serialize_struct("Guest", 3)?;
        st.serialize_field("name", &self.name)?;
        st.serialize_field("incoming_id", &self.incoming_id)?;
        st.serialize_field("absent", &self.absent)?;
        st.end()
    }
}

impl<'de> Deserialize<'de> for Guest {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Guest, D::Error> {
        #[derive(Deserialize)]
        struct Linked {
            name: String,
            #[serde(default)]
            incoming_id: Option<i64>,
            #[serde(default)]
            absent: bool,
        }
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Stored {
            Name(String),
            Linked(Linked),
        }
        Ok(match Stored::deserialize(d)? {
            Stored::Name(name) => Guest::named(name),
            Stored::Linked(l) => {
                Guest { name: l.name, incoming_id: l.incoming_id, absent: l.absent, ..Guest::default() }
            }
        })
    }
}

/// A vote taken at the meeting ([ZB]11 double majority; docs/rules.md 会议表决).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Resolution {
    pub text: String,
    /// 应到有表决权.
    pub entitled: u32,
    /// 实到有表决权.
    pub present: u32,
    pub yes: u32,
    pub no: u32,
    pub abstain: u32,
}

vocab! {
    /// How a vote went under the double-majority rule ([ZB]11).
    pub enum VoteOutcome {
        NoQuorum = ("no_quorum", "到会未过半，不能表决", "no quorum"),
        Passed = ("passed", "双过半，通过", "passed (double majority)"),
        Failed = ("failed", "未过半，未通过", "not passed"),
    }
}

impl Resolution {
    /// The outcome under the double-majority rule: quorum first, then the votes in favour,
    /// both counted against those entitled (not those present).
    pub fn outcome(&self) -> VoteOutcome {
        if self.present * 2 <= self.entitled {
            VoteOutcome::NoQuorum
        } else if self.yes * 2 > self.entitled {
            VoteOutcome::Passed
        } else {
            VoteOutcome::Failed
        }
    }

    /// Quorum: more than half of those entitled present; passed: more than half of those
    /// entitled in favour (docs/rules.md, [ZB]11).
    pub fn passed(&self) -> bool {
        self.present * 2 > self.entitled && self.yes * 2 > self.entitled
    }
}

/// Everything the secretary records about a meeting (the form's content once parsed).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MeetingDraft {
    pub kinds: Vec<MeetingKind>,
    pub date: NaiveDate,
    pub start: Option<NaiveTime>,
    pub end: Option<NaiveTime>,
    pub status: MeetingStatus,
    pub group_id: Option<i64>,
    pub topic: String,
    pub location: String,
    pub host_id: Option<i64>,
    pub recorder_id: Option<i64>,
    pub lecturer_id: Option<i64>,
    /// An outside lecturer's name, when the lecturer is not a member.
    pub lecturer_name: String,
    /// Study credit in minutes for each member who earns it.
    pub credit_min: i64,
    pub minutes: String,
    pub resolution: Option<Resolution>,
    pub attendance: Vec<AttendanceRow>,
    /// 列席: guests by name; an incoming mobile member (外来流动党员) among them is linked.
    pub guests: Vec<Guest>,
    /// Why a cancelled meeting was cancelled (required then; empty otherwise).
    #[serde(default)]
    pub cancel_reason: String,
}

/// A stored meeting.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Meeting {
    pub id: i64,
    #[serde(flatten)]
    pub draft: MeetingDraft,
}

impl MeetingDraft {
    pub fn has(&self, kind: MeetingKind) -> bool {
        self.kinds.contains(&kind)
    }

    /// 应到: everyone on the roster.
    pub fn expected(&self) -> usize {
        self.attendance.len()
    }

    /// 实到: present or late.
    pub fn in_room(&self) -> usize {
        self.attendance.iter().filter(|a| a.status.in_room()).count()
    }

    pub fn count(&self, status: Attendance) -> usize {
        self.attendance.iter().filter(|a| a.status == status).count()
    }

    /// The default 应到有表决权 and 实到有表决权 of a vote: the full members on the roster, and
    /// those of them in the room. Probationary members have no vote ([DZ]7; [ZB]11).
    pub fn voters(&self, members: &[super::member::Member]) -> (u32, u32) {
        voters(members, self.attendance.iter().map(|a| (a.member_id, a.status)), self.date)
    }
}

/// 应到 and 实到有表决权 of a vote on `date`: the full members among `rows` (member, attendance),
/// and those of them in the room. Probationary members have no vote ([DZ]7; [ZB]11).
pub fn voters(
    members: &[super::member::Member],
    rows: impl Iterator<Item = (i64, Attendance)>,
    date: NaiveDate,
) -> (u32, u32) {
    let full: crate::domain::ids::IdSet<i64> = members.iter().filter(|m| m.is_full_on(date)).map(|m| m.id).collect();
    let (mut entitled, mut present) = (0, 0);
    for (_, status) in rows.filter(|(id, _)| full.contains(id)) {
        entitled += 1;
        present += u32::from(status.in_room());
    }
    (entitled, present)
}

/// Field keys shared by the meeting form and these rules.
pub mod field {
    pub const KINDS: &str = "kinds";
    pub const DATE: &str = "date";
    pub const START: &str = "start";
    pub const END: &str = "end";
    pub const STATUS: &str = "status";
    pub const GROUP: &str = "group";
    pub const TOPIC: &str = "topic";
    pub const LOCATION: &str = "location";
    pub const HOST: &str = "host";
    pub const RECORDER: &str = "recorder";
    pub const LECTURER: &str = "lecturer";
    pub const LECTURER_NAME: &str = "lecturer_name";
    pub const CREDIT: &str = "credit";
    pub const MINUTES: &str = "minutes";
    pub const RESOLUTION: &str = "resolution";
    pub const VOTES: &str = "votes";
    pub const ATTENDANCE: &str = "attendance";
    pub const GUESTS: &str = "guests";
    pub const CANCEL_REASON: &str = "cancel_reason";
    pub const STUDY_MEMBER: &str = "study_member";
    pub const STUDY_DATE: &str = "study_date";
    pub const STUDY_KIND: &str = "study_kind";
    pub const STUDY_ORGANISER: &str = "study_organiser";
    pub const STUDY_CREDIT: &str = "study_credit";
    pub const STUDY_NOTE: &str = "study_note";
}

/// The most credit one meeting or study record can carry: 10 days of 8 hours.
pub const CREDIT_MAX_MIN: i64 = 10 * 8 * 60;

/// Checks a meeting against the form rules (issue: bad input) and [ZB]11 for votes.
pub fn validate_meeting(m: &MeetingDraft, today: NaiveDate) -> Result<(), Vec<FieldError>> {
    use field::*;
    let mut e = Errors::default();
    if m.kinds.is_empty() {
        e.rule(KINDS, "至少选一种会议类型", "choose at least one kind");
    }
    e.text(TOPIC, &m.topic, true, 100);
    e.text(LOCATION, &m.location, false, 60);
    e.text(MINUTES, &m.minutes, false, 20_000);
    e.text(LECTURER_NAME, &m.lecturer_name, false, 30);
    if m.status == MeetingStatus::Held && m.date > today {
        e.rule(
            DATE,
            "已召开的会议不能晚于今天；未来的会议请记为计划",
            "a held meeting cannot be after today; record a future one as planned",
        );
    }
    if let (Some(s), Some(t)) = (m.start, m.end)
        && t <= s
    {
        e.rule(END, "结束时间须晚于开始时间", "must be after the start");
    }
    if m.has(MeetingKind::GroupMeeting) && m.group_id.is_none() {
        e.rule(GROUP, "党小组会须选党小组", "a group meeting needs its party group");
    }
    if m.has(MeetingKind::PartyLecture) && m.lecturer_id.is_none() && m.lecturer_name.trim().is_empty() {
        e.rule(
            LECTURER,
            "党课须有主讲人：选一名党员或填写外请主讲人姓名",
            "a party lecture needs a lecturer: a member or an outside name",
        );
    }
    if !(0..=CREDIT_MAX_MIN).contains(&m.credit_min) {
        e.rule(CREDIT, "学时须在 0 到 80 小时（10 天）之间", "credit must be between 0 and 80 hours (10 days)");
    }
    if let Some(r) = &m.resolution {
        e.text(RESOLUTION, &r.text, true, 500);
        if r.present > r.entitled {
            e.rule(VOTES, "实到不能多于应到", "present cannot exceed entitled");
        } else if r.yes + r.no + r.abstain > r.present {
            e.rule(VOTES, "赞成+反对+弃权不能多于实到", "yes + no + abstain cannot exceed present");
        }
    }
    for a in &m.attendance {
        if a.status == super::meeting::Attendance::Excused && a.reason.trim().is_empty() {
            e.rule(ATTENDANCE, "请假须填写原因", "leave (excused) needs a reason");
        }
        if a.status == super::meeting::Attendance::MadeUp && a.made_up_on.is_none() {
            e.rule(ATTENDANCE, "补学须填写补学日期", "make-up study needs its date");
        }
        if let Some(d) = a.made_up_on {
            if d > today {
                e.add(ATTENDANCE, Problem::AfterToday);
            } else if d < m.date {
                e.rule(ATTENDANCE, "补学日期不能早于会议日期", "make-up cannot be before the meeting");
            }
        }
        if !(0..=CREDIT_MAX_MIN).contains(&a.credit_min) {
            e.rule(ATTENDANCE, "学时须在 0 到 80 小时（10 天）之间", "credit must be between 0 and 80 hours (10 days)");
        }
    }
    for g in &m.guests {
        e.text(GUESTS, &g.name, true, 30);
    }
    // A cancelled meeting says why (issue 15: it stays in the list, satisfying nothing).
    e.text(CANCEL_REASON, &m.cancel_reason, m.status == MeetingStatus::Cancelled, 100);
    e.finish()
}

/// An individual study record outside branch meetings.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StudyDraft {
    pub member_id: i64,
    pub date: NaiveDate,
    pub kind: StudyKind,
    pub organiser: String,
    pub credit_min: i64,
    pub note: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StudyRecord {
    pub id: i64,
    #[serde(flatten)]
    pub draft: StudyDraft,
}

pub fn validate_study(s: &StudyDraft, today: NaiveDate) -> Result<(), Vec<FieldError>> {
    use field::*;
    let mut e = Errors::default();
    if s.date > today {
        e.add(STUDY_DATE, Problem::AfterToday);
    }
    e.text(STUDY_ORGANISER, &s.organiser, false, 60);
    e.text(STUDY_NOTE, &s.note, false, 200);
    if !(1..=CREDIT_MAX_MIN).contains(&s.credit_min) {
        e.rule(
            STUDY_CREDIT,
            "学时须大于 0，且不超过 80 小时（10 天）",
            "credit must be above 0 and at most 80 hours (10 days)",
        );
    }
    e.finish()
}

/// Who a meeting expects (docs/rules.md), by its kinds:
/// a 支委会 alone expects the committee; a 党小组会 (without branch-wide kinds) expects that
/// group's members; anything else expects every member of the branch on that date.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    Branch,
    Group(i64),
    Committee,
}

pub fn scope(kinds: &[MeetingKind], group: Option<i64>) -> Scope {
    use MeetingKind::*;
    let branch_wide = kinds.iter().any(|k| !matches!(k, CommitteeMeeting | GroupMeeting));
    if branch_wide || kinds.is_empty() {
        Scope::Branch
    } else if kinds.contains(&GroupMeeting) {
        group.map_or(Scope::Branch, Scope::Group)
    } else {
        Scope::Committee
    }
}

/// The expected roster with each member's default attendance (present). Members not in the
/// branch on `date` are left out, and so are members exempt from collective education on that
/// day (seed A2, [JY]23): no meeting expects them, and they earn nothing by default; a 送学上门
/// is recorded when it happens, as an individual study record, and then counts.
pub fn expected_roster(
    members: &[super::member::Member],
    kinds: &[MeetingKind],
    group: Option<i64>,
    date: NaiveDate,
) -> Vec<(i64, Attendance)> {
    let scope = scope(kinds, group);
    members
        .iter()
        .filter(|m| m.in_branch_on(date) && !m.exempt_on(date))
        .filter(|m| match scope {
            Scope::Branch => true,
            Scope::Group(g) => m.draft.group_id == Some(g),
            Scope::Committee => m.is_committee(),
        })
        .map(|m| (m.id, Attendance::Present))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::member::{Archive, ArchiveReason, Exemption, Member, PartyPost};
    use crate::domain::testing::{self, d};

    fn member(id: i64, group: i64) -> Member {
        let mut m = testing::member(id);
        m.draft.group_id = Some(group);
        m
    }

    fn meeting() -> MeetingDraft {
        MeetingDraft {
            kinds: vec![MeetingKind::ThemeDay],
            date: d(2026, 11, 20),
            start: None,
            end: None,
            status: MeetingStatus::Held,
            group_id: None,
            topic: "学习党章".into(),
            location: String::new(),
            host_id: None,
            recorder_id: None,
            lecturer_id: None,
            lecturer_name: String::new(),
            credit_min: 240,
            minutes: String::new(),
            resolution: None,
            attendance: vec![],
            guests: vec![],
            cancel_reason: String::new(),
        }
    }

    #[test]
    fn who_is_expected_follows_the_kinds() {
        let mut ms = vec![member(1, 10), member(2, 10), member(3, 20), member(4, 20)];
        ms[0].draft.posts = vec![PartyPost::Secretary];
        ms[2].draft.exemption = Some(Exemption { reason: "年老体弱".into(), from: None, to: None });
        ms[3].archive =
            Some(Archive { reason: ArchiveReason::TransferredOut, date: d(2026, 11, 19), note: String::new() });
        let date = d(2026, 11, 20);
        let ids = |r: Vec<(i64, Attendance)>| r.into_iter().map(|(i, _)| i).collect::<Vec<_>>();
        // The exempt member (3) is expected at no meeting (seed A2, [JY]23).
        assert_eq!(ids(expected_roster(&ms, &[MeetingKind::ThemeDay], None, date)), vec![1, 2]);
        assert_eq!(ids(expected_roster(&ms, &[MeetingKind::CommitteeMeeting], None, date)), vec![1]);
        assert_eq!(ids(expected_roster(&ms, &[MeetingKind::GroupMeeting], Some(20), date)), Vec::<i64>::new());
        // A group meeting that is also a party lecture is branch-wide.
        assert_eq!(
            ids(expected_roster(&ms, &[MeetingKind::GroupMeeting, MeetingKind::PartyLecture], Some(20), date)),
            vec![1, 2]
        );
        // The archived member was still in the branch the day before leaving.
        assert_eq!(ids(expected_roster(&ms, &[MeetingKind::ThemeDay], None, d(2026, 11, 19))), vec![1, 2, 4]);
        // Everyone expected defaults to present; an exemption from a later day leaves earlier
        // meetings alone.
        assert!(expected_roster(&ms, &[MeetingKind::ThemeDay], None, date).iter().all(|r| r.1 == Attendance::Present));
        ms[2].draft.exemption = Some(Exemption { reason: "重病".into(), from: Some(d(2026, 11, 21)), to: None });
        assert_eq!(ids(expected_roster(&ms, &[MeetingKind::ThemeDay], None, date)), vec![1, 2, 3]);
    }

    #[test]
    fn credit_counts_for_present_late_made_up_and_home_delivery_only() {
        use Attendance::*;
        let earning: Vec<Attendance> = Attendance::ALL.iter().copied().filter(|a| a.earns_credit()).collect();
        assert_eq!(earning, vec![Present, Late, MadeUp, HomeDelivered]);
    }

    #[test]
    fn form_rules_refuse_bad_meetings() {
        let today = d(2026, 11, 28);
        let fields = |m: &MeetingDraft| {
            validate_meeting(m, today).err().unwrap_or_default().iter().map(|e| e.field).collect::<Vec<_>>()
        };
        let ok = meeting();
        assert_eq!(fields(&ok), Vec::<&str>::new());
        let mut m = meeting();
        m.start = NaiveTime::from_hms_opt(15, 0, 0);
        m.end = NaiveTime::from_hms_opt(14, 0, 0);
        assert_eq!(fields(&m), vec![field::END]);
        let mut m = meeting();
        m.credit_min = -1;
        assert_eq!(fields(&m), vec![field::CREDIT]);
        m.credit_min = CREDIT_MAX_MIN + 1;
        assert_eq!(fields(&m), vec![field::CREDIT]);
        let mut m = meeting();
        m.date = d(2026, 11, 29);
        assert_eq!(fields(&m), vec![field::DATE]);
        m.status = MeetingStatus::Planned;
        assert_eq!(fields(&m), Vec::<&str>::new(), "a future meeting may be planned");
        let mut m = meeting();
        m.kinds = vec![MeetingKind::GroupMeeting];
        assert_eq!(fields(&m), vec![field::GROUP]);
        let mut m = meeting();
        m.kinds = vec![MeetingKind::PartyLecture];
        assert_eq!(fields(&m), vec![field::LECTURER]);
        m.lecturer_name = "市委党校王教授".into();
        assert_eq!(fields(&m), Vec::<&str>::new());
        let mut m = meeting();
        m.attendance = vec![AttendanceRow {
            member_id: 1,
            status: Attendance::Excused,
            reason: " ".into(),
            made_up_on: None,
            credit_min: 0,
        }];
        assert_eq!(fields(&m), vec![field::ATTENDANCE]);
        let mut m = meeting();
        m.attendance = vec![AttendanceRow {
            member_id: 1,
            status: Attendance::MadeUp,
            reason: String::new(),
            made_up_on: Some(d(2026, 11, 19)),
            credit_min: 240,
        }];
        assert_eq!(fields(&m), vec![field::ATTENDANCE], "made up before the meeting");
    }

    #[test]
    fn double_majority_counts_against_those_entitled() {
        let r = Resolution { text: "接收预备党员".into(), entitled: 20, present: 11, yes: 11, no: 0, abstain: 0 };
        assert!(r.passed());
        let r = Resolution { present: 10, yes: 10, ..r };
        assert!(!r.passed(), "ten of twenty is not more than half");
        let r = Resolution { present: 18, yes: 10, no: 8, ..r };
        assert!(!r.passed());
    }
}
