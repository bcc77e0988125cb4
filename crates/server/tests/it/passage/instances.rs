//! Three instances of node 浙江 on one PostgreSQL database, behind a round-robin proxy on
//! 127.0.0.1 that the hub delivers to. Every ping in either direction is applied exactly once
//! and in the order of its ordering key, and each instance receives some of them.
//!
//! The hub runs as two instances behind a round-robin proxy of their own, so envelopes reach
//! the 浙江 instances from two delivery workers at once. Node 广东 runs as one instance. Each
//! role has a PostgreSQL database of its own. The instances of a role share one data folder,
//! as a deployment of several instances must: the signing key, the seal keys and the material
//! files are files in it.

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::time::{Duration, Instant};

use chrono::Utc;
use tokio::net::TcpListener;
use tongban_domain::node::NodeKind;
use tongban_server::{Instance, Secret};
use tongban_services::federation::{self, NewEnrolment};
use tongban_services::passage::{self, OutgoingMessage, PING_TYPE, Passage};
use tongban_services::staff::{self, NewStaff};
use tongban_store::Store;
use tongban_store::passage::inbox::{self, InboxStatus};
use tongban_store::passage::outbox::{self, OutboxStatus};
use tongban_testkit::TestDatabase;

use super::{ping_count, unique_key};
use crate::cases::support::clerk_browser;
use crate::round_robin::RoundRobin;
use crate::support::{self, HubOptions, NodeOptions, eventually, trust_list_state};

/// Instances of 浙江.
const INSTANCES: usize = 3;

/// Instances of the hub.
const HUB_INSTANCES: usize = 2;

/// Ordering keys in each direction.
const KEYS: usize = 10;

/// Pings per ordering key in each direction: 1,000 each way in all.
const PINGS_PER_KEY: usize = 100;

/// How long all pings may take to arrive. Runs of this test took 10 to 16 s for it in a
/// debug build on a 2-core machine.
const DELIVERY_LIMIT: Duration = Duration::from_secs(45);

