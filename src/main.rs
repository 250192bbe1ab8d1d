//! Wiring only: parse the arguments, pick the database and `today`, run the TUI or a command.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;
use zhibu::cli;
use zhibu::domain::lang::Lang;

#[derive(Parser)]
#[command(name = "zhibu", version, about = "支部台账: a Party branch's records in one SQLite file")]
struct Args {
    /// The database file to open (default: zhibu.db in the user's local data folder).
    db: Option<PathBuf>,
    /// Act as if today were this date (YYYY-MM-DD).
    #[arg(long, global = true, value_name = "YYYY-MM-DD")]
    today: Option<String>,
    /// Language of everything shown: zh (default) or en.
    #[arg(long, global = true, value_name = "zh|en", default_value = "zh")]
    lang: String,
    /// Draw borders with plain ASCII characters.
    #[arg(long, global = true)]
    ascii: bool,
    #[command(subcommand)]
    command: Option<cli::Command>,
}

fn main() -> ExitCode {
    let args = match Args::try_parse() {
        Ok(a) => a,
        // Help and version print as clap formats them; a usage error gets one line.
        Err(e) if !e.use_stderr() => {
            let _ = e.print();
            return ExitCode::SUCCESS;
        }
        Err(e) => {
            let text = e.to_string();
            let first = text.lines().next().unwrap_or("").trim_start_matches("error: ");
            eprintln!("zhibu: {first} (zhibu --help)");
            return ExitCode::from(2);
        }
    };
    let Some(lang) = Lang::from_id(&args.lang) else {
        eprintln!("zhibu: --lang 只能是 zh 或 en / --lang must be zh or en");
        return ExitCode::from(2);
    };
    let today = match &args.today {
        None => chrono::Local::now().date_naive(),
        Some(s) => match zhibu::domain::dates::parse_iso(s) {
            Some(d) => d,
            None => {
                eprintln!(
                    "{}",
                    lang.pick(
                        "zhibu: --today 须为 YYYY-MM-DD 格式的真实日期",
                        "zhibu: --today must be a real date as YYYY-MM-DD"
                    )
                );
                return ExitCode::from(2);
            }
        },
    };
    let outcome = match args.command {
        Some(cmd) => cli::run(cmd, args.db, today, lang),
        None => cli::open_tui(args.db, today, lang, args.ascii),
    };
    match outcome {
        Ok(code) => code,
        Err(e) => {
            eprintln!("zhibu: {e}");
            ExitCode::from(1)
        }
    }
}
