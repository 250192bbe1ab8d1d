//! Meetings with their kinds, attendance and guests. A meeting and all its rows are written in
//! the caller's transaction, and logged as one change with the whole record before and after.

use crate::domain::ids::IdMap;

use chrono::{NaiveDate, NaiveTime};
use rusqlite::{Connection, OptionalExtension, params};

use super::changelog::{self, Action};
use super::member_year;
use super::{Result, StoreError, date, opt_date, vocab};
use crate::domain::dates::fmt;
use crate::domain::meeting::{
    Attendance, AttendanceRow, Guest, Meeting, MeetingDraft, MeetingKind, MeetingStatus, Resolution,
};

fn time(s: Option<String>) -> Result<Option<NaiveTime>> {
    s.map(|s| NaiveTime::parse_from_str(&s, "%H:%M").map_err(|_| StoreError::BadData(format!("time {s:?}"))))
        .transpose()
}

fn fmt_time(t: Option<NaiveTime>) -> Option<String> {
    t.map(|t| t.format("%H:%M").to_string())
}

/// Kinds of a meeting, as stored (sorted by their declaration order).
fn kinds_of(conn: &Connection, id: i64) -> Result<Vec<MeetingKind>> {
    let mut st = conn.prepare_cached("SELECT kind FROM meeting_kind WHERE meeting_id = ?1")?;
    let mut kinds = st
        .query_map([id], |r| r.get::<_, String>(0))?
        .map(|k| vocab(&k?, MeetingKind::from_id))
        .collect::<Result<Vec<_>>>()?;
    kinds.sort();
    Ok(kinds)
}

