//! Issuing on approval, in the approval's transaction.

use chrono::NaiveDate;
use tongban_certificates::{HolderIdType, SignedCertificate};
use tongban_services::cases::CaseError;
use tongban_services::certificates::{self, CertificateError, NodeVerification};

use super::support::{DEPARTMENT_CODE, SealTerms, Sealed, approval_error, beijing};
use crate::cases::support::{applicant, event_count};

#[tokio::test]
async fn approval_issues_sealed_certificate() {
    for database in tongban_testkit::each_backend().await {
        let sealed = Sealed::open(&database, SealTerms::default()).await;
        let backend = sealed.node.backend;
        let certificate = sealed.issued("2026-03-02", 1).await;

        let document = SignedCertificate::from_json(&certificate.document).unwrap();
        let metadata = document.metadata().unwrap();
        assert!(
            metadata.id.starts_with(&format!(
                "1.2.156.3005.2.{DEPARTMENT_CODE}001.{DEPARTMENT_CODE}."
            )),
            "{backend}: {}",
            metadata.id
        );
        assert_eq!(metadata.holder_id_type, HolderIdType::ResidentId);
        assert_eq!(metadata.holder_id, applicant(1).id_number);
        assert_eq!(
            metadata.issued_on,
            NaiveDate::from_ymd_opt(2026, 3, 2).unwrap()
        );
        assert_eq!(metadata.valid_until, NaiveDate::from_ymd_opt(2028, 3, 1));
        assert_eq!(metadata.seal_serial, sealed.serial);
        assert_eq!(metadata.division_code, "330000");
        assert_eq!(metadata.face[0].value, "年产5万吨再生铝项目");
        assert_eq!(metadata.face[1].value, "同意该项目节能审查");
        assert_eq!(certificate.qr_payload, document.qr_payload);

        let outcome = certificates::verify_at_node(
            sealed.node.store(),
            &certificate.qr_payload,
            beijing("2026-03-03 10:00:00"),
        )
        .await
        .unwrap();
        assert!(
            matches!(
                outcome,
                NodeVerification::Valid {
                    issued_here: true,
                    ..
                }
            ),
            "{backend}: {outcome:?}"
        );
        let outcome = certificates::verify_at_node(
            sealed.node.store(),
            &certificate.document,
            beijing("2026-03-03 10:00:00"),
        )
        .await
        .unwrap();
        assert_eq!(outcome.code(), "valid", "{backend}");
    }
}

#[tokio::test]
async fn seal_revoked_before_issue_blocks_approval() {
    for database in tongban_testkit::each_backend().await {
        let terms = SealTerms {
            revoked_at: Some(beijing("2026-02-01 00:00:00")),
            ..SealTerms::default()
        };
        let sealed = Sealed::open(&database, terms).await;
        let backend = sealed.node.backend;
        let case = sealed.reviewed_case("2026-03-02", 2).await;
        let events = event_count(&sealed.node, &case.id).await;

        let error = approval_error(&sealed, "2026-03-02", &case).await;
        assert!(
            matches!(
                error,
                CaseError::Certificate(CertificateError::SealNotValid { .. })
            ),
            "{backend}: {error:?}"
        );
        // Nothing of the approval was written.
        assert_eq!(
            event_count(&sealed.node, &case.id).await,
            events,
            "{backend}"
        );
        let none = tongban_store::certificates::find_by_case(sealed.node.store().pool(), &case.id)
            .await
            .unwrap();
        assert!(none.is_none(), "{backend}");
    }
}

#[tokio::test]
async fn expired_seal_blocks_approval() {
    for database in tongban_testkit::each_backend().await {
        let terms = SealTerms {
            valid_until: beijing("2026-03-01 00:00:00"),
            ..SealTerms::default()
        };
        let sealed = Sealed::open(&database, terms).await;
        let case = sealed.reviewed_case("2026-03-02", 3).await;
        let error = approval_error(&sealed, "2026-03-02", &case).await;
        assert!(
            matches!(
                error,
                CaseError::Certificate(CertificateError::SealNotValid { .. })
            ),
            "{}: {error:?}",
            sealed.node.backend
        );
    }
}

#[tokio::test]
async fn holder_sees_only_own_certificates() {
    for database in tongban_testkit::each_backend().await {
        let sealed = Sealed::open(&database, SealTerms::default()).await;
        let backend = sealed.node.backend;
        let certificate = sealed.issued("2026-03-02", 4).await;
        let store = sealed.node.store();

        let mine = certificates::list_holder_certificates(store, &applicant(4))
            .await
            .unwrap();
        assert_eq!(mine.len(), 1, "{backend}");
        assert_eq!(mine[0].id, certificate.id);
        let theirs = certificates::list_holder_certificates(store, &applicant(5))
            .await
            .unwrap();
        assert!(theirs.is_empty(), "{backend}");
        let found =
            certificates::find_holder_certificate(store, &applicant(5), &certificate.id).await;
        assert!(
            matches!(found, Err(CertificateError::NotFound)),
            "{backend}"
        );
    }
}
