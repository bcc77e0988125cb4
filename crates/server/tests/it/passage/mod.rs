//! The passage between the demo's instances over HTTP: pings delivered through the hub,
//! duplicates, ordering, tampered and revoked senders, dead letters and an outage, and
//! three instances of one node on one PostgreSQL database.
//!
//! Most tests share one demo federation. Each uses ordering keys of its own, so the ping
//! counters it reads are its alone.

mod batch;
mod dead_letters;
mod delivery;
mod instances;
mod outage;
mod tampering;

use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock, mpsc};
use std::time::Duration;

use serde_json::{Map, Value, json};
use tongban_crypto::SigningKey;
use tongban_crypto::envelope::{Envelope, Header, MessageId};
use tongban_server::demo::{Demo, DemoOptions};
use tongban_services::passage::{Handlers, PING_TYPE, Passage, PassageSettings, Role};
use tongban_store::Store;
use tongban_store::passage::pings;

/// The shared demo: its folder and the instances' addresses.
pub struct PassageDemo {
    pub dir: PathBuf,
    pub hub: String,
    pub zj: String,
}

const FOLDER_PREFIX: &str = "passage-demo";

/// Starts the shared demo on first use. It runs on a runtime of its own thread until the test
/// process exits, because each test has its own runtime.
pub fn demo() -> &'static PassageDemo {
    static DEMO: OnceLock<PassageDemo> = OnceLock::new();
    DEMO.get_or_init(|| {
        let (sender, receiver) = mpsc::channel();
        std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .enable_all()
                .build()
                .unwrap();
            runtime.block_on(async move {
                crate::cases::support::delete_stale_folders(FOLDER_PREFIX);
                let dir = tempfile::Builder::new()
                    .prefix(FOLDER_PREFIX)
                    .tempdir_in(env!("CARGO_TARGET_TMPDIR"))
                    .unwrap()
                    .keep();
                let demo = start_demo(&dir).await;
                let url = |index: usize| demo.instances[index].local_url();
                sender
                    .send(PassageDemo {
                        dir: dir.clone(),
                        hub: url(0),
                        zj: url(2),
                    })
                    .unwrap();
                std::future::pending::<()>().await;
            });
        });
        receiver.recv().unwrap()
    })
}

/// Starts a demo federation with its files in `dir`.
pub async fn start_demo(dir: &Path) -> Demo {
    let options = DemoOptions {
        data_dir: dir.to_path_buf(),
        base_port: 0,
        reference_data: None,
    };
    Demo::start(&options).await.unwrap()
}

/// Opens the database of demo instance `id` in the demo folder `dir`.
pub async fn open_store(dir: &Path, id: &str) -> Store {
    let path = dir.join(id).join("tongban.sqlite");
    Store::connect(&format!("sqlite://{}", path.display()))
        .await
        .unwrap()
}

/// Loads the signing key of demo instance `id`.
pub fn signing_key(dir: &Path, id: &str) -> SigningKey {
    tongban_services::keys::load_or_create_signing_key(&dir.join(id)).unwrap()
}

/// Opens a passage on the database of node `id`, to put messages in its outbox as the node's
/// own use cases do. The running node's worker delivers them.
pub async fn node_passage(dir: &Path, id: &str) -> Passage {
    Passage::new(
        open_store(dir, id).await,
        Role::Node,
        id,
        Arc::new(signing_key(dir, id)),
        Handlers::with_diagnostics(),
        PassageSettings::default(),
    )
}

/// Returns an ordering key of its own for one test.
pub fn unique_key(name: &str) -> String {
    format!("{name}-{}", &MessageId::generate().as_str()[..8])
}

/// Seals a ping from `sender` to `receiver` with `key`.
pub fn seal_ping(
    key: &SigningKey,
    sender: &str,
    receiver: &str,
    ordering_key: &str,
    sequence: u64,
) -> Envelope {
    let header = Header {
        sender: sender.to_owned(),
        receiver: receiver.to_owned(),
        message_type: PING_TYPE.to_owned(),
        message_id: MessageId::generate(),
        sent_at: chrono::Utc::now(),
        ordering_key: ordering_key.to_owned(),
        sequence,
    };
    let mut body = Map::new();
    body.insert("note".to_owned(), json!("passage test"));
    Envelope::seal(header, body, key).unwrap()
}

/// Posts `bytes` to `url` and returns the status and the JSON body.
pub async fn post(url: &str, bytes: Vec<u8>) -> (u16, Value) {
    let response = reqwest::Client::new()
        .post(url)
        .header("content-type", "application/json")
        .body(bytes)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    let body = response.json().await.unwrap_or(Value::Null);
    (status, body)
}

/// Returns the pings `store` applied from `sender` under `ordering_key`.
pub async fn ping_count(store: &Store, sender: &str, ordering_key: &str) -> i64 {
    pings::list_counters(store.pool())
        .await
        .unwrap()
        .iter()
        .find(|counter| counter.sender == sender && counter.ordering_key == ordering_key)
        .map_or(0, |counter| counter.count)
}

/// Waits until `store` applied at least `expected` pings from `sender` under
/// `ordering_key`, at most `timeout`, and returns the count then.
pub async fn wait_for_pings(
    store: &Store,
    sender: &str,
    ordering_key: &str,
    expected: i64,
    timeout: Duration,
) -> i64 {
    let deadline = tokio::time::Instant::now() + timeout;
    loop {
        let count = ping_count(store, sender, ordering_key).await;
        if count >= expected || tokio::time::Instant::now() >= deadline {
            return count;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}
