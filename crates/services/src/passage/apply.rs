//! Storing checked envelopes in the inbox and applying what is due, in the order of each
//! ordering key, in one transaction per batch.

use std::collections::HashMap;
use std::collections::hash_map::Entry;

use chrono::{DateTime, Utc};
use tongban_crypto::envelope::Envelope;
use tongban_store::passage::StoreConnection;
use tongban_store::passage::evidence::Direction;
use tongban_store::passage::inbox::{self, InboxStatus, NewInboxMessage};

use super::handlers::{HandlerError, IncomingMessage, MessageHandler};
use super::inbox::{Receipt, Received, RejectedEnvelope, incoming, rejected, wire_text};
use super::{Passage, PassageError};

/// Waiting messages applied in one transaction. A backlog of thousands that waited for one
/// late message would otherwise keep the receiving request busy past the sender's timeout:
/// the sender gives up, the transaction rolls back and the next attempt does the same. What
/// is left waiting is applied by [`drain_waiting`] after the commit.
const MAX_CASCADE: i64 = 256;

/// The state of one sender and ordering key in the transaction of a batch.
struct KeyState {
    /// The next sequence number to apply.
    next: i64,
    /// Whether `next` moved and must be written back.
    moved: bool,
    /// Waiting messages of the key in the inbox, counted when the key was locked and kept
    /// up to date since, so the search for the next waiting message runs only when there is
    /// one.
    waiting: i64,
    /// Whether the cascade stopped at [`MAX_CASCADE`] with messages still waiting.
    cut: bool,
}

/// The outcome of one stored envelope: its receipt, or the handler's rejection together with
/// the envelope, which the caller records.
pub(super) type Stored = Result<Receipt, RejectedEnvelope>;

/// Stores `received` in the inbox keyed by message id and applies each that is the next of
/// its sender and ordering key, with the waiting messages that follow it, all in one
/// transaction with one evidence entry per stored envelope. Returns an outcome per envelope,
/// in order.
///
/// A message id seen before is `Duplicate` and changes nothing. A message whose handler
/// rejects it when it arrives leaves nothing behind, neither its inbox row nor the handler's
/// writes nor an evidence entry.
///
/// # Errors
/// [`PassageError::Store`] when the database fails; the transaction is then rolled back.
pub(super) async fn store_received(
    passage: &Passage,
    received: Vec<Received>,
) -> Result<Vec<Stored>, PassageError> {
    if received.is_empty() {
        return Ok(Vec::new());
    }
    let now = Utc::now();
    let _turn = passage.write_turn().await;
    let mut transaction = passage.store().begin().await?;
    // Every ordering key of the batch is locked first, in sorted order, so two batches on
    // PostgreSQL that share keys wait for each other instead of deadlocking.
    let mut key_names: Vec<(String, String)> = received
        .iter()
        .map(|item| {
            (
                item.incoming.sender.clone(),
                item.incoming.ordering_key.clone(),
            )
        })
        .collect();
    key_names.sort();
    key_names.dedup();
    let mut keys: HashMap<(String, String), KeyState> = HashMap::new();
    for (sender, ordering_key) in key_names {
        let state = lock_key(&mut transaction, &sender, &ordering_key).await?;
        keys.insert((sender, ordering_key), state);
    }

    let mut outcomes = Vec::with_capacity(received.len());
    for item in &received {
        outcomes.push(store_one(passage, &mut transaction, &mut keys, item, now).await?);
    }
    for ((sender, ordering_key), state) in &keys {
        if state.moved {
            inbox::set_next_sequence(&mut *transaction, sender, ordering_key, state.next).await?;
        }
    }
    let evidence: Vec<(Direction, &Envelope)> = received
        .iter()
        .zip(&outcomes)
        .filter(|(_, outcome)| matches!(outcome, Ok(receipt) if *receipt != Receipt::Duplicate))
        .map(|(item, _)| (Direction::Received, &item.envelope))
        .collect();
    super::evidence::record_all(&mut transaction, &evidence, now).await?;
    tongban_store::commit(transaction).await?;

    if keys.values().any(|state| state.cut) {
        let passage = passage.clone();
        tokio::spawn(async move {
            if let Err(error) = drain_waiting(&passage).await {
                tracing::warn!(%error, "applying the waiting inbox messages failed; the next start tries again");
            }
        });
    }
    Ok(received
        .into_iter()
        .zip(outcomes)
        .map(|(item, outcome)| outcome.map_err(|error| Box::new((error, item.envelope))))
        .collect())
}

