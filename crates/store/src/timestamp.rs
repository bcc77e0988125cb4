//! Timestamps as stored: `BIGINT` Unix time in milliseconds.

use chrono::{DateTime, Utc};

use crate::StoreError;

/// Returns the stored form of `at`. Precision below a millisecond is dropped.
pub(crate) fn to_millis(at: DateTime<Utc>) -> i64 {
    at.timestamp_millis()
}

/// Returns the instant of a stored timestamp read from `column`.
pub(crate) fn from_millis(column: &'static str, millis: i64) -> Result<DateTime<Utc>, StoreError> {
    DateTime::from_timestamp_millis(millis).ok_or_else(|| {
        StoreError::invalid_stored_value(column, millis, "outside the range of a timestamp")
    })
}
