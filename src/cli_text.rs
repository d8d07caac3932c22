//! The command line's own refusals (an unknown option, a value that is not allowed: clap's errors) in
//! both languages, for `--lang zh` and for the messages of `merge` and `slurm`, which parse a command
//! again.

use std::error::Error as _;
use std::ffi::OsString;

use clap::error::{ContextKind, ContextValue, ErrorKind};

use crate::lang::{code_list, Lang, Text};

/// Why a value parser of an option refused a value, in both languages (clap shows it in English; [`cli_error`]
/// finds it again for Chinese).
#[derive(Debug)]
pub struct Refusal(pub Text);

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.0.get(Lang::En))
    }
}

impl std::error::Error for Refusal {}

/// What clap refused, in both languages: the argument, the value, what is allowed and clap's
/// suggestion where it has them.
pub fn cli_error(e: &clap::Error) -> Text {
    let items = |kind: ContextKind| -> Vec<String> {
        match e.get(kind) {
            Some(ContextValue::String(s)) => vec![s.clone()],
            Some(ContextValue::Strings(v)) => v.clone(),
            Some(ContextValue::StyledStr(s)) => vec![s.to_string()],
            Some(ContextValue::StyledStrs(v)) => v.iter().map(|s| s.to_string()).collect(),
            Some(ContextValue::Number(n)) => vec![n.to_string()],
            _ => Vec::new(),
        }
    };
    let get = |kind: ContextKind| items(kind).join(", ");
    let (arg, value, valid) = (
        get(ContextKind::InvalidArg),
        get(ContextKind::InvalidValue),
        code_list(items(ContextKind::ValidValue)),
    );
    let suggested = [
        ContextKind::SuggestedArg,
        ContextKind::SuggestedSubcommand,
        ContextKind::SuggestedValue,
    ]
    .into_iter()
    .map(get)
    .find(|s| !s.is_empty());
    let message = match e.kind() {
        ErrorKind::InvalidValue if value.is_empty() => {
            text!("`{arg}` needs a value; allowed: ", "`{arg}` 需要一个值；允许：").then("", "", &valid)
        }
        ErrorKind::InvalidValue => text!(
            "`{value}` is not a value of `{arg}`; allowed: ",
            "`{value}` 不是 `{arg}` 的有效取值；允许："
        )
        .then("", "", &valid),
        ErrorKind::UnknownArgument => text!("unknown argument `{arg}`", "未知的参数 `{arg}`"),
        ErrorKind::InvalidSubcommand => {
            let command = get(ContextKind::InvalidSubcommand);
            text!(
                "unknown command `{command}`; `huzhu --help` lists the commands",
                "未知的命令 `{command}`；`huzhu --help` 列出全部命令"
            )
        }
        ErrorKind::MissingRequiredArgument => text!(
            "missing: `{arg}`; `huzhu COMMAND --help` shows what the command needs",
            "缺少必需的参数：`{arg}`；`huzhu 命令 --help` 列出该命令需要的参数"
        ),
        ErrorKind::MissingSubcommand => text!(
            "no command given; `huzhu --help` lists the commands",
            "没有给出命令；`huzhu --help` 列出全部命令"
        ),
        ErrorKind::ValueValidation => {
            let source = e.source();
            let why = if let Some(Refusal(why)) = source.and_then(|s| s.downcast_ref::<Refusal>()) {
                why.clone()
            } else if let Some(int) = source.and_then(|s| s.downcast_ref::<std::num::ParseIntError>()) {
                use std::num::IntErrorKind::*;
                let zh = match int.kind() {
                    Empty => "为空",
                    PosOverflow => "太大",
                    NegOverflow | InvalidDigit if value.trim_start().starts_with('-') => "允许：不小于 0 的整数",
                    _ => "不是整数",
                };
                Text::new(int.to_string(), zh)
            } else if let Some(float) = source.and_then(|s| s.downcast_ref::<std::num::ParseFloatError>()) {
                Text::new(float.to_string(), "不是数值")
            } else {
                let source = source.map(|s| s.to_string()).unwrap_or_default();
                text!("{source}", "解析器原文：{source}")
            };
            Text::by(|l| match l {
                Lang::En => format!("`{value}` is not a value of `{arg}`: {}", why.get(l)),
                Lang::Zh => format!("`{value}` 不是 `{arg}` 的有效取值：{}", why.get(l)),
            })
        }
        ErrorKind::ArgumentConflict => {
            let prior = get(ContextKind::PriorArg);
            text!("`{arg}` cannot be used with `{prior}`", "`{arg}` 不能与 `{prior}` 同用")
        }
        ErrorKind::TooManyValues => text!(
            "`{value}` is one value too many for `{arg}`",
            "`{value}` 是 `{arg}` 多出来的值"
        ),
        ErrorKind::WrongNumberOfValues | ErrorKind::TooFewValues => {
            text!("`{arg}` has the wrong number of values", "`{arg}` 的值的个数不对")
        }
        ErrorKind::NoEquals => text!("`{arg}` needs `=` before its value", "`{arg}` 的值之前需要 `=`"),
        ErrorKind::InvalidUtf8 => text!("an argument is not UTF-8 text", "有参数不是 UTF-8 文本"),
        kind => text!(
            "the command line is not valid: {kind}",
            "命令行无效（解析器原文：{kind}）"
        ),
    };
    match suggested {
        Some(s) => message.then("; ", "；", &text!("did you mean `{s}`?", "是否想用 `{s}`？")),
        None => message,
    }
}

