//! Authorization codes and access tokens: one redemption, replay revocation and PKCE.

use tongban_services::accounts::{Account, ActingFor};
use tongban_services::oidc_clients::{self, NewClient};
use tongban_services::oidc_grants::{
    self, CodeExchange, CodeRequest, ExchangeOutcome, Rejection, s256_challenge,
};
use tongban_store::Store;

use crate::support::register;

const REDIRECT: &str = "http://127.0.0.1:8401/auth/callback";
const VERIFIER: &str = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";

async fn client(store: &Store, client_id: &str) {
    let client = NewClient {
        client_id: client_id.to_owned(),
        name_zh: "广东政务服务网".to_owned(),
        name_en: "Guangdong".to_owned(),
        redirect_uris: vec![REDIRECT.to_owned()],
        post_logout_redirect_uris: Vec::new(),
        id_token_signed_response_alg: "ES256".to_owned(),
        node_id: None,
    };
    oidc_clients::register_client(store, client, "test")
        .await
        .unwrap();
}

async fn issue(store: &Store, account: &Account, acting_for: Option<&ActingFor>) -> String {
    let challenge = s256_challenge(VERIFIER);
    let request = CodeRequest {
        client_id: "gd",
        account_id: &account.id,
        redirect_uri: REDIRECT,
        scope: "openid",
        nonce: Some("nonce-1"),
        code_challenge: &challenge,
        auth_time: chrono::Utc::now(),
        acting_for,
    };
    oidc_grants::issue_authorization_code(store, &request)
        .await
        .unwrap()
}

fn exchange<'a>(code: &'a str, verifier: &'a str) -> CodeExchange<'a> {
    CodeExchange {
        code,
        client_id: "gd",
        redirect_uri: REDIRECT,
        code_verifier: verifier,
    }
}

#[tokio::test]
async fn code_trades_once_and_replay_revokes() {
    for database in tongban_testkit::each_backend().await {
        let backend = database.backend_name();
        let store = Store::connect(database.url()).await.unwrap();
        client(&store, "gd").await;
        let account = register(&store, 1).await;
        let acting = ActingFor {
            credit_code: "9136020068H899240K".to_owned(),
            name: "甲公司".to_owned(),
        };
        let code = issue(&store, &account, Some(&acting)).await;

        let outcome = oidc_grants::exchange_code(&store, &exchange(&code, VERIFIER))
            .await
            .unwrap();
        let ExchangeOutcome::Granted(grant) = outcome else {
            panic!("{backend}: first exchange should succeed: {outcome:?}");
        };
        assert_eq!(grant.account, account, "{backend}");
        assert_eq!(grant.nonce.as_deref(), Some("nonce-1"), "{backend}");
        assert_eq!(grant.acting_for.as_ref(), Some(&acting), "{backend}");
        let info = oidc_grants::find_access_token(&store, &grant.access_token)
            .await
            .unwrap()
            .expect("token valid");
        assert_eq!(info.account.id, account.id, "{backend}");
        assert_eq!(info.acting_for.as_ref(), Some(&acting), "{backend}");

        let replay = oidc_grants::exchange_code(&store, &exchange(&code, VERIFIER))
            .await
            .unwrap();
        assert!(
            matches!(
                replay,
                ExchangeOutcome::Rejected(Rejection::Replayed { revoked_tokens: 1 })
            ),
            "{backend}: {replay:?}"
        );
        let revoked = oidc_grants::find_access_token(&store, &grant.access_token)
            .await
            .unwrap();
        assert!(revoked.is_none(), "{backend}: token revoked by the replay");
    }
}

#[tokio::test]
async fn wrong_verifier_or_redirect_spends_the_code() {
    for database in tongban_testkit::each_backend().await {
        let backend = database.backend_name();
        let store = Store::connect(database.url()).await.unwrap();
        client(&store, "gd").await;
        let account = register(&store, 1).await;

        let code = issue(&store, &account, None).await;
        let wrong = "x".repeat(43);
        let outcome = oidc_grants::exchange_code(&store, &exchange(&code, &wrong))
            .await
            .unwrap();
        assert!(
            matches!(
                outcome,
                ExchangeOutcome::Rejected(Rejection::VerifierMismatch)
            ),
            "{backend}: {outcome:?}"
        );
        let retry = oidc_grants::exchange_code(&store, &exchange(&code, VERIFIER))
            .await
            .unwrap();
        assert!(
            matches!(
                retry,
                ExchangeOutcome::Rejected(Rejection::Replayed { revoked_tokens: 0 })
            ),
            "{backend}: {retry:?}"
        );

        let code = issue(&store, &account, None).await;
        let other_redirect = CodeExchange {
            redirect_uri: "http://127.0.0.1:8401/auth/callback/",
            ..exchange(&code, VERIFIER)
        };
        let outcome = oidc_grants::exchange_code(&store, &other_redirect)
            .await
            .unwrap();
        assert!(
            matches!(
                outcome,
                ExchangeOutcome::Rejected(Rejection::RedirectUriMismatch)
            ),
            "{backend}: {outcome:?}"
        );

        client(&store, "zj").await;
        let code = issue(&store, &account, None).await;
        let other_client = CodeExchange {
            client_id: "zj",
            ..exchange(&code, VERIFIER)
        };
        let outcome = oidc_grants::exchange_code(&store, &other_client)
            .await
            .unwrap();
        assert!(
            matches!(
                outcome,
                ExchangeOutcome::Rejected(Rejection::UnknownOrExpired)
            ),
            "{backend}: {outcome:?}"
        );
        let outcome = oidc_grants::exchange_code(&store, &exchange(&code, VERIFIER))
            .await
            .unwrap();
        assert!(
            matches!(outcome, ExchangeOutcome::Granted(_)),
            "{backend}: another client's attempt leaves the code to its owner: {outcome:?}"
        );
    }
}

#[tokio::test]
async fn ten_concurrent_exchanges_one_success() {
    for database in tongban_testkit::each_backend().await {
        let backend = database.backend_name();
        let store = Store::connect(database.url()).await.unwrap();
        client(&store, "gd").await;
        let account = register(&store, 1).await;
        let code = issue(&store, &account, None).await;

        let tasks: Vec<_> = (0..10)
            .map(|_| {
                let store = store.clone();
                let code = code.clone();
                tokio::spawn(async move {
                    oidc_grants::exchange_code(&store, &exchange(&code, VERIFIER))
                        .await
                        .unwrap()
                })
            })
            .collect();
        let mut granted = Vec::new();
        let mut rejected = 0;
        for task in tasks {
            match task.await.unwrap() {
                ExchangeOutcome::Granted(grant) => granted.push(grant),
                ExchangeOutcome::Rejected(Rejection::Replayed { .. }) => rejected += 1,
                other => panic!("{backend}: unexpected {other:?}"),
            }
        }
        assert_eq!(granted.len(), 1, "{backend}");
        assert_eq!(rejected, 9, "{backend}");
        // Replays that ran after the success revoked its token.
        let token = oidc_grants::find_access_token(&store, &granted[0].access_token)
            .await
            .unwrap();
        assert!(
            token.is_none(),
            "{backend}: the winning token is revoked by later replays"
        );
    }
}
