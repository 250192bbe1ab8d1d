//! The 承诺 tab: flows (keys through `keymap::resolve` and `App::update`, then the file reopened)
//! and snapshots of its views, forms and the evaluation question at 80x24 and 120x40, in
//! Chinese and English.

mod common;

use common::*;
use ratatui::crossterm::event::KeyCode;
use zhibu::domain::lang::Lang;
use zhibu::domain::pledge::{MassEvaluation, PledgeStatus, field};
use zhibu::domain::rules::RuleId;
use zhibu::service::Service;
use zhibu::tui::app::{App, Overlay, Tab};
use zhibu::tui::tabs::dashboard::DashboardTab;
use zhibu::tui::tabs::pledges::{PledgesTab, Rec, View};

fn demo(lang: Lang) -> (tempfile::TempDir, std::path::PathBuf, App) {
    let dir = tempfile::tempdir().unwrap();
    let path = sample_db(dir.path());
    let app = app(&path, lang);
    (dir, path, app)
}

fn reopen(path: &std::path::Path) -> Service {
    Service::open(path, today()).expect("reopen")
}

fn selected_pledge(app: &App) -> Option<i64> {
    match &app.view::<PledgesTab>().selected()?.rec {
        Rec::Pledge(Some(p), _) => Some(p.id),
        _ => None,
    }
}

fn form_error(app: &App, key: &str) -> Option<String> {
    match &app.overlay {
        Overlay::Form(f) => f.field(key).error.clone(),
        _ => None,
    }
}

macro_rules! snap {
    ($name:expr, $app:expr, $w:expr, $h:expr) => {
        insta::assert_snapshot!($name, screen(&mut $app, $w, $h));
    };
}

#[test]
fn a_pledge_is_fulfilled_and_evaluated_in_four_keys_from_the_first_screen() {
    let (_d, path, mut app) = demo(Lang::Zh);
    // 5: the tab; Down: the second open pledge; f: fulfilled today; 1: 满意.
    let keys = [KeyCode::Char('5'), KeyCode::Down, KeyCode::Char('f'), KeyCode::Char('1')];
    key(&mut app, keys[0]);
    key(&mut app, keys[1]);
    let id = selected_pledge(&app).expect("a pledge is selected");
    let before = reopen(&path).pledge(id).unwrap();
    assert!(before.draft.status.is_open());
    key(&mut app, keys[2]);
    assert!(app.view::<PledgesTab>().evaluating.is_some(), "f asks for the evaluation");
    key(&mut app, keys[3]);
    assert_eq!(keys.len(), 4);
    assert!(app.view::<PledgesTab>().evaluating.is_none());
    drop(app);
    let p = reopen(&path).pledge(id).unwrap();
    assert_eq!(p.draft.status, PledgeStatus::Fulfilled);
    assert_eq!(p.draft.fulfilled_on, Some(today()));
    assert_eq!(p.draft.evaluation, Some(MassEvaluation::Satisfied));
    assert_eq!(reopen(&path).history("pledge", id).unwrap().len(), 3, "insert, fulfilled, evaluated");
}

#[test]
fn escape_leaves_the_evaluation_for_later_and_f_asks_again() {
    let (_d, path, mut app) = demo(Lang::En);
    key(&mut app, KeyCode::Char('5'));
    let id = selected_pledge(&app).unwrap();
    key(&mut app, KeyCode::Char('f'));
    key(&mut app, KeyCode::Esc);
    assert_eq!(reopen(&path).pledge(id).unwrap().draft.evaluation, None);
    // The fulfilled pledge is still selected: f asks for its evaluation again.
    assert_eq!(selected_pledge(&app), Some(id));
    key(&mut app, KeyCode::Char('f'));
    key(&mut app, KeyCode::Char('3'));
    assert_eq!(reopen(&path).pledge(id).unwrap().draft.evaluation, Some(MassEvaluation::Dissatisfied));
}

