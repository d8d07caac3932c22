//! The files and tables of `huzhu compare`: `comparison.csv`, `cost_effectiveness.csv` and the table on
//! stdout, with the short forms of numbers and intervals that the report shares.

use std::fmt::Write as _;

use super::{fmt_num, interval_cells, CsvText};
use crate::costs::Perspective;
use crate::error::Result;
use crate::experiment::compare::{CostEffectiveness, Effect, PerspectiveCost};
use crate::lang::Lang;
use crate::stats::Summary;

pub fn comparison_csv(rows: &[(String, Vec<Effect>)]) -> Result<String> {
    let mut w = CsvText::default();
    let header = [
        "scenario",
        "metric",
        "mean",
        "baseline_mean",
        "diff",
        "diff_ci_low",
        "diff_ci_high",
        "rel_change",
        "significant",
        "n",
    ];
    w.row(header)?;
    for (name, effects) in rows {
        for e in effects {
            let (lo, hi) = interval_cells(e.diff.ci);
            w.row([
                name.clone(),
                e.metric.name.to_string(),
                fmt_num(e.mean),
                fmt_num(e.reference_mean),
                fmt_num(e.diff.mean),
                lo,
                hi,
                e.rel_change().map_or(String::new(), fmt_num),
                e.significant().to_string(),
                e.diff.n.to_string(),
            ])?;
        }
    }
    w.finish()
}

pub fn cost_effectiveness_csv(rows: &[(String, CostEffectiveness)]) -> Result<String> {
    let mut w = CsvText::default();
    w.row([
        "scenario",
        "perspective",
        "extra_yuan",
        "unmet_hours_averted",
        "yuan_per_hour_averted",
        "ci_low",
        "ci_high",
        "extra_recipient_months",
        "yuan_per_recipient_month",
        "recipient_ci_low",
        "recipient_ci_high",
        "discount_rate",
    ])?;
    for (name, ce) in rows {
        for p in &ce.perspectives {
            let (lo, hi) = interval_cells(p.ci);
            let (rlo, rhi) = interval_cells(p.recipient_ci);
            w.row([
                name.clone(),
                p.perspective.key().to_string(),
                fmt_num(p.extra_yuan),
                fmt_num(ce.hours_averted),
                p.yuan_per_hour.map_or("n/a".to_string(), fmt_num),
                lo,
                hi,
                fmt_num(ce.extra_recipient_months),
                p.yuan_per_recipient_month.map_or("n/a".to_string(), fmt_num),
                rlo,
                rhi,
                fmt_num(ce.discount_rate),
            ])?;
        }
    }
    w.finish()
}

/// The metrics a planner reads first.
pub const MAIN_METRICS: [&str; 5] = [
    "participation_rate",
    "unmet_rate",
    "unmet_adl_rate",
    "isolated_rate",
    "public_spending",
];

/// A number for tables and the report; a missing one is a dash.
pub fn short(x: f64) -> String {
    if x.is_nan() {
        "–".into()
    } else if x == 0.0 {
        "0".into()
    } else if x.abs() >= 100.0 {
        format!("{x:.0}")
    } else if x.abs() >= 0.001 {
        format!("{x:.3}")
    } else {
        // Two significant digits, not `-0.000` for a small difference.
        let decimals = (-x.abs().log10()).ceil() as usize + 1;
        format!("{x:.decimals$}")
    }
}

/// A yearly rate as a percentage: 5, 3.5 (not 5.000).
pub fn percent(rate: f64) -> String {
    let t = format!("{:.2}", rate * 100.0);
    t.trim_end_matches('0').trim_end_matches('.').to_string()
}

pub fn interval(s: &Summary) -> String {
    s.ci.map_or(String::new(), |(lo, hi)| format!("[{} – {}]", short(lo), short(hi)))
}

/// A ratio with its interval, or what is missing, as words: `lead` before the number (the Chinese
/// order, 每…需 7.7 元) and `unit` after it (none in a table whose header names it).
pub fn ratio_text(r: Option<f64>, ci: Option<(f64, f64)>, (lead, unit): (&str, &str), none: &str) -> String {
    let Some(r) = r else {
        return none.to_string();
    };
    let mut text = format!("{lead}{}", short(r));
    if !unit.is_empty() {
        text = format!("{text} {unit}");
    }
    match ci {
        Some((lo, hi)) => format!("{text} [{} – {}]", short(lo), short(hi)),
        None => text,
    }
}

/// A perspective's name in `lang`.
pub fn perspective_name(p: Perspective, lang: Lang) -> &'static str {
    match p {
        Perspective::Public => lang.pick("public budget", "公共财政"),
        Perspective::Collective => lang.pick("village collective", "村集体"),
        Perspective::VillagersTime => lang.pick("villagers' time", "村民时间"),
        Perspective::Societal => lang.pick("society", "全社会"),
    }
}

