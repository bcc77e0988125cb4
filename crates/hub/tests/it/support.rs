//! A hub started as `tongban serve` starts one, on 127.0.0.1 and a free port, and a browser-like
//! client that keeps cookies and does not follow redirects.

use std::path::Path;
use std::sync::Once;

use reqwest::header::LOCATION;
use reqwest::redirect::Policy;
use reqwest::{Client, Response, StatusCode};
use tempfile::TempDir;
use tokio::net::TcpListener;
use tongban_domain::ids::iso7064::mod_11_2_check;
use tongban_server::{Config, Instance};
use tongban_services::oidc_clients::{self, NewClient};
use tongban_services::oidc_grants::s256_challenge;
use tongban_testkit::TestDatabase;

/// A running hub and the folder it keeps its files in.
pub struct TestHub {
    /// `http://127.0.0.1:<port>`, also the issuer.
    pub url: String,
    /// The instance.
    pub instance: Instance,
    _data: TempDir,
}

/// The default `[hub]` section of a test hub: three failures lock for a minute.
pub const HUB_SECTION: &str =
    "login_max_failures = 3\nlogin_window_minutes = 15\nlogin_lockout_minutes = 1\n";

/// Installs rustls' ring provider once; reqwest is built without a default one.
pub fn install_crypto_provider() {
    static INSTALL: Once = Once::new();
    INSTALL.call_once(|| {
        let _ = rustls::crypto::ring::default_provider().install_default();
    });
}

impl TestHub {
    /// Starts a hub on `database` with the `[hub]` section `hub_section`.
    pub async fn start(database: &TestDatabase, hub_section: &str) -> TestHub {
        install_crypto_provider();
        let data = tempfile::Builder::new()
            .prefix("tongban-hub-test-")
            .tempdir()
            .unwrap();
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let text = format!(
            r#"role = "hub"

[instance]
id = "hub"
name_zh = "国家政务服务平台"
name_en = "National Government Service Platform"
listen = "{addr}"
public_url = "http://{addr}"
data_dir = "{data}"
database_url = "{database}"

[session]
secure_cookie = false

[hub]
{hub_section}
"#,
            data = data.path().display(),
            database = database.url(),
        );
        let config = Config::parse(&text, Path::new("test-hub.toml"), std::iter::empty()).unwrap();
        let instance = tongban_server::start(&config, listener).await.unwrap();
        TestHub {
            url: format!("http://{addr}"),
            instance,
            _data: data,
        }
    }

    /// Registers a relying party that signs ID tokens with `algorithm` and returns its secret.
    pub async fn register_client(&self, client_id: &str, algorithm: &str) -> String {
        let client = NewClient {
            client_id: client_id.to_owned(),
            name_zh: "测试服务".to_owned(),
            name_en: "Test service".to_owned(),
            redirect_uris: vec![redirect_uri(client_id)],
            post_logout_redirect_uris: vec![post_logout_uri(client_id)],
            id_token_signed_response_alg: algorithm.to_owned(),
            node_id: None,
        };
        oidc_clients::register_client(&self.instance.store, client, "test")
            .await
            .unwrap()
    }

    /// Returns the absolute URL of `path`.
    pub fn at(&self, path: &str) -> String {
        format!("{}{path}", self.url)
    }
}

/// Returns the redirect URI registered for `client_id`. Nothing listens on its loopback port,
/// because the tests read the `Location` header and never follow it.
pub fn redirect_uri(client_id: &str) -> String {
    format!("http://127.0.0.1:9/{client_id}/callback")
}

/// Where logout may return for `client_id`.
pub fn post_logout_uri(client_id: &str) -> String {
    format!("http://127.0.0.1:9/{client_id}/logged-out")
}

/// Returns a valid resident ID number of a person born 1990-01-01 in Beijing's Chaoyang district
/// with sequence number `sequence`.
pub fn resident_id(sequence: u32) -> String {
    let body = format!("11010519900101{sequence:03}");
    let check = mod_11_2_check(body.as_bytes()).unwrap();
    format!("{body}{}", char::from(check))
}

/// Returns the phone number of person `sequence`.
pub fn phone(sequence: u32) -> String {
    format!("1390000{sequence:04}")
}

/// The password every test person registers with.
pub const PASSWORD: &str = "correct horse battery";

/// Returns a PKCE verifier and its S256 challenge.
pub fn pkce() -> (String, String) {
    let verifier = format!("verifier-{}", "x".repeat(40));
    let challenge = s256_challenge(&verifier);
    (verifier, challenge)
}

/// A browser: one cookie jar, redirects not followed, pages in `lang`.
pub struct Browser {
    /// The HTTP client with the cookie jar.
    pub client: Client,
    base: String,
    lang: &'static str,
}

impl Browser {
    /// Opens a browser on `hub` whose pages come in `lang` (`zh-CN` or `en`).
    pub fn new(hub: &TestHub, lang: &'static str) -> Browser {
        install_crypto_provider();
        let client = Client::builder()
            .cookie_store(true)
            .redirect(Policy::none())
            .build()
            .unwrap();
        Browser {
            client,
            base: hub.url.clone(),
            lang,
        }
    }

    fn url(&self, path_or_url: &str) -> String {
        if path_or_url.starts_with("http") {
            path_or_url.to_owned()
        } else {
            format!("{}{path_or_url}", self.base)
        }
    }

    /// Sends `GET`.
    pub async fn get(&self, path: &str) -> Response {
        self.client
            .get(self.url(path))
            .header("accept-language", self.lang)
            .send()
            .await
            .unwrap()
    }

