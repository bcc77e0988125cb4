//! E-seals (电子印章): a department's SM2 key, certified by the hub.
//!
//! A node asks for a seal certificate with a [`SignedSealRequest`], signed with the node's own
//! enrolled key. The hub answers with a [`SignedSealCertificate`]: the department, its credit
//! code, the seal's name and public key and the validity, signed with the hub key. Both travel
//! in the same shape as the trust list, `{"<content>": {…}, "key_id": "…", "signature": "…"}`,
//! with the signature over the canonical JSON (RFC 8785) of the content as received.

use std::fmt;

use chrono::{DateTime, Utc};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::signing::{KeyError, PublicKey, Signature, SignatureError, SigningKey};

/// OID of the signature algorithm SM2 with SM3 (SM2WithSM3, GM/T 0006), the algorithm of every
/// seal signature.
pub const SM2_WITH_SM3_OID: &str = "1.2.156.10197.1.501";

/// The content of a seal certificate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SealCertificate {
    /// Serial the hub gave the seal, unique at the hub.
    pub serial: String,
    /// Instance id of the hub that certified the seal.
    pub issuer: String,
    /// The node whose department holds the seal.
    pub node_id: String,
    /// Name of the department, such as 浙江省发展和改革委员会.
    pub department: String,
    /// Unified social credit code of the department (GB 32100).
    pub department_code: String,
    /// Name of the seal, such as 浙江省发展和改革委员会行政审批专用章.
    pub seal_name: String,
    /// The seal's SM2 public key, SEC1 uncompressed, lowercase hex.
    pub public_key: String,
    /// Id of that key.
    pub key_id: String,
    /// Signature algorithm, [`SM2_WITH_SM3_OID`].
    pub algorithm: String,
    /// From when the seal may sign.
    pub valid_from: DateTime<Utc>,
    /// Until when it may sign; a signature made at or after this instant is not the seal's.
    pub valid_until: DateTime<Utc>,
}

impl SealCertificate {
    /// Returns whether the seal may sign at `at`.
    pub fn is_valid_at(&self, at: DateTime<Utc>) -> bool {
        self.valid_from <= at && at < self.valid_until
    }

    /// Parses the public key.
    ///
    /// # Errors
    /// A [`KeyError`] when the text is not a valid SM2 public key.
    pub fn public_key(&self) -> Result<PublicKey, KeyError> {
        PublicKey::from_hex(&self.public_key)
    }
}

/// A revoked seal as the trust list names it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RevokedSeal {
    /// Serial of the seal.
    pub serial: String,
    /// When the hub revoked it. Signatures made before stay the seal's.
    pub revoked_at: DateTime<Utc>,
}

/// What a node asks the hub to certify.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SealRequest {
    /// The asking node.
    pub node_id: String,
    /// Name of the department.
    pub department: String,
    /// Its unified social credit code.
    pub department_code: String,
    /// Name of the seal.
    pub seal_name: String,
    /// The seal's SM2 public key, SEC1 uncompressed, lowercase hex.
    pub public_key: String,
    /// When the node signed the request.
    pub requested_at: DateTime<Utc>,
}

/// The reason a signed seal document was rejected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SealError {
    /// The document names another key than the one the receiver checks with.
    #[error("the document is signed with key {found:?}, but the expected key is {expected}")]
    UnknownKey {
        /// Id of the key the receiver checks with.
        expected: String,
        /// Id the document names.
        found: String,
    },
    /// The signature is malformed or does not match.
    #[error("the signature is invalid: {0}")]
    Signature(#[from] SignatureError),
    /// The signed content is not of the expected shape.
    #[error("the signed content is invalid: {0}")]
    Malformed(String),
}

/// A seal certificate with the hub's signature. `Debug` leaves out the signature.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignedSealCertificate {
    /// The certificate, kept as received so the signature covers exactly what was signed.
    pub certificate: serde_json::Value,
    /// Id of the hub key that signed it.
    pub key_id: String,
    /// SM2 signature over the canonical JSON of `certificate`, unpadded base64url.
    pub signature: String,
}

impl SignedSealCertificate {
    /// Signs `certificate` with the hub's `key`.
    ///
    /// # Errors
    /// [`SealError::Malformed`] when it cannot be written as JSON.
    pub fn sign(
        certificate: &SealCertificate,
        key: &SigningKey,
    ) -> Result<SignedSealCertificate, SealError> {
        let (value, key_id, signature) = sign_content(certificate, key)?;
        Ok(SignedSealCertificate {
            certificate: value,
            key_id,
            signature,
        })
    }

    /// Checks the hub's signature, then reads the certificate.
    ///
    /// # Errors
    /// [`SealError::UnknownKey`], [`SealError::Signature`] or [`SealError::Malformed`].
    pub fn verify(&self, hub_key: &PublicKey) -> Result<SealCertificate, SealError> {
        verify_content(&self.certificate, &self.key_id, &self.signature, hub_key)
    }

    /// Returns the serial as the content states it, before any check.
    pub fn unverified_serial(&self) -> Option<&str> {
        self.certificate
            .get("serial")
            .and_then(serde_json::Value::as_str)
    }
}

impl fmt::Debug for SignedSealCertificate {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter
            .debug_struct("SignedSealCertificate")
            .field("serial", &self.unverified_serial())
            .field("key_id", &self.key_id)
            .finish_non_exhaustive()
    }
}

/// A seal request with the node's signature. `Debug` leaves out the signature.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignedSealRequest {
    /// The request, kept as received.
    pub request: serde_json::Value,
    /// Id of the node key that signed it.
    pub key_id: String,
    /// SM2 signature over the canonical JSON of `request`, unpadded base64url.
    pub signature: String,
}

