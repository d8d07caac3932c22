//! The parameter registry: every parameter's dotted key, default, unit, allowed range and source, in one
//! place. `huzhu params`, scenario validation and `docs/parameters.md` are all generated from it.

use std::collections::HashMap;
use std::fmt;
use std::sync::OnceLock;

/// A parameter value as it appears in a scenario file.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Bool(bool),
    Int(i64),
    Float(f64),
    List(Vec<f64>),
    /// An optional parameter left out (a lever's `end_year`: to the end of the run).
    Unset,
}

impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Bool(b) => write!(f, "{b}"),
            Value::Int(i) => write!(f, "{i}"),
            Value::Float(x) => write!(f, "{x}"),
            Value::List(v) => {
                let items: Vec<String> = v.iter().map(|x| x.to_string()).collect();
                write!(f, "[{}]", items.join(", "))
            }
            Value::Unset => write!(f, "none"),
        }
    }
}

/// What type a parameter takes.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Kind {
    Bool,
    Int,
    Float,
    /// A list of numbers of this exact length (one per age band, say).
    List(usize),
    /// An integer that may be left out.
    OptInt,
}

impl Kind {
    pub fn describe(self) -> String {
        match self {
            Kind::Bool => "true or false".into(),
            Kind::Int => "a whole number".into(),
            Kind::Float => "a number".into(),
            Kind::List(n) => format!("a list of {n} numbers"),
            Kind::OptInt => "a whole number (or left out)".into(),
        }
    }
}

/// Where a default comes from. An assumption has no empirical source and is for users to explore.
#[derive(Clone, Copy, Debug)]
pub enum Source {
    /// A published figure (see `../shared/data/SOURCES.md` and `docs/MODEL.md`).
    Cited(&'static str),
    /// Computed from cited figures, or calibrated so that the model meets a cited pattern.
    Derived(&'static str),
    /// No empirical source.
    Assumption(&'static str),
    /// A run control (length, replicates, seed), not part of the model.
    Setting,
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Source::Cited(s) => write!(f, "{s}"),
            Source::Derived(s) => write!(f, "derived: {s}"),
            Source::Assumption("") => write!(f, "assumption"),
            Source::Assumption(s) => write!(f, "assumption: {s}"),
            Source::Setting => write!(f, "run setting"),
        }
    }
}

#[derive(Clone, Debug)]
pub struct Param {
    pub key: String,
    pub kind: Kind,
    pub default: Value,
    /// Allowed range, inclusive; for lists it holds for every element.
    pub min: f64,
    pub max: f64,
    pub unit: &'static str,
    pub source: Source,
    pub about: &'static str,
}

impl Param {
    pub fn range_text(&self) -> String {
        match self.kind {
            Kind::Bool => "true/false".into(),
            _ => format!("{} to {}", fmt_bound(self.min), fmt_bound(self.max)),
        }
    }

    /// Checks a value against the kind and range; returns what is allowed on failure.
    pub fn check(&self, value: &Value) -> Result<(), String> {
        let in_range = |x: f64| x.is_finite() && x >= self.min && x <= self.max;
        let allowed = || format!("allowed: {}, {}", self.kind.describe(), self.range_text());
        match (self.kind, value) {
            (Kind::Bool, Value::Bool(_)) => Ok(()),
            (Kind::Int | Kind::OptInt, Value::Int(i)) if in_range(*i as f64) => Ok(()),
            (Kind::OptInt, Value::Unset) => Ok(()),
            (Kind::Float, Value::Float(x)) if in_range(*x) => Ok(()),
            (Kind::List(n), Value::List(v)) if v.len() == n && v.iter().all(|x| in_range(*x)) => {
                Ok(())
            }
            (Kind::List(n), Value::List(v)) if v.len() != n => {
                Err(format!("has {} numbers; {}", v.len(), allowed()))
            }
            _ => Err(allowed()),
        }
    }
}

fn fmt_bound(x: f64) -> String {
    x.to_string()
}

pub struct Registry {
    pub params: Vec<Param>,
    index: HashMap<String, usize>,
}

impl Registry {
    pub fn get(&self, key: &str) -> Option<&Param> {
        self.index.get(key).map(|&i| &self.params[i])
    }

