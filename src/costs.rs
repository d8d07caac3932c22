//! Pricing a run (docs/costs.md): what a run's costs were counted on (the `Ledger` quantities in its
//! counters) times the unit costs of a scenario's parameters, item by item: running and one-off costs,
//! by whose money pays them (the public budget, the village collective, the time of villagers who
//! help). The model records its own public spending as it goes; pricing the same quantities at the
//! same unit costs gives the same yuan (a test), and pricing them at other unit costs is how
//! `compare --psa` reuses runs.

use crate::metrics::Counters;
use crate::scenario::levers::{CostBasis, Lever, ALL_LEVERS, LEVER_NAMES};
use crate::scenario::Params;

/// Whose money (or time) pays for an item.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Budget {
    Public,
    /// The village collective (the dividend), off the public budget.
    Collective,
    /// The hours villagers give as mutual aid, valued at `costs.villager_hour`.
    VillagersTime,
}

impl Budget {
    pub fn key(self) -> &'static str {
        match self {
            Budget::Public => "public",
            Budget::Collective => "collective",
            Budget::VillagersTime => "villagers_time",
        }
    }
}

/// What an item pays for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Part {
    /// A lever's running cost (per resident or per place, each month in force).
    Running,
    /// Happiness homes, each once, in the month it opens.
    Construction,
    /// A time bank's set-up and its reserve, once, in the month it first opens.
    SetUp,
    Reserve,
    /// Per person trained, per cadre visit.
    PerPerson,
    PerVisit,
    /// The subsidy: cash to helpers per hour, and formal care bought.
    HelperCash,
    BoughtCare,
    /// The collective's dividend per mutual-aid hour.
    Dividend,
    /// Villagers' mutual-aid hours.
    Time,
}

impl Part {
    pub fn key(self) -> &'static str {
        match self {
            Part::Running => "running",
            Part::Construction => "construction",
            Part::SetUp => "set_up",
            Part::Reserve => "reserve",
            Part::PerPerson => "per_person",
            Part::PerVisit => "per_visit",
            Part::HelperCash => "helper_cash",
            Part::BoughtCare => "bought_care",
            Part::Dividend => "dividend",
            Part::Time => "time",
        }
    }

    pub fn one_off(self) -> bool {
        matches!(self, Part::Construction | Part::SetUp | Part::Reserve)
    }

    /// Money paid to villagers: it costs its payer and is received within the village, so the societal
    /// perspective counts the helper's time once (at the wage) and not the cash as well.
    pub fn transfer(self) -> bool {
        matches!(self, Part::HelperCash | Part::Dividend)
    }
}

/// One cost item: a lever (or `mutual_aid` for villagers' time), what it pays for and who pays.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Item {
    pub lever: &'static str,
    pub part: Part,
    pub budget: Budget,
}

/// Every item, in the order `price` gives their yuan: each lever's running cost, then the one-off,
/// per-use and off-budget items, then villagers' time.
pub fn items() -> Vec<Item> {
    let public = |lever: Lever, part| Item {
        lever: LEVER_NAMES[lever as usize],
        part,
        budget: Budget::Public,
    };
    let mut items: Vec<Item> = ALL_LEVERS.iter().map(|&l| public(l, Part::Running)).collect();
    items.extend([
        public(Lever::HappinessHome, Part::Construction),
        public(Lever::TimeBank, Part::SetUp),
        public(Lever::TimeBank, Part::Reserve),
        public(Lever::Training, Part::PerPerson),
        public(Lever::CadreMobilisation, Part::PerVisit),
        public(Lever::Subsidy, Part::HelperCash),
        public(Lever::Subsidy, Part::BoughtCare),
        Item {
            lever: LEVER_NAMES[Lever::CollectiveDividend as usize],
            part: Part::Dividend,
            budget: Budget::Collective,
        },
        Item {
            lever: "mutual_aid",
            part: Part::Time,
            budget: Budget::VillagersTime,
        },
    ]);
    items
}

/// The yuan of each item of `items()` for the counters `m` (a month, a year or a whole run, summed)
/// at the unit costs of `p`. The subsidy and the dividend are what the run recorded: their unit costs
/// change what the model does, so they cannot be priced again without running it again.
pub fn price(p: &Params, m: &Counters) -> Vec<f64> {
    let levers = &p.levers;
    let mut yuan: Vec<f64> = ALL_LEVERS
        .iter()
        .map(|&l| {
            let basis = CostBasis {
                per_1000: m.resident_months[l as usize] as f64 / 1000.0,
                home_places: m.place_months,
            };
            levers.running_cost_of(l, &basis)
        })
        .collect();
    let opened_1000 = m.bank_opened_residents as f64 / 1000.0;
    let bank = &levers.time_bank;
    let subsidy = m.public_by_lever[Lever::Subsidy as usize];
    yuan.extend([
        levers.happiness_home.construction_per_home * m.homes_opened as f64,
        bank.setup_per_1000 * opened_1000,
        bank.reserve_per_1000 * opened_1000,
        levers.training.cost_per_person * m.trained as f64,
        levers.cadre_mobilisation.cost_per_visit * m.visits as f64,
        m.helper_cash_milliyuan as f64 / 1000.0,
        subsidy.saturating_sub(m.helper_cash_milliyuan) as f64 / 1000.0,
        m.offbudget_milliyuan as f64 / 1000.0,
        p.costs.villager_hour * m.mutual_millihours as f64 / 1000.0,
    ]);
    yuan
}

