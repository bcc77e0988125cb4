//! Who may reach which case: another person, a clerk of another node, an applicant at the
//! clerk endpoints, and requests from other sites without the CSRF token or header. Every
//! refusal leaves the case as it was.

use reqwest::StatusCode;
use serde_json::json;

use super::demo;
use super::flows::{api_act, api_case, api_clerk_case, api_energy_draft, api_submit};
use super::support::{Browser, Multipart, Person, clerk_browser, hidden_value, zj_clerk};

#[tokio::test]
async fn people_cannot_reach_each_others_cases() {
    let zj = &demo().zj;
    let owner = Person::register("陈晨", "zh-CN").await;
    let other = Person::register("林森", "en").await;
    let id = api_energy_draft(&owner).await;
    let submitted = api_submit(&owner, &id).await;
    let (_, detail) = api_case(&owner, &id).await;
    let material = detail["materials"][0]["id"].as_str().unwrap().to_owned();
    let client = other.browser.client();

    // Pages: the case, its file and its forms are not found for anyone else.
    for path in [
        format!("/cases/{id}"),
        format!("/cases/{id}/materials/{material}"),
        format!("/cases/{id}/materials/{material}?download=1"),
        "/cases/case-AAAAAAAAAAAAAAAAAAAAAA".to_owned(),
    ] {
        let visit = other.browser.open(&format!("{zj}{path}")).await;
        assert_eq!(visit.status, StatusCode::NOT_FOUND, "{path}");
    }
    let own_page = other.browser.open(&format!("{zj}/cases")).await;
    let csrf = hidden_value(&own_page.body, "csrf").unwrap();
    let withdraw = other
        .browser
        .post(&format!("{zj}/cases/{id}/withdraw"), &[("csrf", &csrf)])
        .await;
    assert_eq!(withdraw.status, StatusCode::NOT_FOUND);
    let answer = other
        .browser
        .post_multipart(
            &format!("{zj}/cases/{id}/correction"),
            Multipart::new().text("csrf", &csrf),
        )
        .await;
    assert_eq!(answer.status, StatusCode::NOT_FOUND);
    let hijack = other
        .browser
        .post_multipart(
            &format!("{zj}/services/zj-energy-review/apply"),
            Multipart::new()
                .text("csrf", &csrf)
                .text("case_id", &id)
                .text("intent", "submit"),
        )
        .await;
    assert_eq!(hijack.status, StatusCode::NOT_FOUND);

    // The API alike.
    let (status, _) = api_case(&other, &id).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    for (method, path) in [
        ("GET", format!("/api/cases/{id}/materials/{material}")),
        ("POST", format!("/api/cases/{id}/withdraw")),
        ("POST", format!("/api/cases/{id}/submit")),
        ("DELETE", format!("/api/cases/{id}/materials/{material}")),
    ] {
        let request = client
            .request(method.parse().unwrap(), format!("{zj}{path}"))
            .header("content-type", "application/json")
            .body("{}");
        let (status, body) = other.browser.api(request).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{method} {path}: {body}");
        assert!(body["error"]["message"]["zh-CN"].is_string());
    }

    // Nothing changed.
    let (_, after) = api_case(&owner, &id).await;
    assert_eq!(after["case"]["version"], submitted["version"]);
    assert_eq!(after["case"]["status"]["code"], "submitted");
    assert_eq!(after["materials"].as_array().unwrap().len(), 2);
}

#[tokio::test]
async fn clerks_of_another_node_cannot_reach_a_case() {
    let (zj, gd) = (&demo().zj, &demo().gd);
    let person = Person::register("郑直", "zh-CN").await;
    let id = api_energy_draft(&person).await;
    let submitted = api_submit(&person, &id).await;
    let (_, detail) = api_case(&person, &id).await;
    let material = detail["materials"][0]["id"].as_str().unwrap().to_owned();
    let elsewhere = clerk_browser(gd, "gd-clerk", &demo().gd_clerk_password).await;

    for path in [
        format!("/staff/cases/{id}"),
        format!("/staff/cases/{id}/materials/{material}"),
    ] {
        let visit = elsewhere.open(&format!("{gd}{path}")).await;
        assert_eq!(visit.status, StatusCode::NOT_FOUND, "{path}");
    }
    let home = elsewhere.open(&format!("{gd}/staff")).await;
    let csrf = hidden_value(&home.body, "csrf").unwrap();
    let version = submitted["version"].to_string();
    let act = elsewhere
        .post(
            &format!("{gd}/staff/cases/{id}/act"),
            &[("csrf", &csrf), ("action", "accept"), ("version", &version)],
        )
        .await;
    assert_eq!(act.status, StatusCode::NOT_FOUND);
    let (status, _) = api_clerk_case(&elsewhere, gd, &id).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = api_act(
        &elsewhere,
        gd,
        &id,
        json!({
            "action": "accept", "expected_version": submitted["version"]
        }),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // Its own queue does not list it, and at 浙江 the case is as it was.
    let (_, queue) = elsewhere
        .api(
            elsewhere
                .client()
                .get(format!("{gd}/api/staff/cases?limit=500")),
        )
        .await;
    assert!(
        !queue["cases"]
            .as_array()
            .unwrap()
            .iter()
            .any(|case| case["id"] == id.as_str())
    );
    let (_, after) = api_clerk_case(&zj_clerk().await, zj, &id).await;
    assert_eq!(after["case"]["version"], submitted["version"]);
    assert_eq!(after["case"]["status"]["code"], "submitted");
}

#[tokio::test]
async fn applicants_cannot_use_clerk_endpoints() {
    let zj = &demo().zj;
    let person = Person::register("何平", "zh-CN").await;
    let id = api_energy_draft(&person).await;
    let submitted = api_submit(&person, &id).await;
    let client = person.browser.client();

    let (status, queue) = person
        .browser
        .api(client.get(format!("{zj}/api/staff/cases")))
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "{queue}");
    let (status, _) = api_clerk_case(&person.browser, zj, &id).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (status, _) = api_act(
        &person.browser,
        zj,
        &id,
        json!({
            "action": "accept", "expected_version": submitted["version"]
        }),
    )
    .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let page = person.browser.open(&format!("{zj}/staff/cases/{id}")).await;
    assert_eq!(page.url, format!("{zj}/staff/login"));

    let (_, after) = api_case(&person, &id).await;
    assert_eq!(after["case"]["version"], submitted["version"]);
}

