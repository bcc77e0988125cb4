//! `/services` at the hub: searching the national catalog, filters, paging and languages.

use super::{between, demo, encode, hit_links, page};

/// Entries of the 广安区 catalog whose names contain 居民身份证.
const RESIDENT_ID_ENTRIES: [&str; 4] = [
    "/services/sichuan_guangan_district_catalog/sc-guangan-0043",
    "/services/sichuan_guangan_district_catalog/sc-guangan-0049",
    "/services/sichuan_guangan_district_catalog/sc-guangan-0050",
    "/services/sichuan_guangan_district_catalog/sc-guangan-0051",
];

#[tokio::test]
async fn resident_id_search_finds_the_real_entries() {
    let hub = &demo().hub;

    let html = page(&format!("{hub}/services?q={}", encode("身份证"))).await;

    let links = hit_links(&html);
    for expected in RESIDENT_ID_ENTRIES {
        assert!(
            links.contains(&expected.to_owned()),
            "{expected} in {links:?}"
        );
    }
    // Name matches rank above entries that mention the word only in their guide.
    assert!(
        links[..4]
            .iter()
            .all(|link| RESIDENT_ID_ENTRIES.contains(&link.as_str())),
        "{links:?}"
    );
    assert!(html.contains("<mark>居民身份证</mark>办理（包括临时）"));
    assert!(
        html.contains("共找到 9 个事项"),
        "{}",
        between(&html, "results-summary", "</p>")
    );
}

#[tokio::test]
async fn social_security_card_search_uses_synonyms() {
    let hub = &demo().hub;

    let html = page(&format!("{hub}/services?q={}", encode("社保卡"))).await;

    assert!(html.contains("共找到 29 个事项，当前显示第 1–20 个。"));
    let links = hit_links(&html);
    assert_eq!(links.len(), 20);
    assert!(links.contains(&"/services/hubei_provincial_item_list/hb-prov-0228".to_owned()));
    assert!(html.contains("<mark>社会保障卡</mark>申领"));
    assert!(html.contains("区人社局"), "department shown");
    assert!(html.contains("四川省广安市广安区"), "region shown");
    assert!(html.contains("20 公共服务"), "item type shown");
}

#[tokio::test]
async fn filters_narrow_the_results() {
    let hub = &demo().hub;
    let base = format!("{hub}/services?q={}", encode("社保卡"));

    let by_department = page(&format!("{base}&department={}", encode("区人社局"))).await;
    let licensing = page(&format!("{base}&type=01")).await;
    let public_service = page(&format!("{base}&type=20")).await;
    let complete = page(&format!(
        "{hub}/services?q={}&complete=true",
        encode("节能审查")
    ))
    .await;

    assert!(
        by_department.contains("共找到 12 个事项"),
        "{}",
        between(&by_department, "results-summary", "</p>")
    );
    assert!(
        !by_department.contains("湖北省</dd>"),
        "only 广安区 entries"
    );
    assert!(by_department.contains("<option value=\"区人社局\" selected>"));
    assert!(licensing.contains("没有找到符合条件的事项"));
    assert!(public_service.contains("共找到 29 个事项"));
    assert!(public_service.contains("<option value=\"20\" selected>"));
    assert_eq!(
        hit_links(&complete),
        ["/services/guangxi-api-payload/GX-450721-000104002000"]
    );
    assert!(complete.contains("type=\"checkbox\" value=\"true\" checked"));
}

#[tokio::test]
async fn listing_pages_through_the_whole_catalog() {
    let hub = &demo().hub;

    let first = page(&format!("{hub}/services")).await;
    let second = page(&format!("{hub}/services?page=2")).await;
    let last = page(&format!("{hub}/services?page=92")).await;
    let past_end = page(&format!("{hub}/services?page=93")).await;

    assert!(first.contains("共找到 1828 个事项，当前显示第 1–20 个。"));
    assert!(first.contains("第 1 页，共 92 页"));
    assert!(first.contains("href=\"/services?page=2\" rel=\"next\""));
    assert!(second.contains("当前显示第 21–40 个"));
    assert!(second.contains("<ol class=\"hits\" start=\"21\">"));
    assert!(second.contains("href=\"/services\" rel=\"prev\""));
    let first_links = hit_links(&first);
    let second_links = hit_links(&second);
    assert!(
        first_links.iter().all(|link| !second_links.contains(link)),
        "pages do not overlap"
    );
    assert!(last.contains("当前显示第 1821–1828 个"));
    assert!(!last.contains("rel=\"next\""));
    assert!(past_end.contains("超出了结果范围"));
}

#[tokio::test]
async fn paging_links_keep_text_and_filters() {
    let hub = &demo().hub;

    let html = page(&format!("{hub}/services?q={}&type=20", encode("社保卡"))).await;

    // Askama escapes `&` in attributes as `&#38;`.
    let next = format!(
        "href=\"/services?q={}&#38;type=20&#38;page=2\" rel=\"next\"",
        encode("社保卡")
    );
    assert!(
        html.contains(&next),
        "{}",
        between(&html, "class=\"paging\"", "</nav>")
    );
}

#[tokio::test]
async fn nothing_found_says_so() {
    let hub = &demo().hub;

    let zh = page(&format!("{hub}/services?q=zzzqqq")).await;
    let en = page(&format!("{hub}/services?q=zzzqqq&lang=en")).await;

    assert!(zh.contains("没有找到符合条件的事项。请换一个关键词，或减少筛选条件后重试。"));
    assert!(en.contains("No services match. Try other words or fewer filters."));
    assert!(hit_links(&zh).is_empty());
    assert!(!zh.contains("class=\"paging\""));
}

#[tokio::test]
async fn both_languages_and_the_switch_keep_the_search() {
    let hub = &demo().hub;
    let query = format!("q={}&type=20", encode("社保卡"));

    let zh = page(&format!("{hub}/services?{query}")).await;
    let en = page(&format!("{hub}/services?{query}&lang=en")).await;

    assert!(zh.contains("<html lang=\"zh-CN\">"));
    assert!(zh.contains("<label for=\"q\">事项名称或关键词</label>"));
    assert!(en.contains("<html lang=\"en\">"));
    assert!(en.contains("29 services found, showing 1–20."));
    assert!(en.contains("20 Public service"));
    let switch = format!(
        "href=\"/services?{}&#38;lang=en\"",
        query.replace('&', "&#38;")
    );
    assert!(zh.contains(&switch), "language switch keeps the search");
    assert!(en.contains("<input type=\"hidden\" name=\"lang\" value=\"en\">"));
}

#[tokio::test]
async fn invalid_page_is_a_bad_request_page() {
    let hub = &demo().hub;

    let (status, html) = super::get(&format!("{hub}/services?page=0&lang=en")).await;

    assert_eq!(status, 400);
    assert!(html.contains("The parameter page (page number) starts at 1."));
}

#[tokio::test]
async fn home_page_links_to_the_search() {
    let hub = &demo().hub;

    let html = page(&format!("{hub}/")).await;

    assert!(html.contains("<form method=\"get\" action=\"/services\""));
    assert!(html.contains("id=\"browse-services\""));
}
