//! The app model and its update: the only place that calls the service.

use chrono::NaiveDate;
use ratatui::crossterm::event::KeyEvent;

use super::form::{Form, FormKind};
use super::keymap::{self, Ctx, Msg};
use super::tabs::dashboard::DashboardTab;
use super::tabs::groups::GroupsDialog;
use super::tabs::meetings::MeetingsTab;
use super::tabs::members::MembersTab;
use super::tabs::study::{ActivityPopup, StudyTab};
use super::theme::Theme;
use crate::domain::lang::Lang;
use crate::domain::rules::{RuleId, Severity, Subject};
use crate::service::findings::Overdue;
use crate::service::{Service, ServiceError};

/// The tabs, in the order of the tab bar; only tabs that work are listed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tab {
    Dashboard,
    Members,
    Meetings,
    Study,
}

impl Tab {
    pub const ALL: &'static [Tab] = &[Tab::Dashboard, Tab::Members, Tab::Meetings, Tab::Study];

    pub fn title(self, lang: Lang) -> &'static str {
        match self {
            Tab::Dashboard => lang.pick("待办", "To do"),
            Tab::Members => lang.pick("党员", "Members"),
            Tab::Meetings => lang.pick("三会一课", "Meetings"),
            Tab::Study => lang.pick("学习", "Study"),
        }
    }
}

/// A yes/no question. On yes, `on_yes` runs after `back` is restored.
pub struct Confirm {
    pub text: String,
    pub on_yes: Msg,
    pub back: Box<Overlay>,
}

/// At most one modal at a time.
pub enum Overlay {
    None,
    Form(Box<Form>),
    Confirm(Confirm),
    Help {
        scroll: u16,
    },
    Groups(Box<GroupsDialog>),
    /// A member's study activities.
    Popup(Box<ActivityPopup>),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StatusKind {
    Info,
    Error,
}

#[derive(Clone, Debug)]
pub struct Status {
    pub text: String,
    pub kind: StatusKind,
}

pub struct App {
    pub service: Service,
    pub lang: Lang,
    pub theme: Theme,
    /// `--ascii` (Some(true)) or `--no-ascii` (Some(false)): wins over the setting and the console.
    ascii_flag: Option<bool>,
    /// Started in the legacy Windows console, which draws box lines two cells wide.
    legacy_console: bool,
    pub tab: Tab,
    /// Every finding as of today; recomputed on every reload.
    pub overdue: Overdue,
    pub dashboard: DashboardTab,
    pub members: MembersTab,
    pub meetings: MeetingsTab,
    pub study: StudyTab,
    pub overlay: Overlay,
    pub status: Option<Status>,
    pub quit: bool,
    /// Tabs whose rows are out of date since the last write (loaded when next shown).
    stale: Vec<Tab>,
}

impl App {
    pub fn new(service: Service, lang: Lang, mono: bool, ascii: bool) -> App {
        let theme = Theme::new(mono, ascii || service.settings().ascii_borders);
        let ascii_flag = ascii.then_some(true);
        let year = service.this_year();
        let mut app = App {
            service,
            lang,
            theme,
            ascii_flag,
            legacy_console: false,
            tab: Tab::Dashboard,
            overdue: Overdue::default(),
            dashboard: DashboardTab::new(year),
            members: MembersTab::new(),
            meetings: MeetingsTab::new(year),
            study: StudyTab::new(year),
            overlay: Overlay::None,
            status: None,
            quit: false,
            stale: Vec::new(),
        };
        // A new database opens on the first-run screen.
        if app.service.member_count().unwrap_or(0) == 0 {
            app.tab = Tab::Members;
        }
        app.reload();
        app
    }

    pub fn today(&self) -> NaiveDate {
        self.service.today()
    }

    /// Reloads every tab's rows from the database.
    /// Reloads every tab (after a write: findings may change anywhere). Views that change only
    /// themselves (a year, a toggle) load just their own tab.
    ///
    /// The findings are recomputed at once (every tab title counts them); the current tab is
    /// loaded now and the others when they are next shown.
    pub fn reload(&mut self) {
        self.service.refresh();
        match self.service.overdue() {
            Ok(o) => self.overdue = o,
            Err(e) => self.error(&e),
        }
        self.stale = Tab::ALL.to_vec();
        self.show(self.tab);
    }

