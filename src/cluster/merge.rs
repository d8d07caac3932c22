//! `huzhu merge`: reads shard folders, checks that they are the shards 0 … N − 1 of one plan, each
//! once and intact, and gives back what the command needs to write its files as one process would: the
//! summed totals of a run, or the lines of a sweep's journal.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

use serde_json::{json, Value as Json};

use super::shard::{self, fnv1a, Job, ShardSpec, Table, FORMAT, MANIFEST};
use crate::engine::{Piece, Pieces, Replicate};
use crate::error::{Error, Result};
use crate::observe::groups::Grouping;
use crate::observe::Observe;
use crate::scenario::Scenario;

/// One shard folder, read and checked on its own.
#[derive(Clone, Debug)]
pub struct Shard {
    pub dir: PathBuf,
    pub spec: ShardSpec,
    pub plan: String,
    pub kind: String,
    pub command: Vec<String>,
    pub cwd: PathBuf,
    /// The folder of the merged results the shard's command named (relative to `cwd`).
    pub results: PathBuf,
    pub units: (u64, u64, u64),
    /// The data files, checked against their recorded sizes and checksums.
    pub data: Vec<PathBuf>,
    pub run_info: Json,
}

/// The shards of one plan, complete, in shard order.
#[derive(Clone, Debug)]
pub struct Merged {
    pub shards: Vec<Shard>,
    pub started: Instant,
}

fn refuse(dir: &Path, message: String) -> Error {
    Error::input(dir.display().to_string(), None, message)
}

/// A shard's data file that is not as its shard wrote it: `what` is wrong with it.
fn damaged(path: &Path, spec: ShardSpec, what: impl std::fmt::Display) -> Error {
    refuse(
        path,
        format!("{what}; allowed: the file as its shard wrote it (run shard {spec} again)"),
    )
}

impl Shard {
    fn read(dir: &Path) -> Result<Shard> {
        let manifest = dir.join(MANIFEST);
        let text = std::fs::read_to_string(&manifest).map_err(|_| {
            refuse(
                dir,
                format!("has no readable {MANIFEST}, so it is not a finished shard; allowed: folders written by a command with --shard (an unfinished shard: run its command again)"),
            )
        })?;
        let bad = |what: &str| {
            refuse(
                &manifest,
                format!("{what}; allowed: the {MANIFEST} a command with --shard wrote (format {FORMAT})"),
            )
        };
        let doc: Json = serde_json::from_str(&text).map_err(|_| bad("is not JSON"))?;
        if doc["huzhu_shard"].as_u64() != Some(FORMAT) {
            return Err(bad("is of another format"));
        }
        let number = |v: &Json, what: &str| v.as_u64().ok_or_else(|| bad(&format!("has no {what}")));
        let string = |v: &Json, what: &str| {
            v.as_str()
                .map(String::from)
                .ok_or_else(|| bad(&format!("has no {what}")))
        };
        let spec = ShardSpec {
            k: number(&doc["shard"], "shard")?,
            n: number(&doc["shards"], "shards")?,
        };
        if spec.n == 0 || spec.k >= spec.n {
            return Err(bad("names no shard of a plan"));
        }
        let units = &doc["units"];
        let units = (
            number(&units["from"], "units")?,
            number(&units["to"], "units")?,
            number(&units["of"], "units")?,
        );
        let block = spec.block(units.2);
        if (block.start, block.end) != (units.0, units.1) {
            return Err(bad(&format!(
                "says shard {spec} holds units {}..{} of {}, but that shard is {}..{}",
                units.0, units.1, units.2, block.start, block.end
            )));
        }
        let command = doc["command"]
            .as_array()
            .and_then(|a| {
                a.iter()
                    .map(|x| x.as_str().map(String::from))
                    .collect::<Option<Vec<_>>>()
            })
            .ok_or_else(|| bad("has no command"))?;
        let entries = doc["data"].as_array().ok_or_else(|| bad("has no data files"))?;
        let mut data = Vec::new();
        for entry in entries {
            let name = string(&entry["file"], "data file")?;
            if name.contains(['/', '\\']) || name.starts_with('.') || name == MANIFEST {
                return Err(bad(&format!("names `{name}` as its data")));
            }
            let path = dir.join(&name);
            let bytes = std::fs::read(&path).map_err(|_| {
                refuse(
                    &path,
                    format!("is missing, so the shard is incomplete; allowed: the shard folder as its command wrote it (run shard {spec} again)"),
                )
            })?;
            let (want_len, want_sum) = (
                number(&entry["bytes"], "data size")?,
                string(&entry["fnv1a"], "data checksum")?,
            );
            if bytes.len() as u64 != want_len || format!("{:016x}", fnv1a(&bytes)) != want_sum {
                return Err(damaged(
                    &path,
                    spec,
                    format!(
                        "is {} bytes with checksum {:016x}, but its shard wrote {want_len} bytes with checksum {want_sum}: it was cut short or altered",
                        bytes.len(),
                        fnv1a(&bytes)
                    ),
                ));
            }
            data.push(path);
        }
        Ok(Shard {
            dir: dir.to_path_buf(),
            spec,
            plan: string(&doc["plan"], "plan")?,
            kind: string(&doc["kind"], "kind")?,
            command,
            cwd: PathBuf::from(string(&doc["cwd"], "working folder")?),
            results: PathBuf::from(string(&doc["results"], "results folder")?),
            units,
            data,
            run_info: doc["run_info"].clone(),
        })
    }
}

