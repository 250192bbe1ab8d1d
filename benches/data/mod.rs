//! The large databases the benchmarks read, and driving the app as the event loop does.
//!
//! Databases are cached in `target/bench-data/` (not committed), named by their parameters, so
//! reruns start at once; delete the folder after a schema or generator change.
//! - `sample-10000-2026-11-28.db`: `zhibu sample --members 10000 --as-of 2026-11-28`, made by the
//!   same library call (4 minutes on a 2-core machine; `scripts/bench.sh` makes it with the CLI).
//! - `weekly-2000m-10y-v1.db`: 2,000 members in 10 groups of 200, a group meeting every week for
//!   each group over 10 years, plus a monthly 支委会 and a quarterly 党员大会 + 党课 for everyone:
//!   about 5,300 meetings and 1.1 million attendance rows. Written with plain SQL in one
//!   transaction (seconds), after `Service::open` has created the schema.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use chrono::{Datelike, Duration, NaiveDate};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use rusqlite::{Connection, params};
use zhibu::cli::sample::Rng;
use zhibu::domain::lang::Lang;
use zhibu::domain::settings::Settings;
use zhibu::service::Service;
use zhibu::tui::app::App;

/// The fixed today of every benchmark (the samples are made as of this day).
pub fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 28).unwrap()
}

pub fn dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench-data");
    std::fs::create_dir_all(&dir).expect("create target/bench-data");
    dir
}

/// Makes `name` in the data folder with `make` unless it is there; written under a temporary
/// name first, so an interrupted run leaves no half-made file behind.
pub fn cached(name: &str, make: impl FnOnce(&Path)) -> PathBuf {
    let path = dir().join(name);
    if !path.exists() {
        let tmp = path.with_extension("part");
        for ext in ["part", "part-wal", "part-shm"] {
            let _ = std::fs::remove_file(path.with_extension(ext));
        }
        eprintln!("making {} (cached for the next run)", path.display());
        make(&tmp);
        std::fs::rename(&tmp, &path).expect("rename");
    }
    path
}

/// The demo branch with `members` members, as `zhibu sample --members N --as-of 2026-11-28`.
pub fn sample(members: u32) -> PathBuf {
    cached(&format!("sample-{members}-{}.db", today()), |path| {
        let mut s = Service::open(path, today()).expect("create");
        zhibu::cli::sample::generate(&mut s, today(), members).expect("sample");
    })
}

/// `members` members in groups of 200 and `years` years of weekly group meetings (see above).
pub fn weekly(members: u32, years: i32) -> PathBuf {
    cached(&format!("weekly-{members}m-{years}y-v2.db"), |path| {
        let mut s = Service::open(path, today()).expect("create");
        let settings = Settings { branch_name: "性能测试支部".into(), ..Settings::default() };
        let v = s.version(zhibu::service::Record::Settings).expect("version");
        s.save_settings(settings, v).expect("settings");
        drop(s);
        let mut conn = Connection::open(path).expect("open");
        let tx = conn.transaction().expect("begin");
        write_weekly(&tx, members, years).expect("insert");
        // Written with plain SQL: the yearly totals the program keeps are rebuilt once.
        zhibu::store::member_year::rebuild(&tx).expect("totals");
        tx.commit().expect("commit");
    })
}

