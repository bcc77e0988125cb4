//! `burst` and `paced`: pings from one node to another through the hub, written to the
//! sending node's outbox the way a use case writes them, and counted where they are applied.

use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{Context, ensure};
use chrono::{DateTime, Utc};
use serde_json::{Map, json};
use tongban_server::Config;
use tongban_services::passage::{
    self, Handlers, OutgoingMessage, PING_TYPE, Passage, PassageSettings, Role,
};
use tongban_store::Store;
use tongban_store::passage::{inbox, pings};

use crate::stats::{latency, round3};
use crate::{BurstArgs, PacedArgs, Route};

/// Pings enqueued per transaction by `burst`.
const PINGS_PER_TRANSACTION: u32 = 500;

struct Endpoints {
    sender: Passage,
    sender_id: String,
    receiver_id: String,
    receiver: Store,
}

async fn open(route: &Route) -> anyhow::Result<Endpoints> {
    let sender = Config::load(&route.sender).context("read the sender's configuration")?;
    let receiver = Config::load(&route.receiver).context("read the receiver's configuration")?;
    let key = tongban_services::keys::load_or_create_signing_key(&sender.instance.data_dir)?;
    let sender_store = Store::connect(&sender.database_url()).await?;
    let receiver_store = Store::connect(&receiver.database_url()).await?;
    let passage = Passage::new(
        sender_store,
        Role::Node,
        &sender.instance.id,
        Arc::new(key),
        Handlers::with_diagnostics(),
        PassageSettings::default(),
    );
    Ok(Endpoints {
        sender: passage,
        sender_id: sender.instance.id,
        receiver_id: receiver.instance.id,
        receiver: receiver_store,
    })
}

fn ping<'a>(receiver: &'a str, ordering_key: &'a str) -> OutgoingMessage<'a> {
    let mut body = Map::new();
    body.insert("note".to_owned(), json!("bench/passage"));
    OutgoingMessage {
        receiver,
        message_type: PING_TYPE,
        ordering_key,
        body,
    }
}

/// Waits until the receiver applied `count` pings under `ordering_key`.
async fn wait_for(
    endpoints: &Endpoints,
    ordering_key: &str,
    count: u32,
    timeout: Duration,
) -> anyhow::Result<()> {
    let deadline = Instant::now() + timeout;
    loop {
        let applied = pings::list_counters(endpoints.receiver.pool())
            .await?
            .iter()
            .find(|counter| {
                counter.sender == endpoints.sender_id && counter.ordering_key == ordering_key
            })
            .map_or(0, |counter| counter.count);
        if applied >= i64::from(count) {
            ensure!(
                applied == i64::from(count),
                "{applied} pings applied, {count} sent"
            );
            return Ok(());
        }
        ensure!(
            Instant::now() < deadline,
            "only {applied} of {count} pings applied within {timeout:?}"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

fn run_key(name: &str) -> String {
    format!("{name}-{}", Utc::now().timestamp_millis())
}

pub async fn burst(args: &BurstArgs) -> anyhow::Result<String> {
    let endpoints = open(&args.route).await?;
    let key = run_key("burst");
    let started = Instant::now();
    let mut enqueued = 0;
    while enqueued < args.count {
        let batch = (args.count - enqueued).min(PINGS_PER_TRANSACTION);
        let mut transaction = endpoints.sender.store().begin().await?;
        for _ in 0..batch {
            passage::enqueue(
                &mut transaction,
                &endpoints.sender,
                ping(&endpoints.receiver_id, &key),
            )
            .await?;
        }
        tongban_store::commit(transaction).await?;
        enqueued += batch;
    }
    let enqueue_seconds = started.elapsed().as_secs_f64();
    wait_for(
        &endpoints,
        &key,
        args.count,
        Duration::from_secs(args.timeout),
    )
    .await?;
    let seconds = started.elapsed().as_secs_f64();
    Ok(json!({
        "what": "burst",
        "count": args.count,
        "enqueue_seconds": round3(enqueue_seconds),
        "seconds": round3(seconds),
        "per_second": round3(f64::from(args.count) / seconds),
    })
    .to_string())
}

pub async fn paced(args: &PacedArgs) -> anyhow::Result<String> {
    ensure!(args.rate > 0.0, "the rate must be positive");
    let endpoints = open(&args.route).await?;
    let key = run_key("paced");
    let mut interval = tokio::time::interval(Duration::from_secs_f64(1.0 / args.rate));
    let mut sent: Vec<(String, DateTime<Utc>)> = Vec::with_capacity(args.count as usize);
    let started = Instant::now();
    for _ in 0..args.count {
        interval.tick().await;
        let at = Utc::now();
        let id = passage::send(&endpoints.sender, ping(&endpoints.receiver_id, &key)).await?;
        sent.push((id.to_string(), at));
    }
    let send_seconds = started.elapsed().as_secs_f64();
    wait_for(
        &endpoints,
        &key,
        args.count,
        Duration::from_secs(args.timeout),
    )
    .await?;

    let mut samples = Vec::with_capacity(sent.len());
    for (id, at) in &sent {
        let row = inbox::find_message(endpoints.receiver.pool(), id)
            .await?
            .with_context(|| format!("message {id} is not in the receiver's inbox"))?;
        let applied_at = row
            .applied_at
            .with_context(|| format!("message {id} is not applied"))?;
        samples.push((applied_at - *at).to_std().unwrap_or(Duration::ZERO));
    }
    Ok(json!({
        "what": "paced",
        "count": args.count,
        "rate": args.rate,
        "achieved_rate": round3(f64::from(args.count) / send_seconds),
        "latency": latency(&mut samples),
    })
    .to_string())
}
