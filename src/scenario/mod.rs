//! Scenario files: TOML → validated parameters. `extends` chains, lever tables, `--set` overrides, and the
//! cross-key checks the registry cannot express alone.

pub mod declare;
pub mod levers;
pub mod params;
pub mod registry;
pub mod sections;
pub mod village_table;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::error::{cannot_be_read, Error, Result};
use crate::lang::{code_list, Lang, Text};
use declare::{Kind, Section, Value};
pub use params::Params;
use registry::registry;
use village_table::VillageTable;

/// The default scenario, built into the binary so `huzhu run` works from any folder.
pub const BUILTIN_BASELINE: &str = include_str!("../../scenarios/baseline.toml");
const BUILTIN_NAME: &str = "baseline.toml (built in)";

/// Keys of a scenario file that are not parameters.
const META_KEYS: [&str; 5] = ["name", "description", "extends", "reference", "rests_on"];

#[derive(Clone, Debug)]
pub struct Scenario {
    pub name: String,
    pub description: String,
    pub reference: Option<String>,
    /// The assumption a scenario's conclusion rests on (for the scenario library's documentation).
    pub rests_on: String,
    /// Where it came from, for messages and the manifest.
    pub file: String,
    /// The file's path, to resolve `reference` (None for the built-in baseline).
    pub path: Option<PathBuf>,
    /// Every parameter, resolved: defaults, then the `extends` chain, then this file, then `--set`.
    pub params: Params,
    /// Which file (or option) last set each key that is not a default, for error messages.
    origin: BTreeMap<String, (String, Option<usize>)>,
    /// The villages of `villages.file`, read by `resolve_table`.
    pub table: Option<Arc<VillageTable>>,
}

impl Scenario {
    /// All defaults, named `name`.
    fn defaults(name: &str, file: &str) -> Scenario {
        Scenario {
            name: name.into(),
            description: String::new(),
            reference: None,
            rests_on: String::new(),
            file: file.into(),
            path: None,
            params: Params::default(),
            origin: BTreeMap::new(),
            table: None,
        }
    }

    /// The file of the scenario's `reference`, relative to this scenario's file.
    pub fn reference_path(&self) -> Option<PathBuf> {
        let reference = self.reference.as_ref()?;
        let dir = self.path.as_ref().and_then(|p| p.parent()).unwrap_or(Path::new("."));
        Some(dir.join(reference))
    }

    /// Loads a scenario file and everything it extends, then checks it.
    pub fn load(path: &Path) -> Result<Scenario> {
        let mut chain = Vec::new();
        let mut s = load_chain(path, &mut chain)?;
        s.resolve_table()?;
        s.validate()?;
        Ok(s)
    }

    /// A scenario from its text alone, where no file can be read (the classroom page): it extends
    /// nothing or the built-in baseline, and a village table it names comes as text (`set_table`).
    pub fn from_text(text: &str, file: &str) -> Result<Scenario> {
        let table = parse(text, file)?;
        let mut scenario = match table.get("extends") {
            None => Scenario::defaults("scenario", file),
            Some(toml::Value::String(parent)) if parent == BUILTIN_EXTENDS => {
                let mut s = Scenario::builtin_baseline();
                s.description.clear();
                s
            }
            Some(_) => {
                return Err(Error::input(
                    file,
                    Some("extends"),
                    text!(
                        "names another file, which cannot be read here; allowed: `{BUILTIN_EXTENDS}`, or no `extends` (as in the file `huzhu check --resolved` prints)",
                        "指向另一个文件，此处无法读取；允许：`{BUILTIN_EXTENDS}`，或不写 `extends`（如 `huzhu check --resolved` 打印的文件）"
                    ),
                )
                .at_line(find_line(text, "extends")))
            }
        };
        scenario.file = file.into();
        apply_table(&mut scenario, &table, text, file)?;
        Ok(scenario)
    }

