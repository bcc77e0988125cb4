//! The connection pools of a [`Store`](crate::Store) and the settings of their connections.

use std::time::Duration;

use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::{AnyConnection, AnyPool, Connection};

use crate::StoreError;
use crate::error::QueryContext;

/// Time a connection may have been idle in its pool and still be handed out without a ping.
const IDLE_BEFORE_PING: Duration = Duration::from_secs(1);

/// Returns pool options that ping a connection before handing it out only when it has been
/// idle for longer than [`IDLE_BEFORE_PING`].
///
/// sqlx 0.9 pings every connection before handing it out by default, which costs a round
/// trip to PostgreSQL or a hand-off to SQLite's worker thread. It also pings every connection
/// that is returned to the pool, so a connection returned a moment ago needs no second ping.
/// A server that went away in between shows as an error of the first statement, as it
/// would just after a ping.
fn pool_options() -> AnyPoolOptions {
    AnyPoolOptions::new()
        .test_before_acquire(false)
        .before_acquire(|connection, metadata| {
            Box::pin(async move {
                if metadata.idle_for > IDLE_BEFORE_PING {
                    connection.ping().await?;
                }
                Ok(true)
            })
        })
}

/// Opens the pool of a PostgreSQL database.
///
/// # Errors
/// [`StoreError::Query`] when the server cannot be reached.
pub(crate) async fn connect_postgres(options: AnyConnectOptions) -> Result<AnyPool, StoreError> {
    pool_options()
        .connect_with(options)
        .await
        .context("connect to PostgreSQL")
}

/// Returns a pool of at most [`UNSYNCED_CONNECTIONS`] PostgreSQL connections with
/// `synchronous_commit` off, opened when first used.
pub(crate) fn unsynced_postgres_pool(options: AnyConnectOptions) -> AnyPool {
    pool_options()
        .max_connections(UNSYNCED_CONNECTIONS)
        .after_connect(|connection, _metadata| {
            Box::pin(async move {
                sqlx::query("SET synchronous_commit TO OFF")
                    .execute(&mut *connection)
                    .await?;
                Ok(())
            })
        })
        .connect_lazy_with(options)
}

/// Connections of the pool whose commits do not wait for the disk. Its statements are single
/// short upserts, so a few connections serve many writers.
const UNSYNCED_CONNECTIONS: u32 = 4;

/// Opens the pool of a SQLite database in write-ahead logging, with the settings that
/// [`Store::connect`](crate::Store::connect) documents.
///
/// # Errors
/// [`StoreError::JournalMode`] when the database cannot use write-ahead logging, and
/// [`StoreError::Query`] when it cannot be opened.
pub(crate) async fn connect_sqlite(mut options: AnyConnectOptions) -> Result<AnyPool, StoreError> {
    let has_mode = options
        .database_url
        .query_pairs()
        .any(|(key, _)| key == "mode");
    if !has_mode {
        options
            .database_url
            .query_pairs_mut()
            .append_pair("mode", "rwc");
    }

    // The journal mode is stored in the database file, so one connection sets it for all. Doing
    // it before the pool exists avoids two connections racing for the exclusive lock it needs.
    let mut connection = AnyConnection::connect_with(&options)
        .await
        .context("open the SQLite database")?;
    let journal_mode: String = sqlx::query_scalar("PRAGMA journal_mode = WAL")
        .fetch_one(&mut connection)
        .await
        .context("switch SQLite to write-ahead logging")?;
    connection
        .close()
        .await
        .context("close the SQLite set-up connection")?;
    if !journal_mode.eq_ignore_ascii_case("wal") {
        return Err(StoreError::JournalMode {
            actual: journal_mode,
        });
    }

    // `Any` options cannot carry SQLite connect options, so the per-connection settings are
    // applied here rather than left to the driver's defaults.
    pool_options()
        .after_connect(|connection, _metadata| {
            Box::pin(async move {
                sqlx::query("PRAGMA foreign_keys = ON")
                    .execute(&mut *connection)
                    .await?;
                // FULL syncs the log at every commit, so a commit survives a power loss or an
                // operating system crash, not only a crash of the process as with NORMAL. The
                // case use cases commit their writers in groups to share the sync.
                sqlx::query("PRAGMA synchronous = FULL")
                    .execute(&mut *connection)
                    .await?;
                // Milliseconds a statement waits for another writer's lock before failing.
                sqlx::query("PRAGMA busy_timeout = 5000")
                    .execute(&mut *connection)
                    .await?;
                Ok(())
            })
        })
        .connect_with(options)
        .await
        .context("open the SQLite connection pool")
}
