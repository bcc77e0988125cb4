//! ID tokens checked as a relying party checks them: discovery and JWKS through openidconnect's client
//! types, ES256 and EdDSA signatures, and every claim the hub promises.

use std::str::FromStr;

use openidconnect::core::{CoreJsonWebKeySet, CoreJwsSigningAlgorithm, CoreProviderMetadata};
use openidconnect::{
    ClientId, ClientSecret, HttpRequest, HttpResponse, IdTokenVerifier, IssuerUrl, Nonce,
};
use reqwest::StatusCode;
use serde_json::Value;
use tongban_hub::oidc::HubIdToken;
use tongban_testkit::each_backend;

use crate::account::{COMPANY, register_company};
use crate::support::{
    Browser, HUB_SECTION, PASSWORD, TestHub, authorization_code, install_crypto_provider, location,
    pkce, redeem, resident_id, userinfo,
};

/// Sends an openidconnect request with reqwest, without following redirects, as a relying party
/// would.
async fn http_client(request: HttpRequest) -> Result<HttpResponse, reqwest::Error> {
    install_crypto_provider();
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()?;
    let response = client
        .request(request.method().clone(), request.uri().to_string())
        .headers(request.headers().clone())
        .body(request.body().clone())
        .send()
        .await?;
    let mut builder = openidconnect::http::Response::builder().status(response.status());
    for (name, value) in response.headers() {
        builder = builder.header(name, value);
    }
    let body = response.bytes().await?.to_vec();
    Ok(builder
        .body(body)
        .expect("a response built from a valid one"))
}

#[tokio::test]
async fn es256_and_eddsa_tokens_verify_against_published_keys() {
    for database in each_backend().await {
        let backend = database.backend_name();
        let hub = TestHub::start(&database, HUB_SECTION).await;
        let browser = Browser::new(&hub, "en");
        browser.register(1).await;
        let (verifier, challenge) = pkce();

        let issuer = IssuerUrl::new(hub.url.clone()).unwrap();
        let metadata = CoreProviderMetadata::discover_async(issuer.clone(), &http_client)
            .await
            .unwrap_or_else(|error| panic!("{backend}: discovery failed: {error:?}"));
        assert_eq!(metadata.jwks().keys().len(), 2, "{backend}");

        for (client_id, algorithm, expected) in [
            ("node-es", "ES256", CoreJwsSigningAlgorithm::EcdsaP256Sha256),
            ("node-ed", "EdDSA", CoreJwsSigningAlgorithm::EdDsa),
        ] {
            let secret = hub.register_client(client_id, algorithm).await;
            let code = authorization_code(&browser, client_id, &challenge, "s").await;
            let response = redeem(&hub, client_id, &secret, &code, Some(&verifier), true).await;
            assert_eq!(response.status(), StatusCode::OK, "{backend}: {algorithm}");
            let body: Value = response.json().await.unwrap();
            let id_token = HubIdToken::from_str(body["id_token"].as_str().unwrap()).unwrap();
            assert_eq!(id_token.signing_alg().unwrap(), &expected, "{backend}");

            let verifier_of_rp = IdTokenVerifier::new_confidential_client(
                ClientId::new(client_id.to_owned()),
                ClientSecret::new(secret.clone()),
                issuer.clone(),
                metadata.jwks().clone(),
            )
            .set_allowed_algs([
                CoreJwsSigningAlgorithm::EcdsaP256Sha256,
                CoreJwsSigningAlgorithm::EdDsa,
            ]);
            let claims = id_token
                .claims(&verifier_of_rp, &Nonce::new("n-0S6_WzA2Mj".to_owned()))
                .unwrap_or_else(|error| panic!("{backend}: {algorithm}: {error:?}"));
            assert_eq!(
                claims.nonce().unwrap().secret(),
                "n-0S6_WzA2Mj",
                "{backend}"
            );
            assert!(claims.auth_time().is_some(), "{backend}");
            let name = claims.name().and_then(|name| name.get(None)).unwrap();
            assert_eq!(name.as_str(), "王五", "{backend}");
            let extra = claims.additional_claims();
            assert_eq!(extra.assurance_level, "self_asserted", "{backend}");
            assert_eq!(extra.account_type, "natural_person", "{backend}");
            assert_eq!(extra.acting_for, None, "{backend}");
            assert_eq!(extra.resident_id, None, "{backend}: not without its scope");

            // A token whose signature was changed does not verify.
            let text = body["id_token"].as_str().unwrap();
            let (signed, signature) = text.rsplit_once('.').unwrap();
            let flipped = if signature.starts_with('A') { "B" } else { "A" };
            let forged =
                HubIdToken::from_str(&format!("{signed}.{flipped}{}", &signature[1..])).unwrap();
            assert!(
                forged
                    .claims(&verifier_of_rp, &Nonce::new("n-0S6_WzA2Mj".to_owned()))
                    .is_err(),
                "{backend}: {algorithm}: forged signature"
            );

            let info: Value = userinfo(&hub, body["access_token"].as_str().unwrap())
                .await
                .json()
                .await
                .unwrap();
            assert_eq!(info["sub"], claims.subject().as_str(), "{backend}");
            assert_eq!(info["name"], "王五", "{backend}");
            assert_eq!(info["assurance_level"], "self_asserted", "{backend}");
            assert_eq!(info["account_type"], "natural_person", "{backend}");
            assert!(info.get("resident_id").is_none(), "{backend}");
        }
        hub.instance.stop().await;
    }
}

