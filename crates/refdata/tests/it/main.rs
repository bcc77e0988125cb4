//! Integration tests of the reference data loaders against the real data sets.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test fails loudly where it stops"
)]

mod calendar;
mod catalog;
mod check;
mod vectors;

use tongban_refdata::ReferenceData;

/// The reference data directory the tests run against, found the way the binary finds it.
pub fn data() -> ReferenceData {
    ReferenceData::locate(None).expect("reference data directory (../shared/data) must exist")
}
