//! Authorization codes and access tokens: single redemption, revocation and expiry.

use chrono::{DateTime, Duration, Utc};
use tongban_store::Store;
use tongban_store::accounts::insert_account;
use tongban_store::oidc_clients::{OidcClient, upsert_client};
use tongban_store::oidc_grants::{
    StoredAccessToken, StoredActingFor, StoredAuthorizationCode, delete_expired_grants,
    find_authorization_code, find_valid_access_token, insert_access_token,
    insert_authorization_code, redeem_authorization_code, revoke_access_tokens_of_code,
};
use tongban_testkit::each_backend;

use crate::support::{at_millis, connect, natural_person};

const ISSUED: i64 = 1_767_225_600_000;

async fn prepare(store: &Store) {
    insert_account(
        store.pool(),
        &natural_person("acc-1", "11010519491231002X", "13800138000"),
    )
    .await
    .expect("insert account");
    let client = OidcClient {
        client_id: "gd".to_owned(),
        name_zh: "广东".to_owned(),
        name_en: "Guangdong".to_owned(),
        secret_hash: "00".to_owned(),
        redirect_uris: vec!["http://127.0.0.1:8401/auth/callback".to_owned()],
        post_logout_redirect_uris: Vec::new(),
        id_token_signed_response_alg: "ES256".to_owned(),
        node_id: None,
        status: "active".to_owned(),
        created_at: at_millis(ISSUED),
        updated_at: at_millis(ISSUED),
    };
    upsert_client(store.pool(), &client)
        .await
        .expect("insert client");
}

fn code(hash: &str) -> StoredAuthorizationCode {
    StoredAuthorizationCode {
        code_hash: hash.to_owned(),
        client_id: "gd".to_owned(),
        account_id: "acc-1".to_owned(),
        redirect_uri: "http://127.0.0.1:8401/auth/callback".to_owned(),
        scope: "openid profile".to_owned(),
        nonce: Some("n-0S6_WzA2Mj".to_owned()),
        code_challenge: "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM".to_owned(),
        auth_time: at_millis(ISSUED - 5_000),
        acting_for: Some(StoredActingFor {
            credit_code: "91350100M000100Y43".to_owned(),
            name: "福州某某有限公司".to_owned(),
        }),
        issued_at: at_millis(ISSUED),
        expires_at: at_millis(ISSUED + 60_000),
        redeemed_at: None,
    }
}

fn token(hash: &str, code_hash: &str, expires_at: DateTime<Utc>) -> StoredAccessToken {
    StoredAccessToken {
        token_hash: hash.to_owned(),
        code_hash: code_hash.to_owned(),
        client_id: "gd".to_owned(),
        account_id: "acc-1".to_owned(),
        scope: "openid profile".to_owned(),
        acting_for: None,
        issued_at: at_millis(ISSUED),
        expires_at,
        revoked_at: None,
    }
}

#[tokio::test]
async fn code_redeems_once() {
    for database in each_backend().await {
        let backend = database.backend_name();
        let store = connect(&database).await;
        prepare(&store).await;
        let issued = code("c1");
        insert_authorization_code(store.pool(), &issued)
            .await
            .expect("insert code");

        let now = at_millis(ISSUED + 1_000);
        let wrong_client = redeem_authorization_code(store.pool(), "c1", "zj", now)
            .await
            .expect("redeem");
        assert_eq!(wrong_client, None, "{backend}: other client");

        let redeemed = redeem_authorization_code(store.pool(), "c1", "gd", now)
            .await
            .expect("redeem")
            .expect("first redemption succeeds");
        assert_eq!(
            redeemed,
            StoredAuthorizationCode {
                redeemed_at: Some(now),
                ..issued.clone()
            },
            "{backend}"
        );
        let again = redeem_authorization_code(store.pool(), "c1", "gd", now)
            .await
            .expect("redeem");
        assert_eq!(again, None, "{backend}: second redemption");
        let found = find_authorization_code(store.pool(), "c1")
            .await
            .expect("find")
            .expect("still stored");
        assert_eq!(found.redeemed_at, Some(now), "{backend}");
    }
}

