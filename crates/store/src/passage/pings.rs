//! Counters of the diagnostic message type `test.ping`, which tests and the benchmark send to
//! check that every message is applied exactly once.

use sqlx::{Any, Executor, Row};

use crate::StoreError;
use crate::error::QueryContext;

/// The number of pings applied for one sender and ordering key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PingCounter {
    /// The sender.
    pub sender: String,
    /// The ordering key.
    pub ordering_key: String,
    /// Pings applied.
    pub count: i64,
}

/// Adds one to the counter of `sender` and `ordering_key` and returns the new count.
///
/// # Errors
/// [`StoreError::Query`] when the statement fails.
pub async fn increment<'e, E>(
    executor: E,
    sender: &str,
    ordering_key: &str,
) -> Result<i64, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    sqlx::query_scalar(
        "INSERT INTO passage_ping_counters (sender, ordering_key, count) VALUES ($1, $2, 1) \
         ON CONFLICT (sender, ordering_key) \
             DO UPDATE SET count = passage_ping_counters.count + 1 \
         RETURNING count",
    )
    .bind(sender)
    .bind(ordering_key)
    .fetch_one(executor)
    .await
    .context("count a ping")
}

/// Returns every counter, ordered by sender and key.
///
/// # Errors
/// [`StoreError::Query`] when the query fails.
pub async fn list_counters<'e, E>(executor: E) -> Result<Vec<PingCounter>, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let rows = sqlx::query(
        "SELECT sender, ordering_key, count FROM passage_ping_counters \
         ORDER BY sender, ordering_key",
    )
    .fetch_all(executor)
    .await
    .context("list the ping counters")?;
    rows.iter()
        .map(|row| {
            Ok(PingCounter {
                sender: row.try_get("sender").context("read a ping counter")?,
                ordering_key: row.try_get("ordering_key").context("read a ping counter")?,
                count: row.try_get("count").context("read a ping counter")?,
            })
        })
        .collect()
}
