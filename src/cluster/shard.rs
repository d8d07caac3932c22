//! One shard: which part of the work it is (`--shard K/N`, or `--shard slurm` from the job array's
//! environment), the plan it belongs to, and the folder it writes: `shard.json` (the plan, the part, the
//! command to merge with, and the size and checksum of each data file) beside its data. A run's or a
//! comparison's data are the partial integer sums of its pieces: `totals.csv` month by month, and with
//! `--by` or `--network` also `group_tallies.csv` and `network_sums.csv` by year; a sweep's or
//! sensitivity analysis's data are its runs, in run order (`runs.csv`).

use std::ops::Range;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use serde_json::{json, Value as Json};

use crate::engine::{Piece, Pieces, Replicate};
use crate::error::{Error, Io, Result};
use crate::metrics::Counters;
use crate::observe::groups::{Tally, TALLIES};
use crate::observe::network::NetworkYear;
use crate::observe::Observe;
use crate::output::folder::{working_folder, OutputFolder};
use crate::output::{peak_memory_bytes, CsvText};
use crate::scenario::{Params, Scenario};

/// The manifest of a shard folder.
pub const MANIFEST: &str = "shard.json";
/// The data of a sweep's or a sensitivity analysis's shard.
pub const RUNS: &str = "runs.csv";
/// The layout of `shard.json` and its data; a merge refuses other versions.
pub const FORMAT: u64 = 1;

/// Shard `k` of `n` (from 0).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ShardSpec {
    pub k: u64,
    pub n: u64,
}

impl ShardSpec {
    /// `K/N` (0 ≤ K < N), or `slurm`: K and N from the job array's environment.
    pub fn parse(text: &str) -> Result<ShardSpec> {
        if text.trim() == "slurm" {
            return ShardSpec::from_slurm(|name| std::env::var(name).ok());
        }
        let bad = |(en, zh): (&str, &str)| {
            Error::input(
                "--shard",
                None,
                text!(
                    "`{text}` {en}; allowed: K/N with 0 ≤ K < N (e.g. 0/4 … 3/4), or slurm",
                    "`{text}` {zh}；允许：K/N，0 ≤ K < N（如 0/4 … 3/4），或 slurm"
                ),
            )
        };
        let (k, n) = text
            .split_once('/')
            .ok_or_else(|| bad(("is not K/N", "不是 K/N 的形式")))?;
        let number = |x: &str| {
            x.trim()
                .parse::<u64>()
                .map_err(|_| bad(("is not two whole numbers", "不是两个整数")))
        };
        let (k, n) = (number(k)?, number(n)?);
        if n == 0 || k >= n {
            return Err(bad(("is not a shard of the plan", "不是计划中的分片")));
        }
        Ok(ShardSpec { k, n })
    }