/// The cost-effectiveness of a programme in words: the public budget's yuan per unmet hour averted and
/// per extra month of care received, the totals per replicate over the run, then the other perspectives.
pub fn describe_cost(ce: &CostEffectiveness, lang: Lang) -> String {
    let t = |en: &'static str, zh: &'static str| lang.pick(en, zh);
    let per_hour = |p: &PerspectiveCost| {
        ratio_text(
            p.yuan_per_hour,
            p.ci,
            match lang {
                Lang::En => ("", "yuan per unmet hour averted"),
                Lang::Zh => ("每减少一小时未满足照料需 ", "元"),
            },
            t("n/a (no unmet hours averted)", "无法计算（未减少未满足照料）"),
        )
    };
    let public = ce.public();
    let recipient = ratio_text(
        public.yuan_per_recipient_month,
        public.recipient_ci,
        match lang {
            Lang::En => ("", "yuan per extra person-month of care received"),
            Lang::Zh => ("每多一人·月获得照料需 ", "元"),
        },
        t("n/a (no more people helped)", "无法计算（受助人数未增加）"),
    );
    let others: Vec<String> = ce.perspectives[1..]
        .iter()
        .map(|p| {
            let name = perspective_name(p.perspective, lang);
            match lang {
                Lang::En => format!("{name}: {} yuan, {}", short(p.extra_yuan), per_hour(p)),
                Lang::Zh => format!("{name}：{} 元，{}", short(p.extra_yuan), per_hour(p)),
            }
        })
        .collect();
    let discounted = match (lang, ce.discount_rate > 0.0) {
        (_, false) => String::new(),
        (Lang::En, true) => format!(", discounted at {} % a year", percent(ce.discount_rate)),
        (Lang::Zh, true) => format!("，按每年 {}% 贴现", percent(ce.discount_rate)),
    };
    match lang {
        Lang::En => format!(
            "public budget: {}; {recipient}; per replicate over the horizon{discounted}: {} extra public yuan, {} hours averted, {} extra person-months of care received; {}",
            per_hour(public),
            short(public.extra_yuan),
            short(ce.hours_averted),
            short(ce.extra_recipient_months),
            others.join("; ")
        ),
        Lang::Zh => format!(
            "公共财政：{}；{recipient}；每次重复全期合计{discounted}：新增公共财政支出 {} 元，减少未满足照料 {} 小时，多获得照料 {} 人·月；{}",
            per_hour(public),
            short(public.extra_yuan),
            short(ce.hours_averted),
            short(ce.extra_recipient_months),
            others.join("；")
        ),
    }
}

/// The readable table of `huzhu compare`, in `lang`.
pub fn table(baseline: &str, rows: &[(String, Vec<Effect>, CostEffectiveness)], lang: Lang) -> String {
    let t = |en: &'static str, zh: &'static str| lang.pick(en, zh);
    let mut s = String::new();
    for (name, effects, ce) in rows {
        let _ = match lang {
            Lang::En => writeln!(
                s,
                "{name} vs {baseline} — final-year means, paired differences with 95 % intervals"
            ),
            Lang::Zh => writeln!(s, "{name} 对比 {baseline} —— 末年均值，配对差值及95%置信区间"),
        };
        for e in effects.iter().filter(|e| MAIN_METRICS.contains(&e.metric.name)) {
            let mark = if e.significant() { " *" } else { "" };
            let (first, last) = match lang {
                Lang::En => (e.metric.name.to_string(), e.metric.zh.to_string()),
                Lang::Zh => (crate::output::lang::label(e.metric, lang), String::new()),
            };
            let _ = writeln!(
                s,
                "  {:<20} {:>10} {} {:>10}   {} {:>9} {}{mark}   {}",
                first,
                short(e.mean),
                t("vs", "对"),
                short(e.reference_mean),
                t("diff", "差"),
                short(e.diff.mean),
                interval(&e.diff),
                last
            );
        }
        let _ = writeln!(s, "  {} {}", t("cost:", "成本："), describe_cost(ce, lang));
    }
    let _ = writeln!(s, "{}", t("(* the interval excludes 0)", "（* 置信区间不含0）"));
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_numbers_never_read_minus_zero() {
        assert_eq!(short(0.0), "0");
        assert_eq!(short(-0.0), "0");
        assert_eq!(short(-0.000031), "-0.000031");
        assert_eq!(short(0.25), "0.250");
        assert_eq!(short(9000.0), "9000");
        assert_eq!(short(f64::NAN), "–");
    }

    #[test]
    fn no_hours_averted_is_not_applicable_in_the_csv() {
        let ce = CostEffectiveness {
            hours_averted: 0.0,
            extra_recipient_months: 0.0,
            discount_rate: 0.0,
            perspectives: vec![PerspectiveCost {
                perspective: Perspective::Public,
                extra_yuan: 10.0,
                yuan_per_hour: None,
                ci: None,
                yuan_per_recipient_month: None,
                recipient_ci: None,
            }],
        };
        assert!(cost_effectiveness_csv(&[("w".into(), ce)]).unwrap().contains(",n/a,"));
    }
}
