//! The turn of case writers, and on SQLite the commit of their transactions in groups.
//!
//! SQLite has one writer at a time, and a writer that finds the lock taken sleeps in steps of
//! 1 to 100 ms before it tries again. The case transactions of this process therefore queue
//! in memory instead. They also share one database transaction: each writer works inside a
//! savepoint of it, and the transaction commits when the writers queued behind it have had
//! their turn, so a group of submissions waits for the disk once instead of once each. A
//! writer that fails rolls back to its savepoint and leaves the others' work in place; a
//! commit that fails fails every writer of the group, and none of their work is stored.
//! Writers of other processes and of other modules still wait through the busy timeout.
//!
//! PostgreSQL takes concurrent writers, so there each case transaction is its own.

use std::ops::{Deref, DerefMut};
use std::sync::Arc;

use tokio::sync::{Mutex as AsyncMutex, OwnedMutexGuard, oneshot};
use tongban_store::{Backend, SavepointStep, Store, StoreError, StoreTransaction, savepoint};

use super::CaseError;
use crate::case_index::Reporter;

/// The turn of case writers.
#[derive(Debug, Clone)]
pub(super) struct WriteTurn {
    /// The shared transaction on SQLite, `None` on PostgreSQL.
    group: Option<Arc<AsyncMutex<Group>>>,
    reporter: Option<Reporter>,
}

/// The open shared transaction and the writers waiting for its commit.
#[derive(Debug, Default)]
struct Group {
    transaction: Option<StoreTransaction>,
    /// One per writer whose work was released into the open transaction.
    waiting: Vec<oneshot::Sender<Result<(), String>>>,
    /// A writer left without releasing its savepoint, which is rolled back before anyone
    /// else uses the transaction.
    abandoned: bool,
    /// The transaction failed in a way that a savepoint cannot undo; it is rolled back.
    broken: bool,
    /// A task waits for the turn to commit the open transaction.
    commit_scheduled: bool,
    /// Transactions committed, which shows the tests how writers were grouped.
    #[cfg(test)]
    commits: usize,
}

impl WriteTurn {
    pub(super) fn for_backend(backend: Backend) -> WriteTurn {
        let group = match backend {
            Backend::Sqlite => Some(Arc::new(AsyncMutex::new(Group::default()))),
            Backend::Postgres => None,
        };
        WriteTurn {
            group,
            reporter: None,
        }
    }

    /// Returns the turn with `reporter`, which the transactions it begins report with.
    pub(super) fn with_reporter(self, reporter: Reporter) -> WriteTurn {
        WriteTurn {
            reporter: Some(reporter),
            ..self
        }
    }

    /// Waits for the turn and begins the writer's transaction, which keeps the turn until it
    /// commits or is dropped.
    ///
    /// # Errors
    /// [`CaseError::Store`] when the transaction cannot begin.
    pub(super) async fn begin(&self, store: &Store) -> Result<Write, CaseError> {
        let transaction = match &self.group {
            Some(group) => Slot::Shared(Member::join(group, store).await?),
            None => Slot::Own(store.begin().await?),
        };
        Ok(Write {
            transaction,
            reporter: self.reporter.clone(),
        })
    }
}

/// A transaction of the case use cases, holding the writers' turn until it ends.
#[derive(Debug)]
pub(super) struct Write {
    pub transaction: Slot,
    /// Reports the status changes written in the transaction; `None` for jobs without a
    /// [`super::CaseContext`].
    pub reporter: Option<Reporter>,
}

impl Write {
    /// Wraps `transaction` without taking the writers' turn.
    pub(super) fn unqueued(transaction: StoreTransaction) -> Write {
        Write {
            transaction: Slot::Own(transaction),
            reporter: None,
        }
    }

    /// Commits, on SQLite with the writers queued at the same time.
    ///
    /// # Errors
    /// [`CaseError::Store`] when the commit fails; nothing is stored then.
    pub(super) async fn commit(self) -> Result<(), CaseError> {
        match self.transaction {
            Slot::Own(transaction) => tongban_store::commit(transaction).await?,
            Slot::Shared(member) => member.commit().await?,
        }
        if let Some(reporter) = &self.reporter {
            reporter.wake();
        }
        Ok(())
    }
}

/// The database transaction a writer works in: its own, or its place in the shared one.
#[derive(Debug)]
pub(super) enum Slot {
    Own(StoreTransaction),
    Shared(Member),
}

impl Deref for Slot {
    type Target = StoreTransaction;

    fn deref(&self) -> &StoreTransaction {
        match self {
            Slot::Own(transaction) => transaction,
            Slot::Shared(member) => member.transaction(),
        }
    }
}

impl DerefMut for Slot {
    fn deref_mut(&mut self) -> &mut StoreTransaction {
        match self {
            Slot::Own(transaction) => transaction,
            Slot::Shared(member) => member.transaction_mut(),
        }
    }
}

