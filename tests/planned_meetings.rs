//! Issue 15: planned meetings as the 待办 tab shows what is coming, logging one from there (every
//! key counted), cancelling one with its reason, the fixed 主题党日 day, and the bad input around
//! plans (a planned date moved out of its period, a planned meeting for an empty group).

mod common;

use chrono::Datelike;
use common::*;
use ratatui::crossterm::event::KeyCode;
use zhibu::domain::lang::Lang;
use zhibu::domain::meeting::{MeetingKind, MeetingStatus, field};
use zhibu::domain::rules::{RuleId, Severity, Subject};
use zhibu::service::meetings::MeetingItem;
use zhibu::service::{Record, Service, ServiceError};
use zhibu::tui::app::{App, Overlay, Tab};
use zhibu::tui::tabs::dashboard::DashboardTab;
use zhibu::tui::tabs::meetings::MeetingsTab;

fn d(y: i32, m: u32, day: u32) -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn planned(s: &Service) -> Vec<MeetingItem> {
    s.meetings_in_year(2026).unwrap().into_iter().filter(|i| i.summary.status == MeetingStatus::Planned).collect()
}

/// The sample's planned meeting of the second group (12-03).
fn second_group_plan(s: &Service) -> MeetingItem {
    planned(s).into_iter().find(|i| i.group.as_deref() == Some("第二党小组")).expect("the second group's plan")
}

fn focus(app: &mut App, key: &str) {
    let Overlay::Form(f) = &mut app.overlay else { panic!("a form is open") };
    f.focus_key(key);
}

fn clear_and_type(app: &mut App, text: &str) {
    for _ in 0..30 {
        key(app, KeyCode::Backspace);
    }
    typed(app, text);
}

#[test]
fn the_to_do_tab_shows_the_planned_meetings_of_the_coming_week_first() {
    let dir = tempfile::tempdir().unwrap();
    let path = sample_db(dir.path());
    let mut app = app(&path, Lang::Zh);
    assert_eq!(app.tab, Tab::Dashboard);
    let coming: Vec<_> = app.view::<DashboardTab>().table.visible_rows().filter_map(|r| r.planned()).cloned().collect();
    assert_eq!(coming.len(), 5, "{coming:?}");
    assert!(coming.iter().all(|u| u.meeting.date > today() && u.meeting.date <= d(2026, 12, 5)));
    // First, then the findings.
    let kinds: Vec<bool> = app.view::<DashboardTab>().table.visible_rows().map(|r| r.planned().is_some()).collect();
    assert!(kinds[..5].iter().all(|p| *p) && kinds[5..].iter().all(|p| !*p));
    let screen = screen(&mut app, 80, 24);
    assert!(screen.contains("下周: 支部委员会会议 11-30"), "{screen}");
    assert!(screen.contains("下周: 第二党小组会 12-03"), "{screen}");
    assert!(screen.contains("计划 5"), "{screen}");
    // The cancelled October meeting is not offered.
    let s = Service::open(&path, today()).unwrap();
    let cancelled: Vec<i64> = s
        .meetings_in_year(2026)
        .unwrap()
        .iter()
        .filter(|i| i.summary.status == MeetingStatus::Cancelled)
        .map(|i| i.summary.id)
        .collect();
    assert_eq!(cancelled.len(), 1);
    assert!(coming.iter().all(|u| !cancelled.contains(&u.meeting.id)));
    // In English too (wider: at 80 columns the longer English kinds leave the text cut, marked).
    let mut en = common::app(&path, Lang::En);
    let screen = common::screen(&mut en, 120, 40);
    assert!(screen.contains("next week: 第二党小组 12-03"), "{screen}");
}

/// Counts every key sent (typed text is sent with `typed`, uncounted).
struct Keys(usize);

impl Keys {
    fn key(&mut self, app: &mut App, code: KeyCode) {
        self.0 += 1;
        key(app, code);
    }
    fn ctrl(&mut self, app: &mut App, c: char) {
        self.0 += 1;
        ctrl(app, c);
    }
}

