//! Entries of the data resource catalog.

use chrono::{DateTime, Utc};
use sqlx::{Any, Executor, FromRow};

use crate::StoreError;
use crate::error::QueryContext;
use crate::timestamp::{from_millis, to_millis};

/// A data service a node publishes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DataService {
    /// Such as `population.identity`.
    pub id: String,
    /// Node id of the provider.
    pub provider_node: String,
    /// Providing department in Simplified Chinese.
    pub provider_department_zh: String,
    /// Providing department in English.
    pub provider_department_en: String,
    /// Name in Simplified Chinese.
    pub name_zh: String,
    /// Name in English.
    pub name_en: String,
    /// JSON array of the field names it returns.
    pub fields: String,
    /// `unconditional`, `conditional` or `not_shareable`.
    pub sharing_class: String,
    /// The law or regulation that allows the sharing.
    pub legal_basis: String,
    /// When it was published or last changed.
    pub published_at: DateTime<Utc>,
}

#[derive(FromRow)]
struct ServiceRow {
    id: String,
    provider_node: String,
    provider_department_zh: String,
    provider_department_en: String,
    name_zh: String,
    name_en: String,
    fields: String,
    sharing_class: String,
    legal_basis: String,
    published_at: i64,
}

impl ServiceRow {
    fn into_service(self) -> Result<DataService, StoreError> {
        Ok(DataService {
            published_at: from_millis("data_services.published_at", self.published_at)?,
            id: self.id,
            provider_node: self.provider_node,
            provider_department_zh: self.provider_department_zh,
            provider_department_en: self.provider_department_en,
            name_zh: self.name_zh,
            name_en: self.name_en,
            fields: self.fields,
            sharing_class: self.sharing_class,
            legal_basis: self.legal_basis,
        })
    }
}

const COLUMNS: &str = "id, provider_node, provider_department_zh, provider_department_en, \
    name_zh, name_en, fields, sharing_class, legal_basis, published_at";

/// Stores `service`, replacing the entry with the same id.
///
/// # Errors
/// [`StoreError::Query`] when the statement fails.
pub async fn upsert_service<'e, E>(executor: E, service: &DataService) -> Result<(), StoreError>
where
    E: Executor<'e, Database = Any>,
{
    sqlx::query(
        "INSERT INTO data_services (id, provider_node, provider_department_zh, \
             provider_department_en, name_zh, name_en, fields, sharing_class, legal_basis, \
             published_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) \
         ON CONFLICT (id) DO UPDATE SET provider_node = excluded.provider_node, \
             provider_department_zh = excluded.provider_department_zh, \
             provider_department_en = excluded.provider_department_en, \
             name_zh = excluded.name_zh, name_en = excluded.name_en, \
             fields = excluded.fields, sharing_class = excluded.sharing_class, \
             legal_basis = excluded.legal_basis, published_at = excluded.published_at",
    )
    .bind(service.id.as_str())
    .bind(service.provider_node.as_str())
    .bind(service.provider_department_zh.as_str())
    .bind(service.provider_department_en.as_str())
    .bind(service.name_zh.as_str())
    .bind(service.name_en.as_str())
    .bind(service.fields.as_str())
    .bind(service.sharing_class.as_str())
    .bind(service.legal_basis.as_str())
    .bind(to_millis(service.published_at))
    .execute(executor)
    .await
    .with_context(|| format!("store data service {}", service.id))?;
    Ok(())
}

/// Returns the data service `id`.
///
/// # Errors
/// [`StoreError::Query`] when the statement fails.
pub async fn find_service<'e, E>(executor: E, id: &str) -> Result<Option<DataService>, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let row = sqlx::query_as::<_, ServiceRow>(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM data_services WHERE id = $1"
    )))
    .bind(id)
    .fetch_optional(executor)
    .await
    .with_context(|| format!("read data service {id}"))?;
    row.map(ServiceRow::into_service).transpose()
}

/// Returns every data service, by id.
///
/// # Errors
/// [`StoreError::Query`] when the statement fails.
pub async fn list_services<'e, E>(executor: E) -> Result<Vec<DataService>, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let rows = sqlx::query_as::<_, ServiceRow>(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM data_services ORDER BY id"
    )))
    .fetch_all(executor)
    .await
    .context("list the data resource catalog")?;
    rows.into_iter().map(ServiceRow::into_service).collect()
}
