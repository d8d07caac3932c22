//! The command line (INTERFACE.md): `run`, `check`, `params`, and `calibrate`.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::SystemTime;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::cli_text::{cli_error, Refusal};
use crate::cluster::shard::{self, scenarios_text, Job, ShardSpec};
use crate::cluster::{slurm, Merged};
use crate::engine::{self, Run};
use crate::error::{io_reason, Error, Result};
use crate::experiment::{self, compare, fit, library, psa, sweep};
use crate::lang::{code_list, Lang, Text};
use crate::observe::groups::Dim;
use crate::observe::snapshot::SnapshotSpec;
use crate::observe::{survey, Observe};
use crate::output::folder::{working_folder, OutputFolder};
use crate::output::progress::{Console, Unit};
use crate::output::{self, RunInfo};
use crate::scenario::registry::registry;
use crate::scenario::Scenario;
use crate::{calibration, metrics};

#[derive(Parser, Debug)]
#[command(
    name = "huzhu",
    version,
    about = "Agent-based simulator of rural mutual-aid elderly care (互助养老)"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

impl Cli {
    /// The language of the terminal: `--lang` of a command that has it, else English.
    pub fn lang(&self) -> Lang {
        match &self.command {
            Command::Run { options, .. }
            | Command::Compare { options, .. }
            | Command::Effects { options, .. }
            | Command::Sweep { options, .. }
            | Command::Sensitivity { options, .. }
            | Command::Fit { options, .. }
            | Command::Survey { options, .. }
            | Command::Allocate { options, .. }
            | Command::Calibrate { options, .. } => options.lang(),
            Command::Check { lang, .. } | Command::Merge { lang, .. } => lang_of(*lang),
            Command::Params { .. } | Command::Slurm { .. } => Lang::En,
        }
    }
}

