//! Receiving: checking an envelope, storing it in the inbox keyed by message id, and applying
//! it and the messages that waited for it, in the order of their ordering key.

use tongban_crypto::envelope::{Envelope, EnvelopeError};

pub(super) use super::apply::store_received;
use super::handlers::{HandlerError, IncomingMessage};
use super::rejections::record_rejection;
use super::{Passage, PassageError, Role};

/// The outcome of an accepted envelope.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Receipt {
    /// The hub checked, attested and stored it for the receiver.
    Relayed,
    /// The message id was accepted before; nothing changed.
    Duplicate,
    /// Its handler applied it, together with any messages that waited for it.
    Applied,
    /// It is stored and waits for messages before it in its ordering key.
    Waiting,
    /// Its sequence number was applied before under another message id, so it is stored but
    /// not applied.
    Stale,
}

impl Receipt {
    /// Returns the name the acknowledgement carries.
    pub fn as_str(self) -> &'static str {
        match self {
            Receipt::Relayed => "relayed",
            Receipt::Duplicate => "duplicate",
            Receipt::Applied => "applied",
            Receipt::Waiting => "waiting",
            Receipt::Stale => "stale",
        }
    }
}

/// Receives an envelope the hub forwarded to this node: reads it from `bytes`, checks it in
/// the order of [`Envelope::verify`] against the cached trust list and the hub key saved at
/// enrolment, and stores and applies it.
///
/// # Errors
/// [`PassageError::Envelope`] for an envelope that fails a check, [`PassageError::NotEnrolled`]
/// or [`PassageError::NoTrustList`] when the node cannot check senders yet,
/// [`PassageError::NotYetTrusted`] for a sender or key its trust list does not list yet,
/// [`PassageError::UnknownType`] and [`PassageError::Rejected`] from the handler, and
/// [`PassageError::Store`] when the database fails. Each rejection is logged, and a permanent
/// one is recorded in the audit trail.
pub async fn receive(passage: &Passage, bytes: &[u8]) -> Result<Receipt, PassageError> {
    let mut results = receive_batch(passage, &[bytes]).await?;
    results.pop().ok_or_else(|| PassageError::InvalidStored {
        what: "receipt",
        detail: "a batch of one envelope had no outcome".to_owned(),
    })?
}

/// Receives a batch of envelopes the hub forwarded at once, each as [`receive`] does, and
/// stores and applies all that pass their checks in one transaction, in the order of
/// `envelopes`. Returns the outcome of each envelope in that order: an envelope that fails a
/// check, or whose handler rejects it, does not affect the others.
///
/// # Errors
/// [`PassageError::Store`] when the transaction of the batch fails: then none of its
/// envelopes is stored, and the hub tries them all again.
pub async fn receive_batch(
    passage: &Passage,
    envelopes: &[&[u8]],
) -> Result<Vec<Result<Receipt, PassageError>>, PassageError> {
    let mut results: Vec<Option<Result<Receipt, PassageError>>> =
        envelopes.iter().map(|_| None).collect();
    let mut checked = Vec::new();
    for (index, bytes) in envelopes.iter().enumerate() {
        let envelope = match Envelope::from_wire(bytes) {
            Ok(envelope) => envelope,
            Err(error) => {
                let error = PassageError::Envelope(error);
                record_rejection(passage, &error, None, bytes).await;
                results[index] = Some(Err(error));
                continue;
            }
        };
        let received = match check_at_node(passage, &envelope).await {
            Ok(()) => Received::check(passage, envelope),
            Err(error) => Err(Box::new((error, envelope))),
        };
        match received {
            Ok(received) => checked.push((index, received)),
            Err(rejection) => {
                let (error, envelope) = *rejection;
                record_rejection(passage, &error, Some(&envelope), bytes).await;
                results[index] = Some(Err(error));
            }
        }
    }

    let (indexes, received): (Vec<usize>, Vec<Received>) = checked.into_iter().unzip();
    let outcomes = store_received(passage, received).await?;
    for (index, outcome) in indexes.into_iter().zip(outcomes) {
        if let Err(rejection) = &outcome {
            let (error, envelope) = rejection.as_ref();
            record_rejection(passage, error, Some(envelope), envelopes[index]).await;
        }
        results[index] = Some(outcome.map_err(|rejection| rejection.0));
    }
    Ok(results
        .into_iter()
        .map(|result| {
            result.unwrap_or_else(|| {
                Err(PassageError::InvalidStored {
                    what: "receipt",
                    detail: "an envelope of the batch had no outcome".to_owned(),
                })
            })
        })
        .collect())
}

