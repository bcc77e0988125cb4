//! The service catalog: items imported from reference data and the materials of their guides.

mod row;

use chrono::{DateTime, Utc};
use sqlx::{Any, Executor, Row, Transaction};
use tongban_domain::catalog::{ListKind, Material, ServiceItem};

use crate::change_stamp::read_stamp;
use crate::error::QueryContext;
use crate::timestamp::to_millis;
use crate::{ChangeStamp, StoreError};

/// The result of [`upsert_service_item`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UpsertOutcome {
    /// No item with the same source and record id was stored, so it was added.
    Inserted,
    /// The stored item had another content hash, so its row and materials were replaced.
    Updated,
    /// The stored item had the same content hash, so nothing was written.
    Unchanged,
}

/// Numbers of stored service items of one list.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct GuideCounts {
    /// Items with a full service guide.
    pub guide_complete: u64,
    /// Items without one.
    pub guide_incomplete: u64,
}

impl GuideCounts {
    /// Returns the number of items with or without a guide.
    pub fn total(&self) -> u64 {
        self.guide_complete + self.guide_incomplete
    }
}

/// Numbers of stored service items by list and guide completeness.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ServiceItemCounts {
    /// Base catalog entries.
    pub base: GuideCounts,
    /// Implementation list entries.
    pub implementation: GuideCounts,
}

impl ServiceItemCounts {
    /// Returns the number of items in both lists.
    pub fn total(&self) -> u64 {
        self.base.total() + self.implementation.total()
    }
}

/// Stores `item` under its source and record id, unless the stored copy has the same
/// `content_hash`.
///
/// `content_hash` is the caller's hex digest of the item's canonical content. An update
/// replaces every column and all materials and keeps the time of the first import. The
/// materials come from the guide, in guide order, and are stored under their `order`.
///
/// # Errors
/// [`StoreError::InvalidInput`] when the guide cannot be encoded or a material count or order
/// exceeds `i32::MAX`, and [`StoreError::Query`] when a statement fails, including when two
/// materials of the guide have the same `order`.
pub async fn upsert_service_item(
    transaction: &mut Transaction<'_, Any>,
    item: &ServiceItem,
    content_hash: &str,
    now: DateTime<Utc>,
) -> Result<UpsertOutcome, StoreError> {
    let key = || format!("{}/{}", item.source, item.record_id);

    let stored_hash: Option<String> = sqlx::query_scalar(
        "SELECT content_hash FROM service_items WHERE source = $1 AND record_id = $2",
    )
    .bind(item.source.as_str())
    .bind(item.record_id.as_str())
    .fetch_optional(&mut **transaction)
    .await
    .with_context(|| format!("look up service item {}", key()))?;
    let outcome = match stored_hash {
        None => UpsertOutcome::Inserted,
        Some(hash) if hash == content_hash => return Ok(UpsertOutcome::Unchanged),
        Some(_) => UpsertOutcome::Updated,
    };

    let guide_json = item
        .guide
        .as_ref()
        .map(serde_json::to_string)
        .transpose()
        .map_err(|error| StoreError::invalid_input("guide", key(), error))?;
    let millis = to_millis(now);

    // One statement for both cases: if another import added the item after the lookup above,
    // the conflict clause turns the insert into an update instead of failing.
    let item_id: i64 = sqlx::query_scalar(
        "INSERT INTO service_items (\
             source, record_id, list_kind, region_code, region_name, name, parent_name, \
             handling_item_name, item_code, implementation_code, handling_item_code, \
             item_type_code_raw, item_type_name_raw, item_type, exercise_level_code, \
             implementing_agency, implementing_agency_uscc, online_url, guide_complete, guide, \
             content_hash, imported_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, \
             $18, $19, $20, $21, $22, $22) \
         ON CONFLICT (source, record_id) DO UPDATE SET \
             list_kind = excluded.list_kind, \
             region_code = excluded.region_code, \
             region_name = excluded.region_name, \
             name = excluded.name, \
             parent_name = excluded.parent_name, \
             handling_item_name = excluded.handling_item_name, \
             item_code = excluded.item_code, \
             implementation_code = excluded.implementation_code, \
             handling_item_code = excluded.handling_item_code, \
             item_type_code_raw = excluded.item_type_code_raw, \
             item_type_name_raw = excluded.item_type_name_raw, \
             item_type = excluded.item_type, \
             exercise_level_code = excluded.exercise_level_code, \
             implementing_agency = excluded.implementing_agency, \
             implementing_agency_uscc = excluded.implementing_agency_uscc, \
             online_url = excluded.online_url, \
             guide_complete = excluded.guide_complete, \
             guide = excluded.guide, \
             content_hash = excluded.content_hash, \
             updated_at = excluded.updated_at \
         RETURNING id",
    )
    .bind(item.source.as_str())
    .bind(item.record_id.as_str())
    .bind(item.list_kind.as_str())
    .bind(item.region_code.as_deref())
    .bind(item.region_name.as_deref())
    .bind(item.name.as_str())
    .bind(item.parent_name.as_deref())
    .bind(item.handling_item_name.as_deref())
    .bind(item.item_code.as_deref())
    .bind(item.implementation_code.as_deref())
    .bind(item.handling_item_code.as_deref())
    .bind(item.item_type_code_raw.as_deref())
    .bind(item.item_type_name_raw.as_deref())
    .bind(item.item_type.map(|item_type| item_type.code()))
    .bind(item.exercise_level_code.as_deref())
    .bind(item.implementing_agency.as_deref())
    .bind(item.implementing_agency_uscc.as_deref())
    .bind(item.online_url.as_deref())
    .bind(i16::from(item.guide_complete()))
    .bind(guide_json)
    .bind(content_hash)
    .bind(millis)
    .fetch_one(&mut **transaction)
    .await
    .with_context(|| format!("store service item {}", key()))?;

    sqlx::query("DELETE FROM service_item_materials WHERE item_id = $1")
        .bind(item_id)
        .execute(&mut **transaction)
        .await
        .with_context(|| format!("delete the materials of service item {}", key()))?;
    let materials = item.guide.iter().flat_map(|guide| &guide.materials);
    for material in materials {
        insert_material(transaction, item_id, &key(), material).await?;
    }

    Ok(outcome)
}

