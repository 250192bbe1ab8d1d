//! Forms: a list of fields with their values, errors beside them, and the real terminal cursor
//! placed where the IME draws. Parsing text into values happens here; rules live in `domain`.

use crate::service::{Record, Version};
use chrono::NaiveDate;
use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui_textarea::{TextArea, WrapMode};
use tui_input::{Input, InputRequest};

use super::keymap::Ctx;
use super::roster::Roster;
use super::text::{ClearPopup, display_safe, fit, width, wrap, wrap_marked};
use super::theme::{Theme, Tone};
use crate::domain::dates;
use crate::domain::lang::Lang;
use crate::domain::validation::{FieldError, Problem};
use crate::service::search::SearchKey;

/// One option of a choice or multi-choice field.
#[derive(Clone, Debug)]
pub struct Opt {
    pub id: String,
    pub label: String,
    /// What choosing it means, when the user should know (a study kind that does not count):
    /// shown beside a choice field while the option is chosen, whatever the focus.
    pub note: String,
}

impl Opt {
    pub fn new(id: impl Into<String>, label: impl Into<String>) -> Opt {
        Opt { id: id.into(), label: label.into(), note: String::new() }
    }

    pub fn with_note(mut self, note: impl Into<String>) -> Opt {
        self.note = note.into();
        self
    }
}

/// What a line below a field's value is: its hint, the chosen option's note, or an error.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Below {
    Hint,
    Note,
    Error,
}

/// One member (or other record) a picker can choose.
#[derive(Clone, Debug)]
pub struct PickOpt {
    pub id: i64,
    pub label: String,
    pub key: SearchKey,
}

/// A member picker: type a name or its pinyin initials, `Left`/`Right` move among the matches.
#[derive(Clone, Debug)]
pub struct Picker {
    pub options: Vec<PickOpt>,
    pub query: Input,
    pub chosen: Option<usize>,
}

impl Picker {
    fn matches(&self) -> Vec<usize> {
        let q = self.query.value().trim();
        (0..self.options.len()).filter(|&i| self.options[i].key.matches(q)).collect()
    }

    fn step(&mut self, delta: isize) {
        let m = self.matches();
        if m.is_empty() {
            return;
        }
        let pos = self.chosen.and_then(|c| m.iter().position(|&i| i == c));
        let next = match pos {
            Some(p) => (p as isize + delta).rem_euclid(m.len() as isize) as usize,
            None if delta >= 0 => 0,
            None => m.len() - 1,
        };
        self.chosen = Some(m[next]);
    }

    fn query_changed(&mut self) {
        self.chosen = if self.query.value().trim().is_empty() { None } else { self.matches().first().copied() };
    }

    pub fn chosen_id(&self) -> Option<i64> {
        self.chosen.map(|i| self.options[i].id)
    }
}

pub enum Value {
    /// A single line: text, dates, numbers, study credit.
    Text(Input),
    /// One of several.
    Choice {
        options: Vec<Opt>,
        index: usize,
    },
    /// Any of several; `cursor` is the option `Space` toggles.
    Multi {
        options: Vec<Opt>,
        on: Vec<bool>,
        cursor: usize,
    },
    Pick(Picker),
    /// Several lines (meeting minutes).
    Notes(Box<TextArea<'static>>),
    /// The attendance list of the meeting form.
    Roster(Box<Roster>),
}

pub struct Field {
    pub key: &'static str,
    pub label: String,
    pub value: Value,
    pub error: Option<String>,
    /// A greyed help text after the value (e.g. accepted shapes).
    pub hint: String,
    pub visible: bool,
    /// Changed by the user (not only by defaults).
    pub touched: bool,
    /// A text field's value arrives selected when the field gets the focus, as long as nobody
    /// has typed into it: the first character typed replaces it (see [`edit_selected`]).
    select_on_focus: bool,
    /// The whole value is selected now (the field has the focus; nothing typed yet).
    selected: bool,
    /// Something was typed or pasted into this field since the form opened.
    typed: bool,
    /// A date field: once left, a date typed in a short form is shown written out.
    date: bool,
}

impl Field {
    fn new(key: &'static str, label: &str, value: Value) -> Field {
        Field {
            key,
            label: label.to_string(),
            value,
            error: None,
            hint: String::new(),
            visible: true,
            touched: false,
            select_on_focus: true,
            selected: false,
            typed: false,
            date: false,
        }
    }

    /// A value that is edited rather than retyped, so it never arrives selected: a file path,
    /// whose folder the program chose and whose name is changed a little (typing over it would
    /// leave a bare name, written wherever the program was started).
    pub fn edit_in_place(mut self) -> Field {
        self.select_on_focus = false;
        self
    }

    /// Whether the whole value is selected (a prefilled value the focus just reached).
    pub fn selected(&self) -> bool {
        self.selected
    }

    pub fn text(key: &'static str, label: &str, value: &str) -> Field {
        Field::new(key, label, Value::Text(Input::new(value.to_string())))
    }

    pub fn date(key: &'static str, label: &str, value: Option<NaiveDate>, lang: Lang) -> Field {
        Field { date: true, ..Field::text(key, label, &dates::fmt_opt(value)) }
            .hint(lang.pick("如 2026-11-28、1128、t", "e.g. 2026-11-28, 1128, t"))
    }

    pub fn choice(key: &'static str, label: &str, options: Vec<Opt>, selected_id: &str) -> Field {
        let index = options.iter().position(|o| o.id == selected_id).unwrap_or(0);
        Field::new(key, label, Value::Choice { options, index })
    }

