//! Revocation and cancellation by the issuing node's clerks, with who, when and why.

use tongban_services::certificates::{self, CertificateError, NodeVerification};
use tongban_store::certificates::CertificateStatus;

use super::support::{SealTerms, Sealed, beijing};
use crate::cases::support::{clerk, energy_clerks};

#[tokio::test]
async fn clerk_revokes_with_reason() {
    for database in tongban_testkit::each_backend().await {
        let sealed = Sealed::open(&database, SealTerms::default()).await;
        let backend = sealed.node.backend;
        let certificate = sealed.issued("2026-03-02", 31).await;
        let store = sealed.node.store();
        let at = beijing("2026-03-05 10:00:00");

        // Only the issuing department's approvers and admins may.
        let intake = energy_clerks().intake;
        let denied = certificates::end_certificate(
            store,
            None,
            &intake,
            &certificate.id,
            (CertificateStatus::Revoked, "违规"),
            at,
        )
        .await;
        assert!(
            matches!(denied, Err(CertificateError::RoleMissing { .. })),
            "{backend}: {denied:?}"
        );
        let other = clerk("approver-9", &["approver"], Some("浙江省体育局（演示）"));
        let hidden = certificates::end_certificate(
            store,
            None,
            &other,
            &certificate.id,
            (CertificateStatus::Revoked, "违规"),
            at,
        )
        .await;
        assert!(
            matches!(hidden, Err(CertificateError::NotFound)),
            "{backend}: {hidden:?}"
        );
        let approver = energy_clerks().approver;
        let blank = certificates::end_certificate(
            store,
            None,
            &approver,
            &certificate.id,
            (CertificateStatus::Revoked, "  "),
            at,
        )
        .await;
        assert!(
            matches!(blank, Err(CertificateError::ReasonRequired)),
            "{backend}"
        );

        let ended = certificates::end_certificate(
            store,
            None,
            &approver,
            &certificate.id,
            (CertificateStatus::Revoked, "项目未按审查意见建设"),
            at,
        )
        .await
        .unwrap();
        assert_eq!(ended.status, CertificateStatus::Revoked);
        assert_eq!(ended.status_reason.as_deref(), Some("项目未按审查意见建设"));
        assert_eq!(ended.status_changed_by.as_deref(), Some("staff:approver-1"));
        assert_eq!(ended.status_changed_at, Some(at));

        let again = certificates::end_certificate(
            store,
            None,
            &approver,
            &certificate.id,
            (CertificateStatus::Cancelled, "重复"),
            at,
        )
        .await;
        assert!(
            matches!(again, Err(CertificateError::AlreadyEnded { .. })),
            "{backend}"
        );

        let outcome = certificates::verify_at_node(store, &certificate.qr_payload, at)
            .await
            .unwrap();
        match &outcome {
            NodeVerification::Ended { certificate, .. } => {
                assert_eq!(
                    certificate.status_reason.as_deref(),
                    Some("项目未按审查意见建设")
                );
            }
            other => panic!("{backend}: {other:?}"),
        }
        assert_eq!(outcome.code(), "revoked");

        let events = tongban_store::audit::list_events(store.pool(), "certificate/", 100)
            .await
            .unwrap();
        assert!(
            events
                .iter()
                .any(|event| event.action == "certificate.revoked"
                    && event.reason.as_deref() == Some("项目未按审查意见建设")
                    && event.actor == "staff:approver-1"),
            "{backend}"
        );
    }
}
