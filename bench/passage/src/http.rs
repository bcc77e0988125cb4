//! `load` and `sink`: the same envelope posts without the passage behind them, for the upper
//! bound that nginx in front of a trivial server gives.

use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, Instant};

use anyhow::{Context, ensure};
use axum::Router;
use axum::routing::post;
use serde_json::{Map, json};
use tokio::sync::Mutex;
use tongban_crypto::SigningKey;
use tongban_crypto::envelope::{Envelope, Header, MessageId};

use crate::LoadArgs;
use crate::stats::{latency, round3};

/// Responds to every POST on 127.0.0.1:`port` with 200 and a receipt, until the process ends.
pub async fn sink(port: u16) -> anyhow::Result<String> {
    let router = Router::new().fallback(post(|| async { r#"{"receipt":"applied"}"# }));
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", port))
        .await
        .with_context(|| format!("bind 127.0.0.1:{port}"))?;
    axum::serve(listener, router).await?;
    Ok(json!({ "what": "sink", "stopped": true }).to_string())
}

/// Seals a ping envelope as a node does, for the body of every post.
fn sample_envelope() -> anyhow::Result<Vec<u8>> {
    let header = Header {
        sender: "gd".to_owned(),
        receiver: "zj".to_owned(),
        message_type: "test.ping".to_owned(),
        message_id: MessageId::generate(),
        sent_at: chrono::Utc::now(),
        ordering_key: "bench".to_owned(),
        sequence: 1,
    };
    let mut body = Map::new();
    body.insert("note".to_owned(), json!("bench/passage"));
    Ok(Envelope::seal(header, body, &SigningKey::generate())?
        .to_wire()
        .to_vec())
}

/// Posts the sample envelope `count` times to `url`, `concurrency` at once, at `rate` per
/// second if given, and reports the rate and latency.
pub async fn load(args: &LoadArgs) -> anyhow::Result<String> {
    ensure!(
        args.url.starts_with("http://127.0.0.1:"),
        "the URL must be on 127.0.0.1"
    );
    let _ = rustls::crypto::ring::default_provider().install_default();
    let client = reqwest::Client::builder().build()?;
    let body = Arc::new(sample_envelope()?);
    let next = Arc::new(AtomicU32::new(0));
    let samples = Arc::new(Mutex::new(Vec::with_capacity(args.count as usize)));
    let errors = Arc::new(AtomicU32::new(0));
    let started = Instant::now();

    let mut tasks = Vec::new();
    for _ in 0..args.concurrency.max(1) {
        let (client, body, next, samples, errors) = (
            client.clone(),
            body.clone(),
            next.clone(),
            samples.clone(),
            errors.clone(),
        );
        let (url, count, rate) = (args.url.clone(), args.count, args.rate);
        tasks.push(tokio::spawn(async move {
            loop {
                let index = next.fetch_add(1, Ordering::SeqCst);
                if index >= count {
                    return;
                }
                if let Some(rate) = rate {
                    // Request `index` is due `index / rate` seconds after the start.
                    let due = started + Duration::from_secs_f64(f64::from(index) / rate);
                    tokio::time::sleep_until(due.into()).await;
                }
                let sent = Instant::now();
                let response = client.post(&url).body(body.as_ref().clone()).send().await;
                let ok = match response {
                    Ok(response) => {
                        let status = response.status();
                        let _ = response.bytes().await;
                        status.is_success()
                    }
                    Err(_) => false,
                };
                if ok {
                    samples.lock().await.push(sent.elapsed());
                } else {
                    errors.fetch_add(1, Ordering::SeqCst);
                }
            }
        }));
    }
    for task in tasks {
        task.await?;
    }
    let seconds = started.elapsed().as_secs_f64();
    let mut samples = samples.lock().await;
    Ok(json!({
        "what": "load",
        "url": args.url,
        "count": args.count,
        "errors": errors.load(Ordering::SeqCst),
        "concurrency": args.concurrency,
        "rate": args.rate,
        "seconds": round3(seconds),
        "per_second": round3(samples.len() as f64 / seconds),
        "latency": latency(&mut samples),
    })
    .to_string())
}
