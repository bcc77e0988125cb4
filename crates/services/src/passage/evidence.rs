//! The evidence log of the passage: appending an entry for every envelope sent and received,
//! and walking the hash chain to find the first broken link.
//!
//! The hash of an entry is the SM3 digest (hex) of the canonical JSON (RFC 8785) of the object
//! with its members `sequence`, `recorded_at` (Unix milliseconds), `direction`, `message_id`,
//! `sender`, `receiver`, `message_type`, `envelope_sm3`, `sender_key_id`,
//! `sender_signature`, `hub_key_id`, `hub_signature` (both `null` for an envelope without an
//! attestation) and `previous_hash`. The first entry links to 64 zeros.

use chrono::{DateTime, Utc};
use serde_json::json;
use tongban_crypto::envelope::Envelope;
use tongban_store::Store;
use tongban_store::passage::StoreConnection;
use tongban_store::passage::evidence::{self, Direction, EvidenceEntry};

use super::PassageError;

/// Entries read per query while verifying.
const PAGE: u32 = 1000;

/// Appends the entry of `envelope`, `direction` at `now`, on `connection`, which must be
/// inside the transaction that sends or accepts the envelope.
pub(super) async fn record(
    connection: &mut StoreConnection,
    direction: Direction,
    envelope: &Envelope,
    now: DateTime<Utc>,
) -> Result<(), PassageError> {
    // TODO: the head stays locked until the transaction ends. On PostgreSQL a transaction can
    // append and then wait for a row that another transaction holds while it waits for the
    // head, such as a second sequence number or a case row that a later handler of an inbox
    // batch changes. PostgreSQL then aborts one of the two as a deadlock. Appending every
    // entry of a transaction just before its commit would avoid the cycle.
    let head = evidence::take_head(&mut *connection).await?;
    let entry = new_entry(head.sequence, head.entry_hash, direction, envelope, now)?;
    evidence::insert_entry(&mut *connection, &entry).await?;
    evidence::set_head(&mut *connection, &entry.entry_hash).await?;
    Ok(())
}

/// Appends an entry for each of `envelopes`, in order, with one head update and multi-row
/// inserts, on `connection`, which must be inside the transaction that sends or accepts
/// them. Does nothing for an empty list.
pub(super) async fn record_all(
    connection: &mut StoreConnection,
    envelopes: &[(Direction, &Envelope)],
    now: DateTime<Utc>,
) -> Result<(), PassageError> {
    let Ok(count) = i64::try_from(envelopes.len()) else {
        return Err(PassageError::InvalidStored {
            what: "evidence entries",
            detail: format!("{} entries are too many for one append", envelopes.len()),
        });
    };
    if count == 0 {
        return Ok(());
    }
    let head = evidence::take_head_for(&mut *connection, count).await?;
    let mut entries = Vec::with_capacity(envelopes.len());
    let mut previous_hash = head.entry_hash;
    for (sequence, (direction, envelope)) in (head.sequence..).zip(envelopes) {
        let entry = new_entry(
            sequence,
            std::mem::take(&mut previous_hash),
            *direction,
            envelope,
            now,
        )?;
        previous_hash.clone_from(&entry.entry_hash);
        entries.push(entry);
    }
    evidence::insert_entries(&mut *connection, &entries).await?;
    evidence::set_head(&mut *connection, &previous_hash).await?;
    Ok(())
}

/// Builds the entry of `envelope` at `sequence`, linked to `previous_hash`, with its hash.
fn new_entry(
    sequence: i64,
    previous_hash: String,
    direction: Direction,
    envelope: &Envelope,
    now: DateTime<Utc>,
) -> Result<EvidenceEntry, PassageError> {
    let header = envelope.header();
    let attestation = envelope.attestation();
    let mut entry = EvidenceEntry {
        sequence,
        recorded_at: now,
        direction,
        message_id: header.message_id.to_string(),
        sender: header.sender.clone(),
        receiver: header.receiver.clone(),
        message_type: header.message_type.clone(),
        envelope_sm3: envelope.digest(),
        sender_key_id: envelope.key_id().to_owned(),
        sender_signature: envelope.signature().to_base64url(),
        hub_key_id: attestation.map(|attestation| attestation.key_id.clone()),
        hub_signature: attestation.map(|attestation| attestation.signature.to_base64url()),
        previous_hash,
        entry_hash: String::new(),
    };
    entry.entry_hash = entry_hash(&entry)?;
    Ok(entry)
}

/// Computes the hash of `entry` from every member but `entry_hash`.
fn entry_hash(entry: &EvidenceEntry) -> Result<String, PassageError> {
    let members = json!({
        "sequence": entry.sequence,
        "recorded_at": entry.recorded_at.timestamp_millis(),
        "direction": entry.direction.as_str(),
        "message_id": entry.message_id,
        "sender": entry.sender,
        "receiver": entry.receiver,
        "message_type": entry.message_type,
        "envelope_sm3": entry.envelope_sm3,
        "sender_key_id": entry.sender_key_id,
        "sender_signature": entry.sender_signature,
        "hub_key_id": entry.hub_key_id,
        "hub_signature": entry.hub_signature,
        "previous_hash": entry.previous_hash,
    });
    tongban_crypto::sm3_of_json(&members).map_err(|error| PassageError::InvalidStored {
        what: "evidence entry",
        detail: error.to_string(),
    })
}

