//! The 党费 tab: collection day by keys (counted), the calibration sheet, and how the grid,
//! collection and calibration screens look at 80x24 and 120x40 in Chinese and English.

mod common;

use chrono::NaiveDate;
use common::*;
use ratatui::crossterm::event::{KeyCode, KeyModifiers};
use zhibu::domain::dues::{CalibrationInput, DuesCategory, Ym};
use zhibu::domain::lang::Lang;
use zhibu::domain::member::{Gender, MemberDraft, MemberStatus, UnitCategory};
use zhibu::service::Service;
use zhibu::tui::app::{App, Overlay};
use zhibu::tui::tabs::dues::DuesTab;

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// A branch of 40 members, calibrated for 2026, opened on collection day 2026-12-10.
fn forty(dir: &std::path::Path) -> (std::path::PathBuf, NaiveDate) {
    let today = day(2026, 12, 10);
    let path = dir.join("forty.db");
    let mut s = Service::open(&path, today).unwrap();
    let mut inputs = Vec::new();
    for i in 0..40 {
        let id = s
            .create_member(&MemberDraft {
                name: format!("党员{i:02}").into(),
                gender: Gender::Male,
                birth_date: day(1980, 1, 1),
                ethnicity: "汉族".into(),
                phone: Default::default(),
                work_unit: Default::default(),
                unit_category: UnitCategory::GovOrgan,
                group_id: None,
                status: MemberStatus::Full,
                admission_date: day(2010, 7, 1),
                conversion_date: Some(day(2011, 7, 1)),
                joined_on: None,
                exemption: None,
                cadre_level: None,
                probation_extension_months: 0,
                posts: vec![],
                notes: String::new(),
            })
            .unwrap();
        inputs.push(CalibrationInput {
            member_id: id,
            year: 2026,
            category: DuesCategory::Employed,
            base: format!("{}", 2500 + i * 250),
            amount: String::new(),
            calibrated_on: day(2026, 1, 15),
        });
    }
    s.save_calibrations(&inputs).unwrap();
    (path, today)
}

#[test]
fn a_collection_day_for_forty_members_takes_under_fifty_keys() {
    let dir = tempfile::tempdir().unwrap();
    let (path, today) = forty(dir.path());
    let mut app = App::new(Service::open(&path, today).unwrap(), Lang::Zh, false, false);
    let mut keys = 0;
    let mut press = |app: &mut App, code: KeyCode, mods: KeyModifiers| {
        keys += 1;
        key_mod(app, code, mods);
    };
    let none = KeyModifiers::NONE;
    press(&mut app, KeyCode::Char('7'), none); // the 党费 tab
    press(&mut app, KeyCode::Char('c'), none); // collection day, this month
    press(&mut app, KeyCode::Char('a'), none); // everyone paid the calibrated sum
    press(&mut app, KeyCode::Down, none);
    press(&mut app, KeyCode::Down, none);
    press(&mut app, KeyCode::Char('5'), none); // the third paid 50 元
    press(&mut app, KeyCode::Char('0'), none);
    press(&mut app, KeyCode::Down, none);
    press(&mut app, KeyCode::Char(' '), none); // the fourth did not come
    press(&mut app, KeyCode::Char('s'), KeyModifiers::CONTROL);
    assert!(keys < 50, "{keys} keys");
    assert!(app.view::<DuesTab>().collection.is_none(), "saved and closed");

    let s = Service::open(&path, today).unwrap();
    let grid = s.dues_year(2026).unwrap();
    let dec: Vec<i64> = grid.rows.iter().map(|r| r.cells[11].paid).collect();
    assert_eq!(dec.iter().filter(|p| **p > 0).count(), 39);
    assert_eq!(dec[2], 5000);
    assert_eq!(dec[3], 0);
    // 2500 at 0.5%: 12.50 元.
    assert_eq!(dec[0], 1250);
    let rows = s.payments_of(grid.rows[0].member_id).unwrap();
    assert_eq!((rows[0].month, rows[0].paid_on), (Ym::new(2026, 12), today));
    assert_eq!(s.history("dues_payment", rows[0].id).unwrap().len(), 1);
}

