//! A bounded fuzz test of scenario validation (issue 18): every bundled scenario mutated thousands of
//! times (bytes flipped, lines deleted or doubled, extreme numbers, values of the wrong shape) is
//! either valid or refused as bad input, never a panic and never slower than a second, and every refusal
//! has a Chinese text with no English left in it.

mod common;
use common::*;

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use huzhu::lang::Lang;
use huzhu::scenario::Scenario;
use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};

const MUTATIONS_PER_SCENARIO: usize = 2000;

const EXTREMES: [&str; 14] = [
    "1e308",
    "-1e308",
    "1e-320",
    "nan",
    "-inf",
    "9223372036854775807",
    "-9223372036854775808",
    "0",
    "-0.0",
    "18446744073709551616",
    "4294967296",
    "[]",
    "{ }",
    "\"text\"",
];

const SHAPES: [&str; 8] = [
    "[1, 2]",
    "[[1], [2]]",
    "{ mean = 1 }",
    "true",
    "\"\"",
    "1979-05-27",
    "[\"a\", 1]",
    "{ a = { b = 1 } }",
];

fn mutate(text: &str, rng: &mut StdRng) -> Vec<u8> {
    let mut lines: Vec<String> = text.lines().map(String::from).collect();
    for _ in 0..rng.random_range(1..4usize) {
        match rng.random_range(0..7u32) {
            0 if !lines.is_empty() => {
                let k = rng.random_range(0..lines.len());
                lines.remove(k);
            }
            1 if !lines.is_empty() => {
                let k = rng.random_range(0..lines.len());
                let line = lines[k].clone();
                lines.insert(k, line);
            }
            2 | 3 => {
                // A value replaced by an extreme number or by something of another shape.
                if let Some(k) = (0..lines.len()).find(|_| rng.random::<f64>() < 0.2) {
                    if let Some((key, _)) = lines[k].split_once('=') {
                        let value = if rng.random::<bool>() {
                            EXTREMES[rng.random_range(0..EXTREMES.len())]
                        } else {
                            SHAPES[rng.random_range(0..SHAPES.len())]
                        };
                        lines[k] = format!("{key}= {value}");
                    }
                }
            }
            4 => {
                let section = ["run", "villages", "care", "levers.time_bank", "levers.nope", "health"];
                let key = [
                    "years",
                    "count",
                    "population",
                    "start_year",
                    "end_year",
                    "on",
                    "x",
                    "severity_split",
                ];
                lines.push(format!(
                    "[{}]\n{} = {}",
                    section[rng.random_range(0..section.len())],
                    key[rng.random_range(0..key.len())],
                    EXTREMES[rng.random_range(0..EXTREMES.len())]
                ));
            }
            5 => {
                let extends = [
                    "\".\"",
                    "\"huzhu:baseline\"",
                    "\"nowhere.toml\"",
                    "\"baseline.toml\"",
                    "3",
                ];
                lines.insert(0, format!("extends = {}", extends[rng.random_range(0..extends.len())]));
            }
            _ => {}
        }
    }
    let mut bytes = lines.join("\n").into_bytes();
    // Bytes flipped.
    for _ in 0..rng.random_range(0..3usize) {
        if !bytes.is_empty() {
            let k = rng.random_range(0..bytes.len());
            bytes[k] = rng.random();
        }
    }
    bytes
}

fn bundled() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    files
}

/// A folder holding a copy of the bundled scenarios, beside which the mutants go, so that `extends`
/// finds its files.
fn with_bundled() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for file in bundled() {
        std::fs::copy(&file, dir.path().join(file.file_name().unwrap())).unwrap();
    }
    dir
}

#[test]
fn mutated_scenarios_are_valid_or_bad_input_never_a_panic_or_a_hang() {
    let dir = with_bundled();
    let mut rng = StdRng::seed_from_u64(2026);
    let (mut valid, mut refused) = (0usize, 0usize);
    let mutant = dir.path().join("mutant.toml");
    for file in bundled() {
        let text = read(&file);
        for _ in 0..MUTATIONS_PER_SCENARIO {
            let bytes = mutate(&text, &mut rng);
            std::fs::write(&mutant, &bytes).unwrap();
            let start = Instant::now();
            let loaded = catch_unwind(AssertUnwindSafe(|| Scenario::load(&mutant)));
            let took = start.elapsed();
            let shown = String::from_utf8_lossy(&bytes);
            let loaded = loaded.unwrap_or_else(|_| panic!("check panicked on:\n{shown}"));
            assert!(took < Duration::from_secs(1), "check took {took:?} on:\n{shown}");
            match loaded {
                Ok(_) => valid += 1,
                Err(e) => {
                    assert_eq!(e.exit_code(), 2, "{e}\non:\n{shown}");
                    let zh = e.text(Lang::Zh);
                    let left = english_left(&zh);
                    assert!(left.is_empty(), "English left {left:?} in: {zh}\non:\n{shown}");
                    refused += 1;
                }
            }
        }
    }
    assert!(valid > 100 && refused > 100, "{valid} valid, {refused} refused");
}

/// The same through the binary, for a sample: `check` exits 0 or 2 and never prints a panic, and with
/// `--lang zh` refuses in Chinese.
#[test]
fn the_check_command_exits_0_or_2_on_mutated_scenarios() {
    let dir = with_bundled();
    let mut rng = StdRng::seed_from_u64(18);
    for file in bundled() {
        let text = read(&file);
        for _ in 0..8 {
            std::fs::write(dir.path().join("mutant.toml"), mutate(&text, &mut rng)).unwrap();
            let o = huzhu(&["check", "mutant.toml"], dir.path());
            let err = stderr(&o);
            assert!(matches!(o.status.code(), Some(0 | 2)), "{:?}: {err}", o.status);
            assert!(!err.contains("panicked"), "{err}");
            let zh = huzhu(&["check", "mutant.toml", "--lang", "zh"], dir.path());
            assert_eq!(zh.status.code(), o.status.code(), "{}", stderr(&zh));
            if zh.status.code() == Some(2) {
                refused_in_chinese(&zh, &["mutant.toml"]);
            }
        }
    }
}
