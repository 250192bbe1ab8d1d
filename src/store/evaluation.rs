//! 评议 records: rounds, gradings, rectification items, talks, disposals, commendations and
//! campaigns. Every write is logged with the record before and after.

use crate::domain::ids::{IdMap, IdSet};

use rusqlite::{Connection, OptionalExtension, Row, params};

use super::changelog::{self, Action};
use super::{Result, StoreError, date, opt_date, vocab};
use crate::domain::dates::fmt;
use crate::domain::evaluation::{
    Campaign, CampaignEntry, Commendation, CommendationTitle, DecisionBody, Disposal, DisposalKind, Grade, Grading,
    Rectification, Round, Talk, TalkKind, Tallies,
};

fn opt_vocab<T>(s: Option<String>, from_id: fn(&str) -> Option<T>) -> Result<Option<T>> {
    s.map(|s| vocab(&s, from_id)).transpose()
}

// ---- rounds

pub fn round(conn: &Connection, year: i32) -> Result<Option<Round>> {
    let raw = conn
        .prepare_cached(
            "SELECT meeting_id, self_review, peer_review, vote, decision, notice FROM evaluation_round WHERE year = ?1",
        )?
        .query_row([year], |r| {
            Ok((
                r.get::<_, Option<i64>>(0)?,
                r.get::<_, Option<String>>(1)?,
                r.get::<_, Option<String>>(2)?,
                r.get::<_, Option<String>>(3)?,
                r.get::<_, Option<String>>(4)?,
                r.get::<_, Option<String>>(5)?,
            ))
        })
        .optional()?;
    raw.map(|(meeting_id, a, b, c, d, e)| {
        Ok(Round {
            year,
            meeting_id,
            self_review: opt_date(a)?,
            peer_review: opt_date(b)?,
            vote: opt_date(c)?,
            decision: opt_date(d)?,
            notice: opt_date(e)?,
        })
    })
    .transpose()
}

pub fn save_round(conn: &Connection, r: &Round) -> Result<()> {
    let before = round(conn, r.year)?;
    conn.prepare_cached(
        "INSERT INTO evaluation_round (year, meeting_id, self_review, peer_review, vote, decision, notice)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
         ON CONFLICT (year) DO UPDATE SET meeting_id = ?2, self_review = ?3, peer_review = ?4, vote = ?5,
                                          decision = ?6, notice = ?7",
    )?
    .execute(params![
        r.year,
        r.meeting_id,
        r.self_review.map(fmt),
        r.peer_review.map(fmt),
        r.vote.map(fmt),
        r.decision.map(fmt),
        r.notice.map(fmt)
    ])?;
    let action = if before.is_some() { Action::Update } else { Action::Insert };
    changelog::append(conn, "evaluation_round", r.year.into(), action, before.as_ref(), Some(r))
}

// ---- gradings

const GRADING: &str =
    "member_id, year, self_assessed, votes_excellent, votes_qualified, votes_basic, votes_unqualified,
                       public_opinion, grade, decided_by, opinion, feedback_on";

type GradingRaw = (i64, i32, Option<String>, [u32; 4], String, Option<String>, Option<String>, String, Option<String>);

fn grading_raw(r: &Row) -> rusqlite::Result<GradingRaw> {
    Ok((
        r.get(0)?,
        r.get(1)?,
        r.get(2)?,
        [r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?],
        r.get(7)?,
        r.get(8)?,
        r.get(9)?,
        r.get(10)?,
        r.get(11)?,
    ))
}

fn grading_finish(raw: GradingRaw) -> Result<Grading> {
    let (member_id, year, self_assessed, v, public_opinion, grade, body, opinion, feedback_on) = raw;
    Ok(Grading {
        member_id,
        year,
        self_assessed: opt_date(self_assessed)?,
        tallies: Tallies { excellent: v[0], qualified: v[1], basic: v[2], unqualified: v[3] },
        public_opinion,
        grade: opt_vocab(grade, Grade::from_id)?,
        decided_by: opt_vocab(body, DecisionBody::from_id)?,
        opinion,
        feedback_on: opt_date(feedback_on)?,
    })
}

