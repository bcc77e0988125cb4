//! E-certificates and e-seals of a node: the departments' seal keys and their certificates
//! from the hub, issuing on approval, the holder's wallet, the clerks' revocation and
//! cancellation, and verification against the cached trust list.
//!
//! The hub's side of the seals (certifying and revoking them) is in
//! [`crate::federation`], next to the trust list that publishes them. The hub's certificate
//! index, fed through the passage, is in this module.

mod error;
mod index;
mod issue;
mod lend;
mod list_checks;
mod proof_checks;
mod records;
mod seals;
mod verification;

pub use error::CertificateError;
pub use index::{
    HubVerification, INDEX_TYPE, IndexHandler, IndexReport, list_indexed_certificates,
    report_to_hub, verify_at_hub,
};
pub use issue::{CertificateIssuer, PreparedCertificate, prepare_certificate};
pub use lend::{
    LEND_DOCUMENT_TYPE, LEND_REQUEST_TYPE, LendDocumentBody, LendDocumentHandler, LendRequestBody,
    LendRequestHandler, type_code_of,
};
pub use list_checks::{check_certificate_type, check_seal_names};
pub use proof_checks::check_material_proofs;
pub use records::{
    END_ROLE, end_certificate, find_clerk_certificate, find_holder_certificate,
    list_clerk_certificates, list_holder_certificates,
};
pub use seals::{
    PendingSeal, SEAL_KEY_DIR, load_seal_key, pending_seal_requests, prepare_department_seals,
    record_seal_certificate, seal_key_path,
};
pub use verification::{NodeVerification, node_seal_book, verify_at_node};
