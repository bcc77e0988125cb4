//! Helpers shared by the store tests.

use chrono::{DateTime, Utc};
use tongban_store::Store;
use tongban_testkit::TestDatabase;

/// Connects to `database` and applies the migrations, or fails the test naming the back end.
pub async fn connect(database: &TestDatabase) -> Store {
    match Store::connect(database.url()).await {
        Ok(store) => store,
        Err(error) => panic!(
            "{}: connect failed: {}",
            database.backend_name(),
            error_chain(&error)
        ),
    }
}

/// Returns the instant `millis` milliseconds after the Unix epoch.
pub fn at_millis(millis: i64) -> DateTime<Utc> {
    DateTime::from_timestamp_millis(millis)
        .unwrap_or_else(|| panic!("{millis} ms is out of the timestamp range"))
}

/// Returns the error and its sources joined into one line, for assertion messages.
pub fn error_chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}
