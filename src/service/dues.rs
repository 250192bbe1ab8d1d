//! 党费: the month grid, collection day, yearly calibration, profiles and the yearly
//! publication (the 党费 tab and `zhibu report dues`).

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use super::{Result, Service, ServiceError};
use crate::domain::dues::{
    Calibration, CalibrationInput, Cell, DuesCategory, DuesProfile, DuesSchedule, Fen, Lapse, Ledger, MonthStatus,
    Paid, PaidMonth, PaymentDraft, Publication, ReliefKind, Warning, Ym, calibrate, check_payment, check_relief,
    dues_span, first_unpaid, unpaid_run,
};
use crate::domain::member::Member;
use crate::domain::rules::{Finding, RuleId, Subject};
use crate::domain::validation::{Errors, FieldError, Problem};
use crate::store::dues as db;

/// Field errors by row (the index of the input).
pub type RowErrors = Vec<(usize, Vec<FieldError>)>;

/// One member's row of the month grid.
#[derive(Clone, Debug, Serialize)]
pub struct DuesRow {
    pub member_id: i64,
    pub number: String,
    pub name: String,
    pub category: DuesCategory,
    pub schedule: DuesSchedule,
    pub relief: Option<ReliefKind>,
    /// The calibrated monthly amount in force for the year.
    pub monthly: Option<Fen>,
    pub cells: Vec<Cell>,
    /// Paid for the year's months (dues only).
    pub paid: Fen,
    /// Voluntary extra paid with the year's months.
    pub extra: Fen,
    /// What the months in the branch ask for (exempt months nothing).
    pub due: Fen,
}

/// The month grid of a year: members down, months across, totals at the edges.
#[derive(Clone, Debug, Serialize)]
pub struct DuesYear {
    pub year: i32,
    pub rows: Vec<DuesRow>,
    pub month_paid: Vec<Fen>,
    pub month_due: Vec<Fen>,
    pub paid: Fen,
    pub extra: Fen,
    pub due: Fen,
    pub publication: Option<Publication>,
}

/// One member on the collection-day screen.
#[derive(Clone, Debug, Serialize)]
pub struct CollectionLine {
    pub member_id: i64,
    pub number: String,
    pub name: String,
    /// The months this collection covers for the member: the month, or for a quarterly payer the
    /// quarter (from the month the member's dues began, if later).
    pub first: Ym,
    pub months: u32,
    /// The calibrated amount for those months together.
    pub amount: Option<Fen>,
    /// An earlier payment for one of those months.
    pub already: Option<Paid>,
    pub quarterly: bool,
    pub reduced: bool,
}

/// One member on the yearly calibration screen.
#[derive(Clone, Debug, Serialize)]
pub struct CalibrationLine {
    pub member_id: i64,
    pub number: String,
    pub name: String,
    pub category: DuesCategory,
    /// This year's calibration, if made.
    pub current: Option<Calibration>,
    /// The latest earlier one (its base prefills this year's).
    pub previous: Option<Calibration>,
    pub relief: Option<ReliefKind>,
}

impl CalibrationLine {
    /// The base to show: this year's, else last year's.
    pub fn base_prefill(&self) -> Option<Fen> {
        self.current.as_ref().or(self.previous.as_ref()).and_then(|c| c.base)
    }
}

/// The two six-month rules for one member, side by side (党章第九条).
#[derive(Clone, Debug, Serialize)]
pub struct SixMonth {
    pub last_org_life: Option<NaiveDate>,
    pub org_life: Option<Finding>,
    pub last_paid: Option<Ym>,
    pub unpaid_run: Option<Lapse>,
    pub dues: Option<Finding>,
}

/// Whether a member belonged to the branch in `year`.
fn in_year(m: &Member, year: i32) -> bool {
    let (s, e) = dues_span(m);
    s <= Ym::new(year, 12) && e.is_none_or(|e| e >= Ym::new(year, 1))
}

impl Service {
    /// Everything about dues for the years `from..=to`.
    pub fn dues_ledger(&self, from: i32, to: i32) -> Result<Ledger> {
        Ok(db::ledger(self.store().conn(), from, to)?)
    }

