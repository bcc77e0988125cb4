//! Importing the service catalog from the reference data into a database.
//!
//! An item is keyed by its source and record id and stored with a digest of its content, so
//! running the import again inserts nothing, and an item whose source changed is updated in
//! place. Each batch commits on its own; the run ends with one audit event that records who
//! ran it and what it changed.

use chrono::Utc;
use serde_json::json;
use tongban_refdata::CatalogLoad;
use tongban_store::Store;
use tongban_store::audit::{self, NewAuditEvent};
use tongban_store::catalog::{self, ServiceItemCounts, UpsertOutcome};
use tracing::info;

use crate::ServiceError;

/// Items written per transaction: large enough to amortise the commit, small enough that an
/// interrupted import keeps most of its work.
const BATCH_SIZE: usize = 250;

/// What an import did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportSummary {
    /// Items stored for the first time.
    pub inserted: u64,
    /// Items whose content changed since the last import.
    pub updated: u64,
    /// Items already stored with the same content.
    pub unchanged: u64,
    /// Rows of the reference data that were not imported.
    pub rejected: u64,
    /// What the database holds afterwards.
    pub counts: ServiceItemCounts,
    /// Id of the audit event that records the run.
    pub audit_event_id: i64,
}

/// Writes every valid item of `load` into `store` and records the run as done by `actor`.
/// `progress` is called after each batch with the number of items written so far.
///
/// # Errors
/// [`ServiceError`] when the database fails or an item cannot be encoded. Batches committed
/// before the failure stay; running the import again completes the rest.
pub async fn import_catalog(
    store: &Store,
    load: &CatalogLoad,
    actor: &str,
    mut progress: impl FnMut(usize),
) -> Result<ImportSummary, ServiceError> {
    let mut summary = ImportSummary {
        inserted: 0,
        updated: 0,
        unchanged: 0,
        rejected: load.rejected.len() as u64,
        counts: ServiceItemCounts::default(),
        audit_event_id: 0,
    };

    let mut written = 0;
    for batch in load.items.chunks(BATCH_SIZE) {
        let mut transaction = store.begin().await?;
        for item in batch {
            let hash =
                tongban_crypto::sm3_of_json(item).map_err(|source| ServiceError::Encode {
                    what: format!("service item {}/{}", item.source, item.record_id),
                    source,
                })?;
            match catalog::upsert_service_item(&mut transaction, item, &hash, Utc::now()).await? {
                UpsertOutcome::Inserted => summary.inserted += 1,
                UpsertOutcome::Updated => summary.updated += 1,
                UpsertOutcome::Unchanged => summary.unchanged += 1,
            }
        }
        tongban_store::commit(transaction).await?;
        written += batch.len();
        progress(written);
    }

    summary.counts = catalog::count_service_items(store.pool()).await?;
    let event = NewAuditEvent {
        occurred_at: Utc::now(),
        actor: actor.to_owned(),
        action: "catalog.import".to_owned(),
        subject: "catalog/service_items".to_owned(),
        reason: Some("import of the service catalog from the reference data".to_owned()),
        details: Some(json!({
            "inserted": summary.inserted,
            "updated": summary.updated,
            "unchanged": summary.unchanged,
            "rejected": summary.rejected,
            "files": load.files,
        })),
    };
    summary.audit_event_id = audit::record_event(store.pool(), &event).await?;
    info!(
        inserted = summary.inserted,
        updated = summary.updated,
        unchanged = summary.unchanged,
        rejected = summary.rejected,
        "catalog imported"
    );
    Ok(summary)
}
