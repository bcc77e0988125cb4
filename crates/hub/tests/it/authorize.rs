//! `/oidc/authorize`: redirect URI checks without redirecting, PKCE, `prompt`, and `state`.

use reqwest::StatusCode;
use reqwest::header::LOCATION;
use tongban_testkit::each_backend;

use crate::support::{
    Browser, HUB_SECTION, TestHub, authorization_code, authorize_path, location, pkce, query_value,
    redirect_uri,
};

#[tokio::test]
async fn unregistered_redirect_uri_not_redirected() {
    for database in each_backend().await {
        let backend = database.backend_name();
        let hub = TestHub::start(&database, HUB_SECTION).await;
        hub.register_client("gd", "ES256").await;
        let browser = Browser::new(&hub, "en");
        browser.register(1).await;
        let (_, challenge) = pkce();

        let registered = redirect_uri("gd");
        let variants = [
            ("trailing slash", format!("{registered}/")),
            ("extra query", format!("{registered}?next=/")),
            ("other host", "http://127.0.0.2:9/gd/callback".to_owned()),
        ];
        for (case, uri) in variants {
            let path = authorize_path("gd", &challenge, &[("state", "s1")]).replace(
                &crate::support::encode(&registered),
                &crate::support::encode(&uri),
            );
            let response = browser.get(&path).await;
            assert_eq!(
                response.status(),
                StatusCode::BAD_REQUEST,
                "{backend}: {case}"
            );
            assert!(
                response.headers().get(LOCATION).is_none(),
                "{backend}: {case}"
            );
            let page = response.text().await.unwrap();
            assert!(
                page.contains("is not registered for this service"),
                "{backend}: {case}"
            );
        }

        let unknown = browser.get(&authorize_path("zz", &challenge, &[])).await;
        assert_eq!(
            unknown.status(),
            StatusCode::BAD_REQUEST,
            "{backend}: unknown client"
        );
        assert!(unknown.headers().get(LOCATION).is_none(), "{backend}");
        hub.instance.stop().await;
    }
}

#[tokio::test]
async fn pkce_must_be_s256() {
    for database in each_backend().await {
        let backend = database.backend_name();
        let hub = TestHub::start(&database, HUB_SECTION).await;
        hub.register_client("gd", "ES256").await;
        let browser = Browser::new(&hub, "en");
        browser.register(1).await;
        let (verifier, challenge) = pkce();

        let missing = authorize_path("gd", &challenge, &[("state", "s2")]).replace(
            &format!("&code_challenge={challenge}&code_challenge_method=S256"),
            "",
        );
        let plain = authorize_path("gd", &verifier, &[("state", "s2")])
            .replace("code_challenge_method=S256", "code_challenge_method=plain");
        let no_method = authorize_path("gd", &challenge, &[("state", "s2")])
            .replace("&code_challenge_method=S256", "");
        for (case, path) in [
            ("missing", missing),
            ("plain", plain),
            ("no method", no_method),
        ] {
            let response = browser.get(&path).await;
            assert_eq!(
                response.status(),
                StatusCode::SEE_OTHER,
                "{backend}: {case}"
            );
            let target = location(&response);
            assert!(target.starts_with(&redirect_uri("gd")), "{backend}: {case}");
            assert_eq!(
                query_value(&target, "error").as_deref(),
                Some("invalid_request"),
                "{backend}: {case}"
            );
            assert_eq!(
                query_value(&target, "state").as_deref(),
                Some("s2"),
                "{backend}: {case}"
            );
            assert!(query_value(&target, "code").is_none(), "{backend}: {case}");
        }
        hub.instance.stop().await;
    }
}