impl Merged {
    /// Reads the shard folders and checks that they are one plan's shards, every one once.
    pub fn load(dirs: &[PathBuf]) -> Result<Merged> {
        let started = Instant::now();
        let mut shards: Vec<Shard> = dirs.iter().map(|d| Shard::read(d)).collect::<Result<_>>()?;
        let first = shards.first().cloned().ok_or_else(|| {
            Error::input(
                "merge",
                None,
                "no shard folders given; allowed: one or more folders written by --shard",
            )
        })?;
        for s in &shards {
            if s.plan != first.plan || s.spec.n != first.spec.n || s.kind != first.kind {
                return Err(refuse(
                    &s.dir,
                    format!(
                        "is shard {} of another plan ({} `{}`, plan {}) than {} ({} `{}`, plan {} of {} shards); allowed: the shards of one command",
                        s.spec,
                        s.kind,
                        s.command.join(" "),
                        s.plan,
                        first.dir.display(),
                        first.kind,
                        first.command.join(" "),
                        first.plan,
                        first.spec.n
                    ),
                ));
            }
        }
        shards.sort_by_key(|s| s.spec.k);
        for w in shards.windows(2) {
            if w[0].spec.k == w[1].spec.k {
                return Err(refuse(
                    &w[1].dir,
                    format!(
                        "is shard {} again (as is {}); allowed: each shard once",
                        w[1].spec,
                        w[0].dir.display()
                    ),
                ));
            }
        }
        let have: Vec<u64> = shards.iter().map(|s| s.spec.k).collect();
        let missing: Vec<u64> = (0..first.spec.n).filter(|k| !have.contains(k)).collect();
        if !missing.is_empty() {
            let job = Job {
                kind: first.kind.clone(),
                command: first.command.clone(),
                spec: first.spec,
                plan: first.plan.clone(),
            };
            let shown: Vec<String> = missing
                .iter()
                .take(5)
                .map(|k| format!("{k}/{}", first.spec.n))
                .collect();
            return Err(Error::input(
                "merge",
                None,
                format!(
                    "shard{} {} of plan {} {} missing; allowed: all {} shards (run a missing one with `{}`)",
                    if missing.len() > 1 { "s" } else { "" },
                    shown.join(", ") + if missing.len() > 5 { ", …" } else { "" },
                    first.plan,
                    if missing.len() > 1 { "are" } else { "is" },
                    first.spec.n,
                    job.rerun(missing[0], &first.results)
                ),
            ));
        }
        Ok(Merged { shards, started })
    }

