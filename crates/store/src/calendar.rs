//! Holiday schedules replaced at run time, kept as numbered revisions per year.
//!
//! Every replacement adds a revision instead of overwriting the previous one, so earlier
//! schedules stay readable.

use chrono::{DateTime, Utc};
use sqlx::{Any, Executor, Row, Transaction};

use crate::StoreError;
use crate::error::QueryContext;
use crate::timestamp::{from_millis, to_millis};

/// One saved revision of a year's holiday schedule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredSchedule {
    /// Row id.
    pub id: i64,
    /// Calendar year the schedule covers.
    pub year: i32,
    /// Revision within the year, from 1.
    pub revision: i32,
    /// JSON array of the exceptional days, as saved.
    pub days_json: String,
    /// Origin of the schedule, such as the State Council notice it reproduces.
    pub source: String,
    /// When the revision was saved.
    pub replaced_at: DateTime<Utc>,
    /// The operator who saved the revision.
    pub actor: String,
    /// The reason given for the replacement.
    pub reason: String,
}

/// Saves a new revision of the schedule of `year` and returns its revision number: 1 for the
/// first replacement of a year, then one more than the latest.
///
/// `days_json` must be a JSON array. Its elements are stored as given, so the caller validates
/// them, for example by building the domain's year schedule from them.
///
/// # Errors
/// [`StoreError::InvalidInput`] when `days_json` is not a JSON array, and
/// [`StoreError::Query`] when a statement fails. Two transactions that save the same year at
/// the same time can compute the same revision. The unique key of year and revision (or, on
/// SQLite, the write lock) then makes one of them fail, and the caller may retry it.
pub async fn save_schedule(
    transaction: &mut Transaction<'_, Any>,
    year: i32,
    days_json: &str,
    source: &str,
    actor: &str,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<i32, StoreError> {
    if let Err(error) = serde_json::from_str::<Vec<serde_json::Value>>(days_json) {
        return Err(StoreError::invalid_input(
            "days_json",
            days_json,
            format!("not a JSON array: {error}"),
        ));
    }

    let latest: i64 = sqlx::query_scalar(
        "SELECT COALESCE(MAX(revision), 0) FROM calendar_schedules WHERE year = $1",
    )
    .bind(year)
    .fetch_one(&mut **transaction)
    .await
    .with_context(|| format!("find the latest schedule revision of {year}"))?;
    let revision = i32::try_from(latest + 1).map_err(|_| {
        StoreError::invalid_stored_value(
            "calendar_schedules.revision",
            latest,
            "no revision number left",
        )
    })?;

    sqlx::query(
        "INSERT INTO calendar_schedules \
             (year, revision, days, source, replaced_at, actor, reason) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(year)
    .bind(revision)
    .bind(days_json)
    .bind(source)
    .bind(to_millis(now))
    .bind(actor)
    .bind(reason)
    .execute(&mut **transaction)
    .await
    .with_context(|| format!("save revision {revision} of the {year} schedule"))?;

    Ok(revision)
}

/// Returns the latest revision of every year that has one, in year order.
///
/// # Errors
/// [`StoreError::Query`] when the query fails, and [`StoreError::InvalidStoredValue`] for a
/// timestamp out of range.
pub async fn latest_schedules<'e, E>(executor: E) -> Result<Vec<StoredSchedule>, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let rows = sqlx::query(
        "SELECT s.id, s.year, s.revision, s.days, s.source, s.replaced_at, s.actor, s.reason \
         FROM calendar_schedules s \
         WHERE s.revision = ( \
             SELECT MAX(later.revision) FROM calendar_schedules later WHERE later.year = s.year) \
         ORDER BY s.year",
    )
    .fetch_all(executor)
    .await
    .context("list the latest holiday schedules")?;

    rows.iter().map(schedule_from_row).collect()
}

fn schedule_from_row(row: &sqlx::any::AnyRow) -> Result<StoredSchedule, StoreError> {
    let read = || -> Result<_, sqlx::Error> {
        Ok((
            row.try_get::<i64, _>("id")?,
            row.try_get::<i32, _>("year")?,
            row.try_get::<i32, _>("revision")?,
            row.try_get::<String, _>("days")?,
            row.try_get::<String, _>("source")?,
            row.try_get::<i64, _>("replaced_at")?,
            row.try_get::<String, _>("actor")?,
            row.try_get::<String, _>("reason")?,
        ))
    };
    let (id, year, revision, days_json, source, replaced_at, actor, reason) =
        read().context("read a holiday schedule")?;

    Ok(StoredSchedule {
        id,
        year,
        revision,
        days_json,
        source,
        replaced_at: from_millis("calendar_schedules.replaced_at", replaced_at)?,
        actor,
        reason,
    })
}
