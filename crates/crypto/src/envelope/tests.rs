use chrono::{TimeDelta, TimeZone};
use serde_json::json;

use super::*;

fn header(sequence: u64) -> Header {
    Header {
        sender: "gd".to_owned(),
        receiver: "zj".to_owned(),
        message_type: "test.ping".to_owned(),
        message_id: MessageId::generate(),
        sent_at: Utc.with_ymd_and_hms(2026, 12, 5, 8, 30, 0).unwrap()
            + TimeDelta::microseconds(250_123),
        ordering_key: "44000026120500001".to_owned(),
        sequence,
    }
}

fn body() -> Map<String, Value> {
    match json!({ "note": "广东 → 浙江", "count": 3, "ratio": 0.5, "list": [true, null] }) {
        Value::Object(map) => map,
        _ => unreachable!(),
    }
}

fn active(key: &SigningKey) -> SenderStatus {
    SenderStatus::Active(vec![SenderKey {
        public_key: key.public_key().clone(),
        valid_from: Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap(),
        valid_until: None,
    }])
}

/// A sealed and attested envelope with the sender's and the hub's keys.
fn relayed() -> (Envelope, SigningKey, SigningKey) {
    let sender = SigningKey::generate();
    let hub = SigningKey::generate();
    let mut envelope = Envelope::seal(header(1), body(), &sender).unwrap();
    let relayed_at = envelope.header().sent_at + TimeDelta::milliseconds(40);
    envelope.attest("hub", &hub, relayed_at).unwrap();
    (envelope, sender, hub)
}

#[test]
fn relayed_envelope_verifies_after_transport() {
    let (envelope, sender, hub) = relayed();
    let received = Envelope::from_wire(envelope.to_wire()).unwrap();
    assert_eq!(received, envelope);
    assert_eq!(received.header().sent_at.timestamp_subsec_millis(), 250);
    received
        .verify("zj", &active(&sender), Some(hub.public_key()))
        .unwrap();
    assert_eq!(received.digest(), crate::sm3_hex(envelope.to_wire()));
}

#[test]
fn wire_form_is_canonical_json() {
    let (envelope, _, _) = relayed();
    let value: Value = serde_json::from_slice(envelope.to_wire()).unwrap();
    assert_eq!(crate::canonical_json(&value).unwrap(), envelope.to_wire());
    assert_eq!(value["version"], 2);
    assert_eq!(value["type"], "test.ping");
    assert_eq!(value["sent_at"], "2026-12-05T08:30:00.250Z");
    assert_eq!(value["attestation"]["hub"], "hub");
    assert_eq!(value["id"].as_str().unwrap().len(), 32);
}

#[test]
fn every_changed_byte_is_rejected() {
    let (envelope, sender, hub) = relayed();
    let wire = envelope.to_wire();
    for index in 0..wire.len() {
        let mut changed = wire.to_vec();
        changed[index] ^= 1;
        let outcome = Envelope::from_wire(&changed)
            .and_then(|parsed| parsed.verify("zj", &active(&sender), Some(hub.public_key())));
        assert!(
            outcome.is_err(),
            "byte {index} ({:?}) changed and still accepted",
            char::from(wire[index])
        );
    }
}

#[test]
fn every_changed_byte_before_relay_is_rejected() {
    let sender = SigningKey::generate();
    let envelope = Envelope::seal(header(7), body(), &sender).unwrap();
    let wire = envelope.to_wire();
    Envelope::from_wire(wire)
        .unwrap()
        .verify("zj", &active(&sender), None)
        .unwrap();
    for index in 0..wire.len() {
        let mut changed = wire.to_vec();
        changed[index] ^= 0x20;
        let outcome = Envelope::from_wire(&changed)
            .and_then(|parsed| parsed.verify("zj", &active(&sender), None));
        assert!(outcome.is_err(), "byte {index} changed and still accepted");
    }
}

#[test]
fn other_forms_of_the_same_envelope_are_rejected() {
    let (envelope, _, _) = relayed();
    let text = String::from_utf8(envelope.to_wire().to_vec()).unwrap();
    let value: Value = serde_json::from_str(&text).unwrap();

    let pretty = serde_json::to_string_pretty(&value).unwrap();
    assert_eq!(
        Envelope::from_wire(pretty.as_bytes()),
        Err(EnvelopeError::NotCanonical)
    );
    let spaced = format!(" {text}");
    assert_eq!(
        Envelope::from_wire(spaced.as_bytes()),
        Err(EnvelopeError::NotCanonical)
    );
    let escaped = text.replacen("test.ping", "test\\u002eping", 1);
    assert_eq!(
        Envelope::from_wire(escaped.as_bytes()),
        Err(EnvelopeError::NotCanonical)
    );
    let number = text.replacen("\"count\":3", "\"count\":3.0", 1);
    assert_eq!(
        Envelope::from_wire(number.as_bytes()),
        Err(EnvelopeError::NotCanonical)
    );
}