/// The sample's November 支委会, planned for Monday 11-30: the first row of the 待办 tab.
fn committee_plan(s: &Service) -> MeetingItem {
    planned(s).into_iter().find(|i| i.summary.date == d(2026, 11, 30)).expect("November's committee meeting")
}

#[test]
fn logging_a_planned_meeting_from_the_to_do_tab_takes_two_keys_and_marks_that_record_held() {
    let dir = tempfile::tempdir().unwrap();
    let path = sample_db(dir.path());
    let (target, count) = {
        let s = Service::open(&path, today()).unwrap();
        (committee_plan(&s), s.meetings_in_year(2026).unwrap().len())
    };
    let mut app = app(&path, Lang::Zh);
    let mut keys = Keys(0);
    keys.key(&mut app, KeyCode::Enter); // the first row: 下周: 支部委员会会议 11-30
    let Overlay::Form(f) = &app.overlay else { panic!("the form is open") };
    assert_eq!(app.tab, Tab::Meetings, "the meetings tab holds the form");
    assert_eq!(f.multi(field::KINDS), vec!["committee_meeting"]);
    assert_eq!(f.choice(field::STATUS), "held");
    assert_eq!(f.text(field::DATE), "2026-11-28", "held today");
    assert_eq!(f.text(field::TOPIC), "", "the plan's placeholder is no topic: the form asks for it");
    assert_eq!(f.roster().unwrap().members().count(), 5, "the committee");
    typed(&mut app, "研究年终工作");
    keys.ctrl(&mut app, 's');
    assert!(matches!(app.overlay, Overlay::None), "saved");
    assert_eq!(keys.0, 2);
    assert!(keys.0 <= 5, "the 5 + 3k target for k = 0");
    drop(app);
    let s = Service::open(&path, today()).unwrap();
    assert_eq!(s.meetings_in_year(2026).unwrap().len(), count, "no duplicate");
    let m = s.meeting(target.summary.id).unwrap();
    assert_eq!(m.draft.status, MeetingStatus::Held, "the same record, now held");
    assert_eq!(m.draft.date, today());
    assert_eq!(m.draft.topic, "研究年终工作");
    assert_eq!(m.draft.attendance.len(), 5);
    // Held, it satisfies November's 支委会 and leaves the list of what is coming.
    assert!(s.upcoming().unwrap().iter().all(|u| u.meeting.id != target.summary.id));
    assert!(
        !s.overdue()
            .unwrap()
            .findings
            .iter()
            .any(|f| f.rule == RuleId::CommitteeMeeting && f.period.is_some_and(|p| p.contains(today())))
    );
}

#[test]
fn logging_a_planned_meeting_with_one_member_on_leave_at_the_bottom_takes_five_keys() {
    let dir = tempfile::tempdir().unwrap();
    let path = sample_db(dir.path());
    let s = Service::open(&path, today()).unwrap();
    let target = committee_plan(&s);
    let roster = s.expected(&[MeetingKind::CommitteeMeeting], None, today()).unwrap();
    let last = roster.last().unwrap().clone();
    let name = s.members().unwrap().into_iter().find(|m| m.id == last.member_id).unwrap().draft.name;
    drop(s);
    let mut app = app(&path, Lang::Zh);
    let mut keys = Keys(0);
    keys.key(&mut app, KeyCode::Enter);
    typed(&mut app, "研究年终工作");
    keys.key(&mut app, KeyCode::Tab); // the roster
    typed(&mut app, &name); // jumps to the last row
    keys.key(&mut app, KeyCode::Char('l'));
    typed(&mut app, "出差");
    keys.key(&mut app, KeyCode::Enter);
    keys.ctrl(&mut app, 's');
    assert!(matches!(app.overlay, Overlay::None), "saved");
    assert_eq!(keys.0, 5);
    assert!(keys.0 <= 5 + 3, "the 5 + 3k target for k = 1");
    drop(app);
    let m = Service::open(&path, today()).unwrap().meeting(target.summary.id).unwrap();
    let row = m.draft.attendance.iter().find(|a| a.member_id == last.member_id).unwrap();
    assert_eq!((row.status, row.reason.as_str()), (zhibu::domain::meeting::Attendance::Excused, "出差"));
}

