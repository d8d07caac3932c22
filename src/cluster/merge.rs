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
use crate::error::{cannot_be_read, Error, Io, Result};
use crate::lang::Text;
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

fn refuse(dir: &Path, message: Text) -> Error {
    Error::input(dir.display().to_string(), None, message)
}

/// A shard's data file that is not as its shard wrote it: `what` is wrong with it.
fn damaged(path: &Path, spec: ShardSpec, what: Text) -> Error {
    refuse(
        path,
        what.then(
            "; ",
            "；",
            &text!(
                "allowed: the file as its shard wrote it (run shard {spec} again)",
                "允许：分片写出时的原文件（重新运行分片 {spec}）"
            ),
        ),
    )
}

impl Shard {
    fn read(dir: &Path) -> Result<Shard> {
        let manifest = dir.join(MANIFEST);
        let text = std::fs::read_to_string(&manifest).map_err(|_| {
            refuse(
                dir,
                text!(
                    "has no readable {MANIFEST}, so it is not a finished shard; allowed: folders written by a command with --shard (an unfinished shard: run its command again)",
                    "没有可读的 {MANIFEST}，不是已完成的分片；允许：带 --shard 的命令写出的文件夹（未完成的分片：重新运行其命令）"
                ),
            )
        })?;
        let bad = |what: Text| {
            refuse(
                &manifest,
                what.then(
                    "; ",
                    "；",
                    &text!(
                        "allowed: the {MANIFEST} a command with --shard wrote (format {FORMAT})",
                        "允许：带 --shard 的命令写出的 {MANIFEST}（格式 {FORMAT}）"
                    ),
                ),
            )
        };
        let doc: Json = serde_json::from_str(&text).map_err(|_| bad(text!("is not JSON", "不是 JSON")))?;
        if doc["huzhu_shard"].as_u64() != Some(FORMAT) {
            return Err(bad(text!("is of another format", "格式不同")));
        }
        let lacks = |(en, zh): (&str, &str)| bad(text!("has no {en}", "缺少{zh}"));
        let number = |v: &Json, what: (&str, &str)| v.as_u64().ok_or_else(|| lacks(what));
        let string = |v: &Json, what: (&str, &str)| v.as_str().map(String::from).ok_or_else(|| lacks(what));
        let spec = ShardSpec {
            k: number(&doc["shard"], ("shard", "分片编号"))?,
            n: number(&doc["shards"], ("shards", "分片数"))?,
        };
        if spec.n == 0 || spec.k >= spec.n {
            return Err(bad(text!("names no shard of a plan", "未指明计划中的分片")));
        }
        let units = &doc["units"];
        let units = (
            number(&units["from"], ("units", "工作单元"))?,
            number(&units["to"], ("units", "工作单元"))?,
            number(&units["of"], ("units", "工作单元"))?,
        );
        let block = spec.block(units.2);
        if (block.start, block.end) != (units.0, units.1) {
            let (from, to, of, start, end) = (units.0, units.1, units.2, block.start, block.end);
            return Err(bad(text!(
                "says shard {spec} holds units {from}..{to} of {of}, but that shard is {start}..{end}",
                "称分片 {spec} 含 {of} 个工作单元中的 {from}..{to}，但该分片应为 {start}..{end}"
            )));
        }
        let command = doc["command"]
            .as_array()
            .and_then(|a| {
                a.iter()
                    .map(|x| x.as_str().map(String::from))
                    .collect::<Option<Vec<_>>>()
            })
            .ok_or_else(|| lacks(("command", "命令")))?;
        let entries = doc["data"]
            .as_array()
            .ok_or_else(|| lacks(("data files", "数据文件")))?;
        let mut data = Vec::new();
        for entry in entries {
            let name = string(&entry["file"], ("data file", "数据文件"))?;
            if name.contains(['/', '\\']) || name.starts_with('.') || name == MANIFEST {
                return Err(bad(text!("names `{name}` as its data", "把 `{name}` 当作其数据文件")));
            }
            let path = dir.join(&name);
            let bytes = std::fs::read(&path).map_err(|_| {
                refuse(
                    &path,
                    text!(
                        "is missing, so the shard is incomplete; allowed: the shard folder as its command wrote it (run shard {spec} again)",
                        "缺失，分片不完整；允许：分片命令写出时的分片文件夹（重新运行分片 {spec}）"
                    ),
                )
            })?;
            let (want_len, want_sum) = (
                number(&entry["bytes"], ("data size", "数据大小"))?,
                string(&entry["fnv1a"], ("data checksum", "数据校验和"))?,
            );
            if bytes.len() as u64 != want_len || format!("{:016x}", fnv1a(&bytes)) != want_sum {
                return Err(damaged(
                    &path,
                    spec,
                    text!(
                        "is {len} bytes with checksum {sum:016x}, but its shard wrote {want_len} bytes with checksum {want_sum}: it was cut short or altered",
                        "为 {len} 字节、校验和 {sum:016x}，但分片写出的是 {want_len} 字节、校验和 {want_sum}：文件被截断或改动过",
                        len = bytes.len(),
                        sum = fnv1a(&bytes)
                    ),
                ));
            }
            data.push(path);
        }
        Ok(Shard {
            dir: dir.to_path_buf(),
            spec,
            plan: string(&doc["plan"], ("plan", "计划"))?,
            kind: string(&doc["kind"], ("kind", "命令类别"))?,
            command,
            cwd: PathBuf::from(string(&doc["cwd"], ("working folder", "工作文件夹"))?),
            results: PathBuf::from(string(&doc["results"], ("results folder", "结果文件夹"))?),
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
                text!(
                    "no shard folders given; allowed: one or more folders written by --shard",
                    "未给出分片文件夹；允许：一个或多个由 --shard 写出的文件夹"
                ),
            )
        })?;
        for s in &shards {
            if s.plan != first.plan || s.spec.n != first.spec.n || s.kind != first.kind {
                return Err(refuse(
                    &s.dir,
                    text!(
                        "is shard {spec} of another plan ({kind} `{command}`, plan {plan}) than {first} ({first_kind} `{first_command}`, plan {first_plan} of {n} shards); allowed: the shards of one command",
                        "是另一计划的分片 {spec}（{kind} `{command}`，计划 {plan}），与 {first} 不同（{first_kind} `{first_command}`，计划 {first_plan}，共 {n} 个分片）；允许：同一命令的各分片",
                        spec = s.spec,
                        kind = s.kind,
                        command = s.command.join(" "),
                        plan = s.plan,
                        first = first.dir.display(),
                        first_kind = first.kind,
                        first_command = first.command.join(" "),
                        first_plan = first.plan,
                        n = first.spec.n
                    ),
                ));
            }
        }
        shards.sort_by_key(|s| s.spec.k);
        for w in shards.windows(2) {
            if w[0].spec.k == w[1].spec.k {
                return Err(refuse(
                    &w[1].dir,
                    text!(
                        "is shard {spec} again (as is {other}); allowed: each shard once",
                        "又是分片 {spec}（{other} 也是）；允许：每个分片一次",
                        spec = w[1].spec,
                        other = w[0].dir.display()
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
            let (s, are) = if missing.len() > 1 { ("s", "are") } else { ("", "is") };
            return Err(Error::input(
                "merge",
                None,
                text!(
                    "shard{s} {shown} of plan {plan} {are} missing; allowed: all {n} shards (run a missing one with `{rerun}`)",
                    "计划 {plan} 缺少分片 {shown}；允许：全部 {n} 个分片（用 `{rerun}` 运行缺少的分片）",
                    shown = shown.join(", ") + if missing.len() > 5 { ", …" } else { "" },
                    plan = first.plan,
                    n = first.spec.n,
                    rerun = job.rerun(missing[0], &first.results)
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
            text!(
                "the shards are plan {plan}, but `huzhu {command}` in {cwd} is now plan {now}: a scenario file (or what it extends) changed since the shards ran; allowed: the files as they were, or the shards run again",
                "这些分片属于计划 {plan}，但在 {cwd} 中 `huzhu {command}` 现在是计划 {now}：分片运行后，某个情景文件（或其所继承的文件）被改动；允许：保持文件原样，或重新运行各分片",
                plan = self.first().plan,
                command = self.command().join(" "),
                cwd = self.cwd().display(),
                now = job.plan
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
                    text!(
                        "holds no {name}; allowed: a shard of this command (run shard {spec} again)",
                        "没有 {name}；允许：本命令的分片（重新运行分片 {spec}）",
                        spec = s.spec
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
                let bad = |what: Text| damaged(&path, s.spec, what);
                let unreadable = |e: csv::Error| bad(text!("cannot be read ({e})", "无法读取（解析器原文：{e}）"));
                let mut reader = csv::Reader::from_path(&path).map_err(unreadable)?;
                let head = reader.headers().map_err(unreadable)?;
                if head.iter().ne(table.header().iter().map(String::as_str)) {
                    return Err(bad(text!(
                        "has other columns than this version of huzhu writes",
                        "其列与此版本 huzhu 写出的不同"
                    )));
                }
                let mut seen: Vec<Piece> = Vec::new();
                let mut lines = 0;
                for (line, record) in reader.records().enumerate() {
                    lines += 1;
                    let record = record.map_err(unreadable)?;
                    let cells: Vec<u64> = record
                        .iter()
                        .map(|c| c.parse::<u64>())
                        .collect::<std::result::Result<_, _>>()
                        .map_err(|_| {
                            let line = line + 2;
                            bad(text!(
                                "line {line} holds a cell that is not a whole number",
                                "第 {line} 行有不是整数的单元格"
                            ))
                        })?;
                    let outside = || {
                        let line = line + 2;
                        bad(text!("line {line} is outside the plan", "第 {line} 行超出计划"))
                    };
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
                    return Err(bad(text!(
                        "holds {seen} pieces in {lines} lines, not the {expected} pieces in {rows} lines of shard {spec}",
                        "含 {lines} 行、{seen} 个片段，而分片 {spec} 应含 {rows} 行、{expected} 个片段",
                        seen = seen.len(),
                        expected = expected.len(),
                        spec = s.spec
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
        let cannot = |e: std::io::Error| Error::io(Io::Write, path, &e);
        let mut out = std::io::BufWriter::new(std::fs::File::create(path).map_err(cannot)?);
        out.write_all(heading.as_bytes()).map_err(cannot)?;
        for s in &self.shards {
            let data = Merged::file(s, shard::RUNS)?;
            let bad = |what: Text| damaged(&data, s.spec, what);
            let text = std::fs::read_to_string(&data).map_err(|e| bad(cannot_be_read(&e)))?;
            let mut lines = text.split_inclusive('\n');
            if lines.next() != Some(header) {
                return Err(bad(text!("has another header than the plan's", "表头与计划的不同")));
            }
            let mut run = s.units.0;
            for line in lines {
                let record = line
                    .strip_suffix('\n')
                    .ok_or_else(|| bad(text!("ends in the middle of a line", "在一行中间结束")))?;
                if record.split(',').next() != Some(run.to_string().as_str()) {
                    let held = record.split(',').next().unwrap_or("");
                    return Err(bad(text!(
                        "holds run `{held}` where run {run} belongs",
                        "在应为第 {run} 次运行处是第 `{held}` 次运行"
                    )));
                }
                writeln!(out, "{record},{}", checksum(record)).map_err(cannot)?;
                run += 1;
            }
            if run != s.units.1 {
                let (from, to, _) = s.units;
                return Err(bad(text!(
                    "holds runs {from}..{run}, not {from}..{to}",
                    "含第 {from}..{run} 次运行，而不是 {from}..{to}"
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