const DAY: Duration = Duration::from_secs(86_400);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn three_instances_apply_each_message_once() {
    let Some(hub_database) = TestDatabase::postgres().await else {
        return;
    };
    let gd_database = TestDatabase::postgres().await.unwrap();
    let zj_database = TestDatabase::postgres().await.unwrap();
    let started = Instant::now();
    let root = tempfile::tempdir().unwrap();

    // Arrange: the hub twice behind one proxy, 广东, and 浙江 three times behind another.
    let mut hub_listeners = Vec::new();
    for _ in 0..HUB_INSTANCES {
        hub_listeners.push(support::bind().await);
    }
    let hub_urls: Vec<String> = hub_listeners.iter().map(support::url_of).collect();
    let hub_proxy = RoundRobin::start(support::bind().await, hub_urls);
    let mut hubs = Vec::new();
    for listener in hub_listeners {
        hubs.push(
            start_hub(
                listener,
                &hub_proxy.url,
                &root.path().join("hub"),
                hub_database.url(),
            )
            .await,
        );
    }
    let hub = &hubs[0];
    let gd_listener = support::bind().await;
    let gd_url = support::url_of(&gd_listener);
    let gd_options = NodeOptions::guangdong();
    let gd = start_node(
        gd_listener,
        &gd_url,
        (hub, &hub_proxy.url),
        &root.path().join("gd"),
        &gd_options,
        gd_database.url(),
    )
    .await;

    let mut zj_listeners = Vec::new();
    for _ in 0..INSTANCES {
        zj_listeners.push(support::bind().await);
    }
    let zj_urls: Vec<String> = zj_listeners.iter().map(support::url_of).collect();
    let proxy = RoundRobin::start(support::bind().await, zj_urls.clone());
    let zj_dir = root.path().join("zj");
    let zj_options = NodeOptions::zhejiang();
    let mut zj = Vec::new();
    // One after the other: the first enrols, the others find its enrolment in the database.
    for listener in zj_listeners {
        zj.push(
            start_node(
                listener,
                &proxy.url,
                (hub, &hub_proxy.url),
                &zj_dir,
                &zj_options,
                zj_database.url(),
            )
            .await,
        );
    }
    wait_until_trusted(&gd, &zj_urls).await;
    eprintln!("federation started in {:?}", started.elapsed());

    // Act: 广东 sends to 浙江, and the 浙江 instances send to 广东 in turn, each key shared by
    // all three.
    let sending = Instant::now();
    let gd_keys: Vec<String> = (0..KEYS).map(|_| unique_key("gd-to-zj")).collect();
    let zj_keys: Vec<String> = (0..KEYS).map(|_| unique_key("zj-to-gd")).collect();
    let zj_passages: Vec<Passage> = zj.iter().map(|node| node.passage.clone()).collect();
    let (to_zj, to_gd) = tokio::join!(
        send_pings(vec![gd.passage.clone()], "zj", &gd_keys),
        send_pings(zj_passages, "gd", &zj_keys),
    );
    eprintln!(
        "2 × {} pings enqueued in {:?}",
        KEYS * PINGS_PER_KEY,
        sending.elapsed()
    );

    let zj_store = zj[0].store.clone();
    let arrived = eventually(DELIVERY_LIMIT, || async {
        all_applied(&zj_store, "gd", &gd_keys).await && all_applied(&gd.store, "zj", &zj_keys).await
    })
    .await;
    eprintln!("pings applied in {:?}", sending.elapsed());
    assert!(arrived, "not every ping arrived within {DELIVERY_LIMIT:?}");
    // A repeat that a late retry would cause has a second to show up.
    tokio::time::sleep(Duration::from_secs(1)).await;

    // Assert: each ping applied once, in key order, delivered without a repeat.
    for key in &gd_keys {
        let count = ping_count(&zj_store, "gd", key).await;
        assert_eq!(
            count, PINGS_PER_KEY as i64,
            "pings of {key} applied at 浙江"
        );
    }
    for key in &zj_keys {
        let count = ping_count(&gd.store, "zj", key).await;
        assert_eq!(
            count, PINGS_PER_KEY as i64,
            "pings of {key} applied at 广东"
        );
    }
    check_inbox(&zj_store, "浙江", "gd", &to_zj).await;
    check_inbox(&gd.store, "广东", "zj", &to_gd).await;
    check_outbox(&gd.store, "广东", &to_zj).await;
    check_outbox(&zj_store, "浙江", &to_gd).await;
    check_outbox(&hub.store, "the hub", &to_zj).await;
    check_outbox(&hub.store, "the hub", &to_gd).await;

    let hub_stats = hub_proxy.stats();
    eprintln!("requests per hub instance: {hub_stats:?}");
    for (index, backend) in hub_stats.iter().enumerate() {
        assert!(
            backend.requests > 0,
            "hub instance {index} received no requests: {hub_stats:?}"
        );
    }
    let stats = proxy.stats();
    eprintln!("requests per 浙江 instance: {stats:?}");
    for (index, backend) in stats.iter().enumerate() {
        assert!(
            backend.inbox_posts > 0,
            "浙江 instance {index} received no envelopes: {stats:?}"
        );
        assert_eq!(
            backend.duplicate_receipts, 0,
            "浙江 instance {index} got an envelope twice"
        );
    }

    let evidence = passage::verify_evidence(&zj_store).await.unwrap();
    assert!(
        evidence.broken.is_none(),
        "the evidence chain of 浙江 breaks: {evidence:?}"
    );
    assert!(
        evidence.entries_checked >= 2 * (KEYS * PINGS_PER_KEY) as i64,
        "浙江 records every ping it sent and received: {evidence:?}"
    );

    // A staff session opened through the proxy is valid on every instance.
    staff::create_staff(
        &zj_store,
        &NewStaff {
            login_name: "zj-shared".to_owned(),
            name: "共享会话".to_owned(),
            roles: vec!["intake".to_owned()],
            department: None,
        },
        "shared-session-password",
        "test:operator",
    )
    .await
    .unwrap();
    let browser = clerk_browser(&proxy.url, "zj-shared", "shared-session-password").await;
    for url in &zj_urls {
        let visit = browser.open(&format!("{url}/staff")).await;
        assert_eq!(
            visit.url,
            format!("{url}/staff"),
            "the staff session at {url}"
        );
        assert_eq!(visit.status, 200, "the staff home at {url}");
    }

    for node in zj {
        node.stop().await;
    }
    gd.stop().await;
    for hub in hubs {
        hub.stop().await;
    }
    eprintln!("test finished in {:?}", started.elapsed());
}

