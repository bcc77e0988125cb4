//! Measurements taken while the simulation runs: latencies and errors per step, and the
//! counters a progress bar shows.

use std::collections::BTreeMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use serde::Serialize;

/// A step of the simulated work whose latency is measured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Step {
    /// A person fills in and submits an application: draft, form, two materials, submit.
    Apply,
    /// A cross-province application travels from the receiving node to the handling node,
    /// until the handling clerk sees it in the queue.
    Forward,
    /// The clerk accepts.
    Accept,
    /// The clerk starts the review.
    Review,
    /// The clerk approves, which issues the e-certificate in the same transaction.
    Approve,
    /// The clerk denies.
    Deny,
    /// The clerk closes the case.
    Close,
    /// The person rates the service.
    Rate,
    /// From submission to closing.
    EndToEnd,
}

impl Step {
    /// Every step, in the order of a case.
    pub const ALL: [Step; 9] = [
        Step::Apply,
        Step::Forward,
        Step::Accept,
        Step::Review,
        Step::Approve,
        Step::Deny,
        Step::Close,
        Step::Rate,
        Step::EndToEnd,
    ];

    /// Returns the step's name in reports.
    pub fn name(self) -> &'static str {
        match self {
            Step::Apply => "apply",
            Step::Forward => "forward",
            Step::Accept => "accept",
            Step::Review => "review",
            Step::Approve => "approve",
            Step::Deny => "deny",
            Step::Close => "close",
            Step::Rate => "rate",
            Step::EndToEnd => "end_to_end",
        }
    }
}

/// Counters that grow while the simulation runs.
#[derive(Debug, Default)]
pub struct Progress {
    /// Applications submitted.
    pub submitted: AtomicU64,
    /// Cases closed.
    pub closed: AtomicU64,
    /// Ratings given.
    pub rated: AtomicU64,
    /// Steps that failed.
    pub errors: AtomicU64,
}

impl Progress {
    /// Reads a counter.
    pub fn read(counter: &AtomicU64) -> u64 {
        counter.load(Ordering::Relaxed)
    }

    pub(super) fn add(counter: &AtomicU64) {
        counter.fetch_add(1, Ordering::Relaxed);
    }
}

/// Latencies and errors per step.
#[derive(Debug, Default)]
pub struct Recorder {
    latencies: Mutex<BTreeMap<Step, Vec<Duration>>>,
    errors: Mutex<BTreeMap<(Step, String), u64>>,
}

impl Recorder {
    /// Records that `step` took `latency`.
    pub fn record(&self, step: Step, latency: Duration) {
        if let Ok(mut latencies) = self.latencies.lock() {
            latencies.entry(step).or_default().push(latency);
        }
    }

    /// Records that `step` failed with `error`; errors are counted by their text.
    pub fn fail(&self, step: Step, error: &dyn std::fmt::Display) {
        tracing::debug!(step = step.name(), %error, "a simulated step failed");
        if let Ok(mut errors) = self.errors.lock() {
            *errors.entry((step, error.to_string())).or_default() += 1;
        }
    }

    /// Returns the statistics of every step that ran or failed, in the order of [`Step::ALL`].
    pub fn summary(&self) -> (Vec<StepSummary>, Vec<ErrorCount>) {
        let latencies = self
            .latencies
            .lock()
            .map(|latencies| latencies.clone())
            .unwrap_or_default();
        let errors = self
            .errors
            .lock()
            .map(|errors| errors.clone())
            .unwrap_or_default();
        let steps = Step::ALL
            .iter()
            .filter_map(|step| {
                let mut samples = latencies.get(step).cloned().unwrap_or_default();
                let failed: u64 = errors
                    .iter()
                    .filter(|((failed, _), _)| failed == step)
                    .map(|(_, count)| count)
                    .sum();
                (!samples.is_empty() || failed > 0).then(|| {
                    samples.sort_unstable();
                    StepSummary::of(*step, &samples, failed)
                })
            })
            .collect();
        let errors = errors
            .into_iter()
            .map(|((step, message), count)| ErrorCount {
                step,
                message,
                count,
            })
            .collect();
        (steps, errors)
    }
}

/// The latencies of one step.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StepSummary {
    /// The step.
    pub step: Step,
    /// How often it succeeded.
    pub count: u64,
    /// How often it failed.
    pub errors: u64,
    /// Median, in milliseconds.
    pub p50_ms: f64,
    /// 90th percentile, in milliseconds.
    pub p90_ms: f64,
    /// 99th percentile, in milliseconds.
    pub p99_ms: f64,
    /// Slowest, in milliseconds.
    pub max_ms: f64,
}

impl StepSummary {
    fn of(step: Step, sorted: &[Duration], errors: u64) -> StepSummary {
        StepSummary {
            step,
            count: u64::try_from(sorted.len()).unwrap_or(u64::MAX),
            errors,
            p50_ms: millis(percentile(sorted, 50)),
            p90_ms: millis(percentile(sorted, 90)),
            p99_ms: millis(percentile(sorted, 99)),
            max_ms: millis(sorted.last().copied().unwrap_or_default()),
        }
    }
}

/// How often one error occurred.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ErrorCount {
    /// Where.
    pub step: Step,
    /// The error.
    pub message: String,
    /// How often.
    pub count: u64,
}

/// The sample at `percent` of `sorted` by the nearest-rank method.
fn percentile(sorted: &[Duration], percent: usize) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let rank = (percent * sorted.len()).div_ceil(100).max(1);
    sorted[rank.min(sorted.len()) - 1]
}

fn millis(duration: Duration) -> f64 {
    (duration.as_secs_f64() * 1e4).round() / 10.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_take_the_nearest_rank() {
        let sorted: Vec<_> = (1..=200).map(Duration::from_millis).collect();
        assert_eq!(percentile(&sorted, 50), Duration::from_millis(100));
        assert_eq!(percentile(&sorted, 99), Duration::from_millis(198));
        assert_eq!(percentile(&sorted[..1], 99), Duration::from_millis(1));
        assert_eq!(percentile(&[], 50), Duration::ZERO);
    }

    #[test]
    fn summary_counts_failures_of_a_step_without_successes() {
        let recorder = Recorder::default();
        recorder.record(Step::Apply, Duration::from_millis(5));
        recorder.fail(Step::Rate, &"not closed");
        recorder.fail(Step::Rate, &"not closed");
        let (steps, errors) = recorder.summary();
        assert_eq!(steps.len(), 2);
        assert_eq!(steps[1].step, Step::Rate);
        assert_eq!((steps[1].count, steps[1].errors), (0, 2));
        assert_eq!(errors[0].count, 2);
    }
}
