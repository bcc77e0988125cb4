//! `tongban simulate`: a hub and up to 31 province nodes in one process, generated people
//! applying at a steady rate, simulated clerks deciding, and a report of throughput,
//! latencies, errors and the messages lost or applied twice.

mod federation;
pub mod measure;
mod people;
pub mod provinces;
mod tally;
mod traffic;

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicU8, Ordering};
use std::time::{Duration, Instant};

use anyhow::Context;
use serde::Serialize;
use tokio::sync::watch;
use tongban_refdata::ReferenceData;
use tongban_store::Store;

use crate::demo::DemoOptions;
pub use measure::{ErrorCount, Progress, StepSummary};
pub use tally::MessageTally;
use traffic::{Desk, Shared};

/// Options of a simulation.
#[derive(Debug, Clone)]
pub struct SimulateOptions {
    /// Province nodes, 1 to 31, taken in the order of their division codes.
    pub nodes: usize,
    /// Generated people who apply.
    pub people: usize,
    /// Applications per second.
    pub rate: f64,
    /// Time during which applications arrive.
    pub duration: Duration,
    /// Time allowed after the arrivals for the clerks to close every case and for the passage
    /// to deliver every message.
    pub settle: Duration,
    /// Folder for the instances' databases and keys; it should be empty.
    pub data_dir: PathBuf,
    /// Reference data directory, if not found the default way.
    pub reference_data: Option<PathBuf>,
    /// Seed of the generated people and of their choices.
    pub seed: u64,
}

/// Phase of a simulation, for a progress display.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum Phase {
    /// Starting the hub and the nodes.
    Starting = 0,
    /// Applications arrive.
    Applying = 1,
    /// Arrivals stopped; cases are being closed and messages delivered.
    Settling = 2,
    /// Counting messages.
    Checking = 3,
}

/// The phase and counters of a running simulation, and the stop requests it follows.
#[derive(Debug, Default)]
pub struct Status {
    phase: AtomicU8,
    stops: AtomicU8,
    /// The counters.
    pub progress: Arc<Progress>,
}

impl Status {
    /// Returns the current phase.
    pub fn phase(&self) -> Phase {
        match self.phase.load(Ordering::Relaxed) {
            0 => Phase::Starting,
            1 => Phase::Applying,
            2 => Phase::Settling,
            _ => Phase::Checking,
        }
    }

    /// Asks the simulation to stop early. The first request ends the arrivals, and the
    /// simulation settles and reports as usual. A request while it settles ends the settling,
    /// and the report then counts what was still on its way.
    pub fn request_stop(&self) {
        let phase = self.phase();
        let stops = self.stops.fetch_add(1, Ordering::Relaxed) + 1;
        if phase == Phase::Settling && stops == 1 {
            self.stops.fetch_add(1, Ordering::Relaxed);
        }
    }

    /// Returns whether a stop was requested.
    pub fn stop_requested(&self) -> bool {
        self.stops.load(Ordering::Relaxed) > 0
    }

    fn settling_cut_short(&self) -> bool {
        self.stops.load(Ordering::Relaxed) > 1
    }

    fn enter(&self, phase: Phase) {
        self.phase.store(phase as u8, Ordering::Relaxed);
    }
}

/// Report of a simulation.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// Province nodes.
    pub nodes: usize,
    /// Generated people.
    pub people: usize,
    /// Applications per second asked for.
    pub rate: f64,
    /// Seconds applications arrived: the duration asked for, or less after a stop request.
    pub duration_s: f64,
    /// Seconds the hub and nodes took to start.
    pub start_s: f64,
    /// Seconds from the end of arrivals until every case was closed and every message
    /// delivered, or the settle limit.
    pub settle_s: f64,
    /// Whether everything settled before the limit.
    pub settled: bool,
    /// Whether a stop request ended the arrivals or the settling early.
    pub stopped_early: bool,
    /// Applications submitted.
    pub submitted: u64,
    /// Applications submitted per second of arrivals.
    pub submitted_per_s: f64,
    /// Cases closed.
    pub closed: u64,
    /// Ratings given.
    pub rated: u64,
    /// Steps that failed.
    pub errors: u64,
    /// Latencies per step.
    pub steps: Vec<StepSummary>,
    /// The errors, by step and text.
    pub error_counts: Vec<ErrorCount>,
    /// Outcome of the messages between the instances.
    pub messages: MessageTally,
    /// Resident memory of the process with every instance started and no traffic, in MiB.
    pub rss_idle_mib: f64,
    /// Peak resident memory of the process, in MiB.
    pub rss_peak_mib: f64,
}