    /// The lever names, in registry order.
    pub fn levers(&self) -> Vec<&str> {
        let mut names: Vec<&str> = Vec::new();
        for p in &self.params {
            if let Some(name) = p
                .key
                .strip_prefix("levers.")
                .and_then(|r| r.strip_suffix(".on"))
            {
                names.push(name);
            }
        }
        names
    }
}

pub fn registry() -> &'static Registry {
    static REGISTRY: OnceLock<Registry> = OnceLock::new();
    REGISTRY.get_or_init(|| {
        let params = build();
        let index = params
            .iter()
            .enumerate()
            .map(|(i, p)| (p.key.clone(), i))
            .collect();
        Registry { params, index }
    })
}

/// Collects parameters with short calls, one line of the table each.
struct Builder(Vec<Param>);

impl Builder {
    #[allow(clippy::too_many_arguments)]
    fn add(
        &mut self,
        key: &str,
        kind: Kind,
        default: Value,
        unit: &'static str,
        (min, max): (f64, f64),
        source: Source,
        about: &'static str,
    ) {
        let param = Param {
            key: key.into(),
            kind,
            default,
            min,
            max,
            unit,
            source,
            about,
        };
        debug_assert!(
            param.check(&param.default).is_ok(),
            "default of {key} out of range"
        );
        self.0.push(param);
    }

    fn float(
        &mut self,
        key: &str,
        default: f64,
        unit: &'static str,
        range: (f64, f64),
        source: Source,
        about: &'static str,
    ) {
        self.add(
            key,
            Kind::Float,
            Value::Float(default),
            unit,
            range,
            source,
            about,
        );
    }

    fn int(
        &mut self,
        key: &str,
        default: i64,
        unit: &'static str,
        range: (f64, f64),
        source: Source,
        about: &'static str,
    ) {
        self.add(
            key,
            Kind::Int,
            Value::Int(default),
            unit,
            range,
            source,
            about,
        );
    }

    fn list(
        &mut self,
        key: &str,
        default: &[f64],
        unit: &'static str,
        range: (f64, f64),
        source: Source,
        about: &'static str,
    ) {
        self.add(
            key,
            Kind::List(default.len()),
            Value::List(default.to_vec()),
            unit,
            range,
            source,
            about,
        );
    }

    /// A lever: `on`, `start_year`, `end_year`, then its own parameters.
    fn lever(&mut self, name: &str, paper: &'static str, params: impl FnOnce(&mut Builder, &str)) {
        let key = |k: &str| format!("levers.{name}.{k}");
        self.add(
            &key("on"),
            Kind::Bool,
            Value::Bool(false),
            "",
            (0.0, 1.0),
            Source::Cited(paper),
            "lever in force (a `[levers.NAME]` table turns it on)",
        );
        self.int(
            &key("start_year"),
            0,
            "years from 0",
            (0.0, 1000.0),
            Source::Assumption(""),
            "first year in force (month start_year × 12)",
        );
        self.add(
            &key("end_year"),
            Kind::OptInt,
            Value::Unset,
            "years from 0",
            (0.0, 1000.0),
            Source::Assumption(""),
            "first year no longer in force; left out = to the end of the run",
        );
        params(self, &format!("levers.{name}"));
    }
}

use Source::{Assumption, Cited, Derived};

const PROB: (f64, f64) = (0.0, 1.0);
const RATE: (f64, f64) = (0.0, 50.0);

