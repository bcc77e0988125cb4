//! Ratings given at the node portals and at the hub portal reach the handling node and the
//! hub, and both count them the same.

use std::collections::BTreeMap;

use reqwest::StatusCode;
use serde_json::{Value, json};

use super::{agreed, close_case, count, rate, supervision_numbers};
use crate::cases::index::{DELIVERY, api_apply, log_in_at};
use crate::cases::support::{Browser, Person, clerk_browser, zj_clerk};
use crate::cases::{clock_lock, demo};
use crate::support::eventually;

/// Returns form values of the 广东 energy review that pass.
fn gd_values() -> Value {
    json!({
        "project_name": "珠海港区光伏项目", "project_location": "广东省珠海市",
        "annual_energy_tce": "1200", "contact_phone": "13800138000"
    })
}

/// Returns form values of the 浙江 energy review that pass.
pub fn zj_values() -> Value {
    json!({ "project_name": "年产5万吨再生铝项目", "annual_energy_tce": "6200.5" })
}

/// Returns the local supervision numbers of `node` and the hub's numbers of the same node.
async fn both(
    clerk: &Browser,
    node: &str,
    node_id: &str,
) -> (BTreeMap<String, String>, BTreeMap<String, String>) {
    let local = supervision_numbers(clerk, &format!("{node}/staff/supervision")).await;
    let hub = supervision_numbers(
        &Browser::new(),
        &format!("{}/supervision?node={node_id}", demo().hub),
    )
    .await;
    (local, hub)
}

/// Waits until the hub shows the numbers `node` shows of itself, with `expected` ratings
/// added to each level since `before`; returns the last numbers read.
async fn wait_for_agreement(
    clerk: &Browser,
    node: &str,
    node_id: &str,
    before: &BTreeMap<String, String>,
    expected: [u64; 5],
) -> (BTreeMap<String, String>, BTreeMap<String, String>) {
    let last = std::cell::RefCell::new((BTreeMap::new(), BTreeMap::new()));
    let agree = eventually(DELIVERY * 2, || async {
        let (local, hub) = both(clerk, node, node_id).await;
        let rated = (1..=5).all(|level| {
            let id = format!("rating-{level}");
            count(&local, &id) == count(before, &id) + expected[level - 1]
        });
        let same = rated && agreed(&local) == agreed(&hub);
        *last.borrow_mut() = (local, hub);
        same
    })
    .await;
    let last = last.into_inner();
    assert!(agree, "{node_id}: node {:?}, hub {:?}", last.0, last.1);
    last
}

#[tokio::test]
async fn ratings_match_at_hub_and_nodes() {
    let _clock = clock_lock().await;
    let demo = demo();
    // 广东's approval seals a certificate, and its e-seal is valid from the real date only.
    demo.gd_clock.release();
    let person = Person::register("申请人甲", "en").await;
    log_in_at(&person, &demo.gd).await;
    let zj = zj_clerk().await;
    let gd = clerk_browser(&demo.gd, "gd-clerk", &demo.gd_clerk_password).await;
    let (zj_before, _) = both(&zj, &demo.zj, "zj").await;
    let (gd_before, _) = both(&gd, &demo.gd, "gd").await;

    // Three closed cases: two at 浙江 and one at 广东.
    let first = api_apply(&person, &demo.zj, "zj-energy-review", zj_values()).await;
    let second = api_apply(&person, &demo.zj, "zj-energy-review", zj_values()).await;
    let third = api_apply(&person, &demo.gd, "gd-energy-review", gd_values()).await;
    close_case(&zj, &demo.zj, &first).await;
    close_case(&zj, &demo.zj, &second).await;
    close_case(&gd, &demo.gd, &third).await;
    let id = |case: &Value| case["id"].as_str().unwrap().to_owned();
    let number = |case: &Value| case["case_number"].as_str().unwrap().to_owned();

    // The first at the 浙江 portal, from the link on the case page.
    let case_page = person
        .browser
        .open(&format!("{}/cases/{}", demo.zj, id(&first)))
        .await;
    assert!(
        case_page.body.contains("id=\"rate-link\""),
        "{}",
        case_page.body
    );
    let rated = rate(
        &person.browser,
        &format!("{}/cases/{}/rating", demo.zj, id(&first)),
        false,
        "1",
        "办理很快",
    )
    .await;
    assert_eq!(rated.first, StatusCode::SEE_OTHER, "{}", rated.body);
    assert!(rated.body.contains("id=\"notice\""), "{}", rated.body);
    assert!(!rated.body.contains("id=\"rating-form\""), "{}", rated.body);

    // The second at the hub portal, once the index lists it as closed.
    let hub_rating = format!("{}/cases/{}/rating", demo.hub, number(&second));
    let offered = eventually(DELIVERY, || async {
        let page = person.browser.open(&hub_rating).await;
        page.body.contains("id=\"rating-form\"")
    })
    .await;
    assert!(offered, "{}", person.browser.open(&hub_rating).await.body);
    let sent = rate(&person.browser, &hub_rating, false, "2", "").await;
    assert_eq!(sent.first, StatusCode::SEE_OTHER, "{}", sent.body);

    // The third, a bad rating, at the 广东 portal.
    let bad = rate(
        &person.browser,
        &format!("{}/cases/{}/rating", demo.gd, id(&third)),
        false,
        "5",
        "窗口多次要求补充同一份材料",
    )
    .await;
    assert_eq!(bad.first, StatusCode::SEE_OTHER, "{}", bad.body);
    assert!(bad.body.contains("id=\"rectification\""), "{}", bad.body);

    let (zj_local, zj_hub) =
        wait_for_agreement(&zj, &demo.zj, "zj", &zj_before, [1, 1, 0, 0, 0]).await;
    let (gd_local, gd_hub) =
        wait_for_agreement(&gd, &demo.gd, "gd", &gd_before, [0, 0, 0, 0, 1]).await;
    assert!(count(&zj_local, "total-closed") >= count(&zj_before, "total-closed") + 2);
    assert_eq!(
        count(&gd_local, "total-rectifications"),
        count(&gd_before, "total-rectifications") + 1
    );
    assert_eq!(agreed(&zj_local), agreed(&zj_hub));
    assert_eq!(agreed(&gd_local), agreed(&gd_hub));

    // The rating from the hub reached 浙江, so the same channel cannot rate the case again
    // there, and the hub no longer offers the form.
    let again = person
        .browser
        .open(&format!("{}/cases/{}/rating", demo.zj, id(&second)))
        .await;
    assert!(!again.body.contains("id=\"rating-form\""), "{}", again.body);
    let csrf = crate::cases::support::hidden_value(&again.body, "csrf").unwrap();
    let refused = person
        .browser
        .post(
            &format!("{}/cases/{}/rating", demo.zj, id(&second)),
            &[("csrf", &csrf), ("follow_up", "0"), ("satisfaction", "3")],
        )
        .await;
    assert_eq!(refused.status, StatusCode::CONFLICT, "{}", refused.body);
    let hub_page = person.browser.open(&hub_rating).await;
    assert!(
        !hub_page.body.contains("id=\"rating-form\""),
        "{}",
        hub_page.body
    );
}

