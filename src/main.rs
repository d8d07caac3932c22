//! `huzhu`: parse the command line, call the library, map errors to exit codes (2 bad input, 1 other).

use clap::Parser;

fn main() {
    let cli = huzhu::cli::Cli::parse();
    let lang = cli.lang();
    if let Err(e) = huzhu::cli::main(cli) {
        eprintln!("{}{e}", lang.pick("error: ", "错误："));
        std::process::exit(e.exit_code());
    }
}
