//! Running a plan of many runs (a sweep or a sensitivity design), streamed and resumable. Runs are done
//! in batches in run order; each finished batch is appended to a journal (`<kind>.partial.csv` in the
//! output folder), each line with a checksum of its content, and nothing is held whole in memory but
//! where each run's line starts. Running the same command again into the same folder runs only what the
//! journal does not hold intact; at the end the final file is the journal's rows in run order, byte for
//! byte what an uninterrupted run writes, and replaces the folder with the other final files.

use std::fs::{File, OpenOptions};
use std::io::{BufRead, BufReader, Read, Seek, SeekFrom, Write};
use std::ops::Range;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::design::Factor;
use crate::cluster::shard::fnv1a;
use crate::engine::{run_replicate, thread_pool, Models};
use crate::error::{Error, Io, Result};
use crate::metrics::METRICS;
use crate::metrics::{final_year_mean, yearly_means};
use crate::model::rng;
use crate::observe::groups::{Dim, GroupSummary, Grouping};
use crate::observe::Observe;
use crate::output::folder::OutputFolder;
use crate::output::progress::{Console, Unit};
use crate::output::{fmt_num, CsvText};
use crate::scenario::Scenario;

/// A plan: the base scenario, the varied factors and the design's points in the unit cube, in run
/// order; each point runs every replicate.
pub struct Plan {
    pub kind: &'static str,
    pub scenario: Scenario,
    pub factors: Vec<Factor>,
    pub points: Vec<Vec<f64>>,
    pub replicates: u32,
    /// Also keep each run's yearly mean of every metric (`sweep --yearly`, fit targets of a year).
    pub yearly: bool,
    /// Also keep each run's first month (fit targets of `month0`).
    pub first_month: bool,
    /// The journal's name (`NAME.partial.csv`): the kind, or a fit's generation.
    pub name: String,
    /// Group summaries each run also keeps (fit targets on subgroups).
    pub groups: Vec<GroupSummary>,
    /// None: every point runs replicates 0, 1, … (common random numbers, for comparing points). Some(b):
    /// run r of the plan runs replicate b + r, so no two simulations share a seed (for a fit, whose
    /// distances must carry the model's noise).
    pub distinct_from: Option<u32>,
}

/// One finished run, as the journal stores it.
#[derive(Clone, Debug)]
pub struct RunRow {
    pub point: usize,
    pub replicate: u32,
    /// Final-year mean of every metric, in the order of `METRICS`.
    pub metrics: Vec<f64>,
    /// With `Plan::yearly`: each year's mean of every metric, year by year, in the order of `METRICS`.
    pub yearly: Vec<f64>,
    /// With `Plan::first_month`: every metric in the first month.
    pub first: Vec<f64>,
    /// `Plan::groups`, in order.
    pub groups: Vec<f64>,
}

impl Plan {
    /// A plan whose points each run the scenario's own number of replicates.
    pub fn new(kind: &'static str, scenario: Scenario, factors: Vec<Factor>, points: Vec<Vec<f64>>) -> Plan {
        let replicates = scenario.params().run.replicates;
        Plan {
            kind,
            scenario,
            factors,
            points,
            replicates,
            yearly: false,
            first_month: false,
            name: kind.to_string(),
            distinct_from: None,
            groups: Vec::new(),
        }
    }

    /// The dimensions the group summaries need, in a fixed order.
    fn grouping(&self) -> Grouping {
        Grouping {
            dims: Dim::ALL
                .into_iter()
                .filter(|d| self.groups.iter().any(|g| g.values.iter().any(|(x, _)| x == d)))
                .collect(),
        }
    }

    /// The replicate (and so the seed) the model runs for replicate `replicate` of point `point`.
    pub fn model_replicate(&self, point: usize, replicate: u32) -> u32 {
        match self.distinct_from {
            None => replicate,
            Some(base) => base + point as u32 * self.replicates + replicate,
        }
    }

    /// Calendar years of the run, for the yearly columns.
    fn years(&self) -> std::ops::Range<i64> {
        let r = &self.scenario.params().run;
        r.first_year..r.first_year + r.years as i64
    }

    pub fn runs(&self) -> usize {
        self.points.len() * self.replicates as usize
    }

