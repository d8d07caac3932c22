//! With `--lang zh` every refusal is Chinese: the same file, line and key as in English, the words of
//! the glossary, and no English left but names of files, keys, options and formats.

mod common;
use common::*;

#[test]
fn the_english_left_in_a_message_is_found() {
    assert_eq!(
        english_left("错误：a.toml，第 3 行，键 `run.years`：必须至少为 1"),
        Vec::<String>::new()
    );
    assert_eq!(
        english_left("错误：--shard 5/4 is not a shard"),
        ["is", "not", "a", "shard"]
    );
    assert!(english_left("错误：x.csv：不是有效的 CSV 表（解析器原文：found record with 3 fields）").is_empty());
}

/// Bad scenario files and options of `run`, each refused in Chinese.
const SCENARIOS: &[(&str, &str, &[&str], &[&str])] = &[
    (
        "unknown key",
        "[run]\nyaers = 3\n",
        &[],
        &["bad.toml，第 2 行，键 `run.yaers`", "未知的键", "years"],
    ),
    (
        "wrong type",
        "[run]\nyears = \"ten\"\n",
        &[],
        &["键 `run.years`", "类型错误：得到文本，应为整数"],
    ),
    (
        "out of range",
        "[migration]\nreturn_to_care = 1.5\n",
        &[],
        &["`1.5` 超出允许范围；允许：数值，0 至 1"],
    ),
    (
        "unknown lever",
        "[levers.teleport]\nstart_year = 1\n",
        &[],
        &["未知的政策工具 `teleport`"],
    ),
    (
        "lever ends first",
        "[levers.outmigration]\nstart_year = 5\nend_year = 3\n",
        &[],
        &["不晚于其 start_year"],
    ),
    ("not TOML", "[run\nyears = 3\n", &[], &["第 1 行", "不是有效的 TOML"]),
    (
        "list length",
        "[health]\nseverity_split = [0.5, 0.5]\n",
        &[],
        &["有 2 个数值", "3 个数值的列表"],
    ),
    (
        "shares",
        "[health]\nseverity_split = [0.5, 0.3, 0.3]\n",
        &[],
        &["和为 1 的比例"],
    ),
    (
        "list holds text",
        "[health]\nseverity_split = [0.5, \"a\", 0.2]\n",
        &[],
        &["列表中有文本"],
    ),
    ("a name that is a path", "name = \"../x\"\n", &[], &["不是有效的名称"]),
    (
        "a table as a number",
        "[villages]\npopulation = 800\n",
        &[],
        &["是一个表，不是一个值"],
    ),
    (
        "missing extends",
        "extends = \"nowhere.toml\"\n",
        &[],
        &["键 `extends`", "不存在"],
    ),
    ("extends cycle", "extends = \"bad.toml\"\n", &[], &["构成循环"]),
    (
        "age structure",
        "[demography]\nage_structure = [1, 1]\n",
        &[],
        &["demography.age_structure"],
    ),
    (
        "start after the run",
        "[run]\nyears = 3\n[levers.time_bank]\nstart_year = 5\n",
        &[],
        &["不在 3 年的运行期内"],
    ),
    (
        "--set no =",
        "",
        &["--set", "run.years"],
        &["--set", "不是 键=值 的形式"],
    ),
    (
        "--set wrong type",
        "",
        &["--set", "run.years=abc"],
        &["--set，键 `run.years`", "类型错误"],
    ),
    ("--threads 0", "", &["--threads", "0"], &["--threads", "0 个线程"]),
    (
        "--replicates abc",
        "",
        &["--replicates", "abc"],
        &["`abc` 不是 `--replicates <REPLICATES>`", "不是整数"],
    ),
    (
        "--seed too large",
        "",
        &["--seed", "99999999999999999"],
        &["允许：0 至 9000000000000000 的整数"],
    ),
    (
        "unknown option",
        "",
        &["--replicate", "3"],
        &["未知的参数 `--replicate`", "是否想用 `--replicates`"],
    ),
    (
        "--lang fr beside",
        "",
        &["--by", "weather"],
        &["未知的分组维度 `weather`"],
    ),
    (
        "--snapshot outside",
        "",
        &["--snapshot", "1999"],
        &["1999 不在 `bad` 的运行期内"],
    ),
    ("--shard 5/4", "", &["--shard", "5/4"], &["`5/4` 不是计划中的分片"]),
];

#[test]
fn every_refusal_of_a_scenario_or_option_is_chinese_with_lang_zh() {
    for (what, text, args, words) in SCENARIOS {
        let dir = tempfile::tempdir().unwrap();
        write(
            dir.path(),
            "bad.toml",
            &format!("{text}{}", if text.is_empty() { SMALL } else { "" }),
        );
        let mut argv = vec!["run", "bad.toml", "--out", "out", "--quiet", "--lang", "zh"];
        argv.extend_from_slice(args);
        let o = huzhu(&argv, dir.path());
        eprintln!("{what}");
        refused_in_chinese(&o, words);
        assert!(!dir.path().join("out").exists(), "{what}: wrote output");
    }
}

const COUNTY: &str = "name = \"county\"\n[run]\nyears = 2\nreplicates = 2\n[villages]\nfile = \"v.csv\"\n";

