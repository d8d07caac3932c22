//! `huzhu fit`: the parameters a set of observed figures implies, with their uncertainty, by APMC-ABC
//! (`abc.rs`). Each generation's simulations run through the journaled runner of sweeps (a plan per
//! generation, `fit_genT.partial.csv`), so a fit is interrupted and resumed like a sweep; its proposals
//! come from a stream of its own, seeded from the run's seed and the generation, so a fit is a pure
//! function of its inputs and gives the same particles with any thread count. Unlike a sweep, no two
//! simulations of a fit share a seed: a particle's distance must carry the model's own noise, or the
//! particles would gather on the one value that best fits one set of draws.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use rand::SeedableRng;

use super::abc::{self, Particle};
use super::design::Factor;
use super::plan::{self, Plan};
use super::shards::{self, Part};
use super::sweep::Execution;
use crate::cluster::shard;
use crate::error::{Error, Io, Result};
use crate::lang::{code_list, Lang, Text};
use crate::metrics::METRICS;
use crate::model::rng::{mix, Draws};
use crate::observe::groups::{group_columns, Dim, GroupSummary};
use crate::output::folder::OutputFolder;
use crate::output::{fmt_num, CsvText};
use crate::scenario::Scenario;

/// Which months a target's metric is read over.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Window {
    Month0,
    FinalYear,
    Year(i64),
}

/// One observed figure: a metric over a window, its value and its scale (standard error or tolerance).
/// With `group`, the metric is a column of `groups.csv` for the residents of that group (the values of
/// some `--by` dimensions; the others summed over), else a metric of `timeseries.csv`.
#[derive(Clone, Debug, PartialEq)]
pub struct Target {
    pub metric: usize,
    pub window: Window,
    pub value: f64,
    pub scale: f64,
    pub group: Option<Vec<(Dim, usize)>>,
}

