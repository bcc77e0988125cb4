//! E-seals and e-certificates: the hub certifying and revoking seals, issuing on approval,
//! verification online at the node and offline against a saved trust list, revocation by
//! clerks.

mod hub_seals;
mod issue;
mod revocation;
mod support;
mod tampering;
mod validity;
