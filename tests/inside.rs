//! Inside the villages (issue 20): results by subgroup add up to the village totals exactly, the network
//! file describes the network, snapshots and the survey draw nothing from the model, and bad requests
//! stop before the run.

mod common;
use common::*;

use std::collections::HashMap;
use std::path::Path;

const SMALL: &str = "[run]\nyears = 3\nreplicates = 3\n[villages]\ncount = 3\npopulation = { mean = 600, sd = 100, min = 300 }\n[levers.time_bank]\nstart_year = 1\n[levers.happiness_home]\n";

/// Rows of a CSV file as maps from column to cell.
fn table(path: &Path) -> Vec<HashMap<String, String>> {
    let text = read(path);
    let mut lines = text.lines();
    let header: Vec<String> = lines.next().unwrap().split(',').map(String::from).collect();
    lines
        .map(|l| header.iter().cloned().zip(l.split(',').map(String::from)).collect())
        .collect()
}

fn num(cell: &str) -> f64 {
    cell.parse().unwrap()
}

/// Every group tally, summed over the groups of each (scenario, replicate, year) and times the 12 months
/// (hours times 1000: they are kept in thousandths), is the year's sum of the matching counter in
/// timeseries.csv: the groups partition the registered population exactly.
#[test]
fn groups_add_up_to_the_totals_of_the_timeseries_exactly() {
    let dir = tempfile::tempdir().unwrap();
    let scenario = write(dir.path(), "s.toml", SMALL);
    let out = dir.path().join("out");
    let o = huzhu(
        &[
            "run",
            scenario.to_str().unwrap(),
            "--by",
            "age_band,sex,residence,living,left_behind,need",
            "--out",
            out.to_str().unwrap(),
            "--quiet",
            "--no-report",
        ],
        dir.path(),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    // (column of groups.csv, column of timeseries.csv, unit: 1 for counts, 1000 for hours)
    let pairs = [
        ("persons", "registered", 1.0),
        ("in_need", "in_need", 1.0),
        ("need_hours", "need_hours", 1000.0),
        ("family_hours", "family_hours", 1000.0),
        ("mutual_hours", "mutual_hours", 1000.0),
        ("formal_hours", "formal_hours", 1000.0),
        ("volunteer_hours", "volunteer_hours", 1000.0),
        ("unmet_hours", "unmet_hours", 1000.0),
        ("willing", "willing", 1.0),
        ("participants", "participants", 1.0),
        ("eligible", "eligible", 1.0),
    ];
    let mut groups: HashMap<(String, String), Vec<i64>> = HashMap::new();
    for row in table(&out.join("groups.csv")) {
        let sums = groups
            .entry((row["replicate"].clone(), row["year"].clone()))
            .or_insert(vec![0; pairs.len()]);
        for (k, (column, _, unit)) in pairs.iter().enumerate() {
            sums[k] += (num(&row[*column]) * 12.0 * unit).round() as i64;
        }
    }
    let mut totals: HashMap<(String, String), Vec<i64>> = HashMap::new();
    for row in table(&out.join("timeseries.csv")) {
        let sums = totals
            .entry((row["replicate"].clone(), row["year"].clone()))
            .or_insert(vec![0; pairs.len()]);
        for (k, (_, column, unit)) in pairs.iter().enumerate() {
            sums[k] += (num(&row[*column]) * unit).round() as i64;
        }
    }
    assert_eq!(groups.len(), 9, "3 replicates × 3 years");
    assert_eq!(groups, totals);
    assert!(
        totals.values().all(|t| t[8] > 0 && t[2] > 0),
        "a test with willing persons and need"
    );
    let summary = read(&out.join("groups_summary.csv"));
    assert!(summary
        .starts_with("scenario,year,age_band,sex,residence,living,left_behind,need,metric,mean,sd,ci_low,ci_high,n\n"));
}

/// Snapshots, the network file and groups draw nothing: timeseries.csv is byte-identical with and
/// without them, and so is a second run of the snapshot (GraphML included).
#[test]
fn observing_inside_changes_nothing_and_is_the_same_every_time() {
    let dir = tempfile::tempdir().unwrap();
    let scenario = write(dir.path(), "s.toml", SMALL);
    let run = |name: &str, extra: &[&str]| {
        let out = dir.path().join(name);
        let mut args = vec![
            "run",
            scenario.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--quiet",
            "--no-report",
        ];
        args.extend(extra);
        let o = huzhu(&args, dir.path());
        assert!(o.status.success(), "{}", stderr(&o));
        out
    };
    let plain = run("plain", &[]);
    let inside = [
        "--by",
        "need",
        "--network",
        "--snapshot",
        "2021,2022",
        "--snapshot-villages",
        "all",
    ];
    let a = run("a", &inside);
    let b = run("b", &inside);
    assert_eq!(read(&plain.join("timeseries.csv")), read(&a.join("timeseries.csv")));
    for file in [
        "groups.csv",
        "network.csv",
        "persons.csv",
        "ties.csv",
        "network_s_r0_v2_2022.graphml",
    ] {
        assert_eq!(read(&a.join(file)), read(&b.join(file)), "{file}");
    }
    // Six snapshots (two years, three villages of replicate 0); each person's ties are listed once.
    let persons = table(&a.join("persons.csv"));
    let keys: std::collections::BTreeSet<(String, String)> = persons
        .iter()
        .map(|r| (r["village"].clone(), r["year"].clone()))
        .collect();
    assert_eq!(keys.len(), 6);
    let graphml = read(&a.join("network_s_r0_v2_2022.graphml"));
    assert!(graphml.contains("edgedefault=\"undirected\"") && graphml.contains("attr.name=\"identity\""));
    let network = table(&a.join("network.csv"));
    let share = network
        .iter()
        .find(|r| r["measure"] == "largest_component_share" && r["year"] == "2022")
        .unwrap();
    assert!((0.5..=1.0).contains(&num(&share["value"])));
}

#[test]
fn bad_requests_stop_before_the_run_with_what_is_allowed() {
    let dir = tempfile::tempdir().unwrap();
    let scenario = write(dir.path(), "s.toml", SMALL);
    let s = scenario.to_str().unwrap();
    for (args, says) in [
        (vec!["--by", "age"], "unknown dimension `age`; allowed: age_band, sex"),
        (
            vec!["--snapshot", "2030"],
            "2030 is outside the run of `s`; allowed: calendar years 2020 to 2022",
        ),
        (
            vec!["--snapshot", "2021", "--snapshot-replicates", "5"],
            "no replicate 5; allowed: 0 to 2",
        ),
        (
            vec!["--snapshot", "2021", "--snapshot-villages", "9"],
            "no village 9; allowed: 0 to 2, or all",
        ),
        (vec!["--snapshot", "x"], "`x` is not a whole number"),
    ] {
        let out = dir.path().join("out");
        let mut all = vec!["run", s, "--out", out.to_str().unwrap(), "--quiet"];
        all.extend(&args);
        let o = huzhu(&all, dir.path());
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert!(stderr(&o).contains(says), "{args:?}: {}", stderr(&o));
        assert!(!out.exists(), "nothing written for {args:?}");
    }
    // A snapshot of every village of a county for many years would write far more than a few GB.
    let big = write(
        dir.path(),
        "big.toml",
        "[run]\nyears = 20\nreplicates = 10\n[villages]\ncount = 2000\n",
    );
    let o = huzhu(
        &[
            "run",
            big.to_str().unwrap(),
            "--snapshot",
            "2020,2021,2022,2023,2024,2025,2026,2027,2028,2029",
            "--snapshot-villages",
            "all",
            "--snapshot-replicates",
            "0,1,2,3,4,5,6,7,8,9",
            "--quiet",
        ],
        dir.path(),
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("the snapshots would take about") && stderr(&o).contains("allowed: at most"),
        "{}",
        stderr(&o)
    );
}

/// The survey samples residents of the survey's ages from households, exactly as many as asked for, the
/// same with any thread count; a different survey
/// seed draws other respondents from the same simulated villages.
#[test]
fn the_survey_samples_households_and_is_reproducible() {
    let dir = tempfile::tempdir().unwrap();
    let scenario = write(dir.path(), "s.toml", SMALL);
    let survey = |name: &str, extra: &[&str]| {
        let out = dir.path().join(name);
        let mut args = vec![
            "survey",
            scenario.to_str().unwrap(),
            "--year",
            "2022",
            "--sample",
            "300",
            "--villages",
            "2",
            "--out",
            out.to_str().unwrap(),
            "--quiet",
        ];
        args.extend(extra);
        let o = huzhu(&args, dir.path());
        assert!(o.status.success(), "{}", stderr(&o));
        out
    };
    let a = survey("a", &["--threads", "1"]);
    let b = survey("b", &["--threads", "2"]);
    let c = survey("c", &["--survey-seed", "7"]);
    assert_eq!(read(&a.join("survey.csv")), read(&b.join("survey.csv")));
    assert_ne!(read(&a.join("survey.csv")), read(&c.join("survey.csv")));
    let rows = table(&a.join("survey.csv"));
    assert_eq!(rows.len(), 300);
    assert!(rows.iter().all(|r| num(&r["age"]) >= 45.0));
    let villages: std::collections::BTreeSet<&str> = rows.iter().map(|r| r["village"].as_str()).collect();
    assert_eq!(villages.len(), 2, "two villages drawn");
    // Whole households: most respondents share their household with another respondent 45+.
    let mut per_household: HashMap<(&str, &str), usize> = HashMap::new();
    for r in &rows {
        *per_household.entry((&r["village"], &r["household"])).or_default() += 1;
    }
    assert!(per_household.values().filter(|&&n| n > 1).count() * 4 > per_household.len());
    let codebook = read(&a.join("survey_codebook.md"));
    assert!(codebook.contains("| `willing` |") && codebook.contains("有互助意愿"));
    for (args, says) in [
        (
            vec!["--year", "2030"],
            "2030 is outside the run of `s`; allowed: calendar years 2020 to 2022",
        ),
        (vec!["--villages", "9"], "allowed: 1 to 3"),
        (vec!["--replicates", "2"], "first replicate only"),
    ] {
        let mut all = vec!["survey", scenario.to_str().unwrap(), "--sample", "10", "--quiet"];
        if !args.contains(&"--year") {
            all.extend(["--year", "2021"]);
        }
        all.extend(&args);
        let o = huzhu(&all, dir.path());
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert!(stderr(&o).contains(says), "{args:?}: {}", stderr(&o));
    }
}

/// With --by the report gains a chart by subgroup (in the report's language); without, it has none.
#[test]
fn the_report_shows_subgroups_only_when_asked() {
    let dir = tempfile::tempdir().unwrap();
    let scenario = write(dir.path(), "s.toml", SMALL);
    let s = scenario.to_str().unwrap();
    for (by, lang, expect) in [(Some("need"), "zh", true), (None, "en", false)] {
        let out = dir.path().join(format!("out_{lang}"));
        let mut args = vec!["run", s, "--out", out.to_str().unwrap(), "--quiet", "--lang", lang];
        if let Some(by) = by {
            args.extend(["--by", by]);
        }
        let o = huzhu(&args, dir.path());
        assert!(o.status.success(), "{}", stderr(&o));
        let html = read(&out.join("report.html"));
        assert_eq!(html.contains("分组结果"), expect);
        assert_eq!(out.join("chart_groups_0.svg").exists(), expect);
        if expect {
            assert!(read(&out.join("chart_groups_0.svg")).contains("重度失能"));
        }
    }
}
