//! A county's own villages (`villages.file`): a CSV table with one row per village, its `name` and
//! `population` (registered villagers), and optional columns: `share_60plus` (the share of residents
//! aged 60 and over), `share_away` (the share of registered villagers away), and any scalar key of the
//! scenario, which overrides the scenario in that village: a lever's `on` for targeting, its
//! `start_year` for a roll-out. An empty cell leaves the scenario's value.
//!
//! The two shares are honoured by rules (docs/county.md): `share_away` scales the initial away shares
//! by age and the leaving rates by the same factor, so that the expected share away at month 0 is the
//! target; `share_60plus` reweights the age structure, the bands 60+ against the others, so that the
//! expected share of residents 60+ at month 0 is the target (the away being of working age).

use std::collections::HashSet;
use std::path::Path;

use super::declare::{Kind, Section, Value};
use super::registry::registry;
use super::Params;
use crate::error::{Error, Result};
use crate::lang::{code_list, Lang, Text};

pub const NAME: &str = "name";
pub const POPULATION: &str = "population";
pub const SHARE_60: &str = "share_60plus";
pub const SHARE_AWAY: &str = "share_away";

/// The largest village table read (a county has hundreds of rows, a province tens of thousands).
const MAX_BYTES: u64 = 64 << 20;

/// One village of the table.
#[derive(Clone, Debug, PartialEq)]
pub struct VillageRow {
    pub name: String,
    /// The line of the file, for messages.
    pub line: usize,
    pub population: f64,
    pub share_60: Option<f64>,
    pub share_away: Option<f64>,
    /// Scenario keys set for this village, in the table's column order.
    pub overrides: Vec<(String, Value)>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct VillageTable {
    /// The file as the scenario names it, for messages.
    pub file: String,
    pub rows: Vec<VillageRow>,
}

/// What a column of the table is.
enum Column {
    Name,
    Population,
    Share60,
    ShareAway,
    Key(String, Kind),
}

/// The lever names of the registry (`levers.NAME.…`).
fn levers() -> Vec<String> {
    let mut names: Vec<String> = registry()
        .params
        .iter()
        .filter_map(|p| p.key.strip_prefix("levers.")?.split('.').next().map(String::from))
        .collect();
    names.dedup();
    names
}

fn column(name: &str, file: &str) -> Result<Column> {
    let bad = |m: Text| Error::input(file, Some(name), m).at_line(Some(1));
    match name {
        NAME => return Ok(Column::Name),
        POPULATION => return Ok(Column::Population),
        SHARE_60 => return Ok(Column::Share60),
        SHARE_AWAY => return Ok(Column::ShareAway),
        _ => {}
    }
    if let Some(lever) = name.strip_prefix("levers.").and_then(|k| k.split('.').next()) {
        if !levers().iter().any(|l| l == lever) {
            let levers = code_list(levers());
            return Err(bad(text!(
                "there is no lever `{lever}`; allowed levers: ",
                "没有名为 `{lever}` 的政策工具；允许的政策工具："
            )
            .then("", "", &levers)));
        }
    }
    let Some(param) = registry().get(name) else {
        return Err(bad(text!(
            "unknown column; allowed: {NAME}, {POPULATION}, {SHARE_60}, {SHARE_AWAY}, or a scenario key of one value (`huzhu params` lists them)",
            "未知的列；允许：`{NAME}`、`{POPULATION}`、`{SHARE_60}`、`{SHARE_AWAY}`，或取单个值的情景键（`huzhu params` 列出全部键）"
        )));
    };
    if name.starts_with("run.") || name.starts_with("villages.") {
        return Err(bad(text!(
            "is a setting of the whole run, not of a village; allowed: keys of the model and its levers",
            "是整个运行的设置，不属于单个村庄；允许：模型及其政策工具的键"
        )));
    }
    // The county's spending is priced from counts summed over its villages (`costs::price`), at one
    // price per unit cost.
    if param.plausible().is_some_and(|(_, _, reprice)| reprice) || name.starts_with("costs.") {
        return Err(bad(text!(
            "is a unit cost, one for the whole county; allowed: set it in the scenario (docs/costs.md)",
            "是单位成本，全县只有一个值；允许：在情景文件中设置（见 docs/costs.md）"
        )));
    }
    match param.kind {
        Kind::Bool | Kind::Int | Kind::Float | Kind::OptInt => Ok(Column::Key(name.to_string(), param.kind)),
        kind => {
            let kind = kind.describe();
            Err(bad(Text::by(|l| match l {
                Lang::En => format!(
                    "is {}; allowed: a key of one value (true/false or a number)",
                    kind.get(l)
                ),
                Lang::Zh => format!("取值为{}；允许：取单个值的键（true/false 或数值）", kind.get(l)),
            })))
        }
    }
}

/// A cell of a key's column as a value of its kind, checked against its range.
fn value(key: &str, kind: Kind, cell: &str) -> std::result::Result<Value, Text> {
    let value = match kind {
        Kind::Bool => match cell.to_ascii_lowercase().as_str() {
            "true" | "1" | "yes" => Value::Bool(true),
            "false" | "0" | "no" => Value::Bool(false),
            _ => return Err(text!("`{cell}` is not true or false", "`{cell}` 不是 true 或 false")),
        },
        Kind::Int | Kind::OptInt => Value::Int(
            cell.parse()
                .map_err(|_| text!("`{cell}` is not a whole number", "`{cell}` 不是整数"))?,
        ),
        _ => Value::Float(
            cell.parse()
                .map_err(|_| text!("`{cell}` is not a number", "`{cell}` 不是数值"))?,
        ),
    };
    let param = registry()
        .get(key)
        .ok_or_else(|| text!("`{key}` is not a key", "`{key}` 不是键"))?;
    param
        .check(&value)
        .map(|()| value)
        .map_err(|m| text!("{cell} is out of range; ", "`{cell}` 超出允许范围；").then("", "", &m))
}

impl VillageTable {
    /// Reads the table at `path`, named `file` in messages.
    pub fn read(path: &Path, file: &str) -> Result<VillageTable> {
        let unreadable = |e: std::io::Error| {
            let allowed = text!(
                "a CSV file of villages, relative to the scenario file",
                "村庄表 CSV 文件，路径相对于情景文件"
            );
            Error::unreadable(file, &e, allowed)
        };
        let meta = std::fs::metadata(path).map_err(unreadable)?;
        if !meta.is_file() || meta.len() > MAX_BYTES {
            return Err(Error::input(
                file,
                None,
                text!(
                    "is not a file of at most {mb} MB; allowed: a CSV file of villages",
                    "不是至多 {mb} MB 的文件；允许：村庄表 CSV 文件",
                    mb = MAX_BYTES >> 20
                ),
            ));
        }
        let bytes = std::fs::read(path).map_err(unreadable)?;
        let text = String::from_utf8(bytes).map_err(|_| {
            Error::input(
                file,
                None,
                text!(
                    "is not UTF-8 text; allowed: a CSV file saved as UTF-8 (Excel: CSV UTF-8)",
                    "不是 UTF-8 文本；允许：以 UTF-8 保存的 CSV 文件（Excel 中选“CSV UTF-8”）"
                ),
            )
        })?;
        VillageTable::parse(&text, file)
    }

