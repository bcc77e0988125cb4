//! `POST /cases/{case_id}/withdraw`: the applicant withdraws a case before the decision.

use axum::Form;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, Uri};
use axum::response::Response;
use serde::Deserialize;
use tongban_services::cases;
use tongban_web::{PageError, RequestLang};

use super::{PersonPage, case_path, login_redirect, see_other};
use crate::NodeState;

/// The withdrawal form.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(super) struct WithdrawForm {
    csrf: String,
    reason: String,
}

/// `POST /cases/{case_id}/withdraw`: withdraws the case with the reason given, if any, and
/// returns to its page; a step the state no longer allows shows why (409).
pub(super) async fn submit(
    State(state): State<NodeState>,
    RequestLang(lang): RequestLang,
    Path(case_id): Path<String>,
    headers: HeaderMap,
    uri: Uri,
    Form(form): Form<WithdrawForm>,
) -> Result<Response, PageError> {
    let page_path = case_path(&case_id);
    let Some(person) = PersonPage::load(&state, lang, "case-detail-title", &uri, &headers).await?
    else {
        return Ok(login_redirect(&uri, Some(&page_path)));
    };
    if !person.session.csrf_matches(&form.csrf) {
        return Err(person.csrf_error());
    }
    let context = state.cases.context().await.map_err(|e| person.error(e))?;
    let reason = Some(form.reason.as_str()).filter(|reason| !reason.trim().is_empty());
    cases::withdraw(&context, &case_id, &person.applicant, reason)
        .await
        .map_err(|error| person.error(error))?;
    Ok(see_other(&format!("{page_path}?done=1")))
}
