//! Names of the receiving and handling places of cases: the portal names the hub's trust list
//! gives the nodes.

use std::collections::HashMap;

use chrono::Utc;
use tongban_i18n::Lang;
use tongban_services::federation;
use tongban_store::Store;

/// Portal names by node id, in one language.
#[derive(Debug, Default)]
pub(crate) struct PlaceNames {
    names: HashMap<String, String>,
}

impl PlaceNames {
    /// Reads the names in `lang` from the cached trust list. Without a valid list the pages
    /// show node ids, so a failure is logged and not returned.
    pub(crate) async fn load(store: &Store, lang: Lang) -> PlaceNames {
        let list = match federation::cached_trust_list(store, Utc::now()).await {
            Ok(list) => list,
            Err(error) => {
                tracing::warn!(%error, "cannot read the trust list for the names of places");
                None
            }
        };
        let names = list
            .map(|list| list.nodes)
            .unwrap_or_default()
            .into_iter()
            .map(|node| {
                let name = match lang {
                    Lang::ZhCn => node.names.zh_cn,
                    Lang::En => node.names.en,
                };
                (node.id, name)
            })
            .collect();
        PlaceNames { names }
    }

    /// Returns the portal name of node `id`, or the id when the list does not name it.
    pub(crate) fn name<'a>(&'a self, id: &'a str) -> &'a str {
        self.names.get(id).map_or(id, String::as_str)
    }
}
