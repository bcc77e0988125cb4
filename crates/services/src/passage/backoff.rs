//! Retry delays: exponential backoff with full jitter.

use std::time::Duration;

/// Returns the delay before the next attempt after `failures` failed attempts: a uniformly
/// random duration between zero and `base · 2^(failures − 1)`, capped at `cap` ("full
/// jitter"). Spreading retries over the whole range keeps senders that failed together, as
/// when the hub restarts, from retrying together.
pub fn retry_delay(failures: u32, base: Duration, cap: Duration) -> Duration {
    let exponent = failures.saturating_sub(1).min(31);
    let ceiling = base
        .checked_mul(1u32 << exponent)
        .map_or(cap, |delay| delay.min(cap));
    let ceiling_millis = u64::try_from(ceiling.as_millis()).unwrap_or(u64::MAX);
    if ceiling_millis == 0 {
        return Duration::ZERO;
    }
    Duration::from_millis(random_u64() % (ceiling_millis + 1))
}

fn random_u64() -> u64 {
    let mut bytes = [0u8; 8];
    // Jitter needs no secrecy: without the random source every delay is the ceiling.
    if getrandom::fill(&mut bytes).is_err() {
        return u64::MAX;
    }
    u64::from_le_bytes(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delays_grow_and_stay_under_the_cap() {
        let base = Duration::from_millis(100);
        let cap = Duration::from_secs(5);
        for failures in 1..=40 {
            let ceiling = (base * 2u32.saturating_pow(failures - 1)).min(cap);
            for _ in 0..50 {
                let delay = retry_delay(failures, base, cap);
                assert!(delay <= ceiling, "{failures}: {delay:?} > {ceiling:?}");
            }
        }
    }

    #[test]
    fn delays_are_spread() {
        let base = Duration::from_secs(1);
        let cap = Duration::from_secs(60);
        let delays: Vec<Duration> = (0..200).map(|_| retry_delay(6, base, cap)).collect();
        let below_half = delays
            .iter()
            .filter(|delay| **delay < Duration::from_secs(16))
            .count();
        // 32 s is the ceiling after 6 failures; about half the delays fall below 16 s.
        assert!(
            (50..150).contains(&below_half),
            "{below_half} of 200 below 16 s"
        );
    }
}
