//! The one interface every tab implements, and what a tab may ask of the app.
//!
//! The app keeps what all tabs share (the service, the findings, the overlay, the status line,
//! the language) and hands a tab a [`Cx`] when it loads, draws or takes a key. A tab never
//! reaches into the app: its `update` returns [`Action`]s (open a form, ask a question, reload,
//! show a message, go to a finding) that the app carries out in order.
//!
//! How to add a tab:
//!
//! 1. Write one module `src/tui/tabs/<name>.rs` with a struct implementing [`TabView`]: its
//!    rows, `load`/`unload`, key contexts, `update`, `render`, and `owns` (the findings its title
//!    counts and `Enter` on the 待办 tab goes to). It imports this module and the widgets
//!    (`form`, `table`, `text`, `theme`, `keymap`), never `app` nor another tab.
//! 2. Add one line `Name: module::Type` to the `tabs!` list in `src/tui/tabs/mod.rs`; the
//!    order of the list is the order of the tab bar and of the number keys.
//! 3. Its forms use `FormKind::Tab(KIND, id)` with a name of the tab's own; the app sends the
//!    form's keys, changes and save back to the tab that opened it (`form_msg`,
//!    `form_changed`, `save_form`). A form that edits a stored record says which with
//!    `Form::editing(Record::X(id))`, its save passes `form.seen()` to the service, and
//!    `reopen_form` builds it afresh (after a conflict with another window, `Ctrl-R`).
//! 4. New keys or a new key context go in `keymap.rs` as for any other key.

use std::any::Any;

use chrono::NaiveDate;
use ratatui::Frame;
use ratatui::layout::Rect;

use super::form::Form;
use super::keymap::{Ctx, Msg};
use super::theme::Theme;
use crate::domain::lang::Lang;
use crate::domain::meeting::MeetingKind;
use crate::domain::rules::Finding;
use crate::service::findings::Overdue;
use crate::service::{Record, Service, ServiceError};

/// What a tab is handed: the service (writes go through it), today's findings, the language.
pub struct Cx<'a> {
    pub service: &'a mut Service,
    pub overdue: &'a Overdue,
    pub lang: Lang,
}

impl Cx<'_> {
    pub fn today(&self) -> NaiveDate {
        self.service.today()
    }
}

/// What a tab asks the app to do after a key or a save, carried out in order.
pub enum Action {
    /// Open a form over the tab; its keys and save come back to this tab.
    Form(Box<Form>),
    /// Ask yes/no; on yes the message comes back to this tab.
    Confirm {
        text: String,
        on_yes: Msg,
    },
    /// After a write: recompute the findings and reload the tabs.
    Reload,
    Info(String),
    /// A message in several forms, longest first: the status line shows the longest that fits
    /// beside the counts (the last, cut, when none does).
    InfoForms(Vec<String>),
    Error(ServiceError),
    /// Go to the tab that owns this finding and let it act on it.
    ActOn(Finding),
    /// Go to the tab that opens this record and open it (a planned meeting from the 待办 tab).
    Open(Record),
}

/// Why a form was not saved. Either way the form stays open with what was typed.
pub enum SaveError {
    /// Typed values that do not parse; errors are already beside their fields.
    Invalid,
    Service(ServiceError),
    /// Valid, but unusual enough to ask first (the question, ending in "(y/n)"); on yes the app
    /// saves the form again with `Form::confirmed` set.
    Confirm(String),
}

impl From<ServiceError> for SaveError {
    fn from(e: ServiceError) -> Self {
        SaveError::Service(e)
    }
}

/// One tab: its own state and rows, loaded when shown.
pub trait TabView: Any {
    /// The tab as the program opens, showing `year` where it has a year.
    fn create(year: i32) -> Self
    where
        Self: Sized;

    fn title(&self, lang: Lang) -> &'static str;

    /// The findings that belong here: the overdue ones are counted in the title, and `Enter` on
    /// one in the 待办 tab goes to the first other tab that owns it.
    fn owns(&self, finding: &Finding) -> bool;

    /// Reads the tab's rows (on first show, after a write, after a year change).
    fn load(&mut self, cx: &Cx) -> Result<(), ServiceError>;

    /// Drops the rows when the tab is left; `false` if it keeps them (it is then not reloaded
    /// when shown again unless something was written).
    fn unload(&mut self) -> bool;

    /// The key contexts in force on this tab, most specific first.
    fn contexts(&self) -> Vec<Ctx>;

    fn update(&mut self, msg: Msg, cx: &mut Cx) -> Vec<Action>;

    fn render(&mut self, f: &mut Frame, area: Rect, theme: &Theme, cx: &Cx);

