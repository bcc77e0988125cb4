//! The catalog search of a hub or a node, held in memory and built from the database.
//!
//! The database is the source of truth, so the index is built from it at start-up and built
//! again whenever the rows it came from change. Each search first compares the tables' change
//! stamps (one aggregate query) with those the index was built from, so an import by another
//! process, such as the command line, is searchable at the next request.
//!
//! The hub indexes every catalog entry under the node id [`HUB_NODE_ID`], with the catalog's
//! implementing agency as department. A node indexes the entries of its implementation list
//! under its own node id, with the implementation's department and id.
//!
//! The index lives in memory rather than in a folder. Reading and indexing the 1,828 entries
//! of the reference catalogs took 0.18–0.43 s in a release build and 0.6–0.8 s in a debug
//! build (`tongban demo` start-up log on a 2-core machine, see `docs/benchmarks.md`). An index
//! on disk would have to be rebuilt at every start anyway, because the database may change
//! while the instance is down.

use std::sync::{Arc, PoisonError, RwLock};
use std::time::{Duration, Instant};

use tongban_domain::catalog::ServiceItem;
use tongban_domain::implementation::Implementation;
use tongban_search::{Offer, Query, SearchIndex, SearchResults};
use tongban_store::{ChangeStamp, Store, catalog, implementations};

use crate::ServiceError;

/// Node id of the hub's catalog entries in its index.
pub const HUB_NODE_ID: &str = "hub";

/// Whose entries an index holds.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Scope {
    /// Every catalog entry.
    Hub,
    /// The implementation list of the node with this id.
    Node(String),
}

/// The change stamps an index was built from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Stamps {
    catalog: ChangeStamp,
    implementations: Option<ChangeStamp>,
}

/// An index built from one state of the database.
#[derive(Debug)]
struct Snapshot {
    index: SearchIndex,
    stamps: Stamps,
    departments: Vec<String>,
    stats: IndexStats,
}

/// Size and build time of the current index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IndexStats {
    /// Entries indexed.
    pub entries: usize,
    /// Time from reading the database to a searchable index.
    pub build_time: Duration,
}

/// The catalog search of one instance. Cloning the `Arc` it is kept in shares one index.
#[derive(Debug)]
pub struct CatalogSearch {
    scope: Scope,
    store: Store,
    current: RwLock<Arc<Snapshot>>,
    /// Held while building, so that concurrent searches that find the index stale build it
    /// once.
    building: tokio::sync::Mutex<()>,
}

impl CatalogSearch {
    /// Builds the search of a hub over every catalog entry in `store`.
    ///
    /// # Errors
    /// [`ServiceError::Store`] when the database fails, [`ServiceError::Search`] when the index
    /// cannot be built.
    pub async fn for_hub(store: Store) -> Result<CatalogSearch, ServiceError> {
        CatalogSearch::start(store, Scope::Hub).await
    }

    /// Builds the search of node `node_id` over its implementation list in `store`.
    ///
    /// # Errors
    /// As [`CatalogSearch::for_hub`], and [`ServiceError::Search`] for an invalid node id.
    pub async fn for_node(store: Store, node_id: &str) -> Result<CatalogSearch, ServiceError> {
        CatalogSearch::start(store, Scope::Node(node_id.to_owned())).await
    }

    async fn start(store: Store, scope: Scope) -> Result<CatalogSearch, ServiceError> {
        let snapshot = build(&store, &scope).await?;
        tracing::info!(
            scope = ?scope,
            entries = snapshot.stats.entries,
            build_ms = snapshot.stats.build_time.as_millis(),
            "catalog search index built"
        );
        Ok(CatalogSearch {
            scope,
            store,
            current: RwLock::new(Arc::new(snapshot)),
            building: tokio::sync::Mutex::new(()),
        })
    }

    /// Returns the node id the entries are indexed under.
    pub fn node_id(&self) -> &str {
        match &self.scope {
            Scope::Hub => HUB_NODE_ID,
            Scope::Node(id) => id,
        }
    }

    /// Runs `query` on an index that reflects the database as of this call.
    ///
    /// # Errors
    /// [`ServiceError::Search`] for a query that breaks a limit of [`Query::validate`] or an
    /// index failure, and [`ServiceError::Store`] when the database fails.
    pub async fn search(&self, query: &Query) -> Result<SearchResults, ServiceError> {
        let snapshot = self.fresh_snapshot().await?;
        Ok(snapshot.index.search(query)?)
    }

    /// Returns the departments of the indexed entries, sorted and without repeats, for the
    /// department filter.
    ///
    /// # Errors
    /// As [`CatalogSearch::search`].
    pub async fn departments(&self) -> Result<Vec<String>, ServiceError> {
        Ok(self.fresh_snapshot().await?.departments.clone())
    }

    /// Returns the size and build time of the current index.
    pub fn stats(&self) -> IndexStats {
        self.snapshot().stats
    }

