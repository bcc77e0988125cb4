//! A node that is down receives its backlog when it comes back.

use std::time::Duration;

use tokio::net::TcpListener;
use tongban_server::Config;
use tongban_services::passage::{self, OutgoingMessage, PING_TYPE};
use tongban_store::passage::outbox;

use super::{start_demo, wait_for_pings};

#[tokio::test]
async fn backlog_arrives_after_outage() {
    let dir = tempfile::tempdir().unwrap();
    let mut demo = start_demo(dir.path()).await;
    let zj = demo.instances.remove(2);
    let zj_addr = zj.addr;
    zj.stop().await;

    let gd = &demo.instances[1];
    for _ in 0..20 {
        let message = OutgoingMessage {
            receiver: "zj",
            message_type: PING_TYPE,
            ordering_key: "backlog",
            body: serde_json::Map::new(),
        };
        passage::send(&gd.passage, message).await.unwrap();
    }

    // The hub accepts everything and keeps failing to reach 浙江.
    let hub = &demo.instances[0];
    let deadline = tokio::time::Instant::now() + Duration::from_secs(30);
    loop {
        let counts = outbox::count_messages(hub.store.pool()).await.unwrap();
        if counts.pending == 20 {
            break;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "the hub has {counts:?}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    // Long enough for several failed attempts.
    tokio::time::sleep(Duration::from_secs(3)).await;

    let config = Config::load(&dir.path().join("zj.toml")).unwrap();
    let listener = TcpListener::bind(zj_addr).await.unwrap();
    let zj = tongban_server::start(&config, listener).await.unwrap();

    let count = wait_for_pings(&zj.store, "gd", "backlog", 20, Duration::from_secs(60)).await;
    assert_eq!(count, 20, "the whole backlog arrives");
    let counts = outbox::count_messages(hub.store.pool()).await.unwrap();
    assert_eq!(counts.dead, 0);

    zj.stop().await;
    demo.stop().await;
}
