//! Paging through hits.

use std::collections::HashSet;

use tongban_search::Query;

use crate::catalog;

fn pages(query: &Query, page_size: usize) -> Vec<Vec<tongban_search::RecordKey>> {
    let catalog = catalog();
    let mut pages = Vec::new();
    let mut offset = 0;
    loop {
        let results = catalog
            .index
            .search(&Query {
                offset,
                limit: page_size,
                ..query.clone()
            })
            .unwrap();
        if results.hits.is_empty() {
            return pages;
        }
        pages.push(results.hits.into_iter().map(|hit| hit.record).collect());
        offset += page_size;
    }
}

#[test]
fn pages_are_disjoint_and_cover_all_hits() {
    for query in [Query::new("登记"), Query::new("养老保险"), Query::default()] {
        let all: Vec<_> = catalog()
            .all_hits(&query)
            .into_iter()
            .map(|hit| hit.record)
            .collect();
        assert!(all.len() > 30, "{:?} has {} hits", query.text, all.len());

        let pages = pages(&query, 7);
        let mut seen = HashSet::new();
        for page in &pages {
            assert!(page.len() <= 7);
            for key in page {
                assert!(seen.insert(key.clone()), "{key:?} is on two pages");
            }
        }
        let concatenated: Vec<_> = pages.into_iter().flatten().collect();
        assert_eq!(concatenated, all, "{:?}", query.text);
    }
}

#[test]
fn offset_past_the_end_keeps_the_total() {
    let first = catalog().search("养老保险");
    let past = catalog()
        .index
        .search(&Query {
            offset: 5_000,
            ..Query::new("养老保险")
        })
        .unwrap();
    assert!(past.hits.is_empty());
    assert_eq!(past.total, first.total);
}
