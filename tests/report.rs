//! The HTML report: written beside the CSV files, self-contained, in English or Chinese, skipped with
//! --no-report. (.ci/check-report opens it in a real browser.)

mod common;
use common::*;

#[test]
fn a_run_writes_a_self_contained_report_with_its_charts() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "s.toml",
        &format!("name = \"试点村\"\ndescription = \"互助养老 <试点> & 测试\"\n{SMALL}"),
    );
    let o = huzhu(
        &["run", "s.toml", "--out", "out", "--quiet", "--lang", "zh"],
        dir.path(),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let html = read(&dir.path().join("out/report.html"));
    assert!(html.starts_with("<!DOCTYPE html>") && html.contains("<meta charset=\"utf-8\">"));
    assert!(
        html.contains("试点村") && html.contains("互助养老 &lt;试点&gt; &amp; 测试"),
        "names and descriptions escaped"
    );
    assert!(html.contains("互助参与率") && html.contains("年份"), "Chinese labels");
    assert!(
        !html.contains("<script") && !html.contains("src=\"http") && !html.contains("href=\"http"),
        "nothing fetched"
    );
    assert_eq!(
        html.matches("<svg").count(),
        8 + 2,
        "eight metrics over time, population and care mix"
    );
    for chart in [
        "chart_participation_rate.svg",
        "chart_public_spending.svg",
        "chart_population_0.svg",
        "chart_care_mix_0.svg",
    ] {
        assert!(
            read(&dir.path().join("out").join(chart)).contains("<polyline"),
            "{chart} has lines"
        );
    }
}

#[test]
fn english_labels_by_default_and_no_report_on_request() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "s.toml", SMALL);
    let o = huzhu(&["run", "s.toml", "--out", "en", "--quiet"], dir.path());
    assert!(o.status.success());
    let html = read(&dir.path().join("en/report.html"));
    assert!(html.contains("participation_rate (share, 0–1)") && html.contains("\nyear\n</text>"));
    let o = huzhu(
        &["run", "s.toml", "--out", "none", "--quiet", "--no-report"],
        dir.path(),
    );
    assert!(o.status.success());
    assert!(dir.path().join("none/timeseries.csv").exists() && !dir.path().join("none/report.html").exists());
}

#[test]
fn a_comparison_report_has_effects_and_costs() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "base.toml", SMALL);
    write(
        dir.path(),
        "bank.toml",
        "extends = \"base.toml\"\n[levers.time_bank]\nstart_year = 1\n",
    );
    let o = huzhu(
        &["compare", "base.toml", "bank.toml", "--out", "out", "--quiet"],
        dir.path(),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let html = read(&dir.path().join("out/report.html"));
    assert!(
        html.contains("Effects against")
            && html.contains("Cost-effectiveness")
            && html.contains("yuan per unmet hour averted")
    );
    assert!(dir.path().join("out/chart_effect_participation_rate.svg").exists());
}
