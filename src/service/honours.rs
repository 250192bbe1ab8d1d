//! 光荣在党50年: the year's list and the dated note that it was reported (`zhibu report honours`,
//! the reminder on the 待办 tab and its form).

use serde::Serialize;

use super::{Result, Service};
use crate::domain::era::standing_from;
use crate::domain::honours::{HonoursReport, eligible, validate_report};
use crate::domain::member::Member;
use crate::store::honours as db;

/// One member of a year's list.
#[derive(Clone, Debug, Serialize)]
pub struct HonoursRow {
    pub member_id: i64,
    pub number: String,
    pub name: String,
    pub group: Option<String>,
    pub admission_date: chrono::NaiveDate,
    /// The day 党龄 counts from (the admission where the era had no probation).
    pub standing_from: chrono::NaiveDate,
}

/// A year's list, with its report note if one is recorded.
#[derive(Clone, Debug, Serialize)]
pub struct HonoursList {
    pub year: i32,
    pub rows: Vec<HonoursRow>,
    pub report: Option<HonoursReport>,
}

impl Service {
    /// The members whose 党龄 reaches 50 in `year`, in the branch on 七一 (or today, if earlier).
    pub fn honours(&self, year: i32) -> Result<HonoursList> {
        let members = self.member_list()?;
        let groups = self.groups()?;
        let group =
            |m: &Member| m.draft.group_id.and_then(|g| groups.iter().find(|x| x.id == g)).map(|g| g.name.clone());
        let rows = eligible(&members, year, self.today())
            .into_iter()
            .filter_map(|m| {
                Some(HonoursRow {
                    member_id: m.id,
                    number: m.number.to_string(),
                    name: m.draft.name.to_string(),
                    group: group(m),
                    admission_date: m.draft.admission_date,
                    standing_from: standing_from(&m.draft)?,
                })
            })
            .collect();
        Ok(HonoursList { year, rows, report: db::get(self.store().conn(), year)? })
    }

    /// Records the date the year's list was reported; the reminder stops.
    pub fn save_honours_report(&mut self, r: &HonoursReport) -> Result<()> {
        validate_report(r, self.today())?;
        let r = HonoursReport { note: r.note.trim().to_string(), ..r.clone() };
        Ok(self.store_mut().write(|tx| db::save(tx, &r))?)
    }

    /// Removes a year's report note (recorded by mistake): the reminder returns while it applies.
    pub fn delete_honours_report(&mut self, year: i32) -> Result<()> {
        Ok(self.store_mut().write(|tx| db::delete(tx, year))?)
    }
}
