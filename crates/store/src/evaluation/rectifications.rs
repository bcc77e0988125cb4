//! Rectifications of bad ratings and their steps.

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::any::AnyArguments;
use sqlx::query::Query;
use sqlx::{Any, Executor, FromRow};

use super::{date_text, parse_date, required_date};
use crate::StoreError;
use crate::error::QueryContext;
use crate::timestamp::{from_millis, to_millis};

/// A rectification (差评整改) at the responsible department.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RectificationRecord {
    /// Random id.
    pub id: String,
    /// Node id of the handling node.
    pub reporter: String,
    /// 办件编号.
    pub case_number: String,
    /// The bad rating that opened it.
    pub rating_id: String,
    /// The responsible department.
    pub department: String,
    /// State, as `RectificationStatus::as_str` writes it.
    pub status: String,
    /// The state an appeal interrupted; equal to `status` when no appeal runs.
    pub status_before_appeal: String,
    /// Day it was opened.
    pub opened_on: NaiveDate,
    /// The limit in working days.
    pub working_days: u32,
    /// The last day of the limit.
    pub due_on: NaiveDate,
    /// Day the result was reported back or the rating excluded.
    pub finished_on: Option<NaiveDate>,
    /// Raised by one on every step.
    pub version: i64,
    /// When the last step was taken.
    pub updated_at: DateTime<Utc>,
}

#[derive(FromRow)]
struct RectificationRow {
    id: String,
    reporter: String,
    case_number: String,
    rating_id: String,
    department: String,
    status: String,
    status_before_appeal: String,
    opened_on: String,
    working_days: i64,
    due_on: String,
    finished_on: Option<String>,
    version: i64,
    updated_at: i64,
}

const COLUMNS: &str = "id, reporter, case_number, rating_id, department, status, \
    status_before_appeal, opened_on, working_days, due_on, finished_on, version, updated_at";

impl RectificationRow {
    fn into_record(self) -> Result<RectificationRecord, StoreError> {
        let working_days = u32::try_from(self.working_days).map_err(|error| {
            StoreError::invalid_stored_value(
                "rectifications.working_days",
                self.working_days,
                error,
            )
        })?;
        Ok(RectificationRecord {
            opened_on: required_date("rectifications.opened_on", self.opened_on)?,
            due_on: required_date("rectifications.due_on", self.due_on)?,
            finished_on: parse_date("rectifications.finished_on", self.finished_on)?,
            updated_at: from_millis("rectifications.updated_at", self.updated_at)?,
            working_days,
            id: self.id,
            reporter: self.reporter,
            case_number: self.case_number,
            rating_id: self.rating_id,
            department: self.department,
            status: self.status,
            status_before_appeal: self.status_before_appeal,
            version: self.version,
        })
    }
}

/// Binds the columns of [`COLUMNS`] of `record` to `$1` to `$13` of `query`.
fn bind_record<'q>(
    query: Query<'q, Any, AnyArguments>,
    record: &'q RectificationRecord,
) -> Query<'q, Any, AnyArguments> {
    query
        .bind(record.id.as_str())
        .bind(record.reporter.as_str())
        .bind(record.case_number.as_str())
        .bind(record.rating_id.as_str())
        .bind(record.department.as_str())
        .bind(record.status.as_str())
        .bind(record.status_before_appeal.as_str())
        .bind(date_text(Some(record.opened_on)))
        .bind(i64::from(record.working_days))
        .bind(date_text(Some(record.due_on)))
        .bind(date_text(record.finished_on))
        .bind(record.version)
        .bind(to_millis(record.updated_at))
}

/// Inserts `record`, a new rectification.
///
/// # Errors
/// [`StoreError::Query`] when the statement fails, also when the rating already has one.
pub async fn insert_rectification<'e, E>(
    executor: E,
    record: &RectificationRecord,
) -> Result<(), StoreError>
where
    E: Executor<'e, Database = Any>,
{
    bind_record(
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "INSERT INTO rectifications ({COLUMNS}) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)"
        ))),
        record,
    )
    .execute(executor)
    .await
    .with_context(|| format!("open a rectification of case {}", record.case_number))?;
    Ok(())
}

/// Writes the state of `record` over the stored row when that row still has version
/// `expected_version`. Returns whether it did.
///
/// # Errors
/// [`StoreError::Query`] when the statement fails.
pub async fn update_rectification<'e, E>(
    executor: E,
    record: &RectificationRecord,
    expected_version: i64,
) -> Result<bool, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let result = sqlx::query(
        "UPDATE rectifications SET status = $1, status_before_appeal = $2, finished_on = $3, \
             version = $4, updated_at = $5 \
         WHERE reporter = $6 AND id = $7 AND version = $8",
    )
    .bind(record.status.as_str())
    .bind(record.status_before_appeal.as_str())
    .bind(date_text(record.finished_on))
    .bind(record.version)
    .bind(to_millis(record.updated_at))
    .bind(record.reporter.as_str())
    .bind(record.id.as_str())
    .bind(expected_version)
    .execute(executor)
    .await
    .with_context(|| format!("update rectification {}", record.id))?;
    Ok(result.rows_affected() == 1)
}

