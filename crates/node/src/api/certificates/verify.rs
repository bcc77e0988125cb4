//! `POST /api/certificates/verify`: anyone verifies a QR payload or a certificate document.

use axum::Json;
use axum::extract::State;
use chrono::Utc;
use serde::Deserialize;
use tongban_web::WebError;
use tongban_web::openapi::ApiErrorJson;
use utoipa::ToSchema;

use super::CERTIFICATE_TAG;
use crate::NodeState;
use crate::certificates::views::{VerificationJson, verification_json};

/// The input to verify.
#[derive(Debug, Deserialize, ToSchema)]
pub struct VerifyRequestJson {
    /// The text of a QR code (`TBC1…`) or a certificate document (JSON).
    pub input: String,
}

/// Verifies a certificate: the seal's signature and certificate against the node's copy of
/// the hub's trust list, the seal's validity and revocation at signing, the identifier, the
/// validity period now, and for certificates this node issued the issuer's status. An e-seal
/// the cached list lacks makes the node fetch the list again before it answers. A failed
/// check is a 200 whose `result` names it.
#[utoipa::path(
    post,
    path = "/api/certificates/verify",
    tag = CERTIFICATE_TAG,
    request_body = VerifyRequestJson,
    responses(
        (status = 200, description = "The outcome", body = VerificationJson),
        (status = 400, description = "A malformed body", body = ApiErrorJson),
        (status = 409, description = "The node has no valid trust list", body = ApiErrorJson),
    )
)]
pub async fn verify(
    State(state): State<NodeState>,
    Json(body): Json<VerifyRequestJson>,
) -> Result<Json<VerificationJson>, WebError> {
    let outcome =
        crate::federation::verify_with_fresh_seals(&state, &body.input, Utc::now()).await?;
    Ok(Json(verification_json(&outcome)))
}
