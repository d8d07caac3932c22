//! The `care` section. How care need is met: hours needed, what each kind of helper gives, and the channels
//! of mutual aid (MODEL.md §7.9).

use crate::scenario::declare::Source::{Assumption, Derived};
use crate::scenario::declare::{section, PROB};

section! {
    /// How care need is met: hours needed, what each kind of helper gives, and the channels of mutual aid (MODEL.md §7.9).
    Care("care") {
        need_hours: Vec<f64> = vec![35.0, 70.0, 160.0],
            "hours a month, Light, Moderate, Severe", (0.0, 744.0), Derived("8/16/36–80 hours a week of the kinship-care ABM of Gostoli & Silverman 2020; assumption for China"),
            "care hours needed a month by level",
            "分程度照料需求时数";
        max_hours_month: f64 = 160.0,
            "hours a month", (0.0, 744.0), Assumption("MODEL.md §7.9"),
            "one helper's total care budget a month, over every source",
            "照料者每月照料时数上限";
        spouse_hours: f64 = 120.0,
            "hours a month", (0.0, 744.0), Assumption(""),
            "most a spouse gives (half for a spouse with Light need)",
            "配偶照料时数上限";
        coresident_hours: f64 = 60.0,
            "hours a month", (0.0, 744.0), Assumption(""),
            "most another household adult gives",
            "同住家人照料时数上限";
        kin_hours: f64 = 20.0,
            "hours a month", (0.0, 744.0), Assumption(""),
            "most a child in another household gives (siblings half)",
            "非同住子女照料时数上限";
        kin_help_month: f64 = 0.5,
            "probability a month", PROB, Assumption(""),
            "chance that a child or sibling in the village helps this month",
            "村内子女或兄弟姐妹每月帮助概率";
        provider_hours: f64 = 20.0,
            "hours a month", (0.0, 744.0), Assumption("time-bank schemes log a few hours a week"),
            "mutual-aid hours a willing person gives a month, × skill",
            "互助者每月照料时数";
        tie_match: f64 = 0.05,
            "probability a month", PROB, Assumption("informal help needs a request and a fit; set with the channel parameters to reproduce P5"),
            "chance that a willing tie helps a person in need",
            "有意愿的关系人提供帮助的概率";
        channel_tries: u32 = 2,
            "draws a month", (0.0, 1000.0), Assumption(""),
            "draws of a willing resident through a channel, per person in need",
            "组织渠道每月匹配次数";
        channel_match: f64 = 0.15,
            "probability", PROB, Assumption("set to reproduce P5: participation ≈ 30 % where a programme exists"),
            "chance that a channel draw becomes help",
            "组织渠道匹配成功概率";
    }
}
