//! A hub and nodes started in-process on 127.0.0.1, each with its own folder.

use std::future::Future;
use std::path::{Path, PathBuf};
use std::time::Duration;

use tempfile::TempDir;
use tokio::net::TcpListener;
use tongban_crypto::{PublicKey, SigningKey};
use tongban_server::{Config, Instance};
use tongban_store::Store;

/// Binds a listener on a free loopback port.
pub async fn bind() -> TcpListener {
    TcpListener::bind("127.0.0.1:0").await.unwrap()
}

/// Returns `http://127.0.0.1:<port>` of `listener`.
pub fn url_of(listener: &TcpListener) -> String {
    format!("http://{}", listener.local_addr().unwrap())
}

/// Settings of a test hub.
pub struct HubOptions {
    /// Seconds a trust list stays valid.
    pub validity_seconds: u64,
    /// Database URL, or `None` for a SQLite file in the data folder.
    pub database_url: Option<String>,
}

impl Default for HubOptions {
    fn default() -> Self {
        HubOptions {
            validity_seconds: 3600,
            database_url: None,
        }
    }
}

/// Writes and parses the configuration of hub `id` listening at `url`, with its files in
/// `data_dir`.
pub fn hub_config(id: &str, url: &str, data_dir: &Path, options: &HubOptions) -> Config {
    let database = options
        .database_url
        .as_ref()
        .map(|url| format!("database_url = {}\n", toml_string(url)))
        .unwrap_or_default();
    let listen = url.trim_start_matches("http://");
    let text = format!(
        "role = \"hub\"\n\n[instance]\nid = \"{id}\"\nname_zh = \"国家政务服务平台\"\n\
         name_en = \"National Government Service Platform\"\nlisten = \"{listen}\"\n\
         public_url = \"{url}\"\ndata_dir = {data_dir}\n{database}\n\
         [session]\nsecure_cookie = false\n\n\
         [hub]\ntrust_list_validity_seconds = {validity}\n",
        data_dir = toml_string(&data_dir.display().to_string()),
        validity = options.validity_seconds,
    );
    parse(&text, data_dir)
}

/// What a test node is.
pub struct NodeOptions<'a> {
    /// Node id.
    pub id: &'a str,
    /// `region` or `department`.
    pub kind: &'a str,
    /// Division code.
    pub division_code: &'a str,
    /// Portal name in Simplified Chinese.
    pub name_zh: &'a str,
    /// Enrolment token, if any.
    pub token: Option<&'a str>,
    /// Seconds between trust list fetches.
    pub refresh_seconds: u64,
}

impl NodeOptions<'_> {
    /// Guangdong, fetching every second, without a token.
    pub fn guangdong() -> NodeOptions<'static> {
        NodeOptions {
            id: "gd",
            kind: "region",
            division_code: "440000",
            name_zh: "广东政务服务网",
            token: None,
            refresh_seconds: 1,
        }
    }

    /// Zhejiang, fetching every second, without a token.
    pub fn zhejiang() -> NodeOptions<'static> {
        NodeOptions {
            id: "zj",
            kind: "region",
            division_code: "330000",
            name_zh: "浙江政务服务网",
            token: None,
            refresh_seconds: 1,
        }
    }
}

/// Writes and parses the configuration of a node listening at `url` whose hub is `hub_url`.
pub fn node_config(url: &str, hub_url: &str, data_dir: &Path, options: &NodeOptions<'_>) -> Config {
    let listen = url.trim_start_matches("http://");
    let token = options
        .token
        .map(|token| format!("enrolment_token = {}\n", toml_string(token)))
        .unwrap_or_default();
    let text = format!(
        "role = \"node\"\n\n[instance]\nid = \"{id}\"\nname_zh = \"{name_zh}\"\n\
         name_en = \"Test node {id}\"\nlisten = \"{listen}\"\npublic_url = \"{url}\"\n\
         data_dir = {data_dir}\n\n[session]\nsecure_cookie = false\n\n\
         [node]\nkind = \"{kind}\"\ndivision_code = \"{division}\"\nnode_code = \"{node_code}\"\n\
         hub_url = \"{hub_url}\"\n{token}trust_list_refresh_seconds = {refresh}\n",
        id = options.id,
        name_zh = options.name_zh,
        kind = options.kind,
        division = options.division_code,
        node_code = options.division_code,
        data_dir = toml_string(&data_dir.display().to_string()),
        refresh = options.refresh_seconds,
    );
    parse(&text, data_dir)
}

