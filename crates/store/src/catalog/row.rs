//! Rebuilding catalog values from database rows.

use sqlx::Row;
use sqlx::any::AnyRow;
use tongban_domain::catalog::{ItemType, ListKind, Material, ServiceGuide, ServiceItem};

use crate::StoreError;
use crate::error::QueryContext;

/// Returns the list kind stored as `base` or `implementation`.
pub(super) fn parse_list_kind(stored: &str) -> Result<ListKind, StoreError> {
    [ListKind::Base, ListKind::Implementation]
        .into_iter()
        .find(|kind| kind.as_str() == stored)
        .ok_or_else(|| {
            StoreError::invalid_stored_value(
                "service_items.list_kind",
                stored,
                "expected base or implementation",
            )
        })
}

/// Rebuilds an item from the columns that `find_service_item` selects.
pub(super) fn service_item_from_row(row: &AnyRow) -> Result<ServiceItem, StoreError> {
    let text = |column: &str| -> Result<String, StoreError> {
        row.try_get(column)
            .with_context(|| format!("read service_items.{column}"))
    };
    let optional_text = |column: &str| -> Result<Option<String>, StoreError> {
        row.try_get(column)
            .with_context(|| format!("read service_items.{column}"))
    };

    let item_type = optional_text("item_type")?
        .map(|code| {
            ItemType::from_code(&code).ok_or_else(|| {
                StoreError::invalid_stored_value(
                    "service_items.item_type",
                    &code,
                    "not a code of list A.1",
                )
            })
        })
        .transpose()?;
    let guide = optional_text("guide")?
        .map(|json| {
            serde_json::from_str::<ServiceGuide>(&json).map_err(|error| {
                StoreError::invalid_stored_value("service_items.guide", &json, error)
            })
        })
        .transpose()?;

    Ok(ServiceItem {
        source: text("source")?,
        record_id: text("record_id")?,
        list_kind: parse_list_kind(&text("list_kind")?)?,
        region_code: optional_text("region_code")?,
        region_name: optional_text("region_name")?,
        name: text("name")?,
        parent_name: optional_text("parent_name")?,
        handling_item_name: optional_text("handling_item_name")?,
        item_code: optional_text("item_code")?,
        implementation_code: optional_text("implementation_code")?,
        handling_item_code: optional_text("handling_item_code")?,
        item_type_code_raw: optional_text("item_type_code_raw")?,
        item_type_name_raw: optional_text("item_type_name_raw")?,
        item_type,
        exercise_level_code: optional_text("exercise_level_code")?,
        implementing_agency: optional_text("implementing_agency")?,
        implementing_agency_uscc: optional_text("implementing_agency_uscc")?,
        online_url: optional_text("online_url")?,
        guide,
    })
}

/// Rebuilds a material from the columns that `list_service_item_materials` selects.
pub(super) fn material_from_row(row: &AnyRow) -> Result<Material, StoreError> {
    let read = || -> Result<_, sqlx::Error> {
        Ok((
            row.try_get::<i64, _>("position")?,
            row.try_get::<String, _>("name")?,
            row.try_get::<i64, _>("required")?,
            row.try_get::<Option<i64>, _>("original_count")?,
            row.try_get::<Option<i64>, _>("copy_count")?,
            row.try_get::<Option<String>, _>("source")?,
            row.try_get::<Option<String>, _>("acceptance_standard")?,
        ))
    };
    let (position, name, required, original_count, copy_count, source, acceptance_standard) =
        read().context("read a service item material")?;

    Ok(Material {
        order: to_u32("service_item_materials.position", position)?,
        name,
        required: required != 0,
        original_count: original_count
            .map(|count| to_u32("service_item_materials.original_count", count))
            .transpose()?,
        copy_count: copy_count
            .map(|count| to_u32("service_item_materials.copy_count", count))
            .transpose()?,
        source,
        acceptance_standard,
    })
}

fn to_u32(column: &'static str, value: i64) -> Result<u32, StoreError> {
    u32::try_from(value).map_err(|_| {
        StoreError::invalid_stored_value(column, value, "expected a number from 0 to 4294967295")
    })
}
