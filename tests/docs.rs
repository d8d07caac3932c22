//! Generated documents are generated: the parameter reference and the calibration table in docs/ equal
//! what their commands print now, and the calibration targets are met.

mod common;
use common::*;
use std::path::Path;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn the_parameter_reference_is_generated_from_the_registry() {
    let o = huzhu(&["params", "--format", "markdown"], root());
    assert!(o.status.success());
    let doc = read(&root().join("docs/parameters.md"));
    assert_eq!(
        String::from_utf8(o.stdout).unwrap(),
        doc,
        "regenerate: huzhu params --format markdown > docs/parameters.md"
    );
}

#[test]
fn the_baseline_meets_its_calibration_targets_and_docs_show_this_run() {
    let o = huzhu(
        &[
            "calibrate",
            "scenarios/baseline.toml",
            "scenarios/time_bank_home.toml",
            "--quiet",
        ],
        root(),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let table = String::from_utf8(o.stdout).unwrap();
    let failing: Vec<&str> = table.lines().filter(|l| l.contains("**no**")).collect();
    assert!(failing.is_empty(), "targets not met:\n{}", failing.join("\n"));
    assert!(table.lines().filter(|l| l.ends_with("| yes |")).count() >= 18);
    let doc = read(&root().join("docs/calibration.md"));
    // The generated table, then what no command of CI makes (the fit's coverage, which takes minutes).
    let (generated, written) = doc.split_once(HAND_WRITTEN).unwrap_or((&doc, ""));
    assert_eq!(
        table, generated,
        "regenerate: huzhu calibrate scenarios/baseline.toml scenarios/time_bank_home.toml > docs/calibration.md, then put back the part after the marker"
    );
    assert!(
        written.contains("fit_coverage.py"),
        "the coverage of huzhu fit is reported"
    );
}

/// Where `docs/calibration.md` stops being the output of `huzhu calibrate`.
const HAND_WRITTEN: &str = "<!-- Not generated: results of commands that take minutes. -->\n";

#[test]
fn params_lists_every_key_with_unit_range_and_source() {
    let o = huzhu(&["params"], root());
    let text = String::from_utf8(o.stdout).unwrap();
    assert!(text.starts_with("key\tdefault\tunit\trange\tsource\n"));
    for key in [
        "run.years",
        "demography.mortality_scale",
        "levers.outmigration.scale",
        "levers.market_alienation.end_year",
    ] {
        assert!(text.lines().any(|l| l.starts_with(&format!("{key}\t"))), "{key}");
    }
    assert!(text.contains("assumption"));
}

/// README.md and docs/*.md, with their paths relative to the repository.
fn user_docs() -> Vec<(String, String)> {
    let mut docs = vec![("README.md".to_string(), read(&root().join("README.md")))];
    for entry in std::fs::read_dir(root().join("docs")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "md") {
            let name = format!("docs/{}", path.file_name().unwrap().to_string_lossy());
            docs.push((name, read(&path)));
        }
    }
    docs
}

#[test]
fn every_link_of_the_user_docs_stays_inside_the_repository() {
    let repo = root().canonicalize().unwrap();
    for (name, text) in user_docs() {
        assert!(
            !text.contains("../shared"),
            "{name} points to ../shared, which a clone does not have"
        );
        let dir = repo.join(&name).parent().unwrap().to_path_buf();
        // Markdown links: ](target) with a relative target, up to an anchor.
        for (k, _) in text.match_indices("](") {
            let rest = &text[k + 2..];
            let target = &rest[..rest.find(')').unwrap_or(rest.len())];
            let file = target.split('#').next().unwrap_or("");
            if file.is_empty() || file.contains("://") || file.starts_with("mailto:") {
                continue;
            }
            let resolved = dir.join(file).canonicalize();
            assert!(
                resolved.as_ref().is_ok_and(|p| p.starts_with(&repo)),
                "{name}: the link `{target}` does not lead to a file of the repository"
            );
        }
    }
}

#[test]
fn every_unit_cost_is_in_the_costs_doc_with_its_range() {
    let doc = read(&root().join("docs/costs.md"));
    for p in huzhu::scenario::registry::registry().params.iter() {
        if let Some((low, high, _)) = p.plausible() {
            assert!(
                doc.contains(&format!("`{}`", p.key)),
                "{} is missing from docs/costs.md",
                p.key
            );
            // The range as the table writes it, with thousands separated.
            let grouped = |x: f64| {
                let digits = format!("{}", x as i64);
                let mut out = String::new();
                for (k, c) in digits.chars().enumerate() {
                    if k > 0 && (digits.len() - k) % 3 == 0 {
                        out.push(',');
                    }
                    out.push(c);
                }
                out
            };
            let range = format!("{} – {}", grouped(low), grouped(high));
            assert!(doc.contains(&range), "{}: range {range} not in docs/costs.md", p.key);
        }
    }
}