/// A writer holding the turn of a shared transaction, inside its savepoint.
#[derive(Debug)]
pub(super) struct Member {
    group: OwnedMutexGuard<Group>,
    mutex: Arc<AsyncMutex<Group>>,
    in_savepoint: bool,
}

impl Member {
    /// Waits for the turn, settles what the writer before left, and opens a savepoint in the
    /// shared transaction, beginning one when none is open.
    async fn join(mutex: &Arc<AsyncMutex<Group>>, store: &Store) -> Result<Member, StoreError> {
        let mut member = Member {
            group: mutex.clone().lock_owned().await,
            mutex: mutex.clone(),
            in_savepoint: false,
        };

        settle_abandoned(&mut member.group).await;
        if member.group.broken {
            end_group(&mut member.group).await;
        }

        if member.group.transaction.is_none() {
            member.group.transaction = Some(store.begin().await?);
        }
        savepoint(member.transaction_mut(), SavepointStep::Open).await?;
        member.in_savepoint = true;
        Ok(member)
    }

    fn transaction(&self) -> &StoreTransaction {
        match &self.group.transaction {
            Some(transaction) => transaction,
            None => unreachable!("a member holds the turn of an open transaction"),
        }
    }

    fn transaction_mut(&mut self) -> &mut StoreTransaction {
        match &mut self.group.transaction {
            Some(transaction) => transaction,
            None => unreachable!("a member holds the turn of an open transaction"),
        }
    }

    /// Releases the savepoint, gives up the turn and waits for the group's commit.
    async fn commit(mut self) -> Result<(), StoreError> {
        savepoint(self.transaction_mut(), SavepointStep::Release).await?;
        self.in_savepoint = false;

        let (sender, receiver) = oneshot::channel();
        self.group.waiting.push(sender);
        drop(self);

        match receiver.await {
            Ok(Ok(())) => Ok(()),
            Ok(Err(detail)) => Err(StoreError::SharedTransaction { detail }),
            Err(_) => Err(StoreError::SharedTransaction {
                detail: "the commit ended without an outcome".to_owned(),
            }),
        }
    }
}

impl Drop for Member {
    /// Marks an unreleased savepoint for rollback and makes sure a task will commit the open
    /// transaction after the writers queued now.
    fn drop(&mut self) {
        if self.in_savepoint {
            self.group.abandoned = true;
        }
        if self.group.transaction.is_none() || self.group.commit_scheduled {
            return;
        }
        match tokio::runtime::Handle::try_current() {
            Ok(runtime) => {
                self.group.commit_scheduled = true;
                runtime.spawn(commit_when_turn_comes(self.mutex.clone()));
            }
            // Without a runtime the process is ending, and the transaction rolls back as the
            // database connection closes.
            Err(_) => tracing::error!("a shared case transaction was left open without a runtime"),
        }
    }
}

/// Takes the turn after the writers queued before it and ends the open transaction.
async fn commit_when_turn_comes(mutex: Arc<AsyncMutex<Group>>) {
    let mut group = mutex.lock_owned().await;
    group.commit_scheduled = false;
    settle_abandoned(&mut group).await;
    end_group(&mut group).await;
}

/// Rolls back to the savepoint of a writer that left without releasing it. When that fails,
/// the writer's statements may be in the transaction, so it is marked broken.
async fn settle_abandoned(group: &mut Group) {
    if !std::mem::take(&mut group.abandoned) {
        return;
    }
    let Some(transaction) = group.transaction.as_mut() else {
        return;
    };
    if let Err(error) = savepoint(transaction, SavepointStep::Undo).await {
        tracing::error!(%error, "a shared case transaction could not undo a failed writer");
        group.broken = true;
    }
}

/// Commits the open transaction, or rolls it back when it is broken or no writer released
/// work into it, and sends the outcome to the waiting writers.
async fn end_group(group: &mut Group) {
    let Some(transaction) = group.transaction.take() else {
        return;
    };
    let waiting = std::mem::take(&mut group.waiting);
    let broken = std::mem::take(&mut group.broken);

    let outcome = if broken || waiting.is_empty() {
        if let Err(error) = transaction.rollback().await {
            tracing::error!(%error, "a shared case transaction could not roll back");
        }
        Err("an earlier writer of the shared transaction failed".to_owned())
    } else {
        #[cfg(test)]
        {
            group.commits += 1;
        }
        tongban_store::commit(transaction)
            .await
            .map_err(|error| describe(&error))
    };

    for writer in waiting {
        // The send fails only for a writer that stopped waiting, which needs no outcome.
        let _ = writer.send(outcome.clone());
    }
}

/// Returns `error` with its sources, for the writers that share it.
fn describe(error: &StoreError) -> String {
    let mut text = error.to_string();
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        text = format!("{text}: {cause}");
        source = cause.source();
    }
    text
}

#[cfg(test)]
mod tests;
