//! Certificates lent to cases: a choice replaces the earlier one of the same material, and
//! the outcome of the check is recorded once.

use tongban_store::certificate_loans::{
    CertificateLoan, LoanCheck, find_loan, list_case_loans, mark_requested, record_check,
    upsert_loan,
};
use tongban_testkit::each_backend;

use crate::support::{START, at_millis, connect_with_draft_case};

fn loan(id: &str, certificate_id: &str) -> CertificateLoan {
    CertificateLoan {
        id: id.to_owned(),
        case_id: "case-1".to_owned(),
        material_name: "可行性报告".to_owned(),
        certificate_id: certificate_id.to_owned(),
        issuer: "广东省发展和改革委员会".to_owned(),
        issuer_node: "gd".to_owned(),
        status: "chosen".to_owned(),
        result: None,
        reason: None,
        document: None,
        chosen_by: "person-1".to_owned(),
        chosen_at: at_millis(START),
        checked_at: None,
    }
}

#[tokio::test]
async fn loan_is_replaced_and_checked_once() {
    for database in each_backend().await {
        let backend = database.backend_name();
        let store = connect_with_draft_case(&database).await;

        upsert_loan(store.pool(), &loan("loan-1", "1.2.156.3005.2.A"))
            .await
            .expect("first choice");
        upsert_loan(store.pool(), &loan("loan-2", "1.2.156.3005.2.B"))
            .await
            .expect("second choice");
        let loans = list_case_loans(store.pool(), "case-1").await.expect("list");
        assert_eq!(loans.len(), 1, "{backend}: a material has one loan");
        assert_eq!(loans[0].id, "loan-2", "{backend}");
        assert_eq!(loans[0].certificate_id, "1.2.156.3005.2.B", "{backend}");

        let check = LoanCheck {
            status: "not_satisfied",
            result: "revoked",
            reason: Some("revoked by the issuer: 项目未按审查意见建设"),
            document: Some("{}"),
            checked_at: at_millis(START + 1_000),
        };
        let early = record_check(store.pool(), "loan-2", &check)
            .await
            .expect("check");
        assert!(!early, "{backend}: a loan not requested yet was checked");
        mark_requested(store.pool(), "loan-2")
            .await
            .expect("requested");
        let recorded = record_check(store.pool(), "loan-2", &check)
            .await
            .expect("check");
        assert!(recorded, "{backend}");
        let again = record_check(store.pool(), "loan-2", &check)
            .await
            .expect("check again");
        assert!(!again, "{backend}: a loan was checked twice");

        let stored = find_loan(store.pool(), "loan-2")
            .await
            .expect("find")
            .expect("stored");
        assert_eq!(stored.status, "not_satisfied", "{backend}");
        assert_eq!(stored.result.as_deref(), Some("revoked"), "{backend}");
        assert_eq!(
            stored.checked_at,
            Some(at_millis(START + 1_000)),
            "{backend}"
        );
        assert_eq!(stored.document.as_deref(), Some("{}"), "{backend}");
    }
}
