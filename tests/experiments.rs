//! Sweeps and global sensitivity analysis: the estimators on functions with known answers, through the
//! same designs and estimators the model's runs use; journals that resume to the same bytes; bad
//! `--vary` refused before anything runs.

mod common;
use common::*;

use std::f64::consts::PI;

use huzhu::experiment::design::{design_rng, morris, saltelli};
use huzhu::experiment::sensitivity::{morris_indices, noise_share, sobol_indices};

/// The Ishigami function on [−π, π]³ (a = 7, b = 0.1), from unit-cube points.
fn ishigami(u: &[f64]) -> f64 {
    let x: Vec<f64> = u.iter().map(|v| -PI + 2.0 * PI * v).collect();
    x[0].sin() + 7.0 * x[1].sin().powi(2) + 0.1 * x[2].powi(4) * x[0].sin()
}

#[test]
fn sobol_indices_of_the_ishigami_function_are_within_0_05_of_the_analytic_values() {
    let n = 1 << 14;
    let y: Vec<f64> = saltelli(3, n, &mut design_rng(2024))
        .iter()
        .map(|p| ishigami(p))
        .collect();
    let s = sobol_indices(3, n, &y, 200, &mut design_rng(1));
    let expected = [(0.314, 0.558), (0.442, 0.442), (0.0, 0.244)];
    for (i, (first, total)) in expected.iter().enumerate() {
        assert!(
            (s[i].first.value - first).abs() < 0.05,
            "S{} = {:?} (analytic {first})",
            i + 1,
            s[i].first
        );
        assert!(
            (s[i].total.value - total).abs() < 0.05,
            "ST{} = {:?} (analytic {total})",
            i + 1,
            s[i].total
        );
        assert!(s[i].first.ci.0 <= s[i].first.value && s[i].first.value <= s[i].first.ci.1);
    }
}

/// As a model run is: noise of sd 0.5 added to each evaluation and averaged over 4 replicates. Every
/// index within 0.05 of its analytic value, no first-order index or its interval above 1, and the noise
/// share small (the noise variance 0.0625 per point mean against the function's 13.8).
#[test]
fn sobol_indices_of_ishigami_with_replicate_noise_are_within_0_05_and_the_noise_is_reported() {
    let (n, replicates) = (1 << 13, 4);
    let mut rng = design_rng(11);
    let (mut means, mut within) = (Vec::new(), Vec::new());
    for p in &saltelli(3, n, &mut design_rng(12)) {
        let runs: Vec<f64> = (0..replicates)
            .map(|_| ishigami(p) + 0.5 * huzhu::model::rng::standard_normal(&mut rng))
            .collect();
        let m = runs.iter().sum::<f64>() / replicates as f64;
        within.push(runs.iter().map(|y| (y - m).powi(2)).sum::<f64>() / (replicates - 1) as f64);
        means.push(m);
    }
    let s = sobol_indices(3, n, &means, 200, &mut design_rng(13));
    let expected = [(0.314, 0.558), (0.442, 0.442), (0.0, 0.244)];
    for (i, (first, total)) in expected.iter().enumerate() {
        assert!((s[i].first.value - first).abs() < 0.05, "S1[{i}] {:?}", s[i]);
        assert!((s[i].total.value - total).abs() < 0.05, "ST[{i}] {:?}", s[i]);
        assert!(s[i].first.value <= 1.0 && s[i].first.ci.1 <= 1.0);
    }
    let share = noise_share(&means, &within, &vec![replicates as u32; means.len()]);
    assert!((0.002..0.01).contains(&share), "noise share {share}");
}

#[test]
fn morris_ranks_the_irrelevant_ishigami_like_input_last() {
    // x3 enters only through x1 in Ishigami; a fourth input that enters nowhere must come last with mu* 0.
    let (points, orders) = morris(4, 50, &mut design_rng(5));
    let y: Vec<f64> = points.iter().map(|p| ishigami(&p[..3])).collect();
    let m = morris_indices(4, &orders, &y, 200, &mut design_rng(6));
    assert!(m[3].mu_star.value == 0.0 && m[3].mu.ci == (0.0, 0.0));
    assert!(m[..3].iter().all(|i| i.mu_star.value > m[3].mu_star.value));
}

const SWEEP: &[&str] = &[
    "--vary",
    "care.tie_match=0.02:0.1:3",
    "--vary",
    "behaviour.erosion=0:0.06:2",
    "--quiet",
];

fn small_scenario(dir: &std::path::Path) {
    write(
        dir,
        "s.toml",
        "[run]\nyears = 3\nreplicates = 2\n[villages]\ncount = 2\npopulation = { mean = 300, sd = 50, min = 100 }\n",
    );
}