fn parse(text: &str, data_dir: &Path) -> Config {
    let path = data_dir.with_extension("toml");
    Config::parse(text, &path, []).unwrap_or_else(|error| panic!("{error}\n{text}"))
}

/// Returns `text` as a TOML basic string.
fn toml_string(text: &str) -> String {
    toml::Value::String(text.to_owned()).to_string()
}

/// A running hub with its folder.
pub struct TestHub {
    pub instance: Instance,
    pub url: String,
    pub data_dir: PathBuf,
}

impl TestHub {
    /// Starts a hub with its files in a new folder under `root`.
    pub async fn start(root: &TempDir, options: &HubOptions) -> TestHub {
        let listener = bind().await;
        TestHub::start_on(root, "hub", listener, options).await
    }

    /// Starts hub `id` on `listener`, with its files in `root/<id>`.
    pub async fn start_on(
        root: &TempDir,
        id: &str,
        listener: TcpListener,
        options: &HubOptions,
    ) -> TestHub {
        let url = url_of(&listener);
        let data_dir = root.path().join(id);
        let config = hub_config("hub", &url, &data_dir, options);
        let instance = tongban_server::start(&config, listener).await.unwrap();
        TestHub {
            instance,
            url,
            data_dir,
        }
    }

    /// Returns the hub's database.
    pub fn store(&self) -> &Store {
        &self.instance.store
    }

    /// Returns the hub's public key, read from its key file.
    pub fn public_key(&self) -> PublicKey {
        signing_key_of(&self.data_dir).public_key().clone()
    }
}

/// A running node with its folder.
pub struct TestNode {
    pub instance: Instance,
    pub url: String,
    pub config: Config,
    pub data_dir: PathBuf,
}

impl TestNode {
    /// Starts a node whose hub is `hub_url`, with its files in `root/<id>`.
    pub async fn start(root: &TempDir, hub_url: &str, options: &NodeOptions<'_>) -> TestNode {
        let listener = bind().await;
        let url = url_of(&listener);
        let data_dir = root.path().join(options.id);
        let config = node_config(&url, hub_url, &data_dir, options);
        let instance = tongban_server::start(&config, listener).await.unwrap();
        TestNode {
            instance,
            url,
            config,
            data_dir,
        }
    }

    /// Returns the node's database.
    pub fn store(&self) -> &Store {
        &self.instance.store
    }
}

/// Reads the signing key in `data_dir`.
pub fn signing_key_of(data_dir: &Path) -> SigningKey {
    let pem = std::fs::read_to_string(tongban_services::keys::signing_key_path(data_dir)).unwrap();
    SigningKey::from_pkcs8_pem(&pem).unwrap()
}

/// Returns an HTTP client that does not follow redirects.
pub fn client() -> reqwest::Client {
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(10))
        .build()
        .unwrap()
}

/// Returns the JSON of `GET <url>/healthz`.
pub async fn health(url: &str) -> serde_json::Value {
    let response = client().get(format!("{url}/healthz")).send().await.unwrap();
    assert_eq!(response.status(), 200, "healthz of {url}");
    response.json().await.unwrap()
}

/// Checks `condition` every 100 ms until it is true or `limit` passes, and returns whether it
/// became true.
pub async fn eventually<F, Fut>(limit: Duration, mut condition: F) -> bool
where
    F: FnMut() -> Fut,
    Fut: Future<Output = bool>,
{
    let deadline = tokio::time::Instant::now() + limit;
    loop {
        if condition().await {
            return true;
        }
        if tokio::time::Instant::now() >= deadline {
            return false;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Returns the `trust_list` field of the node's health check.
pub async fn trust_list_state(url: &str) -> String {
    health(url).await["trust_list"]
        .as_str()
        .unwrap_or_default()
        .to_owned()
}
