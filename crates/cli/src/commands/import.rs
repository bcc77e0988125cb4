//! `tongban import catalog`: the service catalog into a database, and `tongban import
//! implementations`: a node's implementation list.

use indicatif::{ProgressBar, ProgressStyle};
use serde_json::json;
use tongban_i18n::{Lang, Message};
use tongban_services::catalog_import::{self, ImportSummary};
use tongban_store::Store;

use tongban_services::ServiceError;
use tongban_services::implementations::{self, ListError};

use super::UserError;
use crate::args::{GlobalArgs, ImportCatalogArgs, ImportCommand, ImportImplementationsArgs};
use crate::output::{self, Outcome};

pub fn run(global: &GlobalArgs, lang: Lang, command: ImportCommand) -> Outcome {
    match command {
        ImportCommand::Catalog(args) => catalog(global, lang, &args),
        ImportCommand::Implementations(args) => implementation_list(lang, &args),
    }
}

fn implementation_list(lang: Lang, args: &ImportImplementationsArgs) -> Outcome {
    let actor = args.actor.clone().unwrap_or_else(super::default_actor);
    let stored = super::block_on(lang, args.json, async {
        let text = std::fs::read_to_string(&args.file).map_err(|error| {
            UserError(
                Message::new("cli-out-import-list-unreadable")
                    .arg("path", args.file.display().to_string())
                    .arg("error", error.to_string()),
            )
        })?;
        super::prepare_sqlite_folder(&args.database_url);
        let store = Store::connect(&args.database_url).await?;
        let stored = implementations::import_list(&store, &text, &actor).await;
        store.pool().close().await;
        match stored {
            Ok(stored) => Ok(stored),
            Err(ServiceError::ImplementationList(ListError(message))) => {
                Err(UserError(message).into())
            }
            Err(error) => Err(error.into()),
        }
    });
    let stored = match stored {
        Ok(stored) => stored,
        Err(outcome) => return outcome,
    };

    let ids: Vec<&str> = stored.iter().map(|entry| entry.id.as_str()).collect();
    if args.json {
        output::print_json(&json!({ "stored": ids.len(), "ids": ids }));
    } else {
        let message = Message::new("cli-out-import-list-stored")
            .arg("count", ids.len().to_string())
            .arg("ids", ids.join(", "));
        println!("{}", message.render(lang));
    }
    Outcome::Valid
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