/// Starts a hub instance listening on `listener` whose nodes reach it at `public_url`, with
/// its files in `data_dir` and its database at `database_url`.
async fn start_hub(
    listener: TcpListener,
    public_url: &str,
    data_dir: &Path,
    database_url: &str,
) -> Instance {
    let own_url = support::url_of(&listener);
    let options = HubOptions {
        database_url: Some(database_url.to_owned()),
        ..HubOptions::default()
    };
    let mut config = support::hub_config("hub", &own_url, data_dir, &options);
    config.instance.public_url = public_url.to_owned();
    tongban_server::start(&config, listener).await.unwrap()
}

/// Starts a node instance listening on `listener` (at `own_url`) whose peers reach it at
/// `public_url`, with its files in `data_dir` and its database at `database_url`. The first
/// instance of a node enrols with a fresh token from `hub`, which nodes reach at `hub_url`.
async fn start_node(
    listener: TcpListener,
    public_url: &str,
    (hub, hub_url): (&Instance, &str),
    data_dir: &Path,
    options: &NodeOptions<'_>,
    database_url: &str,
) -> Instance {
    let own_url = support::url_of(&listener);
    let token = issue_token(hub, options).await;
    let options = NodeOptions {
        id: options.id,
        kind: options.kind,
        division_code: options.division_code,
        name_zh: options.name_zh,
        token: Some(&token),
        refresh_seconds: options.refresh_seconds,
    };
    let mut config = support::node_config(&own_url, hub_url, data_dir, &options);
    config.instance.public_url = public_url.to_owned();
    config.instance.database_url = Some(Secret::new(database_url.to_owned()));
    let instance = tongban_server::start(&config, listener).await.unwrap();
    let valid = eventually(Duration::from_secs(10), || async {
        trust_list_state(&own_url).await == "valid"
    })
    .await;
    assert!(valid, "{} at {own_url} got no valid trust list", options.id);
    instance
}

async fn issue_token(hub: &Instance, options: &NodeOptions<'_>) -> String {
    let enrolment = NewEnrolment {
        node_id: options.id.to_owned(),
        kind: NodeKind::parse(options.kind).unwrap(),
        division_code: options.division_code.to_owned(),
        name_zh: options.name_zh.to_owned(),
        name_en: format!("Test node {}", options.id),
    };
    federation::issue_enrolment_token(&hub.store, enrolment, DAY, "test:operator")
        .await
        .unwrap()
        .token
}

/// Waits until 广东's trust list, cached before 浙江 enrolled, lists 浙江, and every 浙江
/// instance reports a valid list.
async fn wait_until_trusted(gd: &Instance, zj_urls: &[String]) {
    let gd_knows_zj = eventually(Duration::from_secs(10), || async {
        federation::trusted_node(&gd.store, "zj", Utc::now())
            .await
            .unwrap()
            .is_some()
    })
    .await;
    assert!(gd_knows_zj, "广东's trust list never listed 浙江");
    for url in zj_urls {
        assert_eq!(
            trust_list_state(url).await,
            "valid",
            "the trust list at {url}"
        );
    }
}

