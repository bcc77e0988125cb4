//! Enrolment and the trust list between a real hub and real nodes over HTTP on 127.0.0.1.

use std::time::Duration;

use chrono::Utc;
use serde_json::{Value, json};
use tempfile::TempDir;
use tongban_crypto::SigningKey;
use tongban_crypto::trust_list::SignedTrustList;
use tongban_domain::node::NodeKind;
use tongban_services::federation::{self, NewEnrolment};
use tongban_services::oidc_clients;
use tongban_store::{Store, audit, enrolment, trust_list_cache};

use crate::proxy::{Proxy, Tamper};
use crate::support::{
    self, HubOptions, NodeOptions, TestHub, TestNode, client, eventually, health, trust_list_state,
};

const DAY: Duration = Duration::from_secs(86_400);

fn enrolment_of(options: &NodeOptions<'_>) -> NewEnrolment {
    NewEnrolment {
        node_id: options.id.to_owned(),
        kind: NodeKind::parse(options.kind).unwrap(),
        division_code: options.division_code.to_owned(),
        name_zh: options.name_zh.to_owned(),
        name_en: format!("Test node {}", options.id),
    }
}

async fn issue(hub: &TestHub, options: &NodeOptions<'_>, ttl: Duration) -> String {
    federation::issue_enrolment_token(hub.store(), enrolment_of(options), ttl, "test:operator")
        .await
        .unwrap()
        .token
}

/// Starts a node with a fresh token and waits until it has a valid trust list.
async fn enrolled_node(
    root: &TempDir,
    hub: &TestHub,
    hub_url: &str,
    options: NodeOptions<'_>,
) -> TestNode {
    let token = issue(hub, &options, DAY).await;
    let options = NodeOptions {
        token: Some(&token),
        ..options
    };
    let node = TestNode::start(root, hub_url, &options).await;
    let valid = eventually(Duration::from_secs(10), || async {
        trust_list_state(&node.url).await == "valid"
    })
    .await;
    assert!(valid, "node {} got no valid trust list", options.id);
    node
}

async fn cached_sequence(store: &Store) -> Option<i64> {
    trust_list_cache::load_cached(store.pool())
        .await
        .unwrap()
        .map(|cached| cached.sequence)
}

async fn post_enroll(hub_url: &str, body: &Value) -> (u16, Value) {
    let response = client()
        .post(format!("{hub_url}/api/federation/enroll"))
        .json(body)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    let text = response.text().await.unwrap();
    let json = serde_json::from_str(&text).unwrap_or_else(|_| json!({ "raw": text }));
    (status, json)
}

fn enroll_body(token: &str, node_id: &str, division: &str, key: &SigningKey) -> Value {
    json!({
        "token": token,
        "node_id": node_id,
        "kind": "region",
        "division_code": division,
        "endpoint": "http://127.0.0.1:9",
        "public_key": key.public_key().to_hex(),
        "names": { "zh-CN": "测试节点", "en": "Test node" },
    })
}

