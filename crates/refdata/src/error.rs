//! Errors of loading reference data.

use std::path::{Path, PathBuf};

use tongban_domain::RuleViolation;
use tongban_i18n::{Lang, Message};

/// Why a reference data set could not be loaded.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum RefDataError {
    /// No reference data directory was found.
    #[error("{}", self.message().render(Lang::En))]
    NotFound {
        /// Places searched, in order.
        tried: Vec<PathBuf>,
    },
    /// The named path is not a directory.
    #[error("{}", self.message().render(Lang::En))]
    NotADirectory {
        /// The path.
        path: PathBuf,
    },
    /// A file of a set could not be read.
    #[error("{}", self.message().render(Lang::En))]
    Io {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// A row or field of a set is invalid.
    #[error("{}", self.message().render(Lang::En))]
    Invalid {
        /// The file.
        path: PathBuf,
        /// 1-based line, or 0 when the whole file is concerned.
        line: u64,
        /// What is wrong.
        reason: Message,
    },
}

impl RefDataError {
    pub(crate) fn invalid(path: &Path, line: u64, reason: Message) -> Self {
        RefDataError::Invalid {
            path: path.to_path_buf(),
            line,
            reason,
        }
    }

    /// An invalid file whose parser (CSV or JSON) gave the reason.
    pub(crate) fn unparsable(path: &Path, line: u64, error: impl ToString) -> Self {
        let reason = Message::new("refdata-unparsable").arg("error", error.to_string());
        RefDataError::invalid(path, line, reason)
    }

    pub(crate) fn io(path: &Path, source: std::io::Error) -> Self {
        RefDataError::Io {
            path: path.to_path_buf(),
            source,
        }
    }
}

impl RuleViolation for RefDataError {
    fn rule(&self) -> &'static str {
        match self {
            RefDataError::NotFound { .. } => "refdata-not-found",
            RefDataError::NotADirectory { .. } => "refdata-not-a-directory",
            RefDataError::Io { .. } => "refdata-io",
            RefDataError::Invalid { .. } => "refdata-invalid",
        }
    }

    fn message(&self) -> Message {
        let message = Message::new(self.rule());
        match self {
            RefDataError::NotFound { tried } => {
                let tried: Vec<String> = tried
                    .iter()
                    .map(|path| path.display().to_string())
                    .collect();
                message
                    .arg("tried", tried.join(", "))
                    .arg("variable", crate::ENV_VAR)
            }
            RefDataError::NotADirectory { path } => message.arg("path", path.display().to_string()),
            RefDataError::Io { path, source } => message
                .arg("path", path.display().to_string())
                .arg("error", source.to_string()),
            RefDataError::Invalid { path, line, reason } => message
                .arg("path", path.display().to_string())
                .arg("line", line.to_string())
                .arg("reason", reason.clone()),
        }
    }
}
