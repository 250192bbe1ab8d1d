//! The attendance list inside the meeting form: who is expected, and how each attended.
//! Keys (design.md): `Space` cycles, `p` present, `l` 请假 (asks the reason), `x` absent,
//! `m` 补学 (asks the date), `a` everyone present (请假 and 外出 rows kept); `c` a member's own credit; `g` adds a guest.

use chrono::NaiveDate;
use ratatui::Frame;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use tui_input::{Input, InputRequest};

use super::form::edit_selected;
use super::text::{display_safe, fit, pad, width, wrap, wrap_marked};
use super::theme::{Theme, Tone};
use crate::domain::dates;
use crate::domain::lang::Lang;
use crate::domain::meeting::Attendance;
use crate::domain::study::CreditUnit;
use crate::service::search::SearchKey;

/// How a meeting's expected members attended, in parts that add up to 应到: 实到 (present or
/// late), 请假, 缺席, 外出 (away as mobile members), 补学 and 送学上门.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    pub expected: usize,
    pub in_room: usize,
    pub excused: usize,
    pub absent: usize,
    pub away: usize,
    pub made_up: usize,
    pub home: usize,
}

impl Tally {
    pub fn of(statuses: impl IntoIterator<Item = Attendance>) -> Tally {
        let mut t = Tally::default();
        for s in statuses {
            t.expected += 1;
            match s {
                Attendance::Present | Attendance::Late => t.in_room += 1,
                Attendance::Excused => t.excused += 1,
                Attendance::Absent => t.absent += 1,
                Attendance::AwayMobile => t.away += 1,
                Attendance::MadeUp => t.made_up += 1,
                Attendance::HomeDelivered => t.home += 1,
            }
        }
        t
    }

    /// `应到35 实到32 请假0 缺席0 外出3`; `spaced` as a meeting's details write it
    /// (`应到 35  实到 32  ...`). 补学 and 送学上门 only when some; 请假, 缺席 and 外出 also when
    /// none unless `!zeros` (a narrow line), so that what is shown always adds up to 应到.
    pub fn text(&self, lang: Lang, spaced: bool, zeros: bool) -> String {
        // (Chinese, English in a narrow line, English spaced out, count, shown when none)
        let parts: [(&str, &str, &str, usize, bool); 7] = [
            ("应到", "exp", "expected", self.expected, true),
            ("实到", "in", "in", self.in_room, true),
            ("请假", "exc", "excused", self.excused, zeros),
            ("缺席", "abs", "absent", self.absent, zeros),
            ("外出", "away", "away", self.away, zeros),
            ("补学", "made up", "made up", self.made_up, false),
            ("送学上门", "home", "home delivery", self.home, false),
        ];
        let words: Vec<String> = parts
            .iter()
            .filter(|p| p.4 || p.3 > 0)
            .map(|&(zh, en, en_long, n, _)| match (lang, spaced) {
                (Lang::Zh, false) => format!("{zh}{n}"),
                (Lang::Zh, true) => format!("{zh} {n}"),
                (Lang::En, false) => format!("{en} {n}"),
                (Lang::En, true) => format!("{en_long} {n}"),
            })
            .collect();
        words.join(if spaced { "  " } else { " " })
    }
}

/// One line of the list: a member (with attendance) or a guest (列席).
#[derive(Clone, Debug, PartialEq)]
pub struct RosterRow {
    /// `None` for a guest.
    pub member_id: Option<i64>,
    pub name: String,
    pub status: Attendance,
    pub reason: String,
    pub made_up_on: Option<NaiveDate>,
    /// This member's own credit in minutes; `None` = the meeting's credit.
    pub credit_min: Option<i64>,
    /// What a jump finds this row by (name, pinyin initials, member number); empty for a guest.
    pub key: SearchKey,
    /// Pre-marked by a standing leave ending on this day: the row says so while it is unchanged.
    pub standing_until: Option<NaiveDate>,
    /// A guest who is an incoming mobile member (外来流动党员): present or absent, never counted.
    pub incoming: Option<IncomingGuest>,
}

/// What a guest row knows of the incoming member it is.
#[derive(Clone, Debug, PartialEq)]
pub struct IncomingGuest {
    pub id: i64,
    pub home_branch: String,
    pub cert_no: String,
    /// Listed because the member is here on the meeting's day (not added with `g`): a new date
    /// or group lists again.
    pub listed: bool,
}

