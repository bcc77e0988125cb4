//! Records of the files handed in for a case. The bytes are in the object store.

use chrono::{DateTime, Utc};
use sqlx::any::{AnyArguments, AnyRow};
use sqlx::query::Query;
use sqlx::{Any, Executor, Row};

use crate::StoreError;
use crate::error::QueryContext;
use crate::timestamp::{from_millis, to_millis};

/// A file handed in for a case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseMaterial {
    /// Random id.
    pub id: String,
    /// The case.
    pub case_id: String,
    /// The material's name as the service guide lists it.
    pub material_name: String,
    /// The file name the uploader gave.
    pub file_name: String,
    /// The type detected from the content, such as `application/pdf`.
    pub content_type: String,
    /// Size in bytes.
    pub size_bytes: u64,
    /// SM3 digest of the content, 64 lowercase hex digits.
    pub sm3: String,
    /// Key of the bytes in the object store.
    pub object_key: String,
    /// When it was uploaded.
    pub uploaded_at: DateTime<Utc>,
    /// The uploader's subject at the hub.
    pub uploaded_by: String,
}

const COLUMNS: &str = "id, case_id, material_name, file_name, content_type, size_bytes, sm3, \
    object_key, uploaded_at, uploaded_by";

/// Inserts `material`.
///
/// # Errors
/// [`StoreError::InvalidInput`] for a size beyond `i64::MAX`, [`StoreError::Query`] when the
/// insert fails.
pub async fn insert_material<'e, E>(executor: E, material: &CaseMaterial) -> Result<(), StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let size = stored_size(material)?;
    let sql = format!(
        "INSERT INTO case_materials ({COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)"
    );
    bind_material(sqlx::query(sqlx::AssertSqlSafe(sql)), material, size)
        .execute(executor)
        .await
        .with_context(|| {
            format!(
                "store material {} of case {}",
                material.id, material.case_id
            )
        })?;
    Ok(())
}

/// Rows per statement of [`insert_materials`], 10 parameters each.
const MATERIALS_PER_INSERT: usize = 16;

/// Inserts `materials` as [`insert_material`] does, with multi-row inserts on `connection`.
///
/// # Errors
/// As [`insert_material`]; a size beyond `i64::MAX` is found before anything is inserted.
pub async fn insert_materials(
    connection: &mut sqlx::AnyConnection,
    materials: &[&CaseMaterial],
) -> Result<(), StoreError> {
    let sizes = materials
        .iter()
        .map(|material| stored_size(material))
        .collect::<Result<Vec<i64>, StoreError>>()?;

    for (chunk, chunk_sizes) in materials
        .chunks(MATERIALS_PER_INSERT)
        .zip(sizes.chunks(MATERIALS_PER_INSERT))
    {
        let mut sql = format!("INSERT INTO case_materials ({COLUMNS}) VALUES ");
        crate::value_rows::push_value_rows(&mut sql, chunk.len(), 10);
        let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
        for (material, size) in chunk.iter().zip(chunk_sizes) {
            query = bind_material(query, material, *size);
        }
        query
            .execute(&mut *connection)
            .await
            .with_context(|| format!("store {} materials of a case", chunk.len()))?;
    }
    Ok(())
}

/// Returns the size of `material` as stored, a signed 64-bit number.
fn stored_size(material: &CaseMaterial) -> Result<i64, StoreError> {
    i64::try_from(material.size_bytes)
        .map_err(|error| StoreError::invalid_input("size_bytes", material.size_bytes, error))
}

/// Binds the values of `material` to `query` in the order of [`COLUMNS`], with its `size`
/// from [`stored_size`].
fn bind_material<'q>(
    query: Query<'q, Any, AnyArguments>,
    material: &'q CaseMaterial,
    size: i64,
) -> Query<'q, Any, AnyArguments> {
    query
        .bind(material.id.as_str())
        .bind(material.case_id.as_str())
        .bind(material.material_name.as_str())
        .bind(material.file_name.as_str())
        .bind(material.content_type.as_str())
        .bind(size)
        .bind(material.sm3.as_str())
        .bind(material.object_key.as_str())
        .bind(to_millis(material.uploaded_at))
        .bind(material.uploaded_by.as_str())
}

/// Deletes material `id` of case `case_id` and returns whether it existed.
///
/// # Errors
/// [`StoreError::Query`] when the delete fails.
pub async fn delete_material<'e, E>(
    executor: E,
    case_id: &str,
    id: &str,
) -> Result<bool, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let result = sqlx::query("DELETE FROM case_materials WHERE case_id = $1 AND id = $2")
        .bind(case_id)
        .bind(id)
        .execute(executor)
        .await
        .with_context(|| format!("delete material {id} of case {case_id}"))?;
    Ok(result.rows_affected() == 1)
}

/// Returns material `id` of case `case_id`.
///
/// # Errors
/// [`StoreError::Query`] when the query fails, [`StoreError::InvalidStoredValue`] for a row
/// that cannot be read.
pub async fn find_material<'e, E>(
    executor: E,
    case_id: &str,
    id: &str,
) -> Result<Option<CaseMaterial>, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let sql = format!("SELECT {COLUMNS} FROM case_materials WHERE case_id = $1 AND id = $2");
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(case_id)
        .bind(id)
        .fetch_optional(executor)
        .await
        .with_context(|| format!("look up material {id} of case {case_id}"))?;
    row.as_ref().map(material_from_row).transpose()
}

/// Returns the materials of case `case_id` in upload order.
///
/// # Errors
/// As [`find_material`].
pub async fn list_materials<'e, E>(
    executor: E,
    case_id: &str,
) -> Result<Vec<CaseMaterial>, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let sql =
        format!("SELECT {COLUMNS} FROM case_materials WHERE case_id = $1 ORDER BY uploaded_at, id");
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(case_id)
        .fetch_all(executor)
        .await
        .with_context(|| format!("list the materials of case {case_id}"))?;
    rows.iter().map(material_from_row).collect()
}

fn material_from_row(row: &AnyRow) -> Result<CaseMaterial, StoreError> {
    let read = || -> Result<_, sqlx::Error> {
        Ok((
            row.try_get::<String, _>("id")?,
            row.try_get::<String, _>("case_id")?,
            row.try_get::<String, _>("material_name")?,
            row.try_get::<String, _>("file_name")?,
            row.try_get::<String, _>("content_type")?,
            row.try_get::<i64, _>("size_bytes")?,
            row.try_get::<String, _>("sm3")?,
            row.try_get::<String, _>("object_key")?,
            row.try_get::<i64, _>("uploaded_at")?,
            row.try_get::<String, _>("uploaded_by")?,
        ))
    };
    let (id, case_id, material_name, file_name, content_type, size, sm3, key, at, by) =
        read().context("read a case material")?;
    Ok(CaseMaterial {
        id,
        case_id,
        material_name,
        file_name,
        content_type,
        size_bytes: u64::try_from(size).map_err(|error| {
            StoreError::invalid_stored_value("case_materials.size_bytes", size, error)
        })?,
        sm3,
        object_key: key,
        uploaded_at: from_millis("case_materials.uploaded_at", at)?,
        uploaded_by: by,
    })
}