    /// Parses the table's text: a UTF-8 byte-order mark, CRLF line ends, quoted fields and blank lines
    /// are accepted.
    pub fn parse(text: &str, file: &str) -> Result<VillageTable> {
        // CRLF line ends as LF, so that the reader's byte offsets give the file's lines.
        let text = text.strip_prefix('\u{feff}').unwrap_or(text).replace("\r\n", "\n");
        let text = text.as_str();
        let mut reader = csv::ReaderBuilder::new()
            .flexible(true)
            .trim(csv::Trim::All)
            .from_reader(text.as_bytes());
        let broken = |e: csv::Error| {
            let line = e.position().map(|p| p.line() as usize);
            Error::input(
                file,
                None,
                text!(
                    "is not a CSV table ({e}); allowed: comma-separated rows, text with commas in quotes",
                    "不是有效的 CSV 表（解析器原文：{e}）；允许：逗号分隔的行，含逗号的文本加引号"
                ),
            )
            .at_line(line)
        };
        let header: Vec<String> = reader.headers().map_err(broken)?.iter().map(String::from).collect();
        let mut columns = Vec::new();
        for (k, name) in header.iter().enumerate() {
            if header[..k].contains(name) {
                return Err(Error::input(
                    file,
                    Some(name),
                    text!(
                        "is a column twice; allowed: each column once",
                        "列重复出现；允许：每列只出现一次"
                    ),
                )
                .at_line(Some(1)));
            }
            columns.push(column(name, file)?);
        }
        for required in [NAME, POPULATION] {
            if !header.iter().any(|h| h == required) {
                return Err(Error::input(
                    file,
                    Some(required),
                    text!(
                        "the column is missing; allowed: a header with {NAME} and {POPULATION}, then optional columns",
                        "缺少该列；允许：表头含 `{NAME}` 和 `{POPULATION}`，其后为可选列"
                    ),
                )
                .at_line(Some(1)));
            }
        }
        let mut rows = Vec::new();
        let mut names = HashSet::new();
        for record in reader.records() {
            let record = record.map_err(broken)?;
            // The line where the record starts, counted from its byte offset (blank lines included).
            // (the reader's offset is where it began to read: before the blank lines it skipped)
            let line = record.position().map_or(0, |p| {
                let bytes = text.as_bytes();
                let mut start = (p.byte() as usize).min(bytes.len());
                while bytes.get(start) == Some(&b'\n') {
                    start += 1;
                }
                bytes[..start].iter().filter(|&&b| b == b'\n').count() + 1
            });
            if record.iter().all(str::is_empty) {
                continue;
            }
            let at = |key: &str, m: Text| Error::input(file, Some(key), m).at_line(Some(line));
            if record.len() != header.len() {
                return Err(Error::input(
                    file,
                    None,
                    text!(
                        "the row has {cells} cells and the header {columns}; allowed: one cell per column (quote a cell with a comma)",
                        "该行有 {cells} 个单元格，表头有 {columns} 列；允许：每列一个单元格（含逗号的单元格加引号）",
                        cells = record.len(),
                        columns = header.len()
                    ),
                )
                .at_line(Some(line)));
            }
            let mut row = VillageRow {
                name: String::new(),
                line,
                population: f64::NAN,
                share_60: None,
                share_away: None,
                overrides: Vec::new(),
            };
            for (cell, (name, column)) in record.iter().zip(header.iter().zip(&columns)) {
                let share = |cell: &str| -> Result<Option<f64>> {
                    if cell.is_empty() {
                        return Ok(None);
                    }
                    match cell.parse::<f64>() {
                        Ok(x) if (0.0..=1.0).contains(&x) => Ok(Some(x)),
                        _ => Err(at(
                            name,
                            text!(
                                "`{cell}` is not a share; allowed: a number from 0 to 1 (0.25 for 25 %), or empty",
                                "`{cell}` 不是比例；允许：0 至 1 的数值（25% 写作 0.25），或留空"
                            ),
                        )),
                    }
                };
                match column {
                    Column::Name => row.name = cell.to_string(),
                    Column::Population => {
                        let limits = registry()
                            .get("villages.population.mean")
                            .map_or((10.0, 100_000.0), |p| (p.min, p.max));
                        row.population = match cell.parse::<f64>() {
                            Ok(x) if x >= limits.0 && x <= limits.1 => x,
                            _ if cell.is_empty() => {
                                return Err(at(
                                    name,
                                    text!(
                                        "is empty; allowed: the registered villagers of the village, a number",
                                        "为空；允许：该村户籍人口，一个数值"
                                    ),
                                ))
                            }
                            _ => {
                                let (low, high) = limits;
                                return Err(at(
                                    name,
                                    text!(
                                        "`{cell}` is not a population; allowed: a number of registered villagers from {low} to {high}",
                                        "`{cell}` 不是有效的人口数；允许：{low} 至 {high} 的户籍人口数"
                                    ),
                                ));
                            }
                        };
                    }
                    Column::Share60 => row.share_60 = share(cell)?,
                    Column::ShareAway => row.share_away = share(cell)?,
                    Column::Key(key, kind) => {
                        if !cell.is_empty() {
                            let v = value(key, *kind, cell).map_err(|m| at(key, m))?;
                            row.overrides.push((key.clone(), v));
                        }
                    }
                }
            }
            if row.name.is_empty() {
                return Err(at(
                    NAME,
                    text!(
                        "is empty; allowed: the village's name, in Chinese or English",
                        "为空；允许：村名，中文或英文"
                    ),
                ));
            }
            if !names.insert(row.name.clone()) {
                return Err(at(
                    NAME,
                    text!(
                        "`{name}` is the name of an earlier village too; allowed: one row per village, names unique",
                        "`{name}` 与前面某村重名；允许：每村一行，村名不重复",
                        name = row.name
                    ),
                ));
            }
            rows.push(row);
        }
        if rows.is_empty() {
            return Err(Error::input(
                file,
                None,
                text!(
                    "has no villages; allowed: a header, then one row per village",
                    "没有村庄；允许：一行表头，其后每村一行"
                ),
            ));
        }
        Ok(VillageTable {
            file: file.to_string(),
            rows,
        })
    }

