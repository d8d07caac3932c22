//! How a parameter is declared: its value, kind, range, source, meaning and Chinese label (`Param`), the
//! types a parameter can have (`Field`), and the `section!` macro that declares a section's parameters
//! as typed fields and generates their declarations and their reading and writing by key.

use std::fmt;

use crate::lang::Text;

/// A parameter value as it appears in a scenario file.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Bool(bool),
    Int(i64),
    Float(f64),
    List(Vec<f64>),
    /// A file name (`villages.file`).
    Text(String),
    /// An optional parameter left out (a lever's `end_year`: to the end of the run).
    Unset,
}

impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Bool(b) => write!(f, "{b}"),
            Value::Int(i) => write!(f, "{i}"),
            Value::Float(x) => write!(f, "{x}"),
            Value::List(v) => {
                let items: Vec<String> = v.iter().map(|x| x.to_string()).collect();
                write!(f, "[{}]", items.join(", "))
            }
            Value::Text(t) => write!(f, "\"{t}\""),
            Value::Unset => write!(f, "none"),
        }
    }
}

/// What type a parameter takes.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Kind {
    Bool,
    Int,
    Float,
    /// A list of numbers of this exact length (one per age band, say).
    List(usize),
    /// An integer that may be left out.
    OptInt,
    /// A text that may be left out (a file name).
    OptText,
}

impl Kind {
    pub fn describe(self) -> Text {
        match self {
            Kind::Bool => text!("true or false", "true 或 false"),
            Kind::Int => text!("a whole number", "整数"),
            Kind::Float => text!("a number", "数值"),
            Kind::List(n) => text!("a list of {n} numbers", "{n} 个数值的列表"),
            Kind::OptInt => text!("a whole number (or left out)", "整数（或省略）"),
            Kind::OptText => text!("a quoted file name (or left out)", "带引号的文件名（或省略）"),
        }
    }
}

/// Where a default comes from. An assumption has no empirical source and is for users to explore.
#[derive(Clone, Copy, Debug)]
pub enum Source {
    /// A published figure (see `docs/sources.md` and `docs/MODEL.md`).
    Cited(&'static str),
    /// Computed from cited figures, or calibrated so that the model meets a cited pattern.
    Derived(&'static str),
    /// No empirical source.
    Assumption(&'static str),
    /// A run control (length, replicates, seed), not part of the model.
    Setting,
    /// A unit cost in yuan: where its default comes from (`basis`: cited, derived or an assumption) and
    /// the plausible range `low..=high` that `compare --psa` draws it from (docs/costs.md). `reprice`: the
    /// cost changes nothing the model does, so a run's spending can be priced again at another value
    /// without running it again; otherwise a draw of it needs new runs.
    Cost {
        low: f64,
        high: f64,
        reprice: bool,
        basis: &'static Source,
    },
}

impl Source {
    /// True when the default has no empirical basis.
    pub fn assumed(&self) -> bool {
        match self {
            Source::Assumption(_) => true,
            Source::Cost { basis, .. } => basis.assumed(),
            _ => false,
        }
    }
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Source::Cited(s) => write!(f, "{s}"),
            Source::Derived(s) => write!(f, "derived: {s}"),
            Source::Assumption("") => write!(f, "assumption"),
            Source::Assumption(s) => write!(f, "assumption: {s}"),
            Source::Setting => write!(f, "run setting"),
            Source::Cost { low, high, basis, .. } => write!(f, "{basis}; plausible {low} to {high}"),
        }
    }
}

#[derive(Clone, Debug)]
pub struct Param {
    pub key: String,
    pub kind: Kind,
    pub default: Value,
    /// Allowed range, inclusive; for lists it holds for every element.
    pub min: f64,
    pub max: f64,
    pub unit: &'static str,
    pub source: Source,
    pub about: &'static str,
    /// The meaning in Chinese, for Chinese reports, pages and `docs/parameters.md`.
    pub zh: &'static str,
}

impl Param {
    /// The plausible range of a unit cost, and whether a run can be priced again at another value.
    pub fn plausible(&self) -> Option<(f64, f64, bool)> {
        match self.source {
            Source::Cost { low, high, reprice, .. } => Some((low, high, reprice)),
            _ => None,
        }
    }

    pub fn range_text(&self) -> Text {
        let (min, max) = (fmt_bound(self.min), fmt_bound(self.max));
        match self.kind {
            Kind::Bool => text!("true/false", "true/false"),
            Kind::OptText => text!("a file", "一个文件"),
            _ => text!("{min} to {max}", "{min} 至 {max}"),
        }
    }

