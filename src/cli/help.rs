//! The command line in the user's language: `zhibu --help` and every usage error in Chinese by
//! default, in English with `--lang en`. The English texts are the doc comments of the argument
//! structs; the Chinese ones are here, by command and argument id. An argument without a Chinese
//! text would keep its English one: the tests below name any such text.

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Arg, ArgAction, Command};

use crate::domain::lang::Lang;

/// `--lang` as given anywhere on the command line (it is global), before clap has parsed it:
/// the help and the errors of the parse itself need it.
pub fn lang_of_args(args: &[std::ffi::OsString]) -> Lang {
    let mut it = args.iter().skip(1).filter_map(|a| a.to_str());
    let mut lang = Lang::Zh;
    while let Some(a) = it.next() {
        let value = match a.strip_prefix("--lang=") {
            Some(v) => Some(v),
            None if a == "--lang" => it.next(),
            None => None,
        };
        if let Some(l) = value.and_then(Lang::from_id) {
            lang = l;
        }
    }
    lang
}

// Texts shared by several commands.
const DB: &str = "数据库文件（默认：本机数据文件夹中的 zhibu.db）";
const YEAR: &str = "哪一年（默认今年）";
const FORMAT: &str = "格式：table（表格，默认）、csv 或 json";
const OUT: &str = "写入文件（UTF-8 带 BOM，记事本可直接打开），不打印";
const WORKBOOK: &str = "写到这个工作簿（不能已存在）";

/// (command path, argument id, Chinese help). The path is the subcommand names after `zhibu`.
const ARGS_ZH: &[(&str, &str, &str)] = &[
    ("", "db", "要打开的数据库文件（默认：本机数据文件夹中的 zhibu.db）"),
    ("", "today", "按这一天作为今天（2026-11-28、20261128、1128 或 t）"),
    ("", "lang", "界面语言：zh（中文，默认）或 en（英文）"),
    ("", "ascii", "用 ASCII 字符 +-| 画边框"),
    ("", "no_ascii", "用制表符画边框（旧版 Windows 控制台默认用 ASCII）"),
    ("sample", "out", "写到这个文件（不能已存在；旧的示例库可以被替换）"),
    ("sample", "as_of", "示例的日期（如 2026-11-28，默认今天）：记录截至这一天"),
    ("sample", "members", "党员人数（默认为示例支部的 38 人）"),
    ("report", "db", DB),
    ("report study", "year", YEAR),
    ("report study", "format", FORMAT),
    ("report study", "out", OUT),
    ("report meetings", "year", YEAR),
    ("report meetings", "format", FORMAT),
    ("report meetings", "out", OUT),
    ("report dues", "year", YEAR),
    ("report dues", "format", FORMAT),
    ("report dues", "out", OUT),
    ("report pledges", "year", YEAR),
    ("report pledges", "format", FORMAT),
    ("report pledges", "out", OUT),
    ("report service", "year", YEAR),
    ("report service", "format", FORMAT),
    ("report service", "out", OUT),
    ("report mobile", "year", YEAR),
    ("report mobile", "format", FORMAT),
    ("report mobile", "out", OUT),
    ("report incoming", "year", YEAR),
    ("report incoming", "format", FORMAT),
    ("report incoming", "out", OUT),
    ("report evaluation", "year", YEAR),
    ("report evaluation", "format", FORMAT),
    ("report evaluation", "out", OUT),
    ("report talks", "year", YEAR),
    ("report talks", "format", FORMAT),
    ("report talks", "out", OUT),
    ("report overdue", "format", FORMAT),
    ("report overdue", "out", OUT),
    ("report overdue", "fail_on", "有这一级事项时退出码为 1（适合计划任务）：overdue"),
    ("report members", "all", "包括已归档的党员（已转出、去世等）"),
    ("report members", "format", FORMAT),
    ("report members", "out", OUT),
    ("report honours", "year", "哪一年（默认今年；纪念章自 2021 年起颁发）"),
    ("report honours", "format", FORMAT),
    ("report honours", "out", OUT),
    ("check", "db", "要检查的数据库（默认：本机数据文件夹中的 zhibu.db）"),
    ("check", "repair", "按出席记录重算不符的合计（一次完成，不会只改一半）"),
    ("backup", "db", "要备份的数据库（默认：本机数据文件夹中的 zhibu.db）"),
    ("backup", "out", "备份写到这个文件（不能已存在）"),
    ("backup", "list", "列出这个数据库已有的备份，最新的在前，并逐个检查"),
    ("export taizhang", "year", YEAR),
    ("export taizhang", "out", WORKBOOK),
    ("export taizhang", "db", DB),
    ("export signin", "meeting", "会议编号（zhibu report meetings --format json 中的 id）"),
    ("export signin", "out", WORKBOOK),
    ("export signin", "db", DB),
    ("import members", "file", "要导入的表格文件"),
    ("import members", "sheet", "读取哪个工作表（默认第一个）"),
    ("import members", "dry_run", "只显示将有哪些变化，不写入"),
    ("import members", "skip_bad", "跳过有问题的行，导入其余的（不加时，有问题就全部不导入）"),
    ("import members", "db", DB),
    ("undo import", "yes", "确认撤销（不加时只显示将撤销什么）"),
    ("undo import", "db", DB),
    ("restore", "file", "要恢复的备份文件"),
    ("restore", "db", "恢复到哪个数据库（默认：本机数据文件夹中的 zhibu.db）"),
];

