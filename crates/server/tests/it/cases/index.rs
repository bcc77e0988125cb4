//! The national case index: status changes at the nodes reach the hub, and a person sees their
//! cases of every node on the hub portal and on each node's portal, and nobody else's.

use std::time::Duration;

use reqwest::StatusCode;
use serde_json::{Value, json};

use super::demo;
use super::flows::api_act;
use super::support::{Browser, Person, pdf, zj_clerk};
use crate::support::eventually;

/// Maximum wait for a status change to travel through the passage to the hub.
pub(crate) const DELIVERY: Duration = Duration::from_secs(15);

/// Logs `person` in at the node at `node` through the hub, whose session is open.
pub(crate) async fn log_in_at(person: &Person, node: &str) {
    let landed = person
        .browser
        .open(&format!("{node}/login?return_to=/cases"))
        .await;
    assert_eq!(landed.url, format!("{node}/cases"), "{}", landed.body);
}

/// Applies through the API of `node` for `implementation` with `values` and the energy
/// review's two materials; returns the submitted case.
pub(crate) async fn api_apply(
    person: &Person,
    node: &str,
    implementation: &str,
    values: Value,
) -> Value {
    let client = person.browser.client();
    let (status, created) = person
        .browser
        .api(
            client
                .post(format!("{node}/api/cases"))
                .json(&json!({ "implementation_id": implementation })),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    let id = created["id"].as_str().unwrap().to_owned();
    let (status, saved) = person
        .browser
        .api(
            client
                .put(format!("{node}/api/cases/{id}/form"))
                .json(&json!({ "values": values })),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{saved}");
    for material in ["申请书", "节能报告"] {
        let body = super::support::Multipart::new()
            .text("material", material)
            .file("file", "scan.pdf", "application/pdf", &pdf(material));
        let (content_type, bytes) = body.into_parts();
        let (status, uploaded) = person
            .browser
            .api(
                client
                    .post(format!("{node}/api/cases/{id}/materials"))
                    .header(reqwest::header::CONTENT_TYPE, content_type)
                    .body(bytes),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{uploaded}");
    }
    let (status, case) = person
        .browser
        .api(client.post(format!("{node}/api/cases/{id}/submit")))
        .await;
    assert_eq!(status, StatusCode::OK, "{case}");
    case
}

/// Returns the body of `url` as `browser` sees it.
pub(crate) async fn page(browser: &Browser, url: &str) -> String {
    let visit = browser.open(url).await;
    assert_eq!(visit.status, StatusCode::OK, "{url}: {}", visit.body);
    visit.body
}

/// Returns the part of `html` from the element with id `id` to the end of the page.
fn from_id<'a>(html: &'a str, id: &str) -> &'a str {
    html.find(&format!("id=\"{id}\""))
        .map_or("", |start| &html[start..])
}

#[tokio::test]
async fn index_shows_cases_of_every_node() {
    let demo = demo();
    let person = Person::register("林晓华", "en").await;
    log_in_at(&person, &demo.gd).await;
    let stranger = Person::register("周文", "en").await;
    log_in_at(&stranger, &demo.gd).await;

    let zj_case = api_apply(
        &person,
        &demo.zj,
        "zj-energy-review",
        json!({ "project_name": "年产5万吨再生铝项目", "annual_energy_tce": "6200.5" }),
    )
    .await;
    let gd_case = api_apply(
        &person,
        &demo.gd,
        "gd-energy-review",
        json!({
            "project_name": "珠海港区光伏项目", "project_location": "广东省珠海市",
            "annual_energy_tce": "1200", "contact_phone": "13800138000"
        }),
    )
    .await;
    let zj_number = zj_case["case_number"].as_str().unwrap().to_owned();
    let gd_number = gd_case["case_number"].as_str().unwrap().to_owned();
    assert_eq!(zj_case["receiving_place"], "zj", "{zj_case}");
    assert_eq!(zj_case["handling_place"], "zj", "{zj_case}");
    assert_eq!(gd_case["handling_place"], "gd", "{gd_case}");

    // The hub portal lists both, each linking to the case page of its handling node.
    let hub_cases = format!("{}/cases", demo.hub);
    let listed = eventually(DELIVERY, || async {
        let body = page(&person.browser, &hub_cases).await;
        body.contains(&zj_number) && body.contains(&gd_number)
    })
    .await;
    assert!(listed, "{}", page(&person.browser, &hub_cases).await);
    let hub_page = page(&person.browser, &hub_cases).await;
    assert!(
        hub_page.contains(&format!("{}/cases/by-number/{gd_number}", demo.gd)),
        "{hub_page}"
    );
    assert!(
        hub_page.contains(&format!("{}/cases/by-number/{zj_number}", demo.zj)),
        "{hub_page}"
    );
    assert!(
        !hub_page.contains("<td>zj</td>") && !hub_page.contains("<td>gd</td>"),
        "each receiving place shows its node's name: {hub_page}"
    );

    // Each node's "my cases" adds the case at the other node, and only that one.
    let gd_page = page(&person.browser, &format!("{}/cases", demo.gd)).await;
    let gd_elsewhere = from_id(&gd_page, "cases-elsewhere");
    assert!(gd_elsewhere.contains(&zj_number), "{gd_page}");
    assert!(!gd_elsewhere.contains(&gd_number), "{gd_page}");
    let zj_page = page(&person.browser, &format!("{}/cases", demo.zj)).await;
    let zj_elsewhere = from_id(&zj_page, "cases-elsewhere");
    assert!(zj_elsewhere.contains(&gd_number), "{zj_page}");
    assert!(!zj_elsewhere.contains(&zj_number), "{zj_page}");

    // The link of the index leads to the case page for its holder and to nothing for others.
    let own = person
        .browser
        .open(&format!("{}/cases/by-number/{gd_number}", demo.gd))
        .await;
    assert_eq!(own.first, StatusCode::SEE_OTHER, "{}", own.body);
    assert_eq!(own.status, StatusCode::OK, "{}", own.body);
    assert!(own.body.contains(&gd_number), "{}", own.body);
    let foreign = stranger
        .browser
        .open(&format!("{}/cases/by-number/{gd_number}", demo.gd))
        .await;
    assert_eq!(foreign.status, StatusCode::NOT_FOUND, "{}", foreign.body);

    // Another person sees none of these cases, at the hub or at a node.
    let stranger_hub = page(&stranger.browser, &hub_cases).await;
    assert!(!stranger_hub.contains(&zj_number), "{stranger_hub}");
    assert!(!stranger_hub.contains(&gd_number), "{stranger_hub}");
    assert!(stranger_hub.contains("id=\"no-cases\""), "{stranger_hub}");
    let stranger_gd = page(&stranger.browser, &format!("{}/cases", demo.gd)).await;
    assert!(!stranger_gd.contains(&zj_number), "{stranger_gd}");
    assert!(
        stranger_gd.contains("id=\"elsewhere-none\""),
        "{stranger_gd}"
    );

    // A later status replaces the earlier one in the index.
    let clerk = zj_clerk().await;
    let id = zj_case["id"].as_str().unwrap();
    let (status, accepted) = api_act(
        &clerk,
        &demo.zj,
        id,
        json!({ "action": "accept", "expected_version": zj_case["version"] }),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{accepted}");
    let updated = eventually(DELIVERY, || async {
        let body = page(&person.browser, &hub_cases).await;
        let row = from_id(&body, "cases");
        let start = row.find(&zj_number).unwrap_or(0);
        row[start..]
            .split("</tr>")
            .next()
            .unwrap_or("")
            .contains("<td>accepted</td>")
    })
    .await;
    assert!(updated, "{}", page(&person.browser, &hub_cases).await);
}

#[tokio::test]
async fn index_api_needs_access_token() {
    let client = super::support::Browser::new();
    let url = format!("{}/api/case-index", demo().hub);
    let (status, _) = client.api(client.client().get(&url)).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (status, _) = client
        .api(client.client().get(&url).bearer_auth("not-a-token"))
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}
