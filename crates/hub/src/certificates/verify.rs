//! `POST /api/certificates/verify`: anyone verifies a certificate of any node at the hub.

use axum::Json;
use axum::extract::State;
use chrono::Utc;
use serde::{Deserialize, Serialize};
use tongban_certificates::Verified;
use tongban_certificates::verify::beijing;
use tongban_i18n::{Lang, Message};
use tongban_services::certificates::{self, HubVerification};
use tongban_web::WebError;
use utoipa::ToSchema;

use super::CERTIFICATE_TAG;
use crate::HubState;

/// The input to verify.
#[derive(Debug, Deserialize, ToSchema)]
pub struct VerifyRequestJson {
    /// The text of a QR code (`TBC1…`) or a certificate document (JSON).
    pub input: String,
}

/// The outcome.
#[derive(Debug, Serialize, ToSchema)]
pub struct HubVerificationJson {
    /// `valid`, `revoked`, `cancelled`, `unknown` (the signature checks passed but no node
    /// reported the certificate to the index), or the code of the failed check, as
    /// `tongban cert verify` names them.
    pub result: String,
    /// Whether the certificate may be relied on.
    pub valid: bool,
    /// The outcome for people, with the reason when it is not valid.
    #[schema(value_type = Object)]
    pub message: serde_json::Value,
    /// The reason the issuer gave for revoking or cancelling it.
    pub status_reason: Option<String>,
    /// The certificate's identifier, when the signature checks passed.
    pub id: Option<String>,
    /// The issuing department.
    pub issuer: Option<String>,
    /// The last instant of validity in Asia/Shanghai.
    pub valid_until_beijing: Option<String>,
}

fn both(message: &Message) -> serde_json::Value {
    serde_json::json!({
        "zh-CN": message.render(Lang::ZhCn),
        "en": message.render(Lang::En),
    })
}

fn outcome_json(
    result: &str,
    valid: bool,
    message: &Message,
    verified: Option<&Verified>,
) -> HubVerificationJson {
    HubVerificationJson {
        result: result.to_owned(),
        valid,
        message: both(message),
        status_reason: None,
        id: verified.map(|verified| verified.id.clone()),
        issuer: verified.map(|verified| verified.issuer.clone()),
        valid_until_beijing: verified.and_then(|verified| {
            verified.valid_until.map(|day| {
                beijing(
                    tongban_certificates::validity::end_of_validity(day)
                        - chrono::TimeDelta::seconds(1),
                )
            })
        }),
    }
}

/// Verifies a certificate against the seals the hub certified and revoked, then its status
/// in the index: valid, revoked or cancelled by the issuer with the reason, or unknown. A
/// failed check is a 200 whose `result` names it.
#[utoipa::path(
    post,
    path = "/api/certificates/verify",
    tag = CERTIFICATE_TAG,
    request_body = VerifyRequestJson,
    responses(
        (status = 200, description = "The outcome", body = HubVerificationJson),
        (status = 400, description = "A malformed body"),
    )
)]
pub async fn verify(
    State(state): State<HubState>,
    Json(body): Json<VerifyRequestJson>,
) -> Result<Json<HubVerificationJson>, WebError> {
    let outcome = certificates::verify_at_hub(
        &state.store,
        state.signing_key.public_key(),
        &body.input,
        Utc::now(),
    )
    .await
    .map_err(|error| WebError::Internal(error.to_string()))?;
    let code = outcome.code().to_owned();
    Ok(Json(match &outcome {
        HubVerification::Valid(verified) => outcome_json(
            &code,
            true,
            &Message::new("certificate-verify-valid"),
            Some(verified),
        ),
        HubVerification::Ended { verified, entry } => {
            let message = Message::new("certificate-verify-ended")
                .arg("status", entry.status.as_str())
                .arg("reason", entry.status_reason.clone().unwrap_or_default());
            HubVerificationJson {
                status_reason: entry.status_reason.clone(),
                ..outcome_json(&code, false, &message, Some(verified))
            }
        }
        HubVerification::Unknown(verified) => outcome_json(
            &code,
            false,
            &Message::new("certificate-verify-unknown"),
            Some(verified),
        ),
        HubVerification::Invalid(problem) => outcome_json(&code, false, &problem.message(), None),
    }))
}
