//! Use cases against real databases, on SQLite and PostgreSQL.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test fails loudly where it stops"
)]

mod accounts;
mod cases;
mod catalog_search;
mod certificates;
mod federation;
mod implementations;
mod legal_persons;
mod oidc_clients;
mod oidc_grants;
mod passage;
mod support;
