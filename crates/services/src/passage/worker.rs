//! The delivery worker: claims due outbox rows, posts them to the next instance, and records
//! each outcome: delivered, a retry after a backoff, or a dead letter.
//!
//! The worker does not depend on HTTP. The instance hands it a [`Transport`] that posts the
//! envelope's bytes to a URL and classifies the response.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use tokio::sync::watch;
use tokio::task::{JoinHandle, JoinSet};
use tongban_store::passage::outbox::{self, OutboxMessage};

use super::handlers::BoxFuture;
use super::{Passage, PassageError, Role, retry_delay};

/// Path at the hub that nodes post their envelopes to.
pub const HUB_MESSAGES_PATH: &str = "/api/passage/messages";

/// Path at a node that the hub posts relayed envelopes to.
pub const NODE_INBOX_PATH: &str = "/api/passage/inbox";

/// Path at the hub that nodes post batches of envelopes to.
pub const HUB_MESSAGES_BATCH_PATH: &str = "/api/passage/messages/batch";

/// Path at a node that the hub posts batches of relayed envelopes to.
pub const NODE_INBOX_BATCH_PATH: &str = "/api/passage/inbox/batch";

/// Maximum number of envelopes in one batch post.
pub const MAX_BATCH_ENVELOPES: usize = 256;

/// Largest body of a batch post, in bytes: the envelopes and the line feeds between them.
/// Every envelope fits on its own, because an envelope has at most
/// [`MAX_ENVELOPE_BYTES`](tongban_crypto::envelope::MAX_ENVELOPE_BYTES).
pub const MAX_BATCH_BYTES: usize = 8 * 1024 * 1024;

/// A failed post of an envelope.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeliveryError {
    /// Whether the receiving instance rejected the envelope for good, so trying again cannot
    /// succeed.
    pub permanent: bool,
    /// The cause, for the outbox row and the log: the status and the receiver's error code,
    /// or the connection error.
    pub detail: String,
}

impl DeliveryError {
    /// Returns a failure that a later attempt may not have: a timeout, a refused connection,
    /// a 503.
    pub fn transient(detail: impl Into<String>) -> DeliveryError {
        DeliveryError {
            permanent: false,
            detail: detail.into(),
        }
    }

    /// Returns a rejection that every attempt would get.
    pub fn permanent(detail: impl Into<String>) -> DeliveryError {
        DeliveryError {
            permanent: true,
            detail: detail.into(),
        }
    }
}

impl fmt::Display for DeliveryError {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(&self.detail)
    }
}

/// Posts an envelope to another instance.
pub trait Transport: Send + Sync + fmt::Debug {
    /// Posts `envelope`, canonical JSON, to `url`. `Ok` means the receiver acknowledged it:
    /// it stored the envelope durably, or had it already.
    ///
    /// # Errors
    /// A [`DeliveryError`] saying whether to try again.
    fn post<'a>(
        &'a self,
        url: &'a str,
        envelope: &'a [u8],
    ) -> BoxFuture<'a, Result<(), DeliveryError>>;

    /// Posts `envelopes` in one request to `batch_url` and returns the outcome of each, in
    /// order, with the meaning of [`Transport::post`]. The default posts them one at a time
    /// to `url`.
    fn post_batch<'a>(
        &'a self,
        url: &'a str,
        batch_url: &'a str,
        envelopes: &'a [&'a [u8]],
    ) -> BoxFuture<'a, Vec<Result<(), DeliveryError>>> {
        let _ = batch_url;
        Box::pin(async move {
            let mut outcomes = Vec::with_capacity(envelopes.len());
            for envelope in envelopes {
                outcomes.push(self.post(url, envelope).await);
            }
            outcomes
        })
    }
}

/// What became of the rows of one claimed batch.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct BatchOutcome {
    /// Rows claimed.
    pub claimed: usize,
    /// Rows the destination acknowledged.
    pub delivered: usize,
    /// Rows scheduled for another attempt.
    pub retried: usize,
    /// Rows given up.
    pub dead: usize,
}

/// Spawns the worker of `passage`: it delivers due rows until `stop` turns true or its
/// sender is dropped, and waits between batches until [`Passage::wake`] is called, the next
/// row falls due, or `poll_interval` passes.
pub fn spawn(
    passage: Passage,
    transport: Arc<dyn Transport>,
    stop: watch::Receiver<bool>,
) -> JoinHandle<()> {
    tokio::spawn(run(passage, transport, stop))
}

