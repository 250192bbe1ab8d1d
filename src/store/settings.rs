//! The settings table: key/value text, read over the defaults in `domain::settings`.

use rusqlite::{Connection, params};

use super::Result;
use super::changelog::{self, Action};
use crate::domain::settings::Settings;

pub fn load(conn: &Connection) -> Result<Settings> {
    let mut st = conn.prepare_cached("SELECT key, value FROM setting")?;
    let pairs: Vec<(String, String)> =
        st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<rusqlite::Result<_>>()?;
    Ok(Settings::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str()))))
}

/// Writes every setting and logs the whole before/after.
pub fn save(conn: &Connection, s: &Settings) -> Result<()> {
    let before = load(conn)?;
    let mut st = conn.prepare_cached(
        "INSERT INTO setting (key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
    )?;
    for (k, v) in s.to_pairs() {
        st.execute(params![k, v])?;
    }
    changelog::append(conn, "setting", changelog::SETTINGS_ROW, Action::Update, Some(&before), Some(s))
}