/// A sum typed for a member who has paid this month asks first, as Space does: the same key
/// again records it. Nothing is paid twice by a slip of the fingers.
#[test]
fn a_sum_typed_for_a_member_who_has_paid_asks_before_it_is_marked() {
    use zhibu::domain::dues::{PayMethod, PaymentDraft};
    let dir = tempfile::tempdir().unwrap();
    let (path, today) = forty(dir.path());
    let mut s = Service::open(&path, today).unwrap();
    let first = s.dues_year(2026).unwrap().rows[0].member_id;
    s.record_payments(&[PaymentDraft {
        member_id: first,
        first: Ym::new(2026, 12),
        months: 1,
        amount: 1250,
        extra: 0,
        paid_on: day(2026, 12, 1),
        method: PayMethod::Cash,
        proxy: String::new(),
        receipt: String::new(),
    }])
    .unwrap();
    drop(s);
    let mut app = App::new(Service::open(&path, today).unwrap(), Lang::Zh, false, false);
    for c in ['7', 'c'] {
        key(&mut app, KeyCode::Char(c));
    }
    let line = |app: &App| {
        let c = app.view::<DuesTab>().collection.as_ref().unwrap();
        assert_eq!(c.lines[0].member_id, first);
        (c.selected, c.marks[0], c.message.clone().map(|m| m.0).unwrap_or_default())
    };
    for c in ['2', '0'] {
        key(&mut app, KeyCode::Char(c));
    }
    // Neither Ctrl-S nor Down takes the sum at first.
    key_mod(&mut app, KeyCode::Char('s'), KeyModifiers::CONTROL);
    assert!(app.view::<DuesTab>().collection.is_some(), "saved past the question");
    let (at, mark, message) = line(&app);
    assert_eq!((at, mark), (0, None), "marked: {message}");
    assert!(message.contains("已于 2026-12-01 缴纳 12.50 元；再按一次仍记录"), "{message}");
    // Asked once; the next key that takes the sum records it.
    key(&mut app, KeyCode::Down);
    let (at, mark, _) = line(&app);
    assert_eq!((at, mark), (1, Some(2000)));
}

#[test]
fn escape_with_marks_asks_and_saves_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (path, today) = forty(dir.path());
    let mut app = App::new(Service::open(&path, today).unwrap(), Lang::Zh, false, false);
    for c in ['7', 'c', 'a'] {
        key(&mut app, KeyCode::Char(c));
    }
    key(&mut app, KeyCode::Esc);
    key(&mut app, KeyCode::Char('y'));
    assert!(app.view::<DuesTab>().collection.is_none());
    let s = Service::open(&path, today).unwrap();
    assert_eq!(s.dues_year(2026).unwrap().paid, 0);
}

#[test]
fn the_calibration_sheet_saves_the_year_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let (path, _) = forty(dir.path());
    // January 2027: last year's bases are prefilled; one member's pay rose to 5000.01.
    let today = day(2027, 1, 12);
    let mut app = App::new(Service::open(&path, today).unwrap(), Lang::Zh, false, false);
    key(&mut app, KeyCode::Char('7'));
    key(&mut app, KeyCode::Char('k'));
    assert_eq!(app.view::<DuesTab>().calibration.as_ref().unwrap().bases[1], "2750.00");
    key(&mut app, KeyCode::Down);
    typed(&mut app, "5000.01");
    ctrl(&mut app, 's');
    assert!(app.view::<DuesTab>().calibration.is_none(), "saved and closed");
    let s = Service::open(&path, today).unwrap();
    let sheet = s.calibration_sheet(2027).unwrap();
    assert!(sheet.iter().all(|l| l.current.is_some()));
    assert_eq!(sheet[1].current.as_ref().unwrap().monthly, 7500, "1.5% of 5000.01");
    assert_eq!(sheet[0].current.as_ref().unwrap().monthly, 1250);
}

#[test]
fn a_base_that_is_not_a_number_is_refused_beside_its_row() {
    let dir = tempfile::tempdir().unwrap();
    let (path, _) = forty(dir.path());
    let today = day(2027, 1, 12);
    let mut app = App::new(Service::open(&path, today).unwrap(), Lang::Zh, false, false);
    key(&mut app, KeyCode::Char('7'));
    key(&mut app, KeyCode::Char('k'));
    key(&mut app, KeyCode::Down);
    key(&mut app, KeyCode::Down);
    typed(&mut app, "1.2.3");
    ctrl(&mut app, 's');
    let c = app.view::<DuesTab>().calibration.as_ref().expect("still open");
    assert!(c.errors[2].as_deref().unwrap_or("").contains("金额"), "{:?}", c.errors[2]);
    let s = Service::open(&path, today).unwrap();
    assert!(s.calibration_sheet(2027).unwrap().iter().all(|l| l.current.is_none()));
}