    pub fn multi(key: &'static str, label: &str, options: Vec<Opt>, on_ids: &[&str]) -> Field {
        let on = options.iter().map(|o| on_ids.contains(&o.id.as_str())).collect();
        Field::new(key, label, Value::Multi { options, on, cursor: 0 })
    }

    pub fn pick(key: &'static str, label: &str, options: Vec<PickOpt>, chosen: Option<i64>) -> Field {
        let chosen = chosen.and_then(|id| options.iter().position(|o| o.id == id));
        Field::new(key, label, Value::Pick(Picker { options, query: Input::default(), chosen }))
    }

    pub fn notes(key: &'static str, label: &str, value: &str) -> Field {
        let mut ta = TextArea::new(value.lines().map(str::to_string).collect());
        ta.set_wrap_mode(WrapMode::Glyph);
        ta.set_cursor_line_style(ratatui::style::Style::default());
        Field::new(key, label, Value::Notes(Box::new(ta)))
    }

    pub fn roster(key: &'static str, label: &str, roster: Roster) -> Field {
        Field::new(key, label, Value::Roster(Box::new(roster)))
    }

    pub fn hint(mut self, h: &str) -> Field {
        self.hint = h.to_string();
        self
    }

    /// Lines the value takes, not counting what is drawn below it.
    fn height(&self, value_w: usize) -> usize {
        match &self.value {
            Value::Multi { options, .. } => multi_lines(options, &[], 0, value_w, false).len().max(1),
            Value::Notes(_) => 4,
            _ => 1,
        }
    }

    /// The chosen option's note (see [`Opt::note`]), if it has one.
    pub fn note(&self) -> Option<&str> {
        match &self.value {
            Value::Choice { options, index } => options.get(*index).map(|o| o.note.as_str()).filter(|n| !n.is_empty()),
            _ => None,
        }
    }

    /// The help to show now: the chosen option's note whatever the focus; else the greyed hint
    /// while the field has the focus (a text field's also while it is empty), a picker's how-to
    /// while nothing is typed into it.
    fn hint_now(&self, focused: bool, lang: Lang) -> Option<&str> {
        if let Some(note) = self.note() {
            return Some(note);
        }
        let hint = match &self.value {
            Value::Text(i) if focused || i.value().is_empty() => self.hint.as_str(),
            Value::Choice { .. } if focused => self.hint.as_str(),
            Value::Pick(p) if focused && p.query.value().is_empty() => {
                lang.pick("输入姓名或拼音首字母，Left/Right 换人", "type a name or initials; Left/Right")
            }
            _ => "",
        };
        (!hint.is_empty()).then_some(hint)
    }

    /// Cells the value takes on its line before a hint, with the gap the hint keeps from it
    /// (none beside an empty text field: the hint starts where typing would).
    fn hint_x(&self, focused: bool) -> usize {
        match &self.value {
            Value::Text(i) if i.value().is_empty() => 0,
            Value::Text(i) => width(i.value()) + 2,
            Value::Choice { options, index } => {
                let label = options.get(*index).map_or(0, |o| width(&display_safe(&o.label)));
                label + if focused { 4 } else { 0 } + 2
            }
            Value::Pick(p) => p.chosen.map_or(4, |i| width(&display_safe(&p.options[i].label))) + 1,
            _ => 0,
        }
    }

    /// The hint beside the value when it fits there, else `None`.
    fn hint_beside(&self, w: usize, focused: bool, lang: Lang) -> Option<&str> {
        self.hint_now(focused, lang).filter(|h| self.hint_x(focused) + width(h) <= w)
    }

    /// What is drawn below the value, wrapped to `w` cells so that nothing is cut: the hint of
    /// the focused field when it does not fit beside the value (an unfocused field's is cut
    /// with `~` and shown whole on focus; a chosen option's note is always shown whole), then
    /// the error.
    fn below(&self, w: usize, focused: bool, lang: Lang) -> Vec<(String, Below)> {
        let mut out = Vec::new();
        let kind = if self.note().is_some() { Below::Note } else { Below::Hint };
        if (focused || kind == Below::Note)
            && let Some(h) = self.hint_now(focused, lang)
            && self.hint_beside(w, focused, lang).is_none()
        {
            out.extend(wrap(h, w.saturating_sub(2).max(1)).into_iter().map(|l| (format!("  {l}"), kind)));
        }
        if let Some(e) = &self.error {
            out.extend(wrap_marked(e, w).into_iter().map(|l| (l, Below::Error)));
        }
        out
    }
}

/// What a form saves and who saves it: the app's own dialogs, or the tab that opened the form,
/// which tells its forms apart by a name of its own. The id is the record edited (`None`: new).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FormKind {
    Settings,
    Group(Option<i64>),
    Tab(&'static str, Option<i64>),
}

pub struct Form {
    pub kind: FormKind,
    pub title: String,
    pub fields: Vec<Field>,
    pub focus: usize,
    /// Anything typed since the form opened (Esc then asks before throwing it away).
    pub dirty: bool,
    /// A message for the whole form (e.g. the database was busy).
    pub message: Option<String>,
    /// The stored record the form edits (set with [`Form::editing`]; none for a new one).
    pub record: Option<Record>,
    /// That record's version when the form opened (read by `App::update`); a save checks it,
    /// and after a conflict it becomes the newest version, so that Ctrl-S overwrites.
    pub seen: Option<Version>,
    /// The user said yes to the save's question (`SaveError::Confirm`); cleared after the save.
    pub confirmed: bool,
    /// Read-only lines shown under the fields (what should inform the values, e.g. a member's
    /// facts beside the grade); set with [`Form::with_info`].
    pub info: Vec<String>,
    scroll: usize,
}

/// The narrowest label column; a longer label (English ones are) widens it up to a third of
/// the form.
const LABEL_W: usize = 14;

impl Form {
    pub fn new(kind: FormKind, title: String, fields: Vec<Field>) -> Form {
        let mut f = Form {
            kind,
            title,
            fields,
            focus: 0,
            dirty: false,
            message: None,
            record: None,
            seen: None,
            confirmed: false,
            info: Vec::new(),
            scroll: 0,
        };
        let first = f.fields.iter().position(|x| x.visible).unwrap_or(0);
        f.focus_to(first);
        f
    }

