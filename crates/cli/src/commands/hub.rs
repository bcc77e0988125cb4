//! `tongban hub enroll-node | revoke-node | nodes | register-client | seals | revoke-seal`:
//! the hub's node registry, its OpenID Provider's clients and the departments' e-seals,
//! operated from the hub's configuration file.

mod register_client;
mod seals;

use std::path::Path;

use serde_json::{Map, Value, json};
use tongban_domain::node::NodeKind;
use tongban_i18n::{Lang, Message};
use tongban_server::Config;
use tongban_server::config::{HubSection, Role};
use tongban_services::federation::{
    self, FederationError, IssuedToken, NewEnrolment, NodeEntry, Revocation,
};
use tongban_store::Store;

use crate::args::{EnrollNodeArgs, HubCommand, NodesArgs, RevokeNodeArgs};
use crate::output::{self, Outcome};

pub fn run(lang: Lang, command: HubCommand) -> Outcome {
    match command {
        HubCommand::EnrollNode(args) => enroll_node(lang, &args),
        HubCommand::RevokeNode(args) => revoke_node(lang, &args),
        HubCommand::Nodes(args) => nodes(lang, &args),
        HubCommand::RegisterClient(args) => register_client::run(lang, &args),
        HubCommand::Seals(args) => seals::list(lang, &args),
        HubCommand::RevokeSeal(args) => seals::revoke(lang, &args),
    }
}

fn enroll_node(lang: Lang, args: &EnrollNodeArgs) -> Outcome {
    let (config, hub) = match load_hub_config(&args.config, lang, args.json) {
        Ok(loaded) => loaded,
        Err(outcome) => return outcome,
    };
    let kind = match NodeKind::parse(&args.kind) {
        Ok(kind) => kind,
        Err(error) => return output::data_error(&error, lang, args.json),
    };
    let enrolment = NewEnrolment {
        node_id: args.node_id.clone(),
        kind,
        division_code: args.division.clone(),
        name_zh: args.name_zh.clone(),
        name_en: args.name_en.clone(),
    };
    let actor = args.actor.clone().unwrap_or_else(super::default_actor);

    let issued = super::block_on(lang, args.json, async {
        let store = connect(&config).await?;
        let issued = federation::issue_enrolment_token(
            &store,
            enrolment,
            hub.enrolment_token_validity(),
            &actor,
        )
        .await;
        store.pool().close().await;
        Ok(issued)
    });
    match issued {
        Ok(Ok(issued)) => {
            print_token(&issued, lang, args.json);
            Outcome::Valid
        }
        Ok(Err(error)) => federation_error(&error, lang, args.json),
        Err(outcome) => outcome,
    }
}

fn print_token(issued: &IssuedToken, lang: Lang, json: bool) {
    let expires_at = issued.expires_at.to_rfc3339();
    if json {
        output::print_json(&json!({
            "node_id": issued.node_id,
            "token": issued.token,
            "expires_at": expires_at,
        }));
        return;
    }
    let local = issued
        .expires_at
        .with_timezone(&tongban_domain::time::CHINA_STANDARD_TIME)
        .format("%Y-%m-%d %H:%M:%S%:z")
        .to_string();
    let heading = Message::new("cli-out-hub-token-issued")
        .arg("node_id", issued.node_id.as_str())
        .arg("expires_at", local);
    println!("{}", heading.render(lang));
    println!("{}", issued.token);
    println!("{}", Message::new("cli-out-hub-token-use").render(lang));
}

fn revoke_node(lang: Lang, args: &RevokeNodeArgs) -> Outcome {
    let (config, _) = match load_hub_config(&args.config, lang, args.json) {
        Ok(loaded) => loaded,
        Err(outcome) => return outcome,
    };
    let actor = args.actor.clone().unwrap_or_else(super::default_actor);
    let revoked = super::block_on(lang, args.json, async {
        let store = connect(&config).await?;
        let revoked = federation::revoke_node(&store, &args.node_id, &args.reason, &actor).await;
        store.pool().close().await;
        Ok(revoked)
    });
    let revocation = match revoked {
        Ok(Ok(revocation)) => revocation,
        Ok(Err(error)) => return federation_error(&error, lang, args.json),
        Err(outcome) => return outcome,
    };

    let (already, cancelled_tokens) = match revocation {
        Revocation::Revoked { cancelled_tokens } => (false, cancelled_tokens),
        Revocation::AlreadyRevoked => (true, 0),
    };
    if args.json {
        output::print_json(&json!({
            "node_id": args.node_id,
            "status": "revoked",
            "already_revoked": already,
            "cancelled_tokens": cancelled_tokens,
        }));
    } else if already {
        let message =
            Message::new("cli-out-hub-already-revoked").arg("node_id", args.node_id.as_str());
        println!("{}", message.render(lang));
    } else {
        let message = Message::new("cli-out-hub-revoked")
            .arg("node_id", args.node_id.as_str())
            .arg("tokens", cancelled_tokens.to_string());
        println!("{}", message.render(lang));
    }
    Outcome::Valid
}

