//! The committed demo database is exactly what `zhibu sample --as-of 2026-11-28` writes, and it
//! opens with the current schema.

mod common;

use std::path::Path;

use rusqlite::Connection;

/// Every row of every table, in primary-key order, as text.
fn dump(path: &Path) -> Vec<String> {
    let c = Connection::open(path).unwrap();
    let tables: Vec<String> = c
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let mut out = Vec::new();
    for t in tables {
        let mut st = c.prepare(&format!("SELECT * FROM \"{t}\" ORDER BY 1, 2")).unwrap();
        let n = st.column_count();
        let rows = st
            .query_map([], |r| {
                let cells: Vec<String> = (0..n).map(|i| format!("{:?}", r.get_ref(i).unwrap())).collect();
                Ok(format!("{t}: {}", cells.join(" | ")))
            })
            .unwrap();
        // The program version that last opened the file changes with every release.
        out.extend(rows.map(Result::unwrap).filter(|r| !r.contains("\"last_writer_version\"")));
    }
    out
}

#[test]
fn the_committed_sample_is_what_the_generator_writes() {
    let committed = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-db/demo.db");
    let dir = tempfile::tempdir().unwrap();
    let fresh = common::sample_db(dir.path());
    let (a, b) = (dump(&committed), dump(&fresh));
    let first_diff = a.iter().zip(&b).position(|(x, y)| x != y);
    assert!(
        a.len() == b.len() && first_diff.is_none(),
        "sample-db/demo.db is stale: regenerate it with `cargo run --release -- sample --out sample-db/demo.db --as-of 2026-11-28` ({} vs {} rows; first difference at {:?})",
        a.len(),
        b.len(),
        first_diff
    );
}

#[test]
fn the_committed_sample_opens_with_the_current_schema() {
    let committed = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-db/demo.db");
    // Opened from a copy, so the test never touches the committed file.
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("demo.db");
    std::fs::copy(&committed, &copy).unwrap();
    let s = zhibu::service::Service::open(&copy, common::today()).unwrap();
    let c = Connection::open(&copy).unwrap();
    let v: i64 = c.query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
    assert_eq!(v, zhibu::store::migrations::latest());
    assert!(s.members().unwrap().len() >= 30);
}