    /// The scenario as one TOML file that needs no other: `extends` the built-in baseline, with every
    /// key whose value differs from it (and the `on` of each lever such a key belongs to, so that
    /// the lever stays as it is). Loading it gives the same parameters.
    pub fn to_toml(&self) -> String {
        let base = Scenario::builtin_baseline();
        let quote = |t: &str| toml::Value::String(t.to_string()).to_string();
        let mut text = format!("name = {}\n", quote(&self.name));
        if !self.description.is_empty() {
            text.push_str(&format!("description = {}\n", quote(&self.description)));
        }
        text.push_str(&format!("extends = \"{BUILTIN_EXTENDS}\"\n"));
        let differing: BTreeSet<&str> = (registry().params.iter())
            .map(|p| p.key.as_str())
            .filter(|key| self.get(key) != base.get(key))
            .collect();
        let levers: BTreeSet<&str> = differing.iter().filter_map(|key| lever_of(key)).collect();
        for p in &registry().params {
            let key = p.key.as_str();
            let keeps_lever = lever_of(key).is_some_and(|l| levers.contains(l) && key == format!("levers.{l}.on"));
            // With a village table, the table gives the count.
            if !(differing.contains(key) || keeps_lever) || (key == "villages.count" && self.table.is_some()) {
                continue;
            }
            let value = match self.get(key) {
                Value::Text(t) => quote(&t),
                Value::Unset => continue,
                v => v.to_string(),
            };
            text.push_str(&format!("{key} = {value}\n"));
        }
        text
    }

    /// The built-in baseline.
    pub fn builtin_baseline() -> Scenario {
        let mut s = Scenario::defaults("baseline", BUILTIN_NAME);
        apply_text(&mut s, BUILTIN_BASELINE, BUILTIN_NAME).expect("the built-in baseline is valid");
        s
    }

    /// Applies `--set KEY=VALUE` (the key, type and range checked as in a file; the checks across keys
    /// are `validate`'s); a lever parameter turns the lever on, as a lever table in a file does.
    pub fn set(&mut self, assignment: &str, what: &str) -> Result<()> {
        let (key, text) = assignment.split_once('=').ok_or_else(|| {
            Error::input(
                what,
                None,
                text!("`{assignment}` is not KEY=VALUE", "`{assignment}` 不是 键=值 的形式"),
            )
        })?;
        let key = key.trim();
        let parsed: toml::Table = toml::from_str(&format!("v = {}", text.trim()))
            .or_else(|_| toml::from_str(&format!("v = \"{}\"", text.trim())))
            .map_err(|_| Error::input(what, Some(key), text!("`{text}` is not a value", "`{text}` 不是一个值")))?;
        let param = lookup(key, what)?;
        let value = convert(param.kind, &parsed["v"])
            .map_err(|m| Error::input(what, Some(key), m.then(": ", "：", &text!("`{text}`", "`{text}`"))))?;
        param
            .check(&value)
            .map_err(|m| Error::input(what, Some(key), out_of_range(&value).then("; ", "；", &m)))?;
        if let Some(lever) = lever_of(key) {
            if !key.ends_with(".on") {
                self.params.set(&format!("levers.{lever}.on"), &Value::Bool(true));
            }
        }
        self.assign(key, &value, what, None)
    }

    /// Sets a checked value, from `what` (a file, at a line where known, or an option); every key of the
    /// registry is a field of `Params` (a test walks them all).
    fn assign(&mut self, key: &str, value: &Value, what: &str, line: Option<usize>) -> Result<()> {
        if !self.params.set(key, value) {
            return Err(Error::input(
                what,
                Some(key),
                text!(
                    "{value} cannot be set; `huzhu params` lists every key",
                    "`{value}` 无法设置；`huzhu params` 列出全部键"
                ),
            ));
        }
        self.origin.insert(key.to_string(), (what.to_string(), line));
        Ok(())
    }

    /// The value of a parameter by its key (`Unset` for a key that is not one).
    pub fn get(&self, key: &str) -> Value {
        self.params.get(key).unwrap_or(Value::Unset)
    }

    pub fn params(&self) -> &Params {
        &self.params
    }

    /// Every parameter's value by key, in key order (for the manifest and fingerprints).
    pub fn values(&self) -> BTreeMap<String, Value> {
        registry()
            .params
            .iter()
            .map(|p| (p.key.clone(), self.get(&p.key)))
            .collect()
    }

