//! 评议: grading by keys on the sheet (then the file reopened), the checks that refuse bad
//! input with nothing saved, disposals that archive, the schema step that adds the new archive
//! reasons, and `zhibu report evaluation|talks`.

mod common;

use common::*;
use ratatui::crossterm::event::KeyCode;
use rusqlite::Connection;
use zhibu::domain::evaluation::{
    Commendation, DecisionBody, Disposal, DisposalKind, Grade, Grading, Rectification, Standing, Talk, TalkKind,
};
use zhibu::domain::lang::Lang;
use zhibu::domain::member::ArchiveReason;
use zhibu::domain::rules::{RuleId, Severity};
use zhibu::service::{Service, ServiceError};
use zhibu::store::{Store, migrations};
use zhibu::tui::app::{Overlay, Tab};
use zhibu::tui::tabs::dashboard::DashboardTab;
use zhibu::tui::tabs::evaluation::EvaluationTab;

fn d(y: i32, m: u32, day: u32) -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn reopen(path: &std::path::Path) -> Service {
    Service::open(path, today()).expect("reopen")
}

fn grade_of(s: &Service, member: i64, year: i32) -> Option<Grade> {
    s.grading(member, year).unwrap().grade
}

#[test]
fn grading_by_keys_one_key_per_member_saved_to_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = sample_db(dir.path());
    let mut app = app(&path, Lang::Zh);
    key(&mut app, KeyCode::Char('6'));
    let first = app.view::<EvaluationTab>().sheet.selected_id().unwrap();
    // One key a member: each grade moves to the next row.
    for c in ['y', 'h', 'b'] {
        key(&mut app, KeyCode::Char(c));
    }
    let s = reopen(&path);
    let sheet = s.evaluation_sheet(2026).unwrap();
    let ids: Vec<i64> = sheet.rows.iter().map(|r| r.member_id).collect();
    let at = ids.iter().position(|&i| i == first).unwrap();
    assert_eq!(grade_of(&s, ids[at], 2026), Some(Grade::Excellent));
    assert_eq!(grade_of(&s, ids[at + 1], 2026), Some(Grade::Qualified));
    assert_eq!(grade_of(&s, ids[at + 2], 2026), Some(Grade::BasicallyQualified));
    assert_eq!(app.view::<EvaluationTab>().sheet.selected_id(), Some(ids[at + 3]));

    // 不合格 without an opinion and a remedy is refused beside the grade; nothing is saved.
    let before = grade_of(&s, ids[at + 3], 2026);
    key(&mut app, KeyCode::Char('u'));
    assert_eq!(grade_of(&reopen(&path), ids[at + 3], 2026), before);
    let status = app.status.as_ref().map(|s| s.text.clone()).unwrap_or_default();
    assert!(status.contains("综合评议意见"), "{status}");
    assert_eq!(app.view::<EvaluationTab>().sheet.selected_id(), Some(ids[at + 3]), "the cursor stays");

    // `x` clears a grade.
    key(&mut app, KeyCode::Up);
    key(&mut app, KeyCode::Char('x'));
    assert_eq!(grade_of(&reopen(&path), ids[at + 2], 2026), None);
}

#[test]
fn excellent_beyond_the_cap_is_refused_with_the_count() {
    let dir = tempfile::tempdir().unwrap();
    let path = sample_db(dir.path());
    let mut s = reopen(&path);
    // The sample's 2025 round is one 优秀 short of its cap.
    let sheet = s.evaluation_sheet(2025).unwrap();
    assert_eq!(sheet.count(Grade::Excellent) + 1, sheet.excellent_cap);
    assert_eq!(sheet.count(Grade::BasicallyQualified), 1);
    let mut qualified = sheet.rows.iter().filter(|r| r.grade == Some(Grade::Qualified)).map(|r| r.member_id);
    let (a, b) = (qualified.next().unwrap(), qualified.next().unwrap());
    s.set_grade(a, 2025, Some(Grade::Excellent)).expect("the last one within the cap");
    let err = s.set_grade(b, 2025, Some(Grade::Excellent)).unwrap_err();
    let ServiceError::Invalid(errs) = err else { panic!("refused as input") };
    let text = errs[0].problem.text(Lang::Zh);
    assert!(text.contains(&format!("优秀已有 {} 人", sheet.excellent_cap)), "{text}");
    assert_eq!(grade_of(&s, b, 2025), Some(Grade::Qualified), "nothing saved");
}

