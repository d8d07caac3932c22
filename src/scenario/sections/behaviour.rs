//! The `behaviour` section. Attitudes at the start (MODEL.md §5.9), who may help, and the willingness
//! decision with its coefficients (§7.7–7.8).

use crate::scenario::declare::Source::Assumption;
use crate::scenario::declare::{section, PROB, RATE};

section! {
    /// Attitudes at the start (MODEL.md §5.9), who may help, and the willingness decision with its coefficients (§7.7–7.8).
    Behaviour("behaviour") {
        identity_mean: f64 = 0.5,
            "0..1", PROB, Assumption("§3.1: identity with mutual aid is weak"),
            "mean identity at initialization",
            "互助养老认同感初始均值";
        motivation_mean: f64 = 0.5,
            "0..1", PROB, Assumption("§2.2"),
            "mean motivation of non-elites",
            "普通村民自我实现动机均值";
        elite_motivation_mean: f64 = 0.7,
            "0..1", PROB, Assumption("§4.3: elites lead"),
            "mean motivation of elites",
            "精英老人自我实现动机均值";
        attitude_concentration: f64 = 10.0,
            "Beta a + b", (0.1, 1000.0), Assumption(""),
            "how tightly attitudes gather around their means",
            "态度集中程度";
        elite_share: f64 = 0.05,
            "share of people 55+", PROB, Assumption("§4.3 retired teachers, doctors, cadres"),
            "share of elites",
            "精英老人占比";
        elite_skill: f64 = 1.5,
            "care productivity", (0.0, 10.0), Assumption(""),
            "skill of elites (1 = untrained)",
            "精英老人照护能力";
        provider_ages: (u32, u32) = (50, 79),
            "years, youngest and oldest", (0.0, 110.0), Assumption("the younger old help the older old (MODEL.md §7.8)"),
            "ages eligible to give mutual aid",
            "可提供互助的年龄范围";
        burden_hours: f64 = 40.0,
            "hours a month", (0.0, 744.0), Assumption(""),
            "household care last month above which a person is not eligible",
            "家庭照料负担上限";
        influence_month: f64 = 0.05,
            "weight a month", PROB, Assumption(""),
            "pull of the identity of those met",
            "见面者认同感的影响权重";
        erosion: f64 = 0.1,
            "per year", RATE, Assumption("§3.1 cultural change, preference for independence; set so that with no programme mean identity settles within about 30 years (pattern P9)"),
            "drift of identity toward the cultural baseline",
            "认同感自然流失率";
        identity_baseline: f64 = 0.35,
            "0..1", PROB, Assumption("the level a village's identity settles to with no programme (P9): erosion pulls toward it, not to zero; set so that mean identity after 10 years is close to what P5 was calibrated with"),
            "cultural baseline of identity",
            "互助养老认同感文化基线";
        adopt_rate_month: f64 = 0.1,
            "per month", PROB, Assumption(""),
            "chance a month that a person not willing reconsiders (× p)",
            "无意愿者每月重新考虑概率";
        quit_rate_month: f64 = 0.05,
            "per month", PROB, Assumption(""),
            "chance a month that a willing person reconsiders (× 1 − p)",
            "有意愿者每月重新考虑概率";
        local_wage: f64 = 15.0,
            "yuan an hour", (0.01, 1000.0), Assumption("rural day labour ≈ 120 yuan a day"),
            "what an hour is worth locally; cash rewards are counted against it",
            "当地小时工价";
    }
    sections { beta: Betas }
}

section! {
    /// The coefficients of the willingness propensity (MODEL.md §7.8).
    Betas("behaviour.beta") {
        intercept: f64 = -2.6,
            "log-odds", (-20.0, 20.0), Assumption("set with the others to reproduce P5"),
            "b0",
            "意愿模型截距";
        identity: f64 = 2.0,
            "log-odds per unit", (-20.0, 20.0), Assumption("§3.1 identity"),
            "b_identity",
            "意愿模型：认同感系数";
        motivation: f64 = 1.0,
            "log-odds per unit", (-20.0, 20.0), Assumption("§2.2 self-realisation"),
            "b_motivation",
            "意愿模型：动机系数";
        trust: f64 = 1.0,
            "log-odds per unit", (-20.0, 20.0), Assumption("sign from Comput Intell Neurosci 2022:2366425 (trust in cadres raises willingness)"),
            "b_trust",
            "意愿模型：信任度系数";
        weak: f64 = 0.5,
            "log-odds per ln(1 + meetings)", (-20.0, 20.0), Assumption("sign from Nie, Sun & Wu 2021 (paper ref. [5]): weak-tie interaction raises willingness"),
            "b_weak",
            "意愿模型：弱关系互动系数";
        strong: f64 = 0.3,
            "log-odds per ln(1 + meetings)", (-20.0, 20.0), Assumption("sign from Nie, Sun & Wu 2021 (paper ref. [5]): strong-tie interaction lowers willingness"),
            "b_strong (enters with a minus sign)",
            "意愿模型：强关系互动系数";
        peer: f64 = 1.0,
            "log-odds per share", (-20.0, 20.0), Assumption(""),
            "b_peer: share of resident ties willing last month",
            "意愿模型：同伴意愿系数";
        reward: f64 = 1.5,
            "log-odds per unit", (-20.0, 20.0), Assumption("§4.2 fair benefit distribution"),
            "b_reward: credit value + cash per hour / local wage",
            "意愿模型：回报系数";
        age: f64 = 0.3,
            "log-odds per decade", (-20.0, 20.0), Assumption(""),
            "b_age (enters as − b_age · (age − 60) / 10)",
            "意愿模型：年龄系数";
        burden: f64 = 1.0,
            "log-odds per 100 hours", (-20.0, 20.0), Assumption(""),
            "b_burden (enters as − b_burden · household hours / 100)",
            "意愿模型：照料负担系数";
    }
}
