//! `POST /staff/data/grants/{grant_id}/decision`: an admin of the provider approves or denies
//! a requested grant, with a reason.

use axum::Form;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, Uri};
use axum::response::Response;
use serde::Deserialize;
use tongban_i18n::Message;
use tongban_services::data_sharing::DataSharingError;
use tongban_services::data_sharing::grants::{self, Decision};
use tongban_web::{PageError, RequestLang, WebError};

use super::{GRANTS_PATH, load_admin};
use crate::NodeState;
use crate::cases::see_other;
use crate::staff::cases::staff_login;

/// The decision form.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(super) struct DecisionForm {
    csrf: String,
    decision: String,
    reason: String,
}

/// `POST /staff/data/grants/{grant_id}/decision`: records the decision as requested, with
/// the fields, validity and rate limit asked for, and goes to the list (303). A blank reason
/// or an unknown decision is 400, a grant decided already 400, another node's grant 404.
pub(super) async fn submit(
    State(state): State<NodeState>,
    RequestLang(lang): RequestLang,
    Path(grant_id): Path<String>,
    headers: HeaderMap,
    uri: Uri,
    Form(form): Form<DecisionForm>,
) -> Result<Response, PageError> {
    let Some(clerk) = load_admin(&state, lang, "data-grants-title", &uri, &headers).await? else {
        return Ok(staff_login());
    };
    if !clerk.session.csrf_matches(&form.csrf) {
        return Err(clerk.csrf_error());
    }

    let approve = match form.decision.as_str() {
        "approve" => true,
        "deny" => false,
        other => {
            let message = Message::new("data-grant-error-decision").arg("decision", other);
            return Err(clerk.error(WebError::BadRequest(message)));
        }
    };
    let reason = form.reason.trim();
    if reason.is_empty() {
        let field = Message::new("data-grant-field-reason").render(lang);
        let message = Message::new("data-grant-error-required").arg("field", field);
        return Err(clerk.error(WebError::BadRequest(message)));
    }

    let decision = Decision {
        approve,
        fields: None,
        valid_until: None,
        rate_limit_per_minute: None,
        decided_by: format!("staff:{}", clerk.clerk.id),
        reason: Some(reason.to_owned()),
    };
    match grants::decide_grant(&state.passage, &grant_id, &decision).await {
        Ok(_) => Ok(see_other(&format!("{GRANTS_PATH}?done=decided"))),
        Err(DataSharingError::NotFound(_)) => Err(clerk.error(WebError::NotFound)),
        Err(DataSharingError::Invalid(detail)) => Err(clerk.error(WebError::BadRequest(
            Message::new("data-grant-invalid").arg("detail", detail),
        ))),
        Err(error) => Err(clerk.error(WebError::Internal(error.to_string()))),
    }
}
