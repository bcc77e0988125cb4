//! A node's implementation list.

use chrono::{DateTime, Utc};
use sqlx::any::AnyRow;
use sqlx::{Any, Executor, Row};
use tongban_domain::implementation::Implementation;

use crate::change_stamp::read_stamp;
use crate::error::QueryContext;
use crate::timestamp::to_millis;
use crate::{ChangeStamp, StoreError};

const COLUMNS: &str = "id, source, record_id, department, department_code, statutory_days, \
    promised_days, yellow_days, form, max_material_bytes, certificate, handled_at, \
    material_proofs";

/// Stores `implementation` as active, replacing an entry with the same id.
///
/// # Errors
/// [`StoreError::InvalidInput`] when a number does not fit a column, [`StoreError::Query`]
/// when the statement fails.
pub async fn upsert_implementation<'e, E>(
    executor: E,
    implementation: &Implementation,
    now: DateTime<Utc>,
) -> Result<(), StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let id = implementation.id.as_str();
    let form = serde_json::to_string(&implementation.form)
        .map_err(|error| StoreError::invalid_input("form", id, error))?;
    let certificate = implementation
        .certificate
        .as_ref()
        .map(serde_json::to_string)
        .transpose()
        .map_err(|error| StoreError::invalid_input("certificate", id, error))?;
    let handled_at = implementation
        .handled_at
        .as_ref()
        .map(serde_json::to_string)
        .transpose()
        .map_err(|error| StoreError::invalid_input("handled_at", id, error))?;
    let material_proofs = serde_json::to_string(&implementation.material_proofs)
        .map_err(|error| StoreError::invalid_input("material_proofs", id, error))?;
    let max_bytes = i64::try_from(implementation.max_material_bytes)
        .map_err(|error| StoreError::invalid_input("max_material_bytes", id, error))?;
    let days = |value: Option<u32>| value.map(i64::from);
    sqlx::query(
        "INSERT INTO implementations (id, source, record_id, department, department_code, \
             statutory_days, promised_days, yellow_days, form, max_material_bytes, certificate, \
             handled_at, material_proofs, status, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $12, $13, $14, 'active', $11, $11) \
         ON CONFLICT (id) DO UPDATE SET source = excluded.source, record_id = excluded.record_id, \
             department = excluded.department, department_code = excluded.department_code, \
             statutory_days = excluded.statutory_days, promised_days = excluded.promised_days, \
             yellow_days = excluded.yellow_days, form = excluded.form, \
             max_material_bytes = excluded.max_material_bytes, \
             certificate = excluded.certificate, handled_at = excluded.handled_at, \
             material_proofs = excluded.material_proofs, status = 'active', \
             updated_at = excluded.updated_at",
    )
    .bind(id)
    .bind(implementation.source.as_str())
    .bind(implementation.record_id.as_str())
    .bind(implementation.department.as_str())
    .bind(implementation.department_code.as_deref())
    .bind(days(implementation.statutory_days))
    .bind(days(implementation.promised_days))
    .bind(i64::from(implementation.yellow_days))
    .bind(form)
    .bind(max_bytes)
    .bind(to_millis(now))
    .bind(certificate)
    .bind(handled_at)
    .bind(material_proofs)
    .execute(executor)
    .await
    .with_context(|| format!("store implementation {id}"))?;
    Ok(())
}

/// Returns the active entry `id`.
///
/// # Errors
/// [`StoreError::Query`] when the query fails, [`StoreError::InvalidStoredValue`] for a row
/// that cannot be read.
pub async fn find_implementation<'e, E>(
    executor: E,
    id: &str,
) -> Result<Option<Implementation>, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let sql = format!("SELECT {COLUMNS} FROM implementations WHERE id = $1 AND status = 'active'");
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .fetch_optional(executor)
        .await
        .context("look up an implementation")?;
    row.map(|row| read(&row)).transpose()
}

/// Returns every active entry, ordered by id.
///
/// # Errors
/// As [`find_implementation`].
pub async fn list_implementations<'e, E>(executor: E) -> Result<Vec<Implementation>, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let sql = format!("SELECT {COLUMNS} FROM implementations WHERE status = 'active' ORDER BY id");
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .fetch_all(executor)
        .await
        .context("list implementations")?;
    rows.iter().map(read).collect()
}

/// Returns the change stamp of the implementation list: the active entries and the latest
/// change of any entry, so that withdrawing one moves it too.
///
/// # Errors
/// [`StoreError::Query`] when the query fails.
pub async fn implementations_stamp<'e, E>(executor: E) -> Result<ChangeStamp, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    read_stamp(
        executor,
        "SELECT (SELECT COUNT(*) FROM implementations WHERE status = 'active') AS row_count, \
             (SELECT MAX(updated_at) FROM implementations) AS last_change",
        "read the change stamp of the implementation list",
    )
    .await
}

fn read(row: &AnyRow) -> Result<Implementation, StoreError> {
    let text = |column: &'static str| -> Result<String, StoreError> {
        row.try_get::<String, _>(column)
            .context("read an implementation")
    };
    let days = |column: &'static str| -> Result<Option<u32>, StoreError> {
        let value: Option<i64> = row.try_get(column).context("read an implementation")?;
        value
            .map(|days| {
                u32::try_from(days)
                    .map_err(|error| StoreError::invalid_stored_value(column, days, error))
            })
            .transpose()
    };
    let form_text = text("form")?;
    let form = serde_json::from_str(&form_text).map_err(|error| {
        StoreError::invalid_stored_value("implementations.form", form_text, error)
    })?;
    let certificate_text: Option<String> = row
        .try_get("certificate")
        .context("read an implementation")?;
    let certificate = certificate_text
        .map(|text| {
            serde_json::from_str(&text).map_err(|error| {
                StoreError::invalid_stored_value("implementations.certificate", text, error)
            })
        })
        .transpose()?;
    let handled_at_text: Option<String> = row
        .try_get("handled_at")
        .context("read an implementation")?;
    let handled_at = handled_at_text
        .map(|text| {
            serde_json::from_str(&text).map_err(|error| {
                StoreError::invalid_stored_value("implementations.handled_at", text, error)
            })
        })
        .transpose()?;
    let proofs_text: Option<String> = row
        .try_get("material_proofs")
        .context("read an implementation")?;
    let material_proofs = proofs_text
        .map(|text| {
            serde_json::from_str(&text).map_err(|error| {
                StoreError::invalid_stored_value("implementations.material_proofs", text, error)
            })
        })
        .transpose()?
        .unwrap_or_default();
    let max_bytes: i64 = row
        .try_get("max_material_bytes")
        .context("read an implementation")?;
    Ok(Implementation {
        id: text("id")?,
        source: text("source")?,
        record_id: text("record_id")?,
        department: text("department")?,
        department_code: row
            .try_get("department_code")
            .context("read an implementation")?,
        statutory_days: days("statutory_days")?,
        promised_days: days("promised_days")?,
        yellow_days: days("yellow_days")?
            .unwrap_or(tongban_domain::implementation::DEFAULT_YELLOW_DAYS),
        form,
        max_material_bytes: u64::try_from(max_bytes).map_err(|error| {
            StoreError::invalid_stored_value("max_material_bytes", max_bytes, error)
        })?,
        certificate,
        handled_at,
        material_proofs,
    })
}