#[tokio::test]
async fn first_start_enrols_and_caches_list() {
    let root = tempfile::tempdir().unwrap();
    let hub = TestHub::start(&root, &HubOptions::default()).await;
    let options = NodeOptions::guangdong();
    let token = issue(&hub, &options, DAY).await;
    let node = TestNode::start(
        &root,
        &hub.url,
        &NodeOptions {
            token: Some(&token),
            ..options
        },
    )
    .await;

    // Enrolment runs during start-up, so it is done when `start` returns.
    let status = health(&node.url).await;
    assert_eq!(status["enrolment"], "enrolled", "{status}");
    let stored = enrolment::load_enrolment(node.store().pool())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(stored.node_id, "gd");
    assert_eq!(stored.hub_url, hub.url);
    assert_eq!(stored.hub_public_key, hub.public_key().to_hex());
    let client_at_hub = oidc_clients::authenticate_client(hub.store(), "gd", &stored.client_secret)
        .await
        .unwrap()
        .expect("the node's client secret works at the hub");
    assert_eq!(
        client_at_hub.redirect_uris,
        vec![format!("{}/auth/callback", node.url)]
    );

    let valid = eventually(Duration::from_secs(10), || async {
        trust_list_state(&node.url).await == "valid"
    })
    .await;
    assert!(valid, "{}", health(&node.url).await);

    // The cached document verifies with the hub key and lists the node with its own key.
    let cached = trust_list_cache::load_cached(node.store().pool())
        .await
        .unwrap()
        .unwrap();
    let signed: SignedTrustList = serde_json::from_str(&cached.document).unwrap();
    let list = signed.verify(&hub.public_key()).unwrap();
    let listed = list.node("gd").expect("gd is listed");
    let node_key = support::signing_key_of(&node.data_dir);
    assert_eq!(listed.endpoint, node.url);
    assert_eq!(listed.keys.len(), 1);
    assert_eq!(listed.keys[0].key_id, node_key.key_id().as_str());
    assert_eq!(listed.keys[0].public_key, node_key.public_key().to_hex());
    let peer = federation::trusted_node(node.store(), "gd", Utc::now())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(peer.names.zh_cn, "广东政务服务网");

    // The hub serves the same list to anyone, signed by its key.
    let served: SignedTrustList = client()
        .get(format!("{}/api/federation/trust-list", hub.url))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        served.verify(&hub.public_key()).unwrap().sequence,
        list.sequence
    );

    #[cfg(unix)]
    for data_dir in [&hub.data_dir, &node.data_dir] {
        use std::os::unix::fs::PermissionsExt;
        let path = tongban_services::keys::signing_key_path(data_dir);
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "{}", path.display());
    }

    let hub_events = audit::list_events(hub.store().pool(), "node/gd", 10)
        .await
        .unwrap();
    assert_eq!(hub_events[0].action, "federation.enrol_node");
    let node_events = audit::list_events(node.store().pool(), "", 10)
        .await
        .unwrap();
    let actions: Vec<&str> = node_events
        .iter()
        .map(|event| event.action.as_str())
        .collect();
    assert!(
        actions.contains(&"federation.record_enrolment"),
        "{actions:?}"
    );
    assert!(
        actions.contains(&"federation.accept_trust_list"),
        "{actions:?}"
    );

    // A restart with the used token in the configuration keeps the enrolment.
    let config = node.config.clone();
    node.instance.stop().await;
    let listener = tokio::net::TcpListener::bind(config.instance.listen)
        .await
        .unwrap();
    let restarted = tongban_server::start(&config, listener).await.unwrap();
    let status = health(&restarted.local_url()).await;
    assert_eq!(status["enrolment"], "enrolled", "{status}");
    assert_eq!(status["trust_list"], "valid", "{status}");
    restarted.stop().await;
    hub.instance.stop().await;
}

#[tokio::test]
async fn bad_tokens_are_rejected_and_register_nothing() {
    let root = tempfile::tempdir().unwrap();
    let hub = TestHub::start(&root, &HubOptions::default()).await;
    let gd = NodeOptions::guangdong();
    let key = SigningKey::generate();

    let (status, body) = post_enroll(&hub.url, &enroll_body("unknown", "gd", "440000", &key)).await;
    assert_eq!(status, 403, "{body}");
    assert_eq!(body["error"]["code"], "token-unknown");
    assert!(
        body["error"]["message"]["zh-CN"]
            .as_str()
            .unwrap()
            .contains("令牌")
    );
    assert!(
        body["error"]["message"]["en"]
            .as_str()
            .unwrap()
            .contains("token")
    );

    let token = issue(&hub, &gd, DAY).await;
    let (status, body) = post_enroll(&hub.url, &enroll_body(&token, "zj", "440000", &key)).await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (403, Some("token-mismatch")),
        "{body}"
    );
    let (status, body) = post_enroll(&hub.url, &enroll_body(&token, "gd", "330000", &key)).await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (403, Some("token-mismatch")),
        "{body}"
    );

    let short = issue(&hub, &gd, Duration::from_secs(1)).await;
    tokio::time::sleep(Duration::from_millis(1_200)).await;
    let (status, body) = post_enroll(&hub.url, &enroll_body(&short, "gd", "440000", &key)).await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (403, Some("token-expired")),
        "{body}"
    );

    let mut invalid = enroll_body(&token, "gd", "440000", &key);
    invalid["endpoint"] = json!("ftp://gd.example");
    invalid["public_key"] = json!("04abc");
    let (status, body) = post_enroll(&hub.url, &invalid).await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (400, Some("invalid-field")),
        "{body}"
    );
    assert!(
        body["error"]["fields"]["endpoint"]["en"].is_string(),
        "{body}"
    );
    assert!(
        body["error"]["fields"]["public_key"]["zh-CN"].is_string(),
        "{body}"
    );

    let response = client()
        .post(format!("{}/api/federation/enroll", hub.url))
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 400);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["error"]["code"], "invalid-request", "{body}");

    assert!(
        federation::list_nodes(hub.store())
            .await
            .unwrap()
            .is_empty(),
        "nothing is registered by rejected requests"
    );

    // The token survived the mismatches: it enrols once, and only once.
    let (status, body) = post_enroll(&hub.url, &enroll_body(&token, "gd", "440000", &key)).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["client_id"], "gd");
    assert_eq!(body["hub_key_id"], hub.public_key().key_id().as_str());
    let (status, body) = post_enroll(&hub.url, &enroll_body(&token, "gd", "440000", &key)).await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (403, Some("token-used")),
        "{body}"
    );
    assert_eq!(federation::list_nodes(hub.store()).await.unwrap().len(), 1);
    hub.instance.stop().await;
}

