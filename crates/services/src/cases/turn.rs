//! The turn of case writers, and on SQLite the commit of their transactions in groups.
//!
//! SQLite has one writer at a time, and a writer that finds the lock taken sleeps in steps of
//! 1 to 100 ms before it tries again. The case transactions of this process therefore queue
//! in memory instead. They also share one database transaction: each writer works inside a
//! savepoint of its own, nested in those of the writers before it, and the transaction
//! commits when the writers queued behind it have had their turn. So a group of submissions
//! waits for the disk once instead of once each. A writer that fails, or whose request is
//! dropped, rolls back to its savepoint and leaves the others' work in place. A commit that
//! fails fails every writer of the group, and none of their work is stored.
//!
//! Finishing a writer's work takes no statement, so no writer can be dropped halfway through
//! it. While a group is open it holds SQLite's write lock, and writers of other processes and
//! of other modules wait for it through the busy timeout.
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
    /// One per writer whose work is kept in the open transaction.
    waiting: Vec<oneshot::Sender<Result<(), String>>>,
    /// The number of the next writer's savepoint.
    next_savepoint: u64,
    /// The savepoint of a writer that left without finishing, which is undone before anyone
    /// else uses the transaction.
    abandoned: Option<u64>,
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
    /// The writer's savepoint while it may be open and its work is not finished.
    savepoint: Option<u64>,
}

impl Member {
    /// Waits for the turn, settles what the writer before left, and opens a savepoint in the
    /// shared transaction, beginning one when none is open.
    async fn join(mutex: &Arc<AsyncMutex<Group>>, store: &Store) -> Result<Member, StoreError> {
        let mut member = Member {
            group: mutex.clone().lock_owned().await,
            savepoint: None,
        };

        settle_abandoned(&mut member.group).await;
        if member.group.broken {
            end_group(&mut member.group).await;
        }

        if member.group.transaction.is_none() {
            member.group.transaction = Some(store.begin().await?);
        }
        let number = member.group.next_savepoint;
        member.group.next_savepoint += 1;
        // Marked before the statement runs, so that a request dropped while it runs has the
        // savepoint undone.
        member.savepoint = Some(number);
        if let Err(error) = savepoint(member.transaction_mut(), SavepointStep::Open(number)).await {
            member.savepoint = None;
            return Err(error);
        }
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

    /// Keeps the writer's work in the transaction, gives up the turn and waits for the
    /// group's commit.
    async fn commit(mut self) -> Result<(), StoreError> {
        self.savepoint = None;
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
    /// Marks an unfinished writer's savepoint to be undone, and makes sure a task will commit
    /// the open transaction.
    fn drop(&mut self) {
        if let Some(number) = self.savepoint {
            self.group.abandoned = Some(number);
        }
        if self.group.transaction.is_none() || self.group.commit_scheduled {
            return;
        }
        match tokio::runtime::Handle::try_current() {
            Ok(runtime) => {
                self.group.commit_scheduled = true;
                let mutex = OwnedMutexGuard::mutex(&self.group).clone();
                runtime.spawn(commit_when_turn_comes(mutex));
            }
            // Without a runtime the process is ending, and the transaction rolls back as the
            // database connection closes.
            Err(_) => tracing::error!("a shared case transaction was left open without a runtime"),
        }
    }
}

/// Waits for the turn behind the writers queued when the task first runs, then ends the open
/// transaction.
async fn commit_when_turn_comes(mutex: Arc<AsyncMutex<Group>>) {
    let mut group = mutex.lock_owned().await;
    group.commit_scheduled = false;
    settle_abandoned(&mut group).await;
    end_group(&mut group).await;
}

/// Undoes the savepoint of a writer that left without finishing. The mark stays until the
/// undo has run, so a holder dropped meanwhile leaves it to the next one. When the undo fails,
/// the writer's statements may be in the transaction, so the group is marked broken.
async fn settle_abandoned(group: &mut Group) {
    let Some(number) = group.abandoned else {
        return;
    };
    let Some(transaction) = group.transaction.as_mut() else {
        group.abandoned = None;
        return;
    };
    if let Err(error) = savepoint(transaction, SavepointStep::Undo(number)).await {
        tracing::error!(%error, savepoint = number, "a shared case transaction could not undo a writer");
        group.broken = true;
    }
    group.abandoned = None;
}

/// Commits the open transaction, or rolls it back when it is broken or keeps no writer's
/// work, and sends the outcome to the waiting writers.
async fn end_group(group: &mut Group) {
    let Some(transaction) = group.transaction.take() else {
        return;
    };
    let waiting = std::mem::take(&mut group.waiting);
    let broken = std::mem::take(&mut group.broken);
    group.next_savepoint = 0;

    let outcome = if broken || waiting.is_empty() {
        if let Err(error) = transaction.rollback().await {
            tracing::error!(%error, "a shared case transaction could not roll back");
        }
        Err("a writer of the shared transaction failed and could not be undone".to_owned())
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