    /// One member's twelve months of `year`, as in the grid, read from the member's own rows
    /// (not the whole branch's); `None` while the file keeps no dues.
    pub fn dues_cells_of(&self, m: &Member, year: i32) -> Result<Option<Vec<Cell>>> {
        let Some(ledger) = self.member_ledger(m, year, year)? else { return Ok(None) };
        Ok(Some(ledger.year_cells(m, year, self.today(), &self.settings().dues)))
    }

    /// The months a back payment for the member pays first: the first unpaid month (as the grid
    /// and the `dues` finding see it) and the unpaid months that follow it; `None` when nothing
    /// is owed. The payment form starts there.
    pub fn first_unpaid(&self, member_id: i64) -> Result<Option<(Ym, u32)>> {
        let m = self.member(member_id)?;
        let today = self.today();
        let Some(ledger) = self.member_ledger(&m, today.year() - 1, today.year())? else { return Ok(None) };
        Ok(first_unpaid(&ledger, &m, today, &self.settings().dues))
    }

    /// What the cells of one member's months in `from..=to` read of the ledger (the member's
    /// profile, calibrations and payments), from the member's own rows; `None` while the file
    /// keeps no dues.
    fn member_ledger(&self, m: &Member, from: i32, to: i32) -> Result<Option<Ledger>> {
        let conn = self.store().conn();
        let first_record = db::first_record(conn)?;
        if first_record.is_none() {
            return Ok(None);
        }
        let paid: Vec<Paid> = db::payments_of(conn, m.id)?
            .into_iter()
            .filter(|p| (from..=to).contains(&p.month.year))
            .map(|p| Paid { id: p.id, month: p.month, amount: p.amount, extra: p.extra, paid_on: p.paid_on })
            .collect();
        Ok(Some(Ledger {
            profiles: db::profile(conn, m.id)?.into_iter().map(|p| (m.id, p)).collect(),
            calibrations: db::calibrations_of(conn, m.id, from - 5, to)?
                .into_iter()
                .map(|c| ((c.member_id, c.year), c))
                .collect(),
            paid: std::iter::once((m.id, paid)).collect(),
            // The rows themselves are here: no masks needed.
            paid_masks: Default::default(),
            publications: Vec::new(),
            first_record,
            disposed: Default::default(),
        }))
    }

    /// The month grid of `year`: every member who belonged to the branch in it.
    pub fn dues_year(&self, year: i32) -> Result<DuesYear> {
        let mut rows = Vec::new();
        let mut y = self.dues_year_each(year, |r| rows.push(r))?;
        rows.sort_by(|a, b| a.number.cmp(&b.number));
        y.rows = rows;
        Ok(y)
    }

    /// How many rows [`Service::dues_year_each`] gives for `year`: a view can make room for
    /// them at once instead of growing its list by doubling.
    pub fn dues_year_len(&self, year: i32) -> Result<usize> {
        Ok(self.member_list()?.iter().filter(|m| in_year(m, year)).count())
    }

