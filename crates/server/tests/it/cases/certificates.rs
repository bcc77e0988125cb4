//! An e-certificate end to end at the demo's 广东 node: approval issues it, the holder lists
//! and downloads it at 广东 and sees it in the wallet at 浙江, it verifies online at the node
//! and the hub and offline, a clerk revokes it and verification reports the revocation with
//! the reason.
//!
//! The 广东 node's cases run on the real clock here, because its seal is certified from the
//! moment the demo started and cannot sign on the fixed day of the other walks.

use std::time::Duration;

use reqwest::StatusCode;
use serde_json::{Value, json};
use tongban_certificates::trust_file::{SavedTrustList, load_trust_file};
use tongban_certificates::verify_qr;

use super::demo;
use super::flows::api_act;
use super::support::{Browser, Multipart, Person, clerk_browser, pdf};

/// How long the demo may take to have the 广东 seal certified and listed.
const SEAL_WAIT: Duration = Duration::from_secs(30);

/// How long a change may take to reach the hub's certificate index through the passage.
const INDEX_WAIT: Duration = Duration::from_secs(10);

/// Creates, fills in and submits an energy review at 广东 through the API; returns its id.
pub(super) async fn gd_energy_case(person: &Person) -> String {
    let gd = &demo().gd;
    let browser = &person.browser;
    let client = browser.client();
    let (status, created) = browser
        .api(
            client
                .post(format!("{gd}/api/cases"))
                .json(&json!({ "implementation_id": "gd-energy-review" })),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    let id = created["id"].as_str().unwrap().to_owned();
    let (status, saved) = browser
        .api(
            client
                .put(format!("{gd}/api/cases/{id}/form"))
                .json(&json!({
                    "values": {
                        "project_name": "年产10万吨锂电池材料项目",
                        "project_location": "广州市南沙区",
                        "annual_energy_tce": "8800",
                        "contact_phone": "13800138000"
                    }
                })),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{saved}");
    assert!(
        saved["errors"].as_array().is_none_or(Vec::is_empty),
        "{saved}"
    );
    for material in ["申请书", "节能报告"] {
        let (content_type, bytes) = Multipart::new()
            .text("material", material)
            .file("file", "scan.pdf", "application/pdf", &pdf(material))
            .into_parts();
        let (status, uploaded) = browser
            .api(
                client
                    .post(format!("{gd}/api/cases/{id}/materials"))
                    .header(reqwest::header::CONTENT_TYPE, content_type)
                    .body(bytes),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{uploaded}");
    }
    let (status, submitted) = browser
        .api(client.post(format!("{gd}/api/cases/{id}/submit")))
        .await;
    assert_eq!(status, StatusCode::OK, "{submitted}");
    id
}

/// Takes `action` on case `id` at 广东, with the case's current version.
pub(super) async fn gd_act(
    clerk: &Browser,
    id: &str,
    action: &str,
    reason: Option<&str>,
) -> (StatusCode, Value) {
    let gd = &demo().gd;
    let (_, case) = clerk
        .api(clerk.client().get(format!("{gd}/api/staff/cases/{id}")))
        .await;
    let version = case["case"]["version"].as_i64().unwrap();
    api_act(
        clerk,
        gd,
        id,
        json!({ "action": action, "reason": reason, "expected_version": version }),
    )
    .await
}

/// Fetches the hub's key and trust list and returns the file `tongban cert trust-list save`
/// writes.
async fn saved_trust_list() -> String {
    let hub = &demo().hub;
    let client = reqwest::Client::new();
    let key: Value = client
        .get(format!("{hub}/api/federation/hub-key"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let list = client
        .get(format!("{hub}/api/federation/trust-list"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    serde_json::to_string(&SavedTrustList {
        hub_id: key["hub_id"].as_str().unwrap().to_owned(),
        hub_public_key: key["public_key"].as_str().unwrap().to_owned(),
        trust_list: list,
    })
    .unwrap()
}

/// Verifies `input` at the hub until its `result` is `expected` or [`INDEX_WAIT`] passed;
/// returns the last answer.
async fn verify_at_hub_until(input: &str, expected: &str) -> Value {
    let hub = &demo().hub;
    let started = std::time::Instant::now();
    loop {
        let answer: Value = reqwest::Client::new()
            .post(format!("{hub}/api/certificates/verify"))
            .json(&json!({ "input": input }))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        if answer["result"] == expected || started.elapsed() > INDEX_WAIT {
            return answer;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// Verifies `input` through the 广东 node's public API.
async fn verify_online(input: &str) -> Value {
    let gd = &demo().gd;
    let response = reqwest::Client::new()
        .post(format!("{gd}/api/certificates/verify"))
        .json(&json!({ "input": input }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    response.json().await.unwrap()
}

#[tokio::test]
async fn certificate_from_approval_to_revocation() {
    let gd = &demo().gd;
    demo().gd_clock.release();
    let person = Person::register_at_hub("林证", "en").await;
    let landed = person
        .browser
        .open(&format!("{gd}/login?return_to=/cases"))
        .await;
    assert_eq!(landed.url, format!("{gd}/cases"), "{}", landed.body);
    let clerk = clerk_browser(gd, "gd-clerk", &demo().gd_clerk_password).await;

    // Arrange: a case up to the decision.
    let id = gd_energy_case(&person).await;
    for action in ["accept", "start_review"] {
        let (status, body) = gd_act(&clerk, &id, action, None).await;
        assert_eq!(status, StatusCode::OK, "{action}: {body}");
    }

    // Act: approve, waiting for the demo to have the seal certified if it has not yet.
    let started = std::time::Instant::now();
    let approved = loop {
        let (status, body) = gd_act(&clerk, &id, "approve", Some("同意该项目节能审查")).await;
        if status != StatusCode::CONFLICT || started.elapsed() > SEAL_WAIT {
            break (status, body);
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
    };
    assert_eq!(approved.0, StatusCode::OK, "{}", approved.1);

    // The holder's wallet lists it; the PDF and the QR code download.
    let client = person.browser.client();
    let (status, wallet) = person
        .browser
        .api(client.get(format!("{gd}/api/certificates")))
        .await;
    assert_eq!(status, StatusCode::OK, "{wallet}");
    let certificate = wallet["certificates"]
        .as_array()
        .unwrap()
        .iter()
        .find(|certificate| certificate["case_id"] == id.as_str())
        .expect("the wallet lists the new certificate")
        .clone();
    let certificate_id = certificate["id"].as_str().unwrap().to_owned();
    assert_eq!(certificate["status"], "valid");
    assert!(
        certificate["valid_until_beijing"]
            .as_str()
            .unwrap()
            .ends_with("23:59:59+08:00"),
        "{certificate}"
    );
    let pdf = client
        .get(format!("{gd}{}", certificate["pdf_url"].as_str().unwrap()))
        .send()
        .await
        .unwrap();
    assert_eq!(pdf.status(), StatusCode::OK);
    let bytes = pdf.bytes().await.unwrap();
    assert!(bytes.starts_with(b"%PDF"), "not a PDF");
    let embedded = tongban_certificates::embedded::find_document_in_pdf(&bytes).unwrap();
    assert_eq!(embedded.metadata["id"], certificate_id.as_str());
    let page = person.browser.open(&format!("{gd}/certificates")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body.contains("固定资产投资项目节能审查意见"),
        "{}",
        page.body
    );
    let path = tongban_web::catalog::encode_path_segment(&certificate_id);
    let qr = client
        .get(format!("{gd}/certificates/{path}/qr.svg"))
        .send()
        .await
        .unwrap();
    assert_eq!(qr.status(), StatusCode::OK);
    assert!(qr.text().await.unwrap().contains("<svg"));

    // Another person gets 404 for it.
    let stranger = Person::register_at_hub("路人", "en").await;
    stranger
        .browser
        .open(&format!("{gd}/login?return_to=/cases"))
        .await;
    let (status, _) = stranger
        .browser
        .api(
            stranger
                .browser
                .client()
                .get(format!("{gd}/api/certificates/{path}")),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let visit = stranger
        .browser
        .open(&format!("{gd}/certificates/{path}"))
        .await;
    assert_eq!(visit.status, StatusCode::NOT_FOUND);

    // Verified online at the node and offline against the saved trust list.
    let payload = certificate["qr_payload"].as_str().unwrap().to_owned();
    let online = verify_online(&payload).await;
    assert_eq!(online["result"], "valid", "{online}");
    assert_eq!(online["issued_here"], true);
    let saved = saved_trust_list().await;
    let loaded = load_trust_file(&saved, None).unwrap();
    let offline = verify_qr(&loaded.seals, &payload, chrono::Utc::now()).unwrap();
    assert_eq!(offline.id, certificate_id);
    let at_hub = verify_at_hub_until(&payload, "valid").await;
    assert_eq!(at_hub["result"], "valid", "{at_hub}");

    // The wallet of another portal lists it from the hub's index.
    let zj = &demo().zj;
    person
        .browser
        .open(&format!("{zj}/login?return_to=/cases"))
        .await;
    let wallet = person.browser.open(&format!("{zj}/certificates")).await;
    assert_eq!(wallet.status, StatusCode::OK);
    assert!(
        wallet.body.contains(&format!("{gd}/certificates/{path}")),
        "{}",
        wallet.body
    );

    // The clerk's list shows it with the revoke and cancel form.
    let listed = clerk.open(&format!("{gd}/staff/certificates")).await;
    assert_eq!(listed.status, StatusCode::OK);
    assert!(listed.body.contains(&certificate_id), "{}", listed.body);
    assert!(
        listed.body.contains("class=\"end-form\""),
        "{}",
        listed.body
    );

    // A clerk revokes it with a reason; verification reports it.
    let (status, revoked) = clerk
        .api(
            clerk
                .client()
                .post(format!("{gd}/api/staff/certificates/{path}/status"))
                .json(&json!({ "status": "revoked", "reason": "项目未按审查意见建设" })),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{revoked}");
    assert_eq!(revoked["status"], "revoked");
    let online = verify_online(&payload).await;
    assert_eq!(online["result"], "revoked", "{online}");
    assert_eq!(online["valid"], false);
    assert_eq!(online["status_reason"], "项目未按审查意见建设");
    assert!(
        online["message"]["en"]
            .as_str()
            .unwrap()
            .contains("项目未按审查意见建设"),
        "{online}"
    );
    let at_hub = verify_at_hub_until(&payload, "revoked").await;
    assert_eq!(at_hub["result"], "revoked", "{at_hub}");
    assert_eq!(at_hub["status_reason"], "项目未按审查意见建设");
    let page = Browser::new()
        .post_multipart(
            &format!("{gd}/verify"),
            Multipart::new().text("input", &payload),
        )
        .await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(
        page.body.contains("data-result=\"revoked\""),
        "{}",
        page.body
    );
}

/// Input that holds no certificate shows the verification form again with the reason, in the
/// page's language, and keeps what was pasted.
#[tokio::test]
async fn unreadable_input_keeps_the_form() {
    let gd = &demo().gd;
    let browser = Browser::new();

    let empty = browser
        .post_multipart(
            &format!("{gd}/verify"),
            Multipart::new().text("input", "   "),
        )
        .await;
    assert_eq!(empty.status, StatusCode::BAD_REQUEST, "{}", empty.body);
    assert!(empty.body.contains("id=\"verify-error\""), "{}", empty.body);
    assert!(empty.body.contains("id=\"verify-form\""), "{}", empty.body);

    let plain_pdf = browser
        .post_multipart(
            &format!("{gd}/verify?lang=en"),
            Multipart::new().text("input", "kept text").file(
                "file",
                "letter.pdf",
                "application/pdf",
                &pdf("a letter"),
            ),
        )
        .await;
    assert_eq!(
        plain_pdf.status,
        StatusCode::BAD_REQUEST,
        "{}",
        plain_pdf.body
    );
    assert!(
        plain_pdf.body.contains("<html lang=\"en\">"),
        "{}",
        plain_pdf.body
    );
    assert!(
        plain_pdf.body.contains("id=\"verify-error\""),
        "{}",
        plain_pdf.body
    );
    assert!(
        plain_pdf.body.contains(">kept text</textarea>"),
        "{}",
        plain_pdf.body
    );
}
