//! `POST /cases/{case_id}/correction`: the applicant answers a correction request with changed
//! fields and the missing files.

use std::collections::BTreeMap;

use axum::extract::{Multipart, Path, State};
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use tongban_services::cases::{self, CaseError};
use tongban_store::{catalog, implementations};
use tongban_web::{PageError, RequestLang, WebError};

use super::detail::{Reshown, detail_page};
use super::form_views::{PageErrors, attach_posted_files, posted_values};
use super::upload::read_multipart;
use super::{PersonPage, case_path, login_redirect, see_other};
use crate::NodeState;

/// `POST /cases/{case_id}/correction` (`multipart/form-data`): attaches the files chosen, then
/// sends the fields that differ from the case's as the answer. The case goes back to intake
/// with its number. A rejected file or value is shown again with its error (422), and the
/// answer waits until it is fixed.
pub(super) async fn submit(
    State(state): State<NodeState>,
    RequestLang(lang): RequestLang,
    Path(case_id): Path<String>,
    headers: HeaderMap,
    uri: Uri,
    multipart: Multipart,
) -> Result<Response, PageError> {
    let page_path = case_path(&case_id);
    let Some(person) = PersonPage::load(&state, lang, "case-detail-title", &uri, &headers).await?
    else {
        return Ok(login_redirect(&uri, Some(&page_path)));
    };
    let posted = read_multipart(multipart)
        .await
        .map_err(|error| person.error(error))?;
    if !person.session.csrf_matches(posted.text("csrf")) {
        return Err(person.csrf_error());
    }
    let applicant = person.applicant.clone();
    let case = cases::find_applicant_case(&state.store, &applicant, &case_id)
        .await
        .map_err(|error| person.error(error))?;
    let implementation =
        implementations::find_implementation(state.store.pool(), &case.implementation_id)
            .await
            .map_err(|error| person.error(error))?
            .ok_or_else(|| {
                person.error(CaseError::ImplementationUnavailable {
                    id: case.implementation_id.clone(),
                })
            })?;
    let materials = catalog::list_service_item_materials(
        state.store.pool(),
        &implementation.source,
        &implementation.record_id,
    )
    .await
    .map_err(|error| person.error(error))?;
    let context = state.cases.context().await.map_err(|e| person.error(e))?;

    let mut errors = PageErrors::default();
    attach_posted_files(
        &context,
        &case.id,
        &applicant,
        &posted,
        &materials,
        &mut errors,
        lang,
    )
    .await
    .map_err(|error| person.error(error))?;
    let values = posted_values(&implementation.form, &posted);
    if errors.is_empty() {
        let changes = changed(&values, &case.form_data);
        match cases::answer_correction(&context, &case.id, &applicant, &changes).await {
            Ok(_) => return Ok(see_other(&format!("{page_path}?done=1"))),
            Err(CaseError::Invalid(invalid)) => errors.add_case_errors(&invalid, None, lang),
            Err(other) => return Err(person.error(WebError::from(other))),
        }
    }

    let case = cases::find_applicant_case(&state.store, &applicant, &case_id)
        .await
        .map_err(|error| person.error(error))?;
    let reshown = Reshown {
        values: Some(values),
        errors,
        ..Reshown::default()
    };
    let page = detail_page(&state, person, &case, reshown, None).await?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, tongban_web::html(&page)).into_response())
}

/// Returns the values of `posted` that differ from `stored`; an emptied field is sent empty,
/// which removes its value.
fn changed(
    posted: &BTreeMap<String, String>,
    stored: &BTreeMap<String, String>,
) -> BTreeMap<String, String> {
    posted
        .iter()
        .filter(|(name, value)| {
            value.trim() != stored.get(*name).map_or("", |stored| stored.trim())
        })
        .map(|(name, value)| (name.clone(), value.clone()))
        .collect()
}