pub fn grading(conn: &Connection, member: i64, year: i32) -> Result<Option<Grading>> {
    let raw = conn
        .prepare_cached(&format!("SELECT {GRADING} FROM evaluation WHERE member_id = ?1 AND year = ?2"))?
        .query_row(params![member, year], grading_raw)
        .optional()?;
    raw.map(grading_finish).transpose()
}

/// Every grading of `year`, by member.
pub fn gradings(conn: &Connection, year: i32) -> Result<IdMap<i64, Grading>> {
    let mut st = conn.prepare_cached(&format!("SELECT {GRADING} FROM evaluation WHERE year = ?1"))?;
    let rows = st.query_map([year], grading_raw)?;
    rows.map(|r| grading_finish(r?).map(|g| (g.member_id, g))).collect()
}

/// A member's grades, newest year first.
pub fn grades_of(conn: &Connection, member: i64) -> Result<Vec<(i32, Grade)>> {
    let mut st = conn.prepare_cached(
        "SELECT year, grade FROM evaluation WHERE member_id = ?1 AND grade IS NOT NULL ORDER BY year DESC",
    )?;
    let rows = st.query_map([member], |r| Ok((r.get::<_, i32>(0)?, r.get::<_, String>(1)?)))?;
    rows.map(|r| {
        let (y, g) = r?;
        Ok((y, vocab(&g, Grade::from_id)?))
    })
    .collect()
}

/// Every member's grades, newest year first (the members list reads them in one query).
pub fn all_grades(conn: &Connection) -> Result<IdMap<i64, Vec<(i32, Grade)>>> {
    let mut st = conn.prepare_cached(
        "SELECT member_id, year, grade FROM evaluation WHERE grade IS NOT NULL ORDER BY member_id, year DESC",
    )?;
    let rows = st.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, i32>(1)?, r.get::<_, String>(2)?)))?;
    let mut out: IdMap<i64, Vec<(i32, Grade)>> = IdMap::default();
    for row in rows {
        let (m, y, g) = row?;
        out.entry(m).or_default().push((y, vocab(&g, Grade::from_id)?));
    }
    Ok(out)
}