#[test]
fn every_refusal_of_a_village_table_is_chinese_with_its_line_and_column() {
    let head = "name,population,share_away";
    for (table, words) in [
        (
            format!("{head}\n东村,900,0.2\n东村,800,0.1\n"),
            &["v.csv，第 3 行，键 `name`", "重名"][..],
        ),
        (
            format!("{head}\n东村,900,1.2\n"),
            &["第 2 行，键 `share_away`", "不是比例"],
        ),
        (
            format!("{head}\n东村,many,0.2\n"),
            &["键 `population`", "不是有效的人口数"],
        ),
        (format!("{head}\n东村,,0.2\n"), &["键 `population`", "为空"]),
        (
            format!("{head},rain\n东村,900,0.2,1\n"),
            &["第 1 行，键 `rain`", "未知的列"],
        ),
        (
            format!("{head},levers.teleport.on\n东村,900,0.2,1\n"),
            &["没有名为 `teleport` 的政策工具"],
        ),
        (format!("{head},costs.villager_hour\n东村,900,0.2,1\n"), &["是单位成本"]),
        (format!("{head}\n东村,900,0.2,7\n"), &["该行有 4 个单元格，表头有 3 列"]),
        (head.to_string(), &["没有村庄"]),
        ("population\n900\n".to_string(), &["键 `name`", "缺少该列"]),
        (
            format!("{head},levers.time_bank.start_year\n东村,900,0.2,x\n"),
            &["`x` 不是整数"],
        ),
    ] {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "county.toml", COUNTY);
        write(dir.path(), "v.csv", &table);
        for command in ["run", "check"] {
            let o = huzhu(&[command, "county.toml", "--lang", "zh"], dir.path());
            refused_in_chinese(&o, words);
        }
        assert!(!dir.path().join("results").exists(), "{table}: wrote output");
    }
}

#[test]
fn the_refusals_of_the_county_commands_are_chinese() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "s.toml", SMALL);
    write(d, "notes.txt", "mine");
    write(d, "county.toml", COUNTY);
    write(d, "v.csv", "name,population\n东村,900\n西村,700\n");
    write(d, "t.toml", "[[target]]\nmetric = \"nope\"\nvalue = 1\nsd = 0.1\n");
    write(
        d,
        "u.toml",
        "[[target]]\nmetric = \"unmet_rate\"\nvalue = 1\nwhen = 3\n",
    );
    let fit = ["fit", "s.toml", "--vary", "care.tie_match=0.1:0.2", "--targets"];
    let cases: &[(&[&str], &[&str])] = &[
        (
            &[&fit[..], &["t.toml"]].concat(),
            &["t.toml，第 2 行，键 `metric`", "`nope` 不是指标"],
        ),
        (
            &[&fit[..], &["u.toml"]].concat(),
            &["键 `when`", "未知；允许：`metric`、`window`"],
        ),
        (
            &[&fit[..], &["none.toml"]].concat(),
            &["none.toml：无法读取（文件或文件夹不存在）"],
        ),
        (
            &[
                "allocate",
                "s.toml",
                "--lever",
                "happiness_home",
                "--budget-year",
                "100000",
            ],
            &["在村庄表的各村中选择"],
        ),
        (
            &[
                "allocate",
                "county.toml",
                "--lever",
                "teleport",
                "--budget-year",
                "100000",
            ],
            &["`teleport` 不是政策工具"],
        ),
        (
            &[
                "allocate",
                "county.toml",
                "--lever",
                "happiness_home",
                "--budget-year=-5",
            ],
            &["大于 0 的元/年"],
        ),
        (
            &[
                "allocate",
                "county.toml",
                "--lever",
                "happiness_home",
                "--budget-year",
                "x",
            ],
            &["`x` 不是 `--budget-year <YUAN>`"],
        ),
        (&["compare", "s.toml", "s.toml", "--psa", "0"], &["抽样 0 次"]),
        (
            &["compare", "s.toml", "s.toml", "--psa", "5", "--psa-perspective", "mine"],
            &["`mine` 不是成本视角"],
        ),
        (&["run", "s.toml", "--out", "notes.txt"], &["--out", "是一个文件"]),
        (&["run", "nothere.toml"], &["nothere.toml：不存在"]),
        (
            &["check", "nothere.toml", "s.toml", "also.toml"],
            &["3 个文件中有 2 个有错误（见上）"],
        ),
        (
            &["sweep", "s.toml", "--vary", "run.nope=1:2"],
            &["--lang", "不写报告，终端输出只有英文"],
        ),
        (&["merge", "s.toml"], &["没有可读的 shard.json"]),
        (&["rn", "s.toml"], &["未知的命令 `rn`"]),
    ];
    for (args, words) in cases {
        let mut argv = args.to_vec();
        argv.extend(["--lang", "zh"]);
        refused_in_chinese(&huzhu(&argv, d), words);
    }
    assert!(!d.join("results").exists());
}

#[test]
fn lang_zh_beside_no_report_gives_a_chinese_terminal() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "s.toml", SMALL);
    let o = huzhu(
        &["run", "s.toml", "--no-report", "--lang", "zh", "--out", "out"],
        dir.path(),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let table = String::from_utf8_lossy(&o.stdout);
    assert!(table.contains("末年") && table.contains("互助参与率"), "{table}");
    assert!(stderr(&o).contains("已写入"), "{}", stderr(&o));
    assert!(!dir.path().join("out/report.html").exists());
}
