//! The population registry: generated people whom the data service `population.identity`
//! matches against.

use chrono::{DateTime, Utc};
use sqlx::{Any, Executor, FromRow};

use crate::StoreError;
use crate::error::QueryContext;
use crate::timestamp::to_millis;

/// A person of the registry.
#[derive(Debug, Clone, PartialEq, Eq, FromRow)]
pub struct RegistryPerson {
    /// Canonical 18-character resident ID number.
    pub resident_id: String,
    /// Name.
    pub name: String,
    /// Birth date, `YYYY-MM-DD`.
    pub birth_date: String,
    /// `male` or `female`.
    pub sex: String,
    /// GB/T 2260 county code of the household registration.
    pub household_division: String,
}

/// Stores `person` unless the registry has their resident ID number already; returns whether
/// it was stored.
///
/// # Errors
/// [`StoreError::Query`] when the statement fails.
pub async fn insert_person<'e, E>(
    executor: E,
    person: &RegistryPerson,
    now: DateTime<Utc>,
) -> Result<bool, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let done = sqlx::query(
        "INSERT INTO population_people (resident_id, name, birth_date, sex, \
             household_division, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (resident_id) DO NOTHING",
    )
    .bind(person.resident_id.as_str())
    .bind(person.name.as_str())
    .bind(person.birth_date.as_str())
    .bind(person.sex.as_str())
    .bind(person.household_division.as_str())
    .bind(to_millis(now))
    .execute(executor)
    .await
    .context("store a person of the population registry")?;
    Ok(done.rows_affected() == 1)
}

/// Returns the person with `resident_id`.
///
/// # Errors
/// [`StoreError::Query`] when the statement fails.
pub async fn find_person<'e, E>(
    executor: E,
    resident_id: &str,
) -> Result<Option<RegistryPerson>, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    sqlx::query_as::<_, RegistryPerson>(
        "SELECT resident_id, name, birth_date, sex, household_division \
         FROM population_people WHERE resident_id = $1",
    )
    .bind(resident_id)
    .fetch_optional(executor)
    .await
    .context("read a person of the population registry")
}

/// Returns up to `limit` people, by resident ID number.
///
/// # Errors
/// [`StoreError::Query`] when the statement fails.
pub async fn list_people<'e, E>(executor: E, limit: i64) -> Result<Vec<RegistryPerson>, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    sqlx::query_as::<_, RegistryPerson>(sqlx::AssertSqlSafe(format!(
        "SELECT resident_id, name, birth_date, sex, household_division \
         FROM population_people ORDER BY resident_id {}",
        crate::limit(limit)
    )))
    .fetch_all(executor)
    .await
    .context("list the population registry")
}

/// Returns how many people the registry has.
///
/// # Errors
/// [`StoreError::Query`] when the statement fails.
pub async fn count_people<'e, E>(executor: E) -> Result<i64, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM population_people")
        .fetch_one(executor)
        .await
        .context("count the population registry")
}