/// (member, year) pairs with a grade, from `from_year` on.
pub fn graded_pairs(conn: &Connection, from_year: i32) -> Result<IdSet<(i64, i32)>> {
    let mut st =
        conn.prepare_cached("SELECT member_id, year FROM evaluation WHERE year >= ?1 AND grade IS NOT NULL")?;
    let rows = st.query_map([from_year], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, i32>(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Members graded in `year`'s round: full by the year's end and in the branch then, counting
/// each from `records_from` at the earliest (as `Member::as_recorded_from` does).
pub fn graded_base(conn: &Connection, year: i32, records_from: chrono::NaiveDate) -> Result<usize> {
    let last = fmt(crate::domain::dates::year_end(year));
    Ok(conn
        .prepare_cached(
            // As `Member::as_recorded_from`: a member entered after the records began, with no
            // 转入日期, counts from the day of entry.
            "SELECT count(*) FROM member
             WHERE conversion_date <= ?1
               AND max(coalesce(joined_on, admission_date),
                       CASE WHEN joined_on IS NULL AND entered_on > ?2 THEN entered_on ELSE ?2 END) <= ?1
               AND (archived_on IS NULL OR archived_on >= ?1)",
        )?
        .query_row(params![last, fmt(records_from)], |r| r.get::<_, i64>(0))? as usize)
}

/// 优秀 grades in `year`, other than `except`'s.
pub fn excellent_count(conn: &Connection, year: i32, except: i64) -> Result<usize> {
    Ok(conn
        .prepare_cached("SELECT count(*) FROM evaluation WHERE year = ?1 AND grade = 'excellent' AND member_id <> ?2")?
        .query_row(params![year, except], |r| r.get::<_, i64>(0))? as usize)
}

pub fn save_grading(conn: &Connection, g: &Grading) -> Result<()> {
    let before = grading(conn, g.member_id, g.year)?;
    let t = &g.tallies;
    conn.prepare_cached(
        "INSERT INTO evaluation (member_id, year, self_assessed, votes_excellent, votes_qualified, votes_basic,
                                 votes_unqualified, public_opinion, grade, decided_by, opinion, feedback_on)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)
         ON CONFLICT (member_id, year) DO UPDATE SET self_assessed = ?3, votes_excellent = ?4, votes_qualified = ?5,
             votes_basic = ?6, votes_unqualified = ?7, public_opinion = ?8, grade = ?9, decided_by = ?10,
             opinion = ?11, feedback_on = ?12",
    )?
    .execute(params![
        g.member_id,
        g.year,
        g.self_assessed.map(fmt),
        t.excellent,
        t.qualified,
        t.basic,
        t.unqualified,
        g.public_opinion.trim(),
        g.grade.map(|x| x.id()),
        g.decided_by.map(|x| x.id()),
        g.opinion.trim(),
        g.feedback_on.map(fmt),
    ])?;
    let after = grading(conn, g.member_id, g.year)?;
    let action = if before.is_some() { Action::Update } else { Action::Insert };
    // The row has a composite key: the log names it by member and year (member * 10000 + year).
    let row_id = g.member_id * 10_000 + i64::from(g.year);
    changelog::append(conn, "evaluation", row_id, action, before.as_ref(), after.as_ref())
}

// ---- rectification items

const RECT: &str = "id, member_id, year, item, due, done";

fn rect(r: &Row) -> rusqlite::Result<(i64, i64, i32, String, String, Option<String>)> {
    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?))
}

fn rect_finish(raw: (i64, i64, i32, String, String, Option<String>)) -> Result<Rectification> {
    let (id, member_id, year, item, due, done) = raw;
    Ok(Rectification { id, member_id, year, item, due: date(&due)?, done: opt_date(done)? })
}

pub fn rectification(conn: &Connection, id: i64) -> Result<Rectification> {
    let raw = conn
        .prepare_cached(&format!("SELECT {RECT} FROM rectification WHERE id = ?1"))?
        .query_row([id], rect)
        .optional()?
        .ok_or(StoreError::NotFound)?;
    rect_finish(raw)
}

/// Items of one member (any year, if `year` is `None`), or of everyone in `year`.
pub fn rectifications(conn: &Connection, member: Option<i64>, year: Option<i32>) -> Result<Vec<Rectification>> {
    let mut st = conn.prepare_cached(&format!(
        "SELECT {RECT} FROM rectification WHERE (?1 IS NULL OR member_id = ?1) AND (?2 IS NULL OR year = ?2)
         ORDER BY due, id"
    ))?;
    let rows = st.query_map(params![member, year], rect)?;
    rows.map(|r| rect_finish(r?)).collect()
}

/// Items not yet done, of every year.
pub fn open_rectifications(conn: &Connection) -> Result<Vec<Rectification>> {
    let mut st =
        conn.prepare_cached(&format!("SELECT {RECT} FROM rectification WHERE done IS NULL ORDER BY due, id"))?;
    let rows = st.query_map([], rect)?;
    rows.map(|r| rect_finish(r?)).collect()
}

