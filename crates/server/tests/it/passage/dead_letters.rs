//! A message the receiver rejects for good becomes a dead letter at the hub, listed for
//! operators, and a retry puts it back in the queue.

use std::time::Duration;

use tongban_services::passage::{self, OutgoingMessage};
use tongban_store::Store;
use tongban_store::passage::outbox::OutboxMessage;

use super::{demo, node_passage, open_store, unique_key};

async fn wait_for_dead_letter(store: &Store, message_id: &str, attempts: i32) -> OutboxMessage {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(30);
    loop {
        let dead = passage::list_dead_letters(store).await.unwrap();
        if let Some(letter) = dead
            .into_iter()
            .find(|letter| letter.message_id == message_id && letter.attempts == attempts)
        {
            return letter;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "no dead letter {message_id}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test]
async fn unknown_type_is_listed_and_retried() {
    let demo = demo();
    let gd = node_passage(&demo.dir, "gd").await;
    let hub = open_store(&demo.dir, "hub").await;
    let key = unique_key("dead");

    // The hub forwards any type; 浙江 has no handler for this one and rejects it for good.
    let message = OutgoingMessage {
        receiver: "zj",
        message_type: "test.unhandled",
        ordering_key: &key,
        body: serde_json::Map::new(),
    };
    let message_id = passage::send(&gd, message).await.unwrap();

    let letter = wait_for_dead_letter(&hub, message_id.as_str(), 1).await;
    assert_eq!(letter.receiver, "zj");
    let error = letter.last_error.clone().unwrap_or_default();
    assert!(error.contains("unknown-type"), "{error}");

    let queued = passage::retry_dead_letter(&hub, message_id.as_str(), "test")
        .await
        .unwrap();
    assert!(queued, "the dead letter is queued again");
    let events =
        tongban_store::audit::list_events(hub.pool(), &format!("passage/message/{message_id}"), 10)
            .await
            .unwrap();
    assert!(
        events
            .iter()
            .any(|event| event.action == "passage.retry_dead_letter"),
        "the retry is audited"
    );

    // The retry is tried again, at once, and rejected again: attempts count from zero.
    let again = wait_for_dead_letter(&hub, message_id.as_str(), 1).await;
    assert!(again.dead_at >= letter.dead_at);
}