async fn check_at_node(passage: &Passage, envelope: &Envelope) -> Result<(), PassageError> {
    let header = envelope.header();
    if passage.role() != Role::Node || header.receiver != passage.instance_id() {
        return Err(EnvelopeError::WrongReceiver {
            receiver: header.receiver.clone(),
            expected: passage.instance_id().to_owned(),
        }
        .into());
    }
    let directory = passage.inner.directory.get(passage).await?;
    let hub = directory.hub.as_ref().ok_or(PassageError::NotEnrolled)?;
    if !directory.trust_list_valid {
        return Err(PassageError::NoTrustList);
    }
    let sender = directory.sender(&header.sender);
    envelope
        .verify(passage.instance_id(), &sender, Some(&hub.key))
        .map_err(|error| match error {
            EnvelopeError::UnknownSender { .. } | EnvelopeError::KeyNotValid { .. } => {
                PassageError::NotYetTrusted(error)
            }
            other => PassageError::Envelope(other),
        })
}

/// An envelope that was rejected, with the error, for the caller to record. Boxed because
/// an envelope is large.
pub(super) type RejectedEnvelope = Box<(PassageError, Envelope)>;

/// A checked envelope for this instance whose message type has a handler that accepts the
/// body, ready to be stored.
#[derive(Debug)]
pub(super) struct Received {
    pub envelope: Envelope,
    pub incoming: IncomingMessage,
}

impl Received {
    /// Looks up the handler of the envelope's message type and runs its check of the body.
    /// Returns the error together with the envelope, which the caller records.
    pub fn check(passage: &Passage, envelope: Envelope) -> Result<Received, RejectedEnvelope> {
        match Received::checked_message(passage, &envelope) {
            Ok(incoming) => Ok(Received { envelope, incoming }),
            Err(error) => Err(Box::new((error, envelope))),
        }
    }

    fn checked_message(
        passage: &Passage,
        envelope: &Envelope,
    ) -> Result<IncomingMessage, PassageError> {
        let header = envelope.header();
        let handler = passage
            .handlers()
            .get(&header.message_type)
            .ok_or_else(|| PassageError::UnknownType {
                message_type: header.message_type.clone(),
            })?;
        handler
            .check(envelope.body())
            .map_err(|error| rejected(&header.message_type, error))?;
        wire_text(envelope)?;
        incoming(passage, envelope)
    }
}

pub(super) fn rejected(message_type: &str, error: HandlerError) -> PassageError {
    match error {
        HandlerError::Rejected(reason) => PassageError::Rejected {
            message_type: message_type.to_owned(),
            reason,
        },
        HandlerError::Store(error) => PassageError::Store(error),
    }
}

pub(super) fn incoming(
    passage: &Passage,
    envelope: &Envelope,
) -> Result<IncomingMessage, PassageError> {
    let header = envelope.header();
    Ok(IncomingMessage {
        message_id: header.message_id.to_string(),
        sender: header.sender.clone(),
        receiver: passage.instance_id().to_owned(),
        message_type: header.message_type.clone(),
        ordering_key: header.ordering_key.clone(),
        sequence: i64::try_from(header.sequence).map_err(|_| PassageError::InvalidStored {
            what: "sequence number",
            detail: format!("{} is too large", header.sequence),
        })?,
        sent_at: header.sent_at,
        body: envelope.body().clone(),
    })
}

pub(super) fn wire_text(envelope: &Envelope) -> Result<&str, PassageError> {
    std::str::from_utf8(envelope.to_wire()).map_err(|error| PassageError::InvalidStored {
        what: "envelope",
        detail: error.to_string(),
    })
}
