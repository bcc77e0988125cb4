//! Legal persons and mandates: registering, listing mandates in force and revoking them.

use tongban_store::accounts::insert_account;
use tongban_store::legal_persons::{
    StoredLegalPerson, find_legal_person, find_mandate_in_force, insert_legal_person,
    insert_mandate, list_mandates_in_force, revoke_mandate,
};
use tongban_testkit::each_backend;

use crate::support::{at_millis, connect, natural_person};

fn company(code: &str, name: &str) -> StoredLegalPerson {
    StoredLegalPerson {
        credit_code: code.to_owned(),
        name: name.to_owned(),
        registered_by: "acc-1".to_owned(),
        registered_at: at_millis(1_767_225_600_000),
    }
}

#[tokio::test]
async fn mandates_list_until_revoked() {
    for database in each_backend().await {
        let backend = database.backend_name();
        let store = connect(&database).await;
        insert_account(
            store.pool(),
            &natural_person("acc-1", "11010519491231002X", "13800138000"),
        )
        .await
        .expect("insert account");
        let first = company("91350100M000100Y43", "福州某某有限公司");
        let second = company("91110000100000000A", "北京甲公司");
        for legal_person in [&first, &second] {
            insert_legal_person(store.pool(), legal_person)
                .await
                .expect("insert legal person");
            insert_mandate(
                store.pool(),
                "acc-1",
                &legal_person.credit_code,
                at_millis(1_767_225_600_000),
                "account:acc-1",
            )
            .await
            .expect("insert mandate");
        }

        let found = find_legal_person(store.pool(), &first.credit_code)
            .await
            .expect("find");
        assert_eq!(found.as_ref(), Some(&first), "{backend}");
        let error = insert_legal_person(store.pool(), &first)
            .await
            .expect_err("duplicate");
        assert!(error.is_unique_violation(), "{backend}: {error}");

        let mandates = list_mandates_in_force(store.pool(), "acc-1")
            .await
            .expect("list");
        let names: Vec<&str> = mandates
            .iter()
            .map(|mandate| mandate.legal_person_name.as_str())
            .collect();
        assert_eq!(names.len(), 2, "{backend}: {names:?}");
        assert_eq!(mandates[0].granted_by, "account:acc-1", "{backend}");

        let error = insert_mandate(
            store.pool(),
            "acc-1",
            &first.credit_code,
            at_millis(1_767_225_700_000),
            "account:acc-1",
        )
        .await
        .expect_err("a second mandate in force");
        assert!(error.is_unique_violation(), "{backend}: {error}");

        assert!(
            revoke_mandate(
                store.pool(),
                "acc-1",
                &first.credit_code,
                at_millis(1_767_225_800_000),
                "account:acc-1",
            )
            .await
            .expect("revoke"),
            "{backend}"
        );
        assert!(
            !revoke_mandate(
                store.pool(),
                "acc-1",
                &first.credit_code,
                at_millis(1_767_225_900_000),
                "account:acc-1",
            )
            .await
            .expect("revoke again"),
            "{backend}: nothing left to revoke"
        );
        let in_force = find_mandate_in_force(store.pool(), "acc-1", &first.credit_code)
            .await
            .expect("find mandate");
        assert_eq!(in_force, None, "{backend}");
        let left = list_mandates_in_force(store.pool(), "acc-1")
            .await
            .expect("list");
        assert_eq!(left.len(), 1, "{backend}");
        assert_eq!(left[0].credit_code, second.credit_code, "{backend}");

        // After a revocation the same pair can be granted again.
        insert_mandate(
            store.pool(),
            "acc-1",
            &first.credit_code,
            at_millis(1_767_226_000_000),
            "account:acc-1",
        )
        .await
        .expect("grant again");
    }
}
