//! Job locks: one holder at a time on PostgreSQL, always granted on SQLite.

use tongban_store::Backend;
use tongban_store::job_locks::{Job, try_lock};
use tongban_testkit::each_backend;

use crate::support::connect;

#[tokio::test]
async fn job_lock_has_one_holder() {
    for database in each_backend().await {
        let backend = database.backend_name();
        // Two stores stand for two instances sharing the database.
        let first = connect(&database).await;
        let second = connect(&database).await;

        let first_lock = try_lock(&first, Job::DeemedAcceptance)
            .await
            .expect("take the lock");
        assert!(
            first_lock.is_some(),
            "{backend}: the first instance gets the lock"
        );
        let other = try_lock(&second, Job::DeemedAcceptance)
            .await
            .expect("try the lock");
        match second.backend() {
            Backend::Postgres => {
                assert!(other.is_none(), "{backend}: the lock has one holder");
            }
            Backend::Sqlite => {
                assert!(
                    other.is_some(),
                    "{backend}: one instance per file, always granted"
                );
            }
        }
        if let Some(other) = other {
            other.release().await.expect("release the second lock");
        }

        first_lock
            .expect("taken above")
            .release()
            .await
            .expect("release the lock");
        let again = try_lock(&second, Job::DeemedAcceptance)
            .await
            .expect("take the lock again");
        assert!(again.is_some(), "{backend}: a released lock can be taken");
        drop(again);

        // A dropped lock is released once the pool has sent the rollback on its connection,
        // which happens in the background.
        let mut released = false;
        for _ in 0..20 {
            let attempt = try_lock(&first, Job::DeemedAcceptance)
                .await
                .expect("take the lock after a drop");
            if attempt.is_some() {
                released = true;
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        assert!(released, "{backend}: a dropped lock is released within 2 s");
    }
}
