//! A run is a pure function of scenario and seed, whatever the thread count; scenarios share their
//! random numbers (MODEL.md §4).

mod common;
use common::*;

#[test]
fn the_same_seed_gives_identical_files_with_one_thread_or_two() {
    let dir = tempfile::tempdir().unwrap();
    let s = write(dir.path(), "small.toml", SMALL);
    let s = s.to_str().unwrap();
    for (out, threads) in [("a", "1"), ("b", "2"), ("c", "2")] {
        let o = huzhu(&["run", s, "--threads", threads, "--out", out, "--quiet"], dir.path());
        assert!(o.status.success(), "{}", stderr(&o));
    }
    for file in ["timeseries.csv", "summary.csv"] {
        let a = read(&dir.path().join("a").join(file));
        assert_eq!(a, read(&dir.path().join("b").join(file)), "{file}: 1 vs 2 threads");
        assert_eq!(a, read(&dir.path().join("c").join(file)), "{file}: same command twice");
    }
    let other_seed = huzhu(&["run", s, "--seed", "12", "--out", "d", "--quiet"], dir.path());
    assert!(other_seed.status.success());
    assert_ne!(
        rows_without_scenario(&read(&dir.path().join("a/timeseries.csv")))[5].1,
        rows_without_scenario(&read(&dir.path().join("d/timeseries.csv")))[5].1
    );
}

#[test]
fn a_lever_from_year_5_leaves_the_first_five_years_identical() {
    let dir = tempfile::tempdir().unwrap();
    let base = write(dir.path(), "base.toml", SMALL);
    let lever = write(
        dir.path(),
        "more.toml",
        "extends = \"base.toml\"\n[levers.outmigration]\nstart_year = 5\nscale = 2.0\n",
    );
    for (file, out) in [(&base, "base"), (&lever, "more")] {
        let o = huzhu(&["run", file.to_str().unwrap(), "--out", out, "--quiet"], dir.path());
        assert!(o.status.success(), "{}", stderr(&o));
    }
    let a = rows_without_scenario(&read(&dir.path().join("base/timeseries.csv")));
    let b = rows_without_scenario(&read(&dir.path().join("more/timeseries.csv")));
    assert_eq!(a.len(), b.len());
    let (mut same_before, mut differ_after) = (0, 0);
    for ((month, x), (_, y)) in a.iter().zip(&b) {
        if *month < 60 {
            assert_eq!(x, y, "month {month}");
            same_before += 1;
        } else if x != y {
            differ_after += 1;
        }
    }
    assert_eq!(same_before, 2 * 60);
    assert!(differ_after > 0, "the lever changed nothing after year 5");
}

#[test]
fn the_built_in_baseline_runs_from_any_folder() {
    let dir = tempfile::tempdir().unwrap();
    let o = huzhu(
        &[
            "run",
            "--years",
            "1",
            "--replicates",
            "1",
            "--set",
            "villages.count=2",
            "--quiet",
        ],
        dir.path(),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let csv = read(&dir.path().join("results/baseline/timeseries.csv"));
    assert_eq!(csv.lines().count(), 1 + 12);
    assert!(String::from_utf8_lossy(&o.stdout).contains("final year 2020"));
    let manifest = read(&dir.path().join("results/baseline/manifest.json"));
    assert!(manifest.contains("\"agent_months_per_second\"") && manifest.contains("\"demography.mortality_scale\""));
}

#[test]
fn every_lever_on_gives_identical_files_with_one_thread_or_two() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = String::from(SMALL);
    for lever in huzhu::scenario::registry::registry().levers() {
        text.push_str(&format!("\n[levers.{lever}]\nstart_year = 1\n"));
    }
    text.push_str("end_year = 5\n");
    let s = write(dir.path(), "all.toml", &text);
    for (out, threads) in [("one", "1"), ("two", "2")] {
        let o = huzhu(
            &[
                "run",
                s.to_str().unwrap(),
                "--threads",
                threads,
                "--out",
                out,
                "--quiet",
            ],
            dir.path(),
        );
        assert!(o.status.success(), "{}", stderr(&o));
    }
    for file in ["timeseries.csv", "summary.csv"] {
        assert_eq!(
            read(&dir.path().join("one").join(file)),
            read(&dir.path().join("two").join(file)),
            "{file}"
        );
    }
    let csv = read(&dir.path().join("one/timeseries.csv"));
    let header: Vec<&str> = csv.lines().next().unwrap().split(',').collect();
    let spending = header.iter().position(|h| *h == "public_spending").unwrap();
    let last = csv.lines().last().unwrap().split(',').nth(spending).unwrap();
    assert_ne!(last, "0", "levers in force cost money");
}
