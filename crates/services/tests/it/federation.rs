//! Enrolment, revocation and the trust list, on SQLite and PostgreSQL.

use std::time::Duration;

use chrono::{TimeDelta, Utc};
use tongban_crypto::SigningKey;
use tongban_crypto::trust_list::{NodeNames, SignedTrustList};
use tongban_domain::node::NodeKind;
use tongban_services::federation::{
    self, EnrolmentRequest, FederationError, Hub, NewEnrolment, Revocation, TrustListStatus,
    TrustListUpdate,
};
use tongban_services::oidc_clients;
use tongban_store::nodes::NodeStatus;
use tongban_store::{Store, audit};

const DAY: Duration = Duration::from_secs(86_400);

fn guangdong() -> NewEnrolment {
    NewEnrolment {
        node_id: "gd".to_owned(),
        kind: NodeKind::Region,
        division_code: "440000".to_owned(),
        name_zh: "广东政务服务网".to_owned(),
        name_en: "Guangdong Government Services".to_owned(),
    }
}

fn request(token: &str, node_key: &SigningKey) -> EnrolmentRequest {
    EnrolmentRequest {
        token: token.to_owned(),
        node_id: "gd".to_owned(),
        kind: "region".to_owned(),
        division_code: "440000".to_owned(),
        endpoint: "http://127.0.0.1:8401".to_owned(),
        public_key: node_key.public_key().to_hex(),
        names: NodeNames {
            zh_cn: "广东政务服务网".to_owned(),
            en: "Guangdong Government Services".to_owned(),
        },
    }
}

fn hub(key: &SigningKey) -> Hub<'_> {
    Hub {
        id: "hub",
        public_key: key.public_key(),
    }
}

async fn issue(store: &Store) -> String {
    federation::issue_enrolment_token(store, guangdong(), DAY, "cli:operator")
        .await
        .unwrap()
        .token
}

async fn node_count(store: &Store) -> usize {
    federation::list_nodes(store).await.unwrap().len()
}

#[tokio::test]
async fn enrolment_registers_node_key_and_client() {
    for database in tongban_testkit::each_backend().await {
        let backend = database.backend_name();
        let store = Store::connect(database.url()).await.unwrap();
        let hub_key = SigningKey::generate();
        let node_key = SigningKey::generate();

        let issued = federation::issue_enrolment_token(&store, guangdong(), DAY, "cli:operator")
            .await
            .unwrap();
        assert_eq!(issued.token.len(), 43, "{backend}: 256 bits in base64url");
        assert!(!format!("{issued:?}").contains(&issued.token), "{backend}");

        let grant = federation::enrol_node(
            &store,
            &request(&issued.token, &node_key),
            hub(&hub_key),
            Utc::now(),
        )
        .await
        .unwrap();
        assert_eq!(grant.client_id, "gd", "{backend}");
        assert_eq!(grant.hub_public_key, hub_key.public_key().to_hex());
        assert_eq!(grant.hub_key_id, hub_key.key_id().as_str());
        assert!(!format!("{grant:?}").contains(&grant.client_secret));

        let entries = federation::list_nodes(&store).await.unwrap();
        assert_eq!(entries.len(), 1, "{backend}");
        let entry = &entries[0];
        assert_eq!(entry.node.status, NodeStatus::Active);
        assert_eq!(entry.node.endpoint, "http://127.0.0.1:8401");
        assert_eq!(entry.keys.len(), 1);
        assert_eq!(entry.keys[0].key_id, node_key.key_id().as_str());

        let client = oidc_clients::authenticate_client(&store, "gd", &grant.client_secret)
            .await
            .unwrap()
            .expect("the client secret works");
        assert_eq!(
            client.redirect_uris,
            vec!["http://127.0.0.1:8401/auth/callback"]
        );
        assert_eq!(
            client.post_logout_redirect_uris,
            vec!["http://127.0.0.1:8401/"]
        );
        assert_eq!(client.node_id.as_deref(), Some("gd"));

        let events = audit::list_events(store.pool(), "node/gd", 10)
            .await
            .unwrap();
        let actions: Vec<&str> = events.iter().map(|event| event.action.as_str()).collect();
        assert_eq!(
            actions,
            ["federation.enrol_node", "federation.issue_enrolment_token"],
            "{backend}"
        );
        let details = events[1].details.as_ref().unwrap().to_string();
        assert!(
            !details.contains(&issued.token),
            "{backend}: token in audit"
        );
    }
}