async fn insert_material(
    transaction: &mut Transaction<'_, Any>,
    item_id: i64,
    item_key: &str,
    material: &Material,
) -> Result<(), StoreError> {
    let position = to_i32("material order", material.order)?;
    let original_count = material
        .original_count
        .map(|count| to_i32("original count", count))
        .transpose()?;
    let copy_count = material
        .copy_count
        .map(|count| to_i32("copy count", count))
        .transpose()?;

    sqlx::query(
        "INSERT INTO service_item_materials (\
             item_id, position, name, required, original_count, copy_count, source, \
             acceptance_standard) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(item_id)
    .bind(position)
    .bind(material.name.as_str())
    .bind(i16::from(material.required))
    .bind(original_count)
    .bind(copy_count)
    .bind(material.source.as_deref())
    .bind(material.acceptance_standard.as_deref())
    .execute(&mut **transaction)
    .await
    .with_context(|| format!("store material {position} of service item {item_key}"))?;
    Ok(())
}

/// Returns the stored item with this source and record id, rebuilt with its guide.
///
/// # Errors
/// [`StoreError::Query`] when the query fails, and [`StoreError::InvalidStoredValue`] when a
/// stored value cannot be turned back into the domain type.
pub async fn find_service_item<'e, E>(
    executor: E,
    source: &str,
    record_id: &str,
) -> Result<Option<ServiceItem>, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let row = sqlx::query(
        "SELECT source, record_id, list_kind, region_code, region_name, name, parent_name, \
             handling_item_name, item_code, implementation_code, handling_item_code, \
             item_type_code_raw, item_type_name_raw, item_type, exercise_level_code, \
             implementing_agency, implementing_agency_uscc, online_url, guide \
         FROM service_items \
         WHERE source = $1 AND record_id = $2",
    )
    .bind(source)
    .bind(record_id)
    .fetch_optional(executor)
    .await
    .with_context(|| format!("find service item {source}/{record_id}"))?;

    row.as_ref().map(row::service_item_from_row).transpose()
}

