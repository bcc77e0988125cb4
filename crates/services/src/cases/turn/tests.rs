//! Writers sharing SQLite transactions, on a table of their own.

use std::collections::BTreeSet;
use std::time::Duration;

use tokio::task::JoinSet;
use tongban_store::{Backend, Store, StoreError};
use tongban_testkit::TestDatabase;

use super::{Write, WriteTurn};
use crate::cases::CaseError;

async fn probe_store(database: &TestDatabase) -> Store {
    let store = Store::connect(database.url()).await.unwrap();
    sqlx::query("CREATE TABLE probe (writer INTEGER PRIMARY KEY)")
        .execute(store.pool())
        .await
        .unwrap();
    store
}

async fn insert(write: &mut Write, writer: i64) {
    sqlx::query("INSERT INTO probe (writer) VALUES ($1)")
        .bind(writer)
        .execute(&mut **write.transaction)
        .await
        .unwrap();
}

async fn stored_writers(store: &Store) -> BTreeSet<i64> {
    sqlx::query_scalar::<_, i64>("SELECT writer FROM probe")
        .fetch_all(store.pool())
        .await
        .unwrap()
        .into_iter()
        .collect()
}

async fn commits(turn: &WriteTurn) -> usize {
    turn.group.as_ref().unwrap().lock().await.commits
}

/// Lets the spawned writers reach the queue of the turn. The tests run on one thread, so
/// each spawned writer runs up to the queue while this one sleeps.
async fn let_writers_queue() {
    tokio::time::sleep(Duration::from_millis(50)).await;
}

/// Fails the test instead of hanging when a writer waits for a commit that never comes.
async fn within_limit<T>(step: impl Future<Output = T>) -> T {
    tokio::time::timeout(Duration::from_secs(30), step)
        .await
        .expect("the step ends within 30 seconds")
}

#[tokio::test]
async fn queued_writers_share_one_commit() {
    let database = TestDatabase::sqlite();
    let store = probe_store(&database).await;
    let turn = WriteTurn::for_backend(Backend::Sqlite);

    let mut first = turn.begin(&store).await.unwrap();
    insert(&mut first, 0).await;
    let mut writers = JoinSet::new();
    for writer in 1..=8 {
        let (turn, store) = (turn.clone(), store.clone());
        writers.spawn(async move {
            let mut write = turn.begin(&store).await?;
            insert(&mut write, writer).await;
            if writer % 3 == 0 {
                // Fails after writing: its savepoint is rolled back.
                return Err(CaseError::Changed);
            }
            write.commit().await
        });
    }
    let_writers_queue().await;
    within_limit(first.commit()).await.unwrap();

    let mut failed = 0;
    while let Some(outcome) = within_limit(writers.join_next()).await {
        match outcome.unwrap() {
            Ok(()) => {}
            Err(CaseError::Changed) => failed += 1,
            Err(error) => panic!("{error:?}"),
        }
    }
    assert_eq!(failed, 2);
    assert_eq!(
        stored_writers(&store).await,
        BTreeSet::from([0, 1, 2, 4, 5, 7, 8])
    );
    assert_eq!(commits(&turn).await, 1);

    // A writer alone commits without waiting for anyone.
    let mut alone = turn.begin(&store).await.unwrap();
    insert(&mut alone, 9).await;
    within_limit(alone.commit()).await.unwrap();
    assert!(stored_writers(&store).await.contains(&9));
    assert_eq!(commits(&turn).await, 2);
}

#[tokio::test]
async fn lost_savepoint_fails_the_group() {
    let database = TestDatabase::sqlite();
    let store = probe_store(&database).await;
    let turn = WriteTurn::for_backend(Backend::Sqlite);

    let mut first = turn.begin(&store).await.unwrap();
    insert(&mut first, 1).await;
    let breaker = {
        let (turn, store) = (turn.clone(), store.clone());
        tokio::spawn(async move {
            let mut write = turn.begin(&store).await.unwrap();
            insert(&mut write, 2).await;
            // As SQLite does on some I/O errors: the whole transaction is rolled back, so the
            // writer's savepoint is gone.
            sqlx::query("ROLLBACK")
                .execute(&mut **write.transaction)
                .await
                .unwrap();
        })
    };
    let_writers_queue().await;
    let outcome = within_limit(first.commit()).await;
    within_limit(breaker).await.unwrap();

    assert!(
        matches!(
            outcome,
            Err(CaseError::Store(StoreError::SharedTransaction { .. }))
        ),
        "{outcome:?}"
    );
    assert_eq!(stored_writers(&store).await, BTreeSet::new());
    assert_eq!(commits(&turn).await, 0);

    let mut next = turn.begin(&store).await.unwrap();
    insert(&mut next, 3).await;
    within_limit(next.commit()).await.unwrap();
    assert_eq!(stored_writers(&store).await, BTreeSet::from([3]));
}

#[tokio::test]
async fn aborted_writer_leaves_the_group() {
    let database = TestDatabase::sqlite();
    let store = probe_store(&database).await;
    let turn = WriteTurn::for_backend(Backend::Sqlite);

    let mut first = turn.begin(&store).await.unwrap();
    insert(&mut first, 1).await;
    let (inserted, wait_for_insert) = tokio::sync::oneshot::channel();
    let aborted = {
        let (turn, store) = (turn.clone(), store.clone());
        tokio::spawn(async move {
            let mut write = turn.begin(&store).await.unwrap();
            insert(&mut write, 2).await;
            inserted.send(()).unwrap();
            // As a request whose client went away: it never gets to commit.
            std::future::pending::<()>().await;
        })
    };
    let last = {
        let (turn, store) = (turn.clone(), store.clone());
        tokio::spawn(async move {
            let mut write = turn.begin(&store).await.unwrap();
            insert(&mut write, 3).await;
            write.commit().await
        })
    };
    let_writers_queue().await;
    let first_commit = tokio::spawn(first.commit());
    within_limit(wait_for_insert).await.unwrap();
    aborted.abort();

    within_limit(first_commit).await.unwrap().unwrap();
    within_limit(last).await.unwrap().unwrap();
    assert!(within_limit(aborted).await.unwrap_err().is_cancelled());
    assert_eq!(stored_writers(&store).await, BTreeSet::from([1, 3]));
}
