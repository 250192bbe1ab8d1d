//! What each logged record type is called and how its stored fields are shown: one table that
//! the undo confirmation ("撤销：修改党员 张三（电话）") and the history view both read, so a
//! new record type needs one entry here and nothing per screen.
//!
//! The change log stores each record as JSON (its domain type, enums by their ids); this turns
//! those values into what the user sees on the screens: enum labels, names for member and group
//! ids, dates as typed, money in yuan, time in hours.

use crate::domain::ids::IdMap;

use serde_json::Value;

use crate::domain::dues::{DuesCategory, DuesSchedule, PayMethod, ReliefKind};
use crate::domain::evaluation::{CommendationTitle, DecisionBody, DisposalKind, Grade, TalkKind};
use crate::domain::lang::{Lang, Tr};
use crate::domain::meeting::{Attendance, Guest, MeetingKind, MeetingStatus, StudyKind};
use crate::domain::member::{ArchiveReason, CadreLevel, Gender, MemberStatus, PartyPost, UnitCategory};
use crate::domain::mobile::{LogKind, MobileStatus};
use crate::domain::pledge::{CareReason, MassEvaluation, PledgeCategory, PledgeStatus, ServiceKind, ServiceTime};

/// How a stored value is shown.
#[derive(Clone, Copy)]
pub(crate) enum Fmt {
    /// Strings as stored, numbers as numbers; nested objects field by field.
    Plain,
    /// An id of a closed vocabulary (or a list of them), shown by its label.
    Vocab(fn(&str, Lang) -> Option<&'static str>),
    /// A member id (or a list of them), shown by name.
    Member,
    Group,
    /// Minutes, shown in hours.
    Minutes,
    /// Money in fen, shown in yuan.
    Fen,
    /// `{"year": Y, "month": M}`.
    Month,
    /// A meeting's attendance list, shown as counts by status (see `attendance_changes` for
    /// what changed between two lists).
    Attendance,
    /// `HH:MM:SS`, shown as `HH:MM`.
    Time,
    /// A link to another record (a contact's absence): what it links is where the history was
    /// opened from, and its id means nothing to the user, so it is not shown.
    Link,
    /// A service record's time (`{"unit": "half_days", "value": 10}`), as the pledges tab shows it.
    ServiceTime,
    /// A meeting's guests, each named as the meeting's record names it ("流入 张三（某某村党支部）
    /// 缺席"), never by the fields that link it to the register.
    Guests,
}

macro_rules! vocab_fmt {
    ($t:ty) => {
        Fmt::Vocab(|id, lang| <$t>::from_id(id).map(|v| v.label(lang)))
    };
}

/// One field: its key in the stored JSON (`outer.inner` for a nested one), label and format.
pub(crate) struct Field {
    pub key: &'static str,
    pub label: Tr,
    pub fmt: Fmt,
}

const fn f(key: &'static str, zh: &'static str, en: &'static str, fmt: Fmt) -> Field {
    Field { key, label: (zh, en), fmt }
}
const fn p(key: &'static str, zh: &'static str, en: &'static str) -> Field {
    f(key, zh, en, Fmt::Plain)
}

/// One logged record type, by its change-log table.
pub(crate) struct Kind {
    pub table: &'static str,
    pub noun: Tr,
    /// The fields whose values name one record in a sentence (a meeting by date and kinds).
    pub title: &'static [&'static str],
    pub fields: &'static [Field],
}

/// Fields named alike in every record type; a record type's own entry wins.
const COMMON: &[Field] = &[
    f("member_id", "党员", "member", Fmt::Member),
    p("date", "日期", "date"),
    p("year", "年度", "year"),
    p("name", "名称", "name"),
    p("note", "备注", "note"),
    p("notes", "备注", "notes"),
    p("archived_on", "归档日期", "archived on"),
    p("feedback_on", "反馈日期", "feedback on"),
    p("from", "开始", "from"),
    p("to", "结束", "to"),
    p("reason", "原因", "reason"),
    f("credit_min", "学时", "credit", Fmt::Minutes),
];