    /// Reads the village table that `villages.file` names (relative to the file that names it; to the
    /// working folder for `--set`), and takes `villages.count` from its rows. Call it after every `set`,
    /// before `validate`.
    pub fn resolve_table(&mut self) -> Result<()> {
        let Some(file) = self.params.villages.file.clone() else {
            self.table = None;
            return Ok(());
        };
        let (what, _) = self.origin.get("villages.file").cloned().unwrap_or_default();
        let dir = Path::new(&what)
            .parent()
            .filter(|_| Path::new(&what).is_file())
            .unwrap_or(Path::new(""));
        let path = dir.join(&file);
        let shown = path.display().to_string();
        // Options applied after loading resolve again; the table read then is kept unless the file changed.
        let table = match self.table.take() {
            Some(t) if t.file == shown => t,
            _ => Arc::new(VillageTable::read(&path, &shown)?),
        };
        self.set_table(table)
    }

    /// Takes the villages of `table` (read from the file `villages.file` names, or given as text where
    /// no file can be read) and `villages.count` from its rows.
    pub fn set_table(&mut self, table: Arc<VillageTable>) -> Result<()> {
        let (what, _) = self.origin.get("villages.file").cloned().unwrap_or_default();
        let rows = table.rows.len() as u64;
        // A count from a file that the table's file extends gives way to the table; one given beside it
        // (the same file, or --set) must agree with it.
        if let Some((where_, line)) = self.origin.get("villages.count") {
            let beside = where_ == &what || (!Path::new(where_).is_file() && where_ != BUILTIN_NAME);
            if beside && self.params.villages.count != rows {
                return Err(Error::input(
                    where_,
                    Some("villages.count"),
                    text!(
                        "is {count} but the village table {file} has {rows} villages; allowed: villages.count left out beside villages.file",
                        "为 {count}，但村庄表 {file} 有 {rows} 个村；允许：与 villages.file 同用时省略 villages.count",
                        count = self.params.villages.count,
                        file = table.file
                    ),
                )
                .at_line(*line));
            }
        }
        self.params.villages.count = rows;
        self.table = Some(table);
        Ok(())
    }

    /// With a village table, each village's parameters (the scenario's with its row applied).
    pub fn village_params(&self) -> Option<Vec<Params>> {
        self.table.as_ref().map(|t| t.params(&self.params))
    }

    /// Checks across keys: what one parameter's range cannot say alone. Loading a file checks; after
    /// `set`s, call it once all are applied, so that their order does not matter.
    pub fn validate(&self) -> Result<()> {
        self.check_keys(true)
    }

    /// The checks of `validate`; `whole` for the scenario itself, not one village of its table (where
    /// a lever that starts after the run is a roll-out that the run does not reach, not a mistake).
    fn check_keys(&self, whole: bool) -> Result<()> {
        let err = |key: &str, msg: Text| {
            let (file, line) = self
                .origin
                .get(key)
                .cloned()
                .unwrap_or_else(|| (self.file.clone(), None));
            Err(Error::input(file, Some(key), msg).at_line(line))
        };
        for (lever, period) in self.params.levers.periods() {
            let (start, end) = (period.start_month / 12, period.end_month.map(|m| m / 12));
            if let Some(end) = end.filter(|&end| end <= start) {
                return err(
                    &format!("levers.{lever}.end_year"),
                    text!(
                        "ends in year {end}, not after its start_year {start}; allowed: an end_year greater than start_year, or none",
                        "结束于第 {end} 年，不晚于其 start_year（第 {start} 年）；允许：大于 start_year 的 end_year，或省略"
                    ),
                );
            }
        }
        let health = &self.params.health;
        for (key, v) in [
            ("health.severity_split", &health.severity_split),
            ("health.onset_split", &health.onset_split),
        ] {
            let sum: f64 = v.iter().sum();
            if (sum - 1.0).abs() > 1e-6 {
                return err(
                    key,
                    text!(
                        "shares add up to {sum}; allowed: shares that add up to 1",
                        "各比例之和为 {sum}；允许：和为 1 的比例"
                    ),
                );
            }
        }
        let ages: f64 = self.params.demography.age_structure.iter().sum();
        if (ages - 100.0).abs() > 1.0 {
            return err(
                "demography.age_structure",
                text!(
                    "adds up to {ages} %; allowed: percentages that add up to 100 (± 1; they are then rescaled to exactly 100)",
                    "之和为 {ages}%；允许：和为 100 的百分比（误差 ±1，随后按比例调整为恰好 100）"
                ),
            );
        }
        let population = &self.params.villages.population;
        if population.min > population.mean {
            return err(
                "villages.population.min",
                text!(
                    "{min} is above the mean {mean}; allowed: a smallest village no larger than the mean",
                    "{min} 大于均值 {mean}；允许：最小村庄人口不大于均值",
                    min = population.min,
                    mean = population.mean
                ),
            );
        }
        let (youngest, oldest) = self.params.behaviour.provider_ages;
        if youngest > oldest {
            return err(
                "behaviour.provider_ages",
                text!(
                    "[{youngest}, {oldest}] gives the youngest above the oldest; allowed: [youngest, oldest]",
                    "[{youngest}, {oldest}] 的最小年龄大于最大年龄；允许：[最小年龄, 最大年龄]"
                ),
            );
        }
        let years = self.params.run.years;
        for (lever, period) in self.params.levers.periods() {
            if whole && period.on && period.start_month / 12 >= years {
                return err(
                    &format!("levers.{lever}.start_year"),
                    text!(
                        "{start} is not within the run of {years} years, so the lever would never be in force; allowed: a start_year below run.years",
                        "{start} 不在 {years} 年的运行期内，该政策工具不会生效；允许：小于 run.years 的 start_year",
                        start = period.start_month / 12
                    ),
                );
            }
        }
        if let (Some(table), Some(each)) = (&self.table, self.village_params()) {
            for (row, params) in table.rows.iter().zip(each) {
                let village = Scenario {
                    params,
                    table: None,
                    ..self.clone()
                };
                if let Err(Error::Input(e)) = village.check_keys(false) {
                    return Err(Error::input(
                        &table.file,
                        e.key.as_deref(),
                        text!("village `{}`: ", "村庄 `{}`：", row.name).then("", "", &e.message),
                    )
                    .at_line(Some(row.line)));
                }
            }
        }
        Ok(())
    }
}

