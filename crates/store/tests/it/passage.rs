//! The passage's tables: outbox claims and leases, sequence numbers, the inbox, the evidence
//! log's head and its append-only rule, and the ping counters.

use std::collections::HashSet;

use chrono::TimeDelta;
use tongban_store::Store;
use tongban_store::passage::evidence::{self, Direction, EvidenceEntry};
use tongban_store::passage::inbox::{self, InboxStatus, NewInboxMessage};
use tongban_store::passage::outbox::{self, NewOutboxMessage, OutboxStatus};
use tongban_store::passage::pings;
use tongban_testkit::each_backend;

use crate::support::{at_millis, connect, error_chain};

const T0: i64 = 1_796_025_600_000;

fn new_message<'a>(message_id: &'a str, sequence: i64) -> NewOutboxMessage<'a> {
    NewOutboxMessage {
        message_id,
        destination: "hub",
        sender: "gd",
        receiver: "zj",
        message_type: "test.ping",
        ordering_key: "case-1",
        sequence,
        envelope: "{\"sealed\":true}",
        created_at: at_millis(T0),
    }
}

async fn put(store: &Store, message_id: &str, sequence: i64) {
    let inserted = outbox::insert_message(store.pool(), &new_message(message_id, sequence))
        .await
        .expect("insert an outbox message");
    assert!(inserted, "{message_id} is new");
}

#[tokio::test]
async fn sequences_count_per_receiver_and_key() {
    for database in each_backend().await {
        let backend = database.backend_name();
        let store = connect(&database).await;
        let mut numbers = Vec::new();
        for (receiver, key) in [
            ("zj", "a"),
            ("zj", "a"),
            ("zj", "b"),
            ("sc", "a"),
            ("zj", "a"),
        ] {
            numbers.push(
                outbox::next_sequence(store.pool(), receiver, key)
                    .await
                    .expect("next sequence"),
            );
        }
        assert_eq!(numbers, vec![1, 2, 1, 1, 3], "{backend}");

        // A rolled-back transaction gives its number back.
        let mut transaction = store.begin().await.expect("begin");
        let taken = outbox::next_sequence(&mut *transaction, "zj", "b")
            .await
            .expect("next sequence in a transaction");
        assert_eq!(taken, 2, "{backend}");
        transaction.rollback().await.expect("rollback");
        let again = outbox::next_sequence(store.pool(), "zj", "b")
            .await
            .expect("next sequence after the rollback");
        assert_eq!(again, 2, "{backend}");
    }
}

#[tokio::test]
async fn outbox_claims_retries_and_dead_letters() {
    for database in each_backend().await {
        let backend = database.backend_name();
        let store = connect(&database).await;
        put(&store, "m1", 1).await;
        put(&store, "m2", 2).await;
        let duplicate = outbox::insert_message(store.pool(), &new_message("m1", 1))
            .await
            .expect("insert a duplicate");
        assert!(
            !duplicate,
            "{backend}: a second row with the same id is not stored"
        );

        let now = at_millis(T0 + 10);
        let lease = now + TimeDelta::seconds(30);
        let claimed = outbox::claim_due(store.pool(), store.backend(), now, lease, 10)
            .await
            .expect("claim");
        let ids: Vec<&str> = claimed.iter().map(|row| row.message_id.as_str()).collect();
        assert_eq!(ids, vec!["m1", "m2"], "{backend}: oldest first");
        let again = outbox::claim_due(store.pool(), store.backend(), now, lease, 10)
            .await
            .expect("claim again");
        assert!(
            again.is_empty(),
            "{backend}: leased rows are not claimed twice"
        );

        // One delivered, one failed once.
        assert!(
            outbox::mark_delivered(store.pool(), claimed[0].id, now)
                .await
                .expect("deliver")
        );
        let retry_at = now + TimeDelta::seconds(2);
        assert!(
            outbox::schedule_retry(store.pool(), claimed[1].id, 1, retry_at, "503 from hub")
                .await
                .expect("retry")
        );
        let early = outbox::claim_due(store.pool(), store.backend(), now, lease, 10)
            .await
            .expect("claim before due");
        assert!(early.is_empty(), "{backend}: not due yet");
        assert_eq!(
            outbox::next_due_at(store.pool()).await.expect("next due"),
            Some(retry_at),
            "{backend}"
        );
        let due = outbox::claim_due(store.pool(), store.backend(), retry_at, lease, 10)
            .await
            .expect("claim when due");
        assert_eq!(due.len(), 1, "{backend}");
        assert_eq!(due[0].attempts, 1, "{backend}");
        assert_eq!(
            due[0].last_error.as_deref(),
            Some("503 from hub"),
            "{backend}"
        );

        // Given up, listed, and put back by an operator.
        assert!(
            outbox::mark_dead(store.pool(), due[0].id, 2, retry_at, "bad-signature")
                .await
                .expect("dead")
        );
        let dead = outbox::list_dead(store.pool()).await.expect("list dead");
        assert_eq!(dead.len(), 1, "{backend}");
        assert_eq!(dead[0].message_id, "m2", "{backend}");
        assert_eq!(dead[0].status, OutboxStatus::Dead, "{backend}");
        assert!(
            !outbox::mark_delivered(store.pool(), dead[0].id, now)
                .await
                .expect("deliver a dead row"),
            "{backend}: a dead row is not marked delivered by a late worker"
        );
        let counts = outbox::count_messages(store.pool()).await.expect("count");
        assert_eq!(
            (counts.pending, counts.delivered, counts.dead),
            (0, 1, 1),
            "{backend}"
        );

        let later = retry_at + TimeDelta::seconds(60);
        assert!(
            outbox::revive(store.pool(), "m2", later)
                .await
                .expect("revive")
        );
        assert!(
            !outbox::revive(store.pool(), "m1", later)
                .await
                .expect("revive a delivered row")
        );
        let revived = outbox::find_message(store.pool(), "m2")
            .await
            .expect("find")
            .expect("m2 exists");
        assert_eq!(revived.status, OutboxStatus::Pending, "{backend}");
        assert_eq!(revived.attempts, 0, "{backend}");
        assert_eq!(revived.next_attempt_at, later, "{backend}");
    }
}