fn write_weekly(c: &Connection, members: u32, years: i32) -> rusqlite::Result<()> {
    const SURNAMES: &[&str] = &["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周"];
    const GIVEN: &[&str] = &["伟", "芳", "秀英", "建国", "海燕", "志强", "丽", "俊杰", "桂兰", "浩然"];
    const UNITS: &[&str] = &["gov_organ", "soe", "public_institution", "other"];
    const POSTS: &[&str] = &["secretary", "deputy_secretary", "organization", "publicity", "discipline"];
    let mut rng = Rng::new(20261128);
    let groups = members.div_ceil(200) as i64;
    for g in 1..=groups {
        c.execute("INSERT INTO party_group (id, name) VALUES (?1, ?2)", params![g, format!("第{g}党小组")])?;
    }
    let group_of = |m: i64| (m - 1) % groups + 1;
    let mut ins = c.prepare(
        "INSERT INTO member (id, number, name, gender, birth_date, ethnicity, unit_category, group_id, status,
                             admission_date, conversion_date)
         VALUES (?1, ?2, ?3, ?4, ?5, '汉族', ?6, ?7, 'full', ?8, ?9)",
    )?;
    for m in 1..=members as i64 {
        let name = format!("{}{}", rng.pick(SURNAMES), rng.pick(GIVEN));
        let gender = if rng.chance(55) { "male" } else { "female" };
        let birth =
            NaiveDate::from_ymd_opt(1950 + rng.below(35) as i32, 1 + rng.below(12) as u32, 1 + rng.below(28) as u32)
                .unwrap();
        // Admitted at 25, a full member a year later: in the branch for the whole period.
        let admitted = birth.with_year(birth.year() + 25).unwrap();
        let converted = admitted.with_year(admitted.year() + 1).unwrap();
        ins.execute(params![
            m,
            format!("{m:05}"),
            name,
            gender,
            birth.to_string(),
            UNITS[m as usize % UNITS.len()],
            group_of(m),
            admitted.to_string(),
            converted.to_string()
        ])?;
    }
    for (i, post) in POSTS.iter().enumerate() {
        c.execute("INSERT INTO member_post VALUES (?1, ?2)", params![i as i64 + 1, post])?;
    }
    for g in 1..=groups {
        c.execute("UPDATE party_group SET leader_id = ?1 WHERE id = ?1", [g])?;
    }

    let mut meeting = c.prepare(
        "INSERT INTO meeting (date, status, group_id, topic, lecturer_id, credit_min) VALUES (?1, 'held', ?2, ?3, ?4, ?5)",
    )?;
    let mut kind = c.prepare("INSERT INTO meeting_kind (meeting_id, kind) VALUES (?1, ?2)")?;
    let mut attend = c.prepare(
        "INSERT INTO attendance (meeting_id, member_id, status, reason, credit_min) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    let mut held = |date: NaiveDate, group: Option<i64>, kinds: &[&str], topic: &str, who: &[i64], credit: i64| {
        let lecturer = kinds.contains(&"party_lecture").then_some(1);
        meeting.execute(params![date.to_string(), group, topic, lecturer, credit])?;
        let id = c.last_insert_rowid();
        for k in kinds {
            kind.execute(params![id, k])?;
        }
        for &m in who {
            let (status, reason) = match rng.below(100) {
                0..5 => ("absent", ""),
                5..10 => ("excused", "出差"),
                _ => ("present", ""),
            };
            let credit = if status == "present" { credit } else { 0 };
            attend.execute(params![id, m, status, reason, credit])?;
        }
        Ok::<_, rusqlite::Error>(())
    };

    let everyone: Vec<i64> = (1..=members as i64).collect();
    let in_group = |g: i64| everyone.iter().copied().filter(|&m| group_of(m) == g).collect::<Vec<_>>();
    let committee: Vec<i64> = (1..=POSTS.len() as i64).collect();
    let start = NaiveDate::from_ymd_opt(today().year() - years + 1, 1, 2).unwrap();
    let mut week = start - Duration::days(start.weekday().num_days_from_monday() as i64);
    while week <= today() {
        for g in 1..=groups {
            let date = week + Duration::days((g - 1) % 5);
            if date <= today() && date >= start {
                held(date, Some(g), &["group_meeting"], "党小组学习讨论", &in_group(g), 240)?;
            }
        }
        let month_day = week.day();
        if month_day <= 7 {
            held(week, None, &["committee_meeting"], "研究支部月度工作", &committee, 0)?;
            if week.month() % 3 == 0 {
                let mut kinds = vec!["general_meeting", "party_lecture"];
                if week.month() == 12 {
                    kinds.push("org_life_meeting");
                }
                held(week + Duration::days(2), None, &kinds, "党员大会暨党课", &everyone, 240)?;
            }
        }
        week += Duration::days(7);
    }
    Ok(())
}

/// An 80x24 test terminal.
pub fn terminal() -> Terminal<TestBackend> {
    Terminal::new(TestBackend::new(80, 24)).unwrap()
}

/// Opens the database as the program does.
pub fn open(path: &Path) -> App {
    App::new(Service::open(path, today()).expect("open"), Lang::Zh, false, false)
}

pub fn draw(app: &mut App, term: &mut Terminal<TestBackend>) {
    term.draw(|f| zhibu::tui::view::render(app, f)).unwrap();
}

/// One key through `keymap` and `App::update`, then a frame: what the event loop does per key.
pub fn press(app: &mut App, term: &mut Terminal<TestBackend>, code: KeyCode) {
    if let Some(msg) = app.key_to_msg(KeyEvent::new(code, KeyModifiers::NONE)) {
        app.update(msg);
    }
    draw(app, term);
}

/// Down `n` times, then Up `n` times, over and over: the key for call `i`.
pub fn down_then_up(i: &mut u32, n: u32) -> KeyCode {
    *i = (*i + 1) % (2 * n);
    if *i < n { KeyCode::Down } else { KeyCode::Up }
}