    /// Moves the focus to field `i`. A text field arrives with its value selected unless
    /// something was typed into it (or it is edited in place): the first character typed
    /// replaces a prefilled value, as in every form program.
    pub fn focus_to(&mut self, i: usize) {
        if let Some(old) = self.fields.get_mut(self.focus) {
            old.selected = false;
        }
        self.focus = i.min(self.fields.len().saturating_sub(1));
        if let Some(f) = self.fields.get_mut(self.focus) {
            f.selected =
                f.select_on_focus && !f.typed && matches!(&f.value, Value::Text(input) if !input.value().is_empty());
        }
    }

    /// Marks the form as editing a stored record: every form that edits one says so, and its
    /// save passes [`Form::seen`] to the service, so two windows never lose a save silently.
    pub fn editing(mut self, record: Option<Record>) -> Form {
        self.record = record;
        self
    }

    /// Adds read-only lines under the fields, headed by `title`.
    pub fn with_info(mut self, title: &str, lines: Vec<String>) -> Form {
        if !lines.is_empty() {
            self.info = std::iter::once(format!("-- {title} --")).chain(lines).collect();
        }
        self
    }

    /// The version to save against (see `seen`).
    pub fn seen(&self) -> Version {
        self.seen.unwrap_or_default()
    }

    /// The label of the field with this key, if the form has it.
    pub fn label_of(&self, key: &str) -> Option<&str> {
        self.fields.iter().find(|f| f.key == key).map(|f| f.label.as_str())
    }

    pub fn focused(&self) -> &Field {
        &self.fields[self.focus]
    }

    fn focused_mut(&mut self) -> &mut Field {
        &mut self.fields[self.focus]
    }

    pub fn index(&self, key: &str) -> Option<usize> {
        self.fields.iter().position(|f| f.key == key)
    }

    pub fn field(&self, key: &str) -> &Field {
        self.fields.iter().find(|f| f.key == key).unwrap_or_else(|| panic!("form has no field {key}"))
    }

    pub fn field_mut(&mut self, key: &str) -> &mut Field {
        self.fields.iter_mut().find(|f| f.key == key).unwrap_or_else(|| panic!("form has no field {key}"))
    }

    pub fn has(&self, key: &str) -> bool {
        self.index(key).is_some()
    }

    pub fn focus_key(&mut self, key: &str) {
        if let Some(i) = self.index(key) {
            self.focus_to(i);
        }
    }

    /// The key context of the focused field.
    pub fn ctx(&self) -> Ctx {
        match &self.focused().value {
            Value::Text(_) => Ctx::FormText,
            Value::Choice { .. } => Ctx::FormChoice,
            Value::Multi { .. } => Ctx::FormMulti,
            Value::Pick(_) => Ctx::FormPick,
            Value::Notes(_) => Ctx::FormNotes,
            Value::Roster(r) if r.prompt.is_some() || r.jump.as_ref().is_some_and(|j| j.slash) => Ctx::Prompt,
            Value::Roster(r) if r.jump.is_some() => Ctx::Jump,
            Value::Roster(_) => Ctx::Roster,
        }
    }

    pub fn set_visible(&mut self, key: &str, visible: bool) {
        self.field_mut(key).visible = visible;
    }

    pub fn next_field(&mut self) {
        if let Some(i) = (self.focus + 1..self.fields.len()).find(|&i| self.fields[i].visible) {
            self.focus_to(i);
        }
    }

    pub fn prev_field(&mut self) {
        if let Some(i) = (0..self.focus).rev().find(|&i| self.fields[i].visible) {
            self.focus_to(i);
        }
    }

    pub fn on_last_field(&self) -> bool {
        !(self.focus + 1..self.fields.len()).any(|i| self.fields[i].visible)
    }

    /// A field's value changed: its error (from the last save attempt) goes, since it may be
    /// fixed now; saving again checks it anew.
    fn changed(&mut self) {
        self.dirty = true;
        let f = self.focused_mut();
        f.touched = true;
        f.typed = true;
        f.error = None;
    }

    /// Cycles a choice (or moves in a multi-choice or picker). Returns whether a value changed.
    pub fn step_choice(&mut self, delta: isize) -> bool {
        let changed = match &mut self.focused_mut().value {
            Value::Choice { options, index } if !options.is_empty() => {
                *index = (*index as isize + delta).rem_euclid(options.len() as isize) as usize;
                true
            }
            Value::Multi { options, cursor, .. } if !options.is_empty() => {
                *cursor = (*cursor as isize + delta).rem_euclid(options.len() as isize) as usize;
                false
            }
            Value::Pick(p) => {
                p.step(delta);
                true
            }
            _ => false,
        };
        if changed {
            self.changed();
        }
        changed
    }