#[test]
fn bad_input_is_refused_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let path = sample_db(dir.path());
    let mut s = reopen(&path);
    let log = s.change_count().unwrap();
    let sheet = s.evaluation_sheet(2026).unwrap();
    let probationary = sheet.rows.iter().find(|r| r.standing == Standing::Probationary).unwrap().member_id;
    assert!(matches!(s.set_grade(probationary, 2026, Some(Grade::Qualified)), Err(ServiceError::Invalid(_))));
    // The member transferred out this year is not on the sheet and cannot be graded.
    let archived = s.members().unwrap().into_iter().find(|m| m.is_archived()).unwrap().id;
    assert!(sheet.rows.iter().all(|r| r.member_id != archived));
    assert!(matches!(s.set_grade(archived, 2026, Some(Grade::Qualified)), Err(ServiceError::Invalid(_))));
    let full = sheet.rows[0].member_id;
    // A rectification due before the round's first step (2026-11-10).
    let early =
        Rectification { id: 0, member_id: full, year: 2026, item: "改进".into(), due: d(2026, 11, 9), done: None };
    assert!(matches!(s.save_rectification(&early), Err(ServiceError::Invalid(_))));
    // A 限期改正 longer than a year.
    let long = Disposal {
        id: 0,
        member_id: full,
        kind: DisposalKind::CorrectionDeadline,
        decided_on: d(2026, 1, 10),
        decided_by: DecisionBody::GeneralMeeting,
        approved_on: None,
        deadline: Some(d(2027, 1, 11)),
        outcome: String::new(),
        outcome_on: None,
    };
    assert!(matches!(s.save_disposal(&long, Default::default()), Err(ServiceError::Invalid(_))));
    // A talk of one.
    let alone = Talk {
        id: 0,
        date: d(2026, 5, 1),
        kind: TalkKind::Heart,
        members: vec![full],
        topic: "谈心".into(),
        notes: String::new(),
    };
    assert!(matches!(s.save_talk(&alone, Default::default()), Err(ServiceError::Invalid(_))));
    // 不合格 with an opinion but no item or disposal.
    let mut g = Grading::new(full, 2026);
    g.grade = Some(Grade::Unqualified);
    g.opinion = "长期不参加组织生活".into();
    assert!(matches!(s.save_grading(&g), Err(ServiceError::Invalid(_))));
    assert_eq!(s.change_count().unwrap(), log, "nothing written");

    // With an item it is accepted.
    let item = Rectification { due: d(2027, 3, 31), ..early };
    s.save_rectification(&item).unwrap();
    s.save_grading(&g).unwrap();
    assert_eq!(grade_of(&reopen(&path), full, 2026), Some(Grade::Unqualified));
}

#[test]
fn an_approved_removal_archives_the_member_with_that_reason() {
    let dir = tempfile::tempdir().unwrap();
    let path = sample_db(dir.path());
    let mut s = reopen(&path);
    let member = s.evaluation_sheet(2026).unwrap().rows[3].member_id;
    let mut step = Disposal {
        id: 0,
        member_id: member,
        kind: DisposalKind::Removed,
        decided_on: d(2026, 10, 9),
        decided_by: DecisionBody::GeneralMeeting,
        approved_on: None,
        deadline: None,
        outcome: "连续六个月不参加组织生活，按自行脱党除名".into(),
        outcome_on: None,
    };
    step.id = s.save_disposal(&step, Default::default()).unwrap();
    assert!(!reopen(&path).member(member).unwrap().is_archived(), "a decision alone changes no status");
    step.approved_on = Some(d(2026, 11, 2));
    let seen = s.version(zhibu::service::Record::Disposal(step.id)).unwrap();
    s.save_disposal(&step, seen).unwrap();
    let m = reopen(&path).member(member).unwrap();
    let a = m.archive.expect("archived");
    assert_eq!((a.reason, a.date), (ArchiveReason::Removed, d(2026, 11, 2)));
    // No findings from the archive date on.
    let o = reopen(&path).overdue().unwrap();
    assert!(o.findings.iter().all(|f| f.subject != zhibu::domain::rules::Subject::Member(member)));
}

#[test]
fn the_sample_shows_the_evaluation_findings() {
    let dir = tempfile::tempdir().unwrap();
    let path = sample_db(dir.path());
    let o = reopen(&path).overdue().unwrap();
    let rules: Vec<RuleId> = o.findings.iter().map(|f| f.rule).collect();
    assert!(rules.contains(&RuleId::HeartTalk));
    assert!(rules.contains(&RuleId::CorrectionDeadline));
    // In December the missing 2026 grades come due.
    let december = Service::open(&path, d(2026, 12, 1)).unwrap().overdue().unwrap();
    assert!(december.findings.iter().any(|f| f.rule == RuleId::DemocraticEvaluation));
}

#[test]
fn schema_4_gains_the_removal_archive_reasons_and_keeps_its_rows() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v4.db");
    {
        let conn = Connection::open(&path).unwrap();
        migrations::migrate_to(&conn, 4).unwrap();
        conn.execute(
            "INSERT INTO member (number, name, gender, birth_date, ethnicity, unit_category, status, admission_date, conversion_date)
             VALUES ('0001', '张三', 'male', '1980-01-01', '汉族', 'other', 'full', '2010-07-01', '2011-07-01')",
            [],
        )
        .unwrap();
        let refused = conn.execute("UPDATE member SET archived_on = '2026-01-01', archive_reason = 'removed'", []);
        assert!(refused.is_err(), "version 4 knows no removal");
    }
    let store = Store::open(&path).unwrap();
    let c = store.conn();
    c.execute("UPDATE member SET archived_on = '2026-01-01', archive_reason = 'removed'", []).unwrap();
    assert!(c.execute("UPDATE member SET archive_reason = 'unknown'", []).is_err(), "the check still holds");
    let ok: String = c.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
    assert_eq!(ok, "ok");
    drop(store);
    // Another connection sees the new list too.
    let other = Connection::open(&path).unwrap();
    other.execute("UPDATE member SET archive_reason = 'suspended'", []).unwrap();
}

