//! A cheap summary of a table, from which a cache learns whether the table changed since it was
//! read.

use sqlx::{Any, Executor, Row};

use crate::StoreError;
use crate::error::QueryContext;

/// The number of rows of a table and the time of its latest change. Adding or removing a row
/// changes the count, and a write that sets `updated_at` to the current time changes the
/// latest change, so a cache built from the table is stale when the stamp differs.
///
/// NOTE: two writes in the same millisecond that leave the count unchanged give the same stamp
/// as the first of them alone.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ChangeStamp {
    /// Rows counted.
    pub rows: i64,
    /// Largest `updated_at` of the table, Unix milliseconds; `None` for an empty table.
    pub last_change_millis: Option<i64>,
}

/// Runs `sql`, which selects a row count as `row_count` and a maximum timestamp as `last_change`.
pub(crate) async fn read_stamp<'e, E>(
    executor: E,
    sql: &'static str,
    operation: &'static str,
) -> Result<ChangeStamp, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let row = sqlx::query(sql)
        .fetch_one(executor)
        .await
        .context(operation)?;
    Ok(ChangeStamp {
        rows: row.try_get("row_count").context(operation)?,
        last_change_millis: row.try_get("last_change").context(operation)?,
    })
}
