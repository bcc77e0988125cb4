//! `tongban import catalog`: the service catalog into a database.

use indicatif::{ProgressBar, ProgressStyle};
use serde_json::json;
use tongban_i18n::{Lang, Message};
use tongban_services::catalog_import::{self, ImportSummary};
use tongban_store::Store;

use crate::args::{GlobalArgs, ImportCatalogArgs, ImportCommand};
use crate::output::{self, Outcome};

pub fn run(global: &GlobalArgs, lang: Lang, command: ImportCommand) -> Outcome {
    match command {
        ImportCommand::Catalog(args) => catalog(global, lang, &args),
    }
}

fn catalog(global: &GlobalArgs, lang: Lang, args: &ImportCatalogArgs) -> Outcome {
    let data = match super::reference_data(global, lang, args.json) {
        Ok(data) => data,
        Err(outcome) => return outcome,
    };
    let load = match data
        .divisions()
        .and_then(|divisions| data.service_items(&divisions))
    {
        Ok(load) => load,
        Err(error) => return output::data_error(&error, lang, args.json),
    };

    for rejected in &load.rejected {
        let message = Message::new("refdata-rejected-row")
            .arg("file", rejected.file.as_str())
            .arg("line", rejected.line.to_string())
            .arg("reason", rejected.reason.clone());
        eprintln!("{}", message.render(lang));
    }

    let bar = progress_bar(load.items.len(), lang, args.json);
    let actor = super::default_actor();
    let result = super::block_on(lang, args.json, async {
        super::prepare_sqlite_folder(&args.database_url);
        let store = Store::connect(&args.database_url).await?;
        let summary = catalog_import::import_catalog(&store, &load, &actor, |written| {
            bar.set_position(written as u64);
        })
        .await?;
        Ok(summary)
    });
    bar.finish_and_clear();

    match result {
        Ok(summary) => {
            print_summary(&summary, lang, args.json);
            Outcome::Valid
        }
        Err(outcome) => outcome,
    }
}

fn progress_bar(total: usize, lang: Lang, json: bool) -> ProgressBar {
    if json {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(total as u64);
    let label = Message::new("cli-out-import-progress").render(lang);
    let template = format!("{label} {{bar:40}} {{pos}}/{{len}}");
    if let Ok(style) = ProgressStyle::with_template(&template) {
        bar.set_style(style);
    }
    bar
}

fn print_summary(summary: &ImportSummary, lang: Lang, json: bool) {
    let counts = summary.counts;
    if json {
        output::print_json(&json!({
            "inserted": summary.inserted,
            "updated": summary.updated,
            "unchanged": summary.unchanged,
            "rejected": summary.rejected,
            "total": counts.total(),
            "implementation": counts.implementation.total(),
            "base": counts.base.total(),
            "guide_complete": counts.implementation.guide_complete + counts.base.guide_complete,
            "guide_incomplete": counts.implementation.guide_incomplete + counts.base.guide_incomplete,
            "audit_event_id": summary.audit_event_id,
        }));
        return;
    }
    let message = Message::new("cli-out-import-summary")
        .arg("inserted", summary.inserted.to_string())
        .arg("updated", summary.updated.to_string())
        .arg("unchanged", summary.unchanged.to_string())
        .arg("rejected", summary.rejected.to_string())
        .arg("total", counts.total().to_string())
        .arg(
            "complete",
            (counts.implementation.guide_complete + counts.base.guide_complete).to_string(),
        );
    println!("{}", message.render(lang));
}