/// (command path, Chinese description, Chinese usage).
const COMMANDS_ZH: &[(&str, &str, &str)] = &[
    ("", "支部台账：党支部的台账，保存在一个 SQLite 文件里", "zhibu [选项] [数据库文件]\n       zhibu [选项] <命令>"),
    ("sample", "写出一个示例支部的数据库（同样的参数总是写出同样的内容）", "zhibu sample --out <文件> [选项]"),
    ("report", "打印报表：学习、会议、党费、承诺、流动、评议、待办、名册等", "zhibu report <报表> [选项]"),
    ("report study", "全年每名党员的集中学习时间（「学习」页）", "zhibu report study [选项]"),
    ("report meetings", "全年的会议与考勤（「三会一课」页）", "zhibu report meetings [选项]"),
    ("report dues", "党费：全年逐月收缴表及合计（「党费」页）", "zhibu report dues [选项]"),
    ("report pledges", "全年党员承诺（「承诺」页）", "zhibu report pledges [选项]"),
    ("report service", "全年联系服务群众记录（「承诺」页的联系服务）", "zhibu report service [选项]"),
    ("report mobile", "本年内外出的党员：年底报上级党组织的名单（「流动」页）", "zhibu report mobile [选项]"),
    (
        "report incoming",
        "流入党员全年参加的会议：供填写活动证、反馈流出地（「流动」页）",
        "zhibu report incoming [选项]",
    ),
    ("report evaluation", "民主评议：每名党员的等次、谈话、整改事项（「评议」页）", "zhibu report evaluation [选项]"),
    ("report talks", "全年谈心谈话记录", "zhibu report talks [选项]"),
    ("report overdue", "逾期与将到期事项（「待办」页）", "zhibu report overdue [选项]"),
    ("report members", "党员名册，含党龄和状态（「党员」页）", "zhibu report members [选项]"),
    ("report honours", "光荣在党50年：本年党龄满 50 年的党员，及名单是否已上报", "zhibu report honours [选项]"),
    ("check", "检查文件完好、合计无误（只读；--repair 修复合计；有问题时退出码为 1）", "zhibu check [选项]"),
    ("backup", "备份数据库到备份文件夹（或 --out 指定文件；--list 列出已有备份）", "zhibu backup [选项]"),
    ("export", "把记录导出为电子表格（xlsx）", "zhibu export <表格> --out <文件.xlsx> [选项]"),
    (
        "export taizhang",
        "全年台账，A4 打印：名册、会议、学习，有记录时另含承诺、评议、党费等",
        "zhibu export taizhang --out <文件.xlsx> [选项]",
    ),
    (
        "export signin",
        "会议签到表：每名应到党员一行，留签名栏",
        "zhibu export signin --meeting <编号> --out <文件.xlsx> [选项]",
    ),
    ("import", "从电子表格导入记录", "zhibu import <内容> <文件> [选项]"),
    ("import members", "导入党员名册：xlsx、xls、ods，或 UTF-8、GBK 编码的 CSV", "zhibu import members <文件> [选项]"),
    ("undo", "撤销最近一次名册导入（zhibu undo import --yes）", "zhibu undo <内容> [选项]"),
    ("undo import", "撤销最近一次用 zhibu import members 做的名册导入（整批）", "zhibu undo import [--yes] [选项]"),
    ("restore", "用备份替换数据库的内容，被替换的内容先另存一份", "zhibu restore <文件> [选项]"),
];