/// A scenario's name, which names its output folder and its rows: a short identifier, never a path.
fn check_name(name: &str) -> std::result::Result<(), Text> {
    let count = name.chars().count();
    let ok = (1..=64).contains(&count) && name.chars().all(|c| c.is_alphanumeric() || c == '_' || c == '-');
    if ok {
        return Ok(());
    }
    let shown: String = name.chars().take(40).collect::<String>().escape_debug().to_string();
    let more = if count > 40 { "…" } else { "" };
    Err(text!(
        "\"{shown}{more}\" ({count} characters) is not a name; allowed: 1 to 64 letters (Chinese included), digits, `_` and `-`",
        "“{shown}{more}”（{count} 个字符）不是有效的名称；允许：1 至 64 个字母（含汉字）、数字、`_` 和 `-`"
    ))
}

/// The lever a key belongs to, if any.
fn lever_of(key: &str) -> Option<&str> {
    key.strip_prefix("levers.")?.split('.').next()
}

fn lookup<'a>(key: &str, file: &str) -> Result<&'a registry::Param> {
    registry()
        .get(key)
        .ok_or_else(|| Error::input(file, Some(key), unknown_key_message(key)))
}

fn unknown_key_message(key: &str) -> Text {
    let reg = registry();
    let inside: Vec<&str> = reg
        .params
        .iter()
        .filter_map(|p| p.key.strip_prefix(key).and_then(|r| r.strip_prefix('.')))
        .collect();
    if !inside.is_empty() {
        let keys = inside.iter().map(|k| format!("{k} = …")).collect::<Vec<_>>().join(", ");
        return text!(
            "is a table, not a value; allowed: a table {{ {keys} }}",
            "是一个表，不是一个值；允许：表 `{{ {keys} }}`"
        );
    }
    if let Some(lever) = lever_of(key) {
        if !reg.levers().contains(&lever) {
            let levers = code_list(reg.levers());
            return text!(
                "unknown lever `{lever}`; levers are: ",
                "未知的政策工具 `{lever}`；政策工具有："
            )
            .then("", "", &levers);
        }
    }
    let section = key.rsplit_once('.').map_or("", |(s, _)| s);
    let siblings: Vec<&str> = reg
        .params
        .iter()
        .filter_map(|p| p.key.strip_prefix(section).and_then(|r| r.strip_prefix('.')))
        .filter(|rest| !section.is_empty() && !rest.contains('.'))
        .collect();
    if siblings.is_empty() {
        text!(
            "unknown key; `huzhu params` lists every key",
            "未知的键；`huzhu params` 列出全部键"
        )
    } else {
        text!(
            "unknown key; keys in `{section}` are: ",
            "未知的键；`{section}` 中的键有："
        )
        .then("", "", &code_list(siblings))
    }
}

