//! `tongban-bench-oidc`: the load driver of the OpenID Provider benchmark.
//!
//! `run` drives one provider (the tongban hub or oidc-provider) through complete logins with
//! the authorization code flow, then through token requests alone, with a fixed number of
//! virtual users at once, and prints one JSON line of results. `argon2` times the hub's
//! password check on its own, and `free-port` helps `bench/oidc/run.sh` pick ports. Every
//! address the driver sends to must be on the loopback interface.

mod browser;
mod flow;
mod phases;
mod stats;

use std::net::TcpListener;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use anyhow::{Context, ensure};
use clap::{Args, Parser, Subcommand};
use serde_json::json;
use url::Url;

use crate::flow::Flavour;
use crate::stats::Latency;

/// Load driver of the OpenID Provider benchmark.
#[derive(Debug, Parser)]
#[command(name = "tongban-bench-oidc", version)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Time complete logins, then token requests, against one provider and print one JSON line.
    Run(RunArgs),
    /// Time Argon2id password verification with the hub's parameters and print one JSON line.
    Argon2(Argon2Args),
    /// Print a TCP port on 127.0.0.1 that is free at this moment.
    FreePort,
}

/// Options of `run`.
#[derive(Debug, Args)]
pub struct RunArgs {
    /// Which provider the issuer is, which decides how its login form is filled.
    #[arg(long, value_enum)]
    pub flavour: Flavour,
    /// Issuer URL of the provider, on 127.0.0.0/8, [::1] or localhost.
    #[arg(long, value_name = "URL")]
    pub issuer: String,
    /// Client id registered with the provider.
    #[arg(long, default_value = "bench-rp")]
    pub client_id: String,
    /// Client secret, sent with client_secret_basic.
    #[arg(long, env = "BENCH_CLIENT_SECRET", hide_env_values = true)]
    pub client_secret: String,
    /// Redirect URI registered for the client; the driver reads the code from the redirect and
    /// never connects to it.
    #[arg(long, default_value = "http://127.0.0.1:9/bench/callback")]
    pub redirect_uri: String,
    /// Password of every test person.
    #[arg(long, env = "BENCH_PASSWORD", hide_env_values = true)]
    pub password: String,
    /// Number of test people, at most 999; login n uses person n modulo this number.
    #[arg(long, default_value_t = 100)]
    pub users: u32,
    /// Register the people through the hub's /register form before anything is timed
    /// (tongban only).
    #[arg(long)]
    pub register: bool,
    /// Complete logins run before the timed ones and left out of the results.
    #[arg(long, default_value_t = 64)]
    pub warmup_logins: u32,
    /// Complete logins to time.
    #[arg(long, default_value_t = 1000)]
    pub logins: u32,
    /// Token requests (code redemptions) to time.
    #[arg(long, default_value_t = 2000)]
    pub tokens: u32,
    /// Codes issued and then redeemed per round of the token phase. Issued codes must be
    /// redeemed within the providers' code lifetime of 60 seconds.
    #[arg(long, default_value_t = 100)]
    pub token_batch: u32,
    /// Virtual users sending requests at the same time.
    #[arg(long, default_value_t = 16)]
    pub concurrency: u32,
    /// Process id of the provider, to report the CPU time it used in the timed phases.
    #[arg(long, value_name = "PID")]
    pub server_pid: Option<u32>,
}

/// Options of `argon2`.
#[derive(Debug, Args)]
struct Argon2Args {
    /// Timed verifications.
    #[arg(long, default_value_t = 30)]
    iterations: u32,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Run(args) => run(&args),
        Command::Argon2(args) => argon2(&args),
        Command::FreePort => free_port(),
    };
    match result {
        Ok(line) => {
            println!("{line}");
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("tongban-bench-oidc: {error:#}");
            ExitCode::FAILURE
        }
    }
}

fn run(args: &RunArgs) -> anyhow::Result<String> {
    require_loopback(&args.issuer)?;
    require_loopback(&args.redirect_uri)?;
    // reqwest is built without a default TLS crypto provider; plain HTTP needs one installed
    // all the same to build a client.
    let _ = rustls::crypto::ring::default_provider().install_default();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    let report = runtime.block_on(phases::run(args))?;
    Ok(report.to_string())
}

/// Rejects `text` unless it is a URL on the loopback interface.
fn require_loopback(text: &str) -> anyhow::Result<()> {
    let url = Url::parse(text).with_context(|| format!("{text} is not a URL"))?;
    browser::ensure_loopback(&url)
}

/// Verifies one password `iterations` times against a hash made by the hub's own function.
fn argon2(args: &Argon2Args) -> anyhow::Result<String> {
    ensure!(args.iterations > 0, "--iterations must be at least 1");
    let password = "correct horse battery staple";
    let hash = tongban_services::passwords::hash_password(password)?;
    // One untimed check first, which touches the 19 MiB of memory once.
    ensure!(tongban_services::passwords::verify_password(
        password, &hash
    )?);
    let mut samples = Vec::new();
    for _ in 0..args.iterations {
        let started = Instant::now();
        let matches = tongban_services::passwords::verify_password(password, &hash)?;
        samples.push(started.elapsed());
        ensure!(matches, "the password did not verify");
    }
    let parameters = hash.split('$').nth(3).unwrap_or_default();
    let total: Duration = samples.iter().sum();
    Ok(json!({
        "what": "argon2 verify",
        "phc_parameters": parameters,
        "iterations": args.iterations,
        "seconds": stats::round3(total.as_secs_f64()),
        "latency": Latency::of(&samples),
    })
    .to_string())
}

fn free_port() -> anyhow::Result<String> {
    let listener = TcpListener::bind("127.0.0.1:0")?;
    Ok(listener.local_addr()?.port().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_loopback_is_accepted() {
        assert!(require_loopback("http://127.0.0.1:8400").is_ok());
        assert!(require_loopback("http://127.1.2.3:9/cb").is_ok());
        assert!(require_loopback("http://[::1]:8400").is_ok());
        assert!(require_loopback("http://localhost:8400").is_ok());
        assert!(require_loopback("http://10.0.0.1:8400").is_err());
        assert!(require_loopback("https://example.org").is_err());
        assert!(require_loopback("not a url").is_err());
    }
}
