//! Latency percentiles and the CPU time a process has used.

use std::time::Duration;

use anyhow::Context;
use serde::Serialize;

/// Clock ticks per second of `utime` and `stime` in `/proc/<pid>/stat`.
///
/// NOTE: this is Linux's USER_HZ, 100 on every mainstream architecture; the driver does not ask
/// `sysconf(_SC_CLK_TCK)` because it links no libc bindings.
const CLOCK_TICKS_PER_SECOND: f64 = 100.0;

/// Latency percentiles of one kind of request, in milliseconds.
#[derive(Debug, Clone, Serialize)]
pub struct Latency {
    /// Number of measured requests.
    pub count: usize,
    /// Arithmetic mean.
    pub mean_ms: f64,
    /// Median.
    pub p50_ms: f64,
    /// 90th percentile.
    pub p90_ms: f64,
    /// 99th percentile.
    pub p99_ms: f64,
    /// Slowest request.
    pub max_ms: f64,
}

impl Latency {
    /// Summarises `samples`; percentiles use the nearest-rank method.
    pub fn of(samples: &[Duration]) -> Latency {
        let mut sorted: Vec<f64> = samples
            .iter()
            .map(|sample| sample.as_secs_f64() * 1000.0)
            .collect();
        sorted.sort_by(f64::total_cmp);
        let rank = |fraction: f64| -> f64 {
            if sorted.is_empty() {
                return 0.0;
            }
            // Nearest rank: the smallest sample with at least `fraction` of all samples at or
            // below it.
            let position = (fraction * sorted.len() as f64).ceil() as usize;
            sorted[position.clamp(1, sorted.len()) - 1]
        };
        let mean = if sorted.is_empty() {
            0.0
        } else {
            sorted.iter().sum::<f64>() / sorted.len() as f64
        };
        Latency {
            count: sorted.len(),
            mean_ms: round3(mean),
            p50_ms: round3(rank(0.50)),
            p90_ms: round3(rank(0.90)),
            p99_ms: round3(rank(0.99)),
            max_ms: round3(sorted.last().copied().unwrap_or(0.0)),
        }
    }
}

/// Rounds to three decimals, which keeps the JSON line readable.
pub fn round3(value: f64) -> f64 {
    (value * 1000.0).round() / 1000.0
}

/// Returns the user plus system CPU time process `pid` (all its threads, including ended ones)
/// has used so far; `None` reads the driver's own process.
pub fn cpu_time(pid: Option<u32>) -> anyhow::Result<Duration> {
    let path = match pid {
        Some(pid) => format!("/proc/{pid}/stat"),
        None => "/proc/self/stat".to_owned(),
    };
    let stat = std::fs::read_to_string(&path).with_context(|| format!("cannot read {path}"))?;
    // The command name in brackets may contain spaces, so fields are counted after its `)`.
    let after_name = stat
        .rfind(')')
        .map(|end| &stat[end + 1..])
        .with_context(|| format!("unexpected format of {path}"))?;
    let fields: Vec<&str> = after_name.split_whitespace().collect();
    // utime and stime are fields 14 and 15 of the whole line, so 12 and 13 after the name.
    let ticks = |index: usize| -> anyhow::Result<u64> {
        fields
            .get(index)
            .with_context(|| format!("{path} has too few fields"))?
            .parse::<u64>()
            .with_context(|| format!("invalid CPU time field in {path}"))
    };
    let total = ticks(11)? + ticks(12)?;
    Ok(Duration::from_secs_f64(
        total as f64 / CLOCK_TICKS_PER_SECOND,
    ))
}

/// Returns the CPU time all cores of the machine have spent busy so far: every state of the
/// first line of `/proc/stat` but `idle` and `iowait`.
pub fn machine_busy_time() -> anyhow::Result<Duration> {
    let stat = std::fs::read_to_string("/proc/stat").context("cannot read /proc/stat")?;
    let line = stat
        .lines()
        .find(|line| line.starts_with("cpu "))
        .context("/proc/stat has no cpu line")?;
    let mut busy = 0u64;
    // Fields: user nice system idle iowait irq softirq steal guest guest_nice. guest and
    // guest_nice are already counted in user and nice, so they are skipped.
    for (index, field) in line.split_whitespace().skip(1).take(8).enumerate() {
        let ticks: u64 = field
            .parse()
            .with_context(|| format!("invalid field {field:?} in /proc/stat"))?;
        if index != 3 && index != 4 {
            busy += ticks;
        }
    }
    Ok(Duration::from_secs_f64(
        busy as f64 / CLOCK_TICKS_PER_SECOND,
    ))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, reason = "a test fails loudly where it stops")]

    use super::*;

    #[test]
    fn nearest_rank_percentiles() {
        let samples: Vec<Duration> = (1..=100).map(Duration::from_millis).collect();
        let latency = Latency::of(&samples);
        assert_eq!(latency.count, 100);
        assert_eq!(latency.p50_ms, 50.0);
        assert_eq!(latency.p90_ms, 90.0);
        assert_eq!(latency.p99_ms, 99.0);
        assert_eq!(latency.max_ms, 100.0);
        assert_eq!(latency.mean_ms, 50.5);
    }

    #[test]
    fn empty_samples_give_zeros() {
        let latency = Latency::of(&[]);
        assert_eq!(latency.count, 0);
        assert_eq!(latency.p99_ms, 0.0);
    }

    #[test]
    fn own_cpu_time_is_readable() {
        let spent = cpu_time(None).unwrap();
        assert!(spent < Duration::from_secs(3600));
    }

    #[test]
    fn machine_busy_time_covers_own_time() {
        let machine = machine_busy_time().unwrap();
        let own = cpu_time(None).unwrap();
        assert!(machine >= own, "{machine:?} < {own:?}");
    }
}
