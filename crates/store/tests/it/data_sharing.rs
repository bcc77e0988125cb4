//! Data sharing tables: grants and their decisions, queries and their responses, the
//! population registry, and the append-only data access log with its head.

use tongban_store::data_sharing::access_log::{
    self, AccessEntry, count_answered_since, entries_about, list_entries,
};
use tongban_store::data_sharing::grants::{
    DataGrant, GrantDecision, find_grant, grants_of, insert_grant, record_decision,
};
use tongban_store::data_sharing::population::{RegistryPerson, find_person, insert_person};
use tongban_store::data_sharing::queries::{DataQuery, find_query, insert_query, record_response};
use tongban_testkit::each_backend;

use crate::support::{at_millis, connect};

const START: i64 = 1_772_416_800_000;

fn grant() -> DataGrant {
    DataGrant {
        id: "grant-1".to_owned(),
        service_id: "population.identity".to_owned(),
        provider_node: "mps".to_owned(),
        consumer: "zj".to_owned(),
        purpose: "办件审查".to_owned(),
        legal_basis: "国务院令第716号".to_owned(),
        fields: r#"["identity_match","birth_date"]"#.to_owned(),
        valid_until: at_millis(START + 3_600_000),
        rate_limit_per_minute: 5,
        status: "requested".to_owned(),
        requested_by: "staff:1".to_owned(),
        requested_at: at_millis(START),
        decided_by: None,
        decided_at: None,
        decision_reason: None,
    }
}

fn entry(sequence: i64, previous_hash: &str, subject: &str, outcome: &str) -> AccessEntry {
    AccessEntry {
        sequence,
        recorded_at: at_millis(START + sequence * 1000),
        recorded_as: "provider".to_owned(),
        request_id: format!("query-{sequence}"),
        service_id: "population.identity".to_owned(),
        provider_node: "mps".to_owned(),
        consumer: "zj".to_owned(),
        grant_id: "grant-1".to_owned(),
        subject: subject.to_owned(),
        fields: r#"["identity_match"]"#.to_owned(),
        purpose: "办件审查".to_owned(),
        case_number: Some("33000026030200001".to_owned()),
        outcome: outcome.to_owned(),
        reason: None,
        previous_hash: previous_hash.to_owned(),
        entry_hash: format!("{sequence:064}"),
    }
}