/// Value names in Chinese help.
fn value_name_zh(name: &str) -> Option<&'static str> {
    Some(match name {
        "FILE" => "文件",
        "FILE.xlsx" => "文件.xlsx",
        "N" => "人数",
        "YEAR" | "YYYY" => "年份",
        "FORMAT" => "格式",
        "FAIL_ON" => "级别",
        "DB" => "数据库文件",
        "DATE" | "YYYY-MM-DD" => "日期",
        "ID" => "编号",
        "NAME" => "工作表",
        _ => return None,
    })
}

/// Where the global options and `--help` come in a command's list of options.
const GLOBAL_ORDER: usize = 50;
const HELP_ORDER: usize = 99;

/// The command with its help in `lang`.
pub fn localize(cmd: Command, lang: Lang) -> Command {
    match lang {
        Lang::En => cmd.disable_help_subcommand(true),
        Lang::Zh => zh(cmd, "").version(env!("CARGO_PKG_VERSION")).arg(
            Arg::new("version")
                .long("version")
                .short('V')
                .action(ArgAction::Version)
                .help("显示版本")
                .help_heading("选项")
                .display_order(HELP_ORDER + 1),
        ),
    }
}

fn zh(mut cmd: Command, path: &str) -> Command {
    if let Some((_, about, usage)) = COMMANDS_ZH.iter().find(|(p, _, _)| *p == path) {
        cmd = cmd.about(*about).long_about(None).override_usage(*usage);
    }
    cmd = cmd
        .help_template("{about}\n\n用法：{usage}\n\n{all-args}")
        .subcommand_help_heading("命令")
        .disable_help_subcommand(true)
        .disable_help_flag(true)
        .disable_version_flag(true);
    let ids: Vec<String> = cmd.get_arguments().map(|a| a.get_id().to_string()).collect();
    for (i, id) in ids.into_iter().enumerate() {
        let help = ARGS_ZH.iter().find(|(p, i, _)| *p == path && *i == id).map(|(_, _, h)| *h);
        cmd = cmd.mut_arg(&id, |a| {
            let heading = if a.is_positional() { "参数" } else { "选项" };
            let names: Option<Vec<&'static str>> =
                a.get_value_names().unwrap_or_default().iter().map(|n| value_name_zh(n)).collect();
            let takes_value = a.get_action().takes_values();
            // A command's own arguments first, then the global ones it shares with the others.
            let order = if a.is_global_set() { GLOBAL_ORDER + i } else { i };
            let a = a.help_heading(heading).display_order(order);
            // Chinese help says the choices and defaults in its own words.
            let a = if takes_value { a.hide_possible_values(true).hide_default_value(true) } else { a };
            let a = match names {
                Some(names) if !names.is_empty() => a.value_names(names),
                _ => a,
            };
            match help {
                Some(h) => a.help(h).long_help(None),
                None => a,
            }
        });
    }
    cmd = cmd.arg(
        Arg::new("help")
            .long("help")
            .short('h')
            .action(ArgAction::Help)
            .help("显示帮助")
            .help_heading("选项")
            .display_order(HELP_ORDER),
    );
    let subs: Vec<String> = cmd.get_subcommands().map(|s| s.get_name().to_string()).collect();
    for s in subs {
        let sub_path = if path.is_empty() { s.clone() } else { format!("{path} {s}") };
        cmd = cmd.mut_subcommand(&s, |c| zh(c, &sub_path));
    }
    cmd
}