#[tokio::test]
async fn used_unknown_expired_and_mismatched_tokens_are_rejected() {
    for database in tongban_testkit::each_backend().await {
        let backend = database.backend_name();
        let store = Store::connect(database.url()).await.unwrap();
        let hub_key = SigningKey::generate();
        let node_key = SigningKey::generate();
        let token = issue(&store).await;

        let unknown = federation::enrol_node(
            &store,
            &request("no-such-token", &node_key),
            hub(&hub_key),
            Utc::now(),
        )
        .await;
        assert!(
            matches!(unknown, Err(FederationError::TokenUnknown)),
            "{backend}: {unknown:?}"
        );

        let mismatches = [
            ("node_id", {
                let mut wrong = request(&token, &node_key);
                wrong.node_id = "zj".to_owned();
                wrong
            }),
            ("kind", {
                let mut wrong = request(&token, &node_key);
                wrong.kind = "department".to_owned();
                wrong
            }),
            ("division_code", {
                let mut wrong = request(&token, &node_key);
                wrong.division_code = "330000".to_owned();
                wrong
            }),
        ];
        for (field, wrong) in mismatches {
            let result = federation::enrol_node(&store, &wrong, hub(&hub_key), Utc::now()).await;
            assert!(
                matches!(result, Err(FederationError::TokenMismatch { field: f, .. }) if f == field),
                "{backend}: {field}: {result:?}"
            );
        }
        assert_eq!(node_count(&store).await, 0, "{backend}: nothing registered");
        assert!(
            oidc_clients::authenticate_client(&store, "zj", "x")
                .await
                .unwrap()
                .is_none()
        );

        let expired = federation::enrol_node(
            &store,
            &request(&token, &node_key),
            hub(&hub_key),
            Utc::now() + TimeDelta::days(2),
        )
        .await;
        assert!(
            matches!(expired, Err(FederationError::TokenExpired { .. })),
            "{backend}: {expired:?}"
        );
        assert_eq!(node_count(&store).await, 0, "{backend}: nothing registered");

        // A mismatch leaves the token usable, so the node's operator can fix the configuration.
        federation::enrol_node(
            &store,
            &request(&token, &node_key),
            hub(&hub_key),
            Utc::now(),
        )
        .await
        .unwrap();
        let reused = federation::enrol_node(
            &store,
            &request(&token, &node_key),
            hub(&hub_key),
            Utc::now(),
        )
        .await;
        assert!(
            matches!(reused, Err(FederationError::TokenUsed)),
            "{backend}: {reused:?}"
        );
        let message = reused.unwrap_err().message();
        assert!(
            message.render(tongban_i18n::Lang::ZhCn).contains("已"),
            "{backend}"
        );
    }
}

#[tokio::test]
async fn concurrent_uses_of_one_token_enrol_once() {
    for database in tongban_testkit::each_backend().await {
        let backend = database.backend_name();
        let store = Store::connect(database.url()).await.unwrap();
        let hub_key = SigningKey::generate();
        let token = issue(&store).await;

        let attempts: Vec<_> = (0..8)
            .map(|_| {
                let store = store.clone();
                let hub_key = hub_key.clone();
                let request = request(&token, &SigningKey::generate());
                tokio::spawn(async move {
                    federation::enrol_node(&store, &request, hub(&hub_key), Utc::now()).await
                })
            })
            .collect();
        let mut enrolled = 0;
        let mut used = 0;
        for attempt in attempts {
            match attempt.await.unwrap() {
                Ok(_) => enrolled += 1,
                Err(FederationError::TokenUsed) => used += 1,
                Err(other) => panic!("{backend}: unexpected {other:?}"),
            }
        }
        assert_eq!((enrolled, used), (1, 7), "{backend}");
        let entries = federation::list_nodes(&store).await.unwrap();
        assert_eq!(entries[0].keys.len(), 1, "{backend}: one key registered");
    }
}