/// Why a command cannot be split into shards: it prints a table.
const PRINTS_A_TABLE: (&str, &str) = ("prints a table", "把结果表格打印在终端");

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Run scenarios (the built-in baseline when none is given) and write timeseries.csv, summary.csv and
    /// manifest.json.
    Run {
        /// Scenario files (TOML).
        scenarios: Vec<PathBuf>,
        #[command(flatten)]
        options: RunOptions,
        #[command(flatten)]
        inside: InsideOptions,
    },
    /// Run a baseline and other scenarios with common random numbers (every scenario takes the
    /// baseline's run section) and write comparison.csv and cost_effectiveness.csv beside the usual files.
    Compare {
        baseline: PathBuf,
        #[arg(required = true)]
        others: Vec<PathBuf>,
        #[command(flatten)]
        options: RunOptions,
        #[command(flatten)]
        inside: InsideOptions,
        #[command(flatten)]
        psa: PsaOptions,
    },
    /// Run each scenario against its own `reference` (all with the first file's run section) and print the
    /// markdown of docs/scenarios.md.
    Effects {
        #[arg(required = true)]
        scenarios: Vec<PathBuf>,
        #[command(flatten)]
        options: RunOptions,
    },
    /// Vary parameters over a grid or a Latin hypercube, with replicates at every point (common random
    /// numbers); streamed to a journal and resumable. Writes sweep.csv and sweep_summary.csv.
    Sweep {
        scenario: PathBuf,
        /// KEY=LO:HI[:STEPS] (STEPS default 5; repeatable).
        #[arg(long = "vary", value_name = "KEY=LO:HI[:STEPS]", required = true)]
        vary: Vec<String>,
        #[arg(long, value_enum, default_value = "grid")]
        design: DesignArg,
        /// Points of a Latin hypercube.
        #[arg(long)]
        samples: Option<usize>,
        /// The point every other is compared with, in sweep_effects.csv (repeatable; a varied key left
        /// out stays at the scenario's own value).
        #[arg(long = "reference", value_name = "KEY=VALUE")]
        reference: Vec<String>,
        /// Also the yearly series of every metric per point: sweep_yearly.csv (and yearly columns in
        /// sweep.csv).
        #[arg(long)]
        yearly: bool,
        /// Do at most N runs now and leave the journal, to go on later with the same command.
        #[arg(long, value_name = "N")]
        stop_after: Option<usize>,
        #[command(flatten)]
        options: RunOptions,
    },
    /// Global sensitivity analysis (Morris elementary effects or Sobol indices) of final-year metrics.
    /// Writes sensitivity.csv and sensitivity_runs.csv and prints a ranked table.
    Sensitivity {
        scenario: PathBuf,
        /// KEY=LO:HI (repeatable).
        #[arg(long = "vary", value_name = "KEY=LO:HI", required = true)]
        vary: Vec<String>,
        #[arg(long, value_enum)]
        method: MethodArg,
        /// Morris trajectories, or the Sobol base sample (N(k + 1) or N(k + 2) points for k inputs).
        #[arg(long, default_value_t = 10)]
        samples: usize,
        /// Metrics to analyse, comma-separated.
        #[arg(long, value_delimiter = ',', default_value = "participation_rate,unmet_rate")]
        metrics: Vec<String>,
        /// Do at most N runs now and leave the journal, to go on later with the same command.
        #[arg(long, value_name = "N")]
        stop_after: Option<usize>,
        #[command(flatten)]
        options: RunOptions,
    },
    /// Validate scenario files without running them.
    Check {
        #[arg(required = true)]
        scenarios: Vec<PathBuf>,
        /// Override a parameter: section.key=value (repeatable).
        #[arg(long = "set", value_name = "KEY=VALUE")]
        set: Vec<String>,
        /// Print each scenario as one TOML file that extends only the built-in baseline (its `extends`
        /// chain and `--set` resolved), instead of "ok".
        #[arg(long)]
        resolved: bool,
        /// Language of the messages and of the village table's check (default en).
        #[arg(long, value_enum)]
        lang: Option<LangArg>,
    },
    /// Every parameter: key, default, unit, range, and its source or "assumption".
    Params {
        #[arg(long, value_enum, default_value = "table")]
        format: ParamsFormat,
    },
    /// Fit parameters to observed figures by approximate Bayesian computation (APMC, Lenormand et al.
    /// 2013): writes particles.csv, posterior.csv and schedule.csv and prints the posterior and a
    /// posterior predictive check. Interrupted, it resumes with the same command.
    Fit {
        scenario: PathBuf,
        /// A TOML file of [[target]] tables: metric, window ("month0", "final_year" or a year), value,
        /// and sd or tolerance.
        #[arg(long)]
        targets: PathBuf,
        /// KEY=LO:HI for a uniform prior, KEY=log:LO:HI for a log-uniform one (repeatable).
        #[arg(long = "vary", value_name = "KEY=LO:HI", required = true)]
        vary: Vec<String>,
        /// Particles per generation.
        #[arg(long, default_value_t = 100)]
        particles: usize,
        /// Share of the particles kept each generation (the tolerance is its quantile of the distances).
        #[arg(long, default_value_t = 0.5)]
        alpha: f64,
        /// Stop when a generation accepts fewer of its new particles than this.
        #[arg(long, default_value_t = 0.05)]
        min_acceptance: f64,
        /// Most simulations in all (particles × replicates over the generations).
        #[arg(long, default_value_t = 3000)]
        budget: usize,
        /// Do at most N runs now and leave the journal, to go on later with the same command.
        #[arg(long, value_name = "N")]
        stop_after: Option<usize>,
        #[command(flatten)]
        options: RunOptions,
    },
    /// Run a scenario's first replicate and draw a synthetic household survey of its residents at the end
    /// of a year: villages, then households, then every resident of the survey's ages in them. Writes
    /// survey.csv and survey_codebook.md.
    Survey {
        scenario: PathBuf,
        /// Calendar year of the survey (its end).
        #[arg(long)]
        year: i64,
        /// Respondents wanted.
        #[arg(long)]
        sample: usize,
        /// Interview residents of this age and over.
        #[arg(long, default_value_t = 45)]
        min_age: u32,
        /// Villages drawn (default: every village of the run).
        #[arg(long)]
        villages: Option<usize>,
        /// Seed of the sample (default: the run's seed); the model's draws do not depend on it.
        #[arg(long)]
        survey_seed: Option<u64>,
        #[command(flatten)]
        options: RunOptions,
    },
    /// Choose the villages of a county's village table that get a programme under a yearly budget: each
    /// village's cost and effect from runs with and without the lever on the same random numbers, then
    /// villages by unmet hours averted per yuan while every year of every replicate stays within the
    /// budget. Writes the plan as a village table, runs it against the baseline beside the same budget
    /// spread by population, and writes allocation.csv beside the usual files.
    Allocate {
        baseline: PathBuf,
        /// The lever (e.g. happiness_home); `huzhu params` lists them under levers.
        #[arg(long)]
        lever: String,
        /// Public budget in yuan a year (元/年).
        #[arg(long, value_name = "YUAN")]
        budget_year: f64,
        #[command(flatten)]
        options: RunOptions,
    },
    /// Merge the shard folders of one command (`--shard K/N` or `--shard slurm`) into the files that the
    /// command writes in one process, byte for byte (only run_info in manifest.json differs).
    Merge {
        /// The shard folders, in any order.
        #[arg(required = true)]
        shards: Vec<PathBuf>,
        /// Output folder of the merged results (default: the one the shards' command named).
        #[arg(long)]
        out: Option<PathBuf>,
        /// Nothing on stderr.
        #[arg(long)]
        quiet: bool,
        /// Replace an output folder that huzhu did not write.
        #[arg(long)]
        force: bool,
        /// Language of the messages of the merge itself (the merged command keeps its own `--lang`).
        #[arg(long, value_enum)]
        lang: Option<LangArg>,
    },
    /// Print a Slurm script that runs a command as a job array of shards and then merges them (a job
    /// that depends on the array). SCENARIO… runs them (`huzhu run`); after `--` any command of run,
    /// compare, sweep, sensitivity or fit (a fit's merge submits its next generation).
    Slurm {
        /// Scenario files to run.
        scenarios: Vec<PathBuf>,
        /// Shards (array tasks).
        #[arg(long)]
        tasks: u64,
        /// Cores per task (the shard's threads).
        #[arg(long, default_value_t = 1)]
        cpus: u32,
        /// Partition (queue) of the cluster.
        #[arg(long)]
        partition: Option<String>,
        /// Time limit of each task, as Slurm writes it (e.g. 02:00:00).
        #[arg(long)]
        time: Option<String>,
        /// Memory of each task, as Slurm writes it (e.g. 4G).
        #[arg(long)]
        mem: Option<String>,
        /// Memory of the merge job (default: --mem).
        #[arg(long)]
        merge_mem: Option<String>,
        /// Output folder of the merged results (default: the command's own); shards go to <out>-shards.
        #[arg(long)]
        out: Option<PathBuf>,
        /// The command after `--`, e.g. `-- sweep scenarios/baseline.toml --vary KEY=LO:HI`.
        #[arg(last = true)]
        command: Vec<String>,
    },
    /// Run the baseline (built in by default) and, if given, a programme scenario, and compare them with
    /// the calibration targets (P1–P6, the families of P8 at month 0, and P9 from two 100-year runs of the
    /// baseline); prints the table of docs/calibration.md.
    Calibrate {
        /// The baseline, then optionally a scenario with a programme in force (P5).
        #[arg(num_args = 0..=2)]
        scenarios: Vec<PathBuf>,
        #[command(flatten)]
        options: RunOptions,
    },
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum DesignArg {
    Grid,
    Lhs,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum MethodArg {
    Morris,
    Sobol,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum ParamsFormat {
    Table,
    Markdown,
}

#[derive(Args, Debug, Default, Clone)]
pub struct RunOptions {
    /// Replicates (overrides run.replicates).
    #[arg(long)]
    pub replicates: Option<u32>,
    /// Root seed (overrides run.seed; 0 to 9000000000000000).
    #[arg(long, value_parser = seed)]
    pub seed: Option<u64>,
    /// Years to simulate (overrides run.years).
    #[arg(long)]
    pub years: Option<u32>,
    /// Worker threads (default: every core).
    #[arg(long)]
    pub threads: Option<usize>,
    /// Override a parameter: section.key=value (repeatable).
    #[arg(long = "set", value_name = "KEY=VALUE")]
    pub set: Vec<String>,
    /// Output folder (default results/<scenario name>).
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Nothing on stderr.
    #[arg(long)]
    pub quiet: bool,
    /// Language of the report, its charts and the messages on the terminal (default en).
    #[arg(long, value_enum)]
    pub lang: Option<LangArg>,
    /// Do not write report.html and its charts.
    #[arg(long)]
    pub no_report: bool,
    /// Replace an output folder that huzhu did not write.
    #[arg(long)]
    pub force: bool,
    /// Do only shard K of N of the work (0 ≤ K < N), or `slurm` to take K and N from the job array, and
    /// write a shard folder (--out, default <results>-shards/K) for `huzhu merge`.
    #[arg(long, value_name = "K/N|slurm")]
    pub shard: Option<String>,
    /// The shards a merge adds up instead of simulating (set by `huzhu merge`, not an option).
    #[arg(skip)]
    pub merged: Option<Arc<Merged>>,
}

/// `--seed`, with the allowed range (the declaration of `run.seed`) in the message when it is out of it.
fn seed(text: &str) -> std::result::Result<u64, Refusal> {
    let max = registry().get("run.seed").map_or(0.0, |p| p.max) as u64;
    text.trim().parse::<u64>().ok().filter(|&s| s <= max).ok_or_else(|| {
        Refusal(text!(
            "allowed: a whole number from 0 to {max}",
            "允许：0 至 {max} 的整数"
        ))
    })
}

/// How sure the costs are (`compare --psa N`, docs/costs.md).
#[derive(Args, Debug, Default)]
pub struct PsaOptions {
    /// Draw the unit costs N times from their plausible ranges and write psa.csv and ceac.csv: each
    /// programme's incremental cost and effect per draw, and the probability that each is the best
    /// choice at a willingness to pay.
    #[arg(long, value_name = "N")]
    pub psa: Option<usize>,
    /// A unit cost's range for the draws instead of its plausible range (LO = HI holds it fixed;
    /// repeatable).
    #[arg(long = "psa-range", value_name = "KEY=LO:HI", requires = "psa")]
    pub ranges: Vec<String>,
    /// Also draw a unit cost that changes what the model does (KEY, from its plausible range) or any
    /// other parameter of one number (KEY=LO:HI): each draw then runs the scenarios again (repeatable).
    #[arg(long = "psa-vary", value_name = "KEY[=LO:HI]", requires = "psa")]
    pub vary: Vec<String>,
    /// Whose costs: public, collective, villagers_time or societal.
    #[arg(long = "psa-perspective", default_value = "public", requires = "psa")]
    pub perspective: String,
    /// The largest willingness to pay on the curve, in yuan per unmet hour averted.
    #[arg(long = "wtp-max", default_value_t = 100.0, requires = "psa")]
    pub wtp_max: f64,
    /// Steps of the curve from 0 to --wtp-max.
    #[arg(long = "wtp-steps", default_value_t = 50, requires = "psa")]
    pub wtp_steps: usize,
}

impl PsaOptions {
    fn spec(&self) -> Result<Option<psa::Spec>> {
        self.psa
            .map(|n| {
                psa::Spec::new(
                    n,
                    &self.ranges,
                    &self.vary,
                    &self.perspective,
                    (self.wtp_max, self.wtp_steps),
                )
            })
            .transpose()
    }
}

/// What `run` and `compare` can observe inside the villages (none of it draws random numbers).
#[derive(Args, Debug, Default)]
pub struct InsideOptions {
    /// Results by subgroup in groups.csv: dimensions age_band, sex, residence, living, left_behind, need.
    #[arg(long, value_name = "DIM[,DIM...]")]
    pub by: Option<String>,
    /// The network yearly in network.csv: degrees by tie kind, clustering, components, mixing by age.
    #[arg(long)]
    pub network: bool,
    /// Results by village in villages.csv and villages_summary.csv (always with a village table).
    #[arg(long)]
    pub by_village: bool,
    /// Snapshots of the agents and their ties at the end of these calendar years (persons.csv,
    /// ties.csv, GraphML).
    #[arg(long, value_name = "YEAR[,YEAR...]")]
    pub snapshot: Option<String>,
    /// Replicates to snapshot (default 0).
    #[arg(long, value_name = "R[,R...]", requires = "snapshot")]
    pub snapshot_replicates: Option<String>,
    /// Villages to snapshot, by index from 0, or `all` (default 0).
    #[arg(long, value_name = "V[,V...]|all", requires = "snapshot")]
    pub snapshot_villages: Option<String>,
}

/// A comma-separated list of whole numbers given to `option`.
fn numbers<T: std::str::FromStr>(option: &str, text: &str) -> Result<Vec<T>> {
    text.split(',')
        .map(|x| {
            x.trim().parse::<T>().map_err(|_| {
                Error::input(
                    option,
                    None,
                    text!(
                        "`{x}` is not a whole number; allowed: numbers separated by commas",
                        "`{x}` 不是整数；允许：以逗号分隔的数",
                        x = x.trim()
                    ),
                )
            })
        })
        .collect()
}

impl InsideOptions {
    /// What to observe, checked against the scenarios that will run.
    fn observe(&self, scenarios: &[Scenario]) -> Result<Observe> {
        let mut observe = Observe {
            by: self.by.as_deref().map(Dim::parse_list).transpose()?.unwrap_or_default(),
            network: self.network,
            by_village: self.by_village || scenarios.iter().any(|s| s.table.is_some()),
            ..Observe::default()
        };
        if let Some(years) = &self.snapshot {
            let villages = match self.snapshot_villages.as_deref() {
                Some("all") => {
                    let most = scenarios.iter().map(|s| s.params().villages.count).max().unwrap_or(0);
                    (0..most).collect()
                }
                Some(list) => numbers("--snapshot-villages", list)?,
                None => vec![0],
            };
            observe.snapshot = SnapshotSpec {
                years: numbers("--snapshot", years)?,
                replicates: match &self.snapshot_replicates {
                    Some(list) => numbers("--snapshot-replicates", list)?,
                    None => vec![0],
                },
                villages,
            };
        }
        observe.check(scenarios)?;
        Ok(observe)
    }
}

#[derive(Clone, Copy, Debug, Default, ValueEnum)]
pub enum LangArg {
    #[default]
    En,
    Zh,
}

fn lang_of(arg: Option<LangArg>) -> Lang {
    match arg.unwrap_or_default() {
        LangArg::En => Lang::En,
        LangArg::Zh => Lang::Zh,
    }
}

impl RunOptions {
    /// Where messages go: stderr in the language of `--lang`, or nowhere with `--quiet`.
    fn console(&self) -> Console {
        Console {
            quiet: self.quiet,
            lang: self.lang(),
        }
    }

    fn lang(&self) -> Lang {
        lang_of(self.lang)
    }

    /// The report's language, or None with --no-report.
    fn report(&self) -> Option<Lang> {
        (!self.no_report).then_some(self.lang())
    }

    /// Refuses the options that `command` would accept and ignore: `--out`, `--lang` and `--no-report`
    /// where it writes no files or no report (`--lang` beside `--no-report` still sets the terminal's
    /// language).
    fn refuse_unused(&self, command: &str, writes_files: bool, writes_report: bool) -> Result<()> {
        let unused = |option: &str, (en, zh): (&str, &str)| {
            Err(Error::input(
                option,
                None,
                text!(
                    "{command} {en}, so the option would do nothing; allowed: the command without {option}",
                    "{command} {zh}，该选项不起作用；允许：不带 {option} 的命令"
                ),
            ))
        };
        let no_files = ("writes no files (it prints its result)", "不写文件（结果打印在终端）");
        if !writes_files && self.out.is_some() {
            return unused("--out", no_files);
        }
        if !writes_files && self.force {
            return unused("--force", no_files);
        }
        if !writes_report && self.lang.is_some() {
            return unused(
                "--lang",
                (
                    "writes no report, and prints in English only",
                    "不写报告，终端输出只有英文",
                ),
            );
        }
        if !writes_report && self.no_report {
            return unused("--no-report", ("writes no report", "不写报告"));
        }
        Ok(())
    }

    /// Refuses `--shard` where `command` cannot be split: `why` says what it does instead.
    fn refuse_shard(&self, command: &str, why: (&str, &str)) -> Result<()> {
        let (en, zh) = why;
        match self.shard {
            Some(_) => Err(Error::input(
                "--shard",
                None,
                text!(
                    "{command} {en}, so it is not split into shards; allowed: --shard with run, compare, sweep, sensitivity or fit",
                    "{command} {zh}，不能拆分为分片；允许：--shard 与 run、compare、sweep、sensitivity 或 fit 同用"
                ),
            )),
            None => Ok(()),
        }
    }

    /// The shard this command does, if `--shard` asks for one.
    fn spec(&self) -> Result<Option<ShardSpec>> {
        self.shard.as_deref().map(ShardSpec::parse).transpose()
    }

    /// The folder of the command's results: `--out`, or `default`. A shard writes its part beside it,
    /// in `shard_dir`.
    fn out_dir(&self, default: PathBuf) -> PathBuf {
        self.out.clone().unwrap_or(default)
    }

    /// The manifest's run_info: when, the command, and the shards a merge added up.
    fn run_info(&self, started: SystemTime) -> RunInfo {
        RunInfo {
            started,
            finished: SystemTime::now(),
            command: std::env::args().collect(),
            shards: self.merged.as_ref().map(|m| m.shards_info()),
        }
    }
}

/// The folder of a command's shards beside its results: `<results>-shards`.
fn shards_dir(results: &Path) -> PathBuf {
    PathBuf::from(format!("{}-shards", results.display()))
}

/// The folder of one shard: `<results>-shards/K`.
fn shard_dir(results: &Path, spec: ShardSpec) -> PathBuf {
    shards_dir(results).join(spec.k.to_string())
}

pub fn main(cli: Cli) -> Result<()> {
    match cli.command {
        Command::Run {
            scenarios,
            options,
            inside,
        } => {
            options.refuse_unused("run", true, true)?;
            run(&scenarios, &options, &inside)
        }
        Command::Compare {
            baseline,
            others,
            options,
            inside,
            psa,
        } => {
            options.refuse_unused("compare", true, true)?;
            let files: Vec<PathBuf> = std::iter::once(baseline).chain(others).collect();
            compare(&files, &options, &inside, &psa)
        }
        Command::Effects { scenarios, options } => {
            options.refuse_unused("effects", false, false)?;
            options.refuse_shard("effects", PRINTS_A_TABLE)?;
            let (mut scenarios, references) = library::with_references(load_files(&scenarios)?)?;
            compare::align(&mut scenarios);
            let scenarios = apply_options(scenarios, &options)?;
            let run = simulate(&scenarios, &options)?;
            print!("{}", library::markdown(&run, &references, &command_line()));
            Ok(())
        }
        Command::Sweep {
            scenario,
            vary,
            design,
            samples,
            reference,
            yearly,
            stop_after,
            options,
        } => {
            options.refuse_unused("sweep", true, false)?;
            let (s, results) = experiment_setup(&scenario, &options, "sweep")?;
            let command = plan_args(&options);
            let (part, dir) = part(&options, &command, &results)?;
            let how = execution(&dir, &options, stop_after, part);
            let design = match design {
                DesignArg::Grid => sweep::Design::Grid,
                DesignArg::Lhs => sweep::Design::Lhs,
            };
            print!("{}", sweep::sweep(s, &vary, design, samples, &reference, yearly, &how)?);
            Ok(())
        }
        Command::Sensitivity {
            scenario,
            vary,
            method,
            samples,
            metrics,
            stop_after,
            options,
        } => {
            options.refuse_unused("sensitivity", true, false)?;
            let (s, results) = experiment_setup(&scenario, &options, "sensitivity")?;
            let command = plan_args(&options);
            let (part, dir) = part(&options, &command, &results)?;
            let how = execution(&dir, &options, stop_after, part);
            let method = match method {
                MethodArg::Morris => sweep::Method::Morris,
                MethodArg::Sobol => sweep::Method::Sobol,
            };
            print!("{}", sweep::sensitivity(s, &vary, method, samples, &metrics, &how)?);
            Ok(())
        }
        Command::Fit {
            scenario,
            targets,
            vary,
            particles,
            alpha,
            min_acceptance,
            budget,
            stop_after,
            options,
        } => {
            options.refuse_unused("fit", true, true)?;
            let (s, results) = experiment_setup(&scenario, &options, "fit")?;
            let targets = fit::load_targets(&targets, &s)?;
            let priors = vary.iter().map(|v| fit::Prior::parse(v)).collect::<Result<Vec<_>>>()?;
            if particles < 4 || !(0.05..=0.95).contains(&alpha) || !(0.0..1.0).contains(&min_acceptance) {
                return Err(Error::input(
                    "--particles/--alpha/--min-acceptance",
                    None,
                    text!(
                        "allowed: at least 4 particles, alpha 0.05 to 0.95, min-acceptance 0 to below 1",
                        "允许：至少 4 个粒子，`--alpha` 为 0.05 至 0.95，`--min-acceptance` 为 0 至小于 1"
                    ),
                ));
            }
            let settings = fit::Settings {
                particles,
                alpha,
                min_acceptance,
                budget,
            };
            let command = plan_args(&options);
            let (part, dir) = part(&options, &command, &results)?;
            let how = execution(&dir, &options, stop_after, part);
            let name = s.name.clone();
            let render = |kept: &[experiment::abc::Particle], used: usize| {
                let lang = options.lang();
                let (html, charts) = output::fit::report(&name, &priors, &targets, kept, used, lang);
                std::iter::once(("report.html".to_string(), html))
                    .chain(charts)
                    .collect()
            };
            let report: Option<fit::ReportFiles> = options.report().map(|_| &render as fit::ReportFiles);
            print!("{}", fit::fit(s, &targets, &priors, &settings, &how, report)?);
            Ok(())
        }
        Command::Merge {
            shards,
            out,
            quiet,
            force,
            lang: _,
        } => merge(&shards, out.as_deref(), quiet, force),
        Command::Allocate {
            baseline,
            lever,
            budget_year,
            options,
        } => {
            options.refuse_unused("allocate", true, true)?;
            options.refuse_shard(
                "allocate",
                ("chooses from runs of every village", "要根据每个村的运行结果来选择"),
            )?;
            allocate(&baseline, &lever, budget_year, &options)
        }
        Command::Slurm {
            scenarios,
            tasks,
            cpus,
            partition,
            time,
            mem,
            merge_mem,
            out,
            command,
        } => {
            let resources = Resources {
                tasks,
                cpus,
                partition: partition.as_deref(),
                time: time.as_deref(),
                mem: mem.as_deref(),
                merge_mem: merge_mem.as_deref(),
            };
            print!("{}", slurm_script(&scenarios, &command, &resources, out)?);
            Ok(())
        }
        Command::Check {
            scenarios,
            set,
            resolved,
            lang,
        } => {
            let options = RunOptions {
                set,
                ..RunOptions::default()
            };
            let lang = lang_of(lang);
            // Every file is checked and every file's error reported, not only the first.
            let mut errors = Vec::new();
            for file in &scenarios {
                match load(std::slice::from_ref(file), &options) {
                    Ok(loaded) if resolved => loaded.iter().for_each(|s| print!("{}", s.to_toml())),
                    Ok(loaded) => loaded.iter().for_each(|s| {
                        match lang {
                            Lang::En => println!("{}: ok ({})", s.file, s.name),
                            Lang::Zh => println!("{}：无误（{}）", s.file, s.name),
                        }
                        print!("{}", village_targets(s, lang));
                    }),
                    Err(e) => errors.push(e),
                }
            }
            match errors.len() {
                0 => Ok(()),
                1 => Err(errors.remove(0)),
                n => {
                    for e in &errors {
                        eprintln!("{}{}", lang.pick("error: ", "错误："), e.text(lang));
                    }
                    let files = scenarios.len();
                    Err(Error::input(
                        "check",
                        None,
                        text!(
                            "{n} of {files} files have errors (above)",
                            "{files} 个文件中有 {n} 个有错误（见上）"
                        ),
                    ))
                }
            }
        }
        Command::Params { format } => {
            print!("{}", params_text(format));
            Ok(())
        }
        Command::Survey {
            scenario,
            year,
            sample,
            min_age,
            villages,
            survey_seed,
            options,
        } => {
            options.refuse_unused("survey", true, false)?;
            options.refuse_shard(
                "survey",
                (
                    "draws its sample from every village of one replicate at once",
                    "要从同一次重复运行的所有村庄中一次抽取样本",
                ),
            )?;
            survey(&scenario, &options, year, sample, min_age, villages, survey_seed)
        }
        Command::Calibrate {
            scenarios: files,
            options,
        } => {
            options.refuse_unused("calibrate", false, false)?;
            options.refuse_shard("calibrate", PRINTS_A_TABLE)?;
            let mut scenarios = load(&files, &options)?;
            let given = scenarios.len();
            scenarios.extend(calibration::culture_scenarios(&scenarios[0])?);
            let run = simulate(&scenarios, &options)?;
            let s = &run.scenarios;
            let rows = calibration::check(&s[0], s[..given].get(1), [&s[given], &s[given + 1]]);
            print!("{}", calibration::markdown(&run.scenarios, &rows, &command_line()));
            Ok(())
        }
    }
}

/// The scenario of a sweep or sensitivity analysis and its output folder (default
/// `results/<name>_<kind>`).
fn experiment_setup(file: &Path, options: &RunOptions, kind: &str) -> Result<(Scenario, PathBuf)> {
    let s = load(&[file.to_path_buf()], options)?.remove(0);
    let dir = options.out_dir(experiment_out(&s, kind));
    Ok((s, dir))
}

/// The default output folder of a sweep or sensitivity analysis: `results/<name>_<kind>`.
fn experiment_out(s: &Scenario, kind: &str) -> PathBuf {
    Path::new("results").join(format!("{}_{kind}", s.name))
}

/// The command that names a plan: the merged shards' command, or this process's own arguments.
fn plan_args(options: &RunOptions) -> Vec<String> {
    match &options.merged {
        Some(m) => m.command().to_vec(),
        None => std::env::args().skip(1).collect(),
    }
}

/// Which part of a sweep's or sensitivity analysis's plan this command does, and the folder it writes:
/// the results, or a shard's folder beside them.
fn part<'a>(options: &'a RunOptions, command: &'a [String], results: &'a Path) -> Result<(sweep::Part<'a>, PathBuf)> {
    Ok(match (&options.merged, options.spec()?) {
        (Some(m), _) => (sweep::Part::Merge(m), results.to_path_buf()),
        (None, Some(spec)) => (sweep::Part::Shard(spec, command, results), shard_dir(results, spec)),
        (None, None) => (sweep::Part::Whole, results.to_path_buf()),
    })
}

fn execution<'a>(
    dir: &'a Path,
    options: &RunOptions,
    stop_after: Option<usize>,
    part: sweep::Part<'a>,
) -> sweep::Execution<'a> {
    sweep::Execution {
        dir,
        threads: options.threads,
        console: options.console(),
        stop_after,
        force: options.force,
        part,
    }
}

