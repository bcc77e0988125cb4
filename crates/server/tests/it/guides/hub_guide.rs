//! `/services/{source}/{record_id}` at the hub: national service guides, complete or not.

use super::{between, demo, get, page};

const ENERGY_REVIEW: &str = "/services/guangxi-api-payload/GX-450721-000104002000";

#[tokio::test]
async fn complete_guide_shows_every_part() {
    let hub = &demo().hub;

    let html = page(&format!("{hub}{ENERGY_REVIEW}")).await;

    assert!(html.contains("<h1>固定资产投资项目节能审查</h1>"));
    assert!(
        !html.contains("id=\"guide-incomplete\""),
        "no incomplete notice"
    );

    let materials = between(&html, "<table id=\"materials\">", "</table>");
    assert_eq!(
        materials.matches("<tr>").count(),
        3,
        "header and 2 materials: {materials}"
    );
    assert!(materials.contains("<th scope=\"col\">材料名称</th>"));
    assert!(materials.contains("申请书"));
    assert!(materials.contains("节能报告"));
    assert!(materials.contains("<td>申请人自备</td>"));

    let limits = between(&html, "id=\"limits-heading\"", "</section>");
    assert!(limits.contains("<dd id=\"limit-statutory\">20 个工作日</dd>"));
    assert!(limits.contains("<dd id=\"limit-promised\">5 个工作日</dd>"));
    assert!(limits.contains("应当自受理行政许可申请之日起二十日内做出行政许可决定"));

    let basis = between(&html, "<ol class=\"basis\" id=\"legal-basis\">", "</ol>");
    assert_eq!(basis.matches("<li>").count(), 3);
    assert!(basis.contains("<strong>《固定资产投资项目节能审查办法》</strong>"));
    assert!(basis.contains("(2016年国家发改委令第44号)"));
    assert!(basis.contains("第三条"));
    assert!(basis.contains("建立固定资产投资项目节能评估和审查制度"));

    let facts = between(&html, "<table class=\"facts\">", "</table>");
    for expected in [
        "01 行政许可",
        "4 县级",
        "灵山县行政审批局",
        "11450721MB15580811",
        "11450721MB155808114000104002000",
        "450721 广西壮族自治区钦州市灵山县",
        "http://qzls.zwfw.gxzf.gov.cn/",
    ] {
        assert!(facts.contains(expected), "{expected} in {facts}");
    }
    assert!(
        !html.contains("href=\"http://qzls"),
        "the official address is plain text"
    );
    assert!(html.contains("<p id=\"fee\">不收费</p>"));
}

#[tokio::test]
async fn incomplete_guide_shows_the_notice_and_invents_nothing() {
    let hub = &demo().hub;

    let html = page(&format!("{hub}/services/shanghai-jiading-kiosk/SH-JD-5679")).await;

    assert!(html.contains("id=\"guide-incomplete\""));
    assert!(html.contains("来源未公布本事项完整的办事指南"));
    let limits = between(&html, "id=\"limits-heading\"", "</section>");
    assert_eq!(limits.matches("来源未公布此项。").count(), 2, "{limits}");
    assert!(!limits.contains("工作日"));
    let materials = between(&html, "<table id=\"materials\">", "</table>");
    assert_eq!(
        materials.matches("<tr>").count(),
        11,
        "header and 10 materials"
    );
    assert!(
        materials.contains("<td>未注明</td>"),
        "missing counts are not filled in"
    );
    let facts = between(&html, "<table class=\"facts\">", "</table>");
    assert!(facts.contains("<th scope=\"row\">事项类型</th><td>未注明</td>"));
}

#[tokio::test]
async fn entry_without_a_guide_says_none_was_published() {
    let hub = &demo().hub;

    let zh = page(&format!(
        "{hub}/services/sichuan_guangan_district_catalog/sc-guangan-0043"
    ))
    .await;
    let en = page(&format!(
        "{hub}/services/sichuan_guangan_district_catalog/sc-guangan-0043?lang=en"
    ))
    .await;

    assert!(zh.contains("id=\"guide-incomplete\""));
    assert!(zh.contains("来源未公布本事项的办事指南。"));
    assert!(!zh.contains("id=\"materials\""));
    assert!(en.contains("The source has not published a service guide for this service."));
    assert!(en.contains("20 Public service"));
}

#[tokio::test]
async fn unknown_entry_is_localized_404() {
    let hub = &demo().hub;

    let (zh_status, zh) = get(&format!("{hub}/services/guangxi-api-payload/GX-000")).await;
    let (en_status, en) = get(&format!(
        "{hub}/services/guangxi-api-payload/GX-000?lang=en"
    ))
    .await;

    assert_eq!(zh_status, 404);
    assert!(zh.contains("找不到您要的页面或数据。"));
    assert_eq!(en_status, 404);
    assert!(en.contains("The page or data you asked for cannot be found."));
}

#[tokio::test]
async fn guide_page_in_english() {
    let hub = &demo().hub;

    let html = page(&format!("{hub}{ENERGY_REVIEW}?lang=en")).await;

    assert!(html.contains("<h2 id=\"materials-heading\">Required materials</h2>"));
    assert!(html.contains("<dd id=\"limit-statutory\">20 working days</dd>"));
    assert!(html.contains("01 Administrative licensing"));
}
