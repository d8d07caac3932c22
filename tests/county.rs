//! A county of real villages: the village table (`villages.file`), its per-village overrides and
//! targets, results by village, and the common random numbers that keep a village without the
//! programme identical to the baseline's same village.

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use common::{huzhu, read, stderr, write};

const BASE: &str =
    "name = \"county\"\n[run]\nyears = 4\nreplicates = 3\nseed = 5\n[villages]\nfile = \"villages.csv\"\n";

fn table(dir: &Path, name: &str, lever: &[&str]) {
    let mut text = String::from("name,population,share_60plus,share_away,levers.happiness_home.start_year\n");
    for (k, (village, size)) in [
        ("东村", 900),
        ("西村", 1400),
        ("Nancun", 600),
        ("北村", 1100),
        ("上庄", 800),
    ]
    .iter()
    .enumerate()
    {
        let start = lever.get(k).copied().unwrap_or("");
        text.push_str(&format!("{village},{size},0.3,0.3,{start}\n"));
    }
    write(dir, name, &text);
}

/// `county.toml` from the table `villages.csv`, and `homes.toml`: the same county with happiness homes
/// from the start years `homes` (one per village, empty for none) of the table `homes.csv`.
fn county_with_homes(dir: &Path, homes: &[&str]) {
    table(dir, "villages.csv", &[]);
    table(dir, "homes.csv", homes);
    write(dir, "county.toml", BASE);
    write(
        dir,
        "homes.toml",
        "name = \"homes\"\nextends = \"county.toml\"\n[villages]\nfile = \"homes.csv\"\n",
    );
}

/// villages.csv's rows without the scenario column, by (replicate, village, year).
fn by_village(csv: &str, scenario: &str) -> BTreeMap<(String, String, String), String> {
    csv.lines()
        .skip(1)
        .filter(|l| l.starts_with(&format!("{scenario},")))
        .map(|l| {
            let cells: Vec<&str> = l.splitn(5, ',').collect();
            (
                (cells[1].into(), cells[2].into(), cells[3].into()),
                cells[4].to_string(),
            )
        })
        .collect()
}

#[test]
fn a_village_without_the_programme_is_byte_for_byte_the_baseline_village() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // Homes in 东村 from year 1 and in 北村 from year 2 (a roll-out); the other three as in the baseline.
    county_with_homes(d, &["1", "", "", "2", ""]);
    let o = huzhu(
        &[
            "compare",
            "county.toml",
            "homes.toml",
            "--quiet",
            "--no-report",
            "--out",
            "out",
        ],
        d,
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let csv = read(&d.join("out/villages.csv"));
    assert!(csv.starts_with("scenario,replicate,village,year,registered,residents,away,"));
    let (base, homes) = (by_village(&csv, "county"), by_village(&csv, "homes"));
    assert_eq!(base.len(), 3 * 5 * 4, "replicates × villages × years");
    for ((r, village, year), row) in &base {
        let other = &homes[&(r.clone(), village.clone(), year.clone())];
        match village.as_str() {
            "东村" | "北村" if year != "2020" && !(village == "北村" && year == "2021") => {
                assert_ne!(row, other, "{village} {year}: the home changes the village")
            }
            _ => assert_eq!(
                row, other,
                "{village} {year} (replicate {r}): no home yet, the same village"
            ),
        }
    }
    // A summary per village with intervals over the replicates.
    let summary = read(&d.join("out/villages_summary.csv"));
    assert!(summary.starts_with("scenario,village,year,metric,mean,sd,ci_low,ci_high,n\n"));
    assert!(summary.contains("homes,东村,2023,unmet_rate,"));
}

/// A scenario of 3 villages without a table, 2 replicates, `years` years.
fn plain(dir: &Path, years: u32) {
    let text = format!("name = \"plain\"\n[run]\nyears = {years}\nreplicates = 2\n[villages]\ncount = 3\n");
    write(dir, "plain.toml", &text);
}