/// Converts a TOML value to the parameter's kind, or says what was wrong.
fn convert(kind: Kind, v: &toml::Value) -> std::result::Result<Value, Text> {
    let type_name = v.type_str();
    match (kind, v) {
        (Kind::Bool, toml::Value::Boolean(b)) => Ok(Value::Bool(*b)),
        (Kind::Int | Kind::OptInt, toml::Value::Integer(i)) => Ok(Value::Int(*i)),
        (Kind::Float, toml::Value::Integer(i)) => Ok(Value::Float(*i as f64)),
        (Kind::Float, toml::Value::Float(x)) => Ok(Value::Float(*x)),
        (Kind::OptText, toml::Value::String(t)) => Ok(Value::Text(t.clone())),
        (Kind::List(_), toml::Value::Array(items)) => items
            .iter()
            .map(|item| match item {
                toml::Value::Integer(i) => Ok(*i as f64),
                toml::Value::Float(x) => Ok(*x),
                other => {
                    let (got, want) = (type_text(other.type_str()), kind.describe());
                    Err(Text::by(|l| match l {
                        Lang::En => format!("a list holds a {}, expected {}", got.get(l), want.get(l)),
                        Lang::Zh => format!("列表中有{}，应为{}", got.get(l), want.get(l)),
                    }))
                }
            })
            .collect::<std::result::Result<Vec<f64>, Text>>()
            .map(Value::List),
        _ => Err(wrong_type(type_name, &kind.describe())),
    }
}

/// "wrong type: got a string, expected a number".
pub(crate) fn wrong_type(type_name: &str, expected: &Text) -> Text {
    let got = type_text(type_name);
    Text::by(|l| match l {
        Lang::En => format!("wrong type: got a {}, expected {}", got.get(l), expected.get(l)),
        Lang::Zh => format!("类型错误：得到{}，应为{}", got.get(l), expected.get(l)),
    })
}

/// A TOML type's name (`toml::Value::type_str`) in both languages.
fn type_text(type_name: &str) -> Text {
    let zh = match type_name {
        "string" => "文本",
        "integer" => "整数",
        "float" => "小数",
        "boolean" => "布尔值",
        "datetime" => "日期时间",
        "array" => "列表",
        "table" => "表",
        other => other,
    };
    Text::new(type_name, zh)
}

/// The largest scenario file read: far above any real one (the baseline is 1 KB).
const MAX_SCENARIO_BYTES: u64 = 4 << 20;

/// `extends` of the built-in baseline, from any folder.
const BUILTIN_EXTENDS: &str = "huzhu:baseline";

/// Checks that `path` is a regular scenario file of a sane size, before anything reads it (a pipe or a
/// device would block or never end); says what it is otherwise.
fn scenario_file(path: &Path) -> std::result::Result<PathBuf, Text> {
    let unreadable = |e: std::io::Error| cannot_be_read(&e);
    let canonical = path.canonicalize().map_err(|e| match e.raw_os_error() {
        Some(40) => text!(
            "is a loop of symbolic links; allowed: a scenario file",
            "是符号链接的循环；允许：一个情景文件"
        ),
        _ if !path.exists() => {
            let looked = path.display();
            text!(
                "does not exist (looked for {looked}); allowed: a scenario file (relative to the file that names it), or `{BUILTIN_EXTENDS}` in `extends`",
                "不存在（查找的是 `{looked}`）；允许：一个情景文件（相对于引用它的文件），或在 `extends` 中写 `{BUILTIN_EXTENDS}`"
            )
        }
        _ => unreadable(e),
    })?;
    let meta = std::fs::metadata(&canonical).map_err(unreadable)?;
    if meta.is_dir() {
        return Err(text!(
            "is a folder; allowed: a scenario file (TOML)",
            "是一个文件夹；允许：一个情景文件（TOML）"
        ));
    }
    if !meta.is_file() {
        return Err(text!(
            "is not a regular file (a device, a pipe or a socket); allowed: a scenario file (TOML)",
            "不是普通文件（而是设备、管道或套接字）；允许：一个情景文件（TOML）"
        ));
    }
    if meta.len() > MAX_SCENARIO_BYTES {
        let (bytes, mib) = (meta.len(), MAX_SCENARIO_BYTES >> 20);
        return Err(text!(
            "holds {bytes} bytes; allowed: a scenario file of at most {mib} MiB",
            "有 {bytes} 字节；允许：至多 {mib} MiB 的情景文件"
        ));
    }
    Ok(canonical)
}

