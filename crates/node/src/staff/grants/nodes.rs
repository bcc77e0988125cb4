//! The nodes of the hub's trust list, by portal name, for choosing and showing the other end
//! of a grant.

use chrono::Utc;
use tongban_i18n::Lang;
use tongban_services::federation;
use tongban_store::Store;

/// A node with the name of its portal.
pub(super) struct NodeChoice {
    /// Node id.
    pub id: String,
    /// Portal name in the page's language.
    pub name: String,
}

/// Reads the nodes of the cached trust list. Without a valid list the pages show node ids,
/// so a failure is logged and not returned.
pub(super) async fn trusted_nodes(store: &Store, lang: Lang) -> Vec<NodeChoice> {
    let list = match federation::cached_trust_list(store, Utc::now()).await {
        Ok(list) => list,
        Err(error) => {
            tracing::warn!(%error, "cannot read the trust list for the names of grant nodes");
            None
        }
    };
    let nodes = list.map(|list| list.nodes).unwrap_or_default();
    nodes
        .into_iter()
        .map(|node| NodeChoice {
            name: match lang {
                Lang::ZhCn => node.names.zh_cn,
                Lang::En => node.names.en,
            },
            id: node.id,
        })
        .collect()
}

/// Returns the portal name of node `id`, or the id when the list does not name it.
pub(super) fn name_of(nodes: &[NodeChoice], id: &str) -> String {
    nodes
        .iter()
        .find(|node| node.id == id)
        .map_or_else(|| id.to_owned(), |node| node.name.clone())
}