#[test]
fn unknown_missing_and_repeated_members_are_rejected() {
    let (envelope, _, _) = relayed();
    let value: Value = serde_json::from_slice(envelope.to_wire()).unwrap();

    let mut extra = value.clone();
    extra["priority"] = json!(1);
    let extra = crate::canonical_json(&extra).unwrap();
    assert!(matches!(
        Envelope::from_wire(&extra),
        Err(EnvelopeError::Malformed(detail)) if detail.contains("priority")
    ));

    let mut missing = value.clone();
    missing.as_object_mut().unwrap().remove("sequence");
    let missing = crate::canonical_json(&missing).unwrap();
    assert!(matches!(
        Envelope::from_wire(&missing),
        Err(EnvelopeError::Malformed(detail)) if detail.contains("sequence")
    ));

    let text = String::from_utf8(envelope.to_wire().to_vec()).unwrap();
    let repeated = text.replacen("{", "{\"body\":{},", 1);
    assert!(matches!(
        Envelope::from_wire(repeated.as_bytes()),
        Err(EnvelopeError::Malformed(detail)) if detail.contains("duplicate")
    ));

    let mut null_attestation = value;
    null_attestation["attestation"] = Value::Null;
    let null_attestation = crate::canonical_json(&null_attestation).unwrap();
    assert_eq!(
        Envelope::from_wire(&null_attestation),
        Err(EnvelopeError::NotCanonical)
    );
}

#[test]
fn member_rules_are_enforced() {
    let (envelope, _, _) = relayed();
    let value: Value = serde_json::from_slice(envelope.to_wire()).unwrap();
    let cases = [
        ("version", json!(1), "version"),
        ("version", json!(3), "version"),
        ("sender", json!("GD"), "sender"),
        ("receiver", json!(""), "receiver"),
        ("type", json!("Ping"), "type"),
        ("id", json!("ABCDEF0123456789abcdef0123456789"), "id"),
        ("sent_at", json!("2026-12-05T08:30:00Z"), "sent_at"),
        ("sent_at", json!("2026-12-05T16:30:00.250+08:00"), "sent_at"),
        ("ordering_key", json!("a\nb"), "ordering_key"),
        ("sequence", json!(0), "sequence"),
        ("sequence", json!(-1), "-1"),
        ("body", json!([1, 2]), "expected a map"),
        ("key_id", json!("0123"), "key_id"),
        ("signature", json!("AAAA"), "signature"),
    ];
    for (member, replacement, expected) in cases {
        let mut changed = value.clone();
        changed[member] = replacement.clone();
        let bytes = crate::canonical_json(&changed).unwrap();
        let outcome = Envelope::from_wire(&bytes);
        assert!(
            matches!(&outcome, Err(EnvelopeError::Malformed(detail)) if detail.contains(expected)),
            "{member} = {replacement}: {outcome:?}"
        );
    }
}

#[test]
fn checks_run_in_order() {
    let (envelope, sender, hub) = relayed();
    let other = SigningKey::generate();

    assert!(matches!(
        envelope.verify("gd", &SenderStatus::Unknown, None),
        Err(EnvelopeError::WrongReceiver { .. })
    ));
    assert!(matches!(
        envelope.verify("zj", &SenderStatus::Unknown, Some(hub.public_key())),
        Err(EnvelopeError::UnknownSender { sender }) if sender == "gd"
    ));
    assert!(matches!(
        envelope.verify("zj", &SenderStatus::Revoked, Some(hub.public_key())),
        Err(EnvelopeError::SenderRevoked { .. })
    ));
    assert!(matches!(
        envelope.verify("zj", &active(&other), Some(hub.public_key())),
        Err(EnvelopeError::KeyNotValid { .. })
    ));
    assert!(matches!(
        envelope.verify("zj", &active(&sender), Some(other.public_key())),
        Err(EnvelopeError::AttestationKey { .. })
    ));
    assert_eq!(
        envelope.verify("zj", &active(&sender), None),
        Err(EnvelopeError::UnexpectedAttestation)
    );

    let unrelayed = Envelope::seal(header(2), body(), &sender).unwrap();
    assert_eq!(
        unrelayed.verify("zj", &active(&sender), Some(hub.public_key())),
        Err(EnvelopeError::MissingAttestation)
    );
}