/// Sends [`PINGS_PER_KEY`] pings to `receiver` under each of `keys`, the keys side by side,
/// the pings of one key one after the other, through `passages` in turn. Returns the message
/// ids of each key.
async fn send_pings(
    passages: Vec<Passage>,
    receiver: &'static str,
    keys: &[String],
) -> HashMap<String, Vec<String>> {
    let mut tasks = tokio::task::JoinSet::new();
    for (key_index, key) in keys.iter().enumerate() {
        let (passages, key) = (passages.clone(), key.clone());
        tasks.spawn(async move {
            let mut ids = Vec::with_capacity(PINGS_PER_KEY);
            for ping in 0..PINGS_PER_KEY {
                let passage = &passages[(key_index + ping) % passages.len()];
                let message = OutgoingMessage {
                    receiver,
                    message_type: PING_TYPE,
                    ordering_key: &key,
                    body: serde_json::Map::new(),
                };
                let id = passage::send(passage, message).await.unwrap();
                ids.push(id.as_str().to_owned());
            }
            (key, ids)
        });
    }
    let mut sent = HashMap::new();
    while let Some(joined) = tasks.join_next().await {
        let (key, ids) = joined.unwrap();
        sent.insert(key, ids);
    }
    sent
}

async fn all_applied(store: &Store, sender: &str, keys: &[String]) -> bool {
    for key in keys {
        if ping_count(store, sender, key).await < PINGS_PER_KEY as i64 {
            return false;
        }
    }
    true
}

/// Checks that the inbox of `store` contains exactly the messages of `sent` from `sender`, each
/// applied, and that each key's sequence numbers 1 to [`PINGS_PER_KEY`] were applied with
/// none left waiting or stale. The inbox applies a sequence number only when the one before
/// it is applied, so this is what shows that each key's order held.
async fn check_inbox(store: &Store, node: &str, sender: &str, sent: &HashMap<String, Vec<String>>) {
    let counts = inbox::count_messages(store.pool()).await.unwrap();
    let total: usize = sent.values().map(Vec::len).sum();
    assert_eq!(
        counts.applied, total as i64,
        "applied messages at {node}: {counts:?}"
    );
    assert_eq!(counts.waiting, 0, "waiting messages at {node}");
    assert_eq!(counts.stale, 0, "stale messages at {node}");
    assert_eq!(counts.rejected, 0, "rejected messages at {node}");

    for (key, ids) in sent {
        let mut sequences = HashSet::new();
        for id in ids {
            let row = inbox::find_message(store.pool(), id).await.unwrap();
            let row =
                row.unwrap_or_else(|| panic!("message {id} of {key} is not in {node}'s inbox"));
            assert_eq!(row.status, InboxStatus::Applied, "message {id} at {node}");
            assert!(
                sequences.insert(row.sequence),
                "sequence {} of {key} twice at {node}",
                row.sequence
            );
        }
        let expected: HashSet<i64> = (1..=PINGS_PER_KEY as i64).collect();
        assert_eq!(sequences, expected, "sequence numbers of {key} at {node}");
        // Reads the key's next sequence number. The row lock ends with the statement.
        let next = inbox::lock_next_sequence(store.pool(), sender, key)
            .await
            .unwrap();
        assert_eq!(
            next,
            PINGS_PER_KEY as i64 + 1,
            "next sequence of {key} at {node}"
        );
    }
}

/// Checks that the outbox of `store` delivered every message of `sent`.
async fn check_outbox(store: &Store, node: &str, sent: &HashMap<String, Vec<String>>) {
    for (key, ids) in sent {
        for id in ids {
            let row = outbox::find_message(store.pool(), id).await.unwrap();
            let row =
                row.unwrap_or_else(|| panic!("message {id} of {key} is not in {node}'s outbox"));
            assert_eq!(
                row.status,
                OutboxStatus::Delivered,
                "message {id} from {node}"
            );
            // A retry after a rejected post, such as from a peer not yet in a fresh trust
            // list, is allowed. The receivers' duplicate receipts and the inboxes show whether
            // anything arrived or took effect twice.
            if row.attempts > 0 {
                eprintln!(
                    "message {id} from {node} took {} failed attempts: {:?}",
                    row.attempts, row.last_error
                );
            }
        }
    }
}