async fn run(passage: Passage, transport: Arc<dyn Transport>, mut stop: watch::Receiver<bool>) {
    tracing::info!(instance = %passage.instance_id(), "passage worker started");
    if let Err(error) = super::apply::drain_waiting(&passage).await {
        tracing::warn!(%error, "applying the waiting inbox messages at start failed");
    }
    let mut failures_in_a_row: u32 = 0;
    loop {
        if *stop.borrow() {
            break;
        }
        // A batch in flight is abandoned on stop. Its rows stay leased until the lease ends
        // and are then claimed again, and the receiver's inbox drops the repeats.
        let outcome = tokio::select! {
            outcome = deliver_due(&passage, &transport) => outcome,
            _ = stop.changed() => break,
        };
        let claimed = match outcome {
            Ok(outcome) => {
                failures_in_a_row = 0;
                outcome.claimed
            }
            Err(error) => {
                failures_in_a_row = failures_in_a_row.saturating_add(1);
                if failures_in_a_row == 1 || failures_in_a_row.is_multiple_of(20) {
                    tracing::warn!(%error, failures = failures_in_a_row,
                        "the passage worker cannot read or update the outbox");
                }
                0
            }
        };
        let full_batch = claimed >= passage.settings().batch_size as usize;
        if full_batch {
            continue;
        }
        let wait = idle_wait(&passage, claimed).await;
        tokio::select! {
            () = passage.inner.outbox_ready.notified() => {}
            () = tokio::time::sleep(wait) => {}
            changed = stop.changed() => {
                if changed.is_err() {
                    break;
                }
            }
        }
    }
    tracing::info!(instance = %passage.instance_id(), "passage worker stopped");
}

/// Returns how long an idle worker sleeps: until the earliest pending row is due, at most
/// `poll_interval`, so rows written by another process are found within that time. Rows that
/// are due but were not claimed (`claimed` is 0) are leased by another worker, or by this one
/// before a restart, so the worker then waits the whole `poll_interval` rather than spin.
async fn idle_wait(passage: &Passage, claimed: usize) -> Duration {
    let poll = passage.settings().poll_interval;
    let until_due = match outbox::next_due_at(passage.store().pool()).await {
        Ok(Some(due)) => (due - Utc::now()).to_std().unwrap_or(Duration::ZERO),
        Ok(None) | Err(_) => poll,
    };
    if until_due.is_zero() && claimed == 0 {
        return poll;
    }
    until_due.min(poll)
}

/// Claims one batch of due rows, posts the rows of each destination in one batch post (the
/// posts side by side), and records every outcome in one transaction.
///
/// # Errors
/// [`PassageError::Store`] when the outbox cannot be read or updated. Failed posts are not
/// errors; they are recorded on their rows.
pub async fn deliver_due(
    passage: &Passage,
    transport: &Arc<dyn Transport>,
) -> Result<BatchOutcome, PassageError> {
    let settings = passage.settings();
    let now = Utc::now();
    // A lease beyond what a timestamp holds is as good as no end.
    let lease_until = chrono::Duration::from_std(settings.lease)
        .ok()
        .and_then(|lease| now.checked_add_signed(lease))
        .unwrap_or(DateTime::<Utc>::MAX_UTC);
    let claimed = {
        let _turn = passage.write_turn().await;
        outbox::claim_due(
            passage.store().pool(),
            passage.store().backend(),
            now,
            lease_until,
            settings.batch_size,
        )
        .await?
    };
    let mut outcome = BatchOutcome {
        claimed: claimed.len(),
        ..BatchOutcome::default()
    };
    if claimed.is_empty() {
        return Ok(outcome);
    }

    let mut posts = JoinSet::new();
    for batch in batches(passage, claimed).await {
        let transport = transport.clone();
        posts.spawn(async move { post_batch(transport.as_ref(), batch).await });
    }
    let mut results = Vec::with_capacity(outcome.claimed);
    while let Some(joined) = posts.join_next().await {
        match joined {
            Ok(batch_results) => results.extend(batch_results),
            // A post that panicked leaves its rows leased; they are claimed again later.
            Err(error) => tracing::error!(%error, "a passage delivery task failed"),
        }
    }

    let now = Utc::now();
    let _turn = passage.write_turn().await;
    let mut transaction = passage.store().begin().await?;
    let mut delivered = Vec::with_capacity(results.len());
    for (row, result) in results {
        match result {
            Ok(()) => delivered.push(row.id),
            Err(error) => {
                if record_failure(&mut transaction, passage, &row, &error, now).await? {
                    outcome.dead += 1;
                } else {
                    outcome.retried += 1;
                }
            }
        }
    }
    outbox::mark_delivered_many(&mut transaction, &delivered, now).await?;
    outcome.delivered = delivered.len();
    tongban_store::commit(transaction).await?;
    Ok(outcome)
}

/// Rows of the outbox posted in one request, with the destination's single and batch URLs.
/// `url` is an error when the destination cannot be found.
struct Batch {
    url: Result<(String, String), DeliveryError>,
    rows: Vec<OutboxMessage>,
}

