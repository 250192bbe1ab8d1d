//! The individual study record form (个人学习), opened from the 党员 and 学习 tabs alike.

use crate::domain::lang::Lang;
use crate::domain::meeting::{StudyDraft, StudyKind, StudyRecord, field};
use crate::domain::settings::Settings;
use crate::domain::study::{CreditUnit, record_counts};
use crate::service::search::SearchKey;
use crate::tui::form::{Field, Form, FormKind, Opt, PickOpt};
use crate::tui::tab::{Action, Cx, SaveError};

/// The form's name in `FormKind::Tab`; a tab that opens it saves it with [`save`].
pub const KIND: &str = "study";

/// The form for `member` (chosen in the form when `None`), empty or filled from `r`.
pub fn study_form(cx: &Cx, member: Option<i64>, r: Option<&StudyRecord>) -> Form {
    let lang: Lang = cx.lang;
    let unit = CreditUnit::of(cx.service.settings());
    let all = cx.service.members().unwrap_or_default();
    let exempt = all.iter().any(|m| Some(m.id) == member && m.exempt_on(cx.today()));
    let members: Vec<PickOpt> = all
        .into_iter()
        .filter(|m| !m.is_archived() || Some(m.id) == member)
        .map(|m| PickOpt { key: SearchKey::new(&m.draft.name, &m.number), id: m.id, label: m.draft.name.into() })
        .collect();
    let d = r.map(|r| &r.draft);
    let settings = cx.service.settings();
    let kinds: Vec<Opt> = StudyKind::ALL
        .iter()
        .map(|&k| Opt::new(k.id(), k.label(lang)).with_note(not_counted_note(k, settings, lang)))
        .collect();
    let fields = vec![
        Field::pick(field::STUDY_MEMBER, lang.pick("党员", "Member"), members, member),
        Field::date(field::STUDY_DATE, lang.pick("日期", "Date"), Some(d.map_or(cx.today(), |d| d.date)), lang),
        Field::choice(
            field::STUDY_KIND,
            lang.pick("类型", "Kind"),
            kinds,
            d.map_or(default_kind(settings, exempt).id(), |d| d.kind.id()),
        ),
        Field::text(field::STUDY_ORGANISER, lang.pick("组织单位", "Organiser"), d.map_or("", |d| &d.organiser)),
        Field::text(
            field::STUDY_CREDIT,
            lang.pick("学时", "Credit"),
            &d.map(|d| unit.format(d.credit_min, lang)).unwrap_or_default(),
        )
        .hint(lang.pick("如 0.5天、3小时、3h", "e.g. 0.5d, 3h")),
        Field::text(field::STUDY_NOTE, lang.pick("说明", "Note"), d.map_or("", |d| &d.note)),
    ];
    let title = if r.is_some() {
        lang.pick("修改个人学习记录", "Edit study record")
    } else {
        lang.pick("登记个人学习", "Add a study record")
    };
    let mut form = Form::new(FormKind::Tab(KIND, r.map(|r| r.id)), title.to_string(), fields)
        .editing(r.map(|r| crate::service::Record::Study(r.id)));
    if member.is_some() {
        form.focus_key(field::STUDY_DATE);
    }
    form
}

/// The kind a new record starts with: one that counts toward study time (docs/rules.md), the
/// one a secretary enters most: 送学上门 for a member exempt from collective study (the only way
/// such a member studies), else 补学 (catching up what was missed) while the settings count it,
/// else 党校轮训, which always counts.
pub fn default_kind(s: &Settings, exempt: bool) -> StudyKind {
    if exempt {
        StudyKind::HomeDelivered
    } else if record_counts(StudyKind::MadeUp, s) {
        StudyKind::MadeUp
    } else {
        StudyKind::PartySchool
    }
}

/// What the form says beside the kind when a record of it does not count toward the yearly
/// study time under these settings (docs/rules.md: 在线学习 not under the 2006 rules unless the
/// settings say so, 补学 as the settings say); empty when it counts. No kind counts in part:
/// a record that counts counts whole.
pub fn not_counted_note(kind: StudyKind, s: &Settings, lang: Lang) -> &'static str {
    if record_counts(kind, s) {
        return "";
    }
    match kind {
        StudyKind::Online => lang.pick(
            "不计入学习时间（设置「在线学习计入」可改）",
            "does not count toward study time (setting: Online study)",
        ),
        _ => lang.pick(
            "不计入学习时间（设置「补学计入」可改）",
            "does not count toward study time (setting: Make-up study)",
        ),
    }
}

/// Saves the form as record `id` (`None`: a new one).
pub fn save(form: &mut Form, id: Option<i64>, cx: &mut Cx) -> Result<Vec<Action>, SaveError> {
    let (today, lang) = (cx.today(), cx.lang);
    let unit = CreditUnit::of(cx.service.settings());
    let member = form.picked(field::STUDY_MEMBER);
    if member.is_none() {
        form.set_error(field::STUDY_MEMBER, lang.pick("请选择党员", "choose a member").into());
    }
    let date = form.date(field::STUDY_DATE, true, today, lang);
    let credit = match unit.parse(&form.text(field::STUDY_CREDIT)) {
        Ok(c) => Some(c),
        Err(p) => {
            form.set_error(field::STUDY_CREDIT, p.text(lang));
            None
        }
    };
    let (Some(member_id), Some(date), Some(credit_min)) = (member, date, credit) else {
        return Err(SaveError::Invalid);
    };
    let d = StudyDraft {
        member_id,
        date,
        kind: StudyKind::from_id(form.choice(field::STUDY_KIND))
            .unwrap_or_else(|| default_kind(cx.service.settings(), false)),
        organiser: form.text(field::STUDY_ORGANISER),
        credit_min,
        note: form.text(field::STUDY_NOTE),
    };
    cx.service.save_study(id.map(|id| (id, form.seen())), &d)?;
    Ok(vec![Action::Reload, Action::Info(lang.pick("已保存学习记录", "study record saved").into())])
}

/// The form for the same stored record, read afresh (`Ctrl-R` after a conflict).
pub fn reopen(form: &Form, cx: &Cx) -> Option<Result<Form, crate::service::ServiceError>> {
    let FormKind::Tab(KIND, Some(id)) = form.kind else { return None };
    Some(cx.service.study_record(id).map(|r| study_form(cx, Some(r.draft.member_id), Some(&r))))
}
