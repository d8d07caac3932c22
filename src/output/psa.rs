//! The files, table and report section of `compare --psa`: `psa.csv` (each programme's incremental
//! cost and effect in each draw, with the values drawn), `ceac.csv` (the probability that each scenario
//! is the best choice at each willingness to pay), the cost-effectiveness plane and the acceptability
//! curve.

use std::fmt::Write as _;

use super::charts::{self, Lang};
use super::comparison::{perspective_name, short};
use super::html::escape;
use super::{fmt_num, CsvText};
use crate::error::Result;
use crate::experiment::psa::Psa;

pub fn psa_csv(a: &Psa) -> Result<String> {
    let mut w = CsvText::default();
    let mut head: Vec<String> = ["draw", "scenario", "perspective", "incremental_cost", "hours_averted"]
        .map(String::from)
        .to_vec();
    head.extend(a.spec.uncertain.iter().map(|u| u.key.clone()));
    w.row(head)?;
    for p in &a.points {
        let mut row = vec![
            p.draw.to_string(),
            a.names[p.scenario].clone(),
            a.spec.perspective.key().to_string(),
            fmt_num(p.incremental_cost),
            fmt_num(p.hours_averted),
        ];
        row.extend(p.values.iter().map(|&x| fmt_num(x)));
        w.row(row)?;
    }
    w.finish()
}

pub fn ceac_csv(a: &Psa) -> Result<String> {
    let mut w = CsvText::default();
    w.row(["perspective", "wtp_yuan_per_hour", "scenario", "probability_best"])?;
    for (wtp, probabilities) in &a.ceac {
        for (name, p) in a.names.iter().zip(probabilities) {
            w.row([
                a.spec.perspective.key().to_string(),
                fmt_num(*wtp),
                name.clone(),
                fmt_num(*p),
            ])?;
        }
    }
    w.finish()
}

pub fn files(a: &Psa) -> Result<Vec<(String, String)>> {
    Ok(vec![("psa.csv".into(), psa_csv(a)?), ("ceac.csv".into(), ceac_csv(a)?)])
}

/// Per programme: the mean incremental cost and effect over draws, and the share of draws in each
/// quadrant that matters (dearer and better; cheaper and better).
fn means(a: &Psa, scenario: usize) -> (f64, f64, f64) {
    let mine: Vec<_> = a.points.iter().filter(|p| p.scenario == scenario).collect();
    let n = mine.len().max(1) as f64;
    let cost = mine.iter().map(|p| p.incremental_cost).sum::<f64>() / n;
    let effect = mine.iter().map(|p| p.hours_averted).sum::<f64>() / n;
    let dominant = mine
        .iter()
        .filter(|p| p.incremental_cost <= 0.0 && p.hours_averted > 0.0)
        .count() as f64
        / n;
    (cost, effect, dominant)
}

/// The willingness to pay from which a scenario is the most likely best choice, if it ever is.
fn first_best(a: &Psa, scenario: usize) -> Option<f64> {
    a.ceac
        .iter()
        .find(|(_, p)| p.iter().enumerate().all(|(i, &x)| i == scenario || p[scenario] > x))
        .map(|(wtp, _)| *wtp)
}

