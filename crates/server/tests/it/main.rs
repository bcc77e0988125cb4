//! Hubs and nodes started in-process and talking over HTTP on 127.0.0.1.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test fails loudly where it stops"
)]

mod cases;
mod data_sharing;
mod data_sharing_pages;
mod evaluation;
mod federation;
mod guides;
mod passage;
mod proxy;
mod round_robin;
mod single_sign_on;
mod support;
