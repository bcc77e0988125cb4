//! Accounts of the hub: natural persons and hub operators.

use chrono::{DateTime, Utc};
use sqlx::any::AnyRow;
use sqlx::{Any, Executor, Row};

use crate::StoreError;
use crate::error::QueryContext;
use crate::timestamp::{from_millis, to_millis};

/// An account as stored.
#[derive(Clone, PartialEq, Eq)]
pub struct StoredAccount {
    /// Stable random id, the `sub` of ID tokens.
    pub id: String,
    /// `natural_person` or `operator`.
    pub account_type: String,
    /// Name of the person.
    pub name: String,
    /// Canonical resident ID number; `None` for an operator.
    pub resident_id: Option<String>,
    /// Mobile phone number; `None` for an operator.
    pub phone: Option<String>,
    /// Login name of an operator; `None` for a natural person.
    pub login_name: Option<String>,
    /// Argon2id PHC string.
    pub password_hash: String,
    /// Such as `self_asserted`.
    pub assurance_level: String,
    /// `user` or `admin`.
    pub role: String,
    /// When the account was created.
    pub created_at: DateTime<Utc>,
    /// When it last changed.
    pub updated_at: DateTime<Utc>,
}

impl std::fmt::Debug for StoredAccount {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StoredAccount")
            .field("id", &self.id)
            .field("account_type", &self.account_type)
            .field("role", &self.role)
            .field("password_hash", &"[redacted]")
            .finish_non_exhaustive()
    }
}

/// The unique key an account is looked up by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AccountKey<'a> {
    /// The account id.
    Id(&'a str),
    /// A canonical resident ID number.
    ResidentId(&'a str),
    /// An 11-digit mobile phone number.
    Phone(&'a str),
    /// An operator's login name.
    LoginName(&'a str),
}

/// Inserts `account`.
///
/// # Errors
/// [`StoreError::Query`] when the insert fails; [`StoreError::is_unique_violation`] returns true
/// when an account with the same resident ID number, phone or login name exists.
pub async fn insert_account<'e, E>(executor: E, account: &StoredAccount) -> Result<(), StoreError>
where
    E: Executor<'e, Database = Any>,
{
    sqlx::query(
        "INSERT INTO accounts (id, account_type, name, resident_id, phone, login_name, \
             password_hash, assurance_level, role, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
    )
    .bind(account.id.as_str())
    .bind(account.account_type.as_str())
    .bind(account.name.as_str())
    .bind(account.resident_id.as_deref())
    .bind(account.phone.as_deref())
    .bind(account.login_name.as_deref())
    .bind(account.password_hash.as_str())
    .bind(account.assurance_level.as_str())
    .bind(account.role.as_str())
    .bind(to_millis(account.created_at))
    .bind(to_millis(account.updated_at))
    .execute(executor)
    .await
    .context("insert an account")?;
    Ok(())
}

/// Returns the account with `key`.
///
/// # Errors
/// [`StoreError::Query`] when the query fails, [`StoreError::InvalidStoredValue`] for a row
/// whose timestamps cannot be read.
pub async fn find_account<'e, E>(
    executor: E,
    key: AccountKey<'_>,
) -> Result<Option<StoredAccount>, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    // One statement per key, because sqlx only takes fixed SQL text.
    macro_rules! select_where {
        ($condition:literal) => {
            concat!(
                "SELECT id, account_type, name, resident_id, phone, login_name, password_hash, \
                     assurance_level, role, created_at, updated_at \
                 FROM accounts WHERE ",
                $condition
            )
        };
    }
    let (sql, value) = match key {
        AccountKey::Id(value) => (select_where!("id = $1"), value),
        AccountKey::ResidentId(value) => (select_where!("resident_id = $1"), value),
        AccountKey::Phone(value) => (select_where!("phone = $1"), value),
        AccountKey::LoginName(value) => (select_where!("login_name = $1"), value),
    };
    let row = sqlx::query(sql)
        .bind(value)
        .fetch_optional(executor)
        .await
        .context("look up an account")?;
    row.as_ref().map(account_from_row).transpose()
}

/// Sets the role of account `id` and returns whether the account exists.
///
/// # Errors
/// [`StoreError::Query`] when the update fails.
pub async fn set_account_role<'e, E>(
    executor: E,
    id: &str,
    role: &str,
    now: DateTime<Utc>,
) -> Result<bool, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let result = sqlx::query("UPDATE accounts SET role = $2, updated_at = $3 WHERE id = $1")
        .bind(id)
        .bind(role)
        .bind(to_millis(now))
        .execute(executor)
        .await
        .context("set the role of an account")?;
    Ok(result.rows_affected() == 1)
}

/// Sets the assurance level of the natural person `id` whose record still has `resident_id`,
/// and returns whether such an account exists.
///
/// # Errors
/// [`StoreError::Query`] when the update fails.
pub async fn set_assurance_level<'e, E>(
    executor: E,
    id: &str,
    resident_id: &str,
    level: &str,
    now: DateTime<Utc>,
) -> Result<bool, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let result = sqlx::query(
        "UPDATE accounts SET assurance_level = $2, updated_at = $3 \
         WHERE id = $1 AND resident_id = $4",
    )
    .bind(id)
    .bind(level)
    .bind(to_millis(now))
    .bind(resident_id)
    .execute(executor)
    .await
    .context("set the assurance level of an account")?;
    Ok(result.rows_affected() == 1)
}

fn account_from_row(row: &AnyRow) -> Result<StoredAccount, StoreError> {
    let text = |column: &'static str| -> Result<String, StoreError> {
        row.try_get(column).context("read an account")
    };
    let optional = |column: &'static str| -> Result<Option<String>, StoreError> {
        row.try_get(column).context("read an account")
    };
    let instant = |column: &'static str| -> Result<DateTime<Utc>, StoreError> {
        let millis: i64 = row.try_get(column).context("read an account")?;
        from_millis(column, millis)
    };
    Ok(StoredAccount {
        id: text("id")?,
        account_type: text("account_type")?,
        name: text("name")?,
        resident_id: optional("resident_id")?,
        phone: optional("phone")?,
        login_name: optional("login_name")?,
        password_hash: text("password_hash")?,
        assurance_level: text("assurance_level")?,
        role: text("role")?,
        created_at: instant("created_at")?,
        updated_at: instant("updated_at")?,
    })
}
