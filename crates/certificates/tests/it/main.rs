//! The certificate PDF: rendered with the system's CJK font, read back by the tools people
//! use, and verified from its attachment.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test fails loudly where it stops"
)]

mod pdf;
