//! The person's cases at other nodes, read from the hub's national case index for "my cases".

use tongban_i18n::Lang;
use tongban_web::Session;
use tongban_web::case_index::{CaseIndexJson, format_time, status_label};

use crate::NodeState;
use crate::auth::RelyingParty;
use crate::auth::keys::HUB_ACCESS_TOKEN;

/// A case at another node, as "my cases" lists it.
pub(super) struct ElsewhereRow {
    pub number: String,
    pub href: Option<String>,
    pub item: String,
    pub status: String,
    pub handling: String,
    pub changed_at: String,
}

/// The result of reading the hub's index for the person.
pub(super) enum Elsewhere {
    /// The cases that another node received and handles.
    Listed(Vec<ElsewhereRow>),
    /// The session has no access token the hub accepts any more; a new login through the
    /// hub gets one without a password.
    LoginNeeded,
    /// The hub could not be reached or failed.
    Unavailable,
}

/// Reads the cases of the session's person from the hub's index, with the access token of
/// their login here, and keeps those handled at other nodes.
pub(super) async fn other_nodes_cases(
    state: &NodeState,
    relying_party: &RelyingParty,
    session: &Session,
    lang: Lang,
) -> Elsewhere {
    let Some(token) = session.get_str(HUB_ACCESS_TOKEN) else {
        return Elsewhere::LoginNeeded;
    };
    let url = format!("{}/api/case-index", state.settings.hub_url);
    let response = match relying_party
        .http()
        .get(&url)
        .bearer_auth(token)
        .send()
        .await
    {
        Ok(response) => response,
        Err(error) => {
            tracing::warn!(%error, %url, "reading the hub's case index failed");
            return Elsewhere::Unavailable;
        }
    };
    if response.status() == reqwest::StatusCode::UNAUTHORIZED {
        return Elsewhere::LoginNeeded;
    }
    if !response.status().is_success() {
        tracing::warn!(status = response.status().as_u16(), %url,
            "the hub's case index answered with an error");
        return Elsewhere::Unavailable;
    }
    let index: CaseIndexJson = match response.json().await {
        Ok(index) => index,
        Err(error) => {
            tracing::warn!(%error, %url, "the hub's case index sent an invalid body");
            return Elsewhere::Unavailable;
        }
    };
    let here = state.settings.id.as_str();
    let rows = index
        .cases
        .into_iter()
        // A case received here is listed above already, from this node's own record.
        .filter(|case| case.handling_place != here && case.receiving_place != here)
        .map(|case| ElsewhereRow {
            handling: case.handling_label(lang),
            status: status_label(&case.status, lang),
            changed_at: format_time(&case.changed_at),
            number: case.case_number,
            href: case.url,
            item: case.item_name,
        })
        .collect();
    Elsewhere::Listed(rows)
}
