//! Wiring only: parse the arguments, pick the database and `today`, run the TUI or a command.

use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches};
use zhibu::cli;
use zhibu::cli::Args;
use zhibu::domain::lang::Lang;

fn main() -> ExitCode {
    let raw: Vec<std::ffi::OsString> = std::env::args_os().collect();
    // Help and usage errors come before `--lang` is parsed: it is read from the raw arguments.
    let help_lang = cli::help::lang_of_args(&raw);
    let parsed = cli::help::localize(Args::command(), help_lang)
        .try_get_matches_from(&raw)
        .and_then(|m| Args::from_arg_matches(&m));
    let args = match parsed {
        Ok(a) => a,
        // Help and version print as clap formats them; a usage error gets one line.
        Err(e) if !e.use_stderr() => {
            let _ = e.print();
            return ExitCode::SUCCESS;
        }
        Err(e) if e.kind() == clap::error::ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            let _ = e.print();
            return ExitCode::from(2);
        }
        Err(e) => {
            eprintln!("{}", cli::help::error_line(&e, help_lang));
            return ExitCode::from(2);
        }
    };
    let Some(lang) = Lang::from_id(&args.lang) else {
        eprintln!("zhibu: --lang 只能是 zh 或 en / --lang must be zh or en");
        return ExitCode::from(2);
    };
    let clock = chrono::Local::now().date_naive();
    let today = match &args.today {
        None => clock,
        // The same forms as a date field: 2026-11-28, 20261128, 1128, t.
        Some(s) => match zhibu::domain::dates::parse_input(s, clock) {
            Ok(d) => d,
            Err(_) => {
                eprintln!(
                    "{}",
                    lang.pick(
                        "zhibu: --today 须为真实日期，如 2026-11-28、20261128、1128 或 t",
                        "zhibu: --today must be a real date, e.g. 2026-11-28, 20261128, 1128 or t"
                    )
                );
                return ExitCode::from(2);
            }
        },
    };
    let outcome = match args.command {
        Some(cmd) => cli::run(cmd, args.db, today, lang),
        None => {
            let ascii = if args.ascii {
                Some(true)
            } else if args.no_ascii {
                Some(false)
            } else {
                None
            };
            cli::open_tui(args.db, today, lang, ascii)
        }
    };
    match outcome {
        Ok(code) => code,
        Err(e) => {
            eprintln!("zhibu: {e}");
            ExitCode::from(1)
        }
    }
}
