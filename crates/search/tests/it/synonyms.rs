//! Segmentation and synonym groups on the real catalog.

use tongban_search::Query;

use crate::{catalog, names, searched_text};

#[test]
fn identity_card_finds_resident_identity_card_items() {
    let results = catalog().search("身份证");
    let names = names(&results);
    for expected in [
        "居民身份证挂失申报、丢失招领",
        "居民身份证跨省异地办理",
        "居民身份证办理（包括临时）",
    ] {
        assert!(
            names.contains(&expected),
            "{expected} missing from {names:?}"
        );
    }
}

#[test]
fn social_security_card_abbreviation_finds_full_name() {
    let results = catalog().search("社保卡");
    let names = names(&results);
    for expected in [
        "社会保障卡挂失与解挂",
        "社会保障卡密码重置",
        "电子社会保障卡签发",
    ] {
        assert!(
            names.contains(&expected),
            "{expected} missing from {names:?}"
        );
    }
    // The abbreviation itself still matches, here in a handling item name:
    // 【省集中企保系统】启用社保卡发放（个人）.
    assert!(
        results
            .hits
            .iter()
            .any(|hit| hit.record.record_id == "hb-prov-0105"),
        "{names:?}"
    );
}

#[test]
fn abbreviation_and_full_name_give_same_hits() {
    let catalog = catalog();
    for (short, full) in [
        ("社保卡", "社会保障卡"),
        ("驾照", "机动车驾驶证"),
        ("网吧", "互联网上网服务营业场所"),
    ] {
        let short_keys: Vec<_> = catalog
            .all_hits(&Query::new(short))
            .into_iter()
            .map(|hit| hit.record)
            .collect();
        let full_keys: Vec<_> = catalog
            .all_hits(&Query::new(full))
            .into_iter()
            .map(|hit| hit.record)
            .collect();
        assert!(!short_keys.is_empty(), "{short} finds nothing");
        assert_eq!(short_keys, full_keys, "{short} and {full} differ");
    }
}

#[test]
fn everyday_words_find_catalog_names() {
    let catalog = catalog();
    for (query, expected) in [
        ("网吧", "开办互联网上网服务营业场所"),
        ("驾校", "机动车驾驶员培训备案"),
        ("低保", "最低生活保障"),
        ("健康证", "食品行业从业人员预防性体检合格证办理"),
        ("网约车", "网络预约出租汽车经营注销"),
        ("护照", "普通护照签发"),
        ("迁户口", "户口迁移审批"),
    ] {
        let results = catalog.search(query);
        let names = names(&results);
        assert!(
            names.contains(&expected),
            "{query}: {expected} missing from {names:?}"
        );
    }
}

#[test]
fn two_words_require_both() {
    let catalog = catalog();
    let both = catalog.all_hits(&Query::new("社会保障卡 挂失"));
    let card_only = catalog.all_hits(&Query::new("社会保障卡"));
    let loss_only = catalog.all_hits(&Query::new("挂失"));

    assert!(!both.is_empty());
    assert!(both.len() < card_only.len(), "{} hits", both.len());
    assert!(both.len() < loss_only.len(), "{} hits", both.len());
    for hit in &both {
        let text = searched_text(catalog.item(hit));
        assert!(
            text.contains("社会保障卡") || text.contains("社保卡"),
            "{} lacks the card",
            hit.name
        );
        assert!(text.contains("挂失"), "{} lacks 挂失", hit.name);
    }
    // 居民身份证挂失申报 has 挂失 but no card: it must not be found.
    assert!(both.iter().all(|hit| !hit.name.contains("居民身份证")));
}

#[test]
fn unrelated_words_find_nothing_together() {
    let results = catalog().search("护照 拖拉机");
    assert_eq!(results.total, 0, "{:?}", names(&results));
}

#[test]
fn part_of_a_longer_word_is_found() {
    // 社会保障卡 is one dictionary word, so 社会保障 is not indexed inside it; the query matches
    // its pieces 社会 and 保障 at adjacent positions instead.
    let results = catalog().search("社会保障");
    let names = names(&results);
    assert!(names.contains(&"社会保障卡密码重置"), "{names:?}");
}

#[test]
fn question_words_are_ignored() {
    let catalog = catalog();
    let plain = catalog.all_hits(&Query::new("身份证 办理"));
    let question = catalog.all_hits(&Query::new("请问身份证怎么办理"));
    assert!(!plain.is_empty());
    let plain: Vec<_> = plain.into_iter().map(|hit| hit.record).collect();
    let question: Vec<_> = question.into_iter().map(|hit| hit.record).collect();
    assert_eq!(plain, question);
}

#[test]
fn query_syntax_is_read_as_free_text() {
    let catalog = catalog();
    let plain: Vec<_> = catalog
        .all_hits(&Query::new("社保卡 挂失"))
        .into_iter()
        .map(|hit| hit.record)
        .collect();
    assert!(!plain.is_empty());
    for typed in [
        "name:社保卡 AND (挂失",
        "\"社保卡 挂失",
        "+社保卡 -挂失",
        "社保卡^2 OR 挂失*",
        "社保卡 [挂失 TO",
    ] {
        let keys: Vec<_> = catalog
            .all_hits(&Query::new(typed))
            .into_iter()
            .map(|hit| hit.record)
            .collect();
        assert_eq!(keys, plain, "{typed}");
    }
}