#[test]
fn month_codes_fit_their_two_cell_columns() {
    use unicode_width::UnicodeWidthStr;
    use zhibu::domain::dues::{Cell, MonthStatus};
    use zhibu::tui::tabs::dues::cell_code;
    for lang in [Lang::Zh, Lang::En] {
        for s in MonthStatus::ALL {
            let c = Cell { status: Some(*s), due: Some(100), paid: 100, paid_on: None };
            assert!(cell_code(&c, lang).width() <= 2, "{s:?} {lang:?}");
        }
    }
    let short = Cell { status: Some(MonthStatus::Paid), due: Some(100), paid: 50, paid_on: None };
    assert_eq!(cell_code(&short, Lang::Zh), "少");
}

// ---- snapshots ----

fn demo(lang: Lang) -> (tempfile::TempDir, App) {
    let dir = tempfile::tempdir().unwrap();
    let path = sample_db(dir.path());
    let app = app(&path, lang);
    (dir, app)
}

#[test]
fn dues_grid() {
    for (lang, tag) in [(Lang::Zh, "zh"), (Lang::En, "en")] {
        let (_d, mut app) = demo(lang);
        key(&mut app, KeyCode::Char('7'));
        for _ in 0..18 {
            key(&mut app, KeyCode::Down);
        }
        insta::assert_snapshot!(format!("dues_80x24_{tag}"), screen(&mut app, 80, 24));
        insta::assert_snapshot!(format!("dues_120x40_{tag}"), screen(&mut app, 120, 40));
    }
}

#[test]
fn dues_collection_and_calibration() {
    for (lang, tag) in [(Lang::Zh, "zh"), (Lang::En, "en")] {
        let (_d, mut app) = demo(lang);
        key(&mut app, KeyCode::Char('7'));
        key(&mut app, KeyCode::Char('c'));
        for _ in 0..17 {
            key(&mut app, KeyCode::Down);
        }
        key(&mut app, KeyCode::Char(' '));
        insta::assert_snapshot!(format!("dues_collection_80x24_{tag}"), screen(&mut app, 80, 24));
        insta::assert_snapshot!(format!("dues_collection_120x40_{tag}"), screen(&mut app, 120, 40));
        key(&mut app, KeyCode::Esc);
        key(&mut app, KeyCode::Char('y'));
        key(&mut app, KeyCode::Char('k'));
        key(&mut app, KeyCode::Down);
        typed(&mut app, "45.0.0");
        ctrl(&mut app, 's');
        insta::assert_snapshot!(format!("dues_calibration_80x24_{tag}"), screen(&mut app, 80, 24));
        insta::assert_snapshot!(format!("dues_calibration_120x40_{tag}"), screen(&mut app, 120, 40));
    }
}

#[test]
fn a_late_back_payment_warns_once_then_is_recorded() {
    let dir = tempfile::tempdir().unwrap();
    let (path, today) = forty(dir.path());
    let mut app = App::new(Service::open(&path, today).unwrap(), Lang::Zh, false, false);
    key(&mut app, KeyCode::Char('7'));
    key(&mut app, KeyCode::Char('n'));
    for _ in 0..7 {
        key(&mut app, KeyCode::Backspace);
    }
    typed(&mut app, "2026-03");
    // The member owes January to November: typed from March, the months left of that run;
    // the default of eleven would have paid two months ahead.
    let months = |app: &App| {
        let Overlay::Form(form) = &app.overlay else { panic!("the payment form") };
        form.text("months")
    };
    assert_eq!(months(&app), "9");
    for _ in 0..7 {
        key(&mut app, KeyCode::Backspace);
    }
    typed(&mut app, "2027-03");
    assert_eq!(months(&app), "1", "outside the unpaid run: one month");
    for _ in 0..7 {
        key(&mut app, KeyCode::Backspace);
    }
    typed(&mut app, "2026-03");
    ctrl(&mut app, 's');
    let Overlay::Form(form) = &app.overlay else { panic!("the form stays open with the warning") };
    assert!(form.fields.iter().any(|f| f.error.as_deref().unwrap_or("").contains("超过 6 个月")));
    ctrl(&mut app, 's');
    assert!(matches!(app.overlay, Overlay::None), "recorded on the second Ctrl-S");
    let s = Service::open(&path, today).unwrap();
    let grid = s.dues_year(2026).unwrap();
    assert_eq!(grid.rows[0].cells[2].status, Some(zhibu::domain::dues::MonthStatus::PaidLate));
    assert_eq!(grid.rows[0].cells[2].paid, 1250);
}

