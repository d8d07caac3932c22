//! The files of the synthetic survey: `survey.csv`, one row per respondent, and `survey_codebook.md`,
//! which says in English and Chinese what each column means and how the model gives it.

use super::fmt_num;
use crate::observe::survey::{Design, Respondent};

/// The variables of `survey.csv`: name, meaning, Chinese, and how the model gives it.
pub const CODEBOOK: [(&str, &str, &str, &str); 23] = [
    ("village", "village id", "村庄编号", "index of the village in the run (0, 1, …)"),
    ("household", "household id", "家庭户编号", "the household's id within the village"),
    ("person", "respondent id", "受访者编号", "the person's index within the village"),
    ("weight", "survey weight", "抽样权重", "residents of the survey's ages the respondent stands for: (eligible in the village / interviewed there) × (villages / villages drawn)"),
    ("age", "age in years", "年龄（岁）", "completed years"),
    ("sex", "sex (F, M)", "性别（F 女，M 男）", "as drawn at birth"),
    ("marital", "marital status", "婚姻状况", "married (a living spouse, resident or away), widowed (married once, spouse dead), never_married; divorce is not modelled"),
    ("living", "living arrangement", "居住安排", "alone, spouse_only, with_child (a resident child in the household), other: from the residents of the household"),
    ("children", "living children", "存活子女数", "registered children (resident or away) and children elsewhere (married out, settled away)"),
    ("children_away", "living children not in the village", "不在本村的子女数", "children away and children elsewhere"),
    ("adl", "needs help with activities of daily living (0/1)", "日常生活活动能力受损（0/1）", "need level moderate or severe"),
    ("need", "care need level", "失能等级", "none, light (IADL only), moderate (1–2 ADL), severe (3+ ADL)"),
    ("care_family_hours", "care received from family last month (hours)", "上月家庭照料时数（小时）", "spouse, co-residents, children and siblings"),
    ("care_mutual_hours", "mutual aid received last month (hours)", "上月互助照料时数（小时）", "through ties, channels and cadre visits"),
    ("care_formal_hours", "formal care received last month (hours)", "上月正式照料时数（小时）", "happiness-home staff and care bought with the subsidy"),
    ("care_volunteer_hours", "volunteer care received last month (hours)", "上月志愿服务时数（小时）", "outside volunteers"),
    ("met_strong", "meetings with kin and neighbours last month", "上月与亲属、邻里见面次数", "strong ties between residents that met this month"),
    ("met_weak", "meetings with acquaintances last month", "上月与熟人见面次数", "weak ties between residents that met this month"),
    ("trust", "trust in village cadres (0–1)", "对村干部的信任度（0–1分）", "the model's trust"),
    ("identity", "identity with mutual aid (0–1)", "互助养老认同感（0–1分）", "the model's identity"),
    ("eligible", "could give mutual aid (0/1)", "具备互助条件（0/1）", "resident, aged within behaviour.provider_ages, no care need, household burden within behaviour.burden_hours"),
    ("willing", "willing to provide mutual aid (0/1)", "有互助意愿（0/1）", "the model's willingness; 0 for those not eligible"),
    ("gave_mutual_aid_12m", "gave mutual aid in the last 12 months (0/1)", "近12个月提供过互助（0/1）", "mutual-aid hours given in one of the last 12 months"),
];

/// A respondent's cells, in the order of `CODEBOOK`.
pub fn cells(r: &Respondent) -> Vec<String> {
    let p = r.record;
    let h = p.received_hours;
    vec![
        r.village.to_string(),
        p.household.to_string(),
        p.id.to_string(),
        fmt_num(r.weight),
        p.age.to_string(),
        p.sex.into(),
        p.marital.into(),
        p.living.into(),
        p.children.living.to_string(),
        p.children.away.to_string(),
        u8::from(matches!(p.need, "moderate" | "severe")).to_string(),
        p.need.into(),
        fmt_num(h[0]),
        fmt_num(h[1]),
        fmt_num(h[2]),
        fmt_num(h[3]),
        p.met_strong.to_string(),
        p.met_weak.to_string(),
        fmt_num(p.trust),
        fmt_num(p.identity),
        u8::from(p.eligible).to_string(),
        u8::from(p.eligible && p.willing).to_string(),
        u8::from(p.gave_last_12_months).to_string(),
    ]
}

/// `survey_codebook.md`, in English and Chinese.
pub fn codebook(scenario: &str, design: &Design, sampled: usize) -> String {
    let mut s = format!(
        "# Survey codebook / 调查变量说明\n\n\
         A synthetic household survey of the scenario `{scenario}` at the end of {year}: {villages} villages drawn at random, \
         then households at random, and every resident aged {age}+ of a drawn household interviewed, until {sample} \
         respondents ({sampled} interviewed). Seed of the sample: {seed}. One row of `survey.csv` per respondent.\n\n\
         情景 `{scenario}` 在 {year}年末的模拟入户调查：随机抽取 {villages} 个村庄，再随机抽取家庭户，访问户内全部 {age} 岁及以上常住人口，\
         直至 {sample} 人（实际 {sampled} 人）。抽样随机种子 {seed}。`survey.csv` 每行为一名受访者。\n\n\
         | variable | meaning | 含义 | in the model |\n|---|---|---|---|\n",
        year = design.year,
        villages = design.villages,
        age = design.min_age,
        sample = design.sample,
        seed = design.seed,
    );
    for (name, en, zh, model) in CODEBOOK {
        s.push_str(&format!("| `{name}` | {en} | {zh} | {model} |\n"));
    }
    s
}