pub fn get(conn: &Connection, id: i64) -> Result<Meeting> {
    type Raw = (
        String,
        Option<String>,
        Option<String>,
        String,
        Option<i64>,
        String,
        String,
        Option<i64>,
        Option<i64>,
        Option<i64>,
        String,
        i64,
        String,
        String,
    );
    type Vote = (Option<String>, Option<u32>, Option<u32>, Option<u32>, Option<u32>, Option<u32>);
    let (raw, vote): (Raw, Vote) = conn
        .prepare_cached(
            "SELECT date, start_time, end_time, status, group_id, topic, location, host_id, recorder_id, lecturer_id,
                    lecturer_name, credit_min, minutes, resolution, vote_entitled, vote_present, vote_yes, vote_no, vote_abstain,
                    cancel_reason
             FROM meeting WHERE id = ?1",
        )?
        .query_row([id], |r| {
            Ok((
                (r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?, r.get(7)?, r.get(8)?, r.get(9)?, r.get(10)?, r.get(11)?, r.get(12)?, r.get(19)?),
                (r.get(13)?, r.get(14)?, r.get(15)?, r.get(16)?, r.get(17)?, r.get(18)?),
            ))
        })
        .optional()?
        .ok_or(StoreError::NotFound)?;
    let resolution = vote.0.map(|text| Resolution {
        text,
        entitled: vote.1.unwrap_or(0),
        present: vote.2.unwrap_or(0),
        yes: vote.3.unwrap_or(0),
        no: vote.4.unwrap_or(0),
        abstain: vote.5.unwrap_or(0),
    });
    let mut st = conn.prepare_cached(
        "SELECT member_id, status, reason, made_up_on, credit_min FROM attendance WHERE meeting_id = ?1 ORDER BY member_id",
    )?;
    let rows = st.query_map([id], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, Option<String>>(3)?,
            r.get::<_, i64>(4)?,
        ))
    })?;
    let mut attendance = Vec::new();
    for row in rows {
        let (member_id, status, reason, made_up_on, credit_min) = row?;
        attendance.push(AttendanceRow {
            member_id,
            status: vocab(&status, Attendance::from_id)?,
            reason,
            made_up_on: opt_date(made_up_on)?,
            credit_min,
        });
    }
    let mut st = conn.prepare_cached(
        "SELECT g.name, g.incoming_id, g.absent, i.home_branch, i.cert_no FROM guest g
         LEFT JOIN incoming_member i ON i.id = g.incoming_id WHERE g.meeting_id = ?1 ORDER BY g.seq",
    )?;
    let guests = st
        .query_map([id], |r| {
            Ok(Guest {
                name: r.get(0)?,
                incoming_id: r.get(1)?,
                absent: r.get(2)?,
                home_branch: r.get::<_, Option<String>>(3)?.unwrap_or_default(),
                cert_no: r.get::<_, Option<String>>(4)?.unwrap_or_default(),
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(Meeting {
        id,
        draft: MeetingDraft {
            kinds: kinds_of(conn, id)?,
            date: date(&raw.0)?,
            start: time(raw.1)?,
            end: time(raw.2)?,
            status: vocab(&raw.3, MeetingStatus::from_id)?,
            group_id: raw.4,
            topic: raw.5,
            location: raw.6,
            host_id: raw.7,
            recorder_id: raw.8,
            lecturer_id: raw.9,
            lecturer_name: raw.10,
            credit_min: raw.11,
            minutes: raw.12,
            resolution,
            attendance,
            guests,
            cancel_reason: raw.13,
        },
    })
}

fn write_rows(conn: &Connection, id: i64, d: &MeetingDraft) -> Result<()> {
    let r = d.resolution.as_ref();
    conn.prepare_cached(
        "UPDATE meeting SET date = ?2, start_time = ?3, end_time = ?4, status = ?5, group_id = ?6, topic = ?7, location = ?8,
         host_id = ?9, recorder_id = ?10, lecturer_id = ?11, lecturer_name = ?12, credit_min = ?13, minutes = ?14,
         resolution = ?15, vote_entitled = ?16, vote_present = ?17, vote_yes = ?18, vote_no = ?19, vote_abstain = ?20,
         cancel_reason = ?21
         WHERE id = ?1",
    )?
    .execute(params![
        id,
        fmt(d.date),
        fmt_time(d.start),
        fmt_time(d.end),
        d.status.id(),
        d.group_id,
        d.topic.trim(),
        d.location.trim(),
        d.host_id,
        d.recorder_id,
        d.lecturer_id,
        d.lecturer_name.trim(),
        d.credit_min,
        d.minutes.trim_end(),
        r.map(|r| r.text.trim().to_string()),
        r.map(|r| r.entitled),
        r.map(|r| r.present),
        r.map(|r| r.yes),
        r.map(|r| r.no),
        r.map(|r| r.abstain),
        d.cancel_reason.trim(),
    ])?;
    for sql in [
        "DELETE FROM meeting_kind WHERE meeting_id = ?1",
        "DELETE FROM attendance WHERE meeting_id = ?1",
        "DELETE FROM guest WHERE meeting_id = ?1",
    ] {
        conn.prepare_cached(sql)?.execute([id])?;
    }
    let mut k = conn.prepare_cached("INSERT INTO meeting_kind (meeting_id, kind) VALUES (?1, ?2)")?;
    for kind in &d.kinds {
        k.execute(params![id, kind.id()])?;
    }
    let mut a = conn.prepare_cached(
        "INSERT INTO attendance (meeting_id, member_id, status, reason, made_up_on, credit_min) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?;
    for row in &d.attendance {
        a.execute(params![
            id,
            row.member_id,
            row.status.id(),
            row.reason.trim(),
            row.made_up_on.map(fmt),
            row.credit_min
        ])?;
    }
    // A link to an incoming member deleted meanwhile (in another window) is dropped, the name kept.
    let mut g = conn.prepare_cached(
        "INSERT INTO guest (meeting_id, seq, name, incoming_id, absent)
         VALUES (?1, ?2, ?3, (SELECT id FROM incoming_member WHERE id = ?4), ?5)",
    )?;
    for (i, guest) in d.guests.iter().enumerate() {
        // An absent guest is an incoming member's, kept when the member is deleted from the
        // register (the guest then keeps the name and the mark).
        g.execute(params![id, i as i64, guest.name.trim(), guest.incoming_id, guest.absent])?;
    }
    Ok(())
}

/// Inserts a meeting with its kinds, attendance and guests; returns its id.
pub fn insert(conn: &Connection, d: &MeetingDraft) -> Result<i64> {
    conn.prepare_cached("INSERT INTO meeting (date, status, topic, credit_min) VALUES (?1, ?2, ?3, ?4)")?
        .execute(params![fmt(d.date), d.status.id(), d.topic.trim(), d.credit_min])?;
    let id = conn.last_insert_rowid();
    write_rows(conn, id, d)?;
    let after = get(conn, id)?;
    member_year::refresh(conn, &member_year::pairs_of(&after))?;
    changelog::append::<Meeting, Meeting>(conn, "meeting", id, Action::Insert, None, Some(&after))?;
    Ok(id)
}

pub fn update(conn: &Connection, id: i64, d: &MeetingDraft) -> Result<()> {
    let before = get(conn, id)?;
    write_rows(conn, id, d)?;
    let after = get(conn, id)?;
    let mut pairs = member_year::pairs_of(&before);
    pairs.extend(member_year::pairs_of(&after));
    pairs.sort_unstable();
    pairs.dedup();
    member_year::refresh(conn, &pairs)?;
    changelog::append(conn, "meeting", id, Action::Update, Some(&before), Some(&after))
}

/// Deletes a meeting and (by cascade) its kinds, attendance and guests; the log keeps them.
pub fn delete(conn: &Connection, id: i64) -> Result<()> {
    let before = get(conn, id)?;
    conn.prepare_cached("DELETE FROM meeting WHERE id = ?1")?.execute([id])?;
    member_year::refresh(conn, &member_year::pairs_of(&before))?;
    changelog::append::<Meeting, Meeting>(conn, "meeting", id, Action::Delete, Some(&before), None)
}

/// A meeting as lists show it, with its attendance counted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MeetingSummary {
    pub id: i64,
    pub date: NaiveDate,
    pub kinds: Vec<MeetingKind>,
    pub status: MeetingStatus,
    pub group_id: Option<i64>,
    pub topic: String,
    pub host_id: Option<i64>,
    pub lecturer_id: Option<i64>,
    pub credit_min: i64,
    /// 应到, 实到 (present or late), 请假, 缺席, 外出 (away as mobile members).
    pub expected: u32,
    pub in_room: u32,
    pub excused: u32,
    pub absent: u32,
    pub away: u32,
    /// Why it was cancelled (empty unless cancelled).
    pub cancel_reason: String,
}

/// Meetings dated within `from..=to`, newest first.
pub fn list_between(conn: &Connection, from: NaiveDate, to: NaiveDate) -> Result<Vec<MeetingSummary>> {
    let mut kinds: IdMap<i64, Vec<MeetingKind>> = IdMap::default();
    {
        let mut st = conn.prepare_cached(
            "SELECT k.meeting_id, k.kind FROM meeting_kind k JOIN meeting m ON m.id = k.meeting_id WHERE m.date BETWEEN ?1 AND ?2",
        )?;
        let rows = st.query_map(params![fmt(from), fmt(to)], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))?;
        for row in rows {
            let (id, k) = row?;
            kinds.entry(id).or_default().push(vocab(&k, MeetingKind::from_id)?);
        }
    }
    let mut st = conn.prepare_cached(
        "SELECT m.id, m.date, m.status, m.group_id, m.topic, m.host_id, m.lecturer_id, m.credit_min,
                count(a.member_id),
                coalesce(sum(a.status IN ('present', 'late')), 0),
                coalesce(sum(a.status = 'excused'), 0),
                coalesce(sum(a.status = 'absent'), 0),
                m.cancel_reason,
                coalesce(sum(a.status = 'away_mobile'), 0)
         FROM meeting m LEFT JOIN attendance a ON a.meeting_id = m.id
         WHERE m.date BETWEEN ?1 AND ?2
         GROUP BY m.id ORDER BY m.date DESC, m.id DESC",
    )?;
    let rows = st.query_map(params![fmt(from), fmt(to)], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, Option<i64>>(3)?,
            r.get::<_, String>(4)?,
            r.get::<_, Option<i64>>(5)?,
            r.get::<_, Option<i64>>(6)?,
            r.get::<_, i64>(7)?,
            (
                r.get::<_, u32>(8)?,
                r.get::<_, u32>(9)?,
                r.get::<_, u32>(10)?,
                r.get::<_, u32>(11)?,
                r.get::<_, u32>(13)?,
            ),
            r.get::<_, String>(12)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (
            id,
            d,
            status,
            group_id,
            topic,
            host_id,
            lecturer_id,
            credit_min,
            (expected, in_room, excused, absent, away),
            cancel_reason,
        ) = row?;
        let mut k = kinds.remove(&id).unwrap_or_default();
        k.sort();
        out.push(MeetingSummary {
            id,
            date: date(&d)?,
            kinds: k,
            status: vocab(&status, MeetingStatus::from_id)?,
            group_id,
            topic,
            host_id,
            lecturer_id,
            credit_min,
            expected,
            in_room,
            excused,
            absent,
            away,
            cancel_reason,
        });
    }
    Ok(out)
}

/// A meeting without its attendance: what the plan and the meetings coming up read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MeetingSlot {
    pub id: i64,
    pub date: NaiveDate,
    pub kinds: Vec<MeetingKind>,
    pub status: MeetingStatus,
    pub group_id: Option<i64>,
    pub topic: String,
}

/// Meetings dated within `from..=to`, newest first, as [`list_between`] but without counting
/// their attendance (a large branch has hundreds of thousands of rows); with `status`, only
/// the meetings of that status.
pub fn slots_between(
    conn: &Connection,
    from: NaiveDate,
    to: NaiveDate,
    status: Option<MeetingStatus>,
) -> Result<Vec<MeetingSlot>> {
    // The status as a constant of the statement (it is one of the vocabulary's ids), so that
    // the planned meetings come through their partial index (schema 19), not every meeting of
    // the dates.
    let of_status = status.map(|s| format!("AND m.status = '{}'", s.id())).unwrap_or_default();
    let mut st = conn.prepare_cached(&format!(
        "SELECT m.id, m.date, m.status, m.group_id, m.topic,
                (SELECT group_concat(k.kind) FROM meeting_kind k WHERE k.meeting_id = m.id)
         FROM meeting m
         WHERE m.date BETWEEN ?1 AND ?2 {of_status}
         ORDER BY m.date DESC, m.id DESC"
    ))?;
    let rows = st.query_map(params![fmt(from), fmt(to)], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, Option<i64>>(3)?,
            r.get::<_, String>(4)?,
            r.get::<_, Option<String>>(5)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (id, d, status, group_id, topic, kinds) = row?;
        let kinds = kinds_from_concat(kinds)?;
        out.push(MeetingSlot {
            id,
            date: date(&d)?,
            kinds,
            status: vocab(&status, MeetingStatus::from_id)?,
            group_id,
            topic,
        });
    }
    Ok(out)
}

/// How many meetings of `status` are dated within `from..=to`.
pub fn count_between(conn: &Connection, from: NaiveDate, to: NaiveDate, status: MeetingStatus) -> Result<usize> {
    let n: i64 = conn
        .prepare_cached("SELECT count(*) FROM meeting WHERE date BETWEEN ?1 AND ?2 AND status = ?3")?
        .query_row(params![fmt(from), fmt(to), status.id()], |r| r.get(0))?;
    Ok(n as usize)
}

/// A meeting's kinds from their `group_concat`, sorted.
fn kinds_from_concat(concat: Option<String>) -> Result<Vec<MeetingKind>> {
    let mut kinds = concat
        .unwrap_or_default()
        .split(',')
        .filter(|k| !k.is_empty())
        .map(|k| vocab(k, MeetingKind::from_id))
        .collect::<Result<Vec<_>>>()?;
    kinds.sort();
    Ok(kinds)
}

/// A held meeting as one member attended it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MemberMeeting {
    pub date: NaiveDate,
    pub kinds: Vec<MeetingKind>,
    pub topic: String,
    pub row: AttendanceRow,
}

