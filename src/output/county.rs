//! The parts of the report a county office reads: the villages ranked by unmet need, with each
//! programme's effect in each village, and the public spending by year (yuan a year and cumulated).

use std::fmt::Write as _;

use super::comparison::{interval, short};
use super::html::escape;
use super::inside::final_year_values;
use crate::engine::{Run, ScenarioRun};
use crate::lang::Lang;
use crate::observe::villages::{column, LEFT_BEHIND};
use crate::stats::{summarize, Summary};

/// Per village, the final year's value of `k` over replicates, or the paired difference from `base`.
/// People as whole numbers (a yearly mean of monthly counts).
fn persons(x: f64) -> String {
    format!("{x:.0}")
}

/// A difference with its sign, and no sign for none.
fn signed(x: f64) -> String {
    if x > 0.0 {
        format!("+{}", short(x))
    } else {
        short(x)
    }
}

fn final_year(s: &ScenarioRun, base: Option<&ScenarioRun>, k: usize) -> Vec<Summary> {
    final_year_values(s, base, k).iter().map(|v| summarize(v)).collect()
}

/// The villages of the first scenario ranked by their unmet share in the final year, with older
/// residents, persons in need, and each other scenario's effect on the unmet share; and a paragraph
/// that says what the table shows. Empty when the run has no results by village.
pub fn villages_section(run: &Run, lang: Lang) -> String {
    let t = |en: &'static str, zh: &'static str| lang.pick(en, zh);
    let Some(base) = run
        .scenarios
        .first()
        .filter(|s| s.replicates.iter().any(|r| !r.observed.villages.is_empty()))
    else {
        return String::new();
    };
    let (unmet, elderly, in_need) = (column("unmet_rate"), column("elderly"), column("in_need"));
    let rate = final_year(base, None, unmet);
    let old = final_year(base, None, elderly);
    let left = final_year(base, None, column(LEFT_BEHIND));
    let need = final_year(base, None, in_need);
    let effects: Vec<(&ScenarioRun, Vec<Summary>)> = run.scenarios[1..]
        .iter()
        .map(|s| (s, final_year(s, Some(base), unmet)))
        .collect();
    let mut order: Vec<usize> = (0..rate.len()).collect();
    order.sort_by(|&a, &b| rate[b].mean.total_cmp(&rate[a].mean).then(a.cmp(&b)));
    let villages = base.replicates[0].observed.villages_in_order();
    let first = |v: usize| villages[v].village;
    let mut h = String::new();
    let _ = writeln!(h, "<h2>{}</h2>", t("Villages", "各村结果"));
    let top: Vec<String> = order
        .iter()
        .take(3)
        .map(|&v| escape(&base.village_name(first(v))))
        .collect();
    let _ = write!(
        h,
        "<p>{} {} {}",
        match lang {
            Lang::En => format!(
                "Of the {} villages of <code>{}</code>, the most care left unmet in the final year is in",
                rate.len(),
                escape(&base.scenario.name)
            ),
            Lang::Zh => format!(
                "<code>{}</code> 的 {} 个村中，模拟末年照料需求未满足比例最高的是",
                escape(&base.scenario.name),
                rate.len()
            ),
        },
        top.join(lang.pick(", ", "、")),
        t(".", "。")
    );
    for (s, e) in &effects {
        let reached = e.iter().filter(|x| x.mean != 0.0).count();
        let best = e
            .iter()
            .enumerate()
            .min_by(|a, b| a.1.mean.total_cmp(&b.1.mean))
            .map(|(v, x)| (escape(&base.village_name(first(v))), x.mean));
        if let Some((village, d)) = best.filter(|_| reached > 0) {
            let _ = write!(
                h,
                " {}",
                match lang {
                    Lang::En => format!(
                        "<code>{}</code> changes the unmet share in {reached} villages, most in {village} ({:+.3}).",
                        escape(&s.scenario.name),
                        d
                    ),
                    Lang::Zh => format!(
                        "<code>{}</code> 改变了 {reached} 个村的未满足比例，{village} 变化最大（{:+.3}）。",
                        escape(&s.scenario.name),
                        d
                    ),
                }
            );
        }
    }
    h.push_str("</p>\n");
    let _ = write!(
        h,
        "<table><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th>",
        t("rank", "排名"),
        t("village", "村"),
        t("residents 60+", "60岁及以上常住老年人"),
        t("left-behind older people", "农村留守老年人"),
        t("persons in need", "有照料需求者"),
        t("unmet share of care hours (final year)", "照料需求未满足比例（末年）")
    );
    for (s, _) in &effects {
        let _ = write!(
            h,
            "<th>{} <code>{}</code></th>",
            t("effect of", "效果："),
            escape(&s.scenario.name)
        );
    }
    h.push_str("</tr>\n");
    for (rank, &v) in order.iter().enumerate() {
        let _ = write!(
            h,
            "<tr><td class=\"n\">{}</td><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{} {}</td>",
            rank + 1,
            escape(&base.village_name(first(v))),
            persons(old[v].mean),
            persons(left[v].mean),
            persons(need[v].mean),
            short(rate[v].mean),
            interval(&rate[v])
        );
        for (_, e) in &effects {
            let sig = e[v].ci.is_some_and(|(lo, hi)| lo > 0.0 || hi < 0.0);
            let _ = write!(
                h,
                "<td class=\"n{}\">{} {}</td>",
                if sig { " sig" } else { "" },
                signed(e[v].mean),
                interval(&e[v])
            );
        }
        h.push_str("</tr>\n");
    }
    h.push_str("</table>\n");
    h
}