#[test]
fn report_evaluation_and_talks_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let path = sample_db(dir.path());
    let bin = env!("CARGO_BIN_EXE_zhibu");
    let run = |args: &[&str]| {
        let out = std::process::Command::new(bin)
            .args(args)
            .args(["--today", "2026-11-28", "--db", path.to_str().unwrap()])
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap()
    };
    let json: serde_json::Value =
        serde_json::from_str(&run(&["report", "evaluation", "--year", "2025", "--format", "json"])).unwrap();
    let rows = json["rows"].as_array().unwrap();
    assert!(rows.iter().any(|r| r["grade"] == "basically_qualified" && r["rectification_items"] == 1));
    assert!(rows.iter().any(|r| r["graded"] == false && r["grade"].is_null()));
    let table = run(&["report", "evaluation", "--year", "2025"]);
    assert!(table.starts_with("编号"), "{table}");
    assert!(table.contains("不评定等次"));
    let csv = run(&["report", "talks", "--year", "2026", "--format", "csv", "--lang", "en"]);
    assert!(csv.starts_with("\u{feff}date,kind,participants,topic"), "{csv}");
    let out = std::process::Command::new(bin).args(["report", "evaluation", "--year", "99999"]).output().unwrap();
    assert!(!out.status.success());
}

/// `Enter` (去处理) on a finding in the 待办 tab: the finding's row and a prefilled form.
fn act_on(app: &mut zhibu::tui::app::App, rule: RuleId) -> i64 {
    act_on_severity(app, rule, None)
}

fn act_on_severity(app: &mut zhibu::tui::app::App, rule: RuleId, severity: Option<Severity>) -> i64 {
    let pos = app
        .view::<DashboardTab>()
        .table
        .visible_rows()
        .position(|r| r.finding().is_some_and(|f| f.rule == rule && severity.is_none_or(|s| f.severity == s)))
        .expect("a finding");
    key(app, KeyCode::Home);
    for _ in 0..pos {
        key(app, KeyCode::Down);
    }
    let member = match app.view::<DashboardTab>().table.selected().unwrap().finding().unwrap().subject {
        zhibu::domain::rules::Subject::Member(m) => m,
        other => panic!("{other:?}"),
    };
    key(app, KeyCode::Enter);
    assert_eq!(app.tab, Tab::Evaluation);
    member
}

#[test]
fn a_six_month_lapse_goes_to_a_prefilled_disposal_and_a_missing_talk_to_a_talk() {
    let dir = tempfile::tempdir().unwrap();
    let path = sample_db(dir.path());
    // The sample's overdue lapse (郑振华) has a 限期改正 under way: shown, not asked for again.
    let mut first = app(&path, Lang::Zh);
    let member = act_on_severity(&mut first, RuleId::OrgLifeLapse, Some(Severity::Overdue));
    assert!(!matches!(first.overlay, Overlay::Form(_)), "a second disposal asked for");
    let shown = first.view::<EvaluationTab>().list.selected_id().expect("a disposal selected");
    let s = reopen(&path);
    assert!(s.disposals(None).unwrap().iter().any(|d| d.id == shown && d.member_id == member));
    drop(first);
    // Without it, the first step is prefilled.
    Connection::open(&path).unwrap().execute("DELETE FROM disposal WHERE member_id = ?1", [member]).unwrap();
    let mut app = app(&path, Lang::Zh);
    let member = act_on_severity(&mut app, RuleId::OrgLifeLapse, Some(Severity::Overdue));
    let Overlay::Form(form) = &app.overlay else { panic!("a disposal form") };
    assert_eq!(form.picked("disposal_member"), Some(member));
    assert_eq!(form.choice("disposal_kind"), "criticism");
    key(&mut app, KeyCode::Esc);
    // A lapse short of six months (周勇, 4 months) asks for a talk with the member.
    key(&mut app, KeyCode::Char('1'));
    let member = act_on_severity(&mut app, RuleId::OrgLifeLapse, Some(Severity::DueSoon));
    let Overlay::Form(form) = &app.overlay else { panic!("a talk form") };
    assert_eq!(form.picked("talk_member_2"), Some(member));
    key(&mut app, KeyCode::Esc);

    // The sample's missing talk is 2025's. A talk dated today was saved as if it cleared it;
    // the form now starts on the date and says which year's talk clears it.
    key(&mut app, KeyCode::Char('1'));
    let member = act_on(&mut app, RuleId::HeartTalk);
    let Overlay::Form(form) = &app.overlay else { panic!("a talk form") };
    assert_eq!(form.picked("talk_member_2"), Some(member));
    assert!(form.picked("talk_members").is_some(), "the secretary");
    assert_eq!(form.focused().key, "talk_date");
    assert!(form.focused().hint.contains("须填 2025 年内谈话的日期"), "{}", form.focused().hint);
    tab(&mut app, 5); // past the kind and the three people to the topic
    typed(&mut app, "谈心");
    zhibu_save(&mut app);
    let status = app.status.as_ref().map(|s| s.text.clone()).unwrap_or_default();
    assert!(status.contains("2025 年的谈话提醒仍在"), "{status}");
    let s = reopen(&path);
    assert!(s.talks_in_year(2026).unwrap().iter().any(|t| t.talk.members.contains(&member) && t.talk.topic == "谈心"));
    let owed = |s: &zhibu::service::Service| {
        s.overdue().unwrap().findings.iter().filter(|f| f.rule == RuleId::HeartTalk).count()
    };
    let before = owed(&s);
    assert!(before > 0, "today's talk does not clear 2025's");

    // A talk held in 2025 and logged now clears it, and the message is the plain one.
    key(&mut app, KeyCode::Char('1'));
    assert_eq!(act_on(&mut app, RuleId::HeartTalk), member);
    typed(&mut app, "20251220");
    tab(&mut app, 5);
    assert_eq!(focused_key(&app), "talk_topic");
    typed(&mut app, "补记");
    zhibu_save(&mut app);
    let status = app.status.as_ref().map(|s| s.text.clone()).unwrap_or_default();
    assert!(status.contains("已保存谈话记录") && !status.contains("仍在"), "{status}");
    assert_eq!(owed(&reopen(&path)), before - 1);
}

