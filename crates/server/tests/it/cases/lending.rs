//! Lending an e-certificate to a case at another node (用证): a person has the energy review
//! opinion that 广东 issued, applies at 浙江 for the item whose feasibility material it
//! proves, chooses it instead of uploading and submits; 浙江 fetches it from 广东 through the
//! passage, checks seal and status, and its clerk sees the outcome on the case.

use std::time::Duration;

use reqwest::StatusCode;
use serde_json::{Value, json};

use super::certificates::{gd_act, gd_energy_case};
use super::demo;
use super::support::{Browser, Multipart, Person, clerk_browser, hidden_value, pdf};

/// How long the demo may take to have the 广东 seal certified and listed.
const SEAL_WAIT: Duration = Duration::from_secs(30);

/// How long a certificate may take to reach the hub's index, and a lent certificate to come
/// back through the passage and be checked.
const PASSAGE_WAIT: Duration = Duration::from_secs(20);

/// The 浙江 item with a material that 广东's energy review opinion proves.
const ITEM: &str = "zj-religious-building";

/// The material the certificate stands for.
const LENT_MATERIAL: &str = "拟改建或者新建建筑物的设计草图、位置图、效果图及可行性报告";

/// The other materials of the item, uploaded as files.
const UPLOADED_MATERIALS: [&str; 4] = [
    "申请书（内容包括拟改建或者新建建筑物的项目说明及理由等）",
    "宗教活动场所管理组织集体研究同意的书面材料",
    "有权改建或者新建建筑物的材料",
    "建设资金说明",
];