#[tokio::test]
async fn grant_decision_is_recorded() {
    for database in each_backend().await {
        let backend = database.backend_name();
        let store = connect(&database).await;
        assert!(
            insert_grant(store.pool(), &grant()).await.expect("insert"),
            "{backend}"
        );
        assert!(
            !insert_grant(store.pool(), &grant()).await.expect("again"),
            "{backend}"
        );

        let decision = GrantDecision {
            status: "approved",
            fields: r#"["identity_match"]"#,
            valid_until: at_millis(START + 60_000),
            rate_limit_per_minute: 2,
            decided_by: "staff:9",
            decided_at: at_millis(START + 1000),
            reason: Some("ok"),
        };
        assert!(
            record_decision(store.pool(), "grant-1", &decision)
                .await
                .expect("decide")
        );
        assert!(
            !record_decision(store.pool(), "grant-9", &decision)
                .await
                .expect("none")
        );
        let stored = find_grant(store.pool(), "grant-1")
            .await
            .expect("find")
            .expect("some");
        assert_eq!(stored.status, "approved", "{backend}");
        assert_eq!(stored.fields, r#"["identity_match"]"#, "{backend}");
        assert_eq!(stored.rate_limit_per_minute, 2, "{backend}");
        assert_eq!(stored.valid_until, at_millis(START + 60_000), "{backend}");
        assert_eq!(stored.decided_by.as_deref(), Some("staff:9"), "{backend}");
        let listed = grants_of(store.pool(), "population.identity", "zj")
            .await
            .expect("list");
        assert_eq!(listed.len(), 1, "{backend}");
    }
}

#[tokio::test]
async fn query_response_recorded_once() {
    for database in each_backend().await {
        let backend = database.backend_name();
        let store = connect(&database).await;
        let query = DataQuery {
            id: "query-1".to_owned(),
            grant_id: "grant-1".to_owned(),
            service_id: "population.identity".to_owned(),
            provider_node: "mps".to_owned(),
            subject: "11010519491231002X".to_owned(),
            fields: r#"["identity_match"]"#.to_owned(),
            purpose: "实名认证".to_owned(),
            case_number: None,
            requested_by: "account:a".to_owned(),
            request_sm3: "ab".repeat(32),
            status: "pending".to_owned(),
            result: None,
            requested_at: at_millis(START),
            answered_at: None,
        };
        insert_query(store.pool(), &query).await.expect("insert");
        let answered_at = at_millis(START + 500);
        let result = r#"{"identity_match":"match"}"#;
        assert!(
            record_response(store.pool(), "query-1", "answered", result, answered_at)
                .await
                .expect("first"),
            "{backend}"
        );
        assert!(
            !record_response(store.pool(), "query-1", "rejected", "{}", answered_at)
                .await
                .expect("second"),
            "{backend}"
        );
        let stored = find_query(store.pool(), "query-1")
            .await
            .expect("find")
            .expect("some");
        assert_eq!(stored.status, "answered", "{backend}");
        assert_eq!(stored.result.as_deref(), Some(result), "{backend}");
        assert_eq!(stored.answered_at, Some(answered_at), "{backend}");
    }
}

#[tokio::test]
async fn registry_person_stored_once() {
    for database in each_backend().await {
        let backend = database.backend_name();
        let store = connect(&database).await;
        let person = RegistryPerson {
            resident_id: "11010519491231002X".to_owned(),
            name: "王伟".to_owned(),
            birth_date: "1949-12-31".to_owned(),
            sex: "female".to_owned(),
            household_division: "110105".to_owned(),
        };
        assert!(
            insert_person(store.pool(), &person, at_millis(START))
                .await
                .expect("first")
        );
        assert!(
            !insert_person(store.pool(), &person, at_millis(START))
                .await
                .expect("again")
        );
        let found = find_person(store.pool(), &person.resident_id)
            .await
            .expect("find");
        assert_eq!(found, Some(person), "{backend}");
    }
}

#[tokio::test]
async fn access_log_appends_and_rejects_changes() {
    for database in each_backend().await {
        let backend = database.backend_name();
        let store = connect(&database).await;
        let mut previous = "0".repeat(64);
        for (sequence, subject, outcome) in [
            (1, "11010519491231002X", "answered"),
            (2, "330106199101011234", "answered"),
            (3, "11010519491231002X", "rejected"),
        ] {
            let mut transaction = store.begin().await.expect("begin");
            let head = access_log::take_head(&mut *transaction)
                .await
                .expect("head");
            assert_eq!(head.sequence, sequence, "{backend}");
            assert_eq!(head.entry_hash, previous, "{backend}");
            let entry = entry(sequence, &previous, subject, outcome);
            access_log::insert_entry(&mut *transaction, &entry)
                .await
                .expect("insert");
            access_log::set_head(&mut *transaction, &entry.entry_hash)
                .await
                .expect("set");
            tongban_store::commit(transaction).await.expect("commit");
            previous = entry.entry_hash;
        }

        let all = list_entries(store.pool(), 0, 10).await.expect("list");
        assert_eq!(all.len(), 3, "{backend}");
        let about = entries_about(store.pool(), "11010519491231002X")
            .await
            .expect("about");
        let sequences: Vec<i64> = about.iter().map(|entry| entry.sequence).collect();
        assert_eq!(sequences, [3, 1], "{backend}");
        let answered = count_answered_since(store.pool(), "grant-1", "provider", at_millis(START))
            .await
            .expect("count");
        assert_eq!(answered, 2, "{backend}");

        let changed = sqlx::query("UPDATE data_access_log SET subject = 'x' WHERE sequence = 1")
            .execute(store.pool())
            .await;
        assert!(changed.is_err(), "{backend}: an update was accepted");
        let removed = sqlx::query("DELETE FROM data_access_log WHERE sequence = 3")
            .execute(store.pool())
            .await;
        assert!(removed.is_err(), "{backend}: a delete was accepted");
    }
}
