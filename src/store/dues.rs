//! 党费 tables: profiles, yearly calibrations, one payment row per member and month, and the
//! yearly publication. Each write logs itself in the change log.

use crate::domain::ids::IdMap;

use rusqlite::{Connection, OptionalExtension, params};

use super::changelog::{self, Action};
use super::{Result, date, opt_date, opt_text, text, vocab};
use crate::domain::dates::fmt;
use crate::domain::dues::{
    Calibration, DuesCategory, DuesProfile, DuesSchedule, Ledger, Paid, PaidMonth, PayMethod, Publication, Relief,
    ReliefKind, Ym,
};

type RawProfile = (i64, String, String, Option<String>, Option<String>, String, Option<String>, Option<String>);

fn read_profile(r: &rusqlite::Row) -> rusqlite::Result<RawProfile> {
    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?, r.get(7)?))
}

fn finish_profile(r: RawProfile) -> Result<DuesProfile> {
    let (member_id, category, schedule, since, relief, approved_by, on, until) = r;
    let relief = match (relief, on) {
        (Some(kind), Some(on)) => Some(Relief {
            kind: vocab(&kind, ReliefKind::from_id)?,
            approved_by,
            approved_on: date(&on)?,
            until: opt_date(until)?,
        }),
        _ => None,
    };
    Ok(DuesProfile {
        member_id,
        category: vocab(&category, DuesCategory::from_id)?,
        schedule: vocab(&schedule, DuesSchedule::from_id)?,
        quarterly_since: opt_date(since)?,
        relief,
    })
}

const PROFILE_COLUMNS: &str =
    "member_id, category, schedule, quarterly_since, relief, relief_by, relief_on, relief_until";

pub fn profiles(conn: &Connection) -> Result<IdMap<i64, DuesProfile>> {
    let mut st = conn.prepare_cached(&format!("SELECT {PROFILE_COLUMNS} FROM dues_profile"))?;
    // As `finish_profile`, reading the text columns in place (a large branch has a profile
    // per member, read with every finding).
    let mut rows = st.query([])?;
    let mut out = IdMap::default();
    while let Some(r) = rows.next()? {
        let member_id: i64 = r.get(0)?;
        let relief = match (opt_text(r, 4)?, opt_text(r, 6)?) {
            (Some(kind), Some(on)) => Some(Relief {
                kind: vocab(kind, ReliefKind::from_id)?,
                approved_by: text(r, 5)?.to_string(),
                approved_on: date(on)?,
                until: opt_text(r, 7)?.map(date).transpose()?,
            }),
            _ => None,
        };
        let p = DuesProfile {
            member_id,
            category: vocab(text(r, 1)?, DuesCategory::from_id)?,
            schedule: vocab(text(r, 2)?, DuesSchedule::from_id)?,
            quarterly_since: opt_text(r, 3)?.map(date).transpose()?,
            relief,
        };
        out.insert(member_id, p);
    }
    Ok(out)
}

pub fn profile(conn: &Connection, member_id: i64) -> Result<Option<DuesProfile>> {
    let mut st = conn.prepare_cached(&format!("SELECT {PROFILE_COLUMNS} FROM dues_profile WHERE member_id = ?1"))?;
    st.query_row([member_id], read_profile).optional()?.map(finish_profile).transpose()
}

pub fn save_profile(conn: &Connection, p: &DuesProfile) -> Result<()> {
    let before = profile(conn, p.member_id)?;
    let r = p.relief.as_ref();
    conn.execute(
        &format!("INSERT OR REPLACE INTO dues_profile ({PROFILE_COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"),
        params![
            p.member_id,
            p.category.id(),
            p.schedule.id(),
            p.quarterly_since.map(fmt),
            r.map(|r| r.kind.id()),
            r.map(|r| r.approved_by.as_str()).unwrap_or(""),
            r.map(|r| fmt(r.approved_on)),
            r.and_then(|r| r.until).map(fmt),
        ],
    )?;
    let action = if before.is_some() { Action::Update } else { Action::Insert };
    changelog::append(conn, "dues_profile", p.member_id, action, before.as_ref(), Some(p))
}

type RawCalibration = (i64, i32, String, Option<i64>, Option<u32>, i64, String);

