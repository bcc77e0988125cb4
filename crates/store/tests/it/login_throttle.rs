//! Counting failed logins, locking, and starting over after the window or the lock.

use chrono::Duration;
use tongban_store::login_throttle::{ThrottleRule, clear_failures, find_lock, record_failure};
use tongban_testkit::each_backend;

use crate::support::{at_millis, connect};

const START: i64 = 1_767_225_600_000;

fn rule() -> ThrottleRule {
    ThrottleRule {
        max_failures: 3,
        window: Duration::minutes(15),
        lockout: Duration::minutes(10),
    }
}

#[tokio::test]
async fn third_failure_locks_until_lockout_ends() {
    for database in each_backend().await {
        let backend = database.backend_name();
        let store = connect(&database).await;
        let key = "account/acc-1";

        for (minute, expected) in [(0, 1), (1, 2)] {
            let count = record_failure(
                store.pool(),
                key,
                at_millis(START + minute * 60_000),
                rule(),
            )
            .await
            .expect("record");
            assert_eq!(count.failures, expected, "{backend}: minute {minute}");
            assert_eq!(count.locked_until, None, "{backend}: minute {minute}");
        }
        let third_at = at_millis(START + 2 * 60_000);
        let count = record_failure(store.pool(), key, third_at, rule())
            .await
            .expect("record");
        let until = third_at + Duration::minutes(10);
        assert_eq!(count.failures, 3, "{backend}");
        assert_eq!(count.locked_until, Some(until), "{backend}");

        let during = find_lock(store.pool(), key, until - Duration::seconds(1))
            .await
            .expect("find lock");
        assert_eq!(during, Some(until), "{backend}: locked");
        let after = find_lock(store.pool(), key, until)
            .await
            .expect("find lock");
        assert_eq!(after, None, "{backend}: lock over");
        let other = find_lock(store.pool(), "account/acc-2", third_at)
            .await
            .expect("find lock");
        assert_eq!(other, None, "{backend}: other keys unaffected");

        // The first failure after the lock starts a new count.
        let count = record_failure(store.pool(), key, until + Duration::seconds(1), rule())
            .await
            .expect("record");
        assert_eq!(count.failures, 1, "{backend}: new window after the lock");
        assert_eq!(count.locked_until, None, "{backend}");
    }
}

#[tokio::test]
async fn failures_outside_window_start_over() {
    for database in each_backend().await {
        let backend = database.backend_name();
        let store = connect(&database).await;
        let key = "login/abc";

        for minute in [0, 10] {
            record_failure(
                store.pool(),
                key,
                at_millis(START + minute * 60_000),
                rule(),
            )
            .await
            .expect("record");
        }
        let count = record_failure(store.pool(), key, at_millis(START + 16 * 60_000), rule())
            .await
            .expect("record");
        assert_eq!(
            count.failures, 1,
            "{backend}: window of the first failure closed"
        );
        assert_eq!(count.locked_until, None, "{backend}");
    }
}

#[tokio::test]
async fn clearing_forgets_failures() {
    for database in each_backend().await {
        let backend = database.backend_name();
        let store = connect(&database).await;
        let key = "account/acc-1";
        for minute in [0, 1] {
            record_failure(
                store.pool(),
                key,
                at_millis(START + minute * 60_000),
                rule(),
            )
            .await
            .expect("record");
        }
        clear_failures(store.pool(), key).await.expect("clear");
        let count = record_failure(store.pool(), key, at_millis(START + 2 * 60_000), rule())
            .await
            .expect("record");
        assert_eq!(count.failures, 1, "{backend}");
    }
}

#[tokio::test]
async fn concurrent_failures_all_count() {
    for database in each_backend().await {
        let backend = database.backend_name();
        let store = connect(&database).await;
        let many = ThrottleRule {
            max_failures: 100,
            ..rule()
        };
        let tasks: Vec<_> = (0..8)
            .map(|index| {
                let store = store.clone();
                tokio::spawn(async move {
                    record_failure(
                        store.pool(),
                        "account/acc-1",
                        at_millis(START + index),
                        many,
                    )
                    .await
                    .expect("record")
                })
            })
            .collect();
        for task in tasks {
            task.await.expect("task");
        }
        let count = record_failure(store.pool(), "account/acc-1", at_millis(START + 100), many)
            .await
            .expect("record");
        assert_eq!(count.failures, 9, "{backend}");
    }
}
