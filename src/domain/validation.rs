//! Field errors: what a rule found wrong with one field of a form, in both languages.

use super::dates::DateInputError;
use super::lang::Lang;

/// What is wrong with a field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Problem {
    Required,
    TooLong {
        max: usize,
    },
    Date(DateInputError),
    AfterToday,
    /// A number that is not a whole number in range.
    Number {
        min: i64,
        max: i64,
    },
    /// A rule-specific message.
    Rule {
        zh: &'static str,
        en: &'static str,
    },
    /// A message that names a value (e.g. a duplicate name).
    Text {
        zh: String,
        en: String,
    },
}

impl Problem {
    pub fn text(&self, lang: Lang) -> String {
        match self {
            Problem::Required => lang.pick("必填", "required").to_string(),
            Problem::TooLong { max } => match lang {
                Lang::Zh => format!("最多 {max} 个字"),
                Lang::En => format!("at most {max} characters"),
            },
            Problem::Date(DateInputError::Format) => lang
                .pick(
                    "日期格式：2026-11-28、20261128、11-28 或 t（今天）",
                    "date as 2026-11-28, 20261128, 11-28 or t (today)",
                )
                .to_string(),
            Problem::Date(DateInputError::NoSuchDay) => lang.pick("没有这一天", "no such day").to_string(),
            Problem::AfterToday => lang.pick("不能晚于今天", "cannot be after today").to_string(),
            Problem::Number { min, max } => match lang {
                Lang::Zh => format!("请输入 {min} 到 {max} 之间的整数"),
                Lang::En => format!("a whole number from {min} to {max}"),
            },
            Problem::Rule { zh, en } => lang.pick(zh, en).to_string(),
            Problem::Text { zh, en } => lang.pick(zh, en).to_string(),
        }
    }
}

/// A problem attached to the field it belongs to (the field's key, as the form names it).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldError {
    pub field: &'static str,
    pub problem: Problem,
}

impl FieldError {
    pub fn new(field: &'static str, problem: Problem) -> Self {
        FieldError { field, problem }
    }

    pub fn rule(field: &'static str, zh: &'static str, en: &'static str) -> Self {
        FieldError { field, problem: Problem::Rule { zh, en } }
    }
}

/// Collects field errors; a form is valid when none were collected.
#[derive(Debug, Default)]
pub struct Errors(pub Vec<FieldError>);

impl Errors {
    pub fn add(&mut self, field: &'static str, problem: Problem) {
        // The first problem of a field is the one worth showing.
        if !self.0.iter().any(|e| e.field == field) {
            self.0.push(FieldError::new(field, problem));
        }
    }

    pub fn rule(&mut self, field: &'static str, zh: &'static str, en: &'static str) {
        self.add(field, Problem::Rule { zh, en });
    }

    pub fn has(&self, field: &str) -> bool {
        self.0.iter().any(|e| e.field == field)
    }

    /// Checks a text's length in characters (not bytes) and, if `required`, that it is not blank.
    pub fn text(&mut self, field: &'static str, value: &str, required: bool, max: usize) {
        if required && value.trim().is_empty() {
            self.add(field, Problem::Required);
        } else if value.chars().count() > max {
            self.add(field, Problem::TooLong { max });
        }
    }

    pub fn finish(self) -> Result<(), Vec<FieldError>> {
        if self.0.is_empty() { Ok(()) } else { Err(self.0) }
    }
}