#[tokio::test]
async fn concurrent_claims_take_different_rows() {
    for database in each_backend().await {
        let backend = database.backend_name();
        let store = connect(&database).await;
        for index in 0..40 {
            put(&store, &format!("m{index:02}"), index + 1).await;
        }
        let now = at_millis(T0 + 10);
        let lease = now + TimeDelta::seconds(30);
        let claims = (0..4).map(|_| {
            let store = store.clone();
            tokio::spawn(async move {
                let mut taken = Vec::new();
                loop {
                    let rows = outbox::claim_due(store.pool(), store.backend(), now, lease, 3)
                        .await
                        .expect("claim");
                    if rows.is_empty() {
                        return taken;
                    }
                    taken.extend(rows.into_iter().map(|row| row.message_id));
                }
            })
        });
        let mut all = Vec::new();
        for claim in claims {
            all.extend(claim.await.expect("claimer"));
        }
        let distinct: HashSet<&String> = all.iter().collect();
        assert_eq!(all.len(), 40, "{backend}: every row claimed once: {all:?}");
        assert_eq!(distinct.len(), 40, "{backend}");
    }
}

#[tokio::test]
async fn inbox_keeps_one_row_per_message_id() {
    for database in each_backend().await {
        let backend = database.backend_name();
        let store = connect(&database).await;
        let message = NewInboxMessage {
            message_id: "m1",
            sender: "gd",
            ordering_key: "case-1",
            sequence: 2,
            message_type: "test.ping",
            envelope: "{}",
            received_at: at_millis(T0),
        };
        assert!(
            inbox::insert_message(store.pool(), &message)
                .await
                .expect("insert")
        );
        assert!(
            !inbox::insert_message(store.pool(), &message)
                .await
                .expect("insert again"),
            "{backend}"
        );

        let mut transaction = store.begin().await.expect("begin");
        let next = inbox::lock_next_sequence(&mut *transaction, "gd", "case-1")
            .await
            .expect("lock");
        assert_eq!(next, 1, "{backend}: a new key starts at 1");
        let waiting = inbox::find_waiting(&mut *transaction, "gd", "case-1", 2)
            .await
            .expect("find waiting")
            .expect("sequence 2 waits");
        assert_eq!(waiting.message_id, "m1", "{backend}");
        inbox::settle(
            &mut *transaction,
            "m1",
            InboxStatus::Applied,
            at_millis(T0 + 5),
            None,
        )
        .await
        .expect("settle");
        inbox::set_next_sequence(&mut *transaction, "gd", "case-1", 3)
            .await
            .expect("advance");
        transaction.commit().await.expect("commit");

        let next = inbox::lock_next_sequence(store.pool(), "gd", "case-1")
            .await
            .expect("lock again");
        assert_eq!(next, 3, "{backend}");
        let stored = inbox::find_message(store.pool(), "m1")
            .await
            .expect("find")
            .expect("m1 exists");
        assert_eq!(stored.status, InboxStatus::Applied, "{backend}");
        assert_eq!(stored.applied_at, Some(at_millis(T0 + 5)), "{backend}");
        let counts = inbox::count_messages(store.pool()).await.expect("count");
        assert_eq!((counts.waiting, counts.applied), (0, 1), "{backend}");
    }
}

