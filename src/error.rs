//! Errors and the exit codes they map to (INTERFACE.md: 2 bad input, 1 anything else).

use std::fmt;

#[derive(Debug)]
pub enum Error {
    /// Bad input: a file, key, value or option. Exit code 2.
    Input(InputError),
    /// Anything else (an output folder that cannot be written, say). Exit code 1.
    Failure(String),
}

/// One message that names the file, the key where there is one, the line where known, what was wrong
/// and what is allowed.
#[derive(Debug, Clone)]
pub struct InputError {
    pub file: String,
    pub key: Option<String>,
    pub line: Option<usize>,
    pub message: String,
}

impl Error {
    pub fn input(file: impl Into<String>, key: Option<&str>, message: impl Into<String>) -> Error {
        Error::Input(InputError {
            file: file.into(),
            key: key.map(str::to_string),
            line: None,
            message: message.into(),
        })
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
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Input(e) => {
                write!(f, "{}", e.file)?;
                if let Some(line) = e.line {
                    write!(f, ", line {line}")?;
                }
                if let Some(key) = &e.key {
                    write!(f, ", key `{key}`")?;
                }
                write!(f, ": {}", e.message)
            }
            Error::Failure(m) => write!(f, "{m}"),
        }
    }
}

impl std::error::Error for Error {}

pub type Result<T> = std::result::Result<T, Error>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_input_error_names_file_line_and_key() {
        let e = Error::input("a.toml", Some("run.years"), "must be at least 1").at_line(Some(3));
        assert_eq!(e.to_string(), "a.toml, line 3, key `run.years`: must be at least 1");
        assert_eq!(e.exit_code(), 2);
    }
}
