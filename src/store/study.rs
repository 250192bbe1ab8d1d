//! Study records.