/// The command as typed, without `--quiet`, for the headers of generated documents.
fn command_line() -> String {
    let args: Vec<String> = std::env::args().skip(1).filter(|a| a != "--quiet").collect();
    format!("huzhu {}", args.join(" "))
}

/// Loads scenario files (the built-in baseline when there are none).
fn load_files(files: &[PathBuf]) -> Result<Vec<Scenario>> {
    if files.is_empty() {
        Ok(vec![Scenario::builtin_baseline()])
    } else {
        files.iter().map(|f| Scenario::load(f)).collect()
    }
}

/// Loads the scenarios and applies the options, so that every error is found before anything runs.
pub fn load(files: &[PathBuf], options: &RunOptions) -> Result<Vec<Scenario>> {
    apply_options(load_files(files)?, options)
}

/// Applies `--set`, `--replicates`, `--seed` and `--years` to every scenario, checks each, and checks
/// `--threads` and the sizes of running them, so that every error is found before anything is written.
fn apply_options(mut scenarios: Vec<Scenario>, options: &RunOptions) -> Result<Vec<Scenario>> {
    let mut overrides: Vec<(String, &str)> = options.set.iter().map(|s| (s.clone(), "--set")).collect();
    for (key, value, flag) in [
        ("run.replicates", options.replicates.map(u64::from), "--replicates"),
        ("run.seed", options.seed, "--seed"),
        ("run.years", options.years.map(u64::from), "--years"),
    ] {
        if let Some(v) = value {
            overrides.push((format!("{key}={v}"), flag));
        }
    }
    for s in &mut scenarios {
        for (assignment, flag) in &overrides {
            s.set(assignment, flag)?;
        }
        s.resolve_table()?;
        s.validate()?;
    }
    crate::limits::check_threads(options.threads)?;
    crate::limits::check_run(&scenarios, options.force)?;
    Ok(scenarios)
}