#[test]
fn a_target_date_before_the_pledge_date_is_refused_beside_its_field() {
    let (_d, path, mut app) = demo(Lang::Zh);
    let before = reopen(&path).pledges_year(2026).unwrap().rows.len();
    key(&mut app, KeyCode::Char('5'));
    key(&mut app, KeyCode::Char('n'));
    typed(&mut app, "帮助孤寡老人购买年货");
    tab(&mut app, 5);
    for _ in 0..10 {
        key(&mut app, KeyCode::Backspace);
    }
    typed(&mut app, "2026-11-01");
    ctrl(&mut app, 's');
    assert!(matches!(app.overlay, Overlay::Form(_)), "the form stays open");
    assert_eq!(form_error(&app, field::TARGET).as_deref(), Some("完成时限不能早于公开承诺日期"));
    snap!("pledge_form_error_80x24", app, 80, 24);
    snap!("pledge_form_error_120x40", app, 120, 40);
    drop(app);
    assert_eq!(reopen(&path).pledges_year(2026).unwrap().rows.len(), before, "nothing saved");
}

#[test]
fn a_negative_care_amount_is_refused_beside_its_field() {
    let (_d, path, mut app) = demo(Lang::En);
    key(&mut app, KeyCode::Char('5'));
    key(&mut app, KeyCode::Char('c'));
    key(&mut app, KeyCode::Char('n'));
    typed(&mut app, "winter coat");
    tab(&mut app, 2);
    typed(&mut app, "-50");
    ctrl(&mut app, 's');
    assert_eq!(form_error(&app, field::AMOUNT).as_deref(), Some("the amount cannot be negative"));
    snap!("care_form_error_80x24_en", app, 80, 24);
    drop(app);
    assert_eq!(reopen(&path).cares_year(2026).unwrap().len(), 4);
}

#[test]
fn withdrawing_a_pledge_and_archiving_a_record_keep_them() {
    let (_d, path, mut app) = demo(Lang::Zh);
    key(&mut app, KeyCode::Char('5'));
    let id = selected_pledge(&app).unwrap();
    key(&mut app, KeyCode::Char('d'));
    key(&mut app, KeyCode::Char('y'));
    assert_eq!(reopen(&path).pledge(id).unwrap().draft.status, PledgeStatus::Withdrawn);
    key(&mut app, KeyCode::Char('v'));
    assert_eq!(app.view::<PledgesTab>().view, View::Service);
    let records = reopen(&path).services_year(2026).unwrap().len();
    let rid = match &app.view::<PledgesTab>().selected().unwrap().rec {
        Rec::Service(r) => r.id,
        other => panic!("{other:?}"),
    };
    key(&mut app, KeyCode::Char('d'));
    key(&mut app, KeyCode::Char('y'));
    let s = reopen(&path);
    assert_eq!(s.services_year(2026).unwrap().len(), records - 1);
    assert_eq!(s.service_record(rid).unwrap().archived_on, Some(today()));
}

#[test]
fn enter_on_a_pledge_finding_goes_to_the_members_row_in_the_pledges_tab() {
    let (_d, _path, mut app) = demo(Lang::Zh);
    let target = app
        .view::<DashboardTab>()
        .table
        .rows()
        .iter()
        .position(|r| r.finding().is_some_and(|f| f.rule == RuleId::Pledge));
    let target = target.expect("the sample has a pledge finding");
    for _ in 0..target {
        key(&mut app, KeyCode::Down);
    }
    let finding = app.view::<DashboardTab>().table.selected().unwrap().finding().unwrap().clone();
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.tab, Tab::Pledges);
    let member = match finding.subject {
        zhibu::domain::rules::Subject::Member(m) => m,
        other => panic!("{other:?}"),
    };
    assert_eq!(app.view::<PledgesTab>().selected().map(|i| i.member_id), Some(member));
}

