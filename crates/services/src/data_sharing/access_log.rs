//! The data access log: appending an entry for every query about a person's data, and
//! walking the hash chain.
//!
//! The hash of an entry is the SM3 digest (hex) of the canonical JSON (RFC 8785) of the object
//! with the members `sequence`, `recorded_at` (Unix milliseconds), `recorded_as`,
//! `request_id`, `service_id`, `provider_node`, `consumer`, `grant_id`, `subject`, `fields`,
//! `purpose`, `case_number`, `outcome`, `reason` and `previous_hash`. The first entry links
//! to 64 zeros.

use chrono::{DateTime, Utc};
use serde_json::json;
use tongban_store::Store;
use tongban_store::data_sharing::access_log::{self as stored, AccessEntry};
use tongban_store::passage::StoreConnection;

use super::DataSharingError;
use crate::passage::{ChainWalk, EvidenceReport};

/// Entries read per query while verifying.
const PAGE: i64 = 1000;

/// The role of the instance that recorded an entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RecordedAs {
    /// The node that has the data.
    Provider,
    /// The hub, which relayed the query.
    Hub,
    /// The node or hub that asked.
    Consumer,
}

impl RecordedAs {
    /// Returns the stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            RecordedAs::Provider => "provider",
            RecordedAs::Hub => "hub",
            RecordedAs::Consumer => "consumer",
        }
    }
}

/// The facts one entry records about a query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccessRecord<'a> {
    /// The request's id.
    pub request_id: &'a str,
    /// The data service.
    pub service_id: &'a str,
    /// Node id of the provider.
    pub provider_node: &'a str,
    /// Node id of the consumer, or the hub's id.
    pub consumer: &'a str,
    /// The grant the query named, empty when it named none.
    pub grant_id: &'a str,
    /// Resident ID number of the person the query is about.
    pub subject: &'a str,
    /// The field names asked for.
    pub fields: &'a [String],
    /// Purpose of the use.
    pub purpose: &'a str,
    /// 办件编号 of the case, if any.
    pub case_number: Option<&'a str>,
    /// `requested`, `answered` or `rejected`.
    pub outcome: &'a str,
    /// The rejection code.
    pub reason: Option<&'a str>,
}

/// Appends the entry of `record`, seen `as_role`, on `connection`, which should be inside the
/// transaction of the change the query causes.
///
/// # Errors
/// [`DataSharingError::Store`] when the database fails.
pub async fn append(
    connection: &mut StoreConnection,
    as_role: RecordedAs,
    record: &AccessRecord<'_>,
    now: DateTime<Utc>,
) -> Result<AccessEntry, DataSharingError> {
    let head = stored::take_head(&mut *connection).await?;
    let mut entry = AccessEntry {
        sequence: head.sequence,
        recorded_at: now,
        recorded_as: as_role.as_str().to_owned(),
        request_id: record.request_id.to_owned(),
        service_id: record.service_id.to_owned(),
        provider_node: record.provider_node.to_owned(),
        consumer: record.consumer.to_owned(),
        grant_id: record.grant_id.to_owned(),
        subject: record.subject.to_owned(),
        fields: serde_json::to_string(record.fields).map_err(DataSharingError::Encode)?,
        purpose: record.purpose.to_owned(),
        case_number: record.case_number.map(str::to_owned),
        outcome: record.outcome.to_owned(),
        reason: record.reason.map(str::to_owned),
        previous_hash: head.entry_hash,
        entry_hash: String::new(),
    };
    entry.entry_hash = entry_hash(&entry)?;
    stored::insert_entry(&mut *connection, &entry).await?;
    stored::set_head(&mut *connection, &entry.entry_hash).await?;
    Ok(entry)
}

/// Computes the hash of `entry` from every member but `entry_hash`.
fn entry_hash(entry: &AccessEntry) -> Result<String, DataSharingError> {
    let members = json!({
        "sequence": entry.sequence,
        "recorded_at": entry.recorded_at.timestamp_millis(),
        "recorded_as": entry.recorded_as,
        "request_id": entry.request_id,
        "service_id": entry.service_id,
        "provider_node": entry.provider_node,
        "consumer": entry.consumer,
        "grant_id": entry.grant_id,
        "subject": entry.subject,
        "fields": entry.fields,
        "purpose": entry.purpose,
        "case_number": entry.case_number,
        "outcome": entry.outcome,
        "reason": entry.reason,
        "previous_hash": entry.previous_hash,
    });
    tongban_crypto::sm3_of_json(&members).map_err(DataSharingError::Encode)
}

/// Walks the data access log from the first entry and returns the first broken link, if any,
/// in the report form of the passage's evidence log.
///
/// # Errors
/// [`DataSharingError::Store`] when the database fails.
pub async fn verify_access_log(store: &Store) -> Result<EvidenceReport, DataSharingError> {
    let mut walk = ChainWalk::default();
    loop {
        let page = stored::list_entries(store.pool(), walk.next_after(), PAGE).await?;
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

    let head = stored::load_head(store.pool()).await?;
    Ok(walk.finish(head.sequence, &head.entry_hash))
}

/// Returns the entries about the person with resident ID number `subject`, newest first.
///
/// # Errors
/// [`DataSharingError::Store`] when the database fails.
pub async fn entries_about(
    store: &Store,
    subject: &str,
) -> Result<Vec<AccessEntry>, DataSharingError> {
    Ok(stored::entries_about(store.pool(), subject).await?)
}

/// Returns every call about the person with resident ID number `subject` as the hub's
/// portal shows it, newest first: the providers' reports of nodes' calls and the hub's own
/// calls once answered or rejected. The hub's `requested` entries are left out, because the
/// entry of the response records the same call.
///
/// # Errors
/// [`DataSharingError::Store`] when the database fails.
pub async fn calls_about(
    store: &Store,
    subject: &str,
) -> Result<Vec<AccessEntry>, DataSharingError> {
    let entries = stored::entries_about(store.pool(), subject).await?;
    Ok(entries
        .into_iter()
        .filter(|entry| {
            entry.recorded_as == RecordedAs::Hub.as_str()
                || (entry.recorded_as == RecordedAs::Consumer.as_str()
                    && entry.outcome != "requested")
        })
        .collect())
}