    /// Switches to a tab, loading it first if it is out of date. The tab left behind drops its
    /// rows (a large branch has thousands per tab) and loads again when next shown.
    pub fn show(&mut self, tab: Tab) {
        if self.tab != tab && !self.stale.contains(&self.tab) {
            match self.tab {
                Tab::Dashboard => {}
                Tab::Members => self.members.table.unload(),
                Tab::Meetings => self.meetings.table.unload(),
                Tab::Study => self.study.table.unload(),
            }
            if self.tab != Tab::Dashboard {
                self.stale.push(self.tab);
            }
        }
        self.tab = tab;
        if let Some(i) = self.stale.iter().position(|t| *t == tab) {
            self.stale.remove(i);
            let loaded = match tab {
                Tab::Dashboard => self.dashboard.load(&self.service, &self.overdue, self.lang),
                Tab::Members => self.members.load(&self.service, &self.overdue, self.lang),
                Tab::Meetings => self.meetings.load(&self.service, self.lang),
                Tab::Study => self.study.load(&self.service, self.lang),
            };
            self.report(loaded);
        }
    }

    /// Shows a failed load on the status line.
    pub(crate) fn report(&mut self, loaded: Result<(), ServiceError>) {
        if let Err(e) = loaded {
            self.error(&e);
        }
    }

    pub fn info(&mut self, text: impl Into<String>) {
        self.status = Some(Status { text: text.into(), kind: StatusKind::Info });
    }

    pub fn error(&mut self, e: &ServiceError) {
        self.status = Some(Status { text: e.text(self.lang), kind: StatusKind::Error });
    }

    /// The overdue findings a tab's title counts: all on the dashboard, those about members on
    /// the members tab, missing meetings on the meetings tab, study time on the study tab.
    pub fn tab_count(&self, tab: Tab) -> usize {
        let overdue = self.overdue.findings.iter().filter(|f| f.severity == Severity::Overdue);
        match tab {
            Tab::Dashboard => overdue.count(),
            Tab::Members => {
                overdue.filter(|f| matches!(f.subject, Subject::Member(_)) && f.rule != RuleId::StudyHours).count()
            }
            Tab::Meetings => overdue.filter(|f| f.rule.kind().is_some()).count(),
            Tab::Study => overdue.filter(|f| f.rule == RuleId::StudyHours).count(),
        }
    }

    /// Chooses the borders: `flag` from `--ascii`/`--no-ascii` wins; else the setting "ASCII
    /// borders" when on; else ASCII in the legacy Windows console.
    pub fn set_borders(&mut self, flag: Option<bool>, legacy_console: bool) {
        self.ascii_flag = flag;
        self.legacy_console = legacy_console;
        self.theme.ascii = self.ascii_borders();
    }

    fn ascii_borders(&self) -> bool {
        self.ascii_flag.unwrap_or(self.service.settings().ascii_borders || self.legacy_console)
    }

    /// Applies new settings to what is drawn.
    pub fn settings_changed(&mut self) {
        self.theme.ascii = self.ascii_borders();
        self.reload();
    }

    /// The key contexts in force, most specific first.
    pub fn context(&self) -> Vec<Ctx> {
        match &self.overlay {
            Overlay::Help { .. } => vec![Ctx::Help],
            Overlay::Confirm(_) => vec![Ctx::Confirm],
            Overlay::Groups(_) => vec![Ctx::Groups],
            Overlay::Popup(_) => vec![Ctx::Popup],
            Overlay::Form(f) => match f.ctx() {
                Ctx::FormNotes => vec![Ctx::FormNotes],
                Ctx::Prompt => vec![Ctx::Prompt],
                c => vec![c, Ctx::Form],
            },
            Overlay::None => {
                if self.filtering() {
                    return vec![Ctx::Filter];
                }
                match self.tab {
                    Tab::Dashboard => vec![Ctx::Dashboard, Ctx::Yearly, Ctx::Table, Ctx::Global],
                    Tab::Members => vec![Ctx::Members, Ctx::Table, Ctx::Global],
                    Tab::Meetings => vec![Ctx::Meetings, Ctx::Yearly, Ctx::Table, Ctx::Global],
                    Tab::Study => vec![Ctx::Study, Ctx::Yearly, Ctx::Table, Ctx::Global],
                }
            }
        }
    }

