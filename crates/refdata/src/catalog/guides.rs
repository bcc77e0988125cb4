//! Full service guides (办事指南) transcribed from two provincial platforms.

use std::path::Path;

use serde::Deserialize;
use tongban_domain::catalog::{
    Fee, GuideTimeLimit, ItemType, LegalBasis, ListKind, Material, ServiceGuide, ServiceItem,
};
use tongban_i18n::Message;

use super::rows::{Row, non_empty, split_legal_basis};
use crate::RefDataError;

#[derive(Debug, Deserialize)]
struct GuideFile {
    items: Vec<serde_json::Value>,
}

#[derive(Debug, Deserialize)]
struct GuideRow {
    id: String,
    source: Option<String>,
    name: String,
    region: Option<Region>,
    item_type: Option<CodeName>,
    catalog_code: Option<String>,
    local_item_no: Option<String>,
    implementation_code: Option<String>,
    exercise_level_code: Option<String>,
    department: Option<Department>,
    department_as_published: Option<String>,
    acceptance_conditions: Option<String>,
    legal_time_limit: Option<TimeLimitRow>,
    promised_time_limit: Option<TimeLimitRow>,
    fee: Option<FeeRow>,
    #[serde(default)]
    legal_basis: Vec<LegalBasisRow>,
    legal_basis_text: Option<String>,
    #[serde(default)]
    materials: Vec<MaterialRow>,
    online: Option<Online>,
}

#[derive(Debug, Deserialize)]
struct Region {
    area_code: Option<String>,
    name: Option<String>,
}

#[derive(Debug, Deserialize)]
struct CodeName {
    code: Option<String>,
    name: Option<String>,
}

#[derive(Debug, Deserialize)]
struct Department {
    name: Option<String>,
    uscc: Option<String>,
}

#[derive(Debug, Deserialize)]
struct TimeLimitRow {
    value: u32,
    unit_code: Option<String>,
    explain: Option<String>,
}

#[derive(Debug, Deserialize)]
struct FeeRow {
    is_fee: bool,
    text: Option<String>,
}

#[derive(Debug, Deserialize)]
struct LegalBasisRow {
    law_name: String,
    law_number: Option<String>,
    clause: Option<String>,
    text: Option<String>,
}

/// Materials come in two shapes: Guangxi's with counts of originals and copies, and
/// Shanghai's with one count and its kind (原件 or 复印件).
#[derive(Debug, Deserialize)]
struct MaterialRow {
    order: Option<u32>,
    name: String,
    required: Option<bool>,
    original_count: Option<u32>,
    copy_count: Option<u32>,
    source_explain: Option<String>,
    acceptance_standard: Option<String>,
    kind: Option<String>,
    count: Option<u32>,
}

#[derive(Debug, Deserialize)]
struct Online {
    url: Option<String>,
}

/// Reads the sample of full service guides.
pub(crate) fn read_guides(path: &Path) -> Result<Vec<Row>, RefDataError> {
    let text = std::fs::read_to_string(path).map_err(|error| RefDataError::io(path, error))?;
    let file: GuideFile = serde_json::from_str(&text)
        .map_err(|error| RefDataError::unparsable(path, error.line() as u64, error))?;
    let rows = file
        .items
        .into_iter()
        .enumerate()
        .map(|(index, value)| {
            let record_id = value
                .get("id")
                .and_then(|id| id.as_str())
                .map(str::to_owned);
            let item = serde_json::from_value::<GuideRow>(value)
                .map(guide_item)
                .map_err(|error| {
                    Message::new("catalog-reject-json").arg("error", error.to_string())
                });
            Row {
                line: index as u64 + 1,
                record_id,
                item,
            }
        })
        .collect();
    Ok(rows)
}

fn guide_item(row: GuideRow) -> ServiceItem {
    let (region_code, region_name) = row.region.map_or((None, None), |region| {
        (non_empty(region.area_code), non_empty(region.name))
    });
    let (item_type_code_raw, item_type_name_raw) = row.item_type.map_or((None, None), |kind| {
        (non_empty(kind.code), non_empty(kind.name))
    });
    let (agency, agency_uscc) = match row.department {
        Some(department) => (non_empty(department.name), non_empty(department.uscc)),
        None => (non_empty(row.department_as_published), None),
    };

    let mut legal_basis: Vec<LegalBasis> = row
        .legal_basis
        .into_iter()
        .map(|basis| LegalBasis {
            law_name: basis.law_name,
            document_number: non_empty(basis.law_number),
            clause: non_empty(basis.clause),
            text: non_empty(basis.text),
        })
        .collect();
    if let Some(text) = non_empty(row.legal_basis_text) {
        legal_basis.extend(split_legal_basis(&text).into_iter().map(|mut basis| {
            basis.text = Some(text.clone());
            basis
        }));
    }

    let guide = ServiceGuide {
        acceptance_conditions: non_empty(row.acceptance_conditions),
        statutory_time_limit: row.legal_time_limit.map(time_limit),
        promised_time_limit: row.promised_time_limit.map(time_limit),
        fee: row.fee.map(|fee| Fee {
            charged: fee.is_fee,
            description: non_empty(fee.text),
        }),
        legal_basis,
        materials: row
            .materials
            .into_iter()
            .enumerate()
            .map(material)
            .collect(),
    };

    ServiceItem {
        source: non_empty(row.source).unwrap_or_else(|| "service_guides_sample".to_owned()),
        record_id: row.id,
        list_kind: ListKind::Implementation,
        region_code,
        region_name,
        name: row.name,
        parent_name: None,
        handling_item_name: None,
        item_code: non_empty(row.catalog_code).or_else(|| non_empty(row.local_item_no)),
        implementation_code: non_empty(row.implementation_code),
        handling_item_code: None,
        item_type: item_type_name_raw.as_deref().and_then(ItemType::from_name),
        item_type_code_raw,
        item_type_name_raw,
        exercise_level_code: non_empty(row.exercise_level_code),
        implementing_agency: agency,
        implementing_agency_uscc: agency_uscc,
        online_url: row.online.and_then(|online| non_empty(online.url)),
        guide: Some(guide),
    }
}

fn time_limit(row: TimeLimitRow) -> GuideTimeLimit {
    GuideTimeLimit {
        value: row.value,
        unit_code: non_empty(row.unit_code),
        explanation: non_empty(row.explain),
    }
}

fn material((index, row): (usize, MaterialRow)) -> Material {
    let (mut original_count, mut copy_count) = (row.original_count, row.copy_count);
    match row.kind.as_deref() {
        Some("原件") => original_count = original_count.or(row.count),
        Some("复印件") => copy_count = copy_count.or(row.count),
        _ => {}
    }
    Material {
        order: row
            .order
            .unwrap_or_else(|| u32::try_from(index + 1).unwrap_or(u32::MAX)),
        name: row.name,
        required: row.required.unwrap_or(false),
        original_count,
        copy_count,
        source: non_empty(row.source_explain),
        acceptance_standard: non_empty(row.acceptance_standard),
    }
}
