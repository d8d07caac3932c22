//! The `network` section. The social network: neighbour and acquaintance ties, their decay and formation, and
//! meetings (MODEL.md §5.7, §7.5–7.6).

use crate::scenario::declare::Source::Assumption;
use crate::scenario::declare::{section, PROB, RATE};

section! {
    /// The social network: neighbour and acquaintance ties, their decay and formation, and meetings (MODEL.md §5.7, §7.5–7.6).
    Network("network") {
        neighbours: f64 = 6.0,
            "ties per resident adult", (0.0, 100.0), Assumption("villages are dense small worlds; Banerjee et al. 2013: household degree 8.9"),
            "mean neighbour ties per resident adult",
            "人均邻里关系数";
        acquaintances: f64 = 8.0,
            "ties per resident adult", (0.0, 200.0), Assumption(""),
            "mean acquaintance ties per resident adult at initialization",
            "人均熟人关系数（初始）";
        radius: u32 = 10,
            "households", (1.0, 10_000.0), Assumption(""),
            "how far along the ring acquaintances are drawn",
            "熟人关系范围（户）";
        rewire: f64 = 0.1,
            "probability", PROB, Assumption("Watts–Strogatz small world"),
            "chance that an acquaintance is any villager",
            "熟人为全村任意村民的概率";
        weak_decay: f64 = 0.1,
            "per year", RATE, Assumption(""),
            "rate at which acquaintance ties between residents break",
            "常住者弱关系断裂率";
        weak_formation: f64 = 0.8,
            "new ties per resident adult a year", (0.0, 100.0), Assumption("set so that weak_ties stays near network.acquaintances over 20 years (turnover of residents halves the naive 2 × formation / decay)"),
            "rate of new acquaintance ties started",
            "新弱关系形成率";
        away_decay: f64 = 0.3,
            "per year", RATE, Assumption(""),
            "rate at which acquaintance ties of persons away break",
            "外出者弱关系断裂率";
        meet_strong_month: f64 = 0.25,
            "probability a month", PROB, Assumption(""),
            "chance that a strong tie between residents meets",
            "强关系每月见面概率";
        meet_weak_month: f64 = 0.1,
            "probability a month", PROB, Assumption("74.4 % of rural elderly never joined a community activity (CLASS 2014)"),
            "chance that a weak tie between residents meets",
            "弱关系每月见面概率";
    }
}