/// Reads a scenario file: its canonical path and its text.
fn read_scenario(path: &Path) -> std::result::Result<(PathBuf, String), Text> {
    let canonical = scenario_file(path)?;
    let bytes = std::fs::read(&canonical).map_err(|e| cannot_be_read(&e))?;
    let text = String::from_utf8(bytes).map_err(|_| {
        text!(
            "is not UTF-8 text; allowed: a TOML scenario file",
            "不是 UTF-8 文本；允许：TOML 情景文件"
        )
    })?;
    Ok((canonical, text))
}

/// Loads `path` with its `extends` chain; `chain` holds the files being loaded, to find cycles.
fn load_chain(path: &Path, chain: &mut Vec<PathBuf>) -> Result<Scenario> {
    let shown = path.display().to_string();
    let (canonical, text) = read_scenario(path).map_err(|m| Error::input(&shown, None, m))?;
    let table = parse(&text, &shown)?;
    chain.push(canonical.clone());
    let stem = path
        .file_stem()
        .map_or("scenario".into(), |s| snake_case(&s.to_string_lossy()));
    let mut scenario = match table.get("extends") {
        Some(toml::Value::String(parent)) if parent == BUILTIN_EXTENDS => {
            let mut s = Scenario::builtin_baseline();
            s.description.clear();
            s
        }
        Some(toml::Value::String(parent)) => {
            let parent_path = path.parent().unwrap_or(Path::new(".")).join(parent);
            if let Err(m) = scenario_file(&parent_path) {
                return Err(Error::input(
                    &shown,
                    Some("extends"),
                    text!("`{parent}` ", "`{parent}` ").then("", "", &m),
                )
                .at_line(find_line(&text, "extends")));
            }
            if parent_path
                .canonicalize()
                .is_ok_and(|c| c == canonical || chain.contains(&c))
            {
                let cycle = text!(
                    "`{parent}` makes a cycle (the chain of `extends` comes back to a file it already loaded); allowed: a chain of files that ends",
                    "`{parent}` 构成循环（`extends` 链回到了已载入的文件）；允许：有尽头的文件链"
                );
                return Err(Error::input(&shown, Some("extends"), cycle).at_line(find_line(&text, "extends")));
            }
            let mut s = load_chain(&parent_path, chain)?;
            s.description.clear();
            s.reference = None;
            s.rests_on.clear();
            s
        }
        Some(other) => {
            return Err(Error::input(
                &shown,
                Some("extends"),
                wrong_type(other.type_str(), &text!("a file name in quotes", "带引号的文件名")),
            )
            .at_line(find_line(&text, "extends")))
        }
        None => Scenario::defaults(&stem, &shown),
    };
    chain.pop();
    check_name(&stem).map_err(|m| {
        Error::input(
            &shown,
            Some("name"),
            Text::by(|l| match l {
                Lang::En => format!("the file's name gives {}; set `name = \"...\"` in the file", m.get(l)),
                Lang::Zh => format!("由文件名得到的{}；请在文件中写 `name = \"...\"`", m.get(l)),
            }),
        )
    })?;
    scenario.name = stem;
    scenario.file = shown.clone();
    scenario.path = Some(path.to_path_buf());
    apply_table(&mut scenario, &table, &text, &shown)?;
    Ok(scenario)
}

fn parse(text: &str, file: &str) -> Result<toml::Table> {
    toml::from_str(text).map_err(|e| {
        let line = e
            .span()
            .map(|s| text[..s.start.min(text.len())].matches('\n').count() + 1);
        let message = e.message().trim_end_matches('\n').to_string();
        Error::input(
            file,
            None,
            text!(
                "is not valid TOML: {message}; allowed: `[section]` headers, `key = value` lines, text in double quotes, numbers, true or false, [lists] and {{ tables }}, and # comments",
                "不是有效的 TOML（解析器原文：{message}）；允许：`[节]` 标题、`键 = 值` 行、双引号中的文本、数值、true 或 false、[列表]、{{ 表 }} 以及 # 注释"
            ),
        )
        .at_line(line)
    })
}

