//! Typed parameters, read once from a resolved scenario. The model reads these fields, never the map.

use std::collections::BTreeMap;

use super::registry::Value;

/// When a lever is in force: months `start` to `end - 1` (MODEL.md §7.1).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Period {
    pub on: bool,
    pub start_month: u32,
    pub end_month: Option<u32>,
}

impl Period {
    pub fn in_force(&self, month: u32) -> bool {
        self.on && month >= self.start_month && self.end_month.is_none_or(|end| month < end)
    }
}

/// A lever with one scale parameter (`outmigration`, `market_alienation`).
#[derive(Clone, Copy, Debug)]
pub struct ScaleLever {
    pub period: Period,
    pub scale: f64,
}

impl ScaleLever {
    /// The factor in force this month: the scale, or 1 when the lever is off.
    pub fn factor(&self, month: u32) -> f64 {
        if self.period.in_force(month) {
            self.scale
        } else {
            1.0
        }
    }
}

/// The policy levers of MODEL.md §7.1, each with its period and parameters (costs in yuan; "per 1000" is
/// per 1000 residents).
#[derive(Clone, Debug)]
pub struct TimeBank {
    pub period: Period,
    pub government_backing: f64,
    pub default_shock: f64,
    pub cost_per_1000_year: f64,
}

#[derive(Clone, Debug)]
pub struct HappinessHome {
    pub period: Period,
    pub places_per_1000: f64,
    pub staff_hours_per_place: f64,
    pub functioning: f64,
    pub tie_rate: f64,
    pub cost_per_place_year: f64,
}

#[derive(Clone, Debug)]
pub struct Subsidy {
    pub period: Period,
    pub budget_per_1000_month: f64,
    pub provider_share: f64,
    pub cash_per_hour: f64,
    pub price_per_hour: f64,
}

#[derive(Clone, Debug)]
pub struct Training {
    pub period: Period,
    pub share_per_year: f64,
    pub trained_skill: f64,
    pub cost_per_person: f64,
}

#[derive(Clone, Debug)]
pub struct CulturalCampaign {
    pub period: Period,
    pub strength: f64,
    pub awards_per_year: u32,
    pub award_boost: f64,
    pub cost_per_1000_year: f64,
}

#[derive(Clone, Debug)]
pub struct CommunityActivities {
    pub period: Period,
    pub tie_multiplier: f64,
    pub meet_multiplier: f64,
    pub cost_per_1000_year: f64,
}

#[derive(Clone, Debug)]
pub struct CadreMobilisation {
    pub period: Period,
    pub visits_per_1000_month: f64,
    pub cost_per_visit: f64,
}

#[derive(Clone, Debug)]
pub struct Supervision {
    pub period: Period,
    pub strength: f64,
    pub cost_per_1000_year: f64,
}

#[derive(Clone, Debug)]
pub struct Volunteers {
    pub period: Period,
    pub hours_per_1000_month: f64,
    pub coordination: f64,
}

#[derive(Clone, Debug)]
pub struct PlatformMatching {
    pub period: Period,
    pub channel_match: f64,
    pub cost_per_1000_year: f64,
}

#[derive(Clone, Debug)]
pub struct CollectiveDividend {
    pub period: Period,
    pub yuan_per_hour: f64,
}

#[derive(Clone, Debug)]
pub struct Levers {
    pub time_bank: TimeBank,
    pub happiness_home: HappinessHome,
    pub subsidy: Subsidy,
    pub training: Training,
    pub cultural_campaign: CulturalCampaign,
    pub community_activities: CommunityActivities,
    pub cadre_mobilisation: CadreMobilisation,
    pub supervision: Supervision,
    pub volunteers: Volunteers,
    pub platform_matching: PlatformMatching,
    pub collective_dividend: CollectiveDividend,
    pub outmigration: ScaleLever,
    pub market_alienation: ScaleLever,
}

/// The coefficients of the willingness propensity (MODEL.md §7.8).
#[derive(Clone, Debug)]
pub struct Betas {
    pub intercept: f64,
    pub identity: f64,
    pub motivation: f64,
    pub trust: f64,
    pub weak: f64,
    pub strong: f64,
    pub peer: f64,
    pub reward: f64,
    pub age: f64,
    pub burden: f64,
}

