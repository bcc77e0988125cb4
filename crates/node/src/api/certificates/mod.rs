//! The certificate API: holders list, read and download their certificates, anyone verifies
//! a QR payload or document, and clerks revoke or cancel. One endpoint per module.

pub mod end;
pub mod json;
pub mod list;
pub mod pdf;
pub mod show;
pub mod verify;

/// Tag of the certificate endpoints in the OpenAPI document.
pub const CERTIFICATE_TAG: &str = "certificates";
