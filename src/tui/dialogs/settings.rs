//! The branch settings dialog: identity, the study rule set and every cadence, credit, grace,
//! warning and tolerance parameter (docs/rules.md).

use crate::domain::lang::Lang;
use crate::domain::meeting::MeetingKind;
use crate::domain::rules::CADENCE_KINDS;
use crate::domain::settings::{Cadence, RuleSet, Settings, UnitType, key, parse_month_day, range};
use crate::domain::study::CreditUnit;
use crate::domain::{dues, theme_day};
use crate::tui::app::{App, Overlay, SaveResult};
use crate::tui::form::{Field, Form, FormKind, Opt};
use crate::tui::tab::SaveError;

/// The settings key of a kind's credit (`credit.theme_day`), as a form field key.
fn credit_key(k: MeetingKind) -> &'static str {
    kind_key(key::CREDIT_PREFIX, k)
}

/// The settings key of a kind's cadence (`cadence.theme_day`).
fn cadence_key(k: MeetingKind) -> &'static str {
    kind_key(key::CADENCE_PREFIX, k)
}

/// `prefix` + the kind's id, made once per program run: form field keys are `&'static str`.
fn kind_key(prefix: &'static str, k: MeetingKind) -> &'static str {
    use std::sync::OnceLock;
    static KEYS: OnceLock<Vec<(&'static str, MeetingKind, &'static str)>> = OnceLock::new();
    let keys = KEYS.get_or_init(|| {
        [key::CREDIT_PREFIX, key::CADENCE_PREFIX]
            .iter()
            .flat_map(|&p| MeetingKind::ALL.iter().map(move |&k| (p, k, &*format!("{p}{}", k.id()).leak())))
            .collect()
    });
    keys.iter().find(|(p, kind, _)| *p == prefix && *kind == k).map_or("", |(_, _, key)| key)
}

fn opts<T: Copy>(all: &[T], id: fn(T) -> &'static str, label: fn(T, Lang) -> &'static str, lang: Lang) -> Vec<Opt> {
    all.iter().map(|&v| Opt::new(id(v), label(v, lang))).collect()
}

pub fn settings_form(s: &Settings, lang: Lang) -> Form {
    let unit = CreditUnit::of(s);
    let days = lang.pick("天", "days");
    let mut fields = vec![
        Field::text(key::BRANCH_NAME, lang.pick("支部名称", "Branch name"), &s.branch_name),
        Field::text(key::SUPERIOR, lang.pick("上级党委", "Superior committee"), &s.superior),
        Field::choice(
            key::UNIT_TYPE,
            lang.pick("单位类型", "Unit type"),
            opts(UnitType::ALL, UnitType::id, UnitType::label, lang),
            s.unit_type.id(),
        ),
        Field::choice(
            key::RULE_SET,
            lang.pick("学习规则", "Study rules"),
            opts(RuleSet::ALL, RuleSet::id, RuleSet::label, lang),
            s.rule_set.id(),
        ),
        Field::text(key::HOURS_PER_DAY, lang.pick("每天学时数", "Hours per day"), &s.hours_per_day.to_string())
            .hint(lang.pick("1-12，默认 8", "1-12, default 8")),
        Field::text(key::TOLERANCE, lang.pick("进度容差", "Pace tolerance"), &unit.format(s.tolerance_min, lang))
            .hint(lang.pick("低于进度多少算落后", "how far below pace is behind")),
    ];
    for &k in MeetingKind::ALL {
        let label = format!("{}{}", lang.pick("学时:", "credit: "), k.short(lang));
        fields.push(Field::text(credit_key(k), &label, &unit.format(s.credit_for(k), lang)).hint(k.label(lang)));
    }
    for k in CADENCE_KINDS {
        let label = format!("{}{}", lang.pick("频次:", "cadence: "), k.short(lang));
        fields.push(
            Field::choice(
                cadence_key(k),
                &label,
                opts(Cadence::ALL, Cadence::id, Cadence::label, lang),
                s.cadence_for(k).id(),
            )
            .hint(k.label(lang)),
        );
    }
    fields.extend([
        Field::text(theme_day::key::DAY, lang.pick("主题党日固定日", "Theme day"), &s.theme_day.day.to_string())
            .hint(lang.pick("每月几日，1-31；没有这天的月份取月末", "day of the month, 1-31; else its last day")),
        Field::choice(
            theme_day::key::SHIFT,
            lang.pick("遇周末节假日", "On a day off"),
            opts(theme_day::Shift::ALL, theme_day::Shift::id, theme_day::Shift::label, lang),
            s.theme_day.shift.id(),
        )
        .hint(lang.pick("元旦、五一、国庆；农历节日请在计划中改日期", "fixed-date holidays only")),
        Field::text(key::GRACE_DAYS, lang.pick("逾期宽限天数", "Grace days"), &s.grace_days.to_string())
            .hint(lang.pick("周期结束后多少天算逾期", "days after a period before overdue")),
        Field::text(key::WARN_DAYS, lang.pick("提前提醒天数", "Warn days"), &s.warn_days.to_string())
            .hint(lang.pick("周期结束前多少天提示将到期", "days before a period ends")),
        Field::text(
            key::YEARLY_WARN_DAYS,
            lang.pick("年度事项提前提醒", "Yearly warn days"),
            &s.yearly_warn_days.to_string(),
        )
        .hint(lang.pick("组织生活会、领导干部党课、书记轮训", "org-life meeting, cadre lecture, rotation")),
        Field::text(
            key::ORG_LIFE_CUTOFF,
            lang.pick("组织生活会截止", "Org-life cutoff"),
            &format!("{:02}-{:02}", s.org_life_cutoff.0, s.org_life_cutoff.1),
        )
        .hint(lang.pick("月-日；7 月前的日期指次年", "MM-DD; before July means next year")),
        Field::text(
            key::PROBATION_WARN,
            lang.pick("预备期满提前", "Probation warn"),
            &s.probation_warn_days.to_string(),
        )
        .hint(days),
        Field::text(
            key::PROBATION_GRACE,
            lang.pick("转正宽限", "Probation grace"),
            &s.probation_grace_days.to_string(),
        )
        .hint(lang.pick("预备期满后多少天未转正算逾期", "days after probation ends")),
        Field::text(
            key::ORG_LIFE_WARN,
            lang.pick("组织生活预警", "Org-life warning"),
            &s.org_life_warn_months.to_string(),
        )
        .hint(lang.pick("连续几个月未参加即提醒（6 个月为逾期）", "months without org life (6 is overdue)")),
        Field::text(key::ROTATION_YEARS, lang.pick("支委轮训间隔", "Rotation years"), &s.rotation_years.to_string())
            .hint(lang.pick("年；2006年意见 3 年，2019年规划 1 年", "years: 3 (2006) or 1 (2019 plan)")),
        Field::text(dues::key::DUE_DAY, lang.pick("党费截止日", "Dues due day"), &s.dues.due_day.to_string())
            .hint(lang.pick("每月几日前交；0=月末", "day of the month; 0 = its last day")),
        Field::choice(
            dues::key::ROUNDING,
            lang.pick("党费保留到", "Dues rounded to"),
            dues::Rounding::ALL.iter().map(|r| Opt::new(r.id(), r.label(lang))).collect(),
            s.dues.rounding.id(),
        ),
        Field::text(dues::key::WARN_MONTHS, lang.pick("党费预警", "Dues warning"), &s.dues.warn_months.to_string())
            .hint(lang.pick("连续几个月未交即提醒（6 个月为逾期）", "months unpaid (6 is overdue)")),
        Field::text(
            key::PLEDGE_DEADLINE,
            lang.pick("承诺截止", "Pledge deadline"),
            &format!("{:02}-{:02}", s.pledge_deadline.0, s.pledge_deadline.1),
        )
        .hint(lang.pick("月-日；党员每年此前公开承诺", "MM-DD; each year's pledges by then")),
        Field::text(key::FEEDBACK_DAYS, lang.pick("群众反映反馈", "Feedback days"), &s.feedback_days.to_string())
            .hint(lang.pick("天；群众反映的问题多少天内反馈", "days to answer an issue raised")),
        Field::text(
            key::MOBILE_CONTACT,
            lang.pick("流动党员联系", "Mobile contact"),
            &s.mobile_contact_months.to_string(),
        )
        .hint(lang.pick("月；与外出党员至少联系一次（国外 6 个月）", "months between contacts (abroad: 6)")),
        Field::text(
            key::EXCELLENT_CAP,
            lang.pick("优秀比例上限", "Excellent cap"),
            &format!("{}/{}", s.excellent_cap.0, s.excellent_cap.1),
        )
        .hint(lang.pick("民主评议“优秀”占参评人数的比例，一般 1/3", "share of those graded, usually 1/3")),
        Field::date(key::RECORDS_FROM, lang.pick("台账起始日", "Records from"), s.records_from, lang).hint(lang.pick(
            "此日前不计逾期；空=自动（文件中最早的记录）",
            "nothing before is required; empty = the earliest record",
        )),
        Field::choice(
            key::COUNT_ONLINE,
            lang.pick("在线学习计入", "Online study"),
            vec![
                Opt::new("", lang.pick("按学习规则", "by the rule set")),
                Opt::new("1", lang.pick("计入", "counts")),
                Opt::new("0", lang.pick("不计入", "does not count")),
            ],
            &s.count_online.map_or(String::new(), |b| (b as u8).to_string()),
        )
        .hint(lang.pick("按规则：2006年意见不计，2019年条例计入", "by rules: not under 2006, yes under 2019")),
        Field::choice(
            key::COUNT_MADE_UP,
            lang.pick("补学计入", "Make-up study"),
            vec![Opt::new("1", lang.pick("计入", "counts")), Opt::new("0", lang.pick("不计入", "does not count"))],
            if s.count_made_up { "1" } else { "0" },
        ),
        Field::choice(
            key::ASCII_BORDERS,
            lang.pick("ASCII 边框", "ASCII borders"),
            vec![Opt::new("0", lang.pick("否", "no")), Opt::new("1", lang.pick("是", "yes"))],
            if s.ascii_borders { "1" } else { "0" },
        )
        .hint(lang.pick("表格线显示错位时选「是」", "if line characters draw too wide")),
    ]);
    Form::new(FormKind::Settings, lang.pick("支部设置", "Branch settings").to_string(), fields)
        .editing(Some(crate::service::Record::Settings))
}

/// Choosing `jy2019` suggests its yearly party-school rotation ([GH]); the secretary can change it.
pub fn sync_form(form: &mut Form) {
    if !form.field(key::ROTATION_YEARS).touched && form.field(key::RULE_SET).touched {
        let years = if form.choice(key::RULE_SET) == RuleSet::Jy2019.id() { "1" } else { "3" };
        form.set_text(key::ROTATION_YEARS, years);
    }
}

/// Reads the settings form over the current settings; `None` when a value does not parse.
pub fn settings_from_form(
    form: &mut Form,
    current: &Settings,
    today: chrono::NaiveDate,
    lang: Lang,
) -> Option<Settings> {
    let mut s = current.clone();
    s.branch_name = form.text(key::BRANCH_NAME);
    s.superior = form.text(key::SUPERIOR);
    s.unit_type = UnitType::from_id(form.choice(key::UNIT_TYPE)).unwrap_or(s.unit_type);
    s.rule_set = RuleSet::from_id(form.choice(key::RULE_SET)).unwrap_or(s.rule_set);
    s.ascii_borders = form.choice(key::ASCII_BORDERS) == "1";
    s.count_online = match form.choice(key::COUNT_ONLINE) {
        "" => None,
        v => Some(v == "1"),
    };
    s.count_made_up = form.choice(key::COUNT_MADE_UP) != "0";
    let n = |form: &mut Form, k: &'static str, r: (i64, i64)| form.number(k, r, lang).map(|v| v as u32);
    if let Some(h) = n(form, key::HOURS_PER_DAY, range::HOURS_PER_DAY) {
        s.hours_per_day = h;
    }
    let unit = CreditUnit::of(&s);
    let credit = |form: &mut Form, k: &'static str| match unit.parse(&form.text(k)) {
        Ok(m) => Some(m),
        Err(p) => {
            form.set_error(k, p.text(lang));
            None
        }
    };
    if let Some(t) = credit(form, key::TOLERANCE) {
        s.tolerance_min = t;
    }
    for &k in MeetingKind::ALL {
        if let Some(m) = credit(form, credit_key(k))
            && let Some(slot) = s.kind_credit_min.iter_mut().find(|(kk, _)| *kk == k)
        {
            slot.1 = m;
        }
    }
    for k in CADENCE_KINDS {
        if let Some(c) = Cadence::from_id(form.choice(cadence_key(k)))
            && let Some(slot) = s.cadence.iter_mut().find(|(kk, _)| *kk == k)
        {
            slot.1 = c;
        }
    }
    // `15`, `15日`, `每月15号` all mean the 15th.
    let day = crate::domain::dates::ascii_digits(&form.text(theme_day::key::DAY));
    let day = day.trim().trim_start_matches("每月").trim_end_matches(['日', '号']).trim();
    match day.parse::<i64>() {
        Ok(d) if (theme_day::DAY_RANGE.0..=theme_day::DAY_RANGE.1).contains(&d) => s.theme_day.day = d as u32,
        _ => form.set_error(
            theme_day::key::DAY,
            lang.pick("填每月几日：1 到 31 的数字，如 15", "a day of the month from 1 to 31, e.g. 15").into(),
        ),
    }
    s.theme_day.shift = theme_day::Shift::from_id(form.choice(theme_day::key::SHIFT)).unwrap_or(s.theme_day.shift);
    if let Some(v) = n(form, key::GRACE_DAYS, range::GRACE_DAYS) {
        s.grace_days = v;
    }
    if let Some(v) = n(form, key::WARN_DAYS, range::WARN_DAYS) {
        s.warn_days = v;
    }
    if let Some(v) = n(form, key::YEARLY_WARN_DAYS, range::YEARLY_WARN_DAYS) {
        s.yearly_warn_days = v;
    }
    match parse_month_day(&form.text(key::ORG_LIFE_CUTOFF)) {
        Some(md) => s.org_life_cutoff = md,
        None => form.set_error(
            key::ORG_LIFE_CUTOFF,
            lang.pick("格式：月-日，如 12-31 或 02-28", "as MM-DD, e.g. 12-31 or 02-28").into(),
        ),
    }
    if let Some(v) = n(form, key::PROBATION_WARN, range::PROBATION_DAYS) {
        s.probation_warn_days = v;
    }
    if let Some(v) = n(form, key::PROBATION_GRACE, range::PROBATION_DAYS) {
        s.probation_grace_days = v;
    }
    if let Some(v) = n(form, key::ORG_LIFE_WARN, range::ORG_LIFE_WARN) {
        s.org_life_warn_months = v;
    }
    if let Some(v) = n(form, key::ROTATION_YEARS, range::ROTATION_YEARS) {
        s.rotation_years = v;
    }
    if let Some(v) = n(form, dues::key::DUE_DAY, (0, 28)) {
        s.dues.due_day = v;
    }
    s.dues.rounding = dues::Rounding::from_id(form.choice(dues::key::ROUNDING)).unwrap_or(s.dues.rounding);
    if let Some(v) = n(form, dues::key::WARN_MONTHS, (1, 5)) {
        s.dues.warn_months = v;
    }
    match parse_month_day(&form.text(key::PLEDGE_DEADLINE)) {
        Some(md) => s.pledge_deadline = md,
        None => form.set_error(key::PLEDGE_DEADLINE, lang.pick("格式：月-日，如 03-31", "as MM-DD, e.g. 03-31").into()),
    }
    if let Some(v) = n(form, key::FEEDBACK_DAYS, range::FEEDBACK_DAYS) {
        s.feedback_days = v;
    }
    if let Some(v) = n(form, key::MOBILE_CONTACT, range::MOBILE_CONTACT) {
        s.mobile_contact_months = v;
    }
    match crate::domain::settings::parse_share(&form.text(key::EXCELLENT_CAP)) {
        Some(cap) => s.excellent_cap = cap,
        None => {
            // A fraction of the right shape is refused for its size, and says so.
            let shaped = form
                .text(key::EXCELLENT_CAP)
                .split_once('/')
                .is_some_and(|(a, b)| a.trim().parse::<u32>().is_ok() && b.trim().parse::<u32>().is_ok());
            let text = match shaped {
                true => lang.pick(
                    "比例不能超过 1（分子不大于分母），分母 1 到 100",
                    "at most 1 (top no larger than bottom), bottom 1 to 100",
                ),
                false => lang.pick("格式：分子/分母，如 1/3", "as a fraction, e.g. 1/3"),
            };
            form.set_error(key::EXCELLENT_CAP, text.into())
        }
    }
    s.records_from = form.date(key::RECORDS_FROM, false, today, lang);
    (!form.has_errors()).then_some(s)
}

