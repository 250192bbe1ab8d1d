//! Whether the file has ever kept a kind of record: a record whose tab was never used has no
//! sheet in the 台账, rather than an empty one that reads as "nothing was done".

use rusqlite::Connection;

use super::Result;

/// The kinds of record a 台账 sheet is written from, beyond members and meetings.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kept {
    Pledges,
    Service,
    /// The democratic evaluation: rounds, gradings, rectification, disposals, commendations.
    Evaluation,
    Talks,
    /// Dues payments or calibrations.
    Dues,
    /// Members away (流动党员).
    Mobile,
    /// Incoming mobile members (外来流动党员).
    Incoming,
}

impl Kept {
    fn tables(self) -> &'static [&'static str] {
        match self {
            Kept::Pledges => &["pledge"],
            Kept::Service => &["service_record"],
            Kept::Evaluation => &["evaluation_round", "evaluation", "rectification", "disposal", "commendation"],
            Kept::Talks => &["talk"],
            Kept::Dues => &["dues_payment", "dues_calibration"],
            Kept::Mobile => &["mobile_outflow"],
            Kept::Incoming => &["incoming_member"],
        }
    }
}

/// Whether any table of `kind` has a row.
pub fn any(conn: &Connection, kind: Kept) -> Result<bool> {
    for table in kind.tables() {
        let sql = format!("SELECT EXISTS (SELECT 1 FROM {table})");
        if conn.prepare_cached(&sql)?.query_row([], |r| r.get::<_, bool>(0))? {
            return Ok(true);
        }
    }
    Ok(false)
}
