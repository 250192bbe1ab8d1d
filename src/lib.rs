//! zhibu (支部台账): a Party branch secretary's records in one SQLite file.
//!
//! Layers (see `tests/architecture.rs`): `domain` holds pure types and rules, `store` all SQL,
//! `service` the use cases, `tui` and `cli` what the user sees.

pub mod cli;
pub mod domain;
pub mod service;
pub mod store;
pub mod tui;
