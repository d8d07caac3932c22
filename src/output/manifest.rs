//! `manifest.json`: the program version, every scenario's fully resolved parameters and seeds (enough to
//! reproduce the run exactly), and `run_info`, the only part that may differ between two runs.

use std::time::SystemTime;

use serde_json::{json, Map, Value as Json};

use crate::engine::Run;
use crate::scenario::registry::Value;

#[derive(Clone, Debug)]
pub struct RunInfo {
    pub started: SystemTime,
    pub finished: SystemTime,
    pub command: Vec<String>,
    /// The shards a merge added up (their hosts, times and throughput), or None.
    pub shards: Option<Json>,
}

fn to_json(v: &Value) -> Json {
    match v {
        Value::Bool(b) => json!(b),
        Value::Int(i) => json!(i),
        Value::Float(x) => json!(x),
        Value::List(xs) => json!(xs),
        Value::Text(t) => json!(t),
        Value::Unset => Json::Null,
    }
}

/// Peak resident memory of this process in bytes (Linux), or None elsewhere.
pub fn peak_memory_bytes() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

pub fn manifest(run: &Run, info: &RunInfo) -> String {
    let scenarios: Vec<Json> = run
        .scenarios
        .iter()
        .map(|s| {
            let params: Map<String, Json> = s
                .scenario
                .values()
                .iter()
                .map(|(k, v)| (k.clone(), to_json(v)))
                .collect();
            let mut entry = json!({
                "name": s.scenario.name,
                "file": s.scenario.file,
                "description": s.scenario.description,
                "reference": s.scenario.reference,
                "parameters": params,
                "replicate_seeds": s.replicates.iter().map(|r| r.seed).collect::<Vec<_>>(),
            });
            // The village table as read, so that the manifest alone reproduces the run.
            if let Some(table) = &s.scenario.table {
                entry["village_table"] = json!({
                    "file": table.file,
                    "villages": table.rows.iter().map(|r| {
                        let overrides: Map<String, Json> = r.overrides.iter().map(|(k, v)| (k.clone(), to_json(v))).collect();
                        json!({
                            "name": r.name,
                            "population": r.population,
                            "share_60plus": r.share_60,
                            "share_away": r.share_away,
                            "overrides": overrides,
                        })
                    }).collect::<Vec<_>>(),
                });
            }
            entry
        })
        .collect();
    let mut doc = json!({
        "program": "huzhu",
        "version": env!("CARGO_PKG_VERSION"),
        "seed_rule": "village key = SplitMix64 fold of (run.seed, replicate, village index); one SplitMix64 stream per (village key, process, person, month)",
        "scenarios": scenarios,
        "run_info": {
            "command": info.command,
            "started": humantime::format_rfc3339_seconds(info.started).to_string(),
            "finished": humantime::format_rfc3339_seconds(info.finished).to_string(),
            "threads": run.threads,
            "simulation_seconds": run.seconds,
            "agent_months": run.agent_months,
            "agent_months_per_second": run.agent_months_per_second(),
            "peak_memory_bytes": peak_memory_bytes(),
        },
    });
    if let Some(shards) = &info.shards {
        doc["run_info"]["shards"] = shards.clone();
    }
    let mut text = serde_json::to_string_pretty(&doc).expect("JSON of plain values");
    text.push('\n');
    text
}