#[test]
fn villages_add_up_to_the_county_and_a_run_without_a_table_opts_in() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    plain(d, 2);
    let o = huzhu(&["run", "plain.toml", "--quiet", "--no-report", "--out", "a"], d);
    assert!(o.status.success());
    assert!(!d.join("a/villages.csv").exists(), "opt-in without a table");
    let o = huzhu(
        &[
            "run",
            "plain.toml",
            "--quiet",
            "--no-report",
            "--by-village",
            "--out",
            "b",
        ],
        d,
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        read(&d.join("a/timeseries.csv")),
        read(&d.join("b/timeseries.csv")),
        "observing draws nothing"
    );
    // Each year's mean of the registered, summed over villages, is the county's.
    let villages = read(&d.join("b/villages.csv"));
    let mut sums: BTreeMap<(String, String), f64> = BTreeMap::new();
    for l in villages.lines().skip(1) {
        let c: Vec<&str> = l.split(',').collect();
        assert!(c[2].parse::<u64>().unwrap() < 3, "villages by index");
        *sums.entry((c[1].into(), c[3].into())).or_default() += c[4].parse::<f64>().unwrap();
    }
    let series = read(&d.join("b/timeseries.csv"));
    let header: Vec<&str> = series.lines().next().unwrap().split(',').collect();
    let col = header.iter().position(|h| *h == "registered").unwrap();
    let mut county: BTreeMap<(String, String), (f64, f64)> = BTreeMap::new();
    for l in series.lines().skip(1) {
        let c: Vec<&str> = l.split(',').collect();
        let e = county.entry((c[1].into(), c[4].into())).or_default();
        e.0 += c[col].parse::<f64>().unwrap();
        e.1 += 1.0;
    }
    for (k, (sum, n)) in county {
        assert!((sums[&k] - sum / n).abs() < 1e-3, "{k:?}: {} vs {}", sums[&k], sum / n);
    }
}

#[test]
fn left_behind_older_people_by_village_are_those_of_the_year_end_snapshot() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    plain(d, 3);
    let o = huzhu(
        &[
            "run",
            "plain.toml",
            "--quiet",
            "--no-report",
            "--by-village",
            "--snapshot",
            "2020,2022",
            "--snapshot-villages",
            "all",
            "--out",
            "o",
        ],
        d,
    );
    assert!(o.status.success(), "{}", stderr(&o));
    // Left behind: resident, 60+, with living children and none of them resident.
    let mut counted: BTreeMap<(String, String), u32> = BTreeMap::new();
    for p in rows(&read(&d.join("o/persons.csv"))) {
        let age: u32 = p["age"].parse().unwrap();
        let (alive, away): (u32, u32) = (
            p["children_alive"].parse().unwrap(),
            p["children_away"].parse().unwrap(),
        );
        if p["status"] == "resident" && age >= 60 && alive > 0 && alive == away {
            *counted.entry((p["village"].clone(), p["year"].clone())).or_default() += 1;
        }
    }
    let villages = rows(&read(&d.join("o/villages.csv")));
    let mut compared = 0;
    for r in villages.iter().filter(|r| r["replicate"] == "0") {
        let (left, old): (f64, f64) = (r["left_behind"].parse().unwrap(), r["elderly"].parse().unwrap());
        assert!(left <= old * 1.2, "left behind are residents 60+: {r:?}");
        if let Some(&n) = counted.get(&(r["village"].clone(), r["year"].clone())) {
            assert_eq!(left, f64::from(n), "{r:?}");
            compared += 1;
        }
    }
    assert_eq!(compared, 6, "3 villages × 2 snapshot years");
}

#[test]
fn check_shows_each_villages_targets_beside_month_0() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    table(d, "villages.csv", &[]);
    write(d, "county.toml", BASE);
    let o = huzhu(&["check", "county.toml"], d);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(text.contains("5 villages from"), "{text}");
    let line = text.lines().find(|l| l.contains("西村")).unwrap();
    assert!(line.contains("1400 (1400)"), "{line}");
    assert!(line.contains("(0.30)"), "{line}");
    let o = huzhu(&["check", "county.toml", "--lang", "zh"], d);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(
        text.contains("county.toml：无误") && text.contains("中的 5 个村"),
        "{text}"
    );
    assert!(text.contains("户籍人口（村庄表）"), "{text}");
    // The header and the rows end in the same terminal column (a Chinese character is two wide).
    let table: Vec<&str> = text.lines().skip(2).collect();
    let widths: Vec<usize> = table
        .iter()
        .map(|l| unicode_width::UnicodeWidthStr::width(*l))
        .collect();
    assert!(table.len() == 6 && widths.iter().all(|&w| w == widths[0]), "{text}");
}

