//! E-certificates and e-seals of a node and the hub.

mod list_checks;

pub use list_checks::{check_certificate_type, check_seal_names};
