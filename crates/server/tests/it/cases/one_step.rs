//! Applying in one step through `POST /api/applications`: the form and the files in one
//! request, stored as a submitted application or not at all.

use reqwest::StatusCode;
use serde_json::Value;

use super::index::{DELIVERY, log_in_at};
use super::support::{Multipart, Person, pdf, png};
use super::{clock_lock, demo};
use crate::support::eventually;

/// Posts `body` to `/api/applications` of the 浙江 node as `person`.
async fn post_application(person: &Person, body: Multipart) -> (StatusCode, Value) {
    post_application_at(person, &demo().zj, body).await
}

/// Posts `body` to `/api/applications` of the node at `node` as `person`.
async fn post_application_at(person: &Person, node: &str, body: Multipart) -> (StatusCode, Value) {
    let (content_type, bytes) = body.into_parts();
    person
        .browser
        .api(
            person
                .browser
                .client()
                .post(format!("{node}/api/applications"))
                .header(reqwest::header::CONTENT_TYPE, content_type)
                .body(bytes),
        )
        .await
}

fn energy_review(annual_energy: &str) -> Multipart {
    energy_review_of("zj-energy-review", annual_energy)
}

fn energy_review_of(implementation_id: &str, annual_energy: &str) -> Multipart {
    Multipart::new()
        .text("implementation_id", implementation_id)
        .text("form.project_name", "年产3万吨再生铜项目")
        .text("form.annual_energy_tce", annual_energy)
}

/// Adds the report file, the second material of the energy review.
fn with_report(form: Multipart) -> Multipart {
    form.file(
        "material.节能报告",
        "report.pdf",
        "application/pdf",
        &pdf("节能报告"),
    )
}

/// Returns the number of cases `person` has at the 浙江 node.
async fn case_count(person: &Person) -> usize {
    let zj = &demo().zj;
    let client = person.browser.client();
    let (status, listed) = person
        .browser
        .api(client.get(format!("{zj}/api/cases")))
        .await;
    assert_eq!(status, StatusCode::OK, "{listed}");
    listed["cases"].as_array().unwrap().len()
}

#[tokio::test]
async fn one_step_application_over_http() {
    let clock = clock_lock().await;
    let zj = &demo().zj;
    let person = Person::register("欧阳立", "zh-CN").await;
    let before = case_count(&person).await;

    // Everything wrong at once is named at once, and nothing is stored.
    let (status, refused) = post_application(
        &person,
        energy_review("很多")
            .file(
                "material.申请书",
                "scan.pdf",
                "application/pdf",
                b"GIF89a\x01\0\x01\0",
            )
            .file(
                "material.营业执照",
                "licence.pdf",
                "application/pdf",
                &pdf("营业执照"),
            ),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{refused}");
    let mut fields: Vec<&str> = refused["error"]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|field| field["field"].as_str().unwrap())
        .collect();
    fields.sort_unstable();
    assert_eq!(
        fields,
        ["annual_energy_tce", "material-1", "material-2", "materials"],
        "{refused}"
    );
    let messages = refused["error"]["fields"].to_string();
    assert!(messages.contains("年综合能源消费量"), "{messages}");
    assert!(messages.contains("节能报告"), "{messages}");
    assert_eq!(case_count(&person).await, before, "nothing was stored");

    // An item the node does not offer is not found.
    let (status, _) = post_application(
        &person,
        Multipart::new().text("implementation_id", "zj-no-such-item"),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // A complete application is submitted and numbered in one request.
    let (status, created) = post_application(
        &person,
        with_report(energy_review("6200.5").file(
            "material.申请书",
            "application.png",
            "image/png",
            &png(),
        )),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    assert_eq!(created["status"]["code"], "submitted");
    let number = created["case_number"].as_str().unwrap();
    assert!(number.starts_with("33000020260302"), "{number}");
    let id = created["id"].as_str().unwrap();
    assert_eq!(case_count(&person).await, before + 1);

    let client = person.browser.client();
    let (status, detail) = person
        .browser
        .api(client.get(format!("{zj}/api/cases/{id}")))
        .await;
    assert_eq!(status, StatusCode::OK, "{detail}");
    assert_eq!(detail["materials"].as_array().unwrap().len(), 2, "{detail}");
    assert_eq!(detail["history"].as_array().unwrap().len(), 1, "{detail}");
    assert_eq!(detail["history"][0]["action"], "submit", "{detail}");

    // Another person cannot read it.
    let stranger = Person::register("东方明", "zh-CN").await;
    let (status, _) = stranger
        .browser
        .api(
            stranger
                .browser
                .client()
                .get(format!("{zj}/api/cases/{id}")),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    drop(clock);
}

#[tokio::test]
async fn one_step_application_forwarded_elsewhere() {
    let demo = demo();
    let person = Person::register("上官宁", "en").await;
    log_in_at(&person, &demo.gd).await;

    // 广东 takes the whole application in and forwards it without a case number.
    let (status, forwarded) = post_application_at(
        &person,
        &demo.gd,
        with_report(energy_review_of("gd-zj-energy-review", "3100").file(
            "material.申请书",
            "application.pdf",
            "application/pdf",
            &pdf("申请书"),
        )),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{forwarded}");
    assert_eq!(forwarded["status"]["code"], "submitted", "{forwarded}");
    assert_eq!(forwarded["case_number"], Value::Null, "{forwarded}");
    assert_eq!(forwarded["receiving_place"], "gd", "{forwarded}");
    assert_eq!(forwarded["handling_place"], "zj", "{forwarded}");

    // 浙江 gives it a case number and keeps both files.
    let zj_case = || async {
        let (status, listed) = person
            .browser
            .api(
                person
                    .browser
                    .client()
                    .get(format!("{}/api/cases", demo.zj)),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{listed}");
        listed["cases"]
            .as_array()
            .unwrap()
            .iter()
            .find(|case| case["receiving_place"] == "gd")
            .cloned()
    };
    let arrived = eventually(DELIVERY, || async { zj_case().await.is_some() }).await;
    assert!(arrived, "the application never reached 浙江");
    let case = zj_case().await.unwrap();
    let number = case["case_number"].as_str().unwrap();
    assert!(number.starts_with("330000"), "{number}");
    let id = case["id"].as_str().unwrap();
    let (status, detail) = person
        .browser
        .api(
            person
                .browser
                .client()
                .get(format!("{}/api/cases/{id}", demo.zj)),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{detail}");
    assert_eq!(detail["materials"].as_array().unwrap().len(), 2, "{detail}");
}

#[tokio::test]
async fn openapi_describes_one_step_applications() {
    let zj = &demo().zj;

    let document: Value = reqwest::get(format!("{zj}/api/openapi.json"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();

    let content = &document["paths"]["/api/applications"]["post"]["requestBody"]["content"];
    assert!(content["multipart/form-data"].is_object(), "{content}");
    let schema = &document["components"]["schemas"]["ApplicationParts"]["properties"];
    assert!(schema["material.<material name>"].is_object(), "{schema}");
}
