//! A stand-in placed between a node and its hub that forwards every request and, on demand,
//! changes the trust list on its way to the node.

use std::sync::{Arc, Mutex};

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use tokio::task::JoinHandle;

use crate::support;

/// What the proxy does to a trust list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Tamper {
    /// Nothing: the hub's list passes unchanged.
    Nothing,
    /// One byte of the signed list changes: the division code 440000 becomes 440001.
    ListByte,
    /// One character of the signature changes.
    SignatureByte,
    /// This earlier document is served in place of the hub's.
    Replay(String),
}

#[derive(Clone)]
struct Shared {
    hub_url: String,
    tamper: Arc<Mutex<Tamper>>,
    http: reqwest::Client,
}

/// A running proxy.
pub struct Proxy {
    /// URL nodes use as their hub URL.
    pub url: String,
    tamper: Arc<Mutex<Tamper>>,
    task: JoinHandle<()>,
}

impl Proxy {
    /// Starts a proxy in front of `hub_url`.
    pub async fn start(hub_url: &str) -> Proxy {
        let listener = support::bind().await;
        let url = support::url_of(&listener);
        let tamper = Arc::new(Mutex::new(Tamper::Nothing));
        let shared = Shared {
            hub_url: hub_url.to_owned(),
            tamper: tamper.clone(),
            http: support::client(),
        };
        let router = axum::Router::new().fallback(forward).with_state(shared);
        let task = tokio::spawn(async move {
            axum::serve(listener, router).await.unwrap();
        });
        Proxy { url, tamper, task }
    }

    /// Sets what happens to the trust lists that pass from now on.
    pub fn set(&self, tamper: Tamper) {
        *self.tamper.lock().unwrap() = tamper;
    }
}

impl Drop for Proxy {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn forward(State(shared): State<Shared>, method: Method, uri: Uri, body: Bytes) -> Response {
    let path = uri.path_and_query().map_or("/", |path| path.as_str());
    let request = shared
        .http
        .request(method, format!("{}{path}", shared.hub_url))
        .header("content-type", "application/json")
        .body(body.to_vec());
    let Ok(answer) = request.send().await else {
        return StatusCode::BAD_GATEWAY.into_response();
    };
    let status = StatusCode::from_u16(answer.status().as_u16()).unwrap();
    let text = answer.text().await.unwrap();
    if uri.path() != "/api/federation/trust-list" || !status.is_success() {
        return (status, [("content-type", "application/json")], text).into_response();
    }
    let tamper = shared.tamper.lock().unwrap().clone();
    let served = match tamper {
        Tamper::Nothing => text,
        Tamper::ListByte => {
            assert!(text.contains("\"440000\""), "{text}");
            text.replacen("\"440000\"", "\"440001\"", 1)
        }
        Tamper::SignatureByte => change_signature(&text),
        Tamper::Replay(document) => document,
    };
    (status, [("content-type", "application/json")], served).into_response()
}

/// Changes the first character of the signature to another base64url character.
fn change_signature(document: &str) -> String {
    let marker = "\"signature\":\"";
    let start = document.find(marker).unwrap() + marker.len();
    let current = &document[start..=start];
    let replacement = if current == "A" { "B" } else { "A" };
    format!(
        "{}{replacement}{}",
        &document[..start],
        &document[start + 1..]
    )
}
