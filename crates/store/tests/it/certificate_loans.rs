//! Certificates lent to cases: a choice replaces the earlier one of the same material, and
//! the outcome of the check is recorded once.

use std::collections::BTreeMap;

use tongban_domain::case::CaseStatus;
use tongban_domain::implementation::{DEFAULT_MAX_MATERIAL_BYTES, Implementation};
use tongban_store::cases::{CaseApplicant, CaseRecord, ID_TYPE_RESIDENT_CARD, insert_case};
use tongban_store::certificate_loans::{
    CertificateLoan, LoanCheck, find_loan, list_case_loans, mark_requested, record_check,
    upsert_loan,
};
use tongban_store::implementations::upsert_implementation;
use tongban_testkit::each_backend;

use crate::support::{at_millis, connect};

const START: i64 = 1_772_416_800_000;

fn implementation() -> Implementation {
    Implementation {
        id: "zj-religious-building".to_owned(),
        source: "test-catalog".to_owned(),
        record_id: "item-1".to_owned(),
        department: "浙江省民族宗教事务委员会".to_owned(),
        department_code: None,
        statutory_days: Some(20),
        promised_days: None,
        yellow_days: 3,
        form: Vec::new(),
        max_material_bytes: DEFAULT_MAX_MATERIAL_BYTES,
        certificate: None,
        handled_at: None,
        material_proofs: Vec::new(),
    }
}

fn draft(id: &str) -> CaseRecord {
    let now = at_millis(START);
    CaseRecord {
        id: id.to_owned(),
        case_number: None,
        implementation_id: "zj-religious-building".to_owned(),
        department: "浙江省民族宗教事务委员会".to_owned(),
        department_code: None,
        applicant: CaseApplicant {
            subject: "person-1".to_owned(),
            name: "林用证".to_owned(),
            id_type: ID_TYPE_RESIDENT_CARD.to_owned(),
            id_number: "11010519491231002X".to_owned(),
            acting_for_credit_code: None,
            acting_for_name: None,
        },
        status: CaseStatus::Draft,
        case_type: None,
        form_data: BTreeMap::new(),
        received_on: None,
        accepted_on: None,
        decided_on: None,
        closed_on: None,
        statutory_days: None,
        promised_days: None,
        yellow_days: 3,
        statutory_due: None,
        promised_due: None,
        due_calendar_revision: None,
        version: 1,
        created_at: now,
        updated_at: now,
        receiving_place: Some("zj".to_owned()),
        handling_place: Some("zj".to_owned()),
        receiving_reference: None,
    }
}

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
        let store = connect(&database).await;
        upsert_implementation(store.pool(), &implementation(), at_millis(START))
            .await
            .expect("implementation");
        insert_case(store.pool(), &draft("case-1"))
            .await
            .expect("case");

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