/// One member's attendance at held meetings dated within `from..=to`, oldest first. Reads only
/// that member's rows (through the `attendance_member` index).
pub fn member_attendance(conn: &Connection, member: i64, from: NaiveDate, to: NaiveDate) -> Result<Vec<MemberMeeting>> {
    let mut st = conn.prepare_cached(
        "SELECT m.date, m.topic, (SELECT group_concat(k.kind) FROM meeting_kind k WHERE k.meeting_id = m.id),
                a.status, a.reason, a.made_up_on, a.credit_min
         FROM attendance a JOIN meeting m ON m.id = a.meeting_id
         WHERE a.member_id = ?1 AND m.date BETWEEN ?2 AND ?3 AND m.status = 'held'
         ORDER BY m.date, m.id",
    )?;
    let rows = st.query_map(params![member, fmt(from), fmt(to)], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, Option<String>>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, String>(4)?,
            r.get::<_, Option<String>>(5)?,
            r.get::<_, i64>(6)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (d, topic, kinds, status, reason, made_up_on, credit_min) = row?;
        let kinds = kinds_from_concat(kinds)?;
        out.push(MemberMeeting {
            date: date(&d)?,
            kinds,
            topic,
            row: AttendanceRow {
                member_id: member,
                status: vocab(&status, Attendance::from_id)?,
                reason,
                made_up_on: opt_date(made_up_on)?,
                credit_min,
            },
        });
    }
    Ok(out)
}

