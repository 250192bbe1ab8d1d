//! Each member's yearly totals over held meetings (table `member_year`): credit, absences,
//! 送学上门 and the last organisational life. Every meeting write refreshes the rows it touches,
//! in its transaction, so reads never scan a year of attendance.

use crate::domain::ids::IdMap;

use chrono::{Datelike, NaiveDate};
use rusqlite::{Connection, params};

use super::Result;
use crate::domain::meeting::{Attendance, Meeting, MeetingKind, MeetingStatus};

/// One member's totals for a year.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct YearTotals {
    pub credit_min: i64,
    /// The part of `credit_min` from 补学 rows.
    pub made_up_min: i64,
    pub absences: u32,
    pub home_deliveries: u32,
}

fn in_list<T: Copy>(items: impl Iterator<Item = T>, id: fn(T) -> &'static str) -> String {
    items.map(|x| format!("'{}'", id(x))).collect::<Vec<_>>().join(", ")
}

/// The figures of one member and year over `attendance a JOIN meeting m`, in the column order
/// of `member_year` after (member_id, year). The one definition of every derived total.
fn aggregates() -> String {
    let earning = in_list(Attendance::ALL.iter().copied().filter(|a| a.earns_credit()), Attendance::id);
    let taking_part = in_list(Attendance::ALL.iter().copied().filter(|a| a.takes_part()), Attendance::id);
    let org_life = in_list(MeetingKind::ALL.iter().copied().filter(|k| k.is_org_life()), MeetingKind::id);
    format!(
        "coalesce(sum(CASE WHEN a.status IN ({earning}) THEN a.credit_min END), 0),
         coalesce(sum(CASE WHEN a.status = 'made_up' THEN a.credit_min END), 0),
         coalesce(sum(a.status = 'absent'), 0),
         coalesce(sum(a.status = 'home_delivered'), 0),
         max(CASE WHEN a.status IN ({taking_part})
                   AND EXISTS (SELECT 1 FROM meeting_kind k WHERE k.meeting_id = m.id AND k.kind IN ({org_life}))
                  THEN coalesce(a.made_up_on, m.date) END)"
    )
}

const TOTAL_COLUMNS: &str = "member_id, year, credit_min, made_up_min, absences, home_deliveries, last_org_life";

/// The aggregate for one member and year, from the attendance itself.
fn refresh_sql() -> String {
    format!(
        "INSERT OR REPLACE INTO member_year ({TOTAL_COLUMNS})
         SELECT ?1, ?2, {}
         FROM attendance a JOIN meeting m ON m.id = a.meeting_id
         WHERE a.member_id = ?1 AND m.status = 'held' AND m.date BETWEEN ?3 AND ?4",
        aggregates()
    )
}

/// Every member's and year's totals recomputed from the attendance into `target` (a table
/// with `member_year`'s columns).
pub(crate) fn recompute_all_sql(target: &str) -> String {
    format!(
        "INSERT INTO {target} ({TOTAL_COLUMNS})
         SELECT a.member_id, CAST(substr(m.date, 1, 4) AS INTEGER), {}
         FROM attendance a JOIN meeting m ON m.id = a.meeting_id
         WHERE m.status = 'held'
         GROUP BY a.member_id, substr(m.date, 1, 4)",
        aggregates()
    )
}

/// Per year, the sums of the totals over the attendance (the quick check on open).
pub(crate) fn year_sums_sql() -> String {
    format!(
        "WITH t(year, credit_min, made_up_min, absences, home_deliveries, last_org_life) AS (
             SELECT CAST(substr(m.date, 1, 4) AS INTEGER), {}
             FROM attendance a JOIN meeting m ON m.id = a.meeting_id
             WHERE m.status = 'held'
             GROUP BY a.member_id, substr(m.date, 1, 4)
         )
         SELECT year, sum(credit_min), sum(made_up_min), sum(absences), sum(home_deliveries) FROM t
         GROUP BY year HAVING sum(credit_min) + sum(absences) + sum(home_deliveries) > 0",
        aggregates()
    )
}

