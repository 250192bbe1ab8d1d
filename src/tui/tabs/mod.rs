//! One module per tab or dialog: its state, rows, forms and drawing.

pub mod dashboard;
pub mod groups;
pub mod meetings;
pub mod members;
pub mod settings;
pub mod study;
