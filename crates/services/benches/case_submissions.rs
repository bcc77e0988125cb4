//! Measures durable case submissions per second on SQLite and PostgreSQL.
//!
//! One submission is one applicant's application for the energy review of the 浙江省 demo
//! list, with its two form fields and its two required materials, which gets a case number.
//! The materials are PDF files of about 40 bytes, written to a local material folder. Two
//! ways of applying are measured one after the other:
//!
//! - `drafted`: the applicant creates a draft, saves the form, attaches each material and
//!   submits, in five transactions, each committed before the next step starts;
//! - `one step`: the applicant hands in the form and both files at once, stored in one
//!   transaction, as `POST /api/applications` does.
//!
//! `cargo bench -p tongban-services --bench case_submissions` runs the full measurement:
//! after 100 warm-up submissions, concurrent clients submit until 6,000 submissions are done
//! or 30 seconds have passed, whichever comes first. Run without `--bench` (as
//! `cargo test --benches` does), it makes 20 submissions per back end so the code keeps
//! working. A full run keeps its material files in `target/case-bench` and its databases,
//! for the operator to remove: see [`MaterialFolder`].
//!
//! SQLite runs in a new file in a temporary folder. PostgreSQL runs on the server of
//! `TONGBAN_TEST_POSTGRES_URL`, in a new database. The numbers are only durable if that
//! server runs with `fsync` and `synchronous_commit` on, as the clusters of
//! `scripts/pg-throwaway start --durable` do and those started without `--durable` do not. `CASE_BENCH_CLIENTS` sets the number of
//! concurrent clients (default 8), and `CASE_BENCH_FLOW` (`drafted` or `one-step`) measures
//! one way of applying only. `CASE_BENCH_OBJECTS=memory` keeps the material files in
//! memory instead of the local folder, to tell the cost of the files from that of the
//! database.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a benchmark stops at the first failure"
)]

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use bytes::Bytes;
use tokio::task::JoinSet;
use tongban_domain::ids::NodeCode;
use tongban_refdata::ReferenceData;
use tongban_services::cases::{self, Applicant, Application, CaseContext, HandedInFile};
use tongban_store::Store;

const DEMO_ZJ: &str = include_str!("../../../config/demo/implementations-zj.toml");
const FULL_COUNT: usize = 6_000;
const FULL_TIME: Duration = Duration::from_secs(30);
const WARM_UP: usize = 100;
const QUICK_COUNT: usize = 20;

fn applicant(sequence: usize) -> Applicant {
    Applicant {
        subject: format!("bench-{sequence}"),
        name: "王五".to_owned(),
        id_number: "11010519491231002X".to_owned(),
        acting_for: None,
    }
}

/// A way of applying.
#[derive(Debug, Clone, Copy)]
enum Flow {
    Drafted,
    OneStep,
}

impl Flow {
    fn label(self) -> &'static str {
        match self {
            Flow::Drafted => "drafted",
            Flow::OneStep => "one step",
        }
    }
}

fn form_values(sequence: usize) -> std::collections::BTreeMap<String, String> {
    [
        ("project_name".to_owned(), format!("项目{sequence}")),
        ("annual_energy_tce".to_owned(), "6200.5".to_owned()),
    ]
    .into_iter()
    .collect()
}

fn material_file(material: &str, sequence: usize) -> Bytes {
    Bytes::from(format!("%PDF-1.7\n% {material} {sequence}\n%%EOF\n"))
}

const MATERIALS: [&str; 2] = ["申请书", "节能报告"];

/// Submits one application in the five committed steps of a draft.
async fn submit_drafted(context: &CaseContext, sequence: usize) -> Option<String> {
    let person = applicant(sequence);
    let draft = cases::create_draft(context, &person, "zj-energy-review")
        .await
        .unwrap();
    let errors = cases::save_draft(context, &draft.id, &person, &form_values(sequence))
        .await
        .unwrap();
    assert!(errors.is_empty(), "{errors}");
    for material in MATERIALS {
        let content = material_file(material, sequence);
        cases::attach_material(
            context,
            &draft.id,
            &person,
            cases::HandedInFile::new(material, "scan.pdf", content),
        )
        .await
        .unwrap();
    }
    cases::submit(context, &draft.id, &person)
        .await
        .unwrap()
        .case_number
}

/// Submits one application with its form and files at once.
async fn submit_at_once(context: &CaseContext, sequence: usize) -> Option<String> {
    let application = Application {
        implementation_id: "zj-energy-review".to_owned(),
        values: form_values(sequence),
        files: MATERIALS
            .iter()
            .map(|material| {
                HandedInFile::new(material, "scan.pdf", material_file(material, sequence))
                    .declared_as("application/pdf")
            })
            .collect(),
    };
    cases::apply(context, &applicant(sequence), application)
        .await
        .unwrap()
        .case_number
}

/// Submits one application in the way `flow` and returns how long it took.
async fn submit_one(context: &CaseContext, flow: Flow, sequence: usize) -> Duration {
    let started = Instant::now();
    let number = match flow {
        Flow::Drafted => submit_drafted(context, sequence).await,
        Flow::OneStep => submit_at_once(context, sequence).await,
    };
    assert!(number.is_some(), "a submission gets a case number");
    started.elapsed()
}

