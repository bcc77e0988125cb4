//! `tongban evidence verify`: walks the hash chain of an instance's evidence log.

use serde_json::json;
use tongban_i18n::{Lang, Message};
use tongban_services::passage::{self, EvidenceReport, LinkProblem};

use super::passage::{connect, load_config};
use crate::args::{EvidenceCommand, EvidenceVerifyArgs};
use crate::output::{self, Outcome};

pub fn run(lang: Lang, command: EvidenceCommand) -> Outcome {
    match command {
        EvidenceCommand::Verify(args) => verify(lang, &args),
    }
}

fn verify(lang: Lang, args: &EvidenceVerifyArgs) -> Outcome {
    let config = match load_config(&args.config, lang, args.json) {
        Ok(config) => config,
        Err(outcome) => return outcome,
    };
    let report = super::block_on(lang, args.json, async {
        let store = connect(&config).await?;
        let report = passage::verify_evidence(&store).await;
        store.pool().close().await;
        Ok(report?)
    });
    let report = match report {
        Ok(report) => report,
        Err(outcome) => return outcome,
    };
    print_report(&report, lang, args.json);
    match report.broken {
        None => Outcome::Valid,
        Some(_) => Outcome::Invalid,
    }
}

fn print_report(report: &EvidenceReport, lang: Lang, json: bool) {
    let Some(broken) = &report.broken else {
        if json {
            output::print_json(&json!({
                "intact": true,
                "entries_checked": report.entries_checked,
            }));
        } else {
            let message = Message::new("cli-out-evidence-intact")
                .arg("entries", report.entries_checked.to_string());
            println!("{}", message.render(lang));
        }
        return;
    };
    let problem = problem_message(&broken.problem);
    let message = Message::new("cli-out-evidence-broken")
        .arg("sequence", broken.sequence.to_string())
        .arg("problem", problem.clone())
        .arg("entries", report.entries_checked.to_string());
    if json {
        output::print_json(&json!({
            "intact": false,
            "entries_checked": report.entries_checked,
            "broken": {
                "sequence": broken.sequence,
                "problem": broken.problem.code(),
                "message": output::message_json(&message),
            },
        }));
    } else {
        println!("{}", message.render(lang));
    }
}

fn problem_message(problem: &LinkProblem) -> Message {
    match problem {
        LinkProblem::SequenceGap { expected } => {
            Message::new("cli-out-evidence-gap").arg("expected", expected.to_string())
        }
        LinkProblem::PreviousHash => Message::new("cli-out-evidence-previous-hash"),
        LinkProblem::EntryHash => Message::new("cli-out-evidence-entry-hash"),
        LinkProblem::Head { head_sequence } => {
            Message::new("cli-out-evidence-head").arg("head", head_sequence.to_string())
        }
    }
}
