//! `POST /api/federation/seals`: a node asks the hub to certify a department's e-seal key with
//! a request signed by the node's enrolled key.

use axum::Json;
use axum::extract::State;
use axum::extract::rejection::JsonRejection;
use chrono::{TimeDelta, Utc};
use tongban_crypto::seal::{SignedSealCertificate, SignedSealRequest};
use tongban_services::federation::{self, SealAuthority};

use super::error::ApiError;
use crate::HubState;

/// How long a seal certificate is valid: three years, after which the node asks for a new one.
const SEAL_VALIDITY: TimeDelta = TimeDelta::days(3 * 365);

/// `POST /api/federation/seals` with a JSON [`SignedSealRequest`]: 200 with the
/// [`SignedSealCertificate`], 400 for an invalid field or a request time more than ten minutes
/// off, 403 when the signature is not by a current key of the node, 404 for an unknown or
/// revoked node, 409 when another department has the seal key.
pub async fn certify(
    State(state): State<HubState>,
    payload: Result<Json<SignedSealRequest>, JsonRejection>,
) -> Result<Json<SignedSealCertificate>, ApiError> {
    let Json(request) = payload.map_err(ApiError::from_rejection)?;
    let authority = SealAuthority {
        hub_id: &state.settings.id,
        signer: &state.signing_key,
        validity: SEAL_VALIDITY,
        divisions: &state.divisions,
    };
    let certificate =
        federation::certify_seal(&state.store, authority, &request, Utc::now()).await?;
    Ok(Json(certificate))
}