#[test]
fn a_month_before_admission_is_refused_beside_its_field() {
    let dir = tempfile::tempdir().unwrap();
    let (path, today) = forty(dir.path());
    let mut app = App::new(Service::open(&path, today).unwrap(), Lang::En, false, false);
    key(&mut app, KeyCode::Char('7'));
    key(&mut app, KeyCode::Char('n'));
    for _ in 0..7 {
        key(&mut app, KeyCode::Backspace);
    }
    typed(&mut app, "2009-01");
    ctrl(&mut app, 's');
    insta::assert_snapshot!("dues_payment_error_80x24_en", screen(&mut app, 80, 24));
    let Overlay::Form(form) = &app.overlay else { panic!("still open") };
    assert!(form.fields.iter().any(|f| f.error.as_deref().unwrap_or("").contains("before admission")));
}

#[test]
fn an_exemption_is_recorded_in_the_profile_form() {
    let dir = tempfile::tempdir().unwrap();
    let (path, today) = forty(dir.path());
    let mut app = App::new(Service::open(&path, today).unwrap(), Lang::Zh, false, false);
    key(&mut app, KeyCode::Char('7'));
    key(&mut app, KeyCode::Enter);
    insta::assert_snapshot!("dues_profile_form_80x24_zh", screen(&mut app, 80, 24));
    tab(&mut app, 3); // 减免
    key(&mut app, KeyCode::Right);
    key(&mut app, KeyCode::Right); // 免交
    key(&mut app, KeyCode::Tab);
    typed(&mut app, "街道党工委");
    key(&mut app, KeyCode::Tab);
    typed(&mut app, "2026-12-01");
    ctrl(&mut app, 's');
    assert!(matches!(app.overlay, Overlay::None));
    let s = Service::open(&path, today).unwrap();
    let id = s.dues_year(2026).unwrap().rows[0].member_id;
    let p = s.dues_profile(id).unwrap();
    assert_eq!(
        p.relief.map(|r| (r.kind, r.approved_on)),
        Some((zhibu::domain::dues::ReliefKind::Exempt, day(2026, 12, 1)))
    );
}

/// The grid's rows are read in member-id order and shown in number order: after members are
/// renumbered against the order of entry, the tab lists them by number.
#[test]
fn the_grid_lists_members_by_number_when_numbers_disagree_with_entry_order() {
    let dir = tempfile::tempdir().unwrap();
    let (path, today) = forty(dir.path());
    let c = rusqlite::Connection::open(&path).unwrap();
    // 党员00 (entered first) and 党员39 (entered last) swap numbers.
    c.execute_batch(
        "UPDATE member SET number = 'x' WHERE name = '党员00';
         UPDATE member SET number = '0001' WHERE name = '党员39';
         UPDATE member SET number = '0040' WHERE name = '党员00';",
    )
    .unwrap();
    drop(c);
    let mut app = App::new(Service::open(&path, today).unwrap(), Lang::Zh, false, false);
    key(&mut app, KeyCode::Char('7'));
    let text = screen(&mut app, 120, 60);
    let at = |name: &str| text.find(name).unwrap_or_else(|| panic!("{name} not shown:\n{text}"));
    assert!(at("党员39") < at("党员01"), "0001 first:\n{text}");
    assert!(at("党员01") < at("党员02"));
    key(&mut app, KeyCode::End);
    let text = screen(&mut app, 120, 60);
    let last = text.find("党员00").unwrap_or_else(|| panic!("0040 at the end:\n{text}"));
    assert!(text.find("党员38").is_some_and(|p| p < last), "{text}");
}

/// The title counts members, never the totals row: none on a new file (the table says so), 40
/// for forty, and a filter counts the members it finds.
#[test]
fn the_grid_counts_members_not_its_totals_row() {
    let title = |text: &str| text.lines().nth(1).unwrap_or_default().to_string();
    for (lang, hint) in [(Lang::Zh, "本年没有党员"), (Lang::En, "no members this year")] {
        let dir = tempfile::tempdir().unwrap();
        let mut app =
            App::new(Service::open(&dir.path().join("new.db"), day(2026, 12, 10)).unwrap(), lang, false, false);
        key(&mut app, KeyCode::Char('7'));
        let text = screen(&mut app, 80, 24);
        assert!(title(&text).ends_with("─ 0 ┐"), "{text}");
        assert!(text.contains(hint), "{text}");
        assert!(!text.contains(lang.pick("合计", "Total")), "no totals row without members\n{text}");
    }
    let dir = tempfile::tempdir().unwrap();
    let (path, today) = forty(dir.path());
    let mut app = App::new(Service::open(&path, today).unwrap(), Lang::Zh, false, false);
    key(&mut app, KeyCode::Char('7'));
    let text = screen(&mut app, 80, 24);
    assert!(title(&text).ends_with("─ 40 ┐"), "{text}");
    key(&mut app, KeyCode::Char('/'));
    typed(&mut app, "党员1");
    let text = screen(&mut app, 80, 24);
    assert!(title(&text).ends_with("─ 10/40 ┐"), "{text}");
    typed(&mut app, "x");
    let text = screen(&mut app, 80, 24);
    assert!(title(&text).ends_with("─ 0/40 ┐"), "{text}");
    assert!(text.contains("合计") && text.contains("没有符合筛选的记录"), "{text}");
}

