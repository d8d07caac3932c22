//! The engine: scenario × replicate × village, in parallel with rayon. Each village is initialized,
//! simulated for the whole horizon, folded into its replicate's monthly totals and dropped, so memory
//! does not grow with the number of villages. Totals are integer sums, so they do not depend on the
//! order in which threads finish: the outputs are the same with any thread count.

use std::ops::Range;
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

impl Replicate {
    /// Replicate `replicate` of a run of `p` with nothing added to it yet.
    pub fn empty(p: &Params, replicate: u32) -> Replicate {
        Replicate {
            seed: rng::replicate_seed(p.run.seed, replicate),
            months: vec![Counters::default(); p.months() as usize],
            observed: Observed::default(),
        }
    }
}

impl ScenarioRun {
    /// A village's name in the scenario's village table, or its index from 0.
    pub fn village_name(&self, village: u64) -> String {
        self.scenario
            .table
            .as_ref()
            .and_then(|t| t.rows.get(village as usize))
            .map_or_else(|| village.to_string(), |r| r.name.clone())
    }
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
        .map_err(|e| Error::Failure(text!("cannot start threads: {e}", "无法启动线程：{e}")))
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
    let done = run_pieces(scenarios, &whole(scenarios), threads, progress, observe)?;
    Ok(assemble(scenarios, done))
}

/// A part of a run: the villages `villages` of replicate `replicate` of scenario `scenario` (by index).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Piece {
    pub scenario: usize,
    pub replicate: u32,
    pub villages: Range<u64>,
}

/// Pieces run by one process, each with its monthly totals and observations.
#[derive(Clone, Debug)]
pub struct Pieces {
    pub done: Vec<(Piece, Replicate)>,
    pub threads: usize,
    pub agent_months: u64,
    pub seconds: f64,
}

/// Every replicate of every scenario, whole.
pub fn whole(scenarios: &[Scenario]) -> Vec<Piece> {
    scenarios
        .iter()
        .enumerate()
        .flat_map(|(s, sc)| {
            let p = sc.params();
            (0..p.run.replicates).map(move |replicate| Piece {
                scenario: s,
                replicate,
                villages: 0..p.villages.count,
            })
        })
        .collect()
}

/// Runs the pieces, in parallel over pieces and over the villages of each.
pub fn run_pieces(
    scenarios: &[Scenario],
    pieces: &[Piece],
    threads: Option<usize>,
    progress: &dyn Progress,
    observe: &Observe,
) -> Result<Pieces> {
    let pool = thread_pool(threads)?;
    let start = Instant::now();
    let villages: Vec<Vec<Params>> = scenarios
        .iter()
        .map(|s| s.village_params().unwrap_or_default())
        .collect();
    let results: Vec<Replicate> = pool.install(|| {
        let models: Vec<Models> = scenarios
            .iter()
            .zip(&villages)
            .map(|(s, v)| Models::new(s.params(), v))
            .collect();
        pieces
            .par_iter()
            .map(|piece| {
                run_villages(
                    &models[piece.scenario],
                    piece.replicate,
                    piece.villages.clone(),
                    progress,
                    observe,
                )
            })
            .collect()
    });
    Ok(Pieces {
        seconds: start.elapsed().as_secs_f64(),
        agent_months: results.iter().flat_map(|r| &r.months).map(|m| m.registered).sum(),
        threads: pool.current_num_threads(),
        done: pieces.iter().cloned().zip(results).collect(),
    })
}

/// The run that the pieces make up: each replicate's totals are the sums of its pieces' (integers, so
/// in any order). Every replicate of every scenario must be among them whole (`whole`, or the pieces of
/// every shard of a plan).
pub fn assemble(scenarios: &[Scenario], pieces: Pieces) -> Run {
    let mut replicates: Vec<Vec<Replicate>> = scenarios
        .iter()
        .map(|s| {
            let p = s.params();
            (0..p.run.replicates).map(|r| Replicate::empty(p, r)).collect()
        })
        .collect();
    for (piece, part) in pieces.done {
        let into = &mut replicates[piece.scenario][piece.replicate as usize];
        add(&mut into.months, &part.months);
        into.observed.add(part.observed);
    }
    Run {
        scenarios: scenarios
            .iter()
            .zip(replicates)
            .map(|(s, replicates)| ScenarioRun {
                scenario: s.clone(),
                params: s.params().clone(),
                replicates,
            })
            .collect(),
        threads: pieces.threads,
        agent_months: pieces.agent_months,
        seconds: pieces.seconds,
    }
}

/// One replicate: every village, folded into monthly totals in whatever order the threads finish.
pub fn run_replicate(models: &Models, replicate: u32, progress: &dyn Progress, observe: &Observe) -> Replicate {
    run_villages(
        models,
        replicate,
        0..models.all.params.villages.count,
        progress,
        observe,
    )
}

/// The models of one scenario's villages: one for all, or one per row of its village table.
pub struct Models<'a> {
    all: Model<'a>,
    each: Vec<Model<'a>>,
}

impl<'a> Models<'a> {
    /// The scenario's model, and with `villages` (the parameters of each row of its village table) one
    /// model per village.
    pub fn new(params: &'a Params, villages: &'a [Params]) -> Models<'a> {
        Models {
            all: Model::new(params),
            each: villages.iter().map(Model::new).collect(),
        }
    }

    /// The model of village `village`.
    pub fn of(&self, village: u64) -> &Model<'a> {
        self.each.get(village as usize).unwrap_or(&self.all)
    }
}

/// Some villages of one replicate, folded into their monthly totals.
fn run_villages(
    models: &Models,
    replicate: u32,
    villages: Range<u64>,
    progress: &dyn Progress,
    observe: &Observe,
) -> Replicate {
    let p = models.all.params;
    let months = p.months() as usize;
    let zero = || (vec![Counters::default(); months], Observed::default());
    let (totals, observed) = villages
        .into_par_iter()
        .fold(zero, |(mut acc, mut observed), village| {
            let key = rng::village_key(p.run.seed, replicate, village);
            let model = models.of(village);
            if observe.is_empty() {
                model.run_village(key, |v, month| {
                    add(&mut acc[v.month as usize - 1..v.month as usize], &[*month])
                });
            } else {
                let mut watch = VillageObserver::new(observe, replicate, village);
                model.run_village(key, |v, month| {
                    add(&mut acc[v.month as usize - 1..v.month as usize], &[*month]);
                    watch.month(model, v, month);
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
