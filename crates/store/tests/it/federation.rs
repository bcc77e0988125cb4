//! Enrolment tokens, the node registry and stored trust lists.

use chrono::TimeDelta;
use tongban_store::enrolment_tokens::{self, EnrolmentToken};
use tongban_store::nodes::{self, NodeKey, NodeStatus, RegisteredNode};
use tongban_store::trust_list_cache::{self, CachedTrustList};
use tongban_store::trust_lists::{self, StoredTrustList};

use crate::support::{at_millis, connect};

const T0: i64 = 1_796_000_000_000;

fn token(digest: &str, node_id: &str) -> EnrolmentToken {
    EnrolmentToken {
        token_digest: digest.to_owned(),
        node_id: node_id.to_owned(),
        kind: "region".to_owned(),
        division_code: "440000".to_owned(),
        name_zh: "广东政务服务网".to_owned(),
        name_en: "Guangdong Government Services".to_owned(),
        issued_by: "cli:operator".to_owned(),
        issued_at: at_millis(T0),
        expires_at: at_millis(T0 + 3_600_000),
        used_at: None,
        cancelled_at: None,
    }
}

fn node(id: &str) -> RegisteredNode {
    RegisteredNode {
        node_id: id.to_owned(),
        kind: "region".to_owned(),
        division_code: "440000".to_owned(),
        name_zh: "广东政务服务网".to_owned(),
        name_en: "Guangdong Government Services".to_owned(),
        endpoint: "https://gd.example.gov.cn".to_owned(),
        status: NodeStatus::Active,
        enrolled_at: at_millis(T0),
        updated_at: at_millis(T0),
        revoked_at: None,
        revocation_reason: None,
    }
}

fn key(key_id: &str, node_id: &str) -> NodeKey {
    NodeKey {
        key_id: key_id.to_owned(),
        node_id: node_id.to_owned(),
        public_key: format!("04{}", "ab".repeat(64)),
        valid_from: at_millis(T0),
        valid_until: None,
    }
}

#[tokio::test]
async fn token_is_claimed_once_before_expiry() {
    for database in tongban_testkit::each_backend().await {
        let backend = database.backend_name();
        let store = connect(&database).await;
        enrolment_tokens::insert_token(store.pool(), &token("d1", "gd"))
            .await
            .unwrap();
        enrolment_tokens::insert_token(store.pool(), &token("d2", "gd"))
            .await
            .unwrap();

        let expired_at = at_millis(T0 + 3_600_000);
        assert!(
            enrolment_tokens::claim_token(store.pool(), "d1", expired_at)
                .await
                .unwrap()
                .is_none(),
            "{backend}: expired"
        );
        let now = at_millis(T0 + 1_000);
        let claimed = enrolment_tokens::claim_token(store.pool(), "d1", now)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(claimed.used_at, Some(now), "{backend}");
        assert_eq!(claimed.name_zh, "广东政务服务网");
        assert!(
            enrolment_tokens::claim_token(store.pool(), "d1", now)
                .await
                .unwrap()
                .is_none(),
            "{backend}: used"
        );
        assert!(
            enrolment_tokens::claim_token(store.pool(), "unknown", now)
                .await
                .unwrap()
                .is_none()
        );

        let cancelled = enrolment_tokens::cancel_tokens_of_node(store.pool(), "gd", now)
            .await
            .unwrap();
        assert_eq!(cancelled, 1, "{backend}: only the unused token");
        assert!(
            enrolment_tokens::claim_token(store.pool(), "d2", now)
                .await
                .unwrap()
                .is_none(),
            "{backend}: cancelled"
        );
        let found = enrolment_tokens::find_token(store.pool(), "d2")
            .await
            .unwrap()
            .unwrap();
        assert_eq!(found.cancelled_at, Some(now));
    }
}

