//! The node's side of the federation: enrolling with the hub on the first start, and keeping
//! a verified copy of the hub's trust list, fetched every `trust_list_refresh_seconds`, and
//! having the departments' e-seals certified by the hub on the same schedule.

mod client;
mod enrol;
mod health;
mod on_demand;
mod refresh;
mod seals;

pub use client::HubRejection;
pub use enrol::{EnrolError, enrol, enrol_at_start};
pub(crate) use health::healthz;
pub use on_demand::{OnDemandRefresh, verify_with_fresh_seals};
pub use refresh::{RefreshError, refresh_trust_list, spawn_trust_list_refresh};
pub use seals::{SealSyncError, certify_seals};