#[test]
fn a_bad_village_table_is_refused_with_its_line_and_column_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "county.toml", BASE);
    for (text, says) in [
        (
            "name,population\n东村,900\n东村,800\n",
            "villages.csv, line 3, key `name`",
        ),
        ("name,population\n东村,lots\n", "villages.csv, line 2, key `population`"),
        (
            "name,population,levers.teleport.on\n东村,900,true\n",
            "there is no lever `teleport`",
        ),
        (
            "name,population,share_60plus\n东村,900,60\n",
            "key `share_60plus`: `60` is not a share",
        ),
        (
            "name,population,levers.subsidy.start_year,levers.subsidy.end_year\n东村,900,2,1\n",
            "village `东村`: ends in year 1",
        ),
    ] {
        write(d, "villages.csv", text);
        for command in ["check", "run"] {
            let o = huzhu(
                &[command, "county.toml", "--out", "out"][..if command == "check" { 2 } else { 4 }],
                d,
            );
            assert_eq!(o.status.code(), Some(2), "{text}: {}", stderr(&o));
            assert!(stderr(&o).contains(says), "{text}: {}", stderr(&o));
        }
        assert!(!d.join("out").exists(), "nothing written");
    }
    write(d, "villages.csv", "name,population\n东村,900\n");
    let o = huzhu(&["run", "county.toml", "--set", "villages.count=3", "--out", "out"], d);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("has 1 villages"), "{}", stderr(&o));
    let o = huzhu(
        &[
            "run",
            "county.toml",
            "--set",
            "villages.file=\"nowhere.csv\"",
            "--out",
            "out",
        ],
        d,
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("nowhere.csv"), "{}", stderr(&o));
}

/// The rows of a CSV as maps from column to cell.
fn rows(text: &str) -> Vec<BTreeMap<String, String>> {
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    lines
        .map(|l| {
            header
                .iter()
                .map(|h| h.to_string())
                .zip(l.split(',').map(String::from))
                .collect()
        })
        .collect()
}

#[test]
fn spending_by_year_and_lever_adds_up_to_the_monthly_spending_and_recipients_are_counted() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(
        d,
        "s.toml",
        "name = \"s\"\n[run]\nyears = 3\nreplicates = 1\n[villages]\ncount = 3\n[levers.happiness_home]\nstart_year = 1\n[levers.training]\non = true\n",
    );
    let o = huzhu(&["run", "s.toml", "--quiet", "--no-report", "--out", "out"], d);
    assert!(o.status.success(), "{}", stderr(&o));
    let series = rows(&read(&d.join("out/timeseries.csv")));
    let spending = rows(&read(&d.join("out/spending.csv")));
    let cell = |r: &BTreeMap<String, String>, k: &str| r[k].parse::<f64>().unwrap();
    let mut cumulative = 0.0;
    for year in ["2020", "2021", "2022"] {
        let monthly: f64 = series
            .iter()
            .filter(|r| r["year"] == year)
            .map(|r| cell(r, "public_spending"))
            .sum();
        // Every item of a lever (running, construction, per person), and the public total of all.
        let of = |lever: &str, kind: &str| -> f64 {
            spending
                .iter()
                .filter(|r| r["year"] == year && r["lever"] == lever && r["budget"] == "public")
                .filter(|r| lever != "total" || r["kind"] == kind)
                .map(|r| cell(r, "yuan_year"))
                .sum()
        };
        let total = of("total", "all");
        cumulative += total;
        assert!((total - monthly).abs() < 0.01, "{year}: {total} vs {monthly}");
        assert!(
            (of("training", "") + of("happiness_home", "") - total).abs() < 0.01,
            "{year}: levers add up"
        );
        assert!(
            (of("total", "one_off") + of("total", "running") - total).abs() < 0.01,
            "{year}: one-off and running costs add up"
        );
        let row = spending
            .iter()
            .find(|r| r["year"] == year && r["lever"] == "total" && r["kind"] == "all" && r["budget"] == "public")
            .unwrap();
        // Without a discount rate the present value is the nominal sum.
        assert_eq!(row["pv_cumulative_yuan"], row["cumulative_yuan"]);
        assert!((cell(row, "cumulative_yuan") - cumulative).abs() < 0.01);
    }
    assert_eq!(
        spending
            .iter()
            .filter(|r| r["lever"] == "happiness_home" && r["year"] == "2020")
            .map(|r| cell(r, "yuan_year"))
            .sum::<f64>(),
        0.0,
        "the homes open in year 1"
    );
    for r in &series {
        let (recipients, programme, in_need) = (
            cell(r, "care_recipients"),
            cell(r, "programme_recipients"),
            cell(r, "in_need"),
        );
        assert!(programme <= recipients && recipients <= in_need, "{r:?}");
        if r["year"] == "2020" {
            assert_eq!(programme, 0.0, "no home, no volunteers, no channel before year 1");
        }
    }
    assert!(
        series.iter().any(|r| cell(r, "programme_recipients") > 0.0),
        "the homes help someone"
    );
}