/// From the first screen: down to the second group's plan (the third row) and `Enter`.
fn open_second_group_plan(app: &mut App) {
    key(app, KeyCode::Char('j'));
    key(app, KeyCode::Char('j'));
    key(app, KeyCode::Enter);
}

#[test]
fn logging_next_months_plan_today_asks_first() {
    let dir = tempfile::tempdir().unwrap();
    let path = sample_db(dir.path());
    let target = second_group_plan(&Service::open(&path, today()).unwrap());
    let mut app = app(&path, Lang::Zh);
    open_second_group_plan(&mut app);
    typed(&mut app, "学习讨论");
    ctrl(&mut app, 's');
    let Overlay::Confirm(c) = &app.overlay else { panic!("asks first") };
    assert!(c.text.contains("登记为 2026-11-28 召开，已不在原定的2026年12月"), "{}", c.text);
    key(&mut app, KeyCode::Char('n'));
    assert!(matches!(app.overlay, Overlay::Form(_)), "the form stays, as typed");
    ctrl(&mut app, 's');
    key(&mut app, KeyCode::Char('y'));
    assert!(matches!(app.overlay, Overlay::None), "saved on yes");
    drop(app);
    let m = Service::open(&path, today()).unwrap().meeting(target.summary.id).unwrap();
    assert_eq!((m.draft.status, m.draft.date), (MeetingStatus::Held, today()));
}

#[test]
fn a_planned_topic_the_secretary_wrote_is_prefilled() {
    let dir = tempfile::tempdir().unwrap();
    let path = sample_db(dir.path());
    let mut s = Service::open(&path, today()).unwrap();
    let target = second_group_plan(&s);
    let mut m = s.meeting(target.summary.id).unwrap();
    m.draft.topic = "学习党的二十届四中全会精神".into();
    let seen = s.version(Record::Meeting(m.id)).unwrap();
    s.save_meeting(Some((m.id, seen)), &m.draft).unwrap();
    drop(s);
    let mut app = app(&path, Lang::Zh);
    open_second_group_plan(&mut app);
    let Overlay::Form(f) = &app.overlay else { panic!("the form is open") };
    assert_eq!(f.text(field::TOPIC), "学习党的二十届四中全会精神");
}

#[test]
fn cancelling_asks_why_keeps_it_listed_and_satisfies_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = sample_db(dir.path());
    let target = second_group_plan(&Service::open(&path, today()).unwrap());
    let group = target.summary.group_id.unwrap();
    let mut app = app(&path, Lang::Zh);
    key(&mut app, KeyCode::Char('3'));
    assert!(app.view_mut::<MeetingsTab>().table.select_id(target.summary.id));
    key(&mut app, KeyCode::Char('x'));
    let Overlay::Form(_) = &app.overlay else { panic!("asks the reason") };
    // No reason: refused beside the field, nothing saved.
    ctrl(&mut app, 's');
    let Overlay::Form(f) = &app.overlay else { panic!("the form stays open") };
    assert!(f.field(field::CANCEL_REASON).error.is_some(), "a reason is required");
    assert_eq!(
        Service::open(&path, today()).unwrap().meeting(target.summary.id).unwrap().draft.status,
        MeetingStatus::Planned
    );
    typed(&mut app, "与街道防疫工作冲突");
    key(&mut app, KeyCode::Enter);
    assert!(matches!(app.overlay, Overlay::None), "saved");
    let screen = screen(&mut app, 80, 24);
    assert!(screen.contains("已取消：与街道防疫工作冲突"), "{screen}");
    drop(app);
    let s = Service::open(&path, today()).unwrap();
    let m = s.meeting(target.summary.id).unwrap();
    assert_eq!(m.draft.status, MeetingStatus::Cancelled);
    assert_eq!(m.draft.cancel_reason, "与街道防疫工作冲突");
    assert!(s.meetings_in_year(2026).unwrap().iter().any(|i| i.summary.id == m.id), "kept in the list");
    assert!(s.upcoming().unwrap().iter().all(|u| u.meeting.id != m.id), "no longer coming");
    // Planning again offers December's group meeting anew (the cancelled one covers nothing).
    assert!(
        s.year_plan(2026)
            .unwrap()
            .iter()
            .any(|p| p.kind == MeetingKind::GroupMeeting && p.group_id == Some(group) && p.date.month0() == 11)
    );
    // Once December has closed, it is missing.
    let later = Service::open(&path, d(2027, 1, 1)).unwrap();
    assert!(later.overdue().unwrap().findings.iter().any(|f| f.rule == RuleId::GroupMeeting
        && f.subject == Subject::Group(group)
        && f.severity == Severity::Overdue
        && f.period.is_some_and(|p| p.contains(d(2026, 12, 3)))));
}