#[tokio::test]
async fn concurrent_requests_with_one_token_enrol_once() {
    let root = tempfile::tempdir().unwrap();
    let hub = TestHub::start(&root, &HubOptions::default()).await;
    let token = issue(&hub, &NodeOptions::zhejiang(), DAY).await;

    let requests: Vec<_> = (0..8)
        .map(|_| {
            let body = enroll_body(&token, "zj", "330000", &SigningKey::generate());
            let url = hub.url.clone();
            tokio::spawn(async move { post_enroll(&url, &body).await.0 })
        })
        .collect();
    let mut statuses = Vec::new();
    for request in requests {
        statuses.push(request.await.unwrap());
    }
    statuses.sort_unstable();
    assert_eq!(statuses, [200, 403, 403, 403, 403, 403, 403, 403]);
    let entries = federation::list_nodes(hub.store()).await.unwrap();
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0].keys.len(), 1);
    hub.instance.stop().await;
}

#[tokio::test]
async fn node_with_rejected_token_serves_pages_unenrolled() {
    let root = tempfile::tempdir().unwrap();
    let hub = TestHub::start(&root, &HubOptions::default()).await;
    let node = TestNode::start(
        &root,
        &hub.url,
        &NodeOptions {
            token: Some("not-a-token-the-hub-issued"),
            ..NodeOptions::guangdong()
        },
    )
    .await;

    let status = health(&node.url).await;
    assert_eq!(status["status"], "ok", "{status}");
    assert_eq!(status["enrolment"], "missing", "{status}");
    assert_eq!(status["trust_list"], "missing", "{status}");
    let home = client().get(&node.url).send().await.unwrap();
    assert_eq!(home.status(), 200);
    assert!(
        federation::list_nodes(hub.store())
            .await
            .unwrap()
            .is_empty()
    );
    node.instance.stop().await;
    hub.instance.stop().await;
}

#[tokio::test]
async fn node_enrols_once_the_hub_comes_up() {
    let root = tempfile::tempdir().unwrap();
    // Learn a free port for the hub, then leave it closed while the node starts. Another
    // process could take the port in between; on loopback in a test run that is unlikely.
    let probe = support::bind().await;
    let hub_addr = probe.local_addr().unwrap();
    drop(probe);
    let hub_url = format!("http://{hub_addr}");

    let gd = NodeOptions::guangdong();
    let hub_data = root.path().join("hub");
    // The token must exist before the node starts, so the hub's database is prepared first.
    let config = support::hub_config("hub", &hub_url, &hub_data, &HubOptions::default());
    std::fs::create_dir_all(&hub_data).unwrap();
    let hub_store = Store::connect(&config.database_url()).await.unwrap();
    let token = federation::issue_enrolment_token(&hub_store, enrolment_of(&gd), DAY, "test")
        .await
        .unwrap()
        .token;
    hub_store.pool().close().await;

    let node = TestNode::start(
        &root,
        &hub_url,
        &NodeOptions {
            token: Some(&token),
            ..gd
        },
    )
    .await;
    assert_eq!(health(&node.url).await["enrolment"], "missing");

    let listener = tokio::net::TcpListener::bind(hub_addr).await.unwrap();
    let hub = tongban_server::start(&config, listener).await.unwrap();
    let enrolled = eventually(Duration::from_secs(10), || async {
        let status = health(&node.url).await;
        status["enrolment"] == "enrolled" && status["trust_list"] == "valid"
    })
    .await;
    assert!(enrolled, "{}", health(&node.url).await);
    node.instance.stop().await;
    hub.stop().await;
}

