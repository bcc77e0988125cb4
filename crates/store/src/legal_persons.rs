//! Legal persons and the mandates that let natural persons act for them as agents.

use chrono::{DateTime, Utc};
use sqlx::any::AnyRow;
use sqlx::{Any, Executor, Row};

use crate::StoreError;
use crate::error::QueryContext;
use crate::timestamp::{from_millis, to_millis};

/// A legal person as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredLegalPerson {
    /// Unified social credit code.
    pub credit_code: String,
    /// Registered name.
    pub name: String,
    /// The account that registered it.
    pub registered_by: String,
    /// When it was registered.
    pub registered_at: DateTime<Utc>,
}

/// A mandate in force, with the name of its legal person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MandateInForce {
    /// The agent's account.
    pub account_id: String,
    /// The legal person's credit code.
    pub credit_code: String,
    /// The legal person's name.
    pub legal_person_name: String,
    /// When the mandate was granted.
    pub granted_at: DateTime<Utc>,
    /// The actor who granted it, such as `account:<id>`.
    pub granted_by: String,
}

/// Inserts `legal_person`.
///
/// # Errors
/// [`StoreError::Query`] when the insert fails; [`StoreError::is_unique_violation`] returns
/// true when the credit code is registered already.
pub async fn insert_legal_person<'e, E>(
    executor: E,
    legal_person: &StoredLegalPerson,
) -> Result<(), StoreError>
where
    E: Executor<'e, Database = Any>,
{
    sqlx::query(
        "INSERT INTO legal_persons (credit_code, name, registered_by, registered_at) \
         VALUES ($1, $2, $3, $4)",
    )
    .bind(legal_person.credit_code.as_str())
    .bind(legal_person.name.as_str())
    .bind(legal_person.registered_by.as_str())
    .bind(to_millis(legal_person.registered_at))
    .execute(executor)
    .await
    .context("insert a legal person")?;
    Ok(())
}

/// Returns the legal person with `credit_code`.
///
/// # Errors
/// [`StoreError::Query`] when the query fails.
pub async fn find_legal_person<'e, E>(
    executor: E,
    credit_code: &str,
) -> Result<Option<StoredLegalPerson>, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let row = sqlx::query(
        "SELECT credit_code, name, registered_by, registered_at \
         FROM legal_persons WHERE credit_code = $1",
    )
    .bind(credit_code)
    .fetch_optional(executor)
    .await
    .context("look up a legal person")?;
    let Some(row) = row else {
        return Ok(None);
    };
    let registered_at: i64 = row
        .try_get("registered_at")
        .context("read a legal person")?;
    Ok(Some(StoredLegalPerson {
        credit_code: row.try_get("credit_code").context("read a legal person")?,
        name: row.try_get("name").context("read a legal person")?,
        registered_by: row
            .try_get("registered_by")
            .context("read a legal person")?,
        registered_at: from_millis("legal_persons.registered_at", registered_at)?,
    }))
}

/// Grants `account_id` a mandate for `credit_code` on behalf of `granted_by`.
///
/// # Errors
/// [`StoreError::Query`] when the insert fails; [`StoreError::is_unique_violation`] returns
/// true when the same mandate is in force already.
pub async fn insert_mandate<'e, E>(
    executor: E,
    account_id: &str,
    credit_code: &str,
    granted_at: DateTime<Utc>,
    granted_by: &str,
) -> Result<(), StoreError>
where
    E: Executor<'e, Database = Any>,
{
    sqlx::query(
        "INSERT INTO mandates (account_id, credit_code, granted_at, granted_by) \
         VALUES ($1, $2, $3, $4)",
    )
    .bind(account_id)
    .bind(credit_code)
    .bind(to_millis(granted_at))
    .bind(granted_by)
    .execute(executor)
    .await
    .context("insert a mandate")?;
    Ok(())
}

/// Returns the mandates in force of `account_id`, ordered by the legal person's name.
///
/// # Errors
/// [`StoreError::Query`] when the query fails.
pub async fn list_mandates_in_force<'e, E>(
    executor: E,
    account_id: &str,
) -> Result<Vec<MandateInForce>, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let rows = sqlx::query(
        "SELECT m.account_id, m.credit_code, l.name, m.granted_at, m.granted_by \
         FROM mandates m JOIN legal_persons l ON l.credit_code = m.credit_code \
         WHERE m.account_id = $1 AND m.revoked_at IS NULL \
         ORDER BY l.name, m.credit_code",
    )
    .bind(account_id)
    .fetch_all(executor)
    .await
    .context("list the mandates of an account")?;
    rows.iter().map(mandate_from_row).collect()
}

/// Returns the mandate in force of `account_id` for `credit_code`, if there is one.
///
/// # Errors
/// [`StoreError::Query`] when the query fails.
pub async fn find_mandate_in_force<'e, E>(
    executor: E,
    account_id: &str,
    credit_code: &str,
) -> Result<Option<MandateInForce>, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let row = sqlx::query(
        "SELECT m.account_id, m.credit_code, l.name, m.granted_at, m.granted_by \
         FROM mandates m JOIN legal_persons l ON l.credit_code = m.credit_code \
         WHERE m.account_id = $1 AND m.credit_code = $2 AND m.revoked_at IS NULL",
    )
    .bind(account_id)
    .bind(credit_code)
    .fetch_optional(executor)
    .await
    .context("look up a mandate")?;
    row.as_ref().map(mandate_from_row).transpose()
}

/// Ends the mandate in force of `account_id` for `credit_code` and returns whether there was
/// one.
///
/// # Errors
/// [`StoreError::Query`] when the update fails.
pub async fn revoke_mandate<'e, E>(
    executor: E,
    account_id: &str,
    credit_code: &str,
    revoked_at: DateTime<Utc>,
    revoked_by: &str,
) -> Result<bool, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let result = sqlx::query(
        "UPDATE mandates SET revoked_at = $3, revoked_by = $4 \
         WHERE account_id = $1 AND credit_code = $2 AND revoked_at IS NULL",
    )
    .bind(account_id)
    .bind(credit_code)
    .bind(to_millis(revoked_at))
    .bind(revoked_by)
    .execute(executor)
    .await
    .context("revoke a mandate")?;
    Ok(result.rows_affected() > 0)
}

fn mandate_from_row(row: &AnyRow) -> Result<MandateInForce, StoreError> {
    let text = |column: &'static str| -> Result<String, StoreError> {
        row.try_get(column).context("read a mandate")
    };
    let granted_at: i64 = row.try_get("granted_at").context("read a mandate")?;
    Ok(MandateInForce {
        account_id: text("account_id")?,
        credit_code: text("credit_code")?,
        legal_person_name: text("name")?,
        granted_at: from_millis("mandates.granted_at", granted_at)?,
        granted_by: text("granted_by")?,
    })
}
