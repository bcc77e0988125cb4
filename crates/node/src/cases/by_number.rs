//! `GET /cases/by-number/{case_number}`: the case page of a case number, which the hub's case
//! index links to because it identifies cases by number only.

use axum::extract::{Path, State};
use axum::http::{HeaderMap, Uri};
use axum::response::Response;
use tongban_services::cases;
use tongban_web::{PageError, RequestLang};

use super::{PersonPage, case_path, login_redirect, see_other};
use crate::NodeState;

/// `GET /cases/by-number/{case_number}`: 303 to the case page when the case is the person's,
/// 404 otherwise, and the hub login for someone not logged in.
pub(super) async fn show(
    State(state): State<NodeState>,
    RequestLang(lang): RequestLang,
    Path(case_number): Path<String>,
    headers: HeaderMap,
    uri: Uri,
) -> Result<Response, PageError> {
    let Some(person) = PersonPage::load(&state, lang, "case-detail-title", &uri, &headers).await?
    else {
        return Ok(login_redirect(&uri, None));
    };
    let case = cases::find_applicant_case_by_number(&state.store, &person.applicant, &case_number)
        .await
        .map_err(|error| person.error(error))?;
    Ok(see_other(&case_path(&case.id)))
}