/// The totals row stays last, as on the paper 登记表, whatever the grid is sorted by (each
/// column, up and down) and filtered by.
#[test]
fn the_totals_row_stays_last_under_every_sort_and_filter() {
    use zhibu::tui::table::TableRow;
    use zhibu::tui::tabs::dues::DuesTab;
    let (_d, mut app) = demo(Lang::Zh);
    key(&mut app, KeyCode::Char('7'));
    let check = |app: &App, how: &str| {
        let rows: Vec<bool> = app.view::<DuesTab>().table.visible_rows().map(|r| r.counted()).collect();
        assert!(rows.len() > 1, "{how}");
        assert_eq!(rows.iter().filter(|c| !**c).count(), 1, "one totals row ({how})");
        assert!(!rows.last().unwrap(), "the totals row is last ({how})");
    };
    check(&app, "as loaded");
    for col in 0..16 {
        key(&mut app, KeyCode::Char('o'));
        check(&app, &format!("column {col} up"));
        key(&mut app, KeyCode::Char('O'));
        check(&app, &format!("column {col} down"));
        key(&mut app, KeyCode::Char('O'));
    }
    key(&mut app, KeyCode::Char('O'));
    key(&mut app, KeyCode::Char('/'));
    typed(&mut app, "z");
    check(&app, "filtered, sorted down");
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::End);
    // On the screen too: the table's last line above its filter line.
    let text = screen(&mut app, 80, 24);
    let table: Vec<&str> = text.lines().skip(2).take_while(|l| !l.starts_with('└')).collect();
    let last = table.iter().rev().find(|l| !l.starts_with("│筛选")).copied().unwrap_or_default();
    assert!(last.starts_with("│合计"), "{text}");
}

/// The detail pane's lines at 80x24: those between its title and its bottom border.
fn pane(text: &str) -> Vec<String> {
    let lines: Vec<&str> = text.lines().collect();
    let top = lines.iter().rposition(|l| l.starts_with("┌ 详情") || l.starts_with("┌ Details")).expect("the pane");
    lines[top + 1..]
        .iter()
        .take_while(|l| !l.starts_with('└'))
        .map(|l| l.trim_matches('│').trim_end().to_string())
        .collect()
}

/// The pane keeps each month with its payment date on one line (at 80 columns "7月" ended one
/// line and "07-10" began the next); with the totals row selected it lists the month totals in
/// full, which the grid's two-cell month columns cut at 80 columns ("3~").
#[test]
fn the_pane_keeps_months_with_their_dates_and_gives_the_month_totals_in_full() {
    for (lang, totals) in [(Lang::Zh, "每月实缴"), (Lang::En, "paid per month")] {
        let (_d, mut app) = demo(lang);
        key(&mut app, KeyCode::Char('7'));
        let text = screen(&mut app, 80, 24);
        let lines = pane(&text);
        assert!(lines.iter().any(|l| l.contains("01-10")), "{text}");
        for l in &lines {
            let first = l.split_whitespace().next().unwrap_or_default();
            let bare_date = first.len() == 5 && first.as_bytes()[2] == b'-';
            assert!(!bare_date && !l.ends_with('月'), "a month parted from its date: {l}\n{text}");
        }
        key(&mut app, KeyCode::End);
        let text = screen(&mut app, 80, 24);
        assert!(text.contains("3~"), "the grid cuts the month totals at 80 columns\n{text}");
        let lines = pane(&text).join("\n");
        assert!(lines.contains(totals), "{text}");
        insta::assert_snapshot!(format!("dues_totals_row_80x24_{}", lang.pick("zh", "en")), text);
        const EN: [&str; 11] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov"];
        for month in 1..=11 {
            let label = match lang {
                Lang::Zh => format!("{month}月 3"),
                Lang::En => format!("{}: 3", EN[month - 1]),
            };
            assert!(lines.contains(&label), "month {month} in full: {lines}");
        }
    }
}

