//! The records of cross-province handling at a node: pieces of forwarded material files at the
//! handling place, and the status of forwarded applications at the receiving place.

use chrono::{DateTime, Utc};
use sqlx::{Any, Executor};

use crate::StoreError;
use crate::error::QueryContext;
use crate::timestamp::to_millis;

/// A piece of a forwarded material file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MaterialPart<'a> {
    /// Node id of the receiving place.
    pub sender: &'a str,
    /// The application's id there.
    pub application_id: &'a str,
    /// The material's index in the application.
    pub material_index: i64,
    /// The piece's position.
    pub part_index: i64,
    /// The bytes.
    pub content: &'a [u8],
}

/// Stores `part`, unless a piece with the same position is stored already. Returns whether it
/// was stored.
///
/// # Errors
/// [`StoreError::Query`] when the statement fails.
pub async fn insert_part<'e, E>(
    executor: E,
    part: &MaterialPart<'_>,
    now: DateTime<Utc>,
) -> Result<bool, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let result = sqlx::query(
        "INSERT INTO incoming_material_parts (sender, application_id, material_index, \
             part_index, content, received_at) VALUES ($1, $2, $3, $4, $5, $6) \
         ON CONFLICT (sender, application_id, material_index, part_index) DO NOTHING",
    )
    .bind(part.sender)
    .bind(part.application_id)
    .bind(part.material_index)
    .bind(part.part_index)
    .bind(part.content)
    .bind(to_millis(now))
    .execute(executor)
    .await
    .with_context(|| {
        format!(
            "store piece {} of material {} of application {} from {}",
            part.part_index, part.material_index, part.application_id, part.sender
        )
    })?;
    Ok(result.rows_affected() == 1)
}

/// Returns the pieces of material `material_index` of application `application_id` from
/// `sender`, in order, with their positions.
///
/// # Errors
/// [`StoreError::Query`] when the query fails.
pub async fn list_parts<'e, E>(
    executor: E,
    sender: &str,
    application_id: &str,
    material_index: i64,
) -> Result<Vec<(i64, Vec<u8>)>, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    sqlx::query_as(
        "SELECT part_index, content FROM incoming_material_parts \
         WHERE sender = $1 AND application_id = $2 AND material_index = $3 \
         ORDER BY part_index",
    )
    .bind(sender)
    .bind(application_id)
    .bind(material_index)
    .fetch_all(executor)
    .await
    .with_context(|| format!("read the material pieces of application {application_id}"))
}

/// Deletes the pieces of application `application_id` from `sender`.
///
/// # Errors
/// [`StoreError::Query`] when the statement fails.
pub async fn delete_parts<'e, E>(
    executor: E,
    sender: &str,
    application_id: &str,
) -> Result<u64, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let result = sqlx::query(
        "DELETE FROM incoming_material_parts WHERE sender = $1 AND application_id = $2",
    )
    .bind(sender)
    .bind(application_id)
    .execute(executor)
    .await
    .with_context(|| format!("delete the material pieces of application {application_id}"))?;
    Ok(result.rows_affected())
}

/// Sets the status and case number that the handling place `handling_place` reported on the
/// forwarded application `id` and raises its version. Returns the new version, or `None`
/// when no application `id` is handled there.
///
/// # Errors
/// [`StoreError::Query`] when the statement fails.
pub async fn set_forwarded_status<'e, E>(
    executor: E,
    id: &str,
    handling_place: &str,
    status: &str,
    case_number: &str,
    now: DateTime<Utc>,
) -> Result<Option<i64>, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let version: Option<(i64,)> = sqlx::query_as(
        "UPDATE cases SET status = $3, case_number = $4, version = version + 1, \
             updated_at = $5 \
         WHERE id = $1 AND handling_place = $2 RETURNING version",
    )
    .bind(id)
    .bind(handling_place)
    .bind(status)
    .bind(case_number)
    .bind(to_millis(now))
    .fetch_optional(executor)
    .await
    .with_context(|| format!("set the status of forwarded application {id}"))?;
    Ok(version.map(|(version,)| version))
}