pub fn save_rectification(conn: &Connection, r: &Rectification) -> Result<i64> {
    let before = if r.id > 0 { Some(rectification(conn, r.id)?) } else { None };
    let id = if let Some(b) = &before {
        conn.prepare_cached("UPDATE rectification SET item = ?2, due = ?3, done = ?4 WHERE id = ?1")?
            .execute(params![b.id, r.item.trim(), fmt(r.due), r.done.map(fmt)])?;
        b.id
    } else {
        conn.prepare_cached(
            "INSERT INTO rectification (member_id, year, item, due, done) VALUES (?1, ?2, ?3, ?4, ?5)",
        )?
        .execute(params![r.member_id, r.year, r.item.trim(), fmt(r.due), r.done.map(fmt)])?;
        conn.last_insert_rowid()
    };
    let after = rectification(conn, id)?;
    let action = if before.is_some() { Action::Update } else { Action::Insert };
    changelog::append(conn, "rectification", id, action, before.as_ref(), Some(&after))?;
    Ok(id)
}

// ---- talks

fn talk_members(conn: &Connection, id: i64) -> Result<Vec<i64>> {
    let mut st = conn.prepare_cached("SELECT member_id FROM talk_member WHERE talk_id = ?1 ORDER BY member_id")?;
    let rows = st.query_map([id], |r| r.get::<_, i64>(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn talk(conn: &Connection, id: i64) -> Result<Talk> {
    let (d, kind, topic, notes) = conn
        .prepare_cached("SELECT date, kind, topic, notes FROM talk WHERE id = ?1")?
        .query_row([id], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?, r.get::<_, String>(3)?))
        })
        .optional()?
        .ok_or(StoreError::NotFound)?;
    Ok(Talk {
        id,
        date: date(&d)?,
        kind: vocab(&kind, TalkKind::from_id)?,
        members: talk_members(conn, id)?,
        topic,
        notes,
    })
}

/// Talks dated within `from..=to`, oldest first, with their participants.
pub fn talks_between(conn: &Connection, from: chrono::NaiveDate, to: chrono::NaiveDate) -> Result<Vec<Talk>> {
    let mut st = conn.prepare_cached(
        "SELECT t.id, t.date, t.kind, t.topic, t.notes, (SELECT group_concat(member_id) FROM talk_member WHERE talk_id = t.id)
         FROM talk t WHERE t.date BETWEEN ?1 AND ?2 ORDER BY t.date, t.id",
    )?;
    let rows = st.query_map(params![fmt(from), fmt(to)], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, String>(4)?,
            r.get::<_, Option<String>>(5)?,
        ))
    })?;
    rows.map(|r| {
        let (id, d, kind, topic, notes, who) = r?;
        let mut members: Vec<i64> = who.unwrap_or_default().split(',').filter_map(|s| s.parse().ok()).collect();
        members.sort_unstable();
        Ok(Talk { id, date: date(&d)?, kind: vocab(&kind, TalkKind::from_id)?, members, topic, notes })
    })
    .collect()
}

/// Each talk's date and participants within `from..=to`, in talk order (the findings' read:
/// no text per talk).
pub fn talk_participants(
    conn: &Connection,
    from: chrono::NaiveDate,
    to: chrono::NaiveDate,
) -> Result<Vec<(chrono::NaiveDate, Vec<i64>)>> {
    // The talks of the period through the date index (which holds the id), then the
    // participant rows of their id range in primary-key order, merged here: two ordered reads
    // rather than a seek per talk or per participant.
    let mut st = conn.prepare_cached("SELECT id, date FROM talk WHERE date BETWEEN ?1 AND ?2")?;
    let mut talks: Vec<(i64, chrono::NaiveDate)> = Vec::new();
    let mut rows = st.query(params![fmt(from), fmt(to)])?;
    while let Some(r) = rows.next()? {
        talks.push((r.get(0)?, date(super::text(r, 1)?)?));
    }
    talks.sort_unstable_by_key(|t| t.0);
    let (Some(first), Some(last)) = (talks.first(), talks.last()) else { return Ok(Vec::new()) };
    let mut st = conn.prepare_cached(
        "SELECT talk_id, member_id FROM talk_member WHERE talk_id BETWEEN ?1 AND ?2 ORDER BY talk_id, member_id",
    )?;
    let mut rows = st.query([first.0, last.0])?;
    let mut out: Vec<(chrono::NaiveDate, Vec<i64>)> = Vec::new();
    let (mut i, mut last_id) = (0, None);
    while let Some(r) = rows.next()? {
        let id: i64 = r.get(0)?;
        while i < talks.len() && talks[i].0 < id {
            i += 1;
        }
        if talks.get(i).is_none_or(|t| t.0 != id) {
            continue;
        }
        if last_id != Some(id) {
            out.push((talks[i].1, Vec::new()));
            last_id = Some(id);
        }
        if let Some(t) = out.last_mut() {
            t.1.push(r.get(1)?);
        }
    }
    Ok(out)
}