    /// The month grid of `year` one row at a time, in member-id order (callers sort them), for
    /// a view that keeps less than the whole rows of a large branch: the totals come back with
    /// no rows.
    pub fn dues_year_each(&self, year: i32, mut each: impl FnMut(DuesRow)) -> Result<DuesYear> {
        let conn = self.store().conn();
        // One member's payment rows at a time (a large branch's year is 120,000 rows), read
        // in one pass in member-id order.
        let mut ledger = db::ledger_without_payments(conn, year, year)?;
        let mut st = db::YearPayments::statement(conn)?;
        let mut payments = db::YearPayments::new(&mut st, year)?;
        let today = self.today();
        let s = &self.settings().dues;
        let (mut month_paid, mut month_due) = (vec![0; 12], vec![0; 12]);
        let (mut total_paid, mut total_extra, mut total_due) = (0, 0, 0);
        let members = self.member_list()?;
        let mut by_id: Vec<&Member> = members.iter().filter(|m| in_year(m, year)).collect();
        by_id.sort_unstable_by_key(|m| m.id);
        for m in by_id {
            // The ledger holds this member's rows only (the last member's buffer, reused).
            let mut rows = ledger.paid.drain().next().map(|(_, v)| v).unwrap_or_default();
            payments.of(m.id, &mut rows)?;
            ledger.paid.insert(m.id, rows);
            let profile = ledger.profiles.get(&m.id);
            let monthly = ledger.calibration(m.id, year).map(|c| c.monthly);
            let cells = ledger.year_cells(m, year, today, s);
            let mut due = 0;
            for (i, c) in cells.iter().enumerate() {
                month_paid[i] += c.paid;
                if c.status.is_some() {
                    month_due[i] += c.due.unwrap_or(0);
                    due += c.due.unwrap_or(0);
                }
            }
            let paid = cells.iter().map(|c| c.paid).sum();
            let extra = ledger.paid_of(m.id).iter().filter(|p| p.month.year == year).map(|p| p.extra).sum();
            total_paid += paid;
            total_extra += extra;
            total_due += due;
            each(DuesRow {
                member_id: m.id,
                number: m.number.to_string(),
                name: m.draft.name.to_string(),
                category: profile.map_or(DuesCategory::Employed, |p| p.category),
                schedule: profile.map_or(DuesSchedule::Monthly, |p| p.schedule),
                relief: profile
                    .and_then(|p| p.relief.as_ref())
                    .filter(|r| Ym::new(year, 1).span(12).any(|y| r.covers(y)))
                    .map(|r| r.kind),
                monthly,
                cells,
                paid,
                extra,
                due,
            });
        }
        Ok(DuesYear {
            year,
            paid: total_paid,
            extra: total_extra,
            due: total_due,
            rows: Vec::new(),
            month_paid,
            month_due,
            publication: ledger.publications.into_iter().find(|p| p.year == year),
        })
    }

    /// Collection day for month `ym`: everyone who pays in that month (monthly payers; quarterly
    /// payers in the quarter's last month), not exempt, with the calibrated amount.
    pub fn collection(&self, ym: Ym) -> Result<Vec<CollectionLine>> {
        let ledger = self.dues_ledger(ym.year, ym.year)?;
        let mut out = Vec::new();
        let members = self.member_list()?;
        for m in members.iter().filter(|m| in_year(m, ym.year)) {
            let (start, end) = dues_span(m);
            if ym < start || end.is_some_and(|e| ym > e) {
                continue;
            }
            let profile = ledger.profile(m.id);
            let relief = profile.relief_in(ym);
            if relief == Some(ReliefKind::Exempt) {
                continue;
            }
            let quarterly = profile.quarterly_in(ym);
            let (first, months) = if quarterly {
                if ym != ym.quarter_end() {
                    continue;
                }
                let q = Ym::new(ym.year, ym.month - 2).max(start);
                (q, q.span(3).filter(|x| *x <= ym).count() as u32)
            } else {
                (ym, 1)
            };
            let monthly = ledger.calibration(m.id, ym.year).map(|c| c.monthly);
            let already = ledger.paid_of(m.id).iter().find(|p| p.month >= first && p.month <= ym).copied();
            out.push(CollectionLine {
                member_id: m.id,
                number: m.number.to_string(),
                name: m.draft.name.to_string(),
                first,
                months,
                amount: monthly.map(|a| a * i64::from(months)),
                already,
                quarterly,
                reduced: relief == Some(ReliefKind::Reduced),
            });
        }
        out.sort_by(|a, b| a.number.cmp(&b.number));
        Ok(out)
    }

    /// Checks a payment: `Invalid` for what is refused, warnings for what needs a second look
    /// (a month paid twice, a back payment beyond six months).
    pub fn check_payment(&self, d: &PaymentDraft) -> Result<Vec<Warning>> {
        let m = self.member(d.member_id)?;
        let profile = self.dues_profile(d.member_id)?;
        let earlier = db::payments_of(self.store().conn(), d.member_id)?;
        Ok(check_payment(d, &m, &profile, &earlier, self.today(), &self.settings().dues)?)
    }

