//! `GET /api/certificate-index`: the certificates of the person an access token speaks for,
//! at every node, for the wallets of the nodes.

use std::collections::HashMap;

use axum::Json;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use tongban_services::{certificates, oidc_grants};
use tongban_store::nodes;

use super::{CERTIFICATE_TAG, CertificateIndexJson, IndexedCertificateJson};
use crate::HubState;
use crate::oidc::userinfo::{bearer_token, challenge};
use crate::session::service_error;

/// Returns the indexed certificates of the access token's account, newest first, each with
/// its page at the issuing node. A node can read only the index of a person who logged in
/// there, with the access token the hub issued to it (RFC 6750 Bearer).
#[utoipa::path(
    get,
    path = "/api/certificate-index",
    tag = CERTIFICATE_TAG,
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The person's certificates at every node", body = CertificateIndexJson),
        (status = 401, description = "The access token is missing, invalid, expired or revoked"),
    )
)]
pub async fn list(State(state): State<HubState>, headers: HeaderMap) -> Response {
    let Some(token) = bearer_token(&headers) else {
        return challenge(None);
    };
    let info = match oidc_grants::find_access_token(&state.store, token).await {
        Ok(Some(info)) => info,
        Ok(None) => return challenge(Some("invalid_token")),
        Err(error) => return service_error(error).into_response(),
    };
    let entries =
        match certificates::list_indexed_certificates(&state.store, &info.account.id).await {
            Ok(entries) => entries,
            Err(error) => {
                tracing::error!(%error, "listing the certificate index failed");
                return tongban_web::WebError::Internal(error.to_string()).into_response();
            }
        };
    let endpoints: HashMap<String, String> = match nodes::list_nodes(state.store.pool()).await {
        Ok(nodes) => nodes
            .into_iter()
            .map(|node| (node.node_id, node.endpoint))
            .collect(),
        Err(error) => return tongban_web::WebError::Store(error).into_response(),
    };
    let certificates = entries
        .into_iter()
        .map(|entry| IndexedCertificateJson {
            url: endpoints.get(&entry.node_id).map(|endpoint| {
                format!(
                    "{endpoint}/certificates/{}",
                    tongban_web::catalog::encode_path_segment(&entry.id)
                )
            }),
            valid_from: entry.valid_from.to_string(),
            valid_until: entry.valid_until.map(|day| day.to_string()),
            id: entry.id,
            name: entry.name,
            issuer: entry.issuer,
            node_id: entry.node_id,
            status: entry.status,
            status_reason: entry.status_reason,
        })
        .collect();
    Json(CertificateIndexJson { certificates }).into_response()
}