/// Reads and checks a targets file: `[[target]]` tables with `metric`, `window`, `value`, and `sd` or
/// `tolerance`; every error names the file, the line and the key.
pub fn load_targets(path: &Path, scenario: &Scenario) -> Result<Vec<Target>> {
    let file = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|e| {
        let allowed = text!("a TOML file of [[target]] tables", "由 `[[target]]` 表组成的 TOML 文件");
        Error::unreadable(&file, &e, allowed)
    })?;
    let table: toml::Table = toml::from_str(&text).map_err(|e| {
        let line = e.span().map(|s| text[..s.start].lines().count().max(1));
        let message = e.message().trim_end();
        let message = text!(
            "is not valid TOML: {message}",
            "不是有效的 TOML（解析器原文：{message}）"
        );
        Error::input(&file, None, message).at_line(line)
    })?;
    // The line of the k-th [[target]] header, and of a key after it.
    let headers: Vec<usize> = text
        .lines()
        .enumerate()
        .filter(|(_, l)| l.trim() == "[[target]]")
        .map(|(n, _)| n + 1)
        .collect();
    let line_of = |k: usize, key: Option<&str>| -> Option<usize> {
        let start = *headers.get(k)?;
        let Some(key) = key else { return Some(start) };
        text.lines()
            .enumerate()
            .skip(start)
            .take_while(|(_, l)| !l.trim_start().starts_with('['))
            .find(|(_, l)| l.split('=').next().is_some_and(|k2| k2.trim() == key))
            .map_or(Some(start), |(n, _)| Some(n + 1))
    };
    if let Some(other) = table.keys().find(|k| *k != "target") {
        return Err(Error::input(
            &file,
            Some(other),
            text!(
                "unknown; allowed: [[target]] tables only",
                "未知；允许：只有 `[[target]]` 表"
            ),
        ));
    }
    let targets = table
        .get("target")
        .and_then(|t| t.as_array())
        .filter(|a| !a.is_empty())
        .ok_or_else(|| {
            let message = text!(
                "no [[target]] table; allowed: one or more",
                "没有 `[[target]]` 表；允许：一个或多个"
            );
            Error::input(&file, Some("target"), message)
        })?;
    let p = scenario.params();
    let (first, last) = (p.run.first_year, p.run.first_year + p.run.years as i64 - 1);
    let mut out = Vec::new();
    for (k, t) in targets.iter().enumerate() {
        let bad = |key: &str, message: Text| Error::input(&file, Some(key), message).at_line(line_of(k, Some(key)));
        let t = t
            .as_table()
            .ok_or_else(|| bad("target", text!("is not a table", "不是表")))?;
        for key in t.keys() {
            if !["metric", "window", "value", "sd", "tolerance", "group"].contains(&key.as_str()) {
                return Err(bad(
                    key,
                    text!(
                        "unknown; allowed: metric, window, value, sd, tolerance, group",
                        "未知；允许：`metric`、`window`、`value`、`sd`、`tolerance`、`group`"
                    ),
                ));
            }
        }
        let group = match t.get("group") {
            None => None,
            Some(toml::Value::Table(g)) => {
                let mut values = Vec::new();
                for (dim, v) in g {
                    let d = Dim::ALL.into_iter().find(|d| d.name() == dim).ok_or_else(|| {
                        bad(
                            "group",
                            text!(
                                "`{dim}` is not a dimension; allowed: age_band, sex, residence, living, left_behind, need",
                                "`{dim}` 不是分组维度；允许：`age_band`、`sex`、`residence`、`living`、`left_behind`、`need`"
                            ),
                        )
                    })?;
                    let text = v.as_str().unwrap_or_default();
                    let at = d.values().iter().position(|x| *x == text).ok_or_else(|| {
                        bad(
                            "group",
                            text!(
                                "`{text}` is not a value of {dim}; allowed: ",
                                "`{text}` 不是 {dim} 的取值；允许："
                            )
                            .then("", "", &code_list(d.values().iter())),
                        )
                    })?;
                    values.push((d, at));
                }
                Some(values)
            }
            Some(_) => {
                return Err(bad(
                    "group",
                    text!(
                        "allowed: a table such as {{ age_band = \"60-69\" }}",
                        "允许：形如 {{ age_band = \"60-69\" }} 的表"
                    ),
                ))
            }
        };
        let name = t.get("metric").and_then(|v| v.as_str()).ok_or_else(|| {
            bad(
                "metric",
                text!(
                    "missing or not text; allowed: a metric of timeseries.csv",
                    "缺失或不是文本；允许：timeseries.csv 中的一个指标"
                ),
            )
        })?;
        let m = if group.is_some() {
            let columns = group_columns();
            columns.iter().position(|c| *c == name).ok_or_else(|| {
                bad(
                    "metric",
                    text!(
                        "`{name}` is not a column of groups.csv; allowed: ",
                        "`{name}` 不是 groups.csv 的列；允许："
                    )
                    .then("", "", &code_list(columns.iter())),
                )
            })?
        } else {
            METRICS.iter().position(|m| m.name == name).ok_or_else(|| {
                bad(
                    "metric",
                    text!(
                        "`{name}` is not a metric; allowed: the columns of timeseries.csv",
                        "`{name}` 不是指标；允许：timeseries.csv 的各列"
                    ),
                )
            })?
        };
        let window = match t.get("window") {
            None => Window::FinalYear,
            Some(toml::Value::String(s)) if s == "final_year" => Window::FinalYear,
            Some(toml::Value::String(s)) if s == "month0" => Window::Month0,
            Some(toml::Value::Integer(y)) if (first..=last).contains(y) => Window::Year(*y),
            Some(v) => {
                return Err(bad(
                    "window",
                    text!(
                        "`{v}`; allowed: \"month0\", \"final_year\" or a calendar year {first} to {last}",
                        "`{v}`；允许：\"month0\"、\"final_year\" 或 {first} 至 {last} 间的年份"
                    ),
                ))
            }
        };
        let number = |key: &str| -> Option<f64> {
            t.get(key)
                .and_then(|v| v.as_float().or_else(|| v.as_integer().map(|i| i as f64)))
        };
        let value = number("value").filter(|v| v.is_finite()).ok_or_else(|| {
            bad(
                "value",
                text!(
                    "missing or not a number; allowed: the observed figure",
                    "缺失或不是数值；允许：观测值"
                ),
            )
        })?;
        let scale = match (number("sd"), number("tolerance")) {
            (Some(s), None) | (None, Some(s)) if s > 0.0 && s.is_finite() => s,
            (Some(_), Some(_)) => {
                return Err(bad(
                    "tolerance",
                    text!(
                        "given with sd; allowed: one of sd or tolerance",
                        "与 `sd` 同时给出；允许：`sd` 或 `tolerance` 之一"
                    ),
                ))
            }
            (None, None) => {
                return Err(bad(
                    "value",
                    text!(
                        "no sd or tolerance; allowed: one of them, above 0",
                        "没有 `sd` 或 `tolerance`；允许：二者之一，大于 0"
                    ),
                ))
            }
            _ => {
                let key = if t.contains_key("sd") { "sd" } else { "tolerance" };
                return Err(bad(key, text!("allowed: a number above 0", "允许：大于 0 的数值")));
            }
        };
        if group.is_some() && window == Window::Month0 {
            return Err(bad(
                "window",
                text!(
                    "\"month0\" with a group; allowed: \"final_year\" or a calendar year",
                    "\"month0\" 不能与分组同用；允许：\"final_year\" 或某个年份"
                ),
            ));
        }
        out.push(Target {
            metric: m,
            window,
            value,
            scale,
            group,
        });
    }
    Ok(out)
}

