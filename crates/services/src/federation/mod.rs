//! The federation: nodes enrolling at the hub, the hub's registry of nodes, and the trust list
//! the hub signs and every node keeps.
//!
//! Hub side: an operator issues a one-time enrolment token ([`issue_enrolment_token`]). The
//! node presents it with its SM2 public key ([`enrol_node`]) and becomes an OIDC client of the
//! hub. The hub publishes the active nodes as a signed trust list ([`current_trust_list`]),
//! and an operator can revoke a node ([`revoke_node`]).
//!
//! Node side: the node stores its enrolment ([`record_enrolment`]), verifies and caches
//! fetched trust lists ([`accept_trust_list`]) and looks peers up in the cached list
//! ([`trusted_node`]).

mod checks;
mod enrol;
mod error;
mod publish;
mod registry;
mod seals;
mod tokens;
mod trust_cache;

use chrono::{DateTime, SubsecRound, Utc};

pub use checks::{ENDPOINT_MAX_CHARS, NAME_MAX_CHARS};
pub use enrol::{EnrolmentGrant, EnrolmentRequest, Hub, enrol_node, record_enrolment};
pub use error::FederationError;
pub use publish::{check_signing_key, current_trust_list};
pub use registry::{NodeEntry, Revocation, list_nodes, revoke_node};
pub use seals::{SealAuthority, SealRevocationOutcome, certify_seal, list_seals, revoke_seal};
pub use tokens::{IssuedToken, NewEnrolment, issue_enrolment_token};
pub use trust_cache::{
    TrustListStatus, TrustListUpdate, accept_trust_list, cached_trust_list, trust_list_status,
    trusted_node,
};

/// Drops the precision below a millisecond, which the database does not keep, so a value
/// stored and a value returned by the same use case are equal.
fn now_millis(now: DateTime<Utc>) -> DateTime<Utc> {
    now.trunc_subsecs(3)
}
