//! The report of a fit (`report.html`): the targets, each parameter's posterior as a table and a
//! histogram, and the posterior predictive check, in English or Chinese.

use std::fmt::Write as _;

use super::charts::{self, Bar, Lang};
use super::fmt_num;
use crate::experiment::abc::{marginal, quantile, Particle};
use crate::experiment::fit::{target_name, target_zh, Prior, Target};

/// The report and its charts (file name, SVG).
pub fn report(
    scenario: &str,
    priors: &[Prior],
    targets: &[Target],
    kept: &[Particle],
    simulations: usize,
    lang: Lang,
) -> (String, Vec<(String, String)>) {
    let t = |en: &'static str, zh: &'static str| lang.pick(en, zh);
    let mut h = String::new();
    let mut charts = Vec::new();
    let _ = writeln!(
        h,
        "<!DOCTYPE html>\n<html lang=\"{}\"><head><meta charset=\"utf-8\"><title>huzhu fit — {scenario}</title>\
         <style>body{{font-family:sans-serif;max-width:1400px;margin:1em auto;padding:0 1em}}table{{border-collapse:collapse}}\
         td,th{{border:1px solid #ccc;padding:.25em .6em;text-align:left}}td.n{{text-align:right}}\
         .charts{{display:flex;flex-wrap:wrap;gap:1em}}.charts figure{{margin:0;flex:0 1 640px}}.charts svg{{max-width:100%;height:auto}}</style></head><body>",
        t("en", "zh-CN")
    );
    let _ = writeln!(
        h,
        "<h1>{} — {scenario}</h1><p>{}</p>",
        t("Fit", "模型校准"),
        match lang {
            Lang::En => format!(
                "Approximate Bayesian computation (APMC, Lenormand et al. 2013): {simulations} simulations; the posterior rests on {} particles.",
                kept.len()
            ),
            Lang::Zh => format!(
                "近似贝叶斯计算（APMC，Lenormand 等 2013）：共模拟 {simulations} 次；后验分布基于 {} 个粒子。",
                kept.len()
            ),
        }
    );
    let weights: Vec<f64> = kept.iter().map(|p| p.weight).collect();
    let _ = writeln!(
        h,
        "<h2>{}</h2><table><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr>",
        t("Posterior", "后验分布"),
        t("parameter", "参数"),
        t("mean", "均值"),
        t("median", "中位数"),
        t("50 % interval", "50%可信区间"),
        t("90 % interval", "90%可信区间")
    );
    let mut figures = String::new();
    for (i, pr) in priors.iter().enumerate() {
        let values: Vec<f64> = kept.iter().map(|p| pr.value(p.z[i])).collect();
        let m = marginal(&values, &weights);
        let _ = writeln!(
            h,
            "<tr><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{} – {}</td><td class=\"n\">{} – {}</td></tr>",
            pr.factor.key,
            fmt_num(m.mean),
            fmt_num(m.median),
            fmt_num(m.ci50.0),
            fmt_num(m.ci50.1),
            fmt_num(m.ci90.0),
            fmt_num(m.ci90.1)
        );
        let axes = (
            t("value (the prior's range)", "取值（先验范围）"),
            t("share of the posterior", "后验概率"),
        );
        let svg = charts::histogram(&pr.factor.key, axes, &values, &weights, (pr.factor.lo, pr.factor.hi));
        let _ = writeln!(figures, "<figure>{svg}</figure>");
        charts.push((format!("chart_posterior_{i}.svg"), svg));
    }
    let _ = writeln!(h, "</table><div class=\"charts\">{figures}</div>");
    let _ = writeln!(
        h,
        "<h2>{}</h2><p>{}</p><table><tr><th>{}</th><th>{}</th><th>{}</th></tr>",
        t("Posterior predictive check", "后验预测检验"),
        t(
            "Each target against what the posterior particles simulated: the chart shows (simulated − target) / its sd or tolerance, the bar at the median and the whisker from the 5 % to the 95 % quantile; a whisker across 0 means the target is reproduced.",
            "各校准目标与后验粒子模拟结果的比较：图中为（模拟值 − 目标值）/ 标准误或容差，柱为中位数，须线为5%至95%分位数；须线跨过0表示目标得到再现。"
        ),
        t("target", "目标"),
        t("observed", "观测值"),
        t("simulated (5–95 %)", "模拟值（5–95%）")
    );
    let mut bars = Vec::new();
    for (j, g) in targets.iter().enumerate() {
        let sims: Vec<f64> = kept.iter().map(|p| p.summaries[j]).collect();
        let (lo, mid, hi) = (quantile(&sims, 0.05), quantile(&sims, 0.5), quantile(&sims, 0.95));
        let name = match (lang, target_zh(g)) {
            (Lang::Zh, zh) if !zh.is_empty() => format!("{zh}（{}）", target_name(g)),
            _ => target_name(g),
        };
        let _ = writeln!(
            h,
            "<tr><td>{name}</td><td class=\"n\">{}</td><td class=\"n\">{} – {}</td></tr>",
            fmt_num(g.value),
            fmt_num(lo),
            fmt_num(hi)
        );
        let z = |x: f64| (x - g.value) / g.scale;
        bars.push(Bar {
            label: target_name(g),
            value: z(mid),
            ci: Some((z(lo), z(hi))),
            strong: (lo..=hi).contains(&g.value),
        });
    }
    let svg = charts::by_group(
        t("simulated against the targets", "模拟值与校准目标"),
        t("(simulated − target) / sd", "（模拟值 − 目标值）/ 标准误"),
        &bars,
    );
    let _ = writeln!(
        h,
        "</table><div class=\"charts\"><figure>{svg}</figure></div></body></html>"
    );
    charts.push(("chart_predictive.svg".into(), svg));
    (h, charts)
}
