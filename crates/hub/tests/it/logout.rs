//! `/oidc/logout`: RP-initiated logout with a hint, registered return addresses and `state`.

use reqwest::StatusCode;
use reqwest::header::LOCATION;
use serde_json::Value;
use tongban_testkit::each_backend;

use crate::support::{
    Browser, HUB_SECTION, TestHub, authorization_code, encode, location, pkce, post_logout_uri,
    query_value, redeem,
};

#[tokio::test]
async fn logout_with_hint_ends_session_and_returns_state() {
    for database in each_backend().await {
        let backend = database.backend_name();
        let hub = TestHub::start(&database, HUB_SECTION).await;
        let secret = hub.register_client("gd", "ES256").await;
        let browser = Browser::new(&hub, "en");
        browser.register(1).await;
        let (verifier, challenge) = pkce();
        let code = authorization_code(&browser, "gd", &challenge, "s").await;
        let body: Value = redeem(&hub, "gd", &secret, &code, Some(&verifier), true)
            .await
            .json()
            .await
            .unwrap();
        let hint = body["id_token"].as_str().unwrap();

        let unregistered = format!(
            "/oidc/logout?id_token_hint={hint}&post_logout_redirect_uri={}&state=bye",
            encode("http://127.0.0.1:9/gd/elsewhere")
        );
        let refused = browser.get(&unregistered).await;
        assert_eq!(refused.status(), StatusCode::BAD_REQUEST, "{backend}");
        assert!(refused.headers().get(LOCATION).is_none(), "{backend}");
        assert_eq!(
            browser.get("/account").await.status(),
            StatusCode::OK,
            "{backend}: still in"
        );

        let request = format!(
            "/oidc/logout?id_token_hint={hint}&post_logout_redirect_uri={}&state=bye%20now",
            encode(&post_logout_uri("gd"))
        );
        let response = browser.get(&request).await;
        assert_eq!(response.status(), StatusCode::SEE_OTHER, "{backend}");
        let target = location(&response);
        assert!(
            target.starts_with(&post_logout_uri("gd")),
            "{backend}: {target}"
        );
        assert_eq!(
            query_value(&target, "state").as_deref(),
            Some("bye now"),
            "{backend}"
        );
        let after = browser.get("/account").await;
        assert_eq!(
            after.status(),
            StatusCode::SEE_OTHER,
            "{backend}: session ended"
        );

        let forged = format!("/oidc/logout?id_token_hint={}x", &hint[..hint.len() - 1]);
        let response = browser.get(&forged).await;
        assert_eq!(
            response.status(),
            StatusCode::BAD_REQUEST,
            "{backend}: forged hint"
        );
        hub.instance.stop().await;
    }
}

#[tokio::test]
async fn logout_without_hint_asks_first() {
    for database in each_backend().await {
        let backend = database.backend_name();
        let hub = TestHub::start(&database, HUB_SECTION).await;
        hub.register_client("gd", "ES256").await;
        let browser = Browser::new(&hub, "en");
        browser.register(1).await;

        let request = format!(
            "/oidc/logout?client_id=gd&post_logout_redirect_uri={}&state=s",
            encode(&post_logout_uri("gd"))
        );
        let page = browser.get(&request).await;
        assert_eq!(
            page.status(),
            StatusCode::OK,
            "{backend}: confirmation page"
        );
        let html = page.text().await.unwrap();
        assert!(html.contains("A service asks to log you out"), "{backend}");
        assert_eq!(
            browser.get("/account").await.status(),
            StatusCode::OK,
            "{backend}: still in"
        );

        let csrf = crate::support::hidden_value(&html, "csrf").unwrap();
        let response = browser
            .post(
                "/oidc/logout",
                &[
                    ("csrf", &csrf),
                    ("client_id", "gd"),
                    ("post_logout_redirect_uri", &post_logout_uri("gd")),
                    ("state", "s"),
                ],
            )
            .await;
        assert_eq!(response.status(), StatusCode::SEE_OTHER, "{backend}");
        assert_eq!(
            query_value(&location(&response), "state").as_deref(),
            Some("s"),
            "{backend}"
        );
        assert_eq!(
            browser.get("/account").await.status(),
            StatusCode::SEE_OTHER,
            "{backend}"
        );
        hub.instance.stop().await;
    }
}