#[tokio::test]
async fn invalid_fields_are_named() {
    let database = tongban_testkit::TestDatabase::sqlite();
    let store = Store::connect(database.url()).await.unwrap();
    let hub_key = SigningKey::generate();
    let token = issue(&store).await;

    let mut bad = request(&token, &SigningKey::generate());
    bad.endpoint = "http://gd.example.gov.cn/".to_owned();
    bad.public_key = bad.public_key.to_uppercase();
    bad.kind = "province".to_owned();
    let Err(FederationError::Invalid(errors)) =
        federation::enrol_node(&store, &bad, hub(&hub_key), Utc::now()).await
    else {
        panic!("invalid fields accepted");
    };
    for field in ["endpoint", "public_key", "kind"] {
        assert!(errors.get(field).is_some(), "{field}: {errors}");
    }
    assert!(errors.get("node_id").is_none(), "{errors}");

    let mut bad_issue = guangdong();
    bad_issue.node_id = "GD".to_owned();
    bad_issue.division_code = "100000".to_owned();
    bad_issue.name_en = " ".to_owned();
    let Err(FederationError::Invalid(errors)) =
        federation::issue_enrolment_token(&store, bad_issue, Duration::ZERO, "test").await
    else {
        panic!("invalid token request accepted");
    };
    for field in ["node_id", "division_code", "name_en", "ttl"] {
        assert!(errors.get(field).is_some(), "{field}: {errors}");
    }
    assert_eq!(node_count(&store).await, 0);
}

#[tokio::test]
async fn key_of_another_node_is_rejected() {
    let database = tongban_testkit::TestDatabase::sqlite();
    let store = Store::connect(database.url()).await.unwrap();
    let hub_key = SigningKey::generate();
    let shared_key = SigningKey::generate();
    let token = issue(&store).await;
    federation::enrol_node(
        &store,
        &request(&token, &shared_key),
        hub(&hub_key),
        Utc::now(),
    )
    .await
    .unwrap();

    let zhejiang = NewEnrolment {
        node_id: "zj".to_owned(),
        division_code: "330000".to_owned(),
        ..guangdong()
    };
    let token = federation::issue_enrolment_token(&store, zhejiang, DAY, "test")
        .await
        .unwrap()
        .token;
    let mut copy = request(&token, &shared_key);
    copy.node_id = "zj".to_owned();
    copy.division_code = "330000".to_owned();
    let result = federation::enrol_node(&store, &copy, hub(&hub_key), Utc::now()).await;
    assert!(
        matches!(&result, Err(FederationError::KeyInUse { owner, .. }) if owner == "gd"),
        "{result:?}"
    );
    assert_eq!(node_count(&store).await, 1);
}

#[tokio::test]
async fn re_enrolment_replaces_key_and_secret() {
    let database = tongban_testkit::TestDatabase::sqlite();
    let store = Store::connect(database.url()).await.unwrap();
    let hub_key = SigningKey::generate();
    let old_key = SigningKey::generate();
    let new_key = SigningKey::generate();

    let token = issue(&store).await;
    let first = federation::enrol_node(
        &store,
        &request(&token, &old_key),
        hub(&hub_key),
        Utc::now(),
    )
    .await
    .unwrap();
    let token = issue(&store).await;
    let second = federation::enrol_node(
        &store,
        &request(&token, &new_key),
        hub(&hub_key),
        Utc::now(),
    )
    .await
    .unwrap();

    assert!(
        oidc_clients::authenticate_client(&store, "gd", &first.client_secret)
            .await
            .unwrap()
            .is_none()
    );
    assert!(
        oidc_clients::authenticate_client(&store, "gd", &second.client_secret)
            .await
            .unwrap()
            .is_some()
    );
    let entry = federation::list_nodes(&store).await.unwrap().remove(0);
    let old = entry
        .keys
        .iter()
        .find(|key| key.key_id == old_key.key_id().as_str())
        .unwrap();
    assert!(old.valid_until.is_some(), "the old key is retired");
    let signed = federation::current_trust_list(&store, &hub_key, "hub", DAY, Utc::now())
        .await
        .unwrap();
    assert!(!signed.document.contains(old_key.key_id().as_str()));
    assert!(signed.document.contains(new_key.key_id().as_str()));
}