const MEMBER: &[Field] = &[
    p("number", "编号", "number"),
    p("name", "姓名", "name"),
    f("gender", "性别", "gender", vocab_fmt!(Gender)),
    p("birth_date", "出生日期", "birth date"),
    p("ethnicity", "民族", "ethnicity"),
    p("phone", "电话", "phone"),
    p("work_unit", "工作单位", "work unit"),
    f("unit_category", "单位类别", "unit category", vocab_fmt!(UnitCategory)),
    f("group_id", "党小组", "party group", Fmt::Group),
    f("status", "党员类别", "status", vocab_fmt!(MemberStatus)),
    p("admission_date", "入党日期", "admission"),
    p("conversion_date", "转正日期", "full membership"),
    p("probation_extension_months", "延长预备期（月）", "probation extension (months)"),
    p("joined_on", "转入日期", "joined on"),
    p("exemption", "免学", "exemption"),
    p("exemption.reason", "原因", "reason"),
    f("cadre_level", "干部级别", "cadre level", vocab_fmt!(CadreLevel)),
    f("posts", "党内职务", "posts", vocab_fmt!(PartyPost)),
    p("archive", "归档", "archive"),
    f("archive.reason", "原因", "reason", vocab_fmt!(ArchiveReason)),
    p("entered_on", "录入日期", "entered on"),
];

// The meeting form's own words (议题, 主讲人, 会议纪要, 决议事项), so history reads as the form does.
const MEETING: &[Field] = &[
    f("kinds", "类型", "kinds", vocab_fmt!(MeetingKind)),
    f("start", "开始时间", "start", Fmt::Time),
    f("end", "结束时间", "end", Fmt::Time),
    f("status", "状态", "status", vocab_fmt!(MeetingStatus)),
    f("group_id", "党小组", "party group", Fmt::Group),
    p("topic", "议题", "topic"),
    p("location", "地点", "place"),
    f("host_id", "主持人", "host", Fmt::Member),
    f("recorder_id", "记录人", "recorder", Fmt::Member),
    f("lecturer_id", "主讲人", "lecturer", Fmt::Member),
    p("lecturer_name", "外请主讲人", "guest lecturer"),
    p("minutes", "会议纪要", "minutes"),
    p("resolution", "决议事项", "resolution"),
    f("attendance", "出席情况", "attendance", Fmt::Attendance),
    f("guests", "列席人员", "guests", Fmt::Guests),
];

const INCOMING: &[Field] = &[
    p("name", "姓名", "name"),
    p("home_branch", "流出地党组织", "home branch"),
    p("cert_no", "活动证号", "certificate no."),
    p("checked_on", "查验日期", "checked on"),
    f("group_id", "党小组", "party group", Fmt::Group),
    p("phone", "电话", "phone"),
    p("arrived_on", "到达日期", "arrived on"),
    p("left_on", "离开日期", "left on"),
];

const OUTFLOW: &[Field] = &[
    f("member_id", "党员", "member", Fmt::Member),
    f("status", "状态", "status", vocab_fmt!(MobileStatus)),
    p("reason", "外出事由", "reason"),
    p("departed_on", "外出日期", "left on"),
    p("expected_return", "预计返回", "expected back"),
    p("place", "外出地点", "place"),
    p("employer", "工作单位", "employer"),
    p("residence", "居住地", "residence"),
    p("contact", "联系方式", "contact"),
    p("abroad", "出国（境）", "abroad"),
    p("fixed_place", "地点固定", "fixed place"),
    p("talk_on", "外出前谈话", "talk before"),
    p("registered_org", "流入地党组织", "org. there"),
    p("registered_on", "报到日期", "registered on"),
    p("returned_on", "返回日期", "returned on"),
    p("checked_on", "返回查验", "checked on return"),
    p("return_note", "返回情况", "on return"),
    p("cert_no", "活动证号", "certificate no."),
    p("cert_issued_on", "发证日期", "cert. issued"),
    p("cert_stamped", "基层党委盖章", "stamped"),
    p("cert_verified_on", "流入地查验", "verified there"),
    p("cert_filed", "上级备案", "filed above"),
];

const MOBILE_LOG: &[Field] = &[
    f("outflow_id", "外出", "absence", Fmt::Link),
    f("kind", "类别", "kind", vocab_fmt!(LogKind)),
    p("date", "日期", "date"),
    p("channel", "方式", "channel"),
    p("content", "内容", "content"),
];

