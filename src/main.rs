//! `huzhu`: parse the command line, call the library, map errors to exit codes (2 bad input, 1 other),
//! and print them in the language of `--lang`.

use clap::Parser;

fn main() {
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let cli = huzhu::cli::Cli::try_parse_from(&args).unwrap_or_else(|e| huzhu::cli_text::refuse(e, &args));
    let lang = cli.lang();
    if let Err(e) = huzhu::cli::main(cli) {
        eprintln!("{}{}", lang.pick("error: ", "错误："), e.text(lang));
        std::process::exit(e.exit_code());
    }
}
