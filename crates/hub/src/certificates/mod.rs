//! The hub's certificate index as verifiers and nodes read it: `POST /api/certificates/verify`
//! for anyone, and `GET /api/certificate-index` for a node that presents a person's access
//! token, for the wallets of every portal.

pub mod index_api;
pub mod verify;

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// Tag of the certificate endpoints in the OpenAPI document.
pub const CERTIFICATE_TAG: &str = "certificates";

/// A certificate in the hub's index.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct IndexedCertificateJson {
    /// 证照标识 (GB/T 36904).
    pub id: String,
    /// 证照名称.
    pub name: String,
    /// The issuing department.
    pub issuer: String,
    /// The issuing node's id.
    pub node_id: String,
    /// First day of validity, `YYYY-MM-DD` in Asia/Shanghai.
    pub valid_from: String,
    /// Last day, none for no end.
    pub valid_until: Option<String>,
    /// `valid`, `revoked` or `cancelled`.
    pub status: String,
    /// The reason for revoking or cancelling it.
    pub status_reason: Option<String>,
    /// The certificate's page at the issuing node, with its PDF and QR code.
    pub url: Option<String>,
}

/// The certificates of one person at every node.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct CertificateIndexJson {
    /// Newest first.
    pub certificates: Vec<IndexedCertificateJson>,
}
