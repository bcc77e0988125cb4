//! `tongban passage dead-letters list | retry`.

use serde_json::{Value, json};
use tongban_i18n::{Lang, Message};
use tongban_services::passage;
use tongban_store::passage::outbox::OutboxMessage;

use super::{connect, load_config};
use crate::args::{DeadLettersCommand, DeadLettersListArgs, DeadLettersRetryArgs};
use crate::output::{self, Outcome};

pub fn run(lang: Lang, command: DeadLettersCommand) -> Outcome {
    match command {
        DeadLettersCommand::List(args) => list(lang, &args),
        DeadLettersCommand::Retry(args) => retry(lang, &args),
    }
}

fn list(lang: Lang, args: &DeadLettersListArgs) -> Outcome {
    let config = match load_config(&args.config, lang, args.json) {
        Ok(config) => config,
        Err(outcome) => return outcome,
    };
    let letters = crate::commands::block_on(lang, args.json, async {
        let store = connect(&config).await?;
        let letters = passage::list_dead_letters(&store).await;
        store.pool().close().await;
        Ok(letters?)
    });
    let letters = match letters {
        Ok(letters) => letters,
        Err(outcome) => return outcome,
    };

    if args.json {
        let letters: Vec<Value> = letters.iter().map(letter_json).collect();
        output::print_json(&json!({ "dead_letters": letters }));
        return Outcome::Valid;
    }
    if letters.is_empty() {
        println!(
            "{}",
            Message::new("cli-out-passage-no-dead-letters").render(lang)
        );
    }
    for letter in &letters {
        let dead_at = letter
            .dead_at
            .map(|at| {
                at.with_timezone(&tongban_domain::time::CHINA_STANDARD_TIME)
                    .format("%Y-%m-%d %H:%M:%S%:z")
                    .to_string()
            })
            .unwrap_or_default();
        println!(
            "{}  {} -> {}  {}  {}  {}  {}",
            letter.message_id,
            letter.sender,
            letter.receiver,
            letter.message_type,
            letter.attempts,
            dead_at,
            letter.last_error.as_deref().unwrap_or("")
        );
    }
    Outcome::Valid
}

fn letter_json(letter: &OutboxMessage) -> Value {
    json!({
        "message_id": letter.message_id,
        "sender": letter.sender,
        "receiver": letter.receiver,
        "destination": letter.destination,
        "message_type": letter.message_type,
        "ordering_key": letter.ordering_key,
        "sequence": letter.sequence,
        "attempts": letter.attempts,
        "created_at": letter.created_at.to_rfc3339(),
        "dead_at": letter.dead_at.map(|at| at.to_rfc3339()),
        "last_error": letter.last_error,
    })
}

fn retry(lang: Lang, args: &DeadLettersRetryArgs) -> Outcome {
    let config = match load_config(&args.config, lang, args.json) {
        Ok(config) => config,
        Err(outcome) => return outcome,
    };
    let actor = args
        .actor
        .clone()
        .unwrap_or_else(crate::commands::default_actor);
    let queued = crate::commands::block_on(lang, args.json, async {
        let store = connect(&config).await?;
        let queued = match &args.message_id {
            Some(message_id) if !args.all => passage::retry_dead_letter(&store, message_id, &actor)
                .await
                .map(|found| {
                    if found {
                        vec![message_id.clone()]
                    } else {
                        Vec::new()
                    }
                }),
            _ => passage::retry_all_dead_letters(&store, &actor).await,
        };
        store.pool().close().await;
        Ok(queued?)
    });
    let queued = match queued {
        Ok(queued) => queued,
        Err(outcome) => return outcome,
    };

    if let (Some(message_id), false, true) = (&args.message_id, args.all, queued.is_empty()) {
        let message = Message::new("cli-out-passage-no-such-dead-letter")
            .arg("message_id", message_id.as_str());
        eprintln!("{}", message.render(lang));
        if args.json {
            output::print_json(&json!({
                "error": { "rule": "not-found", "message": output::message_json(&message) }
            }));
        }
        return Outcome::UsageOrDataError;
    }
    if args.json {
        output::print_json(&json!({ "queued": queued }));
    } else {
        let message =
            Message::new("cli-out-passage-retried").arg("count", queued.len().to_string());
        println!("{}", message.render(lang));
    }
    Outcome::Valid
}
