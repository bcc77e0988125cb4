//! The phases of one `run`: discovery, registration of the test people, warm-up, timed
//! complete logins and timed token requests, and the JSON report.

use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, Instant};

use anyhow::ensure;
use reqwest::Client;
use reqwest::redirect::Policy;
use serde_json::{Map, Value, json};

use crate::RunArgs;
use crate::browser::Browser;
use crate::flow::{Flavour, IssuedCode, LoginSteps, MAX_USERS, Provider, User, discover};
use crate::stats::{self, Latency};

/// One virtual user: a browser for the front channel and the relying party's own client for
/// the token endpoint, which sends no browser cookies.
#[derive(Debug, Clone)]
struct Worker {
    browser: Browser,
    backend: Client,
}

/// The duration and result of one job of a phase.
struct JobOutcome<T> {
    elapsed: Duration,
    result: anyhow::Result<T>,
}

/// CPU time of the provider, of the driver and of the whole machine, read around a timed
/// phase. What the machine spent beyond the provider and the driver was other programs' work,
/// which disturbs the measurement.
#[derive(Debug, Clone, Copy, Default)]
struct CpuUsage {
    server: Option<Duration>,
    driver: Duration,
    machine: Duration,
}

impl CpuUsage {
    fn read(server_pid: Option<u32>) -> anyhow::Result<CpuUsage> {
        let server = match server_pid {
            Some(pid) => Some(stats::cpu_time(Some(pid))?),
            None => None,
        };
        Ok(CpuUsage {
            server,
            driver: stats::cpu_time(None)?,
            machine: stats::machine_busy_time()?,
        })
    }

    /// Returns the CPU time used between `self` and `later`.
    fn until(self, later: CpuUsage) -> CpuUsage {
        let server = match (self.server, later.server) {
            (Some(before), Some(after)) => Some(after.saturating_sub(before)),
            _ => None,
        };
        CpuUsage {
            server,
            driver: later.driver.saturating_sub(self.driver),
            machine: later.machine.saturating_sub(self.machine),
        }
    }

    fn add(self, other: CpuUsage) -> CpuUsage {
        let server = match (self.server, other.server) {
            (Some(a), Some(b)) => Some(a + b),
            (a, b) => a.or(b),
        };
        CpuUsage {
            server,
            driver: self.driver + other.driver,
            machine: self.machine + other.machine,
        }
    }
}

/// Runs every phase against the provider `args` names and returns the report.
pub async fn run(args: &RunArgs) -> anyhow::Result<Value> {
    ensure!(
        (1..=MAX_USERS).contains(&args.users),
        "--users must be 1 to {MAX_USERS}"
    );
    ensure!(args.concurrency > 0, "--concurrency must be at least 1");
    ensure!(args.token_batch > 0, "--token-batch must be at least 1");

    let plain = Client::builder().redirect(Policy::none()).build()?;
    let (issuer, authorization_endpoint, token_endpoint) = discover(&plain, &args.issuer).await?;
    let provider = Arc::new(Provider {
        flavour: args.flavour,
        issuer: issuer.clone(),
        authorization_endpoint,
        token_endpoint,
        client_id: args.client_id.clone(),
        client_secret: args.client_secret.clone(),
        redirect_uri: args.redirect_uri.clone(),
        password: args.password.clone(),
    });
    let users = (1..=args.users)
        .map(User::numbered)
        .collect::<anyhow::Result<Vec<_>>>()?;
    let users = Arc::new(users);
    let workers = (0..args.concurrency)
        .map(|_| -> anyhow::Result<Worker> {
            Ok(Worker {
                browser: Browser::new("zh-CN")?,
                backend: Client::builder().redirect(Policy::none()).build()?,
            })
        })
        .collect::<anyhow::Result<Vec<_>>>()?;

    let mut report = Map::new();
    report.insert("flavour".to_owned(), json!(args.flavour));
    report.insert("issuer".to_owned(), json!(issuer));
    report.insert("users".to_owned(), json!(args.users));
    report.insert("concurrency".to_owned(), json!(args.concurrency));

    if args.register {
        ensure!(
            args.flavour == Flavour::Tongban,
            "--register works with --flavour tongban only"
        );
        let started = Instant::now();
        let outcomes = register_people(&provider, &workers, &users).await;
        let (_, errors) = split_outcomes(outcomes);
        ensure!(
            errors.count == 0,
            "registration failed: {}",
            errors.first.unwrap_or_default()
        );
        report.insert(
            "registration".to_owned(),
            json!({ "people": args.users, "seconds": stats::round3(started.elapsed().as_secs_f64()) }),
        );
    }

    let warmup = log_in_many(&provider, &workers, &users, args.warmup_logins).await;
    let (_, warmup_errors) = split_outcomes(warmup);
    ensure!(
        warmup_errors.count == 0,
        "warm-up logins failed: {}",
        warmup_errors.first.unwrap_or_default()
    );

    let logins = timed_logins(args, &provider, &workers, &users).await?;
    report.insert("logins".to_owned(), logins);
    let tokens = timed_tokens(args, &provider, &workers, &users).await?;
    report.insert("tokens".to_owned(), tokens);
    Ok(Value::Object(report))
}