/// Stores one envelope and applies what it makes due. The inner `Err` is the handler's
/// rejection of the arriving message; the outer one a database failure.
async fn store_one(
    passage: &Passage,
    transaction: &mut StoreConnection,
    keys: &mut HashMap<(String, String), KeyState>,
    item: &Received,
    now: DateTime<Utc>,
) -> Result<Result<Receipt, PassageError>, PassageError> {
    let message = &item.incoming;
    let state = match keys.entry((message.sender.clone(), message.ordering_key.clone())) {
        Entry::Occupied(entry) => entry.into_mut(),
        Entry::Vacant(entry) => {
            entry.insert(lock_key(transaction, &message.sender, &message.ordering_key).await?)
        }
    };
    let row = NewInboxMessage {
        message_id: &message.message_id,
        sender: &message.sender,
        ordering_key: &message.ordering_key,
        sequence: message.sequence,
        message_type: &message.message_type,
        envelope: wire_text(&item.envelope)?,
        received_at: now,
    };

    if message.sequence < state.next {
        let detail = format!(
            "sequence {} of this ordering key was applied before under another message id",
            message.sequence
        );
        if !inbox::insert_settled(&mut *transaction, &row, InboxStatus::Stale, Some(&detail))
            .await?
        {
            return Ok(Ok(Receipt::Duplicate));
        }
        tracing::warn!(message_id = %message.message_id, sender = %message.sender,
            ordering_key = %message.ordering_key, sequence = message.sequence,
            "a message repeats an applied sequence number and is not applied");
        return Ok(Ok(Receipt::Stale));
    }
    if message.sequence > state.next {
        if !inbox::insert_settled(&mut *transaction, &row, InboxStatus::Waiting, None).await? {
            return Ok(Ok(Receipt::Duplicate));
        }
        state.waiting += 1;
        return Ok(Ok(Receipt::Waiting));
    }

    // The inbox row and the handler's writes share a savepoint, so a rejection undoes both
    // and the same message can be sent again later.
    let mut savepoint = tongban_store::passage::savepoint(transaction).await?;
    if !inbox::insert_settled(&mut *savepoint, &row, InboxStatus::Applied, None).await? {
        tongban_store::passage::rollback(savepoint).await?;
        return Ok(Ok(Receipt::Duplicate));
    }
    let applied = match passage.handlers().get(&message.message_type) {
        Some(handler) => handler.apply(&mut savepoint, message).await,
        None => Err(HandlerError::Rejected(format!(
            "no handler is registered for message type {:?}",
            message.message_type
        ))),
    };
    match applied {
        Ok(()) => tongban_store::commit(savepoint).await?,
        Err(HandlerError::Rejected(reason)) => {
            tongban_store::passage::rollback(savepoint).await?;
            return Ok(Err(rejected(
                &message.message_type,
                HandlerError::Rejected(reason),
            )));
        }
        Err(HandlerError::Store(error)) => return Err(error.into()),
    }
    state.next += 1;
    state.moved = true;
    if state.waiting > 0 {
        apply_waiting(
            passage,
            transaction,
            (&message.sender, &message.ordering_key),
            state,
            now,
        )
        .await?;
    }
    Ok(Ok(Receipt::Applied))
}

/// Locks the next sequence number of `sender` and `ordering_key` (on PostgreSQL) and counts
/// its waiting messages.
async fn lock_key(
    transaction: &mut StoreConnection,
    sender: &str,
    ordering_key: &str,
) -> Result<KeyState, PassageError> {
    let next = inbox::lock_next_sequence(&mut *transaction, sender, ordering_key).await?;
    let waiting = inbox::count_waiting(&mut *transaction, sender, ordering_key).await?;
    Ok(KeyState {
        next,
        moved: false,
        waiting,
        cut: false,
    })
}

