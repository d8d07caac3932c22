//! Helpers for the integration tests: run the binary, write scenario files.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub fn huzhu(args: &[&str], cwd: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_huzhu"))
        .args(args)
        .current_dir(cwd)
        .output()
        .expect("the binary runs")
}

pub fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

/// A small scenario: a few villages, a few years, two replicates.
pub const SMALL: &str = "
[run]
years = 7
replicates = 2
seed = 11

[villages]
count = 4
population = { mean = 500, sd = 100, min = 200 }
";

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

pub fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The rows of a timeseries.csv without the scenario column, by month.
pub fn rows_without_scenario(csv: &str) -> Vec<(u32, String)> {
    csv.lines()
        .skip(1)
        .map(|l| {
            let rest = l.split_once(',').unwrap().1;
            let month: u32 = rest.split(',').nth(2).unwrap().parse().unwrap();
            (month, rest.to_string())
        })
        .collect()
}
