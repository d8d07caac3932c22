//! Bad input gets one clear message (file, key where there is one, what is allowed), exit code 2, no
//! panic and no output files.

mod common;
use common::*;

/// (what, scenario text or None for no file, extra arguments, words the message must hold)
type Case = (
    &'static str,
    Option<&'static [u8]>,
    &'static [&'static str],
    &'static [&'static str],
);

const CASES: &[Case] = &[
    (
        "unknown key",
        Some(b"[run]\nyaers = 3\n"),
        &[],
        &["bad.toml", "line 2", "run.yaers", "years"],
    ),
    (
        "wrong type",
        Some(b"[run]\nyears = \"ten\"\n"),
        &[],
        &["bad.toml", "run.years", "wrong type", "whole number"],
    ),
    (
        "probability 1.5",
        Some(b"[migration]\nreturn_to_care = 1.5\n"),
        &[],
        &["bad.toml", "migration.return_to_care", "0 to 1"],
    ),
    (
        "negative count",
        Some(b"[villages]\ncount = -3\n"),
        &[],
        &["bad.toml", "villages.count", "out of range"],
    ),
    (
        "float for a count",
        Some(b"[villages]\ncount = 2.5\n"),
        &[],
        &["bad.toml", "villages.count", "whole number"],
    ),
    (
        "lever ends before it starts",
        Some(b"[levers.outmigration]\nstart_year = 5\nend_year = 3\n"),
        &[],
        &["bad.toml", "levers.outmigration.end_year", "greater than start_year"],
    ),
    (
        "unknown lever",
        Some(b"[levers.teleport]\nstart_year = 1\n"),
        &[],
        &["bad.toml", "teleport", "levers are: time_bank"],
    ),
    (
        "lever value out of range",
        Some(b"[levers.outmigration]\nscale = -1\n"),
        &[],
        &["bad.toml", "levers.outmigration.scale", "0 to 20"],
    ),
    (
        "missing extends target",
        Some(b"extends = \"nowhere.toml\"\n"),
        &[],
        &["bad.toml", "extends", "nowhere.toml", "does not exist"],
    ),
    (
        "extends of the wrong type",
        Some(b"extends = 3\n"),
        &[],
        &["bad.toml", "extends", "wrong type"],
    ),
    (
        "extends cycle",
        Some(b"extends = \"bad.toml\"\n"),
        &[],
        &["bad.toml", "extends", "cycle"],
    ),
    (
        "binary garbage",
        Some(b"\xff\xfe\x00\x01garbage\x00"),
        &[],
        &["bad.toml", "UTF-8"],
    ),
    (
        "not TOML",
        Some(b"[run\nyears = 3\n"),
        &[],
        &["bad.toml", "line 1", "not valid TOML"],
    ),
    (
        "list of the wrong length",
        Some(b"[health]\nseverity_split = [0.5, 0.5]\n"),
        &[],
        &["bad.toml", "health.severity_split", "list of 3 numbers"],
    ),
    (
        "shares that do not add up to 1",
        Some(b"[health]\nseverity_split = [0.5, 0.3, 0.3]\n"),
        &[],
        &["bad.toml", "health.severity_split", "add up to 1"],
    ),
    (
        "a list holding text",
        Some(b"[health]\nseverity_split = [0.5, \"a\", 0.2]\n"),
        &[],
        &["bad.toml", "health.severity_split", "string"],
    ),
    (
        "name that is not text",
        Some(b"name = 3\n"),
        &[],
        &["bad.toml", "name", "text in quotes"],
    ),
    (
        "unknown section",
        Some(b"[weather]\nrain = 1\n"),
        &[],
        &["bad.toml", "weather.rain", "unknown key"],
    ),
    (
        "--set on an unknown key",
        Some(b""),
        &["--set", "care.nope=3"],
        &["--set", "care.nope", "keys in `care` are: need_hours"],
    ),
    (
        "--set with a wrong type",
        Some(b""),
        &["--set", "run.years=abc"],
        &["--set", "run.years", "wrong type"],
    ),
    (
        "--set without =",
        Some(b""),
        &["--set", "run.years"],
        &["--set", "KEY=VALUE"],
    ),
    (
        "--years 0",
        Some(b""),
        &["--years", "0"],
        &["--years", "run.years", "1 to 200"],
    ),
    ("--threads 0", Some(b""), &["--threads", "0"], &["--threads", "from 1"]),
    (
        "a file that does not exist",
        None,
        &[],
        &["missing.toml", "does not exist"],
    ),
    // A name is not a path (issue 18, class 1).
    (
        "a name that climbs out of the output folder",
        Some(b"name = \"../../x\"\n"),
        &[],
        &["bad.toml", "line 1", "name", "not a name", "1 to 64"],
    ),
    (
        "an absolute name",
        Some(b"name = \"/tmp/x\"\n"),
        &[],
        &["bad.toml", "name", "not a name"],
    ),
    (
        "an empty name",
        Some(b"name = \"\"\n"),
        &[],
        &["bad.toml", "name", "not a name"],
    ),
    (
        "a name with a newline",
        Some(b"name = \"a\\nb\"\n"),
        &[],
        &["bad.toml", "name", "not a name"],
    ),
    // Nonsense that parses (class 6).
    (
        "the smallest village above the mean",
        Some(b"[villages]\npopulation = { mean = 200, min = 300 }\n"),
        &[],
        &["bad.toml", "line 2", "villages.population.min", "above the mean"],
    ),
    (
        "provider ages given backwards",
        Some(b"[behaviour]\nprovider_ages = [79, 50]\n"),
        &[],
        &["bad.toml", "line 2", "behaviour.provider_ages", "[youngest, oldest]"],
    ),
    (
        "an age structure that does not add up to 100",
        Some(b"[demography]\nage_structure = [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]\n"),
        &[],
        &["bad.toml", "demography.age_structure", "add up to 100", "rescaled"],
    ),
    (
        "a lever that starts after the run ends",
        Some(b"[run]\nyears = 3\n[levers.time_bank]\nstart_year = 5\n"),
        &[],
        &["bad.toml", "line 4", "levers.time_bank.start_year", "below run.years"],
    ),
    (
        "--years that ends the run before a lever starts",
        Some(b"[levers.time_bank]\nstart_year = 5\n"),
        &["--years", "4"],
        &["levers.time_bank.start_year", "below run.years"],
    ),
    // Messages that help (class 9).
    (
        "a table given as a number",
        Some(b"[villages]\npopulation = 800\n"),
        &[],
        &[
            "bad.toml",
            "line 2",
            "villages.population",
            "is a table",
            "mean",
            "sd",
            "min",
        ],
    ),
    (
        "extends a folder",
        Some(b"extends = \".\"\n"),
        &[],
        &["bad.toml", "line 1", "extends", "folder"],
    ),
];

