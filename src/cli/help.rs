//! The command line in the user's language: `zhibu --help` and every usage error in Chinese by
//! default, in English with `--lang en`. The English texts are the doc comments of the argument
//! structs; the Chinese ones are here, by command and argument id. An argument without a Chinese
//! text keeps its English one.

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

/// (command path, argument id, Chinese help). The path is the subcommand names after `zhibu`.
const ARGS_ZH: &[(&str, &str, &str)] = &[
    ("", "db", "要打开的数据库文件（默认：本机数据文件夹中的 zhibu.db）"),
    ("", "today", "按这一天作为今天（2026-11-28、20261128、1128 或 t）"),
    ("", "lang", "界面语言：zh（中文，默认）或 en（英文）"),
    ("", "ascii", "用 ASCII 字符 +-| 画边框"),
    ("", "no_ascii", "用制表符画边框（旧版 Windows 控制台默认用 ASCII）"),
    ("sample", "out", "写到这个文件（不能已存在；旧的示例库可以被替换）"),
    ("sample", "as_of", "示例的日期：记录截至这一天（默认今天）"),
    ("sample", "members", "党员人数（默认为示例支部的 38 人）"),
    ("report", "db", "数据库文件（默认：本机数据文件夹中的 zhibu.db）"),
    ("report study", "year", "哪一年（默认今年）"),
    ("report study", "format", "格式：table（表格，默认）、csv 或 json"),
    ("report study", "out", "写入文件（UTF-8 带 BOM，记事本可直接打开），不打印"),
    ("report meetings", "year", "哪一年（默认今年）"),
    ("report meetings", "format", "格式：table（表格，默认）、csv 或 json"),
    ("report meetings", "out", "写入文件（UTF-8 带 BOM，记事本可直接打开），不打印"),
    ("report incoming", "year", "哪一年（默认今年）"),
    ("report incoming", "format", "格式：table（表格，默认）、csv 或 json"),
    ("report incoming", "out", "写入文件（UTF-8 带 BOM，记事本可直接打开），不打印"),
    ("report overdue", "format", "格式：table（表格，默认）、csv 或 json"),
    ("report overdue", "out", "写入文件（UTF-8 带 BOM，记事本可直接打开），不打印"),
    ("report overdue", "fail_on", "有这一级事项时退出码为 1（适合计划任务）：overdue"),
    ("backup", "db", "要备份的数据库（默认：本机数据文件夹中的 zhibu.db）"),
    ("backup", "out", "备份写到这个文件（不能已存在）"),
];

/// (command path, Chinese description, Chinese usage).
const COMMANDS_ZH: &[(&str, &str, &str)] = &[
    ("", "支部台账：党支部的台账，保存在一个 SQLite 文件里", "zhibu [选项] [数据库文件]\n       zhibu [选项] <命令>"),
    ("sample", "写出一个示例支部的数据库（同样的参数总是写出同样的内容）", "zhibu sample --out <文件> [选项]"),
    ("report", "打印报表：逾期事项、学习时间、会议", "zhibu report <报表> [选项]"),
    ("report study", "全年每名党员的集中学习时间（「学习」页）", "zhibu report study [选项]"),
    ("report meetings", "全年的会议与考勤（「三会一课」页）", "zhibu report meetings [选项]"),
    ("report overdue", "逾期与将到期事项（「待办」页）", "zhibu report overdue [选项]"),
    (
        "report incoming",
        "流入党员全年参加组织生活情况，供填写《流动党员活动证》和反馈流出地党组织（「流动」页）",
        "zhibu report incoming [选项]",
    ),
    ("backup", "用 SQLite 在线备份写出数据库的完整副本", "zhibu backup --out <文件> [选项]"),
];

/// Value names in Chinese help.
fn value_name_zh(name: &str) -> Option<&'static str> {
    Some(match name {
        "FILE" => "文件",
        "N" => "人数",
        "YEAR" => "年份",
        "FORMAT" => "格式",
        "FAIL_ON" => "级别",
        "DB" => "数据库文件",
        "DATE" => "日期",
        _ => return None,
    })
}

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
                .help_heading("选项"),
        ),
    }
}

fn zh(mut cmd: Command, path: &str) -> Command {
    if let Some((_, about, usage)) = COMMANDS_ZH.iter().find(|(p, _, _)| *p == path) {
        cmd = cmd.about(*about).override_usage(*usage);
    }
    cmd = cmd
        .help_template("{about}\n\n用法：{usage}\n\n{all-args}")
        .subcommand_help_heading("命令")
        .disable_help_subcommand(true)
        .disable_help_flag(true)
        .disable_version_flag(true);
    let ids: Vec<String> = cmd.get_arguments().map(|a| a.get_id().to_string()).collect();
    for id in ids {
        let help = ARGS_ZH.iter().find(|(p, i, _)| *p == path && *i == id).map(|(_, _, h)| *h);
        cmd = cmd.mut_arg(&id, |a| {
            let heading = if a.is_positional() { "参数" } else { "选项" };
            let names: Option<Vec<&'static str>> =
                a.get_value_names().unwrap_or_default().iter().map(|n| value_name_zh(n)).collect();
            let takes_value = a.get_action().takes_values();
            let a = a.help_heading(heading);
            // Chinese help says the choices and defaults in its own words.
            let a = if takes_value { a.hide_possible_values(true).hide_default_value(true) } else { a };
            let a = match names {
                Some(names) if !names.is_empty() => a.value_names(names),
                _ => a,
            };
            match help {
                Some(h) => a.help(h),
                None => a,
            }
        });
    }
    cmd =
        cmd.arg(Arg::new("help").long("help").short('h').action(ArgAction::Help).help("显示帮助").help_heading("选项"));
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
        (ErrorKind::ArgumentConflict, Lang::Zh) => format!("{arg} 不能与 {} 同时使用", get(ContextKind::PriorArg)),
        (ErrorKind::ArgumentConflict, Lang::En) => format!("{arg} cannot be used with {}", get(ContextKind::PriorArg)),
        (ErrorKind::TooManyValues, _) if arg.is_empty() => match lang {
            Lang::Zh => format!("多余的参数 {value}"),
            Lang::En => format!("unexpected argument {value}"),
        },
        (_, Lang::Zh) => format!("命令行有误：{}", first_line()),
        (_, Lang::En) => first_line(),
    };
    let more = lang.pick("（zhibu --help 查看用法）", " (zhibu --help)");
    format!("zhibu: {text}{more}")
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
    use clap::Subcommand as _;

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

    #[test]
    fn every_chinese_text_names_a_real_command_and_argument() {
        // Mirrors main.rs's arguments by walking the CLI's subcommands.
        let cmd = crate::cli::Command::augment_subcommands(clap::Command::new("zhibu"));
        for (path, id, _) in ARGS_ZH {
            if path.is_empty() {
                continue; // the top level's arguments live in main.rs
            }
            let mut c = &cmd;
            for name in path.split(' ') {
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