/// A varied parameter and its prior: uniform on LO..HI, or log-uniform (`KEY=log:LO:HI`).
#[derive(Clone, Debug)]
pub struct Prior {
    pub factor: Factor,
    pub log: bool,
}

impl Prior {
    pub fn parse(text: &str) -> Result<Prior> {
        let (key, range) = text.split_once('=').unwrap_or((text, ""));
        let (log, range) = match range.strip_prefix("log:") {
            Some(r) => (true, r),
            None => (false, range),
        };
        if range.split(':').count() != 2 {
            return Err(Error::input(
                "--vary",
                Some(key.trim()),
                text!(
                    "`{text}`; allowed: KEY=LO:HI (uniform prior) or KEY=log:LO:HI (log-uniform)",
                    "`{text}`；允许：键=下限:上限（均匀先验）或 键=log:下限:上限（对数均匀先验）"
                ),
            ));
        }
        let factor = Factor::parse(&format!("{key}={range}"))?;
        if log && factor.lo <= 0.0 {
            return Err(Error::input(
                "--vary",
                Some(&factor.key),
                text!("a log-uniform prior needs LO above 0", "对数均匀先验要求下限大于 0"),
            ));
        }
        Ok(Prior { factor, log })
    }

    /// The parameter's value at `z` in 0..1 of the prior.
    pub fn value(&self, z: f64) -> f64 {
        let f = &self.factor;
        let x = if self.log {
            libm::exp(libm::log(f.lo) + z * (libm::log(f.hi) - libm::log(f.lo)))
        } else {
            f.lo + z * (f.hi - f.lo)
        };
        f.value(f.unit(x))
    }
}

/// How the fit runs and stops.
pub struct Settings {
    pub particles: usize,
    /// The share of particles kept each generation (Lenormand's α).
    pub alpha: f64,
    /// Stop when a generation accepts fewer of its new particles than this.
    pub min_acceptance: f64,
    /// Most simulations (particles × replicates) in all.
    pub budget: usize,
}

/// A generation's record: its tolerance, acceptance rate and simulations.
struct Generation {
    tolerance: f64,
    acceptance: f64,
    simulations: usize,
}

/// The report's files from the posterior particles and the simulations used (the caller renders them).
pub type ReportFiles<'a> = &'a dyn Fn(&[Particle], usize) -> Vec<(String, String)>;

