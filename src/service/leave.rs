//! Standing leave on a member, and the standing reasons that pre-mark rosters.

use super::{Result, Service};
use crate::domain::leave::{StandingLeave, StandingReason, validate_leave};
use crate::store::leave as db;

impl Service {
    /// A member's latest standing leave, shown and edited with the member.
    pub fn standing_leave(&self, member_id: i64) -> Result<Option<StandingLeave>> {
        Ok(db::latest(self.store().conn(), member_id)?.map(|(_, l)| l))
    }

    /// Sets (or with `None` removes) a member's latest standing leave.
    pub fn save_standing_leave(&mut self, member_id: i64, leave: Option<&StandingLeave>) -> Result<()> {
        let leave = leave.map(|l| StandingLeave { member_id, reason: l.reason.trim().to_string(), ..l.clone() });
        if let Some(l) = &leave {
            validate_leave(l)?;
        }
        Ok(self.store_mut().write(|tx| db::set_latest(tx, member_id, leave.as_ref()))?)
    }

    /// Why members are pre-marked on rosters: every standing leave, then every absence of a
    /// member away (外出); a standing leave wins where both cover a day.
    pub fn standing_reasons(&self) -> Result<Vec<StandingReason>> {
        let mut v: Vec<StandingReason> =
            db::list(self.store().conn())?.iter().map(|(_, l)| StandingReason::from(l)).collect();
        v.extend(self.mobile_reasons()?);
        Ok(v)
    }
}