    /// Records payments in one transaction (a collection day): all or nothing. Each is checked
    /// again; warnings were shown before and do not stop it.
    pub fn record_payments(&mut self, drafts: &[PaymentDraft]) -> Result<usize> {
        let members = self.member_list()?;
        let profiles = db::profiles(self.store().conn())?;
        let today = self.today();
        let s = self.settings().dues.clone();
        let mut rows = Vec::new();
        for d in drafts {
            let m = members.iter().find(|m| m.id == d.member_id).ok_or(ServiceError::NotFound)?;
            let profile = profiles.get(&d.member_id).cloned().unwrap_or_else(|| DuesProfile::default_for(d.member_id));
            check_payment(d, m, &profile, &[], today, &s)?;
            rows.extend(d.rows());
        }
        let n = rows.len();
        self.store_mut().write(|tx| db::insert_payments(tx, &rows))?;
        Ok(n)
    }

    /// Removes one wrongly entered payment row.
    pub fn delete_payment(&mut self, id: i64) -> Result<()> {
        Ok(self.store_mut().write(|tx| db::delete_payment(tx, id))?)
    }

    /// A member's payment rows, in month order.
    pub fn payments_of(&self, member_id: i64) -> Result<Vec<PaidMonth>> {
        Ok(db::payments_of(self.store().conn(), member_id)?)
    }

    pub fn dues_profile(&self, member_id: i64) -> Result<DuesProfile> {
        Ok(db::profile(self.store().conn(), member_id)?.unwrap_or_else(|| DuesProfile::default_for(member_id)))
    }

    pub fn save_dues_profile(&mut self, p: &DuesProfile) -> Result<()> {
        self.member(p.member_id)?;
        let mut e = Errors::default();
        if p.schedule == DuesSchedule::Quarterly && p.quarterly_since.is_none() {
            e.rule(
                "quarterly_since",
                "按季交纳须填写支部同意的日期",
                "quarterly payment needs the branch's consent date",
            );
        }
        if p.quarterly_since.is_some_and(|d| d > self.today()) {
            e.add("quarterly_since", Problem::AfterToday);
        }
        e.finish()?;
        if let Some(r) = &p.relief {
            check_relief(r, self.today())?;
        }
        Ok(self.store_mut().write(|tx| db::save_profile(tx, p))?)
    }

    /// The yearly calibration screen: every member in the branch that year, with last year's
    /// calibration to prefill from.
    pub fn calibration_sheet(&self, year: i32) -> Result<Vec<CalibrationLine>> {
        let ledger = self.dues_ledger(year, year)?;
        let members = self.member_list()?;
        let mut out: Vec<CalibrationLine> = members
            .iter()
            .filter(|m| in_year(m, year))
            .filter(|m| m.branch_end().is_none_or(|e| e >= self.today().min(crate::domain::dates::year_end(year))))
            .map(|m| {
                let profile = ledger.profile(m.id);
                let current = ledger.calibrations.get(&(m.id, year)).cloned();
                let previous = ledger.calibration(m.id, year - 1).cloned();
                CalibrationLine {
                    member_id: m.id,
                    number: m.number.to_string(),
                    name: m.draft.name.to_string(),
                    category: current.as_ref().map_or(profile.category, |c| c.category),
                    current,
                    previous,
                    relief: profile
                        .relief
                        .as_ref()
                        .filter(|r| Ym::new(year, 1).span(12).any(|y| r.covers(y)))
                        .map(|r| r.kind),
                }
            })
            .collect();
        out.sort_by(|a, b| a.number.cmp(&b.number));
        Ok(out)
    }