fn simulate(scenarios: &[Scenario], options: &RunOptions) -> Result<Run> {
    simulate_observed(scenarios, options, &Observe::default())
}

fn simulate_observed(scenarios: &[Scenario], options: &RunOptions, observe: &Observe) -> Result<Run> {
    let total: u64 = scenarios
        .iter()
        .map(|s| s.params().villages.count * s.params().run.replicates as u64)
        .sum();
    let console = options.console();
    let progress = console.progress(total, 0, Unit::Villages);
    let run = engine::run_observed(scenarios, options.threads, &progress, observe)?;
    progress.finish();
    let mib = output::peak_memory_bytes().map(|b| b / (1 << 20));
    console.say(
        format!(
            "simulated {} agent-months in {:.2} s: {:.0} agent-months/s with {} threads{}",
            run.agent_months,
            run.seconds,
            run.agent_months_per_second(),
            run.threads,
            mib.map_or(String::new(), |m| format!("; peak memory {m} MiB"))
        ),
        format!(
            "模拟了 {} 人·月，用时 {:.2} 秒：每秒 {:.0} 人·月，{} 个线程{}",
            run.agent_months,
            run.seconds,
            run.agent_months_per_second(),
            run.threads,
            mib.map_or(String::new(), |m| format!("；内存峰值 {m} MiB"))
        ),
    );
    Ok(run)
}