#[derive(Clone, Debug)]
pub struct Params {
    pub years: u32,
    pub replicates: u32,
    pub seed: u64,
    pub first_year: i64,

    pub village_count: u64,
    pub population_mean: f64,
    pub population_sd: f64,
    pub population_min: f64,

    pub age_structure: Vec<f64>,
    pub male_share: Vec<f64>,
    pub mortality_male: Vec<f64>,
    pub mortality_female: Vec<f64>,
    pub mortality_scale: f64,
    pub spouse_age_gap: f64,
    pub married_share: Vec<f64>,
    pub widowed_share: Vec<f64>,
    pub marriage: Vec<f64>,
    pub marry_in: f64,
    pub bride_share: f64,
    pub marry_out: f64,
    pub fertility: Vec<f64>,
    pub left_behind: f64,

    pub coresidence: f64,
    pub patrilocal: f64,

    pub initial_away: Vec<f64>,
    pub leave: Vec<f64>,
    pub return_rate: Vec<f64>,
    pub settle_away: f64,
    pub return_to_care: f64,

    pub prevalence: Vec<f64>,
    pub severity_split: Vec<f64>,
    pub onset: Vec<f64>,
    pub onset_split: Vec<f64>,
    pub progress: Vec<f64>,
    pub recover: Vec<f64>,
    pub mortality_multiplier: Vec<f64>,

    pub need_hours: Vec<f64>,
    pub max_hours_month: f64,
    pub spouse_hours: f64,
    pub coresident_hours: f64,
    pub kin_hours: f64,
    pub kin_help_month: f64,
    pub provider_hours: f64,
    pub tie_match: f64,
    pub channel_tries: u32,
    pub channel_match: f64,

    pub neighbours: f64,
    pub acquaintances: f64,
    pub radius: u32,
    pub rewire: f64,
    pub weak_decay: f64,
    pub weak_formation: f64,
    pub away_decay: f64,
    pub meet_strong_month: f64,
    pub meet_weak_month: f64,

    pub identity_mean: f64,
    pub motivation_mean: f64,
    pub elite_motivation_mean: f64,
    pub attitude_concentration: f64,
    pub elite_share: f64,
    pub elite_skill: f64,
    pub trust_mean: f64,
    pub provider_ages: (u32, u32),
    pub burden_hours: f64,
    pub influence_month: f64,
    pub erosion: f64,
    pub adopt_rate_month: f64,
    pub quit_rate_month: f64,
    pub local_wage: f64,
    pub beta: Betas,

    pub misconduct_month: f64,
    pub scandal_drop: f64,
    pub trust_recovery: f64,
    pub visit_boost: f64,

    pub levers: Levers,
}

struct Reader<'a>(&'a BTreeMap<String, Value>);

