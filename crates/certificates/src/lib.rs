//! E-certificates (电子证照): the metadata a department's e-seal signs, the compact signed
//! payload of the QR code, verification against the hub's trust list without a network, and
//! the PDF a holder downloads.
//!
//! Nothing here reads a database or talks to a peer. The node issues and stores certificates
//! through `tongban-services`; the `tongban cert verify` command and the node's `/verify` page
//! call [`verify`] the same way.

pub mod document;
pub mod embedded;
pub mod font;
pub mod metadata;
pub mod pdf;
pub mod qr;
pub mod qr_code;
pub mod seal_book;
pub mod trust_file;
pub mod validity;
pub mod verify;

pub use document::{DOCUMENT_FORMAT, DocumentError, SignedCertificate};
pub use metadata::{CertificateMetadata, FaceField, HolderIdType};
pub use qr::{QrPayload, QrPayloadError};
pub use seal_book::{SealBook, SealEntry};
pub use verify::{Problem, Verified, verify_document, verify_qr};
