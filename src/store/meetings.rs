//! Meetings (filled in below).