fn build() -> Vec<Param> {
    let mut b = Builder(Vec::new());

    // --- run ---
    b.int(
        "run.years",
        20,
        "years",
        (1.0, 200.0),
        Source::Setting,
        "length of the run",
    );
    b.int(
        "run.replicates",
        10,
        "runs",
        (1.0, 100_000.0),
        Source::Setting,
        "replicates, each with its own seed",
    );
    b.int(
        "run.seed",
        2024,
        "",
        (0.0, 9.0e15),
        Source::Setting,
        "root seed; replicate r of every scenario uses the same village seeds",
    );
    b.int(
        "run.first_year",
        2020,
        "calendar year",
        (1900.0, 2200.0),
        Cited("2020 census (NBS 2021)"),
        "calendar year of month 0",
    );

    // --- villages ---
    b.int(
        "villages.count",
        30,
        "villages",
        (1.0, 10_000_000.0),
        Source::Setting,
        "villages simulated (rural China has 502,000)",
    );
    b.float(
        "villages.population.mean",
        1370.0,
        "registered villagers",
        (10.0, 100_000.0),
        Derived(
            "1,015 residents a village (509.79 M / 502 k) + ≈ 355 away (P3: 26 % of registered)",
        ),
        "mean registered population of a village",
    );
    b.float(
        "villages.population.sd",
        400.0,
        "registered villagers",
        (0.0, 100_000.0),
        Assumption(""),
        "standard deviation of village size",
    );
    b.float(
        "villages.population.min",
        300.0,
        "registered villagers",
        (10.0, 100_000.0),
        Assumption(""),
        "smallest village (sizes below are drawn again)",
    );

    // --- demography ---
    b.list(
        "demography.age_structure",
        &[4.08, 5.04, 4.89, 5.19, 6.19, 7.41, 8.34, 7.37, 7.41, 9.04, 9.56, 7.04, 5.30, 5.12, 3.63, 2.22, 1.41, 0.74],
        "% of registered, by 5-year band 0–4 … 85+",
        (0.0, 100.0),
        Derived("rural residents by band (shaped after the 2020 census: 60+ 23.81 %, 65+ 17.72 %) plus 355 out-migrants per 1,015 residents spread over 15–64 with mean age ≈ 38 (NBS 2023 Migrant Worker Monitoring Report); the shape within the broad groups is an assumption"),
        "age structure of the registered population (normalised to sum 1)",
    );
    b.list(
        "demography.male_share",
        &[0.53, 0.53, 0.53, 0.53, 0.52, 0.51, 0.51, 0.51, 0.51, 0.51, 0.51, 0.50, 0.50, 0.49, 0.48, 0.47, 0.44, 0.38],
        "share, by 5-year band 0–4 … 85+",
        PROB,
        Assumption("shaped after the census sex ratio (≈ 112 boys per 100 girls at young ages, women outliving men)"),
        "share of men in each band",
    );
    b.list(
        "demography.mortality_male",
        &MORTALITY_MALE,
        "deaths per 1000 a year, bands 0–4 … 95–99, 100+",
        (0.0, 1000.0),
        Cited("2000 census, NBS China Statistical Yearbook 2002 table 4-11"),
        "death rates of men before scaling",
    );
    b.list(
        "demography.mortality_female",
        &MORTALITY_FEMALE,
        "deaths per 1000 a year, bands 0–4 … 95–99, 100+",
        (0.0, 1000.0),
        Cited("2000 census, NBS China Statistical Yearbook 2002 table 4-11"),
        "death rates of women before scaling",
    );
    b.float("demography.mortality_scale", 0.63, "factor", (0.0, 5.0), Derived("set so that the run's period life expectancy at birth ≈ 77 years (77.93 for China 2022, NHC; rural lower); see docs/calibration.md"), "multiplies the census death rates");
    b.float(
        "demography.spouse_age_gap",
        2.0,
        "years",
        (-10.0, 15.0),
        Assumption("MODEL.md §5.3"),
        "husband's mean age minus wife's",
    );
    b.list(
        "demography.married_share",
        &[0.35, 0.78, 0.9, 0.93, 0.95],
        "share, bands 20–24, 25–29, 30–34, 35–39, 40+",
        PROB,
        Assumption("shaped after census marital status; most marry by 30"),
        "share ever married at initialization",
    );
    b.list(
        "demography.widowed_share",
        &[0.12, 0.30, 0.62],
        "share, bands 60–69, 70–79, 80+",
        PROB,
        Assumption("shaped after census widowhood by age"),
        "share of the ever-married whose spouse has died, at initialization",
    );
    b.list(
        "demography.marriage",
        &[0.16, 0.25, 0.15, 0.08],
        "per year, bands 20–24, 25–29, 30–34, 35–39",
        RATE,
        Assumption("most marry by 30"),
        "rate at which unmarried registered villagers marry",
    );
    b.float(
        "demography.marry_in",
        0.5,
        "probability",
        PROB,
        Assumption("MODEL.md §7.2"),
        "chance that the partner is a newcomer from another village",
    );
    b.float(
        "demography.bride_share",
        0.8,
        "share",
        PROB,
        Assumption("brides mostly marry in"),
        "share of newcomers who are brides",
    );
    b.float(
        "demography.marry_out",
        0.04,
        "per year",
        RATE,
        Assumption("daughters marry out"),
        "rate at which unmarried women 20–39 marry out of the village",
    );
    b.list(
        "demography.fertility",
        &[0.03, 0.16, 0.11, 0.045, 0.015, 0.004, 0.001],
        "births per married woman a year, bands 15–19 … 45–49",
        RATE,
        Assumption("marital fertility set for total fertility ≈ 1.5 (rural women)"),
        "birth rates of married registered women",
    );
    b.float(
        "demography.left_behind",
        0.6,
        "probability",
        PROB,
        Assumption("留守儿童, MODEL.md §7.2"),
        "chance that a child born to an away mother lives in the village",
    );

    // --- households ---
    b.float("households.coresidence", 0.8, "probability", PROB, Derived("set so that 41.4 % of rural older people live alone or only with a spouse (CLASS 2014, Fang Ke 2018)"), "chance that an older couple or widow(er) lives with a married child");
    b.float("households.patrilocal", 0.5, "probability", PROB, Assumption(""), "chance that a new couple joins the husband's parents' household instead of forming one next to it");

    // --- migration ---
    b.list(
        "migration.initial_away",
        &[0.25, 0.461, 0.49, 0.466, 0.457, 0.42, 0.344, 0.271, 0.221, 0.147],
        "share, bands 16–19, 20–24, …, 55–59, 60–64",
        PROB,
        Derived("355 out-migrants per 1,015 residents (26 % of registered, NBS 2023) spread by age with mean ≈ 38"),
        "share of each band marked away at initialization",
    );
    b.list(
        "migration.leave",
        &[0.18, 0.111, 0.105, 0.073, 0.097, 0.047, 0.045, 0.037, 0.051],
        "per year, bands 16–19, 20–24, …, 55–59",
        RATE,
        Derived("cohort calculation that keeps the initial away shares stationary with the return rates below"),
        "rate at which residents leave",
    );
    b.list(
        "migration.return",
        &[
            0.05, 0.10, 0.10, 0.10, 0.10, 0.10, 0.10, 0.12, 0.15, 0.20, 0.40, 0.60,
        ],
        "per year, bands 0–15, 16–19, 20–24, …, 55–59, 60–64, 65+",
        RATE,
        Assumption("rising after 50; most return by 65"),
        "rate at which the away return",
    );
    b.float(
        "migration.settle_away",
        0.01,
        "per year",
        RATE,
        Assumption(""),
        "rate at which the away settle in the city for good, leaving the registered population",
    );
    b.float("migration.return_to_care", 0.3, "probability", PROB, Assumption(""), "chance that an away child returns when a parent's need becomes Moderate or Severe and no child is resident");

    // --- health ---
    b.list(
        "health.prevalence",
        &[0.005, 0.05, 0.108, 0.212, 0.47],
        "share, bands 0–49, 50–59, 60–69, 70–79, 80+",
        PROB,
        Cited("60+: meta-analysis of 100 studies (Chen et al., IJFM 2023); under 60: assumption"),
        "share with any care need at initialization",
    );
    b.list(
        "health.severity_split",
        &[0.5, 0.3, 0.2],
        "shares Light, Moderate, Severe",
        PROB,
        Assumption("about half of need is IADL only"),
        "how need at initialization splits over levels",
    );
    b.list("health.onset", &[0.002, 0.01, 0.02, 0.028, 0.036, 0.055, 0.09, 0.14, 0.19], "per year, bands 0–49, 50–59, 60–64, …, 85–89, 90+", PROB, Derived("calibrated so that prevalence by age stays near P2; onset at 65+ ≈ 47–64 per 1000 person-years (Li et al. 2020)"), "probability None → some need");
    b.list(
        "health.onset_split",
        &[0.6, 0.25, 0.15],
        "shares Light, Moderate, Severe",
        PROB,
        Assumption(""),
        "level reached at onset",
    );
    b.list(
        "health.progress",
        &[0.05, 0.06, 0.08, 0.1, 0.12, 0.14, 0.16, 0.2, 0.25],
        "per year, bands as health.onset",
        PROB,
        Assumption(""),
        "probability Light → Moderate and Moderate → Severe",
    );
    b.list(
        "health.recover",
        &[0.4, 0.3, 0.25, 0.22, 0.18, 0.14, 0.1, 0.08, 0.06],
        "per year, bands as health.onset",
        PROB,
        Assumption("recovery falls with age"),
        "probability Light → None and Moderate → Light",
    );
    b.list(
        "health.mortality_multiplier",
        &[1.0, 1.2, 1.6, 2.5],
        "factor, None, Light, Moderate, Severe",
        (0.0, 20.0),
        Assumption("MODEL.md §7.2"),
        "multiplies the death rate by need level",
    );

    // --- care ---
    b.list("care.need_hours", &[35.0, 70.0, 160.0], "hours a month, Light, Moderate, Severe", (0.0, 744.0), Derived("8/16/36–80 hours a week of the kinship-care ABM of Gostoli & Silverman 2020; assumption for China"), "care hours needed a month by level");

    // --- network ---
    b.float(
        "network.neighbours",
        6.0,
        "ties per resident adult",
        (0.0, 100.0),
        Assumption("villages are dense small worlds; Banerjee et al. 2013: household degree 8.9"),
        "mean neighbour ties per resident adult",
    );
    b.float(
        "network.acquaintances",
        8.0,
        "ties per resident adult",
        (0.0, 200.0),
        Assumption(""),
        "mean acquaintance ties per resident adult at initialization",
    );
    b.int(
        "network.radius",
        10,
        "households",
        (1.0, 10_000.0),
        Assumption(""),
        "how far along the ring acquaintances are drawn",
    );
    b.float(
        "network.rewire",
        0.1,
        "probability",
        PROB,
        Assumption("Watts–Strogatz small world"),
        "chance that an acquaintance is any villager",
    );
    b.float(
        "network.weak_decay",
        0.1,
        "per year",
        RATE,
        Assumption(""),
        "rate at which acquaintance ties between residents break",
    );
    b.float("network.weak_formation", 0.8, "new ties per resident adult a year", (0.0, 100.0), Assumption("set so that weak_ties stays near network.acquaintances over 20 years (turnover of residents halves the naive 2 × formation / decay)"), "rate of new acquaintance ties started");
    b.float(
        "network.away_decay",
        0.3,
        "per year",
        RATE,
        Assumption(""),
        "rate at which acquaintance ties of persons away break",
    );
    b.float(
        "network.meet_strong_month",
        0.25,
        "probability a month",
        PROB,
        Assumption(""),
        "chance that a strong tie between residents meets",
    );
    b.float(
        "network.meet_weak_month",
        0.1,
        "probability a month",
        PROB,
        Assumption("74.4 % of rural elderly never joined a community activity (CLASS 2014)"),
        "chance that a weak tie between residents meets",
    );

    // --- behaviour and cadres (initial attitudes, MODEL.md §5.9) ---
    b.float(
        "behaviour.identity_mean",
        0.5,
        "0..1",
        PROB,
        Assumption("§3.1: identity with mutual aid is weak"),
        "mean identity at initialization",
    );
    b.float(
        "behaviour.motivation_mean",
        0.5,
        "0..1",
        PROB,
        Assumption("§2.2"),
        "mean motivation of non-elites",
    );
    b.float(
        "behaviour.elite_motivation_mean",
        0.7,
        "0..1",
        PROB,
        Assumption("§4.3: elites lead"),
        "mean motivation of elites",
    );
    b.float(
        "behaviour.attitude_concentration",
        10.0,
        "Beta a + b",
        (0.1, 1000.0),
        Assumption(""),
        "how tightly attitudes gather around their means",
    );
    b.float(
        "behaviour.elite_share",
        0.05,
        "share of people 55+",
        PROB,
        Assumption("§4.3 retired teachers, doctors, cadres"),
        "share of elites",
    );
    b.float(
        "behaviour.elite_skill",
        1.5,
        "care productivity",
        (0.0, 10.0),
        Assumption(""),
        "skill of elites (1 = untrained)",
    );
    b.float(
        "cadres.trust_mean",
        0.6,
        "0..1",
        PROB,
        Assumption("§2.4, §3.2"),
        "mean trust in village cadres",
    );

    // --- scenario levers ---
    b.lever("outmigration", "§2.1 outmigration of the young", |b, k| {
        b.float(
            &format!("{k}.scale"),
            1.0,
            "factor",
            (0.0, 20.0),
            Assumption("a scenario lever"),
            "multiplies leaving rates (returns unchanged)",
        );
    });
    b.lever(
        "market_alienation",
        "§3.2 market economy alienating relations",
        |b, k| {
            b.float(
                &format!("{k}.scale"),
                1.0,
                "factor",
                (0.0, 50.0),
                Assumption("a scenario lever"),
                "multiplies the decay of acquaintance ties between residents",
            );
        },
    );

    b.0
}

