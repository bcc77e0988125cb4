//! Grants of data services to consumers.

use chrono::{DateTime, Utc};
use sqlx::{Any, Executor, FromRow};

use crate::StoreError;
use crate::error::QueryContext;
use crate::timestamp::{from_millis, to_millis};

/// A consumer's access to a data service, requested and then approved or denied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DataGrant {
    /// Random id, the same at provider and consumer.
    pub id: String,
    /// The data service.
    pub service_id: String,
    /// Node id of the provider.
    pub provider_node: String,
    /// Node id of the consumer, or the hub's id.
    pub consumer: String,
    /// Purpose of the use.
    pub purpose: String,
    /// The law or regulation the consumer relies on.
    pub legal_basis: String,
    /// JSON array of the field names requested, and granted once approved.
    pub fields: String,
    /// The grant is usable before this time only.
    pub valid_until: DateTime<Utc>,
    /// Queries allowed per minute.
    pub rate_limit_per_minute: i64,
    /// `requested`, `approved` or `denied`.
    pub status: String,
    /// The requester, such as `staff:<id>`.
    pub requested_by: String,
    /// When it was requested.
    pub requested_at: DateTime<Utc>,
    /// The provider's staff member who decided.
    pub decided_by: Option<String>,
    /// When the provider decided.
    pub decided_at: Option<DateTime<Utc>>,
    /// The provider's reason.
    pub decision_reason: Option<String>,
}

/// The provider's decision on a grant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GrantDecision<'a> {
    /// `approved` or `denied`.
    pub status: &'a str,
    /// JSON array of the granted field names, a subset of those requested.
    pub fields: &'a str,
    /// End of validity.
    pub valid_until: DateTime<Utc>,
    /// Queries allowed per minute.
    pub rate_limit_per_minute: i64,
    /// Who decided.
    pub decided_by: &'a str,
    /// When.
    pub decided_at: DateTime<Utc>,
    /// Why.
    pub reason: Option<&'a str>,
}

#[derive(FromRow)]
struct GrantRow {
    id: String,
    service_id: String,
    provider_node: String,
    consumer: String,
    purpose: String,
    legal_basis: String,
    fields: String,
    valid_until: i64,
    rate_limit_per_minute: i64,
    status: String,
    requested_by: String,
    requested_at: i64,
    decided_by: Option<String>,
    decided_at: Option<i64>,
    decision_reason: Option<String>,
}

impl GrantRow {
    fn into_grant(self) -> Result<DataGrant, StoreError> {
        Ok(DataGrant {
            valid_until: from_millis("data_grants.valid_until", self.valid_until)?,
            requested_at: from_millis("data_grants.requested_at", self.requested_at)?,
            decided_at: self
                .decided_at
                .map(|millis| from_millis("data_grants.decided_at", millis))
                .transpose()?,
            id: self.id,
            service_id: self.service_id,
            provider_node: self.provider_node,
            consumer: self.consumer,
            purpose: self.purpose,
            legal_basis: self.legal_basis,
            fields: self.fields,
            rate_limit_per_minute: self.rate_limit_per_minute,
            status: self.status,
            requested_by: self.requested_by,
            decided_by: self.decided_by,
            decision_reason: self.decision_reason,
        })
    }
}

const COLUMNS: &str = "id, service_id, provider_node, consumer, purpose, legal_basis, fields, \
    valid_until, rate_limit_per_minute, status, requested_by, requested_at, decided_by, \
    decided_at, decision_reason";

/// Stores a new grant; returns `false` when a grant with its id exists already.
///
/// # Errors
/// [`StoreError::Query`] when the statement fails.
pub async fn insert_grant<'e, E>(executor: E, grant: &DataGrant) -> Result<bool, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let done = sqlx::query(
        "INSERT INTO data_grants (id, service_id, provider_node, consumer, purpose, \
             legal_basis, fields, valid_until, rate_limit_per_minute, status, requested_by, \
             requested_at, decided_by, decided_at, decision_reason) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) \
         ON CONFLICT (id) DO NOTHING",
    )
    .bind(grant.id.as_str())
    .bind(grant.service_id.as_str())
    .bind(grant.provider_node.as_str())
    .bind(grant.consumer.as_str())
    .bind(grant.purpose.as_str())
    .bind(grant.legal_basis.as_str())
    .bind(grant.fields.as_str())
    .bind(to_millis(grant.valid_until))
    .bind(grant.rate_limit_per_minute)
    .bind(grant.status.as_str())
    .bind(grant.requested_by.as_str())
    .bind(to_millis(grant.requested_at))
    .bind(grant.decided_by.as_deref())
    .bind(grant.decided_at.map(to_millis))
    .bind(grant.decision_reason.as_deref())
    .execute(executor)
    .await
    .with_context(|| format!("store data grant {}", grant.id))?;
    Ok(done.rows_affected() == 1)
}

/// Records the decision on grant `id`; returns `false` when there is no such grant.
///
/// # Errors
/// [`StoreError::Query`] when the statement fails.
pub async fn record_decision<'e, E>(
    executor: E,
    id: &str,
    decision: &GrantDecision<'_>,
) -> Result<bool, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let done = sqlx::query(
        "UPDATE data_grants SET status = $1, fields = $2, valid_until = $3, \
             rate_limit_per_minute = $4, decided_by = $5, decided_at = $6, \
             decision_reason = $7 \
         WHERE id = $8",
    )
    .bind(decision.status)
    .bind(decision.fields)
    .bind(to_millis(decision.valid_until))
    .bind(decision.rate_limit_per_minute)
    .bind(decision.decided_by)
    .bind(to_millis(decision.decided_at))
    .bind(decision.reason)
    .bind(id)
    .execute(executor)
    .await
    .with_context(|| format!("record the decision on data grant {id}"))?;
    Ok(done.rows_affected() == 1)
}

/// Returns grant `id`.
///
/// # Errors
/// [`StoreError::Query`] when the statement fails.
pub async fn find_grant<'e, E>(executor: E, id: &str) -> Result<Option<DataGrant>, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let row = sqlx::query_as::<_, GrantRow>(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM data_grants WHERE id = $1"
    )))
    .bind(id)
    .fetch_optional(executor)
    .await
    .with_context(|| format!("read data grant {id}"))?;
    row.map(GrantRow::into_grant).transpose()
}

/// Returns the grants of `service_id` to `consumer`, newest first.
///
/// # Errors
/// [`StoreError::Query`] when the statement fails.
pub async fn grants_of<'e, E>(
    executor: E,
    service_id: &str,
    consumer: &str,
) -> Result<Vec<DataGrant>, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let rows = sqlx::query_as::<_, GrantRow>(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM data_grants WHERE service_id = $1 AND consumer = $2 \
         ORDER BY requested_at DESC, id"
    )))
    .bind(service_id)
    .bind(consumer)
    .fetch_all(executor)
    .await
    .with_context(|| format!("list the grants of {service_id} to {consumer}"))?;
    rows.into_iter().map(GrantRow::into_grant).collect()
}

/// Returns every grant, newest first.
///
/// # Errors
/// [`StoreError::Query`] when the statement fails.
pub async fn list_grants<'e, E>(executor: E) -> Result<Vec<DataGrant>, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let rows = sqlx::query_as::<_, GrantRow>(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM data_grants ORDER BY requested_at DESC, id"
    )))
    .fetch_all(executor)
    .await
    .context("list the data grants")?;
    rows.into_iter().map(GrantRow::into_grant).collect()
}
