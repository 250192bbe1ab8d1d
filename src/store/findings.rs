//! The reads of the findings that nothing else they read depends on, bundled so that they can
//! be made on a second connection at the same time as the rest (see `Service::overdue`).

use std::collections::HashMap;

use chrono::{Datelike, NaiveDate};
use rusqlite::Connection;

use super::Result;
use crate::domain::dues::Ledger;
use crate::domain::rules::{HeldMeeting, org_life_window_start};

/// Held meetings, the dues rules' ledger, and per member the last organisational life, the
/// last 党校轮训, the last training of either kind and the day they became secretary (as logged).
pub struct IndependentReads {
    pub held: Vec<HeldMeeting>,
    pub dues: Ledger,
    pub last_org_life: HashMap<i64, NaiveDate>,
    pub last_rotation: HashMap<i64, NaiveDate>,
    pub last_training: HashMap<i64, NaiveDate>,
    pub secretary_since: HashMap<i64, NaiveDate>,
}

/// The reads for the findings as of `today` over meetings held within `from..=to`.
pub fn independent_reads(
    conn: &Connection,
    from: NaiveDate,
    to: NaiveDate,
    today: NaiveDate,
) -> Result<IndependentReads> {
    Ok(IndependentReads {
        held: super::meetings::held_between(conn, from, to)?,
        dues: super::dues::rules_ledger(conn, today.year() - 1, today.year())?,
        last_org_life: super::member_year::last_org_life(conn, org_life_window_start(today))?,
        last_rotation: super::study::last_rotation(conn)?,
        last_training: super::study::last_training(conn)?,
        secretary_since: super::changelog::secretary_since(conn)?,
    })
}