fn focused_key(app: &zhibu::tui::app::App) -> &'static str {
    let Overlay::Form(form) = &app.overlay else { panic!("a form") };
    form.focused().key
}

fn zhibu_save(app: &mut zhibu::tui::app::App) {
    ctrl(app, 's');
    assert!(!matches!(app.overlay, Overlay::Form(_)), "saved and closed");
}

#[test]
fn a_campaign_is_entered_and_a_members_checklist_recorded() {
    let dir = tempfile::tempdir().unwrap();
    let path = sample_db(dir.path());
    let mut app = app(&path, Lang::Zh);
    key(&mut app, KeyCode::Char('6'));
    key(&mut app, KeyCode::Char('a'));
    tab(&mut app, 1);
    typed(&mut app, "中共城关街道工作委员会");
    tab(&mut app, 2);
    typed(&mut app, "2026-12-20");
    zhibu_save(&mut app);
    let s = reopen(&path);
    let c = s.campaigns().unwrap().pop().expect("saved");
    assert_eq!((c.from, c.to, c.closed), (d(2026, 11, 28), d(2026, 12, 20), false));
    // Saved, the campaign's checklist is shown.
    assert_eq!(app.view::<EvaluationTab>().view, zhibu::tui::tabs::evaluation::View::Campaign);
    let member = app.view::<EvaluationTab>().list.selected_id().unwrap();
    key(&mut app, KeyCode::Enter);
    typed(&mut app, "t");
    tab(&mut app, 2);
    key(&mut app, KeyCode::Right); // analysed: yes
    zhibu_save(&mut app);
    let e = reopen(&path).campaign_entries(c.id).unwrap();
    assert!(e.iter().any(|e| e.member_id == member && e.complete()));
    // Before its end only the members still lacking something are due, once it is near.
    let near = Service::open(&path, d(2026, 12, 15)).unwrap().overdue().unwrap();
    let due: Vec<_> = near.findings.iter().filter(|f| f.rule == RuleId::PartySpiritAnalysis).collect();
    assert!(!due.is_empty());
    assert!(due.iter().all(|f| f.subject != zhibu::domain::rules::Subject::Member(member)));
}

// A short date saved from its own field was read against a "today" two or three years ahead:
// `1215` in a rectification item's due date was stored as 2028-12-15, a campaign's `1210` as
// 2028-12-10. Short dates are this year's in every form.
#[test]
fn a_short_date_saved_from_its_field_is_this_years() {
    let dir = tempfile::tempdir().unwrap();
    let path = sample_db(dir.path());
    let mut app = app(&path, Lang::Zh);
    key(&mut app, KeyCode::Char('6'));
    key(&mut app, KeyCode::Home);
    let member = app.view::<EvaluationTab>().sheet.selected_id().unwrap();
    key(&mut app, KeyCode::Char('r'));
    let name = reopen(&path).member(member).unwrap().draft.name.to_string();
    let Overlay::Form(form) = &app.overlay else { panic!("the item's form") };
    assert_eq!(form.title, format!("{name} 2026年整改事项"), "the form names the member it covers");
    typed(&mut app, "加强学习");
    tab(&mut app, 1);
    typed(&mut app, "1215");
    zhibu_save(&mut app);
    let items = reopen(&path).rectifications(member, Some(2026)).unwrap();
    assert_eq!(items.iter().find(|r| r.item == "加强学习").map(|r| r.due), Some(d(2026, 12, 15)));

    key(&mut app, KeyCode::Char('a'));
    tab(&mut app, 1);
    typed(&mut app, "街道党工委");
    tab(&mut app, 1);
    typed(&mut app, "1101");
    tab(&mut app, 1);
    typed(&mut app, "1210");
    zhibu_save(&mut app);
    let c = reopen(&path).campaigns().unwrap().pop().expect("saved");
    assert_eq!((c.from, c.to), (d(2026, 11, 1), d(2026, 12, 10)));
}

