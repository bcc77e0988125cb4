//! The index in a folder: create, reopen, and the errors around them.

use tongban_domain::RuleViolation;
use tongban_search::{Query, SearchIndex};

use crate::load_items;

#[test]
fn index_survives_reopening() {
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join("search");
    let items: Vec<_> = load_items()
        .into_iter()
        .filter(|item| item.name.contains("护照") || item.name.contains("通行证"))
        .collect();
    assert!(items.len() >= 3);
    {
        let mut index = SearchIndex::create(&path).unwrap();
        index
            .index_items(items.iter().map(|item| (item, "hub")))
            .unwrap();
    }

    let index = SearchIndex::open(&path).unwrap();
    assert_eq!(index.len(), items.len() as u64);
    let results = index.search(&Query::new("港澳通行证")).unwrap();
    assert!(results.total > 0);
}

#[test]
fn create_rejects_a_folder_with_an_index() {
    let folder = tempfile::tempdir().unwrap();
    SearchIndex::create(folder.path()).unwrap();
    let error = SearchIndex::create(folder.path()).unwrap_err();
    assert_eq!(error.rule(), "search-index-exists");
}

#[test]
fn open_rejects_a_folder_without_an_index() {
    let folder = tempfile::tempdir().unwrap();
    let error = SearchIndex::open(folder.path()).unwrap_err();
    assert_eq!(error.rule(), "search-index-missing");
    let error = SearchIndex::open(folder.path().join("absent")).unwrap_err();
    assert_eq!(error.rule(), "search-index-missing");
}