fn apply_text(s: &mut Scenario, text: &str, file: &str) -> Result<()> {
    let table = parse(text, file)?;
    apply_table(s, &table, text, file)
}

fn apply_table(s: &mut Scenario, table: &toml::Table, text: &str, file: &str) -> Result<()> {
    for key in ["name", "description", "reference", "rests_on"] {
        match table.get(key) {
            None => {}
            Some(toml::Value::String(v)) => match key {
                "name" => {
                    check_name(v).map_err(|m| Error::input(file, Some("name"), m).at_line(find_line(text, "name")))?;
                    s.name = v.clone();
                }
                "description" => s.description = v.clone(),
                "reference" => s.reference = Some(v.clone()),
                _ => s.rests_on = v.clone(),
            },
            Some(other) => {
                return Err(Error::input(
                    file,
                    Some(key),
                    wrong_type(other.type_str(), &text!("text in quotes", "带引号的文本")),
                )
                .at_line(find_line(text, key)))
            }
        }
    }
    let mut leaves = Vec::new();
    for (key, value) in table.iter().filter(|(k, _)| !META_KEYS.contains(&k.as_str())) {
        flatten(key, value, &mut leaves)
            .map_err(|(k, m)| Error::input(file, Some(&k), m).at_line(find_line(text, &k)))?;
    }
    for (key, value) in leaves {
        let line = find_line(text, &key);
        let param = lookup(&key, file).map_err(|e| e.at_line(line))?;
        let v = convert(param.kind, &value).map_err(|m| Error::input(file, Some(&key), m).at_line(line))?;
        param
            .check(&v)
            .map_err(|m| Error::input(file, Some(&key), out_of_range(&v).then("; ", "；", &m)).at_line(line))?;
        s.assign(&key, &v, file, line).map_err(|e| e.at_line(line))?;
    }
    Ok(())
}

/// "VALUE is out of range", before what is allowed.
pub(crate) fn out_of_range(value: &Value) -> Text {
    text!("{value} is out of range", "`{value}` 超出允许范围")
}

/// Flattens nested tables into dotted keys. A `[levers.NAME]` table turns its lever on unless it says
/// `on = false`.
fn flatten(
    prefix: &str,
    value: &toml::Value,
    out: &mut Vec<(String, toml::Value)>,
) -> std::result::Result<(), (String, Text)> {
    match value {
        toml::Value::Table(t) => {
            if let Some(lever) = lever_of(prefix).filter(|_| prefix.matches('.').count() == 1) {
                if !registry().levers().contains(&lever) {
                    return Err((prefix.into(), unknown_key_message(&format!("{prefix}.on"))));
                }
                if !t.contains_key("on") {
                    out.push((format!("{prefix}.on"), toml::Value::Boolean(true)));
                }
            }
            for (k, v) in t {
                flatten(&format!("{prefix}.{k}"), v, out)?;
            }
            Ok(())
        }
        _ => {
            out.push((prefix.into(), value.clone()));
            Ok(())
        }
    }
}

/// The line of a dotted key in a TOML text, where it can be found: tracks `[table]` headers and matches
/// `name =` lines, inline tables and dotted keys included.
fn find_line(text: &str, key: &str) -> Option<usize> {
    let mut section = String::new();
    for (n, raw) in text.lines().enumerate() {
        let line = raw.trim();
        if let Some(header) = line.strip_prefix('[').and_then(|l| l.split(']').next()) {
            section = header.trim().replace(['"', ' '], "");
            if section == key {
                return Some(n + 1);
            }
            continue;
        }
        let Some((name, _)) = line.split_once('=') else {
            continue;
        };
        let name = name.trim().replace(['"', ' '], "");
        if name.is_empty() || name.starts_with('#') {
            continue;
        }
        let full = if section.is_empty() {
            name
        } else {
            format!("{section}.{name}")
        };
        if full == key || key.starts_with(&format!("{full}.")) {
            return Some(n + 1);
        }
    }
    None
}

