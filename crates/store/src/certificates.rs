//! The e-certificates a node issued, with the status its clerks set.

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::any::AnyRow;
use sqlx::{Any, Executor, Row};

use crate::StoreError;
use crate::error::QueryContext;
use crate::timestamp::{from_millis, to_millis};

const COLUMNS: &str = "id, case_id, implementation_id, department, department_code, type_code, \
    name, holder_id_type, holder_id, holder_name, valid_from, valid_until, seal_serial, \
    document, qr_payload, status, status_reason, status_changed_by, status_changed_at, issued_at";

const DATE_FORMAT: &str = "%Y-%m-%d";

/// The status the issuer gives a certificate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CertificateStatus {
    /// In force, as far as the issuer is concerned.
    Valid,
    /// Revoked (吊销), as a sanction.
    Revoked,
    /// Cancelled (注销), such as on the holder's request or when its basis ended.
    Cancelled,
}

impl CertificateStatus {
    /// Returns `valid`, `revoked` or `cancelled`.
    pub fn as_str(self) -> &'static str {
        match self {
            CertificateStatus::Valid => "valid",
            CertificateStatus::Revoked => "revoked",
            CertificateStatus::Cancelled => "cancelled",
        }
    }

    /// Reads the stored text.
    pub fn parse(text: &str) -> Option<CertificateStatus> {
        match text {
            "valid" => Some(CertificateStatus::Valid),
            "revoked" => Some(CertificateStatus::Revoked),
            "cancelled" => Some(CertificateStatus::Cancelled),
            _ => None,
        }
    }
}

/// A certificate as the node keeps it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredCertificate {
    /// 证照标识.
    pub id: String,
    /// The approved case.
    pub case_id: String,
    /// Its implementation.
    pub implementation_id: String,
    /// The issuing department.
    pub department: String,
    /// Its credit code.
    pub department_code: String,
    /// 证照类型代码.
    pub type_code: String,
    /// 证照名称.
    pub name: String,
    /// `resident_id` or `credit_code`.
    pub holder_id_type: String,
    /// The holder's number.
    pub holder_id: String,
    /// The holder's name.
    pub holder_name: String,
    /// First day of validity.
    pub valid_from: NaiveDate,
    /// Last day of validity; `None` for no end.
    pub valid_until: Option<NaiveDate>,
    /// Serial of the seal that signed.
    pub seal_serial: String,
    /// The signed certificate document, JSON.
    pub document: String,
    /// The signed QR payload.
    pub qr_payload: String,
    /// The issuer's status.
    pub status: CertificateStatus,
    /// Why it was last changed.
    pub status_reason: Option<String>,
    /// Who changed it.
    pub status_changed_by: Option<String>,
    /// When.
    pub status_changed_at: Option<DateTime<Utc>>,
    /// When the seal signed it.
    pub issued_at: DateTime<Utc>,
}

/// Stores a new certificate.
///
/// # Errors
/// [`StoreError::Query`] when the statement fails, such as for a case that has one already.
pub async fn insert_certificate<'e, E>(
    executor: E,
    certificate: &StoredCertificate,
) -> Result<(), StoreError>
where
    E: Executor<'e, Database = Any>,
{
    sqlx::query(
        "INSERT INTO certificates (id, case_id, implementation_id, department, department_code, \
             type_code, name, holder_id_type, holder_id, holder_name, valid_from, valid_until, \
             seal_serial, document, qr_payload, status, status_reason, status_changed_by, \
             status_changed_at, issued_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, \
             $18, $19, $20)",
    )
    .bind(certificate.id.as_str())
    .bind(certificate.case_id.as_str())
    .bind(certificate.implementation_id.as_str())
    .bind(certificate.department.as_str())
    .bind(certificate.department_code.as_str())
    .bind(certificate.type_code.as_str())
    .bind(certificate.name.as_str())
    .bind(certificate.holder_id_type.as_str())
    .bind(certificate.holder_id.as_str())
    .bind(certificate.holder_name.as_str())
    .bind(certificate.valid_from.format(DATE_FORMAT).to_string())
    .bind(
        certificate
            .valid_until
            .map(|date| date.format(DATE_FORMAT).to_string()),
    )
    .bind(certificate.seal_serial.as_str())
    .bind(certificate.document.as_str())
    .bind(certificate.qr_payload.as_str())
    .bind(certificate.status.as_str())
    .bind(certificate.status_reason.as_deref())
    .bind(certificate.status_changed_by.as_deref())
    .bind(certificate.status_changed_at.map(to_millis))
    .bind(to_millis(certificate.issued_at))
    .execute(executor)
    .await
    .with_context(|| format!("store certificate {}", certificate.id))?;
    Ok(())
}