#[test]
fn key_must_be_valid_when_sealed() {
    let sender = SigningKey::generate();
    let envelope = Envelope::seal(header(1), body(), &sender).unwrap();
    let sent_at = envelope.header().sent_at;
    let status = |valid_from, valid_until| {
        SenderStatus::Active(vec![SenderKey {
            public_key: sender.public_key().clone(),
            valid_from,
            valid_until,
        }])
    };

    let retired = status(sent_at - TimeDelta::days(30), Some(sent_at));
    assert!(matches!(
        envelope.verify("zj", &retired, None),
        Err(EnvelopeError::KeyNotValid { .. })
    ));
    let not_yet = status(sent_at + TimeDelta::milliseconds(1), None);
    assert!(matches!(
        envelope.verify("zj", &not_yet, None),
        Err(EnvelopeError::KeyNotValid { .. })
    ));
    let still = status(sent_at, Some(sent_at + TimeDelta::milliseconds(1)));
    envelope.verify("zj", &still, None).unwrap();
}

#[test]
fn signature_by_impostor_is_rejected() {
    let sender = SigningKey::generate();
    let impostor = SigningKey::generate();
    let forged = Envelope::seal(header(1), body(), &impostor).unwrap();
    // The impostor names the sender's key id, but cannot make the sender's signature.
    let text = String::from_utf8(forged.to_wire().to_vec())
        .unwrap()
        .replacen(impostor.key_id().as_str(), sender.key_id().as_str(), 1);
    let received = Envelope::from_wire(text.as_bytes()).unwrap();
    assert!(matches!(
        received.verify("zj", &active(&sender), None),
        Err(EnvelopeError::BadSignature { .. })
    ));
}

#[test]
fn attestation_covers_the_sender_signature_and_relay_time() {
    let (envelope, sender, hub) = relayed();
    let attestation = envelope.attestation().unwrap().clone();

    // The same attestation on another envelope of the same sender does not verify.
    let other = Envelope::seal(header(2), body(), &sender).unwrap();
    let mut value: Value = serde_json::from_slice(other.to_wire()).unwrap();
    value["attestation"] = json!({
        "hub": attestation.hub,
        "key_id": attestation.key_id,
        "relayed_at": "2026-12-05T08:30:00.290Z",
        "leaf_index": 0,
        "tree_size": 1,
        "path": [],
        "signature": attestation.signature.to_base64url(),
    });
    let moved = Envelope::from_wire(&crate::canonical_json(&value).unwrap()).unwrap();
    assert_eq!(
        moved.verify("zj", &active(&sender), Some(hub.public_key())),
        Err(EnvelopeError::BadAttestation)
    );

    // Nor does it with another relay time.
    let mut value: Value = serde_json::from_slice(envelope.to_wire()).unwrap();
    value["attestation"]["relayed_at"] = json!("2026-12-05T08:30:01.290Z");
    let retimed = Envelope::from_wire(&crate::canonical_json(&value).unwrap()).unwrap();
    assert_eq!(
        retimed.verify("zj", &active(&sender), Some(hub.public_key())),
        Err(EnvelopeError::BadAttestation)
    );
}

/// Envelopes 1 to `count` of one sender, attested as one batch.
fn relayed_batch(count: u64) -> (Vec<Envelope>, SigningKey, SigningKey) {
    let sender = SigningKey::generate();
    let hub = SigningKey::generate();
    let mut envelopes: Vec<Envelope> = (1..=count)
        .map(|sequence| Envelope::seal(header(sequence), body(), &sender).unwrap())
        .collect();
    let relayed_at = envelopes[0].header().sent_at + TimeDelta::milliseconds(40);
    Envelope::attest_batch(&mut envelopes, "hub", &hub, relayed_at).unwrap();
    (envelopes, sender, hub)
}

#[test]
fn each_envelope_of_a_batch_verifies_alone() {
    let (envelopes, sender, hub) = relayed_batch(5);
    let signature = &envelopes[0].attestation().unwrap().signature;
    for (index, envelope) in (0..).zip(&envelopes) {
        let attestation = envelope.attestation().unwrap();
        assert_eq!(attestation.leaf_index, index);
        assert_eq!(attestation.tree_size, 5);
        assert_eq!(&attestation.signature, signature);

        // A key parsed afresh remembers no earlier check, so the signature is computed.
        let fresh_hub_key = PublicKey::from_hex(&hub.public_key().to_hex()).unwrap();
        let received = Envelope::from_wire(envelope.to_wire()).unwrap();
        assert_eq!(
            received.verify("zj", &active(&sender), Some(&fresh_hub_key)),
            Ok(()),
            "envelope {index}"
        );
    }
}

