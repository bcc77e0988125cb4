//! Filters by node, department, item type and guide completeness, checked on every hit.

use tongban_domain::catalog::ItemType;
use tongban_search::Query;

use crate::{catalog, node_of};

#[test]
fn node_filter_keeps_only_that_node() {
    let catalog = catalog();
    let unfiltered = catalog.all_hits(&Query::new("登记"));
    let mut per_node = 0;
    for node in ["sc", "hb", "hub"] {
        let hits = catalog.all_hits(&Query {
            node: Some(node.to_owned()),
            ..Query::new("登记")
        });
        assert!(!hits.is_empty(), "{node} has no 登记 entries");
        for hit in &hits {
            assert_eq!(hit.node, node, "{}", hit.name);
            assert_eq!(node_of(catalog.item(hit)), node, "{}", hit.name);
        }
        per_node += hits.len();
    }
    assert_eq!(per_node, unfiltered.len());
}

#[test]
fn unknown_node_finds_nothing() {
    let results = catalog()
        .index
        .search(&Query {
            node: Some("gd".to_owned()),
            ..Query::new("登记")
        })
        .unwrap();
    assert_eq!(results.total, 0);
}

#[test]
fn department_filter_matches_the_agency_exactly() {
    let catalog = catalog();
    let department = "区教科体局";
    let expected = catalog
        .items
        .iter()
        .filter(|item| item.implementing_agency.as_deref() == Some(department))
        .count();
    assert!(expected > 5, "only {expected} entries of {department}");

    let listed = catalog.all_hits(&Query {
        department: Some(format!(" {department} ")),
        ..Query::default()
    });
    assert_eq!(listed.len(), expected);
    for hit in &listed {
        assert_eq!(hit.department.as_deref(), Some(department), "{}", hit.name);
        assert_eq!(
            catalog.item(hit).implementing_agency.as_deref(),
            Some(department)
        );
    }

    let searched = catalog.all_hits(&Query {
        department: Some(department.to_owned()),
        ..Query::new("资助")
    });
    assert!(!searched.is_empty());
    assert!(searched.len() < listed.len());
    for hit in &searched {
        assert_eq!(hit.department.as_deref(), Some(department), "{}", hit.name);
    }
}

#[test]
fn item_type_filter_keeps_only_that_type() {
    let catalog = catalog();
    for item_type in [ItemType::AdministrativeLicensing, ItemType::PublicService] {
        let expected = catalog
            .items
            .iter()
            .filter(|item| item.item_type == Some(item_type))
            .count();
        let listed = catalog.all_hits(&Query {
            item_type: Some(item_type),
            ..Query::default()
        });
        assert_eq!(listed.len(), expected, "{}", item_type.name_zh());
        for hit in &listed {
            assert_eq!(hit.item_type, Some(item_type), "{}", hit.name);
            assert_eq!(catalog.item(hit).item_type, Some(item_type));
        }
    }

    let licences = catalog.all_hits(&Query {
        item_type: Some(ItemType::AdministrativeLicensing),
        ..Query::new("许可证")
    });
    let all = catalog.all_hits(&Query::new("许可证"));
    assert!(!licences.is_empty());
    assert!(licences.len() < all.len());
    for hit in &licences {
        assert_eq!(
            hit.item_type,
            Some(ItemType::AdministrativeLicensing),
            "{}",
            hit.name
        );
    }
}

#[test]
fn guide_complete_filter_keeps_complete_guides() {
    let catalog = catalog();
    let expected: Vec<_> = catalog
        .items
        .iter()
        .filter(|item| item.guide_complete())
        .collect();
    assert!(!expected.is_empty());
    let listed = catalog.all_hits(&Query {
        guide_complete_only: true,
        ..Query::default()
    });
    assert_eq!(listed.len(), expected.len());
    for hit in &listed {
        assert!(hit.guide_complete, "{}", hit.name);
        assert!(catalog.item(hit).guide_complete());
    }
}

#[test]
fn filters_combine() {
    let catalog = catalog();
    let hits = catalog.all_hits(&Query {
        node: Some("sc".to_owned()),
        item_type: Some(ItemType::AdministrativePayment),
        ..Query::new("补贴")
    });
    assert!(!hits.is_empty());
    for hit in &hits {
        assert_eq!(hit.node, "sc");
        assert_eq!(
            hit.item_type,
            Some(ItemType::AdministrativePayment),
            "{}",
            hit.name
        );
    }
}

#[test]
fn empty_text_lists_every_entry() {
    let catalog = catalog();
    let results = catalog.index.search(&Query::default()).unwrap();
    assert_eq!(results.total, catalog.items.len());
    assert_eq!(catalog.index.len(), catalog.items.len() as u64);
    assert!(results.hits.iter().all(|hit| hit.snippet.is_empty()));
}
