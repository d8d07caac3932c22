//! Output folders (issue 18): a folder holds one command's files, one writer at a time, journals trusted
//! only when intact, and no temporary outlives an interrupted command.

mod common;
use common::*;

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use rand::{RngExt, SeedableRng};

/// Every name in `dir`, sorted.
fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    names
}

/// The files of a folder and their bytes, the marker and manifest (which hold times) left out.
fn contents(dir: &Path) -> Vec<(String, Vec<u8>)> {
    names(dir)
        .into_iter()
        .filter(|n| n != ".huzhu-output" && n != "manifest.json")
        .map(|n| {
            let bytes = std::fs::read(dir.join(&n)).unwrap();
            (n, bytes)
        })
        .collect()
}

const TINY: &str =
    "[run]\nyears = 2\nreplicates = 2\n[villages]\ncount = 2\npopulation = { mean = 300, sd = 50, min = 100 }\n";

#[test]
fn a_run_into_a_folder_left_by_compare_leaves_only_its_own_files() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.toml", TINY);
    write(dir.path(), "b.toml", &format!("{TINY}[levers.time_bank]\n"));
    let o = huzhu(&["compare", "a.toml", "b.toml", "--out", "o", "--quiet"], dir.path());
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(dir.path().join("o/comparison.csv").exists() && dir.path().join("o/report.html").exists());
    let o = huzhu(&["run", "a.toml", "--out", "o", "--quiet", "--no-report"], dir.path());
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        names(&dir.path().join("o")),
        [
            ".huzhu-output",
            "manifest.json",
            "spending.csv",
            "summary.csv",
            "timeseries.csv"
        ]
    );
    assert_eq!(
        names(dir.path()),
        ["a.toml", "b.toml", "o"],
        "no lock or staging folder is left"
    );
}

#[test]
fn a_folder_huzhu_did_not_write_is_replaced_only_with_force() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.toml", TINY);
    std::fs::create_dir(dir.path().join("thesis")).unwrap();
    write(&dir.path().join("thesis"), "chapter1.tex", "mine");
    let o = huzhu(&["run", "a.toml", "--out", "thesis", "--quiet"], dir.path());
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("thesis") && stderr(&o).contains("--force"),
        "{}",
        stderr(&o)
    );
    assert_eq!(read(&dir.path().join("thesis/chapter1.tex")), "mine");
    let o = huzhu(&["run", "a.toml", "--out", "thesis", "--quiet", "--force"], dir.path());
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(!dir.path().join("thesis/chapter1.tex").exists());
}

/// A sweep long enough to be caught running.
const SLOW_SWEEP: [&str; 8] = [
    "sweep",
    "s.toml",
    "--vary",
    "care.tie_match=0.01:0.2:40",
    "--replicates",
    "4",
    "--out",
    "shared",
];

#[test]
fn a_second_writer_stops_at_once_naming_the_folder_and_the_first() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "s.toml", TINY);
    let mut first = Command::new(env!("CARGO_BIN_EXE_huzhu"))
        .args(SLOW_SWEEP)
        .arg("--quiet")
        .current_dir(dir.path())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    let lock = dir.path().join(".shared.lock");
    let start = Instant::now();
    while !lock.exists() && start.elapsed() < Duration::from_secs(20) {
        std::thread::sleep(Duration::from_millis(5));
    }
    assert!(lock.exists(), "the first sweep took the lock");
    let o = huzhu(&SLOW_SWEEP, dir.path());
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("shared") && err.contains(&first.id().to_string()), "{err}");
    let o = huzhu(&["run", "s.toml", "--out", "shared", "--quiet"], dir.path());
    assert_eq!(o.status.code(), Some(1), "a run too: {}", stderr(&o));
    assert!(first.wait().unwrap().success());
    // The first sweep's results are whole: 40 points and the reference × 4 replicates, each run once.
    let sweep = read(&dir.path().join("shared/sweep.csv"));
    assert_eq!(sweep.lines().count(), 1 + 164);
    assert!(!lock.exists());
}

#[test]
fn a_journal_line_that_fails_its_checksum_is_run_again() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "s.toml", TINY);
    let sweep = |out: &str, extra: &[&str]| {
        let mut args = vec![
            "sweep",
            "s.toml",
            "--vary",
            "care.tie_match=0.01:0.2:3",
            "--out",
            out,
            "--quiet",
        ];
        args.extend_from_slice(extra);
        let o = huzhu(&args, dir.path());
        assert!(o.status.success(), "{}", stderr(&o));
        String::from_utf8(o.stdout).unwrap()
    };
    sweep("whole", &[]);
    sweep("parts", &["--stop-after", "4"]);
    let journal = dir.path().join("parts/sweep.partial.csv");
    let text = read(&journal);
    // Alter a number in the middle of the third run's line: its checksum no longer holds.
    let lines: Vec<&str> = text.lines().collect();
    let altered = lines[4].replacen(",0.", ",9.", 1);
    assert_ne!(altered, lines[4]);
    let text = text.replace(lines[4], &altered);
    std::fs::write(&journal, text).unwrap();
    let out = sweep("parts", &[]);
    assert!(out.contains("6 runs") || out.contains("points"), "{out}");
    for file in ["sweep.csv", "sweep_summary.csv"] {
        assert_eq!(
            read(&dir.path().join("whole").join(file)),
            read(&dir.path().join("parts").join(file)),
            "{file}"
        );
    }
    // Run again, the finished sweep says so and where, and runs nothing.
    let again = sweep("parts", &[]);
    assert!(again.contains("complete") && again.contains("parts"), "{again}");
}

