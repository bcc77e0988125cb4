//! `tongban hub seals` and `tongban hub revoke-seal`: the e-seal certificates the hub issued.

use chrono::Utc;
use serde_json::{Value, json};
use tongban_i18n::{Lang, Message};
use tongban_services::federation::{self, SealRevocationOutcome};
use tongban_store::seal_certificates::StoredSealCertificate;

use super::{connect, federation_error, load_hub_config};
use crate::args::{NodesArgs, RevokeSealArgs};
use crate::output::{self, Outcome};

/// Lists every seal certificate, revoked ones included.
pub(super) fn list(lang: Lang, args: &NodesArgs) -> Outcome {
    let (config, _) = match load_hub_config(&args.config, lang, args.json) {
        Ok(loaded) => loaded,
        Err(outcome) => return outcome,
    };
    let listed = crate::commands::block_on(lang, args.json, async {
        let store = connect(&config).await?;
        let listed = federation::list_seals(&store).await;
        store.pool().close().await;
        Ok(listed)
    });
    let seals = match listed {
        Ok(Ok(seals)) => seals,
        Ok(Err(error)) => return federation_error(&error, lang, args.json),
        Err(outcome) => return outcome,
    };
    if args.json {
        let seals: Vec<Value> = seals.iter().map(seal_json).collect();
        output::print_json(&json!({ "seals": seals }));
        return Outcome::Valid;
    }
    if seals.is_empty() {
        println!("{}", Message::new("cli-out-hub-no-seals").render(lang));
    }
    for seal in &seals {
        let status = if seal.revocation.is_some() {
            "revoked"
        } else {
            "active"
        };
        println!(
            "{} {:<8} {:<10} {} {}  {}",
            seal.serial,
            seal.node_id,
            status,
            seal.department_code,
            seal.valid_until.to_rfc3339(),
            seal.seal_name,
        );
    }
    Outcome::Valid
}

fn seal_json(seal: &StoredSealCertificate) -> Value {
    json!({
        "serial": seal.serial,
        "node_id": seal.node_id,
        "department": seal.department,
        "department_code": seal.department_code,
        "seal_name": seal.seal_name,
        "key_id": seal.key_id,
        "valid_from": seal.valid_from.to_rfc3339(),
        "valid_until": seal.valid_until.to_rfc3339(),
        "revoked_at": seal.revocation.as_ref().map(|revocation| revocation.revoked_at.to_rfc3339()),
        "revocation_reason": seal.revocation.as_ref().map(|revocation| revocation.reason.clone()),
    })
}

/// Revokes one seal, effective now.
pub(super) fn revoke(lang: Lang, args: &RevokeSealArgs) -> Outcome {
    let (config, _) = match load_hub_config(&args.config, lang, args.json) {
        Ok(loaded) => loaded,
        Err(outcome) => return outcome,
    };
    let actor = args
        .actor
        .clone()
        .unwrap_or_else(crate::commands::default_actor);
    let revoked = crate::commands::block_on(lang, args.json, async {
        let store = connect(&config).await?;
        let revoked =
            federation::revoke_seal(&store, &args.serial, &args.reason, &actor, Utc::now()).await;
        store.pool().close().await;
        Ok(revoked)
    });
    let already = match revoked {
        Ok(Ok(SealRevocationOutcome::Revoked)) => false,
        Ok(Ok(SealRevocationOutcome::AlreadyRevoked)) => true,
        Ok(Err(error)) => return federation_error(&error, lang, args.json),
        Err(outcome) => return outcome,
    };
    if args.json {
        output::print_json(&json!({
            "serial": args.serial,
            "status": "revoked",
            "already_revoked": already,
        }));
    } else {
        let key = if already {
            "cli-out-hub-seal-already-revoked"
        } else {
            "cli-out-hub-seal-revoked"
        };
        println!(
            "{}",
            Message::new(key)
                .arg("serial", args.serial.as_str())
                .render(lang)
        );
    }
    Outcome::Valid
}
