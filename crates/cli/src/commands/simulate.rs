//! `tongban simulate`: a hub and up to 31 province nodes under generated load, with a progress
//! bar and a report at the end.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressStyle};
use tongban_i18n::{Lang, Message};
use tongban_server::simulate::measure::Step;
use tongban_server::simulate::{self, Phase, Progress, Report, SimulateOptions, Status};

use super::UserError;
use crate::args::{GlobalArgs, SimulateArgs};
use crate::output::{self, Outcome};

pub fn run(global: &GlobalArgs, lang: Lang, args: &SimulateArgs) -> Outcome {
    let (data_dir, temporary) = match &args.data_dir {
        Some(dir) => (dir.clone(), false),
        None => (
            std::env::temp_dir().join(format!("tongban-simulate-{}", std::process::id())),
            true,
        ),
    };
    let options = SimulateOptions {
        nodes: usize::from(args.nodes),
        people: usize::try_from(args.people).unwrap_or(usize::MAX),
        rate: f64::from(args.rate),
        duration: Duration::from_secs(args.duration),
        settle: Duration::from_secs(args.settle),
        data_dir: data_dir.clone(),
        reference_data: global.reference_data.clone(),
        seed: args.seed,
    };

    let status = Arc::new(Status::default());
    let bar = progress_bar(args.json);
    let report = super::block_on(lang, args.json, async {
        if data_dir.exists() {
            let message = Message::new("cli-out-simulate-folder-exists")
                .arg("path", data_dir.display().to_string());
            return Err(UserError(message).into());
        }
        let ticker = tokio::spawn(show_progress(bar.clone(), status.clone(), lang, args.nodes));
        let stopper = tokio::spawn(stop_on_signals(status.clone()));
        let report = simulate::run(&options, &status).await;
        ticker.abort();
        stopper.abort();
        report
    });
    bar.finish_and_clear();
    if temporary {
        remove_folder(&data_dir);
    }

    let report = match report {
        Ok(report) => report,
        Err(outcome) => return outcome,
    };
    if args.json {
        output::print_json(&serde_json::to_value(&report).unwrap_or_default());
    } else {
        print_report(&report, lang);
    }
    if report.settled && report.messages.lost == 0 && report.messages.duplicated == 0 {
        Outcome::Valid
    } else {
        Outcome::Invalid
    }
}