fn nodes(lang: Lang, args: &NodesArgs) -> Outcome {
    let (config, _) = match load_hub_config(&args.config, lang, args.json) {
        Ok(loaded) => loaded,
        Err(outcome) => return outcome,
    };
    let listed = super::block_on(lang, args.json, async {
        let store = connect(&config).await?;
        let listed = federation::list_nodes(&store).await;
        store.pool().close().await;
        Ok(listed)
    });
    let entries = match listed {
        Ok(Ok(entries)) => entries,
        Ok(Err(error)) => return federation_error(&error, lang, args.json),
        Err(outcome) => return outcome,
    };

    if args.json {
        let nodes: Vec<Value> = entries.iter().map(node_json).collect();
        output::print_json(&json!({ "nodes": nodes }));
        return Outcome::Valid;
    }
    if entries.is_empty() {
        println!("{}", Message::new("cli-out-hub-no-nodes").render(lang));
    }
    for entry in &entries {
        let node = &entry.node;
        let name = if lang == Lang::En {
            &node.name_en
        } else {
            &node.name_zh
        };
        let current_keys: Vec<&str> = entry
            .keys
            .iter()
            .filter(|key| key.valid_until.is_none())
            .map(|key| key.key_id.as_str())
            .collect();
        println!(
            "{:<12} {:<10} {} {:<7} {}  {name}  {}",
            node.node_id,
            node.kind,
            node.division_code,
            node.status,
            node.endpoint,
            current_keys.join(",")
        );
    }
    Outcome::Valid
}

fn node_json(entry: &NodeEntry) -> Value {
    let node = &entry.node;
    let keys: Vec<Value> = entry
        .keys
        .iter()
        .map(|key| {
            json!({
                "key_id": key.key_id,
                "public_key": key.public_key,
                "valid_from": key.valid_from.to_rfc3339(),
                "valid_until": key.valid_until.map(|until| until.to_rfc3339()),
            })
        })
        .collect();
    json!({
        "id": node.node_id,
        "kind": node.kind,
        "division_code": node.division_code,
        "names": { "zh-CN": node.name_zh, "en": node.name_en },
        "endpoint": node.endpoint,
        "status": node.status.as_str(),
        "enrolled_at": node.enrolled_at.to_rfc3339(),
        "revoked_at": node.revoked_at.map(|at| at.to_rfc3339()),
        "revocation_reason": node.revocation_reason,
        "keys": keys,
    })
}

/// Loads the configuration at `path` and checks that it is a hub's.
pub(super) fn load_hub_config(
    path: &Path,
    lang: Lang,
    json: bool,
) -> Result<(Config, HubSection), Outcome> {
    let config = Config::load(path).map_err(|error| {
        let message = error.message();
        print_error("config-invalid", &message, &Map::new(), lang, json)
    })?;
    if config.role != Role::Hub {
        let message = Message::new("cli-out-hub-not-a-hub").arg("path", path.display().to_string());
        return Err(print_error("not-a-hub", &message, &Map::new(), lang, json));
    }
    let hub = config.hub.clone().unwrap_or_default();
    Ok((config, hub))
}

pub(super) async fn connect(config: &Config) -> anyhow::Result<Store> {
    let url = config.database_url();
    super::prepare_sqlite_folder(&url);
    Ok(Store::connect(&url).await?)
}

/// Prints why a federation use case failed and returns the exit status for it.
pub(super) fn federation_error(error: &FederationError, lang: Lang, json: bool) -> Outcome {
    let mut fields = Map::new();
    if let FederationError::Invalid(errors) = error {
        for field in errors.iter() {
            fields.insert(field.field.to_owned(), output::message_json(&field.message));
            if !json {
                eprintln!("{}", field.message.render(lang));
            }
        }
        if json {
            let first = error.message();
            return print_error("invalid-field", &first, &fields, lang, true);
        }
        return Outcome::UsageOrDataError;
    }
    let rule = match error {
        FederationError::NodeNotFound { .. } => "node-not-found",
        FederationError::SealNotFound { .. } => "seal-not-found",
        _ => "failed",
    };
    if matches!(
        error,
        FederationError::Store(_) | FederationError::Service(_)
    ) {
        let message = Message::new("cli-out-failed").arg("error", error.to_string());
        return print_error(rule, &message, &fields, lang, json);
    }
    print_error(rule, &error.message(), &fields, lang, json)
}

fn print_error(
    rule: &str,
    message: &Message,
    fields: &Map<String, Value>,
    lang: Lang,
    json: bool,
) -> Outcome {
    eprintln!("{}", message.render(lang));
    if json {
        let mut error = json!({ "rule": rule, "message": output::message_json(message) });
        if !fields.is_empty() {
            error["fields"] = Value::Object(fields.clone());
        }
        output::print_json(&json!({ "error": error }));
    }
    Outcome::UsageOrDataError
}
