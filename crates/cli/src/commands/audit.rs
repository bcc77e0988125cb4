//! `tongban audit list`: the audit trail of a database.

use serde_json::json;
use tongban_i18n::{Lang, Message};
use tongban_store::{Store, audit};

use crate::args::{AuditCommand, AuditListArgs};
use crate::output::{self, Outcome};

pub fn run(lang: Lang, command: AuditCommand) -> Outcome {
    match command {
        AuditCommand::List(args) => list(lang, &args),
    }
}

fn list(lang: Lang, args: &AuditListArgs) -> Outcome {
    let events = super::block_on(lang, args.json, async {
        let store = Store::connect(&args.database_url).await?;
        Ok(audit::list_events(store.pool(), &args.subject, args.limit).await?)
    });
    let events = match events {
        Ok(events) => events,
        Err(outcome) => return outcome,
    };

    if args.json {
        let events: Vec<_> = events
            .iter()
            .map(|event| {
                json!({
                    "id": event.id,
                    "occurred_at": event.occurred_at.to_rfc3339(),
                    "actor": event.actor,
                    "action": event.action,
                    "subject": event.subject,
                    "reason": event.reason,
                    "details": event.details,
                })
            })
            .collect();
        output::print_json(&json!({ "events": events }));
        return Outcome::Valid;
    }

    if events.is_empty() {
        println!("{}", Message::new("cli-out-audit-empty").render(lang));
    }
    for event in &events {
        let time = event
            .occurred_at
            .with_timezone(&tongban_domain::time::CHINA_STANDARD_TIME);
        println!(
            "#{} {} {} {} {} — {}",
            event.id,
            time.format("%Y-%m-%d %H:%M:%S%:z"),
            event.actor,
            event.action,
            event.subject,
            event.reason.as_deref().unwrap_or("")
        );
    }
    Outcome::Valid
}
