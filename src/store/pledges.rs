//! Pledges, service records, pairings, posts, care records and members' service flags (schema
//! 5). Each write is logged; nothing is deleted (pledges are withdrawn, the rest archived).

use crate::domain::ids::IdMap;

use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, Row, params};
use serde::Serialize;

use super::changelog::{self, Action};
use super::{Result, StoreError, date, opt_date, vocab};
use crate::domain::dates::fmt;
use crate::domain::pledge::{
    Archivable, Care, CareDraft, CareReason, MassEvaluation, Pairing, PairingDraft, Pledge, PledgeCategory,
    PledgeDraft, PledgeStatus, Post, PostDraft, ServiceDraft, ServiceKind, ServiceProfile, ServiceRecord, ServiceTime,
};

fn opt_vocab<T>(s: Option<String>, from_id: fn(&str) -> Option<T>) -> Result<Option<T>> {
    s.map(|s| vocab(&s, from_id)).transpose()
}

fn one<T>(conn: &Connection, sql: &str, id: i64, map: fn(&Row) -> rusqlite::Result<Result<T>>) -> Result<T> {
    conn.prepare_cached(sql)?.query_row([id], map).optional()?.ok_or(StoreError::NotFound)?
}

fn many<T>(
    conn: &Connection,
    sql: &str,
    p: impl rusqlite::Params,
    map: fn(&Row) -> rusqlite::Result<Result<T>>,
) -> Result<Vec<T>> {
    let mut st = conn.prepare_cached(sql)?;
    let rows = st.query_map(p, map)?;
    rows.map(|r| r?).collect()
}

/// Logs an insert or update of the row as it now reads.
fn log<T: Serialize>(conn: &Connection, table: &str, id: i64, before: Option<&T>, after: &T) -> Result<()> {
    let action = if before.is_some() { Action::Update } else { Action::Insert };
    changelog::append(conn, table, id, action, before, Some(after))
}

// ---------------------------------------------------------------------------------------------
// Pledges

const PLEDGE: &str = "SELECT id, member_id, year, content, category, beneficiary, pledged_on, target_date, status,
    progress, fulfilled_on, verified_on, evaluation, coalesce(eval_year, year) FROM pledge";

fn pledge_row(r: &Row) -> rusqlite::Result<Result<Pledge>> {
    let raw = (
        r.get::<_, i64>(0)?,
        r.get::<_, i64>(1)?,
        r.get::<_, i64>(2)?,
        r.get::<_, String>(3)?,
        r.get::<_, String>(4)?,
        r.get::<_, String>(5)?,
        r.get::<_, String>(6)?,
        r.get::<_, String>(7)?,
        r.get::<_, String>(8)?,
        r.get::<_, String>(9)?,
        r.get::<_, Option<String>>(10)?,
        r.get::<_, Option<String>>(11)?,
        r.get::<_, Option<String>>(12)?,
        r.get::<_, i64>(13)?,
    );
    Ok((|| {
        let (id, member_id, year, content, category, beneficiary, pledged, target, status, progress, f, v, e, ey) = raw;
        Ok(Pledge {
            id,
            draft: PledgeDraft {
                member_id,
                year: i32::try_from(year).map_err(|_| StoreError::BadData(format!("year {year}")))?,
                content,
                category: vocab(&category, PledgeCategory::from_id)?,
                beneficiary,
                pledged_on: date(&pledged)?,
                target_date: date(&target)?,
                status: vocab(&status, PledgeStatus::from_id)?,
                progress,
                fulfilled_on: opt_date(f)?,
                verified_on: opt_date(v)?,
                evaluation: opt_vocab(e, MassEvaluation::from_id)?,
                eval_year: i32::try_from(ey).map_err(|_| StoreError::BadData(format!("year {ey}")))?,
            },
        })
    })())
}

pub fn pledge(conn: &Connection, id: i64) -> Result<Pledge> {
    one(conn, &format!("{PLEDGE} WHERE id = ?1"), id, pledge_row)
}

/// Pledges of the years `from..=to` (of one member, if given), by year, member, date.
pub fn pledges(conn: &Connection, member: Option<i64>, from: i32, to: i32) -> Result<Vec<Pledge>> {
    many(
        conn,
        &format!(
            "{PLEDGE} WHERE (?1 IS NULL OR member_id = ?1) AND year BETWEEN ?2 AND ?3 ORDER BY year, member_id, pledged_on, id"
        ),
        params![member, from, to],
        pledge_row,
    )
}