#[test]
fn a_cancelled_meeting_needs_its_reason_and_a_held_one_is_not_cancelled() {
    let dir = tempfile::tempdir().unwrap();
    let path = sample_db(dir.path());
    let mut s = Service::open(&path, today()).unwrap();
    let target = second_group_plan(&s);
    let mut m = s.meeting(target.summary.id).unwrap();
    m.draft.status = MeetingStatus::Cancelled;
    let seen = s.version(Record::Meeting(m.id)).unwrap();
    let Err(ServiceError::Invalid(errs)) = s.save_meeting(Some((m.id, seen)), &m.draft) else {
        panic!("refused without a reason")
    };
    assert_eq!(errs[0].field, field::CANCEL_REASON);
    let held = s.meetings_in_year(2026).unwrap().into_iter().find(|i| i.summary.status == MeetingStatus::Held).unwrap();
    let seen = s.version(Record::Meeting(held.summary.id)).unwrap();
    assert!(matches!(s.cancel_meeting(held.summary.id, seen, "x"), Err(ServiceError::Invalid(_))));
    assert_eq!(s.meeting(held.summary.id).unwrap().draft.status, MeetingStatus::Held);
    // Set back to planned, the reason goes.
    let seen = s.version(Record::Meeting(m.id)).unwrap();
    s.cancel_meeting(m.id, seen, "改期").unwrap();
    let mut back = s.meeting(m.id).unwrap();
    back.draft.status = MeetingStatus::Planned;
    let seen = s.version(Record::Meeting(m.id)).unwrap();
    s.save_meeting(Some((m.id, seen)), &back.draft).unwrap();
    assert_eq!(s.meeting(m.id).unwrap().draft.cancel_reason, "");
}

#[test]
fn a_planned_meeting_satisfies_nothing_and_is_red_only_once_its_period_has_closed() {
    let dir = tempfile::tempdir().unwrap();
    let path = sample_db(dir.path());
    let group = second_group_plan(&Service::open(&path, today()).unwrap()).summary.group_id.unwrap();
    let december = |f: &zhibu::domain::rules::Finding| {
        f.rule == RuleId::GroupMeeting
            && f.subject == Subject::Group(group)
            && f.period.is_some_and(|p| p.contains(d(2026, 12, 3)))
    };
    for (day, expected) in [
        (d(2026, 12, 3), None),
        (d(2026, 12, 24), Some(Severity::DueSoon)),
        (d(2026, 12, 31), Some(Severity::DueSoon)),
        (d(2027, 1, 1), Some(Severity::Overdue)),
    ] {
        let s = Service::open(&path, day).unwrap();
        let found: Vec<Severity> =
            s.overdue().unwrap().findings.iter().filter(|f| december(f)).map(|f| f.severity).collect();
        assert_eq!(found, expected.into_iter().collect::<Vec<_>>(), "on {day}");
    }
    // On the planned day itself the plan waits to be logged, listed as today's.
    let s = Service::open(&path, d(2026, 12, 3)).unwrap();
    let u = s.upcoming().unwrap();
    assert!(u.iter().any(|u| u.meeting.group_id == Some(group) && u.when == zhibu::domain::upcoming::When::Today));
    // Past its day, still in December: to log.
    let s = Service::open(&path, d(2026, 12, 20)).unwrap();
    assert!(
        s.upcoming()
            .unwrap()
            .iter()
            .any(|u| u.meeting.group_id == Some(group) && u.when == zhibu::domain::upcoming::When::ToLog)
    );
    // Once December has closed it leaves the list; the finding says it is missing.
    let s = Service::open(&path, d(2027, 1, 1)).unwrap();
    assert!(s.upcoming().unwrap().iter().all(|u| u.meeting.group_id != Some(group)));
}