#[test]
fn allocate_never_spends_more_than_the_budget_in_any_year_of_any_replicate() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    table(d, "villages.csv", &[]);
    write(d, "county.toml", BASE);
    // Unbounded first, to learn what the homes cost in all, then a budget that binds.
    let all = huzhu(
        &[
            "allocate",
            "county.toml",
            "--lever",
            "happiness_home",
            "--budget-year",
            "1e9",
            "--quiet",
            "--no-report",
            "--out",
            "all",
        ],
        d,
    );
    assert!(all.status.success(), "{}", stderr(&all));
    let chosen = |out: &str, column: &str| {
        rows(&read(&d.join(out).join("allocation.csv")))
            .iter()
            .filter(|r| r[column] == "true")
            .count()
    };
    assert_eq!(chosen("all", "chosen"), 5, "a budget that covers every village");
    let yearly: Vec<f64> = rows(&read(&d.join("all/allocation.csv")))
        .iter()
        .map(|r| r["yuan_year_max"].parse().unwrap())
        .collect();
    let budget = yearly.iter().sum::<f64>() * 0.5;
    let o = huzhu(
        &[
            "allocate",
            "county.toml",
            "--lever",
            "happiness_home",
            "--budget-year",
            &budget.to_string(),
            "--quiet",
            "--no-report",
            "--out",
            "half",
        ],
        d,
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(String::from_utf8_lossy(&o.stdout).contains("yuan a year (元/年)"));
    let (plan, spread) = (chosen("half", "chosen"), chosen("half", "chosen_by_population"));
    assert!((1..5).contains(&plan) && (1..5).contains(&spread), "{plan} {spread}");
    // Spending of each scenario, replicate and year, from the monthly series.
    let mut spent: BTreeMap<(String, String, String), f64> = BTreeMap::new();
    for r in rows(&read(&d.join("half/timeseries.csv"))) {
        *spent
            .entry((r["scenario"].clone(), r["replicate"].clone(), r["year"].clone()))
            .or_default() += r["public_spending"].parse::<f64>().unwrap();
    }
    for scenario in ["county_plan", "county_by_population"] {
        let years: Vec<f64> = spent.iter().filter(|(k, _)| k.0 == scenario).map(|(_, v)| *v).collect();
        assert_eq!(years.len(), 3 * 4, "{scenario}: every replicate and year");
        assert!(
            years.iter().all(|&y| y <= budget),
            "{scenario}: {years:?} over {budget}"
        );
        assert!(years.iter().any(|&y| y > 0.0), "{scenario} spends");
    }
    // The plan is a village table with the lever column, and a scenario that runs it.
    let plan_table = read(&d.join("half/plan_villages.csv"));
    assert!(
        plan_table.lines().next().unwrap().ends_with("levers.happiness_home.on"),
        "{plan_table}"
    );
    let o = huzhu(&["check", "half/plan.toml"], d);
    assert!(o.status.success(), "{}", stderr(&o));
    let refused = huzhu(
        &[
            "allocate",
            "county.toml",
            "--lever",
            "teleport",
            "--budget-year",
            "1000",
        ],
        d,
    );
    assert_eq!(refused.status.code(), Some(2));
    assert!(stderr(&refused).contains("`teleport` is not a lever"));
}

#[test]
fn the_report_of_a_county_ranks_its_villages_and_shows_spending_by_year() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    county_with_homes(d, &["1", "1", "", "", ""]);
    for (lang, words, terminal) in [
        (
            "en",
            [
                "<h2>Villages</h2>",
                "Public spending by year",
                "yuan a year",
                "effect of",
                "left-behind older people",
            ],
            [
                "villages done",
                "wrote out-en",
                "yuan per unmet hour averted",
                " vs county",
            ],
        ),
        (
            "zh",
            [
                "<h2>各村结果</h2>",
                "各年公共财政支出",
                "元/年",
                "效果：",
                "农村留守老年人",
            ],
            [
                "个村已完成",
                "已写入 out-zh",
                "每减少一小时未满足照料需",
                " 对比 county",
            ],
        ),
    ] {
        let out = format!("out-{lang}");
        let o = huzhu(
            &["compare", "county.toml", "homes.toml", "--lang", lang, "--out", &out],
            d,
        );
        assert!(o.status.success(), "{}", stderr(&o));
        let html = read(&d.join(&out).join("report.html"));
        for w in words {
            assert!(html.contains(w), "{lang}: {w}");
        }
        // What the terminal shows (stdout's table, stderr's progress) is in the same language.
        let said = format!("{}{}", String::from_utf8_lossy(&o.stdout), stderr(&o));
        for w in terminal {
            assert!(said.contains(w), "{lang}: {w} in {said}");
        }
        if lang == "zh" {
            for english in ["wrote", "done", "yuan", "simulated", " vs "] {
                assert!(!said.contains(english), "zh: {english} in {said}");
            }
        }
        // Every village once in the ranked table, ranked 1 to 5.
        for v in ["东村", "西村", "Nancun", "北村", "上庄"] {
            assert!(html.contains(&format!("<td>{v}</td>")), "{lang}: {v}");
        }
        assert!(html.contains("<td class=\"n\">5</td>"));
    }
}
