//! A node's offers: its own departments and implementation ids instead of the catalog's.

use tongban_search::{Offer, Query, SearchIndex};

use crate::load_items;

#[test]
fn one_entry_offered_twice_by_two_departments() {
    let item = load_items()
        .into_iter()
        .find(|item| item.record_id == "GX-450721-000104002000")
        .unwrap();
    let mut index = SearchIndex::in_memory().unwrap();
    let offers = [
        Offer {
            item: &item,
            node: "zj",
            offer_id: Some("zj-energy-review"),
            department: Some("浙江省发展和改革委员会"),
        },
        Offer {
            item: &item,
            node: "zj",
            offer_id: Some("zj-energy-review-city"),
            department: Some("杭州市发展和改革委员会"),
        },
    ];

    assert_eq!(index.index_offers(offers).unwrap(), 2);

    let all = index.search(&Query::new("节能审查")).unwrap();
    assert_eq!(all.total, 2);
    let city = index
        .search(&Query {
            department: Some("杭州市发展和改革委员会".to_owned()),
            ..Query::new("节能审查")
        })
        .unwrap();
    assert_eq!(city.total, 1);
    assert_eq!(
        city.hits[0].offer_id.as_deref(),
        Some("zj-energy-review-city")
    );
    assert_eq!(
        city.hits[0].department.as_deref(),
        Some("杭州市发展和改革委员会")
    );
}

#[test]
fn department_replaces_the_catalog_agency() {
    let item = load_items()
        .into_iter()
        .find(|item| item.record_id == "GX-450721-001033002000")
        .unwrap();
    let mut index = SearchIndex::in_memory().unwrap();
    index
        .index_offers([Offer {
            item: &item,
            node: "zj",
            offer_id: Some("zj-fitness-facility"),
            department: Some("浙江省体育局"),
        }])
        .unwrap();

    let by_department = index.search(&Query::new("体育局")).unwrap();
    assert_eq!(by_department.total, 1);
    let catalog_agency = Query {
        department: item.implementing_agency.clone(),
        ..Query::default()
    };
    assert_eq!(index.search(&catalog_agency).unwrap().total, 0);
}

#[test]
fn catalog_entries_have_no_offer_id() {
    let item = load_items().into_iter().next().unwrap();
    let mut index = SearchIndex::in_memory().unwrap();
    index.index_items([(&item, "hub")]).unwrap();
    let listing = index.search(&Query::default()).unwrap();
    assert_eq!(listing.hits[0].offer_id, None);
}