#[tokio::test]
async fn tampered_or_replayed_lists_are_rejected() {
    let root = tempfile::tempdir().unwrap();
    let hub = TestHub::start(&root, &HubOptions::default()).await;
    let proxy = Proxy::start(&hub.url).await;
    let node = enrolled_node(&root, &hub, &proxy.url, NodeOptions::guangdong()).await;
    let first = cached_sequence(node.store()).await.unwrap();
    let first_document = trust_list_cache::load_cached(node.store().pool())
        .await
        .unwrap()
        .unwrap()
        .document;

    // A second node changes the registry, so the hub signs a newer list.
    let zj = NodeOptions::zhejiang();
    let token = issue(&hub, &zj, DAY).await;
    let (status, _) = post_enroll(
        &hub.url,
        &enroll_body(&token, "zj", "330000", &SigningKey::generate()),
    )
    .await;
    assert_eq!(status, 200);

    for tamper in [
        Tamper::ListByte,
        Tamper::SignatureByte,
        Tamper::Replay(first_document),
    ] {
        proxy.set(tamper.clone());
        // Three fetches at one per second.
        tokio::time::sleep(Duration::from_millis(3_200)).await;
        assert_eq!(
            cached_sequence(node.store()).await,
            Some(first),
            "{tamper:?} was accepted"
        );
        assert_eq!(trust_list_state(&node.url).await, "valid", "{tamper:?}");
    }

    proxy.set(Tamper::Nothing);
    let updated = eventually(Duration::from_secs(10), || async {
        cached_sequence(node.store()).await > Some(first)
    })
    .await;
    assert!(updated, "the genuine list is accepted again");
    assert!(
        federation::trusted_node(node.store(), "zj", Utc::now())
            .await
            .unwrap()
            .is_some()
    );
    node.instance.stop().await;
    hub.instance.stop().await;
}

#[tokio::test]
async fn node_answers_from_cache_until_the_list_expires() {
    let root = tempfile::tempdir().unwrap();
    let hub = TestHub::start(
        &root,
        &HubOptions {
            validity_seconds: 4,
            ..HubOptions::default()
        },
    )
    .await;
    let node = enrolled_node(&root, &hub, &hub.url, NodeOptions::guangdong()).await;
    hub.instance.stop().await;

    // The hub is gone, and lookups still use the cached list.
    let cached = trust_list_cache::load_cached(node.store().pool())
        .await
        .unwrap()
        .unwrap();
    assert!(Utc::now() < cached.valid_until);
    assert!(
        federation::trusted_node(node.store(), "gd", Utc::now())
            .await
            .unwrap()
            .is_some()
    );
    assert_eq!(trust_list_state(&node.url).await, "valid");

    let wait = (cached.valid_until - Utc::now())
        .to_std()
        .unwrap_or_default()
        + Duration::from_millis(300);
    tokio::time::sleep(wait).await;
    assert_eq!(trust_list_state(&node.url).await, "expired");
    assert!(
        federation::trusted_node(node.store(), "gd", Utc::now())
            .await
            .unwrap()
            .is_none(),
        "an expired list is no list"
    );
    let status = health(&node.url).await;
    assert_eq!(status["status"], "ok", "the node keeps serving: {status}");
    assert_eq!(client().get(&node.url).send().await.unwrap().status(), 200);
    node.instance.stop().await;
}

#[tokio::test]
async fn revoked_node_disappears_from_next_list() {
    let root = tempfile::tempdir().unwrap();
    let hub = TestHub::start(&root, &HubOptions::default()).await;
    let gd = enrolled_node(&root, &hub, &hub.url, NodeOptions::guangdong()).await;
    let zj = enrolled_node(&root, &hub, &hub.url, NodeOptions::zhejiang()).await;
    let listed = eventually(Duration::from_secs(10), || async {
        federation::trusted_node(zj.store(), "gd", Utc::now())
            .await
            .unwrap()
            .is_some()
    })
    .await;
    assert!(listed, "zj sees gd before the revocation");

    federation::revoke_node(hub.store(), "gd", "test revocation", "test:operator")
        .await
        .unwrap();

    let served: SignedTrustList = client()
        .get(format!("{}/api/federation/trust-list", hub.url))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let list = served.verify(&hub.public_key()).unwrap();
    assert!(list.node("gd").is_none());
    assert!(list.node("zj").is_some());
    let gone = eventually(Duration::from_secs(10), || async {
        federation::trusted_node(zj.store(), "gd", Utc::now())
            .await
            .unwrap()
            .is_none()
    })
    .await;
    assert!(gone, "zj's next list no longer has gd");
    gd.instance.stop().await;
    zj.instance.stop().await;
    hub.instance.stop().await;
}