    fn filtering(&self) -> bool {
        match self.tab {
            Tab::Dashboard => self.dashboard.table.filtering,
            Tab::Members => self.members.table.filtering,
            Tab::Meetings => self.meetings.table.filtering,
            Tab::Study => self.study.table.filtering,
        }
    }

    /// Turns a key into a message, as the event loop does: a bound key, or text for the field
    /// or filter being typed into.
    pub fn key_to_msg(&self, key: KeyEvent) -> Option<Msg> {
        let chain = self.context();
        keymap::resolve(&chain, &key).or_else(|| {
            let typing = chain.iter().any(|c| {
                matches!(c, Ctx::Filter | Ctx::FormText | Ctx::FormPick | Ctx::FormNotes | Ctx::FormMulti | Ctx::Prompt)
            });
            typing.then_some(Msg::Input(key))
        })
    }

    /// Runs one message.
    pub fn update(&mut self, msg: Msg) {
        // A message of the last action is cleared by the next one.
        if !matches!(msg, Msg::Input(_)) {
            self.status = None;
        }
        match std::mem::replace(&mut self.overlay, Overlay::None) {
            Overlay::None => self.update_main(msg),
            Overlay::Help { scroll } => {
                self.overlay = match msg {
                    Msg::Down => Overlay::Help { scroll: scroll.saturating_add(1) },
                    Msg::Up => Overlay::Help { scroll: scroll.saturating_sub(1) },
                    Msg::Close => Overlay::None,
                    _ => Overlay::Help { scroll },
                }
            }
            Overlay::Confirm(c) => match msg {
                Msg::Yes => {
                    self.overlay = *c.back;
                    self.update(c.on_yes);
                }
                Msg::No => self.overlay = *c.back,
                _ => self.overlay = Overlay::Confirm(c),
            },
            Overlay::Groups(g) => self.update_groups(*g, msg),
            Overlay::Popup(p) => self.update_popup(*p, msg),
            Overlay::Form(f) => self.update_form(*f, msg),
        }
    }

    /// Asks a question; `back` is the overlay to return to either way.
    pub fn confirm(&mut self, text: String, on_yes: Msg, back: Overlay) {
        self.overlay = Overlay::Confirm(Confirm { text, on_yes, back: Box::new(back) });
    }

    fn update_main(&mut self, msg: Msg) {
        match msg {
            Msg::Quit | Msg::QuitNow => self.quit = true,
            Msg::Help => self.overlay = Overlay::Help { scroll: 0 },
            Msg::NextTab | Msg::PrevTab | Msg::GotoTab(_) => self.switch_tab(&msg),
            Msg::Settings => self.open_settings(),
            Msg::Groups => self.open_groups(),
            _ => match self.tab {
                Tab::Dashboard => self.update_dashboard(msg),
                Tab::Members => self.update_members(msg),
                Tab::Meetings => self.update_meetings(msg),
                Tab::Study => self.update_study(msg),
            },
        }
    }

    /// After a table moved or filtered: the meetings tab loads the selected meeting's details.
    pub(crate) fn after_table_msg(&mut self) {
        if self.tab == Tab::Meetings
            && let Err(e) = self.meetings.load_detail(&self.service)
        {
            self.error(&e);
        }
    }

    fn switch_tab(&mut self, msg: &Msg) {
        let i = Tab::ALL.iter().position(|t| *t == self.tab).unwrap_or(0);
        let n = Tab::ALL.len();
        let next = match msg {
            Msg::NextTab => (i + 1) % n,
            Msg::PrevTab => (i + n - 1) % n,
            Msg::GotoTab(k) if (*k as usize) <= n && *k > 0 => *k as usize - 1,
            _ => i,
        };
        self.show(Tab::ALL[next]);
    }