/// Runs the simulation that `options` describes and reports on it; `status` shows the phase
/// and the counters meanwhile.
///
/// # Errors
/// When the reference data is missing, the options are out of range or an instance fails to
/// start. Failures of single steps are counted in the report instead.
pub async fn run(options: &SimulateOptions, status: &Status) -> anyhow::Result<Report> {
    anyhow::ensure!(
        (1..=provinces::PROVINCES.len()).contains(&options.nodes),
        "nodes must be between 1 and {}",
        provinces::PROVINCES.len()
    );
    anyhow::ensure!(options.people > 0, "people must be at least 1");
    anyhow::ensure!(
        options.rate > 0.0 && options.rate <= 10_000.0,
        "rate must be above 0 and at most 10000 applications a second"
    );

    status.enter(Phase::Starting);
    let started = Instant::now();
    let data = ReferenceData::locate(options.reference_data.as_deref())?;
    let divisions = data.divisions()?;
    let catalog = data.service_items(&divisions)?;
    let provinces = &provinces::PROVINCES[..options.nodes];
    let people = people::generate(&divisions, provinces, options.people, options.seed)?;
    let demo_options = DemoOptions {
        data_dir: options.data_dir.clone(),
        base_port: 0,
        reference_data: options.reference_data.clone(),
    };
    let federation = federation::start(&demo_options, provinces, &divisions, &catalog)
        .await
        .context("start the simulated federation")?;
    let start_s = started.elapsed().as_secs_f64();
    let rss_idle_mib = memory::resident_mib("VmRSS");

    let desks = federation
        .nodes
        .iter()
        .map(|node| Desk {
            province: node.province,
            desk: node.desk.clone(),
            clerk: node.clerk.clone(),
        })
        .collect();
    let shared = Shared::new(desks, status.progress.clone());
    let (stop_clerks, clerks_stopped) = watch::channel(false);
    let clerks: Vec<_> = (0..federation.nodes.len())
        .map(|index| {
            tokio::spawn(traffic::clerk_at_work(
                shared.clone(),
                index,
                clerks_stopped.clone(),
            ))
        })
        .collect();

    status.enter(Phase::Applying);
    let arrivals = Instant::now();
    traffic::apply_at_rate(
        shared.clone(),
        Arc::new(people),
        (options.rate, options.duration),
        options.seed,
        &|| status.stop_requested(),
    )
    .await;
    let duration_s = arrivals.elapsed().as_secs_f64();

    status.enter(Phase::Settling);
    let settling = Instant::now();
    let stores = instance_stores(&federation);
    let settled = settle(&shared, &stores, options.settle, &|| {
        status.settling_cut_short()
    })
    .await;
    let settle_s = settling.elapsed().as_secs_f64();
    let _ = stop_clerks.send(true);
    for clerk in clerks {
        let _ = clerk.await;
    }

    status.enter(Phase::Checking);
    let messages = tally::count(&stores).await?;
    let (steps, error_counts) = shared.recorder.summary();
    let progress = &status.progress;
    let submitted = Progress::read(&progress.submitted);
    let report = Report {
        nodes: options.nodes,
        people: options.people,
        rate: options.rate,
        duration_s,
        start_s,
        settle_s,
        settled,
        stopped_early: status.stop_requested(),
        submitted,
        submitted_per_s: submitted as f64 / duration_s.max(1e-3),
        closed: Progress::read(&progress.closed),
        rated: Progress::read(&progress.rated),
        errors: Progress::read(&progress.errors),
        steps,
        error_counts,
        messages,
        rss_idle_mib,
        rss_peak_mib: memory::resident_mib("VmHWM"),
    };
    federation.stop().await;
    Ok(report)
}

fn instance_stores(federation: &federation::Federation) -> Vec<(&str, &Store)> {
    std::iter::once((federation.hub.id.as_str(), &federation.hub.store))
        .chain(
            federation
                .nodes
                .iter()
                .map(|node| (node.instance.id.as_str(), &node.instance.store)),
        )
        .collect()
}

/// Waits until every submitted case is closed and no instance has a message waiting to be
/// delivered or applied. Returns whether everything settled before `limit` or `cut_short`.
async fn settle(
    shared: &Shared,
    stores: &[(&str, &Store)],
    limit: Duration,
    cut_short: &dyn Fn() -> bool,
) -> bool {
    let deadline = Instant::now() + limit;
    loop {
        let progress = &shared.progress;
        let all_closed = Progress::read(&progress.closed) >= Progress::read(&progress.submitted);
        if all_closed && passages_idle(stores).await {
            return true;
        }
        if Instant::now() >= deadline || cut_short() {
            return false;
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
}

async fn passages_idle(stores: &[(&str, &Store)]) -> bool {
    for (_, store) in stores {
        let outbox = tongban_store::passage::outbox::count_messages(store.pool()).await;
        let inbox = tongban_store::passage::inbox::count_messages(store.pool()).await;
        match (outbox, inbox) {
            (Ok(outbox), Ok(inbox)) if outbox.pending == 0 && inbox.waiting == 0 => {}
            _ => return false,
        }
    }
    true
}

mod memory {
    /// Reads a memory line of `/proc/self/status`, such as `VmRSS` or `VmHWM`, in MiB; 0 where
    /// the file does not exist.
    pub fn resident_mib(field: &str) -> f64 {
        let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
        status
            .lines()
            .find_map(|line| line.strip_prefix(field)?.strip_prefix(':'))
            .and_then(|rest| {
                rest.trim()
                    .trim_end_matches("kB")
                    .trim()
                    .parse::<f64>()
                    .ok()
            })
            .map_or(0.0, |kib| (kib / 1024.0 * 10.0).round() / 10.0)
    }
}
