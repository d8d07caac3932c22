//! Shards and their merge: for any N (dividing the work or not, more shards than units), merged in any
//! order, the merge writes byte for byte what one process writes (only manifest.json's run_info
//! differs); a missing, duplicated, foreign or truncated shard is refused by name, and running that
//! shard again repairs the plan.

mod common;

use std::path::{Path, PathBuf};

use common::{huzhu, read, stderr, write, SMALL};
use proptest::prelude::*;

/// Every file of `a` equals `b`'s, manifest.json but for its run_info; and no file is in one only.
fn assert_same_outputs(a: &Path, b: &Path) {
    let names = |d: &Path| {
        let mut n: Vec<String> = std::fs::read_dir(d)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        n.sort();
        n
    };
    assert_eq!(names(a), names(b), "{} and {}", a.display(), b.display());
    for name in names(a) {
        let (x, y) = (
            std::fs::read(a.join(&name)).unwrap(),
            std::fs::read(b.join(&name)).unwrap(),
        );
        if name == "manifest.json" {
            let strip = |bytes: &[u8]| {
                let mut doc: serde_json::Value = serde_json::from_slice(bytes).unwrap();
                doc.as_object_mut().unwrap().remove("run_info");
                doc
            };
            assert_eq!(strip(&x), strip(&y), "manifest.json without run_info");
        } else {
            assert!(x == y, "{name} differs between {} and {}", a.display(), b.display());
        }
    }
}

/// Runs `args` whole into `dir/whole`, as `n` shards for `dir/merged-n` (into `dir/merged-n-shards/K`),
/// merges them (last shard first) into `dir/merged-n`, and checks the outputs and the printed result
/// are the same.
fn check_merge(dir: &Path, args: &[&str], n: u64) {
    let whole = dir.join("whole");
    let out = huzhu(
        &[args, &["--quiet", "--force", "--out", whole.to_str().unwrap()]].concat(),
        dir,
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let merged = dir.join(format!("merged-{n}"));
    for k in 0..n {
        let spec = format!("{k}/{n}");
        let o = huzhu(
            &[args, &["--quiet", "--shard", &spec, "--out", merged.to_str().unwrap()]].concat(),
            dir,
        );
        assert!(o.status.success(), "shard {spec}: {}", stderr(&o));
    }
    let shards: Vec<PathBuf> = (0..n).map(|k| dir.join(format!("merged-{n}-shards/{k}"))).collect();
    let mut merge: Vec<&str> = vec!["merge"];
    merge.extend(shards.iter().rev().map(|s| s.to_str().unwrap()));
    merge.extend(["--quiet", "--out", merged.to_str().unwrap()]);
    let m = huzhu(&merge, dir);
    assert!(m.status.success(), "merge of {n}: {}", stderr(&m));
    if args[0] != "sweep" {
        // (a sweep prints where it wrote, which is another folder)
        assert_eq!(String::from_utf8_lossy(&m.stdout), String::from_utf8_lossy(&out.stdout));
    }
    assert_same_outputs(&whole, &merged);
}

fn small(dir: &Path) -> PathBuf {
    write(dir, "small.toml", &format!("name = \"small\"\n{SMALL}"))
}

#[test]
fn a_run_merged_from_any_number_of_shards_is_the_single_run() {
    let dir = tempfile::tempdir().unwrap();
    let s = small(dir.path());
    // 4 villages × 2 replicates = 8 units: one shard, a number that does not divide them, as many as
    // them, and more than them (empty shards).
    for n in [1, 3, 8, 11] {
        check_merge(dir.path(), &["run", s.to_str().unwrap()], n);
    }
    let manifest: serde_json::Value = serde_json::from_str(&read(&dir.path().join("merged-3/manifest.json"))).unwrap();
    let shards = &manifest["run_info"]["shards"];
    assert_eq!(shards["shards"], 3);
    assert_eq!(shards["each"].as_array().unwrap().len(), 3);
    assert_eq!(manifest["run_info"]["command"][1], "merge");
}

#[test]
fn subgroups_and_the_network_merge_to_the_same_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let s = small(dir.path());
    for n in [3, 9] {
        check_merge(
            dir.path(),
            &["run", s.to_str().unwrap(), "--by", "age_band,sex,living", "--network"],
            n,
        );
    }
    for name in ["groups.csv", "groups_summary.csv", "network.csv"] {
        assert!(dir.path().join("merged-3").join(name).exists(), "{name}");
    }
}

