//! Colours and borders. Only the 16 named ANSI colours (the legacy Windows console turns RGB
//! and indexed colours into black); readable on black and on white; `NO_COLOR` gives a
//! monochrome theme that marks with REVERSED and BOLD instead.

use ratatui::style::{Color, Modifier, Style};
use ratatui::symbols::border;
use ratatui::widgets::{Block, Borders};

/// A finding's tone: overdue red, due soon yellow.
pub fn severity_tone(s: crate::domain::rules::Severity) -> Tone {
    match s {
        crate::domain::rules::Severity::Overdue => Tone::Overdue,
        crate::domain::rules::Severity::DueSoon => Tone::DueSoon,
    }
}

/// How serious a highlighted item is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Tone {
    Normal,
    Muted,
    DueSoon,
    Overdue,
    Good,
}

#[derive(Clone, Copy, Debug)]
pub struct Theme {
    pub mono: bool,
    pub ascii: bool,
}

/// Plain ASCII borders for consoles that draw line characters two cells wide.
const ASCII_BORDER: border::Set = border::Set {
    top_left: "+",
    top_right: "+",
    bottom_left: "+",
    bottom_right: "+",
    vertical_left: "|",
    vertical_right: "|",
    horizontal_top: "-",
    horizontal_bottom: "-",
};

impl Theme {
    pub fn new(mono: bool, ascii: bool) -> Theme {
        Theme { mono, ascii }
    }

    fn pick(&self, colour: Style, mono: Style) -> Style {
        if self.mono { mono } else { colour }
    }

    pub fn base(&self) -> Style {
        Style::default()
    }

    pub fn title(&self) -> Style {
        Style::default().add_modifier(Modifier::BOLD)
    }

    pub fn header(&self) -> Style {
        self.pick(
            Style::default().fg(Color::Cyan).add_modifier(Modifier::BOLD),
            Style::default().add_modifier(Modifier::BOLD),
        )
    }

    pub fn selected(&self) -> Style {
        Style::default().add_modifier(Modifier::REVERSED)
    }

    pub fn muted(&self) -> Style {
        self.pick(Style::default().fg(Color::DarkGray), Style::default())
    }

    /// A form's greyed help: without colours (NO_COLOR) faint, so that it does not read as a
    /// value typed in.
    pub fn hint(&self) -> Style {
        self.pick(Style::default().fg(Color::DarkGray), Style::default().add_modifier(Modifier::DIM))
    }

    pub fn key(&self) -> Style {
        self.pick(
            Style::default().fg(Color::Cyan).add_modifier(Modifier::BOLD),
            Style::default().add_modifier(Modifier::BOLD),
        )
    }

    pub fn error(&self) -> Style {
        self.pick(
            Style::default().fg(Color::Red).add_modifier(Modifier::BOLD),
            Style::default().add_modifier(Modifier::BOLD),
        )
    }

    pub fn ok(&self) -> Style {
        self.pick(Style::default().fg(Color::Green), Style::default())
    }

    pub fn focus(&self) -> Style {
        self.pick(
            Style::default().fg(Color::Cyan).add_modifier(Modifier::BOLD),
            Style::default().add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
        )
    }

    pub fn tab_active(&self) -> Style {
        Style::default().add_modifier(Modifier::REVERSED | Modifier::BOLD)
    }

    pub fn banner(&self) -> Style {
        self.pick(
            Style::default().fg(Color::Black).bg(Color::Yellow),
            Style::default().add_modifier(Modifier::REVERSED),
        )
    }

    /// A row's colour by its most serious finding.
    pub fn tone(&self, t: Tone) -> Style {
        match t {
            Tone::Normal => Style::default(),
            Tone::Muted => self.muted(),
            Tone::DueSoon => {
                self.pick(Style::default().fg(Color::Yellow), Style::default().add_modifier(Modifier::UNDERLINED))
            }
            Tone::Overdue => self.pick(Style::default().fg(Color::Red), Style::default().add_modifier(Modifier::BOLD)),
            Tone::Good => self.pick(Style::default().fg(Color::Green), Style::default()),
        }
    }

    /// A marker cell (逾期 / 将到期): a background, so that it reads on black and on white.
    pub fn marker(&self, t: Tone) -> Style {
        match t {
            Tone::Overdue => self.pick(
                Style::default().fg(Color::White).bg(Color::Red),
                Style::default().add_modifier(Modifier::REVERSED | Modifier::BOLD),
            ),
            Tone::DueSoon => self.pick(
                Style::default().fg(Color::Black).bg(Color::Yellow),
                Style::default().add_modifier(Modifier::REVERSED),
            ),
            Tone::Good => self.pick(Style::default().fg(Color::Black).bg(Color::Green), Style::default()),
            Tone::Normal | Tone::Muted => self.tone(t),
        }
    }

    /// A bordered block in the theme's border characters.
    pub fn block<'a>(&self) -> Block<'a> {
        let b = Block::default().borders(Borders::ALL);
        if self.ascii { b.border_set(ASCII_BORDER) } else { b }
    }
}