/// Times `args.logins` complete logins.
async fn timed_logins(
    args: &RunArgs,
    provider: &Arc<Provider>,
    workers: &[Worker],
    users: &Arc<Vec<User>>,
) -> anyhow::Result<Value> {
    let before = CpuUsage::read(args.server_pid)?;
    let started = Instant::now();
    let outcomes = log_in_many(provider, workers, users, args.logins).await;
    let wall = started.elapsed();
    let cpu = before.until(CpuUsage::read(args.server_pid)?);

    let (successes, errors) = split_outcomes(outcomes);
    let latencies: Vec<Duration> = successes.iter().map(|(elapsed, _)| *elapsed).collect();
    let mut steps_mean = Map::new();
    let mut steps_p99 = Map::new();
    for (index, name) in LoginSteps::NAMES.iter().enumerate() {
        let samples: Vec<Duration> = successes
            .iter()
            .map(|(_, steps)| steps.durations()[index])
            .collect();
        let latency = Latency::of(&samples);
        steps_mean.insert((*name).to_owned(), json!(latency.mean_ms));
        steps_p99.insert((*name).to_owned(), json!(latency.p99_ms));
    }
    let mut phase = phase_report(successes.len(), &errors, wall, cpu, &latencies);
    phase.insert("requested".to_owned(), json!(args.logins));
    phase.insert("warmup".to_owned(), json!(args.warmup_logins));
    phase.insert("steps_mean_ms".to_owned(), Value::Object(steps_mean));
    phase.insert("steps_p99_ms".to_owned(), Value::Object(steps_p99));
    Ok(Value::Object(phase))
}

/// Times `args.tokens` code redemptions. Each virtual user logs in once; then, round by round,
/// the users' sessions get `args.token_batch` codes (not timed) and the codes are redeemed
/// (timed).
async fn timed_tokens(
    args: &RunArgs,
    provider: &Arc<Provider>,
    workers: &[Worker],
    users: &Arc<Vec<User>>,
) -> anyhow::Result<Value> {
    for (index, worker) in workers.iter().enumerate() {
        let user = &users[index % users.len()];
        provider
            .log_in(&worker.browser, &worker.backend, user)
            .await?;
    }

    let mut latencies = Vec::new();
    let mut errors = ErrorSummary::default();
    let mut wall = Duration::ZERO;
    let mut cpu = CpuUsage::default();
    let mut rounds = 0u32;
    let mut remaining = args.tokens;
    while remaining > 0 {
        let batch = remaining.min(args.token_batch);
        remaining -= batch;
        rounds += 1;
        let codes = issue_codes(provider, workers, batch).await?;
        let codes = Arc::new(codes);

        let before = CpuUsage::read(args.server_pid)?;
        let started = Instant::now();
        let outcomes = redeem_many(provider, workers, &codes).await;
        wall += started.elapsed();
        cpu = cpu.add(before.until(CpuUsage::read(args.server_pid)?));

        let (successes, round_errors) = split_outcomes(outcomes);
        latencies.extend(successes.iter().map(|(elapsed, ())| *elapsed));
        errors.merge(round_errors);
    }
    let mut phase = phase_report(latencies.len(), &errors, wall, cpu, &latencies);
    phase.insert("requested".to_owned(), json!(args.tokens));
    phase.insert("rounds".to_owned(), json!(rounds));
    phase.insert("batch".to_owned(), json!(args.token_batch));
    Ok(Value::Object(phase))
}

/// Builds the common part of a phase's report. Rates count successful requests only.
fn phase_report(
    successes: usize,
    errors: &ErrorSummary,
    wall: Duration,
    cpu: CpuUsage,
    latencies: &[Duration],
) -> Map<String, Value> {
    let seconds = wall.as_secs_f64();
    let rate = |spent: f64| {
        if spent > 0.0 {
            stats::round3(successes as f64 / spent)
        } else {
            0.0
        }
    };

    let mut phase = Map::new();
    phase.insert("ok".to_owned(), json!(successes));
    phase.insert("errors".to_owned(), json!(errors.count));
    phase.insert("first_error".to_owned(), json!(errors.first));
    phase.insert("seconds".to_owned(), json!(stats::round3(seconds)));
    phase.insert("per_second".to_owned(), json!(rate(seconds)));
    phase.insert("latency".to_owned(), json!(Latency::of(latencies)));

    if let Some(server) = cpu.server {
        let server = server.as_secs_f64();
        phase.insert(
            "server_cpu_seconds".to_owned(),
            json!(stats::round3(server)),
        );
        phase.insert("per_server_cpu_second".to_owned(), json!(rate(server)));
    }
    phase.insert(
        "driver_cpu_seconds".to_owned(),
        json!(stats::round3(cpu.driver.as_secs_f64())),
    );
    if let Some(server) = cpu.server {
        // The process and machine counters are read at slightly different moments, so the
        // difference is clamped at zero.
        let others = cpu.machine.as_secs_f64() - server.as_secs_f64() - cpu.driver.as_secs_f64();
        phase.insert(
            "other_cpu_seconds".to_owned(),
            json!(stats::round3(others.max(0.0))),
        );
    }
    phase
}

