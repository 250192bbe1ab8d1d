//! The UI language. Every user-facing string exists in Chinese and English.

/// The language of everything the program says.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    Zh,
    En,
}

impl Lang {
    /// Picks the string for this language.
    pub fn pick<'a>(self, zh: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }

    pub fn from_id(s: &str) -> Option<Lang> {
        match s {
            "zh" => Some(Lang::Zh),
            "en" => Some(Lang::En),
            _ => None,
        }
    }
}

/// A string in both languages: (中文, English).
pub type Tr = (&'static str, &'static str);

impl Lang {
    /// Picks one side of a [`Tr`].
    pub fn t(self, tr: Tr) -> &'static str {
        self.pick(tr.0, tr.1)
    }
}
