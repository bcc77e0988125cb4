//! `GET /cases/{case_id}/materials/{material_id}`: a file the applicant handed in.

use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, Uri};
use axum::response::Response;
use serde::Deserialize;
use tongban_services::cases::{self, Viewer};
use tongban_web::{PageError, RequestLang};

use super::download::material_response;
use super::{PersonPage, login_redirect};
use crate::NodeState;

/// Query of a file link.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(super) struct FileQuery {
    /// Present to save the file rather than show it.
    download: Option<String>,
}

/// `GET /cases/{case_id}/materials/{material_id}[?download=1]`: the file, for the applicant of
/// the case only; 404 for anyone else.
pub(super) async fn download(
    State(state): State<NodeState>,
    RequestLang(lang): RequestLang,
    Path((case_id, material_id)): Path<(String, String)>,
    Query(query): Query<FileQuery>,
    headers: HeaderMap,
    uri: Uri,
) -> Result<Response, PageError> {
    let Some(person) = PersonPage::load(&state, lang, "case-detail-title", &uri, &headers).await?
    else {
        return Ok(login_redirect(&uri, None));
    };
    let context = state.cases.context().await.map_err(|e| person.error(e))?;
    let (material, content) = cases::read_material(
        &context,
        Viewer::Applicant(&person.applicant),
        &case_id,
        &material_id,
    )
    .await
    .map_err(|error| person.error(error))?;
    Ok(material_response(
        &material,
        content,
        query.download.is_none(),
    ))
}