/// The language `--lang` asks for among the raw arguments, before they are parsed (clap's refusals
/// come before any command's options exist).
pub fn lang_of_args(args: &[OsString]) -> Lang {
    let zh = args
        .iter()
        .zip(args.iter().skip(1))
        .any(|(a, b)| a == "--lang" && b == "zh")
        || args.iter().any(|a| a == "--lang=zh");
    if zh {
        Lang::Zh
    } else {
        Lang::En
    }
}

/// Ends the process on a command line that clap refused: help and version as clap prints them, a
/// refusal in English as clap writes it, and in Chinese with `--lang zh` (exit code 2 either way).
pub fn refuse(e: clap::Error, args: &[OsString]) -> ! {
    let shows = matches!(
        e.kind(),
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
    );
    if shows || lang_of_args(args) == Lang::En {
        e.exit()
    }
    eprintln!(
        "错误：{}\n\n`huzhu --help` 列出全部命令，`huzhu 命令 --help` 列出该命令的选项。",
        cli_error(&e).get(Lang::Zh)
    );
    std::process::exit(2)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::Cli;
    use clap::Parser;

    fn refusal(args: &[&str]) -> Text {
        let e = Cli::try_parse_from(std::iter::once("huzhu").chain(args.iter().copied())).unwrap_err();
        cli_error(&e)
    }

    #[test]
    fn a_value_that_is_not_allowed_is_named_with_the_allowed_ones() {
        let t = refusal(&["run", "--lang", "fr"]);
        assert!(
            t.get(Lang::Zh).starts_with("`fr` 不是 `--lang <LANG>` 的有效取值"),
            "{t:?}"
        );
        assert!(t.get(Lang::Zh).ends_with("允许：`en`、`zh`"), "{t:?}");
        assert!(t.get(Lang::En).ends_with("allowed: en, zh"), "{t:?}");
    }

    #[test]
    fn a_seed_out_of_range_says_the_range_in_chinese() {
        let t = refusal(&["run", "--seed", "99999999999999999"]);
        assert!(t.get(Lang::Zh).contains("允许：0 至 9000000000000000 的整数"), "{t:?}");
    }

    #[test]
    fn an_unknown_option_is_named() {
        let t = refusal(&["run", "--replicate", "3"]);
        assert!(t.get(Lang::Zh).contains("未知的参数 `--replicate`"), "{t:?}");
        assert!(t.get(Lang::Zh).contains("是否想用 `--replicates`"), "{t:?}");
    }

    #[test]
    fn the_language_is_found_before_parsing() {
        let args = |v: &[&str]| v.iter().map(OsString::from).collect::<Vec<_>>();
        assert_eq!(lang_of_args(&args(&["huzhu", "run", "--lang", "zh"])), Lang::Zh);
        assert_eq!(lang_of_args(&args(&["huzhu", "run", "--lang=zh"])), Lang::Zh);
        assert_eq!(lang_of_args(&args(&["huzhu", "run", "zh"])), Lang::En);
    }
}