impl Reader<'_> {
    fn value(&self, key: &str) -> &Value {
        self.0
            .get(key)
            .unwrap_or_else(|| panic!("parameter {key} is not in the registry"))
    }
    fn f(&self, key: &str) -> f64 {
        match self.value(key) {
            Value::Float(x) => *x,
            Value::Int(i) => *i as f64,
            v => panic!("{key} is not a number: {v}"),
        }
    }
    fn i(&self, key: &str) -> i64 {
        match self.value(key) {
            Value::Int(i) => *i,
            v => panic!("{key} is not an integer: {v}"),
        }
    }
    fn b(&self, key: &str) -> bool {
        matches!(self.value(key), Value::Bool(true))
    }
    fn l(&self, key: &str) -> Vec<f64> {
        match self.value(key) {
            Value::List(v) => v.clone(),
            v => panic!("{key} is not a list: {v}"),
        }
    }
    fn period(&self, lever: &str) -> Period {
        let end = match self.value(&format!("levers.{lever}.end_year")) {
            Value::Int(y) => Some(*y as u32 * 12),
            _ => None,
        };
        Period {
            on: self.b(&format!("levers.{lever}.on")),
            start_month: self.i(&format!("levers.{lever}.start_year")) as u32 * 12,
            end_month: end,
        }
    }
    fn scale_lever(&self, lever: &str) -> ScaleLever {
        ScaleLever {
            period: self.period(lever),
            scale: self.f(&format!("levers.{lever}.scale")),
        }
    }
    /// A lever's own parameter.
    fn lf(&self, lever: &str, name: &str) -> f64 {
        self.f(&format!("levers.{lever}.{name}"))
    }
    fn levers(&self) -> Levers {
        Levers {
            time_bank: TimeBank {
                period: self.period("time_bank"),
                government_backing: self.lf("time_bank", "government_backing"),
                default_shock: self.lf("time_bank", "default_shock"),
                cost_per_1000_year: self.lf("time_bank", "cost_per_1000_year"),
            },
            happiness_home: HappinessHome {
                period: self.period("happiness_home"),
                places_per_1000: self.lf("happiness_home", "places_per_1000"),
                staff_hours_per_place: self.lf("happiness_home", "staff_hours_per_place"),
                functioning: self.lf("happiness_home", "functioning"),
                tie_rate: self.lf("happiness_home", "tie_rate"),
                cost_per_place_year: self.lf("happiness_home", "cost_per_place_year"),
            },
            subsidy: Subsidy {
                period: self.period("subsidy"),
                budget_per_1000_month: self.lf("subsidy", "budget_per_1000_month"),
                provider_share: self.lf("subsidy", "provider_share"),
                cash_per_hour: self.lf("subsidy", "cash_per_hour"),
                price_per_hour: self.lf("subsidy", "price_per_hour"),
            },
            training: Training {
                period: self.period("training"),
                share_per_year: self.lf("training", "share_per_year"),
                trained_skill: self.lf("training", "trained_skill"),
                cost_per_person: self.lf("training", "cost_per_person"),
            },
            cultural_campaign: CulturalCampaign {
                period: self.period("cultural_campaign"),
                strength: self.lf("cultural_campaign", "strength"),
                awards_per_year: self.i("levers.cultural_campaign.awards_per_year") as u32,
                award_boost: self.lf("cultural_campaign", "award_boost"),
                cost_per_1000_year: self.lf("cultural_campaign", "cost_per_1000_year"),
            },
            community_activities: CommunityActivities {
                period: self.period("community_activities"),
                tie_multiplier: self.lf("community_activities", "tie_multiplier"),
                meet_multiplier: self.lf("community_activities", "meet_multiplier"),
                cost_per_1000_year: self.lf("community_activities", "cost_per_1000_year"),
            },
            cadre_mobilisation: CadreMobilisation {
                period: self.period("cadre_mobilisation"),
                visits_per_1000_month: self.lf("cadre_mobilisation", "visits_per_1000_month"),
                cost_per_visit: self.lf("cadre_mobilisation", "cost_per_visit"),
            },
            supervision: Supervision {
                period: self.period("supervision"),
                strength: self.lf("supervision", "strength"),
                cost_per_1000_year: self.lf("supervision", "cost_per_1000_year"),
            },
            volunteers: Volunteers {
                period: self.period("volunteers"),
                hours_per_1000_month: self.lf("volunteers", "hours_per_1000_month"),
                coordination: self.lf("volunteers", "coordination"),
            },
            platform_matching: PlatformMatching {
                period: self.period("platform_matching"),
                channel_match: self.lf("platform_matching", "channel_match"),
                cost_per_1000_year: self.lf("platform_matching", "cost_per_1000_year"),
            },
            collective_dividend: CollectiveDividend {
                period: self.period("collective_dividend"),
                yuan_per_hour: self.lf("collective_dividend", "yuan_per_hour"),
            },
            outmigration: self.scale_lever("outmigration"),
            market_alienation: self.scale_lever("market_alienation"),
        }
    }
}