/// Registers `name`, has an energy review approved for them at 广东 and returns the person
/// and the identifier of the certificate it issued.
async fn holder_with_certificate(name: &str) -> (Person, String) {
    let gd = &demo().gd;
    demo().gd_clock.release();
    let person = Person::register_at_hub(name, "en").await;
    let landed = person
        .browser
        .open(&format!("{gd}/login?return_to=/cases"))
        .await;
    assert_eq!(landed.url, format!("{gd}/cases"), "{}", landed.body);

    let clerk = clerk_browser(gd, "gd-clerk", &demo().gd_clerk_password).await;
    let id = gd_energy_case(&person).await;
    for action in ["accept", "start_review"] {
        let (status, body) = gd_act(&clerk, &id, action, None).await;
        assert_eq!(status, StatusCode::OK, "{action}: {body}");
    }
    let started = std::time::Instant::now();
    let approved = loop {
        let (status, body) = gd_act(&clerk, &id, "approve", Some("同意该项目节能审查")).await;
        if status != StatusCode::CONFLICT || started.elapsed() > SEAL_WAIT {
            break (status, body);
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
    };
    assert_eq!(approved.0, StatusCode::OK, "{}", approved.1);

    let (status, wallet) = person
        .browser
        .api(
            person
                .browser
                .client()
                .get(format!("{gd}/api/certificates")),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{wallet}");
    let certificate_id = wallet["certificates"]
        .as_array()
        .unwrap()
        .iter()
        .find(|certificate| certificate["case_id"] == id.as_str())
        .expect("the wallet lists the new certificate")["id"]
        .as_str()
        .unwrap()
        .to_owned();
    person.log_in_at_zj().await;
    (person, certificate_id)
}

/// Creates a draft of [`ITEM`] at 浙江 with its form filled in and every material but the
/// lent one uploaded; returns its id.
async fn zj_draft(person: &Person) -> String {
    let zj = &demo().zj;
    let browser = &person.browser;
    let client = browser.client();
    let (status, created) = browser
        .api(
            client
                .post(format!("{zj}/api/cases"))
                .json(&json!({ "implementation_id": ITEM })),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    let id = created["id"].as_str().unwrap().to_owned();
    let (status, saved) = browser
        .api(
            client
                .put(format!("{zj}/api/cases/{id}/form"))
                .json(&json!({
                    "values": { "venue_name": "灵隐寺", "floor_area_m2": "320" }
                })),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{saved}");
    for material in UPLOADED_MATERIALS {
        let (content_type, bytes) = Multipart::new()
            .text("material", material)
            .file("file", "scan.pdf", "application/pdf", &pdf(material))
            .into_parts();
        let (status, uploaded) = browser
            .api(
                client
                    .post(format!("{zj}/api/cases/{id}/materials"))
                    .header(reqwest::header::CONTENT_TYPE, content_type)
                    .body(bytes),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{material}: {uploaded}");
    }
    id
}

/// Lends `certificate_id` to the feasibility material of case `id`, waiting for the
/// certificate to reach the hub's index; returns the last response.
async fn lend(person: &Person, id: &str, certificate_id: &str) -> (StatusCode, Value) {
    let zj = &demo().zj;
    let started = std::time::Instant::now();
    loop {
        let answer = person
            .browser
            .api(
                person
                    .browser
                    .client()
                    .post(format!("{zj}/api/cases/{id}/certificates"))
                    .json(&json!({ "material": LENT_MATERIAL, "certificate_id": certificate_id })),
            )
            .await;
        if answer.0 != StatusCode::UNPROCESSABLE_ENTITY || started.elapsed() > PASSAGE_WAIT {
            return answer;
        }
        tokio::time::sleep(Duration::from_millis(300)).await;
    }
}

/// Chooses `certificate_id` on the application form of the draft, as a browser does, once
/// the form offers it; returns the form shown after saving.
async fn lend_on_page(person: &Person, certificate_id: &str) -> String {
    let zj = &demo().zj;
    let form_url = format!("{zj}/services/{ITEM}/apply");
    let started = std::time::Instant::now();
    let form = loop {
        let form = person.browser.open(&form_url).await;
        assert_eq!(form.status, StatusCode::OK, "{}", form.body);
        if form.body.contains(certificate_id) || started.elapsed() > PASSAGE_WAIT {
            break form;
        }
        tokio::time::sleep(Duration::from_millis(300)).await;
    };
    let select = form
        .body
        .split("<select id=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("the form has a certificate select")
        .to_owned();
    let saved = person
        .browser
        .post_multipart(
            &form_url,
            Multipart::new()
                .text("csrf", &hidden_value(&form.body, "csrf").unwrap())
                .text("case_id", &hidden_value(&form.body, "case_id").unwrap())
                .text("field-venue_name", "灵隐寺")
                .text("field-floor_area_m2", "320")
                .text(&select, certificate_id)
                .text("intent", "save"),
        )
        .await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.body);
    saved.body
}

/// Reads case `id` as the 浙江 clerk until its lent certificate is checked; returns the case.
async fn checked_case(clerk: &Browser, id: &str) -> Value {
    let zj = &demo().zj;
    let started = std::time::Instant::now();
    loop {
        let (status, case) = clerk
            .api(clerk.client().get(format!("{zj}/api/staff/cases/{id}")))
            .await;
        assert_eq!(status, StatusCode::OK, "{case}");
        // Waits for the event too, which the detail reads after the loans.
        let checked = case["certificates"][0]["checked_at"].is_string();
        let recorded = case["history"].as_array().is_some_and(|history| {
            history
                .iter()
                .any(|event| event["action"] == "certificate_checked")
        });
        if (checked && recorded) || started.elapsed() > PASSAGE_WAIT {
            return case;
        }
        tokio::time::sleep(Duration::from_millis(300)).await;
    }
}

async fn submit(person: &Person, id: &str) {
    let zj = &demo().zj;
    let (status, submitted) = person
        .browser
        .api(
            person
                .browser
                .client()
                .post(format!("{zj}/api/cases/{id}/submit")),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{submitted}");
}

#[tokio::test]
async fn lent_certificate_satisfies_material() {
    // Arrange
    let (person, certificate_id) = holder_with_certificate("林用证").await;
    let id = zj_draft(&person).await;

    // Act
    let (status, loan) = lend(&person, &id, &certificate_id).await;
    assert_eq!(status, StatusCode::CREATED, "{loan}");
    assert_eq!(loan["status"], "chosen");
    assert_eq!(loan["issuer_node"], "gd");
    submit(&person, &id).await;

    // Assert
    let clerk = clerk_browser(&demo().zj, "zj-clerk", &demo().zj_clerk_password).await;
    let case = checked_case(&clerk, &id).await;
    let lent = &case["certificates"][0];
    assert_eq!(lent["certificate_id"], certificate_id.as_str(), "{case}");
    assert_eq!(lent["material"], LENT_MATERIAL);
    assert_eq!(lent["status"], "satisfied", "{case}");
    assert_eq!(lent["result"], "valid", "{case}");
    assert!(lent["issuer"].as_str().unwrap().contains("广东"), "{lent}");
    let history = case["history"].as_array().unwrap();
    assert!(
        history
            .iter()
            .any(|event| event["action"] == "certificate_checked"),
        "{case}"
    );
    let page = clerk.open(&format!("{}/staff/cases/{id}", demo().zj)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains(&certificate_id), "{}", page.body);
    assert!(
        page.body.contains("data-status=\"satisfied\""),
        "{}",
        page.body
    );
}

#[tokio::test]
async fn revoked_certificate_leaves_material_unsatisfied() {
    // Arrange: the certificate is chosen while valid and revoked before the case is submitted.
    let (person, certificate_id) = holder_with_certificate("林吊销").await;
    let id = zj_draft(&person).await;
    let saved = lend_on_page(&person, &certificate_id).await;
    assert!(saved.contains("selected>"), "{saved}");
    let gd = &demo().gd;
    let gd_clerk = clerk_browser(gd, "gd-clerk", &demo().gd_clerk_password).await;
    let path = tongban_web::catalog::encode_path_segment(&certificate_id);
    let (status, revoked) = gd_clerk
        .api(
            gd_clerk
                .client()
                .post(format!("{gd}/api/staff/certificates/{path}/status"))
                .json(&json!({ "status": "revoked", "reason": "项目未按审查意见建设" })),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{revoked}");

    // Act
    submit(&person, &id).await;

    // Assert
    let clerk = clerk_browser(&demo().zj, "zj-clerk", &demo().zj_clerk_password).await;
    let case = checked_case(&clerk, &id).await;
    let lent = &case["certificates"][0];
    assert_eq!(lent["status"], "not_satisfied", "{case}");
    assert_eq!(lent["result"], "revoked", "{case}");
    assert!(
        lent["reason"]
            .as_str()
            .unwrap_or_default()
            .contains("项目未按审查意见建设"),
        "{case}"
    );
}

#[tokio::test]
async fn another_persons_certificate_is_rejected() {
    // Arrange
    let (_holder, certificate_id) = holder_with_certificate("林持证").await;
    let other = Person::register("路人乙", "en").await;
    let id = zj_draft(&other).await;

    // Act
    let (status, answer) = other
        .browser
        .api(
            other
                .browser
                .client()
                .post(format!("{}/api/cases/{id}/certificates", demo().zj))
                .json(&json!({ "material": LENT_MATERIAL, "certificate_id": certificate_id })),
        )
        .await;

    // Assert
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{answer}");
    let text = answer.to_string();
    assert!(text.contains(LENT_MATERIAL), "{answer}");
    assert!(text.contains("not among your own certificates"), "{answer}");
    assert!(text.contains("不是您本人持有的"), "{answer}");
}