    fn header_cells(&self) -> Vec<String> {
        let mut cells = vec!["run".to_string(), "point".into(), "replicate".into(), "seed".into()];
        cells.extend(self.factors.iter().map(|f| f.key.clone()));
        cells.extend(METRICS.iter().map(|m| m.name.to_string()));
        if self.yearly {
            for year in self.years() {
                cells.extend(METRICS.iter().map(|m| format!("{}_{year}", m.name)));
            }
        }
        if self.first_month {
            cells.extend(METRICS.iter().map(|m| format!("{}_month0", m.name)));
        }
        cells.extend(self.groups.iter().map(|g| g.name.clone()));
        cells
    }

    /// The header line of the journal and the final file, with its line end.
    pub fn header(&self) -> Result<String> {
        let mut w = CsvText::default();
        w.row(self.header_cells())?;
        w.finish()
    }

    /// A fingerprint of everything that decides the results, so a journal is never resumed by a
    /// different plan (FNV-1a over a canonical text).
    pub fn fingerprint(&self) -> String {
        let mut text = format!(
            "{}|{}|{}|{}|{}|{:?}|",
            self.kind, self.name, self.replicates, self.yearly, self.first_month, self.distinct_from
        );
        for g in &self.groups {
            text.push_str(&format!("{}|", g.name));
        }
        for (k, v) in &self.scenario.values() {
            text.push_str(&format!("{k}={v};"));
        }
        for f in &self.factors {
            text.push_str(&format!("{}:{}:{}:{};", f.key, f.lo, f.hi, f.steps));
        }
        for p in &self.points {
            for u in p {
                text.push_str(&format!("{u:?},"));
            }
        }
        format!("# huzhu {} plan {:016x}", self.kind, fnv1a(text.as_bytes()))
    }

    /// The journal in the output folder `dir`.
    pub fn journal(&self, dir: &Path) -> PathBuf {
        dir.join(format!("{}.partial.csv", self.name))
    }

    /// The journal's first lines: the fingerprint, then the header.
    pub fn heading(&self) -> Result<String> {
        Ok(format!("{}\n{}", self.fingerprint(), self.header()?))
    }

    /// The scenario of one point.
    pub fn scenario_at(&self, point: usize) -> Result<Scenario> {
        let mut s = self.scenario.clone();
        for (f, &u) in self.factors.iter().zip(&self.points[point]) {
            s.set(&format!("{}={}", f.key, f.text(u)), "--vary")?;
        }
        s.validate()?;
        Ok(s)
    }

    fn row_text(&self, run: usize, row: &RunRow, w: &mut CsvText) -> Result<()> {
        let seed = rng::replicate_seed(
            self.scenario.params.run.seed,
            self.model_replicate(row.point, row.replicate),
        );
        let mut cells = vec![
            run.to_string(),
            row.point.to_string(),
            row.replicate.to_string(),
            seed.to_string(),
        ];
        cells.extend(
            self.factors
                .iter()
                .zip(&self.points[row.point])
                .map(|(f, &u)| fmt_num(f.value(u))),
        );
        cells.extend(
            row.metrics
                .iter()
                .chain(&row.yearly)
                .chain(&row.first)
                .chain(&row.groups)
                .map(|&x| fmt_num(x)),
        );
        w.row(cells)
    }
}

pub struct Outcome {
    /// The final file (in the staging folder), when every run is done now.
    pub file: Option<PathBuf>,
    pub done: usize,
    pub total: usize,
    /// The folder already held this plan's finished results: nothing was run.
    pub finished_before: bool,
}

/// FNV-1a over a journal line's record: a line cut short or altered no longer matches its checksum.
pub fn checksum(record: &str) -> String {
    format!("{:016x}", fnv1a(record.as_bytes()))
}

