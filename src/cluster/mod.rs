//! Beyond one machine: any run, comparison, sweep or sensitivity analysis split into shards (the tasks of
//! a cluster's job array), and the shards merged into exactly the files one process writes.
//!
//! The work is a list of independent units in a fixed order: (scenario, replicate, village) for runs and
//! comparisons, whole runs for sweeps and sensitivity analyses. Shard K of N takes the K-th of N
//! contiguous blocks of that list, their sizes differing by at most one (a block may be empty). Every
//! total is an integer sum and every run of a sweep is a line of its own, so the merge adds the totals,
//! or puts the lines in run order, and the single process's code writes the files from them.
//!
//! The plan is named by a hash of the command (without the options that do not change results), of every
//! resolved parameter of every scenario, and of N, so shards of different plans are never merged.

pub mod merge;
pub mod shard;
pub mod slurm;

pub use merge::Merged;
pub use shard::{Job, ShardSpec};
