//! Calibration targets (MODEL.md §1: P1–P6, P8, P9) against runs: target, simulated value, pass or not.
//! `huzhu calibrate` prints them as the table of `docs/calibration.md`.

use std::fmt::Write as _;

use rayon::prelude::*;

use crate::engine::ScenarioRun;
use crate::error::Result;
use crate::metrics::{add, Counters};
use crate::model::census::KinCensus;
use crate::model::person::Sex;
use crate::model::village::LIFE_BANDS;
use crate::model::{init, rng};
use crate::scenario::{Params, Scenario};

#[derive(Clone, Debug)]
pub struct Row {
    pub pattern: &'static str,
    pub name: String,
    pub target: String,
    pub simulated: String,
    pub pass: bool,
}

/// Counters summed over replicates, month by month.
fn pooled(run: &ScenarioRun) -> Vec<Counters> {
    let mut total = vec![Counters::default(); run.params.months() as usize];
    for r in &run.replicates {
        add(&mut total, &r.months);
    }
    total
}

/// A ratio of two counters, 0 when the denominator is 0.
fn share(num: u64, den: u64) -> f64 {
    if den == 0 {
        0.0
    } else {
        num as f64 / den as f64
    }
}

/// Period life expectancy at birth from deaths and person-months by age (an abridged life table with
/// bands 0, 1–4, 5–9, …, 100+).
pub fn life_expectancy(deaths: &[u64], person_months: &[u64]) -> f64 {
    let mut alive = 1.0;
    let mut years_lived = 0.0;
    for b in 0..LIFE_BANDS {
        let exposure = person_months[b] as f64 / 12.0;
        let m = if exposure > 0.0 {
            deaths[b] as f64 / exposure
        } else {
            0.0
        };
        if b == LIFE_BANDS - 1 {
            years_lived += if m > 0.0 { alive / m } else { 0.0 };
            break;
        }
        let (n, a) = match b {
            0 => (1.0, 0.1),
            1 => (4.0, 1.5),
            _ => (5.0, 2.5),
        };
        let q = (n * m / (1.0 + (n - a) * m)).min(1.0);
        let dying = alive * q;
        years_lived += n * (alive - dying) + a * dying;
        alive -= dying;
    }
    years_lived
}

fn pct(x: f64) -> String {
    format!("{:.1} %", 100.0 * x)
}

/// Sums of counters over a window of months (all replicates pooled).
fn window(months: &[Counters], from: usize, to: usize) -> Counters {
    let mut total = Counters::default();
    for m in &months[from..to] {
        add(std::slice::from_mut(&mut total), std::slice::from_ref(m));
    }
    total
}

/// Pattern P4 and P5 (issue "Mutual aid and care"): the baseline over the final year of 10 years, and a
/// programme scenario (time bank and happiness home from year 0) over its final year.
fn care_rows(baseline: &ScenarioRun, programme: Option<&ScenarioRun>, rows: &mut Vec<Row>) {
    let months = pooled(baseline);
    let end = months.len().min(120);
    let year = window(&months, end.saturating_sub(12), end);
    let label = format!("baseline, final year of {} years", end / 12);
    let adl = share(year.unmet_adl, year.adl);
    between(
        rows,
        "P4",
        format!("people with ADL need (Moderate, Severe) with need unmet, {label}"),
        "45–75 % (rural CLHLS 59.3 %)",
        adl,
        (0.45, 0.75),
    );
    let given = year.family_millihours + year.mutual_millihours + year.formal_millihours + year.volunteer_millihours;
    let family = if given > 0 {
        year.family_millihours as f64 / given as f64
    } else {
        0.0
    };
    rows.push(Row {
        pattern: "P4",
        name: format!("family share of care hours given, {label}"),
        target: "at least 85 %".into(),
        simulated: pct(family),
        pass: family >= 0.85,
    });
    let (willing, participating) = (
        share(year.willing, year.eligible),
        share(year.participated_12, year.eligible),
    );
    rows.push(Row {
        pattern: "P5",
        name: format!("willingness_rate against participation_rate, {label}"),
        target: "willingness at least 1.5 × participation".into(),
        simulated: format!("{} vs {}", pct(willing), pct(participating)),
        pass: willing >= 1.5 * participating,
    });
    let Some(programme) = programme else { return };
    let months = pooled(programme);
    let year = window(&months, months.len() - 12, months.len());
    let label = format!(
        "`{}`, final year of {} years",
        programme.scenario.name,
        months.len() / 12
    );
    let willing = share(year.willing, year.eligible);
    between(
        rows,
        "P5",
        format!("willingness_rate, {label}"),
        "50–75 % (meta-analysis 64.65 %)",
        willing,
        (0.50, 0.75),
    );
    let participating = share(year.participated_12, year.eligible);
    between(
        rows,
        "P5",
        format!("participation_rate, {label}"),
        "20–40 % (≈ 30 %)",
        participating,
        (0.20, 0.40),
    );
}

