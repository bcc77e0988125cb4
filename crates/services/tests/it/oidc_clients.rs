use tongban_services::oidc_clients::{self, NewClient};
use tongban_store::Store;

fn node_client(alg: &str) -> NewClient {
    NewClient {
        client_id: "gd".to_owned(),
        name_zh: "广东政务服务网".to_owned(),
        name_en: "Guangdong Government Services".to_owned(),
        redirect_uris: vec!["http://127.0.0.1:8401/auth/callback".to_owned()],
        post_logout_redirect_uris: vec!["http://127.0.0.1:8401/".to_owned()],
        id_token_signed_response_alg: alg.to_owned(),
        node_id: Some("gd".to_owned()),
    }
}

#[tokio::test]
async fn secret_authenticates_until_replaced_or_revoked() {
    for database in tongban_testkit::each_backend().await {
        let backend = database.backend_name();
        let store = Store::connect(database.url()).await.unwrap();

        let first = oidc_clients::register_client(&store, node_client("ES256"), "test")
            .await
            .unwrap();
        let client = oidc_clients::authenticate_client(&store, "gd", &first)
            .await
            .unwrap();
        assert_eq!(client.unwrap().redirect_uris.len(), 1, "{backend}");
        assert!(
            oidc_clients::authenticate_client(&store, "gd", "wrong")
                .await
                .unwrap()
                .is_none(),
            "{backend}"
        );
        assert!(
            oidc_clients::authenticate_client(&store, "zj", &first)
                .await
                .unwrap()
                .is_none(),
            "{backend}"
        );

        let second = oidc_clients::register_client(&store, node_client("EdDSA"), "test")
            .await
            .unwrap();
        assert_ne!(first, second);
        assert!(
            oidc_clients::authenticate_client(&store, "gd", &first)
                .await
                .unwrap()
                .is_none(),
            "{backend}: old secret"
        );
        let client = oidc_clients::authenticate_client(&store, "gd", &second)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(client.id_token_signed_response_alg, "EdDSA");

        assert!(
            oidc_clients::revoke_client(&store, "gd", "test", "node left")
                .await
                .unwrap()
        );
        assert!(
            oidc_clients::authenticate_client(&store, "gd", &second)
                .await
                .unwrap()
                .is_none(),
            "{backend}: revoked"
        );
        assert!(
            !oidc_clients::revoke_client(&store, "nobody", "test", "x")
                .await
                .unwrap()
        );

        let events = tongban_store::audit::list_events(store.pool(), "oidc_client/gd", 10)
            .await
            .unwrap();
        assert_eq!(events.len(), 3, "{backend}");
        assert_eq!(events[0].action, "oidc.revoke_client");
    }
}

#[tokio::test]
async fn invalid_registrations_are_rejected() {
    let database = tongban_testkit::TestDatabase::sqlite();
    let store = Store::connect(database.url()).await.unwrap();
    assert!(
        oidc_clients::register_client(&store, node_client("HS256"), "test")
            .await
            .is_err()
    );
    let mut no_redirect = node_client("ES256");
    no_redirect.redirect_uris.clear();
    assert!(
        oidc_clients::register_client(&store, no_redirect, "test")
            .await
            .is_err()
    );
}