fn run(files: &[PathBuf], options: &RunOptions, inside: &InsideOptions) -> Result<()> {
    let started = SystemTime::now();
    let scenarios = load(files, options)?;
    let observe = inside.observe(&scenarios)?;
    for (k, s) in scenarios.iter().enumerate() {
        if let Some(earlier) = scenarios[..k].iter().find(|e| e.name == s.name) {
            return Err(Error::input(
                &s.file,
                Some("name"),
                text!(
                    "`{name}` is also the name of {other}, and their rows would mix in one file; allowed: scenarios with different names",
                    "`{name}` 也是 {other} 的名称，二者的行会混在同一个文件中；允许：名称不同的情景",
                    name = s.name,
                    other = earlier.file
                ),
            ));
        }
    }
    let dir = options.out_dir(default_out(&scenarios));
    if let Some(spec) = options.spec()? {
        return write_shard("run", &scenarios, options, &observe, spec, &dir);
    }
    let folder = OutputFolder::claim(&dir, options.force)?;
    let run = totals("run", &scenarios, options, &observe)?;
    let info = options.run_info(started);
    output::write_run(folder, &run, &info, options.report(), &observe)?;
    let main: Vec<&str> = ["residents", "elderly", "in_need"]
        .into_iter()
        .chain(output::report::CHARTED)
        .collect();
    print!("{}", output::final_year_table(&run, &main, options.lang()));
    options.console().wrote(&dir);
    Ok(())
}

/// The run's totals: simulated here, or (in a merge) added up from the shards after checking that
/// they are this command's plan.
fn totals(kind: &str, scenarios: &[Scenario], options: &RunOptions, observe: &Observe) -> Result<Run> {
    let Some(merged) = &options.merged else {
        return simulate_observed(scenarios, options, observe);
    };
    let spec = ShardSpec { k: 0, n: merged.n() };
    let job = Job::new(kind, merged.command(), &scenarios_text(scenarios), spec);
    merged.check(&job)?;
    Ok(engine::assemble(scenarios, merged.pieces(scenarios, &job, observe)?))
}

/// Runs this shard's pieces of a run or comparison and writes its folder beside the results `results`
/// (the partial sums and the manifest that names the plan).
fn write_shard(
    kind: &str,
    scenarios: &[Scenario],
    options: &RunOptions,
    observe: &Observe,
    spec: ShardSpec,
    results: &Path,
) -> Result<()> {
    if !observe.snapshot.years.is_empty() {
        return Err(Error::input(
            "--shard",
            None,
            text!(
                "with --snapshot: snapshots are of chosen villages, written whole, and not split into shards; allowed: --shard with --by and --network, or --snapshot in one process",
                "与 --snapshot 同用：快照针对选定的村庄，整体写出，不拆分为分片；允许：--shard 与 --by、--network 同用，或在单个进程中用 --snapshot"
            ),
        ));
    }
    if observe.by_village {
        return Err(Error::input(
            "--shard",
            None,
            text!(
                "with results by village (--by-village, or a village table): these are not split into shards yet; allowed: --shard without them (a county's table runs in seconds in one process)",
                "与分村结果（--by-village 或村庄表）同用：分村结果暂不能拆分为分片；允许：不带分村结果的 --shard（一个县的村庄表在单个进程中几秒即可运行完）"
            ),
        ));
    }
    let started = SystemTime::now();
    let args: Vec<String> = std::env::args().skip(1).collect();
    let job = Job::new(kind, &args, &scenarios_text(scenarios), spec);
    let dir = shard_dir(results, spec);
    let mut folder = OutputFolder::claim(&dir, options.force)?;
    let pieces = job.pieces(scenarios);
    let villages: u64 = pieces.iter().map(|p| p.villages.end - p.villages.start).sum();
    let console = options.console();
    let progress = console.progress(villages, 0, Unit::Villages);
    let done = engine::run_pieces(scenarios, &pieces, options.threads, &progress, observe)?;
    progress.finish();
    let timing = shard::timing(started, done.threads, done.seconds, Some(done.agent_months));
    let units = job.units(shard::run_units(scenarios));
    let tables = shard::Table::of(observe);
    for table in &tables {
        folder.write(table.file(), &table.csv(&done)?)?;
    }
    let files: Vec<&str> = tables.iter().map(|t| t.file()).collect();
    job.commit(folder, &files, results, units, timing, "")?;
    let speed = done.agent_months as f64 / done.seconds.max(1e-9);
    console.say(
        format!(
            "shard {spec}: {villages} villages, {} agent-months in {:.2} s ({speed:.0} agent-months/s with {} threads); wrote {}",
            done.agent_months,
            done.seconds,
            done.threads,
            dir.display()
        ),
        format!(
            "分片 {spec}：{villages} 个村，{} 人·月，用时 {:.2} 秒（每秒 {speed:.0} 人·月，{} 个线程）；已写入 {}",
            done.agent_months,
            done.seconds,
            done.threads,
            dir.display()
        ),
    );
    Ok(())
}