/// Groups `rows` by destination, in order, into batches of at most [`MAX_BATCH_ENVELOPES`]
/// rows and [`MAX_BATCH_BYTES`] bytes.
async fn batches(passage: &Passage, rows: Vec<OutboxMessage>) -> Vec<Batch> {
    let mut by_destination: Vec<(String, Vec<OutboxMessage>)> = Vec::new();
    for row in rows {
        match by_destination
            .iter_mut()
            .find(|(destination, _)| *destination == row.destination)
        {
            Some((_, group)) => group.push(row),
            None => by_destination.push((row.destination.clone(), vec![row])),
        }
    }

    let mut batches = Vec::new();
    for (destination, group) in by_destination {
        let url = destination_urls(passage, &destination)
            .await
            .map_err(|error| DeliveryError::transient(error.to_string()));
        let mut rows: Vec<OutboxMessage> = Vec::new();
        let mut bytes = 0;
        for row in group {
            let size = row.envelope.len() + 1;
            let full = rows.len() >= MAX_BATCH_ENVELOPES || bytes + size > MAX_BATCH_BYTES;
            if full && !rows.is_empty() {
                batches.push(Batch {
                    url: url.clone(),
                    rows: std::mem::take(&mut rows),
                });
                bytes = 0;
            }
            bytes += size;
            rows.push(row);
        }
        if !rows.is_empty() {
            batches.push(Batch { url, rows });
        }
    }
    batches
}

/// Posts the rows of `batch`, one alone and several in a batch post, and returns each row
/// with its outcome.
async fn post_batch(
    transport: &dyn Transport,
    batch: Batch,
) -> Vec<(OutboxMessage, Result<(), DeliveryError>)> {
    let (url, batch_url) = match batch.url {
        Ok(urls) => urls,
        Err(error) => {
            return batch
                .rows
                .into_iter()
                .map(|row| (row, Err(error.clone())))
                .collect();
        }
    };
    let outcomes = if let [row] = batch.rows.as_slice() {
        vec![transport.post(&url, row.envelope.as_bytes()).await]
    } else {
        let envelopes: Vec<&[u8]> = batch
            .rows
            .iter()
            .map(|row| row.envelope.as_bytes())
            .collect();
        transport.post_batch(&url, &batch_url, &envelopes).await
    };
    if outcomes.len() != batch.rows.len() {
        let error = DeliveryError::transient(format!(
            "POST {batch_url}: {} outcomes for {} envelopes",
            outcomes.len(),
            batch.rows.len()
        ));
        return batch
            .rows
            .into_iter()
            .map(|row| (row, Err(error.clone())))
            .collect();
    }
    batch.rows.into_iter().zip(outcomes).collect()
}

/// Returns the URLs to post a row for `destination` to, alone and in a batch: at a node
/// those of the hub it enrolled with, at the hub those of the receiving node in the registry.
async fn destination_urls(
    passage: &Passage,
    destination: &str,
) -> Result<(String, String), PassageError> {
    let directory = passage.inner.directory.get(passage).await?;
    match passage.role() {
        Role::Node => {
            let hub = directory.hub.as_ref().ok_or(PassageError::NotEnrolled)?;
            Ok((
                format!("{}{HUB_MESSAGES_PATH}", hub.url),
                format!("{}{HUB_MESSAGES_BATCH_PATH}", hub.url),
            ))
        }
        Role::Hub => {
            let endpoint = directory
                .endpoint(destination)
                .map(|endpoint| endpoint.trim_end_matches('/'))
                .ok_or_else(|| PassageError::UnknownReceiver {
                    receiver: destination.to_owned(),
                })?;
            Ok((
                format!("{endpoint}{NODE_INBOX_PATH}"),
                format!("{endpoint}{NODE_INBOX_BATCH_PATH}"),
            ))
        }
    }
}

/// Records a failed post: a dead letter for a permanent rejection or the last allowed
/// attempt, otherwise a retry after the backoff. Returns whether the row is now dead.
async fn record_failure(
    transaction: &mut tongban_store::passage::StoreConnection,
    passage: &Passage,
    row: &OutboxMessage,
    error: &DeliveryError,
    now: DateTime<Utc>,
) -> Result<bool, PassageError> {
    let settings = passage.settings();
    let attempts = row.attempts.saturating_add(1);
    let attempts_left = u32::try_from(attempts).is_ok_and(|done| done < settings.max_attempts);
    if error.permanent || !attempts_left {
        outbox::mark_dead(&mut *transaction, row.id, attempts, now, &error.detail).await?;
        tracing::error!(message_id = %row.message_id, destination = %row.destination,
            receiver = %row.receiver, message_type = %row.message_type, attempts,
            permanent = error.permanent, error = %error,
            "delivery given up; the message is a dead letter");
        return Ok(true);
    }

    let failures = u32::try_from(attempts).unwrap_or(u32::MAX);
    let delay = retry_delay(failures, settings.backoff_base, settings.backoff_cap);
    let next_attempt_at = chrono::Duration::from_std(delay)
        .ok()
        .and_then(|delay| now.checked_add_signed(delay))
        .unwrap_or(now);
    outbox::schedule_retry(
        &mut *transaction,
        row.id,
        attempts,
        next_attempt_at,
        &error.detail,
    )
    .await?;
    // The first failure and every fifth are warnings; the others would repeat them.
    if attempts == 1 || attempts % 5 == 0 {
        tracing::warn!(message_id = %row.message_id, destination = %row.destination,
            attempts, retry_in_ms = delay.as_millis(), error = %error,
            "delivery failed; trying again");
    } else {
        tracing::debug!(message_id = %row.message_id, destination = %row.destination,
            attempts, retry_in_ms = delay.as_millis(), error = %error,
            "delivery failed; trying again");
    }
    Ok(false)
}
