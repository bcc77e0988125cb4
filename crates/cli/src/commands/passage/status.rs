//! `tongban passage status`: the outbox and inbox counts by status and the ping counters.

use serde_json::{Value, json};
use tongban_i18n::{Lang, Message};
use tongban_store::passage::{inbox, outbox, pings};

use super::{connect, load_config};
use crate::args::PassageStatusArgs;
use crate::output::{self, Outcome};

pub fn run(lang: Lang, args: &PassageStatusArgs) -> Outcome {
    let config = match load_config(&args.config, lang, args.json) {
        Ok(config) => config,
        Err(outcome) => return outcome,
    };
    let counts = crate::commands::block_on(lang, args.json, async {
        let store = connect(&config).await?;
        let outbox = outbox::count_messages(store.pool()).await?;
        let inbox = inbox::count_messages(store.pool()).await?;
        let pings = pings::list_counters(store.pool()).await?;
        store.pool().close().await;
        Ok((outbox, inbox, pings))
    });
    let (outbox, inbox, pings) = match counts {
        Ok(counts) => counts,
        Err(outcome) => return outcome,
    };

    if args.json {
        let pings: Vec<Value> = pings
            .iter()
            .map(|counter| {
                json!({
                    "sender": counter.sender,
                    "ordering_key": counter.ordering_key,
                    "count": counter.count,
                })
            })
            .collect();
        output::print_json(&json!({
            "outbox": {
                "pending": outbox.pending,
                "delivered": outbox.delivered,
                "dead": outbox.dead,
            },
            "inbox": {
                "waiting": inbox.waiting,
                "applied": inbox.applied,
                "rejected": inbox.rejected,
                "stale": inbox.stale,
            },
            "pings": pings,
        }));
        return Outcome::Valid;
    }
    let message = Message::new("cli-out-passage-status")
        .arg("pending", outbox.pending.to_string())
        .arg("delivered", outbox.delivered.to_string())
        .arg("dead", outbox.dead.to_string())
        .arg("waiting", inbox.waiting.to_string())
        .arg("applied", inbox.applied.to_string())
        .arg("rejected", inbox.rejected.to_string())
        .arg("stale", inbox.stale.to_string());
    println!("{}", message.render(lang));
    for counter in &pings {
        let line = Message::new("cli-out-passage-ping-counter")
            .arg("sender", counter.sender.as_str())
            .arg("ordering_key", counter.ordering_key.as_str())
            .arg("count", counter.count.to_string());
        println!("{}", line.render(lang));
    }
    Outcome::Valid
}
