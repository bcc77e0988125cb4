//! `/services` at the demo nodes: their implementation lists, with their own departments and
//! time limits. The demo loads the lists after the nodes start, so these tests also show that
//! a node's index follows an import.

use super::{between, demo, get, hit_links, page};

#[tokio::test]
async fn zhejiang_lists_exactly_its_three_services() {
    let zj = &demo().zj;

    let html = page(&format!("{zj}/services")).await;

    let mut links = hit_links(&html);
    links.sort();
    assert_eq!(
        links,
        [
            "/services/zj-energy-review",
            "/services/zj-fitness-facility",
            "/services/zj-religious-building",
        ]
    );
    assert!(html.contains("共找到 3 个事项"));
    let departments = between(&html, "<select id=\"department\"", "</select>");
    assert_eq!(
        departments.matches("<option").count(),
        4,
        "all and 3 departments"
    );
    for department in [
        "浙江省发展和改革委员会（演示）",
        "浙江省体育局（演示）",
        "浙江省民族宗教事务委员会（演示）",
    ] {
        assert!(departments.contains(department));
        assert!(
            html.contains(&format!("<dd>{department}</dd>")),
            "{department} on a hit"
        );
    }
    assert!(
        !html.contains("<dd>灵山县行政审批局</dd>"),
        "the catalog's agency is not shown as the department"
    );
}

#[tokio::test]
async fn zhejiang_department_filter_and_search() {
    let zj = &demo().zj;

    let sport = page(&format!(
        "{zj}/services?department={}",
        super::encode("浙江省体育局（演示）")
    ))
    .await;
    let by_text = page(&format!("{zj}/services?q={}", super::encode("体育局"))).await;

    assert_eq!(hit_links(&sport), ["/services/zj-fitness-facility"]);
    assert_eq!(hit_links(&by_text), ["/services/zj-fitness-facility"]);
}

#[tokio::test]
async fn guangdong_lists_its_services() {
    let gd = &demo().gd;

    let html = page(&format!("{gd}/services")).await;

    let mut links = hit_links(&html);
    links.sort();
    assert_eq!(
        links,
        [
            "/services/gd-energy-review",
            "/services/gd-zj-energy-review",
            "/services/gd-zj-fitness-facility"
        ]
    );
    assert!(html.contains("<dd>广东省发展和改革委员会（演示）</dd>"));
}

#[tokio::test]
async fn fitness_facility_guide_shows_the_node_limits() {
    let zj = &demo().zj;

    let zh = page(&format!("{zj}/services/zj-fitness-facility")).await;
    let en = page(&format!("{zj}/services/zj-fitness-facility?lang=en")).await;

    let handling = between(&zh, "<table class=\"facts\" id=\"handling\">", "</table>");
    assert!(handling.contains("<td>浙江省体育局（演示）</td>"));
    assert!(handling.contains("<td>66 个工作日</td>"));
    assert!(handling.contains("<td>24 个工作日</td>"));
    assert!(zh.contains("<dd id=\"limit-statutory\">66 个工作日</dd>"));
    assert!(zh.contains("<dd id=\"limit-promised\">24 个工作日</dd>"));
    assert!(en.contains("<td>66 working days</td>"));
    assert!(en.contains("<td>24 working days</td>"));
    assert!(
        zh.contains("《公共文化体育设施条例》"),
        "the catalog's guide is shown"
    );
}

#[tokio::test]
async fn guide_lists_the_form_and_links_to_apply() {
    let zj = &demo().zj;

    let html = page(&format!("{zj}/services/zj-fitness-facility")).await;

    let fields = between(&html, "<table id=\"form-fields\">", "</table>");
    assert_eq!(fields.matches("<tr>").count(), 4, "header and 3 fields");
    assert!(fields.contains("<th scope=\"row\">设施名称</th><td>文字</td><td>是</td>"));
    assert!(fields.contains("选择：拆迁 / 改变用途"));
    assert!(fields.contains("<th scope=\"row\">理由</th><td>多行文字</td>"));
    assert!(html.contains(
        "id=\"apply\" href=\"/login?return_to=%2Fservices%2Fzj-fitness-facility%2Fapply\""
    ));
}

#[tokio::test]
async fn unknown_service_is_localized_404() {
    let zj = &demo().zj;

    let (zh_status, zh) = get(&format!("{zj}/services/gd-energy-review")).await;
    let (en_status, en) = get(&format!("{zj}/services/no-such-service?lang=en")).await;

    assert_eq!(zh_status, 404, "another node's service is unknown here");
    assert!(zh.contains("找不到您要的页面或数据。"));
    assert_eq!(en_status, 404);
    assert!(en.contains("The page or data you asked for cannot be found."));
}

#[tokio::test]
async fn home_page_shows_search_and_offered_services() {
    let zj = &demo().zj;

    let html = page(&format!("{zj}/?lang=en")).await;

    assert!(html.contains("<form method=\"get\" action=\"/services\""));
    let offered = between(&html, "<ul class=\"cards\" id=\"offered\">", "</ul>");
    assert_eq!(offered.matches("<li>").count(), 3);
    assert!(offered.contains("href=\"/services/zj-fitness-facility\""));
    assert!(html.contains("Services offered here"));
}