/// Collection day and the calibration sheet give names and categories the room 80 columns have
/// ("阿依古丽~", "min. all~" before); a row's error is cut with its mark where the row ends (it
/// was cut without one) and shown whole on the sheet's last line once the row is selected.
#[test]
fn the_sheets_use_their_width_and_a_rows_error_is_never_cut_unmarked() {
    for lang in [Lang::Zh, Lang::En] {
        let (_d, mut app) = demo(lang);
        key(&mut app, KeyCode::Char('7'));
        key(&mut app, KeyCode::Char('c'));
        let text = screen(&mut app, 80, 24);
        assert!(text.contains("阿依古丽・买买提"), "{text}");
        key(&mut app, KeyCode::Esc);
        key(&mut app, KeyCode::Char('k'));
        let text = screen(&mut app, 80, 24);
        assert!(text.contains("阿依古丽・买买提"), "{text}");
        if lang == Lang::En {
            assert!(text.contains("min. allowance"), "{text}");
        }
        key(&mut app, KeyCode::Down);
        key(&mut app, KeyCode::Down);
        typed(&mut app, "1.2.3");
        ctrl(&mut app, 's');
        let whole = lang.pick("请输入金额（元），如 4500 或 4500.50", "an amount in yuan, e.g. 4500 or 4500.50");
        let text = screen(&mut app, 80, 24);
        let row = text.lines().find(|l| l.contains("1.2.3")).unwrap_or_default();
        assert!(row.ends_with("~│") && !row.contains(whole), "{text}");
        key(&mut app, KeyCode::Up);
        key(&mut app, KeyCode::Down);
        let text = screen(&mut app, 80, 24);
        assert!(text.lines().any(|l| l.starts_with(&format!("│{whole}"))), "{text}");
        insta::assert_snapshot!(format!("dues_calibration_error_80x24_{}", lang.pick("zh", "en")), text);
    }
}

/// A back payment starts where the member's arrears start: 唐丽华 owes July to October 2026
/// (欠 in the grid, the `dues` finding's months), so `n` on her row offers 2026-07 and four
/// months, and saving it pays those months, not November to February. A member who owes
/// nothing keeps this month and one.
#[test]
fn a_back_payment_starts_at_the_first_unpaid_month() {
    use zhibu::domain::dues::MonthStatus;
    let (dir, mut app) = demo(Lang::Zh);
    let path = dir.path().join("demo.db");
    key(&mut app, KeyCode::Char('7'));
    let field = |app: &App, key: &str| {
        let Overlay::Form(form) = &app.overlay else { panic!("the payment form") };
        form.text(key)
    };
    // The first member pays every month: this month, one.
    key(&mut app, KeyCode::Char('n'));
    assert_eq!((field(&app, "first_month"), field(&app, "months")), ("2026-11".into(), "1".into()));
    key(&mut app, KeyCode::Esc);
    for _ in 0..17 {
        key(&mut app, KeyCode::Char('j'));
    }
    let text = screen(&mut app, 80, 24);
    assert!(text.contains("唐丽华 4 个月党费未缴：2026年7月"), "{text}");
    key(&mut app, KeyCode::Char('n'));
    let text = screen(&mut app, 80, 24);
    assert!(text.contains("唐丽华") && text.contains("2026-07"), "{text}");
    assert_eq!((field(&app, "first_month"), field(&app, "months")), ("2026-07".into(), "4".into()));
    ctrl(&mut app, 's');
    assert!(matches!(app.overlay, Overlay::None), "recorded: {}", screen(&mut app, 80, 24));
    let s = Service::open(&path, today()).unwrap();
    let row = s.dues_year(2026).unwrap().rows.into_iter().find(|r| r.name == "唐丽华").unwrap();
    let status: Vec<_> = row.cells[6..12].iter().map(|c| c.status).collect();
    use MonthStatus::*;
    assert_eq!(status, [Some(PaidLate), Some(PaidLate), Some(PaidLate), Some(PaidLate), Some(NotDue), Some(NotDue)]);
    assert_eq!(row.cells[6].paid, 2458);
    assert_eq!(s.first_unpaid(row.member_id).unwrap(), None, "nothing owed now");
}