/// The lines the terminal prints, in `lang`.
pub fn summary(a: &Psa, lang: Lang) -> String {
    let mut s = String::new();
    let whose = perspective_name(a.spec.perspective, lang);
    let _ = match lang {
        Lang::En => writeln!(
            s,
            "probabilistic sensitivity analysis ({whose}): {} draws of {} parameters, {} of them with new runs",
            a.spec.draws,
            a.spec.uncertain.len(),
            a.runs_again
        ),
        Lang::Zh => writeln!(
            s,
            "概率敏感性分析（{whose}）：{} 次抽样，{} 个参数，其中 {} 次重新模拟",
            a.spec.draws,
            a.spec.uncertain.len(),
            a.runs_again
        ),
    };
    if !a.spec.held.is_empty() {
        let held = a.spec.held.join(", ");
        let _ = match lang {
            Lang::En => writeln!(s, "  held at each scenario's value (they change what the model does; draw them with --psa-vary KEY): {held}"),
            Lang::Zh => writeln!(s, "  以下成本会改变模型行为，按各情景取值固定（用 --psa-vary 参数名 抽样）：{held}"),
        };
    }
    for (i, name) in a.names.iter().enumerate().skip(1) {
        let (cost, effect, dominant) = means(a, i);
        let from = first_best(a, i);
        let _ = match (lang, from) {
            (Lang::En, Some(w)) => writeln!(s, "  {name}: mean extra cost {} yuan, {} hours averted; cheaper and better in {} % of draws; most likely best from {} yuan per hour averted", short(cost), short(effect), short(dominant * 100.0), charts::tick(w)),
            (Lang::En, None) => writeln!(s, "  {name}: mean extra cost {} yuan, {} hours averted; cheaper and better in {} % of draws; never the most likely best up to {} yuan per hour averted", short(cost), short(effect), short(dominant * 100.0), short(a.spec.wtp_max)),
            (Lang::Zh, Some(w)) => writeln!(s, "  {name}：平均增量成本 {} 元，减少未满足照料 {} 小时；{}% 的抽样中更省且更好；意愿支付达到每小时 {} 元起最可能为最优", short(cost), short(effect), short(dominant * 100.0), charts::tick(w)),
            (Lang::Zh, None) => writeln!(s, "  {name}：平均增量成本 {} 元，减少未满足照料 {} 小时；{}% 的抽样中更省且更好；意愿支付至每小时 {} 元仍非最可能最优", short(cost), short(effect), short(dominant * 100.0), short(a.spec.wtp_max)),
        };
    }
    s
}

/// The report's section: the plane and the curve, with how to read them; and the charts' files.
pub fn section(a: &Psa, lang: Lang) -> (String, Vec<(String, String)>) {
    let t = |en: &'static str, zh: &'static str| lang.pick(en, zh);
    let whose = perspective_name(a.spec.perspective, lang);
    let points: Vec<(usize, f64, f64)> = a
        .points
        .iter()
        .map(|p| (p.scenario, p.hours_averted, p.incremental_cost))
        .collect();
    let plane = charts::ce_plane(
        &a.names,
        &points,
        (
            t("cost-effectiveness plane", "成本效果平面"),
            t("unmet hours averted", "减少的未满足照料（小时）"),
            t("incremental cost (yuan)", "增量成本（元）"),
        ),
    );
    let curve = charts::acceptability(
        &a.names,
        &a.ceac,
        (
            t("acceptability curve", "成本效果可接受曲线"),
            t(
                "willingness to pay (yuan per unmet hour averted)",
                "意愿支付（元/减少一小时未满足照料）",
            ),
            t("probability of being the best choice", "为最优选择的概率"),
        ),
    );
    let mut h = String::new();
    let _ = writeln!(
        h,
        "<h3>{} ({})</h3><p>{}</p><div class=\"charts\"><figure>{plane}</figure><figure>{curve}</figure></div>",
        t("How sure the costs are", "成本的不确定性"),
        escape(whose),
        match lang {
            Lang::En => format!(
                "{} draws of the unit costs from their plausible ranges (psa.csv, ceac.csv; docs/costs.md). In the plane each dot is one programme in one draw against the baseline: right is more unmet hours averted, up is more cost; a dot below and right of the origin is cheaper and better. The curve gives, at each willingness to pay per unmet hour averted, the share of draws in which each option has the greatest net benefit.",
                a.spec.draws
            ),
            Lang::Zh => format!(
                "单位成本在其合理区间内抽样 {} 次（psa.csv、ceac.csv；见 docs/costs.md）。平面上每个点是某一方案在一次抽样中相对基准情景的结果：越往右减少的未满足照料越多，越往上成本越高；位于原点右下方的点表示更省且更好。曲线给出在每一意愿支付水平（元/减少一小时未满足照料）下，各方案净收益最大的抽样比例。",
                a.spec.draws
            ),
        }
    );
    let lines = summary(a, lang);
    let _ = writeln!(h, "<pre>{}</pre>", escape(&lines));
    (
        h,
        vec![("chart_ce_plane.svg".into(), plane), ("chart_ceac.svg".into(), curve)],
    )
}