/// Where each run's line starts in the journal (`None` for runs not done): only lines whose checksum,
/// cells and run number are intact count, so a line cut by an interruption or altered since is run
/// again. Checks first that the journal belongs to this plan.
fn read_journal(plan: &Plan, path: &Path) -> Result<Vec<Option<u64>>> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::io(Io::Read, path, &e))?;
    let mut lines = text.split_inclusive('\n');
    let foreign = || {
        let message = text!(
            "belongs to a different sweep (other scenario, factors, design or replicates); allowed: the same command, or another --out",
            "属于另一次参数扫描（情景、变动参数、设计或重复运行次数不同）；允许：相同的命令，或另一个 --out"
        );
        Error::input(path.display().to_string(), None, message)
    };
    let header = plan.header()?;
    if lines.next() != Some(&format!("{}\n", plan.fingerprint())) || lines.next() != Some(&header) {
        return Err(foreign());
    }
    let fields = plan.header_cells().len();
    let mut at = vec![None; plan.runs()];
    let mut offset = (plan.fingerprint().len() + 1 + header.len()) as u64;
    for line in lines {
        let start = offset;
        offset += line.len() as u64;
        let Some(record) = line.strip_suffix('\n') else {
            continue;
        };
        let Some((record, sum)) = record.rsplit_once(',') else {
            continue;
        };
        if checksum(record) != sum {
            continue;
        }
        let cells = csv_cells(record).filter(|c| c.len() == fields);
        let run = cells.and_then(|c| c.get(0).and_then(|r| r.parse::<usize>().ok()));
        if let Some(slot) = run.and_then(|r| at.get_mut(r)).filter(|slot| slot.is_none()) {
            *slot = Some(start);
        }
    }
    Ok(at)
}

/// Whether the folder `dir` holds this plan's finished results: its marker names the plan, and its final
/// file `final_name` is there.
pub fn finished_in(plan: &Plan, dir: &Path, final_name: &str) -> bool {
    std::fs::read_to_string(dir.join(crate::output::folder::MARKER)).is_ok_and(|m| m.contains(&plan.fingerprint()))
        && dir.join(final_name).exists()
}

/// Whether the journal at `path` holds every run of the plan intact (false when there is none; an error
/// when it is another plan's).
pub fn complete(plan: &Plan, path: &Path) -> Result<bool> {
    let Ok(text) = std::fs::read_to_string(path) else {
        return Ok(false);
    };
    // A journal cut short while its heading was written holds no run.
    if plan.heading()?.starts_with(&text) {
        return Ok(false);
    }
    Ok(read_journal(plan, path)?.iter().all(Option::is_some))
}

/// One run: a point's scenario, one replicate, the final-year mean of every metric.
fn run_one(plan: &Plan, run: usize) -> Result<RunRow> {
    let replicates = plan.replicates as usize;
    let (point, replicate) = (run / replicates, (run % replicates) as u32);
    let scenario = plan.scenario_at(point)?;
    let villages = scenario.village_params().unwrap_or_default();
    let models = Models::new(scenario.params(), &villages);
    let grouping = plan.grouping();
    let observe = Observe {
        by: grouping.dims.clone(),
        ..Observe::default()
    };
    let result = run_replicate(&models, plan.model_replicate(point, replicate), &(), &observe);
    let yearly = if plan.yearly {
        let by_metric: Vec<Vec<f64>> = METRICS.iter().map(|m| yearly_means(m, &result.months)).collect();
        (0..by_metric[0].len())
            .flat_map(|y| by_metric.iter().map(move |m| m[y]))
            .collect()
    } else {
        Vec::new()
    };
    let first = if plan.first_month {
        METRICS.iter().map(|m| m.value(&result.months[0])).collect()
    } else {
        Vec::new()
    };
    let months = result.months.len();
    let groups = plan
        .groups
        .iter()
        .map(|g| g.value(&grouping, &result.observed.groups, months))
        .collect();
    Ok(RunRow {
        point,
        replicate,
        metrics: METRICS.iter().map(|m| final_year_mean(m, &result.months)).collect(),
        yearly,
        first,
        groups,
    })
}

