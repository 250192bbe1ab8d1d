//! Members, their posts and party groups. Each write logs itself in the change log.

use crate::domain::ids::IdMap;

use rusqlite::{Connection, OptionalExtension, Row, params};

use super::changelog::{self, Action};
use super::{Result, StoreError, date, opt_text, text, vocab};
use crate::domain::dates::fmt;
use crate::domain::member::{
    Archive, ArchiveReason, CadreLevel, Exemption, Gender, Member, MemberDraft, MemberStatus, PartyGroup, PartyPost,
    UnitCategory,
};

const COLUMNS: &str = "id, number, name, gender, birth_date, ethnicity, phone, work_unit, unit_category, group_id,
    status, admission_date, conversion_date, joined_on, exempt, exempt_reason, exempt_from, exempt_to, cadre_level,
    notes, archived_on, archive_reason, archive_note, probation_extension_months, entered_on";

/// A member from its row (the columns of `COLUMNS`), posts left empty for the caller. Only the
/// text the member keeps is copied: ids and dates are read from the row in place (a large
/// branch's list is read at every start).
fn member_from_row(r: &Row) -> Result<Member> {
    let opt_date = |i| text_date(opt_text(r, i)?);
    let exemption = if r.get::<_, i64>(14)? == 1 {
        Some(Exemption { reason: r.get(15)?, from: opt_date(16)?, to: opt_date(17)? })
    } else {
        None
    };
    let archive = match (opt_text(r, 20)?, opt_text(r, 21)?) {
        (Some(on), Some(reason)) => {
            Some(Archive { reason: vocab(reason, ArchiveReason::from_id)?, date: date(on)?, note: r.get(22)? })
        }
        _ => None,
    };
    Ok(Member {
        id: r.get(0)?,
        number: text(r, 1)?.into(),
        draft: MemberDraft {
            name: text(r, 2)?.into(),
            gender: vocab(text(r, 3)?, Gender::from_id)?,
            birth_date: date(text(r, 4)?)?,
            ethnicity: text(r, 5)?.into(),
            phone: text(r, 6)?.into(),
            work_unit: text(r, 7)?.into(),
            unit_category: vocab(text(r, 8)?, UnitCategory::from_id)?,
            group_id: r.get(9)?,
            status: vocab(text(r, 10)?, MemberStatus::from_id)?,
            admission_date: date(text(r, 11)?)?,
            conversion_date: opt_date(12)?,
            probation_extension_months: r.get(23)?,
            joined_on: opt_date(13)?,
            exemption,
            cadre_level: opt_text(r, 18)?.map(|c| vocab(c, CadreLevel::from_id)).transpose()?,
            posts: Vec::new(),
            notes: r.get(19)?,
        },
        archive,
        entered_on: opt_date(24)?,
    })
}

/// An optional `YYYY-MM-DD` column, borrowed.
fn text_date(s: Option<&str>) -> Result<Option<chrono::NaiveDate>> {
    s.map(date).transpose()
}

fn posts_by_member(conn: &Connection) -> Result<IdMap<i64, Vec<PartyPost>>> {
    let mut st = conn.prepare_cached("SELECT member_id, post FROM member_post ORDER BY member_id")?;
    let mut map: IdMap<i64, Vec<PartyPost>> = IdMap::default();
    let rows = st.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))?;
    for row in rows {
        let (id, post) = row?;
        map.entry(id).or_default().push(vocab(&post, PartyPost::from_id)?);
    }
    for posts in map.values_mut() {
        posts.sort();
    }
    Ok(map)
}

/// Every member, archived ones included, in number order.
pub fn list(conn: &Connection) -> Result<Vec<Member>> {
    let mut posts = posts_by_member(conn)?;
    let mut st = conn.prepare_cached(&format!("SELECT {COLUMNS} FROM member ORDER BY number"))?;
    // Sized from the count: grown by doubling, a large branch's list would keep up to twice
    // the room it needs for as long as it is cached.
    let mut out = Vec::with_capacity(usize::try_from(count(conn)?).unwrap_or(0));
    let mut rows = st.query([])?;
    while let Some(r) = rows.next()? {
        let mut m = member_from_row(r)?;
        m.draft.posts = posts.remove(&m.id).unwrap_or_default();
        out.push(m);
    }
    out.shrink_to_fit();
    Ok(out)
}

