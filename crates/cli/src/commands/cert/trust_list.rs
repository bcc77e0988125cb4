//! `tongban cert trust-list save`: fetches the hub's trust list and key and saves them for
//! offline verification.

use std::time::Duration;

use serde::Deserialize;
use serde_json::json;
use tongban_certificates::trust_file::{SavedTrustList, load_trust_file};
use tongban_crypto::trust_list::SignedTrustList;
use tongban_i18n::{Lang, Message};

use super::{fail, pinned_key};
use crate::args::TrustListSaveArgs;
use crate::output::{self, Outcome};

/// How long the fetch of the list and the key may take in all.
const FETCH_TIMEOUT: Duration = Duration::from_secs(15);

/// The hub's response at `/api/federation/hub-key`.
#[derive(Debug, Deserialize)]
struct HubKey {
    hub_id: String,
    public_key: String,
}

pub(super) fn save(lang: Lang, args: &TrustListSaveArgs) -> Outcome {
    let hub = args.hub.trim_end_matches('/').to_owned();
    let fetched = crate::commands::block_on(lang, args.json, async {
        // reqwest uses the process's default TLS provider; installing fails only when one is
        // installed already, which is what is needed.
        let _ = rustls::crypto::ring::default_provider().install_default();
        let client = reqwest::Client::builder()
            .timeout(FETCH_TIMEOUT)
            .redirect(reqwest::redirect::Policy::none())
            .build()?;
        let key: HubKey = client
            .get(format!("{hub}/api/federation/hub-key"))
            .send()
            .await?
            .error_for_status()?
            .json()
            .await?;
        let list: SignedTrustList = client
            .get(format!("{hub}/api/federation/trust-list"))
            .send()
            .await?
            .error_for_status()?
            .json()
            .await?;
        Ok((key, list))
    });
    let (key, list) = match fetched {
        Ok(fetched) => fetched,
        Err(outcome) => return outcome,
    };

    let (expected_id, expected_key) = pinned_key(args.hub_key.as_deref());
    let saved = SavedTrustList {
        hub_id: key.hub_id,
        hub_public_key: key.public_key,
        trust_list: list,
    };
    let text = match serde_json::to_string_pretty(&saved) {
        Ok(text) => text,
        Err(error) => {
            let message = Message::new("cli-out-failed").arg("error", error.to_string());
            return fail(lang, args.json, "failed", &message);
        }
    };
    // The saved file must load the way `cert verify` loads it.
    let loaded = match load_trust_file(&text, expected_key.as_deref()) {
        Ok(loaded) => loaded,
        Err(error) => {
            let message =
                Message::new("cli-out-cert-trust-list-invalid").arg("error", error.to_string());
            return fail(lang, args.json, "trust-list-invalid", &message);
        }
    };
    let key_id = loaded.hub_key.key_id().to_string();
    if let Some(expected) = expected_id
        && expected != key_id
    {
        let message = Message::new("cli-out-cert-hub-key-mismatch")
            .arg("expected", expected)
            .arg("found", key_id);
        return fail(lang, args.json, "hub-key-mismatch", &message);
    }
    if let Err(error) = std::fs::write(&args.out, text) {
        let message = Message::new("cli-out-cert-write-failed")
            .arg("path", args.out.display().to_string())
            .arg("error", error.to_string());
        return fail(lang, args.json, "write-failed", &message);
    }

    if args.json {
        output::print_json(&json!({
            "path": args.out.display().to_string(),
            "hub_id": saved.hub_id,
            "hub_key_id": key_id,
            "sequence": loaded.list.sequence,
            "valid_until": loaded.list.valid_until.to_rfc3339(),
            "seals": loaded.seals.len(),
            "revoked_seals": loaded.list.revoked_seals.len(),
        }));
    } else {
        let message = Message::new("cli-out-cert-trust-list-saved")
            .arg("path", args.out.display().to_string())
            .arg("sequence", loaded.list.sequence.to_string())
            .arg("seals", loaded.seals.len().to_string())
            .arg("key_id", key_id);
        println!("{}", message.render(lang));
    }
    Outcome::Valid
}