/// Collection day moves as every list does: End and G to the last line, Home and g to the
/// first, PgDn and PgUp a screen's lines at a time; a sum typed for a line is taken first.
#[test]
fn collection_day_pages_and_jumps_like_every_list() {
    let dir = tempfile::tempdir().unwrap();
    let (path, today) = forty(dir.path());
    let mut app = App::new(Service::open(&path, today).unwrap(), Lang::Zh, false, false);
    key(&mut app, KeyCode::Char('7'));
    key(&mut app, KeyCode::Char('c'));
    let at = |app: &App| app.view::<DuesTab>().collection.as_ref().unwrap().selected;
    let n = app.view::<DuesTab>().collection.as_ref().unwrap().lines.len();
    assert_eq!(n, 40);
    // 80x24 shows 16 lines.
    let text = screen(&mut app, 80, 24);
    key(&mut app, KeyCode::PageDown);
    assert_eq!(at(&app), 16, "{text}");
    key(&mut app, KeyCode::PageDown);
    key(&mut app, KeyCode::PageDown);
    assert_eq!(at(&app), n - 1, "PgDn stops at the last line");
    key(&mut app, KeyCode::PageUp);
    assert_eq!(at(&app), n - 17);
    key(&mut app, KeyCode::Home);
    assert_eq!(at(&app), 0);
    key(&mut app, KeyCode::End);
    assert_eq!(at(&app), n - 1);
    let last = screen(&mut app, 80, 24);
    let name = app.view::<DuesTab>().collection.as_ref().unwrap().lines[n - 1].name.clone();
    assert!(last.contains(&name), "the last line is shown:\n{last}");
    key(&mut app, KeyCode::Char('g'));
    assert_eq!(at(&app), 0);
    key(&mut app, KeyCode::Char('G'));
    assert_eq!(at(&app), n - 1);
    // A sum typed on the first line is marked as Home leaves it for End.
    key(&mut app, KeyCode::Home);
    key(&mut app, KeyCode::Down);
    typed(&mut app, "12");
    key(&mut app, KeyCode::End);
    let c = app.view::<DuesTab>().collection.as_ref().unwrap();
    assert_eq!((c.selected, c.marks[1], c.typed.as_str()), (n - 1, Some(1200), ""));
}

/// A character that cannot be part of an amount says why on the sheet's last line, in either
/// language, and the message stays while the amount is typed on: "-5" showed "5_" and nothing.
#[test]
fn a_minus_or_a_letter_typed_as_an_amount_says_why() {
    for (lang, minus, other) in [
        (Lang::Zh, "金额不能为负", "金额只能输入数字和小数点"),
        (Lang::En, "an amount can't be negative", "an amount takes only digits and a point"),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let (path, today) = forty(dir.path());
        let mut app = App::new(Service::open(&path, today).unwrap(), lang, false, false);
        key(&mut app, KeyCode::Char('7'));
        key(&mut app, KeyCode::Char('c'));
        let message = |app: &App| {
            let c = app.view::<DuesTab>().collection.as_ref().unwrap();
            (c.typed.clone(), c.message.clone().map(|m| m.0).unwrap_or_default())
        };
        typed(&mut app, "-5");
        assert_eq!(message(&app), ("5".into(), minus.into()));
        let text = screen(&mut app, 80, 24);
        assert!(text.contains("5_") && text.contains(minus), "{text}");
        typed(&mut app, "x");
        assert_eq!(message(&app), ("5".into(), other.into()));
        // Full-width digits are digits; the full-width minus is a minus.
        typed(&mut app, "０－");
        assert_eq!(message(&app), ("5０".into(), minus.into()));
        // Moving on takes the sum and the message goes.
        key(&mut app, KeyCode::Down);
        let c = app.view::<DuesTab>().collection.as_ref().unwrap();
        assert_eq!((c.marks[0], c.message.is_none()), (Some(5000), true));
        // The calibration sheet says the same.
        key(&mut app, KeyCode::Esc);
        key(&mut app, KeyCode::Char('y'));
        key(&mut app, KeyCode::Char('k'));
        typed(&mut app, "-3");
        let text = screen(&mut app, 80, 24);
        assert!(text.contains(minus) && text.contains("3_"), "{text}");
    }
}

