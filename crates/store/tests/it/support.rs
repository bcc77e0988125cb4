//! Helpers shared by the store tests.

use chrono::{DateTime, Utc};
use tongban_store::Store;
use tongban_store::accounts::StoredAccount;
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

/// Returns a natural person's account with `id`, `resident_id` and `phone`, created at a fixed
/// instant.
pub fn natural_person(id: &str, resident_id: &str, phone: &str) -> StoredAccount {
    StoredAccount {
        id: id.to_owned(),
        account_type: "natural_person".to_owned(),
        name: "张三".to_owned(),
        resident_id: Some(resident_id.to_owned()),
        phone: Some(phone.to_owned()),
        login_name: None,
        password_hash: "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA".to_owned(),
        assurance_level: "self_asserted".to_owned(),
        role: "user".to_owned(),
        created_at: at_millis(1_767_225_600_000),
        updated_at: at_millis(1_767_225_600_000),
    }
}
