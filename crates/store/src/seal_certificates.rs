//! The e-seal certificates the hub issued, and their revocations.

use chrono::{DateTime, Utc};
use sqlx::any::AnyRow;
use sqlx::{Any, Executor, Row};

use crate::StoreError;
use crate::error::QueryContext;
use crate::timestamp::{from_millis, to_millis};

const COLUMNS: &str = "serial, node_id, department, department_code, seal_name, key_id, \
    public_key, valid_from, valid_until, issued_at, document, revoked_at, revocation_reason, \
    revoked_by";

/// A seal certificate as the hub keeps it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredSealCertificate {
    /// Serial of the seal.
    pub serial: String,
    /// The node of the department.
    pub node_id: String,
    /// Name of the department.
    pub department: String,
    /// Its unified social credit code.
    pub department_code: String,
    /// Name of the seal.
    pub seal_name: String,
    /// Id of the seal's key.
    pub key_id: String,
    /// The key, SEC1 uncompressed hex.
    pub public_key: String,
    /// From when the seal may sign.
    pub valid_from: DateTime<Utc>,
    /// Until when it may sign.
    pub valid_until: DateTime<Utc>,
    /// When the hub signed the certificate.
    pub issued_at: DateTime<Utc>,
    /// The signed certificate, JSON.
    pub document: String,
    /// The revocation, if the seal was revoked.
    pub revocation: Option<SealRevocation>,
}

/// The revocation of a seal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SealRevocation {
    /// When.
    pub revoked_at: DateTime<Utc>,
    /// Why.
    pub reason: String,
    /// Who.
    pub revoked_by: String,
}

/// Stores a new certificate.
///
/// # Errors
/// [`StoreError::Query`] when the statement fails, such as for a key or serial stored before.
pub async fn insert_seal_certificate<'e, E>(
    executor: E,
    seal: &StoredSealCertificate,
) -> Result<(), StoreError>
where
    E: Executor<'e, Database = Any>,
{
    sqlx::query(
        "INSERT INTO seal_certificates (serial, node_id, department, department_code, \
             seal_name, key_id, public_key, valid_from, valid_until, issued_at, document) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
    )
    .bind(seal.serial.as_str())
    .bind(seal.node_id.as_str())
    .bind(seal.department.as_str())
    .bind(seal.department_code.as_str())
    .bind(seal.seal_name.as_str())
    .bind(seal.key_id.as_str())
    .bind(seal.public_key.as_str())
    .bind(to_millis(seal.valid_from))
    .bind(to_millis(seal.valid_until))
    .bind(to_millis(seal.issued_at))
    .bind(seal.document.as_str())
    .execute(executor)
    .await
    .with_context(|| format!("store seal certificate {}", seal.serial))?;
    Ok(())
}

/// Records the revocation of seal `serial` unless it was revoked before; returns whether it
/// did.
///
/// # Errors
/// [`StoreError::Query`] when the statement fails.
pub async fn revoke_seal_certificate<'e, E>(
    executor: E,
    serial: &str,
    revocation: &SealRevocation,
) -> Result<bool, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let result = sqlx::query(
        "UPDATE seal_certificates SET revoked_at = $1, revocation_reason = $2, revoked_by = $3 \
         WHERE serial = $4 AND revoked_at IS NULL",
    )
    .bind(to_millis(revocation.revoked_at))
    .bind(revocation.reason.as_str())
    .bind(revocation.revoked_by.as_str())
    .bind(serial)
    .execute(executor)
    .await
    .with_context(|| format!("revoke seal {serial}"))?;
    Ok(result.rows_affected() == 1)
}

/// Returns the certificate with serial `serial`.
///
/// # Errors
/// [`StoreError::Query`] when the query fails, [`StoreError::InvalidStoredValue`] for a row
/// that cannot be read.
pub async fn find_by_serial<'e, E>(
    executor: E,
    serial: &str,
) -> Result<Option<StoredSealCertificate>, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let sql = format!("SELECT {COLUMNS} FROM seal_certificates WHERE serial = $1");
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(serial)
        .fetch_optional(executor)
        .await
        .context("look up a seal certificate")?;
    row.as_ref().map(read).transpose()
}

/// Returns the certificate of the key `key_id`.
///
/// # Errors
/// As [`find_by_serial`].
pub async fn find_by_key<'e, E>(
    executor: E,
    key_id: &str,
) -> Result<Option<StoredSealCertificate>, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let sql = format!("SELECT {COLUMNS} FROM seal_certificates WHERE key_id = $1");
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(key_id)
        .fetch_optional(executor)
        .await
        .context("look up a seal certificate by key")?;
    row.as_ref().map(read).transpose()
}

/// Returns every certificate, ordered by serial.
///
/// # Errors
/// As [`find_by_serial`].
pub async fn list_seal_certificates<'e, E>(
    executor: E,
) -> Result<Vec<StoredSealCertificate>, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let sql = format!("SELECT {COLUMNS} FROM seal_certificates ORDER BY serial");
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .fetch_all(executor)
        .await
        .context("list seal certificates")?;
    rows.iter().map(read).collect()
}

fn read(row: &AnyRow) -> Result<StoredSealCertificate, StoreError> {
    let context = "read a seal certificate";
    let time = |column: &'static str| -> Result<DateTime<Utc>, StoreError> {
        from_millis(column, row.try_get(column).context(context)?)
    };
    let revoked_at: Option<i64> = row.try_get("revoked_at").context(context)?;
    let revocation = match revoked_at {
        Some(millis) => Some(SealRevocation {
            revoked_at: from_millis("seal_certificates.revoked_at", millis)?,
            reason: row
                .try_get::<Option<String>, _>("revocation_reason")
                .context(context)?
                .unwrap_or_default(),
            revoked_by: row
                .try_get::<Option<String>, _>("revoked_by")
                .context(context)?
                .unwrap_or_default(),
        }),
        None => None,
    };
    Ok(StoredSealCertificate {
        serial: row.try_get("serial").context(context)?,
        node_id: row.try_get("node_id").context(context)?,
        department: row.try_get("department").context(context)?,
        department_code: row.try_get("department_code").context(context)?,
        seal_name: row.try_get("seal_name").context(context)?,
        key_id: row.try_get("key_id").context(context)?,
        public_key: row.try_get("public_key").context(context)?,
        valid_from: time("valid_from")?,
        valid_until: time("valid_until")?,
        issued_at: time("issued_at")?,
        document: row.try_get("document").context(context)?,
        revocation,
    })
}
