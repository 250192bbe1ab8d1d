//! Undo: every step of a window walked back, for every record type the program writes, and
//! the refusals; the history of a record in the user's words.

mod common;

use common::*;
use rusqlite::Connection;
use zhibu::domain::lang::Lang;
use zhibu::service::{Service, ServiceError};

/// Every row of every table but the change log, as text, table by table.
fn dump(path: &std::path::Path) -> Vec<(String, Vec<String>)> {
    let c = Connection::open(path).unwrap();
    let tables: Vec<String> = c
        .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite%' AND name <> 'change_log' ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    tables
        .into_iter()
        .map(|t| {
            let cols: Vec<String> = c
                .prepare("SELECT name FROM pragma_table_info(?1) ORDER BY cid")
                .unwrap()
                .query_map([&t], |r| r.get(0))
                .unwrap()
                .collect::<Result<_, _>>()
                .unwrap();
            let expr = cols.iter().map(|c| format!("quote(\"{c}\")")).collect::<Vec<_>>().join(" || '|' || ");
            let mut rows: Vec<String> = c
                .prepare(&format!("SELECT {expr} FROM \"{t}\""))
                .unwrap()
                .query_map([], |r| r.get(0))
                .unwrap()
                .collect::<Result<_, _>>()
                .unwrap();
            rows.retain(|r| !r.starts_with("'sample_as_of'"));
            rows.sort();
            (t, rows)
        })
        .collect()
}

#[test]
fn every_step_of_a_whole_branch_is_undone_back_to_the_empty_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("walk.db");
    let mut s = Service::open(&path, today()).unwrap();
    let empty = dump(&path);
    s.keep_every_undo_step();
    zhibu::cli::sample::generate(&mut s, today(), 12).unwrap();
    let full = dump(&path);
    let logged: std::collections::BTreeSet<String> = {
        let c = Connection::open(&path).unwrap();
        c.prepare("SELECT DISTINCT tbl FROM change_log")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    };
    // The walk covers every record type the program writes: each has a name in the history.
    let named: Vec<&str> = zhibu::service::record_kinds::tables().collect();
    for t in &logged {
        assert!(named.contains(&t.as_str()), "{t} has no entry in record_kinds");
    }
    assert!(logged.len() >= 20, "the sample writes most record types: {logged:?}");
    assert_ne!(empty, full);

    let mut undone: std::collections::BTreeSet<String> = Default::default();
    let mut steps = 0;
    while let Some(p) = s.undo_preview(Lang::Zh).unwrap() {
        assert!(!p.text.is_empty());
        s.undo(&p, Lang::Zh).unwrap_or_else(|e| panic!("undo {}: {}", p.text, e.text(Lang::Zh)));
        steps += 1;
    }
    assert!(steps > 100, "{steps} steps");
    drop(s);
    let c = Connection::open(&path).unwrap();
    for t in c
        .prepare("SELECT DISTINCT tbl FROM change_log WHERE undoes IS NOT NULL")
        .unwrap()
        .query_map([], |r| r.get::<_, String>(0))
        .unwrap()
    {
        undone.insert(t.unwrap());
    }
    assert_eq!(undone, logged, "every record type was undone");
    assert_eq!(dump(&path), empty, "every row is back as it was before the branch was entered");
}
