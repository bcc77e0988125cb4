//! Latency percentiles.

use std::time::Duration;

use serde_json::{Value, json};

/// Returns count, p50, p99 and max of `samples` in milliseconds, as JSON.
pub fn latency(samples: &mut [Duration]) -> Value {
    samples.sort_unstable();
    let at = |fraction: f64| -> f64 {
        if samples.is_empty() {
            return 0.0;
        }
        // Nearest rank: the smallest sample with at least `fraction` of the samples at or below it.
        let rank = ((fraction * samples.len() as f64).ceil() as usize).clamp(1, samples.len());
        round3(samples[rank - 1].as_secs_f64() * 1000.0)
    };
    json!({
        "count": samples.len(),
        "p50_ms": at(0.50),
        "p99_ms": at(0.99),
        "max_ms": at(1.0),
    })
}

/// Rounds to three decimals, which keeps the JSON line readable.
pub fn round3(value: f64) -> f64 {
    (value * 1000.0).round() / 1000.0
}