impl SignedSealRequest {
    /// Signs `request` with the node's enrolled `key`.
    ///
    /// # Errors
    /// [`SealError::Malformed`] when it cannot be written as JSON.
    pub fn sign(request: &SealRequest, key: &SigningKey) -> Result<SignedSealRequest, SealError> {
        let (value, key_id, signature) = sign_content(request, key)?;
        Ok(SignedSealRequest {
            request: value,
            key_id,
            signature,
        })
    }

    /// Returns the node id as the request states it, to look up the key to check it with.
    pub fn unverified_node_id(&self) -> Option<&str> {
        self.request
            .get("node_id")
            .and_then(serde_json::Value::as_str)
    }

    /// Checks the node's signature, then reads the request.
    ///
    /// # Errors
    /// [`SealError::UnknownKey`], [`SealError::Signature`] or [`SealError::Malformed`].
    pub fn verify(&self, node_key: &PublicKey) -> Result<SealRequest, SealError> {
        verify_content(&self.request, &self.key_id, &self.signature, node_key)
    }
}

impl fmt::Debug for SignedSealRequest {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter
            .debug_struct("SignedSealRequest")
            .field("node_id", &self.unverified_node_id())
            .field("key_id", &self.key_id)
            .finish_non_exhaustive()
    }
}

fn sign_content<T: Serialize>(
    content: &T,
    key: &SigningKey,
) -> Result<(serde_json::Value, String, String), SealError> {
    let value =
        serde_json::to_value(content).map_err(|error| SealError::Malformed(error.to_string()))?;
    let signature = crate::signing::sign_json(key, &value)?;
    Ok((value, key.key_id().to_string(), signature.to_base64url()))
}

fn verify_content<T: DeserializeOwned>(
    content: &serde_json::Value,
    key_id: &str,
    signature: &str,
    key: &PublicKey,
) -> Result<T, SealError> {
    if key_id != key.key_id().as_str() {
        return Err(SealError::UnknownKey {
            expected: key.key_id().to_string(),
            found: key_id.to_owned(),
        });
    }
    let signature = Signature::from_base64url(signature)?;
    crate::signing::verify_json(key, content, &signature)?;
    serde_json::from_value(content.clone()).map_err(|error| SealError::Malformed(error.to_string()))
}

#[cfg(test)]
mod tests {
    use chrono::TimeDelta;

    use super::*;

    fn certificate(seal: &SigningKey, now: DateTime<Utc>) -> SealCertificate {
        SealCertificate {
            serial: "0123456789ABCDEF".to_owned(),
            issuer: "hub".to_owned(),
            node_id: "zj".to_owned(),
            department: "浙江省发展和改革委员会".to_owned(),
            department_code: "11330000002482052K".to_owned(),
            seal_name: "浙江省发展和改革委员会行政审批专用章".to_owned(),
            public_key: seal.public_key().to_hex(),
            key_id: seal.key_id().to_string(),
            algorithm: SM2_WITH_SM3_OID.to_owned(),
            valid_from: now,
            valid_until: now + TimeDelta::days(365),
        }
    }

    #[test]
    fn certificate_verifies_after_transport() {
        let hub = SigningKey::generate();
        let seal = SigningKey::generate();
        let content = certificate(&seal, Utc::now());
        let signed = SignedSealCertificate::sign(&content, &hub).unwrap();
        let text = serde_json::to_string(&signed).unwrap();
        let received: SignedSealCertificate = serde_json::from_str(&text).unwrap();
        assert_eq!(received.verify(hub.public_key()).unwrap(), content);
        assert_eq!(received.unverified_serial(), Some("0123456789ABCDEF"));
    }

    #[test]
    fn changed_certificate_is_rejected() {
        let hub = SigningKey::generate();
        let seal = SigningKey::generate();
        let mut signed =
            SignedSealCertificate::sign(&certificate(&seal, Utc::now()), &hub).unwrap();
        signed.certificate["department_code"] = "91350200776049653A".into();
        assert!(matches!(
            signed.verify(hub.public_key()),
            Err(SealError::Signature(SignatureError::Mismatch))
        ));
    }

    #[test]
    fn request_needs_the_node_key() {
        let node = SigningKey::generate();
        let other = SigningKey::generate();
        let request = SealRequest {
            node_id: "zj".to_owned(),
            department: "浙江省体育局".to_owned(),
            department_code: "11330000002482052K".to_owned(),
            seal_name: "浙江省体育局行政审批专用章".to_owned(),
            public_key: SigningKey::generate().public_key().to_hex(),
            requested_at: Utc::now(),
        };
        let signed = SignedSealRequest::sign(&request, &node).unwrap();
        assert_eq!(signed.unverified_node_id(), Some("zj"));
        assert_eq!(signed.verify(node.public_key()).unwrap(), request);
        assert!(matches!(
            signed.verify(other.public_key()),
            Err(SealError::UnknownKey { .. })
        ));
    }

    #[test]
    fn validity_is_half_open() {
        let now = Utc::now();
        let content = certificate(&SigningKey::generate(), now);
        assert!(content.is_valid_at(now));
        assert!(!content.is_valid_at(now - TimeDelta::seconds(1)));
        assert!(!content.is_valid_at(content.valid_until));
    }

    #[test]
    fn debug_leaves_out_signatures() {
        let hub = SigningKey::generate();
        let signed =
            SignedSealCertificate::sign(&certificate(&SigningKey::generate(), Utc::now()), &hub)
                .unwrap();
        let printed = format!("{signed:?}");
        assert!(!printed.contains(&signed.signature), "{printed}");
    }
}