const MORTALITY_MALE: [f64; 21] = [
    5.25, 0.65, 0.50, 0.77, 1.21, 1.36, 1.66, 2.15, 3.05, 4.33, 6.71, 10.57, 17.92, 29.59, 51.03,
    79.89, 133.28, 188.75, 268.63, 241.40, 329.42,
];
const MORTALITY_FEMALE: [f64; 21] = [
    6.98, 0.44, 0.33, 0.47, 0.72, 0.84, 0.98, 1.18, 1.70, 2.57, 4.19, 6.63, 11.43, 19.06, 34.11,
    55.70, 97.48, 145.36, 231.23, 298.02, 375.24,
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_default_is_within_its_own_range() {
        for p in &registry().params {
            assert!(p.check(&p.default).is_ok(), "{}", p.key);
        }
    }

    #[test]
    fn keys_are_unique() {
        let reg = registry();
        assert_eq!(reg.index.len(), reg.params.len());
    }

    #[test]
    fn levers_are_listed_by_name() {
        assert_eq!(
            registry().levers(),
            vec!["outmigration", "market_alienation"]
        );
    }

    #[test]
    fn a_probability_above_one_is_refused_with_the_allowed_range() {
        let p = registry().get("migration.return_to_care").unwrap();
        let err = p.check(&Value::Float(1.5)).unwrap_err();
        assert!(err.contains("0 to 1"), "{err}");
    }
}