    /// K = SLURM_ARRAY_TASK_ID − SLURM_ARRAY_TASK_MIN, N = SLURM_ARRAY_TASK_COUNT (or MAX − MIN + 1):
    /// an array `--array=0-3` (or 1-4) is shards 0/4 … 3/4. An array with steps or gaps is refused,
    /// since its task numbers are not the shards 0 … N − 1.
    pub fn from_slurm(var: impl Fn(&str) -> Option<String>) -> Result<ShardSpec> {
        let get = |name: &str| -> Result<Option<u64>> {
            var(name)
                .map(|v| {
                    v.trim().parse::<u64>().map_err(|_| {
                        Error::input(
                            "--shard slurm",
                            None,
                            text!(
                                "{name}=`{v}` is not a whole number; allowed: the variables sbatch --array sets",
                                "{name}=`{v}` 不是整数；允许：sbatch --array 设置的变量"
                            ),
                        )
                    })
                })
                .transpose()
        };
        let id = get("SLURM_ARRAY_TASK_ID")?.ok_or_else(|| {
            Error::input(
                "--shard slurm",
                None,
                text!(
                    "SLURM_ARRAY_TASK_ID is not set, so this is not a task of a job array; allowed: --shard slurm inside `sbatch --array`, or --shard K/N",
                    "未设置 SLURM_ARRAY_TASK_ID，这不是作业数组中的任务；允许：在 `sbatch --array` 中用 --shard slurm，或用 --shard K/N"
                ),
            )
        })?;
        let min = get("SLURM_ARRAY_TASK_MIN")?.unwrap_or(0);
        let span = get("SLURM_ARRAY_TASK_MAX")?.map(|max| max.saturating_sub(min) + 1);
        let count = get("SLURM_ARRAY_TASK_COUNT")?;
        let n = count.or(span).ok_or_else(|| {
            Error::input(
                "--shard slurm",
                None,
                text!(
                    "neither SLURM_ARRAY_TASK_COUNT nor SLURM_ARRAY_TASK_MAX is set; allowed: --shard slurm inside `sbatch --array`, or --shard K/N",
                    "SLURM_ARRAY_TASK_COUNT 和 SLURM_ARRAY_TASK_MAX 均未设置；允许：在 `sbatch --array` 中用 --shard slurm，或用 --shard K/N"
                ),
            )
        })?;
        if span.is_some_and(|s| s != n) {
            return Err(Error::input(
                "--shard slurm",
                None,
                text!(
                    "the array has {n} tasks numbered {min} to {max}, with steps or gaps; allowed: --array=0-{last} (no step), or --shard K/N",
                    "作业数组有 {n} 个任务，编号 {min} 至 {max}，有步长或空缺；允许：--array=0-{last}（无步长），或 --shard K/N",
                    max = min + span.unwrap_or(n) - 1,
                    last = n - 1
                ),
            ));
        }
        match id.checked_sub(min).filter(|&k| k < n) {
            Some(k) => Ok(ShardSpec { k, n }),
            None => Err(Error::input(
                "--shard slurm",
                None,
                text!(
                    "task {id} is outside the array {min}..{max}; allowed: the variables sbatch --array sets",
                    "任务 {id} 不在作业数组 {min}..{max} 内；允许：sbatch --array 设置的变量",
                    max = min + n - 1
                ),
            )),
        }
    }

    /// The K-th of N contiguous blocks of `total` units, their sizes differing by at most one.
    pub fn block(&self, total: u64) -> Range<u64> {
        let at = |k: u64| (u128::from(total) * u128::from(k) / u128::from(self.n)) as u64;
        at(self.k)..at(self.k + 1)
    }
}

impl std::fmt::Display for ShardSpec {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.k, self.n)
    }
}

/// Options that do not change what a command computes (where it writes, how fast, how loud), left out of
/// the plan and of the command a merge runs again; the flag says whether the option takes a value.
const NOT_THE_PLAN: [(&str, bool); 6] = [
    ("--shard", true),
    ("--out", true),
    ("--threads", true),
    ("--quiet", false),
    ("--force", false),
    ("--stop-after", true),
];

/// The command without the options of `NOT_THE_PLAN` (in either spelling, `--out X` or `--out=X`).
pub fn plan_command(args: &[String]) -> Vec<String> {
    let mut kept = Vec::new();
    let mut skip = false;
    for a in args {
        if std::mem::take(&mut skip) {
            continue;
        }
        let name = a.split('=').next().unwrap_or("");
        match NOT_THE_PLAN.iter().find(|(n, _)| *n == name) {
            Some((_, value)) => skip = *value && !a.contains('='),
            None => kept.push(a.clone()),
        }
    }
    kept
}

/// FNV-1a, 64 bits: the hash of plans and the checksum of shard data (not for security: it finds a
/// file cut short or another plan's shard).
pub fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// What every resolved scenario of a run is, for the plan's hash.
pub fn scenarios_text(scenarios: &[Scenario]) -> String {
    let mut text = String::new();
    for s in scenarios {
        text.push_str(&format!("{}|{}|", s.name, s.file));
        for (k, v) in &s.values() {
            text.push_str(&format!("{k}={v};"));
        }
        text.push('\n');
    }
    text
}

