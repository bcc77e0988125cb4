//! `POST /api/cases/{case_id}/certificates`: lend one of the caller's e-certificates to a
//! material of their draft, in place of a file (用证).

use axum::Json;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use serde::{Deserialize, Serialize};
use tongban_i18n::Message;
use tongban_services::cases::{self, CaseError, LEND_FIELD};
use tongban_services::fields::single;
use tongban_web::WebError;
use tongban_web::openapi::ApiErrorJson;
use utoipa::ToSchema;

use super::APPLICANT_TAG;
use super::auth::{ApiApplicant, ApiJson};
use crate::NodeState;
use crate::auth::keys::HUB_ACCESS_TOKEN;
use crate::certificates::wallet::read_wallet;

/// The certificate chosen for a material.
#[derive(Debug, Deserialize, ToSchema)]
pub struct LendJson {
    /// The material's name, as the service guide lists it.
    pub material: String,
    /// 证照标识 (GB/T 36904) of a certificate in the caller's wallet.
    pub certificate_id: String,
}

/// A certificate lent to a case, and the outcome of its check once made.
#[derive(Debug, Serialize, ToSchema)]
pub struct LoanJson {
    /// The loan's id.
    pub id: String,
    /// The material it stands for.
    pub material: String,
    /// 证照标识 (GB/T 36904).
    pub certificate_id: String,
    /// The issuer's name.
    pub issuer: String,
    /// The node id of the issuing node.
    pub issuer_node: String,
    /// `chosen`, `requested`, `satisfied` or `not_satisfied`.
    pub status: String,
    /// The check's code, such as `valid`, `revoked` or `expired`, once checked.
    pub result: Option<String>,
    /// Why the material is not satisfied.
    pub reason: Option<String>,
    /// When the handling node checked it, RFC 3339.
    pub checked_at: Option<String>,
}

impl LoanJson {
    /// Builds the JSON of `loan`.
    pub fn of(loan: tongban_store::certificate_loans::CertificateLoan) -> LoanJson {
        LoanJson {
            id: loan.id,
            material: loan.material_name,
            certificate_id: loan.certificate_id,
            issuer: loan.issuer,
            issuer_node: loan.issuer_node,
            status: loan.status,
            result: loan.result,
            reason: loan.reason,
            checked_at: loan.checked_at.map(|at| at.to_rfc3339()),
        }
    }
}

/// Lends a certificate of the caller to a material of their draft. Submitting the draft
/// sends the handling node's request for the document to the issuing node.
#[utoipa::path(
    post,
    path = "/api/cases/{case_id}/certificates",
    tag = APPLICANT_TAG,
    params(("case_id" = String, Path, description = "The case's id")),
    request_body = LendJson,
    responses(
        (status = 201, description = "Chosen", body = LoanJson),
        (status = 401, description = "Not logged in through the hub", body = ApiErrorJson),
        (status = 404, description = "No case of the caller with this id", body = ApiErrorJson),
        (status = 409, description = "Not a draft, or changed meanwhile", body = ApiErrorJson),
        (status = 422, description = "The material or certificate breaks a rule, named in the error", body = ApiErrorJson),
    )
)]
pub async fn lend(
    State(state): State<NodeState>,
    ApiApplicant(applicant): ApiApplicant,
    headers: HeaderMap,
    Path(case_id): Path<String>,
    ApiJson(body): ApiJson<LendJson>,
) -> Result<(StatusCode, Json<LoanJson>), WebError> {
    let context = state.cases.context().await?;
    let token = state
        .sessions
        .load(&headers)
        .await?
        .and_then(|session| session.get_str(HUB_ACCESS_TOKEN).map(str::to_owned));
    let wallet = match token {
        Some(token) => read_wallet(&state, &token, &applicant).await,
        None => None,
    };
    let Some(wallet) = wallet else {
        return Err(CaseError::Invalid(single(
            LEND_FIELD,
            Message::new("case-lend-wallet-unavailable").arg("material", body.material.clone()),
        ))
        .into());
    };
    let chosen = wallet
        .iter()
        .find(|certificate| certificate.id == body.certificate_id);
    let loan =
        cases::lend_certificate(&context, &case_id, &applicant, &body.material, chosen).await?;
    Ok((StatusCode::CREATED, Json(LoanJson::of(loan))))
}