    /// Checks typed calibrations; the errors are listed by their index in `inputs`.
    pub fn check_calibrations(
        &self,
        inputs: &[CalibrationInput],
    ) -> Result<std::result::Result<Vec<Calibration>, RowErrors>> {
        let profiles = db::profiles(self.store().conn())?;
        let rounding = self.settings().dues.rounding;
        let mut ok = Vec::new();
        let mut bad = Vec::new();
        for (i, input) in inputs.iter().enumerate() {
            let p =
                profiles.get(&input.member_id).cloned().unwrap_or_else(|| DuesProfile::default_for(input.member_id));
            let mut r = calibrate(input, &p, rounding);
            if input.calibrated_on > self.today() {
                r = Err(vec![FieldError::new("calibrated_on", Problem::AfterToday)]);
            }
            match r {
                Ok(c) => ok.push(c),
                Err(e) => bad.push((i, e)),
            }
        }
        Ok(if bad.is_empty() { Ok(ok) } else { Err(bad) })
    }

    /// Saves a year's calibrations at once (one transaction); nothing is saved if any is wrong.
    /// The category typed is kept on the member's profile too.
    pub fn save_calibrations(&mut self, inputs: &[CalibrationInput]) -> Result<usize> {
        let list = match self.check_calibrations(inputs)? {
            Ok(list) => list,
            Err(bad) => return Err(ServiceError::Invalid(bad.into_iter().flat_map(|(_, e)| e).collect())),
        };
        let profiles = db::profiles(self.store().conn())?;
        self.store_mut()
            .write(|tx| {
                for c in &list {
                    let mut p =
                        profiles.get(&c.member_id).cloned().unwrap_or_else(|| DuesProfile::default_for(c.member_id));
                    if p.category != c.category || !profiles.contains_key(&c.member_id) {
                        p.category = c.category;
                        db::save_profile(tx, &p)?;
                    }
                }
                db::save_calibrations(tx, &list)
            })
            .map_err(Into::into)
    }

    /// Records the year's 党费收缴使用公布.
    pub fn publish_dues(&mut self, p: &Publication) -> Result<()> {
        let mut e = Errors::default();
        e.text("note", &p.note, false, 200);
        if p.published_on > self.today() {
            e.add("published_on", Problem::AfterToday);
        }
        e.finish()?;
        Ok(self.store_mut().write(|tx| db::save_publication(tx, p))?)
    }

    /// The six-month rules of one member: organisational life and dues, with their findings.
    pub fn six_month(&self, member_id: i64) -> Result<SixMonth> {
        let today = self.today();
        let conn = self.store().conn();
        let window = crate::domain::rules::org_life_window_start(today);
        let last_org_life = crate::store::member_year::last_org_life(conn, window)?.get(&member_id).copied();
        let overdue = self.overdue()?;
        let find = |rule: RuleId| {
            overdue.findings.iter().find(|f| f.rule == rule && f.subject == Subject::Member(member_id)).cloned()
        };
        let ledger = self.dues_ledger(today.year() - 1, today.year())?;
        let m = self.recorded_members()?.iter().find(|m| m.id == member_id).cloned().ok_or(ServiceError::NotFound)?;
        let from = Ym::new(today.year() - 1, 1);
        let last_paid = ledger
            .paid_of(member_id)
            .iter()
            .rev()
            .find(|p| ledger.cell(&m, p.month, today, &self.settings().dues).status.is_some_and(MonthStatus::is_paid))
            .map(|p| p.month);
        Ok(SixMonth {
            last_org_life,
            org_life: find(RuleId::OrgLifeLapse),
            last_paid,
            unpaid_run: if ledger.first_record.is_some() {
                unpaid_run(&ledger, &m, from.max(ledger.first_record.unwrap_or(from)), today, &self.settings().dues)
            } else {
                None
            },
            dues: find(RuleId::DuesLapse),
        })
    }

    /// The dues findings alone (the rules' share of [`Service::overdue`]).
    pub fn dues_findings(&self) -> Result<Vec<Finding>> {
        let today = self.today();
        let ledger = db::rules_ledger(self.store().conn(), today.year() - 1, today.year())?;
        let mut out = Vec::new();
        crate::domain::dues::findings(&self.recorded_members()?, &ledger, today, self.settings(), &mut out);
        Ok(out)
    }

    /// The year a dues view opens on.
    pub fn dues_this_year(&self) -> i32 {
        self.today().year()
    }
}
