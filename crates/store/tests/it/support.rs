//! Helpers shared by the store tests.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use tongban_domain::case::CaseStatus;
use tongban_domain::implementation::{DEFAULT_MAX_MATERIAL_BYTES, Implementation};
use tongban_store::Store;
use tongban_store::accounts::StoredAccount;
use tongban_store::cases::{CaseApplicant, CaseRecord, ID_TYPE_RESIDENT_CARD, insert_case};
use tongban_store::implementations::upsert_implementation;
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

/// The instant, in milliseconds, at which the case fixtures are created: 2026-03-02 10:00 in
/// China.
pub const START: i64 = 1_772_416_800_000;

/// Returns an implementation of 浙江省 with a statutory limit of 20 working days.
pub fn zj_implementation() -> Implementation {
    Implementation {
        id: "zj-religious-building".to_owned(),
        source: "test-catalog".to_owned(),
        record_id: "item-1".to_owned(),
        department: "浙江省民族宗教事务委员会".to_owned(),
        department_code: None,
        statutory_days: Some(20),
        promised_days: None,
        yellow_days: 3,
        form: Vec::new(),
        max_material_bytes: DEFAULT_MAX_MATERIAL_BYTES,
        certificate: None,
        handled_at: None,
        material_proofs: Vec::new(),
    }
}

/// Returns a draft case `id` of [`zj_implementation`] by `person-1`, created at [`START`].
pub fn draft_case(id: &str) -> CaseRecord {
    let now = at_millis(START);
    CaseRecord {
        id: id.to_owned(),
        case_number: None,
        implementation_id: "zj-religious-building".to_owned(),
        department: "浙江省民族宗教事务委员会".to_owned(),
        department_code: None,
        applicant: CaseApplicant {
            subject: "person-1".to_owned(),
            name: "林用证".to_owned(),
            id_type: ID_TYPE_RESIDENT_CARD.to_owned(),
            id_number: "11010519491231002X".to_owned(),
            acting_for_credit_code: None,
            acting_for_name: None,
        },
        status: CaseStatus::Draft,
        case_type: None,
        form_data: BTreeMap::new(),
        received_on: None,
        accepted_on: None,
        decided_on: None,
        closed_on: None,
        statutory_days: None,
        promised_days: None,
        yellow_days: 3,
        statutory_due: None,
        promised_due: None,
        due_calendar_revision: None,
        version: 1,
        created_at: now,
        updated_at: now,
        receiving_place: Some("zj".to_owned()),
        handling_place: Some("zj".to_owned()),
        receiving_reference: None,
    }
}

/// Connects to `database` and stores [`zj_implementation`] and the draft case `case-1`.
pub async fn connect_with_draft_case(database: &TestDatabase) -> Store {
    let store = connect(database).await;
    upsert_implementation(store.pool(), &zj_implementation(), at_millis(START))
        .await
        .expect("implementation");
    insert_case(store.pool(), &draft_case("case-1"))
        .await
        .expect("case");
    store
}
