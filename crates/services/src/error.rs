//! The error type of the use cases.

use tongban_store::StoreError;

use crate::fields::FieldErrors;
use crate::passwords::PasswordError;

/// Why a use case failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ServiceError {
    /// The database failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// A value could not be encoded, for example to compute its digest.
    #[error("cannot encode {what}: {source}")]
    Encode {
        /// What was being encoded.
        what: String,
        /// The encoder's error.
        source: serde_json::Error,
    },
    /// A client registration breaks a rule.
    #[error("invalid OIDC client: {0}")]
    InvalidClient(String),
    /// Fields of a form break rules; the errors name each field and rule for people.
    #[error("invalid input: {0}")]
    Invalid(FieldErrors),
    /// The person may not do this, such as an operator registering a legal person.
    #[error("not allowed: {0}")]
    NotAllowed(String),
    /// Hashing or checking a password failed.
    #[error(transparent)]
    Password(#[from] PasswordError),
    /// A stored account has a value this version does not know, so the row was written by a
    /// newer version or by hand.
    #[error("account {account_id} has an invalid stored {field}: {value:?}")]
    InvalidStoredAccount {
        /// The account.
        account_id: String,
        /// The column.
        field: &'static str,
        /// The stored value.
        value: String,
    },
    /// An implementation list breaks a rule; the message names the entry and the rule.
    #[error(transparent)]
    ImplementationList(#[from] crate::implementations::ListError),
    /// The catalog search rejected a query or its index failed.
    #[error(transparent)]
    Search(#[from] tongban_search::SearchError),
    /// Work handed to a background thread panicked or was cancelled.
    #[error("background work failed: {0}")]
    Background(String),
    /// A stored schedule revision does not form a valid schedule any more.
    #[error("the stored holiday schedule of {year} is invalid: {reason}")]
    InvalidStoredSchedule {
        /// The year.
        year: i32,
        /// The rule it breaks.
        reason: String,
    },
}
