//! Batch posts: several envelopes in one request, one per line, with an outcome per
//! envelope in the order of the batch.

use std::time::Duration;

use serde_json::Value;
use tongban_crypto::envelope::Envelope;
use tongban_store::passage::inbox;

use super::{demo, open_store, ping_count, seal_ping, signing_key, unique_key, wait_for_pings};

/// Posts `envelopes` as one batch to `url` and returns the status and the JSON body.
async fn post_batch(url: &str, envelopes: &[Vec<u8>]) -> (u16, Value) {
    let response = reqwest::Client::new()
        .post(url)
        .header("content-type", "application/x-ndjson")
        .body(envelopes.join(&b'\n'))
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    let body = response.json().await.unwrap_or(Value::Null);
    (status, body)
}

#[tokio::test]
async fn inbox_batch_reports_each_envelope() {
    let demo = demo();
    let zj = open_store(&demo.dir, "zj").await;
    let gd_key = signing_key(&demo.dir, "gd");
    let hub_key = signing_key(&demo.dir, "hub");
    let key = unique_key("batch-inbox");

    let mut attested = Vec::new();
    for sequence in 1..=2 {
        let mut envelope = seal_ping(&gd_key, "gd", "zj", &key, sequence);
        envelope
            .attest("hub", &hub_key, chrono::Utc::now())
            .unwrap();
        attested.push(envelope.to_wire().to_vec());
    }
    let tampered = String::from_utf8(attested[0].clone())
        .unwrap()
        .replace("passage test", "passage tesT")
        .into_bytes();

    // Sequence 2 waits, the tampered copy of 1 is rejected, 1 is applied together with 2,
    // and 1 again is a duplicate.
    let batch = vec![
        attested[1].clone(),
        tampered,
        attested[0].clone(),
        attested[0].clone(),
    ];
    let (status, body) = post_batch(&format!("{}/api/passage/inbox/batch", demo.zj), &batch).await;
    assert_eq!(status, 200, "{body}");
    let results = body["results"].as_array().unwrap();
    assert_eq!(results.len(), 4, "{body}");
    assert_eq!(results[0]["receipt"], "waiting", "{body}");
    assert_eq!(results[1]["error"]["status"], 403, "{body}");
    assert_eq!(results[1]["error"]["code"], "bad-signature", "{body}");
    assert_eq!(results[2]["receipt"], "applied", "{body}");
    assert_eq!(results[3]["receipt"], "duplicate", "{body}");
    assert_eq!(
        ping_count(&zj, "gd", &key).await,
        2,
        "both pings, once each"
    );
}

#[tokio::test]
async fn hub_batch_relays_each_envelope() {
    let demo = demo();
    let zj = open_store(&demo.dir, "zj").await;
    let gd_key = signing_key(&demo.dir, "gd");
    let key = unique_key("batch-hub");

    let first = seal_ping(&gd_key, "gd", "zj", &key, 1);
    let second = seal_ping(&gd_key, "gd", "zj", &key, 2);
    let batch = vec![
        first.to_wire().to_vec(),
        seal_ping(&gd_key, "gd", "nowhere", &key, 1)
            .to_wire()
            .to_vec(),
        second.to_wire().to_vec(),
    ];
    let (status, body) =
        post_batch(&format!("{}/api/passage/messages/batch", demo.hub), &batch).await;
    assert_eq!(status, 200, "{body}");
    let results = body["results"].as_array().unwrap();
    assert_eq!(results.len(), 3, "{body}");
    assert_eq!(results[0]["receipt"], "relayed", "{body}");
    assert_eq!(results[1]["error"]["status"], 404, "{body}");
    assert_eq!(results[1]["error"]["code"], "unknown-receiver", "{body}");
    assert_eq!(results[2]["receipt"], "relayed", "{body}");

    let count = wait_for_pings(&zj, "gd", &key, 2, Duration::from_secs(30)).await;
    assert_eq!(count, 2, "both relayed pings reach 浙江");

    // The hub attested the two envelopes it accepted as one batch, with one signature.
    let mut attestations = Vec::new();
    for sent in [&first, &second] {
        let id = sent.header().message_id.as_str();
        let row = inbox::find_message(zj.pool(), id).await.unwrap().unwrap();
        let received = Envelope::from_wire(row.envelope.as_bytes()).unwrap();
        attestations.push(received.attestation().unwrap().clone());
    }
    assert_eq!(attestations[0].tree_size, 2);
    assert_eq!(attestations[1].tree_size, 2);
    assert_eq!(attestations[0].leaf_index, 0);
    assert_eq!(attestations[1].leaf_index, 1);
    assert_eq!(attestations[0].signature, attestations[1].signature);
}

#[tokio::test]
async fn batch_without_envelopes_is_rejected() {
    let demo = demo();
    let url = format!("{}/api/passage/inbox/batch", demo.zj);

    let (status, body) = post_batch(&url, &[]).await;
    assert_eq!(status, 400, "{body}");
    assert_eq!(body["error"]["code"], "malformed", "{body}");

    let too_many = vec![b"{}".to_vec(); 257];
    let (status, body) = post_batch(&url, &too_many).await;
    assert_eq!(status, 413, "{body}");
}
