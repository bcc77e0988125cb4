//! Accounts: inserting, looking up by each unique key, and roles.

use tongban_store::accounts::{AccountKey, find_account, insert_account, set_account_role};
use tongban_testkit::each_backend;

use crate::support::{at_millis, connect, natural_person};

#[tokio::test]
async fn account_found_by_each_key() {
    for database in each_backend().await {
        let backend = database.backend_name();
        let store = connect(&database).await;
        let account = natural_person("acc-1", "11010519491231002X", "13800138000");
        insert_account(store.pool(), &account)
            .await
            .expect("insert");

        for key in [
            AccountKey::Id("acc-1"),
            AccountKey::ResidentId("11010519491231002X"),
            AccountKey::Phone("13800138000"),
        ] {
            let found = find_account(store.pool(), key).await.expect("find");
            assert_eq!(found.as_ref(), Some(&account), "{backend}: {key:?}");
        }
        for key in [
            AccountKey::Id("acc-2"),
            AccountKey::ResidentId("110105194912310021"),
            AccountKey::Phone("13800138001"),
            AccountKey::LoginName("acc-1"),
        ] {
            let found = find_account(store.pool(), key).await.expect("find");
            assert_eq!(found, None, "{backend}: {key:?}");
        }
    }
}

#[tokio::test]
async fn duplicate_keys_are_unique_violations() {
    for database in each_backend().await {
        let backend = database.backend_name();
        let store = connect(&database).await;
        insert_account(
            store.pool(),
            &natural_person("acc-1", "11010519491231002X", "13800138000"),
        )
        .await
        .expect("insert");

        let same_id_number = natural_person("acc-2", "11010519491231002X", "13900139000");
        let same_phone = natural_person("acc-3", "440524188001010014", "13800138000");
        for duplicate in [same_id_number, same_phone] {
            let error = insert_account(store.pool(), &duplicate)
                .await
                .expect_err("duplicate rejected");
            assert!(error.is_unique_violation(), "{backend}: {error}");
        }

        // Operators have neither an ID number nor a phone: NULLs never collide.
        for (id, login) in [("op-1", "admin"), ("op-2", "auditor")] {
            let mut operator = natural_person(id, "", "");
            operator.account_type = "operator".to_owned();
            operator.resident_id = None;
            operator.phone = None;
            operator.login_name = Some(login.to_owned());
            insert_account(store.pool(), &operator)
                .await
                .unwrap_or_else(|error| panic!("{backend}: operator {id}: {error}"));
        }
    }
}

#[tokio::test]
async fn role_changes_and_reports_missing_accounts() {
    for database in each_backend().await {
        let backend = database.backend_name();
        let store = connect(&database).await;
        insert_account(
            store.pool(),
            &natural_person("acc-1", "11010519491231002X", "13800138000"),
        )
        .await
        .expect("insert");

        let later = at_millis(1_800_000_000_000);
        assert!(
            set_account_role(store.pool(), "acc-1", "admin", later)
                .await
                .expect("set role"),
            "{backend}"
        );
        let found = find_account(store.pool(), AccountKey::Id("acc-1"))
            .await
            .expect("find")
            .expect("exists");
        assert_eq!(found.role, "admin", "{backend}");
        assert_eq!(found.updated_at, later, "{backend}");
        assert!(
            !set_account_role(store.pool(), "nobody", "admin", later)
                .await
                .expect("set role"),
            "{backend}: missing account"
        );
    }
}
