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
    init_logging(match cli.command {
        Command::Serve(_) | Command::Demo(_) => "info",
        // Failed steps are counted in the report; a log line for each would hide the
        // progress bar.
        Command::Simulate(_) => "error",
        _ => "warn",
    });

    let outcome = match cli.command {
        Command::Serve(args) => commands::serve::run(lang, &args),
        Command::Demo(args) => commands::demo::run(&cli.global, lang, &args),
        Command::Ids(command) => commands::ids::run(&cli.global, lang, command),
        Command::Calendar(command) => commands::calendar::run(&cli.global, lang, command),
        Command::Data(command) => commands::data::run(&cli.global, lang, command),
        Command::Import(command) => commands::import::run(&cli.global, lang, command),
        Command::Audit(command) => commands::audit::run(lang, command),
        Command::Hub(command) => commands::hub::run(lang, command),
        Command::Evidence(command) => commands::evidence::run(lang, command),
        Command::Passage(command) => commands::passage::run(lang, command),
        Command::Cert(command) => commands::cert::run(lang, command),
        Command::Registry(command) => commands::registry::run(&cli.global, lang, command),
        Command::Simulate(args) => commands::simulate::run(&cli.global, lang, &args),
    };
    match outcome {
        Outcome::Valid => ExitCode::SUCCESS,
        Outcome::Invalid => ExitCode::from(1),
        Outcome::UsageOrDataError => ExitCode::from(2),
    }
}

/// Logs go to standard error, filtered by `RUST_LOG`, by default at level `default`:
/// informational for servers, errors only for the simulation, and warnings only for the other
/// commands, whose standard output must stay clean for `--json`.
/// `TONGBAN_LOG_FORMAT=json` writes one JSON object per event. Colours are used only on a
/// terminal and without `NO_COLOR`, so a log written to a file stays plain text.
fn init_logging(default: &str) {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(default));
    let colour = std::io::IsTerminal::is_terminal(&std::io::stderr())
        && std::env::var_os("NO_COLOR").is_none_or(|value| value.is_empty());
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(colour)
        .with_writer(std::io::stderr);
    if std::env::var("TONGBAN_LOG_FORMAT").is_ok_and(|format| format == "json") {
        builder.json().init();
    } else {
        builder.init();
    }
}