/// Runs the fit and writes `particles.csv`, `posterior.csv`, `schedule.csv` and, with `report`, the
/// report's files; returns the printed table.
pub fn fit(
    scenario: Scenario,
    targets: &[Target],
    priors: &[Prior],
    settings: &Settings,
    how: &Execution,
    report: Option<ReportFiles>,
) -> Result<String> {
    let lang = how.console.lang;
    let factors: Vec<Factor> = priors.iter().map(|p| p.factor.clone()).collect();
    let k = priors.len();
    let replicates = scenario.params().run.replicates as usize;
    let seed = scenario.params().run.seed;
    let first_year = scenario.params().run.first_year;
    let keep = ((settings.alpha * settings.particles as f64) as usize).clamp(2, settings.particles - 1);
    let mut folder = OutputFolder::claim(how.dir, how.force)?;
    let clock = shards::Clock::start();
    if let Part::Shard(_, _, results) = how.part {
        start_shard(results, how.dir)?;
    }
    if let Part::Merge(merged) = how.part {
        let (here, there) = (normal(how.dir), normal(&merged.results()));
        if here != there {
            return Err(Error::input(
                "--out",
                None,
                text!(
                    "a fit's shards read the generations merged so far from {there}, so its merge goes there; allowed: merge without --out",
                    "拟合的分片从 {there} 读取已合并的各代，合并结果也须写到那里；允许：不加 --out 的 merge",
                    there = there.display()
                ),
            ));
        }
    }
    // A merge puts its shards' generation into the fit's folder, and then runs nothing.
    let mut merged_now = false;
    let rng_of = |t: usize| Draws::seed_from_u64(mix(seed ^ 0xab_c5_3c ^ (t as u64).wrapping_mul(0x9e37_79b9)));
    let mut all: Vec<(usize, Particle)> = Vec::new();
    let mut schedule: Vec<Generation> = Vec::new();
    let mut kept: Vec<Particle> = Vec::new();
    let mut fingerprints = String::new();
    let mut used = 0;
    let mut t = 0;
    loop {
        let mut rng = rng_of(t);
        let chol = (t > 0).then(|| abc::cholesky(&abc::covariance(&kept, 2.0)));
        let count = if t == 0 {
            settings.particles
        } else {
            settings.particles - keep
        };
        if used + count * replicates > settings.budget && t > 0 {
            break;
        }
        let places: Vec<Vec<f64>> = (0..count)
            .map(|_| match &chol {
                None => (0..k).map(|_| rand::RngExt::random::<f64>(&mut rng)).collect(),
                Some(c) => abc::propose(&kept, c, &mut rng),
            })
            .collect();
        let points: Vec<Vec<f64>> = places
            .iter()
            .map(|z| priors.iter().zip(z).map(|(p, &u)| p.factor.unit(p.value(u))).collect())
            .collect();
        let mut plan = Plan::new("fit", scenario.clone(), factors.clone(), points);
        plan.name = format!("fit_gen{t}");
        plan.distinct_from = Some(used as u32);
        plan.yearly = targets.iter().any(|g| matches!(g.window, Window::Year(_)));
        plan.first_month = targets.iter().any(|g| g.window == Window::Month0);
        plan.groups = targets
            .iter()
            .filter_map(|g| {
                g.group.as_ref().map(|values| GroupSummary {
                    name: target_name(g),
                    values: values.clone(),
                    column: g.metric,
                    year: match g.window {
                        Window::Year(y) => Some((y - first_year) as usize),
                        _ => None,
                    },
                })
            })
            .collect();
        let complete = !matches!(how.part, Part::Whole) && plan::complete(&plan, &plan.journal(how.dir))?;
        let whole = 0..plan.runs();
        let gen_file = format!("fit_runs_gen{t}.csv");
        let (final_name, part, stop_after, job) = match how.part {
            Part::Whole => (gen_file, whole, how.stop_after.map(|s| s.saturating_sub(used)), None),
            _ if complete => (gen_file, whole, Some(0), None),
            Part::Shard(spec, command, results) => {
                if t == 0 && plan::finished_in(&plan, results, "fit_runs_gen0.csv") {
                    return Ok(lang.either(
                        format!(
                            "complete: {} already holds the results of this fit; no shard to run\n",
                            results.display()
                        ),
                        format!("已完成：{} 已有这次校准的结果；无需运行分片\n", results.display()),
                    ));
                }
                let (job, block) = shards::shard_of(&plan, spec, command);
                (shard::RUNS.to_string(), block, how.stop_after, Some((job, results)))
            }
            Part::Merge(merged) if !merged_now => {
                if shards::merged_job(&plan, merged).plan != merged.plan() {
                    return Err(Error::input(
                        "merge",
                        None,
                        text!(
                            "the shards are not of generation {t}, the next of the fit in {dir} (merged already, or of another fit); allowed: the shards of its next generation",
                            "这些分片不属于 {dir} 中拟合的下一代（第 {t} 代）（已合并过，或属于另一次拟合）；允许：其下一代的分片",
                            dir = how.dir.display()
                        ),
                    ));
                }
                shards::merge_into(&plan, merged, how.dir)?;
                merged_now = true;
                (gen_file, whole, Some(0), None)
            }
            Part::Merge(merged) => {
                let (runs, n, command) = (plan.runs(), merged.n(), merged.command().join(" "));
                let dir = how.dir.display();
                return Ok(lang.either(
                    format!("generation {t} is next ({runs} runs): run its {n} shards (`huzhu {command} --shard K/{n} --out {dir}`), then merge them\n"),
                    format!("下一代是第 {t} 代（{runs} 次运行）：运行它的 {n} 个分片（`huzhu {command} --shard K/{n} --out {dir}`），再合并\n"),
                ));
            }
        };
        let outcome = plan::execute(
            &plan,
            &mut folder,
            &final_name,
            how.threads,
            how.console,
            stop_after,
            part,
        )?;
        if outcome.finished_before {
            return Ok(match job {
                Some((job, _)) => lang.either(
                    format!(
                        "shard {} of {}: done already in {}\n",
                        job.spec,
                        plan.name,
                        how.dir.display()
                    ),
                    format!("{} 的分片 {}：已在 {} 中完成\n", plan.name, job.spec, how.dir.display()),
                ),
                None => lang.either(
                    format!(
                        "complete: {} already holds the results of this fit; nothing was run\n",
                        how.dir.display()
                    ),
                    format!("已完成：{} 已有这次校准的结果；未运行任何模拟\n", how.dir.display()),
                ),
            });
        }
        let Some(file) = outcome.file.clone() else {
            let (done, total) = (outcome.done, outcome.total);
            return Ok(lang.either(
                format!("generation {t}: {done} of {total} runs done; run the same command again to go on\n"),
                format!("第 {t} 代：{total} 次运行已完成 {done} 次；再次运行同一命令即可继续\n"),
            ));
        };
        if let Some((job, results)) = job {
            return shards::commit(&plan, folder, &job, results, how, &clock, &outcome);
        }
        let _ = writeln!(fingerprints, "plan: {}", plan.fingerprint());
        used += count * replicates;
        let summaries = point_summaries(&plan, &file, targets, first_year)?;
        if matches!(how.part, Part::Shard(..)) {
            // The shard's folder holds its own runs only; this generation's are in the fit's folder.
            std::fs::remove_file(&file).map_err(|e| Error::io(Io::Remove, &file, &e))?;
        }
        let weights: Vec<f64> = match &chol {
            None => vec![1.0; count],
            Some(c) => places.iter().map(|z| abc::weight(z, &kept, c)).collect(),
        };
        let tolerance = kept.last().map_or(f64::INFINITY, |p| p.distance);
        let mut new: Vec<Particle> = places
            .into_iter()
            .zip(summaries)
            .zip(weights)
            .map(|((z, s), weight)| Particle {
                distance: distance(targets, &s),
                z,
                weight,
                summaries: s,
            })
            .collect();
        let accepted = new.iter().filter(|p| p.distance <= tolerance).count();
        let acceptance = if t == 0 { 1.0 } else { accepted as f64 / count as f64 };
        all.extend(new.iter().cloned().map(|p| (t, p)));
        kept.append(&mut new);
        kept.sort_by(|a, b| a.distance.total_cmp(&b.distance));
        kept.truncate(keep);
        schedule.push(Generation {
            tolerance: kept.last().map_or(f64::NAN, |p| p.distance),
            acceptance,
            simulations: used,
        });
        t += 1;
        if (t > 1 && acceptance < settings.min_acceptance) || used >= settings.budget {
            break;
        }
    }
    write_outputs(&mut folder, priors, targets, &all, &kept, &schedule)?;
    if let Some(report) = report {
        for (name, content) in report(&kept, used) {
            folder.write(&name, &content)?;
        }
    }
    folder.commit(&fingerprints)?;
    Ok(table(priors, targets, &kept, &schedule, lang))
}

