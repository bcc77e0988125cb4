//! `tongban passage ping`: puts diagnostic pings in the outbox of an instance, in
//! transactions of up to [`PINGS_PER_TRANSACTION`], for its running worker to deliver.

use std::sync::Arc;

use serde_json::{Map, json};
use tongban_i18n::{Lang, Message};
use tongban_server::Config;
use tongban_server::config::Role;
use tongban_services::passage::{self, Handlers, OutgoingMessage, PING_TYPE, Passage};

use super::{connect, load_config};
use crate::args::PingArgs;
use crate::commands::UserError;
use crate::output::{self, Outcome};

/// Pings enqueued per transaction: large enough to write 10,000 in seconds, small enough that
/// the running instance's own writers do not wait long for the lock.
const PINGS_PER_TRANSACTION: u32 = 500;

pub fn run(lang: Lang, args: &PingArgs) -> Outcome {
    let config = match load_config(&args.config, lang, args.json) {
        Ok(config) => config,
        Err(outcome) => return outcome,
    };
    let enqueued = crate::commands::block_on(lang, args.json, enqueue_pings(&config, args));
    let enqueued = match enqueued {
        Ok(enqueued) => enqueued,
        Err(outcome) => return outcome,
    };
    if args.json {
        output::print_json(&json!({
            "enqueued": enqueued,
            "sender": config.instance.id,
            "receiver": args.to,
            "ordering_key": args.ordering_key,
        }));
    } else {
        let message = Message::new("cli-out-passage-pinged")
            .arg("count", enqueued.to_string())
            .arg("receiver", args.to.as_str());
        println!("{}", message.render(lang));
    }
    Outcome::Valid
}

async fn enqueue_pings(config: &Config, args: &PingArgs) -> anyhow::Result<u32> {
    let key_path = tongban_services::keys::signing_key_path(&config.instance.data_dir);
    if !key_path.exists() {
        let message =
            Message::new("cli-out-passage-no-key").arg("path", key_path.display().to_string());
        return Err(UserError(message).into());
    }
    let signing_key =
        tongban_services::keys::load_or_create_signing_key(&config.instance.data_dir)?;
    let store = connect(config).await?;
    let role = match config.role {
        Role::Hub => passage::Role::Hub,
        Role::Node => passage::Role::Node,
    };
    let passage = Passage::new(
        store.clone(),
        role,
        &config.instance.id,
        Arc::new(signing_key),
        Handlers::with_diagnostics(),
        config.passage.settings(),
    );

    let mut enqueued = 0;
    while enqueued < args.count {
        let batch = (args.count - enqueued).min(PINGS_PER_TRANSACTION);
        let mut transaction = store.begin().await?;
        for _ in 0..batch {
            let mut body = Map::new();
            body.insert("note".to_owned(), json!("tongban passage ping"));
            let message = OutgoingMessage {
                receiver: &args.to,
                message_type: PING_TYPE,
                ordering_key: &args.ordering_key,
                body,
            };
            passage::enqueue(&mut transaction, &passage, message).await?;
        }
        tongban_store::commit(transaction).await?;
        enqueued += batch;
    }
    store.pool().close().await;
    Ok(enqueued)
}