const STUDY: &[Field] = &[
    f("kind", "方式", "kind", vocab_fmt!(StudyKind)),
    p("organiser", "组织单位", "organiser"),
    p("note", "内容", "content"),
];

const GROUP: &[Field] = &[p("name", "小组名称", "name"), f("leader_id", "组长", "leader", Fmt::Member)];

const LEAVE: &[Field] = &[p("reason", "原因", "reason")];

const PLEDGE: &[Field] = &[
    f("category", "类别", "category", vocab_fmt!(PledgeCategory)),
    p("content", "承诺内容", "content"),
    p("beneficiary", "服务对象", "beneficiary"),
    p("pledged_on", "承诺日期", "pledged on"),
    p("target_date", "完成时限", "due"),
    f("status", "状态", "status", vocab_fmt!(PledgeStatus)),
    p("progress", "进展", "progress"),
    p("fulfilled_on", "兑现日期", "fulfilled on"),
    f("evaluation", "群众评价", "evaluation", vocab_fmt!(MassEvaluation)),
    p("verified_on", "核实日期", "verified on"),
    p("eval_year", "评议年度", "assessed in"),
];

const SERVICE: &[Field] = &[
    f("kind", "方式", "kind", vocab_fmt!(ServiceKind)),
    p("counterpart", "服务对象", "counterpart"),
    p("description", "内容", "description"),
    f("time", "用时", "time", Fmt::ServiceTime),
    p("issue", "反映问题", "issue"),
];

const PAIRING: &[Field] = &[p("household", "联系户", "household"), p("outcome", "成效", "outcome")];

const POST: &[Field] = &[p("name", "岗位", "post"), p("duties", "职责", "duties")];

const CARE: &[Field] = &[
    f("reason", "原因", "reason", vocab_fmt!(CareReason)),
    p("measure", "帮扶措施", "measure"),
    f("amount_fen", "金额", "amount", Fmt::Fen),
];

const MEMBER_SERVICE: &[Field] =
    &[p("hardship", "生活困难", "hardship"), p("pledge_opt_out", "不要求承诺", "not asked to pledge")];

const ROUND: &[Field] = &[
    p("notice", "通知", "notice"),
    p("self_review", "自评", "self review"),
    p("peer_review", "互评", "peer review"),
    p("vote", "测评", "vote"),
    p("decision", "组织评定", "decision"),
    f("meeting_id", "会议", "meeting", Fmt::Plain),
];

const EVALUATION: &[Field] = &[
    p("self_assessed", "自评日期", "self-assessed"),
    p("tallies", "测评票数", "tallies"),
    p("tallies.excellent", "优秀", "excellent"),
    p("tallies.qualified", "合格", "qualified"),
    p("tallies.basic", "基本合格", "basically qualified"),
    p("tallies.unqualified", "不合格", "unqualified"),
    p("public_opinion", "群众意见", "public opinion"),
    f("grade", "等次", "grade", vocab_fmt!(Grade)),
    f("decided_by", "评定", "decided by", vocab_fmt!(DecisionBody)),
    p("opinion", "评定意见", "opinion"),
];

const RECTIFICATION: &[Field] =
    &[p("item", "整改事项", "item"), p("due", "完成时限", "due"), p("done", "完成日期", "done")];

const TALK: &[Field] = &[
    f("kind", "类型", "kind", vocab_fmt!(TalkKind)),
    f("members", "谈话对象", "members", Fmt::Member),
    p("topic", "内容", "topic"),
];

const DISPOSAL: &[Field] = &[
    f("kind", "处置", "kind", vocab_fmt!(DisposalKind)),
    p("decided_on", "决定日期", "decided on"),
    f("decided_by", "决定机关", "decided by", vocab_fmt!(DecisionBody)),
    p("deadline", "期限", "deadline"),
    p("approved_on", "批准日期", "approved on"),
    p("outcome", "结果", "outcome"),
    p("outcome_on", "结果日期", "outcome on"),
];

const COMMENDATION: &[Field] =
    &[f("title", "称号", "title", vocab_fmt!(CommendationTitle)), p("level", "级别", "level")];

