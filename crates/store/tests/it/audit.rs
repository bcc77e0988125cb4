//! The audit trail: appending, listing by subject prefix, and rejecting changes.

use serde_json::json;
use tongban_store::Store;
use tongban_store::audit::{NewAuditEvent, list_events, record_event};
use tongban_testkit::each_backend;

use crate::support::{at_millis, connect, error_chain};

fn event(millis: i64, subject: &str, reason: Option<&str>) -> NewAuditEvent {
    NewAuditEvent {
        occurred_at: at_millis(millis),
        actor: "operator:zhang".to_owned(),
        action: "calendar.replace_schedule".to_owned(),
        subject: subject.to_owned(),
        reason: reason.map(str::to_owned),
        details: Some(json!({ "revision": 2, "note": "国务院办公厅通知" })),
    }
}

async fn record(store: &Store, backend: &str, event: &NewAuditEvent) -> i64 {
    match record_event(store.pool(), event).await {
        Ok(id) => id,
        Err(error) => panic!(
            "{backend}: record {}: {}",
            event.subject,
            error_chain(&error)
        ),
    }
}

#[tokio::test]
async fn events_append_and_list_newest_first() {
    for database in each_backend().await {
        let backend = database.backend_name();
        let store = connect(&database).await;
        let first = event(1_767_225_600_123, "calendar/2026", Some("国务院通知调整"));
        let second = NewAuditEvent {
            details: None,
            ..event(1_767_225_601_000, "catalog/item-1", None)
        };
        let third = event(1_767_225_602_456, "calendar/2027", None);

        let first_id = record(&store, backend, &first).await;
        let second_id = record(&store, backend, &second).await;
        let mut transaction = store.pool().begin().await.expect("begin");
        let third_id = record_event(&mut *transaction, &third)
            .await
            .expect("record inside a transaction");
        transaction.commit().await.expect("commit");

        assert!(
            first_id < second_id && second_id < third_id,
            "{backend}: ids grow: {first_id}, {second_id}, {third_id}"
        );

        let calendar = list_events(store.pool(), "calendar/", 10)
            .await
            .expect("list calendar events");
        let ids: Vec<i64> = calendar.iter().map(|event| event.id).collect();
        assert_eq!(ids, [third_id, first_id], "{backend}: newest first");
        let stored_first = &calendar[1];
        assert_eq!(stored_first.occurred_at, first.occurred_at, "{backend}");
        assert_eq!(stored_first.actor, first.actor, "{backend}");
        assert_eq!(stored_first.action, first.action, "{backend}");
        assert_eq!(stored_first.subject, first.subject, "{backend}");
        assert_eq!(stored_first.reason, first.reason, "{backend}");
        assert_eq!(stored_first.details, first.details, "{backend}");

        let all = list_events(store.pool(), "", 10).await.expect("list all");
        assert_eq!(all.len(), 3, "{backend}: empty prefix lists every event");
        assert_eq!(all[1].details, None, "{backend}: missing details stay None");
        assert_eq!(all[1].reason, None, "{backend}: missing reason stays None");

        let limited = list_events(store.pool(), "", 2).await.expect("list two");
        let ids: Vec<i64> = limited.iter().map(|event| event.id).collect();
        assert_eq!(
            ids,
            [third_id, second_id],
            "{backend}: limit keeps the newest"
        );
    }
}

#[tokio::test]
async fn subject_prefix_is_literal_and_case_sensitive() {
    for database in each_backend().await {
        let backend = database.backend_name();
        let store = connect(&database).await;
        for subject in ["Cal%x", "cal_x", "calendar", "日历/2026"] {
            record(&store, backend, &event(1_767_225_600_000, subject, None)).await;
        }

        let cases = [
            ("cal_", vec!["cal_x"]),
            ("Cal%", vec!["Cal%x"]),
            ("cal", vec!["calendar", "cal_x"]),
            ("CAL", vec![]),
            ("日历", vec!["日历/2026"]),
            ("calendar/", vec![]),
        ];
        for (prefix, expected) in cases {
            let events = list_events(store.pool(), prefix, 10)
                .await
                .expect("list events");
            let subjects: Vec<&str> = events.iter().map(|event| event.subject.as_str()).collect();
            assert_eq!(subjects, expected, "{backend}: prefix {prefix:?}");
        }
    }
}

#[tokio::test]
async fn rolled_back_event_is_not_recorded() {
    for database in each_backend().await {
        let backend = database.backend_name();
        let store = connect(&database).await;

        let mut transaction = store.pool().begin().await.expect("begin");
        record_event(
            &mut *transaction,
            &event(1_767_225_600_000, "calendar/2026", None),
        )
        .await
        .expect("record");
        transaction.rollback().await.expect("rollback");

        let events = list_events(store.pool(), "", 10).await.expect("list");
        assert!(events.is_empty(), "{backend}: {events:?}");
    }
}

#[tokio::test]
async fn recorded_events_cannot_change() {
    for database in each_backend().await {
        let backend = database.backend_name();
        let store = connect(&database).await;
        let original = event(1_767_225_600_000, "calendar/2026", Some("初次导入"));
        let id = record(&store, backend, &original).await;

        let update = sqlx::query("UPDATE audit_events SET reason = $1 WHERE id = $2")
            .bind("changed")
            .bind(id)
            .execute(store.pool())
            .await;
        assert!(update.is_err(), "{backend}: UPDATE is rejected");

        let delete = sqlx::query("DELETE FROM audit_events WHERE id = $1")
            .bind(id)
            .execute(store.pool())
            .await;
        assert!(delete.is_err(), "{backend}: DELETE is rejected");

        let events = list_events(store.pool(), "", 10).await.expect("list");
        assert_eq!(events.len(), 1, "{backend}: the event is still there");
        assert_eq!(events[0].reason, original.reason, "{backend}: unchanged");
    }
}