/// `huzhu merge`: reads and checks the shards, then runs their command again in the folder it ran in,
/// adding up the shards instead of simulating, so that the files are written by the same code.
fn merge(dirs: &[PathBuf], out: Option<&Path>, quiet: bool, force: bool) -> Result<()> {
    let merged = Merged::load(dirs)?;
    let here = working_folder()?;
    let out = out.map_or_else(|| merged.results(), |o| here.join(o));
    std::env::set_current_dir(merged.cwd()).map_err(|e| {
        Error::input(
            "merge",
            None,
            Text::by(|l| {
                let (cwd, reason) = (merged.cwd().display(), io_reason(&e));
                match l {
                    Lang::En => format!("the shards' command ran in {cwd}, which cannot be entered ({}); allowed: merging where that folder (and its scenario files) is", reason.get(l)),
                    Lang::Zh => format!("分片的命令运行于 {cwd}，无法进入该文件夹（{}）；允许：在该文件夹（及其情景文件）所在的机器上合并", reason.get(l)),
                }
            }),
        )
    })?;
    let mut args = vec!["huzhu".to_string()];
    args.extend(merged.command().iter().cloned());
    args.extend(["--out".to_string(), out.display().to_string()]);
    args.extend(quiet.then(|| "--quiet".to_string()));
    args.extend(force.then(|| "--force".to_string()));
    let unreadable = |(en, zh): (&str, &str)| {
        Error::input(
            "merge",
            None,
            text!(
                "the shards' command `huzhu {command}` {en}; allowed: shards of run, compare, sweep, sensitivity or fit written by this version",
                "分片的命令 `huzhu {command}` {zh}；允许：此版本写出的 run、compare、sweep、sensitivity 或 fit 的分片",
                command = merged.command().join(" ")
            ),
        )
    };
    let mut cli = Cli::try_parse_from(&args).map_err(|e| {
        let why = cli_error(&e);
        unreadable((
            &format!("cannot be read: {}", why.get(Lang::En)),
            &format!("无法读取：{}", why.get(Lang::Zh)),
        ))
    })?;
    match &mut cli.command {
        Command::Run { options, .. }
        | Command::Compare { options, .. }
        | Command::Sweep { options, .. }
        | Command::Sensitivity { options, .. }
        | Command::Fit { options, .. } => options.merged = Some(Arc::new(merged)),
        _ => {
            return Err(unreadable((
                "is not one that is split into shards",
                "不是可拆分为分片的命令",
            )))
        }
    }
    main(cli)
}

/// With a village table, each village's targets beside the simulated village at month 0 (replicate 0):
/// registered villagers, the share away, the share of residents 60+.
fn village_targets(s: &Scenario, lang: Lang) -> String {
    let (Some(table), Some(params)) = (&s.table, s.village_params()) else {
        return String::new();
    };
    let target = |x: Option<f64>| x.map_or("–".to_string(), |x| format!("{x:.2}"));
    let (villages, file) = (table.rows.len(), &table.file);
    let heading = match lang {
        Lang::En => {
            format!("  {villages} villages from {file} (month 0 of replicate 0; – where the table sets no target):\n")
        }
        Lang::Zh => format!("  {file} 中的 {villages} 个村（第 0 次重复运行的第 0 月；– 表示村庄表未设目标值）：\n"),
    };
    let header = match lang {
        Lang::En => [
            "village",
            "registered (table)",
            "away (target)",
            "residents 60+ (target)",
        ],
        Lang::Zh => [
            "村庄",
            "户籍人口（村庄表）",
            "外出人口占比（目标）",
            "60岁及以上常住老年人占比（目标）",
        ],
    };
    let mut rows = vec![header.map(String::from).to_vec()];
    for (v, (row, p)) in table.rows.iter().zip(&params).enumerate() {
        let key = crate::model::rng::village_key(p.run.seed, 0, v as u64);
        let c = crate::model::census::Month0::of(&crate::model::init::initialize(p, key));
        let share = |a: u64, b: u64| a as f64 / b.max(1) as f64;
        rows.push(vec![
            row.name.clone(),
            format!("{} ({:.0})", c.registered, row.population),
            format!("{:.2} ({})", share(c.away, c.registered), target(row.share_away)),
            format!("{:.2} ({})", share(c.residents_60, c.residents), target(row.share_60)),
        ]);
    }
    heading + &output::columns(&rows, &[false, true, true, true])
}

/// `huzhu allocate`: estimates, the choice under the budget, the plan and the spread by population
/// against the baseline, and their files.
fn allocate(file: &Path, lever: &str, budget: f64, options: &RunOptions) -> Result<()> {
    use crate::experiment::allocate::{self as alloc, by_effect, by_population, choose, with_lever};
    use crate::scenario::declare::Section;
    let started = SystemTime::now();
    let base = load(&[file.to_path_buf()], options)?.remove(0);
    if !crate::scenario::levers::LEVER_NAMES.contains(&lever) {
        return Err(Error::input(
            "--lever",
            None,
            text!("`{lever}` is not a lever; allowed: ", "`{lever}` 不是政策工具；允许：").then(
                "",
                "",
                &code_list(crate::scenario::levers::LEVER_NAMES.iter()),
            ),
        ));
    }
    if !(budget.is_finite() && budget > 0.0) {
        return Err(Error::input(
            "--budget-year",
            None,
            text!(
                "{budget}; allowed: yuan a year, more than 0",
                "{budget}；允许：大于 0 的元/年"
            ),
        ));
    }
    let table = base.table.clone().ok_or_else(|| {
        let message = text!(
            "allocate chooses among the villages of a village table; allowed: a scenario with villages.file (docs/county.md)",
            "allocate 在村庄表的各村中选择；允许：含 villages.file 的情景（见 docs/county.md）"
        );
        Error::input(&base.file, Some("villages.file"), message)
    })?;
    let on_key = format!("levers.{lever}.on");
    if base
        .village_params()
        .unwrap_or_default()
        .iter()
        .any(|p| p.get(&on_key) == Some(crate::scenario::declare::Value::Bool(true)))
    {
        return Err(Error::input(
            &base.file,
            Some(&on_key),
            text!(
                "the baseline already has {lever} in force in some villages; allowed: a baseline without it, so that each village's effect is the lever's",
                "基准情景中已有部分村庄实施 {lever}；允许：不含该政策工具的基准情景，使各村的效果都来自该政策工具"
            ),
        ));
    }
    let everywhere = with_lever(&base, lever, None, &format!("{}_{lever}_everywhere", base.name))?;
    let observe = Observe {
        by_village: true,
        ..Observe::default()
    };
    let dir = options.out_dir(Path::new("results").join(format!("{}_allocate_{lever}", base.name)));
    let mut folder = OutputFolder::claim(&dir, options.force)?;
    let estimated = simulate_observed(&[base.clone(), everywhere], options, &observe)?;
    let estimates = alloc::estimates(&estimated.scenarios[0], &estimated.scenarios[1], &table);
    let plan = choose(&estimates, &by_effect(&estimates), budget);
    let spread = choose(&estimates, &by_population(&estimates), budget);
    let scenarios = vec![
        base.clone(),
        with_lever(&base, lever, Some(&plan), &format!("{}_plan", base.name))?,
        with_lever(&base, lever, Some(&spread), &format!("{}_by_population", base.name))?,
    ];
    let run = simulate_observed(&scenarios, options, &observe)?;
    let info = options.run_info(started);
    let (mut files, rows) = comparison_files(&run, &info, &observe, options, None)?;
    let mut allocation = output::CsvText::default();
    allocation.row([
        "village",
        "population",
        "yuan_year_max",
        "yuan_total",
        "unmet_hours_averted",
        "hours_averted_per_10000_yuan",
        "rank_by_effect",
        "chosen",
        "chosen_by_population",
    ])?;
    let order = by_effect(&estimates);
    for e in &estimates {
        let max = e.cost.iter().flatten().copied().fold(0.0, f64::max);
        let rank = order
            .iter()
            .position(|&v| v == e.village)
            .map_or(String::new(), |r| (r + 1).to_string());
        allocation.row([
            e.name.clone(),
            output::fmt_num(e.population),
            output::fmt_num(max),
            output::fmt_num(e.total_cost()),
            output::fmt_num(e.averted),
            output::fmt_num(e.per_yuan() * 10_000.0),
            rank,
            plan[e.village].to_string(),
            spread[e.village].to_string(),
        ])?;
    }
    let plan_table = scenarios[1]
        .table
        .as_ref()
        .map(|t| t.to_csv())
        .transpose()?
        .unwrap_or_default();
    let plan_toml = format!(
        "name = \"{}_plan\"\ndescription = \"{lever} in the villages huzhu allocate chose under {budget} yuan a year (元/年)\"\nextends = {}\nreference = {}\n\n[villages]\nfile = \"plan_villages.csv\"\n",
        base.name,
        toml_string(&absolute(file)),
        toml_string(&absolute(file))
    );
    files.extend([
        ("allocation.csv".into(), allocation.finish()?),
        ("plan_villages.csv".into(), plan_table),
        ("plan.toml".into(), plan_toml),
    ]);
    for (name, content) in &files {
        folder.write(name, content)?;
    }
    folder.commit("")?;
    let count = |c: &[bool]| c.iter().filter(|&&x| x).count();
    match options.lang() {
        Lang::En => println!(
            "{lever} under {} yuan a year (元/年): the plan chooses {} of {} villages by unmet hours averted per yuan; the same budget spread by population reaches {}",
            output::fmt_num(budget),
            count(&plan),
            estimates.len(),
            count(&spread)
        ),
        Lang::Zh => println!(
            "{lever}，年度预算 {} 元（元/年）：按每元减少的未满足照料小时数选出 {} 个村（共 {} 个）；同样的预算按人口分配可覆盖 {} 个村",
            output::fmt_num(budget),
            count(&plan),
            estimates.len(),
            count(&spread)
        ),
    }
    print!(
        "{}",
        output::comparison::table(&run.scenarios[0].scenario.name, &rows, options.lang())
    );
    options.console().wrote(&dir);
    Ok(())
}

