//! The trust list: the nodes of the federation, their endpoints and signing keys, and the
//! certificates and revocations of the departments' e-seals, as the hub publishes them under
//! its SM2 signature.
//!
//! On the wire the list travels in an envelope `{"list": {…}, "key_id": "…", "signature": "…"}`
//! whose signature covers the canonical JSON (RFC 8785) of `list`. A receiver verifies the
//! envelope before it reads a single field of the list.

use std::fmt;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::seal::{RevokedSeal, SignedSealCertificate};
use crate::signing::{KeyError, PublicKey, Signature, SignatureError, SigningKey};

/// The content of a trust list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrustList {
    /// Instance id of the hub that issued the list, such as `hub`.
    pub issuer: String,
    /// Number of the list. Each list the hub signs has a higher number than the one before, so
    /// a receiver can reject an older list replayed to it.
    pub sequence: u64,
    /// When the hub signed the list.
    pub issued_at: DateTime<Utc>,
    /// When the list stops being valid: a receiver treats it as no list from then on.
    pub valid_until: DateTime<Utc>,
    /// The active nodes. Revoked nodes are absent.
    pub nodes: Vec<TrustedNode>,
    /// Every e-seal certificate the hub issued, revoked and expired ones included, because a
    /// certificate sealed while its seal was valid stays verifiable. Lists without seals leave
    /// the field out, so they read exactly as lists from before seals existed.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub seals: Vec<SignedSealCertificate>,
    /// The revoked seals with the instant of revocation.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub revoked_seals: Vec<RevokedSeal>,
}

impl TrustList {
    /// Returns the node `id`, if the list has it.
    pub fn node(&self, id: &str) -> Option<&TrustedNode> {
        self.nodes.iter().find(|node| node.id == id)
    }

    /// Returns the certificate of seal `serial`, as signed by the hub, if the list has it.
    pub fn seal(&self, serial: &str) -> Option<&SignedSealCertificate> {
        self.seals
            .iter()
            .find(|seal| seal.unverified_serial() == Some(serial))
    }

    /// Returns when seal `serial` was revoked, if the list says it was.
    pub fn seal_revoked_at(&self, serial: &str) -> Option<DateTime<Utc>> {
        self.revoked_seals
            .iter()
            .filter(|revoked| revoked.serial == serial)
            .map(|revoked| revoked.revoked_at)
            .min()
    }

    /// Returns whether the list is valid at `at`: not after `valid_until`.
    pub fn is_valid_at(&self, at: DateTime<Utc>) -> bool {
        at < self.valid_until
    }
}

/// A node as the trust list describes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrustedNode {
    /// Node id, such as `gd`.
    pub id: String,
    /// `region` or `department`. Kept as text so a list naming a kind that a later version
    /// adds can still be read.
    pub kind: String,
    /// GB/T 2260 division code of the region, or `100000` for a State Council department.
    pub division_code: String,
    /// Name of the node's portal.
    pub names: NodeNames,
    /// URL the node is reached at, without a trailing slash.
    pub endpoint: String,
    /// Keys the node signs with.
    pub keys: Vec<TrustedKey>,
}

impl TrustedNode {
    /// Returns the key `key_id` if it is valid at `at`.
    pub fn key_at(&self, key_id: &str, at: DateTime<Utc>) -> Option<&TrustedKey> {
        self.keys
            .iter()
            .find(|key| key.key_id == key_id && key.is_valid_at(at))
    }
}

/// The names of a node's portal in both languages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NodeNames {
    /// In Simplified Chinese.
    #[serde(rename = "zh-CN")]
    pub zh_cn: String,
    /// In English.
    pub en: String,
}

/// A node's signing key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrustedKey {
    /// The key id, as [`PublicKey::key_id`] computes it.
    pub key_id: String,
    /// The SM2 public key, SEC1 uncompressed, in lowercase hex.
    pub public_key: String,
    /// From when signatures by this key are accepted.
    pub valid_from: DateTime<Utc>,
    /// Until when they are accepted; `None` while the key is current.
    pub valid_until: Option<DateTime<Utc>>,
}

impl TrustedKey {
    /// Returns whether the key is valid at `at`.
    pub fn is_valid_at(&self, at: DateTime<Utc>) -> bool {
        self.valid_from <= at && self.valid_until.is_none_or(|until| at < until)
    }

    /// Parses the public key.
    ///
    /// # Errors
    /// A [`KeyError`] when the text is not a valid SM2 public key.
    pub fn public_key(&self) -> Result<PublicKey, KeyError> {
        PublicKey::from_hex(&self.public_key)
    }
}

