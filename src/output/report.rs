//! `report.html`: one self-contained file (inline SVG, inline CSS, no script, nothing fetched) with the
//! scenarios, their seeds, the charts, the final-year table and, for a comparison, the effects and the
//! cost-effectiveness. The charts are also written as SVG files beside it.

use std::fmt::Write as _;

use super::charts::{self, Bar, Lang};
use super::comparison::{describe_cost, interval, short, MAIN_METRICS};
use super::html::escape;
use crate::engine::{Run, ScenarioRun};
use crate::experiment::compare::{CostEffectiveness, Effect};
use crate::experiment::psa::Psa;
use crate::metrics::final_year_mean;
use crate::metrics::{metric, METRICS};
use crate::observe::groups::{group_values, Grouping, UNMET_RATE};
use crate::stats::{summarize, Summary};

/// The metrics charted over time.
pub const CHARTED: [&str; 8] = [
    "participation_rate",
    "willingness_rate",
    "unmet_rate",
    "unmet_adl_rate",
    "isolated_rate",
    "mean_identity",
    "mean_trust",
    "public_spending",
];

/// A comparison's results, for the report.
pub struct Comparison<'a> {
    pub baseline: &'a str,
    pub rows: &'a [(String, Vec<Effect>, CostEffectiveness)],
    /// The probabilistic sensitivity analysis of costs, when asked for.
    pub psa: Option<&'a Psa>,
}

const STYLE: &str = "body{font-family:sans-serif;max-width:1600px;margin:2em auto;padding:0 1em;color:#222}\
h1{font-size:1.6em}h2{margin-top:1.6em;border-bottom:1px solid #ccc}table{border-collapse:collapse;margin:.6em 0}\
td,th{border:1px solid #ccc;padding:.25em .6em;text-align:left;vertical-align:top}td.n{text-align:right}\
.charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(min(100%,520px),1fr));gap:1em}.charts figure{margin:0}.charts svg{width:100%;height:auto}.sig{font-weight:bold}";

