//! The built `zhibu` binary's help pages and usage errors: Chinese by default, English with
//! `--lang en`, for every command (src/cli/help.rs's unit test checks the texts one by one; this
//! checks what is actually printed, the root's own options included).

use std::process::{Command, Output};

const BIN: &str = env!("CARGO_BIN_EXE_zhibu");

/// Words that stay as they are in Chinese text: file formats, programs, choices typed as is.
const CODE_WORDS: &[&str] = &[
    "zhibu", "SQLite", "db", "xlsx", "xls", "ods", "CSV", "csv", "json", "table", "GBK", "UTF", "BOM", "ASCII",
    "Windows", "zh", "en", "overdue", "id",
];

fn zhibu(args: &[&str]) -> Output {
    Command::new(BIN).args(args).env("COLUMNS", "80").output().expect("run zhibu")
}

/// Every command as the words after `zhibu`, the root first.
fn commands() -> Vec<Vec<String>> {
    fn walk(cmd: &clap::Command, path: Vec<String>, out: &mut Vec<Vec<String>>) {
        out.push(path.clone());
        for sub in cmd.get_subcommands() {
            let mut p = path.clone();
            p.push(sub.get_name().to_string());
            walk(sub, p, out);
        }
    }
    let root = <zhibu::cli::Command as clap::Subcommand>::augment_subcommands(clap::Command::new("zhibu"));
    let mut out = Vec::new();
    walk(&root, Vec::new(), &mut out);
    out
}

fn chinese(s: &str) -> bool {
    s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}