#[tokio::test]
async fn expired_code_does_not_redeem() {
    for database in each_backend().await {
        let backend = database.backend_name();
        let store = connect(&database).await;
        prepare(&store).await;
        insert_authorization_code(store.pool(), &code("c1"))
            .await
            .expect("insert code");
        let at_expiry = at_millis(ISSUED + 60_000);
        let redeemed = redeem_authorization_code(store.pool(), "c1", "gd", at_expiry)
            .await
            .expect("redeem");
        assert_eq!(redeemed, None, "{backend}");
    }
}

#[tokio::test]
async fn concurrent_redemptions_give_one_code() {
    for database in each_backend().await {
        let backend = database.backend_name();
        let store = connect(&database).await;
        prepare(&store).await;
        insert_authorization_code(store.pool(), &code("c1"))
            .await
            .expect("insert code");

        let tasks: Vec<_> = (0..10)
            .map(|_| {
                let store = store.clone();
                tokio::spawn(async move {
                    let mut transaction = store.begin().await.expect("begin");
                    let redeemed = redeem_authorization_code(
                        &mut *transaction,
                        "c1",
                        "gd",
                        at_millis(ISSUED + 1_000),
                    )
                    .await
                    .expect("redeem");
                    tongban_store::commit(transaction).await.expect("commit");
                    redeemed.is_some()
                })
            })
            .collect();
        let mut successes = 0;
        for task in tasks {
            if task.await.expect("task") {
                successes += 1;
            }
        }
        assert_eq!(successes, 1, "{backend}");
    }
}

#[tokio::test]
async fn tokens_valid_until_revoked_or_expired() {
    for database in each_backend().await {
        let backend = database.backend_name();
        let store = connect(&database).await;
        prepare(&store).await;
        insert_authorization_code(store.pool(), &code("c1"))
            .await
            .expect("insert code");
        let expires_at = at_millis(ISSUED + 600_000);
        let issued = StoredAccessToken {
            acting_for: code("c1").acting_for,
            ..token("t1", "c1", expires_at)
        };
        insert_access_token(store.pool(), &issued)
            .await
            .expect("insert token");
        insert_access_token(store.pool(), &token("t2", "c1", expires_at))
            .await
            .expect("insert token");

        let now = at_millis(ISSUED + 1_000);
        let found = find_valid_access_token(store.pool(), "t1", now)
            .await
            .expect("find");
        assert_eq!(found.as_ref(), Some(&issued), "{backend}");
        let expired = find_valid_access_token(store.pool(), "t1", expires_at)
            .await
            .expect("find");
        assert_eq!(expired, None, "{backend}: expired");

        let revoked = revoke_access_tokens_of_code(store.pool(), "c1", now)
            .await
            .expect("revoke");
        assert_eq!(revoked, 2, "{backend}");
        for hash in ["t1", "t2"] {
            let found = find_valid_access_token(store.pool(), hash, now)
                .await
                .expect("find");
            assert_eq!(found, None, "{backend}: {hash} revoked");
        }
        let again = revoke_access_tokens_of_code(store.pool(), "c1", now)
            .await
            .expect("revoke");
        assert_eq!(again, 0, "{backend}: nothing left in force");
    }
}

#[tokio::test]
async fn expired_grants_are_deleted() {
    for database in each_backend().await {
        let backend = database.backend_name();
        let store = connect(&database).await;
        prepare(&store).await;
        let old = code("old");
        let fresh = StoredAuthorizationCode {
            expires_at: at_millis(ISSUED + 3_600_000),
            ..code("fresh")
        };
        for code in [&old, &fresh] {
            insert_authorization_code(store.pool(), code)
                .await
                .expect("insert code");
        }
        insert_access_token(
            store.pool(),
            &token("t-old", "old", at_millis(ISSUED + 7_200_000)),
        )
        .await
        .expect("insert token");
        insert_access_token(
            store.pool(),
            &token("t-fresh", "fresh", at_millis(ISSUED + 7_200_000)),
        )
        .await
        .expect("insert token");

        let mut transaction = store.begin().await.expect("begin");
        let deleted =
            delete_expired_grants(&mut transaction, old.expires_at + Duration::seconds(1))
                .await
                .expect("delete");
        tongban_store::commit(transaction).await.expect("commit");
        assert_eq!(deleted, 2, "{backend}: the old code and its token");
        let left = find_authorization_code(store.pool(), "fresh")
            .await
            .expect("find");
        assert!(left.is_some(), "{backend}");
        let gone = find_authorization_code(store.pool(), "old")
            .await
            .expect("find");
        assert_eq!(gone, None, "{backend}");
    }
}
