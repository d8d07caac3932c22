//! Errors and the exit codes they map to (INTERFACE.md: 2 bad input, 1 anything else). A message is
//! written in both languages where it is made; `main` prints it in the language of `--lang`.

use std::fmt;
use std::path::Path;

use crate::lang::{Lang, Text};

#[derive(Debug)]
pub enum Error {
    /// Bad input: a file, key, value or option. Exit code 2.
    Input(InputError),
    /// Anything else (an output folder that cannot be written, say). Exit code 1.
    Failure(Text),
}

/// One message that names the file, the key where there is one, the line where known, what was wrong
/// and what is allowed.
#[derive(Debug, Clone)]
pub struct InputError {
    pub file: String,
    pub key: Option<String>,
    pub line: Option<usize>,
    pub message: Text,
}

/// What could not be done to a file or folder (the words of [`Error::io`]).
#[derive(Clone, Copy, Debug)]
pub enum Io {
    Read,
    Write,
    Create,
    Remove,
    Copy,
    Open,
    MoveAside,
    MoveIntoPlace,
}

impl Io {
    fn words(self) -> (&'static str, &'static str) {
        match self {
            Io::Read => ("read", "读取"),
            Io::Write => ("write", "写入"),
            Io::Create => ("create", "创建"),
            Io::Remove => ("remove", "删除"),
            Io::Copy => ("copy", "复制"),
            Io::Open => ("open", "打开"),
            Io::MoveAside => ("move aside", "移开"),
            Io::MoveIntoPlace => ("move into place", "移入目标位置"),
        }
    }
}

impl Error {
    pub fn input(file: impl Into<String>, key: Option<&str>, message: Text) -> Error {
        Error::Input(InputError {
            file: file.into(),
            key: key.map(str::to_string),
            line: None,
            message,
        })
    }

    /// "cannot read PATH: why", with the system's reason in the reader's language where it is a common one.
    pub fn io(action: Io, path: &Path, e: &std::io::Error) -> Error {
        let (en, zh) = action.words();
        let (path, reason) = (path.display(), io_reason(e));
        Error::Failure(Text::by(|l| match l {
            Lang::En => format!("cannot {en} {path}: {}", reason.get(l)),
            Lang::Zh => format!("无法{zh} {path}：{}", reason.get(l)),
        }))
    }

    /// Bad input that cannot be read: "cannot be read (why); allowed: …".
    pub fn unreadable(file: &str, e: &std::io::Error, allowed: Text) -> Error {
        let reason = io_reason(e);
        let message = Text::by(|l| match l {
            Lang::En => format!("cannot be read ({}); allowed: {}", reason.get(l), allowed.get(l)),
            Lang::Zh => format!("无法读取（{}）；允许：{}", reason.get(l), allowed.get(l)),
        });
        Error::input(file, None, message)
    }

    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Input(_) => 2,
            Error::Failure(_) => 1,
        }
    }

    /// Adds the line number when the error does not have one yet.
    pub fn at_line(mut self, line: Option<usize>) -> Error {
        if let Error::Input(e) = &mut self {
            e.line = e.line.or(line);
        }
        self
    }

    /// The message in `lang`: file, line and key first, then what was wrong and what is allowed.
    pub fn text(&self, lang: Lang) -> String {
        match self {
            Error::Input(e) => {
                let line = e.line.map(|n| text!(", line {n}", "，第 {n} 行"));
                let key = e.key.as_ref().map(|k| text!(", key `{k}`", "，键 `{k}`"));
                let place: String = line.iter().chain(&key).map(|t| t.get(lang)).collect();
                format!("{}{place}{}{}", e.file, lang.pick(": ", "："), e.message.get(lang))
            }
            Error::Failure(m) => m.get(lang).to_string(),
        }
    }
}

/// "cannot be read: why", for a message about the file that names it.
pub fn cannot_be_read(e: &std::io::Error) -> Text {
    text!("cannot be read: ", "无法读取：").then("", "", &io_reason(e))
}

/// The system's reason for a failed file operation: in Chinese for the common ones, else its own words.
pub fn io_reason(e: &std::io::Error) -> Text {
    use std::io::ErrorKind::*;
    let zh = match e.kind() {
        NotFound => "文件或文件夹不存在",
        PermissionDenied => "没有权限",
        AlreadyExists => "已存在",
        InvalidData => "内容不是有效的 UTF-8 文本",
        UnexpectedEof => "文件意外结束",
        OutOfMemory => "内存不足",
        _ => return text!("{e}", "系统信息：{e}"),
    };
    Text::new(e.to_string(), zh)
}

/// English, as logs and tests read it; `main` prints [`Error::text`] in the language of `--lang`.
impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text(Lang::En))
    }
}

impl std::error::Error for Error {}

pub type Result<T> = std::result::Result<T, Error>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_input_error_names_file_line_and_key_in_either_language() {
        let e = Error::input("a.toml", Some("run.years"), text!("must be at least 1", "必须至少为 1")).at_line(Some(3));
        assert_eq!(e.to_string(), "a.toml, line 3, key `run.years`: must be at least 1");
        assert_eq!(e.text(Lang::Zh), "a.toml，第 3 行，键 `run.years`：必须至少为 1");
        assert_eq!(e.exit_code(), 2);
    }

    #[test]
    fn a_file_that_is_not_there_is_said_in_chinese() {
        let missing = std::fs::read("/no/such/file").unwrap_err();
        let e = Error::io(Io::Read, Path::new("/no/such/file"), &missing);
        assert_eq!(e.text(Lang::Zh), "无法读取 /no/such/file：文件或文件夹不存在");
        assert!(e.to_string().starts_with("cannot read /no/such/file: "));
        assert_eq!(e.exit_code(), 1);
    }
}