/// Whether a member's change-log JSON (`before` or `after`) holds a committee post, written
/// exactly as in the partial index of schema step 20.
macro_rules! holds_post {
    ($col:literal) => {
        concat!("(coalesce(json_array_length(", $col, ", '$.posts'), 0) > 0)")
    };
}

/// The change log's history of committee posts (书记, 副书记, 委员) logged from `from`: for each
/// member edited between holding a post and holding none since then, those edits (oldest first)
/// and the day of the member's first change-log row. Members never so edited have none: their
/// record's posts held all along as far as the log knows. The partial index of step 20 holds
/// exactly these edits, so the work grows with them (usually none), not with the log; then a
/// seek per member found.
pub fn post_history(
    conn: &Connection,
    from: chrono::NaiveDate,
) -> Result<IdMap<i64, crate::domain::evaluation::PostHistory>> {
    use crate::domain::evaluation::{PostChange, PostHistory};
    let mut st = conn.prepare_cached(concat!(
        "SELECT row_id, substr(at, 1, 10), ",
        holds_post!("before"),
        ", ",
        holds_post!("after"),
        " FROM change_log INDEXED BY change_log_member_posts
         WHERE tbl = 'member' AND action = 'update' AND ",
        holds_post!("before"),
        " <> ",
        holds_post!("after"),
        " AND at >= ?1 ORDER BY id"
    ))?;
    let mut rows = st.query([fmt(from)])?;
    let mut out: IdMap<i64, PostHistory> = IdMap::default();
    while let Some(r) = rows.next()? {
        let change = PostChange { on: date(&r.get::<_, String>(1)?)?, before: r.get(2)?, after: r.get(3)? };
        out.entry(r.get(0)?)
            .or_insert_with(|| PostHistory { logged_from: change.on, changes: Vec::new() })
            .changes
            .push(change);
    }
    let mut first = conn.prepare_cached(
        "SELECT substr(at, 1, 10) FROM change_log WHERE tbl = 'member' AND row_id = ?1 ORDER BY id LIMIT 1",
    )?;
    for (id, h) in &mut out {
        let logged: String = first.query_row([id], |r| r.get(0))?;
        h.logged_from = date(&logged)?.min(h.logged_from);
    }
    Ok(out)
}

pub fn save_talk(conn: &Connection, t: &Talk) -> Result<i64> {
    let before = if t.id > 0 { Some(talk(conn, t.id)?) } else { None };
    let id = if let Some(b) = &before {
        conn.prepare_cached("UPDATE talk SET date = ?2, kind = ?3, topic = ?4, notes = ?5 WHERE id = ?1")?
            .execute(params![b.id, fmt(t.date), t.kind.id(), t.topic.trim(), t.notes.trim()])?;
        conn.prepare_cached("DELETE FROM talk_member WHERE talk_id = ?1")?.execute([b.id])?;
        b.id
    } else {
        conn.prepare_cached("INSERT INTO talk (date, kind, topic, notes) VALUES (?1, ?2, ?3, ?4)")?
            .execute(params![fmt(t.date), t.kind.id(), t.topic.trim(), t.notes.trim()])?;
        conn.last_insert_rowid()
    };
    let mut ins = conn.prepare_cached("INSERT OR IGNORE INTO talk_member (talk_id, member_id) VALUES (?1, ?2)")?;
    for m in &t.members {
        ins.execute(params![id, m])?;
    }
    let after = talk(conn, id)?;
    let action = if before.is_some() { Action::Update } else { Action::Insert };
    changelog::append(conn, "talk", id, action, before.as_ref(), Some(&after))?;
    Ok(id)
}