#[tokio::test]
async fn without_session_login_or_login_required() {
    for database in each_backend().await {
        let backend = database.backend_name();
        let hub = TestHub::start(&database, HUB_SECTION).await;
        hub.register_client("gd", "ES256").await;
        let browser = Browser::new(&hub, "en");
        let (_, challenge) = pkce();

        let silent = browser
            .get(&authorize_path(
                "gd",
                &challenge,
                &[("state", "s3"), ("prompt", "none")],
            ))
            .await;
        assert_eq!(silent.status(), StatusCode::SEE_OTHER, "{backend}");
        let target = location(&silent);
        assert!(
            target.starts_with(&redirect_uri("gd")),
            "{backend}: {target}"
        );
        assert_eq!(
            query_value(&target, "error").as_deref(),
            Some("login_required"),
            "{backend}"
        );
        assert_eq!(
            query_value(&target, "state").as_deref(),
            Some("s3"),
            "{backend}"
        );

        let request = authorize_path("gd", &challenge, &[("state", "s3")]);
        let interactive = browser.get(&request).await;
        assert_eq!(interactive.status(), StatusCode::SEE_OTHER, "{backend}");
        let login = location(&interactive);
        assert!(login.starts_with("/login?"), "{backend}: {login}");
        let return_to = query_value(&format!("http://x{login}"), "return_to").unwrap();
        assert!(
            return_to.starts_with("/oidc/authorize?"),
            "{backend}: {return_to}"
        );

        // Registering from that login page comes back to the request, which now issues a code.
        let register = browser
            .get(&format!(
                "/register?return_to={}",
                crate::support::encode(&return_to)
            ))
            .await;
        let csrf = crate::support::hidden_value(&register.text().await.unwrap(), "csrf").unwrap();
        let registered = browser
            .post(
                "/register",
                &[
                    ("csrf", &csrf),
                    ("name", "王五"),
                    ("resident_id", &crate::support::resident_id(1)),
                    ("phone", &crate::support::phone(1)),
                    ("password", crate::support::PASSWORD),
                    ("password_confirmation", crate::support::PASSWORD),
                    ("return_to", &return_to),
                ],
            )
            .await;
        assert_eq!(location(&registered), return_to, "{backend}");
        let code = authorization_code(&browser, "gd", &challenge, "s3").await;
        assert!(!code.is_empty(), "{backend}");
        hub.instance.stop().await;
    }
}

#[tokio::test]
async fn prompt_login_forces_a_fresh_login() {
    for database in each_backend().await {
        let backend = database.backend_name();
        let hub = TestHub::start(&database, HUB_SECTION).await;
        hub.register_client("gd", "ES256").await;
        let browser = Browser::new(&hub, "en");
        browser.register(1).await;
        let (_, challenge) = pkce();

        let response = browser
            .get(&authorize_path(
                "gd",
                &challenge,
                &[("state", "s4"), ("prompt", "login")],
            ))
            .await;
        assert_eq!(response.status(), StatusCode::SEE_OTHER, "{backend}");
        let login = location(&response);
        assert!(
            login.starts_with("/login?"),
            "{backend}: logged in, yet sent to log in again"
        );
        let return_to = query_value(&format!("http://x{login}"), "return_to").unwrap();
        assert!(!return_to.contains("prompt"), "{backend}: {return_to}");

        let again = browser
            .log_in(
                &crate::support::resident_id(1),
                crate::support::PASSWORD,
                Some(&return_to),
            )
            .await;
        assert_eq!(location(&again), return_to, "{backend}");
        let after = browser.get(&return_to).await;
        assert!(
            location(&after).starts_with(&redirect_uri("gd")),
            "{backend}: the request goes on after the fresh login"
        );
        hub.instance.stop().await;
    }
}

#[tokio::test]
async fn state_comes_back_unchanged() {
    for database in each_backend().await {
        let backend = database.backend_name();
        let hub = TestHub::start(&database, HUB_SECTION).await;
        hub.register_client("gd", "ES256").await;
        let browser = Browser::new(&hub, "en");
        browser.register(1).await;
        let (_, challenge) = pkce();
        for state in ["plain", "a b+c/d?e=f&g", "状态-✓", "%41%2B"] {
            let code = authorization_code(&browser, "gd", &challenge, state).await;
            assert!(!code.is_empty(), "{backend}: {state}");
        }
        hub.instance.stop().await;
    }
}