#[test]
fn c_records_the_open_rectification_item_as_done() {
    let dir = tempfile::tempdir().unwrap();
    let path = sample_db(dir.path());
    let mut s = reopen(&path);
    let member = s.evaluation_sheet(2026).unwrap().rows[0].member_id;
    let item = Rectification {
        id: 0,
        member_id: member,
        year: 2026,
        item: "补学党课".into(),
        due: d(2026, 12, 31),
        done: None,
    };
    s.save_rectification(&item).unwrap();
    let mut app = app(&path, Lang::Zh);
    key(&mut app, KeyCode::Char('6'));
    key(&mut app, KeyCode::Home);
    key(&mut app, KeyCode::Char('c'));
    zhibu_save(&mut app);
    let items = reopen(&path).rectifications(member, Some(2026)).unwrap();
    assert_eq!(items.len(), 1);
    assert_eq!(items[0].done, Some(today()));
}

#[test]
fn the_facts_agree_with_the_study_tab() {
    let dir = tempfile::tempdir().unwrap();
    let path = sample_db(dir.path());
    let s = reopen(&path);
    let study = s.study_year(2026).unwrap();
    let services = s.services_year(2026).unwrap();
    for r in study.rows.iter().take(12) {
        let f = s.member_facts(r.member_id, 2026).unwrap();
        assert_eq!(f.attendance.absent, r.absences, "{}", r.name);
        assert_eq!(f.study.credited_min, r.status.credited_min, "{}", r.name);
        assert_eq!(f.study.standing, r.status.standing, "{}", r.name);
        assert_eq!(
            f.attendance.expected,
            f.attendance.present + f.attendance.excused + f.attendance.absent,
            "{}",
            r.name
        );
        // The sample records pledges and service: the facts agree with the members tab's summary
        // (pledges) and the 承诺 tab's service view (records not archived).
        let mine = s.service_summary(r.member_id, 2026).unwrap();
        let p = f.pledges.clone().expect("the sample records pledges");
        let standing =
            mine.pledges.iter().filter(|(st, _)| *st != zhibu::domain::pledge::PledgeStatus::Withdrawn).count() as u32;
        assert_eq!(p.pledges, standing, "{}", r.name);
        let recorded = services.iter().filter(|x| x.record.draft.member_id == r.member_id).count() as u32;
        assert_eq!(p.service_records, recorded, "{}", r.name);
        // The sample keeps dues: the facts count the same unpaid months as the 党费 tab.
        let dues = s.dues_year(2026).unwrap();
        let row = dues.rows.iter().find(|d| d.member_id == r.member_id).unwrap();
        let unpaid =
            row.cells.iter().filter(|c| c.status == Some(zhibu::domain::dues::MonthStatus::Unpaid)).count() as u32;
        assert_eq!(f.unpaid_dues_months, Some(unpaid), "{}", r.name);
    }
}