/// A path without its `.` parts, to compare two spellings of one folder.
fn normal(path: &Path) -> PathBuf {
    path.components()
        .filter(|c| !matches!(c, std::path::Component::CurDir))
        .collect()
}

/// A fit's shard starts from the generations merged so far: their journals are copied from the fit's
/// folder `results` into the shard's folder `dir`, where the runner finds them done.
fn start_shard(results: &Path, dir: &Path) -> Result<()> {
    let Ok(entries) = std::fs::read_dir(results) else {
        return Ok(());
    };
    std::fs::create_dir_all(dir).map_err(|e| Error::io(Io::Create, dir, &e))?;
    for entry in entries.filter_map(|e| e.ok()) {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with("fit_gen") && name.ends_with(".partial.csv") {
            std::fs::copy(entry.path(), dir.join(&name)).map_err(|e| Error::io(Io::Copy, &entry.path(), &e))?;
        }
    }
    Ok(())
}

/// Each point's summaries: per target, the mean over the point's replicates of its metric over its window.
fn point_summaries(plan: &Plan, file: &Path, targets: &[Target], first_year: i64) -> Result<Vec<Vec<f64>>> {
    let mut sums = vec![vec![(0.0, 0u32); targets.len()]; plan.points.len()];
    plan::read_rows(plan, file, |row| {
        let mut groups = row.groups.iter();
        for (g, cell) in targets.iter().zip(sums[row.point].iter_mut()) {
            let x = match g.window {
                _ if g.group.is_some() => groups.next().copied().unwrap_or(f64::NAN),
                Window::FinalYear => row.metrics[g.metric],
                Window::Month0 => row.first.get(g.metric).copied().unwrap_or(f64::NAN),
                Window::Year(y) => row
                    .yearly
                    .get((y - first_year) as usize * METRICS.len() + g.metric)
                    .copied()
                    .unwrap_or(f64::NAN),
            };
            if !x.is_nan() {
                cell.0 += x;
                cell.1 += 1;
            }
        }
    })?;
    Ok(sums
        .into_iter()
        .map(|s| {
            s.into_iter()
                .map(|(x, n)| if n == 0 { f64::NAN } else { x / n as f64 })
                .collect()
        })
        .collect())
}