    fn update_form(&mut self, mut form: Form, msg: Msg) {
        match msg {
            Msg::NextField => form.next_field(),
            Msg::PrevField => form.prev_field(),
            Msg::EnterKey => {
                if form.on_last_field() {
                    return self.save_form(form);
                }
                form.next_field();
            }
            Msg::Save => return self.save_form(form),
            Msg::Close => {
                if let Some(r) = form.roster_mut()
                    && r.prompt.is_some()
                {
                    r.cancel_prompt();
                } else if form.dirty {
                    let text = self.lang.pick("放弃未保存的修改？(y/n)", "Discard your changes? (y/n)").to_string();
                    return self.confirm(text, Msg::DiscardForm, Overlay::Form(Box::new(form)));
                } else {
                    return self.overlay = form.back.map_or(Overlay::None, |b| *b);
                }
            }
            Msg::DiscardForm => return self.overlay = form.back.map_or(Overlay::None, |b| *b),
            Msg::Quit if !form.dirty => return self.quit = true,
            Msg::Quit => {
                let text =
                    self.lang.pick("有未保存的修改，仍要退出？(y/n)", "Quit and lose your changes? (y/n)").to_string();
                return self.confirm(text, Msg::QuitNow, Overlay::Form(Box::new(form)));
            }
            Msg::ChoiceNext => {
                form.step_choice(1);
            }
            Msg::ChoicePrev => {
                form.step_choice(-1);
            }
            Msg::Toggle => {
                form.toggle();
            }
            Msg::Input(key) => {
                form.input(key);
            }
            Msg::Paste(text) => {
                form.paste(&text);
            }
            other => {
                if matches!(form.kind, FormKind::Meeting(_)) {
                    self.roster_msg(&mut form, other);
                }
            }
        }
        self.form_changed(&mut form);
        self.overlay = Overlay::Form(Box::new(form));
    }

    /// Keeps dependent fields in step after any change (visibility, defaults, the roster).
    fn form_changed(&mut self, form: &mut Form) {
        match form.kind {
            FormKind::Member(_) => super::tabs::members::sync_form(form),
            FormKind::Settings => super::tabs::settings::sync_form(form),
            FormKind::Meeting(_) => self.sync_meeting_form(form),
            _ => {}
        }
    }

    fn save_form(&mut self, mut form: Form) {
        form.clear_errors();
        let result = match form.kind {
            FormKind::Member(id) => self.save_member(&mut form, id),
            FormKind::Archive(id) => self.save_archive(&mut form, id),
            FormKind::Settings => self.save_settings(&mut form),
            FormKind::Group(id) => self.save_group(&mut form, id),
            FormKind::Meeting(id) => self.save_meeting(&mut form, id),
            FormKind::Study(id) => self.save_study(&mut form, id),
        };
        match result {
            // Saved: the form closes; `Some(overlay)` is where to return (e.g. the groups list).
            Ok(back) => {
                self.overlay = back.or(form.back.map(|b| *b)).unwrap_or(Overlay::None);
            }
            Err(SaveError::Invalid) => {
                form.message =
                    Some(self.lang.pick("请按提示修改后再保存", "fix the marked fields, then save").to_string());
                self.overlay = Overlay::Form(Box::new(form));
            }
            Err(SaveError::Service(e)) => {
                form.message = Some(match &e {
                    ServiceError::Invalid(errs) => {
                        form.show_errors(errs, self.lang);
                        self.lang.pick("请按提示修改后再保存", "fix the marked fields, then save").to_string()
                    }
                    other => other.text(self.lang),
                });
                self.overlay = Overlay::Form(Box::new(form));
            }
        }
    }
}

/// Why a form was not saved. Either way the form stays open with what was typed.
pub enum SaveError {
    /// Typed values that do not parse; errors are already beside their fields.
    Invalid,
    Service(ServiceError),
}

impl From<ServiceError> for SaveError {
    fn from(e: ServiceError) -> Self {
        SaveError::Service(e)
    }
}

/// A form's save result: `Ok(Some(overlay))` returns to that overlay.
pub type SaveResult = Result<Option<Overlay>, SaveError>;

/// The year after `[` or `]`, kept within the years a date field accepts.
pub fn step_year(year: i32, msg: &Msg) -> i32 {
    let next = if *msg == Msg::PrevYear { year - 1 } else { year + 1 };
    next.clamp(1900, 2199)
}