    /// Toggles the option under the cursor of a multi-choice.
    pub fn toggle(&mut self) -> bool {
        if let Value::Multi { on, cursor, .. } = &mut self.focused_mut().value
            && let Some(v) = on.get_mut(*cursor)
        {
            *v = !*v;
            self.changed();
            return true;
        }
        false
    }

    /// A key typed into the focused field. Returns whether its value changed.
    pub fn input(&mut self, key: KeyEvent) -> bool {
        let f = &mut self.fields[self.focus];
        let changed = match &mut f.value {
            Value::Text(input) => edit_selected(input, &mut f.selected, key),
            Value::Pick(p) => {
                if key.code == KeyCode::Backspace && p.query.value().is_empty() {
                    p.chosen = None;
                    true
                } else if edit_line(&mut p.query, key) {
                    p.query_changed();
                    true
                } else {
                    false
                }
            }
            Value::Multi { on, cursor, .. } => match key.code {
                // The option's number toggles it: `2` is 支部委员会会议 in the meeting form.
                KeyCode::Char(c @ '1'..='9') => {
                    let i = (c as u8 - b'1') as usize;
                    if i < on.len() {
                        on[i] = !on[i];
                        *cursor = i;
                        true
                    } else {
                        false
                    }
                }
                _ => false,
            },
            Value::Notes(ta) => ta.input(key),
            // A jump moves the cursor only: nothing to save.
            Value::Roster(r) if r.prompt.is_none() => {
                r.jump_input(key);
                false
            }
            Value::Roster(r) => r.prompt_input(key),
            Value::Choice { .. } => false,
        };
        if changed {
            self.changed();
        }
        changed
    }

    /// Pasted text goes into the focused text field (newlines kept only in notes).
    pub fn paste(&mut self, text: &str) -> bool {
        let f = &mut self.fields[self.focus];
        let changed = match &mut f.value {
            Value::Text(input) => {
                // Pasted over a selected (prefilled) value, it replaces it as typing does.
                if std::mem::take(&mut f.selected) {
                    *input = Input::default();
                }
                for c in one_line(text).chars() {
                    input.handle(InputRequest::InsertChar(c));
                }
                true
            }
            Value::Pick(p) => {
                for c in one_line(text).chars() {
                    p.query.handle(InputRequest::InsertChar(c));
                }
                p.query_changed();
                true
            }
            Value::Notes(ta) => ta.insert_str(text.replace("\r\n", "\n").replace('\r', "\n")),
            Value::Roster(r) => r.prompt_paste(text),
            _ => false,
        };
        if changed {
            self.changed();
        }
        changed
    }

    // ---- reading values ----

    pub fn text(&self, key: &str) -> String {
        match &self.field(key).value {
            Value::Text(i) => i.value().trim().to_string(),
            Value::Notes(ta) => ta.lines().join("\n").trim_end().to_string(),
            _ => String::new(),
        }
    }

    /// Writes out every date field the focus has left that holds a date in a short form
    /// (`1127`, `t`): the secretary sees which day (and year) it was read as before saving.
    /// A date once left is whole, like a prefilled value: it arrives selected when the focus
    /// comes back, so typing replaces it (`1988-10-10` then `1989-01-01` gave both run
    /// together). What does not read as a date stays as typed, to be edited, for its message
    /// on save.
    pub fn show_dates(&mut self, today: NaiveDate) {
        let focus = self.focus;
        for (i, f) in self.fields.iter_mut().enumerate() {
            if i == focus || !f.date {
                continue;
            }
            if let Value::Text(input) = &mut f.value
                && let Ok(d) = dates::parse_input(&dates::ascii_digits(input.value()), today)
            {
                if input.value() != dates::fmt(d) {
                    *input = Input::new(dates::fmt(d));
                }
                f.typed = false;
            }
        }
    }

    pub fn set_text(&mut self, key: &str, value: &str) {
        if let Value::Text(i) = &mut self.field_mut(key).value {
            *i = Input::new(value.to_string());
        }
    }

    pub fn choice(&self, key: &str) -> &str {
        match &self.field(key).value {
            Value::Choice { options, index } => options.get(*index).map_or("", |o| o.id.as_str()),
            _ => "",
        }
    }

    pub fn set_choice(&mut self, key: &str, id: &str) {
        if let Value::Choice { options, index } = &mut self.field_mut(key).value
            && let Some(i) = options.iter().position(|o| o.id == id)
        {
            *index = i;
        }
    }

    pub fn multi(&self, key: &str) -> Vec<&str> {
        match &self.field(key).value {
            Value::Multi { options, on, .. } => {
                options.iter().zip(on).filter(|(_, on)| **on).map(|(o, _)| o.id.as_str()).collect()
            }
            _ => Vec::new(),
        }
    }

    pub fn set_multi(&mut self, key: &str, ids: &[&str]) {
        if let Value::Multi { options, on, .. } = &mut self.field_mut(key).value {
            for (o, v) in options.iter().zip(on.iter_mut()) {
                *v = ids.contains(&o.id.as_str());
            }
        }
    }

    /// Chooses an option of a picker by id (`None` clears it).
    pub fn set_pick(&mut self, key: &str, id: Option<i64>) {
        if let Value::Pick(p) = &mut self.field_mut(key).value {
            p.chosen = id.and_then(|id| p.options.iter().position(|o| o.id == id));
            p.query = Input::default();
        }
    }

