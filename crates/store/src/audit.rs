//! The audit trail: who changed what, when and why.
//!
//! Events are only ever appended. This module has no function to change or delete one, and
//! the database rejects `UPDATE` and `DELETE` on the table with a trigger.

use chrono::{DateTime, Utc};
use sqlx::{Any, Executor, Row};

use crate::StoreError;
use crate::error::QueryContext;
use crate::timestamp::{from_millis, to_millis};

/// A change of state to record.
#[derive(Debug, Clone, PartialEq)]
pub struct NewAuditEvent {
    /// When the change happened. Stored with millisecond precision.
    pub occurred_at: DateTime<Utc>,
    /// The user, operator or system job that made the change.
    pub actor: String,
    /// The kind of change, such as `calendar.replace_schedule`.
    pub action: String,
    /// The changed object, such as `calendar/2027`. [`list_events`] selects by prefix, so put
    /// the most general part first.
    pub subject: String,
    /// The reason given for the change, if any.
    pub reason: Option<String>,
    /// Further facts, stored as JSON text.
    pub details: Option<serde_json::Value>,
}

/// A recorded event.
#[derive(Debug, Clone, PartialEq)]
pub struct AuditEvent {
    /// Position in the trail. Later events have larger ids.
    pub id: i64,
    /// When the change happened.
    pub occurred_at: DateTime<Utc>,
    /// The user, operator or system job that made the change.
    pub actor: String,
    /// The kind of change.
    pub action: String,
    /// The changed object.
    pub subject: String,
    /// The reason given for the change, if any.
    pub reason: Option<String>,
    /// Further facts.
    pub details: Option<serde_json::Value>,
}

/// Appends `event` to the audit trail and returns its id.
///
/// Pass the transaction that makes the change, so the change and its record commit together.
///
/// # Errors
/// [`StoreError::Query`] when the insert fails.
pub async fn record_event<'e, E>(executor: E, event: &NewAuditEvent) -> Result<i64, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let details = event.details.as_ref().map(serde_json::Value::to_string);
    sqlx::query_scalar(
        "INSERT INTO audit_events (occurred_at, actor, action, subject, reason, details) \
         VALUES ($1, $2, $3, $4, $5, $6) \
         RETURNING id",
    )
    .bind(to_millis(event.occurred_at))
    .bind(event.actor.as_str())
    .bind(event.action.as_str())
    .bind(event.subject.as_str())
    .bind(event.reason.as_deref())
    .bind(details)
    .fetch_one(executor)
    .await
    .with_context(|| format!("record audit event {} on {}", event.action, event.subject))
}

/// Returns up to `limit` events whose subject starts with `subject_prefix`, most recently
/// recorded first. An empty prefix selects every event.
///
/// The prefix is compared character by character and case-sensitively on both back ends.
///
/// # Errors
/// [`StoreError::Query`] when the query fails, and [`StoreError::InvalidStoredValue`] for a
/// row whose timestamp or details cannot be read back.
pub async fn list_events<'e, E>(
    executor: E,
    subject_prefix: &str,
    limit: u32,
) -> Result<Vec<AuditEvent>, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    // `substr` instead of LIKE: SQLite's LIKE ignores ASCII case and both would need `%` and
    // `_` in the prefix escaped.
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT id, occurred_at, actor, action, subject, reason, details \
         FROM audit_events \
         WHERE substr(subject, 1, length($1)) = $1 \
         ORDER BY id DESC {}",
        crate::limit(limit)
    )))
    .bind(subject_prefix)
    .fetch_all(executor)
    .await
    .context("list audit events")?;

    rows.iter().map(event_from_row).collect()
}

fn event_from_row(row: &sqlx::any::AnyRow) -> Result<AuditEvent, StoreError> {
    let read = || -> Result<_, sqlx::Error> {
        Ok((
            row.try_get::<i64, _>("id")?,
            row.try_get::<i64, _>("occurred_at")?,
            row.try_get::<String, _>("actor")?,
            row.try_get::<String, _>("action")?,
            row.try_get::<String, _>("subject")?,
            row.try_get::<Option<String>, _>("reason")?,
            row.try_get::<Option<String>, _>("details")?,
        ))
    };
    let (id, occurred_at, actor, action, subject, reason, details) =
        read().context("read an audit event")?;

    let details = details
        .map(|text| {
            serde_json::from_str(&text).map_err(|error| {
                StoreError::invalid_stored_value("audit_events.details", &text, error)
            })
        })
        .transpose()?;

    Ok(AuditEvent {
        id,
        occurred_at: from_millis("audit_events.occurred_at", occurred_at)?,
        actor,
        action,
        subject,
        reason,
        details,
    })
}