/// Runs the runs `part` of the plan (all of them, or a shard's block) that the journal in the folder
/// does not hold yet (at most `stop_after` runs now), then, when all are done, writes `final_name` into
/// the folder's staging area from the journal, in run order. A folder that already holds this plan's
/// finished results runs nothing.
pub fn execute(
    plan: &Plan,
    folder: &mut OutputFolder,
    final_name: &str,
    threads: Option<usize>,
    console: Console,
    stop_after: Option<usize>,
    part: Range<usize>,
) -> Result<Outcome> {
    for point in 0..plan.points.len() {
        plan.scenario_at(point)?;
    }
    let total = part.len();
    let dir = folder.target().to_path_buf();
    let journal = plan.journal(&dir);
    let finished = finished_in(plan, &dir, final_name);
    if finished && !journal.exists() {
        return Ok(Outcome {
            file: Some(dir.join(final_name)),
            done: total,
            total,
            finished_before: true,
        });
    }
    std::fs::create_dir_all(&dir).map_err(|e| Error::io(Io::Create, &dir, &e))?;
    let heading = plan.heading()?;
    // A journal cut short while its heading was written holds no run: it starts again.
    let started = std::fs::read_to_string(&journal).is_ok_and(|text| !heading.starts_with(&text));
    let mut at = if started {
        read_journal(plan, &journal)?
    } else {
        // The heading appears whole or not at all: written aside, then renamed.
        let tmp = dir.join(format!(".{}.partial.csv.tmp-{}", plan.name, std::process::id()));
        std::fs::write(&tmp, &heading)
            .and_then(|_| std::fs::rename(&tmp, &journal))
            .map_err(|e| Error::io(Io::Write, &journal, &e))?;
        vec![None; plan.runs()]
    };
    let done = part.clone().filter(|&r| at[r].is_some()).count();
    let mut missing: Vec<usize> = part.clone().filter(|&r| at[r].is_none()).collect();
    missing.truncate(stop_after.unwrap_or(total));
    let pool = thread_pool(threads)?;
    let batch = pool.current_num_threads().max(1) * 2;
    let progress = console.progress(total as u64, done as u64, Unit::Runs);
    let cannot_write = |e: std::io::Error| Error::io(Io::Write, &journal, &e);
    let mut file = OpenOptions::new()
        .read(true)
        .append(true)
        .open(&journal)
        .map_err(|e| Error::io(Io::Open, &journal, &e))?;
    let mut end = file.metadata().map_err(cannot_write)?.len();
    // A line cut short by an interruption is closed, so that the next line starts on its own.
    if end > 0 {
        let mut last = [0u8];
        file.seek(SeekFrom::Start(end - 1))
            .and_then(|_| file.read_exact(&mut last))
            .map_err(cannot_write)?;
        if last[0] != b'\n' {
            file.write_all(b"\n").map_err(cannot_write)?;
            end += 1;
        }
    }
    for runs in missing.chunks(batch) {
        let rows: Vec<RunRow> = pool.install(|| {
            runs.par_iter()
                .map(|&run| run_one(plan, run))
                .collect::<Result<Vec<_>>>()
        })?;
        let mut text = String::new();
        for (row, &run) in rows.iter().zip(runs) {
            let mut w = CsvText::default();
            plan.row_text(run, row, &mut w)?;
            let record = w.finish()?;
            let record = record.trim_end_matches('\n');
            at[run] = Some(end + text.len() as u64);
            text.push_str(&format!("{record},{}\n", checksum(record)));
        }
        file.write_all(text.as_bytes())
            .and_then(|_| file.flush())
            .map_err(cannot_write)?;
        end += text.len() as u64;
        progress.add(runs.len() as u64);
    }
    progress.finish();
    let done = part.clone().filter(|&r| at[r].is_some()).count();
    if done < total {
        return Ok(Outcome {
            file: None,
            done,
            total,
            finished_before: false,
        });
    }
    // The final file: the header, then every run's line in run order without its checksum.
    let final_path = folder.staged_path(final_name)?;
    let cannot = |e: std::io::Error| Error::io(Io::Write, &final_path, &e);
    let mut reader = BufReader::new(File::open(&journal).map_err(cannot)?);
    let mut out = std::io::BufWriter::new(File::create(&final_path).map_err(cannot)?);
    out.write_all(plan.header()?.as_bytes()).map_err(cannot)?;
    let mut line = String::new();
    for start in at[part].iter().flatten() {
        line.clear();
        reader
            .seek(SeekFrom::Start(*start))
            .and_then(|_| reader.read_line(&mut line))
            .map_err(cannot)?;
        let record = line.trim_end_matches('\n').rsplit_once(',').map_or("", |(r, _)| r);
        out.write_all(record.as_bytes())
            .and_then(|_| out.write_all(b"\n"))
            .map_err(cannot)?;
    }
    out.flush().map_err(cannot)?;
    Ok(Outcome {
        file: Some(final_path),
        done: total,
        total,
        finished_before: false,
    })
}