    pub fn picked(&self, key: &str) -> Option<i64> {
        match &self.field(key).value {
            Value::Pick(p) => p.chosen_id(),
            _ => None,
        }
    }

    pub fn roster(&self) -> Option<&Roster> {
        self.fields.iter().find_map(|f| match &f.value {
            Value::Roster(r) => Some(r.as_ref()),
            _ => None,
        })
    }

    pub fn roster_mut(&mut self) -> Option<&mut Roster> {
        self.fields.iter_mut().find_map(|f| match &mut f.value {
            Value::Roster(r) => Some(r.as_mut()),
            _ => None,
        })
    }

    // ---- parsing, with errors collected by field ----

    /// Clears every field error before a new save attempt.
    pub fn clear_errors(&mut self) {
        self.message = None;
        for f in &mut self.fields {
            f.error = None;
        }
    }

    pub fn set_error(&mut self, key: &str, msg: String) {
        if let Some(f) = self.fields.iter_mut().find(|f| f.key == key)
            && f.error.is_none()
        {
            f.error = Some(msg);
        }
    }

    /// Shows domain errors beside their fields and moves the focus to the first of them.
    pub fn show_errors(&mut self, errors: &[FieldError], lang: Lang) {
        for e in errors {
            self.set_error(e.field, e.problem.text(lang));
        }
        if let Some(i) = self.fields.iter().position(|f| f.error.is_some() && f.visible) {
            self.focus_to(i);
        }
    }

    pub fn has_errors(&self) -> bool {
        self.fields.iter().any(|f| f.error.is_some())
    }

    /// A date field: required, or empty for `None` when optional.
    pub fn date(&mut self, key: &'static str, required: bool, today: NaiveDate, lang: Lang) -> Option<NaiveDate> {
        let s = self.text(key);
        if s.is_empty() {
            if required {
                self.set_error(key, Problem::Required.text(lang));
            }
            return None;
        }
        match dates::parse_input(&s, today) {
            Ok(d) => Some(d),
            Err(e) => {
                self.set_error(key, Problem::Date(e).text(lang));
                None
            }
        }
    }

    /// The date in field `key` once it is complete: it reads as a date, and either the field
    /// has lost the focus or typing on could not make it another date (`2026-05-2` may yet be
    /// `2026-05-20`; `2026-05-20`, `0520`, `5-4` and `t` are complete). `None` while it is
    /// being typed or does not read as a date. What follows a date (a meeting's attendance
    /// list) waits for this, not for every date met on the way.
    pub fn complete_date(&self, key: &str, today: NaiveDate) -> Option<NaiveDate> {
        let text = dates::ascii_digits(&self.text(key));
        let date = dates::parse_input(&text, today).ok()?;
        let typing = self.fields.get(self.focus).is_some_and(|f| f.key == key);
        // Only a last part of one digit can take another and still be a date.
        let one_digit = text.chars().rev().take_while(char::is_ascii_digit).count() == 1;
        let more = typing
            && one_digit
            && ('0'..='9').any(|c| dates::parse_input(&format!("{text}{c}"), today).is_ok_and(|d| d != date));
        (!more).then_some(date)
    }

    /// A whole number in `range`.
    pub fn number(&mut self, key: &'static str, range: (i64, i64), lang: Lang) -> Option<i64> {
        let s = crate::domain::dates::ascii_digits(&self.text(key));
        match s.trim().parse::<i64>() {
            Ok(n) if (range.0..=range.1).contains(&n) => Some(n),
            _ => {
                self.set_error(key, Problem::Number { min: range.0, max: range.1 }.text(lang));
                None
            }
        }
    }

    // ---- drawing ----

    /// Draws the form over `area`.
    pub fn render(&mut self, f: &mut Frame, area: Rect, theme: &Theme, lang: Lang) {
        f.render_widget(ClearPopup, area);
        let block = theme.block().title(Line::from(Span::styled(format!(" {} ", self.title), theme.title())));
        let inner = block.inner(area);
        f.render_widget(block, area);
        if inner.width < 20 || inner.height < 3 {
            return;
        }
        // The attendance list, if any, takes the right-hand side.
        let roster_idx = self.fields.iter().position(|x| matches!(x.value, Value::Roster(_)) && x.visible);
        let (left, right) = match roster_idx {
            Some(_) => {
                let rw = (inner.width * 45 / 100).clamp(30, 56);
                (
                    Rect { width: inner.width - rw - 1, ..inner },
                    Some(Rect { x: inner.x + inner.width - rw, width: rw, ..inner }),
                )
            }
            None => (inner, None),
        };
        let msg_h = self.message.is_some() as u16;
        // The info lines take at most half the rows; the fields scroll in the rest.
        let info_h = (self.info.len() as u16).min((left.height - msg_h) / 2);
        let fields_area = Rect { height: left.height - msg_h - info_h, ..left };
        let (above, below) = self.render_fields(f, fields_area, theme, lang);
        // Fields out of view are marked on the border where they are (right of the title).
        for (more, y, text) in [
            (above, area.y, lang.pick(" ^ 上面还有 ", " ^ more above ")),
            (below, area.y + area.height - 1, lang.pick(" v 下面还有 ", " v more below ")),
        ] {
            let w = width(text) as u16;
            if more && area.width > w + 4 {
                let r = Rect { x: area.x + area.width - w - 2, y, width: w, height: 1 };
                f.render_widget(Paragraph::new(text).style(theme.key()), r);
            }
        }
        if info_h > 0 {
            let r = Rect { y: fields_area.y + fields_area.height, height: info_h, ..left };
            let w = r.width as usize;
            let mut shown: Vec<Line> = self.info.iter().take(info_h as usize).map(|l| Line::from(fit(l, w))).collect();
            let left_out = self.info.len() - shown.len();
            if left_out > 0
                && let Some(last) = shown.last_mut()
            {
                let more = match lang {
                    Lang::Zh => format!("（另有 {} 行未显示）", left_out + 1),
                    Lang::En => format!("({} more line(s) not shown)", left_out + 1),
                };
                *last = Line::from(fit(&more, w));
            }
            f.render_widget(Paragraph::new(shown).style(theme.muted()), r);
        }
        if let Some(m) = &self.message {
            let r = Rect { y: left.y + left.height - 1, height: 1, ..left };
            f.render_widget(Paragraph::new(fit(m, r.width as usize)).style(theme.error()), r);
        }
        if let (Some(i), Some(r)) = (roster_idx, right) {
            let focused = self.focus == i;
            let label = self.fields[i].label.clone();
            let error = self.fields[i].error.clone();
            if let Value::Roster(roster) = &mut self.fields[i].value {
                roster.render(f, r, theme, lang, &label, focused, error.as_deref());
            }
        }
    }