#[tokio::test]
async fn requests_without_csrf_proof_are_rejected() {
    let zj = &demo().zj;
    let person = Person::register("罗兰", "zh-CN").await;
    let id = api_energy_draft(&person).await;
    let (_, before) = api_case(&person, &id).await;
    let client = person.browser.client();

    // The API without its header, as a form of another site would post.
    let response = client
        .post(format!("{zj}/api/cases/{id}/submit"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    let body: serde_json::Value = response.json().await.unwrap();
    assert!(
        body["error"]["message"]["en"]
            .as_str()
            .unwrap()
            .contains("X-Requested-With")
    );
    assert!(
        body["error"]["message"]["zh-CN"]
            .as_str()
            .unwrap()
            .contains("X-Requested-With")
    );
    let response = client
        .post(format!("{zj}/api/cases"))
        .header("content-type", "text/plain")
        .body(r#"{"implementation_id":"zj-energy-review"}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::FORBIDDEN);

    // A page form with a token of another session.
    let foreign = Browser::new();
    let form = foreign.open(&format!("{zj}/staff/login")).await;
    let token = hidden_value(&form.body, "csrf").unwrap();
    let withdraw = person
        .browser
        .post(&format!("{zj}/cases/{id}/withdraw"), &[("csrf", &token)])
        .await;
    assert_eq!(withdraw.status, StatusCode::BAD_REQUEST);
    let apply = person
        .browser
        .post_multipart(
            &format!("{zj}/services/zj-energy-review/apply"),
            Multipart::new()
                .text("case_id", &id)
                .text("intent", "submit"),
        )
        .await;
    assert_eq!(apply.status, StatusCode::BAD_REQUEST);

    // The clerk API needs the header too.
    let clerk = zj_clerk().await;
    let response = clerk
        .client()
        .post(format!("{zj}/api/staff/cases/{id}/actions"))
        .json(&json!({ "action": "accept", "expected_version": 1 }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::FORBIDDEN);

    let (_, after) = api_case(&person, &id).await;
    assert_eq!(after["case"]["version"], before["case"]["version"]);
    assert_eq!(after["case"]["status"]["code"], "draft");
}

/// A legal person registered at the hub by the tests' agent.
const COMPANY: &str = "9136020068H899240K";

/// Chooses at the hub whom `person` acts for: the legal person `credit_code`, or themselves
/// when empty.
async fn act_for(person: &Person, credit_code: &str) {
    let hub = &demo().hub;
    let page = person.browser.open(&format!("{hub}/account/acting")).await;
    let csrf = hidden_value(&page.body, "csrf").unwrap();
    let chosen = person
        .browser
        .post(
            &format!("{hub}/account/acting"),
            &[("csrf", &csrf), ("acting_for", credit_code)],
        )
        .await;
    assert_eq!(chosen.first, StatusCode::SEE_OTHER, "{}", chosen.body);
}

#[tokio::test]
async fn agents_apply_for_a_legal_person() {
    let (hub, zj) = (&demo().hub, &demo().zj);
    let agent = Person::register_at_hub("许可", "zh-CN").await;
    let account = agent.browser.open(&format!("{hub}/account")).await;
    let csrf = hidden_value(&account.body, "csrf").unwrap();
    let registered = agent
        .browser
        .post(
            &format!("{hub}/account/legal-persons"),
            &[
                ("csrf", &csrf),
                ("credit_code", COMPANY),
                ("legal_person_name", "景德镇瓷业有限公司"),
            ],
        )
        .await;
    assert_eq!(
        registered.first,
        StatusCode::SEE_OTHER,
        "{}",
        registered.body
    );
    act_for(&agent, COMPANY).await;
    agent.log_in_at_zj().await;

    // The form shows whom the agent applies for, and the case is the company's.
    let form = agent
        .browser
        .open(&format!("{zj}/services/zj-energy-review/apply"))
        .await;
    assert!(
        form.body
            .contains("id=\"identity-acting-for\">景德镇瓷业有限公司（9136020068H899240K）"),
        "{}",
        form.body
    );
    let id = api_energy_draft(&agent).await;
    let submitted = api_submit(&agent, &id).await;
    assert_eq!(submitted["applicant"]["acting_for"]["credit_code"], COMPANY);
    let clerk = zj_clerk().await;
    let queue = clerk
        .open(&format!("{zj}/staff/cases?status=submitted"))
        .await;
    assert!(queue.body.contains("景德镇瓷业有限公司（许可）"));

    // Acting for themselves again, the agent no longer reaches the company's case.
    act_for(&agent, "").await;
    agent.log_in_at_zj().await;
    let (status, _) = api_case(&agent, &id).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let page = agent.browser.open(&format!("{zj}/cases/{id}")).await;
    assert_eq!(page.status, StatusCode::NOT_FOUND);
    let (_, mine) = agent
        .browser
        .api(agent.browser.client().get(format!("{zj}/api/cases")))
        .await;
    assert!(
        !mine["cases"]
            .as_array()
            .unwrap()
            .iter()
            .any(|case| case["id"] == id.as_str())
    );
}