#[test]
fn a_comparison_with_its_report_merges_to_the_same_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let s = small(dir.path());
    let programme = write(
        dir.path(),
        "bank.toml",
        "name = \"bank\"\nextends = \"small.toml\"\n[levers.time_bank]\non = true\n",
    );
    check_merge(
        dir.path(),
        &[
            "compare",
            s.to_str().unwrap(),
            programme.to_str().unwrap(),
            "--lang",
            "zh",
        ],
        5,
    );
}

#[test]
fn sweeps_and_sensitivity_analyses_merge_to_the_same_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let s = small(dir.path());
    let sweep = [
        "sweep",
        s.to_str().unwrap(),
        "--vary",
        "levers.outmigration.scale=0.5:1.5:3",
        "--years",
        "3",
    ];
    // 3 points × 2 replicates = 6 runs: shards of 1 or 2 runs, and empty ones.
    check_merge(dir.path(), &sweep, 4);
    check_merge(dir.path(), &sweep, 9);
    let morris = [
        "sensitivity",
        s.to_str().unwrap(),
        "--vary",
        "levers.outmigration.scale=0.5:1.5",
        "--vary",
        "cadres.trust_mean=0.3:0.7",
        "--method",
        "morris",
        "--samples",
        "2",
        "--years",
        "3",
    ];
    check_merge(dir.path(), &morris, 5);
}

/// Shards 0..n of a small run for `dir/parts` (so in `dir/parts-shards/K`), with the given extra
/// arguments.
fn shards(dir: &Path, scenario: &Path, n: u64, extra: &[&str]) -> Vec<PathBuf> {
    (0..n)
        .map(|k| {
            let out = dir.join("parts");
            let spec = format!("{k}/{n}");
            let o = huzhu(
                &[
                    &[
                        "run",
                        scenario.to_str().unwrap(),
                        "--quiet",
                        "--shard",
                        &spec,
                        "--out",
                        out.to_str().unwrap(),
                    ],
                    extra,
                ]
                .concat(),
                dir,
            );
            assert!(o.status.success(), "{}", stderr(&o));
            dir.join(format!("parts-shards/{k}"))
        })
        .collect()
}

fn merge(dir: &Path, parts: &[&Path]) -> std::process::Output {
    let mut args: Vec<&str> = vec!["merge", "--quiet", "--out", "merged"];
    args.extend(parts.iter().map(|p| p.to_str().unwrap()));
    huzhu(&args, dir)
}

fn refused(o: &std::process::Output, words: &[&str]) {
    assert_eq!(o.status.code(), Some(2), "{}", stderr(o));
    for w in words {
        assert!(stderr(o).contains(w), "`{w}` not in: {}", stderr(o));
    }
}