    /// The table as CSV: name, population, the shares where any row has one, then every key set in any
    /// row, in the order first seen (an empty cell where a row leaves the scenario's value).
    pub fn to_csv(&self) -> Result<String> {
        let mut keys: Vec<String> = Vec::new();
        for row in &self.rows {
            for (k, _) in &row.overrides {
                if !keys.contains(k) {
                    keys.push(k.clone());
                }
            }
        }
        let (s60, saway) = (
            self.rows.iter().any(|r| r.share_60.is_some()),
            self.rows.iter().any(|r| r.share_away.is_some()),
        );
        let share = |x: Option<f64>| x.map_or(String::new(), |x| x.to_string());
        let mut w = csv::Writer::from_writer(Vec::new());
        let failed = |e: &dyn std::fmt::Display| {
            Error::Failure(text!("cannot write the village table: {e}", "无法写入村庄表：{e}"))
        };
        let mut header = vec![NAME.to_string(), POPULATION.to_string()];
        header.extend(s60.then(|| SHARE_60.to_string()));
        header.extend(saway.then(|| SHARE_AWAY.to_string()));
        header.extend(keys.iter().cloned());
        w.write_record(&header).map_err(|e| failed(&e))?;
        for row in &self.rows {
            let mut cells = vec![row.name.clone(), row.population.to_string()];
            cells.extend(s60.then(|| share(row.share_60)));
            cells.extend(saway.then(|| share(row.share_away)));
            cells.extend(keys.iter().map(|k| {
                row.overrides
                    .iter()
                    .find(|(key, _)| key == k)
                    .map_or(String::new(), |(_, v)| match v {
                        Value::Text(t) => t.clone(),
                        v => v.to_string(),
                    })
            }));
            w.write_record(&cells).map_err(|e| failed(&e))?;
        }
        let bytes = w.into_inner().map_err(|e| failed(&e))?;
        String::from_utf8(bytes).map_err(|e| failed(&e))
    }

