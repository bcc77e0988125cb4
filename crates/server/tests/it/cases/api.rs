//! Whole cases through the JSON API, authenticated by the pages' sessions, and its OpenAPI
//! description.

use reqwest::StatusCode;
use serde_json::json;

use super::flows::{api_act, api_case, api_clerk_case, api_energy_draft, api_submit, api_upload};
use super::support::{Person, pdf, png, zj_clerk};
use super::{clock_lock, demo};

#[tokio::test]
async fn api_walk_with_correction_and_approval() {
    let clock = clock_lock().await;
    let zj = &demo().zj;
    let person = Person::register("钱进", "en").await;
    let client = person.browser.client();

    // A draft keeps an invalid value and names it; submission lists what is missing.
    let (status, created) = person
        .browser
        .api(
            client
                .post(format!("{zj}/api/cases"))
                .json(&json!({ "implementation_id": "zj-energy-review" })),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    let id = created["id"].as_str().unwrap().to_owned();
    assert_eq!(created["status"]["code"], "draft");
    assert_eq!(
        created["applicant"]["id_number"].as_str().unwrap().len(),
        18
    );
    assert!(
        created["applicant"]["id_number"]
            .as_str()
            .unwrap()
            .starts_with("**************")
    );
    let (status, saved) = person
        .browser
        .api(
            client
                .put(format!("{zj}/api/cases/{id}/form"))
                .json(&json!({
                    "values": { "project_name": "年产5万吨再生铝项目", "annual_energy_tce": "lots" }
                })),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{saved}");
    assert_eq!(saved["errors"][0]["field"], "annual_energy_tce");
    assert!(
        saved["errors"][0]["message"]["zh-CN"]
            .as_str()
            .unwrap()
            .contains("年综合能源消费量")
    );
    let (status, uploaded) = api_upload(
        &person,
        &id,
        "申请书",
        "application.png",
        "image/png",
        &png(),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{uploaded}");
    assert_eq!(uploaded["content_type"], "image/png");
    let (status, refused) = person
        .browser
        .api(client.post(format!("{zj}/api/cases/{id}/submit")))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{refused}");
    let fields: Vec<&str> = refused["error"]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|field| field["field"].as_str().unwrap())
        .collect();
    assert!(fields.contains(&"annual_energy_tce"), "{fields:?}");
    assert!(
        fields.iter().any(|field| field.starts_with("material-")),
        "{fields:?}"
    );
    assert!(refused["error"]["message"]["en"].is_string());

    person
        .browser
        .api(client.put(format!("{zj}/api/cases/{id}/form")).json(&json!({
            "values": { "project_name": "年产5万吨再生铝项目", "annual_energy_tce": "6200.5" }
        })))
        .await;
    api_upload(
        &person,
        &id,
        "节能报告",
        "report.pdf",
        "application/pdf",
        &pdf("节能报告"),
    )
    .await;
    let submitted = api_submit(&person, &id).await;
    let number = submitted["case_number"].as_str().unwrap().to_owned();
    assert!(number.starts_with("33000020260302"), "{number}");
    let (_, mine) = person
        .browser
        .api(client.get(format!("{zj}/api/cases")))
        .await;
    assert!(
        mine["cases"]
            .as_array()
            .unwrap()
            .iter()
            .any(|case| case["id"] == id.as_str())
    );

    // The clerk asks for a correction; its list is required and the version must be current.
    let clerk = zj_clerk().await;
    let (_, queue) = clerk
        .api(
            clerk
                .client()
                .get(format!("{zj}/api/staff/cases?status=submitted&limit=500")),
        )
        .await;
    let listed = queue["cases"]
        .as_array()
        .unwrap()
        .iter()
        .find(|case| case["id"] == id.as_str())
        .expect("the submitted case is queued");
    assert_eq!(
        listed["applicant"]["id_number"],
        person.resident_id.as_str()
    );
    let version = listed["version"].as_i64().unwrap();
    let (status, missing) = api_act(
        &clerk,
        zj,
        &id,
        json!({
            "action": "request_correction", "reason": "材料不全", "expected_version": version
        }),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{missing}");
    assert_eq!(missing["error"]["fields"][0]["field"], "correction_items");
    let (status, stale) = api_act(
        &clerk,
        zj,
        &id,
        json!({
            "action": "request_correction", "reason": "材料不全",
            "correction_items": ["节能报告需盖章"], "expected_version": version - 1
        }),
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT, "{stale}");
    assert!(
        stale["error"]["message"]["en"]
            .as_str()
            .unwrap()
            .contains("changed the case meanwhile")
    );
    let (status, requested) = api_act(&clerk, zj, &id, json!({
        "action": "request_correction", "reason": "材料不全",
        "correction_items": ["节能报告需盖章", "补充能源消费测算表"], "expected_version": version
    }))
    .await;
    assert_eq!(status, StatusCode::OK, "{requested}");
    assert_eq!(requested["status"]["code"], "correction_requested");

    // The applicant reads the items, uploads the file and answers.
    let (_, detail) = api_case(&person, &id).await;
    assert_eq!(detail["suspensions"][0]["items"][1], "补充能源消费测算表");
    let last = detail["history"]
        .as_array()
        .unwrap()
        .last()
        .unwrap()
        .clone();
    assert_eq!(last["action"], "request_correction");
    assert_eq!(last["step"]["status_code"], 1);
    clock.set("2026-03-03");
    api_upload(
        &person,
        &id,
        "节能报告",
        "report-stamped.pdf",
        "application/pdf",
        &pdf("盖章版"),
    )
    .await;
    let (status, answered) = person
        .browser
        .api(
            client
                .post(format!("{zj}/api/cases/{id}/correction"))
                .json(&json!({
                    "changes": { "annual_energy_tce": "6300" }
                })),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{answered}");
    assert_eq!(answered["status"]["code"], "submitted");

    // A step the state does not allow changes nothing.
    let version = answered["version"].as_i64().unwrap();
    let (status, refused) = api_act(
        &clerk,
        zj,
        &id,
        json!({ "action": "close", "expected_version": version }),
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT, "{refused}");
    assert!(
        refused["error"]["message"]["zh-CN"]
            .as_str()
            .unwrap()
            .contains("办结")
    );
    let (_, unchanged) = api_clerk_case(&clerk, zj, &id).await;
    assert_eq!(unchanged["case"]["version"], version);
    assert_eq!(unchanged["case"]["status"]["code"], "submitted");

    let mut version = version;
    for (action, reason) in [
        ("accept", None),
        ("start_review", None),
        ("approve", Some("同意")),
        ("close", None),
    ] {
        let (status, case) = api_act(
            &clerk,
            zj,
            &id,
            json!({
                "action": action, "reason": reason, "expected_version": version
            }),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{action}: {case}");
        version = case["version"].as_i64().unwrap();
        if action == "accept" {
            assert_eq!(case["accepted_on"], "2026-03-03");
            assert_eq!(case["deadlines"]["promised"]["due"], "2026-03-10");
            assert_eq!(case["deadlines"]["statutory"]["due"], "2026-03-31");
        }
    }

    // Both sides download the same file.
    let (_, detail) = api_clerk_case(&clerk, zj, &id).await;
    assert_eq!(detail["case"]["status"]["code"], "closed");
    let stamped = detail["materials"]
        .as_array()
        .unwrap()
        .iter()
        .find(|material| material["file_name"] == "report-stamped.pdf")
        .unwrap()
        .clone();
    let clerk_copy = clerk
        .client()
        .get(format!("{zj}{}", stamped["href"].as_str().unwrap()))
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    let (_, mine) = api_case(&person, &id).await;
    let own_href = mine["materials"]
        .as_array()
        .unwrap()
        .iter()
        .find(|material| material["id"] == stamped["id"])
        .unwrap()["href"]
        .as_str()
        .unwrap()
        .to_owned();
    let own_copy = client
        .get(format!("{zj}{own_href}"))
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    assert_eq!(clerk_copy.as_ref(), pdf("盖章版").as_slice());
    assert_eq!(own_copy, clerk_copy);
    drop(clock);
}

#[tokio::test]
async fn api_special_procedure_and_withdrawal() {
    let clock = clock_lock().await;
    let zj = &demo().zj;
    let person = Person::register("冯立", "zh-CN").await;
    let client = person.browser.client();

    // A file removed from a draft is gone.
    let id = api_energy_draft(&person).await;
    let (_, draft) = api_case(&person, &id).await;
    let first = draft["materials"][0]["id"].as_str().unwrap().to_owned();
    let (status, _) = person
        .browser
        .api(client.delete(format!("{zj}/api/cases/{id}/materials/{first}")))
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (_, draft) = api_case(&person, &id).await;
    assert_eq!(draft["materials"].as_array().unwrap().len(), 1);
    let removed = draft["materials"][0]["material_name"].as_str().unwrap();
    let missing = if removed == "申请书" {
        "节能报告"
    } else {
        "申请书"
    };
    api_upload(
        &person,
        &id,
        missing,
        "again.pdf",
        "application/pdf",
        &pdf(missing),
    )
    .await;
    let submitted = api_submit(&person, &id).await;

    let clerk = zj_clerk().await;
    let mut version = submitted["version"].as_i64().unwrap();
    for action in ["accept", "start_review"] {
        let (status, case) = api_act(
            &clerk,
            zj,
            &id,
            json!({ "action": action, "expected_version": version }),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{case}");
        version = case["version"].as_i64().unwrap();
    }
    let (status, unknown) = api_act(
        &clerk,
        zj,
        &id,
        json!({
            "action": "start_special_procedure", "reason": "延长", "expected_version": version,
            "special_procedure": { "kind": "3", "name": "延长审批" }
        }),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{unknown}");

    clock.set("2026-03-03");
    let (status, started) = api_act(
        &clerk,
        zj,
        &id,
        json!({
            "action": "start_special_procedure", "reason": "情况复杂，经负责人批准延长十个工作日",
            "expected_version": version,
            "special_procedure": { "kind": "1", "name": "延长审批" }
        }),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{started}");
    assert_eq!(started["deadlines"]["clock_stopped"], true);
    assert_eq!(
        started["deadlines"]["promised"]["due"],
        serde_json::Value::Null
    );
    let (_, detail) = api_case(&person, &id).await;
    assert_eq!(detail["suspensions"][0]["special_procedure_code"], "1");

    clock.set("2026-03-05");
    let (status, ended) = api_act(
        &clerk,
        zj,
        &id,
        json!({
            "action": "end_special_procedure", "expected_version": started["version"]
        }),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{ended}");
    // Three working days (03-03 to 03-05) are not counted.
    assert_eq!(ended["deadlines"]["promised"]["due"], "2026-03-12");
    assert_eq!(ended["deadlines"]["statutory"]["due"], "2026-04-02");

    let (status, withdrawn) = person
        .browser
        .api(
            client
                .post(format!("{zj}/api/cases/{id}/withdraw"))
                .json(&json!({ "reason": "不再需要" })),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{withdrawn}");
    assert_eq!(withdrawn["status"]["code"], "withdrawn");
    assert_eq!(withdrawn["closed_on"], "2026-03-05");
    let (status, again) = person
        .browser
        .api(
            client
                .post(format!("{zj}/api/cases/{id}/withdraw"))
                .json(&json!({})),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "{again}");
    assert!(
        again["error"]["message"]["zh-CN"]
            .as_str()
            .unwrap()
            .contains("已撤回")
    );
    drop(clock);
}

#[tokio::test]
async fn openapi_describes_the_case_endpoints() {
    let zj = &demo().zj;

    let document: serde_json::Value = reqwest::get(format!("{zj}/api/openapi.json"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();

    let paths = &document["paths"];
    for (path, method) in [
        ("/api/cases", "get"),
        ("/api/cases", "post"),
        ("/api/cases/{case_id}", "get"),
        ("/api/cases/{case_id}/form", "put"),
        ("/api/cases/{case_id}/materials", "post"),
        ("/api/cases/{case_id}/materials/{material_id}", "get"),
        ("/api/cases/{case_id}/materials/{material_id}", "delete"),
        ("/api/cases/{case_id}/submit", "post"),
        ("/api/cases/{case_id}/correction", "post"),
        ("/api/cases/{case_id}/withdraw", "post"),
        ("/api/staff/cases", "get"),
        ("/api/staff/cases/{case_id}", "get"),
        ("/api/staff/cases/{case_id}/actions", "post"),
        ("/api/staff/cases/{case_id}/materials/{material_id}", "get"),
    ] {
        assert!(paths[path][method].is_object(), "{method} {path}");
    }
    assert!(
        paths["/api/cases/{case_id}/materials"]["post"]["requestBody"]["content"]
            ["multipart/form-data"]
            .is_object()
    );
    let schemas = &document["components"]["schemas"];
    assert!(schemas["CaseFileJson"]["properties"]["sm3"].is_object());
    assert!(
        schemas["MaterialJson"]["properties"]["copy_count"].is_object(),
        "the guide's materials keep their schema"
    );
    assert!(schemas["StepRequestJson"]["properties"]["expected_version"].is_object());
    assert!(schemas["StepRecordJson"]["properties"]["status_code"].is_object());
    assert!(
        document["info"]["description"]
            .as_str()
            .unwrap()
            .contains("X-Requested-With: tongban")
    );
}
