//! The `health` section. Care need: prevalence at the start, onset, progress and recovery (MODEL.md §5.6,
//! §7.4).

use crate::scenario::declare::Source::{Assumption, Cited, Derived};
use crate::scenario::declare::{section, PROB};

section! {
    /// Care need: prevalence at the start, onset, progress and recovery (MODEL.md §5.6, §7.4).
    Health("health") {
        prevalence: Vec<f64> = vec![0.005, 0.05, 0.108, 0.212, 0.47],
            "share, bands 0–49, 50–59, 60–69, 70–79, 80+", PROB, Cited("60+: meta-analysis of 100 studies (Chen et al., IJFM 2023); under 60: assumption"),
            "share with any care need at initialization",
            "初始照料需求比例";
        severity_split: Vec<f64> = vec![0.5, 0.3, 0.2],
            "shares Light, Moderate, Severe", PROB, Assumption("about half of need is IADL only"),
            "how need at initialization splits over levels",
            "初始需求程度构成";
        onset: Vec<f64> = vec![0.002, 0.01, 0.02, 0.028, 0.036, 0.055, 0.09, 0.14, 0.19],
            "per year, bands 0–49, 50–59, 60–64, …, 85–89, 90+", PROB, Derived("calibrated so that prevalence by age stays near P2; onset at 65+ ≈ 47–64 per 1000 person-years (Li et al. 2020)"),
            "probability None → some need",
            "新发照料需求概率";
        onset_split: Vec<f64> = vec![0.6, 0.25, 0.15],
            "shares Light, Moderate, Severe", PROB, Assumption(""),
            "level reached at onset",
            "新发需求程度构成";
        progress: Vec<f64> = vec![0.05, 0.06, 0.08, 0.1, 0.12, 0.14, 0.16, 0.2, 0.25],
            "per year, bands as health.onset", PROB, Assumption(""),
            "probability Light → Moderate and Moderate → Severe",
            "失能加重概率";
        recover: Vec<f64> = vec![0.4, 0.3, 0.25, 0.22, 0.18, 0.14, 0.1, 0.08, 0.06],
            "per year, bands as health.onset", PROB, Assumption("recovery falls with age"),
            "probability Light → None and Moderate → Light",
            "失能好转概率";
        mortality_multiplier: Vec<f64> = vec![1.0, 1.2, 1.6, 2.5],
            "factor, None, Light, Moderate, Severe", (0.0, 20.0), Assumption("MODEL.md §7.2"),
            "multiplies the death rate by need level",
            "分需求程度死亡率倍数";
    }
}
