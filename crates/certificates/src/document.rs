//! The signed certificate document: the metadata as signed, the seal's signature over its
//! canonical JSON, and the signed QR payload. It is what the node stores, what the PDF carries
//! as an attachment, and what `tongban cert verify --json` reads.

use std::fmt;

use serde::{Deserialize, Serialize};
use tongban_crypto::{Signature, SigningKey};

use crate::metadata::CertificateMetadata;
use crate::qr::{QrPayload, QrPayloadError};

/// Value of the `format` field, which is written first so the document can be found inside a
/// PDF by its opening bytes.
pub const DOCUMENT_FORMAT: &str = "tongban-e-certificate/1";

/// Why a document could not be built or read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DocumentError {
    /// The text is not a certificate document of this format.
    #[error("not a tongban e-certificate document: {0}")]
    Malformed(String),
    /// The QR payload could not be built.
    #[error(transparent)]
    Qr(#[from] QrPayloadError),
}

/// A certificate with its seal signature. `Debug` leaves out the signature.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignedCertificate {
    /// [`DOCUMENT_FORMAT`].
    pub format: String,
    /// The metadata, kept as received so the signature covers exactly what was signed.
    pub metadata: serde_json::Value,
    /// The seal's SM2 signature over the canonical JSON of `metadata`, unpadded base64url.
    pub signature: String,
    /// The signed QR payload.
    pub qr_payload: String,
}

impl SignedCertificate {
    /// Signs `metadata` and its QR payload with the seal's `key`.
    ///
    /// # Errors
    /// [`DocumentError::Malformed`] when the metadata cannot be written as JSON, and
    /// [`DocumentError::Qr`] when a value cannot go into the QR payload.
    pub fn sign(
        metadata: &CertificateMetadata,
        key: &SigningKey,
    ) -> Result<SignedCertificate, DocumentError> {
        let value = serde_json::to_value(metadata)
            .map_err(|error| DocumentError::Malformed(error.to_string()))?;
        let canonical = tongban_crypto::canonical_json(&value)
            .map_err(|error| DocumentError::Malformed(error.to_string()))?;
        let signature = key.sign(&canonical);
        let payload = QrPayload::sign(metadata, tongban_crypto::sm3_digest(&canonical), key)?;
        Ok(SignedCertificate {
            format: DOCUMENT_FORMAT.to_owned(),
            metadata: value,
            signature: signature.to_base64url(),
            qr_payload: payload.to_text(),
        })
    }

    /// Reads a document from its JSON text.
    ///
    /// # Errors
    /// [`DocumentError::Malformed`] when it is not JSON of this shape and format.
    pub fn from_json(text: &str) -> Result<SignedCertificate, DocumentError> {
        let document: SignedCertificate = serde_json::from_str(text)
            .map_err(|error| DocumentError::Malformed(error.to_string()))?;
        if document.format != DOCUMENT_FORMAT {
            return Err(DocumentError::Malformed(format!(
                "format {:?}, expected {DOCUMENT_FORMAT}",
                document.format
            )));
        }
        Ok(document)
    }

    /// Returns the document as one line of JSON, `format` first.
    pub fn to_json(&self) -> String {
        // Serializing a struct of strings and a JSON value cannot fail.
        serde_json::to_string(self).unwrap_or_default()
    }

    /// Reads the metadata, without checking the signature.
    ///
    /// # Errors
    /// [`DocumentError::Malformed`] when the metadata lacks a field or has one of the wrong
    /// type.
    pub fn metadata(&self) -> Result<CertificateMetadata, DocumentError> {
        serde_json::from_value(self.metadata.clone())
            .map_err(|error| DocumentError::Malformed(format!("metadata: {error}")))
    }

    /// Returns the canonical JSON of the metadata, the bytes the signature covers.
    ///
    /// # Errors
    /// [`DocumentError::Malformed`] when it cannot be written, as for a non-finite number.
    pub fn canonical_metadata(&self) -> Result<Vec<u8>, DocumentError> {
        tongban_crypto::canonical_json(&self.metadata)
            .map_err(|error| DocumentError::Malformed(error.to_string()))
    }

    /// Reads the signature.
    ///
    /// # Errors
    /// [`DocumentError::Malformed`] when it is not 86 characters of canonical base64url.
    pub fn parsed_signature(&self) -> Result<Signature, DocumentError> {
        Signature::from_base64url(&self.signature)
            .map_err(|error| DocumentError::Malformed(error.to_string()))
    }
}

impl fmt::Debug for SignedCertificate {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter
            .debug_struct("SignedCertificate")
            .field("id", &self.metadata.get("id"))
            .finish_non_exhaustive()
    }
}