    /// Draws the fields in view; returns whether some are out of view above and below.
    fn render_fields(&mut self, f: &mut Frame, area: Rect, theme: &Theme, lang: Lang) -> (bool, bool) {
        let longest = self.fields.iter().filter(|x| x.visible).map(|x| width(&x.label)).max().unwrap_or(0);
        let label_w = longest.max(LABEL_W).min(area.width as usize / 3);
        let value_x = area.x + label_w as u16 + 1;
        let value_w = (area.width as usize).saturating_sub(label_w + 1);
        // Lay out every visible field (except the roster): (field index, first line, height).
        let mut layout = Vec::new();
        let mut line = 0usize;
        for (i, fl) in self.fields.iter().enumerate() {
            if !fl.visible || matches!(fl.value, Value::Roster(_)) {
                continue;
            }
            let h = fl.height(value_w) + fl.below(value_w, i == self.focus, lang).len();
            layout.push((i, line, h));
            line += h;
        }
        let rows = area.height as usize;
        // The view always starts at a field's first line, so no field is drawn half above it.
        if let Some(&(_, start, h)) = layout.iter().find(|(i, _, _)| *i == self.focus) {
            if start < self.scroll {
                self.scroll = start;
            } else if start + h > self.scroll + rows {
                let want = (start + h).saturating_sub(rows);
                self.scroll = layout.iter().map(|&(_, s, _)| s).find(|&s| s >= want).unwrap_or(start).min(start);
            }
        }
        if !layout.iter().any(|&(_, s, _)| s == self.scroll) {
            self.scroll = 0;
        }
        let more = (self.scroll > 0, layout.last().is_some_and(|&(_, s, h)| s + h > self.scroll + rows));
        for &(i, start, h) in &layout {
            if start < self.scroll || start >= self.scroll + rows {
                continue;
            }
            let focused = i == self.focus;
            let fl = &mut self.fields[i];
            let y = area.y + (start - self.scroll) as u16;
            let visible_h = (self.scroll + rows - start).min(h) as u16;
            let label_style = if focused { theme.focus() } else { theme.base() };
            let label = Rect { x: area.x, y, width: label_w as u16, height: 1 };
            f.render_widget(Paragraph::new(fit(&fl.label, label_w)).style(label_style), label);
            let vh = (fl.height(value_w) as u16).min(visible_h);
            let value_area = Rect { x: value_x, y, width: value_w as u16, height: vh };
            let below = fl.below(value_w, focused, lang);
            render_value(f, fl, value_area, theme, lang, focused);
            for (n, (text, kind)) in below.into_iter().enumerate().take((visible_h - vh) as usize) {
                let r = Rect { x: value_x, y: y + vh + n as u16, width: value_w as u16, height: 1 };
                let style = match kind {
                    Below::Hint => theme.hint(),
                    Below::Note => theme.tone(Tone::DueSoon),
                    Below::Error => theme.error(),
                };
                f.render_widget(Paragraph::new(text).style(style), r);
            }
        }
        more
    }
}

/// Lines of a multi-choice: `[x]1 支部党员大会  [ ]2 支部委员会会议 ...`, wrapped to `w` cells.
fn multi_lines(options: &[Opt], on: &[bool], cursor: usize, w: usize, focused: bool) -> Vec<Vec<(String, bool)>> {
    let mut lines: Vec<Vec<(String, bool)>> = vec![Vec::new()];
    let mut used = 0;
    for (i, o) in options.iter().enumerate() {
        let mark = if on.get(i).copied().unwrap_or(false) { "[x]" } else { "[ ]" };
        let num = if i < 9 { format!("{}", i + 1) } else { String::new() };
        let item = format!("{mark}{num}{} ", o.label);
        let iw = width(&item);
        if used + iw > w && used > 0 {
            lines.push(Vec::new());
            used = 0;
        }
        used += iw;
        if let Some(l) = lines.last_mut() {
            l.push((item, focused && i == cursor));
        }
    }
    lines
}

/// The hint beside a value: whole when it fits; else, for a field without the focus, cut with
/// `~` (the focus shows it whole, below the value).
fn hint_span(fl: &Field, w: usize, theme: &Theme, lang: Lang, focused: bool) -> Option<Span<'static>> {
    let hint = fl.hint_now(focused, lang)?;
    let x = fl.hint_x(focused);
    let note = fl.note().is_some();
    let text = match fl.hint_beside(w, focused, lang) {
        Some(h) => h.to_string(),
        // A note that does not fit goes whole below the value.
        None if !focused && !note && w.saturating_sub(x) > 4 => fit(hint, w - x),
        None => return None,
    };
    let gap = match &fl.value {
        Value::Text(i) if !i.value().is_empty() => "  ",
        Value::Choice { .. } => "  ",
        _ => "",
    };
    Some(Span::styled(format!("{gap}{text}"), if note { theme.tone(Tone::DueSoon) } else { theme.hint() }))
}