#[test]
fn batch_attestation_fits_own_envelope_only() {
    let (envelopes, sender, hub) = relayed_batch(5);
    let hub_key = hub.public_key();
    envelopes[1]
        .verify("zj", &active(&sender), Some(hub_key))
        .unwrap();

    // The attestation of envelope 1 on envelope 2, with or without its place.
    let first = envelopes[1].attestation().unwrap();
    let mut value: Value = serde_json::from_slice(envelopes[2].to_wire()).unwrap();
    value["attestation"]["path"] = json!(first.path.iter().map(hex::encode).collect::<Vec<_>>());
    let moved_path = Envelope::from_wire(&crate::canonical_json(&value).unwrap()).unwrap();
    assert_eq!(
        moved_path.verify("zj", &active(&sender), Some(hub_key)),
        Err(EnvelopeError::BadAttestation)
    );
    value["attestation"]["leaf_index"] = json!(1);
    let moved = Envelope::from_wire(&crate::canonical_json(&value).unwrap()).unwrap();
    assert_eq!(
        moved.verify("zj", &active(&sender), Some(hub_key)),
        Err(EnvelopeError::BadAttestation)
    );

    // The batch claimed to be larger than the hub signed.
    let mut value: Value = serde_json::from_slice(envelopes[4].to_wire()).unwrap();
    value["attestation"]["tree_size"] = json!(6);
    let resized = Envelope::from_wire(&crate::canonical_json(&value).unwrap()).unwrap();
    assert_eq!(
        resized.verify("zj", &active(&sender), Some(hub_key)),
        Err(EnvelopeError::BadAttestation)
    );
}

#[test]
fn attestation_members_are_parsed_strictly() {
    let (envelopes, _, _) = relayed_batch(3);
    let value: Value = serde_json::from_slice(envelopes[2].to_wire()).unwrap();
    let hash = "ab".repeat(32);
    let cases = [
        ("tree_size", json!(0)),
        ("tree_size", json!(tree::MAX_TREE_SIZE + 1)),
        ("leaf_index", json!(3)),
        ("path", json!([hash.to_uppercase()])),
        ("path", json!([&hash[..62]])),
        ("path", json!(vec![hash.clone(); 17])),
        ("path", json!("")),
    ];
    for (member, wrong) in cases {
        let mut changed = value.clone();
        changed["attestation"][member] = wrong.clone();
        let bytes = crate::canonical_json(&changed).unwrap();
        assert!(
            matches!(
                Envelope::from_wire(&bytes),
                Err(EnvelopeError::Malformed(_))
            ),
            "{member} = {wrong}"
        );
    }
}

#[test]
fn too_large_envelope_is_rejected_before_parsing() {
    let bytes = vec![b' '; MAX_ENVELOPE_BYTES + 1];
    assert_eq!(
        Envelope::from_wire(&bytes),
        Err(EnvelopeError::TooLarge {
            bytes: MAX_ENVELOPE_BYTES + 1
        })
    );
}

#[test]
fn seal_checks_the_header() {
    let key = SigningKey::generate();
    let mut bad = header(1);
    bad.receiver = "浙江".to_owned();
    assert!(matches!(
        Envelope::seal(bad, body(), &key),
        Err(EnvelopeError::Malformed(_))
    ));
    assert!(matches!(
        Envelope::seal(header(0), body(), &key),
        Err(EnvelopeError::Malformed(_))
    ));
    assert!(matches!(
        Envelope::seal(header(u64::MAX), body(), &key),
        Err(EnvelopeError::Malformed(_))
    ));
}

#[test]
fn large_integers_in_the_body_round_trip() {
    let key = SigningKey::generate();
    let mut big = Map::new();
    big.insert("safe".to_owned(), json!(9_007_199_254_740_991_u64));
    let envelope = Envelope::seal(header(1), big, &key).unwrap();
    let received = Envelope::from_wire(envelope.to_wire()).unwrap();
    assert_eq!(received.body(), envelope.body());
}

#[test]
fn debug_shows_no_signature() {
    let (envelope, _, _) = relayed();
    let printed = format!("{envelope:?}");
    assert!(
        !printed.contains(&envelope.signature().to_base64url()),
        "{printed}"
    );
    let hub_signature = envelope.attestation().unwrap().signature.to_base64url();
    assert!(!printed.contains(&hub_signature), "{printed}");
    assert!(printed.contains(envelope.key_id()), "{printed}");
}

#[test]
fn message_ids_are_random_hex() {
    let one = MessageId::generate();
    let two = MessageId::generate();
    assert_ne!(one, two);
    assert_eq!(MessageId::parse(one.as_str()).unwrap(), one);
    assert!(MessageId::parse("0123").is_err());
}
