//! The check after the traffic settled: every message an instance sent was applied once by
//! its receiver, and no effect was taken twice.

use std::collections::{HashMap, HashSet};

use serde::Serialize;
use tongban_store::Store;
use tongban_store::passage::{outbox, tally};

/// Outcome of the messages between the instances. Each message sent is counted once, in
/// exactly one of `applied`, `rejected`, `pending`, `dead` and `lost`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct MessageTally {
    /// Messages the instances sent, each counted once however often it was relayed.
    pub sent: u64,
    /// Applied by their receiver.
    pub applied: u64,
    /// Refused by their receiver's handler, which records why.
    pub rejected: u64,
    /// Still on their way when counted: waiting in an outbox for delivery, or in the
    /// receiver's inbox for an earlier message of the same ordering key.
    pub pending: u64,
    /// Given up after their retries, at the sender or at the hub.
    pub dead: u64,
    /// Neither applied, refused, on their way nor given up: gone.
    pub lost: u64,
    /// Effects taken twice: a sequence number applied under two message ids, or an
    /// application that became two cases.
    pub duplicated: u64,
}

/// Counts, over the instances `(id, store)`, what became of every message.
///
/// # Errors
/// When a database cannot be read.
pub async fn count(instances: &[(&str, &Store)]) -> anyhow::Result<MessageTally> {
    let mut received: HashMap<&str, HashMap<String, String>> = HashMap::new();
    let mut pending = HashSet::new();
    let mut dead = HashSet::new();
    let mut tally = MessageTally::default();
    for (id, store) in instances {
        received.insert(
            id,
            tally::received(store.pool()).await?.into_iter().collect(),
        );
        pending.extend(tally::pending_ids(store.pool()).await?);
        dead.extend(
            outbox::list_dead(store.pool())
                .await?
                .into_iter()
                .map(|message| message.message_id),
        );
        tally.duplicated += as_count(tally::applied_twice(store.pool()).await?);
        tally.duplicated += as_count(tally::cases_received_twice(store.pool()).await?);
    }

    for (id, store) in instances {
        for message in tally::sent_by(store.pool(), id).await? {
            tally.sent += 1;
            let status = received
                .get(message.receiver.as_str())
                .and_then(|inbox| inbox.get(&message.message_id));
            match status.map(String::as_str) {
                Some("applied" | "stale") => tally.applied += 1,
                Some("rejected") => tally.rejected += 1,
                Some(_) => tally.pending += 1,
                None if pending.contains(&message.message_id) => tally.pending += 1,
                None if dead.contains(&message.message_id) => tally.dead += 1,
                None => tally.lost += 1,
            }
        }
    }
    Ok(tally)
}

fn as_count(count: i64) -> u64 {
    u64::try_from(count).unwrap_or(0)
}
