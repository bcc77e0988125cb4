//! One changed byte of the QR payload, the metadata or the signature fails verification, at
//! the node and offline against a saved trust list.

use chrono::{DateTime, Utc};
use tongban_certificates::{SealBook, SignedCertificate, verify_document, verify_qr};
use tongban_services::certificates::{self, NodeVerification};
use tongban_store::Store;

use super::support::{SealTerms, Sealed, beijing, change_char};

/// Returns whether the node and an offline verifier both reject `input`.
async fn both_reject(
    store: &Store,
    book: &SealBook,
    input: &str,
    at: DateTime<Utc>,
) -> (bool, bool) {
    let online = certificates::verify_at_node(store, input, at)
        .await
        .unwrap();
    let offline = if input.starts_with('{') {
        match SignedCertificate::from_json(input) {
            Ok(document) => verify_document(book, &document, at).is_err(),
            Err(_) => true,
        }
    } else {
        verify_qr(book, input, at).is_err()
    };
    (matches!(online, NodeVerification::Invalid(_)), offline)
}

#[tokio::test]
async fn changed_byte_fails_everywhere() {
    for database in tongban_testkit::each_backend().await {
        let mut sealed = Sealed::open(&database, SealTerms::default()).await;
        let backend = sealed.node.backend;
        let certificate = sealed.issued("2026-03-02", 11).await;
        let list = sealed.publish(None).await;
        let book = sealed.offline_book(&list);
        let at = beijing("2026-03-03 10:00:00");
        let store = sealed.node.store();

        // The untouched certificate passes both ways.
        assert_eq!(
            both_reject(store, &book, &certificate.qr_payload, at).await,
            (false, false)
        );
        assert_eq!(
            both_reject(store, &book, &certificate.document, at).await,
            (false, false)
        );

        // The payload: one character in each field, the signature included.
        let payload = &certificate.qr_payload;
        let mut start = 0;
        for (index, field) in payload.split('|').enumerate() {
            if index > 0 && !field.is_empty() {
                let changed = change_char(payload, start + field.chars().count() / 2);
                let rejected = both_reject(store, &book, &changed, at).await;
                assert_eq!(
                    rejected,
                    (true, true),
                    "{backend}: field {index} of {changed}"
                );
            }
            start += field.chars().count() + 1;
        }

        // The metadata: a changed holder number and a changed face value.
        let document = SignedCertificate::from_json(&certificate.document).unwrap();
        for pointer in ["/holder_id", "/face/0/value", "/valid_until"] {
            let mut changed = document.clone();
            let value = changed.metadata.pointer_mut(pointer).unwrap();
            let text = value.as_str().unwrap().to_owned();
            *value = serde_json::Value::String(change_char(&text, text.chars().count() - 1));
            let rejected = both_reject(store, &book, &changed.to_json(), at).await;
            assert_eq!(rejected, (true, true), "{backend}: {pointer}");
        }

        // The signature: one character.
        let mut changed = document.clone();
        changed.signature = change_char(&changed.signature, 10);
        let rejected = both_reject(store, &book, &changed.to_json(), at).await;
        assert_eq!(rejected, (true, true), "{backend}: signature");
    }
}