#[test]
fn an_interrupted_sweep_resumes_to_the_same_bytes() {
    let dir = tempfile::tempdir().unwrap();
    small_scenario(dir.path());
    let run = |out: &str, extra: &[&str]| {
        let mut args = vec!["sweep", "s.toml", "--out", out];
        args.extend_from_slice(SWEEP);
        args.extend_from_slice(extra);
        let o = huzhu(&args, dir.path());
        assert!(o.status.success(), "{}", stderr(&o));
        String::from_utf8(o.stdout).unwrap()
    };
    run("whole", &[]);
    let first = run("parts", &["--stop-after", "5"]);
    // 3 × 2 points and the reference (the scenario's own values), 2 replicates each.
    assert!(first.contains("of 14 runs done"), "{first}");
    let journal = dir.path().join("parts/sweep.partial.csv");
    assert_eq!(read(&journal).lines().count(), 2 + 5, "the journal holds the runs done");
    assert!(!dir.path().join("parts/sweep.csv").exists());
    // An interruption in the middle of a write leaves a cut line; it is dropped and redone.
    std::fs::OpenOptions::new()
        .append(true)
        .open(&journal)
        .and_then(|mut f| std::io::Write::write_all(&mut f, b"5,2,1,123"))
        .unwrap();
    run("parts", &["--stop-after", "3"]);
    run("parts", &[]);
    for file in ["sweep.csv", "sweep_summary.csv", "sweep_effects.csv"] {
        assert_eq!(
            read(&dir.path().join("whole").join(file)),
            read(&dir.path().join("parts").join(file)),
            "{file}"
        );
    }
    assert!(!journal.exists());
    let csv = read(&dir.path().join("whole/sweep.csv"));
    assert_eq!(csv.lines().count(), 1 + 14);
    assert!(csv.starts_with("run,point,replicate,seed,care.tie_match,behaviour.erosion,residents,"));
}

#[test]
fn a_journal_of_another_sweep_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    small_scenario(dir.path());
    let mut args = vec!["sweep", "s.toml", "--out", "o", "--stop-after", "2"];
    args.extend_from_slice(SWEEP);
    assert!(huzhu(&args, dir.path()).status.success());
    let o = huzhu(
        &[
            "sweep",
            "s.toml",
            "--out",
            "o",
            "--vary",
            "care.tie_match=0.02:0.2:3",
            "--quiet",
        ],
        dir.path(),
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("different sweep"), "{}", stderr(&o));
}

/// Each point against the reference on the same seeds: the reference's own difference is 0, a point
/// that differs only in a parameter that does nothing here differs by exactly 0 too, rows come in the
/// order of the parameter values, and a reference for a key not varied is refused.
#[test]
fn a_sweep_gives_paired_differences_from_its_reference_in_value_order() {
    let dir = tempfile::tempdir().unwrap();
    small_scenario(dir.path());
    let args = |reference: &str| {
        vec![
            "sweep".to_string(),
            "s.toml".into(),
            "--out".into(),
            "o".into(),
            "--vary".into(),
            "care.tie_match=0:0.2:3".into(),
            "--vary".into(),
            "cadres.visit_boost=0:0.2:2".into(),
            "--reference".into(),
            reference.into(),
            "--quiet".into(),
            "--force".into(),
        ]
    };
    let run = |reference: &str| {
        let a = args(reference);
        huzhu(&a.iter().map(String::as_str).collect::<Vec<_>>(), dir.path())
    };
    let o = run("care.tie_match=0.1");
    assert!(o.status.success(), "{}", stderr(&o));
    let effects = read(&dir.path().join("o/sweep_effects.csv"));
    assert!(effects.starts_with(
        "point,reference,care.tie_match,cadres.visit_boost,metric,mean,reference_mean,diff,diff_ci_low,diff_ci_high,n\n"
    ));
    let unmet: Vec<Vec<&str>> = effects
        .lines()
        .filter(|l| l.contains(",unmet_hours,"))
        .map(|l| l.split(',').collect())
        .collect();
    // 3 × 2 points; the reference (tie_match 0.1, visit_boost at the scenario's own value) is not one.
    assert_eq!(unmet.len(), 7);
    let keys: Vec<(f64, f64)> = unmet
        .iter()
        .map(|c| (c[2].parse().unwrap(), c[3].parse().unwrap()))
        .collect();
    let mut sorted = keys.clone();
    sorted.sort_by(|a, b| a.partial_cmp(b).unwrap());
    assert_eq!(keys, sorted, "in the order of the parameter values");
    let reference: Vec<&Vec<&str>> = unmet.iter().filter(|c| c[1] == "1").collect();
    assert_eq!(reference.len(), 1);
    assert_eq!((reference[0][7], reference[0][8], reference[0][9]), ("0", "0", "0"));
    // No cadre visits happen without the mobilisation lever, so their boost changes nothing: tie_match
    // 0.1 with either boost is the reference exactly, replicate by replicate.
    for c in unmet.iter().filter(|c| c[2] == "0.1") {
        assert_eq!(c[7], "0", "{c:?}");
    }
    let o = run("care.spouse_hours=100");
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("not varied; allowed: the varied keys care.tie_match, cadres.visit_boost"));
}

