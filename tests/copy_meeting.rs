//! Issue 15: `c` on a meeting logs a new one like it: kinds, group, topic, place, host and
//! recorder copied, dated today, with a fresh roster.

mod common;

use common::*;
use ratatui::crossterm::event::KeyCode;
use zhibu::domain::lang::Lang;
use zhibu::domain::meeting::MeetingStatus;
use zhibu::service::Service;
use zhibu::tui::app::Overlay;

#[test]
fn c_on_a_meeting_copies_its_topic_place_host_and_recorder_into_a_new_one() {
    let dir = tempfile::tempdir().unwrap();
    let path = sample_db(dir.path());
    // The newest held meeting (the sample's planned ones come first in the table).
    let (source, row, before) = {
        let s = Service::open(&path, today()).unwrap();
        let items = s.meetings_in_year(2026).unwrap();
        let row = items.iter().position(|i| i.summary.status == MeetingStatus::Held).unwrap();
        (s.meeting(items[row].summary.id).unwrap(), row, items.len())
    };
    assert!(!source.draft.location.is_empty() && source.draft.host_id.is_some(), "a meeting worth copying");
    let mut app = app(&path, Lang::Zh);
    key(&mut app, KeyCode::Char('3'));
    for _ in 0..row {
        key(&mut app, KeyCode::Down);
    }
    key(&mut app, KeyCode::Char('c'));
    let Overlay::Form(f) = &app.overlay else { panic!("the form is open") };
    assert_eq!(f.text("topic"), source.draft.topic);
    ctrl(&mut app, 's');
    assert!(matches!(app.overlay, Overlay::None), "saved:\n{}", screen(&mut app, 120, 40));
    drop(app);
    let s = Service::open(&path, today()).unwrap();
    let items = s.meetings_in_year(2026).unwrap();
    assert_eq!(items.len(), before + 1);
    let copy = items
        .iter()
        .map(|i| s.meeting(i.summary.id).unwrap())
        .find(|m| m.id != source.id && m.draft.date == today() && m.draft.topic == source.draft.topic)
        .expect("the copy");
    let (a, b) = (&copy.draft, &source.draft);
    assert_eq!(
        (&a.kinds, a.group_id, &a.location, a.host_id, a.recorder_id),
        (&b.kinds, b.group_id, &b.location, b.host_id, b.recorder_id)
    );
    assert_eq!(a.status, MeetingStatus::Held);
    assert!(a.minutes.is_empty(), "what happened at the old meeting is not copied");
    assert_eq!(a.attendance.len(), s.expected(&a.kinds, a.group_id, today()).unwrap().len(), "a fresh roster");
}
