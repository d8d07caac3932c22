//! `huzhu fit` (issue 21): it recovers parameters from data the model made, resumes an interrupted fit
//! to the same bytes with any thread count, and refuses a bad targets file with its line and key.

mod common;
use common::*;

use std::path::Path;

const SCENARIO: &str = "name = \"fit_test\"\n[run]\nyears = 3\nreplicates = 1\n[villages]\ncount = 6\npopulation = { mean = 800, sd = 100, min = 400 }\n";

/// Final-year means over the replicates of a run, per metric, and their sd across replicates.
fn final_year(dir: &Path, metrics: &[&str]) -> Vec<(f64, f64)> {
    let text = read(&dir.join("timeseries.csv"));
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let rows: Vec<Vec<&str>> = lines.map(|l| l.split(',').collect()).collect();
    let col = |name: &str| header.iter().position(|h| *h == name).unwrap();
    let last: usize = rows
        .iter()
        .map(|r| r[col("month")].parse::<usize>().unwrap())
        .max()
        .unwrap();
    metrics
        .iter()
        .map(|m| {
            let mut by_replicate: std::collections::BTreeMap<&str, Vec<f64>> = Default::default();
            for r in rows
                .iter()
                .filter(|r| r[col("month")].parse::<usize>().unwrap() + 12 > last)
            {
                by_replicate
                    .entry(r[col("replicate")])
                    .or_default()
                    .push(r[col(m)].parse().unwrap());
            }
            let means: Vec<f64> = by_replicate
                .values()
                .map(|v| v.iter().sum::<f64>() / v.len() as f64)
                .collect();
            let mean = means.iter().sum::<f64>() / means.len() as f64;
            let var = means.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (means.len() - 1) as f64;
            (mean, var.sqrt())
        })
        .collect()
}