/// Runs complete logins number 0 to `count - 1` on all workers at once.
async fn log_in_many(
    provider: &Arc<Provider>,
    workers: &[Worker],
    users: &Arc<Vec<User>>,
    count: u32,
) -> Vec<JobOutcome<LoginSteps>> {
    let provider = Arc::clone(provider);
    let users = Arc::clone(users);
    run_jobs(workers, count, move |worker, index| {
        let provider = Arc::clone(&provider);
        let users = Arc::clone(&users);
        async move {
            let user = &users[index as usize % users.len()];
            provider
                .log_in(&worker.browser, &worker.backend, user)
                .await
        }
    })
    .await
}

/// Registers every person at the hub, spread over the workers.
async fn register_people(
    provider: &Arc<Provider>,
    workers: &[Worker],
    users: &Arc<Vec<User>>,
) -> Vec<JobOutcome<()>> {
    let provider = Arc::clone(provider);
    let users = Arc::clone(users);
    let count = users.len() as u32;
    run_jobs(workers, count, move |worker, index| {
        let provider = Arc::clone(&provider);
        let users = Arc::clone(&users);
        async move {
            provider
                .register(&worker.browser, &users[index as usize])
                .await
        }
    })
    .await
}

/// Issues `count` codes from the workers' logged-in sessions.
async fn issue_codes(
    provider: &Arc<Provider>,
    workers: &[Worker],
    count: u32,
) -> anyhow::Result<Vec<IssuedCode>> {
    let provider = Arc::clone(provider);
    let outcomes = run_jobs(workers, count, move |worker, _| {
        let provider = Arc::clone(&provider);
        async move { provider.issue_code(&worker.browser).await }
    })
    .await;
    let mut codes = Vec::new();
    for outcome in outcomes {
        codes.push(outcome.result?);
    }
    Ok(codes)
}

/// Redeems every code in `codes`, spread over the workers.
async fn redeem_many(
    provider: &Arc<Provider>,
    workers: &[Worker],
    codes: &Arc<Vec<IssuedCode>>,
) -> Vec<JobOutcome<()>> {
    let provider = Arc::clone(provider);
    let codes = Arc::clone(codes);
    let count = codes.len() as u32;
    run_jobs(workers, count, move |worker, index| {
        let provider = Arc::clone(&provider);
        let codes = Arc::clone(&codes);
        async move {
            provider
                .redeem(&worker.backend, &codes[index as usize])
                .await
        }
    })
    .await
}

/// Runs jobs `0..count` with one task per worker. Each task takes the next job number as soon
/// as its previous job ends, so `workers.len()` jobs are in flight until the last ones.
async fn run_jobs<T, F, Fut>(workers: &[Worker], count: u32, job: F) -> Vec<JobOutcome<T>>
where
    T: Send + 'static,
    F: Fn(Worker, u32) -> Fut + Clone + Send + 'static,
    Fut: Future<Output = anyhow::Result<T>> + Send + 'static,
{
    let next = Arc::new(AtomicU32::new(0));
    let mut tasks = Vec::new();
    for worker in workers {
        let worker = worker.clone();
        let next = Arc::clone(&next);
        let job = job.clone();
        tasks.push(tokio::spawn(async move {
            let mut outcomes = Vec::new();
            loop {
                let index = next.fetch_add(1, Ordering::Relaxed);
                if index >= count {
                    break;
                }
                let started = Instant::now();
                let result = job(worker.clone(), index).await;
                outcomes.push(JobOutcome {
                    elapsed: started.elapsed(),
                    result,
                });
            }
            outcomes
        }));
    }
    let mut outcomes = Vec::new();
    for task in tasks {
        match task.await {
            Ok(done) => outcomes.extend(done),
            Err(error) => outcomes.push(JobOutcome {
                elapsed: Duration::ZERO,
                result: Err(anyhow::anyhow!("a virtual user's task failed: {error}")),
            }),
        }
    }
    outcomes
}

/// How many jobs failed, and the first failure's message.
#[derive(Debug, Default)]
struct ErrorSummary {
    count: usize,
    first: Option<String>,
}

impl ErrorSummary {
    fn merge(&mut self, other: ErrorSummary) {
        self.count += other.count;
        if self.first.is_none() {
            self.first = other.first;
        }
    }
}

/// Separates successful jobs, with their duration and value, from failed ones.
fn split_outcomes<T>(outcomes: Vec<JobOutcome<T>>) -> (Vec<(Duration, T)>, ErrorSummary) {
    let mut successes = Vec::new();
    let mut errors = ErrorSummary::default();
    for outcome in outcomes {
        match outcome.result {
            Ok(value) => successes.push((outcome.elapsed, value)),
            Err(error) => {
                errors.count += 1;
                if errors.first.is_none() {
                    errors.first = Some(format!("{error:#}"));
                }
            }
        }
    }
    (successes, errors)
}
