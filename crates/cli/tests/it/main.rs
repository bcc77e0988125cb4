//! Tests of the `tongban` binary as operators and scripts run it.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test fails loudly where it stops"
)]

mod calendar;
mod cert;
mod data_sharing;
mod hub;
mod ids;
mod import;
mod passage_faults;
mod recompute;
mod schedule;
mod simulate;

use std::process::Output;

/// Runs the binary with `args`, in English unless the arguments say otherwise.
pub fn tongban(args: &[&str]) -> Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_tongban"))
        .args(args)
        .env("TONGBAN_LANG", "en")
        .env_remove("TONGBAN_DATABASE_URL")
        .output()
        .expect("the tongban binary runs")
}

/// Standard output parsed as one JSON object.
pub fn json_of(output: &Output) -> serde_json::Value {
    let text = String::from_utf8_lossy(&output.stdout);
    serde_json::from_str(&text).unwrap_or_else(|error| panic!("not JSON ({error}): {text}"))
}