/// A trust list with the hub's signature, as it travels and as nodes keep it.
///
/// `list` is kept as received, so the signature check covers exactly what was signed, fields
/// unknown to this version included. `Debug` leaves out the signature.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
pub struct SignedTrustList {
    /// The list.
    pub list: serde_json::Value,
    /// Id of the hub key that signed it.
    pub key_id: String,
    /// SM2 signature over the canonical JSON of `list`, unpadded base64url of `r ‖ s`.
    pub signature: String,
}

/// The reason a signed trust list was rejected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum TrustListError {
    /// The envelope names another key than the hub key the receiver holds.
    #[error("the trust list is signed with key {found:?}, but the hub's key is {expected}")]
    UnknownKey {
        /// Id of the hub key the receiver holds.
        expected: String,
        /// Id the envelope names.
        found: String,
    },
    /// The signature is malformed or does not match.
    #[error("the trust list signature is invalid: {0}")]
    Signature(#[from] SignatureError),
    /// The signed list is not a trust list.
    #[error("the signed trust list is invalid: {0}")]
    Malformed(String),
}

impl SignedTrustList {
    /// Signs `list` with the hub's `key`.
    ///
    /// # Errors
    /// [`TrustListError::Malformed`] when the list cannot be written as JSON, which a list
    /// built by this crate never causes.
    pub fn sign(list: &TrustList, key: &SigningKey) -> Result<SignedTrustList, TrustListError> {
        let value = serde_json::to_value(list)
            .map_err(|error| TrustListError::Malformed(error.to_string()))?;
        let signature = crate::signing::sign_json(key, &value)?;
        Ok(SignedTrustList {
            list: value,
            key_id: key.key_id().to_string(),
            signature: signature.to_base64url(),
        })
    }

    /// Checks the signature against the hub's key, then reads the list.
    ///
    /// # Errors
    /// [`TrustListError::UnknownKey`] when the envelope names another key,
    /// [`TrustListError::Signature`] when the signature is malformed or does not match, and
    /// [`TrustListError::Malformed`] when the signed content is not a trust list or ends
    /// before it starts.
    pub fn verify(&self, hub_key: &PublicKey) -> Result<TrustList, TrustListError> {
        if self.key_id != hub_key.key_id().as_str() {
            return Err(TrustListError::UnknownKey {
                expected: hub_key.key_id().to_string(),
                found: self.key_id.clone(),
            });
        }
        let signature = Signature::from_base64url(&self.signature)?;
        crate::signing::verify_json(hub_key, &self.list, &signature)?;

        let list: TrustList = serde_json::from_value(self.list.clone())
            .map_err(|error| TrustListError::Malformed(error.to_string()))?;
        if list.valid_until <= list.issued_at {
            return Err(TrustListError::Malformed(
                "valid_until is not after issued_at".to_owned(),
            ));
        }
        Ok(list)
    }
}

impl fmt::Debug for SignedTrustList {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter
            .debug_struct("SignedTrustList")
            .field("sequence", &self.list.get("sequence"))
            .field("key_id", &self.key_id)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeDelta;

    use super::*;

    fn sample(now: DateTime<Utc>) -> TrustList {
        TrustList {
            issuer: "hub".to_owned(),
            sequence: 5,
            issued_at: now,
            valid_until: now + TimeDelta::hours(24),
            nodes: vec![TrustedNode {
                id: "gd".to_owned(),
                kind: "region".to_owned(),
                division_code: "440000".to_owned(),
                names: NodeNames {
                    zh_cn: "广东政务服务网".to_owned(),
                    en: "Guangdong Government Services".to_owned(),
                },
                endpoint: "https://gd.example.gov.cn".to_owned(),
                keys: vec![TrustedKey {
                    key_id: "0123456789abcdef".to_owned(),
                    public_key: SigningKey::generate().public_key().to_hex(),
                    valid_from: now,
                    valid_until: None,
                }],
            }],
            seals: Vec::new(),
            revoked_seals: Vec::new(),
        }
    }

    #[test]
    fn signed_list_verifies_after_transport() {
        let hub = SigningKey::generate();
        let list = sample(Utc::now());
        let signed = SignedTrustList::sign(&list, &hub).unwrap();
        let text = serde_json::to_string_pretty(&signed).unwrap();
        let received: SignedTrustList = serde_json::from_str(&text).unwrap();
        assert_eq!(received.verify(hub.public_key()).unwrap(), list);
    }

