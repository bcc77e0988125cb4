//! Connecting, migrating and the per-connection settings of each back end.

use std::path::Path;
use std::time::Duration;

use sqlx::Connection;

use tongban_store::{Backend, Store, StoreError};
use tongban_testkit::{TestDatabase, each_backend};

use crate::support::{connect, error_chain};

/// Tables that the migrations create.
const TABLES: [&str; 5] = [
    "audit_events",
    "service_items",
    "service_item_materials",
    "calendar_schedules",
    "_sqlx_migrations",
];

#[tokio::test]
async fn migrations_apply_on_each_backend() {
    for database in each_backend().await {
        let backend = database.backend_name();
        let store = connect(&database).await;

        let expected = match backend {
            "sqlite" => Backend::Sqlite,
            _ => Backend::Postgres,
        };
        assert_eq!(store.backend(), expected, "{backend}: backend");

        let migration_files = std::fs::read_dir(
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("migrations")
                .join(backend),
        )
        .expect("migration folder is readable")
        .count();
        let applied: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM _sqlx_migrations WHERE success = $1")
                .bind(true)
                .fetch_one(store.pool())
                .await
                .unwrap_or_else(|error| panic!("{backend}: count migrations: {error}"));
        assert_eq!(
            usize::try_from(applied).ok(),
            Some(migration_files),
            "{backend}: every migration file is applied"
        );

        for table in TABLES {
            let query = format!("SELECT COUNT(*) FROM {table}");
            let rows: Result<i64, _> = sqlx::query_scalar(sqlx::AssertSqlSafe(query))
                .fetch_one(store.pool())
                .await;
            assert!(rows.is_ok(), "{backend}: table {table} exists: {rows:?}");
        }
    }
}

#[tokio::test]
async fn connecting_again_applies_nothing_new() {
    for database in each_backend().await {
        let backend = database.backend_name();
        let first = connect(&database).await;
        first.pool().close().await;

        let second = connect(&database).await;
        let applied: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM _sqlx_migrations")
            .fetch_one(second.pool())
            .await
            .unwrap_or_else(|error| panic!("{backend}: count migrations: {error}"));
        let known = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("migrations")
            .join(backend)
            .read_dir()
            .expect("migration folder is readable")
            .count();
        assert_eq!(
            usize::try_from(applied).ok(),
            Some(known),
            "{backend}: one row per migration after two connects"
        );
    }
}

#[tokio::test]
async fn sqlite_connections_use_wal_foreign_keys_and_busy_timeout() {
    let database = TestDatabase::sqlite();
    let store = connect(&database).await;

    // Two connections held at once, so the pool must have set up each of them.
    let mut first = store.pool().acquire().await.expect("first connection");
    let mut second = store.pool().acquire().await.expect("second connection");
    for (name, connection) in [("first", &mut *first), ("second", &mut *second)] {
        let journal_mode: String = sqlx::query_scalar("PRAGMA journal_mode")
            .fetch_one(&mut *connection)
            .await
            .expect("read journal_mode");
        assert_eq!(journal_mode, "wal", "{name} connection: journal_mode");

        let foreign_keys: i64 = sqlx::query_scalar("PRAGMA foreign_keys")
            .fetch_one(&mut *connection)
            .await
            .expect("read foreign_keys");
        assert_eq!(foreign_keys, 1, "{name} connection: foreign_keys");

        let busy_timeout: i64 = sqlx::query_scalar("PRAGMA busy_timeout")
            .fetch_one(&mut *connection)
            .await
            .expect("read busy_timeout");
        assert_eq!(busy_timeout, 5000, "{name} connection: busy_timeout in ms");
    }
}

#[tokio::test]
async fn sqlite_file_is_created_without_mode_parameter() {
    let database = TestDatabase::sqlite();
    let url = database
        .url()
        .strip_suffix("?mode=rwc")
        .expect("test URLs end in ?mode=rwc");
    let path = url
        .strip_prefix("sqlite://")
        .expect("test URLs are sqlite://");
    assert!(!Path::new(path).exists(), "{path} does not exist yet");

    let store = Store::connect(url)
        .await
        .unwrap_or_else(|error| panic!("connect to {url}: {}", error_chain(&error)));

    assert_eq!(store.backend(), Backend::Sqlite);
    assert!(Path::new(path).is_file(), "{path} was created");
}

#[tokio::test]
async fn foreign_keys_are_enforced() {
    for database in each_backend().await {
        let backend = database.backend_name();
        let store = connect(&database).await;

        let orphan = sqlx::query(
            "INSERT INTO service_item_materials (item_id, position, name, required) \
             VALUES ($1, $2, $3, $4)",
        )
        .bind(999_i64)
        .bind(1_i32)
        .bind("身份证")
        .bind(1_i16)
        .execute(store.pool())
        .await;

        assert!(
            orphan.is_err(),
            "{backend}: a material of a missing item is rejected"
        );
    }
}

#[tokio::test]
async fn in_memory_sqlite_is_rejected() {
    let result = Store::connect("sqlite::memory:").await;

    assert!(
        matches!(result, Err(StoreError::JournalMode { ref actual }) if actual == "memory"),
        "in-memory database: {result:?}"
    );
}

#[tokio::test]
async fn unsupported_scheme_is_rejected() {
    let result = Store::connect("mysql://root@127.0.0.1/tongban").await;

    assert!(
        matches!(result, Err(StoreError::UnsupportedScheme { ref scheme }) if scheme == "mysql"),
        "mysql URL: {result:?}"
    );
}

#[tokio::test]
async fn connection_closed_while_idle_is_replaced() {
    let Some(database) = TestDatabase::postgres().await else {
        return;
    };
    let store = connect(&database).await;
    tongban_store::ping(&store).await.expect("first ping");

    let mut admin = sqlx::AnyConnection::connect(database.url())
        .await
        .expect("second connection");
    let closed: Vec<bool> = sqlx::query_scalar(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity \
         WHERE datname = current_database() AND pid <> pg_backend_pid()",
    )
    .fetch_all(&mut admin)
    .await
    .expect("terminate the pool's connections");
    assert!(!closed.is_empty(), "the pool had a connection to close");
    tokio::time::sleep(Duration::from_millis(1_500)).await;

    let after = tongban_store::ping(&store).await;
    assert!(
        after.is_ok(),
        "a connection idle for more than a second is pinged and replaced: {after:?}"
    );
}
