//! Incoming mobile members (外来流动党员; 中办发〔2006〕21号 流动党员意见 二（二）1、2、4): the
//! register on the 流动 tab, the guests a meeting lists, and what each attended in a year, for
//! the certificate and the home branch (C7). No finding: the documents give no period.

use crate::domain::ids::IdMap;

use chrono::NaiveDate;
use serde::Serialize;

use super::{Record, Result, Service, Version};
use crate::domain::dates::{year_end, year_start};
use crate::domain::incoming::{Incoming, IncomingDraft, guests_for, validate_incoming};
use crate::domain::meeting::MeetingKind;
use crate::store::incoming as db;

/// One incoming member with the held meetings attended in a year (as a guest, not marked absent).
#[derive(Clone, Debug, Serialize)]
pub struct IncomingRow {
    pub incoming: Incoming,
    /// The group's name; empty: the whole branch.
    pub group: String,
    /// The days of the meetings attended in the year, in order.
    pub attended: Vec<NaiveDate>,
}

impl Service {
    /// Every incoming member, by arrival.
    pub fn incoming_members(&self) -> Result<Vec<Incoming>> {
        Ok(db::all(self.store().conn())?)
    }

    /// An incoming member with its version (for the edit form).
    pub fn incoming(&self, id: i64) -> Result<(Incoming, Version)> {
        let v = self.version(Record::Incoming(id))?;
        Ok((db::get(self.store().conn(), id)?, v))
    }

    /// The 流入 view's rows: those still here (or with `all` every one), the latest arrival
    /// first, with the meetings attended in `year`.
    pub fn incoming_rows(&self, all: bool, year: i32) -> Result<Vec<IncomingRow>> {
        let today = self.today();
        let mut rows: Vec<IncomingRow> = self
            .incoming_with_attendance(year)?
            .into_iter()
            .filter(|r| all || r.incoming.draft.left_on.is_none_or(|l| l > today))
            .collect();
        rows.sort_by(|a, b| {
            let gone = |r: &IncomingRow| r.incoming.draft.left_on.is_some_and(|l| l <= today);
            (gone(a), std::cmp::Reverse(a.incoming.draft.arrived_on), a.incoming.id).cmp(&(
                gone(b),
                std::cmp::Reverse(b.incoming.draft.arrived_on),
                b.incoming.id,
            ))
        });
        Ok(rows)
    }

    /// The feedback for the home branches (C7): every incoming member here on some day of
    /// `year`, by arrival, with the meetings attended that year.
    pub fn incoming_year(&self, year: i32) -> Result<Vec<IncomingRow>> {
        Ok(self.incoming_with_attendance(year)?.into_iter().filter(|r| r.incoming.draft.here_in(year)).collect())
    }

    fn incoming_with_attendance(&self, year: i32) -> Result<Vec<IncomingRow>> {
        let conn = self.store().conn();
        let groups: IdMap<i64, String> = self.groups()?.into_iter().map(|g| (g.id, g.name)).collect();
        let mut attended: IdMap<i64, Vec<NaiveDate>> = IdMap::default();
        for a in db::attended_between(conn, year_start(year), year_end(year))? {
            if !a.absent {
                let days = attended.entry(a.incoming_id).or_default();
                days.push(a.date);
            }
        }
        Ok(db::all(conn)?
            .into_iter()
            .map(|i| IncomingRow {
                group: i.draft.group_id.and_then(|g| groups.get(&g).cloned()).unwrap_or_default(),
                attended: attended.remove(&i.id).unwrap_or_default(),
                incoming: i,
            })
            .collect())
    }

    /// The incoming members a meeting of `kinds` on `date` lists as guests (C6): those here on
    /// that day; for a group meeting only those placed in the group.
    pub fn incoming_guests(&self, kinds: &[MeetingKind], group: Option<i64>, date: NaiveDate) -> Result<Vec<Incoming>> {
        let all = db::all(self.store().conn())?;
        Ok(guests_for(&all, kinds, group, date).into_iter().cloned().collect())
    }

    /// Saves an incoming member (new when `edit` is None), refusing bad input beside its field:
    /// an empty name or home branch, leaving before arriving, a certificate number used twice.
    pub fn save_incoming(&mut self, edit: Option<(i64, Version)>, d: &IncomingDraft) -> Result<i64> {
        let id = edit.map(|(id, _)| id);
        let cert_taken = d.has_cert() && db::cert_holder(self.store().conn(), &d.cert_no, id)?.is_some();
        validate_incoming(d, cert_taken, self.today())?;
        Ok(self.store_mut().write(|tx| {
            if let Some((id, seen)) = edit {
                crate::store::expect_version(tx, Record::Incoming(id), seen)?;
            }
            db::save(tx, id, d)
        })?)
    }

    /// Deletes an incoming member; the meetings keep them as guests by name, each logged as
    /// changed in the same write (one undo step puts the member and the links back).
    pub fn delete_incoming(&mut self, id: i64) -> Result<()> {
        Ok(self.store_mut().write(|tx| db::delete(tx, id))?)
    }
}
