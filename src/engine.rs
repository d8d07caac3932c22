//! The engine: scenario × replicate × village, in parallel with rayon. Each village is initialized,
//! simulated for the whole horizon, folded into its replicate's monthly totals and dropped, so memory
//! does not grow with the number of villages. Totals are integer sums, so they do not depend on the
//! order in which threads finish: the outputs are the same with any thread count.

use std::time::Instant;

use rayon::prelude::*;

use crate::error::{Error, Result};
use crate::metrics::{add, Counters};
use crate::model::{rng, Model};
use crate::observe::{Observe, Observed, VillageObserver};
use crate::scenario::{Params, Scenario};

/// The monthly totals of one replicate of one scenario, and what was observed inside its villages.
#[derive(Clone, Debug)]
pub struct Replicate {
    pub seed: u64,
    pub months: Vec<Counters>,
    pub observed: Observed,
}

#[derive(Clone, Debug)]
pub struct ScenarioRun {
    pub scenario: Scenario,
    pub params: Params,
    pub replicates: Vec<Replicate>,
}

#[derive(Clone, Debug)]
pub struct Run {
    pub scenarios: Vec<ScenarioRun>,
    pub threads: usize,
    /// Registered villagers alive, summed over months, villages, replicates and scenarios.
    pub agent_months: u64,
    pub seconds: f64,
}

impl Run {
    pub fn agent_months_per_second(&self) -> f64 {
        self.agent_months as f64 / self.seconds.max(1e-9)
    }
}

/// Something told each time a village finishes (a progress display); it never touches the model.
pub trait Progress: Sync {
    fn village_done(&self);
}

impl Progress for () {
    fn village_done(&self) {}
}

/// A pool of `threads` workers; None uses every core.
pub fn thread_pool(threads: Option<usize>) -> Result<rayon::ThreadPool> {
    let mut builder = rayon::ThreadPoolBuilder::new();
    if let Some(t) = threads {
        builder = builder.num_threads(t);
    }
    builder
        .build()
        .map_err(|e| Error::Failure(format!("cannot start threads: {e}")))
}

/// Runs every scenario with its own `run` section. `threads` = None uses every core.
pub fn run(scenarios: &[Scenario], threads: Option<usize>, progress: &dyn Progress) -> Result<Run> {
    run_observed(scenarios, threads, progress, &Observe::default())
}

/// `run`, observing inside the villages what `observe` asks for.
pub fn run_observed(
    scenarios: &[Scenario],
    threads: Option<usize>,
    progress: &dyn Progress,
    observe: &Observe,
) -> Result<Run> {
    let pool = thread_pool(threads)?;
    let params: Vec<&Params> = scenarios.iter().map(Scenario::params).collect();
    let jobs: Vec<(usize, u32)> = params
        .iter()
        .enumerate()
        .flat_map(|(s, p)| (0..p.run.replicates).map(move |r| (s, r)))
        .collect();
    let start = Instant::now();
    let results: Vec<Replicate> = pool.install(|| {
        let models: Vec<Model> = params.iter().map(|p| Model::new(p)).collect();
        jobs.par_iter()
            .map(|&(s, r)| run_replicate(&models[s], r, progress, observe))
            .collect()
    });
    let seconds = start.elapsed().as_secs_f64();
    let agent_months = results.iter().flat_map(|r| &r.months).map(|m| m.registered).sum();
    let mut results = results.into_iter();
    let scenarios = scenarios
        .iter()
        .zip(params)
        .map(|(s, p)| ScenarioRun {
            scenario: s.clone(),
            replicates: results.by_ref().take(p.run.replicates as usize).collect(),
            params: p.clone(),
        })
        .collect();
    Ok(Run {
        scenarios,
        threads: pool.current_num_threads(),
        agent_months,
        seconds,
    })
}

/// One replicate: every village, folded into monthly totals in whatever order the threads finish.
pub fn run_replicate(model: &Model, replicate: u32, progress: &dyn Progress, observe: &Observe) -> Replicate {
    let p = model.params;
    let months = p.months() as usize;
    let zero = || (vec![Counters::default(); months], Observed::default());
    let (totals, observed) = (0..p.villages.count)
        .into_par_iter()
        .fold(zero, |(mut acc, mut observed), village| {
            let key = rng::village_key(p.run.seed, replicate, village);
            if observe.is_empty() {
                model.run_village(key, |v, month| {
                    add(&mut acc[v.month as usize - 1..v.month as usize], &[*month])
                });
            } else {
                let mut watch = VillageObserver::new(observe, replicate, village);
                model.run_village(key, |v, month| {
                    add(&mut acc[v.month as usize - 1..v.month as usize], &[*month]);
                    watch.month(model, v);
                });
                observed.add(watch.observed);
            }
            progress.village_done();
            (acc, observed)
        })
        .reduce(zero, |(mut a, mut oa), (b, ob)| {
            add(&mut a, &b);
            oa.add(ob);
            (a, oa)
        });
    Replicate {
        seed: rng::replicate_seed(p.run.seed, replicate),
        months: totals,
        observed,
    }
}
