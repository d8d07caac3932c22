//! `huzhu allocate`: which villages of a county get a programme under a yearly budget. Every village is
//! run with the programme and without it on the same random numbers, so each village's cost (its public
//! spending with the lever in force, year by year, in every replicate) and effect (unmet care hours
//! averted) is known; villages are then chosen by effect per yuan while every year of every replicate
//! stays within the budget. Because a village's results do not depend on which other villages have the
//! programme, the chosen plan spends, year by year and replicate by replicate, exactly the sum of its
//! villages' costs, so it never exceeds the budget; the same holds for the comparison rule, the budget
//! spread over the villages by population (largest first).

use crate::engine::ScenarioRun;
use crate::error::{Error, Result};
use crate::observe::villages::column;
use crate::scenario::declare::Value;
use crate::scenario::village_table::VillageTable;
use crate::scenario::Scenario;

/// A margin under the budget for the sums of floating-point yuan (a thousandth of a yuan per month is the
/// model's unit).
const MARGIN_YUAN: f64 = 0.01;

/// One village's estimate: its public cost with the programme (per replicate and year, yuan) and the
/// unmet hours it averts over the run (mean over replicates).
#[derive(Clone, Debug)]
pub struct Estimate {
    pub village: usize,
    pub name: String,
    pub population: f64,
    pub cost: Vec<Vec<f64>>,
    pub averted: f64,
}

impl Estimate {
    /// The mean over replicates of the cost over the run.
    pub fn total_cost(&self) -> f64 {
        let n = self.cost.len().max(1) as f64;
        self.cost.iter().map(|r| r.iter().sum::<f64>()).sum::<f64>() / n
    }

    /// Unmet hours averted per yuan (0 for a village that costs nothing and averts nothing).
    pub fn per_yuan(&self) -> f64 {
        let cost = self.total_cost();
        if cost > 0.0 {
            self.averted / cost
        } else if self.averted > 0.0 {
            f64::INFINITY
        } else {
            0.0
        }
    }
}

/// Each village's cost and effect, from the baseline and the run with the programme everywhere (the same
/// seeds, results by village).
pub fn estimates(base: &ScenarioRun, all: &ScenarioRun, table: &VillageTable) -> Vec<Estimate> {
    let (spending, unmet) = (column("public_spending"), column("unmet_hours"));
    let (b, a): (Vec<_>, Vec<_>) = (
        base.replicates.iter().map(|r| r.observed.villages_in_order()).collect(),
        all.replicates.iter().map(|r| r.observed.villages_in_order()).collect(),
    );
    table
        .rows
        .iter()
        .enumerate()
        .map(|(v, row)| {
            let cost = b
                .iter()
                .zip(&a)
                .map(|(b, a)| {
                    (0..a[v].sums.len())
                        .map(|y| (a[v].sums[y][spending].0 - b[v].sums[y][spending].0).max(0.0))
                        .collect()
                })
                .collect();
            let averted = b
                .iter()
                .zip(&a)
                .map(|(b, a)| {
                    (0..a[v].sums.len())
                        .map(|y| b[v].sums[y][unmet].0 - a[v].sums[y][unmet].0)
                        .sum::<f64>()
                })
                .sum::<f64>()
                / b.len().max(1) as f64;
            Estimate {
                village: v,
                name: row.name.clone(),
                population: row.population,
                cost,
                averted,
            }
        })
        .collect()
}

/// Chooses villages in `order`, each only if every year of every replicate stays within `budget` (yuan
/// a year) with it; returns which villages are chosen.
pub fn choose(estimates: &[Estimate], order: &[usize], budget: f64) -> Vec<bool> {
    let replicates = estimates.first().map_or(0, |e| e.cost.len());
    let years = estimates.first().and_then(|e| e.cost.first()).map_or(0, Vec::len);
    let mut spent = vec![vec![0.0; years]; replicates];
    let mut chosen = vec![false; estimates.len()];
    for &v in order {
        let e = &estimates[v];
        let fits = spent
            .iter()
            .zip(&e.cost)
            .all(|(s, c)| s.iter().zip(c).all(|(s, c)| s + c <= budget - MARGIN_YUAN));
        if fits && e.total_cost() > 0.0 {
            for (s, c) in spent.iter_mut().zip(&e.cost) {
                for (s, c) in s.iter_mut().zip(c) {
                    *s += c;
                }
            }
            chosen[v] = true;
        }
    }
    chosen
}

/// Villages by effect per yuan, best first (ties by table order).
pub fn by_effect(estimates: &[Estimate]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..estimates.len()).filter(|&v| estimates[v].averted > 0.0).collect();
    order.sort_by(|&a, &b| {
        estimates[b]
            .per_yuan()
            .total_cmp(&estimates[a].per_yuan())
            .then(a.cmp(&b))
    });
    order
}

/// Villages by population, largest first (ties by table order): the budget spread by population.
pub fn by_population(estimates: &[Estimate]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..estimates.len()).collect();
    order.sort_by(|&a, &b| {
        estimates[b]
            .population
            .total_cmp(&estimates[a].population)
            .then(a.cmp(&b))
    });
    order
}

/// The baseline with the lever on in every village (`on` = None) or in the chosen ones, named `name`.
pub fn with_lever(base: &Scenario, lever: &str, on: Option<&[bool]>, name: &str) -> Result<Scenario> {
    let mut s = base.clone();
    s.name = name.to_string();
    let key = format!("levers.{lever}.on");
    let table = s.table.as_ref().ok_or_else(|| {
        Error::input(
            &base.file,
            Some("villages.file"),
            text!(
                "allocate needs a village table; allowed: a scenario with villages.file",
                "allocate 需要村庄表；允许：含 villages.file 的情景"
            ),
        )
    })?;
    let mut table = (**table).clone();
    for (v, row) in table.rows.iter_mut().enumerate() {
        row.overrides.retain(|(k, _)| k != &key);
        row.overrides.push((key.clone(), Value::Bool(on.is_none_or(|c| c[v]))));
    }
    s.table = Some(std::sync::Arc::new(table));
    s.validate()?;
    Ok(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn village(v: usize, cost: Vec<Vec<f64>>, averted: f64, population: f64) -> Estimate {
        Estimate {
            village: v,
            name: format!("v{v}"),
            population,
            cost,
            averted,
        }
    }

    #[test]
    fn villages_are_chosen_by_effect_per_yuan_within_every_year_of_every_replicate() {
        let e = vec![
            village(0, vec![vec![50.0, 60.0], vec![50.0, 70.0]], 100.0, 900.0),
            village(1, vec![vec![40.0, 40.0], vec![40.0, 45.0]], 200.0, 500.0),
            village(2, vec![vec![30.0, 30.0], vec![30.0, 35.0]], 10.0, 2000.0),
        ];
        assert_eq!(by_effect(&e), vec![1, 0, 2]);
        assert_eq!(by_population(&e), vec![2, 0, 1]);
        // 1 then 0: year 2 of replicate 2 would need 45 + 70 = 115 > 110, so 0 is left; 2 fits.
        assert_eq!(choose(&e, &by_effect(&e), 110.0), vec![false, true, true]);
        assert_eq!(choose(&e, &by_effect(&e), 200.0), vec![true, true, true]);
        assert_eq!(choose(&e, &by_effect(&e), 10.0), vec![false, false, false]);
    }
}