/// The units of a run or comparison: (scenario, replicate, village), every village of every replicate.
pub fn run_units(scenarios: &[Scenario]) -> u64 {
    scenarios
        .iter()
        .map(|s| u64::from(s.params().run.replicates) * s.params().villages.count)
        .sum()
}

/// A command run as a shard, or merged from shards.
#[derive(Clone, Debug)]
pub struct Job {
    /// `run`, `compare`, `sweep` or `sensitivity`.
    pub kind: String,
    /// The command without the options that do not change results (`plan_command`).
    pub command: Vec<String>,
    pub spec: ShardSpec,
    /// The plan's hash (hex).
    pub plan: String,
}

impl Job {
    /// The job of `command` (the arguments after `huzhu`) whose results `what` describes (the resolved
    /// scenarios, or a sweep's plan fingerprint).
    pub fn new(kind: &str, command: &[String], what: &str, spec: ShardSpec) -> Job {
        let command = plan_command(command);
        let text = format!(
            "huzhu shard plan\n{kind}\n{}\n{what}\nshards={}\n",
            command.join("\u{1f}"),
            spec.n
        );
        Job {
            kind: kind.to_string(),
            plan: format!("{:016x}", fnv1a(text.as_bytes())),
            command,
            spec,
        }
    }

    /// The command that (re)runs shard `k` of this plan, whose results go to `results`.
    pub fn rerun(&self, k: u64, results: &Path) -> String {
        format!(
            "huzhu {} --shard {k}/{} --out {}",
            self.command.join(" "),
            self.spec.n,
            results.display()
        )
    }

    /// The pieces of a run that this shard does: its block of the (scenario, replicate, village) units.
    pub fn pieces(&self, scenarios: &[Scenario]) -> Vec<Piece> {
        let block = self.spec.block(run_units(scenarios));
        let mut pieces = Vec::new();
        let mut first = 0u64;
        for (s, sc) in scenarios.iter().enumerate() {
            let villages = sc.params().villages.count;
            for replicate in 0..sc.params().run.replicates {
                let start = block.start.max(first);
                let end = block.end.min(first + villages);
                if start < end {
                    pieces.push(Piece {
                        scenario: s,
                        replicate,
                        villages: start - first..end - first,
                    });
                }
                first += villages;
            }
        }
        pieces
    }

    /// The units of all shards, and this shard's block of them.
    pub fn units(&self, total: u64) -> Json {
        let block = self.spec.block(total);
        json!({ "from": block.start, "to": block.end, "of": total })
    }

    /// Writes the manifest of the shard folder, naming the plan, the part, the command, the folder of the
    /// merged results and the size and checksum of each data file (`files`, staged already), and commits
    /// the folder with `note` in its marker.
    pub fn commit(
        &self,
        mut folder: OutputFolder,
        files: &[&str],
        results: &Path,
        units: Json,
        timing: Json,
        note: &str,
    ) -> Result<()> {
        let mut data = Vec::new();
        for name in files {
            let path = folder.staged_path(name)?;
            let bytes = std::fs::read(&path).map_err(|e| Error::io(Io::Read, &path, &e))?;
            data.push(json!({ "file": name, "bytes": bytes.len(), "fnv1a": format!("{:016x}", fnv1a(&bytes)) }));
        }
        let cwd: PathBuf = working_folder()?;
        let doc = json!({
            "huzhu_shard": FORMAT,
            "version": env!("CARGO_PKG_VERSION"),
            "kind": self.kind,
            "plan": self.plan,
            "shard": self.spec.k,
            "shards": self.spec.n,
            "units": units,
            "command": self.command,
            "cwd": cwd.display().to_string(),
            "results": results.display().to_string(),
            "data": data,
            "run_info": timing,
        });
        let mut text = serde_json::to_string_pretty(&doc).expect("JSON of plain values");
        text.push('\n');
        folder.write(MANIFEST, &text)?;
        folder.commit(&format!("shard {} of plan {}\n{note}", self.spec, self.plan))
    }
}