/// A path made absolute against the working folder.
fn absolute(path: &Path) -> PathBuf {
    std::env::current_dir()
        .map(|d| d.join(path))
        .unwrap_or_else(|_| path.to_path_buf())
}

/// A path as a TOML string.
fn toml_string(path: &Path) -> String {
    toml::Value::String(path.display().to_string()).to_string()
}

/// What the tasks of a Slurm script ask for.
struct Resources<'a> {
    tasks: u64,
    cpus: u32,
    partition: Option<&'a str>,
    time: Option<&'a str>,
    mem: Option<&'a str>,
    merge_mem: Option<&'a str>,
}

/// `huzhu slurm`: checks the command as its shards will run it (options and scenario files), then
/// prints the script.
fn slurm_script(
    scenarios: &[PathBuf],
    command: &[String],
    resources: &Resources,
    out: Option<PathBuf>,
) -> Result<String> {
    let bad = |m: Text| Error::input("slurm", None, m);
    if resources.tasks == 0 || resources.cpus == 0 {
        return Err(bad(text!(
            "--tasks and --cpus must be at least 1; allowed: whole numbers from 1",
            "--tasks 和 --cpus 至少为 1；允许：不小于 1 的整数"
        )));
    }
    let command: Vec<String> = match (scenarios.is_empty(), command.is_empty()) {
        (false, true) => std::iter::once("run".to_string())
            .chain(scenarios.iter().map(|p| p.display().to_string()))
            .collect(),
        (true, false) => command.to_vec(),
        _ => {
            return Err(bad(text!(
                "give either scenario files (to run them) or a command after `--`; allowed: `huzhu slurm A.toml B.toml --tasks N` or `huzhu slurm --tasks N -- sweep A.toml --vary KEY=LO:HI`",
                "请给出情景文件（运行它们）或在 `--` 之后给出命令，二者选一；允许：`huzhu slurm A.toml B.toml --tasks N` 或 `huzhu slurm --tasks N -- sweep A.toml --vary KEY=LO:HI`"
            )))
        }
    };
    let cli =
        Cli::try_parse_from(std::iter::once("huzhu".to_string()).chain(command.iter().cloned())).map_err(|e| {
            let (command, why) = (command.join(" "), cli_error(&e));
            bad(Text::by(|l| match l {
                Lang::En => format!("the command `huzhu {command}` is not valid: {}", why.get(l)),
                Lang::Zh => format!("命令 `huzhu {command}` 无效：{}", why.get(l)),
            }))
        })?;
    let experiment = |scenario: &PathBuf, options: &RunOptions, kind: &str| {
        slurm_checked(options, || {
            Ok(experiment_out(&load(std::slice::from_ref(scenario), options)?[0], kind))
        })
    };
    let default = match &cli.command {
        Command::Run { scenarios, options, .. } => {
            slurm_checked(options, || Ok(default_out(&load(scenarios, options)?)))?
        }
        Command::Compare { baseline, options, .. } => slurm_checked(options, || {
            Ok(compare_out(&load(std::slice::from_ref(baseline), options)?[0]))
        })?,
        Command::Sweep { scenario, options, .. } => experiment(scenario, options, "sweep")?,
        Command::Sensitivity { scenario, options, .. } => experiment(scenario, options, "sensitivity")?,
        Command::Fit { scenario, options, .. } => experiment(scenario, options, "fit")?,
        _ => {
            return Err(bad(text!(
                "allowed: run, compare, sweep, sensitivity or fit after `--`",
                "允许：`--` 之后为 run、compare、sweep、sensitivity 或 fit"
            )))
        }
    };
    let out = out.unwrap_or(default);
    let shards = shards_dir(&out);
    let huzhu = std::env::current_exe().map_err(|e| {
        Error::Failure(text!("cannot find the huzhu program: ", "找不到 huzhu 程序：").then("", "", &io_reason(&e)))
    })?;
    let cwd = working_folder()?;
    let stem = out
        .file_name()
        .map_or("run".into(), |n| n.to_string_lossy().into_owned());
    Ok(slurm::Script {
        command: &command,
        tasks: resources.tasks,
        cpus: resources.cpus,
        partition: resources.partition,
        time: resources.time,
        mem: resources.mem,
        merge_mem: resources.merge_mem,
        name: &format!("huzhu-{stem}"),
        huzhu: &huzhu,
        cwd: &cwd,
        shards: &shards,
        out: &out,
        made_by: &command_line(),
        generations: matches!(cli.command, Command::Fit { .. }),
    }
    .text())
}

/// Refuses, in a Slurm script's command, the options that the script sets itself; then the command's
/// default output folder.
fn slurm_checked(options: &RunOptions, default: impl Fn() -> Result<PathBuf>) -> Result<PathBuf> {
    for (given, option) in [
        (options.shard.is_some(), "--shard"),
        (options.out.is_some(), "--out"),
        (options.threads.is_some(), "--threads"),
    ] {
        if given {
            return Err(Error::input(
                "slurm",
                Some(option),
                text!(
                    "the script sets {option} itself; allowed: the command without it (`huzhu slurm --out` for the results)",
                    "脚本会自行设置 {option}；允许：不带该选项的命令（结果文件夹用 `huzhu slurm --out`）"
                ),
            ));
        }
    }
    default()
}

/// `huzhu survey`: the first replicate, a snapshot of every village in the survey year, and the sample.
fn survey(
    file: &Path,
    options: &RunOptions,
    year: i64,
    sample: usize,
    min_age: u32,
    villages: Option<usize>,
    survey_seed: Option<u64>,
) -> Result<()> {
    let started = SystemTime::now();
    if options.replicates.is_some() {
        return Err(Error::input(
            "--replicates",
            None,
            text!(
                "a survey is drawn from the first replicate only; allowed: the command without --replicates",
                "调查只从第一次重复运行中抽取；允许：不带 --replicates 的命令"
            ),
        ));
    }
    let mut scenarios = load(&[file.to_path_buf()], options)?;
    scenarios[0].set("run.replicates=1", "survey")?;
    let p = scenarios[0].params().clone();
    if sample == 0 {
        return Err(Error::input(
            "--sample",
            None,
            text!("allowed: at least 1 respondent", "允许：至少 1 名受访者"),
        ));
    }
    if min_age > 110 {
        return Err(Error::input(
            "--min-age",
            None,
            text!(
                "{min_age} is too old; allowed: 0 to 110",
                "{min_age} 岁过高；允许：0 至 110"
            ),
        ));
    }
    let villages = villages.unwrap_or(p.villages.count as usize);
    if villages == 0 || villages as u64 > p.villages.count {
        return Err(Error::input(
            "--villages",
            None,
            text!(
                "allowed: 1 to {count} (the villages of the run)",
                "允许：1 至 {count}（本次运行的村庄数）",
                count = p.villages.count
            ),
        ));
    }
    let observe = Observe {
        snapshot: SnapshotSpec {
            years: vec![year],
            replicates: vec![0],
            villages: (0..p.villages.count).collect(),
        },
        ..Observe::default()
    };
    let (first, last) = (p.run.first_year, p.run.first_year + p.run.years as i64 - 1);
    if !(first..=last).contains(&year) {
        return Err(Error::input(
            "--year",
            None,
            text!(
                "{year} is outside the run of `{name}`; allowed: calendar years {first} to {last}",
                "{year} 年不在 `{name}` 的运行期内；允许：{first} 至 {last} 年",
                name = scenarios[0].name
            ),
        ));
    }
    observe.check(&scenarios)?;
    let dir = options
        .out
        .clone()
        .unwrap_or_else(|| Path::new("results").join(format!("{}_survey", scenarios[0].name)));
    let mut folder = OutputFolder::claim(&dir, options.force)?;
    let run = simulate_observed(&scenarios, options, &observe)?;
    let design = survey::Design {
        year,
        sample,
        villages,
        min_age,
        seed: survey_seed.unwrap_or(p.run.seed),
    };
    let snapshots = &run.scenarios[0].replicates[0].observed.snapshots;
    let respondents = survey::sample(snapshots, &design);
    let mut csv = output::CsvText::default();
    csv.row(output::survey::CODEBOOK.iter().map(|c| c.0))?;
    for r in &respondents {
        csv.row(output::survey::cells(r))?;
    }
    let info = options.run_info(started);
    for (name, content) in [
        ("survey.csv".to_string(), csv.finish()?),
        (
            "survey_codebook.md".to_string(),
            output::survey::codebook(&scenarios[0].name, &design, respondents.len()),
        ),
        ("manifest.json".to_string(), output::manifest(&run, &info)),
    ] {
        folder.write(&name, &content)?;
    }
    folder.commit("")?;
    options.console().say(
        format!("{} respondents; wrote {}", respondents.len(), dir.display()),
        format!("{} 名受访者；已写入 {}", respondents.len(), dir.display()),
    );
    Ok(())
}