pub fn delete_talk(conn: &Connection, id: i64) -> Result<()> {
    let before = talk(conn, id)?;
    conn.prepare_cached("DELETE FROM talk WHERE id = ?1")?.execute([id])?;
    changelog::append::<Talk, Talk>(conn, "talk", id, Action::Delete, Some(&before), None)
}

// ---- disposals

const DISPOSAL: &str = "id, member_id, kind, decided_on, decided_by, approved_on, deadline, outcome, outcome_on";

type DisposalRaw = (i64, i64, String, String, String, Option<String>, Option<String>, String, Option<String>);

fn disposal_raw(r: &Row) -> rusqlite::Result<DisposalRaw> {
    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?, r.get(7)?, r.get(8)?))
}

fn disposal_finish(raw: DisposalRaw) -> Result<Disposal> {
    let (id, member_id, kind, decided_on, body, approved_on, deadline, outcome, outcome_on) = raw;
    Ok(Disposal {
        id,
        member_id,
        kind: vocab(&kind, DisposalKind::from_id)?,
        decided_on: date(&decided_on)?,
        decided_by: vocab(&body, DecisionBody::from_id)?,
        approved_on: opt_date(approved_on)?,
        deadline: opt_date(deadline)?,
        outcome,
        outcome_on: opt_date(outcome_on)?,
    })
}

pub fn disposal(conn: &Connection, id: i64) -> Result<Disposal> {
    let raw = conn
        .prepare_cached(&format!("SELECT {DISPOSAL} FROM disposal WHERE id = ?1"))?
        .query_row([id], disposal_raw)
        .optional()?
        .ok_or(StoreError::NotFound)?;
    disposal_finish(raw)
}

/// Every disposal step (of one member, if given), newest decision first.
pub fn disposals(conn: &Connection, member: Option<i64>) -> Result<Vec<Disposal>> {
    let mut st = conn.prepare_cached(&format!(
        "SELECT {DISPOSAL} FROM disposal WHERE ?1 IS NULL OR member_id = ?1 ORDER BY decided_on DESC, id DESC"
    ))?;
    let rows = st.query_map(params![member], disposal_raw)?;
    rows.map(|r| disposal_finish(r?)).collect()
}

/// 限期改正 steps with no outcome date.
pub fn open_corrections(conn: &Connection) -> Result<Vec<Disposal>> {
    let mut st = conn.prepare_cached(&format!(
        "SELECT {DISPOSAL} FROM disposal WHERE kind = 'correction_deadline' AND outcome_on IS NULL ORDER BY deadline"
    ))?;
    let rows = st.query_map([], disposal_raw)?;
    rows.map(|r| disposal_finish(r?)).collect()
}