/// Inserts the hub's copy of `record`, or replaces the stored copy when `record` has a higher
/// version. Returns whether a row was written.
///
/// # Errors
/// [`StoreError::Query`] when the statement fails.
pub async fn upsert_rectification_copy<'e, E>(
    executor: E,
    record: &RectificationRecord,
) -> Result<bool, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let result = bind_record(
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "INSERT INTO rectifications ({COLUMNS}) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) \
         ON CONFLICT (reporter, id) DO UPDATE SET status = excluded.status, \
             status_before_appeal = excluded.status_before_appeal, \
             finished_on = excluded.finished_on, version = excluded.version, \
             updated_at = excluded.updated_at \
         WHERE rectifications.version < excluded.version"
        ))),
        record,
    )
    .execute(executor)
    .await
    .with_context(|| {
        format!(
            "copy rectification {} of node {}",
            record.id, record.reporter
        )
    })?;
    Ok(result.rows_affected() == 1)
}

/// Returns rectification `id` of node `reporter`.
///
/// # Errors
/// [`StoreError::Query`] when the query fails, [`StoreError::InvalidStoredValue`] for a
/// malformed stored value.
pub async fn find_rectification<'e, E>(
    executor: E,
    reporter: &str,
    id: &str,
) -> Result<Option<RectificationRecord>, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let row: Option<RectificationRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM rectifications WHERE reporter = $1 AND id = $2"
    )))
    .bind(reporter)
    .bind(id)
    .fetch_optional(executor)
    .await
    .context("read a rectification")?;
    row.map(RectificationRow::into_record).transpose()
}

/// Returns the rectification of case `case_number` of node `reporter`: the latest opened.
///
/// # Errors
/// [`StoreError::Query`] when the query fails, [`StoreError::InvalidStoredValue`] for a
/// malformed stored value.
pub async fn find_case_rectification<'e, E>(
    executor: E,
    reporter: &str,
    case_number: &str,
) -> Result<Option<RectificationRecord>, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let row: Option<RectificationRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM rectifications WHERE reporter = $1 AND case_number = $2 \
         ORDER BY opened_on DESC, id DESC LIMIT 1"
    )))
    .bind(reporter)
    .bind(case_number)
    .fetch_optional(executor)
    .await
    .context("read the rectification of a case")?;
    row.map(RectificationRow::into_record).transpose()
}

/// Returns every rectification, of node `reporter` only when given, the earliest due first.
///
/// # Errors
/// [`StoreError::Query`] when the query fails, [`StoreError::InvalidStoredValue`] for a
/// malformed stored value.
pub async fn list_rectifications<'e, E>(
    executor: E,
    reporter: Option<&str>,
) -> Result<Vec<RectificationRecord>, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let rows: Vec<RectificationRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM rectifications \
         WHERE CAST($1 AS TEXT) IS NULL OR reporter = CAST($1 AS TEXT) \
         ORDER BY due_on, id"
    )))
    .bind(reporter)
    .fetch_all(executor)
    .await
    .context("list rectifications")?;
    rows.into_iter()
        .map(RectificationRow::into_record)
        .collect()
}

/// One step of a rectification.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RectificationEvent {
    pub rectification_id: String,
    /// The rectification's version after the step.
    pub version: i64,
    /// As `RectificationStep::as_str` writes it, or `open` for the opening.
    pub step: String,
    pub from_status: String,
    pub to_status: String,
    /// `clerk`, `supervisor`, `applicant` or `system`.
    pub actor_kind: String,
    /// The staff login, the rater's subject, or the system's part.
    pub actor: String,
    pub reason: String,
    pub at: DateTime<Utc>,
}

#[derive(FromRow)]
struct EventRow {
    rectification_id: String,
    version: i64,
    step: String,
    from_status: String,
    to_status: String,
    actor_kind: String,
    actor: String,
    reason: String,
    at: i64,
}

/// Appends `event` to the history of its rectification.
///
/// # Errors
/// [`StoreError::Query`] when the statement fails.
pub async fn append_rectification_event<'e, E>(
    executor: E,
    event: &RectificationEvent,
) -> Result<(), StoreError>
where
    E: Executor<'e, Database = Any>,
{
    sqlx::query(
        "INSERT INTO rectification_events (rectification_id, version, step, from_status, \
             to_status, actor_kind, actor, reason, at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(event.rectification_id.as_str())
    .bind(event.version)
    .bind(event.step.as_str())
    .bind(event.from_status.as_str())
    .bind(event.to_status.as_str())
    .bind(event.actor_kind.as_str())
    .bind(event.actor.as_str())
    .bind(event.reason.as_str())
    .bind(to_millis(event.at))
    .execute(executor)
    .await
    .with_context(|| format!("record a step of rectification {}", event.rectification_id))?;
    Ok(())
}

/// Returns the steps of rectification `id`, in order.
///
/// # Errors
/// [`StoreError::Query`] when the query fails, [`StoreError::InvalidStoredValue`] for a
/// malformed stored value.
pub async fn list_rectification_events<'e, E>(
    executor: E,
    id: &str,
) -> Result<Vec<RectificationEvent>, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let rows: Vec<EventRow> = sqlx::query_as(
        "SELECT rectification_id, version, step, from_status, to_status, actor_kind, actor, \
             reason, at \
         FROM rectification_events WHERE rectification_id = $1 ORDER BY version",
    )
    .bind(id)
    .fetch_all(executor)
    .await
    .context("list the steps of a rectification")?;
    rows.into_iter()
        .map(|row| {
            Ok(RectificationEvent {
                at: from_millis("rectification_events.at", row.at)?,
                rectification_id: row.rectification_id,
                version: row.version,
                step: row.step,
                from_status: row.from_status,
                to_status: row.to_status,
                actor_kind: row.actor_kind,
                actor: row.actor,
                reason: row.reason,
            })
        })
        .collect()
}