pub fn get(conn: &Connection, id: i64) -> Result<Member> {
    let mut st = conn.prepare_cached(&format!("SELECT {COLUMNS} FROM member WHERE id = ?1"))?;
    let mut rows = st.query([id])?;
    let mut m = member_from_row(rows.next()?.ok_or(StoreError::NotFound)?)?;
    drop(rows);
    let mut st = conn.prepare_cached("SELECT post FROM member_post WHERE member_id = ?1 ORDER BY post")?;
    let posts = st.query_map([id], |r| r.get::<_, String>(0))?;
    for p in posts {
        m.draft.posts.push(vocab(&p?, PartyPost::from_id)?);
    }
    m.draft.posts.sort();
    Ok(m)
}

/// The next free member number: one more than the largest numeric number, four digits.
pub fn next_number(conn: &Connection) -> Result<String> {
    let max: Option<i64> =
        conn.query_row("SELECT max(CAST(number AS INTEGER)) FROM member WHERE number GLOB '[0-9]*'", [], |r| r.get(0))?;
    Ok(format!("{:04}", max.unwrap_or(0) + 1))
}

fn write_fields(conn: &Connection, id: i64, d: &MemberDraft) -> Result<()> {
    let x = d.exemption.as_ref();
    conn.prepare_cached(
        "UPDATE member SET name = ?2, gender = ?3, birth_date = ?4, ethnicity = ?5, phone = ?6, work_unit = ?7,
         unit_category = ?8, group_id = ?9, status = ?10, admission_date = ?11, conversion_date = ?12, joined_on = ?13,
         exempt = ?14, exempt_reason = ?15, exempt_from = ?16, exempt_to = ?17, cadre_level = ?18, notes = ?19,
         probation_extension_months = ?20
         WHERE id = ?1",
    )?
    .execute(params![
        id,
        d.name.trim(),
        d.gender.id(),
        fmt(d.birth_date),
        d.ethnicity.trim(),
        d.phone.trim(),
        d.work_unit.trim(),
        d.unit_category.id(),
        d.group_id,
        d.status.id(),
        fmt(d.admission_date),
        d.conversion_date.map(fmt),
        d.joined_on.map(fmt),
        x.is_some() as i64,
        x.map(|x| x.reason.trim().to_string()).unwrap_or_default(),
        x.and_then(|x| x.from).map(fmt),
        x.and_then(|x| x.to).map(fmt),
        d.cadre_level.map(|c| c.id()),
        d.notes.trim(),
        d.probation_extension_months,
    ])?;
    conn.prepare_cached("DELETE FROM member_post WHERE member_id = ?1")?.execute([id])?;
    let mut ins = conn.prepare_cached("INSERT INTO member_post (member_id, post) VALUES (?1, ?2)")?;
    for p in &d.posts {
        ins.execute(params![id, p.id()])?;
    }
    Ok(())
}

/// Inserts a member with the next free number, entered on `entered_on`; returns its id.
pub fn insert(conn: &Connection, d: &MemberDraft, entered_on: chrono::NaiveDate) -> Result<i64> {
    insert_numbered(conn, d, &next_number(conn)?, entered_on)
}

/// Inserts many members in order with consecutive free numbers: the free number is looked up
/// once, not once a member (a scan of every member each time made a 10,000-row import quadratic).
pub fn insert_many<'a>(
    conn: &Connection,
    drafts: impl IntoIterator<Item = &'a MemberDraft>,
    entered_on: chrono::NaiveDate,
) -> Result<()> {
    let first: i64 = next_number(conn)?.parse().map_err(|_| super::StoreError::BadData("member number".into()))?;
    for (i, d) in drafts.into_iter().enumerate() {
        insert_numbered(conn, d, &format!("{:04}", first + i as i64), entered_on)?;
    }
    Ok(())
}