/// A commendation is edited and deleted like the other records: the form checks the version it
/// opened with (another window's save is not overwritten silently), `d` asks first, and both
/// are in the change log.
#[test]
fn a_commendation_is_edited_and_deleted_with_a_version_check() {
    use zhibu::service::Record;
    use zhibu::tui::tabs::evaluation::View;
    let dir = tempfile::tempdir().unwrap();
    let path = sample_db(dir.path());
    let mut app = app(&path, Lang::Zh);
    key(&mut app, KeyCode::Char('6'));
    while app.view::<EvaluationTab>().view != View::Commendations {
        key(&mut app, KeyCode::Char('v'));
    }
    let id = app.view::<EvaluationTab>().list.selected_id().expect("the sample has commendations");
    let before = reopen(&path).commendation(id).unwrap();
    key(&mut app, KeyCode::Enter);
    let Overlay::Form(form) = &app.overlay else { panic!("an edit form") };
    assert_eq!(form.text("commend_level"), before.level);
    // Another window changes it while the form is open.
    let mut other = reopen(&path);
    let seen = other.version(Record::Commendation(id)).unwrap();
    other.save_commendation(&Commendation { level: "区委".into(), ..before.clone() }, seen).unwrap();
    tab(&mut app, 3);
    key(&mut app, KeyCode::End); // keeps the prefilled level, to add to it
    typed(&mut app, "表彰");
    ctrl(&mut app, 's');
    let Overlay::Form(form) = &app.overlay else { panic!("the conflict keeps the form open") };
    assert!(form.message.is_some());
    assert_eq!(reopen(&path).commendation(id).unwrap().level, "区委", "nothing overwritten yet");
    // Having seen the other change, Ctrl-S saves over it.
    zhibu_save(&mut app);
    assert_eq!(reopen(&path).commendation(id).unwrap().level, format!("{}表彰", before.level));

    key(&mut app, KeyCode::Char('d'));
    assert!(matches!(app.overlay, Overlay::Confirm(..)), "asks first");
    key(&mut app, KeyCode::Char('y'));
    assert!(reopen(&path).commendations().unwrap().iter().all(|c| c.id != id));
    let conn = Connection::open(&path).unwrap();
    let actions: Vec<String> = conn
        .prepare("SELECT action FROM change_log WHERE tbl = 'commendation' AND row_id = ?1 ORDER BY id")
        .unwrap()
        .query_map([id], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(actions, ["insert", "update", "update", "delete"]);
}

/// A delete refuses when the commendation changed after `d` was pressed.
#[test]
fn a_stale_commendation_delete_is_refused() {
    use zhibu::service::Record;
    let dir = tempfile::tempdir().unwrap();
    let path = sample_db(dir.path());
    let mut s = reopen(&path);
    let c = s.commendations().unwrap().pop().unwrap();
    let seen = s.version(Record::Commendation(c.id)).unwrap();
    s.save_commendation(&Commendation { level: "区委".into(), ..c.clone() }, seen).unwrap();
    assert!(matches!(s.delete_commendation(c.id, seen), Err(ServiceError::Conflict(_))));
    let now = s.version(Record::Commendation(c.id)).unwrap();
    s.delete_commendation(c.id, now).unwrap();
    assert!(matches!(s.commendation(c.id), Err(ServiceError::NotFound)));
}

/// The six-month dues lapse (党章第九条) leads to a prefilled 组织处置, from 待办 and from the
/// 党费 tab's `x`; once one is recorded the finding says so, and Enter shows that record
/// instead of asking again. Nothing changes the member's status.
#[test]
fn a_six_month_dues_lapse_goes_to_a_disposal_and_then_says_it_is_recorded() {
    use zhibu::domain::rules::{Severity, Subject};
    use zhibu::tui::tabs::evaluation::View;
    let dir = tempfile::tempdir().unwrap();
    let path = sample_db(dir.path());
    let mut app = app(&path, Lang::Zh);
    let lapse = |app: &zhibu::tui::app::App| {
        app.view::<DashboardTab>()
            .table
            .visible_rows()
            .position(|r| r.finding().is_some_and(|f| f.rule == RuleId::DuesLapse && f.severity == Severity::Overdue))
            .expect("the sample's six-month lapse")
    };
    let pos = lapse(&app);
    key(&mut app, KeyCode::Home);
    for _ in 0..pos {
        key(&mut app, KeyCode::Down);
    }
    let Subject::Member(member) = app.view::<DashboardTab>().table.selected().unwrap().finding().unwrap().subject
    else {
        panic!("a member's finding")
    };
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.tab, Tab::Evaluation);
    let Overlay::Form(form) = &app.overlay else { panic!("a prefilled disposal") };
    assert_eq!(form.picked("disposal_member"), Some(member));
    zhibu_save(&mut app);
    let s = reopen(&path);
    let disposal = s.disposals(Some(member)).unwrap().pop().expect("saved");
    assert!(!s.member(member).unwrap().is_archived(), "a criticism archives nobody");
    let f = s
        .overdue()
        .unwrap()
        .findings
        .into_iter()
        .find(|f| f.rule == RuleId::DuesLapse && f.subject == Subject::Member(member))
        .unwrap();
    assert!(f.zh.contains("已记入组织处置") && !f.zh.contains("请核实原因"), "{}", f.zh);

    // Enter again: the recorded disposal is shown, no new form.
    key(&mut app, KeyCode::Char('1'));
    let pos = lapse(&app);
    key(&mut app, KeyCode::Home);
    for _ in 0..pos {
        key(&mut app, KeyCode::Down);
    }
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.tab, Tab::Evaluation);
    assert!(matches!(app.overlay, Overlay::None));
    assert_eq!(app.view::<EvaluationTab>().view, View::Disposals);
    assert_eq!(app.view::<EvaluationTab>().list.selected_id(), Some(disposal.id));

    // From the 党费 tab: x on the member's row.
    key(&mut app, KeyCode::Char('7'));
    let name = s.member(member).unwrap().draft.name;
    key(&mut app, KeyCode::Char('/'));
    typed(&mut app, &name);
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::Char('x'));
    assert_eq!(app.tab, Tab::Evaluation);
    assert_eq!(app.view::<EvaluationTab>().list.selected_id(), Some(disposal.id));
}

/// The cap's base counted in SQL (for a grade key) agrees with the sheet's: a member entered
/// after last year's round, with no 转入日期, is in neither.
#[test]
fn the_cap_base_skips_a_member_entered_after_the_year() {
    use zhibu::domain::member::{Gender, MemberDraft, MemberStatus, UnitCategory};
    let dir = tempfile::tempdir().unwrap();
    let path = sample_db(dir.path());
    let mut s = reopen(&path);
    let before = s.evaluation_sheet(2025).unwrap().graded_base;
    let draft = MemberDraft {
        name: "晚录入".into(),
        gender: Gender::Female,
        birth_date: d(1985, 3, 8),
        ethnicity: "汉族".into(),
        phone: Default::default(),
        work_unit: Default::default(),
        unit_category: UnitCategory::GovOrgan,
        group_id: None,
        status: MemberStatus::Full,
        admission_date: d(2010, 7, 1),
        conversion_date: Some(d(2011, 7, 1)),
        joined_on: None,
        exemption: None,
        cadre_level: None,
        probation_extension_months: 0,
        posts: vec![],
        notes: String::new(),
    };
    s.create_member_entered(&draft, d(2026, 3, 1)).unwrap();
    assert_eq!(s.evaluation_sheet(2025).unwrap().graded_base, before);
    let store = Store::open(&path).unwrap();
    let from = s.records_from().unwrap();
    assert_eq!(zhibu::store::evaluation::graded_base(store.conn(), 2025, from).unwrap(), before);
    let this_year = s.evaluation_sheet(2026).unwrap();
    assert!(this_year.rows.iter().any(|r| r.name == "晚录入" && r.standing == Standing::Graded), "in this year's");
    assert_eq!(zhibu::store::evaluation::graded_base(store.conn(), 2026, from).unwrap(), this_year.graded_base);
}