/// Returns every stored item with its guide, ordered by source and record id, to build a
/// search index from.
///
/// # Errors
/// As [`find_service_item`].
pub async fn list_service_items<'e, E>(executor: E) -> Result<Vec<ServiceItem>, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let rows = sqlx::query(
        "SELECT source, record_id, list_kind, region_code, region_name, name, parent_name, \
             handling_item_name, item_code, implementation_code, handling_item_code, \
             item_type_code_raw, item_type_name_raw, item_type, exercise_level_code, \
             implementing_agency, implementing_agency_uscc, online_url, guide \
         FROM service_items \
         ORDER BY source, record_id",
    )
    .fetch_all(executor)
    .await
    .context("list service items")?;

    rows.iter().map(row::service_item_from_row).collect()
}

/// Returns the change stamp of the stored items: every import that adds or changes an item
/// moves it.
///
/// # Errors
/// [`StoreError::Query`] when the query fails.
pub async fn service_items_stamp<'e, E>(executor: E) -> Result<ChangeStamp, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    read_stamp(
        executor,
        "SELECT COUNT(*) AS row_count, MAX(updated_at) AS last_change FROM service_items",
        "read the change stamp of service items",
    )
    .await
}

/// Returns the material rows of the stored item with this source and record id, in order.
/// The list is empty when the item is unknown or has no guide.
///
/// # Errors
/// [`StoreError::Query`] when the query fails, and [`StoreError::InvalidStoredValue`] for a
/// negative count or position.
pub async fn list_service_item_materials<'e, E>(
    executor: E,
    source: &str,
    record_id: &str,
) -> Result<Vec<Material>, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let rows = sqlx::query(
        "SELECT m.position, m.name, m.required, m.original_count, m.copy_count, m.source, \
             m.acceptance_standard \
         FROM service_item_materials m \
         JOIN service_items i ON i.id = m.item_id \
         WHERE i.source = $1 AND i.record_id = $2 \
         ORDER BY m.position",
    )
    .bind(source)
    .bind(record_id)
    .fetch_all(executor)
    .await
    .with_context(|| format!("list the materials of service item {source}/{record_id}"))?;

    rows.iter().map(row::material_from_row).collect()
}

/// Counts the stored service items by list and by whether they have a full guide.
///
/// # Errors
/// [`StoreError::Query`] when the query fails, and [`StoreError::InvalidStoredValue`] for an
/// unknown list kind.
pub async fn count_service_items<'e, E>(executor: E) -> Result<ServiceItemCounts, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let rows = sqlx::query(
        "SELECT list_kind, guide_complete, COUNT(*) AS items \
         FROM service_items \
         GROUP BY list_kind, guide_complete",
    )
    .fetch_all(executor)
    .await
    .context("count service items")?;

    let mut counts = ServiceItemCounts::default();
    for row in &rows {
        let read = || -> Result<_, sqlx::Error> {
            Ok((
                row.try_get::<String, _>("list_kind")?,
                row.try_get::<i64, _>("guide_complete")?,
                row.try_get::<i64, _>("items")?,
            ))
        };
        let (list_kind, guide_complete, items) = read().context("read service item counts")?;

        let list = match row::parse_list_kind(&list_kind)? {
            ListKind::Base => &mut counts.base,
            ListKind::Implementation => &mut counts.implementation,
        };
        // COUNT(*) is never negative.
        let items = u64::try_from(items).unwrap_or_default();
        if guide_complete != 0 {
            list.guide_complete += items;
        } else {
            list.guide_incomplete += items;
        }
    }
    Ok(counts)
}

fn to_i32(field: &'static str, value: u32) -> Result<i32, StoreError> {
    i32::try_from(value)
        .map_err(|_| StoreError::invalid_input(field, value, "larger than the maximum 2147483647"))
}