/// Enter on a 承诺 finding of the 待办 tab selects the very record it is about: 孙春生's issue of
/// 2026-08-06 (「噪音扰民」, no feedback), not the member's first service record of the year, and
/// 杨雨桐's second late pledge, not her first. Every such finding of the sample is checked.
#[test]
fn enter_on_a_feedback_or_pledge_finding_selects_that_record() {
    let (_d, _path, mut app) = demo(Lang::Zh);
    let feedback_days = i64::from(app.service.settings().feedback_days);
    let findings: Vec<(usize, zhibu::domain::rules::Finding)> = app
        .view::<DashboardTab>()
        .table
        .visible_rows()
        .enumerate()
        .filter_map(|(i, r)| r.finding().cloned().map(|f| (i, f)))
        .filter(|(_, f)| matches!(f.rule, RuleId::ServiceFeedback | RuleId::Pledge))
        .collect();
    assert!(findings.iter().any(|(_, f)| f.zh.contains("孙春生 2026-08-06") && f.zh.contains("「噪音扰民」")));
    assert!(findings.iter().filter(|(_, f)| f.zh.starts_with("杨雨桐 的承诺")).count() >= 2);
    for (row, f) in &findings {
        key(&mut app, KeyCode::Char('1'));
        key(&mut app, KeyCode::Home);
        for _ in 0..*row {
            key(&mut app, KeyCode::Down);
        }
        key(&mut app, KeyCode::Enter);
        assert_eq!(app.tab, Tab::Pledges, "{}", f.zh);
        let member = match f.subject {
            zhibu::domain::rules::Subject::Member(m) => m,
            other => panic!("{other:?}"),
        };
        let item = app.view::<PledgesTab>().selected().expect("a row is selected");
        assert_eq!(item.member_id, member, "{}", f.zh);
        let quoted = |text: &str| f.zh.contains(&format!("「{}」", text.chars().take(20).collect::<String>()));
        match &item.rec {
            Rec::Service(r) => {
                assert_eq!(f.rule, RuleId::ServiceFeedback);
                assert_eq!(r.draft.date + chrono::Duration::days(feedback_days), f.due, "{}", f.zh);
                assert!(r.draft.feedback_on.is_none() && quoted(&r.draft.issue), "{}: {:?}", f.zh, r.draft.issue);
                assert!(f.zh.contains(&zhibu::domain::dates::fmt(r.draft.date)), "{}", f.zh);
            }
            Rec::Pledge(Some(p), _) => {
                assert_eq!(f.rule, RuleId::Pledge);
                assert!(quoted(&p.draft.content), "{}: {:?}", f.zh, p.draft.content);
                let closes = p.draft.target_date == f.due;
                let evaluates = p.draft.fulfilled_on.is_some_and(|d| d + chrono::Duration::days(30) == f.due);
                assert!(closes || evaluates, "{}: {:?}", f.zh, p.draft);
            }
            Rec::Pledge(None, _) => assert!(f.zh.contains("尚未公开承诺"), "{}", f.zh),
            _ => panic!("{}: a row of another kind", f.zh),
        }
        // Enter now edits that record.
        key(&mut app, KeyCode::Enter);
        assert!(matches!(app.overlay, Overlay::Form(_)), "{}", f.zh);
        key(&mut app, KeyCode::Esc);
    }
}

#[test]
fn pledges_tab_views() {
    for (lang, tag) in [(Lang::Zh, "zh"), (Lang::En, "en")] {
        let (_d, _p, mut app) = demo(lang);
        key(&mut app, KeyCode::Char('5'));
        snap!(format!("pledges_80x24_{tag}"), app, 80, 24);
        snap!(format!("pledges_120x40_{tag}"), app, 120, 40);
        key(&mut app, KeyCode::Char('f'));
        snap!(format!("pledges_evaluate_80x24_{tag}"), app, 80, 24);
        key(&mut app, KeyCode::Esc);
        for (k, name) in [('v', "service"), ('b', "links"), ('c', "care")] {
            key(&mut app, KeyCode::Char(k));
            snap!(format!("pledges_{name}_80x24_{tag}"), app, 80, 24);
            snap!(format!("pledges_{name}_120x40_{tag}"), app, 120, 40);
        }
    }
}