/// Whose view a cost is counted from (docs/costs.md).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Perspective {
    Public,
    Collective,
    VillagersTime,
    /// Everything society gives up: public and collective money and villagers' time, less the transfers
    /// between them (cash to helpers, the dividend).
    Societal,
}

pub const PERSPECTIVES: [Perspective; 4] = [
    Perspective::Public,
    Perspective::Collective,
    Perspective::VillagersTime,
    Perspective::Societal,
];

impl Perspective {
    pub fn key(self) -> &'static str {
        match self {
            Perspective::Public => "public",
            Perspective::Collective => "collective",
            Perspective::VillagersTime => "villagers_time",
            Perspective::Societal => "societal",
        }
    }

    /// A perspective from its key (`--psa-perspective`).
    pub fn from_key(key: &str) -> Option<Perspective> {
        PERSPECTIVES.into_iter().find(|p| p.key() == key)
    }

    /// 1 when this perspective counts the item, else 0.
    pub fn weight(self, item: &Item) -> f64 {
        let counted = match self {
            Perspective::Public => item.budget == Budget::Public,
            Perspective::Collective => item.budget == Budget::Collective,
            Perspective::VillagersTime => item.budget == Budget::VillagersTime,
            Perspective::Societal => !item.part.transfer(),
        };
        f64::from(u8::from(counted))
    }

    /// The cost from this perspective of priced items (`price`'s yuan, in the order of `items()`).
    pub fn cost(self, items: &[Item], yuan: &[f64]) -> f64 {
        items.iter().zip(yuan).map(|(i, y)| self.weight(i) * y).sum()
    }
}

/// The counters of each year (twelve months summed; a last short year as it is).
pub fn by_year(months: &[Counters]) -> Vec<Counters> {
    months
        .chunks(12)
        .map(|year| {
            let mut sum = Counters::default();
            for m in year {
                sum.add(m);
            }
            sum
        })
        .collect()
}

/// Each year's yuan by item (`price` of each year's counters at the unit costs of `p`).
pub fn priced_years(p: &Params, months: &[Counters]) -> Vec<Vec<f64>> {
    by_year(months).iter().map(|year| price(p, year)).collect()
}

/// A run's totals over its horizon, each year discounted at `rate`: the cost from each perspective (in
/// the order of `PERSPECTIVES`), the unmet care hours and the person-months of care received.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Totals {
    pub cost: [f64; PERSPECTIVES.len()],
    pub unmet_hours: f64,
    pub recipient_months: f64,
}

/// The totals of a replicate's months at the unit costs of `prices`.
pub fn totals(prices: &Params, months: &[Counters], rate: f64) -> Totals {
    let all = items();
    let mut t = Totals::default();
    for (y, year) in by_year(months).iter().enumerate() {
        let d = discount(rate, y);
        let yuan = price(prices, year);
        for (c, p) in t.cost.iter_mut().zip(PERSPECTIVES) {
            *c += d * p.cost(&all, &yuan);
        }
        t.unmet_hours += d * year.unmet_millihours as f64 / 1000.0;
        t.recipient_months += d * year.care_recipients as f64;
    }
    t
}

/// What a cost or an effect in year `y` (0 = the first) counts today at `rate` a year.
pub fn discount(rate: f64, y: usize) -> f64 {
    (1.0 + rate).powi(-(y as i32))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::Scenario;

    #[test]
    fn every_item_is_priced_and_one_offs_are_the_building_and_the_opening() {
        let p = Scenario::builtin_baseline().params;
        assert_eq!(items().len(), price(&p, &Counters::default()).len());
        let one_off: Vec<&str> = items()
            .iter()
            .filter(|i| i.part.one_off())
            .map(|i| i.part.key())
            .collect();
        assert_eq!(one_off, ["construction", "set_up", "reserve"]);
    }

    #[test]
    fn the_societal_view_counts_time_once_and_nets_transfers() {
        let all = items();
        let yuan: Vec<f64> = all
            .iter()
            .map(|i| match i.part {
                Part::HelperCash => 10.0,
                Part::Dividend => 5.0,
                Part::Time => 100.0,
                Part::BoughtCare => 7.0,
                _ => 0.0,
            })
            .collect();
        assert_eq!(Perspective::Public.cost(&all, &yuan), 17.0);
        assert_eq!(Perspective::Collective.cost(&all, &yuan), 5.0);
        assert_eq!(Perspective::VillagersTime.cost(&all, &yuan), 100.0);
        assert_eq!(Perspective::Societal.cost(&all, &yuan), 107.0);
    }

    #[test]
    fn discounting_at_zero_counts_every_year_in_full() {
        assert!((0..50).all(|y| discount(0.0, y) == 1.0));
        assert!((discount(0.05, 2) - 1.0 / 1.1025).abs() < 1e-12);
    }
}