    /// The parameters of each village: `base` with the row's population (every village its own size),
    /// its shares by the rules above, and its overrides (a lever's key other than `on` turns the lever on
    /// in that village, as in a scenario file).
    pub fn params(&self, base: &Params) -> Vec<Params> {
        self.rows.iter().map(|row| row.params(base)).collect()
    }
}

/// The bands of `demography.age_structure` (0–4, 5–9, …) from which 60+ starts.
const BAND_60: usize = 12;

/// The expected share of the registered away at month 0: the age structure times the initial away
/// shares of ages 16–19, 20–24, …, 60–64 (16–19 is four fifths of the band 15–19).
pub fn expected_away(p: &Params) -> f64 {
    let age = &p.demography.age_structure;
    let total: f64 = age.iter().sum();
    let away: f64 = p
        .migration
        .initial_away
        .iter()
        .enumerate()
        .map(|(b, a)| a * age.get(3 + b).copied().unwrap_or(0.0) * if b == 0 { 0.8 } else { 1.0 })
        .sum();
    away / total.max(1e-12)
}

/// The expected share of residents 60+ at month 0 (the away being all under 65 and mostly under 60:
/// residents 60+ over residents).
pub fn expected_60(p: &Params) -> f64 {
    let age = &p.demography.age_structure;
    let total: f64 = age.iter().sum();
    let old: f64 = age[BAND_60.min(age.len())..].iter().sum::<f64>() / total.max(1e-12);
    let away_old = p.migration.initial_away.last().copied().unwrap_or(0.0) * age.get(BAND_60).copied().unwrap_or(0.0)
        / total.max(1e-12);
    (old - away_old) / (1.0 - expected_away(p)).max(1e-12)
}

impl VillageRow {
    fn params(&self, base: &Params) -> Params {
        let mut p = base.clone();
        p.villages.population.mean = self.population;
        p.villages.population.sd = 0.0;
        p.villages.population.min = p.villages.population.min.min(self.population);
        for (key, value) in &self.overrides {
            if let Some(lever) = key.strip_prefix("levers.").and_then(|k| k.split('.').next()) {
                if !key.ends_with(".on") {
                    p.set(&format!("levers.{lever}.on"), &Value::Bool(true));
                }
            }
            p.set(key, value);
        }
        // The two rules move each other (the age structure weighs the away shares; the away share
        // sets the residents): a few rounds settle both.
        for _ in 0..4 {
            if let Some(target) = self.share_away {
                let now = expected_away(&p);
                let f = if now > 0.0 { target / now } else { 0.0 };
                for (a, l) in p.migration.initial_away.iter_mut().zip(p.migration.leave.iter_mut()) {
                    *a = (*a * f).min(0.95);
                    *l *= f;
                }
            }
            if let Some(target) = self.share_60 {
                // Residents 60+ over residents is `target` when the registered share 60+ is
                // target × (1 − away) plus those away at 60–64: solve for the registered share.
                let total: f64 = p.demography.age_structure.iter().sum();
                let old: f64 = p.demography.age_structure[BAND_60..].iter().sum();
                let young = total - old;
                let away_old = p.migration.initial_away.last().copied().unwrap_or(0.0)
                    * p.demography.age_structure[BAND_60]
                    / total;
                let want = (target * (1.0 - expected_away(&p)) + away_old).clamp(0.001, 0.999);
                if old > 0.0 && young > 0.0 {
                    for (b, x) in p.demography.age_structure.iter_mut().enumerate() {
                        *x *= if b >= BAND_60 {
                            want * total / old
                        } else {
                            (1.0 - want) * total / young
                        };
                    }
                }
            }
        }
        p
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = "\u{feff}name,population,share_60plus,share_away,levers.happiness_home.start_year\r\n\
        东村,1200,0.3,,2\r\n\
        \r\n\
        \"Xicun, upper\",800,,0.4,\r\n";

    #[test]
    fn a_table_with_a_bom_crlf_quotes_and_blank_lines_is_read() {
        let t = VillageTable::parse(GOOD, "county.csv").unwrap();
        assert_eq!(t.rows.len(), 2);
        assert_eq!(t.rows[0].name, "东村");
        assert_eq!(t.rows[0].line, 2);
        assert_eq!(t.rows[1].name, "Xicun, upper");
        assert_eq!(t.rows[1].line, 4);
        assert_eq!(
            t.rows[0].overrides,
            vec![("levers.happiness_home.start_year".to_string(), Value::Int(2))]
        );
        assert!(
            t.rows[1].overrides.is_empty(),
            "an empty cell keeps the scenario's value"
        );
        let p = t.params(&Params::default());
        assert_eq!(p[0].villages.population.mean, 1200.0);
        assert_eq!(p[0].villages.population.sd, 0.0);
        assert!(p[0].levers.happiness_home.on, "a lever's start year turns it on");
        assert!(!p[1].levers.happiness_home.on);
    }

    #[test]
    fn a_table_written_back_reads_the_same() {
        let t = VillageTable::parse(GOOD, "county.csv").unwrap();
        let again = VillageTable::parse(&t.to_csv().unwrap(), "county.csv").unwrap();
        let strip = |t: &VillageTable| -> Vec<VillageRow> {
            t.rows.iter().map(|r| VillageRow { line: 0, ..r.clone() }).collect()
        };
        assert_eq!(strip(&again), strip(&t));
    }

    #[test]
    fn the_share_rules_meet_their_targets_in_expectation() {
        let base = Params::default();
        for (share_60, share_away) in [(0.2, 0.1), (0.35, 0.26), (0.5, 0.45)] {
            let row = VillageRow {
                name: "x".into(),
                line: 2,
                population: 1000.0,
                share_60: Some(share_60),
                share_away: Some(share_away),
                overrides: Vec::new(),
            };
            let p = row.params(&base);
            assert!(
                (expected_away(&p) - share_away).abs() < 0.005,
                "away {}",
                expected_away(&p)
            );
            assert!(
                (expected_60(&p) - share_60).abs() < 0.02,
                "60+ {} for {share_60}",
                expected_60(&p)
            );
        }
    }

    #[test]
    fn bad_tables_name_the_line_the_column_and_what_is_allowed() {
        let head = "name,population\n";
        for (text, says) in [
            (
                "name,population\n东村,1200\n东村,900\n".to_string(),
                "line 3, key `name`: `东村` is the name of an earlier village",
            ),
            (format!("{head}东村,\n"), "line 2, key `population`: is empty"),
            (
                format!("{head}东村,many\n"),
                "line 2, key `population`: `many` is not a population",
            ),
            (
                "name,population,colour\n东村,1\n".to_string(),
                "line 1, key `colour`: unknown column",
            ),
            (
                "name,population,share_away\n东村,1000,1.5\n".to_string(),
                "line 2, key `share_away`: `1.5` is not a share",
            ),
            (
                "name,population,levers.teleport.on\n东村,1000,true\n".to_string(),
                "key `levers.teleport.on`: there is no lever `teleport`",
            ),
            (
                "name,population,levers.subsidy.on\n东村,1000,maybe\n".to_string(),
                "line 2, key `levers.subsidy.on`: `maybe` is not true or false",
            ),
            (
                "name,population,run.years\n东村,1000,3\n".to_string(),
                "key `run.years`: is a setting of the whole run",
            ),
            ("name\n东村\n".to_string(), "key `population`: the column is missing"),
            (format!("{head}东村,1000,7\n"), "line 2: the row has 3 cells"),
            (head.to_string(), "has no villages"),
        ] {
            let e = VillageTable::parse(&text, "county.csv").unwrap_err();
            assert_eq!(e.exit_code(), 2);
            assert!(e.to_string().contains(says), "{text:?}: {e}");
            assert!(e.to_string().starts_with("county.csv"), "{e}");
        }
    }
}