    /// Checks a value against the kind and range; returns what is allowed on failure.
    pub fn check(&self, value: &Value) -> Result<(), Text> {
        let in_range = |x: f64| x.is_finite() && x >= self.min && x <= self.max;
        let allowed = || {
            let (kind, range) = (self.kind.describe(), self.range_text());
            Text::by(|l| {
                format!(
                    "{}{}{}{}",
                    l.pick("allowed: ", "允许："),
                    kind.get(l),
                    l.pick(", ", "，"),
                    range.get(l)
                )
            })
        };
        match (self.kind, value) {
            (Kind::Bool, Value::Bool(_)) => Ok(()),
            (Kind::Int | Kind::OptInt, Value::Int(i)) if in_range(*i as f64) => Ok(()),
            (Kind::OptInt | Kind::OptText, Value::Unset) => Ok(()),
            (Kind::OptText, Value::Text(t)) if !t.trim().is_empty() => Ok(()),
            (Kind::Float, Value::Float(x)) if in_range(*x) => Ok(()),
            (Kind::List(n), Value::List(v)) if v.len() == n && v.iter().all(|x| in_range(*x)) => Ok(()),
            (Kind::List(n), Value::List(v)) if v.len() != n => {
                let has = v.len();
                Err(text!("has {has} numbers; ", "有 {has} 个数值；").then("", "", &allowed()))
            }
            _ => Err(allowed()),
        }
    }
}

fn fmt_bound(x: f64) -> String {
    x.to_string()
}

/// A type a parameter can have, and how it reads and writes the scenario's values.
pub trait Field: Sized {
    fn kind(&self) -> Kind;
    fn to_value(&self) -> Value;
    /// The field from a value of its kind; None for a value of another kind.
    fn from_value(value: &Value) -> Option<Self>;
}

impl Field for f64 {
    fn kind(&self) -> Kind {
        Kind::Float
    }
    fn to_value(&self) -> Value {
        Value::Float(*self)
    }
    fn from_value(value: &Value) -> Option<f64> {
        match value {
            Value::Float(x) => Some(*x),
            Value::Int(i) => Some(*i as f64),
            _ => None,
        }
    }
}

/// Whole numbers; the range check has kept them within the type before `from_value` is called.
macro_rules! integer_field {
    ($($t:ty),*) => {$(
        impl Field for $t {
            fn kind(&self) -> Kind {
                Kind::Int
            }
            fn to_value(&self) -> Value {
                Value::Int(*self as i64)
            }
            fn from_value(value: &Value) -> Option<$t> {
                match value {
                    Value::Int(i) => Some(*i as $t),
                    _ => None,
                }
            }
        }
    )*};
}
integer_field!(u32, u64, i64);

impl Field for bool {
    fn kind(&self) -> Kind {
        Kind::Bool
    }
    fn to_value(&self) -> Value {
        Value::Bool(*self)
    }
    fn from_value(value: &Value) -> Option<bool> {
        match value {
            Value::Bool(b) => Some(*b),
            _ => None,
        }
    }
}

/// A list's length is its default's: one number per age band, say.
impl Field for Vec<f64> {
    fn kind(&self) -> Kind {
        Kind::List(self.len())
    }
    fn to_value(&self) -> Value {
        Value::List(self.clone())
    }
    fn from_value(value: &Value) -> Option<Vec<f64>> {
        match value {
            Value::List(v) => Some(v.clone()),
            _ => None,
        }
    }
}

/// A whole number that may be left out (a lever's `end_year`).
impl Field for Option<u32> {
    fn kind(&self) -> Kind {
        Kind::OptInt
    }
    fn to_value(&self) -> Value {
        self.map_or(Value::Unset, |i| Value::Int(i64::from(i)))
    }
    fn from_value(value: &Value) -> Option<Option<u32>> {
        match value {
            Value::Int(i) => Some(Some(*i as u32)),
            Value::Unset => Some(None),
            _ => None,
        }
    }
}

/// A file name that may be left out (`villages.file`).
impl Field for Option<String> {
    fn kind(&self) -> Kind {
        Kind::OptText
    }
    fn to_value(&self) -> Value {
        self.as_ref().map_or(Value::Unset, |t| Value::Text(t.clone()))
    }
    fn from_value(value: &Value) -> Option<Option<String>> {
        match value {
            Value::Text(t) => Some(Some(t.clone())),
            Value::Unset => Some(None),
            _ => None,
        }
    }
}

/// A range of whole years, written as a list of two numbers (youngest, oldest).
impl Field for (u32, u32) {
    fn kind(&self) -> Kind {
        Kind::List(2)
    }
    fn to_value(&self) -> Value {
        Value::List(vec![f64::from(self.0), f64::from(self.1)])
    }
    fn from_value(value: &Value) -> Option<(u32, u32)> {
        match value {
            Value::List(v) if v.len() == 2 => Some((v[0] as u32, v[1] as u32)),
            _ => None,
        }
    }
}

/// A section of parameters: a struct whose fields are parameters or sections of their own.
pub trait Section: Default {
    /// Appends the declaration of every parameter, subsections included, in declaration order.
    fn declare(out: &mut Vec<Param>);
    /// The value of a dotted key of this section, if it is one.
    fn get(&self, key: &str) -> Option<Value>;
    /// Sets a dotted key of this section to a value of its kind; false when the key is not one of the
    /// section's or the value is of another kind.
    fn set(&mut self, key: &str, value: &Value) -> bool;
}

/// The part of a dotted key after the section's prefix (the whole key for the root, whose prefix is "").
pub fn rest_of<'k>(key: &'k str, prefix: &str) -> Option<&'k str> {
    if prefix.is_empty() {
        return Some(key);
    }
    key.strip_prefix(prefix)?.strip_prefix('.')
}

