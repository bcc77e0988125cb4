//! Locks that let one instance at a time run a periodic job when several instances of a role
//! share a PostgreSQL database.
//!
//! On PostgreSQL a job lock is a transaction-level advisory lock
//! (`pg_try_advisory_xact_lock`) held by a transaction that does nothing else. It ends when
//! the holder releases or drops it, or when its connection dies, so a stopped instance never
//! keeps a job from running. On SQLite only one instance may use the database file, so the
//! lock is always granted and holds no connection.

use sqlx::Any;

use crate::error::QueryContext;
use crate::{Backend, Store, StoreError, StoreTransaction};

/// A periodic job that one instance at a time runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Job {
    /// Deemed acceptance of overdue applications.
    DeemedAcceptance,
}

impl Job {
    /// Returns the advisory lock key of the job. The keys are arbitrary but fixed: every
    /// instance of every version must use the same key for the same job.
    fn key(self) -> i64 {
        match self {
            Job::DeemedAcceptance => 0x7462_0001,
        }
    }
}

/// A held job lock. Dropping it releases the lock too, once sqlx has sent the rollback of the
/// dropped transaction, which it does in the background.
#[derive(Debug)]
pub struct JobLock {
    transaction: Option<StoreTransaction>,
}

impl JobLock {
    /// Releases the lock at once by rolling back its empty transaction.
    ///
    /// # Errors
    /// [`StoreError::Query`] when `ROLLBACK` fails; PostgreSQL then releases the lock when the
    /// connection closes.
    pub async fn release(self) -> Result<(), StoreError> {
        match self.transaction {
            Some(transaction) => transaction.rollback().await.context("release a job lock"),
            None => Ok(()),
        }
    }
}

/// Takes the lock of `job` without waiting. Returns `None` when another instance holds it.
///
/// # Errors
/// [`StoreError::Query`] when the database fails.
pub async fn try_lock(store: &Store, job: Job) -> Result<Option<JobLock>, StoreError> {
    if store.backend() == Backend::Sqlite {
        return Ok(Some(JobLock { transaction: None }));
    }
    // A plain `BEGIN`, because the transaction writes nothing and only scopes the advisory lock.
    let mut transaction = store
        .pool()
        .begin()
        .await
        .context("begin the transaction of a job lock")?;
    let locked: bool = sqlx::query_scalar::<Any, bool>("SELECT pg_try_advisory_xact_lock($1)")
        .bind(job.key())
        .fetch_one(&mut *transaction)
        .await
        .with_context(|| format!("take the job lock of {job:?}"))?;
    if !locked {
        return Ok(None);
    }
    Ok(Some(JobLock {
        transaction: Some(transaction),
    }))
}
