//! The national case index as people and nodes read it: `GET /cases`, the logged-in person's
//! cases at every node, and `GET /api/case-index`, the same for a node that presents the
//! person's access token.

pub mod api;
mod page;

use std::collections::HashMap;

use axum::Router;
use axum::routing::get;
use tongban_services::ServiceError;
use tongban_services::accounts::Account;
use tongban_services::case_index::{self, IndexEntry};
use tongban_store::nodes;
use tongban_web::case_index::IndexedCaseJson;

use crate::HubState;

/// Returns the routes of the case index page.
pub fn routes() -> Router<HubState> {
    Router::new().route("/cases", get(page::show))
}

/// Returns the indexed cases of `account`, under its OpenID Connect `sub` (the account id)
/// and under the window subject of its resident ID number, with the names and case page URLs of their
/// handling nodes, the most recently changed first.
///
/// # Errors
/// [`ServiceError::Store`] when the database fails.
pub(crate) async fn holder_cases(
    state: &HubState,
    account: &Account,
) -> Result<Vec<IndexedCaseJson>, ServiceError> {
    let mut entries = case_index::list_holder_cases(&state.store, &account.id).await?;
    // Applications a window took in name the person by their resident ID number only.
    if let Some(resident_id) = &account.resident_id {
        let window = tongban_services::cases::window_subject(resident_id);
        entries.extend(case_index::list_holder_cases(&state.store, &window).await?);
        entries.sort_by_key(|entry| std::cmp::Reverse(entry.changed_at));
    }
    let registry: HashMap<String, nodes::RegisteredNode> = nodes::list_nodes(state.store.pool())
        .await?
        .into_iter()
        .map(|node| (node.node_id.clone(), node))
        .collect();
    Ok(entries
        .into_iter()
        .map(|entry| {
            let handling = registry.get(&entry.handling_place);
            let receiving = registry.get(&entry.receiving_place);
            indexed_case(entry, handling, receiving)
        })
        .collect())
}

/// Returns the JSON of `entry`, whose handling and receiving nodes the registry lists as
/// `handling` and `receiving`.
fn indexed_case(
    entry: IndexEntry,
    handling: Option<&nodes::RegisteredNode>,
    receiving: Option<&nodes::RegisteredNode>,
) -> IndexedCaseJson {
    let url = handling.map(|node| {
        format!(
            "{}/cases/by-number/{}",
            node.endpoint.trim_end_matches('/'),
            entry.case_number
        )
    });
    IndexedCaseJson {
        url,
        handling_name_zh: handling.map(|node| node.name_zh.clone()),
        handling_name_en: handling.map(|node| node.name_en.clone()),
        receiving_name_zh: receiving.map(|node| node.name_zh.clone()),
        receiving_name_en: receiving.map(|node| node.name_en.clone()),
        changed_at: entry.changed_at.to_rfc3339(),
        case_number: entry.case_number,
        item_name: entry.item_name,
        item_code: entry.item_code,
        status: entry.status,
        receiving_place: entry.receiving_place,
        handling_place: entry.handling_place,
    }
}