fn finish_calibration(r: RawCalibration) -> Result<Calibration> {
    Ok(Calibration {
        member_id: r.0,
        year: r.1,
        category: vocab(&r.2, DuesCategory::from_id)?,
        base: r.3,
        rate_bp: r.4,
        monthly: r.5,
        calibrated_on: date(&r.6)?,
    })
}

/// Calibrations of the years `from..=to`.
pub fn calibrations(conn: &Connection, from: i32, to: i32) -> Result<Vec<Calibration>> {
    let mut st = conn.prepare_cached(
        "SELECT member_id, year, category, base_fen, rate_bp, monthly_fen, calibrated_on
         FROM dues_calibration WHERE year BETWEEN ?1 AND ?2",
    )?;
    // As `finish_calibration`, reading the text columns in place (one row per member and year).
    let mut rows = st.query([from, to])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        out.push(Calibration {
            member_id: r.get(0)?,
            year: r.get(1)?,
            category: vocab(text(r, 2)?, DuesCategory::from_id)?,
            base: r.get(3)?,
            rate_bp: r.get(4)?,
            monthly: r.get(5)?,
            calibrated_on: date(text(r, 6)?)?,
        });
    }
    Ok(out)
}

/// One member's calibrations of the years `from..=to`.
pub fn calibrations_of(conn: &Connection, member_id: i64, from: i32, to: i32) -> Result<Vec<Calibration>> {
    let mut st = conn.prepare_cached(
        "SELECT member_id, year, category, base_fen, rate_bp, monthly_fen, calibrated_on
         FROM dues_calibration WHERE member_id = ?1 AND year BETWEEN ?2 AND ?3",
    )?;
    let raw: Vec<RawCalibration> = st
        .query_map(params![member_id, from, to], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?))
        })?
        .collect::<rusqlite::Result<_>>()?;
    raw.into_iter().map(finish_calibration).collect()
}

/// Writes (or replaces) the calibrations of one year, each with its change-log row.
pub fn save_calibrations(conn: &Connection, list: &[Calibration]) -> Result<usize> {
    let mut find = conn.prepare_cached(
        "SELECT id, member_id, year, category, base_fen, rate_bp, monthly_fen, calibrated_on
         FROM dues_calibration WHERE member_id = ?1 AND year = ?2",
    )?;
    let mut upsert = conn.prepare_cached(
        "INSERT INTO dues_calibration (member_id, year, category, base_fen, rate_bp, monthly_fen, calibrated_on)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
         ON CONFLICT (member_id, year) DO UPDATE SET category = excluded.category, base_fen = excluded.base_fen,
             rate_bp = excluded.rate_bp, monthly_fen = excluded.monthly_fen, calibrated_on = excluded.calibrated_on
         RETURNING id",
    )?;
    for c in list {
        let before = find
            .query_row(params![c.member_id, c.year], |r| {
                Ok((r.get::<_, i64>(0)?, (r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?, r.get(7)?)))
            })
            .optional()?;
        let before = before.map(|(id, raw)| finish_calibration(raw).map(|c| (id, c))).transpose()?;
        let id: i64 = upsert.query_row(
            params![c.member_id, c.year, c.category.id(), c.base, c.rate_bp, c.monthly, fmt(c.calibrated_on)],
            |r| r.get(0),
        )?;
        match before {
            Some((_, b)) if &b == c => {}
            Some((_, b)) => changelog::append(conn, "dues_calibration", id, Action::Update, Some(&b), Some(c))?,
            None => changelog::append::<Calibration, _>(conn, "dues_calibration", id, Action::Insert, None, Some(c))?,
        }
    }
    Ok(list.len())
}

const PAYMENT_COLUMNS: &str = "id, member_id, year, month, amount_fen, extra_fen, paid_on, method, proxy, receipt";

type RawPayment = (i64, i64, i32, u32, i64, i64, String, String, String, String);

fn read_payment(r: &rusqlite::Row) -> rusqlite::Result<RawPayment> {
    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?, r.get(7)?, r.get(8)?, r.get(9)?))
}

