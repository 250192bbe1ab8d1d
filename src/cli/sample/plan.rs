//! The demo branch's plan for the rest of its year: the required meetings of the periods still
//! open on the sample's date, as planned meetings, so that what is coming shows.

use chrono::{Datelike, NaiveDate};

use crate::service::{Result, Service};

pub fn add(service: &mut Service, as_of: NaiveDate) -> Result<()> {
    service.save_year_plan(as_of.year())?;
    Ok(())
}