/// The report and its charts (file name, SVG).
pub fn html(
    run: &Run,
    comparison: Option<&Comparison>,
    lang: Lang,
    grouping: Option<&Grouping>,
) -> (String, Vec<(String, String)>) {
    let t = |en: &'static str, zh: &'static str| lang.pick(en, zh);
    let mut charts: Vec<(String, String)> = Vec::new();
    let mut h = String::new();
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"{}\"><head><meta charset=\"utf-8\">",
        t("en", "zh")
    );
    let _ = writeln!(
        h,
        "<title>huzhu — {}</title><style>{STYLE}</style></head><body>",
        t("report", "报告")
    );
    let names: Vec<String> = run.scenarios.iter().map(|s| escape(&s.scenario.name)).collect();
    let _ = writeln!(h, "<h1>huzhu {} — {}</h1>", env!("CARGO_PKG_VERSION"), names.join(", "));
    let _ = writeln!(h, "<p>{}</p>", t(
        "Rural mutual-aid elderly care simulated village by village. Lines are means across replicates; bands and brackets are 95 % intervals.",
        "农村互助养老逐村仿真。曲线为各次重复的均值，阴影与括号为95%置信区间。"
    ));

    let _ = writeln!(
        h,
        "<h2>{}</h2><table><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr>",
        t("Scenarios", "情景"),
        t("scenario", "情景"),
        t("description", "说明"),
        t("villages", "村庄数"),
        t("years", "年数"),
        t("replicates", "重复次数"),
        t("seeds", "随机种子")
    );
    for s in &run.scenarios {
        let p = &s.params;
        let seeds: Vec<String> = s.replicates.iter().map(|r| r.seed.to_string()).collect();
        let _ = writeln!(h, "<tr><td>{}</td><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{} ({}–{})</td><td class=\"n\">{}</td><td>run.seed {}; {}</td></tr>",
            escape(&s.scenario.name), escape(&s.scenario.description), p.villages.count, p.run.years, p.run.first_year, p.run.first_year + p.run.years as i64 - 1,
            p.run.replicates, p.run.seed, seeds.join(" "));
    }
    h.push_str("</table>\n");

    let _ = writeln!(h, "<h2>{}</h2><div class=\"charts\">", t("Over time", "时间趋势"));
    for name in CHARTED {
        let svg = charts::time_series(run, name, lang);
        let _ = writeln!(h, "<figure>{svg}</figure>");
        charts.push((format!("chart_{name}.svg"), svg));
    }
    h.push_str("</div>\n");

    if let Some(c) = comparison {
        let _ = writeln!(
            h,
            "<h2>{} <code>{}</code></h2><div class=\"charts\">",
            t("Effects against", "相对于"),
            escape(c.baseline)
        );
        for name in MAIN_METRICS {
            let rows: Vec<(String, &Effect)> = c
                .rows
                .iter()
                .filter_map(|(s, e, _)| e.iter().find(|x| x.metric.name == name).map(|x| (s.clone(), x)))
                .collect();
            let svg = charts::effects(&rows, lang);
            let _ = writeln!(h, "<figure>{svg}</figure>");
            charts.push((format!("chart_effect_{name}.svg"), svg));
        }
        h.push_str("</div>\n");
        let _ = writeln!(
            h,
            "<table><tr><th>{}</th>{}</tr>",
            t("scenario", "情景"),
            MAIN_METRICS
                .iter()
                .map(|m| format!("<th>{}</th>", metric_label(m, lang)))
                .collect::<String>()
        );
        for (name, effects, _) in c.rows {
            let cells: String = MAIN_METRICS
                .iter()
                .filter_map(|m| effects.iter().find(|e| e.metric.name == *m))
                .map(|e| {
                    let class = if e.significant() {
                        " class=\"n sig\""
                    } else {
                        " class=\"n\""
                    };
                    format!("<td{class}>{:+} {}</td>", short(e.diff.mean), interval(&e.diff))
                })
                .collect();
            let _ = writeln!(h, "<tr><td>{}</td>{cells}</tr>", escape(name));
        }
        h.push_str("</table>\n");
        let _ = writeln!(
            h,
            "<h3>{}</h3><ul>",
            t(
                "Cost-effectiveness (yuan per unmet care hour averted, over the horizon)",
                "成本效果（每减少一小时未满足照料需求的支出，全期）"
            )
        );
        for (name, _, ce) in c.rows {
            let _ = writeln!(
                h,
                "<li><b>{}</b>: {}</li>",
                escape(name),
                escape(&describe_cost(ce, lang))
            );
        }
        h.push_str("</ul>\n");
        h.push_str(&perspectives_table(c.rows, lang));
        if let Some(a) = c.psa {
            let (section, svgs) = super::psa::section(a, lang);
            h.push_str(&section);
            charts.extend(svgs);
        }
    }

    h.push_str(&super::county::villages_section(run, lang));
    h.push_str(&super::county::spending_section(run, lang));

    let _ = writeln!(
        h,
        "<h2>{}</h2><div class=\"charts\">",
        t("Population and care", "人口与照料")
    );
    for (i, s) in run.scenarios.iter().enumerate() {
        for (kind, svg) in [
            ("population", charts::population(s, lang)),
            ("care_mix", charts::care_mix(s, lang)),
        ] {
            let _ = writeln!(h, "<figure>{svg}</figure>");
            charts.push((format!("chart_{kind}_{i}.svg"), svg));
        }
    }
    h.push_str("</div>\n");

    if let Some(g) = grouping {
        let _ = writeln!(
            h,
            "<h2>{}</h2><p>{}</p><div class=\"charts\">",
            t("By subgroup", "分组结果"),
            t(
                "Share of care hours needed that went unmet in the final year, by group (the groups with the most hours needed, at most 30), with 95 % intervals over replicates. Every group's figures are in groups.csv and groups_summary.csv.",
                "模拟末年各分组照料需求时数中未满足的比例（按需求时数取前30组），括号为各次重复的95%置信区间。全部分组结果见 groups.csv 与 groups_summary.csv。"
            )
        );
        for (i, s) in run.scenarios.iter().enumerate() {
            let svg = group_chart(s, g, lang);
            let _ = writeln!(h, "<figure>{svg}</figure>");
            charts.push((format!("chart_groups_{i}.svg"), svg));
        }
        h.push_str("</div>\n");
    }

    let _ = writeln!(
        h,
        "<h2>{}</h2><table><tr><th>{}</th>{}</tr>",
        t(
            "Final year (mean of the last 12 months, 95 % interval)",
            "末年（最后12个月均值，95%置信区间）"
        ),
        t("metric", "指标"),
        names.iter().map(|n| format!("<th>{n}</th>")).collect::<String>()
    );
    for m in METRICS {
        let cells: String = run
            .scenarios
            .iter()
            .map(|s| {
                let values: Vec<f64> = s.replicates.iter().map(|r| final_year_mean(m, &r.months)).collect();
                let sum = m.summarize(&values);
                format!("<td class=\"n\">{} {}</td>", short(sum.mean), interval(&sum))
            })
            .collect();
        let _ = writeln!(h, "<tr><td>{}</td>{cells}</tr>", metric_label(m.name, lang));
    }
    h.push_str("</table>\n</body></html>\n");
    (h, charts)
}