#[tokio::test]
async fn acting_for_appears_in_id_token_and_userinfo() {
    for database in each_backend().await {
        let backend = database.backend_name();
        let hub = TestHub::start(&database, HUB_SECTION).await;
        let secret = hub.register_client("gd", "EdDSA").await;
        let browser = Browser::new(&hub, "en");
        browser.register(1).await;
        register_company(&browser).await;
        browser.log_out().await;
        let (verifier, challenge) = pkce();

        // Log in through the authorization request, choose the company, and continue.
        let request = crate::support::authorize_path(
            "gd",
            &challenge,
            &[("state", "s"), ("nonce", "n-0S6_WzA2Mj")],
        );
        let logged_in = browser
            .log_in(&resident_id(1), PASSWORD, Some(&request))
            .await;
        let choice = location(&logged_in);
        assert!(
            choice.starts_with("/account/acting?"),
            "{backend}: {choice}"
        );
        let csrf = browser.csrf(&choice).await;
        let chosen = browser
            .post(
                "/account/acting",
                &[
                    ("csrf", &csrf),
                    ("acting_for", COMPANY),
                    ("return_to", &request),
                ],
            )
            .await;
        assert_eq!(location(&chosen), request, "{backend}");
        let code = authorization_code(&browser, "gd", &challenge, "s").await;

        let body: Value = redeem(&hub, "gd", &secret, &code, Some(&verifier), false)
            .await
            .json()
            .await
            .unwrap();
        let id_token = HubIdToken::from_str(body["id_token"].as_str().unwrap()).unwrap();
        let keys: CoreJsonWebKeySet = reqwest::get(hub.at("/oidc/jwks"))
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let verifier_of_rp = IdTokenVerifier::new_confidential_client(
            ClientId::new("gd".to_owned()),
            ClientSecret::new(secret.clone()),
            IssuerUrl::new(hub.url.clone()).unwrap(),
            keys,
        )
        .set_allowed_algs([CoreJwsSigningAlgorithm::EdDsa]);
        let claims = id_token
            .claims(&verifier_of_rp, &Nonce::new("n-0S6_WzA2Mj".to_owned()))
            .unwrap();
        let acting = claims.additional_claims().acting_for.clone().unwrap();
        assert_eq!(acting.credit_code, COMPANY, "{backend}");
        assert_eq!(acting.name, "景德镇瓷业有限公司", "{backend}");

        let info: Value = userinfo(&hub, body["access_token"].as_str().unwrap())
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(info["acting_for"]["credit_code"], COMPANY, "{backend}");
        assert_eq!(
            info["acting_for"]["name"], "景德镇瓷业有限公司",
            "{backend}"
        );
        hub.instance.stop().await;
    }
}

#[tokio::test]
async fn resident_id_scope_releases_the_number() {
    for database in each_backend().await {
        let backend = database.backend_name();
        let hub = TestHub::start(&database, HUB_SECTION).await;
        let secret = hub.register_client("zj", "EdDSA").await;
        let browser = Browser::new(&hub, "en");
        browser.register(1).await;
        let (verifier, challenge) = pkce();
        let mut query = url::form_urlencoded::Serializer::new(String::new());
        query
            .append_pair("response_type", "code")
            .append_pair("client_id", "zj")
            .append_pair("redirect_uri", &crate::support::redirect_uri("zj"))
            .append_pair("scope", "openid profile resident_id")
            .append_pair("code_challenge", &challenge)
            .append_pair("code_challenge_method", "S256")
            .append_pair("nonce", "n-0S6_WzA2Mj");

        let response = browser
            .get(&format!("/oidc/authorize?{}", query.finish()))
            .await;
        let target = location(&response);
        let code = crate::support::query_value(&target, "code")
            .unwrap_or_else(|| panic!("{backend}: no code in {target}"));
        let body: Value = redeem(&hub, "zj", &secret, &code, Some(&verifier), false)
            .await
            .json()
            .await
            .unwrap();

        assert_eq!(body["scope"], "openid profile resident_id", "{backend}");
        let text = body["id_token"].as_str().unwrap();
        let payload = text.split('.').nth(1).unwrap();
        let claims: Value = serde_json::from_slice(
            &base64::Engine::decode(&base64::engine::general_purpose::URL_SAFE_NO_PAD, payload)
                .unwrap(),
        )
        .unwrap();
        assert_eq!(claims["resident_id"], resident_id(1), "{backend}");
        let info: Value = userinfo(&hub, body["access_token"].as_str().unwrap())
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(info["resident_id"], resident_id(1), "{backend}");
        hub.instance.stop().await;
    }
}
