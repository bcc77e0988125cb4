//! Online verification at a node: the offline checks against the node's cached trust list,
//! then the status the issuing node's clerks set, for the certificates this node issued.

use chrono::{DateTime, Utc};
use tongban_certificates::{
    Problem, SealBook, SignedCertificate, Verified, verify_document, verify_qr,
};
use tongban_crypto::PublicKey;
use tongban_store::Store;
use tongban_store::certificates::{self as stored, CertificateStatus, StoredCertificate};

use super::CertificateError;

/// The outcome of verifying at a node.
#[derive(Debug, Clone)]
pub enum NodeVerification {
    /// The signature, seal and validity checks passed and the issuer has not ended it, as far
    /// as this node knows.
    Valid {
        /// The facts the checks established.
        verified: Box<Verified>,
        /// Whether this node issued the certificate and so stores its current status.
        issued_here: bool,
    },
    /// The issuer revoked or cancelled the certificate.
    Ended {
        /// The facts the checks established.
        verified: Box<Verified>,
        /// The certificate as stored, with its status, reason and time.
        certificate: Box<StoredCertificate>,
    },
    /// A check failed.
    Invalid(Problem),
}

impl NodeVerification {
    /// Returns the stable code: `valid`, `revoked`, `cancelled`, or the problem's code.
    pub fn code(&self) -> &'static str {
        match self {
            NodeVerification::Valid { .. } => "valid",
            NodeVerification::Ended { certificate, .. } => certificate.status.as_str(),
            NodeVerification::Invalid(problem) => problem.code(),
        }
    }
}

/// Builds the seal book of the node's cached trust list, checked with the hub key of the
/// node's enrolment.
///
/// # Errors
/// [`CertificateError::NoTrustList`] when the node is not enrolled or has no valid list,
/// [`CertificateError::Invalid`] for a stored list or key that cannot be read, and
/// [`CertificateError::Store`] when the database fails.
pub async fn node_seal_book(
    store: &Store,
    now: DateTime<Utc>,
) -> Result<SealBook, CertificateError> {
    let enrolment = tongban_store::enrolment::load_enrolment(store.pool())
        .await?
        .ok_or(CertificateError::NoTrustList)?;
    let hub_key = PublicKey::from_hex(&enrolment.hub_public_key).map_err(|error| {
        CertificateError::Invalid {
            what: "hub key",
            detail: error.to_string(),
        }
    })?;
    let list = crate::federation::cached_trust_list(store, now)
        .await
        .map_err(|error| CertificateError::Invalid {
            what: "cached trust list",
            detail: error.to_string(),
        })?
        .ok_or(CertificateError::NoTrustList)?;
    Ok(SealBook::from_trust_list(&list, &hub_key))
}

/// Verifies `input`, a QR payload or a certificate document (JSON), at `now`.
///
/// # Errors
/// As [`node_seal_book`]; a certificate that fails a check is [`NodeVerification::Invalid`],
/// not an error.
pub async fn verify_at_node(
    store: &Store,
    input: &str,
    now: DateTime<Utc>,
) -> Result<NodeVerification, CertificateError> {
    let book = node_seal_book(store, now).await?;
    let input = input.trim();
    let checked = if input.starts_with('{') {
        match SignedCertificate::from_json(input) {
            Ok(document) => verify_document(&book, &document, now),
            Err(error) => Err(Problem::Malformed {
                detail: error.to_string(),
            }),
        }
    } else {
        verify_qr(&book, input, now)
    };
    let verified = match checked {
        Ok(verified) => verified,
        Err(problem) => return Ok(NodeVerification::Invalid(problem)),
    };

    // The document's digest must be the one this node stored, or a certificate that a
    // compromised seal signed again under the same identifier would pass as the stored one.
    let local = stored::find_certificate(store.pool(), &verified.id).await?;
    let Some(certificate) = local else {
        // NOTE: a certificate of another node is checked as offline; its issuer's status is
        // in the hub's index, which the hub's /api/certificates/verify consults.
        return Ok(NodeVerification::Valid {
            verified: Box::new(verified),
            issued_here: false,
        });
    };
    let stored_digest = SignedCertificate::from_json(&certificate.document)
        .and_then(|document| document.canonical_metadata())
        .map(|canonical| tongban_crypto::sm3_digest(&canonical))
        .map_err(|error| CertificateError::Invalid {
            what: "stored certificate",
            detail: error.to_string(),
        })?;
    if stored_digest != verified.metadata_digest {
        return Ok(NodeVerification::Invalid(Problem::Tampered));
    }
    if certificate.status == CertificateStatus::Valid {
        Ok(NodeVerification::Valid {
            verified: Box::new(verified),
            issued_here: true,
        })
    } else {
        Ok(NodeVerification::Ended {
            verified: Box::new(verified),
            certificate: Box::new(certificate),
        })
    }
}