/// The distance of simulated summaries to the targets: the root of the summed squared standardised
/// differences (infinite when a summary is missing).
fn distance(targets: &[Target], summaries: &[f64]) -> f64 {
    let d: f64 = targets
        .iter()
        .zip(summaries)
        .map(|(g, s)| ((s - g.value) / g.scale).powi(2))
        .sum::<f64>()
        .sqrt();
    if d.is_nan() {
        f64::INFINITY
    } else {
        d
    }
}

/// A target's name in the outputs: `metric@window`, or `metric[dim=value,…]@window` for a group.
pub fn target_name(g: &Target) -> String {
    let window = match g.window {
        Window::Month0 => "month0".to_string(),
        Window::FinalYear => "final_year".into(),
        Window::Year(y) => y.to_string(),
    };
    match &g.group {
        None => format!("{}@{window}", METRICS[g.metric].name),
        Some(values) => {
            let cells: Vec<String> = values
                .iter()
                .map(|(d, v)| format!("{}={}", d.name(), d.values()[*v]))
                .collect();
            format!("{}[{}]@{window}", group_columns()[g.metric], cells.join(","))
        }
    }
}

/// The Chinese label of a target's metric (empty for the columns of groups.csv).
pub fn target_zh(g: &Target) -> &'static str {
    match g.group {
        None => METRICS[g.metric].zh,
        Some(_) => "",
    }
}