const CAMPAIGN: &[Field] = &[p("name", "名称", "name"), p("start", "开始", "start"), p("end", "结束", "end")];

const DUES_PROFILE: &[Field] = &[
    f("category", "类别", "category", vocab_fmt!(DuesCategory)),
    f("schedule", "交纳方式", "schedule", vocab_fmt!(DuesSchedule)),
    p("quarterly_since", "按季交纳起", "quarterly since"),
    p("relief", "减免", "relief"),
    f("relief.kind", "减免", "relief", vocab_fmt!(ReliefKind)),
];

const CALIBRATION: &[Field] = &[
    f("category", "类别", "category", vocab_fmt!(DuesCategory)),
    f("base", "基数", "base", Fmt::Fen),
    p("rate_bp", "比例（万分之）", "rate (basis points)"),
    f("monthly", "月交额", "monthly", Fmt::Fen),
    p("calibrated_on", "核定日期", "calibrated on"),
];

const PAYMENT: &[Field] = &[
    f("month", "月份", "month", Fmt::Month),
    f("amount", "金额", "amount", Fmt::Fen),
    f("extra", "多交", "extra", Fmt::Fen),
    p("paid_on", "交纳日期", "paid on"),
    f("method", "方式", "method", vocab_fmt!(PayMethod)),
    p("proxy", "代交人", "proxy"),
    p("receipt", "收据号", "receipt"),
];

const PUBLICATION: &[Field] = &[p("published_on", "公布日期", "published on")];

const HONOURS: &[Field] = &[p("reported_on", "上报日期", "reported on")];

const SETTING: &[Field] = &[
    p("branch_name", "支部名称", "branch name"),
    p("superior", "上级党组织", "superior organisation"),
    f("unit_type", "单位类型", "unit type", vocab_fmt!(crate::domain::settings::UnitType)),
    f("rule_set", "规则", "rule set", vocab_fmt!(crate::domain::settings::RuleSet)),
    p("hours_per_day", "每天折合小时", "hours per day"),
    p("ascii_borders", "ASCII 边框", "ASCII borders"),
    p("records_from", "记录起始日期", "records from"),
    p("kind_credit_min", "各类会议学时", "credit per meeting kind"),
    p("cadence", "会议周期", "meeting cadence"),
    p("dues", "党费设置", "dues settings"),
];

const KINDS: &[Kind] = &[
    Kind { table: "member", noun: ("党员", "member"), title: &["name"], fields: MEMBER },
    Kind { table: "meeting", noun: ("会议", "meeting"), title: &["date", "kinds"], fields: MEETING },
    Kind {
        table: "study_record", noun: ("个人学习", "study record"), title: &["member_id", "date"], fields: STUDY
    },
    Kind { table: "party_group", noun: ("党小组", "party group"), title: &["name"], fields: GROUP },
    Kind { table: "setting", noun: ("支部设置", "settings"), title: &[], fields: SETTING },
    Kind { table: "standing_leave", noun: ("长期请假", "standing leave"), title: &["member_id"], fields: LEAVE },
    Kind {
        table: "honours_report", noun: ("光荣在党50年上报", "50-years report"), title: &["year"], fields: HONOURS
    },
    Kind { table: "pledge", noun: ("承诺", "pledge"), title: &["member_id", "year"], fields: PLEDGE },
    Kind {
        table: "service_record",
        noun: ("联系服务", "service record"),
        title: &["member_id", "date"],
        fields: SERVICE,
    },
    Kind { table: "pairing", noun: ("结对", "pairing"), title: &["member_id", "household"], fields: PAIRING },
    Kind { table: "service_post", noun: ("设岗定责", "post"), title: &["member_id", "name"], fields: POST },
    Kind { table: "care_record", noun: ("关怀帮扶", "care record"), title: &["member_id", "date"], fields: CARE },
    Kind {
        table: "member_service", noun: ("党员服务设置", "member service"), title: &[], fields: MEMBER_SERVICE
    },
    Kind { table: "evaluation_round", noun: ("民主评议", "evaluation round"), title: &["year"], fields: ROUND },
    Kind { table: "evaluation", noun: ("评议", "evaluation"), title: &["member_id", "year"], fields: EVALUATION },
    Kind {
        table: "rectification",
        noun: ("整改事项", "rectification"),
        title: &["member_id", "item"],
        fields: RECTIFICATION,
    },
    Kind { table: "talk", noun: ("谈话", "talk"), title: &["date", "kind"], fields: TALK },
    Kind { table: "disposal", noun: ("组织处置", "disposal"), title: &["member_id", "kind"], fields: DISPOSAL },
    Kind {
        table: "commendation",
        noun: ("表彰", "commendation"),
        title: &["member_id", "title"],
        fields: COMMENDATION,
    },
    Kind { table: "campaign", noun: ("党性分析", "campaign"), title: &["name"], fields: CAMPAIGN },
    Kind {
        table: "campaign_member", noun: ("党性分析记录", "campaign entry"), title: &["member_id"], fields: &[]
    },
    Kind { table: "dues_profile", noun: ("党费信息", "dues profile"), title: &["member_id"], fields: DUES_PROFILE },
    Kind {
        table: "dues_calibration",
        noun: ("党费基数", "dues base"),
        title: &["member_id", "year"],
        fields: CALIBRATION,
    },
    Kind {
        table: "mobile_outflow", noun: ("外出", "absence"), title: &["member_id", "departed_on"], fields: OUTFLOW
    },
    Kind { table: "mobile_log", noun: ("外出记录", "absence log"), title: &["date", "kind"], fields: MOBILE_LOG },
    Kind {
        table: "incoming_member",
        noun: ("流入党员", "incoming member"),
        title: &["name", "home_branch"],
        fields: INCOMING,
    },
    Kind { table: "dues_payment", noun: ("党费", "dues payment"), title: &["member_id", "month"], fields: PAYMENT },
    Kind {
        table: "dues_publication", noun: ("党费公布", "dues publication"), title: &["year"], fields: PUBLICATION
    },
];

