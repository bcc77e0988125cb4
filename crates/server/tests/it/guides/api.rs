//! The JSON API: `/api/catalog/items` at the hub and `/api/services` at a node.

use super::{demo, encode, hit_links, json, page};

#[tokio::test]
async fn catalog_search_returns_what_the_page_shows() {
    let hub = &demo().hub;

    let (status, body) = json(&format!("{hub}/api/catalog/items?q={}", encode("社保卡"))).await;
    let html = page(&format!("{hub}/services?q={}", encode("社保卡"))).await;

    assert_eq!(status, 200);
    assert_eq!(body["total"], 29);
    assert_eq!(body["offset"], 0);
    assert_eq!(body["limit"], 20);
    let items = body["items"].as_array().unwrap();
    let page_hrefs: Vec<&str> = items
        .iter()
        .map(|item| item["page_href"].as_str().unwrap())
        .collect();
    assert_eq!(page_hrefs, hit_links(&html));
    let first = &items[0];
    assert!(
        first["name_html"]
            .as_str()
            .unwrap()
            .contains("<mark>社会保障卡</mark>")
    );
    assert_eq!(first["item_type"]["code"], "20");
    assert_eq!(first["item_type"]["name_en"], "Public service");
}

#[tokio::test]
async fn catalog_search_filters_and_pages() {
    let hub = &demo().hub;
    let base = format!("{hub}/api/catalog/items?q={}", encode("社保卡"));

    let (_, department) = json(&format!("{base}&department={}", encode("区人社局"))).await;
    let (_, second) = json(&format!("{base}&offset=20&limit=20")).await;
    let (_, none) = json(&format!("{base}&type=01")).await;
    let (_, complete) = json(&format!("{hub}/api/catalog/items?complete=true&limit=100")).await;

    assert!(
        department["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|item| item["department"] == "区人社局")
    );
    assert_eq!(second["items"].as_array().unwrap().len(), 9);
    assert_eq!(none["total"], 0);
    assert_eq!(none["items"].as_array().unwrap().len(), 0);
    assert_eq!(
        complete["total"], 3,
        "three entries of the catalogs have a complete guide"
    );
}

#[tokio::test]
async fn catalog_search_rejects_bad_paging() {
    let hub = &demo().hub;
    let cases = [
        ("limit=0", "limit"),
        ("limit=101", "limit"),
        ("limit=ten", "limit"),
        ("offset=-1", "offset"),
        ("offset=10001", "offset"),
        ("type=99", "type"),
        ("complete=maybe", "complete"),
    ];

    for (query, parameter) in cases {
        let (status, body) = json(&format!("{hub}/api/catalog/items?{query}")).await;

        assert_eq!(status, 400, "{query}");
        assert_eq!(body["error"]["status"], 400, "{query}");
        let english = body["error"]["message"]["en"].as_str().unwrap();
        let chinese = body["error"]["message"]["zh-CN"].as_str().unwrap();
        assert!(english.contains(parameter), "{query}: {english}");
        assert!(!chinese.is_empty(), "{query}");
    }
}

#[tokio::test]
async fn catalog_item_has_its_whole_guide() {
    let hub = &demo().hub;

    let (status, item) = json(&format!(
        "{hub}/api/catalog/items/guangxi-api-payload/GX-450721-000104002000"
    ))
    .await;

    assert_eq!(status, 200);
    assert_eq!(item["name"], "固定资产投资项目节能审查");
    assert_eq!(item["guide_complete"], true);
    assert_eq!(item["item_type"]["code"], "01");
    assert_eq!(item["exercise_level"]["code"], "4");
    assert_eq!(item["exercise_level"]["name_zh"], "县级");
    assert_eq!(item["implementing_agency_uscc"], "11450721MB15580811");
    assert_eq!(
        item["implementation_code"],
        "11450721MB155808114000104002000"
    );
    let guide = &item["guide"];
    assert_eq!(guide["materials"].as_array().unwrap().len(), 2);
    assert_eq!(guide["materials"][0]["name"], "申请书");
    assert_eq!(guide["legal_basis"].as_array().unwrap().len(), 3);
    assert_eq!(guide["statutory_time_limit"]["working_days"], 20);
    assert_eq!(guide["promised_time_limit"]["working_days"], 5);
    assert_eq!(guide["fee"]["charged"], false);
}

#[tokio::test]
async fn incomplete_item_keeps_its_gaps() {
    let hub = &demo().hub;

    let (_, item) = json(&format!(
        "{hub}/api/catalog/items/shanghai-jiading-kiosk/SH-JD-5679"
    ))
    .await;
    let (_, bare) = json(&format!(
        "{hub}/api/catalog/items/sichuan_guangan_district_catalog/sc-guangan-0043"
    ))
    .await;

    assert_eq!(item["guide_complete"], false);
    assert!(item["guide"]["statutory_time_limit"].is_null());
    assert!(item["item_type"].is_null());
    assert!(item["guide"]["materials"][0]["original_count"].is_null());
    assert!(bare["guide"].is_null());
}

#[tokio::test]
async fn unknown_catalog_item_is_json_404() {
    let hub = &demo().hub;

    let (status, body) = json(&format!("{hub}/api/catalog/items/guangxi-api-payload/none")).await;

    assert_eq!(status, 404);
    assert_eq!(body["error"]["status"], 404);
    assert_eq!(
        body["error"]["message"]["zh-CN"],
        "找不到您要的页面或数据。"
    );
}

#[tokio::test]
async fn node_services_have_the_node_limits() {
    let zj = &demo().zj;

    let (status, list) = json(&format!("{zj}/api/services")).await;
    let (_, fitness) = json(&format!("{zj}/api/services/zj-fitness-facility")).await;
    let (missing, _) = json(&format!("{zj}/api/services/gd-energy-review")).await;
    let (bad, error) = json(&format!("{zj}/api/services?limit=0")).await;

    assert_eq!(status, 200);
    assert_eq!(list["total"], 3);
    let hit = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|item| item["implementation_id"] == "zj-fitness-facility")
        .unwrap();
    assert_eq!(hit["department"], "浙江省体育局（演示）");
    assert_eq!(hit["statutory_days"], 66);
    assert_eq!(hit["promised_days"], 24);
    assert_eq!(fitness["department"], "浙江省体育局（演示）");
    assert_eq!(fitness["statutory_days"], 66);
    assert_eq!(fitness["promised_days"], 24);
    assert_eq!(fitness["apply_href"], "/services/zj-fitness-facility/apply");
    assert_eq!(fitness["form"].as_array().unwrap().len(), 3);
    assert_eq!(fitness["form"][1]["kind"], "select");
    assert_eq!(fitness["item"]["record_id"], "GX-450721-001033002000");
    assert_eq!(missing, 404);
    assert_eq!(bad, 400);
    assert!(
        error["error"]["message"]["en"]
            .as_str()
            .unwrap()
            .contains("limit")
    );
}
