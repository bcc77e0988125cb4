//! The hub's store-and-forward: checking an envelope from a node, attesting it and storing it
//! for the receiver before acknowledging it.

use chrono::{DateTime, Utc};
use tongban_crypto::envelope::{Envelope, EnvelopeError};
use tongban_store::passage::evidence::Direction;
use tongban_store::passage::outbox::{self, NewOutboxMessage};

use super::inbox::{Receipt, Received, store_received, wire_text};
use super::rejections::record_rejection;
use super::{Passage, PassageError, Role};

/// Accepts an envelope a node posted to the hub: reads it from `bytes` and checks that its
/// receiver is an active node or the hub, that its sender is an active node of the registry,
/// that the key it names was valid when it was sealed, and the signature. An envelope for
/// another node is attested and stored in the hub's outbox for it, with both evidence
/// entries, in one transaction; one for the hub is stored and applied in the hub's inbox.
///
/// A message id the hub relayed before is acknowledged as [`Receipt::Duplicate`] without a
/// second record.
///
/// # Errors
/// [`PassageError::Envelope`] for an envelope that fails a check,
/// [`PassageError::UnknownReceiver`] when no active node has the receiver's id, the handler's
/// errors for a message to the hub, and [`PassageError::Store`] when the database fails. Each
/// rejection is logged, and a permanent one is recorded in the audit trail.
pub async fn relay(passage: &Passage, bytes: &[u8]) -> Result<Receipt, PassageError> {
    let mut results = relay_batch(passage, &[bytes]).await?;
    results.pop().ok_or_else(|| PassageError::InvalidStored {
        what: "relay outcome",
        detail: "a batch of one envelope had no outcome".to_owned(),
    })?
}

/// Accepts a batch of envelopes a node posted at once, each as [`relay`] does, and stores
/// all that pass their checks in one transaction. Returns the outcome of each envelope in
/// the order of `envelopes`: an envelope that fails a check does not affect the others.
///
/// # Errors
/// [`PassageError::Store`] when the transaction of the batch fails: then none of its
/// envelopes is stored, and the sender tries them all again.
pub async fn relay_batch(
    passage: &Passage,
    envelopes: &[&[u8]],
) -> Result<Vec<Result<Receipt, PassageError>>, PassageError> {
    let mut results: Vec<Option<Result<Receipt, PassageError>>> =
        envelopes.iter().map(|_| None).collect();
    let now = Utc::now();
    let mut to_hub = Vec::new();
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
        match check(passage, &envelope).await {
            Ok(Destination::Hub) => match Received::check(passage, envelope) {
                Ok(received) => to_hub.push((index, received)),
                Err(rejection) => {
                    let (error, envelope) = *rejection;
                    record_rejection(passage, &error, Some(&envelope), bytes).await;
                    results[index] = Some(Err(error));
                }
            },
            Ok(Destination::Node) => checked.push((index, envelope)),
            Err(error) => {
                record_rejection(passage, &error, Some(&envelope), bytes).await;
                results[index] = Some(Err(error));
            }
        }
    }

    let to_nodes = match attest(passage, checked, now) {
        Ok(to_nodes) => to_nodes,
        Err((error, checked)) => {
            for (index, envelope) in &checked {
                let error = PassageError::Envelope(error.clone());
                record_rejection(passage, &error, Some(envelope), envelopes[*index]).await;
                results[*index] = Some(Err(error));
            }
            Vec::new()
        }
    };
    let stored = store_relayed(passage, &to_nodes, now).await;
    if let Err(error) = &stored {
        for (index, envelope, _) in &to_nodes {
            record_rejection(passage, error, Some(envelope), envelopes[*index]).await;
        }
    }
    for ((index, _, _), receipt) in to_nodes.iter().zip(stored?) {
        results[*index] = Some(Ok(receipt));
    }

    let (indexes, received): (Vec<usize>, Vec<Received>) = to_hub.into_iter().unzip();
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
                    what: "relay outcome",
                    detail: "an envelope of the batch had no outcome".to_owned(),
                })
            })
        })
        .collect())
}

