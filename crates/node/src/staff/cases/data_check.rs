//! `POST /staff/cases/{case_id}/data-checks`: a reviewer checks the applicant's identity and
//! household registration with the population registry from the case page.

use axum::Form;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, Uri};
use axum::response::Response;
use serde::Deserialize;
use tongban_services::data_sharing::case_checks;
use tongban_services::data_sharing::catalog::{IDENTITY_FIELDS, IDENTITY_SERVICE};
use tongban_web::{PageError, RequestLang, WebError};

use super::{ClerkPage, clerk_case_path, staff_login};
use crate::NodeState;
use crate::cases::see_other;

/// The fields the form posts.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(super) struct CheckForm {
    csrf: String,
}

/// `POST /staff/cases/{case_id}/data-checks`: sends the call and returns to the case (303),
/// whose history shows the call at once and the result when it arrives.
pub(super) async fn submit(
    State(state): State<NodeState>,
    RequestLang(lang): RequestLang,
    Path(case_id): Path<String>,
    headers: HeaderMap,
    uri: Uri,
    Form(form): Form<CheckForm>,
) -> Result<Response, PageError> {
    let Some(clerk) = ClerkPage::load(&state, lang, "case-detail-title", &uri, &headers).await?
    else {
        return Ok(staff_login());
    };
    if !clerk.session.csrf_matches(&form.csrf) {
        return Err(clerk.csrf_error());
    }
    let context = state.cases.context().await.map_err(|e| clerk.error(e))?;
    let fields: Vec<String> = IDENTITY_FIELDS
        .iter()
        .map(|&field| field.to_owned())
        .collect();
    case_checks::check_applicant(&context, &clerk.clerk, &case_id, IDENTITY_SERVICE, &fields)
        .await
        .map_err(|error| clerk.error(WebError::from(error)))?;
    Ok(see_other(&format!(
        "{}?done=data-check",
        clerk_case_path(&case_id)
    )))
}
