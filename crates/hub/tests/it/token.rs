//! `/oidc/token` and `/oidc/userinfo`: client authentication, single-use codes with revocation,
//! concurrent redemptions, PKCE verifiers and no-store responses.

use reqwest::StatusCode;
use reqwest::header::{CACHE_CONTROL, PRAGMA, WWW_AUTHENTICATE};
use serde_json::Value;
use tongban_testkit::each_backend;

use crate::support::{Browser, HUB_SECTION, TestHub, authorization_code, pkce, redeem, userinfo};

#[tokio::test]
async fn code_redeems_once_and_replay_revokes_its_token() {
    for database in each_backend().await {
        let backend = database.backend_name();
        let hub = TestHub::start(&database, HUB_SECTION).await;
        let secret = hub.register_client("gd", "ES256").await;
        let browser = Browser::new(&hub, "en");
        browser.register(1).await;
        let (verifier, challenge) = pkce();

        for basic in [true, false] {
            let code = authorization_code(&browser, "gd", &challenge, "s").await;
            let first = redeem(&hub, "gd", &secret, &code, Some(&verifier), basic).await;
            assert_eq!(first.status(), StatusCode::OK, "{backend}: basic {basic}");
            assert_eq!(first.headers()[CACHE_CONTROL], "no-store", "{backend}");
            assert_eq!(first.headers()[PRAGMA], "no-cache", "{backend}");
            let body: Value = first.json().await.unwrap();
            assert_eq!(body["token_type"], "Bearer", "{backend}");
            assert_eq!(body["expires_in"], 600, "{backend}");
            assert!(
                body["id_token"]
                    .as_str()
                    .is_some_and(|token| token.split('.').count() == 3)
            );
            let access_token = body["access_token"].as_str().unwrap().to_owned();

            let info = userinfo(&hub, &access_token).await;
            assert_eq!(info.status(), StatusCode::OK, "{backend}");
            assert_eq!(info.headers()[CACHE_CONTROL], "no-store", "{backend}");

            let second = redeem(&hub, "gd", &secret, &code, Some(&verifier), basic).await;
            assert_eq!(second.status(), StatusCode::BAD_REQUEST, "{backend}");
            let error: Value = second.json().await.unwrap();
            assert_eq!(error["error"], "invalid_grant", "{backend}");

            let revoked = userinfo(&hub, &access_token).await;
            assert_eq!(
                revoked.status(),
                StatusCode::UNAUTHORIZED,
                "{backend}: token revoked"
            );
            let challenge_header = revoked.headers()[WWW_AUTHENTICATE].to_str().unwrap();
            assert!(
                challenge_header.contains("invalid_token"),
                "{backend}: {challenge_header}"
            );
        }
        hub.instance.stop().await;
    }
}

#[tokio::test]
async fn ten_concurrent_redemptions_one_success() {
    for database in each_backend().await {
        let backend = database.backend_name();
        let hub = TestHub::start(&database, HUB_SECTION).await;
        let secret = hub.register_client("gd", "ES256").await;
        let browser = Browser::new(&hub, "en");
        browser.register(1).await;
        let (verifier, challenge) = pkce();
        let code = authorization_code(&browser, "gd", &challenge, "s").await;

        let requests = (0..10)
            .map(|index| redeem(&hub, "gd", &secret, &code, Some(&verifier), index % 2 == 0));
        let mut statuses = Vec::new();
        let mut bodies = Vec::new();
        for response in futures_all(requests).await {
            statuses.push(response.status());
            bodies.push(response.json::<Value>().await.unwrap());
        }
        let successes = statuses
            .iter()
            .filter(|status| **status == StatusCode::OK)
            .count();
        assert_eq!(successes, 1, "{backend}: {statuses:?}");
        let refusals = bodies
            .iter()
            .filter(|body| body["error"] == "invalid_grant")
            .count();
        assert_eq!(refusals, 9, "{backend}: {bodies:?}");
        hub.instance.stop().await;
    }
}

