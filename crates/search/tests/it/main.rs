//! Integration tests of the catalog search against the real reference catalogs.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test fails loudly where it stops"
)]

mod disk;
mod filters;
mod input;
mod offers;
mod paging;
mod ranking;
mod reindex;
mod snippets;
mod synonyms;

use std::collections::HashMap;
use std::sync::OnceLock;

use tongban_domain::catalog::{ListKind, Material, ServiceGuide, ServiceItem};
use tongban_refdata::ReferenceData;
use tongban_search::{Hit, Query, RecordKey, SearchIndex, SearchResults};

/// The real catalogs, indexed once for every test that only reads.
#[derive(Debug)]
pub struct Catalog {
    pub items: Vec<ServiceItem>,
    pub index: SearchIndex,
    by_key: HashMap<RecordKey, usize>,
}

/// Returns the node a test assigns an entry to: Sichuan entries to `sc`, Hubei entries to `hb`,
/// the rest (base catalog samples, guides of other provinces) to `hub`.
pub fn node_of(item: &ServiceItem) -> &'static str {
    match item.region_code.as_deref() {
        Some(code) if code.starts_with("51") => "sc",
        Some(code) if code.starts_with("42") => "hb",
        _ => "hub",
    }
}

pub fn load_items() -> Vec<ServiceItem> {
    let data = ReferenceData::locate(None)
        .expect("reference data directory must exist (see ReferenceData::locate)");
    let divisions = data.divisions().unwrap();
    data.service_items(&divisions).unwrap().items
}

pub fn catalog() -> &'static Catalog {
    static CATALOG: OnceLock<Catalog> = OnceLock::new();
    CATALOG.get_or_init(|| {
        let items = load_items();
        let mut index = SearchIndex::in_memory().unwrap();
        let added = index
            .index_items(items.iter().map(|item| (item, node_of(item))))
            .unwrap();
        assert_eq!(added, items.len());
        let by_key = items
            .iter()
            .enumerate()
            .map(|(position, item)| (key_of(item), position))
            .collect();
        Catalog {
            items,
            index,
            by_key,
        }
    })
}

pub fn key_of(item: &ServiceItem) -> RecordKey {
    RecordKey {
        source: item.source.clone(),
        record_id: item.record_id.clone(),
    }
}

impl Catalog {
    /// Returns the entry a hit points to.
    pub fn item(&self, hit: &Hit) -> &ServiceItem {
        &self.items[self.by_key[&hit.record]]
    }

    /// Returns the first page of up to 100 hits for `text`.
    pub fn search(&self, text: &str) -> SearchResults {
        self.index
            .search(&Query {
                limit: 100,
                ..Query::new(text)
            })
            .unwrap()
    }

    /// Returns every hit of `query`, reading page after page.
    pub fn all_hits(&self, query: &Query) -> Vec<Hit> {
        let mut hits = Vec::new();
        let mut page = Query {
            offset: 0,
            limit: 100,
            ..query.clone()
        };
        loop {
            let results = self.index.search(&page).unwrap();
            let count = results.hits.len();
            hits.extend(results.hits);
            if count < page.limit {
                assert_eq!(hits.len(), results.total);
                return hits;
            }
            page.offset += page.limit;
        }
    }
}

/// Returns every text of `item` the index searches, joined.
pub fn searched_text(item: &ServiceItem) -> String {
    let mut parts: Vec<&str> = vec![item.name.as_str()];
    parts.extend(item.parent_name.as_deref());
    parts.extend(item.handling_item_name.as_deref());
    parts.extend(item.implementing_agency.as_deref());
    parts.extend(item.region_name.as_deref());
    parts.extend(item.item_type.map(|item_type| item_type.name_zh()));
    parts.extend(item.item_type_name_raw.as_deref());
    let mut text = parts.join(" ");
    if let Some(guide) = &item.guide {
        text.push(' ');
        text.push_str(guide.acceptance_conditions.as_deref().unwrap_or_default());
        for material in &guide.materials {
            text.push(' ');
            text.push_str(&material.name);
        }
        for basis in &guide.legal_basis {
            text.push(' ');
            text.push_str(&basis.law_name);
            for part in [&basis.document_number, &basis.clause, &basis.text]
                .into_iter()
                .flatten()
            {
                text.push(' ');
                text.push_str(part);
            }
        }
    }
    text
}

/// Returns the names of the hits.
pub fn names(results: &SearchResults) -> Vec<&str> {
    results.hits.iter().map(|hit| hit.name.as_str()).collect()
}

/// Builds an entry of the source `test` with a guide of acceptance conditions and materials.
pub fn item_with_guide(
    record_id: &str,
    name: &str,
    conditions: &str,
    materials: &[&str],
) -> ServiceItem {
    ServiceItem {
        source: "test".to_owned(),
        record_id: record_id.to_owned(),
        list_kind: ListKind::Implementation,
        region_code: None,
        region_name: None,
        name: name.to_owned(),
        parent_name: None,
        handling_item_name: None,
        item_code: None,
        implementation_code: None,
        handling_item_code: None,
        item_type_code_raw: None,
        item_type_name_raw: None,
        item_type: None,
        exercise_level_code: None,
        implementing_agency: None,
        implementing_agency_uscc: None,
        online_url: None,
        guide: Some(ServiceGuide {
            acceptance_conditions: Some(conditions.to_owned()),
            statutory_time_limit: None,
            promised_time_limit: None,
            fee: None,
            legal_basis: Vec::new(),
            materials: materials
                .iter()
                .enumerate()
                .map(|(index, name)| Material {
                    order: index as u32 + 1,
                    name: (*name).to_owned(),
                    required: true,
                    original_count: Some(1),
                    copy_count: None,
                    source: None,
                    acceptance_standard: None,
                })
                .collect(),
        }),
    }
}
