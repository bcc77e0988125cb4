//! Counting failed logins and locking a login key after too many, shared by every hub instance.
//!
//! A key is an account, or the digest of an identifier that names no account. Failures count
//! in a fixed window that starts at the first failure. Reaching the maximum within the window
//! locks the key, and the count starts again once the lock has passed.

use chrono::{DateTime, Duration, Utc};
use sqlx::{Any, Executor, Row};

use crate::StoreError;
use crate::error::QueryContext;
use crate::timestamp::{from_millis, to_millis};

/// When failures lock a key, and for how long.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ThrottleRule {
    /// Failures within `window` that lock the key.
    pub max_failures: u32,
    /// Time from the first counted failure in which failures add up.
    pub window: Duration,
    /// Time a lock lasts.
    pub lockout: Duration,
}

/// The state of a key after a failure was counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FailureCount {
    /// Failures in the current window, this one included.
    pub failures: u32,
    /// Until when the key is locked after this failure, if it is locked.
    pub locked_until: Option<DateTime<Utc>>,
}

/// Returns until when `login_key` is locked, or `None` when it is not locked at `now`.
///
/// # Errors
/// [`StoreError::Query`] when the query fails.
pub async fn find_lock<'e, E>(
    executor: E,
    login_key: &str,
    now: DateTime<Utc>,
) -> Result<Option<DateTime<Utc>>, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let locked_until: Option<i64> = sqlx::query_scalar(
        "SELECT locked_until FROM login_throttle WHERE login_key = $1 AND locked_until > $2",
    )
    .bind(login_key)
    .bind(to_millis(now))
    .fetch_optional(executor)
    .await
    .context("look up a login lock")?;
    locked_until
        .map(|millis| from_millis("login_throttle.locked_until", millis))
        .transpose()
}

/// Counts a failed login of `login_key` at `now` and locks the key when the failure reaches
/// `rule.max_failures` within the window.
///
/// One statement reads and updates the count, so failures reported by several instances at the
/// same moment are all counted.
///
/// # Errors
/// [`StoreError::Query`] when the statement fails.
pub async fn record_failure<'e, E>(
    executor: E,
    login_key: &str,
    now: DateTime<Utc>,
    rule: ThrottleRule,
) -> Result<FailureCount, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    // $2 now, $3 start of a window that is still open, $4 maximum, $5 end of a new lock. A
    // window restarts when it is older than the rule's window or when a lock has passed.
    let row = sqlx::query(
        "INSERT INTO login_throttle (login_key, failures, window_started_at, locked_until) \
         VALUES ($1, 1, $2, CASE WHEN 1 >= $4 THEN $5 ELSE NULL END) \
         ON CONFLICT (login_key) DO UPDATE SET \
             failures = CASE \
                 WHEN login_throttle.window_started_at <= $3 \
                     OR login_throttle.locked_until <= $2 THEN 1 \
                 ELSE login_throttle.failures + 1 END, \
             window_started_at = CASE \
                 WHEN login_throttle.window_started_at <= $3 \
                     OR login_throttle.locked_until <= $2 THEN $2 \
                 ELSE login_throttle.window_started_at END, \
             locked_until = CASE \
                 WHEN (CASE \
                     WHEN login_throttle.window_started_at <= $3 \
                         OR login_throttle.locked_until <= $2 THEN 1 \
                     ELSE login_throttle.failures + 1 END) >= $4 THEN $5 \
                 WHEN login_throttle.locked_until <= $2 THEN NULL \
                 ELSE login_throttle.locked_until END \
         RETURNING failures, locked_until",
    )
    .bind(login_key)
    .bind(to_millis(now))
    .bind(to_millis(now - rule.window))
    .bind(i64::from(rule.max_failures))
    .bind(to_millis(now + rule.lockout))
    .fetch_one(executor)
    .await
    .context("count a failed login")?;

    let failures: i64 = row
        .try_get("failures")
        .context("read a failed login count")?;
    let locked_until: Option<i64> = row
        .try_get("locked_until")
        .context("read a failed login count")?;
    Ok(FailureCount {
        failures: u32::try_from(failures).unwrap_or(u32::MAX),
        locked_until: locked_until
            .filter(|millis| *millis > to_millis(now))
            .map(|millis| from_millis("login_throttle.locked_until", millis))
            .transpose()?,
    })
}

/// Forgets the failures of `login_key`, after a successful login.
///
/// # Errors
/// [`StoreError::Query`] when the delete fails.
pub async fn clear_failures<'e, E>(executor: E, login_key: &str) -> Result<(), StoreError>
where
    E: Executor<'e, Database = Any>,
{
    sqlx::query("DELETE FROM login_throttle WHERE login_key = $1")
        .bind(login_key)
        .execute(executor)
        .await
        .context("clear failed logins")?;
    Ok(())
}
