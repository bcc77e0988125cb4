//! `GET /staff/cases/{case_id}/materials/{material_id}`: a file of a case, for a clerk.

use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, Uri};
use axum::response::Response;
use serde::Deserialize;
use tongban_services::cases::{self, Viewer};
use tongban_web::{PageError, RequestLang};

use super::{ClerkPage, staff_login};
use crate::NodeState;
use crate::cases::download::material_response;

/// Query of a file link.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(super) struct FileQuery {
    /// Present to save the file rather than view it.
    download: Option<String>,
}

/// `GET /staff/cases/{case_id}/materials/{material_id}[?download=1]`: the file to view in the
/// browser or to save; 404 for a case the clerk may not see.
pub(super) async fn download(
    State(state): State<NodeState>,
    RequestLang(lang): RequestLang,
    Path((case_id, material_id)): Path<(String, String)>,
    Query(query): Query<FileQuery>,
    headers: HeaderMap,
    uri: Uri,
) -> Result<Response, PageError> {
    let Some(clerk) = ClerkPage::load(&state, lang, "case-detail-title", &uri, &headers).await?
    else {
        return Ok(staff_login());
    };
    let context = state.cases.context().await.map_err(|e| clerk.error(e))?;
    let (material, content) = cases::read_material(
        &context,
        Viewer::Clerk(&clerk.clerk),
        &case_id,
        &material_id,
    )
    .await
    .map_err(|error| clerk.error(error))?;
    Ok(material_response(
        &material,
        content,
        query.download.is_none(),
    ))
}
