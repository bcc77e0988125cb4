//! The error type of the store.

use std::fmt;

use sqlx::migrate::MigrateError;

use crate::Backend;

/// The failure of a store operation.
///
/// Every variant names what was being done, and the underlying driver error, when there is
/// one, is available through [`std::error::Error::source`].
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StoreError {
    /// The database URL names no supported back end.
    #[error("unsupported database URL scheme {scheme:?}: expected sqlite: or postgres:")]
    UnsupportedScheme {
        /// The scheme found in the URL.
        scheme: String,
    },

    /// The database URL cannot be parsed.
    #[error("invalid database URL")]
    InvalidUrl {
        /// The parser's error.
        #[source]
        source: sqlx::Error,
    },

    /// SQLite did not switch to write-ahead logging, which happens for in-memory databases.
    #[error(
        "SQLite journal mode is {actual:?} instead of \"wal\": use a database file, \
         not an in-memory database"
    )]
    JournalMode {
        /// The journal mode that SQLite reported.
        actual: String,
    },

    /// Applying the embedded migrations failed.
    #[error("failed to apply the {backend} migrations")]
    Migrate {
        /// The back end whose migrations were applied.
        backend: Backend,
        /// The migrator's error.
        #[source]
        source: MigrateError,
    },

    /// A statement failed or its result could not be read.
    #[error("failed to {operation}")]
    Query {
        /// The purpose of the statement, such as `list audit events`.
        operation: String,
        /// The driver's error.
        #[source]
        source: sqlx::Error,
    },

    /// A transaction that several writers shared did not commit, so none of their work is
    /// stored.
    #[error("the shared transaction did not commit: {detail}")]
    SharedTransaction {
        /// Why, with the sources of the error.
        detail: String,
    },

    /// A value to be stored is invalid.
    #[error("invalid {field} {value:?}: {problem}")]
    InvalidInput {
        /// The argument or field.
        field: &'static str,
        /// The rejected value, shortened when long.
        value: String,
        /// The reason the value is invalid.
        problem: String,
    },

    /// A stored value cannot be turned back into its Rust type, so the row was written by
    /// something other than this crate or by a newer version of it.
    #[error("invalid stored value {value:?} in {column}: {problem}")]
    InvalidStoredValue {
        /// The table and column, such as `service_items.list_kind`.
        column: &'static str,
        /// The stored value, shortened when long.
        value: String,
        /// The reason the value is invalid.
        problem: String,
    },
}

impl StoreError {
    pub(crate) fn invalid_input(
        field: &'static str,
        value: impl fmt::Display,
        problem: impl fmt::Display,
    ) -> StoreError {
        StoreError::InvalidInput {
            field,
            value: shorten(&value.to_string()),
            problem: problem.to_string(),
        }
    }

    /// Returns whether the database could not be reached in time, as when every connection of
    /// the pool is busy: the request may succeed when retried.
    pub fn is_unavailable(&self) -> bool {
        matches!(
            self,
            StoreError::Query {
                source: sqlx::Error::PoolTimedOut | sqlx::Error::PoolClosed | sqlx::Error::Io(_),
                ..
            }
        )
    }

    /// Returns whether a statement failed because a row with the same unique key exists, as
    /// when two people register the same resident ID number at the same moment.
    pub fn is_unique_violation(&self) -> bool {
        match self {
            StoreError::Query {
                source: sqlx::Error::Database(error),
                ..
            } => error.is_unique_violation(),
            _ => false,
        }
    }

    pub(crate) fn invalid_stored_value(
        column: &'static str,
        value: impl fmt::Display,
        problem: impl fmt::Display,
    ) -> StoreError {
        StoreError::InvalidStoredValue {
            column,
            value: shorten(&value.to_string()),
            problem: problem.to_string(),
        }
    }
}

/// Adds the operation to a driver error.
pub(crate) trait QueryContext<T> {
    /// Names the operation with a fixed text.
    fn context(self, operation: &'static str) -> Result<T, StoreError>;

    /// Names the operation with a text built only when the operation failed.
    fn with_context(self, operation: impl FnOnce() -> String) -> Result<T, StoreError>;
}

impl<T> QueryContext<T> for Result<T, sqlx::Error> {
    fn context(self, operation: &'static str) -> Result<T, StoreError> {
        self.map_err(|source| StoreError::Query {
            operation: operation.to_owned(),
            source,
        })
    }

    fn with_context(self, operation: impl FnOnce() -> String) -> Result<T, StoreError> {
        self.map_err(|source| StoreError::Query {
            operation: operation(),
            source,
        })
    }
}

/// Keeps error messages readable when a value such as a guide's JSON is long.
fn shorten(value: &str) -> String {
    const MAX_CHARS: usize = 200;
    if value.chars().count() <= MAX_CHARS {
        return value.to_owned();
    }
    let mut short: String = value.chars().take(MAX_CHARS).collect();
    short.push('…');
    short
}