#[test]
fn each_bad_input_exits_2_with_a_clear_message_and_writes_nothing() {
    for (what, text, args, words) in CASES {
        let dir = tempfile::tempdir().unwrap();
        let file = match text {
            Some(bytes) => {
                std::fs::write(dir.path().join("bad.toml"), bytes).unwrap();
                "bad.toml"
            }
            None => "missing.toml",
        };
        let mut argv = vec!["run", file, "--out", "out", "--quiet"];
        argv.extend_from_slice(args);
        let o = huzhu(&argv, dir.path());
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(2), "{what}: {err}");
        assert!(!err.contains("panicked"), "{what}: {err}");
        for w in *words {
            assert!(err.contains(w), "{what}: message lacks `{w}`: {err}");
        }
        assert_eq!(err.lines().count(), 1, "{what}: one message: {err}");
        assert!(!dir.path().join("out").exists(), "{what}: wrote output");
        // The same refusal in Chinese names the same file and keys.
        argv.extend(["--lang", "zh"]);
        let names: Vec<&str> = words
            .iter()
            .copied()
            .filter(|w| w.ends_with(".toml") || (w.contains('.') && !w.contains(' ')))
            .collect();
        eprintln!("{what} (zh)");
        refused_in_chinese(&huzhu(&argv, dir.path()), &names);
        assert!(!dir.path().join("out").exists(), "{what}: wrote output");
    }
}

#[test]
fn check_accepts_every_bundled_scenario_and_refuses_a_bad_one() {
    let scenarios = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    for entry in std::fs::read_dir(&scenarios).unwrap() {
        let path = entry.unwrap().path();
        // (the folder also holds the village tables of the example county)
        if path.extension().is_some_and(|e| e == "csv") {
            continue;
        }
        let o = huzhu(&["check", path.to_str().unwrap()], &scenarios);
        assert!(o.status.success(), "{}: {}", path.display(), stderr(&o));
    }
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "bad.toml", "[run]\nyears = 0\n");
    let o = huzhu(&["check", "bad.toml"], dir.path());
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn an_unknown_option_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let o = huzhu(&["run", "--frobnicate"], dir.path());
    assert_eq!(o.status.code(), Some(2));
}