/// The range of a probability or share.
pub const PROB: (f64, f64) = (0.0, 1.0);
/// The range of a yearly rate.
pub const RATE: (f64, f64) = (0.0, 50.0);

/// A field's name as a key: `r#return` is the key `return`.
pub fn field_key(name: &str) -> &str {
    name.trim_start_matches("r#")
}

/// A parameter's declaration, checked against its own range.
#[allow(clippy::too_many_arguments)]
pub fn declared<T: Field>(
    prefix: &str,
    field: &str,
    default: &T,
    unit: &'static str,
    (min, max): (f64, f64),
    source: Source,
    about: &'static str,
    zh: &'static str,
) -> Param {
    let param = Param {
        key: format!("{prefix}.{}", field_key(field)),
        kind: default.kind(),
        default: default.to_value(),
        min,
        max,
        unit,
        source,
        about,
        zh,
    };
    debug_assert!(
        param.check(&param.default).is_ok(),
        "default of {} out of range",
        param.key
    );
    debug_assert!(
        param.plausible().is_none_or(|(low, high, _)| {
            let (lo, hi) = (Value::Float(low), Value::Float(high));
            low <= high && param.check(&lo).is_ok() && param.check(&hi).is_ok()
        }),
        "plausible range of {} outside its allowed range",
        param.key
    );
    param
}

/// Declares a section: a struct with one typed field per parameter, each with its default, unit, range,
/// source, meaning and Chinese label, then the sections nested in it. The key of a field is the
/// section's prefix, a dot and the field's name.
///
/// ```text
/// section! {
///     /// doc
///     Migration("migration") {
///         settle_away: f64 = 0.01, "per year", RATE, Assumption(""), "meaning", "中文";
///     }
///     sections { nested: Nested }
/// }
/// ```
macro_rules! section {
    (
        $(#[$doc:meta])*
        $name:ident($prefix:expr) {
            $( $field:ident: $ty:ty = $default:expr, $unit:literal, $range:expr, $source:expr, $about:literal, $zh:literal; )*
        }
        $( sections { $( $sub:ident: $subty:ty ),* $(,)? } )?
    ) => {
        $(#[$doc])*
        #[derive(Clone, Debug, PartialEq)]
        pub struct $name {
            $( pub $field: $ty, )*
            $($( pub $sub: $subty, )*)?
        }

        impl Default for $name {
            fn default() -> $name {
                $name {
                    $( $field: $default, )*
                    $($( $sub: <$subty>::default(), )*)?
                }
            }
        }

        impl $crate::scenario::declare::Section for $name {
            fn declare(out: &mut Vec<$crate::scenario::declare::Param>) {
                #[allow(unused_variables)]
                let d = $name::default();
                $( out.push($crate::scenario::declare::declared(
                    $prefix, stringify!($field), &d.$field, $unit, $range, $source, $about, $zh,
                )); )*
                $($( <$subty as $crate::scenario::declare::Section>::declare(out); )*)?
            }

            fn get(&self, key: &str) -> Option<$crate::scenario::declare::Value> {
                let rest = $crate::scenario::declare::rest_of(key, $prefix)?;
                $( if rest == $crate::scenario::declare::field_key(stringify!($field)) {
                    return Some($crate::scenario::declare::Field::to_value(&self.$field));
                } )*
                $($( if let Some(v) = $crate::scenario::declare::Section::get(&self.$sub, key) {
                    return Some(v);
                } )*)?
                let _ = rest;
                None
            }

            fn set(&mut self, key: &str, value: &$crate::scenario::declare::Value) -> bool {
                let Some(rest) = $crate::scenario::declare::rest_of(key, $prefix) else {
                    return false;
                };
                $( if rest == $crate::scenario::declare::field_key(stringify!($field)) {
                    return match <$ty as $crate::scenario::declare::Field>::from_value(value) {
                        Some(v) => {
                            self.$field = v;
                            true
                        }
                        None => false,
                    };
                } )*
                $($( if $crate::scenario::declare::Section::set(&mut self.$sub, key, value) {
                    return true;
                } )*)?
                let _ = rest;
                false
            }
        }
    };
}
pub(crate) use section;