fn draft(name: &str, posts: Vec<zhibu::domain::member::PartyPost>) -> zhibu::domain::member::MemberDraft {
    use zhibu::domain::member::{Gender, MemberDraft, MemberStatus, UnitCategory};
    MemberDraft {
        name: name.into(),
        gender: Gender::Male,
        birth_date: d(1980, 5, 1),
        ethnicity: "汉族".into(),
        phone: Default::default(),
        work_unit: Default::default(),
        unit_category: UnitCategory::Other,
        group_id: None,
        status: MemberStatus::Full,
        admission_date: d(2005, 7, 1),
        conversion_date: Some(d(2006, 7, 1)),
        probation_extension_months: 0,
        joined_on: None,
        exemption: None,
        cadre_level: None,
        posts,
        notes: String::new(),
    }
}

/// 第十九条 (docs/rules.md heart_talk): a talk counts with whoever held a post on its day, as the
/// change log shows. The secretary 甲 hands the post to 乙 on 1 October: 丙's May talk with 甲
/// still counts, 丁's May talk with 乙 (not yet secretary) does not, and 乙's October talk with
/// 甲 counts for both (乙 was secretary then). The sheet's talk column says the same.
#[test]
fn talks_count_with_the_post_held_on_their_day_as_the_change_log_shows() {
    use zhibu::domain::member::PartyPost;
    use zhibu::domain::rules::{Severity, Subject};
    use zhibu::service::Record;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("branch.db");
    let mut s = Service::open(&path, today()).unwrap();
    s.set_log_clock(Some("2026-01-05T09:00:00")).unwrap();
    let ids: Vec<i64> = [("甲", vec![PartyPost::Secretary]), ("乙", vec![]), ("丙", vec![]), ("丁", vec![])]
        .into_iter()
        .map(|(name, posts)| s.create_member_entered(&draft(name, posts), d(2026, 1, 5)).unwrap())
        .collect();
    let [jia, yi, bing, ding] = ids[..] else { unreachable!() };
    s.set_log_clock(Some("2026-10-01T15:00:00")).unwrap();
    for (id, posts) in [(jia, vec![]), (yi, vec![PartyPost::Secretary])] {
        let mut m = s.member(id).unwrap().draft;
        m.posts = posts;
        let v = s.version(Record::Member(id)).unwrap();
        s.update_member(id, &m, v).unwrap();
    }
    s.set_log_clock(None).unwrap();
    for (day, who) in [(d(2026, 5, 6), [jia, bing]), (d(2026, 5, 7), [yi, ding]), (d(2026, 10, 15), [jia, yi])] {
        let t = Talk {
            id: 0,
            date: day,
            kind: TalkKind::Heart,
            members: who.to_vec(),
            topic: "谈心".into(),
            notes: String::new(),
        };
        s.save_talk(&t, Default::default()).unwrap();
    }
    let next = Service::open(&path, d(2027, 1, 1)).unwrap();
    let red: Vec<Subject> = next
        .overdue()
        .unwrap()
        .findings
        .into_iter()
        .filter(|f| f.rule == RuleId::HeartTalk && f.severity == Severity::Overdue)
        .map(|f| f.subject)
        .collect();
    assert_eq!(red, vec![Subject::Member(ding)]);
    let talked: Vec<(i64, bool)> =
        next.evaluation_sheet(2026).unwrap().rows.iter().map(|r| (r.member_id, r.talked)).collect();
    assert_eq!(talked, vec![(jia, true), (yi, true), (bing, true), (ding, false)]);
}

/// 2006年意见二（二）2 (docs/rules.md 新任书记培训): a member made secretary by an edit owes
/// on-the-job training within six months of that day; one entered with the post does not, nor
/// one who held it for a while and gave it up, whatever other members' edits the log holds.
#[test]
fn only_the_present_secretary_made_by_an_edit_owes_new_secretary_training() {
    use zhibu::domain::member::PartyPost;
    use zhibu::domain::rules::Subject;
    use zhibu::service::Record;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("branch.db");
    let mut s = Service::open(&path, today()).unwrap();
    s.set_log_clock(Some("2026-01-05T09:00:00")).unwrap();
    let ids: Vec<i64> = [("甲", vec![PartyPost::Secretary]), ("乙", vec![]), ("丙", vec![])]
        .into_iter()
        .map(|(name, posts)| s.create_member_entered(&draft(name, posts), d(2026, 1, 5)).unwrap())
        .collect();
    let [_jia, yi, bing] = ids[..] else { unreachable!() };
    let set_posts = |s: &mut Service, at: &str, id: i64, posts: Vec<PartyPost>| {
        s.set_log_clock(Some(at)).unwrap();
        let mut m = s.member(id).unwrap().draft;
        m.posts = posts;
        let v = s.version(Record::Member(id)).unwrap();
        s.update_member(id, &m, v).unwrap();
    };
    // 丙 is secretary from March to June only; 乙 from 1 October; 甲 keeps the post throughout
    // (two secretaries are possible in the file; the rule asks about each one holding it now).
    set_posts(&mut s, "2026-03-01T09:00:00", bing, vec![PartyPost::Secretary]);
    set_posts(&mut s, "2026-06-01T09:00:00", bing, vec![PartyPost::Organization]);
    set_posts(&mut s, "2026-10-01T09:00:00", yi, vec![PartyPost::Secretary]);
    s.set_log_clock(None).unwrap();
    let owed = |on| -> Vec<(Subject, chrono::NaiveDate)> {
        Service::open(&path, on)
            .unwrap()
            .overdue()
            .unwrap()
            .findings
            .into_iter()
            .filter(|f| f.rule == RuleId::NewSecretaryTraining)
            .map(|f| (f.subject, f.due))
            .collect()
    };
    assert_eq!(owed(d(2026, 11, 28)), vec![(Subject::Member(yi), d(2027, 4, 1))]);
}