#[tokio::test]
async fn revocation_ends_listing_client_and_tokens() {
    for database in tongban_testkit::each_backend().await {
        let backend = database.backend_name();
        let store = Store::connect(database.url()).await.unwrap();
        let hub_key = SigningKey::generate();
        let node_key = SigningKey::generate();
        let token = issue(&store).await;
        let grant = federation::enrol_node(
            &store,
            &request(&token, &node_key),
            hub(&hub_key),
            Utc::now(),
        )
        .await
        .unwrap();
        let before = federation::current_trust_list(&store, &hub_key, "hub", DAY, Utc::now())
            .await
            .unwrap();
        assert!(before.document.contains("\"gd\""), "{backend}");
        let unused = issue(&store).await;

        let revocation = federation::revoke_node(&store, "gd", "left the federation", "cli:op")
            .await
            .unwrap();
        assert_eq!(
            revocation,
            Revocation::Revoked {
                cancelled_tokens: 1
            },
            "{backend}"
        );

        let after = federation::current_trust_list(&store, &hub_key, "hub", DAY, Utc::now())
            .await
            .unwrap();
        assert_eq!(after.sequence, before.sequence + 1, "{backend}");
        assert!(!after.document.contains("\"gd\""), "{backend}");
        assert!(
            oidc_clients::authenticate_client(&store, "gd", &grant.client_secret)
                .await
                .unwrap()
                .is_none(),
            "{backend}: client revoked"
        );
        let reuse = federation::enrol_node(
            &store,
            &request(&unused, &node_key),
            hub(&hub_key),
            Utc::now(),
        )
        .await;
        assert!(
            matches!(reuse, Err(FederationError::TokenCancelled)),
            "{backend}: {reuse:?}"
        );
        let entry = federation::list_nodes(&store).await.unwrap().remove(0);
        assert_eq!(entry.node.status, NodeStatus::Revoked);
        assert_eq!(
            entry.node.revocation_reason.as_deref(),
            Some("left the federation")
        );

        assert_eq!(
            federation::revoke_node(&store, "gd", "again", "cli:op")
                .await
                .unwrap(),
            Revocation::AlreadyRevoked
        );
        assert!(matches!(
            federation::revoke_node(&store, "nobody", "x", "cli:op").await,
            Err(FederationError::NodeNotFound { .. })
        ));
        let events = audit::list_events(store.pool(), "node/gd", 10)
            .await
            .unwrap();
        assert_eq!(events[0].action, "federation.revoke_node", "{backend}");
        assert_eq!(events[0].actor, "cli:op");
        assert_eq!(events[0].reason.as_deref(), Some("left the federation"));
    }
}

#[tokio::test]
async fn trust_list_resigned_on_change_or_half_life() {
    for database in tongban_testkit::each_backend().await {
        let backend = database.backend_name();
        let store = Store::connect(database.url()).await.unwrap();
        let hub_key = SigningKey::generate();
        let now = Utc::now();

        let first = federation::current_trust_list(&store, &hub_key, "hub", DAY, now)
            .await
            .unwrap();
        assert_eq!(first.sequence, 1, "{backend}");
        let same = federation::current_trust_list(&store, &hub_key, "hub", DAY, now)
            .await
            .unwrap();
        assert_eq!(same, first, "{backend}: nothing changed");

        let token = issue(&store).await;
        federation::enrol_node(
            &store,
            &request(&token, &SigningKey::generate()),
            hub(&hub_key),
            now,
        )
        .await
        .unwrap();
        let changed = federation::current_trust_list(&store, &hub_key, "hub", DAY, now)
            .await
            .unwrap();
        assert_eq!(changed.sequence, 2, "{backend}: registry changed");

        let almost_half = changed.issued_at + TimeDelta::hours(12) - TimeDelta::seconds(1);
        let kept = federation::current_trust_list(&store, &hub_key, "hub", DAY, almost_half)
            .await
            .unwrap();
        assert_eq!(kept.sequence, 2, "{backend}");
        let half = changed.issued_at + TimeDelta::hours(12);
        let renewed = federation::current_trust_list(&store, &hub_key, "hub", DAY, half)
            .await
            .unwrap();
        assert_eq!(renewed.sequence, 3, "{backend}: half the validity passed");
        assert_eq!(renewed.valid_until, half + TimeDelta::days(1));

        let signed: SignedTrustList = serde_json::from_str(&renewed.document).unwrap();
        let list = signed.verify(hub_key.public_key()).unwrap();
        assert_eq!(list.sequence, 3);
        assert_eq!(list.issuer, "hub");
        assert_eq!(list.nodes.len(), 1);
        assert_eq!(list.nodes[0].names.zh_cn, "广东政务服务网");

        let other_key = SigningKey::generate();
        let foreign = federation::current_trust_list(&store, &other_key, "hub", DAY, half).await;
        assert!(
            matches!(foreign, Err(FederationError::HubKeyChanged { .. })),
            "{backend}: {foreign:?}"
        );
        assert!(
            federation::check_signing_key(&store, &other_key)
                .await
                .is_err()
        );
        federation::check_signing_key(&store, &hub_key)
            .await
            .unwrap();

        let events = audit::list_events(store.pool(), "trust_list/", 10)
            .await
            .unwrap();
        assert_eq!(events.len(), 3, "{backend}: one event per signed list");
    }
}