pub fn save_disposal(conn: &Connection, d: &Disposal) -> Result<i64> {
    let before = if d.id > 0 { Some(disposal(conn, d.id)?) } else { None };
    let id = match &before {
        Some(b) => {
            conn.prepare_cached("DELETE FROM disposal WHERE id = ?1")?.execute([b.id])?;
            Some(b.id)
        }
        None => None,
    };
    // An edit rewrites the row under its id: one statement for both cases.
    conn.prepare_cached(
        "INSERT INTO disposal (id, member_id, kind, decided_on, decided_by, approved_on, deadline, outcome, outcome_on)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?
    .execute(params![
        id,
        d.member_id,
        d.kind.id(),
        fmt(d.decided_on),
        d.decided_by.id(),
        d.approved_on.map(fmt),
        d.deadline.map(fmt),
        d.outcome.trim(),
        d.outcome_on.map(fmt)
    ])?;
    let id = id.unwrap_or_else(|| conn.last_insert_rowid());
    let after = disposal(conn, id)?;
    let action = if before.is_some() { Action::Update } else { Action::Insert };
    changelog::append(conn, "disposal", id, action, before.as_ref(), Some(&after))?;
    Ok(id)
}

/// Whether a member has a disposal step decided on or after `from`.
pub fn has_disposal_since(conn: &Connection, member: i64, from: chrono::NaiveDate) -> Result<bool> {
    Ok(conn
        .prepare_cached("SELECT EXISTS (SELECT 1 FROM disposal WHERE member_id = ?1 AND decided_on >= ?2)")?
        .query_row(params![member, fmt(from)], |r| r.get::<_, bool>(0))?)
}

// ---- commendations

pub fn commendation(conn: &Connection, id: i64) -> Result<Commendation> {
    let (year, member_id, title, level, d) = conn
        .prepare_cached("SELECT year, member_id, title, level, date FROM commendation WHERE id = ?1")?
        .query_row([id], |r| {
            Ok((
                r.get::<_, i32>(0)?,
                r.get::<_, Option<i64>>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
            ))
        })
        .optional()?
        .ok_or(StoreError::NotFound)?;
    Ok(Commendation { id, year, member_id, title: vocab(&title, CommendationTitle::from_id)?, level, date: date(&d)? })
}

/// Every commendation, newest first.
pub fn commendations(conn: &Connection) -> Result<Vec<Commendation>> {
    let mut st = conn.prepare_cached("SELECT id FROM commendation ORDER BY date DESC, id DESC")?;
    let ids: Vec<i64> = st.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
    ids.into_iter().map(|id| commendation(conn, id)).collect()
}

pub fn save_commendation(conn: &Connection, c: &Commendation) -> Result<i64> {
    let before = if c.id > 0 { Some(commendation(conn, c.id)?) } else { None };
    let id = if let Some(b) = &before {
        conn.prepare_cached(
            "UPDATE commendation SET year = ?2, member_id = ?3, title = ?4, level = ?5, date = ?6 WHERE id = ?1",
        )?
        .execute(params![b.id, c.year, c.member_id, c.title.id(), c.level.trim(), fmt(c.date)])?;
        b.id
    } else {
        conn.prepare_cached(
            "INSERT INTO commendation (year, member_id, title, level, date) VALUES (?1, ?2, ?3, ?4, ?5)",
        )?
        .execute(params![c.year, c.member_id, c.title.id(), c.level.trim(), fmt(c.date)])?;
        conn.last_insert_rowid()
    };
    let after = commendation(conn, id)?;
    let action = if before.is_some() { Action::Update } else { Action::Insert };
    changelog::append(conn, "commendation", id, action, before.as_ref(), Some(&after))?;
    Ok(id)
}

pub fn delete_commendation(conn: &Connection, id: i64) -> Result<()> {
    let before = commendation(conn, id)?;
    conn.prepare_cached("DELETE FROM commendation WHERE id = ?1")?.execute([id])?;
    changelog::append::<Commendation, Commendation>(conn, "commendation", id, Action::Delete, Some(&before), None)
}

// ---- campaigns

fn campaign_row(r: &Row) -> rusqlite::Result<(i64, i32, String, String, String, bool)> {
    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?))
}

fn campaign_finish(raw: (i64, i32, String, String, String, bool)) -> Result<Campaign> {
    let (id, year, arranged_by, from, to, closed) = raw;
    Ok(Campaign { id, year, arranged_by, from: date(&from)?, to: date(&to)?, closed })
}