fn finish_payment(r: RawPayment) -> Result<PaidMonth> {
    Ok(PaidMonth {
        id: r.0,
        member_id: r.1,
        month: Ym::new(r.2, r.3),
        amount: r.4,
        extra: r.5,
        paid_on: date(&r.6)?,
        method: vocab(&r.7, PayMethod::from_id)?,
        proxy: r.8,
        receipt: r.9,
    })
}

/// Reads a stored `YYYY-MM-DD` without allocating (the ledger reads many).
fn fast_date(s: &str) -> Result<chrono::NaiveDate> {
    let b = s.as_bytes();
    let num = |r: std::ops::Range<usize>| -> Option<u32> {
        b.get(r)?.iter().try_fold(0u32, |n, c| c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0')))
    };
    (b.len() == 10 && b[4] == b'-' && b[7] == b'-')
        .then(|| chrono::NaiveDate::from_ymd_opt(num(0..4)? as i32, num(5..7)?, num(8..10)?))
        .flatten()
        .ok_or_else(|| super::StoreError::BadData(format!("date {s:?}")))
}

/// Payment rows for the months of the years `from..=to`, by member, each member's in month order.
/// The columns [`paid_row`] reads.
const PAID_COLUMNS: &str = "member_id, year, month, amount_fen, extra_fen, paid_on, id";

/// A payment row of [`PAID_COLUMNS`] with its member's id, read in place.
fn paid_row(r: &rusqlite::Row) -> Result<(i64, Paid)> {
    let paid_on = fast_date(r.get_ref(5)?.as_str().map_err(|e| super::StoreError::BadData(e.to_string()))?)?;
    let month = Ym::new(r.get(1)?, r.get(2)?);
    Ok((r.get(0)?, Paid { id: r.get(6)?, month, amount: r.get(3)?, extra: r.get(4)?, paid_on }))
}

pub fn payments(conn: &Connection, from: i32, to: i32) -> Result<IdMap<i64, Vec<Paid>>> {
    let mut st =
        conn.prepare_cached(&format!("SELECT {PAID_COLUMNS} FROM dues_payment WHERE year BETWEEN ?1 AND ?2"))?;
    let mut out: IdMap<i64, Vec<Paid>> = IdMap::default();
    // Room for a row a month from the start: grown by doubling, a year's twelve rows would
    // take sixteen rows' room (a large branch's grid reads 120,000 rows).
    let months = 12 * (to - from + 1).clamp(1, 2) as usize;
    let mut rows = st.query([from, to])?;
    while let Some(r) = rows.next()? {
        let (member, p) = paid_row(r)?;
        out.entry(member).or_insert_with(|| Vec::with_capacity(months)).push(p);
    }
    for v in out.values_mut() {
        v.sort_by_key(|p| (p.month, p.id));
    }
    Ok(out)
}

/// The payment rows of `year` in member-id order (the covering year index, no sort), read a
/// member at a time: [`YearPayments::of`] gives each member's rows, in month order, as the
/// members are asked for in ascending id.
pub struct YearPayments<'c> {
    rows: rusqlite::Rows<'c>,
    /// The row read but not yet given: (member id, payment).
    next: Option<(i64, Paid)>,
}

impl<'c> YearPayments<'c> {
    pub fn new(st: &'c mut rusqlite::CachedStatement<'_>, year: i32) -> Result<YearPayments<'c>> {
        let mut p = YearPayments { rows: st.query([year])?, next: None };
        p.next = p.read()?;
        Ok(p)
    }

    /// The statement to hand to [`YearPayments::new`].
    pub fn statement(conn: &Connection) -> Result<rusqlite::CachedStatement<'_>> {
        Ok(conn
            .prepare_cached(&format!("SELECT {PAID_COLUMNS} FROM dues_payment WHERE year = ?1 ORDER BY member_id"))?)
    }

    fn read(&mut self) -> Result<Option<(i64, Paid)>> {
        self.rows.next()?.map(paid_row).transpose()
    }

    /// The rows of `member_id` into `out` (cleared first), skipping those of lower ids. Ids
    /// must be asked for in ascending order.
    pub fn of(&mut self, member_id: i64, out: &mut Vec<Paid>) -> Result<()> {
        out.clear();
        while let Some((id, p)) = self.next.take() {
            if id > member_id {
                self.next = Some((id, p));
                break;
            }
            if id == member_id {
                out.push(p);
            }
            self.next = self.read()?;
        }
        out.sort_by_key(|p| (p.month, p.id));
        Ok(())
    }
}