/// The timing of a shard, for its manifest and the merged manifest's `run_info` (`agent_months` where
/// the command counts them: runs and comparisons).
pub fn timing(started: SystemTime, threads: usize, seconds: f64, agent_months: Option<u64>) -> Json {
    json!({
        "host": std::fs::read_to_string("/proc/sys/kernel/hostname").map(|h| h.trim().to_string()).unwrap_or_default(),
        "started": humantime::format_rfc3339_seconds(started).to_string(),
        "finished": humantime::format_rfc3339_seconds(SystemTime::now()).to_string(),
        "threads": threads,
        "simulation_seconds": seconds,
        "agent_months": agent_months,
        "agent_months_per_second": agent_months.map(|a| a as f64 / seconds.max(1e-9)),
        "peak_memory_bytes": peak_memory_bytes(),
    })
}

/// A table of a run's shard: rows of whole numbers, each for one piece and one index (a month; a year
/// and group; a year), so that the rows of every shard added up are the whole run's sums.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Table {
    /// The month's counters.
    Totals,
    /// The tallies of `--by`, by year × group.
    Groups,
    /// The network sums of `--network`, by year.
    Network,
}

impl Table {
    /// The tables of a run that observes `observe`.
    pub fn of(observe: &Observe) -> Vec<Table> {
        let mut tables = vec![Table::Totals];
        if !observe.by.is_empty() {
            tables.push(Table::Groups);
        }
        if observe.network {
            tables.push(Table::Network);
        }
        tables
    }