/// Applies the inbox messages that wait for nothing any more, [`MAX_CASCADE`] per
/// transaction, for every sender and ordering key that has waiting messages: after a cascade
/// was cut short, and when the instance starts, in case it stopped in between.
///
/// # Errors
/// [`PassageError::Store`] when the database fails.
pub async fn drain_waiting(passage: &Passage) -> Result<(), PassageError> {
    let keys = inbox::keys_with_waiting(passage.store().pool()).await?;
    for (sender, ordering_key) in keys {
        loop {
            let _turn = passage.write_turn().await;
            let mut transaction = passage.store().begin().await?;
            let mut state = lock_key(&mut transaction, &sender, &ordering_key).await?;
            let now = Utc::now();
            apply_waiting(
                passage,
                &mut transaction,
                (&sender, &ordering_key),
                &mut state,
                now,
            )
            .await?;
            if state.moved {
                inbox::set_next_sequence(&mut *transaction, &sender, &ordering_key, state.next)
                    .await?;
            }
            tongban_store::commit(transaction).await?;
            if !state.cut {
                break;
            }
        }
    }
    Ok(())
}

/// Applies the waiting messages of `sender` and `ordering_key` that follow `state.next`
/// without a gap, at most [`MAX_CASCADE`], and moves `state` past them.
async fn apply_waiting(
    passage: &Passage,
    transaction: &mut StoreConnection,
    (sender, ordering_key): (&str, &str),
    state: &mut KeyState,
    now: DateTime<Utc>,
) -> Result<(), PassageError> {
    let mut applied = 0;
    while let Some(waiting) =
        inbox::find_waiting(&mut *transaction, sender, ordering_key, state.next).await?
    {
        if applied == MAX_CASCADE {
            state.cut = true;
            break;
        }
        applied += 1;
        let envelope = Envelope::from_wire(waiting.envelope.as_bytes()).map_err(|error| {
            PassageError::InvalidStored {
                what: "inbox envelope",
                detail: error.to_string(),
            }
        })?;
        let message = incoming(passage, &envelope)?;
        let outcome = match passage.handlers().get(&message.message_type) {
            Some(handler) => apply_one(transaction, handler, &message).await,
            None => Err(HandlerError::Rejected(format!(
                "no handler is registered for message type {:?}",
                message.message_type
            ))),
        };
        match outcome {
            Ok(()) => {
                inbox::settle(
                    &mut *transaction,
                    &message.message_id,
                    InboxStatus::Applied,
                    now,
                    None,
                )
                .await?;
            }
            // The sender was acknowledged when the message arrived, so the rejection is
            // recorded here and the ordering key moves on: a rejected message is never
            // applied, so nothing after it overtakes anything.
            Err(HandlerError::Rejected(reason)) => {
                tracing::error!(message_id = %message.message_id, sender = %message.sender,
                    message_type = %message.message_type, %reason,
                    "a message that waited for its turn was rejected by its handler");
                inbox::settle(
                    &mut *transaction,
                    &message.message_id,
                    InboxStatus::Rejected,
                    now,
                    Some(&reason),
                )
                .await?;
            }
            Err(HandlerError::Store(error)) => return Err(error.into()),
        }
        state.next += 1;
        state.moved = true;
        state.waiting = state.waiting.saturating_sub(1);
    }
    Ok(())
}

/// Runs `handler` in a savepoint, so a handler that fails leaves nothing behind.
async fn apply_one(
    transaction: &mut StoreConnection,
    handler: &dyn MessageHandler,
    message: &IncomingMessage,
) -> Result<(), HandlerError> {
    let mut savepoint = tongban_store::passage::savepoint(transaction).await?;
    match handler.apply(&mut savepoint, message).await {
        Ok(()) => Ok(tongban_store::commit(savepoint).await?),
        Err(error) => {
            tongban_store::passage::rollback(savepoint).await?;
            Err(error)
        }
    }
}
