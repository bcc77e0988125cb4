//! The OpenID Connect flows the benchmark times: a complete login with the authorization code
//! flow and PKCE S256, issuing a code from an existing session, and redeeming a code at the
//! token endpoint with `client_secret_basic`.

use std::time::{Duration, Instant};

use anyhow::{Context, bail, ensure};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use clap::ValueEnum;
use reqwest::{Client, StatusCode};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use sha2::{Digest, Sha256};
use tongban_domain::ids::iso7064::mod_11_2_check;
use url::Url;

use crate::browser::{Browser, ensure_loopback, excerpt, first_form, page_body, redirect_target};

/// Which provider is driven, which decides the names of its login form's fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Flavour {
    /// The tongban hub: `/login` with `identifier` and `password`, behind a CSRF token.
    Tongban,
    /// `bench/oidc/provider/server.mjs`: `/interaction/<uid>` with `login` and `password`.
    OidcProvider,
}

impl Flavour {
    fn username_field(self) -> &'static str {
        match self {
            Flavour::Tongban => "identifier",
            Flavour::OidcProvider => "login",
        }
    }
}

/// A test person. Both providers know person `n` under the same phone number and password.
#[derive(Debug, Clone)]
pub struct User {
    /// Logs in with this.
    pub phone: String,
    /// Registers with this at the tongban hub.
    pub resident_id: String,
}

/// The largest number of people the driver can name: the resident ID numbers it makes have a
/// three-digit sequence number.
pub const MAX_USERS: u32 = 999;

impl User {
    /// Returns person `sequence` (1 to [`MAX_USERS`]): born 1990-01-01 in Beijing's Chaoyang
    /// district, phone number `1390000` and the four-digit sequence.
    pub fn numbered(sequence: u32) -> anyhow::Result<User> {
        ensure!(
            (1..=MAX_USERS).contains(&sequence),
            "person numbers run from 1 to {MAX_USERS}, not {sequence}"
        );
        let body = format!("11010519900101{sequence:03}");
        let check = mod_11_2_check(body.as_bytes()).context("no check digit")?;
        Ok(User {
            phone: format!("1390000{sequence:04}"),
            resident_id: format!("{body}{}", char::from(check)),
        })
    }
}

/// The provider under test and the client registered with it.
#[derive(Debug, Clone)]
pub struct Provider {
    /// Form field names.
    pub flavour: Flavour,
    /// The issuer exactly as the discovery document states it.
    pub issuer: String,
    /// From the discovery document.
    pub authorization_endpoint: Url,
    /// From the discovery document.
    pub token_endpoint: Url,
    /// The registered client.
    pub client_id: String,
    /// Its secret, sent with `client_secret_basic`.
    pub client_secret: String,
    /// Its registered redirect URI; nothing needs to listen there.
    pub redirect_uri: String,
    /// The password of every test person.
    pub password: String,
}

/// The part of the discovery document the driver needs.
#[derive(Debug, Deserialize)]
struct Discovery {
    issuer: String,
    authorization_endpoint: String,
    token_endpoint: String,
}

/// Reads `<issuer>/.well-known/openid-configuration` and checks it names `issuer`.
pub async fn discover(client: &Client, issuer: &str) -> anyhow::Result<(String, Url, Url)> {
    let url = format!(
        "{}/.well-known/openid-configuration",
        issuer.trim_end_matches('/')
    );
    let response = client
        .get(&url)
        .send()
        .await
        .with_context(|| format!("GET {url} failed"))?;
    ensure!(
        response.status() == StatusCode::OK,
        "GET {url}: {}",
        response.status()
    );
    let document: Discovery = response
        .json()
        .await
        .with_context(|| format!("{url} is not a discovery document"))?;
    ensure!(
        document.issuer.trim_end_matches('/') == issuer.trim_end_matches('/'),
        "the discovery document names issuer {}, not {issuer}",
        document.issuer
    );
    let endpoint = |text: &str| -> anyhow::Result<Url> {
        let endpoint = Url::parse(text)
            .with_context(|| format!("{url} names an invalid endpoint {text:?}"))?;
        ensure_loopback(&endpoint)?;
        Ok(endpoint)
    };
    let authorization_endpoint = endpoint(&document.authorization_endpoint)?;
    let token_endpoint = endpoint(&document.token_endpoint)?;
    Ok((document.issuer, authorization_endpoint, token_endpoint))
}

/// How long each request of one complete login took.
#[derive(Debug, Clone, Copy, Default)]
pub struct LoginSteps {
    /// `GET` authorization endpoint, which redirects to the login page.
    pub authorize: Duration,
    /// `GET` login page.
    pub login_page: Duration,
    /// `POST` login form, which redirects back to the authorization request.
    pub login_submit: Duration,
    /// `GET` the resumed authorization request, which redirects to the client with the code.
    pub authorize_resume: Duration,
    /// `POST` token endpoint.
    pub token: Duration,
}

impl LoginSteps {
    /// The names of the steps in order, as the report prints them.
    pub const NAMES: [&'static str; 5] = [
        "authorize",
        "login_page",
        "login_submit",
        "authorize_resume",
        "token",
    ];