#[test]
fn moving_a_planned_meeting_out_of_its_period_asks_first() {
    let dir = tempfile::tempdir().unwrap();
    let path = sample_db(dir.path());
    let target = second_group_plan(&Service::open(&path, today()).unwrap());
    let mut app = app(&path, Lang::Zh);
    key(&mut app, KeyCode::Char('3'));
    assert!(app.view_mut::<MeetingsTab>().table.select_id(target.summary.id));
    key(&mut app, KeyCode::Char('e'));
    // Opened to be logged: back to planned, then a new date in January.
    focus(&mut app, field::STATUS);
    key(&mut app, KeyCode::Left);
    focus(&mut app, field::DATE);
    clear_and_type(&mut app, "2027-01-05");
    focus(&mut app, field::TOPIC);
    typed(&mut app, "学习讨论");
    ctrl(&mut app, 's');
    let Overlay::Confirm(c) = &app.overlay else { panic!("asks first") };
    assert!(c.text.contains("2026年12月将没有计划的党小组会"), "{}", c.text);
    key(&mut app, KeyCode::Char('n'));
    assert!(matches!(app.overlay, Overlay::Form(_)), "the form stays, as typed");
    drop(app);
    let m = Service::open(&path, today()).unwrap().meeting(target.summary.id).unwrap();
    assert_eq!(m.draft.date, target.summary.date, "nothing saved");
    // Inside the period: no question.
    let s = Service::open(&path, today()).unwrap();
    assert!(s.moved_out_of_period(target.summary.id, d(2026, 12, 31)).unwrap().is_none());
    assert!(s.moved_out_of_period(target.summary.id, d(2027, 1, 5)).unwrap().is_some());
}

#[test]
fn no_group_meeting_is_planned_for_an_empty_group() {
    let dir = tempfile::tempdir().unwrap();
    let path = sample_db(dir.path());
    let mut s = Service::open(&path, today()).unwrap();
    let empty = s.create_group("第四党小组", None).unwrap();
    assert!(s.year_plan(2026).unwrap().iter().all(|p| p.group_id != Some(empty)), "the plan skips it");
    let mut m = s.meeting(second_group_plan(&s).summary.id).unwrap();
    m.draft.group_id = Some(empty);
    let Err(ServiceError::Invalid(errs)) = s.save_meeting(None, &m.draft) else { panic!("refused") };
    assert_eq!(errs[0].field, field::GROUP);
    assert!(errs[0].problem.text(Lang::Zh).contains("没有党员"));
}

#[test]
fn the_plan_puts_theme_days_on_the_fixed_day_and_the_settings_dialog_checks_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.db");
    let mut app = App::new(Service::open(&path, d(2026, 1, 1)).unwrap(), Lang::Zh, false, false);
    key(&mut app, KeyCode::Char('s'));
    focus(&mut app, "theme_day.day");
    clear_and_type(&mut app, "32");
    ctrl(&mut app, 's');
    let Overlay::Form(f) = &app.overlay else { panic!("the form stays open") };
    assert_eq!(f.field("theme_day.day").error.as_deref(), Some("填每月几日：1 到 31 的数字，如 15"));
    focus(&mut app, "theme_day.day");
    clear_and_type(&mut app, "每月１日");
    ctrl(&mut app, 's');
    assert!(matches!(app.overlay, Overlay::None), "saved");
    drop(app);
    let s = Service::open(&path, d(2026, 1, 1)).unwrap();
    assert_eq!(s.settings().theme_day.day, 1);
    let days: Vec<_> =
        s.year_plan(2026).unwrap().into_iter().filter(|p| p.kind == MeetingKind::ThemeDay).map(|p| p.date).collect();
    assert_eq!(days[0], d(2026, 1, 2), "元旦 moves it to the next working day");
    assert_eq!(days[4], d(2026, 5, 6), "after the May holidays");
    assert_eq!(days[10], d(2026, 11, 2), "1 November 2026 is a Sunday");
}

