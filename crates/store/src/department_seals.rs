//! A node's e-seals: one per department, with the certificate the hub issued for it.

use chrono::{DateTime, Utc};
use sqlx::any::AnyRow;
use sqlx::{Any, Executor, Row};

use crate::StoreError;
use crate::error::QueryContext;
use crate::timestamp::{from_millis, to_millis};

const COLUMNS: &str = "department_code, department, seal_name, key_id, public_key, serial, \
    certificate, valid_from, valid_until, created_at, certified_at";

/// A department's seal at its node.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DepartmentSeal {
    /// Unified social credit code of the department.
    pub department_code: String,
    /// Name of the department.
    pub department: String,
    /// Name of the seal.
    pub seal_name: String,
    /// Id of the seal's public key.
    pub key_id: String,
    /// The public key, SEC1 uncompressed hex.
    pub public_key: String,
    /// What the hub certified, once it did.
    pub certified: Option<CertifiedSeal>,
    /// When the key was created.
    pub created_at: DateTime<Utc>,
}

/// The hub's certificate of a seal, as the node keeps it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CertifiedSeal {
    /// Serial the hub gave.
    pub serial: String,
    /// The signed certificate, JSON.
    pub certificate: String,
    /// From when the seal may sign.
    pub valid_from: DateTime<Utc>,
    /// Until when it may sign.
    pub valid_until: DateTime<Utc>,
    /// When the node stored the certificate.
    pub certified_at: DateTime<Utc>,
}

/// Stores `seal` as waiting for its certificate, replacing the row of its department when the
/// key changed; a row with the same key is left as it is. Returns whether it wrote.
///
/// # Errors
/// [`StoreError::Query`] when the statement fails.
pub async fn save_uncertified_seal<'e, E>(
    executor: E,
    seal: &DepartmentSeal,
) -> Result<bool, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let result = sqlx::query(
        "INSERT INTO department_seals (department_code, department, seal_name, key_id, \
             public_key, created_at) VALUES ($1, $2, $3, $4, $5, $6) \
         ON CONFLICT (department_code) DO UPDATE SET department = excluded.department, \
             seal_name = excluded.seal_name, key_id = excluded.key_id, \
             public_key = excluded.public_key, created_at = excluded.created_at, \
             serial = NULL, certificate = NULL, valid_from = NULL, valid_until = NULL, \
             certified_at = NULL \
         WHERE department_seals.key_id <> excluded.key_id \
             OR department_seals.seal_name <> excluded.seal_name \
             OR department_seals.department <> excluded.department",
    )
    .bind(seal.department_code.as_str())
    .bind(seal.department.as_str())
    .bind(seal.seal_name.as_str())
    .bind(seal.key_id.as_str())
    .bind(seal.public_key.as_str())
    .bind(to_millis(seal.created_at))
    .execute(executor)
    .await
    .with_context(|| format!("store the seal of {}", seal.department_code))?;
    Ok(result.rows_affected() == 1)
}

/// Records the hub's certificate of the seal of `department_code` with key `key_id`. Returns
/// whether a row had that key.
///
/// # Errors
/// [`StoreError::Query`] when the statement fails.
pub async fn save_certificate<'e, E>(
    executor: E,
    department_code: &str,
    key_id: &str,
    certified: &CertifiedSeal,
) -> Result<bool, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let result = sqlx::query(
        "UPDATE department_seals SET serial = $1, certificate = $2, valid_from = $3, \
             valid_until = $4, certified_at = $5 \
         WHERE department_code = $6 AND key_id = $7",
    )
    .bind(certified.serial.as_str())
    .bind(certified.certificate.as_str())
    .bind(to_millis(certified.valid_from))
    .bind(to_millis(certified.valid_until))
    .bind(to_millis(certified.certified_at))
    .bind(department_code)
    .bind(key_id)
    .execute(executor)
    .await
    .with_context(|| format!("store the seal certificate of {department_code}"))?;
    Ok(result.rows_affected() == 1)
}

/// Returns the seal of department `department_code`.
///
/// # Errors
/// [`StoreError::Query`] when the query fails, [`StoreError::InvalidStoredValue`] for a row
/// that cannot be read.
pub async fn find_seal<'e, E>(
    executor: E,
    department_code: &str,
) -> Result<Option<DepartmentSeal>, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let sql = format!("SELECT {COLUMNS} FROM department_seals WHERE department_code = $1");
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(department_code)
        .fetch_optional(executor)
        .await
        .context("look up a department seal")?;
    row.as_ref().map(read).transpose()
}

/// Returns every seal, ordered by department code.
///
/// # Errors
/// As [`find_seal`].
pub async fn list_seals<'e, E>(executor: E) -> Result<Vec<DepartmentSeal>, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let sql = format!("SELECT {COLUMNS} FROM department_seals ORDER BY department_code");
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .fetch_all(executor)
        .await
        .context("list department seals")?;
    rows.iter().map(read).collect()
}

fn read(row: &AnyRow) -> Result<DepartmentSeal, StoreError> {
    let context = "read a department seal";
    let time = |column: &'static str| -> Result<Option<DateTime<Utc>>, StoreError> {
        let millis: Option<i64> = row.try_get(column).context(context)?;
        millis.map(|millis| from_millis(column, millis)).transpose()
    };
    let serial: Option<String> = row.try_get("serial").context(context)?;
    let certificate: Option<String> = row.try_get("certificate").context(context)?;
    let certified = match (
        serial,
        certificate,
        time("valid_from")?,
        time("valid_until")?,
        time("certified_at")?,
    ) {
        (
            Some(serial),
            Some(certificate),
            Some(valid_from),
            Some(valid_until),
            Some(certified_at),
        ) => Some(CertifiedSeal {
            serial,
            certificate,
            valid_from,
            valid_until,
            certified_at,
        }),
        _ => None,
    };
    Ok(DepartmentSeal {
        department_code: row.try_get("department_code").context(context)?,
        department: row.try_get("department").context(context)?,
        seal_name: row.try_get("seal_name").context(context)?,
        key_id: row.try_get("key_id").context(context)?,
        public_key: row.try_get("public_key").context(context)?,
        certified,
        created_at: from_millis(
            "department_seals.created_at",
            row.try_get("created_at").context(context)?,
        )?,
    })
}