#[test]
fn the_member_detail_shows_the_years_pledges_and_service() {
    for (lang, tag) in [(Lang::Zh, "zh"), (Lang::En, "en")] {
        let (_d, _p, mut app) = demo(lang);
        key(&mut app, KeyCode::Char('2'));
        key(&mut app, KeyCode::Down);
        let s = screen(&mut app, 120, 40);
        assert!(s.contains("组织楼栋垃圾分类宣传两次"), "{s}");
        snap!(format!("member_detail_service_120x40_{tag}"), app, 120, 40);
        snap!(format!("member_detail_service_80x24_{tag}"), app, 80, 24);
    }
}

#[test]
fn x_excuses_a_member_from_pledging_and_h_flags_hardship() {
    let (_d, path, mut app) = demo(Lang::Zh);
    key(&mut app, KeyCode::Char('5'));
    let rows = reopen(&path).pledges_year(2026).unwrap().rows;
    let missing = rows.iter().position(|r| r.pledge.is_none()).expect("a member without a pledge");
    for _ in 0..missing {
        key(&mut app, KeyCode::Down);
    }
    let member = app.view::<PledgesTab>().selected().unwrap().member_id;
    key(&mut app, KeyCode::Char('x'));
    let s = reopen(&path);
    assert!(s.service_profiles().unwrap()[&member].pledge_opt_out);
    // The row stays, marked not asked, and selected: x again takes the mark back.
    let rows = s.pledges_year(2026).unwrap().rows;
    assert_eq!(
        rows.iter().filter(|r| r.member_id == member).map(|r| r.mark).collect::<Vec<_>>(),
        vec![zhibu::service::pledges::PledgeMark::NotAsked]
    );
    assert_eq!(app.view::<PledgesTab>().selected().unwrap().member_id, member);
    assert!(!s.overdue().unwrap().findings.iter().any(|f| f.rule == RuleId::Pledge
        && f.subject == zhibu::domain::rules::Subject::Member(member)
        && f.period.is_some_and(|p| p.start == chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap())
        && f.due == chrono::NaiveDate::from_ymd_opt(2026, 3, 31).unwrap()));
    snap!("pledge_not_asked_80x24", app, 80, 24);
    key(&mut app, KeyCode::Char('x'));
    let s = reopen(&path);
    assert!(!s.service_profiles().unwrap()[&member].pledge_opt_out, "x again takes the mark back");
    let rows = s.pledges_year(2026).unwrap().rows;
    assert!(rows.iter().any(|r| r.member_id == member && r.mark == zhibu::service::pledges::PledgeMark::Missing));
    key(&mut app, KeyCode::Char('c'));
    let member = app.view::<PledgesTab>().selected().unwrap().member_id;
    let before = reopen(&path).service_profiles().unwrap().get(&member).copied().unwrap_or_default().hardship;
    key(&mut app, KeyCode::Char('h'));
    assert_eq!(reopen(&path).service_profiles().unwrap()[&member].hardship, !before);
}

/// The edit form shows the 评议 round the pledge is assessed in (its own year unless changed);
/// a round more than a year after the pledge is refused beside the field.
#[test]
fn the_pledge_form_shows_its_evaluation_year() {
    for (lang, tag) in [(Lang::Zh, "zh"), (Lang::En, "en")] {
        let (_d, path, mut app) = demo(lang);
        key(&mut app, KeyCode::Char('5'));
        let id = selected_pledge(&app).expect("a pledge is selected");
        key(&mut app, KeyCode::Enter);
        let Overlay::Form(f) = &app.overlay else { panic!("the edit form") };
        assert_eq!(f.text(field::EVAL_YEAR), "2026");
        while !matches!(&app.overlay, Overlay::Form(f) if f.focused().key == field::EVAL_YEAR) {
            key(&mut app, KeyCode::Tab);
        }
        snap!(format!("pledge_form_eval_year_80x24_{tag}"), app, 80, 24);
        for _ in 0..4 {
            key(&mut app, KeyCode::Backspace);
        }
        typed(&mut app, "2028");
        ctrl(&mut app, 's');
        assert!(form_error(&app, field::EVAL_YEAR).is_some(), "refused beside the field");
        drop(app);
        assert_eq!(reopen(&path).pledge(id).unwrap().draft.eval_year, 2026, "nothing saved");
    }
}