    /// Returns the durations in the order of [`LoginSteps::NAMES`].
    pub fn durations(&self) -> [Duration; 5] {
        [
            self.authorize,
            self.login_page,
            self.login_submit,
            self.authorize_resume,
            self.token,
        ]
    }
}

/// An authorization code and what redeeming it needs.
#[derive(Debug)]
pub struct IssuedCode {
    code: String,
    verifier: String,
    nonce: String,
}

/// A PKCE verifier and its S256 challenge (RFC 7636).
struct Pkce {
    verifier: String,
    challenge: String,
}

impl Pkce {
    fn new() -> anyhow::Result<Pkce> {
        let verifier = random_text(32)?;
        let challenge = URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()));
        Ok(Pkce {
            verifier,
            challenge,
        })
    }
}

/// Returns `bytes` random bytes as base64url text.
fn random_text(bytes: usize) -> anyhow::Result<String> {
    let mut buffer = vec![0u8; bytes];
    getrandom::fill(&mut buffer).map_err(|error| anyhow::anyhow!("no randomness: {error}"))?;
    Ok(URL_SAFE_NO_PAD.encode(buffer))
}

impl Provider {
    /// Returns an authorization request for `openid profile` with PKCE S256.
    fn authorization_url(&self, challenge: &str, state: &str, nonce: &str) -> Url {
        let mut url = self.authorization_endpoint.clone();
        url.query_pairs_mut()
            .append_pair("response_type", "code")
            .append_pair("client_id", &self.client_id)
            .append_pair("redirect_uri", &self.redirect_uri)
            .append_pair("scope", "openid profile")
            .append_pair("state", state)
            .append_pair("nonce", nonce)
            .append_pair("code_challenge", challenge)
            .append_pair("code_challenge_method", "S256");
        url
    }

    /// Runs one complete login of `user` in `browser`, which starts without cookies, and
    /// redeems the code with `backend`, the relying party's own client.
    pub async fn log_in(
        &self,
        browser: &Browser,
        backend: &Client,
        user: &User,
    ) -> anyhow::Result<LoginSteps> {
        browser.forget_cookies();
        let mut steps = LoginSteps::default();
        let pkce = Pkce::new()?;
        let state = random_text(12)?;
        let nonce = random_text(12)?;
        let request = self.authorization_url(&pkce.challenge, &state, &nonce);

        let started = Instant::now();
        let response = browser.get(&request).await?;
        let login_page = redirect_target(response, &request).await?;
        steps.authorize = started.elapsed();

        let started = Instant::now();
        let response = browser.get(&login_page).await?;
        let html = page_body(response, &login_page).await?;
        steps.login_page = started.elapsed();

        let form = first_form(&html, &login_page)?;
        let mut fields = form.hidden;
        fields.push((self.flavour.username_field().to_owned(), user.phone.clone()));
        fields.push(("password".to_owned(), self.password.clone()));
        let started = Instant::now();
        let response = browser.post_form(&form.action, &fields).await?;
        let resumed = redirect_target(response, &form.action).await?;
        steps.login_submit = started.elapsed();

        let started = Instant::now();
        let response = browser.get(&resumed).await?;
        let callback = redirect_target(response, &resumed).await?;
        steps.authorize_resume = started.elapsed();
        let code = self.code_from(&callback, &state)?;

        let started = Instant::now();
        self.redeem(
            backend,
            &IssuedCode {
                code,
                verifier: pkce.verifier,
                nonce,
            },
        )
        .await?;
        steps.token = started.elapsed();
        Ok(steps)
    }

    /// Sends an authorization request from `browser`, whose person is logged in and has
    /// approved the client, and returns the code from the immediate redirect.
    pub async fn issue_code(&self, browser: &Browser) -> anyhow::Result<IssuedCode> {
        let pkce = Pkce::new()?;
        let state = random_text(12)?;
        let nonce = random_text(12)?;
        let request = self.authorization_url(&pkce.challenge, &state, &nonce);
        let response = browser.get(&request).await?;
        let callback = redirect_target(response, &request).await?;
        let code = self.code_from(&callback, &state)?;
        Ok(IssuedCode {
            code,
            verifier: pkce.verifier,
            nonce,
        })
    }

    /// Returns the code of an authorization response, checking `state` and, when present,
    /// `iss` (RFC 9207).
    fn code_from(&self, callback: &Url, state: &str) -> anyhow::Result<String> {
        let expected = format!("{}?", self.redirect_uri);
        ensure!(
            callback.as_str().starts_with(&expected),
            "expected a redirect to {}, got {callback}",
            self.redirect_uri
        );
        let value = |name: &str| {
            callback
                .query_pairs()
                .find(|(key, _)| key == name)
                .map(|(_, value)| value.into_owned())
        };
        if let Some(error) = value("error") {
            bail!(
                "the provider sent error {error}: {}",
                value("error_description").unwrap_or_default()
            );
        }
        ensure!(
            value("state").as_deref() == Some(state),
            "state came back changed in {callback}"
        );
        if let Some(iss) = value("iss") {
            ensure!(iss == self.issuer, "iss {iss} is not the issuer");
        }
        value("code").with_context(|| format!("no code in {callback}"))
    }