#[tokio::test]
async fn open_case_cannot_be_rated() {
    let _clock = clock_lock().await;
    let demo = demo();
    let person = Person::register("申请人乙", "en").await;
    let case = api_apply(&person, &demo.zj, "zj-energy-review", zj_values()).await;
    let url = format!("{}/cases/{}/rating", demo.zj, case["id"].as_str().unwrap());
    let page = person.browser.open(&url).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(!page.body.contains("id=\"rating-form\""), "{}", page.body);
    let csrf = crate::cases::support::hidden_value(&page.body, "csrf").unwrap();
    let refused = person
        .browser
        .post(
            &url,
            &[("csrf", &csrf), ("follow_up", "0"), ("satisfaction", "1")],
        )
        .await;
    assert_eq!(refused.status, StatusCode::CONFLICT, "{}", refused.body);

    // Someone else's case is not found.
    let stranger = Person::register("申请人丙", "en").await;
    let foreign = stranger.browser.open(&url).await;
    assert_eq!(foreign.status, StatusCode::NOT_FOUND, "{}", foreign.body);
}

#[tokio::test]
async fn invalid_rating_names_the_field() {
    let _clock = clock_lock().await;
    let demo = demo();
    let person = Person::register("申请人丁", "en").await;
    let zj = zj_clerk().await;
    let case = api_apply(&person, &demo.zj, "zj-energy-review", zj_values()).await;
    close_case(&zj, &demo.zj, &case).await;

    let url = format!("{}/cases/{}/rating", demo.zj, case["id"].as_str().unwrap());
    let page = person.browser.open(&url).await;
    let csrf = crate::cases::support::hidden_value(&page.body, "csrf").unwrap();

    let long = "很".repeat(501);
    let refused = person
        .browser
        .post(
            &url,
            &[
                ("csrf", &csrf),
                ("follow_up", "0"),
                ("satisfaction", "7"),
                ("comment", &long),
            ],
        )
        .await;

    assert_eq!(
        refused.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        refused.body
    );
    assert!(
        refused.body.contains("1 (very satisfied) to 5"),
        "{}",
        refused.body
    );
    assert!(refused.body.contains("501 characters"), "{}", refused.body);
    assert!(
        refused.body.contains("id=\"rating-form\""),
        "{}",
        refused.body
    );
}

#[tokio::test]
async fn supervision_charts_are_accessible() {
    let demo = demo();
    let browser = Browser::new();
    let page = browser.open(&format!("{}/supervision", demo.hub)).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    for chart in ["chart-ratings", "chart-timeliness"] {
        let start = page
            .body
            .find(&format!(
                "<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"{chart}\""
            ))
            .unwrap_or_else(|| panic!("no {chart}: {}", page.body));
        let svg = &page.body[start..start + page.body[start..].find("</svg>").unwrap()];
        assert!(svg.contains("role=\"img\""), "{svg}");
        assert!(
            svg.contains(&format!("<title id=\"{chart}-title\">")),
            "{svg}"
        );
        assert!(
            svg.contains(&format!("<desc id=\"{chart}-desc\">")),
            "{svg}"
        );
    }
    // The same numbers as text, for readers who cannot see the charts.
    assert!(
        page.body.contains("id=\"rating-distribution\""),
        "{}",
        page.body
    );
    assert!(
        page.body.contains("id=\"by-node-heading\""),
        "{}",
        page.body
    );
    // Only hub administrators get export links.
    assert!(!page.body.contains("id=\"exports\""), "{}", page.body);

    let invalid = browser
        .open(&format!("{}/supervision?from=2026-02-30", demo.hub))
        .await;
    assert_eq!(
        invalid.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        invalid.body
    );
    assert!(invalid.body.contains("2026-02-30"), "{}", invalid.body);
    let reversed = browser
        .open(&format!(
            "{}/supervision?from=2026-03-10&to=2026-03-01",
            demo.hub
        ))
        .await;
    assert_eq!(
        reversed.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        reversed.body
    );
}