/// The English words of `line` that are neither options (`--out`, `-h`), command names nor code
/// words.
fn english_words(line: &str, names: &[String]) -> Vec<String> {
    line.split(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'))
        .filter(|w| !w.starts_with('-'))
        .flat_map(|w| w.split(|c: char| !c.is_ascii_alphabetic()))
        .filter(|w| w.len() > 1)
        .filter(|w| !CODE_WORDS.contains(w) && !names.iter().any(|n| n == w))
        .map(str::to_string)
        .collect()
}

#[test]
fn help_is_chinese_by_default_and_english_with_lang_en_for_every_command() {
    let commands = commands();
    let names: Vec<String> = commands.iter().filter_map(|p| p.last().cloned()).collect();
    let mut bad = Vec::new();
    for path in &commands {
        let at = format!("zhibu {}", path.join(" "));
        let mut args: Vec<&str> = path.iter().map(String::as_str).collect();
        args.push("--help");
        let out = zhibu(&args);
        let text = String::from_utf8_lossy(&out.stdout).into_owned();
        assert!(out.status.success(), "{at} --help: {:?} {}", out.status, String::from_utf8_lossy(&out.stderr));
        assert!(text.contains("用法：") && text.contains("显示帮助"), "{at} --help:\n{text}");
        for line in text.lines().filter(|l| !l.trim().is_empty()) {
            let words = english_words(line, &names);
            if !chinese(line) || !words.is_empty() {
                bad.push(format!("{at} --help: {line:?} {words:?}"));
            }
        }

        let mut en = vec!["--lang", "en"];
        en.extend(&args);
        let out = zhibu(&en);
        let text = String::from_utf8_lossy(&out.stdout).into_owned();
        assert!(out.status.success(), "{at} --lang en --help: {:?}", out.status);
        assert!(text.contains("Usage: ") && text.contains("Print help"), "{at} --lang en --help:\n{text}");
        // English texts may name Chinese terms (党费, 台账), but no line is Chinese only.
        for line in text.lines().filter(|l| !l.trim().is_empty()) {
            if !line.chars().any(|c| c.is_ascii_alphabetic())
                || ["用法", "选项", "显示"].iter().any(|w| line.contains(w))
            {
                bad.push(format!("{at} --lang en --help: {line:?}"));
            }
        }
    }
    assert!(bad.is_empty(), "{} lines not in the help's language:\n{}", bad.len(), bad.join("\n"));
}

#[test]
fn usage_errors_are_one_chinese_line_by_default_and_english_with_lang_en() {
    let names: Vec<String> = commands().iter().filter_map(|p| p.last().cloned()).collect();
    let cases: &[&[&str]] = &[
        &["report", "dues", "--year", "abc"],
        &["report", "study", "--year", "1800"],
        &["report", "meetings", "--format", "xml"],
        &["report", "overdue", "--fail-on", "late"],
        &["report", "due"],
        &["report", "dues", "--yr", "2025"],
        &["export", "taizhang"],
        &["export", "taizhang", "--out", "a.xlsx", "--year", "abc"],
        &["export", "signin", "--out", "a.xlsx"],
        &["export", "signin", "--meeting", "x", "--out", "a.xlsx"],
        &["import", "members"],
        &["import", "members", "a.csv", "--sheet"],
        &["undo", "import", "now"],
        &["restore"],
        &["backup", "--out", "a.db", "--list"],
        &["sample"],
        &["sample", "--out", "a.db", "--members", "many"],
        &["check", "--repair=yes"],
        &["--ascii=1"],
        &["report", "dues", "--ascii"],
        &["backup", "--out", "a.db", "--out", "b.db"],
        &["check", "--repair", "--repair"],
        &["--lang"],
        &["report", "overdue", "base.db"],
    ];
    let mut bad = Vec::new();
    for args in cases {
        let at = format!("zhibu {}", args.join(" "));
        let out = zhibu(args);
        let err = String::from_utf8_lossy(&out.stderr).into_owned();
        assert_eq!(out.status.code(), Some(2), "{at}: {err}");
        assert!(out.stdout.is_empty(), "{at} printed to stdout");
        let words = english_words(&err, &names)
            .into_iter()
            .filter(|w| !args.iter().any(|a| a.contains(w.as_str())))
            .collect::<Vec<_>>();
        if err.lines().count() != 1 || !chinese(&err) || !words.is_empty() {
            bad.push(format!("{at}: {err:?} {words:?}"));
        }

        let mut en = vec!["--lang", "en"];
        en.extend(*args);
        let out = zhibu(&en);
        let err = String::from_utf8_lossy(&out.stderr).into_owned();
        assert_eq!(out.status.code(), Some(2), "{at} --lang en: {err}");
        if err.lines().count() != 1 || chinese(&err) {
            bad.push(format!("{at} --lang en: {err:?}"));
        }
    }
    // A command without its subcommand shows its help, in the same language, and fails.
    let out = zhibu(&["export"]);
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(2));
    if !err.contains("用法：zhibu export") || !err.contains("taizhang  全年台账") {
        bad.push(format!("zhibu export: {err:?}"));
    }
    let out = zhibu(&["--lang", "en", "export"]);
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(2));
    if !err.contains("Usage: zhibu export") || err.contains("用法") {
        bad.push(format!("zhibu --lang en export: {err:?}"));
    }
    assert!(bad.is_empty(), "{} errors not in their language:\n{}", bad.len(), bad.join("\n"));
}

/// A database given after a command is pointed to --db; a lone word that names no file is not
/// made into a new, empty database (it is far more often a mistyped command).
#[test]
fn a_stray_database_and_a_mistyped_command_are_explained_and_nothing_is_created() {
    let out = zhibu(&["report", "overdue", "base.db"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("--db base.db"), "{err}");
    let out = zhibu(&["--lang", "en", "report", "overdue", "base.db"]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("--db base.db"));

    let dir = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| Command::new(BIN).args(args).current_dir(dir.path()).output().unwrap();
    let out = run(&["reprot"]);
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("是不是命令 report") && err.contains("reprot.db"), "{err}");
    let out = run(&["--lang", "en", "minutes"]);
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(err.contains("no file minutes") && !err.contains("did you mean"), "{err}");
    let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert!(left.is_empty(), "files made: {left:?}");
}
