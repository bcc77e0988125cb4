//! `tongban data check`: what the reference data directory holds and what is wrong with it.

use serde_json::json;
use tongban_i18n::Lang;
use tongban_refdata::render_report;

use crate::args::{DataCheckArgs, DataCommand, GlobalArgs};
use crate::output::{self, Outcome};

pub fn run(global: &GlobalArgs, lang: Lang, command: DataCommand) -> Outcome {
    match command {
        DataCommand::Check(args) => check(global, lang, &args),
    }
}

fn check(global: &GlobalArgs, lang: Lang, args: &DataCheckArgs) -> Outcome {
    let data = match super::reference_data(global, lang, args.json) {
        Ok(data) => data,
        Err(outcome) => return outcome,
    };
    let report = data.check();

    if args.json {
        let sets: Vec<_> = report
            .sets
            .iter()
            .map(|set| {
                json!({
                    "name": set.name,
                    "source": set.source,
                    "collected": set.collected,
                    "rows": set.rows.iter().map(|(file, rows)| json!({ "file": file, "rows": rows })).collect::<Vec<_>>(),
                    "years": set.years.map(|(first, last)| json!({ "first": first, "last": last })),
                    "notes": set.notes.iter().map(output::message_json).collect::<Vec<_>>(),
                    "problems": set.problems.iter().map(output::message_json).collect::<Vec<_>>(),
                })
            })
            .collect();
        output::print_json(&json!({ "dir": report.dir, "ok": report.is_ok(), "sets": sets }));
    } else {
        print!("{}", render_report(&report, lang));
    }

    if report.is_ok() {
        Outcome::Valid
    } else {
        Outcome::UsageOrDataError
    }
}