/// The cells of one CSV line, by the csv crate; None for a line it cannot read.
fn csv_cells(line: &str) -> Option<csv::StringRecord> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(line.as_bytes());
    reader.records().next()?.ok()
}

/// Reads the final file's runs point by point in the given order of points: one pass finds where each
/// point's rows begin, then each point is read from there, so memory holds one point's rows at a time.
pub fn read_points_in(
    plan: &Plan,
    path: &Path,
    order: &[usize],
    mut each: impl FnMut(usize, Vec<RunRow>) -> Result<()>,
) -> Result<()> {
    let unreadable = |e: &dyn std::fmt::Display| unreadable(path, e);
    let open = || -> Result<csv::Reader<BufReader<File>>> {
        Ok(csv::Reader::from_reader(BufReader::new(
            File::open(path).map_err(|e| unreadable(&e))?,
        )))
    };
    let mut reader = open()?;
    // The header first, so that the positions below are those of runs.
    reader.headers().map_err(|e| unreadable(&e))?;
    let mut starts: Vec<Option<csv::Position>> = vec![None; plan.points.len()];
    let mut record = csv::StringRecord::new();
    loop {
        let at = reader.position().clone();
        if !reader.read_record(&mut record).map_err(|e| unreadable(&e))? {
            break;
        }
        let point: usize = record.get(1).and_then(|c| c.parse().ok()).ok_or_else(|| {
            let path = path.display();
            Error::Failure(text!("{path}: a row without its point", "{path}：某行缺少其点的编号"))
        })?;
        if let Some(slot) = starts.get_mut(point) {
            slot.get_or_insert(at);
        }
    }
    let skip = 4 + plan.factors.len();
    for &point in order {
        let Some(start) = starts[point].clone() else { continue };
        reader.seek(start).map_err(|e| unreadable(&e))?;
        let mut rows = Vec::new();
        while reader.read_record(&mut record).map_err(|e| unreadable(&e))? {
            let row = parse_row(plan, path, &record, skip)?;
            if row.point != point {
                break;
            }
            rows.push(row);
        }
        each(point, rows)?;
    }
    Ok(())
}

/// One journal row: its point, replicate and metrics (an empty cell is a missing value).
fn parse_row(plan: &Plan, path: &Path, cells: &csv::StringRecord, skip: usize) -> Result<RunRow> {
    let parse = |s: &str| match s {
        "" => Ok(f64::NAN),
        _ => s.parse::<f64>().map_err(|_| {
            let path = path.display();
            Error::Failure(text!("{path}: bad number `{s}`", "{path}：无效的数值 `{s}`"))
        }),
    };
    let number = |k: usize| parse(cells.get(k).unwrap_or(""));
    let values = (skip..cells.len()).map(number).collect::<Result<Vec<f64>>>()?;
    let m = METRICS.len();
    let years = if plan.yearly { plan.years().count() * m } else { 0 };
    let first = if plan.first_month { m } else { 0 };
    let cut = |k: usize| k.min(values.len());
    let (a, b, c) = (cut(m), cut(m + years), cut(m + years + first));
    Ok(RunRow {
        point: number(1)? as usize,
        replicate: number(2)? as u32,
        metrics: values[..a].to_vec(),
        yearly: values[a..b].to_vec(),
        first: values[b..c].to_vec(),
        groups: values[c..].to_vec(),
    })
}

/// A journal or run file that could not be read back (the reader's words in both languages).
fn unreadable(path: &Path, e: &dyn std::fmt::Display) -> Error {
    let path = path.display();
    Error::Failure(text!("cannot read {path}: {e}", "无法读取 {path}：{e}"))
}

/// Streams the final file back, run by run (for summaries and indices).
pub fn read_rows(plan: &Plan, path: &Path, mut each: impl FnMut(RunRow)) -> Result<()> {
    let unreadable = |e: &dyn std::fmt::Display| unreadable(path, e);
    let mut reader = csv::Reader::from_reader(BufReader::new(File::open(path).map_err(|e| unreadable(&e))?));
    let skip = 4 + plan.factors.len();
    for record in reader.records() {
        let cells = record.map_err(|e| unreadable(&e))?;
        each(parse_row(plan, path, &cells, skip)?);
    }
    Ok(())
}