    /// Builds the index again if the rows it came from changed, and returns whether it did.
    /// Searches call this themselves. An importer may call it to pay the cost at once.
    ///
    /// # Errors
    /// As [`CatalogSearch::search`].
    pub async fn refresh(&self) -> Result<bool, ServiceError> {
        let before = self.snapshot();
        let after = self.fresh_snapshot().await?;
        Ok(!Arc::ptr_eq(&before, &after))
    }

    fn snapshot(&self) -> Arc<Snapshot> {
        let current = self.current.read().unwrap_or_else(PoisonError::into_inner);
        Arc::clone(&current)
    }

    async fn fresh_snapshot(&self) -> Result<Arc<Snapshot>, ServiceError> {
        let current = self.snapshot();
        if read_stamps(&self.store, &self.scope).await? == current.stamps {
            return Ok(current);
        }

        let _building = self.building.lock().await;
        // Another search may have built it while this one waited.
        let current = self.snapshot();
        if read_stamps(&self.store, &self.scope).await? == current.stamps {
            return Ok(current);
        }
        let fresh = Arc::new(build(&self.store, &self.scope).await?);
        tracing::info!(
            scope = ?self.scope,
            entries = fresh.stats.entries,
            build_ms = fresh.stats.build_time.as_millis(),
            "catalog search index rebuilt after a change"
        );
        *self.current.write().unwrap_or_else(PoisonError::into_inner) = Arc::clone(&fresh);
        Ok(fresh)
    }
}

async fn read_stamps(store: &Store, scope: &Scope) -> Result<Stamps, ServiceError> {
    let catalog = catalog::service_items_stamp(store.pool()).await?;
    let implementations = match scope {
        Scope::Hub => None,
        Scope::Node(_) => Some(implementations::implementations_stamp(store.pool()).await?),
    };
    Ok(Stamps {
        catalog,
        implementations,
    })
}

/// An entry to index with the department and id the node gives it.
struct Entry {
    item: ServiceItem,
    department: Option<String>,
    offer_id: Option<String>,
}

/// Reads the stamps, then the rows, and indexes them on the blocking pool. Reading the stamps
/// first means a change made during the build moves them again, so the next search rebuilds.
async fn build(store: &Store, scope: &Scope) -> Result<Snapshot, ServiceError> {
    let started = Instant::now();
    let stamps = read_stamps(store, scope).await?;
    let entries = match scope {
        Scope::Hub => catalog::list_service_items(store.pool())
            .await?
            .into_iter()
            .map(|item| Entry {
                department: item.implementing_agency.clone(),
                item,
                offer_id: None,
            })
            .collect(),
        Scope::Node(node_id) => node_entries(store, node_id).await?,
    };
    let node = match scope {
        Scope::Hub => HUB_NODE_ID.to_owned(),
        Scope::Node(node_id) => node_id.clone(),
    };

    let indexing = tokio::task::spawn_blocking(move || index_entries(&entries, &node))
        .await
        .map_err(|error| ServiceError::Background(error.to_string()))?;
    let (index, departments, count) = indexing?;
    Ok(Snapshot {
        index,
        stamps,
        departments,
        stats: IndexStats {
            entries: count,
            build_time: started.elapsed(),
        },
    })
}

/// Returns the implementation list with the catalog entries it points at. An entry whose
/// catalog item is gone is left out with a warning. The import checked that the item exists,
/// so only a later change of the catalog can remove it.
async fn node_entries(store: &Store, node_id: &str) -> Result<Vec<Entry>, ServiceError> {
    let list: Vec<Implementation> = implementations::list_implementations(store.pool()).await?;
    let mut entries = Vec::with_capacity(list.len());
    for implementation in list {
        let item = catalog::find_service_item(
            store.pool(),
            &implementation.source,
            &implementation.record_id,
        )
        .await?;
        let Some(item) = item else {
            tracing::warn!(
                node = node_id,
                implementation = %implementation.id,
                source = %implementation.source,
                record_id = %implementation.record_id,
                "an implementation points at a catalog entry that is missing; it is not searchable"
            );
            continue;
        };
        entries.push(Entry {
            item,
            department: Some(implementation.department),
            offer_id: Some(implementation.id),
        });
    }
    Ok(entries)
}

fn index_entries(
    entries: &[Entry],
    node: &str,
) -> Result<(SearchIndex, Vec<String>, usize), ServiceError> {
    let mut index = SearchIndex::in_memory()?;
    let offers = entries.iter().map(|entry| Offer {
        item: &entry.item,
        node,
        offer_id: entry.offer_id.as_deref(),
        department: entry.department.as_deref(),
    });
    let count = index.index_offers(offers)?;

    let mut departments: Vec<String> = entries
        .iter()
        .filter_map(|entry| entry.department.as_deref())
        .map(str::trim)
        .filter(|department| !department.is_empty())
        .map(str::to_owned)
        .collect();
    departments.sort();
    departments.dedup();
    Ok((index, departments, count))
}
