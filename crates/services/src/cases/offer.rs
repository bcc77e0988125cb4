//! What the case use cases keep in memory: the implementations on offer with their guides'
//! materials, and the turn of SQLite writers.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use tokio::sync::{Mutex as AsyncMutex, OwnedMutexGuard};
use tongban_domain::catalog::Material;
use tongban_domain::implementation::Implementation;
use tongban_store::catalog::list_service_item_materials;
use tongban_store::implementations::find_implementation;
use tongban_store::{Backend, Store, StoreTransaction};

use super::CaseError;
use crate::case_index::Reporter;

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

/// The turn of writers: one case transaction at a time on SQLite, none needed on PostgreSQL.
///
/// SQLite has one writer at a time, and a writer that finds the lock taken sleeps in steps of
/// 1 to 100 ms before it tries again. Queueing the case transactions of this process in
/// memory instead keeps them from sleeping; writers of other processes and of other modules
/// still wait through the busy timeout.
#[derive(Debug, Clone)]
pub(super) struct WriteTurn {
    mutex: Option<Arc<AsyncMutex<()>>>,
    reporter: Option<Reporter>,
}

impl WriteTurn {
    pub(super) fn for_backend(backend: Backend) -> WriteTurn {
        let mutex = match backend {
            Backend::Sqlite => Some(Arc::new(AsyncMutex::new(()))),
            Backend::Postgres => None,
        };
        WriteTurn {
            mutex,
            reporter: None,
        }
    }

    /// Returns the turn with `reporter`, which the transactions it begins report with.
    pub(super) fn with_reporter(self, reporter: Reporter) -> WriteTurn {
        WriteTurn {
            reporter: Some(reporter),
            ..self
        }
    }

    /// Waits for the turn and begins a transaction that keeps it until it ends.
    ///
    /// # Errors
    /// [`CaseError::Store`] when the transaction cannot begin.
    pub(super) async fn begin(&self, store: &Store) -> Result<Write, CaseError> {
        let turn = match &self.mutex {
            Some(mutex) => Some(mutex.clone().lock_owned().await),
            None => None,
        };
        Ok(Write {
            transaction: store.begin().await?,
            reporter: self.reporter.clone(),
            _turn: turn,
        })
    }
}

/// A transaction of the case use cases, holding the writers' turn until it ends.
#[derive(Debug)]
pub(super) struct Write {
    pub transaction: StoreTransaction,
    /// Reports the status changes written in the transaction; `None` for jobs without a
    /// [`super::CaseContext`].
    pub reporter: Option<Reporter>,
    _turn: Option<OwnedMutexGuard<()>>,
}

impl Write {
    /// Wraps `transaction` without taking the writers' turn.
    pub(super) fn unqueued(transaction: StoreTransaction) -> Write {
        Write {
            transaction,
            reporter: None,
            _turn: None,
        }
    }

    /// Commits.
    ///
    /// # Errors
    /// [`CaseError::Store`] when the commit fails; nothing is stored then.
    pub(super) async fn commit(self) -> Result<(), CaseError> {
        tongban_store::commit(self.transaction).await?;
        if let Some(reporter) = &self.reporter {
            reporter.wake();
        }
        Ok(())
    }
}