fn write_outputs(
    folder: &mut OutputFolder,
    priors: &[Prior],
    targets: &[Target],
    all: &[(usize, Particle)],
    kept: &[Particle],
    schedule: &[Generation],
) -> Result<()> {
    let mut particles = CsvText::default();
    let mut head = vec!["generation".to_string(), "particle".into(), "weight".into()];
    head.extend(priors.iter().map(|p| p.factor.key.clone()));
    head.push("distance".into());
    head.extend(targets.iter().map(target_name));
    head.push("posterior".into());
    particles.row(&head)?;
    let mut index = vec![0usize; schedule.len()];
    for (t, p) in all {
        let mut row = vec![t.to_string(), index[*t].to_string(), fmt_num(p.weight)];
        index[*t] += 1;
        row.extend(priors.iter().zip(&p.z).map(|(pr, &z)| fmt_num(pr.value(z))));
        row.push(fmt_num(p.distance));
        row.extend(p.summaries.iter().map(|&s| fmt_num(s)));
        row.push(u8::from(kept.contains(p)).to_string());
        particles.row(&row)?;
    }
    let mut posterior = CsvText::default();
    posterior.row([
        "parameter",
        "mean",
        "sd",
        "median",
        "ci50_low",
        "ci50_high",
        "ci90_low",
        "ci90_high",
        "particles",
    ])?;
    let weights: Vec<f64> = kept.iter().map(|p| p.weight).collect();
    for (i, pr) in priors.iter().enumerate() {
        let values: Vec<f64> = kept.iter().map(|p| pr.value(p.z[i])).collect();
        let m = abc::marginal(&values, &weights);
        posterior.row([
            pr.factor.key.clone(),
            fmt_num(m.mean),
            fmt_num(m.sd),
            fmt_num(m.median),
            fmt_num(m.ci50.0),
            fmt_num(m.ci50.1),
            fmt_num(m.ci90.0),
            fmt_num(m.ci90.1),
            kept.len().to_string(),
        ])?;
    }
    let mut sched = CsvText::default();
    sched.row(["generation", "tolerance", "acceptance_rate", "simulations"])?;
    for (t, g) in schedule.iter().enumerate() {
        sched.row([
            t.to_string(),
            fmt_num(g.tolerance),
            fmt_num(g.acceptance),
            g.simulations.to_string(),
        ])?;
    }
    for (name, content) in [
        ("particles.csv", particles.finish()?),
        ("posterior.csv", posterior.finish()?),
        ("schedule.csv", sched.finish()?),
    ] {
        folder.write(name, &content)?;
    }
    Ok(())
}

/// The printed result: each parameter's posterior, then each target against the range the posterior
/// particles simulated (a posterior predictive check).
fn table(priors: &[Prior], targets: &[Target], kept: &[Particle], schedule: &[Generation], lang: Lang) -> String {
    let mut s = String::new();
    let last = schedule.last();
    let (sims, tolerance, acceptance) = (
        last.map_or(0, |g| g.simulations),
        last.map_or(f64::NAN, |g| g.tolerance),
        last.map_or(f64::NAN, |g| g.acceptance),
    );
    let _ = match lang {
        Lang::En => writeln!(
            s,
            "{} generations, {sims} simulations; final tolerance {tolerance:.3}, acceptance {acceptance:.3}\nposterior, {} particles:",
            schedule.len(),
            kept.len()
        ),
        Lang::Zh => writeln!(
            s,
            "模型校准：{} 代，{sims} 次模拟；最终容差 {tolerance:.3}，接受率 {acceptance:.3}\n后验分布，{} 个粒子：",
            schedule.len(),
            kept.len()
        ),
    };
    let weights: Vec<f64> = kept.iter().map(|p| p.weight).collect();
    let median = lang.pick("median", "中位数");
    for (i, pr) in priors.iter().enumerate() {
        let values: Vec<f64> = kept.iter().map(|p| pr.value(p.z[i])).collect();
        let m = abc::marginal(&values, &weights);
        let _ = writeln!(
            s,
            "  {:<40} {median} {:>10.4}  50 % [{:.4} – {:.4}]  90 % [{:.4} – {:.4}]",
            pr.factor.key, m.median, m.ci50.0, m.ci50.1, m.ci90.0, m.ci90.1
        );
    }
    let _ = writeln!(
        s,
        "{}",
        lang.pick(
            "targets against the posterior particles' simulations (5–95 %):",
            "校准目标与后验粒子的模拟值（5–95 %）："
        )
    );
    for (j, g) in targets.iter().enumerate() {
        let sims: Vec<f64> = kept.iter().map(|p| p.summaries[j]).collect();
        let (lo, hi) = (abc::quantile(&sims, 0.05), abc::quantile(&sims, 0.95));
        let inside = (lo..=hi).contains(&g.value);
        let _ = writeln!(
            s,
            "  {:<40} {} {:>8.4}  {} [{lo:.4} – {hi:.4}]  {}",
            match lang {
                Lang::En => target_name(g),
                Lang::Zh => match target_zh(g) {
                    "" => target_name(g),
                    zh => format!("{zh} {}", target_name(g)),
                },
            },
            lang.pick("target", "目标"),
            g.value,
            lang.pick("simulated", "模拟"),
            if inside {
                lang.pick("inside", "在区间内")
            } else {
                lang.pick("outside", "在区间外")
            }
        );
    }
    s
}
