//! Use cases against real databases, on SQLite and PostgreSQL.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test fails loudly where it stops"
)]

mod oidc_clients;