fn entry(sequence: i64, previous_hash: &str, entry_hash: &str) -> EvidenceEntry {
    EvidenceEntry {
        sequence,
        recorded_at: at_millis(T0 + sequence),
        direction: Direction::Received,
        message_id: format!("m{sequence}"),
        sender: "gd".to_owned(),
        receiver: "zj".to_owned(),
        message_type: "test.ping".to_owned(),
        envelope_sm3: "ab".repeat(32),
        sender_key_id: "0123456789abcdef".to_owned(),
        sender_signature: "A".repeat(86),
        hub_key_id: Some("fedcba9876543210".to_owned()),
        hub_signature: Some("B".repeat(86)),
        previous_hash: previous_hash.to_owned(),
        entry_hash: entry_hash.to_owned(),
    }
}

#[tokio::test]
async fn evidence_appends_and_rejects_changes() {
    for database in each_backend().await {
        let backend = database.backend_name();
        let store = connect(&database).await;
        let empty = evidence::load_head(store.pool()).await.expect("head");
        assert_eq!(empty.sequence, 0, "{backend}");
        assert_eq!(empty.entry_hash, "0".repeat(64), "{backend}");

        for hash in ["h1", "h2"] {
            let mut transaction = store.begin().await.expect("begin");
            let head = evidence::take_head(&mut *transaction)
                .await
                .expect("take head");
            let appended = entry(head.sequence, &head.entry_hash, hash);
            evidence::insert_entry(&mut *transaction, &appended)
                .await
                .expect("insert");
            evidence::set_head(&mut *transaction, hash)
                .await
                .expect("set head");
            transaction.commit().await.expect("commit");
        }
        let entries = evidence::list_entries(store.pool(), 0, 10)
            .await
            .expect("list");
        assert_eq!(entries.len(), 2, "{backend}");
        assert_eq!(entries[0].previous_hash, "0".repeat(64), "{backend}");
        assert_eq!(entries[1].previous_hash, "h1", "{backend}");
        assert_eq!(entries[1], entry(2, "h1", "h2"), "{backend}");
        let head = evidence::load_head(store.pool()).await.expect("head");
        assert_eq!(
            (head.sequence, head.entry_hash.as_str()),
            (2, "h2"),
            "{backend}"
        );

        for statement in [
            "UPDATE passage_evidence SET sender = 'sc' WHERE sequence = 1",
            "DELETE FROM passage_evidence WHERE sequence = 2",
        ] {
            let error = sqlx::query(statement)
                .execute(store.pool())
                .await
                .expect_err("the change is rejected");
            assert!(
                error_chain(&error).contains("append-only"),
                "{backend}: {statement}: {error}"
            );
        }
    }
}

#[tokio::test]
async fn ping_counters_count_per_key() {
    for database in each_backend().await {
        let backend = database.backend_name();
        let store = connect(&database).await;
        for key in ["a", "a", "b", "a"] {
            pings::increment(store.pool(), "gd", key)
                .await
                .expect("increment");
        }
        let counters = pings::list_counters(store.pool()).await.expect("list");
        let counts: Vec<(&str, i64)> = counters
            .iter()
            .map(|counter| (counter.ordering_key.as_str(), counter.count))
            .collect();
        assert_eq!(counts, vec![("a", 3), ("b", 1)], "{backend}");
    }
}