    /// Whether Enter on this finding (待办) may come to this tab: the findings it owns, and
    /// others whose next step is kept here (without counting them in the tab's title).
    fn takes(&self, finding: &Finding) -> bool {
        self.owns(finding)
    }

    /// Shows what a finding from the 待办 tab is about (the app has already switched here).
    fn act_on(&mut self, _finding: &Finding, _cx: &mut Cx) -> Vec<Action> {
        Vec::new()
    }

    /// Whether this tab opens the record (`Action::Open` from another tab goes to the first
    /// that does).
    fn opens(&self, _record: Record) -> bool {
        false
    }

    /// Opens a record of this tab's (the app has already switched here).
    fn open_record(&mut self, _record: Record, _cx: &mut Cx) -> Vec<Action> {
        Vec::new()
    }

    /// Keeps one of this tab's forms consistent after any change.
    fn form_changed(&mut self, _form: &mut Form, _cx: &mut Cx) -> Result<(), ServiceError> {
        Ok(())
    }

    /// A key in one of this tab's forms that the form itself does not take.
    fn form_msg(&mut self, _form: &mut Form, _msg: Msg, _cx: &mut Cx) {}

    /// One of this tab's forms built afresh from the file for the same record (`Ctrl-R` after
    /// another window saved it); `None` when the form edits nothing stored.
    fn reopen_form(&mut self, _form: &Form, _cx: &mut Cx) -> Option<Result<Form, ServiceError>> {
        None
    }

    /// The stored record the selection shows, by change-log table and row id: `l` opens its
    /// history. `None` where nothing with a history is selected.
    fn selected_record(&self) -> Option<(&'static str, i64)> {
        None
    }

    /// Saves one of this tab's forms; on success the form closes and the actions run.
    fn save_form(&mut self, form: &mut Form, cx: &mut Cx) -> Result<Vec<Action>, SaveError>;
}

/// A failed load as actions (nothing when it worked).
pub fn report(loaded: Result<(), ServiceError>) -> Vec<Action> {
    match loaded {
        Ok(()) => Vec::new(),
        Err(e) => vec![Action::Error(e)],
    }
}

/// The contexts of a tab that is one table: typing a filter, else the tab's own keys.
pub fn table_contexts(filtering: bool, own: &[Ctx]) -> Vec<Ctx> {
    if filtering { vec![Ctx::Filter] } else { own.to_vec() }
}

/// The year after `[` or `]`, kept within the years a date field accepts.
pub fn step_year(year: i32, msg: &Msg) -> i32 {
    let next = if *msg == Msg::PrevYear { year - 1 } else { year + 1 };
    next.clamp(1900, 2199)
}

/// Table and detail pane: side by side on a wide screen, one above the other on a narrow one.
pub fn split_detail(area: Rect) -> (Rect, Rect) {
    if area.width >= 150 {
        let dw = 50.min(area.width / 3);
        (Rect { width: area.width - dw, ..area }, Rect { x: area.x + area.width - dw, width: dw, ..area })
    } else {
        let dh = (area.height / 3).clamp(5, 9).min(area.height.saturating_sub(5));
        (Rect { height: area.height - dh, ..area }, Rect { y: area.y + area.height - dh, height: dh, ..area })
    }
}

/// Kinds joined for a narrow cell: `党日+大会`.
pub fn kinds_short(kinds: &[MeetingKind], lang: Lang) -> String {
    kinds.iter().map(|k| k.short(lang)).collect::<Vec<_>>().join("+")
}

/// The branch's own order of its party groups, the order the groups dialog (`z`) and the
/// member form list them: a 党小组 column sorts by a group's place in it (第一, 第二, 第三),
/// not by its name's code points (第一, 第三, 第二). A row in no group comes first, as
/// （未分组） does in the member form.
#[derive(Default)]
pub struct GroupOrder(std::collections::HashMap<String, i64>);

impl GroupOrder {
    /// The groups as the service lists them; none (an unreadable list) sorts all rows alike.
    pub fn of(service: &Service) -> GroupOrder {
        let groups = service.groups().unwrap_or_default();
        GroupOrder(groups.into_iter().enumerate().map(|(n, g)| (g.name, n as i64)).collect())
    }

    /// The sort key of a row in the group named `name` (`None` or empty: in none). A name not
    /// among the groups (none such is stored) sorts after them all.
    pub fn place(&self, name: Option<&str>) -> i64 {
        match name.filter(|n| !n.is_empty()) {
            None => -1,
            Some(n) => self.0.get(n).copied().unwrap_or(self.0.len() as i64),
        }
    }
}