/// Pattern P9 (steady culture) is read from two long runs of the baseline made for it: with no
/// programme for `CULTURE_YEARS`, and with a cultural campaign in force from year 30 to 50.
const CULTURE_YEARS: u32 = 100;
const CAMPAIGN: (u32, u32) = (30, 50);

/// The runs pattern P9 needs, from the baseline: fewer villages and replicates than the baseline's own
/// run (mean identity is a mean over thousands of residents), many more years.
pub fn culture_scenarios(baseline: &Scenario) -> Result<Vec<Scenario>> {
    let mut none = baseline.clone();
    for set in [
        format!("run.years={CULTURE_YEARS}"),
        "run.replicates=4".into(),
        "villages.count=10".into(),
    ] {
        none.set(&set, "calibrate")?;
    }
    none.name = format!("{}_{CULTURE_YEARS}_years", baseline.name);
    let mut campaign = none.clone();
    for set in [
        "levers.cultural_campaign.on=true".to_string(),
        format!("levers.cultural_campaign.start_year={}", CAMPAIGN.0),
        format!("levers.cultural_campaign.end_year={}", CAMPAIGN.1),
    ] {
        campaign.set(&set, "calibrate")?;
    }
    campaign.name = format!("{}_campaign_years_{}_to_{}", baseline.name, CAMPAIGN.0, CAMPAIGN.1);
    for s in [&none, &campaign] {
        s.validate()?;
    }
    Ok(vec![none, campaign])
}

/// Mean identity of residents 50+ in each year (the year's 12 months pooled over replicates).
fn identity_by_year(run: &ScenarioRun) -> Vec<f64> {
    pooled(run)
        .chunks(12)
        .map(|year| {
            let y = window(year, 0, year.len());
            share(y.identity_50_micro, y.residents_50) / 1e6
        })
        .collect()
}

/// Pattern P9: with no programme, mean identity settles within about 30 years and then drifts by less
/// than 0.02 a decade; a campaign raises it, and it relaxes back once the campaign ends.
fn culture_rows(none: &ScenarioRun, campaign: &ScenarioRun, rows: &mut Vec<Row>) {
    let plain = identity_by_year(none);
    let with = identity_by_year(campaign);
    let last = plain.len() - 1;
    let drift = (30..last)
        .step_by(10)
        .map(|y| (plain[(y + 10).min(last)] - plain[y]).abs())
        .fold(0.0, f64::max);
    rows.push(Row {
        pattern: "P9",
        name: format!(
            "mean identity (50+) with no programme: year 0, 10, 30, {last}; largest change over a decade from year 30"
        ),
        target: "settles: less than 0.02 a decade after year 30".into(),
        simulated: format!(
            "{:.3}, {:.3}, {:.3}, {:.3}; {drift:.3}",
            plain[0], plain[10], plain[30], plain[last]
        ),
        pass: drift < 0.02,
    });
    let (start, end) = (CAMPAIGN.0 as usize, CAMPAIGN.1 as usize);
    let raised = with[end - 1] - plain[end - 1];
    rows.push(Row {
        pattern: "P9",
        name: format!("cultural campaign in years {start}–{end}: mean identity in its last year, against none"),
        target: "raised by at least 0.05".into(),
        simulated: format!("{:.3} vs {:.3}", with[end - 1], plain[end - 1]),
        pass: raised >= 0.05,
    });
    for (after, target, pass) in [
        (end + 20, "less than a fifth of the raise left", 0.2 * raised),
        (last, "back within 0.02 of no campaign", 0.02),
    ] {
        let left = with[after] - plain[after];
        rows.push(Row {
            pattern: "P9",
            name: format!(
                "the same, in year {after} ({} years after the campaign ended)",
                after - end
            ),
            target: target.into(),
            simulated: format!("{:.3} vs {:.3}", with[after], plain[after]),
            pass: left.abs() < pass,
        });
    }
}