/// Every campaign, newest first.
pub fn campaigns(conn: &Connection) -> Result<Vec<Campaign>> {
    let mut st = conn.prepare_cached(
        "SELECT id, year, arranged_by, start_on, end_on, closed FROM campaign ORDER BY start_on DESC, id DESC",
    )?;
    let rows = st.query_map([], campaign_row)?;
    rows.map(|r| campaign_finish(r?)).collect()
}

pub fn campaign(conn: &Connection, id: i64) -> Result<Campaign> {
    let raw = conn
        .prepare_cached("SELECT id, year, arranged_by, start_on, end_on, closed FROM campaign WHERE id = ?1")?
        .query_row([id], campaign_row)
        .optional()?
        .ok_or(StoreError::NotFound)?;
    campaign_finish(raw)
}

pub fn save_campaign(conn: &Connection, c: &Campaign) -> Result<i64> {
    let before = if c.id > 0 { Some(campaign(conn, c.id)?) } else { None };
    let id = if let Some(b) = &before {
        conn.prepare_cached(
            "UPDATE campaign SET year = ?2, arranged_by = ?3, start_on = ?4, end_on = ?5, closed = ?6 WHERE id = ?1",
        )?
        .execute(params![b.id, c.year, c.arranged_by.trim(), fmt(c.from), fmt(c.to), c.closed])?;
        b.id
    } else {
        conn.prepare_cached(
            "INSERT INTO campaign (year, arranged_by, start_on, end_on, closed) VALUES (?1, ?2, ?3, ?4, ?5)",
        )?
        .execute(params![c.year, c.arranged_by.trim(), fmt(c.from), fmt(c.to), c.closed])?;
        conn.last_insert_rowid()
    };
    let after = campaign(conn, id)?;
    let action = if before.is_some() { Action::Update } else { Action::Insert };
    changelog::append(conn, "campaign", id, action, before.as_ref(), Some(&after))?;
    Ok(id)
}

pub fn campaign_entries(conn: &Connection, campaign: i64) -> Result<Vec<CampaignEntry>> {
    let mut st = conn.prepare_cached(
        "SELECT member_id, material_on, talked, analysed, opinion, rectification, notice_on
         FROM campaign_member WHERE campaign_id = ?1",
    )?;
    let rows = st.query_map([campaign], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, Option<String>>(1)?,
            r.get::<_, bool>(2)?,
            r.get::<_, bool>(3)?,
            r.get::<_, String>(4)?,
            r.get::<_, String>(5)?,
            r.get::<_, Option<String>>(6)?,
        ))
    })?;
    rows.map(|r| {
        let (member_id, material_on, talked, analysed, opinion, rectification, notice_on) = r?;
        Ok(CampaignEntry {
            member_id,
            material_on: opt_date(material_on)?,
            talked,
            analysed,
            opinion,
            rectification,
            notice_on: opt_date(notice_on)?,
        })
    })
    .collect()
}

pub fn save_campaign_entry(conn: &Connection, campaign: i64, e: &CampaignEntry) -> Result<()> {
    let before = campaign_entries(conn, campaign)?.into_iter().find(|x| x.member_id == e.member_id);
    conn.prepare_cached(
        "INSERT INTO campaign_member (campaign_id, member_id, material_on, talked, analysed, opinion, rectification, notice_on)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
         ON CONFLICT (campaign_id, member_id) DO UPDATE SET material_on = ?3, talked = ?4, analysed = ?5,
             opinion = ?6, rectification = ?7, notice_on = ?8",
    )?
    .execute(params![
        campaign,
        e.member_id,
        e.material_on.map(fmt),
        e.talked,
        e.analysed,
        e.opinion.trim(),
        e.rectification.trim(),
        e.notice_on.map(fmt)
    ])?;
    let action = if before.is_some() { Action::Update } else { Action::Insert };
    changelog::append(conn, "campaign_member", campaign * 1_000_000 + e.member_id, action, before.as_ref(), Some(e))
}