/// Where a checked envelope goes.
enum Destination {
    /// It is addressed to the hub, which applies it.
    Hub,
    /// It is addressed to a node, which the hub forwards it to.
    Node,
}

/// Runs the hub's checks in the order of the verification rules: the receiver is the hub or
/// an active node, then the sender, its key and its signature.
async fn check(passage: &Passage, envelope: &Envelope) -> Result<Destination, PassageError> {
    let header = envelope.header();
    if passage.role() != Role::Hub {
        return Err(EnvelopeError::WrongReceiver {
            receiver: header.receiver.clone(),
            expected: "the hub".to_owned(),
        }
        .into());
    }
    let directory = passage.inner.directory.get(passage).await?;
    let for_hub = header.receiver == passage.instance_id();
    if !for_hub && directory.endpoint(&header.receiver).is_none() {
        return Err(PassageError::UnknownReceiver {
            receiver: header.receiver.clone(),
        });
    }
    envelope.verify(&header.receiver, &directory.sender(&header.sender), None)?;
    Ok(if for_hub {
        Destination::Hub
    } else {
        Destination::Node
    })
}

/// The checked envelopes for nodes, each with its index in the posted batch.
type Checked = Vec<(usize, Envelope)>;

/// The envelopes for nodes, each with its index, as received and as relayed.
type Attested = Vec<(usize, Envelope, Envelope)>;

/// Attests the `checked` envelopes for nodes as one batch, with one signature, and returns
/// each as received and as relayed. On failure returns the error with the envelopes.
fn attest(
    passage: &Passage,
    checked: Checked,
    now: DateTime<Utc>,
) -> Result<Attested, (EnvelopeError, Checked)> {
    let mut relayed: Vec<Envelope> = checked
        .iter()
        .map(|(_, envelope)| envelope.clone())
        .collect();
    if let Err(error) = Envelope::attest_batch(
        &mut relayed,
        passage.instance_id(),
        passage.signing_key(),
        now,
    ) {
        return Err((error, checked));
    }
    Ok(checked
        .into_iter()
        .zip(relayed)
        .map(|((index, received), relayed)| (index, received, relayed))
        .collect())
}

/// Stores the attested envelopes in the outbox with both evidence entries of each, in one
/// transaction, and returns `Relayed`, or `Duplicate` for a message id relayed before.
async fn store_relayed(
    passage: &Passage,
    envelopes: &[(usize, Envelope, Envelope)],
    now: DateTime<Utc>,
) -> Result<Vec<Receipt>, PassageError> {
    if envelopes.is_empty() {
        return Ok(Vec::new());
    }
    let mut rows = Vec::with_capacity(envelopes.len());
    for (_, received, relayed) in envelopes {
        let header = received.header();
        let sequence = i64::try_from(header.sequence).map_err(|_| PassageError::InvalidStored {
            what: "sequence number",
            detail: format!("{} is too large", header.sequence),
        })?;
        rows.push(NewOutboxMessage {
            message_id: header.message_id.as_str(),
            destination: &header.receiver,
            sender: &header.sender,
            receiver: &header.receiver,
            message_type: &header.message_type,
            ordering_key: &header.ordering_key,
            sequence,
            envelope: wire_text(relayed)?,
            created_at: now,
        });
    }

    let _turn = passage.write_turn().await;
    let mut transaction = passage.store().begin().await?;
    let inserted = outbox::insert_messages(&mut transaction, &rows).await?;
    let mut evidence = Vec::with_capacity(envelopes.len() * 2);
    for ((_, received, relayed), inserted) in envelopes.iter().zip(&inserted) {
        if *inserted {
            evidence.push((Direction::Received, received));
            evidence.push((Direction::Sent, relayed));
        }
    }
    super::evidence::record_all(&mut transaction, &evidence, now).await?;
    tongban_store::commit(transaction).await?;
    if !evidence.is_empty() {
        passage.wake();
    }
    Ok(inserted
        .into_iter()
        .map(|inserted| {
            if inserted {
                Receipt::Relayed
            } else {
                Receipt::Duplicate
            }
        })
        .collect())
}
