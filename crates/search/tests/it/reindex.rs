//! Indexing entries again replaces them.

use tongban_search::{Query, SearchIndex};

use crate::{load_items, node_of};

#[test]
fn indexing_twice_does_not_duplicate() {
    let items: Vec<_> = load_items()
        .into_iter()
        .filter(|item| node_of(item) == "hb")
        .collect();
    let mut index = SearchIndex::in_memory().unwrap();

    index
        .index_items(items.iter().map(|item| (item, "hb")))
        .unwrap();
    let before = index.search(&Query::new("出生医学证明")).unwrap();
    index
        .index_items(items.iter().map(|item| (item, "hb")))
        .unwrap();
    let after = index.search(&Query::new("出生医学证明")).unwrap();

    assert_eq!(index.len(), items.len() as u64);
    assert!(before.total > 0);
    assert_eq!(after.total, before.total);
    let listing = index.search(&Query::default()).unwrap();
    assert_eq!(listing.total, items.len());
}

#[test]
fn changed_entry_replaces_the_old_one() {
    let mut item = load_items()
        .into_iter()
        .find(|item| item.name == "普通护照签发")
        .unwrap();
    let mut index = SearchIndex::in_memory().unwrap();
    index.index_items([(&item, "hub")]).unwrap();

    item.name = "普通护照换发".to_owned();
    index.index_items([(&item, "hub")]).unwrap();

    assert_eq!(index.len(), 1);
    let results = index.search(&Query::new("护照")).unwrap();
    assert_eq!(results.hits.len(), 1);
    assert_eq!(results.hits[0].name, "普通护照换发");
    assert_eq!(index.search(&Query::new("签发")).unwrap().total, 0);
}

#[test]
fn same_entry_at_two_nodes_is_two_hits() {
    let item = load_items()
        .into_iter()
        .find(|item| item.name == "普通护照签发")
        .unwrap();
    let mut index = SearchIndex::in_memory().unwrap();
    index
        .index_items([(&item, "sc"), (&item, "hb"), (&item, "sc")])
        .unwrap();

    let results = index.search(&Query::new("护照")).unwrap();
    let mut nodes: Vec<_> = results.hits.iter().map(|hit| hit.node.as_str()).collect();
    nodes.sort_unstable();
    assert_eq!(nodes, ["hb", "sc"]);
}

#[test]
fn invalid_node_id_writes_nothing() {
    let items = load_items();
    let mut index = SearchIndex::in_memory().unwrap();
    let error = index
        .index_items([(&items[0], "hub"), (&items[1], "Hub")])
        .unwrap_err();
    assert_eq!(
        tongban_domain::RuleViolation::rule(&error),
        "search-node-id"
    );
    assert!(index.is_empty());
}
