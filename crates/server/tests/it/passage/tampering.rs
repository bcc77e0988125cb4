//! Envelopes the hub must reject: every one-byte change of the body, a header member or the
//! signature, and any envelope of a revoked node. Each rejection is in the audit trail.

use std::time::Duration;

use tongban_services::passage::{self, OutgoingMessage, PING_TYPE, REJECT_ACTION};
use tongban_store::Store;
use tongban_store::audit;

use super::{
    demo, node_passage, open_store, post, seal_ping, signing_key, unique_key, wait_for_pings,
};

async fn rejections(hub: &Store) -> usize {
    audit::list_events(hub.pool(), "passage/", 10_000)
        .await
        .unwrap()
        .iter()
        .filter(|event| event.action == REJECT_ACTION)
        .count()
}

/// Returns `wire` with the byte after the first `marker` changed to the next one
/// (`z` becomes `y`).
fn change_after(wire: &[u8], marker: &str) -> Vec<u8> {
    let text = std::str::from_utf8(wire).unwrap();
    let at = text.find(marker).unwrap() + marker.len();
    let mut changed = wire.to_vec();
    changed[at] = match changed[at] {
        b'z' => b'y',
        b'9' => b'8',
        other => other + 1,
    };
    changed
}

#[tokio::test]
async fn changed_byte_is_rejected_and_recorded() {
    let demo = demo();
    let hub = open_store(&demo.dir, "hub").await;
    let zj = open_store(&demo.dir, "zj").await;
    let gd_key = signing_key(&demo.dir, "gd");
    let key = unique_key("tamper");
    let messages = format!("{}/api/passage/messages", demo.hub);
    let envelope = seal_ping(&gd_key, "gd", "zj", &key, 1);
    let wire = envelope.to_wire();

    let cases = [
        ("body", "\"note\":\"p"),
        ("type", "\"type\":\"test."),
        ("id", "\"id\":\""),
        ("sent_at", "\"sent_at\":\"20"),
        ("sequence", "\"sequence\":"),
        ("ordering_key", "\"ordering_key\":\"t"),
        ("key_id", "\"key_id\":\""),
        ("signature", "\"signature\":\""),
    ];
    for (member, marker) in cases {
        let before = rejections(&hub).await;
        let (status, body) = post(&messages, change_after(wire, marker)).await;
        assert!(
            (400..500).contains(&status),
            "a changed {member} gets a 4xx, not {status}: {body}"
        );
        assert!(body["error"]["code"].is_string(), "{member}: {body}");
        assert_eq!(
            rejections(&hub).await,
            before + 1,
            "the rejection of a changed {member} is recorded"
        );
    }

    let (status, body) = post(&messages, wire.to_vec()).await;
    assert_eq!(status, 200, "the envelope as sealed is accepted: {body}");
    assert_eq!(
        wait_for_pings(&zj, "gd", &key, 1, Duration::from_secs(30)).await,
        1
    );
}

#[tokio::test]
async fn revoked_sender_is_rejected() {
    let demo = demo();
    let hub = open_store(&demo.dir, "hub").await;
    let mps = node_passage(&demo.dir, "mps").await;
    let mps_key = signing_key(&demo.dir, "mps");
    let messages = format!("{}/api/passage/messages", demo.hub);

    // Accepted while 公安部 is active.
    let key = unique_key("revoked");
    let (status, body) = post(
        &messages,
        seal_ping(&mps_key, "mps", "zj", &key, 1).to_wire().to_vec(),
    )
    .await;
    assert_eq!(status, 200, "{body}");

    tongban_services::federation::revoke_node(&hub, "mps", "passage test", "test")
        .await
        .unwrap();
    // The hub rereads its registry at most every second.
    tokio::time::sleep(Duration::from_millis(1500)).await;

    let (status, body) = post(
        &messages,
        seal_ping(&mps_key, "mps", "zj", &key, 2).to_wire().to_vec(),
    )
    .await;
    assert_eq!(status, 403, "{body}");
    assert_eq!(body["error"]["code"], "sender-revoked", "{body}");

    // A message from the revoked node's own outbox ends as a dead letter there.
    let message = OutgoingMessage {
        receiver: "zj",
        message_type: PING_TYPE,
        ordering_key: &key,
        body: serde_json::Map::new(),
    };
    let message_id = passage::send(&mps, message).await.unwrap();
    let deadline = tokio::time::Instant::now() + Duration::from_secs(30);
    let letter = loop {
        let dead = passage::list_dead_letters(mps.store()).await.unwrap();
        if let Some(letter) = dead
            .into_iter()
            .find(|letter| letter.message_id == message_id.as_str())
        {
            break letter;
        }
        assert!(tokio::time::Instant::now() < deadline, "no dead letter");
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    let error = letter.last_error.unwrap_or_default();
    assert!(error.contains("sender-revoked"), "{error}");
}