#[test]
fn missing_duplicated_foreign_and_truncated_shards_are_refused_and_a_rerun_repairs() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let s = small(d);
    let p = shards(d, &s, 3, &[]);
    let (a, b, c) = (p[0].as_path(), p[1].as_path(), p[2].as_path());
    refused(
        &merge(d, &[a, c]),
        &["shard 1/3", "missing", "--shard 1/3 --out", "parts"],
    );
    refused(&merge(d, &[a, b, c, b]), &["parts-shards/1", "again"]);
    // A shard of another plan (another seed).
    let o = huzhu(
        &[
            "run",
            s.to_str().unwrap(),
            "--seed",
            "5",
            "--quiet",
            "--shard",
            "1/3",
            "--out",
            "other",
        ],
        d,
    );
    assert!(o.status.success());
    let other = d.join("other-shards/1");
    refused(&merge(d, &[a, &other, c]), &["other-shards/1", "another plan"]);
    // A folder that is no shard.
    std::fs::create_dir_all(d.join("empty")).unwrap();
    refused(&merge(d, &[a, b, &d.join("empty")]), &["empty", "shard.json"]);
    // Cut short.
    let totals = b.join("totals.csv");
    let text = read(&totals);
    std::fs::write(&totals, &text[..text.len() / 2]).unwrap();
    refused(
        &merge(d, &[a, b, c]),
        &["parts-shards/1/totals.csv", "cut short", "shard 1/3"],
    );
    assert!(!d.join("merged").exists(), "nothing written");
    // Run again, that shard alone repairs the plan.
    shards(d, &s, 3, &[]);
    let m = merge(d, &[a, b, c]);
    assert!(m.status.success(), "{}", stderr(&m));
    let whole = huzhu(&["run", s.to_str().unwrap(), "--quiet", "--out", "whole"], d);
    assert!(whole.status.success());
    assert_same_outputs(&d.join("whole"), &d.join("merged"));
    // Without --out, the merge writes where the shards' command would have: `parts`.
    let m = huzhu(
        &[
            "merge",
            "--quiet",
            a.to_str().unwrap(),
            b.to_str().unwrap(),
            c.to_str().unwrap(),
        ],
        d,
    );
    assert!(m.status.success(), "{}", stderr(&m));
    assert_same_outputs(&d.join("whole"), &d.join("parts"));
    // A scenario changed since the shards ran: the command is another plan now.
    std::fs::write(
        &s,
        format!("name = \"small\"\n{}", SMALL.replace("seed = 11", "seed = 12")),
    )
    .unwrap();
    refused(&merge(d, &[a, b, c]), &["changed since the shards ran"]);
}

#[test]
fn the_job_array_environment_names_the_shard() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let s = small(d);
    let explicit = shards(d, &s, 4, &[]);
    for (k, shard) in explicit.iter().enumerate() {
        let o = std::process::Command::new(env!("CARGO_BIN_EXE_huzhu"))
            .args([
                "run",
                s.to_str().unwrap(),
                "--quiet",
                "--shard",
                "slurm",
                "--out",
                "slurm",
            ])
            .env("SLURM_ARRAY_TASK_ID", (k + 1).to_string())
            .env("SLURM_ARRAY_TASK_MIN", "1")
            .env("SLURM_ARRAY_TASK_MAX", "4")
            .env("SLURM_ARRAY_TASK_COUNT", "4")
            .current_dir(d)
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", stderr(&o));
        let out = d.join(format!("slurm-shards/{k}"));
        assert_eq!(read(&out.join("totals.csv")), read(&shard.join("totals.csv")));
    }
    let o = huzhu(&["run", s.to_str().unwrap(), "--shard", "slurm"], d);
    refused(&o, &["SLURM_ARRAY_TASK_ID", "--shard K/N"]);
}

#[test]
fn commands_that_cannot_be_split_refuse_a_shard() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let s = small(d);
    let s = s.to_str().unwrap();
    refused(&huzhu(&["run", s, "--shard", "4/4"], d), &["--shard", "0 ≤ K < N"]);
    refused(
        &huzhu(&["run", s, "--shard", "0/2", "--snapshot", "2022"], d),
        &["--snapshot"],
    );
    refused(&huzhu(&["effects", s, "--shard", "0/2"], d), &["effects", "--shard"]);
    refused(
        &huzhu(&["survey", s, "--year", "2021", "--sample", "5", "--shard", "0/2"], d),
        &["survey"],
    );
}

