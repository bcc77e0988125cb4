//! The person's certificates at other nodes, read from the hub's certificate index for
//! "my certificates".

use serde::Deserialize;
use tongban_web::Session;

use crate::NodeState;
use crate::auth::RelyingParty;
use crate::auth::keys::HUB_ACCESS_TOKEN;

/// A certificate at another node, as the wallet lists it.
pub(super) struct ElsewhereRow {
    pub href: Option<String>,
    pub name: String,
    pub issuer: String,
    pub valid_until: String,
    pub status: String,
}

/// The certificates of other nodes from the hub's index, or why they are missing.
pub(super) enum Elsewhere {
    /// The certificates other nodes issued.
    Listed(Vec<ElsewhereRow>),
    /// The session contains no access token that the hub still accepts.
    LoginNeeded,
    /// The hub could not be reached or failed.
    Unavailable,
}

/// The fields of the hub's response that the wallet reads.
#[derive(Debug, Deserialize)]
struct IndexJson {
    certificates: Vec<IndexedJson>,
}

#[derive(Debug, Deserialize)]
struct IndexedJson {
    name: String,
    issuer: String,
    node_id: String,
    valid_until: Option<String>,
    status: String,
    url: Option<String>,
}

/// Reads the certificates of the session's person from the hub's index, with the access
/// token of their login here, and keeps those of other nodes. `label` turns a status and an
/// absent end of validity into the page's words.
pub(super) async fn other_nodes_certificates(
    state: &NodeState,
    relying_party: &RelyingParty,
    session: &Session,
    label: impl Fn(&str) -> String,
) -> Elsewhere {
    let Some(token) = session.get_str(HUB_ACCESS_TOKEN) else {
        return Elsewhere::LoginNeeded;
    };
    let url = format!("{}/api/certificate-index", state.settings.hub_url);
    let response = match relying_party
        .http()
        .get(&url)
        .bearer_auth(token)
        .send()
        .await
    {
        Ok(response) => response,
        Err(error) => {
            tracing::warn!(%error, %url, "reading the hub's certificate index failed");
            return Elsewhere::Unavailable;
        }
    };
    if response.status() == reqwest::StatusCode::UNAUTHORIZED {
        return Elsewhere::LoginNeeded;
    }
    if !response.status().is_success() {
        tracing::warn!(status = response.status().as_u16(), %url,
            "the hub's certificate index answered with an error");
        return Elsewhere::Unavailable;
    }
    let index: IndexJson = match response.json().await {
        Ok(index) => index,
        Err(error) => {
            tracing::warn!(%error, %url, "the hub's certificate index sent an invalid body");
            return Elsewhere::Unavailable;
        }
    };
    let here = state.settings.id.as_str();
    let rows = index
        .certificates
        .into_iter()
        // This node's own certificates are listed above, from its own records.
        .filter(|certificate| certificate.node_id != here)
        .map(|certificate| ElsewhereRow {
            href: certificate.url,
            name: certificate.name,
            issuer: certificate.issuer,
            valid_until: certificate
                .valid_until
                .unwrap_or_else(|| label("certificate-no-end")),
            status: label(&format!("certificate-status-{}", certificate.status)),
        })
        .collect();
    Elsewhere::Listed(rows)
}