/// Every logged table with its kind (tests check that each table the store logs has one).
pub fn tables() -> impl Iterator<Item = &'static str> {
    KINDS.iter().map(|k| k.table)
}

pub(crate) fn kind(table: &str) -> Option<&'static Kind> {
    KINDS.iter().find(|k| k.table == table)
}

/// A changed field's label as the history shows it, for a form whose own fields are keyed
/// otherwise (a conflict names what the other window changed); the key when it has none.
pub fn field_label(table: &str, key: &str, lang: Lang) -> String {
    kind(table).map_or_else(|| key.to_string(), |k| k.label(key, lang))
}

/// The names the values refer to: members and groups by id.
#[derive(Default)]
pub(crate) struct Names {
    pub members: IdMap<i64, String>,
    pub groups: IdMap<i64, String>,
    /// Incoming mobile members' home branches by id (a guest's is shown with it).
    pub incoming_home: IdMap<i64, String>,
    /// Study time as the branch counts it (days or 学时); hours without it.
    pub unit: Option<crate::domain::study::CreditUnit>,
}

impl Kind {
    fn field(&self, key: &str) -> Option<&'static Field> {
        self.fields.iter().chain(COMMON).find(|f| f.key == key)
    }

    /// A field not shown in history (see [`Fmt::Link`]).
    pub fn hidden(&self, key: &str) -> bool {
        self.field(key).is_some_and(|f| matches!(f.fmt, Fmt::Link))
    }

    /// A field's label; the key itself for a field without one.
    pub fn label(&self, key: &str, lang: Lang) -> String {
        self.field(key).map(|f| lang.t(f.label).to_string()).unwrap_or_else(|| key.to_string())
    }

    /// A stored value as the user sees it.
    pub fn show(&self, key: &str, v: &Value, names: &Names, lang: Lang) -> String {
        let fmt = self.field(key).map_or(Fmt::Plain, |f| f.fmt);
        show(self, key, fmt, v, names, lang)
    }

    /// The words that name one record ("2026-11-28 支部委员会", "张三").
    pub fn title(&self, record: &Value, names: &Names, lang: Lang) -> String {
        let parts: Vec<String> = self
            .title
            .iter()
            .filter_map(|k| record.get(*k).filter(|v| !v.is_null()).map(|v| self.show(k, v, names, lang)))
            .filter(|s| !s.is_empty())
            .collect();
        parts.join(" ")
    }
}

