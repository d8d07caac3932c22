//! The two languages of what a person reads (report, terminal, page) and the labels of metrics in them.

use crate::metrics::Metric;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Lang {
    #[default]
    En,
    Zh,
}

impl Lang {
    pub fn pick<'a>(self, en: &'a str, zh: &'a str) -> &'a str {
        match self {
            Lang::En => en,
            Lang::Zh => zh,
        }
    }

    /// One of two texts made for the two languages.
    pub fn either(self, en: String, zh: String) -> String {
        match self {
            Lang::En => en,
            Lang::Zh => zh,
        }
    }
}

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