impl Params {
    /// Reads a resolved, validated parameter map (every registry key present).
    pub fn from_values(values: &BTreeMap<String, Value>) -> Params {
        let r = Reader(values);
        Params {
            years: r.i("run.years") as u32,
            replicates: r.i("run.replicates") as u32,
            seed: r.i("run.seed") as u64,
            first_year: r.i("run.first_year"),

            village_count: r.i("villages.count") as u64,
            population_mean: r.f("villages.population.mean"),
            population_sd: r.f("villages.population.sd"),
            population_min: r.f("villages.population.min"),

            age_structure: r.l("demography.age_structure"),
            male_share: r.l("demography.male_share"),
            mortality_male: r.l("demography.mortality_male"),
            mortality_female: r.l("demography.mortality_female"),
            mortality_scale: r.f("demography.mortality_scale"),
            spouse_age_gap: r.f("demography.spouse_age_gap"),
            married_share: r.l("demography.married_share"),
            widowed_share: r.l("demography.widowed_share"),
            marriage: r.l("demography.marriage"),
            marry_in: r.f("demography.marry_in"),
            bride_share: r.f("demography.bride_share"),
            marry_out: r.f("demography.marry_out"),
            fertility: r.l("demography.fertility"),
            left_behind: r.f("demography.left_behind"),

            coresidence: r.f("households.coresidence"),
            patrilocal: r.f("households.patrilocal"),

            initial_away: r.l("migration.initial_away"),
            leave: r.l("migration.leave"),
            return_rate: r.l("migration.return"),
            settle_away: r.f("migration.settle_away"),
            return_to_care: r.f("migration.return_to_care"),

            prevalence: r.l("health.prevalence"),
            severity_split: r.l("health.severity_split"),
            onset: r.l("health.onset"),
            onset_split: r.l("health.onset_split"),
            progress: r.l("health.progress"),
            recover: r.l("health.recover"),
            mortality_multiplier: r.l("health.mortality_multiplier"),

            need_hours: r.l("care.need_hours"),
            max_hours_month: r.f("care.max_hours_month"),
            spouse_hours: r.f("care.spouse_hours"),
            coresident_hours: r.f("care.coresident_hours"),
            kin_hours: r.f("care.kin_hours"),
            kin_help_month: r.f("care.kin_help_month"),
            provider_hours: r.f("care.provider_hours"),
            tie_match: r.f("care.tie_match"),
            channel_tries: r.i("care.channel_tries") as u32,
            channel_match: r.f("care.channel_match"),

            neighbours: r.f("network.neighbours"),
            acquaintances: r.f("network.acquaintances"),
            radius: r.i("network.radius") as u32,
            rewire: r.f("network.rewire"),
            weak_decay: r.f("network.weak_decay"),
            weak_formation: r.f("network.weak_formation"),
            away_decay: r.f("network.away_decay"),
            meet_strong_month: r.f("network.meet_strong_month"),
            meet_weak_month: r.f("network.meet_weak_month"),

            identity_mean: r.f("behaviour.identity_mean"),
            motivation_mean: r.f("behaviour.motivation_mean"),
            elite_motivation_mean: r.f("behaviour.elite_motivation_mean"),
            attitude_concentration: r.f("behaviour.attitude_concentration"),
            elite_share: r.f("behaviour.elite_share"),
            elite_skill: r.f("behaviour.elite_skill"),
            trust_mean: r.f("cadres.trust_mean"),
            provider_ages: {
                let ages = r.l("behaviour.provider_ages");
                (ages[0] as u32, ages[1] as u32)
            },
            burden_hours: r.f("behaviour.burden_hours"),
            influence_month: r.f("behaviour.influence_month"),
            erosion: r.f("behaviour.erosion"),
            adopt_rate_month: r.f("behaviour.adopt_rate_month"),
            quit_rate_month: r.f("behaviour.quit_rate_month"),
            local_wage: r.f("behaviour.local_wage"),
            beta: Betas {
                intercept: r.f("behaviour.beta.intercept"),
                identity: r.f("behaviour.beta.identity"),
                motivation: r.f("behaviour.beta.motivation"),
                trust: r.f("behaviour.beta.trust"),
                weak: r.f("behaviour.beta.weak"),
                strong: r.f("behaviour.beta.strong"),
                peer: r.f("behaviour.beta.peer"),
                reward: r.f("behaviour.beta.reward"),
                age: r.f("behaviour.beta.age"),
                burden: r.f("behaviour.beta.burden"),
            },

            misconduct_month: r.f("cadres.misconduct_month"),
            scandal_drop: r.f("cadres.scandal_drop"),
            trust_recovery: r.f("cadres.trust_recovery"),
            visit_boost: r.f("cadres.visit_boost"),

            levers: r.levers(),
        }
    }

    pub fn months(&self) -> u32 {
        self.years * 12
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_lever_from_year_2_to_5_is_in_force_in_months_24_to_59() {
        let p = Period {
            on: true,
            start_month: 24,
            end_month: Some(60),
        };
        assert!(!p.in_force(23) && p.in_force(24) && p.in_force(59) && !p.in_force(60));
        let off = Period { on: false, ..p };
        assert!(!off.in_force(30));
    }
}