fn insert_numbered(conn: &Connection, d: &MemberDraft, number: &str, entered_on: chrono::NaiveDate) -> Result<i64> {
    // A minimal valid row first, then the same update path as an edit: one way to write fields.
    conn.prepare_cached(
        "INSERT INTO member (number, name, gender, birth_date, ethnicity, unit_category, status, admission_date, conversion_date, entered_on)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?
    .execute(params![
        number,
        d.name.trim(),
        d.gender.id(),
        fmt(d.birth_date),
        d.ethnicity.trim(),
        d.unit_category.id(),
        d.status.id(),
        fmt(d.admission_date),
        d.conversion_date.map(fmt),
        fmt(entered_on),
    ])?;
    let id = conn.last_insert_rowid();
    write_fields(conn, id, d)?;
    let after = get(conn, id)?;
    changelog::append::<Member, Member>(conn, "member", id, Action::Insert, None, Some(&after))?;
    Ok(id)
}

pub fn update(conn: &Connection, id: i64, d: &MemberDraft) -> Result<()> {
    let before = get(conn, id)?;
    write_fields(conn, id, d)?;
    let after = get(conn, id)?;
    changelog::append(conn, "member", id, Action::Update, Some(&before), Some(&after))
}

/// Archives a member (`Some`) or restores an archived one (`None`).
pub fn set_archive(conn: &Connection, id: i64, archive: Option<&Archive>) -> Result<()> {
    let before = get(conn, id)?;
    conn.prepare_cached("UPDATE member SET archived_on = ?2, archive_reason = ?3, archive_note = ?4 WHERE id = ?1")?
        .execute(params![
            id,
            archive.map(|a| fmt(a.date)),
            archive.map(|a| a.reason.id()),
            archive.map(|a| a.note.trim().to_string()).unwrap_or_default(),
        ])?;
    let after = get(conn, id)?;
    let action = if archive.is_some() { Action::Archive } else { Action::Restore };
    changelog::append(conn, "member", id, action, Some(&before), Some(&after))
}

pub fn count(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row("SELECT count(*) FROM member", [], |r| r.get(0))?)
}

// ---- party groups ----

/// The groups selected by `rest` (a WHERE and ORDER clause), with the day each was entered.
fn groups_sql(rest: &str) -> String {
    format!(
        "SELECT id, name, leader_id, {} FROM party_group {rest}",
        changelog::entered_on_sql("party_group", "party_group.id")
    )
}

fn group_row(r: &rusqlite::Row) -> rusqlite::Result<PartyGroup> {
    // A log time that is no date says nothing (the day is only a hint for the rules).
    let entered: Option<String> = r.get(3)?;
    Ok(PartyGroup {
        id: r.get(0)?,
        name: r.get(1)?,
        leader_id: r.get(2)?,
        entered_on: entered.as_deref().and_then(crate::domain::dates::parse_iso),
    })
}

pub fn list_groups(conn: &Connection) -> Result<Vec<PartyGroup>> {
    let mut st = conn.prepare_cached(&groups_sql("ORDER BY id"))?;
    let rows = st.query_map([], group_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn get_group(conn: &Connection, id: i64) -> Result<PartyGroup> {
    conn.prepare_cached(&groups_sql("WHERE id = ?1"))?
        .query_row([id], group_row)
        .optional()?
        .ok_or(StoreError::NotFound)
}

pub fn insert_group(conn: &Connection, name: &str, leader_id: Option<i64>) -> Result<i64> {
    conn.prepare_cached("INSERT INTO party_group (name, leader_id) VALUES (?1, ?2)")?
        .execute(params![name.trim(), leader_id])?;
    let id = conn.last_insert_rowid();
    let after = get_group(conn, id)?;
    changelog::append::<PartyGroup, PartyGroup>(conn, "party_group", id, Action::Insert, None, Some(&after))?;
    Ok(id)
}

pub fn update_group(conn: &Connection, id: i64, name: &str, leader_id: Option<i64>) -> Result<()> {
    let before = get_group(conn, id)?;
    conn.prepare_cached("UPDATE party_group SET name = ?2, leader_id = ?3 WHERE id = ?1")?.execute(params![
        id,
        name.trim(),
        leader_id
    ])?;
    let after = get_group(conn, id)?;
    changelog::append(conn, "party_group", id, Action::Update, Some(&before), Some(&after))
}

/// Whether a group name is taken by another group than `except`.
pub fn group_name_taken(conn: &Connection, name: &str, except: Option<i64>) -> Result<bool> {
    Ok(conn
        .prepare_cached("SELECT 1 FROM party_group WHERE name = ?1 AND id IS NOT ?2")?
        .exists(params![name.trim(), except])?)
}

/// Deletes a group that no member, meeting or leader refers to (foreign keys refuse otherwise).
pub fn delete_group(conn: &Connection, id: i64) -> Result<()> {
    let before = get_group(conn, id)?;
    conn.prepare_cached("DELETE FROM party_group WHERE id = ?1")?.execute([id])?;
    changelog::append::<PartyGroup, PartyGroup>(conn, "party_group", id, Action::Delete, Some(&before), None)
}

/// Clears the leadership of any group `member` leads.
pub fn release_leadership(conn: &Connection, member: i64) -> Result<()> {
    for g in list_groups(conn)? {
        if g.leader_id == Some(member) {
            update_group(conn, g.id, &g.name, None)?;
        }
    }
    Ok(())
}