/// Sets the status of certificate `id` if it is still `valid`; returns whether it changed.
///
/// # Errors
/// [`StoreError::Query`] when the statement fails.
pub async fn end_certificate<'e, E>(
    executor: E,
    id: &str,
    status: CertificateStatus,
    reason: &str,
    actor: &str,
    at: DateTime<Utc>,
) -> Result<bool, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let result = sqlx::query(
        "UPDATE certificates SET status = $1, status_reason = $2, status_changed_by = $3, \
             status_changed_at = $4 \
         WHERE id = $5 AND status = 'valid'",
    )
    .bind(status.as_str())
    .bind(reason)
    .bind(actor)
    .bind(to_millis(at))
    .bind(id)
    .execute(executor)
    .await
    .with_context(|| format!("end certificate {id}"))?;
    Ok(result.rows_affected() == 1)
}

/// Returns certificate `id`.
///
/// # Errors
/// [`StoreError::Query`] when the query fails, [`StoreError::InvalidStoredValue`] for a row
/// that cannot be read.
pub async fn find_certificate<'e, E>(
    executor: E,
    id: &str,
) -> Result<Option<StoredCertificate>, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let sql = format!("SELECT {COLUMNS} FROM certificates WHERE id = $1");
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .fetch_optional(executor)
        .await
        .context("look up a certificate")?;
    row.as_ref().map(read).transpose()
}

/// Returns the certificate issued for case `case_id`.
///
/// # Errors
/// As [`find_certificate`].
pub async fn find_by_case<'e, E>(
    executor: E,
    case_id: &str,
) -> Result<Option<StoredCertificate>, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let sql = format!("SELECT {COLUMNS} FROM certificates WHERE case_id = $1");
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(case_id)
        .fetch_optional(executor)
        .await
        .context("look up the certificate of a case")?;
    row.as_ref().map(read).transpose()
}

/// Returns the certificates of the holder with `holder_id_type` and `holder_id`, newest first,
/// at most `limit`.
///
/// # Errors
/// As [`find_certificate`].
pub async fn list_by_holder<'e, E>(
    executor: E,
    holder_id_type: &str,
    holder_id: &str,
    limit: u32,
) -> Result<Vec<StoredCertificate>, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let sql = format!(
        "SELECT {COLUMNS} FROM certificates WHERE holder_id_type = $1 AND holder_id = $2 \
         ORDER BY issued_at DESC, id {}",
        crate::limit(limit)
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(holder_id_type)
        .bind(holder_id)
        .fetch_all(executor)
        .await
        .context("list the certificates of a holder")?;
    rows.iter().map(read).collect()
}

/// Returns the certificates issued by `department`, or by every department when it is
/// `None`, newest first, at most `limit`.
///
/// # Errors
/// As [`find_certificate`].
pub async fn list_by_department<'e, E>(
    executor: E,
    department: Option<&str>,
    limit: u32,
) -> Result<Vec<StoredCertificate>, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let sql = format!(
        "SELECT {COLUMNS} FROM certificates WHERE ($1 IS NULL OR department = $1) \
         ORDER BY issued_at DESC, id {}",
        crate::limit(limit)
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(department)
        .fetch_all(executor)
        .await
        .context("list the certificates of a department")?;
    rows.iter().map(read).collect()
}

fn read(row: &AnyRow) -> Result<StoredCertificate, StoreError> {
    let context = "read a certificate";
    let date = |column: &'static str, text: String| {
        NaiveDate::parse_from_str(&text, DATE_FORMAT)
            .map_err(|error| StoreError::invalid_stored_value(column, &text, error))
    };
    let status_text: String = row.try_get("status").context(context)?;
    let status = CertificateStatus::parse(&status_text).ok_or_else(|| {
        StoreError::invalid_stored_value("certificates.status", &status_text, "unknown status")
    })?;
    let valid_until: Option<String> = row.try_get("valid_until").context(context)?;
    let changed_at: Option<i64> = row.try_get("status_changed_at").context(context)?;
    Ok(StoredCertificate {
        id: row.try_get("id").context(context)?,
        case_id: row.try_get("case_id").context(context)?,
        implementation_id: row.try_get("implementation_id").context(context)?,
        department: row.try_get("department").context(context)?,
        department_code: row.try_get("department_code").context(context)?,
        type_code: row.try_get("type_code").context(context)?,
        name: row.try_get("name").context(context)?,
        holder_id_type: row.try_get("holder_id_type").context(context)?,
        holder_id: row.try_get("holder_id").context(context)?,
        holder_name: row.try_get("holder_name").context(context)?,
        valid_from: date(
            "certificates.valid_from",
            row.try_get("valid_from").context(context)?,
        )?,
        valid_until: valid_until
            .map(|text| date("certificates.valid_until", text))
            .transpose()?,
        seal_serial: row.try_get("seal_serial").context(context)?,
        document: row.try_get("document").context(context)?,
        qr_payload: row.try_get("qr_payload").context(context)?,
        status,
        status_reason: row.try_get("status_reason").context(context)?,
        status_changed_by: row.try_get("status_changed_by").context(context)?,
        status_changed_at: changed_at
            .map(|millis| from_millis("certificates.status_changed_at", millis))
            .transpose()?,
        issued_at: from_millis(
            "certificates.issued_at",
            row.try_get("issued_at").context(context)?,
        )?,
    })
}