/// Pledges of the years `from..=to` that still ask for something: open, or done without an
/// evaluation (what the findings read).
pub fn pending_pledges(conn: &Connection, from: i32, to: i32) -> Result<Vec<Pledge>> {
    many(
        conn,
        &format!(
            "{PLEDGE} WHERE year BETWEEN ?1 AND ?2 AND (status IN ('pledged', 'in_progress')
                 OR (status IN ('fulfilled', 'partly_fulfilled') AND evaluation IS NULL))
             ORDER BY year, member_id, pledged_on, id"
        ),
        params![from, to],
        pledge_row,
    )
}

/// The members with a pledge (not withdrawn) in `year`.
pub fn pledged_members(conn: &Connection, year: i32) -> Result<crate::domain::ids::IdSet<i64>> {
    let mut st =
        conn.prepare_cached("SELECT DISTINCT member_id FROM pledge WHERE year = ?1 AND status <> 'withdrawn'")?;
    let rows = st.query_map([year], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// One member's pledges of `year`: (status, content), in the order pledged (the members tab's
/// detail).
pub fn member_pledge_titles(conn: &Connection, member: i64, year: i32) -> Result<Vec<(PledgeStatus, String)>> {
    many(
        conn,
        "SELECT status, content FROM pledge WHERE member_id = ?1 AND year = ?2 ORDER BY pledged_on, id",
        params![member, year],
        |r| {
            let (st, c) = (r.get::<_, String>(0)?, r.get::<_, String>(1)?);
            Ok(vocab(&st, PledgeStatus::from_id).map(|st| (st, c)))
        },
    )
}

/// The statuses of one member's pledges assessed in the round of `year`, for the facts beside
/// the grade.
pub fn member_pledges_assessed_in(conn: &Connection, member: i64, year: i32) -> Result<Vec<PledgeStatus>> {
    many(
        conn,
        "SELECT status FROM pledge WHERE member_id = ?1 AND coalesce(eval_year, year) = ?2 ORDER BY id",
        params![member, year],
        |r| Ok(vocab(&r.get::<_, String>(0)?, PledgeStatus::from_id)),
    )
}

/// Whether the file records any pledge of `year` (by its year or its round) or any service
/// record (not archived) dated in it: until it does, the facts say nothing of pledges.
pub fn year_has_pledges_or_service(conn: &Connection, year: i32) -> Result<bool> {
    let (from, to) = (fmt(crate::domain::dates::year_start(year)), fmt(crate::domain::dates::year_end(year)));
    Ok(conn
        .prepare_cached(
            "SELECT EXISTS (SELECT 1 FROM pledge WHERE year = ?1)
                 OR EXISTS (SELECT 1 FROM pledge WHERE eval_year = ?1)
                 OR EXISTS (SELECT 1 FROM service_record WHERE date BETWEEN ?2 AND ?3 AND archived_on IS NULL)",
        )?
        .query_row(params![year, from, to], |r| r.get(0))?)
}

/// One member's service records dated within `from..=to`, not archived: how many, their
/// minutes and their half days of field research.
pub fn member_service_totals(
    conn: &Connection,
    member: i64,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<(u32, i64, i64)> {
    Ok(conn
        .prepare_cached(
            "SELECT count(*), coalesce(sum(minutes), 0), coalesce(sum(half_days), 0) FROM service_record
             WHERE member_id = ?1 AND date BETWEEN ?2 AND ?3 AND archived_on IS NULL",
        )?
        .query_row(params![member, fmt(from), fmt(to)], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?)
}

fn write_pledge(conn: &Connection, id: i64, d: &PledgeDraft) -> Result<()> {
    conn.prepare_cached(
        "UPDATE pledge SET member_id = ?2, year = ?3, content = ?4, category = ?5, beneficiary = ?6, pledged_on = ?7,
         target_date = ?8, status = ?9, progress = ?10, fulfilled_on = ?11, verified_on = ?12, evaluation = ?13,
         eval_year = ?14
         WHERE id = ?1",
    )?
    .execute(params![
        id,
        d.member_id,
        d.year,
        d.content.trim(),
        d.category.id(),
        d.beneficiary.trim(),
        fmt(d.pledged_on),
        fmt(d.target_date),
        d.status.id(),
        d.progress.trim(),
        d.fulfilled_on.map(fmt),
        d.verified_on.map(fmt),
        d.evaluation.map(|e| e.id()),
        d.eval_year,
    ])?;
    Ok(())
}

pub fn insert_pledge(conn: &Connection, d: &PledgeDraft) -> Result<i64> {
    conn.prepare_cached(
        "INSERT INTO pledge (member_id, year, content, category, pledged_on, target_date, status, eval_year)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'pledged', ?7)",
    )?
    .execute(params![
        d.member_id,
        d.year,
        d.content.trim(),
        d.category.id(),
        fmt(d.pledged_on),
        fmt(d.target_date),
        d.eval_year
    ])?;
    let id = conn.last_insert_rowid();
    write_pledge(conn, id, d)?;
    log::<Pledge>(conn, "pledge", id, None, &pledge(conn, id)?)?;
    Ok(id)
}

pub fn update_pledge(conn: &Connection, id: i64, d: &PledgeDraft) -> Result<()> {
    let before = pledge(conn, id)?;
    write_pledge(conn, id, d)?;
    log(conn, "pledge", id, Some(&before), &pledge(conn, id)?)
}

// ---------------------------------------------------------------------------------------------
// Service records

const SERVICE: &str = "SELECT id, member_id, date, kind, counterpart, description, minutes, half_days, issue,
    feedback_on, archived_on FROM service_record";

fn service_row(r: &Row) -> rusqlite::Result<Result<ServiceRecord>> {
    let raw = (
        r.get::<_, i64>(0)?,
        r.get::<_, i64>(1)?,
        r.get::<_, String>(2)?,
        r.get::<_, String>(3)?,
        r.get::<_, String>(4)?,
        r.get::<_, String>(5)?,
        r.get::<_, Option<i64>>(6)?,
        r.get::<_, Option<i64>>(7)?,
        r.get::<_, String>(8)?,
        r.get::<_, Option<String>>(9)?,
        r.get::<_, Option<String>>(10)?,
    );
    Ok((|| {
        let (id, member_id, d, kind, counterpart, description, minutes, half_days, issue, feedback, archived) = raw;
        let time = match (minutes, half_days) {
            (Some(m), None) => ServiceTime::Minutes(m),
            (None, Some(h)) => ServiceTime::HalfDays(h),
            _ => return Err(StoreError::BadData(format!("service_record {id}: time"))),
        };
        Ok(ServiceRecord {
            id,
            draft: ServiceDraft {
                member_id,
                date: date(&d)?,
                kind: vocab(&kind, ServiceKind::from_id)?,
                counterpart,
                description,
                time,
                issue,
                feedback_on: opt_date(feedback)?,
            },
            archived_on: opt_date(archived)?,
        })
    })())
}

pub fn service(conn: &Connection, id: i64) -> Result<ServiceRecord> {
    one(conn, &format!("{SERVICE} WHERE id = ?1"), id, service_row)
}

/// Records dated within `from..=to` (of one member, if given; archived ones only if asked), oldest first.
pub fn services(
    conn: &Connection,
    member: Option<i64>,
    from: NaiveDate,
    to: NaiveDate,
    archived: bool,
) -> Result<Vec<ServiceRecord>> {
    many(
        conn,
        &format!(
            "{SERVICE} WHERE (?1 IS NULL OR member_id = ?1) AND date BETWEEN ?2 AND ?3 AND (?4 OR archived_on IS NULL)
             ORDER BY date, id"
        ),
        params![member, fmt(from), fmt(to), archived],
        service_row,
    )
}

/// Records since `from`, not archived, with an issue raised and no feedback yet (B7).
pub fn open_issues(conn: &Connection, from: NaiveDate) -> Result<Vec<ServiceRecord>> {
    many(
        conn,
        &format!(
            "{SERVICE} WHERE date >= ?1 AND archived_on IS NULL AND feedback_on IS NULL AND length(trim(issue)) > 0
             ORDER BY date, id"
        ),
        params![fmt(from)],
        service_row,
    )
}

/// Half days of field research per (member, year) for the years `from..=to` (B5).
pub fn research(conn: &Connection, from: i32, to: i32) -> Result<IdMap<(i64, i32), i64>> {
    let mut st = conn.prepare_cached(
        "SELECT member_id, CAST(substr(date, 1, 4) AS INTEGER), sum(half_days) FROM service_record
         WHERE kind = 'field_research' AND archived_on IS NULL AND date BETWEEN ?1 AND ?2
         GROUP BY 1, 2",
    )?;
    let from = fmt(crate::domain::dates::year_start(from));
    let to = fmt(crate::domain::dates::year_end(to));
    let rows = st.query_map(params![from, to], |r| Ok(((r.get(0)?, r.get::<_, i64>(1)? as i32), r.get(2)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The years within `from..=to` with at least one service record (archived ones count: the
/// year was recorded).
pub fn service_years(conn: &Connection, from: i32, to: i32) -> Result<Vec<i32>> {
    let mut out = Vec::new();
    let mut st = conn.prepare_cached("SELECT 1 FROM service_record WHERE date BETWEEN ?1 AND ?2 LIMIT 1")?;
    for y in from..=to {
        let from = fmt(crate::domain::dates::year_start(y));
        let to = fmt(crate::domain::dates::year_end(y));
        if st.query_row(params![from, to], |_| Ok(())).optional()?.is_some() {
            out.push(y);
        }
    }
    Ok(out)
}

fn write_service(conn: &Connection, id: i64, d: &ServiceDraft) -> Result<()> {
    let (minutes, half_days) = match d.time {
        ServiceTime::Minutes(m) => (Some(m), None),
        ServiceTime::HalfDays(h) => (None, Some(h)),
    };
    conn.prepare_cached(
        "UPDATE service_record SET member_id = ?2, date = ?3, kind = ?4, counterpart = ?5, description = ?6,
         minutes = ?7, half_days = ?8, issue = ?9, feedback_on = ?10 WHERE id = ?1",
    )?
    .execute(params![
        id,
        d.member_id,
        fmt(d.date),
        d.kind.id(),
        d.counterpart.trim(),
        d.description.trim(),
        minutes,
        half_days,
        d.issue.trim(),
        d.feedback_on.map(fmt),
    ])?;
    Ok(())
}

pub fn insert_service(conn: &Connection, d: &ServiceDraft) -> Result<i64> {
    let (minutes, half_days) = match d.time {
        ServiceTime::Minutes(m) => (Some(m), None),
        ServiceTime::HalfDays(h) => (None, Some(h)),
    };
    conn.prepare_cached(
        "INSERT INTO service_record (member_id, date, kind, counterpart, description, minutes, half_days)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![
        d.member_id,
        fmt(d.date),
        d.kind.id(),
        d.counterpart.trim(),
        d.description.trim(),
        minutes,
        half_days
    ])?;
    let id = conn.last_insert_rowid();
    write_service(conn, id, d)?;
    log::<ServiceRecord>(conn, "service_record", id, None, &service(conn, id)?)?;
    Ok(id)
}

pub fn update_service(conn: &Connection, id: i64, d: &ServiceDraft) -> Result<()> {
    let before = service(conn, id)?;
    write_service(conn, id, d)?;
    log(conn, "service_record", id, Some(&before), &service(conn, id)?)
}

// ---------------------------------------------------------------------------------------------
// Pairings and posts

const PAIRING: &str = "SELECT id, member_id, household, date_from, date_to, outcome, archived_on FROM pairing";

fn pairing_row(r: &Row) -> rusqlite::Result<Result<Pairing>> {
    let raw = (
        r.get::<_, i64>(0)?,
        r.get::<_, i64>(1)?,
        r.get::<_, String>(2)?,
        r.get::<_, String>(3)?,
        r.get::<_, Option<String>>(4)?,
        r.get::<_, String>(5)?,
        r.get::<_, Option<String>>(6)?,
    );
    Ok((|| {
        let (id, member_id, household, from, to, outcome, archived) = raw;
        Ok(Pairing {
            id,
            draft: PairingDraft { member_id, household, from: date(&from)?, to: opt_date(to)?, outcome },
            archived_on: opt_date(archived)?,
        })
    })())
}

pub fn pairing(conn: &Connection, id: i64) -> Result<Pairing> {
    one(conn, &format!("{PAIRING} WHERE id = ?1"), id, pairing_row)
}

/// Pairings that overlap `from..=to` (archived ones only if asked).
pub fn pairings(conn: &Connection, from: NaiveDate, to: NaiveDate, archived: bool) -> Result<Vec<Pairing>> {
    many(
        conn,
        &format!(
            "{PAIRING} WHERE date_from <= ?2 AND (date_to IS NULL OR date_to >= ?1) AND (?3 OR archived_on IS NULL)
             ORDER BY date_from, id"
        ),
        params![fmt(from), fmt(to), archived],
        pairing_row,
    )
}

pub fn save_pairing(conn: &Connection, id: Option<i64>, d: &PairingDraft) -> Result<i64> {
    let before = id.map(|id| pairing(conn, id)).transpose()?;
    let id = match id {
        Some(id) => {
            conn.prepare_cached(
                "UPDATE pairing SET member_id = ?2, household = ?3, date_from = ?4, date_to = ?5, outcome = ?6 WHERE id = ?1",
            )?
            .execute(params![id, d.member_id, d.household.trim(), fmt(d.from), d.to.map(fmt), d.outcome.trim()])?;
            id
        }
        None => {
            conn.prepare_cached(
                "INSERT INTO pairing (member_id, household, date_from, date_to, outcome) VALUES (?1, ?2, ?3, ?4, ?5)",
            )?
            .execute(params![
                d.member_id,
                d.household.trim(),
                fmt(d.from),
                d.to.map(fmt),
                d.outcome.trim()
            ])?;
            conn.last_insert_rowid()
        }
    };
    log(conn, "pairing", id, before.as_ref(), &pairing(conn, id)?)?;
    Ok(id)
}

const POST: &str = "SELECT id, member_id, name, duties, date_from, date_to, archived_on FROM service_post";

fn post_row(r: &Row) -> rusqlite::Result<Result<Post>> {
    let raw = (
        r.get::<_, i64>(0)?,
        r.get::<_, i64>(1)?,
        r.get::<_, String>(2)?,
        r.get::<_, String>(3)?,
        r.get::<_, String>(4)?,
        r.get::<_, Option<String>>(5)?,
        r.get::<_, Option<String>>(6)?,
    );
    Ok((|| {
        let (id, member_id, name, duties, from, to, archived) = raw;
        Ok(Post {
            id,
            draft: PostDraft { member_id, name, duties, from: date(&from)?, to: opt_date(to)? },
            archived_on: opt_date(archived)?,
        })
    })())
}

pub fn post(conn: &Connection, id: i64) -> Result<Post> {
    one(conn, &format!("{POST} WHERE id = ?1"), id, post_row)
}

/// Posts that overlap `from..=to` (archived ones only if asked).
pub fn posts(conn: &Connection, from: NaiveDate, to: NaiveDate, archived: bool) -> Result<Vec<Post>> {
    many(
        conn,
        &format!(
            "{POST} WHERE date_from <= ?2 AND (date_to IS NULL OR date_to >= ?1) AND (?3 OR archived_on IS NULL)
             ORDER BY date_from, id"
        ),
        params![fmt(from), fmt(to), archived],
        post_row,
    )
}

pub fn save_post(conn: &Connection, id: Option<i64>, d: &PostDraft) -> Result<i64> {
    let before = id.map(|id| post(conn, id)).transpose()?;
    let id = match id {
        Some(id) => {
            conn.prepare_cached(
                "UPDATE service_post SET member_id = ?2, name = ?3, duties = ?4, date_from = ?5, date_to = ?6 WHERE id = ?1",
            )?
            .execute(params![id, d.member_id, d.name.trim(), d.duties.trim(), fmt(d.from), d.to.map(fmt)])?;
            id
        }
        None => {
            conn.prepare_cached(
                "INSERT INTO service_post (member_id, name, duties, date_from, date_to) VALUES (?1, ?2, ?3, ?4, ?5)",
            )?
            .execute(params![d.member_id, d.name.trim(), d.duties.trim(), fmt(d.from), d.to.map(fmt)])?;
            conn.last_insert_rowid()
        }
    };
    log(conn, "service_post", id, before.as_ref(), &post(conn, id)?)?;
    Ok(id)
}

// ---------------------------------------------------------------------------------------------
// Care for members

const CARE: &str = "SELECT id, member_id, reason, measure, date, amount_fen, archived_on FROM care_record";

fn care_row(r: &Row) -> rusqlite::Result<Result<Care>> {
    let raw = (
        r.get::<_, i64>(0)?,
        r.get::<_, i64>(1)?,
        r.get::<_, String>(2)?,
        r.get::<_, String>(3)?,
        r.get::<_, String>(4)?,
        r.get::<_, i64>(5)?,
        r.get::<_, Option<String>>(6)?,
    );
    Ok((|| {
        let (id, member_id, reason, measure, d, amount_fen, archived) = raw;
        Ok(Care {
            id,
            draft: CareDraft {
                member_id,
                reason: vocab(&reason, CareReason::from_id)?,
                measure,
                date: date(&d)?,
                amount_fen,
            },
            archived_on: opt_date(archived)?,
        })
    })())
}

pub fn care(conn: &Connection, id: i64) -> Result<Care> {
    one(conn, &format!("{CARE} WHERE id = ?1"), id, care_row)
}

/// Care records dated within `from..=to` (archived ones only if asked), oldest first.
pub fn cares(conn: &Connection, from: NaiveDate, to: NaiveDate, archived: bool) -> Result<Vec<Care>> {
    many(
        conn,
        &format!("{CARE} WHERE date BETWEEN ?1 AND ?2 AND (?3 OR archived_on IS NULL) ORDER BY date, id"),
        params![fmt(from), fmt(to), archived],
        care_row,
    )
}

/// Each member's last care record (not archived).
pub fn last_care(conn: &Connection) -> Result<IdMap<i64, NaiveDate>> {
    let mut st = conn
        .prepare_cached("SELECT member_id, max(date) FROM care_record WHERE archived_on IS NULL GROUP BY member_id")?;
    let rows = st.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))?;
    let mut out = IdMap::default();
    for row in rows {
        let (id, d) = row?;
        out.insert(id, date(&d)?);
    }
    Ok(out)
}

pub fn save_care(conn: &Connection, id: Option<i64>, d: &CareDraft) -> Result<i64> {
    let before = id.map(|id| care(conn, id)).transpose()?;
    let id = match id {
        Some(id) => {
            conn.prepare_cached(
                "UPDATE care_record SET member_id = ?2, reason = ?3, measure = ?4, date = ?5, amount_fen = ?6 WHERE id = ?1",
            )?
            .execute(params![id, d.member_id, d.reason.id(), d.measure.trim(), fmt(d.date), d.amount_fen])?;
            id
        }
        None => {
            conn.prepare_cached(
                "INSERT INTO care_record (member_id, reason, measure, date, amount_fen) VALUES (?1, ?2, ?3, ?4, ?5)",
            )?
            .execute(params![d.member_id, d.reason.id(), d.measure.trim(), fmt(d.date), d.amount_fen])?;
            conn.last_insert_rowid()
        }
    };
    log(conn, "care_record", id, before.as_ref(), &care(conn, id)?)?;
    Ok(id)
}

// ---------------------------------------------------------------------------------------------
// Archiving (service records, pairings, posts, care)

fn table(what: Archivable) -> &'static str {
    match what {
        Archivable::Service => "service_record",
        Archivable::Pairing => "pairing",
        Archivable::Post => "service_post",
        Archivable::Care => "care_record",
    }
}

/// Archives (`Some(day)`) or restores (`None`) a row, logging the whole row before and after.
pub fn set_archived(conn: &Connection, what: Archivable, id: i64, on: Option<NaiveDate>) -> Result<()> {
    fn json<T: Serialize>(v: T) -> Result<serde_json::Value> {
        serde_json::to_value(v).map_err(|e| StoreError::Other(e.to_string()))
    }
    let read = |conn: &Connection| -> Result<serde_json::Value> {
        match what {
            Archivable::Service => json(service(conn, id)?),
            Archivable::Pairing => json(pairing(conn, id)?),
            Archivable::Post => json(post(conn, id)?),
            Archivable::Care => json(care(conn, id)?),
        }
    };
    let before = read(conn)?;
    let table = table(what);
    conn.prepare_cached(&format!("UPDATE {table} SET archived_on = ?2 WHERE id = ?1"))?
        .execute(params![id, on.map(fmt)])?;
    let after = read(conn)?;
    let action = if on.is_some() { Action::Archive } else { Action::Restore };
    changelog::append(conn, table, id, action, Some(&before), Some(&after))
}

// ---------------------------------------------------------------------------------------------
// Members' flags

pub fn profiles(conn: &Connection) -> Result<IdMap<i64, ServiceProfile>> {
    let mut st = conn.prepare_cached("SELECT member_id, pledge_opt_out, hardship FROM member_service")?;
    let rows = st.query_map([], |r| {
        Ok((r.get::<_, i64>(0)?, ServiceProfile { pledge_opt_out: r.get(1)?, hardship: r.get(2)? }))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn set_profile(conn: &Connection, member: i64, p: ServiceProfile) -> Result<()> {
    let before = profiles(conn)?.get(&member).copied().unwrap_or_default();
    conn.prepare_cached(
        "INSERT INTO member_service (member_id, pledge_opt_out, hardship) VALUES (?1, ?2, ?3)
         ON CONFLICT(member_id) DO UPDATE SET pledge_opt_out = excluded.pledge_opt_out, hardship = excluded.hardship",
    )?
    .execute(params![member, p.pledge_opt_out, p.hardship])?;
    changelog::append(conn, "member_service", member, Action::Update, Some(&before), Some(&p))
}