/// What is wrong at the first broken link of the chain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkProblem {
    /// The entry's sequence is not the one after the entry before it: an entry is missing.
    SequenceGap {
        /// The sequence expected here.
        expected: i64,
    },
    /// The entry's `previous_hash` is not the hash of the entry before it.
    PreviousHash,
    /// The entry's `entry_hash` does not match its members: the entry was changed.
    EntryHash,
    /// The head of the chain names another last entry than the log ends with: entries at the
    /// end were removed, or the head was changed.
    Head {
        /// The sequence the head names.
        head_sequence: i64,
    },
}

impl LinkProblem {
    /// Returns a stable code of the problem.
    pub fn code(&self) -> &'static str {
        match self {
            LinkProblem::SequenceGap { .. } => "sequence-gap",
            LinkProblem::PreviousHash => "previous-hash",
            LinkProblem::EntryHash => "entry-hash",
            LinkProblem::Head { .. } => "head",
        }
    }
}

/// The first broken link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BrokenLink {
    /// The sequence of the entry where the chain breaks.
    pub sequence: i64,
    /// What is wrong there.
    pub problem: LinkProblem,
}

/// The outcome of walking the chain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EvidenceReport {
    /// Entries checked before the walk ended.
    pub entries_checked: i64,
    /// The first broken link, or `None` when the chain is intact.
    pub broken: Option<BrokenLink>,
}

/// A walk along a hash chain from its first entry: each entry must carry the next sequence
/// and the hash of the entry before it, and its own hash must match its members. The evidence
/// log and the data access log are both checked with it.
#[derive(Debug, Clone)]
pub struct ChainWalk {
    expected_sequence: i64,
    previous_hash: String,
    checked: i64,
}

impl Default for ChainWalk {
    fn default() -> ChainWalk {
        ChainWalk {
            expected_sequence: 1,
            previous_hash: "0".repeat(64),
            checked: 0,
        }
    }
}

impl ChainWalk {
    /// Returns the sequence after which the next page of entries starts.
    pub fn next_after(&self) -> i64 {
        self.expected_sequence - 1
    }

    /// Checks the entry `sequence` with its stored `previous_hash` and `entry_hash` and the
    /// hash `computed_hash` of its members. Returns the report when the chain breaks here.
    pub fn check(
        &mut self,
        sequence: i64,
        previous_hash: &str,
        entry_hash: &str,
        computed_hash: &str,
    ) -> Option<EvidenceReport> {
        let problem = if sequence != self.expected_sequence {
            Some(LinkProblem::SequenceGap {
                expected: self.expected_sequence,
            })
        } else if previous_hash != self.previous_hash {
            Some(LinkProblem::PreviousHash)
        } else if computed_hash != entry_hash {
            Some(LinkProblem::EntryHash)
        } else {
            None
        };
        if let Some(problem) = problem {
            return Some(EvidenceReport {
                entries_checked: self.checked,
                broken: Some(BrokenLink { sequence, problem }),
            });
        }

        self.checked += 1;
        self.expected_sequence += 1;
        entry_hash.clone_into(&mut self.previous_hash);
        None
    }

    /// Ends the walk against the head of the chain, which must name the last entry walked.
    pub fn finish(self, head_sequence: i64, head_hash: &str) -> EvidenceReport {
        let last = self.expected_sequence - 1;
        let broken =
            (head_sequence != last || head_hash != self.previous_hash).then_some(BrokenLink {
                sequence: self.expected_sequence,
                problem: LinkProblem::Head { head_sequence },
            });
        EvidenceReport {
            entries_checked: self.checked,
            broken,
        }
    }
}

/// Walks the evidence log from the first entry and returns the first broken link, if any.
///
/// # Errors
/// [`PassageError::Store`] when the database fails or an entry cannot be read.
pub async fn verify_evidence(store: &Store) -> Result<EvidenceReport, PassageError> {
    let mut walk = ChainWalk::default();
    loop {
        let page = evidence::list_entries(store.pool(), walk.next_after(), PAGE).await?;
        if page.is_empty() {
            break;
        }
        for entry in &page {
            let computed = entry_hash(entry)?;
            let broken = walk.check(
                entry.sequence,
                &entry.previous_hash,
                &entry.entry_hash,
                &computed,
            );
            if let Some(report) = broken {
                return Ok(report);
            }
        }
    }

    let head = evidence::load_head(store.pool()).await?;
    Ok(walk.finish(head.sequence, &head.entry_hash))
}
