//! The hub certifies a seal on a request signed by the node's key, revokes it, and publishes
//! both in its trust list.

use chrono::{TimeDelta, Utc};
use tongban_crypto::SigningKey;
use tongban_crypto::seal::{SealRequest, SignedSealRequest};
use tongban_services::federation::{self, FederationError, SealAuthority, SealRevocationOutcome};
use tongban_store::Store;
use tongban_store::nodes::{self, NodeKey, NodeStatus, RegisteredNode};

use super::support::DEPARTMENT_CODE;
use crate::support::divisions;

async fn register_node(store: &Store, key: &SigningKey) {
    let now = Utc::now();
    nodes::upsert_node(
        store.pool(),
        &RegisteredNode {
            node_id: "zj".to_owned(),
            kind: "region".to_owned(),
            division_code: "330000".to_owned(),
            name_zh: "浙江政务服务网".to_owned(),
            name_en: "Zhejiang Government Services".to_owned(),
            endpoint: "http://127.0.0.1:9".to_owned(),
            status: NodeStatus::Active,
            enrolled_at: now,
            updated_at: now,
            revoked_at: None,
            revocation_reason: None,
        },
    )
    .await
    .unwrap();
    nodes::upsert_key(
        store.pool(),
        &NodeKey {
            key_id: key.key_id().to_string(),
            node_id: "zj".to_owned(),
            public_key: key.public_key().to_hex(),
            valid_from: now,
            valid_until: None,
        },
    )
    .await
    .unwrap();
}

fn request(seal: &SigningKey) -> SealRequest {
    SealRequest {
        node_id: "zj".to_owned(),
        department: "浙江省发展和改革委员会（演示）".to_owned(),
        department_code: DEPARTMENT_CODE.to_owned(),
        seal_name: "浙江省发展和改革委员会（演示）行政审批专用章".to_owned(),
        public_key: seal.public_key().to_hex(),
        requested_at: Utc::now(),
    }
}

#[tokio::test]
async fn hub_certifies_revokes_and_publishes() {
    for database in tongban_testkit::each_backend().await {
        let backend = database.backend_name();
        let store = Store::connect(database.url()).await.unwrap();
        let hub = SigningKey::generate();
        let node_key = SigningKey::generate();
        register_node(&store, &node_key).await;
        let authority = SealAuthority {
            hub_id: "hub",
            signer: &hub,
            validity: TimeDelta::days(365),
            divisions: divisions(),
        };
        let seal = SigningKey::generate();

        // A request signed with another key than the node's is rejected.
        let forged = SignedSealRequest::sign(&request(&seal), &SigningKey::generate()).unwrap();
        let rejected = federation::certify_seal(&store, authority, &forged, Utc::now()).await;
        assert!(
            matches!(rejected, Err(FederationError::SignatureRejected { .. })),
            "{backend}: {rejected:?}"
        );
        // So is one signed long ago.
        let mut old = request(&seal);
        old.requested_at -= TimeDelta::hours(1);
        let old = SignedSealRequest::sign(&old, &node_key).unwrap();
        let rejected = federation::certify_seal(&store, authority, &old, Utc::now()).await;
        assert!(
            matches!(rejected, Err(FederationError::Invalid(_))),
            "{backend}"
        );
        // And one with a broken credit code.
        let mut broken = request(&seal);
        broken.department_code = "11330000MB0E00011A".to_owned();
        let broken = SignedSealRequest::sign(&broken, &node_key).unwrap();
        let rejected = federation::certify_seal(&store, authority, &broken, Utc::now()).await;
        assert!(
            matches!(rejected, Err(FederationError::Invalid(_))),
            "{backend}"
        );

        let signed = SignedSealRequest::sign(&request(&seal), &node_key).unwrap();
        let certificate = federation::certify_seal(&store, authority, &signed, Utc::now())
            .await
            .unwrap();
        let content = certificate.verify(hub.public_key()).unwrap();
        assert_eq!(content.department_code, DEPARTMENT_CODE);
        assert_eq!(content.key_id, seal.key_id().as_str());
        assert_eq!(
            content.valid_until - content.valid_from,
            TimeDelta::days(365)
        );
        // Asking again returns the same certificate.
        let again = federation::certify_seal(&store, authority, &signed, Utc::now())
            .await
            .unwrap();
        assert_eq!(again, certificate, "{backend}");

        let validity = std::time::Duration::from_secs(3600);
        let first = federation::current_trust_list(&store, &hub, "hub", validity, Utc::now())
            .await
            .unwrap();
        let listed: tongban_crypto::trust_list::SignedTrustList =
            serde_json::from_str(&first.document).unwrap();
        let list = listed.verify(hub.public_key()).unwrap();
        assert!(list.seal(&content.serial).is_some(), "{backend}");
        assert!(list.revoked_seals.is_empty());

        let revoked = federation::revoke_seal(
            &store,
            &content.serial,
            "印章密钥泄露",
            "cli:test",
            Utc::now(),
        )
        .await
        .unwrap();
        assert_eq!(revoked, SealRevocationOutcome::Revoked);
        let repeated = federation::revoke_seal(
            &store,
            &content.serial,
            "印章密钥泄露",
            "cli:test",
            Utc::now(),
        )
        .await
        .unwrap();
        assert_eq!(repeated, SealRevocationOutcome::AlreadyRevoked);
        let unknown =
            federation::revoke_seal(&store, "0000000000000000", "无", "cli:test", Utc::now()).await;
        assert!(
            matches!(unknown, Err(FederationError::SealNotFound { .. })),
            "{backend}"
        );

        // The revocation signs a new list at once.
        let second = federation::current_trust_list(&store, &hub, "hub", validity, Utc::now())
            .await
            .unwrap();
        assert_eq!(second.sequence, first.sequence + 1, "{backend}");
        let listed: tongban_crypto::trust_list::SignedTrustList =
            serde_json::from_str(&second.document).unwrap();
        let list = listed.verify(hub.public_key()).unwrap();
        assert!(list.seal_revoked_at(&content.serial).is_some(), "{backend}");
    }
}