#[tokio::test]
async fn outbox_batch_insert_reports_repeats() {
    for database in each_backend().await {
        let backend = database.backend_name();
        let store = connect(&database).await;
        let mut connection = store.pool().acquire().await.expect("connection");

        let first = [
            new_message("a", 1),
            new_message("b", 2),
            new_message("a", 3),
        ];
        let inserted = outbox::insert_messages(&mut connection, &first)
            .await
            .expect("insert a batch");
        assert_eq!(inserted, vec![true, true, false], "{backend}");

        // More rows than one insert carries, with one seen before.
        let ids: Vec<String> = (0..40).map(|index| format!("c{index}")).collect();
        let mut second = vec![new_message("b", 2)];
        second.extend(ids.iter().map(|id| new_message(id, 4)));
        let inserted = outbox::insert_messages(&mut connection, &second)
            .await
            .expect("insert a second batch");
        assert!(!inserted[0], "{backend}: b is in the outbox already");
        assert!(inserted[1..].iter().all(|new| *new), "{backend}");

        let rows: Vec<i64> = sqlx::query_scalar("SELECT id FROM passage_outbox ORDER BY id")
            .fetch_all(&mut *connection)
            .await
            .expect("ids");
        assert_eq!(rows.len(), 42, "{backend}");
        let marked = outbox::mark_delivered_many(&mut connection, &rows, at_millis(T0 + 1))
            .await
            .expect("mark delivered");
        assert_eq!(marked, 42, "{backend}");
        let again = outbox::mark_delivered_many(&mut connection, &rows[..2], at_millis(T0 + 2))
            .await
            .expect("mark delivered again");
        assert_eq!(again, 0, "{backend}: delivered rows are not pending");

        let counts = outbox::count_messages(store.pool()).await.expect("count");
        assert_eq!(counts.delivered, 42, "{backend}");
        assert_eq!(counts.pending, 0, "{backend}");
    }
}

#[tokio::test]
async fn inbox_settled_insert_counts_waiting() {
    for database in each_backend().await {
        let backend = database.backend_name();
        let store = connect(&database).await;
        let message = |message_id: &'static str, sequence: i64| NewInboxMessage {
            message_id,
            sender: "gd",
            ordering_key: "case-1",
            sequence,
            message_type: "test.ping",
            envelope: "{}",
            received_at: at_millis(T0),
        };

        let applied =
            inbox::insert_settled(store.pool(), &message("m1", 1), InboxStatus::Applied, None)
                .await
                .expect("insert applied");
        assert!(applied, "{backend}");
        let waiting =
            inbox::insert_settled(store.pool(), &message("m3", 3), InboxStatus::Waiting, None)
                .await
                .expect("insert waiting");
        assert!(waiting, "{backend}");
        let stale = inbox::insert_settled(
            store.pool(),
            &message("m1b", 1),
            InboxStatus::Stale,
            Some("sequence 1 was applied before"),
        )
        .await
        .expect("insert stale");
        assert!(stale, "{backend}");
        let repeat =
            inbox::insert_settled(store.pool(), &message("m1", 1), InboxStatus::Applied, None)
                .await
                .expect("insert a repeat");
        assert!(!repeat, "{backend}: one row per message id");

        let count = inbox::count_waiting(store.pool(), "gd", "case-1")
            .await
            .expect("count waiting");
        assert_eq!(count, 1, "{backend}");
        let first = inbox::find_message(store.pool(), "m1")
            .await
            .expect("find")
            .expect("m1 exists");
        assert_eq!(first.status, InboxStatus::Applied, "{backend}");
        assert_eq!(first.applied_at, Some(at_millis(T0)), "{backend}");
        let stale = inbox::find_message(store.pool(), "m1b")
            .await
            .expect("find")
            .expect("m1b exists");
        assert_eq!(stale.status, InboxStatus::Stale, "{backend}");
        assert_eq!(stale.applied_at, None, "{backend}");
        assert_eq!(
            stale.detail.as_deref(),
            Some("sequence 1 was applied before"),
            "{backend}"
        );
    }
}

#[tokio::test]
async fn evidence_batch_append_links_entries() {
    for database in each_backend().await {
        let backend = database.backend_name();
        let store = connect(&database).await;
        let mut transaction = store.begin().await.expect("begin");
        let head = evidence::take_head_for(&mut *transaction, 40)
            .await
            .expect("take head for 40");
        assert_eq!(head.sequence, 1, "{backend}: the first of the 40");
        assert_eq!(head.entry_hash, "0".repeat(64), "{backend}");

        let mut entries = Vec::new();
        let mut previous = head.entry_hash.clone();
        for sequence in 1..=40 {
            let hash = format!("h{sequence}");
            entries.push(entry(sequence, &previous, &hash));
            previous = hash;
        }
        evidence::insert_entries(&mut transaction, &entries)
            .await
            .expect("insert 40 entries");
        evidence::set_head(&mut *transaction, &previous)
            .await
            .expect("set head");
        transaction.commit().await.expect("commit");

        let listed = evidence::list_entries(store.pool(), 0, 100)
            .await
            .expect("list");
        assert_eq!(listed, entries, "{backend}");
        let head = evidence::load_head(store.pool()).await.expect("head");
        assert_eq!(head.sequence, 40, "{backend}");
        assert_eq!(head.entry_hash, "h40", "{backend}");
    }
}
