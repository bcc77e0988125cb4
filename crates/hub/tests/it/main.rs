//! The hub over real HTTP: registration, login and lockout, the account page, and the OpenID
//! Provider as relying parties use it. Every test runs on SQLite and PostgreSQL.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test fails loudly where it stops"
)]

mod account;
mod authorize;
mod id_tokens;
mod interop;
mod login;
mod logout;
mod register;
mod support;
mod token;