fn status(app: &App) -> String {
    app.status.as_ref().map(|s| s.text.clone()).unwrap_or_default()
}

/// Logs a meeting with `n` on the meetings tab: the kind by its number, the topic, the date as
/// typed, `group_steps` steps of the party group choice; saves and returns the status line.
fn log_with_n(app: &mut App, kind: char, topic: &str, date: &str, group_steps: usize) -> String {
    assert_eq!(app.tab, Tab::Meetings);
    key(app, KeyCode::Char('n'));
    key(app, KeyCode::Char(kind));
    key(app, KeyCode::Tab);
    typed(app, topic);
    focus(app, field::DATE);
    typed(app, date);
    if group_steps > 0 {
        focus(app, field::GROUP);
        for _ in 0..group_steps {
            key(app, KeyCode::Right);
        }
    }
    ctrl(app, 's');
    assert!(matches!(app.overlay, Overlay::None), "saved: {}", status(app));
    status(app)
}

fn topic_held(s: &Service, topic: &str) -> Option<MeetingItem> {
    s.meetings_in_year(2026).unwrap().into_iter().find(|i| i.summary.topic == topic)
}

// The sample plans November's 支委会 for 11-30. Logged today with `n` (the one-minute flow), the
// meeting was a second record and the plan item stayed 计划 (下周 on the 待办 tab), as if the
// month's 支委会 were still to come. Logging it is now logging that item, exactly as `Enter` on
// it would: the same record, held; the status line names it; one undo takes both back.
#[test]
fn a_meeting_logged_with_n_fulfils_the_plan_item_it_is() {
    let dir = tempfile::tempdir().unwrap();
    let path = sample_db(dir.path());
    let (target, count) = {
        let s = Service::open(&path, today()).unwrap();
        (committee_plan(&s), s.meetings_in_year(2026).unwrap().len())
    };
    assert_eq!(target.summary.topic, "2026年11月 支部委员会会议");
    let mut app = app(&path, Lang::Zh);
    key(&mut app, KeyCode::Char('3'));
    let said = log_with_n(&mut app, '2', "研究年终工作", "t", 0);
    assert!(said.starts_with("计划的 11-30 支部委员会会议已登记为召开"), "{said}");
    let s = Service::open(&path, today()).unwrap();
    assert_eq!(s.meetings_in_year(2026).unwrap().len(), count, "no second record");
    let m = s.meeting(target.summary.id).unwrap().draft;
    assert_eq!((m.status, m.date, m.topic.as_str()), (MeetingStatus::Held, today(), "研究年终工作"));
    assert_eq!(m.attendance.len(), 5, "the committee");
    assert!(s.upcoming().unwrap().iter().all(|u| u.meeting.id != target.summary.id), "no longer coming");
    assert_eq!(app.view::<MeetingsTab>().table.selected_id(), Some(target.summary.id), "selected");

    // One undo takes back the meeting and the plan item's mark.
    key(&mut app, KeyCode::Char('u'));
    let Overlay::Confirm(c) = &app.overlay else { panic!("undo asks first") };
    assert!(c.text.contains("会议 2026-11-28"), "{}", c.text);
    key(&mut app, KeyCode::Char('y'));
    let s = Service::open(&path, today()).unwrap();
    assert_eq!(s.meetings_in_year(2026).unwrap().len(), count);
    let m = s.meeting(target.summary.id).unwrap().draft;
    assert_eq!(
        (m.status, m.date, m.topic.as_str()),
        (MeetingStatus::Planned, d(2026, 11, 30), "2026年11月 支部委员会会议")
    );
    assert!(m.attendance.is_empty());
    assert!(topic_held(&s, "研究年终工作").is_none());
    assert!(s.upcoming().unwrap().iter().any(|u| u.meeting.id == target.summary.id), "coming again");
}

