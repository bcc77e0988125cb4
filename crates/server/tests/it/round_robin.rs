//! A round-robin HTTP proxy in front of several instances of one node: each request goes to
//! the next instance in turn, with its method, path, headers and body, and the proxy counts
//! what each instance served.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::header::{CONNECTION, CONTENT_LENGTH, HOST, TRANSFER_ENCODING};
use axum::http::{HeaderName, StatusCode};
use axum::response::{IntoResponse, Response};
use tokio::net::TcpListener;
use tokio::task::JoinHandle;

use crate::support;

/// Largest request body the proxy forwards: a batch of envelopes is at most 8 MiB.
const MAX_BODY_BYTES: usize = 16 * 1024 * 1024;

/// What the proxy counted for one instance.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct BackendStats {
    /// Requests forwarded to the instance.
    pub requests: u64,
    /// Posts to `/api/passage/inbox` or `/api/passage/inbox/batch` that the instance
    /// answered with 200.
    pub inbox_posts: u64,
    /// `duplicate` receipts in those answers: envelopes the instance had accepted before.
    pub duplicate_receipts: u64,
}

#[derive(Debug, Default)]
struct Counters {
    requests: AtomicU64,
    inbox_posts: AtomicU64,
    duplicate_receipts: AtomicU64,
}

struct Shared {
    backends: Vec<String>,
    counters: Vec<Counters>,
    next: AtomicUsize,
    http: reqwest::Client,
}

/// A running proxy.
pub struct RoundRobin {
    /// The URL clients and the hub use in place of the instances' own.
    pub url: String,
    shared: Arc<Shared>,
    task: JoinHandle<()>,
}

impl RoundRobin {
    /// Starts the proxy on `listener` in front of `backends`, the instances' base URLs.
    pub fn start(listener: TcpListener, backends: Vec<String>) -> RoundRobin {
        let url = support::url_of(&listener);
        let shared = Arc::new(Shared {
            counters: backends.iter().map(|_| Counters::default()).collect(),
            backends,
            next: AtomicUsize::new(0),
            http: support::client(),
        });
        let router = axum::Router::new()
            .fallback(forward)
            .with_state(shared.clone());
        let task = tokio::spawn(async move {
            axum::serve(listener, router).await.unwrap();
        });
        RoundRobin { url, shared, task }
    }

    /// Returns what each instance served so far, in the order of the backends.
    pub fn stats(&self) -> Vec<BackendStats> {
        self.shared
            .counters
            .iter()
            .map(|counters| BackendStats {
                requests: counters.requests.load(Ordering::Relaxed),
                inbox_posts: counters.inbox_posts.load(Ordering::Relaxed),
                duplicate_receipts: counters.duplicate_receipts.load(Ordering::Relaxed),
            })
            .collect()
    }
}

impl Drop for RoundRobin {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// Headers that describe one connection or one body encoding, which the proxy sets itself.
fn is_hop_header(name: &HeaderName) -> bool {
    [HOST, CONTENT_LENGTH, CONNECTION, TRANSFER_ENCODING].contains(name)
}

async fn forward(State(shared): State<Arc<Shared>>, request: Request) -> Response {
    let index = shared.next.fetch_add(1, Ordering::Relaxed) % shared.backends.len();
    let counters = &shared.counters[index];
    counters.requests.fetch_add(1, Ordering::Relaxed);

    let (parts, body) = request.into_parts();
    let Ok(body) = axum::body::to_bytes(body, MAX_BODY_BYTES).await else {
        return StatusCode::PAYLOAD_TOO_LARGE.into_response();
    };
    let path = parts.uri.path_and_query().map_or("/", |path| path.as_str());
    let mut outgoing = shared.http.request(
        parts.method.clone(),
        format!("{}{path}", shared.backends[index]),
    );
    for (name, value) in &parts.headers {
        if !is_hop_header(name) {
            outgoing = outgoing.header(name, value);
        }
    }
    let Ok(answer) = outgoing.body(body).send().await else {
        return StatusCode::BAD_GATEWAY.into_response();
    };

    let status = answer.status();
    let headers = answer.headers().clone();
    let Ok(bytes) = answer.bytes().await else {
        return StatusCode::BAD_GATEWAY.into_response();
    };
    if parts.uri.path().starts_with("/api/passage/inbox") && status.is_success() {
        counters.inbox_posts.fetch_add(1, Ordering::Relaxed);
        let text = String::from_utf8_lossy(&bytes);
        let duplicates = text.matches("\"receipt\":\"duplicate\"").count();
        counters
            .duplicate_receipts
            .fetch_add(duplicates as u64, Ordering::Relaxed);
    }

    let mut response = Response::new(Body::from(bytes));
    *response.status_mut() = status;
    for (name, value) in &headers {
        if !is_hop_header(name) {
            response.headers_mut().append(name, value.clone());
        }
    }
    response
}