    pub fn file(self) -> &'static str {
        match self {
            Table::Totals => "totals.csv",
            Table::Groups => "group_tallies.csv",
            Table::Network => "network_sums.csv",
        }
    }

    pub fn header(self) -> Vec<String> {
        let index = match self {
            Table::Totals => "month",
            Table::Groups => "year_group",
            Table::Network => "year",
        };
        let columns = match self {
            Table::Totals => Counters::columns(),
            Table::Groups => TALLIES.iter().map(|t| t.to_string()).collect(),
            Table::Network => NetworkYear::columns(),
        };
        ["scenario", "replicate", "village_from", "village_to", index]
            .into_iter()
            .map(String::from)
            .chain(columns)
            .collect()
    }

    /// The rows of one piece's results.
    fn rows(self, part: &Replicate) -> Vec<Vec<u64>> {
        match self {
            Table::Totals => part.months.iter().map(Counters::cells).collect(),
            Table::Groups => part.observed.groups.tallies.iter().map(|t| t.to_vec()).collect(),
            Table::Network => part.observed.network.iter().map(NetworkYear::cells).collect(),
        }
    }

    /// The rows a piece of scenario `p` has when `groups` groups are tallied.
    pub fn rows_of(self, p: &Params, groups: usize) -> usize {
        match self {
            Table::Totals => p.months() as usize,
            Table::Groups => p.run.years as usize * groups,
            Table::Network => p.run.years as usize,
        }
    }

    /// Adds one row to a replicate's sums; None when its cells are not a row of this table.
    pub fn add(self, into: &mut Replicate, index: usize, cells: &[u64]) -> Option<()> {
        match self {
            Table::Totals => into.months.get_mut(index)?.add(&Counters::from_cells(cells)?),
            Table::Groups => {
                let tally: Tally = cells.try_into().ok()?;
                let tallies = &mut into.observed.groups.tallies;
                if tallies.len() <= index {
                    tallies.resize(index + 1, [0; TALLIES.len()]);
                }
                tallies[index].iter_mut().zip(tally).for_each(|(a, b)| *a += b);
            }
            Table::Network => {
                let year = NetworkYear::from_cells(cells)?;
                let network = &mut into.observed.network;
                if network.len() <= index {
                    network.resize(index + 1, NetworkYear::default());
                }
                network[index].add(&year);
            }
        }
        Some(())
    }

    /// The table of every piece, in piece order.
    pub fn csv(self, pieces: &Pieces) -> Result<String> {
        let mut w = CsvText::default();
        w.row(self.header())?;
        for (piece, part) in &pieces.done {
            for (index, cells) in self.rows(part).iter().enumerate() {
                let head = [
                    piece.scenario as u64,
                    u64::from(piece.replicate),
                    piece.villages.start,
                    piece.villages.end,
                    index as u64,
                ];
                w.row(head.iter().chain(cells).map(u64::to_string))?;
            }
        }
        w.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(text: &str) -> Vec<String> {
        text.split_whitespace().map(String::from).collect()
    }

    #[test]
    fn blocks_cover_the_units_once_and_differ_by_at_most_one() {
        for total in [0u64, 1, 5, 7, 40, 1001] {
            for n in [1u64, 2, 3, 4, 8, 13] {
                let blocks: Vec<Range<u64>> = (0..n).map(|k| ShardSpec { k, n }.block(total)).collect();
                assert_eq!(blocks[0].start, 0);
                assert_eq!(blocks[n as usize - 1].end, total);
                for w in blocks.windows(2) {
                    assert_eq!(w[0].end, w[1].start);
                }
                let sizes: Vec<u64> = blocks.iter().map(|b| b.end - b.start).collect();
                assert!(
                    sizes.iter().max().unwrap() - sizes.iter().min().unwrap() <= 1,
                    "{total} {n}"
                );
            }
        }
    }

    #[test]
    fn shards_are_parsed_from_text_and_from_the_job_array() {
        assert_eq!(ShardSpec::parse("2/4").unwrap(), ShardSpec { k: 2, n: 4 });
        for bad in ["4/4", "1/0", "x/4", "3", "-1/4"] {
            assert_eq!(ShardSpec::parse(bad).unwrap_err().exit_code(), 2, "{bad}");
        }
        fn env<'a>(vars: &'a [(&str, &str)]) -> impl Fn(&str) -> Option<String> + 'a {
            move |name: &str| vars.iter().find(|(n, _)| *n == name).map(|(_, v)| v.to_string())
        }
        let zero_based = [
            ("SLURM_ARRAY_TASK_ID", "3"),
            ("SLURM_ARRAY_TASK_COUNT", "4"),
            ("SLURM_ARRAY_TASK_MIN", "0"),
            ("SLURM_ARRAY_TASK_MAX", "3"),
        ];
        assert_eq!(
            ShardSpec::from_slurm(env(&zero_based)).unwrap(),
            ShardSpec { k: 3, n: 4 }
        );
        let one_based = [
            ("SLURM_ARRAY_TASK_ID", "1"),
            ("SLURM_ARRAY_TASK_MIN", "1"),
            ("SLURM_ARRAY_TASK_MAX", "4"),
        ];
        assert_eq!(
            ShardSpec::from_slurm(env(&one_based)).unwrap(),
            ShardSpec { k: 0, n: 4 }
        );
        let stepped = [
            ("SLURM_ARRAY_TASK_ID", "2"),
            ("SLURM_ARRAY_TASK_COUNT", "2"),
            ("SLURM_ARRAY_TASK_MIN", "0"),
            ("SLURM_ARRAY_TASK_MAX", "2"),
        ];
        assert!(ShardSpec::from_slurm(env(&stepped))
            .unwrap_err()
            .to_string()
            .contains("steps or gaps"));
        assert!(ShardSpec::from_slurm(env(&[]))
            .unwrap_err()
            .to_string()
            .contains("SLURM_ARRAY_TASK_ID"));
    }

    #[test]
    fn the_plan_leaves_out_where_and_how_fast() {
        let a = plan_command(&args("run s.toml --shard 1/4 --out x --threads 2 --quiet --years 3"));
        let b = plan_command(&args("run s.toml --years 3 --out=y --shard=slurm --force"));
        assert_eq!(a, args("run s.toml --years 3"));
        assert_eq!(a, b);
        let spec = ShardSpec { k: 0, n: 4 };
        assert_eq!(Job::new("run", &a, "p", spec).plan, Job::new("run", &b, "p", spec).plan);
        assert_ne!(Job::new("run", &a, "p", spec).plan, Job::new("run", &a, "q", spec).plan);
        assert_ne!(
            Job::new("run", &a, "p", spec).plan,
            Job::new("run", &a, "p", ShardSpec { k: 0, n: 5 }).plan
        );
    }
}
