//! The app model and its update: what all tabs share (the service, the findings, the overlay,
//! the status line), the dialogs, and the dispatch to the current tab (`tui::tab::TabView`).
//! Nothing here names a tab's rows or forms.

use std::any::Any;
use std::path::PathBuf;

use chrono::NaiveDate;
use ratatui::crossterm::event::KeyEvent;

use super::dialogs::groups::GroupsDialog;
use super::form::{Form, FormKind};
use super::keymap::{self, Ctx, Msg};
use super::tab::{Action, Cx, SaveError, TabView};
use super::tabs;
pub use super::tabs::Tab;
use super::theme::Theme;
use crate::domain::lang::Lang;
use crate::domain::rules::{Finding, Severity};
use crate::service::findings::Overdue;
use crate::service::{Service, ServiceError};

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
    /// `first`: the key contexts in force when help was opened, whose keys it lists first;
    /// `back`: what help was opened over (a form, a dialog), shown again when it closes;
    /// `only`: opened in a dialog (collection day, the party groups), where no other keys act:
    /// help lists the keys of `first` alone.
    Help {
        scroll: u16,
        first: Vec<Ctx>,
        only: bool,
        back: Box<Overlay>,
    },
    Groups(Box<GroupsDialog>),
    /// A record's changes, newest first.
    History {
        history: crate::service::undo::History,
        scroll: u16,
    },
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
    /// Shorter forms of `text`, longest first: the status line shows the longest that fits.
    pub shorter: Vec<String>,
}

