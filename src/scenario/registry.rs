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
            (Kind::List(n), Value::List(v)) if v.len() == n && v.iter().all(|x| in_range(*x)) => Ok(()),
            (Kind::List(n), Value::List(v)) if v.len() != n => Err(format!("has {} numbers; {}", v.len(), allowed())),
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
            if let Some(name) = p.key.strip_prefix("levers.").and_then(|r| r.strip_suffix(".on")) {
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
        let index = params.iter().enumerate().map(|(i, p)| (p.key.clone(), i)).collect();
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
        debug_assert!(param.check(&param.default).is_ok(), "default of {key} out of range");
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
        self.add(key, Kind::Float, Value::Float(default), unit, range, source, about);
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
        self.add(key, Kind::Int, Value::Int(default), unit, range, source, about);
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

#[rustfmt::skip]
fn build() -> Vec<Param> {
    let mut b = Builder(Vec::new());

    // --- run ---
    b.int("run.years", 20, "years", (1.0, 200.0), Source::Setting, "length of the run");
    b.int("run.replicates", 10, "runs", (1.0, 100_000.0), Source::Setting, "replicates, each with its own seed");
    b.int("run.seed", 2024, "", (0.0, 9.0e15), Source::Setting, "root seed; replicate r of every scenario uses the same village seeds");
    b.int("run.first_year", 2020, "calendar year", (1900.0, 2200.0), Cited("2020 census (NBS 2021)"), "calendar year of month 0");

    // --- villages ---
    b.int("villages.count", 30, "villages", (1.0, 10_000_000.0), Source::Setting, "villages simulated (rural China has 502,000)");
    b.float("villages.population.mean", 1370.0, "registered villagers", (10.0, 100_000.0), Derived("1,015 residents a village (509.79 M / 502 k) + ≈ 355 away (P3: 26 % of registered)", ), "mean registered population of a village");
    b.float("villages.population.sd", 400.0, "registered villagers", (0.0, 100_000.0), Assumption(""), "standard deviation of village size");
    b.float("villages.population.min", 300.0, "registered villagers", (10.0, 100_000.0), Assumption(""), "smallest village (sizes below are drawn again)");

    // --- demography ---
    b.list("demography.age_structure", &[4.08, 5.04, 4.89, 5.19, 6.19, 7.41, 8.34, 7.37, 7.41, 9.04, 9.56, 7.04, 5.30, 5.12, 3.63, 2.22, 1.41, 0.74], "% of registered, by 5-year band 0–4 … 85+", (0.0, 100.0), Derived("rural residents by band (shaped after the 2020 census: 60+ 23.81 %, 65+ 17.72 %) plus 355 out-migrants per 1,015 residents spread over 15–64 with mean age ≈ 38 (NBS 2023 Migrant Worker Monitoring Report); the shape within the broad groups is an assumption"), "age structure of the registered population (normalised to sum 1)");
    b.list("demography.male_share", &[0.53, 0.53, 0.53, 0.53, 0.52, 0.51, 0.51, 0.51, 0.51, 0.51, 0.51, 0.50, 0.50, 0.49, 0.48, 0.47, 0.44, 0.38], "share, by 5-year band 0–4 … 85+", PROB, Assumption("shaped after the census sex ratio (≈ 112 boys per 100 girls at young ages, women outliving men)"), "share of men in each band");
    b.list("demography.mortality_male", &MORTALITY_MALE, "deaths per 1000 a year, bands 0–4 … 95–99, 100+", (0.0, 1000.0), Cited("2000 census, NBS China Statistical Yearbook 2002 table 4-11"), "death rates of men before scaling");
    b.list("demography.mortality_female", &MORTALITY_FEMALE, "deaths per 1000 a year, bands 0–4 … 95–99, 100+", (0.0, 1000.0), Cited("2000 census, NBS China Statistical Yearbook 2002 table 4-11"), "death rates of women before scaling");
    b.float("demography.mortality_scale", 0.63, "factor", (0.0, 5.0), Derived("set so that the run's period life expectancy at birth ≈ 77 years (77.93 for China 2022, NHC; rural lower); see docs/calibration.md"), "multiplies the census death rates");
    b.float("demography.spouse_age_gap", 2.0, "years", (-10.0, 15.0), Assumption("MODEL.md §5.3"), "husband's mean age minus wife's");
    b.list("demography.married_share", &[0.35, 0.78, 0.9, 0.93, 0.95], "share, bands 20–24, 25–29, 30–34, 35–39, 40+", PROB, Assumption("shaped after census marital status; most marry by 30"), "share ever married at initialization");
    b.list("demography.widowed_share", &[0.12, 0.30, 0.62], "share, bands 60–69, 70–79, 80+", PROB, Assumption("shaped after census widowhood by age"), "share of the ever-married whose spouse has died, at initialization");
    b.list("demography.marriage", &[0.16, 0.25, 0.15, 0.08], "per year, bands 20–24, 25–29, 30–34, 35–39", RATE, Assumption("most marry by 30"), "rate at which unmarried registered villagers marry");
    b.float("demography.marry_in", 0.5, "probability", PROB, Assumption("MODEL.md §7.2"), "chance that the partner is a newcomer from another village");
    b.float("demography.bride_share", 0.8, "share", PROB, Assumption("brides mostly marry in"), "share of newcomers who are brides");
    b.float("demography.marry_out", 0.04, "per year", RATE, Assumption("daughters marry out"), "rate at which unmarried women 20–39 marry out of the village");
    b.list("demography.fertility", &[0.03, 0.16, 0.11, 0.045, 0.015, 0.004, 0.001], "births per married woman a year, bands 15–19 … 45–49", RATE, Assumption("marital fertility set for total fertility ≈ 1.5 (rural women)"), "birth rates of married registered women");
    b.float("demography.left_behind", 0.6, "probability", PROB, Assumption("留守儿童, MODEL.md §7.2"), "chance that a child born to an away mother lives in the village");

    // --- households ---
    b.float("households.coresidence", 0.8, "probability", PROB, Derived("set so that 41.4 % of rural older people live alone or only with a spouse (CLASS 2014, Fang Ke 2018)"), "chance that an older couple or widow(er) lives with a married child");
    b.float("households.patrilocal", 0.5, "probability", PROB, Assumption(""), "chance that a new couple joins the husband's parents' household instead of forming one next to it");

    // --- migration ---
    b.list("migration.initial_away", &[0.25, 0.461, 0.49, 0.466, 0.457, 0.42, 0.344, 0.271, 0.221, 0.147], "share, bands 16–19, 20–24, …, 55–59, 60–64", PROB, Derived("355 out-migrants per 1,015 residents (26 % of registered, NBS 2023) spread by age with mean ≈ 38"), "share of each band marked away at initialization");
    b.list("migration.leave", &[0.18, 0.111, 0.105, 0.073, 0.097, 0.047, 0.045, 0.037, 0.051], "per year, bands 16–19, 20–24, …, 55–59", RATE, Derived("cohort calculation that keeps the initial away shares stationary with the return rates below"), "rate at which residents leave");
    b.list("migration.return", &[ 0.05, 0.10, 0.10, 0.10, 0.10, 0.10, 0.10, 0.12, 0.15, 0.20, 0.40, 0.60, ], "per year, bands 0–15, 16–19, 20–24, …, 55–59, 60–64, 65+", RATE, Assumption("rising after 50; most return by 65"), "rate at which the away return");
    b.float("migration.settle_away", 0.01, "per year", RATE, Assumption(""), "rate at which the away settle in the city for good, leaving the registered population");
    b.float("migration.return_to_care", 0.3, "probability", PROB, Assumption(""), "chance that an away child returns when a parent's need becomes Moderate or Severe and no child is resident");

    // --- health ---
    b.list("health.prevalence", &[0.005, 0.05, 0.108, 0.212, 0.47], "share, bands 0–49, 50–59, 60–69, 70–79, 80+", PROB, Cited("60+: meta-analysis of 100 studies (Chen et al., IJFM 2023); under 60: assumption"), "share with any care need at initialization");
    b.list("health.severity_split", &[0.5, 0.3, 0.2], "shares Light, Moderate, Severe", PROB, Assumption("about half of need is IADL only"), "how need at initialization splits over levels");
    b.list("health.onset", &[0.002, 0.01, 0.02, 0.028, 0.036, 0.055, 0.09, 0.14, 0.19], "per year, bands 0–49, 50–59, 60–64, …, 85–89, 90+", PROB, Derived("calibrated so that prevalence by age stays near P2; onset at 65+ ≈ 47–64 per 1000 person-years (Li et al. 2020)"), "probability None → some need");
    b.list("health.onset_split", &[0.6, 0.25, 0.15], "shares Light, Moderate, Severe", PROB, Assumption(""), "level reached at onset");
    b.list("health.progress", &[0.05, 0.06, 0.08, 0.1, 0.12, 0.14, 0.16, 0.2, 0.25], "per year, bands as health.onset", PROB, Assumption(""), "probability Light → Moderate and Moderate → Severe");
    b.list("health.recover", &[0.4, 0.3, 0.25, 0.22, 0.18, 0.14, 0.1, 0.08, 0.06], "per year, bands as health.onset", PROB, Assumption("recovery falls with age"), "probability Light → None and Moderate → Light");
    b.list("health.mortality_multiplier", &[1.0, 1.2, 1.6, 2.5], "factor, None, Light, Moderate, Severe", (0.0, 20.0), Assumption("MODEL.md §7.2"), "multiplies the death rate by need level");

    // --- care ---
    b.list("care.need_hours", &[35.0, 70.0, 160.0], "hours a month, Light, Moderate, Severe", (0.0, 744.0), Derived("8/16/36–80 hours a week of the kinship-care ABM of Gostoli & Silverman 2020; assumption for China"), "care hours needed a month by level");

    // --- network ---
    b.float("network.neighbours", 6.0, "ties per resident adult", (0.0, 100.0), Assumption("villages are dense small worlds; Banerjee et al. 2013: household degree 8.9"), "mean neighbour ties per resident adult");
    b.float("network.acquaintances", 8.0, "ties per resident adult", (0.0, 200.0), Assumption(""), "mean acquaintance ties per resident adult at initialization");
    b.int("network.radius", 10, "households", (1.0, 10_000.0), Assumption(""), "how far along the ring acquaintances are drawn");
    b.float("network.rewire", 0.1, "probability", PROB, Assumption("Watts–Strogatz small world"), "chance that an acquaintance is any villager");
    b.float("network.weak_decay", 0.1, "per year", RATE, Assumption(""), "rate at which acquaintance ties between residents break");
    b.float("network.weak_formation", 0.8, "new ties per resident adult a year", (0.0, 100.0), Assumption("set so that weak_ties stays near network.acquaintances over 20 years (turnover of residents halves the naive 2 × formation / decay)"), "rate of new acquaintance ties started");
    b.float("network.away_decay", 0.3, "per year", RATE, Assumption(""), "rate at which acquaintance ties of persons away break");
    b.float("network.meet_strong_month", 0.25, "probability a month", PROB, Assumption(""), "chance that a strong tie between residents meets");
    b.float("network.meet_weak_month", 0.1, "probability a month", PROB, Assumption("74.4 % of rural elderly never joined a community activity (CLASS 2014)"), "chance that a weak tie between residents meets");

    // --- behaviour and cadres (initial attitudes, MODEL.md §5.9) ---
    b.float("behaviour.identity_mean", 0.5, "0..1", PROB, Assumption("§3.1: identity with mutual aid is weak"), "mean identity at initialization");
    b.float("behaviour.motivation_mean", 0.5, "0..1", PROB, Assumption("§2.2"), "mean motivation of non-elites");
    b.float("behaviour.elite_motivation_mean", 0.7, "0..1", PROB, Assumption("§4.3: elites lead"), "mean motivation of elites");
    b.float("behaviour.attitude_concentration", 10.0, "Beta a + b", (0.1, 1000.0), Assumption(""), "how tightly attitudes gather around their means");
    b.float("behaviour.elite_share", 0.05, "share of people 55+", PROB, Assumption("§4.3 retired teachers, doctors, cadres"), "share of elites");
    b.float("behaviour.elite_skill", 1.5, "care productivity", (0.0, 10.0), Assumption(""), "skill of elites (1 = untrained)");
    b.float("cadres.trust_mean", 0.6, "0..1", PROB, Assumption("§2.4, §3.2"), "mean trust in village cadres");

    // --- care (MODEL.md §7.9) ---
    b.float("care.max_hours_month", 160.0, "hours a month", (0.0, 744.0), Assumption("MODEL.md §7.9"), "one helper's total care budget a month, over every source");
    b.float("care.spouse_hours", 120.0, "hours a month", (0.0, 744.0), Assumption(""), "most a spouse gives (half for a spouse with Light need)");
    b.float("care.coresident_hours", 60.0, "hours a month", (0.0, 744.0), Assumption(""), "most another household adult gives");
    b.float("care.kin_hours", 20.0, "hours a month", (0.0, 744.0), Assumption(""), "most a child in another household gives (siblings half)");
    b.float("care.kin_help_month", 0.5, "probability a month", PROB, Assumption(""), "chance that a child or sibling in the village helps this month");
    b.float("care.provider_hours", 20.0, "hours a month", (0.0, 744.0), Assumption("time-bank schemes log a few hours a week"), "mutual-aid hours a willing person gives a month, × skill");
    b.float("care.tie_match", 0.05, "probability a month", PROB, Assumption("informal help needs a request and a fit; set with the channel parameters to reproduce P5"), "chance that a willing tie helps a person in need");
    b.int("care.channel_tries", 2, "draws a month", (0.0, 1000.0), Assumption(""), "draws of a willing resident through a channel, per person in need");
    b.float("care.channel_match", 0.15, "probability", PROB, Assumption("set to reproduce P5: participation ≈ 30 % where a programme exists"), "chance that a channel draw becomes help");

    // --- behaviour (MODEL.md §7.7, §7.8) ---
    b.list("behaviour.provider_ages", &[50.0, 79.0], "years, youngest and oldest", (0.0, 110.0), Assumption("the younger old help the older old (MODEL.md §7.8)"), "ages eligible to give mutual aid");
    b.float("behaviour.burden_hours", 40.0, "hours a month", (0.0, 744.0), Assumption(""), "household care last month above which a person is not eligible");
    b.float("behaviour.influence_month", 0.05, "weight a month", PROB, Assumption(""), "pull of the identity of those met");
    b.float("behaviour.erosion", 0.03, "per year", RATE, Assumption("§3.1 cultural change, preference for independence"), "drift of identity away from mutual aid");
    b.float("behaviour.adopt_rate_month", 0.1, "per month", PROB, Assumption(""), "chance a month that a person not willing reconsiders (× p)");
    b.float("behaviour.quit_rate_month", 0.05, "per month", PROB, Assumption(""), "chance a month that a willing person reconsiders (× 1 − p)");
    b.float("behaviour.local_wage", 15.0, "yuan an hour", (0.01, 1000.0), Assumption("rural day labour ≈ 120 yuan a day"), "what an hour is worth locally; cash rewards are counted against it");
    b.float("behaviour.beta.intercept", -2.6, "log-odds", (-20.0, 20.0), Assumption("set with the others to reproduce P5"), "b0");
    b.float("behaviour.beta.identity", 2.0, "log-odds per unit", (-20.0, 20.0), Assumption("§3.1 identity"), "b_identity");
    b.float("behaviour.beta.motivation", 1.0, "log-odds per unit", (-20.0, 20.0), Assumption("§2.2 self-realisation"), "b_motivation");
    b.float("behaviour.beta.trust", 1.0, "log-odds per unit", (-20.0, 20.0), Assumption("sign from Comput Intell Neurosci 2022:2366425 (trust in cadres raises willingness)"), "b_trust");
    b.float("behaviour.beta.weak", 0.5, "log-odds per ln(1 + meetings)", (-20.0, 20.0), Assumption("sign from Nie, Sun & Wu 2021 (paper ref. [5]): weak-tie interaction raises willingness"), "b_weak");
    b.float("behaviour.beta.strong", 0.3, "log-odds per ln(1 + meetings)", (-20.0, 20.0), Assumption("sign from Nie, Sun & Wu 2021 (paper ref. [5]): strong-tie interaction lowers willingness"), "b_strong (enters with a minus sign)");
    b.float("behaviour.beta.peer", 1.0, "log-odds per share", (-20.0, 20.0), Assumption(""), "b_peer: share of resident ties willing last month");
    b.float("behaviour.beta.reward", 1.5, "log-odds per unit", (-20.0, 20.0), Assumption("§4.2 fair benefit distribution"), "b_reward: credit value + cash per hour / local wage");
    b.float("behaviour.beta.age", 0.3, "log-odds per decade", (-20.0, 20.0), Assumption(""), "b_age (enters as − b_age · (age − 60) / 10)");
    b.float("behaviour.beta.burden", 1.0, "log-odds per 100 hours", (-20.0, 20.0), Assumption(""), "b_burden (enters as − b_burden · household hours / 100)");

    // --- cadres (MODEL.md §7.7) ---
    b.float("cadres.misconduct_month", 0.01, "probability a month", PROB, Assumption("§3.2 low integrity of some cadres"), "chance of misconduct in a village a month (high = low integrity)");
    b.float("cadres.scandal_drop", 0.1, "trust", PROB, Assumption(""), "fall in every resident's trust after misconduct");
    b.float("cadres.trust_recovery", 0.5, "per year", RATE, Assumption(""), "rate at which trust relaxes toward cadres.trust_mean");
    b.float("cadres.visit_boost", 0.05, "trust", PROB, Assumption("§2.4 party organisations lead"), "rise in trust after a cadre visit");

    // --- levers (MODEL.md §7.1); costs in yuan, "per 1000" = per 1000 residents ---
    b.lever("time_bank", "§4.2 fair benefit distribution", |b, k| {
        b.float(&format!("{k}.government_backing"), 0.5, "0..1", PROB, Assumption(""), "how far the township stands behind the credits; perceived credit value = trust × backing");
        b.float(&format!("{k}.default_shock"), 0.5, "identity and trust", PROB, Assumption(""), "fall in identity and trust when the bank ends, × (1 − backing)");
        b.float(&format!("{k}.cost_per_1000_year"), 20000.0, "yuan per 1000 residents a year", (0.0, 1e9), Assumption("running a ledger and an office"), "public cost");
    });
    b.lever("happiness_home", "§3.3, §4.4 village happiness homes (幸福院)", |b, k| {
        b.float(&format!("{k}.places_per_1000"), 10.0, "places per 1000 residents", (0.0, 1000.0), Assumption("40,357 mutual-aid facilities in 2014 for ≈ 600,000 villages"), "places");
        b.float(&format!("{k}.staff_hours_per_place"), 10.0, "hours a month per place", (0.0, 744.0), Assumption(""), "staff hours, served to anyone in the village, Severe first");
        b.float(&format!("{k}.functioning"), 0.6, "0..1", PROB, Assumption("§3.3 many homes stand idle"), "share of staff hours that reach people");
        b.float(&format!("{k}.tie_rate"), 2.0, "ties a member forms a year", (0.0, 100.0), Assumption(""), "new acquaintances among members");
        b.float(&format!("{k}.cost_per_place_year"), 2000.0, "yuan a place a year", (0.0, 1e9), Assumption(""), "public cost");
    });
    b.lever("subsidy", "§4.3 government subsidies", |b, k| {
        b.float(&format!("{k}.budget_per_1000_month"), 2000.0, "yuan per 1000 residents a month", (0.0, 1e9), Assumption(""), "budget; unspent budget does not carry over");
        b.float(&format!("{k}.provider_share"), 0.5, "share", PROB, Assumption(""), "share of the budget that pays mutual-aid providers; the rest buys formal care");
        b.float(&format!("{k}.cash_per_hour"), 8.0, "yuan an hour", (0.0, 1e6), Assumption(""), "paid to providers per mutual-aid hour (enters the reward term)");
        b.float(&format!("{k}.price_per_hour"), 25.0, "yuan an hour", (0.01, 1e6), Assumption(""), "price of an hour of formal care");
    });
    b.lever("training", "§3.3, §4.3 training of carers", |b, k| {
        b.float(&format!("{k}.share_per_year"), 0.2, "share a year", PROB, Assumption(""), "share of willing residents trained each year");
        b.float(&format!("{k}.trained_skill"), 1.5, "care productivity", (0.0, 10.0), Assumption(""), "skill after training");
        b.float(&format!("{k}.cost_per_person"), 300.0, "yuan a person", (0.0, 1e9), Assumption(""), "public cost");
    });
    b.lever("cultural_campaign", "§4.1 rebuilding the socio-cultural support system", |b, k| {
        b.float(&format!("{k}.strength"), 0.1, "per year", RATE, Assumption(""), "upward drift of identity");
        b.int(&format!("{k}.awards_per_year"), 5, "persons a year", (0.0, 10_000.0), Assumption(""), "role models awarded at the start of each year");
        b.float(&format!("{k}.award_boost"), 0.05, "identity", PROB, Assumption(""), "rise in identity of an awardee's ties");
        b.float(&format!("{k}.cost_per_1000_year"), 3000.0, "yuan per 1000 residents a year", (0.0, 1e9), Assumption(""), "public cost");
    });
    b.lever("community_activities", "§4.2 rebuilding harmonious relations", |b, k| {
        b.float(&format!("{k}.tie_multiplier"), 1.5, "factor", (0.0, 50.0), Assumption(""), "multiplies the rate of new acquaintances");
        b.float(&format!("{k}.meet_multiplier"), 1.5, "factor", (0.0, 50.0), Assumption(""), "multiplies the chance that weak ties meet");
        b.float(&format!("{k}.cost_per_1000_year"), 8000.0, "yuan per 1000 residents a year", (0.0, 1e9), Assumption(""), "public cost");
    });
    b.lever("cadre_mobilisation", "§2.4, §4.2 grassroots party organisations lead", |b, k| {
        b.float(&format!("{k}.visits_per_1000_month"), 10.0, "visits per 1000 residents a month", (0.0, 1000.0), Assumption(""), "cadre visits to residents 16+");
        b.float(&format!("{k}.cost_per_visit"), 30.0, "yuan a visit", (0.0, 1e9), Assumption(""), "public cost");
    });
    b.lever("supervision", "§3.4, §4.4 supervision and regulation", |b, k| {
        b.float(&format!("{k}.strength"), 0.5, "0..1", PROB, Assumption(""), "cuts misconduct and raises happiness-home functioning");
        b.float(&format!("{k}.cost_per_1000_year"), 3000.0, "yuan per 1000 residents a year", (0.0, 1e9), Assumption(""), "public cost");
    });
    b.lever("volunteers", "§4.3 social organisations and volunteers", |b, k| {
        b.float(&format!("{k}.hours_per_1000_month"), 100.0, "hours per 1000 residents a month", (0.0, 1e6), Assumption(""), "outside volunteer hours");
        b.float(&format!("{k}.coordination"), 0.5, "0..1", PROB, Assumption("§3.3 instrumental participation"), "share of volunteer hours that reach people");
    });
    b.lever("platform_matching", "§4.3 enterprises' data platforms", |b, k| {
        b.float(&format!("{k}.channel_match"), 0.6, "probability", PROB, Assumption(""), "channel match probability while in force");
        b.float(&format!("{k}.cost_per_1000_year"), 10000.0, "yuan per 1000 residents a year", (0.0, 1e9), Assumption(""), "public cost");
    });
    b.lever("collective_dividend", "§2.3 land collective ownership", |b, k| {
        b.float(&format!("{k}.yuan_per_hour"), 5.0, "yuan an hour", (0.0, 1e6), Assumption(""), "paid to providers per mutual-aid hour from collective income, off the public budget");
    });
    b.lever("outmigration", "§2.1 outmigration of the young", |b, k| {
        b.float(&format!("{k}.scale"), 1.0, "factor", (0.0, 20.0), Assumption("a scenario lever"), "multiplies leaving rates (returns unchanged)");
    });
    b.lever("market_alienation", "§3.2 market economy alienating relations", |b, k| {
        b.float(&format!("{k}.scale"), 1.0, "factor", (0.0, 50.0), Assumption("a scenario lever"), "multiplies the decay of acquaintance ties between residents");
    });

    b.0
}

const MORTALITY_MALE: [f64; 21] = [
    5.25, 0.65, 0.50, 0.77, 1.21, 1.36, 1.66, 2.15, 3.05, 4.33, 6.71, 10.57, 17.92, 29.59, 51.03, 79.89, 133.28,
    188.75, 268.63, 241.40, 329.42,
];
const MORTALITY_FEMALE: [f64; 21] = [
    6.98, 0.44, 0.33, 0.47, 0.72, 0.84, 0.98, 1.18, 1.70, 2.57, 4.19, 6.63, 11.43, 19.06, 34.11, 55.70, 97.48, 145.36,
    231.23, 298.02, 375.24,
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
        let levers = registry().levers();
        assert_eq!(levers.len(), 13);
        assert_eq!(levers.first(), Some(&"time_bank"));
        assert_eq!(levers.last(), Some(&"market_alienation"));
    }

    #[test]
    fn a_probability_above_one_is_refused_with_the_allowed_range() {
        let p = registry().get("migration.return_to_care").unwrap();
        let err = p.check(&Value::Float(1.5)).unwrap_err();
        assert!(err.contains("0 to 1"), "{err}");
    }
}