#[tokio::test]
async fn registry_keeps_keys_with_their_node() {
    for database in tongban_testkit::each_backend().await {
        let backend = database.backend_name();
        let store = connect(&database).await;
        nodes::upsert_node(store.pool(), &node("gd")).await.unwrap();
        nodes::upsert_node(store.pool(), &node("zj")).await.unwrap();
        assert!(
            nodes::upsert_key(store.pool(), &key("k1", "gd"))
                .await
                .unwrap()
        );
        assert!(
            nodes::upsert_key(store.pool(), &key("k2", "gd"))
                .await
                .unwrap()
        );
        assert!(
            !nodes::upsert_key(store.pool(), &key("k1", "zj"))
                .await
                .unwrap(),
            "{backend}: a key stays with its node"
        );
        assert_eq!(
            nodes::find_key(store.pool(), "k1")
                .await
                .unwrap()
                .unwrap()
                .node_id,
            "gd"
        );

        let later = at_millis(T0 + 60_000);
        let retired = nodes::retire_other_keys(store.pool(), "gd", "k2", later)
            .await
            .unwrap();
        assert_eq!(retired, 1, "{backend}");
        let keys = nodes::list_keys(store.pool()).await.unwrap();
        let k1 = keys.iter().find(|key| key.key_id == "k1").unwrap();
        assert_eq!(k1.valid_until, Some(later));
        // Enrolling again with a retired key makes it current again.
        assert!(
            nodes::upsert_key(store.pool(), &key("k1", "gd"))
                .await
                .unwrap()
        );
        let k1 = nodes::find_key(store.pool(), "k1").await.unwrap().unwrap();
        assert_eq!(k1.valid_until, None, "{backend}");

        assert!(
            nodes::revoke_node(store.pool(), "gd", "left", later)
                .await
                .unwrap()
        );
        assert!(
            !nodes::revoke_node(store.pool(), "gd", "again", later)
                .await
                .unwrap(),
            "{backend}: revoked once"
        );
        let listed = nodes::list_nodes(store.pool()).await.unwrap();
        assert_eq!(listed.len(), 2);
        assert_eq!(listed[0].status, NodeStatus::Revoked);
        assert_eq!(listed[0].revocation_reason.as_deref(), Some("left"));
        assert_eq!(listed[1].status, NodeStatus::Active);
    }
}

#[tokio::test]
async fn trust_list_sequence_is_taken_once() {
    for database in tongban_testkit::each_backend().await {
        let backend = database.backend_name();
        let store = connect(&database).await;
        assert!(
            trust_lists::latest_trust_list(store.pool())
                .await
                .unwrap()
                .is_none()
        );
        let list = |sequence: i64, document: &str| StoredTrustList {
            sequence,
            issued_at: at_millis(T0),
            valid_until: at_millis(T0) + TimeDelta::hours(24),
            key_id: "0123456789abcdef".to_owned(),
            nodes_digest: "digest".to_owned(),
            document: document.to_owned(),
        };
        assert!(
            trust_lists::insert_trust_list(store.pool(), &list(1, "first"))
                .await
                .unwrap()
        );
        assert!(
            !trust_lists::insert_trust_list(store.pool(), &list(1, "rival"))
                .await
                .unwrap(),
            "{backend}"
        );
        assert!(
            trust_lists::insert_trust_list(store.pool(), &list(2, "second"))
                .await
                .unwrap()
        );
        let latest = trust_lists::latest_trust_list(store.pool())
            .await
            .unwrap()
            .unwrap();
        assert_eq!((latest.sequence, latest.document.as_str()), (2, "second"));
    }
}

#[tokio::test]
async fn cache_only_moves_forward() {
    for database in tongban_testkit::each_backend().await {
        let backend = database.backend_name();
        let store = connect(&database).await;
        let cached = |sequence: i64| CachedTrustList {
            sequence,
            issued_at: at_millis(T0),
            valid_until: at_millis(T0 + 86_400_000),
            fetched_at: at_millis(T0 + 1_000),
            document: format!("list {sequence}"),
        };
        assert!(
            trust_list_cache::save_if_newer(store.pool(), &cached(5))
                .await
                .unwrap()
        );
        assert!(
            !trust_list_cache::save_if_newer(store.pool(), &cached(4))
                .await
                .unwrap()
        );
        assert!(
            !trust_list_cache::save_if_newer(store.pool(), &cached(5))
                .await
                .unwrap()
        );
        assert!(
            trust_list_cache::save_if_newer(store.pool(), &cached(6))
                .await
                .unwrap()
        );
        let loaded = trust_list_cache::load_cached(store.pool())
            .await
            .unwrap()
            .unwrap();
        assert_eq!(loaded.sequence, 6, "{backend}");
        assert_eq!(loaded.document, "list 6");
    }
}