/// --yearly gives each point's series year by year; its last year is the final year of the summary.
#[test]
fn a_yearly_sweep_ends_where_the_final_year_summary_is() {
    let dir = tempfile::tempdir().unwrap();
    small_scenario(dir.path());
    let o = huzhu(
        &[
            "sweep",
            "s.toml",
            "--out",
            "o",
            "--vary",
            "care.tie_match=0:0.2:2",
            "--yearly",
            "--quiet",
        ],
        dir.path(),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let pick = |file: &str, year: Option<&str>| -> Vec<String> {
        read(&dir.path().join("o").join(file))
            .lines()
            .filter(|l| l.contains(",participation_rate,") && year.is_none_or(|y| l.contains(&format!(",{y},"))))
            .map(|l| l.split(',').rev().take(5).collect::<Vec<_>>().join(","))
            .collect()
    };
    let years: std::collections::BTreeSet<String> = read(&dir.path().join("o/sweep_yearly.csv"))
        .lines()
        .skip(1)
        .map(|l| l.split(',').nth(2).unwrap().to_string())
        .collect();
    let last = years.iter().next_back().unwrap().clone();
    assert!(years.len() >= 2);
    assert_eq!(pick("sweep_yearly.csv", Some(&last)), pick("sweep_summary.csv", None));
    assert!(read(&dir.path().join("o/sweep.csv"))
        .lines()
        .next()
        .unwrap()
        .contains(&format!("unmet_rate_{last}")));
}

#[test]
fn lhs_sweeps_have_one_point_per_stratum() {
    let dir = tempfile::tempdir().unwrap();
    small_scenario(dir.path());
    let o = huzhu(
        &[
            "sweep",
            "s.toml",
            "--out",
            "o",
            "--design",
            "lhs",
            "--samples",
            "6",
            "--vary",
            "care.tie_match=0:0.6",
            "--replicates",
            "1",
            "--quiet",
        ],
        dir.path(),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let csv = read(&dir.path().join("o/sweep.csv"));
    // The six design points; the seventh is the reference.
    let mut strata: Vec<usize> = csv
        .lines()
        .skip(1)
        .filter(|l| l.split(',').nth(1) != Some("6"))
        .map(|l| (l.split(',').nth(4).unwrap().parse::<f64>().unwrap() / 0.1) as usize)
        .collect();
    strata.sort();
    assert_eq!(strata, (0..6).collect::<Vec<_>>());
}

#[test]
fn bad_vary_is_refused_before_anything_runs() {
    let dir = tempfile::tempdir().unwrap();
    small_scenario(dir.path());
    for (vary, words) in [
        ("nope.key=0:1", "unknown key"),
        ("care.tie_match=0.5:0.1", "LO 0.5 is above HI 0.1"),
        ("care.need_hours=1:2", "allowed: a parameter that takes one number"),
    ] {
        for command in ["sweep", "sensitivity"] {
            let o = huzhu(
                &[command, "s.toml", "--out", "o", "--vary", vary, "--method", "morris"]
                    [..if command == "sweep" { 6 } else { 8 }],
                dir.path(),
            );
            assert_eq!(o.status.code(), Some(2), "{command} {vary}");
            assert!(stderr(&o).contains(words), "{command} {vary}: {}", stderr(&o));
            assert!(!dir.path().join("o").exists());
        }
    }
}

#[test]
fn a_morris_analysis_ranks_every_varied_parameter() {
    let dir = tempfile::tempdir().unwrap();
    small_scenario(dir.path());
    let o = huzhu(
        &[
            "sensitivity",
            "s.toml",
            "--out",
            "o",
            "--method",
            "morris",
            "--samples",
            "3",
            "--replicates",
            "1",
            "--vary",
            "care.tie_match=0:0.3",
            "--vary",
            "network.rewire=0:0.5",
            "--quiet",
        ],
        dir.path(),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let table = String::from_utf8(o.stdout).unwrap();
    assert!(
        table.contains("participation_rate") && table.contains("unmet_rate") && table.contains("care.tie_match"),
        "{table}"
    );
    let csv = read(&dir.path().join("o/sensitivity.csv"));
    // Per metric: mu, mu_star and sigma of each parameter, and the noise share (empty with 1 replicate).
    assert_eq!(csv.lines().count(), 1 + 2 * (2 * 3 + 1));
    assert!(csv.contains("morris,unmet_rate,care.tie_match,mu,") && csv.contains(",noise_share,,,\n"));
    assert_eq!(
        read(&dir.path().join("o/sensitivity_runs.csv")).lines().count(),
        1 + 3 * 3
    );
}
