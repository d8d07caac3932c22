//! The `cadres` section. Trust in village cadres: where it starts, misconduct, recovery and visits (MODEL.md
//! §5.9, §7.7).

use crate::scenario::declare::Source::Assumption;
use crate::scenario::declare::{section, PROB, RATE};

section! {
    /// Trust in village cadres: where it starts, misconduct, recovery and visits (MODEL.md §5.9, §7.7).
    Cadres("cadres") {
        trust_mean: f64 = 0.6,
            "0..1", PROB, Assumption("§2.4, §3.2"),
            "mean trust in village cadres",
            "对村干部的信任度初始均值";
        misconduct_month: f64 = 0.01,
            "probability a month", PROB, Assumption("§3.2 low integrity of some cadres"),
            "chance of misconduct in a village a month (high = low integrity)",
            "村干部每月失范概率";
        scandal_drop: f64 = 0.1,
            "trust", PROB, Assumption(""),
            "fall in every resident's trust after misconduct",
            "失范后信任度下降";
        trust_recovery: f64 = 0.5,
            "per year", RATE, Assumption(""),
            "rate at which trust relaxes toward cadres.trust_mean",
            "信任度恢复速率";
        visit_boost: f64 = 0.05,
            "trust", PROB, Assumption("§2.4 party organisations lead"),
            "rise in trust after a cadre visit",
            "走访后信任度提升";
    }
}
