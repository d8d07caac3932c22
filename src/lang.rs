//! The two languages of what a person reads (report, terminal, page), and a message written in both.

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Lang {
    #[default]
    En,
    Zh,
}

impl Lang {
    pub fn pick<'a>(self, en: &'a str, zh: &'a str) -> &'a str {
        match self {
            Lang::En => en,
            Lang::Zh => zh,
        }
    }

    /// One of two texts made for the two languages.
    pub fn either(self, en: String, zh: String) -> String {
        match self {
            Lang::En => en,
            Lang::Zh => zh,
        }
    }
}

/// A message in English and Chinese, made where it is known what went wrong and printed where the
/// language is known (a message has no English-only form: every constructor takes both).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Text {
    en: String,
    zh: String,
}

impl Text {
    pub fn new(en: impl Into<String>, zh: impl Into<String>) -> Text {
        Text {
            en: en.into(),
            zh: zh.into(),
        }
    }

    /// A text written once for both languages, from parts that are themselves in the language asked for.
    pub fn by(write: impl Fn(Lang) -> String) -> Text {
        Text::new(write(Lang::En), write(Lang::Zh))
    }

    pub fn get(&self, lang: Lang) -> &str {
        lang.pick(&self.en, &self.zh)
    }

    /// `self` then `other`, each language with its own separator.
    pub fn then(&self, en_sep: &str, zh_sep: &str, other: &Text) -> Text {
        Text::new(
            format!("{}{en_sep}{}", self.en, other.en),
            format!("{}{zh_sep}{}", self.zh, other.zh),
        )
    }
}

/// Names of code (keys, levers, metrics, columns) as a list: "a, b, c", and in Chinese each in
/// backticks with 、 between, so that the names stand apart from the Chinese words.
pub fn code_list<S: AsRef<str>>(names: impl IntoIterator<Item = S>) -> Text {
    let names: Vec<String> = names.into_iter().map(|s| s.as_ref().to_string()).collect();
    let quoted: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
    Text::new(names.join(", "), quoted.join("、"))
}

/// `text!("English {x}", "中文 {x}")`: a [`Text`] from two format strings (each may name variables).
#[macro_export]
macro_rules! text {
    ($en:literal, $zh:literal $(,)?) => {
        $crate::lang::Text::new(format!($en), format!($zh))
    };
    ($en:literal, $zh:literal, $($arg:tt)+) => {
        $crate::lang::Text::new(format!($en, $($arg)+), format!($zh, $($arg)+))
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_text_is_read_in_either_language() {
        let n = 3;
        let t = text!("{n} files", "{n} 个文件");
        assert_eq!(t.get(Lang::En), "3 files");
        assert_eq!(t.get(Lang::Zh), "3 个文件");
        let joined = t.then("; ", "；", &text!("allowed: one", "允许：一个"));
        assert_eq!(joined.get(Lang::Zh), "3 个文件；允许：一个");
        let list = code_list(["time_bank", "training"]);
        assert_eq!(
            (list.get(Lang::En), list.get(Lang::Zh)),
            ("time_bank, training", "`time_bank`、`training`")
        );
    }
}
