//! Pure types and rules: no SQL, no terminal, no files, no clock (`today` is always passed in).

#[macro_use]
pub mod vocab;

pub mod dates;
pub mod dues;
pub mod era;
pub mod evaluation;
pub mod honours;
pub mod ids;
pub mod incoming;
pub mod lang;
pub mod leave;
pub mod meeting;
pub mod member;
pub mod mobile;
pub mod mobile_rules;
pub mod outbound;
pub mod period;
pub mod plan;
pub mod pledge;
pub mod pledge_rules;
pub mod roster;
pub mod rules;
pub mod settings;
pub mod study;
#[cfg(test)]
pub(crate) mod testing;
pub mod theme_day;
pub mod upcoming;
pub mod validation;
