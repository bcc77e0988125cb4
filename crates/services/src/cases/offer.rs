//! The implementations on offer with their guides' materials, as the case use cases keep
//! them in memory.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use tongban_domain::catalog::Material;
use tongban_domain::implementation::Implementation;
use tongban_store::Store;
use tongban_store::catalog::list_service_item_materials;
use tongban_store::implementations::find_implementation;

use super::CaseError;

/// How long a looked-up implementation is used before it is read again. A list change or a
/// withdrawal reaches the case use cases of every instance within this time.
const OFFER_TTL: Duration = Duration::from_secs(5);

/// An active implementation and the materials its service guide lists.
#[derive(Debug)]
pub(super) struct Offer {
    pub implementation: Implementation,
    pub materials: Vec<Material>,
}

/// Implementations recently looked up, by id.
#[derive(Debug, Default)]
pub(super) struct OfferCache {
    entries: Mutex<HashMap<String, (Instant, Arc<Offer>)>>,
}

impl OfferCache {
    /// Returns the active implementation `id` with its guide's materials.
    ///
    /// # Errors
    /// [`CaseError::ImplementationUnavailable`] when it is unknown or withdrawn,
    /// [`CaseError::Store`] when the database fails.
    pub(super) async fn get(&self, store: &Store, id: &str) -> Result<Arc<Offer>, CaseError> {
        let cached = self
            .entries
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get(id)
            .filter(|(loaded, _)| loaded.elapsed() < OFFER_TTL)
            .map(|(_, offer)| offer.clone());
        if let Some(offer) = cached {
            return Ok(offer);
        }

        let implementation = find_implementation(store.pool(), id)
            .await?
            .ok_or_else(|| CaseError::ImplementationUnavailable { id: id.to_owned() })?;
        let materials = list_service_item_materials(
            store.pool(),
            &implementation.source,
            &implementation.record_id,
        )
        .await?;
        let offer = Arc::new(Offer {
            implementation,
            materials,
        });
        self.entries
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(id.to_owned(), (Instant::now(), offer.clone()));
        Ok(offer)
    }
}