/// One line for a usage error, in `lang`.
pub fn error_line(e: &clap::Error, lang: Lang) -> String {
    let get = |k: ContextKind| match e.get(k) {
        Some(ContextValue::String(s)) => s.clone(),
        Some(ContextValue::Strings(v)) => v.join(lang.pick("、", ", ")),
        Some(ContextValue::StyledStr(s)) => s.to_string(),
        Some(ContextValue::Number(n)) => n.to_string(),
        _ => String::new(),
    };
    // The argument as the user would type it: `--year <YEAR>` is shown as `--year`.
    let arg = get(ContextKind::InvalidArg).split([' ', '=']).next().unwrap_or_default().to_string();
    let value = get(ContextKind::InvalidValue);
    let prior = get(ContextKind::PriorArg).split([' ', '=']).next().unwrap_or_default().to_string();
    let hint = {
        let s = get(ContextKind::SuggestedArg);
        let s = if s.is_empty() { get(ContextKind::SuggestedSubcommand) } else { s };
        let s = if s.is_empty() { get(ContextKind::SuggestedValue) } else { s };
        if s.is_empty() {
            String::new()
        } else {
            match lang {
                Lang::Zh => format!("；是不是 {s}？"),
                Lang::En => format!("; did you mean {s}?"),
            }
        }
    };
    let valid = get(ContextKind::ValidValue);
    let first_line = || {
        let text = e.to_string();
        text.lines().next().unwrap_or("").trim_start_matches("error: ").to_string()
    };
    let text = match (e.kind(), lang) {
        (ErrorKind::InvalidValue, Lang::Zh) if !valid.is_empty() => {
            format!("{arg} 的值 {value:?} 不可用，可选：{valid}{hint}")
        }
        (ErrorKind::InvalidValue, Lang::En) if !valid.is_empty() => {
            format!("{value:?} is not a value of {arg}; choose one of {valid}{hint}")
        }
        (ErrorKind::InvalidValue, Lang::Zh) => format!("{arg} 需要一个值"),
        (ErrorKind::InvalidValue, Lang::En) => format!("{arg} needs a value"),
        (ErrorKind::ValueValidation, Lang::Zh) => format!("{arg} 的值 {value:?} 不可用{}", expected_zh(&arg)),
        (ErrorKind::ValueValidation, Lang::En) => format!("{value:?} is not a value of {arg}{}", expected_en(&arg)),
        // `zhibu report overdue base.db`: the file belongs after --db (or before the command).
        (ErrorKind::UnknownArgument, Lang::Zh) if hint.is_empty() && looks_like_db(&arg) => {
            format!("不认识的参数 {arg}；数据库文件请用 --db {arg} 给出")
        }
        (ErrorKind::UnknownArgument, Lang::En) if hint.is_empty() && looks_like_db(&arg) => {
            format!("unknown argument {arg}; give the database as --db {arg}")
        }
        (ErrorKind::UnknownArgument, Lang::Zh) => format!("不认识的参数 {arg}{hint}"),
        (ErrorKind::UnknownArgument, Lang::En) => format!("unknown argument {arg}{hint}"),
        (ErrorKind::InvalidSubcommand, Lang::Zh) => {
            format!("不认识的命令 {}{hint}", get(ContextKind::InvalidSubcommand))
        }
        (ErrorKind::InvalidSubcommand, Lang::En) => {
            format!("unknown command {}{hint}", get(ContextKind::InvalidSubcommand))
        }
        (ErrorKind::MissingRequiredArgument, Lang::Zh) => format!("缺少 {}", zh_value_names(&arg)),
        (ErrorKind::MissingRequiredArgument, Lang::En) => format!("missing {arg}"),
        // clap says a repeated option conflicts with itself.
        (ErrorKind::ArgumentConflict, Lang::Zh) if prior == arg => format!("{arg} 只能给一次"),
        (ErrorKind::ArgumentConflict, Lang::En) if prior == arg => format!("{arg} can be given only once"),
        (ErrorKind::ArgumentConflict, Lang::Zh) => format!("{arg} 不能与 {prior} 同时使用"),
        (ErrorKind::ArgumentConflict, Lang::En) => format!("{arg} cannot be used with {prior}"),
        (ErrorKind::TooManyValues, _) if arg.is_empty() => match lang {
            Lang::Zh => format!("多余的参数 {value}"),
            Lang::En => format!("unexpected argument {value}"),
        },
        // `--repair=yes`: a switch given a value.
        (ErrorKind::TooManyValues, Lang::Zh) => format!("{arg} 不带值，{value:?} 是多余的"),
        (ErrorKind::TooManyValues, Lang::En) => format!("{arg} takes no value (got {value:?})"),
        (ErrorKind::InvalidUtf8, Lang::Zh) => "命令行里有不是 UTF-8 编码的文字".to_string(),
        (ErrorKind::InvalidUtf8, Lang::En) => "an argument is not valid UTF-8".to_string(),
        // Kinds the arguments cannot produce today; clap's English would break the Chinese line.
        (_, Lang::Zh) if arg.is_empty() => "命令行有误".to_string(),
        (_, Lang::Zh) => format!("{arg} 用法有误"),
        (_, Lang::En) => first_line(),
    };
    let more = lang.pick("（zhibu --help 查看用法）", " (zhibu --help)");
    format!("zhibu: {text}{more}")
}