/// Held meetings dated within `from..=to` with what the overdue rules read, oldest first.
pub fn held_between(
    conn: &Connection,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<crate::domain::rules::HeldMeeting>> {
    // Two reads in table order, merged here: the meetings (a scan of the table, cheaper than
    // a seek per meeting from the date index when, as here, most meetings are in the two years)
    // and every meeting's kinds (in the order of their primary key: meeting, then kind).
    let mut st = conn.prepare_cached(
        "SELECT id, date, group_id, lecturer_id FROM meeting
         WHERE status = 'held' AND +date BETWEEN ?1 AND ?2 ORDER BY id",
    )?;
    let mut kinds_st = conn.prepare_cached("SELECT meeting_id, kind FROM meeting_kind ORDER BY meeting_id, kind")?;
    let mut kinds = kinds_st.query([])?;
    let read_kind = |kinds: &mut rusqlite::Rows<'_>| -> Result<Option<(i64, MeetingKind)>> {
        Ok(match kinds.next()? {
            Some(r) => Some((r.get(0)?, vocab(super::text(r, 1)?, MeetingKind::from_id)?)),
            None => None,
        })
    };
    let mut next_kind = read_kind(&mut kinds)?;
    let mut rows = st.query(params![fmt(from), fmt(to)])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        let id: i64 = r.get(0)?;
        let mut held_kinds = Vec::new();
        while let Some((meeting, kind)) = next_kind {
            if meeting > id {
                break;
            }
            if meeting == id {
                held_kinds.push(kind);
            }
            next_kind = read_kind(&mut kinds)?;
        }
        // A meeting without kinds counts for none (as a join would leave it out).
        if held_kinds.is_empty() {
            continue;
        }
        out.push(crate::domain::rules::HeldMeeting {
            date: date(super::text(r, 1)?)?,
            kinds: held_kinds,
            group_id: r.get(2)?,
            lecturer_id: r.get(3)?,
        });
    }
    // Oldest first, the same day in id order (a stable sort of the id order). Kept with this
    // year's grid: without the room left by doubling.
    out.sort_by_key(|h| h.date);
    out.shrink_to_fit();
    Ok(out)
}

/// The day of the earliest record in the file: a held meeting, a study record, or the first
/// change of any kind (the day the file was set up).
pub fn first_record_date(conn: &Connection) -> Result<Option<NaiveDate>> {
    // Each part reads one row through an index (change-log ids grow with time).
    let d: Option<String> = conn.query_row(
        "SELECT min(d) FROM (
             SELECT (SELECT date FROM meeting WHERE status = 'held' ORDER BY date LIMIT 1) AS d
             UNION ALL SELECT (SELECT date FROM study_record ORDER BY date LIMIT 1)
             UNION ALL SELECT (SELECT substr(at, 1, 10) FROM change_log ORDER BY id LIMIT 1))",
        [],
        |r| r.get(0),
    )?;
    super::opt_date(d)
}