/// Runs the futures concurrently on this task and returns their outputs in order.
async fn futures_all<F: std::future::Future>(futures: impl Iterator<Item = F>) -> Vec<F::Output> {
    let mut set = Vec::new();
    for future in futures {
        set.push(Box::pin(future));
    }
    let mut outputs: Vec<Option<F::Output>> = set.iter().map(|_| None).collect();
    std::future::poll_fn(|context| {
        let mut pending = false;
        for (index, future) in set.iter_mut().enumerate() {
            if outputs[index].is_some() {
                continue;
            }
            match future.as_mut().poll(context) {
                std::task::Poll::Ready(output) => outputs[index] = Some(output),
                std::task::Poll::Pending => pending = true,
            }
        }
        if pending {
            std::task::Poll::Pending
        } else {
            std::task::Poll::Ready(())
        }
    })
    .await;
    outputs.into_iter().map(Option::unwrap).collect()
}

#[tokio::test]
async fn pkce_verifier_is_checked() {
    for database in each_backend().await {
        let backend = database.backend_name();
        let hub = TestHub::start(&database, HUB_SECTION).await;
        let secret = hub.register_client("gd", "ES256").await;
        let browser = Browser::new(&hub, "en");
        browser.register(1).await;
        let (verifier, challenge) = pkce();

        let code = authorization_code(&browser, "gd", &challenge, "s").await;
        let missing = redeem(&hub, "gd", &secret, &code, None, true).await;
        assert_eq!(missing.status(), StatusCode::BAD_REQUEST, "{backend}");
        let body: Value = missing.json().await.unwrap();
        assert_eq!(
            body["error"], "invalid_request",
            "{backend}: missing verifier"
        );
        // A request without a verifier does not spend the code.
        let good = redeem(&hub, "gd", &secret, &code, Some(&verifier), true).await;
        assert_eq!(good.status(), StatusCode::OK, "{backend}");

        let code = authorization_code(&browser, "gd", &challenge, "s").await;
        let wrong = format!("{verifier}0");
        let response = redeem(&hub, "gd", &secret, &code, Some(&wrong), true).await;
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{backend}");
        let body: Value = response.json().await.unwrap();
        assert_eq!(body["error"], "invalid_grant", "{backend}: wrong verifier");

        // The challenge itself sent as the verifier is what a `plain` client would send.
        let code = authorization_code(&browser, "gd", &challenge, "s").await;
        let response = redeem(&hub, "gd", &secret, &code, Some(&challenge), false).await;
        let body: Value = response.json().await.unwrap();
        assert_eq!(
            body["error"], "invalid_grant",
            "{backend}: challenge as verifier"
        );
        hub.instance.stop().await;
    }
}

#[tokio::test]
async fn client_authentication_failures_are_invalid_client() {
    for database in each_backend().await {
        let backend = database.backend_name();
        let hub = TestHub::start(&database, HUB_SECTION).await;
        let secret = hub.register_client("gd", "ES256").await;
        let browser = Browser::new(&hub, "en");
        browser.register(1).await;
        let (verifier, challenge) = pkce();
        let code = authorization_code(&browser, "gd", &challenge, "s").await;

        let wrong_basic = redeem(&hub, "gd", "wrong secret", &code, Some(&verifier), true).await;
        assert_eq!(wrong_basic.status(), StatusCode::UNAUTHORIZED, "{backend}");
        assert!(
            wrong_basic.headers().contains_key(WWW_AUTHENTICATE),
            "{backend}"
        );
        let body: Value = wrong_basic.json().await.unwrap();
        assert_eq!(body["error"], "invalid_client", "{backend}");

        let wrong_post = redeem(&hub, "gd", "wrong secret", &code, Some(&verifier), false).await;
        assert_eq!(wrong_post.status(), StatusCode::UNAUTHORIZED, "{backend}");

        // Failed client authentication leaves the code to its owner.
        let good = redeem(&hub, "gd", &secret, &code, Some(&verifier), false).await;
        assert_eq!(good.status(), StatusCode::OK, "{backend}");
        hub.instance.stop().await;
    }
}

#[tokio::test]
async fn userinfo_without_token_is_challenged() {
    for database in each_backend().await {
        let backend = database.backend_name();
        let hub = TestHub::start(&database, HUB_SECTION).await;
        crate::support::install_crypto_provider();
        let response = reqwest::Client::new()
            .get(hub.at("/oidc/userinfo"))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED, "{backend}");
        assert_eq!(
            response.headers()[WWW_AUTHENTICATE],
            "Bearer realm=\"tongban-hub\"",
            "{backend}"
        );
        let forged = userinfo(&hub, "not-a-token").await;
        assert_eq!(forged.status(), StatusCode::UNAUTHORIZED, "{backend}");
        hub.instance.stop().await;
    }
}