#[tokio::test]
async fn hub_instances_sharing_a_database_serve_one_list() {
    for database in tongban_testkit::each_backend().await {
        let backend = database.backend_name();
        let root = tempfile::tempdir().unwrap();
        let options = HubOptions {
            database_url: Some(database.url().to_owned()),
            ..HubOptions::default()
        };
        let first = TestHub::start_on(&root, "hub-a", support::bind().await, &options).await;
        let token = issue(&first, &NodeOptions::guangdong(), DAY).await;
        let (status, _) = post_enroll(
            &first.url,
            &enroll_body(&token, "gd", "440000", &SigningKey::generate()),
        )
        .await;
        assert_eq!(status, 200, "{backend}");

        // The second instance gets a copy of the first one's key file, as operators must do.
        let key = tongban_services::keys::signing_key_path(&first.data_dir);
        let second_dir = root.path().join("hub-b");
        let second_key = tongban_services::keys::signing_key_path(&second_dir);
        std::fs::create_dir_all(second_key.parent().unwrap()).unwrap();
        std::fs::copy(&key, &second_key).unwrap();
        let second = TestHub::start_on(&root, "hub-b", support::bind().await, &options).await;

        let fetch = |url: String| async move {
            client()
                .get(format!("{url}/api/federation/trust-list"))
                .send()
                .await
                .unwrap()
                .text()
                .await
                .unwrap()
        };
        let (one, two) = tokio::join!(fetch(first.url.clone()), fetch(second.url.clone()));
        assert_eq!(
            one, two,
            "{backend}: both instances serve the same document"
        );

        // A third instance with a key of its own would publish lists no node accepts.
        let listener = support::bind().await;
        let url = support::url_of(&listener);
        let config = support::hub_config("hub", &url, &root.path().join("hub-c"), &options);
        let error = tongban_server::start(&config, listener).await.unwrap_err();
        let message = format!("{error:#}");
        assert!(message.contains("sm2-signing.pem"), "{backend}: {message}");

        first.instance.stop().await;
        second.instance.stop().await;
    }
}

/// A node whose scheduled fetch is an hour away still accepts the first envelope of a peer
/// that enrolled after its last fetch: the unknown sender makes it fetch the list at once.
#[tokio::test]
async fn late_peer_trusted_on_first_message() {
    let root = TempDir::new().unwrap();
    let hub = TestHub::start(&root, &HubOptions::default()).await;
    let hourly = |options: NodeOptions<'static>| NodeOptions {
        refresh_seconds: 3600,
        ..options
    };
    let gd = enrolled_node(&root, &hub, &hub.url, hourly(NodeOptions::guangdong())).await;
    let zj = enrolled_node(&root, &hub, &hub.url, hourly(NodeOptions::zhejiang())).await;
    let gd_knows_zj = federation::trusted_node(gd.store(), "zj", Utc::now())
        .await
        .unwrap();
    assert!(gd_knows_zj.is_none(), "广东's cached list predates 浙江");

    let message = tongban_services::passage::OutgoingMessage {
        receiver: "gd",
        message_type: tongban_services::passage::PING_TYPE,
        ordering_key: "late-peer",
        body: serde_json::Map::new(),
    };
    tongban_services::passage::send(&zj.instance.passage, message)
        .await
        .unwrap();

    let applied = eventually(Duration::from_secs(20), || async {
        tongban_store::passage::pings::list_counters(gd.store().pool())
            .await
            .unwrap()
            .iter()
            .any(|counter| counter.sender == "zj" && counter.ordering_key == "late-peer")
    })
    .await;
    assert!(applied, "广东 applies 浙江's ping without waiting an hour");
    let gd_knows_zj = federation::trusted_node(gd.store(), "zj", Utc::now())
        .await
        .unwrap();
    assert!(
        gd_knows_zj.is_some(),
        "广东 fetched the list that names 浙江"
    );

    zj.instance.stop().await;
    gd.instance.stop().await;
    hub.instance.stop().await;
}
