//! Holiday schedule revisions per year.

use chrono::{DateTime, Utc};
use tongban_store::calendar::{latest_schedules, save_schedule};
use tongban_store::{Store, StoreError};
use tongban_testkit::each_backend;

use crate::support::{at_millis, connect, error_chain};

const DAYS_2026: &str =
    r#"[{"date":"2026-01-01","kind":"off"},{"date":"2026-01-04","kind":"work"}]"#;

async fn save(store: &Store, backend: &str, year: i32, days: &str, now: DateTime<Utc>) -> i32 {
    let mut transaction = store.pool().begin().await.expect("begin");
    let saved = save_schedule(
        &mut transaction,
        year,
        days,
        "国办发明电〔2025〕7号",
        "operator:li",
        "国务院办公厅发布新安排",
        now,
    )
    .await;
    let revision = match saved {
        Ok(revision) => revision,
        Err(error) => panic!("{backend}: save {year}: {}", error_chain(&error)),
    };
    transaction.commit().await.expect("commit");
    revision
}

#[tokio::test]
async fn revisions_increment_per_year() {
    for database in each_backend().await {
        let backend = database.backend_name();
        let store = connect(&database).await;

        let revisions = [
            save(&store, backend, 2026, DAYS_2026, at_millis(1_000)).await,
            save(&store, backend, 2026, DAYS_2026, at_millis(2_000)).await,
            save(&store, backend, 2027, "[]", at_millis(3_000)).await,
            save(&store, backend, 2026, DAYS_2026, at_millis(4_000)).await,
        ];

        assert_eq!(revisions, [1, 2, 1, 3], "{backend}");
    }
}

#[tokio::test]
async fn latest_schedules_returns_newest_per_year() {
    for database in each_backend().await {
        let backend = database.backend_name();
        let store = connect(&database).await;
        let empty = latest_schedules(store.pool()).await.expect("latest");
        assert!(empty.is_empty(), "{backend}: no schedules yet");

        save(&store, backend, 2027, "[]", at_millis(1_000)).await;
        save(&store, backend, 2026, "[]", at_millis(2_000)).await;
        save(&store, backend, 2026, DAYS_2026, at_millis(3_000)).await;
        let latest = latest_schedules(store.pool()).await.expect("latest");

        let summary: Vec<(i32, i32)> = latest
            .iter()
            .map(|schedule| (schedule.year, schedule.revision))
            .collect();
        assert_eq!(summary, [(2026, 2), (2027, 1)], "{backend}: year order");
        let newest = &latest[0];
        assert_eq!(newest.days_json, DAYS_2026, "{backend}: days");
        assert_eq!(newest.replaced_at, at_millis(3_000), "{backend}: time");
        assert_eq!(newest.source, "国办发明电〔2025〕7号", "{backend}: source");
        assert_eq!(newest.actor, "operator:li", "{backend}: actor");
        assert_eq!(newest.reason, "国务院办公厅发布新安排", "{backend}: reason");
    }
}

#[tokio::test]
async fn rolled_back_revision_is_not_counted() {
    for database in each_backend().await {
        let backend = database.backend_name();
        let store = connect(&database).await;
        save(&store, backend, 2026, "[]", at_millis(1_000)).await;

        let mut transaction = store.pool().begin().await.expect("begin");
        save_schedule(
            &mut transaction,
            2026,
            "[]",
            "s",
            "a",
            "r",
            at_millis(2_000),
        )
        .await
        .expect("save");
        transaction.rollback().await.expect("rollback");
        let next = save(&store, backend, 2026, "[]", at_millis(3_000)).await;

        assert_eq!(next, 2, "{backend}: the rolled back revision is free again");
    }
}

#[tokio::test]
async fn days_must_be_a_json_array() {
    for database in each_backend().await {
        let backend = database.backend_name();
        let store = connect(&database).await;

        for days in ["{}", "not json", "", r#""2026-01-01""#] {
            let mut transaction = store.pool().begin().await.expect("begin");
            let result =
                save_schedule(&mut transaction, 2026, days, "s", "a", "r", at_millis(1)).await;
            assert!(
                matches!(
                    result,
                    Err(StoreError::InvalidInput {
                        field: "days_json",
                        ..
                    })
                ),
                "{backend}: days {days:?}: {result:?}"
            );
        }

        let latest = latest_schedules(store.pool()).await.expect("latest");
        assert!(latest.is_empty(), "{backend}: nothing saved");
    }
}
