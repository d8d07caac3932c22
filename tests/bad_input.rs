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
        &["missing.toml", "cannot read"],
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
    }
}

#[test]
fn check_accepts_every_bundled_scenario_and_refuses_a_bad_one() {
    let scenarios = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    for entry in std::fs::read_dir(&scenarios).unwrap() {
        let path = entry.unwrap().path();
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
