//! Ranking: entries named for the words come first.

use tongban_search::{Query, SearchIndex};

use crate::{catalog, item_with_guide, searched_text};

/// Returns whether the name fields of the entry contain one of `words`.
fn named_for(item: &tongban_domain::catalog::ServiceItem, words: &[&str]) -> bool {
    [
        Some(item.name.as_str()),
        item.parent_name.as_deref(),
        item.handling_item_name.as_deref(),
    ]
    .into_iter()
    .flatten()
    .any(|name| words.iter().any(|word| name.contains(word)))
}

#[test]
fn name_matches_rank_above_other_matches() {
    let catalog = catalog();
    for (query, words) in [
        ("身份证", &["身份证"][..]),
        ("特种设备", &["特种设备"][..]),
        ("消防", &["消防"][..]),
    ] {
        let hits = catalog.all_hits(&Query::new(query));
        let named: Vec<bool> = hits
            .iter()
            .map(|hit| named_for(catalog.item(hit), words))
            .collect();
        let first_other = named.iter().position(|named| !named);
        let last_named = named.iter().rposition(|named| *named);
        assert!(last_named.is_some(), "{query}: no entry named for it");
        assert!(
            first_other.is_some(),
            "{query}: no entry found by other fields"
        );
        assert!(
            last_named < first_other,
            "{query}: {} ranks below {}",
            hits[last_named.unwrap()].name,
            hits[first_other.unwrap()].name
        );
        for hit in &hits {
            let text = searched_text(catalog.item(hit));
            assert!(words.iter().any(|word| text.contains(word)), "{}", hit.name);
        }
    }
}

#[test]
fn scores_descend() {
    let results = catalog().search("养老保险 转移");
    assert!(results.hits.len() > 2);
    for pair in results.hits.windows(2) {
        assert!(
            pair[0].score >= pair[1].score,
            "{} then {}",
            pair[0].name,
            pair[1].name
        );
    }
}

#[test]
fn long_name_match_outranks_short_guide_match() {
    // Without field boosts the short guide fields of the second entry, which hold little but
    // the word, score higher than the long name of the first.
    let named = item_with_guide(
        "named",
        "企业职工基本养老保险待遇领取人员社会保障卡及银行账户挂失后的发放账户变更登记",
        "符合条件的参保人员",
        &["申请表", "照片"],
    );
    let mentioned = item_with_guide("mentioned", "户口登记", "挂失", &["挂失证明"]);
    let mut index = SearchIndex::in_memory().unwrap();
    index
        .index_items([(&mentioned, "hub"), (&named, "hub")])
        .unwrap();

    let results = index.search(&Query::new("挂失")).unwrap();
    let order: Vec<_> = results
        .hits
        .iter()
        .map(|hit| hit.record.record_id.as_str())
        .collect();
    assert_eq!(order, ["named", "mentioned"]);
}