fn progress_bar(json: bool) -> ProgressBar {
    if json {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new_spinner();
    if let Ok(style) = ProgressStyle::with_template("{spinner} {elapsed_precise} {msg}") {
        bar.set_style(style);
    }
    bar
}

/// Turns Ctrl-C and SIGTERM into stop requests: the first ends the arrivals, the next ends the
/// wait for the rest, and the report follows either way.
async fn stop_on_signals(status: Arc<Status>) {
    loop {
        super::serve::wait_for_stop_signal().await;
        status.request_stop();
    }
}

/// Shows the phase and the counters twice a second.
async fn show_progress(bar: ProgressBar, status: Arc<Status>, lang: Lang, nodes: u16) {
    let mut ticks = tokio::time::interval(Duration::from_millis(500));
    loop {
        ticks.tick().await;
        let progress = &status.progress;
        let key = match status.phase() {
            Phase::Starting => "cli-out-simulate-starting",
            Phase::Applying if status.stop_requested() => "cli-out-simulate-stopping",
            Phase::Applying => "cli-out-simulate-applying",
            Phase::Settling => "cli-out-simulate-settling",
            Phase::Checking => "cli-out-simulate-checking",
        };
        let message = Message::new(key)
            .arg("nodes", nodes.to_string())
            .arg("submitted", Progress::read(&progress.submitted).to_string())
            .arg("closed", Progress::read(&progress.closed).to_string())
            .arg("errors", Progress::read(&progress.errors).to_string());
        bar.set_message(message.render(lang));
        bar.tick();
    }
}

fn print_report(report: &Report, lang: Lang) {
    let say = |message: Message| println!("{}", message.render(lang));
    if report.stopped_early {
        say(Message::new("cli-out-simulate-stopped-early"));
    }
    say(Message::new("cli-out-simulate-report")
        .arg("nodes", report.nodes.to_string())
        .arg("people", report.people.to_string())
        .arg("rate", report.rate.to_string())
        .arg("duration", format!("{:.0}", report.duration_s)));
    say(Message::new("cli-out-simulate-started").arg("seconds", format!("{:.1}", report.start_s)));
    say(Message::new("cli-out-simulate-cases")
        .arg("submitted", report.submitted.to_string())
        .arg("speed", format!("{:.1}", report.submitted_per_s))
        .arg("closed", report.closed.to_string())
        .arg("rated", report.rated.to_string())
        .arg("errors", report.errors.to_string()));
    let settled = if report.settled {
        "cli-out-simulate-settled"
    } else {
        "cli-out-simulate-not-settled"
    };
    say(Message::new(settled).arg("seconds", format!("{:.1}", report.settle_s)));

    println!();
    say(Message::new("cli-out-simulate-steps"));
    for step in &report.steps {
        let name = Message::new(step_label(step.step));
        println!(
            "  {} {:>7} {:>5}   {:>8.1} {:>8.1} {:>8.1} {:>8.1}",
            padded(&name.render(lang), 14),
            step.count,
            step.errors,
            step.p50_ms,
            step.p90_ms,
            step.p99_ms,
            step.max_ms
        );
    }
    if !report.error_counts.is_empty() {
        println!();
        say(Message::new("cli-out-simulate-errors"));
        for error in report.error_counts.iter().take(10) {
            println!(
                "  {:>5} × {}: {}",
                error.count,
                error.step.name(),
                error.message
            );
        }
    }

    println!();
    let messages = &report.messages;
    say(Message::new("cli-out-simulate-messages")
        .arg("sent", messages.sent.to_string())
        .arg("applied", messages.applied.to_string())
        .arg("rejected", messages.rejected.to_string())
        .arg("lost", messages.lost.to_string())
        .arg("duplicated", messages.duplicated.to_string())
        .arg("dead", messages.dead.to_string())
        .arg("pending", messages.pending.to_string()));
    say(Message::new("cli-out-simulate-memory")
        .arg("idle", format!("{:.0}", report.rss_idle_mib))
        .arg("peak", format!("{:.0}", report.rss_peak_mib)));
    let verdict = if report.settled && messages.lost == 0 && messages.duplicated == 0 {
        "cli-out-simulate-verdict-ok"
    } else {
        "cli-out-simulate-verdict-failed"
    };
    say(Message::new(verdict));
}

/// `text` with spaces after it up to `width` terminal columns, a Chinese character taking two.
fn padded(text: &str, width: usize) -> String {
    let used: usize = text
        .chars()
        .map(|character| if is_wide(character) { 2 } else { 1 })
        .sum();
    format!("{text}{}", " ".repeat(width.saturating_sub(used)))
}

/// Returns whether a terminal draws `character` two columns wide: the CJK ideographs,
/// syllables and punctuation, and the fullwidth forms.
fn is_wide(character: char) -> bool {
    matches!(character,
        '\u{1100}'..='\u{115F}'
        | '\u{2E80}'..='\u{A4CF}'
        | '\u{AC00}'..='\u{D7A3}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{FE30}'..='\u{FE4F}'
        | '\u{FF00}'..='\u{FF60}'
        | '\u{FFE0}'..='\u{FFE6}')
}

fn step_label(step: Step) -> &'static str {
    match step {
        Step::Apply => "cli-out-simulate-step-apply",
        Step::Forward => "cli-out-simulate-step-forward",
        Step::Accept => "cli-out-simulate-step-accept",
        Step::Review => "cli-out-simulate-step-review",
        Step::Approve => "cli-out-simulate-step-approve",
        Step::Deny => "cli-out-simulate-step-deny",
        Step::Close => "cli-out-simulate-step-close",
        Step::Rate => "cli-out-simulate-step-rate",
        Step::EndToEnd => "cli-out-simulate-step-end-to-end",
    }
}

/// Removes the temporary folder of the instances; a failure only leaves files in the
/// system's temporary folder, so it is logged.
fn remove_folder(dir: &PathBuf) {
    if let Err(error) = std::fs::remove_dir_all(dir) {
        tracing::warn!(folder = %dir.display(), %error, "the simulation's folder was not removed");
    }
}