/// Runs the model at known values (another seed), writes targets from it, and fits.
fn setup(dir: &Path) {
    write(dir, "s.toml", SCENARIO);
    let o = huzhu(
        &[
            "run",
            "s.toml",
            "--set",
            "care.tie_match=0.08",
            "--set",
            "behaviour.beta.identity=3",
            "--replicates",
            "6",
            "--seed",
            "99",
            "--out",
            "truth",
            "--quiet",
            "--no-report",
        ],
        dir,
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let metrics = ["participation_rate", "willingness_rate", "unmet_rate"];
    let mut targets = String::new();
    for (m, (v, sd)) in metrics.iter().zip(final_year(&dir.join("truth"), &metrics)) {
        targets.push_str(&format!(
            "[[target]]\nmetric = \"{m}\"\nwindow = \"final_year\"\nvalue = {v}\nsd = {}\n\n",
            sd.max(0.005)
        ));
    }
    write(dir, "targets.toml", &targets);
}

fn fit(dir: &Path, out: &str, extra: &[&str]) -> String {
    let mut args = vec![
        "fit",
        "s.toml",
        "--targets",
        "targets.toml",
        "--vary",
        "care.tie_match=0.01:0.2",
        "--vary",
        "behaviour.beta.identity=0.5:5",
        "--particles",
        "40",
        "--budget",
        "400",
        "--out",
        out,
        "--quiet",
    ];
    args.extend(extra);
    let o = huzhu(&args, dir);
    assert!(o.status.success(), "{}", stderr(&o));
    String::from_utf8(o.stdout).unwrap()
}

/// The posterior's 90 % intervals hold the values the data were made with.
#[test]
fn a_fit_recovers_the_values_that_made_the_data() {
    let dir = tempfile::tempdir().unwrap();
    setup(dir.path());
    fit(dir.path(), "a", &[]);
    let posterior = read(&dir.path().join("a/posterior.csv"));
    assert!(posterior.starts_with("parameter,mean,sd,median,ci50_low,ci50_high,ci90_low,ci90_high,particles\n"));
    for (key, truth) in [("care.tie_match", 0.08), ("behaviour.beta.identity", 3.0)] {
        let row: Vec<f64> = posterior
            .lines()
            .find(|l| l.starts_with(&format!("{key},")))
            .unwrap()
            .split(',')
            .skip(1)
            .map(|c| c.parse().unwrap())
            .collect();
        let (lo, hi) = (row[5], row[6]);
        assert!(lo <= truth && truth <= hi, "{key}: 90 % [{lo}, {hi}] misses {truth}");
        assert!(
            hi - lo < 0.5 * if key == "care.tie_match" { 0.19 } else { 4.5 },
            "{key}: the data did not narrow the prior: 90 % [{lo}, {hi}]"
        );
    }
    let schedule = read(&dir.path().join("a/schedule.csv"));
    let tolerances: Vec<f64> = schedule
        .lines()
        .skip(1)
        .map(|l| l.split(',').nth(1).unwrap().parse().unwrap())
        .collect();
    assert!(
        tolerances.windows(2).all(|w| w[1] <= w[0]),
        "tolerances shrink: {tolerances:?}"
    );
}

/// Stopped after some runs and run again, with another thread count, a fit gives the same bytes.
#[test]
fn an_interrupted_fit_resumes_to_the_same_bytes_with_any_thread_count() {
    let dir = tempfile::tempdir().unwrap();
    setup(dir.path());
    fit(dir.path(), "whole", &["--threads", "2"]);
    let first = fit(dir.path(), "parts", &["--stop-after", "70", "--threads", "1"]);
    assert!(first.contains("run the same command again"), "{first}");
    fit(dir.path(), "parts", &["--threads", "1"]);
    for file in ["particles.csv", "posterior.csv", "schedule.csv"] {
        assert_eq!(
            read(&dir.path().join("whole").join(file)),
            read(&dir.path().join("parts").join(file)),
            "{file}"
        );
    }
    let again = fit(dir.path(), "parts", &[]);
    assert!(again.starts_with("complete:"), "{again}");
    // The report: the posterior and the predictive check, in the language asked for.
    fit(dir.path(), "zh", &["--lang", "zh"]);
    let html = read(&dir.path().join("zh/report.html"));
    assert!(html.contains("后验分布") && html.contains("后验预测检验") && html.contains("<svg"));
    assert!(dir.path().join("zh/chart_posterior_1.svg").exists());
}

#[test]
fn a_bad_targets_file_is_refused_with_its_line_and_key() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "s.toml", SCENARIO);
    for (text, says) in [
        (
            "[[target]]\nmetric = \"willingness_rate\"\nvalue = 0.6\nsd = 0.02\ncolour = 1\n",
            "line 5, key `colour`: unknown",
        ),
        (
            "[[target]]\nmetric = \"willing_rate\"\nvalue = 0.6\nsd = 0.02\n",
            "line 2, key `metric`: `willing_rate` is not a metric",
        ),
        (
            "[[target]]\nmetric = \"willingness_rate\"\nvalue = 0.6\n",
            "no sd or tolerance",
        ),
        (
            "[[target]]\nmetric = \"willingness_rate\"\nwindow = 2040\nvalue = 0.6\nsd = 0.1\n",
            "line 3, key `window`",
        ),
        (
            "[[target]]\nmetric = \"willingness_rate\"\nvalue = 0.6\nsd = -1\n",
            "key `sd`: allowed: a number above 0",
        ),
        ("title = 1\n", "key `title`: unknown"),
        (
            "[[target]]\nmetric = \"willingness_rate\"\ngroup = { age = \"60-69\" }\nvalue = 0.7\nsd = 0.1\n",
            "line 3, key `group`: `age` is not a dimension",
        ),
        (
            "[[target]]\nmetric = \"willingness_rate\"\ngroup = { age_band = \"60-64\" }\nvalue = 0.7\nsd = 0.1\n",
            "`60-64` is not a value of age_band; allowed: 0-15, 16-49",
        ),
        (
            "[[target]]\nmetric = \"mean_trust\"\ngroup = { sex = \"F\" }\nvalue = 0.7\nsd = 0.1\n",
            "`mean_trust` is not a column of groups.csv",
        ),
        (
            "[[target]]\nmetric = \"willingness_rate\"\nwindow = \"month0\"\ngroup = { sex = \"F\" }\nvalue = 0.7\nsd = 0.1\n",
            "\"month0\" with a group",
        ),
    ] {
        write(dir.path(), "t.toml", text);
        let o = huzhu(
            &[
                "fit",
                "s.toml",
                "--targets",
                "t.toml",
                "--vary",
                "care.tie_match=0:0.2",
                "--quiet",
            ],
            dir.path(),
        );
        assert_eq!(o.status.code(), Some(2), "{text}");
        assert!(stderr(&o).contains(says), "{text}: {}", stderr(&o));
    }
    write(
        dir.path(),
        "t.toml",
        "[[target]]\nmetric = \"willingness_rate\"\nvalue = 0.6\nsd = 0.02\n",
    );
    let o = huzhu(
        &[
            "fit",
            "s.toml",
            "--targets",
            "t.toml",
            "--vary",
            "care.tie_match=log:0:0.2",
            "--quiet",
        ],
        dir.path(),
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("log-uniform prior needs LO above 0"),
        "{}",
        stderr(&o)
    );
}
