//! Issue 15: the year's required meetings generated as planned meetings (one confirmation,
//! never duplicated), and a planned meeting logged as held from its row.

mod common;

use common::*;
use ratatui::crossterm::event::KeyCode;
use zhibu::domain::lang::Lang;
use zhibu::domain::meeting::MeetingStatus;
use zhibu::service::Service;
use zhibu::tui::app::Overlay;

fn planned(s: &Service) -> Vec<zhibu::service::meetings::MeetingItem> {
    s.meetings_in_year(2026).unwrap().into_iter().filter(|i| i.summary.status == MeetingStatus::Planned).collect()
}

#[test]
fn the_plan_is_generated_once_inside_open_periods_and_a_second_run_adds_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = sample_db(dir.path());
    {
        // The sample holds its plan already; start from the meetings alone.
        let mut s = Service::open(&path, today()).unwrap();
        let sample_plan = planned(&s);
        assert!(!sample_plan.is_empty() && sample_plan.iter().all(|i| i.summary.date >= today()), "upcoming plans");
        for i in sample_plan {
            s.delete_meeting(i.summary.id).unwrap();
        }
    }
    let before = planned(&Service::open(&path, today()).unwrap()).len();
    let findings_before = Service::open(&path, today()).unwrap().overdue().unwrap().findings;
    let expected = Service::open(&path, today()).unwrap().year_plan(2026).unwrap();
    assert!(!expected.is_empty(), "the sample's open periods lack meetings");
    let mut app = app(&path, Lang::Zh);
    key(&mut app, KeyCode::Char('3'));
    key(&mut app, KeyCode::Char('y'));
    assert!(matches!(app.overlay, Overlay::Confirm(_)), "asks once");
    key(&mut app, KeyCode::Char('y'));
    key(&mut app, KeyCode::Char('y'));
    assert!(matches!(app.overlay, Overlay::None), "nothing left to plan: no question");
    assert!(
        app.status.as_ref().map(|s| s.text.contains("无需再生成")).unwrap_or(false),
        "{:?}",
        app.status.as_ref().map(|s| &s.text)
    );
    drop(app);
    let s = Service::open(&path, today()).unwrap();
    let after = planned(&s);
    assert_eq!(after.len(), before + expected.len());
    assert!(s.year_plan(2026).unwrap().is_empty(), "generating again adds nothing");
    for p in &expected {
        assert!(p.period.contains(p.date) && p.date >= today(), "{p:?}");
    }
    // A planned meeting satisfies nothing until held: the findings are those of before.
    assert_eq!(s.overdue().unwrap().findings, findings_before);
    let groups_with_members = s.group_items().unwrap().iter().filter(|g| g.members > 0).count();
    let group_plans = expected.iter().filter(|p| p.kind == zhibu::domain::meeting::MeetingKind::GroupMeeting).count();
    assert!(group_plans <= groups_with_members * 2, "no group meeting for an empty group");
}

#[test]
fn enter_on_a_planned_meeting_logs_it_as_held_with_its_roster() {
    let dir = tempfile::tempdir().unwrap();
    let path = sample_db(dir.path());
    Service::open(&path, today()).unwrap().save_year_plan(2026).unwrap();
    let target = {
        let s = Service::open(&path, today()).unwrap();
        let items = s.meetings_in_year(2026).unwrap();
        assert_eq!(items[0].summary.status, MeetingStatus::Planned, "the newest row is planned");
        items[0].summary.clone()
    };
    let mut app = app(&path, Lang::Zh);
    key(&mut app, KeyCode::Char('3'));
    key(&mut app, KeyCode::Enter);
    let Overlay::Form(f) = &app.overlay else { panic!("the form is open") };
    assert_eq!(f.text("topic"), target.topic, "prefilled");
    assert!(f.roster().unwrap().members().count() > 0, "the roster is filled");
    ctrl(&mut app, 's');
    // December's 主题党日 logged as held today leaves December: it asks first.
    assert!(matches!(app.overlay, Overlay::Confirm(_)), "asks before leaving the planned period");
    key(&mut app, KeyCode::Char('y'));
    assert!(matches!(app.overlay, Overlay::None), "saved");
    drop(app);
    let s = Service::open(&path, today()).unwrap();
    let m = s.meeting(target.id).unwrap();
    assert_eq!(m.draft.status, MeetingStatus::Held, "the same meeting, now held");
    assert_eq!(m.draft.date, today(), "planned for later, held today");
    assert_eq!(m.draft.kinds, target.kinds);
    assert!(!m.draft.attendance.is_empty());
}