fn status(app: &App) -> String {
    app.status.as_ref().map(|s| s.text.clone()).unwrap_or_default()
}

/// Whether the status line at 80 columns shows `text` whole, beside the counts.
fn shown_whole_at_80(app: &mut App, text: &str) -> bool {
    let scr = screen(app, 80, 24);
    scr.lines().rev().find(|l| l.contains("2026-11-28")).is_some_and(|l| l.contains(text))
}

/// The shortest form of the status message (what a narrow status line shows).
fn status_shortest(app: &App) -> String {
    app.status.as_ref().map(|s| s.shorter.last().unwrap_or(&s.text).clone()).unwrap_or_default()
}

/// Selects the first row of the pledges list whose pledge passes `pick`.
fn select_pledge(app: &mut App, path: &std::path::Path, pick: impl Fn(&zhibu::domain::pledge::Pledge) -> bool) -> i64 {
    let rows = reopen(path).pledges_year(2026).unwrap().rows;
    let at = rows.iter().position(|r| r.pledge.as_ref().is_some_and(&pick)).expect("such a pledge");
    for _ in 0..at {
        key(app, KeyCode::Down);
    }
    selected_pledge(app).unwrap()
}

/// A fulfilled and evaluated pledge is not withdrawn: `d` says why and how to edit it, and
/// its fulfilled date and evaluation stay; `d` on a withdrawn pledge says how to restore it.
#[test]
fn d_on_a_closed_or_withdrawn_pledge_says_why_and_changes_nothing() {
    for lang in [Lang::Zh, Lang::En] {
        let (_d, path, mut app) = demo(lang);
        key(&mut app, KeyCode::Char('5'));
        let id = select_pledge(&mut app, &path, |p| p.draft.evaluation.is_some() && p.draft.status.is_done());
        let before = reopen(&path).pledge(id).unwrap();
        assert!(before.draft.status.is_done(), "{before:?}");
        key(&mut app, KeyCode::Char('d'));
        assert!(matches!(app.overlay, Overlay::None), "no dialog");
        let said = status(&app);
        assert!(said.contains(lang.pick("不能撤销", "not withdrawn")) && said.contains("Enter"), "{said}");
        let short = status_shortest(&app);
        assert!(shown_whole_at_80(&mut app, &short) && short.contains("Enter"), "{short}");
        key(&mut app, KeyCode::Char('y'));
        let after = reopen(&path).pledge(id).unwrap();
        assert_eq!(after.draft, before.draft);
        if lang == Lang::Zh {
            snap!("pledge_closed_not_withdrawn_80x24", app, 80, 24);
        }

        let (_d, path, mut app) = demo(lang);
        key(&mut app, KeyCode::Char('5'));
        let id = select_pledge(&mut app, &path, |p| p.draft.status == PledgeStatus::Withdrawn);
        key(&mut app, KeyCode::Char('d'));
        assert!(matches!(app.overlay, Overlay::None), "no dialog");
        let said = status(&app);
        assert!(said.contains(lang.pick("已撤销", "already withdrawn")) && said.contains("Enter"), "{said}");
        let short = status_shortest(&app);
        assert!(shown_whole_at_80(&mut app, &short) && short.contains("Enter"), "{short}");
        assert_eq!(reopen(&path).pledge(id).unwrap().draft.status, PledgeStatus::Withdrawn);
    }
}

