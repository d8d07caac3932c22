//! A plan of runs (a sweep, a sensitivity analysis, a fit's generation) split into shards: which block
//! of runs a shard does, how it writes its folder, and how a merge puts the shards' runs into the
//! journal, so that the command finds every run done and writes its files as one process would.

use std::ops::Range;
use std::path::Path;
use std::time::{Instant, SystemTime};

use super::plan::{self, Outcome, Plan};
use crate::cluster::shard::{self, Job, ShardSpec};
use crate::cluster::Merged;
use crate::error::{Error, Io, Result};
use crate::output::folder::OutputFolder;
use crate::output::progress::Console;

/// Where and how to run.
pub struct Execution<'a> {
    pub dir: &'a Path,
    pub threads: Option<usize>,
    pub console: Console,
    pub stop_after: Option<usize>,
    /// Replace a folder that huzhu did not write.
    pub force: bool,
    /// The whole plan, one shard of it, or the merge of its shards.
    pub part: Part<'a>,
}

/// Which part of a plan a command does.
#[derive(Clone, Copy)]
pub enum Part<'a> {
    Whole,
    /// A shard, with the command that names the plan (the arguments after `huzhu`) and the folder of
    /// the merged results (the shard itself writes to `Execution::dir`, beside it).
    Shard(ShardSpec, &'a [String], &'a Path),
    Merge(&'a Merged),
}

/// The job of shard `spec` of `plan`, and its block of runs.
pub fn shard_of(plan: &Plan, spec: ShardSpec, command: &[String]) -> (Job, Range<usize>) {
    let job = Job::new(plan.kind, command, &plan.fingerprint(), spec);
    let block = spec.block(plan.runs() as u64);
    (job, block.start as usize..block.end as usize)
}

/// The job the merged shards would be if they were shards of `plan`.
pub fn merged_job(plan: &Plan, merged: &Merged) -> Job {
    let spec = ShardSpec { k: 0, n: merged.n() };
    Job::new(plan.kind, merged.command(), &plan.fingerprint(), spec)
}

/// Checks that the shards are this plan's and writes their runs as the journal in `dir`.
pub fn merge_into(plan: &Plan, merged: &Merged, dir: &Path) -> Result<()> {
    merged.check(&merged_job(plan, merged))?;
    std::fs::create_dir_all(dir).map_err(|e| Error::io(Io::Create, dir, &e))?;
    merged.write_journal(&plan.journal(dir), &plan.heading()?, &plan.header()?, plan::checksum)
}

/// When a shard started, for its timing.
pub struct Clock {
    started: SystemTime,
    clock: Instant,
}

impl Clock {
    pub fn start() -> Clock {
        Clock {
            started: SystemTime::now(),
            clock: Instant::now(),
        }
    }
}

/// Commits the shard folder of a plan whose block is done (its runs staged as `runs.csv`); returns the
/// line to print.
pub fn commit(
    plan: &Plan,
    folder: OutputFolder,
    job: &Job,
    results: &Path,
    how: &Execution,
    clock: &Clock,
    outcome: &Outcome,
) -> Result<String> {
    let threads = crate::engine::thread_pool(how.threads)?.current_num_threads();
    let timing = shard::timing(clock.started, threads, clock.clock.elapsed().as_secs_f64(), None);
    let units = job.units(plan.runs() as u64);
    let dir = folder.target().to_path_buf();
    let note = format!("plan: {}\n", plan.fingerprint());
    job.commit(folder, &[shard::RUNS], results, units, timing, &note)?;
    let (spec, name, done, runs, dir) = (&job.spec, &plan.name, outcome.total, plan.runs(), dir.display());
    Ok(how.console.lang.either(
        format!("shard {spec} of {name}: {done} of {runs} runs; wrote {dir}\n"),
        format!("{name} 的分片 {spec}：{runs} 次运行中的 {done} 次；已写入 {dir}\n"),
    ))
}
