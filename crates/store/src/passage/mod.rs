//! The passage's tables: the outbox a sender delivers from, the sequence numbers of ordering
//! keys, the inbox a receiver applies from, the evidence log of every envelope sent and
//! received, and the counters of the diagnostic message type `test.ping`.

pub mod evidence;
pub mod inbox;
pub mod outbox;
pub mod pings;
pub mod tally;

use crate::StoreError;
use crate::error::QueryContext;

/// A connection inside a transaction, for functions that run several statements that must
/// see each other, and for the handlers that apply received messages.
pub type StoreConnection = sqlx::AnyConnection;

/// Starts a savepoint on `connection`, which must be inside a transaction: what is written
/// through the savepoint is kept by [`crate::commit`] and undone by [`rollback`], without
/// ending the outer transaction.
///
/// # Errors
/// [`StoreError::Query`] when `SAVEPOINT` fails.
pub async fn savepoint(
    connection: &mut StoreConnection,
) -> Result<sqlx::Transaction<'_, sqlx::Any>, StoreError> {
    sqlx::Connection::begin(connection)
        .await
        .context("start a savepoint")
}

/// Rolls back `transaction`, or a savepoint from [`savepoint`].
///
/// # Errors
/// [`StoreError::Query`] when the rollback fails.
pub async fn rollback(transaction: sqlx::Transaction<'_, sqlx::Any>) -> Result<(), StoreError> {
    transaction.rollback().await.context("roll back")
}