fn render_value(f: &mut Frame, fl: &mut Field, area: Rect, theme: &Theme, lang: Lang, focused: bool) {
    let w = area.width as usize;
    let hint = hint_span(fl, w, theme, lang, focused);
    // A selected value is drawn as selected, so that it is plain that typing replaces it.
    let selected = focused && fl.selected;
    match &mut fl.value {
        Value::Text(input) => {
            let scroll = input.visual_scroll(w.saturating_sub(1));
            let shown: String = {
                // Skip `scroll` cells from the left.
                let mut skipped = 0;
                input
                    .value()
                    .chars()
                    .skip_while(|c| {
                        let cw = unicode_width::UnicodeWidthChar::width(*c).unwrap_or(0);
                        if skipped + cw <= scroll {
                            skipped += cw;
                            true
                        } else {
                            false
                        }
                    })
                    .collect()
            };
            let mut spans = vec![if selected { Span::styled(shown, theme.selected()) } else { Span::raw(shown) }];
            spans.extend(hint);
            f.render_widget(Paragraph::new(Line::from(spans)), area);
            if focused {
                let x = area.x + (input.visual_cursor().saturating_sub(scroll)).min(w.saturating_sub(1)) as u16;
                f.set_cursor_position(Position::new(x, area.y));
            }
        }
        Value::Choice { options, index } => {
            let label = options.get(*index).map(|o| o.label.as_str()).unwrap_or("");
            let text = if focused { format!("< {} >", display_safe(label)) } else { display_safe(label) };
            let style = if focused { theme.selected() } else { theme.base() };
            let mut spans = vec![Span::styled(fit(&text, w), style)];
            spans.extend(hint);
            f.render_widget(Paragraph::new(Line::from(spans)), area);
        }
        Value::Multi { options, on, cursor } => {
            let lines = multi_lines(options, on, *cursor, w, focused);
            let text: Vec<Line> = lines
                .into_iter()
                .map(|l| {
                    Line::from(
                        l.into_iter()
                            .map(|(s, cur)| if cur { Span::styled(s, theme.selected()) } else { Span::raw(s) })
                            .collect::<Vec<_>>(),
                    )
                })
                .collect();
            f.render_widget(Paragraph::new(text), area);
        }
        Value::Pick(p) => {
            let name = p
                .chosen
                .map(|i| display_safe(&p.options[i].label))
                .unwrap_or_else(|| lang.pick("（无）", "(none)").to_string());
            let q = p.query.value();
            let mut spans = vec![Span::styled(name.clone(), if focused { theme.selected() } else { theme.base() })];
            let prefix = width(&name) + 1;
            if focused {
                spans.push(Span::raw(" "));
                spans.push(Span::styled(q.to_string(), theme.key()));
                if q.is_empty() {
                    spans.extend(hint);
                } else if p.chosen.is_none() {
                    spans.push(Span::styled(lang.pick(" 无匹配", " no match"), theme.error()));
                }
                let x = area.x + (prefix + p.query.visual_cursor()).min(w.saturating_sub(1)) as u16;
                f.set_cursor_position(Position::new(x, area.y));
            }
            f.render_widget(Paragraph::new(Line::from(spans)), area);
        }
        Value::Notes(ta) => {
            let style = if focused { theme.base() } else { theme.muted() };
            ta.set_style(style);
            ta.set_cursor_style(if focused { theme.selected() } else { style });
            f.render_widget(&**ta, area);
            if focused {
                let sc = ta.screen_cursor();
                let (top, left) = ta.scroll_offset();
                let x = area.x + (sc.col.saturating_sub(left as usize)).min(w.saturating_sub(1)) as u16;
                let y =
                    area.y + (sc.row.saturating_sub(top as usize)).min(area.height.saturating_sub(1) as usize) as u16;
                f.set_cursor_position(Position::new(x, y));
            }
        }
        Value::Roster(_) => {}
    }
}

/// Pasted text for a single line: line breaks become spaces, other control characters go.
pub fn one_line(text: &str) -> String {
    let joined = text.split(['\r', '\n']).map(str::trim).filter(|l| !l.is_empty()).collect::<Vec<_>>().join(" ");
    joined.chars().filter(|c| !c.is_control()).collect()
}

/// Applies an editing key to a single-line input. Returns whether the value changed.
pub fn edit_line(input: &mut Input, key: KeyEvent) -> bool {
    request(key).and_then(|req| input.handle(req)).is_some_and(|c| c.value)
}

/// Applies an editing key to a single-line input whose whole value may be `selected` (a
/// prefilled value the focus just reached): a character typed replaces the value; the keys that
/// move or delete (arrows, Home/End, Backspace, Delete, Ctrl-W...) keep it and act on it, with
/// the cursor at its end. Either way the selection ends. Returns whether the value changed.
pub fn edit_selected(input: &mut Input, selected: &mut bool, key: KeyEvent) -> bool {
    let Some(req) = request(key) else { return false };
    if std::mem::take(selected) && matches!(req, InputRequest::InsertChar(_)) {
        *input = Input::default();
        input.handle(req);
        return true;
    }
    input.handle(req).is_some_and(|c| c.value)
}