    fn first(&self) -> &Shard {
        &self.shards[0]
    }

    pub fn kind(&self) -> &str {
        &self.first().kind
    }

    pub fn command(&self) -> &[String] {
        &self.first().command
    }

    pub fn cwd(&self) -> &Path {
        &self.first().cwd
    }

    pub fn n(&self) -> u64 {
        self.first().spec.n
    }

    /// The plan's hash.
    pub fn plan(&self) -> &str {
        &self.first().plan
    }

    /// The folder of the merged results the shards' command named, from the folder it ran in.
    pub fn results(&self) -> PathBuf {
        self.cwd().join(&self.first().results)
    }

    /// Refuses when the command, run again now, is another plan than the shards' (a scenario file
    /// changed since they ran, say).
    pub fn check(&self, job: &Job) -> Result<()> {
        if job.plan == self.first().plan {
            return Ok(());
        }
        Err(Error::input(
            "merge",
            None,
            format!(
                "the shards are plan {}, but `huzhu {}` in {} is now plan {}: a scenario file (or what it extends) changed since the shards ran; allowed: the files as they were, or the shards run again",
                self.first().plan,
                self.command().join(" "),
                self.cwd().display(),
                job.plan
            ),
        ))
    }

    /// The data file `name` of shard `s`, or a refusal naming it.
    fn file(s: &Shard, name: &str) -> Result<PathBuf> {
        s.data
            .iter()
            .find(|p| p.file_name().is_some_and(|f| f == name))
            .cloned()
            .ok_or_else(|| {
                refuse(
                    &s.dir,
                    format!(
                        "holds no {name}; allowed: a shard of this command (run shard {} again)",
                        s.spec
                    ),
                )
            })
    }

    /// The run's sums: every table of every shard's pieces added into whole replicates, one shard at a
    /// time, so memory holds the sums (scenarios × replicates × months), not the shards.
    pub fn pieces(&self, scenarios: &[Scenario], job: &Job, observe: &Observe) -> Result<Pieces> {
        let mut totals: BTreeMap<(usize, u32), Replicate> = BTreeMap::new();
        let groups = Grouping {
            dims: observe.by.clone(),
        }
        .count();
        for s in &self.shards {
            let expected = Job {
                spec: s.spec,
                ..job.clone()
            }
            .pieces(scenarios);
            for table in Table::of(observe) {
                let path = Merged::file(s, table.file())?;
                let bad = |what: String| damaged(&path, s.spec, what);
                let mut reader = csv::Reader::from_path(&path).map_err(|e| bad(e.to_string()))?;
                let head = reader.headers().map_err(|e| bad(e.to_string()))?;
                if head.iter().ne(table.header().iter().map(String::as_str)) {
                    return Err(bad("has other columns than this version of huzhu writes".into()));
                }
                let mut seen: Vec<Piece> = Vec::new();
                let mut lines = 0;
                for (line, record) in reader.records().enumerate() {
                    lines += 1;
                    let record = record.map_err(|e| bad(e.to_string()))?;
                    let cells: Vec<u64> = record
                        .iter()
                        .map(|c| c.parse::<u64>())
                        .collect::<std::result::Result<_, _>>()
                        .map_err(|_| bad(format!("line {} holds a cell that is not a whole number", line + 2)))?;
                    let outside = || bad(format!("line {} is outside the plan", line + 2));
                    let piece = Piece {
                        scenario: cells[0] as usize,
                        replicate: cells[1] as u32,
                        villages: cells[2]..cells[3],
                    };
                    let p = scenarios
                        .get(piece.scenario)
                        .map(|sc| sc.params())
                        .ok_or_else(outside)?;
                    if seen.last() != Some(&piece) {
                        seen.push(piece.clone());
                    }
                    let into = totals
                        .entry((piece.scenario, piece.replicate))
                        .or_insert_with(|| Replicate::empty(p, piece.replicate));
                    let index = cells[4] as usize;
                    if index >= table.rows_of(p, groups) {
                        return Err(outside());
                    }
                    table.add(into, index, &cells[5..]).ok_or_else(outside)?;
                }
                let rows: usize = expected
                    .iter()
                    .map(|p| table.rows_of(scenarios[p.scenario].params(), groups))
                    .sum();
                if seen != expected || lines != rows {
                    return Err(bad(format!(
                        "holds {} pieces in {lines} lines, not the {} pieces in {rows} lines of shard {}",
                        seen.len(),
                        expected.len(),
                        s.spec
                    )));
                }
            }
        }
        let number = |v: &Json| v.as_f64().unwrap_or(0.0);
        let infos = self.shards.iter().map(|s| &s.run_info);
        Ok(Pieces {
            done: totals
                .into_iter()
                .map(|((scenario, replicate), sums)| {
                    let villages = 0..scenarios[scenario].params().villages.count;
                    (
                        Piece {
                            scenario,
                            replicate,
                            villages,
                        },
                        sums,
                    )
                })
                .collect(),
            threads: infos.clone().map(|i| number(&i["threads"]) as usize).sum(),
            agent_months: infos.clone().map(|i| number(&i["agent_months"]) as u64).sum(),
            seconds: infos.map(|i| number(&i["simulation_seconds"])).fold(0.0, f64::max),
        })
    }

