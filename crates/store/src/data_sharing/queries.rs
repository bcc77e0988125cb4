//! Queries a consumer sent to data services, and their responses.

use chrono::{DateTime, Utc};
use sqlx::{Any, Executor, FromRow};

use crate::StoreError;
use crate::error::QueryContext;
use crate::timestamp::{from_millis, to_millis};

/// A query sent to a data service.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DataQuery {
    /// The request's id.
    pub id: String,
    /// The grant the query relies on.
    pub grant_id: String,
    /// The data service.
    pub service_id: String,
    /// Node id of the provider.
    pub provider_node: String,
    /// Resident ID number of the person the query is about.
    pub subject: String,
    /// JSON array of the field names asked for.
    pub fields: String,
    /// Purpose of the use.
    pub purpose: String,
    /// 办件编号 of the case the query serves, if any.
    pub case_number: Option<String>,
    /// The requester, such as `account:<id>` or `staff:<id>`.
    pub requested_by: String,
    /// SM3 (hex) of the request, which the response must repeat.
    pub request_sm3: String,
    /// `pending`, `answered` or `rejected`.
    pub status: String,
    /// JSON object of the returned fields, or the rejection code.
    pub result: Option<String>,
    /// When it was sent.
    pub requested_at: DateTime<Utc>,
    /// When the response arrived.
    pub answered_at: Option<DateTime<Utc>>,
}

#[derive(FromRow)]
struct QueryRow {
    id: String,
    grant_id: String,
    service_id: String,
    provider_node: String,
    subject: String,
    fields: String,
    purpose: String,
    case_number: Option<String>,
    requested_by: String,
    request_sm3: String,
    status: String,
    result: Option<String>,
    requested_at: i64,
    answered_at: Option<i64>,
}

impl QueryRow {
    fn into_query(self) -> Result<DataQuery, StoreError> {
        Ok(DataQuery {
            requested_at: from_millis("data_queries.requested_at", self.requested_at)?,
            answered_at: self
                .answered_at
                .map(|millis| from_millis("data_queries.answered_at", millis))
                .transpose()?,
            id: self.id,
            grant_id: self.grant_id,
            service_id: self.service_id,
            provider_node: self.provider_node,
            subject: self.subject,
            fields: self.fields,
            purpose: self.purpose,
            case_number: self.case_number,
            requested_by: self.requested_by,
            request_sm3: self.request_sm3,
            status: self.status,
            result: self.result,
        })
    }
}

const COLUMNS: &str = "id, grant_id, service_id, provider_node, subject, fields, purpose, \
    case_number, requested_by, request_sm3, status, result, requested_at, answered_at";

/// Stores a query as sent.
///
/// # Errors
/// [`StoreError::Query`] when the statement fails.
pub async fn insert_query<'e, E>(executor: E, query: &DataQuery) -> Result<(), StoreError>
where
    E: Executor<'e, Database = Any>,
{
    sqlx::query(
        "INSERT INTO data_queries (id, grant_id, service_id, provider_node, subject, fields, \
             purpose, case_number, requested_by, request_sm3, status, result, requested_at, \
             answered_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)",
    )
    .bind(query.id.as_str())
    .bind(query.grant_id.as_str())
    .bind(query.service_id.as_str())
    .bind(query.provider_node.as_str())
    .bind(query.subject.as_str())
    .bind(query.fields.as_str())
    .bind(query.purpose.as_str())
    .bind(query.case_number.as_deref())
    .bind(query.requested_by.as_str())
    .bind(query.request_sm3.as_str())
    .bind(query.status.as_str())
    .bind(query.result.as_deref())
    .bind(to_millis(query.requested_at))
    .bind(query.answered_at.map(to_millis))
    .execute(executor)
    .await
    .with_context(|| format!("store data query {}", query.id))?;
    Ok(())
}

/// Records the response to the pending query `id`; returns `false` when no such query is
/// pending.
///
/// # Errors
/// [`StoreError::Query`] when the statement fails.
pub async fn record_response<'e, E>(
    executor: E,
    id: &str,
    status: &str,
    result: &str,
    answered_at: DateTime<Utc>,
) -> Result<bool, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let done = sqlx::query(
        "UPDATE data_queries SET status = $1, result = $2, answered_at = $3 \
         WHERE id = $4 AND status = 'pending'",
    )
    .bind(status)
    .bind(result)
    .bind(to_millis(answered_at))
    .bind(id)
    .execute(executor)
    .await
    .with_context(|| format!("record the response to data query {id}"))?;
    Ok(done.rows_affected() == 1)
}

/// Returns query `id`.
///
/// # Errors
/// [`StoreError::Query`] when the statement fails.
pub async fn find_query<'e, E>(executor: E, id: &str) -> Result<Option<DataQuery>, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let row = sqlx::query_as::<_, QueryRow>(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM data_queries WHERE id = $1"
    )))
    .bind(id)
    .fetch_optional(executor)
    .await
    .with_context(|| format!("read data query {id}"))?;
    row.map(QueryRow::into_query).transpose()
}
