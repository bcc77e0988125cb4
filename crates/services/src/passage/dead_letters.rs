//! Dead letters: messages the delivery worker gave up, listed for operators and put back in
//! the queue by them.

use chrono::Utc;
use serde_json::json;
use tongban_store::Store;
use tongban_store::audit::{self, NewAuditEvent};
use tongban_store::passage::outbox::{self, OutboxMessage};

use super::PassageError;

/// Returns the dead letters of the outbox, oldest first.
///
/// # Errors
/// [`PassageError::Store`] when the database fails.
pub async fn list_dead_letters(store: &Store) -> Result<Vec<OutboxMessage>, PassageError> {
    Ok(outbox::list_dead(store.pool()).await?)
}

/// Puts the dead letter `message_id` back in the queue with no failed attempts, due at once,
/// on behalf of `actor`, with an audit event. Returns `false` when no dead letter has that id,
/// such as a message that was delivered or retried already.
///
/// A running instance's worker finds the message within its poll interval.
///
/// # Errors
/// [`PassageError::Store`] when the database fails.
pub async fn retry_dead_letter(
    store: &Store,
    message_id: &str,
    actor: &str,
) -> Result<bool, PassageError> {
    let now = Utc::now();
    let mut transaction = store.begin().await?;
    let Some(message) = outbox::find_message(&mut *transaction, message_id).await? else {
        return Ok(false);
    };
    if !outbox::revive(&mut *transaction, message_id, now).await? {
        return Ok(false);
    }
    let event = NewAuditEvent {
        occurred_at: now,
        actor: actor.to_owned(),
        action: "passage.retry_dead_letter".to_owned(),
        subject: format!("passage/message/{message_id}"),
        reason: message.last_error.clone(),
        details: Some(json!({
            "receiver": message.receiver,
            "destination": message.destination,
            "message_type": message.message_type,
            "attempts": message.attempts,
        })),
    };
    audit::record_event(&mut *transaction, &event).await?;
    tongban_store::commit(transaction).await?;
    tracing::info!(%message_id, %actor, receiver = %message.receiver, "dead letter queued again");
    Ok(true)
}

/// Puts every dead letter back in the queue, as [`retry_dead_letter`] does for one, and
/// returns the message ids it queued.
///
/// # Errors
/// [`PassageError::Store`] when the database fails; the letters queued before stay queued.
pub async fn retry_all_dead_letters(
    store: &Store,
    actor: &str,
) -> Result<Vec<String>, PassageError> {
    let mut queued = Vec::new();
    for message in list_dead_letters(store).await? {
        if retry_dead_letter(store, &message.message_id, actor).await? {
            queued.push(message.message_id);
        }
    }
    Ok(queued)
}
