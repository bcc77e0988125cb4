//! `tongban cert verify --offline`: checks a QR payload, a certificate document or a PDF
//! against a saved trust list, without a network.

use std::path::Path;

use chrono::{DateTime, Utc};
use serde_json::json;
use tongban_certificates::embedded::find_document_in_pdf;
use tongban_certificates::trust_file::{LoadedTrustList, load_trust_file};
use tongban_certificates::verify::beijing;
use tongban_certificates::{Problem, SignedCertificate, Verified, verify_document, verify_qr};
use tongban_i18n::{Lang, Message};

use super::{fail, pinned_key};
use crate::args::CertVerifyArgs;
use crate::output::{self, Outcome};

/// The input to verify.
enum Input {
    Payload(String),
    Document(Box<SignedCertificate>),
}

pub(super) fn run(lang: Lang, args: &CertVerifyArgs) -> Outcome {
    if !args.offline {
        return fail(
            lang,
            args.json,
            "online",
            &Message::new("cli-out-cert-offline-only"),
        );
    }
    let now = match args.at.as_deref().map(DateTime::parse_from_rfc3339) {
        None => Utc::now(),
        Some(Ok(at)) => at.to_utc(),
        Some(Err(_)) => {
            let message = Message::new("cli-out-cert-at-invalid")
                .arg("at", args.at.clone().unwrap_or_default());
            return fail(lang, args.json, "at-invalid", &message);
        }
    };
    let loaded = match load_list(&args.trust_list, args.hub_key.as_deref()) {
        Ok(loaded) => loaded,
        Err(message) => return fail(lang, args.json, "trust-list-invalid", &message),
    };
    if !loaded.list.is_valid_at(now) {
        let message = Message::new("cli-out-cert-trust-list-expired")
            .arg("valid_until", beijing(loaded.list.valid_until));
        return fail(lang, args.json, "trust-list-expired", &message);
    }
    let input = match read_input(args) {
        Ok(input) => input,
        Err(message) => return fail(lang, args.json, "input-invalid", &message),
    };

    let checked = match &input {
        Input::Payload(text) => verify_qr(&loaded.seals, text, now),
        Input::Document(document) => verify_document(&loaded.seals, document, now),
    };
    match checked {
        Ok(verified) => {
            print_valid(&verified, lang, args.json);
            Outcome::Valid
        }
        Err(problem) => {
            print_invalid(&problem, lang, args.json);
            Outcome::Invalid
        }
    }
}

fn load_list(path: &Path, hub_key: Option<&str>) -> Result<LoadedTrustList, Message> {
    let text = std::fs::read_to_string(path).map_err(|error| {
        Message::new("cli-out-cert-read-failed")
            .arg("path", path.display().to_string())
            .arg("error", error.to_string())
    })?;
    let (key_id, key) = pinned_key(hub_key);
    let loaded = load_trust_file(&text, key.as_deref()).map_err(|error| {
        Message::new("cli-out-cert-trust-list-invalid").arg("error", error.to_string())
    })?;
    if let Some(expected) = key_id
        && loaded.hub_key.key_id().as_str() != expected
    {
        return Err(Message::new("cli-out-cert-hub-key-mismatch")
            .arg("expected", expected)
            .arg("found", loaded.hub_key.key_id().to_string()));
    }
    Ok(loaded)
}

fn read_input(args: &CertVerifyArgs) -> Result<Input, Message> {
    if let Some(payload) = &args.payload {
        return Ok(Input::Payload(payload.trim().to_owned()));
    }
    let Some(path) = &args.file else {
        return Err(Message::new("cli-out-cert-no-input"));
    };
    let bytes = std::fs::read(path).map_err(|error| {
        Message::new("cli-out-cert-read-failed")
            .arg("path", path.display().to_string())
            .arg("error", error.to_string())
    })?;
    let malformed = |error: String| {
        Message::new("cli-out-cert-input-invalid")
            .arg("path", path.display().to_string())
            .arg("error", error)
    };
    if bytes.starts_with(b"%PDF") {
        let document =
            find_document_in_pdf(&bytes).map_err(|error| malformed(error.to_string()))?;
        return Ok(Input::Document(Box::new(document)));
    }
    let text = String::from_utf8(bytes).map_err(|error| malformed(error.to_string()))?;
    if text.trim_start().starts_with('{') {
        let document = SignedCertificate::from_json(text.trim())
            .map_err(|error| malformed(error.to_string()))?;
        return Ok(Input::Document(Box::new(document)));
    }
    Ok(Input::Payload(text.trim().to_owned()))
}

fn print_valid(verified: &Verified, lang: Lang, json: bool) {
    let valid_until = verified.valid_until.map(|day| {
        beijing(
            tongban_certificates::validity::end_of_validity(day) - chrono::TimeDelta::seconds(1),
        )
    });
    if json {
        output::print_json(&json!({
            "valid": true,
            "result": "valid",
            "id": verified.id,
            "holder": verified.holder,
            "issuer": verified.issuer,
            "valid_from": verified.valid_from.to_string(),
            "valid_until": verified.valid_until.map(|day| day.to_string()),
            "valid_until_beijing": valid_until,
            "signed_at": beijing(verified.signed_at),
            "seal_serial": verified.seal.serial,
            "seal_name": verified.seal.seal_name,
            "seal_revoked_later": verified.seal_revoked_later.map(beijing),
        }));
        return;
    }
    let heading = Message::new("cli-out-cert-valid").arg("id", verified.id.as_str());
    println!("{}", heading.render(lang));
    let details = Message::new("cli-out-cert-details")
        .arg("holder", verified.holder.as_str())
        .arg("issuer", verified.issuer.as_str())
        .arg("valid_from", verified.valid_from.to_string())
        .arg(
            "valid_until",
            valid_until.unwrap_or_else(|| Message::new("certificate-no-end").render(lang)),
        )
        .arg("seal", verified.seal.seal_name.as_str());
    println!("{}", details.render(lang));
    if let Some(revoked_at) = verified.seal_revoked_later {
        let note =
            Message::new("cli-out-cert-seal-revoked-later").arg("revoked_at", beijing(revoked_at));
        println!("{}", note.render(lang));
    }
    // NOTE: the issuer's own revocation or cancellation is not in the trust list, so only the
    // issuing node's /verify and the hub's verification report it.
    println!("{}", Message::new("cli-out-cert-offline-note").render(lang));
}

fn print_invalid(problem: &Problem, lang: Lang, json: bool) {
    let message = problem.message();
    if json {
        output::print_json(&json!({
            "valid": false,
            "result": problem.code(),
            "message": output::message_json(&message),
        }));
        return;
    }
    println!(
        "{}",
        Message::new("cli-out-cert-invalid")
            .arg("reason", message.render(lang))
            .render(lang)
    );
}
