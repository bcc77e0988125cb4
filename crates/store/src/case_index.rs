//! The hub's national case index: one row per case at a node, holding its latest reported
//! status and no form data or materials.

use chrono::{DateTime, Utc};
use sqlx::{Any, Executor, FromRow};

use crate::StoreError;
use crate::error::QueryContext;
use crate::timestamp::{from_millis, to_millis};

/// The indexed state of one case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexEntry {
    /// Node id of the node that keeps the case.
    pub reporter: String,
    /// 办件编号.
    pub case_number: String,
    /// The holder's subject at the hub.
    pub holder_subject: String,
    /// 事项名称.
    pub item_name: String,
    /// 实施编码, or the implementation id when there is none.
    pub item_code: String,
    /// Status name, as `CaseStatus::as_str` writes it.
    pub status: String,
    /// Node id of 收件地.
    pub receiving_place: String,
    /// Node id of 办理地.
    pub handling_place: String,
    /// The case's version at the node.
    pub case_version: i64,
    /// When the case changed at the node.
    pub changed_at: DateTime<Utc>,
}

#[derive(FromRow)]
struct IndexRow {
    reporter: String,
    case_number: String,
    holder_subject: String,
    item_name: String,
    item_code: String,
    status: String,
    receiving_place: String,
    handling_place: String,
    case_version: i64,
    changed_at: i64,
}

impl IndexRow {
    fn into_entry(self) -> Result<IndexEntry, StoreError> {
        Ok(IndexEntry {
            changed_at: from_millis("case_index.changed_at", self.changed_at)?,
            reporter: self.reporter,
            case_number: self.case_number,
            holder_subject: self.holder_subject,
            item_name: self.item_name,
            item_code: self.item_code,
            status: self.status,
            receiving_place: self.receiving_place,
            handling_place: self.handling_place,
            case_version: self.case_version,
        })
    }
}

/// Inserts `entry`, or replaces the stored entry of the same reporter and case number when
/// `entry` has a higher case version. Returns whether a row was written; `false` means the
/// stored entry is as new or newer.
///
/// # Errors
/// [`StoreError::Query`] when the statement fails.
pub async fn upsert_entry<'e, E>(
    executor: E,
    entry: &IndexEntry,
    now: DateTime<Utc>,
) -> Result<bool, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let result = sqlx::query(
        "INSERT INTO case_index (reporter, case_number, holder_subject, item_name, item_code, \
             status, receiving_place, handling_place, case_version, changed_at, indexed_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) \
         ON CONFLICT (reporter, case_number) DO UPDATE SET \
             holder_subject = excluded.holder_subject, item_name = excluded.item_name, \
             item_code = excluded.item_code, status = excluded.status, \
             receiving_place = excluded.receiving_place, \
             handling_place = excluded.handling_place, case_version = excluded.case_version, \
             changed_at = excluded.changed_at, indexed_at = excluded.indexed_at \
         WHERE case_index.case_version < excluded.case_version",
    )
    .bind(entry.reporter.as_str())
    .bind(entry.case_number.as_str())
    .bind(entry.holder_subject.as_str())
    .bind(entry.item_name.as_str())
    .bind(entry.item_code.as_str())
    .bind(entry.status.as_str())
    .bind(entry.receiving_place.as_str())
    .bind(entry.handling_place.as_str())
    .bind(entry.case_version)
    .bind(to_millis(entry.changed_at))
    .bind(to_millis(now))
    .execute(executor)
    .await
    .with_context(|| {
        format!(
            "index case {} of node {}",
            entry.case_number, entry.reporter
        )
    })?;
    Ok(result.rows_affected() == 1)
}

/// Returns the indexed cases of `holder_subject`, the most recently changed first, at most
/// `limit` of them.
///
/// # Errors
/// [`StoreError::Query`] when the query fails, [`StoreError::InvalidStoredValue`] for a
/// timestamp out of range.
pub async fn list_for_holder<'e, E>(
    executor: E,
    holder_subject: &str,
    limit: i64,
) -> Result<Vec<IndexEntry>, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let rows: Vec<IndexRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT reporter, case_number, holder_subject, item_name, item_code, status, \
             receiving_place, handling_place, case_version, changed_at \
         FROM case_index WHERE holder_subject = $1 \
         ORDER BY changed_at DESC, case_number {}",
        crate::limit(limit)
    )))
    .bind(holder_subject)
    .fetch_all(executor)
    .await
    .with_context(|| format!("list the indexed cases of {holder_subject}"))?;
    rows.into_iter().map(IndexRow::into_entry).collect()
}
