//! The `demography` section. Births, deaths and marriages (MODEL.md §5.2–5.3, §7.2).

use crate::scenario::declare::Source::{Assumption, Cited, Derived};
use crate::scenario::declare::{section, PROB, RATE};

section! {
    /// Births, deaths and marriages (MODEL.md §5.2–5.3, §7.2).
    Demography("demography") {
        age_structure: Vec<f64> = vec![4.08, 5.04, 4.89, 5.19, 6.19, 7.41, 8.34, 7.37, 7.41, 9.04, 9.56, 7.04, 5.30, 5.12, 3.63, 2.22, 1.41, 0.74],
            "% of registered, by 5-year band 0–4 … 85+", (0.0, 100.0), Derived("rural residents by band (shaped after the 2020 census: 60+ 23.81 %, 65+ 17.72 %) plus 355 out-migrants per 1,015 residents spread over 15–64 with mean age ≈ 38 (NBS 2023 Migrant Worker Monitoring Report); the shape within the broad groups is an assumption"),
            "age structure of the registered population (normalised to sum 1)",
            "户籍人口年龄结构";
        male_share: Vec<f64> = vec![0.53, 0.53, 0.53, 0.53, 0.52, 0.51, 0.51, 0.51, 0.51, 0.51, 0.51, 0.50, 0.50, 0.49, 0.48, 0.47, 0.44, 0.38],
            "share, by 5-year band 0–4 … 85+", PROB, Assumption("shaped after the census sex ratio (≈ 112 boys per 100 girls at young ages, women outliving men)"),
            "share of men in each band",
            "男性占比（分年龄组）";
        mortality_male: Vec<f64> = MORTALITY_MALE.to_vec(),
            "deaths per 1000 a year, bands 0–4 … 95–99, 100+", (0.0, 1000.0), Cited("2000 census, NBS China Statistical Yearbook 2002 table 4-11"),
            "death rates of men before scaling",
            "男性死亡率（调整前）";
        mortality_female: Vec<f64> = MORTALITY_FEMALE.to_vec(),
            "deaths per 1000 a year, bands 0–4 … 95–99, 100+", (0.0, 1000.0), Cited("2000 census, NBS China Statistical Yearbook 2002 table 4-11"),
            "death rates of women before scaling",
            "女性死亡率（调整前）";
        mortality_scale: f64 = 0.63,
            "factor", (0.0, 5.0), Derived("set so that the run's period life expectancy at birth ≈ 77 years (77.93 for China 2022, NHC; rural lower); see docs/calibration.md"),
            "multiplies the census death rates",
            "死亡率调整系数";
        spouse_age_gap: f64 = 2.5,
            "years", (-10.0, 15.0), Derived("calibrated to P8: at 2.5 years 46.5–47.6 % of women 65+ are widowed at month 0 (target 45–49 %, 2010 census 48.6 %); MODEL.md §5.3's 2 years gave 43.6–45.3 % (docs/MODEL.md, departures)"),
            "husband's mean age minus wife's",
            "夫妻年龄差";
        ever_married_men: Vec<f64> = vec![0.2, 0.6, 0.85, 0.92, 0.955],
            "share, bands 20–24, 25–29, 30–34, 35–39, 40+", PROB, Derived("40+: 4.4 % of rural men 60+ never married (2010 census, docs/kin_availability.md); younger bands an assumption: most marry by 30"),
            "share of men ever married at initialization",
            "初始男性曾婚比例";
        ever_married_women: Vec<f64> = vec![0.45, 0.88, 0.96, 0.98, 0.99],
            "share, bands 20–24, 25–29, 30–34, 35–39, 40+", PROB, Assumption("shaped after census marital status: women marry younger, and almost all marry"),
            "share of women ever married at initialization",
            "初始女性曾婚比例";
        widowed_men: Vec<f64> = vec![0.02, 0.07, 0.12, 0.19, 0.28, 0.47],
            "share of the ever married, bands 50–59, 60–64, 65–69, 70–74, 75–79, 80+", PROB, Derived("set so that 18.6 % of rural men 60+ are widowed (8.3 % at 60–64, 23.9 % at 65+; 2010 census, docs/kin_availability.md); the split over bands within 65+ is an assumption. Women's widowhood follows from the men's, by matching"),
            "share of ever-married men whose wife has died, at initialization",
            "初始男性丧偶比例";
        cohort_children: Vec<f64> = vec![4.3, 4.2, 3.7, 2.8, 2.3, 1.9, 1.7, 1.6],
            "living children per woman, by her birth decade: before 1930, 1930s, …, 1980s, 1990 or later", (0.0, 20.0), Assumption("shaped after completed fertility by cohort (≈ 4 or more for women born before 1950, ≈ 2 for those born in the 1970s) less the children who died, to meet P8: 3.1 living children per person 60+ (docs/kin_availability.md); to be sourced"),
            "mean living children of a woman at the end of her childbearing years, at initialization",
            "母亲出生队列的存活子女数";
        childless: f64 = 0.04,
            "share", PROB, Assumption("set so that 6 % of people 60+ have no living child with the never married (CHARLS 2011, docs/kin_availability.md)"),
            "share of ever-married women with no living child, at initialization",
            "曾婚妇女无存活子女比例";
        marriage: Vec<f64> = vec![0.16, 0.25, 0.15, 0.08],
            "per year, bands 20–24, 25–29, 30–34, 35–39", RATE, Assumption("most marry by 30"),
            "rate at which unmarried registered villagers marry",
            "未婚者结婚率";
        marry_in: f64 = 0.5,
            "probability", PROB, Assumption("MODEL.md §7.2"),
            "chance that the partner is a newcomer from another village",
            "配偶来自外村的概率";
        bride_share: f64 = 0.8,
            "share", PROB, Assumption("brides mostly marry in"),
            "share of newcomers who are brides",
            "外来配偶中女性占比";
        marry_out: f64 = 0.04,
            "per year", RATE, Assumption("daughters marry out"),
            "rate at which unmarried women 20–39 marry out of the village",
            "未婚女性外嫁率";
        fertility: Vec<f64> = vec![0.03, 0.16, 0.11, 0.045, 0.015, 0.004, 0.001],
            "births per married woman a year, bands 15–19 … 45–49", RATE, Assumption("marital fertility set for total fertility ≈ 1.5 (rural women)"),
            "birth rates of married registered women",
            "已婚妇女生育率";
        left_behind: f64 = 0.6,
            "probability", PROB, Assumption("留守儿童, MODEL.md §7.2"),
            "chance that a child born to an away mother lives in the village",
            "外出母亲子女留村概率";
    }
}

const MORTALITY_MALE: [f64; 21] = [
    5.25, 0.65, 0.50, 0.77, 1.21, 1.36, 1.66, 2.15, 3.05, 4.33, 6.71, 10.57, 17.92, 29.59, 51.03, 79.89, 133.28,
    188.75, 268.63, 241.40, 329.42,
];
const MORTALITY_FEMALE: [f64; 21] = [
    6.98, 0.44, 0.33, 0.47, 0.72, 0.84, 0.98, 1.18, 1.70, 2.57, 4.19, 6.63, 11.43, 19.06, 34.11, 55.70, 97.48, 145.36,
    231.23, 298.02, 375.24,
];
