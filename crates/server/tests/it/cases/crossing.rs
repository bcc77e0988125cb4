//! Cross-province handling: an application taken in at the 广东 node and decided at the 浙江
//! node, with its status followed at both and at the hub.

use std::time::Duration;

use reqwest::StatusCode;
use serde_json::{Value, json};

use super::demo;
use super::flows::{api_act, api_clerk_case};
use super::index::{DELIVERY, api_apply, log_in_at, page};
use super::support::{Multipart, Person, clerk_browser, pdf, zj_clerk};
use crate::support::eventually;

/// Maximum wait for a message between the nodes and its replies, each through the hub.
const ROUND_TRIP: Duration = Duration::from_secs(30);

/// Returns the person's case at `node` whose receiving place is `receiving_place`, once the
/// node has it.
async fn case_received_from(person: &Person, node: &str, receiving_place: &str) -> Option<Value> {
    let (status, list) = person
        .browser
        .api(person.browser.client().get(format!("{node}/api/cases")))
        .await;
    assert_eq!(status, StatusCode::OK, "{list}");
    list["cases"]
        .as_array()
        .unwrap()
        .iter()
        .find(|case| case["receiving_place"] == receiving_place)
        .cloned()
}

/// Returns the person's case `id` at `node` as the applicant's API shows it.
async fn applicant_case(person: &Person, node: &str, id: &str) -> Value {
    let (status, case) = person
        .browser
        .api(
            person
                .browser
                .client()
                .get(format!("{node}/api/cases/{id}")),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{case}");
    case
}

#[tokio::test]
async fn fully_online_application_is_decided_elsewhere() {
    let demo = demo();
    let person = Person::register("欧阳明", "en").await;
    log_in_at(&person, &demo.gd).await;

    // 广东 takes the application in and keeps it without a case number.
    let forwarded = api_apply(
        &person,
        &demo.gd,
        "gd-zj-energy-review",
        json!({ "project_name": "年产3万吨再生铜项目", "annual_energy_tce": "4100" }),
    )
    .await;
    assert_eq!(forwarded["status"]["code"], "submitted", "{forwarded}");
    assert_eq!(forwarded["case_number"], Value::Null, "{forwarded}");
    assert_eq!(forwarded["receiving_place"], "gd", "{forwarded}");
    assert_eq!(forwarded["handling_place"], "zj", "{forwarded}");
    let application_id = forwarded["id"].as_str().unwrap().to_owned();
    let gd_detail = applicant_case(&person, &demo.gd, &application_id).await;

    // 浙江 creates the case, with the materials as handed in at 广东.
    let arrived = eventually(DELIVERY, || async {
        case_received_from(&person, &demo.zj, "gd").await.is_some()
    })
    .await;
    assert!(arrived, "the application never reached 浙江");
    let zj_case = case_received_from(&person, &demo.zj, "gd").await;
    let zj_case = zj_case.unwrap();
    assert_eq!(zj_case["handling_place"], "zj", "{zj_case}");
    assert_eq!(zj_case["status"]["code"], "submitted", "{zj_case}");
    let number = zj_case["case_number"].as_str().unwrap().to_owned();
    assert!(number.starts_with("330000"), "{number}");
    let id = zj_case["id"].as_str().unwrap().to_owned();

    let clerk = zj_clerk().await;
    let (status, detail) = api_clerk_case(&clerk, &demo.zj, &id).await;
    assert_eq!(status, StatusCode::OK, "{detail}");
    let digests = |detail: &Value| -> Vec<(String, String)> {
        let mut digests: Vec<(String, String)> = detail["materials"]
            .as_array()
            .unwrap()
            .iter()
            .map(|file| {
                (
                    file["material_name"].as_str().unwrap().to_owned(),
                    file["sm3"].as_str().unwrap().to_owned(),
                )
            })
            .collect();
        digests.sort();
        digests
    };
    assert_eq!(digests(&detail), digests(&gd_detail));
    assert_eq!(digests(&detail).len(), 2, "{detail}");
    let project = detail["form"]
        .as_array()
        .unwrap()
        .iter()
        .find(|value| value["name"] == "project_name")
        .cloned()
        .unwrap_or(Value::Null);
    assert_eq!(project["value"], "年产3万吨再生铜项目", "{detail}");

    // 浙江 decides.
    let mut version = zj_case["version"].as_i64().unwrap();
    for (action, reason) in [
        ("accept", None),
        ("start_review", None),
        ("approve", Some("同意")),
    ] {
        let (status, case) = api_act(
            &clerk,
            &demo.zj,
            &id,
            json!({ "action": action, "reason": reason, "expected_version": version }),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{action}: {case}");
        version = case["version"].as_i64().unwrap();
    }

    // The result returns to 广东 and reaches the hub's index.
    let returned = eventually(ROUND_TRIP, || async {
        let case = applicant_case(&person, &demo.gd, &application_id).await;
        case["case"]["status"]["code"] == "approved"
    })
    .await;
    let gd_now = applicant_case(&person, &demo.gd, &application_id).await;
    assert!(returned, "{gd_now}");
    assert_eq!(gd_now["case"]["case_number"], number.as_str(), "{gd_now}");

    let hub_cases = format!("{}/cases", demo.hub);
    let indexed = eventually(DELIVERY, || async {
        let body = page(&person.browser, &hub_cases).await;
        let start = body.find(&number).unwrap_or(body.len());
        let row = body[start..].split("</tr>").next().unwrap_or("");
        row.contains("<td>approved</td>")
            && row.contains("<td>Guangdong Government Services (gd)</td>")
    })
    .await;
    assert!(indexed, "{}", page(&person.browser, &hub_cases).await);
}

/// Takes `action` steps at the 浙江 workbench on case `id` from `version` up to approval.
async fn approve_at_zj(id: &str, mut version: i64) {
    let clerk = zj_clerk().await;
    for (action, reason) in [
        ("accept", None),
        ("start_review", None),
        ("approve", Some("同意")),
    ] {
        let (status, case) = api_act(
            &clerk,
            &demo().zj,
            id,
            json!({ "action": action, "reason": reason, "expected_version": version }),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{action}: {case}");
        version = case["version"].as_i64().unwrap();
    }
}

#[tokio::test]
async fn window_collects_for_another_province() {
    let demo = demo();
    let person = Person::register("司马静", "en").await;
    log_in_at(&person, &demo.gd).await;
    let clerk = clerk_browser(&demo.gd, "gd-clerk", &demo.gd_clerk_password).await;
    let url = format!("{}/api/staff/collections", demo.gd);
    let post = |body: Multipart| {
        let (content_type, bytes) = body.into_parts();
        clerk
            .client()
            .post(&url)
            .header(reqwest::header::CONTENT_TYPE, content_type)
            .body(bytes)
    };
    let form = |id_number: &str| {
        Multipart::new()
            .text("implementation_id", "gd-zj-energy-review")
            .text("applicant_name", "司马静")
            .text("applicant_id_number", id_number)
            .text("form.project_name", "年产2万吨再生锌项目")
            .text("form.annual_energy_tce", "2300")
    };

    // The window checks identity, form and materials before anything is stored.
    let mut bad_id = person.resident_id.clone();
    let last = if bad_id.ends_with('0') { '1' } else { '0' };
    bad_id.pop();
    bad_id.push(last);
    let (status, refused) = clerk
        .api(post(form(&bad_id).file(
            "material.申请书",
            "a.pdf",
            "application/pdf",
            &pdf("申请书"),
        )))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{refused}");
    let rejection = refused.to_string();
    assert!(rejection.contains("applicant_id_number"), "{refused}");
    assert!(rejection.contains("material-"), "{refused}");

    let complete = form(&person.resident_id)
        .file(
            "material.申请书",
            "a.pdf",
            "application/pdf",
            &pdf("申请书"),
        )
        .file(
            "material.节能报告",
            "b.pdf",
            "application/pdf",
            &pdf("节能报告"),
        );
    let (status, collected) = clerk.api(post(complete)).await;
    assert_eq!(status, StatusCode::CREATED, "{collected}");
    assert_eq!(collected["receiving_place"], "gd", "{collected}");
    assert_eq!(collected["handling_place"], "zj", "{collected}");
    let application_id = collected["id"].as_str().unwrap().to_owned();

    // 浙江 decides the case it received from the 广东 window.
    let arrived = eventually(ROUND_TRIP, || async {
        case_received_from(&person, &demo.zj, "gd").await.is_some()
    })
    .await;
    assert!(arrived, "the application never reached 浙江");
    let zj_case = case_received_from(&person, &demo.zj, "gd").await.unwrap();
    assert_eq!(zj_case["applicant"]["name"], "司马静", "{zj_case}");
    approve_at_zj(
        zj_case["id"].as_str().unwrap(),
        zj_case["version"].as_i64().unwrap(),
    )
    .await;
    let number = zj_case["case_number"].as_str().unwrap().to_owned();

    // The result returns to 广东: the clerk and the person see it.
    let returned = eventually(ROUND_TRIP, || async {
        let (_, list) = clerk.api(clerk.client().get(&url)).await;
        list["cases"].as_array().is_some_and(|cases| {
            cases.iter().any(|case| {
                case["id"] == application_id.as_str() && case["status"]["code"] == "approved"
            })
        })
    })
    .await;
    let (_, list) = clerk.api(clerk.client().get(&url)).await;
    assert!(returned, "{list}");
    let seen = applicant_case(&person, &demo.gd, &application_id).await;
    assert_eq!(seen["case"]["status"]["code"], "approved", "{seen}");
    assert_eq!(seen["case"]["case_number"], number.as_str(), "{seen}");

    // The hub lists it for the person, whose account has that resident ID number.
    let hub_cases = format!("{}/cases", demo.hub);
    let indexed = eventually(DELIVERY, || async {
        page(&person.browser, &hub_cases).await.contains(&number)
    })
    .await;
    assert!(indexed, "{}", page(&person.browser, &hub_cases).await);
}

#[tokio::test]
async fn joint_handling_adds_a_step_of_another_node() {
    let demo = demo();
    let person = Person::register("诸葛岚", "en").await;
    let zj_case = super::index::api_apply(
        &person,
        &demo.zj,
        "zj-energy-review",
        json!({ "project_name": "跨省输气管道配套项目", "annual_energy_tce": "5100" }),
    )
    .await;
    let id = zj_case["id"].as_str().unwrap().to_owned();
    let zj = zj_clerk().await;
    let (status, accepted) = api_act(
        &zj,
        &demo.zj,
        &id,
        json!({ "action": "accept", "expected_version": zj_case["version"] }),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{accepted}");

    // 浙江 asks 广东 for a check at the project's site.
    let ask = format!("{}/api/staff/cases/{id}/contributions", demo.zj);
    let (status, refused) = zj
        .api(
            zj.client()
                .post(&ask)
                .json(&json!({ "contributor": "zj", "request": "核实" })),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{refused}");
    let (status, asked) = zj
        .api(zj.client().post(&ask).json(&json!({
            "contributor": "gd", "request": "请核实广东段施工现场"
        })))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{asked}");
    let contribution_id = asked["id"].as_str().unwrap().to_owned();

    // 广东's clerk finds the request and records the check.
    let gd = clerk_browser(&demo.gd, "gd-clerk", &demo.gd_clerk_password).await;
    let list_url = format!("{}/api/staff/contributions", demo.gd);
    let listed = eventually(ROUND_TRIP, || async {
        let (_, list) = gd.api(gd.client().get(&list_url)).await;
        list.to_string().contains(&contribution_id)
    })
    .await;
    let (_, list) = gd.api(gd.client().get(&list_url)).await;
    assert!(listed, "{list}");
    assert!(list.to_string().contains("请核实广东段施工现场"), "{list}");
    let answer = format!("{}/api/staff/contributions/{contribution_id}", demo.gd);
    let (status, made) = gd
        .api(
            gd.client()
                .post(&answer)
                .json(&json!({ "opinion": "现场已核实，符合要求" })),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{made}");
    let (status, again) = gd
        .api(
            gd.client()
                .post(&answer)
                .json(&json!({ "opinion": "重复" })),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "{again}");

    // 浙江 sees the check in the case history and decides.
    let arrived = eventually(ROUND_TRIP, || async {
        let (_, detail) = api_clerk_case(&zj, &demo.zj, &id).await;
        detail["history"].as_array().is_some_and(|history| {
            history.iter().any(|event| {
                event["action"] == "contribution" && event["reason"] == "现场已核实，符合要求"
            })
        })
    })
    .await;
    let (_, detail) = api_clerk_case(&zj, &demo.zj, &id).await;
    assert!(arrived, "{detail}");
    let mut version = detail["case"]["version"].as_i64().unwrap();
    for (action, reason) in [("start_review", None), ("approve", Some("同意"))] {
        let (status, case) = api_act(
            &zj,
            &demo.zj,
            &id,
            json!({ "action": action, "reason": reason, "expected_version": version }),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{action}: {case}");
        version = case["version"].as_i64().unwrap();
    }
}
