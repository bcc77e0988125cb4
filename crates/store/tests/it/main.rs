//! Store tests. Every test runs against a fresh SQLite file and a fresh PostgreSQL database.

#![allow(
    clippy::expect_used,
    reason = "helpers shared by tests fail the test at the step that broke"
)]

mod accounts;
mod audit;
mod calendar;
mod case_index;
mod case_materials;
mod catalog;
mod certificate_loans;
mod connect;
mod crossing;
mod data_sharing;
mod evaluation;
mod federation;
mod implementations;
mod job_locks;
mod legal_persons;
mod login_throttle;
mod oidc_grants;
mod passage;
mod support;
