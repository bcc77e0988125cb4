//! Catalog lists without guides: JSON Lines implementation lists and CSV base catalog samples.

use std::path::Path;

use serde::Deserialize;
use tongban_domain::catalog::{ItemType, ListKind, ServiceGuide, ServiceItem};
use tongban_i18n::Message;

use super::rows::{Row, non_empty, split_legal_basis};
use crate::RefDataError;

/// The keys of both JSON Lines files; a key absent from a line means the source lacks it.
#[derive(Debug, Deserialize)]
struct ListRow {
    record_id: Option<String>,
    source: Option<String>,
    region_code: Option<String>,
    region_name: Option<String>,
    item_name: Option<String>,
    parent_item_name: Option<String>,
    handling_item_name: Option<String>,
    item_code: Option<String>,
    implementation_code: Option<String>,
    implementation_code_parts: Option<CodeParts>,
    handling_item_code: Option<String>,
    item_type: Option<String>,
    item_type_code: Option<String>,
    exercise_level_code: Option<String>,
    implementing_agency: Option<String>,
    implementing_agency_uscc: Option<String>,
    online_url: Option<String>,
}

#[derive(Debug, Deserialize)]
struct CodeParts {
    item_code: Option<String>,
}

/// A line number and the row read from it, or why it could not be read.
type ParsedLine = (u64, Result<ListRow, Message>);

fn read_lines(path: &Path) -> Result<Vec<ParsedLine>, RefDataError> {
    let text = std::fs::read_to_string(path).map_err(|error| RefDataError::io(path, error))?;
    let rows = text
        .lines()
        .enumerate()
        .filter(|(_, line)| !line.trim().is_empty())
        .map(|(index, line)| {
            let row = serde_json::from_str::<ListRow>(line).map_err(|error| {
                Message::new("catalog-reject-json").arg("error", error.to_string())
            });
            (index as u64 + 1, row)
        })
        .collect();
    Ok(rows)
}

fn list_item(row: ListRow, default_source: &str) -> ServiceItem {
    let item_code = non_empty(row.item_code).or_else(|| {
        non_empty(
            row.implementation_code_parts
                .and_then(|parts| parts.item_code),
        )
    });
    let item_type_name_raw = non_empty(row.item_type);
    ServiceItem {
        source: non_empty(row.source).unwrap_or_else(|| default_source.to_owned()),
        record_id: row.record_id.unwrap_or_default(),
        list_kind: ListKind::Implementation,
        region_code: non_empty(row.region_code),
        region_name: non_empty(row.region_name),
        name: row.item_name.unwrap_or_default(),
        parent_name: non_empty(row.parent_item_name),
        handling_item_name: non_empty(row.handling_item_name),
        item_code,
        implementation_code: non_empty(row.implementation_code),
        handling_item_code: non_empty(row.handling_item_code),
        item_type_code_raw: non_empty(row.item_type_code),
        item_type: item_type_name_raw.as_deref().and_then(ItemType::from_name),
        item_type_name_raw,
        exercise_level_code: non_empty(row.exercise_level_code),
        implementing_agency: non_empty(row.implementing_agency),
        implementing_agency_uscc: non_empty(row.implementing_agency_uscc),
        online_url: non_empty(row.online_url),
        guide: None,
    }
}

fn read_list(path: &Path, default_source: &str) -> Result<Vec<Row>, RefDataError> {
    let rows = read_lines(path)?
        .into_iter()
        .map(|(line, row)| {
            let record_id = row.as_ref().ok().and_then(|row| row.record_id.clone());
            Row {
                line,
                record_id,
                item: row.map(|row| list_item(row, default_source)),
            }
        })
        .collect();
    Ok(rows)
}

/// Reads the district implementation list of 广安区, Sichuan.
pub(crate) fn read_sichuan(path: &Path) -> Result<Vec<Row>, RefDataError> {
    read_list(path, "sichuan_guangan_district_catalog")
}