/// docs/rules.md: the target date is at most 31 December of the pledge year; a later one is
/// refused beside its field and nothing is saved (the reminder would read another date).
#[test]
fn a_target_date_after_the_pledge_year_is_refused_beside_its_field() {
    for (lang, want) in
        [(Lang::Zh, "完成时限最晚为承诺年度的 12 月 31 日"), (Lang::En, "at most 31 December of the pledge year")]
    {
        let (_d, path, mut app) = demo(lang);
        let before = reopen(&path).pledges_year(2026).unwrap().rows.len();
        key(&mut app, KeyCode::Char('5'));
        key(&mut app, KeyCode::Char('n'));
        typed(&mut app, "帮邻居修水管");
        tab(&mut app, 5);
        for _ in 0..10 {
            key(&mut app, KeyCode::Backspace);
        }
        typed(&mut app, "20270301");
        ctrl(&mut app, 's');
        assert!(matches!(app.overlay, Overlay::Form(_)), "the form stays open");
        assert_eq!(form_error(&app, field::TARGET).as_deref(), Some(want));
        if lang == Lang::En {
            snap!("pledge_form_target_after_year_80x24_en", app, 80, 24);
        }
        drop(app);
        assert_eq!(reopen(&path).pledges_year(2026).unwrap().rows.len(), before, "nothing saved");
        assert!(reopen(&path).pledges_year(2027).unwrap().rows.iter().all(|r| r.pledge.is_none()));
    }
}

/// B2: a third pledge is saved and said, with the advice whole beside the counts at 80 columns.
#[test]
fn a_third_pledge_is_said_whole_at_80_columns() {
    for (lang, advice) in [(Lang::Zh, "一般一两件"), (Lang::En, "1-2 usual")] {
        let (_d, path, mut app) = demo(lang);
        key(&mut app, KeyCode::Char('5'));
        let rows = reopen(&path).pledges_year(2026).unwrap().rows;
        let live = |m: i64| {
            rows.iter()
                .filter(|r| {
                    r.member_id == m && r.pledge.as_ref().is_some_and(|p| p.draft.status != PledgeStatus::Withdrawn)
                })
                .count()
        };
        let at = rows.iter().position(|r| r.pledge.is_some() && live(r.member_id) == 2).expect("a member with two");
        for _ in 0..at {
            key(&mut app, KeyCode::Down);
        }
        key(&mut app, KeyCode::Char('n'));
        typed(&mut app, "帮邻居修水管");
        ctrl(&mut app, 's');
        assert!(matches!(app.overlay, Overlay::None), "saved");
        assert!(status(&app).contains('3'), "{}", status(&app));
        let line = screen(&mut app, 80, 24).lines().rev().find(|l| l.contains("2026-11-28")).unwrap().to_string();
        assert!(line.contains(advice) && line.contains('3'), "{line}");
    }
}

/// `f` and its evaluation are one action: one `u` undoes both, and says what it undoes.
#[test]
fn one_u_undoes_a_fulfilment_with_its_evaluation() {
    for lang in [Lang::Zh, Lang::En] {
        let (_d, path, mut app) = demo(lang);
        key(&mut app, KeyCode::Char('5'));
        let id = selected_pledge(&app).unwrap();
        let before = reopen(&path).pledge(id).unwrap().draft;
        assert!(before.status.is_open());
        key(&mut app, KeyCode::Char('f'));
        key(&mut app, KeyCode::Char('2'));
        assert_eq!(reopen(&path).pledge(id).unwrap().draft.evaluation, Some(MassEvaluation::BasicallySatisfied));
        key(&mut app, KeyCode::Char('u'));
        let text = match &app.overlay {
            Overlay::Confirm(c) => c.text.clone(),
            _ => panic!("u asks first"),
        };
        assert!(text.contains(lang.pick("状态", "status")), "{text}");
        assert!(!text.contains(lang.pick("2 条", "2 pledge")), "{text}");
        if lang == Lang::Zh {
            snap!("pledge_undo_fulfil_80x24", app, 80, 24);
        }
        key(&mut app, KeyCode::Char('y'));
        assert_eq!(reopen(&path).pledge(id).unwrap().draft, before, "the pledge is open again, as before f");
    }
}