/// Submits `count` cases from `clients` concurrent clients, stopping early at `deadline`.
/// Returns the latency of every submission and the wall time.
async fn run(
    context: &CaseContext,
    flow: Flow,
    clients: usize,
    first: usize,
    count: usize,
    deadline: Duration,
) -> (Vec<Duration>, Duration) {
    let started = Instant::now();
    let next = Arc::new(std::sync::atomic::AtomicUsize::new(first));
    let mut tasks = JoinSet::new();
    for _ in 0..clients {
        let context = context.clone();
        let next = next.clone();
        tasks.spawn(async move {
            let mut latencies = Vec::new();
            loop {
                let sequence = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                if sequence >= first + count || started.elapsed() > deadline {
                    return latencies;
                }
                latencies.push(submit_one(&context, flow, sequence).await);
            }
        });
    }
    let mut latencies = Vec::new();
    while let Some(result) = tasks.join_next().await {
        latencies.extend(result.unwrap());
    }
    (latencies, started.elapsed())
}

/// Returns the ways of applying to measure: both, or the one `CASE_BENCH_FLOW` names
/// (`drafted` or `one-step`).
fn flows() -> Vec<Flow> {
    match std::env::var("CASE_BENCH_FLOW").as_deref() {
        Ok("drafted") => vec![Flow::Drafted],
        Ok("one-step") => vec![Flow::OneStep],
        Ok(other) => panic!("CASE_BENCH_FLOW must be drafted or one-step, not {other}"),
        Err(_) => vec![Flow::Drafted, Flow::OneStep],
    }
}

fn percentile(sorted: &[Duration], fraction: f64) -> Duration {
    let last = sorted.len().saturating_sub(1);
    let rounded = (fraction * last as f64).round();
    // Positions are below the slice length, which fits in f64 exactly.
    #[expect(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        reason = "see above"
    )]
    let index = rounded as usize;
    sorted.get(index).copied().unwrap_or_default()
}

async fn measure(url: &str, backend: &str, full: bool, clients: usize) {
    let store = Store::connect(url).await.unwrap();
    let data = ReferenceData::locate(None).unwrap();
    let divisions = data.divisions().unwrap();
    let load = data.service_items(&divisions).unwrap();
    tongban_services::catalog_import::import_catalog(&store, &load, "bench", |_| {})
        .await
        .unwrap();
    tongban_services::implementations::import_list(&store, DEMO_ZJ, "bench")
        .await
        .unwrap();
    let folder = MaterialFolder::new(full, backend);
    let in_memory = std::env::var("CASE_BENCH_OBJECTS").is_ok_and(|value| value == "memory");
    let (objects, files): (Arc<dyn object_store::ObjectStore>, &str) = if in_memory {
        (Arc::new(object_store::memory::InMemory::new()), "memory")
    } else {
        (cases::local_object_store(folder.path()).unwrap(), "folder")
    };
    let context = CaseContext::new(
        store,
        Arc::new(data.calendar().unwrap()),
        Arc::new(divisions),
        objects,
        NodeCode::parse("330000").unwrap(),
    );

    let mut first = 0;
    for flow in flows() {
        let (count, deadline) = if full {
            run(&context, flow, clients, first, WARM_UP, FULL_TIME).await;
            first += WARM_UP;
            (FULL_COUNT, FULL_TIME)
        } else {
            (QUICK_COUNT, FULL_TIME)
        };
        let (mut latencies, wall) = run(&context, flow, clients, first, count, deadline).await;
        first += count;
        latencies.sort();
        let done = latencies.len();
        println!(
            "{backend:<10} {:<8} files in {files:<6} clients {clients:>2}: {done:>5} submissions \
             in {:>6.2} s = {:>7.0} /s; latency p50 {:>6.2} ms, p99 {:>6.2} ms, max {:>6.2} ms",
            flow.label(),
            wall.as_secs_f64(),
            done as f64 / wall.as_secs_f64(),
            percentile(&latencies, 0.5).as_secs_f64() * 1e3,
            percentile(&latencies, 0.99).as_secs_f64() * 1e3,
            percentile(&latencies, 1.0).as_secs_f64() * 1e3,
        );
    }
    if let MaterialFolder::Kept(path) = &folder
        && !in_memory
    {
        println!("{backend:<10} material files kept in {}", path.display());
    }
}

/// The folder of the material files. A quick run uses a temporary folder. A full run keeps its
/// files under `target/case-bench`, for the operator to remove. On ext4 without a journal,
/// creating a file passes over every inode freed in the last one to six minutes
/// (`recently_deleted` in Linux's inode allocator). Removing a run's 12,000 files made the
/// next run a third slower.
enum MaterialFolder {
    Temporary(tempfile::TempDir),
    Kept(PathBuf),
}

impl MaterialFolder {
    fn new(full: bool, backend: &str) -> MaterialFolder {
        if !full {
            return MaterialFolder::Temporary(tempfile::tempdir().unwrap());
        }
        let stamp = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_millis();
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../target/case-bench")
            .join(format!("{backend}-{stamp}"));
        std::fs::create_dir_all(&path).unwrap();
        MaterialFolder::Kept(path.canonicalize().unwrap())
    }

    fn path(&self) -> &Path {
        match self {
            MaterialFolder::Temporary(folder) => folder.path(),
            MaterialFolder::Kept(path) => path,
        }
    }
}

fn main() {
    let full = std::env::args().any(|argument| argument == "--bench");
    let clients: usize = std::env::var("CASE_BENCH_CLIENTS")
        .ok()
        .and_then(|value| value.parse().ok())
        .unwrap_or(8);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        for mut database in tongban_testkit::each_backend().await {
            measure(database.url(), database.backend_name(), full, clients).await;
            // Kept for the reason the material files are kept: see `MaterialFolder`.
            if full {
                let backend = database.backend_name();
                println!("{backend:<10} database kept: {}", database.keep());
            }
        }
    });
}