/// Reads the provincial implementation list of 湖北省.
pub(crate) fn read_hubei(path: &Path) -> Result<Vec<Row>, RefDataError> {
    read_list(path, "hubei_provincial_item_list")
}

#[derive(Debug, Deserialize)]
struct LiaoningRow {
    catalog_code: String,
    item_name: String,
    item_type_code: String,
    item_type_name: String,
    exercise_levels: String,
    legal_basis_condensed: String,
}

#[derive(Debug, Deserialize)]
struct PreapprovalRow {
    seq: String,
    item_name: String,
    implementing_agency: String,
    legal_basis: String,
}

fn read_csv<T: serde::de::DeserializeOwned>(
    path: &Path,
    mut to_item: impl FnMut(T) -> ServiceItem,
) -> Result<Vec<Row>, RefDataError> {
    let mut reader =
        csv::Reader::from_path(path).map_err(|error| RefDataError::unparsable(path, 0, error))?;
    let rows = reader
        .deserialize::<T>()
        .enumerate()
        .map(|(index, row)| {
            let item = row.map(&mut to_item).map_err(|error| {
                Message::new("catalog-reject-csv").arg("error", error.to_string())
            });
            let record_id = item.as_ref().ok().map(|item| item.record_id.clone());
            Row {
                line: index as u64 + 2,
                record_id,
                item,
            }
        })
        .collect();
    Ok(rows)
}

/// A guide that holds only the legal basis its catalog states; incomplete by construction.
fn basis_only_guide(legal_basis: &str) -> Option<ServiceGuide> {
    let legal_basis = split_legal_basis(legal_basis);
    if legal_basis.is_empty() {
        return None;
    }
    Some(ServiceGuide {
        acceptance_conditions: None,
        statutory_time_limit: None,
        promised_time_limit: None,
        fee: None,
        legal_basis,
        materials: Vec::new(),
    })
}

/// Reads the sample of the 辽宁省 base catalog: catalog code, type and legal basis.
pub(crate) fn read_liaoning(path: &Path) -> Result<Vec<Row>, RefDataError> {
    read_csv(path, |row: LiaoningRow| ServiceItem {
        source: "liaoning_catalog_sample".to_owned(),
        record_id: format!("ln-{}", row.catalog_code),
        list_kind: ListKind::Base,
        region_code: Some("210000".to_owned()),
        region_name: Some("辽宁省".to_owned()),
        name: row.item_name,
        parent_name: None,
        handling_item_name: None,
        item_code: non_empty(Some(row.catalog_code)),
        implementation_code: None,
        handling_item_code: None,
        item_type_code_raw: non_empty(Some(row.item_type_code)),
        item_type: ItemType::from_name(&row.item_type_name),
        item_type_name_raw: non_empty(Some(row.item_type_name)),
        exercise_level_code: non_empty(Some(row.exercise_levels)),
        // The competent department's code needs no field of its own: it is characters 5 and 6
        // of the catalog code in every row.
        implementing_agency: None,
        implementing_agency_uscc: None,
        online_url: None,
        guide: basis_only_guide(&row.legal_basis_condensed),
    })
}

/// Reads the national list of approvals required before business registration (2017).
pub(crate) fn read_preapproval(path: &Path) -> Result<Vec<Row>, RefDataError> {
    read_csv(path, |row: PreapprovalRow| ServiceItem {
        source: "business_registration_preapproval_2017".to_owned(),
        record_id: format!("preapproval-2017-{}", row.seq.trim()),
        list_kind: ListKind::Base,
        region_code: None,
        region_name: None,
        name: row.item_name,
        parent_name: None,
        handling_item_name: None,
        item_code: None,
        implementation_code: None,
        handling_item_code: None,
        item_type_code_raw: None,
        item_type_name_raw: None,
        item_type: None,
        exercise_level_code: None,
        implementing_agency: non_empty(Some(row.implementing_agency)),
        implementing_agency_uscc: None,
        online_url: None,
        guide: basis_only_guide(&row.legal_basis),
    })
}