/// Recomputes the rows of the given (member, year) pairs.
pub fn refresh(conn: &Connection, pairs: &[(i64, i32)]) -> Result<()> {
    let mut st = conn.prepare_cached(&refresh_sql())?;
    for &(member, year) in pairs {
        st.execute(params![member, year, format!("{year}-01-01"), format!("{year}-12-31")])?;
    }
    Ok(())
}

/// The (member, year) pairs a held meeting counts for.
pub fn pairs_of(m: &Meeting) -> Vec<(i64, i32)> {
    if m.draft.status != MeetingStatus::Held {
        return Vec::new();
    }
    m.draft.attendance.iter().map(|a| (a.member_id, m.draft.date.year())).collect()
}

/// Rebuilds the whole table from the attendance (`zhibu check --repair`, and on open when the
/// quick check finds a year that disagrees).
pub fn rebuild(conn: &Connection) -> Result<()> {
    conn.execute("DELETE FROM member_year", [])?;
    conn.execute(&recompute_all_sql("member_year"), [])?;
    Ok(())
}

/// Every member's totals for `year`, or `only` one member's.
pub fn totals(conn: &Connection, year: i32, only: Option<i64>) -> Result<IdMap<i64, YearTotals>> {
    const COLUMNS: &str = "SELECT member_id, credit_min, made_up_min, absences, home_deliveries FROM member_year";
    let mut st;
    let mut rows = match only {
        None => {
            st = conn.prepare_cached(&format!("{COLUMNS} WHERE year = ?1"))?;
            st.query(params![year])?
        }
        Some(id) => {
            st = conn.prepare_cached(&format!("{COLUMNS} WHERE member_id = ?1 AND year = ?2"))?;
            st.query(params![id, year])?
        }
    };
    let mut out = IdMap::default();
    while let Some(r) = rows.next()? {
        out.insert(
            r.get::<_, i64>(0)?,
            YearTotals {
                credit_min: r.get(1)?,
                made_up_min: r.get(2)?,
                absences: r.get(3)?,
                home_deliveries: r.get(4)?,
            },
        );
    }
    Ok(out)
}

/// Each member's last organisational life on or after `since`.
pub fn last_org_life(conn: &Connection, since: NaiveDate) -> Result<IdMap<i64, NaiveDate>> {
    let mut st = conn.prepare_cached(
        "SELECT member_id, max(last_org_life) FROM member_year
         WHERE year >= ?1 AND last_org_life >= ?2 GROUP BY member_id",
    )?;
    let mut rows = st.query(params![since.year(), crate::domain::dates::fmt(since)])?;
    let mut out = IdMap::default();
    while let Some(r) = rows.next()? {
        out.insert(r.get::<_, i64>(0)?, super::date(super::text(r, 1)?)?);
    }
    Ok(out)
}

/// For each of `members`, the first days of the months since `since` in which every
/// org-life meeting (held) they were on the roster of found them 请假 or 外出: missed with a
/// proper reason (党章 art. 9). Read only for the few members the six-month rule may flag.
pub fn excused_months(conn: &Connection, members: &[i64], since: NaiveDate) -> Result<IdMap<i64, Vec<NaiveDate>>> {
    let org_life = in_list(MeetingKind::ALL.iter().copied().filter(|k| k.is_org_life()), MeetingKind::id);
    let excused = in_list([Attendance::Excused, Attendance::AwayMobile].into_iter(), Attendance::id);
    let mut st = conn.prepare_cached(&format!(
        "SELECT substr(m.date, 1, 7) || '-01' FROM attendance a JOIN meeting m ON m.id = a.meeting_id
         WHERE a.member_id = ?1 AND m.status = 'held' AND m.date >= ?2
           AND EXISTS (SELECT 1 FROM meeting_kind k WHERE k.meeting_id = m.id AND k.kind IN ({org_life}))
         GROUP BY substr(m.date, 1, 7)
         HAVING min(a.status IN ({excused})) = 1
         ORDER BY 1"
    ))?;
    let mut out = IdMap::default();
    for &id in members {
        let rows = st.query_map(params![id, crate::domain::dates::fmt(since)], |r| r.get::<_, String>(0))?;
        let months = rows.map(|r| super::date(&r?)).collect::<Result<Vec<_>>>()?;
        if !months.is_empty() {
            out.insert(id, months);
        }
    }
    Ok(out)
}
