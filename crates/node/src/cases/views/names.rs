//! Names of the services cases were applied for, looked up once per implementation.

use std::collections::HashMap;

use tongban_domain::implementation::Implementation;
use tongban_store::{Store, catalog, implementations};
use tongban_web::WebError;

/// Implementations and the names of their catalog items, read as a page needs them.
#[derive(Debug, Default)]
pub(crate) struct ServiceNames {
    known: HashMap<String, Option<(Implementation, String)>>,
}

impl ServiceNames {
    /// Returns implementation `id` with its catalog item's name, or `None` when the node no
    /// longer offers it.
    ///
    /// # Errors
    /// [`WebError::Store`] when the database fails.
    pub(crate) async fn get(
        &mut self,
        store: &Store,
        id: &str,
    ) -> Result<Option<&(Implementation, String)>, WebError> {
        if !self.known.contains_key(id) {
            let found = match implementations::find_implementation(store.pool(), id).await? {
                Some(implementation) => {
                    let item = catalog::find_service_item(
                        store.pool(),
                        &implementation.source,
                        &implementation.record_id,
                    )
                    .await?;
                    let name = item.map_or_else(|| implementation.id.clone(), |item| item.name);
                    Some((implementation, name))
                }
                None => None,
            };
            self.known.insert(id.to_owned(), found);
        }
        Ok(self.known.get(id).and_then(Option::as_ref))
    }

    /// Returns the name of the service of implementation `id`, or the id itself when the node
    /// no longer offers it.
    ///
    /// # Errors
    /// [`WebError::Store`] when the database fails.
    pub(crate) async fn name(&mut self, store: &Store, id: &str) -> Result<String, WebError> {
        Ok(self
            .get(store, id)
            .await?
            .map_or_else(|| id.to_owned(), |(_, name)| name.clone()))
    }
}