/// Most groups a chart by subgroup shows.
const GROUP_BARS: usize = 30;

/// The final year's unmet rate by group for one scenario: the groups with the most hours needed.
fn group_chart(s: &ScenarioRun, g: &Grouping, lang: Lang) -> String {
    let count = g.count();
    let Some(cells) = s.replicates.first().map(|r| r.observed.groups.tallies.len()) else {
        return String::new();
    };
    let year = (cells / count).saturating_sub(1);
    let months = (s.params.months() as usize - 12 * year).min(12) as f64;
    let mut groups: Vec<(usize, u64, Summary)> = (0..count)
        .map(|k| {
            let at = year * count + k;
            let need: u64 = s.replicates.iter().map(|r| r.observed.groups.tallies[at][2]).sum();
            let rates: Vec<f64> = s
                .replicates
                .iter()
                .map(|r| group_values(&r.observed.groups.tallies[at], months)[UNMET_RATE])
                .collect();
            (k, need, summarize(&rates))
        })
        .filter(|(_, need, _)| *need > 0)
        .collect();
    groups.sort_by_key(|&(k, need, _)| (std::cmp::Reverse(need), k));
    groups.truncate(GROUP_BARS);
    groups.sort_by_key(|&(k, _, _)| k);
    let bars: Vec<Bar> = groups
        .into_iter()
        .map(|(k, _, sum)| Bar {
            label: g
                .values_of(k)
                .into_iter()
                .zip(&g.dims)
                .map(|(v, d)| lang.pick(d.values()[v], d.values_zh()[v]).to_string())
                .collect::<Vec<_>>()
                .join(" · "),
            value: sum.mean,
            ci: sum.ci.map(|(lo, hi)| (lo.max(0.0), hi.min(1.0))),
            strong: true,
        })
        .collect();
    let year = s.params.run.first_year + year as i64;
    let title = match lang {
        Lang::En => format!("unmet_rate by subgroup, {year} — {}", s.scenario.name),
        Lang::Zh => format!("分组照料需求未满足率（{year}年）— {}", s.scenario.name),
    };
    charts::by_group(
        &title,
        lang.pick("share of hours needed left unmet", "未满足的照料时数比例"),
        &bars,
    )
}

fn metric_label(name: &str, lang: Lang) -> String {
    metric(name).map_or(name.to_string(), |m| escape(&charts::label(m, lang)))
}

/// Cost per unmet hour averted and per extra person-month of care received, for every perspective.
fn perspectives_table(rows: &[(String, Vec<Effect>, CostEffectiveness)], lang: Lang) -> String {
    let t = |en: &'static str, zh: &'static str| lang.pick(en, zh);
    let ratio = |r, ci| super::comparison::ratio_text(r, ci, ("", ""), t("n/a", "无法计算"));
    let mut h = format!(
        "<table><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr>\n",
        t("scenario", "情景"),
        t("whose cost", "成本承担方"),
        t("extra yuan per replicate", "每次重复新增支出（元）"),
        t("yuan per unmet hour averted", "每减少一小时未满足照料（元）"),
        t("yuan per extra person-month of care", "每多一人·月获得照料（元）")
    );
    for (name, _, ce) in rows {
        for p in &ce.perspectives {
            let _ = writeln!(
                h,
                "<tr><td>{}</td><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
                escape(name),
                super::comparison::perspective_name(p.perspective, lang),
                short(p.extra_yuan),
                ratio(p.yuan_per_hour, p.ci),
                ratio(p.yuan_per_recipient_month, p.recipient_ci)
            );
        }
    }
    h.push_str("</table>\n");
    h
}
