//! The hub's index of the e-certificates the nodes issued: metadata and status, no documents.

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::any::AnyRow;
use sqlx::{Any, Executor, Row};

use crate::StoreError;
use crate::error::QueryContext;
use crate::timestamp::{from_millis, to_millis};

const COLUMNS: &str = "id, node_id, name, issuer, issuer_code, holder_subject, holder_name, \
    valid_from, valid_until, seal_serial, metadata_digest, status, status_reason, \
    status_changed_at, revision, issued_at";

const DATE_FORMAT: &str = "%Y-%m-%d";

/// A certificate as the hub indexes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexedCertificate {
    /// 证照标识.
    pub id: String,
    /// The issuing node.
    pub node_id: String,
    /// 证照名称.
    pub name: String,
    /// The issuing department.
    pub issuer: String,
    /// Its credit code.
    pub issuer_code: String,
    /// The holder's subject at the hub.
    pub holder_subject: String,
    /// The holder's name.
    pub holder_name: String,
    /// First day of validity.
    pub valid_from: NaiveDate,
    /// Last day; `None` for no end.
    pub valid_until: Option<NaiveDate>,
    /// Serial of the seal that signed.
    pub seal_serial: String,
    /// SM3 of the canonical metadata, hex.
    pub metadata_digest: String,
    /// `valid`, `revoked` or `cancelled`.
    pub status: String,
    /// The reason for revoking or cancelling it.
    pub status_reason: Option<String>,
    /// When.
    pub status_changed_at: Option<DateTime<Utc>>,
    /// 0 when issued, 1 once ended.
    pub revision: i64,
    /// When the seal signed.
    pub issued_at: DateTime<Utc>,
}

/// Inserts `entry`, or replaces the stored entry with the same id and node when `entry` has a
/// higher revision. Returns whether a row was written.
///
/// # Errors
/// [`StoreError::Query`] when the statement fails.
pub async fn upsert_certificate<'e, E>(
    executor: E,
    entry: &IndexedCertificate,
    now: DateTime<Utc>,
) -> Result<bool, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let result = sqlx::query(
        "INSERT INTO certificate_index (id, node_id, name, issuer, issuer_code, holder_subject, \
             holder_name, valid_from, valid_until, seal_serial, metadata_digest, status, \
             status_reason, status_changed_at, revision, issued_at, indexed_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17) \
         ON CONFLICT (id) DO UPDATE SET status = excluded.status, \
             status_reason = excluded.status_reason, \
             status_changed_at = excluded.status_changed_at, revision = excluded.revision, \
             indexed_at = excluded.indexed_at \
         WHERE certificate_index.revision < excluded.revision \
             AND certificate_index.node_id = excluded.node_id",
    )
    .bind(entry.id.as_str())
    .bind(entry.node_id.as_str())
    .bind(entry.name.as_str())
    .bind(entry.issuer.as_str())
    .bind(entry.issuer_code.as_str())
    .bind(entry.holder_subject.as_str())
    .bind(entry.holder_name.as_str())
    .bind(entry.valid_from.format(DATE_FORMAT).to_string())
    .bind(
        entry
            .valid_until
            .map(|day| day.format(DATE_FORMAT).to_string()),
    )
    .bind(entry.seal_serial.as_str())
    .bind(entry.metadata_digest.as_str())
    .bind(entry.status.as_str())
    .bind(entry.status_reason.as_deref())
    .bind(entry.status_changed_at.map(to_millis))
    .bind(entry.revision)
    .bind(to_millis(entry.issued_at))
    .bind(to_millis(now))
    .execute(executor)
    .await
    .with_context(|| format!("index certificate {} of node {}", entry.id, entry.node_id))?;
    Ok(result.rows_affected() == 1)
}

/// Returns the indexed certificate `id`.
///
/// # Errors
/// [`StoreError::Query`] when the query fails, [`StoreError::InvalidStoredValue`] for a row
/// that cannot be read.
pub async fn find_certificate<'e, E>(
    executor: E,
    id: &str,
) -> Result<Option<IndexedCertificate>, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let sql = format!("SELECT {COLUMNS} FROM certificate_index WHERE id = $1");
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .fetch_optional(executor)
        .await
        .context("look up an indexed certificate")?;
    row.as_ref().map(read).transpose()
}

/// Returns the certificates of `holder_subject` at every node, newest first, at most `limit`.
///
/// # Errors
/// As [`find_certificate`].
pub async fn list_for_holder<'e, E>(
    executor: E,
    holder_subject: &str,
    limit: i64,
) -> Result<Vec<IndexedCertificate>, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let sql = format!(
        "SELECT {COLUMNS} FROM certificate_index WHERE holder_subject = $1 \
         ORDER BY issued_at DESC, id {}",
        crate::limit(limit)
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(holder_subject)
        .fetch_all(executor)
        .await
        .context("list the indexed certificates of a holder")?;
    rows.iter().map(read).collect()
}

fn read(row: &AnyRow) -> Result<IndexedCertificate, StoreError> {
    let context = "read an indexed certificate";
    let date = |column: &'static str, text: String| {
        NaiveDate::parse_from_str(&text, DATE_FORMAT)
            .map_err(|error| StoreError::invalid_stored_value(column, &text, error))
    };
    let valid_until: Option<String> = row.try_get("valid_until").context(context)?;
    let changed_at: Option<i64> = row.try_get("status_changed_at").context(context)?;
    Ok(IndexedCertificate {
        id: row.try_get("id").context(context)?,
        node_id: row.try_get("node_id").context(context)?,
        name: row.try_get("name").context(context)?,
        issuer: row.try_get("issuer").context(context)?,
        issuer_code: row.try_get("issuer_code").context(context)?,
        holder_subject: row.try_get("holder_subject").context(context)?,
        holder_name: row.try_get("holder_name").context(context)?,
        valid_from: date(
            "certificate_index.valid_from",
            row.try_get("valid_from").context(context)?,
        )?,
        valid_until: valid_until
            .map(|text| date("certificate_index.valid_until", text))
            .transpose()?,
        seal_serial: row.try_get("seal_serial").context(context)?,
        metadata_digest: row.try_get("metadata_digest").context(context)?,
        status: row.try_get("status").context(context)?,
        status_reason: row.try_get("status_reason").context(context)?,
        status_changed_at: changed_at
            .map(|millis| from_millis("certificate_index.status_changed_at", millis))
            .transpose()?,
        revision: row.try_get("revision").context(context)?,
        issued_at: from_millis(
            "certificate_index.issued_at",
            row.try_get("issued_at").context(context)?,
        )?,
    })
}