/// docs/rules.md 通用约定: an archived member raises nothing from the archive day on, whatever
/// the kind of finding (meetings and study, pledges and service, 评议, members away). Every
/// member the sample reports on 2026-11-28 is archived that day: nothing about them is left.
#[test]
fn nothing_of_any_kind_about_members_archived_today() {
    use zhibu::domain::evaluation::is_evaluation_rule;
    use zhibu::domain::member::Archive;
    use zhibu::domain::rules::Subject;
    let dir = tempfile::tempdir().unwrap();
    let path = sample_db(dir.path());
    let mut s = reopen(&path);
    let before = s.overdue().unwrap().findings;
    let mut about: Vec<i64> =
        before.iter().filter_map(|f| if let Subject::Member(id) = f.subject { Some(id) } else { None }).collect();
    about.sort_unstable();
    about.dedup();
    // The kinds each rule module adds; `rules::findings` (meetings, study, probation, the
    // six-month rule, cadres, rotation, dues) keeps no archive filter of its own since
    // `drop_archived` runs over all of them.
    let kinds = |rule: RuleId| {
        let id = rule.id();
        (
            is_evaluation_rule(rule),
            id.starts_with("mobile") || id == "lost_contact",
            id == "pledge" || id == "member_care",
            matches!(
                rule,
                RuleId::StudyHours
                    | RuleId::ProbationEnd
                    | RuleId::OrgLifeLapse
                    | RuleId::LeaderLecture
                    | RuleId::SecretaryTraining
                    | RuleId::DuesLapse
            ),
        )
    };
    let reported: Vec<_> =
        before.iter().filter(|f| matches!(f.subject, Subject::Member(_))).map(|f| kinds(f.rule)).collect();
    assert!(
        reported.iter().any(|k| k.0)
            && reported.iter().any(|k| k.1)
            && reported.iter().any(|k| k.2)
            && reported.iter().any(|k| k.3),
        "the sample shows each kind"
    );
    for &id in &about {
        let a = Archive { reason: ArchiveReason::TransferredOut, date: today(), note: String::new() };
        s.archive_member(id, &a).unwrap();
    }
    let left: Vec<_> = reopen(&path)
        .overdue()
        .unwrap()
        .findings
        .into_iter()
        .filter(|f| matches!(f.subject, Subject::Member(id) if about.contains(&id)))
        .map(|f| (f.rule, f.subject))
        .collect();
    assert!(left.is_empty(), "about members archived today: {left:?}");
}

/// Schema step 20 indexes the member edits between holding a post and holding none, also those
/// a version 19 file already holds; other edits (a second post, the notes) are not among them.
#[test]
fn schema_19_edits_of_posts_are_read_after_the_upgrade() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v19.db");
    {
        let conn = Connection::open(&path).unwrap();
        migrations::migrate_to(&conn, 19).unwrap();
        let member = |posts: &str| format!(r#"{{"id":1,"name":"甲","posts":{posts},"notes":"\"posts\":[]"}}"#);
        for (at, before, after) in [
            ("2026-01-05T09:00:00", member("[\"secretary\"]"), member("[\"secretary\",\"publicity\"]")),
            ("2026-10-01T15:00:00", member("[\"secretary\"]"), member("[]")),
            ("2026-10-02T15:00:00", member("[]"), member("[]")),
        ] {
            conn.execute(
                "INSERT INTO change_log (at, tbl, row_id, action, before, after) VALUES (?1, 'member', 1, 'update', ?2, ?3)",
                rusqlite::params![at, before, after],
            )
            .unwrap();
        }
    }
    let store = Store::open(&path).unwrap();
    let h = zhibu::store::evaluation::post_history(store.conn(), d(2026, 1, 1)).unwrap();
    let changes: Vec<_> = h[&1].changes.iter().map(|c| (c.on, c.before, c.after)).collect();
    assert_eq!(changes, vec![(d(2026, 10, 1), true, false)], "only the edit that took the last post");
    assert_eq!(h[&1].logged_from, d(2026, 1, 5));
    assert!(zhibu::store::evaluation::post_history(store.conn(), d(2026, 10, 2)).unwrap().is_empty(), "from a day on");
}
