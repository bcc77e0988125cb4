//! `tongban-bench-passage`: the load driver of the passage benchmark.
//!
//! `burst` and `paced` put pings in a node's outbox, as a use case would, and time their way
//! through the hub to the receiving node. `load` posts a sealed envelope over HTTP, to time
//! nginx in front of `sink` as the upper bound of what a proxy without signatures or storage
//! does. `sm2` times raw SM2 signing and verification. Each prints one JSON line.

mod envelopes;
mod http;
mod sm2;
mod stats;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

/// Load driver of the passage benchmark.
#[derive(Debug, Parser)]
#[command(name = "tongban-bench-passage", version)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Enqueue COUNT pings at once and time until the receiver applied them all.
    Burst(BurstArgs),
    /// Enqueue COUNT pings at RATE per second and report the latency from sealing to applying.
    Paced(PacedArgs),
    /// Post one sealed envelope COUNT times to URL and report the rate and latency.
    Load(LoadArgs),
    /// Respond to every POST with 200 and a receipt, on 127.0.0.1:PORT, until killed.
    Sink(SinkArgs),
    /// Time SM2 signing and verification of an envelope's signed bytes.
    Sm2(Sm2Args),
}

/// The sending and receiving instances of `burst` and `paced`.
#[derive(Debug, Args)]
pub struct Route {
    /// Configuration file of the sending node.
    #[arg(long, value_name = "FILE")]
    pub sender: PathBuf,
    /// Configuration file of the receiving node.
    #[arg(long, value_name = "FILE")]
    pub receiver: PathBuf,
}

#[derive(Debug, Args)]
pub struct BurstArgs {
    #[command(flatten)]
    pub route: Route,
    /// Pings to send.
    #[arg(long, default_value_t = 10_000)]
    pub count: u32,
    /// Seconds to wait for the receiver at most.
    #[arg(long, default_value_t = 300)]
    pub timeout: u64,
}

#[derive(Debug, Args)]
pub struct PacedArgs {
    #[command(flatten)]
    pub route: Route,
    /// Pings to send.
    #[arg(long, default_value_t = 5_000)]
    pub count: u32,
    /// Pings per second.
    #[arg(long)]
    pub rate: f64,
    /// Seconds to wait for the receiver at most after the last ping.
    #[arg(long, default_value_t = 120)]
    pub timeout: u64,
}

#[derive(Debug, Args)]
pub struct LoadArgs {
    /// URL to post to, on 127.0.0.1.
    #[arg(long)]
    pub url: String,
    /// Requests to time.
    #[arg(long, default_value_t = 20_000)]
    pub count: u32,
    /// Requests in flight at once.
    #[arg(long, default_value_t = 16)]
    pub concurrency: u32,
    /// Requests per second; without it, as fast as the server responds.
    #[arg(long)]
    pub rate: Option<f64>,
}

#[derive(Debug, Args)]
pub struct SinkArgs {
    /// Port on 127.0.0.1.
    #[arg(long)]
    pub port: u16,
}

#[derive(Debug, Args)]
pub struct Sm2Args {
    /// Signatures and verifications to time.
    #[arg(long, default_value_t = 5_000)]
    pub iterations: u32,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("tongban-bench-passage: cannot start the runtime: {error}");
            return ExitCode::from(2);
        }
    };
    let outcome = runtime.block_on(async {
        match cli.command {
            Command::Burst(args) => envelopes::burst(&args).await,
            Command::Paced(args) => envelopes::paced(&args).await,
            Command::Load(args) => http::load(&args).await,
            Command::Sink(args) => http::sink(args.port).await,
            Command::Sm2(args) => sm2::run(&args),
        }
    });
    match outcome {
        Ok(line) => {
            println!("{line}");
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("tongban-bench-passage: {error:#}");
            ExitCode::from(2)
        }
    }
}