#[tokio::test]
async fn hub_instances_signing_at_once_share_one_list() {
    for database in tongban_testkit::each_backend().await {
        let backend = database.backend_name();
        let store = Store::connect(database.url()).await.unwrap();
        let second_instance = Store::connect(database.url()).await.unwrap();
        let hub_key = SigningKey::generate();
        let now = Utc::now();

        let (one, two) = tokio::join!(
            federation::current_trust_list(&store, &hub_key, "hub", DAY, now),
            federation::current_trust_list(&second_instance, &hub_key, "hub", DAY, now),
        );
        let (one, two) = (one.unwrap(), two.unwrap());
        assert_eq!(one.sequence, 1, "{backend}");
        assert_eq!(one, two, "{backend}: both serve the stored list");
    }
}

#[tokio::test]
async fn node_cache_accepts_newer_verified_lists_only() {
    for database in tongban_testkit::each_backend().await {
        let backend = database.backend_name();
        let hub_store = Store::connect(database.url()).await.unwrap();
        let node_database = tongban_testkit::TestDatabase::sqlite();
        let node_store = Store::connect(node_database.url()).await.unwrap();
        let hub_key = SigningKey::generate();
        let now = Utc::now();
        let token = issue(&hub_store).await;
        federation::enrol_node(
            &hub_store,
            &request(&token, &SigningKey::generate()),
            hub(&hub_key),
            now,
        )
        .await
        .unwrap();
        let first = federation::current_trust_list(&hub_store, &hub_key, "hub", DAY, now)
            .await
            .unwrap();
        let later = now + TimeDelta::hours(13);
        let second = federation::current_trust_list(&hub_store, &hub_key, "hub", DAY, later)
            .await
            .unwrap();
        assert_eq!(second.sequence, 2);

        let status = federation::trust_list_status(&node_store, now)
            .await
            .unwrap();
        assert_eq!(status, TrustListStatus::Missing);
        let public = hub_key.public_key();
        let stored = federation::accept_trust_list(&node_store, public, &second.document, later)
            .await
            .unwrap();
        assert!(
            matches!(stored, TrustListUpdate::Stored { sequence: 2, .. }),
            "{backend}"
        );
        let again = federation::accept_trust_list(&node_store, public, &second.document, later)
            .await
            .unwrap();
        assert_eq!(again, TrustListUpdate::Unchanged { sequence: 2 });
        let replay =
            federation::accept_trust_list(&node_store, public, &first.document, later).await;
        assert!(
            matches!(
                replay,
                Err(FederationError::TrustListStale {
                    received: 1,
                    cached: 2
                })
            ),
            "{backend}: {replay:?}"
        );

        let tampered = second.document.replace("广东", "广西");
        let rejected = federation::accept_trust_list(&node_store, public, &tampered, later).await;
        assert!(
            matches!(rejected, Err(FederationError::TrustList(_))),
            "{backend}: {rejected:?}"
        );
        let foreign = SigningKey::generate();
        let wrong_key = federation::accept_trust_list(
            &node_store,
            foreign.public_key(),
            &second.document,
            later,
        )
        .await;
        assert!(matches!(wrong_key, Err(FederationError::TrustList(_))));

        let node = federation::trusted_node(&node_store, "gd", later)
            .await
            .unwrap()
            .expect("gd is listed");
        assert_eq!(node.division_code, "440000");
        assert!(
            federation::trusted_node(&node_store, "zj", later)
                .await
                .unwrap()
                .is_none()
        );
        let end = second.valid_until;
        assert!(
            federation::trusted_node(&node_store, "gd", end - TimeDelta::milliseconds(1))
                .await
                .unwrap()
                .is_some()
        );
        assert!(
            federation::trusted_node(&node_store, "gd", end)
                .await
                .unwrap()
                .is_none(),
            "{backend}: an expired list is no list"
        );
        assert_eq!(
            federation::trust_list_status(&node_store, end)
                .await
                .unwrap(),
            TrustListStatus::Expired
        );
        let expired =
            federation::accept_trust_list(&node_store, public, &second.document, end).await;
        assert!(matches!(
            expired,
            Err(FederationError::TrustListExpired { .. })
        ));

        let events = audit::list_events(node_store.pool(), "trust_list/", 10)
            .await
            .unwrap();
        assert_eq!(events.len(), 1, "{backend}: one list accepted");
    }
}
