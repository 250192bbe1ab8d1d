//! The program's own arguments (`zhibu [options] [file]` and its commands), here rather than
//! in main.rs so that the help's tests walk the very tree the program parses.

use std::path::PathBuf;

#[derive(clap::Parser)]
#[command(name = "zhibu", bin_name = "zhibu", version, about = "支部台账: a Party branch's records in one SQLite file")]
pub struct Args {
    /// The database file to open (default: zhibu.db in the user's local data folder).
    pub db: Option<PathBuf>,
    /// Act as if today were this date (2026-11-28, 20261128, 1128 or t).
    #[arg(long, global = true, value_name = "DATE")]
    pub today: Option<String>,
    /// Language of everything shown: zh (default) or en.
    #[arg(long, global = true, value_name = "zh|en", default_value = "zh")]
    pub lang: String,
    // The border switches belong to the full-screen program alone: not global, so that the
    // commands' help does not list options that change nothing there.
    /// Draw borders with plain ASCII characters.
    #[arg(long, overrides_with = "no_ascii")]
    pub ascii: bool,
    /// Draw borders with line characters, even in the legacy Windows console.
    #[arg(long, overrides_with = "ascii")]
    pub no_ascii: bool,
    #[command(subcommand)]
    pub command: Option<super::Command>,
}
