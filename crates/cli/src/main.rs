//! `tongban`: the one binary of the platform. Operators and scripts use its subcommands; the
//! hub and the nodes run from it.

mod args;
mod commands;
mod help;
mod output;

use std::process::ExitCode;

use clap::FromArgMatches;

use crate::args::{Cli, Command};
use crate::output::Outcome;

fn main() -> ExitCode {
    let lang = output::pick_language(std::env::args());
    let matches = help::localized_command(lang).get_matches();
    let cli = match Cli::from_arg_matches(&matches) {
        Ok(cli) => cli,
        Err(error) => error.exit(),
    };
    init_logging();

    let outcome = match cli.command {
        Command::Ids(command) => commands::ids::run(&cli.global, lang, command),
        Command::Calendar(command) => commands::calendar::run(&cli.global, lang, command),
        Command::Data(command) => commands::data::run(&cli.global, lang, command),
        Command::Import(command) => commands::import::run(&cli.global, lang, command),
        Command::Audit(command) => commands::audit::run(lang, command),
    };
    match outcome {
        Outcome::Valid => ExitCode::SUCCESS,
        Outcome::Invalid => ExitCode::from(1),
        Outcome::UsageOrDataError => ExitCode::from(2),
    }
}

/// Logs go to standard error, filtered by `RUST_LOG` (default: warnings), so that standard
/// output stays clean for `--json`.
fn init_logging() {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn"));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .init();
}