// With more than one plan item a meeting could be, the one meant: of its kinds (and group), in
// its period, the same month first, then the nearest date. Items of another kind, group or
// period are left as they are, and a meeting that is none says nothing of a plan.
#[test]
fn a_meeting_logged_with_n_fulfils_the_nearest_plan_item_of_its_kind_in_its_period() {
    let dir = tempfile::tempdir().unwrap();
    let path = sample_db(dir.path());
    let early = {
        let mut s = Service::open(&path, today()).unwrap();
        let mut draft = s.meeting(committee_plan(&s).summary.id).unwrap().draft;
        draft.date = d(2026, 11, 2);
        draft.topic = "月初支委会".into();
        s.save_meeting(None, &draft).unwrap()
    };
    let december = |s: &Service| -> Vec<i64> {
        planned(s).iter().filter(|i| i.summary.date.month() == 12).map(|i| i.summary.id).collect()
    };
    let before = december(&Service::open(&path, today()).unwrap());
    let mut app = app(&path, Lang::Zh);
    key(&mut app, KeyCode::Char('3'));
    // 11-03: the item of 11-02 (a day away) rather than that of 11-30, or of 12-04 in December.
    let said = log_with_n(&mut app, '2', "月初支委会（补记）", "11-03", 0);
    assert!(said.starts_with("计划的 11-02 支部委员会会议已登记为召开"), "{said}");
    let s = Service::open(&path, today()).unwrap();
    assert_eq!(topic_held(&s, "月初支委会（补记）").map(|i| i.summary.id), Some(early));
    // Today: the item of 11-30 (that of 11-02 is held now).
    let said = log_with_n(&mut app, '2', "研究年终工作", "t", 0);
    assert!(said.starts_with("计划的 11-30 支部委员会会议已登记为召开"), "{said}");
    // Another today: no plan item left in November; a record of its own.
    let said = log_with_n(&mut app, '2', "临时支委会", "t", 0);
    assert_eq!(said, "已保存会议：2026-11-28 临时支委会");
    // A second group's meeting in November: the group's plan is for December, another period.
    let said = log_with_n(&mut app, '3', "第二党小组补开", "11-27", 2);
    assert_eq!(said, "已保存会议：2026-11-27 第二党小组补开");
    let s = Service::open(&path, today()).unwrap();
    assert_eq!(december(&s), before, "December's plan items are left as they are");
    assert!(planned(&s).iter().all(|i| i.summary.date.month() == 12), "November's are held");
}

// A yearly meeting's plan item is the year's: the 组织生活会 planned for 12-10, held in November.
#[test]
fn a_yearly_meeting_logged_early_fulfils_the_years_plan_item() {
    let dir = tempfile::tempdir().unwrap();
    let path = sample_db(dir.path());
    let target = {
        let s = Service::open(&path, today()).unwrap();
        planned(&s).into_iter().find(|i| i.summary.kinds == [MeetingKind::OrgLifeMeeting]).expect("the plan item")
    };
    assert_eq!(target.summary.date, d(2026, 12, 10));
    let mut app = app(&path, Lang::Zh);
    key(&mut app, KeyCode::Char('3'));
    let said = log_with_n(&mut app, '6', "2026年度组织生活会", "11-26", 0);
    assert!(said.starts_with("计划的 12-10 组织生活会已登记为召开"), "{said}");
    let m = Service::open(&path, today()).unwrap().meeting(target.summary.id).unwrap().draft;
    assert_eq!((m.status, m.date), (MeetingStatus::Held, d(2026, 11, 26)));
    // In English too.
    let mut en = common::app(&path, Lang::En);
    key(&mut en, KeyCode::Char('3'));
    let said = log_with_n(&mut en, '2', "year-end work", "t", 0);
    assert!(said.starts_with("the planned committee meeting of 11-30 is logged as held"), "{said}");
}
