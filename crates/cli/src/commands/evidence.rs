//! `tongban evidence verify`: walks the hash chains of an instance's evidence log and of its
//! data access log.

use serde_json::json;
use tongban_i18n::{Lang, Message};
use tongban_services::data_sharing::access_log;
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
    let reports = super::block_on(lang, args.json, async {
        let store = connect(&config).await?;
        let evidence = passage::verify_evidence(&store).await;
        let accesses = access_log::verify_access_log(&store).await;
        store.pool().close().await;
        Ok((evidence?, accesses?))
    });
    let (evidence, accesses) = match reports {
        Ok(reports) => reports,
        Err(outcome) => return outcome,
    };
    if args.json {
        let mut document = report_json(&evidence, "cli-out-evidence-broken");
        document["access_log"] = report_json(&accesses, "cli-out-access-log-broken");
        output::print_json(&document);
    } else {
        print_report(
            &evidence,
            "cli-out-evidence-intact",
            "cli-out-evidence-broken",
            lang,
        );
        print_report(
            &accesses,
            "cli-out-access-log-intact",
            "cli-out-access-log-broken",
            lang,
        );
    }
    match (&evidence.broken, &accesses.broken) {
        (None, None) => Outcome::Valid,
        _ => Outcome::Invalid,
    }
}

fn report_json(report: &EvidenceReport, broken_key: &'static str) -> serde_json::Value {
    let Some(broken) = &report.broken else {
        return json!({
            "intact": true,
            "entries_checked": report.entries_checked,
        });
    };
    let message = broken_message(report, broken_key);
    json!({
        "intact": false,
        "entries_checked": report.entries_checked,
        "broken": {
            "sequence": broken.sequence,
            "problem": broken.problem.code(),
            "message": output::message_json(&message),
        },
    })
}

fn print_report(
    report: &EvidenceReport,
    intact_key: &'static str,
    broken_key: &'static str,
    lang: Lang,
) {
    let message = match &report.broken {
        None => Message::new(intact_key).arg("entries", report.entries_checked.to_string()),
        Some(_) => broken_message(report, broken_key),
    };
    println!("{}", message.render(lang));
}

fn broken_message(report: &EvidenceReport, key: &'static str) -> Message {
    let Some(broken) = &report.broken else {
        return Message::new(key);
    };
    Message::new(key)
        .arg("sequence", broken.sequence.to_string())
        .arg("problem", problem_message(&broken.problem))
        .arg("entries", report.entries_checked.to_string())
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