/// Yuan per replicate and year.
type YearTable = Vec<Vec<f64>>;

/// Public spending by year: yuan a year, the one-off part of it, cumulated, and (with a discount rate)
/// the cumulated present value; means over replicates with 95 % intervals, per scenario that spends
/// anything.
pub fn spending_section(run: &Run, lang: Lang) -> String {
    let t = |en: &'static str, zh: &'static str| lang.pick(en, zh);
    let spends = |s: &ScenarioRun| {
        s.replicates
            .iter()
            .flat_map(|r| &r.months)
            .any(|m| m.public_milliyuan > 0)
    };
    let spending: Vec<&ScenarioRun> = run.scenarios.iter().filter(|s| spends(s)).collect();
    if spending.is_empty() {
        return String::new();
    }
    let rate = run.scenarios[0].params.costs.discount_rate;
    let mut h = String::new();
    let _ = writeln!(
        h,
        "<h2>{}</h2><p>{}</p><table><tr><th>{}</th>",
        t("Public spending by year", "各年公共财政支出"),
        t(
            "Yuan a year (元/年), the one-off part of it (building homes, opening time banks), and cumulated since the start; means over replicates with 95 % intervals; by lever and item in spending.csv.",
            "每年支出（元/年）、其中一次性支出（建设幸福院、开办时间银行）及自开始以来的累计支出，为各次重复的均值及95%置信区间；分政策、分项目的数字见 spending.csv。"
        ),
        t("year", "年份")
    );
    let pv = rate > 0.0;
    for s in &spending {
        let _ = write!(
            h,
            "<th><code>{}</code> {}</th><th>{}</th><th>{}</th>",
            escape(&s.scenario.name),
            t("yuan a year", "元/年"),
            t("of which one-off", "其中一次性"),
            t("cumulative yuan", "累计（元）")
        );
        if pv {
            let _ = write!(
                h,
                "<th>{} {}%</th>",
                t("cumulative present value at", "累计现值，贴现率"),
                super::comparison::percent(rate)
            );
        }
    }
    h.push_str("</tr>\n");
    let years = run.scenarios[0].params.run.years as usize;
    // Per scenario: (all public money, its one-off part), each per replicate and year.
    // Per scenario, each per replicate and year: all public money, its one-off part, and all public
    // money cumulated, nominal and at present value.
    let tables: Vec<[YearTable; 4]> = spending
        .iter()
        .map(|s| {
            let yuan = super::spending::scenario_yuan(s);
            let lines = super::spending::lines(&yuan);
            let of = |kind: &str| {
                lines
                    .iter()
                    .find(|l| l.lever == "total" && l.budget == "public" && l.kind == kind)
                    .map_or_else(
                        || vec![vec![0.0; years]; yuan.len()],
                        |l| super::spending::line_yuan(l, &yuan),
                    )
            };
            let all = of("all");
            let (cumulative, present) = super::spending::cumulated(&all, rate);
            [all, of("one_off"), cumulative, present]
        })
        .collect();
    // The present value is shown only with a discount rate.
    let shown = if pv { 4 } else { 3 };
    for y in 0..years {
        let _ = write!(h, "<tr><td>{}</td>", run.scenarios[0].params.run.first_year + y as i64);
        for table in &tables {
            for reps in &table[..shown] {
                let year: Vec<f64> = reps.iter().map(|r| r.get(y).copied().unwrap_or(f64::NAN)).collect();
                let s = summarize(&year);
                let _ = write!(h, "<td class=\"n\">{} {}</td>", short(s.mean), interval(&s));
            }
        }
        h.push_str("</tr>\n");
    }
    h.push_str("</table>\n");
    h
}
