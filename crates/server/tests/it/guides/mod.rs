//! Catalog search, service guides and their JSON API at the hub and the demo nodes, tested over
//! HTTP against one demo federation that every test of this module shares.

mod api;
mod hub_guide;
mod hub_search;
mod node;
mod openapi;

use std::sync::OnceLock;
use std::sync::mpsc;
use std::time::Duration;

use tongban_server::demo::{Demo, DemoOptions};

/// Addresses of the shared demo's instances.
pub struct DemoUrls {
    pub hub: String,
    pub gd: String,
    pub zj: String,
}

/// Prefix of the demo folders under the target directory's `tmp` folder.
const FOLDER_PREFIX: &str = "guides-demo";

/// Starts the demo on first use and returns its addresses.
///
/// The demo runs on a runtime of its own thread, because each test has its own runtime and
/// the servers must outlive every one of them. It runs until the test process exits, so its
/// folder stays behind, and the next run deletes folders older than an hour.
pub fn demo() -> &'static DemoUrls {
    static DEMO: OnceLock<DemoUrls> = OnceLock::new();
    DEMO.get_or_init(|| {
        let (sender, receiver) = mpsc::channel();
        std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .enable_all()
                .build()
                .unwrap();
            runtime.block_on(async move {
                delete_stale_folders();
                let folder = tempfile::Builder::new()
                    .prefix(FOLDER_PREFIX)
                    .tempdir_in(env!("CARGO_TARGET_TMPDIR"))
                    .unwrap()
                    .keep();
                let options = DemoOptions {
                    data_dir: folder,
                    base_port: 0,
                    reference_data: None,
                };
                let demo = Demo::start(&options).await.unwrap();
                let url = |id: &str| {
                    demo.instances
                        .iter()
                        .find(|instance| instance.id == id)
                        .unwrap()
                        .local_url()
                };
                sender
                    .send(DemoUrls {
                        hub: url("hub"),
                        gd: url("gd"),
                        zj: url("zj"),
                    })
                    .unwrap();
                std::future::pending::<()>().await;
            });
        });
        receiver
            .recv()
            .expect("the shared demo failed to start; its thread's panic is printed above")
    })
}

/// Deletes demo folders last changed more than an hour ago. A run of these tests takes
/// minutes, so such a folder belongs to a run that has ended.
fn delete_stale_folders() {
    let Ok(entries) = std::fs::read_dir(env!("CARGO_TARGET_TMPDIR")) else {
        return;
    };
    for entry in entries.flatten() {
        let stale = entry
            .metadata()
            .and_then(|metadata| metadata.modified())
            .ok()
            .and_then(|modified| modified.elapsed().ok())
            .is_some_and(|age| age > Duration::from_secs(3600));
        if stale
            && entry
                .file_name()
                .to_string_lossy()
                .starts_with(FOLDER_PREFIX)
        {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

/// Returns the status and body of `GET url`.
pub async fn get(url: &str) -> (u16, String) {
    let response = crate::support::client().get(url).send().await.unwrap();
    let status = response.status().as_u16();
    (status, response.text().await.unwrap())
}

/// Returns the body of `GET url`, which must return 200.
pub async fn page(url: &str) -> String {
    let (status, body) = get(url).await;
    assert_eq!(status, 200, "GET {url}: {body}");
    body
}

/// Returns the JSON of `GET url` and its status.
pub async fn json(url: &str) -> (u16, serde_json::Value) {
    let (status, body) = get(url).await;
    let value =
        serde_json::from_str(&body).unwrap_or_else(|error| panic!("{url}: {error}\n{body}"));
    (status, value)
}

/// Percent-encodes `text` for a query string.
pub fn encode(text: &str) -> String {
    url::form_urlencoded::byte_serialize(text.as_bytes()).collect()
}

/// Returns the part of `html` from `start` to the next `end` after it.
pub fn between<'a>(html: &'a str, start: &str, end: &str) -> &'a str {
    let from = html
        .find(start)
        .unwrap_or_else(|| panic!("{start:?} is not in the page"));
    let rest = &html[from..];
    let to = rest.find(end).unwrap_or(rest.len());
    &rest[..to]
}

/// Returns the guide page links of the result list in `html`, in order.
pub fn hit_links(html: &str) -> Vec<String> {
    html.split("<li class=\"hit\">")
        .skip(1)
        .map(|hit| between(hit, "href=\"", "\">")["href=\"".len()..].to_owned())
        .collect()
}