/// What an editing key asks of a single-line input (`None`: not an editing key).
fn request(key: KeyEvent) -> Option<InputRequest> {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    let req = match key.code {
        KeyCode::Char('a') if ctrl => InputRequest::GoToStart,
        KeyCode::Char('e') if ctrl => InputRequest::GoToEnd,
        KeyCode::Char('w') if ctrl => InputRequest::DeletePrevWord,
        KeyCode::Char('u') if ctrl => InputRequest::DeleteLine,
        KeyCode::Char('k') if ctrl => InputRequest::DeleteTillEnd,
        KeyCode::Char(_) if ctrl || key.modifiers.contains(KeyModifiers::ALT) => return None,
        KeyCode::Char(c) => InputRequest::InsertChar(c),
        KeyCode::Backspace => InputRequest::DeletePrevChar,
        KeyCode::Delete => InputRequest::DeleteNextChar,
        KeyCode::Left if ctrl => InputRequest::GoToPrevWord,
        KeyCode::Right if ctrl => InputRequest::GoToNextWord,
        KeyCode::Left => InputRequest::GoToPrevChar,
        KeyCode::Right => InputRequest::GoToNextChar,
        KeyCode::Home => InputRequest::GoToStart,
        KeyCode::End => InputRequest::GoToEnd,
        _ => return None,
    };
    Some(req)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    /// A date field with `text`, focused or not.
    fn form(text: &str, focused: bool) -> Form {
        let today = day(2026, 11, 28);
        let mut f = Form::new(
            FormKind::Settings,
            String::new(),
            vec![Field::text("other", "", ""), Field::date("date", "", Some(today), Lang::Zh)],
        );
        f.set_text("date", text);
        if focused {
            f.focus_key("date");
        }
        f
    }

    #[test]
    fn a_short_date_is_written_out_once_its_field_is_left() {
        let today = day(2026, 11, 28);
        for (text, shown) in [
            ("1127", "2026-11-27"),
            ("t", "2026-11-28"),
            ("5-2", "2026-05-02"),
            ("２０２６１１２７", "2026-11-27"),
            ("2026-11-27", "2026-11-27"),
            ("20250229", "20250229"),
            ("2026-13-01", "2026-13-01"),
            ("", ""),
        ] {
            let mut f = form("", true);
            for c in text.chars() {
                if f.input(KeyEvent::from(KeyCode::Char(c))) {
                    f.changed();
                }
            }
            f.show_dates(today);
            assert_eq!(f.text("date"), text, "{text:?} is kept while typed");
            f.focus_key("other");
            f.show_dates(today);
            assert_eq!(f.text("date"), shown, "{text:?} once left");
            f.focus_key("date");
            let whole = dates::parse_iso(shown).is_some();
            assert_eq!(f.field("date").selected(), whole, "{text:?}: a date arrives selected, other text to be edited");
        }
    }

    #[test]
    fn a_date_is_complete_once_typing_on_could_not_make_it_another() {
        let today = day(2026, 11, 28);
        for (text, want) in [
            ("2026-05-2", None),
            ("2026-05-20", Some(day(2026, 5, 20))),
            ("2026-05-02", Some(day(2026, 5, 2))),
            ("5-2", None),
            ("5-3", None),
            ("5-4", Some(day(2026, 5, 4))),
            ("2026-02-3", Some(day(2026, 2, 3))),
            ("２０２６－０５－２", None),
            ("0520", Some(day(2026, 5, 20))),
            ("20260520", Some(day(2026, 5, 20))),
            ("052", None),
            ("2026-05-", None),
            ("t", Some(today)),
            ("", None),
        ] {
            assert_eq!(form(text, true).complete_date("date", today), want, "{text:?} being typed");
        }
        // Left, a date that reads as one is complete.
        assert_eq!(form("5-2", false).complete_date("date", today), Some(day(2026, 5, 2)));
        assert_eq!(form("2026-05-2", false).complete_date("date", today), Some(day(2026, 5, 2)));
        assert_eq!(form("2026-05-", false).complete_date("date", today), None);
    }

    #[test]
    fn a_prefilled_value_is_selected_on_focus_until_something_is_typed() {
        let key = |c| KeyEvent::new(c, KeyModifiers::NONE);
        let mut f = form("2026-11-28", true);
        assert!(f.focused().selected());
        f.prev_field();
        assert!(!f.field("date").selected(), "the selection goes with the focus");
        f.next_field();
        assert!(f.focused().selected(), "and comes back with it");
        f.input(key(KeyCode::Right));
        assert!(!f.focused().selected());
        assert_eq!(f.text("date"), "2026-11-28", "kept");
        f.input(key(KeyCode::Char('5')));
        assert_eq!(f.text("date"), "2026-11-285");
        // An empty field has nothing to select; a field edited in place never selects.
        assert!(!form("", true).focused().selected());
        let mut f = Form::new(
            FormKind::Settings,
            String::new(),
            vec![Field::text("file", "", "/home/a/台账.xlsx").edit_in_place()],
        );
        assert!(!f.focused().selected());
        f.input(key(KeyCode::Char('x')));
        assert_eq!(f.text("file"), "/home/a/台账.xlsxx");
    }
}