#[test]
fn the_slurm_script_runs_the_array_then_the_merge() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let s = small(d);
    let o = huzhu(&["slurm", s.to_str().unwrap(), "--tasks", "4", "--mem", "2G"], d);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(text.contains("#SBATCH --array=0-3"));
    assert!(text.contains("#SBATCH --mem=2G"));
    assert!(text.contains("--shard slurm"));
    assert!(text.contains("--quiet --out results/small\n"));
    assert!(text.contains("--dependency=afterok"));
    assert!(text.contains("merge results/small-shards/[0-9]* --out results/small"));
    let o = huzhu(
        &[
            "slurm",
            "--tasks",
            "2",
            "--",
            "sweep",
            s.to_str().unwrap(),
            "--vary",
            "levers.outmigration.scale=0.5:1:2",
        ],
        d,
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(String::from_utf8_lossy(&o.stdout).contains("results/small_sweep"));
    refused(&huzhu(&["slurm", "missing.toml", "--tasks", "4"], d), &["missing.toml"]);
    refused(
        &huzhu(&["slurm", "--tasks", "2", "--", "fit", s.to_str().unwrap()], d),
        &["slurm"],
    );
    refused(&huzhu(&["slurm", s.to_str().unwrap(), "--tasks", "0"], d), &["--tasks"]);
    refused(
        &huzhu(
            &["slurm", "--tasks", "2", "--", "run", s.to_str().unwrap(), "--out", "x"],
            d,
        ),
        &["--out"],
    );
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]

    /// For random small plans (one or two scenarios, villages, years, replicates, seed) and a random N,
    /// the merged shards are the single run.
    #[test]
    fn merged_shards_equal_the_single_run(
        villages in 1u64..4,
        years in 1u32..3,
        replicates in 1u32..3,
        seed in 0u64..1000,
        two in any::<bool>(),
        n in 1u64..9,
    ) {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        let base = write(
            d,
            "a.toml",
            &format!(
                "name = \"a\"\n[run]\nyears = {years}\nreplicates = {replicates}\nseed = {seed}\n[villages]\ncount = {villages}\npopulation = {{ mean = 300, sd = 50, min = 100 }}\n"
            ),
        );
        let mut args = vec!["run".to_string(), base.display().to_string()];
        if two {
            let b = write(d, "b.toml", "name = \"b\"\nextends = \"a.toml\"\n[levers.subsidy]\non = true\n");
            args.push(b.display().to_string());
        }
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        check_merge(d, &args, n);
    }
}

#[test]
fn a_fit_merged_generation_by_generation_is_the_single_fit() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    small(d);
    write(
        d,
        "t.toml",
        "[[target]]\nmetric = \"participation_rate\"\nwindow = \"final_year\"\nvalue = 0.2\nsd = 0.01\n",
    );
    let fit = [
        "fit",
        "small.toml",
        "--targets",
        "t.toml",
        "--vary",
        "care.tie_match=0.01:0.2",
        "--particles",
        "8",
        "--budget",
        "40",
        "--years",
        "2",
        "--quiet",
    ];
    let whole = huzhu(&[&fit[..], &["--out", "whole"]].concat(), d);
    assert!(whole.status.success(), "{}", stderr(&whole));
    let mut rounds = 0;
    let mut last = None;
    while !d.join("fit/posterior.csv").exists() {
        rounds += 1;
        assert!(rounds < 20, "the fit never ends");
        for k in 0..3 {
            let spec = format!("{k}/3");
            let o = huzhu(&[&fit[..], &["--shard", &spec, "--out", "fit"]].concat(), d);
            assert!(o.status.success(), "{}", stderr(&o));
        }
        let parts: Vec<String> = (0..3).map(|k| format!("fit-shards/{k}")).collect();
        let parts: Vec<&str> = parts.iter().map(String::as_str).collect();
        let m = huzhu(&[&["merge", "--quiet"][..], &parts].concat(), d);
        assert!(m.status.success(), "{}", stderr(&m));
        if rounds == 1 {
            // The same shards again are not the next generation; and a fit merges only into its folder.
            refused(&huzhu(&[&["merge"][..], &parts].concat(), d), &["not of generation 1"]);
            refused(
                &huzhu(&[&["merge", "--out", "elsewhere"][..], &parts].concat(), d),
                &["--out"],
            );
        }
        std::fs::remove_dir_all(d.join("fit-shards")).unwrap();
        last = Some(m);
    }
    assert!(rounds > 2, "several generations");
    assert_eq!(last.unwrap().stdout, whole.stdout);
    assert_same_outputs(&d.join("whole"), &d.join("fit"));
}
