//! Schema migrations: an append-only list of SQL steps, applied in one immediate transaction up
//! to `PRAGMA user_version`. Never edit a step that has shipped; add a new one.

use rusqlite::Connection;

use super::{APPLICATION_ID, Result};

/// Step N (1-based) brings the schema from version N-1 to N.
const STEPS: &[&str] = &[
    include_str!("sql/001_members.sql"),
    include_str!("sql/002_meetings.sql"),
    include_str!("sql/003_member_year.sql"),
    include_str!("sql/004_probation_extension.sql"),
    include_str!("sql/005_member_eras.sql"),
    include_str!("sql/006_honours_report.sql"),
    include_str!("sql/007_member_entered_on.sql"),
    include_str!("sql/008_made_up_credit.sql"),
    include_str!("sql/009_dues.sql"),
    include_str!("sql/010_pledges.sql"),
    include_str!("sql/011_evaluation.sql"),
    include_str!("sql/012_standing_leave.sql"),
    include_str!("sql/013_meeting_cancel_reason.sql"),
    include_str!("sql/014_pledge_eval_year.sql"),
    include_str!("sql/015_change_batch.sql"),
    include_str!("sql/016_kept_paid_months.sql"),
    include_str!("sql/017_mobile.sql"),
    include_str!("sql/018_incoming.sql"),
    include_str!("sql/019_finding_indexes.sql"),
    include_str!("sql/020_post_changes.sql"),
];

/// The schema version this program writes.
pub fn latest() -> i64 {
    STEPS.len() as i64
}

/// Applies the missing steps inside the caller's immediate transaction (see `Store::open`),
/// re-reading the version there, so two processes opening a new file at once migrate it once.
pub(crate) fn migrate_in_transaction(conn: &Connection) -> Result<()> {
    let current: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    for (i, step) in STEPS.iter().enumerate().skip(current.max(0) as usize) {
        conn.execute_batch(step)?;
        conn.pragma_update(None, "user_version", i as i64 + 1)?;
        // The next step must see this one's edits (an ALTER TABLE after a table's text was
        // edited in place would otherwise work from the old text).
        bump_schema_cookie(conn)?;
    }
    conn.pragma_update(None, "application_id", APPLICATION_ID)?;
    Ok(())
}

/// A step may edit a table's text in `sqlite_schema` (loosening a CHECK); a new schema cookie
/// makes every connection, this one included, re-read the schema before its next statement.
fn bump_schema_cookie(conn: &Connection) -> Result<()> {
    let v: i64 = conn.query_row("PRAGMA schema_version", [], |r| r.get(0))?;
    conn.pragma_update(None, "schema_version", v + 1)?;
    Ok(())
}

/// Applies steps up to `version` only; tests use it to build every older schema.
#[doc(hidden)]
pub fn migrate_to(conn: &Connection, version: i64) -> Result<()> {
    for (i, step) in STEPS.iter().enumerate().take(version as usize) {
        conn.execute_batch(step)?;
        conn.pragma_update(None, "user_version", i as i64 + 1)?;
        bump_schema_cookie(conn)?;
    }
    conn.pragma_update(None, "application_id", APPLICATION_ID)?;
    Ok(())
}