/// Help inside collection day and the calibration sheet lists their keys alone: `2` types an
/// amount there and `s` does nothing, so "1-8 跳到标签页" and "s 支部设置" are not offered.
#[test]
fn help_inside_the_dues_dialogs_lists_only_their_keys() {
    for (lang, title, cal, global, settings, last) in [
        (Lang::Zh, "收缴党费", "核定党费基数", "跳到标签页", "支部设置", "最后一行（G）"),
        (Lang::En, "Collection day", "Dues calibration", "jump to tab", "branch settings", "last row (G)"),
    ] {
        let (_d, mut app) = demo(lang);
        key(&mut app, KeyCode::Char('7'));
        key(&mut app, KeyCode::Char('c'));
        key(&mut app, KeyCode::Char('?'));
        let text = screen(&mut app, 80, 24);
        assert!(text.lines().nth(2).is_some_and(|l| l.contains(title)), "{text}");
        assert!(text.contains(last) && text.contains("Ctrl-S"), "{text}");
        assert!(!text.contains(global) && !text.contains(settings), "{text}");
        // No other section: the tab's, the tables' or the global keys.
        let sections: Vec<&str> = text.lines().map(|l| l.trim_matches('│').trim()).collect();
        for other in [lang.pick("党费", "Dues"), lang.pick("表格", "Tables"), lang.pick("全局", "Everywhere")] {
            assert!(!sections.contains(&other), "{other}:\n{text}");
        }
        key(&mut app, KeyCode::End);
        let text = screen(&mut app, 80, 24);
        assert!(!text.contains(global) && !text.contains(settings), "nothing further down:\n{text}");
        key(&mut app, KeyCode::Esc);
        assert!(app.view::<DuesTab>().collection.is_some(), "back to collection day");
        key(&mut app, KeyCode::Esc);
        key(&mut app, KeyCode::Char('k'));
        key(&mut app, KeyCode::F(1));
        let text = screen(&mut app, 80, 24);
        assert!(text.lines().nth(2).is_some_and(|l| l.contains(cal)), "{text}");
        assert!(!text.contains(global) && !text.contains(settings), "{text}");
    }
    // On a tab, help still lists every key, the tab's first.
    let (_d, mut app) = demo(Lang::Zh);
    key(&mut app, KeyCode::Char('7'));
    key(&mut app, KeyCode::Char('?'));
    key(&mut app, KeyCode::End);
    key(&mut app, KeyCode::Esc);
    key(&mut app, KeyCode::Char('?'));
    let mut seen = String::new();
    for _ in 0..20 {
        seen.push_str(&screen(&mut app, 80, 24));
        key(&mut app, KeyCode::PageDown);
    }
    assert!(seen.contains("跳到标签页") && seen.contains("支部设置"), "{seen}");
}

/// The pane names the month of each payment date in English as the Chinese does ("1月 01-10"):
/// "Jan: 01-10", where it read "paid on 1 01-10  2 02-10".
#[test]
fn the_pane_names_the_month_of_each_payment_date_in_english() {
    for (lang, want) in [(Lang::Zh, "缴纳日期 1月 01-10  2月 02-10"), (Lang::En, "dates paid Jan: 01-10  Feb: 02-10")]
    {
        let (_d, mut app) = demo(lang);
        key(&mut app, KeyCode::Char('7'));
        for _ in 0..17 {
            key(&mut app, KeyCode::Char('j'));
        }
        let text = screen(&mut app, 80, 24);
        let lines = pane(&text);
        assert!(lines.iter().any(|l| l.starts_with(want)), "{text}");
        // Each month beside its date, none without its name.
        let paid: String = lines.iter().skip_while(|l| !l.starts_with(want)).take(2).cloned().collect();
        for month in ["Jun", "6月"] {
            assert!(paid.contains(month) == (lang.pick("6月", "Jun") == month), "{month}: {text}");
        }
        assert!(!text.contains("paid on 1 ") && !text.contains(" 2 02-10"), "{text}");
    }
}

/// The first month and the months follow the member chosen in the form while they are what
/// the form offered; once the secretary types them, they stay whoever is chosen.
#[test]
fn the_payment_forms_months_follow_the_member_chosen_until_typed() {
    let (_d, mut app) = demo(Lang::Zh);
    key(&mut app, KeyCode::Char('7'));
    key(&mut app, KeyCode::Char('n'));
    let start = |app: &App| {
        let Overlay::Form(form) = &app.overlay else { panic!("the payment form") };
        (form.text("first_month"), form.text("months"))
    };
    assert_eq!(start(&app), ("2026-11".into(), "1".into()));
    key(&mut app, KeyCode::BackTab); // the member
    typed(&mut app, "唐丽华");
    assert_eq!(start(&app), ("2026-07".into(), "4".into()), "{}", screen(&mut app, 80, 24));
    // Back to a member who owes nothing: this month again.
    for _ in 0..3 {
        key(&mut app, KeyCode::Backspace);
    }
    typed(&mut app, "于海燕");
    assert_eq!(start(&app), ("2026-11".into(), "1".into()));
    // Typed months stay.
    key(&mut app, KeyCode::Tab);
    key(&mut app, KeyCode::Tab);
    key(&mut app, KeyCode::Backspace);
    typed(&mut app, "3");
    key(&mut app, KeyCode::BackTab);
    key(&mut app, KeyCode::BackTab);
    for _ in 0..3 {
        key(&mut app, KeyCode::Backspace);
    }
    typed(&mut app, "唐丽华");
    assert_eq!(start(&app), ("2026-11".into(), "3".into()), "{}", screen(&mut app, 80, 24));
}
