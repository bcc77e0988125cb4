//! Staff accounts of a node.

use chrono::{DateTime, Utc};
use sqlx::{Any, Executor, Row};

use crate::StoreError;
use crate::error::QueryContext;
use crate::timestamp::{from_millis, to_millis};

/// A stored staff account.
#[derive(Clone, PartialEq, Eq)]
pub struct StoredStaff {
    /// Stable id.
    pub id: String,
    /// What the person types to log in.
    pub login_name: String,
    /// Full name.
    pub name: String,
    /// Argon2id PHC string.
    pub password_hash: String,
    /// Roles, such as `clerk`.
    pub roles: Vec<String>,
    /// Department, or `None` for the whole node.
    pub department: Option<String>,
    /// `active` or `disabled`.
    pub status: String,
    /// When the account was created.
    pub created_at: DateTime<Utc>,
    /// When it last changed.
    pub updated_at: DateTime<Utc>,
}

impl std::fmt::Debug for StoredStaff {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StoredStaff")
            .field("id", &self.id)
            .field("login_name", &self.login_name)
            .field("roles", &self.roles)
            .field("department", &self.department)
            .field("status", &self.status)
            .finish_non_exhaustive()
    }
}

/// Inserts `staff`.
///
/// # Errors
/// [`StoreError::Query`] when the insert fails, including for a login name already taken.
pub async fn insert_staff<'e, E>(executor: E, staff: &StoredStaff) -> Result<(), StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let roles = serde_json::to_string(&staff.roles)
        .map_err(|error| StoreError::invalid_input("roles", staff.login_name.as_str(), error))?;
    sqlx::query(
        "INSERT INTO staff_accounts \
         (id, login_name, name, password_hash, roles, department, status, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(staff.id.as_str())
    .bind(staff.login_name.as_str())
    .bind(staff.name.as_str())
    .bind(staff.password_hash.as_str())
    .bind(roles)
    .bind(staff.department.as_deref())
    .bind(staff.status.as_str())
    .bind(to_millis(staff.created_at))
    .bind(to_millis(staff.updated_at))
    .execute(executor)
    .await
    .with_context(|| format!("insert staff account {}", staff.login_name))?;
    Ok(())
}

/// Returns the staff account with login name `login_name`.
///
/// # Errors
/// [`StoreError::Query`] when the query fails, [`StoreError::InvalidStoredValue`] for a row
/// that cannot be read.
pub async fn find_staff_by_login<'e, E>(
    executor: E,
    login_name: &str,
) -> Result<Option<StoredStaff>, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    find_by(executor, "login_name", login_name).await
}

/// Returns the staff account with id `id`.
///
/// # Errors
/// As [`find_staff_by_login`].
pub async fn find_staff<'e, E>(executor: E, id: &str) -> Result<Option<StoredStaff>, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    find_by(executor, "id", id).await
}

async fn find_by<'e, E>(
    executor: E,
    column: &'static str,
    value: &str,
) -> Result<Option<StoredStaff>, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let sql = match column {
        "id" => {
            "SELECT id, login_name, name, password_hash, roles, department, status, created_at, updated_at \
             FROM staff_accounts WHERE id = $1"
        }
        _ => {
            "SELECT id, login_name, name, password_hash, roles, department, status, created_at, updated_at \
             FROM staff_accounts WHERE login_name = $1"
        }
    };
    let row = sqlx::query(sql)
        .bind(value)
        .fetch_optional(executor)
        .await
        .context("look up a staff account")?;
    let Some(row) = row else {
        return Ok(None);
    };
    let roles_text: String = row.try_get("roles").context("read a staff account")?;
    let roles = serde_json::from_str(&roles_text).map_err(|error| {
        StoreError::invalid_stored_value("staff_accounts.roles", roles_text, error)
    })?;
    Ok(Some(StoredStaff {
        id: row.try_get("id").context("read a staff account")?,
        login_name: row.try_get("login_name").context("read a staff account")?,
        name: row.try_get("name").context("read a staff account")?,
        password_hash: row
            .try_get("password_hash")
            .context("read a staff account")?,
        roles,
        department: row.try_get("department").context("read a staff account")?,
        status: row.try_get("status").context("read a staff account")?,
        created_at: from_millis(
            "created_at",
            row.try_get("created_at").context("read a staff account")?,
        )?,
        updated_at: from_millis(
            "updated_at",
            row.try_get("updated_at").context("read a staff account")?,
        )?,
    }))
}