/// What every message of a command must say, and that it exits 2 without a panic.
fn refused(o: &std::process::Output, words: &[&str]) {
    let err = stderr(o);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    for w in words {
        assert!(err.contains(w), "message lacks `{w}`: {err}");
    }
}

#[test]
fn a_two_megabyte_name_is_refused_in_one_short_message() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "long.toml",
        &format!("name = \"{}\"\n", "x".repeat(2 << 20)),
    );
    let o = huzhu(&["check", "long.toml"], dir.path());
    refused(&o, &["long.toml", "line 1", "name", "2097152 characters", "1 to 64"]);
    assert!(stderr(&o).len() < 400, "the message quotes the whole name");
}

#[test]
fn a_chinese_name_is_a_name_and_names_the_default_folder() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "s.toml", &format!("name = \"村庄_甲-1\"\n{SMALL}"));
    let o = huzhu(&["run", "s.toml", "--quiet", "--no-report", "--years", "1"], dir.path());
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(dir.path().join("results/村庄_甲-1/timeseries.csv").exists());
}

#[test]
fn a_scenario_path_that_is_not_a_regular_file_is_bad_input() {
    let dir = tempfile::tempdir().unwrap();
    refused(
        &huzhu(&["check", "/dev/zero"], dir.path()),
        &["/dev/zero", "not a regular file"],
    );
    std::fs::create_dir(dir.path().join("folder.toml")).unwrap();
    refused(
        &huzhu(&["check", "folder.toml"], dir.path()),
        &["folder.toml", "folder"],
    );
    let fifo = dir.path().join("pipe.toml");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    if made.is_ok_and(|s| s.success()) {
        refused(
            &huzhu(&["check", "pipe.toml"], dir.path()),
            &["pipe.toml", "not a regular file"],
        );
    }
    let big = format!("# {}\n", "x".repeat(5 << 20));
    write(dir.path(), "big.toml", &big);
    refused(
        &huzhu(&["check", "big.toml"], dir.path()),
        &["big.toml", "at most 4 MiB"],
    );
}

#[test]
fn an_extends_loop_of_symbolic_links_says_it_is_a_loop() {
    let dir = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink("b.toml", dir.path().join("a.toml")).unwrap();
    std::os::unix::fs::symlink("a.toml", dir.path().join("b.toml")).unwrap();
    write(dir.path(), "s.toml", "extends = \"a.toml\"\n");
    refused(
        &huzhu(&["check", "s.toml"], dir.path()),
        &["s.toml", "line 1", "extends", "loop"],
    );
}

#[test]
fn the_builtin_baseline_can_be_extended_from_any_folder() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "mine.toml",
        "extends = \"huzhu:baseline\"\n[run]\nyears = 2\n",
    );
    let o = huzhu(&["check", "mine.toml"], dir.path());
    assert!(o.status.success(), "{}", stderr(&o));
    // The README's example scenario, saved outside scenarios/, is valid as it stands.
    let readme = read(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md"));
    let start = readme.find("    name = \"young_leave\"").expect("the README's example");
    let example: String = readme[start..]
        .lines()
        .take_while(|l| l.starts_with("    ") || l.is_empty())
        .map(|l| format!("{}\n", l.trim_start()))
        .collect();
    write(dir.path(), "young_leave.toml", &example);
    let o = huzhu(&["check", "young_leave.toml"], dir.path());
    assert!(o.status.success(), "{example}\n{}", stderr(&o));
}

#[test]
fn check_reports_every_file_with_an_error() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.toml", "[run]\nyaers = 3\n");
    write(dir.path(), "b.toml", "");
    write(dir.path(), "c.toml", "[villages]\ncount = -1\n");
    let o = huzhu(&["check", "a.toml", "b.toml", "c.toml"], dir.path());
    refused(&o, &["a.toml", "run.yaers", "c.toml", "villages.count", "2 of 3 files"]);
    assert!(String::from_utf8_lossy(&o.stdout).contains("b.toml: ok"));
}

#[test]
fn a_seed_out_of_range_says_the_range() {
    let dir = tempfile::tempdir().unwrap();
    for seed in ["9000000000000001", "99999999999999999999", "-1"] {
        let o = huzhu(&["run", &format!("--seed={seed}"), "--quiet"], dir.path());
        refused(&o, &["--seed", "0 to 9000000000000000"]);
    }
    assert!(!dir.path().join("results").exists());
}

