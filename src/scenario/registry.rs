//! The parameter registry: every parameter's dotted key, default, unit, allowed range, source, meaning and
//! Chinese label. Each parameter is declared once, as a typed field of its section (`sections/`,
//! `levers/`) by the `section!` macro; the registry, validation, `huzhu params` and `docs/parameters.md`
//! are generated from those declarations by walking the sections, so a key is bound to its field by the
//! field's own name and never by a string that only a run could check.

use std::collections::HashMap;
use std::sync::OnceLock;

use super::declare::Section;
pub use super::declare::{Kind, Param, Source, Value};
use super::params::Params;

pub struct Registry {
    pub params: Vec<Param>,
    index: HashMap<String, usize>,
}

impl Registry {
    pub fn get(&self, key: &str) -> Option<&Param> {
        self.index.get(key).map(|&i| &self.params[i])
    }

    /// The lever names, in declaration order.
    pub fn levers(&self) -> Vec<&str> {
        let mut names: Vec<&str> = Vec::new();
        for p in &self.params {
            if let Some(name) = p.key.strip_prefix("levers.").and_then(|r| r.strip_suffix(".on")) {
                names.push(name);
            }
        }
        names
    }
}

pub fn registry() -> &'static Registry {
    static REGISTRY: OnceLock<Registry> = OnceLock::new();
    REGISTRY.get_or_init(|| {
        let mut params = Vec::new();
        Params::declare(&mut params);
        let index = params.iter().enumerate().map(|(i, p)| (p.key.clone(), i)).collect();
        Registry { params, index }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::Lang;

    #[test]
    fn every_default_is_within_its_own_range() {
        for p in &registry().params {
            assert!(p.check(&p.default).is_ok(), "{}", p.key);
        }
    }

    #[test]
    fn keys_are_unique() {
        let reg = registry();
        assert_eq!(reg.index.len(), reg.params.len());
    }

    #[test]
    fn every_declared_key_reads_and_writes_its_own_field() {
        let defaults = Params::default();
        for p in &registry().params {
            assert_eq!(defaults.get(&p.key).as_ref(), Some(&p.default), "{}", p.key);
            // A value other than the default, of the same kind and within range.
            let other = match (&p.default, p.kind) {
                (Value::Bool(b), _) => Value::Bool(!b),
                (Value::Int(i), _) => Value::Int(if (*i as f64) < p.max { i + 1 } else { i - 1 }),
                (Value::Unset, Kind::OptText) => Value::Text("villages.csv".into()),
                (Value::Unset, _) => Value::Int(p.max as i64),
                (Value::Text(_), _) => Value::Unset,
                (Value::Float(x), _) => Value::Float(if *x < p.max { (x + p.max) / 2.0 } else { p.min }),
                (Value::List(v), _) => Value::List(v.iter().map(|_| p.min.max(0.0).min(p.max).trunc()).collect()),
            };
            let mut params = Params::default();
            assert!(params.set(&p.key, &other), "{} cannot be set", p.key);
            assert_eq!(params.get(&p.key), Some(other.clone()), "{}", p.key);
            // Only that key changed.
            for q in registry().params.iter().filter(|q| q.key != p.key) {
                assert_eq!(
                    params.get(&q.key).as_ref(),
                    Some(&q.default),
                    "setting {} changed {}",
                    p.key,
                    q.key
                );
            }
        }
    }

    #[test]
    fn an_unknown_key_or_a_wrong_kind_is_not_set() {
        let mut params = Params::default();
        assert!(!params.set("run.yaers", &Value::Int(3)));
        assert!(!params.set("run.years", &Value::Bool(true)));
        assert_eq!(params.get("levers.nothing.on"), None);
    }

    #[test]
    fn every_parameter_has_a_meaning_and_a_chinese_label() {
        for p in &registry().params {
            assert!(!p.about.is_empty() && !p.zh.is_empty(), "{}", p.key);
            assert!(
                p.zh.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
                "{}: {}",
                p.key,
                p.zh
            );
        }
    }

    #[test]
    fn a_probability_above_one_is_refused_with_the_allowed_range() {
        let p = registry().get("migration.return_to_care").unwrap();
        let err = p.check(&Value::Float(1.5)).unwrap_err();
        assert!(err.get(Lang::En).contains("0 to 1"), "{err:?}");
        assert!(err.get(Lang::Zh).contains("允许：数值，0 至 1"), "{err:?}");
    }
}