/// The kin census at month 0 of every village of every replicate (the villages are initialized again:
/// initialization is a pure function of the village's key).
pub fn kin_census(p: &Params) -> KinCensus {
    (0..p.run.replicates)
        .flat_map(|r| (0..p.villages.count).map(move |village| (r, village)))
        .collect::<Vec<_>>()
        .into_par_iter()
        .map(|(r, village)| KinCensus::of(&init::initialize(p, rng::village_key(p.run.seed, r, village))))
        .reduce(KinCensus::default, |mut a, b| {
            a.add(&b);
            a
        })
}

/// Pattern P8 (`docs/kin_availability.md`): the family of residents 60+ at month 0.
fn kin_rows(c: &KinCensus, rows: &mut Vec<Row>) {
    let (f, m) = (Sex::F as usize, Sex::M as usize);
    let n = c.total();
    let near = |rows: &mut Vec<Row>, name: &str, value: f64, target: f64, tolerance: f64| {
        between(
            rows,
            "P8",
            format!("{name}, month 0"),
            &format!("{} ± {:.0} points", pct(target), tolerance * 100.0),
            value,
            (target - tolerance, target + tolerance),
        )
    };
    near(
        rows,
        "residents 60+ with a living spouse",
        share(c.spouse[f] + c.spouse[m], n),
        0.70,
        0.05,
    );
    near(
        rows,
        "men 60+ with a living spouse",
        share(c.spouse[m], c.persons[m]),
        0.77,
        0.05,
    );
    near(
        rows,
        "women 60+ with a living spouse",
        share(c.spouse[f], c.persons[f]),
        0.62,
        0.05,
    );
    near(
        rows,
        "residents 60–64 with a living spouse",
        share(c.spouse_by_age[0], c.by_age[0]),
        0.84,
        0.04,
    );
    near(
        rows,
        "residents 65+ with a living spouse",
        share(c.spouse_by_age[1], c.by_age[1]),
        0.61,
        0.05,
    );
    near(
        rows,
        "women 60+ widowed",
        share(c.widowed_women, c.persons[f]),
        0.38,
        0.05,
    );
    between(
        rows,
        "P8",
        "women 65+ widowed, month 0".into(),
        "45–49 % (2010 census 48.6 %, 2015 survey > 44 %)",
        share(c.widowed_women_65, c.women_65),
        (0.45, 0.49),
    );
    near(
        rows,
        "residents 60+ with no living child",
        share(c.childless, n),
        0.06,
        0.02,
    );
    let mean = share(c.children, n);
    let sd = (share(c.children_squared, n) - mean * mean).max(0.0).sqrt();
    rows.push(Row {
        pattern: "P8",
        name: "living children of residents 60+ (registered or elsewhere), mean (sd), month 0".into(),
        target: "3.1 ± 0.4 (sd ≈ 1.6)".into(),
        simulated: format!("{mean:.2} ({sd:.2})"),
        pass: (mean - 3.1).abs() <= 0.4,
    });
    near(
        rows,
        "residents 60+ living with a child",
        share(c.with_child, n),
        0.40,
        0.07,
    );
    near(
        rows,
        "residents 60+ with a child in the village (co-resident included)",
        share(c.child_in_village, n),
        0.72,
        0.08,
    );
    near(
        rows,
        "residents 65+ living alone",
        share(c.alone_65, c.persons_65),
        0.09,
        0.03,
    );
}

/// A row for a share that must lie within a range.
fn between(rows: &mut Vec<Row>, pattern: &'static str, name: String, target: &str, value: f64, (lo, hi): (f64, f64)) {
    rows.push(Row {
        pattern,
        name,
        target: target.into(),
        simulated: pct(value),
        pass: (lo..=hi).contains(&value),
    });
}