#[test]
fn two_scenarios_of_one_name_in_one_run_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.toml", &format!("name = \"same\"\n{SMALL}"));
    write(dir.path(), "b.toml", &format!("name = \"same\"\n{SMALL}"));
    let o = huzhu(&["run", "a.toml", "b.toml", "--quiet"], dir.path());
    refused(&o, &["b.toml", "name", "same", "a.toml"]);
    assert!(!dir.path().join("results").exists());
}

#[test]
fn options_a_command_would_ignore_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "s.toml", SMALL);
    let cases: [(&[&str], &[&str]); 5] = [
        (&["calibrate", "--out", "x"], &["--out", "calibrate writes no files"]),
        (
            &["effects", "s.toml", "--out", "x"],
            &["--out", "effects writes no files"],
        ),
        (
            &[
                "sensitivity",
                "s.toml",
                "--method",
                "morris",
                "--vary",
                "care.tie_match=0.1:0.2:3",
            ],
            &["--vary", "STEPS", "KEY=LO:HI"],
        ),
        (
            &["sweep", "s.toml", "--vary", "care.tie_match=0.1:0.2", "--lang", "zh"],
            &["--lang", "不写报告，终端输出只有英文"],
        ),
        (
            &["sweep", "s.toml", "--vary", "care.tie_match=0.1:0.2", "--samples", "4"],
            &["--samples", "--design lhs"],
        ),
    ];
    for (args, words) in cases {
        refused(&huzhu(args, dir.path()), words);
    }
    refused(
        &huzhu(
            &[
                "sweep",
                "s.toml",
                "--design",
                "lhs",
                "--vary",
                "care.tie_match=0.1:0.2",
                "--samples",
                "0",
            ],
            dir.path(),
        ),
        &["--samples", "N ≥ 1"],
    );
    assert!(!dir.path().join("x").exists() && !dir.path().join("results").exists());
}

#[test]
fn out_naming_an_existing_file_is_bad_input() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "s.toml", SMALL);
    write(dir.path(), "notes.txt", "mine");
    for command in [
        &["run", "s.toml"][..],
        &["sweep", "s.toml", "--vary", "care.tie_match=0.1:0.2"],
    ] {
        let mut args = command.to_vec();
        args.extend(["--out", "notes.txt", "--quiet"]);
        refused(&huzhu(&args, dir.path()), &["--out", "notes.txt", "is a file"]);
    }
    assert_eq!(read(&dir.path().join("notes.txt")), "mine");
    for out in [".", "..", "/"] {
        refused(
            &huzhu(&["run", "s.toml", "--out", out, "--quiet", "--force"], dir.path()),
            &["--out", "names no folder of its own"],
        );
    }
}

#[test]
fn plans_too_large_are_refused_before_anything_runs_with_the_estimate_and_the_limit() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "s.toml", SMALL);
    let grid = [
        "sweep",
        "s.toml",
        "--vary",
        "care.tie_match=0:1:1000",
        "--vary",
        "care.channel_match=0:1:1000",
        "--vary",
        "cadres.trust_mean=0:1:1000",
    ];
    let cases: [(&[&str], &[&str]); 6] = [
        (&grid, &["1000000000 points", "at most 1000000"]),
        (
            &[
                "sweep",
                "s.toml",
                "--design",
                "lhs",
                "--samples",
                "1000000000",
                "--vary",
                "care.tie_match=0:1",
            ],
            &["1000000000 points"],
        ),
        (
            &[
                "sweep",
                "s.toml",
                "--design",
                "lhs",
                "--samples",
                "600000",
                "--vary",
                "care.tie_match=0:1",
            ],
            &["1200000 runs", "--force"],
        ),
        (
            &[
                "sensitivity",
                "s.toml",
                "--method",
                "sobol",
                "--samples",
                "1000000",
                "--vary",
                "care.tie_match=0:1",
            ],
            &["3000000 points"],
        ),
        (&["run", "s.toml", "--threads", "100000"], &["--threads", "1 to 1024"]),
        (
            &["run", "s.toml", "--replicates", "100000", "--years", "200"],
            &["GiB of memory", "at most 8.0 GiB"],
        ),
    ];
    for (args, words) in cases {
        let start = std::time::Instant::now();
        refused(&huzhu(args, dir.path()), words);
        assert!(start.elapsed().as_secs() < 5, "{args:?} ran before refusing");
    }
    assert!(!dir.path().join("results").exists());
}