    /// Redeems `issued` at the token endpoint with `client_secret_basic` and checks the ID
    /// token's claims.
    pub async fn redeem(&self, backend: &Client, issued: &IssuedCode) -> anyhow::Result<()> {
        let form = [
            ("grant_type", "authorization_code"),
            ("code", issued.code.as_str()),
            ("redirect_uri", self.redirect_uri.as_str()),
            ("code_verifier", issued.verifier.as_str()),
        ];
        // The id and secret are form-encoded inside the Basic credentials (RFC 6749 section
        // 2.3.1). The benchmark's id and secret use only characters that encoding keeps.
        let response = backend
            .post(self.token_endpoint.clone())
            .basic_auth(&self.client_id, Some(&self.client_secret))
            .form(&form)
            .send()
            .await
            .with_context(|| format!("POST {} failed", self.token_endpoint))?;
        let status = response.status();
        let body = response.text().await.unwrap_or_default();
        ensure!(
            status == StatusCode::OK,
            "the token endpoint answered {status}: {}",
            excerpt(&body)
        );
        let tokens: Value = serde_json::from_str(&body)
            .with_context(|| format!("the token response is not JSON: {}", excerpt(&body)))?;
        ensure!(
            tokens["access_token"].is_string(),
            "the token response has no access_token"
        );
        let id_token = tokens["id_token"]
            .as_str()
            .context("the token response has no id_token")?;
        self.check_id_token(id_token, &issued.nonce)
    }

    /// Checks the ID token's algorithm and its `iss`, `aud`, `nonce` and `sub` claims.
    ///
    /// NOTE: the signature is not verified. Both providers' test suites check their signatures,
    /// and verifying here would only add work on the driver's core.
    fn check_id_token(&self, id_token: &str, nonce: &str) -> anyhow::Result<()> {
        let parts: Vec<&str> = id_token.split('.').collect();
        ensure!(parts.len() == 3, "the ID token is not a compact JWS");
        let decode = |part: &str| -> anyhow::Result<Value> {
            let bytes = URL_SAFE_NO_PAD
                .decode(part)
                .context("the ID token is not base64url")?;
            serde_json::from_slice(&bytes).context("the ID token part is not JSON")
        };
        let header = decode(parts[0])?;
        let claims = decode(parts[1])?;

        ensure!(
            header["alg"] == "ES256",
            "the ID token is signed {}, not ES256",
            header["alg"]
        );
        ensure!(
            claims["iss"] == self.issuer.as_str(),
            "the ID token's iss is {}",
            claims["iss"]
        );

        let audience_ok = match &claims["aud"] {
            Value::String(audience) => *audience == self.client_id,
            Value::Array(audiences) => audiences.iter().any(|a| *a == self.client_id.as_str()),
            _ => false,
        };
        ensure!(audience_ok, "the ID token's aud is {}", claims["aud"]);
        ensure!(
            claims["nonce"] == nonce,
            "the ID token's nonce is {}",
            claims["nonce"]
        );
        ensure!(claims["sub"].is_string(), "the ID token has no sub");
        Ok(())
    }

    /// Registers `user` through the tongban hub's `/register` form.
    pub async fn register(&self, browser: &Browser, user: &User) -> anyhow::Result<()> {
        ensure!(
            self.flavour == Flavour::Tongban,
            "only the tongban hub registers people through a form"
        );
        browser.forget_cookies();
        let page = Url::parse(&format!("{}/register", self.issuer.trim_end_matches('/')))?;
        let response = browser.get(&page).await?;
        let html = page_body(response, &page).await?;
        let form = first_form(&html, &page)?;
        let mut fields = form.hidden;
        for (name, value) in [
            ("name", "压测用户"),
            ("resident_id", user.resident_id.as_str()),
            ("phone", user.phone.as_str()),
            ("password", self.password.as_str()),
            ("password_confirmation", self.password.as_str()),
        ] {
            fields.push((name.to_owned(), value.to_owned()));
        }
        let response = browser.post_form(&form.action, &fields).await?;
        redirect_target(response, &form.action)
            .await
            .with_context(|| format!("registering {} failed", user.phone))?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, reason = "a test fails loudly where it stops")]

    use super::*;

    #[test]
    fn numbered_users_are_valid_and_distinct() {
        let first = User::numbered(1).unwrap();
        assert_eq!(first.phone, "13900000001");
        assert_eq!(first.resident_id.len(), 18);
        assert!(first.resident_id.starts_with("110105199001010"));
        assert_ne!(User::numbered(2).unwrap().resident_id, first.resident_id);
        assert!(User::numbered(0).is_err());
        assert!(User::numbered(MAX_USERS + 1).is_err());
    }

    #[test]
    fn pkce_challenge_is_s256_of_verifier() {
        let pkce = Pkce::new().unwrap();
        assert_eq!(pkce.verifier.len(), 43);
        let expected = URL_SAFE_NO_PAD.encode(Sha256::digest(pkce.verifier.as_bytes()));
        assert_eq!(pkce.challenge, expected);
    }
}