/// The demo's scratch copy this window works on (see `service::trial`): the first frame's
/// status line says so, and help names its path in full.
#[derive(Clone, Debug)]
pub struct ScratchCopy {
    pub path: PathBuf,
    /// The user's home folder, written `~` at the start of the path where the system does so.
    pub home: Option<PathBuf>,
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
    /// Every tab, in the order of `Tab::ALL`.
    tabs: Vec<Box<dyn TabView>>,
    pub overlay: Overlay,
    /// Where the open form returns to when it closes (the groups list it came from).
    pub(crate) form_back: Option<Overlay>,
    pub status: Option<Status>,
    /// Set when this window works on the demo's scratch copy.
    pub scratch: Option<ScratchCopy>,
    pub quit: bool,
    /// Tabs whose rows are out of date since the last write (loaded when next shown).
    stale: Vec<Tab>,
    /// The last frame was too small to draw anything but a request to enlarge the window:
    /// keys then go nowhere (they would edit a form the user cannot see).
    pub too_small: bool,
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
            tabs: tabs::build(year),
            overlay: Overlay::None,
            form_back: None,
            status: None,
            scratch: None,
            quit: false,
            stale: Vec::new(),
            too_small: false,
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
        if self.tab != tab && !self.stale.contains(&self.tab) && self.tabs[self.tab as usize].unload() {
            self.stale.push(self.tab);
            release_freed_memory();
        }
        self.tab = tab;
        if let Some(i) = self.stale.iter().position(|t| *t == tab) {
            self.stale.remove(i);
            let cx = Cx { service: &mut self.service, overdue: &self.overdue, lang: self.lang };
            if let Err(e) = self.tabs[tab as usize].load(&cx) {
                self.error(&e);
            }
        }
    }

    /// A tab's state, by its type (for tests and benchmarks).
    pub fn view<T: TabView>(&self) -> &T {
        self.tabs.iter().find_map(|t| (t.as_ref() as &dyn Any).downcast_ref::<T>()).expect("a listed tab")
    }

    pub fn view_mut<T: TabView>(&mut self) -> &mut T {
        self.tabs.iter_mut().find_map(|t| (t.as_mut() as &mut dyn Any).downcast_mut::<T>()).expect("a listed tab")
    }

    /// Runs `f` on a tab with what it is handed.
    fn with_tab<R>(&mut self, tab: Tab, f: impl FnOnce(&mut dyn TabView, &mut Cx) -> R) -> R {
        let mut cx = Cx { service: &mut self.service, overdue: &self.overdue, lang: self.lang };
        f(self.tabs[tab as usize].as_mut(), &mut cx)
    }

    /// Draws the current tab.
    pub fn render_tab(&mut self, f: &mut ratatui::Frame, area: ratatui::layout::Rect) {
        let theme = self.theme;
        let cx = Cx { service: &mut self.service, overdue: &self.overdue, lang: self.lang };
        self.tabs[self.tab as usize].render(f, area, &theme, &cx);
    }

    pub fn tab_title(&self, tab: Tab) -> &'static str {
        self.tabs[tab as usize].title(self.lang)
    }

    /// Carries out what a tab asked for, in order.
    fn apply(&mut self, actions: Vec<Action>) {
        for action in actions {
            match action {
                Action::Form(form) => self.overlay = Overlay::Form(form),
                Action::Confirm { text, on_yes } => self.confirm(text, on_yes, Overlay::None),
                Action::Reload => self.reload(),
                Action::Info(text) => self.info(text),
                Action::InfoForms(mut texts) if !texts.is_empty() => {
                    let text = texts.remove(0);
                    self.status = Some(Status { text, kind: StatusKind::Info, shorter: texts });
                }
                Action::InfoForms(_) => {}
                Action::Error(e) => self.error(&e),
                Action::ActOn(f) => self.act_on(&f),
                Action::Open(r) => self.open_record(r),
            }
        }
    }

    /// Goes to the first tab other than this one (and other than 待办, which lists every
    /// finding) that takes the finding, and lets it act.
    fn act_on(&mut self, f: &Finding) {
        let acts = |t: Tab| t != self.tab && t != Tab::Dashboard && self.tabs[t as usize].takes(f);
        let Some(&tab) = Tab::ALL.iter().find(|&&t| acts(t)) else {
            return;
        };
        self.show(tab);
        let actions = self.with_tab(tab, |t, cx| t.act_on(f, cx));
        self.apply(actions);
    }

    /// Goes to the first tab other than this one that opens the record, and opens it there.
    fn open_record(&mut self, r: crate::service::Record) {
        let Some(&tab) = Tab::ALL.iter().find(|&&t| t != self.tab && self.tabs[t as usize].opens(r)) else {
            return;
        };
        self.show(tab);
        let actions = self.with_tab(tab, |t, cx| t.open_record(r, cx));
        self.apply(actions);
    }

    pub fn info(&mut self, text: impl Into<String>) {
        self.status = Some(Status { text: text.into(), kind: StatusKind::Info, shorter: Vec::new() });
    }

    /// Works on the demo's scratch copy: says so on the status line in the words that fit, from
    /// the full path down to the copy alone (help keeps the path).
    pub fn on_scratch_copy(&mut self, copy: ScratchCopy) {
        let lang = self.lang;
        let said = lang.pick("示例库副本，原文件不变", "on a copy; the sample stays as it is");
        let sep = lang.pick("：", ": ");
        let name = copy.path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let mut texts = vec![format!("{said}{sep}{}", copy.path.display())];
        if let Some(rest) = copy.home.as_deref().and_then(|h| copy.path.strip_prefix(h).ok()) {
            texts.push(format!("{said}{sep}~{}{}", std::path::MAIN_SEPARATOR, rest.display()));
        }
        texts.push(match lang {
            Lang::Zh => format!("{said}：{name}（按 ? 看路径）"),
            Lang::En => format!("{said}: {name} (? shows the path)"),
        });
        texts.push(match lang {
            Lang::Zh => format!("{said}（按 ? 看路径）"),
            Lang::En => format!("{said} (? shows the path)"),
        });
        texts.push(said.to_string());
        let text = texts.remove(0);
        self.status = Some(Status { text, kind: StatusKind::Info, shorter: texts });
        self.scratch = Some(copy);
    }

    pub fn error(&mut self, e: &ServiceError) {
        self.status = Some(Status { text: e.text(self.lang), kind: StatusKind::Error, shorter: Vec::new() });
    }

    /// The overdue findings a tab's title counts: those the tab owns.
    pub fn tab_count(&self, tab: Tab) -> usize {
        let view = &self.tabs[tab as usize];
        self.overdue.findings.iter().filter(|f| f.severity == Severity::Overdue && view.owns(f)).count()
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
            Overlay::History { .. } => vec![Ctx::History],
            Overlay::Form(f) => match f.ctx() {
                Ctx::FormNotes => vec![Ctx::FormNotes],
                Ctx::Prompt => vec![Ctx::Prompt],
                Ctx::Jump => vec![Ctx::Jump, Ctx::Roster, Ctx::Form],
                c => vec![c, Ctx::Form],
            },
            Overlay::None => self.tabs[self.tab as usize].contexts(),
        }
    }

    /// The contexts whose keys help lists first: those in force, and in a form every key of the
    /// form and of its attendance list, whichever field has the focus.
    fn help_contexts(&self) -> Vec<Ctx> {
        let mut first = self.context();
        if let Overlay::Form(f) = &self.overlay {
            first.push(Ctx::Form);
            if f.roster().is_some() {
                first.push(Ctx::Roster);
            }
        }
        let mut seen = Vec::new();
        first.retain(|c| {
            let new = !seen.contains(c);
            seen.push(*c);
            new
        });
        first
    }

    /// Turns a key into a message, as the event loop does: a bound key, or text for the field
    /// or filter being typed into.
    pub fn key_to_msg(&self, key: KeyEvent) -> Option<Msg> {
        if self.too_small {
            // Only quitting works, and only where nothing is open that could lose input.
            let quit = matches!(self.overlay, Overlay::None)
                && keymap::resolve(&[Ctx::Global], &key).is_some_and(|m| m == Msg::Quit);
            return quit.then_some(Msg::Quit);
        }
        let chain = self.context();
        keymap::resolve(&chain, &key).or_else(|| {
            let typing = chain.iter().any(|c| {
                matches!(
                    c,
                    Ctx::Filter
                        | Ctx::FormText
                        | Ctx::FormPick
                        | Ctx::FormNotes
                        | Ctx::FormMulti
                        | Ctx::Prompt
                        | Ctx::Roster
                        | Ctx::Jump
                        | Ctx::Collection
                        | Ctx::Calibration
                )
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
        // Before acting on the lists (and opening a form from them), show what another window
        // saved. An open form keeps its input; its save checks the record's version.
        if matches!(self.overlay, Overlay::None) {
            self.notice_outside_changes();
        }
        self.dispatch(msg);
        self.show_backup_problem();
        // A form just opened remembers the version of the record it shows.
        if let Overlay::Form(f) = &mut self.overlay
            && f.seen.is_none()
            && let Some(rec) = f.record
        {
            match self.service.version(rec) {
                Ok(v) => f.seen = Some(v),
                Err(e) => {
                    self.status = Some(Status { text: e.text(self.lang), kind: StatusKind::Error, shorter: Vec::new() })
                }
            }
        }
    }

    /// When today's automatic backup failed before a save, says why once on the status line,
    /// beside the save's own error if it had one. The save went ahead regardless.
    fn show_backup_problem(&mut self) {
        let Some(p) = self.service.take_backup_problem() else { return };
        let line = match self.lang {
            // The reason first: 80 columns leave about 40 for the status.
            Lang::Zh => format!("自动备份失败：{}；保存照常", p.text(self.lang)),
            Lang::En => format!("backup failed: {}; saving goes on", p.text(self.lang)),
        };
        let text = match self.status.take() {
            Some(s) if s.kind == StatusKind::Error => format!("{}{}{line}", s.text, self.lang.pick("；", "; ")),
            _ => line,
        };
        self.status = Some(Status { text, kind: StatusKind::Error, shorter: Vec::new() });
    }

    /// Reloads the views when another window or program has saved since we last looked,
    /// keeping each table's selection. Called before each message and when the terminal is idle.
    pub fn notice_outside_changes(&mut self) -> bool {
        if !self.service.changed_outside() {
            return false;
        }
        self.theme.ascii = self.ascii_borders();
        self.reload();
        true
    }

    fn dispatch(&mut self, msg: Msg) {
        if msg == Msg::Help && !matches!(self.overlay, Overlay::Help { .. }) {
            let first = self.help_contexts();
            // A dialog's keys are all its own: the tabs' and the global keys type or do
            // nothing there. A form's help still lists the rest after its own keys.
            let only = !self.context().contains(&Ctx::Global) && !matches!(self.overlay, Overlay::Form(_));
            let back = Box::new(std::mem::replace(&mut self.overlay, Overlay::None));
            self.overlay = Overlay::Help { scroll: 0, first, only, back };
            return;
        }
        match std::mem::replace(&mut self.overlay, Overlay::None) {
            Overlay::None => self.update_main(msg),
            Overlay::Help { scroll, first, only, back } => match scrolled(scroll, &msg) {
                Some(scroll) => self.overlay = Overlay::Help { scroll, first, only, back },
                None => self.overlay = *back,
            },
            Overlay::Confirm(c) => match msg {
                Msg::Yes => {
                    self.overlay = *c.back;
                    self.dispatch(c.on_yes);
                }
                Msg::No => self.overlay = *c.back,
                _ => self.overlay = Overlay::Confirm(c),
            },
            Overlay::Groups(g) => self.update_groups(*g, msg),
            Overlay::History { history, scroll } => {
                if let Some(scroll) = scrolled(scroll, &msg) {
                    self.overlay = Overlay::History { history, scroll };
                }
            }
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
            Msg::NextTab | Msg::PrevTab | Msg::GotoTab(_) => self.switch_tab(&msg),
            Msg::Settings => self.open_settings(),
            Msg::Groups => self.open_groups(),
            Msg::Undo => self.ask_undo(),
            Msg::UndoConfirmed(batch) => self.undo(batch),
            Msg::History => self.open_history(),
            _ => {
                let actions = self.with_tab(self.tab, |t, cx| t.update(msg, cx));
                self.apply(actions);
            }
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
            Msg::SaveConfirmed => {
                form.confirmed = true;
                return self.save_form(form);
            }
            Msg::Close => {
                if let Some(r) = form.roster_mut()
                    && (r.prompt.is_some() || r.jump.is_some())
                {
                    r.cancel_prompt();
                    r.cancel_jump();
                } else if form.dirty {
                    let text = self.lang.pick("放弃未保存的修改？(y/n)", "Discard your changes? (y/n)").to_string();
                    return self.confirm(text, Msg::DiscardForm, Overlay::Form(Box::new(form)));
                } else {
                    return self.overlay = self.form_back.take().unwrap_or(Overlay::None);
                }
            }
            Msg::DiscardForm => return self.overlay = self.form_back.take().unwrap_or(Overlay::None),
            Msg::ReloadForm => return self.reopen_form(form),
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
                if let FormKind::Tab(..) = form.kind {
                    self.with_tab(self.tab, |t, cx| t.form_msg(&mut form, other, cx));
                }
            }
        }
        self.form_changed(&mut form);
        self.overlay = Overlay::Form(Box::new(form));
    }

    /// Keeps dependent fields in step after any change (visibility, defaults, the roster).
    fn form_changed(&mut self, form: &mut Form) {
        form.show_dates(self.today());
        match form.kind {
            FormKind::Settings => super::dialogs::settings::sync_form(form),
            FormKind::Group(_) => {}
            FormKind::Tab(..) => {
                if let Err(e) = self.with_tab(self.tab, |t, cx| t.form_changed(form, cx)) {
                    self.error(&e);
                }
            }
        }
    }

    fn save_form(&mut self, mut form: Form) {
        form.clear_errors();
        let result = match form.kind {
            FormKind::Settings => self.save_settings(&mut form),
            FormKind::Group(id) => self.save_group(&mut form, id),
            FormKind::Tab(..) => match self.with_tab(self.tab, |t, cx| t.save_form(&mut form, cx)) {
                Ok(actions) => {
                    // The form closes first: the actions may open another overlay.
                    self.overlay = self.form_back.take().unwrap_or(Overlay::None);
                    return self.apply(actions);
                }
                Err(e) => Err(e),
            },
        };
        form.confirmed = false;
        match result {
            Err(SaveError::Confirm(text)) => self.confirm(text, Msg::SaveConfirmed, Overlay::Form(Box::new(form))),
            // Saved: the form closes; `Some(overlay)` is where to return (e.g. the groups list).
            Ok(back) => {
                let before = self.form_back.take();
                self.overlay = back.or(before).unwrap_or(Overlay::None);
            }
            Err(SaveError::Invalid) => {
                form.message =
                    Some(self.lang.pick("请按提示修改后再保存", "fix the marked fields, then save").to_string());
                self.overlay = Overlay::Form(Box::new(form));
            }
            Err(SaveError::Service(e)) => {
                form.message = Some(match &e {
                    ServiceError::Conflict(c) => {
                        // Ctrl-S now overwrites what was saved elsewhere; Ctrl-R reloads it.
                        form.seen = Some(c.latest);
                        let (table, lang) = (form.record.map(|r| r.table()), self.lang);
                        let label = |key: &str| match (form.label_of(key), table) {
                            (Some(l), _) => l.trim_end_matches(['：', ':']).to_string(),
                            (None, Some(t)) => crate::service::record_kinds::field_label(t, key, lang),
                            (None, None) => key.to_string(),
                        };
                        c.text(&label, self.lang)
                    }
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

impl App {
    /// Says what `u` would undo and asks; says so when this window has nothing to undo.
    fn ask_undo(&mut self) {
        match self.service.undo_preview(self.lang) {
            Ok(Some(p)) => {
                let text = match self.lang {
                    Lang::Zh => format!("撤销：{}？(y/n)", p.text),
                    Lang::En => format!("Undo: {}? (y/n)", p.text),
                };
                self.confirm(text, Msg::UndoConfirmed(p.batch), Overlay::None);
            }
            Ok(None) => self.info(self.lang.pick("本窗口没有可撤销的修改", "nothing to undo in this window")),
            Err(e) => self.error(&e),
        }
    }

    /// Undoes the step the confirmation showed (if it is still the newest), then shows the
    /// records as they are now.
    fn undo(&mut self, batch: i64) {
        let preview = match self.service.undo_preview(self.lang) {
            Ok(Some(p)) if p.batch == batch => p,
            Ok(_) => return self.info(self.lang.pick("本窗口没有可撤销的修改", "nothing to undo in this window")),
            Err(e) => return self.error(&e),
        };
        match self.service.undo(&preview) {
            Ok(text) => {
                self.settings_changed();
                self.info(match self.lang {
                    Lang::Zh => format!("已撤销：{text}"),
                    Lang::En => format!("undone: {text}"),
                });
            }
            Err(e) => {
                self.reload();
                self.error(&e);
            }
        }
    }

    /// The history of the record selected on the current tab.
    fn open_history(&mut self) {
        let Some((table, id)) = self.tabs[self.tab as usize].selected_record() else {
            return self.info(self.lang.pick("此处没有选中的记录", "no record selected here"));
        };
        match self.service.record_history(table, id, self.lang) {
            Ok(history) => self.overlay = Overlay::History { history, scroll: 0 },
            Err(e) => self.error(&e),
        }
    }

    /// Replaces a form by a fresh one showing its record as now stored (after a conflict).
    fn reopen_form(&mut self, form: Form) {
        self.reload();
        let fresh = match form.kind {
            FormKind::Settings => self
                .service
                .reload_settings()
                .map(|_| Some(super::dialogs::settings::settings_form(self.service.settings(), self.lang))),
            FormKind::Group(Some(id)) => self.service.group_items().and_then(|g| {
                let g = g.into_iter().find(|g| g.group.id == id).ok_or(ServiceError::NotFound)?;
                Ok(Some(self.group_form(Some(&g))))
            }),
            FormKind::Tab(..) => self.with_tab(self.tab, |t, cx| t.reopen_form(&form, cx)).transpose(),
            FormKind::Group(None) => Ok(None),
        };
        match fresh {
            Ok(Some(f)) => {
                self.overlay = Overlay::Form(Box::new(f));
                self.info(self.lang.pick("已重新载入", "reloaded"));
            }
            // Nothing stored to reload: the form stays as it is.
            Ok(None) => self.overlay = Overlay::Form(Box::new(form)),
            Err(e) => {
                self.overlay = self.form_back.take().unwrap_or(Overlay::None);
                self.error(&e);
            }
        }
    }
}

/// A dialog form's save result: `Ok(Some(overlay))` returns to that overlay.
pub type SaveResult = Result<Option<Overlay>, SaveError>;

/// A scrolling overlay's (help, history) new position after `msg`, or `None` when it closes. A
/// page is what 80x24 shows; the drawing clamps the end to the last line.
fn scrolled(scroll: u16, msg: &Msg) -> Option<u16> {
    const PAGE: u16 = 18;
    Some(match msg {
        Msg::Down => scroll.saturating_add(1),
        Msg::Up => scroll.saturating_sub(1),
        Msg::PageDown => scroll.saturating_add(PAGE),
        Msg::PageUp => scroll.saturating_sub(PAGE),
        Msg::First => 0,
        Msg::Last => u16::MAX,
        Msg::Close => return None,
        _ => scroll,
    })
}

/// Gives the allocator's free pages back to the system. glibc keeps the memory of freed
/// allocations: the rows of a tab left behind (thousands in a large branch) would stay resident
/// beside the next tab's, and each tab visited would raise the peak a little more.
pub(crate) fn release_freed_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        unsafe extern "C" {
            fn malloc_trim(pad: usize) -> std::ffi::c_int;
        }
        // SAFETY: malloc_trim takes no pointer; it only returns whole free pages of glibc's
        // heaps to the system and is safe to call at any time.
        unsafe {
            malloc_trim(0);
        }
    }
}