impl RosterRow {
    /// A member's row; `name` is as shown (with the number where two members share it).
    pub fn member(id: i64, name: &str, number: &str, status: Attendance) -> RosterRow {
        RosterRow {
            member_id: Some(id),
            name: name.to_string(),
            status,
            reason: String::new(),
            made_up_on: None,
            credit_min: None,
            key: SearchKey::new(name, number),
            standing_until: None,
            incoming: None,
        }
    }

    pub fn guest(name: &str) -> RosterRow {
        RosterRow {
            member_id: None,
            name: name.to_string(),
            status: Attendance::Present,
            reason: String::new(),
            made_up_on: None,
            credit_min: None,
            key: SearchKey::default(),
            standing_until: None,
            incoming: None,
        }
    }

    /// An incoming member as a guest, present until marked absent.
    pub fn incoming(name: &str, guest: IncomingGuest) -> RosterRow {
        RosterRow { key: SearchKey::new(name, &guest.cert_no), incoming: Some(guest), ..RosterRow::guest(name) }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PromptKind {
    Reason,
    MadeUpDate,
    Credit,
    Guest,
}

pub struct Prompt {
    /// For a guest: the incoming members that typing a name adds (shown below the prompt).
    pub offers: Vec<String>,
    pub kind: PromptKind,
    pub input: Input,
    /// What the row had is shown selected: the first character typed replaces it, the editing
    /// keys keep it (as a form's prefilled field).
    pub selected: bool,
    pub error: Option<String>,
}

/// A jump in progress: the cursor goes to the first member the typed text finds (pinyin
/// initials, name or number, as in the members tab's filter).
pub struct Jump {
    pub query: String,
    /// Begun with `/`: every key is part of the text until `Enter`. Begun by typing directly:
    /// the list's own keys (`l`, `x`, `p`, `m`, `n`, Space...) act on the row jumped to.
    pub slash: bool,
    /// Where the cursor was, for `Esc`.
    origin: usize,
    /// Matches of the text so far, and which of them the cursor is on.
    matches: usize,
    nth: usize,
}

pub struct Roster {
    pub rows: Vec<RosterRow>,
    pub cursor: usize,
    offset: usize,
    pub prompt: Option<Prompt>,
    /// Planned meetings take no attendance; the list says so instead.
    pub enabled: bool,
    /// The incoming members the next `g` prompt offers by name (set by the meeting form).
    pub guest_offers: Vec<String>,
    /// How a member's own credit is shown and typed.
    pub unit: CreditUnit,
    /// Rows of members no longer expected, by member id (see `replace_members`).
    set_aside: crate::domain::ids::IdMap<i64, RosterRow>,
    /// Each member's row as `replace_members` last pre-marked it: a row still equal to it holds
    /// nothing the secretary set.
    defaults: crate::domain::ids::IdMap<i64, RosterRow>,
    pub jump: Option<Jump>,
    /// The last jump's text and the row it found: `n`/`N` and typing it again move on from there.
    last_jump: Option<(String, usize)>,
}

impl Roster {
    pub fn new(rows: Vec<RosterRow>, enabled: bool, unit: CreditUnit) -> Roster {
        Roster {
            rows,
            cursor: 0,
            offset: 0,
            prompt: None,
            enabled,
            guest_offers: Vec::new(),
            unit,
            set_aside: Default::default(),
            defaults: Default::default(),
            jump: None,
            last_jump: None,
        }
    }

    pub fn members(&self) -> impl Iterator<Item = &RosterRow> {
        self.rows.iter().filter(|r| r.member_id.is_some())
    }

    pub fn guests(&self) -> impl Iterator<Item = &RosterRow> {
        self.rows.iter().filter(|r| r.member_id.is_none())
    }

    /// Replaces the expected members (pre-marked for the meeting's new date, kinds or group),
    /// keeping what the secretary set for those who remain, and keeping the guests. A row the
    /// secretary left as it was pre-marked takes the new pre-mark: a member away (外出) or on
    /// standing leave on the old date may not be on the new one.
    pub fn replace_members(&mut self, expected: Vec<RosterRow>) {
        let old = std::mem::take(&mut self.rows);
        let (guests, members): (Vec<RosterRow>, Vec<RosterRow>) = old.into_iter().partition(|o| o.member_id.is_none());
        // Rows set by hand are kept aside, so a member who drops out of the list (another
        // date, another group) comes back with the marks already set.
        for m in members {
            if let Some(id) = m.member_id
                && self.defaults.get(&id) != Some(&m)
            {
                self.set_aside.insert(id, m);
            }
        }
        self.defaults = expected.iter().filter_map(|r| Some((r.member_id?, r.clone()))).collect();
        let mut rows: Vec<RosterRow> = expected
            .into_iter()
            .map(|new| new.member_id.and_then(|id| self.set_aside.remove(&id)).unwrap_or(new))
            .collect();
        rows.extend(guests);
        self.rows = rows;
        self.cursor = self.cursor.min(self.rows.len().saturating_sub(1));
    }

    /// For a stored meeting: a member's row that holds what `expected` (the pre-mark for the
    /// meeting's stored kinds, date and group) gives counts as one the secretary left as it was,
    /// so another date pre-marks it afresh (a 外出 of the old date does not stay).
    pub fn adopt_defaults(&mut self, expected: &[RosterRow]) {
        let marks = |r: &RosterRow| (r.status, r.reason.clone(), r.made_up_on, r.credit_min);
        let by_id: crate::domain::ids::IdMap<i64, &RosterRow> =
            expected.iter().filter_map(|r| Some((r.member_id?, r))).collect();
        self.defaults = self
            .members()
            .filter_map(|row| {
                let id = row.member_id?;
                let e = by_id.get(&id)?;
                (marks(row) == marks(e)).then(|| (id, row.clone()))
            })
            .collect();
    }

    /// Lists the incoming members here on the meeting's day (after the members), keeping the
    /// marks of those already listed and the guests added by hand; those listed for another day
    /// or group leave the list.
    pub fn replace_incoming(&mut self, listed: Vec<RosterRow>) {
        let old = std::mem::take(&mut self.rows);
        let (members, guests): (Vec<RosterRow>, Vec<RosterRow>) = old.into_iter().partition(|r| r.member_id.is_some());
        let id = |r: &RosterRow| r.incoming.as_ref().map(|g| g.id);
        let mut rows = members;
        let mut rest = Vec::new();
        let mut kept: crate::domain::ids::IdMap<i64, RosterRow> = Default::default();
        for g in guests {
            match (id(&g), g.incoming.as_ref().is_some_and(|i| i.listed)) {
                (Some(i), true) => {
                    kept.insert(i, g);
                }
                (Some(i), false) if listed.iter().any(|n| id(n) == Some(i)) => {
                    kept.insert(i, g);
                }
                _ => rest.push(g),
            }
        }
        for new in listed {
            let Some(i) = id(&new) else { continue };
            rows.push(kept.remove(&i).unwrap_or(new));
        }
        rows.extend(rest);
        self.rows = rows;
        self.cursor = self.cursor.min(self.rows.len().saturating_sub(1));
    }

    /// Adds an incoming member as a guest (`g` with their name); already listed: the cursor goes
    /// there.
    pub fn add_incoming(&mut self, row: RosterRow) {
        let id = row.incoming.as_ref().map(|g| g.id);
        match self.rows.iter().position(|r| r.incoming.as_ref().map(|g| g.id) == id) {
            Some(i) => self.cursor = i,
            None => {
                self.rows.push(row);
                self.cursor = self.rows.len() - 1;
            }
        }
    }

    /// Member rows the text finds, in list order.
    fn found(&self, query: &str) -> Vec<usize> {
        let q = query.trim();
        if q.is_empty() {
            return Vec::new();
        }
        (0..self.rows.len())
            .filter(|&i| {
                let r = &self.rows[i];
                (r.member_id.is_some() || r.incoming.is_some()) && r.key.matches(q)
            })
            .collect()
    }

    /// `/`: a jump in which every key is text until `Enter`.
    pub fn start_jump(&mut self) -> bool {
        if !self.enabled || self.rows.is_empty() {
            return false;
        }
        self.jump = Some(Jump { query: String::new(), slash: true, origin: self.cursor, matches: 0, nth: 0 });
        true
    }

    /// A key typed in the list outside a prompt: begins a jump (any printable key the list does
    /// not bind) or adds to / takes from the one in progress.
    pub fn jump_input(&mut self, key: KeyEvent) {
        use ratatui::crossterm::event::{KeyCode, KeyModifiers};
        if !self.enabled || key.modifiers.intersects(KeyModifiers::CONTROL | KeyModifiers::ALT) {
            return;
        }
        match key.code {
            KeyCode::Backspace => {
                if let Some(j) = &mut self.jump {
                    j.query.pop();
                    if j.query.is_empty() && !j.slash {
                        self.cancel_jump();
                        return;
                    }
                }
            }
            KeyCode::Char(c) if !c.is_control() && (self.jump.is_some() || !c.is_whitespace()) => {
                let origin = self.cursor;
                let j =
                    self.jump.get_or_insert(Jump { query: String::new(), slash: false, origin, matches: 0, nth: 0 });
                j.query.push(c);
            }
            _ => return,
        }
        self.search();
    }

    /// Puts the cursor on the first match of the jump's text. Typing the last jump's text
    /// again moves on to its next match; with no match the cursor stays where the jump began.
    fn search(&mut self) {
        let Some(j) = &self.jump else { return };
        let found = self.found(&j.query);
        let after = match &self.last_jump {
            Some((q, row)) if *q == j.query => Some(*row),
            _ => None,
        };
        let nth = match after {
            Some(row) => found.iter().position(|&i| i > row).unwrap_or(0),
            None => 0,
        };
        self.cursor = found.get(nth).copied().unwrap_or(j.origin);
        if let Some(j) = &mut self.jump {
            j.matches = found.len();
            j.nth = nth;
        }
    }

    /// Whether a jump is in progress and has found nobody.
    pub fn jump_missed(&self) -> bool {
        self.jump.as_ref().is_some_and(|j| j.matches == 0)
    }

    /// Ends the jump with the cursor where it is; remembered for `n`/`N`.
    pub fn accept_jump(&mut self) {
        if let Some(j) = self.jump.take()
            && j.matches > 0
        {
            self.last_jump = Some((j.query, self.cursor));
        }
    }

    /// `Esc`: the cursor goes back to where the jump began.
    pub fn cancel_jump(&mut self) {
        if let Some(j) = self.jump.take() {
            self.cursor = j.origin.min(self.rows.len().saturating_sub(1));
        }
    }

    /// `n` / `N`: the next (or previous) member the last jump's text finds, wrapping around.
    /// `false` when there is no jump to repeat or it finds nobody.
    pub fn next_match(&mut self, forward: bool) -> bool {
        self.accept_jump();
        let Some((q, _)) = self.last_jump.clone() else { return false };
        let found = self.found(&q);
        let pick = if forward {
            found.iter().find(|&&i| i > self.cursor).or(found.first())
        } else {
            found.iter().rev().find(|&&i| i < self.cursor).or(found.last())
        };
        match pick {
            Some(&i) => {
                self.cursor = i;
                self.last_jump = Some((q, i));
                true
            }
            None => false,
        }
    }

    fn current(&mut self) -> Option<&mut RosterRow> {
        if !self.enabled {
            return None;
        }
        self.rows.get_mut(self.cursor).filter(|r| r.member_id.is_some())
    }

    pub fn move_by(&mut self, delta: isize) {
        if !self.rows.is_empty() {
            self.cursor = (self.cursor as isize + delta).clamp(0, self.rows.len() as isize - 1) as usize;
        }
    }

    /// The incoming guest under the cursor, if that is what the cursor is on.
    fn current_incoming(&mut self) -> Option<&mut RosterRow> {
        if !self.enabled {
            return None;
        }
        self.rows.get_mut(self.cursor).filter(|r| r.incoming.is_some())
    }

    /// Sets the current member's status; the cursor moves on, as a secretary ticks a list. An
    /// incoming guest is only present or absent.
    pub fn set(&mut self, status: Attendance) -> bool {
        if let Some(r) = self.current_incoming() {
            if !matches!(status, Attendance::Present | Attendance::Absent) {
                return false;
            }
            r.status = status;
            self.move_by(1);
            return true;
        }
        let Some(r) = self.current() else {
            return false;
        };
        r.status = status;
        r.standing_until = None;
        if status != Attendance::Excused && status != Attendance::Absent {
            r.reason.clear();
        }
        if status != Attendance::MadeUp {
            r.made_up_on = None;
        }
        self.move_by(1);
        true
    }

    /// `Space`: the next status in the cycle, staying on the row.
    /// `Space`: the next status in the cycle, staying on the row. 请假 and 补学 ask for their
    /// reason and date, as `l` and `m` do.
    pub fn cycle(&mut self) -> bool {
        if let Some(r) = self.current_incoming() {
            r.status = if r.status == Attendance::Absent { Attendance::Present } else { Attendance::Absent };
            return true;
        }
        let Some(r) = self.current() else {
            return false;
        };
        match r.status.cycled() {
            Attendance::Excused => self.ask(PromptKind::Reason),
            Attendance::MadeUp => self.ask(PromptKind::MadeUpDate),
            next => {
                r.status = next;
                true
            }
        }
    }

    /// Moves the cursor to the first member whose 请假 has no reason or 补学 no date, and
    /// returns that member's name.
    pub fn first_incomplete(&mut self) -> Option<String> {
        let i = self.rows.iter().position(|r| {
            r.member_id.is_some()
                && ((r.status == Attendance::Excused && r.reason.trim().is_empty())
                    || (r.status == Attendance::MadeUp && r.made_up_on.is_none()))
        })?;
        self.cursor = i;
        Some(self.rows[i].name.clone())
    }

    /// `a`: everyone who came. Rows marked 请假 or 外出 keep their mark and reason: those
    /// pre-marked from a standing leave or an absence (流动党员), and a 请假 the secretary
    /// entered by hand before pressing `a` (its reason was typed on purpose). Every other
    /// member row (缺席, 迟到, 补学, ...) becomes 出席.
    pub fn all_present(&mut self) -> bool {
        if !self.enabled {
            return false;
        }
        let excused = |r: &RosterRow| matches!(r.status, Attendance::Excused | Attendance::AwayMobile);
        for r in self.rows.iter_mut().filter(|r| (r.member_id.is_some() || r.incoming.is_some()) && !excused(r)) {
            r.status = Attendance::Present;
            r.reason.clear();
            r.made_up_on = None;
        }
        true
    }

    /// Opens a prompt (`l`, `m`, `c`, `g`), pre-filled with what the row has.
    pub fn ask(&mut self, kind: PromptKind) -> bool {
        let initial = match kind {
            PromptKind::Guest => {
                if !self.enabled {
                    return false;
                }
                String::new()
            }
            _ => {
                let Some(r) = self.current() else {
                    return false;
                };
                match kind {
                    PromptKind::Reason => r.reason.clone(),
                    // Empty means today; a stored date is shown to be corrected.
                    PromptKind::MadeUpDate => r.made_up_on.map(dates::fmt).unwrap_or_default(),
                    PromptKind::Credit => String::new(),
                    PromptKind::Guest => String::new(),
                }
            }
        };
        let offers = if kind == PromptKind::Guest { std::mem::take(&mut self.guest_offers) } else { Vec::new() };
        let selected = !initial.is_empty();
        self.prompt = Some(Prompt { kind, input: Input::new(initial), selected, error: None, offers });
        true
    }

    pub fn cancel_prompt(&mut self) {
        self.prompt = None;
    }

    pub fn prompt_input(&mut self, key: KeyEvent) -> bool {
        match &mut self.prompt {
            Some(p) => edit_selected(&mut p.input, &mut p.selected, key),
            None => false,
        }
    }

    pub fn prompt_paste(&mut self, text: &str) -> bool {
        match &mut self.prompt {
            Some(p) => {
                if std::mem::take(&mut p.selected) {
                    p.input = Input::default();
                }
                for c in text.chars().filter(|c| !c.is_control()) {
                    p.input.handle(InputRequest::InsertChar(c));
                }
                true
            }
            None => false,
        }
    }

    /// Accepts the prompt. Returns whether the list changed; on a bad value the prompt stays
    /// open with its error. `meeting` is the meeting's date as typed so far: a 补学 cannot be
    /// before it (the same rule `validate_meeting` applies at saving).
    pub fn accept_prompt(&mut self, today: NaiveDate, meeting: Option<NaiveDate>, lang: Lang) -> bool {
        let Some(p) = self.prompt.take() else {
            return false;
        };
        let text = p.input.value().trim().to_string();
        let fail = |this: &mut Roster, p: Prompt, msg: String| {
            this.prompt = Some(Prompt { error: Some(msg), ..p });
            false
        };
        match p.kind {
            PromptKind::Reason => {
                if text.is_empty() {
                    return fail(self, p, lang.pick("请假须填写原因", "leave needs a reason").into());
                }
                if text.chars().count() > 100 {
                    return fail(self, p, lang.pick("最多 100 个字", "at most 100 characters").into());
                }
                if let Some(r) = self.current() {
                    r.status = Attendance::Excused;
                    r.standing_until = None;
                    r.reason = text;
                    r.made_up_on = None;
                }
                self.move_by(1);
                true
            }
            PromptKind::MadeUpDate => {
                match if text.is_empty() { Ok(today) } else { dates::parse_input(&text, today) } {
                    Ok(d) if d > today => fail(self, p, lang.pick("不能晚于今天", "cannot be after today").into()),
                    Ok(d) if meeting.is_some_and(|m| d < m) => fail(
                        self,
                        p,
                        lang.pick("补学日期不能早于会议日期", "make-up cannot be before the meeting").into(),
                    ),
                    Ok(d) => {
                        if let Some(r) = self.current() {
                            r.status = Attendance::MadeUp;
                            r.made_up_on = Some(d);
                        }
                        self.move_by(1);
                        true
                    }
                    Err(e) => fail(self, p, crate::domain::validation::Problem::Date(e).text(lang)),
                }
            }
            PromptKind::Credit => {
                if text.is_empty() {
                    if let Some(r) = self.current() {
                        r.credit_min = None;
                    }
                    return true;
                }
                match self.unit.parse(&text) {
                    Ok(m) => {
                        if let Some(r) = self.current() {
                            r.credit_min = Some(m);
                        }
                        true
                    }
                    Err(e) => fail(self, p, e.text(lang)),
                }
            }
            PromptKind::Guest => {
                if text.is_empty() || text.chars().count() > 30 {
                    return fail(self, p, lang.pick("姓名 1 到 30 个字", "a name of 1 to 30 characters").into());
                }
                self.rows.push(RosterRow::guest(&text));
                self.cursor = self.rows.len() - 1;
                true
            }
        }
    }

    /// Removes the guest under the cursor (members cannot be removed: they are expected).
    pub fn remove_guest(&mut self) -> bool {
        if self.rows.get(self.cursor).is_some_and(|r| r.member_id.is_none()) {
            self.rows.remove(self.cursor);
            self.cursor = self.cursor.min(self.rows.len().saturating_sub(1));
            true
        } else {
            false
        }
    }

    /// The summary as it fits `room` cells: the guests' count goes first when there is no room
    /// for it (the guests are in the list), then the counts that are zero, then the line is cut
    /// with a mark.
    fn summary_in(&self, lang: Lang, room: usize) -> String {
        let full = self.summary(lang);
        if width(&full) <= room {
            return full;
        }
        let tally = Tally::of(self.members().map(|r| r.status));
        let members = tally.text(lang, false, true);
        if width(&members) <= room {
            return members;
        }
        let short = tally.text(lang, false, false);
        if width(&short) <= room { short } else { fit(&short, room) }
    }

    /// 应到 / 实到 / 请假 / 缺席 / 外出 line (see [`Tally::text`]), with the guests.
    pub fn summary(&self, lang: Lang) -> String {
        let mut s = Tally::of(self.members().map(|r| r.status)).text(lang, false, true);
        let guests = self.guests().filter(|g| g.status != Attendance::Absent).count();
        if guests > 0 {
            s.push_str(&match lang {
                Lang::Zh => format!(" 列席{guests}"),
                Lang::En => format!(" guests {guests}"),
            });
        }
        s
    }

    #[allow(clippy::too_many_arguments)]
    pub fn render(
        &mut self,
        f: &mut Frame,
        area: Rect,
        theme: &Theme,
        lang: Lang,
        label: &str,
        focused: bool,
        error: Option<&str>,
    ) {
        let title_style = if focused { theme.focus() } else { theme.title() };
        let block = theme.block().title(Line::from(Span::styled(format!(" {label} "), title_style))).title_bottom(
            Line::from(format!(" {} ", self.summary_in(lang, (area.width as usize).saturating_sub(4)))).right_aligned(),
        );
        let block = if focused { block } else { block.border_style(theme.muted()) };
        let inner = block.inner(area);
        f.render_widget(block, area);
        if inner.height == 0 {
            return;
        }
        if !self.enabled {
            let msg = lang.pick(
                "计划中的会议无需考勤；状态改为「已召开」后填写。",
                "A planned meeting takes no attendance; set it to held to fill the list.",
            );
            f.render_widget(
                Paragraph::new(msg).style(theme.muted()).wrap(ratatui::widgets::Wrap { trim: true }),
                inner,
            );
            return;
        }
        let w = inner.width as usize;
        // The error and the prompt's note are wrapped, never cut.
        let error_lines = error.map(|e| wrap_marked(e, w)).unwrap_or_default();
        let note_lines = self.prompt.as_ref().map(|p| match &p.error {
            Some(e) => (wrap(e, w), theme.error()),
            None if !p.offers.is_empty() => {
                let typed = p.input.value().trim();
                let names: Vec<&str> =
                    p.offers.iter().map(String::as_str).filter(|n| typed.is_empty() || n.contains(typed)).collect();
                let text = match lang {
                    Lang::Zh => format!("输入姓名即列为流入党员：{}", names.join("、")),
                    Lang::En => format!("a name lists the incoming member: {}", names.join(", ")),
                };
                (wrap(&text, w), theme.muted())
            }
            None => (vec![lang.pick("Enter 确定  Esc 取消", "Enter OK  Esc cancel").to_string()], theme.muted()),
        });
        let extra =
            (error_lines.len() + note_lines.as_ref().map_or(0, |(l, _)| l.len() + 1) + self.jump.is_some() as usize)
                .min(inner.height.saturating_sub(1) as usize) as u16;
        let list_h = inner.height.saturating_sub(extra) as usize;
        if self.cursor < self.offset {
            self.offset = self.cursor;
        } else if list_h > 0 && self.cursor >= self.offset + list_h {
            self.offset = self.cursor + 1 - list_h;
        }
        // Rows out of view are marked on the top border, right of the title.
        let below = self.rows.len().saturating_sub(self.offset + list_h);
        let mark = match (below, self.offset, lang) {
            (0, 0, _) => None,
            (0, above, Lang::Zh) => Some(format!(" ^ 上面还有{above}行 ")),
            (0, above, Lang::En) => Some(format!(" ^ {above} more above ")),
            (n, _, Lang::Zh) => Some(format!(" v 下面还有{n}行 ")),
            (n, _, Lang::En) => Some(format!(" v {n} more below ")),
        };
        if let Some(m) = mark {
            let mw = width(&m) as u16;
            if area.width >= mw + width(label) as u16 + 5 {
                let r = Rect { x: area.x + area.width - mw - 1, y: area.y, width: mw, height: 1 };
                f.render_widget(Paragraph::new(m).style(theme.key()), r);
            }
        }
        // As wide as the longest name, up to a third of the list: wide screens show whole names.
        let longest = self.rows.iter().map(|r| width(&display_safe(&r.name))).max().unwrap_or(0);
        let name_w = longest.clamp(10, (w / 3).max(10)).min(w / 3);
        let lines: Vec<Line> = self
            .rows
            .iter()
            .enumerate()
            .skip(self.offset)
            .take(list_h)
            .map(|(i, r)| {
                let (status, tone) = match (r.member_id, &r.incoming) {
                    (None, Some(_)) if r.status == Attendance::Absent => {
                        (lang.pick("流入缺席", "inc.abs.").to_string(), Tone::Muted)
                    }
                    (None, Some(_)) => (lang.pick("流入", "incoming").to_string(), Tone::Muted),
                    // Once an incoming member, deleted from the register since.
                    (None, None) if r.status == Attendance::Absent => {
                        (lang.pick("列席缺席", "gst.abs.").to_string(), Tone::Muted)
                    }
                    (None, None) => (lang.pick("列席", "guest").to_string(), Tone::Muted),
                    (Some(_), _) => (
                        r.status.label(lang).to_string(),
                        match r.status {
                            Attendance::Absent => Tone::Overdue,
                            Attendance::Excused | Attendance::AwayMobile => Tone::DueSoon,
                            Attendance::Late | Attendance::MadeUp | Attendance::HomeDelivered => Tone::Good,
                            Attendance::Present => Tone::Normal,
                        },
                    ),
                };
                let mut detail = String::new();
                if !r.reason.is_empty() {
                    detail = r.reason.clone();
                }
                if let Some(d) = r.made_up_on {
                    detail = format!("{} {}", lang.pick("于", "on"), dates::fmt(d));
                }
                // Why the row is pre-marked comes first, so that it shows at 80 columns.
                if let Some(until) = r.standing_until.filter(|_| r.status == Attendance::Excused) {
                    detail = match lang {
                        Lang::Zh => format!("长期 {detail} 至{}", dates::fmt(until)),
                        Lang::En => format!("standing: {detail} to {}", dates::fmt(until)),
                    };
                }
                if let Some(g) = &r.incoming {
                    detail = match lang {
                        Lang::Zh => format!("（{}）", g.home_branch),
                        Lang::En => format!("({})", g.home_branch),
                    };
                    if !g.cert_no.is_empty() {
                        detail.push_str(&format!(" {}{}", lang.pick("活动证", "cert. "), g.cert_no));
                    }
                }
                if let Some(c) = r.credit_min {
                    detail.push_str(&format!(" [{}]", self.unit.format(c, lang)));
                }
                let head = format!("{} {} ", pad(&display_safe(&r.name), name_w), pad(&status, 8));
                let rest = fit(&detail, w.saturating_sub(width(&head)));
                let style = if focused && i == self.cursor && self.prompt.is_none() {
                    theme.selected()
                } else {
                    theme.tone(tone)
                };
                let sel_style = if focused && i == self.cursor { theme.selected() } else { theme.base() };
                Line::from(vec![
                    Span::styled(head, style),
                    Span::styled(rest, if focused && i == self.cursor { sel_style } else { theme.muted() }),
                ])
            })
            .collect();
        f.render_widget(Paragraph::new(lines), Rect { height: list_h as u16, ..inner });
        let mut y = inner.y + list_h as u16;
        for l in error_lines {
            if y >= inner.y + inner.height {
                break;
            }
            f.render_widget(Paragraph::new(l).style(theme.error()), Rect { y, height: 1, ..inner });
            y += 1;
        }
        if let Some(j) = &self.jump {
            let label = lang.pick("跳到: ", "jump to: ");
            let note = match (j.query.is_empty(), j.matches) {
                (true, _) => lang.pick("拼音首字母、姓名或编号", "initials, name or number").to_string(),
                (false, 0) => lang.pick("无此人，Esc 返回", "no match; Esc back").to_string(),
                (false, n) => match lang {
                    Lang::Zh => format!("第 {}/{n} 个  n 下一个", j.nth + 1),
                    Lang::En => format!("{} of {n}  n next", j.nth + 1),
                },
            };
            let style = if j.matches == 0 && !j.query.is_empty() { theme.error() } else { theme.muted() };
            // The note takes what the typed text leaves, cut with a mark in a narrow list.
            let room = w.saturating_sub(width(label) + width(&j.query) + 2);
            let line = Line::from(vec![
                Span::styled(label, theme.key()),
                Span::raw(j.query.clone()),
                Span::raw("  "),
                Span::styled(fit(&note, room), style),
            ]);
            f.render_widget(Paragraph::new(line), Rect { y, height: 1, ..inner });
            let x = inner.x + (width(label) + width(&j.query)).min(w.saturating_sub(1)) as u16;
            f.set_cursor_position(Position::new(x, y));
            y += 1;
        }
        if let Some(p) = &self.prompt {
            let label = match p.kind {
                PromptKind::Reason => lang.pick("请假原因: ", "reason: "),
                PromptKind::MadeUpDate => lang.pick("补学日期(空=今天): ", "made up on (empty = today): "),
                PromptKind::Credit => lang.pick("此人学时(空=按会议): ", "credit (empty = meeting's): "),
                PromptKind::Guest => lang.pick("列席人员姓名: ", "guest's name: "),
            };
            let value = p.input.value().to_string();
            let value = if p.selected { Span::styled(value, theme.selected()) } else { Span::raw(value) };
            let line = Line::from(vec![Span::styled(label, theme.key()), value]);
            f.render_widget(Paragraph::new(line), Rect { y, height: 1, ..inner });
            let x = inner.x + (width(label) + p.input.visual_cursor()).min(w.saturating_sub(1)) as u16;
            f.set_cursor_position(Position::new(x, y));
            if let Some((lines, style)) = note_lines {
                let bottom = inner.y + inner.height;
                let h = (lines.len() as u16).min(bottom.saturating_sub(y + 1));
                let text: Vec<Line> = lines.into_iter().map(Line::from).collect();
                f.render_widget(Paragraph::new(text).style(style), Rect { y: y + 1, height: h, ..inner });
            }
        }
    }
}
