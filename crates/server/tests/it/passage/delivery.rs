//! Pings from 广东 to 浙江 through the hub: applied once, duplicates without effect, order
//! kept when envelopes arrive out of order, and evidence chains that verify.

use std::time::Duration;

use tongban_services::passage::{self, OutgoingMessage, PING_TYPE};
use tongban_store::passage::outbox;

use super::{
    demo, node_passage, open_store, ping_count, post, seal_ping, signing_key, unique_key,
    wait_for_pings,
};

#[tokio::test]
async fn ping_is_applied_once() {
    let demo = demo();
    let gd = node_passage(&demo.dir, "gd").await;
    let zj = open_store(&demo.dir, "zj").await;
    let hub = open_store(&demo.dir, "hub").await;
    let key = unique_key("once");

    let message = OutgoingMessage {
        receiver: "zj",
        message_type: PING_TYPE,
        ordering_key: &key,
        body: serde_json::Map::new(),
    };
    let message_id = passage::send(&gd, message).await.unwrap();

    let count = wait_for_pings(&zj, "gd", &key, 1, Duration::from_secs(30)).await;
    assert_eq!(count, 1, "the ping reaches 浙江 through the hub");

    // The same envelopes posted again, to the hub as 广东 sent it and to 浙江 as the hub
    // attested it, are acknowledged as duplicates.
    let sent = outbox::find_message(gd.store().pool(), message_id.as_str())
        .await
        .unwrap()
        .unwrap();
    let (status, body) = post(
        &format!("{}/api/passage/messages", demo.hub),
        sent.envelope.into_bytes(),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["receipt"], "duplicate", "{body}");

    let relayed = outbox::find_message(hub.pool(), message_id.as_str())
        .await
        .unwrap()
        .unwrap();
    let (status, body) = post(
        &format!("{}/api/passage/inbox", demo.zj),
        relayed.envelope.into_bytes(),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["receipt"], "duplicate", "{body}");

    tokio::time::sleep(Duration::from_secs(1)).await;
    assert_eq!(ping_count(&zj, "gd", &key).await, 1, "no second effect");
}

#[tokio::test]
async fn order_kept_when_delivered_out_of_order() {
    let demo = demo();
    let zj = open_store(&demo.dir, "zj").await;
    let gd_key = signing_key(&demo.dir, "gd");
    let hub_key = signing_key(&demo.dir, "hub");
    let key = unique_key("order");
    let inbox = format!("{}/api/passage/inbox", demo.zj);

    // Sequences 3, 2, 1 of one ordering key reach 浙江 in that order, attested as the hub
    // attests what it relays.
    let mut envelopes = Vec::new();
    for sequence in 1..=3 {
        let mut envelope = seal_ping(&gd_key, "gd", "zj", &key, sequence);
        envelope
            .attest("hub", &hub_key, chrono::Utc::now())
            .unwrap();
        envelopes.push(envelope);
    }

    let (status, body) = post(&inbox, envelopes[2].to_wire().to_vec()).await;
    assert_eq!(
        (status, body["receipt"].as_str()),
        (200, Some("waiting")),
        "{body}"
    );
    let (status, body) = post(&inbox, envelopes[1].to_wire().to_vec()).await;
    assert_eq!(
        (status, body["receipt"].as_str()),
        (200, Some("waiting")),
        "{body}"
    );
    assert_eq!(
        ping_count(&zj, "gd", &key).await,
        0,
        "nothing is applied before sequence 1"
    );

    let (status, body) = post(&inbox, envelopes[0].to_wire().to_vec()).await;
    assert_eq!(
        (status, body["receipt"].as_str()),
        (200, Some("applied")),
        "{body}"
    );
    assert_eq!(
        ping_count(&zj, "gd", &key).await,
        3,
        "sequence 1 and the two that waited for it"
    );

    // A later message with an applied sequence number under a new id has no effect.
    let mut repeat = seal_ping(&gd_key, "gd", "zj", &key, 2);
    repeat.attest("hub", &hub_key, chrono::Utc::now()).unwrap();
    let (status, body) = post(&inbox, repeat.to_wire().to_vec()).await;
    assert_eq!(
        (status, body["receipt"].as_str()),
        (200, Some("stale")),
        "{body}"
    );
    assert_eq!(ping_count(&zj, "gd", &key).await, 3);
}

#[tokio::test]
async fn evidence_chains_verify_after_traffic() {
    let demo = demo();
    let gd = node_passage(&demo.dir, "gd").await;
    let zj = open_store(&demo.dir, "zj").await;
    let key = unique_key("evidence");
    for _ in 0..5 {
        let message = OutgoingMessage {
            receiver: "zj",
            message_type: PING_TYPE,
            ordering_key: &key,
            body: serde_json::Map::new(),
        };
        passage::send(&gd, message).await.unwrap();
    }
    assert_eq!(
        wait_for_pings(&zj, "gd", &key, 5, Duration::from_secs(30)).await,
        5
    );

    for id in ["hub", "gd", "zj"] {
        let store = open_store(&demo.dir, id).await;
        let report = passage::verify_evidence(&store).await.unwrap();
        assert_eq!(report.broken, None, "{id}");
        assert!(
            report.entries_checked >= 5,
            "{id}: {}",
            report.entries_checked
        );
    }
}