    /// Sends `POST` with a form body.
    pub async fn post(&self, path: &str, form: &[(&str, &str)]) -> Response {
        self.client
            .post(self.url(path))
            .header("accept-language", self.lang)
            .form(form)
            .send()
            .await
            .unwrap()
    }

    /// Opens `path` and returns the CSRF token of its forms.
    pub async fn csrf(&self, path: &str) -> String {
        let response = self.get(path).await;
        assert_eq!(response.status(), StatusCode::OK, "GET {path}");
        let body = response.text().await.unwrap();
        hidden_value(&body, "csrf").unwrap_or_else(|| panic!("no CSRF token on {path}: {body}"))
    }

    /// Registers person `sequence` and stays logged in.
    pub async fn register(&self, sequence: u32) {
        let csrf = self.csrf("/register").await;
        let response = self
            .post(
                "/register",
                &[
                    ("csrf", &csrf),
                    ("name", "王五"),
                    ("resident_id", &resident_id(sequence)),
                    ("phone", &phone(sequence)),
                    ("password", PASSWORD),
                    ("password_confirmation", PASSWORD),
                ],
            )
            .await;
        assert_eq!(response.status(), StatusCode::SEE_OTHER, "registration");
    }

    /// Logs in with `identifier` and the test password; returns the response.
    pub async fn log_in(
        &self,
        identifier: &str,
        password: &str,
        return_to: Option<&str>,
    ) -> Response {
        let path = match return_to {
            Some(target) => format!("/login?return_to={}", encode(target)),
            None => "/login".to_owned(),
        };
        let csrf = self.csrf(&path).await;
        let mut form = vec![
            ("csrf", csrf.as_str()),
            ("identifier", identifier),
            ("password", password),
        ];
        if let Some(target) = return_to {
            form.push(("return_to", target));
        }
        self.post("/login", &form).await
    }

    /// Logs out at the hub.
    pub async fn log_out(&self) {
        let csrf = self.csrf("/account").await;
        let response = self.post("/logout", &[("csrf", &csrf)]).await;
        assert_eq!(response.status(), StatusCode::SEE_OTHER);
    }
}

/// Returns the `Location` header.
pub fn location(response: &Response) -> String {
    response
        .headers()
        .get(LOCATION)
        .unwrap_or_else(|| panic!("no Location header, status {}", response.status()))
        .to_str()
        .unwrap()
        .to_owned()
}

/// Returns the value of query parameter `name` of `url`.
pub fn query_value(url: &str, name: &str) -> Option<String> {
    let parsed = url::Url::parse(url).ok()?;
    parsed
        .query_pairs()
        .find(|(key, _)| key == name)
        .map(|(_, value)| value.into_owned())
}

/// Percent-encodes `text` for a query.
pub fn encode(text: &str) -> String {
    url::form_urlencoded::byte_serialize(text.as_bytes()).collect()
}

/// Returns the value of the hidden input `name` in `html`.
pub fn hidden_value(html: &str, name: &str) -> Option<String> {
    let marker = format!("name=\"{name}\" value=\"");
    let start = html.find(&marker)? + marker.len();
    let end = html[start..].find('"')?;
    Some(html[start..start + end].to_owned())
}

/// Returns the path of an authorization request of `client_id`, with PKCE S256 and the given
/// extra parameters.
pub fn authorize_path(client_id: &str, challenge: &str, extra: &[(&str, &str)]) -> String {
    let mut query = url::form_urlencoded::Serializer::new(String::new());
    query
        .append_pair("response_type", "code")
        .append_pair("client_id", client_id)
        .append_pair("redirect_uri", &redirect_uri(client_id))
        .append_pair("scope", "openid profile")
        .append_pair("code_challenge", challenge)
        .append_pair("code_challenge_method", "S256");
    for (name, value) in extra {
        query.append_pair(name, value);
    }
    format!("/oidc/authorize?{}", query.finish())
}

/// Runs the authorization request of a logged-in `browser` and returns the code from the
/// redirect to the client, checking `state` came back unchanged.
pub async fn authorization_code(
    browser: &Browser,
    client_id: &str,
    challenge: &str,
    state: &str,
) -> String {
    let response = browser
        .get(&authorize_path(
            client_id,
            challenge,
            &[("state", state), ("nonce", "n-0S6_WzA2Mj")],
        ))
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let target = location(&response);
    assert!(target.starts_with(&redirect_uri(client_id)), "{target}");
    assert_eq!(query_value(&target, "state").as_deref(), Some(state));
    query_value(&target, "code").unwrap_or_else(|| panic!("no code in {target}"))
}

/// Sends the token request for `code` with client authentication `client_secret_basic` when
/// `basic` is set, `client_secret_post` otherwise.
pub async fn redeem(
    hub: &TestHub,
    client_id: &str,
    secret: &str,
    code: &str,
    verifier: Option<&str>,
    basic: bool,
) -> Response {
    install_crypto_provider();
    let redirect = redirect_uri(client_id);
    let mut form = vec![
        ("grant_type", "authorization_code"),
        ("code", code),
        ("redirect_uri", redirect.as_str()),
    ];
    if let Some(verifier) = verifier {
        form.push(("code_verifier", verifier));
    }
    let mut request = Client::new().post(hub.at("/oidc/token"));
    if basic {
        request = request.basic_auth(client_id, Some(secret));
    } else {
        form.push(("client_id", client_id));
        form.push(("client_secret", secret));
    }
    request.form(&form).send().await.unwrap()
}

/// Calls the userinfo endpoint with `access_token`.
pub async fn userinfo(hub: &TestHub, access_token: &str) -> Response {
    install_crypto_provider();
    Client::new()
        .get(hub.at("/oidc/userinfo"))
        .bearer_auth(access_token)
        .send()
        .await
        .unwrap()
}