/// The kind of a table without an entry: a record, its fields named by their keys.
pub(crate) fn unknown() -> Kind {
    Kind { table: "", noun: ("记录", "record"), title: &[], fields: &[] }
}

fn show(kind: &Kind, key: &str, fmt: Fmt, v: &Value, names: &Names, lang: Lang) -> String {
    let empty = || lang.pick("（空）", "(none)").to_string();
    let list = |items: &[Value], one: &dyn Fn(&Value) -> String| {
        if items.is_empty() {
            return empty();
        }
        items.iter().map(one).collect::<Vec<_>>().join(lang.pick("、", ", "))
    };
    match (fmt, v) {
        (_, Value::Null) => empty(),
        (Fmt::Vocab(label), Value::String(id)) => label(id, lang).map(str::to_string).unwrap_or_else(|| id.clone()),
        (Fmt::Member, Value::Number(n)) => {
            n.as_i64().and_then(|id| names.members.get(&id).cloned()).unwrap_or_else(|| n.to_string())
        }
        (Fmt::Group, Value::Number(n)) => {
            n.as_i64().and_then(|id| names.groups.get(&id).cloned()).unwrap_or_else(|| n.to_string())
        }
        (Fmt::Guests, Value::Array(items)) => list(items, &|g| guest(g, names, lang)),
        (Fmt::Vocab(_) | Fmt::Member | Fmt::Group | Fmt::Plain, Value::Array(items)) => {
            list(items, &|x| show(kind, key, fmt, x, names, lang))
        }
        (Fmt::Minutes, Value::Number(n)) if names.unit.is_some() && n.is_i64() => {
            names.unit.map(|u| u.format(n.as_i64().unwrap_or(0), lang)).unwrap_or_default()
        }
        (Fmt::Minutes, Value::Number(n)) => {
            let min = n.as_i64().unwrap_or(0);
            let hours = min as f64 / 60.0;
            let h = if min % 60 == 0 { format!("{}", min / 60) } else { format!("{hours:.1}") };
            format!("{h} {}", lang.pick("小时", "h"))
        }
        (Fmt::Fen, Value::Number(n)) => {
            let fen = n.as_i64().unwrap_or(0);
            format!("{}.{:02} {}", fen / 100, (fen % 100).abs(), lang.pick("元", "yuan"))
        }
        (Fmt::Time, Value::String(t)) => t.get(..5).unwrap_or(t).to_string(),
        (Fmt::ServiceTime, _) => {
            serde_json::from_value::<ServiceTime>(v.clone()).map(|t| t.format(lang)).unwrap_or_else(|_| v.to_string())
        }
        (Fmt::Month, Value::Object(o)) => {
            match (o.get("year").and_then(Value::as_i64), o.get("month").and_then(Value::as_i64)) {
                (Some(y), Some(m)) => format!("{y}-{m:02}"),
                _ => v.to_string(),
            }
        }
        (Fmt::Attendance, Value::Array(rows)) => {
            let mut counts: Vec<(String, usize)> = Vec::new();
            for r in rows {
                let status = r.get("status").and_then(Value::as_str).unwrap_or("");
                let label =
                    Attendance::from_id(status).map(|a| a.label(lang).to_string()).unwrap_or_else(|| status.into());
                match counts.iter_mut().find(|(l, _)| *l == label) {
                    Some((_, n)) => *n += 1,
                    None => counts.push((label, 1)),
                }
            }
            let total = format!("{} {}", lang.pick("应到", "expected"), rows.len());
            std::iter::once(total)
                .chain(counts.into_iter().map(|(l, n)| format!("{l} {n}")))
                .collect::<Vec<_>>()
                .join(" ")
        }
        (_, Value::Object(o)) => {
            // A nested record (an archive, an exemption): its fields in order, labelled by
            // `outer.inner` or `inner`.
            let parts: Vec<String> = o
                .iter()
                .filter(|(_, x)| !x.is_null() && x.as_str() != Some(""))
                .map(|(k, x)| {
                    let inner = format!("{key}.{k}");
                    let (label, fmt) = match kind.field(&inner).or_else(|| kind.field(k)) {
                        Some(f) => (lang.t(f.label).to_string(), f.fmt),
                        None => (k.clone(), Fmt::Plain),
                    };
                    format!("{label} {}", show(kind, &inner, fmt, x, names, lang))
                })
                .collect();
            if parts.is_empty() { empty() } else { parts.join(lang.pick("，", ", ")) }
        }
        (_, Value::Bool(b)) => lang.pick(if *b { "是" } else { "否" }, if *b { "yes" } else { "no" }).to_string(),
        (_, Value::String(s)) if s.is_empty() => empty(),
        (_, Value::String(s)) => s.clone(),
        (_, other) => other.to_string(),
    }
}