    /// Writes a sweep's journal from the shards' runs: `heading` (the plan's fingerprint and header),
    /// then every run's line in run order with its checksum, as the single process's journal holds it.
    pub fn write_journal(
        &self,
        path: &Path,
        heading: &str,
        header: &str,
        checksum: impl Fn(&str) -> String,
    ) -> Result<()> {
        let cannot = |e: std::io::Error| Error::Failure(format!("cannot write {}: {e}", path.display()));
        let mut out = std::io::BufWriter::new(std::fs::File::create(path).map_err(cannot)?);
        out.write_all(heading.as_bytes()).map_err(cannot)?;
        for s in &self.shards {
            let data = Merged::file(s, shard::RUNS)?;
            let bad = |what: String| damaged(&data, s.spec, what);
            let text = std::fs::read_to_string(&data).map_err(|e| bad(e.to_string()))?;
            let mut lines = text.split_inclusive('\n');
            if lines.next() != Some(header) {
                return Err(bad("has another header than the plan's".into()));
            }
            let mut run = s.units.0;
            for line in lines {
                let record = line
                    .strip_suffix('\n')
                    .ok_or_else(|| bad("ends in the middle of a line".into()))?;
                if record.split(',').next() != Some(run.to_string().as_str()) {
                    return Err(bad(format!(
                        "holds run `{}` where run {run} belongs",
                        record.split(',').next().unwrap_or("")
                    )));
                }
                writeln!(out, "{record},{}", checksum(record)).map_err(cannot)?;
                run += 1;
            }
            if run != s.units.1 {
                return Err(bad(format!(
                    "holds runs {}..{run}, not {}..{}",
                    s.units.0, s.units.0, s.units.1
                )));
            }
        }
        out.flush().map_err(cannot)
    }

    /// The merged manifest's `run_info` beside the merge's own: every shard's host, times and throughput.
    pub fn shards_info(&self) -> Json {
        json!({
            "shards": self.n(),
            "plan": self.first().plan,
            "merge_seconds": self.started.elapsed().as_secs_f64(),
            "each": self.shards.iter().map(|s| {
                let mut info = s.run_info.clone();
                info["shard"] = json!(s.spec.k);
                info["folder"] = json!(s.dir.display().to_string());
                info
            }).collect::<Vec<_>>(),
        })
    }
}