fn snake_case(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '_'
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load_text(text: &str) -> Result<Scenario> {
        let mut s = Scenario::defaults("t", "t.toml");
        apply_text(&mut s, text, "t.toml")?;
        s.validate()?;
        Ok(s)
    }

    #[test]
    fn an_empty_file_is_all_defaults() {
        let s = load_text("").unwrap();
        assert_eq!(s.params.run.years, 20);
        assert!(!s.params.levers.outmigration.on);
    }

    #[test]
    fn a_lever_table_turns_the_lever_on() {
        let s = load_text("[levers.outmigration]\nscale = 2\n").unwrap();
        assert!(s.params.levers.outmigration.on);
        assert_eq!(s.params.levers.outmigration.scale, 2.0);
        let off = load_text("[levers.outmigration]\non = false\n").unwrap();
        assert!(!off.params.levers.outmigration.on);
    }

    #[test]
    fn an_unknown_key_names_its_line_and_neighbours() {
        let e = load_text("[run]\nyears = 3\nyaers = 4\n").unwrap_err().to_string();
        assert!(
            e.contains("line 3") && e.contains("run.yaers") && e.contains("years"),
            "{e}"
        );
    }

    #[test]
    fn a_resolved_scenario_loads_from_its_text_alone_to_the_same_values() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
        let mut seen = 0;
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "toml") {
                let s = Scenario::load(&path).unwrap();
                let mut again = Scenario::from_text(&s.to_toml(), "resolved.toml").unwrap();
                if let Some(table) = &s.table {
                    again.set_table(table.clone()).unwrap();
                }
                assert_eq!(again.values(), s.values(), "{}", path.display());
                assert_eq!((&again.name, &again.description), (&s.name, &s.description));
                seen += 1;
            }
        }
        assert!(seen > 20);
        // A lever switched off keeps its other values, and stays off.
        let off = load_text("[levers.time_bank]\non = false\ngovernment_backing = 0.9\n").unwrap();
        let again = Scenario::from_text(&off.to_toml(), "off.toml").unwrap();
        assert!(!again.params.levers.time_bank.on);
        assert_eq!(again.values(), off.values());
        let e = Scenario::from_text("extends = \"baseline.toml\"\n", "page.toml").unwrap_err();
        assert!(e.to_string().contains("huzhu:baseline"), "{e}");
    }

    #[test]
    fn an_inline_table_is_flattened() {
        let s = load_text("[villages]\npopulation = { mean = 500, sd = 0, min = 100 }\n").unwrap();
        assert_eq!(s.params.villages.population.mean, 500.0);
    }

    #[test]
    fn a_lever_that_ends_before_it_starts_is_refused() {
        let e = load_text("[levers.outmigration]\nstart_year = 5\nend_year = 2\n")
            .unwrap_err()
            .to_string();
        assert!(e.contains("levers.outmigration.end_year"), "{e}");
    }

    #[test]
    fn the_checks_across_keys_wait_until_every_set_is_applied() {
        let mut s = load_text("").unwrap();
        s.set("villages.population.mean=200", "--set").unwrap();
        s.set("villages.population.min=100", "--set").unwrap();
        s.validate().unwrap();
        s.set("villages.population.min=250", "--set").unwrap();
        let e = s.validate().unwrap_err().to_string();
        assert!(
            e.starts_with("--set, key `villages.population.min`") && e.contains("above the mean"),
            "{e}"
        );
    }

    #[test]
    fn set_on_a_lever_parameter_turns_it_on() {
        let mut s = load_text("").unwrap();
        s.set("levers.market_alienation.scale=3", "--set").unwrap();
        assert!(s.params.levers.market_alienation.on);
        let e = s.set("run.nope=3", "--set").unwrap_err().to_string();
        assert!(e.starts_with("--set, key `run.nope`"), "{e}");
    }

    #[test]
    fn the_line_of_a_dotted_key_is_found() {
        let text = "name = \"x\"\n[villages]\ncount = 3\npopulation = { mean = 1 }\n";
        assert_eq!(find_line(text, "villages.count"), Some(3));
        assert_eq!(find_line(text, "villages.population.mean"), Some(4));
        assert_eq!(find_line(text, "run.years"), None);
    }
}