/// One logged guest: the plain name, or `{"name", "incoming_id", "absent"}`.
fn guest(v: &Value, names: &Names, lang: Lang) -> String {
    let Some(o) = v.as_object() else { return v.as_str().map_or_else(|| v.to_string(), str::to_string) };
    let incoming_id = o.get("incoming_id").and_then(Value::as_i64);
    let g = Guest {
        name: o.get("name").and_then(Value::as_str).unwrap_or_default().to_string(),
        incoming_id,
        absent: o.get("absent").and_then(Value::as_bool).unwrap_or(false),
        home_branch: incoming_id.and_then(|id| names.incoming_home.get(&id).cloned()).unwrap_or_default(),
        cert_no: String::new(),
    };
    // One whose member was deleted from the register keeps the mark of not having come.
    g.shown(lang)
}

/// The fields that differ between two versions of a record, in the record's order (top-level
/// keys; a nested record or list counts as one field). Ids never change and are left out.
pub(crate) fn changed_fields(before: Option<&Value>, after: Option<&Value>) -> Vec<String> {
    let keys = |v: Option<&Value>| -> Vec<String> {
        v.and_then(Value::as_object).map(|o| o.keys().cloned().collect()).unwrap_or_default()
    };
    let mut out: Vec<String> = Vec::new();
    for k in keys(before).into_iter().chain(keys(after)) {
        if k == "id" || out.contains(&k) {
            continue;
        }
        let a = before.and_then(|v| v.get(&k));
        let b = after.and_then(|v| v.get(&k));
        let blank = |x: Option<&Value>| {
            x.is_none_or(|x| x.is_null() || x.as_str() == Some("") || x.as_array().is_some_and(|a| a.is_empty()))
        };
        if a != b && !(blank(a) && blank(b)) {
            out.push(k);
        }
    }
    out
}

/// What changed in a meeting's attendance, member by member: (name, before, after), each side
/// the status with its reason ("请假（出差）"), empty when the member was not on that list.
pub(crate) fn attendance_changes(
    before: &Value,
    after: &Value,
    names: &Names,
    lang: Lang,
) -> Vec<(String, String, String)> {
    let rows = |v: &Value| -> Vec<(i64, String)> {
        v.as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|r| {
                        let id = r.get("member_id")?.as_i64()?;
                        let status = r.get("status")?.as_str()?;
                        let mut text = Attendance::from_id(status)
                            .map(|s| s.label(lang).to_string())
                            .unwrap_or_else(|| status.into());
                        if let Some(reason) = r.get("reason").and_then(Value::as_str).filter(|s| !s.is_empty()) {
                            text.push_str(&match lang {
                                Lang::Zh => format!("（{reason}）"),
                                Lang::En => format!(" ({reason})"),
                            });
                        }
                        Some((id, text))
                    })
                    .collect()
            })
            .unwrap_or_default()
    };
    let (old, new) = (rows(before), rows(after));
    let mut ids: Vec<i64> = old.iter().chain(&new).map(|(id, _)| *id).collect();
    ids.dedup();
    let mut seen = std::collections::HashSet::new();
    ids.retain(|id| seen.insert(*id));
    let find = |list: &[(i64, String)], id: i64| {
        list.iter().find(|(i, _)| *i == id).map(|(_, t)| t.clone()).unwrap_or_default()
    };
    ids.into_iter()
        .filter_map(|id| {
            let (a, b) = (find(&old, id), find(&new, id));
            let name = names.members.get(&id).cloned().unwrap_or_else(|| id.to_string());
            (a != b).then_some((name, a, b))
        })
        .collect()
}
