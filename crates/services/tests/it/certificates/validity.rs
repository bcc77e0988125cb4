//! Validity compared in UTC and shown in Asia/Shanghai, and the policy for seals revoked
//! after they signed.

use chrono::{DateTime, TimeDelta, Utc};
use tongban_certificates::{Problem, SignedCertificate, verify_document, verify_qr};
use tongban_services::certificates::{self, NodeVerification};

use super::support::{SealTerms, Sealed, beijing};

#[tokio::test]
async fn expiry_at_midnight_beijing() {
    for database in tongban_testkit::each_backend().await {
        let mut sealed = Sealed::open(&database, SealTerms::default()).await;
        let backend = sealed.node.backend;
        // Issued 2026-03-02 for two years: the last day is 2028-03-01 in Beijing.
        let certificate = sealed.issued("2026-03-02", 21).await;
        assert_eq!(certificate.valid_until.unwrap().to_string(), "2028-03-01");
        let list = sealed.publish(None).await;
        let book = sealed.offline_book(&list);

        let last_second: DateTime<Utc> = "2028-03-01T15:59:59Z".parse().unwrap();
        let midnight: DateTime<Utc> = "2028-03-01T16:00:00Z".parse().unwrap();
        assert_eq!(midnight, beijing("2028-03-02 00:00:00"));

        for (at, valid) in [(last_second, true), (midnight, false)] {
            let online =
                certificates::verify_at_node(sealed.node.store(), &certificate.qr_payload, at)
                    .await
                    .unwrap();
            assert_eq!(
                online.code() == "valid",
                valid,
                "{backend}: {at}: {online:?}"
            );
            let offline = verify_qr(&book, &certificate.qr_payload, at);
            assert_eq!(offline.is_ok(), valid, "{backend}: {at}: {offline:?}");
        }
        let expired = verify_qr(&book, &certificate.qr_payload, midnight).unwrap_err();
        assert_eq!(expired, Problem::Expired { ended_at: midnight });
        // Shown in Beijing time.
        assert!(
            expired
                .message()
                .render(tongban_i18n::Lang::En)
                .contains("2028-03-02 00:00:00+08:00"),
            "{backend}"
        );
    }
}

/// Policy: a certificate signed while its seal was valid stays valid after the hub revokes
/// the seal; the verifier reports the later revocation.
#[tokio::test]
async fn later_seal_revocation_keeps_certificate() {
    for database in tongban_testkit::each_backend().await {
        let mut sealed = Sealed::open(&database, SealTerms::default()).await;
        let backend = sealed.node.backend;
        let certificate = sealed.issued("2026-03-02", 22).await;
        let revoked_at = beijing("2026-04-01 00:00:00");
        let list = sealed.publish(Some(revoked_at)).await;
        let book = sealed.offline_book(&list);
        let at = beijing("2026-04-02 10:00:00");

        let offline = verify_qr(&book, &certificate.qr_payload, at).unwrap();
        assert_eq!(offline.seal_revoked_later, Some(revoked_at), "{backend}");
        let online = certificates::verify_at_node(sealed.node.store(), &certificate.qr_payload, at)
            .await
            .unwrap();
        match online {
            NodeVerification::Valid { verified, .. } => {
                assert_eq!(verified.seal_revoked_later, Some(revoked_at), "{backend}");
            }
            other => panic!("{backend}: {other:?}"),
        }

        // What the seal signs after its revocation fails, as does what it signs after it
        // expired.
        let document = SignedCertificate::from_json(&certificate.document).unwrap();
        let mut metadata = document.metadata().unwrap();
        let key = tongban_services::certificates::load_seal_key(
            sealed.data_dir.path(),
            super::support::DEPARTMENT_CODE,
        )
        .unwrap();
        metadata.signed_at = revoked_at + TimeDelta::seconds(1);
        let late = SignedCertificate::sign(&metadata, &key).unwrap();
        let problem = verify_document(&book, &late, at).unwrap_err();
        assert!(
            matches!(problem, Problem::SealRevoked { .. }),
            "{backend}: {problem:?}"
        );
        let problem = verify_qr(&book, &late.qr_payload, at).unwrap_err();
        assert!(
            matches!(problem, Problem::SealRevoked { .. }),
            "{backend}: {problem:?}"
        );

        metadata.signed_at = beijing("2028-01-01 00:00:00");
        let expired = SignedCertificate::sign(&metadata, &key).unwrap();
        let unrevoked = sealed.trust_list(None);
        let problem = verify_document(&sealed.offline_book(&unrevoked), &expired, at).unwrap_err();
        assert!(
            matches!(problem, Problem::SealNotValid { .. }),
            "{backend}: {problem:?}"
        );
    }
}