/// The rows of every pattern: `run` is the baseline, `programme` the scenario P5 reads, `culture` the
/// two runs of `culture_scenarios`.
pub fn check(run: &ScenarioRun, programme: Option<&ScenarioRun>, culture: [&ScenarioRun; 2]) -> Vec<Row> {
    let months = pooled(run);
    let first = &months[0];
    let last = months.last().expect("a run has at least 12 months");
    let ten_years = &months[months.len().min(120) - 1];
    let mut rows = Vec::new();
    let mut row = |pattern, name: String, target: String, simulated: String, pass: bool| {
        rows.push(Row {
            pattern,
            name,
            target,
            simulated,
            pass,
        });
    };

    // A share against its target, within a tolerance in percentage points.
    let mut near = |pattern, name: String, value: f64, target: f64, tolerance: f64| {
        let text = format!("{} ± {} points", pct(target), tolerance * 100.0);
        row(pattern, name, text, pct(value), (value - target).abs() <= tolerance);
    };
    let elderly0 = share(first.elderly, first.residents);
    near("P1", "residents 60+, month 0".into(), elderly0, 0.238, 0.015);
    near(
        "P1",
        "residents 65+, month 0".into(),
        share(first.elderly_65, first.residents),
        0.177,
        0.015,
    );
    let alone = share(first.alone_or_spouse_60, first.elderly);
    near(
        "P1",
        "residents 60+ living alone or only with a spouse, month 0".into(),
        alone,
        0.414,
        0.05,
    );
    for (when, m, tolerance) in [("month 0", first, 0.04), ("after 10 years", ten_years, 0.06)] {
        for (b, (label, target)) in [("60–69", 0.108), ("70–79", 0.212), ("80+", 0.470)]
            .into_iter()
            .enumerate()
        {
            let prevalence = share(m.need_bands[2 * b + 1], m.need_bands[2 * b]);
            near(
                "P2",
                format!("care need prevalence {label}, {when}"),
                prevalence,
                target,
                tolerance,
            );
        }
    }

    let away: Vec<f64> = months.iter().map(|m| share(m.away, m.registered)).collect();
    let (lo, hi) = min_max(&away);
    row(
        "P3",
        "away share of registered villagers, every month".into(),
        "20–32 %".into(),
        format!("{} – {}", pct(lo), pct(hi)),
        lo >= 0.20 && hi <= 0.32,
    );
    let ages: Vec<f64> = months
        .iter()
        .map(|m| share(m.away_adult_age_months, m.away_adults) / 12.0)
        .collect();
    let (lo, hi) = min_max(&ages);
    row(
        "P3",
        "mean age of away adults, every month".into(),
        "39 ± 4 years".into(),
        format!("{lo:.1} – {hi:.1}"),
        lo >= 35.0 && hi <= 43.0,
    );

    let mut deaths = [0u64; LIFE_BANDS];
    let mut exposure = [0u64; LIFE_BANDS];
    for m in &months {
        for b in 0..LIFE_BANDS {
            deaths[b] += m.deaths_by_age[b];
            exposure[b] += m.person_months[b];
        }
    }
    let e0 = life_expectancy(&deaths, &exposure);
    row(
        "P6",
        "period life expectancy at birth (the run's own life table)".into(),
        "77 ± 2 years".into(),
        format!("{e0:.1}"),
        (e0 - 77.0).abs() <= 2.0,
    );

    let elderly_end = share(last.elderly, last.residents);
    let years = run.params.run.years;
    row(
        "P6",
        format!("residents 60+ after {years} years"),
        "above month 0, below 42 %".into(),
        pct(elderly_end),
        elderly_end > elderly0 && elderly_end < 0.42,
    );
    kin_rows(&kin_census(&run.params), &mut rows);
    care_rows(run, programme, &mut rows);
    culture_rows(culture[0], culture[1], &mut rows);
    rows
}

fn min_max(xs: &[f64]) -> (f64, f64) {
    xs.iter().fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), &x| {
        (lo.min(x), hi.max(x))
    })
}

pub fn markdown(runs: &[ScenarioRun], rows: &[Row], command: &str) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "# Calibration\n");
    let _ = writeln!(
        s,
        "Produced by `{command} > docs/calibration.md` (do not edit by hand; a test checks that it is current).\n"
    );
    for run in runs {
        let p = &run.params;
        let _ = writeln!(
            s,
            "- `{}`: {} villages × {} replicates × {} years, seed {}.",
            run.scenario.name, p.villages.count, p.run.replicates, p.run.years, p.run.seed
        );
    }
    let _ = writeln!(
        s,
        "\nShares pool all replicates' counts; rows that name a final year pool its 12 months.\n"
    );
    let _ = writeln!(s, "| pattern | quantity | target | simulated | met |");
    let _ = writeln!(s, "|---|---|---|---|---|");
    for r in rows {
        let _ = writeln!(
            s,
            "| {} | {} | {} | {} | {} |",
            r.pattern,
            r.name,
            r.target,
            r.simulated,
            if r.pass { "yes" } else { "**no**" }
        );
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_constant_death_rate_gives_its_inverse_as_life_expectancy() {
        // m = 0.02 a year at every age: e0 ≈ 1/m = 50 (the abridged table is close, not exact).
        let exposure = [1_200_000u64; LIFE_BANDS];
        let deaths = [2_000u64; LIFE_BANDS];
        let e0 = life_expectancy(&deaths, &exposure);
        assert!((e0 - 50.0).abs() < 0.5, "{e0}");
    }
}