fn compare(files: &[PathBuf], options: &RunOptions, inside: &InsideOptions, psa: &PsaOptions) -> Result<()> {
    let started = SystemTime::now();
    let mut scenarios = load_files(files)?;
    compare::align(&mut scenarios);
    let scenarios = apply_options(scenarios, options)?;
    let observe = inside.observe(&scenarios)?;
    let psa_spec = psa.spec()?;
    let dir = options.out_dir(compare_out(&scenarios[0]));
    if let Some(spec) = options.spec()? {
        if psa_spec.is_some() {
            return Err(Error::input(
                "--psa",
                None,
                text!(
                    "with --shard: the analysis reads every replicate; allowed: --psa on the merged results' machine, without --shard",
                    "与 --shard 同用：该分析要读取每次重复运行；允许：在存放合并结果的机器上用 --psa，不带 --shard"
                ),
            ));
        }
        return write_shard("compare", &scenarios, options, &observe, spec, &dir);
    }
    let mut folder = OutputFolder::claim(&dir, options.force)?;
    let run = totals("compare", &scenarios, options, &observe)?;
    let analysis = match psa_spec {
        None => None,
        Some(spec) => {
            let console = options.console();
            console.say(
                format!("probabilistic sensitivity analysis: {} draws …", spec.draws),
                format!("概率敏感性分析：{} 次抽样……", spec.draws),
            );
            let again = |changed: &[Scenario]| engine::run(changed, options.threads, &());
            Some(psa::analyse(spec, &scenarios, &run, &again)?)
        }
    };
    let info = options.run_info(started);
    let (mut files, rows) = comparison_files(&run, &info, &observe, options, analysis.as_ref())?;
    if let Some(a) = &analysis {
        files.extend(output::psa::files(a)?);
    }
    for (name, content) in &files {
        folder.write(name, content)?;
    }
    folder.commit("")?;
    let base = &run.scenarios[0];
    print!(
        "{}",
        output::comparison::table(&base.scenario.name, &rows, options.lang())
    );
    if let Some(a) = &analysis {
        print!("{}", output::psa::summary(a, options.lang()));
    }
    options.console().wrote(&dir);
    Ok(())
}

/// A comparison's rows: each scenario after the first, its effects and cost-effectiveness against it.
type ComparisonRows = Vec<(String, Vec<compare::Effect>, compare::CostEffectiveness)>;

/// The files of a comparison of the run's scenarios against its first (the usual files, comparison.csv,
/// cost_effectiveness.csv, what was observed and the report), and its rows.
fn comparison_files(
    run: &Run,
    info: &RunInfo,
    observe: &Observe,
    options: &RunOptions,
    psa: Option<&psa::Psa>,
) -> Result<(Vec<(String, String)>, ComparisonRows)> {
    let base = &run.scenarios[0];
    let rows: ComparisonRows = run.scenarios[1..]
        .iter()
        .map(|s| {
            (
                s.scenario.name.clone(),
                compare::effects(s, base),
                compare::cost_effectiveness(s, base, base.params.run.seed),
            )
        })
        .collect();
    let effects: Vec<(String, Vec<compare::Effect>)> = rows.iter().map(|(n, e, _)| (n.clone(), e.clone())).collect();
    let costs: Vec<(String, compare::CostEffectiveness)> =
        rows.iter().map(|(n, _, c)| (n.clone(), c.clone())).collect();
    let mut files: Vec<(String, String)> = vec![
        ("timeseries.csv".into(), output::timeseries_csv(run)?),
        ("summary.csv".into(), output::summary_csv(run)?),
        ("spending.csv".into(), output::spending::spending_csv(run)?),
        ("comparison.csv".into(), output::comparison::comparison_csv(&effects)?),
        (
            "cost_effectiveness.csv".into(),
            output::comparison::cost_effectiveness_csv(&costs)?,
        ),
        ("manifest.json".into(), output::manifest(run, info)),
    ];
    files.extend(output::inside::files(run, observe)?);
    if let Some(lang) = options.report() {
        let comparison = output::report::Comparison {
            baseline: &base.scenario.name,
            rows: &rows,
            psa,
        };
        files.extend(output::report_files(run, Some(&comparison), lang, observe));
    }
    Ok((files, rows))
}

/// The default output folder of a comparison: `results/compare_<baseline>`.
fn compare_out(baseline: &Scenario) -> PathBuf {
    Path::new("results").join(format!("compare_{}", baseline.name))
}

fn default_out(scenarios: &[Scenario]) -> PathBuf {
    let names: Vec<&str> = scenarios.iter().map(|s| s.name.as_str()).collect();
    Path::new("results").join(names.join("+"))
}

pub fn params_text(format: ParamsFormat) -> String {
    let reg = registry();
    match format {
        ParamsFormat::Table => {
            let mut s = String::from("key\tdefault\tunit\trange\tsource\n");
            for p in &reg.params {
                s.push_str(&format!(
                    "{}\t{}\t{}\t{}\t{}\n",
                    p.key,
                    p.default,
                    p.unit,
                    p.range_text().get(Lang::En),
                    p.source
                ));
            }
            s
        }
        ParamsFormat::Markdown => params_markdown(),
    }
}

fn params_markdown() -> String {
    let reg = registry();
    let mut s = String::from("# Parameter reference\n\nGenerated by `huzhu params --format markdown > docs/parameters.md` from the declarations of the sections in `src/scenario/sections/` and of the levers in `src/scenario/levers/` (do not edit by hand). Every rate is per year unless its key ends in `_month`. A source marked *assumption* has no empirical basis: explore it with `--set`.\n");
    let assumptions = reg.params.iter().filter(|p| p.source.assumed()).count();
    s.push_str(&format!(
        "\n{} parameters, {} of them assumptions.\n",
        reg.params.len(),
        assumptions
    ));
    let mut section = "";
    for p in &reg.params {
        let head = p.key.split('.').next().unwrap_or("");
        let head = if head == "levers" {
            p.key.split('.').take(2).last().unwrap_or("")
        } else {
            head
        };
        if head != section {
            section = head;
            s.push_str(&format!(
                "\n## {section}\n\n| key | default | unit | range | meaning | 中文 | source |\n|---|---|---|---|---|---|---|\n"
            ));
        }
        let source = if p.source.assumed() {
            format!("*{}*", p.source)
        } else {
            p.source.to_string()
        };
        s.push_str(&format!(
            "| `{}` | {} | {} | {} | {} | {} | {} |\n",
            p.key,
            p.default,
            p.unit,
            p.range_text().get(Lang::En),
            p.about,
            p.zh,
            source
        ));
    }
    s.push_str(&format!(
        "\n## Metrics\n\n| name | 中文 |\n|---|---|\n{}",
        metrics::METRICS
            .iter()
            .map(|m| format!("| `{}` | {} |\n", m.name, m.zh))
            .collect::<String>()
    ));
    s
}