    #[test]
    fn changed_list_is_rejected() {
        let hub = SigningKey::generate();
        let mut signed = SignedTrustList::sign(&sample(Utc::now()), &hub).unwrap();
        signed.list["nodes"][0]["endpoint"] = "https://evil.example".into();
        assert!(matches!(
            signed.verify(hub.public_key()),
            Err(TrustListError::Signature(SignatureError::Mismatch))
        ));
    }

    #[test]
    fn other_key_is_rejected() {
        let hub = SigningKey::generate();
        let impostor = SigningKey::generate();
        let signed = SignedTrustList::sign(&sample(Utc::now()), &impostor).unwrap();
        assert!(matches!(
            signed.verify(hub.public_key()),
            Err(TrustListError::UnknownKey { .. })
        ));

        // Naming the hub's key id does not help without the hub's private key.
        let mut relabelled = signed;
        relabelled.key_id = hub.key_id().to_string();
        assert!(matches!(
            relabelled.verify(hub.public_key()),
            Err(TrustListError::Signature(SignatureError::Mismatch))
        ));
    }

    #[test]
    fn list_that_ends_before_it_starts_is_rejected() {
        let hub = SigningKey::generate();
        let now = Utc::now();
        let mut list = sample(now);
        list.valid_until = now;
        let signed = SignedTrustList::sign(&list, &hub).unwrap();
        assert!(matches!(
            signed.verify(hub.public_key()),
            Err(TrustListError::Malformed(_))
        ));
    }

    #[test]
    fn key_validity_has_open_and_closed_ends() {
        let now = Utc::now();
        let mut key = sample(now).nodes[0].keys[0].clone();
        assert!(key.is_valid_at(now));
        assert!(!key.is_valid_at(now - TimeDelta::seconds(1)));
        key.valid_until = Some(now + TimeDelta::seconds(10));
        assert!(key.is_valid_at(now + TimeDelta::seconds(9)));
        assert!(!key.is_valid_at(now + TimeDelta::seconds(10)));
    }

    #[test]
    fn list_without_seals_reads_as_before() {
        let hub = SigningKey::generate();
        let signed = SignedTrustList::sign(&sample(Utc::now()), &hub).unwrap();
        assert!(signed.list.get("seals").is_none());
        assert!(signed.list.get("revoked_seals").is_none());
    }

    #[test]
    fn older_reader_ignores_seals() {
        // The fields a reader from before seals knows, and nothing else.
        #[derive(Deserialize)]
        struct OlderList {
            sequence: u64,
            nodes: Vec<TrustedNode>,
        }
        let hub = SigningKey::generate();
        let now = Utc::now();
        let mut list = sample(now);
        let seal = crate::seal::SealCertificate {
            serial: "S1".to_owned(),
            issuer: "hub".to_owned(),
            node_id: "gd".to_owned(),
            department: "广东省发展和改革委员会".to_owned(),
            department_code: "11440000006939846C".to_owned(),
            seal_name: "广东省发展和改革委员会行政审批专用章".to_owned(),
            public_key: SigningKey::generate().public_key().to_hex(),
            key_id: "0123456789abcdef".to_owned(),
            algorithm: crate::seal::SM2_WITH_SM3_OID.to_owned(),
            valid_from: now,
            valid_until: now + TimeDelta::days(1),
        };
        list.seals = vec![SignedSealCertificate::sign(&seal, &hub).unwrap()];
        list.revoked_seals = vec![RevokedSeal {
            serial: "S1".to_owned(),
            revoked_at: now,
        }];
        let signed = SignedTrustList::sign(&list, &hub).unwrap();
        let text = serde_json::to_string(&signed).unwrap();

        let received: SignedTrustList = serde_json::from_str(&text).unwrap();
        let verified = received.verify(hub.public_key()).unwrap();
        assert_eq!(verified.seal_revoked_at("S1"), Some(now));
        assert!(verified.seal("S1").is_some());
        let older: OlderList = serde_json::from_value(received.list).unwrap();
        assert_eq!(older.sequence, 5);
        assert_eq!(older.nodes.len(), 1);
    }

    #[test]
    fn debug_leaves_out_the_signature() {
        let hub = SigningKey::generate();
        let signed = SignedTrustList::sign(&sample(Utc::now()), &hub).unwrap();
        let printed = format!("{signed:?}");
        assert!(!printed.contains(&signed.signature), "{printed}");
        assert!(printed.contains(hub.key_id().as_str()), "{printed}");
    }
}