/// A command of each kind, its uninterrupted files, and interruptions at random moments, each followed
/// by the same command: the final files equal the uninterrupted ones and nothing else is left.
#[test]
fn interrupted_commands_run_again_give_the_same_files_and_leave_nothing_behind() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.toml", TINY);
    write(dir.path(), "b.toml", &format!("{TINY}[levers.time_bank]\n"));
    let commands: [&[&str]; 4] = [
        &["run", "a.toml", "--replicates", "6"],
        &["compare", "a.toml", "b.toml", "--replicates", "4"],
        &["sweep", "a.toml", "--vary", "care.tie_match=0.01:0.2:6"],
        &[
            "sensitivity",
            "a.toml",
            "--method",
            "morris",
            "--samples",
            "3",
            "--vary",
            "care.tie_match=0.01:0.2",
            "--vary",
            "cadres.trust_mean=0.2:0.8",
        ],
    ];
    let mut rng = rand::rngs::StdRng::seed_from_u64(18);
    for (k, command) in commands.iter().enumerate() {
        let reference = format!("reference{k}");
        let args = |out: &str| {
            let mut a: Vec<String> = command.iter().map(|s| s.to_string()).collect();
            a.extend(["--out".into(), out.into(), "--quiet".into()]);
            a
        };
        // The fastest of three uninterrupted runs sets the range of the moments to interrupt.
        let mut took = Duration::MAX;
        for _ in 0..3 {
            let start = Instant::now();
            let o = Command::new(env!("CARGO_BIN_EXE_huzhu"))
                .args(args(&reference))
                .current_dir(dir.path())
                .output()
                .unwrap();
            assert!(o.status.success(), "{}", stderr(&o));
            took = took.min(start.elapsed());
        }
        let expected = contents(&dir.path().join(&reference));
        let mut caught_working = 0;
        for round in 0..40 {
            let signal = if round % 2 == 0 { "-INT" } else { "-KILL" };
            let out = format!("out{k}");
            // A finished sweep is not run again, so each starts afresh; a run or a comparison replaces
            // the folder of the round before every other round.
            if k >= 2 || round % 4 < 2 {
                let _ = std::fs::remove_dir_all(dir.path().join(&out));
            }
            let mut child = Command::new(env!("CARGO_BIN_EXE_huzhu"))
                .args(args(&out))
                .current_dir(dir.path())
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .unwrap();
            let delay = took.mul_f64(rng.random::<f64>() * 1.2);
            std::thread::sleep(delay);
            let _ = Command::new("kill").args([signal, &child.id().to_string()]).status();
            let _ = child.wait();
            // Caught at work: its lock (or a journal) is still there.
            caught_working += usize::from(
                dir.path().join(format!(".{out}.lock")).exists()
                    || names(dir.path()).iter().any(|n| n.contains("staging"))
                    || dir.path().join(&out).join("sweep.partial.csv").exists()
                    || dir.path().join(&out).join("sensitivity.partial.csv").exists(),
            );
            let o = Command::new(env!("CARGO_BIN_EXE_huzhu"))
                .args(args(&out))
                .current_dir(dir.path())
                .output()
                .unwrap();
            assert!(
                o.status.success(),
                "{command:?} after {signal} at {delay:?}: {}",
                stderr(&o)
            );
            assert_eq!(
                contents(&dir.path().join(&out)),
                expected,
                "{command:?} after {signal} at {delay:?}"
            );
            let mut left: Vec<String> = names(dir.path());
            left.retain(|n| !n.ends_with(".toml") && !n.starts_with("reference") && !n.starts_with("out"));
            assert!(left.is_empty(), "{command:?} after {signal} at {delay:?} left {left:?}");
            let leftover_inside: Vec<String> = names(&dir.path().join(&out))
                .into_iter()
                .filter(|n| n.contains(".tmp-") || n.ends_with(".partial.csv"))
                .collect();
            assert!(leftover_inside.is_empty(), "{leftover_inside:?}");
        }
        eprintln!("{command:?}: {caught_working} of 40 interruptions caught it at work");
        assert!(
            caught_working >= 10,
            "{command:?}: only {caught_working} of 40 interruptions caught it at work"
        );
    }
}