/// The command closest to `word` (a mistyped `reprot`): at most two letters added, dropped,
/// changed or swapped, as clap's own suggestions allow.
pub fn nearest_command(word: &str) -> Option<String> {
    let cmd = <super::Args as clap::CommandFactory>::command();
    let names: Vec<String> = cmd.get_subcommands().map(|c| c.get_name().to_string()).collect();
    names.into_iter().map(|n| (edits(word, &n), n)).filter(|(d, _)| *d <= 2).min().map(|(_, n)| n)
}

/// Edits between two words (optimal string alignment: a swap of neighbours is one edit).
fn edits(a: &str, b: &str) -> usize {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    d[0] = (0..=b.len()).collect();
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            d[i][j] = (d[i - 1][j] + 1).min(d[i][j - 1] + 1).min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d[i][j] = d[i][j].min(d[i - 2][j - 2] + 1);
            }
        }
    }
    d[a.len()][b.len()]
}

/// A stray argument that names a database: an existing file, or a name ending in `.db`.
fn looks_like_db(arg: &str) -> bool {
    !arg.starts_with('-') && (arg.to_lowercase().ends_with(".db") || std::path::Path::new(arg).is_file())
}

/// `--out <FILE>` and `<FILE>` as Chinese help writes them.
fn zh_value_names(s: &str) -> String {
    s.split(' ')
        .map(|w| match w.strip_prefix('<').and_then(|w| w.strip_suffix('>')) {
            Some(name) => format!("<{}>", value_name_zh(name).unwrap_or(name)),
            None => w.to_string(),
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn expected_zh(arg: &str) -> &'static str {
    match arg {
        "--year" => "：须为 1900 到 2199 之间的年份",
        "--members" => "：须为人数",
        _ => "",
    }
}

fn expected_en(arg: &str) -> &'static str {
    match arg {
        "--year" => ": a year from 1900 to 2199",
        "--members" => ": a number of members",
        _ => "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_mistyped_command_is_named_and_other_words_are_not() {
        assert_eq!(nearest_command("reprot").as_deref(), Some("report"));
        assert_eq!(nearest_command("bakup").as_deref(), Some("backup"));
        assert_eq!(nearest_command("export").as_deref(), Some("export"));
        assert_eq!(nearest_command("支部"), None);
        assert_eq!(nearest_command("minutes"), None);
        assert_eq!(edits("ab", "ba"), 1);
        assert_eq!(edits("", "abc"), 3);
    }

    fn os(args: &[&str]) -> Vec<std::ffi::OsString> {
        args.iter().map(Into::into).collect()
    }

    #[test]
    fn lang_is_read_anywhere_on_the_line_in_both_spellings() {
        assert_eq!(lang_of_args(&os(&["zhibu"])), Lang::Zh);
        assert_eq!(lang_of_args(&os(&["zhibu", "--lang", "en"])), Lang::En);
        assert_eq!(lang_of_args(&os(&["zhibu", "report", "study", "--lang=en"])), Lang::En);
        assert_eq!(lang_of_args(&os(&["zhibu", "--lang", "xx"])), Lang::Zh);
        // A file named like the option's value is not the option.
        assert_eq!(lang_of_args(&os(&["zhibu", "en"])), Lang::Zh);
    }

    /// The whole tree, built (global arguments copied into every subcommand), as the program makes it.
    fn tree(lang: Lang) -> clap::Command {
        let mut cmd = localize(<crate::cli::Args as clap::CommandFactory>::command(), lang);
        cmd.build();
        cmd
    }

    /// Every command with its path (`report dues`), the root first.
    fn commands(cmd: &clap::Command) -> Vec<(String, &clap::Command)> {
        fn walk<'a>(cmd: &'a clap::Command, path: String, out: &mut Vec<(String, &'a clap::Command)>) {
            for sub in cmd.get_subcommands() {
                let p = if path.is_empty() { sub.get_name().to_string() } else { format!("{path} {}", sub.get_name()) };
                walk(sub, p, out);
            }
            out.push((path, cmd));
        }
        let mut out = Vec::new();
        walk(cmd, String::new(), &mut out);
        out.reverse();
        out
    }

    fn chinese(s: &str) -> bool {
        s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
    }

    fn latin(s: &str) -> bool {
        s.chars().any(|c| c.is_ascii_alphabetic())
    }

    #[test]
    fn every_command_and_argument_has_chinese_help_and_english_is_kept() {
        // The doc comments, without the `help` subcommand, which neither language has.
        let raw = {
            let mut c = <crate::cli::Args as clap::CommandFactory>::command().disable_help_subcommand(true);
            c.build();
            c
        };
        let raw_commands = commands(&raw);
        let text = |s: Option<&clap::builder::StyledStr>| s.map(|s| s.to_string());
        // Chinese: a text with a Chinese character that is not the English one (`党费: the month
        // grid ...` has Chinese words in it).
        let zh_text = |s: &Option<String>, english: &Option<String>| s.as_deref().is_some_and(chinese) && s != english;
        let zh = tree(Lang::Zh);
        let mut bad = Vec::new();
        for (path, cmd) in commands(&zh) {
            let at = if path.is_empty() { "zhibu".to_string() } else { format!("zhibu {path}") };
            let english = raw_commands.iter().find(|(p, _)| *p == path).map(|(_, c)| *c);
            let english_about = english.and_then(|c| text(c.get_about()));
            let about = text(cmd.get_about());
            if !zh_text(&about, &english_about) {
                bad.push(format!("{at}: description {about:?}"));
            }
            if let Some(a) = text(cmd.get_long_about()).filter(|a| !chinese(a)) {
                bad.push(format!("{at}: long description {a:?}"));
            }
            match text(cmd.get_overridden_usage()) {
                Some(u) if chinese(&u) => {}
                u => bad.push(format!("{at}: usage {u:?}")),
            }
            if cmd.has_subcommands() && !cmd.get_subcommand_help_heading().is_some_and(chinese) {
                bad.push(format!("{at}: heading of the commands"));
            }
            for a in cmd.get_arguments().filter(|a| !a.is_hide_set()) {
                let id = a.get_id().as_str();
                let english_help =
                    english.and_then(|c| c.get_arguments().find(|x| x.get_id() == id)).and_then(|x| text(x.get_help()));
                let help = text(a.get_help());
                if !zh_text(&help, &english_help) {
                    bad.push(format!("{at}: {id} help {help:?}"));
                }
                if let Some(h) = text(a.get_long_help()).filter(|h| !chinese(h)) {
                    bad.push(format!("{at}: {id} long help {h:?}"));
                }
                if !a.get_help_heading().is_some_and(chinese) {
                    bad.push(format!("{at}: {id} heading {:?}", a.get_help_heading()));
                }
                if !a.get_action().takes_values() {
                    continue;
                }
                // A value name is Chinese, or the choices themselves (`zh|en`), which are typed as is.
                let literal = |n: &str| n.split('|').count() > 1 && n.split('|').all(|v| Lang::from_id(v).is_some());
                match a.get_value_names() {
                    Some(names) if names.iter().all(|n| chinese(n) || literal(n)) => {}
                    names => bad.push(format!("{at}: {id} value name {names:?}")),
                }
                // clap would add `[default: table] [possible values: ...]` in English.
                if !a.get_possible_values().is_empty() && !a.is_hide_possible_values_set() {
                    bad.push(format!("{at}: {id} shows its choices in English"));
                }
                if !a.get_default_values().is_empty() && !a.is_hide_default_value_set() {
                    bad.push(format!("{at}: {id} shows its default in English"));
                }
            }
        }

        // English: every text exactly as in the doc comments, none replaced by Chinese.
        let en = tree(Lang::En);
        let en_commands = commands(&en);
        assert_eq!(raw_commands.len(), en_commands.len(), "the English tree has other commands");
        for ((path, r), (en_path, e)) in raw_commands.into_iter().zip(en_commands) {
            assert_eq!(path, en_path);
            let at = if path.is_empty() { "zhibu (en)".to_string() } else { format!("zhibu {path} (en)") };
            let about = e.get_about().map(|s| s.to_string());
            if about != r.get_about().map(|s| s.to_string()) || !about.as_deref().is_some_and(latin) {
                bad.push(format!("{at}: description {about:?}"));
            }
            if e.get_overridden_usage().is_some() {
                bad.push(format!("{at}: usage overridden"));
            }
            for a in e.get_arguments() {
                let id = a.get_id().as_str();
                let help = a.get_help().map(|s| s.to_string());
                let kept = r.get_arguments().find(|x| x.get_id() == id).map(|x| x.get_help().map(|s| s.to_string()));
                if kept != Some(help.clone()) {
                    bad.push(format!("{at}: {id} help {help:?} is not the doc comment"));
                }
                if help.as_deref().is_some_and(|h| !latin(h)) {
                    bad.push(format!("{at}: {id} help {help:?} is not English"));
                }
                if a.get_value_names().unwrap_or_default().iter().any(|n| chinese(n)) {
                    bad.push(format!("{at}: {id} value name {:?}", a.get_value_names()));
                }
            }
        }
        assert!(bad.is_empty(), "{} texts not in the help's language:\n{}", bad.len(), bad.join("\n"));
    }

    #[test]
    fn every_chinese_text_names_a_real_command_and_argument() {
        let cmd = <crate::cli::Args as clap::CommandFactory>::command();
        for (path, id, _) in ARGS_ZH {
            let mut c = &cmd;
            for name in path.split(' ').filter(|n| !n.is_empty()) {
                c = c.find_subcommand(name).unwrap_or_else(|| panic!("no command {path}"));
            }
            assert!(c.get_arguments().any(|a| a.get_id() == id), "no argument {id} in {path}");
        }
        for (path, _, _) in COMMANDS_ZH {
            let mut c = &cmd;
            for name in path.split(' ').filter(|n| !n.is_empty()) {
                c = c.find_subcommand(name).unwrap_or_else(|| panic!("no command {path}"));
            }
        }
    }
}