impl App {
    pub(crate) fn open_settings(&mut self) {
        // Another process may have changed them since start.
        if let Err(e) = self.service.reload_settings() {
            self.error(&e);
        }
        self.overlay = Overlay::Form(Box::new(settings_form(self.service.settings(), self.lang)));
    }

    pub(crate) fn save_settings(&mut self, form: &mut Form) -> SaveResult {
        let s = settings_from_form(form, self.service.settings(), self.today(), self.lang).ok_or(SaveError::Invalid)?;
        self.service.save_settings(s, form.seen())?;
        self.settings_changed();
        self.info(self.lang.pick("设置已保存，立即生效", "settings saved; in effect now"));
        Ok(None)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `2/1` has the fraction's shape: it was refused as if it had not ("格式：分子/分母").
    #[test]
    fn an_excellent_share_over_one_is_refused_for_its_size() {
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 28).unwrap();
        for (typed, says) in
            [("2/1", "比例不能超过 1"), ("1/200", "比例不能超过 1"), ("三分之一", "格式：分子/分母"), ("1/3", "")]
        {
            let s = Settings::default();
            let mut form = settings_form(&s, Lang::Zh);
            form.set_text(key::EXCELLENT_CAP, typed);
            let read = settings_from_form(&mut form, &s, today, Lang::Zh);
            let error = form.field(key::EXCELLENT_CAP).error.clone().unwrap_or_default();
            assert!(error.contains(says), "{typed}: {error}");
            assert_eq!(read.is_some(), says.is_empty(), "{typed}");
        }
    }
}