/// The months paid per member and year in the years `from..=to`, as bit masks (bit 0 =
/// January): what the rules need (whether a month was paid), read as one row per member and
/// year from `dues_paid_months`, which triggers keep (migration 16).
pub fn paid_masks(conn: &Connection, from: i32, to: i32) -> Result<IdMap<(i64, i32), u16>> {
    let mut st =
        conn.prepare_cached("SELECT member_id, year, mask FROM dues_paid_months WHERE year BETWEEN ?1 AND ?2")?;
    let mut out = IdMap::default();
    let mut rows = st.query([from, to])?;
    while let Some(r) = rows.next()? {
        let (id, year, mask): (i64, i32, i64) = (r.get(0)?, r.get(1)?, r.get(2)?);
        // The table's CHECK keeps the mask within twelve bits.
        out.insert((id, year), (mask & 0xfff) as u16);
    }
    Ok(out)
}

/// The masks of `dues_paid_months` computed from the payment rows themselves: what the kept
/// masks must equal.
pub fn paid_months_recomputed(conn: &Connection, from: i32, to: i32) -> Result<Vec<(i64, i32, i64)>> {
    let mut st = conn.prepare(
        "SELECT member_id, year, sum(DISTINCT 1 << (month - 1)) FROM dues_payment
         WHERE year BETWEEN ?1 AND ?2 GROUP BY year, member_id ORDER BY year, member_id",
    )?;
    let rows = st.query_map([from, to], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The kept masks of the years `from..=to` as stored (see `paid_months_recomputed`).
pub fn paid_months_kept(conn: &Connection, from: i32, to: i32) -> Result<Vec<(i64, i32, i64)>> {
    let mut st = conn.prepare(
        "SELECT member_id, year, mask FROM dues_paid_months WHERE year BETWEEN ?1 AND ?2 ORDER BY year, member_id",
    )?;
    let rows = st.query_map([from, to], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// One member's payment rows, in month order.
pub fn payments_of(conn: &Connection, member_id: i64) -> Result<Vec<PaidMonth>> {
    let mut st = conn.prepare_cached(&format!(
        "SELECT {PAYMENT_COLUMNS} FROM dues_payment WHERE member_id = ?1 ORDER BY year, month, id"
    ))?;
    let raw: Vec<RawPayment> = st.query_map([member_id], read_payment)?.collect::<rusqlite::Result<_>>()?;
    raw.into_iter().map(finish_payment).collect()
}

/// Inserts payment rows, each with its change-log row; returns their ids.
pub fn insert_payments(conn: &Connection, rows: &[PaidMonth]) -> Result<Vec<i64>> {
    let mut st = conn.prepare_cached(
        "INSERT INTO dues_payment (member_id, year, month, amount_fen, extra_fen, paid_on, method, proxy, receipt)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) RETURNING id",
    )?;
    let mut ids = Vec::with_capacity(rows.len());
    for p in rows {
        let id: i64 = st.query_row(
            params![
                p.member_id,
                p.month.year,
                p.month.month,
                p.amount,
                p.extra,
                fmt(p.paid_on),
                p.method.id(),
                p.proxy,
                p.receipt
            ],
            |r| r.get(0),
        )?;
        let after = PaidMonth { id, ..p.clone() };
        changelog::append::<PaidMonth, _>(conn, "dues_payment", id, Action::Insert, None, Some(&after))?;
        ids.push(id);
    }
    Ok(ids)
}

/// Deletes one payment row (a wrong entry), logged with what it was.
pub fn delete_payment(conn: &Connection, id: i64) -> Result<()> {
    let mut st = conn.prepare_cached(&format!("SELECT {PAYMENT_COLUMNS} FROM dues_payment WHERE id = ?1"))?;
    let before = finish_payment(st.query_row([id], read_payment)?)?;
    conn.execute("DELETE FROM dues_payment WHERE id = ?1", [id])?;
    changelog::append::<_, PaidMonth>(conn, "dues_payment", id, Action::Delete, Some(&before), None)
}

pub fn publications(conn: &Connection) -> Result<Vec<Publication>> {
    let mut st = conn.prepare_cached("SELECT year, published_on, note FROM dues_publication ORDER BY year")?;
    let raw: Vec<(i32, String, String)> =
        st.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?.collect::<rusqlite::Result<_>>()?;
    raw.into_iter().map(|(year, on, note)| Ok(Publication { year, published_on: date(&on)?, note })).collect()
}

pub fn save_publication(conn: &Connection, p: &Publication) -> Result<()> {
    let before = publications(conn)?.into_iter().find(|x| x.year == p.year);
    conn.execute(
        "INSERT OR REPLACE INTO dues_publication (year, published_on, note) VALUES (?1, ?2, ?3)",
        params![p.year, fmt(p.published_on), p.note],
    )?;
    let action = if before.is_some() { Action::Update } else { Action::Insert };
    changelog::append(conn, "dues_publication", i64::from(p.year), action, before.as_ref(), Some(p))
}

/// The month of the first dues record: a month paid, or the month of a calibration (a
/// calibration made in December does not make the months before it unpaid).
pub fn first_record(conn: &Connection) -> Result<Option<Ym>> {
    // From the kept masks (equal to the payment rows, see `paid_months_recomputed`): the first
    // year's rows through the primary key and their lowest bits, where the payment rows would
    // be sorted whole.
    let pay: Option<(i32, i64)> = conn
        .prepare_cached(
            "SELECT year, min(mask & -mask) FROM dues_paid_months
             WHERE year = (SELECT min(year) FROM dues_paid_months) GROUP BY year",
        )?
        .query_row([], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    let pay = pay.map(|(y, bit)| (y, bit.max(1).trailing_zeros() + 1));
    let cal: Option<String> = conn.query_row("SELECT min(calibrated_on) FROM dues_calibration", [], |r| r.get(0))?;
    let cal = super::opt_date(cal)?.map(Ym::of);
    Ok([pay.map(|(y, m)| Ym::new(y, m)), cal].into_iter().flatten().min())
}

/// Everything the grid reads for the years `from..=to` (calibrations from five years earlier,
/// which stay in force until the next).
pub fn ledger(conn: &Connection, from: i32, to: i32) -> Result<Ledger> {
    ledger_with(conn, from, to, payments(conn, from, to)?, IdMap::default())
}

/// As [`ledger`], without the payment rows: the grid reads them a member at a time
/// ([`year_payments_of`]), so that a large branch's rows are never all held at once.
pub fn ledger_without_payments(conn: &Connection, from: i32, to: i32) -> Result<Ledger> {
    ledger_with(conn, from, to, IdMap::default(), IdMap::default())
}

/// What the rules read: as [`ledger`], but only which months were paid (not when or how much),
/// so that the findings of a large branch read one row per member and year.
pub fn rules_ledger(conn: &Connection, from: i32, to: i32) -> Result<Ledger> {
    ledger_with(conn, from, to, IdMap::default(), paid_masks(conn, from, to)?)
}

fn ledger_with(
    conn: &Connection,
    from: i32,
    to: i32,
    paid: IdMap<i64, Vec<Paid>>,
    paid_masks: IdMap<(i64, i32), u16>,
) -> Result<Ledger> {
    Ok(Ledger {
        profiles: profiles(conn)?,
        calibrations: calibrations(conn, from - 5, to)?.into_iter().map(|c| ((c.member_id, c.year), c)).collect(),
        paid,
        paid_masks,
        publications: publications(conn)?,
        first_record: first_record(conn)?,
        disposed: latest_disposals(conn)?,
    })
}

/// Per member, the date of the latest 组织处置 decision (read by the six-month lapse rule).
fn latest_disposals(conn: &Connection) -> Result<IdMap<i64, chrono::NaiveDate>> {
    let mut st = conn.prepare_cached("SELECT member_id, max(decided_on) FROM disposal GROUP BY member_id")?;
    let rows = st.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))?;
    let mut out = IdMap::default();
    for row in rows {
        let (id, d) = row?;
        out.insert(id, date(&d)?);
    }
    Ok(out)
}
