//! The labels of metrics in the two languages.

use crate::lang::Lang;
use crate::metrics::Metric;

/// A metric's label with its unit, in the chosen language.
pub fn label(m: &Metric, lang: Lang) -> String {
    let unit = if m.name.starts_with("mean_") {
        lang.pick("score, 0–1", "0–1分")
    } else if m.name.ends_with("_rate") {
        lang.pick("share, 0–1", "比例")
    } else if m.name == "credits_outstanding" {
        lang.pick("hours held", "小时")
    } else if m.name.ends_with("_hours") {
        lang.pick("hours a month", "小时/月")
    } else if m.name.ends_with("_spending") {
        lang.pick("yuan a month", "元/月")
    } else if m.name.ends_with("_ties") {
        lang.pick("ties per adult", "条/人")
    } else {
        lang.pick("persons", "人")
    };
    match lang {
        Lang::En => format!("{} ({unit})", m.name),
        Lang::Zh => format!("{}（{unit}）", m.zh),
    }
}
